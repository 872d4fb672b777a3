"""numba.core.typing.templates: typing templates of numba's low-level extension API. A template
types calls of a function (`AbstractTemplate.generic(args, kws)`, `ConcreteTemplate.cases`) or
attributes of a type (`AttributeTemplate.resolve_<attr>` / `generic_resolve`); lower_builtin and
lower_getattr (numjit/lowlevel.py) then emit the code.

    >>> from numjit import njit, types
    >>> from numjit.extending import lower_builtin
    >>> def twice(x):
    ...     return 2 * x
    >>> @infer_global(twice)
    ... class TwiceTemplate(ConcreteTemplate):
    ...     cases = [signature(types.float64, types.float64)]
    >>> @lower_builtin(twice, types.float64)
    ... def _twice(context, builder, sig, args):
    ...     return builder.fadd(args[0], args[0])
    >>> njit(lambda n: twice(n))(3)        # the int converts to the case's float64
    6.0
"""
from . import signature  # noqa: F401
from ... import lowlevel
from ...types import Number, Type


class _Template:
    def __init__(self, context):
        self.context = context


class AbstractTemplate(_Template):
    """`generic(self, args, kws)` returns the call's signature, or None."""

    def apply(self, args, kws):
        return self.generic(tuple(args), dict(kws))


class ConcreteTemplate(_Template):
    """`cases`: the signatures the function has; a call takes the first whose argument types equal
    its own, else the first its numbers convert to."""

    def apply(self, args, kws):
        if kws:
            return None
        fitting = [sig for sig in self.cases if len(sig.args) == len(args)]
        for sig in fitting:
            if tuple(sig.args) == tuple(args):
                return sig
        for sig in fitting:
            if all(a == p or isinstance(a, Number) and isinstance(p, Number) for a, p in zip(args, sig.args)):
                return sig
        return None


class AttributeTemplate(_Template):
    """`key`: the type class (or type) whose attributes it types; `resolve_<attr>(self, typ)` or
    `generic_resolve(self, typ, attr)` returns the attribute's type, or None."""
    generic_resolve = NotImplemented

    def resolve(self, value, attr):
        method = getattr(self, f"resolve_{attr}", None)
        if method is not None:
            return method(value)
        return None if self.generic_resolve is NotImplemented else self.generic_resolve(value, attr)


def infer_global(func, typ=None):
    """`@infer_global(func)` on a template class: calls of `func` in compiled code are typed by it."""
    def decorate(template):
        lowlevel.register_global_template(func, template)
        return template
    return decorate


def infer(template):
    """`@infer` on a template class whose `key` is the function it types."""
    return infer_global(template.key)(template)


def infer_getattr(template):
    """`@infer_getattr` on an AttributeTemplate subclass."""
    if not (isinstance(template.key, Type) or isinstance(template.key, type) and issubclass(template.key, Type)):
        raise TypeError(f"infer_getattr: {template.__name__}.key must be a numjit type or type class, "
                        f"not {template.key!r}")
    lowlevel.register_getattr_template(template)
    return template
