"""Operations on enum members (numjit/types/enums.py): `.value`, `.name`, `==`/`!=` and
`is`/`is not` (same class: equal values; another class, or an Enum member and a value that is
none: never equal, as in Python), `hash` (so members are dict keys and set items). An IntEnum
member also goes wherever an integer does (typing/registry.py resolves the operation on its value).

    >>> import enum
    >>> from numjit import njit
    >>> class Color(enum.Enum):
    ...     RED = "r"
    ...     GREEN = "g"
    >>> @njit
    ... def describe(c):
    ...     return c == Color.RED, c.value, c.name, c is not Color.GREEN, c, {c: 1}
    >>> describe(Color.GREEN)
    (False, 'g', 'GREEN', False, <Color.GREEN: 'g'>, {<Color.GREEN: 'g'>: 1})
"""
import operator

from llvmlite import ir

from ..types import Signature, boolean, unicode_type
from ..types.enums import EnumMember, equal_values
from ..types.scalars import int64
from ..typing.registry import intrinsic

I64 = ir.IntType(64)


def _chosen(low, member_type, data, result_type, pick):
    """`pick(member)`'s constant for the member whose data is `data` (a chain of selects; strings,
    globals of their own lengths, are selected as addresses)."""
    from ..types.strings import constant
    b = low.builder
    text = result_type == unicode_type

    def const(member):
        if text:
            return b.ptrtoint(constant(low.ctx, pick(member)), I64)
        return low.ctx.constant(result_type, pick(member))
    members = member_type.members
    out = const(members[0])
    for member in members[1:]:
        same = equal_values(b, data, low.ctx.constant(member_type.dtype, member_type.datum(member)), member_type)
        out = b.select(same, const(member), out)
    return b.inttoptr(out, unicode_type.llvm()) if text else out


@intrinsic("enum.value", "intenum.value")
def member_value(member):
    if not member.by_index:
        return Signature(member.dtype, (member,)), lambda low, sig, args: args[0]
    return Signature(member.value_type, (member,)), \
        lambda low, sig, args: _chosen(low, member, args[0], member.value_type, lambda m: m.value)


@intrinsic("enum.name", "intenum.name")
def member_name(member):
    return Signature(unicode_type, (member,)), \
        lambda low, sig, args: _chosen(low, member, args[0], unicode_type, lambda m: m.name)


@intrinsic(hash)
def member_hash(member):
    """A hash of the member's data (Python hashes a member by its name: only equality must agree)."""
    if not isinstance(member, EnumMember):
        return None
    from .hashing import item_hash
    impl = item_hash(member.dtype)
    return Signature(int64, (member,)), lambda low, sig, args: low.apply(impl, [args[0]], [member.dtype])


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
