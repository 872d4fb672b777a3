"""Optional(T): a value of type T or None (numba's OptionalType).

    >>> from numjit import njit
    >>> from numjit.types import Optional, float64, none
    >>> @njit
    ... def positive(x):
    ...     if x > 0:
    ...         return x
    ...     return None
    >>> positive(2.5), positive(-1.0), positive.nopython_signatures[0].return_type
    (2.5, None, OptionalType(float64))
    >>> Optional(float64), Optional(Optional(float64)) == Optional(float64), Optional(none)
    (OptionalType(float64), True, none)

Where it comes from: a variable or a return assigned a T and None (unification), `d.get(k)`
without a default, an `optional(T)` in an explicit signature or a jitclass spec. `x is None` /
`x is not None` test it at run time; its truth is `x is not None and bool(x)`. Any other
operation on it (arithmetic, a call, an attribute, a method) uses the T inside, and raises
TypeError("expected T, got None") when the value is None (as numba does); after an
`if x is not None:` that check never fails. A user function called with it takes it as is.

Data model: the struct {T value, i1 present}; a None holds a zeroed T (so releasing the
references of an optional array or string is the same code, a no-op on None). From Python: None
or what unboxes as T; to Python: None or T's box. An optional jitclass instance is the
instance's own nullable pointer (numjit/types/jitclass.py): `Optional(C)` gives that type.
"""
from llvmlite import ir

from .base import Type
from .scalars import none

I1 = ir.IntType(1)
PRESENT = 1


class Optional(Type):
    kind = "optional"
    nullable = True                          # `x is None` is decided at run time (typing/pruning.py)

    def __new__(cls, type_):
        if isinstance(type_, Optional) or type_ == none:
            return type_
        nullable = getattr(type_, "optional", None)      # a jitclass instance: its nullable pointer
        if callable(nullable):
            return nullable()
        return super().__new__(cls)

    def __init__(self, type_):
        if type_ is self:                    # Optional(an optional): __new__ gave it back as is
            return
        self.type = type_
        super().__init__(f"OptionalType({type_})")

    def __reduce__(self):
        return Optional, (self.type,)

    @property
    def key(self):
        return (Optional, self.type)

    @property
    def refcounted(self):
        from ..lowering.refcount import needs_refcount
        return needs_refcount(self.type)

    def llvm(self):
        return ir.LiteralStructType([self.type.llvm(), I1])

    def unify(self, other):
        return unify_optional(self, other)

    def convert_from(self, builder, value, src):
        """T or None → Optional(T) where no conversion of T is needed (the wrapper's declared
        return type); everything else converts in `cast_optional`."""
        if src == none:
            return ir.Constant(self.llvm(), None)
        if src == self.type:
            return wrap(builder, value, self)
        raise TypeError(f"no conversion from {src} to {self}")

    def truth(self, builder, value):
        """`bool(x)`: False for None, else the truth of the value (tested only when present)."""
        from ..lowering.context import ModuleContext
        start = builder.block
        some, done = builder.append_basic_block("optional.truth"), builder.append_basic_block("optional.truth.done")
        builder.cbranch(builder.extract_value(value, PRESENT), some, done)
        builder.position_at_end(some)
        inner = ModuleContext.truth(builder, builder.extract_value(value, 0), self.type)
        some_end = builder.block
        builder.branch(done)
        builder.position_at_end(done)
        phi = builder.phi(I1)
        phi.add_incoming(ir.Constant(I1, 0), start)
        phi.add_incoming(inner, some_end)
        return phi


def optional(type_):
    """numba's `types.optional(T)`; in a jitclass spec, T may also be a jitclass or the name of
    the class being defined (`("next", optional("Node"))`), resolved when the class is made."""
    if isinstance(type_, Type):
        return Optional(type_)
    return ClassReference(type_)


class ClassReference:
    """optional(C) in a jitclass spec, for a C not yet a type: the class or the name of the class
    being defined (types/jitclass.py resolves it)."""

    def __init__(self, target):
        self.target = target

    def __repr__(self):
        return f"optional({self.target!r})"


def unify_optional(a, b):
    """The optional type holding values of types a and b (one of them None or optional), or None."""
    from .scalars import unify
    from .strings import text_type
    from .arrayexpr import concrete
    if a == none:
        a, b = b, a
    if b == none:
        a = text_type(a) or concrete(a)             # "abc" or None: an optional str; `a * 2`: an array
        return a if isinstance(a, Optional) else Optional(a) if can_be_optional(a) else None
    if not isinstance(a, Optional):
        a, b = b, a
    if not isinstance(a, Optional):
        return None
    inner = unify(a.type, b.type if isinstance(b, Optional) else b)
    return Optional(inner) if inner is not None and can_be_optional(inner) else None


def can_be_optional(ty):
    """Values with a run-time representation (not compile-time objects, lazy expressions, generators)."""
    from .misc import Const
    from .arrayexpr import ArrayExpr
    return not isinstance(ty, (Const, ArrayExpr)) and ty.kind not in ("undefined", "none", "generator") \
        and not getattr(ty, "local_only", False)


def wrap(builder, value, ty):
    out = builder.insert_value(ir.Constant(ty.llvm(), ir.Undefined), value, 0)
    return builder.insert_value(out, ir.Constant(I1, 1), PRESENT)


def cast_optional(low, value, src, dst):
    """The lowerer's conversions to and from optionals: a T or None wraps; an optional converts
    its value; an optional used as a T is checked not to be None (TypeError, as numba)."""
    b = low.builder
    if isinstance(dst, Optional):
        if src == none:
            return ir.Constant(dst.llvm(), None)
        if not isinstance(src, Optional):
            return wrap(b, low.cast(value, src, dst.type), dst)
        inner = low.cast(b.extract_value(value, 0), src.type, dst.type)
        out = b.insert_value(ir.Constant(dst.llvm(), ir.Undefined), inner, 0)
        return b.insert_value(out, b.extract_value(value, PRESENT), PRESENT)
    low.guard(b.not_(b.extract_value(value, PRESENT)), TypeError, f"expected {src.type}, got None")
    return low.cast(b.extract_value(value, 0), src.type, dst)


def unwrapped(types_):
    """The argument types with each optional replaced by its value type (None: no optional)."""
    if not any(isinstance(t, Optional) for t in types_):
        return None
    return tuple(t.type if isinstance(t, Optional) else t for t in types_)


# -- box/unbox at the Python boundary (the tables in runtime/boxing.py point here) ------------

def unbox_optional(ctx, b, obj, ty, fail):
    from ..runtime.boxing import unbox
    is_none = b.icmp_unsigned("==", obj, ctx.global_var("_Py_NoneStruct", ir.IntType(8)))
    start = b.block
    some, done = b.append_basic_block("unbox.optional"), b.append_basic_block("unbox.optional.done")
    b.cbranch(is_none, done, some)
    b.position_at_end(some)
    value = wrap(b, unbox(ctx, b, obj, ty.type, fail), ty)
    some_end = b.block
    b.branch(done)
    b.position_at_end(done)
    phi = b.phi(ty.llvm())
    phi.add_incoming(ir.Constant(ty.llvm(), None), start)
    phi.add_incoming(value, some_end)
    return phi


def release_optional(ctx, b, value, ty, after_call):
    from ..runtime.boxing import owns_unboxed, release_unboxed
    if owns_unboxed(ty.type):
        with b.if_then(b.extract_value(value, PRESENT)):
            release_unboxed(ctx, b, b.extract_value(value, 0), ty.type, after_call)


def box_optional(ctx, b, value, ty):
    """None, or the box of the value (consuming its reference, as every boxer does)."""
    from ..runtime.boxing import box
    ptr = ir.PointerType()
    result = ctx.alloca(b, ptr)
    with b.if_else(b.extract_value(value, PRESENT)) as (some, absent):
        with some:
            b.store(box(ctx, b, b.extract_value(value, 0), ty.type), result)
        with absent:
            obj = ctx.global_var("_Py_NoneStruct", ir.IntType(8))
            b.call(ctx.declare("Py_IncRef", ir.VoidType(), [ptr]), [obj])
            b.store(obj, result)
    return b.load(result)
