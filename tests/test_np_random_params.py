"""np.random.Generator and the legacy np.random functions beyond one-number parameters, compiled
vs. NumPy on twin generators (same seed): every value equal and the bit generator's state equal
afterwards. Array parameters broadcast as NumPy's (with and without size=), binomial in every
regime, choice without replacement (Floyd's set, the tail shuffle of large populations, p=,
shuffle=False, axis=), shuffle / permutation along an axis, multinomial, float32 normals/exponentials/gammas and method='inv', NaN and -0.0 parameters
checked as NumPy checks them, NumPy's errors raised before any draw."""
import numpy as np
import pytest

from impl import njit
from test_np_generator import same_state
from test_np_random import same


LOC = np.array([0.0, 1.0, -2.0])
SCALE = np.array([[1.0], [0.5]])                      # broadcasts with LOC to (2, 3)
LAM = np.array([0.5, 3.0, 12.0, 40.0])
NS = np.array([0, 5, 40, 1000])
PS = np.array([[0.0], [0.2], [0.5], [0.9], [1.0]])   # with NS: (5, 4), every binomial branch
SHAPES = np.asfortranarray(np.array([[0.5, 1.0], [2.5, 0.0]]))


def generator_params(g, loc, scale, lam, ns, ps, shapes):
    return (g.normal(loc, scale), g.normal(loc, 2.0, (4, 3)), g.binomial(ns, ps), g.gamma(shapes, 2.0),
            g.triangular(loc, loc + 1.0, loc + 2.0), g.uniform(-1.0, 2.0, 3), g.poisson(lam[2], 5),
            g.binomial(1000, 0.4, 30), g.binomial(20, 0.7, 30), g.binomial(7, 0.5), g.binomial(0, 0.5),
            g.binomial(5, 0.0, 3), g.vonmises(0.5, 2e6, 3), g.gumbel(1.0, 2.0, 5), g.gamma(np.nan),
            g.negative_binomial(3.0, 0.5, 4), g.noncentral_f(3.0, 4.0, 1.5, 5), g.weibull(0.0))


def legacy_params(s, loc, scale, lam, ns, ps, shapes):
    np.random.seed(s)
    return legacy_draws(np.random, loc, scale, lam, ns, ps, shapes)


def legacy_draws(r, loc, scale, lam, ns, ps, shapes):
    return (r.normal(loc, scale), r.binomial(ns, ps), r.standard_normal((2, 2)), r.noncentral_f(3.0, 4.0, 1.5, 5),
            r.vonmises(0.5, 2.0, 5), r.gamma(np.nan), r.uniform(1.0, 0.0, 3))


def test_array_parameters_match_numpy():
    f, legacy = njit(generator_params), njit(legacy_params)
    args = (LOC, SCALE, LAM, NS, PS, SHAPES)
    for seed in (0, 3):
        mine, twin = np.random.default_rng(seed), np.random.default_rng(seed)
        same(f(mine, *args), generator_params(twin, *args))
        assert same_state(mine.bit_generator.state, twin.bit_generator.state)
        same(legacy(seed, *args), legacy_draws(np.random.RandomState(seed), *args))


def choices(g, a, m, p, big):
    return (g.choice(10, 4, replace=False), g.choice(10, 10, False), g.choice(a, 5, replace=False),
            g.choice(a, (2, 3), False, shuffle=False), g.choice(12000, 1000, replace=False),
            g.choice(12000, 100, replace=False), g.choice(big, 700, replace=False, shuffle=False),
            g.choice(len(p), 3, replace=False, p=p), g.choice(a[:len(p)], (2, 2), False, p),
            g.choice(7, replace=False), g.choice(a, replace=False), g.choice(m, 2, axis=1),
            g.choice(m, 2, replace=False, axis=0), g.choice(m), g.choice(m, axis=1),
            g.choice(0, 0, replace=False), g.binomial(50, 0.25, 5), g.permutation(m, axis=1), g.permutation(m),
            g.multinomial(20, p), g.multinomial(1000, p, 4), g.multinomial(0, p, (2, 2)),
            shuffled(g, m, 0), shuffled(g, np.asfortranarray(m), -1))


def shuffled(g, m, axis):
    x = m.copy()
    g.shuffle(x, axis)
    return x


def test_choice_without_replacement_matches_numpy():
    f = njit(choices)
    a = np.arange(100, 140, dtype=np.int32)[::2]
    m = np.arange(12.0).reshape(3, 4)
    p = np.array([0.1, 0.0, 0.3, 0.05, 0.25, 0.3])
    big = np.arange(20000)
    for seed in (0, 1):
        mine, twin = np.random.default_rng(seed), np.random.default_rng(seed)
        same(f(mine, a, m, p, big), choices(twin, a, m, p, big))
        assert same_state(mine.bit_generator.state, twin.bit_generator.state)


def floats(g):
    return (g.standard_normal(30000, np.float32), g.standard_exponential(30000, dtype=np.float32),
            g.standard_exponential(500, method="inv"), g.standard_exponential(500, np.float32, "inv"),
            g.standard_normal(dtype=np.float32), g.standard_exponential(dtype="float32"),
            g.standard_normal((2, 2), dtype=np.float64), g.random(3, np.float32),
            g.standard_gamma(0.5, 3000, np.float32), g.standard_gamma(3.0, 3000, dtype=np.float32),
            g.standard_gamma(np.array([1.0, 0.0, 2.5]), dtype=np.float32), g.standard_gamma(2.0, dtype=np.float64))


def test_float32_draws_match_numpy():
    f = njit(floats)
    for seed in (0, 2):
        mine, twin = np.random.default_rng(seed), np.random.default_rng(seed)
        same(f(mine), floats(twin))
        assert same_state(mine.bit_generator.state, twin.bit_generator.state)


def bad(g, which, x):
    if which == 0:
        return g.normal(np.zeros(3), x).sum()
    if which == 1:
        return g.binomial(np.array([3, int(x)]), 0.5).sum() * 1.0
    if which == 2:
        return g.choice(5, int(x), replace=False).sum() * 1.0
    if which == 3:
        return g.choice(3, 3, False, np.array([0.5, 0.5, x])).sum() * 1.0
    if which == 4:
        return g.uniform(x, 0.0)
    if which == 5:
        return g.negative_binomial(x, 0.5) * 1.0
    if which == 6:
        return g.multinomial(int(x), np.array([0.5, 1.5])).sum() * 1.0
    return g.normal(0.0, x)


BAD = njit(bad)


@pytest.mark.parametrize("which, x", [(0, -1.0), (1, -2.0), (2, 6.0), (3, 0.0), (4, 1.0), (5, np.nan), (6, -1.0),
                                      (7, -0.0)])
def test_errors_as_numpy_and_no_draw(which, x):
    f = BAD
    mine, twin = np.random.default_rng(4), np.random.default_rng(4)
    with pytest.raises(ValueError) as got:
        f(mine, which, x)
    with pytest.raises(ValueError) as want:
        bad(twin, which, x)
    assert str(got.value) == str(want.value)
    assert same_state(mine.bit_generator.state, twin.bit_generator.state)
