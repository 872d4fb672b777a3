"""namedtuples in compiled code: made by calling the class (positional, keyword and default
fields), read by attribute (`p.x`) or index, unpacked like tuples; also `tuple * constant`,
`tuple(t)` and `*t` in tuple displays (`(x, *t)`).

    >>> from collections import namedtuple
    >>> from numjit import njit
    >>> Point = namedtuple("Point", "x y")
    >>> @njit
    ... def mirror(p):
    ...     x, y = p
    ...     return Point(y=x, x=p.y), (p.x,) * 3
    >>> mirror(Point(1.5, 2))
    (Point(x=2, y=1.5), (1.5, 1.5, 1.5))
"""
import ast

from llvmlite import ir

from ..types import Signature, Tuple, Const, Integer, undefined
from ..types.arrayexpr import concrete
from ..types.namedtuples import NamedTuple
from ..typing.constants import literal_type
from ..typing.registry import IntrinsicImpl, intrinsic


def _build(ty, b, items):
    out = ir.Constant(ty.llvm(), ir.Undefined)
    for i, item in enumerate(items):
        out = b.insert_value(out, item, i)
    return out


def namedtuple_constructor(inf, node, cls, args, kws):
    """cls(...) → the namedtuple; each field from its argument, keyword or default."""
    fields, defaults = cls._fields, getattr(cls, "_field_defaults", {})
    if len(args) > len(fields):
        raise inf.error(node, f"{cls.__name__}() takes {len(fields)} fields but {len(args)} were given")
    sources = list(range(len(args)))                      # index into the call's values, or a default
    for name in fields[len(args):]:
        if name in kws:
            sources.append(len(args) + list(kws).index(name))
        elif name in defaults:
            ty = literal_type(defaults[name])
            if ty is None:
                raise inf.error(node, f"the default of field {name!r} of {cls.__name__} is not supported")
            sources.append((ty, defaults[name]))
        else:
            raise inf.error(node, f"{cls.__name__}() is missing the field {name!r}")
    unknown = [k for k in kws if k not in fields[len(args):]]
    if unknown:
        raise inf.error(node, f"{cls.__name__}() got an unexpected or repeated field {unknown[0]!r}")
    given = list(args) + list(kws.values())
    items = [concrete(given[s]) if isinstance(s, int) else s[0] for s in sources]
    ty = NamedTuple(cls, items)

    def codegen(low, sig, values):
        return _build(ty, low.builder, [low.cast(values[s], given[s], t) if isinstance(s, int)
                                        else low.ctx.constant(*s) for s, t in zip(sources, items)])
    return IntrinsicImpl(Signature(ty, tuple(given)), codegen)


@intrinsic("namedtuple.*")
def field_of(nt, attr):
    """`p.x`: the field's item (the attribute name comes as a Const)."""
    index = nt.field_index(attr.value) if isinstance(attr, Const) else None
    if index is None:
        return None
    return Signature(nt.items[index], (nt,)), lambda low, sig, values: low.builder.extract_value(values[0], index)


_TUPLES = ("tuple", "namedtuple")


def repeat_tuple(inf, node, left, right):
    """`t * n` / `n * t` with n an integer constant: the items n times (None: not this case)."""
    tup_node, count_node = (node.left, node.right) if left.kind in _TUPLES else (node.right, node.left)
    tup, count_ty = (left, right) if left.kind in _TUPLES else (right, left)
    if not isinstance(count_ty, Integer):
        return None
    n = inf.t.consts.get(count_node)
    if not isinstance(n, int):
        raise inf.error(node, "a tuple can be repeated by a constant count only (its length is part of its type)")
    ty = Tuple(list(tup.items) * max(n, 0))
    k = len(tup.items)

    def codegen(low, sig, values):
        value = values[0] if tup_node is node.left else values[1]
        return _build(ty, low.builder, [low.builder.extract_value(value, i % k) for i in range(len(ty.items))])
    impl = IntrinsicImpl(Signature(ty, (left, right)), codegen)
    inf.t.impls[node] = impl
    return ty


@intrinsic(tuple)
def tuple_of(*args):
    """tuple() and tuple(t) of a tuple (a namedtuple becomes a plain tuple)."""
    if not args:
        return Signature(Tuple(()), ()), lambda low, sig, values: ir.Constant(Tuple(()).llvm(), [])
    if len(args) == 1 and type(args[0]) in (Tuple, NamedTuple):
        plain = Tuple(args[0].items)
        return Signature(plain, (args[0],)), lambda low, sig, values: values[0]
    return None



def type_starred_display(inf, node):
    """`(x, *t, *u)`: the items of tuples `t`, `u` in place (their lengths are part of their types)."""
    items = []
    for e in node.elts:
        if not isinstance(e, ast.Starred):
            items.append(inf.expr(e))
            if items[-1] is undefined:
                return undefined
            continue
        ty = inf.expr(e.value)
        if ty is undefined:                 # (not typed yet: a loop's first pass)
            return undefined
        if type(ty) not in (Tuple, NamedTuple):
            raise inf.error(e, f"*unpacking inside a tuple display takes a tuple (its length is part of its "
                               f"type), not {ty}")
        items.extend(ty.items)
    return Tuple(items)


def lower_starred_display(low, node):
    values = []
    for e in node.elts:
        if isinstance(e, ast.Starred):
            tup = low.expr(e.value)
            values += [low.builder.extract_value(tup, i) for i in range(len(low.t.exprs[e.value].items))]
        else:
            values.append(low.expr(e))
    return _build(low.t.exprs[node], low.builder, values)
