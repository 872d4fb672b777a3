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
from ..errors import NumjitError, TypingError
from ..lowering.context import ModuleContext, I32
from ..lowering.lower import lower_function
from ..pipeline import COMPILER_LOCK
from ..runtime.cpython import register_symbols
from ..types import Signature, Number, parse_signature, typeof
from ..types.scalars import from_dtype
from ..typing.infer import infer
from .lazyloops import LazyVersions
from .loops import emit_ufunc_loop
from .options import ufunc_flags
from .pickling import Recipe
from .ufuncobj import make_ufunc

TARGETS = ("cpu", "parallel", "cuda")

# NumPy's floating-point warnings ("invalid value encountered in ...") are not
# reported for compiled kernels: the loops clear the flags they raised
# (loops.emit_ufunc_loop(fp_errors=False)), as NumPy's own clip and
# maximum loops do.  LLVM assumes the default floating-point environment and
# does not keep the status flags meaningful: vectorised compares and min/max
# are the signalling x86 forms, so a NaN input sets "invalid" where NumPy's
# quiet compares do not, and if-conversion evaluates both arms of a branch, so
# `1 / x if x else 0.0` sets "divide by zero".  Quiet compares would need
# LLVM's constrained (strictfp) intrinsics, which stop vectorisation.  Kernels
# use NumPy's error model by default, as numba's do (x / 0.0 is inf, integer
# // 0 is 0); error_model="python" makes division by zero raise ZeroDivisionError.
FP_ERRORS = False


def _check_target(target, decorator="vectorize"):
    if target not in TARGETS:
        raise ValueError(f"unknown {decorator} target {target!r}; expected one of {TARGETS}")


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
    """[(type_nums, loop address)] for each (argtypes, return type or None) in `signatures`, and
    the LazyVersions that owns the loops (keep it alive with them)."""
    flags = {"error_model": "numpy", **(flags or {})}     # NumPy's error model unless asked
    register_symbols()
    ctx = ModuleContext(f"ufunc.{py_func.__name__}")
    names, entries, parts = [], [], {}
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
            sig_text = f"{declared or ''}({', '.join(map(str, argtypes))})"
            raise TypingError(f"a vectorize kernel must return a number, not {inferred}",
                              typed.source.loc(typed.source.tree)).add_note_line(
                f"while compiling {py_func.__name__} for signature {sig_text}")
        out = declared if declared is not None else inferred
        kernel = lower_function(ctx, typed, backend.unique_name(f"ufunc.kernel.{py_func.__name__}"))
        kernel = _adapter(ctx, kernel, argtypes, inferred, out)
        name = backend.unique_name(f"ufunc.loop.{py_func.__name__}")
        emit_ufunc_loop(ctx.module, kernel, [t.dtype for t in argtypes], [out.dtype], name,
                        parallel=(target == "parallel"), fp_errors=FP_ERRORS, lazy=parts)
        names.append(name)
        entries.append(tuple(t.dtype.num for t in argtypes) + (out.dtype.num,))
    text = str(ctx.module)
    lazy = LazyVersions(text, backend.compile_ir(text), names, parts)
    return [(types, lazy.libs[0].address(n)) for types, n in zip(entries, names)], lazy


def _parse(sig):
    sig = parse_signature(sig)
    return tuple(sig.args), sig.return_type


def _compile(py_func, parsed, target, flags):
    try:
        return compile_loops(py_func, parsed, target, flags or {})
    except NumjitError as exc:
        if not config.DEBUG:
            raise exc.with_traceback(None) from None
        raise


def build_ufunc(py_func, signatures, target="cpu", identity=None, flags=None):
    parsed = [_parse(s) for s in signatures]
    loops, lib = _compile(py_func, parsed, target, flags)
    nin = len(parsed[0][0])
    recipe = Recipe("ufunc", py_func, signatures=tuple(signatures), target=target,
                    identity=identity, flags=dict(flags or {}))
    return make_ufunc(py_func.__name__, py_func.__doc__ or "", loops, nin, 1, identity=identity,
                      owner_extra=(lib, py_func, recipe))


_SCALARS = (int, float, complex, bool)


def dtype_of(value):
    """`value`'s dtype, read without converting it: a Dask array is not computed to find it."""
    dtype = getattr(value, "dtype", None)
    if isinstance(dtype, np.dtype):
        return dtype
    if dtype is not None:
        try:
            return np.dtype(dtype)
        except TypeError:           # e.g. a pandas extension dtype: NumPy's conversion decides
            pass
    return np.asarray(value).dtype


def numpy_would_choose_another(ufunc, inputs, loop):
    """True when NumPy's own loop search, for these inputs, would not pick `loop` ("ii->l"),
    the loop compiled for their dtypes: it takes the first loop they cast to safely, so a
    float64 loop compiled earlier would also take int32 inputs.  Calls then name the loop."""
    dtypes = tuple(type(a) if type(a) in (int, float, complex) else dtype_of(a) for a in inputs)
    try:
        chosen = ufunc.resolve_dtypes(dtypes + (None,) * ufunc.nout)
    except Exception:
        return True
    return [np.dtype(c) for c in loop.split("->")[0]] != list(chosen[:len(inputs)])


def _overrides_ufuncs(value):
    """A duck array (Dask, xarray...) that implements NumPy's __array_ufunc__ protocol."""
    return (type(value) is not np.ndarray and not isinstance(value, np.generic)
            and hasattr(type(value), "__array_ufunc__"))


def _dtype_stand_in(value):
    """An empty NumPy array of a duck array's dtype (Dask, xarray have one), for loop selection."""
    if not _overrides_ufuncs(value):
        return value
    if getattr(value, "dtype", None) is None:
        raise TypeError(f"cannot compile a loop for {type(value).__name__} input: it has no dtype "
                        "(call the ufunc once on NumPy arrays of the wanted dtype first)")
    return np.empty(0, dtype_of(value))


def signature_dtypes(signature):
    """The dtypes (None where not fixed) a ufunc call's ``signature=`` names, inputs then
    outputs: "ff->f" or (np.float32, None, None); None for anything else (NumPy rejects it)."""
    if isinstance(signature, str) and "->" in signature:
        return [np.dtype(c) for c in signature.replace("->", "")]
    if isinstance(signature, (tuple, list)):
        return [None if d is None else np.dtype(d) for d in signature]
    return None


def _input_type(value):
    if isinstance(value, np.ndarray):
        return from_dtype(value.dtype)
    t = typeof(value)
    return t if isinstance(t, Number) else None


_REQUESTS = frozenset(("dtype", "signature", "sig"))     # call keywords that choose the loop
_DTYPE_POSITION = {"reduce": 1, "accumulate": 1, "reduceat": 2}   # after the array argument


def identity_value(identity):
    """What ``ufunc.identity`` reads for a vectorize `identity` option."""
    return None if identity is None or isinstance(identity, str) else identity


class DUFunc:
    """A ufunc that compiles a loop for each new combination of input dtypes (lazy vectorize).

    Reductions run in the dtype NumPy's own would: the output of the loop for the array's
    dtype (int32 + int32 -> int64 compiles int64's loop too, as np.add.reduce uses it)."""

    def __init__(self, py_func, target="cpu", identity=None, flags=None):
        self.py_func = py_func
        self.__name__ = py_func.__name__
        self.__doc__ = py_func.__doc__
        self.__wrapped__ = py_func
        self._target, self._identity, self._flags = target, identity, flags or {}
        self.recipe = Recipe("dufunc", py_func, target=target, identity=identity,
                             flags=dict(self._flags))
        self._signatures = []      # (input types, declared output or None) of each loop, in order
        self._loops, self._libs = [], []
        self._seen = {}            # argument kinds -> their loop, e.g. "ff->f" (fast path of __call__)
        self.ufunc = None
        self.nin = py_func.__code__.co_argcount
        self.nout = 1

    @property
    def types(self):
        return [] if self.ufunc is None else self.ufunc.types

    @property
    def ntypes(self):
        return len(self._signatures)

    @property
    def nargs(self):
        return self.nin + self.nout

    @property
    def identity(self):
        return identity_value(self._identity)

    signature = None                 # a ufunc, not a gufunc
    _frozen = False                  # numba's: set, no loop is added (calls use NumPy's pick of those there are)

    def add(self, sig):
        """numba's DUFunc.add: compile the loop of signature `sig` ("float64(float64, float64)") now."""
        sig = parse_signature(sig)
        self._compile_for_argtys(tuple(sig.args), sig.return_type)

    def _compile_for_argtys(self, argtys, return_type=None):
        """numba's DUFunc method (datashader calls it): compile the loop for these input types now."""
        self._ensure(list(argtys), return_type)

    def disable_compile(self):
        self._frozen = True

    def _ensure(self, argtypes, out=None):
        """Compile a loop for these input types unless there is one; returns it ("ff->f").
        `out`: the output type the loop must have (cast from the kernel's), else the kernel's."""
        key = (tuple(argtypes), out)
        if any(t is None for t in key[0]):
            raise TypeError(f"{self.__name__}: unsupported input types")
        with COMPILER_LOCK:             # threads calling it first at once compile each loop once
            inferred = (key[0], None)
            if out is not None and inferred in self._signatures and \
                    self._output_of(inferred) == out.dtype:
                key = inferred                                 # the kernel's own loop gives `out`
            if key not in self._signatures:
                self._add_loop(key)
            return self.ufunc.types[self._signatures.index(key)]

    def _add_loop(self, key):
        if self._frozen:
            raise RuntimeError(f"compilation disabled for {self!r}")
        loops, lib = _compile(self.py_func, [key], self._target, self._flags)
        all_loops, keys = self._loops + loops, self._signatures + [key]
        recipe = Recipe("ufunc", self.py_func, signatures=(), target=self._target,
                        identity=self._identity, flags=dict(self._flags))
        self.ufunc = make_ufunc(self.__name__, self.__doc__ or "", all_loops, self.nin, 1,
                                identity=self._identity,
                                owner_extra=(self._libs + [lib], self.py_func, recipe))
        recipe.options["signatures"] = tuple(     # the .ufunc pickles as a plain ufunc
            Signature(from_dtype(np.dtype(t.split("->")[1])), args)
            for t, (args, _) in zip(self.ufunc.types, keys))
        self._signatures.append(key)
        self._loops, self._libs = all_loops, self._libs + [lib]

    def _output_of(self, key):
        return np.dtype(self.ufunc.types[self._signatures.index(key)].split("->")[1])

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
        if self._frozen:
            return self.ufunc(*args, **kwargs)
        if kwargs and not _REQUESTS.isdisjoint(kwargs):   # dtype= or signature= names the loop
            self._ensure(*self._requested(args, kwargs))
            return self.ufunc(*args, **kwargs)
        key = tuple(a.dtype if type(a) is np.ndarray else type(a) for a in args)
        loop = self._seen.get(key)
        if loop is None:
            ducks = any(_overrides_ufuncs(a) for a in args)
            try:
                inputs = [_dtype_stand_in(a) for a in args[:self.nin]] if ducks else args[:self.nin]
                loop = self._ensure(self._dispatch_types(inputs))
            except TypeError:                            # a duck array without a dtype: its
                if not ducks or self.ufunc is None:      # __array_ufunc__ decides
                    raise
                return self.ufunc(*args, **kwargs)
            loop = loop if numpy_would_choose_another(self.ufunc, inputs, loop) else ""
            if not ducks and all(type(a) is np.ndarray or type(a) in _SCALARS
                                 or isinstance(a, np.generic) for a in args):
                self._seen[key] = loop                   # not lists: their dtype varies
        if not loop:
            return self.ufunc(*args, **kwargs)
        return self.ufunc(*args, signature=loop, **kwargs)   # a duck array's __array_ufunc__
                                                              # passes it on to the ufunc

    def _requested(self, args, kwargs):
        """(input types, output type or None) for a call with dtype= or signature=: those the
        keyword names, else the arguments' types.  dtype=X asks for NumPy's XX->X loop."""
        dispatched = self._dispatch_types([_dtype_stand_in(a) for a in args[:self.nin]])
        signature = kwargs.get("signature", kwargs.get("sig"))
        try:
            named = signature_dtypes(signature) if signature is not None else None
            if named is not None and len(named) == self.nin + 1:
                inputs = [t if d is None else from_dtype(d) for t, d in zip(dispatched, named)]
                return inputs, None if named[-1] is None else from_dtype(named[-1])
            if kwargs.get("dtype") is not None:
                t = from_dtype(np.dtype(kwargs["dtype"]))
                return [t] * self.nin, t
        except (TypeError, ValueError):                  # NumPy reports a malformed request
            pass
        return dispatched, None

    def _reduction_dtype(self, array):
        """The dtype a reduction of `array` runs in: the output of the loop compiled for
        (array dtype, array dtype), as np.add.reduce(int32 array) runs in int64; that dtype's
        own loop (int64, int64 -> int64) is compiled too when it differs."""
        t = _input_type(_dtype_stand_in(array) if _overrides_ufuncs(array) else np.asarray(array))
        out = np.dtype(self._ensure([t] * self.nin).split("->")[1])
        if out != t.dtype:
            self._ensure([from_dtype(out)] * self.nin, from_dtype(out))
        return out

    def _reduce_like(self, name, array, args, kwargs):
        position = _DTYPE_POSITION[name]     # where dtype sits among the positional arguments
        args = list(args)
        given = args[position] if len(args) > position else kwargs.get("dtype")
        if given is not None:
            t = from_dtype(np.dtype(given))
            self._ensure([t] * self.nin, t)
        elif self.nin == 2:
            dtype = self._reduction_dtype(array)
            if len(args) > position:
                args[position] = dtype
            else:
                kwargs["dtype"] = dtype
        else:                                 # NumPy explains why it cannot reduce
            self._ensure([_input_type(np.asarray(array))] * self.nin)
        return getattr(self.ufunc, name)(array, *args, **kwargs)

    def reduce(self, array, *args, **kwargs):
        return self._reduce_like("reduce", array, args, kwargs)

    def accumulate(self, array, *args, **kwargs):
        return self._reduce_like("accumulate", array, args, kwargs)

    def reduceat(self, array, *args, **kwargs):
        return self._reduce_like("reduceat", array, args, kwargs)

    def outer(self, a, b, **kwargs):
        self._ensure(self._dispatch_types((a, b)))
        return self.ufunc.outer(a, b, **kwargs)

    def at(self, a, indices, b=None):
        args = (a,) if b is None else (a, b)
        self._ensure(self._dispatch_types(args))
        return self.ufunc.at(a, indices) if b is None else self.ufunc.at(a, indices, b)

    def __reduce__(self):
        return self.recipe.reduce(self)

    def __repr__(self):
        return f"<numjit.DUFunc {self.__name__}>"


def signature_list(signatures):
    """None, one signature (a string or type object) or several (a list or tuple) → None or a list."""
    if signatures is None or isinstance(signatures, list):
        return signatures
    return list(signatures) if isinstance(signatures, tuple) else [signatures]


def vectorize(signatures=None, *, target="cpu", identity=None, **options):
    """numba.vectorize: `@vectorize`, `@vectorize(["f8(f8)"])`, `@vectorize("f4(f4, i4)", target=...)`.

    `options` (see numjit/ufunc/options.py): fastmath, boundscheck, error_model ("numpy" by
    default: no ZeroDivisionError), and numba's nopython, forceobj, nogil, cache."""
    flags = ufunc_flags("vectorize", options)
    if callable(signatures) and not isinstance(signatures, (str, list, tuple)):
        return _make(signatures, None, target, identity, flags)
    signatures = signature_list(signatures)
    if signatures is not None:
        for s in signatures:
            try:
                parse_signature(s)
            except TypeError as exc:
                raise TypeError(f"vectorize: {exc}") from None

    def decorate(func):
        return _make(func, signatures, target, identity, flags)
    return decorate


def _make(func, signatures, target, identity, flags):
    _check_target(target)
    if config.DISABLE_JIT:
        return np.vectorize(func)
    if target == "cuda":                          # a kernel per signature (numjit/cuda/ufunc.py)
        from ..cuda.ufunc import cuda_vectorize
        return cuda_vectorize(func, signatures, identity, flags)
    if not signatures:
        return DUFunc(func, target, identity, flags)
    return build_ufunc(func, signatures, target, identity, flags)
