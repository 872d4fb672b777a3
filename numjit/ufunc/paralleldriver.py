"""The parallel driver of a ufunc loop (``parallel=True``, numjit/ufunc/loops.py): the element loop
split over the thread pool (numjit/runtime/threadpool.py) where that cannot change the result,
a large single output streamed with non-temporal stores, the first error and the floating-point
flags of the helper threads brought back to the calling thread. Parallel gufunc loops share the
chunk and pool calls.

    >>> from llvmlite import ir
    >>> from numjit.ufunc.loops import emit_ufunc_loop
    >>> m = ir.Module("demo"); f64 = ir.DoubleType()
    >>> k = ir.Function(m, ir.FunctionType(ir.IntType(32), [ir.PointerType(), ir.PointerType(), f64]), "neg")
    >>> b = ir.IRBuilder(k.append_basic_block())
    >>> _ = b.store(b.fneg(k.args[2]), k.args[0]); _ = b.ret(ir.Constant(ir.IntType(32), 0))
    >>> emit_ufunc_loop(m, k, ["f8"], ["f8"], "neg_d_d", parallel=True)
    'neg_d_d'
    >>> sorted(f.name for f in m.functions if f.name.startswith("neg_d_d.parallel"))
    ['neg_d_d.parallel', 'neg_d_d.parallel.chunk', 'neg_d_d.parallel.chunk.stream', 'neg_d_d.parallel.stream']
"""
from llvmlite import ir

from ..runtime import threadpool
from .loopir import _PTR, _I8, _I32, _I64, _NULL, _VOID, _INNER_TYPE, _declare, _i64, _alloca, _all, _fenv

STREAM_BYTES = 1 << 23                 # parallel loops writing this much stream their output
_BLOCK_BYTES = 1 << 14                 # streamed through an L1-sized buffer of this many bytes
_VECTOR = ir.VectorType(ir.IntType(8), 32)


# Context handed to chunk functions: {ptr args, ptr steps, ptr err, i32 fpflags, ptr core_dims, ptr core_steps}
_CTX = ir.LiteralStructType([_PTR, _PTR, _PTR, _I32, _PTR, _PTR])
_CTX_ARGS, _CTX_STEPS, _CTX_ERR, _CTX_FP, _CTX_CDIMS, _CTX_CSTEPS = range(6)


def _field(b, ctx, index):
    return b.gep(ctx, [_i64(0), ir.Constant(_I32, index)], source_etype=_CTX)


def _emit_chunk(module, name, run_range, fp_errors=True):
    """``void chunk(ptr ctx, i64 start, i64 stop)`` for the pool: skips the work once
    some chunk failed, records the first excinfo and the floating-point flags."""
    fn = ir.Function(module, ir.FunctionType(_VOID, [_PTR, _I64, _I64]), name)
    fn.linkage = "internal"
    ctx, start, stop = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    work = fn.append_basic_block("work")
    leave = fn.append_basic_block("leave")
    failed = b.load_atomic(_field(b, ctx, _CTX_ERR), "monotonic", 8, typ=_PTR)
    b.cbranch(b.icmp_unsigned("!=", failed, _NULL), leave, work)
    b.position_at_end(work)
    fenv = _fenv(module) if fp_errors else None
    if fenv:
        b.call(fenv[2], [fenv[0]])
    err = run_range(b, ctx, start, stop)
    record = fn.append_basic_block("record")
    after = fn.append_basic_block("after")
    b.cbranch(b.icmp_unsigned("!=", err, _NULL), record, after)
    b.position_at_end(record)
    b.cmpxchg(_field(b, ctx, _CTX_ERR), _NULL, err, "monotonic", "monotonic")
    b.branch(after)
    b.position_at_end(after)
    if fenv:
        flags = b.call(fenv[1], [fenv[0]])
        b.atomic_rmw("or", _field(b, ctx, _CTX_FP), flags, "monotonic")
    b.branch(leave)
    b.position_at_end(leave)
    b.ret_void()
    return fn


def _run_parallel(module, b, chunk, ctx_values, n, min_chunk, fp_errors=True):
    """Fill a context, run `chunk` over [0, n) on the pool, raise the first error."""
    symbol = threadpool.parallel_for_symbol()   # compiles the pool once, before any caller
    pool = _declare(module, symbol, ir.FunctionType(_VOID, [_PTR, _PTR, _I64, _I64]))
    ctx = _alloca(b, _CTX, "ctx")
    for index, value in ctx_values.items():
        b.store(value, _field(b, ctx, index))
    b.store(_NULL, _field(b, ctx, _CTX_ERR))
    b.store(ir.Constant(_I32, 0), _field(b, ctx, _CTX_FP))
    fenv = _fenv(module) if fp_errors else None
    saved = b.call(fenv[1], [fenv[0]]) if fenv else None
    b.call(pool, [chunk, ctx, n, min_chunk])
    if fenv:
        flags = b.or_(saved, b.load(_field(b, ctx, _CTX_FP), typ=_I32))
        b.call(fenv[3], [flags])
    return b.load(_field(b, ctx, _CTX_ERR), typ=_PTR)


def _overlap_safe(b, bases, steps, ops, nin, n):
    """True when splitting [0, n) between threads cannot change the result: every
    output is either the very same array as an input or disjoint from all other
    operands, and no output has step 0."""
    last = b.sub(n, _i64(1))
    spans = []
    for base, step, op in zip(bases, steps, ops):
        start = b.ptrtoint(base, _I64)
        reach = b.mul(last, step)
        negative = b.icmp_signed("<", reach, _i64(0))
        lo = b.add(start, b.select(negative, reach, _i64(0)))
        hi = b.add(b.add(start, b.select(negative, _i64(0), reach)), _i64(op.size))
        spans.append((lo, hi))
    conds = []
    for o in range(nin, len(ops)):
        conds.append(b.icmp_signed("!=", steps[o], _i64(0)))
        for k in range(len(ops)):
            if k == o:
                continue
            disjoint = b.or_(b.icmp_unsigned("<=", spans[o][1], spans[k][0]),
                             b.icmp_unsigned("<=", spans[k][1], spans[o][0]))
            if k < nin:
                same = b.and_(b.icmp_unsigned("==", bases[k], bases[o]),
                              b.icmp_signed("==", steps[k], steps[o]))
                disjoint = b.or_(disjoint, same)
            conds.append(disjoint)
    return _all(b, conds)


def _emit_streaming(module, inner, ops, nin, name):
    """``ptr name(ptr args, i64 n, ptr steps)``: `inner` over a contiguous single output, blocks
    at a time into an L1-resident buffer, each copied out with aligned non-temporal stores (no
    read-for-ownership of output lines no cache would keep; the computing loop stays vectorised).
    The unaligned head, the last partial block and any other layout go to `inner` directly."""
    out, size = nin, ops[nin].size
    block = _BLOCK_BYTES // size
    fn = ir.Function(module, ir.FunctionType(_PTR, [_PTR, _I64, _PTR]), name)
    fn.linkage = "internal"
    args, n, steps = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    buffer = b.alloca(ir.ArrayType(_I8, _BLOCK_BYTES), name="buffer")
    buffer.align = 64
    buffer.type = _PTR
    local = _alloca(b, ir.ArrayType(_PTR, len(ops)), "args")
    base = b.load(b.gep(args, [_i64(out)], source_etype=_PTR), typ=_PTR)
    address = b.ptrtoint(base, _I64)
    step = b.load(b.gep(steps, [_i64(out)], source_etype=_I64), typ=_I64)
    plain = b.or_(b.icmp_signed("!=", step, _i64(size)), b.icmp_unsigned("!=", b.urem(address, _i64(size)), _i64(0)))
    head = b.udiv(b.urem(b.sub(_i64(0), address), _i64(32)), _i64(size))   # elements to a 32-byte boundary
    plain = b.or_(plain, b.icmp_signed("<", n, b.add(head, _i64(block))))
    direct, blocks = fn.append_basic_block("direct"), fn.append_basic_block("blocks")
    b.cbranch(plain, direct, blocks)
    b.position_at_end(direct)
    b.ret(b.call(inner, [args, n, steps]))

    def run(cb, start, count, into=None):
        """inner over elements [start, start + count), the output into `into` when given."""
        for k in range(len(ops)):
            kbase = cb.load(cb.gep(args, [_i64(k)], source_etype=_PTR), typ=_PTR)
            kstep = cb.load(cb.gep(steps, [_i64(k)], source_etype=_I64), typ=_I64)
            moved = into if (k == out and into is not None) else cb.gep(kbase, [cb.mul(start, kstep)], source_etype=_I8)
            cb.store(moved, cb.gep(local, [_i64(k)], source_etype=_PTR))
        return cb.call(inner, [local, count, steps])

    def or_fail(cb, err):
        fail, ok = fn.append_basic_block("fail"), fn.append_basic_block("ok")
        cb.cbranch(cb.icmp_unsigned("!=", err, _NULL), fail, ok)
        cb.position_at_end(fail)
        cb.fence("seq_cst")
        cb.ret(err)
        cb.position_at_end(ok)

    b.position_at_end(blocks)
    or_fail(b, run(b, _i64(0), head))
    nblocks = b.sdiv(b.sub(n, head), _i64(block))
    pre = b.block
    loop, body, after = (fn.append_basic_block(x) for x in ("loop", "body", "after"))
    b.branch(loop)
    b.position_at_end(loop)
    j = b.phi(_I64, name="j")
    j.add_incoming(_i64(0), pre)
    b.cbranch(b.icmp_signed("<", j, nblocks), body, after)
    b.position_at_end(body)
    start = b.add(head, b.mul(j, _i64(block)))
    or_fail(b, run(b, start, _i64(block), into=buffer))
    target = b.gep(base, [b.mul(start, _i64(size))], source_etype=_I8)
    copy_pre, copy = b.block, fn.append_basic_block("copy")   # aligned non-temporal stores
    b.branch(copy)
    b.position_at_end(copy)
    offset = b.phi(_I64, name="offset")
    offset.add_incoming(_i64(0), copy_pre)
    value = b.load(b.gep(buffer, [offset], source_etype=_I8), typ=_VECTOR, align=32)
    store = b.store(value, b.gep(target, [offset], source_etype=_I8), align=32)
    store.set_metadata("nontemporal", module.add_metadata([ir.Constant(_I32, 1)]))
    following = b.add(offset, _i64(32))
    offset.add_incoming(following, copy)
    copied = fn.append_basic_block("copied")
    b.cbranch(b.icmp_signed("<", following, _i64(_BLOCK_BYTES)), copy, copied)
    b.position_at_end(copied)
    j.add_incoming(b.add(j, _i64(1)), b.block)
    b.branch(loop)
    b.position_at_end(after)
    done = b.add(head, b.mul(nblocks, _i64(block)))
    err = run(b, done, b.sub(n, done))
    b.fence("seq_cst")                               # the streamed stores are weakly ordered
    b.ret(err)
    return fn


def _emit_driver(module, inner, resolve, ops, nin, name, min_chunk, fp_errors):
    """``ptr name(ptr args, i64 n, ptr steps)``: `inner` over [0, n) split over the thread pool
    (streamed when the one output is large) where splitting cannot change the result, else on this
    thread; returns the first failing chunk's excinfo or null.  `resolve` (when not None) compiles
    the lazy version the chunks will run, on this thread, first."""
    fn = ir.Function(module, _INNER_TYPE, name)
    fn.linkage = "internal"
    args, n, steps = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    bases = [b.load(b.gep(args, [_i64(k)], source_etype=_PTR), typ=_PTR) for k in range(len(ops))]
    step_values = [b.load(b.gep(steps, [_i64(k)], source_etype=_I64), typ=_I64)
                   for k in range(len(ops))]
    alone, threaded = fn.append_basic_block("alone"), fn.append_basic_block("threaded")
    b.cbranch(_overlap_safe(b, bases, step_values, ops, nin, n), threaded, alone)
    b.position_at_end(alone)
    b.ret(b.call(inner, [args, n, steps]))
    b.position_at_end(threaded)
    if resolve is not None:
        b.call(resolve, [args, n, steps])

    def run_range_of(loop):
        def run_range(cb, ctx, start, stop):
            chunk_args = cb.load(_field(cb, ctx, _CTX_ARGS), typ=_PTR)
            chunk_steps = cb.load(_field(cb, ctx, _CTX_STEPS), typ=_PTR)
            local = _alloca(cb, ir.ArrayType(_PTR, len(ops)), "args")
            for k in range(len(ops)):
                base = cb.load(cb.gep(chunk_args, [_i64(k)], source_etype=_PTR), typ=_PTR)
                step = cb.load(cb.gep(chunk_steps, [_i64(k)], source_etype=_I64), typ=_I64)
                moved = cb.gep(base, [cb.mul(start, step)], source_etype=_I8)
                cb.store(moved, cb.gep(local, [_i64(k)], source_etype=_PTR))
            return cb.call(loop, [local, cb.sub(stop, start), chunk_steps])
        return run_range

    chunk = _emit_chunk(module, name + ".chunk", run_range_of(inner), fp_errors)
    if len(ops) == nin + 1:            # a large output streams (_emit_streaming)
        streaming = _emit_streaming(module, inner, ops, nin, name + ".stream")
        streamed = _emit_chunk(module, name + ".chunk.stream", run_range_of(streaming), fp_errors)
        chunk = b.select(b.icmp_signed(">=", b.mul(n, _i64(ops[nin].size)), _i64(STREAM_BYTES)), streamed, chunk)
    b.ret(_run_parallel(module, b, chunk, {_CTX_ARGS: args, _CTX_STEPS: steps}, n,
                        _i64(max(min_chunk, 1)), fp_errors))
    return fn
