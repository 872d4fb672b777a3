"""Seeded random programs over what numjit's README says it compiles, with their inputs.

`generate(seed)` returns a `Program`: the source of one or a few functions (the entry point is
`f`) and the source of an `args()` function building its inputs. Each program is well defined
under Python's semantics and numba's typing at once: integers stay far from int64's limits (every
product is reduced modulo 10007; uint64 arrays are never negated or subtracted from, whose
wrapped values int() would read as Python ints beyond int64; float items compared by `==`/`in`
are fresh objects, so CPython's identity shortcut never makes a NaN equal to itself), divisors are shifted away from zero, indices are reduced modulo
a length the generator knows, fixed-width scalars are built in range and turned back into Python
numbers before arithmetic that would overflow them (NumPy and numba type `int8 + int8`
differently), float32 arithmetic only meets float32. Variables keep one type and, for arrays,
one shape: every array's shape is known at generation time (inputs have fixed shapes), so
broadcasting and indexing are always valid — except boolean-mask results, whose length is
unknown and which only go into reductions and scalar arithmetic.

    >>> p = generate(7)
    >>> p.text() == generate(7).text() and "def f(" in p.source and "def args():" in p.args_source
    True
    >>> ns = {}
    >>> exec(p.text(), ns)
    >>> isinstance(ns["args"](), tuple)
    True

The construct generators live in tables: `EXPRESSIONS` (one list per scalar kind),
`ARRAY_EXPRESSIONS` and `STATEMENTS` (statements.py); each entry is `(weight, function)` and a
function may return None when it does not apply (no array in scope, ...). Extend the fuzzer by
adding an entry; `NOT_GENERATED` lists what is left out on purpose, and why.
"""
import random
import warnings
from dataclasses import dataclass, field

import numpy as np

HEADER = "import cmath\nimport math\nimport random\n\nimport numpy as np\nfrom numjit import typed, types\n"

SCALARS = ("bool", "int", "float", "complex")
FIXED = {          # kind -> (constructor, how an int expression is brought in range)
    "int8": ("np.int8", "({} % 100 - 50)"),
    "int16": ("np.int16", "({} % 20000 - 10000)"),
    "int32": ("np.int32", "({} % 100000 - 50000)"),
    "int64": ("np.int64", "{}"),
    "uint8": ("np.uint8", "({} % 100)"),
    "uint16": ("np.uint16", "({} % 30000)"),
    "uint32": ("np.uint32", "(abs({}) % 4000000000)"),
    "uint64": ("np.uint64", "abs({})"),
}
DTYPES = ("float64", "float32", "int64", "int32", "int8", "uint8", "uint16", "uint64", "bool", "complex128")
MOD = 10007
# Valid NumPy that numjit does not compile and its README does not claim; kept out of the
# programs (the fuzzer found them; each is a TypingError, never a wrong answer):
NOT_GENERATED = (
    "complex arrays in np.maximum / np.minimum / np.clip / np.diff, ordering comparisons (<, >), mean(axis=)",
    "methods of NumPy scalars (np.float64(1).sum())",
    "reshape of non-contiguous arrays (numba rejects it too)",
    "sum() of a dict or of its values() (not claimed)",
    "arithmetic on 0-d arrays such as np.nditer's items (numjit gives 0-d arrays where NumPy and"
    " numba give scalars; the programs convert the items with float())",
    "starred assignment targets (a, *b = t: a located UnsupportedError, as numba's)",
    "int ** negative int known only at run time (a float in Python; numjit raises NumPy's ValueError for a"
    " base other than 0, 1, -1; a constant negative exponent is generated: a float as in Python), negative"
    " float ** fractional float (complex in Python, nan in numba and numjit)",
    "int(x), math.floor/ceil(x), round(x) for |x| >= 2**63 (Python's int is wider; numjit raises OverflowError)",
    "float to unsigned casts (astype(np.uint32/uint64), np.uint64(x)) of negative, non-finite or too large"
    " values (undefined in C: NumPy's values are its loops' on this CPU; numjit's saturate)",
    "NumPy scalars of narrow types with Python numbers (np.float32(2) * 3.0, np.int8(100) + np.int8(100):"
    " numba's scalar rules, the README says so)",
)


@dataclass(frozen=True)
class T:
    """A value's type: a scalar kind, a fixed-width kind, 'float32', or an array/list/tuple."""
    kind: str                      # 'int' 'float' 'bool' 'complex' 'int8'.. 'float32' 'arr' 'list' 'tuple'
    dtype: str = ""                # arrays: NumPy dtype name; lists: 'int' or 'float'
    shape: tuple = None            # arrays: concrete shape, or None when data dependent
    items: tuple = ()              # tuples: element kinds
    minlen: int = 0                # lists: known minimum length
    readonly: bool = False         # arrays: a global constant (frozen in compiled code, as numba)


@dataclass
class Program:
    source: str                    # the functions; `f` is the entry point
    args_source: str               # `def args(): return (...)`
    seed: object = None

    def text(self):
        return f"{HEADER}\n\n{self.source}\n\n{self.args_source}\n"


def _proto(t):
    return np.ones(t.shape, dtype=t.dtype)


def _arr_elem_kind(dtype):
    return {"b": "bool", "i": "int", "u": "int", "f": "float", "c": "complex"}[np.dtype(dtype).kind]


@dataclass
class Gen:
    rng: random.Random
    scopes: list = field(default_factory=lambda: [{}])
    helpers: dict = field(default_factory=dict)       # name -> (param kinds, return kind)
    counter: int = 0
    loop_depth: int = 0
    iterated: set = field(default_factory=set)         # lists a loop is iterating: never grown
    budget: int = 0
    ret: T = None
    preamble: list = field(default_factory=list)      # module-level definitions (classes) statements need

    # -- variables ----------------------------------------------------------------------------
    def fresh(self, prefix="v"):
        self.counter += 1
        return f"{prefix}{self.counter}"

    def vars(self, pred=lambda t: True, assignable=False):
        out = {}
        for scope in self.scopes:
            for name, t in scope.items():
                if pred(t) and not (assignable and name.startswith("_")):
                    out[name] = t
        return out

    def pick_var(self, pred, assignable=False):
        names = sorted(self.vars(pred, assignable))
        return self.rng.choice(names) if names else None

    def chance(self, p):
        return self.rng.random() < p

    # -- expressions ---------------------------------------------------------------------------
    def expr(self, kind, depth=2):
        """A source expression of scalar kind `kind`."""
        if kind in FIXED:
            ctor, fit = FIXED[kind]
            return f"{ctor}({fit.format(self.expr('int', depth - 1))})"
        if kind == "float32":
            return f"np.float32({self.expr('float', depth - 1)})"
        table = EXPRESSIONS[kind]
        if self.chance(0.3 if depth > 0 else 0.7):        # variables make programs data dependent
            name = self.pick_var(lambda t: t.kind == kind)
            if name is not None:
                return name
        leaves = [(w, fn) for w, fn in table if getattr(fn, "leaf", False)]
        choices = leaves if depth <= 0 else table
        for _ in range(20):
            fn = self.weighted(choices)
            text = fn(self, depth - 1)
            if text is not None:
                return text
        return LITERALS[kind](self)

    def weighted(self, table):
        total = sum(w for w, _ in table)
        x = self.rng.random() * total
        for w, fn in table:
            x -= w
            if x < 0:
                return fn
        return table[-1][1]

    def index(self, n, depth=1):
        """An int expression in [-n, n) (n > 0): a valid index, negative or not."""
        e = self.expr("int", depth)
        return f"({e}) % {n}" if self.chance(0.7) else f"-1 - ({e}) % {n}"

    def array(self, pred=lambda t: True, depth=1):
        """(source, T) of an array expression, or None."""
        for _ in range(10):
            fn = self.weighted(ARRAY_EXPRESSIONS)
            got = fn(self, depth)
            if got is not None and pred(got[1]):
                return got
        name = self.pick_var(lambda t: t.kind == "arr" and pred(t))
        return (name, self.vars()[name]) if name else None

    def typed_array(self, text, env):
        """The T of array expression `text`, by evaluating it on stand-ins of the same
        dtype and shape; None when NumPy rejects it (a shape mismatch, ...)."""
        protos = {name: _proto(t) for name, t in env.items()}
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                value = eval(text, {"np": np, "math": __import__("math")}, protos)
        except Exception:
            return None
        if not isinstance(value, np.ndarray) or value.dtype.name not in DTYPES or value.ndim > 2:
            return None
        return T("arr", value.dtype.name, value.shape)

    # -- statements ----------------------------------------------------------------------------
    def block(self, indent, n):
        lines = []
        self.scopes.append({})
        for _ in range(n):
            if self.budget <= 0:
                break
            self.budget -= 1
            fn = self.weighted(STATEMENTS)
            got = fn(self, indent)
            if got:
                lines.extend(got)
        self.scopes.pop()
        return lines or [indent + "pass"]

    def declare(self, name, t):
        self.scopes[-1][name] = t


def _lit_int(g, _=0):
    v = g.rng.choice([0, 1, 2, 3, 5, 7, -1, -3, g.rng.randint(-40, 40)])
    return str(v) if v >= 0 else f"({v})"


def _lit_float(g, _=0):
    v = g.rng.choice([0.0, 0.5, 1.0, 2.0, -1.5, 3.25, 1e-3, 100.0, round(g.rng.uniform(-9, 9), 3)])
    return repr(v) if v >= 0 else f"({v!r})"


def _lit_bool(g, _=0):
    return g.rng.choice(["True", "False"])


def _lit_complex(g, _=0):
    return f"complex({_lit_float(g)}, {_lit_float(g)})"


LITERALS = {"int": _lit_int, "float": _lit_float, "bool": _lit_bool, "complex": _lit_complex}


def leaf(fn):
    fn.leaf = True
    return fn


def _var_of(kind):
    @leaf
    def var(g, _):
        return g.pick_var(lambda t: t.kind == kind)
    return var


def _template(kind, text, *operands):
    """An expression built from `text` with `{}` holes filled by expressions of `operands`."""
    def build(g, depth):
        return text.format(*(g.expr(k, depth) for k in operands))
    build.__name__ = f"{kind}:{text}"
    return build


def _from_array(kind, dtype_kinds, text, nonempty=True, ndim=None):
    """`text` with `{a}` an array expression of one of `dtype_kinds` (NumPy kind letters)."""
    def build(g, depth):
        got = g.array(lambda t: np.dtype(t.dtype).kind in dtype_kinds
                      and (ndim is None or t.shape is not None and len(t.shape) == ndim)
                      and (not nonempty or (t.shape is not None and 0 not in t.shape)), depth)
        return text.format(a=got[0]) if got else None
    return build


def _elem(kind, dtype_kinds):
    def build(g, depth):
        got = g.array(lambda t: np.dtype(t.dtype).kind in dtype_kinds and t.shape is not None
                      and 0 not in t.shape and t.kind == "arr", 0)
        if got is None:
            return None
        text, t = got
        if not text.isidentifier():
            text = f"({text})"
        index = ", ".join(g.index(n, depth) for n in t.shape)
        conv = {"int": "int", "float": "float", "bool": "bool", "complex": "complex"}[kind]
        return f"{conv}({text}[{index}])"
    return build


def _from_list(kind, text, nonempty=True):
    def build(g, _depth):
        name = g.pick_var(lambda t: t.kind == "list" and t.dtype == kind
                          and (t.minlen > 0 or not nonempty))
        if name is None:
            return None
        return text.format(l=name, i=g.index(f"len({name})"))
    return build


def _tuple_item(kind):
    def build(g, _):
        names = [(n, i) for n, t in g.vars(lambda t: t.kind == "tuple").items()
                 for i, k in enumerate(g.vars()[n].items) if k == kind]
        if not names:
            return None
        name, i = g.rng.choice(sorted(names))
        return f"{name}[{i}]"
    return build


def _fixed(op):
    def build(g, _):
        kind = g.rng.choice(sorted(FIXED))
        a = g.pick_var(lambda t: t.kind == kind)
        if a is None:
            return None
        if op == "int":
            return f"int({a})"
        b = g.pick_var(lambda t: t.kind == kind)
        if op == "+" and kind in ("int8", "int16", "uint8", "uint16"):
            return f"int({a} + {b})"          # both sides in range: no wrap in NumPy, none in numba
        if op == "*" and kind == "int64":
            return f"int({a} * {b})"          # int64 wraps in both
        return f"bool({a} < {b})" if op == "<" else f"int({a})"      # np.bool_ + bool is np.bool_
    return build


def _f32(g, _):
    a = g.pick_var(lambda t: t.kind == "float32")
    if a is None:
        return None
    b = g.pick_var(lambda t: t.kind == "float32")
    return f"float({a} {g.rng.choice('+-*')} {b})"


def _call_helper(kind):
    def build(g, depth):
        names = sorted(n for n, (_, r) in g.helpers.items() if r == kind)
        if not names:
            return None
        name = g.rng.choice(names)
        params, _ = g.helpers[name]
        return f"{name}({', '.join(_argument(g, t, depth) for t in params)})"
    return build


def _argument(g, t, depth):
    """An expression of type `t` to pass to a helper: a scalar, or an array of that exact
    dtype and shape (a variable when there is one: the helper may write into it)."""
    if t.kind != "arr":
        return g.expr(t.kind, depth)
    name = g.pick_var(lambda u: u.kind == "arr" and u.dtype == t.dtype and u.shape == t.shape and not u.readonly)
    return name or f"np.ones({t.shape!r}, np.{t.dtype})"


def _guarded(kind, text, fallback):
    """`text` applied to a float that must be finite and moderate, else `fallback`."""
    def build(g, depth):
        x = g.expr("float", depth)
        return f"({text.format(x)} if abs({x}) < 1e9 else {fallback})"
    return build


def _ifexp(kind):
    def build(g, depth):
        return f"({g.expr(kind, depth)} if {g.expr('bool', depth)} else {g.expr(kind, depth)})"
    return build


def _bound(kind, text, elem_kind, prefix):
    """`text` with {e} an expression of `elem_kind` that may read the name {k}, bound by `text`
    (a generator expression's variable, a lambda's parameter), and {n} a small count."""
    def build(g, depth):
        k = "_" + g.fresh(prefix)
        g.scopes.append({k: T("int")})
        e = g.expr(elem_kind, depth)
        g.scopes.pop()
        return text.format(e=e, k=k, n=g.rng.randint(1, 5), x=g.expr("int", depth))
    build.__name__ = f"{kind}:{text}"
    return build


EXPRESSIONS = {
    "int": [
        (3, leaf(_lit_int)), (6, _var_of("int")),
        (3, _template("int", "({} + {})", "int", "int")),
        (2, _template("int", "({} - {})", "int", "int")),
        (2, _template("int", f"(({{}} * {{}}) % {MOD})", "int", "int")),
        (1, _template("int", "({} // (abs({}) % 7 + 1))", "int", "int")),
        (1, _template("int", "({} % (abs({}) % 7 + 1))", "int", "int")),
        (1, _template("int", "({} // -(abs({}) % 5 + 1))", "int", "int")),
        (1, _template("int", "({} % -(abs({}) % 5 + 1))", "int", "int")),
        (1, _template("int", "abs({})", "int")), (1, _template("int", "(-{})", "int")),
        (1, _template("int", "(~{})", "int")), (1, _template("int", "len(({}, {}))", "int", "float")),
        (1, _template("int", "min({}, {})", "int", "int")),
        (1, _template("int", "max({}, {}, {})", "int", "int", "int")),
        (1, _template("int", "({} & {})", "int", "int")),
        (1, _template("int", "({} | {})", "int", "int")),
        (1, _template("int", "({} ^ {})", "int", "int")),
        (1, _template("int", f"(({{}} << (abs({{}}) % 5)) % {MOD})", "int", "int")),
        (1, _template("int", "({} >> (abs({}) % 5))", "int", "int")),
        (1, _template("int", f"(({{}} % 50) ** 2 % {MOD})", "int")),
        (1, _template("int", "int({})", "bool")),
        (1, _template("int", "({} + {})", "bool", "bool")),
        (1, _template("int", "(({} % 10) ** (abs({}) % 4))", "int", "int")),
        (1, _template("int", "math.gcd({}, {})", "int", "int")),
        (1, _template("int", "math.factorial(abs({}) % 8)", "int")),
        (1, _template("int", "divmod({}, abs({}) % 4 + 1)[0]", "int", "int")),
        (1, _guarded("int", "round({})", "0")), (1, _guarded("int", "math.floor({})", "0")),
        (1, _guarded("int", "int({})", "0")), (1, _guarded("int", "math.ceil({})", "0")),
        (1, _from_array("int", "biuf", "len({a})", nonempty=False)),
        (1, _from_array("int", "biuf", "{a}.size", nonempty=False)),
        (1, _from_array("int", "biuf", "{a}.shape[0]", nonempty=False)),
        (1, _from_array("int", "biu", "int({a}.sum())", nonempty=False)),
        (1, _from_array("int", "iu", "int(np.max({a}))")),
        (1, _from_array("int", "iuf", "int({a}.argmin())")),
        (1, _from_array("int", "biu", "int(np.sum({a} > 1))", nonempty=False)),
        (2, _elem("int", "iu")),
        (1, _from_list("int", "{l}[{i}]")), (1, _from_list("int", "len({l})", nonempty=False)),
        (1, _from_list("int", "sum({l})", nonempty=False)),
        (1, _from_list("int", "max({l})")),
        (1, _from_list("int", "sorted({l})[0]")),
        (1, _from_list("int", "{l}.count({l}[0])")), (1, _from_list("int", "{l}.index({l}[-1])")),
        (1, _from_list("int", "len({l} + {l}[::-1])", nonempty=False)),
        (1, _from_list("int", "len({l}[1:])", nonempty=False)),
        (1, _from_array("int", "biuf", "int(np.argmax({a}))")),
        (1, _from_array("int", "iu", "int(np.sum({a}, axis=0).sum())", nonempty=False, ndim=2)),
        (1, _tuple_item("int")), (1, _fixed("int")), (1, _fixed("+")), (1, _fixed("*")),
        (1, _ifexp("int")), (1, _call_helper("int")),
        (1, _bound("int", "sum(({e}) % 97 for {k} in range({n}))", "int", "g")),
        (1, _bound("int", "max(({e}) % 50 for {k} in range({n}))", "int", "g")),
    ],
    "float": [
        (3, leaf(_lit_float)), (6, _var_of("float")),
        (3, _template("float", "({} + {})", "float", "float")),
        (2, _template("float", "({} - {})", "float", "int")),
        (2, _template("float", "({} * {})", "float", "float")),
        (2, _template("float", "({} / (abs({}) + 1.0))", "float", "float")),
        (1, _template("float", "({} / (abs({}) + 1))", "int", "int")),
        (1, _template("float", "({} // (abs({}) + 0.5))", "float", "float")),
        (1, _template("float", "({} % (abs({}) + 0.5))", "float", "float")),
        (1, _template("float", "float({})", "int")),
        (1, _template("float", "math.sqrt(abs({}))", "float")),
        (1, _template("float", "math.exp(min({}, 30.0))", "float")),
        (1, _template("float", "math.log(abs({}) + 1.0)", "float")),
        (1, _template("float", "math.atan({})", "float")),
        (1, _template("float", "math.tanh({})", "float")),
        (1, _template("float", "math.hypot({}, {})", "float", "float")),
        (1, _template("float", "math.atan2({}, {})", "float", "float")),
        (1, _template("float", "math.copysign({}, {})", "float", "float")),
        (1, _template("float", "abs({})", "float")), (1, _template("float", "(-{})", "float")),
        (1, _template("float", "min({}, {})", "float", "float")),
        (1, _template("float", "max({}, {})", "float", "float")),
        (1, _template("float", "(abs({}) ** 0.5)", "float")),
        (1, _template("float", "({} ** 2)", "float")),
        (1, _template("float", "abs({})", "complex")),
        (1, _template("float", "{}.real", "complex")),
        (1, _template("float", "{}.imag", "complex")),
        (1, _guarded("float", "math.sin({})", "0.0")), (1, _guarded("float", "math.cos({})", "1.0")),
        # unguarded: outside the domain both raise ValueError / OverflowError (intrinsics/mathdomain.py)
        (1, _template("float", "math.sqrt({})", "float")), (1, _template("float", "math.log({})", "float")),
        (1, _template("float", "math.exp({})", "float")), (1, _template("float", "math.tan({})", "float")),
        (1, _from_array("float", "biuf", "float({a}.sum())", nonempty=False)),
        (1, _from_array("float", "biuf", "float(np.mean({a}))")),
        (1, _from_array("float", "f", "float({a}.max())")),
        (1, _from_array("float", "f", "float(np.min({a}))")),
        (1, _from_array("float", "f", "float({a}.std())")),
        (1, _from_array("float", "f", "float(np.prod({a}))", nonempty=False)),
        (2, _elem("float", "f")),
        (1, _from_list("float", "{l}[{i}]")), (1, _from_list("float", "sum({l})", nonempty=False)),
        (1, _from_list("float", "min({l})")),
        (1, _from_list("float", "math.fsum({l})", nonempty=False)),
        (1, _template("float", "round({}, 2)", "float")),
        (1, _from_array("float", "f", "float(np.var({a}))")),
        (1, _from_array("float", "f", "float(np.mean({a}, axis=0).sum())", ndim=2)),
        (1, _from_array("float", "c", "abs(complex({a}.sum()))", nonempty=False)),
        (1, _tuple_item("float")), (1, _f32), (1, _ifexp("float")), (1, _call_helper("float")),
        (1, _bound("float", "min({e} for {k} in range({n}))", "float", "g")),
        (1, leaf(lambda g, _: "math.pi")),
    ],
    "bool": [
        (2, leaf(_lit_bool)), (3, _var_of("bool")),
        (3, _template("bool", "({} < {})", "int", "int")),
        (2, _template("bool", "({} <= {})", "float", "float")),
        (1, _template("bool", "({} == {})", "int", "int")),
        (1, _template("bool", "({} != {})", "float", "int")),
        (1, _template("bool", "({} < {} <= {})", "int", "int", "int")),
        (1, _template("bool", "(not {})", "bool")),
        (1, _template("bool", "({} and {})", "bool", "bool")),
        (1, _template("bool", "({} or {})", "bool", "bool")),
        (1, _template("bool", "math.isnan({})", "float")),
        (1, _template("bool", "math.isfinite({})", "float")),
        (1, _template("bool", "({} in (1, 2, 3))", "int")),
        (1, _template("bool", "(({}, {}) < ({}, {}))", "int", "int", "int", "int")),
        (1, _template("bool", "(({}, {}) == ({}, {} + 0.0))", "int", "float", "int", "float")),
        (1, _from_list("bool", "(({l}[0] + 0) in {l})")),
        (1, _from_array("bool", "biuf", "bool(np.any({a} > 0))", nonempty=False)),
        (1, _from_array("bool", "biuf", "bool(({a} != 0).all())", nonempty=False)),
        (1, _elem("bool", "b")), (1, _tuple_item("bool")), (1, _fixed("<")),
        (1, _call_helper("bool")),
        (1, _bound("bool", "any(({e}) > 2 for {k} in range({n}))", "int", "g")),
        (1, _bound("bool", "all({e} for {k} in range({n}))", "bool", "g")),
    ],
    "complex": [
        (2, leaf(_lit_complex)), (4, _var_of("complex")),
        (2, _template("complex", "complex({}, {})", "float", "float")),
        (2, _template("complex", "({} + {})", "complex", "complex")),
        (1, _template("complex", "({} - {})", "complex", "float")),
        (2, _template("complex", "({} * {})", "complex", "complex")),
        (1, _template("complex", "({} / (abs({}) + 1.0))", "complex", "complex")),
        (1, _template("complex", "{}.conjugate()", "complex")),
        (1, _template("complex", "(-{})", "complex")),
        (1, _template("complex", "({} ** 2)", "complex")),
        (1, _tuple_item("complex")),
        (1, _elem("complex", "c")),
        (1, _from_array("complex", "c", "complex(np.sum({a}))", nonempty=False)),
    ],
}


# -- arrays ------------------------------------------------------------------------------------
def _arr_var(g, _):
    name = g.pick_var(lambda t: t.kind == "arr")
    return (name, g.vars()[name]) if name else None


def _arr_template(text, n_arrays=1, scalar=None, real=False):
    """`text` with `{a}`, `{b}` array operands and `{s}` a scalar of kind `scalar`; typed by
    evaluating it with NumPy on stand-ins (so only valid combinations come out). `real`: no
    complex operands (see NOT_GENERATED)."""
    def build(g, depth):
        env = {}
        parts = {}
        for key in "ab"[:n_arrays]:
            known = lambda t: t.shape is not None and not (real and t.dtype.startswith("complex"))  # noqa: E731
            got = g.array(known, depth - 1) if depth > 0 else g.pick_var(lambda t: t.kind == "arr" and known(t))
            if isinstance(got, str):
                got = (got, g.vars()[got])
            if got is None or ("-" in text and got[1].dtype == "uint64"):
                return None     # uint64 wraps to values beyond int64, which int() reads differently
            name = f"_p{len(env)}"
            env[name] = got[1]
            parts[key] = (got[0], name)
        s = g.expr(scalar, 0) if scalar else ""
        src = text.format(s=s, **{k: v[0] for k, v in parts.items()})
        weak = {"int": "1", "float": "1.0", "float32": "np.float32(1)", "int32": "np.int32(1)",
                None: ""}[scalar]         # Python scalars are weak in NumPy 2, NumPy scalars are not
        proto_src = text.format(s=weak, **{k: v[1] for k, v in parts.items()})
        t = g.typed_array(proto_src, env)
        if t is not None and any(u.readonly for u in env.values()):
            t = T("arr", t.dtype, t.shape, readonly=True)     # it may be a view of a constant
        return (src, t) if t is not None else None
    return build


def _creation(g, _):
    dtype = g.rng.choice(["np.float64", "np.int64", "np.float32", "np.int32"])
    shape = g.rng.choice([(g.rng.randint(0, 5),), (g.rng.randint(1, 4), g.rng.randint(1, 4))])
    spell = str(shape[0]) if len(shape) == 1 and g.chance(0.5) else repr(shape)
    fn = g.rng.choice(["zeros", "ones", "full"])
    if fn == "full":
        kind = _arr_elem_kind(dtype[3:])
        value = g.expr(kind, 0) if kind == "float" else f"({g.expr('int', 0)}) % 100"
        return f"np.full({spell}, {value}, {dtype})", T("arr", dtype[3:], shape)
    return f"np.{fn}({spell}, {dtype})", T("arr", dtype[3:], shape)


def _mask(g, depth):
    got = g.array(lambda t: t.shape is not None and len(t.shape) == 1 and t.dtype not in ("bool", "complex128"), 0)
    if got is None:
        return None
    text, t = got
    return f"{text}[{text} > {g.expr('int', 0)}]", T("arr", t.dtype, None)


def _view(g, _):
    got = _arr_var(g, 0)
    if got is None or got[1].shape is None:
        return None
    name, t = got
    if len(t.shape) == 2 and g.chance(0.15):
        src, proto = f"{name}.T", "_x.T"
    else:
        sl = g.rng.choice(["1:", "::2", "::-1", ":-1", "1::2", "-2:"] if len(t.shape) == 1 else
                          ["1:, :", ":, ::2", "::-1", "1", ":, 0", "1:, 1:", ":, ::-1"])
        src, proto = f"{name}[{sl}]", f"_x[{sl}]"
    view = g.typed_array(proto, {"_x": t})
    return (src, T("arr", view.dtype, view.shape, readonly=t.readonly)) if view is not None else None


def _fancy(g, _):
    """An integer index array (a copy): `a[np.array([2, 0, 2])]`."""
    name = g.pick_var(lambda t: t.kind == "arr" and t.shape is not None and 0 not in t.shape)
    if name is None:
        return None
    t = g.vars()[name]
    idx = "np.array([" + ", ".join(str(g.rng.randrange(-t.shape[0], t.shape[0]))
                                    for _ in range(g.rng.randint(1, 4))) + "])"
    got = g.typed_array(f"_x[{idx}]", {"_x": t})
    return (f"{name}[{idx}]", got) if got is not None else None


ARRAY_EXPRESSIONS = [
    (6, _arr_var), (2, _creation), (2, _view), (1, _mask), (1, _fancy),
    (2, _arr_template("({a} + {b})", 2)), (2, _arr_template("({a} * {b})", 2)),
    (1, _arr_template("({a} - {s})", 1, "int")), (2, _arr_template("({a} * {s})", 1, "float")),
    (1, _arr_template("({a} / (np.abs({b}) + 1.0))", 2)),
    (1, _arr_template("np.sqrt(np.abs({a}))")), (1, _arr_template("np.exp(np.minimum({a}, 10.0))", real=True)),
    (1, _arr_template("np.sin({a})", real=True)), (1, _arr_template("np.abs({a})")),
    (1, _arr_template("(-{a})")), (1, _arr_template("np.where({a} > 1, {a}, {b})", 2, real=True)),
    (1, _arr_template("np.maximum({a}, {b})", 2, real=True)), (1, _arr_template("np.floor({a} * 0.5)")),
    (1, _arr_template("({a} // 3)")), (1, _arr_template("({a} % 4)")),
    (1, _arr_template("np.clip({a}, 0, 5)", real=True)), (1, _arr_template("({a} > {s})", 1, "float", real=True)),
    (1, _arr_template("({a} * {s})", 1, "float32")), (1, _arr_template("({a} + {s})", 1, "int32")),
    (1, _arr_template("np.sum({a}, axis=0)")), (1, _arr_template("{a}.mean(axis=-1)", real=True)),
    (1, _arr_template("np.dot({a}, {b})", 2)), (1, _arr_template("({a} @ {b})", 2)),
    (1, _arr_template("{a}.ravel()")),
    (1, _arr_template("np.transpose({a})")), (1, _arr_template("{a}.astype(np.float32)")),
    (1, _arr_template("np.cumprod({a})")), (1, _arr_template("np.abs({a} - {b})", 2)),
    (1, _arr_template("({a} / {b})", 2)), (1, _arr_template("({a} // {b})", 2, real=True)),
    (1, _arr_template("({a} % {b})", 2, real=True)), (1, _arr_template("({a} == {b})", 2)),
    (1, _arr_template("np.where({a} > 0, 1.0, -1.0)", real=True)),
    (1, _arr_template("np.where({a} < 2, {a}, 0)", real=True)),
    (1, _arr_template("{a}.max(axis=0)", real=True)), (1, _arr_template("np.argmin({a}, axis=-1)", real=True)),
    (1, _arr_template("{a}.copy()")), (1, _arr_template("np.zeros_like({a})")),
    (1, _arr_template("np.cumsum({a})")),
]


# -- whole programs (statements.py holds the statement table) ------------------------------
from .statements import STATEMENTS, return_expression  # noqa: E402  (it imports the names above)
from .features import ARRAY_FEATURES, EXPRESSION_FEATURES, STATEMENT_FEATURES  # noqa: E402
from .extras import ARRAY_EXTRAS, EXPRESSION_EXTRAS, STATEMENT_EXTRAS  # noqa: E402
from .idioms import ARRAY_IDIOMS, EXPRESSION_IDIOMS, STATEMENT_IDIOMS  # noqa: E402
from .edges import ARRAY_EDGES, EXPRESSION_EDGES, STATEMENT_EDGES  # noqa: E402
from .mixes import ARRAY_MIXES, STATEMENT_MIXES  # noqa: E402

ARRAY_EXPRESSIONS += ARRAY_FEATURES + ARRAY_EXTRAS + ARRAY_IDIOMS + ARRAY_EDGES + ARRAY_MIXES
STATEMENTS += STATEMENT_FEATURES + STATEMENT_EXTRAS + STATEMENT_IDIOMS + STATEMENT_EDGES + STATEMENT_MIXES
for _kind, _entries in (list(EXPRESSION_FEATURES.items()) + list(EXPRESSION_EXTRAS.items())
                        + list(EXPRESSION_IDIOMS.items()) + list(EXPRESSION_EDGES.items())):
    EXPRESSIONS[_kind] += _entries

RETURN_KINDS = ["int", "float", "bool", "complex", "tuple", "arr", "list", "int", "float"]


def _arg_values(g, t):
    """Source building an input of type `t`."""
    rng = g.rng
    if t.kind == "int":
        return str(rng.choice([0, 1, -1, 2, 7, -13, rng.randint(-60, 60), 1000003]))
    if t.kind == "float":
        return rng.choice(["0.0", "-0.0", "1.5", "-2.25", repr(round(rng.uniform(-50, 50), 4)),
                           "1e-300", "1e300", "math.inf", "math.nan"] + ["0.75"] * 6)
    if t.kind == "bool":
        return rng.choice(["True", "False"])
    if t.kind == "complex":
        return f"complex({_lit_float(g)}, {_lit_float(g)})"
    if t.kind in FIXED:
        ctor, _ = FIXED[t.kind]
        lo = 0 if t.kind.startswith("u") else -50
        return f"{ctor}({rng.randint(lo, 50)})"
    if t.kind == "float32":
        return f"np.float32({_lit_float(g)})"
    if t.kind == "tuple":
        return "(" + "".join(_arg_values(g, T(k)) + ", " for k in t.items) + ")"
    if t.kind == "list":
        n = max(t.minlen, rng.randint(1, 5))
        vals = [str(rng.randint(-9, 9)) if t.dtype == "int" else repr(rng.randint(-18, 18) / 2) for _ in range(n)]
        return "[" + ", ".join(vals) + "]"
    return _array_source(g, t)


def _array_source(g, t):
    rng = g.rng
    layout = rng.choice(["C", "C", "F", "strided", "reversed"]) if 0 not in t.shape else "C"
    base = tuple(t.shape)
    if layout == "strided":
        base = (base[0] * 2,) + base[1:]
    count = int(np.prod(base))
    if t.dtype == "bool":
        vals = [rng.choice(["True", "False"]) for _ in range(count)]
    elif t.dtype[0] == "u":
        vals = [str(rng.randint(0, 9)) for _ in range(count)]
    elif t.dtype[0] == "i":
        vals = [str(rng.randint(-9, 9)) for _ in range(count)]
    elif t.dtype.startswith("complex"):
        vals = [repr(complex(rng.randint(-8, 8) / 4, rng.randint(-8, 8) / 4)) for _ in range(count)]
    else:
        vals = [repr(rng.randint(-20, 20) / 4) for _ in range(count)]
        if count and rng.random() < 0.1:
            vals[rng.randrange(count)] = rng.choice(["np.nan", "np.inf", "-np.inf", "-0.0"])
    src = f"np.array([{', '.join(vals)}], dtype=np.{t.dtype})"
    if len(base) > 1:
        src += f".reshape({base!r})"
    if layout == "F" and len(base) > 1:
        src = f"np.asfortranarray({src})"
    elif layout == "strided":
        src += "[::2]"
    elif layout == "reversed":
        src += "[::-1]"
    return src


def _input_type(g):
    r = g.rng.random()
    if r < 0.45:
        return T(g.rng.choice(["int", "float", "int", "float", "bool", "complex"]))
    if r < 0.55:
        return T(g.rng.choice(sorted(FIXED) + ["float32"]))
    if r < 0.62:
        return T("list", g.rng.choice(["int", "float"]), minlen=1)
    if r < 0.67:
        return T("tuple", items=tuple(g.rng.choice(["int", "float", "bool"]) for _ in range(g.rng.randint(1, 3))))
    dtype = g.rng.choice(DTYPES + ("float64", "float64", "int64"))
    shape = g.rng.choice([(g.rng.randint(1, 6),), (g.rng.randint(0, 4),),
                          (g.rng.randint(1, 4), g.rng.randint(1, 4))])
    return T("arr", dtype, shape)


def _function(g, name, params, ret, size):
    g.scopes = [{k: t for k, t in g.scopes[0].items() if k.startswith("_K")}, dict(params)]
    g.ret = ret
    g.budget = size
    g.loop_depth = 0
    body = g.block("    ", size)
    body.append(f"    return {return_expression(g)}")
    return [f"def {name}({', '.join(params)}):"] + body


def generate(seed, size=None):
    """The program for `seed` (any hashable; the same seed always gives the same program)."""
    g = Gen(random.Random(str(seed)))
    rng = g.rng
    size = size or rng.randint(4, 22)
    parts = []
    consts = []
    for _ in range(rng.choice([0, 0, 1, 2, 3])):
        t = rng.choice([T("int"), T("float"), T("bool"),
                        T("arr", rng.choice(["float64", "int64"]), (rng.randint(1, 4),), readonly=True)])
        name = "_" + g.fresh("K")
        consts.append(f"{name} = {_arg_values(g, t)}")
        g.scopes[0][name] = t
    if rng.random() < 0.15:
        name = g.fresh("r")
        parts.append(f"def {name}(n, x):\n    if n <= 0 or n > 8:\n        return x\n"
                     f"    return {name}(n - 1, x * {_lit_float(g)} + n)")
        g.helpers[name] = ((T("int"), T("float")), "float")
    for _ in range(rng.choice([0, 0, 1, 2])):
        name = g.fresh("g")
        params = {f"p{i}": T(rng.choice(["int", "float", "bool"])) for i in range(rng.randint(1, 2))}
        if rng.random() < 0.4:
            params["q"] = T("arr", rng.choice(["float64", "int64"]), rng.choice([(3,), (4,), (2, 3)]))
        ret = T(rng.choice(["int", "float", "bool"]))
        parts.append("\n".join(_function(g, name, params, ret, rng.randint(1, 6))))
        g.helpers[name] = (tuple(params.values()), ret.kind)
    params = {f"x{i}": _input_type(g) for i in range(rng.randint(1, 4))}
    kind = rng.choice(RETURN_KINDS)
    if kind == "tuple":
        ret = T("tuple", items=tuple(rng.choice(["int", "float", "bool"]) for _ in range(2)))
    elif kind == "arr":
        ret = T("arr", rng.choice(["float64", "int64"]), rng.choice([(3,), (2, 2)]))
    elif kind == "list":
        ret = T("list", rng.choice(["int", "float"]))
    else:
        ret = T(kind)
    parts.append("\n".join(_function(g, "f", params, ret, size)))
    parts[:0] = g.preamble
    if consts:
        parts.insert(0, "\n".join(consts))
    args = ", ".join(_arg_values(g, t) for t in params.values())
    return Program("\n\n\n".join(parts), f"def args():\n    return ({args}{',' if len(params) == 1 else ''})",
                   seed)
