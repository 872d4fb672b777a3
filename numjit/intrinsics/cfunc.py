"""Calling C from compiled code: one primitive, `call_c`, calls a C function either by a
link-time symbol or by an address, for the two kinds of callers:

* `fortran_call("lapack", "dgesv", n, nrhs, a, lda, ipiv, b, ldb, info)` calls the routine `dgesv`
  of `scipy.linalg.cython_lapack` with Fortran's convention: every argument by pointer. An array
  passes its data pointer (contiguous, in the layout the routine expects: column-major for a
  matrix), a number is stored in a stack slot whose address is passed, and a one-character string
  ('N', 'U', ...) passes a pointer to that character. It returns None; LAPACK reports through its
  `info` argument (a one-element int32 array). The routine is the link-time symbol
  `numjit_cfunc.lapack.dpotrf` (numjit/runtime/cfuncs.py), defined the first time code needs it
  from `__pyx_capi__[name]` of the module, as numba finds them; the address never enters object
  code, so cached code stays valid in a new process. Without scipy, compiling such a call raises
  a TypingError saying what to install.
* A ctypes function (a `CFUNCTYPE(...)(address)` object, or a function of a `ctypes.CDLL` with
  `argtypes` and `restype` set), a cffi function (numjit/core/typing/cffi_utils.py; with
  `ffi.from_buffer(array)` for its pointer arguments), an object with numba's WrapperAddressProtocol
  (`__wrapper_address__()` and `signature()`), or a numjit `cfunc`, called in compiled code, is
  a direct call of its address with its C signature (by value); arguments convert to its
  parameter types.

`a.ctypes` of an array is its data pointer (numba's ArrayCTypes: it converts to a `voidptr` or a
pointer to the array's dtype; `a.ctypes.data` is the address as an integer) to pass to such a function;
`carray(ptr, shape)` / `farray(ptr, shape)` on a `CPointer(t)` (or a `voidptr` and a dtype) are
C- / Fortran-ordered arrays over that memory (nothing copied, nothing owned).

    >>> import ctypes
    >>> from numjit.types import Const, float64, int32
    >>> labs = ctypes.CFUNCTYPE(ctypes.c_long, ctypes.c_long)(1234)
    >>> c_signature(labs)
    (int64(int64), 1234)
    >>> from numjit.typing.registry import resolve
    >>> impl = resolve(fortran_call, (Const("lapack"), Const("dpotrf"), Const("L"), int32,
    ...                               float64[::1], int32, int32[::1]))
    >>> impl.signature.return_type
    none
"""
import ctypes

import numpy as np
from llvmlite import ir

from ..ccallback import CFunc, carray, farray
from ..core.typing import cffi_utils
from ..errors import TypingError
from ..runtime.cfuncs import MODULES, provide, routine_address, symbol
from ..types import Array, Number, Boolean, Signature, Const, from_dtype, int64
from ..types.arrays import MEMINFO, PARENT, NITEMS, ITEMSIZE, DATA, SHAPE, STRIDES
from ..types.numba_names import ArrayCTypes, CPointer, RawPointer, WrapperAddressProtocol, voidptr
from ..types.scalars import (boolean, int8, int16, int32, uint8, uint16, uint32, uint64, float32, float64,
                             none)
from ..typing.registry import IntrinsicImpl, intrinsic
from .creation import shape_rank, shape_values

I8, I64, PTR = ir.IntType(8), ir.IntType(64), ir.PointerType()


def call_c(low, target, return_type, c_args):
    """Call the C function `target` (a link-time symbol name, or an address) with the LLVM values
    `c_args`; `return_type` is its LLVM return type. The one way compiled code calls C."""
    fnty = ir.FunctionType(return_type, [a.type for a in c_args])
    if isinstance(target, str):
        fn = low.ctx.declare(target, fnty.return_type, fnty.args)
    else:
        fn = low.builder.inttoptr(ir.Constant(I64, target), fnty.as_pointer())
    return low.builder.call(fn, c_args)


# -- fortran_call: scipy's LAPACK and BLAS, every argument by pointer ---------------------------

def fortran_call(library, name, *args):
    """Stands for the call in Python code compiled by numjit (see the module docstring)."""
    raise TypeError("fortran_call runs in compiled code only")


def _argument_ok(t):
    return isinstance(t, (Array, Number)) or (isinstance(t, Const) and isinstance(t.value, str)
                                              and len(t.value) == 1)


@intrinsic(fortran_call)
def fortran_call_typer(library, name, *args):
    if not (isinstance(library, Const) and library.value in MODULES and isinstance(name, Const)
            and isinstance(name.value, str) and all(_argument_ok(t) for t in args)):
        return None
    try:
        routine_address(library.value, name.value)
    except ImportError:
        raise TypingError("numpy.linalg in compiled code calls the LAPACK/BLAS that SciPy ships: "
                          "install scipy (pip install scipy)") from None
    except KeyError:
        raise TypingError(f"{MODULES[library.value]} has no routine {name.value!r}") from None
    provide(library.value, name.value)
    fn_name = symbol(library.value, name.value)

    def codegen(low, sig, values):
        b = low.builder
        pointers = []
        for value, t in zip(values[2:], args):
            if isinstance(t, Array):
                pointers.append(b.extract_value(value, DATA))
                continue
            if isinstance(t, Const):
                value, mem_type = ir.Constant(I8, ord(t.value)), I8
            else:
                value, mem_type = low.ctx.to_mem(b, value, t), t.llvm_mem()
            slot = low.ctx.alloca(b, mem_type)
            b.store(value, slot)
            pointers.append(slot)
        call_c(low, fn_name, ir.VoidType(), pointers)
        return ir.Constant(I8, 0)
    return Signature(none, (library, name) + args), codegen


# -- C function pointers: ctypes functions, cfuncs, WrapperAddressProtocol ---------------------

_FROM_CTYPES = {ctypes.c_bool: boolean, ctypes.c_int8: int8, ctypes.c_int16: int16, ctypes.c_int32: int32,
                ctypes.c_int64: int64, ctypes.c_uint8: uint8, ctypes.c_uint16: uint16,
                ctypes.c_uint32: uint32, ctypes.c_uint64: uint64, ctypes.c_float: float32,
                ctypes.c_double: float64, ctypes.c_void_p: voidptr, ctypes.c_char_p: voidptr, None: none}


def _from_ctype(ctype):
    if ctype in _FROM_CTYPES:
        return _FROM_CTYPES[ctype]
    if isinstance(ctype, type) and issubclass(ctype, ctypes._Pointer):
        inner = _FROM_CTYPES.get(ctype._type_)
        return CPointer(inner) if isinstance(inner, (Number, Boolean)) else voidptr
    raise TypingError(f"the ctypes type {getattr(ctype, '__name__', ctype)} has no numjit type")


def c_signature(fn):
    """(Signature, address) of a C function pointer object, or None for anything else."""
    cffi_function = cffi_utils.make_function_type(fn)
    if cffi_function is not None:
        return cffi_function
    if isinstance(fn, CFunc):
        return fn._sig, fn.address
    if isinstance(fn, WrapperAddressProtocol):
        return fn.signature(), fn.__wrapper_address__()
    if isinstance(fn, ctypes._CFuncPtr):
        if fn.argtypes is None:
            raise TypingError(f"the ctypes function {getattr(fn, '__name__', fn)!r} has no argtypes: set "
                              "them (and restype) to call it from compiled code")
        args = tuple(_from_ctype(t) for t in fn.argtypes)
        address = ctypes.cast(fn, ctypes.c_void_p).value
        return Signature(_from_ctype(fn.restype), args), address
    return None


def _converts(src, dst):
    if src == dst:
        return True
    if isinstance(dst, (Number, Boolean)):
        return isinstance(src, (Number, Boolean))
    if isinstance(src, ArrayCTypes) and isinstance(dst, CPointer):
        return src.dtype == dst.dtype                   # a.ctypes to a pointer to its dtype, as numba
    return isinstance(dst, (CPointer, RawPointer)) and isinstance(src, (CPointer, RawPointer)) and (
        isinstance(dst, RawPointer) or src == dst)


def external_call(fn, args):
    """The implementation of calling C function pointer `fn` with `args` (None: `fn` is not one)."""
    if cffi_utils.is_from_buffer(fn):
        return _from_buffer(args)
    found = c_signature(fn)
    if found is None:
        return None
    sig, address = found
    name = getattr(fn, "__name__", None) or repr(fn)
    if len(args) != len(sig.args) or not all(_converts(a, p) for a, p in zip(args, sig.args)):
        raise TypingError(f"the C function {name} takes ({', '.join(map(str, sig.args))}); it cannot be "
                          f"called with ({', '.join(map(str, args))})")

    def codegen(low, signature, values):
        b = low.builder
        c_args = [low.ctx.to_mem(b, v, t) for v, t in zip(values, sig.args)]
        returns = none if sig.return_type is None else sig.return_type
        result = call_c(low, address, ir.VoidType() if returns == none else returns.llvm_mem(), c_args)
        if returns == none:
            return ir.Constant(none.llvm(), 0)
        return low.ctx.from_mem(b, result, returns)
    return IntrinsicImpl(Signature(sig.return_type or none, sig.args), codegen, name)


def _from_buffer(args):
    """`ffi.from_buffer(a)`: the data pointer of a contiguous array, typed as a pointer to its dtype."""
    if len(args) != 1 or not isinstance(args[0], Array):
        raise TypingError(f"ffi.from_buffer() takes one array in compiled code, not ({', '.join(map(str, args))})")
    arr = args[0]
    if arr.layout not in ("C", "F") or arr.layout == "F" and arr.ndim > 1:
        raise TypingError(f"ffi.from_buffer() needs a C-contiguous array (or a 1-d one), not {arr}")
    return IntrinsicImpl(Signature(CPointer(arr.dtype), (arr,)),
                         lambda low, sig, values: low.builder.extract_value(values[0], DATA), "ffi.from_buffer")


@intrinsic("array.ctypes")
def array_ctypes(arr):
    """`a.ctypes` in compiled code: the data pointer, to pass to a C function (numba's ArrayCTypes)."""
    return Signature(ArrayCTypes(arr), (arr,)), lambda low, sig, values: low.builder.extract_value(values[0], DATA)


@intrinsic("arrayctypes.data")
def array_ctypes_data(info):
    """`a.ctypes.data`: the address of the array's data, an integer (uint64, numba's uintp)."""
    return Signature(uint64, (info,)), lambda low, sig, values: low.builder.ptrtoint(values[0], I64)


# -- carray / farray -----------------------------------------------------------------------------

def _pointer_view(order):
    def typer(ptr, shape, dtype=None):
        if isinstance(ptr, CPointer):
            item = ptr.dtype
            if dtype is not None and _dtype_of(dtype) != item:
                raise TypingError(f"carray/farray: dtype {_dtype_of(dtype)} does not match the pointer {ptr}")
        elif isinstance(ptr, RawPointer) and dtype is not None and _dtype_of(dtype) is not None:
            item = _dtype_of(dtype)
        else:
            return None
        ndim = shape_rank(shape)
        if ndim is None:
            return None
        result = Array(item, ndim, order)
        args = (ptr, shape) if dtype is None else (ptr, shape, dtype)

        def codegen(low, sig, values):
            return _view_over(low, result, values[0], shape_values(low, values[1], shape), order)
        return Signature(result, args), codegen
    return typer


def _dtype_of(ty):
    if isinstance(ty, Const):
        value = ty.value
        if isinstance(value, (Number, Boolean)):
            return value
        try:
            return from_dtype(np.dtype(value))
        except TypeError:
            return None
    return None


def _view_over(low, result, data, dims, order):
    """An array struct over `data` (no meminfo, no parent: it owns nothing)."""
    b = low.builder
    itemsize = ir.Constant(I64, result.dtype.dtype.itemsize)
    nitems = ir.Constant(I64, 1)
    for d in dims:
        nitems = b.mul(nitems, d)
    out = ir.Constant(result.llvm(), ir.Undefined)
    for field, value in ((MEMINFO, ir.Constant(PTR, None)), (PARENT, ir.Constant(PTR, None)),
                         (NITEMS, nitems), (ITEMSIZE, itemsize), (DATA, b.bitcast(data, PTR))):
        out = b.insert_value(out, value, field)
    axes = range(len(dims) - 1, -1, -1) if order == "C" else range(len(dims))
    stride = itemsize
    for i in axes:
        out = b.insert_value(out, dims[i], [SHAPE, i])
        out = b.insert_value(out, stride, [STRIDES, i])
        stride = b.mul(stride, dims[i])
    return out


intrinsic(carray)(_pointer_view("C"))
intrinsic(farray)(_pointer_view("F"))
