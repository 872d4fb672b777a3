"""`cuda.jit(debug=True)`: exceptions raised in a kernel reach the host, as in numba-cuda.

Each exception a debug kernel can raise (IndexError from bounds checks, which debug=True turns
on, `raise ValueError("msg")`, a device function's) gets a code from 1 up; its excinfo
constant carries the code in its class slot (numjit/cuda/compiler.py). The kernel entry
checks the lowered function's status and, when it raised, claims the record
`<entry>__errinfo__` — seven int32: code, threadIdx x y z, blockIdx x y z — with an atomic
compare-and-swap, so the first failing thread's exception is the one reported. The launcher
clears the record before a launch and reads it back after (a device-to-host copy, which waits
for the kernel: debug launches are synchronous), then raises the exception with numba-cuda's
prefix:

    >>> exception_from(ValueError, "bad value", ("k", "/src/k.py", 7), [3, 0, 0], [1, 0, 0])
    ValueError("In function 'k', file /src/k.py, line 7, tid=[3, 0, 0] ctaid=[1, 0, 0]: bad value")
"""
import builtins
import ctypes
import importlib

from llvmlite import ir

from .driver import check

RECORD_WORDS = 7
I32 = ir.IntType(32)


def record_name(entry):
    return f"{entry}__errinfo__"


def emit_report(ctx, b, entry, status, excslot):
    """In the kernel entry after the call: record the raised exception's code and the thread."""
    from .intrinsics import sreg_value
    record = ir.GlobalVariable(ctx.module, ir.ArrayType(I32, RECORD_WORDS), record_name(entry), addrspace=1)
    record.initializer = ir.Constant(record.value_type, [0] * RECORD_WORDS)
    record.align = 4
    with b.if_then(b.icmp_signed("!=", status, ir.Constant(I32, 0)), likely=False):
        excinfo = b.load(excslot, typ=ir.PointerType())
        code = b.trunc(b.ptrtoint(b.load(excinfo, typ=ir.PointerType()), ir.IntType(64)), I32)
        first = b.gep(record, [ir.Constant(I32, 0), ir.Constant(I32, 0)])
        old = b.extract_value(b.cmpxchg(first, ir.Constant(I32, 0), code, "monotonic", "monotonic"), 0)
        with b.if_then(b.icmp_signed("==", old, ir.Constant(I32, 0))):
            for i, register in enumerate(("tid.x", "tid.y", "tid.z", "ctaid.x", "ctaid.y", "ctaid.z")):
                b.store(sreg_value(ctx, b, register), b.gep(record, [ir.Constant(I32, 0), ir.Constant(I32, i + 1)]))


def describe(cls):
    """'module:qualname' of an exception class (how a cache file names it)."""
    return f"{cls.__module__}:{cls.__qualname__}"


def resolve(name):
    """The exception class `describe` named; LookupError when it cannot be found."""
    module, _, qualname = name.partition(":")
    try:
        obj = builtins if module == "builtins" else importlib.import_module(module)
        for part in qualname.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError):
        raise LookupError(name) from None
    return obj


def exception_from(cls, message, where, tid, ctaid):
    """The exception to raise on the host for a record (numba-cuda's message)."""
    prefix = f"In function {where[0]!r}, file {where[1]}, line {where[2]}, " if where else ""
    prefix += f"tid={list(tid)} ctaid={list(ctaid)}"
    return cls(f"{prefix}: {message}" if message else prefix)


# -- the host side ---------------------------------------------------------------------------------
_ZEROS = (ctypes.c_int32 * RECORD_WORDS)()


def clear(cu, address):
    """Zero a kernel's record before its launch."""
    check(cu.cuMemcpyHtoD(address, ctypes.addressof(_ZEROS), ctypes.sizeof(_ZEROS)), "cuMemcpyHtoD(errinfo)")


def raise_recorded(cu, address, compiled):
    """After a launch: wait for it and raise the exception its record names, if any."""
    words = (ctypes.c_int32 * RECORD_WORDS)()
    check(cu.cuMemcpyDtoH(ctypes.addressof(words), address, ctypes.sizeof(words)), "cuMemcpyDtoH(errinfo)")
    code = words[0]
    if code:
        cls, message, where = compiled.exceptions[code - 1]
        raise exception_from(cls, message, where, words[1:4], words[4:7])


def thread_exception(exc, tid, ctaid):
    """The simulator's form of an exception raised by thread `tid` of block `ctaid` (numba's)."""
    try:
        new = exception_from(type(exc), str(exc) if exc.args else "", None, tid, ctaid)
    except Exception:                  # a class that does not take one message: the original
        return exc
    new.cuda_origin = (exc, tuple(tid), tuple(ctaid))
    return new.with_traceback(exc.__traceback__)
