"""NumPy's array_likes for every library function: when no implementation of a NumPy function
(or ufunc, or method of an array or a Generator) accepts a call whose arguments include lists
(nested, typed.List), tuples or numbers, the call is tried again with some of them made arrays by
np.asarray; the first choice an implementation accepts compiles as a small generated function
converting them and calling the function again.

    >>> import numpy as np
    >>> from numjit import njit
    >>> njit(lambda x: np.cumsum(x))((1, 2.5, True))
    array([1. , 3.5, 4.5])

The arguments tried are those NumPy would convert: lists and tuples first (most of them at once),
numbers only when that is not enough (`np.cumsum(5)`), never `out=`, a shape or an axis, nor an
argument the function modifies in place (NumPy requires an array there). The dtype is
np.asarray's: a list of ints gives int64, ints and floats float64, bools bool. A tuple of lists
is a sequence of arrays (`np.concatenate((a, [1, 2]))`) or their stack (`np.sum(([1], [2]))`); a
0-d result is returned as its scalar, as NumPy's.
"""
import ast
import functools
import itertools
import linecache
import sys

import numpy as np

from ..errors import NumjitError
from ..types import Array, Boolean, Const, Number, Tuple
from ..types.arrayexpr import concrete
from ..types.lists import List
from . import providers

NOT_DATA = frozenset({"out", "axis", "axes", "shape", "newshape", "dtype", "size", "order", "casting"})
IN_PLACE = {np.put: (0, "a"), np.place: (0, "arr"), np.putmask: (0, "a"), np.copyto: (0, "dst"),
            np.put_along_axis: (0, "arr"), np.fill_diagonal: (0, "a")}
# never retried: the conversion itself (what its typer rejects is no array_like), and functions whose
# sequence argument is several operands, not one array (np.nditer([a, b]): two operands)
NOT_RETRIED = (np.array, np.asarray, np.nditer, np.broadcast, np.broadcast_arrays, np.einsum)
METHOD_KINDS = ("array", "arrayexpr", "generator")       # a.take([0, 2]), g.choice([1, 5])
MOST_TRIED = 5          # arguments whose conversion is tried (2**5 sets of them at most)


def resolve(key, argtypes, kws, resolve_as_typed):
    """resolve_as_typed(key, argtypes, kws) (the registry's resolution), else, for a NumPy function
    or method, an implementation taking some array_likes through np.asarray; None if neither
    exists, the first one's TypingError if it raised one (`np.add.at(a, [0.5], 1)`)."""
    try:
        impl = resolve_as_typed(key, argtypes, kws)
    except NumjitError:
        impl = as_arrays(key, argtypes, kws, resolve_as_typed)
        if impl is None:
            raise
        return impl
    return impl if impl is not None else as_arrays(key, argtypes, kws, resolve_as_typed)


def as_arrays(key, argtypes, kws, resolve_as_typed):
    """An implementation of `key` for these argument types taking some array_likes through
    np.asarray, or None."""
    callee = _callee(key)
    if callee is None:
        return None
    places = [(i, t) for i, t in enumerate(argtypes)] + list((kws or {}).items())
    kept = IN_PLACE.get(key, (0,) if isinstance(key, str) or _name(key) == "at" else ())   # (a.take's a, ufunc.at's)
    if key is getattr(sys.modules.get("numpy.random"), "shuffle", None):   # (not imported for this:
        kept = (0, "x")                                                     # ~10 ms of a first compile)
    data = [(w, t) for w, t in places if w not in kept and w not in NOT_DATA]
    sequences = [w for w, t in data if _sequence(t)]
    numbers = [w for w, t in data if isinstance(t, Number) and not isinstance(t, Boolean)]   # (bools: flags)
    types = dict(places)
    for chosen in _choices(sequences[:MOST_TRIED], numbers[:max(0, MOST_TRIED - len(sequences))]):
        for conversions in itertools.product(*[_conversions(types[w]) for w in chosen]):
            converted = dict(zip(chosen, conversions))
            new = {w: converted[w][0] if w in converted else t for w, t in places}
            try:
                impl = resolve_as_typed(key, tuple(new[i] for i in range(len(argtypes))),
                                        {k: new[k] for k in kws or {}} or None)
            except NumjitError:     # a typer telling why it rejects the arrays: the call's own error stands
                continue
            if impl is not None:
                return _calling(callee, places, len(argtypes), converted)
    return None


def _calling(callee, places, nargs, converted):
    """The implementation: a generated caller converting the arguments and calling the callee; a
    0-d array it returns is returned as its scalar, as NumPy does (`np.digitize(2.5, [0, 3])`)."""
    from .registry import PythonImpl
    from .infer import return_type_of
    literals = tuple((w, t.value) for w, t in places if isinstance(t, Const) and _writable(t.value))
    how = tuple((w, how) for w, (_, how) in converted.items())
    kwnames = tuple(w for w, _ in places[nargs:])
    caller = _caller(callee, nargs, kwnames, how, literals, False)
    argtypes = tuple(concrete(t) for _, t in places)       # (array expressions: their arrays)
    returned = return_type_of(caller, argtypes)
    if isinstance(returned, Array) and returned.ndim == 0:
        caller = _caller(callee, nargs, kwnames, how, literals, True)
    return PythonImpl(caller, argtypes[:nargs])


def _callee(key):
    """How the generated caller calls `key`: the function itself for a NumPy function, ufunc or
    method of NumPy's global random state; ".name" for a method of an array or a Generator; None
    for anything else (a compiler key such as "list.append" or operator.add)."""
    if isinstance(key, str):
        kind, _, name = key.partition(".")
        return "." + name if kind in METHOD_KINDS and name.isidentifier() else None
    name = providers.describe(key)
    numpy = isinstance(name, str) and name.startswith(("numpy", "ufunc:")) and callable(key)
    return key if numpy and key not in NOT_RETRIED else None


def _name(key):
    return getattr(key, "__name__", None)


def _sequence(t):
    return isinstance(t, List) or isinstance(t, Tuple) and t.kind == "tuple" and bool(t.items)


def _choices(sequences, numbers):
    """Sets of arguments to convert, in the order tried: no number before every choice of
    sequences alone; more sequences first; earlier arguments first."""
    for n_numbers in range(len(numbers) + 1):
        for some_numbers in itertools.combinations(numbers, n_numbers):
            for n in range(len(sequences), -1, -1):
                for some in itertools.combinations(sequences, n):
                    if some or some_numbers:
                        yield some + some_numbers


@functools.lru_cache(maxsize=None)
def _conversions(t):
    """The ways t converts, each (the type it converts to, a format of the converting expression):
    np.asarray's array; for a tuple of sequences and arrays, the tuple with its sequences converted
    one by one (a sequence of arrays: `np.concatenate((a, [1, 2]))`), then the array stacking them
    (`np.sum(([1, 2], [3, 4]))`)."""
    if not (isinstance(t, Tuple) and any(_sequence(x) for x in t.items)):
        array = _array_type(t)
        return ((array, "_asarray({0})"),) if array is not None else ()
    items = [_array_type(x) if _sequence(x) else x for x in t.items]
    if not all(isinstance(x, Array) for x in items):
        return ()
    parts = [f"_asarray({{0}}[{i}])" if _sequence(x) else f"{{0}}[{i}]" for i, x in enumerate(t.items)]
    itemwise = Tuple(items), "(" + ", ".join(parts) + ",)"
    stacked = _array_type(itemwise[0])
    return (itemwise,) + (((stacked, "_asarray(" + itemwise[1] + ")"),) if stacked is not None else ())


@functools.lru_cache(maxsize=None)
def _array_type(t):
    """The array type np.asarray makes of t, or None if it makes none."""
    from .registry import resolve, IntrinsicImpl
    from .infer import return_type_of
    try:
        impl = resolve(np.asarray, (t,), convert_arraylikes=False)
        if impl is None:
            return None
        out = impl.signature.return_type if isinstance(impl, IntrinsicImpl) else return_type_of(impl.pyfunc, impl.argtypes)
    except NumjitError:            # a ragged tuple ((0,), (0, 1)): no array
        return None
    return out if isinstance(out, Array) else None


def _writable(value):
    """Can a constant argument be written into source as a literal (a bool, int, str, tuple...)?"""
    try:
        return ast.literal_eval(repr(value)) == value and type(ast.literal_eval(repr(value))) is type(value)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False


_count = itertools.count()


@functools.lru_cache(maxsize=None)
def _caller(key, nargs, kwnames, convert, literals, item):
    """def caller(arg0, arg1, axis): return key(np.asarray(arg0), arg1, axis=axis), or for a method
    key ".take": return arg0.take(np.asarray(arg1)). The arguments in `convert` ((where, format of
    the conversion) pairs) are converted, the constant ones (literal dispatch) written as literals;
    item: return the result's scalar (`result[()]`)."""
    literal, convert = dict(literals), dict(convert)
    params = [f"arg{i}" for i in range(nargs)] + list(kwnames)

    def value(where, name):
        if where in literal:
            return repr(literal[where])
        return convert[where].format(name) if where in convert else name
    args = [value(i, f"arg{i}") for i in range(nargs)] + [f"{k}={value(k, k)}" for k in kwnames]
    call = f"_callee({', '.join(args)})" if not isinstance(key, str) else f"arg0{key}({', '.join(args[1:])})"
    filename = f"<numjit-arraylike-{next(_count)}>"
    text = f"def array_like_call({', '.join(params)}):\n    return {call}{'[()]' if item else ''}\n"
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    namespace = {"_callee": key, "_asarray": np.asarray}
    exec(compile(text, filename, "exec"), namespace)
    return namespace["array_like_call"]
