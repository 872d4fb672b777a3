"""literally(x) and literal_unroll(t) in compiled code: the value itself (numjit/misc/special.py).

    >>> from numjit.misc import literal_unroll
    >>> from numjit.typing.registry import resolve
    >>> from numjit.types import int64
    >>> resolve(literal_unroll, (int64,)).pyfunc(5)
    5
"""
from ..misc.special import literally, literal_unroll
from ..typing.registry import overload


def _identity(value):
    return value


@overload(literally, literal_unroll)
def identity(value):
    return _identity
