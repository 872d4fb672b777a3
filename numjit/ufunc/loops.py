"""NumPy ufunc / gufunc inner loops emitted around a compiled scalar kernel.

Kernel contract (fixed; the compiler core emits kernels like this):

    i32 @kernel(ptr noalias %ret, ptr %excinfo, <in1>, ..., <inN>)

* Inputs are passed by value in their *value type*: bool -> i1, intN/uintN ->
  iN, float32 -> float, float64 -> double, complex64 -> {float, float},
  complex128 -> {double, double}.
* The result is stored at ``%ret`` in the value type of the output (``store i1``
  for bool); a kernel with several outputs stores one literal struct of them
  (``{double, i1}``).  In array memory bool is one byte (i8).
* It returns 0 on success.  Non-zero means it raised: ``*(ptr*)%excinfo`` then
  holds a pointer to a constant ``{ptr exc_class_slot, ptr message}``, where
  ``exc_class_slot`` is the address of a ``PyObject*`` variable holding the
  exception class (e.g. ``@numjit_PyExc_ZeroDivisionError = external global ptr``)
  and ``message`` a NUL-terminated C string.

Loop ABI (what NumPy calls): ``void loop(ptr args, ptr dims, ptr steps, ptr data)``.
:func:`emit_ufunc_loop` writes one into the module and returns its name:

    >>> from llvmlite import ir; import numpy as np
    >>> m = ir.Module("demo"); f32 = ir.FloatType()
    >>> k = ir.Function(m, ir.FunctionType(ir.IntType(32), [ir.PointerType(), ir.PointerType(), f32, f32]), "add")
    >>> b = ir.IRBuilder(k.append_basic_block())
    >>> _ = b.store(b.fadd(k.args[2], k.args[3]), k.args[0]); _ = b.ret(ir.Constant(ir.IntType(32), 0))
    >>> emit_ufunc_loop(m, k, ["f4", "f4"], ["f4"], "add_ff_f")
    'add_ff_f'

then ``compile_ir(m).address("add_ff_f")`` is the loop to hand to ``ufuncobj``.
Each loop dispatches at run time to one of these versions, each with the
kernel inlined so LLVM vectorises the common ones:

| version | when (steps[k] in bytes) | with ``lazy`` |
|---|---|---|
| contiguous | every operand has step == itemsize | compiled with the loop |
| scalar inputs S | inputs in S have step 0, all other operands are contiguous (S: one input, or all but the first as in ``clip(x, lo, hi)``) | all but the first (``x + 1``): with the loop; others on first use |
| reduce | nin=2, nout=1, out is in0 with step 0 (``ufunc.reduce`` along an axis) | on first use |
| mixed | any other mix of step-0 and contiguous inputs, contiguous outputs: blocks through the contiguous version, each step-0 input read from a buffer filled once | compiled with the loop |
| element stride | every step % itemsize == 0 (typed GEPs; not vectorised) | on first use |
| byte stride | anything else (unaligned-tolerant loads) | compiled with the loop |

A lazy version is compiled by the first call that needs it and called through the loop's table
(numjit/ufunc/lazyloops.py); if compiling it fails, the next version that fits runs instead.
A lazy ``parallel`` loop's driver (below) is compiled the same way, on its first large call.

Errors: when the kernel fails, the loop stops, takes the GIL with
``PyGILState_Ensure``, sets the exception from excinfo (``PyErr_SetString``)
and releases it.  NumPy (since 1.22, numpy/numpy#20069) checks
``PyErr_Occurred()`` before returning from every ufunc entry point because
legacy loops cannot return an error, so the exception reaches the caller
(tests cover calls, buffered casts, where=, reduce, accumulate, reduceat,
outer and at).

``parallel=True`` makes the exported loop split ``n`` over the thread pool
(``numjit_parallel_for``, see ``numjit.runtime.threadpool``) when
``n >= parallel_threshold`` and no output overlaps another operand except
element-for-element (``reduce``/``accumulate`` arrange such overlaps, so they
stay serial).  A freshly allocated output is split too: each thread takes the
first-touch page faults of its own chunk, as with OpenMP.  A single output of
``STREAM_BYTES`` or more is *streamed* (numjit/ufunc/paralleldriver.py): each chunk
computes blocks into an L1-sized buffer with the vectorised loop and copies
them out with aligned non-temporal stores, saving the read-for-ownership of
output lines.  On the 2-core VM, where memory bandwidth is the limit, 1e7
float32 ``x + c`` takes 8.6 ms serial, 6.0 ms parallel with plain stores and
5.4 ms streamed (with ``out=``: 5.5, 4.0 and 3.0 ms).  Worker
threads never take the GIL: the first failing chunk records its excinfo, the
others stop early, and the calling thread raises.  Floating-point status
flags raised on helper threads are re-raised on the calling thread so
NumPy's ``errstate`` warnings still work.  Parallel gufunc loops split the
outer loop when ``N * prod(core dims) >= parallel_threshold`` and no output
has outer step 0.

gufunc contract (:func:`emit_gufunc_loop`): for a signature such as
``(n),()->(n)`` the exported loop gets NumPy's gufunc arguments

    args[k]          pointer to operand k's first outer element (k < nargs)
    dims[0]          N, the outer loop length
    dims[1 + j]      size of the j-th distinct core dimension, numbered in
                     order of first appearance in the signature
    steps[k]         outer byte stride of operand k (k < nargs)
    steps[nargs..]   core byte strides: operand by operand, one per core
                     dimension of that operand, in signature order

and for every outer index i calls

    i32 @gkernel(ptr %ret, ptr %excinfo, ptr %ptrs, ptr %core_dims, ptr %core_steps)

with ``ptrs`` an array of nargs pointers (``args[k] + i*steps[k]``),
``core_dims = &dims[1]`` (i64 array) and ``core_steps = &steps[nargs]`` (i64
array).  So for ``(n),()->(n)``: ``core_dims[0] = n``; ``core_steps[0]`` is
operand 0's stride along n, ``core_steps[1]`` is the output's stride along n
(the ``()`` operand has none).  Outputs are written through ``ptrs``;
``%ret`` is null unless ``ret_type`` is given (then an uninitialised slot of
that type, for the compiler's own use).  The return value and ``excinfo``
work as for scalar kernels.
"""
import numpy as np
from llvmlite import ir

from ..backend.loophints import no_vectorize
from ..runtime import exceptions as _exceptions  # noqa: F401  (provides numjit_set_error)
from .loopir import _PTR, _I1, _I8, _I32, _I64, _NULL, _VOID, _INNER_TYPE, _declare, _i64, _alloca, _all, _fenv
from .paralleldriver import (_CTX_ARGS, _CTX_STEPS, _CTX_CDIMS, _CTX_CSTEPS, _field, _emit_chunk,
                             _run_parallel, _emit_driver)

_LOOP_TYPE = ir.FunctionType(_VOID, [_PTR, _PTR, _PTR, _PTR])

DEFAULT_PARALLEL_THRESHOLD = 1 << 17   # elements; below it `parallel` loops run serially
DEFAULT_MIN_CHUNK = 1 << 14            # elements per pool chunk, at least
_RAISE = "numjit.ufunc.raise_excinfo"

# (dtype kind, itemsize) -> (value type, memory type)
_F32, _F64 = ir.FloatType(), ir.DoubleType()
_SCALARS = {
    ("b", 1): (_I1, _I8),
    **{(kind, size): (ir.IntType(8 * size),) * 2 for kind in "iu" for size in (1, 2, 4, 8)},
    ("f", 4): (_F32, _F32),
    ("f", 8): (_F64, _F64),
    ("c", 8): (ir.LiteralStructType([_F32, _F32]),) * 2,
    ("c", 16): (ir.LiteralStructType([_F64, _F64]),) * 2,
}


class Scalar:
    """How one operand's element type looks in memory and as a kernel value."""

    def __init__(self, dtype):
        self.dtype = np.dtype(dtype)
        key = (self.dtype.kind, self.dtype.itemsize)
        if key not in _SCALARS or not self.dtype.isnative:
            raise TypeError(f"no ufunc loop for dtype {self.dtype}")
        self.value, self.memory = _SCALARS[key]
        self.size = self.dtype.itemsize

    def to_value(self, b, loaded):
        return b.icmp_unsigned("!=", loaded, ir.Constant(_I8, 0)) if self.value is _I1 else loaded

    def to_memory(self, b, value):
        return b.zext(value, _I8) if self.value is _I1 else value


def _raise_function(module):
    """``void raise(ptr excinfo)``: set the Python error under the GIL."""
    fn = module.globals.get(_RAISE)
    if fn is not None:
        return fn
    fn = ir.Function(module, ir.FunctionType(_VOID, [_PTR]), _RAISE)
    fn.linkage = "internal"
    fn.attributes.add("noinline")
    fn.attributes.add("cold")
    ensure = _declare(module, "PyGILState_Ensure", ir.FunctionType(_I32, []))
    release = _declare(module, "PyGILState_Release", ir.FunctionType(_VOID, [_I32]))
    set_error = _declare(module, "numjit_set_error", ir.FunctionType(_VOID, [_PTR]))   # runtime/exceptions.py
    b = ir.IRBuilder(fn.append_basic_block())
    state = b.call(ensure, [])
    b.call(set_error, [fn.args[0]])
    b.call(release, [state])
    b.ret_void()
    return fn


def _prepare_kernel(kernel, inline):
    if inline and "noinline" not in kernel.attributes:
        kernel.attributes.add("alwaysinline")


def _check_signature(kernel, ins):
    params = kernel.function_type.args
    want = [s.value for s in ins]
    if len(params) != 2 + len(want) or any(str(p) != str(w) for p, w in zip(params[2:], want)):
        raise TypeError(f"kernel {kernel.name} has parameters {[str(p) for p in params]}, "
                        f"expected ptr, ptr, {[str(w) for w in want]}")
    if str(kernel.function_type.return_type) != "i32":
        raise TypeError(f"kernel {kernel.name} must return i32")


MIXED_BLOCK = 256        # elements per block of the mixed version


def _scalar_sets(nin):
    """Which inputs are broadcast scalars (step 0) in the versions with their own loop: none, each
    one alone, and all but the first (``clip(x, lo, hi)``); the all-contiguous version comes first.
    Other mixes run through the mixed version (each version is a vectorised copy of the kernel:
    compile time)."""
    sets = [frozenset()] + [frozenset([k]) for k in range(nin)]
    return sets + [frozenset(range(1, nin))] if nin > 2 else sets


def _plan(ins, outs, lazy):
    """The element loop's versions in dispatch order, as (modes, lazy): `modes` a tuple saying how
    each operand is addressed, or "reduce" / "mixed"; the byte-stride loop is the final fallback.
    With `lazy`, only the contiguous version, the one for an array and scalars (``x + 1``,
    ``clip(x, lo, hi)``: the most common broadcast) and the mixed and byte versions are compiled
    with the loop; the others on first use (:class:`numjit.ufunc.lazyloops.LazyVersions`)."""
    nin, nops = len(ins), len(ins) + len(outs)
    common = {frozenset(), frozenset(range(1, nin))}
    plan = [(tuple("scalar" if k in scalars else "contig" for k in range(nops)), lazy and scalars not in common)
            for scalars in _scalar_sets(nin)]
    if nin == 2 and len(outs) == 1 and ins[0].dtype == outs[0].dtype:
        plan.append(("reduce", lazy))
    return plan + [("mixed", False), (("elem",) * nops, lazy)]


_RESOLVER_TYPE = ir.FunctionType(_PTR, [_PTR, _I64])   # ptr resolve(ptr table, i64 slot)


def lazy_table(name):
    """The global of `name`'s loop holding the resolver (slot 0) and its lazy versions' addresses."""
    return name + ".lazy"


def lazy_version(name, slot):
    """The function of `name`'s loop that runs lazy version `slot` (slots count from 1)."""
    return f"{name}.v{slot}"


def _call_pointer(b, pointer, fnty, args):
    pointer.type = ir.PointerType(fnty)   # llvmlite reads the callee's type from its pointee (printed: ptr)
    return b.call(pointer, args)


def _resolved(b, table, slot):
    """The address of lazy version `slot`, compiled now if it was not yet (null if that failed)."""
    fn, table_type = b.function, table.value_type
    entry = b.gep(table, [_i64(0), _i64(slot)], source_etype=table_type)
    found = b.load_atomic(entry, "acquire", 8, typ=_PTR)
    pre = b.block
    miss, have = fn.append_basic_block("lazy.miss"), fn.append_basic_block("lazy.have")
    b.cbranch(b.icmp_unsigned("==", found, _NULL), miss, have).set_weights([1, 1 << 20])
    b.position_at_end(miss)
    resolver = b.load_atomic(b.gep(table, [_i64(0), _i64(0)], source_etype=table_type),
                             "acquire", 8, typ=_PTR)
    made = _call_pointer(b, resolver, _RESOLVER_TYPE, [table, _i64(slot)])
    b.branch(have)
    b.position_at_end(have)
    version = b.phi(_PTR, name="version")
    version.add_incoming(found, pre)
    version.add_incoming(made, miss)
    return version


class _Inner:
    """Emits ``ptr inner(ptr args, i64 n, ptr steps)``: the versioned element loop.

    Returns null, or the excinfo pointer of the first failing element.  `role`: "dispatch" runs
    the first version of `plan` whose condition holds (a lazy one through `table`, compiling it
    on first use); "resolve" only compiles the lazy version that dispatch would run (the parallel
    loop calls it before handing work to other threads); "version" runs plan's one version.
    """

    def __init__(self, module, kernel, ins, outs, name, plan, table=None, role="dispatch"):
        self.module, self.kernel = module, kernel
        self.ins, self.outs, self.ops = ins, outs, ins + outs
        self.nin = len(ins)
        self.plan, self.table, self.role = plan, table, role
        self.ret_type = (outs[0].value if len(outs) == 1
                         else ir.LiteralStructType([o.value for o in outs]))
        fn = ir.Function(module, _INNER_TYPE, name)
        fn.linkage = "internal"
        self.fn = fn
        self.emit()

    def emit(self):
        fn, ops = self.fn, self.ops
        args, n, steps = fn.args
        b = ir.IRBuilder(fn.append_basic_block("entry"))
        self.ret_slot = _alloca(b, self.ret_type, "ret")
        self.exc_slot = _alloca(b, _PTR, "excinfo")
        b.store(_NULL, self.exc_slot)
        self.n = n
        self.done = fn.append_basic_block("done")
        self.error = fn.append_basic_block("error")
        self.bases = [b.load(b.gep(args, [_i64(k)], source_etype=_PTR), typ=_PTR) for k in range(len(ops))]
        self.steps = [b.load(b.gep(steps, [_i64(k)], source_etype=_I64), typ=_I64) for k in range(len(ops))]
        empty = b.icmp_signed("<=", n, _i64(0))
        first = fn.append_basic_block("dispatch")
        b.cbranch(empty, self.done, first)
        b.position_at_end(first)
        if self.role == "version":
            self.body(b, self.plan[0][0])
        else:
            self.dispatch(b)
        b.position_at_end(self.done)
        b.ret(_NULL)
        b.position_at_end(self.error)
        b.ret(b.load(self.exc_slot, typ=_PTR))

    def dispatch(self, b):
        fn, ops = self.fn, self.ops
        contig = [b.icmp_signed("==", s, _i64(op.size)) for s, op in zip(self.steps, ops)]
        zero = [b.icmp_signed("==", s, _i64(0)) for s in self.steps]
        divisible = [b.icmp_signed("==", b.srem(s, _i64(op.size)), _i64(0))
                     for s, op in zip(self.steps, ops)]
        self.zero = zero

        def condition(modes):
            if modes == "reduce":
                same = b.icmp_unsigned("==", self.bases[0], self.bases[2])
                return _all(b, [same, zero[0], zero[2], divisible[1]])
            if modes == "mixed":
                return _all(b, [b.or_(zero[k], contig[k]) for k in range(self.nin)] + contig[self.nin:])
            if modes[0] == "elem":
                return _all(b, divisible)
            return _all(b, [zero[k] if mode == "scalar" else contig[k] for k, mode in enumerate(modes)])

        slot = 0
        for modes, lazy in self.plan:
            body = fn.append_basic_block("v_" + (modes if isinstance(modes, str) else "_".join(modes)))
            nxt = fn.append_basic_block("next")
            b.cbranch(condition(modes), body, nxt)
            b.position_at_end(body)
            slot += bool(lazy)
            if lazy:
                version = _resolved(b, self.table, slot)
                if self.role == "dispatch":
                    run = fn.append_basic_block("lazy.run")
                    b.cbranch(b.icmp_unsigned("!=", version, _NULL), run, nxt)   # null: not compiled
                    b.position_at_end(run)
                    b.ret(_call_pointer(b, version, _INNER_TYPE, list(fn.args)))
                else:
                    b.branch(self.done)
            elif self.role == "resolve":
                b.branch(self.done)
            else:
                self.body(b, modes)
            b.position_at_end(nxt)
        if self.role == "resolve":
            b.branch(self.done)
        else:
            self.loop(b, ["byte"] * len(ops))

    def body(self, b, modes):
        if modes == "reduce":
            self.reduce_loop(b)
        elif modes == "mixed":
            self.mixed_loop(b, self.zero)
        else:
            self.loop(b, modes)

    def call_kernel(self, b, values, fail):
        rc = b.call(self.kernel, [self.ret_slot, self.exc_slot] + values)
        ok = self.fn.append_basic_block("ok")
        b.cbranch(b.icmp_signed("!=", rc, ir.Constant(_I32, 0)), fail, ok).set_weights([1, 1 << 20])
        b.position_at_end(ok)
        return b.load(self.ret_slot, typ=self.ret_type)

    def loop(self, b, modes):
        """One element loop; `modes[k]` says how operand k is addressed."""
        ops, fn = self.ops, self.fn
        strides = {}
        hoisted = {}
        for k, (op, mode) in enumerate(zip(ops, modes)):
            if mode == "elem":
                strides[k] = b.sdiv(self.steps[k], _i64(op.size), flags=["exact"])
            elif mode == "scalar":
                hoisted[k] = op.to_value(b, b.load(self.bases[k], typ=op.memory))
        pre = b.block
        head = fn.append_basic_block("loop")
        b.branch(head)
        b.position_at_end(head)
        i = b.phi(_I64, name="i")
        i.add_incoming(_i64(0), pre)

        def address(k):
            op, mode = ops[k], modes[k]
            if mode == "contig":
                return b.gep(self.bases[k], [i], inbounds=True, source_etype=op.memory), None
            if mode == "elem":
                return b.gep(self.bases[k], [b.mul(i, strides[k], flags=["nsw"])],
                             inbounds=True, source_etype=op.memory), None
            return b.gep(self.bases[k], [b.mul(i, self.steps[k], flags=["nsw"])],
                         inbounds=True, source_etype=_I8), 1

        values = []
        for k, op in enumerate(self.ins):
            if k in hoisted:
                values.append(hoisted[k])
            else:
                ptr, align = address(k)
                values.append(op.to_value(b, b.load(ptr, typ=op.memory, align=align)))
        result = self.call_kernel(b, values, self.error)
        for j, op in enumerate(self.outs):
            value = result if len(self.outs) == 1 else b.extract_value(result, j)
            ptr, align = address(self.nin + j)
            b.store(op.to_memory(b, value), ptr, align=align)
        i_next = b.add(i, _i64(1), flags=["nuw", "nsw"])
        i.add_incoming(i_next, b.block)
        back = b.cbranch(b.icmp_signed("<", i_next, self.n), head, self.done)
        if "contig" not in modes and "scalar" not in modes:
            no_vectorize(back)      # strided: the contiguous cases ran above (LLVM's own stride-1
                                    # version of this loop would never run, and costs compile time)

    def mixed_loop(self, b, zero):
        """Blocks of MIXED_BLOCK elements through this function again with every step contiguous
        (the first version), each step-0 input pointing at a buffer of copies of its value."""
        fn, ops = self.fn, self.ops
        local_args = _alloca(b, ir.ArrayType(_PTR, len(ops)), "mixed.args")
        local_steps = _alloca(b, ir.ArrayType(_I64, len(ops)), "mixed.steps")
        buffers = []
        for k, op in enumerate(ops):
            b.store(_i64(op.size), b.gep(local_steps, [_i64(0), _i64(k)], source_etype=ir.ArrayType(_I64, len(ops))))
            if k < self.nin:
                buf = _alloca(b, ir.ArrayType(op.memory, MIXED_BLOCK), f"mixed.splat{k}")
                value = b.load(self.bases[k], typ=op.memory)
                pre = b.block
                fill = fn.append_basic_block("mixed.fill")
                b.branch(fill)
                b.position_at_end(fill)
                j = b.phi(_I64, name="j")
                j.add_incoming(_i64(0), pre)
                b.store(value, b.gep(buf, [j], source_etype=op.memory))
                j_next = b.add(j, _i64(1), flags=["nuw", "nsw"])
                j.add_incoming(j_next, fill)
                filled = fn.append_basic_block("mixed.filled")
                b.cbranch(b.icmp_signed("<", j_next, _i64(MIXED_BLOCK)), fill, filled)
                b.position_at_end(filled)
                buffers.append(buf)
        pre = b.block
        head = fn.append_basic_block("mixed.block")
        b.branch(head)
        b.position_at_end(head)
        start = b.phi(_I64, name="start")
        start.add_incoming(_i64(0), pre)
        left = b.sub(self.n, start)
        count = b.select(b.icmp_signed("<", left, _i64(MIXED_BLOCK)), left, _i64(MIXED_BLOCK))
        for k, op in enumerate(ops):
            moved = b.gep(self.bases[k], [b.mul(start, _i64(op.size))], source_etype=_I8)
            if k < self.nin:
                moved = b.select(zero[k], buffers[k], moved)
            b.store(moved, b.gep(local_args, [_i64(0), _i64(k)], source_etype=ir.ArrayType(_PTR, len(ops))))
        err = b.call(fn, [local_args, count, local_steps])
        ok = fn.append_basic_block("mixed.ok")
        failed = fn.append_basic_block("mixed.failed")
        b.cbranch(b.icmp_unsigned("!=", err, _NULL), failed, ok)
        b.position_at_end(failed)
        b.store(err, self.exc_slot)
        b.branch(self.error)
        b.position_at_end(ok)
        start_next = b.add(start, _i64(MIXED_BLOCK), flags=["nsw"])
        start.add_incoming(start_next, ok)
        b.cbranch(b.icmp_signed("<", start_next, self.n), head, self.done)

    def reduce_loop(self, b):
        """out[0] = kernel(out[0], in1[i]) for all i, accumulating in a register."""
        acc_op, in1 = self.ins
        out = self.bases[2]
        stride = b.sdiv(self.steps[1], _i64(in1.size), flags=["exact"])
        acc0 = acc_op.to_value(b, b.load(out, typ=acc_op.memory))
        pre = b.block
        fn = self.fn
        head = fn.append_basic_block("reduce")
        fail = fn.append_basic_block("reduce_fail")
        finish = fn.append_basic_block("reduce_end")
        b.branch(head)
        b.position_at_end(head)
        i = b.phi(_I64, name="i")
        acc = b.phi(acc_op.value, name="acc")
        i.add_incoming(_i64(0), pre)
        acc.add_incoming(acc0, pre)
        ptr = b.gep(self.bases[1], [b.mul(i, stride, flags=["nsw"])], inbounds=True,
                    source_etype=in1.memory)
        new = self.call_kernel(b, [acc, in1.to_value(b, b.load(ptr, typ=in1.memory))], fail)
        i_next = b.add(i, _i64(1), flags=["nuw", "nsw"])
        i.add_incoming(i_next, b.block)
        acc.add_incoming(new, b.block)
        b.cbranch(b.icmp_signed("<", i_next, self.n), head, finish)
        b.position_at_end(finish)
        b.store(self.outs[0].to_memory(b, new), out)
        b.branch(self.done)
        b.position_at_end(fail)
        b.store(self.outs[0].to_memory(b, acc), out)
        b.branch(self.error)


def _fp_status(module, b, fp_errors):
    """With `fp_errors` False: the floating-point flags already raised when the
    exported loop starts (by NumPy's casts, say), to keep them; else None."""
    fenv = None if fp_errors else _fenv(module)
    return b.call(fenv[1], [fenv[0]]) if fenv else None


def _raise_if(module, b, err, fn, fp_errors=True, saved=None):
    """Return from the exported loop, raising `err` if it is not null.  With
    `fp_errors` False the floating-point flags this loop raised (all but
    `saved`, from :func:`_fp_status`) are cleared first, so NumPy reports no
    floating-point warnings for it."""
    fenv = None if fp_errors else _fenv(module)
    if fenv:
        mask, test, clear = fenv[:3]
        raised = b.call(test, [mask])
        if saved is not None:
            raised = b.and_(raised, b.xor(saved, ir.Constant(_I32, -1)))
        with b.if_then(b.icmp_unsigned("!=", raised, ir.Constant(_I32, 0)), likely=False):
            b.call(clear, [raised])
    bad = fn.append_basic_block("raise")
    good = fn.append_basic_block("return")
    b.cbranch(b.icmp_unsigned("!=", err, _NULL), bad, good).set_weights([1, 1 << 20])
    b.position_at_end(bad)
    b.call(_raise_function(module), [err])
    b.ret_void()
    b.position_at_end(good)
    b.ret_void()


def _emit_lazy(module, kernel, ins, outs, name, plan, extra):
    """The table of `name`'s lazy versions (null until compiled; slot 0: the resolver, then the
    versions, then `extra` slots) and each lazy version as a function of its own (internal: dead
    in this module, see LazyVersions)."""
    lazy = [modes for modes, is_lazy in plan if is_lazy]
    if not lazy and not extra:
        return None
    table = ir.GlobalVariable(module, ir.ArrayType(_PTR, len(lazy) + 1 + extra), lazy_table(name))
    table.initializer = ir.Constant(table.value_type, None)
    for slot, modes in enumerate(lazy, 1):
        _Inner(module, kernel, ins, outs, lazy_version(name, slot), [(modes, False)], role="version")
    return table


def emit_ufunc_loop(module, kernel, in_dtypes, out_dtypes, name, *, parallel=False,
                    parallel_threshold=DEFAULT_PARALLEL_THRESHOLD,
                    min_chunk=DEFAULT_MIN_CHUNK, inline=True, fp_errors=True, lazy=None):
    """Emit ``void name(ptr args, ptr dims, ptr steps, ptr data)`` around `kernel`.

    `in_dtypes` / `out_dtypes` are anything ``np.dtype`` accepts.  Returns `name`.
    `parallel_threshold` / `min_chunk` are in elements; `inline` marks the kernel
    ``alwaysinline``; ``fp_errors=False`` hides the floating-point flags the
    loop raises from NumPy (no ``invalid value encountered`` warnings from NaN
    compares, ``np.errstate`` has no effect on the loop; flags raised before the
    loop runs, e.g. by NumPy's casts, are kept).  With a dict `lazy` the rarer
    layout versions and the parallel driver are compiled on first use, by
    :class:`numjit.ufunc.lazyloops.LazyVersions`; `lazy` receives the parts that
    live in modules of their own: {symbol: (module text, loop module symbols it calls)}.
    """
    ins = [Scalar(d) for d in in_dtypes]
    outs = [Scalar(d) for d in out_dtypes]
    if not outs:
        raise ValueError("a ufunc loop needs at least one output")
    _check_signature(kernel, ins)
    _prepare_kernel(kernel, inline)
    plan = _plan(ins, outs, lazy is not None)
    table = _emit_lazy(module, kernel, ins, outs, name, plan, 1 if parallel and lazy is not None else 0)
    inner = _Inner(module, kernel, ins, outs, name + ".inner", plan, table).fn
    ops = ins + outs
    fn = ir.Function(module, _LOOP_TYPE, name)
    args, dims, steps, _data = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    n = b.load(dims, typ=_I64)
    saved = _fp_status(module, b, fp_errors)
    if not parallel:
        _raise_if(module, b, b.call(inner, [args, n, steps]), fn, fp_errors, saved)
        return name

    serial = fn.append_basic_block("serial")
    threaded = fn.append_basic_block("parallel")
    b.cbranch(b.icmp_signed("<", n, _i64(max(parallel_threshold, 2))), serial, threaded)
    b.position_at_end(serial)
    _raise_if(module, b, b.call(inner, [args, n, steps]), fn, fp_errors, saved)
    b.position_at_end(threaded)
    if lazy is None:
        driver = _emit_driver(module, inner, None, ops, len(ins), name + ".parallel", min_chunk, fp_errors)
        err = b.call(driver, [args, n, steps])
    else:                              # in a module of its own, compiled on the first parallel call
        resolve = _Inner(module, kernel, ins, outs, name + ".resolve", plan, table, role="resolve").fn
        inner.linkage = resolve.linkage = ""        # external: the driver's module calls them
        slot = table.value_type.count - 1
        lazy[lazy_version(name, slot)] = (_driver_module(inner, resolve, ops, len(ins), name, slot,
                                                         min_chunk, fp_errors), [inner.name, resolve.name])
        driver = _resolved(b, table, slot)
        run = fn.append_basic_block("parallel.run")
        b.cbranch(b.icmp_unsigned("!=", driver, _NULL), run, serial)
        b.position_at_end(run)
        err = _call_pointer(b, driver, _INNER_TYPE, [args, n, steps])
    _raise_if(module, b, err, fn, fp_errors, saved)
    return name


def _driver_module(inner, resolve, ops, nin, name, slot, min_chunk, fp_errors):
    """The text of a module defining the parallel driver of loop `name` as its lazy version `slot`,
    calling the loop module's `inner` and `resolve`."""
    module = ir.Module(name + ".parallel")
    declared = [ir.Function(module, _INNER_TYPE, f.name) for f in (inner, resolve)]
    driver = _emit_driver(module, *declared, ops, nin, lazy_version(name, slot), min_chunk, fp_errors)
    driver.linkage = ""
    return str(module)


def emit_gufunc_loop(module, gkernel, nin, nout, name, *, num_core_dims=0, ret_type=None,
                     parallel=False, parallel_threshold=DEFAULT_PARALLEL_THRESHOLD,
                     min_chunk=DEFAULT_MIN_CHUNK, inline=True, fp_errors=True):
    """Emit a gufunc loop calling `gkernel` once per outer index (contract above).

    `num_core_dims` (distinct core dimension names) only feeds the parallel
    work estimate ``N * prod(core_dims)``; the pool is used when that reaches
    `parallel_threshold`, with chunks of at least `min_chunk` such units of work.
    `fp_errors` works as for :func:`emit_ufunc_loop`.
    """
    nargs = nin + nout
    want = ir.FunctionType(_I32, [_PTR, _PTR, _PTR, _PTR, _PTR])
    if str(gkernel.function_type) != str(want):
        raise TypeError(f"gufunc kernel {gkernel.name} must have type {want}")
    _prepare_kernel(gkernel, inline)

    # ptr outer(ptr args, ptr steps, i64 start, i64 stop, ptr core_dims, ptr core_steps)
    outer = ir.Function(module, ir.FunctionType(_PTR, [_PTR, _PTR, _I64, _I64, _PTR, _PTR]),
                        name + ".outer")
    outer.linkage = "internal"
    args, steps, start, stop, cdims, csteps = outer.args
    b = ir.IRBuilder(outer.append_basic_block("entry"))
    ptrs = _alloca(b, ir.ArrayType(_PTR, nargs), "ptrs")
    exc = _alloca(b, _PTR, "excinfo")
    ret = _alloca(b, ret_type, "ret") if ret_type is not None else _NULL
    b.store(_NULL, exc)
    bases = [b.load(b.gep(args, [_i64(k)], source_etype=_PTR), typ=_PTR) for k in range(nargs)]
    outer_steps = [b.load(b.gep(steps, [_i64(k)], source_etype=_I64), typ=_I64)
                   for k in range(nargs)]
    head = outer.append_basic_block("loop")
    body = outer.append_basic_block("body")
    nxt = outer.append_basic_block("next")
    done = outer.append_basic_block("done")
    fail = outer.append_basic_block("fail")
    pre = b.block
    b.branch(head)
    b.position_at_end(head)
    i = b.phi(_I64, name="i")
    i.add_incoming(start, pre)
    b.cbranch(b.icmp_signed("<", i, stop), body, done)
    b.position_at_end(body)
    for k in range(nargs):
        moved = b.gep(bases[k], [b.mul(i, outer_steps[k])], source_etype=_I8)
        b.store(moved, b.gep(ptrs, [_i64(k)], source_etype=_PTR))
    rc = b.call(gkernel, [ret, exc, ptrs, cdims, csteps])
    b.cbranch(b.icmp_signed("!=", rc, ir.Constant(_I32, 0)), fail, nxt).set_weights([1, 1 << 20])
    b.position_at_end(nxt)
    i.add_incoming(b.add(i, _i64(1), flags=["nsw"]), nxt)
    b.branch(head)
    b.position_at_end(done)
    b.ret(_NULL)
    b.position_at_end(fail)
    b.ret(b.load(exc, typ=_PTR))

    fn = ir.Function(module, _LOOP_TYPE, name)
    args, dims, steps, _data = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    n = b.load(dims, typ=_I64)
    core_dims = b.gep(dims, [_i64(1)], source_etype=_I64)
    core_steps = b.gep(steps, [_i64(nargs)], source_etype=_I64)
    serial_args = [args, steps, _i64(0), n, core_dims, core_steps]
    saved = _fp_status(module, b, fp_errors)
    if not parallel:
        _raise_if(module, b, b.call(outer, serial_args), fn, fp_errors, saved)
        return name

    work = _i64(1)
    for j in range(num_core_dims):
        d = b.load(b.gep(core_dims, [_i64(j)], source_etype=_I64), typ=_I64)
        work = b.mul(work, b.select(b.icmp_signed(">", d, _i64(1)), d, _i64(1)))
    total = b.mul(work, n)
    step_values = [b.load(b.gep(steps, [_i64(k)], source_etype=_I64), typ=_I64) for k in range(nargs)]
    conds = [b.icmp_signed(">=", n, _i64(2)), b.icmp_signed(">=", total, _i64(parallel_threshold))]
    conds += [b.icmp_signed("!=", s, _i64(0)) for s in step_values[nin:]]
    serial = fn.append_basic_block("serial")
    threaded = fn.append_basic_block("parallel")
    b.cbranch(_all(b, conds), threaded, serial)
    b.position_at_end(serial)
    _raise_if(module, b, b.call(outer, serial_args), fn, fp_errors, saved)

    def run_range(cb, ctx, cstart, cstop):
        loaded = [cb.load(_field(cb, ctx, f), typ=_PTR) for f in (_CTX_ARGS, _CTX_STEPS)]
        cd = cb.load(_field(cb, ctx, _CTX_CDIMS), typ=_PTR)
        cs = cb.load(_field(cb, ctx, _CTX_CSTEPS), typ=_PTR)
        return cb.call(outer, loaded + [cstart, cstop, cd, cs])

    chunk = _emit_chunk(module, name + ".chunk", run_range, fp_errors)
    b.position_at_end(threaded)
    per_chunk = b.sdiv(_i64(max(min_chunk, 1)), work)
    per_chunk = b.select(b.icmp_signed(">", per_chunk, _i64(1)), per_chunk, _i64(1))
    err = _run_parallel(module, b, chunk, {_CTX_ARGS: args, _CTX_STEPS: steps,
                                           _CTX_CDIMS: core_dims, _CTX_CSTEPS: core_steps},
                        n, per_chunk, fp_errors)
    _raise_if(module, b, err, fn, fp_errors, saved)
    return name
