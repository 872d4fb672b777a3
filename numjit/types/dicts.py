"""Python dicts and sets: `DictType(key, value)`, `SetType(key)` and the dict views.

    >>> from numjit.types import float64, int64, Tuple
    >>> DictType(int64, float64), SetType(Tuple((int64, int64))), DictType(undefined, undefined).incomplete
    (dict(int64, float64), set((int64, int64)), True)
    >>> typeof_dict({1: 2.5, 3: 4}), typeof_set({1.0, 2})
    (dict(int64, float64), set(float64))

Keys are numbers, booleans and tuples of them (anything `hash()` resolves for and a
list can hold); values are what a list can hold (numbers, tuples, arrays, lists, dicts).
`{}` and `set()` are incomplete until something is stored (like `[]`).

Data model: a pointer to a meminfo (numjit/runtime/memory.py) whose data is the header

    {ptr indices, ptr hashes, ptr keys, ptr values, i64 live, ptr parent}

where the four pointers are native lists (numjit/runtime/lists.py): `indices` is the
open-addressing table (a power of two of int64 slots: EMPTY -1, DUMMY -2 after a
deletion, else an entry number); `hashes`, `keys` and `values` are the entries in
insertion order (CPython's compact dict), a deleted entry having hash DELETED (-1,
which `hash()` never returns). A set has no `values` (null). `live` counts the entries
not deleted; `parent` is the Python dict/set it was unboxed from (reflected after the
call when one of the entry lists is dirty). The algorithm is plain Python in
numjit/lib/dictlib.py over the primitives of numjit/intrinsics/dicts.py; boxing is in
numjit/runtime/dicts.py.
"""
from llvmlite import ir

from .base import Type
from .misc import undefined
from .scalars import none

PTR = ir.PointerType()
INDICES, HASHES, KEYS, VALUES, LIVE, PARENT = range(6)
HEADER_BYTES = 6 * 8
EMPTY, DUMMY, DELETED = -1, -2, -1


class _Table(Type):
    refcounted = True

    def llvm(self):
        return PTR

    def meminfo_of(self, builder, value):
        return value

    def unify(self, other):
        if type(other) is not type(self):
            return None
        if self == other or other.key_type is undefined:
            return self
        if self.key_type is undefined:
            return other
        for so_far, given in ((self, other), (other, self)):     # values None so far: optionals
            if so_far.key_type == given.key_type and getattr(so_far, "value_type", None) == none:
                return given if given.value_type.kind == "optional" else None
        return None


class DictType(_Table):
    kind = "dict"
    initial_value = None        # (numba's: the constants of its display, types/literal_containers.py)

    def __init__(self, key, value):
        self.key_type, self.value_type = key, value
        super().__init__(f"dict({key}, {value})")

    @property
    def key(self):
        return (DictType, self.key_type, self.value_type)

    @property
    def incomplete(self):
        """`{}` / `dict()` whose key and value types come from what is stored later (values given
        only None so far: a value stored later makes them optionals)."""
        return self.key_type is undefined or self.value_type == none


class SetType(_Table):
    kind = "set"

    def __init__(self, key):
        self.key_type = key
        super().__init__(f"set({key})")

    @property
    def key(self):
        return (SetType, self.key_type)

    @property
    def incomplete(self):
        return self.key_type is undefined


class DictView(Type):
    """`d.keys()`, `d.values()`, `d.items()`: the dict itself, iterated one way."""
    refcounted = True

    def __init__(self, what, dict_type):
        self.what, self.dict_type = what, dict_type
        self.kind = f"dict_{what}"
        super().__init__(f"dict_{what}({dict_type})")

    @property
    def key(self):
        return (DictView, self.what, self.dict_type)

    @property
    def item_type(self):
        from .containers import Tuple
        d = self.dict_type
        return {"keys": d.key_type, "values": d.value_type, "items": Tuple((d.key_type, d.value_type))}[self.what]

    def llvm(self):
        return PTR

    def meminfo_of(self, builder, value):
        return value


def is_key_type(ty):
    """Can a dict key or set item have this type? (numbers, booleans, str, enum members, tuples of them)"""
    from .containers import Tuple
    from .scalars import Number
    from .strings import UnicodeType
    if isinstance(ty, (Number, UnicodeType)) or ty.kind in ("enum", "intenum"):
        return True
    return isinstance(ty, Tuple) and len(ty) > 0 and all(is_key_type(t) for t in ty.items)


def is_value_type(ty):
    from .lists import is_item_type
    return is_item_type(ty)


# -- typeof: a Python dict / set → its type, from its contents ------------------------------------

def _typeof_items(items, what):
    from .lists import typeof_list
    try:
        ty = typeof_list(items).dtype
    except TypeError as exc:
        raise TypeError(str(exc).replace("a list", f"the {what}").replace("this list", f"the {what}")) from None
    return ty


def typeof_dict(value):
    if not value:
        raise TypeError("cannot type an empty dict: numjit types a dict from its contents; pass a "
                        "non-empty dict, or a numjit.typed.Dict")
    key = _typeof_items(list(value), "keys of this dict")
    if not is_key_type(key):
        raise TypeError(f"dict keys of type {key} cannot be passed to compiled code")
    return DictType(key, _typeof_items(list(value.values()), "values of this dict"))


def typeof_set(value):
    if not value:
        raise TypeError("cannot type an empty set: numjit types a set from its contents; pass a "
                        "non-empty set")
    key = _typeof_items(list(value), "items of this set")
    if not is_key_type(key):
        raise TypeError(f"set items of type {key} cannot be passed to compiled code")
    return SetType(key)
