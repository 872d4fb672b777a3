"""Set operations as plain Python over the hash table of numjit/lib/dictlib.py (a set is a dict
without values): add, discard, remove, pop, update, clear, copy, union, intersection,
difference, symmetric_difference, issubset, issuperset, isdisjoint and their operators.

    >>> from numjit import njit
    >>> @njit
    ... def common(xs, ys):
    ...     return sorted({x for x in xs} & set(ys))
    >>> common([1, 2, 3, 4], [4, 2, 9])
    [2, 4]

Sets keep insertion order (CPython's order depends on the hashes); `pop()` takes the
most recently added item. Both sides of a binary operation have one item type (or the
right one's items convert to the left one's without loss).
"""
import operator

from ..errors import TypingError
from ..types import Signature, undefined, List, Array, Number
from ..types.dicts import SetType, DictType, DictView, DELETED
from ..typing.registry import intrinsic
from ..intrinsics.dicts import (entries, hash_at, key_at, live, set_index, set_live, append_key, new_like,
                                lib_call, key_for_store, key_for_lookup, new_table, unknown_types)
from .dictlib import lookup, new_slot, remove, clear_impl


def add_impl(s, key):
    h = hash(key)
    found = lookup(s, key, h)
    if found < 0:
        set_index(s, new_slot(s, found, h), entries(s))
        append_key(s, h, key)
        set_live(s, live(s) + 1)


def discard_impl(s, key):
    h = hash(key)
    ix = lookup(s, key, h)
    if ix >= 0:
        remove(s, ix, h)


def remove_impl(s, key):
    h = hash(key)
    ix = lookup(s, key, h)
    if ix < 0:
        raise KeyError(key)
    remove(s, ix, h)


def pop_impl(s):
    if live(s) == 0:
        raise KeyError("pop from an empty set")
    ix = entries(s) - 1
    while hash_at(s, ix) == DELETED:
        ix -= 1
    key = key_at(s, ix)
    remove(s, ix, hash_at(s, ix))
    return key


def update_impl(s, other):
    for x in other:
        s.add(x)


def set_copy_impl(s):
    out = new_like(s)
    for x in s:
        out.add(x)
    return out


def union_impl(a, b):
    out = set_copy_impl(a)
    for x in b:
        out.add(x)
    return out


def intersection_impl(a, b):
    out = new_like(a)
    for x in a:
        if x in b:
            out.add(x)
    return out


def difference_impl(a, b):
    out = new_like(a)
    for x in a:
        if x not in b:
            out.add(x)
    return out


def symmetric_difference_impl(a, b):
    out = difference_impl(a, b)
    for x in b:
        if x not in a:
            out.add(x)
    return out


def intersection_update_impl(a, b):
    keep = intersection_impl(a, b)
    clear_impl(a)
    update_impl(a, keep)


def difference_update_impl(a, b):
    for x in b:
        a.discard(x)


def symmetric_difference_update_impl(a, b):
    result = symmetric_difference_impl(a, b)
    clear_impl(a)
    update_impl(a, result)


def issubset_impl(a, b):
    if len(a) > len(b):
        return False
    for x in a:
        if x not in b:
            return False
    return True


def issuperset_impl(a, b):
    return issubset_impl(b, a)


def isdisjoint_impl(a, b):
    for x in a:
        if x in b:
            return False
    return True


def eq_impl(a, b):
    return len(a) == len(b) and issubset_impl(a, b)


def ne_impl(a, b):
    return not eq_impl(a, b)


def lt_impl(a, b):
    return len(a) < len(b) and issubset_impl(a, b)


def gt_impl(a, b):
    return lt_impl(b, a)


def from_list_impl(s, keys):
    """A set unboxed from Python: its items, inserted in order."""
    for x in keys:
        add_impl(s, x)


def from_iterable_impl(s, items):
    for x in items:
        s.add(x)
    return s


# -- typers -------------------------------------------------------------------------------------------------

def _set(s):
    return isinstance(s, SetType)


def _call(impl, what, args):
    """lib_call, or unknown types while the set is an untyped `set()`."""
    if args[0].incomplete:
        return unknown_types(args[0], what, args)
    return lib_call(impl, args)


def _iterable_items(t, arrays=False):
    """The item type of what update()/set() can take (sets, lists, dict keys; with `arrays`, as
    set() and update() in numba, 1-D arrays of numbers), else None."""
    if isinstance(t, (SetType, DictType)):
        return None if t.incomplete else t.key_type
    if isinstance(t, DictView) and t.what == "keys":
        return t.dict_type.key_type
    if isinstance(t, List):
        return None if t.incomplete else t.dtype
    if arrays and isinstance(t, Array) and t.ndim == 1 and isinstance(t.dtype, Number):
        return t.dtype
    return None


@intrinsic("set.add")
def set_add(s, key):
    ty = type(s)(key_for_store(s, key))
    return lib_call(add_impl, (ty, ty.key_type))


@intrinsic("set.discard")
def set_discard(s, key):
    return _call(discard_impl, "discard from", (s, key) if s.incomplete else (s, key_for_lookup(s, key)))


@intrinsic("set.remove")
def set_remove(s, key):
    return _call(remove_impl, "remove from", (s, key) if s.incomplete else (s, key_for_lookup(s, key)))


@intrinsic("set.pop")
def set_pop(s):
    return _call(pop_impl, "pop from", (s,))


@intrinsic("set.clear")
def set_clear(s):
    return lib_call(clear_impl, (s,))


@intrinsic("set.copy")
def set_copy(s):
    return _call(set_copy_impl, "copy", (s,))


def _with_items(s, other, what, arrays=False):
    """The set type `s` becomes by taking `other`'s items (TypingError if they do not fit)."""
    item = _iterable_items(other, arrays)
    if item is None:
        if isinstance(other, (SetType, List)) and other.incomplete:
            return s
        also = ", dict keys or a 1-D array" if arrays else " or dict keys"
        raise TypingError(f"set.{what}() takes a set, a list{also} in compiled code, not {other}")
    return type(s)(key_for_store(s, item))


@intrinsic("set.update")
def set_update(s, other):
    ty = _with_items(s, other, "update", arrays=True)
    return lib_call(update_impl, (ty, other))


def _binary(impl, name, needs_set_arg=False):
    def typer(a, b):
        if not (_set(a) and (_set(b) or not needs_set_arg)):
            return None
        if a.incomplete:
            return unknown_types(a, name, (a, b))
        ty = _with_items(a, b, name)
        if ty != a:
            raise TypingError(f"set.{name}(): the items of {b} do not convert to those of {a}")
        return lib_call(impl, (a, b))
    return typer


_METHODS = {"union": union_impl, "intersection": intersection_impl, "difference": difference_impl,
            "symmetric_difference": symmetric_difference_impl, "issubset": issubset_impl,
            "issuperset": issuperset_impl, "isdisjoint": isdisjoint_impl,
            "intersection_update": intersection_update_impl, "difference_update": difference_update_impl,
            "symmetric_difference_update": symmetric_difference_update_impl}
_OPERATORS = {operator.or_: union_impl, operator.and_: intersection_impl, operator.sub: difference_impl,
              operator.xor: symmetric_difference_impl, operator.le: issubset_impl, operator.ge: issuperset_impl,
              operator.lt: lt_impl, operator.gt: gt_impl, operator.eq: eq_impl, operator.ne: ne_impl}
_INPLACE = {operator.ior: update_impl, operator.iand: intersection_update_impl,
            operator.isub: difference_update_impl, operator.ixor: symmetric_difference_update_impl}

for _name, _impl in _METHODS.items():
    intrinsic(f"set.{_name}")(_binary(_impl, _name))
for _op, _impl in _OPERATORS.items():
    intrinsic(_op)(_binary(_impl, _op.__name__.strip("_"), needs_set_arg=True))


def _inplace(impl):
    def typer(a, b):
        if not (_set(a) and _set(b)):
            return None
        sig, codegen = _binary(impl, "update", needs_set_arg=True)(a, b)

        def returns_self(low, s, args):
            codegen(low, sig, args)
            return args[0]
        return Signature(a, sig.args), returns_self
    return typer


for _op, _impl in _INPLACE.items():
    intrinsic(_op)(_inplace(_impl))


@intrinsic(set)
def set_new(*args):
    if not args:
        def codegen(low, sig, a):
            return new_table(low, sig.return_type)
        codegen.new_ref = True
        return Signature(SetType(undefined), ()), codegen
    if len(args) == 1:
        item = _iterable_items(args[0], arrays=True)
        if item is None:
            raise TypingError(f"set() takes a set, a list, dict keys or a 1-D array in compiled code, not {args[0]}")
        ty = SetType(key_for_store(SetType(undefined), item))
        sig, build = lib_call(from_iterable_impl, (ty, args[0]))

        def from_items(low, s, a):
            fresh = new_table(low, ty)
            low.own(fresh, ty)
            return build(low, sig, [fresh, a[0]])
        from_items.new_ref = True
        return Signature(ty, (args[0],)), from_items
    return None
