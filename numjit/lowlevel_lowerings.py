"""More of numba's low-level lowering API (beside numjit/lowlevel.py): `lower_constant`, the code
of a user type's value captured by compiled code (a global or a closure variable), and
`context.get_constant_generic` for the members such a lowering builds.

    >>> import numpy as np
    >>> from numjit import njit, types
    >>> from numjit.extending import typeof_impl, register_model, models, make_attribute_wrapper
    >>> from numjit.core.imputils import lower_constant
    >>> from numjit.core import cgutils
    >>> class Scaled:
    ...     def __init__(self, values, factor):
    ...         self.values, self.factor = values, factor
    >>> class ScaledType(types.Type):
    ...     def __init__(self):
    ...         super().__init__(name="Scaled")
    >>> scaled_type = ScaledType()
    >>> _ = typeof_impl.register(Scaled)(lambda value, c: scaled_type)
    >>> @register_model(ScaledType)
    ... class ScaledModel(models.StructModel):
    ...     def __init__(self, dmm, fe_type):
    ...         super().__init__(dmm, fe_type, [("values", types.float64[:]), ("factor", types.float64)])
    >>> make_attribute_wrapper(ScaledType, "values", "values")
    >>> make_attribute_wrapper(ScaledType, "factor", "factor")
    >>> @lower_constant(ScaledType)
    ... def _scaled_constant(context, builder, typ, pyval):
    ...     values = context.get_constant_generic(builder, types.float64[:], pyval.values)
    ...     factor = context.get_constant_generic(builder, types.float64, pyval.factor)
    ...     return cgutils.pack_struct(builder, (values, factor))
    >>> S = Scaled(np.array([1.0, 2.0]), 3.0)
    >>> njit(lambda: S.values.sum() * S.factor)()
    9.0

The value is frozen when the function compiles (later changes to the Python object are not seen,
as in numba). Arrays made by `get_constant_generic` are copies held by the compiled module, with
no owner (no reference count): writable where their type is, like numba's constant arrays.
"""
import numpy as np
from llvmlite import ir

from .errors import TypingError
from .types import Array, Tuple
from .types.typeof import user_rule

I8, I64, PTR = ir.IntType(8), ir.IntType(64), ir.PointerType()

_CONSTANT_LOWERINGS = {}          # type class -> fn(context, builder, typ, pyval) (lower_constant)


def _registered(ty):
    for cls in type(ty).__mro__:
        if cls in _CONSTANT_LOWERINGS:
            return _CONSTANT_LOWERINGS[cls]
    return None


def lower_constant(type_class):
    """`@lower_constant(TypeClass)` on `fn(context, builder, typ, pyval)`: the LLVM value of a
    Python object of that type that compiled code reads as a constant."""
    from .extending import _check_type_class
    _check_type_class(type_class, "lower_constant")

    def decorate(fn):
        _CONSTANT_LOWERINGS[type_class] = fn
        type_class.has_lower_constant = True          # (lowering/lower.py: an expression's constant)
        return fn
    return decorate


def constant_type(value):
    """The user type of a global/closure `value` compiled code takes as a constant (its typeof_impl
    rule gives a type with a lower_constant), or None."""
    rule = user_rule(type(value))
    ty = rule(value, None) if rule is not None else None
    return ty if ty is not None and _registered(ty) is not None else None


def lower_user_constant(low, ty, value):
    """The user's lower_constant of `value`, run at the expression reading it."""
    from .lowlevel import LoweringContext, run_user_codegen
    fn = _registered(ty)
    return run_user_codegen(low, f"the lower_constant of {type(ty).__name__}",
                            lambda c, b, sig, args: fn(c, b, ty, value), LoweringContext(low.ctx, low), None, ())


def constant_value(context, builder, ty, value):
    """`context.get_constant_generic(builder, ty, value)`: numbers, tuples, arrays (a writable
    copy in the module unless the type is read-only), user types with a lower_constant."""
    ctx = context._ctx
    if isinstance(ty, Array):
        return _array_copy(ctx, ty, value)
    if isinstance(ty, Tuple):
        out = ir.Constant(ty.llvm(), ir.Undefined)
        for i, (item_type, item) in enumerate(zip(ty.items, value)):
            out = builder.insert_value(out, constant_value(context, builder, item_type, item), i)
        return out
    fn = _registered(ty)
    if fn is not None:
        return fn(context, builder, ty, value)
    try:
        return ctx.constant(ty, value)
    except TypeError as exc:
        raise TypingError(f"context.get_constant_generic cannot make a constant of {ty}: {exc}") from None


def _array_copy(ctx, ty, value):
    if ty.readonly:
        return ctx.array_constant(ty, np.asarray(value, ty.dtype.dtype))
    data = np.ascontiguousarray(value, ty.dtype.dtype)
    if data.ndim != ty.ndim:
        raise TypingError(f"context.get_constant_generic: a {data.ndim}-d array is not a {ty}")
    copies = ctx.__dict__.setdefault("user_array_copies", {})     # one per array and module: each
    key = (id(value), data.dtype.str)                             # read of the constant sees writes
    if key not in copies:
        raw = bytearray(data.tobytes())
        gv = ir.GlobalVariable(ctx.module, ir.ArrayType(I8, len(raw)), ctx.unique("user.array"))
        gv.initializer = ir.Constant(gv.value_type, raw)
        gv.linkage = "private"
        gv.align = 64
        copies[key] = (gv, value)                                 # (the value kept: its id stays its own)
    gv = copies[key][0]
    dims = ir.ArrayType(I64, ty.ndim)
    return ir.Constant(ty.llvm(), [
        ir.Constant(PTR, None), ir.Constant(PTR, None), ir.Constant(I64, data.size),
        ir.Constant(I64, data.itemsize), gv, ir.Constant(dims, list(data.shape)),
        ir.Constant(dims, list(data.strides))])
