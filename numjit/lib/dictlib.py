"""The hash table behind dict and set, and the dict operations, as plain Python over the primitives
of numjit/intrinsics/dicts.py (layout: numjit/types/dicts.py).

CPython's compact dict: a table of 2**k slots holding entry numbers, probed with
`i = (5*i + perturb + 1) & mask` (perturb starting at the hash and shifted right by 5
each step), and the entries in insertion order. A deletion marks the entry deleted and
its slot DUMMY; when the entries fill two thirds of the table, the deleted entries are
dropped and the table rebuilt at a size of at least three times the live entries.
Keys are compared with `==` and hashed with `hash()` as resolved anywhere in compiled
code, so any key type with those two works.

    >>> from numjit import njit
    >>> @njit
    ... def histogram(xs):
    ...     counts = {}
    ...     for x in xs:
    ...         counts[x] = counts.get(x, 0) + 1
    ...     return counts
    >>> histogram([3, 1, 3, 3])
    {3: 3, 1: 1}

A missing key raises KeyError(key), as CPython (the exception object is made only when raised).
"""
import operator

from ..errors import TypingError
from ..types import Number, Tuple, Signature, undefined
from ..types.dicts import DictType, SetType, DictView, EMPTY, DUMMY, DELETED
from ..types.dicts import is_key_type
from ..types.scalars import unify, boolean
from ..typing.registry import intrinsic
from ..intrinsics.dicts import (slots, index_at, set_index, reset_indices, entries, hash_at, key_at, value_at,
                                live, set_live, append_entry, set_value, delete_entry, move_entry,
                                truncate_entries, new_like, lib_call, key_for_store, value_for_store,
                                key_for_lookup, new_table, unknown_types, ir_bool)

PERTURB_MASK = (1 << 63) - 1
MIN_SLOTS = 8


# -- the table ----------------------------------------------------------------------------------------------

def lookup(d, key, h):
    """Entry number of `key` (hash h), or -1 - s for the empty slot s that ends its probe sequence."""
    mask = slots(d) - 1
    i = h & mask
    perturb = h & PERTURB_MASK
    while True:
        ix = index_at(d, i)
        if ix == EMPTY:
            return -1 - i
        if ix >= 0 and hash_at(d, ix) == h and key_at(d, ix) == key:
            return ix
        perturb >>= 5
        i = (i * 5 + perturb + 1) & mask


def slot_of(d, h, ix):
    """The slot holding entry ix (hash h), or the first empty slot of h's sequence for ix EMPTY."""
    mask = slots(d) - 1
    i = h & mask
    perturb = h & PERTURB_MASK
    while index_at(d, i) != ix:
        perturb >>= 5
        i = (i * 5 + perturb + 1) & mask
    return i


def resize(d):
    """Drop the deleted entries (keeping the order) and rebuild the table with room to grow."""
    n = entries(d)
    w = 0
    for ix in range(n):
        if hash_at(d, ix) != DELETED:
            if w != ix:
                move_entry(d, ix, w)
            w += 1
    truncate_entries(d, w)
    size = MIN_SLOTS
    while size < 3 * w:
        size *= 2
    reset_indices(d, size)
    for ix in range(w):
        set_index(d, slot_of(d, hash_at(d, ix), EMPTY), ix)


def new_slot(d, found, h):
    """The slot a new entry of hash h takes (`found` is lookup's answer); grows the table if full."""
    if entries(d) >= (slots(d) * 2) // 3:
        resize(d)
        return slot_of(d, h, EMPTY)
    return -1 - found


def remove(d, ix, h):
    """Delete entry ix (hash h): its slot becomes DUMMY."""
    set_index(d, slot_of(d, h, ix), DUMMY)
    delete_entry(d, ix)
    set_live(d, live(d) - 1)


def clear_impl(d):
    for ix in range(entries(d)):
        if hash_at(d, ix) != DELETED:
            delete_entry(d, ix)
    truncate_entries(d, 0)
    reset_indices(d, MIN_SLOTS)
    set_live(d, 0)


# -- dict operations ------------------------------------------------------------------------------------------

def setitem_impl(d, key, value):
    h = hash(key)
    found = lookup(d, key, h)
    if found >= 0:
        set_value(d, found, value)
        return
    set_index(d, new_slot(d, found, h), entries(d))
    append_entry(d, h, key, value)
    set_live(d, live(d) + 1)


def getitem_impl(d, key):
    ix = lookup(d, key, hash(key))
    if ix < 0:
        raise KeyError(key)
    return value_at(d, ix)


def delitem_impl(d, key):
    h = hash(key)
    ix = lookup(d, key, h)
    if ix < 0:
        raise KeyError(key)
    remove(d, ix, h)


def contains_impl(d, key):
    return lookup(d, key, hash(key)) >= 0


def not_contains_impl(d, key):
    return lookup(d, key, hash(key)) < 0


def get_impl(d, key, default):
    ix = lookup(d, key, hash(key))
    if ix < 0:
        return default
    return value_at(d, ix)


def get_or_none_impl(d, key):
    ix = lookup(d, key, hash(key))
    if ix < 0:
        return None
    return value_at(d, ix)


def setdefault_impl(d, key, default):
    h = hash(key)
    found = lookup(d, key, h)
    if found >= 0:
        return value_at(d, found)
    set_index(d, new_slot(d, found, h), entries(d))
    append_entry(d, h, key, default)
    set_live(d, live(d) + 1)
    return value_at(d, entries(d) - 1)


def pop_impl(d, key):
    h = hash(key)
    ix = lookup(d, key, h)
    if ix < 0:
        raise KeyError(key)
    value = value_at(d, ix)
    remove(d, ix, h)
    return value


def pop_default_impl(d, key, default):
    h = hash(key)
    ix = lookup(d, key, h)
    if ix < 0:
        return default
    value = value_at(d, ix)
    remove(d, ix, h)
    return value


def popitem_impl(d):
    if live(d) == 0:
        raise KeyError("popitem(): dictionary is empty")
    ix = entries(d) - 1
    while hash_at(d, ix) == DELETED:
        ix -= 1
    key = key_at(d, ix)
    value = value_at(d, ix)
    remove(d, ix, hash_at(d, ix))
    truncate_entries(d, ix)
    return key, value


def update_impl(d, other):
    for k, v in other.items():
        d[k] = v


def copy_impl(d):
    out = new_like(d)
    for k, v in d.items():
        out[k] = v
    return out


def eq_impl(a, b):
    if len(a) != len(b):
        return False
    for k, v in a.items():
        ix = lookup(b, k, hash(k))
        if ix < 0 or value_at(b, ix) != v:
            return False
    return True


def ne_impl(a, b):
    return not eq_impl(a, b)


def from_pairs_impl(d, pairs):
    for k, v in pairs:
        d[k] = v
    return d


def from_lists_impl(d, keys, values):
    """A dict unboxed from Python: its keys and values, inserted in order."""
    for i in range(len(keys)):
        d[keys[i]] = values[i]


# -- typers: each operation is its implementation above, compiled for the dict's (completed) type -------------

def _dict(d):
    return isinstance(d, DictType)


def _stored(d, key, value):
    return type(d)(key_for_store(d, key), value_for_store(d, value))


def _call(impl, what, args):
    """lib_call, or unknown types while the dict is an untyped `{}`."""
    if args[0].incomplete:
        return unknown_types(args[0], what, args)
    return lib_call(impl, args)


@intrinsic(operator.setitem)
def dict_setitem(d, key, value):
    if not _dict(d):
        return None
    ty = _stored(d, key, value)
    return lib_call(setitem_impl, (ty, ty.key_type, ty.value_type))


@intrinsic(operator.getitem)
def dict_getitem(d, key):
    if not _dict(d):
        return None
    return _call(getitem_impl, "read from", (d, key) if d.incomplete else (d, key_for_lookup(d, key)))


@intrinsic(operator.delitem)
def dict_delitem(d, key):
    if not _dict(d):
        return None
    return _call(delitem_impl, "delete from", (d, key) if d.incomplete else (d, key_for_lookup(d, key)))


def _never_equal(d, key):
    """Keys of these types never equal the table's (a number and a tuple, tuples of other lengths)."""
    def shape(t):
        return len(t) if isinstance(t, Tuple) else -1
    return is_key_type(key) and shape(key) != shape(d.key_type)


def _contains(impl, absent):
    def typer(d, key):
        if isinstance(d, DictView) and d.what == "keys":
            d = d.dict_type
        if not isinstance(d, (DictType, SetType)):
            return None
        if not d.incomplete and _never_equal(d, key):          # `3 in {(1, 2)}` is False
            return Signature(boolean, (d, key)), lambda low, sig, a: ir_bool(absent)
        return _call(impl, "search", (d, key) if d.incomplete else (d, key_for_lookup(d, key)))
    return typer


intrinsic(operator.contains)(_contains(contains_impl, False))
intrinsic("not in")(_contains(not_contains_impl, True))


@intrinsic("dict.get")
def dict_get(d, key, default=None):
    if d.incomplete:           # `d = {}; d[k] = d.get(k, 0) + 1`: the default's type, until d is typed
        sig, codegen = unknown_types(d, "read from", (d, key) if default is None else (d, key, default))
        return Signature(default or undefined, sig.args), codegen
    if default is None:                     # the value or None: an optional (numjit/types/optionals.py)
        return lib_call(get_or_none_impl, (d, key_for_lookup(d, key)))
    if unify(d.value_type, default) is None:
        raise TypingError(f"the default of get() ({default}) and the values of {d} have no common type")
    return lib_call(get_impl, (d, key_for_lookup(d, key), default))


@intrinsic("dict.setdefault")
def dict_setdefault(d, key, default):
    ty = _stored(d, key, default)
    return lib_call(setdefault_impl, (ty, ty.key_type, ty.value_type))


@intrinsic("dict.pop")
def dict_pop(d, key, default=None):
    if d.incomplete:
        return unknown_types(d, "pop from", (d, key) if default is None else (d, key, default))
    if default is None:
        return lib_call(pop_impl, (d, key_for_lookup(d, key)))
    if unify(d.value_type, default) is None:
        raise TypingError(f"the default of pop() ({default}) and the values of {d} have no common type")
    return lib_call(pop_default_impl, (d, key_for_lookup(d, key), default))


@intrinsic("dict.popitem")
def dict_popitem(d):
    return _call(popitem_impl, "pop from", (d,))


@intrinsic("dict.update")
def dict_update(d, other):
    if not _dict(other):
        raise TypingError(f"dict.update() takes a dict in compiled code, not {other}")
    if other.incomplete:
        return lib_call(update_nothing, (d, other))
    ty = _stored(d, other.key_type, other.value_type)
    return lib_call(update_impl, (ty, other))


def update_nothing(d, other):
    """d.update({}): nothing to add."""


@intrinsic("dict.clear")
def dict_clear(d):
    return lib_call(clear_impl, (d,))


@intrinsic("dict.copy")
def dict_copy(d):
    return _call(copy_impl, "copy", (d,))


@intrinsic(dict)
def dict_new(*args):
    if not args:
        def codegen(low, sig, a):
            return new_table(low, sig.return_type)
        codegen.new_ref = True
        return Signature(DictType(undefined, undefined), ()), codegen
    if len(args) == 1 and _dict(args[0]):
        return _call(copy_impl, "copy", (args[0],))
    if len(args) == 1:
        return _from_pairs(args[0])
    return None


def _from_pairs(it):
    """dict(pairs): a list of (key, value) tuples, d.items(), or an iterator of pairs (zip(keys, values))."""
    from .iterators import items_of
    pair = (it.item_type if isinstance(it, DictView) else getattr(it, "dtype", None) if it.kind == "list"
            else items_of(it))
    if not (isinstance(pair, Tuple) and len(pair) == 2):
        raise TypingError(f"dict() takes a dict, a list of (key, value) pairs, d.items() or zip(keys, values) in "
                          f"compiled code, not {it}")
    empty = DictType(undefined, undefined)
    ty = DictType(key_for_store(empty, pair.items[0]), value_for_store(empty, pair.items[1]))
    sig, build = lib_call(from_pairs_impl, (ty, it))

    def codegen(low, s, a):
        fresh = new_table(low, ty)
        low.own(fresh, ty)
        return build(low, sig, [fresh, a[0]])
    codegen.new_ref = True
    return Signature(ty, (it,)), codegen


def _comparable_values(d):
    return isinstance(d.value_type, (Number, Tuple))


@intrinsic(operator.eq)
def dict_eq(a, b):
    if _dict(a) and _dict(b) and a == b and not a.incomplete and _comparable_values(a):
        return lib_call(eq_impl, (a, b))
    return None


@intrinsic(operator.ne)
def dict_ne(a, b):
    if _dict(a) and _dict(b) and a == b and not a.incomplete and _comparable_values(a):
        return lib_call(ne_impl, (a, b))
    return None
