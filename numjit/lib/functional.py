"""Builtins that take functions: map, filter, min/max(key=); the function may be a lambda or
inner def made in compiled code, a jitted function or a plain Python one. Also reversed where
it is not a `for` loop's iterable (`"".join(reversed(s))`); zip and enumerate as values are
iterators (lib/iterators.py).

    >>> from numjit import njit
    >>> @njit
    ... def f(xs, k):
    ...     return map(lambda x: x * k, xs), filter(lambda x: x > 1, xs), max(xs, key=lambda x: -x)
    >>> f([1, 2, 3], 10)
    ([10, 20, 30], [2, 3], 1)

In compiled code `map` and `filter` build lists at once (Python's are lazy iterators): use them
where a list, a `for` loop or `list(...)`/`sum(...)` consumes them. So does `reversed` outside a
`for` header or comprehension (in one it iterates lazily, typing/iteration.py).
"""
from ..types import Array, Const, List, none
from ..types.strings import is_str
from ..types.closures import Closure
from ..typing.registry import overload
from .listlib import _iterable


def is_function(f):
    """A function value compiled code can call."""
    return isinstance(f, Closure) or (isinstance(f, Const) and callable(f.value) and not isinstance(f.value, type))


def map_impl(f, it):
    return [f(x) for x in it]


def map2_impl(f, a, b):
    return [f(x, y) for x, y in zip(a, b)]


@overload(map)
def map_(f, *its):
    if is_function(f) and all(_iterable(t) for t in its):
        return {1: map_impl, 2: map2_impl}.get(len(its))
    return None


def reversed_impl(it):
    return [x for x in it][::-1]


@overload(reversed)
def reversed_(it):
    """reversed() outside a `for` header (`list(reversed(l))`, `"".join(reversed(s))`): a list."""
    if isinstance(it, List) or (isinstance(it, Array) and it.ndim >= 1) or is_str(it) or it.kind == "range":
        return reversed_impl
    return None


def filter_impl(f, it):
    return [x for x in it if f(x)]


def filter_none_impl(f, it):
    return [x for x in it if x]


@overload(filter)
def filter_(f, it):
    if not _iterable(it):
        return None
    if f == none:
        return filter_none_impl
    return filter_impl if is_function(f) else None


def max_key_impl(it, key):
    empty = True
    for item in it:                         # any iterable: a range, a dict, a set, a generator
        k = key(item)
        if empty or k > best_key:           # the first of equal maxima, as Python
            best, best_key = item, k
            empty = False
    if empty:
        raise ValueError("max() arg is an empty sequence")
    return best


def min_key_impl(it, key):
    empty = True
    for item in it:
        k = key(item)
        if empty or k < best_key:
            best, best_key = item, k
            empty = False
    if empty:
        raise ValueError("min() arg is an empty sequence")
    return best


@overload(max)
def max_key(it, key=None):
    return max_key_impl if key is not None and _iterable(it) and is_function(key) else None


@overload(min)
def min_key(it, key=None):
    return min_key_impl if key is not None and _iterable(it) and is_function(key) else None
