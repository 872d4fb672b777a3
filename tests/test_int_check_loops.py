"""int(x), math.floor/ceil and round(x) of floats inside loops: Python's exceptions, at
Python's element, after Python's writes; Python's results otherwise.

The conversion's check is one integer test on the hot path (x86-64: the conversion's own
"integer indefinite" result, intrinsics/mathdomain.py) and the loops around it are unrolled:
these tests put nan, inf and values at or past the int64 range at every position of an unrolled
group (and in the remainder), in float64 and float32, and compare the whole state with the plain
Python loop run on the same inputs. Past int64, where Python's int is unbounded, numjit raises
OverflowError at that element (its documented int64 rule): the writes before it are compared with
Python's loop over the elements before it. Negative indexes computed at run time (a scatter and
a gather through 2-d views of every layout) check the wrapped element address.
"""
import math
import platform

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from helpers import LAYOUTS, make_array
from impl import njit

pytestmark = pytest.mark.numjit_only

PAST_MINUS_2_63 = float(np.nextafter(-(2.0 ** 63), -np.inf))    # the first float64 below -2**63


def bin_counts(data, lo, scale, counts, seen):
    """A histogram loop (benchmarks/kernels.py's shape): int() of every element, clamped bins."""
    total = 0
    for i in range(data.shape[0]):
        b = int((data[i] - lo) * scale)
        if b < 0:
            b = 0
        if b >= counts.shape[0]:
            b = counts.shape[0] - 1
        counts[b] += 1
        seen[i] = b
        total += b
    return total


def conversions(data, out):
    """Every float -> int conversion of the element's own type (float32 stays float32)."""
    for i in range(data.shape[0]):
        x = data[i]
        out[i, 0] = math.floor(x)
        out[i, 1] = math.ceil(x)
        out[i, 2] = round(x)
        out[i, 3] = int(x)          # math.trunc(x): the same conversion (np.float32 has no __trunc__)


def caught(data):
    """The exception caught in compiled code: the partial sum and which error stopped it."""
    total = 0
    try:
        for i in range(data.shape[0]):
            total += int(data[i])
    except ValueError:
        return total, 1
    except OverflowError:
        return total, 2
    return total, 0


def scatter_gather(grid, rows, cols):
    """Negative indexes (computed at run time) read and written through 2-d views: each index's
    wrap is a separate step of the element's address (intrinsics/arrays.py element_pointer)."""
    total = 0.0
    for k in range(rows.shape[0]):
        i, j = rows[k], cols[k]
        grid[i, j] += 1.5
        total += grid[i, -1 - j] * k + grid[-1, j]
    return total


def run(fn, data, *shapes):
    """fn(data, *fresh int64 arrays): (returned value or (exception type, message), the arrays)."""
    arrays = [np.full(shape, -7, dtype=np.int64) for shape in shapes]
    try:
        result = fn(data, *arrays)
    except (ValueError, OverflowError) as exc:
        result = (type(exc), str(exc))
    return result, [a.tolist() for a in arrays]


def bins_state(fn, data):
    counts, seen = np.zeros(16, dtype=np.int64), np.full(data.shape[0], -7, dtype=np.int64)
    try:
        result = fn(data, -4.0, 2.0, counts, seen)
    except (ValueError, OverflowError) as exc:
        result = (type(exc), str(exc))
    return result, counts.tolist(), seen.tolist()


_bin_counts = njit(bin_counts)
_conversions = njit(conversions)


def test_histogram_loop_raises_at_python_element():
    n = 1003                                 # a remainder after the unrolled groups
    rng = np.random.default_rng(1)
    for bad in (math.nan, math.inf, -math.inf):
        for where in (0, 1, 2, 3, 4, 5, 6, 7, 500, n - 3, n - 2, n - 1):
            data = rng.normal(0.0, 3.0, n)
            data[where] = bad
            assert bins_state(_bin_counts, data) == bins_state(bin_counts, data), (bad, where)
    data = rng.normal(0.0, 3.0, n)
    assert bins_state(_bin_counts, data) == bins_state(bin_counts, data)
    empty = np.empty(0)
    assert bins_state(_bin_counts, empty) == bins_state(bin_counts, empty)
    strided = rng.normal(0.0, 3.0, 2 * n)[::-2].copy()[::2]          # non-contiguous, negative steps
    strided[7] = math.nan
    assert bins_state(_bin_counts, strided) == bins_state(bin_counts, strided)


def test_histogram_loop_past_int64_raises_overflow_after_the_same_writes():
    """Python's int is unbounded (its loop clamps 1e300 into the last bin); numjit's int() is
    int64 and raises at that element, after exactly the writes Python made before it."""
    rng = np.random.default_rng(2)
    for big in (1e300, 2.0 ** 62, -(2.0 ** 63)):        # (big + 4) * 2 is past the int64 range
        for where in (0, 1, 2, 3, 6, 998):
            data = rng.normal(0.0, 3.0, 999)
            data[where] = big
            result, counts, seen = bins_state(_bin_counts, data)
            assert result == (OverflowError, "int() result too large for int64"), (big, where)
            _, want_counts, want_seen = bins_state(bin_counts, data[:where])
            assert counts == want_counts and seen[:where] == want_seen and seen[where:] == [-7] * (999 - where)
    data = np.array([1.0, -(2.0 ** 62), 5.0, -(2.0 ** 62)])       # (x + 4) * 2 == -2**63: converts
    assert bins_state(_bin_counts, data) == bins_state(bin_counts, data)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_every_conversion_at_the_int64_limits(dtype):
    """-2**63 converts exactly (x86's conversion gives INT64_MIN for it and for failures alike);
    the largest value below 2**63 converts; nan, inf and values past the range raise as Python
    does (past the range: numjit's OverflowError, after the same earlier rows)."""
    ok = [-(2.0 ** 63), float(np.nextafter(dtype(2.0 ** 63), dtype(0))), 0.5, -0.5, 2.5, -3.5, -0.0, 1e15 + 0.5]
    data = np.array(ok * 3, dtype=dtype)
    assert run(_conversions, data, (data.shape[0], 4)) == run(conversions, data, (data.shape[0], 4))
    for bad in (math.nan, math.inf, -math.inf):
        for where in (0, 2, 5, 7):
            data = np.array(ok, dtype=dtype)
            data[where] = bad
            assert run(_conversions, data, (8, 4)) == run(conversions, data, (8, 4)), (bad, where)
    for big in (2.0 ** 63, 1e19 if dtype is np.float64 else 3e38, PAST_MINUS_2_63 if dtype is np.float64 else -1e19):
        data = np.array(ok, dtype=dtype)
        data[3] = big
        result, (out,) = run(_conversions, data, (8, 4))
        assert result[0] is OverflowError and "too large for int64" in result[1]
        _, (want,) = run(conversions, data[:3], (3, 4))
        assert out[:3] == want and out[3:] == [[-7] * 4] * 5


def test_exception_caught_in_compiled_code():
    cfunc = njit(caught)
    for values in ([1.5, 2.5, math.nan, 4.0], [1.0] * 9 + [-math.inf], [0.5] * 7, []):
        data = np.array(values, dtype=np.float64)
        assert cfunc(data) == caught(data), values
    data = np.array([3.0, 2.0, 1e300, 1.0])          # past int64: OverflowError after the sum so far
    assert cfunc(data) == (caught(data[:2])[0], 2)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from([0.0, -0.0, 1.25, -2.5, 3.75, 6.0, -9.0, 1e6, math.nan, math.inf, -math.inf]),
                max_size=24))
def test_histogram_loop_matches_python_on_random_specials(values):
    data = np.array(values, dtype=np.float64)
    assert bins_state(_bin_counts, data) == bins_state(bin_counts, data)


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="x86-64's conversion")
def test_histogram_loop_hot_path_is_one_integer_test():
    """The body converts with cvttsd2si and tests its result as an integer (the one float compare
    left is the nan test of the rare block), and the loop is unrolled despite its rare exit."""
    bins_state(_bin_counts, np.zeros(3))
    asm = _bin_counts.inspect_asm(_bin_counts.signatures[0])
    assert asm.count("cvttsd2si") >= 2 and asm.count("ucomisd") <= 1, asm


def test_negative_indexes_in_every_layout():
    rng = np.random.default_rng(3)
    cfunc = njit(scatter_gather)
    for layout in LAYOUTS:
        rows, cols = rng.integers(-5, 5, 300), rng.integers(-7, 7, 300)
        want, got = make_array((5, 7), np.float64, layout), make_array((5, 7), np.float64, layout)
        assert cfunc(got, rows, cols) == scatter_gather(want, rows, cols), layout
        np.testing.assert_array_equal(got, want)
