"""LSD radix sorts for long 1-D lanes of bool, integer and float values, used by np.sort,
np.argsort and np.unique (numjit/lib/numpy_sorting.py) past RADIX_MIN elements.

Each value's key is `sort_key(x)` (numjit/intrinsics/sortkeys.py: unsigned order = NumPy's
order, NaN last, -0.0 equal to 0.0). One pass over the lane counts every key byte; each byte that
is not the same for all values then moves the lane once, stably, into a second buffer. Random
doubles in [0, 1) take 7 passes, int64s in [0, 1000) take 2. argsort moves (key, index) pairs, so
it is stable: NumPy's kind='stable' order exactly.

`radix_sort(a)` / `radix_argsort(v, out)` return False, sorting nothing, for other dtypes;
radix_argsort of complex numbers sorts their parts (complex_argsort).

    >>> from numjit.types import float64, complex128
    >>> radix_sort_typer(float64[::1]).__name__, radix_sort_typer(complex128[::1]).__name__
    ('sort_by_bytes', 'no_radix')
"""
import numpy as np

from ..intrinsics.sortkeys import sort_key, key_bytes
from ..types import Complex
from ..typing.registry import overload
from .guards import array_of, specialized

RADIX_MIN = 1024


def radix_sort(a):
    """Sort the 1-D a in place by its keys' bytes (True), or leave it (False: no radix key)."""


def radix_argsort(v, out):
    """out[:] = the stable sorting permutation of the 1-D v (True), or False (no radix key)."""


def _offsets(counts, d, n, first):
    """Where each bucket of byte d starts; starts[0] == -1 when every key has the byte `first`."""
    starts = np.empty(256, np.int64)
    if counts[d, first] == n:
        starts[0] = -1
        return starts
    total = 0
    for b in range(256):
        starts[b] = total
        total += counts[d, b]
    return starts


@specialized
def _sorter(nbytes):
    def count_bytes(a):
        counts = np.zeros((nbytes, 256), np.int64)
        for i in range(len(a)):
            k = sort_key(a[i])
            for d in range(nbytes):
                counts[d, (k >> (8 * d)) & 255] += 1
        return counts

    def move(src, dst, starts, d):
        shift = 8 * d
        for i in range(len(src)):
            x = src[i]
            b = (sort_key(x) >> shift) & 255
            dst[starts[b]] = x
            starts[b] += 1

    def sort_by_bytes(a):
        n = len(a)
        counts = count_bytes(a)
        first = sort_key(a[0])
        tmp = np.empty(n, a.dtype)
        in_tmp = False
        for d in range(nbytes):
            starts = _offsets(counts, d, n, (first >> (8 * d)) & 255)
            if starts[0] < 0:
                continue
            if in_tmp:
                move(tmp, a, starts, d)
            else:
                move(a, tmp, starts, d)
            in_tmp = not in_tmp
        if in_tmp:
            for i in range(n):
                a[i] = tmp[i]
        return True
    return sort_by_bytes


@specialized
def _arg_sorter(nbytes):
    def move_pairs(keys, idx, keys_to, idx_to, starts, d):
        shift = 8 * d
        for i in range(len(keys)):
            k = keys[i]
            b = (k >> shift) & 255
            j = starts[b]
            keys_to[j] = k
            idx_to[j] = idx[i]
            starts[b] = j + 1

    def argsort_by_bytes(v, out):
        n = len(v)
        keys = np.empty(n, np.int64)
        counts = np.zeros((nbytes, 256), np.int64)
        for i in range(n):
            k = sort_key(v[i])
            keys[i] = k
            out[i] = i
            for d in range(nbytes):
                counts[d, (k >> (8 * d)) & 255] += 1
        keys_tmp = np.empty(n, np.int64)
        idx_tmp = np.empty(n, np.int64)
        in_tmp = False
        for d in range(nbytes):
            starts = _offsets(counts, d, n, (keys[0] >> (8 * d)) & 255)
            if starts[0] < 0:
                continue
            if in_tmp:
                move_pairs(keys_tmp, idx_tmp, keys, out, starts, d)
            else:
                move_pairs(keys, out, keys_tmp, idx_tmp, starts, d)
            in_tmp = not in_tmp
        if in_tmp:
            for i in range(n):
                out[i] = idx_tmp[i]
        return True
    return argsort_by_bytes


def no_radix(a, out=None):
    return False


def _nbytes(a):
    arr = array_of(a)
    return None if arr is None or arr.ndim != 1 else key_bytes(arr.dtype)


@overload(radix_sort)
def radix_sort_typer(a):
    nbytes = _nbytes(a)
    return no_radix if nbytes is None else _sorter(nbytes)


def complex_argsort(v, out):
    """Complex numbers in NumPy's order (numpy_sorting.less), stably: three radix passes, least
    significant key first: the imaginary parts, the real parts, then the NaN class (none,
    imaginary NaN, real NaN, both: R + Rj < R + nanj < nan + Rj < nan + nanj)."""
    n = len(v)
    re = np.empty(n, np.float64)
    im = np.empty(n, np.float64)
    nan_class = np.empty(n, np.int64)
    any_nan = False
    for i in range(n):
        z = v[i]
        re[i] = z.real
        im[i] = z.imag
        c = (2 if z.real != z.real else 0) + (1 if z.imag != z.imag else 0)
        nan_class[i] = c
        any_nan = any_nan or c != 0
    radix_argsort(im, out)
    step = np.empty(n, np.int64)
    radix_argsort(re[out], step)
    perm = out[step]
    if any_nan:
        radix_argsort(nan_class[perm], step)
        perm = perm[step]
    out[:] = perm
    return True


@overload(radix_argsort)
def radix_argsort_typer(v, out):
    arr = array_of(v)
    if arr is not None and arr.ndim == 1 and isinstance(arr.dtype, Complex):
        return complex_argsort
    nbytes = _nbytes(v)
    return no_radix if nbytes is None else _arg_sorter(nbytes)
