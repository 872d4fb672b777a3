"""prange privacy by liveness (numba's rule): a variable the enclosing function also assigns is
private to each iteration when every iteration assigns it before reading it — an inner loop's
target included — and the value the loop leaves is never read. pynndescent's candidate building
reuses an inner loop's index this way. Compiled results are compared with plain Python."""
import numpy as np
import pytest

from impl import impl_module, njit, UnsupportedError

prange = impl_module.prange


def blocks(counts, n_threads, rounds):
    """pynndescent's shapes: `b` is an inner loop index inside prange, and reused by a serial loop
    after it, in an outer loop (so the serial loop's `b` reaches the prange on the next round);
    `i` is a prange index, an inner index, then a prange index again; `lo, hi` are unpacked in
    one branch of each iteration and in a later prange."""
    bounds = np.zeros((n_threads, n_threads + 1), np.int64)
    out = np.zeros(rounds + counts.shape[0], np.int64)
    for i in prange(counts.shape[0]):
        out[rounds + i] = counts[i] % 3
    for r in range(rounds):
        for t in prange(n_threads):
            for b in range(n_threads + 1):
                bounds[t, b] = 0
            for i in range(counts.shape[0]):
                owner = (counts[i] + r) % n_threads
                if owner != t:
                    bounds[t, owner + 1] += 1
            if t % 2 == 0:
                lo, hi = t, t + 1
                bounds[t, 0] += hi - lo
        total = 0
        for t in range(n_threads):
            for b in range(n_threads):
                c = bounds[t, b + 1]
                bounds[t, b] = total
                total += c
        out[r] = total
    for i in prange(counts.shape[0]):
        lo, hi = counts[i], 2 * counts[i]
        out[rounds + i] += hi - lo
    return out


def read_after(n):
    b = -1
    for t in prange(n):
        for b in range(3):
            pass
    return b                            # the value the loop leaves is read: not private


def test_inner_loop_target_is_private_when_dead_after_the_loop():
    counts = np.random.default_rng(0).integers(0, 50, 200)
    for n_threads in (1, 3, 4):
        np.testing.assert_array_equal(njit(parallel=True)(blocks)(counts, n_threads, 3),
                                      blocks(counts, n_threads, 3))


@pytest.mark.numjit_only
def test_a_value_read_after_the_loop_is_not_private():
    with pytest.raises(UnsupportedError):
        njit(parallel=True)(read_after)(4)
