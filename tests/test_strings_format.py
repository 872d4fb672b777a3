"""f-strings, str.format, % formatting, str()/repr() of numbers, print of strings and exceptions
with run-time values — the text must be exactly CPython's."""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from numjit import njit


def formatted(name, n, x):
    return (f"{name:>6}|{n:5d}|{x:.3f}|{x!r}|{n}|{name}|{x}|{name!r:<8}|{True}|{n:x}|{x:e}|{x:10.2%}",
            f"{name}{n}", f"", f"{{literal}} {n:,}", "{} of {:.1f} {k}".format(n, x, k=name),
            "{1}-{0}-{1}".format(n, name), "%d/%s %.2f" % (n, name, x), "%s!" % name, "%5.1f" % x,
            str(n), str(x), repr(x), repr(name), str(name), format(x, "g"), format(n, "08b"),
            str(n // 3), str(np.int32(n % 1000)), str(np.uint64(7)), f"{np.float32(1.5)}")


compiled_formatted = njit(formatted)


@settings(max_examples=25, deadline=None)
@given(st.text(max_size=6), st.integers(-2**63, 2**63 - 1),
       st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([0.1, 1e16, 1e-7, -0.0, 2.5]))
def test_formatting_matches_cpython(name, n, x):
    assert compiled_formatted(name, n, x) == formatted(name, n, x)


def test_bad_format_spec_raises_cpython_error():
    @njit
    def bad(x):
        return f"{x:q}"
    with pytest.raises(ValueError, match="Unknown format code 'q' for object of type 'float'"):
        bad(1.0)


class MyError(Exception):
    pass


def raiser(x, i, s):
    if x < 0:
        raise MyError("x", i)
    if x == 0:
        raise KeyError(s)
    assert x < 10, f"x={x} too big for {s}"
    if x == 5:
        raise ValueError(f"bad value {x} at {i}")
    if x == 6:
        raise ValueError("constant message")
    if math.isnan(x):
        raise IndexError(i, s, x)
    if x == 7:
        raise KeyError(7)
    return x


def test_exceptions_with_runtime_values():
    f = njit(raiser)
    for x in (1.5, -1.0, 0.0, 11.0, 5.0, 6.0, math.nan, 7.0):
        try:
            expected = raiser(x, 3, "kk")
        except Exception as exc:
            with pytest.raises(type(exc)) as info:
                f(x, 3, "kk")
            args = exc.args
            if isinstance(exc, AssertionError):          # (pytest appends the failing expression)
                args = (str(exc).splitlines()[0],)
            assert info.value.args == args
            continue
        assert f(x, 3, "kk") == expected


def test_exception_from_nogil_and_parallel():
    from numjit import prange

    @njit(nogil=True)
    def nogil_raise(s):
        if s:
            raise ValueError(s + "!")
        return 0

    @njit(parallel=True)
    def parallel_raise(n):
        total = 0
        for i in prange(n):
            if i == 7:
                raise ValueError(f"at {i}")
            total += i
        return total
    with pytest.raises(ValueError, match="^ab!$"):
        nogil_raise("ab")
    with pytest.raises(ValueError, match="^at 7$"):
        parallel_raise(100)


def test_print_strings_and_mixed(capsys):
    @njit
    def show(name, n, words):
        print("name:", name, n, words, (name, n), f"{n:03d}")
        print(name, end="|")
        print()
    show("é\U0001F600", 5, ["a", "b"])
    assert capsys.readouterr().out == "name: é\U0001F600 5 ['a', 'b'] ('é\U0001F600', 5) 005\né\U0001F600|\n"


def codecs_and_runtime_format(s, fmt, x, n):
    b = s.encode()
    return (b, s.encode("utf-16-le"), b.decode(), s.encode("ascii", "replace"), fmt.format(x, n))


def test_encode_decode_and_runtime_format_string():
    f = njit(codecs_and_runtime_format)
    for s in ["", "abc", "héllo\U0001F600"]:
        assert f(s, "{:.2f}|{:>4}", 1.2345, 7) == codecs_and_runtime_format(s, "{:.2f}|{:>4}", 1.2345, 7)
    with pytest.raises(UnicodeEncodeError):
        njit(lambda_free_encode)("é")
    with pytest.raises(IndexError, match="Replacement index 2 out of range"):
        f("a", "{2}", 1.0, 2)


def lambda_free_encode(s):
    return s.encode("ascii")
