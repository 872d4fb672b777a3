"""numba's type names that numjit's own type families do not spell, so that code written against
`numba.core.types` imports and type-checks unchanged.

    >>> from numjit import types
    >>> types.UniTuple(types.float64, 2), types.intc, types.size_t, types.CPointer(types.int32)
    ((float64, float64), int32, uint64, int32*)
    >>> isinstance(types.Tuple((types.int8, types.int8)), types.UniTuple)
    True
    >>> import math
    >>> [isinstance(types.Const(v), (types.Function, types.NumberClass)) for v in (math.sin, types.int8, "a")]
    [True, True, False]

Three kinds of names live here:

* aliases (`intc` is `int32`, `Buffer` is `Array`) and numba's domains (`integer_domain`...);
* small real types numjit compiles with (`CPointer`, `voidptr`), used by `extending.intrinsic`;
* *pending* types — external C functions, object mode's pyobject — that other parts of
  numjit are still building: the names exist so imports and `isinstance` checks work, and
  compiling with one raises UnsupportedError saying so (the str, typed-container, datetime,
  record, Optional, FunctionType and namedtuple names are the real types; `NamedUniTuple` /
  `NamedTuple` are numjit's namedtuple type when uniform / not, as `UniTuple` / `Tuple`).

    >>> types.ExternalFunction("erf", types.float64(types.float64)).llvm()
    Traceback (most recent call last):
    ...
    numjit.errors.UnsupportedError: ExternalFunction('erf', float64(float64)) is not supported by numjit yet (calling C symbols by name: issue 10)
"""
import abc

import numpy as np
from llvmlite import ir

from .arrays import Array
from .base import Type
from .containers import Tuple
from .misc import Const
from .typeof import register_user_rule as _register_user_rule
from .scalars import (boolean, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32,
                      float64, complex64, complex128)

# -- aliases: C names and numba's domains ------------------------------------------------------
intc, uintc, short, ushort = int32, uint32, int16, uint16
long_, ulong, longlong, ulonglong = int64, uint64, int64, uint64
size_t, ssize_t, char, uchar, byte = uint64, int64, int8, uint8, uint8
cfloat, cdouble = complex64, complex128

signed_domain = frozenset([int8, int16, int32, int64])
unsigned_domain = frozenset([uint8, uint16, uint32, uint64])
integer_domain = signed_domain | unsigned_domain
real_domain = frozenset([float32, float64])
complex_domain = frozenset([complex64, complex128])
number_domain = integer_domain | real_domain | complex_domain
np_integer_domain, np_real_domain = integer_domain, real_domain


class _TupleViewMeta(type):
    """isinstance(t, UniTuple) is true of a uniform, non-empty numjit Tuple: numjit has one tuple
    type, numba two, and code checking numba's names must see the right answer."""

    def __instancecheck__(cls, obj):
        return isinstance(obj, Tuple) and len(obj.items) > 0 and obj.is_uniform


class UniTuple(Tuple, metaclass=_TupleViewMeta):
    """UniTuple(float64, 3) is the Tuple (float64, float64, float64)."""

    def __new__(cls, dtype, count):
        return Tuple((dtype,) * int(count))


# -- literals: numjit types compile-time values as Const ---------------------------------------
class _LiteralMeta(abc.ABCMeta):
    def __instancecheck__(cls, obj):
        if cls is Literal and getattr(obj, "kind", None) in ("literaldict", "literallist"):
            return True                      # numba's LiteralStrKeyDict and LiteralList are literals
        return isinstance(obj, Const) and cls.accepts(obj.value)


class Literal(Type, metaclass=_LiteralMeta):
    """A compile-time value (numjit's Const); `.literal_value` is the value."""

    @staticmethod
    def accepts(value):
        return isinstance(value, (int, float, complex, str, bool))

    def __new__(cls, value):
        return Const(value)


class IntegerLiteral(Literal):
    @staticmethod
    def accepts(value):
        return isinstance(value, int) and not isinstance(value, bool)


class BooleanLiteral(Literal):
    @staticmethod
    def accepts(value):
        return isinstance(value, bool)


class StringLiteral(Literal):
    @staticmethod
    def accepts(value):
        return isinstance(value, str)


class Dispatcher(Literal):
    """A jitted function as a value (`isinstance(f, types.Dispatcher)` in an overload's typer)."""
    @staticmethod
    def accepts(value):
        from ..dispatch.dispatcher import Dispatcher as JittedFunction
        return isinstance(value, JittedFunction)


class Function(Literal):
    """A global function as a value (math.sin, np.sum, a ufunc, a user's overloaded function)."""
    @staticmethod
    def accepts(value):
        return callable(value) and not isinstance(value, (type, Type)) and not Dispatcher.accepts(value)


class NumberClass(Literal):
    """A number class as a value: `np.float32`, `types.int64` (numba's NumberClass)."""
    @staticmethod
    def accepts(value):
        from .scalars import Number
        return isinstance(value, Number) or isinstance(value, type) and issubclass(value, (np.number, np.bool_))


class TypeRef(Literal):
    """A numjit type as a value (`dtype=types.float64[:]`)."""
    @staticmethod
    def accepts(value):
        return isinstance(value, Type)


class DType(Literal):
    """A NumPy dtype as a value (`np.dtype("f8")`); `DType(types.float32)` is its constant."""
    @staticmethod
    def accepts(value):
        return isinstance(value, np.dtype)

    def __new__(cls, number_type):
        return Const(np.dtype(number_type.dtype))


def literal(value):
    """numba.core.types.literal(3): the compile-time type of a value."""
    return Const(value)


def unliteral(ty):
    """The run-time type of a literal type (int64 for literal(3), unicode_type for literal("a"));
    other types unchanged."""
    if isinstance(ty, Const):
        from ..typing.constants import literal_type
        from .strings import text_type
        return literal_type(ty.value) or text_type(ty) or ty
    return ty


# -- pointers, for intrinsics and C interop ----------------------------------------------------
class CPointer(Type):
    """A raw pointer to `dtype` items (numba's CPointer); `voidptr` points at bytes."""
    kind = "pointer"

    def __init__(self, dtype):
        self.dtype = dtype
        super().__init__(f"{dtype}*")

    @property
    def key(self):
        return (CPointer, self.dtype)

    def llvm(self):                    # typed, as numba's intrinsics expect (LLVM reads T* as ptr)
        return ir.PointerType(self.dtype.llvm_mem())

    def convert_from(self, builder, value, src):
        if isinstance(src, ArrayCTypes) and src.dtype == self.dtype:
            return builder.bitcast(value, self.llvm())
        raise TypeError(f"no conversion from {src} to {self}")


class EphemeralPointer(CPointer):
    """numba's pointer to a stack slot (an iterator's index: `cgutils.alloca_once`)."""


# -- numba's iteration protocol types (lower_builtin("getiter"/"iternext"): numjit/lowlevel_lowerings.py)
class IterableType(Type):
    """A type `for` iterates: `getiter` of it gives a value of `iterator_type`."""

    @property
    def iterator_type(self):
        raise NotImplementedError(f"{type(self).__name__} defines no iterator_type")


class SimpleIterableType(IterableType):
    def __init__(self, name, iterator_type):
        self._iterator_type = iterator_type
        super().__init__(name)

    @property
    def iterator_type(self):
        return self._iterator_type


class IteratorType(IterableType):
    """An iterator: `iternext` of it gives items of `yield_type`; it is its own iterator."""

    def __init__(self, name, **kwargs):
        super().__init__(name)

    @property
    def yield_type(self):
        raise NotImplementedError(f"{type(self).__name__} defines no yield_type")

    @property
    def iterator_type(self):
        return self


class SimpleIteratorType(IteratorType):
    def __init__(self, name, yield_type_):
        self._yield_type = yield_type_
        super().__init__(name)

    @property
    def yield_type(self):
        return self._yield_type


class RawPointer(Type):
    kind = "pointer"

    def llvm(self):
        return ir.PointerType(ir.IntType(8))

    def convert_from(self, builder, value, src):
        if isinstance(src, (RawPointer, CPointer)):
            return builder.bitcast(value, self.llvm())
        raise TypeError(f"no conversion from {src} to {self}")


class ArrayCTypes(RawPointer):
    """`a.ctypes` of an array in compiled code (numba's ArrayCTypes): the data pointer, passed to a C
    function taking a `void*` or a pointer to the array's dtype; `.data` is its address (uint64)."""
    kind = "arrayctypes"

    def __init__(self, array):
        self.dtype, self.ndim = array.dtype, array.ndim
        super().__init__(f"ArrayCTypes(dtype={self.dtype}, ndim={self.ndim})")


voidptr = RawPointer("void*")


# -- pending: names other issues give a type family ------------------------------------------
class Pending(Type):
    """A numba type numjit does not compile yet: importable, comparable, not compilable."""
    waits_on = "not yet built"

    def __init__(self, name, *params):
        self.params = params
        super().__init__(name)

    @property
    def key(self):
        return (type(self), self.name, self.params)

    def llvm(self):
        from ..errors import UnsupportedError
        raise UnsupportedError(f"{self.name} is not supported by numjit yet ({self.waits_on})")


def _pending(name, waits_on, spell=None):
    """A Pending subclass whose instances are made from numba's constructor arguments."""
    def __init__(self, *params, **kwargs):
        params = params + tuple(sorted(kwargs.items()))
        shown = spell(*params) if spell else f"{name}({', '.join(map(repr, params))})"
        Pending.__init__(self, shown, *params)
    return type(name, (Pending,), {"__init__": __init__, "waits_on": waits_on, "__module__": __name__})


from .strings import UnicodeType, unicode_type  # noqa: E402  (the real str type)
string = unicode_type
from .dicts import SetType as Set  # noqa: E402  (a Python set's type; types.SetType is typed.Set's)
from .namedtuples import NamedTuple as _NamedTuple  # noqa: E402  (numjit's one namedtuple type)


class _NamedTupleViewMeta(type):
    """numba's two namedtuple types as views of numjit's one: NamedUniTuple is a uniform,
    non-empty one, NamedTuple any other (as UniTuple and Tuple above)."""

    def __instancecheck__(cls, obj):
        return isinstance(obj, _NamedTuple) and (len(obj.items) > 0 and obj.is_uniform) == cls.uniform


class NamedTuple(_NamedTuple, metaclass=_NamedTupleViewMeta):
    """NamedTuple(types, cls) is numjit's namedtuple type of class `cls`."""
    uniform = False

    def __new__(cls, types, instance_class):
        return _NamedTuple(instance_class, tuple(types))


class NamedUniTuple(_NamedTuple, metaclass=_NamedTupleViewMeta):
    """NamedUniTuple(dtype, count, cls): `count` items of type `dtype`."""
    uniform = True

    def __new__(cls, dtype, count, instance_class):
        return _NamedTuple(instance_class, (dtype,) * int(count))


from .optionals import Optional, optional  # noqa: E402  (the real optional type)
Omitted = _pending("Omitted", "numjit types an omitted argument by its default value",
                   lambda v: f"omitted(default={v!r})")
from .function_type import FunctionType, typeof_c_function as _typeof_c_function  # noqa: E402  (the real one)
ExternalFunction = _pending("ExternalFunction", "calling C symbols by name: issue 10")
pyobject = ffi_forced_object = _pending("PyObject", "object mode: issue 10", lambda: "pyobject")()


class WrapperAddressProtocol(abc.ABC):
    """numba's protocol for objects that are C function pointers: subclass it and define
    `__wrapper_address__()` (the address) and `signature()` (a numjit Signature)."""

    @abc.abstractmethod
    def __wrapper_address__(self):
        ...

    @abc.abstractmethod
    def signature(self):
        ...


_register_user_rule(WrapperAddressProtocol, _typeof_c_function)    # passed in: FunctionType(signature())


class Dummy(Type):
    """Base of types with no run-time data (numba's Dummy); subclass it for marker types."""

    def llvm(self):
        return ir.IntType(8)


class _AnyType(Type):
    """numba's `types.Any`: in a lower_builtin's argument specs, any type (numjit/lowlevel.py)."""


Any = _AnyType("any")


class VarArg(Type):
    """numba's `types.VarArg(spec)`: the last lower_builtin spec, for any number of arguments."""

    def __init__(self, dtype):
        self.dtype = dtype
        super().__init__(f"*{dtype}")


class Opaque(Dummy):
    """A pointer compiled code passes along without looking into (numba's OpaqueModel: `i8*`),
    e.g. a borrowed PyObject* a user's unbox gives (numjit/lowlevel.py)."""

    def llvm(self):
        return ir.PointerType()


Buffer = ArrayCompatible = Array
BaseTuple = Tuple

__all__ = [name for name in dir() if not name.startswith("_") and name not in ("abc", "ir", "np", "Type", "Tuple", "Const", "Array")]
