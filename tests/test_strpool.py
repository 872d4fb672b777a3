"""The pool of small string blocks (numjit/runtime/strpool.py), compared with Python on the same
work: more live small strings than the pool keeps (the rest come from malloc), blocks freed in
another order than they were made (a dict keeps some words) and made again, all size classes,
and threads making and dropping strings at once (nogil). The leak check counts every block.
"""
import threading

import pytest

from impl import njit

pytestmark = pytest.mark.numjit_only


def numbered_words(n, width):
    out = ["a"][:0]
    for i in range(n):
        out.append(str(i).zfill(width))
    return out


def histogram_rounds(text, rounds):
    """Words counted in a dict (it keeps the first occurrence of each), `rounds` times over."""
    total = 0
    for _ in range(rounds):
        counts = {"": 0}
        for word in text.split(" "):
            counts[word] = counts.get(word, 0) + 1
        for word, n in counts.items():
            total += len(word) * n
    return total


def test_more_live_strings_than_the_pool_keeps():
    n = 220_000                            # 220k blocks of 80 bytes: more than a class's 16 MB of slabs
    words = njit(numbered_words)(n, 6)
    assert words == numbered_words(n, 6)
    for width in (1, 40, 100, 250, 300):   # every size class, and blocks above the largest
        assert njit(numbered_words)(50, width) == numbered_words(50, width)


def test_blocks_freed_out_of_order_are_made_again():
    text = " ".join(f"w{(i * 7919) % 3001}" + "é" * (i % 5) for i in range(30_000))
    assert njit(histogram_rounds)(text, 5) == histogram_rounds(text, 5)


def churn(text, rounds):
    total = 0
    for _ in range(rounds):
        seen = {"": 0}
        for word in text.split(" "):
            if len(word) % 3 == 0:
                seen[word] = len(word)
        total += len(seen)
    return total


def test_threads_share_the_pool():
    text = " ".join("x" * (i % 70) + str(i % 997) for i in range(20_000))
    expected = churn(text, 3)
    compiled = njit(nogil=True)(churn)
    results = []
    threads = [threading.Thread(target=lambda: results.append(compiled(text, 3))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4
