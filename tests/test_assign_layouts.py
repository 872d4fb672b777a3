"""Assignment into array views vs. NumPy on the same inputs: `d[...] = src`, `d[view] = expr`,
`a.T[:] = b`, `a[::2] = b`, `a[:, ::-1] = scalar`, with sources broadcast from rows, columns, 0-d
arrays and scalars, over destinations in C, F, strided, reversed and transposed layouts (0-d to 3-d,
empty too), with casts (int→float, float64→float32, float→int), and with source and destination
views of one array (NumPy's result, copy-first or in its 1-d copy order).

These exercise the layout-ordered, strength-reduced assignment loop (intrinsics/arrayexpr.py
`_assign_loop`, `_by_layout`, `_strided_nest`, with its unit-stride and no-vectorise versions).
A few functions are compiled and each one run over many inputs.
"""
import numpy as np
import pytest

from helpers import make_array
from impl import njit
from test_numpy_edit import same

LAYOUTS = ["C", "F", "strided", "negstride", "transposed"]
SHAPES = {1: [(7,), (1,), (0,)], 2: [(3, 5), (1, 4), (4, 1), (0, 3)], 3: [(2, 3, 4), (3, 1, 5), (2, 0, 3)]}


def run_both(fn, compiled, *args):
    """fn and compiled on copies of the same (possibly non-contiguous) arrays: results and the
    arrays written must agree."""
    want_args, got_args = [_same_layout_copy(a) for a in args], [_same_layout_copy(a) for a in args]
    want, got = fn(*want_args), compiled(*got_args)
    same(got, want)
    for g, w in zip(got_args, want_args):
        if isinstance(w, np.ndarray):
            same(g, w)


def _same_layout_copy(a):
    """A fresh array with a's values and a's layout: contiguous (C or F), every-other-element or
    reversed axes as a has them, so the layout under test reaches the compiled code."""
    if not isinstance(a, np.ndarray) or a.ndim == 0:
        return a.copy() if isinstance(a, np.ndarray) else a
    flip = tuple(slice(None, None, -1) if s < 0 else slice(None) for s in a.strides)
    p = a[flip]
    if p.flags.c_contiguous or p.flags.f_contiguous:
        out = np.empty_like(p, order="C" if p.flags.c_contiguous else "F")
    else:
        out = np.empty(tuple(2 * s for s in p.shape), p.dtype)[tuple(slice(None, None, 2) for _ in p.shape)]
    out = out[flip]
    out[...] = a
    assert out.strides == a.strides or 0 in a.shape or 1 in a.shape
    return out


def broadcast_fill(d, full, row, col, zero_d, x):
    d[...] = full
    r0 = d.copy()
    d[...] = row
    r1 = d.copy()
    d[...] = col * zero_d
    r2 = d.copy()
    d[...] = x
    return r0, r1, r2


def sources(shape, dtype, layout, seed):
    nd = len(shape)
    full = make_array(shape, dtype, layout, seed)
    row = make_array(shape[1:] if nd > 1 else shape, dtype, "C", seed + 1)
    col = make_array(shape[:-1] + (1,), dtype, "C", seed + 2)
    return full, row, col, make_array((1,), dtype, "C", seed + 3).reshape(())


# (destination, source) layouts; each pair is one or two compiled specialisations (C, F or A)
PAIRS = [("C", "C"), ("transposed", "negstride"), ("negstride", "strided"), ("strided", "F")]


def test_broadcast_sources_every_destination_layout():
    f = njit(broadcast_fill)
    for nd, shapes in SHAPES.items():
        for shape in shapes:
            for i, (dlayout, slayout) in enumerate(PAIRS):
                d = make_array(shape, np.float64, dlayout, i)
                run_both(broadcast_fill, f, d, *sources(shape, np.int64, slayout, i + 10), 2.5)


def cast_fill(d, s, x):
    d[...] = s
    r = d.copy()
    d[::-1, ::2] = x
    d[1:] = s[:-1] * 3
    return r


def test_casts():
    f = njit(cast_fill)
    for dst, src in [(np.float32, np.float64), (np.float64, np.int32), (np.int16, np.float64)]:
        for i, layout in enumerate(["C", "negstride"]):
            for shape in [(3, 4), (1, 5), (0, 2)]:
                d = make_array(shape, dst, layout, i)
                run_both(cast_fill, f, d, make_array(shape, src, "strided", i + 1), 3)


def zero_d(d, s, x):
    d[...] = s
    r = d.copy()
    d[...] = x
    return r


def test_zero_d_destination():
    f = njit(zero_d)
    for dt in (np.float64, np.float32):
        run_both(zero_d, f, np.array(1.5, dt), np.array(7), -2.25)
        run_both(zero_d, f, np.array(1.5, dt), np.array(3.5, np.float64), 4)


def views2(a, b, v, x):
    a.T[:] = b
    r0 = a.copy()
    a[::2] = v
    r1 = a.copy()
    a[:, ::-1] = x
    r2 = a.copy()
    a[::-1, 1:] = v[1:] * x - b[0, 0]
    r3 = a.copy()
    a[:, 0] = b[0, :a.shape[0]]
    a[::2, ::-2] = b.T[::2, ::-2] + v[::-2]
    return r0, r1, r2, r3


def views3(z, x, y):
    z[:, :, 0] = x.reshape(-1, 1)
    z[:, :, 1] = x
    z[::2, ::-1, 2] = y
    r = z.copy()
    z.T[:] = 0.5
    z[1:, :, ::2] = z.shape[1] + x[0]
    z.transpose(1, 0, 2)[::-1] = x.reshape(-1, 1, 1)[:z.shape[1]]
    return r


def test_view_targets():
    f2, f3 = njit(views2), njit(views3)
    for i, layout in enumerate(LAYOUTS):
        for n, m in [(4, 6), (5, 5), (3, 8)]:
            a = make_array((n, m), np.float64, layout, i)
            b = make_array((m, n), np.int32, "strided", i + 1)
            v = make_array((m,), np.float64, "negstride", i + 2)
            run_both(views2, f2, a, b, v, -1.5)
        for n in (3, 6):
            z = make_array((n, n, 3), np.float32, layout, i)
            x = make_array((n * n,), np.float64, "C", i)[:n]
            y = make_array((n,), np.int64, "negstride", i)
            run_both(views3, f3, z, x, y)


def overlap1(a):
    a[1:] = a[:-1]
    r0 = a.copy()
    a[:-1] = a[1:]
    r1 = a.copy()
    a[::-1] = a
    r2 = a.copy()
    a[::2] = a[1::2]
    r3 = a.copy()
    a[1::2] = a[-2::-2]
    r4 = a.copy()
    a[1:] = a[:-1] * 2 + 1
    r5 = a.copy()
    a[::5] = a[1:a[::5].shape[0] + 1]
    r6 = a.copy()
    a[2:] = a[:1]
    return r0, r1, r2, r3, r4, r5, r6


def overlap2(a):
    a[...] = a.T
    r0 = a.copy()
    a[1:] = a[:-1]
    r1 = a.copy()
    a[:, 1:] = a[:, :-1] + a[:, 1:]
    r2 = a.copy()
    a[::-1] = a
    r3 = a.copy()
    a[:, ::-1] = a[::-1]
    r4 = a.copy()
    a[1:, 1:] = a[:-1, :-1].T
    r5 = a.copy()
    a[...] = a[0]
    r6 = a.copy()
    a[1:] = a[:1] * 3
    r7 = a.copy()
    a.T[:] = a[:, :1] - a
    return r0, r1, r2, r3, r4, r5, r6, r7


def overlap3(z):
    z[1:] = z[:-1]
    r0 = z.copy()
    z[:, :, 0] = z[:, :, 1]
    r1 = z.copy()
    z[...] = z[:, :1] + z[:1]
    r2 = z.copy()
    z.T[:] = z.T[::-1]
    return r0, r1, r2


def test_overlapping_views():
    f1, f2, f3 = njit(overlap1), njit(overlap2), njit(overlap3)
    for i, layout in enumerate(["C", "strided", "negstride"]):    # C and A; a.T covers F
        for n in (10, 12):
            run_both(overlap1, f1, make_array((n,), np.float64, layout, i))
        for n in (1, 4, 5):
            run_both(overlap2, f2, make_array((n, n), np.int64, layout, i))
        run_both(overlap3, f3, make_array((3, 3, 3), np.float64, layout, i))


def mismatch(d, s):
    d[...] = s


def test_shape_mismatch_raises_like_numpy():
    f = njit(mismatch)
    for dshape, sshape in [((3, 4), (3,)), ((3, 4), (2, 4)), ((0, 4), (2, 4)), ((4,), (5,))]:
        d, s = np.zeros(dshape), np.ones(sshape)
        with pytest.raises(ValueError):
            mismatch(d, s)
        with pytest.raises(ValueError):
            f(d.copy(), s)
