"""`guvectorize`: NumPy generalized ufuncs from Python kernels that fill output arrays.

    >>> import numpy as np
    >>> from numjit import guvectorize
    >>> @guvectorize(["void(float64[:], float64, float64[:])"], "(n),()->(n)")
    ... def shift(x, c, out):
    ...     for i in range(x.shape[0]):
    ...         out[i] = x[i] + c
    >>> shift(np.arange(3.0), 1.0)
    array([1., 2., 3.])

The kernel sees each core operand as an array view built from NumPy's pointers,
core dimensions and core strides (no copies), or as a scalar for a `()` operand
declared with a scalar type.
"""
import ast
import inspect
import re

import numpy as np
from llvmlite import ir

from .. import config
from ..backend import jit as backend
from ..errors import NumjitError, TypingError
from ..lowering.context import ModuleContext, PTR, I32, I64
from ..lowering.lower import lower_function
from ..pipeline import COMPILER_LOCK
from ..runtime import memory
from ..runtime.cpython import register_symbols
from ..types import Array, Number, parse_signature, Signature
from ..types.arrays import MEMINFO, PARENT, NITEMS, ITEMSIZE, DATA, SHAPE, STRIDES
from ..types.scalars import from_dtype, none
from ..typing.infer import infer
from .loops import emit_gufunc_loop
from .pickling import Recipe
from .options import ufunc_flags
from .ufuncobj import make_ufunc
from .vectorize import (FP_ERRORS, _check_target, dtype_of, identity_value,
                        numpy_would_choose_another, signature_list)

I8 = ir.IntType(8)
_OPERAND = re.compile(r"\(([^()]*)\)")


def parse_layout(layout):
    """'(m,n),(n)->(m)' → ([('m','n'), ('n',)], [('m',)]); raises ValueError when malformed.
    As numba, a layout without '->' has no outputs: the kernel updates its inputs in place.

    >>> parse_layout("(n), (k)")
    ([('n',), ('k',)], [])
    """
    text = layout.replace(" ", "")
    if text.count("->") > 1 or "->" not in text and not text.startswith("("):
        raise ValueError(f"invalid gufunc layout {layout!r}: expected 'inputs->outputs'")
    left, _, right = text.partition("->")

    def operands(part):
        found = _OPERAND.findall(part)
        if "".join(f"({x})" for x in found).replace(")(", "),(") != part and part:
            raise ValueError(f"invalid gufunc layout {layout!r}")
        dims = [tuple(x.split(",")) if x else () for x in found]
        if any(not re.fullmatch(r"\w+", d) for op in dims for d in op):
            raise ValueError(f"invalid gufunc layout {layout!r}: a core dimension is not a name")
        return dims
    ins, outs = operands(left), operands(right)
    if not outs and "->" in text:
        raise ValueError(f"invalid gufunc layout {layout!r}: no outputs")
    return ins, outs


def _dim_numbers(ins, outs):
    order = []
    for op in ins + outs:
        for d in op:
            if d not in order:
                order.append(d)
    return {d: i for i, d in enumerate(order)}


def _emit_kernel(ctx, fn, argtypes, operands, dimnum, return_type):
    """i32 gkernel(ret, excinfo, ptrs, core_dims, core_steps) → fn(arrays/scalars...)."""
    g = ir.Function(ctx.module, ir.FunctionType(I32, [PTR, PTR, PTR, PTR, PTR]), ctx.unique("gufunc.kernel"))
    g.linkage = "internal"
    _ret, excinfo, ptrs, cdims, csteps = g.args
    b = ir.IRBuilder(g.append_basic_block())
    values = []
    step_index = 0
    for k, (ty, dims) in enumerate(zip(argtypes, operands)):
        base = b.load(b.gep(ptrs, [ir.Constant(I64, k)], source_etype=PTR), typ=PTR)
        if isinstance(ty, Number):
            values.append(ctx.from_mem(b, b.load(base, typ=ty.llvm_mem()), ty))
            continue
        arr = ir.Constant(ty.llvm(), ir.Undefined)
        arr = b.insert_value(arr, ir.Constant(PTR, None), MEMINFO)
        arr = b.insert_value(arr, ir.Constant(PTR, None), PARENT)
        arr = b.insert_value(arr, ir.Constant(I64, ty.dtype.dtype.itemsize), ITEMSIZE)
        arr = b.insert_value(arr, base, DATA)
        nitems = ir.Constant(I64, 1)
        for axis in range(ty.ndim):
            if axis < len(dims):
                d = b.load(b.gep(cdims, [ir.Constant(I64, dimnum[dims[axis]])], source_etype=I64), typ=I64)
                s = b.load(b.gep(csteps, [ir.Constant(I64, step_index + axis)], source_etype=I64), typ=I64)
            else:                                  # a `()` operand seen as a 1-element array
                d, s = ir.Constant(I64, 1), ir.Constant(I64, ty.dtype.dtype.itemsize)
            arr = b.insert_value(arr, d, [SHAPE, axis])
            arr = b.insert_value(arr, s, [STRIDES, axis])
            nitems = b.mul(nitems, d)
        values.append(b.insert_value(arr, nitems, NITEMS))
        step_index += len(dims)
    slot = ctx.alloca(b, return_type.llvm())
    status = b.call(fn, [slot, excinfo] + values)
    b.ret(status)
    return g


def _operand_text(dims):
    return f"({','.join(dims)})"


def check_signature(sig, ins, outs):
    """The argument types of `sig` (a string, Signature or tuple of types) for the layout's
    operands `ins` + `outs`; TypeError when they do not fit.  numba's rules: a kernel returns
    nothing, an operand's array has one dimension per core dimension (a `()` operand may be
    a 1-d array of one element) and outputs are arrays, so the kernel can write them."""
    try:
        parsed = parse_signature(sig) if not isinstance(sig, tuple) else Signature(none, sig)
    except TypeError as exc:
        raise TypeError(f"guvectorize: {exc}") from None
    if parsed.return_type not in (None, none):
        raise TypeError(f"guvectorize signature {sig!r} returns {parsed.return_type}: "
                        f"guvectorize kernels write their outputs and return nothing "
                        f"(declare 'void(...)')")
    args = tuple(a.copy(layout="A") if isinstance(a, Array) else a for a in parsed.args)
    if len(args) != len(ins) + len(outs):
        raise TypeError(f"guvectorize signature {sig!r} has {len(args)} arguments; the layout "
                        f"has {len(ins) + len(outs)} operands")
    for k, (ty, dims) in enumerate(zip(args, ins + outs)):
        where = f"argument #{k + 1} ({ty}, layout operand {_operand_text(dims)})"
        if isinstance(ty, Number):
            if dims:
                raise TypeError(f"guvectorize: {where}: a scalar given for an operand with core "
                                f"dimensions")
            if k >= len(ins):
                raise TypeError(f"guvectorize: {where}: an output must be an array the kernel "
                                f"writes, e.g. {ty}[:] for a '()' output")
        elif isinstance(ty, Array):
            if ty.ndim != len(dims) and not (not dims and ty.ndim == 1):
                raise TypeError(f"guvectorize: type and shape signature mismatch for {where}: "
                                f"{ty.ndim} dimension(s) for {len(dims)} core dimension(s)")
        else:
            raise TypeError(f"guvectorize: {where}: operands are numbers or arrays")
    return args


def _returned_value(typed):
    """The first `return <value>` of a kernel, for the error's location."""
    return next((node for node in ast.walk(typed.source.tree)
                 if isinstance(node, ast.Return) and node.value is not None), typed.source.tree)


def compile_gufunc_loops(py_func, signatures, layout, target="cpu", flags=None):
    """([(type_nums, loop address)], library) for the signatures under `layout`."""
    ins, outs = parse_layout(layout)
    nin, nout = len(ins), len(outs)
    dimnum = _dim_numbers(ins, outs)
    flags = {"error_model": "numpy", **(flags or {})}     # NumPy's error model unless asked
    register_symbols()
    memory.register()
    ctx = ModuleContext(f"gufunc.{py_func.__name__}")
    loops, names = [], []
    try:
        for sig in signatures:
            argtypes = check_signature(sig, ins, outs)
            note = f"while compiling {py_func.__name__} for signature ({', '.join(map(str, argtypes))})"
            try:
                typed = infer(py_func, argtypes, flags)
            except NumjitError as exc:
                raise exc.add_note_line(note)
            if typed.return_type != none:
                raise TypingError(f"a guvectorize kernel returns nothing (it writes its output "
                                  f"arrays); {py_func.__name__} returns {typed.return_type}",
                                  typed.source.loc(_returned_value(typed))).add_note_line(note)
            fn = lower_function(ctx, typed, backend.unique_name(f"gufunc.body.{py_func.__name__}"))
            g = _emit_kernel(ctx, fn, argtypes, ins + outs, dimnum, typed.return_type)
            name = backend.unique_name(f"gufunc.loop.{py_func.__name__}")
            emit_gufunc_loop(ctx.module, g, nin, nout, name, num_core_dims=len(dimnum),
                             parallel=(target == "parallel"), fp_errors=FP_ERRORS)
            names.append(name)
            loops.append(tuple((t.dtype if isinstance(t, Array) else t).dtype.num for t in argtypes))
    except NumjitError as exc:
        if not config.DEBUG:
            raise exc.with_traceback(None) from None
        raise
    lib = backend.compile_ir(ctx.module)
    return [(types, lib.address(n)) for types, n in zip(loops, names)], lib


def build_gufunc(py_func, signatures, layout, target="cpu", identity=None, flags=None, writable=()):
    """A numpy gufunc with one loop per signature, in order; `writable`: see writable_inputs."""
    ins, outs = parse_layout(layout)
    loops, lib = compile_gufunc_loops(py_func, signatures, layout, target, flags)
    recipe = Recipe("gufunc", py_func, signatures=tuple(signatures), layout=layout, target=target,
                    identity=identity, flags=dict(flags or {}), writable=tuple(writable))
    return make_ufunc(py_func.__name__, py_func.__doc__ or "", loops, len(ins), len(outs),
                      identity=identity, signature=layout, owner_extra=(lib, py_func, recipe),
                      writable=writable)


def writable_inputs(func, writable_args, nin):
    """numba's writable_args (parameter names or positions) as sorted input positions: inputs the
    kernel writes to, written back to the caller's array even when NumPy passes a cast copy.

    >>> def kernel(a, b, out): pass
    >>> writable_inputs(kernel, ("b", 0), 2)
    (0, 1)
    """
    if not writable_args:
        return ()
    if isinstance(writable_args, (str, int)):
        writable_args = (writable_args,)
    params = [p for p in inspect.signature(func).parameters]
    out = set()
    for arg in writable_args:
        i = params.index(arg) if isinstance(arg, str) and arg in params else arg
        if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < nin:
            raise ValueError(f"guvectorize(writable_args=...): {arg!r} is not an input of "
                             f"{func.__name__}({', '.join(params[:nin])}); name inputs by name or position")
        out.add(i)
    return tuple(sorted(out))


# a Python scalar's kind, which the array operands may narrow but never change
_WEAK_KINDS = {bool: "b", int: "iu", float: "f", complex: "c"}


def _input_dtypes(args):
    """Operand dtypes as NumPy resolves them: Python scalars are weak (NEP 50), so
    (float32 array, 2.5) compiles a float32 loop, as NumPy's own ufuncs would choose; but a
    scalar keeps its kind, as numba types it: 2.5 beside a complex array stays float64.

    >>> [str(d) for d in _input_dtypes([np.zeros(2, np.complex64), 2.5, 3])]
    ['complex64', 'float64', 'int64']
    """
    strong = [dtype_of(a) for a in args if type(a) not in _WEAK_KINDS]
    dtypes = [dtype_of(a) for a in args]
    for i, a in enumerate(args):
        if strong and type(a) in _WEAK_KINDS:
            narrowed = np.result_type(*strong, a)
            dtypes[i] = narrowed if narrowed.kind in _WEAK_KINDS[type(a)] else dtypes[i]
    return dtypes


class GUFunc:
    """A gufunc compiled per new combination of operand dtypes (guvectorize without signatures)."""

    def __init__(self, py_func, layout, target, identity, flags, writable=()):
        self.py_func, self.layout = py_func, layout
        self._writable = tuple(writable)
        self.__name__, self.__doc__, self.__wrapped__ = py_func.__name__, py_func.__doc__, py_func
        self._ins, self._outs = parse_layout(layout)
        self._target, self._identity, self._flags = target, identity, flags
        self.recipe = Recipe("lazy_gufunc", py_func, layout=layout, target=target,
                             identity=identity, flags=dict(flags or {}), writable=self._writable)
        self._signatures = []      # operand dtypes of the compiled loops, in loop order
        self._sigs, self._loops, self._libs = [], [], []
        self._forced = {}          # (operand dtypes, weak scalars) -> loop to name in calls, or ""
        self.ufunc = None

    @staticmethod
    def _operand_type(dtype, dims, is_input):
        t = from_dtype(dtype)
        return t if (is_input and not dims) else Array(t, max(len(dims), 1), "A")

    @property
    def types(self):
        return [] if self.ufunc is None else self.ufunc.types

    nin = property(lambda self: len(self._ins))
    nout = property(lambda self: len(self._outs))
    nargs = property(lambda self: len(self._ins) + len(self._outs))
    ntypes = property(lambda self: len(self._signatures))
    signature = property(lambda self: self.layout)
    identity = property(lambda self: identity_value(self._identity))

    def __call__(self, *args, **kwargs):
        nin, nout = len(self._ins), len(self._outs)
        in_dtypes = _input_dtypes(args[:nin])
        outs = list(args[nin:])
        if not outs and kwargs.get("out") is not None:
            out = kwargs["out"]
            outs = list(out) if isinstance(out, tuple) else [out]
        if outs:
            out_dtypes = [dtype_of(o) for o in outs]
        else:
            dtype = kwargs.get("dtype")
            out_dtypes = [np.dtype(dtype) if dtype is not None else np.result_type(*in_dtypes)] * nout
        key = tuple(in_dtypes) + tuple(out_dtypes)
        if key not in self._signatures:
            with COMPILER_LOCK:             # threads calling it first at once compile each loop once
                if key not in self._signatures:
                    self._add_loop(key)
        pattern = (key, tuple(type(a) in (int, float, complex, bool) for a in args[:nin]))
        loop = self._forced.get(pattern)
        if loop is None:
            loop = self.ufunc.types[self._signatures.index(key)]
            loop = loop if numpy_would_choose_another(self.ufunc, args[:nin], loop) else ""
            self._forced[pattern] = loop
        if not loop or "signature" in kwargs or "dtype" in kwargs or "sig" in kwargs:
            return self.ufunc(*args, **kwargs)
        return self.ufunc(*args, signature=loop, **kwargs)   # not an earlier loop they cast to

    def _add_loop(self, key):
        nin, nout = len(self._ins), len(self._outs)
        sig = tuple(self._operand_type(d, dims, i < nin and i not in self._writable)
                    for i, (d, dims) in enumerate(zip(key, self._ins + self._outs)))
        loops, lib = compile_gufunc_loops(self.py_func, [sig], self.layout, self._target, self._flags)
        recipe = Recipe("gufunc", self.py_func, signatures=tuple(self._sigs + [sig]),
                        layout=self.layout, target=self._target, identity=self._identity,
                        flags=dict(self._flags or {}), writable=self._writable)
        self.ufunc = make_ufunc(self.__name__, self.__doc__ or "", self._loops + loops, nin,
                                nout, identity=self._identity, signature=self.layout,
                                owner_extra=(self._libs + [lib], self.py_func, recipe),
                                writable=self._writable)
        self._signatures.append(key)
        self._sigs.append(sig)
        self._loops, self._libs = self._loops + loops, self._libs + [lib]

    def __reduce__(self):
        return self.recipe.reduce(self)


def python_gufunc(func, layout):
    """NUMJIT_DISABLE_JIT: the kernel run by ``np.vectorize`` over the loop dimensions, with
    its outputs allocated from the input core sizes (a ``()`` output as one element)."""
    ins, outs = parse_layout(layout)

    def core(*args):
        sizes = {}
        for a, dims in zip(args, ins):
            shape = np.shape(a)
            sizes.update(zip(dims, shape[len(shape) - len(dims):]))
        dtype = np.result_type(*args)
        results = [np.zeros([sizes[d] for d in dims] or [1], dtype) for dims in outs]
        func(*args, *results)
        results = [r if dims else r[0] for r, dims in zip(results, outs)]
        return results[0] if len(results) == 1 else tuple(results)
    core.__name__, core.__doc__ = func.__name__, func.__doc__
    return np.vectorize(core, signature=layout.replace(" ", ""))


def guvectorize(signatures=None, layout=None, *, target="cpu", identity=None, **options):
    """numba.guvectorize(signatures, layout, target=...) — also lazily: guvectorize(layout).

    `options` as for vectorize (numjit/ufunc/options.py), and numba's writable_args (inputs the
    kernel updates in place, see writable_inputs)."""
    flags = ufunc_flags("guvectorize", options)
    if isinstance(signatures, str) and layout is None and "->" in signatures:
        signatures, layout = None, signatures
    if layout is None:
        raise TypeError("guvectorize needs a layout such as '(n),()->(n)'")
    ins, outs = parse_layout(layout)
    signatures = signature_list(signatures)
    for sig in signatures or ():
        check_signature(sig, ins, outs)

    def decorate(func):
        _check_target(target, "guvectorize")
        writable = writable_inputs(func, options.get("writable_args"), len(ins))
        if config.DISABLE_JIT:
            return python_gufunc(func, layout)
        if target == "cuda":
            from ..cuda.ufunc import cuda_guvectorize
            return cuda_guvectorize(func, signatures, layout)
        if not signatures:
            return GUFunc(func, layout, target, identity, flags, writable)
        return build_gufunc(func, signatures, layout, target, identity, flags, writable)
    return decorate
