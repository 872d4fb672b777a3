"""np.block of a list of arrays or numbers, or of lists of them (any depth; a list display whose
items differ in type, such as arrays of different dimensions or layouts beside numbers, is a
literal list), as NumPy assembles it: each leaf becomes an array with leading axes of length 1 up
to the result's dimensions (the larger of the nesting depth and the leaves' largest ndim; a number
is a 0-d array), the innermost lists join along the last axis, the lists around them along the
axis before, and so on. An empty list is NumPy's ValueError (naming it); lists of different depths
are a TypingError (NumPy: ValueError).

    >>> from numjit.types import float64, int64, List
    >>> from numjit.types.literal_containers import LiteralList
    >>> block(List(List(float64[:, :]))).__name__, block(LiteralList((float64[:, :], int64), (None, None))).__name__
    ('block_impl', 'block_impl')
"""
import numpy as np

from ..errors import TypingError
from ..types import Array, Number
from ..types.lists import List
from ..types.literal_containers import LiteralList
from ..typing.registry import overload
from .guards import specialized
from .numpy_nditer import _leading


def _empty(path):
    where = "arrays"
    for k in path:
        where += "[" + str(k) + "]"
    raise ValueError("List at " + where + " cannot be empty")


def _shape(t):
    """(nesting depth, largest leaf ndim) of a block argument's type; None where it is not one."""
    if isinstance(t, Array):
        return 0, t.ndim
    if isinstance(t, Number):
        return 0, 0
    if isinstance(t, LiteralList) and t.items:
        shapes = [_shape(x) for x in t.items]
    elif isinstance(t, List) and not t.incomplete:
        shapes = [_shape(t.dtype)]
    else:
        return None
    if None in shapes:
        return None
    if len({depth for depth, _ in shapes}) > 1:
        raise TypingError(f"np.block(): List depths are mismatched in {t} (NumPy raises ValueError)")
    return shapes[0][0] + 1, max(ndim for _, ndim in shapes)


@specialized
def _part(t, ndim):
    """f(x, path) -> the block of x (of type t) as an ndim-dimensional array; `path`: x's indices,
    for NumPy's error about an empty list."""
    if isinstance(t, Array):
        grow = _leading(ndim - t.ndim)
        return lambda x, path: grow(x)
    if isinstance(t, Number):
        ones = (1,) * ndim
        return lambda x, path: np.full(ones, x)
    axis = -_shape(t)[0]
    if isinstance(t, LiteralList):
        parts = _parts(t.items, ndim)
        return lambda lists, path: np.concatenate(parts(lists, path), axis=axis)
    part = _part(t.dtype, ndim)

    def join(lists, path):
        if len(lists) == 0:
            _empty(path)
        return np.concatenate([part(lists[i], path + (i,)) for i in range(len(lists))], axis=axis)
    return join


@specialized
def _parts(items, ndim, k=0):
    """f(lists, path) -> the tuple of the blocks of a literal list's items from the k-th on."""
    if k == len(items):
        return lambda lists, path: ()
    head, rest = _part(items[k], ndim), _parts(items, ndim, k + 1)
    return lambda lists, path: (head(lists[k], path + (k,)),) + rest(lists, path)


@specialized
def _block_impl(top, copy):
    def block_impl(arrays):
        return top(arrays, ())

    def block_copy_impl(arrays):                     # not a list: NumPy's copy of the array
        return top(arrays, ()).copy()
    return block_copy_impl if copy else block_impl


@overload(np.block)
def block(arrays):
    shape = _shape(arrays)
    if shape is None:
        return None
    return _block_impl(_part(arrays, max(shape)), shape[0] == 0 and isinstance(arrays, Array))
