"""Lists of lists passed in from Python: shared inner lists, and reflection into every level.

A list of lists is unboxed level by level (runtime/lists.py's fill functions);
each inner Python list becomes one native list whose parent is that Python
list, so changes made in compiled code (`rows[0].append(x)`, `rows[1][0] = y`,
`rows.append([...])`, `rows[0] = rows[1]`) are written back into the caller's
objects after the call, each level only where it changed. An inner list that
appears twice (`rows = [a, a]`) is unboxed once and shared, as in Python: a
table of the inner lists referenced from elsewhere too (ob_refcnt above 1),
keyed by (Python object, depth), lives for the unboxing of one argument, and
for a call's arguments until after the call: it holds a reference to each, so
one that compiled code takes out of its outer list (`x = rows.pop();
x.append(1)`) is written back too. Dict values that are lists are unboxed
and written back the same way (runtime/dicts.py).

    >>> from numjit import njit
    >>> @njit
    ... def grow(rows):
    ...     rows[0].append(rows[1][0])
    ...     rows.append([7])
    ...     return rows[0] is rows[2]
    >>> a = [1]
    >>> rows = [a, [2, 3], a]
    >>> grow(rows), rows, rows[0] is a
    (True, [[1, 2], [2, 3], [1, 2], [7]], True)
"""
from llvmlite import ir

from ..types import List
from .lists import (for_range, fill_function, reflect_function, _helper, _type_tag, store_field, load_field,
                    load_item, items_of, size_of)
from ..types.dicts import DictType, SetType, PARENT as DICT_PARENT, VALUES
from ..types.lists import PARENT

I1, I8, I32, I64 = ir.IntType(1), ir.IntType(8), ir.IntType(32), ir.IntType(64)
PTR = ir.PointerType()
SLOT_BYTES = 24                  # a slot: {PyObject *key, i64 depth, ptr native list}
TABLE = ir.ArrayType(I64, 3)     # {i64 mask, i64 count, ptr slots meminfo}
MASK, COUNT, SLOTS = range(3)
GOLDEN = 0x9E3779B97F4A7C15


def depth(ty):
    """How many lists deep `ty` is (list(int64): 1, list(list(int64)): 2)."""
    return 1 + depth(ty.dtype) if isinstance(ty, List) else 0


def _at(b, table, index):
    return b.gep(table, [ir.Constant(I64, 8 * index)], source_etype=I8)


def _slot(b, slots, i, index):
    return b.gep(b.gep(slots, [b.mul(i, ir.Constant(I64, SLOT_BYTES))], source_etype=I8),
                 [ir.Constant(I64, 8 * index)], source_etype=I8)


def _data(b, mi):
    return b.load(b.gep(mi, [ir.Constant(I64, 8)], source_etype=I8), typ=PTR)


def _start(b, key, level, mask):
    """Fibonacci hashing: the product's top log2(capacity) bits."""
    h = b.mul(b.add(b.lshr(b.ptrtoint(key, I64), ir.Constant(I64, 4)), level), ir.Constant(I64, GOLDEN))
    return b.lshr(h, b.sub(ir.Constant(I64, 64), b.ctpop(mask)))


def _probe(b, slots, key, level, mask, on_slot):
    """Walk the slots from the key's start; `on_slot(i, slot_key)` emits the exits of the loop body."""
    fn = b.function
    start = _start(b, key, level, mask)
    before = b.block
    loop, nxt = fn.append_basic_block("probe"), fn.append_basic_block("probe.next")
    b.branch(loop)
    b.position_at_end(loop)
    i = b.phi(I64)
    i.add_incoming(start, before)
    on_slot(i, b.load(_slot(b, slots, i, 0), typ=PTR), nxt)
    b.position_at_end(nxt)
    i.add_incoming(b.and_(b.add(i, ir.Constant(I64, 1)), mask), nxt)
    b.branch(loop)


def _insert_function(ctx):
    """`void insert(ptr slots, i64 mask, ptr key, i64 depth, ptr value)`: the key is not there yet."""
    def build(b, fn):
        slots, mask, key, level, value = fn.args

        def on_slot(i, slot_key, nxt):
            free = b.function.append_basic_block("insert.free")
            b.cbranch(b.icmp_unsigned("==", slot_key, ir.Constant(PTR, None)), free, nxt)
            b.position_at_end(free)
            for index, v in enumerate((key, level, value)):
                b.store(v, _slot(b, slots, i, index))
            b.ret_void()
        _probe(b, slots, key, level, mask, on_slot)
    return _helper(ctx, "numjit.list.shared.insert", ir.VoidType(), [PTR, I64, PTR, I64, PTR], build)


def _get_function(ctx):
    """`ptr get(ptr table, ptr key, i64 depth)`: the native list unboxed for the key, or NULL."""
    def build(b, fn):
        table, key, level = fn.args
        with b.if_then(b.icmp_signed("==", b.load(_at(b, table, COUNT), typ=I64), ir.Constant(I64, 0))):
            b.ret(ir.Constant(PTR, None))
        slots = _data(b, b.load(_at(b, table, SLOTS), typ=PTR))

        def on_slot(i, slot_key, nxt):
            empty = b.icmp_unsigned("==", slot_key, ir.Constant(PTR, None))
            with b.if_then(empty):
                b.ret(ir.Constant(PTR, None))
            same = b.and_(b.icmp_unsigned("==", slot_key, key),
                          b.icmp_signed("==", b.load(_slot(b, slots, i, 1), typ=I64), level))
            found = b.function.append_basic_block("get.found")
            b.cbranch(same, found, nxt)
            b.position_at_end(found)
            b.ret(b.load(_slot(b, slots, i, 2), typ=PTR))
        _probe(b, slots, key, level, b.load(_at(b, table, MASK), typ=I64), on_slot)
    return _helper(ctx, "numjit.list.shared.get", PTR, [PTR, PTR, I64], build)


def _put_function(ctx):
    """`i32 put(ptr table, ptr key, i64 depth, ptr value)`: 0, or -1 when out of memory. The table
    holds a reference to the value, and doubles (from 16 slots) before it is half full."""
    def build(b, fn):
        table, key, level, value = fn.args
        insert = _insert_function(ctx)
        alloc = ctx.declare("numjit_meminfo_alloc", PTR, [I64])
        mask = b.load(_at(b, table, MASK), typ=I64)
        count = b.load(_at(b, table, COUNT), typ=I64)
        capacity = b.add(mask, ir.Constant(I64, 1))
        full = b.icmp_signed(">", b.mul(b.add(count, ir.Constant(I64, 1)), ir.Constant(I64, 2)), capacity)
        with b.if_then(full):
            grown = b.select(b.icmp_signed("<", capacity, ir.Constant(I64, 16)), ir.Constant(I64, 16),
                             b.mul(capacity, ir.Constant(I64, 2)))
            nbytes = b.mul(grown, ir.Constant(I64, SLOT_BYTES))
            mi = b.call(alloc, [nbytes])
            with b.if_then(b.icmp_unsigned("==", mi, ir.Constant(PTR, None)), likely=False):
                b.ret(ir.Constant(I32, -1))
            fresh = _data(b, mi)
            b.call(ctx.declare("llvm.memset.p0.i64", ir.VoidType(), [PTR, I8, I64, I1]), [fresh, ir.Constant(I8, 0), nbytes, ir.Constant(I1, 0)])
            new_mask = b.sub(grown, ir.Constant(I64, 1))
            old_mi = b.load(_at(b, table, SLOTS), typ=PTR)
            with b.if_then(b.icmp_unsigned("!=", old_mi, ir.Constant(PTR, None))):
                old = _data(b, old_mi)
                with for_range(b, ir.Constant(I64, 0), capacity, "rehash") as i:
                    k = b.load(_slot(b, old, i, 0), typ=PTR)
                    with b.if_then(b.icmp_unsigned("!=", k, ir.Constant(PTR, None))):
                        b.call(insert, [fresh, new_mask, k, b.load(_slot(b, old, i, 1), typ=I64),
                                        b.load(_slot(b, old, i, 2), typ=PTR)])
                b.call(ctx.declare("numjit_meminfo_decref", ir.VoidType(), [PTR]), [old_mi])
            b.store(mi, _at(b, table, SLOTS))
            b.store(new_mask, _at(b, table, MASK))
        slots = _data(b, b.load(_at(b, table, SLOTS), typ=PTR))
        b.call(insert, [slots, b.load(_at(b, table, MASK), typ=I64), key, level, value])
        b.store(b.add(count, ir.Constant(I64, 1)), _at(b, table, COUNT))
        b.call(ctx.declare("numjit_meminfo_incref", ir.VoidType(), [PTR]), [value])
        b.ret(ir.Constant(I32, 0))
    return _helper(ctx, "numjit.list.shared.put", I32, [PTR, PTR, I64, PTR], build)


def new_table(ctx, b):
    """An empty table of shared inner lists (on the stack; its slots come with the first put)."""
    table = ctx.alloca(b, TABLE)                 # (an alloca is a typed pointer: i64 fields, a null as 0)
    for index, value in ((MASK, -1), (COUNT, 0), (SLOTS, 0)):
        b.store(ir.Constant(I64, value), b.gep(table, [ir.Constant(I32, 0), ir.Constant(I32, index)]))
    return table


def release_table(ctx, b, table, ty, reflect):
    """Release the table's lists (first writing each back to its Python list when `reflect`:
    an inner list the caller can see ends as compiled code left it, even one that compiled code
    took out of its outer list), then its slots."""
    def build(b, fn):
        table, reflect = fn.args
        slots_mi = b.load(_at(b, table, SLOTS), typ=PTR)
        with b.if_then(b.icmp_unsigned("==", slots_mi, ir.Constant(PTR, None))):
            b.ret_void()
        slots = _data(b, slots_mi)
        capacity = b.add(b.load(_at(b, table, MASK), typ=I64), ir.Constant(I64, 1))
        with for_range(b, ir.Constant(I64, 0), capacity, "release") as i:
            with b.if_then(b.icmp_unsigned("!=", b.load(_slot(b, slots, i, 0), typ=PTR), ir.Constant(PTR, None))):
                value, level = b.load(_slot(b, slots, i, 2), typ=PTR), b.load(_slot(b, slots, i, 1), typ=I64)
                inner = ty.dtype
                while isinstance(inner, List):
                    here = b.icmp_signed("==", level, ir.Constant(I64, depth(inner)))
                    with b.if_then(b.and_(reflect, here)):
                        b.call(reflect_function(ctx, inner), [value])
                    inner = inner.dtype
                b.call(ctx.declare("numjit_meminfo_decref", ir.VoidType(), [PTR]), [value])
        b.call(ctx.declare("numjit_meminfo_decref", ir.VoidType(), [PTR]), [slots_mi])
        b.ret_void()
    fn = _helper(ctx, f"numjit.list.shared.release.{_type_tag(ty)}", ir.VoidType(), [PTR, I1], build)
    b.call(fn, [table, ir.Constant(I1, reflect)])


def unbox_shared_function(ctx, ty):
    """`ptr unbox(PyObject *obj, ptr table, ptr seen)`: the native list for an inner list: the one
    unboxed before for the same object at the same depth (a new reference), or a new one (kept in
    the table unless the outer list holds the only reference to the object)."""
    def build(b, fn):
        obj, table, seen = fn.args
        level = ir.Constant(I64, depth(ty))
        fill = fill_function(ctx, ty)
        alone = b.icmp_signed("==", b.load(obj, typ=I64), ir.Constant(I64, 1))
        with b.if_then(alone):                  # (ob_refcnt 1: only its outer list holds it, once)
            b.ret(b.call(fill, [obj, table, seen]))
        found = b.call(_get_function(ctx), [table, obj, level])
        with b.if_then(b.icmp_unsigned("!=", found, ir.Constant(PTR, None))):
            b.call(ctx.declare("numjit_meminfo_incref", ir.VoidType(), [PTR]), [found])
            b.ret(found)
        lst = b.call(fill, [obj, table, seen])
        with b.if_then(b.icmp_unsigned("==", lst, ir.Constant(PTR, None))):
            b.ret(lst)
        with b.if_then(b.icmp_signed("!=", b.call(_put_function(ctx), [table, obj, level, lst]),
                                     ir.Constant(I32, 0)), likely=False):
            b.call(ctx.declare("numjit_meminfo_decref", ir.VoidType(), [PTR]), [lst])
            b.ret(ir.Constant(PTR, None))
        b.ret(lst)
    return _helper(ctx, f"numjit.list.unbox_shared.{_type_tag(ty)}", PTR, [PTR, PTR, PTR], build)


def detach(ctx, b, value, ty):
    """Stop writing `value` (a list, or a dict or set passed in) and the lists inside it back to
    the Python objects they came from: it is kept beyond the call (a typed container, a jitclass
    field, a generator), where they may die first. Other values: nothing to do."""
    null = ir.Constant(PTR, None)
    if type(ty) in (DictType, SetType):
        store_field(b, value, DICT_PARENT, null)
        if isinstance(getattr(ty, "value_type", None), List):
            values = load_field(b, value, VALUES, PTR)          # (a dict's header reads as a list's)
            with for_range(b, ir.Constant(I64, 0), size_of(b, values), "detach.values") as i:
                item = load_item(b, items_of(b, values), ty.value_type, i)
                with b.if_then(b.icmp_unsigned("!=", item, null)):        # (a deleted entry's is null)
                    detach(ctx, b, item, ty.value_type)
        return
    if not isinstance(ty, List):
        return
    if not isinstance(ty.dtype, List):
        store_field(b, value, PARENT, null)
        return

    def build(b, fn):
        inner = fn.args[0]
        store_field(b, inner, PARENT, null)
        with for_range(b, ir.Constant(I64, 0), size_of(b, inner), "detach") as i:
            detach(ctx, b, load_item(b, items_of(b, inner), ty.dtype, i), ty.dtype)
        b.ret_void()
    b.call(_helper(ctx, f"numjit.list.detach.{_type_tag(ty)}", ir.VoidType(), [PTR], build), [value])
