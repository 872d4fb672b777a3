"""jitclass: classes whose instances live in compiled code, as reference-counted structs.

    >>> from numjit.experimental import jitclass
    >>> from numjit import float64
    >>> @jitclass([("x", float64), ("n", int)])
    ... class Counter:
    ...     def __init__(self, x):
    ...         self.x = x
    ...         self.n = 0
    ...     def add(self, dx):
    ...         self.x += dx
    ...         self.n += 1
    ...         return self.x
    >>> c = Counter(1.5)
    >>> c.add(2.0), c.n, isinstance(c, Counter), Counter.class_type.instance_type
    (3.5, 1, True, Counter)

`jitclass(spec)` takes the fields as a list of (name, type) pairs, a dict, or the
class annotations (`x: float64`); types are numjit types (numbers, datetimes,
`float64[:]`, a tuple type, `types.List(int64)`, `unicode_type`, `bytes_type`,
typed dicts, sets and lists), Python's int/float/bool/complex, another jitclass, or
`optional(T)` (numjit/types/optionals.py): a T or None, where T may be a jitclass
or the class's own name, for linked structures: `("next", optional("Node"))`.
An optional instance is a nullable pointer; a variable assigned an instance and
None is optional too; `x is None` is tested at run time and an attribute of
None raises AttributeError.

Data model: an instance is a pointer to a meminfo (numjit/runtime/memory.py)
whose data is the struct of its fields in memory form; the meminfo's destructor
releases the fields that hold references. From Python an instance is an object
of the decorated class (a "box") holding one reference; its fields, properties
and methods (operators included) run compiled code. Constructing from Python
runs `__init__` compiled. Typing and code generation of field access, methods
and operators are in numjit/intrinsics/jitclass.py.
"""
import ctypes
import functools
import inspect
import itertools
import linecache
import operator
import types
import typing

from llvmlite import ir

from ..errors import Loc, TypingError
from .base import Type
from .scalars import Boolean, boolean, int64, float64, complex128
from .optionals import Optional, ClassReference, optional  # noqa: F401  (optional: numba's jitclass spelling)

I8, I32, I64 = ir.IntType(8), ir.IntType(32), ir.IntType(64)
PTR = ir.PointerType()
HEADER = 64                     # data starts after the meminfo header (runtime/memory.py)
_PY_TYPES = {int: int64, float: float64, bool: boolean, complex: complex128}
_counter = itertools.count()


class ClassInstanceType(Type):
    """The type of an instance of one jitclass; `nullable`: optional(cls), which may be None
    (a null pointer)."""
    kind = "jitclass"
    refcounted = True

    def __init__(self, info, nullable=False):
        self.info = info
        self.nullable = nullable
        self.kind = info.kind                 # attribute and method keys are "<kind>.<name>"
        super().__init__(f"Optional({info.name})" if nullable else info.name)

    @property
    def key(self):
        return (ClassInstanceType, self.info.kind, self.nullable)

    def llvm(self):
        return PTR

    def optional(self):
        return ClassInstanceType(self.info, nullable=True)

    def unify(self, other):
        """An instance and None (or an optional of the same class) make an optional."""
        from .scalars import none
        if other == none or isinstance(other, ClassInstanceType) and other.info is self.info:
            return self.optional()
        return None

    def convert_from(self, builder, value, src):
        from .scalars import none
        if self.nullable and src == none:
            return ir.Constant(PTR, None)
        if self.nullable and isinstance(src, ClassInstanceType) and src.info is self.info:
            return value
        raise TypeError(f"no conversion from {src} to {self}")

    def isinstance_of(self, cls):
        """isinstance(instance, cls) in compiled code, known from the types."""
        return isinstance(cls, JitClassMeta) and self.info.is_subclass_of(cls.class_type)

    def meminfo_of(self, builder, value):
        return value

    def struct(self):
        return ir.LiteralStructType([t.llvm_mem() for t in self.info.fields.values()] or [I8])

    def field_ptr(self, b, value, name):
        index = list(self.info.fields).index(name)
        data = b.gep(value, [ir.Constant(I64, HEADER)], source_etype=I8)
        return b.gep(data, [ir.Constant(I32, 0), ir.Constant(I32, index)], source_etype=self.struct())

    def load_field(self, b, value, name):
        ty = self.info.fields[name]
        v = b.load(self.field_ptr(b, value, name), typ=ty.llvm_mem())
        return b.icmp_unsigned("!=", v, ir.Constant(I8, 0)) if isinstance(ty, Boolean) else v

    def store_field(self, b, value, name, item):
        if isinstance(self.info.fields[name], Boolean):
            item = b.zext(item, I8)
        b.store(item, self.field_ptr(b, value, name))


_SYMBOLS = {}                   # box class symbol -> ClassInfo


def type_text(ty, seen=None):
    """repr(ty), with the fingerprint of each jitclass it holds (the cache key of its users)."""
    if isinstance(ty, ClassInstanceType):
        return f"{'optional ' if ty.nullable else ''}{ty.info.fingerprint(seen)}"
    inner = [t for attr in ("items", "dtype", "type", "key_type", "value_type")
             for t in (lambda v: v if isinstance(v, tuple) else (v,))(getattr(ty, attr, ()))
             if isinstance(t, Type)]
    return repr(ty) + "".join(f" [{type_text(t, seen)}]" for t in inner if classes_in(t))


def classes_in(ty):
    """The jitclasses a type holds (in tuples, lists, optionals...)."""
    if isinstance(ty, ClassInstanceType):
        return [ty.info]
    found = []
    for attr in ("items", "dtype", "type", "key_type", "value_type"):
        value = getattr(ty, attr, ())
        for t in value if isinstance(value, tuple) else (value,):
            if isinstance(t, Type):
                found += classes_in(t)
    return found


class ClassInfo:
    """What numjit knows of a jitclass: fields, methods, properties, its box class and types."""

    def __init__(self, cls, base):
        self.pyclass = cls
        self.name = cls.__name__
        self.kind = f"jitclass.{cls.__qualname__}#{next(_counter)}"
        self.base = base
        self.fields = dict(base.fields) if base else {}
        self.methods = dict(base.methods) if base else {}
        self.properties = dict(base.properties) if base else {}
        self.staticmethods = dict(base.staticmethods) if base else {}
        for name, value in cls.__dict__.items():
            if isinstance(value, staticmethod):
                self.staticmethods[name] = value.__func__
            elif isinstance(value, property):
                self.properties[name] = value
            elif inspect.isfunction(value):
                self.methods[name] = value
        self.instance_type = ClassInstanceType(self)
        self.box_class = None
        self.symbol = None              # the symbol naming its box class, once made (box_symbol)

    def fingerprint(self, seen=None):
        """Text that changes whenever the class would compile differently: its fields' types, the
        code of its methods and properties (and what they read), its base (for cache=True)."""
        from ..cache.fingerprint import function_fingerprint
        seen = set() if seen is None else seen
        if self in seen:                            # a method naming its own class
            return f"jitclass:{self.pyclass.__module__}.{self.pyclass.__qualname__}"
        seen.add(self)
        parts = [f"jitclass:{self.pyclass.__module__}.{self.pyclass.__qualname__}"]
        parts += [f"{name}:{type_text(ty, seen)}" for name, ty in self.fields.items()]
        functions = dict(self.methods, **{f"static {n}": fn for n, fn in self.staticmethods.items()})
        for name, prop in self.properties.items():
            functions.update({f"get {name}": prop.fget, f"set {name}": prop.fset})
        parts += [f"{name}={function_fingerprint(fn, seen)}" for name, fn in sorted(functions.items()) if fn]
        if self.base is not None:
            parts.append(f"base={self.base.fingerprint(seen)}")
        import hashlib                        # (lazily: ~2.5 ms of `import numjit`)
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def box_symbol(self):
        """The symbol whose value is the box class: named by the class and its fingerprint, so
        cached code (cache=True) finds it in a later process; a class without source, or a second
        class of the same name and code in this process, gets a process-local name (uncached)."""
        if self.symbol is None:
            from ..cache.fingerprint import Uncacheable
            from ..runtime.cpython import global_object_symbol
            try:
                name = f"numjit_jitclass.{self.pyclass.__module__}.{self.pyclass.__qualname__}.{self.fingerprint()[:16]}"
            except Uncacheable:
                name = None
            if name is None or name in _SYMBOLS:
                name = f"numjit_const.jitclass.{self.kind}"
            _SYMBOLS[name] = self
            global_object_symbol(name, self.box_class)
            self.symbol = name
        return self.symbol

    def loc(self):
        """Where the class is defined, for errors about its fields."""
        try:
            lines, first = inspect.getsourcelines(self.pyclass)
            return Loc(inspect.getsourcefile(self.pyclass), first, 0, 0, lines[0], self.name)
        except (OSError, TypeError):
            return None

    def is_subclass_of(self, other):
        info = self
        while info is not None and info is not other:
            info = info.base
        return info is other


# -- the public decorator --------------------------------------------------------------------

def jitclass(cls_or_spec=None, spec=None):
    """numba's jitclass: `@jitclass(spec)`, `@jitclass` (annotations), `jitclass(cls, spec)`."""
    if cls_or_spec is None or not isinstance(cls_or_spec, type):
        spec = cls_or_spec if cls_or_spec is not None else spec
        return lambda cls: _make(cls, spec)
    return _make(cls_or_spec, spec)


def _make(cls, spec):
    from .. import config
    if config.DISABLE_JIT:                   # NUMJIT_DISABLE_JIT=1: the plain Python class (as numba)
        return cls
    base = next((b.class_type for b in cls.__bases__ if isinstance(b, JitClassMeta)), None)
    if any(b is not object and not isinstance(b, JitClassMeta) for b in cls.__bases__):
        raise TypingError(f"jitclass {cls.__name__} may only inherit from another jitclass")
    declared = dict(spec.items() if hasattr(spec, "items") else (spec or ()))
    for name, ty in cls.__dict__.get("__annotations__", {}).items():
        declared.setdefault(name, ty)
    info = ClassInfo(cls, base)
    for name, ty in declared.items():
        info.fields[name] = _field_type(info, name, ty, cls)
    _provide()
    info.box_class = _box_class(info)
    from ..intrinsics.jitclass import register_class
    register_class(info)
    return info.box_class


def _field_type(info, name, ty, cls):
    if isinstance(ty, str):                             # `from __future__ import annotations`
        try:
            ty = eval(ty, vars(inspect.getmodule(cls)) if inspect.getmodule(cls) else {})
        except Exception:
            pass
    if isinstance(ty, JitClassMeta):
        return ty.class_type.instance_type
    if isinstance(ty, ClassReference):                  # optional("Node"), optional(Node)
        target = info.instance_type if ty.target in (info.name, cls) else _field_type(info, name, ty.target, cls)
        if isinstance(target, ClassInstanceType):
            return target.optional()
    if isinstance(ty, type) and ty in _PY_TYPES:
        return _PY_TYPES[ty]
    if typing.get_origin(ty) is not None:               # List[float], Optional[int]...: numba's reading
        from ..extending import as_numba_type
        ty = as_numba_type(ty)
    from .arrays import Array
    from .containers import Tuple
    from .datetimes import NPDatetime, NPTimedelta
    from .dicts import _Table
    from .lists import List
    from .scalars import Number
    from .strings import UnicodeType, BytesType
    held = (Number, NPDatetime, NPTimedelta, Array, Tuple, List, UnicodeType, BytesType, _Table)
    if isinstance(ty, held + (ClassInstanceType,)) or isinstance(ty, Optional) and isinstance(ty.type, held):
        return ty
    raise TypingError(f"field {name!r} of jitclass {info.name} has type {ty!r}, which compiled code "
                      "cannot hold (use a numjit type such as float64, float64[:] or another jitclass)",
                      info.loc())


# -- the box: the Python object standing for an instance -------------------------------------

class JitClassMeta(type):
    """Calling a jitclass constructs the instance in compiled code (its __init__ compiled): the
    call goes straight to the class's compiled constructor, with no Python frame in between."""
    __call__ = property(operator.attrgetter("_numjit_new"))


class JitObject:
    """Base of every box class: one slot holding a PyCapsule that owns one reference to the
    instance's meminfo (the capsule's destructor releases it when the box dies)."""
    __slots__ = ("_numjit_meminfo",)

    def __repr__(self):
        return f"<numjit jitclass {type(self).__name__} at {id(self):#x}>"


SLOT_OFFSET = JitObject.__basicsize__ - 8          # where _numjit_meminfo (a PyObject *) lives


def _generated(name, params, body, namespace):
    """A function compiled from generated source (registered in linecache, so numjit can read it)."""
    filename = f"<numjit-jitclass-{next(_counter)}>"
    text = f"def {name}({', '.join(params)}):\n" + "".join(f"    {line}\n" for line in body)
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    exec(compile(text, filename, "exec"), namespace)
    return namespace[name]


def _params(fn, skip_self=True):
    """Parameter names of `fn` (without self), *args written as such, and its defaults."""
    sig = inspect.signature(fn)
    params = list(sig.parameters.values())[1 if skip_self else 0:]
    out = [("*" if p.kind == p.VAR_POSITIONAL else "") + p.name for p in params
           if p.kind in (p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)]
    return out, fn.__defaults__


def _njit(fn, defaults=None):
    from ..decorators import njit
    fn.__defaults__ = defaults
    return njit(fn)


def _box_class(info):
    from ..intrinsics.jitclass import new_instance
    namespace = {"_new": new_instance}
    ns = {"__slots__": (), "__module__": info.pyclass.__module__, "__qualname__": info.pyclass.__qualname__,
          "__doc__": info.pyclass.__doc__, "class_type": info}
    init = info.methods.get("__init__")
    params, defaults = _params(init) if init else ([], None)
    call = ", ".join(params)
    ctor = _generated(info.name, params, ["self = _new(_cls)"] + ([f"self.__init__({call})"] if init else []) +
                      ["return self"], namespace)
    ns["_numjit_ctor"] = ctor
    ns["_numjit_new"] = _njit(ctor, defaults)
    for name in info.fields:
        ns[name] = _accessor(name, namespace)
    for name, prop in info.properties.items():
        ns[name] = _accessor(name, namespace, settable=prop.fset is not None)
    for name, fn in info.methods.items():
        if name != "__init__":
            ns[name] = _method(name, fn, namespace)
    for name, fn in info.staticmethods.items():
        ns[name] = staticmethod(_njit(fn, fn.__defaults__))
    if "__iter__" in info.methods:
        from ..lowering.generators import generator_function
        if generator_function(info.methods["__iter__"]) is not None:     # a lazy generator object
            ns["__iter__"] = _method("__iter__", info.methods["__iter__"], namespace)
        else:
            ns["__iter__"] = _iterate_compiled(namespace)
    elif "__len__" in info.methods and "__getitem__" in info.methods:
        ns["__iter__"] = _sequence_iter
    if "__eq__" in info.methods and "__hash__" not in info.methods:
        ns["__hash__"] = None
    bases = (info.base.box_class,) if info.base else (JitObject,)
    box = JitClassMeta(info.name, bases, ns)
    namespace["_cls"] = box
    return box


def _accessor(name, namespace, settable=True):
    getter = _njit(_generated(f"get_{name}", ["self"], [f"return self.{name}"], namespace))
    setter = _njit(_generated(f"set_{name}", ["self", "value"], [f"self.{name} = value"], namespace)) \
        if settable else None
    return property(getter, setter)


def _method(name, fn, namespace):
    params, defaults = _params(fn)
    compiled = _njit(_generated(name, ["self"] + params, [f"return self.{name}({', '.join(params)})"],
                                namespace), defaults)
    # obj.method is the dispatcher bound to obj, made without a Python frame (~2x a plain call;
    # a Python wrapper forwarding *args costs ~10x)
    return property(functools.partial(types.MethodType, compiled), doc=fn.__doc__)


def _iterate_compiled(namespace):
    """iter(obj) from Python for a class with __iter__: the items compiled code's `for x in obj`
    gives, collected when iteration starts (a compiled iterator cannot be handed to Python)."""
    collect = _njit(_generated("collect", ["self"], ["out = []", "for item in self:", "    out.append(item)",
                                                      "return out"], namespace))

    def __iter__(self):
        return iter(collect(self))
    return __iter__


def _sequence_iter(self):
    """Iteration from Python matches compiled code's: items 0 ... len - 1 (see intrinsics/jitclass.py)."""
    for i in range(len(self)):
        yield self[i]


# -- box/unbox at the Python boundary (the tables in runtime/boxing.py point here) ------------

def _box_class_of(ctx, b, info):
    """The box class (a PyObject *), through its symbol (ClassInfo.box_symbol)."""
    return b.load(ctx.global_var(info.box_symbol(), PTR), typ=PTR)


def unbox_instance(ctx, b, obj, ty, fail):
    from ..runtime.boxing import type_of, field
    expected = _box_class_of(ctx, b, ty.info)
    is_none = b.icmp_unsigned("==", obj, ctx.global_var("_Py_NoneStruct", I8))
    ok = b.append_basic_block("unbox.jitclass")
    matches = b.icmp_unsigned("==", type_of(b, obj), expected)
    b.cbranch(b.or_(matches, is_none) if ty.nullable else matches, ok, fail)
    b.position_at_end(ok)
    result = ctx.alloca(b, PTR)
    b.store(ir.Constant(PTR, None), result)
    with b.if_then(b.not_(is_none) if ty.nullable else ir.Constant(ir.IntType(1), 1)):
        capsule = field(b, obj, SLOT_OFFSET, PTR)
        get = ctx.declare("PyCapsule_GetPointer", PTR, [PTR, PTR])
        b.store(b.call(get, [capsule, ir.Constant(PTR, None)]), result)
    return b.load(result)


def box_instance(ctx, b, value, ty):
    """A new box for `value`, consuming its reference (NULL with an exception set on failure);
    an optional that is None boxes to None."""
    if ty.nullable:
        result = ctx.alloca(b, PTR)
        with b.if_else(b.icmp_unsigned("==", value, ir.Constant(PTR, None))) as (none, instance):
            with none:
                obj = ctx.global_var("_Py_NoneStruct", I8)
                b.call(ctx.declare("Py_IncRef", ir.VoidType(), [PTR]), [obj])
                b.store(obj, result)
            with instance:
                b.store(box_instance(ctx, b, value, ClassInstanceType(ty.info)), result)
        return b.load(result)
    cls = _box_class_of(ctx, b, ty.info)
    release = ctx.declare("numjit_capsule_release", ir.VoidType(), [PTR])
    capsule = b.call(ctx.declare("PyCapsule_New", PTR, [PTR, PTR, PTR]), [value, ir.Constant(PTR, None), release])
    obj = b.call(ctx.declare("PyType_GenericAlloc", PTR, [PTR, I64]), [cls, ir.Constant(I64, 0)])
    with b.if_else(b.icmp_unsigned("==", obj, ir.Constant(PTR, None))) as (failed, made):
        with failed:
            b.call(ctx.declare("Py_DecRef", ir.VoidType(), [PTR]), [capsule])
        with made:
            b.store(capsule, b.gep(obj, [ir.Constant(I64, SLOT_OFFSET)], source_etype=I8))
    return obj


def _define_capi():
    from ..backend import jit
    for name in _CAPI:
        jit.add_symbol(name, ctypes.cast(getattr(ctypes.pythonapi, name), ctypes.c_void_p).value)


_CAPI = ("PyType_GenericAlloc", "PyGILState_Ensure", "PyGILState_Release")


def _provide():
    """Make the C API functions boxing needs resolvable (on the first jitclass: keeps `import numjit` light)."""
    from ..backend import jit
    jit.provide(_CAPI, _define_capi)
