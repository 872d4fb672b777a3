"""Reliability: tracebacks of run-time errors show the user's lines and none of numjit's frames on
every call (the first, a new signature's, keyword calls, converted arguments, ufunc kernels);
a function whose every path raises can be called where a value of another type is expected.
"""
import os
import traceback

import numpy as np
import pytest

from impl import impl_module, njit

vectorize = impl_module.vectorize

HERE = os.path.basename(__file__)


def raises_if_big(x, scale=1):
    if x > 1:
        raise ValueError("too big")
    return x * scale


def kernel(x):
    if x > 1:
        raise ValueError("kernel says no")
    return x + 1.0


def frames_of(call):
    with pytest.raises(ValueError) as info:
        call()
    return [(os.path.basename(f.filename), f.name, f.line) for f in traceback.extract_tb(info.value.__traceback__)]


@pytest.mark.numjit_only
def test_no_numjit_frame_on_any_call():
    # the first call of each signature compiles (was: one `_slow_call` frame under the caller)
    fn = njit(raises_if_big)
    eager = njit("float64(float64, int64)")(raises_if_big)
    ufunc = vectorize(["float64(float64)"])(kernel)
    raise_line = 'raise ValueError("too big")'
    for call, name, line in ((lambda: fn(5), "raises_if_big", raise_line),          # first call
                             (lambda: fn(5), "raises_if_big", raise_line),          # native entry
                             (lambda: fn(5.0), "raises_if_big", raise_line),        # a new signature
                             (lambda: fn(x=7, scale=2), "raises_if_big", raise_line),   # keywords
                             (lambda: eager(3, 1), "raises_if_big", raise_line),    # converted arguments
                             (lambda: ufunc(np.array([0.5, 3.0])), "kernel", 'raise ValueError("kernel says no")')):
        frames = frames_of(call)
        assert len(frames) == 3, frames                # this test, the lambda, the user's raise
        assert frames[-1] == (HERE, name, line), frames
        assert all(f[0] == HERE for f in frames), frames
    assert fn(0.5) == 0.5 and fn(x=1, scale=3) == 3 and eager(1, 2) == 2.0


def always_fails(x):
    raise ValueError("no value")


def returns_or_fails(x):
    if x > 0:
        return x * 1.5
    return always_fails(x)


def assigns_or_fails(x):
    y = always_fails(x) if x < 0 else x + 0.5
    if x > 10:
        z = 2.0
    else:
        z = always_fails(x) if x == 5 else 1.0
    return y + z


def uses_the_failing_value(x):
    # a call, operator, attribute or index applied to it is never made (fuzz 30-1503: was "no
    # implementation of np.int64() for argument types (noreturn)")
    if x == 7:
        w = np.int64(always_fails(x))
    a = always_fails(x)[0] if x == 11 else -x
    b = (always_fails(x) < 2) if x == 5 else True
    c = float(always_fails(x).sum()) + abs(always_fails(x)).real if x == 2 else 2.5
    if x == 3:
        v = always_fails(x)
        c = v if v else 0                     # its truth is never tested (fuzz 58-459)
    d = (1 if not always_fails(x) else 2) if x == 13 else 0
    return a + b + c + d


def test_always_raising_call_unifies_with_other_types():
    # a function whose every path raises types as `noreturn`, which unifies with any other type
    # (was: "cannot unify return types float64 and none")
    for fn in (returns_or_fails, assigns_or_fails, uses_the_failing_value):
        compiled = njit(fn)
        for x in (2, -1, 5, 7, 11, 3, 13):
            try:
                want = ("value", fn(x))
            except ValueError as exc:
                want = ("raise", str(exc))
            try:
                got = ("value", compiled(x))
            except ValueError as exc:
                got = ("raise", str(exc))
            assert got == want and type(got[1]) is type(want[1]), (fn.__name__, x)
    with pytest.raises(ValueError, match="no value"):
        njit(always_fails)(1)


def innermost(x):
    if x > 2:
        raise ValueError("deep")
    return x


def middle(x):
    y = x + 1
    return compiled_innermost(y) * 2


def outermost(x):
    total = 0
    for i in range(x):
        total += compiled_middle(i)
    return total


compiled_innermost = njit(innermost)
compiled_middle = njit(middle)


@pytest.mark.numjit_only
def test_nested_compiled_calls_show_every_users_line():
    frames = frames_of(lambda: njit(outermost)(4))
    assert frames[2:] == [(HERE, "outermost", "total += compiled_middle(i)"),
                          (HERE, "middle", "return compiled_innermost(y) * 2"),
                          (HERE, "innermost", 'raise ValueError("deep")')], frames
    assert njit(outermost)(2) == outermost(2)
