"""Lists of lists passed in from Python (runtime/nested_lists.py), compiled vs. interpreted on
deep copies of the same inputs: changes made in compiled code at any level reach the caller's
objects (with Python's identities: an inner list shared twice stays one object), ragged and empty
inner lists, int/float/bool unification across inner lists, strings, arrays and tuples inside,
dicts of lists, nested lists as NumPy array-likes, returning them, cache=True, and the TypeErrors
for what cannot be passed. numba refuses nested reflected lists altogether.
"""
import copy
import gc
import json
import textwrap

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from impl import njit
from numjit import typed
from helpers import run_python_code

pytestmark = pytest.mark.numjit_only


def mutate(rows, k):
    """Changes at every level; `k` picks the inner lists (any int: wrapped)."""
    n = len(rows)
    i, j = k % n, (k * 7 + 1) % n
    rows[i].append(len(rows[j]))
    if len(rows[j]) > 0:
        rows[j][0] = rows[j][-1] * 2
        rows[j][-1] += 1
    total = 0
    for r in rows:
        for x in r:
            total += x
    if k % 3 == 0:
        rows[i] = rows[j]                       # one object twice
    elif k % 3 == 1:
        rows.append([total, 1])                 # a new inner list
    elif n > 1:
        rows.pop(0)
    if k % 4 == 3:
        rows.reverse()                          # every old inner list still in use after the call
    if k % 5 == 4 and len(rows) > 1:
        taken = rows.pop()
        taken.append(-1)                        # seen by whoever else holds the inner list
    inner = rows[-1]
    inner.insert(0, 5)
    return total, rows[0] is rows[-1], len(rows)


def depth3(grid, words, arrays):
    """Three levels deep, strings and arrays inside inner lists."""
    grid[0][0].append(grid[-1][-1][0] if len(grid[-1][-1]) else 7)
    grid[-1].append([1.0, 2])                 # (a list(int64) is no list(float64): [1, 2] would not compile)
    words[0].append(words[-1][0] + "!")
    words[-1][0] = "changed"
    s = 0.0
    for row in arrays:
        for a in row:
            s += a.sum()
            a[0] = s                            # arrays are views of the caller's
    arrays[0].append(np.ones(2))
    arrays[0].reverse()
    grid.reverse()
    return s, len(grid[0]), len(words[0][-1])


compiled_mutate, compiled_depth3 = njit(mutate), njit(depth3)


def _identity_pattern(value, originals):
    """Which original inner list each inner list of `value` is (by identity), and which are the
    same object: equal patterns mean compiled code kept Python's identities."""
    ids = {id(o): i for i, o in enumerate(originals)}
    inner = [ids.get(id(r)) for r in value]
    same = [[r is s for s in value] for r in value]
    return inner, same


def _check(fn, compiled, *args):
    want_args, got_args = copy.deepcopy(args), copy.deepcopy(args)   # (deepcopy keeps sharing)
    want_inner = [list(a) if isinstance(a, list) else [] for a in want_args]
    got_inner = [list(a) if isinstance(a, list) else [] for a in got_args]
    want, got = fn(*want_args), compiled(*got_args)
    assert got == want
    for w, g, wi, gi in zip(want_args, got_args, want_inner, got_inner):
        assert g == w and gi == wi              # (the inner lists the call started with, too)
        if isinstance(w, list):
            assert _identity_pattern(g, gi) == _identity_pattern(w, wi)


rows_strategy = st.lists(st.lists(st.integers(-50, 50), max_size=4), min_size=1, max_size=5).filter(
    lambda rows: any(rows))


@settings(max_examples=25, deadline=None)
@given(rows=rows_strategy, k=st.integers(0, 20))
def test_mutations_reach_the_callers_inner_lists(rows, k):
    _check(mutate, compiled_mutate, rows, k)


def test_shared_and_mixed_inner_lists():
    a = [1, 2]
    for rows in ([a, [3], a], [a, a], [[1.5], [], [2, True]], [[True], [False, 1]]):
        for k in range(3):
            _check(mutate, compiled_mutate, rows, k)
    rows = [[1.5, 2], [3], [4]]                 # an unchanged inner list keeps its int objects
    want = copy.deepcopy(rows)
    mutate(want, 1)
    compiled_mutate(rows, 1)
    assert rows == want and type(rows[0][1]) is int


def test_three_levels_strings_and_arrays():
    grid = [[[1, 2], []], [[3]], [[], [4.5]]]
    words = [["a", "bb"], ["ccc"]]
    arrays = [[np.arange(3.0), np.ones(2)], [np.zeros((1, 2)).ravel()]]
    want_args = (copy.deepcopy(grid), copy.deepcopy(words), [[x.copy() for x in row] for row in arrays])
    got_arrays = [list(row) for row in arrays]          # the caller's array objects
    want = depth3(*want_args)
    got = compiled_depth3(grid, words, got_arrays)
    assert got == want and grid == want_args[0] and words == want_args[1]
    for w_row, g_row in zip(want_args[2], got_arrays):
        assert len(w_row) == len(g_row) and all(np.array_equal(w, g) for w, g in zip(w_row, g_row))
    assert got_arrays[0][-1] is arrays[0][0] and np.array_equal(arrays[0][0], want_args[2][0][-1])
    rows = [np.arange(3.0) + i for i in range(4)]        # arrays only the list holds, reordered
    want = [a.copy() for a in rows]
    depth3([[[1.5]]], [["a"]], [want])
    compiled_depth3([[[1.5]]], [["a"]], [rows])
    gc.collect()
    assert len(rows) == len(want) and all(np.array_equal(w, g) for w, g in zip(want, rows))


@njit
def as_arrays(rows):
    a = np.asarray(rows)
    return a, np.array(rows), np.sum(rows), a.shape[0]


@njit
def take_and_build(rows):
    return rows[-1], [rows[0], [len(rows)]], rows


@njit
def popped(rows):
    return rows.pop()


def test_array_likes_and_returns():
    for rows in ([[1, 2], [3, 4]], [[1.5, 2], [3, 4]], [[[1, 2]], [[3, 4]]]):
        want = (np.asarray(rows), np.array(rows), np.sum(rows), len(rows))
        got = as_arrays(rows)
        for w, g in zip(want, got):
            assert np.asarray(g).dtype == np.asarray(w).dtype and np.array_equal(g, w)
    for ragged in ([[1, 2], [3]], [[1], []]):
        with pytest.raises(ValueError):
            np.asarray(ragged)
        with pytest.raises(ValueError, match="different lengths"):
            as_arrays(ragged)
    rows = [[1, 2], [3]]
    last, built, same = take_and_build(rows)
    assert last is rows[-1] and same is rows and built == [[1, 2], [2]] and built[0] is rows[0]
    for make in (lambda i: [1, 2, i], lambda i: np.arange(3.0) + i):   # held only by the list
        got = [popped([make(i)]) for i in range(3)]
        gc.collect()
        junk = [make(7) for _ in range(10)]
        assert all(np.array_equal(g, make(i)) for i, g in enumerate(got)) and len(junk) == 10


@njit
def first(rows):
    return rows[0]


def test_what_cannot_be_passed():
    selfish = []
    selfish.append(selfish)
    for bad, message in (([[], []], "all empty"), ([[1], ["a"]], "different types"),
                         ([[1j], [1.0]], "complex and real"), (selfish, "holds itself"),
                         ([[1], 2], "mixing lists and int"), ({1: []}, "dict whose inner lists are all empty"),
                         ([[[1]], [2]], "different types")):
        with pytest.raises(TypeError, match=message):
            first(bad)
    assert first([[[]], [[2.5]]]) == [[]]


def dict_of_lists(d, k):
    d[k].append(len(d))
    d[-k] = d[k]
    taken = d.pop(k)
    taken.append(-1)
    return len(d[-k])


def test_dicts_of_lists():
    compiled = njit(dict_of_lists)
    shared = [0.5]
    for d in ({1: [1.5, 2], 2: [], 3: [4]}, {1: shared, 2: shared, 3: [7]}):
        for k in (1, 2):
            want_d, got_d = copy.deepcopy(d), copy.deepcopy(d)
            want_values, got_values = list(want_d.values()), list(got_d.values())
            assert compiled(got_d, k) == dict_of_lists(want_d, k)
            assert got_d == want_d and got_values == want_values
            assert [v is got_d[-k] for v in got_values] == [v is want_d[-k] for v in want_values]


@njit
def keep(rows):
    kept = typed.List()
    kept.append(rows)
    return kept


def test_kept_beyond_the_call():
    """A list of lists (a dict of lists) stored in a typed container outlives the Python objects it
    came from."""
    kept, made = keep([[1, 2], [3]]), typed.List([[[1.5]], [[2.0], []]])
    kept_dict = keep({1: [1.5], 2: []})
    gc.collect()
    junk = [{i: [7.0]} for i in range(50)]
    assert [[list(r) for r in rows] for rows in kept] == [[[1, 2], [3]]]
    assert [dict(d) for d in kept_dict] == [{1: [1.5], 2: []}] and len(junk) == 50
    assert [[list(r) for r in rows] for rows in made] == [[[1.5]], [[2.0], []]]


CACHED = '''
from numjit import njit

@njit(cache=True)
def grow(rows):
    rows[0].append(len(rows))
    rows.append([9])
    return sum([len(r) for r in rows])
'''

CACHED_RUN = '''
import json, sys
sys.path.insert(0, {folder!r})
import mod
from numjit import cache
rows = [[1, 2], [], [3]]
n = mod.grow(rows)
print("RESULT " + json.dumps([n, rows, dict(cache.STATS)]))
'''


@pytest.mark.slow
def test_cache(tmp_path):
    (tmp_path / "mod.py").write_text(CACHED)
    runs = []
    for _ in range(2):                          # compiles and stores, then loads
        proc = run_python_code(textwrap.dedent(CACHED_RUN.format(folder=str(tmp_path))),
                               {"NUMJIT_CACHE_DIR": str(tmp_path / "cache")})
        assert proc.returncode == 0, proc.stderr
        runs.append(json.loads(proc.stdout.split("RESULT ", 1)[1]))
    rows = [[1, 2], [], [3]]
    exec(compile(CACHED.replace("@njit(cache=True)", ""), "<mod>", "exec"), space := {})
    want = [space["grow"](rows), rows]
    assert runs[0][:2] == want and runs[1][:2] == want
    assert runs[1][2].get("hits", 0) >= 1, runs
