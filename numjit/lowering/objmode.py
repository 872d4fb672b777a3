"""`with objmode(y="float64", z="int64[:]"):` — a block of compiled code that runs as Python.

    >>> import numpy as np
    >>> from numjit import njit, objmode
    >>> @njit
    ... def f(x):
    ...     with objmode(y="float64", s="int64[:]"):
    ...         y = float(np.format_float_positional(x, precision=2))   # any Python
    ...         s = np.argsort([3, 1, 2])
    ...     return y * 2, s
    >>> f(1.23456)
    (2.46, array([1, 2, 0]))

The frontend (numjit/frontend/versions.py) records which variables the body reads and gives each
declared output a new version; typing (`type_objmode`) checks the declared types and builds the
body as a Python function of the variables it reads; lowering (`lower_objmode`) takes the GIL,
boxes those variables, calls the function and unboxes the outputs, which Python has checked
against their declared types (arrays come back as copies owned by compiled code). An exception
raised in the block propagates with its type and message. Outputs are numbers, booleans, None,
optionals of numbers and booleans (`"optional(uint64)"`), C- or any-layout arrays of numbers,
and tuples of those; the body reads numbers, booleans, None, arrays and tuples of them, lists
of those (as a Python list: changes the block makes to it are not seen by compiled code, as in
numba), strings, and numjit.typed lists and dicts (shared: changes are seen).
"""
import ast
import copy
import hashlib
import importlib

import numpy as np
from llvmlite import ir

from ..errors import UnsupportedError
from ..frontend.check import objmode_call
from ..types import Array, Boolean, Const, List, NoneType, Number, Optional, Tuple, Type, UnicodeType, undefined
from ..types.typed import TypedDictType
from ..types.signature import parse_type
from .refcount import incref, needs_refcount

I8, I32, I64, PTR = ir.IntType(8), ir.IntType(32), ir.IntType(64), ir.PointerType()
VOID = ir.VoidType()
_SYMBOLS = set()
# symbol -> recipe (module, function qualname, line, inputs' names, [(output, type)]): how another
# process rebuilds a block of code cached on disk (cache=True; numjit/cache/store.py keeps it)
RECIPES = {}
RECIPE_PREFIX = "numjit_objmode_block."


# -- typing ---------------------------------------------------------------------------------------

def type_objmode(inferrer, node):
    """Type a `with objmode(...)` statement: its outputs get their declared types."""
    from ..misc.special import objmode
    call = objmode_call(node)
    callee = inferrer.expr(call.func)
    if not (isinstance(callee, Const) and callee.value is objmode):
        raise inferrer.error(node, "'with' statements are not supported in compiled code (only "
                                   "`with objmode(...)` and `with parallel_chunksize(n)` blocks)",
                             UnsupportedError)
    if call.args:
        raise inferrer.error(call, "objmode takes the outputs as keywords: objmode(y='float64')")
    reads, outputs = node.numjit_objmode
    declared = [(k.arg, outputs[k.arg], _declared_type(inferrer, k)) for k in call.keywords]
    for name, version, ty in declared:
        inferrer.set_var(version, ty, node)
    inputs = []
    for name, version in sorted(reads.items()):
        ty = inferrer.t.vars.get(version)
        if ty is None or ty is undefined:
            return                                  # typed on a later pass (a loop's first round)
        if not _passes(ty, to_python=True):
            raise inferrer.error(node, f"objmode: the block reads {name!r}, of type {ty}, which "
                                       "cannot be passed to Python", UnsupportedError)
        inputs.append((name, version, ty))
    inferrer.t.consts[("objmode", node)] = (inputs, declared, _python_block(inferrer.src, node, inputs, declared))


def _declared_type(inferrer, keyword):
    value = keyword.value
    try:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            ty = parse_type(value.value)
        else:
            found = inferrer.expr(value)
            ty = found.value if isinstance(found, Const) and isinstance(found.value, Type) else None
    except TypeError as exc:
        raise inferrer.error(value, f"objmode: {exc}") from None
    if ty is None or not _passes(ty, to_python=False):
        raise inferrer.error(value, f"objmode: the output {keyword.arg!r} must be declared as a number, "
                                    "bool, None, optional number or bool, array (C or any layout) or tuple "
                                    "type, e.g. 'float64[:]'",
                             UnsupportedError)
    return ty


def _passes(ty, to_python):
    if isinstance(ty, (Number, Boolean, NoneType)):
        return True
    if isinstance(ty, Array):
        return to_python or ty.layout in ("C", "A")
    if isinstance(ty, Tuple):
        return all(_passes(t, to_python) for t in ty.items)
    if isinstance(ty, Optional):                    # scalars only: an array's copy is unconditional
        return isinstance(ty.type, (Number, Boolean)) or (to_python and _passes(ty.type, to_python))
    if isinstance(ty, List):                        # a Python list of its items' boxes; a typed.List
        return to_python and _passes(ty.dtype, to_python)
    return to_python and isinstance(ty, (UnicodeType, TypedDictType))


def _python_block(src, node, inputs, declared):
    """The body as `def block(<inputs>): <body>; return <outputs>`, compiled at the body's lines, in
    the function's globals; wrapped to check and convert what it returns."""
    cached = getattr(node, "numjit_objmode_python", None)
    if cached is not None and cached[0] == (inputs, declared):
        return cached[1]
    outputs = ast.Tuple([ast.Name(name, ast.Load()) for name, _, _ in declared], ast.Load())
    body = copy.deepcopy(node.body) + [ast.copy_location(ast.Return(outputs), node.body[-1])]
    args = ast.arguments(posonlyargs=[], args=[ast.arg(name) for name, _, _ in inputs], kwonlyargs=[],
                         kw_defaults=[], defaults=[])
    extra = {"type_params": []} if "type_params" in ast.FunctionDef._fields else {}      # Python 3.12+
    define = ast.FunctionDef(name=f"objmode_block_line_{node.lineno}", args=args, body=body,
                             decorator_list=[], returns=None, **extra)
    module = ast.fix_missing_locations(ast.Module([ast.copy_location(define, node)], type_ignores=[]))
    namespace = {}
    try:
        exec(compile(module, src.filename, "exec"), src.globals, namespace)
    except SyntaxError as exc:
        raise UnsupportedError(f"objmode block: {exc.msg}", src.loc(node)) from None
    block = namespace[define.name]
    specs = [(name, ty) for name, _, ty in declared]

    def run(*args):
        values = block(*args)
        return tuple(_checked(name, value, ty) for (name, ty), value in zip(specs, values))
    node.numjit_objmode_python = ((inputs, declared), run)
    return run


def _checked(name, value, ty):
    """An output as compiled code unboxes it (exact scalar types, C-contiguous arrays)."""
    def refuse():
        shown = f"an array of {value.dtype} with {value.ndim} dimensions" if isinstance(value, np.ndarray) \
            else f"a value of type {type(value).__name__}"
        return TypeError(f"objmode: {name!r} was declared {ty}, but the block left {shown} in it")
    if isinstance(ty, Boolean):
        if not isinstance(value, (bool, np.bool_)):
            raise refuse()
        return bool(value)
    if isinstance(ty, Number):
        accepted = {"int": (int, np.integer), "float": (int, float, np.integer, np.floating)}.get(
            ty.kind, (int, float, complex, np.number))
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, accepted):
            raise refuse()
        return ty.dtype.type(value)
    if isinstance(ty, NoneType):
        if value is not None:
            raise refuse()
        return None
    if isinstance(ty, Optional):
        return None if value is None else _checked(name, value, ty.type)
    if isinstance(ty, Array):
        if not (isinstance(value, np.ndarray) and value.ndim == ty.ndim and value.dtype == ty.dtype.dtype):
            raise refuse()
        return np.ascontiguousarray(value)
    if not (isinstance(value, tuple) and len(value) == len(ty.items)):
        raise refuse()
    return tuple(_checked(f"{name}[{i}]", v, t) for i, (v, t) in enumerate(zip(value, ty.items)))


# -- lowering -----------------------------------------------------------------------------------

def _wire(ty):
    """The type an output is unboxed as: arrays C-contiguous (read-only accepted: copied next)."""
    if isinstance(ty, Array):
        return Array(ty.dtype, ty.ndim, "C", readonly=True)
    if isinstance(ty, Tuple):
        return Tuple([_wire(t) for t in ty.items])
    return ty


def lower_objmode(low, node):
    from ..runtime.boxing import box, unbox
    from ..runtime.cpython import global_object_symbol
    inputs, declared, run = low.t.consts[("objmode", node)]
    b, ctx = low.builder, low.ctx
    values = [low.load_var(version) for _, version, _ in inputs]      # may raise: before the GIL
    for value, (_, _, ty) in zip(values, inputs):
        if needs_refcount(ty):
            incref(ctx, b, value, ty)                # box consumes a reference
    gil = b.call(ctx.declare("PyGILState_Ensure", I32, []), [])
    release_gil = ctx.declare("PyGILState_Release", VOID, [I32])
    decref_object = ctx.declare("Py_DecRef", VOID, [PTR])
    objects = [box(ctx, b, value, ty) for value, (_, _, ty) in zip(values, inputs)]
    symbol = _block_symbol(low.src, node, inputs, declared, run)
    if symbol not in _SYMBOLS:                        # the block's Python function, for this process
        _SYMBOLS.add(global_object_symbol(symbol, run))
    callee = b.load(ctx.global_var(symbol, PTR), typ=PTR)
    call = ctx.declare("PyObject_CallFunctionObjArgs", PTR, [PTR], var_arg=True)
    result = b.call(call, [callee] + objects + [ir.Constant(PTR, None)])
    for obj in objects:
        b.call(decref_object, [obj])
    with b.if_then(b.icmp_unsigned("==", result, ir.Constant(PTR, None)), likely=False):
        _raise_python_error(low, gil, release_gil)
    outputs = []
    fail = b.append_basic_block("objmode.unbox_failed")
    tuple_item = ctx.declare("PyTuple_GetItem", PTR, [PTR, I64])
    for i, (_, _, ty) in enumerate(declared):
        item = b.call(tuple_item, [result, ir.Constant(I64, i)])
        outputs.append(_owned_copy(low, unbox(ctx, b, item, _wire(ty), fail, exact=False), _wire(ty), ty))
    b.call(decref_object, [result])
    b.call(release_gil, [gil])
    after = b.block
    b.position_at_end(fail)                           # checked in Python first: a compiler bug if reached
    b.call(decref_object, [result])
    b.call(release_gil, [gil])
    low.raise_error(TypeError, "objmode: an output could not be unboxed")
    b.position_at_end(after)
    for value, (_, version, ty) in zip(outputs, declared):
        low.store_var(version, value, ty)
        low.own(value, ty)                            # the copy's reference: released after the statement


def _block_symbol(src, node, inputs, declared, run):
    """The symbol holding the block's Python function: named by its recipe (RECIPES) when another
    process can find the block again (a function its module names), else by this process's object
    (code using it is not cached on disk)."""
    fn = src.pyfunc
    if "<" in fn.__qualname__ or _function_named(fn.__module__, fn.__qualname__) is not fn:
        return f"numjit_objmode.{id(run):x}"
    recipe = (fn.__module__, fn.__qualname__, node.lineno, tuple(name for name, _, _ in inputs),
              tuple((name, ty) for name, _, ty in declared))
    symbol = RECIPE_PREFIX + hashlib.sha256(repr(recipe).encode()).hexdigest()[:24]
    RECIPES[symbol] = recipe
    return symbol


def _function_named(module, qualname):
    """The Python function `module.qualname` (a dispatcher's py_func), or None."""
    try:
        found = importlib.import_module(module)
        for part in qualname.split("."):
            found = getattr(found, part)
    except (ImportError, AttributeError):
        return None
    return getattr(found, "py_func", found)


def rebuild_block(symbol, recipe):
    """Define `symbol` in this process from its recipe (a block of code loaded from the disk cache)."""
    from ..frontend.source import FunctionSource
    from ..runtime.cpython import global_object_symbol
    module, qualname, line, names, outputs = recipe
    src = FunctionSource.of(_function_named(module, qualname))
    node = next(n for n in ast.walk(src.tree) if isinstance(n, ast.With) and n.lineno == line
                and hasattr(n, "numjit_objmode"))
    run = _python_block(src, node, [(name, None, None) for name in names], [(n, None, t) for n, t in outputs])
    _SYMBOLS.add(global_object_symbol(symbol, run))
    RECIPES[symbol] = recipe


def _owned_copy(low, value, wire, ty):
    """Arrays unboxed from the block's result are copied into arrays compiled code owns."""
    b = low.builder
    if isinstance(wire, Tuple):
        out = ir.Constant(ty.llvm(), ir.Undefined)
        for i, (w, t) in enumerate(zip(wire.items, ty.items)):
            out = b.insert_value(out, _owned_copy(low, b.extract_value(value, i), w, t), i)
        return out
    if not isinstance(wire, Array):
        return value
    from ..intrinsics.creation import allocate
    from ..runtime.lists import memcpy
    from ..types.arrays import DATA, NITEMS, SHAPE
    fresh = Array(wire.dtype, wire.ndim, "C")
    copy_ = allocate(low, fresh, [b.extract_value(value, [SHAPE, i]) for i in range(wire.ndim)])
    nbytes = b.mul(b.extract_value(value, NITEMS), ir.Constant(I64, wire.dtype.dtype.itemsize))
    memcpy(low.ctx.module, b, b.extract_value(copy_, DATA), b.extract_value(value, DATA), nbytes)
    return low.cast(copy_, fresh, ty)


def _raise_python_error(low, gil, release_gil):
    """The block raised: keep its type and message (per-site cells outlive the call), release the
    GIL and propagate like a raise in compiled code."""
    b, ctx = low.builder, low.ctx
    site = ctx.unique("numjit_objmode_exc")
    type_cell, text_cell = _cell(ctx, f"{site}.type"), _cell(ctx, f"{site}.text")
    excinfo = ir.GlobalVariable(ctx.module, ir.LiteralStructType([PTR, PTR]), f"{site}.info")
    excinfo.initializer = ir.Constant(excinfo.value_type, [type_cell, ir.Constant(PTR, None)])
    excinfo.linkage = "internal"
    kind, value, trace = (ctx.alloca(b, PTR) for _ in range(3))
    b.call(ctx.declare("PyErr_Fetch", VOID, [PTR, PTR, PTR]), [kind, value, trace])
    b.call(ctx.declare("PyErr_NormalizeException", VOID, [PTR, PTR, PTR]), [kind, value, trace])
    shown = ctx.alloca(b, PTR)
    b.store(b.call(ctx.declare("PyObject_Str", PTR, [PTR]), [b.load(value, typ=PTR)]), shown)
    with b.if_then(b.icmp_unsigned("==", b.load(shown, typ=PTR), ir.Constant(PTR, None)), likely=False):
        b.call(ctx.declare("PyErr_Clear", VOID, []), [])
        placeholder = ctx.cstring("(the exception's message could not be shown)")
        b.store(b.call(ctx.declare("PyUnicode_FromString", PTR, [PTR]), [placeholder]), shown)
    text = b.load(shown, typ=PTR)
    decref_object = ctx.declare("Py_DecRef", VOID, [PTR])
    for cell, new in ((type_cell, b.load(kind, typ=PTR)), (text_cell, text)):
        old = b.load(cell, typ=PTR)
        b.store(new, cell)
        b.call(decref_object, [old])
    b.call(decref_object, [b.load(value, typ=PTR)])
    b.call(decref_object, [b.load(trace, typ=PTR)])
    message = b.call(ctx.declare("PyUnicode_AsUTF8", PTR, [PTR]), [text])
    b.store(message, b.gep(excinfo, [ir.Constant(I32, 0), ir.Constant(I32, 1)]))
    b.call(release_gil, [gil])
    b.store(excinfo, low.excinfo)
    low.propagate()


def _cell(ctx, name):
    cell = ir.GlobalVariable(ctx.module, PTR, name)
    cell.initializer = ir.Constant(PTR, None)
    cell.linkage = "internal"
    return cell
