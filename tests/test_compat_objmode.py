"""`with objmode(...)` blocks: Python inside compiled code, the outputs typed as declared. Each
function is also run as plain Python (where objmode is a no-op context manager) on the same inputs."""
import importlib

import numpy as np
import pytest

from impl import IMPL, njit, TypingError, UnsupportedError

nb = importlib.import_module(IMPL)
objmode = nb.objmode


def mixed(a, k):
    total = 0.0
    for i in range(3):
        with objmode(s="float64", n="int64", flag="boolean", pair="UniTuple(int64, 2)",
                     ranks="int64[:]", grid="float64[:, :]"):
            ordered = sorted(a.tolist(), reverse=True)            # lists, methods: plain Python
            s = float(sum(ordered[:k])) + i
            n = len(set([round(v) for v in ordered]))
            flag = "x" in "".join([str(v) for v in ordered]) or bool(n % 2)
            pair = (k, i)
            ranks = np.argsort(a)[::-1].copy()
            grid = np.outer(a, a)[:, ::2]                         # a non-contiguous array is copied
        total += s + n + flag + pair[1]
    return total, ranks, grid * 2.0


def test_objmode_outputs_inputs_and_loops():
    compiled = njit(mixed)
    for a, k in ((np.array([3.5, -1.0, 2.25, 8.0]), 2), (np.linspace(0, 1, 7), 3), (np.array([1.0]), 1)):
        got, expected = compiled(a, k), mixed(a, k)
        assert got[0] == expected[0]
        assert got[1].dtype == np.int64 and (got[1] == expected[1]).all()
        np.testing.assert_array_equal(got[2], expected[2])


def raises_inside(x):
    with objmode(y="float64"):
        if x < 0:
            raise ValueError(f"negative input {x}")
        y = x ** 0.5
    return y + 1.0


@pytest.mark.numjit_only                       # numba rejects a raise inside a with block
def test_exceptions_propagate_with_type_and_message():
    compiled = njit(raises_inside)
    assert compiled(4.0) == raises_inside(4.0)
    with pytest.raises(ValueError, match="negative input -2.5"):
        compiled(-2.5)
    assert compiled(9.0) == raises_inside(9.0)                     # and it still works after


@njit(nogil=True)
def without_gil(a):
    with objmode(m="float64"):
        m = float(np.median(a))
    return m * 2


def test_objmode_in_nogil_code_takes_the_gil():
    a = np.array([5.0, 1.0, 4.0, 2.0])
    assert without_gil(a) == without_gil.py_func(a)


def optional_outputs(seed, x):
    if seed is None:                                   # numba-stats' `_seed` pattern
        with objmode(seed="optional(uint8)"):
            seed = np.frombuffer(bytes([7, 0]), dtype=np.uint8)[0]
    with objmode(half="optional(float64)", positive="optional(boolean)"):
        half = x / 2 if x > 0 else None
        positive = None if x == 0 else bool(x > 0)
    return (seed + 1, -1.0 if half is None else half,
            0 if positive is None else (1 if positive else 2))


def test_optional_outputs_none_and_a_value():
    compiled = njit(optional_outputs)
    for seed, x in ((None, 3.0), (None, -2.0), (200, 0.0), (5, 1.5)):
        assert compiled(seed, x) == optional_outputs(seed, x)


@pytest.mark.numjit_only
def test_outputs_of_the_wrong_type_are_a_clear_type_error():
    @njit
    def wrong(x):
        with objmode(y="int64[:]"):
            y = np.array([x])                                     # float64, declared int64
        return y

    with pytest.raises(TypeError, match="'y' was declared int64\\[:\\], but the block left an array of float64"):
        wrong(1.5)

    @njit
    def not_a_number(x):
        with objmode(y="float64"):
            y = "text"
        return y

    with pytest.raises(TypeError, match="declared float64, but the block left a value of type str"):
        not_a_number(1.0)

    @njit
    def optional_text(x):
        with objmode(y="optional(int64)"):
            y = "text" if x else None
        return y

    assert optional_text(0) is None
    with pytest.raises(TypeError, match="declared int64, but the block left a value of type str"):
        optional_text(1)


@pytest.mark.numjit_only
def test_bad_objmode_blocks_are_located_errors():
    @njit
    def bad_declaration(x):
        with objmode(y="floaty"):
            y = x
        return y

    with pytest.raises(TypingError, match="objmode"):
        bad_declaration(1.0)

    @njit
    def returns_inside(x):
        with objmode(y="float64"):
            return x
        return 0.0

    with pytest.raises(UnsupportedError, match="cannot leave an objmode block"):
        returns_inside(1.0)

    @njit
    def other_with(x):
        with open("/dev/null"):
            pass
        return x

    with pytest.raises(UnsupportedError, match="'with' statements"):
        other_with(1.0)


def reads_lists(xs, arrays, word):
    ys = [x * 2.0 for x in xs]
    pairs = [(1, 2.5), (3, 4.5)]
    ys.append(-1.0)
    with objmode(total="float64", widest="int64", first="float64", text="int64"):
        total = float(sum(ys)) + sum(p[0] * p[1] for p in pairs)
        widest = max(len(a) for a in arrays)
        first = float(xs[0]) if xs else 0.0
        ys.append(1000.0)                   # a change to the list the block reads: not seen after it
        text = len(word) + word.count("a")
    return total, widest, first, len(ys), ys[-1]


def test_objmode_reads_lists_and_strings():
    compiled = njit(reads_lists)
    for xs in ([1.5, -2.0, 4.0], [7.0], [np.inf, np.nan]):
        arrays = [np.arange(3.0), np.ones(5), np.empty(0)]
        kept = list(xs)
        got = compiled(xs, arrays, "banana")
        expected = reads_lists(list(xs), arrays, "banana")
        # plain Python sees the block's append; compiled code reads a copy, as numba's objmode
        np.testing.assert_array_equal(got[:3], expected[:3])        # NaN where Python has NaN
        assert got[4] == -1.0 and got[3] == len(xs) + 1
        assert xs == kept                                       # the caller's list is unchanged


@pytest.mark.numjit_only
def test_objmode_reads_typed_containers():
    typed = importlib.import_module(f"{IMPL}.typed")

    @njit
    def fill(n):
        lst = typed.List()
        for i in range(n):
            lst.append(i * 1.5)
        d = typed.Dict()
        d[1] = 2.5
        with objmode(s="float64"):
            s = float(sum(lst)) + d[1]
            lst.append(10.0)                # a typed list is shared: compiled code sees the change
            d[2] = 1.0
        return s, len(lst), len(d)
    assert fill(4) == (sum(i * 1.5 for i in range(4)) + 2.5, 5, 2)
