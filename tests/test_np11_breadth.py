"""NumPy breadth of session 11, each against the uncompiled code on the same inputs: `~` of a bool
(a comparison, a bool element, a bool variable) is NumPy's logical not, as numba gives; reductions
with an int axis on 0-d arrays; complex np.geomspace; np.diff (prepend=, append= too) and
np.concatenate of datetime64; np.pad's reflect_type='odd'; np.rot90 with any axes; np.block of
numbers and of arrays of different dimensions; np.squeeze with a tuple axis or of a 0-d array;
np.nditer's external_loop flag."""
import warnings

import numpy as np
import pytest

from helpers import assert_array_same
from numjit import njit
from numjit.errors import TypingError


def same_results(got, want):
    """Item by item: arrays in NumPy's dtype, scalars of NumPy's kind (numjit boxes scalars as
    Python numbers, as numba does: a float32 result is a Python float)."""
    assert len(got) == len(want)
    for g, w in zip(got, want):
        g, w = np.asarray(g), np.asarray(w)
        assert g.dtype.kind == w.dtype.kind and (g.ndim == 0 or g.dtype == w.dtype), (g, w)
        assert_array_same(g.astype(w.dtype), w)


def bool_inverts(flags, x, b, m, n):
    link = x > 1.0                       # a comparison result, used as numbers (librosa's rqa)
    return (~link, ~flags[0], ~b, ~(flags[1] & b), ~(m > 0), ~(m[()] > 0), link * 2.0 - ~link * 3.0,
            ~flags, ~(m > 0) & True, ~n, ~(n < 3))


def test_invert_of_bools_is_logical_not():
    compiled = njit(bool_inverts)
    flags = np.array([True, False, True])
    for x in (np.float64(0.5), np.float64(2.0), np.float64(np.nan)):
        for b in (np.True_, np.False_):
            for m in (np.array(1.5), np.array(-1.0)):
                args = (flags, x, b, m, np.array([0, 5, -7], np.int16))
                same_results(compiled(*args), bool_inverts(*args))


def zero_d_reductions(a, k):
    return (np.sum(a, axis=0), np.prod(a, axis=-1), np.max(a, axis=k), a.min(axis=0), np.argmax(a, axis=0),
            a.argmin(axis=k), np.all(a, axis=0), np.any(a, axis=-1), np.cumsum(a, axis=0), a.cumprod(axis=k),
            np.cumsum(a, axis=0, dtype=np.complex64), np.count_nonzero(a, axis=k))


def zero_d_nan_reductions(a, k):                  # NumPy's nanmean/nanvar of integers go through np.mean
    return (np.nanvar(a, axis=0), np.nanmean(a, axis=k), np.nanstd(a, axis=-1, ddof=1), np.nanargmin(a, axis=k),
            np.nansum(a, axis=k), np.nanmax(a, axis=0), np.nancumprod(a, axis=-1))


def test_axis_on_zero_d_arrays():
    """NumPy reduces a 0-d array along axis 0 or -1 as its 1-element 1-d array (mean, var, median
    and quantile raise AxisError instead, numjit a TypingError)."""
    compiled, compiled_nan = njit(zero_d_reductions), njit(zero_d_nan_reductions)
    for a in (np.array(3.5), np.array(np.nan), np.array(7, np.int8), np.array(2 - 1j)):
        for k in (0, -1):
            same_results(compiled(a, k), zero_d_reductions(a, k))
            if a.dtype.kind == "f" and a == a:         # (nanargmin of NaN raises in both)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)     # ddof=1 of one item
                    same_results(compiled_nan(a, k), zero_d_nan_reductions(a, k))
    for k in (1, -2):
        with pytest.raises(np.exceptions.AxisError):
            compiled(np.array(1.0), k)
        with pytest.raises(np.exceptions.AxisError):
            zero_d_reductions(np.array(1.0), k)
    for reduction in (lambda a: np.mean(a, axis=0), lambda a: np.nanmedian(a, axis=0), lambda a: a.var(axis=0)):
        with pytest.raises(TypingError, match="axis given for a 0-d array"):
            njit(reduction)(np.array(1.0))
        with pytest.raises(np.exceptions.AxisError):
            reduction(np.array(1.0))


def complex_geomspaces(z, w, n):
    return (np.geomspace(z, w, n), np.geomspace(z, w, n, False), np.geomspace(-1.0, w, n), np.geomspace(z, 8, n),
            np.geomspace(1j, -1 + 0j, 5), np.geomspace(w, z))


def test_complex_geomspace():
    compiled = njit(complex_geomspaces)
    for z, w in ((1 + 1j, 1000 + 1000j), (-1 + 0j, 1j), (2 - 3j, -0.5 + 4j), (1e-3j, 1e3 + 0j), (-4 + 0j, -64 + 0j)):
        for n in (0, 1, 2, 7):
            for g, want in zip(compiled(z, w, n), complex_geomspaces(z, w, n), strict=True):
                assert g.dtype == want.dtype and g.shape == want.shape
                np.testing.assert_allclose(g, want, rtol=1e-14, atol=0)    # NumPy's own SIMD pow: last bits
    with pytest.raises(ValueError, match="cannot include zero"):
        compiled(0j, 1j, 3)


def datetime_differences(a, n, t):
    return (np.diff(a), np.diff(a, n), np.diff(a, axis=0), np.diff(a, 1, -2), np.diff(a[0]),
            np.diff(a, n, 0, prepend=t, append=a[:1]), np.concatenate((a, a[:, ::-1]), 1))


def test_diff_of_datetime64_is_timedelta64():
    compiled = njit(datetime_differences)
    days = np.array(["2020-01-01", "2020-01-05", "NaT", "2021-03-01", "1969-12-31", "2020-01-05"], "M8[D]")
    for a in (days.reshape(3, 2).T, days[::-1].reshape(3, 2)[:, ::-1], days[:0].reshape(3, 0)[::-1],
              days[:2].reshape(1, 2)[::-1], days.reshape(2, 3)[:, ::2]):              # one signature
        t = np.datetime64("2020-02-29T12", "h").astype(a.dtype)
        for n in (1, 2, 3):
            got, want = compiled(a, n, t), datetime_differences(a, n, t)
            for g, w in zip(got, want, strict=True):
                assert g.dtype == w.dtype and g.shape == w.shape, (g, w)
                assert np.array_equal(g, w, equal_nan=True), (a, n, g, w)     # NaT - x is NaT
    with pytest.raises(ValueError, match="n >= 1"):
        compiled(days.reshape(3, 2).T, 0, days[0])       # NumPy returns the datetime64 array; numjit's type is timedelta64
    with pytest.raises(TypingError, match="no common dtype"):           # (was an InternalError)
        njit(lambda a: np.concatenate((a, np.zeros(2, np.int64))))(days)


def odd_pads(a):
    return (np.pad(a[0], (1, 7), "symmetric", reflect_type="odd"), np.pad(a, ((2, 5), (9, 1)), mode="reflect", reflect_type="odd"),
            np.pad(a, ((4, 0), (1, 6)), "symmetric", reflect_type="odd"))


def test_pad_reflect_type_odd():
    """2 * edge - mirror image, as NumPy: widths past the array's length repeat from the new edge;
    integers wrap in their dtype; a 1-item axis pads with its edge."""
    f = njit(odd_pads)
    floats = np.arange(20.0).reshape(4, 5) ** 2
    floats[1, 2], floats[3, 0] = np.nan, -np.inf
    for a in (floats[::-1, ::2], floats[:1, ::-1], floats[:, :1],        # one (strided) layout per dtype
              np.array([[3, 1, 4], [-2, 100, 7]], np.int8)[:, ::-1]):
        with np.errstate(invalid="ignore"):                                  # inf - inf
            want = odd_pads(a)
        for g, w in zip(f(a), want, strict=True):
            assert g.dtype == w.dtype and np.array_equal(g, w, equal_nan=a.dtype.kind == "f"), (a, g, w)
    with pytest.raises(TypingError, match="reflect_type must be"):
        njit(lambda a: np.pad(a, 1, "reflect", reflect_type="od"))(np.ones(3))
    with pytest.raises(TypingError, match="reflect_type is only for mode"):
        njit(lambda a: np.pad(a, 1, "edge", reflect_type="odd"))(np.ones(3))


def turns(a, k):
    return (np.rot90(a), np.rot90(a, k), np.rot90(a, k, axes=(2, 0)), np.rot90(a, -k, (-1, 1)), np.rot90(a, 2, (0, -1)),
            np.rot90(a[0], k, (1, 0)))


def test_rot90_of_any_axes():
    compiled = njit(turns)
    a = np.arange(24.0).reshape(2, 3, 4)
    for x in (a[:, ::-1, 1:], np.asfortranarray(a)[::-1], a[:, :0, ::2]):     # one (strided) layout
        for k in (-5, -2, 0, 1, 3, 6):
            for g, w in zip(compiled(x, k), turns(x, k), strict=True):
                assert g.shape == w.shape and np.array_equal(g, w), (k, g, w)
                assert g.strides == w.strides or g.size == 0
    view = compiled(a, 1)[2]
    view[0, 1, 1] = -1.0                                # a view, as NumPy's
    assert turns(a, 1)[2][0, 1, 1] == -1.0
    rotate = njit(lambda a, axes: np.rot90(a, 1, axes))
    for axes, match in (((1, 1), "Axes must be different"), ((0, -3), "Axes must be different"),
                        ((0, 5), r"out of range for array of ndim=3"), ((0, 1, 2), "len\\(axes\\) must be 2")):
        for f in (rotate, lambda a, axes: np.rot90(a, 1, axes)):
            with pytest.raises(ValueError, match=match):
                f(a, axes)


def mixed_blocks(a, v, M, x):
    return (np.block([[1.0, 2.0], [3.0, x]]), np.block([[M, a.reshape(2, 1)], [v[:2], x]]), np.block([x, 2, True]),
            np.block([M, M.T]), np.block(x), np.block([[M], [a]]), np.block(M), np.block([v, a[:0]]))


def test_block_of_scalars_and_mixed_dimensions():
    """NumPy's rules: leaves get leading axes up to max(depth, largest ndim); numbers are 0-d arrays."""
    compiled = njit(mixed_blocks)
    M = np.arange(4.0).reshape(2, 2)
    for a, v, x in ((np.arange(2.0), np.array([5, 7], np.int32), 2.5), (np.array([np.nan, -0.0]), np.array([1, -3], np.int32), np.inf)):
        got, want = compiled(a, v, M, x), mixed_blocks(a, v, M, x)
        for g, w in zip(got, want, strict=True):
            assert_array_same(g, w)
        assert not np.shares_memory(got[6], M)                  # np.block of an array copies it
    with pytest.raises(ValueError, match="must match exactly"):
        compiled(a, v, np.arange(6.0).reshape(3, 2), 1.0)
    with pytest.raises(TypingError, match="List depths are mismatched"):
        njit(lambda a: np.block([a, [a]]))(M)


def squeezes(a, z):
    return (np.squeeze(a, axis=(0, 2)), np.squeeze(a, (-1,)), a.squeeze(axis=()), np.squeeze(a, axis=(2, 0)),
            np.squeeze(z, 0), np.squeeze(z, axis=-1), np.squeeze(z, ()), a.squeeze((0,)))


def test_squeeze_axis_tuples_and_zero_d():
    compiled = njit(squeezes)
    a, z = np.arange(3.0).reshape(1, 3, 1), np.array(2.5)
    for x in (a[:, ::-1], np.asfortranarray(a)[:, 1:], np.ones((1, 0, 1))[:, ::2]):      # one (strided) layout
        for g, w in zip(compiled(x, z), squeezes(x, z), strict=True):
            assert_array_same(g, w)
            assert np.shares_memory(g, w) or g.size == 0             # views, as NumPy's
    squeeze = njit(lambda a, axis: np.squeeze(a, axis))
    for axis, error in (((0, 0), "duplicate value in 'axis'"), ((0, 1), "size not equal to one"),
                        ((0, 3), "axis 3 is out of bounds")):
        for f in (squeeze, lambda a, axis: np.squeeze(a, axis)):
            with pytest.raises(ValueError, match=error):
                f(a, axis)
    with pytest.raises(np.exceptions.AxisError, match="axis 1 is out of bounds for array of dimension 0"):
        squeeze(z, 1)


def external_loops(a, b, w):
    plain, pairs = [], []
    it = np.nditer(a, flags=["external_loop", "zerosize_ok"])
    for x in it:
        plain.append((it.iterindex, x.copy()))
    it = np.nditer([w, b], flags=["external_loop", "zerosize_ok"], op_flags=[["readwrite"], ["readonly"]])
    for out, y in it:
        out[...] = 2.0 * out + y
        pairs.append((it.iterindex, out.copy(), it[1] - it.value[0], it.itersize))
    return plain, pairs


def same_values(got, want):
    if isinstance(want, (list, tuple)):
        assert type(got) is type(want) and len(got) == len(want), (got, want)
        for g, w in zip(got, want):
            same_values(g, w)
    else:
        assert np.array_equal(got, want) and np.ndim(got) == np.ndim(want), (got, want)


def test_nditer_external_loop():
    """1-d chunks per operand over the innermost axes NumPy's iterator coalesces (order K: memory
    order, axes of negative strides reversed), broadcast operands with stride 0, writes."""
    compiled = njit(external_loops)
    base = np.arange(24.0).reshape(2, 3, 4)
    for a, b in ((base[:, :, ::2], np.arange(2.0)), (base[::-1, :2], np.ones(4)), (base.T[1:], np.arange(2.0)),
                 (base[:, ::-1, 1:], np.array([7.0])), (base[:, :0], np.arange(4.0))):      # one signature
        got_w, want_w = np.ones(a.shape)[::-1], np.ones(a.shape)[::-1]
        same_values(compiled(a, b, got_w), external_loops(a, b, want_w))
        assert np.array_equal(got_w, want_w)
    zero_d = njit(lambda a: [x.copy() for x in np.nditer(a, flags=["external_loop"])])
    same_values(zero_d(np.array(2.5)), [np.array([2.5])])
    with pytest.raises(TypingError, match="EXTERNAL_LOOP cannot be used if an index or multi-index"):
        njit(lambda a: [x for x in np.nditer(a, flags=["external_loop", "multi_index"])])(base)
