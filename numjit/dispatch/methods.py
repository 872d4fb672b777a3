"""Native methods: a Python class's method served by a dispatcher's compiled signatures, with no
Python frame between the caller and compiled code.

`install(cls, methods)` compiles, for each `(name, dispatchers)`, one METH_FASTCALL function and
sets it on `cls` as a method descriptor (PyDescr_NewMethod, so CPython calls it as it calls
`list.append`: no bound method, no argument tuple). Called with k arguments, it walks the table
of try functions of `dispatchers[k]` (wrapper.walk_table) with `self` put before them; when no
compiled signature fits (first calls, other item types, slices, keywords, a count with no
dispatcher: None) it calls the method the class had before, which stays the one place of the
Python-level behaviour. numjit/typed.py's containers
use this for their hot methods:

    >>> from numjit import typed
    >>> lst = typed.List([1, 2]); lst.append(3)
    >>> type(typed.List.append).__name__, lst[-1]
    ('method_descriptor', 3)
"""
import ctypes

from llvmlite import ir

from ..backend import jit as backend
from ..lowering.context import ModuleContext, PTR, I64
from ..runtime.cpython import PyMethodDef, METH_FASTCALL, METH_KEYWORDS, add_capi, global_object_symbol
from .wrapper import walk_table

_new_descriptor = ctypes.pythonapi.PyDescr_NewMethod
_new_descriptor.restype = ctypes.py_object
_new_descriptor.argtypes = [ctypes.py_object, ctypes.c_void_p]
_keepalive = []          # method tables, names and the compiled code: alive as long as the classes


def _emit(ctx, name, table_symbols, fallback_symbol):
    """`PyObject *name(self, args, nargs, kwnames)`: the answer of table `table_symbols[nargs]` on
    (self, *args), or the fallback method bound to self called with the very arguments."""
    max_args = len(table_symbols) - 1
    fn = ir.Function(ctx.module, ir.FunctionType(PTR, [PTR, PTR, I64, PTR]), name)
    this, args, nargs, kwnames = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    fast, fallback = fn.append_basic_block("fast"), fn.append_basic_block("fallback")
    items = b.alloca(ir.ArrayType(PTR, max_args + 1))
    no_keywords = b.icmp_unsigned("==", kwnames, ir.Constant(PTR, None))
    few = b.icmp_unsigned("<=", nargs, ir.Constant(I64, max_args))
    b.cbranch(b.and_(no_keywords, few), fast, fallback)
    b.position_at_end(fast)
    first = b.gep(items, [ir.Constant(I64, 0), ir.Constant(I64, 0)])
    b.store(this, first)
    for i in range(max_args):                    # copies the slots nargs does not fill too: unread
        with b.if_then(b.icmp_signed("<", ir.Constant(I64, i), nargs)):
            arg = b.load(b.gep(args, [ir.Constant(I64, i)], source_etype=PTR), typ=PTR)
            b.store(arg, b.gep(items, [ir.Constant(I64, 0), ir.Constant(I64, i + 1)]))
    by_count = b.switch(nargs, fallback)
    for count, table_symbol in enumerate(table_symbols):
        if table_symbol is not None:
            block = fn.append_basic_block(f"args{count}")
            by_count.add_case(ir.Constant(I64, count), block)
            b.position_at_end(block)
            walk_table(ctx, b, table_symbol, first, ir.Constant(I64, count + 1), fallback)
    b.position_at_end(fallback)
    method = b.call(ctx.declare("PyMethod_New", PTR, [PTR, PTR]),
                    [b.load(ctx.global_var(fallback_symbol, PTR), typ=PTR), this])
    with b.if_then(b.icmp_unsigned("==", method, ir.Constant(PTR, None)), likely=False):
        b.ret(method)
    result = b.call(ctx.declare("PyObject_Vectorcall", PTR, [PTR, PTR, I64, PTR]), [method, args, nargs, kwnames])
    b.call(ctx.declare("Py_DecRef", ir.VoidType(), [PTR]), [method])
    b.ret(result)


def install(cls, methods):
    """Replace each `(name, dispatchers)` method of `cls` by its native method (`dispatchers[k]`
    serves calls with k arguments)."""
    add_capi(["PyMethod_New", "PyObject_Vectorcall"])
    ctx = ModuleContext(f"methods.{cls.__name__}")
    names = []
    for name, dispatchers in methods:
        fallback = getattr(cls, name)              # the Python method (perhaps a base class's)
        symbol = backend.unique_name(f"method.{cls.__name__}.{name}")
        cell = global_object_symbol(f"{symbol}.fallback", fallback)
        _emit(ctx, symbol, [d and d._table_symbol for d in dispatchers], cell)
        names.append((name, symbol, fallback.__doc__))
    library = backend.compile_ir(ctx.module, level=2)
    _keepalive.append(library)
    for name, symbol, doc in names:
        text = (name.encode(), doc.encode() if doc else None)
        method_def = PyMethodDef(text[0], library.address(symbol), METH_FASTCALL | METH_KEYWORDS, text[1])
        _keepalive.append((text, method_def))
        setattr(cls, name, _new_descriptor(cls, ctypes.addressof(method_def)))
