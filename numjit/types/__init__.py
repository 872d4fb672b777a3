"""numjit's types, spelled as in numba (`numjit.types.float64[:, ::1]`).

    >>> from numjit import types
    >>> types.float64(types.int32[:]), types.typeof(1.5), types.typeof((1, 2.0))
    (float64(int32[:]), float64, (int64, float64))
"""
from .base import Type
from .scalars import (Number, Boolean, Integer, Float, Complex, NoneType, boolean, int8, int16,
                      int32, int64, uint8, uint16, uint32, uint64, float16, float32, float64,
                      complex64, complex128, none, intp, uintp, from_dtype, unify)
from .arrays import Array
from .datetimes import NPDatetime, NPTimedelta
from .records import Record
from .containers import Tuple
from .lists import List
from .typed import ListType, DictType, SetType
from .strings import UnicodeType, unicode_type, BytesType, bytes_type
from .misc import Const, undefined
from .signature import Signature, parse_signature
from .typeof import typeof
from .structref import StructRef
from .enums import EnumMember, IntEnumMember  # noqa: F401
from .literal_containers import LiteralStrKeyDict, LiteralList  # noqa: F401

void = none
bool_ = b1 = boolean
i1, i2, i4, i8 = int8, int16, int32, int64
u1, u2, u4, u8 = uint8, uint16, uint32, uint64
f2, f4, f8 = float16, float32, float64
c8, c16 = complex64, complex128
float_, double = float32, float64
int_ = int64
from .numba_names import *  # noqa: F401,F403  (numba's spellings: intc, UniTuple, CPointer, unicode_type...)
from .numba_names import UniTuple, Optional, optional, literal, unliteral  # noqa: F401

__all__ = [name for name in dir() if not name.startswith("_")]
