"""Python lists: `List(dtype)`, a reference to a growable, reference-counted native list.

    >>> from numjit.types import float64, int64, undefined
    >>> List(float64), List(float64[::1]), List(undefined).unify(List(int64))
    (list(float64), list(float64[::1]), list(int64))
    >>> typeof_list([1, 2.5]), typeof_list([True, False]), typeof_list([1, True])
    (list(float64), list(bool), list(int64))

Items are numbers, booleans, strings, tuples of numbers or arrays of one type,
or lists of these to any depth; a list literal or a list passed in is typed
from its contents (any float makes a float64 list, any int an int64 list; in a
list of lists, any float in any inner list), an empty `[]` from what is
appended to it (an empty inner list passed in, from its siblings).

Data model: a pointer to a meminfo (numjit/runtime/memory.py) whose data is
the list header

    {i64 size, i64 capacity, ptr items_meminfo, ptr items, ptr parent, i64 item_refs, i64 dirty}

`items` (owned by `items_meminfo`) holds `capacity` items in their memory form
(bool is i8, arrays are their struct); `parent` is the Python list the native
list was unboxed from (written back after the call when `dirty`); `item_refs`
is 0, or the item size plus, in its high 32 bits, the mask of the item's words
that hold a meminfo (arrays: their first field; strings and lists: the value;
tuples: their members'), so the destructor (runtime/lists.py) can release them.
"""
import enum

import numpy as np
from llvmlite import ir

from .arrays import Array
from .base import Type
from .containers import Tuple
from .jitclass import ClassInstanceType
from .misc import undefined
from .strings import UnicodeType, BytesType, unicode_type, bytes_type
from .scalars import Number, NoReturn, boolean, int64, float64, complex128, none

I64, PTR = ir.IntType(64), ir.PointerType()
HEADER_TYPE = ir.LiteralStructType([I64, I64, PTR, PTR, PTR, I64, I64])
SIZE, CAPACITY, ITEMS_MEMINFO, ITEMS, PARENT, ITEM_REFS, DIRTY = range(7)


class List(Type):
    kind = "list"
    refcounted = True
    initial_value = None        # (numba's: the constants of its display, types/literal_containers.py)

    def __init__(self, dtype):
        self.dtype = dtype
        super().__init__(f"list({dtype})")

    @property
    def key(self):
        return (List, self.dtype)

    @property
    def incomplete(self):
        """An empty `[]` whose item type is not known yet (it comes from later appends), one given
        only None so far (a value appended later makes it a list of optionals), or an empty list of
        noreturn (a comprehension of raising items), whose item type a later store decides."""
        return self.dtype is undefined or self.dtype == none or isinstance(self.dtype, NoReturn)

    def llvm(self):
        return PTR

    def meminfo_of(self, builder, value):
        return value

    def unify(self, other):
        if type(other) is type(self):                # (a typed.List is no Python list)
            if self.dtype == other.dtype or _undecided_items(other):
                return self
            if _undecided_items(self):
                return other
            for so_far, given in ((self, other), (other, self)):     # None so far: a list of optionals
                if so_far.dtype == none:
                    return given if given.dtype.kind == "optional" else None
            if isinstance(self.dtype, List) and isinstance(other.dtype, List):     # [[]] and [[1]]
                dtype = self.dtype.unify(other.dtype)
                return List(dtype) if dtype is not None else None
        return None

    @property
    def item_refs(self):
        """Does an item hold references (arrays, lists, strings, dicts, jitclass instances, tuples of them)?"""
        return bool(ref_words(self.dtype))

    def refs_code(self):
        """The header's item_refs: 0, or the item size plus (in the high 32 bits) the mask of the
        item's 8-byte words that hold a meminfo, which the destructor releases."""
        words = ref_words(self.dtype)
        return self.itemsize() + (sum(1 << w for w in words) << 32) if words and not self.incomplete else 0

    def itemsize(self):
        return self.dtype.llvm_mem().get_abi_size(_target_data())


def _target_data():
    from ..backend import jit
    from llvmlite import binding
    return binding.create_target_data(jit.host().data_layout)


def ref_words(ty, base=0):
    """Offsets (in 8-byte words) of the meminfos a value of type `ty` holds in memory."""
    if ty.kind == "optional":                # {value, present}: the value's (a None's are null)
        return ref_words(ty.type, base)
    members = getattr(ty, "member_words", None)              # a user's data model (numjit/lowlevel.py)
    if members is not None:
        return members(base)
    if isinstance(ty, (Array, List, UnicodeType, BytesType, ClassInstanceType)) or getattr(ty, "refcounted", False):
        return [base]                        # (an array's meminfo is its first field; dicts' too)
    if isinstance(ty, Tuple):
        layout = ty.llvm_mem()
        return [w for i, item in enumerate(ty.items)
                for w in ref_words(item, base + layout.get_element_offset(_target_data(), i) // 8)]
    return []


def is_item_type(ty):
    """Can a list hold items of this type?"""
    if (isinstance(ty, (Number, Array, List, UnicodeType, BytesType, ClassInstanceType, NoReturn))
            or ty.kind in ("dict", "set", "enum", "intenum")):   # (noreturn: a comprehension of raising calls)
        return True
    if ty.kind == "optional":                # None or a value (types/optionals.py)
        return is_item_type(ty.type)
    return ((isinstance(ty, Tuple) and len(ty) > 0 and all(is_item_type(t) for t in ty.items)
             or getattr(ty, "list_item", False))                 # a user's data model (numjit/lowlevel.py)
            and max(ref_words(ty), default=0) < 32)


def _undecided_items(lst):
    """`[]`, or a list of noreturn (a comprehension of raising items): later stores decide its items."""
    return lst.dtype is undefined or isinstance(lst.dtype, NoReturn)


def is_incomplete(ty):
    """A list, dict or set type (or a list of lists, or an optional one) whose item type is still unknown."""
    if ty.kind in ("dict", "set"):
        return ty.incomplete
    if ty.kind == "optional":
        return is_incomplete(ty.type)
    return isinstance(ty, List) and (ty.incomplete or is_incomplete(ty.dtype))


def is_undecided(ty):
    """is_incomplete, where a list of noreturn nothing was stored in is complete (it stays empty)."""
    if ty.kind == "optional":
        return is_undecided(ty.type)
    if isinstance(ty, List):
        return ty.dtype is undefined or ty.dtype == none or is_undecided(ty.dtype)
    return is_incomplete(ty)


# -- typeof: a Python list → List(dtype), from its contents ----------------------------------------

_BOOL, _INT, _FLOAT, _COMPLEX = 1, 2, 3, 4
_KIND_OF_CLASS = {bool: _BOOL, int: _INT, float: _FLOAT, complex: _COMPLEX, np.bool_: _BOOL}
for _t in (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64):
    _KIND_OF_CLASS[_t] = _INT
for _t in (np.float32, np.float64):
    _KIND_OF_CLASS[_t] = _FLOAT
_DTYPE_OF_KIND = {_BOOL: boolean, _INT: int64, _FLOAT: float64, _COMPLEX: complex128}
_CLASS_OF_DTYPE = {boolean: bool, int64: int, float64: float, complex128: complex}


def typeof_list(value):
    """List type of a Python list; TypeError (saying why) when compiled code cannot take it."""
    if not value:
        raise TypeError("cannot type an empty list: numjit types a list from its contents; "
                        "pass a non-empty list (or a NumPy array)")
    classes = set(map(type, value))
    if classes == {list}:
        ty = _typeof_nested(value, {id(value)})
        if ty is None:
            raise TypeError("cannot type a list whose inner lists are all empty: numjit types a list "
                            "from its contents; give some inner list an item (or pass a NumPy array)")
        return ty
    if classes == {str}:
        return List(unicode_type)
    if classes == {bytes}:
        return List(bytes_type)
    kinds = {_KIND_OF_CLASS.get(c) for c in classes}
    if None not in kinds:
        if _COMPLEX in kinds and kinds != {_COMPLEX}:
            raise TypeError("a list mixing complex and real numbers cannot be passed to compiled code")
        kind = max(kinds)
        if kind == _INT and int in classes:
            if not -(1 << 63) <= min(value) <= max(value) < (1 << 63):
                raise TypeError("a list of ints beyond int64 cannot be passed to compiled code")
        return List(_DTYPE_OF_KIND[kind])
    if len(classes) == 1 and issubclass(next(iter(classes)), enum.Enum):     # members of one enum
        from .typeof import typeof
        item = typeof(value[0])
        if item is not None:
            return List(item)
    if classes == {np.ndarray} or classes == {tuple}:
        from .typeof import typeof
        first = typeof(value[0])
        item = first
        for v in value[1:]:
            t = typeof(v)
            if t != first:
                item = item.unify(t) if isinstance(item, Array) and t is not None else None
            if item is None:
                break
        if holds_list(item):
            raise TypeError("a list of tuples holding lists (Python lists or typed.List) cannot be passed to "
                            "compiled code; pass such tuples on their own")
        if item is not None and is_item_type(item):
            return List(item)
        raise TypeError(f"the items of this list have different types ({first} and {t}); a list "
                        "passed to compiled code holds one type" if item is None else
                        f"lists of {item} cannot be passed to compiled code")
    if len(classes) == 1:                                  # values of a user's data model (numjit/lowlevel.py)
        from .typeof import typeof
        item = typeof(value[0])
        if getattr(item, "list_item", False) and all(typeof(v) == item for v in value[1:]):
            return List(item)
    if list in classes:
        others = ", ".join(sorted(c.__name__ for c in classes - {list}))
        raise TypeError(f"a list mixing lists and {others} cannot be passed to compiled code (a list "
                        "passed to compiled code holds one type)")
    names = ", ".join(sorted(c.__name__ for c in classes if _KIND_OF_CLASS.get(c) is None))
    raise TypeError(f"a list holding {names} cannot be passed to compiled code (lists must hold "
                    "numbers, booleans, strings, tuples of numbers, NumPy arrays or lists of these, "
                    "of one type)")


def holds_list(ty):
    """Is `ty` a list (a Python one or a typed.List), or a tuple with one inside?"""
    if isinstance(ty, Tuple):
        return any(holds_list(t) for t in ty.items)
    return isinstance(ty, List)


def _typeof_nested(value, path):
    """List type of a list of lists (None: every inner list is empty). The inner lists' types unify
    as the items of one list do: `[[1], [2.5]]` is a list(list(float64)), `[[], [1]]` a
    list(list(int64)). `path`: the ids of the lists around it (one that holds itself is refused).

    >>> typeof_list([[1, 2], [], [2.5]]), typeof_list([[[True]], [[1]]])
    (list(list(float64)), list(list(list(int64))))
    """
    item = None
    for inner in value:
        if id(inner) in path:
            raise TypeError("a list that holds itself cannot be passed to compiled code")
        if not inner:
            continue
        if set(map(type, inner)) == {list}:
            ty = _typeof_nested(inner, path | {id(inner)})
        else:
            ty = typeof_list(inner)
        if ty is not None:
            item = ty if item is None else _unify_inner(item, ty)
    return None if item is None else List(item)


def _unify_inner(a, b):
    """The type of two inner lists' items together (numbers widen: bool < int64 < float64)."""
    if a == b:
        return a
    if isinstance(a, List) and isinstance(b, List):
        return List(_unify_inner(a.dtype, b.dtype))
    kinds = {_KIND_OF_CLASS.get(t) for t in (_CLASS_OF_DTYPE.get(a), _CLASS_OF_DTYPE.get(b))}
    if None not in kinds:
        if _COMPLEX in kinds:
            raise TypeError("a list mixing complex and real numbers cannot be passed to compiled code")
        return _DTYPE_OF_KIND[max(kinds)]
    if isinstance(a, Array) and isinstance(b, Array) and a.unify(b) is not None:
        return a.unify(b)
    raise TypeError(f"the inner lists of this list hold different types ({a} and {b}); a list passed "
                    "to compiled code holds one type")
