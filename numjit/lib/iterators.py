"""iter() and next() in compiled code over arrays (their first axis), lists, ranges, tuples
of one item type, strings, dicts and their views (keys, values, items), and over `zip(...)`
and `enumerate(...)` of those used as values; next raises StopIteration at the end (catchable
with try/except) or returns its default, which may be of another type than the items when the
two unify (`next(it, None)` gives an optional, checked with `is None`). `has_next(it)`, the step
of a `for` loop over a zip or enumerate value or a dict's iterator (intrinsics/iterators.py),
tells whether next(it) has an item; a zip's takes the items of its first iterators when a later
one is exhausted, as Python's next(zip) does before it stops.

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

from ..types import Array, List, Tuple
from ..types.dicts import DictType, DictView, DELETED
from ..types.iterators import IteratorType, ZipType, EnumerateType
from ..types.scalars import unify, int64, is_intlike
from ..types.slices import RangeType
from ..types.strings import is_str, as_value
from ..typing.registry import overload
from ..intrinsics.iterators import (make_iterator, iterator_state, range_parts, item_type, uniform_tuple, make_zip,
                                    zip_parts, make_enumerate, enumerate_parts)
from ..intrinsics.dicts import table_of, entries, hash_at, key_at, value_at


def iter_impl(seq):
    return make_iterator(seq, np.zeros(1, np.int64))


def iter_range_impl(r):
    return make_iterator(r, np.zeros(1, np.int64))


def iter_self_impl(it):
    return it


def iter_table_impl(v):
    position = np.zeros(2, np.int64)             # the next entry, the dict's size when iter() was called
    position[1] = len(table_of(v))
    return make_iterator(v, position)


def _table_items(v):
    """What iterating the dict or dict view v gives, else None."""
    if isinstance(v, DictType):
        return None if v.incomplete else v.key_type
    return v.item_type if isinstance(v, DictView) else None


@overload(iter)
def iter_(x):
    if isinstance(x, (IteratorType, ZipType, EnumerateType)):
        return iter_self_impl
    if isinstance(x, List) or (isinstance(x, Array) and x.ndim >= 1) or uniform_tuple(x):
        return iter_impl
    if is_str(x):
        return iter_impl, (as_value(x),)
    if isinstance(x, RangeType):
        return iter_range_impl
    if _table_items(x) is not None:
        return iter_table_impl
    return None


def next_seq_impl(it):
    seq, pos = iterator_state(it)
    k = pos[0]
    if k >= len(seq):
        raise StopIteration
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


def items_of(it):
    """The type of next(it)'s items, or None where `it` is no iterator of this module."""
    if isinstance(it, IteratorType):
        item = item_type(it.iterable)
        return item if item is not None else _table_items(it.iterable)
    if isinstance(it, ZipType):
        items = [items_of(i) for i in it.iterators]
        return None if None in items else Tuple(items)
    if isinstance(it, EnumerateType):
        item = items_of(it.iterator)
        return None if item is None else Tuple((int64, item))
    return None


def _iterable(x):
    """Can iter(x) make an iterator of this module?"""
    return iter_(x) is not None


@overload(next)
def next_(it, default=None):
    if isinstance(it, ZipType):
        step = _NEXT_ZIP.get(len(it.iterators))
    elif isinstance(it, EnumerateType):
        step = next_enumerate_impl
    elif isinstance(it, IteratorType) and _table_items(it.iterable) is not None:
        step = _NEXT_ENTRY[it.iterable.what if isinstance(it.iterable, DictView) else "keys"]
    elif isinstance(it, IteratorType):
        step = next_range_impl if isinstance(it.iterable, RangeType) else next_seq_impl
    else:
        return None
    if step is None or default is None:
        return step
    item = items_of(it)
    if item is None or unify(item, default) is None:
        return None                              # (no one type holds an item and the default)
    return next_default_impl


def next_default_impl(it, default):
    if has_next(it):
        return next(it)
    return default


# -- has_next: the step of a `for` loop over zip, enumerate and dict iterators -----------------------

def has_next(it):
    """(compiled code only) does next(it) have an item?"""
    raise NotImplementedError("has_next runs in compiled code only")


def has_next_seq_impl(it):
    seq, pos = iterator_state(it)
    return pos[0] < len(seq)


def has_next_range_impl(it):
    r, pos = iterator_state(it)
    return _range_item(range_parts(r), pos[0])[1]


def has_next_enumerate_impl(e):
    it, count = enumerate_parts(e)
    return has_next(it)


def has_next_zip1_impl(z):
    (a,) = zip_parts(z)
    return has_next(a)


def has_next_zip2_impl(z):
    a, b = zip_parts(z)
    if not has_next(a):
        return False
    if not has_next(b):
        next(a)                                  # (taken, as Python's zip does before stopping)
        return False
    return True


def has_next_zip3_impl(z):
    a, b, c = zip_parts(z)
    if not has_next(a):
        return False
    if not has_next(b):
        next(a)
        return False
    if not has_next(c):
        next(a)
        next(b)
        return False
    return True


@overload(has_next, "has_next")
def has_next_(it):
    if isinstance(it, ZipType):
        return _HAS_NEXT_ZIP.get(len(it.iterators))
    if isinstance(it, EnumerateType):
        return has_next_enumerate_impl
    if isinstance(it, IteratorType) and item_type(it.iterable) is not None:
        return has_next_range_impl if isinstance(it.iterable, RangeType) else has_next_seq_impl
    if isinstance(it, IteratorType) and _table_items(it.iterable) is not None:
        return has_next_entry_impl
    return None


# -- dict iterators: the live entries in insertion order ----------------------------------------------

def _next_entry(it):
    """(dict, its next live entry or entries(dict) past the last); RuntimeError if its size changed."""
    v, position = iterator_state(it)
    d = table_of(v)
    if len(d) != position[1]:
        raise RuntimeError("dictionary changed size during iteration")
    ix, n = position[0], entries(d)
    while ix < n and hash_at(d, ix) == DELETED:
        ix += 1
    position[0] = ix
    return d, ix, n


def has_next_entry_impl(it):
    d, ix, n = _next_entry(it)
    return ix < n


def _take_entry(it):
    d, ix, n = _next_entry(it)
    if ix >= n:
        raise StopIteration
    iterator_state(it)[1][0] = ix + 1
    return d, ix


def next_key_impl(it):
    d, ix = _take_entry(it)
    return key_at(d, ix)


def next_value_impl(it):
    d, ix = _take_entry(it)
    return value_at(d, ix)


def next_item_impl(it):
    d, ix = _take_entry(it)
    return key_at(d, ix), value_at(d, ix)


_NEXT_ENTRY = {"keys": next_key_impl, "values": next_value_impl, "items": next_item_impl}


# -- zip and enumerate as values --------------------------------------------------------------------

def zip1_impl(a):
    return make_zip((iter(a),))


def zip2_impl(a, b):
    return make_zip((iter(a), iter(b)))


def zip3_impl(a, b, c):
    return make_zip((iter(a), iter(b), iter(c)))


@overload(zip)
def zip_(*iterables):
    if not all(_iterable(x) for x in iterables):
        return None
    return _ZIP.get(len(iterables))


def next_zip1_impl(z):
    (a,) = zip_parts(z)
    return (next(a),)


def next_zip2_impl(z):
    a, b = zip_parts(z)
    return next(a), next(b)


def next_zip3_impl(z):
    a, b, c = zip_parts(z)
    return next(a), next(b), next(c)


def enumerate_impl(x, start=0):
    return make_enumerate(iter(x), np.full(1, start, np.int64))


@overload(enumerate)
def enumerate_(x, start=None):
    if not _iterable(x) or not (start is None or is_intlike(start)):
        return None
    return enumerate_impl


def next_enumerate_impl(e):
    it, count = enumerate_parts(e)
    item = next(it)
    k = count[0]
    count[0] = k + 1
    return k, item


_ZIP = {1: zip1_impl, 2: zip2_impl, 3: zip3_impl}
_NEXT_ZIP = {1: next_zip1_impl, 2: next_zip2_impl, 3: next_zip3_impl}
_HAS_NEXT_ZIP = {1: has_next_zip1_impl, 2: has_next_zip2_impl, 3: has_next_zip3_impl}
