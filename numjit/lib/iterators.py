"""iter() and next() in compiled code over arrays (their first axis), lists and ranges; next
raises StopIteration at the end (catchable with try/except) or returns its default.

    >>> import numpy as np
    >>> from numjit import njit
    >>> @njit
    ... def firsts(a):
    ...     it = iter(a)
    ...     x = next(it)
    ...     return x, next(it), next(it, -1.0), next(it, -1.0)
    >>> firsts(np.array([1.5, 2.5, 3.5]))
    (1.5, 2.5, 3.5, -1.0)
"""
import numpy as np

from ..types import Array, List
from ..types.iterators import IteratorType
from ..types.scalars import Number, unify
from ..types.slices import RangeType
from ..typing.registry import overload
from ..intrinsics.iterators import make_iterator, iterator_state, range_parts


def iter_impl(seq):
    return make_iterator(seq, np.zeros(1, np.int64))


def iter_range_impl(r):
    return make_iterator(range_parts(r), np.zeros(1, np.int64))


def iter_self_impl(it):
    return it


@overload(iter)
def iter_(x):
    if isinstance(x, IteratorType):
        return iter_self_impl
    if isinstance(x, List) or (isinstance(x, Array) and x.ndim >= 1):
        return iter_impl
    if isinstance(x, RangeType):
        return iter_range_impl
    return None


def next_seq_impl(it):
    seq, pos = iterator_state(it)
    k = pos[0]
    if k >= len(seq):
        raise StopIteration
    pos[0] = k + 1
    return seq[k]


def next_seq_default_impl(it, default):
    seq, pos = iterator_state(it)
    k = pos[0]
    if k >= len(seq):
        return default
    pos[0] = k + 1
    return seq[k]


def _range_item(parts, k):
    start, stop, step = parts
    item = start + k * step
    return item, (item < stop) if step > 0 else (item > stop)


def next_range_impl(it):
    parts, pos = iterator_state(it)
    item, ok = _range_item(parts, pos[0])
    if not ok:
        raise StopIteration
    pos[0] += 1
    return item


def next_range_default_impl(it, default):
    parts, pos = iterator_state(it)
    item, ok = _range_item(parts, pos[0])
    if not ok:
        return default
    pos[0] += 1
    return item


@overload(next)
def next_(it, default=None):
    if not isinstance(it, IteratorType):
        return None
    over_range = not isinstance(it.iterable, (List, Array))
    if default is None:
        return next_range_impl if over_range else next_seq_impl
    item = it.iterable.items[0] if over_range else (
        it.iterable.dtype if isinstance(it.iterable, List) or it.iterable.ndim == 1 else None)
    if item is None or not (isinstance(default, Number) and unify(item, default) is not None):
        return None                              # (a default for rows of a 2-d array: not supported)
    return next_range_default_impl if over_range else next_seq_default_impl
