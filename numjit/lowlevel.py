"""numba's low-level extension API on numjit: a user's type (a `types.Type` subclass) with a data
model, attributes read from its struct, a constructor written in LLVM IR, and box/unbox.

    >>> from numjit import njit, types
    >>> from numjit.extending import (typeof_impl, type_callable, register_model, models,
    ...                               make_attribute_wrapper, lower_builtin)
    >>> from numjit.core import cgutils
    >>> class Span:
    ...     def __init__(self, lo, hi):
    ...         self.lo, self.hi = lo, hi
    >>> class SpanType(types.Type):
    ...     def __init__(self):
    ...         super().__init__(name="Span")
    >>> span_type = SpanType()
    >>> @type_callable(Span)
    ... def _type_span(context):
    ...     return lambda lo, hi: span_type if isinstance(lo, types.Float) else None
    >>> @register_model(SpanType)
    ... class SpanModel(models.StructModel):
    ...     def __init__(self, dmm, fe_type):
    ...         super().__init__(dmm, fe_type, [("lo", types.float64), ("hi", types.float64)])
    >>> make_attribute_wrapper(SpanType, "hi", "hi")
    >>> @lower_builtin(Span, types.Float, types.Float)
    ... def _make_span(context, builder, sig, args):
    ...     span = cgutils.create_struct_proxy(sig.return_type)(context, builder)
    ...     span.lo, span.hi = args
    ...     return span._getvalue()
    >>> njit(lambda x: Span(x, 2 * x).hi)(1.5)
    3.0

How numba's pieces map onto numjit:

* `register_model(TypeClass)(Model)`: the type's LLVM value is the model's (`StructModel`: a
  literal struct of its members' values; `PrimitiveModel`: the LLVM type given; `OpaqueModel`: a
  pointer). Members: numbers, booleans, arrays, tuples of them, other models; a struct holding
  arrays holds one reference to each (counted like a tuple's).
* `type_callable(func)` + `lower_builtin(func, *argspecs)`: `func(...)` in compiled code; the
  typer gives the result type (or a signature), the first `lower_builtin` whose specs fit the
  argument types (a type class: isinstance; `types.Any`; a type: equality; a last
  `types.VarArg(spec)`: the remaining arguments) emits it with numba's
  `impl(context, builder, sig, args)`.
* typing templates (numjit/core/typing/templates.py): `infer_global(func)` on an
  `AbstractTemplate` / `ConcreteTemplate` types `func(...)` for lower_builtin, and
  `infer_getattr` on an `AttributeTemplate` types `value.attr` for `lower_getattr(TypeClass,
  attr)` / `lower_getattr_generic(TypeClass)`.
* `make_attribute_wrapper(TypeClass, member, attr)`: `value.attr` reads a struct member.
* `unbox(TypeClass)` / `box(TypeClass)`: `fn(typ, obj, c) -> NativeValue` / `fn(typ, val, c) ->
  PyObject*`, with `c.builder`, `c.context`, `c.pyapi` (numjit/core/pythonapi.py: the CPython calls
  under numba's PythonAPI names), `c.box(typ, val)` and `c.unbox(typ, obj)`. The unboxer runs
  only on objects typeof gives its type; an `is_error` set with a Python exception pending
  raises that exception from the call.

Values of these types live in locals, tuples, lists (reflected too), typed lists and dicts; a
struct holding arrays holds a reference to each (lowering/refcount.py and types/lists.py count them). `context` is a `LoweringContext` (numjit.extending.CodegenContext plus
`make_helper`, `make_tuple`, `compile_internal`, `data_model_manager`, `nrt.incref/decref`); a lowering returns a new
reference, as in numba. A numba name numjit lacks raises UnsupportedError naming it.
`lower_constant`, `context.get_constant_generic`, iteration (`lower_builtin("getiter"/"iternext")`
with `iternext_impl`) and `lower_cast` (with numba-style `unify(self, typingctx, other)`) live in
numjit/lowlevel_lowerings.py; `lower_setattr` and `reflect` are still only named (numjit/extending.py).
"""
import inspect
import types as pytypes

from llvmlite import ir

from .errors import NumjitError, TypingError, UnsupportedError
from .types import Array, Signature, Tuple, Type
from .types import typeof as _types_typeof
from .types.typeof import user_rule
from .types.numba_names import Any, VarArg
from .typing import registry

PTR = ir.PointerType()
FAMILY = "LowLevelModel"          # the boxing tables' key of a user type with box/unbox (runtime/boxing.py)

_MODELS = {}                      # type class -> model class (register_model)
_MODEL_OF = {}                    # type instance -> model instance
_LOWERINGS = {}                   # callable -> [(argspecs, impl)] (lower_builtin)
_UNBOXERS = {}                    # type class -> unbox function
_BOXERS = {}                      # type class -> box function


# -- the contexts intrinsics and lowering functions get ------------------------------------------------
class CodegenContext:
    """What an intrinsic's codegen(context, builder, signature, args) gets as `context`:

    * `get_value_type(ty)` / `get_data_type(ty)`: the LLVM type of a numjit type as a value / in memory
    * `cast(builder, value, fromty, toty)`: numba's conversion rules between numjit number types
    * `get_constant(ty, value)`: an LLVM constant of a numjit type
    * `declare_function(name, fnty)`: `declare` a C function (an `ir.FunctionType`) in this module;
      the symbol must be resolvable: in the process (libc, libm, a loaded library) or
      registered with `add_symbol(name, address)`
    * `call_function(builder, name, return_type, arg_types, args)`: declare and call a C function
      whose parameters and result are numjit types
    * `add_symbol(name, address)`: make a C symbol resolvable (e.g. a ctypes function's address)
    * `module`: the llvmlite `ir.Module` being built

    The builder is llvmlite's `ir.IRBuilder`. Pointers numjit makes (array data, `ir.PointerType()`)
    are opaque: `builder.load(ptr, typ=...)` / `builder.gep(ptr, idx, source_etype=...)` name the
    element type. `CPointer(t)`, `voidptr` and `cgutils.voidptr_t` are typed (`double*`, `i8*`), as
    in numba, so numba's `builder.load(builder.bitcast(p, ir.DoubleType().as_pointer()))` works.
    """

    def __init__(self, module_ctx):
        self._ctx = module_ctx
        self.module = module_ctx.module

    def get_value_type(self, ty):
        return ty.llvm()

    def get_data_type(self, ty):
        return ty.llvm_mem()

    def cast(self, builder, value, fromty, toty):
        return self._ctx.cast(builder, value, fromty, toty)

    def get_constant(self, ty, value):
        return self._ctx.constant(ty, value)

    def declare_function(self, name, fnty):
        fn = self.module.globals.get(name)
        return fn if fn is not None else ir.Function(self.module, fnty, name)

    def call_function(self, builder, name, return_type, arg_types, args):
        fnty = ir.FunctionType(return_type.llvm(), [t.llvm() for t in arg_types])
        return builder.call(self.declare_function(name, fnty), list(args))

    @staticmethod
    def add_symbol(name, address):
        from .backend import jit
        jit.add_symbol(name, address)


class TypingContext:
    """The `typingctx` an intrinsic's typer gets first: numjit's typing needs none of numba's
    context; `resolve_value_type` and `unify_types` are offered for typers that call them."""

    @staticmethod
    def resolve_value_type(value):
        return _types_typeof(value)

    @staticmethod
    def unify_types(*tys):
        from .types import unify
        out = tys[0]
        for t in tys[1:]:
            out = unify(out, t) if out is not None else None
        return out


_TYPING_CONTEXT = TypingContext()


# -- data models -------------------------------------------------------------------------------------
class DataModel:
    """numba's data model base: the LLVM type a front-end type has."""

    def __init__(self, dmm, fe_type):
        self._dmm, self._fe_type = dmm, fe_type

    @property
    def fe_type(self):
        return self._fe_type

    def get_value_type(self):
        raise UnsupportedError(f"the data model {type(self).__name__} of {self._fe_type} defines no "
                               "get_value_type() (numjit offers StructModel, PrimitiveModel and OpaqueModel)")

    def get_data_type(self):
        return self.get_value_type()

    def get_argument_type(self):
        return self.get_value_type()

    def get_return_type(self):
        return self.get_value_type()


class PrimitiveModel(DataModel):
    """A value that is one LLVM value of the type `be_type`."""

    def __init__(self, dmm, fe_type, be_type):
        super().__init__(dmm, fe_type)
        self._be_type = be_type

    def get_value_type(self):
        return self._be_type


class OpaqueModel(PrimitiveModel):
    """An opaque pointer (numba's `i8*`)."""

    def __init__(self, dmm, fe_type):
        super().__init__(dmm, fe_type, PTR)


class StructModel(DataModel):
    """A literal struct of named members, each of a numjit type."""

    def __init__(self, dmm, fe_type, members):
        super().__init__(dmm, fe_type)
        self._members = tuple((str(name), ty) for name, ty in members)
        for name, ty in self._members:
            if not isinstance(ty, Type):
                raise UnsupportedError(f"member {name!r} of the data model of {fe_type} has no numjit type: {ty!r}")
            if not _member_type_ok(ty):
                raise UnsupportedError(f"member {name!r} of the data model of {fe_type} is a {ty}: numjit's "
                                       "StructModel holds numbers, booleans, arrays, tuples of them and other "
                                       "models; use a structref or jitclass for other references")
        self._fields = [name for name, _ in self._members]
        from .lowering.refcount import needs_refcount
        self.holds_references = any(needs_refcount(ty) for _, ty in self._members)

    def meminfo_words(self, base):
        """Offsets (8-byte words) of the members' meminfos in memory (types/lists.py's ref_words)."""
        from .types.lists import ref_words, _target_data
        layout = self.get_value_type()
        return [w for i, (_, ty) in enumerate(self._members)
                for w in ref_words(ty, base + layout.get_element_offset(_target_data(), i) // 8)]

    def meminfos(self, builder, value):
        """The meminfos the members of `value` hold (lowering/refcount.py counts them)."""
        from .lowering.refcount import needs_refcount, meminfos
        for i, (_, ty) in enumerate(self._members):
            if needs_refcount(ty):
                yield from meminfos(builder, builder.extract_value(value, i), ty)

    def get_value_type(self):
        return ir.LiteralStructType([ty.llvm() for _, ty in self._members])

    def get_field_position(self, name):
        if name not in self._fields:
            raise TypingError(f"the data model of {self.fe_type} has no member {name!r} "
                              f"(its members: {', '.join(self._fields)})")
        return self._fields.index(name)

    def get_member_fe_type(self, name):
        return self._members[self.get_field_position(name)][1]

    get_type = get_member_fe_type

    @property
    def members(self):
        return [ty for _, ty in self._members]

    def __len__(self):
        return len(self._members)


def _member_type_ok(ty):
    """Members whose references the struct can count: none, an array's, a tuple's, a model's."""
    from .lowering.refcount import needs_refcount
    if isinstance(ty, Tuple):
        return all(_member_type_ok(t) for t in ty.items)
    return not needs_refcount(ty) or isinstance(ty, Array) or _registered(_MODELS, ty) is not None


def _not_offered_model(name):
    class Model(DataModel):
        def __init__(self, dmm, fe_type, *args, **kwargs):
            raise UnsupportedError(f"numba's models.{name} is not offered by numjit (StructModel, "
                                   "PrimitiveModel and OpaqueModel are)")
    Model.__name__ = Model.__qualname__ = name
    return Model


models = pytypes.ModuleType("numjit.core.datamodel.models", "numba's data model classes (numjit/lowlevel.py)")
models.__dict__.update(
    DataModel=DataModel, PrimitiveModel=PrimitiveModel, OpaqueModel=OpaqueModel, StructModel=StructModel,
    PointerModel=_not_offered_model("PointerModel"), ProxyModel=_not_offered_model("ProxyModel"),
    ArrayModel=_not_offered_model("ArrayModel"), UniTupleModel=_not_offered_model("UniTupleModel"))


def _registered(table, ty):
    for cls in type(ty).__mro__:
        if cls in table:
            return table[cls]
    return None


def model_of(ty):
    """The data model instance of a user type (register_model)."""
    model = _MODEL_OF.get(ty)
    if model is None:
        model_class = _registered(_MODELS, ty)
        if model_class is None:
            raise TypingError(f"{ty} has no data model: numba's low-level API gives it one with "
                              f"@register_model({type(ty).__name__})")
        model = _MODEL_OF[ty] = model_class(None, ty)
    return model


def register_model(type_class):
    """`@register_model(TypeClass)` on a model class: values of TypeClass instances are its LLVM type."""
    from .extending import _check_type_class
    _check_type_class(type_class, "register_model")

    def decorate(model_class):
        _MODELS[type_class] = model_class             # (types/base.py: Type.llvm() asks for it)
        from .lowlevel_lowerings import adapt_numba_unify
        adapt_numba_unify(type_class)                                    # unify(self, typingctx, other)
        type_class.refcounted = property(_holds_references)              # members holding arrays
        type_class.meminfos_of = lambda self, builder, value: model_of(self).meminfos(builder, value)
        type_class.list_item = True                                      # lists and dicts hold them
        type_class.member_words = lambda self, base: model_of(self).meminfo_words(base)
        return model_class
    return decorate


def _holds_references(ty):
    return getattr(model_of(ty), "holds_references", False)


# -- struct proxies (cgutils.create_struct_proxy, context.make_helper) ---------------------------------
class StructProxy:
    """Members of a StructModel value held in a stack slot: `proxy.lo`, `proxy.lo = v`,
    `proxy._getvalue()`, `proxy._getpointer()`."""

    def __init__(self, fe_type, context, builder, value=None, ref=None):
        model = model_of(fe_type)
        if not isinstance(model, StructModel):
            raise UnsupportedError(f"create_struct_proxy needs a StructModel; {fe_type} has a {type(model).__name__}")
        object.__setattr__(self, "_model", model)
        object.__setattr__(self, "_builder", builder)
        object.__setattr__(self, "_context", context)
        if ref is None:
            from .core.cgutils import alloca_once
            ref = alloca_once(builder, model.get_value_type(), zfill=value is None)
            if value is not None:
                builder.store(value, ref)
        object.__setattr__(self, "_ptr", ref)

    def _get_ptr_by_index(self, index):
        i32 = ir.IntType(32)
        opaque = getattr(self._ptr.type, "is_opaque", False)          # a ref numjit made: name the struct
        return self._builder.gep(self._ptr, [ir.Constant(i32, 0), ir.Constant(i32, index)], inbounds=True,
                                 source_etype=self._model.get_value_type() if opaque else None)

    def _get_ptr_by_name(self, name):
        return self._get_ptr_by_index(self._model.get_field_position(name))

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        index = self._model.get_field_position(name)
        return self[index]

    def __setattr__(self, name, value):
        if name.startswith("_"):
            object.__setattr__(self, name, value)
            return
        self[self._model.get_field_position(name)] = value

    def __getitem__(self, index):
        member = self._model.get_value_type().elements[index]
        return self._builder.load(self._get_ptr_by_index(index), typ=member)

    def __setitem__(self, index, value):
        member = self._model.get_value_type().elements[index]
        if value.type != member:
            raise TypingError(f"member {self._model._fields[index]!r} of {self._model.fe_type} holds {member}, "
                              f"not {value.type} (convert it first, e.g. context.cast)")
        self._builder.store(value, self._get_ptr_by_index(index))

    def __len__(self):
        return len(self._model)

    def _getvalue(self):
        return self._builder.load(self._ptr, typ=self._model.get_value_type())

    def _getpointer(self):
        return self._ptr

    def _setvalue(self, value):
        self._builder.store(value, self._ptr)


# -- the context given to lowering and box/unbox callbacks ----------------------------------------------
class LoweringContext(CodegenContext):
    """numba's target context as numjit offers it (see CodegenContext for the basics)."""

    def __init__(self, module_ctx, low=None):
        super().__init__(module_ctx)
        self._lowerer = low

    typing_context = _TYPING_CONTEXT

    @property
    def data_model_manager(self):
        return _DataModelManager()

    @property
    def nrt(self):
        return _ReferenceCounts(self._ctx)

    def make_helper(self, builder, typ, value=None, ref=None):
        return StructProxy(typ, self, builder, value, ref)

    def make_tuple(self, builder, typ, values):
        out = ir.Constant(typ.llvm(), ir.Undefined)
        for i, v in enumerate(values):
            out = builder.insert_value(out, v, i)
        return out

    def get_constant_generic(self, builder, ty, value):
        from .lowlevel_lowerings import constant_value
        return constant_value(self, builder, ty, value)

    def get_dummy_value(self):
        return ir.Constant(PTR, None)

    def get_constant_null(self, ty):
        return ir.Constant(ty.llvm(), None)

    def compile_internal(self, builder, impl, sig, args, locals=None):
        """Compile the Python function `impl` for `sig`'s argument types and call it: a new
        reference, as numba's (a lowering returns it as its own result)."""
        if self._lowerer is None:
            raise UnsupportedError("context.compile_internal works in lower_builtin implementations only")
        from .lowering.lower import get_function
        from .typing.infer import return_type_of
        low = self._lowerer
        argtypes = tuple(sig.args)
        fn = get_function(self._ctx, impl, argtypes, {})
        ret = return_type_of(impl, argtypes, {})
        result = self._ctx.call(builder, fn, list(args), ret, low.excinfo, low.call_failed(fn, impl))
        return self.cast(builder, result, ret, sig.return_type) if ret != sig.return_type else result

    def __getattr__(self, name):
        raise UnsupportedError(f"numba's context.{name} is not offered by numjit's low-level API "
                               f"(offered: {', '.join(_public(LoweringContext))})")


class _ReferenceCounts:
    """`context.nrt`: a reference more or less on values that hold references (arrays, lists...)."""

    def __init__(self, module_ctx):
        self._ctx = module_ctx

    def incref(self, builder, typ, value):
        from .lowering.refcount import incref
        incref(self._ctx, builder, value, typ)

    def decref(self, builder, typ, value):
        from .lowering.refcount import decref
        decref(self._ctx, builder, value, typ)


class _DataModelManager:
    """`context.data_model_manager` / `datamodel.default_manager`: `[typ]` or `lookup(typ)`."""

    def __getitem__(self, ty):
        return model_of(ty)

    lookup = __getitem__


def run_user_codegen(low, what, codegen, context, signature, values, hint=""):
    """codegen(context, builder, signature, args), a user's: its errors are told at the call's line."""
    loc = getattr(low, "_loc", None)
    try:
        return codegen(context, low.builder, signature, list(values))
    except NumjitError as exc:
        if exc.loc is None:
            exc.loc = loc
        raise
    except Exception as exc:                  # the user's IR building: their bug, told at the call
        raise TypingError(f"{what} raised {type(exc).__name__}: {exc}" + hint * ("lacks type" in str(exc)),
                          loc) from exc


def _name_of(func):
    return getattr(func, "__qualname__", None) or getattr(func, "__name__", None) or repr(func)


def _public(cls):
    return sorted(n for n in dir(cls) if not n.startswith("_"))


# -- type_callable + lower_builtin ----------------------------------------------------------------------
def _fits(spec, ty):
    """A lower_builtin spec: a type class (isinstance), types.Any, or a type (equality)."""
    return isinstance(ty, spec) if isinstance(spec, type) else spec is Any or spec == ty


def _specs_fit(specs, argtypes):
    if specs and isinstance(specs[-1], VarArg):       # (..., types.VarArg(spec)): the rest fit spec
        fixed = len(specs) - 1
        return (len(argtypes) >= fixed and _specs_fit(specs[:-1], argtypes[:fixed])
                and all(_fits(specs[-1].dtype, t) for t in argtypes[fixed:]))
    return len(specs) == len(argtypes) and all(_fits(s, t) for s, t in zip(specs, argtypes))


def _lowering_for(func, argtypes):
    return next((impl for specs, impl in _LOWERINGS.get(func, ()) if _specs_fit(specs, tuple(argtypes))), None)


def lower_builtin(func, *argspecs):
    """`@lower_builtin(func, *argspecs)` on `impl(context, builder, sig, args)`: the code of
    `func(...)` for arguments fitting `argspecs` (typed by `type_callable`)."""
    def decorate(impl):
        _LOWERINGS.setdefault(func, []).append((argspecs, impl))
        if func in ("getiter", "iternext"):          # `for` over a user type: numjit/lowlevel_lowerings.py
            from .lowlevel_lowerings import register_iteration
            register_iteration()
        return impl
    return decorate


def _call_user_typer(typer, what, args, kws):
    """typer(*args, **kws), a user's: None when it does not take these arguments."""
    try:
        inspect.signature(typer).bind(*args, **kws)
    except TypeError:
        return None
    except ValueError:                      # a builtin without a signature: just call it
        pass
    try:
        return typer(*args, **kws)
    except NumjitError:
        raise
    except Exception as exc:
        raise TypingError(f"{what} raised {type(exc).__name__}: {exc}") from exc


def lowered_call(func, args, result, via):
    """(signature, codegen) of `func(*args)` typed as `result` (a type or a signature) by `via`,
    emitted by the first lower_builtin of `func` fitting the signature's argument types."""
    if result is None:
        return None
    sig = result if isinstance(result, Signature) else Signature(result, tuple(args))
    impl = _lowering_for(func, sig.args)
    if impl is None:
        raise TypingError(f"{_name_of(func)}({', '.join(map(str, sig.args))}) is typed by {via} but has no "
                          "lower_builtin for these argument types")

    def codegen(low, signature, values):
        return run_user_codegen(low, f"the lower_builtin of {_name_of(func)}", impl,
                                LoweringContext(low.ctx, low), signature, values)
    codegen.new_ref = True                  # numba's rule: a lowering returns a new reference
    return sig, codegen


def type_callable(func):
    """`@type_callable(func)` on `factory(context) -> typer(*argtypes)`: `func(...)` in compiled code
    has the type the typer returns (a type, a signature, or None when the arguments are not its)."""
    def decorate(factory):
        typers = []

        def registry_typer(*args, **kws):
            if not typers:
                typers.append(factory(_TYPING_CONTEXT))
            what = f"the type_callable typer of {_name_of(func)}"
            return lowered_call(func, args, _call_user_typer(typers[0], what, args, kws), "type_callable")
        registry.intrinsic(func)(registry_typer)
        return factory
    return decorate


def register_global_template(func, template):
    """`func(...)` typed by a numba typing template (numjit/core/typing/templates.py)."""
    def registry_typer(*args, **kws):
        what = f"the typing template {template.__name__} of {_name_of(func)}"
        result = _call_user_typer(template(_TYPING_CONTEXT).apply, what, (args, kws), {})
        return lowered_call(func, args, result, template.__name__)
    registry.intrinsic(func)(registry_typer)


# -- attributes ----------------------------------------------------------------------------------------
_GETATTR_LOWERINGS = []             # (type class or type, attribute or None for any, impl)


def lower_getattr(type_spec, attr):
    """`@lower_getattr(TypeClass, "attr")` on `impl(context, builder, typ, value)`."""
    return lambda impl: _GETATTR_LOWERINGS.append((type_spec, attr, impl)) or impl


def lower_getattr_generic(type_spec):
    """`@lower_getattr_generic(TypeClass)` on `impl(context, builder, typ, value, attr)`."""
    return lambda impl: _GETATTR_LOWERINGS.append((type_spec, None, impl)) or impl


def _getattr_lowering(ty, attr):
    for spec, name, impl in _GETATTR_LOWERINGS:
        if _fits(spec, ty) and name in (attr, None):
            return (lambda c, b, t, v: impl(c, b, t, v, attr)) if name is None else impl
    return None


def register_getattr_template(template):
    """`value.attr` on values of `template.key` (a type class or a type) typed by the template's
    `resolve_<attr>(typ)` or `generic_resolve(typ, attr)`, emitted by lower_getattr."""
    from .extending import _kinds
    key = template.key

    def typer(base, attr):
        if not _fits(key, base):
            return None
        name = attr.value
        what = f"the attribute template {template.__name__}"
        result = _call_user_typer(template(_TYPING_CONTEXT).resolve, what, (base, name), {})
        if result is None:
            return None
        if not isinstance(result, Type) or isinstance(result, Signature):
            raise TypingError(f"{what} gives {base}.{name} the type {result!r}: numjit's infer_getattr types "
                              "attributes, not methods (use overload_method)")
        impl = _getattr_lowering(base, name)
        if impl is None:
            raise TypingError(f"{base}.{name} is typed by {template.__name__} but has no lower_getattr")

        def codegen(low, sig, args):
            return run_user_codegen(low, f"the lower_getattr of {base}.{name}",
                                    lambda c, b, s, a: impl(c, b, base, a[0]), LoweringContext(low.ctx, low),
                                    sig, args)
        codegen.new_ref = True
        return Signature(result, (base, attr)), codegen
    type_class = key if isinstance(key, type) else type(key)
    registry.intrinsic(*(f"{kind}.*" for kind in _kinds(type_class)))(typer)


def make_attribute_wrapper(type_class, struct_attr, python_attr):
    """`value.python_attr` on values of `type_class` reads the StructModel member `struct_attr`."""
    from .extending import _check_type_class, _kinds
    _check_type_class(type_class, "make_attribute_wrapper")

    def typer(self_type):
        if not isinstance(self_type, type_class):
            return None
        model = model_of(self_type)
        if not isinstance(model, StructModel):
            raise TypingError(f"make_attribute_wrapper needs a StructModel; {self_type} has a {type(model).__name__}")
        index = model.get_field_position(struct_attr)

        def codegen(low, sig, args):
            return low.builder.extract_value(args[0], index)
        return Signature(model.get_member_fe_type(struct_attr), (self_type,)), codegen
    typer.__name__ = f"{type_class.__name__}.{python_attr}"
    registry.intrinsic(*(f"{kind}.{python_attr}" for kind in _kinds(type_class)))(typer)


# -- box / unbox ---------------------------------------------------------------------------------------
def _box_registrar(table, what):
    def register(type_class):
        from .extending import _check_type_class
        _check_type_class(type_class, what)

        def decorate(fn):
            table[type_class] = fn
            type_class.boxing_family = FAMILY
            return fn
        return decorate
    return register


unbox = _box_registrar(_UNBOXERS, "unbox")
box = _box_registrar(_BOXERS, "box")


class BoxContext:
    """The `c` of box/unbox functions."""

    def __init__(self, ctx, builder):
        from .core.pythonapi import PythonAPI
        self.builder = builder
        self.context = LoweringContext(ctx)
        self.pyapi = PythonAPI(ctx, builder)
        self._ctx = ctx

    def box(self, typ, val):
        from .runtime.boxing import box
        return box(self._ctx, self.builder, val, typ)

    def unbox(self, typ, obj):
        return self.pyapi.to_native_value(typ, obj)


def unbox_user(ctx, b, obj, ty, fail):
    """The boxing table's unboxer for user types: the registered function; its is_error goes to
    `fail` (a call wrapper raises the exception the function set, else tries the next signature)."""
    fn = _registered(_UNBOXERS, ty)
    if fn is None:
        raise TypeError(f"cannot pass {ty} from Python: no @unbox({type(ty).__name__}) is registered")
    from .core.pythonapi import NativeValue
    _branch_unless_typed_as(ctx, b, obj, ty, fail)
    native = _run_boxing(fn, "unbox", ty, obj, BoxContext(ctx, b))
    if not isinstance(native, NativeValue):
        raise TypingError(f"the unbox function of {type(ty).__name__} returned {native!r}, not a NativeValue")
    if native.cleanup is not None:
        raise UnsupportedError(f"the unbox function of {type(ty).__name__} returned a NativeValue with a cleanup: "
                               "numjit does not run unbox cleanups")
    if native.is_error is not None:               # (with an exception set, the call raises it: wrapper.py)
        ok = b.append_basic_block("unbox.user.ok")
        b.cbranch(native.is_error, fail, ok)
        b.position_at_end(ok)
    return native.value


_TYPE_GUARDS = {}                 # user type -> symbol of a Python function: is typeof(obj) that type?


def _branch_unless_typed_as(ctx, b, obj, ty, fail):
    """Go to `fail` unless typeof(obj) is `ty` (the user's unbox then sees only its own objects: a
    dispatcher with several signatures tries each one's unboxers in turn)."""
    from .runtime.cpython import global_object_symbol
    symbol = _TYPE_GUARDS.get(ty)
    if symbol is None:
        def typed_as(value):
            rule = user_rule(type(value))
            got = rule(value, None) if rule is not None else _types_typeof(value)
            return got is ty or got == ty
        symbol = _TYPE_GUARDS[ty] = global_object_symbol(f"numjit_const.lowlevel.guard.{len(_TYPE_GUARDS)}", typed_as)
    call = ctx.declare("PyObject_CallFunctionObjArgs", PTR, [PTR], var_arg=True)
    answer = b.call(call, [b.load(ctx.global_var(symbol, PTR), typ=PTR), obj, ir.Constant(PTR, None)])
    b.call(ctx.declare("Py_DecRef", ir.VoidType(), [PTR]), [answer])       # (True/False outlive the reference)
    ok = b.append_basic_block("unbox.user.typed")
    b.cbranch(b.icmp_unsigned("==", answer, ctx.global_var("_Py_TrueStruct", ir.IntType(8))), ok, fail)
    b.position_at_end(ok)


def box_user(ctx, b, value, ty):
    fn = _registered(_BOXERS, ty)
    if fn is None:
        raise TypingError(f"a compiled function cannot return {ty} to Python: no @box({type(ty).__name__}) "
                          "is registered")
    return _run_boxing(fn, "box", ty, value, BoxContext(ctx, b))


def _run_boxing(fn, what, ty, value, c):
    """fn(ty, value, c), a user's box/unbox function: its errors name it and where it is."""
    code = getattr(fn, "__code__", None)
    where = f"the @{what}({type(ty).__name__}) function {_name_of(fn)}" + (
        f" ({code.co_filename}:{code.co_firstlineno})" if code is not None else "")
    try:
        return fn(ty, value, c)
    except NumjitError as exc:
        raise exc.add_note_line(f"in {where}")
    except Exception as exc:                  # the user's IR building: their bug, not numjit's
        raise TypingError(f"{where} raised {type(exc).__name__}: {exc}") from exc
