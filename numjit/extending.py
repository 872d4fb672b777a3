"""numba's extension API (`numba.extending`), built on numjit's own registry (numjit/typing/registry.py):
numjit's `lib/` and its users extend the compiler the same way.

    >>> import numpy as np
    >>> from numjit import njit, types
    >>> def clipped(x, hi):                  # a plain Python function...
    ...     return min(x, hi)
    >>> @overload(clipped)                   # ...given a compiled implementation by type
    ... def _clipped(x, hi):
    ...     if isinstance(x, types.Array):
    ...         return lambda x, hi: np.minimum(x, hi)
    ...     if isinstance(x, types.Number):
    ...         return lambda x, hi: min(x, hi)
    >>> @njit
    ... def use(a):
    ...     return clipped(a, 2.0), clipped(5, 3)
    >>> use(np.arange(4.0))
    (array([0., 1., 2., 2.]), 3)

* `overload(func, jit_options={}, inline="never", prefer_literal=False)`: the typer gets numjit types
  (the call's argument types; keywords by name) and returns a Python implementation with the
  function's parameters, or None when those types are not its business. numjit compiles the
  implementation like user code, once per argument types, with `jit_options` (fastmath...).
  A typer that raises gives a TypingError located at the call. Literal types
  (`types.IntegerLiteral`, `.literal_value`): an implementation calling `literally(p)` on a
  parameter that is no literal, or `SentryLiteralArgs`, asks for literal dispatch (the call is
  typed again with the argument's value, or the caller compiled for it:
  numjit/typing/literal_dispatch.py); `prefer_literal=True` shows the typer the literals of
  arguments known at the call first.
* `overload_method(type_class, name)` / `overload_attribute(type_class, name)`: the same for
  `value.name(...)` and `value.name` on values whose type is an instance of `type_class`
  (the typer's first argument is that type).
* `register_jitable(**jit_options)`: a Python function callable from Python and compiled code.
* `intrinsic(typer)`: `typer(typing_context, *argtypes)` returns `(signature, codegen)`;
  `codegen(context, builder, signature, args)` emits LLVM IR with llvmlite's `builder` and
  returns the result's LLVM value (a new reference, as in numba: an argument array returned goes
  through `numjit.core.imputils.impl_ret_borrowed`). `context` is numjit/lowlevel.py's
  `LoweringContext`: a `CodegenContext` (LLVM types of numjit types, casts, constants, declaring
  or calling C symbols) with numba's `make_helper`, `compile_internal`, `nrt`...
* `typeof_impl.register(cls)`, `as_numba_type(py_type)`, `get_cython_function_address(mod, name)`.

numba's low-level API (`models.StructModel`, `register_model`, `type_callable`, `lower_builtin`,
`make_attribute_wrapper`, `box`, `unbox`, `NativeValue`, `lower_getattr`, `infer_getattr`):
numjit/lowlevel.py (`lower_cast`: numjit/lowlevel_lowerings.py). `lower_setattr`, `reflect` and
`overload_classmethod` are named so libraries import; using one warns (NumjitWarning) that what
it registers is ignored.
"""
import ctypes
import dis
import importlib
import inspect
import typing
import warnings

from llvmlite import ir

from .errors import NumjitError, NumjitWarning, TypingError
from .options import CODEGEN_FLAGS, normalize_flags
from .types import Signature, Array, Type
from .types.arrayexpr import concrete
from .types import typeof as _types_typeof
from .types.typeof import typeof_checked as typeof  # noqa: F401
from .typing import registry
from .typing.literal_dispatch import request_literals, prefer_literals
from .lowlevel import (CodegenContext, LoweringContext, _TYPING_CONTEXT, _name_of as _name,  # noqa: F401
                       run_user_codegen, models, register_model, type_callable, lower_builtin,
                       make_attribute_wrapper, box, unbox, lower_getattr, lower_getattr_generic)
from .core.pythonapi import NativeValue  # noqa: F401,E402
from .lowlevel_lowerings import lower_cast  # noqa: F401,E402
from .core.typing.templates import infer_getattr  # noqa: F401,E402

__all__ = ["overload", "overload_method", "overload_attribute", "register_jitable", "intrinsic",
           "typeof_impl", "as_numba_type", "get_cython_function_address", "CodegenContext",
           "typeof", "is_jitted", "SentryLiteralArgs", "sentry_literal_args", "models", "register_model",
           "type_callable", "lower_builtin", "make_attribute_wrapper", "box", "unbox", "NativeValue",
           "lower_getattr", "lower_getattr_generic", "infer_getattr"]


def _jit_flags(jit_options):
    """The code-generation flags of `jit_options` (fastmath, error_model, boundscheck...)."""
    flags = normalize_flags(dict(jit_options or {}))
    return {k: v for k, v in flags.items() if k in CODEGEN_FLAGS}


def _accepts(func, args, kws):
    try:
        inspect.signature(func).bind(*args, **kws)
        return True
    except TypeError:
        return False


def _guarded(typer, what, flags, self_class=None, prefer_literal=False):
    """The registry typer for a user's typer: None for calls it cannot take (arity, or `self` not an
    instance of `self_class`); its exceptions become TypingErrors (the call site is added later);
    the implementation it returns carries the jit_options it is compiled with. `prefer_literal`:
    it sees the literals of arguments known at the call first (typing/literal_dispatch.py)."""
    chosen = {}                                  # argument types -> implementation, as numba caches

    def registry_typer(*args, **kws):
        if prefer_literal and (self_class is None or args and isinstance(args[0], self_class)) \
                and _accepts(typer, args, kws):
            prefer_literals(typer, args)
        key = (args, tuple(sorted(kws.items())))
        if key not in chosen:
            chosen[key] = choose(args, kws)
        return chosen[key]

    def choose(args, kws):
        args = tuple(concrete(a) for a in args)         # typers never see numjit's lazy array expressions
        kws = {k: concrete(v) for k, v in kws.items()}
        if self_class is not None and (not args or not isinstance(args[0], self_class)):
            return None
        if not _accepts(typer, args, kws):
            return None
        try:
            impl = typer(*args, **kws)
        except NumjitError:
            raise
        except Exception as exc:
            shown = ", ".join([repr(a) for a in args] + [f"{k}={v!r}" for k, v in kws.items()])
            raise TypingError(f"the overload of {what} raised {type(exc).__name__} for argument types "
                              f"({shown}): {exc}") from exc
        if impl is None:
            return None
        if not callable(impl):
            raise TypingError(f"the overload of {what} returned {impl!r}, not a function")
        _check_literal_requests(impl, what, args)
        if flags:
            try:
                impl.__numjit_flags__ = flags
            except AttributeError:
                raise TypingError(f"the overload of {what} returned {impl!r}: jit_options need a Python "
                                  "function (def or lambda)") from None
        return impl
    registry_typer.__name__ = getattr(typer, "__name__", "overload")
    return registry_typer


def _check_literal_requests(impl, what, argtypes):
    """An implementation that calls `literally(p)` on a parameter whose type is not a literal is a
    placeholder for numba's literal dispatch: ask for it (typing/literal_dispatch.py), so the call
    is typed again with the argument's value before the placeholder is chosen."""
    code = getattr(impl, "__code__", None)
    if code is None or "literally" not in code.co_names + code.co_freevars:
        return
    params = code.co_varnames[:code.co_argcount]
    steps = [i for i in dis.get_instructions(code) if i.opname not in ("PUSH_NULL", "PRECALL", "CACHE")]
    requested = {params.index(arg.argval): arg.argval for callee, arg in zip(steps, steps[1:])
                 if callee.argval == "literally" and arg.opname == "LOAD_FAST" and arg.argval in params}
    request_literals(argtypes, requested)


def overload(func, jit_options=None, strict=True, inline="never", prefer_literal=False, **kwargs):
    """Give `func` (a Python function, a NumPy or math function) a compiled implementation chosen by
    argument types. `inline` is accepted for numba's code (LLVM inlines small functions by itself);
    with `prefer_literal` the typer sees the literal types of arguments known at the call first."""
    flags = _jit_flags(jit_options)

    def decorate(typer):
        registry.overload(func)(_guarded(typer, _name(func), flags, prefer_literal=prefer_literal))
        return typer
    return decorate


def _kinds(type_class):
    """numjit keys methods by a type's `kind`: every kind `type_class` and its subclasses have."""
    kinds, stack = set(), [type_class]
    while stack:
        cls = stack.pop()
        kinds.add(cls.kind)
        stack.extend(cls.__subclasses__())
    if issubclass(Array, type_class):
        kinds.add("arrayexpr")                   # a lazy array expression is an array too
    return kinds


def _check_type_class(type_class, api):
    if not (isinstance(type_class, type) and issubclass(type_class, Type)):
        raise TypeError(f"{api}() takes a numjit type class (e.g. types.Array), not {type_class!r}")


def overload_method(type_class, name, jit_options=None, inline="never", prefer_literal=False, **kwargs):
    """`value.name(args)` on values of a `type_class` type: typer(self_type, *argtypes) -> impl."""
    _check_type_class(type_class, "overload_method")
    flags = _jit_flags(jit_options)

    def decorate(typer):
        guarded = _guarded(typer, f"{type_class.__name__}.{name}()", flags, self_class=type_class,
                           prefer_literal=prefer_literal)
        registry.overload(*(f"{kind}.{name}" for kind in _kinds(type_class)))(guarded)
        return typer
    return decorate


def overload_attribute(type_class, name, jit_options=None, inline="never", prefer_literal=False, **kwargs):
    """`value.name` on values of a `type_class` type: typer(self_type) -> impl(self)."""
    _check_type_class(type_class, "overload_attribute")
    flags = _jit_flags(jit_options)

    def decorate(typer):
        guarded = _guarded(typer, f"{type_class.__name__}.{name}", flags, self_class=type_class)
        registry.overload(*(f"{kind}.{name}" for kind in _kinds(type_class)))(guarded)
        return typer
    return decorate


def register_jitable(*args, **jit_options):
    """`@register_jitable` or `@register_jitable(fastmath=True)`: the function stays a Python
    function, and calls to it from compiled code compile it (with those options)."""
    def wrap(fn):
        overload(fn, jit_options=jit_options)(lambda *a, **k: fn)
        return fn
    if args and callable(args[0]) and not jit_options:
        return wrap(args[0])
    return wrap


# -- intrinsics ----------------------------------------------------------------------------------------


_POINTER_HINT = (" (a pointer numjit made is opaque: name what it points to, e.g. "
                 "builder.load(ptr, typ=ir.DoubleType()) or builder.inttoptr(x, ir.DoubleType().as_pointer()))")


class Intrinsic:
    """A function whose typing and LLVM code the user writes (see `intrinsic`); callable only from
    compiled code."""

    def __init__(self, typer, prefer_literal=False):
        self._typer = typer
        self._prefer_literal = prefer_literal
        self.__name__ = getattr(typer, "__name__", "intrinsic")
        self.__qualname__ = getattr(typer, "__qualname__", self.__name__)
        self.__doc__ = typer.__doc__
        self.__module__ = getattr(typer, "__module__", None)
        self.__wrapped__ = typer
        registry.intrinsic(self)(self._registry_typer)

    def _registry_typer(self, *args, **kws):
        if not _accepts(self._typer, (_TYPING_CONTEXT,) + args, kws):
            return None
        if self._prefer_literal:
            prefer_literals(self._typer, args)
        try:
            result = self._typer(_TYPING_CONTEXT, *args, **kws)
        except NumjitError:
            raise
        except Exception as exc:
            raise TypingError(f"the intrinsic {self.__name__} raised {type(exc).__name__} for argument "
                              f"types ({', '.join(map(repr, args))}): {exc}") from exc
        if result is None:
            return None
        sig, codegen = result if isinstance(result, tuple) and len(result) == 2 else (result, None)
        if not isinstance(sig, Signature) or sig.return_type is None or not callable(codegen):
            raise TypingError(f"the intrinsic {self.__name__} must return (signature, codegen), e.g. "
                              f"(types.int64(types.int64), codegen); it returned {result!r}")

        def emit(low, signature, values):
            result = run_user_codegen(low, f"the codegen of intrinsic {self.__name__}", codegen,
                                      LoweringContext(low.ctx, low), signature, values, _POINTER_HINT)
            if result is None:                       # a void intrinsic: none's placeholder value
                return ir.Constant(signature.return_type.llvm(), None)
            return result
        emit.new_ref = True                          # numba's rule: the result is a new reference
        return sig, emit

    def __call__(self, *args, **kwargs):
        raise TypeError(f"{self.__name__} is an intrinsic: it can only be called from compiled code")

    def __repr__(self):
        return f"<intrinsic {self.__name__}>"


def intrinsic(*args, prefer_literal=False, **kwargs):
    """`@intrinsic` or `@intrinsic(prefer_literal=True)` on `typer(typingctx, *argtypes)`."""
    if args and callable(args[0]):
        return Intrinsic(args[0], prefer_literal)
    return lambda typer: Intrinsic(typer, prefer_literal)


# -- typeof, Python types, C symbols --------------------------------------------------------------
class _TypeofRegistry:
    """`typeof_impl.register(cls)(fn)`: fn(value, context) gives the numjit type of `cls` instances
    (consulted after numjit's own rules; the type must be one numjit can receive as an argument)."""

    def register(self, cls):
        def decorate(fn):
            from .types.typeof import register_user_rule
            register_user_rule(cls, fn)
            return fn
        return decorate

    def __call__(self, value, context=None):
        return _types_typeof(value)


typeof_impl = _TypeofRegistry()


def as_numba_type(py_type):
    """The numjit type of a Python type annotation: int → int64, float → float64, str →
    unicode_type, a NumPy scalar class → its type, a jitclass → its instance type, typing's
    generics (`List[float]`, `dict[str, int]`, `Set`, `Tuple`, `Optional`) → typed containers,
    tuples and optionals as numba's, a numjit type → itself.

    >>> import typing
    >>> as_numba_type(int), as_numba_type(float), as_numba_type(bool)
    (int64, float64, bool)
    >>> as_numba_type(typing.List[float]), as_numba_type(dict[str, typing.Optional[int]])
    (ListType[float64], DictType[unicode_type,OptionalType(int64)])
    """
    from . import types
    if isinstance(py_type, Type):
        return py_type
    if py_type in _AS_NUMBA_TYPE:
        return _AS_NUMBA_TYPE[py_type]
    table = {int: types.int64, float: types.float64, complex: types.complex128, bool: types.boolean,
             str: types.unicode_type, bytes: types.bytes_type, type(None): types.none, None: types.none}
    if py_type in table:
        return table[py_type]
    if typing.get_origin(py_type) is not None:
        return _generic_type(py_type)
    instance_type = getattr(getattr(py_type, "class_type", None), "instance_type", None)
    if instance_type is not None:                     # a jitclass
        return instance_type
    found = types.from_dtype(py_type) if isinstance(py_type, type) else None
    if found is None:
        raise TypingError(f"cannot convert the Python type {py_type!r} to a numjit type")
    return found


_AS_NUMBA_TYPE = {}          # Python class -> numjit type (as_numba_type.register)
as_numba_type.register = _AS_NUMBA_TYPE.__setitem__


def _generic_type(py_type):
    """`List[T]`, `Dict[K, V]`, `Set[T]` (typed containers), `Tuple[...]`, `Optional[T]`: numba's
    reading of typing's generics."""
    from . import types
    origin, args = typing.get_origin(py_type), typing.get_args(py_type)
    if origin is typing.Union and len(args) == 2 and type(None) in args:
        return types.optional(as_numba_type(args[0] if args[1] is type(None) else args[1]))
    makers = {list: types.ListType, dict: types.DictType, set: types.SetType,
              tuple: lambda *items: types.Tuple(items)}
    if origin not in makers or Ellipsis in args:
        raise TypingError(f"cannot convert the Python type {py_type!r} to a numjit type (typing's "
                          "List, Dict, Set, fixed-length Tuple and Optional are supported)")
    return makers[origin](*map(as_numba_type, args))


def get_cython_function_address(module_name, function_name):
    """The address of a Cython module's exported C function (its `__pyx_capi__` capsule), e.g.
    get_cython_function_address("scipy.special.cython_special", "gammainc")."""
    module = importlib.import_module(module_name)
    try:
        capsule = module.__pyx_capi__[function_name]
    except (AttributeError, KeyError):
        raise ValueError(f"{module_name} exports no C function {function_name!r}") from None
    get_name = ctypes.pythonapi.PyCapsule_GetName
    get_name.restype, get_name.argtypes = ctypes.c_char_p, [ctypes.py_object]
    get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
    get_pointer.restype, get_pointer.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.c_char_p]
    return get_pointer(capsule, get_name(capsule))


def is_jitted(function):
    """True for a function made by numjit's jit/njit."""
    from .dispatch.dispatcher import Dispatcher
    return isinstance(function, Dispatcher)


class SentryLiteralArgs:
    """numba's literal-argument sentry: in an overload's typer,
    `SentryLiteralArgs(["n"]).for_function(ov).bind(x, n)` asks for literal dispatch on the named
    parameters whose types are not literals (typing/literal_dispatch.py)."""

    def __init__(self, literal_args, pysig=None):
        self.literal_args = literal_args
        self.pysig = pysig

    def for_function(self, func):
        return SentryLiteralArgs(self.literal_args, inspect.signature(func))

    def for_pysig(self, pysig):
        return SentryLiteralArgs(self.literal_args, pysig)

    def bind(self, *args, **kwargs):
        sentry_literal_args(self.pysig, self.literal_args, args, kwargs)


def sentry_literal_args(pysig, literal_args, args, kwargs):
    """Ask for literal dispatch on the parameters named in `literal_args` (of `pysig`, bound to
    the types `args` and `kwargs`) whose types are not literals."""
    bound = pysig.bind(*args, **kwargs)
    names = list(pysig.parameters)
    request_literals([bound.arguments.get(name) for name in names],
                     {names.index(name): name for name in literal_args})


# -- numba's lowering-level API not offered ------------------------------------------------------------
def _not_offered(name):
    """numba's decorator `name`: accepted so a library using it still imports, with a warning that
    what it registers is ignored (values of such types then cannot be compiled: a TypingError)."""
    def factory(*args, **kwargs):
        warnings.warn(f"numba.extending.{name} is not offered by numjit (it works against numba's own "
                      "code generation context and data models); what it registers is ignored: write "
                      "the function with overload/overload_method or intrinsic instead",
                      NumjitWarning, stacklevel=2)
        return lambda decorated: decorated
    factory.__name__ = name
    return factory


for _api in ("lower_setattr", "lower_setattr_generic", "reflect", "overload_classmethod"):
    globals()[_api] = _not_offered(_api)
del _api
