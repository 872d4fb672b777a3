"""numba.misc.special: functions that mean something to the compiler and are identities in Python.

    >>> literal_unroll([1, 2])
    [1, 2]

* `literally(x)`: in compiled code, `x` typed as its value (a literal type): a constant is one
  already; for an int, bool or str argument of the function the dispatcher compiles a
  specialisation per value (literal dispatch, numjit/typing/literal_dispatch.py). An overload's
  implementation calling it on its parameter asks for the same.
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
