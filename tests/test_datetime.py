"""np.datetime64 / np.timedelta64 in compiled code, compared with NumPy on the same inputs:
scalars of every unit passed in and returned, arithmetic and comparisons with mixed units
(NumPy's promotion to the finer unit, calendar conversion of years and months), NaT, np.isnat,
arrays (elements, stores, expressions, min/max/sum) and the errors for invalid combinations.
"""
import warnings

import numpy as np
import pytest

from impl import COMPILE_ERRORS, njit

M, m = np.datetime64, np.timedelta64
UNITS = ["Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"]


def same(got, expected):
    """Equal as NumPy values: datetimes of one unit and value (NaT equals NaT), floats with NaN."""
    if isinstance(expected, np.ndarray):
        assert isinstance(got, np.ndarray) and got.dtype == expected.dtype, (got, expected)
        assert got.shape == expected.shape
        for g, e in zip(got.ravel(), expected.ravel()):
            same(g, e)
    elif isinstance(expected, (np.datetime64, np.timedelta64)):
        assert type(got) is type(expected) and got.dtype == expected.dtype, (got, expected)
        assert (np.isnat(got) and np.isnat(expected)) or got == expected, (got, expected)
    elif isinstance(expected, (float, np.floating)):
        assert (np.isnan(got) and np.isnan(expected)) or got == expected, (got, expected)
    else:
        assert got == expected, (got, expected)


def copy_keeping_strides(a):
    if a.flags.c_contiguous or a.ndim != 1:
        return a.copy()
    out = np.empty(2 * len(a), a.dtype)[::2]
    out[:] = a
    return out


def check(fn, *args):
    """fn compiled and interpreted on the same inputs (arrays copied: fn may write to them)."""
    def fresh():
        return [copy_keeping_strides(a) if isinstance(a, np.ndarray) else a for a in args]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")          # NumPy warns on NaT // x and x / 0
        expected = fn.py_func(*fresh())
    got = fn(*fresh())
    for g, e in zip(got, expected):
        same(g, e)


def identity(x):
    return x


def test_scalars_of_every_unit_round_trip():
    f = njit(identity)
    values = [M(7, u) for u in UNITS] + [m(-5, u) for u in UNITS] + [m(3), M("NaT"), m("NaT")]
    values += [M("NaT", u) for u in ("D", "ns")] + [m("NaT", u) for u in ("Y", "as")]
    values += [M(-10**15, "s"), M("2262-04-11T23:47:16.854775807", "ns")]
    for v in values:
        same(f(v), v)


def arithmetic(a, b, t, s, k, f):
    return (a - b, a + t, t + a, a - t, t + s, t - s, t * k, k * t, t * f, t / s, t // s, t % s,
            -t, abs(t), +t, t / k, t // k, t / f, np.isnat(a), np.isnat(t))


CASES = [
    (M("2020-03-01", "D"), M("2019-12-31T05", "h"), m(3, "h"), m(-7, "D"), 3, 1.5),
    (M("2020-03-01", "D"), M("NaT", "h"), m("NaT", "h"), m(0, "D"), 0, np.nan),
    (M("1969-12-31", "D"), M("1600-02-29T23", "h"), m(-7, "h"), m(2, "D"), -2, -2.5),
    (M(123456789, "ns"), M(5, "us"), m(7, "ms"), m(-3, "s"), 7, 0.1),
    (M(-123456789, "ns"), M("NaT", "us"), m(-7001, "ms"), m(3, "s"), -7, np.inf),
]


def test_arithmetic_with_mixed_units_and_nat():
    f = njit(arithmetic)
    for case in CASES[:3]:
        check(f, *case)
    for case in CASES[3:]:
        check(f, *case)


def calendar(a, b, t):
    return a - b, b - a, a + t, a < b, a == b, a != b, a >= b, b <= a


def test_years_and_months_convert_through_the_calendar():
    f = njit(calendar)
    rng = np.random.default_rng(1)
    for unit, finer in (("Y", "D"), ("M", "h"), ("M", "D"), ("Y", "M")):
        for count in list(rng.integers(-3000, 3000, 6)) + [0, -1, "NaT"]:
            a = M("NaT", unit) if count == "NaT" else M(int(count), unit)
            b = M(int(rng.integers(-10**6, 10**6)), finer)
            check(f, a, b, m(int(rng.integers(-100, 100)), finer))


def compare(a, b, t, s):
    return a < b, a <= b, a > b, a >= b, a == b, a != b, t < s, t == s, t != s, t > s


def test_comparisons_nat_is_unordered():
    f = njit(compare)
    for a, b in ((M(5, "D"), M(120, "h")), (M("NaT", "D"), M(3, "h")), (M(2, "D"), M("NaT", "h")),
                 (M("NaT", "D"), M("NaT", "h")), (M(-1, "D"), M(-23, "h"))):
        for t, s in ((m(1, "h"), m(60, "m")), (m("NaT", "h"), m(1, "m")), (m(2, "h"), m(61, "m"))):
            check(f, a, b, t, s)


def constants(n):
    start = np.datetime64("2021-05-06")
    step = np.timedelta64(n, "h")
    return start, step, start + step, np.datetime64("NaT"), np.timedelta64("NaT", "s"), START - start


START = np.datetime64("1999-12-31T23:59", "m")


def test_constants_and_constructors():
    check(njit(constants), 5)
    check(njit(constants), -100000)


def arrays(a, b, t, i):
    d = a - b
    e = a + t
    before = a < b
    nat = np.isnat(a)
    x = a[i]
    b[0] = a[i]                       # a day into an hourly array: exact conversion
    return d, e, before, nat, x, a - np.datetime64("2000-01-01"), np.isnat(d), b


def test_arrays_elements_stores_and_expressions():
    f = njit(arrays)
    a = np.array(["2020-01-01", "NaT", "1999-03-04", "1970-01-01", "1600-02-29"], "M8[D]")
    b = np.array(["2020-01-01T03", "2021-01-01", "NaT", "1970-01-01T01", "1969-12-31T23"], "M8[h]")
    for i in (0, 1, -1):
        check(f, a, b, m(5, "m"), i)
    check(f, a[::2], b[::2], m(-1, "D"), 1)


def reductions(a, t):
    return a.min(), a.max(), np.min(a), np.max(a), t.sum(), np.sum(t), t.min(), t.max(), (t * 2).sum()


def test_reductions_propagate_nat():
    f = njit(reductions)
    for a, t in ((np.array(["1999-03-04", "1970-01-01", "2100-01-01"], "M8[D]"), np.array([1, -2, 3], "m8[s]")),
                 (np.array(["1999-03-04", "NaT", "1970-01-01"], "M8[D]"), np.array([1, "NaT", 3], "m8[s]")),
                 (np.array(["NaT", "2000-01-01"], "M8[D]"), np.array([-4], "m8[s]"))):
        check(f, a, t)
        check(f, a[::-1], t[::-1])
    with pytest.raises(ValueError, match="zero-size array"):
        f(np.array([], "M8[D]"), np.array([1], "m8[s]"))
    same(njit(lambda t: t.sum())(np.array([], "m8[h]")), np.array([], "m8[h]").sum())


def unit_dispatch(a):
    return a[0] - a[1], a.max()


def test_arrays_of_every_unit_dispatch_on_unit():
    f = njit(unit_dispatch)
    for u in ("Y", "D", "h", "ns", "as"):
        a = np.array([3, -4, 9], f"M8[{u}]")
        check(f, a)
    assert len(f.signatures) == 5


def test_arrays_returned_keep_their_unit():
    f = njit(lambda a, t: (a + t, a - a[0], a))
    a = np.array([0, 10, "NaT"], "M8[m]")
    got, expected = f(a, m(1, "h")), (a + m(1, "h"), a - a[0], a)
    for g, e in zip(got, expected):
        same(g, e)
    assert got[2] is a


def add_datetimes(a, t, arr):
    return a + a


def timedelta_minus_datetime(a, t, arr):
    return t - a


def scale_datetime(a, t, arr):
    return a * 2


def sum_datetimes(a, t, arr):
    return np.sum(arr)


@pytest.mark.parametrize("fn, message", [(add_datetimes, "add"), (timedelta_minus_datetime, "subtract"),
                                         (scale_datetime, "multiply"), (sum_datetimes, "cannot be added")])
def test_invalid_combinations_are_located_typing_errors(fn, message):
    with pytest.raises(COMPILE_ERRORS, match=message) as info:
        njit(fn)(M(1, "D"), m(1, "D"), np.array([1], "M8[D]"))
    assert "test_datetime.py" in str(info.value)


def with_multipliers(t, u, y, scalar):
    """Units such as 10ms: promotion to their common unit (5ms), casts floored to coarser units."""
    coarse = np.empty(t.shape[0], "M8[s]")
    other = np.empty(u.shape[0], "m8[7ms]")
    for i in range(t.shape[0]):
        coarse[i] = t[i]
        other[i] = u[i]
    return (t + u, t - u, t[0] < t[1], t.max(), u.sum(), u * 2, u // np.timedelta64(5, "ms"), coarse, other,
            y + np.timedelta64(1, "Y"), y[0] - y[1], scalar, scalar + u[0], np.isnat(t))


@pytest.mark.numjit_only          # numba refuses units with multipliers
def test_units_with_multipliers():
    t = np.array(["2020-01-01T00:00:00.010", "1969-12-31T23:59:59.950", "NaT"], "M8[10ms]")
    u = np.array([3, -7, 0], "m8[15ms]")
    y = np.array(["2020", "1930", "NaT"], "M8[10Y]")
    check(njit(with_multipliers), t, u, y, m(4, "25us"))
    same(njit(identity)(np.array([1], "M8[5s]")), np.array([1], "M8[5s]"))


def created(n, step):
    a = np.empty(n, "M8[D]")
    for i in range(n):
        a[i] = np.datetime64(i * 10, "D")
    return a, np.full(n, step), np.zeros(n, "m8[s]"), np.full(n, np.datetime64("2001-02-03")), a + step


def test_arrays_created_in_compiled_code_box_with_their_unit():
    f = njit(created)
    for n in (0, 3):
        check(f, n, m(3, "h"))
        check(f, n, m("NaT", "h"))


def unified(flag, t):
    x = t                             # timedelta64[h], then [m]: the variable holds minutes
    if flag:
        x = np.timedelta64(90, "m")
    d = np.datetime64("2020-01-01")   # [D], then [s]
    if not flag:
        d = np.datetime64("2020-01-01T00:00:01")
    return x, d


def test_variables_holding_two_units_take_the_finer():
    f = njit(unified)
    for flag in (True, False):
        got = f(flag, m(2, "h"))
        assert got[0].dtype == np.dtype("m8[m]") and got[1].dtype == np.dtype("M8[s]")
        expected = unified(flag, m(2, "h"))
        assert got[0] == expected[0] and got[1] == expected[1]


def store(a, v, i):
    a[i] = v
    return a


def test_stores_into_coarser_units_floor_as_numpy():
    f = njit(store)
    rng = np.random.default_rng(7)
    pairs = [("M8[D]", "h"), ("M8[Y]", "D"), ("M8[M]", "s"), ("M8[W]", "D"), ("M8[Y]", "M"),
             ("M8[M]", "Y"), ("m8[D]", "h"), ("m8[s]", "ns")]
    for dtype, unit in pairs:
        scalar = M if dtype[0] == "M" else m
        values = [int(v) for v in rng.integers(-10**7, 10**7, 5)] + [-1, 0, 1]
        for v in values + ["NaT"]:
            x = scalar("NaT", unit) if v == "NaT" else scalar(v, unit)
            check(f, np.zeros(2, dtype), x, 1)



def one_unit(a, t, arr, tarr):
    """Scalars and arrays of one unit: arithmetic, comparisons, NaT, reductions."""
    return (a - arr[0], a + t, -t // 2, t % tarr[0], t / tarr[0], arr - a, tarr * 2, tarr.sum(),
            arr.max(), arr < a, np.isnat(arr))


def test_every_unit_in_arithmetic_arrays_and_reductions():
    f = njit(one_unit)
    for u in UNITS:
        arr = np.array([40, "NaT", -13, 7], f"M8[{u}]")
        tarr = np.array([3, -9, 12], f"m8[{u}]")
        check(f, M(25, u), m(-17, u), arr, tarr)
        check(f, M("NaT", u), m("NaT", u), arr[::-1].copy(), np.array([5, "NaT"], f"m8[{u}]"))
    assert len(f.signatures) == len(UNITS)
