"""namedtuples (collections.namedtuple and typing.NamedTuple classes): a Tuple that knows its
class and field names; passed in and returned as instances of that class.

    >>> from collections import namedtuple
    >>> from numjit.types import int64, float64
    >>> Point = namedtuple("Point", "x y")
    >>> t = NamedTuple(Point, (int64, float64))
    >>> t, t.field_index("y"), t == Tuple((int64, float64))
    (Point(x=int64, y=float64), 1, False)
"""
from llvmlite import ir

from .containers import Tuple


def is_namedtuple_class(value):
    return isinstance(value, type) and issubclass(value, tuple) and isinstance(getattr(value, "_fields", None), tuple)


class NamedTuple(Tuple):
    kind = "namedtuple"

    def __init__(self, cls, items):
        super().__init__(items)
        self.cls = cls
        self.fields = tuple(cls._fields)
        self.name = f"{cls.__name__}({', '.join(f'{f}={t!r}' for f, t in zip(self.fields, self.items))})"

    @property
    def key(self):
        return (NamedTuple, self.cls, self.items)

    @property
    def instance_class(self):
        """numba's name for the namedtuple class."""
        return self.cls

    def field_index(self, name):
        return self.fields.index(name) if name in self.fields else None

    def unify(self, other):
        from .scalars import unify
        if isinstance(other, NamedTuple) and other.cls is self.cls:
            items = [unify(a, b) for a, b in zip(self.items, other.items)]
            if all(t is not None for t in items):
                return NamedTuple(self.cls, items)
        return None


# -- box / unbox (registered in runtime/boxing.py's tables) ------------------------------------------

def _class_object(ctx, b, cls):
    from ..lowering.context import PTR, exception_slot
    return b.load(ctx.global_var(exception_slot(cls), PTR), typ=PTR)     # (a slot for any class)


def unbox_namedtuple(ctx, b, obj, ty, fail):
    from ..runtime.boxing import field, type_of, unbox, _branch_unless
    from ..runtime.cpython import OFFSETS
    from ..lowering.context import PTR
    i64 = ir.IntType(64)
    _branch_unless(b, b.icmp_unsigned("==", type_of(b, obj), _class_object(ctx, b, ty.cls)), fail)
    size = field(b, obj, OFFSETS["var_size"], i64)
    _branch_unless(b, b.icmp_signed("==", size, ir.Constant(i64, len(ty))), fail)
    out = ir.Constant(ty.llvm(), ir.Undefined)
    for i, item_ty in enumerate(ty.items):
        item = field(b, obj, OFFSETS["tuple_items"] + 8 * i, PTR)
        out = b.insert_value(out, unbox(ctx, b, item, item_ty, fail), i)
    return out


def box_namedtuple(ctx, b, value, ty):
    """cls(*items): the plain tuple of the boxed items, then a call of the class."""
    from ..runtime.boxing import BOXERS
    from ..lowering.context import PTR
    args = BOXERS["Tuple"](ctx, b, value, Tuple(ty.items))
    result = ctx.alloca(b, PTR)
    b.store(ir.Constant(PTR, None), result)
    with b.if_then(b.icmp_unsigned("!=", args, ir.Constant(PTR, None))):
        call = ctx.declare("PyObject_Call", PTR, [PTR, PTR, PTR])
        b.store(b.call(call, [_class_object(ctx, b, ty.cls), args, ir.Constant(PTR, None)]), result)
        b.call(ctx.declare("Py_DecRef", ir.VoidType(), [PTR]), [args])
    return b.load(result)
