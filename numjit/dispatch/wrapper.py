"""The native call boundary: a "try" function per compiled signature, one dispatch function per dispatcher.

    PyObject *try(PyObject *const *args, Py_ssize_t nargs)   the result, NULL with an exception set, or NOMATCH
    PyObject *dispatch(PyObject *self, PyObject *args, PyObject *kwargs)

A try function checks every argument's type and unboxes it (no Python
objects created), optionally releases the GIL, calls the entry, boxes the
result or raises the exception it reported. A list argument is copied into a
native list, written back into the caller's list after the call if it
changed, and freed (runtime/lists.py). Both are emitted into the module of
the specialisation they serve, so a new signature costs one LLVM compile.

The dispatch function walks a table of try functions, `{i64 count, ptr try[count]}`,
read through a pointer cell the Dispatcher swaps when it adds a signature
(nothing is recompiled); when none matches, or keywords are given, it
forwards to the Python slow path, which compiles. It serves as the
dispatcher type's tp_call and as a METH_VARARGS|METH_KEYWORDS builtin.

    >>> NOMATCH
    1
"""
from llvmlite import ir

from ..lowering.context import PTR, I8, I32, I64
from ..runtime import boxing
from ..runtime.cpython import OFFSETS, scalar_type_symbol
from ..types import List
from ..types.scalars import int64, float64, complex128


def raise_from_excinfo(ctx, b, excinfo_ptr):
    """Set the exception a compiled function stored (runtime/exceptions.py's numjit_set_error: an
    exception object made at run time, a class and message, or, when it has a location, the
    exception runtime/tracebacks.py builds with a frame at the user's line)."""
    from ..runtime import exceptions
    b.call(exceptions.declare(ctx, "numjit_set_error"), [b.load(excinfo_ptr, typ=PTR)])


def _release_block(ctx, b, value, ty, then):
    """A block that releases an unboxed argument, then goes to `then`."""
    block = b.append_basic_block("release")
    with b.goto_block(block):
        boxing.release_unboxed(ctx, b, value, ty, after_call=False)
        b.branch(then)
    return block


_PYTHON_WIDTHS = (int64, float64, complex128)


def _check_provenance(ctx, b, obj, ty, fail):
    """A lazily compiled signature takes np.float64(3) (strong, types/scalars.py) or 3.0, not both:
    each has its own specialisation (the unboxers take either)."""
    is_numpy = boxing._is(ctx, b, boxing.type_of(b, obj), scalar_type_symbol(ty.dtype))
    boxing._branch_unless(b, is_numpy if ty.strong else b.not_(is_numpy), fail)


NOMATCH = 1                      # (PyObject *)1: "not my signature", never a valid object


def emit_try(ctx, name, argtypes, ret, declared_ret, symbol, nogil, exact, provenance=False):
    """Add `PyObject *name(PyObject *const *items, Py_ssize_t nargs)` (the arguments as an array: a
    tuple's items, or a vectorcall's): call `symbol` if they fit `argtypes`, else NOMATCH.
    `provenance`: a Python int/float/complex and a NumPy int64/float64/complex128 fit different ones."""
    fn = ir.Function(ctx.module, ir.FunctionType(PTR, [PTR, I64]), name)
    items, nargs = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    nomatch = fn.append_basic_block("nomatch")
    try_block = fn.append_basic_block("try")
    b.cbranch(b.icmp_signed("==", nargs, ir.Constant(I64, len(argtypes))), try_block, nomatch)
    b.position_at_end(try_block)
    values, owned, fail = [], [], nomatch
    ctx.list_registries = {}                    # lists of lists: their inner lists, for the release
    for i, ty in enumerate(argtypes):
        obj = b.load(b.gep(items, [ir.Constant(I64, i)], source_etype=PTR), typ=PTR)
        if provenance and ty in _PYTHON_WIDTHS:
            _check_provenance(ctx, b, obj, ty, fail)
        ctx.list_argument = type(ty) is List         # (runtime/lists.py's unbox_list)
        values.append(boxing.unbox(ctx, b, obj, ty, fail, exact))
        ctx.list_argument = False
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

    def release_arguments():                    # lists: changes written back to the caller's list
        for value, ty in owned:
            boxing.release_unboxed(ctx, b, value, ty)
    with b.if_then(b.icmp_signed("!=", status, ir.Constant(I32, 0)), likely=False):
        release_arguments()
        raise_from_excinfo(ctx, b, excinfo)
        b.ret(ir.Constant(PTR, None))
    result = b.load(retslot)
    if declared_ret is not None and declared_ret != ret:
        result = ctx.cast(b, result, ret, declared_ret)
        ret = declared_ret
    boxed = boxing.box(ctx, b, result, ret)     # first: an item only a list argument held (l.pop())
    release_arguments()                         # boxes to its Python object, which reflection frees
    del ctx.list_registries
    b.ret(boxed)
    b.position_at_end(nomatch)                  # (an unboxer that raised, e.g. a user's @unbox: NULL)
    raised = b.icmp_unsigned("!=", b.call(ctx.declare("PyErr_Occurred", PTR, []), []), ir.Constant(PTR, None))
    b.ret(b.select(raised, ir.Constant(PTR, None), ir.Constant(I64, NOMATCH).inttoptr(PTR)))
    return fn


def emit_dispatch(ctx, name, table_symbol, fallback_symbol):
    """Add the dispatch function: each try function of the table in turn, then the fallback."""
    fn = ir.Function(ctx.module, ir.FunctionType(PTR, [PTR, PTR, PTR]), name)
    _self, args, kwargs = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    fallback, keywords, walk = (fn.append_basic_block(n) for n in ("fallback", "keywords", "walk"))
    b.cbranch(b.icmp_unsigned("!=", kwargs, ir.Constant(PTR, None)), keywords, walk)
    b.position_at_end(keywords)                 # f(*args, **{}) passes an empty dict: no keywords
    size = b.call(ctx.declare("PyDict_Size", I64, [PTR]), [kwargs])
    b.cbranch(b.icmp_signed("!=", size, ir.Constant(I64, 0)), fallback, walk)
    b.position_at_end(walk)
    items = b.gep(args, [ir.Constant(I64, OFFSETS["tuple_items"])], source_etype=I8)
    walk_table(ctx, b, table_symbol, items, boxing.field(b, args, OFFSETS["var_size"], I64), fallback)
    b.position_at_end(fallback)
    b.ret(_prepared_call(ctx, b, b.load(ctx.global_var(fallback_symbol, PTR), typ=PTR), args, kwargs))
    return fn


def walk_table(ctx, b, table_symbol, items, nargs, miss):
    """Call each try function of the table on (items, nargs); return the first answer that is not
    NOMATCH, or branch to `miss` (the native methods of typed containers walk tables too, which
    may have none yet: a null table)."""
    fn = b.function
    loop, body, done, filled = (fn.append_basic_block(n) for n in ("loop", "body", "done", "filled"))
    try_type = ir.FunctionType(PTR, [PTR, I64])
    table = b.load_atomic(ctx.global_var(table_symbol, PTR), "acquire", 8, typ=PTR)
    b.cbranch(b.icmp_unsigned("==", table, ir.Constant(PTR, None)), miss, filled)
    b.position_at_end(filled)
    count = b.load(table, typ=I64)
    entry_block = b.block
    b.branch(loop)
    b.position_at_end(loop)
    i = b.phi(I64)
    i.add_incoming(ir.Constant(I64, 0), entry_block)
    b.cbranch(b.icmp_signed("<", i, count), body, miss)
    b.position_at_end(body)
    target = b.load(b.gep(table, [b.add(i, ir.Constant(I64, 1))], source_etype=PTR), typ=try_type.as_pointer())
    result = b.call(target, [items, nargs])
    i.add_incoming(b.add(i, ir.Constant(I64, 1)), body)
    matched = b.icmp_unsigned("!=", result, ir.Constant(I64, NOMATCH).inttoptr(PTR))
    b.cbranch(matched, done, loop)
    b.position_at_end(done)
    b.ret(result)


def _prepared_call(ctx, b, prepare, args, kwargs, owned=False):
    """`callee, args2 = prepare(*args, **kwargs); return callee(*args2)`, the call made here, in
    native code, so no Python frame of numjit's stays under the callee (its traceback starts at
    the caller's line). `owned`: release the reference to `prepare` after calling it."""
    call = ctx.declare("PyObject_Call", PTR, [PTR, PTR, PTR])
    null = ir.Constant(PTR, None)
    pair = b.call(call, [prepare, args, kwargs])
    if owned:
        b.call(ctx.declare("Py_DecRef", ir.VoidType(), [PTR]), [prepare])
    with b.if_then(b.icmp_unsigned("==", pair, null), likely=False):
        b.ret(null)
    items = b.gep(pair, [ir.Constant(I64, OFFSETS["tuple_items"])], source_etype=I8)
    callee = b.load(items, typ=PTR)
    args2 = b.load(b.gep(items, [ir.Constant(I64, 8)], source_etype=I8), typ=PTR)
    result = b.call(call, [callee, args2, null])
    b.call(ctx.declare("Py_DecRef", ir.VoidType(), [PTR]), [pair])
    return result


TRAMPOLINE = "numjit_dispatch_trampoline"
_trampoline = []        # [library]: compiled once per process


def trampoline_address():
    """A native tp_call for a dispatcher not yet compiled: `self._prepare(...)` (which compiles),
    then the call, from native code as the dispatch function's fallback does."""
    if not _trampoline:
        from ..backend import jit as backend
        from ..lowering.context import ModuleContext
        ctx = ModuleContext(TRAMPOLINE)
        fn = ir.Function(ctx.module, ir.FunctionType(PTR, [PTR, PTR, PTR]), TRAMPOLINE)
        this, args, kwargs = fn.args
        b = ir.IRBuilder(fn.append_basic_block("entry"))
        get = ctx.declare("PyObject_GetAttrString", PTR, [PTR, PTR])
        prepare = b.call(get, [this, ctx.cstring("_prepare").bitcast(PTR)])
        with b.if_then(b.icmp_unsigned("==", prepare, ir.Constant(PTR, None)), likely=False):
            b.ret(prepare)
        b.ret(_prepared_call(ctx, b, prepare, args, kwargs, owned=True))
        _trampoline.append(backend.compile_runtime(ctx.module, level=2))
    return _trampoline[0].address(TRAMPOLINE)
