"""The native call boundary: one IR function per dispatcher that picks a compiled signature.

    PyObject *call(PyObject *self, PyObject *args, PyObject *kwargs)

For each compiled signature, in order: check every argument's type and unbox
it (no Python objects created), optionally release the GIL, call the entry,
box the result or raise the exception it reported. A list argument is copied
into a native list, written back into the caller's list after the call if it
changed, and freed (runtime/lists.py). When no signature matches
(or keywords are given) it forwards to the Python slow path, which compiles.
The same function serves as the dispatcher type's tp_call and as a
METH_VARARGS|METH_KEYWORDS builtin.

    >>> callable(build_dispatcher_module)
    True
"""
from llvmlite import ir

from ..lowering.context import ModuleContext, PTR, I8, I32, I64, EXCINFO
from ..runtime import boxing
from ..runtime.cpython import OFFSETS


def raise_from_excinfo(ctx, b, excinfo_ptr):
    """PyErr_SetString(exc class, message) from the excinfo a compiled function stored."""
    info = b.load(excinfo_ptr, typ=PTR)
    slot = b.load(b.gep(info, [ir.Constant(I32, 0), ir.Constant(I32, 0)], source_etype=EXCINFO), typ=PTR)
    msg = b.load(b.gep(info, [ir.Constant(I32, 0), ir.Constant(I32, 1)], source_etype=EXCINFO), typ=PTR)
    cls = b.load(slot, typ=PTR)
    b.call(ctx.declare("PyErr_SetString", ir.VoidType(), [PTR, PTR]), [cls, msg])


def _release_block(ctx, b, value, ty, then):
    """A block that releases an unboxed argument, then goes to `then`."""
    block = b.append_basic_block("release")
    with b.goto_block(block):
        boxing.release_unboxed(ctx, b, value, ty, after_call=False)
        b.branch(then)
    return block


def build_dispatcher_module(name, entries, fallback_symbol, nogil, exact):
    """entries: list of (argtypes, return_type, declared_return_type, entry_symbol)."""
    ctx = ModuleContext(f"dispatch.{name}")
    fn = ir.Function(ctx.module, ir.FunctionType(PTR, [PTR, PTR, PTR]), name)
    self_, args, kwargs = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    fallback = fn.append_basic_block("fallback")
    has_kw = b.icmp_unsigned("!=", kwargs, ir.Constant(PTR, None))
    start = fn.append_basic_block("dispatch")
    b.cbranch(has_kw, fallback, start)
    b.position_at_end(start)
    nargs = boxing.field(b, args, OFFSETS["var_size"], I64)
    items = b.gep(args, [ir.Constant(I64, OFFSETS["tuple_items"])], source_etype=I8)
    for argtypes, ret, declared_ret, symbol in entries:
        nxt = fn.append_basic_block("next")
        try_block = fn.append_basic_block("try")
        b.cbranch(b.icmp_signed("==", nargs, ir.Constant(I64, len(argtypes))), try_block, nxt)
        b.position_at_end(try_block)
        values, owned, fail = [], [], nxt
        for i, ty in enumerate(argtypes):
            obj = b.load(b.gep(items, [ir.Constant(I64, i)], source_etype=PTR), typ=PTR)
            values.append(boxing.unbox(ctx, b, obj, ty, fail, exact))
            if boxing.owns_unboxed(ty):             # a list's native copy: released if a later argument fails
                owned.append((values[-1], ty))
                fail = _release_block(ctx, b, values[-1], ty, fail)
        entry = ctx.declare(symbol, I32, [PTR, PTR] + [t.llvm() for t in argtypes])
        retslot = ctx.alloca(b, ret.llvm())
        excinfo = ctx.alloca(b, PTR)
        if nogil:
            state = b.call(ctx.declare("PyEval_SaveThread", PTR, []), [])
        status = b.call(entry, [retslot, excinfo] + values)
        if nogil:
            b.call(ctx.declare("PyEval_RestoreThread", ir.VoidType(), [PTR]), [state])
        for value, ty in owned:                     # lists: changes written back to the caller's list
            boxing.release_unboxed(ctx, b, value, ty)
        with b.if_then(b.icmp_signed("!=", status, ir.Constant(I32, 0)), likely=False):
            raise_from_excinfo(ctx, b, excinfo)
            b.ret(ir.Constant(PTR, None))
        result = b.load(retslot)
        if declared_ret is not None and declared_ret != ret:
            result = ctx.cast(b, result, ret, declared_ret)
            ret = declared_ret
        b.ret(boxing.box(ctx, b, result, ret))
        b.position_at_end(nxt)
    b.branch(fallback)
    b.position_at_end(fallback)
    target = b.load(ctx.global_var(fallback_symbol, PTR), typ=PTR)
    call = ctx.declare("PyObject_Call", PTR, [PTR, PTR, PTR])
    b.ret(b.call(call, [target, args, kwargs], tail=True))
    return ctx.module
