"""np.einsum in compiled code for one, two or three operands: explicit ('ij,jk->ik') and
implicit ('ij,jk') subscripts, sums over labels, transposes, a 2-d operand's diagonal ('ii->i',
trace 'ii'), batched products ('bij,bjk->bik'), outer products, full contractions ('i,i'), the
'...' ellipsis ('...ij,...jk->...ik', '...ii'-free forms). A length of one broadcasts against the
other operand's length of a shared label, as NumPy's (ellipsis dimensions included). Other
repeated labels are not supported.

The subscripts are read when compiling: each operand is summed over the labels only it has
and transposed to (batch, kept, contracted) labels, the pair is multiplied as a stack of
matrices (numjit/lib/numpy_linalg_stacked.py: BLAS for float matrices), and the product is
reshaped and transposed to the output's labels. Three operands contract left to right.

    >>> parse("ij,jk", (2, 2))
    (['ij', 'jk'], 'ik')
    >>> parse("ii->i", (2,))
    (['ii'], 'i')
    >>> parse("...j,jk", (3, 2))
    (['abj', 'jk'], 'abk')
"""
import string

import numpy as np

from ..errors import TypingError
from ..intrinsics.shapes import tuple_setitem
from ..types import Boolean, Const
from ..typing.registry import overload
from .guards import array_of, result_dtype, scalar_class, specialized


def _expand_ellipsis(text, ndims):
    """The subscripts with each '...' spelled as labels of their own (letters the subscripts do not
    use), aligned from the right across operands as NumPy broadcasts them; the implicit output of
    subscripts with an ellipsis is written out (the ellipsis labels first, then the others)."""
    inputs, arrow, out = text.partition("->")
    terms = inputs.split(",")
    if len(terms) != len(ndims):
        raise TypingError(f"np.einsum(): {len(terms)} subscript terms for {len(ndims)} operands")
    lengths = []
    for i, (term, ndim) in enumerate(zip(terms, ndims)):
        if term.replace("...", "", 1).count(".") or out.replace("...", "", 1).count("."):
            raise TypingError("np.einsum(): each term may hold one '...' ellipsis and no other '.'")
        n = ndim - (len(term) - 3) if "..." in term else 0
        if n < 0:
            raise TypingError(f"np.einsum(): operand {i} has {ndim} dimensions, fewer than its subscripts "
                              f"{term!r} name")
        lengths.append(n)
    free = [c for c in string.ascii_letters if c not in text]
    ellipsis = "".join(free[:max(lengths)])
    terms = [t.replace("...", ellipsis[len(ellipsis) - n:]) for t, n in zip(terms, lengths)]
    if not arrow:
        labels = "".join(terms)
        out = ellipsis + "".join(sorted(c for c in set(labels) if labels.count(c) == 1 and c not in ellipsis))
    elif "..." in out:
        out = out.replace("...", ellipsis)
    elif ellipsis:
        raise TypingError("np.einsum(): output has more dimensions than subscripts given in einstein sum, "
                          "but no '...' ellipsis provided to broadcast the extra dimensions.")
    return ",".join(terms) + "->" + out


def parse(subscripts, ndims):
    """(input terms, output labels) of einsum subscripts for operands of these ndims."""
    text = subscripts.replace(" ", "")
    if text.count("->") > 1:
        raise TypingError("np.einsum(): subscripts may hold one '->'")
    if "." in text:
        text = _expand_ellipsis(text, ndims)
    inputs, arrow, out = text.partition("->")
    terms = inputs.split(",")
    if len(terms) != len(ndims):
        raise TypingError(f"np.einsum(): {len(terms)} subscript terms for {len(ndims)} operands")
    labels = "".join(terms)
    if not all(c.isalpha() for c in labels + out):
        raise TypingError(f"np.einsum(): subscripts must be letters, not {subscripts!r}")
    for i, (term, ndim) in enumerate(zip(terms, ndims)):
        if len(term) != ndim:
            raise TypingError(f"np.einsum(): operand {i} has {ndim} dimensions but its subscripts {term!r} "
                              f"name {len(term)}")
        if len(set(term)) != len(term) and not (len(term) == 2 and term[0] == term[1]):
            raise TypingError("np.einsum(): a label repeated within an operand is supported only as a "
                              "2-d diagonal ('ii')")
    if not arrow:
        out = "".join(sorted(c for c in set(labels) if labels.count(c) == 1))
    if len(set(out)) != len(out) or any(c not in labels for c in out):
        raise TypingError(f"np.einsum(): output subscripts {out!r} must be distinct labels of the inputs")
    return terms, out


def _shape_of(zeros, a, axes):
    shape = zeros
    for i in range(len(axes)):
        shape = tuple_setitem(shape, i, a.shape[axes[i]])
    return shape


def _size_of(a, axes):
    """The product of a's lengths along the (non-empty) constant tuple `axes`."""
    total = 1
    for ax in axes:
        total *= a.shape[ax]
    return total


def _span(a, lo, hi):
    """The product of a.shape[lo:hi]."""
    total = 1
    for ax in range(lo, hi):
        total *= a.shape[ax]
    return total


@specialized
def _reducer(term, wanted, cls):
    """Operand (labels `term`, distinct) → array with the labels `wanted` (a subset, any order),
    summed over the others, in dtype cls; no label left: an array of one element."""
    kept = tuple(term.index(c) for c in wanted)
    summed = tuple(i for i, c in enumerate(term) if c not in wanted)
    perm = kept + summed
    kept_shape = (0,) * (len(kept) + 1)

    def transpose(a):
        return np.transpose(a, perm).astype(cls)

    def sum_some(a):
        shape = tuple_setitem(_shape_of(kept_shape, a, kept), len(kept), _size_of(a, summed))
        return np.transpose(a, perm).reshape(shape).sum(axis=-1).astype(cls)

    def sum_all(a):
        return np.full(1, a.sum(), cls)
    if not summed:
        return transpose
    return sum_some if kept else sum_all


def diagonal(a):
    n = min(a.shape[0], a.shape[1])
    out = np.empty(n, a.dtype)
    for i in range(n):
        out[i] = a[i, i]
    return out


@specialized
def _prepared(term, wanted, cls):
    """The reducer of an operand, taking its diagonal first where its term is 'xx'."""
    if len(term) == 2 and term[0] == term[1]:
        reduce = _reducer(term[0], wanted, cls)

        def from_diagonal(a):
            return reduce(diagonal(a))
        return from_diagonal
    return _reducer(term, wanted, cls)


def _distinct(term):
    return term[0] if len(term) == 2 and term[0] == term[1] else term


@specialized
def _contractor(term_a, term_b, out, cls):
    """(a, b) → their product with labels `out` (an array of one element for out == '')."""
    sa, sb = _distinct(term_a), _distinct(term_b)
    batch = "".join(c for c in out if c in sa and c in sb)
    left = "".join(c for c in out if c in sa and c not in sb)
    right = "".join(c for c in out if c in sb and c not in sa)
    contracted = "".join(c for c in sa if c in sb and c not in out)
    reduce_a = _prepared(term_a, batch + left + contracted, cls)
    reduce_b = _prepared(term_b, batch + contracted + right, cls)
    nb, nl, nc, nr = len(batch), len(left), len(contracted), len(right)
    middle = batch + left + right
    perm = tuple(middle.index(c) for c in out)
    middle_shape = (0,) * max(len(middle), 1)

    def product(x, y):
        """The reduced operands multiplied as (batch, left, contracted) @ (batch, contracted, right),
        their batch and contracted lengths of one broadcast against the other operand's."""
        to_x, to_y = x.shape, y.shape
        for i in range(nb + nc):
            ax = i if i < nb else i + nl
            if x.ndim > ax and y.ndim > i and x.shape[ax] != y.shape[i]:
                if x.shape[ax] == 1:
                    to_x = tuple_setitem(to_x, ax, y.shape[i])
                elif y.shape[i] == 1:
                    to_y = tuple_setitem(to_y, i, x.shape[ax])
                else:
                    raise ValueError("operands could not be broadcast together with remapped shapes")
        x, y = np.broadcast_to(x, to_x), np.broadcast_to(y, to_y)
        size_b = _span(x, 0, nb)
        size_k = _span(x, nb + nl, nb + nl + nc)
        return x.reshape((size_b, _span(x, nb, nb + nl), size_k)) @ y.reshape((size_b, size_k, _span(y, nb + nc, nb + nc + nr)))

    def contract(a, b):
        x = reduce_a(a)
        y = reduce_b(b)
        shape = middle_shape
        for i in range(nb + nl):
            shape = tuple_setitem(shape, i, x.shape[i] if i >= nb or x.shape[i] != 1 else y.shape[i])
        for i in range(nr):
            shape = tuple_setitem(shape, nb + nl + i, y.shape[nb + nc + i])
        return np.transpose(product(x, y).reshape(shape), perm)

    def contract_all(a, b):
        return product(reduce_a(a), reduce_b(b)).reshape(1)
    return contract if out else contract_all


@specialized
def _einsum_impl(terms, out, cls):
    def last(r):
        return r

    def scalar(r):
        return r[0]
    finish = last if out else scalar
    if len(terms) == 1:
        reduce = _prepared(terms[0], out, cls)

        def einsum1(subscripts, a):
            return finish(reduce(a))
        return einsum1
    if len(terms) == 2:
        pair = _contractor(terms[0], terms[1], out, cls)

        def einsum2(subscripts, a, b):
            return finish(pair(a, b))
        return einsum2
    later = set(terms[2]) | set(out)
    first_out = "".join(c for c in dict.fromkeys(_distinct(terms[0]) + _distinct(terms[1])) if c in later)
    first = _contractor(terms[0], terms[1], first_out, cls)
    second = _contractor(first_out if first_out else "", terms[2], out, cls)

    def einsum3(subscripts, a, b, c):
        return finish(second(first(a, b), c))
    return einsum3


@overload(np.einsum)
def einsum(subscripts, *operands):
    arrays = [array_of(t) for t in operands]
    if not isinstance(subscripts, Const) or not isinstance(subscripts.value, str) or None in arrays:
        return None
    if not 1 <= len(arrays) <= 3:
        raise TypingError("np.einsum() in compiled code takes one, two or three operands")
    if any(x.ndim == 0 or isinstance(x.dtype, Boolean) for x in arrays):
        raise TypingError("np.einsum() of 0-d or bool arrays is not supported in compiled code")
    dtype = result_dtype(*[x.dtype for x in arrays])
    if dtype is None:
        return None
    terms, out = parse(subscripts.value, [x.ndim for x in arrays])
    if len(terms) == 3 and "" == "".join(c for c in dict.fromkeys(terms[0] + terms[1]) if c in set(terms[2]) | set(out)):
        raise TypingError("np.einsum(): the first two operands must share a label with the rest")
    return _einsum_impl(tuple(terms), out, scalar_class(dtype))
