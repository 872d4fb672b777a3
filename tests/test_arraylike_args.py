"""Lists (nested, typed.List), tuples and numbers given to NumPy functions and methods where they
take arrays (numjit/typing/arraylike.py: the call is resolved again with them made arrays by
np.asarray), in compiled code vs. NumPy on the same inputs: sets, sorting, statistics, products,
joining, ufuncs; NumPy's dtypes (ints -> int64, ints and floats -> float64, bools -> bool)."""
import numpy as np
import pytest
from hypothesis import example, given, settings, strategies as st

from impl import njit
from numjit import typed
from numjit.errors import TypingError


def sets_and_sorting(x, t):
    return (np.unique(x), np.union1d(x, t), np.intersect1d(x, t), np.setdiff1d(x, t), np.setxor1d(t, x),
            np.isin(x, t), np.sort(t), np.argsort(x, kind="stable"), np.cumsum(x), np.diff(t),
            np.searchsorted([-1, 0, 2.5, 5], x), np.unique(t, return_counts=True))


def statistics(x, t):
    return (np.percentile(x, (25, 50, 90)), np.quantile(t, [0.1, 0.5]), np.median(x), np.mean(t),
            np.histogram(t, bins=[-10, 0, 2, 4, 8]), np.max(x), np.argmin(t), np.sum([x, x], axis=0, dtype=np.float32),
            np.cumprod(t), np.percentile(t, 40, method="lower"), np.searchsorted([0, 1, 1, 3], x, side="right"))


def products(x, t):
    m = [[1.0, 2.0], [3.0, -4.5]]                    # nested list built in compiled code
    return (np.dot(x, t), np.outer(x, t), np.kron(m, (1, 2)), np.convolve(x, t), np.polyval(x, 2.0),
            np.cross(x[:3], [0, 1, 0]), np.tensordot(m, [[1, 0], [2, 1]], 1), np.sum(m, axis=1),
            np.mean([(1.0, 2.0), (3.0, 4.0)], axis=0), np.concatenate((x, [7, 8])), np.vstack(([1, 2], (3, 4))),
            np.sqrt(np.abs(t)), np.add(x, t), np.where([True, False, True], 1, 0), np.clip(t, 0, 2),
            np.sum(([1, 2], [3, 4])), np.mean(([1, 2], (3.5, 4)), axis=0))       # a tuple of lists: 2-d


def methods(a, x):
    return (a.take(x), a.searchsorted([0.5, 3]), a.dot([1, 2, 3, 4]), np.bincount(x, weights=[0.5, 1, 2, 4]),
            np.cumsum(5), np.mean([a, a], axis=0), np.array([a, a], dtype=np.float32))     # a list of arrays: stacked


def _same(got, want):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            _same(g, w)
        return
    got, want = np.asarray(got), np.asarray(want)
    assert got.dtype == want.dtype and got.shape == want.shape, (got, want)
    assert np.allclose(got, want, equal_nan=True) if got.dtype.kind in "fc" else np.array_equal(got, want)


def test_lists_and_tuples_as_arrays():
    x, t = [3, 1, 4, 1, -2], (2.5, -1, 4.0, 0, 2.5)          # a list of ints, a mixed tuple: float64
    for fn in (statistics, products):
        _same(njit(fn)(x, t), fn(x, t))


def test_typed_lists_scalars_and_methods():
    a = np.array([0.0, 9.0, 1.0, 9.0, 2.0, 9.0, 4.0])[::2]       # non-contiguous
    _same(njit(methods)(a, [3, 0, 1, 1]), methods(a, [3, 0, 1, 1]))
    tl = typed.List([3.0, np.nan, -1.0])
    f = njit(lambda v, q: (np.median(v), np.sort(v), np.percentile(q, 50), np.unique([True, False, True]),
                           np.cumsum((True, False, True)), np.digitize(q, [0, 3])))
    got = f(tl, 2.5)
    _same(got, (np.median(list(tl)), np.sort(list(tl)), np.percentile(2.5, 50), np.unique([True, False, True]),
                np.cumsum((True, False, True)), np.digitize(2.5, [0, 3])))
    assert not isinstance(got[-1], np.ndarray)            # a 0-d result is a scalar, as NumPy's


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(-50, 50), min_size=1, max_size=12),
       st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=1, max_size=12))
@example([3, 1, 4, 1, -2], [2.5, -1.0, 4.0, 0.0, 2.5])
def test_arraylike_sets_hypothesis(ints, floats):
    _same(_compiled_sets(ints, floats), sets_and_sorting(ints, floats))


_compiled_sets = njit(sets_and_sorting)


def test_not_array_likes_stay_typing_errors():
    def strings(x):
        return np.sort(x)

    def into_list(v):
        np.put([1, 2, 3], [0], v)          # NumPy requires an array to put into

    for fn, arg in ((strings, ["b", "a"]), (into_list, 1.0)):
        with pytest.raises(TypingError, match=r"no implementation of np\.(sort|put)\(\)") as info:
            njit(fn)(arg)
        assert "test_arraylike_args.py" in str(info.value)
