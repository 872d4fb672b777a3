"""Signatures: `float64(float64[:], int64)` objects and their string spelling.

    >>> parse_signature("float32(float32, int32)")
    float32(float32, int32)
    >>> parse_signature("void(int64[:, ::1])").return_type
    none
    >>> parse_signature("UniTuple(float64, 2)(i4[:], Array(float64, 1, 'A', readonly=True))")
    (float64, float64)(int32[:], readonly float64[:])
"""
import re

from .base import Type


class Signature:
    def __init__(self, return_type, args):
        self.return_type = return_type
        self.args = tuple(args)

    def __eq__(self, other):
        return isinstance(other, Signature) and (self.return_type, self.args) == (other.return_type, other.args)

    def __hash__(self):
        return hash((self.return_type, self.args))

    def __repr__(self):
        ret = "" if self.return_type is None else repr(self.return_type)
        return f"{ret}({', '.join(map(repr, self.args))})"


def _namespace():
    from . import __dict__ as ns
    return {k: v for k, v in ns.items()                   # types, and numba's constructors of them
            if isinstance(v, Type) or (isinstance(v, type) and issubclass(v, Type)) or k == "optional"}


def parse_signature(spec):
    """A string, a Signature, or a tuple of arg types (no return type) → Signature."""
    if isinstance(spec, Signature):
        _refuse_pending(repr(spec), spec)
        return spec
    if isinstance(spec, tuple):
        return Signature(None, spec)
    if not isinstance(spec, str):
        raise TypeError(f"a signature must be a string or a type signature, not {type(spec).__name__}")
    text = spec.strip()
    try:
        value = eval(text, {"__builtins__": {}}, _namespace())
    except NameError as exc:
        raise _invalid(text, f"unknown type name {exc.name!r}", exc.name) from None
    except Exception as exc:
        raise _invalid(text, str(exc)) from None
    if isinstance(value, tuple):
        value = Signature(None, value)
    if not isinstance(value, Signature):
        raise _invalid(text, "expected 'ret(arg, ...)' or '(arg, ...)'")
    _refuse_pending(text, value)
    return value


def _refuse_pending(text, sig):
    """A signature naming a type numjit only knows by name (numba_names.Pending) is refused here,
    at the decorator, rather than failing deep in code generation."""
    from .numba_names import Pending
    from ..errors import UnsupportedError
    stack = [sig.return_type, *sig.args]
    while stack:
        ty = stack.pop()
        if isinstance(ty, Pending):
            raise UnsupportedError(f"signature {text!r}: {ty} is not supported by numjit yet ({ty.waits_on})")
        stack.extend(getattr(ty, "items", ()))


def _invalid(text, why, name=None):
    """SignatureError: the signature string, with a caret under the bad name when there is one.

    >>> print(_invalid("float64(floaty)", "unknown type name 'floaty'", "floaty"))
    invalid signature 'float64(floaty)': unknown type name 'floaty'
        float64(floaty)
                ^^^^^^
    """
    from ..errors import SignatureError
    message = f"invalid signature {text!r}: {why}"
    found = re.search(rf"\b{re.escape(name)}\b", text) if name else None
    if found:
        message += f"\n    {text}\n    {' ' * found.start()}{'^' * len(name)}"
    return SignatureError(message)


def parse_type(text):
    """One type from its spelling: parse_type("float32[:, ::1]")."""
    try:
        value = eval(text.strip(), {"__builtins__": {}}, _namespace())
    except Exception as exc:
        raise TypeError(f"invalid type {text!r}: {exc}") from None
    if not isinstance(value, Type):
        raise TypeError(f"invalid type {text!r}")
    return value
