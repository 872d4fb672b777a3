"""The fuzzer's generators added in session 11: features that everyday numba code mixes in one
function. Str-keyed dicts built in a loop from f-strings and read back in sorted or insertion
order as text; tuples of arrays (of different layouts) iterated, unpacked and passed through an
inner def; `try` around array code that raises (reshape to an impossible shape, `np.empty` of a
negative size, an index out of bounds, an explicit raise) inside a loop; inner defs calling each
other over a captured array and scalar; a jitclass holding an array and a `typed.List`, whose
method raises when full; `typed.List`/`typed.Dict` of int32/uint8/float32 items storing int64 and
float64 values (they cast, as numba's do) and dicts of arrays; seeded `np.random` draws with
shapes, shuffles and permutations; 2-d views with negative steps known only at run time, read,
written through and iterated; integer arrays of mixed widths (uint8, int32, int64) with each
other and with Python ints, and uint64 values in shifts and masks. generate.py appends these
tables to its own at low weights; `python -m tools.fuzz --boost K` multiplies them.

    >>> import random
    >>> from tools.fuzz.generate import Gen, T
    >>> g = Gen(random.Random(2), scopes=[{}, {"x": T("float"), "n": T("int")}, {}])
    >>> lines = _s_str_dict(g, "    ")
    >>> lines[0].strip().endswith("= {}"), any("sorted(" in line or ".items()" in line for line in lines)
    (True, True)
"""
import numpy as np

from .edges import _real
from .generate import MOD, T
from .statements import _value_for


def _checksum(s):
    return f"(len({s}) * 1000 + sum([ord(_c) * (_j % 7 + 1) for _j, _c in enumerate({s})])) % {MOD}"


def _bounded(x):
    return f"min(max({x}, -1e6), 1e6)"


# -- strings and dicts in loops ------------------------------------------------------------------
def _s_str_dict(g, ind):
    """A dict keyed by f-strings built in a loop over a range or an array, accumulating floats or
    counts; read back as text in sorted or insertion order, reduced to a checksum."""
    d, s, v, i = g.fresh("_d"), g.fresh("_s"), g.fresh(), "_" + g.fresh("i")
    x, key_v, k, w = "_" + g.fresh("x"), "_" + g.fresh("key"), "_" + g.fresh("k"), "_" + g.fresh("w")
    arr = g.pick_var(lambda t: _real(t, 1, nonempty=False))
    g.scopes.append({i: T("int")})
    key_int, val = g.expr("int", 1), g.expr("float", 1)
    g.scopes.pop()
    n = "_" + g.fresh("n")                  # a name: an f-string's braces hold no quotes before 3.12
    key = g.rng.choice([f'"k" + str({n} % 4)', f'f"{{{n} % 5:02d}}"', f'f"{{{n} % 3}}-{{{i} % 2}}"',
                        f'("ab" * ({i} % 3 + 1))[::-1]'])
    counting = g.chance(0.4)
    add = "1" if counting else _bounded(val)
    if arr is not None and g.chance(0.5):
        head = [f"{ind}for {i}, {x} in enumerate({arr}):"]
        add = "1" if counting else f"{_bounded(val)} + float({x})"
    else:
        head = [f"{ind}for {i} in range({g.rng.randint(0, 7)}):"]
    zero = "0" if counting else "0.0"
    lines = [f"{ind}{d} = {{}}"] + head + [f"{ind}    {n} = {key_int}", f"{ind}    {key_v} = {key}", f"{ind}    {d}[{key_v}] = {d}.get({key_v}, {zero}) + {add}"]
    shown = f"str({w})" if counting else g.rng.choice([f"str(round({w}, 3))", f"f'{{{w}:.2f}}'", f"f'{{{w}:g}}'"])
    order = g.rng.choice([f"sorted({d})", f"{d}"])
    lines += [f"{ind}{s} = ''", f"{ind}for {k} in {order}:", f"{ind}    {w} = {d}[{k}]",
              f"{ind}    {s} += {k} + '=' + {shown} + ';'"]
    if g.chance(0.4):
        lines += [f"{ind}for {k}, {w} in {d}.items():", f"{ind}    if len({k}) > 1:", f"{ind}        {s} = {s}.replace({k}, {k}.upper())"]
    g.declare(v, T("int"))
    return lines + [f"{ind}{v} = {_checksum(s)} + len({d})"]


# -- tuples of arrays ----------------------------------------------------------------------------
def _s_tuple_arrays(g, ind):
    """A tuple of an array, a reversed view and an expression of it (three layouts): iterated
    (an unrolled loop), indexed, unpacked by an inner def that returns a tuple of arrays."""
    name = g.pick_var(lambda t: _real(t) and t.dtype != "bool")
    if name is None:
        return None
    t = g.vars()[name]
    tup, fn, v, w = g.fresh("_t"), g.fresh("_fn"), g.fresh(), g.fresh("a")
    y, rc = "_" + g.fresh("y"), "_" + g.fresh("rc")
    third = g.rng.choice([f"{name} * 2", f"{name}.copy()", f"np.abs({name})", f"({name} + {name}[::-1])"])
    second = f"{name}[::-1]" if len(t.shape) == 1 else g.rng.choice([f"{name}[::-1]", f"{name}[:, ::-1]", f"{name}[::-1, ::-1]"])
    r = g.typed_array("_x + _z", {"_x": t, "_z": t})
    if r is None:
        return None
    pick = g.rng.choice([f"float({y}.sum())", f"float({y}.ravel()[-1])", f"{y}.shape[0] * 1.5", f"float({y}.max())"])
    lines = [f"{ind}{tup} = ({name}, {second}, {third})", f"{ind}{v} = 0.0", f"{ind}for {y} in {tup}:",
             f"{ind}    {v} += {pick}",
             f"{ind}def {fn}(_p):", f"{ind}    _u, _r, _z = _p", f"{ind}    return _u + _z, _r.copy()",
             f"{ind}{w}, {rc} = {fn}({tup})", f"{ind}{v} = {_bounded(f'{v} + float({rc}.sum()) + float({tup}[1].ravel()[0])')}"]
    g.declare(v, T("float"))
    g.declare(w, r)
    return lines


# -- try around array code -----------------------------------------------------------------------
def _s_try_arrays(g, ind):
    """A loop whose try body runs array code that may raise: a reshape to a shape the size does
    not divide (ValueError), np.empty of a negative size (ValueError), an index out of bounds
    (IndexError, checked inside try), an explicit raise; handlers count; arrays live in the body."""
    if g.loop_depth >= 2:
        return None
    name = g.pick_var(lambda t: _real(t, nonempty=False))
    if name is None:
        return None
    t = g.vars()[name]
    acc, i, b1, b2, b3, b4 = g.fresh(), "_" + g.fresh("i"), *("_" + g.fresh("b") for _ in range(4))
    size = int(np.prod(t.shape))
    g.scopes.append({i: T("int"), acc: T("float")})
    cond, x = g.expr("bool", 1), g.expr("float", 1)
    g.scopes.pop()
    risky = g.rng.sample([
        [f"{b1} = {name}.copy().reshape(({i} % 4 + 1, -1))", f"{acc} += float({b1}[-1].sum()) if {b1}.size else 0.5"],
        [f"{b2} = np.empty({i} - 2)", f"{acc} += {b2}.shape[0]"],
        [f"{acc} += float({name}.ravel()[{i} * 2 - {size // 2 + 1}])"],
        [f"{b3} = {name} * 2", f"if {cond}:", f"    raise ValueError('at ' + str({i}))", f"{acc} += float({b3}.sum())"],
        [f"{b4} = np.zeros(({i}, 2))", f"{b4}[{i} - 1, 1] = {_bounded(x)}", f"{acc} += float({b4}.sum())"],
    ], g.rng.randint(1, 3))
    body = [f"{ind}        {line}" for part in risky for line in part]
    lines = [f"{ind}{acc} = 0.0", f"{ind}for {i} in range({g.rng.randint(0, 6)}):", f"{ind}    try:"] + body
    e = "_" + g.fresh("e")
    handlers = [[f"except ValueError as {e}:", f"    {acc} -= 1.0 + len(str({e})) % 3"], ["except IndexError:", f"    {acc} += 0.25"]]
    g.rng.shuffle(handlers)
    if g.chance(0.3):
        handlers = [["except (ValueError, IndexError):", f"    {acc} *= -0.5"]]
    for handler in handlers:
        lines += [f"{ind}    {line}" for line in handler]
    if g.chance(0.3):
        lines += [f"{ind}    finally:", f"{ind}        {acc} = {_bounded(acc)}"]
    g.declare(acc, T("float"))
    return lines


# -- inner functions over captured values -------------------------------------------------------
def _s_inner_calls(g, ind):
    """Two inner defs over a captured array and scalar, the second calling the first, called in a
    loop; one returns a new array."""
    name = g.pick_var(lambda t: _real(t, 1) and t.dtype != "bool")
    if name is None:
        return None
    t = g.vars()[name]
    k, f1, f2, v, i = "_" + g.fresh("c"), g.fresh("_fn"), g.fresh("_fn"), g.fresh(), "_" + g.fresh("i")
    h, rv, cap = "_" + g.fresh("h"), "_" + g.fresh("rv"), "_" + g.fresh("c")
    lines = [f"{ind}{k} = {_bounded(g.expr('float', 1))}", f"{ind}{cap} = {name}",    # an alias never reassigned
             f"{ind}def {f1}(_q):", f"{ind}    return float({cap}[_q % {t.shape[0]}]) * {k}",
             f"{ind}def {f2}(_q, _m):", f"{ind}    _r = {cap} * _m", f"{ind}    return {f1}(_q) + float(_r.sum()), _r[::-1]",
             f"{ind}{v} = 0.0", f"{ind}for {i} in range({g.rng.randint(1, 5)}):",
             f"{ind}    {h}, {rv} = {f2}({i}, {g.rng.choice(['2', '-1', '0.5'])})",
             f"{ind}    {v} = {_bounded(f'{v} + {h} + float({rv}[0])')}"]
    g.declare(v, T("float"))
    return lines


# -- a jitclass with an array and a typed List --------------------------------------------------
def _s_jitclass_buffer(g, ind):
    """A jitclass with an array field, a count and a typed.List of ints; `push` raises IndexError
    when full, `total` loops, `last` returns a view; pushes in a loop inside try/except."""
    cls, o, v, i = g.fresh("_B"), g.fresh("_o"), g.fresh(), "_" + g.fresh("i")
    g.preamble.append("\n".join([
        f"class {cls}:", "    buf: types.float64[:]", "    n: int", "    tags: types.ListType(types.int64)", "",
        "    def __init__(self, cap):", "        self.buf = np.zeros(cap)", "        self.n = 0",
        "        self.tags = typed.List.empty_list(types.int64)", "",
        "    def push(self, x):", "        if self.n >= self.buf.shape[0]:", "            raise IndexError('full')",
        "        self.buf[self.n] = x", f"        self.tags.append((self.n * 7 + 3) % {MOD})", "        self.n += 1",
        "        return self.n", "",
        "    def total(self):", "        s = 0.0", "        for j in range(self.n):",
        "            s += self.buf[j] * (self.tags[j] % 5)", "        return s", "",
        "    def last(self, k):", "        return self.buf[max(self.n - k, 0):self.n][::-1]"]))
    g.scopes.append({i: T("int")})
    x = g.expr("float", 1)
    g.scopes.pop()
    lines = [f"{ind}{o} = {cls}({g.rng.randint(0, 4)})", f"{ind}{v} = 0.0",
             f"{ind}for {i} in range({g.rng.randint(0, 6)}):", f"{ind}    try:", f"{ind}        {v} += {o}.push({_bounded(x)})",
             f"{ind}    except IndexError:", f"{ind}        {v} -= 0.5"]
    use = g.rng.choice([f"{o}.total()", f"float({o}.last(2).sum())", f"float(len({o}.tags) + sum({o}.tags))",
                        f"float({o}.buf.sum()) + {o}.n"])
    g.declare(v, T("float"))
    return lines + [f"{ind}{v} = {_bounded(f'{v} + {use}')}"]


# -- typed containers of narrow types ------------------------------------------------------------
_NARROW = [("int32", "int", "int"), ("uint8", "int", "int"), ("int16", "int", "int"), ("float32", "float", "float")]


def _s_typed_narrow(g, ind):
    """typed.List/Dict of int32/uint8/int16/float32 items fed int64/float64 values (they wrap or
    round, as numba's typed containers cast), and a typed.Dict of int keys to arrays."""
    dtype, kind, conv = g.rng.choice(_NARROW)
    lst, d, v, i = g.fresh("_l"), g.fresh("_d"), g.fresh(), "_" + g.fresh("i")
    k, a = "_" + g.fresh("k"), "_" + g.fresh("a")
    g.scopes.append({i: T("int")})
    item = g.expr(kind, 1)
    g.scopes.pop()
    if kind == "int":
        item = f"({item}) * {g.rng.choice(['1', '1000003', '-77', '300'])}"     # wraps in the narrow type
    else:
        item = _bounded(item)
    lines = [f"{ind}{lst} = typed.List.empty_list(types.{dtype})",
             f"{ind}{d} = typed.Dict.empty(types.{dtype}, types.float64[:])",
             f"{ind}for {i} in range({g.rng.randint(0, 6)}):", f"{ind}    {lst}.append({item})",
             f"{ind}    {d}[{i} * 3] = np.arange({i} + 1.0)[::-1]"]
    if g.chance(0.5):
        lines += [f"{ind}{lst}.insert(0, {g.expr(kind, 1)})"]
    if g.chance(0.4):
        lines += [f"{ind}if len({lst}):", f"{ind}    {lst}[-1] = {g.expr(kind, 0)}"]
    total = f"sum([{conv}(_w) for _w in {lst}])"
    use = f"{total} % {MOD}" if kind == "int" else _bounded(total)
    lines += [f"{ind}{v} = float({use})", f"{ind}for {k}, {a} in {d}.items():", f"{ind}    {v} += float({k}) + float({a}[0])"]
    g.declare(v, T("float"))
    return lines


# -- seeded np.random ------------------------------------------------------------------------------
_RANDOM = ["np.random.rand(3)", "np.random.random((2, 2))", "np.random.randint(-4, 9, 5)", "np.random.randn(2)",
           "np.random.uniform(-2.0, 3.0, 3)", "np.random.normal(1.0, 0.5, (2, 2))", "np.random.permutation(5)",
           "np.random.exponential(1.5, 2)", "np.random.binomial(6, 0.4, 3)", "np.random.poisson(2.5, 3)",
           "np.random.choice(np.arange(7.0), 3)", "np.random.gamma(2.0, 1.0, 2)"]


def _s_np_random(g, ind):
    """np.random seeded from the data, then several draws with shapes, a shuffle of an array in
    place, and a permutation of an array; compared number for number."""
    v = g.fresh()
    lines = [f"{ind}np.random.seed(abs({g.expr('int', 1)}) % 1000)", f"{ind}{v} = 0.0"]
    for call in g.rng.sample(_RANDOM, g.rng.randint(1, 3)):
        r = g.fresh("_r")               # one name per draw: float and int arrays
        lines += [f"{ind}{r} = {call}", f"{ind}{v} += float({r}.sum()) + {r}.shape[-1]"]
    r = g.fresh("_r")
    if g.chance(0.4):
        lines += [f"{ind}{r} = np.arange({g.rng.randint(1, 6)}.0)", f"{ind}np.random.shuffle({r})",
                  f"{ind}{v} += float({r}[0])"]
    g.declare(v, T("float"))
    return lines + [f"{ind}{v} = {_bounded(v)}"]


# -- 2-d views with run-time negative steps ---------------------------------------------------------
def _s_runtime_steps(g, ind):
    """2-d views `a[::-s, ::t]` with steps computed at run time (negative or positive), a view of
    the view, reduced, iterated by rows, and maybe written through (it shows in the base)."""
    name = g.pick_var(lambda t: _real(t, 2, nonempty=False))
    if name is None:
        return None
    t = g.vars()[name]
    s1, s2, view, v, row = g.fresh("_s"), g.fresh("_s"), g.fresh("_w"), g.fresh(), "_" + g.fresh("row")
    lines = [f"{ind}{s1} = -(abs({g.expr('int', 1)}) % 3 + 1)",
             f"{ind}{s2} = {g.rng.choice(['-1', '1', '2', '-2'])} * (abs({g.expr('int', 0)}) % 2 + 1)",
             f"{ind}{view} = {name}[::{s1}, ::{s2}]",
             f"{ind}{v} = float({view}.sum()) + {view}.shape[0] * 10 + {view}.shape[1]",
             f"{ind}for {row} in {view}[{g.rng.choice(['1:', '::-1', ':', '-1:'])}]:",
             f"{ind}    {v} += float({row}.sum()) * 0.5 + {row}.shape[0]"]
    sub = g.rng.choice([f"{view}[1:, ::-1]", f"{view}[::-1, 1:]", f"{view}.T[::-1]"])
    lines.append(f"{ind}{v} += float({sub}.sum()) + {sub}.size")
    if not t.readonly and g.chance(0.5):
        lines += [f"{ind}{view}[{g.rng.choice(['...', '0:1', ':, -1:', '::2'])}] = {_value_for(g, t.dtype)}"]
    g.declare(v, T("float"))
    return lines + [f"{ind}{v} = {_bounded(v)}"]


# -- integer widths mixed --------------------------------------------------------------------------
def _s_int_widths(g, ind):
    """Integer arrays of different widths in place: `u8 += k` and `i32 *= k` wrap, `i64 += u8`,
    `i32[::-1] -= u8`; and uint64 values in shifts and masks with Python ints, read with int()."""
    name = g.pick_var(lambda t: _real(t, nonempty=False) and t.dtype[0] in "iu")
    v, u8, i32 = g.fresh(), g.fresh("a"), g.fresh("a")
    if name is None:
        return None
    t = g.vars()[name]
    k = g.rng.randint(0, 255)
    lines = [f"{ind}{u8} = {name}.astype(np.uint8)", f"{ind}{i32} = {name}.astype(np.int32) * {g.rng.randint(-9, 9)}",
             f"{ind}{u8} += {k}", f"{ind}{i32} -= {u8}", f"{ind}{i32}[::-1] += {u8}[::-1] // 3"]
    if g.chance(0.4):
        lines += [f"{ind}{u8} *= {g.rng.randint(2, 40)}"]
    if not t.readonly and t.dtype == "int64" and g.chance(0.5):
        lines += [f"{ind}{name} += {u8}"]
    h = g.fresh("_h")
    lines += [f"{ind}{h} = np.uint64(abs({g.expr('int', 1)}) % 100000 + {g.rng.randint(1, 2**40)})",
              f"{ind}{h} ^= {h} >> {g.rng.randint(1, 20)}",
              f"{ind}{v} = int(({h} << {g.rng.randint(0, 9)}) & {g.rng.choice(['0xFFFF', '4095', '65535'])})"
              f" + int({i32}.sum()) % {MOD} + int({u8}.sum())"]
    g.declare(u8, T("arr", "uint8", t.shape))
    g.declare(i32, T("arr", "int32", t.shape))
    g.declare(v, T("int"))
    return lines


def _int_arrays(text, n_arrays=1):
    """`text` with `{a}` (and `{b}`) integer array variables (casts of floats to narrow or unsigned
    integers are left out: see NOT_GENERATED), typed by evaluating it on stand-ins."""
    def build(g, _depth):
        names = [g.pick_var(lambda t: _real(t, nonempty=False) and t.dtype[0] in "iu") for _ in range(n_arrays)]
        if None in names:
            return None
        env = {f"_p{j}": g.vars()[name] for j, name in enumerate(names)}
        t = g.typed_array(text.format(**dict(zip("ab", env))), env)
        if t is None:
            return None
        return text.format(**dict(zip("ab", names))), T("arr", t.dtype, t.shape, readonly=any(u.readonly for u in env.values()))
    build.__name__ = f"arr:{text}"
    return build


ARRAY_MIXES = [
    (0.05, _int_arrays("({a}.astype(np.uint8) + {b}.astype(np.int32))", 2)),
    (0.05, _int_arrays("({a}.astype(np.uint8) * 3 + 250)")),
    (0.05, _int_arrays("({a}.astype(np.int32) - {b}.astype(np.uint8))", 2)),
    (0.05, _int_arrays("(({a}.astype(np.uint8) << 2) | 1)")),
    (0.05, _int_arrays("({a}.astype(np.int8) // 3 + np.int32(7))")),
    (0.05, _int_arrays("({a}.astype(np.uint16) + {b}.astype(np.int8))", 2)),
]
STATEMENT_MIXES = [
    (0.1, _s_str_dict), (0.1, _s_tuple_arrays), (0.1, _s_try_arrays), (0.1, _s_inner_calls),
    (0.05, _s_jitclass_buffer), (0.1, _s_typed_narrow), (0.05, _s_np_random), (0.1, _s_runtime_steps),
    (0.1, _s_int_widths),
]
