"""StructRef primitives: `new(struct_type)`, and reading and writing fields (`st.x`, `st.x = v`).

    >>> from numjit import njit, types
    >>> from numjit.experimental import structref
    >>> @structref.register
    ... class PairType(types.StructRef):
    ...     pass
    >>> pair = PairType([("a", types.int64), ("b", types.float64)])
    >>> @njit
    ... def make(a):
    ...     st = structref.new(pair)
    ...     st.a = a
    ...     st.b = a / 2
    ...     st.a += 1
    ...     return st.a, st.b
    >>> make(3)
    (4, 1.5)

A struct has the layout of a jitclass instance (numjit/types/jitclass.py); the memory of a new
one is zeroed, and its destructor releases the fields that hold references (the jitclass's).
"""
from llvmlite import ir

from ..errors import TypingError
from ..types import Signature, Number, Const
from ..types.arrayexpr import concrete
from ..types.scalars import none, unify
from ..types.structref import StructRef
from ..typing.registry import intrinsic
from ..lowering.refcount import needs_refcount, decref
from .jitclass import allocator
from .lists import outliving_ref

I8 = ir.IntType(8)


def new(struct_type):
    """A new struct of StructRef type `struct_type`, its fields zeroed (compiled code only)."""
    raise NotImplementedError("structref.new runs in compiled code only")


@intrinsic(new)
def _new(struct_type):
    ty = struct_type.value if isinstance(struct_type, Const) else None
    if not isinstance(ty, StructRef):
        raise TypingError(f"structref.new takes a StructRef type instance (e.g. MyType(fields)), not {struct_type}")
    return Signature(ty, (struct_type,)), allocator(ty, f"a {ty._typename}")


def _field_type(st, attr):
    name = attr.value
    if name not in st.info.fields:
        raise TypingError(f"{st._typename} has no field {name!r} (its fields: {', '.join(st.info.fields)})")
    return name, st.info.fields[name]


@intrinsic("structref.*")
def _get(st, attr):
    if not isinstance(st, StructRef):
        return None
    name, fty = _field_type(st, attr)

    def codegen(low, sig, args):
        return st.load_field(low.builder, args[0], name)
    return Signature(fty, (st, attr)), codegen


@intrinsic("structref.*=")
def _set(st, attr, value):
    if not isinstance(st, StructRef):
        return None
    name, fty = _field_type(st, attr)
    if not (isinstance(fty, Number) and isinstance(value, Number) or unify(fty, concrete(value)) == fty):
        raise TypingError(f"cannot assign a value of type {value} to field {name!r} of {st._typename} "
                          f"(its type is {fty})")

    def codegen(low, sig, args):
        b = low.builder
        if needs_refcount(fty):
            old = st.load_field(b, args[0], name)
            st.store_field(b, args[0], name, outliving_ref(low, args[2], fty))
            decref(low.ctx, b, old, fty)
        else:
            st.store_field(b, args[0], name, args[2])
        return ir.Constant(I8, 0)
    return Signature(none, (st, attr, fty)), codegen
