"""List operations written as plain Python over the list primitives (numjit/intrinsics/lists.py):
`in`, index, count, remove, sort, sorted, sum, min/max, comparisons, list(), extend from any
iterable, np.array of a list (or of a tuple of lists: its rows).

    >>> from numjit.types import float64, int64, List
    >>> contains(List(float64), int64).__name__, sort(List(int64)).__name__
    ('contains_impl', 'sort_impl')

`sort` is a stable merge sort (as Python's is), so equal items keep their order;
with NaN in the list the order differs from CPython's (both are "unspecified").
`key=` takes a function (plain Python, jitted, or a lambda or inner def made in compiled code): the list is
sorted by (key(item), position) pairs, which keeps it stable, then rearranged.
"""
import math
import operator
import sys

import numpy as np

from ..types import Number, Complex, Integer, Tuple, Array, List, Const
from ..types.scalars import float64
from ..types.slices import SliceType
from ..errors import TypingError
from ..typing.registry import overload
from ..misc.special import literal_unroll
from .guards import result_dtype, scalar_class, specialized, is_none
from ..types.strings import is_str

MAX_INDEX = 9223372036854775807


def _comparable(t):
    """Items `==` can compare to give a bool: numbers, strings, enum members, tuples of numbers,
    lists of those."""
    if isinstance(t, List):
        return _comparable(t.dtype)
    return isinstance(t, (Number, Tuple)) or is_str(t) or t.kind in ("enum", "intenum")


def _orderable(t):
    """Items `<` can order: real numbers and booleans, strings, IntEnum members, tuples of them, and
    lists of orderable items (lexicographic, as Python's)."""
    if isinstance(t, List):
        return not t.incomplete and _orderable(t.dtype)
    if isinstance(t, Tuple):
        return all(isinstance(x, Number) and not isinstance(x, Complex) or is_str(x) for x in t.items)
    return isinstance(t, Number) and not isinstance(t, Complex) or is_str(t) or t.kind == "intenum"


def _key_function(key, item):
    """Is `key=` a function compiled code can call (plain Python, jitted, a lambda or inner def)
    on `item`s, giving values `<` can order? (TypingError if what it returns cannot be ordered.)"""
    from .functional import is_function
    from ..intrinsics.closures import call_result
    if not is_function(key):
        return False
    result = call_result(key, (item,))
    if result is not None and (isinstance(result, List) or not _orderable(result)):     # (key, position) pairs
        name = key.pyfunc.__name__ if hasattr(key, "pyfunc") else getattr(key.value, "__name__", key.value)
        raise TypingError(f"the sort key {name}() returns {result}, "
                          "which cannot be ordered as a sort key (numbers, strings and tuples of them can)")
    return True


def _item_type(it):
    if isinstance(it, List):
        return it.dtype
    if isinstance(it, Array) and it.ndim == 1:
        return it.dtype
    return _container_items(it)


def _container_items(it):
    """What iterating a dict, a set, a dict view or an iterator (iter(), zip and enumerate values,
    lib/iterators.py) gives (None for other types)."""
    if it.kind in ("dict", "set") and not it.incomplete:
        return it.key_type
    if it.kind in ("iterator", "zip", "enumerate"):
        from .iterators import items_of
        return items_of(it)
    return it.item_type if it.kind.startswith("dict_") else None


def _number_list(t):
    return isinstance(t, List) and isinstance(t.dtype, Number)


# -- searching ---------------------------------------------------------------------------------------

def contains_impl(lst, value):
    for item in lst:
        if item == value:
            return True
    return False


def not_contains_impl(lst, value):
    return not contains_impl(lst, value)


def nothing_impl(lst, value):
    return False


@overload(operator.contains)
def contains(lst, value):
    if isinstance(lst, List) and lst.incomplete:
        return nothing_impl            # `[]` not typed yet (later appends type it; typing runs again)
    if isinstance(lst, List) and _comparable(lst.dtype) and _comparable(value):
        return contains_impl
    return None


@overload("not in")
def not_contains(lst, value):
    if contains(lst, value) is not None:
        return not_contains_impl
    return None


def _clip(i, n):
    if i < 0:
        i += n
        if i < 0:
            i = 0
    if i > n:
        i = n
    return i


def index_impl(lst, value, start=0, stop=MAX_INDEX):
    n = len(lst)
    for i in range(_clip(start, n), _clip(stop, n)):
        if lst[i] == value:
            return i
    raise ValueError("list.index(x): x not in list")


@overload("list.index")
def index(lst, value, start=None, stop=None):
    if _comparable(lst.dtype) and _comparable(value):
        return index_impl
    return None


def count_impl(lst, value):
    n = 0
    for item in lst:
        if item == value:
            n += 1
    return n


@overload("list.count")
def count(lst, value):
    if _comparable(lst.dtype) and _comparable(value):
        return count_impl
    return None


def remove_impl(lst, value):
    for i in range(len(lst)):
        if lst[i] == value:
            lst.pop(i)
            return
    raise ValueError("list.remove(x): x not in list")


@overload("list.remove")
def remove(lst, value):
    if _comparable(lst.dtype) and _comparable(value):
        return remove_impl
    return None


def del_slice_impl(lst, part):
    lst[part] = []


@overload(operator.delitem)
def del_slice(lst, part):
    """del lst[a:b] (unit step; del lst[i] is a primitive in numjit/intrinsics/lists.py)."""
    if isinstance(lst, List) and isinstance(part, SliceType) and part.unit_step:
        return del_slice_impl
    return None


# -- sorting -----------------------------------------------------------------------------------------

RUN = 16


def _insertion_sort_runs(lst, n):
    for lo in range(0, n, RUN):
        hi = min(lo + RUN, n)
        for i in range(lo + 1, hi):
            v = lst[i]
            j = i - 1
            while j >= lo and v < lst[j]:
                lst[j + 1] = lst[j]
                j -= 1
            lst[j + 1] = v


def _merge_pass(src, dst, n, width):
    for lo in range(0, n, 2 * width):
        mid = min(lo + width, n)
        hi = min(lo + 2 * width, n)
        i, j, k = lo, mid, lo
        while i < mid and j < hi:
            if src[j] < src[i]:              # the left item wins ties: stable
                dst[k] = src[j]
                j += 1
            else:
                dst[k] = src[i]
                i += 1
            k += 1
        while i < mid:
            dst[k] = src[i]
            i += 1
            k += 1
        while j < hi:
            dst[k] = src[j]
            j += 1
            k += 1


def merge_sort(lst):
    n = len(lst)
    _insertion_sort_runs(lst, n)
    if n <= RUN:
        return
    tmp = lst.copy()
    width = RUN
    in_tmp = False
    while width < n:
        if in_tmp:
            _merge_pass(tmp, lst, n, width)
        else:
            _merge_pass(lst, tmp, n, width)
        in_tmp = not in_tmp
        width *= 2
    if in_tmp:
        for i in range(n):
            lst[i] = tmp[i]


def sort_impl(lst, reverse=False):
    if reverse:                  # reversed, stable-sorted, reversed: equal items keep their order
        lst.reverse()
    merge_sort(lst)
    if reverse:
        lst.reverse()


def with_position(k, i):
    """(k, i), or k + (i,) for a tuple k: a flat tuple, which a list can hold."""
    return k + (i,) if isinstance(k, tuple) else (k, i)


def _tuple_with_position(k, i):
    return k + (i,)


def _pair_with_position(k, i):
    return (k, i)


@overload(with_position)
def with_position_typer(k, i):
    return _tuple_with_position if isinstance(k, Tuple) else _pair_with_position


def sort_key_impl(lst, key, reverse=False):
    # sorted by (key, position): stable; for reverse, -position keeps equal keys in order
    decorated = [with_position(key(lst[i]), -i if reverse else i) for i in range(len(lst))]
    sort_impl(decorated, reverse)
    items = lst.copy()
    for k in range(len(lst)):
        j = decorated[k][-1]
        lst[k] = items[-j if reverse else j]


@overload("list.sort")
def sort(lst, reverse=None, key=None):
    if key is not None:
        return sort_key_impl if _key_function(key, lst.dtype) else None
    if _orderable(lst.dtype):
        return sort_impl
    return None


def sorted_list_impl(it, reverse=False):
    out = it.copy()
    sort_impl(out, reverse)
    return out


def sorted_iterable_impl(it, reverse=False):
    out = [v for v in it]
    sort_impl(out, reverse)
    return out


def sorted_key_impl(it, key, reverse=False):
    out = [v for v in it]
    sort_key_impl(out, key, reverse)
    return out


@overload(sorted)
def sorted_(it, reverse=None, key=None):
    if key is not None:
        item = _item_type(it)
        return sorted_key_impl if item is not None and _key_function(key, item) else None
    if isinstance(it, List) and _orderable(it.dtype):
        return sorted_list_impl
    if isinstance(it, Array) and it.ndim == 1 and _orderable(it.dtype):
        return sorted_iterable_impl
    if isinstance(it, Tuple) and it.items and all(_orderable(t) for t in it.items):
        return sorted_iterable_impl
    items = _container_items(it)
    return sorted_iterable_impl if items is not None and _orderable(items) else None


# -- reductions --------------------------------------------------------------------------------------

def sum_impl(lst, start=0):
    total = start
    for item in lst:
        total = total + item
    return total


def _compensated_sum(lst, total, first):
    """Neumaier's compensated summation of lst[first:] onto the float `total` (CPython 3.12+)."""
    c = 0.0
    for i in range(first, len(lst)):
        x = lst[i]
        t = total + x
        if abs(total) >= abs(x):
            c += (total - t) + x
        else:
            c += (x - t) + total
        total = t
    if c != 0.0 and math.isfinite(c):      # keeps -0.0, inf and overflow as they are
        total += c
    return total


def float_sum_from_int_impl(lst, start=0):
    """sum(floats, int): CPython adds the first item to the int start plainly, then compensates."""
    if len(lst) == 0:
        return start
    return _compensated_sum(lst, start + lst[0], 1)


def float_sum_from_float_impl(lst, start=0.0):
    return _compensated_sum(lst, start, 0)


def sum_of_items_impl(it, start=0):
    return sum(list(it), start)


@overload(sum)
def sum_(lst, start=None):
    numbers = start is None or isinstance(start, Number)
    if lst.kind == "generator_object" and _number_list(List(lst.item)) and numbers:     # its items
        return sum_of_items_impl
    if (_number_list(lst) or isinstance(lst, List) and lst.dtype.kind == "intenum") and numbers:  # (IntEnum: ints)
        if sys.version_info >= (3, 12) and lst.dtype == float64:      # Python's float sum compensates
            if start is None or isinstance(start, Integer):
                return float_sum_from_int_impl
            if start == float64:
                return float_sum_from_float_impl
        return sum_impl
    return None


def max_impl(lst):
    if len(lst) == 0:
        raise ValueError("max() arg is an empty sequence")
    best = lst[0]
    for i in range(1, len(lst)):
        item = lst[i]
        if item > best:
            best = item
    return best


def min_impl(lst):
    if len(lst) == 0:
        raise ValueError("min() arg is an empty sequence")
    best = lst[0]
    for i in range(1, len(lst)):
        item = lst[i]
        if item < best:
            best = item
    return best


def max_of_items_impl(it):
    return max_impl(list(it))


def min_of_items_impl(it):
    return min_impl(list(it))


def _generated(args):
    """One generator object (a generator function's result) of orderable items."""
    return len(args) == 1 and args[0].kind == "generator_object" and _orderable(args[0].item)


@overload(max)
def max_(*args):
    if len(args) == 1 and isinstance(args[0], List) and _orderable(args[0].dtype):
        return max_impl
    return max_of_items_impl if _generated(args) else None


@overload(min)
def min_(*args):
    if len(args) == 1 and isinstance(args[0], List) and _orderable(args[0].dtype):
        return min_impl
    return min_of_items_impl if _generated(args) else None


# -- comparisons (lexicographic, as in Python) --------------------------------------------------------

def eq_impl(a, b):
    if len(a) != len(b):
        return False
    for i in range(len(a)):
        if not (a[i] == b[i]):
            return False
    return True


def ne_impl(a, b):
    return not eq_impl(a, b)


def lt_impl(a, b):
    for i in range(min(len(a), len(b))):
        x, y = a[i], b[i]
        if not (x == y):
            return x < y
    return len(a) < len(b)


def le_impl(a, b):
    for i in range(min(len(a), len(b))):
        x, y = a[i], b[i]
        if not (x == y):
            return x < y
    return len(a) <= len(b)


def gt_impl(a, b):
    return lt_impl(b, a)


def ge_impl(a, b):
    return le_impl(b, a)


def _compare(impl, by_length, ordering):
    def typer(a, b):
        if not (isinstance(a, List) and isinstance(b, List)):
            return None
        if a.incomplete or b.incomplete:
            return by_length                 # `[]` never got items: only lengths can differ
        ok = _orderable if ordering else _comparable
        if ok(a.dtype) and ok(b.dtype):
            return impl
        return None
    return typer


def _by_length(op):
    def compare_lengths(a, b):
        return op(len(a), len(b))
    return compare_lengths


for _op, _impl, _ordering in ((operator.eq, eq_impl, False), (operator.ne, ne_impl, False),
                              (operator.lt, lt_impl, True), (operator.le, le_impl, True),
                              (operator.gt, gt_impl, True), (operator.ge, ge_impl, True)):
    overload(_op)(_compare(_impl, _by_length(_op), _ordering))


# -- building from other iterables ---------------------------------------------------------------------

def extend_impl(lst, other):
    for item in other:
        lst.append(item)


def extend_from_list_impl(lst, other):
    n = len(other)                  # read first: xs.extend(xs) doubles xs, as in Python
    for i in range(n):
        lst.append(other[i])


def iadd_impl(lst, other):
    lst.extend(other)
    return lst


def _iterable(t):
    return (isinstance(t, (List, Tuple)) or (isinstance(t, Array) and t.ndim >= 1)
            or _container_items(t) is not None or is_str(t) or t.kind in ("generator_object", "range", "iterator"))


@overload("list.extend")
def extend(lst, other):
    if isinstance(other, List):
        return extend_from_list_impl
    if _iterable(other):
        return extend_impl
    return None


@overload(operator.iadd)
def iadd(lst, other):
    if isinstance(lst, List) and isinstance(other, (List, Tuple)):   # (list += array adds elementwise)
        return iadd_impl
    return None


def list_impl(it):
    return [item for item in it]


@overload(list)
def list_(*args):
    if len(args) == 1 and _iterable(args[0]):
        return list_impl
    return None


# -- np.array(list) ---------------------------------------------------------------------------------------

def _ragged():
    raise ValueError("setting an array element with a sequence: the nested lists have different lengths "
                     "(an inhomogeneous shape)")


@specialized
def _nested_shape(ndim):
    """f(lst) -> the shape of an ndim-deep nested list, read along its first items."""
    if ndim == 1:
        return lambda lst: (len(lst),)
    inner, empty = _nested_shape(ndim - 1), (0,) * (ndim - 1)

    def nested_shape(lst):
        return (len(lst),) + (inner(lst[0]) if len(lst) > 0 else empty)
    return nested_shape


@specialized
def _fill_nested(ndim):
    """f(out, lst): lst's items into out (an array of lst's shape); ValueError if lst is ragged."""
    if ndim == 1:
        def fill_items(out, lst):
            if len(lst) != len(out):
                _ragged()
            for i in range(len(lst)):
                out[i] = lst[i]
        return fill_items
    inner = _fill_nested(ndim - 1)

    def fill_rows(out, lst):
        if len(lst) != len(out):
            _ragged()
        for i in range(len(lst)):
            inner(out[i], lst[i])
    return fill_rows


@specialized
def _array_impl(cls, ndim, with_dtype):
    shape_of, fill = _nested_shape(ndim), _fill_nested(ndim)

    def array_impl(lst):
        out = np.empty(shape_of(lst), cls)
        fill(out, lst)
        return out

    def array_impl_dtype(lst, dtype):
        return array_impl(lst)
    return array_impl_dtype if with_dtype else array_impl


def _uniform_tuple(t):
    return isinstance(t, Tuple) and t.kind == "tuple" and t.items and all(x == t.items[0] for x in t.items)


@specialized
def _rows_impl(cls, ndim, with_dtype):
    shape_of, fill = _nested_shape(ndim - 1), _fill_nested(ndim - 1)

    def array_rows(rows):                     # a tuple of lists: one row each
        out = np.empty((len(rows),) + shape_of(rows[0]), cls)
        i = 0
        for row in literal_unroll(rows):     # the rows' types may differ
            fill(out[i], row)
            i += 1
        return out

    def array_rows_dtype(rows, dtype):
        return array_rows(rows)
    return array_rows_dtype if with_dtype else array_rows


def _nesting(lst):
    """(ndim, number type) of a list nested in lists (or uniform tuples); None if not numbers."""
    ndim, item = 1, lst.dtype
    while isinstance(item, List) or _uniform_tuple(item):     # [(1.0, 2.0), (3.0, 4.0)]: rows too
        ndim, item = ndim + 1, item.dtype if isinstance(item, List) else item.items[0]
    return (ndim, item) if isinstance(item, Number) else None


def _array_typer(lst, dtype=None):
    from ..intrinsics.creation import dtype_from_const
    rows = isinstance(lst, Tuple) and bool(lst.items) and all(isinstance(t, List) for t in lst.items)
    if not (isinstance(lst, List) or rows):
        return None
    found = [_nesting(t) for t in (lst.items if rows else [lst])]
    if None in found or len({ndim for ndim, _ in found}) != 1:
        return None
    item = result_dtype(*[item for _, item in found]) if is_none(dtype) else dtype_from_const(dtype)
    if item is None:
        return None
    impl = _rows_impl if rows else _array_impl
    return impl(scalar_class(item), found[0][0] + rows, not is_none(dtype))


overload(np.array)(_array_typer)
overload(np.asarray)(_array_typer)
