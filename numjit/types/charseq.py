"""Fixed-width text: the dtype of NumPy arrays of strings (`np.array(["this", "that"])`, dtype "<U4")
and of bytes (dtype "S3"); numba's UnicodeCharSeq and CharSeq.

    >>> import numpy as np
    >>> from numjit.types import typeof
    >>> t = typeof(np.array(["this", "that", "other"]))
    >>> t, t.dtype.text, typeof(np.array([b"ab", b"c"]))
    ([unichr x 5][::1], unicode_type, [char x 2][::1])

An element read (`a[i]`, `for s in a`) is a new str (bytes) without the trailing NULs, as NumPy
reads it; a str (bytes) stored (`a[i] = s`) is cut to the width and padded with NULs, as NumPy
stores it. The array itself is an ordinary array (views, slices, shape, passing it on, returning it);
its elements are not numbers, so arithmetic and NumPy functions on whole arrays do not take it.
In memory an element is its characters: 4 bytes each (UCS4) for "U", 1 for "S".
"""
from llvmlite import ir

from .base import Type
from .strings import unicode_type, bytes_type


class CharSeq(Type):
    kind = "charseq"

    def __init__(self, dtype):
        self.dtype = dtype
        self.text = unicode_type if dtype.kind == "U" else bytes_type
        width = dtype.itemsize // 4 if dtype.kind == "U" else dtype.itemsize
        super().__init__(f"[{'unichr' if dtype.kind == 'U' else 'char'} x {width}]")

    def llvm(self):
        return ir.ArrayType(ir.IntType(8), self.dtype.itemsize)

    @property
    def descr_symbol(self):
        """Symbol whose value is this dtype object (a type number does not say the width)."""
        from ..runtime.cpython import dtype_symbol
        return dtype_symbol(f"numjit_dtype.{self.dtype.str}", self.dtype)


def charseq_from_dtype(dtype):
    """The CharSeq of a native-order "U" or "S" dtype of at least one character, else None."""
    if dtype.kind not in "US" or dtype.itemsize == 0 or dtype.byteorder == ">":
        return None
    return CharSeq(dtype)
