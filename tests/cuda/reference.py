"""Plain-Python references for the kernels in gpu_kernels.py (sequential semantics)."""
import numpy as np


def atomics_reference(n):
    counters = np.zeros(9, np.int64)
    counters[3] = -1
    imax, fmin, fsum = 0, np.inf, 0.0
    for i in range(n):
        counters[0] += 1
        counters[1] -= 2
        imax = max(imax, i)
        fmin = min(fmin, float(i) - 5.0)
        fsum += 0.5
        counters[2] |= 1 << (i % 8)
        counters[3] &= ~(1 << (i % 4))
        counters[4] ^= 1
        counters[5] = 7
        if counters[6] == 0:
            counters[6] = 42
        counters[7] = 0 if counters[7] >= 10 else counters[7] + 1
        counters[8] = 10 if counters[8] == 0 or counters[8] > 10 else counters[8] - 1
    return counters, fsum, imax, fmin


def warp_reference(x):
    n = x.size
    out = np.zeros((n, 10), np.int64)
    for i in range(n):
        w = i - i % 32
        out[i, 0] = x[w]
        out[i, 1] = x[i + 1] if i % 32 < 31 else x[i]
        out[i, 2] = x[i ^ 1]
        out[i, 3] = sum(1 << k for k in range(32) if x[w + k] > 10)
        out[i, 4] = all(x[w:w + 32] >= 0)
        out[i, 5] = any(x[w:w + 32] > 30)
        out[i, 6] = int(np.sum(x % 2 == 0))
        out[i, 7] = bool(np.any(x == 3))
        out[i, 8] = (1 << 32) - 1 if n >= w + 32 else (1 << (n - w)) - 1
        out[i, 9] = (1 << (i % 32)) - 1 if x[i] > 5 else -1
    return out
