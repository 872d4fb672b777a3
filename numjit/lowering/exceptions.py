"""try/except/else/finally and re-raising in compiled code: typing and lowering together.

A raise stores a pointer to an excinfo record `{class slot, message}` in the function's excinfo
slot and returns the error status (lowering/context.py). Inside a `try`, a raise (or a callee's
error status, or a failed check such as boundscheck's IndexError) branches to the try's
dispatch block instead of leaving the function; the dispatch reads the raised class from the
slot and tests it against each `except` clause with the class's MRO (read from the type object,
so no GIL is needed), in order. `finally` bodies are emitted once for the normal path and once
more on each path that leaves the `try` early (exception, return, break, continue).

    >>> from numjit import njit
    >>> @njit
    ... def safe_get(a, i):
    ...     try:
    ...         return a[i]
    ...     except IndexError:
    ...         return -1
    ...     finally:
    ...         pass
    >>> safe_get((1, 2, 3), 1), safe_get((1, 2, 3), 7)
    (2, -1)
    >>> import numpy as np
    >>> safe_get(np.arange(3.0), -4)
    -1.0

Array indexes written in the body of a `try` whose handlers catch IndexError are bounds-checked
(as with boundscheck=True; numba reads out of bounds there), as above; those in functions the
body calls are not.

The caught exception (`except E as e`) is the excinfo pointer (types/exceptions.py): it can be
re-raised (`raise e`), formatted (`str(e)`, `repr(e)`, `print(e)`, `f"{e}"`); a bare `raise` in a
handler re-raises the exception being handled. When the handler ends, `e` is unbound, as in Python.
`raise X from e` carries e as X's __cause__ (`from None` suppresses the context).
"""
import ast
import ctypes

from llvmlite import ir

from ..errors import UnsupportedError
from ..types import Const, Tuple, none, undefined
from ..types.exceptions import ExceptionValue, caught_exception, escapes
from .context import EXCINFO, I1, I32, I64, PTR, STATUS_OK, exception_slot
from ..runtime import exceptions as runtime_exceptions
from .refcount import decref, incref, needs_refcount


def _mro_offset():
    """Offset of `tp_mro` in a type object, found (and checked) on live classes."""
    for offset in range(0, 1024, 8):
        if all(ctypes.c_void_p.from_address(id(cls) + offset).value == id(cls.__mro__)
               for cls in (ValueError, KeyError, ZeroDivisionError, Exception)):
            return offset
    raise ImportError("cannot find tp_mro in CPython's type objects")


MRO_OFFSET = _mro_offset()
TUPLE_SIZE, TUPLE_ITEMS = 16, 24          # PyVarObject.ob_size, PyTupleObject.ob_item


# -- typing (called by the Inferrer, typing/infer.py) ------------------------------------------

def type_try(inf, node):
    inf.block(node.body)
    for handler in node.handlers:
        inf.t.raises[handler] = handler_classes(inf, handler.type)
        inf.handler_depth = getattr(inf, "handler_depth", 0) + 1
        try:
            inf.block(handler.body)
        finally:
            inf.handler_depth -= 1
    inf.block(node.orelse)
    inf.block(node.finalbody)


def handler_classes(inf, node):
    """The exception classes an `except` clause names (None: bare `except:`, catches all)."""
    if node is None:
        return None
    ty = inf.expr(node)
    values = [t.value if isinstance(t, Const) else None
              for t in (ty.items if isinstance(ty, Tuple) else (ty,))]
    if ty is undefined or not values or not all(isinstance(v, type) and issubclass(v, BaseException)
                                                for v in values):
        raise inf.error(node, f"'except' needs an exception class or a tuple of them, not {ty}")
    return tuple(values)


def type_raise(inf, node):
    """Bare `raise`, `raise e` of a caught exception, and `raise ... from ...`; returns True when
    it recorded the raise, False to let the Inferrer type `raise Cls(message)`."""
    if node.cause is not None:
        cause = node.cause.func if isinstance(node.cause, ast.Call) else node.cause
        ty = inf.expr(cause)
        if not (isinstance(ty, ExceptionValue) or ty == none or isinstance(ty, Const)
                and isinstance(ty.value, type) and issubclass(ty.value, BaseException)):
            raise inf.error(node.cause, f"'raise ... from' needs an exception or None, not {ty}")
    if node.exc is None:
        if not getattr(inf, "handler_depth", 0):
            raise inf.error(node, "a bare 'raise' is only supported inside an 'except' clause in compiled code",
                            UnsupportedError)
        inf.t.raises[node] = ("reraise", None)
        return True
    if not isinstance(node.exc, ast.Call) and isinstance(inf.expr(node.exc), ExceptionValue):
        inf.t.raises[node] = ("value", None)
        return True
    return False


def type_caught(inf, node):
    return caught_exception


# -- lowering (called by the FunctionLowerer, lowering/lower.py) -------------------------------

class Frame:
    """An active try region: where an exception goes, and the finally body left to run."""

    def __init__(self, low, error_block, finalbody, outer):
        self.error_block = error_block           # None: the exception goes on to `outer`
        self.finalbody = finalbody
        self.outer = outer                       # the frames around this try (a tuple)
        self.loop_depth = len(low.loops)
        self.temps_depth, self.temps_count = len(low.temps), len(low.temps[-1])
        self.handling = None                     # a handler's body: the slot of the exception it handles


def lower_try(low, node):
    b, fn = low.builder, low.fn
    outer = tuple(low.try_stack)
    fin = node.finalbody
    unwind = fn.append_basic_block("try.unwind") if fin else None
    dispatch = fn.append_basic_block("try.except") if node.handlers else None
    normal = fn.append_basic_block("try.normal")

    checked = low.boundscheck
    low.boundscheck = checked or _catches_index_error(low, node)
    try:
        _in_frame(low, Frame(low, dispatch or unwind, fin, outer), node.body)
    finally:
        low.boundscheck = checked
    if not b.block.is_terminated:
        _in_frame(low, Frame(low, unwind, fin, outer), node.orelse)
    if not b.block.is_terminated:
        b.branch(normal)

    if dispatch is not None:
        b.position_at_end(dispatch)
        _dispatch(low, node, Frame(low, unwind, fin, outer), normal)
    if unwind is not None:                       # run finally, then the exception goes on
        b.position_at_end(unwind)
        saved = low.ctx.alloca(b, PTR, name="exc.pending")
        b.store(b.load(low.excinfo, typ=PTR), saved)
        if _finally(low, fin, outer):
            b.store(b.load(saved, typ=PTR), low.excinfo)
            _propagate_from(low, outer)
    b.position_at_end(normal)
    if fin:
        _finally(low, fin, outer)


def _catches_index_error(low, node):
    """Whether a handler of try `node` catches IndexError (bare, Exception, LookupError, ...): array
    indexes in its body (not in functions it calls) are then bounds-checked, as Python's are."""
    return any(low.t.raises[h] is None or any(isinstance(c, type) and issubclass(IndexError, c)
                                              for c in low.t.raises[h]) for h in node.handlers)


def _in_frame(low, frame, body):
    low.try_stack.append(frame)
    try:
        low.block(body)
    finally:
        low.try_stack.pop()


def _dispatch(low, node, handler_frame, normal):
    """Test the raised class against each clause in order; no match: on to the frame's unwinding."""
    b, fn = low.builder, low.fn
    info = b.load(low.excinfo, typ=PTR)
    raised = raised_class(low.ctx, b, info)
    for handler in node.handlers:
        low._loc = low.loc(handler)
        classes = low.t.raises[handler]
        body = fn.append_basic_block("except.body")
        nxt = fn.append_basic_block("except.next")
        if classes is None:
            b.branch(body)
        else:
            match = ir.Constant(I1, 0)
            for cls in classes:
                match = b.or_(match, matches(low.ctx, b, raised, cls))
            b.cbranch(match, body, nxt)
        b.position_at_end(body)
        caught = low.ctx.alloca(b, PTR, name="exc.caught")
        b.store(info, caught)
        low.caught.append(caught)
        frame = Frame(low, handler_frame.error_block, handler_frame.finalbody, handler_frame.outer)
        frame.handling = caught
        try:
            _in_frame(low, frame, handler.body)
        finally:
            low.caught.pop()
        if not b.block.is_terminated:
            _unbind_caught(low, handler)
            b.call(runtime_exceptions.declare(low.ctx, "numjit_release_excinfo"), [info])    # handled
            b.branch(normal)
        b.position_at_end(nxt)
        if classes is None:
            b.unreachable()
            return
    if handler_frame.error_block is not None:
        b.branch(handler_frame.error_block)
    else:
        _propagate_from(low, handler_frame.outer)


def _unbind_caught(low, handler):
    """When a handler ends, the variables it gave a caught exception (`e` of `except E as e`, as
    Python deletes it, and any copy) become unbound: reading one after is an UnboundLocalError,
    never a read of the freed exception."""
    for node in ast.walk(handler):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id in low.defined \
                and escapes(low.t.vars.get(node.id)):
            low.builder.store(ir.Constant(I1, 0), low.defined[node.id])


def raised_class(ctx, b, info):
    """The class of the exception an excinfo describes: its class slot's object, or the type of the
    exception object made at run time (runtime/exceptions.py, whose slot is the marker)."""
    slot = b.load(b.gep(info, [ir.Constant(I32, 0), ir.Constant(I32, 0)], source_etype=EXCINFO), typ=PTR)
    dynamic = b.icmp_unsigned("==", slot, runtime_exceptions.marker(ctx))
    result = ctx.alloca(b, PTR)
    with b.if_else(dynamic) as (made, constant):
        with made:
            exc = b.load(b.gep(info, [ir.Constant(I64, 8)], source_etype=ir.IntType(8)), typ=PTR)
            from ..runtime.cpython import OFFSETS
            b.store(b.load(b.gep(exc, [ir.Constant(I64, OFFSETS["ob_type"])], source_etype=ir.IntType(8)),
                           typ=PTR), result)
        with constant:
            b.store(b.load(slot, typ=PTR), result)
    return b.load(result, typ=PTR)


def matches(ctx, b, raised, cls):
    """i1: is the class object `raised` a subclass of `cls`? (`cls` in raised.__mro__)"""
    fn = ctx.module.globals.get("numjit.exc_matches")
    if fn is None:
        fn = ir.Function(ctx.module, ir.FunctionType(I1, [PTR, PTR]), "numjit.exc_matches")
        fn.linkage = "internal"
        got, target = fn.args
        e = ir.IRBuilder(fn.append_basic_block("entry"))
        loop, body, yes, no = (fn.append_basic_block(x) for x in ("loop", "body", "yes", "no"))
        mro = e.load(e.gep(got, [ir.Constant(I64, MRO_OFFSET)], source_etype=ir.IntType(8)), typ=PTR)
        n = e.load(e.gep(mro, [ir.Constant(I64, TUPLE_SIZE)], source_etype=ir.IntType(8)), typ=I64)
        items = e.gep(mro, [ir.Constant(I64, TUPLE_ITEMS)], source_etype=ir.IntType(8))
        start = e.block
        e.cbranch(e.icmp_unsigned("==", got, target), yes, loop)
        e.position_at_end(loop)
        k = e.phi(I64)
        k.add_incoming(ir.Constant(I64, 0), start)
        e.cbranch(e.icmp_signed("<", k, n), body, no)
        e.position_at_end(body)
        item = e.load(e.gep(items, [k], source_etype=PTR), typ=PTR)
        k.add_incoming(e.add(k, ir.Constant(I64, 1)), body)
        e.cbranch(e.icmp_unsigned("==", item, target), yes, loop)
        e.position_at_end(yes)
        e.ret(ir.Constant(I1, 1))
        e.position_at_end(no)
        e.ret(ir.Constant(I1, 0))
    target = b.load(ctx.global_var(exception_slot(cls), PTR), typ=PTR)
    return b.call(fn, [raised, target])


def _finally(low, fin, outer):
    """Emit a finally body with the frames around its try; True if control falls out of it."""
    if not fin:
        return True
    saved = low.try_stack
    low.try_stack = list(outer)
    low.temps.append([])
    try:
        low.block(fin)
    finally:
        low.temps.pop()
        low.try_stack = saved
    return not low.builder.block.is_terminated


def _propagate_from(low, frames, builder=None):
    saved = low.try_stack
    low.try_stack = list(frames)
    try:
        low.propagate(builder)
    finally:
        low.try_stack = saved


def to_handler(low, b):
    """The exception in the excinfo slot goes to the innermost try: release the temporaries made
    inside it, then branch to its dispatch (or finally) block."""
    frame = low.try_stack[-1]
    if frame.handling is not None:               # a new exception leaves a handler: the old one is done
        _release_handled(low, b, frame, unless=b.load(low.excinfo, typ=PTR))
    if frame.error_block is None:
        return _propagate_from(low, frame.outer, b)
    release_temps_since(low, b, frame.temps_depth, frame.temps_count)
    b.branch(frame.error_block)


def release_temps_since(low, b, depth, count):
    """Release the temporaries made since low.temps had `depth` levels, the last holding `count`."""
    for level in range(depth - 1, len(low.temps)):
        start = count if level == depth - 1 else 0
        for value, ty in low.temps[level][start:]:
            decref(low.ctx, b, value, ty)


def lower_raise(low, node, kind):
    """`raise` (the exception being handled) or `raise e` (a caught one)."""
    b = low.builder
    info = b.load(low.caught[-1], typ=PTR) if kind == "reraise" else low.expr(node.exc)
    b.store(info, low.excinfo)
    low.propagate()


def lower_raise_from(low, node, cls, message):
    """`raise X(...) from e` / `from None`: the exception object is made at run time and its
    __cause__ set to the caught exception (or suppressed for None), as Python does; a cause
    written as a class or a new exception is accepted and not carried."""
    from ..intrinsics.pyobjects import gil, box_borrowed, decref_object
    b, ctx = low.builder, low.ctx
    low.temps.append([])
    if isinstance(message, tuple):
        values = [(low.expr(a), low.t.exprs[a]) for a in message]
    else:
        values = [] if message is None else [(None, message)]
    cause_ty = low.t.exprs.get(node.cause)
    cause = low.expr(node.cause) if isinstance(cause_ty, ExceptionValue) else None
    with gil(low):
        args = b.call(ctx.declare("PyTuple_New", PTR, [I64]), [ir.Constant(I64, len(values))])
        set_item = ctx.declare("PyTuple_SetItem", I32, [PTR, I64, PTR])
        for i, (value, ty) in enumerate(values):
            item = (box_borrowed(low, value, ty) if value is not None else
                    b.call(ctx.declare("PyUnicode_FromString", PTR, [PTR]), [ctx.cstring(ty)]))
            b.call(set_item, [args, ir.Constant(I64, i), item])
        info = b.call(runtime_exceptions.declare(ctx, "numjit_excinfo_from_call"),
                      [b.load(ctx.global_var(exception_slot(cls), PTR), typ=PTR), args])
        decref_object(low, args)
        if cause is not None or cause_ty == none:
            exc = b.load(b.gep(info, [ir.Constant(I64, 8)], source_etype=ir.IntType(8)), typ=PTR)
            value = box_borrowed(low, cause, cause_ty) if cause is not None else ir.Constant(PTR, None)
            b.call(ctx.declare("PyException_SetCause", ir.VoidType(), [PTR, PTR]), [exc, value])
    b.store(info, low.excinfo)
    low.propagate()
    low.temps.pop()


def lower_caught(low, node):
    return low.builder.load(low.caught[-1], typ=PTR)


def lower_return(low, node):
    """`return` inside try: the value is computed, the finally bodies run (innermost first), then
    the function returns it (unless a finally returns or raises first)."""
    b = low.builder
    ret_ty = low.t.return_type
    if node.value is None:
        value = low.cast(ir.Constant(ir.IntType(8), 0), none, ret_ty)
    else:
        value = low.cast(low.expr(node.value), low.t.exprs[node.value], ret_ty)
    if needs_refcount(ret_ty):
        incref(low.ctx, b, value, ret_ty)
    low.temps.append([(value, ret_ty)])          # owned by the return; freed if a finally leaves
    ok = _through_finally(low, lambda frame: True)
    low.temps.pop()
    if ok:
        low.release_all()
        b.store(value, low.retptr)
        b.ret(STATUS_OK)


def lower_jump(low, target):
    """break/continue inside try: run the finally bodies of the trys inside the loop, then jump."""
    depth = len(low.loops)
    if _through_finally(low, lambda frame: frame.loop_depth >= depth):
        low.builder.branch(target)


def _release_handled(low, b, frame, unless=None):
    """Free the exception a handler handles as control leaves the handler (`raise e` and a bare
    `raise` pass it on: not freed then)."""
    handled = b.load(frame.handling, typ=PTR)
    release = runtime_exceptions.declare(low.ctx, "numjit_release_excinfo")
    if unless is None:
        b.call(release, [handled])
        return
    with b.if_then(b.icmp_unsigned("!=", handled, unless)):
        b.call(release, [handled])


def _through_finally(low, leaving):
    for frame in reversed(low.try_stack):
        if not leaving(frame):
            break
        if frame.handling is not None:          # return/break/continue out of a handler
            _release_handled(low, low.builder, frame)
        if not _finally(low, frame.finalbody, frame.outer):
            return False
    return True

