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
import re

import numpy as np
from llvmlite import ir

from .. import config
from ..backend import jit as backend
from ..errors import NumjitError
from ..lowering.context import ModuleContext, PTR, I32, I64
from ..lowering.lower import lower_function
from ..runtime import memory
from ..runtime.cpython import register_symbols
from ..types import Array, Number, parse_signature, Signature
from ..types.arrays import MEMINFO, PARENT, NITEMS, ITEMSIZE, DATA, SHAPE, STRIDES
from ..types.scalars import from_dtype, none
from ..typing.infer import infer
from .loops import emit_gufunc_loop
from .ufuncobj import make_ufunc
from .vectorize import _check_target

I8 = ir.IntType(8)
_OPERAND = re.compile(r"\(([^()]*)\)")


def parse_layout(layout):
    """'(m,n),(n)->(m)' → ([('m','n'), ('n',)], [('m',)]); raises ValueError when malformed."""
    text = layout.replace(" ", "")
    if text.count("->") != 1:
        raise ValueError(f"invalid gufunc layout {layout!r}: expected 'inputs->outputs'")
    left, right = text.split("->")

    def operands(part):
        found = _OPERAND.findall(part)
        if "".join(f"({x})" for x in found).replace(")(", "),(") != part and part:
            raise ValueError(f"invalid gufunc layout {layout!r}")
        return [tuple(d for d in x.split(",") if d) for x in found]
    ins, outs = operands(left), operands(right)
    if not outs:
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
            if dims:
                raise NumjitError(f"operand {k} has core dimensions {dims} but is declared as scalar {ty}")
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
        if len(dims) > ty.ndim:
            raise NumjitError(f"operand {k} has {len(dims)} core dimensions but is declared {ty}")
        values.append(b.insert_value(arr, nitems, NITEMS))
        step_index += len(dims)
    slot = ctx.alloca(b, return_type.llvm())
    status = b.call(fn, [slot, excinfo] + values)
    b.ret(status)
    return g


def _normalize(sig, nargs):
    sig = parse_signature(sig) if not isinstance(sig, tuple) else Signature(none, sig)
    args = tuple(a.copy(layout="A") if isinstance(a, Array) else a for a in sig.args)
    if len(args) != nargs:
        raise TypeError(f"signature {sig} has {len(args)} arguments; the layout has {nargs} operands")
    return args


def build_gufunc(py_func, signatures, layout, target="cpu", identity=None, flags=None):
    ins, outs = parse_layout(layout)
    nin, nout = len(ins), len(outs)
    dimnum = _dim_numbers(ins, outs)
    register_symbols()
    memory.register()
    ctx = ModuleContext(f"gufunc.{py_func.__name__}")
    loops, names = [], []
    try:
        for sig in signatures:
            argtypes = _normalize(sig, nin + nout)
            try:
                typed = infer(py_func, argtypes, flags or {})
            except NumjitError as exc:
                raise exc.add_note_line(f"while compiling {py_func.__name__} for signature "
                                        f"({', '.join(map(str, argtypes))})")
            fn = lower_function(ctx, typed, backend.unique_name(f"gufunc.body.{py_func.__name__}"))
            g = _emit_kernel(ctx, fn, argtypes, ins + outs, dimnum, typed.return_type)
            name = backend.unique_name(f"gufunc.loop.{py_func.__name__}")
            emit_gufunc_loop(ctx.module, g, nin, nout, name, num_core_dims=len(dimnum),
                             parallel=(target == "parallel"))
            names.append(name)
            loops.append(tuple((t.dtype if isinstance(t, Array) else t).dtype.num for t in argtypes))
    except NumjitError as exc:
        if not config.DEBUG:
            raise exc.with_traceback(None) from None
        raise
    lib = backend.compile_ir(ctx.module)
    return make_ufunc(py_func.__name__, py_func.__doc__ or "",
                      [(types, lib.address(n)) for types, n in zip(loops, names)], nin, nout,
                      identity=identity, signature=layout, owner_extra=(lib, py_func))


class GUFunc:
    """A gufunc compiled per new combination of operand dtypes (guvectorize without signatures)."""

    def __init__(self, py_func, layout, target, identity, flags):
        self.py_func, self.layout = py_func, layout
        self.__name__, self.__doc__, self.__wrapped__ = py_func.__name__, py_func.__doc__, py_func
        self._ins, self._outs = parse_layout(layout)
        self._target, self._identity, self._flags = target, identity, flags
        self._signatures = []
        self.ufunc = None

    @staticmethod
    def _operand_type(dtype, dims, is_input):
        t = from_dtype(dtype)
        return t if (is_input and not dims) else Array(t, max(len(dims), 1), "A")

    def __call__(self, *args, **kwargs):
        nin, nout = len(self._ins), len(self._outs)
        arrays = [np.asarray(a) for a in args[:nin]]
        outs = list(args[nin:]) or list(kwargs.get("out", ()) or ())
        if outs and not isinstance(outs, (list, tuple)):
            outs = [outs]
        out_dtypes = [np.asarray(o).dtype for o in outs] if outs else [np.result_type(*arrays)] * nout
        types = [a.dtype for a in arrays] + list(out_dtypes)
        key = tuple(types)
        if key not in self._signatures:
            self._signatures.append(key)
            nin = len(self._ins)
            sigs = [tuple(self._operand_type(d, dims, i < nin)
                          for i, (d, dims) in enumerate(zip(k, self._ins + self._outs)))
                    for k in self._signatures]
            try:
                self.ufunc = build_gufunc(self.py_func, sigs, self.layout, self._target,
                                          self._identity, self._flags)
            except Exception:
                self._signatures.pop()
                raise
        return self.ufunc(*args, **kwargs)

    def __reduce__(self):
        from .vectorize import _rebuild_dufunc
        return (_rebuild_dufunc, (self.py_func.__module__, self.py_func.__qualname__))


def guvectorize(signatures=None, layout=None, *, nopython=True, target="cpu", identity=None,
                cache=False, fastmath=False, writable_args=(), **options):
    """numba.guvectorize(signatures, layout, target=...) — also lazily: guvectorize(layout)."""
    flags = {"fastmath": True} if fastmath else {}
    if isinstance(signatures, str) and layout is None and "->" in signatures:
        signatures, layout = None, signatures
    if layout is None:
        raise TypeError("guvectorize needs a layout such as '(n),()->(n)'")
    parse_layout(layout)
    if signatures is not None and not isinstance(signatures, list):
        signatures = [signatures]

    def decorate(func):
        _check_target(target)
        if config.DISABLE_JIT:
            return np.vectorize(func, signature=layout.replace(" ", ""))
        if not signatures:
            return GUFunc(func, layout, target, identity, flags)
        return build_gufunc(func, signatures, layout, target, identity, flags)
    return decorate
