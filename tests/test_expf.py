"""float32 exp (numjit/backend/expf.py: inline IR on the CPU) against exp computed in double and
rounded: at most 1 ulp off, exact at the special values, the same bits in scalar and vector code."""
import math

import numpy as np
import pytest

from impl import njit


def exp_loop(out, x):
    for i in range(len(x)):
        out[i] = math.exp(x[i])


def exp_scalar(x):
    return math.exp(x)


SPECIAL = [0.0, -0.0, np.inf, -np.inf, np.nan, 1e-30, -1e-30, 1e-7, -1e-7, 88.72283, 88.72284,
           88.7228391, 89.0, 100.0, -87.33654, -87.33655, -100.0, -103.9720, -103.9721, -104.0, -150.0]


def ulps(got, want):
    return np.abs(got.view(np.int32).astype(np.int64) - want.view(np.int32).astype(np.int64))


@pytest.mark.numjit_only
def test_float32_exp_within_one_ulp():
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.uniform(-110, 90, 400_000), rng.uniform(-1, 1, 100_000),
                        rng.uniform(-104, -86, 100_000), SPECIAL]).astype(np.float32)
    out = np.empty_like(x)
    njit(exp_loop)(out, x)
    with np.errstate(over="ignore"):
        want = np.exp(x.astype(np.float64)).astype(np.float32)
    nan = np.isnan(want)
    assert np.isnan(out[nan]).all()
    d = ulps(out[~nan], want[~nan])
    assert d.max() <= 1
    assert (d > 0).mean() < 0.1
    k = len(SPECIAL)
    np.testing.assert_array_equal(out[-k:], want[-k:])            # exact where it matters
    np.testing.assert_array_equal(np.signbit(out[-k:]), np.signbit(want[-k:]))
    scalar = njit(exp_scalar)
    picks = np.concatenate([x[:: 4999], x[-k:]])
    got = np.array([scalar(v) for v in picks], dtype=np.float32)     # float32 in, float32 out
    np.testing.assert_array_equal(got, np.concatenate([out[:: 4999], out[-k:]]))
