"""The fuzzer's generators for NumPy's and the standard library's larger features: index arrays
and boolean masks (read, assigned, `op=`), `a.flat`, `np.ndindex`/`np.ndenumerate`/`np.nditer`,
reductions with `axis=`/`keepdims=`/`dtype=`, NumPy scalar constructors, seeded `random` and
`np.random` streams, more string methods. generate.py appends these tables to its own.

Every index is kept valid whatever the data (`np.abs(i) % n`, masks of the same shape) and every
shape is found by running the subscript on stand-ins (`Gen.typed_array`); a store is kept only
when NumPy accepts it on stand-ins (shape, broadcast, casting). A random stream is seeded in the
statement that draws from it, so Python's and numjit's separate streams give the same numbers.

    >>> import random
    >>> from tools.fuzz.generate import Gen, T
    >>> g = Gen(random.Random(3), scopes=[{}, {"a": T("arr", "float64", (3, 2)), "i": T("arr", "int64", (4,))}, {}])
    >>> src, t = next(got for got in (_fancy_read(g, 1) for _ in range(50)) if got)
    >>> t.kind, src.startswith(("a[", "i["))
    ('arr', True)
"""
import numpy as np

from .generate import MOD, T, _arr_template, _from_array, _guarded, _template
from .statements import _loop_body, _value_for


def _int_index(g, n):
    """Source of an integer index array with values in [-n, n) (any data) and a stand-in for it."""
    got = g.array(lambda t: t.shape is not None and t.dtype[0] in "iu" and len(t.shape) <= 2, 0)
    if got is None:
        return None
    text, t = got
    src = f"(np.abs({text}) % {n})"
    if t.dtype[0] == "i" and g.chance(0.3):          # (unsigned arrays would wrap: see _arr_template)
        src = f"({src} - {n})"
    return src, np.ones(t.shape, np.int64)


def _mask_of(g, shape):
    """Source of a boolean mask of `shape` (from another real array of that shape) and a stand-in."""
    got = g.array(lambda t: t.shape == shape and not t.dtype.startswith("complex"), 0)
    if got is None:
        return None
    return f"({got[0]} > {g.expr('int', 0)})", np.ones(shape, bool)


def _subscript(g, t):
    """(source, stand-in) of an advanced subscript of an array of type `t`: index arrays, lists,
    masks, mixed with ints and slices; None when none fits."""
    shape = t.shape
    forms = ["i", "list", "mask"] + (["i,j", "i,:", ":,j", "i,1:", "k,j", "mask0", "mask0,1:"] if len(shape) == 2 else [])
    form = g.rng.choice(forms)
    parts, protos = [], []
    for axis, piece in enumerate(form.split(",")):
        n = shape[axis] if axis < len(shape) else 0
        if piece in ("i", "j"):
            got = _int_index(g, n) if n else None
        elif piece == "list":
            items = [str(g.rng.randrange(-n, n)) for _ in range(g.rng.randint(1, 4))] if n else None
            got = items and ("[" + ", ".join(items) + "]", np.zeros(len(items), np.int64))
        elif piece == "mask":
            got = _mask_of(g, shape)
        elif piece == "mask0":
            got = _mask_of(g, shape[:1])
        elif piece == "k":
            got = (g.index(n), 0) if n else None
        else:
            got = (piece, piece)
        if got is None:
            return None
        parts.append(got[0])
        protos.append(got[1])
    return ", ".join(parts), protos


def _proto_subscript(protos):
    return ", ".join(p if isinstance(p, str) else f"_q{i}" for i, p in enumerate(protos))


def _proto_env(protos):
    return {f"_q{i}": p for i, p in enumerate(protos) if not isinstance(p, str)}


def _fancy_read(g, _depth):
    """`a[i]`, `a[i, j]`, `a[:, j]`, `a[mask]`, ... of an array variable: a copy."""
    name = g.pick_var(lambda t: t.kind == "arr" and t.shape is not None and 1 <= len(t.shape) <= 2)
    if name is None:
        return None
    t = g.vars()[name]
    got = _subscript(g, t)
    if got is None:
        return None
    src, protos = got
    value = _eval_protos(f"_x[{_proto_subscript(protos)}]", {"_x": np.ones(t.shape, t.dtype), **_proto_env(protos)})
    if not isinstance(value, np.ndarray) or value.ndim > 2:
        return None
    masked = any(isinstance(p, np.ndarray) and p.dtype == bool for p in protos)
    return f"{name}[{src}]", T("arr", t.dtype, None if masked else value.shape)


def _flat_read(g, _depth):
    """`a.flat[i]` with an index array: the index's shape."""
    name = g.pick_var(lambda t: t.kind == "arr" and t.shape is not None and 0 not in t.shape)
    index = name and _int_index(g, int(np.prod(g.vars()[name].shape)))
    if not index:
        return None
    return f"{name}.flat[{index[0]}]", T("arr", g.vars()[name].dtype, index[1].shape)


def _eval_protos(text, env, stmt=False):
    try:
        with np.errstate(all="ignore"):
            if stmt:
                exec(text, {"np": np}, env)
                return True
            return eval(text, {"np": np}, env)
    except Exception:
        return None


def _s_fancy_store(g, ind):
    """`a[i] = v`, `a[i, j] += b`, `a[mask] = v`, ... (NumPy applies `op=` once per position)."""
    name = g.pick_var(lambda t: t.kind == "arr" and t.shape is not None and 1 <= len(t.shape) <= 2
                      and not t.readonly, assignable=True)
    if name is None:
        return None
    t = g.vars()[name]
    got = _subscript(g, t)
    if got is None:
        return None
    src, protos = got
    ops = ["="] if t.dtype == "bool" else ["=", "+="] + (["-="] if t.dtype != "uint64" else []) \
        + (["*="] if t.dtype[0] in "fc" else [])
    op = g.rng.choice(ops)
    env = {"_x": np.ones(t.shape, t.dtype), **_proto_env(protos)}
    # an array value only through masks: with repeated indexes NumPy does not say which item wins
    repeats = any(isinstance(p, np.ndarray) and p.dtype != bool for p in protos)
    value = g.array(lambda u: u.shape is not None and np.can_cast(u.dtype, t.dtype, "same_kind")
                    and not (op == "-=" and u.dtype == "uint64"), 0) if not repeats and g.chance(0.4) else None
    if value is not None:
        env["_y"] = np.ones(value[1].shape, value[1].dtype)
        rhs, proto_rhs = value[0], "_y"
    else:
        rhs, proto_rhs = _value_for(g, t.dtype), "1"
    if not _eval_protos(f"_x[{_proto_subscript(protos)}] {op} {proto_rhs}", env, stmt=True):
        return None
    return [f"{ind}{name}[{src}] {op} {rhs}"]


def _s_flat(g, ind):
    """`a.flat` iterated, indexed by an int, assigned by an int / a slice / an index array."""
    name = g.pick_var(lambda t: t.kind == "arr" and t.shape is not None and 0 not in t.shape
                      and t.dtype[0] in "biuf")
    if name is None:
        return None
    t = g.vars()[name]
    size = int(np.prod(t.shape))
    v = g.fresh()
    if t.readonly or g.chance(0.5):
        e = "_" + g.fresh("e")
        g.declare(v, T("float"))
        return [f"{ind}{v} = 0.0", f"{ind}for {e} in {name}.flat:", f"{ind}    {v} += float({e}) * 0.5"]
    index = _int_index(g, size)
    target = g.rng.choice([g.index(size, 1), "1:", "::2", f"np.array([0, {size - 1}, {size // 2}])"]
                          + ([index[0]] if index else []))
    return [f"{ind}{name}.flat[{target}] = {_value_for(g, t.dtype)}"]


def _s_iterate(g, ind):
    """`np.ndindex(a.shape)`, `np.ndenumerate(a)` or `np.nditer(a)` around a generated body."""
    if g.loop_depth >= 2:
        return None
    got = g.array(lambda t: t.shape is not None and t.dtype[0] in "biuf" and 1 <= len(t.shape) <= 2, 0)
    if got is None:
        return None
    text, t = got
    a, v, ix, e = g.fresh("a"), g.fresh(), "_" + g.fresh("ix"), "_" + g.fresh("e")
    index = T("tuple", items=("int",) * len(t.shape))
    how = g.rng.choice(["ndindex", "ndenumerate", "nditer"])
    lines = [f"{ind}{a} = {text}", f"{ind}{v} = 0.0"]
    g.declare(a, t)
    g.declare(v, T("float"))
    if how == "ndindex":
        header, first, loop_vars = f"{ix} in np.ndindex({a}.shape)", f"float({a}[{ix}])", {ix: index}
    elif how == "ndenumerate":
        header, first, loop_vars = f"{ix}, {e} in np.ndenumerate({a})", f"float({e}) + {ix}[-1]", {ix: index}
    else:
        header, first, loop_vars = f"{e} in np.nditer({a})", f"float({e})", {}
    body = [f"{ind}    {v} += {first}"] + _loop_body(g, ind + "    ", loop_vars, g.rng.randint(0, 2))
    return lines + [f"{ind}for {header}:"] + body


_DRAWS = {        # Python's random module: (kind, call)
    "float": ["random.random()", "random.uniform(-1.0, 2.5)", "random.gauss(0.0, 1.0)",
              "random.normalvariate(1.0, 2.0)", "random.expovariate(1.5)", "random.gammavariate(2.0, 1.0)",
              "random.betavariate(2.0, 3.0)", "random.triangular(0.0, 1.0, 0.3)",
              "random.lognormvariate(0.0, 0.5)", "random.vonmisesvariate(1.0, 2.0)",
              "random.paretovariate(2.0)", "random.weibullvariate(1.0, 1.5)", "random.gammavariate(0.5, 2.0)"],
    "int": ["random.randint(-3, 7)", "random.randrange(10)", "random.randrange(2, 20, 3)",
            "random.getrandbits(20)", "random.getrandbits(63) % 1000"],
}
_NP_DRAWS = {     # np.random's legacy API
    "float": ["np.random.random()", "np.random.normal(1.0, 2.0)", "np.random.uniform(-1.0, 1.0)",
              "np.random.standard_normal()", "np.random.exponential(2.0)", "float(np.random.rand(3).sum())",
              "float(np.random.randn(2, 2)[1, 0])", "np.random.gamma(2.0)", "np.random.beta(2.0, 3.0)"],
    "int": ["np.random.randint(0, 10)", "np.random.randint(-5, 5)", "int(np.random.binomial(10, 0.3))",
            "int(np.random.poisson(3.0))", "int(np.random.randint(0, 9, 4).sum())"],
}


def _s_random(g, ind):
    """A seeded stream and a few draws from it: Python's `random` or `np.random` (same numbers
    as CPython / `RandomState` after the same seed); shuffle and choice of a list or an array."""
    v, kind = g.fresh(), g.rng.choice(["float", "int"])
    py = g.chance(0.6)
    draws = (_DRAWS if py else _NP_DRAWS)[kind]
    seed = f"({g.expr('int', 1)}) % 1000"
    lines = [f"{ind}{'random' if py else 'np.random'}.seed({seed})"]
    lst = g.pick_var(lambda t: t.kind == "list" and t.minlen > 0 and t.dtype == kind)
    if py and lst is not None and lst not in g.iterated and g.chance(0.3):
        lines.append(f"{ind}random.shuffle({lst})")
        draws = draws + [f"random.choice({lst})"]
    arr = g.pick_var(lambda t: t.kind == "arr" and t.shape is not None and len(t.shape) == 1
                     and 0 not in t.shape and not t.readonly)
    if arr is not None and g.chance(0.3):
        lines.append(f"{ind}{'random' if py else 'np.random'}.shuffle({arr})")
    terms = " + ".join(g.rng.choice(draws) for _ in range(g.rng.randint(1, 3)))
    if g.chance(0.3):
        terms += f" + {g.expr(kind, 0)}"
    g.declare(v, T(kind))
    return lines + [f"{ind}{v} = {terms}"]


def _s_str_more(g, ind):
    """More string methods over a string made from numbers, read back as a number."""
    s, v, n = g.fresh("_s"), g.fresh(), g.expr("int", 1)
    made = g.rng.choice([f"'-'.join([str({n}), 'ab', str({n} % 7)])", f"str({n}).zfill(6)",
                         f"str({n}).center(9, '*')", f"'%d|%.2f' % ({n}, {g.expr('float', 1)})",
                         f"'{{}}:{{:>5}}'.format({n}, 'x')", f"str({n}).rjust(5) + str({n}).ljust(4, '.')"])
    kind, use = g.rng.choice([
        ("int", f"len({s}.partition('-')[2]) + len({s}.rpartition('|')[0])"),
        ("int", f"{s}.index({s}[-1]) + len({s}.title())"), ("bool", f"{s}.endswith('*') or {s}.isalnum()"),
        ("int", f"len({s}.lstrip('*- ')) * 3 + len({s}.rstrip('.'))"), ("int", f"len({s}.split()) + {s}.count('0')"),
        ("bool", f"{s}.isspace() or {s}.swapcase() != {s}"),
    ])
    g.declare(v, T(kind))
    return [f"{ind}{s} = {made}", f"{ind}{v} = {use}"]


ARRAY_FEATURES = [
    (2, _fancy_read), (0.5, _flat_read),
    (1, _arr_template("np.sum({a}, axis=1, keepdims=True)")), (1, _arr_template("{a}.sum(axis=0, keepdims=True)")),
    (1, _arr_template("np.prod({a}, axis=-1)")), (1, _arr_template("{a}.min(axis=1)", real=True)),
    (1, _arr_template("np.max({a}, axis=0, keepdims=True)", real=True)),
    (1, _arr_template("np.mean({a}, axis=0, keepdims=True)", real=True)),
    (1, _arr_template("np.std({a}, axis=1)", real=True)), (1, _arr_template("{a}.var(axis=0, ddof=1)", real=True)),
    (1, _arr_template("np.any({a} > 0, axis=0)", real=True)),
    (1, _arr_template("np.all({a} != 0, axis=-1, keepdims=True)")),
    (1, _arr_template("np.argmax({a}, axis=0)", real=True)), (1, _arr_template("np.cumsum({a}, axis=1)")),
    (1, _arr_template("np.sum({a}, axis=(0, 1), keepdims=True)")),
    (1, _arr_template("np.sum({a}, axis=0, dtype=np.float64)")),
    (1, _arr_template("np.nansum({a}, axis=0)", real=True)), (1, _arr_template("np.nanmax({a}, axis=1)", real=True)),
]
EXPRESSION_FEATURES = {
    "int": [(1, _template("int", "int(np.int64({}))", "int")),
            (1, _template("int", "int(np.int32(({}) % 1000) * np.int32(3))", "int")),
            (1, _template("int", "int(np.uint8(({}) % 200))", "int")),
            (1, _guarded("int", "int(np.int64({}))", "0")),
            (1, _from_array("int", "biuf", "len({a}.flat)", nonempty=False)),
            (1, _from_array("int", "iu", "int({a}.flat[-1])")),
            (1, _from_array("int", "biu", "int(np.sum({a}, axis=0, keepdims=True).sum())", nonempty=False, ndim=2))],
    "float": [(1, _template("float", "float(np.float64({}))", "float")),
              (1, _template("float", "float(np.float64({}) * 2)", "int")),
              (1, _from_array("float", "f", "float({a}.flat[0])")),
              (1, _from_array("float", "biuf", f"float(np.max({{a}}, axis=-1, keepdims=True).sum() % {MOD})", ndim=2)),
              (1, _from_array("float", "f", "float(np.mean({a}, axis=(0, 1)))", ndim=2))],
    "bool": [(1, _template("bool", "bool(np.bool_({}))", "int")),
             (1, _from_array("bool", "biuf", "bool(np.all({a} < 3, axis=0).any())", nonempty=False, ndim=2))],
    "complex": [(1, _template("complex", "complex(np.complex128({}))", "complex"))],
}
STATEMENT_FEATURES = [(2, _s_fancy_store), (1, _s_flat), (1, _s_iterate), (1, _s_random), (0.5, _s_str_more)]
