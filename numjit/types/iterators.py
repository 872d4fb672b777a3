"""Iterators made by `iter(x)` in compiled code (x a 1-d or n-d array, a list, a range, a tuple,
a str): the iterable and its position, kept in a one-item int64 array so that copies of the
iterator advance together, as Python's iterator objects do (lib/iterators.py); `zip(...)` and
`enumerate(...)` used as values (not directly iterated by a `for`): a tuple of such iterators,
and an iterator with its count; `a.flat`, NumPy's flat iterator: the array itself, indexed and
iterated in C order (lib/numpy_iteration.py); and np.nditer's iterator (lib/numpy_nditer.py).

    >>> from numjit.types import float64, int64
    >>> IteratorType(float64[:]), FlatIterType(float64[:, :])
    (iterator(float64[:]), flatiter(float64[:, :]))
    >>> ZipType((IteratorType(float64[:]), IteratorType(int64[:]))), EnumerateType(IteratorType(float64[:]))
    (zip(iterator(float64[:]), iterator(int64[:])), enumerate(iterator(float64[:])))
"""
from .arrays import Array, MEMINFO
from .base import Type
from .containers import Tuple
from .scalars import int64

POSITION = Array(int64, 1, "C")


class IteratorType(Tuple):
    """A Tuple (iterable, position array), so it is copied and reference-counted as one."""
    kind = "iterator"

    def __init__(self, iterable):
        super().__init__((iterable, POSITION))
        self.iterable = iterable
        self.name = f"iterator({iterable})"

    @property
    def key(self):
        return (IteratorType, self.iterable)

    def unify(self, other):
        return self if other == self else None


class ZipType(Tuple):
    """`zip(a, b, ...)` as a value: the Tuple of the iterators over its arguments."""
    kind = "zip"

    def __init__(self, iterators):
        super().__init__(tuple(iterators))
        self.iterators = tuple(iterators)
        self.name = f"zip({', '.join(map(str, self.iterators))})"

    @property
    def key(self):
        return (ZipType, self.iterators)

    def unify(self, other):
        return self if other == self else None


class EnumerateType(Tuple):
    """`enumerate(x)` as a value: a Tuple (iterator over x, the next count in a one-item array)."""
    kind = "enumerate"

    def __init__(self, iterator):
        super().__init__((iterator, POSITION))
        self.iterator = iterator
        self.name = f"enumerate({iterator})"

    @property
    def key(self):
        return (EnumerateType, self.iterator)

    def unify(self, other):
        return self if other == self else None


class FlatIterType(Type):
    """`a.flat`: the array's own value (same data model), reference-counted as the array."""
    kind = "flatiter"
    refcounted = True

    def __init__(self, array):
        self.array = array
        super().__init__(f"flatiter({array})")

    @property
    def key(self):
        return (FlatIterType, self.array)

    def llvm(self):
        return self.array.llvm()

    def meminfo_of(self, builder, value):
        return builder.extract_value(value, MEMINFO)


class NditerType(Tuple):
    """`np.nditer(...)`: a Tuple (operands, index, state, originals): the operands broadcast to one
    shape (a tuple of arrays, typed read-only where their items are), the current multi-index and
    the iteration's order, shape, count and flags (int64 arrays, shared by copies as IteratorType's
    position), and the operands as given (arrays; `it.operands`). `external`: flags=['external_loop'],
    whose items are 1-d chunks along each operand's last axis."""
    kind = "nditer"

    def __init__(self, operands, originals, external=False):
        super().__init__((operands, POSITION, POSITION, originals))
        self.operands, self.originals, self.external = operands, originals, external
        self.name = f"nditer({operands}{', external_loop' if external else ''})"

    @property
    def key(self):
        return (NditerType, self.operands, self.originals, self.external)

    def unify(self, other):
        return self if other == self else None
