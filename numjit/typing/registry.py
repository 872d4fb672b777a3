"""Where calls, operators, attributes and methods resolve to implementations.

Two kinds of implementation, both keyed by the Python object they stand for
(`operator.add`, `math.exp`, `len`, or a string such as "array.shape"):

* an **intrinsic** — a typer returning `(Signature, codegen)`: the type rule and
  the LLVM code generation side by side (numjit/intrinsics/);
* an **overload** — a typer returning a plain Python function that numjit
  compiles like user code (numjit/lib/).

    >>> import operator
    >>> from numjit.types import int32, float64
    >>> resolve(operator.add, (int32, float64)).signature
    float64(float64, float64)

Typers register through the explicit import lists in numjit/intrinsics/__init__.py
and numjit/lib/__init__.py. A module of them is imported when typing first needs its candidates
for a key: they are tried in the order of the eager import list (whatever order the modules were
imported in), importing each module just before its own (numjit/typing/providers.py). A user's
overload registered before the first lookup goes first, one registered later last.
"""
import itertools
import sys
from dataclasses import dataclass
from typing import Any, Callable

from ..types import Signature
from ..types.arrayexpr import ArrayExpr, concrete
from ..types.optionals import unwrapped
from . import arraylike, providers

_TYPERS = {}        # key -> [((rank, sequence), kind, typer, module)], sorted
_sequence = itertools.count()
_started = False    # has anything been looked up? (a user's overload goes first until then)


@dataclass
class IntrinsicImpl:
    signature: Signature
    codegen: Callable
    name: str = ""


@dataclass
class PythonImpl:
    pyfunc: Any
    argtypes: tuple
    signature: Signature = None


def intrinsic(*keys):
    """Register `typer(*argtypes) -> (Signature, codegen) | None` under each key."""
    return _registrar("intrinsic", keys, sys._getframe(1).f_globals.get("__name__"))


def overload(*keys):
    """Register `typer(*argtypes) -> python implementation | None` under each key (or
    `(implementation, argtypes)` to convert the arguments first, e.g. a str literal to a str)."""
    return _registrar("overload", keys, sys._getframe(1).f_globals.get("__name__"))


def _registrar(kind, keys, module):
    def register(typer):
        rank = providers.rank(module)
        order = (rank if rank is not None else (1 << 30) if _started else -1, next(_sequence))
        for key in keys:
            bucket = _TYPERS.setdefault(key, [])
            bucket.append((order, kind, typer, module))
            bucket.sort(key=lambda entry: entry[0])
        return typer
    return register


def has_key(key):
    global _started
    _started = True
    try:
        if key not in _TYPERS:
            for _ in providers.stages(key):    # (a description can name another object: a user's ufunc "add")
                pass
        return key in _TYPERS
    except TypeError:
        return False


def resolve(key, argtypes, kws=None, convert_arraylikes=True):
    """The first implementation whose typer accepts `argtypes`, or None.

    An overload's signature is filled in by the caller (it needs type inference). When no typer
    takes an array expression lazily (`len(a + b)`, `(a * 2).shape`), the one for its array
    is used: the expression is materialised where the call is lowered (`Lowerer.cast`). Likewise an
optional operand resolves as its value type, checked not to be None where it is lowered.
    Lists, tuples and numbers given to a NumPy function that takes none resolve as arrays made by
    np.asarray (typing/arraylike.py).
    """
    if convert_arraylikes:
        return arraylike.resolve(key, argtypes, kws, lambda *call: resolve(*call, convert_arraylikes=False))
    impl = _resolve(key, argtypes, kws)
    if impl is None and any(isinstance(t, ArrayExpr) for t in argtypes):
        if isinstance(key, str) and key.startswith("arrayexpr."):
            key = "array." + key[len("arrayexpr."):]
        impl = _resolve(key, tuple(concrete(t) for t in argtypes), kws)
    if impl is None and any(getattr(t, "kind", None) == "intenum" for t in argtypes):   # an IntEnum member:
        impl = resolve(key, tuple(t.dtype if getattr(t, "kind", None) == "intenum" else t    # as its int
                                  for t in argtypes), kws)
    if impl is None:            # an optional operand: the implementation for its value (types/optionals.py)
        values = unwrapped(argtypes)
        if values is not None:
            if isinstance(key, str) and key.startswith("optional."):
                key = f"{values[0].kind}.{key[len('optional.'):]}"
            impl = resolve(key, values, kws)
    return impl


def _resolve(key, argtypes, kws):
    """The candidates are tried in order; the modules registering `key` are imported one at a time
    (providers.stages), each before the candidates it ranks (a float's `x + 1` never imports the
    modules adding strings or arrays)."""
    global _started
    _started = True
    try:
        hash(key)
    except TypeError:
        return None
    tried = 0
    for bound in providers.stages(key):
        candidates = _TYPERS.get(key, ())
        while tried < len(candidates) and candidates[tried][0][0] <= bound:
            _, kind, typer, _ = candidates[tried]
            tried += 1
            try:
                result = typer(*argtypes, **kws) if kws else typer(*argtypes)
            except TypeError as exc:           # the typer does not take this many arguments / keywords
                if "argument" in str(exc):
                    continue
                raise
            if result is None:
                continue
            if kind == "intrinsic":
                sig, codegen = result
                return IntrinsicImpl(sig, codegen, getattr(typer, "__name__", str(key)))
            if isinstance(result, tuple):          # (function, the types its arguments convert to)
                result, argtypes = result
            return PythonImpl(result, tuple(concrete(t) for t in argtypes))   # arrays, not lazy expressions
    return None
