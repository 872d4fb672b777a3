"""The pool of small string blocks (numjit/runtime/strings.py allocates every string through it).

Splitting a text makes and drops many short-lived small blocks. glibc would return the heap to
the system after each call and fault it back in on the next (2x on a 1 MB split), so blocks of
up to CLASSES * UNIT bytes come from slabs kept for the process instead: 64 KiB, aligned, one
size class each, with a bitmap of their free blocks. A class keeps

* the last RECENT_BLOCKS blocks freed, handed out first (last in, first out): a temporary made
  and dropped in a loop costs a push and a pop;
* a stack of its slabs that have free blocks (a slab goes on it at its first free block, off it
  when full). When no recently freed block is left, an allocation takes the top slab's first
  bitmap word with free blocks: the lowest block is handed out, the others become the recently
  freed ones, lowest on top. So big batches are handed out in address order within the slab
  most recently freed into.

A free list alone would hand out blocks in the order they were freed: once that is another order
than they were made (a dict keeps some words of a split text), each allocation goes to a random
place; a histogram of 1e5 words went from 10 to 27 ms over 100 runs, and a split after 16 of
them from 4.6 to 11.5 ms (with the slabs: no drift).

    slab  = {i64 free blocks, i64 first bitmap word with a free bit (a hint), i64 on the stack,
             pad, [64 x i64] bitmap}, followed by the blocks from byte FIRST_BLOCK
    block = a meminfo whose nbytes field is -(class + 16 * block number) (negative: the memory
            runtime leaves the block to its destructor, `numjit_str_recycle`); both fields are
            written when the slab is made

A class has at most MAX_SLABS slabs (BYTES of memory, kept as pymalloc keeps its arenas); past
that, and above the largest class, blocks come from malloc and go back to free as any other.
Each class has a spin lock, held for one allocation or one free; it guards the class's
allocation and free counts too (added to the memory runtime's counts by `pool_counts`), so a
pooled string costs no other atomic operation.

    ptr  numjit_str_block(i64 nbytes)   a block with its meminfo fields set (NULL: out of memory)
    void numjit_str_recycle(ptr mi)     the destructor of pooled strings

    >>> from numjit import njit
    >>> words = njit(lambda text: len(text.split()))
    >>> words("a few short words"), pool_counts()[0] >= pool_counts()[1]
    (4, True)
"""
import ctypes

from llvmlite import ir

from ..types.strings import field_ptr
from . import blockcache

I8, I32, I64 = ir.IntType(8), ir.IntType(32), ir.IntType(64)
PTR = ir.PointerType()
VOID = ir.VoidType()

CLASSES, UNIT, BYTES = 15, 16, 16 << 20          # (a 6-letter word: an 80-byte block; class < 16)
SLAB, FIRST_BLOCK, BITMAP, BITMAP_WORDS = 1 << 16, 576, 64, 64
MAX_SLABS = BYTES // SLAB
FREE, HINT, STACKED = 0, 8, 16                   # slab header fields (byte offsets)
# per class: {i64 slabs, i64 slabs on the stack, i32 lock, pad, i64 allocs, i64 frees,
#             i64 recently freed blocks kept, [RECENT_BLOCKS x ptr] them, [MAX_SLABS x ptr] stack}
SLABS, IN_STACK, LOCK, ALLOCS, FREES, IN_RECENT, RECENT = 0, 8, 16, 24, 32, 40, 48
RECENT_BLOCKS = 64
STACK = RECENT + 8 * RECENT_BLOCKS
CLASS_BYTES = STACK + 8 * MAX_SLABS
assert (SLAB - FIRST_BLOCK) // UNIT <= 64 * BITMAP_WORDS


def _declare(m, name, ret, args):
    fn = m.globals.get(name)
    return fn if fn is not None else ir.Function(m, ir.FunctionType(ret, args), name)


def _spin_lock(b, lock):
    spin, done = b.append_basic_block("lock.spin"), b.append_basic_block("lock.held")
    b.branch(spin)
    b.position_at_end(spin)
    old = b.atomic_rmw("xchg", lock, ir.Constant(I32, 1), "acquire")
    b.cbranch(b.icmp_unsigned("==", old, ir.Constant(I32, 0)), done, spin)
    b.position_at_end(done)


def _spin_unlock(b, lock):
    # a release store, a plain move on x86 (llvmlite's store_atomic wants a typed pointer)
    b._insert(ir.instructions.StoreAtomicInstr(b.block, ir.Constant(I32, 0), lock, "release", 4))


def _at(b, base, offset):
    return b.gep(base, [offset if isinstance(offset, ir.Value) else ir.Constant(I64, offset)], source_etype=I8)


def _add(b, ptr, delta):
    b.store(b.add(b.load(ptr, typ=I64), ir.Constant(I64, delta)), ptr)


def _const(v):
    return ir.Constant(I64, v)


def _new_slab(m, b, cls, recycle):
    """A fresh slab of class `cls` (all its blocks free, their nbytes and destructor fields set
    once for good), or NULL."""
    aligned_alloc = _declare(m, "aligned_alloc", PTR, [I64, I64])
    slab = b.call(aligned_alloc, [_const(SLAB), _const(SLAB)])
    with b.if_then(b.icmp_unsigned("!=", slab, ir.Constant(PTR, None))):
        n = b.udiv(_const(SLAB - FIRST_BLOCK), b.mul(cls, _const(UNIT)))
        b.store(n, _at(b, slab, FREE))
        b.store(_const(0), _at(b, slab, HINT))
        b.store(_const(1), _at(b, slab, STACKED))
        for w in range(BITMAP_WORDS):              # bits [0, n) set
            left = b.sub(n, _const(64 * w))
            full = b.icmp_signed(">=", left, _const(64))
            some = b.sub(b.shl(_const(1), b.select(full, _const(0), left)), _const(1))
            word = b.select(full, _const(-1), b.select(b.icmp_signed(">", left, _const(0)), some, _const(0)))
            b.store(word, _at(b, slab, BITMAP + 8 * w))
        from .lists import for_range
        with for_range(b, _const(0), n, "slab.blocks") as number:
            block = _at(b, slab, b.add(_const(FIRST_BLOCK), b.mul(number, b.mul(cls, _const(UNIT)))))
            b.store(b.neg(b.add(cls, b.shl(number, _const(4)))), field_ptr(b, block, 16))
            b.store(recycle, field_ptr(b, block, 24))
    return slab


def build(m):
    """Define numjit_str_block and numjit_str_recycle in module `m`."""
    malloc, free = _declare(m, "malloc", PTR, [I64]), _declare(m, "free", VOID, [PTR])
    cttz = _declare(m, "llvm.cttz.i64", I64, [I64, ir.IntType(1)])
    ctlz = _declare(m, "llvm.ctlz.i64", I64, [I64, ir.IntType(1)])
    ctpop = _declare(m, "llvm.ctpop.i64", I64, [I64])
    allocs = m.globals.get("numjit_alloc_count") or ir.GlobalVariable(m, I64, "numjit_alloc_count")
    pool_ty = ir.ArrayType(I8, CLASSES * CLASS_BYTES)
    pool = ir.GlobalVariable(m, pool_ty, "numjit_str_pool")
    pool.initializer = ir.Constant(pool_ty, None)
    pool.align = 64
    recycle = ir.Function(m, ir.FunctionType(VOID, [PTR]), "numjit_str_recycle")

    def field(b, cls, offset):                  # &pool[cls - 1].<offset>
        base = b.inttoptr(b.ptrtoint(pool, I64), PTR)        # (an untyped pointer to the table)
        return _at(b, base, b.add(b.mul(b.sub(cls, _const(1)), _const(CLASS_BYTES)), _const(offset)))

    def plain_block(b, nbytes):                 # from malloc, released (or cached) by the memory runtime
        block = b.call(malloc, [blockcache.emit_block_size(b, nbytes)])
        with b.if_then(b.icmp_unsigned("!=", block, ir.Constant(PTR, None))):
            b.store(nbytes, field_ptr(b, block, 16))
            b.store(ir.Constant(PTR, None), field_ptr(b, block, 24))
            b.atomic_rmw("add", allocs, _const(1), "monotonic")
        b.ret(block)

    fn = ir.Function(m, ir.FunctionType(PTR, [I64]), "numjit_str_block")
    size = fn.args[0]
    b = ir.IRBuilder(fn.append_basic_block())
    cls = b.udiv(b.add(size, _const(UNIT - 1)), _const(UNIT))
    with b.if_then(b.icmp_unsigned(">", cls, _const(CLASSES))):
        plain_block(b, size)
    lock = field(b, cls, LOCK)
    _spin_lock(b, lock)
    in_recent = field(b, cls, IN_RECENT)
    kept = b.load(in_recent, typ=I64)
    with b.if_then(b.icmp_signed(">", kept, _const(0))):          # the block freed last, if kept
        top = b.sub(kept, _const(1))
        out = b.load(_at(b, field(b, cls, RECENT), b.mul(top, _const(8))), typ=PTR)
        b.store(top, in_recent)
        _add(b, field(b, cls, ALLOCS), 1)
        _spin_unlock(b, lock)
        b.ret(out)
    from_slabs = ir.Function(m, ir.FunctionType(PTR, [I64]), "numjit.str.from_slabs")
    from_slabs.linkage = "internal"
    from_slabs.attributes.add("noinline")         # (the common case above stays a leaf function)
    b.ret(b.call(from_slabs, [cls]))

    fn = from_slabs                               # called with the class's lock held; releases it
    cls = fn.args[0]
    b = ir.IRBuilder(fn.append_basic_block())
    lock, stack, in_stack = field(b, cls, LOCK), field(b, cls, STACK), field(b, cls, IN_STACK)
    take, grow = fn.append_basic_block("slab.take"), fn.append_basic_block("slab.grow")
    depth, start = b.load(in_stack, typ=I64), b.block
    b.cbranch(b.icmp_signed(">", depth, _const(0)), take, grow)
    # no slab with a free block: a new one (on the stack), unless the class has all it may have
    b.position_at_end(grow)
    nslabs = b.load(field(b, cls, SLABS), typ=I64)
    full, room = fn.append_basic_block("slab.full"), fn.append_basic_block("slab.new")
    b.cbranch(b.icmp_signed(">=", nslabs, _const(MAX_SLABS)), full, room)
    b.position_at_end(full)
    _spin_unlock(b, lock)
    plain_block(b, b.mul(cls, _const(UNIT)))
    b.position_at_end(room)
    fresh = _new_slab(m, b, cls, recycle)
    failed, added = fn.append_basic_block("slab.failed"), fn.append_basic_block("slab.added")
    b.cbranch(b.icmp_unsigned("==", fresh, ir.Constant(PTR, None)), failed, added)
    b.position_at_end(failed)
    _spin_unlock(b, lock)
    b.ret(ir.Constant(PTR, None))
    b.position_at_end(added)
    b.store(b.add(nslabs, _const(1)), field(b, cls, SLABS))
    b.store(fresh, stack)
    b.store(_const(1), in_stack)
    b.branch(take)
    # the top slab's first free block (its bitmap's first set bit from the hint on)
    b.position_at_end(take)
    top = b.phi(I64)
    top.add_incoming(depth, start)
    top.add_incoming(_const(1), added)
    top_at = _at(b, stack, b.mul(b.sub(top, _const(1)), _const(8)))
    slab = b.load(top_at, typ=PTR)
    hint = _at(b, slab, HINT)
    words, found = fn.append_basic_block("bits.scan"), fn.append_basic_block("bits.found")
    first, start = b.load(hint, typ=I64), b.block
    b.branch(words)
    b.position_at_end(words)
    w = b.phi(I64)
    w.add_incoming(first, start)
    word_at = _at(b, slab, b.add(_const(BITMAP), b.mul(w, _const(8))))
    word = b.load(word_at, typ=I64)
    w.add_incoming(b.add(w, _const(1)), words)
    b.cbranch(b.icmp_unsigned("!=", word, _const(0)), found, words)
    b.position_at_end(found)                      # all the word's free blocks: the lowest is handed
    b.store(_const(0), word_at)                   # out, the others kept as recently freed ones (the
    b.store(w, hint)                              # next lowest on top), so the next allocations of
    free_at = _at(b, slab, FREE)                  # the class take the common path
    left = b.sub(b.load(free_at, typ=I64), b.call(ctpop, [word]))
    b.store(left, free_at)
    with b.if_then(b.icmp_signed("==", left, _const(0))):          # full: off the stack
        b.store(b.sub(top, _const(1)), in_stack)
        b.store(_const(0), _at(b, slab, STACKED))

    def block_at(number):
        return _at(b, slab, b.add(_const(FIRST_BLOCK), b.mul(b.add(b.mul(w, _const(64)), number),
                                                              b.mul(cls, _const(UNIT)))))
    recent, in_recent = field(b, cls, RECENT), field(b, cls, IN_RECENT)
    lowest = b.call(cttz, [word, ir.Constant(ir.IntType(1), 1)])
    rest = b.and_(word, b.sub(word, _const(1)))
    keep, done = fn.append_basic_block("recent.fill"), fn.append_basic_block("recent.filled")
    before = b.block
    b.cbranch(b.icmp_unsigned("!=", rest, _const(0)), keep, done)
    b.position_at_end(keep)                       # (the recently freed ones are none: we got here)
    bits, k = b.phi(I64), b.phi(I64)
    bits.add_incoming(rest, before)
    k.add_incoming(_const(0), before)
    bit = b.sub(_const(63), b.call(ctlz, [bits, ir.Constant(ir.IntType(1), 1)]))
    b.store(block_at(bit), _at(b, recent, b.mul(k, _const(8))))
    bits_next, k_next = b.xor(bits, b.shl(_const(1), bit)), b.add(k, _const(1))
    bits.add_incoming(bits_next, keep)
    k.add_incoming(k_next, keep)
    b.store(k_next, in_recent)
    b.cbranch(b.icmp_unsigned("!=", bits_next, _const(0)), keep, done)
    b.position_at_end(done)
    _add(b, field(b, cls, ALLOCS), 1)
    _spin_unlock(b, lock)
    b.ret(block_at(lowest))

    b = ir.IRBuilder(recycle.append_basic_block())
    mi = recycle.args[0]
    code = b.neg(b.load(field_ptr(b, mi, 16), typ=I64))
    cls, number = b.and_(code, _const(15)), b.lshr(code, _const(4))
    slab = b.inttoptr(b.and_(b.ptrtoint(mi, I64), _const(~(SLAB - 1))), PTR)
    w = b.lshr(number, _const(6))
    lock = field(b, cls, LOCK)
    _spin_lock(b, lock)
    _add(b, field(b, cls, FREES), 1)
    in_recent = field(b, cls, IN_RECENT)
    kept = b.load(in_recent, typ=I64)
    with b.if_then(b.icmp_signed("<", kept, _const(RECENT_BLOCKS))):   # kept for the next allocation
        b.store(mi, _at(b, field(b, cls, RECENT), b.mul(kept, _const(8))))
        b.store(b.add(kept, _const(1)), in_recent)
        _spin_unlock(b, lock)
        b.ret_void()
    word_at = _at(b, slab, b.add(_const(BITMAP), b.mul(w, _const(8))))
    b.store(b.or_(b.load(word_at, typ=I64), b.shl(_const(1), b.and_(number, _const(63)))), word_at)
    _add(b, _at(b, slab, FREE), 1)
    hint = _at(b, slab, HINT)
    b.store(b.select(b.icmp_signed("<", w, b.load(hint, typ=I64)), w, b.load(hint, typ=I64)), hint)
    stacked = _at(b, slab, STACKED)
    with b.if_then(b.icmp_signed("==", b.load(stacked, typ=I64), _const(0))):   # its first free block
        in_stack = field(b, cls, IN_STACK)
        depth = b.load(in_stack, typ=I64)
        b.store(slab, _at(b, field(b, cls, STACK), b.mul(depth, _const(8))))
        b.store(b.add(depth, _const(1)), in_stack)
        b.store(_const(1), stacked)
    _spin_unlock(b, lock)
    b.ret_void()


_address = []


def pool_counts():
    """(allocations, frees) of pooled string blocks, counted under their classes' locks."""
    if not _address:
        return 0, 0
    return tuple(sum(ctypes.c_int64.from_address(_address[0] + k * CLASS_BYTES + offset).value
                     for k in range(CLASSES)) for offset in (ALLOCS, FREES))


def registered(address):
    """Called once the runtime is compiled, with the address of the pool's table."""
    _address.append(address)
