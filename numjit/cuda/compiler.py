"""Kernels and device functions → PTX: the CPU pipeline's typing and lowering, an NVPTX module.

The stage table `STAGES` (as numjit/pipeline.py's, on a CUDA module context):

    source → typed AST → GPU checks → LLVM IR (+ kernel entry) → PTX (numjit/cuda/target.py)

A kernel entry `ptx_kernel void @name(params)` takes each argument flattened into scalar
parameters (an array: data pointer, shape, strides — see `param_layout`), rebuilds the
values of numjit's data model and calls the lowered function.

    >>> from numjit.types import float32, int64
    >>> def axpy(out, a, x):
    ...     i = 0
    ...     out[i] = a * x[i]
    >>> k = compile_kernel(axpy, (float32[::1], float32, float32[::1]))
    >>> k.params, ".visible .entry" in k.ptx
    ('PqqfPqq', True)
"""
import ast
import re
import weakref
from dataclasses import dataclass

from llvmlite import ir

from ..errors import TypingError, UnsupportedError, NumjitError, InternalError
from ..lowering.context import ModuleContext, EXCINFO, PTR, I8
from ..lowering.lower import lower_function, function_symbol
from ..pipeline import _stage_source, _stage_typed
from ..types import Array, Tuple, Boolean, Complex, Float, Integer, Const, none
from ..types.arrayexpr import ArrayExpr
from ..types.lists import List
from ..types.arrays import MEMINFO, PARENT, NITEMS, ITEMSIZE, DATA, SHAPE, STRIDES
from ..typing.infer import infer
from ..typing.registry import IntrinsicImpl, PythonImpl
from . import target, debug
from .printing import printable

I32, I64 = ir.IntType(32), ir.IntType(64)


class CudaModuleContext(ModuleContext):
    """A module for the NVPTX target: no CPython, no allocator. An exception's class slot holds
    its code in `exceptions` (from 1) when compiled with debug=True, else nothing."""
    is_cuda = True

    def __init__(self, name, cc, debug=False):
        super().__init__(name)
        self.module.triple = target.TRIPLE
        self.module.data_layout = target.data_layout(cc)
        self.debug = debug
        self.exceptions = []                       # (class, message, (function, file, line) or None)
        free = ir.Function(self.module, ir.FunctionType(ir.VoidType(), [PTR]), "numjit_meminfo_free")
        free.linkage = "internal"                  # arrays in kernels are never owned: nothing to free
        ir.IRBuilder(free.append_basic_block()).ret_void()

    def excinfo_constant(self, cls, message, loc=None, where=None):
        if loc is not None:
            where = f"{loc.line}\t{loc.function}\t{loc.filename}"
        key = (cls, message, where if self.debug else None)
        gv = self._excinfos.get(key)
        if gv is None:
            code = ir.Constant(PTR, None)
            if self.debug:                         # "line\tfunction\tfile" lines: the innermost (the raise) is the last
                line, function, filename = where.splitlines()[-1].split("\t") if where else (0, None, None)
                self.exceptions.append((cls, message, (function, filename, int(line)) if where else None))
                code = ir.Constant(I64, len(self.exceptions)).inttoptr(PTR)
            gv = ir.GlobalVariable(self.module, EXCINFO, self.unique("excinfo"))
            gv.initializer = ir.Constant(EXCINFO, [code, self.cstring(message or cls.__name__),
                                                   ir.Constant(PTR, None)])
            gv.global_constant = True
            gv.linkage = "private"
            self._excinfos[key] = gv
            self._where[gv] = where                # a caller stacks its line above (context.relocate)
        return gv


# -- kernel parameters: every argument as a flat list of scalars --------------------------------
# struct format characters (native alignment) of the scalar parameters
_FORMATS = {("int", 8): "b", ("int", 16): "h", ("int", 32): "i", ("int", 64): "q",
            ("uint", 8): "B", ("uint", 16): "H", ("uint", 32): "I", ("uint", 64): "Q",
            ("float", 16): "e", ("float", 32): "f", ("float", 64): "d"}


def param_layout(ty):
    """struct format of argument type `ty` as kernel parameters (arrays: 'P' data, then shape and
    strides as 'q'); raises TypeError for a type a kernel cannot take."""
    if isinstance(ty, Array):
        return "P" + "q" * (2 * ty.ndim)
    if isinstance(ty, Boolean):
        return "?"
    if isinstance(ty, Integer):
        return _FORMATS[("int" if ty.signed else "uint", ty.bits)]
    if isinstance(ty, Float):
        return _FORMATS[("float", ty.bits)]
    if isinstance(ty, Complex):
        return param_layout(ty.underlying) * 2
    if isinstance(ty, Tuple):
        return "".join(param_layout(t) for t in ty.items)
    raise TypeError(f"a CUDA kernel cannot take an argument of type {ty}")


_LLVM_OF = {"P": PTR, "q": I64, "Q": I64, "i": I32, "I": I32, "h": ir.IntType(16), "H": ir.IntType(16),
            "b": I8, "B": I8, "?": I8, "e": ir.HalfType(), "f": ir.FloatType(), "d": ir.DoubleType()}


def _rebuild(b, ty, params):
    """The numjit value of type `ty` from its kernel parameters (consumed from the iterator)."""
    if isinstance(ty, Array):
        data = next(params)
        shape = [next(params) for _ in range(ty.ndim)]
        strides = [next(params) for _ in range(ty.ndim)]
        out = ir.Constant(ty.llvm(), ir.Undefined)
        out = b.insert_value(out, ir.Constant(PTR, None), MEMINFO)
        out = b.insert_value(out, ir.Constant(PTR, None), PARENT)
        nitems = ir.Constant(I64, 1)
        for i, (dim, stride) in enumerate(zip(shape, strides)):
            out = b.insert_value(out, dim, [SHAPE, i])
            out = b.insert_value(out, stride, [STRIDES, i])
            nitems = b.mul(nitems, dim)
        out = b.insert_value(out, nitems, NITEMS)
        out = b.insert_value(out, ir.Constant(I64, ty.dtype.dtype.itemsize), ITEMSIZE)
        return b.insert_value(out, data, DATA)
    if isinstance(ty, Boolean):
        return b.icmp_unsigned("!=", next(params), ir.Constant(I8, 0))
    if isinstance(ty, Complex):
        out = ir.Constant(ty.llvm(), ir.Undefined)
        return b.insert_value(b.insert_value(out, next(params), 0), next(params), 1)
    if isinstance(ty, Tuple):
        out = ir.Constant(ty.llvm(), ir.Undefined)
        for i, item in enumerate(ty.items):
            out = b.insert_value(out, _rebuild(b, item, params), i)
        return out
    return next(params)


def add_kernel_entry(ctx, typed, symbol, name):
    """`ptx_kernel void @name(flat params)` calling the lowered function `symbol`."""
    formats = "".join(param_layout(t) for t in typed.argtypes)
    fnty = ir.FunctionType(ir.VoidType(), [_LLVM_OF[c] for c in formats])
    kernel = ir.Function(ctx.module, fnty, name)
    kernel.calling_convention = "ptx_kernel"
    b = ir.IRBuilder(kernel.append_basic_block())
    params = iter(kernel.args)
    values = [_rebuild(b, t, params) for t in typed.argtypes]
    inner = ctx.module.globals[symbol]
    inner.linkage = "internal"
    retslot = b.alloca(typed.return_type.llvm())
    excslot = b.alloca(PTR)
    status = b.call(inner, [retslot, excslot] + values)    # an exception ends the thread (numba-cuda's default)
    if ctx.debug:                                   # ... and with debug=True is reported to the host
        debug.emit_report(ctx, b, name, status, excslot)
    b.ret_void()
    return formats


# -- what the GPU cannot do: refused at typing, at the user's line ------------------------------
def _node_of(key):
    if isinstance(key, ast.AST):
        return key
    if isinstance(key, tuple):
        return next((k for k in key if isinstance(k, ast.AST)), None)
    return None


DEVICE_FUNCTIONS = weakref.WeakKeyDictionary()     # Python function of a cuda.jit(device=True) -> its own flags


def device_function_flags(typed, seen=None):
    """The device functions a kernel calls (and those they call) compile with the kernel's flags —
    its error model, and boundscheck, which debug=True turns on — updated by their own options
    (fastmath=, boundscheck=)."""
    seen = set() if seen is None else seen
    for impl in typed.impls.values():
        own = DEVICE_FUNCTIONS.get(getattr(impl, "pyfunc", None)) if isinstance(impl, PythonImpl) else None
        if own is None or impl.signature is None:
            continue
        impl.flags = {**typed.flags, **own}
        key = (impl.pyfunc, impl.argtypes, tuple(sorted(impl.flags.items())))
        if key not in seen:
            seen.add(key)
            device_function_flags(infer(impl.pyfunc, impl.argtypes, impl.flags), seen)


def check_gpu_typing(typed, seen=None):
    """TypingError where a typed function allocates arrays (or calls something that does)."""
    seen = set() if seen is None else seen
    key = (typed.source.pyfunc, typed.argtypes)
    if key in seen:
        return
    seen.add(key)
    loc = typed.source.loc
    for node_key, impl in typed.impls.items():
        node = _node_of(node_key)
        if isinstance(impl, IntrinsicImpl) and getattr(impl.codegen, "new_ref", False):
            raise TypingError(f"CUDA kernels cannot allocate arrays ({impl.signature.return_type} here); "
                              "use cuda.local.array or cuda.shared.array, or pass an output array",
                              loc(node) if node is not None else None)
        if isinstance(impl, PythonImpl) and impl.signature is not None:
            try:
                check_gpu_typing(infer(impl.pyfunc, impl.argtypes, getattr(impl, "flags", {})), seen)
            except TypingError as exc:
                if node is None or exc.loc is None or exc.loc.filename == loc(node).filename:
                    raise
                raise TypingError(f"{getattr(impl.pyfunc, '__name__', impl.pyfunc)}() cannot run on the GPU: "
                                  f"{exc.msg}", loc(node)) from None
    for node, (cls, message) in typed.raises.items():
        if isinstance(message, tuple) and isinstance(node, ast.AST):    # values made at run time
            raise TypingError("an exception raised in a CUDA kernel takes at most one constant message "
                              "(no run-time values: they need the Python interpreter)", loc(node))
    for node, ty in typed.exprs.items():
        if not isinstance(node, ast.AST):
            continue
        if isinstance(ty, ArrayExpr):
            raise TypingError("CUDA kernels cannot evaluate whole-array expressions (they allocate a "
                              "result); write the loop over elements", loc(node))
        if isinstance(ty, List):
            raise TypingError(f"CUDA kernels cannot use lists ({ty} here: they allocate memory); use "
                              "cuda.local.array or a tuple", loc(node))
        func = typed.exprs.get(node.func) if isinstance(node, ast.Call) else None
        if isinstance(func, Const) and func.value is print:          # vprintf: scalars and constant strings
            unprintable = [a for a in node.args if not printable(typed.exprs.get(a))]
            if unprintable:
                raise TypingError("print() in a CUDA kernel takes numbers, bools and constant strings, not "
                                  f"{typed.exprs.get(unprintable[0])}", loc(unprintable[0]))


# -- compilation ----------------------------------------------------------------------------------
@dataclass
class CompiledKernel:
    name: str              # the PTX entry
    ptx: str
    params: str            # struct format of the flattened arguments
    argtypes: tuple
    cc: tuple
    exceptions: tuple = ()  # debug=True: (class, message, where) of each code from 1 (numjit/cuda/debug.py)
    debug: bool = False
    opt: bool = True        # False: no LLVM optimisation (cuda.jit(opt=False))


def _stage_gpu_checks(state):
    typed = state["typed"]
    if not state["device"] and typed.return_type != none:
        raise TypingError(f"a CUDA kernel returns nothing, but {typed.name}() returns {typed.return_type}; "
                          "write results into an array argument", typed.source.loc(typed.source.tree))
    device_function_flags(typed)
    check_gpu_typing(typed)


def _stage_llvm(state):
    typed = state["typed"]
    ctx = CudaModuleContext(typed.name, state["cc"], state["debug"])
    state["symbol"] = symbol = function_symbol(typed)
    lower_function(ctx, typed, symbol)
    if state["device"]:                            # a device function alone (inspect_asm): no entry
        state["entry"], state["params"] = symbol, ""
    else:
        state["entry"] = re.sub(r"\W", "_", f"numjit_{state['pyfunc'].__qualname__}_{symbol.rsplit('.', 1)[-1]}")
        state["params"] = add_kernel_entry(ctx, typed, symbol, state["entry"])
    state["module"] = ctx.module
    state["exceptions"] = tuple(ctx.exceptions)


def _stage_ptx(state):
    state["ptx"], unresolved = target.to_ptx(str(state["module"]), {state["entry"]}, state["cc"], state["opt"])
    unresolved = [name for name in unresolved if name not in target.DRIVER_FUNCTIONS]
    if unresolved:
        typed = state["typed"]
        raise UnsupportedError(f"{typed.name}() uses {', '.join(sorted(unresolved))}, which CUDA kernels "
                               "do not have", typed.source.loc(typed.source.tree))


STAGES = [                                         # numjit/pipeline.py's stages, then the GPU's
    ("source", _stage_source),                     # Python source and AST, globals, closure
    ("typed", _stage_typed),                       # type inference (the CPU target's)
    ("gpu checks", _stage_gpu_checks),             # device functions' flags; no return value, allocation, lists
    ("llvm", _stage_llvm),                         # typed AST → LLVM IR on a CUDA module + kernel entry
    ("ptx", _stage_ptx),                           # libdevice, O3 (O0: opt=False), NVPTX → PTX (target.py)
]


def compile_kernel(pyfunc, argtypes, flags=None, cc=target.DEFAULT_CC, device=False, debug=False, opt=True):
    """PTX of a kernel (or of a device function compiled on its own) for `argtypes`."""
    state = {"pyfunc": pyfunc, "argtypes": tuple(argtypes), "flags": dict(flags or {}), "cc": tuple(cc),
             "device": device, "debug": debug, "opt": opt}
    for name, stage in STAGES:
        try:
            stage(state)
        except NumjitError:
            raise
        except Exception as exc:               # a compiler bug: never a bare traceback
            raise InternalError(f"CUDA stage {name!r} failed on {pyfunc.__qualname__}{tuple(argtypes)}: "
                                f"{type(exc).__name__}: {str(exc)[:500]}") from exc
    return CompiledKernel(state["entry"], state["ptx"], state["params"], state["typed"].argtypes, tuple(cc),
                          state["exceptions"], debug, opt)
