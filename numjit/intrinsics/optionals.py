"""`x is None` / `x is not None` (and `==` / `!=` None) on an optional value
(numjit/types/optionals.py): its present flag.

    >>> from numjit import njit
    >>> @njit
    ... def describe(d, k):
    ...     v = d.get(k)
    ...     return -1.0 if v is None else v
    >>> describe({1: 2.5}, 1), describe({1: 2.5}, 3)
    (2.5, -1.0)
"""
import operator

from ..types import Signature
from ..types.optionals import Optional, PRESENT
from ..types.scalars import none, boolean
from ..typing.registry import intrinsic


def _identity(is_not):
    def typer(a, b):
        if not ({a, b} & {none} and (isinstance(a, Optional) or isinstance(b, Optional))):
            return None
        which = 0 if isinstance(a, Optional) else 1

        def codegen(low, sig, args):
            present = low.builder.extract_value(args[which], PRESENT)
            return present if is_not else low.builder.not_(present)
        return Signature(boolean, (a, b)), codegen
    return typer


intrinsic(operator.is_, operator.eq)(_identity(False))
intrinsic(operator.is_not, operator.ne)(_identity(True))
