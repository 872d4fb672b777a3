"""LLVM IR building blocks shared by the ufunc loops (numjit/ufunc/loops.py) and their parallel
driver (numjit/ufunc/paralleldriver.py): the types they use, declarations, constants, allocas, and
the floating-point status functions NumPy's warnings read.

    >>> from llvmlite import ir
    >>> m = ir.Module("demo")
    >>> inner = ir.Function(m, _INNER_TYPE, "inner")
    >>> str(inner.function_type), _declare(m, "inner", _INNER_TYPE) is inner
    ('ptr (ptr, i64, ptr)', True)
"""
import platform

from llvmlite import ir

_PTR = ir.PointerType()
_I1, _I8, _I32, _I64 = ir.IntType(1), ir.IntType(8), ir.IntType(32), ir.IntType(64)
_NULL = ir.Constant(_PTR, None)
_VOID = ir.VoidType()

# floating-point status bits NumPy checks (invalid, divide, overflow, underflow), per arch
_FE_MASK = {"x86_64": 0x1 | 0x4 | 0x8 | 0x10, "aarch64": 0x1 | 0x2 | 0x4 | 0x8}


def _declare(module, name, fnty):
    fn = module.globals.get(name)
    return fn if fn is not None else ir.Function(module, fnty, name)


def _i64(v):
    return ir.Constant(_I64, v)


def _alloca(b, typ, name=""):
    """An alloca typed as an opaque ``ptr`` (llvmlite gives allocas typed pointers,
    which then leak into GEP results and trip its store type checks)."""
    slot = b.alloca(typ, name=name)
    slot.type = _PTR
    return slot


def _all(b, conds):
    acc = conds[0]
    for c in conds[1:]:
        acc = b.and_(acc, c)
    return acc


def _fenv(module):
    mask = _FE_MASK.get(platform.machine())
    if mask is None:
        return None
    fnty = ir.FunctionType(_I32, [_I32])
    return (ir.Constant(_I32, mask), _declare(module, "fetestexcept", fnty),
            _declare(module, "feclearexcept", fnty), _declare(module, "feraiseexcept", fnty))


# ptr inner(ptr args, i64 n, ptr steps): an element loop over n elements (null, or the excinfo)
_INNER_TYPE = ir.FunctionType(_PTR, [_PTR, _I64, _PTR])
