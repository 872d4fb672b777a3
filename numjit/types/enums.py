"""Members of `enum.Enum` and `enum.IntEnum` classes in compiled code (numba's EnumMember and
IntEnumMember): the type, its data model and box/unbox.

    >>> import enum
    >>> class Color(enum.Enum):
    ...     RED = 1
    ...     GREEN = 2
    >>> class Shape(enum.IntEnum):
    ...     CIRCLE = 1
    >>> class Pet(enum.Enum):
    ...     CAT = "cat"
    ...     DOG = "dog"
    >>> typeof_enum_member(Color.RED), typeof_enum_member(Shape.CIRCLE), typeof_enum_member(Pet.DOG)
    (Enum<int64>(Color), IntEnum<int64>(Shape), Enum<unicode_type>(Pet))
    >>> typeof_enum_member(Pet.DOG).datum(Pet.DOG)
    1

Data model: the member's value when every member of the class has an int, float or bool value,
all of one type; else (str values, tuples: values all of one type) the member's position among
its class's members, an int64 (`by_index`). A member passed in is found among its class's members
by identity (so another class's member, or an object that is no member, does not match the
signature); one returned to Python is the class's member with that value or position. The
operations (`.value`, `.name`, `==`, `is`, `hash`; an IntEnum member where an integer is
expected) are in numjit/intrinsics/enums.py; `Color.RED` written in the code is a constant of
this type (typing/constants.py).
"""
import enum

from llvmlite import ir

from .base import Type

PTR = ir.PointerType()


class EnumMember(Type):
    """A member of `instance_class` (an Enum subclass); `value_type`: the type of the values;
    `dtype`: the type of its data (the value, or its position when `by_index`)."""
    kind = "enum"
    boxing_family = "EnumMember"          # IntEnum members too (runtime/boxing.py)

    def __init__(self, instance_class, value_type, by_index=False):
        from .scalars import int64
        self.instance_class, self.value_type, self.by_index = instance_class, value_type, by_index
        self.dtype = int64 if by_index else value_type
        super().__init__(f"{self.prefix}<{value_type}>({instance_class.__name__})")

    @property
    def members(self):
        return list(self.instance_class)

    def datum(self, member):
        """A member's data: its value, or its position among the members."""
        return self.members.index(member) if self.by_index else member.value

    prefix = "Enum"

    @property
    def key(self):
        return (type(self), self.instance_class, self.dtype)

    def llvm(self):
        return self.dtype.llvm()


class IntEnumMember(EnumMember):
    """A member of an IntEnum subclass: also an integer (typing/registry.py resolves operations
    on it as on its value)."""
    kind = "intenum"
    prefix = "IntEnum"


def typeof_enum_member(member):
    """The type of an enum member, or None when its class's values are not all of one type."""
    from .scalars import Integer, Float, Boolean
    cls = type(member)
    kinds = {_value_type(m.value) for m in cls}
    if len(kinds) != 1 or None in kinds:
        return None
    kind = kinds.pop()
    if issubclass(cls, enum.IntEnum):
        return IntEnumMember(cls, kind)
    return EnumMember(cls, kind, by_index=not isinstance(kind, (Integer, Float, Boolean)))


def _value_type(value):
    from ..typing.constants import literal_type
    from .strings import unicode_type
    from .containers import Tuple
    from .misc import Const
    if isinstance(value, str):
        return unicode_type
    try:
        ty = literal_type(value) if isinstance(value, (bool, int, float, tuple)) else None
    except Exception:               # an int too wide for 64 bits
        return None
    if isinstance(ty, Tuple) and any(isinstance(t, Const) for t in ty.items):
        return None                 # (a tuple holding strings: each value would be its own type)
    return ty


def _member_symbol(member):
    from ..runtime.cpython import global_object_symbol, _keepalive
    name = f"numjit_enum.{id(member):x}"
    if not any(obj is member for _, obj in _keepalive):
        global_object_symbol(name, member)
    return name


def unbox_enum(ctx, b, obj, ty, fail):
    """The data of the member `obj` is (by identity); `fail` when it is no member of the class."""
    value, found = ir.Constant(ty.llvm(), ir.Undefined), ir.Constant(ir.IntType(1), 0)
    for member in ty.instance_class:
        same = b.icmp_unsigned("==", obj, ir.Constant(ir.IntType(64), id(member)).inttoptr(PTR))
        value = b.select(same, ctx.constant(ty.dtype, ty.datum(member)), value)
        found = b.or_(found, same)
    ok = b.append_basic_block("unbox.enum")
    b.cbranch(found, ok, fail)
    b.position_at_end(ok)
    return value


def box_enum(ctx, b, value, ty):
    """A new reference to the class's member whose value is `value` (members are singletons)."""
    members = list(ty.instance_class)
    chosen = b.load(ctx.global_var(_member_symbol(members[0]), PTR), typ=PTR)
    for member in members[1:]:
        same = equal_values(b, value, ctx.constant(ty.dtype, ty.datum(member)), ty)
        chosen = b.select(same, b.load(ctx.global_var(_member_symbol(member), PTR), typ=PTR), chosen)
    b.call(ctx.declare("Py_IncRef", ir.VoidType(), [PTR]), [chosen])
    return chosen


def equal_values(b, x, y, ty):
    """i1: two data of the enum type `ty` are equal (ints and bools exactly, floats as ==)."""
    from .scalars import Float
    if isinstance(ty.dtype, Float):
        return b.fcmp_ordered("==", x, y)
    return b.icmp_unsigned("==", x, y)
