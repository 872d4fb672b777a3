"""List displays `[a, b]` and list comprehensions `[f(x) for x in xs if c(x)]`: typing and lowering.

A display is typed from its items (unified: `[1, 2.5]` is a list of float64);
`[]` is a list whose item type comes from what is later appended to it; a
display bound to a variable that later gets None (`xs = [1, 2]; xs.append(None)`)
is a list of optionals, as in numba. A
comprehension runs as nested counted loops appending to a new list (any
number of `for`s and `if`s); its loop variables are local to it, as in Python 3.

    >>> from numjit import njit
    >>> @njit
    ... def squares(n):
    ...     return [i * i for i in range(n) if i % 2 == 0]
    >>> squares(7)
    [0, 4, 16, 36]
"""
import ast
import itertools

from llvmlite import ir

from ..errors import UnsupportedError
from ..types import undefined, List, Tuple
from ..types.arrayexpr import concrete
from ..types.lists import is_item_type
from ..types.strings import as_value
from ..types.scalars import NoReturn, noreturn, unify, none
from .lists import build_list, new_list, append

I64 = ir.IntType(64)
_scope_ids = itertools.count(1)


# -- typing ------------------------------------------------------------------------------------------

def type_list_display(inf, node):
    for e in node.elts:
        if isinstance(e, ast.Starred):
            raise inf.error(e, "*unpacking inside a list display is not supported", UnsupportedError)
    items = [inf.expr(e) for e in node.elts]
    if undefined in items:
        return undefined
    if never_completes(items):
        return noreturn
    if not items:
        return List(undefined)
    dtype = concrete(items[0])
    nested = all(isinstance(e, ast.List) for e in node.elts)
    for t in items[1:]:
        merged = unify(dtype, concrete(t)) or (_unify_nested(dtype, concrete(t)) if nested else None)
        if merged is None:                       # ["a", 10, 1j]: numba's LiteralList
            from .literal_containers import literal_list
            return literal_list(inf, node, items)
        dtype = merged
    dtype = as_value(dtype)                     # ["a", "b"]: a list of str
    if dtype == none:
        raise inf.error(node, "a list of only None ([None] * n) is not supported in compiled code: start "
                              "it empty and append (None, then values: a list of optionals), or with a value")
    if not is_item_type(dtype):
        raise inf.error(node, f"a list cannot hold {dtype} in compiled code")
    if nested:
        for e in node.elts:                      # [[1.0, 2], [3, 4]]: the inner displays convert
            _retype_display(inf, e, dtype)
    return List(dtype)


def never_completes(items):
    """A display one of whose items always raises is never made: its type is `noreturn`, as a call's
    with such an argument (a comprehension of them can finish: it makes a list of noreturn, empty)."""
    return any(isinstance(t, NoReturn) for t in items)


def lower_never(low, parts):
    """Evaluate a never-completed display's items in order (one of them raises)."""
    for part in parts:
        low.expr(part)
    return ir.Constant(noreturn.llvm(), ir.Undefined)


def widen_to_optionals(inf, name, lst, value):
    """`xs.append(None)` (or insert) on a list of values: when `xs` is bound once, to a display,
    the display becomes a list of optionals (the next pass types it so: see display_for). True
    when it did."""
    value = concrete(value)
    if not (type(lst) is List and not lst.incomplete and lst.dtype.kind != "optional"
            and (value == none or value.kind == "optional" and unify(lst.dtype, value.type) == lst.dtype)):
        return False
    stores = [n for n in ast.walk(inf.src.tree) if isinstance(n, ast.Name) and n.id == name
              and isinstance(n.ctx, ast.Store)]
    displays = [n for n in ast.walk(inf.src.tree) if isinstance(n, ast.Assign) and _one_name(n)
                and n.targets[0].id == name and isinstance(n.value, ast.List)]
    if len(stores) != 1 or len(displays) != 1:
        return False
    inf.t.vars[name] = List(unify(lst.dtype, none))
    inf.changed = True
    return True


def display_for(inf, stmt, ty):
    """The type of the display `stmt.value` (typed `ty` from its items) in assignment `stmt`: the
    variable's list of optionals when widen_to_optionals made it one."""
    target = inf.t.vars.get(stmt.targets[0].id) if _one_name(stmt) else None
    if (type(target) is List and type(ty) is List and target.dtype.kind == "optional"
            and ty.dtype.kind != "optional" and unify(target.dtype, ty.dtype) == target.dtype):
        _retype_display(inf, stmt.value, target)
        return target
    return ty


def _one_name(stmt):
    return len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)


def _unify_nested(a, c):
    """Lists of numbers nested alike unify by their items: list(int64) and list(float64)."""
    if isinstance(a, List) and isinstance(c, List):
        inner = unify(a.dtype, c.dtype) or _unify_nested(a.dtype, c.dtype)
        return List(inner) if inner is not None else None
    return None


def widen_display(inf, node, lst, value, whole=False):
    """`rows.append([7])` into a list of float lists: a list display (a new list nothing else sees)
    whose numbers widen to the list's item type (`whole`: to the list's type, for extend) is typed
    so, its items converted (as `xs.append(7)` stores 7.0 in a list of floats). The type to store."""
    if type(lst) is not List or lst.incomplete:
        return value
    target = lst if whole else lst.dtype
    if (isinstance(value, List) and value != target and _displays_only(inf, node)
            and _unify_nested(target, value) == target):
        _retype_display(inf, node, target)
        return target
    return value


def _displays_only(inf, node):
    """Is `node` a list display whose list items are list displays too, at every depth?"""
    return isinstance(node, ast.List) and all(_displays_only(inf, e) for e in node.elts
                                              if isinstance(inf.t.exprs.get(e), List))


def _retype_display(inf, node, ty):
    inf.t.exprs[node] = ty
    for e in node.elts:
        if isinstance(e, ast.List) and isinstance(ty.dtype, List):
            _retype_display(inf, e, ty.dtype)


def type_generators(inf, node):
    """Type a comprehension's `for`s and `if`s (list, set and dict comprehensions)."""
    scope_comprehension(inf, node)
    for gen in node.generators:
        if gen.is_async:
            raise inf.error(gen, "async comprehensions are not supported", UnsupportedError)
        spec = inf.iter_spec(gen.iter)
        inf.t.iters[gen] = spec
        inf.assign(gen.target, spec.item_type, node)
        for cond in gen.ifs:
            inf.truth(cond)


def type_list_comprehension(inf, node):
    type_generators(inf, node)
    elt = inf.expr(node.elt)
    if elt is undefined:
        return undefined
    item = concrete(elt)
    if not is_item_type(item):
        raise inf.error(node.elt, f"a list cannot hold {item} in compiled code")
    return List(item)


def scope_comprehension(inf, node):
    """Give the comprehension's loop variables names of their own (`x` → `x$c3`), once per AST."""
    if getattr(node, "_numjit_scoped", False):
        return
    _rename(node, {})
    inf.locals = inf._local_names()


def _rename(node, mapping):
    if isinstance(node, ast.Name):
        node.id = mapping.get(node.id, node.id)
        return
    if isinstance(node, (ast.ListComp, ast.GeneratorExp, ast.SetComp, ast.DictComp)):
        inner = dict(mapping)
        scope = next(_scope_ids)
        for i, gen in enumerate(node.generators):
            _rename(gen.iter, mapping if i == 0 else inner)      # the first iterable is outside the scope
            for target in ast.walk(gen.target):
                if isinstance(target, ast.Name):
                    inner[target.id] = f"{target.id}$c{scope}"      # original_name() strips the suffix
            _rename(gen.target, inner)
            for cond in gen.ifs:
                _rename(cond, inner)
        for part in (node.key, node.value) if isinstance(node, ast.DictComp) else (node.elt,):
            _rename(part, inner)
        node._numjit_scoped = True
        return
    if isinstance(node, ast.Lambda):            # its body reads its captures, renamed here with them
        node.numjit_captures = [(name, mapping.get(v, v)) for name, v in node.numjit_captures]
        return
    for child in ast.iter_child_nodes(node):
        _rename(child, mapping)


# -- lowering -----------------------------------------------------------------------------------------

def lower_list_display(low, node):
    ty = low.t.exprs[node]
    if isinstance(ty, NoReturn):
        return lower_never(low, node.elts)
    if isinstance(ty, Tuple):                    # a LiteralList (intrinsics/literal_containers.py)
        from .literal_containers import lower_literal_display
        return lower_literal_display(low, node.elts, ty)
    values = [low.expr(e) for e in node.elts]
    return build_list(low, ty, values, [low.t.exprs[e] for e in node.elts])


def lower_list_comprehension(low, node):
    ty = low.t.exprs[node]
    lst = new_list(low, ty, ir.Constant(I64, 0))
    low.own(lst, ty)

    def add_item():
        append(low, lst, ty, low.cast(low.expr(node.elt), low.t.exprs[node.elt], ty.dtype))
    generate(low, node, 0, add_item)
    return lst


def generate(low, node, level, add_item):
    """The loops of a comprehension's generators; `add_item()` runs in the innermost one."""
    from ..lowering.loops import make_iter
    b, fn = low.builder, low.fn
    if level == len(node.generators):
        add_item()
        low.release_temps()
        return
    gen = node.generators[level]
    spec = low.t.iters[gen]
    low.temps.append([])                     # the iterable's temporaries live as long as its loop
    it = make_iter(low, gen.iter, spec)
    n = b.sext(it.n, I64) if it.n.type.width < 64 else it.n
    counter = low.ctx.alloca(b, I64, name="comp.k")
    b.store(ir.Constant(I64, 0), counter)
    test, body, step, end = (fn.append_basic_block(f"comp.{x}") for x in ("test", "body", "step", "end"))
    b.branch(test)
    b.position_at_end(test)
    k = b.load(counter)
    more = b.icmp_signed("<", k, n)
    if it.live_ok is not None:
        more = b.and_(more, it.live_ok(k))
    b.cbranch(more, body, end)
    b.position_at_end(body)
    low.temps.append([])                     # one iteration's temporaries
    value = it.item(k if it.n.type.width == 64 else b.trunc(k, it.n.type))
    if value is not None:
        low.assign(gen.target, value, spec.item_type)
    low.release_temps()
    for cond in gen.ifs:
        ok = low.cond(cond)
        low.release_temps()
        keep = fn.append_basic_block("comp.if")
        b.cbranch(ok, keep, step)
        b.position_at_end(keep)
    generate(low, node, level + 1, add_item)
    low.temps.pop()
    b.branch(step)
    b.position_at_end(step)
    b.store(b.add(b.load(counter), ir.Constant(I64, 1), flags=["nsw", "nuw"]), counter)
    b.branch(test)
    b.position_at_end(end)
    if it.exhausted is not None:             # a comprehension always runs its iterator to the end
        it.exhausted()
    low.release_temps()
    low.temps.pop()
