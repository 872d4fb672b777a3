"""Native lists at run time: allocation, growth, destruction, and the Python boundary.

A list is a meminfo whose data is the header described in numjit/types/lists.py;
its first items live in the same block, after the header (one allocation per
list), and in a meminfo of their own once the list outgrows them.
Three functions are compiled once per process:

    ptr numjit_list_new(i64 itemsize, i64 capacity, i64 item_refs)     NULL: out of memory
    i32 numjit_list_reserve(ptr list, i64 itemsize, i64 needed, i64 item_refs)   -1: out of memory
    void numjit_list_dtor(ptr meminfo)          releases the items (and what they hold)

At the Python boundary (dispatch/wrapper.py through runtime/boxing.py) a list
argument is copied into a native list reading `PyListObject.ob_item` directly;
after the call, a native list that was changed is written back into the same
Python list (numba's "reflected list"); a returned list becomes a new Python
list (or the argument list it came from). Lists of lists do the same at every
level (runtime/nested_lists.py).

    >>> from numjit import njit
    >>> @njit
    ... def grow(xs):
    ...     xs.append(xs[-1] * 2.0)
    ...     return len(xs)
    >>> xs = [1.0, 2.0]
    >>> grow(xs), xs
    (3, [1.0, 2.0, 4.0])
"""
import threading
from contextlib import contextmanager

from llvmlite import ir

from ..backend import jit
from ..types import Array, Tuple, Boolean, Integer, Float, Complex, List
from ..types.strings import UnicodeType, BytesType
from ..types.enums import EnumMember
from ..types.lists import SIZE, CAPACITY, ITEMS_MEMINFO, ITEMS, PARENT, ITEM_REFS, DIRTY
from . import memory
from .cpython import OFFSETS, scalar_type_symbol, add_capi, compile_once

I1, I8, I32, I64 = ir.IntType(1), ir.IntType(8), ir.IntType(32), ir.IntType(64)
PTR = ir.PointerType()
VOID = ir.VoidType()
DOUBLE = ir.DoubleType()
INLINE_ITEMS = 64                       # the header's 56 bytes, rounded up: a new list's items follow
LIST_ITEMS_OFFSET = 24                  # PyListObject.ob_item (after ob_refcnt, ob_type, ob_size)
NUMPY_INTS = ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64")

_state = {}
_lock = threading.Lock()


# -- header access (shared by the runtime, the boxing code and the intrinsics) ----------------

def field_ptr(b, lst, index):
    return b.gep(lst, [ir.Constant(I64, memory.HEADER + 8 * index)], source_etype=I8)


def load_field(b, lst, index, ty=I64):
    return b.load(field_ptr(b, lst, index), typ=ty)


def store_field(b, lst, index, value):
    b.store(value, field_ptr(b, lst, index))


def size_of(b, lst):
    return load_field(b, lst, SIZE)


def items_of(b, lst):
    return load_field(b, lst, ITEMS, PTR)


def item_ptr(b, items, dtype, index):
    return b.gep(items, [index], inbounds=True, source_etype=dtype.llvm_mem())


def load_item(b, items, dtype, index):
    value = b.load(item_ptr(b, items, dtype, index), typ=dtype.llvm_mem())
    if isinstance(dtype, Boolean):
        return b.icmp_unsigned("!=", value, ir.Constant(I8, 0))
    return value


def store_item(b, items, dtype, index, value):
    if isinstance(dtype, Boolean):
        value = b.zext(value, I8)
    b.store(value, item_ptr(b, items, dtype, index))


def mark_dirty(b, lst):
    store_field(b, lst, DIRTY, ir.Constant(I64, 1))


@contextmanager
def for_range(b, start, stop, name="loop"):
    """Emit `for i in range(start, stop)`; yields i (an i64)."""
    fn = b.function
    before = b.block
    test, body, end = (fn.append_basic_block(f"{name}.{x}") for x in ("test", "body", "end"))
    b.branch(test)
    b.position_at_end(test)
    i = b.phi(I64)
    i.add_incoming(start, before)
    b.cbranch(b.icmp_signed("<", i, stop), body, end)
    b.position_at_end(body)
    yield i
    i.add_incoming(b.add(i, ir.Constant(I64, 1), flags=["nsw"]), b.block)
    b.branch(test)
    b.position_at_end(end)


@contextmanager
def _for_set_bits(b, mask):
    """Emit a loop over the set bits of `mask` (an i64, lowest first); yields the bit's index."""
    fn = b.function
    before = b.block
    test, body, end = (fn.append_basic_block(f"bits.{x}") for x in ("test", "body", "end"))
    b.branch(test)
    b.position_at_end(test)
    rest = b.phi(I64)
    rest.add_incoming(mask, before)
    b.cbranch(b.icmp_unsigned("!=", rest, ir.Constant(I64, 0)), body, end)
    b.position_at_end(body)
    yield b.cttz(rest, ir.Constant(I1, 1))
    rest.add_incoming(b.and_(rest, b.sub(rest, ir.Constant(I64, 1))), b.block)
    b.branch(test)
    b.position_at_end(end)


def memcpy(module, b, dst, src, nbytes):
    fn = module.globals.get("llvm.memmove.p0.p0.i64")
    if fn is None:
        fn = ir.Function(module, ir.FunctionType(VOID, [PTR, PTR, I64, I1]), "llvm.memmove.p0.p0.i64")
    b.call(fn, [dst, src, nbytes, ir.Constant(I1, 0)])


# -- the runtime module -------------------------------------------------------------------------

def _checked_bytes(b, count, itemsize):
    """count * itemsize, or -1 (which the allocator refuses: MemoryError) when it overflows."""
    product = b.smul_with_overflow(count, itemsize)
    return b.select(b.extract_value(product, 1), ir.Constant(I64, -1), b.extract_value(product, 0))


def _build():
    m = ir.Module("numjit.runtime.lists")
    m.triple = jit.host().triple
    m.data_layout = jit.host().data_layout
    alloc = ir.Function(m, ir.FunctionType(PTR, [I64]), "numjit_meminfo_alloc")
    decref = ir.Function(m, ir.FunctionType(VOID, [PTR]), "numjit_meminfo_decref")
    null = ir.Constant(PTR, None)
    zero = ir.Constant(I64, 0)

    def data_of(b, mi):
        return b.load(b.gep(mi, [ir.Constant(I64, 8)], source_etype=I8), typ=PTR)

    # void numjit_list_dtor(ptr mi)
    dtor = ir.Function(m, ir.FunctionType(VOID, [PTR]), "numjit_list_dtor")
    b = ir.IRBuilder(dtor.append_basic_block())
    lst = dtor.args[0]
    refs = load_field(b, lst, ITEM_REFS)
    with b.if_then(b.icmp_signed("!=", refs, zero)):
        items = items_of(b, lst)
        stride = b.and_(refs, ir.Constant(I64, 0xFFFFFFFF))
        mask = b.lshr(refs, ir.Constant(I64, 32))
        with for_range(b, zero, size_of(b, lst), "release") as i:
            item = b.gep(items, [b.mul(i, stride)], source_etype=I8)
            with _for_set_bits(b, mask) as w:        # (only the words that hold references)
                b.call(decref, [b.load(b.gep(item, [b.shl(w, ir.Constant(I64, 3))], source_etype=I8), typ=PTR)])
    b.call(decref, [load_field(b, lst, ITEMS_MEMINFO, PTR)])
    b.ret_void()

    # ptr numjit_list_new(i64 itemsize, i64 capacity, i64 item_refs)
    new = ir.Function(m, ir.FunctionType(PTR, [I64, I64, I64]), "numjit_list_new")
    itemsize, capacity, item_refs = new.args
    b = ir.IRBuilder(new.append_basic_block())
    capacity = b.select(b.icmp_signed(">", capacity, zero), capacity, zero)
    items_bytes = _checked_bytes(b, capacity, itemsize)
    inline = ir.Constant(I64, INLINE_ITEMS)         # the first items share the header's block
    lst = b.call(alloc, [b.select(b.icmp_signed("<", items_bytes, zero), items_bytes, b.add(items_bytes, inline))])
    with b.if_then(b.icmp_unsigned("==", lst, null), likely=False):
        b.ret(null)
    b.store(dtor, b.gep(lst, [ir.Constant(I64, 8 * memory.DTOR_FIELD)], source_etype=I8))
    items = b.gep(data_of(b, lst), [inline], source_etype=I8)
    for index, value in ((SIZE, zero), (CAPACITY, capacity), (ITEMS_MEMINFO, null), (ITEMS, items),
                         (PARENT, null), (ITEM_REFS, item_refs), (DIRTY, zero)):
        store_field(b, lst, index, value)
    b.ret(lst)

    # i32 numjit_list_reserve(ptr list, i64 itemsize, i64 needed, i64 item_refs)
    reserve = ir.Function(m, ir.FunctionType(I32, [PTR, I64, I64, I64]), "numjit_list_reserve")
    lst, itemsize, needed, item_refs = reserve.args
    b = ir.IRBuilder(reserve.append_basic_block())
    store_field(b, lst, ITEM_REFS, item_refs)
    cap = load_field(b, lst, CAPACITY)
    with b.if_then(b.icmp_signed("<=", needed, cap)):
        b.ret(ir.Constant(I32, 0))
    grown = b.add(b.add(cap, b.lshr(cap, ir.Constant(I64, 1))), ir.Constant(I64, 4))
    newcap = b.select(b.icmp_signed(">", needed, grown), needed, grown)
    imi = b.call(alloc, [_checked_bytes(b, newcap, itemsize)])
    with b.if_then(b.icmp_unsigned("==", imi, null), likely=False):
        b.ret(ir.Constant(I32, -1))
    data = data_of(b, imi)
    memcpy(m, b, data, items_of(b, lst), b.mul(size_of(b, lst), itemsize))
    b.call(decref, [load_field(b, lst, ITEMS_MEMINFO, PTR)])
    store_field(b, lst, ITEMS_MEMINFO, imi)
    store_field(b, lst, ITEMS, data)
    store_field(b, lst, CAPACITY, newcap)
    b.ret(ir.Constant(I32, 0))
    return m


SYMBOLS = ("numjit_list_new", "numjit_list_reserve", "numjit_list_dtor")
EXTRA_CAPI = ("PyList_SetSlice", "PyFloat_AsDouble", "PyLong_AsDouble")


def _prepare():
    from .cpython import register_symbols
    register_symbols()
    memory.register()
    add_capi(EXTRA_CAPI)


def register():
    """Compile the list runtime once per process (after the memory runtime it builds on)."""
    compile_once(_state, _lock, _prepare, _build, SYMBOLS)


jit.provide(SYMBOLS + EXTRA_CAPI, register)


def declare_new(ctx):
    register()
    return ctx.declare("numjit_list_new", PTR, [I64, I64, I64])


def declare_reserve(ctx):
    register()
    return ctx.declare("numjit_list_reserve", I32, [PTR, I64, I64, I64])


# -- per-module helper functions (one per list type, internal to the module using them) ------------

def _helper(ctx, name, ret, args, build):
    fn = ctx.module.globals.get(name)
    if fn is None:
        fn = ir.Function(ctx.module, ir.FunctionType(ret, args), name)
        fn.linkage = "internal"
        b = ir.IRBuilder(fn.append_basic_block("entry"))
        build(b, fn)
    return fn


def _type_tag(ty):
    return "".join(ch if ch.isalnum() else "_" for ch in str(ty))


def _is_type(ctx, b, tp, symbol):
    return b.icmp_unsigned("==", tp, ctx.global_var(symbol, I8))


def _any_type(ctx, b, tp, symbols):
    out = ir.Constant(I1, 0)
    for s in symbols:
        out = b.or_(out, _is_type(ctx, b, tp, s))
    return out


def _error_clear(ctx, b):
    """i1: a Python error is set (and is now cleared)."""
    err = b.call(ctx.declare("PyErr_Occurred", PTR, []), [])
    bad = b.icmp_unsigned("!=", err, ir.Constant(PTR, None))
    with b.if_then(bad, likely=False):
        b.call(ctx.declare("PyErr_Clear", VOID, []), [])
    return bad


def _unbox_item(ctx, b, obj, dtype, fail, seen, shared):
    """Native value of one list item (the same rules as typeof_list); `seen` marks the defining kind;
    `shared`: the table of inner lists unboxed so far (runtime/nested_lists.py)."""
    from .boxing import field, type_of, unbox, _unbox_array
    if isinstance(dtype, List):
        from .nested_lists import unbox_shared_function
        inner = b.call(unbox_shared_function(ctx, dtype), [obj, shared, seen])
        ok = b.function.append_basic_block("item.list")
        b.cbranch(b.icmp_unsigned("==", inner, ir.Constant(PTR, None)), fail, ok)
        b.position_at_end(ok)
        return inner
    if isinstance(dtype, Array):
        return _unbox_array(ctx, b, obj, dtype, fail, exact_layout=False)
    if isinstance(dtype, (Tuple, UnicodeType, BytesType, EnumMember)) or getattr(dtype, "list_item", False):
        return unbox(ctx, b, obj, dtype, fail)
    fn = b.function
    tp = type_of(b, obj)
    true, false = ctx.global_var("_Py_TrueStruct", I8), ctx.global_var("_Py_FalseStruct", I8)
    if isinstance(dtype, Complex):
        ok = fn.append_basic_block("item.ok")
        b.cbranch(_is_type(ctx, b, tp, "PyComplex_Type"), ok, fail)
        b.position_at_end(ok)
        return field(b, obj, OFFSETS["complex_value"], dtype.llvm())
    is_bool = b.or_(b.icmp_unsigned("==", obj, true), b.icmp_unsigned("==", obj, false))
    np_bool = _is_type(ctx, b, tp, scalar_type_symbol("bool"))
    bool_value = b.select(np_bool, b.icmp_unsigned("!=", field(b, obj, OFFSETS["scalar_value"], I8),
                                                   ir.Constant(I8, 0)),
                          b.icmp_unsigned("==", obj, true))
    any_bool = b.or_(is_bool, np_bool)
    if isinstance(dtype, Boolean):
        ok = fn.append_basic_block("item.ok")
        b.cbranch(any_bool, ok, fail)
        b.position_at_end(ok)
        return bool_value
    llty = dtype.llvm()
    result = ctx.alloca(b, llty)
    done = fn.append_basic_block("item.done")
    fast, slow = fn.append_basic_block("item.fast"), fn.append_basic_block("item.slow")
    if isinstance(dtype, Integer):
        b.cbranch(_is_type(ctx, b, tp, "PyLong_Type"), fast, slow)
        b.position_at_end(fast)
        overflow = ctx.alloca(b, I32)
        b.store(ir.Constant(I32, 0), overflow)
        conv = ctx.declare("PyLong_AsLongLongAndOverflow", I64, [PTR, PTR])
        b.store(b.call(conv, [obj, overflow]), result)
        b.store(ir.Constant(I1, 1), seen)
        in_range = fn.append_basic_block("item.int")
        b.cbranch(b.icmp_signed("==", b.load(overflow), ir.Constant(I32, 0)), done, fail)
        b.position_at_end(slow)
        with b.if_then(any_bool):
            b.store(b.zext(bool_value, I64), result)
            b.branch(done)
        numpy_int = _any_type(ctx, b, tp, [scalar_type_symbol(t) for t in NUMPY_INTS])
        b.cbranch(numpy_int, in_range, fail)
        b.position_at_end(in_range)
        b.store(ir.Constant(I32, 0), overflow)
        b.store(b.call(conv, [obj, overflow]), result)
        b.store(ir.Constant(I1, 1), seen)
        bad = b.or_(_error_clear(ctx, b), b.icmp_signed("!=", b.load(overflow), ir.Constant(I32, 0)))
        b.cbranch(bad, fail, done)
    elif isinstance(dtype, Float):
        b.cbranch(_is_type(ctx, b, tp, "PyFloat_Type"), fast, slow)
        b.position_at_end(fast)
        b.store(field(b, obj, OFFSETS["float_value"], DOUBLE), result)
        b.store(ir.Constant(I1, 1), seen)
        b.branch(done)
        b.position_at_end(slow)
        with b.if_then(any_bool):
            b.store(b.uitofp(bool_value, DOUBLE), result)
            b.branch(done)
        with b.if_then(_is_type(ctx, b, tp, scalar_type_symbol("float64"))):
            b.store(field(b, obj, OFFSETS["scalar_value"], DOUBLE), result)
            b.store(ir.Constant(I1, 1), seen)
            b.branch(done)
        with b.if_then(_is_type(ctx, b, tp, scalar_type_symbol("float32"))):
            b.store(b.fpext(field(b, obj, OFFSETS["scalar_value"], ir.FloatType()), DOUBLE), result)
            b.store(ir.Constant(I1, 1), seen)
            b.branch(done)
        is_int = b.or_(_is_type(ctx, b, tp, "PyLong_Type"),
                       _any_type(ctx, b, tp, [scalar_type_symbol(t) for t in NUMPY_INTS]))
        convert = fn.append_basic_block("item.convert")
        b.cbranch(is_int, convert, fail)
        b.position_at_end(convert)
        b.store(b.call(ctx.declare("PyFloat_AsDouble", DOUBLE, [PTR]), [obj]), result)
        b.cbranch(_error_clear(ctx, b), fail, done)
    else:
        raise TypeError(f"cannot unbox list items of type {dtype}")
    b.position_at_end(done)
    return b.load(result)


def fill_function(ctx, ty):
    """`ptr fill(PyObject *obj, ptr shared, ptr seen)`: a new native list copied from a Python list;
    NULL if it isn't one. `*seen` is set by an item that decides the type (an int of an int list, a
    float of a float list: in a list of lists, of any inner list); `shared` is the table of inner
    lists unboxed so far (runtime/nested_lists.py; unused by a list of non-lists)."""
    dtype = ty.dtype

    def build(b, fn):
        from .boxing import field, type_of
        obj, shared, seen = fn.args
        null = ir.Constant(PTR, None)
        with b.if_then(b.icmp_unsigned("!=", type_of(b, obj), ctx.global_var("PyList_Type", I8)), likely=False):
            b.ret(null)
        n = field(b, obj, OFFSETS["var_size"], I64)
        lst = b.call(declare_new(ctx), [ir.Constant(I64, ty.itemsize()), n, ir.Constant(I64, _item_refs(ty))])
        with b.if_then(b.icmp_unsigned("==", lst, null), likely=False):
            b.ret(null)
        fail = fn.append_basic_block("fail")
        ob_item = field(b, obj, LIST_ITEMS_OFFSET, PTR)
        items = items_of(b, lst)
        with for_range(b, ir.Constant(I64, 0), n, "unbox") as i:
            item = b.load(b.gep(ob_item, [i], source_etype=PTR), typ=PTR)
            store_item(b, items, dtype, i, _unbox_item(ctx, b, item, dtype, fail, seen, shared))
            if ty.item_refs:                        # items own their copies: released if a later one fails
                store_field(b, lst, SIZE, b.add(i, ir.Constant(I64, 1)))
        store_field(b, lst, SIZE, n)          # (array items borrowed from Python hold no reference)
        store_field(b, lst, PARENT, obj)
        b.ret(lst)
        b.position_at_end(fail)
        b.call(ctx.declare("numjit_meminfo_decref", VOID, [PTR]), [lst])
        b.ret(null)
    return _helper(ctx, f"numjit.list.fill.{_type_tag(ty)}", PTR, [PTR, PTR, PTR], build)


def unbox_function(ctx, ty, registered=False):
    """`ptr unbox(PyObject *obj)`: a new native list copied from a Python list; NULL if it isn't one.
    `registered` (lists of lists): `ptr unbox(PyObject *obj, ptr table)`, which leaves the inner
    lists the caller can see in the table (runtime/nested_lists.py) for the release after the call."""
    leaf = ty.dtype
    while isinstance(leaf, List):
        leaf = leaf.dtype
    nested = isinstance(ty.dtype, List)

    def build(b, fn):
        from . import nested_lists
        null = ir.Constant(PTR, None)
        seen = ctx.alloca(b, I1)
        b.store(ir.Constant(I1, 0), seen)
        shared = fn.args[1] if registered else nested_lists.new_table(ctx, b) if nested else null
        lst = b.call(fill_function(ctx, ty), [fn.args[0], shared, seen])
        if nested and not registered:
            nested_lists.release_table(ctx, b, shared, ty, reflect=False)
        if isinstance(leaf, (Integer, Float)):     # [1, 2] is no float list, nor [[], [True]] an int one
            with b.if_then(b.and_(b.icmp_unsigned("!=", lst, null), b.not_(b.load(seen)))):
                b.call(ctx.declare("numjit_meminfo_decref", VOID, [PTR]), [lst])
                b.ret(null)
        b.ret(lst)
    name = f"numjit.list.unbox{'_registered' if registered else ''}.{_type_tag(ty)}"
    return _helper(ctx, name, PTR, [PTR, PTR] if registered else [PTR], build)


def _item_refs(ty):
    return ty.refs_code()


def _box_item(ctx, b, value, dtype):
    from .boxing import box
    from ..lowering.refcount import needs_refcount, incref
    if isinstance(dtype, Boolean):
        obj = b.select(value, ctx.global_var("_Py_TrueStruct", I8), ctx.global_var("_Py_FalseStruct", I8))
        b.call(ctx.declare("Py_IncRef", VOID, [PTR]), [obj])
        return obj
    if needs_refcount(dtype):
        incref(ctx, b, value, dtype)           # boxing takes over a reference; the list keeps its own
    return box(ctx, b, value, dtype)


def new_pylist_function(ctx, ty):
    """`PyObject *box(ptr list)`: a new Python list with the items (the native list is not released)."""
    dtype = ty.dtype

    def build(b, fn):
        lst = fn.args[0]
        null = ir.Constant(PTR, None)
        n = size_of(b, lst)
        out = b.call(ctx.declare("PyList_New", PTR, [I64]), [n])
        with b.if_then(b.icmp_unsigned("==", out, null), likely=False):
            b.ret(null)
        ob_item = b.load(b.gep(out, [ir.Constant(I64, LIST_ITEMS_OFFSET)], source_etype=I8), typ=PTR)
        items = items_of(b, lst)
        with for_range(b, ir.Constant(I64, 0), n, "box") as i:
            obj = _box_item(ctx, b, load_item(b, items, dtype, i), dtype)
            with b.if_then(b.icmp_unsigned("==", obj, null), likely=False):
                b.call(ctx.declare("Py_DecRef", VOID, [PTR]), [out])
                b.ret(null)
            b.store(obj, b.gep(ob_item, [i], source_etype=PTR))
        b.ret(out)
    return _helper(ctx, f"numjit.list.box.{_type_tag(ty)}", PTR, [PTR], build)


def _same_object(ctx, b, obj, value, dtype):
    """i1: the Python item `obj` already is `value` (so reflection keeps it), or None: can't tell."""
    from .boxing import field, type_of
    if isinstance(dtype, Boolean):
        want = b.select(value, ctx.global_var("_Py_TrueStruct", I8), ctx.global_var("_Py_FalseStruct", I8))
        return b.icmp_unsigned("==", obj, want)
    if isinstance(dtype, Float) and dtype.bits == 64:
        is_float = _is_type(ctx, b, type_of(b, obj), "PyFloat_Type")
        bits = b.bitcast(value, I64)
        same = b.icmp_unsigned("==", field(b, obj, OFFSETS["float_value"], I64), bits)
        return b.and_(is_float, same)
    return None


def reflect_function(ctx, ty):
    """`i32 reflect(ptr list)`: write a changed native list back into its parent Python list.

    Items that still hold the same value keep their Python object (lists and arrays: the object
    they came from); -1 when boxing failed.
    """
    dtype = ty.dtype

    def build(b, fn):
        lst = fn.args[0]
        null = ir.Constant(PTR, None)
        parent = load_field(b, lst, PARENT, PTR)
        with b.if_then(b.icmp_unsigned("==", parent, null)):
            b.ret(ir.Constant(I32, 0))
        if isinstance(dtype, List):              # inner lists first: each level writes back its changes
            with for_range(b, ir.Constant(I64, 0), size_of(b, lst), "reflect.inner") as i:
                status = b.call(reflect_function(ctx, dtype), [load_item(b, items_of(b, lst), dtype, i)])
                with b.if_then(b.icmp_signed("!=", status, ir.Constant(I32, 0)), likely=False):
                    b.ret(status)
        with b.if_then(b.icmp_signed("==", load_field(b, lst, DIRTY), ir.Constant(I64, 0))):
            b.ret(ir.Constant(I32, 0))
        store_field(b, lst, DIRTY, ir.Constant(I64, 0))
        n = size_of(b, lst)
        decref = ctx.declare("Py_DecRef", VOID, [PTR])
        resized = b.icmp_signed("!=", n, b.load(b.gep(parent, [ir.Constant(I64, 16)], source_etype=I8), typ=I64))
        # items that box to the Python objects they came from (arrays, lists): rebuilt whole, since
        # replacing slot by slot could free an old item a later slot still boxes to (l.reverse())
        with b.if_then(b.or_(resized, ir.Constant(I1, ty.item_refs))):
            new = b.call(new_pylist_function(ctx, ty), [lst])
            with b.if_then(b.icmp_unsigned("==", new, null), likely=False):
                b.ret(ir.Constant(I32, -1))
            set_slice = ctx.declare("PyList_SetSlice", I32, [PTR, I64, I64, PTR])
            status = b.call(set_slice, [parent, ir.Constant(I64, 0), ir.Constant(I64, 2**62), new])
            b.call(decref, [new])
            b.ret(status)
        items = items_of(b, lst)
        with for_range(b, ir.Constant(I64, 0), n, "reflect") as i:
            slot = b.gep(b.load(b.gep(parent, [ir.Constant(I64, LIST_ITEMS_OFFSET)], source_etype=I8), typ=PTR),
                         [i], source_etype=PTR)
            old = b.load(slot, typ=PTR)
            value = load_item(b, items, dtype, i)
            same = _same_object(ctx, b, old, value, dtype)
            replace = fn.append_basic_block("reflect.replace")
            nxt = fn.append_basic_block("reflect.next")
            if same is None:
                b.branch(replace)
            else:
                b.cbranch(same, nxt, replace)
            b.position_at_end(replace)
            obj = _box_item(ctx, b, value, dtype)
            with b.if_then(b.icmp_unsigned("==", obj, null), likely=False):
                b.ret(ir.Constant(I32, -1))
            with b.if_else(b.icmp_unsigned("==", obj, old)) as (unchanged, changed):
                with unchanged:
                    b.call(decref, [obj])
                with changed:
                    b.store(obj, slot)
                    b.call(decref, [old])
            b.branch(nxt)
            b.position_at_end(nxt)
        b.ret(ir.Constant(I32, 0))
    return _helper(ctx, f"numjit.list.reflect.{_type_tag(ty)}", I32, [PTR], build)


# -- entry points for runtime/boxing.py -----------------------------------------------------------

def unbox_list(ctx, b, obj, ty, fail):
    """The native copy of a list. A list of lists that is a call's argument (the wrapper sets
    `ctx.list_argument` for it, and `ctx.list_registries`) keeps the table of the inner lists the
    caller can see until release_list."""
    argument, ctx.list_argument = getattr(ctx, "list_argument", False), False     # (not its items')
    if not argument or not isinstance(ty.dtype, List):
        lst = b.call(unbox_function(ctx, ty), [obj])
    else:
        from .nested_lists import new_table, release_table
        table = new_table(ctx, b)
        lst = b.call(unbox_function(ctx, ty, registered=True), [obj, table])
        with b.if_then(b.icmp_unsigned("==", lst, ir.Constant(PTR, None)), likely=False):
            release_table(ctx, b, table, ty, reflect=False)
        ctx.list_registries[id(lst)] = lst, table
    ok = b.append_basic_block("unbox.list")
    b.cbranch(b.icmp_unsigned("==", lst, ir.Constant(PTR, None)), fail, ok)
    b.position_at_end(ok)
    return lst


def box_list(ctx, b, lst, ty):
    """A Python list for `lst`, consuming its reference: the argument list it came from, or a new one."""
    parent = load_field(b, lst, PARENT, PTR)
    result = ctx.alloca(b, PTR)
    with b.if_else(b.icmp_unsigned("!=", parent, ir.Constant(PTR, None))) as (reflected, fresh):
        with reflected:
            status = b.call(reflect_function(ctx, ty), [lst])
            ok = b.icmp_signed("==", status, ir.Constant(I32, 0))
            with b.if_then(ok):
                b.call(ctx.declare("Py_IncRef", VOID, [PTR]), [parent])
            b.store(b.select(ok, parent, ir.Constant(PTR, None)), result)
        with fresh:
            b.store(b.call(new_pylist_function(ctx, ty), [lst]), result)
    b.call(ctx.declare("numjit_meminfo_decref", VOID, [PTR]), [lst])
    return b.load(result)


def release_list(ctx, b, lst, ty, reflect=True):
    """After the call: write the changes back into the Python list, then free the native copy."""
    registered = getattr(ctx, "list_registries", {}).get(id(lst))
    if registered is not None:
        from .nested_lists import release_table
        release_table(ctx, b, registered[1], ty, reflect)
    if reflect:
        b.call(reflect_function(ctx, ty), [lst])
    b.call(ctx.declare("numjit_meminfo_decref", VOID, [PTR]), [lst])
