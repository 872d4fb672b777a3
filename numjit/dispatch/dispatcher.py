"""Dispatcher: the object `jit` returns. Calls go straight to native code for compiled signatures.

Each dispatcher gets its own class whose tp_call slot points at the IR
dispatch function (see wrapper.py), emitted with the first specialisation
(before it, at a shared native trampoline); every specialisation adds its try
function to the dispatcher's table (a new signature never recompiles the
others). Unknown argument types land in `_prepare`, which compiles (lazy mode)
or converts (explicit signatures); the call itself is made from native code.

    >>> from numjit import njit
    >>> @njit
    ... def add(a, b):
    ...     return a + b
    >>> add(1, 2), add(1.5, 2), [str(s) for s in add.signatures]
    (3, 3.5, ['(int64, int64)', '(float64, int64)'])
"""
import ctypes
import functools
import inspect
import itertools
import sys
import threading
import warnings

import numpy as np

from .. import cache, config
from ..backend import jit as backend
from ..lowering.context import ModuleContext
from ..pipeline import CompileResult, compile_function, COMPILER_LOCK
from ..errors import TypingError, NumjitError, NumjitWarning, hide_frames
from ..frontend.versions import param_count
from ..runtime.cpython import set_type_call, make_builtin, global_object_symbol
from ..types import typeof, parse_signature, Signature, Array, Const
from ..types.typeof import describe_untypeable
from ..types.scalars import argkey
from ..types.literals import literal_arg
from ..core.entrypoints import init_all as init_extensions
from ..typing.literal_dispatch import ForceLiteralArg
from .wrapper import emit_try, emit_dispatch, trampoline_address
from .conversions import best_signature, convert
from .introspect import DispatcherIntrospection

_ids = itertools.count()
BUFFERS = (np.ndarray, bytearray, memoryview)      # arguments passed as np.asarray(value)


class Dispatcher(DispatcherIntrospection):
    """A jit-compiled function: call it like the Python function it wraps."""

    def _init(self, py_func, flags, signatures):
        self.py_func = py_func
        self.__wrapped__ = py_func
        self.__name__ = py_func.__name__
        self.__qualname__ = py_func.__qualname__
        self.__doc__ = py_func.__doc__
        self.__module__ = py_func.__module__
        self.flags = flags
        self.nopython = flags.pop("_nopython", True)
        self._cache = flags.pop("cache", False)
        self.overloads = {}               # argtypes → CompileResult
        self._declared = {}               # argtypes → declared return type
        self._literal_requests = {}       # argtypes → indices of the arguments compiled for by value
        self._locked = False
        self._lock = COMPILER_LOCK
        self._builtin = None
        uid = next(_ids)
        self._fallback_symbol = global_object_symbol(f"numjit_fallback.{uid}", self._prepare)
        set_type_call(type(self), trampoline_address())     # calls are native from the first one
        self._table_symbol = f"numjit_table.{uid}"
        self._table_cell = ctypes.c_void_p(None)   # → {i64 count, ptr try[count]}, swapped whole
        self._tables = []                         # every table made stays alive (a call may still read one)
        self._tries = {}                          # argtypes → address of its try function
        backend.add_symbol(self._table_symbol, ctypes.addressof(self._table_cell))
        self._object_mode = False
        self._reentry = threading.local()
        self._explicit = bool(signatures)     # its tries take np.float64(3) and 3.0 alike (wrapper.py)
        if signatures:
            try:
                for sig in signatures:
                    self.compile(sig)
            except NumjitError as exc:
                if isinstance(exc, ForceLiteralArg):
                    exc = TypingError(f"{exc.message}: literal dispatch compiles for argument values, and a "
                                      "function with explicit signatures compiles for those only", exc.loc)
                if self.nopython:
                    raise exc from None
                self._fall_back(exc, stacklevel=6)      # the decorator's caller
            self._locked = True

    # -- compilation -----------------------------------------------------------------------
    @property
    def signatures(self):
        return list(self.overloads)

    def compile(self, sig):
        """Compile for a signature (a string, a Signature or a tuple of argument types)."""
        init_extensions()
        sig = parse_signature(sig) if not isinstance(sig, tuple) else Signature(None, sig)
        argtypes = argkey(sig.args)            # np.float64(3) and 3.0: one specialisation each
        with self._lock:
            if argtypes in self.overloads:
                return self.overloads[argtypes]
            # a jitted function passed as an argument is named by its address: never cached on disk
            cacheable = self._cache and not any(isinstance(t, Const) for t in argtypes)
            flags = dict(self.flags, explicit_signatures=True) if self._explicit else self.flags
            entry = cache.entry_for(self.py_func, argtypes, flags, sig.return_type) if cacheable else None
            loaded = entry.load() if entry is not None else None
            self._count_cache(argtypes, hit=loaded is not None)
            if loaded is not None:
                result = CompileResult(None, Signature(loaded["return_type"], argtypes), loaded["entry"],
                                       loaded["library"], loaded["entry_address"])
                try_address = loaded["try_address"]
            else:
                result, try_address = self._compile_new(argtypes, sig.return_type, entry)
            self.overloads[argtypes] = result
            if sig.return_type is not None:
                self._declared[argtypes] = sig.return_type
            self._tries[argtypes] = try_address
            self._publish_table()
            if self._builtin is None:                 # cached code never holds this dispatcher's cells
                self._compile_dispatch()
            return result

    def _compile_new(self, argtypes, declared, entry):
        """Run the pipeline (with this signature's try function, and the dispatch function on the
        first compilation when nothing is cached); store it when `entry` is a cache slot."""
        names = {}

        def boundary(ctx, typed, symbol):
            names["try"] = backend.unique_name(f"try.{self.__name__}")
            try:
                emit_try(ctx, names["try"], typed.argtypes, typed.return_type, declared, symbol,
                         bool(self.flags.get("nogil")), exact=declared is None and not self._explicit,
                         provenance=not self._explicit)
            except TypeError as exc:              # the declared return type cannot hold the result
                if declared is None:              # (or an argument type has no unboxing)
                    raise TypingError(f"{self.__name__}(): {exc}", typed.source.loc(typed.source.tree)) from None
                raise TypingError(f"{self.__name__}() returns {typed.return_type}, not the declared "
                                  f"{declared} ({exc})", typed.source.loc(typed.source.tree)) from None
            if self._builtin is None and entry is None:
                names["dispatch"] = backend.unique_name(f"dispatch.{self.__name__}")
                emit_dispatch(ctx, names["dispatch"], self._table_symbol, self._fallback_symbol)
        try:
            with backend.name_salt(entry.salt if entry is not None else ""):
                result = compile_function(self.py_func, argtypes, self.flags, boundary=boundary)
        except NumjitError as exc:
            if not config.DEBUG:
                exc.__traceback__ = None
                raise exc.with_traceback(None) from None
            raise
        if entry is not None:
            entry.save(result.library, result.entry_symbol, names["try"], result.signature.return_type)
        if "dispatch" in names:
            self._install_dispatch(result.library, names["dispatch"])
        return result, result.library.address(names["try"])

    def _compile_dispatch(self):
        ctx = ModuleContext(f"dispatch.{self.__name__}")
        name = backend.unique_name(f"dispatch.{self.__name__}")
        emit_dispatch(ctx, name, self._table_symbol, self._fallback_symbol)
        self._install_dispatch(backend.compile_ir(ctx.module, level=2), name)

    def _install_dispatch(self, library, name):
        address = library.address(name)
        self._builtin = make_builtin(address, self.__name__, library=library)
        set_type_call(type(self), address)

    def _publish_table(self):
        tries = [self._tries[argtypes] for argtypes, _ in self._ordered_overloads()]
        table = (ctypes.c_void_p * (len(tries) + 1))(len(tries), *tries)
        self._tables.append(table)
        self._table_cell.value = ctypes.addressof(table)      # one aligned store: readers see old or new

    def _ordered_overloads(self):
        # specific layouts first, so an 'A' signature doesn't shadow a C one
        def any_layout(types):                  # 'A' arrays, also inside tuples
            return sum(any_layout(t.items) if t.kind == "tuple" else isinstance(t, Array) and t.layout == "A"
                       for t in types)
        return sorted(self.overloads.items(), key=lambda item: any_layout(item[0]))

    # -- calls -----------------------------------------------------------------------------
    def _prepare(self, *args, **kwargs):
        """Every call the native dispatch function did not serve (the first one included): bind
        keywords, type the arguments, compile or convert. Returns (callee, arguments), which the
        native caller calls (wrapper._prepared_call), so no numjit frame stays in the traceback of
        a run-time error. Errors are raised from this frame, the compiler's frames cut
        (NUMJIT_DEBUG=1 keeps them)."""
        __tracebackhide__ = True        # noqa: F841 (pytest and IPython leave this frame out)
        if self._object_mode:
            return (functools.partial(self.py_func, **kwargs) if kwargs else self.py_func), args
        # direct: the native dispatch saw these very arguments and a compiled signature already
        # (a second miss on what this passed on last time is a mismatch, not a reason to loop)
        direct = not kwargs and len(args) == param_count(self.py_func)
        if not direct:
            try:
                args = self._bind(args, kwargs)
            except TypeError as exc:
                raise exc.with_traceback(None) from None
        subclassed = ()
        if any(type(a) is not np.ndarray and isinstance(a, BUFFERS) for a in args):
            direct = False      # ndarray subclasses, bytearray, memoryview: ndarray views (as numba's buffers)
            given, args = args, tuple(np.asarray(a) if isinstance(a, BUFFERS) else a for a in args)
            subclassed = tuple((view, a) for view, a in zip(args, given) if isinstance(a, np.ndarray) and view is not a)
        argtypes = argkey(map(typeof, args))
        if None in argtypes:
            init_extensions()           # (numba_extensions entry points, under the alias, may type it)
            argtypes = argkey(map(typeof, args))
        if None in argtypes:
            i = argtypes.index(None)
            expected = f"; compiled for {self._expected()}" if self._locked else ""
            raise TypeError(f"{self.__name__}(): argument {i + 1} cannot be passed to compiled code: "
                            f"{describe_untypeable(args[i])}{expected}")
        if self._locked:
            target = best_signature(self.overloads, argtypes)
            if target is None:
                raise TypeError(f"{self.__name__}(): no compiled signature for argument types "
                                f"{_spell(argtypes)}; compiled for {self._expected()}")
            args = tuple(convert(a, t) for a, t in zip(args, target))
        elif argtypes not in self.overloads or self._builtin is None:   # (another thread may be compiling)
            direct = False
            try:
                argtypes = self._compile_for_values(args, argtypes)
            except NumjitError as exc:
                if self.nopython:
                    raise hide_frames(exc) from None
                self._fall_back(exc, stacklevel=3)
                return self.py_func, args
        if direct and getattr(self._reentry, "passed", None) == argtypes:
            self._reentry.passed = None        # the native dispatch refused what this passed it
            raise TypeError(f"{self.__name__}(): arguments of types {_spell(argtypes)} do not match "
                            f"the compiled signatures {self._expected()}")
        self._reentry.passed = argkey(map(typeof, args)) if self._locked else argtypes
        if subclassed:
            return functools.partial(_originals_back, self._builtin, subclassed), args
        return self._builtin, args

    def _compile_for_values(self, args, argtypes):
        """compile(argtypes); where the code asks for argument values (literal dispatch,
        typing/literal_dispatch.py), a specialisation for the values of `args` instead. Returns the
        argument types of the specialisation that takes `args`."""
        plain = argtypes
        while True:
            requested = self._literal_requests.get(plain, frozenset())
            literals = {i: literal_arg(args[i]) for i in requested}
            unfit = [i for i, ty in literals.items() if ty is None]
            if unfit:
                raise TypingError(f"{self.__name__}(): the code asks for the value of argument {unfit[0] + 1} "
                                  f"({plain[unfit[0]]}) as a literal; only int, bool and str arguments have "
                                  "literal types")
            argtypes = argkey(literals.get(i, ty) for i, ty in enumerate(plain))
            if argtypes in self.overloads and self._builtin is not None:
                return argtypes
            try:
                self.compile(argtypes)
                return argtypes
            except ForceLiteralArg as request:
                if request.requested_args <= requested:
                    raise TypingError(f"{self.__name__}(): literal dispatch asked again for arguments "
                                      "compiled for by value", request.loc) from None
                self._literal_requests[plain] = requested | request.requested_args

    def _slow_call(self, *args, **kwargs):
        """`Dispatcher.__call__` from Python (calls normally go straight to native code)."""
        callee, args = self._prepare(*args, **kwargs)
        return callee(*args)

    def _fall_back(self, exc, stacklevel):
        """nopython=False: from now on every call runs the Python function; warn once, saying why."""
        warnings.warn(f"{self.__name__}: compilation failed, running as plain Python "
                      f"(nopython=False): {str(exc).splitlines()[0]}", NumjitWarning, stacklevel=stacklevel)
        self._object_mode = True

    __call__ = _slow_call

    def _bind(self, args, kwargs):
        """Positional arguments with keywords and defaults filled in; a TypeError naming the function
        (as Python's) when they do not fit its parameters."""
        signature = inspect.signature(self.py_func)
        kinds = {p.kind for p in signature.parameters.values()}
        if inspect.Parameter.VAR_KEYWORD not in kinds:
            unknown = [k for k in kwargs if k not in signature.parameters]
            if unknown:
                raise TypeError(f"{self.__name__}() got an unexpected keyword argument {unknown[0]!r}")
        positional = [p for p in signature.parameters.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        if inspect.Parameter.VAR_POSITIONAL not in kinds and len(args) > len(positional):
            raise TypeError(f"{self.__name__}() takes {len(positional)} positional arguments "
                            f"but {len(args)} were given")
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as exc:
            raise TypeError(f"{self.__name__}() {exc}") from None
        bound.apply_defaults()
        return tuple(bound.args) + tuple(bound.kwargs.values())     # keyword-only ones last (param_count)

    def declared_signatures(self):
        """{parameter types: declared return type (None: inferred)} of a dispatcher made with
        explicit signatures, which calls from compiled code go through; empty when lazy."""
        if not self._locked:
            return {}
        return {argtypes: self._declared.get(argtypes) for argtypes in self.overloads}

    def _expected(self):
        return " or ".join(_spell(sig) for sig in self.overloads)

    # -- introspection -------------------------------------------------------------------------
    _FROM_CACHE = "{sig}: loaded from the disk cache (cache=True); nothing to show"

    def inspect_types(self, file=None, pretty=False):
        """Print each compiled signature's source, annotated with the types of what each line
        assigns (as numba), to `file` or stdout."""
        print(self._annotated(), file=file if file is not None else sys.stdout)

    def inspect_llvm(self, signature=None, sig=None):
        def ir_text(sig, r):
            return r.library.ir_text or self._FROM_CACHE.format(sig=sig)
        signature = self._pick_signature(signature, sig)
        if signature is not None:
            return ir_text(tuple(signature), self.overloads[tuple(signature)])
        return {sig: ir_text(sig, r) for sig, r in self.overloads.items()}

    def inspect_asm(self, signature=None, sig=None):
        def asm(sig, r):
            if r.library.ir_text is None:
                return self._FROM_CACHE.format(sig=sig)
            mod = backend.optimize(backend.parse(r.library.ir_text))
            return backend.host().tm.emit_assembly(mod)
        signature = self._pick_signature(signature, sig)
        if signature is not None:
            return asm(tuple(signature), self.overloads[tuple(signature)])
        return {sig: asm(sig, r) for sig, r in self.overloads.items()}

    def _pick_signature(self, signature, sig):
        """inspect_*(signature=...) or (sig=...), numba's two spellings; a string is parsed."""
        if signature is not None and sig is not None:
            raise TypeError("give signature= or sig=, not both")
        chosen = signature if signature is not None else sig
        if isinstance(chosen, (str, Signature)):
            chosen = parse_signature(chosen).args
        if chosen is not None and tuple(chosen) not in self.overloads:
            raise KeyError(f"{self.__name__} has no compiled signature {_spell(tuple(chosen))}; "
                           f"compiled for {self._expected() or 'nothing yet'}")
        return chosen

    def __repr__(self):
        return f"<numjit.Dispatcher {self.__qualname__}>"

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        import functools
        return functools.partial(self, obj)

    def __reduce__(self):
        return (_rebuild, (self.py_func.__module__, self.py_func.__qualname__, self._uuid))


def _rebuild(module, qualname, uuid=None):
    """Unpickle: the dispatcher of this process with that uuid (numba's identity), else the one
    found by its module and qualified name."""
    import importlib
    from .introspect import by_uuid
    live = by_uuid(uuid)
    if live is not None:
        return live
    obj = importlib.import_module(module)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def _originals_back(callee, subclassed, *args):
    """callee(*args), where ndarray subclass arguments went in as ndarray views (subclassed: (view,
    original) pairs): an argument returned (alone or in a tuple) is the caller's object, as numba's
    returned parent array is."""
    __tracebackhide__ = True        # noqa: F841
    out = callee(*args)
    back = {id(view): original for view, original in subclassed}
    if type(out) is tuple:
        return tuple(back.get(id(item), item) for item in out)
    return back.get(id(out), out)


def _spell(argtypes):
    return f"({', '.join(map(str, argtypes))})"


def make_dispatcher(py_func, flags, signatures=None):
    cls = type(py_func.__name__, (Dispatcher,), {"__slots__": (), "__doc__": py_func.__doc__})
    cls.__module__ = py_func.__module__
    obj = object.__new__(cls)
    obj._init(py_func, dict(flags), signatures)
    return obj
