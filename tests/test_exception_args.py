"""`e.args` of caught exceptions (intrinsics/exceptionargs.py), compared with Python: raises with
run-time values of several types in the try body and in functions it calls, raises without
arguments, numjit's own exceptions (ZeroDivisionError, list IndexError), `except Exception as e`,
len(e.args), indexing, unpacking and returning the tuple. Clauses whose raises disagree are a
located error; an exception whose args differ from the expected ones at run time is a TypeError.
"""
import pytest

from impl import COMPILE_ERRORS, njit

pytestmark = pytest.mark.numjit_only


def deep(x):
    if x > 100:
        raise KeyError("huge", x, x * 0.5)
    return x


def middle(x):
    return deep(x) + 1


def uses_args(x, lst):
    out = [0.0]
    try:
        if x < 0:
            raise ValueError("negative", x, x < -5, None)
        out.append(lst[x])
        out.append(1.0 / (x - 3))
    except ValueError as e:
        word, value, flag, nothing = e.args            # unpacking
        out.append(len(e.args) + value + flag)
        out.append(len(word) + (nothing is None))
    except IndexError as e:                         # numjit's own check: Python's message
        out.append(len(e.args) * 1000 + len(e.args[0]))
    except ZeroDivisionError as e:
        out.append(float(len(e.args[0])))
    try:
        middle(x)                                   # raised two calls down
    except KeyError as e:
        out.append(e.args[1] + e.args[2] + len(e.args))
    try:
        if x == 2:
            raise RuntimeError
        raise RuntimeError()
    except Exception as e:
        out.append(len(e.args) - 10)
    try:
        raise OSError("two", "parts")
    except OSError as e:
        return out, e.args, e.args[-1]


def test_e_args_match_python():
    cfunc = njit(uses_args)
    for x in (-7, -1, 0, 2, 3, 9, 150):
        assert cfunc(x, [10, 20, 30, 40]) == uses_args(x, [10, 20, 30, 40]), x


def disagreeing(x):
    try:
        if x:
            raise ValueError("a", 1)
        raise ValueError(2.5)
    except ValueError as e:
        return len(e.args)


def test_raises_that_disagree_are_a_located_error():
    with pytest.raises(COMPILE_ERRORS) as info:
        njit(disagreeing)(1)
    assert "e.args" in str(info.value) and "test_exception_args.py" in str(info.value)


def other_args_at_run_time(s):
    try:
        if s == "x":
            raise ValueError("x", 1)
        return int(s)                           # ValueError(message) from the interpreter
    except ValueError as e:
        return e.args[1]


def test_other_args_at_run_time_are_a_type_error():
    cfunc = njit(other_args_at_run_time)
    assert cfunc("x") == other_args_at_run_time("x") and cfunc("12") == 12
    with pytest.raises(TypeError, match="args"):
        cfunc("abc")
