"""The fuzzer's generators added in session 8: closures, star-expressions in tuples and calls,
`typed.List`/`typed.Dict`, jitclasses (a class with annotated fields written at module level;
run.py compiles it with `numjit.jitclass`), `np.linalg` (det, inv, solve, norm of diagonally
dominant matrices, rounded), `np.sort`/`argsort`/`searchsorted` and `a.sort()`, `cmath` and complex
array ufuncs, integer arrays that wrap (int8..int64 casts and arithmetic), 0-d arrays (made,
assigned, read back: never used in arithmetic, see NOT_GENERATED), NumPy float32 scalar arithmetic
with float32 and integer NumPy scalars, more `try`/`except` (KeyError, TypeError, a re-raise) and
more format specs. generate.py appends these tables to its own.

    >>> import random
    >>> from tools.fuzz.generate import Gen, T
    >>> g = Gen(random.Random(5), scopes=[{}, {"x": T("float"), "n": T("int")}, {}])
    >>> lines = _s_linalg(g, "    ")
    >>> any("np.linalg." in line for line in lines)
    True
    >>> lines = _s_jitclass(g, "    ")
    >>> g.preamble[0].startswith("class _J")
    True
"""
import numpy as np

from .generate import MOD, T, _arr_template
from .statements import _value_for


def _finite(g, kind="float", depth=1, bound="1e6"):
    """A float (or complex) expression and a test that it is finite and below `bound` in size."""
    x = g.expr(kind, depth)
    return x, f"abs({x}) < {bound}"


# -- closures and star-expressions ---------------------------------------------------------------
def _s_closure(g, ind):
    """An inner def reading a captured value (a fresh `_c` name, never reassigned after the def)
    and its parameter, maybe called by a second inner def; both called in the enclosing function."""
    kind = g.rng.choice(["int", "float"])
    c, fn, fn2, q, v = "_" + g.fresh("c"), g.fresh("_fn"), g.fresh("_fn"), "_" + g.fresh("q"), g.fresh()
    captured = g.expr(kind, 1)
    outer, g.scopes = g.scopes, [g.scopes[0], {q: T(kind), c: T(kind)}]
    body = g.expr(kind, 1)
    g.scopes = outer
    wrap = (lambda e: f"({e}) % {MOD}") if kind == "int" else (lambda e: f"min(max({e}, -1e6), 1e6)")
    lines = [f"{ind}{c} = {captured}", f"{ind}def {fn}({q}):", f"{ind}    return {wrap(body + ' + ' + c)}"]
    call = fn
    if g.chance(0.5):
        lines += [f"{ind}def {fn2}({q}):", f"{ind}    return {wrap(f'{fn}({q}) * 2 - {c}')}"]
        call = fn2
    lines.append(f"{ind}{v} = {call}({g.expr(kind, 1)}) + {fn}({g.expr(kind, 0)})")
    g.declare(v, T(kind))
    return lines


def _s_star(g, ind):
    """`(*t, x)` and `(x, *t, *t)` of a tuple variable; read back by index and len."""
    name = g.pick_var(lambda t: t.kind == "tuple")
    if name is None:
        return None
    t = g.vars()[name]
    kind = g.rng.choice(["int", "float", "bool"])
    w = g.fresh("t")
    if g.chance(0.5):
        src, items = f"(*{name}, {g.expr(kind, 1)})", t.items + (kind,)
    else:
        src, items = f"({g.expr(kind, 1)}, *{name}, *{name})", (kind,) + t.items + t.items
    g.declare(w, T("tuple", items=items))
    return [f"{ind}{w} = {src}"]


def _star_call(g, depth):
    """A helper called with `*` over a tuple of its arguments."""
    names = sorted(n for n, (params, r) in g.helpers.items()
                   if r == "int" and all(p.kind in ("int", "float", "bool") for p in params))
    if not names:
        return None
    name = g.rng.choice(names)
    args = ", ".join(g.expr(p.kind, depth) for p in g.helpers[name][0])
    return f"{name}(*({args},))"


# -- typed containers and jitclasses -------------------------------------------------------------
def _s_typed_list(g, ind):
    """A typed.List made empty, from a list, or from a range, grown and changed, read back."""
    kind = g.rng.choice(["int", "float"])
    lst, v, k = g.fresh("_tl"), g.fresh(), "_" + g.fresh("k")
    g.scopes.append({k: T("int")})
    elem = g.expr(kind, 1)
    g.scopes.pop()
    elem = f"({elem}) % 1000" if kind == "int" else elem
    n = g.rng.randint(0, 5)
    made = g.rng.choice([f"typed.List.empty_list(types.{'int64' if kind == 'int' else 'float64'})",
                         "typed.List()", f"typed.List([{g.expr(kind, 0)}, {g.expr(kind, 0)}])"]
                        + ([f"typed.List(range({n}))"] if kind == "int" else []))
    lines = [f"{ind}{lst} = {made}", f"{ind}for {k} in range({n}):", f"{ind}    {lst}.append({elem})"]
    for op in (f"{lst}.insert(0, {g.expr(kind, 1)})", f"{lst}.extend([{g.expr(kind, 0)}, {g.expr(kind, 0)}])",
               f"{lst}.reverse()", f"{lst}.sort()"):
        if g.chance(0.3):
            lines.append(ind + op)
    lines.append(f"{ind}{lst}.append({g.expr(kind, 0)})")        # never empty from here
    if g.chance(0.4):
        lines.append(f"{ind}{lst}[{g.index(f'len({lst})')}] = {g.expr(kind, 1)}")
    use = g.rng.choice([f"len({lst})", f"{lst}[-1] + {lst}[0]", f"sum({lst})", f"{lst}.pop() + len({lst})",
                        f"max({lst}) - min({lst})", f"{lst}.count({lst}[0])", f"{lst}.index({lst}[-1])",
                        f"sum([_z * 2 for _z in {lst}])"])
    out = "int" if use.startswith(("len", f"{lst}.count", f"{lst}.index")) or kind == "int" else "float"
    g.declare(v, T(out))
    return lines + [f"{ind}{v} = {use}"]


def _s_typed_dict(g, ind):
    """A typed.Dict (empty with its types, or typed by its first store) with int keys and float
    values: stores, then a number read back."""
    d, v = g.fresh("_td"), g.fresh()
    made = g.rng.choice(["typed.Dict.empty(key_type=types.int64, value_type=types.float64)", "typed.Dict()",
                         "typed.Dict.empty(types.int64, types.float64)"])
    lines = [f"{ind}{d} = {made}", f"{ind}{d}[({g.expr('int', 1)}) % 5] = {g.expr('float', 1)}",
             f"{ind}{d}[3] = {g.expr('float', 1)}"]
    if g.chance(0.5):
        k = "_" + g.fresh("k")
        lines += [f"{ind}for {k} in range({g.rng.randint(0, 4)}):",
                  f"{ind}    {d}[{k} * 2] = {k} * {g.expr('float', 0)}"]
    if g.chance(0.3):
        lines.append(f"{ind}del {d}[3]")
    kind, use = g.rng.choice([
        ("float", f"{d}.get(({g.expr('int', 1)}) % 5, 0.5)"), ("int", f"len({d})"),
        ("bool", f"({g.expr('int', 1)}) % 5 in {d}"), ("float", f"{d}.pop(4, -1.0) + len({d})"),
        ("int", f"sum([_k for _k in {d}.keys()])"), ("float", f"sum([_k * _w for _k, _w in {d}.items()])"),
        ("float", f"{d}.setdefault(1, 2.5) + sum([_w for _w in {d}.values()])"),
    ])
    g.declare(v, T(kind))
    return lines + [f"{ind}{v} = {use}"]


def _s_jitclass(g, ind):
    """A class with annotated fields (a float and an int), `__init__`, a method changing both, a
    property; written at module level, compiled with numjit.jitclass; an instance made and used."""
    cls, o, v = g.fresh("_J"), g.fresh("_o"), g.fresh()
    fields = {"self.x": T("float"), "self.n": T("int")}
    outer, g.scopes = g.scopes, [g.scopes[0], {"d": T("float"), **fields}]
    step = g.expr("float", 1)
    g.scopes = [g.scopes[0], fields]
    prop = g.expr("float", 1)
    g.scopes = [g.scopes[0], {"x": T("float"), "n": T("int")}]
    init = g.expr("float", 1)
    g.scopes = outer
    g.preamble.append("\n".join([
        f"class {cls}:", "    x: float", "    n: int", "",
        "    def __init__(self, x, n):", f"        self.x = min(max({init}, -1e6), 1e6)",
        f"        self.n = n % {MOD}", "",
        "    def step(self, d):", f"        self.x = min(max({step}, -1e6), 1e6)",
        f"        self.n = (self.n * 3 + 1) % {MOD}", "        return self.x + self.n", "",
        "    @property", "    def total(self):", f"        return {prop} + self.x * 0.5"]))
    lines = [f"{ind}{o} = {cls}({g.expr('float', 1)}, {g.expr('int', 1)})"]
    for _ in range(g.rng.randint(0, 2)):
        lines.append(f"{ind}{o}.step({g.expr('float', 1)})")
    kind, use = g.rng.choice([("float", f"{o}.step({g.expr('float', 0)}) + {o}.total"), ("int", f"{o}.n"),
                              ("float", f"{o}.x"), ("float", f"{o}.total * 2.0")])
    g.declare(v, T(kind))
    return lines + [f"{ind}{v} = {use}"]


# -- NumPy: linalg, sorting, complex, wrapping, 0-d ----------------------------------------------
def _s_linalg(g, ind):
    """det/inv/solve/norm of a diagonally dominant matrix (well conditioned: NumPy's and numjit's
    LAPACK calls agree far below the rounding to 6 decimals)."""
    n = g.rng.randint(1, 4)
    m, b, v = g.fresh("_m"), g.fresh("_b"), g.fresh()
    x, ok = _finite(g)
    base = f"np.cos(np.arange({n * n}.0).reshape({n}, {n}) * ({x} if {ok} else 0.5))"
    got = g.array(lambda t: t.shape == (n, n) and t.dtype[0] in "biuf", 0)
    if got is not None and g.chance(0.5):
        base = f"np.where(np.isfinite({got[0]}), np.tanh({got[0]} * 0.25), 0.0)"
    lines = [f"{ind}{m} = np.eye({n}) * {n + 3}.0 + {base}", f"{ind}{b} = np.arange({n}) * 0.5 - 1.0"]
    if g.chance(0.3):
        lines.append(f"{ind}{m} = np.asfortranarray({m})")
    kind, use = g.rng.choice([
        ("float", f"round(float(np.linalg.det({m})), 6)"), ("float", f"round(float(np.linalg.norm({m})), 6)"),
        ("float", f"round(float(np.linalg.inv({m})[{g.index(n)}, {g.index(n)}]), 6)"),
        ("float", f"round(float(np.linalg.solve({m}, {b})[{g.index(n)}]), 6)"),
        ("float", f"round(float(np.linalg.norm({b}, {g.rng.choice(['1', '2', 'np.inf'])})), 6)"),
        ("arr", f"np.round(np.linalg.inv({m}) @ {b}, 6)"), ("arr", f"np.round(np.linalg.solve({m}, {m}.T), 6)"),
    ])
    t = T("float") if kind == "float" else T("arr", "float64", (n,) if "@" in use else (n, n))
    g.declare(v, t)
    return lines + [f"{ind}{v} = {use}"]


def _operand(g, pred, depth):
    """(source, T) of an array operand: an expression while `depth` lasts, then a variable."""
    if depth > 0:
        return g.array(pred, depth - 1)
    name = g.pick_var(lambda t: t.kind == "arr" and pred(t))
    return (name, g.vars()[name]) if name else None


def _sortable(g, ndim=None, dtype_kinds="biufc", depth=1):
    return _operand(g, lambda t: t.shape is not None and t.dtype[0] in dtype_kinds and t.dtype != "bool"
                    and (ndim is None or len(t.shape) == ndim), depth)


def _s_sort(g, ind):
    """`a.sort()` in place (a copy of an array variable's value), then it is the new variable."""
    got = _sortable(g)
    if got is None:
        return None
    a = g.fresh("a")
    axis = g.rng.choice(["", "axis=0", "axis=-1"]) if len(got[1].shape) == 2 else ""
    g.declare(a, got[1])
    return [f"{ind}{a} = ({got[0]}).copy()", f"{ind}{a}.sort({axis})"]


def _searchsorted(g, depth):
    got = _sortable(g, ndim=1, dtype_kinds="biuf", depth=depth)
    if got is None:
        return None
    value = _operand(g, lambda t: t.shape is not None and t.dtype[0] in "biuf" and t.dtype != "bool", depth)
    side = g.rng.choice(["", ', side="left"', ', side="right"'])
    if value is None:
        return None
    src = f"np.searchsorted(np.sort({got[0]}), {value[0]}{side})"
    return src, T("arr", "int64", value[1].shape)


def _int_searchsorted(g, depth):
    got = _sortable(g, ndim=1, dtype_kinds="iuf", depth=0)
    if got is None:
        return None
    side = g.rng.choice(["left", "right"])
    return f"int(np.searchsorted(np.sort({got[0]}), {g.expr('float', depth)}, side=\"{side}\"))"


def _wrapping(g, depth):
    """An integer array cast to a narrower integer type and multiplied/added so that it wraps
    (NumPy and numjit both wrap fixed-width array arithmetic)."""
    got = _operand(g, lambda t: t.shape is not None and t.dtype[0] in "biu", depth)
    if got is None:
        return None
    dtype, mul, add = g.rng.choice([("int8", 29, 100), ("uint8", 101, 200), ("uint16", 30011, 60000),
                                    ("int32", 1000003, 2000000000), ("int8", -7, -128)])
    src = g.rng.choice([f"({got[0]}.astype(np.{dtype}) * {mul} + {add})",
                        f"({got[0]}.astype(np.{dtype}) + np.{dtype}({add}))",
                        f"({got[0]}.astype(np.{dtype}) * {got[0]}.astype(np.{dtype}) * {mul})"])
    return src, T("arr", dtype, got[1].shape)


def _s_wrap_inplace(g, ind):
    """`a += k` / `a *= k` on a narrow integer array variable: wraps in place."""
    name = g.pick_var(lambda t: t.kind == "arr" and t.dtype in ("int8", "uint8", "uint16", "int32")
                      and not t.readonly, assignable=True)
    if name is None:
        return None
    big = {"int8": 127, "uint8": 255, "uint16": 65535, "int32": 2 ** 31 - 1}[g.vars()[name].dtype]
    return [f"{ind}{name} {g.rng.choice(['+=', '*='])} {g.rng.randint(big // 3, big)}"]


def _cmath(g, depth):
    """A cmath function of a complex kept finite and moderate (else 0j)."""
    z, ok = _finite(g, "complex", depth, "50.0")
    fn = g.rng.choice(["cmath.sqrt({})", "cmath.exp({})", "cmath.sin({})", "cmath.tanh({})",
                       "cmath.log({} + 100.0)", "cmath.rect(abs({0}), cmath.phase({0}))", "({} ** 2)"])
    return f"({fn.format(z)} if {ok} else 0j)"


def _s_zero_d(g, ind):
    """A 0-d array made, assigned (`z[()] =`, `z[...] =`, `z.fill`) and read back as a number
    (`float(z)`, `z[()]`, `z.item()`, `np.sum(z)`, `z.ndim`, `z.size`): no arithmetic on the array
    itself (NOT_GENERATED)."""
    kind = g.rng.choice(["int", "float"])
    z, v = "_" + g.fresh("z"), g.fresh()
    value = _value_for(g, "int64") if kind == "int" else g.expr("float", 1)
    made = g.rng.choice([f"np.array({value})", f"np.zeros((), np.{kind}64)", f"np.full((), {value})"])
    lines = [f"{ind}{z} = {made}"]
    store = g.rng.choice([f"{z}[()] = {{}}", f"{z}[...] = {{}}", f"{z}.fill({{}})", None])
    if store:
        lines.append(ind + store.format(_value_for(g, "int64") if kind == "int" else g.expr("float", 1)))
    conv = kind
    use = g.rng.choice([f"{conv}({z})", f"{conv}({z}[()])", f"{conv}({z}.item())", f"{conv}(np.sum({z}))",
                        f"{conv}({z}) + {z}.ndim + {z}.size + len({z}.shape)"])
    g.declare(v, T(kind))
    return lines + [f"{ind}{v} = {use}"]


def _f32_scalar(g, depth):
    """float32 NumPy scalars with float32 and narrow integer NumPy scalars (NumPy 2 and numba
    agree: float32 with int8/int16/uint8/uint16 is float32, with int32/int64 float64); a Python
    float never meets them (NOT_GENERATED)."""
    a = g.pick_var(lambda t: t.kind == "float32")
    if a is None:
        return None
    b = g.pick_var(lambda t: t.kind in ("float32", "int8", "uint8", "int16", "uint16", "int32"))
    text = g.rng.choice([f"{a} * {b} - {a}", f"abs({a}) + {b}", f"-{a} * {b}", f"{a} / (abs({b}) + np.float32(1))",
                         f"np.sqrt(abs({a})) + {b}", f"{a} * {a} + {b}", f"max({a}, {b})",
                         f"np.float32({a} + {b})"])
    return f"float({text})"


# -- exceptions and formatting -------------------------------------------------------------------
def _s_try_more(g, ind):
    """try/except with KeyError from a dict, a TypeError raised, a nested try that re-raises,
    `except ... as e` reading `str(e)`."""
    v, e = g.fresh(), g.fresh("_e")
    k = g.expr("int", 1)
    risky = g.rng.choice([
        [f"{v} = {{1: 2.5, 2: 0.5}}[({k}) % 4]"],
        [f"if {g.expr('bool', 1)}:", f"    raise TypeError('fuzz ' + str(({k}) % 9))", f"{v} = 1.0"],
        ["try:", f"    {v} = float([1, 2][({k}) % 3])", "except IndexError:",
         f"    if {g.expr('bool', 1)}:", "        raise", f"    {v} = -2.0"],
    ])
    lines = [f"{ind}{v} = {g.expr('float', 1)}", f"{ind}try:"] + [ind + "    " + line for line in risky]
    lines += g.rng.choice([
        [f"{ind}except KeyError as {e}:", f"{ind}    {v} = float(len(str({e}))) + 0.5",
         f"{ind}except TypeError:", f"{ind}    {v} = -0.5"],
        [f"{ind}except (TypeError, KeyError) as {e}:", f"{ind}    {v} = float(len(str({e})))"],
        [f"{ind}except Exception:", f"{ind}    {v} = {g.expr('float', 0)}"],
    ])
    g.declare(v, T("float"))
    return lines


def _s_format(g, ind):
    """More format specs (`:05d`, `:+.2e`, `:x`, `:>8`, `:,`, `!r`) in f-strings and str.format."""
    s, v, n, x = g.fresh("_s"), g.fresh(), g.expr("int", 1), g.expr("float", 1)
    made = g.rng.choice([f"f'{{({n}):05d}}'", f"'{{:+.2e}}'.format({x})", f"f'{{({n}) % 4096:x}}|{{({n}):>8}}'",
                         f"f'{{({n}):,}}'", f"f'{{({x})!r}}'", f"'{{0}}-{{0}}-{{1:.1f}}'.format({n}, {x})",
                         f"f'{{({x}):g}}'", f"f'{{({x}):10.3f}}'"])
    kind, use = g.rng.choice([("int", f"len({s})"), ("int", f"{s}.count('0') + {s}.find('-')"),
                              ("bool", f"{s}.startswith('+') or {s} < '5'")])
    g.declare(v, T(kind))
    return [f"{ind}{s} = {made}", f"{ind}{v} = {use}"]


ARRAY_EXTRAS = [
    (1, _arr_template("np.sort({a})")), (1, _arr_template("np.sort({a}, axis=0)")),
    (1, _arr_template('np.argsort({a}, kind="stable")')),
    (0.5, _arr_template('np.argsort({a}, axis=0, kind="stable")')),
    (1, _searchsorted), (2, _wrapping),
    (0.5, _arr_template("np.exp({a} * 0.5)")), (0.5, _arr_template("np.sqrt({a})")),
    (0.5, _arr_template("np.sin({a})")), (0.5, _arr_template("np.log(np.abs({a}) + 1.0)")),
]
EXPRESSION_EXTRAS = {
    "int": [(1, _int_searchsorted), (0.5, _star_call)],
    "float": [(1, _f32_scalar)],
    "complex": [(2, _cmath)],
}
STATEMENT_EXTRAS = [
    (1, _s_closure), (0.5, _s_star), (1, _s_typed_list), (1, _s_typed_dict), (1, _s_jitclass),
    (1, _s_linalg), (1, _s_sort), (0.5, _s_wrap_inplace), (1, _s_zero_d), (1, _s_try_more), (0.5, _s_format),
]
