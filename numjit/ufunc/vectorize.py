"""`vectorize`: real NumPy ufuncs from scalar Python functions; lazy (dynamic) ufuncs without signatures.

    >>> import numpy as np
    >>> from numjit import vectorize
    >>> @vectorize(["float64(float64, float64)", "float32(float32, float32)"])
    ... def add(x, y):
    ...     return x + y
    >>> isinstance(add, np.ufunc), add.types, add(np.arange(3.0), 1.0)
    (True, ['dd->d', 'ff->f'], array([1., 2., 3.]))

Each signature's kernel is compiled by the normal pipeline (typing, lowering)
into one LLVM module together with its NumPy inner loops (numjit/ufunc/loops.py),
then wrapped by NumPy's own ufunc machinery (numjit/ufunc/ufuncobj.py).
"""
import numpy as np
from llvmlite import ir

from .. import config
from ..backend import jit as backend
from ..errors import NumjitError
from ..lowering.context import ModuleContext, PTR, I32
from ..lowering.lower import lower_function
from ..runtime import memory
from ..runtime.cpython import register_symbols
from ..types import Signature, Number, parse_signature, typeof, Tuple
from ..types.scalars import from_dtype
from ..typing.infer import infer
from .loops import emit_ufunc_loop
from .ufuncobj import make_ufunc

TARGETS = ("cpu", "parallel", "cuda")


def _check_target(target):
    if target not in TARGETS:
        raise ValueError(f"unknown vectorize target {target!r}; expected one of {TARGETS}")
    if target == "cuda":
        raise NotImplementedError("CUDA target not available yet: vectorize(target='cuda') needs "
                                  "numjit's CUDA support, which has not landed")


def _adapter(ctx, kernel, argtypes, inferred, declared):
    """A kernel returning `declared` around one returning `inferred` (casts the result)."""
    if inferred == declared:
        return kernel
    fn = ir.Function(ctx.module, ctx.function_type(Signature(declared, argtypes)),
                     ctx.unique(kernel.name + ".as." + str(declared)))
    fn.linkage = "internal"
    b = ir.IRBuilder(fn.append_basic_block())
    slot = ctx.alloca(b, inferred.llvm())
    status = b.call(kernel, [slot, fn.args[1]] + list(fn.args[2:]))
    with b.if_then(b.icmp_signed("!=", status, ir.Constant(I32, 0)), likely=False):
        b.ret(status)
    b.store(ctx.cast(b, b.load(slot), inferred, declared), fn.args[0])
    b.ret(ir.Constant(I32, 0))
    return fn


def compile_loops(py_func, signatures, target, flags):
    """[(type_nums, loop address)] for each (argtypes, return type or None) in `signatures`."""
    register_symbols()
    memory.register()
    ctx = ModuleContext(f"ufunc.{py_func.__name__}")
    names, entries = [], []
    for argtypes, declared in signatures:
        for t in argtypes:
            if not isinstance(t, Number):
                raise TypeError(f"vectorize signatures take scalar types, not {t}")
        try:
            typed = infer(py_func, argtypes, flags)
        except NumjitError as exc:
            sig_text = f"{declared or ''}({', '.join(map(str, argtypes))})"
            raise exc.add_note_line(f"while compiling {py_func.__name__} for signature {sig_text}")
        inferred = typed.return_type
        if not isinstance(inferred, Number):
            raise NumjitError(f"a vectorize kernel must return a number, not {inferred} "
                              f"(signature {argtypes})")
        out = declared if declared is not None else inferred
        kernel = lower_function(ctx, typed, backend.unique_name(f"ufunc.kernel.{py_func.__name__}"))
        kernel = _adapter(ctx, kernel, argtypes, inferred, out)
        name = backend.unique_name(f"ufunc.loop.{py_func.__name__}")
        emit_ufunc_loop(ctx.module, kernel, [t.dtype for t in argtypes], [out.dtype], name,
                        parallel=(target == "parallel"))
        names.append(name)
        entries.append(tuple(t.dtype.num for t in argtypes) + (out.dtype.num,))
    lib = backend.compile_ir(ctx.module)
    return [(types, lib.address(n)) for types, n in zip(entries, names)], lib


def _parse(sig):
    sig = parse_signature(sig)
    return tuple(sig.args), sig.return_type


def build_ufunc(py_func, signatures, target="cpu", identity=None, flags=None):
    parsed = [_parse(s) for s in signatures]
    try:
        loops, lib = compile_loops(py_func, parsed, target, flags or {})
    except NumjitError as exc:
        if not config.DEBUG:
            raise exc.with_traceback(None) from None
        raise
    nin = len(parsed[0][0])
    return make_ufunc(py_func.__name__, py_func.__doc__ or "", loops, nin, 1, identity=identity,
                      owner_extra=(lib, py_func))


def _input_type(value):
    if isinstance(value, np.ndarray):
        return from_dtype(value.dtype)
    t = typeof(value)
    return t if isinstance(t, Number) else None


class DUFunc:
    """A ufunc that compiles a loop for each new combination of input dtypes (lazy vectorize)."""

    def __init__(self, py_func, target="cpu", identity=None, flags=None):
        self.py_func = py_func
        self.__name__ = py_func.__name__
        self.__doc__ = py_func.__doc__
        self.__wrapped__ = py_func
        self._target, self._identity, self._flags = target, identity, flags or {}
        self._signatures = []
        self._seen = set()         # argument kinds whose loop exists (fast path of __call__)
        self.ufunc = None
        self.nin = py_func.__code__.co_argcount
        self.nout = 1

    @property
    def types(self):
        return [] if self.ufunc is None else self.ufunc.types

    def _ensure(self, argtypes):
        key = tuple(argtypes)
        if key in [s for s, _ in self._signatures]:
            return
        if any(t is None for t in key):
            raise TypeError(f"{self.__name__}: unsupported input types")
        self._signatures.append((key, None))
        try:
            self.ufunc = build_ufunc(self.py_func, [Signature(r, s) for s, r in self._signatures],
                                     self._target, self._identity, self._flags)
        except Exception:
            self._signatures.pop()
            raise

    def _dispatch_types(self, args):
        """Input dtypes as NumPy resolves them: Python scalars are weak (NEP 50), so
        float32_array + 1 compiles a float32 loop, as np.add would choose."""
        args = [np.asarray(a) if isinstance(a, (list, tuple)) else a for a in args[:self.nin]]
        arrays = [a.dtype for a in args if isinstance(a, np.ndarray)]
        out = []
        for a in args:
            if arrays and type(a) in (int, float, complex, bool):
                out.append(from_dtype(np.result_type(*arrays, a)))
            else:
                out.append(_input_type(a))
        return out

    def __call__(self, *args, **kwargs):
        key = tuple(a.dtype if type(a) is np.ndarray else type(a) for a in args)
        if key not in self._seen:
            self._ensure(self._dispatch_types(args))
            self._seen.add(key)
        return self.ufunc(*args, **kwargs)

    def _method(name):
        def method(self, array, *args, **kwargs):
            t = _input_type(np.asarray(array))
            self._ensure([t] * self.nin)
            return getattr(self.ufunc, name)(array, *args, **kwargs)
        method.__name__ = name
        return method

    reduce = _method("reduce")
    accumulate = _method("accumulate")
    reduceat = _method("reduceat")
    del _method

    def outer(self, a, b, **kwargs):
        self._ensure(self._dispatch_types((a, b)))
        return self.ufunc.outer(a, b, **kwargs)

    def at(self, a, indices, b=None):
        args = (a,) if b is None else (a, b)
        self._ensure(self._dispatch_types(args))
        return self.ufunc.at(a, indices) if b is None else self.ufunc.at(a, indices, b)

    def __reduce__(self):
        return (_rebuild_dufunc, (self.py_func.__module__, self.py_func.__qualname__))

    def __repr__(self):
        return f"<numjit.DUFunc {self.__name__}>"


def _rebuild_dufunc(module, qualname):
    import importlib
    obj = importlib.import_module(module)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def vectorize(signatures=None, *, nopython=True, target="cpu", identity=None, cache=False,
              fastmath=False, **options):
    """numba.vectorize: `@vectorize`, `@vectorize(["f8(f8)"])`, `@vectorize("f4(f4, i4)", target=...)`."""
    flags = {"fastmath": True} if fastmath else {}
    if callable(signatures) and not isinstance(signatures, (str, list, tuple)):
        return _make(signatures, None, target, identity, flags)
    if isinstance(signatures, str) or (signatures is not None and not isinstance(signatures, list)):
        signatures = [signatures]
    if signatures is not None:
        for s in signatures:
            try:
                parse_signature(s)
            except TypeError as exc:
                raise TypeError(f"vectorize: invalid signature {s!r}: {exc}") from None

    def decorate(func):
        return _make(func, signatures, target, identity, flags)
    return decorate


def _make(func, signatures, target, identity, flags):
    _check_target(target)
    if config.DISABLE_JIT:
        return np.vectorize(func)
    if not signatures:
        return DUFunc(func, target, identity, flags)
    return build_ufunc(func, signatures, target, identity, flags)
