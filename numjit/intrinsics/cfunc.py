"""Calling a C function found at run time: LAPACK and BLAS through scipy's Cython capsules.

`fortran_call("lapack", "dgesv", n, nrhs, a, lda, ipiv, b, ldb, info)` in compiled code calls
the routine `dgesv` of `scipy.linalg.cython_lapack` with Fortran's convention: every argument
by pointer. An array passes its data pointer (it must be contiguous, in the layout the routine
expects: column-major for a matrix), a number is stored in a stack slot whose address is
passed, and a one-character string ('N', 'U', ...) passes a pointer to that character.
The call returns None; LAPACK reports through its `info` argument (a one-element int32 array).

    >>> from numjit.types import Const, float64, int32
    >>> from numjit.typing.registry import resolve
    >>> impl = resolve(fortran_call, (Const("lapack"), Const("dpotrf"), Const("L"), int32,
    ...                               float64[::1], int32, int32[::1]))
    >>> impl.signature.return_type
    none

The routine's address is a link-time symbol (`numjit_cfunc.lapack.dpotrf`, numjit/runtime/cfuncs.py)
defined the first time code needs it, from `__pyx_capi__[name]` of the module, as numba finds
them; the addresses never enter object code, so cached code stays valid in a new process.
Without scipy, compiling such a call raises a TypingError saying what to install.
"""
from llvmlite import ir

from ..errors import TypingError
from ..runtime.cfuncs import MODULES, provide, routine_address, symbol
from ..types import Signature, Array, Const, Number
from ..types.arrays import DATA
from ..types.scalars import none
from ..typing.registry import intrinsic

PTR = ir.PointerType()
I8 = ir.IntType(8)


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
        fn = low.ctx.declare(fn_name, ir.VoidType(), [PTR] * len(pointers))
        b.call(fn, pointers)
        return ir.Constant(I8, 0)
    return Signature(none, (library, name) + args), codegen
