"""The fuzzer's generators added in session 10: control flow and semantic edges of everyday
numba code. Loops whose body raises builtin exceptions inside a try (handlers that continue,
break or count, a finally), a try around a loop that raises out of it, while loops searching with
break and else, nested tuple unpacking (also in a for target) and swaps, inner defs returning
nested tuples, closures over arrays (reading and writing items), `for x in a[::-1]` and rows of
`b[::-1, ::-2]`, 2-d slice assignment with negative steps (overlapping sources included),
boolean masks combined with & | ~ read and written, `np.empty_like`/`zeros_like`/`full_like`
with dtype=, array methods (`cumsum`, `clip`, `astype`, `argmax`), str()/repr()/f-strings of
ints and floats at their edges (NaN, inf, -0.0, 1e300) read back as a checksum, int()/floor/ceil/
round of NaN and large floats, float `%`/`//` with negative and zero divisors and the sign of
zero results (through math.copysign), min/max with NaN (Python's order-dependent answers), and
integers to constant negative powers (a float, as in Python). generate.py appends these tables to
its own at low weights; `python -m tools.fuzz --boost K` multiplies them with idioms.py's.

    >>> import random
    >>> from tools.fuzz.generate import Gen, T
    >>> g = Gen(random.Random(3), scopes=[{}, {"x": T("float"), "n": T("int")}, {}])
    >>> lines = _s_while_search(g, "    ")
    >>> lines[0].endswith(" = 0"), any(line.strip() == "else:" for line in lines)
    (True, True)
"""
import numpy as np

from .generate import MOD, T, _arr_template, _from_array, _template
from .statements import _loop_body, _value_for

_EDGE_FLOATS = ["-0.0", "1e300", "-1e-300", "math.inf", "-math.inf", "math.nan", "(0.1 + 0.2)", "1e16",
                "123456789.0", "2.5e-07", "(-1.5)"]


def _edge_float(g, depth=1):
    """A float expression, or one of the values where conversions and formatting have edges."""
    return g.rng.choice(_EDGE_FLOATS) if g.chance(0.4) else g.expr("float", depth)


def _real(t, ndim=None, nonempty=True):
    return (t.kind == "arr" and t.shape is not None and t.dtype[0] in "biuf" and t.dtype != "bool"
            and (ndim is None or len(t.shape) == ndim) and not (nonempty and 0 in t.shape))


# -- exceptions in loops, while/else ---------------------------------------------------------------
_RAISABLE = ["ValueError", "IndexError", "KeyError", "RuntimeError", "ZeroDivisionError", "OverflowError"]


def _s_loop_try(g, ind):
    """A for loop whose body raises inside a try (an explicit raise of a builtin exception, a
    list or array index out of range, a missing dict key, a float division by zero); the handlers
    count, continue or break; maybe else and finally. Exceptions no handler takes leave `f`."""
    if g.loop_depth >= 2:
        return None
    acc, i, e = g.fresh(), "_" + g.fresh("i"), g.fresh("_e")
    first, second = g.rng.sample(_RAISABLE, 2)
    g.scopes.append({i: T("int"), acc: T("float")})
    c1, c2, x = g.expr("bool", 1), g.expr("bool", 1), g.expr("float", 1)
    g.scopes.pop()
    arr = g.pick_var(lambda t: _real(t, nonempty=False) and len(t.shape) == 1)
    risky = g.rng.choice([[f"if {c1}:", f"    raise {first}('at ' + str({i}))"],
                          [f"{acc} += [1.0, 2.5, -0.5, 4.0][({i} * 7) % 5]"],
                          [f"{acc} += 10.0 / ({i} % 3)"],
                          [f"{acc} += {{0: 1.5, 2: -1.0}}[{i} % 3]"]]
                         + ([[f"{acc} += float({arr}[{i} * 2 - 3])"]] if arr else []))
    body = [f"{ind}        {line}" for line in risky]
    if g.chance(0.5):
        body += [f"{ind}        if {c2}:", f"{ind}            raise {second}()"]
    body.append(f"{ind}        {acc} += {x}")
    lines = [f"{ind}{acc} = 0.0", f"{ind}for {i} in range({g.rng.randint(0, 7)}):", f"{ind}    try:"] + body
    handlers = g.rng.sample([
        [f"except ({first}, KeyError) as {e}:", f"    {acc} -= len(str({e})) * 0.5",
         f"    {g.rng.choice(['continue', 'break', 'pass'])}"],
        [f"except {second}:", f"    {acc} *= 0.5", f"    {g.rng.choice(['continue', 'break', 'pass'])}"],
        ["except (IndexError, ZeroDivisionError):", f"    {acc} += 100.0"],
        ["except Exception:", f"    {acc} = -{acc}"],
    ], g.rng.randint(1, 3))
    if arr and arr in risky[0]:            # an array index out of bounds is checked where IndexError is caught
        handlers.insert(0, ["except IndexError:", f"    {acc} -= 0.25"])
    for handler in handlers:
        lines += [f"{ind}    {line}" for line in handler]
    if g.chance(0.3):
        lines += [f"{ind}    else:", f"{ind}        {acc} += 1.0"]
    if g.chance(0.4):
        lines += [f"{ind}    finally:", f"{ind}        {acc} = min(max({acc}, -1e6), 1e6)"]
    g.declare(acc, T("float"))
    return lines


def _s_try_loop(g, ind):
    """A try around a loop (or two nested) that raises out of it; the handler reads how far the
    loop got."""
    if g.loop_depth >= 2:
        return None
    v, k, j = g.fresh(), "_" + g.fresh("k"), "_" + g.fresh("j")
    exc = g.rng.choice(_RAISABLE)
    inner = g.loop_depth == 0 and g.chance(0.4)
    g.scopes.append({k: T("int"), j: T("int")} if inner else {k: T("int")})
    cond = g.expr("bool", 1)
    g.scopes.pop()
    loop = [f"for {k} in range({g.rng.randint(0, 6)}):"]
    if inner:
        loop += [f"    for {j} in range({k}, {g.rng.randint(1, 5)}):", f"        {v} += {j} + 1",
                 f"        if {cond}:", f"            raise {exc}('stop')"]
    else:
        loop += [f"    {v} += 1", f"    if {cond}:", f"        raise {exc}('stop')"]
    handler = g.rng.choice([f"except {exc}:", f"except {exc} as {g.fresh('_e')}:", "except Exception:"])
    lines = [f"{ind}{v} = 0", f"{ind}try:"] + [f"{ind}    {line}" for line in loop]
    lines += [f"{ind}{handler}", f"{ind}    {v} = -{v} - 1"]
    if g.chance(0.3):
        lines += [f"{ind}else:", f"{ind}    {v} = {v} * 2"]
    g.declare(v, T("int"))
    return lines


def _s_while_search(g, ind):
    """A while loop searching an array or a list: break when an item passes a test, the loop's
    else when none does; maybe a continue (after its increment) that skips some positions."""
    i, found = g.fresh(), g.fresh()
    lst = g.pick_var(lambda t: t.kind == "list")
    arr = g.array(lambda t: _real(t, 1, nonempty=False), 0)
    if arr is not None and (lst is None or g.chance(0.6)):
        seq = arr[0] if arr[0].isidentifier() else f"({arr[0]})"
        item = f"float({seq}[{i}])"
    elif lst is not None:
        seq, item = lst, f"{lst}[{i}]"
    else:
        seq, item = "[1.5, -2.0, 3.0]", f"[1.5, -2.0, 3.0][{i}]"
    lines = [f"{ind}{i} = 0", f"{ind}{found} = -1", f"{ind}while {i} < len({seq}):"]
    if g.chance(0.4):
        lines += [f"{ind}    if {i} % 3 == {g.rng.randint(0, 2)}:", f"{ind}        {i} += 1", f"{ind}        continue"]
    lines += [f"{ind}    if {item} > {g.expr('float', 0)}:", f"{ind}        {found} = {i}", f"{ind}        break",
              f"{ind}    {i} += 1", f"{ind}else:", f"{ind}    {found} = -100 - {i}"]
    g.declare(found, T("int"))
    return lines


# -- tuples, inner functions, closures -------------------------------------------------------------
def _s_unpack(g, ind):
    """Nested tuple unpacking (`a, (b, c) = x, (y, z)`, from a nested tuple variable, as a for
    target over a list of nested tuples) and swaps `a, b = b, a`."""
    kinds = [g.rng.choice(["int", "float", "bool"]) for _ in range(3)]
    a, b, c, t = g.fresh(), g.fresh(), g.fresh(), g.fresh("_t")
    ea, eb, ec = (g.expr(k, 1) for k in kinds)
    r = g.rng.random()
    if r < 0.3:
        lines = [f"{ind}{a}, ({b}, {c}) = {ea}, ({eb}, {ec})"]
    elif r < 0.5:
        lines = [f"{ind}({b}, {c}), {a} = ({eb}, {ec}), {ea}"]
    elif r < 0.7:
        lines = [f"{ind}{t} = ({ea}, ({eb}, {ec}))", f"{ind}{a}, ({b}, {c}) = {t}", f"{ind}{b} = {t}[1][0]"]
    elif r < 0.85:
        other = [g.expr(k, 0) for k in kinds]
        acc = g.fresh()
        lines = [f"{ind}{acc} = 0.0",
                 f"{ind}for {a}, ({b}, {c}) in [({ea}, ({eb}, {ec})), ({other[0]}, ({other[1]}, {other[2]}))]:",
                 f"{ind}    {acc} = {acc} * 0.5 + {a} - {b} + {c}"]
        g.declare(acc, T("float"))
        return lines
    else:
        kind = g.rng.choice(["int", "float"])
        names = sorted(g.vars(lambda u: u.kind == kind, assignable=True))
        if len(names) < 2:
            return None
        x, y = g.rng.sample(names, 2)
        return [f"{ind}{x}, {y} = {y}, {x}"]
    for name, kind in zip((a, b, c), kinds):
        g.declare(name, T(kind))
    return lines


def _s_inner_tuple(g, ind):
    """An inner def returning a nested tuple, unpacked at one call and indexed at another. Its
    body reads its parameters and the global constants only (see statements._s_lambda)."""
    fn, q, w = g.fresh("_fn"), "_" + g.fresh("q"), "_" + g.fresh("w")
    a, b, c, t = g.fresh(), g.fresh(), g.fresh(), g.fresh("_t")
    outer, g.scopes = g.scopes, [g.scopes[0], {q: T("float"), w: T("int")}]
    first, second, third = g.expr("float", 1), g.expr("int", 1), g.expr("bool", 1)
    g.scopes = outer
    lines = [f"{ind}def {fn}({q}, {w}):", f"{ind}    return min(max({first}, -1e6), 1e6), (({second}) % {MOD}, {third})",
             f"{ind}{a}, ({b}, {c}) = {fn}({g.expr('float', 1)}, {g.expr('int', 1)})",
             f"{ind}{t} = {fn}({g.expr('float', 0)}, {g.expr('int', 0)})",
             f"{ind}{a} = {a} + {t}[0]", f"{ind}{b} = ({b} + {t}[1][0]) % {MOD}", f"{ind}{c} = {c} or {t}[1][1]"]
    for name, kind in ((a, "float"), (b, "int"), (c, "bool")):
        g.declare(name, T(kind))
    return lines


def _s_closure_array(g, ind):
    """Inner defs over a captured array (an alias no statement reassigns): one reads an item, one
    writes one; the write shows in the enclosing function (and in an input array)."""
    name = g.pick_var(lambda t: _real(t) and not t.readonly and len(t.shape) in (1, 2))
    if name is None:
        return None
    t = g.vars()[name]
    cap, rd, wr, q, val, v = "_" + g.fresh("c"), g.fresh("_fn"), g.fresh("_fn"), "_" + g.fresh("q"), "_" + g.fresh("x"), g.fresh()
    item = f"{cap}[{q} % {t.shape[0]}]" if len(t.shape) == 1 else f"{cap}[{q} % {t.shape[0]}, ({q} // 2) % {t.shape[1]}]"
    lines = [f"{ind}{cap} = {name}", f"{ind}def {rd}({q}):", f"{ind}    return float({item}) * 2.0 - {q}",
             f"{ind}def {wr}({q}, {val}):", f"{ind}    {item} = {val}",
             f"{ind}{v} = {rd}({g.expr('int', 1)})", f"{ind}{wr}({g.expr('int', 1)}, {_value_for(g, t.dtype)})",
             f"{ind}{v} += {rd}({g.expr('int', 0)})"]
    g.declare(v, T("float"))
    return lines


# -- arrays: reversed iteration, 2-d slice stores, masks, empty_like -------------------------------
def _s_reversed_iter(g, ind):
    """`for x in a[::-1]` (or `a[::-2]`, a list's `l[::-1]`) and `for row in b[::-1]` (or
    `b[::-1, ::-2]`, `b[:, ::-1]`) with the items converted to Python numbers in the body."""
    if g.loop_depth >= 2:
        return None
    got = g.array(lambda t: _real(t, nonempty=False) or t.shape is not None and t.dtype == "bool", 0)
    x, u = "_" + g.fresh("e"), g.fresh("u")
    src = got and (got[0] if got[0].isidentifier() else f"({got[0]})")
    if got is not None and len(got[1].shape) == 2:
        header = src + g.rng.choice(["[::-1]", "[::-1, ::-2]", "[:, ::-1]", "[-1::-2]"])
        first = f"{u} = float({x}.sum())"
    elif got is not None:
        header, first = src + g.rng.choice(["[::-1]", "[::-2]", "[-2::-1]"]), f"{u} = float({x})"
    else:
        lst = g.pick_var(lambda t: t.kind == "list")
        if lst is None:
            return None
        header, first = f"{lst}[::-1]", f"{u} = float({x})"
    g.scopes.append({u: T("float")})
    body = [f"{ind}    {first}"] + _loop_body(g, ind + "    ", {}, g.rng.randint(1, 2))
    g.scopes.pop()
    return [f"{ind}for {x} in {header}:"] + body


_SLICES_2D = ["::-1, 1:", "1:, ::-2", "::-2", ":, ::-1", "-1::-1, :-1", "::-1, ::-1", ":1, ::-3", "1:, :"]


def _s_slice_store_2d(g, ind):
    """Assignment into a slice of a 2-d array variable with negative steps: a scalar, another
    array broadcast to the slice's shape, or a slice of the same array (overlapping: NumPy
    copies the source first)."""
    name = g.pick_var(lambda t: _real(t, 2) and not t.readonly, assignable=True)
    if name is None:
        return None
    t = g.vars()[name]
    sl = g.rng.choice(_SLICES_2D)
    target = g.typed_array(f"_x[{sl}]", {"_x": t})
    if target is None or 0 in target.shape:
        return None
    r = g.rng.random()
    if r < 0.35:
        return [f"{ind}{name}[{sl}] = {_value_for(g, t.dtype)}"]
    if r < 0.7:
        others = [s for s in _SLICES_2D if g.typed_array(f"_x[{s}]", {"_x": t}) == target]
        return [f"{ind}{name}[{sl}] = {name}[{g.rng.choice(others)}]"]
    got = g.array(lambda u: u.shape is not None and u.shape in (target.shape, target.shape[1:], (1,))
                  and np.can_cast(u.dtype, t.dtype, "same_kind"), 0)
    if got is None:
        return None
    return [f"{ind}{name}[{sl}] = {got[0]}"]


def _s_mask_rw(g, ind):
    """Boolean masks combined with `&`, `|`, `~` (and np.isnan of float data): writes through
    them (`a[m] = a[m] // 2`, `a[m] = v`, `a[~m] += v`) and reads (`a[m].sum()`, `a[~m].size`)."""
    name = g.pick_var(lambda t: _real(t) and not t.readonly, assignable=True)
    if name is None:
        return None
    t = g.vars()[name]
    m, v = g.fresh("_m"), g.fresh()
    x, y = g.expr("int", 0), g.expr("float", 0)
    mask = g.rng.choice([f"({name} > {x}) & ({name} < {y})", f"({name} < {x}) | ({name} == {name}.max())",
                         f"~({name} > {y})", f"({name} != 0) & ~({name} > {x})"]
                        + ([f"np.isnan({name}) | ({name} > {y})"] if t.dtype[0] == "f" else []))
    lines = [f"{ind}{m} = {mask}"]
    for line in (f"{name}[{m}] = {name}[{m}] // 2", f"{name}[{m}] = {_value_for(g, t.dtype)}",
                 f"{name}[~{m}] += {'1' if t.dtype[0] in 'iu' else g.expr('float', 0)}"):
        if g.chance(0.5):
            lines.append(ind + line)
    use = g.rng.choice([f"float({name}[{m}].sum()) + {name}[~{m}].size", f"float(np.sum({name}[{m} & ({name} > 0)]))",
                        f"float(len({name}[{m}])) - float({name}[~{m}].sum())"])
    g.declare(v, T("float"))
    return lines + [f"{ind}{v} = {use}"]


_LIKE_DTYPES = ["np.float64", "np.float32", "np.int64", "np.int32"]


def _s_empty_like(g, ind):
    """`np.empty_like(a, dtype=...)` (or without dtype) filled before it is read: by a slice store of
    a scalar or of `a` itself, or by `.fill()`."""
    got = g.array(lambda t: _real(t, nonempty=False), 0)
    if got is None:
        return None
    e = g.fresh("a")
    dtype = g.rng.choice(_LIKE_DTYPES + [None])
    made = f"np.empty_like({got[0]}{f', dtype={dtype}' if dtype else ''})"
    t = g.typed_array(made.replace(got[0], "_x", 1), {"_x": got[1]})
    if t is None:
        return None
    fill = g.rng.choice([f"{e}[...] = {_value_for(g, t.dtype)}", f"{e}.fill({_value_for(g, t.dtype)})"]
                        + ([f"{e}[:] = {got[0]}"] if np.can_cast(got[1].dtype, t.dtype, "same_kind") else []))
    g.declare(e, t)
    return [f"{ind}{e} = {made}", ind + fill]


# -- numbers as text, conversions at the edges -----------------------------------------------------
def _s_num_str(g, ind):
    """str()/repr()/f-strings (with format specs) of ints and floats, edge values included, read
    back as a checksum of the characters."""
    s, v, x, n = g.fresh("_s"), g.fresh(), g.fresh("_x"), g.fresh("_n")
    lines = [f"{ind}{x} = {_edge_float(g)}", f"{ind}{n} = {g.expr('int', 1)}"]
    made = g.rng.choice([f"str({x})", f"repr({x})", f"f'{{{x}}}'", f"f'{{({x})!r}}'", f"str({n})", f"f'{{{n}}}'",
                         f"f'{{({x}):.3f}}'", f"f'{{({x}):e}}'", f"f'{{({x}):g}}'", f"str(float({n}))",
                         f"f'{{({x}):.0f}}|{{({n})}}'", f"str(-({n})) + str(abs({x}))", f"f'{{({x}):+.2f}}'",
                         f"str({x}) + '/' + str({n} // 3)", f"str(np.float32({x}))", f"f'{{np.float32({x})!s}}'"])
    use = g.rng.choice([f"sum([ord(_c) * (_j + 1) for _j, _c in enumerate({s})]) % {MOD}",
                        f"len({s}) * 1000 + sum([ord(_c) for _c in {s}])"])
    g.declare(v, T("int"))
    return lines + [f"{ind}{s} = {made}", f"{ind}{v} = {use}"]


def _to_int(text, fallback):
    """`text` ({} a float) where it converts to an int64 (NaN and inf go through: Python's
    ValueError/OverflowError; |x| >= 1e18 does not: Python's int is wider than int64)."""
    def build(g, depth):
        x = _edge_float(g, depth)
        return f"({text.format(x)} if not abs({x}) >= 1e18 else {fallback})"
    build.__name__ = f"int:{text}"
    return build


def _nan_minmax(g, depth):
    """min/max with a NaN among the arguments: Python keeps the first unless a later one compares
    greater (less), so the answer depends on the order."""
    x, y = g.expr("float", depth), g.expr("float", depth)
    return g.rng.choice([f"max({x}, math.nan)", f"max(math.nan, {x})", f"min({x}, math.nan, {y})",
                         f"min(math.nan, {x})", f"max([{x}, math.nan, {y}])", f"min(({x}, {y}, math.nan))"])


def _float_divisor(g, depth):
    """A float `%`/`//` whose divisor may be zero (ZeroDivisionError) or negative; or the sign of
    such a result, of abs() or of a negation (-0.0 included) through math.copysign."""
    x, y = _edge_float(g, depth), g.rng.choice(["0.0", "-0.0", "(-2.5)", "3.0", "math.inf", "-math.inf",
                                                g.expr("float", 0)])
    sign = g.rng.choice([f"{x} % {y}", f"{x} // {y}", f"abs({x})", f"-({x})"])
    # a NaN's sign is the platform's (x86's fmod(inf, y) is -nan; a folded constant +nan): not compared
    return g.rng.choice([f"({x} % {y})", f"({x} // {y})", f"divmod({x}, {y})[{g.rng.randint(0, 1)}]",
                         f"(math.copysign(1.0, {sign}) if not math.isnan({sign}) else 0.0)"])


ARRAY_EDGES = [
    (0.05, _arr_template("np.zeros_like({a}, dtype=np.float32)")), (0.05, _arr_template("np.ones_like({a}, dtype=np.int32)")),
    (0.05, _arr_template("np.full_like({a}, 2.5)", real=True)), (0.05, _arr_template("np.full_like({a}, 3, dtype=np.float64)")),
    (0.05, _arr_template("{a}.cumsum()")), (0.05, _arr_template("{a}.clip(-1, 2)", real=True)),
    (0.05, _arr_template("{a}.clip(2.5, -1.0)", real=True)), (0.05, _arr_template("{a}.astype(np.int64)", real=True)),
    (0.05, _arr_template("{a}.T.copy()")),
]
EXPRESSION_EDGES = {
    "int": [(0.1, _to_int("int({})", "-1")), (0.1, _to_int("math.floor({})", "7")),
            (0.1, _to_int("math.ceil({})", "-7")), (0.1, _to_int("round({})", "3")),
            (0.05, _from_array("int", "iuf", "int({a}.argmax())"))],
    "float": [(0.1, _template("float", "({} ** -1)", "int")), (0.1, _template("float", "((-{}) ** -3)", "int")),
              (0.1, _template("float", "(({} % 7 + 1) ** -2)", "int")), (0.1, _nan_minmax), (0.1, _float_divisor)],
}
STATEMENT_EDGES = [
    (0.1, _s_loop_try), (0.1, _s_try_loop), (0.1, _s_while_search), (0.1, _s_unpack), (0.1, _s_inner_tuple),
    (0.1, _s_closure_array), (0.1, _s_reversed_iter), (0.1, _s_slice_store_2d), (0.1, _s_mask_rw),
    (0.05, _s_empty_like), (0.1, _s_num_str),
]
