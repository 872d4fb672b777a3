"""np.block of a list of arrays, or of lists of them (any depth, one array type: a list holds one
type), as NumPy assembles it: each array gets leading axes of length 1 up to the result's
dimensions (the larger of the nesting depth and the arrays' ndim), the innermost lists join along
the last axis, the lists around them along the axis before, and so on. An empty list is NumPy's
ValueError (naming it).

    >>> from numjit.types import float64, List
    >>> block(List(List(float64[:, :]))).__name__
    'block_impl'
"""
import numpy as np

from ..types import Array
from ..types.lists import List
from ..typing.registry import overload
from .guards import specialized
from .numpy_nditer import _leading


@specialized
def _grown(lead):
    grow = _leading(lead)
    return lambda x, path: grow(x)


def _empty(path):
    where = "arrays"
    for k in path:
        where += "[" + str(k) + "]"
    raise ValueError("List at " + where + " cannot be empty")


@specialized
def _join(level, lead):
    """f(lists, path) -> the block of lists nested `level` deep (their arrays given `lead` leading
    axes), the parts joined along axis -level; `path`: the list's indices, for NumPy's error."""
    part = _grown(lead) if level == 1 else _join(level - 1, lead)

    def join(lists, path):
        if len(lists) == 0:
            _empty(path)
        return np.concatenate([part(lists[i], path + (i,)) for i in range(len(lists))], axis=-level)
    return join


@specialized
def _block_impl(depth, lead):
    top = _join(depth, lead)

    def block_impl(arrays):
        return top(arrays, ())
    return block_impl


@overload(np.block)
def block(arrays):
    depth, item = 0, arrays
    while isinstance(item, List) and not item.incomplete:
        depth, item = depth + 1, item.dtype
    if depth == 0 or not isinstance(item, Array):
        return None
    return _block_impl(depth, max(depth, item.ndim) - item.ndim)
