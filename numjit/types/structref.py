"""numba's StructRef type family: mutable, reference-counted structs whose field types come from
the values stored in them (numba.experimental.structref; the public API is in
numjit/experimental/structref.py, the primitives in numjit/intrinsics/structref.py).

    >>> from numjit import types
    >>> class PointType(StructRef):
    ...     pass
    >>> t = PointType([("x", types.float64), ("n", types.int64)])
    >>> t, t.field_dict["n"], t == PointType((("x", types.float64), ("n", types.int64)))
    (numba.PointType(('x', float64), ('n', int64)), int64, True)

A user subclasses `StructRef` (optionally overriding `preprocess_fields`); one instance of the
subclass is one struct layout. Data model: the same as a jitclass instance (numjit/types/jitclass.py)
— a pointer to a meminfo whose data is the struct of the fields in memory form. From Python a
value is an object of the proxy class given to `define_boxing` (a `StructRefProxy` subclass),
holding the type (`_type`) and a capsule owning one reference to the meminfo (`_meminfo`).
"""
import itertools
import types as pytypes

from llvmlite import ir

from .base import Type
from .jitclass import ClassInstanceType

PTR = ir.PointerType()
_ids = itertools.count()
_PROXIES = {}                 # StructRef subclass -> the proxy class its values box to (define_boxing)
_BOXERS = {}                  # StructRef type -> (symbol of its Python boxing function)
_UNBOXERS = {}                # StructRef type -> symbol of its Python unboxing function


class StructRef(Type):
    """numba's `types.StructRef`: subclass it, then `structref.register` the subclass."""
    kind = "structref"
    refcounted = True
    boxing_family = "StructRef"        # the boxing tables' key for every subclass (runtime/boxing.py)

    def __init__(self, fields):
        self._fields = tuple((str(name), _runtime_type(ty)) for name, ty in self.preprocess_fields(tuple(fields)))
        self._typename = type(self).__qualname__
        super().__init__(f"numba.{self._typename}{self._fields}")
        self.info = pytypes.SimpleNamespace(kind=f"structref.{self._typename}#{next(_ids)}", name=self._typename,
                                            fields=dict(self._fields))

    def preprocess_fields(self, fields):
        """numba's hook: a subclass may rewrite the (name, type) pairs (e.g. unliteral them)."""
        return fields

    @property
    def key(self):
        return (type(self), self._fields)

    @property
    def field_dict(self):
        return pytypes.MappingProxyType(dict(self._fields))

    def llvm(self):
        return PTR

    def meminfo_of(self, builder, value):
        return value

    # the layout is a jitclass instance's: the same code reads it
    struct = ClassInstanceType.struct
    field_ptr = ClassInstanceType.field_ptr
    load_field = ClassInstanceType.load_field
    store_field = ClassInstanceType.store_field


def _runtime_type(ty):
    """What a field holds: a constant's run-time type, a lazy array expression's array."""
    from .arrayexpr import concrete
    from .numba_names import unliteral
    return unliteral(concrete(ty))


def register_proxy(struct_class, proxy_class):
    _PROXIES[struct_class] = proxy_class


def _proxy_of(ty):
    for cls in type(ty).__mro__:
        if cls in _PROXIES:
            return _PROXIES[cls]
    return None


# -- box/unbox (the tables in runtime/boxing.py point here) -----------------------------------

def _python_helper(table, ty, prefix, make):
    """The symbol of a Python function (made once per type) that compiled code calls."""
    symbol = table.get(ty)
    if symbol is None:
        from ..runtime.cpython import global_object_symbol
        symbol = global_object_symbol(f"numjit_const.structref.{prefix}.{next(_ids)}", make())
        table[ty] = symbol
    return symbol


def _unboxer(ty):
    def meminfo_of(obj):
        """The capsule of `obj` when it is a value of type `ty`, else None."""
        return obj._meminfo if getattr(obj, "_type", None) == ty else None
    return meminfo_of


def _boxer(ty):
    proxy = _proxy_of(ty)

    def box(capsule):
        return proxy._numba_box_(ty, capsule)
    return box


def _call1(ctx, b, fn_symbol, arg):
    call = ctx.declare("PyObject_CallFunctionObjArgs", PTR, [PTR], var_arg=True)
    return b.call(call, [b.load(ctx.global_var(fn_symbol, PTR), typ=PTR), arg, ir.Constant(PTR, None)])


def unbox_structref(ctx, b, obj, ty, fail):
    """The meminfo pointer an object of `ty`'s proxy class holds (borrowed, as the object keeps it)."""
    capsule = _call1(ctx, b, _python_helper(_UNBOXERS, ty, "unbox", lambda: _unboxer(ty)), obj)
    none = ctx.global_var("_Py_NoneStruct", ir.IntType(8))
    bad = b.or_(b.icmp_unsigned("==", capsule, ir.Constant(PTR, None)), b.icmp_unsigned("==", capsule, none))
    decref = ctx.declare("Py_DecRef", ir.VoidType(), [PTR])
    ok = b.append_basic_block("unbox.structref")
    failed = b.append_basic_block("unbox.structref.fail")
    b.cbranch(bad, failed, ok)
    b.position_at_end(failed)
    clear = ctx.declare("PyErr_Clear", ir.VoidType(), [])
    b.call(clear, [])                                  # a proxy without _meminfo: not this type
    b.call(decref, [capsule])                          # Py_DecRef accepts NULL
    b.branch(fail)
    b.position_at_end(ok)
    mi = b.call(ctx.declare("PyCapsule_GetPointer", PTR, [PTR, PTR]), [capsule, ir.Constant(PTR, None)])
    b.call(decref, [capsule])
    return mi


def box_structref(ctx, b, value, ty):
    """A new proxy object for `value`, consuming its reference (NULL with an exception set)."""
    from ..errors import TypingError
    if _proxy_of(ty) is None:
        raise TypingError(f"a compiled function cannot return {ty} to Python: no proxy class is defined for "
                          f"{type(ty).__name__} (structref.define_proxy or define_boxing)")
    release = ctx.declare("numjit_capsule_release", ir.VoidType(), [PTR])
    capsule = b.call(ctx.declare("PyCapsule_New", PTR, [PTR, PTR, PTR]), [value, ir.Constant(PTR, None), release])
    obj = _call1(ctx, b, _python_helper(_BOXERS, ty, "box", lambda: _boxer(ty)), capsule)
    b.call(ctx.declare("Py_DecRef", ir.VoidType(), [PTR]), [capsule])
    return obj
