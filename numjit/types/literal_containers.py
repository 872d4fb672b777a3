"""Literal containers (numba's LiteralStrKeyDict, LiteralList and `initial_value`): the types of
dict and list displays whose items have different types, and of list and dict displays of
constants as an overload's typer sees them after asking for literal dispatch.

    >>> from numjit.types import int64, float64, Const, List
    >>> d = LiteralStrKeyDict(("a", "b"), (int64, Const("x")), (literal_arg(1), Const("x")))
    >>> d, d.literal_value
    (LiteralStrKeyDict[Dict](a: Literal[int](1), b: const('x')), {Literal[str](a): Literal[int](1), Literal[str](b): const('x')})
    >>> LiteralList((int64, float64), (literal_arg(1), float64)).literal_value
    [Literal[int](1), float64]
    >>> with_initial_value(List(int64), [1, 2]), with_initial_value(List(int64), [1, 2]).body_type()
    (list(int64)<iv=[1, 2]>, list(int64))

* `LiteralStrKeyDict`: `{"a": 1, "b": "x", "c": arr}` in compiled code: a tuple of its values
  whose keys are part of its type. `d["a"]` with a constant key, `len(d)`, `"a" in d`,
  `d.keys()`, `d.values()`, `d.items()` (tuples, for `literal_unroll`); `.literal_value` maps each
  key's literal to its value's literal type (or type). Returned to Python it is a dict.
* `LiteralList`: `["a", 10, 1j]`: a tuple of its items (constant indexes, `len`, `in`, `==` and
  `<` with another literal list, `literal_unroll`); returned to Python it is a list. Neither takes
  part in the other operations of tuples (`+`, `*`, slices, `hash`).
* `InitialValueList` / `InitialValueDict`: a list or dict type carrying the constants the display
  bound to the argument started with (`.initial_value`; None on plain List/DictType). Only an
  overload's typer sees them; inside the implementation the parameter has the plain type.
"""
from llvmlite import ir

from .containers import Tuple
from .dicts import DictType
from .lists import List
from .literals import LiteralArg, literal_arg  # noqa: F401  (literal_arg: the doctest's)

PTR, I64 = ir.PointerType(), ir.IntType(64)


class LiteralStrKeyDict(Tuple):
    kind = "literaldict"

    def __init__(self, keys, items, literals):
        super().__init__(items)
        self.keys, self.literals = tuple(keys), tuple(literals)
        shown = ", ".join(f"{k}: {t}" for k, t in zip(self.keys, self.literals))
        self.name = f"LiteralStrKeyDict[Dict]({shown})"

    @property
    def key(self):
        return (LiteralStrKeyDict, self.keys, self.items, self.literals)

    @property
    def literal_value(self):
        return {LiteralArg(k): t for k, t in zip(self.keys, self.literals)}

    initial_value = None

    def unify(self, other):
        """The same keys, values whose types unify (literal values that differ become their type)."""
        if isinstance(other, LiteralStrKeyDict) and other.keys == self.keys:
            items, literals = _unified(self, other)
            return None if items is None else LiteralStrKeyDict(self.keys, items, literals)
        return None

    def position_of(self, key):
        return self.keys.index(key) if key in self.keys else None


class LiteralList(Tuple):
    kind = "literallist"
    boxing_family = "LiteralList"

    def __init__(self, items, literals):
        super().__init__(items)
        self.literals = tuple(literals)
        self.name = f"LiteralList(({', '.join(map(str, self.literals))}))"

    @property
    def key(self):
        return (LiteralList, self.items, self.literals)

    @property
    def literal_value(self):
        return list(self.literals)

    initial_value = None

    def unify(self, other):
        if type(other) is LiteralList and len(other.items) == len(self.items):
            items, literals = _unified(self, other)
            return None if items is None else LiteralList(items, literals)
        return None


def _unified(a, b):
    """Item types of two literal containers unified, and their literal types (where they agree)."""
    from .scalars import unify
    items = [unify(x, y) for x, y in zip(a.items, b.items)]
    if None in items:
        return None, None
    return items, [la if la == lb else t for la, lb, t in zip(a.literals, b.literals, items)]


def _frozen(value):
    """A hashable stand-in for a display's constants (lists and dicts are not hashable)."""
    if isinstance(value, list):
        return ("list", tuple(map(_frozen, value)))
    if isinstance(value, dict):
        return ("dict", tuple((_frozen(k), _frozen(v)) for k, v in value.items()))
    return (type(value), value)


class _InitialValue:
    """A container type with the constants its display started with; its values are the plain
    type's (same data model)."""

    def convert_from(self, builder, value, src):
        return value

    @property
    def key(self):
        return (type(self), self.body_type().key, _frozen(self.initial_value))


class InitialValueList(_InitialValue, List):
    boxing_family = "List"

    def __init__(self, dtype, initial_value):
        super().__init__(dtype)
        self.initial_value = initial_value
        self.name = f"{self.name}<iv={initial_value!r}>"

    def body_type(self):
        return List(self.dtype)


class InitialValueDict(_InitialValue, DictType):
    boxing_family = "DictType"

    def __init__(self, key, value, initial_value):
        super().__init__(key, value)
        self.initial_value = initial_value
        self.name = f"{self.name}<iv={initial_value!r}>"

    def body_type(self):
        return DictType(self.key_type, self.value_type)


def with_initial_value(ty, value):
    """`ty` (a plain list or dict type) with the display constants `value`, or None."""
    if type(ty) is List and isinstance(value, list):
        return InitialValueList(ty.dtype, value)
    if type(ty) is DictType and isinstance(value, dict):
        return InitialValueDict(ty.key_type, ty.value_type, value)
    return None


def box_literal_list(ctx, b, value, ty):
    """A literal list returned to Python: a list of its items (as the same code in Python makes)."""
    from ..runtime.boxing import _box_tuple
    tup = _box_tuple(ctx, b, value, ty)
    out = ctx.alloca(b, PTR)
    b.store(ir.Constant(PTR, None), out)
    with b.if_then(b.icmp_unsigned("!=", tup, ir.Constant(PTR, None))):
        b.store(b.call(ctx.declare("PySequence_List", PTR, [PTR]), [tup]), out)
        b.call(ctx.declare("Py_DecRef", ir.VoidType(), [PTR]), [tup])
    return b.load(out)


def box_literal_dict(ctx, b, value, ty):
    """A literal dict returned to Python: a dict of its keys and values (NULL with the exception
    set when an item cannot be made)."""
    from ..runtime.boxing import _box_tuple, _box_const
    from .misc import Const
    values = _box_tuple(ctx, b, value, ty)
    out = ctx.alloca(b, PTR)
    b.store(ir.Constant(PTR, None), out)
    decref = ctx.declare("Py_DecRef", ir.VoidType(), [PTR])
    with b.if_then(b.icmp_unsigned("!=", values, ir.Constant(PTR, None))):
        made = b.call(ctx.declare("PyDict_New", PTR, []), [])
        with b.if_then(b.icmp_unsigned("!=", made, ir.Constant(PTR, None))):
            for i, key in enumerate(ty.keys):
                key_obj = _box_const(ctx, b, None, Const(key))
                item = b.call(ctx.declare("PyTuple_GetItem", PTR, [PTR, I64]), [values, ir.Constant(I64, i)])
                b.call(ctx.declare("PyDict_SetItem", ir.IntType(32), [PTR, PTR, PTR]), [made, key_obj, item])
                b.call(decref, [key_obj])
            b.store(made, out)
        b.call(decref, [values])
    return b.load(out)
