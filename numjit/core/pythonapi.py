"""numba.core.pythonapi: what box and unbox functions of numba's low-level extension API use
(numjit/lowlevel.py registers them): `NativeValue`, and `PythonAPI`, the `c.pyapi` object whose
methods emit CPython calls under numba's names.

    >>> from numjit.core.pythonapi import box, NativeValue
    >>> from numjit import extending
    >>> box is extending.box, NativeValue is extending.NativeValue
    (True, True)
    >>> sorted(m for m in vars(PythonAPI) if m.startswith("object_"))
    ['object_getattr', 'object_getattr_string', 'object_hasattr_string', 'object_istrue', 'object_setattr_string']
"""
from llvmlite import ir

from ..errors import UnsupportedError
from ..types import Float, Integer, Boolean

PTR = ir.PointerType()
I1, I32, I64 = ir.IntType(1), ir.IntType(32), ir.IntType(64)


class NativeValue:
    """What an unbox function returns: the native `value`, and an i1 `is_error` (or None)."""

    def __init__(self, value, is_error=None, cleanup=None):
        self.value, self.is_error, self.cleanup = value, is_error, cleanup



class PythonAPI:
    """`c.pyapi`: CPython calls under numba's names (objects are `pyobj`, an opaque pointer)."""

    pyobj = voidptr = PTR

    def __init__(self, ctx, builder):
        from ..lowlevel import LoweringContext
        self._ctx, self.builder = ctx, builder
        self.context = LoweringContext(ctx)

    def _call(self, name, ret, argtypes, args, var_arg=False):
        fn = self._ctx.declare(name, ret, argtypes, var_arg=var_arg)
        args = [self.builder.bitcast(a, PTR) if isinstance(a.type, ir.PointerType) and a.type != PTR else a
                for a in args]
        return self.builder.call(fn, args)

    def _cstring(self, text):
        return self._ctx.cstring(text)

    # references and None
    def incref(self, obj):
        self._call("Py_IncRef", ir.VoidType(), [PTR], [obj])

    def decref(self, obj):
        self._call("Py_DecRef", ir.VoidType(), [PTR], [obj])

    def get_null_object(self):
        return ir.Constant(PTR, None)

    def borrow_none(self):
        return self._ctx.global_var("_Py_NoneStruct", ir.IntType(8))

    def make_none(self):
        none = self.borrow_none()
        self.incref(none)
        return none

    # attributes and calls
    def object_getattr_string(self, obj, attr):
        return self._call("PyObject_GetAttrString", PTR, [PTR, PTR], [obj, self._cstring(attr)])

    def object_getattr(self, obj, attr):
        return self._call("PyObject_GetAttr", PTR, [PTR, PTR], [obj, attr])

    def object_setattr_string(self, obj, attr, value):
        return self._call("PyObject_SetAttrString", I32, [PTR, PTR, PTR], [obj, self._cstring(attr), value])

    def object_hasattr_string(self, obj, attr):
        return self._call("PyObject_HasAttrString", I32, [PTR, PTR], [obj, self._cstring(attr)])

    def call_function_objargs(self, callee, objargs):
        return self._call("PyObject_CallFunctionObjArgs", PTR, [PTR], [callee, *objargs, ir.Constant(PTR, None)],
                          var_arg=True)

    def call(self, callee, args=None, kws=None):
        args = args if args is not None else self.tuple_pack([])
        return self._call("PyObject_Call", PTR, [PTR, PTR, PTR], [callee, args, kws or ir.Constant(PTR, None)])

    def object_istrue(self, obj):
        return self._call("PyObject_IsTrue", I32, [PTR], [obj])

    # numbers
    def float_from_double(self, value):
        return self._call("PyFloat_FromDouble", PTR, [ir.DoubleType()], [value])

    def float_as_double(self, obj):
        return self._call("PyFloat_AsDouble", ir.DoubleType(), [PTR], [obj])

    def number_as_float(self, obj):
        return self._call("PyNumber_Float", PTR, [PTR], [obj])

    number_float = number_as_float

    def number_long(self, obj):
        return self._call("PyNumber_Long", PTR, [PTR], [obj])

    def long_from_longlong(self, value):
        return self._call("PyLong_FromLongLong", PTR, [I64], [value])

    long_from_long = long_from_ssize_t = long_from_longlong

    def long_as_longlong(self, obj):
        return self._call("PyLong_AsLongLong", I64, [PTR], [obj])

    long_as_long = long_as_ssize_t = long_as_longlong

    def bool_from_bool(self, value):
        return self._call("PyBool_FromLong", PTR, [I64], [self.builder.zext(value, I64)])

    # tuples and strings
    def tuple_pack(self, items):
        return self._call("PyTuple_Pack", PTR, [I64], [ir.Constant(I64, len(items)), *items], var_arg=True)

    def tuple_getitem(self, tup, index):
        return self._call("PyTuple_GetItem", PTR, [PTR, I64], [tup, ir.Constant(I64, index)])

    def tuple_size(self, tup):
        return self._call("PyTuple_Size", I64, [PTR], [tup])

    # dicts and lists
    def dict_new(self, presize=0):
        return self._call("PyDict_New", PTR, [], [])

    def dict_setitem(self, dictobj, key, value):
        return self._call("PyDict_SetItem", I32, [PTR, PTR, PTR], [dictobj, key, value])

    def dict_setitem_string(self, dictobj, key, value):
        return self._call("PyDict_SetItemString", I32, [PTR, PTR, PTR], [dictobj, self._cstring(key), value])

    def dict_getitem_string(self, dictobj, key):
        """A borrowed reference (NULL without an exception when the key is missing)."""
        return self._call("PyDict_GetItemString", PTR, [PTR, PTR], [dictobj, self._cstring(key)])

    def dict_pack(self, keyvalues):
        """A new dict of (str key, object) pairs (the objects are not stolen), or NULL."""
        dictobj = self.dict_new()
        with self.builder.if_then(self.builder.icmp_unsigned("!=", dictobj, ir.Constant(PTR, None))):
            for key, value in keyvalues:
                self.dict_setitem_string(dictobj, key, value)
        return dictobj

    def list_new(self, size):
        return self._call("PyList_New", PTR, [I64], [size])

    def list_setitem(self, lst, index, item):
        """Steals `item`."""
        return self._call("PyList_SetItem", I32, [PTR, I64, PTR], [lst, index, item])

    def list_getitem(self, lst, index):
        """A borrowed reference."""
        return self._call("PyList_GetItem", PTR, [PTR, I64], [lst, index])

    def list_size(self, lst):
        return self._call("PyList_Size", I64, [PTR], [lst])

    def string_from_string(self, text):
        return self._call("PyUnicode_FromString", PTR, [PTR], [self._cstring(text)])

    unicode_from_string = string_from_string

    # errors
    def err_occurred(self):
        return self._call("PyErr_Occurred", PTR, [], [])

    def c_api_error(self):
        return self.builder.icmp_unsigned("!=", self.err_occurred(), ir.Constant(PTR, None))

    def err_clear(self):
        self._call("PyErr_Clear", ir.VoidType(), [], [])

    def err_set_string(self, exctype, message):
        if isinstance(exctype, str):
            exctype = self.builder.load(self._ctx.global_var(exctype, PTR), typ=PTR)
        self._call("PyErr_SetString", ir.VoidType(), [PTR, PTR], [exctype, self._cstring(message)])

    # Python objects known at compile time
    def serialize_object(self, obj):
        return _Serialized(obj)

    def unserialize(self, handle):
        """A new reference to the object of serialize_object(obj)."""
        from ..runtime.cpython import global_object_symbol
        symbol = global_object_symbol(self._ctx.unique(f"numjit_const.lowlevel.{id(handle.obj)}"), handle.obj)
        obj = self.builder.load(self._ctx.global_var(symbol, PTR), typ=PTR)
        self.incref(obj)
        return obj

    # numjit values
    def from_native_value(self, typ, val, env_manager=None):
        from ..runtime.boxing import box
        return box(self._ctx, self.builder, val, typ)

    def to_native_value(self, typ, obj):
        """NativeValue of `obj` as `typ`: numbers convert as numba's do (an int for a float, a
        float's __float__); other types must match exactly (else a TypeError is set)."""
        b = self.builder
        if isinstance(typ, Float):
            value = self.float_as_double(obj)
            is_error = b.and_(b.fcmp_ordered("==", value, ir.Constant(value.type, -1.0)), self.c_api_error())
            return NativeValue(b.fptrunc(value, typ.llvm()) if typ.bits == 32 else value, is_error)
        if isinstance(typ, Boolean):
            truth = self.object_istrue(obj)
            return NativeValue(b.icmp_signed(">", truth, ir.Constant(I32, 0)),
                               b.icmp_signed("<", truth, ir.Constant(I32, 0)))
        if isinstance(typ, Integer):
            name = "PyLong_AsLongLong" if typ.signed else "PyLong_AsUnsignedLongLong"
            value = self._call(name, I64, [PTR], [obj])
            is_error = b.and_(b.icmp_signed("==", value, ir.Constant(I64, -1)), self.c_api_error())
            return NativeValue(b.trunc(value, typ.llvm()) if typ.bits < 64 else value, is_error)
        return self._exact_native_value(typ, obj)

    def _exact_native_value(self, typ, obj):
        from ..runtime.boxing import unbox
        b = self.builder
        failed, done = b.append_basic_block("to_native.fail"), b.append_basic_block("to_native.done")
        value = unbox(self._ctx, b, obj, typ, failed, exact=False)     # (an "A" array takes any layout)
        ok_end = b.block
        b.branch(done)
        b.position_at_end(failed)
        self.err_set_string("PyExc_TypeError", f"cannot convert the object to {typ}")
        b.branch(done)
        b.position_at_end(done)
        merged, is_error = b.phi(value.type), b.phi(I1)
        merged.add_incoming(value, ok_end)
        merged.add_incoming(ir.Constant(value.type, ir.Undefined), failed)
        is_error.add_incoming(ir.Constant(I1, 0), ok_end)
        is_error.add_incoming(ir.Constant(I1, 1), failed)
        return NativeValue(merged, is_error)

    def __getattr__(self, name):
        raise UnsupportedError(f"numba's pyapi.{name} is not offered by numjit's low-level API "
                               f"(offered: {', '.join(sorted(m for m in dir(PythonAPI) if not m.startswith('_')))})")


class _Serialized:
    def __init__(self, obj):
        self.obj = obj


def __getattr__(name):
    """box, unbox and reflect live in numjit/lowlevel.py and numjit/extending.py (imported here
    on first use: they import this module)."""
    if name in ("box", "unbox"):
        from .. import lowlevel
        return getattr(lowlevel, name)
    if name == "reflect":
        from .. import extending
        return extending.reflect
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
