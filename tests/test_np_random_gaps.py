"""np.random gaps closed in session 6, compiled vs. NumPy on twin generators (same seed), every
value equal and the bit generator's state equal afterwards: Generator.hypergeometric (both of its
algorithms, number and array parameters) and the legacy one through the same method; Generator
dirichlet (the gamma path and the small-alpha stick-breaking path, zeros in alpha); Generator beta's
tiny-parameter and underflow branches (NumPy 2); 0-d array parameters (read as numbers, as NumPy);
NumPy's errors, in NumPy's order, before any draw."""
import warnings

import numpy as np
import pytest

from impl import njit
from test_np_generator import same_state
from test_np_random import same

GOOD = np.array([5, 500, 30, 3, 0, 2000])
BAD = np.array([[4], [400]])
ALPHAS = (np.array([1.0, 2.0, 3.0]), np.array([0.01, 0.05, 0.02]), np.array([0.05, 0.0]), np.array([0.0, 0.0]),
          np.array([0.5, 0.0, 2.0]), np.array([0.0, 0.0, 0.01]), np.array([1e-300, 1e-300]), np.array([np.nan, 1.0]),
          np.array([], dtype=np.float64))


def generator_draws(g, good, bad, a0, a1, a2, a3, a4, a5, a6, a7, a8):
    return (g.hypergeometric(5, 4, 3, 20), g.hypergeometric(500, 400, 300, 20), g.hypergeometric(30, 30, 55, 20),
            g.hypergeometric(3, 400, 12, 20), g.hypergeometric(10, 10, 10), g.hypergeometric(2000, 10, 15, 20),
            g.hypergeometric(0, 5, 3, 4), g.hypergeometric(5, 5, 0, 4), g.hypergeometric(good, bad, 3),
            g.hypergeometric(good, 40, np.array(11), (3, 6)), g.hypergeometric(np.array(20), np.array(5), 12),
            g.dirichlet(a0, 3), g.dirichlet(a1, (2, 2)), g.dirichlet(a2, 3), g.dirichlet(a3, 2), g.dirichlet(a4),
            g.dirichlet(a5, 3), g.dirichlet(a6, 3), g.dirichlet(a7, 2), g.dirichlet(a8, 2),
            g.beta(1e-300, 1e-300, 20), g.beta(1e-200, 1e-250, 20), g.beta(1e-300, 0.5, 20),
            g.beta(0.001, 0.002, 50), g.beta(0.5, 0.5, 20), g.beta(2.0, 0.1, 5),
            g.normal(np.array(1.0), 2.0), g.normal(np.array(1.0), np.array(2.0), 3), g.poisson(np.array(3.0)),
            g.binomial(np.array(10), np.array(0.5), (2, 2)))


def legacy_draws(r, good, bad):
    return (r.hypergeometric(5, 4, 3, 20), r.hypergeometric(600, 500, 700, 20), r.hypergeometric(3, 4, 5),
            r.hypergeometric(good[:4] + 1, bad, 3), r.hypergeometric(np.array(20), 5, np.array(12), 4),
            r.beta(1e-300, 1e-300, 20), r.beta(0.001, 0.002, 20), r.normal(np.array(1.0), 2.0),
            r.exponential(np.array(2.0), 3), r.binomial(np.array(10), 0.5))


def legacy_seeded(s, good, bad):
    np.random.seed(s)
    return legacy_draws(np.random, good, bad)


def test_generator_hypergeometric_dirichlet_beta_match_numpy():
    f = njit(generator_draws)
    for seed in (0, 1, 7):
        mine, twin = np.random.default_rng(seed), np.random.default_rng(seed)
        same(f(mine, GOOD, BAD, *ALPHAS), generator_draws(twin, GOOD, BAD, *ALPHAS))
        assert same_state(mine.bit_generator.state, twin.bit_generator.state)


def test_legacy_hypergeometric_and_0d_parameters_match_numpy():
    f = njit(legacy_seeded)
    for seed in (0, 5):
        same(f(seed, GOOD, BAD), legacy_draws(np.random.RandomState(seed), GOOD, BAD))


def bad_draw(g, which, x):
    if which < 6:
        ngood, nbad, nsample = ((-1, 2, 1), (2, -1, 1), (2, 2, -1), (2, 2, 5), (-1, -1, -1), (10 ** 9, 1, 1))[which]
        return g.hypergeometric(ngood, nbad, nsample) * 1.0
    if which == 6:
        return g.hypergeometric(np.array([2, int(x)]), 2, 1).sum() * 1.0
    if which == 7:
        return g.dirichlet(np.array([1.0, x])).sum()
    return g.normal(np.array(0.0), np.array(x))


BAD_DRAW = njit(bad_draw)


@pytest.mark.parametrize("which, x", [(0, 0.0), (1, 0.0), (2, 0.0), (3, 0.0), (4, 0.0), (5, 0.0), (6, -1.0),
                                      (7, -1.0), (8, -1.0)])
def test_generator_errors_as_numpy_and_no_draw(which, x):
    mine, twin = np.random.default_rng(4), np.random.default_rng(4)
    with pytest.raises(ValueError) as got:
        BAD_DRAW(mine, which, x)
    with pytest.raises(ValueError) as want:
        bad_draw(twin, which, x)
    assert str(got.value) == str(want.value)
    assert same_state(mine.bit_generator.state, twin.bit_generator.state)


def legacy_bad(which, x):
    np.random.seed(2)
    if which == 0:
        return np.random.hypergeometric(2, 2, int(x)) * 1.0
    if which == 1:
        return np.random.hypergeometric(-1, 2, 1) * 1.0
    if which == 2:
        return np.random.hypergeometric(np.array([3, int(x)]), 2, 1).sum() * 1.0
    return np.random.dirichlet(np.array([1.0, x])).sum()


def test_legacy_errors_as_numpy():
    f = njit(legacy_bad)
    for which, x in ((0, 0.0), (0, 5.0), (1, 0.0), (2, -3.0), (3, 0.0)):
        with pytest.raises(ValueError) as got:
            f(which, x)
        with pytest.raises(ValueError) as want:
            legacy_bad(which, x)
        assert str(got.value) == str(want.value)


LOW, HIGH = np.array([0, 5, -3]), np.array([[10], [20], [2 ** 33]])


def integer_draws(g, lo, hi):
    return (g.integers(lo, hi), g.integers(0, hi), g.integers(hi), g.integers(lo, 10, (4, 3)),
            g.integers(lo, 10, endpoint=True), g.integers(np.array(2), 9, 3), g.integers(np.array(2), np.array(9)),
            g.integers(lo, 100, dtype=np.int8), g.integers(lo + 3, 300, dtype=np.uint16),
            g.integers(np.array([0, 1, 0]), 1, dtype=np.bool_, endpoint=True), g.integers(lo, 100, dtype=np.int32),
            g.integers(np.array([1, 2]), 5, size=0), g.integers(lo[:0], 5), g.integers(5, 3, size=(2, 0)),
            g.integers(np.asfortranarray(hi.T), 2 ** 40), g.integers(lo[::-2], np.array([7]), endpoint=True))


def test_integers_with_array_bounds_match_numpy():
    f = njit(integer_draws)
    for seed in (0, 1, 2):
        mine, twin = np.random.default_rng(seed), np.random.default_rng(seed)
        same(f(mine, LOW, HIGH), integer_draws(twin, LOW, HIGH))
        assert same_state(mine.bit_generator.state, twin.bit_generator.state)


def bad_integers(g, which):
    if which == 0:
        return g.integers(np.array([0, 0])).sum()
    if which == 1:
        return g.integers(np.array([1, 2]), np.array([1, 5])).sum()
    if which == 2:
        return g.integers(np.array([-1, 2]), 5, dtype=np.uint8).astype(np.int64).sum()
    if which == 3:
        return g.integers(0, np.array([5, 300]), dtype=np.uint8).astype(np.int64).sum()
    if which == 4:
        return g.integers(np.array([0, 0]), -1, endpoint=True).sum()
    return g.integers(0)


def test_integers_errors_as_numpy():
    f = njit(bad_integers)
    for which in range(6):
        mine, twin = np.random.default_rng(4), np.random.default_rng(4)
        with pytest.raises(ValueError) as got:
            f(mine, which)
        with pytest.raises(ValueError) as want:
            bad_integers(twin, which)
        assert str(got.value) == str(want.value)
        assert same_state(mine.bit_generator.state, twin.bit_generator.state)


def made_generator(s, n):
    g = np.random.default_rng(s)
    g.integers(0, 10, n)                  # an odd count leaves a buffered 32-bit half
    return g


def passed_generator(g, s):
    g.normal(size=3)
    return g, np.random.default_rng(s), (g, 5)


def test_generators_returned_to_python():
    f, h = njit(made_generator), njit(passed_generator)
    for seed in (0, 1, 7):
        for n in (0, 1, 3):
            mine, twin = f(seed, n), made_generator(seed, n)
            assert type(mine) is np.random.Generator
            assert same_state(mine.bit_generator.state, twin.bit_generator.state)
            assert np.array_equal(mine.random(5), twin.random(5))
            assert np.array_equal(mine.integers(0, 10, 5), twin.integers(0, 10, 5))
    g, twin = np.random.default_rng(3), np.random.default_rng(3)
    back, fresh, (again, five) = h(g, 9)
    passed_generator(twin, 9)
    assert back is g and again is g and five == 5
    assert same_state(g.bit_generator.state, twin.bit_generator.state)
    assert same_state(fresh.bit_generator.state, np.random.default_rng(9).bit_generator.state)


def legacy_integers(s):
    np.random.seed(s)
    return (np.random.random_integers(1, 5, 3), np.random.random_integers(5), np.random.random_integers(3, size=(2, 2)),
            np.random.random_integers(-4, -4, 2), np.random.randint(1, 6, 4))


def legacy_integers_error(which):
    np.random.seed(0)
    if which == 0:
        return np.random.randint(0)
    if which == 1:
        return np.random.randint(3, 3)
    return np.random.random_integers(5, 3)


def test_legacy_random_integers_and_randint_messages():
    f, g = njit(legacy_integers), njit(legacy_integers_error)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for seed in (0, 4):
            same(f(seed), legacy_integers(seed))
        for which in range(3):
            with pytest.raises(ValueError) as got:
                g(which)
            with pytest.raises(ValueError) as want:
                legacy_integers_error(which)
            assert str(got.value) == str(want.value)
