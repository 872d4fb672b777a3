"""Freed meminfo blocks kept for reuse (IR built into runtime/memory.py's module).

glibc gives memory back to the system when the top of its heap is free (trimming) and maps large
blocks afresh each time (mmap above its threshold), so compiled code that makes the same
temporaries on every call (a stencil's grids, a list of 10^5 small inner lists unboxed from
Python) page-faults its memory in again on every call, or on some calls only, as glibc's state
decides. Freed blocks of a size that is made again go to a cache instead:

* small blocks (at most SMALL_MAX bytes, in 64-byte classes): one LIFO stack per class, linked
  through the block's first word, behind a spin lock per class (a pop or push is a few
  instructions: cheaper than aligned_alloc, and pages stay mapped);
* large blocks (LARGE_MIN..LARGE_MAX bytes, whole pages): LARGE_SLOTS slots, lock-free (a slot is
  taken by exchanging it with NULL, filled by a compare-exchange from NULL), reused for a request
  of exactly the same page-rounded size.

Both hold at most `limit` bytes together (memory.py: 64 MB, NUMJIT_ALLOC_CACHE_MB); beyond it,
and for sizes in between, a freed block goes back to glibc at once.

    >>> from llvmlite import ir
    >>> m = ir.Module()
    >>> free = ir.Function(m, ir.FunctionType(ir.VoidType(), [ir.PointerType()]), "free")
    >>> [f.name for f in build(m, free, 1 << 26)]
    ['numjit_block_size', 'numjit_cache_take', 'numjit_cache_put']
"""
from llvmlite import ir

I32, I64 = ir.IntType(32), ir.IntType(64)
PTR = ir.PointerType()
SMALL_MAX = 1024                         # small classes: 64, 128, ..., 1024 bytes (memory.ALIGN steps)
LARGE_MIN, LARGE_MAX = 1 << 17, 1 << 25  # glibc's first and largest mmap thresholds
LARGE_SLOTS = 16


def build(m, free, limit):
    """Add to module `m` and return `i64 block_size(i64 nbytes)` (the bytes malloc'd for a
    meminfo of nbytes: 64-byte multiples, whole pages from LARGE_MIN on), `ptr take(i64 size)` (a
    cached block of exactly that size, or NULL) and `void put(ptr block, i64 size)` (keep it, or
    free it)."""
    from .lists import for_range
    from .memory import HEADER, ALIGN, PAGE
    const = lambda v: ir.Constant(I64, v)  # noqa: E731
    null = ir.Constant(PTR, None)

    def variable(name, ty):
        g = ir.GlobalVariable(m, ty, name)
        g.initializer, g.linkage = ir.Constant(ty, None), "internal"
        return g

    def function(name, ret, args):
        fn = ir.Function(m, ir.FunctionType(ret, args), name)
        fn.linkage = "internal"
        return fn, ir.IRBuilder(fn.append_basic_block())

    def at(b, table, i):
        return b.gep(table, [ir.Constant(I32, 0), i])

    held = variable("numjit_cache_bytes", I64)
    slots = variable("numjit_cache_slots", ir.ArrayType(PTR, LARGE_SLOTS))
    hints = variable("numjit_cache_sizes", ir.ArrayType(I64, LARGE_SLOTS))     # read before taking
    heads = variable("numjit_cache_heads", ir.ArrayType(PTR, SMALL_MAX // ALIGN))
    locks = variable("numjit_cache_locks", ir.ArrayType(I32, SMALL_MAX // ALIGN))

    block_size, b = function("numjit_block_size", I64, [I64])
    total = b.and_(b.add(block_size.args[0], const(HEADER + ALIGN - 1)), const(-ALIGN))
    paged = b.and_(b.add(total, const(PAGE - 1)), const(-PAGE))
    b.ret(b.select(b.icmp_unsigned(">=", total, const(LARGE_MIN)), paged, total))

    def small(b, size):
        return b.icmp_unsigned("<=", size, const(SMALL_MAX))

    def large(b, size):
        return b.and_(b.icmp_unsigned(">=", size, const(LARGE_MIN)), b.icmp_unsigned("<=", size, const(LARGE_MAX)))

    def with_lock(b, size, body):
        """body(b, head_ptr) with the lock of size's small class held."""
        index = b.sub(b.udiv(size, const(ALIGN)), const(1))
        lock = at(b, locks, index)
        spin, got = b.append_basic_block("spin"), b.append_basic_block("locked")
        b.branch(spin)
        b.position_at_end(spin)
        was = b.atomic_rmw("xchg", lock, ir.Constant(I32, 1), "acquire")
        b.cbranch(b.icmp_unsigned("==", was, ir.Constant(I32, 0)), got, spin)
        b.position_at_end(got)
        result = body(b, at(b, heads, index))
        b.store_atomic(ir.Constant(I32, 0), lock, "release", 4)
        return result

    put, b = function("numjit_cache_put", ir.VoidType(), [PTR, I64])
    block, size = put.args
    if limit >= ALIGN:
        with b.if_then(b.or_(small(b, size), large(b, size))):
            before = b.atomic_rmw("add", held, size, "monotonic")
            with b.if_then(b.icmp_unsigned("<=", b.add(before, size), const(limit))):
                with b.if_then(small(b, size)):
                    def push(b, head):
                        b.store(b.load(head, typ=PTR), block)           # block's first word: the next
                        b.store(block, head)
                    with_lock(b, size, push)
                    b.ret_void()
                with for_range(b, const(0), const(LARGE_SLOTS), "put") as i:
                    pair = b.cmpxchg(at(b, slots, i), null, block, "acq_rel", "monotonic")
                    with b.if_then(b.extract_value(pair, 1)):
                        b.store_atomic(size, at(b, hints, i), "monotonic", 8)
                        b.ret_void()
            b.atomic_rmw("sub", held, size, "monotonic")
    b.call(free, [block])
    b.ret_void()

    take, b = function("numjit_cache_take", PTR, [I64])
    size = take.args[0]
    if limit >= ALIGN:
        with b.if_then(small(b, size)):
            def pop(b, head):
                top = b.load(head, typ=PTR)
                with b.if_then(b.icmp_unsigned("!=", top, null)):
                    b.store(b.load(top, typ=PTR), head)
                return top
            top = with_lock(b, size, pop)
            with b.if_then(b.icmp_unsigned("!=", top, null)):
                b.atomic_rmw("sub", held, size, "monotonic")
            b.ret(top)
        with b.if_then(large(b, size)):
            with for_range(b, const(0), const(LARGE_SLOTS), "take") as i:
                hint = b.load_atomic(at(b, hints, i), "monotonic", 8, typ=I64)
                with b.if_then(b.icmp_unsigned("==", hint, size)):
                    got = b.atomic_rmw("xchg", at(b, slots, i), null, "acquire")
                    with b.if_then(b.icmp_unsigned("!=", got, null)):
                        nbytes = b.load(b.gep(got, [const(16)], source_etype=ir.IntType(8)), typ=I64)
                        mine = b.call(block_size, [nbytes])
                        with b.if_then(b.icmp_unsigned("==", mine, size), likely=True):
                            b.atomic_rmw("sub", held, size, "monotonic")
                            b.ret(got)
                        b.atomic_rmw("sub", held, mine, "monotonic")
                        b.call(put, [got, mine])           # another size took the slot meanwhile
    b.ret(null)
    return block_size, take, put
