"""Loop interchange with alias versioning (numjit/lowering/interchange.py) vs. plain Python on the
same inputs: a nest updating `A[..., p] op= value` runs its `p` loop innermost when A overlaps
nothing the value reads. Every element gets its updates in the source's order, so results are
bit-identical, also for float32 sums; when A and a read array share memory (views of one buffer)
the nest must run as written (these cases give other numbers in the reordered order: checked by
comparing with the reordered Python loop below).
"""
import numpy as np
import pytest
from hypothesis import example, given, settings, strategies as st

from helpers import make_array
from impl import njit, IS_NUMBA


def conv(x, w, rs):
    for i in range(x.shape[0]):
        for j in range(rs.shape[2]):
            for p in range(rs.shape[3]):
                for q in range(w.shape[0]):
                    for r in range(w.shape[1]):
                        for s in range(w.shape[2]):
                            for t in range(w.shape[3]):
                                rs[i, q, j, p] += x[i, r, j + s, p + t] * w[q, r, s, t]


def matmul_ijk(a, b, c):
    n, m = c.shape
    k = a.shape[1]
    for i in range(n):
        for j in range(m):
            for l in range(k):
                c[i, j] += a[i, l] * b[l, j] - 0.5 * a[i, l]


def smooth(a, b, k):
    n = a.shape[0] - k
    for p in range(2, n):
        for r in range(k - 1, -1, -1):
            a[p] -= b[p + r] * 3


def smooth_reordered(a, b, k):
    """smooth with its loops swapped: what an unversioned interchange would compute."""
    n = a.shape[0] - k
    for r in range(k - 1, -1, -1):
        for p in range(2, n):
            a[p] -= b[p + r] * 3


def uses_index_after(a, b):
    for p in range(a.shape[0]):
        for r in range(b.shape[0]):
            a[p] += b[r] * p
    return p + r


def test_conv_matches_python_bit_for_bit_in_every_layout():
    compiled = njit(conv)
    for dtype in (np.float32, np.float64):
        for layout in ("C", "F", "strided", "negstride"):
            x = make_array((2, 3, 9, 8), dtype, layout, seed=1)
            w = make_array((4, 3, 3, 2), dtype, "C", seed=2)
            want = make_array((2, 4, 7, 7), dtype, layout, seed=3)
            got = want.copy(order="K")
            conv(x, w, want)
            compiled(x, w, got)
            assert np.array_equal(got, want), (dtype, layout)
    x = np.ones((1, 0, 4, 4))                       # empty reduction loops; empty outputs
    for w_shape, rs_shape in [((2, 0, 1, 1), (1, 2, 4, 4)), ((2, 1, 1, 1), (1, 2, 4, 0))]:
        rs = np.arange(np.prod(rs_shape), dtype=np.float64).reshape(rs_shape)
        got = rs.copy()
        compiled(x[:, :w_shape[1]] if w_shape[1] else x, np.ones(w_shape), got)
        assert np.array_equal(got, rs)


def test_matmul_order_with_nan_inf_and_c_sharing_memory():
    compiled = njit(matmul_ijk)
    a = make_array((5, 7), np.float64, "C", seed=4)
    b = make_array((7, 6), np.float64, "F", seed=5)
    a[1, 2], b[3, 4] = np.nan, np.inf
    want, got = np.zeros((5, 6)), np.zeros((5, 6))
    matmul_ijk(a, b, want)
    compiled(a, b, got)
    np.testing.assert_array_equal(got, want)
    square = make_array((6, 6), np.float64, "C", seed=6)    # c is a (c += a @ a in place, element order)
    want, got = square.copy(), square.copy()
    matmul_ijk(want, want, want)
    compiled(got, got, got)
    np.testing.assert_array_equal(got, want)
    base = make_array((8, 8), np.float64, "C", seed=7)      # c a view inside b
    want, got = base.copy(), base.copy()
    matmul_ijk(want[:6, :5], want, want[2:, 3:])
    compiled(got[:6, :5], got, got[2:, 3:])
    np.testing.assert_array_equal(got, want)


def test_overlapping_arrays_keep_the_written_order():
    compiled = njit(smooth)
    for dtype in (np.int64, np.float64):
        a = make_array((40,), dtype, "C", seed=8)
        plain, swapped, got = a.copy(), a.copy(), a.copy()
        smooth(plain, plain, 4)
        smooth_reordered(swapped, swapped, 4)
        assert not np.array_equal(plain, swapped)           # the case tells the two orders apart
        compiled(got, got, 4)
        np.testing.assert_array_equal(got, plain)
        plain, got = a.copy(), a.copy()                     # a shifted view of the same buffer
        smooth(plain[3:], plain[:-3], 4)
        compiled(got[3:], got[:-3], 4)
        np.testing.assert_array_equal(got, plain)
        b = make_array((40,), dtype, "C", seed=9)           # separate arrays: the reordered nest
        plain, got = a.copy(), a.copy()
        smooth(plain, b, 5)
        compiled(got, b, 5)
        np.testing.assert_array_equal(got, plain)
        compiled(got, b, 50)                             # empty ranges: nothing changes
        np.testing.assert_array_equal(got, plain)
        a, b = make_array((1300,), dtype, "C", seed=10), make_array((1310,), dtype, "C", seed=11)
        for args in [(b, 7), (b[5:], 3), (None, 9)]:           # blocks of 512 (and a partial one)
            plain, got = a.copy(), a.copy()
            smooth(plain, plain if args[0] is None else args[0], args[1])
            compiled(got, got if args[0] is None else args[0], args[1])
            np.testing.assert_array_equal(got, plain)


def test_a_zero_stride_target_keeps_the_written_order():
    compiled = njit(smooth)                     # every a[p] is one element: p's order matters
    b = make_array((30,), np.float64, "C", seed=12)
    want, got = np.zeros(1), np.zeros(1)
    smooth(np.lib.stride_tricks.as_strided(want, (20,), (0,)), b, 4)
    compiled(np.lib.stride_tricks.as_strided(got, (20,), (0,)), b, 4)
    assert got[0] == want[0]


def test_loop_variables_read_after_the_nest():
    compiled = njit(uses_index_after)
    a, b = np.zeros(5), np.arange(3.0)
    want_a, got_a = a.copy(), a.copy()
    assert compiled(got_a, b) == uses_index_after(want_a, b)
    np.testing.assert_array_equal(got_a, want_a)


@pytest.mark.skipif(IS_NUMBA, reason="numjit's own transformation")
def test_the_nests_are_versioned():
    no_clone = 'asm sideeffect "", ""() noduplicate'  # loops never cloned (compile time): the
    compiled = njit(conv)                       # fallback's, and those around the moved one
    compiled(np.zeros((1, 1, 3, 3)), np.zeros((1, 1, 2, 2)), np.zeros((1, 1, 2, 2)))
    text = compiled.inspect_llvm(compiled.signatures[0])
    assert "nest.reordered" in text and text.count(no_clone) == 7 + 2
    compiled = njit(smooth)
    compiled(np.zeros(8), np.zeros(8), 2)
    text = compiled.inspect_llvm(compiled.signatures[0])
    assert "nest.reordered" in text and text.count(no_clone) == 2
    compiled = njit(uses_index_after)
    compiled(np.zeros(2), np.zeros(2))
    text = compiled.inspect_llvm(compiled.signatures[0])
    assert "nest.reordered" not in text and no_clone not in text
    compiled = njit(matmul_ijk)                 # Fortran-ordered c: its first index's loop moves
    compiled(np.zeros((3, 2)), np.zeros((2, 4)), np.zeros((3, 4), order="F"))
    assert all("nest.reordered" in text for text in compiled.inspect_llvm().values())


def maybe_unbound(n, flag):
    if flag:
        out = np.zeros(n)
    for p in range(n):
        for r in range(3):
            out[p] += r * 0.5
    return n


def test_an_unbound_array_raises_where_python_does():
    compiled = njit(maybe_unbound)
    assert compiled(0, False) == maybe_unbound(0, False) == 0       # empty nest: nothing read
    assert compiled(4, True) == 4
    for fn in (maybe_unbound, compiled):
        with pytest.raises(UnboundLocalError):
            fn(4, False)
    assert IS_NUMBA or "nest.reordered" in compiled.inspect_llvm(compiled.signatures[0])


def shifted(a, b, c, n0, n1, n2):
    for i in range(n0):
        for p in range(1, n1):
            for r in range(n2 - 1, -1, -1):
                a[i, p] -= b[i + r, p] * c[r] + 1


@given(st.integers(0, 4), st.integers(0, 9), st.integers(0, 4), st.integers(0, 3), st.integers(0, 3),
       st.booleans(), st.booleans())
@settings(max_examples=25, deadline=None)
@example(2, 9, 3, 3, 1, True, False)        # a row of a is read through b: the orders differ
@example(3, 8, 4, 2, 0, True, False)
def test_views_of_one_buffer_match_python(n0, n1, n2, row, col, same_buffer, transpose):
    """a and b views of one buffer (overlapping or not) or separate buffers, c a third."""
    compiled = _compiled_shifted()
    buffer = np.arange(12 * 13, dtype=np.float64).reshape(12, 13) % 7
    want, got = buffer.copy(), buffer.copy()
    c = np.linspace(0.5, 2.0, max(n2, 1))
    for data in (want, got):
        a = data[row:row + n0, col:col + n1]
        b = data if same_buffer else data.copy()
        if transpose:
            b = np.ascontiguousarray(b.T).T
        (shifted if data is want else compiled)(a, b[2:, :], c, n0, n1, n2)
    np.testing.assert_array_equal(got, want)


_shifted = []


def _compiled_shifted():
    if not _shifted:
        _shifted.append(njit(shifted))
    return _shifted[0]
