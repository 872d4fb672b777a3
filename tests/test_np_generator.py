"""np.random.Generator passed into compiled code vs. NumPy's own methods on a twin Generator
(same seed): every value equal, and the Python-side bit generator state equal afterwards, for
several seeds and bit generators (PCG64, MT19937, Philox), shuffle / permutation / choice
included. Ziggurat tails and rejections are reached by drawing thousands of normals/exponentials; integers cover every range class (empty
range, < 2**32, exactly 2**32, 64-bit, all 2**64 values, endpoint=True). np.random.default_rng(seed)
called in compiled code gives NumPy's default_rng(seed) stream."""
import numpy as np
import pytest

from impl import njit


def same_state(x, y):
    """Bit generator states (dicts holding ints and arrays) equal."""
    if isinstance(x, dict):
        return x.keys() == y.keys() and all(same_state(x[k], y[k]) for k in x)
    return np.array_equal(x, y)


def draws(g):
    return (g.random(), g.random(7), g.random(size=(2, 3)), g.standard_normal(), g.standard_normal(4000),
            g.normal(), g.normal(1.5, 2.0), g.normal(-1.0, 0.5, (30, 2)), g.normal(scale=3.0, size=5),
            g.uniform(), g.uniform(-2, 5), g.uniform(1.0, 2.0, 9), g.uniform(high=3.0, size=(2, 2)),
            g.exponential(), g.exponential(2.5, 4000), g.standard_exponential(), g.standard_exponential(6),
            g.integers(10), g.integers(-5, 5, 20), g.integers(7, 8, 3), g.integers(0, 2**32, 5),
            g.integers(-2**40, 2**40, 6), g.integers(-2**63, 2**63 - 1, 4, endpoint=True),
            g.integers(3, size=(2, 2)), g.integers(0, 10, 5, endpoint=True), g.integers(1, 1000, 2000),
            g.integers(0, 2**62, 300))


def test_generator_streams_match_numpy():
    f = njit(draws)
    for make in (np.random.default_rng, lambda s: np.random.Generator(np.random.MT19937(s)),
                 lambda s: np.random.Generator(np.random.Philox(s))):
        for seed in (0, 1, 12345):
            mine, twin = make(seed), make(seed)
            got, want = f(mine), draws(twin)
            for g, w in zip(got, want):
                g, w = np.asarray(g), np.asarray(w)
                assert g.dtype == w.dtype and g.shape == w.shape, (g.dtype, w.dtype, g.shape, w.shape)
                assert np.array_equal(g, w)
            assert same_state(mine.bit_generator.state, twin.bit_generator.state)
            assert mine.random() == twin.random()        # and Python goes on from the same state


def walk(g, n):
    x = 0.0
    for _ in range(n):
        x += step(g)
    return x


def step(g):
    return g.normal(0.0, 1.0) + g.integers(0, 3)


def test_generator_through_calls_and_errors():
    f = njit(walk)
    mine, twin = np.random.default_rng(9), np.random.default_rng(9)
    assert f(mine, 1000) == walk(twin, 1000)
    assert same_state(mine.bit_generator.state, twin.bit_generator.state)
    bad = njit(lambda g, lo, hi, s: (g.integers(lo, hi), g.normal(0.0, s)))
    with pytest.raises(ValueError, match="low >= high"):
        bad(np.random.default_rng(0), 3, 3, 1.0)
    with pytest.raises(ValueError, match="scale < 0"):
        bad(np.random.default_rng(0), 0, 3, -1.0)
    pick = njit(lambda g, a, p: g.choice(a, 3, p=p))
    with pytest.raises(ValueError, match="do not sum to 1"):
        pick(np.random.default_rng(0), np.arange(3.0), np.array([0.5, 0.2, 0.2]))
    with pytest.raises(ValueError, match="same size"):
        pick(np.random.default_rng(0), np.arange(3.0), np.array([0.5, 0.5]))


def distributions(g):
    return (g.standard_gamma(0.5, 300), g.standard_gamma(3.0, 300), g.gamma(2.0, 3.0, 200), g.gamma(0.3),
            g.standard_gamma(1.0), g.beta(0.5, 0.7, 200), g.beta(2.0, 3.0, 200), g.chisquare(3.0, 100),
            g.f(2.0, 5.0, 100), g.noncentral_chisquare(3.0, 2.0, 100), g.noncentral_chisquare(0.5, 2.0, 100),
            g.noncentral_f(3.0, 4.0, 1.5, 100), g.standard_t(4.0, 100), g.standard_cauchy(100),
            g.lognormal(0.5, 0.3, 200), g.laplace(1.0, 2.0, 200), g.logistic(0.0, 1.0, 200), g.pareto(2.0, 200),
            g.power(3.0, 200), g.rayleigh(2.0, 200), g.weibull(1.5, 200), g.wald(1.0, 2.0, 200),
            g.triangular(0.0, 1.0, 3.0, 200), g.poisson(3.0, 200), g.poisson(50.0, 200), g.poisson(),
            g.negative_binomial(3.0, 0.4, 200), g.geometric(0.5, 100), g.geometric(0.05, 100),
            g.logseries(0.7, 200), g.zipf(2.5, 200))


def permutations(g, a, p):
    b = a.copy()
    g.shuffle(b)
    return (b, g.permutation(10), g.permutation(a), g.permutation(0), g.choice(5), g.choice(7, 10),
            g.choice(a, (2, 3)), g.choice(a), g.choice(a, 20, p=p), g.choice(4, 6, True, p[:4] / p[:4].sum()),
            g.choice(a, p=p))


def test_generator_distributions_and_permutations_match_numpy():
    f, p = njit(distributions), njit(permutations)
    for seed in (0, 5):
        mine, twin = np.random.default_rng(seed), np.random.default_rng(seed)
        for g, w in zip(f(mine), distributions(twin)):
            g, w = np.asarray(g), np.asarray(w)
            assert g.dtype == w.dtype and g.shape == w.shape and np.array_equal(g, w)
        a = np.arange(40.0)[::-1]
        weights = np.linspace(1.0, 3.0, 40)
        weights /= weights.sum()
        for g, w in zip(p(mine, a, weights), permutations(twin, a, weights)):
            g, w = np.asarray(g), np.asarray(w)
            assert g.dtype == w.dtype and g.shape == w.shape and np.array_equal(g, w)
        assert same_state(mine.bit_generator.state, twin.bit_generator.state)


def from_seed(seed):
    g = np.random.default_rng(seed)
    return draws(g) + distributions(g)


def test_default_rng_in_compiled_code():
    f = njit(from_seed)
    for seed in (0, 7, 2**33 + 5):
        twin = np.random.default_rng(seed)
        want = draws(twin) + distributions(twin)
        for g, w in zip(f(seed), want):
            g, w = np.asarray(g), np.asarray(w)
            assert g.dtype == w.dtype and g.shape == w.shape and np.array_equal(g, w)
    with pytest.raises(ValueError, match="non-negative"):
        f(-1)


def small_ints(g):
    return (g.integers(-100, 100, 50, dtype=np.int8), g.integers(0, 256, 33, dtype=np.uint8),
            g.integers(-128, 127, 9, dtype=np.int8, endpoint=True), g.integers(0, 1000, 17, dtype=np.int16),
            g.integers(0, 65536, 5, dtype=np.uint16), g.integers(0, 2, 70, dtype=np.bool_),
            g.integers(0, 1, 5, dtype=np.bool_, endpoint=True), g.integers(-2**31, 2**31, 7, dtype=np.int32),
            g.integers(0, 2**32, 7, dtype=np.uint32), g.integers(0, 2**40, 3, dtype=np.uint64),
            g.integers(5, 6, 4, dtype=np.int8), g.integers(7, dtype=np.int8), g.integers(0, 2, dtype=np.bool_),
            g.random(7, np.float32), g.random((2, 3), dtype=np.float32), g.random(dtype=np.float32))


def test_integers_of_every_dtype_and_float32_random():
    f = njit(small_ints)
    for seed in (0, 3):
        mine, twin = np.random.default_rng(seed), np.random.default_rng(seed)
        for g, w in zip(f(mine), small_ints(twin)):
            if isinstance(g, (int, bool, float)):   # a scalar comes back as a Python number
                assert g == w
                continue
            assert g.dtype == w.dtype and g.shape == w.shape and np.array_equal(g, w)
        assert same_state(mine.bit_generator.state, twin.bit_generator.state)
    bounded = njit(lambda g, lo, hi: g.integers(lo, hi, 3, dtype=np.int8))
    with pytest.raises(ValueError, match="low is out of bounds for int8"):
        bounded(np.random.default_rng(0), -200, 0)
    with pytest.raises(ValueError, match="high is out of bounds for int8"):
        bounded(np.random.default_rng(0), 0, 200)
