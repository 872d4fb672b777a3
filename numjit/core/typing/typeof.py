"""numba.core.typing.typeof: `typeof_impl` (whose rules libraries register) and `typeof`.

    >>> from numjit import extending
    >>> typeof_impl is extending.typeof_impl, typeof(2.5, Purpose.argument)
    (True, float64)
"""
import enum

from ...extending import typeof_impl  # noqa: F401
from ...types.typeof import typeof_checked


class Purpose(enum.Enum):
    """Why a value is typed (numba passes it to typeof_impl rules; numjit types every value as an
    argument)."""
    argument = 1
    constant = 2


def typeof(value, purpose=Purpose.argument):
    return typeof_checked(value)
