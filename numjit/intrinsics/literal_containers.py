"""Heterogeneous dict and list displays (types/literal_containers.py): their typing, their
construction, and the operations of a literal dict (`d["a"]` is typed in typing/infer.py's tuple
indexing through `position_of`).

    >>> from numjit import njit, literal_unroll
    >>> import numpy as np
    >>> @njit
    ... def describe(a):
    ...     d = {"n": 3, "name": "x", "data": a}
    ...     parts = ["a", 2, 2.5]
    ...     total = 0.0
    ...     for v in literal_unroll(parts):
    ...         total += len(v) if isinstance(v, str) else v
    ...     return d["n"] * d["data"].sum(), d["name"], len(d), "data" in d, total
    >>> describe(np.ones(2))
    (6.0, 'x', 3, True, 5.5)
"""
import ast
import operator

from llvmlite import ir

from ..types import Signature, Const, Tuple, Number, NoneType, undefined
from ..types.arrayexpr import concrete
from ..types.literal_containers import LiteralStrKeyDict, LiteralList, with_initial_value
from ..types.literals import LiteralArg, literal_arg
from ..types.scalars import boolean
from ..typing.registry import intrinsic

I8 = ir.IntType(8)


def _literal(inf, node, ty):
    """The literal type of a display's item: a constant's value, else its type."""
    if node in inf.t.consts:
        found = literal_arg(inf.t.consts[node])
        if found is not None:
            return found
    if isinstance(ty, Const) and isinstance(ty.value, str):
        return LiteralArg(ty.value)
    return constant_display_type(inf, node, ty) or ty


def constant_display_type(inf, node, ty):
    """`ty` with its initial value (types/literal_containers.py) when `node` is a list or dict
    display of constants, or a variable assigned once, from one; else None."""
    display = node
    if isinstance(node, ast.Name):
        stores = [n for n in ast.walk(inf.src.tree)
                  if isinstance(n, ast.Name) and n.id == node.id and isinstance(n.ctx, ast.Store)]
        stmt = inf.assignment_of(node.id) if len(stores) == 1 else None
        display = stmt.value if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 else None
    if not isinstance(display, (ast.List, ast.Dict)):
        return None
    try:
        value = ast.literal_eval(display)
    except (ValueError, TypeError):
        return None
    return with_initial_value(ty, value)


def literal_dict(inf, node, keys, values):
    """`{"a": 1, "b": "x"}`: a LiteralStrKeyDict when every key is a constant str, else None."""
    if not all(isinstance(k, Const) and isinstance(k.value, str) for k in keys):
        return None
    names = [k.value for k in keys]
    if len(set(names)) != len(names):
        raise inf.error(node, "a dict display with values of different types cannot repeat a key")
    items = [concrete(v) for v in values]
    return LiteralStrKeyDict(names, items, [_literal(inf, n, t) for n, t in zip(node.values, items)])


def literal_list(inf, node, items):
    """`["a", 10, 1j]`: a LiteralList of the items."""
    items = [concrete(t) for t in items]
    return LiteralList(items, [_literal(inf, n, t) for n, t in zip(node.elts, items)])


def lower_literal_display(low, parts, ty):
    """The tuple of a literal container's values."""
    out = ir.Constant(ty.llvm(), ir.Undefined)
    for i, (part, item) in enumerate(zip(parts, ty.items)):
        out = low.builder.insert_value(out, low.cast(low.expr(part), low.t.exprs[part], item), i)
    return out


@intrinsic(operator.contains)
def literal_dict_contains(d, key):
    """`"a" in d`: decided by the dict's type (its keys are); a number or a tuple is never a key."""
    if not isinstance(d, LiteralStrKeyDict) or not isinstance(key, (Const, Number, Tuple, NoneType)):
        return None
    found = isinstance(key, Const) and key.value in d.keys
    return Signature(boolean, (d, key)), lambda low, sig, args: ir.Constant(ir.IntType(1), found)


def _items_of(d, what):
    keys = [Const(k) for k in d.keys]
    return {"keys": keys, "values": list(d.items),
            "items": [Tuple((k, v)) for k, v in zip(keys, d.items)]}[what]


def _view(what):
    def typer(d):
        """d.keys() / d.values() / d.items(): a tuple (iterate it with literal_unroll)."""
        if not isinstance(d, LiteralStrKeyDict):
            return None
        ty = Tuple(_items_of(d, what))

        def codegen(low, sig, args):
            b = low.builder
            out = ir.Constant(ty.llvm(), ir.Undefined)
            for i, item in enumerate(ty.items):
                value = b.extract_value(args[0], i)
                if what == "keys":
                    value = ir.Constant(item.llvm(), 0)
                elif what == "items":
                    pair = b.insert_value(ir.Constant(item.llvm(), ir.Undefined), ir.Constant(I8, 0), 0)
                    value = b.insert_value(pair, value, 1)
                out = b.insert_value(out, value, i)
            return out
        return Signature(ty, (d,)), codegen
    return typer


for _what in ("keys", "values", "items"):
    intrinsic(f"literaldict.{_what}")(_view(_what))


def position_in(inf, node, d):
    """The item of `d[key]` (a constant str key), for typing/infer.py's tuple indexing."""
    key = inf.t.exprs.get(node.slice)
    if key is undefined:
        return None
    if not (isinstance(key, Const) and isinstance(key.value, str)):
        raise inf.error(node, f"a literal dict {d} must be indexed with a constant string key, not {key}")
    if d.position_of(key.value) is None:
        raise inf.error(node, f"{key.value!r} is not a key of the literal dict {d}")
    return d.position_of(key.value)
