"""jitclass primitives: construct, field get/set, properties, methods and operators on instances.

    >>> from numjit import njit, float64
    >>> from numjit.experimental import jitclass
    >>> @jitclass([("v", float64)])
    ... class Box:
    ...     def __init__(self, v):
    ...         self.v = v
    ...     def __add__(self, other):
    ...         return Box(self.v + other.v)
    >>> @njit
    ... def total(a, b):
    ...     return (a + b).v
    >>> total(Box(1.0), Box(2.5))
    3.5

Each jitclass registers its keys when it is decorated (`register_class`): the
class object itself (construction), `"<kind>.<field>"` and `"<kind>.<field>="`
(get and set), properties, methods (compiled like user functions with `self`
typed as the instance) and static methods. Operators resolve on an instance to
its dunder methods through the tables at the bottom (reflected ones included);
truth (`if obj:`, `bool`, `not`) follows Python's __bool__ / __len__ rule, and
str/repr call __str__ / __repr__.
"""
import operator

from llvmlite import ir

from ..errors import TypingError
from ..types import Signature, Number, Const
from ..types.arrayexpr import concrete
from ..types.jitclass import ClassInstanceType, HEADER
from ..types.scalars import none, unify, boolean
from ..typing.registry import intrinsic, overload, PythonImpl
from ..lowering.refcount import needs_refcount, decref
from .lists import outliving_ref

I8, I64 = ir.IntType(8), ir.IntType(64)
PTR = ir.PointerType()
VOID = ir.VoidType()


def new_instance(cls):
    """An instance of jitclass `cls` with its fields zeroed (the generated constructor calls it)."""
    raise NotImplementedError("new_instance runs in compiled code only")


@intrinsic(new_instance)
def _new_instance(cls):
    info = getattr(getattr(cls, "value", None), "class_type", None) if isinstance(cls, Const) else None
    if info is None:
        return None
    ty = info.instance_type
    return Signature(ty, (cls,)), allocator(ty, f"an instance of {info.name}")


def allocator(ty, what):
    """Codegen making a zeroed instance of `ty` (a jitclass or a StructRef): a meminfo whose
    destructor releases the fields; MemoryError "cannot allocate <what>" when there is no memory."""
    def codegen(low, sig, args):
        b = low.builder
        from ..runtime import memory
        memory.register()
        struct = ty.struct()
        size = struct.get_abi_size(_target_data())
        mi = b.call(low.ctx.declare("numjit_meminfo_alloc", PTR, [I64]), [ir.Constant(I64, size)])
        low.guard(b.icmp_unsigned("==", mi, ir.Constant(PTR, None)), MemoryError, f"cannot allocate {what}")
        b.store(ir.Constant(struct, None), b.gep(mi, [ir.Constant(I64, HEADER)], source_etype=I8))
        b.store(_destructor(low.ctx, ty), b.gep(mi, [ir.Constant(I64, 8 * memory.DTOR_FIELD)], source_etype=I8))
        return mi
    codegen.new_ref = True
    return codegen


def _target_data():
    from llvmlite import binding
    from ..backend import jit
    return binding.create_target_data(jit.host().data_layout)


def _destructor(ctx, ty):
    """void dtor(ptr meminfo): releases the fields holding references (internal to the module)."""
    name = f"numjit.jitclass.dtor.{ty.info.kind}"
    fn = ctx.module.globals.get(name)
    if fn is None:
        fn = ir.Function(ctx.module, ir.FunctionType(VOID, [PTR]), name)
        fn.linkage = "internal"
        b = ir.IRBuilder(fn.append_basic_block("entry"))
        for field, fty in ty.info.fields.items():
            if needs_refcount(fty):
                decref(ctx, b, ty.load_field(b, fn.args[0], field), fty)
        b.ret_void()
    return fn


# -- per class: construction, fields, properties, methods ------------------------------------

def register_class(info):
    ty = info.instance_type
    overload(info.box_class)(_returning(lambda: info.box_class._numjit_ctor))
    for name in info.fields:
        intrinsic(f"{ty.kind}.{name}")(_field_getter(ty, name))
        intrinsic(f"{ty.kind}.{name}=")(_field_setter(ty, name))
    for name, prop in info.properties.items():
        intrinsic(f"{ty.kind}.{name}")(_delegate(ty, prop.fget))
        if prop.fset is not None:
            intrinsic(f"{ty.kind}.{name}=")(_delegate(ty, prop.fset))
    for name, fn in info.methods.items():
        overload(f"{ty.kind}.{name}")(_method_typer(ty, fn))
    for name, fn in info.staticmethods.items():
        intrinsic(f"{ty.kind}.{name}")(_delegate(ty, fn, drop_self=True))


def _returning(get):
    def typer(*args, **kws):
        return get()
    return typer


def _method_typer(ty, fn):
    def typer(self, *args, **kws):
        return fn if isinstance(self, ClassInstanceType) and self.info.is_subclass_of(ty.info) else None
    return typer


def _field_getter(ty, name):
    fty = ty.info.fields[name]

    def typer(self):
        if not isinstance(self, ClassInstanceType):
            return None

        def codegen(low, sig, args):
            _check_not_none(low, args[0], self, name)
            return ty.load_field(low.builder, args[0], name)
        return Signature(fty, (self,)), codegen
    return typer


def _field_setter(ty, name):
    fty = ty.info.fields[name]

    def typer(self, value):
        if not isinstance(self, ClassInstanceType):
            return None
        if not (isinstance(fty, Number) and isinstance(value, Number) or unify(fty, concrete(value)) == fty):
            raise TypingError(f"cannot assign a value of type {value} to field {name!r} of jitclass "
                              f"{ty.info.name} (declared {fty})")

        def codegen(low, sig, args):
            b = low.builder
            _check_not_none(low, args[0], self, name)
            if needs_refcount(fty):
                old = ty.load_field(b, args[0], name)
                value = outliving_ref(low, args[1], fty)
                ty.store_field(b, args[0], name, value)
                decref(low.ctx, b, old, fty)
            else:
                ty.store_field(b, args[0], name, args[1])
            return ir.Constant(I8, 0)
        return Signature(none, (self, fty)), codegen
    return typer


def _check_not_none(low, value, ty, name):
    """An optional instance that is None has no attributes (AttributeError, as in Python)."""
    if ty.nullable:
        low.guard(low.builder.icmp_unsigned("==", value, ir.Constant(PTR, None)), AttributeError,
                  f"'NoneType' object has no attribute '{name}'")


def _delegate(ty, fn, drop_self=False):
    """A property accessor or static method: typed and compiled like a call of `fn`."""
    def typer(self, *args):
        if not isinstance(self, ClassInstanceType):
            return None
        from ..typing.infer import return_type_of
        argtypes = tuple(args) if drop_self else (self,) + tuple(args)
        sig = Signature(return_type_of(fn, argtypes), argtypes)

        def codegen(low, sig_, values):
            impl = PythonImpl(fn, argtypes, sig)
            return low.apply(impl, values[1:] if drop_self else values, sig.args)
        return Signature(sig.return_type, (self,) + tuple(args)), codegen
    return typer


# -- operators: resolved to the instance's dunder methods -------------------------------------

def _reflected_add(a, b):
    return b.__radd__(a)


def _reflected_sub(a, b):
    return b.__rsub__(a)


def _reflected_mul(a, b):
    return b.__rmul__(a)


def _reflected_truediv(a, b):
    return b.__rtruediv__(a)


def _not_equal(a, b):
    return not a.__eq__(b)


def _not_in(container, item):
    return not container.__contains__(item)


def _call(obj, *args):
    return obj.__call__(*args)


DUNDERS = {operator.add: "__add__", operator.sub: "__sub__", operator.mul: "__mul__",
           operator.truediv: "__truediv__", operator.floordiv: "__floordiv__", operator.mod: "__mod__",
           operator.pow: "__pow__", operator.matmul: "__matmul__", operator.and_: "__and__",
           operator.or_: "__or__", operator.xor: "__xor__", operator.neg: "__neg__",
           operator.pos: "__pos__", operator.invert: "__invert__", abs: "__abs__",
           operator.iadd: "__iadd__", operator.isub: "__isub__", operator.imul: "__imul__",
           operator.eq: "__eq__", operator.ne: "__ne__", operator.lt: "__lt__", operator.le: "__le__",
           operator.gt: "__gt__", operator.ge: "__ge__", operator.getitem: "__getitem__",
           operator.setitem: "__setitem__", operator.contains: "__contains__", len: "__len__",
           hash: "__hash__"}
REFLECTED = {operator.add: ("__radd__", _reflected_add), operator.sub: ("__rsub__", _reflected_sub),
             operator.mul: ("__rmul__", _reflected_mul), operator.truediv: ("__rtruediv__", _reflected_truediv)}
FALLBACKS = {operator.ne: ("__eq__", _not_equal), "not in": ("__contains__", _not_in)}


def _has(ty, name):
    return isinstance(ty, ClassInstanceType) and name in ty.info.methods


def _operator_typer(key):
    dunder = DUNDERS.get(key)
    reflected = REFLECTED.get(key)
    fallback = FALLBACKS.get(key)

    def typer(*args):
        if not args:
            return None
        if dunder and _has(args[0], dunder):
            return args[0].info.methods[dunder]
        if fallback and _has(args[0], fallback[0]):
            return fallback[1]
        if reflected and len(args) == 2 and _has(args[1], reflected[0]) and not isinstance(args[0], ClassInstanceType):
            return reflected[1]
        return None
    return typer


for _key in list(DUNDERS) + ["not in"]:
    overload(_key)(_operator_typer(_key))


def _identity(predicate):
    """`a is b` / `a is not b` on two instances of one class: the same native object or not;
    `x is None` on an optional instance: a null pointer or not."""
    def typer(a, b):
        if isinstance(b, ClassInstanceType) and b.nullable and a == none:
            a, b = b, a
            swapped = True
        else:
            swapped = False
        if isinstance(a, ClassInstanceType) and a.nullable and b == none:
            def codegen(low, sig, args):
                obj = args[1] if swapped else args[0]
                return low.builder.icmp_unsigned(predicate, obj, ir.Constant(PTR, None))
            return Signature(boolean, (b, a) if swapped else (a, b)), codegen
        if not (isinstance(a, ClassInstanceType) and isinstance(b, ClassInstanceType) and a.info is b.info):
            return None
        return Signature(boolean, (a, b)), lambda low, sig, args: low.builder.icmp_unsigned(predicate, *args)
    return typer


intrinsic(operator.is_)(_identity("=="))
intrinsic(operator.is_not)(_identity("!="))


@intrinsic("iter")
def _sequence_iter(obj):
    """`for x in obj` on an instance with __len__ and __getitem__ (and no __iter__): items obj[0] ...
    obj[len(obj) - 1]."""
    if not (_has(obj, "__len__") and _has(obj, "__getitem__")) or _has(obj, "__iter__"):
        return None
    from ..typing.infer import return_type_of
    from ..types.scalars import int64
    methods = obj.info.methods
    length = PythonImpl(methods["__len__"], (obj,), Signature(return_type_of(methods["__len__"], (obj,)), (obj,)))
    item = Signature(return_type_of(methods["__getitem__"], (obj, int64)), (obj, int64))
    getitem = PythonImpl(methods["__getitem__"], (obj, int64), item)

    def codegen(low, sig, args):
        from ..lowering.loops import _Iter
        n = low.cast(low.apply(length, args, (obj,)), length.signature.return_type, int64)
        return _Iter(n, lambda k: low.apply(getitem, [args[0], k], (obj, int64)), item.return_type)
    return Signature(item.return_type, (obj,)), codegen


# -- truth and text: bool(obj), `if obj:`, `not obj`, str(obj), repr(obj) ----------------------

def _truth_by_bool(obj):
    return obj.__bool__()


def _truth_by_len(obj):
    return obj.__len__() != 0


def _always_true(obj):
    return True


def _optional_by_bool(obj):
    return obj is not None and obj.__bool__()


def _optional_by_len(obj):
    return obj is not None and obj.__len__() != 0


def _not_none(obj):
    return obj is not None


def _falsy(obj):
    return not bool(obj)


_TRUTH = {(False, "__bool__"): _truth_by_bool, (False, "__len__"): _truth_by_len, (False, None): _always_true,
          (True, "__bool__"): _optional_by_bool, (True, "__len__"): _optional_by_len, (True, None): _not_none}


@overload(bool)
def _bool_typer(obj):
    """Python's rule: __bool__, else __len__() != 0, else true; an optional instance that is None is false."""
    if not isinstance(obj, ClassInstanceType):
        return None
    method = next((m for m in ("__bool__", "__len__") if m in obj.info.methods), None)
    return _TRUTH[obj.nullable, method]


@overload(operator.not_)
def _not_typer(obj):
    return _falsy if isinstance(obj, ClassInstanceType) else None


def _str_method(obj):
    return obj.__str__()


def _repr_method(obj):
    return obj.__repr__()


@overload(str)
def _str_typer(obj):
    """str(obj): __str__, else __repr__ (as Python's object.__str__)."""
    if _has(obj, "__str__"):
        return _str_method
    return _repr_method if _has(obj, "__repr__") else None


@overload(repr)
def _repr_typer(obj):
    return _repr_method if _has(obj, "__repr__") else None


@intrinsic("iter")
def _iter_method(obj):
    """`for x in obj` on an instance with __iter__ returning an iterator (`iter(self.items)`): the
    items of that iterator. (A generator __iter__ runs in place of the loop: lowering/generators.py.)"""
    from ..lowering.generators import generator_function
    if not _has(obj, "__iter__") or generator_function(obj.info.methods["__iter__"]) is not None:
        return None
    from ..typing.infer import return_type_of
    from ..typing.registry import resolve
    method = obj.info.methods["__iter__"]
    made = Signature(return_type_of(method, (obj,)), (obj,))
    inner = resolve("iter", (made.return_type,))
    if inner is None:
        raise TypingError(f"{obj.info.name}.__iter__ returns {made.return_type}, which compiled code cannot "
                          "iterate (return iter(...) of an array, a list or a range)")

    def codegen(low, sig, args):
        iterator = low.apply(PythonImpl(method, (obj,), made), args, (obj,))
        return inner.codegen(low, inner.signature, [iterator])
    return Signature(inner.signature.return_type, (obj,)), codegen


@overload("call")
def _call_typer(obj, *args):
    """`obj(...)` on an instance: its __call__ (typing/calls.py asks for "call" on non-constants)."""
    return _call if _has(obj, "__call__") else None
