"""Reliability of errors: functions that always raise, runtime tracebacks, messages for
unsupported arguments and functions; compiled vs. interpreted.
"""
import collections
import enum
import os
import traceback

import numpy as np
import pytest

from impl import njit


def raise_always(x):
    raise ValueError("boom")


def raise_both_branches(x):
    for i in range(3):
        x += i
    if x > 0:
        raise ValueError("positive")
    else:
        raise IndexError("negative")


def raise_in_while_true(x):
    while True:
        raise ZeroDivisionError("z")


def calls_raiser(x):
    if x > 5:
        compiled_raise_always(x)
    return x + 1


compiled_raise_always = njit(raise_always)


def python_error(fn, *args):
    with pytest.raises(Exception) as info:
        fn(*args)
    return type(info.value), str(info.value)


def test_every_path_raises():
    for fn in (raise_always, raise_both_branches, raise_in_while_true):
        cfunc = njit(fn)
        for x in (-5, 1):
            assert python_error(cfunc, x) == python_error(fn, x)
    cfunc = njit(calls_raiser)
    assert cfunc(1) == calls_raiser(1)
    assert python_error(cfunc, 10) == python_error(calls_raiser, 10)


# --------------------------------------------------------------------------
# run-time exceptions get a traceback frame at the user's line; numjit's frames stay hidden

def raises_in_branch(x):
    if x > 0:
        raise ValueError("boom")
    return x


def index_out_of_bounds(a, i):
    s = 0.0
    s += a[i]
    return s


def divides(x, y):
    return x // y


def concatenates(a, b):
    return np.concatenate((a, b), axis=1)


def calls_raiser_inside(x):
    return compiled_raises_in_branch(x) + 1


compiled_raises_in_branch = njit(raises_in_branch)


def frames_of(fn, *args):
    with pytest.raises(Exception) as info:
        fn(*args)
    return [(os.path.basename(f.filename), f.name, f.line) for f in traceback.extract_tb(info.value.__traceback__)]


@pytest.mark.numjit_only
def test_runtime_exception_has_a_frame_at_the_users_line():
    here = os.path.basename(__file__)
    cases = [(njit(raises_in_branch), (1,), "raises_in_branch", 'raise ValueError("boom")'),
             (njit(boundscheck=True)(index_out_of_bounds), (np.zeros(3), 5), "index_out_of_bounds", "s += a[i]"),
             (njit(divides), (1, 0), "divides", "return x // y"),
             (njit(calls_raiser_inside), (2,), "raises_in_branch", 'raise ValueError("boom")'),  # (+ caller)
             (njit(concatenates), (np.zeros((2, 2)), np.zeros((3, 3))), "concatenates",   # in numjit's library
              "return np.concatenate((a, b), axis=1)")]
    for cfunc, args, name, line in cases:
        python_type = python_error(cfunc.py_func, *args)[0]
        assert python_error(cfunc, *args)[0] is python_type
        frames = frames_of(cfunc, *args)           # the second call: the native entry, no Python frame
        assert frames[-1] == (here, name, line), frames
        nested = cfunc.py_func is calls_raiser_inside       # the compiled caller's line shows too
        assert frames[0][0] == here and len(frames) == 2 + nested, frames
        if nested:
            assert frames[1] == (here, "calls_raiser_inside", "return compiled_raises_in_branch(x) + 1"), frames


# --------------------------------------------------------------------------
# messages that say what is not supported, at the user's line

class Mood(enum.Enum):           # members with values of different types: compiled code takes one type
    HAPPY = "h"
    SAD = 2


class Tagged(np.ndarray):
    pass


def identity_of(a):
    return a


def sums(a):
    return a.sum()


def unimplemented_numpy(n):
    return np.fft.fft(np.ones(n))


def conflicting_assignments(x):
    if x > 0:
        y = 1
    else:
        y = (1, 2)
    return y


@pytest.mark.numjit_only
def test_unsupported_arguments_say_what_is_unsupported():
    cfunc = njit(identity_of)
    cfunc(1.5)
    for value, words in ((Mood.SAD, ("enum member Mood.SAD", ".value")),):
        with pytest.raises(TypeError) as info:
            cfunc(value)
        message = str(info.value)
        assert all(w in message for w in words) and "do not match" not in message, message
        assert "outside the range" not in message, message


def test_ndarray_subclass_is_passed_as_an_array():
    a = np.arange(5.0).view(Tagged)
    assert njit(sums)(a) == sums(np.asarray(a))


@pytest.mark.numjit_only
def test_unimplemented_numpy_function_is_reported_at_the_call():
    from impl import UnsupportedError
    with pytest.raises(UnsupportedError) as info:
        njit(unimplemented_numpy)(3)
    message = str(info.value)
    assert "fft" in message and "not supported" in message, message
    assert os.path.basename(__file__) in message and "np.fft.fft(np.ones(n))" in message, message
    assert "_pocketfft.py" not in message, message


@pytest.mark.numjit_only
def test_unification_error_points_at_the_assignment():
    from impl import TypingError
    with pytest.raises(TypingError) as info:
        njit(conflicting_assignments)(1)
    message = str(info.value)
    assert "y = (1, 2)" in message and "if x > 0" not in message, message
