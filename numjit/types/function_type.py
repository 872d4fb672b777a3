"""FunctionType(sig): a function passed in as a value (numba's first-class function type), the
parameter type that explicit signatures spell `types.FunctionType(float64(float64, float64))`.

    >>> from numjit import njit, types
    >>> dist = types.FunctionType(types.float64(types.float64, types.float64))
    >>> @njit(types.float64(types.float64[:], types.float64[:], dist))
    ... def total(x, y, d):
    ...     s = 0.0
    ...     for i in range(x.size):
    ...         s += d(x[i], y[i])
    ...     return s
    >>> @njit
    ... def absolute(a, b):
    ...     return abs(a - b)
    >>> import numpy as np
    >>> total(np.arange(3.0), np.ones(3), absolute), dist
    (2.0, FunctionType[float64(float64, float64)])

Its value is the address of a function with numjit's own calling convention for `sig`
(`i32 f(ret *, excinfo **, args...)`, what a direct call of a compiled function uses), so a call
through it passes arrays and raises exceptions as a direct call does. What a parameter of this
type takes (`address_of`): a jitted function (compiled for `sig`'s argument types; one with
explicit signatures must have been declared for them, as numba asks), a `cfunc` or an object
with numba's WrapperAddressProtocol of that very signature (called through a small adapter from
numjit's convention to the C one). A result of another type than `sig`'s is converted. Anything
else is a TypeError naming the type expected. A cfunc or WrapperAddressProtocol object passed to
a function without signatures is typed FunctionType of its own signature. In compiled code, a
jitted function passed to such a parameter is compiled into the caller's module (and a cfunc gets
an adapter there), so nothing is looked up at run time.

Not cached on disk: a function with a FunctionType parameter (its unboxing calls a Python object of
this process), compiled again in each process with a warning when cache=True.
"""
from llvmlite import ir

from .base import Type
from .scalars import none

PTR = ir.PointerType()
RESOLVER = "numjit_const.function_address"


class FunctionType(Type):
    kind = "function type"

    def __init__(self, signature):
        if signature.return_type is None:
            raise TypeError(f"FunctionType needs a signature with a return type, not {signature}")
        self.return_type, self.args = signature.return_type, tuple(signature.args)
        super().__init__(f"FunctionType[{signature}]")
        _BY_NAME[self.name] = self

    @property
    def signature(self):
        from .signature import Signature
        return Signature(self.return_type, self.args)

    nargs = property(lambda self: len(self.args))

    def llvm(self):
        return PTR

    def convert_in(self, ctx, builder, value, src):
        """A function named in compiled code (`accepts_function`): a jitted one is compiled into
        this module for this type's arguments, a C one gets an adapter here; the value is the
        address of what was added (only a C function's own address enters the code)."""
        from ..backend.jit import unique_name
        from ..dispatch.dispatcher import Dispatcher
        from ..lowering.lower import get_function
        from ..typing.infer import return_type_of
        if not accepts_function(src, self):
            raise TypeError(f"no conversion from {src} to {self}")
        function = src.value
        if not isinstance(function, Dispatcher):
            fn = emit_adapter(ctx, unique_name("adapt.cfunc"), self, c_address(function), self.return_type,
                              c_abi=True)
        else:
            fn = get_function(ctx, function.py_func, self.args, function.flags)
            returns = return_type_of(function.py_func, self.args, function.flags)
            if returns == self.return_type:
                return builder.bitcast(fn, PTR)
            fn = emit_adapter(ctx, unique_name(f"adapt.{function.__name__}"), self, fn, returns, c_abi=False)
        fn.linkage = "internal"
        return builder.bitcast(fn, PTR)


def accepts_function(have, want):
    """Whether a value of type `have` passes as FunctionType `want` by conversion: a jitted
    function (typed as a constant) that is lazy or was declared for want's arguments (as numba),
    or, named in compiled code, a cfunc or WrapperAddressProtocol object of want's signature."""
    from ..dispatch.dispatcher import Dispatcher
    from .scalars import argkey
    if have.kind != "const":
        return False
    if isinstance(have.value, Dispatcher):
        return not have.value.declared_signatures() or argkey(want.args) in have.value.overloads
    return is_c_function(have.value) and typeof_c_function(have.value) == want


def is_c_function(obj):
    from ..ccallback import CFunc
    from .numba_names import WrapperAddressProtocol
    return isinstance(obj, (CFunc, WrapperAddressProtocol))


def c_address(obj):
    """The address of a cfunc or WrapperAddressProtocol object's C function."""
    from ..ccallback import CFunc
    return obj.address if isinstance(obj, CFunc) else obj.__wrapper_address__()


_BY_NAME = {}       # name → FunctionType: the native unboxer names the type it wants by its name
_ADDRESSES = {}     # (id(obj), FunctionType) → (obj, address, adapter library): obj kept alive


def address_of(obj, ftype):
    """The address of a function of numjit's calling convention that calls `obj` as `ftype`
    (compiled, or an adapter made, on first use; then remembered); TypeError when obj has none."""
    found = _ADDRESSES.get((id(obj), ftype))
    if found is None:
        _BY_NAME.setdefault(ftype.name, ftype)          # (a type loaded from the disk cache skips __init__)
        address, library = _make_address(obj, ftype)
        found = _ADDRESSES[(id(obj), ftype)] = (obj, address, library)
    return found[1]


def _make_address(obj, ftype):
    """(address, library that holds an adapter or None) for address_of."""
    from ..dispatch.dispatcher import Dispatcher
    from .misc import Const
    if isinstance(obj, Dispatcher) and accepts_function(Const(obj), ftype):
        result = obj.compile(ftype.args)
        returns = result.signature.return_type
        if returns == ftype.return_type:
            return result.address, None
        return _compiled_adapter(ftype, result.address, returns, c_abi=False)
    if isinstance(obj, Dispatcher):
        raise TypeError(f"{obj.__name__}() is compiled for {obj._expected()}, not for the arguments "
                        f"({', '.join(map(str, ftype.args))}) of the {ftype} expected")
    if is_c_function(obj):
        if typeof_c_function(obj) == ftype:
            return _compiled_adapter(ftype, c_address(obj), ftype.return_type, c_abi=True)
        raise TypeError(f"{getattr(obj, '__name__', type(obj).__name__)} is a C function "
                        f"{typeof_c_function(obj).signature}, not the {ftype} expected")
    raise TypeError(f"{ftype} expected (a jitted function, a cfunc or a WrapperAddressProtocol object), "
                    f"got a value of type {type(obj).__name__}")


def _compiled_adapter(ftype, address, returns, c_abi):
    """(address, library) of emit_adapter's function, compiled on its own."""
    from ..backend import jit as backend
    from ..lowering.context import ModuleContext
    ctx = ModuleContext("function_adapter")
    name = backend.unique_name("function_adapter")
    emit_adapter(ctx, name, ftype, address, returns, c_abi)
    library = backend.compile_ir(ctx.module, level=2)
    return library.address(name), library


def emit_adapter(ctx, name, ftype, callee, returns, c_abi):
    """`i32 name(ret *, excinfo **, args...)` calling `callee` (an ir.Function or an address): of
    numjit's convention returning `returns`, or (c_abi) a C function; the result converted to
    ftype's return type (a TypeError when it does not convert)."""
    from ..lowering.context import STATUS_OK
    from .signature import Signature
    fn = ir.Function(ctx.module, ctx.function_type(ftype.signature), name)
    ret_slot, excinfo, *args = fn.args
    b = ir.IRBuilder(fn.append_basic_block())
    void = returns == none
    if c_abi:
        args = [ctx.to_mem(b, a, t) for a, t in zip(args, ftype.args)]
        fnty = ir.FunctionType(ir.VoidType() if void else returns.llvm_mem(), [a.type for a in args])
    else:
        fnty = ctx.function_type(Signature(returns, ftype.args))
        slot = ctx.alloca(b, returns.llvm())
        args = [slot, excinfo, *args]
    if isinstance(callee, int):
        callee = b.inttoptr(ir.Constant(ir.IntType(64), callee), fnty.as_pointer())
    result = b.call(callee, args)
    if c_abi:
        value = ir.Constant(none.llvm(), 0) if void else ctx.from_mem(b, result, returns)
    else:
        with b.if_then(b.icmp_signed("!=", result, STATUS_OK), likely=False):
            b.ret(result)
        value = b.load(slot)
    try:
        b.store(ctx.cast(b, value, returns, ftype.return_type), ret_slot)
    except TypeError:
        raise TypeError(f"the function returns {returns}, which does not convert to the "
                        f"{ftype.return_type} of {ftype}") from None
    b.ret(STATUS_OK)
    return fn


def _native_address(obj, name):
    """address_of for the native unboxer: 0 when it has none (the call then takes the slow path,
    where the dispatcher raises the TypeError)."""
    ftype = _BY_NAME.get(name)
    try:
        return address_of(obj, ftype) if ftype is not None else 0
    except Exception:           # noqa: BLE001 (any failure is "no match" here; the slow path says why)
        return 0


def unbox_function(ctx, b, obj, ty, fail):
    """The address `_native_address(obj, ty.name)` gives (Python, called with the GIL the try
    function holds), or a branch to `fail`."""
    from ..runtime.cpython import global_object_symbol
    global_object_symbol(RESOLVER, _native_address)
    resolver = b.load(ctx.global_var(RESOLVER, PTR), typ=PTR)
    call = ctx.declare("PyObject_CallFunction", PTR, [PTR, PTR], var_arg=True)
    result = b.call(call, [resolver, ctx.cstring("Os").bitcast(PTR), obj, ctx.cstring(ty.name).bitcast(PTR)])
    ok, raised = b.append_basic_block("unbox.function"), b.append_basic_block("unbox.function.raised")
    b.cbranch(b.icmp_unsigned("==", result, ir.Constant(PTR, None)), raised, ok)
    b.position_at_end(raised)                 # (_native_address raises nothing; a MemoryError, say)
    b.call(ctx.declare("PyErr_Clear", ir.VoidType(), []), [])
    b.branch(fail)
    b.position_at_end(ok)
    address = b.call(ctx.declare("PyLong_AsVoidPtr", PTR, [PTR]), [result])
    b.call(ctx.declare("Py_DecRef", ir.VoidType(), [PTR]), [result])
    found = b.append_basic_block("unbox.function.found")
    b.cbranch(b.icmp_unsigned("==", address, ir.Constant(PTR, None)), fail, found)
    b.position_at_end(found)
    return address


def typeof_c_function(value, context=None):
    """A cfunc or WrapperAddressProtocol object passed in: FunctionType of its signature."""
    from ..ccallback import CFunc
    return FunctionType(value._sig if isinstance(value, CFunc) else value.signature())
