"""numba.misc.special: functions that mean something to the compiler and are identities in Python.

    >>> literal_unroll([1, 2])
    [1, 2]

* `literally(x)`: numba re-types a function with `x` as a literal. numjit's typers already see
  constants (strings, dtypes, modules) as literal types and integers by value where the code
  folds them, so in compiled code `literally(x)` is `x` (numjit/lib/special.py). An overload's
  implementation calling it on a non-literal parameter (numba's request to recompile the caller
  for the argument's value) is an UnsupportedError (numjit/extending.py).
* `literal_unroll(tup)`: `for item in literal_unroll(tup)` over a tuple runs a copy of the body
  per item, each with the item's own type (numjit/frontend/unroll.py); over a list or an array
  it is a plain loop.
"""
from ..parallel import prange  # noqa: F401
from ..types.typeof import typeof_checked as typeof  # noqa: F401


def literally(value):
    return value


def literal_unroll(container):
    return container


class objmode:
    """`with objmode(y="float64"):` — in Python (and with the JIT disabled) a no-op context manager.
    Compiled code does not support object-mode blocks yet: numjit rejects the `with` statement with
    an UnsupportedError at its line."""

    def __init__(self, *args, **annotations):
        self.annotations = annotations

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
