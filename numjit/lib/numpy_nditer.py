"""np.nditer in compiled code: one operand or several (a tuple, or a list display: the frontend
makes the lists in an `np.nditer(...)` call tuples, frontend/nditer_syntax.py), broadcast
together as NumPy broadcasts them; each item is a 0-d view of each operand (one view for one
operand, else a tuple of them), visited in NumPy's order: order='K' (the default: memory order
as NumPy's iterator finds it from every operand's strides, axes of negative strides reversed),
'C', 'F' or 'A'.

* `op_flags`: per operand ('readonly' — the default —, 'readwrite', 'writeonly'; one list of
  flags for every operand, or one per operand): a writable operand's items can be assigned
  (`x[...] = 2 * x`); it must not need broadcasting (NumPy's ValueError otherwise);
* `flags`: 'multi_index' (`it.multi_index`, the current item's index in the broadcast shape),
  'c_index' / 'f_index' (`it.index`), 'zerosize_ok', 'refs_ok', 'external_loop' (each item is a
  1-d view per operand: the innermost axes of the order that NumPy coalesces, as NumPy's chunks
  without buffering); others (buffering, ...) are a TypingError;
* `with np.nditer(...) as it:` binds `it` (the views write through: nothing to write back);
  `it.itersize`, `it.iterindex`, and NumPy's manual protocol: `while not it.finished: ...
  it.value ...; it.iternext()`, `it.reset()`;
* `it[k]`: operand k's current item (`it.value[k]`; a negative k counts from the end; operands of
  different types need a constant k), `it.operands`: the operands as given (numbers as 0-d arrays);
* a `for` loop (or `enumerate(it)`) that runs to its end leaves the iterator finished, as NumPy's:
  `it.finished` is True, `it.value`, `it[k]`, `it.multi_index`, `it.index`, `it.iterindex` raise
  ValueError("Iterator is past the end"); after a `break` it stays at the item the loop broke on.

    >>> import numpy as np
    >>> from numjit import njit
    >>> @njit
    ... def pairs(a, b):
    ...     it = np.nditer([a, b], flags=['multi_index'])
    ...     return [(it.multi_index, x[()] + y[()]) for x, y in it]
    >>> pairs(np.arange(4.0).reshape(2, 2), np.array([10.0, 20.0]))[:3]
    [((0, 0), 10.0), ((0, 1), 21.0), ((1, 0), 12.0)]
"""
import operator

import numpy as np

from ..errors import TypingError
from ..intrinsics.iterators import (chunk_view, element_view, make_chunk_nditer, make_nditer, nditer_originals,
                                    nditer_parts, read_only)
from ..intrinsics.shapes import tuple_setitem, writeable_strided_view
from ..lowering.refcount import incref
from ..types import Array, Const, List, Number, Signature, Tuple, int64, none
from ..types.iterators import NditerType
from ..typing.registry import PythonImpl, intrinsic, overload
from .guards import array_of, is_int, is_none, specialized
from .numpy_index_arrays import _shape_text

GLOBAL_FLAGS = {"multi_index": 1, "c_index": 2, "f_index": 4, "zerosize_ok": 8, "refs_ok": 0, "external_loop": 16}
NUMPY_GLOBAL_FLAGS = ("buffered", "common_dtype", "copy_if_overlap", "delay_bufalloc", "grow_inner", "ranged",
                      "reduce_ok", "buffersize")
ACCESS = ("readonly", "readwrite", "writeonly")
IGNORED_OP_FLAGS = ("nbo", "aligned", "no_subtype", "overlap_assume_elementwise")
NUMPY_OP_FLAGS = ("copy", "updateifcopy", "allocate", "no_broadcast", "contig", "arraymask", "writemasked",
                  "virtual")
ORDERS = {"K": 0, "C": 1, "F": 2, "A": 3}


# -- typing: the constant flags ------------------------------------------------------------------

def _strings(t, what):
    """The constant strings of a tuple display (a list display made one by the frontend)."""
    if not isinstance(t, Tuple) or not all(isinstance(x, Const) and isinstance(x.value, str) for x in t.items):
        raise TypingError(f"np.nditer(): {what} must be a list or tuple of constant strings")
    return [x.value for x in t.items]


def _global_flags(flags):
    if is_none(flags):
        return 0
    code = 0
    for name in _strings(flags, "flags"):
        if name in NUMPY_GLOBAL_FLAGS:
            raise TypingError(f"np.nditer(): flag {name!r} is not supported in compiled code (supported: "
                              f"{', '.join(GLOBAL_FLAGS)})")
        if name not in GLOBAL_FLAGS:
            raise TypingError(f'np.nditer(): Unexpected iterator global flag "{name}" (NumPy raises ValueError)')
        code |= GLOBAL_FLAGS[name]
    if code & 6 == 6:
        raise TypingError("np.nditer(): Iterator flags C_INDEX and F_INDEX cannot both be specified")
    if code & 16 and code & 7:
        raise TypingError("np.nditer(): Iterator flag EXTERNAL_LOOP cannot be used if an index or multi-index is "
                          "being tracked (NumPy raises ValueError)")
    return code


def _access(names):
    """True if an operand's flags make it writable."""
    access = [n for n in names if n in ACCESS]
    for name in names:
        if name in NUMPY_OP_FLAGS:
            raise TypingError(f"np.nditer(): op_flag {name!r} is not supported in compiled code")
        if name not in ACCESS and name not in IGNORED_OP_FLAGS:
            raise TypingError(f'np.nditer(): Unexpected per-op iterator flag "{name}" (NumPy raises ValueError)')
    if len(access) > 1:
        raise TypingError("np.nditer(): Only one of the iterator flags READWRITE, READONLY, and WRITEONLY may be "
                          "specified for an operand")
    return bool(access) and access[0] != "readonly"


def _writable(op_flags, n):
    """Per operand: writable? One flag list for all operands, or one per operand."""
    if is_none(op_flags):
        return (False,) * n
    if isinstance(op_flags, Tuple) and op_flags.items and all(isinstance(x, Tuple) for x in op_flags.items):
        if len(op_flags.items) != n:
            raise TypingError("np.nditer(): op_flags must be a tuple or array of per-op flag-tuples")
        return tuple(_access(_strings(x, "op_flags")) for x in op_flags.items)
    return (_access(_strings(op_flags, "op_flags")),) * n


def _order(order):
    if is_none(order):
        return 0
    if isinstance(order, Const) and order.value in ORDERS:
        return ORDERS[order.value]
    shown = order.value if isinstance(order, Const) else order
    raise TypingError(f"np.nditer(): order must be one of 'C', 'F', 'A', or 'K' (got {shown!r})")


# -- run time: broadcasting, the operands' views, NumPy's order -----------------------------------

@specialized
def _operands(kinds):
    """f(op) -> the operands as a tuple of arrays (numbers made 0-d arrays, array expressions
    arrays); kinds: per item of a tuple op True for those, or None for one array."""
    if kinds is None:
        return lambda op: (op,)

    @specialized
    def items(k):
        if k == len(kinds):
            return lambda op: ()
        rest = items(k + 1)
        if kinds[k]:
            return lambda op: (np.asarray(op[k]),) + rest(op)
        return lambda op: (op[k],) + rest(op)
    return items(0)


@specialized
def _texts(ndims, k=0):
    """f(ops) -> the operands' shapes as NumPy's broadcast error lists them."""
    if k == len(ndims):
        return lambda ops: ""
    rest, nd = _texts(ndims, k + 1), ndims[k]
    if nd == 0:
        return lambda ops: "() " + rest(ops)
    return lambda ops: _shape_text(ops[k].shape, nd) + " " + rest(ops)


@specialized
def _merge(ndims, D, k=0):
    """f(ops, shape) -> shape broadcast with the shapes of ops[k:]; NumPy's ValueError if they do not."""
    if k == len(ndims):
        return lambda ops, shape: shape
    rest, nd, texts = _merge(ndims, D, k + 1), ndims[k], _texts(ndims)
    if nd == 0:
        return rest

    def merge(ops, shape):
        x = ops[k]
        for j in range(nd):
            d, m = D - nd + j, x.shape[j]
            if shape[d] == 1:
                shape = tuple_setitem(shape, d, m)
            elif m != 1 and m != shape[d]:
                raise ValueError("operands could not be broadcast together with shapes " + texts(ops))
        return rest(ops, shape)
    return merge


def _no_reduction(d):
    raise ValueError(f"output operand requires a reduction along dimension {d}, but the reduction is not enabled. "
                     "The dimension size of 1 does not match the expected output shape.")


@specialized
def _leading(count):
    """f(x) -> x with `count` leading axes of length 1 (a view)."""
    if count == 0:
        return lambda x: x
    inner = _leading(count - 1)
    return lambda x: inner(x)[None]


@specialized
def _views(ndims, writable, D, k=0):
    """f(ops, shape) -> the operands as D-dim arrays of the broadcast shape: the read-only ones
    broadcast (typed read-only), the writable ones as they are (NumPy refuses to broadcast them)."""
    if k == len(ndims):
        return lambda ops, shape: ()
    rest, nd = _views(ndims, writable, D, k + 1), ndims[k]
    if not writable[k] and D == 0:
        return lambda ops, shape: (read_only(ops[k]),) + rest(ops, shape)
    if not writable[k]:
        return lambda ops, shape: (read_only(np.broadcast_to(ops[k], shape)),) + rest(ops, shape)
    lead = _leading(D - nd)

    def writable_view(ops, shape):
        x = lead(ops[k])
        for d in range(D - 1, -1, -1):
            if x.shape[d] != shape[d]:
                _no_reduction(D - 1 - d)
        return (x,) + rest(ops, shape)
    return writable_view


@specialized
def _fill_strides(n, k=0):
    """f(views, S): S[k, d] = the k-th view's stride along d (0 where the shape is 1, as NumPy)."""
    if k == n:
        return lambda views, S: None
    rest = _fill_strides(n, k + 1)

    def fill(views, S):
        x = views[k]
        for d in range(x.ndim):
            S[k, d] = x.strides[d] if x.shape[d] != 1 else 0
        rest(views, S)
    return fill


@specialized
def _all_fortran(n, k=0):
    if k == n:
        return lambda ops: True
    rest = _all_fortran(n, k + 1)
    return lambda ops: ops[k].flags.f_contiguous and rest(ops)


def _keep_order(S, D, perm, step):
    """NumPy's order='K' (nditer_constr.c): an axis whose nonzero strides are all negative runs
    backwards; then a stable insertion sort of the axes, innermost first, by |stride| — two axes
    compare by the first operand with nonzero strides on both, another operand that disagrees
    keeps C order, no such operand leaves them unordered."""
    n = S.shape[0]
    for d in range(D):
        negative = False
        positive = False
        for k in range(n):
            negative = negative or S[k, d] < 0
            positive = positive or S[k, d] > 0
        step[d] = -1 if negative and not positive else 1
    rev = np.arange(D - 1, -1, -1)
    for i0 in range(1, D):
        ax0 = rev[i0]
        ipos = i0
        for i1 in range(i0 - 1, -1, -1):
            ax1 = rev[i1]
            ambiguous, swap = True, False
            for k in range(n):
                if S[k, ax0] != 0 and S[k, ax1] != 0:
                    if abs(S[k, ax1]) <= abs(S[k, ax0]):
                        swap = False
                    elif ambiguous:
                        swap = True
                    ambiguous = False
            if not ambiguous:
                if swap:
                    ipos = i1
                else:
                    break
        if ipos != i0:
            for i1 in range(i0, ipos, -1):
                rev[i1] = rev[i1 - 1]
            rev[ipos] = ax0
    for j in range(D):
        perm[j] = rev[D - 1 - j]


def _store_shape(shape, out):
    for d in range(len(out)):
        out[d] = shape[d]


def _no_shape(shape, out):
    pass


def _coalesce(S, D, state, cs, offsets):
    """flags=['external_loop']: NumPy's coalescing of axes (nditer_api.c), from the innermost of the
    order outwards while every operand's stride along the next axis continues its stride along
    the axes so far (or either has length 1 and stride 0). Returns the chunk's length; cs[k]:
    operand k's stride along the chunk, offsets[k]: the byte offset of its start; the coalesced
    axes' lengths in the state become 1 (the odometer walks the others)."""
    n = S.shape[0]
    length = 1
    for j in range(D - 1, -1, -1):
        d = state[j]
        m, step = state[2 * D + d], state[D + d]
        fits = True
        for k in range(n):
            s = S[k, d] * step
            fits = fits and ((length == 1 and cs[k] == 0) or (m == 1 and s == 0) or cs[k] * length == s)
        if not fits:
            break
        for k in range(n):
            if cs[k] == 0:
                cs[k] = S[k, d] * step
            if step < 0:
                offsets[k] += (m - 1) * S[k, d]
        length *= m
        state[2 * D + d] = 1
    return length


@specialized
def _chunk_views(n, k=0):
    """f(views, shape, cs, offsets) -> each view with one more axis, the chunk's (strided views: the
    odometer's axes of `shape`, then the chunk; see _coalesce)."""
    if k == n:
        return lambda views, shape, cs, offsets: ()
    rest = _chunk_views(n, k + 1)

    def chunk(views, shape, cs, offsets):
        v = views[k]
        view = writeable_strided_view(v, shape, v.strides + (cs[k],), offsets[k])
        return (view,) + rest(views, shape, cs, offsets)
    return chunk


# state: [perm (outer to inner axes) D][step per axis D][shape D][size][position][flags][started]
# [chunk]: position counts the steps taken (size: past the end); started: an item was given
# (NumPy's __next__ gives the current item first, then steps before each next one); chunk: the
# items' length with external_loop (1 without: the odometer then counts chunks, not elements)

@specialized
def _nditer_impl(kinds, ndims, writable, D, order_code, flags_code):
    operands, n = _operands(kinds), len(ndims)
    merge, views_of = _merge(ndims, D), _views(ndims, writable, D)
    fill, fortran = _fill_strides(n if D else 0), _all_fortran(n)
    store = _store_shape if D else _no_shape
    chunk_views = _chunk_views(n)

    def begin(op):
        """(operands, their broadcast views, state, strides S) in NumPy's order."""
        ops = operands(op)
        shape = merge(ops, (1,) * D)
        views = views_of(ops, shape)
        state = np.zeros(3 * D + 5, np.int64)
        store(shape, state[2 * D:3 * D])
        size = 1
        for d in range(D):
            size *= state[2 * D + d]
        if size == 0 and not flags_code & 8:
            raise ValueError("Iteration of zero-sized operands is not enabled")
        state[3 * D], state[3 * D + 2], state[3 * D + 4] = size, flags_code, 1
        perm, step = state[:D], state[D:2 * D]
        for d in range(D):
            perm[d], step[d] = d, 1
        S = np.zeros((n, D), np.int64)
        fill(views, S)
        if order_code == 2 or order_code == 3 and fortran(ops):
            for d in range(D):
                perm[d] = D - 1 - d
        elif order_code == 0:
            _keep_order(S, D, perm, step)
        return ops, views, state, S

    def nditer_impl(op, flags=None, op_flags=None, order=None):
        ops, views, state, S = begin(op)
        index = np.zeros(D, np.int64)
        _start(index, state, D)
        return make_nditer(views, index, state, ops)

    def nditer_chunks_impl(op, flags=None, op_flags=None, order=None):
        ops, views, state, S = begin(op)
        cs, offsets = np.zeros(n, np.int64), np.zeros(n, np.int64)
        length = _coalesce(S, D, state, cs, offsets)
        if length > 0:
            state[3 * D] //= length
            state[3 * D + 4] = length
        shape = (1,) * D
        for d in range(D):
            shape = tuple_setitem(shape, d, state[2 * D + d])
        index = np.zeros(D, np.int64)
        _start(index, state, D)
        return make_chunk_nditer(chunk_views(views, shape + (length,), cs, offsets), index, state, ops)
    return nditer_chunks_impl if flags_code & 16 else nditer_impl


@overload(np.nditer)
def nditer(op, flags=None, op_flags=None, order=None):
    if isinstance(op, Tuple) and op.kind == "tuple":
        if not op.items or not all(isinstance(t, Number) or array_of(t) is not None for t in op.items):
            raise TypingError("np.nditer(): the operands must be arrays or numbers")
        kinds = tuple(not isinstance(t, Array) for t in op.items)      # numbers and expressions: np.asarray
        arrays = [array_of(t) for t in op.items]
        ndims = tuple(0 if t is None else t.ndim for t in arrays)
    elif array_of(op) is not None:
        kinds, ndims, arrays = None, (array_of(op).ndim,), [array_of(op)]
    elif isinstance(op, List):
        raise TypingError("np.nditer(): give the operands as a tuple, or as a list display in the call "
                          "(np.nditer([a, b])): a list variable's length is not known when compiling")
    else:
        return None
    writable = _writable(op_flags, len(ndims))
    given = op.items if kinds is not None else (op,)
    for w, t, g in zip(writable, arrays, given):
        if w and (t is None or t.readonly):
            raise TypingError("np.nditer(): operand array with iterator write flag set is read-only")
        if w and not isinstance(g, Array):
            raise TypingError("np.nditer(): a writable operand must be an array variable, not an array "
                              "expression (a temporary: nothing would see the writes)")
    return _nditer_impl(kinds, ndims, writable, max(ndims), _order(order), _global_flags(flags))


# -- iteration and the iterator's attributes ------------------------------------------------------

def _views_at(it, views, index):
    """The operands' items at index: one item for one operand, else a tuple of them."""


def _item_view(it, view, index):
    """One operand's item at index: its 0-d view, or with external_loop its 1-d chunk."""


def _element_of(it, view, index):
    return element_view(view, index)


def _chunk_of(it, view, index):
    return chunk_view(view, index)


@overload(_item_view)
def _item_view_typer(it, view, index):
    return _chunk_of if it.external else _element_of


@specialized
def _view_tuple(n, k=0):
    if k == n:
        return lambda it, views, index: ()
    rest = _view_tuple(n, k + 1)
    return lambda it, views, index: (_item_view(it, views[k], index),) + rest(it, views, index)


def _view_one(it, views, index):
    return _item_view(it, views[0], index)


@overload(_views_at)
def _views_at_typer(it, views, index):
    return _view_one if len(views.items) == 1 else _view_tuple(len(views.items))


def _start(index, state, D):
    """The index of the first item: each axis at its start in its direction."""
    for d in range(D):
        index[d] = state[2 * D + d] - 1 if state[D + d] < 0 else 0
    state[3 * D + 1] = 0
    state[3 * D + 3] = 0


def _advance(index, state, D):
    """One step of the odometer: the innermost axis of the order first, each in its direction."""
    k = D - 1
    while k >= 0:
        d = state[k]
        i = index[d] + state[D + d]
        if 0 <= i < state[2 * D + d]:
            index[d] = i
            return
        index[d] = state[2 * D + d] - 1 if state[D + d] < 0 else 0
        k -= 1


def nditer_left(it):
    views, index, state = nditer_parts(it)
    D = len(index)
    return max(state[3 * D] - state[3 * D + 1] - state[3 * D + 3], 0)


def nditer_end(it):
    """A `for` loop over the iterator ran to its end: the iterator is past its last item."""
    views, index, state = nditer_parts(it)
    D = len(index)
    state[3 * D + 1] = state[3 * D]
    state[3 * D + 3] = 1


def nditer_next(it, k):
    views, index, state = nditer_parts(it)
    D = len(index)
    if state[3 * D + 3]:
        _advance(index, state, D)
        state[3 * D + 1] += 1
    state[3 * D + 3] = 1
    return _views_at(it, views, index)


@intrinsic("iter")
def nditer_loop(it):
    """`for x in it`: the items from the iterator's position on, advancing it (as Python's loop
    consumes an iterator)."""
    if not isinstance(it, NditerType):
        return None
    from ..typing.infer import return_type_of
    left = PythonImpl(nditer_left, (it,), Signature(int64, (it,)))
    item = Signature(return_type_of(nditer_next, (it, int64)), (it, int64))
    step = PythonImpl(nditer_next, (it, int64), item)
    end = PythonImpl(nditer_end, (it,), Signature(none, (it,)))

    def codegen(low, sig, args):
        from ..lowering.loops import _Iter
        incref(low.ctx, low.builder, args[0], it)          # the loop holds the iterator
        low.own(args[0], it)
        n = low.apply(left, args, (it,))
        return _Iter(n, lambda k: low.apply(step, [args[0], k], (it, int64)), item.return_type,
                     exhausted=lambda: low.apply(end, args, (it,)))
    return Signature(item.return_type, (it,)), codegen


def _past_end(state, D):
    if state[3 * D + 1] >= state[3 * D]:
        raise ValueError("Iterator is past the end")


def multi_index_impl(it):
    views, index, state = nditer_parts(it)
    D = len(index)
    if not state[3 * D + 2] & 1:
        raise ValueError("Iterator is not tracking a multi-index")
    _past_end(state, D)
    out = views[0].shape
    for d in range(D):
        out = tuple_setitem(out, d, index[d])
    return out


def index_impl(it):
    views, index, state = nditer_parts(it)
    D = len(index)
    code = state[3 * D + 2]
    if not code & 6:
        raise ValueError("Iterator does not have an index")
    _past_end(state, D)
    flat = 0
    for j in range(D):
        d = j if code & 2 else D - 1 - j
        flat = flat * state[2 * D + d] + index[d]
    return flat


def itersize_impl(it):
    views, index, state = nditer_parts(it)
    D = len(index)
    return state[3 * D] * state[3 * D + 4]


def finished_impl(it):
    views, index, state = nditer_parts(it)
    D = len(index)
    return state[3 * D + 1] >= state[3 * D]


def iterindex_impl(it):
    views, index, state = nditer_parts(it)
    D = len(index)
    _past_end(state, D)
    return state[3 * D + 1] * state[3 * D + 4]


def operands_impl(it):
    return nditer_originals(it)


def value_impl(it):
    views, index, state = nditer_parts(it)
    _past_end(state, len(index))
    return _views_at(it, views, index)


def iternext_impl(it):
    """NumPy's manual protocol: step to the next item; False once past the end."""
    views, index, state = nditer_parts(it)
    D = len(index)
    if state[3 * D + 1] >= state[3 * D]:
        return False
    state[3 * D + 1] += 1
    if state[3 * D + 1] >= state[3 * D]:
        return False
    _advance(index, state, D)
    return True


def reset_impl(it):
    views, index, state = nditer_parts(it)
    _start(index, state, len(index))


def _attribute(impl):
    def typer(it):
        return impl
    return typer


ATTRIBUTES = {"multi_index": multi_index_impl, "index": index_impl, "itersize": itersize_impl,
              "finished": finished_impl, "iterindex": iterindex_impl, "value": value_impl,
              "iternext": iternext_impl, "reset": reset_impl, "operands": operands_impl}
for _name, _impl in ATTRIBUTES.items():
    overload(f"nditer.{_name}")(_attribute(_impl))


# -- it[k]: operand k's current item ----------------------------------------------------------------

def _operand_index(k, n):
    if k < -n or k >= n:
        raise IndexError(f"Iterator operand index {k} is out of bounds")
    return k + n if k < 0 else k


def item_one_impl(it, k):
    views, index, state = nditer_parts(it)
    _past_end(state, len(index))
    _operand_index(k, 1)
    return _item_view(it, views[0], index)


def item_of_same_impl(it, k):
    views, index, state = nditer_parts(it)
    _past_end(state, len(index))
    return _item_view(it, views[_operand_index(k, len(views))], index)


@specialized
def _item_at_impl(at, n):
    def item_at_impl(it, k):
        views, index, state = nditer_parts(it)
        _past_end(state, len(index))
        _operand_index(k, n)
        return _item_view(it, views[at], index)
    return item_at_impl


@overload(operator.getitem)
def nditer_getitem(it, k):
    constant = isinstance(k, Const) and type(k.value) is int
    if not isinstance(it, NditerType) or not (constant or is_int(k)):
        return None
    views = it.operands.items
    if len(views) == 1:
        return item_one_impl
    if constant:                            # operands may differ in type
        at = k.value % len(views) if -len(views) <= k.value < len(views) else 0
        return _item_at_impl(at, len(views)), (it, int64)
    return item_of_same_impl if all(v == views[0] for v in views) else None
