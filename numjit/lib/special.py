"""literally(x) and literal_unroll(t) in compiled code: the value itself (numjit/misc/special.py).
`literally(x)` on a value that is not a literal asks for literal dispatch
(numjit/typing/literal_dispatch.py): the call is typed again with the value as its type.

    >>> from numjit.misc import literal_unroll, literally
    >>> from numjit.typing.registry import resolve
    >>> from numjit.types import int64, literal
    >>> resolve(literal_unroll, (int64,)).pyfunc(5), resolve(literally, (literal(2),)).pyfunc(2)
    (5, 2)
    >>> resolve(literally, (int64,))
    Traceback (most recent call last):
    numjit.typing.literal_dispatch.ForceLiteralArg: literal dispatch requested for argument 'value'
"""
from ..misc.special import literally, literal_unroll
from ..typing.literal_dispatch import request_literals
from ..typing.registry import overload


def _identity(value):
    return value


@overload(literal_unroll)
def identity(value):
    return _identity


@overload(literally)
def literal_value(value):
    request_literals((value,), {0: "value"})
    return _identity
