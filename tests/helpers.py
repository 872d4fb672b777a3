"""Helpers shared by the differential tests: dtypes, array layouts, comparisons.

    >>> a = make_array((3, 4), np.float64, "F")
    >>> a.shape, a.flags.f_contiguous, a.flags.c_contiguous
    ((3, 4), True, False)
    >>> assert_same(float("nan"), float("nan"))
"""
import math
import os
import subprocess
import sys

import numpy as np

# Every scalar type the compiler supports, as NumPy scalar types.
BOOL_TYPES = [np.bool_]
SIGNED_TYPES = [np.int8, np.int16, np.int32, np.int64]
UNSIGNED_TYPES = [np.uint8, np.uint16, np.uint32, np.uint64]
INT_TYPES = SIGNED_TYPES + UNSIGNED_TYPES
FLOAT_TYPES = [np.float32, np.float64]
COMPLEX_TYPES = [np.complex64, np.complex128]
REAL_TYPES = BOOL_TYPES + INT_TYPES + FLOAT_TYPES
ALL_SCALAR_TYPES = REAL_TYPES + COMPLEX_TYPES
ARRAY_DTYPES = ALL_SCALAR_TYPES

# How the compiler types Python scalars (numba's typeof).
PYTHON_SCALAR_DTYPE = {bool: np.dtype(np.bool_), int: np.dtype(np.int64),
                       float: np.dtype(np.float64), complex: np.dtype(np.complex128)}

LAYOUTS = ["C", "F", "strided", "negstride", "transposed"]


def dtype_of(value):
    """The dtype the compiler gives a Python or NumPy scalar argument."""
    if type(value) in PYTHON_SCALAR_DTYPE:
        return PYTHON_SCALAR_DTYPE[type(value)]
    return np.asarray(value).dtype


def type_id(t):
    """A readable pytest id for a scalar type (NumPy type or Python type)."""
    return getattr(t, "__name__", str(t))


def sample_values(dtype, n, seed=0):
    """`n` deterministic values of `dtype`, small enough that sums of a few don't overflow."""
    dtype = np.dtype(dtype)
    rng = np.random.default_rng(seed)
    if dtype.kind == "b":
        return rng.integers(0, 2, n).astype(np.bool_)
    if dtype.kind == "u":
        return rng.integers(0, 50, n).astype(dtype)
    if dtype.kind == "i":
        return rng.integers(-50, 50, n).astype(dtype)
    if dtype.kind == "f":
        return (rng.standard_normal(n) * 10).astype(dtype)
    if dtype.kind == "c":
        return (rng.standard_normal(n) * 10 + 1j * rng.standard_normal(n) * 10).astype(dtype)
    raise TypeError(dtype)


def make_array(shape, dtype, layout="C", seed=0):
    """An array of `shape` and `dtype` in the given memory layout.

    layout: "C" (C-contiguous), "F" (Fortran), "strided" (every other element
    along each axis of a larger array), "negstride" (every axis reversed),
    "transposed" (the transpose of a C array, so its strides are reversed).
    The values differ from element to element, so indexing mistakes show.
    """
    shape = tuple(shape)
    dtype = np.dtype(dtype)
    if layout == "C":
        base = sample_values(dtype, math.prod(shape), seed).reshape(shape)
        out = np.ascontiguousarray(base)
    elif layout == "F":
        base = sample_values(dtype, math.prod(shape), seed).reshape(shape)
        out = np.asfortranarray(base)
    elif layout == "strided":
        big_shape = tuple(2 * s for s in shape)
        big = sample_values(dtype, math.prod(big_shape), seed).reshape(big_shape)
        out = big[tuple(slice(None, None, 2) for _ in shape)]
    elif layout == "negstride":
        base = sample_values(dtype, math.prod(shape), seed).reshape(shape)
        out = base[tuple(slice(None, None, -1) for _ in shape)]
    elif layout == "transposed":
        base = sample_values(dtype, math.prod(shape), seed).reshape(shape[::-1])
        out = base.T
    else:
        raise ValueError(layout)
    assert out.shape == shape and out.dtype == dtype
    return out


def python_kind(dtype):
    """The Python type a compiled function returns for a scalar of `dtype`."""
    return {"b": bool, "i": int, "u": int, "f": float, "c": complex}[np.dtype(dtype).kind]


def assert_kind(got, kind):
    """`got` is a Python value of the given kind (bool, int, float, complex)."""
    if kind is bool:
        assert isinstance(got, (bool, np.bool_)), f"expected a bool, got {type(got).__name__} {got!r}"
    elif kind is int:
        assert isinstance(got, (int, np.integer)) and not isinstance(got, (bool, np.bool_)), (
            f"expected an int, got {type(got).__name__} {got!r}")
    elif kind is float:
        assert isinstance(got, (float, np.floating)), f"expected a float, got {type(got).__name__} {got!r}"
    elif kind is complex:
        assert isinstance(got, (complex, np.complexfloating)), (
            f"expected a complex, got {type(got).__name__} {got!r}")
    else:
        raise TypeError(kind)


def _same_float(got, want, rtol, atol, signed_zero):
    got, want = float(got), float(want)
    if math.isnan(want):
        return math.isnan(got)
    if math.isinf(want) or (rtol == 0 and atol == 0):
        if got != want:
            return False
        if signed_zero and want == 0:
            return math.copysign(1, got) == math.copysign(1, want)
        return True
    return abs(got - want) <= atol + rtol * abs(want)


def assert_same(got, want, rtol=0.0, atol=0.0, kind=None, signed_zero=False, msg=""):
    """Scalars or tuples of scalars are equal: exact by default, NaN equals NaN.

    rtol/atol allow rounding differences; `kind` (bool/int/float/complex) also
    checks the Python type of a scalar result; signed_zero distinguishes -0.0.
    """
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want), f"{msg}: got {got!r}, want {want!r}"
        for g, w in zip(got, want):
            assert_same(g, w, rtol, atol, None, signed_zero, msg)
        return
    if kind is not None:
        assert_kind(got, kind)
    where = f"{msg}: got {got!r}, want {want!r}"
    if isinstance(want, (complex, np.complexfloating)):
        got, want = complex(got), complex(want)
        if (rtol or atol) and all(map(math.isfinite, (want.real, want.imag, got.real, got.imag))):
            assert abs(got - want) <= atol + rtol * abs(want), where  # relative to |want|
            return
        assert _same_float(got.real, want.real, rtol, atol, signed_zero), where
        assert _same_float(got.imag, want.imag, rtol, atol, signed_zero), where
    elif isinstance(want, (float, np.floating)):
        assert not isinstance(got, (complex, np.complexfloating)), f"{where} (complex, not real)"
        assert _same_float(got, want, rtol, atol, signed_zero), where
    else:
        assert got == want, where


def assert_array_same(got, want, rtol=0.0, atol=0.0):
    """Arrays have equal shape, dtype and values (NaN-aware)."""
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape, (got.shape, want.shape)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    if rtol or atol:
        np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, equal_nan=True)
    else:
        np.testing.assert_array_equal(got, want)


def wrap_int(value, dtype):
    """Python int `value` wrapped to the two's-complement range of `dtype`."""
    info = np.iinfo(dtype)
    bits = info.bits
    value &= (1 << bits) - 1
    if info.min < 0 and value >= 1 << (bits - 1):
        value -= 1 << bits
    return value


def python_error(fn, *args):
    """The (type, message) Python raises for fn(*args), or None if it returns."""
    try:
        fn(*args)
    except Exception as exc:  # noqa: BLE001 - we want whatever Python raises
        return type(exc), str(exc)
    return None


def sequential_sum(values):
    """0 + v0 + v1 + ... left to right, as a `s += v` loop adds (Python 3.12's sum() of floats
    compensates rounding errors, so it is not the reference for such a loop)."""
    total = 0
    for v in values:
        total = total + v
    return total


_COMPILED = {}


def run_compiled(func, *args):
    """func(*args) compiled, one dispatcher per argument types (reused by every case that has them)."""
    from impl import njit, typeof
    key = (func, tuple(typeof(a) for a in args))
    if key not in _COMPILED:
        _COMPILED[key] = njit(func)
    return _COMPILED[key](*args)


def dtype_id(d):
    return np.dtype(d).name


def run_python_code(code, extra_env=None):
    """Run `code` in a fresh interpreter that can import numjit and the tests' modules."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([root, os.path.join(root, "tests")]))
    env.update(extra_env or {})
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=240)
