"""More of numba's low-level lowering API (beside numjit/lowlevel.py): `lower_constant`, the code
of a user type's value captured by compiled code (a global or a closure variable),
`context.get_constant_generic` for the members such a lowering builds, iteration:
`lower_builtin("getiter", T)` + `lower_builtin("iternext", T.iterator_type)` with `iternext_impl`,
and `lower_cast(FromType, ToType)`: the conversions a user type's numba-style
`unify(self, typingctx, other)` asks for (a variable holding it or another type).

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

Iteration: `for x in value` on an `IterableType` runs its getiter lowering once (the iterator,
a new reference held until the loop's statement ends), then before each item the iternext
lowering, whose `result.set_valid(i1)` ends the loop when false and `result.yield_(value)` is the
item; `iter(value)` is the getiter lowering (an iterator without one is its own), `next(it)` one
iternext step, raising StopIteration when exhausted (tests/test_lowlevel_extending_lib.py has a
complete example).

The value is frozen when the function compiles (later changes to the Python object are not seen,
as in numba). Arrays made by `get_constant_generic` are copies held by the compiled module, with
no owner (no reference count): writable where their type is, like numba's constant arrays.
"""
import enum

import numpy as np
from llvmlite import ir

from .errors import NumjitError, TypingError, UnsupportedError
from .types import Array, Tuple, Signature
from .types.typeof import user_rule

I1, I8, I64, PTR = ir.IntType(1), ir.IntType(8), ir.IntType(64), ir.PointerType()

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


# -- iteration: lower_builtin("getiter", T) and lower_builtin("iternext", T.iterator_type) -----------
class RefType(enum.Enum):
    """What kind of reference an iternext_impl yields (numba's names)."""
    NEW = 1
    BORROWED = 2
    UNTRACKED = 3


class IternextResult:
    """The `result` an iternext_impl function fills: `set_valid(i1 or bool)` (false: the iterator
    is exhausted) and `yield_(value)` (the item); both are kept in stack slots, so they may be
    called in any block."""

    def __init__(self, builder, valid_slot, value_slot):
        self._builder, self._valid, self._value = builder, valid_slot, value_slot

    def set_valid(self, is_valid=True):
        if not isinstance(is_valid, ir.Value):
            is_valid = ir.Constant(I1, int(bool(is_valid)))
        self._builder.store(is_valid, self._valid)

    def set_exhausted(self):
        self.set_valid(False)

    def is_valid(self):
        return self._builder.load(self._valid, typ=I1)

    def yield_(self, value):
        self._builder.store(value, self._value)


def iternext_impl(ref_type):
    """`@lower_builtin("iternext", IterType)` then `@iternext_impl(RefType.BORROWED)` on
    `fn(context, builder, sig, args, result)`: the code of one step of the iterator."""
    if not isinstance(ref_type, RefType):
        raise TypeError(f"iternext_impl takes a RefType (RefType.BORROWED...), not {ref_type!r}")

    def outer(fn):
        def wrapper(context, builder, sig, args):
            raise UnsupportedError("an iternext_impl function runs in a `for` loop only (numjit: next() "
                                   "on a user iterator is not offered)")
        wrapper.iternext = (fn, ref_type)
        wrapper.__name__ = wrapper.__qualname__ = getattr(fn, "__name__", "iternext")
        return wrapper
    return outer


def _getiter(ty):
    """The getiter lowering of a user IterableType (an iterator without one: itself), or None."""
    from .lowlevel import _lowering_for
    from .types.numba_names import IterableType, IteratorType
    if not isinstance(ty, IterableType):
        return None
    impl = _lowering_for("getiter", (ty,))
    if impl is None and isinstance(ty, IteratorType) and ty.iterator_type == ty:
        impl = _iterator_itself
    return impl


def _iterator_itself(context, builder, sig, args):
    context.nrt.incref(builder, sig.return_type, args[0])       # (a lowering's result: a new reference)
    return args[0]


def _iternext(iter_type):
    """The iternext_impl function of a user iterator type, or None."""
    from .lowlevel import _lowering_for
    step = _lowering_for("iternext", (iter_type,))
    if step is None:
        return None
    if not hasattr(step, "iternext"):
        raise UnsupportedError(f"the iternext lowering of {iter_type} must be decorated with "
                               "@iternext_impl(RefType....) (numba's protocol)")
    fn, ref_type = step.iternext
    from .lowering.refcount import needs_refcount
    if ref_type is RefType.NEW and needs_refcount(iter_type.yield_type):
        raise UnsupportedError(f"{iter_type} yields new references to {iter_type.yield_type}: numjit's "
                               "user iterators yield borrowed ones (RefType.BORROWED)")
    return fn


def _run(low, what, impl, sig, values):
    from .lowlevel import LoweringContext, run_user_codegen
    return run_user_codegen(low, what, impl, LoweringContext(low.ctx, low), sig, values)


def _stepper(low, iter_type, fn, iterator):
    """step() runs the iternext lowering once and gives its valid bit; item() loads its item."""
    from .core.cgutils import alloca_once
    b, yield_type = low.builder, iter_type.yield_type
    valid, value = alloca_once(b, I1), alloca_once(b, yield_type.llvm())
    result = IternextResult(b, valid, value)

    def step():
        b.store(ir.Constant(I1, 0), valid)
        _run(low, f"the iternext lowering of {iter_type}", lambda c, bb, s, a: fn(c, bb, s, a, result),
             Signature(yield_type, (iter_type,)), [iterator])
        return b.load(valid, typ=I1)
    return step, lambda: b.load(value, typ=yield_type.llvm())


def _for_typer(ty):
    """`for x in value` on a user IterableType with getiter and iternext lowerings."""
    getiter = _getiter(ty)
    fn = _iternext(ty.iterator_type) if getiter is not None else None
    if fn is None:
        return None
    iter_type = ty.iterator_type

    def codegen(low, sig, values):
        from .lowering.loops import _Iter
        iterator = _run(low, f"the getiter lowering of {ty}", getiter, Signature(iter_type, (ty,)), values)
        low.own(iterator, iter_type)                  # (a new reference: released after the loop)
        step, item = _stepper(low, iter_type, fn, iterator)
        return _Iter(ir.Constant(I64, 2**63 - 1), lambda k: item(), iter_type.yield_type, live_ok=lambda k: step())
    return Signature(iter_type.yield_type, (ty,)), codegen


def _iter_typer(ty):
    """iter(value) on a user IterableType: its getiter lowering."""
    getiter = _getiter(ty)
    if getiter is None:
        return None

    def codegen(low, sig, values):
        return _run(low, f"the getiter lowering of {ty}", getiter, sig, values)
    codegen.new_ref = True
    return Signature(ty.iterator_type, (ty,)), codegen


def _next_typer(it, default=None):
    """next(iterator) on a user iterator type: its iternext lowering; StopIteration when exhausted
    (next(iterator, default): the default)."""
    from .types.numba_names import IteratorType
    fn = _iternext(it) if isinstance(it, IteratorType) else None
    if fn is None:
        return None
    if default is not None:
        from .types.scalars import unify
        result = unify(it.yield_type, default)
        if result is None:
            return None

        def codegen_default(low, sig, values):
            from .intrinsics.iterators import next_or_default
            step, item = _stepper(low, it, fn, values[0])
            return next_or_default(low, result, step(), item, it.yield_type, values[1], default)
        return Signature(result, (it, default)), codegen_default

    def codegen(low, sig, values):
        step, item = _stepper(low, it, fn, values[0])
        low.guard(low.builder.not_(step()), StopIteration, "")
        return item()
    return Signature(it.yield_type, (it,)), codegen


_ITERATION = []


def register_iteration():
    """Make `for`, iter() and next() ask for user iteration lowerings (once, at the first
    getiter/iternext)."""
    if not _ITERATION:
        from .typing import registry
        registry.intrinsic("iter")(_for_typer)
        registry.intrinsic(iter)(_iter_typer)
        registry.intrinsic(next)(_next_typer)
        _ITERATION.append(True)


# -- conversions: lower_cast and numba-style unify ---------------------------------------------------
_CASTS = []                       # (from spec, to spec, impl(context, builder, fromty, toty, value))


def lower_cast(fromty, toty):
    """`@lower_cast(FromType, ToType)` (type classes, types or types.Any) on
    `impl(context, builder, fromty, toty, value)`: the code of a conversion numjit has none of its
    own for (numjit's conversions between its own types come first)."""
    def decorate(impl):
        _CASTS.append((fromty, toty, impl))
        return impl
    return decorate


def user_cast(ctx, builder, value, src, dst):
    """The lower_cast of src -> dst (lowering/context.py's cast, when it has no conversion)."""
    from .lowlevel import _fits, LoweringContext
    for from_spec, to_spec, impl in _CASTS:
        if _fits(from_spec, src) and _fits(to_spec, dst):
            try:
                return impl(LoweringContext(ctx), builder, src, dst, value)
            except NumjitError:
                raise
            except Exception as exc:          # the user's IR building: their bug
                raise TypingError(f"the lower_cast of {src} to {dst} raised {type(exc).__name__}: {exc}") from exc
    raise TypeError(f"no conversion from {src} to {dst}")


def adapt_numba_unify(type_class):
    """A user type's numba-style `unify(self, typingctx, other)` answers numjit's `unify(other)`
    (types/scalars.py asks either side of such a pair: `numba_unify`)."""
    import inspect
    from .lowlevel import _TYPING_CONTEXT
    method = getattr(type_class, "unify", None)
    if method is None or getattr(method, "numba_style", False):
        return
    try:
        if len(inspect.signature(method).parameters) != 3:        # (self, typingctx, other)
            return
    except (TypeError, ValueError):
        return

    def unify(self, other):
        return method(self, _TYPING_CONTEXT, other)
    unify.numba_style = True
    type_class.unify = unify
    type_class.numba_unify = True
