"""Staged windows (lowering/stage.py) and NumPy's summation order for short contiguous sums
(intrinsics/fold.py's pairwise path), against NumPy run on the same inputs.

Sums of C arrays (and expressions of them) of at least 2 dimensions and at most 128 items are
NumPy's bit for bit; 1-d sums keep fold's vector order (within tolerance).
The seed's array-expression convolution `rs[i, q, j, p] += np.sum(w[q] * window)` reads the
strided `window` only through np.sum inside the `q` loop: it is copied once per window into a
contiguous buffer, and each sum is then NumPy's own (bit for bit: NumPy sums the contiguous
temporary `w[q] * window` pairwise). Checked over C, F and strided images, float32/float64 and
int32, NaN/inf, empty windows; a kernel that writes into its own image (the copy must not be used:
later filters see the earlier filters' writes, as in Python); a staged variable used after its loop.
"""
import re
import warnings

import numpy as np
import pytest

from impl import njit, IS_NUMBA


def conv(x, w, rs, fh, fw):
    n, out_h, out_w, nf = rs.shape[0], rs.shape[2], rs.shape[3], w.shape[0]
    for i in range(n):
        for j in range(out_h):
            for p in range(out_w):
                window = x[i, ..., j:j + fh, p:p + fw]
                for q in range(nf):
                    rs[i, q, j, p] += np.sum(w[q] * window)
    return rs


def window_stats(x, w, fh, fw):
    """Other reductions of a staged window (prod/mean/any/all, a scalar operand, methods); the
    window is also returned after the loop (it must be the view, not the copy)."""
    nf = w.shape[0]
    out = np.zeros((nf, 7))
    window = x[0, ..., 1:1 + fh, 2:2 + fw]
    for q in range(nf):
        out[q, 0] = np.mean(w[q] - window)
        out[q, 1] = np.prod(window * 0.5 + w[q])
        out[q, 2] = np.any(window > w[q])
        out[q, 3] = np.all(window * 2 >= w[q])
        out[q, 4] = np.sum(-window)
        out[q, 5] = (window - 0.25 > w[q]).any() + (w[q] * window).prod()
        out[q, 6] = window.mean()
    return out, window


def into_image(x, w, fh, fw):
    """Writes into the image its windows come from: each q must see the previous q's writes."""
    for j in range(x.shape[2] - fh + 1):
        window = x[0, ..., j:j + fh, 0:fw]
        for q in range(w.shape[0]):
            x[0, 0, j + q % fh, q % fw] += np.sum(w[q] * window)
    return x


def into_filters(x, w, fh, fw):
    """Adds into the filters its sums read: each q must see the previous q's write."""
    window = x[0, :, 0:fh, 0:fw]
    for q in range(w.shape[0]):
        w[(q + 1) % w.shape[0], 0, 0, 0] += np.sum(w[q] * window)
    return w


def filter_sums(x, w, start, stop):
    """Sums JAM filters at a time, then the rest; the loop variable after the loop."""
    window = x[0, :, 1:4, 2:6]
    out = np.zeros(w.shape[0], x.dtype)
    q = -1
    for q in range(start, stop):
        out[q] += np.sum(w[q] * window)
    return out, q


def flat_sums(a, b):
    return np.sum(a), np.sum(a * b), np.mean(a - b), (a * 2.0).sum()


compiled_conv = njit(conv)
compiled_stats = njit(window_stats)
compiled_into = njit(into_image)
compiled_flat = njit(flat_sums)
compiled_into_filters = njit(into_filters)
compiled_filter_sums = njit(filter_sums)


def reference_conv(x, w, rs, fh, fw):
    """The sums NumPy computes, one by one (np.sum of each temporary)."""
    rs = rs.copy()
    for i in range(rs.shape[0]):
        for j in range(rs.shape[2]):
            for p in range(rs.shape[3]):
                for q in range(w.shape[0]):
                    rs[i, q, j, p] += np.sum(w[q] * x[i, ..., j:j + fh, p:p + fw])
    return rs


def images(dtype, layout, rng):
    x = (rng.standard_normal((2, 3, 9, 10)) * 4).astype(dtype)
    if layout == "F":
        x = np.asfortranarray(x)
    elif layout == "strided":                  # rows of the windows are not one element apart
        big = (rng.standard_normal((2, 3, 9, 20)) * 4).astype(dtype)
        x = big[..., ::2]
    return x


def same_bits(got, want):
    """Equal bit for bit, except that a NaN may be any NaN."""
    nan = np.isnan(want) if want.dtype.kind == "f" else np.zeros(want.shape, bool)
    assert np.isnan(got[nan]).all()
    assert got[~nan].tobytes() == want[~nan].tobytes()


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32])
def test_seed_convolution_matches_numpy_bits(dtype):
    rng = np.random.default_rng(1)
    w = (rng.standard_normal((6, 3, 9, 5)) * 4).astype(dtype)       # 6 filters: 4 side by side, 2 after
    w54 = np.ascontiguousarray(w[..., :5, :4])
    for layout in ("C", "F", "strided"):
        x = images(dtype, layout, rng)
        if dtype != np.int32:
            x[1, 2, 3, 4], x[0, 1, 5, 5] = np.nan, np.inf
        rs = np.zeros((2, 6, 5, 7), dtype)
        got = compiled_conv(x, w54, rs.copy(), 5, 4)
        want = reference_conv(x, w54, rs, 5, 4)
        if IS_NUMBA:
            np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-3 if dtype == np.float32 else 1e-9)
        else:
            same_bits(got, want)
    rs = np.zeros((2, 6, 1, 6), dtype)        # windows of 135 > PAIRWISE items: not staged
    np.testing.assert_allclose(compiled_conv(x, w, rs.copy(), 9, 5), reference_conv(x, w, rs, 9, 5),
                               rtol=1e-4, atol=1e-3 if dtype == np.float32 else 1e-9)
    for fh, fw in ((0, 3), (5, 0)):            # empty windows: sums of nothing
        rs = np.ones((2, 6, 5, 7), dtype)
        np.testing.assert_array_equal(compiled_conv(x, w[..., :fh, :fw], rs.copy(), fh, fw), rs)


def test_other_reductions_and_the_view_after_the_loop():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((1, 3, 8, 8))
    w = rng.standard_normal((3, 3, 4, 5))
    got, view = compiled_stats(x, w, 4, 5)
    want, want_view = window_stats(x, w, 4, 5)
    np.testing.assert_allclose(got, want, rtol=1e-13)
    assert view.strides == want_view.strides and np.shares_memory(view, x)
    np.testing.assert_array_equal(view, want_view)
    if not IS_NUMBA:                           # (the loop is staged: method calls too)
        assert ".staged" in compiled_stats.inspect_llvm(compiled_stats.signatures[0])


def test_a_kernel_writing_its_own_image_sees_its_writes():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((1, 2, 9, 6))
    w = rng.standard_normal((7, 2, 3, 4)) * 0.1
    got = compiled_into(x.copy(), w, 3, 4)
    want = into_image(x.copy(), w, 3, 4)
    np.testing.assert_allclose(got, want, rtol=1e-12)
    stale = x.copy()                           # what reading a copy of each window would give
    for j in range(x.shape[2] - 2):
        window = stale[0, ..., j:j + 3, 0:4].copy()
        for q in range(7):
            stale[0, 0, j + q % 3, q % 4] += np.sum(w[q] * window)
    assert not np.allclose(got, stale, rtol=1e-9)


def test_sums_side_by_side_keep_pythons_order_and_errors():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((1, 3, 6, 8)).astype(np.float32)
    w = rng.standard_normal((11, 3, 3, 4)).astype(np.float32)
    for start, stop in ((0, 0), (0, 4), (1, 6), (2, 11), (5, 3), (-3, 9), (-9, -2)):
        got, q = compiled_filter_sums(x, w, start, stop)
        want, want_q = filter_sums(x, w, start, stop)
        assert q == want_q
        same_bits(got, want)
    with pytest.raises(ValueError):             # w[q] * window: (3, 3, 3) against (3, 3, 4)
        compiled_filter_sums(x, w[..., :3].copy(), 0, 11)
    filters = rng.standard_normal((6, 3, 3, 3))
    got = compiled_into_filters(x.astype(np.float64), filters.copy(), 3, 3)
    want = into_filters(x.astype(np.float64), filters.copy(), 3, 3)
    same_bits(got, want)
    stale = filters.copy()                     # what computing all sums before the writes gives
    sums = [np.sum(stale[q] * x[0, :, :3, :3]) for q in range(6)]
    for q in range(6):
        stale[(q + 1) % 6, 0, 0, 0] += sums[q]
    assert not np.allclose(got, stale, rtol=1e-9)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_short_contiguous_sums_are_numpys(dtype):
    rng = np.random.default_rng(4)
    for n in (0, 1, 5, 7, 8, 9, 16, 75, 127, 128, 129, 300):
        a = (rng.standard_normal(n) * 10.0 ** rng.integers(-4, 5, n)).astype(dtype)
        b = rng.standard_normal(n).astype(dtype)
        if n > 9:
            a[3] = np.inf if n % 2 else -0.0
        with np.errstate(all="ignore"):
            zeros = -0.0 * np.abs(a)
        for x, y in ((a, b), (a.reshape(1, -1, 1), b.reshape(1, -1, 1)), (zeros.reshape(1, -1, 1), b.reshape(1, -1, 1))):
            got = compiled_flat(x, y)
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)       # the mean of nothing
                want = flat_sums(x, y)
            for g, v in zip(got, want):
                if n <= 128 and x.ndim > 1 and not IS_NUMBA:       # (1-d sums: fold's own order)
                    same_bits(np.asarray(g, dtype), np.asarray(v, dtype))
                else:
                    np.testing.assert_allclose(g, v, rtol=1e-4 if dtype == np.float32 else 1e-12)


def jam_forms(x, w, out, start, stop):
    """Sums side by side beyond `op= np.sum`: `=`, np.mean, the .sum()/.mean() methods, and an
    `=` into the filters the sums read (T overlaps E: must run in order)."""
    window = x[0, :, 1:4, 2:6]
    for q in range(start, stop):
        out[q, 0] = np.sum(w[q] * window)
    for q in range(start, stop):
        out[q, 1] += np.mean(w[q] - window)
    for q in range(start, stop):
        out[q, 2] -= (w[q] * window).sum()
    for q in range(start, stop):
        out[q, 3] = (window * 2.0 - w[q]).mean()
    for q in range(start, stop):
        w[(q + 1) % w.shape[0], 0, 0, 0] = np.sum(w[q] * window)
    return out, w


compiled_jam_forms = njit(jam_forms)


def test_sums_side_by_side_in_other_forms():
    """`=`, np.mean, .sum(), .mean(): bit for bit NumPy's per-iteration results (the jammed blocks
    and the plain iterations after them), C and strided images, NaN/inf, empty ranges; every
    form's loop is jammed (the jam's blocks are in the code). (Empty windows: the seed conv test.)"""
    rng = np.random.default_rng(6)
    for dtype, layout in ((np.float32, "strided"), (np.float64, "C")):
        w = rng.standard_normal((11, 3, 3, 4)).astype(dtype)
        x = images(dtype, layout, rng)
        w[5, 0, 0, 0], w[6, 1, 1, 1] = np.nan, np.inf        # (one filter's sums each)
        for start, stop in ((0, 11), (2, 5), (3, 3)):
            got = compiled_jam_forms(x, w.copy(), np.ones((11, 4), dtype), start, stop)
            want = jam_forms(x, w.copy(), np.ones((11, 4), dtype), start, stop)
            for g, v in zip(got, want):
                same_bits(g, v)
        if not IS_NUMBA:
            code = compiled_jam_forms.inspect_llvm(compiled_jam_forms.signatures[-1])
            assert len(re.findall(r"^jam\.head(\.\d+)?:", code, re.M)) == 5
