"""Reference-counted buffers ("meminfo") for arrays made in compiled code, written as IR.

    meminfo = {i64 refcount, ptr data, i64 nbytes, ptr dtor}   followed by the data, 64-byte aligned

`numjit_meminfo_alloc(nbytes)` returns a meminfo with refcount 1; incref and
decref are atomic (nogil threads may share arrays); the last decref calls the
destructor `void dtor(ptr meminfo)` when one is set (containers release what
they hold, see numjit/runtime/lists.py), then frees (and counts) the block unless its
nbytes is negative (the destructor took it back and counted it: small strings,
runtime/strings.py). A buffer handed to Python is owned by a PyCapsule whose destructor decrefs it, so NumPy frees it when the last array view dies.
Blocks of HUGE_BYTES or more are madvise'd for transparent huge pages on Linux, as NumPy does
(where it does): a fresh 8 MB temporary otherwise costs 2048 page faults, and glibc gives freed
large blocks back to the system, so a function making temporaries pays them on every call.

Freed blocks of CACHE_MIN..CACHE_MAX bytes are kept (up to CACHE_LIMIT bytes in all, in CACHE_SLOTS
slots; NUMJIT_ALLOC_CACHE_MB sets the limit, 0 turns it off) and handed out again for a request of
the same page-rounded size: a kernel making the same temporaries on every call then reuses memory
whose pages are already mapped, instead of page-faulting on what glibc trimmed or unmapped (the
glibc state decides that call by call, which made such kernels bimodal). Counts are unchanged: a
block taken from the cache is an allocation, one put into it a free.

    >>> register()
    >>> allocs, frees = allocation_stats(); allocs >= frees
    True
"""
import ctypes

from llvmlite import ir

from ..backend import jit

I8, I32, I64 = ir.IntType(8), ir.IntType(32), ir.IntType(64)
PTR = ir.PointerType()
MEMINFO = ir.LiteralStructType([I64, PTR, I64, PTR])
DTOR_FIELD = 3                   # set by containers after allocation; null for plain buffers
HEADER = 64                      # meminfo header size; data starts 64-byte aligned after it
ALIGN = 64
MAX_BYTES = (1 << 62) - 1        # larger requests fail (NULL) before the header is added
HUGE_BYTES = 1 << 22             # NumPy's threshold for MADV_HUGEPAGE
MADV_HUGEPAGE, PAGE = 14, 4096
CACHE_MIN, CACHE_MAX = 1 << 17, 1 << 25   # glibc's first and largest mmap thresholds
CACHE_SLOTS = 16


def _huge_pages():
    """Does NumPy madvise huge pages here (Linux, and a kernel where that helps)?"""
    import sys
    import numpy as np
    get = getattr(getattr(np, "_core", np.core).multiarray, "_get_madvise_hugepage", None)
    return sys.platform.startswith("linux") and bool(get and get())

def _cache_limit():
    import os
    try:
        return max(0, int(float(os.environ.get("NUMJIT_ALLOC_CACHE_MB", "64")) * (1 << 20)))
    except ValueError:
        return 64 << 20

_state = {}


def _build():
    m = ir.Module("numjit.runtime.memory")
    m.triple = jit.host().triple
    m.data_layout = jit.host().data_layout
    allocs = ir.GlobalVariable(m, I64, "numjit_alloc_count")
    frees = ir.GlobalVariable(m, I64, "numjit_free_count")
    for g in (allocs, frees):
        g.initializer = ir.Constant(I64, 0)
    malloc = ir.Function(m, ir.FunctionType(PTR, [I64, I64]), "aligned_alloc")
    free = ir.Function(m, ir.FunctionType(ir.VoidType(), [PTR]), "free")
    block_size, take, put = _build_cache(m, free)

    # ptr numjit_meminfo_alloc(i64 nbytes): NULL when out of memory (or nbytes is absurd)
    fn = ir.Function(m, ir.FunctionType(PTR, [I64]), "numjit_meminfo_alloc")
    b = ir.IRBuilder(fn.append_basic_block())
    nbytes = fn.args[0]
    with b.if_then(b.icmp_unsigned(">", nbytes, ir.Constant(I64, MAX_BYTES)), likely=False):
        b.ret(ir.Constant(PTR, None))           # a negative or overflowed size: out of memory, never wrapped
    total = b.call(block_size, [nbytes])
    cached = b.call(take, [total])
    with b.if_then(b.icmp_unsigned("!=", cached, ir.Constant(PTR, None)), likely=False):
        _fill_header(b, cached, nbytes, allocs)
        b.ret(cached)
    block = b.call(malloc, [ir.Constant(I64, ALIGN), total])
    ok = b.icmp_unsigned("!=", block, ir.Constant(PTR, None))
    with b.if_then(ok):
        _fill_header(b, block, nbytes, allocs)
        if _huge_pages():
            madvise = ir.Function(m, ir.FunctionType(I32, [PTR, I64, I32]), "madvise")
            with b.if_then(b.icmp_unsigned(">=", total, ir.Constant(I64, HUGE_BYTES))):
                address = b.ptrtoint(block, I64)
                start = b.and_(b.add(address, ir.Constant(I64, PAGE - 1)), ir.Constant(I64, -PAGE))
                b.call(madvise, [b.inttoptr(start, PTR), b.sub(total, b.sub(start, address)),
                                 ir.Constant(I32, MADV_HUGEPAGE)])
    b.ret(block)

    # void numjit_meminfo_incref(ptr mi)   (null-safe)
    fn = ir.Function(m, ir.FunctionType(ir.VoidType(), [PTR]), "numjit_meminfo_incref")
    b = ir.IRBuilder(fn.append_basic_block())
    with b.if_then(b.icmp_unsigned("!=", fn.args[0], ir.Constant(PTR, None))):
        b.atomic_rmw("add", fn.args[0], ir.Constant(I64, 1), "monotonic")
    b.ret_void()

    release = ir.Function(m, ir.FunctionType(ir.VoidType(), [PTR]), "numjit_meminfo_free")

    # void numjit_meminfo_decref(ptr mi)   (null-safe; frees at zero)
    fn = ir.Function(m, ir.FunctionType(ir.VoidType(), [PTR]), "numjit_meminfo_decref")
    b = ir.IRBuilder(fn.append_basic_block())
    with b.if_then(b.icmp_unsigned("!=", fn.args[0], ir.Constant(PTR, None))):
        old = b.atomic_rmw("sub", fn.args[0], ir.Constant(I64, 1), "acq_rel")
        with b.if_then(b.icmp_signed("==", old, ir.Constant(I64, 1))):
            b.call(release, [fn.args[0]])
    b.ret_void()

    # void numjit_meminfo_free(ptr mi): the last reference is gone (inlined decrefs call this)
    b = ir.IRBuilder(release.append_basic_block())
    dtor = b.load(b.gep(release.args[0], [ir.Constant(I32, 0), ir.Constant(I32, DTOR_FIELD)],
                        source_etype=MEMINFO), typ=ir.FunctionType(ir.VoidType(), [PTR]).as_pointer())
    nbytes = b.load(b.gep(release.args[0], [ir.Constant(I32, 0), ir.Constant(I32, 2)], source_etype=MEMINFO),
                    typ=I64)
    with b.if_then(b.icmp_unsigned("!=", dtor, ir.Constant(dtor.type, None))):
        b.call(dtor, [release.args[0]])            # a container releases what it holds
    with b.if_then(b.icmp_signed(">=", nbytes, ir.Constant(I64, 0))):   # (negative: the destructor
        b.call(put, [release.args[0], b.call(block_size, [nbytes])])   # took the block and counted it)
        b.atomic_rmw("add", frees, ir.Constant(I64, 1), "monotonic")
    b.ret_void()

    # void numjit_capsule_release(PyObject *capsule): destructor of the capsule owning a buffer
    get_pointer = ir.Function(m, ir.FunctionType(PTR, [PTR, PTR]), "PyCapsule_GetPointer")
    fn = ir.Function(m, ir.FunctionType(ir.VoidType(), [PTR]), "numjit_capsule_release")
    b = ir.IRBuilder(fn.append_basic_block())
    mi = b.call(get_pointer, [fn.args[0], ir.Constant(PTR, None)])
    b.call(m.globals["numjit_meminfo_decref"], [mi])
    b.ret_void()
    return m


def _fill_header(b, block, nbytes, allocs):
    """A fresh meminfo at `block`: refcount 1, its data, nbytes, no destructor; counted."""
    def field(index):
        return b.gep(block, [ir.Constant(I32, 0), ir.Constant(I32, index)], source_etype=MEMINFO)
    b.store(ir.Constant(I64, 1), field(0))
    b.store(b.gep(block, [ir.Constant(I64, HEADER)], source_etype=I8), field(1))
    b.store(nbytes, field(2))
    b.store(ir.Constant(PTR, None), field(DTOR_FIELD))
    b.atomic_rmw("add", allocs, ir.Constant(I64, 1), "monotonic")


def _build_cache(m, free):
    """The cache of freed large blocks: `i64 block_size(i64 nbytes)` (the bytes malloc'd for a
    meminfo of nbytes: 64-byte multiples, whole pages from CACHE_MIN on), `ptr take(i64 size)`
    (a cached block of exactly that size, or NULL) and `void put(ptr block, i64 size)` (keep it, or
    free it when it is not cacheable or the cache is full). Lock-free: a slot is taken by exchanging
    it with NULL, filled by a compare-exchange from NULL; `sizes` is only a hint read before taking."""
    from .lists import for_range
    limit = _cache_limit()
    slots = ir.GlobalVariable(m, ir.ArrayType(PTR, CACHE_SLOTS), "numjit_cache_slots")
    sizes = ir.GlobalVariable(m, ir.ArrayType(I64, CACHE_SLOTS), "numjit_cache_sizes")
    held = ir.GlobalVariable(m, I64, "numjit_cache_bytes")
    for g in (slots, sizes, held):
        g.initializer = ir.Constant(g.value_type, None)
        g.linkage = "internal"
    const = lambda v: ir.Constant(I64, v)  # noqa: E731
    null = ir.Constant(PTR, None)

    def function(name, ret, args):
        fn = ir.Function(m, ir.FunctionType(ret, args), name)
        fn.linkage = "internal"
        return fn, ir.IRBuilder(fn.append_basic_block())

    def slot(b, table, i):
        return b.gep(table, [ir.Constant(I32, 0), i])

    block_size, b = function("numjit_block_size", I64, [I64])
    total = b.and_(b.add(block_size.args[0], const(HEADER + ALIGN - 1)), const(~(ALIGN - 1)))
    paged = b.and_(b.add(total, const(PAGE - 1)), const(-PAGE))
    b.ret(b.select(b.icmp_unsigned(">=", total, const(CACHE_MIN)), paged, total))

    def cacheable(b, size):
        return b.and_(b.icmp_unsigned(">=", size, const(CACHE_MIN)), b.icmp_unsigned("<=", size, const(CACHE_MAX)))

    put, b = function("numjit_cache_put", ir.VoidType(), [PTR, I64])
    block, size = put.args
    if limit >= CACHE_MIN:
        with b.if_then(cacheable(b, size)):
            before = b.atomic_rmw("add", held, size, "monotonic")
            with b.if_then(b.icmp_unsigned("<=", b.add(before, size), const(limit))):
                with for_range(b, const(0), const(CACHE_SLOTS), "put") as i:
                    pair = b.cmpxchg(slot(b, slots, i), null, block, "acq_rel", "monotonic")
                    with b.if_then(b.extract_value(pair, 1)):
                        b.store_atomic(size, slot(b, sizes, i), "monotonic", 8)
                        b.ret_void()
            b.atomic_rmw("sub", held, size, "monotonic")
    b.call(free, [block])
    b.ret_void()

    take, b = function("numjit_cache_take", PTR, [I64])
    size = take.args[0]
    if limit >= CACHE_MIN:
        with b.if_then(cacheable(b, size)):
            with for_range(b, const(0), const(CACHE_SLOTS), "take") as i:
                hint = b.load_atomic(slot(b, sizes, i), "monotonic", 8, typ=I64)
                with b.if_then(b.icmp_unsigned("==", hint, size)):
                    got = b.atomic_rmw("xchg", slot(b, slots, i), null, "acquire")
                    with b.if_then(b.icmp_unsigned("!=", got, null)):
                        nbytes = b.load(b.gep(got, [ir.Constant(I32, 0), ir.Constant(I32, 2)], source_etype=MEMINFO),
                                        typ=I64)
                        mine = b.call(block_size, [nbytes])
                        with b.if_then(b.icmp_unsigned("==", mine, size), likely=True):
                            b.atomic_rmw("sub", held, size, "monotonic")
                            b.ret(got)
                        b.atomic_rmw("sub", held, mine, "monotonic")
                        b.call(put, [got, mine])           # another size took the slot meanwhile
    b.ret(null)
    return block_size, take, put


SYMBOLS = ("numjit_meminfo_alloc", "numjit_meminfo_incref", "numjit_meminfo_decref", "numjit_meminfo_free",
           "numjit_capsule_release", "numjit_alloc_count", "numjit_free_count")


def register():
    """Compile the runtime once per process and make its symbols visible to generated code."""
    with jit._lock:
        if not _state:
            _define()


def _define():
    jit.add_symbol("PyCapsule_GetPointer", ctypes.cast(ctypes.pythonapi.PyCapsule_GetPointer, ctypes.c_void_p).value)
    jit.add_symbol("PyCapsule_New", ctypes.cast(ctypes.pythonapi.PyCapsule_New, ctypes.c_void_p).value)
    lib = jit.compile_runtime(_build())
    for name in SYMBOLS:
        address = lib.address(name)
        jit.add_symbol(name, address)
        _state[name] = address


jit.provide(SYMBOLS + ("PyCapsule_GetPointer", "PyCapsule_New"), register)


_more_counts = []


def count_also(counts):
    """Add `counts()` -> (allocations, frees) to allocation_stats: blocks a runtime counts itself
    (pooled strings, runtime/strings.py, count under their pool's lock)."""
    _more_counts.append(counts)


def allocation_stats():
    """(allocations, frees) of buffers made by compiled code since the process started."""
    register()
    allocs = ctypes.c_int64.from_address(_state["numjit_alloc_count"]).value
    frees = ctypes.c_int64.from_address(_state["numjit_free_count"]).value
    for counts in _more_counts:
        more_allocs, more_frees = counts()
        allocs, frees = allocs + more_allocs, frees + more_frees
    return allocs, frees
