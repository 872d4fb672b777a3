"""NumPy's element-wise math beyond the basics, compiled vs. NumPy on the same inputs: np.cbrt,
exp2, fabs, fmod, gcd, lcm, ldexp, logaddexp(2), logical_xor, nextafter, signbit, spacing,
float_power, heaviside, sinc, angle (deg=), isposinf, isneginf, divmod, frexp, modf (out=(o1, o2) too),
real, imag, iscomplex(obj), isreal(obj), isscalar.

Each function is compiled once and called on every dtype NumPy accepts (bool, int8..uint64,
float32/64, complex), on C/F/strided/negative-stride/0-d/empty arrays, broadcast pairs and
scalars, with NaN, inf, -0.0 and the integer extremes among the values. Results must have NumPy's
dtype and values: bit for bit where NumPy's loop is exact, within a few ulp where it calls libm.
"""
import linecache
import warnings

import numpy as np
import pytest

from impl import njit, TypingError

I64 = np.iinfo(np.int64)
FLOATS = [np.float32, np.float64]
# every width runs the same kernel code, so the narrowest and widest of each kind are tried
ALL = [np.bool_, np.int8, np.int64, np.uint8, np.uint64, np.float32, np.float64, np.complex64, np.complex128]
BINARY_DTYPES = [np.bool_, np.int8, np.int64, np.uint64, np.float32, np.float64, np.complex128]
DIVMOD_DTYPES = [np.int8, np.uint64, np.float32, np.float64]    # the rest is np.floor_divide's, np.remainder's


def values(dtype):
    """Edge values of `dtype`: extremes, zeros of both signs, NaN and infinities."""
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return np.array([False, True, True, False])
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        small = [0, 1, 7, 12, 18, 150 % (info.max + 1), info.max]
        if dtype.kind == "i":
            small += [-1, -7, -18, info.min, info.min + 1]
        return np.array(small, dtype)
    real = [0.0, -0.0, 1.0, -1.0, 2.5, -7.25, 3.0, 1e-30, 1e30, np.inf, -np.inf, np.nan]
    if dtype.kind == "c":
        return np.array([complex(r, i) for r, i in zip(real, real[3:] + real[:3])], dtype)
    return np.array(real, dtype)


def layouts(dtype):
    """The same values in other memory layouts and shapes."""
    v = values(dtype)
    grid = np.resize(v, 12).reshape(3, 4)
    return [np.asfortranarray(grid), np.resize(v, 16)[::2], v[::-1], np.array(v[2]), v[:0]]


def _compiled(fn, arity, count, extra=""):
    """njit of `(fn(a0...), fn(a1...), ...)` over `count` argument groups of `arity`."""
    names = [[f"a{i}_{k}" for k in range(arity)] for i in range(count)]
    params = ", ".join(n for group in names for n in group)
    calls = "".join(f"np.{fn.__name__}({', '.join(g)}{extra}), " for g in names)
    namespace = {"np": np}
    source = f"def run({params}):\n    return ({calls})\n"
    filename = f"<numpy_math2 {fn.__name__} {arity}x{count}{extra}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)     # numjit reads the source via linecache
    return njit(namespace["run"])


def _want(fn, args, extra):
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = fn(*args, **extra)
        if any(np.asarray(w).dtype == np.float16 for w in (want if isinstance(want, tuple) else (want,))):
            # NumPy's float16 loop for small ints and bools: numjit (as numba) computes in float32
            args = [a.astype(np.float32) if np.asarray(a).dtype.kind in "biu" and np.ndim(a) else
                    (np.float32(a) if np.asarray(a).dtype.kind in "biu" else a) for a in args]
            want = fn(*args, **extra)
    return want


def _same(got, want, rtol, label):
    want_arr, got_arr = np.asarray(want), np.asarray(got)
    assert got_arr.shape == want_arr.shape, (label, got_arr.shape, want_arr.shape)
    if want_arr.dtype.kind == "c":
        _same(got_arr.real, want_arr.real, rtol, label)
        _same(got_arr.imag, want_arr.imag, rtol, label)
        return
    if want_arr.dtype.kind != "f":
        assert np.array_equal(got_arr, want_arr), (label, got, want)
        return
    nan = np.isnan(want_arr)
    assert np.array_equal(np.isnan(got_arr), nan), (label, got, want)
    g, w = got_arr[~nan].astype(np.float64), want_arr[~nan].astype(np.float64)
    if rtol:
        np.testing.assert_allclose(g, w, rtol=rtol, atol=0, err_msg=label)
    else:
        assert np.array_equal(g, w) and np.array_equal(np.signbit(g), np.signbit(w)), (label, got, want)


def check(fn, groups, rtol=0.0, **extra):
    """Compile fn once, call it on every argument group, compare each result with NumPy's."""
    arity = len(groups[0])
    kw = "".join(f", {k}={v!r}" for k, v in extra.items())
    compiled = _compiled(fn, arity, len(groups), kw)
    got = compiled(*[a for g in groups for a in g])
    ret = next(iter(compiled.overloads.values())).signature.return_type
    for i, (g, args) in enumerate(zip(got, groups)):
        want = _want(fn, args, extra)
        label = f"{fn.__name__}{tuple(np.asarray(a).dtype.name for a in args)}"
        results, wants = (g, want) if isinstance(want, tuple) else ((g,), (want,))
        item_types = ret.items[i].items if isinstance(want, tuple) else (ret.items[i],)
        for r, w, t in zip(results, wants, item_types):
            w_dtype = np.asarray(w).dtype
            if isinstance(r, np.ndarray):
                assert r.dtype == w_dtype, (label, r.dtype, w_dtype)
            else:                                  # a scalar result: its compiled type
                assert np.dtype(t.dtype) == w_dtype, (label, t, w_dtype)
            _same(r, w, 3e-7 if rtol and w_dtype in (np.float32, np.complex64) else rtol, label)


def _accepts(fn, *dtypes):
    """Whether NumPy's fn has a (non-object) loop for these dtypes (it raises TypeError if not)."""
    try:
        with np.errstate(all="ignore"):
            result = fn(*[values(d)[:1] for d in dtypes])
    except TypeError:
        return False
    return all(np.asarray(r).dtype != object for r in (result if isinstance(result, tuple) else (result,)))


def _supported(fn, dtypes, arity):
    return [d for d in dtypes if _accepts(fn, *[d] * arity)]


def unary_groups(fn, scalars):
    dtypes = _supported(fn, ALL, 1)
    main = np.float64 if np.float64 in dtypes else dtypes[-1]
    return [(values(d),) for d in dtypes] + [(a,) for a in layouts(main)] + [(s,) for s in scalars]


def binary_groups(fn, scalars):
    """Every pair of edge values (broadcast column by row) per dtype, mixed dtypes, layouts, scalars."""
    dtypes = _supported(fn, BINARY_DTYPES if fn is not np.divmod else DIVMOD_DTYPES, 2)
    if fn is np.float_power:     # complex powers of inf/nan differ from NumPy's (finite ones below)
        dtypes = [d for d in dtypes if np.dtype(d).kind != "c"]
    groups = [(values(d)[:, None], values(d)[None, :]) for d in dtypes]
    mixed = [(a, b) for a, b in [(np.int8, np.uint64), (np.uint8, np.int16), (np.float32, np.int64)]
             if _accepts(fn, a, b) and fn is not np.divmod]
    groups += [(values(a)[:, None], values(b)[None, :]) for a, b in mixed]
    main = np.float64 if np.float64 in dtypes else np.int64
    groups += [(a, a) for a in layouts(main)[::2]]
    return groups + list(scalars)


UNARY = [  # (function, relative tolerance where libm rounds, scalar arguments)
    (np.cbrt, 4e-16, [8.0, -27, np.float32(0.125)]),
    (np.exp2, 4e-16, [-2.5, 3, np.float32(0.5)]),
    (np.fabs, 0, [-2.5, -3, np.float32(-0.0)]),
    (np.signbit, 0, [-0.0, -3, np.float32(-1.0)]),
    (np.spacing, 0, [-1.0, 0.0, np.float32(1e30)]),
    (np.sinc, 4e-16, [0.0, 3, np.float32(0.25)]),
    (np.angle, 4e-16, [-2.0, -0.0, 1 - 1j, np.float32(-3.0)]),
    (np.isposinf, 0, [np.inf, 3, np.float32(-np.inf)]),
    (np.isneginf, 0, [-np.inf, 3, np.float32(-np.inf)]),
    (np.real, 0, [-2.0, 3, 1 - 2j, True]),
    (np.imag, 0, [-2.0, 3, 1 - 2j, np.float32(4)]),
    (np.iscomplex, 0, [-2.0, 3, 1 - 2j, 1 + 0j]),
    (np.isreal, 0, [-2.0, 3, 1 - 2j, 1 + 0j]),
    (np.frexp, 0, [-2.0, 3, np.float32(1e-40)]),
    (np.modf, 0, [-2.5, 3, np.float32(-0.0)]),
]


@pytest.mark.parametrize("fn, rtol, scalars", UNARY, ids=[u[0].__name__ for u in UNARY])
def test_unary(fn, rtol, scalars):
    check(fn, unary_groups(fn, scalars), rtol)


BINARY = [
    (np.fmod, 0, [(-7.0, 3), (np.int8(-128), np.int8(-1)), (I64.min, -1), (5, 0)]),
    (np.gcd, 0, [(I64.min, 0), (np.int8(-128), np.int8(6)), (-4, -6)]),
    (np.lcm, 0, [(I64.min, 1), (np.int8(100), np.int8(3)), (-4, 6), (0, 0)]),
    (np.logaddexp, 4e-16, [(1.0, 2), (np.float32(1), np.float32(-np.inf))]),
    (np.logaddexp2, 4e-16, [(1.0, 2), (np.float32(1), np.float32(1))]),
    (np.logical_xor, 0, [(1j, 0), (2.5, True), (0, 0.0)]),
    (np.nextafter, 0, [(1.0, 2), (np.float32(0), np.float32(-1)), (-0.0, 0.0)]),
    (np.float_power, 4e-16, [(2, -1), (-8.0, 1 / 3), (np.float32(2), 0.5), (1j, 2.5),
                             (np.array([1 + 2j, -3j, 0.5]), np.array([[2 - 1j], [0.5 + 0j]]))]),
    (np.heaviside, 0, [(0.0, 0.5), (-3, 1), (np.float32(0), np.float32(2))]),
    (np.divmod, 0, [(-7, 2), (I64.min, -1), (7, 0), (-7.0, 0.0), (np.float32(5.5), np.float32(-2))]),
]


@pytest.mark.parametrize("fn, rtol, scalars", BINARY, ids=[u[0].__name__ for u in BINARY])
def test_binary(fn, rtol, scalars):
    check(fn, binary_groups(fn, scalars), rtol)


def test_ldexp():
    """Float mantissas with every integer exponent dtype; exponents far past the float range."""
    exps = np.array([0, 1, -1, 3, 200, -200, 1100, -1100, 2**40, -2**40, I64.max, I64.min])
    groups = [(values(f)[:, None], exps.astype(i)[None, :]) for f in FLOATS for i in (np.int64, np.int32)]
    groups += [(values(np.float32), np.array([1, 200], np.int16)[:, None]), (np.arange(3), 2),
               (values(np.float64)[::-1], np.int8(3)), (1.5, 3), (np.float32(1), 200), (-0.0, 5)]
    check(np.ldexp, groups)


def test_angle_degrees():
    check(np.angle, [(values(np.complex128),), (values(np.float32)[::2],), (-1.0,), (1j,)], 4e-16, deg=True)
    check(np.angle, [(values(np.complex64), True), (values(np.float64), False), (-1.0, True)], 4e-16)


def test_object_predicates():
    """np.iscomplexobj / isrealobj / isscalar are decided by the argument's type."""
    @njit
    def f(a, c, x, z, s):
        return (np.iscomplexobj(a), np.iscomplexobj(c), np.iscomplexobj(x), np.iscomplexobj(z),
                np.isrealobj(a), np.isrealobj(c), np.isrealobj(x), np.isrealobj(z),
                np.isscalar(a), np.isscalar(x), np.isscalar(z), np.isscalar(s), np.isscalar((x, x)),
                np.isscalar(None))
    args = (np.ones(2), np.ones(2, np.complex64), 3, 1j, "s")
    a, c, x, z, s = args
    want = (np.iscomplexobj(a), np.iscomplexobj(c), np.iscomplexobj(x), np.iscomplexobj(z),
            np.isrealobj(a), np.isrealobj(c), np.isrealobj(x), np.isrealobj(z),
            np.isscalar(a), np.isscalar(x), np.isscalar(z), np.isscalar(s), np.isscalar((x, x)),
            np.isscalar(None))
    assert f(*args) == want


def test_fused_and_views():
    """The new ufuncs fuse into array expressions (one loop, broadcasting), and np.real / np.imag
    of a complex array are views that write through."""
    @njit
    def fused(a, b):
        return np.fmod(np.gcd(a, b) + 1, 3) * np.signbit(np.ldexp(1.0 - a, 2)) + np.logaddexp(a, b)

    @njit
    def parts(z):
        np.real(z)[0] = 9.0
        z.imag[1:] = -1.0
        return np.imag(z), np.real(z) + np.imag(z)

    a, b = np.arange(-3, 3).reshape(2, 3), np.array([4, -6, 0])
    np.testing.assert_allclose(fused(a, b), np.fmod(np.gcd(a, b) + 1, 3) * np.signbit(np.ldexp(1.0 - a, 2))
                               + np.logaddexp(a, b), rtol=1e-15)
    z, w = np.array([1 + 2j, 3 - 4j, 5j]), np.array([1 + 2j, 3 - 4j, 5j])
    im, total = parts(z)
    np.real(w)[0] = 9.0
    w.imag[1:] = -1.0
    assert np.array_equal(z, w) and np.array_equal(im, np.imag(w)) and np.array_equal(total, w.real + w.imag)


def test_refused():
    """Dtypes NumPy has no loop for are typing errors at the call (NumPy raises TypeError)."""
    from numjit.errors import TypingError
    for fn, args in [(np.gcd, (1.5, 2)), (np.fmod, (1j, 1j)), (np.isposinf, (1j,)), (np.spacing, (1j,)),
                     (np.ldexp, (np.ones(2, np.float32), np.ones(2, np.uint64))),
                     (np.frexp, (1j,))]:
        with pytest.raises(TypeError):
            fn(*args)
        with pytest.raises(TypingError, match=fn.__name__):
            _compiled(fn, len(args), 1)(*args)


def test_degree_conversions_on_scalars():
    """np.radians / degrees / deg2rad / rad2deg (Python-written kernels) work on scalars too."""
    @njit
    def f(x, y):
        return np.radians(x), np.degrees(x), np.deg2rad(y), np.rad2deg(y)
    for x, y in [(180.0, 3), (np.float32(-90.0), -2)]:
        got, want = f(x, y), (np.radians(x), np.degrees(x), np.deg2rad(y), np.rad2deg(y))
        np.testing.assert_allclose(got, [float(w) for w in want], rtol=1e-7 if isinstance(x, np.float32) else 1e-15)


def two_outs(a, b, o1, o2, o3, i1):
    np.divmod(a, b, out=(o1, o2))
    m = np.modf(a[0], out=(o3[0], o3[1]))
    m[1][0] += 0.25                                   # the results are the out arrays themselves
    np.frexp(a[1], out=(o3[1], i1[1]))
    return o1, o2, o3, i1


@pytest.mark.numjit_only                    # numba 0.68: no out= on np.divmod / modf / frexp
def test_two_result_ufuncs_into_out():
    a = np.array([[1.5, -2.25, 7.0], [0.5, -0.0, -9.5]])
    for b in (np.array([2.0, -1.5, 3.0]), np.asfortranarray(a[::-1]) + 3):
        got = [np.zeros((2, 3)) for _ in range(3)] + [np.zeros((2, 3), np.int32)]
        want = [x.copy() for x in got]
        for g, e in zip(njit(two_outs)(a, b, *got), two_outs(a, b, *want)):
            np.testing.assert_array_equal(g, e)
        for g, e in zip(got, want):
            np.testing.assert_array_equal(g, e)
    with pytest.raises(TypingError, match="same_kind"):    # NumPy: UFuncTypeError, at the call
        njit(two_outs)(a, b, np.zeros((2, 3), np.int64), *got[1:])
