"""`break`, `continue` and `else:` in `for x in literal_unroll(t)` loops (frontend/unroll.py),
compared with the same code run as plain Python (where literal_unroll returns its argument)."""
import numpy as np

from numjit import literal_unroll, njit


def _jumps(t, stop, skip):
    """Each kind of jump over a heterogeneous tuple; `stop` and `skip` pick the item (by value)
    that breaks and the one that is skipped, so one compiled function takes every path."""
    log = []
    total = 0.0
    for x in literal_unroll(t):                 # break and continue, with an else:
        if isinstance(x, str):
            log.append(len(x))
            continue
        if x == skip:
            continue
        if x == stop:
            break
        total += x
    else:
        total += 1000.0
    for x in literal_unroll(t):                 # break only
        if not isinstance(x, str) and x == stop:
            log.append(-1)
            break
    else:
        log.append(-2)
    for x in literal_unroll(t):                 # continue only
        if isinstance(x, str) or x == skip:
            continue
        log.append(int(x) * 10)
    else:
        log.append(-3)
    for i in range(3):                          # an unrolled loop inside an ordinary one
        for x in literal_unroll(t):
            if isinstance(x, str):
                continue
            if x == i:
                break
            log.append(100 + i)
    for x in literal_unroll(t):                 # the unrolled body's own loops keep their jumps
        n = 0
        while True:
            n += 1
            if n > 2:
                break
        for k in range(5):
            if k == 1:
                continue
            n += k
        if isinstance(x, str):
            continue
        log.append(n)
    return total, log


def _nested(t, stop):
    """Nested unrolled loops: the inner loop's else: continues (or breaks) the outer one."""
    log = []
    for group in literal_unroll(t):
        for x in literal_unroll(group):
            if x == stop:
                break
            log.append(x * 1.0)
        else:
            log.append(-1.0)
            continue
        log.append(-2.0)
        if len(log) > 4:
            break
    else:
        log.append(-3.0)
    return log


def _search(t, wanted):
    for x in literal_unroll(t):
        if isinstance(x, str):
            continue
        if x == wanted:
            return x * 2
    return -1


def _gen(t, stop):
    for x in literal_unroll(t):
        if isinstance(x, str):
            continue
        if x >= stop:
            break
        yield x * 1.5


def test_break_continue_and_else_in_unrolled_loops():
    t = (1, "ab", 2.5, 0, "c", 4)
    compiled = njit(_jumps)
    for stop in (1.0, 2.5, 0.0, 4.0, 9.0):       # floats: one compilation
        for skip in (1.0, 2.5, 4.0, -1.0):
            assert compiled(t, stop, skip) == _jumps(t, stop, skip), (stop, skip)
    assert compiled((), 1.0, 2.0) == _jumps((), 1.0, 2.0)


def test_jumps_in_nested_unrolled_loops_returns_and_generators():
    t = ((1, 2.5), (3,), (4, 5.5, 6), (7.5, 8))
    nested = njit(_nested)
    for stop in (1.0, 2.5, 3.0, 5.5, 8.0, 99.0):
        assert nested(t, stop) == _nested(t, stop), stop
    u = ("a", 3, 1.5, np.int32(7), "b")
    search = njit(_search)
    for wanted in (3.0, 1.5, 7.0, 0.0):
        assert search(u, wanted) == _search(u, wanted)
    gen = njit(_gen)
    for stop in (0.0, 2.0, 3.5, 8.0):
        assert list(gen(u, stop)) == list(_gen(u, stop))
