"""More builtins, compiled vs. interpreted: float('inf') and friends from constant strings,
complex(), three-argument pow on integers, reversed() over tuples, print(sep=, end=), and
numjit's own scalar types as conversions (numjit.float32(x), numjit.types.int64(x))."""
import math
import sys

import numpy as np
import pytest

import impl
from helpers import assert_same
from impl import COMPILE_ERRORS, njit


def check(pyfunc, *argsets):
    cfunc = njit(pyfunc)
    for args in argsets:
        assert_same(cfunc(*args), pyfunc(*args), msg=f"{pyfunc.__name__}{args!r}")


# --------------------------------------------------------------------------
# float() of constant strings, complex()

def float_specials():
    return float("inf"), float("-inf"), float("nan"), float(" Infinity "), float("-1.5e3"), float("+NaN")


def test_float_of_constant_strings():
    check(float_specials, ())


def test_float_strings_in_arithmetic():
    def f(a):
        best = float("inf")
        for x in a:
            if x < best:
                best = x
        return best, -best < float("inf")
    check(f, (np.array([3.0, -2.0, 7.5]),), (np.array([], dtype=np.float64),))


@pytest.mark.numjit_only          # numjit reads the string when it compiles
def test_float_of_bad_string_is_a_compile_error():
    def f():
        return float("abc")
    with pytest.raises(COMPILE_ERRORS, match="could not convert string to float"):
        njit(f)()


@pytest.mark.numjit_only          # numba's complex() with no arguments fails while typing
def test_complex_without_arguments():
    def f(x):
        z = complex()
        return z, z + x
    check(f, (1.5,), (2j,))


# --------------------------------------------------------------------------
# pow(base, exp, mod)

def pow_mod(a, b, c):
    return pow(a, b, c)


POW_CASES = [(3, 5, 7), (-3, 5, 7), (3, 5, -7), (-3, 5, -7), (2, 0, 5), (5, 0, -3), (0, 0, 1),
             (0, 0, -1), (2, -1, 1), (3, -2, 11), (-3, -2, 11), (3, -1, -11), (10, 100, 1),
             (123456789123, 98765432123, 2**62 + 12345), (2**62, 2**62, 2**63 - 1),
             (-5, 3, -(2**63 - 1)), (2**63 - 2, 2**63 - 1, 2**63 - 25), (7, 2**40, 1_000_000_007),
             (True, 3, 5), (np.int8(-3), np.int16(5), np.int32(7))]


@pytest.mark.numjit_only          # numba has no three-argument pow
@pytest.mark.parametrize("args", POW_CASES, ids=repr)
def test_pow_mod(args):
    want = pow(*(int(v) for v in args))
    assert njit(pow_mod)(*args) == want


@pytest.mark.numjit_only
def test_pow_mod_random():
    rng = np.random.default_rng(1)
    cfunc = njit(pow_mod)
    for _ in range(300):
        a, b = (int(v) for v in rng.integers(-2**63, 2**63 - 1, 2))
        b = abs(b) % 10**6
        m = int(rng.integers(-2**63 + 1, 2**63 - 1))
        m = m or 1
        assert cfunc(a, b, m) == pow(a, b, m), (a, b, m)


@pytest.mark.numjit_only
@pytest.mark.parametrize("args", [(3, 5, 0), (2, -1, 4), (0, -1, 5), (6, -3, 9)], ids=repr)
def test_pow_mod_errors(args):
    with pytest.raises(ValueError) as want:
        pow(*args)
    with pytest.raises(ValueError) as got:
        njit(pow_mod)(*args)
    assert str(got.value) == str(want.value)


@pytest.mark.parametrize("args", [(2.0, 3, 5), (2, 3.0, 5), (np.uint64(2), 3, 5)], ids=repr)
def test_pow_mod_needs_ints(args):
    with pytest.raises(COMPILE_ERRORS):
        njit(pow_mod)(*args)


# --------------------------------------------------------------------------
# reversed(tuple)

def reversed_digits(t):
    s = 0
    for x in reversed(t):
        s = s * 10 + x
    return s


def reversed_enumerated(t):
    out = 0.0
    for i, x in enumerate(reversed(t)):
        out += i * x
    return out


@pytest.mark.numjit_only          # numba has no reversed()
def test_reversed_tuple():
    check(reversed_digits, ((1, 2, 3),), ((7,),), ((1, 2.5, 3),), ((np.int8(1), 2),))
    check(reversed_enumerated, ((1.0, 2.0, 4.0),), ((1, 2.5),))


# --------------------------------------------------------------------------
# print(..., sep=..., end=...)

def print_keywords(x, y):
    print(x, y, sep=", ", end="!\n")
    print(x, "a", y, sep="")
    print(end="")
    print("z", end=None)
    print(x, sep=None)
    print("tab", x, sep="\t", end="\n\n")


def _capture(capfd, fn, *args):
    sys.stdout.flush()
    capfd.readouterr()
    fn(*args)
    sys.stdout.flush()
    return capfd.readouterr().out


@pytest.mark.numjit_only          # numba's print takes no keywords
@pytest.mark.parametrize("args", [(1, 2.5), (-3, True)], ids=repr)
def test_print_sep_end(capfd, args):
    want = _capture(capfd, print_keywords, *args)
    got = _capture(capfd, njit(print_keywords), *args)
    assert got == want


@pytest.mark.numjit_only
def test_print_sep_must_be_a_constant_string():
    def f(x):
        print(x, sep=x)
    with pytest.raises(COMPILE_ERRORS, match="sep"):
        njit(f)(1)


# --------------------------------------------------------------------------
# numjit's scalar types as conversions

def type_casts(x):
    return (impl.float32(x), impl.int64(x), impl.types.float64(x), impl.complex128(x),
            impl.boolean(x), impl.uint8(x), impl.int8(x))


def numpy_casts(x):
    return (np.float32(x), np.int64(x), np.float64(x), np.complex128(x), np.bool_(x), np.uint8(x),
            np.int8(x))


@pytest.mark.parametrize("x", [2.5, 1.75, 0.0, 7, 300, True], ids=repr)
def test_type_objects_convert_like_numpy_scalars(x):
    assert_same(njit(type_casts)(x), njit(numpy_casts)(x))


def test_type_object_cast_precision():
    def f(x):
        return impl.float32(x) * impl.float32(3.0), math.floor(impl.float64(x))
    got = njit(f)(1 / 3)
    assert_same(got, (float(np.float32(1 / 3) * np.float32(3.0)), math.floor(1 / 3)))
