"""The CPython and NumPy C-APIs as seen from generated code, and builtins made from IR functions.

Generated code calls C-API functions by name; `register_symbols()` pins every
name it may use (functions, type objects, NumPy API slots) so LLVM resolves
them without depending on how libpython was linked. Struct offsets are checked
against live objects at import.

    >>> register_symbols()
    >>> OFFSETS["float_value"], OFFSETS["array_data"]
    (16, 16)
"""
import builtins
import ctypes

import numpy as np

from ..backend import jit
from . import randomstate

PyAPI = ctypes.pythonapi

FUNCTIONS = [
    "PyFloat_FromDouble", "PyLong_FromLongLong", "PyLong_FromUnsignedLongLong", "PyBool_FromLong",
    "PyComplex_FromDoubles", "PyLong_AsLongLongAndOverflow", "PyLong_AsUnsignedLongLong",
    "PyTuple_New", "PyTuple_SetItem", "PyErr_SetString", "PyErr_Occurred", "PyErr_Clear",
    "PyObject_Call", "PyObject_CallObject", "Py_IncRef", "Py_DecRef", "PyEval_SaveThread",
    "PyEval_RestoreThread", "PyGILState_Ensure", "PyGILState_Release", "PyGILState_Check", "PyList_New",
    "PyList_SetItem", "PyList_Append", "PyObject_Str", "PyDict_Size", "PyUnicode_FromString",
    "PyObject_CallFunction", "PyException_GetTraceback", "PyErr_Restore",
]
TYPE_OBJECTS = {
    "PyFloat_Type": float, "PyLong_Type": int, "PyComplex_Type": complex, "PyTuple_Type": tuple,
    "PyBool_Type": bool, "PyList_Type": list, "PyArray_Type": np.ndarray,
}
SINGLETONS = {"_Py_NoneStruct": None, "_Py_TrueStruct": True, "_Py_FalseStruct": False}
NUMPY_API = {"PyArray_New": 93, "PyArray_NewFromDescr": 94, "PyArray_Scalar": 60, "PyArray_SetBaseObject": 282, "PyArray_DescrFromType": 45}

OFFSETS = {
    "ob_type": 8, "var_size": 16, "tuple_items": 24, "float_value": 16, "complex_value": 16,
    "scalar_value": 16, "array_data": 16, "array_nd": 24, "array_dims": 32, "array_strides": 40,
    "array_base": 48, "array_descr": 56, "array_flags": 64, "descr_byteorder": 26,
    "descr_type_num": 28, "descr_elsize": 40,
}
ARRAY_FLAGS = {"C_CONTIGUOUS": 0x1, "F_CONTIGUOUS": 0x2, "WRITEABLE": 0x400, "ALIGNED": 0x100}

_registered = False
_keepalive = []


def scalar_type_symbol(np_type):
    return f"numjit_scalar_type.{np.dtype(np_type).name}"


def _numpy_api_table():
    from numpy._core import _multiarray_umath as mu
    get = PyAPI.PyCapsule_GetPointer
    get.restype = ctypes.c_void_p
    get.argtypes = [ctypes.py_object, ctypes.c_char_p]
    return ctypes.cast(get(mu._ARRAY_API, None), ctypes.POINTER(ctypes.c_void_p))


def check_offsets():
    """Read live objects through the assumed offsets; refuse to run on a layout we don't know."""
    ok = (ctypes.c_double.from_address(id(1.5) + OFFSETS["float_value"]).value == 1.5
          and ctypes.c_void_p.from_address(id(1.5) + OFFSETS["ob_type"]).value == id(float))
    a = np.arange(6.0).reshape(2, 3)
    base = id(a)
    ok = ok and ctypes.c_void_p.from_address(base + OFFSETS["array_data"]).value == a.ctypes.data
    ok = ok and ctypes.c_int.from_address(base + OFFSETS["array_nd"]).value == 2
    dims = ctypes.c_void_p.from_address(base + OFFSETS["array_dims"]).value
    ok = ok and ctypes.c_int64.from_address(dims + 8).value == 3
    descr = ctypes.c_void_p.from_address(base + OFFSETS["array_descr"]).value
    ok = ok and ctypes.c_int.from_address(descr + OFFSETS["descr_type_num"]).value == a.dtype.num
    ok = ok and ctypes.c_int64.from_address(descr + OFFSETS["descr_elsize"]).value == 8
    ok = ok and ctypes.c_float.from_address(id(np.float32(2.5)) + OFFSETS["scalar_value"]).value == 2.5
    if not ok:
        raise ImportError("numjit does not know this CPython/NumPy object layout "
                          "(needs 64-bit CPython ≥ 3.10 with the default build and NumPy ≥ 2.0)")


def register_symbols():
    global _registered
    if _registered:
        return
    jit.host()
    for name in FUNCTIONS:
        jit.add_symbol(name, ctypes.cast(getattr(PyAPI, name), ctypes.c_void_p).value)
    for name, obj in TYPE_OBJECTS.items():
        jit.add_symbol(name, id(obj))
    for name, obj in SINGLETONS.items():
        jit.add_symbol(name, id(obj))
    for t in (np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32,
              np.uint64, np.float32, np.float64, np.complex64, np.complex128):
        jit.add_symbol(scalar_type_symbol(t), id(t))
    table = _numpy_api_table()
    for name, slot in NUMPY_API.items():
        jit.add_symbol(f"numjit_{name}", table[slot])
    for name, obj in vars(builtins).items():       # numjit_PyExc_X: the address of CPython's PyExc_X
        if isinstance(obj, type) and issubclass(obj, BaseException):
            try:
                jit.add_symbol(exception_symbol(name), ctypes.addressof(ctypes.c_void_p.in_dll(PyAPI, f"PyExc_{name}")))
            except ValueError:                          # (no such variable in this Python)
                pass
    randomstate.register()
    _registered = True


def exception_symbol(name):
    """The symbol generated code loads builtin exception class `name` from: a `PyObject *` variable,
    CPython's own PyExc_<name>. Not that name itself: numba registers PyExc_<name> in the process's
    symbol table as the class object's address, so whichever registered last would break the other."""
    return f"numjit_PyExc_{name}"


def add_capi(names):
    """Make the CPython API functions `names` visible to generated code."""
    for name in names:
        jit.add_symbol(name, ctypes.cast(getattr(PyAPI, name), ctypes.c_void_p).value)


def compile_once(state, lock, prepare, build, symbols):
    """Compile a runtime module once per process (lists, dicts, strings): under `lock`, unless
    `state` is filled, `prepare()` (the runtimes and symbols it links to), compile `build()` (its
    object code kept on disk: jit.compile_runtime) and
    make `symbols` visible to generated code; their addresses go into `state` last, so a caller
    that finds `state` filled finds everything in place. Returns the library (None: done before)."""
    if state:
        return None
    with lock:
        if state:
            return None
        prepare()
        lib = jit.compile_runtime(build())
        addresses = {name: lib.address(name) for name in symbols}
        for name, address in addresses.items():
            jit.add_symbol(name, address)
        state.update(addresses)
        return lib


def global_object_symbol(name, obj):
    """A symbol whose value (a PyObject *) is `obj`, kept alive for the process."""
    cell = ctypes.c_void_p(id(obj))
    _keepalive.append((cell, obj))
    jit.add_symbol(name, ctypes.addressof(cell))
    return name


_dtype_symbols = set()


def dtype_symbol(name, dtype):
    """`global_object_symbol(name, dtype)` once per name: the descr symbols of dtype-carrying types
    (records, datetimes, text) for PyArray_Scalar / PyArray_NewFromDescr."""
    if name not in _dtype_symbols:
        _dtype_symbols.add(global_object_symbol(name, dtype))
    return name


# -- builtins made from IR functions ------------------------------------------------------

class PyMethodDef(ctypes.Structure):
    _fields_ = [("ml_name", ctypes.c_char_p), ("ml_meth", ctypes.c_void_p),
                ("ml_flags", ctypes.c_int), ("ml_doc", ctypes.c_char_p)]


METH_VARARGS, METH_KEYWORDS, METH_FASTCALL = 0x1, 0x2, 0x80
_new_cfunction = PyAPI.PyCFunction_NewEx
_new_cfunction.restype = ctypes.py_object
_new_cfunction.argtypes = [ctypes.c_void_p, ctypes.py_object, ctypes.py_object]


class _Owner:
    """Keeps a builtin's method table and names alive exactly as long as the builtin."""
    __slots__ = ("method_def", "name", "doc", "library", "__weakref__")


def make_builtin(address, name, flags=METH_VARARGS | METH_KEYWORDS, doc=None, library=None):
    owner = _Owner()
    owner.name = name.encode()
    owner.doc = doc.encode() if doc else None
    owner.method_def = PyMethodDef(owner.name, address, flags, owner.doc)
    owner.library = library
    return _new_cfunction(ctypes.addressof(owner.method_def), owner, None)


# tp_call of a heap type: patched so calling a Dispatcher instance goes straight to IR.
TP_CALL_OFFSET = 16 * 8
TP_NAME_OFFSET = 24


def set_type_call(cls, address):
    """Point `cls`'s tp_call slot at a native `PyObject *(PyObject *, PyObject *, PyObject *)`."""
    slot = ctypes.c_void_p.from_address(id(cls) + TP_CALL_OFFSET)
    slot.value = address


def _check_tp_call_offset():
    class Probe:
        def __call__(self):
            return None
    name = ctypes.c_char_p.from_address(id(Probe) + TP_NAME_OFFSET).value
    basicsize = ctypes.c_ssize_t.from_address(id(Probe) + 32).value
    if name != b"Probe" or basicsize != Probe.__basicsize__:
        raise ImportError("unexpected PyTypeObject layout")
    if ctypes.c_void_p.from_address(id(Probe) + TP_CALL_OFFSET).value is None:
        raise ImportError("unexpected PyTypeObject layout (tp_call)")


check_offsets()
_check_tp_call_offset()
