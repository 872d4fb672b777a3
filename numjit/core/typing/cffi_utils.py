"""cffi functions called from compiled code (numba.core.typing.cffi_utils): a function of an
`ffi.dlopen` library (ABI mode), or of an out-of-line API-mode module after
`register_module(module)`, is a C function pointer with the C signature cffi knows; compiled
code calls its address directly (numjit/intrinsics/cfunc.py). `ffi.from_buffer(array)` in
compiled code is the array's data pointer, typed as a pointer to its dtype, to pass to them.
numjit never imports cffi itself: these functions only look at objects when cffi is loaded.

    >>> map_cname("unsigned int"), map_cname("size_t"), map_cname("double")
    (uint32, uint64, float64)

C types map as numba maps them: the integer and floating types by width and sign, `_Bool`,
`void`, `void *` (voidptr) and `T *` (CPointer(T)); structs, unions, arrays and variadic
functions are refused with a TypingError naming the type.
"""
import sys
import types as pytypes

from ...errors import TypingError
from ...types import Signature
from ...types.numba_names import CPointer, voidptr
from ...types.scalars import (boolean, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32,
                              float64, none)

__all__ = ["register_module", "register_type", "is_cffi_func", "make_function_type", "map_cname"]

_C_NAMES = {
    "_Bool": boolean, "bool": boolean, "char": int8, "signed char": int8, "unsigned char": uint8,
    "short": int16, "unsigned short": uint16, "int": int32, "unsigned int": uint32,
    "long": int64, "unsigned long": uint64, "long long": int64, "unsigned long long": uint64,
    "int8_t": int8, "uint8_t": uint8, "int16_t": int16, "uint16_t": uint16, "int32_t": int32,
    "uint32_t": uint32, "int64_t": int64, "uint64_t": uint64, "ssize_t": int64, "size_t": uint64,
    "intptr_t": int64, "uintptr_t": uint64, "ptrdiff_t": int64, "float": float32, "double": float64,
}
_registered = {}          # an out-of-line module's function -> (its cffi type, its address)
_user_types = {}          # cname -> numjit type (register_type)
_ffi = None


def map_cname(cname):
    """The numjit type of a primitive C type's name, or None."""
    return _user_types.get(cname) or _C_NAMES.get(cname)


def _map(ctype):
    registered = _user_types.get(ctype.cname)
    if registered is not None:
        return registered
    if ctype.kind == "void":
        return none
    if ctype.kind == "primitive" and map_cname(ctype.cname) is not None:
        return map_cname(ctype.cname)
    if ctype.kind == "pointer":
        return voidptr if ctype.item.kind == "void" else CPointer(_map(ctype.item))
    raise TypingError(f"the C type '{ctype.cname}' of a cffi function has no numjit type (numbers, "
                      "void and pointers to them are supported)")


def _default_ffi():
    global _ffi
    if _ffi is None:
        import cffi
        _ffi = cffi.FFI()
    return _ffi


def _function_ctype(obj):
    """(cffi type, address) of a cffi function object, or None for anything else."""
    if obj in _registered if _hashable(obj) else False:
        return _registered[obj]
    if "_cffi_backend" not in sys.modules or type(obj).__module__ != "_cffi_backend":
        return None
    ffi = _default_ffi()
    try:
        ctype = ffi.typeof(obj)
    except TypeError:
        return None
    if ctype.kind != "function":
        return None
    return ctype, int(ffi.cast("uintptr_t", obj))


def _hashable(obj):
    try:
        hash(obj)
        return True
    except TypeError:
        return False


def is_cffi_func(obj):
    """Whether `obj` is a cffi function compiled code can call."""
    return _function_ctype(obj) is not None


def make_function_type(obj):
    """(Signature, address) of a cffi function, or None when `obj` is not one."""
    found = _function_ctype(obj)
    if found is None:
        return None
    ctype, address = found
    if ctype.ellipsis:
        raise TypingError(f"the cffi function '{ctype.cname}' is variadic: compiled code cannot call it")
    return Signature(_map(ctype.result), tuple(_map(a) for a in ctype.args)), address


def register_module(module):
    """Make the functions of an out-of-line API-mode cffi module (`module.ffi`, `module.lib`)
    callable from compiled code."""
    for name in dir(module.lib):
        fn = getattr(module.lib, name)
        if isinstance(fn, pytypes.BuiltinFunctionType):
            address = module.ffi.addressof(module.lib, name)
            _registered[fn] = (module.ffi.typeof(fn), int(module.ffi.cast("uintptr_t", address)))


def register_type(cffi_type, numjit_type):
    """Map a cffi type (e.g. a typedef) to a numjit type."""
    _user_types[cffi_type.cname] = numjit_type


def is_from_buffer(fn):
    """Whether `fn` is `ffi.from_buffer` of a cffi FFI (or an out-of-line module's ffi)."""
    owner = getattr(fn, "__self__", None)
    return getattr(fn, "__name__", None) == "from_buffer" and type(owner).__name__ in ("FFI", "CompiledFFI")
