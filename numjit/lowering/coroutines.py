"""Generator objects: a generator function called from Python (or outside a `for` in compiled code)
returns a lazy generator whose frame is an LLVM coroutine; each `next` resumes compiled code.

    >>> from numjit import njit
    >>> import itertools
    >>> @njit
    ... def squares(start):
    ...     i = start
    ...     while True:
    ...         yield i * i
    ...         i += 1
    >>> g = squares(3)
    >>> list(itertools.islice(g, 4)), next(g)
    ([9, 16, 25, 36], 49)

The generator's body is lowered once more as a coroutine (`presplitcoroutine`; LLVM's coroutine
passes split it into a ramp, a resume and a destroy function and move every value live across a
`yield` into the frame). The frame is the data of a meminfo (runtime/memory.py) whose destructor
destroys the coroutine, releasing what the suspended frame holds, so an abandoned generator leaks
nothing. The promise, at a fixed place in the frame, passes values out:

    {i32 status, ptr excinfo, <item> value}     status: 0 suspended, 1 raised, 2 finished

The ramp stores the arguments (owned: an array borrowed from Python is adopted) and suspends
before the first statement, as Python does. `next` (intrinsics/generators.py) resumes and reads
the promise: a value moves out of it, an exception is raised in the caller, and a finished
generator raises StopIteration (every later `next` too).

A generator dropped while suspended inside `try`/`finally` runs the finally bodies then (Python
runs them when it closes the generator).

Limits: `yield` as a statement, not in a `finally` block; a value returned by the generator
(StopIteration's) is dropped; no send/throw/close.
"""
from llvmlite import ir
import llvmlite.binding as llvm

from ..types import none
from ..types import Array, Tuple, List
from .context import I1, I8, I32, I64, PTR, STATUS_OK
from .lower import FunctionLowerer
from .refcount import decref, incref, needs_refcount

SUSPENDED, RAISED, FINISHED = (ir.Constant(I32, v) for v in range(3))
PROMISE_ALIGN = 16
HEADER = 64                       # the meminfo header before its data (runtime/memory.py)
_LLVM = llvm.llvm_version_info[0]


class _Token(ir.Type):
    """LLVM's `token` type (llvmlite.ir has none)."""

    def _to_string(self):
        return "token"

    def __eq__(self, other):
        return isinstance(other, _Token)

    def __hash__(self):
        return hash(_Token)


TOKEN = _Token()
NO_TOKEN = ir.values.FormattedConstant(TOKEN, "none")


def promise_type(item):
    return ir.LiteralStructType([I32, PTR, item.llvm()])


def _coro(ctx, name):
    """The llvm.coro.* intrinsic `name`."""
    sigs = {"id": (TOKEN, [I32, PTR, PTR, PTR]), "size.i64": (I64, []), "begin": (PTR, [TOKEN, PTR]),
            "suspend": (I8, [TOKEN, I1]), "free": (PTR, [TOKEN, PTR]),
            "end": (ir.VoidType() if _LLVM >= 22 else I1, [PTR, I1] + ([TOKEN] if _LLVM >= 17 else [])),
            "resume": (ir.VoidType(), [PTR]), "destroy": (ir.VoidType(), [PTR]),
            "promise": (PTR, [PTR, I32, I1])}
    ret, args = sigs[name]
    return ctx.declare(f"llvm.coro.{name}", ret, args)


def frame_of(b, meminfo):
    return b.gep(meminfo, [ir.Constant(I64, HEADER)], source_etype=I8)


def promise_of(ctx, b, meminfo):
    return b.call(_coro(ctx, "promise"), [frame_of(b, meminfo), ir.Constant(I32, PROMISE_ALIGN), ir.Constant(I1, 0)])


def resume(ctx, b, meminfo):
    b.call(_coro(ctx, "resume"), [frame_of(b, meminfo)])


def _destructor(ctx):
    """void dtor(meminfo): destroy the coroutine in the meminfo's data (its memory is the meminfo's)."""
    fn = ctx.module.globals.get("numjit.generator.destroy")
    if fn is None:
        fn = ir.Function(ctx.module, ir.FunctionType(ir.VoidType(), [PTR]), "numjit.generator.destroy")
        fn.linkage = "internal"
        b = ir.IRBuilder(fn.append_basic_block("entry"))
        b.call(_coro(ctx, "destroy"), [frame_of(b, fn.args[0])])
        b.ret_void()
    return fn


# -- the ramp: the generator function called as a function ----------------------------------------

def lower_generator_ramp(low):
    """The body of `low.fn` (calling convention of context.py) for a generator function: start the
    coroutine on the arguments and return its meminfo."""
    body = low.t.generator_body
    ctx = low.ctx
    coro = ir.Function(ctx.module, ir.FunctionType(PTR, [PTR, PTR] + [t.llvm() for t in body.argtypes]),
                       ctx.unique(low.fn.name + ".coroutine"))
    coro.linkage = "internal"
    CoroutineLowerer(ctx, body, coro).lower()
    b = low.builder = ir.IRBuilder(low.fn.append_basic_block("entry"))
    frame = b.call(coro, [ir.Constant(PTR, None), low.excinfo] + list(low.fn.args[2:]))
    with b.if_then(b.icmp_unsigned("==", frame, ir.Constant(PTR, None)), likely=False):
        b.ret(ir.Constant(I32, 1))                       # out of memory: the coroutine stored MemoryError
    b.store(b.gep(frame, [ir.Constant(I64, -HEADER)], source_etype=I8), low.retptr)
    b.ret(STATUS_OK)


class CoroutineLowerer(FunctionLowerer):
    """Lowers a generator's body as an LLVM coroutine `ptr @coro(ptr unused, ptr excinfo, args...)`
    that returns the new frame, the data of its meminfo (null, with MemoryError stored at excinfo,
    when out of memory); inside, excinfo is a slot of the frame (its exception goes to the promise).
    (It returns the coroutine's handle: LLVM takes a frame that only escapes through its memory's
    base pointer for a local object and drops its initialisation.)"""

    def __init__(self, ctx, typed, fn):
        super().__init__(ctx, typed, fn)
        item = getattr(typed, "yield_type", None)
        self.item = none if item is None else item             # (an empty tuple is falsy)

    def lower(self):
        ctx, fn = self.ctx, self.fn
        set.add(fn.attributes, "presplitcoroutine")          # (llvmlite does not know it)
        entry = fn.append_basic_block("entry")
        b = self.builder = ir.IRBuilder(entry)
        self.promise = b.alloca(promise_type(self.item), name="gen.promise")
        self.promise.align = PROMISE_ALIGN
        self.excinfo = b.alloca(PTR, name="gen.excinfo")
        self.retptr = None
        self.coro_id = b.call(_coro(ctx, "id"), [ir.Constant(I32, PROMISE_ALIGN), self.promise,
                                                  ir.Constant(PTR, None), ir.Constant(PTR, None)])
        size = b.call(_coro(ctx, "size.i64"), [])
        meminfo = b.call(ctx.declare("numjit_meminfo_alloc", PTR, [I64]), [size])
        start = fn.append_basic_block("gen.begin")
        with b.if_then(b.icmp_unsigned("==", meminfo, ir.Constant(PTR, None)), likely=False):
            info = ctx.excinfo_constant(MemoryError, "out of memory")
            b.store(info, fn.args[1])
            b.ret(ir.Constant(PTR, None))
        b.branch(start)
        b.position_at_end(start)
        self.handle = b.call(_coro(ctx, "begin"), [self.coro_id, frame_of(b, meminfo)])
        dtor_field = b.gep(meminfo, [ir.Constant(I64, 8 * 3)], source_etype=I8)     # memory.DTOR_FIELD
        b.store(_destructor(ctx), dtor_field)
        self._set_status(SUSPENDED)
        self.cleanup = fn.append_basic_block("gen.cleanup")
        self.suspended = fn.append_basic_block("gen.suspended")
        self.final = fn.append_basic_block("gen.final")
        for name, ty in self.t.vars.items():
            self.vars[name] = self.new_slot(ty, name)
        params = list(zip(self.t.argnames, self.t.argtypes, fn.args[2:]))
        if self.t.vararg is not None:                   # *args: one tuple of the rest
            nparams = len(self.t.argnames)
            extra = Tuple(self.t.argtypes[nparams:])
            tup = ir.Constant(extra.llvm(), ir.Undefined)
            for i, value in enumerate(fn.args[2 + nparams:]):
                tup = b.insert_value(tup, value, i)
            params.append((self.t.vararg, extra, tup))
        for name in self.t.vars:
            if name not in self.t.argnames and name != self.t.vararg:
                flag = ctx.alloca(b, I1, name=name + ".defined")
                b.store(ir.Constant(I1, 0), flag)
                self.defined[name] = flag
        for name, ty, value in params:
            owned = adopt(self, value, ty)              # the frame outlives the call
            self.store_var(name, owned, ty)
            decref(ctx, b, owned, ty)
        self._suspend()
        self.block(self.src.tree.body)
        if not self.builder.block.is_terminated:
            self.return_value(ir.Constant(I8, 0), none)
        self._finish_blocks()

    def _finish_blocks(self):
        b = self.builder
        b.position_at_end(self.final)
        state = b.call(_coro(self.ctx, "suspend"), [NO_TOKEN, ir.Constant(I1, 1)])
        switch = b.switch(state, self.suspended)
        switch.add_case(ir.Constant(I8, 1), self.cleanup)
        switch.add_case(ir.Constant(I8, 0), self.cleanup)        # (never resumed: next checks the status)
        b.position_at_end(self.cleanup)
        b.call(_coro(self.ctx, "free"), [self.coro_id, self.handle])   # the memory is the meminfo's
        b.branch(self.suspended)
        b.position_at_end(self.suspended)
        args = [self.handle, ir.Constant(I1, 0)] + ([NO_TOKEN] if _LLVM >= 17 else [])
        b.call(_coro(self.ctx, "end"), args)
        b.ret(self.handle)

    def _set_status(self, status, builder=None):
        b = builder or self.builder
        b.store(status, self._field(0, b))

    def _suspend(self, yielded=False):
        """Suspend; resuming continues here, destroying releases what the frame holds (and, after
        a yield, both release the value the promise held meanwhile)."""
        b = self.builder
        state = b.call(_coro(self.ctx, "suspend"), [NO_TOKEN, ir.Constant(I1, 0)])
        resumed = self.fn.append_basic_block("gen.resumed")
        destroyed = self.fn.append_basic_block("gen.destroyed")
        switch = b.switch(state, self.suspended)
        switch.add_case(ir.Constant(I8, 0), resumed)
        switch.add_case(ir.Constant(I8, 1), destroyed)
        release = ir.IRBuilder(destroyed)
        b.position_at_end(resumed)
        if yielded and needs_refcount(self.item):
            for builder in (release, b):
                decref(self.ctx, builder, builder.load(self._field(2, builder), typ=self.item.llvm()), self.item)
        if any(frame.finalbody or frame.handling is not None for frame in self.try_stack):   # dropped inside a
            self.builder = release          # try: finally bodies run (as at close()), handled exceptions go
            self._finish()
            self.builder = b
            return
        self.release_all(release)
        release.branch(self.cleanup)

    def _field(self, index, builder=None):
        b = builder or self.builder
        return b.gep(self.promise, [ir.Constant(I32, 0), ir.Constant(I32, index)])

    def stmt_Return(self, node):
        """The generator ends, after the finally bodies around the return (a returned value,
        StopIteration's, is computed and dropped)."""
        if node.value is not None:
            self.expr(node.value)
        self._finish()

    def _finish(self):
        if self.try_stack:
            from .exceptions import _through_finally
            if not _through_finally(self, lambda frame: True):
                return                           # a finally raised or returned first
        self.return_value(None, none)

    def return_value(self, value, ty):
        """The generator ends: StopIteration at the next `next` (a returned value is dropped)."""
        self.release_all()
        self._set_status(FINISHED)
        self.builder.branch(self.final)

    def leave_raising(self, builder=None):
        b = builder or self.builder
        self.release_all(b)
        b.store(b.load(self.excinfo, typ=PTR), self._field(1, b))
        self._set_status(RAISED, b)
        b.branch(self.final)

    def expr_Yield(self, node):
        b = self.builder
        if node.value is not None:
            value = self.cast(self.expr(node.value), self.t.exprs[node.value], self.item)
            if needs_refcount(self.item):
                incref(self.ctx, b, value, self.item)      # the promise's reference, until resumed
        else:
            value = ir.Constant(I8, 0)
        b.store(value, self._field(2))
        self._suspend(yielded=True)
        return ir.Constant(I8, 0)


def adopt(low, value, ty):
    """A new reference to argument `value` that may outlive the call (see intrinsics/jitclass.py):
    an array borrowed from Python, also in a tuple or an optional, gets a meminfo of its own."""
    b = low.builder
    if not _borrows(ty):
        incref(low.ctx, b, value, ty)
        return value
    if isinstance(ty, (Array, List)):
        from ..intrinsics.lists import outliving_ref
        return outliving_ref(low, value, ty)
    if isinstance(ty, Tuple):
        out = value
        for i, item in enumerate(ty.items):
            out = b.insert_value(out, adopt(low, b.extract_value(value, i), item), i)
        return out
    slot = low.ctx.alloca(b, ty.llvm())                  # an optional: adopted when present
    b.store(value, slot)
    with b.if_then(b.extract_value(value, 1)):
        b.store(b.insert_value(value, adopt(low, b.extract_value(value, 0), ty.type), 0), slot)
    return b.load(slot)


def _borrows(ty):
    if isinstance(ty, Tuple):
        return any(_borrows(t) for t in ty.items)
    return isinstance(ty, (Array, List)) or ty.kind == "optional" and _borrows(ty.type)


# -- resuming (next() and `for x in g`: intrinsics/generators.py) ----------------------------------

def advance(low, gen_type, meminfo):
    """Resume the frame unless it has finished; i1: it yielded a value (the promise holds it until
    the next resumption). An exception it raised propagates from here, in the caller."""
    ctx, b = low.ctx, low.builder
    promise_ty = promise_type(gen_type.item)
    promise = promise_of(ctx, b, meminfo)
    status_ptr = b.gep(promise, [ir.Constant(I32, 0), ir.Constant(I32, 0)], source_etype=promise_ty)
    with b.if_then(b.icmp_unsigned("==", b.load(status_ptr, typ=I32), SUSPENDED)):
        resume(ctx, b, meminfo)
        with b.if_then(b.icmp_unsigned("==", b.load(status_ptr, typ=I32), RAISED), likely=False):
            excinfo = b.gep(promise, [ir.Constant(I32, 0), ir.Constant(I32, 1)], source_etype=promise_ty)
            b.store(b.load(excinfo, typ=PTR), low.excinfo)
            b.store(FINISHED, status_ptr)
            low.propagate()
    return b.icmp_unsigned("==", b.load(status_ptr, typ=I32), SUSPENDED)


def yielded_value(low, gen_type, meminfo):
    """The value the frame yielded last, borrowed from its promise."""
    b = low.builder
    promise = promise_of(low.ctx, b, meminfo)
    slot = b.gep(promise, [ir.Constant(I32, 0), ir.Constant(I32, 2)], source_etype=promise_type(gen_type.item))
    return b.load(slot, typ=gen_type.item.llvm())


def lower_next(low, gen_type, meminfo):
    """next(g): the value yielded (a new reference, a temporary of the statement), or StopIteration."""
    b = low.builder
    low.guard(b.not_(advance(low, gen_type, meminfo)), StopIteration, None)
    value = yielded_value(low, gen_type, meminfo)
    incref(low.ctx, b, value, gen_type.item)
    return low.own(value, gen_type.item)
