"""numjit's cache of freed blocks (runtime/blockcache.py): a kernel that makes the same large
temporaries on every call reuses mapped memory (no page faults after the first call), small blocks
(lists unboxed from Python, small arrays) are recycled by size class, reused
memory never leaks old contents into np.zeros/np.ones results, blocks of other sizes are not
mixed up, threads share the cache safely, and the counts of allocations and frees stay exact
(conftest checks them after every test). Results compared with NumPy on the same inputs.
"""
import os
import resource
import subprocess
import sys

import numpy as np
import pytest
from numjit import njit, prange

pytestmark = pytest.mark.numjit_only

N = 1 << 16                     # 512 KiB of float64: above glibc's first mmap threshold


def temporaries(a):
    u, v = a.copy(), a.copy()
    w, z = np.empty_like(a), np.empty_like(a)
    for i in range(a.size):
        w[i] = u[i] * 2.0
        z[i] = v[i] + w[i]
    return z.sum()


def many_blocks(n, k):
    blocks = [np.empty(n) for _ in range(k)]
    return len(blocks)


def test_repeated_temporaries_do_not_page_fault():
    f = njit(temporaries)
    a = np.random.default_rng(1).integers(0, 100, N).astype(np.float64)   # exact sums
    assert f(a) == temporaries(a)
    f(a)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(20):
        f(a)
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
    # without the cache glibc hands back trimmed or unmapped pages: 4 x 128 pages per call
    assert faults < 20 * 16, faults


def dirty(n):
    a = np.empty(n)
    a[:] = 7.5
    return a


def zeros_ones(n):
    return np.zeros(n), np.ones((n, 2), np.float32), np.zeros(n // 3 + 1, np.int16)


@pytest.mark.skipif("NUMJIT_ALLOC_CACHE_MB" in os.environ, reason="the default bound is assumed")
def test_cache_follows_the_working_set():
    from numjit.runtime.memory import cached_bytes
    f = njit(temporaries)
    a = np.ones(N)
    def block(n):                  # the page-rounded block of n float64 (a page to spare: placement)
        return (8 * n + 64 + 4096 + 4095) // 4096 * 4096
    g = njit(many_blocks)
    for _ in range(2):
        assert g(4 * N, 16) == 16                    # 16 blocks of 2 MB: every slot taken
    assert cached_bytes()[1] == 16 * block(4 * N)
    for _ in range(2):
        assert f(a) == temporaries(a)
    assert cached_bytes()[1] == 12 * block(4 * N) + 4 * block(N)   # 2 MB blocks made room for these
    for _ in range(2):
        assert g(8 * N, 24) == 24                    # 24 blocks of 4 MB: more bytes than it holds
    assert 48 << 20 < cached_bytes()[1] <= 64 << 20


def test_reused_blocks_are_filled_afresh():
    f, g = njit(dirty), njit(zeros_ones)
    for n in (N, N + 1, 3 * N, N // 2, 3, 17, 100):
        for _ in range(3):
            assert (f(n) == 7.5).all()           # freed at once: its block goes to the cache
            expected = zeros_ones(n)
            got = g(n)
            for x, y in zip(got, expected):
                assert x.dtype == y.dtype and x.shape == y.shape
                np.testing.assert_array_equal(x, y)


def sizes_mixed(sizes):
    total = 0.0
    for k in range(sizes.size):
        a = np.full(sizes[k], float(k))
        b = np.arange(sizes[k] + 5).astype(np.float64)
        total += a.sum() + b[-1] + a.size
    return total


def test_blocks_of_other_sizes_are_not_mixed_up():
    sizes = np.array([N, 2 * N, N, N + 512, 4 * N, N, 40, N + 512, 2 * N, 0, N, 1, 9, 1, 120, 9, 0])
    assert njit(sizes_mixed)(sizes) == sizes_mixed(sizes)


def threaded(n, rounds):
    out = np.zeros(rounds)
    for r in prange(rounds):
        t = np.full(n, r + 1.0)
        u = t * 2.0
        out[r] = u.sum() - t.sum()
    return out


def test_threads_share_the_cache():
    f = njit(parallel=True)(threaded)
    for n in (N // 2 + 7, 3, 60):
        for _ in range(3):
            np.testing.assert_array_equal(f(n, 256), threaded(n, 256))


def unboxed_lists(rows):
    total = 0.0
    for r in rows:
        for x in r:
            total += x
    rows[0].append(total)
    return total


def test_lists_of_lists_reuse_small_blocks():
    f = njit(unboxed_lists)
    for k in (1, 2, 5):
        rows = [[float(i)] * k for i in range(3000)]
        expected = [list(r) for r in rows]
        for _ in range(3):
            want = unboxed_lists(expected)
            assert f(rows) == want and rows == expected


def test_cache_off_by_environment(tmp_path):
    script = tmp_path / "off.py"
    script.write_text("import numpy as np\nfrom numjit import njit\n"
                      "from numjit.runtime.memory import allocation_stats\n"
                      "f = njit(lambda n: np.ones(n).sum())\n"
                      "print(sum(f(1 << 16) for _ in range(5)), allocation_stats())\n")
    env = dict(os.environ, NUMJIT_ALLOC_CACHE_MB="0")
    out = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    total, counts = out.stdout.split(" ", 1)
    assert float(total) == 5 * float(1 << 16)
    assert counts.strip() == "(5, 5)"


def string_then_array(k, m):
    s = "ab" * k                     # strings above the pool's classes come from malloc
    t = "cd" * k                     # (likely just after s in the heap)
    s = ""                           # s's block is freed (cached)
    a = np.ones(m)                   # and taken by an array of its size class
    return len(t), t[0], t[-1], a.sum()


def test_strings_and_arrays_share_blocks_safely():
    f = njit(string_then_array)
    for k in (130, 300, 480):
        for m in range(k // 4, k // 4 + 40):
            assert f(k, m) == string_then_array(k, m)


def grids(a, k):
    out = [a.copy() for _ in range(k)]
    for g in out:
        g[0] += 1.0
    return out


def test_large_arrays_do_not_share_page_offsets():
    # same-size arrays made together start at different offsets into their pages (4K aliasing
    # between one's stores and another's loads), 64-byte aligned, and hold the right data
    f = njit(grids)
    a = np.arange(N, dtype=np.float64).reshape(256, -1)
    for _ in range(3):                      # fresh blocks, then blocks from the cache
        out = f(a, 4)
        assert [g.ctypes.data % 64 for g in out] == [0] * 4
        assert len({g.ctypes.data % 4096 for g in out}) == 4
        for g in out:
            np.testing.assert_array_equal(g, grids(a, 1)[0])
            assert g.flags.c_contiguous and g.flags.owndata is False
        del out


def test_small_arrays_keep_their_place():
    f = njit(grids)
    a = np.arange(100.0)
    out = f(a, 3)
    assert [g.ctypes.data % 64 for g in out] == [0] * 3
    np.testing.assert_array_equal(out[2], grids(a, 1)[0])
