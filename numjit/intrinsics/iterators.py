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
from ..types.iterators import IteratorType, FlatIterType, NditerType, ZipType, EnumerateType, POSITION
from ..types.scalars import int64, none
from ..types.slices import RangeType
from ..types.strings import UnicodeType
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


def uniform_tuple(x):
    return isinstance(x, Tuple) and x.kind in ("tuple", "namedtuple") and bool(x.items) and x.is_uniform


def item_type(seq):
    """The items an iterator over `seq` gives (None where iter() makes no such iterator)."""
    if isinstance(seq, List):
        return seq.dtype
    if isinstance(seq, Array):
        return seq.dtype if seq.ndim == 1 else seq.copy(ndim=seq.ndim - 1, layout="C" if seq.layout == "C" else "A")
    if isinstance(seq, RangeType):
        return int64
    if uniform_tuple(seq):
        return seq.items[0]
    return seq if isinstance(seq, UnicodeType) else None


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


def next_or_default(low, result, more, item, item_ty, default, default_ty):
    """next(it, default) of an iterator whose step gave `more` (i1): item() (borrowed, valid when
    more) or the default, as `result` (their unification); a temporary of the statement."""
    b = low.builder
    slot = low.ctx.alloca(b, result.llvm(), name="next.value")
    with b.if_else(more) as (then, otherwise):
        for branch, (get, ty) in ((then, (item, item_ty)), (otherwise, (lambda: default, default_ty))):
            with branch:
                value = low.cast(get(), ty, result)
                incref(low.ctx, b, value, result)
                b.store(value, slot)
    return low.own(b.load(slot), result)


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
    item = item_type(seq)
    if item is None:
        return None

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
        elif isinstance(seq, Tuple):
            total = ir.Constant(I64, len(seq.items))
            get = lambda i: low.tuple_dynamic_getitem(state, seq, i, int64)      # noqa: E731
        elif isinstance(seq, UnicodeType):
            from .strings import length_of, char_items
            total, get = length_of(b, state), char_items(low, state)
        else:
            first, stop, step = (b.extract_value(state, i) for i in range(3))
            total = range_count(b, first, stop, step)
            get = lambda i: b.add(first, b.mul(i, step))                  # noqa: E731
        left = b.sub(total, start) if live_ok is None else total
        n = b.select(b.icmp_signed(">", left, ir.Constant(I64, 0)), left, ir.Constant(I64, 0))
        return _Iter(n, lambda k: get(advance(k)), item, live_ok=live_ok)
    return Signature(item, (it,)), codegen


@intrinsic("iter")
def iterate_stepped(it):
    """`for x in it` over the iterators written in lib/iterators.py alone (zip and enumerate
    values, iterators over dicts): while its `has_next`, the item of its `next`."""
    if not isinstance(it, (ZipType, EnumerateType, IteratorType)):
        return None
    from ..typing.registry import resolve
    from .dicts import lib_call
    more, step = resolve("has_next", (it,)), resolve(next, (it,))
    if more is None or step is None:
        return None
    (more_sig, more_code), (step_sig, step_code) = (lib_call(f.pyfunc, f.argtypes) for f in (more, step))
    item = step_sig.return_type

    def codegen(low, sig, values):
        from ..lowering.loops import _Iter
        b, value = low.builder, values[0]
        incref(low.ctx, b, value, it)                  # the loop holds the iterator
        low.own(value, it)

        def get(k):
            result = step_code(low, step_sig, [value])
            return low.own(result, item) if step_code.new_ref else result
        return _Iter(ir.Constant(I64, 2**63 - 1), get, item, live_ok=lambda k: more_code(low, more_sig, [value]))
    return Signature(item, (it,)), codegen


def make_zip(iterators):
    """(internal) zip(...) as a value, from the tuple of its iterators."""
    if not isinstance(iterators, Tuple) or not iterators.items:
        return None
    return Signature(ZipType(iterators.items), (iterators,)), _same_value


def zip_parts(z):
    """(internal) the tuple of a zip's iterators."""
    if not isinstance(z, ZipType):
        return None
    return Signature(Tuple(z.items), (z,)), _same_value


def make_enumerate(iterator, count):
    """(internal) enumerate(...) as a value, from its iterator and its count array."""
    if count != POSITION:
        return None
    return Signature(EnumerateType(iterator), (iterator, count)), _pair


def enumerate_parts(e):
    """(internal) (iterator, count array) of an enumerate value."""
    if not isinstance(e, EnumerateType):
        return None
    return Signature(Tuple(e.items), (e,)), _same_value


for _prim in (make_zip, zip_parts, make_enumerate, enumerate_parts):
    intrinsic(_prim)(_prim)
