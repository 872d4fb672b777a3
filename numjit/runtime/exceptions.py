"""Exceptions carrying run-time values, and calls into the interpreter from compiled code.

A compiled function that raises stores an excinfo `{ptr class_slot, ptr message}` (see
numjit/lowering/context.py). Constant messages point into the module; an exception
built from run-time values (`raise ValueError(f"bad {x}")`, `raise KeyError(k)`, an
error raised by the interpreter on compiled code's behalf, such as `int("abc")`) is a
Python exception object made under the GIL and stored in a heap excinfo whose class
slot is the marker `numjit_dynamic_exception`:

    ptr  numjit_excinfo_from_call(PyObject *cls, PyObject *args)   cls(*args) (GIL held)
    ptr  numjit_excinfo_from_error()        the interpreter's pending error, taken (GIL held)
    void numjit_set_error(ptr excinfo)      sets the Python error it describes and frees it (GIL held)
    void numjit_release_excinfo(ptr excinfo)  an exception handled by `except`: freed (takes the GIL)

The call boundary (dispatch/wrapper.py) and ufunc loops report every excinfo
through `numjit_set_error`, so an exception made on a pool thread reaches the caller.

    >>> from numjit import njit
    >>> @njit
    ... def check(x, i):
    ...     if x < 0:
    ...         raise ValueError("bad value", x, i)
    ...     return x
    >>> try:
    ...     check(-2.5, 3)
    ... except ValueError as e:
    ...     print(e.args)
    ('bad value', -2.5, 3)
"""
import ctypes
import threading

from llvmlite import ir

from ..backend import jit

I32, I64 = ir.IntType(32), ir.IntType(64)
PTR = ir.PointerType()
VOID = ir.VoidType()
MARKER = "numjit_dynamic_exception"
CAPI = ("PyErr_Fetch", "PyErr_NormalizeException", "PyErr_SetObject", "PyErr_SetString", "PyObject_Call",
        "Py_DecRef", "PyGILState_Ensure", "PyGILState_Release",
        # what compiled code asks the interpreter for (intrinsics/pyobjects.py)
        "PyObject_Repr", "PyObject_ASCII", "PyObject_Format", "PyLong_FromUnicodeObject", "PyFloat_FromString",
        "PyFloat_AsDouble", "PyUnicode_Format", "PyObject_CallMethod", "PyObject_IsTrue", "PyObject_GetAttrString",
        "PyException_SetCause",
        # located exceptions (runtime/tracebacks.py)
        "PyObject_CallFunction", "PyException_GetTraceback", "Py_IncRef", "PyErr_Restore", "PyErr_Clear")
SIGNATURES = {"numjit_excinfo_from_call": (PTR, [PTR, PTR]), "numjit_excinfo_from_error": (PTR, []),
              "numjit_set_error": (VOID, [PTR]), "numjit_release_excinfo": (VOID, [PTR])}
_state = {}
_lock = threading.Lock()


def _build():
    m = ir.Module("numjit.runtime.exceptions")
    m.triple = jit.host().triple
    m.data_layout = jit.host().data_layout
    marker = ir.GlobalVariable(m, PTR, MARKER)
    marker.initializer = ir.Constant(PTR, None)
    malloc = ir.Function(m, ir.FunctionType(PTR, [I64]), "malloc")
    free = ir.Function(m, ir.FunctionType(VOID, [PTR]), "free")
    decref = ir.Function(m, ir.FunctionType(VOID, [PTR]), "Py_DecRef")
    fetch = ir.Function(m, ir.FunctionType(VOID, [PTR, PTR, PTR]), "PyErr_Fetch")
    normalize = ir.Function(m, ir.FunctionType(VOID, [PTR, PTR, PTR]), "PyErr_NormalizeException")
    null = ir.Constant(PTR, None)

    def excinfo(b, exc):
        info = b.call(malloc, [ir.Constant(I64, 16)])
        b.store(marker, info)
        b.store(exc, b.gep(info, [ir.Constant(I64, 8)], source_etype=ir.IntType(8)))
        return info

    fn = ir.Function(m, ir.FunctionType(PTR, []), "numjit_excinfo_from_error")
    b = ir.IRBuilder(fn.append_basic_block())
    slots = [b.alloca(PTR) for _ in range(3)]
    b.call(fetch, slots)
    b.call(normalize, slots)
    for s in (slots[0], slots[2]):
        value = b.load(s)
        with b.if_then(b.icmp_unsigned("!=", value, null)):
            b.call(decref, [value])
    b.ret(excinfo(b, b.load(slots[1])))

    fn2 = ir.Function(m, ir.FunctionType(PTR, [PTR, PTR]), "numjit_excinfo_from_call")
    b = ir.IRBuilder(fn2.append_basic_block())
    call = ir.Function(m, ir.FunctionType(PTR, [PTR, PTR, PTR]), "PyObject_Call")
    exc = b.call(call, [fn2.args[0], fn2.args[1], null])
    with b.if_then(b.icmp_unsigned("==", exc, null), likely=False):
        b.ret(b.call(fn, []))                       # the constructor raised: report that
    b.ret(excinfo(b, exc))

    fn3 = ir.Function(m, ir.FunctionType(VOID, [PTR]), "numjit_set_error")
    b = ir.IRBuilder(fn3.append_basic_block())
    info = fn3.args[0]
    slot = b.load(info, typ=PTR)
    message = b.load(b.gep(info, [ir.Constant(I64, 8)], source_etype=ir.IntType(8)), typ=PTR)
    with b.if_else(b.icmp_unsigned("==", slot, marker)) as (dynamic, constant):
        with dynamic:
            cls = b.load(b.gep(message, [ir.Constant(I64, 8)], source_etype=ir.IntType(8)), typ=PTR)
            b.call(ir.Function(m, ir.FunctionType(VOID, [PTR, PTR]), "PyErr_SetObject"), [cls, message])
            b.call(decref, [message])
            b.call(free, [info])
        with constant:
            _set_constant(m, b, b.load(slot, typ=PTR), message,
                          b.load(b.gep(info, [ir.Constant(I64, 16)], source_etype=ir.IntType(8)), typ=PTR))
    b.ret_void()

    fn4 = ir.Function(m, ir.FunctionType(VOID, [PTR]), "numjit_release_excinfo")
    b = ir.IRBuilder(fn4.append_basic_block())
    info = fn4.args[0]
    with b.if_then(b.icmp_unsigned("==", b.load(info, typ=PTR), marker)):     # constant ones are static
        gil = b.call(ir.Function(m, ir.FunctionType(I32, []), "PyGILState_Ensure"), [])   # nogil code too
        b.call(decref, [b.load(b.gep(info, [ir.Constant(I64, 8)], source_etype=ir.IntType(8)), typ=PTR)])
        b.call(ir.Function(m, ir.FunctionType(VOID, [I32]), "PyGILState_Release"), [gil])
        b.call(free, [info])
    b.ret_void()
    return m


def _set_constant(m, b, cls, message, where):
    """PyErr_SetString(cls, message), or, when the excinfo has a location, the exception
    runtime/tracebacks.py builds with a frame at the user's line, set with its traceback."""
    from .cpython import OFFSETS
    from .tracebacks import HOOK_SYMBOL
    null = ir.Constant(PTR, None)
    declare = lambda name, ret, args, **kw: ir.Function(m, ir.FunctionType(ret, args, **kw), name)
    with b.if_else(b.icmp_unsigned("==", where, null)) as (plain, located):
        with plain:
            b.call(declare("PyErr_SetString", VOID, [PTR, PTR]), [cls, message])
        with located:
            hook = ir.GlobalVariable(m, PTR, HOOK_SYMBOL)
            fmt = ir.GlobalVariable(m, ir.ArrayType(ir.IntType(8), 4), "numjit.exceptions.fmt")
            fmt.initializer = ir.Constant(fmt.value_type, bytearray(b"Oss\0"))
            fmt.global_constant, fmt.linkage = True, "internal"
            b.call(declare("PyErr_Clear", VOID, []), [])     # it replaces a pending error, as SetString does
            call = declare("PyObject_CallFunction", PTR, [PTR, PTR], var_arg=True)
            exc = b.call(call, [b.load(hook, typ=PTR), fmt, cls, message, where])
            with b.if_then(b.icmp_unsigned("!=", exc, null)):     # else the hook's own error is set
                tb = b.call(declare("PyException_GetTraceback", PTR, [PTR]), [exc])
                exc_type = b.load(b.gep(exc, [ir.Constant(I64, OFFSETS["ob_type"])], source_etype=ir.IntType(8)),
                                  typ=PTR)
                b.call(declare("Py_IncRef", VOID, [PTR]), [exc_type])
                b.call(declare("PyErr_Restore", VOID, [PTR, PTR, PTR]), [exc_type, exc, tb])


def register():
    """Compile the exception runtime once per process."""
    if _state:
        return
    with _lock:
        if _state:
            return
        from .cpython import register_symbols
        from . import tracebacks
        register_symbols()
        tracebacks.register()
        for name in CAPI:
            jit.add_symbol(name, ctypes.cast(getattr(ctypes.pythonapi, name), ctypes.c_void_p).value)
        lib = jit.compile_runtime(_build())
        for name in tuple(SIGNATURES) + (MARKER,):
            _state[name] = lib.address(name)
            jit.add_symbol(name, _state[name])


jit.provide(tuple(SIGNATURES) + (MARKER,) + CAPI, register)


def declare(ctx, name):       # compiled on link, only if optimised code still uses it (jit.provide)
    ret, args = SIGNATURES[name]
    return ctx.declare(name, ret, args)


def marker(ctx):
    """The address every run-time exception's excinfo holds in its class slot."""
    return ctx.global_var(MARKER, PTR)
