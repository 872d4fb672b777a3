"""np.linalg on stacked matrices (n-d arrays: the last two axes are the matrices), as NumPy 2
broadcasts its gufuncs: inv, cholesky, det, slogdet, eigvalsh, eigh, eigvals, eig, solve; and n-d
np.matmul / `@` (stacks whose leading shapes broadcast, as NumPy's, or a stack and a vector).

Each applies the 2-D implementation (numjit/lib/numpy_linalg_lapack.py) matrix by matrix:

    >>> from numjit.types import float64
    >>> det(float64[:, :, :]).__name__
    'drop2'
"""
import operator

import numpy as np

from ..typing.registry import overload
from . import numpy_linalg_lapack as lapack
from .guards import array_of, result_dtype, scalar_class, specialized
from .numpy_indices import _c_index


def flat_matrices(a):
    """`a` as a C-contiguous (count, m, n) array of its matrices, and count."""
    m, n = a.shape[-2], a.shape[-1]
    count = 1
    for axis in range(a.ndim - 2):
        count *= a.shape[axis]
    return np.ascontiguousarray(a).reshape(count, m, n), count


def copy_matrix(out, r):
    for i in range(r.shape[0]):
        for j in range(r.shape[1]):
            out[i, j] = r[i, j]


@specialized
def _stacked_impl(single, kind, first_cls, second_cls):
    def same(a):
        flat, count = flat_matrices(a)
        out = np.empty(flat.shape, first_cls)
        for k in range(count):
            copy_matrix(out[k], single(flat[k]))
        return out.reshape(a.shape)

    def drop2(a):
        flat, count = flat_matrices(a)
        out = np.empty(count, first_cls)
        for k in range(count):
            out[k] = single(flat[k])
        return out.reshape(a.shape[:-2])

    def pair_drop2(a):
        flat, count = flat_matrices(a)
        first = np.empty(count, first_cls)
        second = np.empty(count, second_cls)
        for k in range(count):
            first[k], second[k] = single(flat[k])
        return first.reshape(a.shape[:-2]), second.reshape(a.shape[:-2])

    def drop1(a):
        flat, count = flat_matrices(a)
        out = np.empty((count, a.shape[-1]), first_cls)
        for k in range(count):
            r = single(flat[k])
            for i in range(r.shape[0]):
                out[k, i] = r[i]
        return out.reshape(a.shape[:-1])

    def pair_drop1_same(a):
        flat, count = flat_matrices(a)
        values = np.empty((count, a.shape[-1]), first_cls)
        vectors = np.empty(flat.shape, second_cls)
        for k in range(count):
            w, v = single(flat[k])
            for i in range(w.shape[0]):
                values[k, i] = w[i]
            copy_matrix(vectors[k], v)
        return values.reshape(a.shape[:-1]), vectors.reshape(a.shape)

    return {"same": same, "drop2": drop2, "pair_drop2": pair_drop2, "drop1": drop1,
            "pair_drop1_same": pair_drop1_same}[kind]


def _result(cls, name):
    """The result kind and dtypes of np.linalg.<name> for LAPACK class cls."""
    real = lapack.REAL[cls]
    return {"inv": ("same", cls, None), "cholesky": ("same", cls, None), "det": ("drop2", cls, None),
            "slogdet": ("pair_drop2", cls, real), "eigvalsh": ("drop1", real, None),
            "eigvals": ("drop1", cls, None), "eigh": ("pair_drop1_same", real, cls),
            "eig": ("pair_drop1_same", cls, cls)}[name]


def _stacked_typer(name, single_typer):
    def typer(a):
        x = array_of(a)
        if x is None or x.ndim <= 2:
            return None
        cls = lapack.lapack_class(a)
        if cls is None:
            return None
        single = single_typer(x.copy(ndim=2, layout="C"))
        kind, first_cls, second_cls = _result(cls, name)
        return _stacked_impl(single, kind, first_cls, second_cls)
    typer.__name__ = name
    return typer


inv = _stacked_typer("inv", lapack.inv)
cholesky = _stacked_typer("cholesky", lapack.cholesky)
det = _stacked_typer("det", lapack.det)
slogdet = _stacked_typer("slogdet", lapack.slogdet)
eigvalsh = _stacked_typer("eigvalsh", lapack.eigvalsh)
eigh = _stacked_typer("eigh", lapack.eigh)
eigvals = _stacked_typer("eigvals", lapack.eigvals)
eig = _stacked_typer("eig", lapack.eig)

for _typer in (inv, cholesky, det, slogdet, eigvalsh, eigh, eigvals, eig):
    overload(getattr(np.linalg, _typer.__name__))(_typer)


@specialized
def _stacked_solve(cls, vector):
    """NumPy 2's solve of stacks: a 1-d b is one vector for every matrix; otherwise b is a stack
    of (m, k) matrices whose leading shape broadcasts with a's."""
    single = lapack._solve_impl(cls, 1 if vector else 2)

    def solve_vector_stacked(a, b):
        flat, count = flat_matrices(a)
        out = np.empty((count, a.shape[-1]), cls)
        for k in range(count):
            out[k] = single(flat[k], b)
        return out.reshape(a.shape[:-1])

    def solve_stacked(a, b):
        batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
        lhs, count = flat_matrices(np.broadcast_to(a, batch + a.shape[-2:]))
        rhs, _ = flat_matrices(np.broadcast_to(b, batch + b.shape[-2:]))
        out = np.empty((count, b.shape[-2], b.shape[-1]), cls)
        for k in range(count):
            copy_matrix(out[k], single(lhs[k], rhs[k]))
        return out.reshape(batch + b.shape[-2:])
    return solve_vector_stacked if vector else solve_stacked


@overload(np.linalg.solve)
def solve(a, b):
    x, y = array_of(a), array_of(b)
    if x is None or y is None or x.ndim < 2 or x.ndim == 2 and y.ndim <= 2:
        return None                                   # (one matrix: numpy_linalg_lapack)
    cls = lapack.lapack_class(a, b)
    return None if cls is None else _stacked_solve(cls, y.ndim == 1)


# -- n-d matmul: stacks of matrices whose leading shapes broadcast, or a stack and a vector ------

def _same(a):
    return a


def _row(a):
    return a.reshape((1, a.shape[0]))


def _column(a):
    return a.reshape((a.shape[0], 1))


def _drop_rows(out, batch):
    return out.reshape(batch + (out.shape[-1],))


def _drop_columns(out, batch):
    return out.reshape(batch + (out.shape[-2],))


def _keep(out, batch):
    return out


@specialized
def _stacked_matmul(a_vector, b_vector, cls):
    """NumPy's matmul with at least one operand of more than two axes: the leading (batch) axes
    broadcast; a 1-d operand is a row (first) or a column (second) whose axis is dropped again."""
    as_a, as_b = (_row if a_vector else _same), (_column if b_vector else _same)
    finish = _drop_rows if a_vector else _drop_columns if b_vector else _keep

    def matmul_stacked(a, b):
        x, y = as_a(a), as_b(b)
        m, n, p = x.shape[-2], x.shape[-1], y.shape[-1]
        if y.shape[-2] != n:
            raise ValueError("matmul: Input operand 1 has a mismatch in its core dimension 0")
        batch = np.broadcast_shapes(x.shape[:-2], y.shape[:-2])
        xs, ys = np.broadcast_to(x, batch + (m, n)), np.broadcast_to(y, batch + (n, p))
        out = np.empty(batch + (m, p), cls)
        flat = out.reshape((-1, m, p))
        for k in range(flat.shape[0]):
            at = _c_index(batch, k)
            copy_matrix(flat[k], xs[at] @ ys[at])
        return finish(out, batch)
    return matmul_stacked


def matmul(a, b):
    x, y = array_of(a), array_of(b)
    if x is None or y is None or max(x.ndim, y.ndim) <= 2 or min(x.ndim, y.ndim) < 1:
        return None
    elt = result_dtype(x.dtype, y.dtype)
    if elt is None:
        return None
    return _stacked_matmul(x.ndim == 1, y.ndim == 1, scalar_class(elt))


overload(operator.matmul, np.matmul)(matmul)
