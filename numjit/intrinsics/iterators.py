"""The primitives under lib/iterators.py: an iterator from its parts, its parts back, and a
range's (start, stop, step); and `for x in it` over an iterator, which consumes it as Python's
does (a `break` leaves the rest for a later next() or loop).

    >>> from numjit.types import float64, Tuple
    >>> from numjit.types.iterators import POSITION
    >>> make_iterator(float64[:], POSITION)[0].return_type
    iterator(float64[:])
"""
from llvmlite import ir

from ..lowering.refcount import incref
from ..types import Signature, Tuple, Array, List
from ..types.arrays import DATA, NITEMS
from ..types.iterators import IteratorType, FlatIterType, NditerType, POSITION
from ..types.scalars import int64, none
from ..types.slices import RangeType
from ..typing.registry import intrinsic

I64 = ir.IntType(64)


def _same_value(low, sig, values):
    return values[0]


def _pair(low, sig, values):
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


def make_flat(arr):
    """(internal) `arr.flat`."""
    if not isinstance(arr, Array):
        return None

    return Signature(FlatIterType(arr), (arr,)), _same_value


def flat_base(it):
    """(internal) the array of a flat iterator."""
    if not isinstance(it, FlatIterType):
        return None
    return Signature(it.array, (it,)), _same_value


for _prim in (make_iterator, iterator_state, range_parts, make_flat, flat_base):
    intrinsic(_prim)(_prim)


def c_order_pointer(low, arr, ty, k):
    """Pointer to the element at C-order position k (0 <= k < size) of arr."""
    from .arrays import array_shape, array_strides, element_pointer
    b = low.builder
    if ty.layout == "C" or ty.ndim <= 1:
        stride = array_strides(b, arr, ty)[-1] if ty.ndim else None
        if stride is None:
            return b.extract_value(arr, DATA)
        return b.gep(b.extract_value(arr, DATA), [b.mul(k, stride)], source_etype=ir.IntType(8))
    indices = [None] * ty.ndim
    for d in range(ty.ndim - 1, 0, -1):
        dim = array_shape(b, arr, d)
        indices[d] = b.urem(k, dim)
        k = b.udiv(k, dim)
    indices[0] = k
    return element_pointer(low, arr, ty, indices)


def flat_load(it, k):
    """(internal) the element at C-order position k (in range) of a flat iterator's array."""
    if not isinstance(it, FlatIterType) or k != int64:
        return None

    def codegen(low, sig, values):
        from .arrays import load_element
        arr = values[0]
        return load_element(low, c_order_pointer(low, arr, it.array, values[1]), it.array.dtype, arr)
    return Signature(it.array.dtype, (it, int64)), codegen


def flat_store(it, k, value):
    """(internal) store value (cast to the dtype) at C-order position k (in range)."""
    from .arrays import storable, store_element
    if not isinstance(it, FlatIterType) or k != int64 or not storable(value, it.array.dtype):
        return None

    def codegen(low, sig, values):
        arr = values[0]
        store_element(low, c_order_pointer(low, arr, it.array, values[1]), values[2], it.array.dtype)
    return Signature(none, (it, int64, it.array.dtype)), codegen


def element_view(arr, index):
    """(internal) the 0-d view of arr at the (in range) indexes held by the int64 array `index`
    (np.nditer's items: read-only where arr is typed read-only, see read_only)."""
    return _view_at(arr, index, 0)


def chunk_view(arr, index):
    """(internal) the 1-d view along arr's last axis at the indexes `index` holds for the other
    axes (np.nditer's items with flags=['external_loop'])."""
    return _view_at(arr, index, 1)


def _view_at(arr, index, kept):
    if not isinstance(arr, Array) or arr.ndim < kept or index != Array(int64, 1, "C"):
        return None
    result = arr.copy(ndim=kept, layout="C" if kept == 0 else "A")

    def codegen(low, sig, values):
        from .arrays import subarray
        b = low.builder
        data = b.extract_value(values[1], DATA)
        indices = [b.load(b.gep(data, [ir.Constant(I64, d)], source_etype=I64), typ=I64)
                   for d in range(arr.ndim - kept)]
        return subarray(low, values[0], arr, indices, result)
    return Signature(result, (arr, index)), codegen


def read_only(arr):
    """(internal) arr typed read-only (np.nditer's read-only operands give read-only items)."""
    if not isinstance(arr, Array):
        return None
    return Signature(arr.copy(readonly=True), (arr,)), _same_value


def make_nditer(operands, index, state, originals):
    """(internal) np.nditer's iterator from its parts (types/iterators.py NditerType)."""
    return _make_nditer(operands, index, state, originals, False)


def make_chunk_nditer(operands, index, state, originals):
    """(internal) the same with flags=['external_loop']: its items are chunk_view's."""
    return _make_nditer(operands, index, state, originals, True)


def _make_nditer(operands, index, state, originals, external):
    if not isinstance(operands, Tuple) or index != POSITION or state != POSITION or not isinstance(originals, Tuple):
        return None

    def codegen(low, sig, values):
        b = low.builder
        out = ir.Constant(sig.return_type.llvm(), ir.Undefined)
        for i, value in enumerate(values):
            out = b.insert_value(out, value, i)
        return out
    return Signature(NditerType(operands, originals, external), (operands, index, state, originals)), codegen


def nditer_parts(it):
    """(internal) (operands, index, state) of np.nditer's iterator."""
    if not isinstance(it, NditerType):
        return None

    def codegen(low, sig, values):
        b = low.builder
        out = ir.Constant(sig.return_type.llvm(), ir.Undefined)
        for i in range(3):
            out = b.insert_value(out, b.extract_value(values[0], i), i)
        return out
    return Signature(Tuple(it.items[:3]), (it,)), codegen


def nditer_originals(it):
    """(internal) np.nditer's operands as given (`it.operands`)."""
    if not isinstance(it, NditerType):
        return None
    return Signature(it.originals, (it,)), lambda low, sig, values: low.builder.extract_value(values[0], 3)


for _prim in (flat_load, flat_store, element_view, chunk_view, read_only, make_nditer, make_chunk_nditer, nditer_parts,
              nditer_originals):
    intrinsic(_prim)(_prim)


@intrinsic("iter")
def iterate_flat(it):
    """`for x in a.flat`: the elements in C order."""
    if not isinstance(it, FlatIterType):
        return None
    ty = it.array

    def codegen(low, sig, values):
        from ..lowering.loops import _Iter
        from .arrays import load_element
        arr = values[0]
        n = low.builder.extract_value(arr, NITEMS)
        return _Iter(n, lambda k: load_element(low, c_order_pointer(low, arr, ty, k), ty.dtype, arr), ty.dtype)
    return Signature(ty.dtype, (it,)), codegen


@intrinsic("iter")
def iterate(it):
    """`for x in it`: items from the iterator's position on, advancing it with each item."""
    if not isinstance(it, IteratorType):
        return None
    seq = it.iterable
    if isinstance(seq, Array):
        item = seq.dtype if seq.ndim == 1 else seq.copy(ndim=seq.ndim - 1, layout="C" if seq.layout == "C" else "A")
    elif isinstance(seq, List):
        item = seq.dtype
    else:
        item = int64

    def codegen(low, sig, values):
        from ..lowering.loops import _Iter
        from ..runtime.lists import size_of, items_of, load_item
        from .arrays import array_item, array_shape
        from .ranges import range_count
        b, value = low.builder, values[0]
        incref(low.ctx, b, value, it)                  # the loop holds the iterator
        low.own(value, it)
        state, position = b.extract_value(value, 0), b.extract_value(value, 1)
        where = b.extract_value(position, DATA)
        start = b.load(where, typ=I64)

        def advance(k):
            index = b.add(start, k)
            b.store(b.add(index, ir.Constant(I64, 1)), where)
            return index
        live_ok = None
        if isinstance(seq, Array):
            total = array_shape(b, state, 0)
            get = lambda i: array_item(low, state, seq, i, wrap=False)[0]   # noqa: E731
        elif isinstance(seq, List):
            total = ir.Constant(I64, 2**63 - 1)            # the list's current length, checked each time
            live_ok = lambda k: b.icmp_signed("<", b.add(start, k), size_of(b, state))   # noqa: E731
            get = lambda i: load_item(b, items_of(b, state), item, i)       # noqa: E731
        else:
            first, stop, step = (b.extract_value(state, i) for i in range(3))
            total = range_count(b, first, stop, step)
            get = lambda i: b.add(first, b.mul(i, step))                  # noqa: E731
        left = b.sub(total, start) if live_ok is None else total
        n = b.select(b.icmp_signed(">", left, ir.Constant(I64, 0)), left, ir.Constant(I64, 0))
        return _Iter(n, lambda k: get(advance(k)), item, live_ok=live_ok)
    return Signature(item, (it,)), codegen
