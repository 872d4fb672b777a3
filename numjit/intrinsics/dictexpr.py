"""Dict and set displays `{k: v}`, `{a, b}` and comprehensions `{k: v for ...}`, `{x for ...}`:
typing and lowering (each item is stored as `d[k] = v` / `s.add(x)` would store it).

    >>> from numjit import njit
    >>> @njit
    ... def squares(n):
    ...     return {i: i * i for i in range(n)}, {i % 3 for i in range(n)}
    >>> squares(4)
    ({0: 0, 1: 1, 2: 4, 3: 9}, {0, 1, 2})

A display's keys unify (`{1: 0, 2.5: 0}` has float64 keys), and so do its values; `{}`
takes its types from what is stored in it later, as `[]` does.
"""
import ast
import operator

from ..errors import UnsupportedError, TypingError
from ..types import undefined
from ..types.arrayexpr import concrete
from ..types.dicts import DictType, SetType
from ..types.scalars import NoReturn, noreturn, unify
from .dicts import new_table
from .listexpr import type_generators, generate, never_completes, lower_never


def _unified(inf, node, types, what):
    out = concrete(types[0])
    for t in types[1:]:
        merged = unify(out, concrete(t))
        if merged is None:
            raise inf.error(node, f"a {what} holds one type; this one mixes {out} and {t}", TypingError)
        out = merged
    return out


def _mixed(types):
    out = concrete(types[0])
    for t in types[1:]:
        out = unify(out, concrete(t)) if out is not None else None
    return out is None


def _store(inf, node, ty, key_ty, value_ty=None):
    """Resolve how one item is stored (d[k] = v, or s.add(x)) and return the completed type."""
    from ..typing import registry
    if isinstance(key_ty, NoReturn) or isinstance(value_ty, NoReturn):
        # (a comprehension's item) its evaluation always raises, so nothing is ever stored
        ty = SetType(noreturn) if isinstance(ty, SetType) else DictType(noreturn, noreturn)
        inf.never(node, [ty, key_ty] + ([value_ty] if value_ty else []), record_on=("store", node))
        return ty
    if isinstance(ty, SetType):
        impl = registry.resolve("set.add", (ty, key_ty))
    else:
        impl = registry.resolve(operator.setitem, (ty, key_ty, value_ty))
    inf.t.impls[("store", node)] = impl
    return impl.signature.args[0]


def type_dict_display(inf, node):
    if any(k is None for k in node.keys):
        raise inf.error(node, "**unpacking inside a dict display is not supported", UnsupportedError)
    keys = [inf.expr(k) for k in node.keys]
    values = [inf.expr(v) for v in node.values]
    if undefined in keys or undefined in values:
        return undefined
    if never_completes(keys + values):
        return noreturn
    if not keys:
        return DictType(undefined, undefined)
    if _mixed(values):                             # {"a": 1, "b": "x"}: numba's LiteralStrKeyDict
        from .literal_containers import literal_dict
        literal = literal_dict(inf, node, keys, values)
        if literal is not None:
            return literal
    key, value = _unified(inf, node, keys, "dict's keys"), _unified(inf, node, values, "dict's values")
    return _store(inf, node, DictType(undefined, undefined), key, value)


def type_set_display(inf, node):
    if any(isinstance(e, ast.Starred) for e in node.elts):
        raise inf.error(node, "*unpacking inside a set display is not supported", UnsupportedError)
    items = [inf.expr(e) for e in node.elts]
    if undefined in items:
        return undefined
    if never_completes(items):
        return noreturn
    return _store(inf, node, SetType(undefined), _unified(inf, node, items, "set"))


def type_dict_comprehension(inf, node):
    type_generators(inf, node)
    key, value = inf.expr(node.key), inf.expr(node.value)
    if undefined in (key, value):
        return undefined
    return _store(inf, node, DictType(undefined, undefined), key, value)


def type_set_comprehension(inf, node):
    type_generators(inf, node)
    item = inf.expr(node.elt)
    if item is undefined:
        return undefined
    return _store(inf, node, SetType(undefined), item)


# -- lowering -----------------------------------------------------------------------------------------

def _new(low, node):
    ty = low.t.exprs[node]
    table = new_table(low, ty)
    low.own(table, ty)
    return table, ty


def _put(low, node, table, ty, parts):
    values = [low.expr(p) for p in parts]
    low.apply(low.t.impls[("store", node)], [table] + values, [ty] + [low.t.exprs[p] for p in parts])


def lower_dict_display(low, node):
    if isinstance(low.t.exprs[node], NoReturn):
        return lower_never(low, [p for kv in zip(node.keys, node.values) for p in kv])
    if low.t.exprs[node].kind == "literaldict":
        from .literal_containers import lower_literal_display
        return lower_literal_display(low, node.values, low.t.exprs[node])
    table, ty = _new(low, node)
    for k, v in zip(node.keys, node.values):
        _put(low, node, table, ty, (k, v))
    return table


def lower_set_display(low, node):
    if isinstance(low.t.exprs[node], NoReturn):
        return lower_never(low, node.elts)
    table, ty = _new(low, node)
    for e in node.elts:
        _put(low, node, table, ty, (e,))
    return table


def lower_comprehension(low, node):
    table, ty = _new(low, node)
    parts = (node.key, node.value) if isinstance(node, ast.DictComp) else (node.elt,)
    generate(low, node, 0, lambda: _put(low, node, table, ty, parts))
    return table
