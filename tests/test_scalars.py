"""Scalar arithmetic, compiled vs. interpreted.

Every scalar type (bool, int8..int64, uint8..uint64, float32, float64,
complex64, complex128) is passed as a NumPy scalar and, for bool/int/float/
complex, as a Python scalar.  The reference is Python itself for Python
scalars and, for NumPy scalars, the operation carried out in the result type
given by numba's typing rules (DESIGN.md §4):

* integers of any width compute in int64 (uint64 when both are unsigned),
  and int64 overflow wraps;
* `/` on integers (and bools) gives float64;
* int/float mixes follow NumPy's promotion (int8 + float32 -> float32,
  int32 + float32 -> float64), with Python int/float/complex typed as
  int64/float64/complex128;
* `float ** int` keeps the float's precision;
* `error_model="python"` (the default) raises ZeroDivisionError.

The reference values are always computed here with Python/NumPy, never
hard-coded.
"""
import math
import operator

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from helpers import (
    ALL_SCALAR_TYPES, COMPLEX_TYPES, FLOAT_TYPES, INT_TYPES, REAL_TYPES, SIGNED_TYPES,
    UNSIGNED_TYPES, assert_kind, assert_same, dtype_of, python_error, python_kind, type_id, wrap_int,
)
from impl import jit, njit

INT64_MIN, INT64_MAX = -2**63, 2**63 - 1
UINT64_MAX = 2**64 - 1


# --------------------------------------------------------------------------
# the functions under test (module level: one dispatcher, many specialisations)

def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def mul(a, b):
    return a * b


def truediv(a, b):
    return a / b


def floordiv(a, b):
    return a // b


def mod(a, b):
    return a % b


def power(a, b):
    return a ** b


def bit_and(a, b):
    return a & b


def bit_or(a, b):
    return a | b


def bit_xor(a, b):
    return a ^ b


def lshift(a, b):
    return a << b


def rshift(a, b):
    return a >> b


def neg(a):
    return -a


def pos(a):
    return +a


def invert(a):
    return ~a


def not_(a):
    return not a


def lt(a, b):
    return a < b


def le(a, b):
    return a <= b


def eq(a, b):
    return a == b


def ne(a, b):
    return a != b


def gt(a, b):
    return a > b


def ge(a, b):
    return a >= b


def divmod_(a, b):
    return divmod(a, b)


PY_BINOPS = {"+": add, "-": sub, "*": mul, "/": truediv, "//": floordiv, "%": mod, "**": power,
             "&": bit_and, "|": bit_or, "^": bit_xor, "<<": lshift, ">>": rshift,
             "<": lt, "<=": le, "==": eq, "!=": ne, ">": gt, ">=": ge}
JIT_BINOPS = {op: njit(fn) for op, fn in PY_BINOPS.items()}
PY_UNOPS = {"-": neg, "+": pos, "~": invert, "not": not_}
JIT_UNOPS = {op: njit(fn) for op, fn in PY_UNOPS.items()}
jit_divmod = njit(divmod_)

ARITH_OPS = ["+", "-", "*", "/", "//", "%", "**"]
COMPARE_OPS = ["<", "<=", "==", "!=", ">", ">="]
NP_UFUNC = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.true_divide,
            "//": np.floor_divide, "%": np.remainder, "**": np.power}
PY_OPERATOR = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
               "//": operator.floordiv, "%": operator.mod, "**": operator.pow,
               "&": operator.and_, "|": operator.or_, "^": operator.xor,
               "<<": operator.lshift, ">>": operator.rshift}


# --------------------------------------------------------------------------
# the reference: numba's typing rules, values computed by Python/NumPy

def result_dtype(op, da, db):
    """The result dtype numba's rules give `da op db` (arithmetic and bitwise)."""
    da, db = np.dtype(da), np.dtype(db)
    if op in ("&", "|", "^") and da.kind == db.kind == "b":
        return np.dtype(np.bool_)
    if da.kind in "biu" and db.kind in "biu":
        if op == "/":
            return np.dtype(np.float64)
        if da.kind == "u" and db.kind == "u":
            return np.dtype(np.uint64)
        return np.dtype(np.int64)
    if op == "**" and da.kind == "f" and db.kind in "biu":
        return da
    return np.promote_types(da, db)


def reference_binop(op, a, b):
    """`a op b` computed in the result type numba's rules give."""
    rt = result_dtype(op, dtype_of(a), dtype_of(b))
    if rt.kind == "b":
        return bool(PY_OPERATOR[op](bool(a), bool(b)))
    if rt.kind in "iu":
        return wrap_int(PY_OPERATOR[op](int(a), int(b)), rt)
    x = np.asarray(a).astype(rt)[()]
    y = np.asarray(b).astype(rt)[()]
    with np.errstate(all="ignore"):
        return NP_UFUNC[op](x, y)[()]


def tolerance(op, rt):
    """Exact for correctly rounded operations, a few ulps for pow and complex * / ."""
    rt = np.dtype(rt)
    loose = op == "**" or (rt.kind == "c" and op in ("*", "/"))
    if not loose:
        return 0.0
    return 1e-5 if rt in (np.float32, np.complex64) else 1e-13


def skip_pair(op, a, b):
    """Pairs outside what the test checks (zero division is tested separately)."""
    rt = result_dtype(op, dtype_of(a), dtype_of(b))
    if op in ("/", "//", "%") and b == 0:
        return True
    if op == "**":
        if rt.kind in "iu":
            return not (0 <= int(b) <= 10)  # int ** negative int has no int result
        if a == 0:
            return True  # 0 ** negative: Python raises, C gives inf
        if rt.kind == "c":
            try:
                r = complex(a) ** complex(b)
            except (OverflowError, ZeroDivisionError):
                return True
            return not (math.isfinite(r.real) and math.isfinite(r.imag))
        if rt.kind == "f":
            # only where Python gives a real, finite float (no complex, no OverflowError)
            try:
                r = float(a) ** float(b)
            except (OverflowError, ZeroDivisionError):
                return True
            return not isinstance(r, float) or not math.isfinite(r)
    return False


# Values for each scalar type: in range, with negatives, zero and non-integers.
VALUES = {
    np.bool_: [False, True],
    **{t: [-7, -1, 0, 1, 3, 100] for t in SIGNED_TYPES},
    **{t: [0, 1, 3, 7, 100] for t in UNSIGNED_TYPES},
    np.float32: [-2.5, -1.0, -0.0, 0.0, 0.5, 3.0, 7.25, 1e10],
    np.float64: [-2.5, -1.0, -0.0, 0.0, 0.5, 3.0, 7.25, 1e10],
    np.complex64: [0j, 1 + 2j, -0.5 + 3j, 2 - 1j],
    np.complex128: [0j, 1 + 2j, -0.5 + 3j, 2 - 1j],
}
PY_VALUES = {
    bool: [False, True],
    int: [-7, -1, 0, 2, 5, 100],
    float: [-2.5, -0.0, 0.0, 0.5, 3.0, 7.25],
    complex: [0j, 1 + 2j, -0.5 + 3j, 2 - 1j],
}


def scalar(t, v):
    """A scalar of type t (a NumPy type or a Python type) from the value v."""
    return t(v)


def values_of(t):
    return VALUES[t] if t in VALUES else PY_VALUES[t]


def check_binop(op, ta, tb):
    cfunc = JIT_BINOPS[op]
    checked = 0
    for x in values_of(ta):
        for y in values_of(tb):
            a, b = scalar(ta, x), scalar(tb, y)
            if skip_pair(op, a, b):
                continue
            rt = result_dtype(op, dtype_of(a), dtype_of(b))
            want = reference_binop(op, a, b)
            got = cfunc(a, b)
            assert_same(got, want, rtol=tolerance(op, rt), kind=python_kind(rt),
                        msg=f"{type_id(ta)}({x!r}) {op} {type_id(tb)}({y!r})")
            checked += 1
    assert checked > 0


def ops_for(*types):
    """Arithmetic operators defined on all the given types (no // or % on complex)."""
    has_complex = any(np.dtype(dtype_of(t(0))).kind == "c" for t in types)
    return [op for op in ARITH_OPS if not (has_complex and op in ("//", "%"))]


SAME_TYPE_CASES = [(t, op) for t in ALL_SCALAR_TYPES for op in ops_for(t)]


@pytest.mark.parametrize("t,op", SAME_TYPE_CASES,
                         ids=[f"{type_id(t)}{op}" for t, op in SAME_TYPE_CASES])
def test_arith_same_numpy_type(t, op):
    check_binop(op, t, t)


MIXED_PAIRS = [
    (np.int8, np.int64), (np.int8, np.uint8), (np.uint8, np.uint64), (np.int32, np.uint32),
    (np.uint16, np.int64), (np.int16, np.float32), (np.int32, np.float32), (np.int64, np.float64),
    (np.uint64, np.float64), (np.float32, np.float64), (np.float32, np.complex64),
    (np.float64, np.complex64), (np.int64, np.complex128), (np.bool_, np.int8),
    (np.bool_, np.float32), (np.bool_, np.float64),
    # NumPy scalar with Python scalar: Python int/float are int64/float64 (no "weak" scalars)
    (np.float32, int), (np.float32, float), (np.int8, int), (np.uint8, int), (np.int32, float),
    (np.complex64, float),
]
MIXED_CASES = [(ta, tb, op) for ta, tb in MIXED_PAIRS for op in ops_for(ta, tb)]


@pytest.mark.parametrize("ta,tb,op", MIXED_CASES,
                         ids=[f"{type_id(a)}{op}{type_id(b)}" for a, b, op in MIXED_CASES])
def test_arith_mixed_types(ta, tb, op):
    check_binop(op, ta, tb)
    check_binop(op, tb, ta)


PY_PAIRS = [(int, int), (int, float), (float, int), (float, float), (complex, complex),
            (int, complex), (float, complex), (bool, bool), (bool, int), (bool, float)]
PY_CASES = [(ta, tb, op) for ta, tb in PY_PAIRS for op in ops_for(ta, tb)]


@pytest.mark.parametrize("ta,tb,op", PY_CASES,
                         ids=[f"{a.__name__}{op}{b.__name__}" for a, b, op in PY_CASES])
def test_arith_python_scalars(ta, tb, op):
    """With Python scalars the reference is the plain function itself."""
    pyfunc, cfunc = PY_BINOPS[op], JIT_BINOPS[op]
    for a in PY_VALUES[ta]:
        for b in PY_VALUES[tb]:
            a, b = ta(a), tb(b)
            if skip_pair(op, a, b):
                continue
            want = pyfunc(a, b)
            got = cfunc(a, b)
            rt = result_dtype(op, dtype_of(a), dtype_of(b))
            assert_same(got, want, rtol=tolerance(op, rt), kind=type(want),
                        msg=f"{a!r} {op} {b!r}")


# --------------------------------------------------------------------------
# result types that numba documents

@pytest.mark.parametrize("a,b,op,kind", [
    (7, 2, "/", float),          # int / int -> float64
    (6, 3, "/", float),
    (True, True, "/", float),
    (7, 2, "//", int),
    (7, 2.0, "+", float),        # int + float -> float64
    (2.0, 3, "**", float),
    (2, 3, "**", int),
    (True, True, "+", int),      # bool arithmetic promotes to int
    (1, 1j, "*", complex),
    (np.uint8(200), np.uint8(100), "+", int),
])
def test_result_kind(a, b, op, kind):
    got = JIT_BINOPS[op](a, b)
    assert_same(got, PY_OPERATOR[op](int(a) if isinstance(a, np.integer) else a,
                                     int(b) if isinstance(b, np.integer) else b), kind=kind)


def test_small_ints_compute_in_int64():
    """int8/int16/int32 arithmetic is done in int64 (numba's integer typing)."""
    assert JIT_BINOPS["+"](np.int8(100), np.int8(100)) == 200
    assert JIT_BINOPS["*"](np.int16(300), np.int16(300)) == 300 * 300
    assert JIT_BINOPS["+"](np.int32(2**31 - 1), np.int32(1)) == 2**31
    assert JIT_BINOPS["+"](np.uint8(255), np.uint8(1)) == 256
    assert JIT_BINOPS["-"](np.int32(-2**31), np.int32(1)) == -2**31 - 1


def test_float32_stays_float32():
    """float32 op float32 computes in float32: the result equals NumPy's float32 result."""
    a, b = np.float32(0.1), np.float32(0.2)
    for op in ["+", "-", "*", "/"]:
        want = float(NP_UFUNC[op](a, b))
        got = JIT_BINOPS[op](a, b)
        assert got == want, op
        in_float64 = PY_OPERATOR[op](float(a), float(b))
        if np.float32(in_float64) != in_float64:  # the two precisions give different answers
            assert got != in_float64, f"{op} was computed in float64"


# --------------------------------------------------------------------------
# overflow

@pytest.mark.parametrize("op,a,b", [
    ("+", INT64_MAX, 1), ("+", INT64_MAX, INT64_MAX), ("-", INT64_MIN, 1), ("-", 0, INT64_MIN),
    ("*", INT64_MAX, 2), ("*", 2**62, 4), ("*", INT64_MIN, -1), ("*", 3037000500, 3037000500),
    ("**", 3, 40), ("**", 2, 63), ("**", 2, 64), ("**", -3, 41),
    ("<<", 1, 63), ("<<", 3, 62), ("<<", -1, 63),
])
def test_int64_overflow_wraps(op, a, b):
    want = wrap_int(PY_OPERATOR[op](a, b), np.int64)
    got = JIT_BINOPS[op](a, b)
    assert_same(got, want, kind=int)
    assert JIT_BINOPS[op](np.int64(a), np.int64(b)) == want


@pytest.mark.parametrize("op,a,b", [
    ("+", UINT64_MAX, 1), ("-", 0, 1), ("*", 2**63, 2), ("*", UINT64_MAX, UINT64_MAX),
    ("**", 3, 41), ("<<", 1, 63), ("<<", UINT64_MAX, 4),
])
def test_uint64_overflow_wraps(op, a, b):
    want = wrap_int(PY_OPERATOR[op](a, b), np.uint64)
    got = JIT_BINOPS[op](np.uint64(a), np.uint64(b))
    assert_same(got, want, kind=int)


def test_unary_minus_int64_min_wraps():
    assert JIT_UNOPS["-"](INT64_MIN) == wrap_int(-INT64_MIN, np.int64)
    assert JIT_UNOPS["-"](INT64_MAX) == -INT64_MAX


@pytest.mark.numjit_only
def test_int64_min_floordiv_minus_one_wraps():
    # numba returns (0, 0) for INT64_MIN // -1 and INT64_MIN % -1: the first is
    # wrong under "int64 overflow wraps" (Python's 2**63 wraps to INT64_MIN).
    # numjit must neither crash (x86 idiv traps on this) nor answer 0.
    a, b = INT64_MIN, -1
    assert JIT_BINOPS["//"](a, b) == wrap_int(a // b, np.int64)
    assert JIT_BINOPS["%"](a, b) == a % b
    assert jit_divmod(a, b) == (wrap_int(a // b, np.int64), a % b)


# --------------------------------------------------------------------------
# bitwise operators and shifts

BITWISE_OPS = ["&", "|", "^"]
BIT_VALUES = {
    **{t: [-7, -1, 0, 1, 5, 100] for t in SIGNED_TYPES},
    **{t: [0, 1, 5, 100, 127] for t in UNSIGNED_TYPES},
}
BITWISE_CASES = [(t, op) for t in [np.bool_] + INT_TYPES for op in BITWISE_OPS]


@pytest.mark.parametrize("t,op", BITWISE_CASES,
                         ids=[f"{type_id(t)}{op}" for t, op in BITWISE_CASES])
def test_bitwise_same_type(t, op):
    cfunc = JIT_BINOPS[op]
    values = VALUES[np.bool_] if t is np.bool_ else BIT_VALUES[t]
    for x in values:
        for y in values:
            a, b = t(x), t(y)
            rt = result_dtype(op, dtype_of(a), dtype_of(b))
            assert_same(cfunc(a, b), reference_binop(op, a, b), kind=python_kind(rt),
                        msg=f"{a!r} {op} {b!r}")


@pytest.mark.parametrize("op", BITWISE_OPS + ["<<", ">>"])
def test_bitwise_python_ints(op):
    cfunc, pyfunc = JIT_BINOPS[op], PY_BINOPS[op]
    for a in [-2**40, -7, -1, 0, 1, 5, 12345, 2**40]:
        for b in [0, 1, 3, 7, 20]:
            assert_same(cfunc(a, b), wrap_int(pyfunc(a, b), np.int64), kind=int, msg=f"{a} {op} {b}")


def test_bitwise_python_bools():
    for op in BITWISE_OPS:
        for a in (False, True):
            for b in (False, True):
                assert_same(JIT_BINOPS[op](a, b), PY_BINOPS[op](a, b), kind=bool)


SHIFT_CASES = [(t, op) for t in INT_TYPES for op in ["<<", ">>"]]


@pytest.mark.parametrize("t,op", SHIFT_CASES, ids=[f"{type_id(t)}{op}" for t, op in SHIFT_CASES])
def test_shifts_same_type(t, op):
    """Shift counts stay below the type's width; the result is int64/uint64."""
    cfunc = JIT_BINOPS[op]
    bits = np.iinfo(t).bits
    for x in BIT_VALUES[t]:
        for count in sorted({0, 1, 3, bits - 1}):
            a, b = t(x), t(count)
            rt = result_dtype(op, dtype_of(a), dtype_of(b))
            assert_same(cfunc(a, b), reference_binop(op, a, b), kind=int, msg=f"{a!r} {op} {b!r}")
            assert rt.kind in "iu"


# --------------------------------------------------------------------------
# unary operators

UNARY_VALUES = {
    np.bool_: [False, True],
    **{t: [np.iinfo(t).min + 1, -7, -1, 0, 1, np.iinfo(t).max] for t in SIGNED_TYPES},
    **{t: [0, 1, 7, np.iinfo(t).max] for t in UNSIGNED_TYPES},
    np.float32: [-2.5, -0.0, 0.0, 1.5, np.inf, np.nan],
    np.float64: [-2.5, -0.0, 0.0, 1.5, -np.inf, np.nan],
    np.complex64: [0j, 1 + 2j, -3 - 0.5j],
    np.complex128: [0j, 1 + 2j, -3 - 0.5j],
}


def unary_ops_for(t):
    kind = np.dtype(t).kind
    if kind == "b":
        return ["-", "+", "~", "not"]     # ~bool is NumPy's logical not (Python's -2 is deprecated)
    if kind == "u":
        return ["+", "not"]               # -x and ~x on unsigned: the width of the wrap is unspecified
    if kind == "i":
        return ["-", "+", "~", "not"]
    return ["-", "+", "not"]


UNARY_CASES = [(t, op) for t in ALL_SCALAR_TYPES for op in unary_ops_for(t)]


@pytest.mark.parametrize("t,op", UNARY_CASES, ids=[f"{op}{type_id(t)}" for t, op in UNARY_CASES])
def test_unary(t, op):
    cfunc = JIT_UNOPS[op]
    for x in UNARY_VALUES[t]:
        a = t(x)
        if np.dtype(t).kind == "b":
            # Python bool semantics (-True == -1), but ~ is np.bool_'s logical not
            want = bool(np.invert(a)) if op == "~" else PY_UNOPS[op](bool(a))
        elif np.dtype(t).kind in "iu":
            want = PY_UNOPS[op](int(a))             # values chosen so that nothing wraps
        else:
            with np.errstate(all="ignore"):
                want = PY_UNOPS[op](a)              # NumPy scalar in the same precision
        got = cfunc(a)
        assert_same(got, want, kind=bool if op == "not" else python_kind(dtype_of(want)),
                    signed_zero=True, msg=f"{op} {a!r}")


@pytest.mark.parametrize("op", ["-", "+", "~", "not"])
def test_unary_python_scalars(op):
    values = [True, False, -5, 0, 7, 2**62]
    if op != "~":
        values += [-0.0, 2.5, math.inf, 1 + 2j]
    for a in values:
        want = (not a) if op == "~" and isinstance(a, bool) else PY_UNOPS[op](a)  # ~True: False
        assert_same(JIT_UNOPS[op](a), want, kind=type(want), signed_zero=True, msg=f"{op} {a!r}")


# --------------------------------------------------------------------------
# comparisons

def compare_all(a, b):
    """All six comparisons at once: one compilation per type pair."""
    return a < b, a <= b, a == b, a != b, a > b, a >= b


def compare_eq(a, b):
    return a == b, a != b


jit_compare_all = njit(compare_all)
jit_compare_eq = njit(compare_eq)


@pytest.mark.parametrize("t", ALL_SCALAR_TYPES, ids=type_id)
def test_compare_same_type(t):
    """All six comparisons on real types, == and != on complex types."""
    pyfunc, cfunc = (compare_eq, jit_compare_eq) if t in COMPLEX_TYPES else (compare_all,
                                                                            jit_compare_all)
    values = list(VALUES[t]) + ([np.nan, np.inf] if t in FLOAT_TYPES else [])
    for x in values:
        for y in values:
            a, b = t(x), t(y)
            want = tuple(bool(w) for w in pyfunc(a, b))
            got = cfunc(a, b)
            assert_same(got, want, msg=f"{a!r} vs {b!r} ({pyfunc.__doc__ or '< <= == != > >='})")
            for g in got:
                assert_kind(g, bool)


MIXED_COMPARE = [
    (np.int64, [-1, 0, 5], np.uint64, [0, 5, 2**63, UINT64_MAX]),
    # numba compares int64 with uint64 after converting both to int64, so
    # int64(2**63 - 1) < uint64(2**63) is False there: silently wrong.  numjit
    # compares mathematically, as Python and NumPy do.
    pytest.param(np.int64, [INT64_MIN, -1, INT64_MAX], np.uint64, [2**63, UINT64_MAX],
                 marks=pytest.mark.numjit_only, id="int64-uint64-large"),
    (np.int8, [-7, 0, 3], np.float32, [-7.5, 0.0, 3.0]),
    (int, [-3, 0, 2], float, [-3.0, -0.5, 2.0, math.inf, math.nan]),
    (bool, [False, True], int, [-1, 0, 1, 2]),
    (np.uint8, [0, 200], int, [-1, 0, 200, 300]),
]


@pytest.mark.parametrize("ta,xs,tb,ys", MIXED_COMPARE,
                         ids=[c.id if hasattr(c, "id") else f"{type_id(c[0])}-{type_id(c[2])}"
                              for c in MIXED_COMPARE])
def test_compare_mixed_types(ta, xs, tb, ys):
    """Mixed comparisons are mathematical: int64(-1) < uint64(2**63) (< <= == != > >=)."""
    for x in xs:
        for y in ys:
            a, b = ta(x), tb(y)
            assert_same(jit_compare_all(a, b), compare_all(x, y), msg=f"{a!r} vs {b!r}")
            assert_same(jit_compare_all(b, a), compare_all(y, x), msg=f"{b!r} vs {a!r}")


def chain3(a, b, c):
    return a < b < c


def chain3_mixed(a, b, c):
    return a < b > c


def chain_eq(a, b, c):
    return a == b == c


def chain4(a, b, c, d):
    return a <= b < c <= d


def chain_not_in_order(a, b, c):
    return a != b != c


CHAINS = [chain3, chain3_mixed, chain_eq, chain_not_in_order]
JIT_CHAINS = [njit(f) for f in CHAINS]
jit_chain4 = njit(chain4)


@pytest.mark.parametrize("i", range(len(CHAINS)), ids=[f.__name__ for f in CHAINS])
def test_chained_comparisons(i):
    pyfunc, cfunc = CHAINS[i], JIT_CHAINS[i]
    for a in (0, 1, 2):
        for b in (0, 1, 2):
            for c in (0, 1, 2):
                assert_same(cfunc(a, b, c), pyfunc(a, b, c), kind=bool)
                assert_same(cfunc(float(a), b, c + 0.5), pyfunc(float(a), b, c + 0.5), kind=bool)
    nan = math.nan
    assert_same(cfunc(nan, 1.0, 2.0), pyfunc(nan, 1.0, 2.0), kind=bool)


def test_chained_four():
    for vals in [(1, 2, 3, 4), (1, 1, 2, 2), (2, 1, 3, 4), (1, 2, 2, 3), (1, 2, 3, 2)]:
        assert_same(jit_chain4(*vals), chain4(*vals), kind=bool)


# --------------------------------------------------------------------------
# boolean operators: values and short-circuit

def and_value(a, b):
    return a and b


def or_value(a, b):
    return a or b


def and_guard(a, b):
    return b != 0 and a // b > 1


def or_guard(a, b):
    return b == 0 or a // b > 1


def chain_guard(a, b):
    return 0 < b < a // b


def not_mixed(a, b):
    return (a > 0 and b > 0) or not (a < b)


def nested_bool(a, b, c):
    return (a or b) and (b or c) and not (a and c)


BOOL_FUNCS = [and_value, or_value, not_mixed]
JIT_BOOL_FUNCS = [njit(f) for f in BOOL_FUNCS]


@pytest.mark.parametrize("i", range(len(BOOL_FUNCS)), ids=[f.__name__ for f in BOOL_FUNCS])
@pytest.mark.parametrize("values", [
    [0, 3, -2], [0.0, 2.5, -1.0], [False, True], [0j, 1j],
    [np.int8(0), np.int8(4)], [np.float32(0), np.float32(1.5)],
], ids=["int", "float", "bool", "complex", "int8", "float32"])
def test_boolean_operator_values(i, values):
    """`a and b` / `a or b` return one of the operands, as in Python."""
    pyfunc, cfunc = BOOL_FUNCS[i], JIT_BOOL_FUNCS[i]
    if pyfunc is not_mixed and isinstance(values[0], complex):
        pytest.skip("complex numbers are not ordered")
    for a in values:
        for b in values:
            want = pyfunc(a, b)
            got = cfunc(a, b)
            assert_same(got, want, msg=f"{pyfunc.__name__}({a!r}, {b!r})")
            assert bool(got) == bool(want)


GUARDS = [and_guard, or_guard, chain_guard]
JIT_GUARDS = [njit(f) for f in GUARDS]


@pytest.mark.parametrize("i", range(len(GUARDS)), ids=[f.__name__ for f in GUARDS])
def test_short_circuit(i):
    """The right operand is not evaluated: b == 0 would raise ZeroDivisionError."""
    pyfunc, cfunc = GUARDS[i], JIT_GUARDS[i]
    for a in (-9, 0, 1, 9):
        for b in (-2, 0, 1, 3):
            assert_same(cfunc(a, b), pyfunc(a, b), kind=bool, msg=f"{pyfunc.__name__}({a}, {b})")


def test_nested_boolean_operators():
    cfunc = njit(nested_bool)
    for a in (False, True):
        for b in (False, True):
            for c in (False, True):
                assert cfunc(a, b, c) == nested_bool(a, b, c)


# --------------------------------------------------------------------------
# conditional expressions

def cond_max(a, b):
    return a if a > b else b


def cond_nested(x):
    return -1 if x < 0 else (0 if x == 0 else 1)


def cond_guard(a, b):
    return a // b if b != 0 else -1


def cond_mixed(c):
    return 1 if c else 2.5


@pytest.mark.parametrize("fn", [cond_max, cond_guard], ids=lambda f: f.__name__)
def test_conditional_expression(fn):
    cfunc = njit(fn)
    for a in (-3, 0, 7):
        for b in (-2, 0, 5):
            assert cfunc(a, b) == fn(a, b)
    if fn is cond_max:
        for a, b in [(1.5, -2.0), (np.nan, 1.0), (1.0, np.nan)]:
            assert_same(cfunc(a, b), fn(a, b))


def test_conditional_expression_nested():
    cfunc = njit(cond_nested)
    for x in (-5, -0.5, 0, 0.0, 3, 2.5):
        assert cfunc(x) == cond_nested(x)


def test_conditional_expression_unifies_types():
    cfunc = njit(cond_mixed)
    assert cfunc(True) == cond_mixed(True)      # value 1 (numba unifies to float64: 1.0)
    assert cfunc(False) == cond_mixed(False)


# --------------------------------------------------------------------------
# augmented assignment

def aug_int(a, b):
    x = a
    x += b
    r1 = x
    x -= 3
    r2 = x
    x *= b
    r3 = x
    x //= 2
    r4 = x
    x %= 7
    r5 = x
    x **= 3
    r6 = x
    x &= 0xFF
    r7 = x
    x |= 0x100
    r8 = x
    x ^= 0x5A
    r9 = x
    x <<= 3
    r10 = x
    x >>= 2
    return r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, x


def aug_float(a, b):
    x = a
    x += b
    r1 = x
    x -= 0.25
    r2 = x
    x *= b
    r3 = x
    x /= 3.0
    r4 = x
    x //= 0.5
    r5 = x
    x %= 2.5
    r6 = x
    x **= 2
    return r1, r2, r3, r4, r5, r6, x


def aug_truediv_int(a):
    x = a
    x /= 2
    return x


def aug_complex(a, b):
    x = a
    x += b
    x *= b
    x -= 1
    x /= b
    return x


@pytest.mark.parametrize("a,b", [(5, 3), (-17, 4), (100, -6), (0, 1)])
def test_augmented_assignment_int(a, b):
    assert_same(njit(aug_int)(a, b), aug_int(a, b))


@pytest.mark.parametrize("a,b", [(5.5, 3.0), (-17.25, 4.0), (0.0, -1.5)])
def test_augmented_assignment_float(a, b):
    assert_same(njit(aug_float)(a, b), aug_float(a, b), rtol=1e-15)


def test_augmented_truediv_changes_int_to_float():
    cfunc = njit(aug_truediv_int)
    for a in (5, -4, 0):
        assert_same(cfunc(a), aug_truediv_int(a), kind=float)


def test_augmented_assignment_complex():
    cfunc = njit(aug_complex)
    for a, b in [(1 + 2j, 3 - 1j), (0j, 1j)]:
        assert_same(cfunc(a, b), aug_complex(a, b), rtol=1e-14)


# --------------------------------------------------------------------------
# divmod

DIVMOD_TYPES = [int, float] + INT_TYPES + FLOAT_TYPES


@pytest.mark.parametrize("t", DIVMOD_TYPES, ids=type_id)
def test_divmod(t):
    if t in (int, float):
        values = PY_VALUES[t]
    else:
        values = VALUES[t]
    for x in values:
        for y in values:
            a, b = t(x), t(y)
            if b == 0:
                continue
            got = jit_divmod(a, b)
            rt = result_dtype("//", dtype_of(a), dtype_of(b))
            want = (reference_binop("//", a, b), reference_binop("%", a, b))
            assert_same(got, want, signed_zero=True, msg=f"divmod({a!r}, {b!r})")
            for g in got:
                assert_same(g, g, kind=python_kind(rt))
            if t in (int, float):
                assert_same(got, divmod(a, b), signed_zero=True)


# --------------------------------------------------------------------------
# division by zero (error_model="python", the default)

ZERO_DIV_CASES = [(t, op) for t in REAL_TYPES for op in ["/", "//", "%", "divmod"]] + \
                 [(t, "/") for t in COMPLEX_TYPES] + \
                 [(t, op) for t in (int, float, bool) for op in ["/", "//", "%", "divmod"]] + \
                 [(complex, "/")]


def zero_div_funcs(op):
    if op == "divmod":
        return divmod_, jit_divmod
    return PY_BINOPS[op], JIT_BINOPS[op]


def python_equivalent(t, v):
    """The Python scalar whose error message the compiled code should reproduce."""
    kind = np.dtype(dtype_of(t(0))).kind
    return {"b": int, "i": int, "u": int, "f": float, "c": complex}[kind](v)


@pytest.mark.parametrize("t,op", ZERO_DIV_CASES, ids=[f"{type_id(t)}{op}" for t, op in ZERO_DIV_CASES])
def test_division_by_zero_raises(t, op):
    pyfunc, cfunc = zero_div_funcs(op)
    for numerator in (1, 0):
        with pytest.raises(ZeroDivisionError):
            cfunc(t(numerator), t(0))


@pytest.mark.numjit_only
@pytest.mark.parametrize("t,op", ZERO_DIV_CASES, ids=[f"{type_id(t)}{op}" for t, op in ZERO_DIV_CASES])
def test_division_by_zero_message_matches_python(t, op):
    # numba's wording differs from CPython's ("division by zero" for float
    # `/`, "integer division by zero" for `//`); numjit reproduces Python's.
    pyfunc, cfunc = zero_div_funcs(op)
    expected = python_error(pyfunc, python_equivalent(t, 1), python_equivalent(t, 0))
    assert expected is not None and expected[0] is ZeroDivisionError
    with pytest.raises(ZeroDivisionError) as info:
        cfunc(t(1), t(0))
    assert str(info.value) == expected[1]


def test_division_by_zero_in_mixed_types():
    with pytest.raises(ZeroDivisionError):
        JIT_BINOPS["/"](1, 0.0)
    with pytest.raises(ZeroDivisionError):
        JIT_BINOPS["//"](2.5, 0)
    with pytest.raises(ZeroDivisionError):
        JIT_BINOPS["%"](np.int8(3), np.uint16(0))


def div_numpy_model(a, b):
    return a / b


def test_error_model_numpy_float_division_gives_inf_nan():
    cfunc = jit(nopython=True, error_model="numpy")(div_numpy_model)
    with np.errstate(all="ignore"):
        for a in (1.0, -1.0, 0.0):
            want = np.float64(a) / np.float64(0.0)
            assert_same(cfunc(a, 0.0), want)


# --------------------------------------------------------------------------
# NaN and inf

SPECIAL = [math.nan, math.inf, -math.inf, 0.0, -0.0, 1.0, -2.5]


@pytest.mark.parametrize("t", FLOAT_TYPES, ids=type_id)
@pytest.mark.parametrize("op", ["+", "-", "*", "/", "**"])
def test_nan_inf_arithmetic(t, op):
    cfunc = JIT_BINOPS[op]
    for x in SPECIAL:
        for y in SPECIAL:
            a, b = t(x), t(y)
            if op == "/" and b == 0:
                continue
            if op == "**" and (a == 0 and y < 0):
                continue
            with np.errstate(all="ignore"):
                want = NP_UFUNC[op](a, b)
            assert_same(cfunc(a, b), want, kind=float, signed_zero=op != "**",
                        msg=f"{a!r} {op} {b!r}")


@pytest.mark.parametrize("op", ["//", "%"])
def test_nan_inf_floordiv_mod_python_semantics(op):
    cfunc, pyfunc = JIT_BINOPS[op], PY_BINOPS[op]
    for a in SPECIAL:
        for b in SPECIAL:
            if b == 0:
                continue
            assert_same(cfunc(a, b), pyfunc(a, b), kind=float, signed_zero=True,
                        msg=f"{a!r} {op} {b!r}")


@pytest.mark.parametrize("t", FLOAT_TYPES, ids=type_id)
def test_nan_comparisons(t):
    for x in SPECIAL:
        for y in SPECIAL:
            a, b = t(x), t(y)
            assert_same(jit_compare_all(a, b), compare_all(x, y), msg=f"{a!r} vs {b!r} (< <= == != > >=)")


def self_compare(x):
    return x == x, x != x, x < x


def test_nan_is_not_equal_to_itself():
    cfunc = njit(self_compare)
    for x in (math.nan, math.inf, 0.0, np.float32(math.nan)):
        assert cfunc(x) == self_compare(x)


def test_inf_overflow_from_finite():
    big = 1e308
    assert JIT_BINOPS["*"](big, 10.0) == big * 10.0 == math.inf
    assert JIT_BINOPS["*"](np.float32(1e38), np.float32(10)) == math.inf
    assert math.isnan(JIT_BINOPS["-"](math.inf, math.inf))
    assert math.isnan(JIT_BINOPS["*"](math.inf, 0.0))


# --------------------------------------------------------------------------
# hypothesis: the core operators on arbitrary ints and floats

int64s = st.integers(INT64_MIN, INT64_MAX)
floats64 = st.floats(allow_nan=True, allow_infinity=True)
floats32 = st.floats(allow_nan=True, allow_infinity=True, width=32)
SETTINGS = settings(max_examples=50, deadline=None)


@SETTINGS
@given(int64s, int64s)
def test_hypothesis_int64(a, b):
    for op in ["+", "-", "*", "&", "|", "^"]:
        assert JIT_BINOPS[op](a, b) == wrap_int(PY_OPERATOR[op](a, b), np.int64), op
    for op in COMPARE_OPS:
        assert JIT_BINOPS[op](a, b) == PY_BINOPS[op](a, b), op
    if b != 0 and not (a == INT64_MIN and b == -1):
        assert JIT_BINOPS["//"](a, b) == a // b
        assert JIT_BINOPS["%"](a, b) == a % b
        assert jit_divmod(a, b) == divmod(a, b)
    if abs(a) <= 2**53 and 0 < abs(b) <= 2**53:  # exactly representable: one rounding
        assert JIT_BINOPS["/"](a, b) == a / b


@SETTINGS
@given(int64s, st.integers(0, 63))
def test_hypothesis_int64_shifts(a, n):
    assert JIT_BINOPS["<<"](a, n) == wrap_int(a << n, np.int64)
    assert JIT_BINOPS[">>"](a, n) == a >> n


@SETTINGS
@given(st.integers(-50, 50), st.integers(0, 70))
def test_hypothesis_int64_power(a, n):
    assert JIT_BINOPS["**"](a, n) == wrap_int(a ** n, np.int64)


@SETTINGS
@given(floats64, floats64)
def test_hypothesis_float64(a, b):
    for op in ["+", "-", "*"]:
        assert_same(JIT_BINOPS[op](a, b), PY_OPERATOR[op](a, b), kind=float, msg=op)
    for op in COMPARE_OPS:
        assert JIT_BINOPS[op](a, b) == PY_BINOPS[op](a, b), op
    if b != 0:
        for op in ["/", "//", "%"]:
            assert_same(JIT_BINOPS[op](a, b), PY_OPERATOR[op](a, b), kind=float, signed_zero=True,
                        msg=f"{a!r} {op} {b!r}")
        assert_same(jit_divmod(a, b), divmod(a, b), signed_zero=True)


@SETTINGS
@given(st.floats(0.001, 1000.0), st.floats(-20.0, 20.0))
def test_hypothesis_float64_power(a, b):
    assert_same(JIT_BINOPS["**"](a, b), a ** b, rtol=4e-16, kind=float)


@SETTINGS
@given(floats32, floats32)
def test_hypothesis_float32(x, y):
    a, b = np.float32(x), np.float32(y)
    with np.errstate(all="ignore"):
        for op in ["+", "-", "*"] + (["/"] if b != 0 else []):
            assert_same(JIT_BINOPS[op](a, b), NP_UFUNC[op](a, b), kind=float, msg=op)


@SETTINGS
@given(int64s, floats64)
def test_hypothesis_int_float_mixed(a, b):
    for op in ["+", "-", "*"]:
        assert_same(JIT_BINOPS[op](a, b), PY_OPERATOR[op](float(a), b), kind=float, msg=op)
