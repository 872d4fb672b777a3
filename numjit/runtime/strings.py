"""Native strings at run time (layout in numjit/types/strings.py): allocation, copying between
character kinds, slicing, comparison, hashing, searching, and the Python boundary.

A `str` argument is copied into a native string byte for byte (PEP 393 data needs no
re-encoding: the kind, length and data pointer are read from the PyUnicode object,
whose offsets are checked at import); a returned string becomes a Python str through
`PyUnicode_FromKindAndData`. One-character strings below U+0100 are preallocated (as
CPython does), so `s[i]` and iteration allocate nothing for Latin-1 text. The hash is
CPython's (`_Py_HashBytes` of the character data, as `str.__hash__`), so it equals
`hash(s)` in Python.

    >>> from numjit import njit
    >>> @njit
    ... def shout(s):
    ...     return s + "!", len(s), s[-1]
    >>> shout("héllo")
    ('héllo!', 5, 'o')
"""
import ctypes
import sys
import threading

from llvmlite import ir

from ..backend import jit
from ..types.strings import (LENGTH, KIND, ASCII, HASH, HEADER_BYTES, IMMORTAL, field_ptr,
                             length_of, kind_of, ascii_of, chars_of)
from . import memory
from .lists import memcpy

I1, I8, I16, I32, I64 = ir.IntType(1), ir.IntType(8), ir.IntType(16), ir.IntType(32), ir.IntType(64)
PTR = ir.PointerType()
VOID = ir.VoidType()
CACHED_CHARS = 256

# -- the PyUnicode object layout (PEP 393 compact strings), found and checked at import ----------

UNICODE_LENGTH, UNICODE_HASH, UNICODE_STATE = 16, 24, 32
ASCII_DATA = sys.getsizeof("") - 1              # sizeof(PyASCIIObject)
COMPACT_DATA = sys.getsizeof("\xe9") - 2        # sizeof(PyCompactUnicodeObject)


def _state(s):
    return ctypes.c_uint32.from_address(id(s) + UNICODE_STATE).value


def _find_kind_shift():
    probes = {"abc": 1, "\xe9t\xe9": 1, "\u0100x": 2, "\U00010000y": 4}
    for shift in range(0, 24):
        if all((_state(s) >> shift) & 7 == kind for s, kind in probes.items()):
            return shift
    raise ImportError("numjit does not know this CPython str layout")


KIND_SHIFT = _find_kind_shift()
COMPACT_BIT, ASCII_BIT = 1 << (KIND_SHIFT + 3), 1 << (KIND_SHIFT + 4)


def _check_layout():
    for s, offset, width in (("hello", ASCII_DATA, 1), ("h\xe9llo", COMPACT_DATA, 1),
                             ("h\u0100llo", COMPACT_DATA, 2), ("h\U00010000llo", COMPACT_DATA, 4)):
        state = _state(s)
        data = ctypes.string_at(id(s) + offset, len(s) * width)
        codec = {1: "latin-1", 2: "utf-16-le", 4: "utf-32-le"}[width]
        ok = (ctypes.c_int64.from_address(id(s) + UNICODE_LENGTH).value == len(s)
              and state & COMPACT_BIT and bool(state & ASCII_BIT) == s.isascii()
              and data == s.encode(codec, "surrogatepass"))
        if not ok:
            raise ImportError("numjit does not know this CPython str layout")


_check_layout()


def _hash_bytes_symbol():
    for name in ("Py_HashBuffer", "_Py_HashBytes"):
        fn = getattr(ctypes.pythonapi, name, None)
        if fn is not None:
            return name, ctypes.cast(fn, ctypes.c_void_p).value
    raise ImportError("this CPython exports no function hashing bytes as str.__hash__ does")


HASH_FUNCTION, _HASH_ADDRESS = _hash_bytes_symbol()

# -- character access (emitted inline) ------------------------------------------------------------

_WIDTH = {1: I8, 2: I16, 4: I32}


def _by_kind(b, kind, emit, ret_type, name="kind"):
    """emit(width) for the string's kind (1, 2 or 4), merged into one value (or None)."""
    fn = b.function
    end = fn.append_basic_block(f"{name}.end")
    blocks = {w: fn.append_basic_block(f"{name}.{w}") for w in (1, 2, 4)}
    sw = b.switch(kind, blocks[4])
    sw.add_case(ir.Constant(I32, 1), blocks[1])
    sw.add_case(ir.Constant(I32, 2), blocks[2])
    incoming = []
    for w, block in blocks.items():
        b.position_at_end(block)
        value = emit(w)
        incoming.append((value, b.block))
        b.branch(end)
    b.position_at_end(end)
    if ret_type is None:
        return None
    phi = b.phi(ret_type)
    for value, block in incoming:
        phi.add_incoming(value, block)
    return phi


def load_code(b, data, width, i):
    value = b.load(b.gep(data, [i], source_etype=_WIDTH[width]), typ=_WIDTH[width])
    return b.zext(value, I32) if width < 4 else value


def store_code(b, data, width, i, code):
    b.store(code if width == 4 else b.trunc(code, _WIDTH[width]), b.gep(data, [i], source_etype=_WIDTH[width]))


def get_code(b, s, i):
    """The code point s[i] (an i32; i is not checked)."""
    data = chars_of(b, s)
    return _by_kind(b, kind_of(b, s), lambda w: load_code(b, data, w, i), I32, "getcode")


def for_range(b, start, stop, name="loop"):
    from .lists import for_range as loop
    return loop(b, start, stop, name)


# -- the runtime module ---------------------------------------------------------------------------

def _alloca(b, ty):
    with b.goto_entry_block():
        b.position_at_start(b.function.entry_basic_block)
        return b.alloca(ty)


def _declare(m, name, ret, args):
    fn = m.globals.get(name)
    return fn if fn is not None else ir.Function(m, ir.FunctionType(ret, args), name)


POOL_CLASSES, POOL_UNIT, POOL_BYTES = 8, 32, 16 << 20
POOL_ENTRY = ir.LiteralStructType([PTR, I64, I32, I32, I64, I64])  # {free list, count, lock, pad, allocs, frees}
POOL_FIELDS, POOL_ENTRY_BYTES = (0, 8, 16, 24, 32), 40    # byte offsets of the fields above (pad left out)
FREE_LIST, COUNT, LOCK, ALLOCS, FREES = range(5)


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


def _bump(b, ptr):
    b.store(b.add(b.load(ptr, typ=I64), ir.Constant(I64, 1)), ptr)


def _build_pool(m):
    """Small strings (blocks of up to POOL_CLASSES * POOL_UNIT bytes) are recycled through one free
    list per size class instead of going back to malloc: splitting a text makes and drops many
    short-lived small blocks, and glibc would otherwise return the heap to the system after each
    call and fault it back in on the next (2x on a 1 MB split). Each list keeps at most POOL_BYTES
    of blocks (memory the process keeps, as pymalloc keeps its arenas); its spin lock is held for
    a push or a pop only, and guards the class's allocation and free counts too (added to the
    memory runtime's counts by `pool_counts`), so a pooled string costs no other atomic operation.

    ptr  numjit_str_block(i64 nbytes)   a block with its meminfo fields set (NULL: out of memory)
    void numjit_str_recycle(ptr mi)     the destructor of pooled strings (their nbytes is < 0)"""
    malloc, free = _declare(m, "malloc", PTR, [I64]), _declare(m, "free", VOID, [PTR])
    allocs = ir.GlobalVariable(m, I64, "numjit_alloc_count")
    pool_ty = ir.ArrayType(POOL_ENTRY, POOL_CLASSES)
    pool = ir.GlobalVariable(m, pool_ty, "numjit_str_pool")
    pool.initializer = ir.Constant(pool_ty, None)
    recycle = ir.Function(m, ir.FunctionType(VOID, [PTR]), "numjit_str_recycle")

    def entry(b, cls, field):                   # &pool[cls - 1].<field>
        offset = b.add(b.mul(b.sub(cls, ir.Constant(I64, 1)), ir.Constant(I64, POOL_ENTRY_BYTES)), ir.Constant(I64, POOL_FIELDS[field]))
        base = b.inttoptr(b.ptrtoint(pool, I64), PTR)        # (an untyped pointer to the table)
        return b.gep(base, [offset], source_etype=I8)

    fn = ir.Function(m, ir.FunctionType(PTR, [I64]), "numjit_str_block")
    size = fn.args[0]
    b = ir.IRBuilder(fn.append_basic_block())
    cls = b.udiv(b.add(size, ir.Constant(I64, POOL_UNIT - 1)), ir.Constant(I64, POOL_UNIT))
    block = b.alloca(PTR)
    with b.if_then(b.icmp_unsigned(">", cls, ir.Constant(I64, POOL_CLASSES))):
        big = b.call(malloc, [size])
        with b.if_then(b.icmp_unsigned("!=", big, ir.Constant(PTR, None))):
            b.store(size, field_ptr(b, big, 16))
            b.store(ir.Constant(PTR, None), field_ptr(b, big, 24))
            b.atomic_rmw("add", allocs, ir.Constant(I64, 1), "monotonic")
        b.ret(big)
    lock = entry(b, cls, LOCK)
    _spin_lock(b, lock)
    head = b.load(entry(b, cls, FREE_LIST), typ=PTR)
    has = b.icmp_unsigned("!=", head, ir.Constant(PTR, None))
    with b.if_then(has):
        b.store(b.load(field_ptr(b, head, 8), typ=PTR), entry(b, cls, FREE_LIST))   # next: in the data field
        count = entry(b, cls, COUNT)
        b.store(b.sub(b.load(count, typ=I64), ir.Constant(I64, 1)), count)
        _bump(b, entry(b, cls, ALLOCS))
    _spin_unlock(b, lock)
    b.store(head, block)
    with b.if_then(b.not_(has)):
        fresh = b.call(malloc, [b.mul(cls, ir.Constant(I64, POOL_UNIT))])
        b.store(fresh, block)
        with b.if_then(b.icmp_unsigned("!=", fresh, ir.Constant(PTR, None))):
            b.atomic_rmw("add", allocs, ir.Constant(I64, 1), "monotonic")
    out = b.load(block, typ=PTR)
    with b.if_then(b.icmp_unsigned("!=", out, ir.Constant(PTR, None))):
        b.store(b.neg(cls), field_ptr(b, out, 16))
        b.store(recycle, field_ptr(b, out, 24))
    b.ret(out)

    b = ir.IRBuilder(recycle.append_basic_block())
    mi = recycle.args[0]
    cls = b.neg(b.load(field_ptr(b, mi, 16), typ=I64))
    lock = entry(b, cls, LOCK)
    _spin_lock(b, lock)
    _bump(b, entry(b, cls, FREES))
    count = entry(b, cls, COUNT)
    n = b.load(count, typ=I64)
    cap = b.udiv(ir.Constant(I64, POOL_BYTES // POOL_UNIT), cls)
    keep = b.icmp_signed("<", n, cap)
    with b.if_then(keep):
        b.store(b.load(entry(b, cls, FREE_LIST), typ=PTR), field_ptr(b, mi, 8))
        b.store(mi, entry(b, cls, FREE_LIST))
        b.store(b.add(n, ir.Constant(I64, 1)), count)
    _spin_unlock(b, lock)
    with b.if_then(b.not_(keep)):
        b.call(free, [mi])
    b.ret_void()


def pool_counts():
    """(allocations, frees) of pooled string blocks, counted under their classes' locks."""
    if "numjit_str_pool" not in _state:
        return 0, 0
    stride = POOL_ENTRY_BYTES // 8
    table = (ctypes.c_int64 * (stride * POOL_CLASSES)).from_address(_state["numjit_str_pool"])
    return (sum(table[k * stride + POOL_FIELDS[ALLOCS] // 8] for k in range(POOL_CLASSES)),
            sum(table[k * stride + POOL_FIELDS[FREES] // 8] for k in range(POOL_CLASSES)))


def _build_new(m):
    """ptr numjit_str_new(i64 length, i32 kind, i32 ascii): NULL when out of memory.

    One block holds the meminfo fields, the string header and the characters (no 64-byte
    alignment: small strings stay small, and come from the pool); it counts as an allocation
    of the memory runtime and is released by it."""
    block = m.globals["numjit_str_block"]
    fn = ir.Function(m, ir.FunctionType(PTR, [I64, I32, I32]), "numjit_str_new")
    n, kind, ascii_ = fn.args
    b = ir.IRBuilder(fn.append_basic_block())
    k64 = b.zext(kind, I64)
    nbytes = b.add(ir.Constant(I64, LENGTH + HEADER_BYTES + 4), b.mul(n, k64))     # (+ a 4-byte zero)
    s = b.call(block, [nbytes])
    with b.if_then(b.icmp_unsigned("==", s, ir.Constant(PTR, None)), likely=False):
        b.ret(s)
    for offset, value in ((0, ir.Constant(I64, 1)), (8, field_ptr(b, s, LENGTH))):
        b.store(value, field_ptr(b, s, offset))
    b.store(n, field_ptr(b, s, LENGTH))
    b.store(kind, field_ptr(b, s, KIND))
    b.store(ascii_, field_ptr(b, s, ASCII))
    b.store(ir.Constant(I64, -1), field_ptr(b, s, HASH))
    b.store(ir.Constant(I32, 0), b.gep(chars_of(b, s), [b.mul(n, k64)], source_etype=I8))  # (kind 1: 4 bytes)
    b.ret(s)
    return fn


def _build_copy(m):
    """void numjit_str_copy(ptr dst, i64 at, ptr src, i64 start, i64 step, i64 count):
    dst[at:at+count] = src[start::step][:count], converting between kinds."""
    fn = ir.Function(m, ir.FunctionType(VOID, [PTR, I64, PTR, I64, I64, I64]), "numjit_str_copy")
    dst, at, src, start, step, count = fn.args
    b = ir.IRBuilder(fn.append_basic_block())
    dkind, skind = kind_of(b, dst), kind_of(b, src)
    ddata, sdata = chars_of(b, dst), chars_of(b, src)
    fast = b.and_(b.icmp_unsigned("==", dkind, skind), b.icmp_signed("==", step, ir.Constant(I64, 1)))
    with b.if_then(fast):
        k = b.zext(dkind, I64)
        memcpy(m, b, b.gep(ddata, [b.mul(at, k)], source_etype=I8), b.gep(sdata, [b.mul(start, k)], source_etype=I8),
               b.mul(count, k))
        b.ret_void()

    def by_dst(dw):
        def by_src(sw):
            with for_range(b, ir.Constant(I64, 0), count, "copy") as i:
                code = load_code(b, sdata, sw, b.add(start, b.mul(i, step)))
                store_code(b, ddata, dw, b.add(at, i), code)
        _by_kind(b, skind, by_src, None, "src")
    _by_kind(b, dkind, by_dst, None, "dst")
    b.ret_void()
    return fn


def _build_slice(m):
    """ptr numjit_str_slice(ptr src, i64 start, i64 step, i64 count): a new string in the
    narrowest kind holding its characters (NULL when out of memory)."""
    new, copy = m.globals["numjit_str_new"], m.globals["numjit_str_copy"]
    fn = ir.Function(m, ir.FunctionType(PTR, [PTR, I64, I64, I64]), "numjit_str_slice")
    src, start, step, count = fn.args
    b = ir.IRBuilder(fn.append_basic_block())
    kind, data = kind_of(b, src), chars_of(b, src)

    def widest(w):          # the OR of the codes: below 128, 256, 65536 exactly when their maximum is
        top = _alloca(b, I32)
        b.store(ir.Constant(I32, 0), top)
        with for_range(b, ir.Constant(I64, 0), count, "max") as i:
            code = load_code(b, data, w, b.add(start, b.mul(i, step)))
            b.store(b.or_(b.load(top), code), top)
        return b.load(top)
    src_ascii = b.icmp_unsigned("!=", ascii_of(b, src), ir.Constant(I32, 0))
    top = _alloca(b, I32)
    b.store(ir.Constant(I32, 0), top)
    with b.if_then(b.not_(src_ascii)):
        b.store(_by_kind(b, kind, widest, I32, "widest"), top)
    top = b.load(top)
    new_kind = b.select(b.icmp_unsigned("<", top, ir.Constant(I32, 256)), ir.Constant(I32, 1),
                        b.select(b.icmp_unsigned("<", top, ir.Constant(I32, 65536)), ir.Constant(I32, 2),
                                 ir.Constant(I32, 4)))
    out = b.call(new, [count, new_kind, b.zext(b.icmp_unsigned("<", top, ir.Constant(I32, 128)), I32)])
    with b.if_then(b.icmp_unsigned("==", out, ir.Constant(PTR, None)), likely=False):
        b.ret(out)
    with b.if_else(b.and_(b.icmp_unsigned("==", new_kind, kind), b.icmp_signed("==", step, ir.Constant(I64, 1)))) as (
            same, other):
        with same:                              # (most slices: a byte copy, inline when short)
            k = b.zext(kind, I64)
            _copy_bytes(m, b, chars_of(b, out), b.gep(data, [b.mul(start, k)], source_etype=I8), b.mul(count, k))
        with other:
            b.call(copy, [out, ir.Constant(I64, 0), src, start, step, count])
    b.ret(out)
    return fn


def _copy_bytes(m, b, dst, src, nbytes):
    """memcpy, with up to 16 bytes copied inline (two overlapping loads and stores, or bytes)."""
    def at(p, offset):
        return b.gep(p, [offset], source_etype=I8)

    def pair(width):                            # width <= nbytes <= 2 * width
        ty = ir.IntType(8 * width)
        last = b.sub(nbytes, ir.Constant(I64, width))
        head, tail = b.load(src, typ=ty, align=1), b.load(at(src, last), typ=ty, align=1)
        b.store(head, dst, align=1)
        b.store(tail, at(dst, last), align=1)
    with b.if_else(b.icmp_unsigned(">", nbytes, ir.Constant(I64, 16))) as (long, short):
        with long:
            memcpy(m, b, dst, src, nbytes)
        with short:
            with b.if_else(b.icmp_unsigned(">=", nbytes, ir.Constant(I64, 8))) as (eight, small):
                with eight:
                    pair(8)
                with small:
                    with b.if_else(b.icmp_unsigned(">=", nbytes, ir.Constant(I64, 4))) as (four, tiny):
                        with four:
                            pair(4)
                        with tiny:
                            with for_range(b, ir.Constant(I64, 0), nbytes, "byte") as i:
                                b.store(b.load(at(src, i), typ=I8), at(dst, i))


def _build_concat(m):
    """ptr numjit_str_concat(ptr a, ptr b)"""
    new, copy = m.globals["numjit_str_new"], m.globals["numjit_str_copy"]
    fn = ir.Function(m, ir.FunctionType(PTR, [PTR, PTR]), "numjit_str_concat")
    x, y = fn.args
    b = ir.IRBuilder(fn.append_basic_block())
    n, m_ = length_of(b, x), length_of(b, y)
    kx, ky = kind_of(b, x), kind_of(b, y)
    kind = b.select(b.icmp_unsigned(">", kx, ky), kx, ky)
    out = b.call(new, [b.add(n, m_), kind, b.and_(ascii_of(b, x), ascii_of(b, y))])
    with b.if_then(b.icmp_unsigned("!=", out, ir.Constant(PTR, None))):
        one, zero = ir.Constant(I64, 1), ir.Constant(I64, 0)
        b.call(copy, [out, zero, x, zero, one, n])
        b.call(copy, [out, n, y, zero, one, m_])
    b.ret(out)
    return fn


def _build_compare(m):
    """i64 numjit_str_compare(ptr a, ptr b): <0, 0, >0 as a < b, a == b, a > b (code points)."""
    memcmp = _declare(m, "memcmp", I32, [PTR, PTR, I64])
    fn = ir.Function(m, ir.FunctionType(I64, [PTR, PTR]), "numjit_str_compare")
    x, y = fn.args
    b = ir.IRBuilder(fn.append_basic_block())
    n, m_ = length_of(b, x), length_of(b, y)
    shorter = b.select(b.icmp_signed("<", n, m_), n, m_)
    kx, ky = kind_of(b, x), kind_of(b, y)
    with b.if_then(b.and_(b.icmp_unsigned("==", kx, ky), b.icmp_unsigned("==", kx, ir.Constant(I32, 1)))):
        c = b.call(memcmp, [chars_of(b, x), chars_of(b, y), shorter])
        with b.if_then(b.icmp_signed("!=", c, ir.Constant(I32, 0))):
            b.ret(b.sext(c, I64))
        b.ret(b.sub(n, m_))
    with for_range(b, ir.Constant(I64, 0), shorter, "cmp") as i:
        cx, cy = get_code(b, x, i), get_code(b, y, i)
        with b.if_then(b.icmp_unsigned("!=", cx, cy)):
            b.ret(b.sub(b.zext(cx, I64), b.zext(cy, I64)))
    b.ret(b.sub(n, m_))
    return fn


def _build_equal(m):
    """i1 numjit_str_equal(ptr a, ptr b): canonical kinds make equal strings byte-equal."""
    memcmp = _declare(m, "memcmp", I32, [PTR, PTR, I64])
    fn = ir.Function(m, ir.FunctionType(I1, [PTR, PTR]), "numjit_str_equal")
    x, y = fn.args
    b = ir.IRBuilder(fn.append_basic_block())
    with b.if_then(b.icmp_unsigned("==", x, y)):
        b.ret(ir.Constant(I1, 1))
    n, kind = length_of(b, x), kind_of(b, x)
    same = b.and_(b.icmp_signed("==", n, length_of(b, y)), b.icmp_unsigned("==", kind, kind_of(b, y)))
    with b.if_then(b.not_(same)):
        b.ret(ir.Constant(I1, 0))
    c = b.call(memcmp, [chars_of(b, x), chars_of(b, y), b.mul(n, b.zext(kind, I64))])
    b.ret(b.icmp_signed("==", c, ir.Constant(I32, 0)))
    return fn


def _build_hash(m):
    """i64 numjit_str_hash(ptr s): CPython's hash of the str, cached in the header."""
    hash_bytes = _declare(m, HASH_FUNCTION, I64, [PTR, I64])
    fn = ir.Function(m, ir.FunctionType(I64, [PTR]), "numjit_str_hash")
    s = fn.args[0]
    b = ir.IRBuilder(fn.append_basic_block())
    cached = b.load(field_ptr(b, s, HASH), typ=I64)
    with b.if_then(b.icmp_signed("!=", cached, ir.Constant(I64, -1))):
        b.ret(cached)
    h = b.call(hash_bytes, [chars_of(b, s), b.mul(length_of(b, s), b.zext(kind_of(b, s), I64))])
    b.store(h, field_ptr(b, s, HASH))          # (threads racing here store the same value)
    b.ret(h)
    return fn


def _build_find(m):
    """i64 numjit_str_find(ptr s, ptr sub, i64 start, i64 end, i32 reverse): the first (last)
    index in [start, end) where sub occurs, or -1; start/end are already clipped."""
    memchr = _declare(m, "memchr", PTR, [PTR, I32, I64])
    memcmp = _declare(m, "memcmp", I32, [PTR, PTR, I64])
    fn = ir.Function(m, ir.FunctionType(I64, [PTR, PTR, I64, I64, I32]), "numjit_str_find")
    s, sub, start, end, reverse = fn.args
    b = ir.IRBuilder(fn.append_basic_block())
    minus1, zero, one = ir.Constant(I64, -1), ir.Constant(I64, 0), ir.Constant(I64, 1)
    m_ = length_of(b, sub)
    last = b.sub(end, m_)                              # the last index a match can start at
    with b.if_then(b.icmp_signed("<", last, start)):
        b.ret(minus1)
    with b.if_then(b.icmp_signed("==", m_, zero)):
        b.ret(b.select(b.icmp_unsigned("!=", reverse, ir.Constant(I32, 0)), last, start))
    with b.if_then(b.icmp_unsigned(">", kind_of(b, sub), kind_of(b, s))):
        b.ret(minus1)                                  # sub holds a character s cannot
    data = chars_of(b, s)
    same_kind = b.icmp_unsigned("==", kind_of(b, sub), kind_of(b, s))
    forward = b.icmp_unsigned("==", reverse, ir.Constant(I32, 0))
    latin1 = b.icmp_unsigned("==", kind_of(b, s), ir.Constant(I32, 1))
    with b.if_then(b.and_(b.and_(same_kind, forward), latin1)):     # memchr for the first character
        first = b.zext(b.load(chars_of(b, sub), typ=I8), I32)
        rest = b.sub(m_, one)
        pos = _alloca(b, I64)
        b.store(start, pos)
        test, body, found, done = (fn.append_basic_block(x) for x in ("mc.test", "mc.body", "mc.found", "mc.done"))
        b.branch(test)
        b.position_at_end(test)
        p = b.load(pos)
        b.cbranch(b.icmp_signed(">", p, last), done, body)
        b.position_at_end(body)
        hit = b.call(memchr, [b.gep(data, [p], source_etype=I8), first, b.add(b.sub(last, p), one)])
        with b.if_then(b.icmp_unsigned("==", hit, ir.Constant(PTR, None))):
            b.ret(minus1)
        at = b.sub(b.ptrtoint(hit, I64), b.ptrtoint(data, I64))
        b.store(b.add(at, one), pos)
        tail = b.load(b.gep(hit, [rest], source_etype=I8), typ=I8)          # the last character first:
        same_tail = b.icmp_unsigned("==", tail, b.load(b.gep(chars_of(b, sub), [rest], source_etype=I8), typ=I8))
        compare = fn.append_basic_block("mc.compare")
        b.cbranch(same_tail, compare, test)                                 # most candidates stop here
        b.position_at_end(compare)
        c = b.call(memcmp, [b.gep(hit, [one], source_etype=I8), b.gep(chars_of(b, sub), [one], source_etype=I8), rest])
        b.cbranch(b.icmp_signed("==", c, ir.Constant(I32, 0)), found, test)
        b.position_at_end(found)
        b.ret(at)
        b.position_at_end(done)
        b.ret(minus1)
    count = b.add(b.sub(last, start), one)
    kslot, jslot = _alloca(b, I64), _alloca(b, I64)
    b.store(zero, kslot)
    outer, body, inner, compare, step = (fn.append_basic_block(x) for x in
                                         ("find.test", "find.body", "find.inner", "find.cmp", "find.next"))
    b.branch(outer)
    b.position_at_end(outer)
    k = b.load(kslot)
    with b.if_then(b.icmp_signed(">=", k, count)):
        b.ret(minus1)
    b.branch(body)
    b.position_at_end(body)
    i = b.select(forward, b.add(start, k), b.sub(last, k))
    b.store(zero, jslot)
    b.branch(inner)
    b.position_at_end(inner)
    j = b.load(jslot)
    with b.if_then(b.icmp_signed(">=", j, m_)):
        b.ret(i)
    b.branch(compare)
    b.position_at_end(compare)
    b.store(b.add(j, one), jslot)
    differs = b.icmp_unsigned("!=", get_code(b, s, b.add(i, j)), get_code(b, sub, j))
    b.cbranch(differs, step, inner)
    b.position_at_end(step)
    b.store(b.add(k, one), kslot)
    b.branch(outer)
    return fn


def _build_chars(m):
    """The preallocated one-character strings U+0000..U+00FF, and
    ptr numjit_str_chr(i32 code): a one-character string (a new reference; NULL: out of memory)."""
    new = m.globals["numjit_str_new"]
    entry = ir.LiteralStructType([I64, PTR, I64, PTR, I64, I32, I32, I64, I64, ir.ArrayType(I8, 8)])
    table_ty = ir.ArrayType(entry, CACHED_CHARS)
    table = ir.GlobalVariable(m, table_ty, "numjit_str_chars")
    table.align = 16
    entries = []
    for c in range(CACHED_CHARS):
        header = table.gep([ir.Constant(I32, 0), ir.Constant(I32, c), ir.Constant(I32, 4)])
        entries.append(ir.Constant(entry, [
            ir.Constant(I64, IMMORTAL), header, ir.Constant(I64, HEADER_BYTES + 2), ir.Constant(PTR, None),
            ir.Constant(I64, 1), ir.Constant(I32, 1), ir.Constant(I32, int(c < 128)), ir.Constant(I64, -1),
            ir.Constant(I64, 0), ir.Constant(ir.ArrayType(I8, 8), bytearray([c, 0, 0, 0, 0, 0, 0, 0]))]))
    table.initializer = ir.Constant(table_ty, entries)
    fn = ir.Function(m, ir.FunctionType(PTR, [I32]), "numjit_str_chr")
    code = fn.args[0]
    b = ir.IRBuilder(fn.append_basic_block())
    with b.if_then(b.icmp_unsigned("<", code, ir.Constant(I32, CACHED_CHARS))):
        b.ret(b.gep(table, [ir.Constant(I32, 0), code], source_etype=table_ty))
    kind = b.select(b.icmp_unsigned("<", code, ir.Constant(I32, 65536)), ir.Constant(I32, 2), ir.Constant(I32, 4))
    s = b.call(new, [ir.Constant(I64, 1), kind, ir.Constant(I32, 0)])
    with b.if_then(b.icmp_unsigned("!=", s, ir.Constant(PTR, None))):
        data = chars_of(b, s)
        _by_kind(b, kind, lambda w: store_code(b, data, w, ir.Constant(I64, 0), code), None, "put")
    b.ret(s)
    return fn


def _build():
    m = ir.Module("numjit.runtime.strings")
    m.triple = jit.host().triple
    m.data_layout = jit.host().data_layout
    for build in (_build_pool, _build_new, _build_copy, _build_slice, _build_concat, _build_compare, _build_equal,
                  _build_hash, _build_find, _build_chars):
        build(m)
    return m


# name -> (return type, argument types): the runtime's functions as generated code declares them
SIGNATURES = {
    "numjit_str_new": (PTR, [I64, I32, I32]), "numjit_str_copy": (VOID, [PTR, I64, PTR, I64, I64, I64]),
    "numjit_str_slice": (PTR, [PTR, I64, I64, I64]), "numjit_str_concat": (PTR, [PTR, PTR]),
    "numjit_str_compare": (I64, [PTR, PTR]), "numjit_str_equal": (I1, [PTR, PTR]),
    "numjit_str_hash": (I64, [PTR]), "numjit_str_find": (I64, [PTR, PTR, I64, I64, I32]),
    "numjit_str_chr": (PTR, [I32]),
}
EXTRA_CAPI = ("PyUnicode_FromKindAndData", "PyUnicode_Type", "PyBytes_FromStringAndSize", "PyBytes_Type")
_state = {}
_lock = threading.Lock()


def register():
    """Compile the string runtime once per process."""
    if _state:
        return
    with _lock:
        if _state:
            return
        from .cpython import register_symbols
        register_symbols()
        memory.register()
        jit.add_symbol(HASH_FUNCTION, _HASH_ADDRESS)
        jit.add_symbol("PyUnicode_FromKindAndData",
                       ctypes.cast(ctypes.pythonapi.PyUnicode_FromKindAndData, ctypes.c_void_p).value)
        jit.add_symbol("PyUnicode_Type", id(str))
        jit.add_symbol("PyBytes_Type", id(bytes))
        jit.add_symbol("PyBytes_FromStringAndSize",
                       ctypes.cast(ctypes.pythonapi.PyBytes_FromStringAndSize, ctypes.c_void_p).value)
        lib = jit.compile_runtime(_build())
        addresses = {name: lib.address(name) for name in SIGNATURES}
        for name, address in addresses.items():
            jit.add_symbol(name, address)
        _state.update(addresses)
        _state["numjit_str_pool"] = lib.address("numjit_str_pool")
        memory.count_also(pool_counts)


jit.provide(tuple(SIGNATURES) + EXTRA_CAPI + (HASH_FUNCTION,), register)


def declare(ctx, name):
    """The runtime function `name` in the module being built."""
    register()
    ret, args = SIGNATURES[name]
    return ctx.declare(name, ret, args)


# -- the Python boundary ---------------------------------------------------------------------------

def unbox_function(ctx):
    """`ptr unbox(PyObject *obj)`: a new native string with obj's characters; NULL if obj is no
    exact str (or memory ran out)."""
    name = "numjit.str.unbox"
    fn = ctx.module.globals.get(name)
    if fn is not None:
        return fn
    fn = ir.Function(ctx.module, ir.FunctionType(PTR, [PTR]), name)
    fn.linkage = "internal"
    b = ir.IRBuilder(fn.append_basic_block())
    from .boxing import field, type_of
    obj = fn.args[0]
    null = ir.Constant(PTR, None)
    with b.if_then(b.icmp_unsigned("!=", type_of(b, obj), ctx.global_var("PyUnicode_Type", I8)), likely=False):
        b.ret(null)
    state = field(b, obj, UNICODE_STATE, I32)
    with b.if_then(b.icmp_unsigned("==", b.and_(state, ir.Constant(I32, COMPACT_BIT)), ir.Constant(I32, 0)),
                   likely=False):
        b.ret(null)
    kind = b.and_(b.lshr(state, ir.Constant(I32, KIND_SHIFT)), ir.Constant(I32, 7))
    is_ascii = b.icmp_unsigned("!=", b.and_(state, ir.Constant(I32, ASCII_BIT)), ir.Constant(I32, 0))
    data = b.gep(obj, [b.select(is_ascii, ir.Constant(I64, ASCII_DATA), ir.Constant(I64, COMPACT_DATA))],
                 source_etype=I8)
    n = field(b, obj, UNICODE_LENGTH, I64)
    s = b.call(declare(ctx, "numjit_str_new"), [n, kind, b.zext(is_ascii, I32)])
    with b.if_then(b.icmp_unsigned("==", s, null), likely=False):
        b.ret(null)
    memcpy(ctx.module, b, chars_of(b, s), data, b.mul(n, b.zext(kind, I64)))
    b.store(field(b, obj, UNICODE_HASH, I64), field_ptr(b, s, HASH))
    b.ret(s)
    return fn


BYTES_SIZE, BYTES_HASH, BYTES_DATA = 16, 24, sys.getsizeof(b"") - 1


def _check_bytes_layout():
    probe = b"probe\xff"
    if (ctypes.string_at(id(probe) + BYTES_DATA, len(probe)) != probe
            or ctypes.c_int64.from_address(id(probe) + BYTES_SIZE).value != len(probe)):
        raise ImportError("numjit does not know this CPython bytes layout")
    hash(probe)
    if ctypes.c_int64.from_address(id(probe) + BYTES_HASH).value != hash(probe):
        raise ImportError("numjit does not know this CPython bytes layout")


_check_bytes_layout()


def unbox_bytes_function(ctx):
    """`ptr unbox(PyObject *obj)`: a new native string (kind 1) with the bytes of obj; NULL if obj is
    no exact bytes (or memory ran out)."""
    name = "numjit.bytes.unbox"
    fn = ctx.module.globals.get(name)
    if fn is not None:
        return fn
    fn = ir.Function(ctx.module, ir.FunctionType(PTR, [PTR]), name)
    fn.linkage = "internal"
    b = ir.IRBuilder(fn.append_basic_block())
    from .boxing import field, type_of
    obj = fn.args[0]
    null = ir.Constant(PTR, None)
    with b.if_then(b.icmp_unsigned("!=", type_of(b, obj), ctx.global_var("PyBytes_Type", I8)), likely=False):
        b.ret(null)
    n = field(b, obj, BYTES_SIZE, I64)
    s = b.call(declare(ctx, "numjit_str_new"), [n, ir.Constant(I32, 1), ir.Constant(I32, 0)])
    with b.if_then(b.icmp_unsigned("==", s, null), likely=False):
        b.ret(null)
    memcpy(ctx.module, b, chars_of(b, s), b.gep(obj, [ir.Constant(I64, BYTES_DATA)], source_etype=I8), n)
    b.store(field(b, obj, BYTES_HASH, I64), field_ptr(b, s, HASH))
    b.ret(s)
    return fn


def unbox_str(ctx, b, obj, ty, fail):
    from ..types.strings import BytesType
    unboxer = unbox_bytes_function(ctx) if isinstance(ty, BytesType) else unbox_function(ctx)
    s = b.call(unboxer, [obj])
    ok = b.append_basic_block("unbox.str")
    b.cbranch(b.icmp_unsigned("!=", s, ir.Constant(PTR, None)), ok, fail)
    b.position_at_end(ok)
    return s


def box_str(ctx, b, s, ty):
    """A Python str (bytes) for `s`, consuming its reference."""
    from ..types.strings import BytesType
    if isinstance(ty, BytesType):
        obj = b.call(ctx.declare("PyBytes_FromStringAndSize", PTR, [PTR, I64]), [chars_of(b, s), length_of(b, s)])
    else:
        obj = b.call(ctx.declare("PyUnicode_FromKindAndData", PTR, [I32, PTR, I64]),
                     [kind_of(b, s), chars_of(b, s), length_of(b, s)])
    b.call(ctx.declare("numjit_meminfo_decref", VOID, [PTR]), [s])
    return obj


def release_str(ctx, b, s, ty, after_call=True):
    b.call(ctx.declare("numjit_meminfo_decref", VOID, [PTR]), [s])
