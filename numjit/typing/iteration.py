"""How `for` loops iterate: the IterSpec of a loop's iterable (range/prange, arrays, lists, tuples,
enumerate, zip, reversed, generators, custom `iter` overloads). A mixin of the Inferrer
(typing/infer.py); lowering reads the spec from `TypedFunction.iters`.

    >>> import numpy as np
    >>> from numjit.types import float64
    >>> from numjit.typing.infer import infer
    >>> def f(a):
    ...     s = 0.0
    ...     for i, row in enumerate(a):
    ...         s += row[0]
    ...     return s
    >>> spec = next(iter(infer(f, (float64[:, :],)).iters.values()))
    >>> spec.kind, spec.item_type, spec.parts[0].kind
    ('enumerate', (int64, float64[:]), 'array')
"""
import ast

from ..frontend.unroll import check_unroll
from ..misc.special import literal_unroll
from ..parallel import prange
from ..types import Array, Tuple, Const, undefined
from ..types.lists import List
from ..types.strings import is_str, text_type
from ..types.arrayexpr import ArrayExpr
from ..types.scalars import int64, uint64, none, unify, is_intlike
from ..types.records import element_type
from . import registry


class IterSpec:
    """How a `for` loop iterates: kind in range/array/tuple/enumerate/zip/reversed_range."""

    def __init__(self, kind, item_type, iterable_type=None, parts=(), nargs=0, parallel=False):
        self.kind, self.item_type, self.iterable_type = kind, item_type, iterable_type
        self.parts, self.nargs = parts, nargs
        self.parallel = parallel        # prange in a parallel=True function: lowering/prange.py


class IterTyping:
    """The Inferrer's loop typing (self: the Inferrer)."""

    def iter_spec(self, node):
        if isinstance(node, ast.Call) and self.is_function_call(node):
            fn = self.expr(node.func)
            fval = fn.value if isinstance(fn, Const) else None
            if fval is range or fval is prange:
                argtypes = [self.expr(a) for a in node.args]
                self.check_range_args(node, argtypes)
                item = uint64 if uint64 in argtypes else int64
                return IterSpec("range", item, nargs=len(node.args),
                                parallel=fval is prange and bool(self.t.flags.get("parallel")))
            from ..lowering.generators import generator_function, generator_spec
            generator = generator_function(fval)
            if generator is not None:                   # for x in gen(...): lowering/generators.py
                return generator_spec(self, node, generator)
            if fval is enumerate:
                inner = self.iter_spec(node.args[0])
                if len(node.args) > 1:
                    self.expr(node.args[1])
                return IterSpec("enumerate", Tuple((int64, inner.item_type)), parts=(inner,),
                                nargs=len(node.args))
            if fval is zip:
                parts = tuple(self.iter_spec(a) for a in node.args)
                return IterSpec("zip", Tuple([p.item_type for p in parts]), parts=parts)
            if fval is literal_unroll:
                check_unroll(self, node)        # over a tuple: raises UnrollRequest
            if fval is reversed:
                inner = self.iter_spec(node.args[0])
                text = inner.kind == "custom" and text_type(inner.iterable_type) is not None   # str, bytes: by index
                if inner.kind not in ("range", "array", "list", "tuple") and not text:
                    raise self.error(node, "reversed() is supported on range(), arrays, lists, tuples, str and bytes")
                return IterSpec("reversed", inner.item_type, parts=(inner,))
        ty = self.expr(node)
        if ty is undefined:
            return IterSpec("undefined", undefined)
        method = getattr(getattr(ty, "info", None), "methods", {}).get("__iter__")
        if method is not None and ty.kind.startswith("jitclass"):      # `for x in obj`, a generator __iter__
            from ..lowering.generators import generator_function, generator_spec
            if generator_function(method) is not None:
                return generator_spec(self, node, method, instance=True)
        if isinstance(ty, ArrayExpr):                   # `for v in a + 1`: materialised first
            ty = ty.as_array()
        if ty.kind == "optional" and isinstance(ty.type, (Array, List)):   # checked not None when it runs
            ty = ty.type
        if isinstance(ty, Array):
            if ty.ndim == 0:
                raise self.error(node, "iteration over a 0-d array")
            item = element_type(ty) if ty.ndim == 1 else ty.copy(ndim=ty.ndim - 1, layout="C" if ty.layout == "C" else "A")
            return IterSpec("array", item, ty)
        if isinstance(ty, List):
            return IterSpec("list", ty.dtype, ty)
        if isinstance(ty, Tuple) and ty.kind in ("tuple", "namedtuple"):   # (not closures, iterators)
            if not ty.items:
                return IterSpec("tuple", none, ty)
            item = ty.items[0]
            for other in ty.items[1:]:
                item = unify(item, other)
                if item is None:
                    raise self.error(node, f"cannot iterate over the heterogeneous tuple {ty}")
            return IterSpec("tuple", item, ty)
        custom = registry.resolve("iter", (ty,))
        if custom is not None:
            return IterSpec("custom", custom.signature.return_type, ty)
        raise self.error(node, f"cannot iterate over {ty}")

    def is_function_call(self, node):
        """Is `node` a call of a function (`range(n)`, `np.nditer(a)`), not of a method (`a.ravel()`)?"""
        if not isinstance(node.func, ast.Attribute):
            return True
        owner = self.expr(node.func.value)
        return isinstance(owner, Const) and not is_str(owner)     # "a b".split() is a method call

    def check_range_args(self, node, argtypes):
        if not 1 <= len(argtypes) <= 3:
            raise self.error(node, "range() takes 1 to 3 arguments")
        for arg, ty in zip(node.args, argtypes):
            if ty is not undefined and not is_intlike(ty):
                raise self.error(arg, f"range() arguments must be integers, not {ty}")
