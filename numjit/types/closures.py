"""Function values: the type of a lambda or inner function made in compiled code (which
function, and the types of the variables it captured; its value is the tuple of those,
intrinsics/closures.py), and the choice among several compile-time functions.

    >>> from numjit.types import float64
    >>> def adder(k, x):
    ...     return x + k
    >>> t = Closure(adder, (float64,))
    >>> t, len(t), t == Closure(adder, (float64,))
    (closure(adder; float64), 1, True)
"""
from llvmlite import ir

from .base import Type
from .containers import Tuple
from .misc import Const


class Closure(Tuple):
    """A Tuple of the captured values (so they are copied, cast and reference-counted as one),
    typed apart from tuples by the function it calls."""
    kind = "closure"

    def __init__(self, pyfunc, captured):
        super().__init__(captured)
        self.pyfunc = pyfunc
        self.name = f"closure({pyfunc.__qualname__}; {', '.join(map(repr, self.items))})"

    @property
    def key(self):
        return (Closure, self.pyfunc, self.items)

    def unify(self, other):
        return self if other == self else None


class FunctionChoice(Type):
    """A variable bound to one of several compile-time functions (`f = g if c else h`, or an item
    of a tuple of functions): its value is the index of the function, and a call switches on it
    to direct calls of each (numba's first-class function type, without function pointers).

        >>> from numjit.types import Const
        >>> FunctionChoice((len, abs)).unify(Const(min))
        choice(len, abs, min)
    """
    kind = "function choice"

    def __init__(self, options):
        self.options = tuple(options)
        super().__init__(f"choice({', '.join(getattr(f, '__name__', repr(f)) for f in self.options)})")

    @property
    def key(self):
        return (FunctionChoice, tuple(id(f) for f in self.options))

    def llvm(self):
        return ir.IntType(32)

    def unify(self, other):
        return function_choice(self, other)

    def convert_from(self, builder, value, src):
        """The index of the function a Const or a narrower choice holds, in this choice."""
        index = ir.IntType(32)
        if isinstance(src, Const):
            return ir.Constant(index, self.options.index(src.value))
        out = ir.Constant(index, 0)
        for i, f in enumerate(src.options):
            hit = builder.icmp_unsigned("==", value, ir.Constant(index, i))
            out = builder.select(hit, ir.Constant(index, self.options.index(f)), out)
        return out


def _options(ty):
    if isinstance(ty, FunctionChoice):
        return ty.options
    if isinstance(ty, Const) and callable(ty.value) and not isinstance(ty.value, type):
        return (ty.value,)
    return None


def function_choice(a, b):
    """The choice among the functions of a and b (Consts or choices), or None."""
    left, right = _options(a), _options(b)
    if left is None or right is None:
        return None
    options = list(left)
    options += [f for f in right if not any(f is g for g in options)]
    return FunctionChoice(options)


def function_choice_of(items):
    """The choice among a tuple's items when they are all functions (Consts), else None."""
    if len(items) < 2 or not all(isinstance(t, Const) for t in items):
        return None
    choice = items[0]
    for t in items[1:]:
        choice = function_choice(choice, t)
        if choice is None:
            return None
    return choice
