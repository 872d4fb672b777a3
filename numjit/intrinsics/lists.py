"""List primitives: creation, len, indexing, slicing, append/pop/insert/extend/clear/copy, + and *,
`del lst[i]`, and the length check of `a, b = lst`.

What a plain loop over these can do lives in numjit/lib/listlib.py (in, index,
count, sort, sum, min/max, ==, ...). Indexes wrap when negative and raise
IndexError out of range, as in Python; every change marks the list dirty, so a
list passed in from Python is written back after the call.

    >>> import operator
    >>> from numjit.types import float64, int64, List
    >>> from numjit.typing.registry import resolve
    >>> resolve(operator.mul, (List(float64), int64)).signature.return_type
    list(float64)
    >>> resolve("list.pop", (List(int64),)).signature
    int64(list(int64))
"""
import operator

from llvmlite import ir

from ..errors import TypingError
from ..types import Signature, Array, Tuple, Number, undefined, List
from ..types.arrayexpr import concrete
from ..types.dicts import DictType, SetType
from ..types.lists import CAPACITY, SIZE, is_item_type
from ..types.strings import as_str, as_value
from ..types.scalars import boolean, int64, none, unify, is_intlike
from ..types.slices import SliceType
from ..typing.registry import intrinsic
from ..lowering.refcount import needs_refcount, incref, decref
from ..runtime import lists as rt
from ..runtime.nested_lists import detach
from ..runtime.lists import (size_of, items_of, load_field, store_field, load_item, store_item, item_ptr,
                             mark_dirty, for_range)

I1, I8, I32, I64 = ir.IntType(1), ir.IntType(8), ir.IntType(32), ir.IntType(64)
PTR = ir.PointerType()


# -- type rules ----------------------------------------------------------------------------------

def fits(dtype, value):
    """Can a value of type `value` be stored in a list of `dtype` without changing its meaning?"""
    value = concrete(value)
    if dtype.kind == "optional":                # None, a T or an Optional(T) fits Optional(T)
        return value == none or fits(dtype.type, value.type if value.kind == "optional" else value)
    if isinstance(dtype, Number) and isinstance(value, Number):
        return unify(dtype, value) == dtype
    if isinstance(dtype, Array):
        return isinstance(value, Array) and dtype.accepts(value)
    if isinstance(dtype, Tuple):
        return (isinstance(value, Tuple) and len(value) == len(dtype)
                and all(fits(d, v) for d, v in zip(dtype.items, value.items)))
    if isinstance(dtype, List) or dtype.kind in ("dict", "set"):
        return type(value) is type(dtype) and (value == dtype or value.incomplete)
    return dtype == (as_str(value) or value)   # jitclass instances: the same class; a literal: str


_NUMBA_CASTS = {("int", "int"), ("int", "float"), ("float", "float"), ("complex", "complex")}


def stores(container, dtype, value):
    """`fits`, or, for a typed container (numba's typed.List/Dict cast what they store, with a
    warning), a number numba casts: an int to a narrower int or to a float, float64 to float32,
    complex128 to complex64. A float into an int container stays an error, as in numba."""
    if fits(dtype, value):
        return True
    value = concrete(value)
    return (getattr(container, "outlives_call", False) and isinstance(dtype, Number)
            and isinstance(value, Number) and (value.kind, dtype.kind) in _NUMBA_CASTS)


def receiver(lst, value):
    """The list type an operation storing `value` needs: an empty `[]` takes the value's type."""
    if not lst.incomplete:
        if not stores(lst, lst.dtype, value):
            hint = ("a list that also holds None needs None (or an optional value) among its first items"
                    if value == none or value.kind == "optional" else "e.g. write 0.0 to start a float list")
            raise TypingError(f"cannot store {value} in a {lst}: a list holds one item type (it "
                              f"came from the list's first items; {hint})")
        return lst
    item = optional_item(lst.dtype, as_value(concrete(value)))
    if item != none and not is_item_type(item):
        raise TypingError(f"a list cannot hold {value}")
    return type(lst)(item)


def stores_references(container, dtype):
    """A typed container (numjit/typed.py) outlives the call: does it store arrays, lists, dicts or
    sets, which must then be references that may outlive it (outliving_ref)?"""
    return getattr(container, "outlives_call", False) and (isinstance(dtype, (Array, List))
                                                           or type(dtype) in (DictType, SetType))


def outliving_ref(low, value, ty):
    """A new reference to `value` that may outlive the call (in a typed container, a jitclass
    field): an array borrowed from Python gets a meminfo holding its Python object (arrays.py's
    hold_parent); a list, dict or set unboxed from Python stops being written back to it (the
    Python object may die first)."""
    if isinstance(ty, Array):
        from .arrays import hold_parent
        return hold_parent(low, value, ty)
    incref(low.ctx, low.builder, value, ty)
    detach(low.ctx, low.builder, value, ty)
    return value


def optional_item(so_far, value):
    """The item type of an incomplete container given `value`: None keeps it incomplete, a value
    after None (or None after... a complete one is not incomplete) makes an optional."""
    return unify(so_far, value) if none in (so_far, value) and undefined not in (so_far, value) else value


def owned_item(low, holds, value, dtype):
    """`value`, or (`holds`) outliving_ref(value), as a temporary."""
    if not holds:
        return value
    return low.own(outliving_ref(low, value, dtype), dtype)


def _itemsize(ty):
    return 0 if ty.incomplete else ty.itemsize()


def _item_refs(ty):
    return ty.refs_code()


# -- code generation helpers ------------------------------------------------------------------------

def new_list(low, ty, capacity):
    """A new empty list with room for `capacity` items (a reference the caller owns)."""
    b = low.builder
    lst = b.call(rt.declare_new(low.ctx), [ir.Constant(I64, _itemsize(ty)), capacity,
                                            ir.Constant(I64, _item_refs(ty))])
    low.guard(b.icmp_unsigned("==", lst, ir.Constant(PTR, None)), MemoryError, "cannot allocate a list")
    return lst


def reserve(low, lst, ty, needed):
    """Make room for `needed` items (the items pointer may change: load it afterwards)."""
    b = low.builder
    with b.if_then(b.icmp_signed(">", needed, load_field(b, lst, CAPACITY)), likely=False):
        status = b.call(rt.declare_reserve(low.ctx), [lst, ir.Constant(I64, _itemsize(ty)), needed,
                                                      ir.Constant(I64, _item_refs(ty))])
        low.guard(b.icmp_signed("!=", status, ir.Constant(I32, 0)), MemoryError, "cannot grow a list")


def set_size(b, lst, n):
    store_field(b, lst, SIZE, n)


def put(low, items, dtype, index, value):
    """items[index] = value for a fresh slot (takes a reference for array items)."""
    if needs_refcount(dtype):
        incref(low.ctx, low.builder, value, dtype)
    store_item(low.builder, items, dtype, index, value)


def append(low, lst, ty, value):
    b = low.builder
    n = size_of(b, lst)
    reserve(low, lst, ty, b.add(n, ir.Constant(I64, 1)))
    put(low, items_of(b, lst), ty.dtype, n, value)
    set_size(b, lst, b.add(n, ir.Constant(I64, 1)))
    mark_dirty(b, lst)


def append_owned(low, lst, ty, make):
    """Append the new reference `make()` returns (called once there is room): it moves into the list."""
    b = low.builder
    n = size_of(b, lst)
    reserve(low, lst, ty, b.add(n, ir.Constant(I64, 1)))
    store_item(b, items_of(b, lst), ty.dtype, n, make())
    set_size(b, lst, b.add(n, ir.Constant(I64, 1)))
    mark_dirty(b, lst)


def copy_items(low, dst_items, dst_start, src_items, src_start, count, dtype):
    """dst[dst_start:+count] = src[src_start:+count] into fresh slots (no overlap)."""
    b = low.builder
    nbytes = b.mul(count, ir.Constant(I64, _abi(dtype)))
    rt.memcpy(low.ctx.module, b, item_ptr(b, dst_items, dtype, dst_start),
              item_ptr(b, src_items, dtype, src_start), nbytes)
    if needs_refcount(dtype):
        with for_range(b, ir.Constant(I64, 0), count, "copy.ref") as k:
            incref(low.ctx, b, load_item(b, src_items, dtype, b.add(src_start, k)), dtype)


def _abi(dtype):
    return List(dtype).itemsize()


def wrap(low, lst, index, index_ty, message):
    """A Python index into the list: negative counts from the end; IndexError outside."""
    b = low.builder
    n = size_of(b, lst)
    idx = low.ctx.cast(b, index, index_ty, int64)
    if not (getattr(index_ty, "signed", True) is False or index_ty == boolean):
        idx = b.select(b.icmp_signed("<", idx, ir.Constant(I64, 0)), b.add(idx, n), idx)
    low.guard(b.icmp_unsigned(">=", idx, n), IndexError, message)
    return idx


def release_range(low, items, dtype, start, stop):
    """Drop the references items[start:stop] hold (array items)."""
    if not needs_refcount(dtype):
        return
    b = low.builder
    with for_range(b, start, stop, "release") as k:
        decref(low.ctx, b, load_item(b, items, dtype, k), dtype)


def _unknown_items(lst, what, args):
    """An item of an empty list typed by nothing: unknown while typing (later appends may still
    type the list); a compile-time error if it stays unknown until code is generated."""
    def codegen(low, sig, a):
        raise TypingError(f"cannot {what} an empty list whose item type is never given (append to "
                          "it, or start it with a typed item)", getattr(low, "_loc", None))
    return Signature(undefined, args), codegen


def _list_args(*tys):
    return all(isinstance(t, List) for t in tys)


# -- creation ---------------------------------------------------------------------------------------

def build_list(low, ty, values, value_types):
    """A new list holding `values` (the lowering of a list display `[a, b, c]`)."""
    b = low.builder
    lst = new_list(low, ty, ir.Constant(I64, len(values)))
    low.own(lst, ty)
    if values:
        items = items_of(b, lst)
        for i, (v, t) in enumerate(zip(values, value_types)):
            put(low, items, ty.dtype, ir.Constant(I64, i), low.cast(v, t, ty.dtype))
        set_size(b, lst, ir.Constant(I64, len(values)))
    return lst


@intrinsic(list)
def empty_list(*args):
    if args:
        return None

    def codegen(low, sig, a):
        return new_list(low, sig.return_type, ir.Constant(I64, 0))
    codegen.new_ref = True
    return Signature(List(undefined), ()), codegen


def _repeat_typer(lst, count):
    if not (isinstance(lst, List) and is_intlike(count)):
        return None

    def codegen(low, sig, a):
        return repeat(low, lst, a[0], low.ctx.cast(low.builder, a[1], count, int64))
    codegen.new_ref = True
    return Signature(lst, (lst, count)), codegen


def repeat(low, ty, src, times):
    """A new list: src's items `times` times (`[0.0] * n`)."""
    b = low.builder
    times = b.select(b.icmp_signed("<", times, ir.Constant(I64, 0)), ir.Constant(I64, 0), times)
    m = size_of(b, src)
    total = b.mul(m, times)
    out = new_list(low, ty, total)
    src_items, items = items_of(b, src), items_of(b, out)
    dtype = ty.dtype
    if ty.incomplete:
        return out
    with b.if_else(b.icmp_signed("==", m, ir.Constant(I64, 1))) as (single, general):
        with single:                                   # [x] * n: a fill loop LLVM vectorises
            value = load_item(b, src_items, dtype, ir.Constant(I64, 0))
            with for_range(b, ir.Constant(I64, 0), total, "fill") as k:
                put(low, items, dtype, k, value)
        with general:
            with for_range(b, ir.Constant(I64, 0), times, "repeat") as r:
                copy_items(low, items, b.mul(r, m), src_items, ir.Constant(I64, 0), m, dtype)
    set_size(b, out, total)
    return out


@intrinsic(operator.mul)
def list_repeat(a, c):
    if isinstance(a, List):
        return _repeat_typer(a, c)
    if isinstance(c, List) and is_intlike(a):
        sig, inner = _repeat_typer(c, a)

        def swapped(low, s, args):
            return inner(low, sig, [args[1], args[0]])
        swapped.new_ref = True
        return Signature(c, (a, c)), swapped
    return None


@intrinsic(operator.imul)
def list_irepeat(a, c):
    if not (isinstance(a, List) and is_intlike(c)):
        return None

    def codegen(low, sig, args):
        b = low.builder
        fresh = repeat(low, a, args[0], low.ctx.cast(b, args[1], c, int64))
        replace_all(low, args[0], a, fresh)
        decref(low.ctx, b, fresh, a)
        return args[0]
    return Signature(a, (a, c)), codegen


def replace_all(low, lst, ty, other):
    """lst[:] = other (other is a different list)."""
    b = low.builder
    n, m = size_of(b, lst), size_of(b, other)
    release_range(low, items_of(b, lst), ty.dtype, ir.Constant(I64, 0), n)
    set_size(b, lst, ir.Constant(I64, 0))
    reserve(low, lst, ty, m)
    if not ty.incomplete:
        copy_items(low, items_of(b, lst), ir.Constant(I64, 0), items_of(b, other), ir.Constant(I64, 0),
                   m, ty.dtype)
    set_size(b, lst, m)
    mark_dirty(b, lst)


@intrinsic(operator.add)
def list_concat(a, c):
    if not _list_args(a, c):
        return None
    ty = a.unify(c)
    if ty is None:
        raise TypingError(f"cannot concatenate {a} and {c}: a list holds one item type")

    def codegen(low, sig, args):
        b = low.builder
        n, m = size_of(b, args[0]), size_of(b, args[1])
        out = new_list(low, ty, b.add(n, m))
        if not ty.incomplete:
            items = items_of(b, out)
            copy_items(low, items, ir.Constant(I64, 0), items_of(b, args[0]), ir.Constant(I64, 0), n, ty.dtype)
            copy_items(low, items, n, items_of(b, args[1]), ir.Constant(I64, 0), m, ty.dtype)
        set_size(b, out, b.add(n, m))
        return out
    codegen.new_ref = True
    return Signature(ty, (ty, ty)), codegen


def extend(low, lst, ty, other):
    b = low.builder
    n, m = size_of(b, lst), size_of(b, other)       # m read first: `a.extend(a)` doubles a
    reserve(low, lst, ty, b.add(n, m))
    if not ty.incomplete:
        copy_items(low, items_of(b, lst), n, items_of(b, other), ir.Constant(I64, 0), m, ty.dtype)
    set_size(b, lst, b.add(n, m))
    mark_dirty(b, lst)


def _extend_types(lst, other):
    """(list type, other's type) when `lst.extend(other)` copies items as they are; None when
    other is no list or its items need converting (numjit/lib/listlib.py appends them one by one)."""
    if not _list_args(lst, other):
        return None
    if other.incomplete:
        return lst, other
    ty = receiver(lst, other.dtype)                # a TypingError when the items don't fit
    return (ty, other) if other.dtype == ty.dtype else None


def _extending(name, returns_list):
    """lst.extend(other) (returns None), or lst += other (returns lst)."""
    def typer(lst, other):
        types = _extend_types(lst, other)
        if types is None:
            return None
        ty, other_ty = types

        def codegen(low, sig, args):
            extend(low, args[0], ty, args[1])
            return args[0] if returns_list else ir.Constant(I8, 0)
        return Signature(ty if returns_list else none, (ty, other_ty)), codegen
    typer.__name__ = name
    return typer


list_extend = intrinsic("list.extend")(_extending("list_extend", False))
list_iadd = intrinsic(operator.iadd)(_extending("list_iadd", True))


# -- size and truth -------------------------------------------------------------------------------

@intrinsic(len)
def list_len(lst):
    if not isinstance(lst, List):
        return None
    return Signature(int64, (lst,)), lambda low, sig, a: size_of(low.builder, a[0])


@intrinsic(operator.not_)
def list_not(lst):
    if not isinstance(lst, List):
        return None

    def codegen(low, sig, a):
        return low.builder.icmp_signed("==", size_of(low.builder, a[0]), ir.Constant(I64, 0))
    return Signature(boolean, (lst,)), codegen


@intrinsic(bool)
def list_bool(lst):
    if not isinstance(lst, List):
        return None

    def codegen(low, sig, a):
        return low.builder.icmp_signed("!=", size_of(low.builder, a[0]), ir.Constant(I64, 0))
    return Signature(boolean, (lst,)), codegen


def _list_identity(predicate):
    """`a is b` between two lists of one type: the same native list (an inner list shared in a
    list of lists passed in, runtime/nested_lists.py, or one stored twice)."""
    def typer(a, b):
        if not (isinstance(a, List) and isinstance(b, List) and a == b):
            return None
        return Signature(boolean, (a, b)), lambda low, sig, args: low.builder.icmp_unsigned(predicate, *args)
    return typer


intrinsic(operator.is_)(_list_identity("=="))
intrinsic(operator.is_not)(_list_identity("!="))


# -- indexing ---------------------------------------------------------------------------------------

@intrinsic(operator.getitem)
def list_getitem(lst, index):
    if not isinstance(lst, List):
        return None
    if isinstance(index, SliceType):
        def slice_codegen(low, sig, a):
            return get_slice(low, lst, a[0], a[1])
        slice_codegen.new_ref = True
        return Signature(lst, (lst, index)), slice_codegen
    if not is_intlike(index):
        raise TypingError(f"list indices must be integers or slices, not {index}")
    if lst.incomplete:
        return _unknown_items(lst, "read an item of", (lst, index))

    def codegen(low, sig, a):
        b = low.builder
        idx = wrap(low, a[0], a[1], index, "list index out of range")
        return load_item(b, items_of(b, a[0]), lst.dtype, idx)
    return Signature(lst.dtype, (lst, index)), codegen


def get_slice(low, ty, lst, sl):
    from .slices import slice_indices
    b = low.builder
    start, step, count = slice_indices(low, sl, size_of(b, lst))
    out = new_list(low, ty, count)
    if not ty.incomplete:
        src, items = items_of(b, lst), items_of(b, out)
        with for_range(b, ir.Constant(I64, 0), count, "slice") as k:
            put(low, items, ty.dtype, k, load_item(b, src, ty.dtype, b.add(start, b.mul(k, step))))
    set_size(b, out, count)
    return out


@intrinsic(operator.setitem)
def list_setitem(lst, index, value):
    if not isinstance(lst, List):
        return None
    if isinstance(index, SliceType):
        if not isinstance(value, List):
            raise TypingError(f"can only assign a list to a slice of a {lst}, not {value}")
        if lst.incomplete and not value.incomplete:
            return _unknown_items(lst, "assign to a slice of", (lst, index, value))
        if not (value.incomplete or value == lst):
            raise TypingError(f"cannot assign a {value} to a slice of a {lst}: a list holds one item type")

        def slice_codegen(low, sig, a):
            set_slice(low, lst, a[0], a[1], a[2], value)
            return None
        return Signature(none, (lst, index, value)), slice_codegen
    if not is_intlike(index):
        raise TypingError(f"list indices must be integers or slices, not {index}")
    ty = receiver(lst, value)
    value = concrete(value)
    holds = stores_references(ty, ty.dtype)

    def codegen(low, sig, a):
        b = low.builder
        idx = wrap(low, a[0], a[1], index, "list assignment index out of range")
        items = items_of(b, a[0])
        dtype = ty.dtype
        if needs_refcount(dtype):
            old = load_item(b, items, dtype, idx)
            put(low, items, dtype, idx, owned_item(low, holds, a[2], dtype))
            decref(low.ctx, b, old, dtype)
        else:
            store_item(b, items, dtype, idx, a[2])
        mark_dirty(b, a[0])
        return None
    return Signature(none, (ty, index, ty.dtype)), codegen


def set_slice(low, ty, lst, sl, other, other_ty):
    """lst[a:b] = other (resizes), lst[a:b:c] = other (sizes must agree); other may be lst itself."""
    from .slices import slice_indices
    b = low.builder
    dtype = ty.dtype
    src = b.call(rt.declare_new(low.ctx), [ir.Constant(I64, _itemsize(ty)), ir.Constant(I64, 0),
                                           ir.Constant(I64, _item_refs(ty))])
    low.guard(b.icmp_unsigned("==", src, ir.Constant(PTR, None)), MemoryError, "cannot allocate a list")
    low.own(src, ty)
    extend(low, src, ty, other)                     # a private copy: `a[1:] = a` reads what a was
    n, m = size_of(b, lst), size_of(b, src)
    start, step, count = slice_indices(low, sl, n)
    src_items = items_of(b, src)
    with b.if_else(b.icmp_signed("==", step, ir.Constant(I64, 1))) as (simple, extended):
        with simple:
            stop = b.add(start, count)
            release_range(low, items_of(b, lst), dtype, start, stop)
            new_n = b.add(b.sub(n, count), m)
            reserve(low, lst, ty, new_n)
            items = items_of(b, lst)
            tail = b.sub(n, stop)
            rt.memcpy(low.ctx.module, b, item_ptr(b, items, dtype, b.add(start, m)),
                      item_ptr(b, items, dtype, stop), b.mul(tail, ir.Constant(I64, _abi(dtype))))
            copy_items(low, items, start, src_items, ir.Constant(I64, 0), m, dtype)
            set_size(b, lst, new_n)
        with extended:
            low.guard(b.icmp_signed("!=", m, count), ValueError,
                      "attempt to assign a sequence to an extended slice of a different size")
            items = items_of(b, lst)
            with for_range(b, ir.Constant(I64, 0), count, "setslice") as k:
                idx = b.add(start, b.mul(k, step))
                old = load_item(b, items, dtype, idx)
                put(low, items, dtype, idx, load_item(b, src_items, dtype, k))
                if needs_refcount(dtype):
                    decref(low.ctx, b, old, dtype)
    mark_dirty(b, lst)


# -- methods ---------------------------------------------------------------------------------------

@intrinsic("list.append")
def list_append(lst, value):
    ty = receiver(lst, value)
    holds = stores_references(ty, ty.dtype)

    def codegen(low, sig, a):
        append(low, a[0], ty, owned_item(low, holds, a[1], ty.dtype))
        return ir.Constant(I8, 0)
    return Signature(none, (ty, ty.dtype)), codegen


@intrinsic("list.insert")
def list_insert(lst, index, value):
    if not is_intlike(index):
        raise TypingError(f"list.insert() needs an integer index, not {index}")
    ty = receiver(lst, value)
    holds = stores_references(ty, ty.dtype)

    def codegen(low, sig, a):
        b = low.builder
        n = size_of(b, a[0])
        zero = ir.Constant(I64, 0)
        i = low.ctx.cast(b, a[1], index, int64)
        i = b.select(b.icmp_signed("<", i, zero), b.add(i, n), i)          # Python clips the index
        i = b.select(b.icmp_signed("<", i, zero), zero, i)
        i = b.select(b.icmp_signed(">", i, n), n, i)
        reserve(low, a[0], ty, b.add(n, ir.Constant(I64, 1)))
        items = items_of(b, a[0])
        rt.memcpy(low.ctx.module, b, item_ptr(b, items, ty.dtype, b.add(i, ir.Constant(I64, 1))),
                  item_ptr(b, items, ty.dtype, i), b.mul(b.sub(n, i), ir.Constant(I64, _abi(ty.dtype))))
        put(low, items, ty.dtype, i, owned_item(low, holds, a[2], ty.dtype))
        set_size(b, a[0], b.add(n, ir.Constant(I64, 1)))
        mark_dirty(b, a[0])
        return ir.Constant(I8, 0)
    return Signature(none, (ty, index, ty.dtype)), codegen


def remove_at(low, ty, lst, i):
    """Take item i (in range) out of the list, closing the gap; its reference passes to the caller."""
    b = low.builder
    n = size_of(b, lst)
    items = items_of(b, lst)
    value = load_item(b, items, ty.dtype, i)
    after = b.add(i, ir.Constant(I64, 1))
    rt.memcpy(low.ctx.module, b, item_ptr(b, items, ty.dtype, i), item_ptr(b, items, ty.dtype, after),
              b.mul(b.sub(n, after), ir.Constant(I64, _abi(ty.dtype))))
    set_size(b, lst, b.sub(n, ir.Constant(I64, 1)))
    mark_dirty(b, lst)
    return value


@intrinsic("list.pop")
def list_pop(lst, *index):
    if len(index) > 1 or (index and not is_intlike(index[0])):
        return None
    if lst.incomplete:
        return _unknown_items(lst, "pop from", (lst,) + index)

    def codegen(low, sig, a):
        b = low.builder
        n = size_of(b, a[0])
        low.guard(b.icmp_signed("==", n, ir.Constant(I64, 0)), IndexError, "pop from empty list")
        if index:
            i = wrap(low, a[0], a[1], index[0], "pop index out of range")
        else:
            i = b.sub(n, ir.Constant(I64, 1))
        return remove_at(low, lst, a[0], i)
    codegen.new_ref = True
    return Signature(lst.dtype, (lst,) + index), codegen


@intrinsic(operator.delitem)
def list_delitem(lst, index):
    """del lst[i] (del lst[a:b] is in numjit/lib/listlib.py)."""
    if not (isinstance(lst, List) and is_intlike(index)):
        return None
    if lst.incomplete:
        return _unknown_items(lst, "delete from", (lst, index))

    def codegen(low, sig, a):
        i = wrap(low, a[0], a[1], index, "list assignment index out of range")
        decref(low.ctx, low.builder, remove_at(low, lst, a[0], i), lst.dtype)
        return ir.Constant(I8, 0)
    return Signature(none, (lst, index)), codegen


def check_unpack_length(low, value, ty, n):
    """`a, b = lst` (or an array): ValueError, as in Python, unless it holds exactly n items."""
    from .arrays import array_shape
    b = low.builder
    size = size_of(b, value) if isinstance(ty, List) else array_shape(b, value, 0)
    low.guard(b.icmp_signed(">", size, ir.Constant(I64, n)), ValueError, f"too many values to unpack (expected {n})")
    low.guard(b.icmp_signed("<", size, ir.Constant(I64, n)), ValueError,
              f"not enough values to unpack (expected {n})")


@intrinsic("list.clear")
def list_clear(lst):
    def codegen(low, sig, a):
        b = low.builder
        if not lst.incomplete:
            release_range(low, items_of(b, a[0]), lst.dtype, ir.Constant(I64, 0), size_of(b, a[0]))
        set_size(b, a[0], ir.Constant(I64, 0))
        mark_dirty(b, a[0])
        return ir.Constant(I8, 0)
    return Signature(none, (lst,)), codegen


@intrinsic("list.copy")
def list_copy(lst):
    def codegen(low, sig, a):
        b = low.builder
        n = size_of(b, a[0])
        out = new_list(low, lst, n)
        if not lst.incomplete:
            copy_items(low, items_of(b, out), ir.Constant(I64, 0), items_of(b, a[0]), ir.Constant(I64, 0),
                       n, lst.dtype)
        set_size(b, out, n)
        return out
    codegen.new_ref = True
    return Signature(lst, (lst,)), codegen


@intrinsic("list.reverse")
def list_reverse(lst):
    def codegen(low, sig, a):
        b = low.builder
        if lst.incomplete:
            return ir.Constant(I8, 0)
        n = size_of(b, a[0])
        items = items_of(b, a[0])
        last = b.sub(n, ir.Constant(I64, 1))
        with for_range(b, ir.Constant(I64, 0), b.sdiv(n, ir.Constant(I64, 2)), "reverse") as i:
            j = b.sub(last, i)
            x, y = load_item(b, items, lst.dtype, i), load_item(b, items, lst.dtype, j)
            store_item(b, items, lst.dtype, i, y)
            store_item(b, items, lst.dtype, j, x)
        mark_dirty(b, a[0])
        return ir.Constant(I8, 0)
    return Signature(none, (lst,)), codegen


# -- iteration (the "list" IterSpec of numjit/lowering/loops.py) ---------------------------------------

def list_iter(low, node, spec):
    """`for x in lst`: stops when k reaches the list's current length, so appends made while
    looping are visited (as in Python); the loop holds a reference to the list."""
    from ..lowering.loops import _Iter
    b = low.builder
    lst = low.cast(low.expr(node), low.t.exprs[node], spec.iterable_type)     # (an optional list: checked)
    incref(low.ctx, b, lst, spec.iterable_type)
    low.own(lst, spec.iterable_type)
    dtype = spec.item_type
    return _Iter(ir.Constant(I64, 2**63 - 1), lambda k: load_item(b, items_of(b, lst), dtype, k), dtype,
                 live_ok=lambda k: b.icmp_signed("<", k, size_of(b, lst)))


def list_reversed_iter(low, node, spec):
    """`for x in reversed(lst)`: from the last item down; stops if the list shrank below the index."""
    from ..lowering.loops import _Iter
    b = low.builder
    inner = spec.parts[0]
    lst = low.expr(node)
    incref(low.ctx, b, lst, inner.iterable_type)
    low.own(lst, inner.iterable_type)
    n = size_of(b, lst)
    last = b.sub(n, ir.Constant(I64, 1))
    dtype = spec.item_type
    return _Iter(n, lambda k: load_item(b, items_of(b, lst), dtype, b.sub(last, k)), dtype,
                 live_ok=lambda k: b.icmp_signed("<", b.sub(last, k), size_of(b, lst)))
