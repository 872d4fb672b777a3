"""Freed meminfo blocks kept for reuse (IR built into runtime/memory.py's module).

glibc gives memory back to the system when the top of its heap is free (trimming) and maps large
blocks afresh each time (mmap above its threshold), so compiled code that makes the same
temporaries on every call (a stencil's grids, a list of 10^5 small inner lists unboxed from
Python) page-faults its memory in again on every call, or on some calls only, as glibc's state
decides. Freed blocks of a size that is made again go to a cache instead:

* small blocks (at most SMALL_MAX bytes, in 64-byte classes): one LIFO stack per class, linked
  through the block's first word, behind a try-lock per class (a pop or push is a few
  instructions: cheaper than aligned_alloc, and pages stay mapped);
* large blocks (LARGE_MIN..LARGE_MAX bytes, whole pages): LARGE_SLOTS slots, lock-free (a slot is
  taken by exchanging it with NULL, filled by a compare-exchange from NULL), reused for a request
  of exactly the same page-rounded size. When a freed block finds no room (the slots or the bytes
  are taken), cached blocks are freed, one slot at a time round the table, until it fits: the
  cache follows the working set instead of holding one-off blocks forever.

Large blocks are held up to `limit` bytes (memory.py: 64 MB, NUMJIT_ALLOC_CACHE_MB), small ones up
to half of it; beyond that, and for sizes in between, a freed block goes back to glibc at once.

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
HELD = ("numjit_cache_small_bytes", "numjit_cache_large_bytes")    # bytes cached, read by memory.py


def emit_block_size(b, nbytes):
    """The bytes to malloc for a meminfo whose nbytes field says `nbytes` (an i64): 64-byte
    multiples, whole pages from LARGE_MIN on. Every block the memory runtime frees must be at
    least this big (a cached block is handed out again by this size)."""
    from .memory import HEADER, ALIGN, PAGE
    const = lambda v: ir.Constant(I64, v)  # noqa: E731
    total = b.and_(b.add(nbytes, const(HEADER + ALIGN - 1)), const(-ALIGN))
    paged = b.and_(b.add(total, const(PAGE - 1)), const(-PAGE))
    return b.select(b.icmp_unsigned(">=", total, const(LARGE_MIN)), paged, total)


def build(m, free, limit):
    """Add to module `m` and return `i64 block_size(i64 nbytes)` (the bytes malloc'd for a
    meminfo of nbytes: 64-byte multiples, whole pages from LARGE_MIN on), `ptr take(i64 size)` (a
    cached block of exactly that size, or NULL) and `void put(ptr block, i64 size)` (keep it, or
    free it)."""
    from .lists import for_range
    from .memory import ALIGN
    const = lambda v: ir.Constant(I64, v)  # noqa: E731
    null = ir.Constant(PTR, None)

    def variable(name, ty, linkage="internal"):
        g = ir.GlobalVariable(m, ty, name)
        g.initializer, g.linkage = ir.Constant(ty, None), linkage
        return g

    def function(name, ret, args):
        fn = ir.Function(m, ir.FunctionType(ret, args), name)
        fn.linkage = "internal"
        return fn, ir.IRBuilder(fn.append_basic_block())

    def at(b, table, i):
        return b.gep(table, [ir.Constant(I32, 0), i])

    held_small, held_large = (variable(name, I64, "") for name in HELD)
    victim = variable("numjit_cache_victim", I64)
    slots = variable("numjit_cache_slots", ir.ArrayType(PTR, LARGE_SLOTS))
    hints = variable("numjit_cache_sizes", ir.ArrayType(I64, LARGE_SLOTS))     # read before taking
    heads = variable("numjit_cache_heads", ir.ArrayType(PTR, SMALL_MAX // ALIGN))
    locks = variable("numjit_cache_locks", ir.ArrayType(I32, SMALL_MAX // ALIGN))

    block_size, b = function("numjit_block_size", I64, [I64])
    b.ret(emit_block_size(b, block_size.args[0]))

    def small(b, size):
        return b.icmp_unsigned("<=", size, const(SMALL_MAX))

    def large(b, size):
        return b.and_(b.icmp_unsigned(">=", size, const(LARGE_MIN)), b.icmp_unsigned("<=", size, const(LARGE_MAX)))

    def try_lock(b, size):
        """Take the lock of size's small class if it is free (no waiting: a caller that finds it
        held goes to glibc instead); returns (taken, the class's head, its lock)."""
        index = b.sub(b.udiv(size, const(ALIGN)), const(1))
        lock = at(b, locks, index)
        was = b.atomic_rmw("xchg", lock, ir.Constant(I32, 1), "acquire")
        return b.icmp_unsigned("==", was, ir.Constant(I32, 0)), at(b, heads, index), lock

    def unlock(b, lock):
        b.store_atomic(ir.Constant(I32, 0), lock, "release", 4)

    def nbytes_size(b, block):
        return b.call(block_size, [b.load(b.gep(block, [const(16)], source_etype=ir.IntType(8)), typ=I64)])

    # i1 keep_large(ptr block, i64 size): into an empty slot, within the bound; false if none
    keep_large, b = function("numjit_cache_keep_large", ir.IntType(1), [PTR, I64])
    block, size = keep_large.args
    before = b.atomic_rmw("add", held_large, size, "monotonic")
    with b.if_then(b.icmp_unsigned("<=", b.add(before, size), const(limit))):
        with for_range(b, const(0), const(LARGE_SLOTS), "put") as i:
            pair = b.cmpxchg(at(b, slots, i), null, block, "acq_rel", "monotonic")
            with b.if_then(b.extract_value(pair, 1)):
                b.store_atomic(size, at(b, hints, i), "monotonic", 8)
                b.ret(ir.Constant(ir.IntType(1), 1))
    b.atomic_rmw("sub", held_large, size, "monotonic")
    b.ret(ir.Constant(ir.IntType(1), 0))

    # void evict_large(): free the cached large block in the next slot round the table
    evict_large, b = function("numjit_cache_evict_large", ir.VoidType(), [])
    turn = b.atomic_rmw("add", victim, const(1), "monotonic")
    got = b.atomic_rmw("xchg", at(b, slots, b.and_(turn, const(LARGE_SLOTS - 1))), null, "acquire")
    with b.if_then(b.icmp_unsigned("!=", got, null)):
        b.atomic_rmw("sub", held_large, nbytes_size(b, got), "monotonic")
        b.call(free, [got])
    b.ret_void()

    put, b = function("numjit_cache_put", ir.VoidType(), [PTR, I64])
    block, size = put.args
    if limit >= ALIGN:
        with b.if_then(small(b, size)):
            before = b.atomic_rmw("add", held_small, size, "monotonic")
            with b.if_then(b.icmp_unsigned("<=", b.add(before, size), const(limit // 2))):
                taken, head, lock = try_lock(b, size)
                with b.if_then(taken, likely=True):
                    b.store(b.load(head, typ=PTR), block)           # block's first word: the next
                    b.store(block, head)
                    unlock(b, lock)
                    b.ret_void()
            b.atomic_rmw("sub", held_small, size, "monotonic")
        with b.if_then(b.and_(large(b, size), b.icmp_unsigned("<=", size, const(limit)))):
            with for_range(b, const(0), const(LARGE_SLOTS + 1), "keep"):
                with b.if_then(b.call(keep_large, [block, size])):
                    b.ret_void()
                b.call(evict_large, [])             # no room: an older block makes room for it
    b.call(free, [block])
    b.ret_void()

    take, b = function("numjit_cache_take", PTR, [I64])
    size = take.args[0]
    if limit >= ALIGN:
        with b.if_then(small(b, size)):
            taken, head, lock = try_lock(b, size)
            with b.if_then(taken, likely=True):
                top = b.load(head, typ=PTR)
                with b.if_then(b.icmp_unsigned("!=", top, null)):
                    b.store(b.load(top, typ=PTR), head)
                    unlock(b, lock)
                    b.atomic_rmw("sub", held_small, size, "monotonic")
                    b.ret(top)
                unlock(b, lock)
            b.ret(null)
        with b.if_then(large(b, size)):
            with for_range(b, const(0), const(LARGE_SLOTS), "take") as i:
                hint = b.load_atomic(at(b, hints, i), "monotonic", 8, typ=I64)
                with b.if_then(b.icmp_unsigned("==", hint, size)):
                    got = b.atomic_rmw("xchg", at(b, slots, i), null, "acquire")
                    with b.if_then(b.icmp_unsigned("!=", got, null)):
                        mine = nbytes_size(b, got)
                        b.atomic_rmw("sub", held_large, mine, "monotonic")
                        with b.if_then(b.icmp_unsigned("==", mine, size), likely=True):
                            b.ret(got)
                        b.call(put, [got, mine])           # another size took the slot meanwhile
    b.ret(null)
    return block_size, take, put
