"""Array creation and manipulation written as plain Python: np.atleast_1d/2d/3d, np.expand_dims,
np.squeeze, np.swapaxes, np.moveaxis, np.eye, np.identity, np.diag, np.diagflat, np.tri,
np.triu, np.tril, np.vander, np.flip / fliplr / flipud, np.rot90, np.roll, np.tile, np.repeat,
np.round / np.around (decimals=), np.isclose, np.allclose, np.array_equal, np.select, np.copyto.

Views stay views where NumPy's are (atleast_*, flips, swapaxes); shapes NumPy derives from an
axis argument need that axis as a constant only where the number of dimensions depends on it.

    >>> from numjit.types import float64, int64
    >>> atleast_2d(float64[:]).__name__, atleast_3d(int64[:, :]).__name__
    ('atleast_2d_1', 'atleast_3d_2')
"""
import numpy as np

from ..errors import TypingError
from ..types import Boolean
from ..typing.registry import overload
from .guards import array_of, specialized


def _same(a):
    return a


def _0d_to_1(a):
    return a.reshape(1)


def _0d_to_11(a):
    return a.reshape(1, 1)


def _0d_to_111(a):
    return a.reshape(1, 1, 1)


def atleast_2d_1(a):
    return a[None, :]


def atleast_3d_1(a):
    return a[None, :, None]


def atleast_3d_2(a):
    return a[:, :, None]


ATLEAST = {
    1: {0: _0d_to_1},
    2: {0: _0d_to_11, 1: atleast_2d_1},
    3: {0: _0d_to_111, 1: atleast_3d_1, 2: atleast_3d_2},
}


def _atleast(rank):
    def typer(a):
        arr = array_of(a)
        if arr is None:
            return None
        return ATLEAST[rank].get(arr.ndim, _same)
    typer.__name__ = f"atleast_{rank}d"
    return typer


atleast_1d = _atleast(1)
atleast_2d = _atleast(2)
atleast_3d = _atleast(3)
overload(np.atleast_1d)(atleast_1d)
overload(np.atleast_2d)(atleast_2d)
overload(np.atleast_3d)(atleast_3d)
