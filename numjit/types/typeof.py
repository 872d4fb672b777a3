"""typeof: the numjit type of a Python value passed to a compiled function.

    >>> import sys

import numpy as np
    >>> typeof(3), typeof(np.float32(1)), typeof(np.zeros((2, 3))), typeof(np.zeros((2, 3))[:, ::2])
    (int64, float32, float64[:, ::1], float64[:, :])

Returns None for values compiled code cannot take; `typeof_checked` (the public
`numjit.typeof`) raises ValueError saying why, as numba's typeof does.

    >>> typeof_checked(object())
    Traceback (most recent call last):
    ...
    ValueError: cannot determine the numjit type of a value of type object
"""
import enum
import sys

import numpy as np

from .arrays import Array
from .containers import Tuple
from .lists import typeof_list
from .dicts import typeof_dict, typeof_set
from .misc import Const
from .strings import unicode_type, bytes_type
from .scalars import boolean, int64, uint64, float64, complex128, none, from_dtype, strong
from .rng import typeof_generator
from .charseq import charseq_from_dtype


def _typeof_int(value):
    if -(1 << 63) <= value < (1 << 63):
        return int64
    if 0 <= value < (1 << 64):
        return uint64
    return None


def _typeof_array(value):
    dtype = from_dtype(value.dtype) or charseq_from_dtype(value.dtype)    # (text: arrays only, not np.str_)
    if dtype is None:
        return None
    flags = value.flags
    layout = "C" if flags.c_contiguous else ("F" if flags.f_contiguous else "A")
    return Array(dtype, value.ndim, layout, readonly=not flags.writeable)


def _typeof_tuple(value):
    items = [typeof(v) for v in value]
    if any(t is None for t in items):
        return None
    return Tuple(items)                             # Python lists in it are reflected, as arguments


_EXACT = {
    bool: lambda v: boolean,
    int: _typeof_int,
    float: lambda v: float64,
    complex: lambda v: complex128,
    type(None): lambda v: none,
    np.ndarray: _typeof_array,
    tuple: _typeof_tuple,
    list: typeof_list,
    dict: typeof_dict,
    set: typeof_set,
    str: lambda v: unicode_type,
    bytes: lambda v: bytes_type,
}


def typeof(value):
    rule = _EXACT.get(type(value))
    if rule is not None:
        return rule(value)
    if isinstance(value, np.generic):
        return strong(from_dtype(value.dtype))         # np.float64(3): strong in array expressions
    if isinstance(value, np.ndarray):
        return _typeof_array(value)         # a subclass: the dispatcher passes np.asarray(value)
    if isinstance(value, tuple):
        plain = _typeof_tuple(value)
        from .namedtuples import NamedTuple, is_namedtuple_class
        if plain is not None and is_namedtuple_class(type(value)):
            return NamedTuple(type(value), plain.items)
        return plain
    from ..dispatch.dispatcher import Dispatcher
    if isinstance(value, Dispatcher) or _is_ufunc(value):
        return Const(value)                    # a jitted function or a ufunc: compiled in for each one
    if (isinstance(value, np.dtype) and (from_dtype(value) is not None or value.char == "O")
            and np.dtype(value.char) is value):
        return Const(value)                    # a builtin dtype passed in: a compile-time constant
                                               # (object: passed along unused, as numba allows)
    if isinstance(value, type) and issubclass(value, np.generic) and value in _SCALAR_CLASSES:
        return Const(value)                    # np.float32 passed in (numba's NumberClass): likewise
    if isinstance(value, enum.Enum):
        from .enums import typeof_enum_member
        return typeof_enum_member(value)
    rule = user_rule(type(value))
    if rule is not None:
        return rule(value, None)
    random = sys.modules.get("numpy.random")     # a Generator exists only once numpy.random is imported
    if random is not None and type(value) is random.Generator:          # (importing it costs ~7 ms)
        return typeof_generator(value)
    jitclass = getattr(type(value), "class_type", None)           # an instance of a jitclass
    if jitclass is not None:
        return getattr(jitclass, "instance_type", None)
    return getattr(value, "_numba_type_", None)       # numjit.typed.List / Dict


def _is_ufunc(value):
    """A NumPy ufunc (np.sin, a numjit.vectorize with signatures) or numjit's lazy vectorize."""
    from ..ufunc.vectorize import DUFunc
    return isinstance(value, (np.ufunc, DUFunc))


_SCALAR_CLASSES = {t for t in np.sctypeDict.values() if from_dtype(np.dtype(t)) is not None}
_USER_RULES = {}        # class -> rule(value, context), from numjit.extending.typeof_impl.register


def register_user_rule(cls, rule):
    _USER_RULES[cls] = rule


def user_rule(cls):
    """The typeof_impl rule instances of `cls` are typed by (its own or a base class's), or None."""
    for c in cls.__mro__:
        rule = _USER_RULES.get(c)
        if rule is not None:
            return rule
    return None


def describe_untypeable(value):
    """What a value compiled code cannot take is, for an error: arrays name their dtype; the kinds
    of values users try (enum members) say what is not supported.

    >>> import enum
    >>> describe_untypeable(enum.Enum("Color", {"RED": "r", "BLUE": 2}).BLUE)
    'the enum member Color.BLUE: compiled code takes members of enums whose values all have one type (int, float, bool, str or a tuple of numbers); pass its .value'
    """
    if isinstance(value, np.ndarray):
        return f"an array of dtype {value.dtype.str if value.dtype.byteorder == '>' else value.dtype}"
    if isinstance(value, enum.Enum):
        return (f"the enum member {type(value).__name__}.{value.name}: compiled code takes members of enums "
                f"whose values all have one type (int, float, bool, str or a tuple of numbers); pass its .value")
    if type(value) is int:
        return f"the int {value}, outside the range of int64 and uint64"
    return f"a value of type {type(value).__name__}"


def typeof_checked(value):
    """typeof, raising ValueError for a value compiled code cannot take (numba.typeof's contract)."""
    try:
        ty = typeof(value)
    except TypeError as exc:                   # a list that holds what compiled code cannot take
        raise ValueError(str(exc)) from None
    if ty is None:
        raise ValueError(f"cannot determine the numjit type of {describe_untypeable(value)}")
    return ty
