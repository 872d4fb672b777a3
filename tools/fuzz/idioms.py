"""The fuzzer's generators added in session 9, everyday Python and NumPy idioms: strings sliced
with computed bounds and negative steps and their methods with arguments (`split(sep, n)`,
`replace(a, b, n)`, `find(s, i, j)`, ...), list methods (`insert` anywhere, `pop(i)`, `remove`,
`index`/`count`, `sort`/`sorted`/`min` with `key=` lambdas and builtins, `reverse`), dict methods
(`update`, `setdefault`, `pop`, `popitem`, `copy`, items/keys/values in insertion order), set
methods (`update`, `*_update`, `remove`, `issubset`, `pop` read back through `len`), `enumerate`/
`zip` over arrays (and rows of 2-d arrays), inner defs with constant defaults called by keyword,
generator functions consumed by `list`/`sum`/`max`/`for`, `np.where`/`np.diff`/`np.unique`/
`np.clip`/`np.cumsum`/`np.argmax` on arrays given NaNs, computed negative-step slices of arrays,
Python's floor semantics of `//`, `%` and `divmod` with negative operands, shifts and masks of
negative ints, `round(x, n)` for negative and large `n`. generate.py appends these tables to its own,
at low weights (these constructs compile slowly: at weight 1 the smoke test's programs took 76% more
CPU); `python -m tools.fuzz --boost 20` multiplies them (`boost`).

    >>> import random
    >>> from tools.fuzz.generate import Gen, T
    >>> g = Gen(random.Random(4), scopes=[{}, {"x": T("float"), "n": T("int")}, {}])
    >>> lines = _s_list_methods(g, "    ")
    >>> lines[0].startswith("    _ls1 = ["), lines[1], lines[-1].startswith("    v2 = ")
    (True, '    _ls1.remove(_ls1[(n) % len(_ls1)])', True)
"""
from .extras import _operand
from .generate import MOD, T, _arr_template, _template
from .statements import _loop_body


def _small(g, depth=1, spread=100):
    """An int expression in [-spread/2, spread/2)."""
    return f"(({g.expr('int', depth)}) % {spread} - {spread // 2})"


def _step(g):
    """A slice step: a nonzero int literal or expression, negative more often than not."""
    return g.rng.choice(["-1", "-2", "-3", "2", f"-(abs({g.expr('int', 0)}) % 3 + 1)",
                         f"(abs({g.expr('int', 0)}) % 3 + 1)"])


# -- strings ---------------------------------------------------------------------------------------
def _s_str_slices(g, ind):
    """A string made from numbers, sliced with computed bounds and steps, and methods with
    arguments (counts, start/end positions, separators), read back as a number."""
    s, w, v = g.fresh("_s"), g.fresh("_s"), g.fresh()
    n, m = g.expr("int", 1), g.expr("int", 0)
    i, j = g.expr("int", 0), g.expr("int", 0)
    made = g.rng.choice([f"'ab' + str({n}) + ',cd,' + str({m})", f"str({n}) + '.' + str({m}) * 2 + 'xa,'",
                         f"'-'.join([str({n}), 'a,b', str({m})])"])
    lines = [f"{ind}{s} = {made}"]
    sliced = g.rng.choice([f"{s}[{i}:{j}:{_step(g)}]", f"{s}[::{_step(g)}]", f"{s}[{i}::{_step(g)}]",
                           f"{s}[:{j}:{_step(g)}]", f"{s}[{i}:{j}]", f"{s}[-{g.rng.randint(1, 4)}:]"])
    changed = g.rng.choice([sliced, f"{s}.replace(',', '{g.rng.choice(['', 'xy', ';'])}', {g.rng.randint(-1, 2)})",
                            f"{s}.strip('a{g.rng.randint(0, 9)}')", f"{s}.rstrip(',ax').lstrip('-')",
                            f"{sliced}.zfill({g.rng.randint(0, 9)})", f"'|'.join([{sliced}, {s}[::2]])",
                            f"{s}.split(',', {g.rng.randint(-1, 2)})[-1]", f"{s}.rsplit(',', 1)[0]",
                            f"{s}.partition(',')[{g.rng.randint(0, 2)}]", f"{s}.upper()[::-1]"])
    lines.append(f"{ind}{w} = {changed}")
    kind, use = g.rng.choice([
        ("int", f"len({w})"), ("int", f"{s}.find(',', {i}) + {s}.rfind('a', {i}, {j})"),
        ("int", f"{w}.count('1') + {s}.count(',', {i}) * 10"), ("bool", f"{w} < {s} or {w}.isdigit()"),
        ("bool", f"{s}.startswith(('a', '1'), {g.rng.randint(0, 3)}) != {s}.endswith(',', {i}, {j})"),
        ("int", f"ord({s}[{g.index(f'len({s})')}]) + len({s}.split(','))"),
        ("int", f"({w} + 'z').index('z') - {s}.index(',')"), ("bool", f"{w} in {s} or {w}[::-1] == {w}"),
    ])
    g.declare(v, T(kind))
    return lines + [f"{ind}{v} = {use}"]


# -- lists ------------------------------------------------------------------------------------------
_KEYS = ["abs", "lambda _z: -_z", "lambda _z: (_z % 3, -_z)", "lambda _z: abs(_z - 7)", "lambda _z: _z * _z % 11"]


def _s_list_methods(g, ind):
    """A list of small ints changed by its methods at known lengths (insert at any index, pop(i),
    remove of an item it holds, sorts with key= and reverse=, extend by a reversed slice), then
    a number read back (index, count, a sorted/min with a key, a negative-step slice)."""
    name, v = g.fresh("_ls"), g.fresh()
    n = g.rng.randint(2, 5)
    lines = [f"{ind}{name} = [{', '.join(_small(g) for _ in range(n))}]"]
    for _ in range(g.rng.randint(1, 4)):
        op = g.rng.choice(["insert", "pop", "remove", "sort", "reverse", "extend"])
        if op == "insert":
            lines.append(f"{ind}{name}.insert({g.expr('int', 0)}, {_small(g)})")
            n += 1
        elif op == "pop" and n > 1:
            lines.append(f"{ind}{name}.pop({g.index(f'len({name})', 0)})")
            n -= 1
        elif op == "remove" and n > 1:
            lines.append(f"{ind}{name}.remove({name}[{g.index(f'len({name})', 0)}])")
            n -= 1
        elif op == "sort":
            key = g.rng.choice(_KEYS + [None])
            args = ", ".join(([f"key={key}"] if key else []) + (["reverse=True"] if g.chance(0.4) else []))
            lines.append(f"{ind}{name}.sort({args})")
        elif op == "reverse":
            lines.append(f"{ind}{name}.reverse()")
        elif op == "extend":
            lines.append(f"{ind}{name}.extend({name}[::-2])")
            n += (n + 1) // 2
    key = g.rng.choice(_KEYS)
    kind, use = g.rng.choice([
        ("int", f"{name}.index({name}[{g.index(f'len({name})', 0)}])"), ("int", f"{name}.count({name}[-1])"),
        ("int", f"sorted({name}, key={key})[0] * 3 + sorted({name}, key={key}, reverse=True)[-1]"),
        ("int", f"min({name}, key={key}) - max({name}, key={key})"),
        ("int", f"sum({name}[{g.expr('int', 0)}:{g.expr('int', 0)}:{_step(g)}])"),
        ("int", f"len({name}[::{_step(g)}]) + {name}[::-1][0]"),
    ])
    g.declare(name, T("list", "int", minlen=n))
    g.declare(v, T(kind))
    return lines + [f"{ind}{v} = {use}"]


# -- dicts and sets --------------------------------------------------------------------------------
def _s_dict_methods(g, ind):
    """An int -> float dict changed by update (from a literal or another dict), setdefault, pop,
    popitem, copy, a guarded del; a number read back (insertion order: keys/values/items)."""
    d, e, v = g.fresh("_d"), g.fresh("_d"), g.fresh()
    key = lambda: f"({g.expr('int', 1)}) % {g.rng.randint(3, 7)}"      # noqa: E731
    gone = key()
    lines = [f"{ind}{d} = {{{key()}: {g.expr('float', 1)}, {g.rng.randint(0, 6)}: {g.expr('float', 0)}}}",
             f"{ind}{e} = {{{key()}: {g.expr('float', 0)}}}"]
    for line in (f"{d}.update({e})", f"{d}.update({{{key()}: {g.expr('float', 0)}, 9: 0.5}})",
                 f"{e}[{key()}] = {d}.setdefault({key()}, {g.expr('float', 0)})",
                 f"{e}[7] = {d}.pop({key()}, -1.0)", f"{e} = {d}.copy()",
                 f"if {gone} in {d}:\n{ind}    del {d}[{gone}]"):
        if g.chance(0.5):
            lines.append(ind + line)
    lines += [f"{ind}{d}[{g.rng.randint(0, 9)}] = {g.expr('float', 0)}", f"{ind}{e}[{key()}] = 1.5"]   # never empty
    kind, use = g.rng.choice([
        ("float", f"{d}.popitem()[1] + len({d})"), ("int", f"{d}.popitem()[0] * 10 + len({e})"),
        ("int", f"list({d}.keys())[-1] + list({e})[0]"), ("float", f"list({d}.values())[0] + {e}.get(7, 0.25)"),
        ("float", f"sum([_k * _w for _k, _w in {d}.items()]) - sum([_w for _w in {e}.values()])"),
        ("bool", f"{d} == {e} or len({d}) > len({e})"),
    ])
    g.declare(v, T(kind))
    return lines + [f"{ind}{v} = {use}"]


def _s_set_methods(g, ind):
    """A set of ints changed by update/intersection_update/difference_update/
    symmetric_difference_update, a guarded remove, a pop (only its length is read back)."""
    s, t, v = g.fresh("_st"), g.fresh("_st"), g.fresh()
    lines = [f"{ind}{s} = {{({g.expr('int', 1)}) % 6, 3, {g.rng.randint(0, 9)}}}",
             f"{ind}{t} = set([({g.expr('int', 1)}) % 5, 1, 4])"]
    for line in (f"{s}.update([({g.expr('int', 0)}) % 7, 8])", f"{s}.intersection_update({{1, 3, 4, 8, 0}})",
                 f"{s}.difference_update({t})", f"{s}.symmetric_difference_update({t})",
                 f"if 8 in {s}:\n{ind}    {s}.remove(8)", f"{t} = {t}.copy()\n{ind}{t}.add(11)"):
        if g.chance(0.4):
            lines.append(ind + line)
    kind, use = g.rng.choice([
        ("int", f"len({s}) * 100 + len({t})"), ("bool", f"{s}.issubset({t}) or {t}.issuperset({{1}})"),
        ("int", f"sum(sorted({s} | {t})[-2:]) + len({s}.intersection({t}))"),
        ("bool", f"{s}.isdisjoint({t}) != (3 in {s})"),
    ])
    if g.chance(0.4):             # which item pop() takes is the hash table's order: read back the length
        lines.append(f"{ind}if len({s}) > 1:\n{ind}    {s}.pop()")
        kind, use = "int", f"len({s}) * 100 + len({t})"
    g.declare(v, T(kind))
    return lines + [f"{ind}{v} = {use}"]


# -- loops, inner functions, generators ------------------------------------------------------------
def _s_enum_zip(g, ind):
    """`enumerate`/`zip` over arrays (reversed, with a start, zipped with a range or the rows of a
    2-d array); the items are converted to Python numbers in the body."""
    if g.loop_depth >= 2:
        return None
    real = lambda t: t.shape is not None and t.dtype[0] in "biuf"        # noqa: E731
    a = g.array(lambda t: real(t) and len(t.shape) == 1, 0)
    b = g.array(lambda t: real(t) and len(t.shape) in (1, 2), 0)
    if a is None or b is None:
        return None
    i, x, y, u, w = "_" + g.fresh("i"), "_" + g.fresh("e"), "_" + g.fresh("e"), g.fresh("u"), g.fresh("u")
    second = f"float({y})" if len(b[1].shape) == 1 else f"float({y}.sum())"
    header = g.rng.choice([f"{i}, ({x}, {y}) in enumerate(zip({a[0]}, {b[0]}))",
                           f"{i}, ({x}, {y}) in enumerate(zip({a[0]}[::-1], {b[0]}), {g.rng.randint(-2, 3)})",
                           f"({x}, {y}), {i} in zip(zip({a[0]}, {b[0]}[::-1]), range({g.rng.randint(0, 5)}))"])
    body = [f"{ind}    {u} = float({x})", f"{ind}    {w} = {second}"]
    g.scopes.append({u: T("float"), w: T("float")})
    body += _loop_body(g, ind + "    ", {i: T("int")}, g.rng.randint(1, 2))
    g.scopes.pop()
    return [f"{ind}for {header}:"] + body


def _s_defaults(g, ind):
    """An inner def with constant defaults, called positionally and by keyword. Its body reads
    its parameters and the global constants only (see statements._s_lambda)."""
    fn, q, v = g.fresh("_fn"), "_" + g.fresh("q"), g.fresh()
    w, z = "_" + g.fresh("w"), "_" + g.fresh("z")
    outer, g.scopes = g.scopes, [g.scopes[0], {q: T("float"), w: T("int"), z: T("float")}]
    body = g.expr("float", 2)
    g.scopes = outer
    wd, zd = g.rng.randint(-3, 3), g.rng.choice(["0.5", "-1.25", "2.0"])
    lines = [f"{ind}def {fn}({q}, {w}={wd}, {z}={zd}):",
             f"{ind}    return min(max({body} + {w} * {z}, -1e6), 1e6)"]
    calls = [f"{fn}({g.expr('float', 1)})", f"{fn}({g.expr('float', 0)}, {_small(g, 0, 8)})",
             f"{fn}({g.expr('float', 0)}, {z}={g.expr('float', 0)})",
             f"{fn}({z}={g.expr('float', 0)}, {q}={g.expr('float', 0)})",
             f"{fn}({g.expr('float', 0)}, {w}={_small(g, 0, 8)}, {z}=0.25)"]
    lines.append(f"{ind}{v} = " + " + ".join(g.rng.sample(calls, g.rng.randint(1, 3))))
    g.declare(v, T("float"))
    return lines


def _s_generator(g, ind):
    """An inner generator function (over a range or an array parameter) that always yields at
    least once, consumed by list/sum/max/min/a for loop/a comprehension."""
    fn, p, k, v = g.fresh("_gen"), "_" + g.fresh("p"), "_" + g.fresh("k"), g.fresh()
    f = "_" + g.fresh("f")
    arr = g.array(lambda t: t.shape is not None and t.dtype[0] in "biuf" and len(t.shape) == 1, 0)
    outer = g.scopes
    if arr is not None and g.chance(0.5):
        g.scopes = [g.scopes[0], {f: T("float")}]
        item = g.expr("float", 1)
        g.scopes = [outer[0], {}]
        tail = g.expr("float", 0)                      # (after the loop: no item variable)
        g.scopes = outer
        kind, arg = "float", arr[0]
        lines = [f"{ind}def {fn}({p}):", f"{ind}    for {k} in {p}:", f"{ind}        {f} = float({k})",
                 f"{ind}        yield {item}", f"{ind}    yield {tail}"]
    else:
        g.scopes = [g.scopes[0], {k: T("int"), p: T("int")}]
        cond, item = g.expr("bool", 1), g.expr("int", 1)
        g.scopes = outer
        kind, arg = "int", f"abs({g.expr('int', 1)}) % 6"
        lines = [f"{ind}def {fn}({p}):", f"{ind}    for {k} in range({p}):", f"{ind}        if {cond}:",
                 f"{ind}            yield ({item}) % {MOD}", f"{ind}    yield {p}"]
    use = g.rng.choice([f"sum({fn}({arg}))", f"max({fn}({arg}))", f"min({fn}({arg}))", f"len(list({fn}({arg})))",
                        f"[_y * 2 for _y in {fn}({arg})][-1]", f"list({fn}({arg}))[0]"])
    out = "int" if use.startswith("len") else kind
    if use.startswith("sum") and kind == "float" or g.chance(0.3):
        acc = g.fresh("_acc")
        lines += [f"{ind}{acc} = 0.0", f"{ind}for {k} in {fn}({arg}):", f"{ind}    {acc} += {k}"]
        use, out = f"{acc} + {use}", "float"
    g.declare(v, T(out))
    return lines + [f"{ind}{v} = {use}"]


# -- NumPy on data with NaN, computed slices -------------------------------------------------------
def _nan_source(g, depth):
    """A float array with NaNs where it is greater than a number (its own dtype kept)."""
    got = _operand(g, lambda t: t.shape is not None and t.dtype in ("float64", "float32"), depth)
    if got is None:
        return None
    return f"np.where({got[0]} > {g.expr('float', 0)}, np.nan, {got[0]})", got[1]


def _nan_op(text):
    """`text` ({a}: an array with NaNs) typed on stand-ins like any array template."""
    def build(g, depth):
        got = _nan_source(g, depth)
        if got is None:
            return None
        t = g.typed_array(text.format(a="_x"), {"_x": got[1]})
        return (text.format(a=got[0]), t) if t is not None else None
    return build


def _computed_slice(g, depth):
    """A 1-d array sliced with computed bounds and step (its length is only known at run time)."""
    got = _operand(g, lambda t: t.shape is not None and len(t.shape) == 1, depth)
    if got is None:
        return None
    text = got[0] if got[0].isidentifier() else f"({got[0]})"
    return f"{text}[{g.expr('int', 0)}:{g.expr('int', 0)}:{_step(g)}]", T("arr", got[1].dtype, None, readonly=got[1].readonly)


def _unknown_length(text):
    """A real array template whose result's length depends on the data (np.unique, np.where)."""
    typed = _arr_template(text, real=True)

    def build(g, depth):
        got = typed(g, depth)
        return got and (got[0], T("arr", got[1].dtype, None))
    return build


def _nan_reduction(g, depth):
    got = _nan_source(g, 0)
    if got is None or 0 in got[1].shape:
        return None
    return g.rng.choice([f"int(np.argmax({got[0]}))", f"int(np.argmin({got[0]}))",
                         f"len(np.unique({got[0]}))", f"len(np.where({got[0]} > 0)[0])",
                         f"int(np.isnan(np.cumsum({got[0]})).sum())"])


ARRAY_IDIOMS = [
    (0.05, _nan_op("np.cumsum({a})")), (0.05, _nan_op("np.diff({a})")), (0.05, _nan_op("np.diff({a}, n=2)")),
    (0.05, _nan_op("np.diff({a}, axis=0)")), (0.05, _nan_op("np.clip({a}, -1.0, 2.5)")),
    (0.05, _nan_op("np.clip({a}, 2.0, -1.0)")), (0.05, _nan_op("np.where(np.isnan({a}), -1.0, {a})")),
    (0.05, _arr_template("np.diff({a})", real=True)), (0.05, _arr_template("np.clip({a}, -3, 2)", real=True)),
    (0.05, _computed_slice), (0.05, _arr_template("{a}[::-2]")), (0.05, _arr_template("{a}[::-1, ::-2]")),
    (0.05, _unknown_length("np.unique({a})")), (0.05, _unknown_length("np.where({a} > 1)[0]")),
]
EXPRESSION_IDIOMS = {
    "int": [(0.1, _template("int", "divmod({}, -(abs({}) % 5 + 1))[1]", "int", "int")),
            (0.1, _template("int", "divmod(-abs({}), abs({}) % 4 + 1)[0]", "int", "int")),
            (0.1, _template("int", "((-abs({}) - 1) // (abs({}) % 6 + 1))", "int", "int")),
            (0.1, _template("int", "((-abs({})) % -(abs({}) % 6 + 1))", "int", "int")),
            (0.1, _template("int", "((-abs({}) - 1) >> (abs({}) % 70))", "int", "int")),
            (0.1, _template("int", "((-abs({})) & ({} | -8))", "int", "int")),
            (0.1, _template("int", "(~({} ^ -abs({})))", "int", "int")),
            (0.1, _template("int", "round({}, -(abs({}) % 3))", "int", "int")),
            (0.1, _template("int", "((-(abs({}) % 7)) ** (abs({}) % 5))", "int", "int")),
            (0.05, _nan_reduction)],
    "float": [(0.1, _template("float", "divmod({}, -(abs({}) + 0.5))[0]", "float", "float")),
              (0.1, _template("float", "divmod(-abs({}), abs({}) + 0.25)[1]", "float", "float")),
              (0.1, _template("float", "({} % -(abs({}) + 0.25))", "float", "float")),
              (0.1, _template("float", "round({}, -(abs({}) % 4))", "float", "int")),
              (0.1, _template("float", "round({}, abs({}) % 30)", "float", "int"))],
}
STATEMENT_IDIOMS = [
    (0.1, _s_str_slices), (0.1, _s_list_methods), (0.1, _s_dict_methods), (0.1, _s_set_methods),
    (0.1, _s_enum_zip), (0.1, _s_defaults), (0.1, _s_generator),
]


def boost(factor):
    """Multiply the weights of this module's, edges.py's and mixes.py's entries in generate.py's
    tables by `factor` (`python -m tools.fuzz --boost 20`)."""
    from . import edges, generate, mixes
    mine = {id(fn) for _, fn in ARRAY_IDIOMS + STATEMENT_IDIOMS + sum(EXPRESSION_IDIOMS.values(), [])
            + edges.ARRAY_EDGES + edges.STATEMENT_EDGES + sum(edges.EXPRESSION_EDGES.values(), [])
            + mixes.ARRAY_MIXES + mixes.STATEMENT_MIXES}
    for table in [generate.ARRAY_EXPRESSIONS, generate.STATEMENTS] + list(generate.EXPRESSIONS.values()):
        table[:] = [(w * factor if id(fn) in mine else w, fn) for w, fn in table]
