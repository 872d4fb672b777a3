"""np.random's legacy API compiled vs. NumPy's RandomState: the same numbers for the same seed,
draw for draw (several seeds, thousands of draws, every distribution), the per-thread state
(threads, prange), NumPy's errors for bad parameters.
"""
import threading

import numpy as np
import pytest

from impl import njit, impl_module

prange = impl_module.prange

R = np.random
SEEDS = [0, 1, 987654, 2**32 - 1]


def core(s, n):
    np.random.seed(s)
    return (np.random.random_sample(n), np.random.random(), np.random.sample((2, 3)), np.random.ranf(),
            np.random.rand(), np.random.rand(3, 2), np.random.randn(), np.random.randn(4),
            np.random.standard_normal(n), np.random.standard_normal(), np.random.normal(),
            np.random.normal(1.5, 2.0, n), np.random.normal(scale=3.0, size=(2, 2)),
            np.random.uniform(), np.random.uniform(-1, 3, n), np.random.uniform(high=5.0),
            np.random.randint(10), np.random.randint(0, 10, n), np.random.randint(-2**40, 2**40, n),
            np.random.randint(-3, 2**32 - 3, 5), np.random.randint(0, 2**32 + 1, 5),
            np.random.randint(-2**63, 2**63 - 1, 5), np.random.randint(7, 8, 3), np.random.randint(5, size=(2, 3)))


def numpy_core(s, n):
    rs = np.random.RandomState(s)
    return (rs.random_sample(n), rs.random_sample(), rs.random_sample((2, 3)), rs.random_sample(),
            rs.rand(), rs.rand(3, 2), rs.randn(), rs.randn(4),
            rs.standard_normal(n), rs.standard_normal(), rs.normal(),
            rs.normal(1.5, 2.0, n), rs.normal(scale=3.0, size=(2, 2)),
            rs.uniform(), rs.uniform(-1, 3, n), rs.uniform(high=5.0),
            rs.randint(10), rs.randint(0, 10, n), rs.randint(-2**40, 2**40, n),
            rs.randint(-3, 2**32 - 3, 5), rs.randint(0, 2**32 + 1, 5),
            rs.randint(-2**63, 2**63 - 1, 5), rs.randint(7, 8, 3), rs.randint(5, size=(2, 3)))


def distributions(R, n):
    return (R.standard_exponential(n), R.exponential(2.0, n), R.exponential(), R.standard_gamma(0.5, n),
            R.standard_gamma(3.5, n), R.gamma(2.0, 3.0, n), R.gamma(1.0, size=n), R.gamma(0.0, 1.0, 2),
            R.beta(0.5, 0.7, n), R.beta(2.0, 3.0, n), R.chisquare(3.0, n), R.f(3.0, 5.0, n),
            R.standard_t(4.0, n), R.standard_cauchy(n), R.pareto(2.0, n), R.weibull(1.5, n),
            R.power(2.0, n), R.rayleigh(2.0, n), R.wald(1.0, 2.0, n), R.lognormal(0.5, 0.3, n),
            R.laplace(1.0, 2.0, n), R.logistic(1.0, 2.0, n), R.gumbel(1.0, 2.0, n),
            R.triangular(0.0, 1.0, 3.0, n), R.vonmises(0.5, 2.0, n), R.vonmises(0.5, 1e-9, 3),
            R.binomial(10, 0.3, n), R.binomial(1000, 0.3, n), R.binomial(1000, 0.8, n),
            R.binomial(20, 0.9, n), R.binomial(0, 0.5, 2), R.negative_binomial(5, 0.3, n),
            R.poisson(3.0, n), R.poisson(50.0, n), R.poisson(0.0, 2), R.geometric(0.5, n),
            R.geometric(0.1, n), R.logseries(0.6, n), R.zipf(2.5, n), R.gamma(2.0), R.poisson(),
            R.binomial(5, 0.5), R.beta(a=2.0, b=0.5), R.standard_cauchy(),
            R.hypergeometric(10, 5, 7, n), R.hypergeometric(600, 500, 700, n), R.hypergeometric(3, 4, 5),
            R.multinomial(20, PVALS), R.multinomial(1000, PVALS, 5), R.multinomial(7, PVALS, (2, 3)),
            R.dirichlet(ALPHA), R.dirichlet(ALPHA, 4), R.dirichlet(ALPHA, (2, 2)),
            R.noncentral_chisquare(3.0, 2.0, n), R.noncentral_chisquare(0.5, 2.0, n),
            R.noncentral_chisquare(2.0, 0.0, 5), R.noncentral_chisquare(df=4, nonc=1),
            R.noncentral_chisquare(3.0, np.nan, 2), R.noncentral_chisquare(0.5, np.nan))  # NaN last: numba's
    # stream differs from NumPy's after a NaN nonc


PVALS = np.array([0.2, 0.5, 0.3])
ALPHA = np.array([0.5, 2.0, 3.0])


def compiled_distributions(s, n):
    np.random.seed(s)
    return distributions(np.random, n)


def same(got, want):
    assert len(got) == len(want)
    for k, (g, w) in enumerate(zip(got, want)):
        g, w = np.asarray(g), np.asarray(w)
        assert g.dtype == w.dtype or (g.ndim == 0 and g.dtype.kind == w.dtype.kind), (k, g.dtype, w.dtype)
        assert g.shape == w.shape, (k, g.shape, w.shape)
        assert np.array_equal(g, w, equal_nan=g.dtype.kind in "fc"), (k, g, w)


CORE = njit(core)


def test_core_streams_equal_numpy():
    f = CORE
    for s in SEEDS:
        same(f(s, 2000), numpy_core(s, 2000))
    same(f(3, 0), numpy_core(3, 0))


def test_every_distribution_equals_numpy():
    f = njit(compiled_distributions)
    for s in SEEDS[:3]:
        same(f(s, 1500), distributions(np.random.RandomState(s), 1500))


def sequences(s, n, a, b):
    np.random.seed(s)
    x = a.copy()
    np.random.shuffle(x)
    y = b.copy()
    np.random.shuffle(y)
    return (x, y, np.random.permutation(n), np.random.permutation(a), np.random.permutation(b),
            np.random.choice(n), np.random.choice(n, 7), np.random.choice(a, (2, 3)),
            np.random.choice(a, 4, False), np.random.choice(n, replace=False), np.random.choice(a),
            np.random.choice(n, 5, True, np.full(n, 1.0 / n)), np.random.choice(a, p=np.full(len(a), 1.0 / len(a))))


def numpy_sequences(s, n, a, b):
    rs = np.random.RandomState(s)
    x = a.copy()
    rs.shuffle(x)
    y = b.copy()
    rs.shuffle(y)
    return (x, y, rs.permutation(n), rs.permutation(a), rs.permutation(b),
            rs.choice(n), rs.choice(n, 7), rs.choice(a, (2, 3)),
            rs.choice(a, 4, False), rs.choice(n, replace=False), rs.choice(a),
            rs.choice(n, 5, True, np.full(n, 1.0 / n)), rs.choice(a, p=np.full(len(a), 1.0 / len(a))))


def test_shuffle_permutation_choice():
    f = njit(sequences)
    a = np.arange(10, 30, dtype=np.int32)[::2]              # strided
    b = np.asfortranarray(np.arange(24.0).reshape(6, 4))    # rows of an F array
    for s in SEEDS[:3]:
        same(f(s, 12, a, b), numpy_sequences(s, 12, a, b))


def test_seed_in_compiled_code_leaves_numpy_alone():
    np.random.seed(5)
    before = np.random.get_state()[1].copy()
    CORE(1, 10)
    assert np.array_equal(np.random.get_state()[1], before)


def unseeded(n):
    return np.random.random_sample(n)


def test_unseeded_thread_starts_from_entropy():
    f = njit(unseeded)
    results = []
    threads = [threading.Thread(target=lambda: results.append(f(4))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not np.array_equal(results[0], results[1])
    assert all(((r >= 0) & (r < 1)).all() for r in results)


def seeded_in_prange(n):
    out = np.empty((n, 3))
    for i in prange(n):
        np.random.seed(i)
        for j in range(3):
            out[i, j] = np.random.normal()
    return out


def seeded_stream(s, n):
    np.random.seed(s)
    total = 0.0
    for _ in range(n):
        total += np.random.standard_gamma(2.5) + np.random.randint(0, 5)
    return total


def test_state_per_thread():
    par = njit(parallel=True)(seeded_in_prange)
    want = np.array([np.random.RandomState(i).normal(size=3) for i in range(64)])
    assert np.array_equal(par(64), want)
    f = njit(nogil=True)(seeded_stream)
    results = {}

    def work(s):
        results[s] = f(s, 20000)
    threads = [threading.Thread(target=work, args=(s,)) for s in (11, 12, 13)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in (11, 12, 13):
        rs = np.random.RandomState(s)
        total = 0.0
        for _ in range(20000):
            total += rs.standard_gamma(2.5) + rs.randint(0, 5)
        assert results[s] == total


def bad(which, x):
    if which == 0:
        np.random.seed(x)
    elif which == 1:
        np.random.randint(x, 3)
    elif which == 2:
        np.random.normal(0.0, x)
    elif which == 3:
        np.random.binomial(5, x)
    elif which == 4:
        np.random.poisson(x)
    elif which == 5:
        np.random.choice(x, 4, False)
    elif which == 6:
        np.random.beta(x, 1.0)
    elif which == 7:
        np.random.triangular(x, 0.0, 1.0)
    elif which == 8:
        np.random.noncentral_chisquare(x, 1.0)
    elif which == 9:
        np.random.noncentral_chisquare(1.0, x)
    return 0


BAD = njit(bad)


@pytest.mark.parametrize("which, x, exc", [(0, -1, ValueError), (0, 2**32, ValueError), (1, 3, ValueError),
                                           (2, -1, ValueError), (3, 2, ValueError), (4, -1, ValueError),
                                           (5, 3, ValueError), (6, 0, ValueError), (7, 2, ValueError),
                                           (8, 0, ValueError), (9, -1, ValueError)],
                         ids=["seed<0", "seed>2**32", "low>=high", "scale<0", "p>1", "lam<0",
                              "choice-too-many", "beta-a<=0", "left>mode", "noncentral-df<=0",
                              "noncentral-nonc<0"])
def test_errors_as_numpy(which, x, exc):
    with pytest.raises(exc) as got:
        BAD(which, x)
    args = (x, 4, False) if which == 5 else None
    with pytest.raises(exc) as want:
        rs = np.random.RandomState(0)
        [lambda: rs.seed(x), lambda: rs.randint(x, 3), lambda: rs.normal(0.0, x), lambda: rs.binomial(5, x),
         lambda: rs.poisson(x), lambda: rs.choice(*args), lambda: rs.beta(x, 1.0),
         lambda: rs.triangular(x, 0.0, 1.0), lambda: rs.noncentral_chisquare(x, 1.0),
         lambda: rs.noncentral_chisquare(1.0, x)][which]()
    assert str(got.value) == str(want.value)
