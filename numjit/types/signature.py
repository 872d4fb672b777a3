"""Signatures: `float64(float64[:], int64)` objects and their string spelling.

    >>> parse_signature("float32(float32, int32)")
    float32(float32, int32)
    >>> parse_signature("void(int64[:, ::1])").return_type
    none
"""
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
    return {k: v for k, v in ns.items() if isinstance(v, Type)}


def parse_signature(spec):
    """A string, a Signature, or a tuple of arg types (no return type) → Signature."""
    if isinstance(spec, Signature):
        return spec
    if isinstance(spec, tuple):
        return Signature(None, spec)
    if not isinstance(spec, str):
        raise TypeError(f"a signature must be a string or a type signature, not {type(spec).__name__}")
    text = spec.strip()
    try:
        value = eval(text, {"__builtins__": {}}, _namespace())
    except Exception as exc:
        raise TypeError(f"invalid signature {spec!r}: {exc}") from None
    if isinstance(value, tuple):
        value = Signature(None, value)
    if not isinstance(value, Signature):
        raise TypeError(f"invalid signature {spec!r}: expected 'ret(arg, ...)'")
    return value


def parse_type(text):
    """One type from its spelling: parse_type("float32[:, ::1]")."""
    try:
        value = eval(text.strip(), {"__builtins__": {}}, _namespace())
    except Exception as exc:
        raise TypeError(f"invalid type {text!r}: {exc}") from None
    if not isinstance(value, Type):
        raise TypeError(f"invalid type {text!r}")
    return value
