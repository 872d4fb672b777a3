"""Scalar types: bool, integers, floats, complex, none — and numba's promotion rules.

    >>> from numjit.types.scalars import int32, float32, binop_result
    >>> binop_result("+", int32, int32), binop_result("/", int32, int32), binop_result("+", float32, int32)
    (int64, float64, float64)

Data model: bool is i1 as a value and i8 in memory; intN/uintN are iN;
float32/float64 are float/double; complexN is {float, float} or {double, double}.
"""
import copy

import numpy as np
from llvmlite import ir

from .base import Type


class Number(Type):
    kind = "number"
    strong = False          # a NumPy scalar of a Python width (np.float64(x)): see `strong` below

    @property
    def bitwidth(self):
        """numba's name for `bits` (intrinsics test `x.bitwidth == 32`)."""
        return self.bits

    def __call__(self, *args):
        """float32(int32) is a signature; float32(2.5), as in numba, the value as a NumPy scalar
        (what kernels written for the GPU do when the simulator runs them as Python)."""
        if len(args) == 1 and not isinstance(args[0], Type) and getattr(self, "dtype", None) is not None:
            return self.dtype.type(args[0])
        return super().__call__(*args)


class Boolean(Number):
    kind = "bool"
    bits = 1

    def __init__(self):
        super().__init__("bool")
        self.dtype = np.dtype(np.bool_)

    def llvm(self):
        return ir.IntType(1)

    def llvm_mem(self):
        return ir.IntType(8)


class Integer(Number):
    kind = "int"

    def __init__(self, bits, signed):
        super().__init__(f"{'' if signed else 'u'}int{bits}")
        self.bits, self.signed = bits, signed
        self.dtype = np.dtype(f"{'i' if signed else 'u'}{bits // 8}")

    def llvm(self):
        return ir.IntType(self.bits)

    @property
    def minval(self):
        return -(1 << (self.bits - 1)) if self.signed else 0

    @property
    def maxval(self):
        return (1 << (self.bits - 1)) - 1 if self.signed else (1 << self.bits) - 1


class Float(Number):
    kind = "float"

    def __init__(self, bits):
        super().__init__(f"float{bits}")
        self.bits = bits
        self.dtype = np.dtype(f"f{bits // 8}")

    def llvm(self):
        return ir.FloatType() if self.bits == 32 else ir.DoubleType() if self.bits == 64 else ir.HalfType()


class Complex(Number):
    kind = "complex"

    def __init__(self, bits):
        super().__init__(f"complex{bits}")
        self.bits = bits
        self.dtype = np.dtype(f"c{bits // 8}")
        self.underlying = float32 if bits == 64 else float64

    def llvm(self):
        f = self.underlying.llvm()
        return ir.LiteralStructType([f, f])


class NoneType(Type):
    kind = "none"

    def __init__(self):
        super().__init__("none")

    def llvm(self):
        return ir.IntType(8)


class NoReturn(NoneType):
    """The result of calling a function whose every path raises: no value ever exists, so it
    unifies with any type (`return fail(x)` in a function returning float64 stays float64)."""

    def __init__(self):
        Type.__init__(self, "noreturn")


boolean = Boolean()
int8, int16, int32, int64 = (Integer(b, True) for b in (8, 16, 32, 64))
uint8, uint16, uint32, uint64 = (Integer(b, False) for b in (8, 16, 32, 64))
float32, float64 = Float(32), Float(64)
float16 = Float(16)          # CUDA kernels only: not in SCALARS, so the CPU target never sees it
complex64, complex128 = Complex(64), Complex(128)
none = NoneType()
noreturn = NoReturn()
intp, uintp = int64, uint64

# NumPy 2 (NEP 50) promotes an array with a Python int/float/complex by the array's dtype (the
# scalar is "weak") but with np.int64/np.float64/np.complex128 as with any dtype ("strong"). The
# strong variants compare EQUAL to int64/float64/complex128 (every type test and table keeps
# working); only array-expression dtypes read the bit. Where the two meet (unify) strong wins.
int64_strong, float64_strong, complex128_strong = (copy.copy(t) for t in (int64, float64, complex128))
_STRONG = {int64: int64_strong, float64: float64_strong, complex128: complex128_strong}
_WEAK = {int64: int64, float64: float64, complex128: complex128}
for _t in _STRONG.values():
    _t.strong = True

SCALARS = [boolean, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
           float32, float64, complex64, complex128]
_BY_DTYPE = {t.dtype: t for t in SCALARS}


def from_dtype(dtype):
    """numpy dtype (or scalar class) → numjit scalar type; None if unsupported."""
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        return None
    if dtype.byteorder == ">" or (dtype.byteorder == "<" and not np.little_endian):
        return None
    if dtype.fields is not None:
        from .records import record_from_dtype
        return record_from_dtype(dtype)
    if dtype.kind in "mM":
        from .datetimes import from_datetime_dtype
        return from_datetime_dtype(dtype)
    return _BY_DTYPE.get(dtype.newbyteorder("="))


def strong(t):
    """The NumPy-scalar (strong) variant of scalar type `t`; other types unchanged.

    >>> strong(float64) == float64, strong(float64).strong, float64.strong, strong(int32) is int32
    (True, True, False, True)
    """
    return _STRONG.get(t, t) if isinstance(t, Number) else t


def weak(t):
    """The Python-number (weak) variant of scalar type `t`: a.item() is a Python float."""
    return _WEAK.get(t, t) if isinstance(t, Number) else t


def is_strong(t):
    return getattr(t, "strong", False)


def _strength(t):
    if isinstance(t, Number):
        return t.strong
    items = getattr(t, "items", None) if getattr(t, "kind", None) == "tuple" else None   # (None: untypeable)
    return tuple(map(_strength, items)) if items is not None and any(map(_strength, items)) else False


def strength(argtypes):
    """Which of `argtypes` are (or hold) strong scalars, for keys."""
    return tuple(map(_strength, argtypes))


class _StrongArgs(tuple):
    """Argument types holding strong scalars: a key unequal to the same types from Python scalars."""

    def __hash__(self):
        return hash((tuple(self), strength(self)))

    def __eq__(self, other):
        return isinstance(other, tuple) and tuple.__eq__(self, other) and strength(self) == strength(other)

    def __ne__(self, other):
        return not self == other


def argkey(argtypes):
    """`argtypes` as a key of a specialisation (dispatcher, inference, lowering): np.float64(3)
    and 3.0 get one each though their types compare equal.

    >>> argkey((float64,)) == argkey((strong(float64),)), argkey((float64,)) == (float64,)
    (False, True)
    """
    argtypes = tuple(argtypes)
    return _StrongArgs(argtypes) if any(strength(argtypes)) else argtypes


def numpy_result(fn, ret):
    """The type of calling `fn` with result type `ret`: a NumPy function's scalar (np.sqrt(2.0),
    np.sum(a), np.float64(x)) is a NumPy scalar, strong; np.random's are Python numbers."""
    module = getattr(fn, "__module__", None) or ""
    if module == "numpy" or module.startswith("numpy.") and not module.startswith("numpy.random"):
        return strong(ret)
    return ret


def accumulator(t):
    """NumPy's dtype for sum/prod/cumsum of dtype t: small ints widen to int64/uint64, bool to int64.

    >>> accumulator(boolean), accumulator(Integer(16, False)), accumulator(float32)
    (int64, uint64, float32)
    """
    if isinstance(t, Boolean):
        return int64
    if isinstance(t, Integer):
        return int64 if t.signed else uint64
    return t


def is_int(t):
    return isinstance(t, Integer)


def is_float(t):
    return isinstance(t, Float)


def is_intlike(t):
    return isinstance(t, (Integer, Boolean)) or t.kind == "intenum"     # an IntEnum member: its int


# -- promotion -------------------------------------------------------------------

def _int_result(a, b):
    """numba's integer rule for values meeting (a variable assigned both, min/max): 64 bits;
    uint64 mixed with signed is float64 (arithmetic on them is int64: _binop_result)."""
    a = int64 if a is boolean else a
    b = int64 if b is boolean else b
    if a.signed and b.signed:
        return int64
    if not a.signed and not b.signed:
        return uint64
    unsigned = a if not a.signed else b
    return int64 if unsigned.bits < 64 else float64


def common_type(a, b):
    """The type both operands are converted to before an arithmetic operation."""
    if is_intlike(a) and is_intlike(b):
        return _int_result(a, b)
    if isinstance(a, Number) and isinstance(b, Number):
        promoted = np.promote_types(a.dtype, b.dtype)
        return float16 if promoted == float16.dtype else from_dtype(promoted)
    return None


def unify(a, b):
    """Type of a variable assigned values of types a and b (None: incompatible)."""
    if a == b:
        return b if is_strong(b) else a
    if isinstance(a, NoReturn) or isinstance(b, NoReturn):
        return b if isinstance(a, NoReturn) else a
    if isinstance(a, Number) and isinstance(b, Number):
        return common_type(a, b)
    if "intenum" in (a.kind, b.kind):              # an IntEnum member and another value: as its int
        return unify(a.dtype if a.kind == "intenum" else a, b.dtype if b.kind == "intenum" else b)
    unify_hook = getattr(a, "unify", None)
    if unify_hook is not None:
        result = unify_hook(b)
    elif a == none and getattr(b, "nullable", None) is not None:      # None, then an instance: optional
        result = b.unify(a)
    else:
        result = None
    if result is None and getattr(b, "numba_unify", False):    # a user type's unify(typingctx, other)
        result = b.unify(a)                                   # answers on either side, as in numba
    if result is None and (none in (a, b) or "optional" in (a.kind, b.kind)):
        from .optionals import unify_optional        # a value and None: an optional (types/optionals.py)
        result = unify_optional(a, b)
    return result


_ARITH = {"+", "-", "*", "//", "%", "**"}
_BITWISE = {"&", "|", "^", "<<", ">>"}


def binop_result(op, a, b):
    """Result type of scalar `a op b` (None: not defined); strong when an operand is
    (np.float64(2) * 3.0 is an np.float64)."""
    t = _binop_result(op, a, b)
    return strong(t) if is_strong(a) or is_strong(b) else t


def _binop_result(op, a, b):
    if not (isinstance(a, Number) and isinstance(b, Number)):
        return None
    if op in _BITWISE:
        if a is boolean and b is boolean and op in ("&", "|", "^"):
            return boolean
        if is_intlike(a) and is_intlike(b):
            t = _int_result(a, b)
            if t is float64:        # uint64 with a signed int, as numba: a shift keeps the left
                unsigned = op in ("<<", ">>") and not getattr(a, "signed", True)   # operand's sign,
                return uint64 if unsigned else int64                             # & | ^ are int64
            return t
        return None
    if op == "/":
        t = common_type(a, b)
        return float64 if is_intlike(t) else t
    if op == "**" and isinstance(a, Float) and is_intlike(b):
        return a                          # x ** n keeps x's type (numba: powi)
    if op in _ARITH:
        t = common_type(a, b)
        if isinstance(t, Complex) and op in ("//", "%"):
            return None
        if t is float64 and is_intlike(a) and is_intlike(b):
            return int64        # uint64 with a signed int: numba computes in int64 (a variable
        return t                # assigned both, min/max of both are float64: common_type)
    return None
