"""Small library gaps closed in session 10, each against the uncompiled code on the same inputs:
str.expandtabs, str.translate, `for c in reversed(s)` over str and bytes, np.diff/np.ediff1d of complex arrays, np.cumsum/np.cumprod with dtype= and out=
together, np.dot with 0-d arrays."""
import warnings

import numpy as np
import pytest

from helpers import assert_array_same, assert_same
from numjit import njit
from numjit.errors import TypingError

TEXTS = ["", "a\tb", "\t\txy\tz\n\tq\r12\t3", "é\tü\t€\t", "ab\t\U0001F600\tc", "no tabs"]


def tabs(s, n, b):
    back = ""
    for c in reversed(s):
        back += c
    return (s.expandtabs(), s.expandtabs(n), "x\ty".expandtabs(3), back, [x for x in reversed(b)],
            [(i, c) for i, c in enumerate(reversed("ab"))])


def test_expandtabs_and_reversed_text():
    compiled = njit(tabs)
    for s in TEXTS:
        for n in (8, 4, 1, 0, -3):
            got, want = compiled(s, n, s.encode()), tabs(s, n, s.encode())
            assert got == want and all(type(g) is str for g in got[:4]), (s, n)


def translations(s, codes, strs):
    return s.translate(codes), s.translate(strs), s.translate({ord("a"): "xy", 0x20ac: ""})


def test_translate():
    compiled = njit(translations)
    codes, strs = {97: 98, 0x20AC: 0x1F600, 32: 95}, {97: "<>", 98: "", 0x1F600: "smile"}
    for s in TEXTS:
        assert compiled(s, codes, strs) == translations(s, codes, strs), s
    with pytest.raises(ValueError, match=r"character mapping must be in range\(0x110000\)"):
        compiled("a", {97: 0x110000}, strs)
    with pytest.raises(ValueError, match=r"character mapping must be in range\(0x110000\)"):
        translations("a", {97: 0x110000}, strs)


def differences(a, b):
    return (np.diff(a), np.diff(a, 2), np.diff(b, axis=0), np.diff(b), np.diff(a, prepend=1j), np.diff(a, append=2.5),
            np.diff(b, prepend=b[:, :1]), np.ediff1d(a), np.ediff1d(a, to_begin=1j, to_end=a[:2]))


def strided_differences(a, b):
    return np.diff(a), np.diff(b, 2, axis=0), np.ediff1d(b)


def test_diff_complex():
    compiled, strided = njit(differences), njit(strided_differences)
    a = np.array([1 + 2j, 3 - 1j, np.nan + 1j, 0j, complex(np.inf, 2), 2 + 2j])
    b = (np.arange(12) * (1 - 2j)).reshape(4, 3).astype(np.complex64).T
    cases = [(compiled, differences, x, y) for x, y in ((a, b), (a[:0], b[:0, :]), (a[:1], b[:, :0]))]
    cases += [(strided, strided_differences, x, y) for x, y in ((a[::-2], b[:, ::2]), (a[1::2], b[::2, 1:]))]
    for fn, py, x, y in cases:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)      # inf - inf
            want = py(x, y)
            got = fn(x, y)
        for g, w in zip(got, want):
            assert_array_same(g, w)


def date_differences(a):
    return np.diff(a)


def test_diff_of_spans():                # of datetime64 (timedelta64 results): tests/test_np11_breadth.py
    spans = np.array([1, 5, 2], "timedelta64[s]")
    assert_array_same(njit(date_differences)(spans), date_differences(spans))


def accumulations(a, o1, o2, o3):
    np.cumsum(a, dtype=np.float64, out=o1)
    np.cumprod(a, axis=0, dtype=np.int8, out=o2)
    r3 = a.cumsum(0, np.complex128, o3)
    return (o1, o2, o3, r3, a.cumsum(dtype=np.float32), np.cumprod(a, 1, np.int16),
            a.cumprod(dtype=np.int64, axis=1))


def nan_accumulation(a, out):
    return np.cumsum(a, axis=1, dtype=np.float32, out=out)


def complex_into_real(a, out):
    return np.cumsum(a, dtype=np.complex128, out=out)


def test_cumsum_dtype_and_out():
    compiled = njit(accumulations)
    for a in ((np.arange(12).reshape(4, 3).T * 37).astype(np.int32), np.array([[100, 27], [3, 100]], np.int32).T,
              np.zeros((3, 0), np.int32).T):     # (float input: nan_accumulation below)
        def outs():
            return np.empty(a.size, np.float32), np.empty(a.shape, np.int64), np.empty(a.shape, np.complex64)
        got, want = compiled(a, *outs()), accumulations(a, *outs())
        for g, w in zip(got, want):
            assert_array_same(g, w)
    a = np.array([[1.5, np.nan, 2.0], [np.inf, -np.inf, 1.0]])
    assert_array_same(njit(nan_accumulation)(a, np.empty((2, 3))), nan_accumulation(a, np.empty((2, 3))))
    c = np.array([1 + 1j, 2, 3 - 1j])
    with pytest.warns(np.exceptions.ComplexWarning):
        got = njit(complex_into_real)(c, np.empty(3))
    with pytest.warns(np.exceptions.ComplexWarning):
        want = complex_into_real(c, np.empty(3))
    assert_array_same(got, want)


def zero_d_products(z, zi, v, m):
    return (np.dot(z, v), np.dot(v, z), np.dot(z, m), np.dot(m, zi), np.dot(z, zi), np.dot(z, 2), np.dot(3.5, zi),
            z.dot(v), np.dot(zi, v.astype(np.float32)), np.dot(np.array(2, np.float32), v.astype(np.float32)))


def test_dot_of_0d_arrays():
    compiled = njit(zero_d_products)
    for args in ((np.array(1.5), np.array(3), np.array([1., np.nan, -2.]), np.arange(6.).reshape(2, 3).T),
                 (np.array(-0.5), np.array(-2), np.zeros(0), np.zeros((0, 4)))):
        for g, w in zip(compiled(*args), zero_d_products(*args)):
            if isinstance(w, np.ndarray):
                assert_array_same(g, w)
            else:
                assert type(g) is float and g == w


def _past_end(read, it):
    try:
        return read(it)
    except ValueError:
        return -1


def iterator_protocol(a, b, k):
    it = np.nditer([a, b], flags=["multi_index", "c_index"])
    s = 0.0
    for i, x in enumerate(it):
        s += it[k][()] * i + it[-1][()] - it[-1 - k][()]
        if it.multi_index == (1, 1):
            break
    stopped = (it.finished, it.multi_index, it.index, it.iterindex)
    for x in it:
        s += it[0][()]
    else:
        s += 100.0
    ended = (it.finished, _past_end(lambda t: t.iterindex, it), _past_end(lambda t: t.multi_index[0], it),
             _past_end(lambda t: t[1][()], it), it.iternext())
    it.reset()
    seen = [it.finished for x in it]
    o = it.operands
    return s, stopped, ended, seen, it.finished, o[0], o[1]


def operand_items(a, v):
    it = np.nditer([a, 2.5, v], op_flags=[["readwrite"], ["readonly"], ["readonly"]])
    for x in it:
        it[0][...] = it[0] * it[1] + it[2]
    it.reset()
    one = np.nditer(v)
    for y in one:
        pass
    return it.operands[1], it.operands[2], it[0], one.finished


def test_nditer_items_operands_and_end():
    compiled = njit(iterator_protocol)
    a, b = np.arange(3.0), np.array([[1.0, np.nan, 3.0], [4.0, 5.0, -6.0]])
    for k in (0, 1, -2):
        got, want = compiled(a, b, k), iterator_protocol(a, b, k)
        assert_same(got[:5], want[:5])
        assert got[5] is a and got[6] is b
    for k in (2, -3):
        with pytest.raises(IndexError, match=f"Iterator operand index {k} is out of bounds"):
            compiled(a, b, k)
        with pytest.raises(IndexError, match=f"Iterator operand index {k} is out of bounds"):
            iterator_protocol(a, b, k)
    v = np.array([1.0, -2.0, 0.5])
    x1, x2 = np.arange(6.0).reshape(2, 3), np.arange(6.0).reshape(2, 3)
    got, want = njit(operand_items)(x1, v), operand_items(x2, v)
    assert_array_same(x1, x2)
    for g, w in zip(got[:3], want[:3]):
        assert_array_same(g, w)
    assert got[3] is True and want[3] is True


def complex_spaces(a, b, n):
    return (np.linspace(a, b, n), np.linspace(a, 2, n, False), np.linspace(1.5, b, n), np.logspace(a, b, n),
            np.logspace(0, b, n, base=2), np.logspace(a, 2, n, base=b), np.logspace(a, b, n, False, 3.0))


def test_complex_linspace_and_logspace():
    compiled = njit(complex_spaces)
    for a, b, n in ((0j, 1 + 1j, 5), (-2.5j, 3 - 0.5j, 4), (1j, complex(np.nan, 1), 3), (0j, 1j, 1), (0j, 1j, 0)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            got, want = compiled(a, b, n), complex_spaces(a, b, n)
        for i, (g, w) in enumerate(zip(got, want)):
            # linspace exactly; logspace to an ulp (np.power's complex kernel against libm's cpow)
            assert_array_same(g, w, rtol=0 if i < 3 else 1e-15)


@njit
def _weighted(i, j):
    return i + 2 * j


def grids(n, scale):
    return (np.fromfunction(_weighted, (2, n)), np.fromfunction(lambda i, j: i == j, (n, n)),
            np.fromfunction(lambda i: i * scale, (n,), dtype=np.int32),
            np.fromfunction(lambda i, j, k: i - j * k, (1, 2, n), dtype=np.complex64),
            np.indices((n, 2), dtype=np.float32), np.indices((2,)))


def test_fromfunction_and_indices_dtype():
    compiled = njit(grids)
    for n, scale in ((3, 0.5), (0, np.nan)):
        for g, w in zip(compiled(n, scale), grids(n, scale)):
            assert_array_same(g, w)
    assert njit(lambda: np.fromfunction(lambda i: 5, (3,)))() == 5       # whatever the function returns


def bits(b, u, c):
    return (np.packbits(b), np.packbits(b, axis=1), np.packbits(b, -1, "little"), np.packbits(u, axis=0),
            np.unpackbits(u), np.unpackbits(u, axis=1, count=c), np.unpackbits(u, 0, -3, "little"),
            np.unpackbits(u, count=c, bitorder="little"))


def test_packbits_unpackbits():
    compiled = njit(bits)
    rng = np.random.default_rng(10)
    b = rng.random((3, 11)) > 0.5
    u = rng.integers(0, 256, (4, 3), dtype=np.uint8)
    for x, y, c in ((b, u, 5), (b[:, ::-2], u.T, 20), (b[:, :0], u[:1], -7), (b[:0], u, 0)):
        for g, w in zip(compiled(x, y, c), bits(x, y, c)):
            assert_array_same(g, w)
    with pytest.raises(ValueError, match="-count larger than number of elements"):
        compiled(b, u, -25)
    with pytest.raises(TypingError, match="Expected an input array of integer or boolean data type"):
        njit(bits)(b * 1.0, u, 1)


def blocks(a, b, c, d):
    return np.block([a, b]), np.block([[a, b], [b, a]]), np.block([[c, d], [d, c]]), np.block([[[a]], [[b]]])


def emptied_block(a):
    rows = [[a], [a]]
    rows[1].pop()
    return np.block(rows)


def test_block():
    compiled = njit(blocks)
    a, b = np.arange(2.0), np.array([5.0, np.nan])
    c, d = np.arange(4.0).reshape(2, 2), np.ones((2, 2)).T
    for g, w in zip(compiled(a, b, c, d), blocks(a, b, c, d)):
        assert_array_same(g, w)
    with pytest.raises(ValueError, match="must match exactly"):
        compiled(a, b[:1], c, d)
    with pytest.raises(ValueError, match=r"List at arrays\[1\] cannot be empty"):
        emptied_block(a)
    with pytest.raises(ValueError, match=r"List at arrays\[1\] cannot be empty"):
        njit(emptied_block)(a)


def percent_mapping(d, x):
    e = {"a": x, "b": 2.5}
    return "%(a)s|%(b).2f|%%" % e, "%(k)d-%(j)05d" % d, "%(q)s" % {"q": "text"}


def test_percent_with_a_dict_and_dicts_of_str():
    compiled = njit(percent_mapping)
    assert compiled({"k": 3, "j": -42}, 7.5) == percent_mapping({"k": 3, "j": -42}, 7.5)
    with pytest.raises(KeyError, match="'j'"):
        compiled({"k": 3}, 7.5)


def zero_d_reductions(z):
    return (np.sum(z, keepdims=True), np.sum(z, axis=()), np.max(z, keepdims=True), np.mean(z, axis=()),
            np.median(z, keepdims=True), np.quantile(z, 0.3, keepdims=True), np.std(z, axis=(), ddof=0),
            z.sum(keepdims=True), np.prod(z, (), np.float32), np.nanmax(z, keepdims=True))


def test_zero_d_reductions_with_keepdims_and_empty_axes():
    compiled = njit(zero_d_reductions)
    for z in (np.array(2.5), np.array(np.nan), np.array(-3.0)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            got, want = compiled(z), zero_d_reductions(z)
        for g, w in zip(got, want):
            if isinstance(w, np.ndarray):
                assert_array_same(g, w)
            else:
                assert_same(g, w)
