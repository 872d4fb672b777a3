"""The primitives under lib/iterators.py: an iterator from its parts, its parts back, and a
range's (start, stop, step).

    >>> from numjit.types import float64, Tuple
    >>> from numjit.types.iterators import POSITION
    >>> make_iterator(float64[:], POSITION)[0].return_type
    iterator(float64[:])
"""
from ..types import Signature, Tuple
from ..types.iterators import IteratorType, POSITION
from ..types.scalars import int64
from ..types.slices import RangeType
from ..typing.registry import intrinsic


def _same_value(low, sig, values):
    return values[0]


def _pair(low, sig, values):
    from llvmlite import ir
    b = low.builder
    out = ir.Constant(sig.return_type.llvm(), ir.Undefined)
    return b.insert_value(b.insert_value(out, values[0], 0), values[1], 1)


def make_iterator(iterable, position):
    """(internal) the iterator over `iterable` whose position is position[0]."""
    if position != POSITION:
        return None
    return Signature(IteratorType(iterable), (iterable, position)), _pair


def iterator_state(it):
    """(internal) (iterable, position array) of an iterator."""
    if not isinstance(it, IteratorType):
        return None
    return Signature(Tuple(it.items), (it,)), _same_value


def range_parts(r):
    """(internal) (start, stop, step) of a range."""
    if not isinstance(r, RangeType):
        return None
    return Signature(Tuple((int64, int64, int64)), (r,)), _same_value


for _prim in (make_iterator, iterator_state, range_parts):
    intrinsic(_prim)(_prim)
