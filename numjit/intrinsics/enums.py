"""Operations on enum members (numjit/types/enums.py): `.value`, `==`/`!=` and `is`/`is not`
(same class: equal values; another class, or an Enum member and a value that is none: never equal,
as in Python). An IntEnum member also goes wherever an integer does (typing/registry.py resolves
the operation on its value).

    >>> import enum
    >>> from numjit import njit
    >>> class Color(enum.Enum):
    ...     RED = 1
    ...     GREEN = 2
    >>> @njit
    ... def describe(c):
    ...     return c == Color.RED, c.value, c is not Color.GREEN, c
    >>> describe(Color.GREEN)
    (False, 2, False, <Color.GREEN: 2>)
"""
import operator

from llvmlite import ir

from ..types import Signature, boolean
from ..types.enums import EnumMember, equal_values
from ..typing.registry import intrinsic


@intrinsic("enum.value", "intenum.value")
def member_value(member):
    return Signature(member.dtype, (member,)), lambda low, sig, args: args[0]


def _comparison(negate):
    def typer(a, b):
        members = [t for t in (a, b) if isinstance(t, EnumMember)]
        if not members or len(members) == 1 and members[0].kind == "intenum":
            return None                      # an IntEnum member and a number: compared as numbers
        same_class = len(members) == 2 and a.instance_class is b.instance_class

        def codegen(low, sig, args):
            equal = equal_values(low.builder, args[0], args[1], a) if same_class else ir.Constant(ir.IntType(1), 0)
            return low.builder.not_(equal) if negate else equal
        return Signature(boolean, (a, b)), codegen
    return typer


for _op, _negate in ((operator.eq, False), (operator.is_, False), (operator.ne, True), (operator.is_not, True)):
    intrinsic(_op)(_comparison(_negate))
