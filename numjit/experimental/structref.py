"""numba.experimental.structref: mutable structs passed by reference between Python and compiled
code, their field types taken from the values they are built with.

    >>> import numpy as np
    >>> from numjit import njit, types
    >>> from numjit.experimental import structref
    >>> @structref.register
    ... class PointsType(types.StructRef):
    ...     def preprocess_fields(self, fields):
    ...         return tuple((name, types.unliteral(ty)) for name, ty in fields)
    >>> class Points(structref.StructRefProxy):
    ...     @property
    ...     def count(self):
    ...         return get_count(self)
    >>> structref.define_proxy(Points, PointsType, ["data", "count"])
    >>> @njit
    ... def get_count(p):
    ...     return p.count
    >>> @njit
    ... def push(p, x):
    ...     p.data[p.count] = x
    ...     p.count += 1
    >>> p = Points(np.zeros(3), 0)
    >>> push(p, 2.5); push(p, 4.0)
    >>> p.count, get_count(p), p._type
    (2, 2, numba.PointsType(('data', float64[::1]), ('count', int64)))

* `register(StructRefSubclass)`: makes the type class usable in compiled code (fields read and
  written by name); returns it, so it decorates the class.
* `define_proxy(proxy_class, type_class, field_names)`: calling `proxy_class(*values)` — from
  Python or compiled code — builds a struct whose field types are the values' types
  (`define_constructor`), and such structs returned to Python are `proxy_class` objects
  (`define_boxing`). The proxy holds the type (`_type`, also `_numba_type_`) and the struct
  (`_meminfo`); its Python attributes are what the user writes (usually properties calling
  compiled getters, as above).
* `new(struct_type)` in compiled code: a zeroed struct of a type instance, for a constructor the
  user writes with `extending.overload(proxy_class)`; `overload_method(type_class, name)` gives it
  methods.
"""
import inspect

from ..extending import overload
from ..intrinsics.structref import new
from ..types.structref import StructRef, register_proxy
from ..types.jitclass import _generated, _njit

__all__ = ["StructRefProxy", "register", "define_proxy", "define_constructor", "define_boxing",
           "define_attributes", "new"]


class StructRefProxy:
    """Base of the Python classes standing for structs (numba's StructRefProxy)."""
    __slots__ = ("_type", "_meminfo")

    @classmethod
    def _numba_box_(cls, ty, meminfo):
        instance = super().__new__(cls)
        instance._type = ty
        instance._meminfo = meminfo
        return instance

    def __new__(cls, *args):
        """Build the struct in compiled code: the constructor define_constructor (or the user's
        overload of the class) gives."""
        ctor = cls.__dict__.get("_numjit_ctor")
        if ctor is None:
            ctor = _njit(_generated(f"new_{cls.__name__}", ["*args"], ["return _cls(*args)"], {"_cls": cls}))
            setattr(cls, "_numjit_ctor", ctor)
        return ctor(*args)

    @property
    def _numba_type_(self):
        return self._type


def register(struct_type):
    """Make a StructRef subclass usable in compiled code; returns it (a class decorator)."""
    if not (isinstance(struct_type, type) and issubclass(struct_type, StructRef)):
        raise TypeError(f"structref.register takes a subclass of types.StructRef, not {struct_type!r}")
    return struct_type


def define_attributes(struct_typeclass):
    """numba registers field access per type class; numjit reads any StructRef's fields by name."""
    register(struct_typeclass)


def define_boxing(struct_type, obj_class):
    """Structs of `struct_type` (a StructRef subclass) returned to Python become `obj_class` objects,
    and such objects passed to compiled code are the structs they hold."""
    register(struct_type)
    register_proxy(struct_type, obj_class)


def define_constructor(py_class, struct_typeclass, fields):
    """`py_class(*values)` in compiled code builds a `struct_typeclass` struct whose fields `fields`
    are the values (their types make the struct's type)."""
    fields = [str(f) for f in fields]
    params = inspect.Signature([inspect.Parameter(f, inspect.Parameter.POSITIONAL_OR_KEYWORD) for f in fields])

    def typer(*args, **kws):
        try:
            bound = params.bind(*args, **kws)
        except TypeError:
            return None
        struct_type = struct_typeclass(list(zip(fields, (bound.arguments[f] for f in fields))))
        body = ["st = _new(_struct_type)"] + [f"st.{f} = {f}" for f in fields] + ["return st"]
        return _generated(f"new_{py_class.__name__}", fields, body, {"_new": new, "_struct_type": struct_type})
    overload(py_class)(typer)


def define_proxy(py_class, struct_typeclass, fields):
    """define_constructor and define_boxing together: `py_class` is the struct's Python face."""
    define_constructor(py_class, struct_typeclass, fields)
    define_boxing(struct_typeclass, py_class)
