"""iter() and next() in compiled code over arrays (their first axis), lists, ranges, tuples
of one item type and strings; next raises StopIteration at the end (catchable with try/except)
or returns its default, which may be of another type than the items when the two unify
(`next(it, None)` gives an optional, checked with `is None`).

    >>> import numpy as np
    >>> from numjit import njit
    >>> @njit
    ... def firsts(a, s):
    ...     it, chars = iter(a), iter(s)
    ...     x = next(it)
    ...     return x, next(it), next(it, -1.0), next(it, -1.0), next(chars), next(chars, "?")
    >>> firsts(np.array([1.5, 2.5, 3.5]), "a")
    (1.5, 2.5, 3.5, -1.0, 'a', '?')
"""
import numpy as np

from ..types import Array, List
from ..types.iterators import IteratorType
from ..types.scalars import unify
from ..types.slices import RangeType
from ..types.strings import is_str, as_value
from ..typing.registry import overload
from ..intrinsics.iterators import make_iterator, iterator_state, range_parts, item_type, uniform_tuple


def iter_impl(seq):
    return make_iterator(seq, np.zeros(1, np.int64))


def iter_range_impl(r):
    return make_iterator(r, np.zeros(1, np.int64))


def iter_self_impl(it):
    return it


@overload(iter)
def iter_(x):
    if isinstance(x, IteratorType):
        return iter_self_impl
    if isinstance(x, List) or (isinstance(x, Array) and x.ndim >= 1) or uniform_tuple(x):
        return iter_impl
    if is_str(x):
        return iter_impl, (as_value(x),)
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
    r, pos = iterator_state(it)
    item, ok = _range_item(range_parts(r), pos[0])
    if not ok:
        raise StopIteration
    pos[0] += 1
    return item


def next_range_default_impl(it, default):
    r, pos = iterator_state(it)
    item, ok = _range_item(range_parts(r), pos[0])
    if not ok:
        return default
    pos[0] += 1
    return item


@overload(next)
def next_(it, default=None):
    if not isinstance(it, IteratorType):
        return None
    over_range = isinstance(it.iterable, RangeType)
    if default is None:
        return next_range_impl if over_range else next_seq_impl
    item = item_type(it.iterable)
    if item is None or unify(item, default) is None:
        return None                              # (no one type holds an item and the default)
    return next_range_default_impl if over_range else next_seq_default_impl
