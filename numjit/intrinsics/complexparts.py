"""Real and imaginary parts: `x.real`, `x.imag`, `x.conjugate()` on numbers, and on arrays
`a.real`, `a.imag` (views of a complex array's parts, as in NumPy), `a.conjugate()` / `a.conj()`,
np.conjugate / np.conj element by element.

A real number is its own real part and conjugate; its imaginary part is a zero of its type
(NumPy's np.int32(3).imag is np.int32(0)); a bool's parts are ints, as in Python. A complex
number's parts have its underlying float type (complex64 → float32). A real array's `.real` is
the array itself and its `.imag` a new read-only array of zeros (NumPy and numba).

    >>> import numpy as np
    >>> from numjit.types import complex64, int32, float64, Array
    >>> from numjit.typing.registry import resolve
    >>> resolve("complex.real", (complex64,)).signature, resolve("int.imag", (int32,)).signature
    (float32(complex64), int32(int32))
    >>> resolve("array.imag", (Array(complex64, 2, "C"),)).signature.return_type
    float32[:, :]
    >>> resolve("array.imag", (Array(float64, 1, "C"),)).signature.return_type
    readonly float64[::1]
"""
import numpy as np
from llvmlite import ir

from ..types import Signature, Array, Boolean, Complex, Float, Integer
from ..types.arrays import ITEMSIZE, DATA, SHAPE
from ..types.scalars import int64, strong
from ..typing.registry import intrinsic, resolve

# -- numbers -----------------------------------------------------------------------------------


def _part_type(x):
    """The type of x.real / x.imag, or None where x is no number."""
    if isinstance(x, Complex):               # np.complex128(z).real: an np.float64 (strong)
        return strong(x.underlying) if x.strong else x.underlying
    if isinstance(x, Boolean):
        return int64
    if isinstance(x, (Integer, Float)):
        return x
    return None


def _part(index):
    """x.real (index 0) or x.imag (index 1): a complex number's field; a real number is its
    own real part, with imaginary part 0."""
    def typer(x):
        result = _part_type(x)
        if result is None:
            return None

        def codegen(low, sig, args):
            if isinstance(x, Complex):
                return low.builder.extract_value(args[0], index)
            if index:
                return low.ctx.constant(result, 0)
            return low.ctx.cast(low.builder, args[0], x, result)
        return Signature(result, (x,)), codegen
    return typer


_real, _imag = _part(0), _part(1)


def _conjugate(x):
    if not isinstance(x, Complex):
        return _real(x)

    def codegen(low, sig, args):
        b = low.builder
        return b.insert_value(args[0], b.fneg(b.extract_value(args[0], 1)), 1)
    return Signature(x, (x,)), codegen


for _kind in ("bool", "int", "float", "complex"):
    intrinsic(f"{_kind}.real")(_real)
    intrinsic(f"{_kind}.imag")(_imag)
    intrinsic(f"{_kind}.conjugate")(_conjugate)
intrinsic("np.conjugate")(_conjugate)         # the scalar rule of the np.conjugate ufunc (arrayexpr.py)


# -- arrays ------------------------------------------------------------------------------------

def _part_view(arr, offset):
    """A view of one part of a complex array: same shape and strides, float items."""
    part = arr.dtype.underlying
    result = arr.copy(dtype=part, layout="A" if arr.ndim else arr.layout)
    size = part.dtype.itemsize

    def codegen(low, sig, args):
        b = low.builder
        out = b.insert_value(args[0], ir.Constant(ir.IntType(64), size), ITEMSIZE)
        if offset:
            data = b.gep(b.extract_value(args[0], DATA), [ir.Constant(ir.IntType(64), size)],
                         source_etype=ir.IntType(8))
            out = b.insert_value(out, data, DATA)
        return out
    return Signature(result, (arr,)), codegen


@intrinsic("array.real")
def array_real(arr):
    if isinstance(arr.dtype, Complex):
        return _part_view(arr, offset=False)
    return Signature(arr, (arr,)), lambda low, sig, args: args[0]


@intrinsic("array.imag")
def array_imag(arr):
    if isinstance(arr.dtype, Complex):
        return _part_view(arr, offset=True)
    from .creation import allocate, fill
    result = Array(arr.dtype, arr.ndim, "C", readonly=True)

    def zeros(low, sig, args):
        dims = [low.builder.extract_value(args[0], [SHAPE, i]) for i in range(arr.ndim)]
        out = allocate(low, result, dims)
        fill(low, out, result, low.ctx.constant(arr.dtype, 0))
        return out
    zeros.new_ref = True
    return Signature(result, (arr,)), zeros


def _array_conjugate(arr):
    impl = resolve(np.conjugate, (arr,))
    return None if impl is None else (impl.signature, impl.codegen)


intrinsic("array.conjugate")(_array_conjugate)
intrinsic("array.conj")(_array_conjugate)
