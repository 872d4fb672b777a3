"""np.random.Generator's permuted, multivariate_normal and multivariate_hypergeometric, number
for number NumPy's (numpy/random/_generator.pyx and distributions/random_mvhg_count.c
transcribed), and bytes(length).

permuted(x, axis=None, out=None) shuffles every 1-d slice along `axis` independently (the slices
in C order of the other axes), or with axis=None the whole array in its memory order (C, or F
for an F-ordered result), into a copy of x or into `out`. multivariate_normal draws
standard_normal(size + (d,)) and maps it through np.linalg's svd / eigh / cholesky of cov
(np.random.multivariate_normal, RandomState's, by svd only; np.random.bytes too).
multivariate_hypergeometric(colors, nsample, size=None, method='marginals') draws one univariate
hypergeometric per color but the last (random_mvhg_marginals.c); method='count' counts a partial
Fisher-Yates shuffle of the balls (random_mvhg_count.c).

    >>> from numjit.types.rng import numpy_generator as g
    >>> from numjit.types import float64, int64
    >>> permuted(g, float64[:, :]).__name__, multivariate_normal(g, float64[:], float64[:, :]).__name__
    ('permuted_impl', 'multivariate_normal_impl')
"""
import warnings

import numpy as np

from ..errors import TypingError
from ..intrinsics.buffers import bytes_of
from ..types.rng import NumPyRandomGeneratorType
from ..typing.registry import overload
from .guards import array_of, is_int, is_none, is_number
from .numpy_generator_dists import _axis_of, interval, shuffle_1d
from .numpy_linalg_lapack import const_value
from .numpy_random import _next32, is_size
from .numpy_random_multi import HYPERGEOM_MAX, hypergeometric_draw, vector_shape


# -- permuted -------------------------------------------------------------------------------------

def _c_contiguous(a):
    step = a.itemsize
    for k in range(a.ndim - 1, -1, -1):
        if a.shape[k] != 1:
            if a.strides[k] != step:
                return False
            step *= a.shape[k]
    return True


def _f_contiguous(a):
    step = a.itemsize
    for k in range(a.ndim):
        if a.shape[k] != 1:
            if a.strides[k] != step:
                return False
            step *= a.shape[k]
    return True


def _k_is_fortran(x):
    """Whether x.copy(order='K') is F- and not C-contiguous: x's axes, ordered by decreasing
    |stride| (size-1 axes aside), run from last to first."""
    if _c_contiguous(x) or x.size == 0:
        return False
    if _f_contiguous(x):
        return True
    last = 0
    for k in range(x.ndim):
        if x.shape[k] != 1:
            s = abs(x.strides[k])
            if last != 0 and s < last:
                return False
            last = s
    return True


def _shuffle_flat(g, a, fortran):
    """NumPy's shuffle of a.ravel(order='A'): the elements in C order, or F order."""
    if fortran:
        t = a.T
        vals = t.flatten()
        shuffle_1d(g, vals)
        t[...] = vals.reshape(t.shape)
    else:
        vals = a.flatten()
        shuffle_1d(g, vals)
        a[...] = vals.reshape(a.shape)


def _shuffle_slices(g, a, axis):
    """Every 1-d slice along `axis` shuffled, the slices in C order of the other axes."""
    z = np.moveaxis(a, _axis_of(axis, a.ndim), -1)
    if z.size == 0:
        return
    w = z.copy()
    rows = w.reshape(-1, z.shape[-1])
    for r in range(len(rows)):
        shuffle_1d(g, rows[r])
    z[...] = w


def _permuted_into(g, x, axis, out, given):
    if out.shape != x.shape:
        raise ValueError("out must have the same shape as x")
    if given:
        out[...] = x
    if axis is None:
        if x.ndim == 1:
            shuffle_1d(g, out)
        elif given:
            _shuffle_flat(g, out, _f_contiguous(out) and not _c_contiguous(out))
        else:
            _shuffle_flat(g, out, _k_is_fortran(x))
    else:
        _shuffle_slices(g, out, axis)
    return out


def permuted_impl(g, x, axis=None, out=None):
    return _permuted_into(g, x, axis, x.copy(), False)


def permuted_out(g, x, axis=None, out=None):
    return _permuted_into(g, x, axis, out, True)


@overload("generator.permuted")
def permuted(g, x, axis=None, out=None):
    arr = array_of(x)
    if not isinstance(g, NumPyRandomGeneratorType) or arr is None:
        return None
    if not (axis is None or is_none(axis) or is_int(axis)):
        return None
    if arr.ndim == 0:
        raise TypingError("Generator.permuted(): x must be at least 1-d")
    if out is None or is_none(out):
        return permuted_impl
    o = array_of(out)
    if o is None or o.ndim != arr.ndim:
        raise TypingError("Generator.permuted(): out must be an array of x's dimensions")
    if o.readonly:
        raise TypingError("Generator.permuted(): out is read-only")
    if not np.can_cast(np.dtype(arr.dtype.name), np.dtype(o.dtype.name), "safe"):
        raise TypingError(f"Generator.permuted(): cannot cast {arr.dtype} to out's {o.dtype} safely")
    return permuted_out


# -- bytes ----------------------------------------------------------------------------------------

def _uint32_count(length):
    """NumPy's (length - 1) // 4 + 1 in C's division (so 1 for length 0)."""
    q = length - 1
    return (q // 4 if q >= 0 else -(-q // 4)) + 1


def _cut(words, length):
    """The uint32 words' little-endian bytes (this machine's order: numjit targets the host) cut
    to `length` as a Python slice."""
    return bytes_of(np.ascontiguousarray(words.view(np.uint8)[:length]))


def bytes_impl(g, length):
    return _cut(g.integers(0, 4294967296, size=_uint32_count(length), dtype=np.uint32), length)


def legacy_bytes_impl(length):
    """RandomState's: randint(0, 2**32, dtype=np.uint32), i.e. whole 32-bit MT19937 outputs."""
    words = np.empty(_uint32_count(length), np.uint32)
    for i in range(len(words)):
        words[i] = np.uint32(_next32())
    return _cut(words, length)


@overload("generator.bytes")
def generator_bytes(g, length):
    return bytes_impl if isinstance(g, NumPyRandomGeneratorType) and is_int(length) else None


@overload(np.random.bytes)
def legacy_bytes(length):
    return legacy_bytes_impl if is_int(length) else None


# -- multivariate_normal --------------------------------------------------------------------------

NOT_PSD = "covariance is not symmetric positive-semidefinite."


def _mvn_factors(method, check):
    """factor(cov, tol): A (x @ A.T has covariance cov) by `method`; svd_checked(cov, tol): cov's
    svd; both after NumPy's check_valid ('warn': a RuntimeWarning, and on)."""
    def not_psd():
        if check == "raise":
            raise ValueError(NOT_PSD)
        warnings.warn(NOT_PSD, RuntimeWarning)

    def svd_checked(cov, tol):
        u, s, vh = np.linalg.svd(cov)
        if check != "ignore":
            if not np.allclose(np.dot(vh.T * s, vh), cov, rtol=tol, atol=tol):
                not_psd()
        return u, s, vh

    def factor(cov, tol):
        if method == "svd":
            u, s, vh = svd_checked(cov, tol)
            return u * np.sqrt(s)
        if method == "eigh":
            s, u = np.linalg.eigh(cov)
            if check != "ignore":
                if np.any(s < -tol):
                    not_psd()
            return u * np.sqrt(np.abs(s))
        return np.linalg.cholesky(cov)
    return factor, svd_checked


def _mvn_shape(mean, cov, size):
    """size + (d,), after NumPy's checks of mean and cov."""
    d = len(mean)
    if cov.shape[0] != cov.shape[1]:
        raise ValueError("cov must be 2 dimensional and square")
    if d != cov.shape[0]:
        raise ValueError("mean and cov must have same length")
    return vector_shape(size, d)


def _multivariate_normal_impl(method, check):
    factor = _mvn_factors(method, check)[0]

    def multivariate_normal_impl(g, mean, cov, size=None, check_valid="warn", tol=1e-8, method="svd"):
        shape = _mvn_shape(mean, cov, size)
        x = g.standard_normal(shape).reshape(-1, len(mean))
        a = factor(cov.astype(np.float64), tol)
        y = mean + x @ np.ascontiguousarray(a.T)
        return y.reshape(shape)
    return multivariate_normal_impl


def _legacy_multivariate_normal_impl(check):
    """RandomState's: svd only, x @ (sqrt(s)[:, None] * v) + mean."""
    svd_checked = _mvn_factors("svd", check)[1]

    def legacy_multivariate_normal_impl(mean, cov, size=None, check_valid="warn", tol=1e-8):
        shape = _mvn_shape(mean, cov, size)
        x = np.random.standard_normal(shape).reshape(-1, len(mean))
        _u, s, v = svd_checked(cov.astype(np.float64), tol)
        y = np.dot(x, np.sqrt(s)[:, None] * v)
        y += mean
        return y.reshape(shape)
    return legacy_multivariate_normal_impl


def _mvn_args(mean, cov, size, tol, check_valid, what):
    """NumPy's check_valid (a constant), when the arguments fit, else None."""
    m, c = array_of(mean), array_of(cov)
    if m is None or c is None:
        return None
    if m.ndim != 1:
        raise TypingError(f"{what}: mean must be 1 dimensional")
    if c.ndim != 2:
        raise TypingError(f"{what}: cov must be 2 dimensional and square")
    if m.dtype.name.startswith("complex") or c.dtype.name.startswith("complex"):
        raise TypingError(f"{what}: mean and cov must not be complex")
    if not (size is None or is_none(size) or is_size(size)) or not (tol is None or is_none(tol) or is_number(tol)):
        return None
    return const_value(check_valid, "warn", ("warn", "raise", "ignore"), f"{what}'s check_valid")


@overload("generator.multivariate_normal")
def multivariate_normal(g, mean, cov, size=None, check_valid=None, tol=None, method=None):
    if not isinstance(g, NumPyRandomGeneratorType):
        return None
    check = _mvn_args(mean, cov, size, tol, check_valid, "Generator.multivariate_normal()")
    if check is None:
        return None
    way = const_value(method, "svd", ("svd", "eigh", "cholesky"), "Generator.multivariate_normal()'s method")
    return _multivariate_normal_impl(way, "ignore" if way == "cholesky" else check)


@overload(np.random.multivariate_normal)
def legacy_multivariate_normal(mean, cov, size=None, check_valid=None, tol=None):
    check = _mvn_args(mean, cov, size, tol, check_valid, "np.random.multivariate_normal()")
    return None if check is None else _legacy_multivariate_normal_impl(check)


# -- multivariate_hypergeometric ------------------------------------------------------------------

INT64_MAX = np.iinfo(np.int64).max


def _checked_colors(colors, nsample):
    if nsample < 0:
        raise ValueError("nsample must be nonnegative.")
    total = np.int64(0)
    for c in colors:
        if c < 0:
            raise ValueError("colors must be a one-dimensional sequence of nonnegative integers not exceeding "
                             "9223372036854775807.")
        if np.int64(c) > INT64_MAX - total:
            raise ValueError("sum(colors) must not exceed the maximum value of a 64 bit signed integer "
                             "(9223372036854775807)")
        total += np.int64(c)
    if nsample > total:
        raise ValueError("nsample > sum(colors)")
    return total


def multivariate_hypergeometric_count(g, colors, nsample, size=None, method="marginals"):
    total = _checked_colors(colors, nsample)
    num_colors = len(colors)
    out = np.zeros(vector_shape(size, num_colors), np.int64)
    if num_colors == 0 or total == 0 or nsample == 0 or out.size == 0:
        return out
    rows = out.reshape(-1, num_colors)
    choices = np.empty(total, np.int64)
    k = 0
    for i in range(num_colors):
        for _ in range(colors[i]):
            choices[k] = i
            k += 1
    more_than_half = nsample > total // 2
    n = total - nsample if more_than_half else np.int64(nsample)
    for r in range(len(rows)):
        row = rows[r]
        for j in range(n):            # a Fisher-Yates shuffle of choices[:n]; choices carry over
            k = j + interval(g, total - j - 1)
            t = choices[k]
            choices[k] = choices[j]
            choices[j] = t
        for j in range(n):
            row[choices[j]] += 1
        if more_than_half:
            for c in range(num_colors):
                row[c] = colors[c] - row[c]
    return out


def multivariate_hypergeometric_marginals(g, colors, nsample, size=None, method="marginals"):
    total = _checked_colors(colors, nsample)
    if total >= HYPERGEOM_MAX:
        raise ValueError('When method is "marginals", sum(colors) must be less than 1000000000.')
    num_colors = len(colors)
    out = np.zeros(vector_shape(size, num_colors), np.int64)
    if num_colors == 0 or total == 0 or nsample == 0 or out.size == 0:
        return out
    rows = out.reshape(-1, num_colors)
    more_than_half = nsample > total // 2
    n = total - nsample if more_than_half else np.int64(nsample)
    for r in range(len(rows)):
        row = rows[r]
        left = n
        remaining = total
        j = 0
        while left > 0 and j + 1 < num_colors:
            remaining -= colors[j]
            row[j] = hypergeometric_draw(g, np.int64(colors[j]), remaining, left)
            left -= row[j]
            j += 1
        if left > 0:
            row[num_colors - 1] = left
        if more_than_half:
            for c in range(num_colors):
                row[c] = colors[c] - row[c]
    return out


@overload("generator.multivariate_hypergeometric")
def multivariate_hypergeometric(g, colors, nsample, size=None, method=None):
    c = array_of(colors)
    if not isinstance(g, NumPyRandomGeneratorType) or c is None or not is_int(nsample):
        return None
    if c.ndim != 1 or not c.dtype.name.startswith(("int", "uint")):
        raise TypingError("Generator.multivariate_hypergeometric(): colors must be a 1-d array of integers")
    if not (size is None or is_none(size) or is_size(size)):
        return None
    way = const_value(method, "marginals", ("count", "marginals"), "Generator.multivariate_hypergeometric()'s method")
    return multivariate_hypergeometric_marginals if way == "marginals" else multivariate_hypergeometric_count
