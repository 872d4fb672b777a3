"""`cfunc`: a function compiled to a plain C function (a callback for C libraries), and
`carray`/`farray`: arrays viewing memory a pointer points to.

    >>> import ctypes
    >>> from numjit import cfunc, types
    >>> @cfunc("float64(float64, float64)")
    ... def add(x, y):
    ...     return x + y
    >>> add.ctypes(1.5, 2.0), add(1.0, 2.0), add.address != 0
    (3.5, 3.0, True)
    >>> @cfunc(types.float64(types.intc, types.CPointer(types.float64)))
    ... def total(n, xs):
    ...     return carray(xs, n).sum()
    >>> data = (ctypes.c_double * 3)(1.0, 2.0, 4.5)
    >>> total.ctypes(3, data)
    7.5

The C function takes and returns the signature's C types (numbers, bool as a byte, `CPointer(t)`
and `voidptr` as pointers). `.address` is its address, `.ctypes` a ctypes function of it (what
`scipy.LowLevelCallable(f.ctypes)` takes), `.native_name` its symbol, `.inspect_llvm()` its IR.
An exception raised inside returns 0 from the C function (C callers have no way to receive it).
"""
import ctypes

import numpy as np
from llvmlite import ir

from .errors import NumjitError, UnsupportedError, hide_frames
from .options import normalize_flags
from .types import Number, Boolean, NoneType, Signature, parse_signature
from .types.function_type import typeof_c_function
from .types.numba_names import CPointer, RawPointer
from .types.typeof import register_user_rule

_CTYPES = {"bool": ctypes.c_bool, "int8": ctypes.c_int8, "int16": ctypes.c_int16, "int32": ctypes.c_int32,
           "int64": ctypes.c_int64, "uint8": ctypes.c_uint8, "uint16": ctypes.c_uint16,
           "uint32": ctypes.c_uint32, "uint64": ctypes.c_uint64, "float32": ctypes.c_float,
           "float64": ctypes.c_double}


def _ctype(ty):
    """The ctypes type of a C-able numjit type (None: void); UnsupportedError for anything else."""
    if isinstance(ty, NoneType) or ty is None:
        return None
    if isinstance(ty, (CPointer, RawPointer)):
        inner = _CTYPES.get(getattr(getattr(ty, "dtype", None), "name", None))
        return ctypes.POINTER(inner) if inner is not None else ctypes.c_void_p
    if isinstance(ty, (Number, Boolean)) and ty.name in _CTYPES:
        return _CTYPES[ty.name]
    raise UnsupportedError(f"{ty} cannot be a parameter or result of a C function (cfunc takes numbers, "
                           "booleans, CPointer(type) and voidptr)")


class CFunc:
    """A function compiled for one C signature (see the module docstring)."""

    def __init__(self, py_func, sig, options):
        from .backend import jit
        from .pipeline import compile_function
        self.py_func, self.__name__ = py_func, py_func.__name__
        self.__doc__, self.__wrapped__ = py_func.__doc__, py_func
        self._sig = sig
        restype, argtypes = _ctype(sig.return_type), [_ctype(t) for t in sig.args]
        flags = normalize_flags(options)
        flags.pop("_nopython")
        flags.pop("cache", None)                 # a cfunc compiles when decorated, every run
        self.native_name = jit.unique_name(f"cfunc.{py_func.__name__}")

        def boundary(ctx, typed, symbol):
            _emit_c_wrapper(ctx, self.native_name, typed, symbol, sig)
        self._result = compile_function(py_func, sig.args, flags, boundary=boundary)
        self.address = self._result.library.address(self.native_name)
        self.ctypes = ctypes.CFUNCTYPE(restype, *argtypes)(self.address)

    @property
    def cffi(self):
        raise UnsupportedError("cffi is not a numjit dependency: use .ctypes or .address")

    def __call__(self, *args):
        return self.ctypes(*args)

    def inspect_llvm(self):
        return self._result.library.ir_text

    def __repr__(self):
        return f"<numjit.cfunc {self.__name__} {self._sig}>"


register_user_rule(CFunc, typeof_c_function)      # a cfunc passed in: FunctionType of its signature


def _emit_c_wrapper(ctx, name, typed, symbol, sig):
    """`ret name(args...)` with the C ABI, calling numjit's compiled function `symbol`."""
    from .lowering.context import PTR
    module = ctx.module
    declared = typed.return_type if sig.return_type is None else sig.return_type
    c_args = [t.llvm_mem() for t in sig.args]
    void = isinstance(declared, NoneType)
    fnty = ir.FunctionType(ir.VoidType() if void else declared.llvm_mem(), c_args)
    fn = ir.Function(module, fnty, name)
    b = ir.IRBuilder(fn.append_basic_block())
    values = [ctx.from_mem(b, a, t) for a, t in zip(fn.args, sig.args)]
    callee = module.globals[symbol]

    def on_error(builder):                      # C callers cannot receive an exception: return 0
        if void:
            builder.ret_void()
        else:
            builder.ret(ir.Constant(fnty.return_type, None))
    result = ctx.call(b, callee, values, typed.return_type, ctx.alloca(b, PTR), on_error)
    if void:
        b.ret_void()
        return
    value = ctx.cast(b, result, typed.return_type, declared)
    b.ret(ctx.to_mem(b, value, declared))


def cfunc(sig, locals=None, cache=False, pipeline_class=None, **options):
    """@cfunc("float64(float64)") compiles the function at once to a C callable (jit's options:
    fastmath, error_model, boundscheck, locals; `cache` is accepted and compiles every run)."""
    try:
        sig = parse_signature(sig)
    except NumjitError as exc:
        raise hide_frames(exc) from None
    if not isinstance(sig, Signature) or sig.return_type is None:
        raise TypeError(f"cfunc needs a signature with a return type, e.g. 'float64(float64)', not {sig!r}")

    def decorate(func):
        try:
            return CFunc(func, sig, dict(options, locals=locals) if locals else options)
        except NumjitError as exc:
            raise hide_frames(exc) from None
    return decorate


def carray(ptr, shape, dtype=None):
    """A C-ordered array of `shape` over the memory `ptr` (a ctypes pointer or array) points to;
    in compiled code `ptr` is a CPointer (or voidptr with `dtype`) and nothing is copied."""
    return _as_array(ptr, shape, dtype, "C")


def farray(ptr, shape, dtype=None):
    """As carray, Fortran-ordered."""
    return _as_array(ptr, shape, dtype, "F")


def _as_array(ptr, shape, dtype, order):
    shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
    if isinstance(ptr, ctypes.Array):
        ptr = ctypes.cast(ptr, ctypes.POINTER(ptr._type_))
    if not isinstance(ptr, ctypes._Pointer) and not isinstance(ptr, ctypes.c_void_p):
        raise TypeError(f"carray/farray take a ctypes pointer, not {type(ptr).__name__}")
    target = np.dtype(dtype) if dtype is not None else np.dtype(ptr._type_)
    if dtype is not None and isinstance(ptr, ctypes._Pointer) and np.dtype(ptr._type_) != target:
        raise TypeError(f"mismatching dtype {target} for a pointer to {np.dtype(ptr._type_)}")
    count = int(np.prod(shape))
    address = ctypes.cast(ptr, ctypes.c_void_p).value
    flat = np.ctypeslib.as_array((ctypes.c_char * (count * target.itemsize)).from_address(address))
    return flat.view(target).reshape(shape, order=order)
