"""Code outlined from a function to run on the thread pool: `prange` bodies, parallel array expressions.

    run_on_pool(low, n, pointers, make_lowerer)

emits, in the enclosing function `low`, a call of `numjit_parallel_for` over iterations
[0, n) and a chunk function `void chunk(ptr ctx, i64 k0, i64 k1)` lowered by
`make_lowerer(low, fn)` (an `OutlinedLowerer`). The context is an array of pointers:

    ctx[0] = the enclosing function's excinfo slot     ctx[1] = i32 "a chunk failed" flag
    ctx[2 + i] = pointers[i]                           (read with OutlinedLowerer.pointer(i))

A chunk that raises stores its exception in a slot of its own, copies it to ctx[0] and sets the flag; the other chunks
finish, then the enclosing function raises it. The GIL is released while the pool runs.

    >>> OutlinedLowerer.HEADER
    2
"""
from llvmlite import ir

from .context import I1, I32, I64, PTR, STATUS_OK
from .lower import FunctionLowerer


class OutlinedLowerer(FunctionLowerer):
    """Lowers `i32 body(ptr ctx, i64 k0, i64 k1)`; subclasses emit the work in `emit_body`."""

    HEADER = 2

    def __init__(self, parent, fn):
        super().__init__(parent.ctx, parent.t, fn)
        self.retptr = None

    def pointer(self, i):
        """The enclosing function's pointer number i (see run_on_pool)."""
        b = self.builder
        return b.load(b.gep(self.fn.args[0], [ir.Constant(I32, self.HEADER + i)], source_etype=PTR), typ=PTR)

    def lower(self):
        self.builder = b = ir.IRBuilder(self.fn.append_basic_block("entry"))
        for name, ty in self.t.vars.items():
            self.vars[name] = self.new_slot(ty, name)
        for name in self.t.vars:
            flag = self.ctx.alloca(b, I1, name=name + ".defined")
            b.store(ir.Constant(I1, 0), flag)
            self.defined[name] = flag
        self.shared_excinfo = b.load(self.fn.args[0], typ=PTR)
        self.excinfo = self.ctx.alloca(b, PTR)     # on this thread's stack (see stack_guard)
        k0, k1 = self.fn.args[1], self.fn.args[2]
        assume = self.ctx.declare("llvm.assume", ir.VoidType(), [I1])
        b.call(assume, [b.icmp_signed(">=", k0, ir.Constant(I64, 0))])   # the pool's chunks: 0 <= k0 <= k1
        b.call(assume, [b.icmp_signed("<=", k0, k1)])
        self.emit_body(k0, k1)
        self.release_all()
        self.builder.ret(STATUS_OK)

    def emit_body(self, k0, k1):
        raise NotImplementedError

    def leave_raising(self, builder=None):
        """The exception goes to the enclosing function's slot (ctx[0]); run_on_pool raises it."""
        b = builder or self.builder
        b.store(b.load(self.excinfo, typ=PTR), self.shared_excinfo)
        super().leave_raising(builder)

    def locked(self, lock, body):
        """body() with the i32 spin lock at `lock` held (chunks combining their partial results)."""
        b = self.builder
        spin, held = self.fn.append_basic_block("lock"), self.fn.append_basic_block("locked")
        b.branch(spin)
        b.position_at_end(spin)
        got = b.cmpxchg(lock, ir.Constant(I32, 0), ir.Constant(I32, 1), "acquire", "monotonic")
        b.cbranch(b.extract_value(got, 1), held, spin)
        b.position_at_end(held)
        body()
        b.atomic_rmw("xchg", lock, ir.Constant(I32, 0), "release")

    def counted_loop(self, k0, k1, body):
        """for k in [k0, k1): body(k); `continue` in the body goes to the next k."""
        b, fn = self.builder, self.fn
        counter = self.ctx.alloca(b, I64, name="chunk.k")
        b.store(k0, counter)
        test, inner, nxt, end = (fn.append_basic_block(x) for x in ("test", "body", "next", "end"))
        b.branch(test)
        b.position_at_end(test)
        k = b.load(counter)
        b.cbranch(b.icmp_signed("<", k, k1), inner, end)
        b.position_at_end(inner)
        self.loops.append((nxt, None))
        body(k)
        self.loops.pop()
        if not b.block.is_terminated:
            b.branch(nxt)
        b.position_at_end(nxt)
        b.store(b.add(b.load(counter), ir.Constant(I64, 1)), counter)
        b.branch(test)
        b.position_at_end(end)


def run_on_pool(low, n, pointers, make_lowerer, min_chunk=None):
    """Run the outlined body over [0, n) on the pool (see the module docstring)."""
    b, ctx = low.builder, low.ctx
    failed = ctx.alloca(b, I32)
    b.store(ir.Constant(I32, 0), failed)
    array = ctx.alloca(b, ir.ArrayType(PTR, OutlinedLowerer.HEADER + len(pointers)))
    for i, pointer in enumerate([low.excinfo, failed] + list(pointers)):
        b.store(pointer, b.gep(array, [ir.Constant(I32, 0), ir.Constant(I32, i)]))
    chunk = _chunk_function(low, make_lowerer)
    pool_fn = ctx.declare(_pool_symbol(), ir.VoidType(), [PTR, PTR, I64, I64])
    held = b.icmp_signed("!=", b.call(ctx.declare("PyGILState_Check", I32, []), []), ir.Constant(I32, 0))
    state_slot = ctx.alloca(b, PTR)
    with b.if_then(held):
        b.store(b.call(ctx.declare("PyEval_SaveThread", PTR, []), []), state_slot)
    b.call(pool_fn, [chunk, array, n, min_chunk if min_chunk is not None else ir.Constant(I64, 1)])
    with b.if_then(held):
        b.call(ctx.declare("PyEval_RestoreThread", ir.VoidType(), [PTR]), [b.load(state_slot)])
    with b.if_then(b.icmp_signed("!=", b.load(failed), ir.Constant(I32, 0)), likely=False):
        low.propagate()                        # a chunk stored the exception


def _pool_symbol():
    from ..runtime import threadpool
    return threadpool.parallel_for_symbol()


def _chunk_function(low, make_lowerer):
    """`void chunk(ptr ctx, i64 k0, i64 k1)` around the outlined body; a failure sets ctx[1]."""
    ctx = low.ctx
    body_fn = ir.Function(ctx.module, ir.FunctionType(I32, [PTR, I64, I64]), ctx.unique(low.fn.name + ".outlined"))
    body_fn.linkage = "internal"
    make_lowerer(low, body_fn).lower()
    chunk = ir.Function(ctx.module, ir.FunctionType(ir.VoidType(), [PTR, I64, I64]),
                        ctx.unique(low.fn.name + ".chunk"))
    chunk.linkage = "internal"
    b = ir.IRBuilder(chunk.append_basic_block())
    status = b.call(body_fn, list(chunk.args))
    with b.if_then(b.icmp_signed("!=", status, STATUS_OK), likely=False):
        flag = b.load(b.gep(chunk.args[0], [ir.Constant(I32, 1)], source_etype=PTR), typ=PTR)
        b.atomic_rmw("xchg", flag, ir.Constant(I32, 1), "release")
    b.ret_void()
    return chunk
