"""NumPy 2 scalar promotion (NEP 50) in compiled code: NumPy scalars are strong, Python's are weak.

`float32_array * 3.0` is float32 but `float32_array * np.float64(3)` is float64; likewise for
int64 / complex128 scalars. A NumPy scalar is what np.float64(x), an argument of that type, an
element read of an array, a reduction or an np.* function on scalars gives; a Python number is
what a literal, float()/int(), len(), math.* and a.item() give. Each case below runs compiled
and as plain Python/NumPy on the same inputs and compares dtypes and values.
"""
import json
import math
import textwrap

import numpy as np
import pytest

from helpers import assert_array_same, make_array, run_python_code
from impl import njit

pytestmark = pytest.mark.numjit_only      # numba types every scalar as NumPy 1 did (value-based/weak)


def assert_results(got, want, rtol=1e-12):
    assert len(got) == len(want)
    for i, (g, w) in enumerate(zip(got, want)):
        g, w = np.asarray(g), np.asarray(w)
        assert g.dtype == w.dtype, (i, g.dtype, w.dtype)
        tol = 1e-6 if w.dtype in (np.float32, np.complex64) else rtol
        assert_array_same(g, w, rtol=tol, atol=tol)


def constructors(a32, i32, c64):
    return (a32 * np.float64(3), np.float64(-0.5) + a32, i32 + np.int64(3), i32 * np.intp(2),
            c64 * np.complex128(1 + 2j), a32 * 3.0, i32 + 3, c64 * (1 + 2j), i32 - np.int64(2 ** 40),
            a32 / np.float64(3), i32 // np.int64(2), a32 * np.float32(3), i32 + np.int32(3))


def test_numpy_scalar_constructors_are_strong():
    a32 = np.array([1.5, -2.0, np.nan, np.inf, 1e-8], np.float32)
    i32 = np.arange(-2, 3, dtype=np.int32)
    c64 = np.array([1 + 1j, -2j, np.nan], np.complex64)
    cf = njit(constructors)
    assert_results(cf(a32, i32, c64), constructors(a32, i32, c64))
    # non-contiguous operands (2-d F order, negative strides, empty)
    args = (make_array((3, 4), np.float32, "F"), make_array((4,), np.int32, "negstride"), c64[:0])
    assert_results(cf(*args), constructors(*args))


def mixed(a, s):
    return a * s, s - a, a + s


def test_arguments_python_and_numpy_scalars_each_get_their_dtype():
    cf = njit(mixed)
    cases = [(np.ones(3, np.float32), [3.0, np.float64(3), 3.0, np.float64(-1.5)]),
             (np.arange(3, dtype=np.int32), [3, np.int64(3), 7, np.int64(2 ** 35)]),
             (np.array([1 + 2j, np.nan], np.complex64), [2j, np.complex128(2j), 1 + 0j])]
    for a, scalars in cases:
        for s in scalars:                  # a Python number, then a NumPy one, then back
            assert_results(cf(a, s), mixed(a, s))
    # an explicit signature takes both kinds natively (no new specialisation)
    twice = njit("float64(float64)")(lambda x: x * 2.0)
    assert twice(np.float64(1.5)) == twice(1.5) == 3.0 and len(twice.signatures) == 1


def element_reads(a32, b64, m64, i32, k64):
    acc = 0.0
    for x in b64:
        acc += x
    last = 0.0
    for x in b64:
        last = x
    return (a32 * b64[0], a32 * m64[1, 0], a32 * m64[-1, -1], a32 * acc, a32 * last, i32 + k64[-1],
            a32 * b64[1:2].item(), a32 * float(b64[0]), i32 + int(k64[0]), a32 * m64[0][1])


def test_element_reads_are_numpy_scalars():
    a32 = np.array([1.25, -3.0, np.nan], np.float32)
    b64 = np.array([0.1, 2.5, -1.0])
    m64 = make_array((2, 3), np.float64, "F")
    i32 = np.array([5, -7, 2 ** 30], np.int32)
    k64 = np.array([3, 2 ** 40], np.int64)
    assert_results(njit(element_reads)(a32, b64, m64, i32, k64), element_reads(a32, b64, m64, i32, k64))


STRONG_GLOBAL, WEAK_GLOBAL = np.float64(0.5), 0.5


def numpy_results(a32, b64, i32, k64):
    z = np.complex128(1 + 2j)
    return (a32 * STRONG_GLOBAL, a32 * WEAK_GLOBAL, a32 * z.real, a32 * (1 + 2j).imag,
            a32 * b64.sum(), a32 * np.max(b64), a32 - np.mean(b64), a32 * np.sqrt(2.0), a32 * math.sqrt(2.0),
            i32 + k64.sum(), i32 + np.int64(len(k64)), i32 + len(k64), a32 * b64.std(),
            a32 * (np.float64(2) * 3.0), a32 * (2.0 * 3.0), a32 * (np.float64(2) + 1), a32 * -np.float64(2),
            a32 * abs(np.float64(-2)), i32 * (np.int64(5) // 2), a32 * np.exp(np.float64(0.5)),
            i32 + np.argmax(b64), a32 * np.float64(b64.size))


def test_reductions_and_numpy_functions_give_strong_scalars():
    a32 = np.array([1.0, -2.5, np.inf], np.float32)
    b64 = np.array([0.5, 4.0, -1.0, 2.0])
    i32 = np.arange(3, dtype=np.int32)
    k64 = np.array([2 ** 33, 1], np.int64)
    assert_results(njit(numpy_results)(a32, b64, i32, k64), numpy_results(a32, b64, i32, k64))


def ufunc_calls(a32, i8, s, t):
    return (np.add(a32, s), np.maximum(a32, s), np.minimum(i8, t), np.where(a32 > 0, a32, s),
            np.clip(a32, s, 1.0), np.clip(i8, t, 5), np.power(a32, s), np.where(i8 > 1, i8, t),
            np.multiply(s, a32), np.greater(a32, s))


def test_ufuncs_where_clip_with_both_kinds_of_scalar():
    a32 = np.array([-1.0, 0.25, 3.0, np.nan], np.float32)
    i8 = np.array([-3, 0, 2, 100], np.int8)
    cf = njit(ufunc_calls)
    for s, t in [(0.5, 1), (np.float64(0.5), np.int64(1))]:
        with np.errstate(invalid="ignore"):
            want = ufunc_calls(a32, i8, s, t)
        assert_results(cf(a32, i8, s, t), want)


def inplace(a32, i32, c64, b64):
    a32 += np.float64(2.5)
    a32 *= b64[0]
    i32 += np.int64(7)
    i32 -= 1
    c64 *= np.complex128(1j)
    return a32, i32, c64


def test_inplace_operators_keep_the_array_dtype():
    args = (np.array([1.0, -2.0], np.float32), np.array([1, 2], np.int32),
            np.array([1 + 2j], np.complex64), np.array([0.5]))
    copies = tuple(a.copy() for a in args)
    assert_results(njit(inplace)(*copies), inplace(*(a.copy() for a in args)))


def product_of(a, s):
    return a * s


def test_each_array_dtype_with_each_scalar_kind():
    arrays = [np.array([1, 2], dt) for dt in (np.uint8, np.int32, np.float32, np.complex64)]
    scalars = [3, np.int64(3), 2.5, np.float64(2.5), 1j, np.complex128(1j)]
    cf = njit(product_of)
    for a in arrays:
        for s in scalars:
            assert_results([cf(a, s)], [product_of(a, s)])


CACHED = '''
import numpy as np
from numjit import njit

@njit(cache=True)
def scale(a, s):
    return a * s
'''

CACHED_RUN = '''
import json, sys
sys.path.insert(0, {folder!r})
import numpy as np
import mod
from numjit import cache
a = np.ones(2, np.float32)
out = [str(mod.scale(a, s).dtype) for s in (2.0, np.float64(2), 2.0, np.float64(2))]
print("RESULT " + json.dumps([out, dict(cache.STATS)]))
'''


@pytest.mark.slow
def test_cached_function_called_with_both_kinds(tmp_path):
    (tmp_path / "mod.py").write_text(CACHED)
    runs = []
    for _ in range(2):                      # compiles and stores both, then loads both
        proc = run_python_code(textwrap.dedent(CACHED_RUN.format(folder=str(tmp_path))),
                               {"NUMJIT_CACHE_DIR": str(tmp_path / "cache")})
        assert proc.returncode == 0, proc.stderr
        runs.append(json.loads(proc.stdout.split("RESULT ", 1)[1]))
    a = np.ones(2, np.float32)
    want = [str((a * s).dtype) for s in (2.0, np.float64(2), 2.0, np.float64(2))]
    assert runs[0][0] == runs[1][0] == want
    assert runs[0][1]["stores"] == 2 and runs[1][1]["hits"] == 2 and runs[1][1]["misses"] == 0, runs
