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

Freed blocks are kept for reuse, up to 64 MB in all (NUMJIT_ALLOC_CACHE_MB; 0 turns it off):
see runtime/blockcache.py. Counts are unchanged by it: a block taken from the cache is an
allocation, one put into it a free.

    >>> register()
    >>> allocs, frees = allocation_stats(); allocs >= frees
    True
"""
import ctypes

from llvmlite import ir

from ..backend import jit
from . import blockcache

I8, I32, I64 = ir.IntType(8), ir.IntType(32), ir.IntType(64)
PTR = ir.PointerType()
MEMINFO = ir.LiteralStructType([I64, PTR, I64, PTR])
DTOR_FIELD = 3                   # set by containers after allocation; null for plain buffers
HEADER = 64                      # meminfo header size; data starts 64-byte aligned after it
ALIGN = 64
MAX_BYTES = (1 << 62) - 1        # larger requests fail (NULL) before the header is added
HUGE_BYTES = 1 << 22             # NumPy's threshold for MADV_HUGEPAGE
MADV_HUGEPAGE, PAGE = 14, 4096
PLACES = 4                       # large arrays' data start at page offsets 0, 1/4, 2/4, 3/4 in turn


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
    block_size, take, put = blockcache.build(m, free, _cache_limit())

    # ptr numjit_meminfo_alloc(i64 nbytes): NULL when out of memory (or nbytes is absurd)
    fn = ir.Function(m, ir.FunctionType(PTR, [I64]), "numjit_meminfo_alloc")
    b = ir.IRBuilder(fn.append_basic_block())
    nbytes = fn.args[0]
    with b.if_then(b.icmp_unsigned(">", nbytes, ir.Constant(I64, MAX_BYTES)), likely=False):
        b.ret(ir.Constant(PTR, None))           # a negative or overflowed size: out of memory, never wrapped
    total = b.call(block_size, [nbytes])
    cached = b.call(take, [total])
    with b.if_then(b.icmp_unsigned("!=", cached, ir.Constant(PTR, None))):
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

    # ptr numjit_array_alloc(i64 nbytes): an array's meminfo. From LARGE_MIN bytes on, its data
    # starts at page offset (k mod PLACES) * PAGE / PLACES (k counts such arrays; the block has a
    # page to spare): arrays made together (a stencil's grids) then never share their page
    # offsets, which would make one's stores and another's loads alias in the CPU's store buffer
    # (4K aliasing; a Jacobi sweep runs 15 % slower when its two grids' offsets are within 512
    # bytes). Only arrays move their data: lists, instances and strings find theirs at HEADER.
    counter = ir.GlobalVariable(m, I64, "numjit_array_count")
    counter.initializer, counter.linkage = ir.Constant(I64, 0), "internal"
    fn = ir.Function(m, ir.FunctionType(PTR, [I64]), "numjit_array_alloc")
    b = ir.IRBuilder(fn.append_basic_block())
    nbytes = fn.args[0]
    large = b.and_(b.icmp_unsigned(">=", nbytes, ir.Constant(I64, blockcache.LARGE_MIN)),
                   b.icmp_unsigned("<=", nbytes, ir.Constant(I64, MAX_BYTES - PAGE)))
    with b.if_then(large):
        mi = b.call(m.globals["numjit_meminfo_alloc"], [b.add(nbytes, ir.Constant(I64, PAGE))])
        with b.if_then(b.icmp_unsigned("!=", mi, ir.Constant(PTR, None))):
            k = b.atomic_rmw("add", counter, ir.Constant(I64, 1), "monotonic")
            place = b.mul(b.urem(k, ir.Constant(I64, PLACES)), ir.Constant(I64, PAGE // PLACES))
            here = b.add(b.ptrtoint(mi, I64), ir.Constant(I64, HEADER))
            shift = b.and_(b.sub(place, here), ir.Constant(I64, PAGE - 1))
            data = b.gep(mi, [ir.Constant(I32, 0), ir.Constant(I32, 1)], source_etype=MEMINFO)
            b.store(b.inttoptr(b.add(here, shift), PTR), data)
        b.ret(mi)
    b.ret(b.call(m.globals["numjit_meminfo_alloc"], [nbytes]))

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


SYMBOLS = ("numjit_meminfo_alloc", "numjit_array_alloc", "numjit_meminfo_incref", "numjit_meminfo_decref", "numjit_meminfo_free",
           "numjit_capsule_release", "numjit_alloc_count", "numjit_free_count") + blockcache.HELD


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


def cached_bytes():
    """(small, large): bytes of freed blocks the cache holds now (runtime/blockcache.py)."""
    register()
    return tuple(ctypes.c_int64.from_address(_state[name]).value for name in blockcache.HELD)
