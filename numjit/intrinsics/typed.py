"""typed.List, typed.Dict and typed.Set made in compiled code: `List()`, `List(iterable)`,
`List.empty_list(t)`, `Dict()`, `Dict.empty(key_type, value_type)`, `Set()`, `Set.empty(key_type)` (the types: numjit
types or Python scalar classes).

    >>> from numjit import njit, typed, types
    >>> @njit
    ... def squares(n):
    ...     out = typed.List.empty_list(types.int64)
    ...     for i in range(n):
    ...         out.append(i * i)
    ...     return out
    >>> type(squares(3)).__name__, list(squares(3))
    ('List', [0, 1, 4])

`List()`, `Dict()` and `Set()` take their types from what is stored in them, as `[]`, `{}` and
`set()` do; `List(iterable)` copies the items of a list, tuple, range, array, ... (as numba). `types.ListType(t)`, `types.DictType(k, v)` and `types.SetType(t)` of constant types
are constants too (`Dict.empty(types.int64, types.ListType(types.float64))` in compiled code), and
so are array types spelled by slicing a scalar type (`types.float64[:]`, `types.int32[:, ::1]`).
"""
import operator

from llvmlite import ir

from ..errors import TypingError
from ..types import Signature, Const, Tuple, Number, Boolean, UnicodeType, BytesType, Type
from ..types.slices import SliceType
from ..types import List
from ..types.dicts import DictType as PlainDict
from ..types import typed as typed_types
from ..types.typed import (ListType, DictType, SetType, TypedListType, TypedDictType, as_type, incomplete_list,
                           incomplete_dict, incomplete_set)
from ..lowering.refcount import incref
from ..typing.registry import intrinsic
from .. import typed
from ..runtime.nested_lists import detach
from .dicts import new_table, lib_call
from .lists import new_list

I64 = ir.IntType(64)


def _type_argument(t, what):
    if isinstance(t, Const):
        try:
            return as_type(t.value)
        except TypeError:
            pass
    raise TypingError(f"{what} takes a type (e.g. types.float64), not {t}")


def _make_list(low, sig, args):
    return new_list(low, sig.return_type, ir.Constant(I64, 0))


def _make_dict(low, sig, args):
    return new_table(low, sig.return_type)


_make_list.new_ref = _make_dict.new_ref = True


@intrinsic(typed.List)
def list_new(*args):
    """`List()`, typed by what is stored in it, or `List(iterable)`: a copy of the items."""
    if len(args) == 1:
        return lib_call(_copied, args)
    if args:
        return None
    return Signature(incomplete_list, ()), _make_list


@intrinsic(typed.List.empty_list)
def list_empty(item_type, allocated=None):
    ty = ListType(_type_argument(item_type, "List.empty_list()"))
    args = (item_type,) if allocated is None else (item_type, allocated)
    return Signature(ty, args), _make_list


@intrinsic(typed.as_python)
def as_python(c):
    """The same native structure as a plain list or dict (it has no Python parent, so boxing it
    makes a new Python list or dict from its items)."""
    if isinstance(c, TypedListType):
        ty = List(c.dtype)
    elif isinstance(c, TypedDictType):
        ty = PlainDict(c.key_type, c.value_type)
    else:
        return None

    def codegen(low, sig, args):
        incref(low.ctx, low.builder, args[0], c)
        return args[0]
    codegen.new_ref = True
    return Signature(ty, (c,)), codegen


def _copied(items):
    out = typed.List()
    for x in items:
        out.append(x)
    return out


def _owned_items(ty):
    """Are a list's items its own once unboxed (no array borrowed from Python, no list to reflect)?"""
    if isinstance(ty, Tuple):
        return all(map(_owned_items, ty.items))
    return isinstance(ty, (Number, Boolean, UnicodeType, BytesType))


@intrinsic(typed.as_typed)
def as_typed(items):
    """A Python list passed in, as a typed.List: the native copy made when it was unboxed, retyped
    and kept (it is no longer written back to the Python list), so no item is copied twice; lists
    of arrays (borrowed: each needs its Python object held) are copied item by item."""
    if not isinstance(items, List) or isinstance(items, TypedListType) or items.incomplete:
        return None
    if not _owned_items(items.dtype):
        return lib_call(_copied, (items,))

    def codegen(low, sig, args):
        incref(low.ctx, low.builder, args[0], items)
        detach(low.ctx, low.builder, args[0], items)
        return args[0]
    codegen.new_ref = True
    return Signature(ListType(items.dtype), (items,)), codegen


@intrinsic(typed.Dict)
def dict_new(*args):
    if args:
        return None
    return Signature(incomplete_dict, ()), _make_dict


@intrinsic(typed.Dict.empty)
def dict_empty(key_type, value_type, n_keys=None):
    ty = DictType(_type_argument(key_type, "Dict.empty()"), _type_argument(value_type, "Dict.empty()"))
    args = (key_type, value_type) if n_keys is None else (key_type, value_type, n_keys)
    return Signature(ty, args), _make_dict


@intrinsic(typed.Set)
def set_new(*args):
    if args:
        return None
    return Signature(incomplete_set, ()), _make_dict


@intrinsic(typed.Set.empty)
def set_empty(key_type):
    return Signature(SetType(_type_argument(key_type, "Set.empty()")), (key_type,)), _make_dict


def _type_constructor(make):
    def typer(*args):
        made = make(*(_type_argument(t, f"types.{make.__name__}()") for t in args))
        return Signature(Const(made), args), _compile_time_value
    return typer


def _compile_time_value(low, sig, args):
    return ir.Constant(ir.IntType(8), 0)


for _make in (typed_types.ListType, typed_types.DictType, typed_types.SetType):
    intrinsic(_make)(_type_constructor(_make))


@intrinsic(operator.getitem)
def array_type_of_scalar_type(base, index):
    """`types.float64[:]` (layout A), `[::1]` (C), `[::1, :]` (F): the type object, as in Python."""
    slices = index.items if isinstance(index, Tuple) else (index,)
    if not (isinstance(base, Const) and isinstance(base.value, Type)
            and all(isinstance(s, SliceType) for s in slices)):
        return None
    spelled = tuple(slice(None) if s.unit_step else slice(None, None, 1) for s in slices)
    made = base.value[spelled if isinstance(index, Tuple) else spelled[0]]
    return Signature(Const(made), (base, index)), _compile_time_value
