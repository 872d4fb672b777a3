"""heapq in compiled code (numba supports it on lists): every operation compared with Python's heapq
on the same inputs — the heap lists themselves, not just the popped items."""
import heapq
import importlib

import numpy as np
import pytest

from impl import IMPL, njit, TypingError

nb = importlib.import_module(IMPL)


def operations(values, pushes, k):
    heap = list(values)
    heapq.heapify(heap)
    popped = []
    for x in pushes:
        heapq.heappush(heap, x)
        if x > 0.5:
            popped.append(heapq.heappop(heap))
    a = heapq.heappushpop(heap, 0.25)
    b = heapq.heapreplace(heap, 0.75) if len(heap) > 0 else -1.0
    pairs = [(v, i) for i, v in enumerate(values)]
    heapq.heapify(pairs)
    first = heapq.heappop(pairs)
    return heap, popped, a, b, first, heapq.nsmallest(k, values), heapq.nlargest(k, values)


def test_heapq_operations_match_python():
    compiled = njit(operations)
    rng = np.random.default_rng(7)
    for n in (1, 2, 9, 40):
        values = [float(v) for v in rng.integers(0, 5, n) / 4]        # ties included
        pushes = [float(v) for v in rng.random(12)]
        for k in (0, 3, n + 2):
            assert compiled(values, pushes, k) == operations(list(values), pushes, k)


@pytest.mark.numjit_only
def test_heapq_on_typed_lists_and_errors():
    typed = importlib.import_module(f"{IMPL}.typed")
    int64 = nb.types.int64

    @njit
    def typed_heap(xs):
        heap = typed.List.empty_list(int64)
        for x in xs:
            heapq.heappush(heap, x)
        return [heapq.heappop(heap) for _ in range(len(xs))]
    xs = np.array([3, -1, 7, 0, 7, 2])
    assert typed_heap(xs) == sorted(xs.tolist())

    @njit
    def pop_empty(xs):
        heap = [x for x in xs]
        heapq.heappop(heap)
        return heapq.heappop(heap)
    with pytest.raises(IndexError):
        pop_empty(np.array([1.0]))

    @njit
    def unordered(xs):
        heap = [complex(x, 1.0) for x in xs]
        heapq.heapify(heap)
    with pytest.raises(TypingError, match="cannot be ordered"):
        unordered(np.array([1.0]))
