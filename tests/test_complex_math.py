"""Complex elementary functions compiled vs. NumPy and cmath: np.exp, np.sqrt, np.arcsin, ... on
complex scalars and arrays, and the cmath module, over a grid of special values (signed zeros,
inf, nan, huge, tiny, branch cuts) — equal within a few ulp, nan where the reference has nan,
zeros with the reference's sign.
"""
import cmath
import itertools
import math

import numpy as np
import pytest

from impl import njit, IS_NUMBA

PARTS = [0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, 1e-310, -1e300, 1e300, 710.0, math.inf, -math.inf, math.nan]
GRID = [complex(x, y) for x, y in itertools.product(PARTS, PARTS)]

NP_UNARY = ["exp", "log", "log10", "log2", "sqrt", "sin", "cos", "tan", "sinh", "cosh", "tanh", "arcsin",
            "arccos", "arctan", "arcsinh", "arccosh", "arctanh", "exp2", "expm1", "log1p", "absolute", "sign",
            "square", "isnan", "isinf", "isfinite"]
CMATH_UNARY = ["exp", "log", "sqrt", "sin", "cos", "tan", "sinh", "cosh", "tanh", "asin", "acos",
               "atan", "asinh", "acosh", "atanh", "phase", "isnan", "isinf", "isfinite"]


def np_all(z):
    return (np.exp(z), np.log(z), np.log10(z), np.log2(z), np.sqrt(z), np.sin(z), np.cos(z), np.tan(z),
            np.sinh(z), np.cosh(z), np.tanh(z), np.arcsin(z), np.arccos(z), np.arctan(z), np.arcsinh(z),
            np.arccosh(z), np.arctanh(z), np.exp2(z), np.expm1(z), np.log1p(z), np.absolute(z), np.sign(z),
            np.square(z), np.isnan(z), np.isinf(z), np.isfinite(z))


def cmath_all(z):
    return (cmath.exp(z), cmath.log(z), cmath.sqrt(z), cmath.sin(z), cmath.cos(z), cmath.tan(z),
            cmath.sinh(z), cmath.cosh(z), cmath.tanh(z), cmath.asin(z), cmath.acos(z), cmath.atan(z),
            cmath.asinh(z), cmath.acosh(z), cmath.atanh(z), cmath.phase(z), cmath.isnan(z), cmath.isinf(z),
            cmath.isfinite(z))


def _close_real(got, want, ulps, dtype):
    if math.isnan(want):
        return math.isnan(got)
    if got == want:
        return want != 0 or math.copysign(1, got) == math.copysign(1, want)
    if math.isinf(want) or math.isinf(got) or math.isnan(got):
        return False
    return abs(got - want) <= ulps * np.spacing(dtype.type(max(abs(got), abs(want))))


def close(got, want, ulps, dtype):
    """got equals want within `ulps` units in the last place of `dtype` (per part)."""
    if isinstance(want, (bool, np.bool_)):
        return bool(got) == bool(want)
    want, got = complex(want), complex(got)
    return _close_real(got.real, want.real, ulps, dtype) and _close_real(got.imag, want.imag, ulps, dtype)


def _mismatches(names, got, want, ulps, dtype, z):
    return [f"{n}({z!r}): {g!r} != {w!r}" for n, g, w in zip(names, got, want) if not close(g, w, ulps, dtype)]


@pytest.mark.parametrize("ctype", [np.complex128, np.complex64])
def test_numpy_ufuncs_on_complex_scalars_and_arrays(ctype):
    dtype = np.dtype(ctype).type(0).real.dtype
    ulps = 4 if ctype is np.complex128 else 2
    compiled = njit(np_all)
    bad = []
    with np.errstate(all="ignore"):
        for z in GRID:
            zz = ctype(z)
            bad += _mismatches(NP_UNARY, compiled(zz), np_all(zz), ulps, dtype, zz)
        # arrays: the same kernels over contiguous, empty and (complex128) strided operands; the
        # fused loop's layouts are tested elsewhere, and each layout is a compilation
        a = np.array(GRID, dtype=ctype)
        for arr in (a, a[:0]) + ((a[::-3],) if ctype is np.complex128 else ()):
            for name, g, w in zip(NP_UNARY, compiled(arr), np_all(arr)):
                assert g.dtype == w.dtype and g.shape == w.shape, name
                if name != "square":       # NumPy's own array loop differs from its scalar one at huge values
                    bad += _mismatches([name] * w.size, g.ravel(), w.ravel(), ulps, dtype, "array")
    assert not bad, "\n".join(bad[:200])


def test_cmath_functions():
    """Values over the whole grid: error_model="numpy" keeps C99's values where CPython raises (the
    exceptions themselves, and cmath.log10, which raises under any error model: test_math_domain.py)."""
    compiled = njit(error_model="numpy")(cmath_all)
    bad = []
    for z in GRID:
        got = compiled(z)
        with np.errstate(all="ignore"):
            for name, g, npname in zip(CMATH_UNARY, got, ["exp", "log", "sqrt", "sin", "cos", "tan",
                                                           "sinh", "cosh", "tanh", "arcsin", "arccos",
                                                           "arctan", "arcsinh", "arccosh", "arctanh", "angle",
                                                           "isnan", "isinf", "isfinite"]):
                try:
                    want = getattr(cmath, name)(z)
                except (ValueError, OverflowError):         # CPython raises; error_model='numpy' gives NumPy's value
                    want = getattr(np, npname)(z)
                if not close(g, want, 4, np.dtype(np.float64)) and not (
                        cmath.isfinite(z) is False and close(g, getattr(np, npname)(z), 0, np.dtype(np.float64))):
                    # at an inf/nan argument C99's Annex G (NumPy's value) may differ from CPython's tables in
                    # what the standard leaves unspecified (the sign of a zero) or C11 changed (ctanh(0 + nanj))
                    bad.append(f"cmath.{name}({z!r}): {g!r} != {want!r}")
    assert not bad, "\n".join(bad[:200])


def cmath_more(z, r, phi, base):
    return (cmath.polar(z), cmath.rect(r, phi), cmath.log(z, base), cmath.sqrt(r), cmath.exp(3),
            cmath.isclose(z, z + 1e-12), cmath.isclose(z, z + 1e-3, rel_tol=1e-2))


def test_cmath_polar_rect_and_real_arguments():
    compiled = njit(cmath_more)
    bad = []
    for z, (r, phi) in zip(GRID, itertools.product(PARTS, PARTS)):
        base = 2.0 + 0.5j
        try:
            rect = cmath.rect(r, phi)
        except ValueError:                        # r nonzero, phi infinite: raised as in CPython
            if IS_NUMBA:                          # numba gives nan + nanj
                assert cmath.isnan(compiled(z, r, phi, base)[1]), (r, phi)
                continue
            with pytest.raises(ValueError):
                compiled(z, r, phi, base)
            continue
        got = compiled(z, r, phi, base)
        want = [cmath.polar(z), rect]
        with np.errstate(all="ignore"):         # glibc's clog (numjit's, NumPy's) and CPython's may differ by an
            want.append(complex(np.log(z)) / complex(np.log(base)))   # ulp; the quotient is CPython's
        want += [cmath.sqrt(r), cmath.exp(3), cmath.isclose(z, z + 1e-12), cmath.isclose(z, z + 1e-3, rel_tol=1e-2)]
        got_flat = [got[0][0], got[0][1]] + list(got[1:])
        want_flat = [want[0][0], want[0][1]] + want[1:]
        bad += _mismatches(["abs", "phase", "rect", "log", "sqrt", "exp", "isclose", "isclose2"], got_flat, want_flat,
                           4, np.dtype(np.float64), (z, r, phi))
    assert not bad, "\n".join(bad[:200])


def test_cmath_constants_and_errors():
    @njit
    def constants():
        return cmath.pi, cmath.e, cmath.tau, cmath.inf, cmath.infj, cmath.nanj

    got, want = constants(), (cmath.pi, cmath.e, cmath.tau, cmath.inf, cmath.infj, cmath.nanj)
    assert all(close(g, w, 0, np.dtype(np.float64)) for g, w in zip(got, want))

    @njit
    def bad_tolerance(z):
        return cmath.isclose(z, z, rel_tol=-1.0)

    with pytest.raises(ValueError, match="tolerances must be non-negative"):
        bad_tolerance(1j)


def complex_statistics(a):
    return np.mean(a), a.mean(axis=0), np.mean(a, axis=1), np.var(a), a.std(), np.var(a, ddof=1), np.std(a[:, :0])


def test_complex_mean_var_std():
    compiled = njit(complex_statistics)
    rng = np.random.default_rng(3)
    z = rng.standard_normal((4, 6)) + 1j * rng.standard_normal((4, 6))
    for a, rtol in ((z, 1e-13), (z.astype(np.complex64)[::-1, ::2], 2e-6)):
        with np.errstate(all="ignore"), pytest.warns(RuntimeWarning):
            want = complex_statistics(a)
        got = compiled(a)
        for g, w in zip(got, want):
            assert np.asarray(g).dtype == np.asarray(w).dtype or np.ndim(w) == 0
            np.testing.assert_allclose(g, w, rtol=rtol)


def complex_order(x, y):
    return (x < y, x <= y, np.greater(x, y), x >= y, np.maximum(x, y), np.minimum(x, y), np.fmax(x, y),
            np.fmin(x, y), np.less(x[0, 0], y[0, 3]))


def complex_extremes(a):
    return (np.max(a), a.min(), np.argmax(a), a.argmin(), np.max(a, axis=0), a.min(axis=1), np.argmax(a, axis=0),
            a.argmin(axis=1))


def test_complex_order_like_numpy():
    """NumPy orders complex numbers by real part, then imaginary part; NaN parts never compare."""
    special = [complex(x, y) for x, y in itertools.product([0.0, 1.0, -1.0, math.nan, math.inf], repeat=2)]
    x, y = np.array(special)[:, None], np.array(special)[None, :]
    with np.errstate(invalid="ignore"):
        for g, w in zip(njit(complex_order)(x, y), complex_order(x, y)):
            np.testing.assert_array_equal(g, w)
    extremes = njit(complex_extremes)
    rng = np.random.default_rng(5)
    z = (rng.integers(-2, 3, (3, 4)) + 1j * rng.integers(-2, 3, (3, 4))).astype(np.complex64)
    with_nan = z.copy()
    with_nan[1, 2], with_nan[2, 0] = complex(1.0, math.nan), complex(math.nan, 0.0)
    for a in (z, np.asfortranarray(with_nan), with_nan[::-1, ::2], z[:, ::-1]):
        for g, w in zip(extremes(a), complex_extremes(a)):
            np.testing.assert_array_equal(g, w)
    with pytest.raises(ValueError, match="zero-size array to reduction operation maximum"):
        extremes(z[:0])


def complex_round_close(a, b):
    return (np.round(a, 1), np.around(a), np.round(a[1], -1), np.isclose(a, b), np.isclose(a, b, equal_nan=True),
            np.allclose(a, a * (1 + 1e-9)), np.isclose(a[0], b[0]), np.rint(a), np.reciprocal(a), a / 0j,
            np.reciprocal(b[1]))


def test_complex_round_isclose_reciprocal():
    a = np.array([1.25 - 2.35j, 17.5 + 0.5j, complex(math.nan, 1), complex(math.inf, -1), -0.04 + 0.06j])
    b = a + np.array([1e-9, 1e-3j, 0, 0, 1e-9j])
    a[4], b[2] = complex(0.0, -0.0), complex(1, math.nan)       # 1 / 0j and x / 0j: NumPy's complex inf / nan
    for x, y in ((a, b), (a.astype(np.complex64)[::-1], b.astype(np.complex64)[::-1])):
        with np.errstate(invalid="ignore", divide="ignore"):
            want = complex_round_close(x, y)
        for g, w in zip(njit(complex_round_close)(x, y), want):
            np.testing.assert_array_equal(g, w)
