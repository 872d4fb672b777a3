"""Kernels of the kind users port from C, Fortran or plain Python: written as loops (what both
compilers take), each with its NumPy formulation and its inputs. benchmarks/cases.py times them
beside NumPy and plain Python.

    >>> args = gray_scott_inputs(8)
    >>> bool(np.allclose(gray_scott(*args)[1], numpy_gray_scott(*args)[1]))
    True
"""
import math

import numpy as np


def gray_scott(u0, v0, du, dv, feed, kill, dt, steps):
    """Gray-Scott reaction-diffusion: `steps` explicit Euler steps on a grid whose border stays fixed."""
    u, v = u0.copy(), v0.copy()
    un, vn = u0.copy(), v0.copy()
    rows, cols = u.shape
    for _ in range(steps):
        for i in range(1, rows - 1):
            for j in range(1, cols - 1):
                uvv = u[i, j] * v[i, j] * v[i, j]
                lap_u = u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1] - 4.0 * u[i, j]
                lap_v = v[i - 1, j] + v[i + 1, j] + v[i, j - 1] + v[i, j + 1] - 4.0 * v[i, j]
                un[i, j] = u[i, j] + dt * (du * lap_u - uvv + feed * (1.0 - u[i, j]))
                vn[i, j] = v[i, j] + dt * (dv * lap_v + uvv - (feed + kill) * v[i, j])
        u, un = un, u
        v, vn = vn, v
    return u, v


def gray_scott_inputs(n):
    u, v = np.ones((n, n)), np.zeros((n, n))
    c = slice(n // 2 - n // 8, n // 2 + n // 8)
    u[c, c], v[c, c] = 0.5, 0.25
    v += np.random.default_rng(20).random((n, n)) * 0.01
    return u, v, 0.16, 0.08, 0.035, 0.065, 1.0, 20


def numpy_gray_scott(u0, v0, du, dv, feed, kill, dt, steps):
    u, v = u0.copy(), v0.copy()
    un, vn = u0.copy(), v0.copy()
    for _ in range(steps):
        uc, vc = u[1:-1, 1:-1], v[1:-1, 1:-1]
        uvv = uc * vc * vc
        lap_u = u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:] - 4.0 * uc
        lap_v = v[:-2, 1:-1] + v[2:, 1:-1] + v[1:-1, :-2] + v[1:-1, 2:] - 4.0 * vc
        un[1:-1, 1:-1] = uc + dt * (du * lap_u - uvv + feed * (1.0 - uc))
        vn[1:-1, 1:-1] = vc + dt * (dv * lap_v + uvv - (feed + kill) * vc)
        u, un = un, u
        v, vn = vn, v
    return u, v


def kmeans_step(points, centroids):
    """One k-means (Lloyd) iteration: each point's nearest centroid, then the new centroids (a
    centroid no point chose stays where it was)."""
    n, dims = points.shape
    k = centroids.shape[0]
    labels = np.empty(n, np.int64)
    sums = np.zeros((k, dims))
    counts = np.zeros(k, np.int64)
    for i in range(n):
        best, best_dist = 0, np.inf
        for c in range(k):
            dist = 0.0
            for d in range(dims):
                diff = points[i, d] - centroids[c, d]
                dist += diff * diff
            if dist < best_dist:
                best, best_dist = c, dist
        labels[i] = best
        counts[best] += 1
        for d in range(dims):
            sums[best, d] += points[i, d]
    moved = centroids.copy()
    for c in range(k):
        if counts[c] > 0:
            for d in range(dims):
                moved[c, d] = sums[c, d] / counts[c]
    return labels, moved


def kmeans_inputs(n):
    g = np.random.default_rng(21)
    centres = g.uniform(-10, 10, (16, 3))
    points = centres[g.integers(0, 16, n)] + g.standard_normal((n, 3))
    return points, points[:16].copy()


def numpy_kmeans_step(points, centroids):
    dist = ((points[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    labels = dist.argmin(axis=1)
    counts = np.bincount(labels, minlength=len(centroids))
    sums = np.stack([np.bincount(labels, points[:, d], len(centroids)) for d in range(points.shape[1])], axis=1)
    moved = centroids.copy()
    chosen = counts > 0
    moved[chosen] = sums[chosen] / counts[chosen, None]
    return labels, moved


def convolve_1d(x, w):
    """np.convolve(x, w, "valid") as two loops."""
    n, m = len(x), len(w)
    out = np.zeros(n - m + 1)
    for i in range(n - m + 1):
        for j in range(m):
            out[i] += x[i + j] * w[m - 1 - j]
    return out


def floyd_warshall(dist0):
    """All-pairs shortest path lengths (dynamic programming over the intermediate vertex k)."""
    dist = dist0.copy()
    n = dist.shape[0]
    for k in range(n):
        for i in range(n):
            via = dist[i, k]
            for j in range(n):
                alt = via + dist[k, j]
                if alt < dist[i, j]:
                    dist[i, j] = alt
    return dist


def floyd_warshall_inputs(n):
    g = np.random.default_rng(22)
    dist = g.uniform(1.0, 100.0, (n, n))
    dist[g.random((n, n)) < 0.8] = np.inf          # a sparse graph
    np.fill_diagonal(dist, 0.0)
    return (dist,)


def numpy_floyd_warshall(dist0):
    dist = dist0.copy()
    for k in range(len(dist)):
        np.minimum(dist, dist[:, k, None] + dist[None, k, :], out=dist)
    return dist


def pic_deposit(positions, charges, n_cells, cell_size):
    """Particle-in-cell charge deposit: each particle's charge shared linearly between the two
    cells around it on a periodic grid (scattered writes)."""
    grid = np.zeros(n_cells)
    for k in range(len(positions)):
        x = positions[k] / cell_size
        cell = int(math.floor(x))
        frac = x - cell
        grid[cell % n_cells] += charges[k] * (1.0 - frac)
        grid[(cell + 1) % n_cells] += charges[k] * frac
    return grid


def pic_inputs(n):
    g = np.random.default_rng(25)
    return g.uniform(0.0, 100.0, n), g.standard_normal(n), 1000, 0.1


def numpy_pic_deposit(positions, charges, n_cells, cell_size):
    x = positions / cell_size
    cell = np.floor(x).astype(np.int64)
    frac = x - cell
    return (np.bincount(cell % n_cells, charges * (1.0 - frac), n_cells)
            + np.bincount((cell + 1) % n_cells, charges * frac, n_cells))


def expression_chain(a, b, c):
    """A string of array expressions with temporaries, as NumPy code is written (NumPy runs this
    same function)."""
    t = a * b + c
    u = np.sqrt(np.abs(t)) - a / (1.0 + b * b)
    return np.exp(-u * u) * c + t
