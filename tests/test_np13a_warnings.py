"""warnings.warn(message, category) in compiled code (constant and run-time messages, the
caller's line, a filter turning it into an error), and Generator.multivariate_normal /
np.random.multivariate_normal(check_valid='warn') warning as NumPy does on a covariance that is
not positive-semidefinite, with NumPy's numbers for the same seed.
"""
import sys
import warnings

import numpy as np
import pytest

from impl import njit

pytestmark = pytest.mark.numjit_only         # numba has no warnings.warn


def warner(x):
    warnings.warn("constant", RuntimeWarning)
    warnings.warn("plain")
    warnings.warn("x is " + str(x), DeprecationWarning)
    return x + 1


def test_warnings_warn():
    f = njit(warner)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert f(4) == 5
        line = sys._getframe().f_lineno - 1                # the compiled function's caller
    assert [(str(w.message), w.category) for w in caught] == [
        ("constant", RuntimeWarning), ("plain", UserWarning), ("x is 4", DeprecationWarning)]
    assert all(w.filename == __file__ and w.lineno == line for w in caught)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(RuntimeWarning, match="constant"):
            f(1)
    with pytest.raises(Exception, match="warn"):
        njit(lambda: warnings.warn("x", ValueError))()        # not a Warning class


def normals(seed, cov, check):
    g = np.random.default_rng(seed)
    if check == "warn":
        return g.multivariate_normal(np.zeros(2), cov, 3), g.multivariate_normal(np.zeros(2), cov, 2, method="eigh")
    return (g.multivariate_normal(np.zeros(2), cov, 3, check_valid="ignore"),
            g.multivariate_normal(np.zeros(2), cov, 2, check_valid="ignore", method="eigh"))


def legacy(seed, cov):
    np.random.seed(seed)
    return np.random.multivariate_normal(np.zeros(2), cov, 4)


def test_multivariate_normal_warns():
    cov = np.array([[1.0, 2.0], [2.0, 1.0]])                    # not positive-semidefinite
    f, g = njit(normals), njit(legacy)
    for fn, args in ((f, (7, cov, "warn")), (g, (7, cov)), (f, (7, np.eye(2), "warn"))):
        results = []
        for run in (fn, fn.py_func):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                results.append(run(*args))
            results.append([(str(w.message), w.category) for w in caught])
        got, got_warned, want, want_warned = results
        assert got_warned == want_warned
        for x, y in zip(got if isinstance(got, tuple) else (got,), want if isinstance(want, tuple) else (want,)):
            assert np.allclose(x, y, rtol=1e-12, atol=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        f(3, cov, "ignore")[0]                                  # check_valid='ignore': silent
        with pytest.raises(RuntimeWarning, match="positive-semidefinite"):
            f(3, cov, "warn")
