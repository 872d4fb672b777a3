"""Whole-array reductions of arrays and array expressions (intrinsics/fold.py) vs. NumPy.

np.sum / np.prod / np.mean / .sum() / np.all / np.any of `a * b`, `a - b`, `a * 2 + 1`, ...
over C, F, strided, negative-stride, transposed, broadcast, empty and 0-d operands, rows of
every length around the vector width (whole vector steps, the masked last step, the long-row
loop), float32/float64/int8/uint8/int32/bool, NaN and inf; long rows with an operand repeated
along them; the seed's window convolution; a masked last step that ends at an unreadable page.
"""
import ctypes
import mmap
import warnings

import numpy as np
import pytest

from helpers import make_array
from impl import njit

ROWS = [0, 1, 3, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 70]      # around LANES = 8 and WIDE = 32


def expressions(a, b):
    return (np.sum(a * b), np.sum(a - b), (a * b).sum(), np.sum(a * 2 + 1), np.sum(a),
            np.prod(a + b), np.mean(a * b), a.mean(), np.any(a > b), np.all(a >= 0))


def reference(a, b):
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)          # the mean of an empty array
        return expressions(a, b)


compiled = njit(expressions)


def check(got, want, dtype):
    assert len(got) == len(want)
    for k, (g, w) in enumerate(zip(got, want)):
        w = w.item()
        if isinstance(w, float):
            rtol = 1e-4 if dtype == np.float32 else 1e-10
            assert np.isclose(g, w, rtol=rtol, atol=rtol, equal_nan=True), (k, g, w)
        else:
            assert g == w, (k, g, w)


def small(shape, dtype, layout, seed):
    """Arrays with small values, so float products and int sums stay exact enough."""
    a = make_array(shape, dtype, layout, seed)
    if np.dtype(dtype).kind == "f":
        a[...] = np.round(a % 3, 1) - 1 if a.size else a
    elif np.dtype(dtype).kind in "iu":
        a[...] = a % 3 if a.size else a
    return a


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int32, np.int8, np.uint8])
def test_row_lengths_and_layouts(dtype):
    """Every row length around the vector width, in every layout (one compilation per layout)."""
    for layout in ["C", "F", "strided", "negstride", "transposed"]:
        if dtype not in (np.float64, np.float32) and layout not in ("C", "strided"):
            continue
        for n in ROWS:
            a, b = small((3, n), dtype, layout, 1), small((3, n), dtype, layout, 2)
            check(compiled(a, b), reference(a, b), dtype)
            a3, b3 = small((2, 3, n), dtype, layout, 3), small((2, 3, n), dtype, layout, 4)
            check(compiled(a3, b3), reference(a3, b3), dtype)


def test_unit_rows_of_a_strided_view():
    """Contiguous rows of a view that is not contiguous (the window case), each row length."""
    base = small((4, 6, 80), np.float32, "C", 5)
    other = small((4, 5, 80), np.float32, "C", 6)
    for n in ROWS:
        a, b = base[:, 1:5, 2:2 + n], other[:, 1:, 7:7 + n]
        check(compiled(a, b), reference(a, b), np.float32)


def test_nan_inf_and_empty():
    a = np.array([[1.0, np.nan, 2.0], [np.inf, 1.0, 0.0]])
    b = np.array([[1.0, 2.0, 3.0], [1.0, -np.inf, 2.0]])
    for x, y in [(a, b), (a[:, :0], b[:, :0]), (np.empty((0, 5)), np.empty((0, 5))),
                 (np.full((2, 9), np.inf), np.ones((2, 9))), (a.T, b.T)]:
        check(compiled(x, y), reference(x, y), np.float64)
    row = np.linspace(-1.0, 2.0, 11)
    for n in [3, 11]:                         # operands with stride-0 axes (read-only views)
        x = np.broadcast_to(row[:4, None], (4, n))
        y = np.broadcast_to(row[:n], (4, n))
        check(compiled(x, y), reference(x, y), np.float64)


def broadcasts(a, b, c, s, column):
    return (np.sum(a[:, None] * b), np.sum(b * c), np.sum(a * s), np.prod(c + s), np.sum(c * c - s),
            np.sum(b > 0.5), np.sum(c[:, :1] * b), np.mean(b - c), np.sum(column * c), np.sum(c - column))


def test_broadcasting_and_scalars():
    """Operands repeated along missing or length-1 axes (C-contiguous ones too: no flat loop)."""
    f = njit(broadcasts)
    for n, layout in [(1, "C"), (5, "negstride"), (8, "C"), (13, "strided"), (40, "C")]:
        a = make_array((4,), np.float64, "strided", 7)
        b = make_array((n,), np.float64, "C", 8)
        c = make_array((4, n), np.float64, layout, 9)
        column = make_array((4, 1), np.float64, "C", 10)     # repeated along rows known only at run time
        for s in [0.5, -2.0]:
            got, want = f(a, b, c, s, column), broadcasts(a, b, c, s, column)
            for g, w in zip(got, want):
                assert np.isclose(g, w, rtol=1e-12), (n, s, g, w)
    with pytest.raises(ValueError):
        f(make_array((4,), np.float64, "C", 1), np.ones(3), np.ones((4, 2)), 1.0, np.ones((4, 1)))


def mixed(a, b, n):
    return np.sum(a * b), np.sum(a + n), np.prod(a - n), np.sum(a * 1.5), np.sum(b - a)


def test_integer_widening_and_mixed_types():
    """int8/uint8 sums widen to int64/uint64 lane-wise; int with float or int64 mixes."""
    f = njit(mixed)
    for dtype in [np.int8, np.uint8, np.int32]:
        for n in [3, 8, 11, 40]:
            a = (np.arange(2 * n) % 7).astype(dtype).reshape(2, n)
            b = np.arange(2 * n, dtype=np.int64).reshape(2, n)[:, ::-1]
            got, want = f(a, b, 2), mixed(a, b, 2)
            assert [type(g) for g in got] == [type(w.item()) for w in want]
            assert [g == w.item() for g, w in zip(got, want)] == [True] * len(want), (dtype, n, got, want)
    big = np.full((3, 20), 127, np.int8)              # sums past int8 (NumPy sums int8 in int64)
    assert f(big, np.ones((3, 20), np.int64), 1)[0] == np.sum(big * np.ones((3, 20), np.int64))


def zero_d(a, b):
    return np.sum(a * b), np.prod(a), a.sum(), np.mean(a + b)


def test_zero_d():
    a, b = np.array(2.5), np.array(-3.0)
    assert njit(zero_d)(a, b) == tuple(x.item() for x in zero_d(a, b))


def conv_arrays(x, w, rs):
    n, n_channels, height, width = x.shape
    n_filters, _, filter_height, filter_width = w.shape
    for i in range(n):
        for j in range(rs.shape[2]):
            for p in range(rs.shape[3]):
                window = x[i, ..., j:j + filter_height, p:p + filter_width]
                for q in range(n_filters):
                    rs[i, q, j, p] += np.sum(w[q] * window)


def test_seed_window_convolution():
    """The seed's array-expression convolution against np.einsum over sliding windows."""
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 3, 12, 11)).astype(np.float32)
    w = rng.standard_normal((4, 3, 5, 3)).astype(np.float32)
    rs = np.zeros((2, 4, 8, 9), np.float32)
    njit(conv_arrays)(x, w, rs)
    windows = np.lib.stride_tricks.sliding_window_view(x, (5, 3), axis=(2, 3))
    want = np.einsum("ncjpst,qcst->nqjp", windows.astype(np.float64), w.astype(np.float64))
    np.testing.assert_allclose(rs, want, rtol=1e-4, atol=1e-4)


def guarded(dtype, n):
    """A writable array of n items of dtype ending exactly where an unreadable page starts, and
    its mapping (close it after the array is gone)."""
    page = mmap.PAGESIZE
    m = mmap.mmap(-1, 2 * page)
    address = ctypes.addressof(ctypes.c_char.from_buffer(m))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    assert libc.mprotect(address + page, page, 0) == 0            # PROT_NONE
    return np.frombuffer(m, dtype=dtype, count=n, offset=page - n * np.dtype(dtype).itemsize), m


def tails(a, b):
    return np.sum(a * b), np.sum(a[1:] - 1.0), np.sum(a.reshape(3, -1)[:, 1:] * 2.0), np.prod(a.reshape(3, -1) + b[0])


def test_masked_step_reads_nothing_past_the_row():
    """A row's last, partial vector step reads only its own items: an array that ends at an
    unreadable page sums without a fault (1-d, and as the last row of a 2-d view)."""
    f = njit(tails)
    for n in [3, 5, 9, 15]:
        a, m = guarded(np.float64, 3 * n)
        a[:] = np.arange(3 * n) % 4 - 1.5
        b = np.linspace(0.5, 1.5, 3 * n)
        got, want = f(a, b), tails(a, b)
        assert np.allclose(got, want, rtol=1e-12), (n, got, want)
        del a
        m.close()


def repeated(a, row, column, flat):
    return (np.sum(a * column), np.sum(column * a), np.sum(a * row - column), np.sum(a[:, :1] * a),
            np.sum(flat[:, None] * row), np.mean(column - a), np.any(a > column), np.all(a >= row),
            np.sum(a > column), np.prod(column + a), np.sum(row * column[0]), np.sum(column[1] - row))


def test_long_rows_with_repeated_operands():
    """Rows around and past one wide step (4 x LANES items) with an operand repeated along them
    (step 0: read from a vector of copies of its element), empty rows included; the repeated
    operand first or second, in vector folds (sums of + - *) and other folds (any, all, bool sums);
    1-d folds with a length-1 operand."""
    f = njit(repeated)
    for dtype, layout in [(np.float64, "C"), (np.float64, "strided"), (np.float32, "C"), (np.int8, "C")]:
        for n in [0, 5, 31, 32, 33, 64, 70, 150]:
            a = small((5, n), dtype, layout, 11)
            row, column = small((n,), dtype, "C", 12), small((5, 1), dtype, layout, 13)
            flat = small((5,), dtype, "strided", 14)
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)        # the mean of an empty array
                want = repeated(a, row, column, flat)
            check(f(a, row, column, flat), want, dtype)


def held(a, column, full):
    return (np.sum(a * column), np.sum(column * a), np.mean(a - column),
            np.sum(a * full), np.sum(full * a), np.mean(a - full))


def test_a_repeated_operand_held_in_a_register():
    """Two operands, one repeated along the rows (a * column, column * a): the row keeps the
    repeated element in a register and gives the same bits as the same sum of a materialised
    copy of the column in padded rows (the plain unit-stride rows), and NumPy's value within rounding; NaN/inf,
    empty rows, rows around the wide step, C and F images."""
    f = njit(held)
    for dtype in [np.float64, np.float32]:
        for n in [0, 3, 8, 31, 32, 33, 77, 150]:
            for layout in ["C", "F"]:
                a = make_array((5, n), dtype, layout, n)
                column = make_array((5, 1), dtype, "C", n + 1)
                if n == 33:
                    a[1, 7], a[3, 0], column[2, 0] = np.nan, np.inf, -np.inf
                full = np.empty((5, n + 1), dtype)[:, :n]      # (padded: no one flat row)
                full[...] = column
                got = f(a, column, full)
                assert np.array_equal(np.array(got[:3]), np.array(got[3:]), equal_nan=True), (n, layout, got)
                with np.errstate(all="ignore"), warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)        # the mean of an empty array
                    want = held(a, column, full)
                check(got, want, dtype)
