"""Examples in the spirit of numba's documentation (user guide, reference, extending pages),
written again here and run against plain Python / NumPy on the same inputs: each one failed
before session 7's doc-example sweep."""
import enum
import typing

import numpy as np
import pytest

from numjit import literal_unroll, njit, prange

FIELDS = ("a1", "a2")                  # a global tuple of strings: its items stay literals
MIXED = (3, 2.5, "x", b"y")


ARRAYS = (np.arange(3.0), np.array([[1, -2], [3, 4]], np.int32), 7)    # frozen into the code


def _global_tuple_of_arrays(i):
    total = 0.0
    for a in literal_unroll(ARRAYS[:2]):
        total += np.sum(a)
    return ARRAYS[0][i] + ARRAYS[1][1, i], ARRAYS[1].T.copy(), len(ARRAYS), total


def test_global_tuple_of_arrays():
    compiled = njit(_global_tuple_of_arrays)
    for i in (0, 1, -1):
        got, want = compiled(i), _global_tuple_of_arrays(i)
        assert got[0] == want[0] and got[2:] == want[2:]
        np.testing.assert_array_equal(got[1], want[1])


def _inc(x):
    return x + 1


def _dbl(x):
    return x * 2


def _global_tuple_of_strings(rec):
    local = ("a1", "a2")
    return (rec[FIELDS[1]] + rec[local[0]], len(FIELDS), FIELDS, FIELDS[-1], MIXED[:2], MIXED[-2],
            MIXED[3])


def test_global_tuple_of_strings_indexes_record_fields():
    arr = np.array([(1.5, 2.25), (-3.0, np.inf)], dtype=[("a1", "f8"), ("a2", "f8")])
    compiled = njit(_global_tuple_of_strings)
    for rec in arr:
        assert compiled(rec) == _global_tuple_of_strings(rec)


def test_global_tuples_of_types_and_functions_and_array_types_in_compiled_code():
    """numba's jitclass/typed-dict pages: `Dict.empty(*kv_types)` with a global tuple of types and
    `value_type=types.float64[:]` written in the compiled function; a global tuple of functions."""
    import math

    from numjit import typed, types

    kv = (types.unicode_type, types.float64[:])
    funcs = (njit(_inc), njit(_dbl))
    math_funcs = (math.sin, np.cos)

    def python(x):
        d = {}
        d["k"] = np.ones(2) * x
        return (x * 2, math.sin(x) + np.cos(x), (x + 1) + x * 2, d["k"].sum(), True, 2, np.arange(3.0) * x)

    @njit
    def compiled(x):
        d = typed.Dict.empty(*kv)
        d["k"] = np.ones(2) * x
        s = 0.0
        for f in funcs:
            s += f(x)
        e = typed.Dict.empty(key_type=types.int64, value_type=types.float64[:])
        e[1] = np.arange(3.0) * x
        return (funcs[1](x), math_funcs[0](x) + math_funcs[1](x), s, d["k"].sum(),
                isinstance(x, (int, float)), len(funcs), e[1])

    @njit
    def array_types():
        return types.float64[:], types.int32[:, ::1], types.float64[::1, :]

    for x in (1.5, -0.0, -3.25):
        got, want = compiled(x), python(x)
        np.testing.assert_array_equal(got[-1], want[-1])
        np.testing.assert_equal(got[:-1], want[:-1])
    assert array_types() == (types.float64[:], types.int32[:, ::1], types.float64[::1, :])


def test_literally_in_an_overload():
    """numba's `literally` page: an overload whose fallback asks for a literal. A string constant
    is a literal already; an integer argument is not: the caller is compiled for its value
    (literal dispatch, tests/test_literal_dispatch.py), never running the placeholder."""
    from numjit import literally, types
    from numjit.extending import overload

    def power(x, n):
        return x ** {"square": 2, "cube": 3}.get(n, n)

    @overload(power)
    def _power(x, n):
        if isinstance(n, types.StringLiteral):
            k = {"square": 2, "cube": 3}[n.literal_value]
            return lambda x, n: x ** k
        if isinstance(n, types.IntegerLiteral):
            return lambda x, n: x ** n
        return lambda x, n: literally(n)

    def by_name(x):
        return power(x, "square"), power(x, "cube")

    def by_value(x, n):
        return power(x, n)

    for x in (3, -2.5):
        assert njit(by_name)(x) == by_name(x)
    assert njit(by_value)(3, 2) == by_value(3, 2)


def test_structref_with_a_string_field_built_in_compiled_code():
    """numba's structref page: a struct with a name and a vector, built in compiled code from a
    string constant, its fields then reassigned."""
    from numjit import types
    from numjit.experimental import structref

    @structref.register
    class PetType(types.StructRef):
        def preprocess_fields(self, fields):
            return tuple((name, types.unliteral(ty)) for name, ty in fields)

    class Pet(structref.StructRefProxy):
        @property
        def name(self):
            return pet_name(self)

    structref.define_proxy(Pet, PetType, ["name", "vector"])

    @njit
    def pet_name(p):
        return p.name

    @njit
    def make(v):
        p = Pet("unnamed", np.zeros(3))
        before = p.name
        p.name = "Bob" + str(len(v))
        p.vector = v * 2.0
        return p, before, np.linalg.norm(p.vector - v)

    v = np.array([1.0, -2.0, 0.5])
    p, before, dist = make(v)
    assert (before, p.name, pet_name(p)) == ("unnamed", "Bob3", "Bob3")
    assert dist == np.linalg.norm(v * 2.0 - v)


def test_platform_and_numpy_version_names_of_numba_modules():
    """numba's doc examples import these (`from numba.core.config import IS_WIN32`)."""
    import struct
    import sys

    from numjit.core import config
    from numjit.np.numpy_support import numpy_version

    assert (config.IS_WIN32, config.IS_OSX) == (sys.platform == "win32", sys.platform == "darwin")
    assert config.MACHINE_BITS == struct.calcsize("P") * 8 and config.IS_32BITS == (config.MACHINE_BITS == 32)
    assert numpy_version == tuple(int(p) for p in np.__version__.split(".")[:2])
    assert numpy_version >= (1, 22)


class _Counter:
    value: int

    def __init__(self):
        self.value = 0

    def bump(self):
        self.value += 1
        return self.value


def _basket_class(counter_class):
    """numba's jitclass page, "type hints": fields declared with typing's generics."""
    from numjit import typed, types

    class Basket:
        counter: counter_class
        items: typing.List[float]
        index: typing.Dict[str, int]
        best: typing.Optional[float]
        span: typing.Tuple[int, float]

        def __init__(self, items: typing.List[float]):
            self.items = items
            self.index = typed.Dict.empty(types.unicode_type, types.int64)
            self.counter = counter_class()
            self.best = None
            self.span = (0, 0.0)

        def add(self, name, x):
            self.items.append(x)
            self.index[name] = self.counter.bump()
            if self.best is None or x > self.best:
                self.best = x
            self.span = (len(self.items), sum(self.items))
            return self.index[name]
    return Basket


def test_jitclass_fields_annotated_with_typing_generics():
    from numjit import typed
    from numjit.experimental import jitclass

    results = []
    for cls, items in ((_basket_class(_Counter), [3.14, 2.718]),
                       (jitclass(_basket_class(jitclass(_Counter))), typed.List([3.14, 2.718]))):
        b = cls(items)
        got = [b.add("a", -1.0), b.add("b", 7.5), b.add("a", 0.5)]
        results.append((got, list(b.items), dict(b.index), b.best, b.span, b.counter.value))
    assert results[0] == results[1]


@njit(parallel=True)
def _array_reductions(x, out, n):
    """numba's parallel page: whole-array reductions in a prange loop (in place, through a view
    too), sums, differences and products, next to a scalar one."""
    y = np.zeros(4)
    z = y[:]
    prod = 2 * np.ones((3, 5), np.int64)
    twos = 2 * np.ones_like(prod)
    total = 0.0
    for i in prange(n):
        z += x[i]
        out -= x[i] * 0.5
        prod *= twos
        total += x[i].sum()
    return y, out, prod, total


def test_array_reductions_in_prange_loops():
    for n in (0, 1, 7, 300):
        x = np.arange(n * 4.0).reshape(n, 4) - 3.5
        for out in (np.ones(4), np.ones(8)[::2]):
            want = _array_reductions.py_func(x, out.copy(), n)
            got = _array_reductions(x, out, n)
            for g, w in zip(got, want):
                np.testing.assert_array_equal(g, w)
            np.testing.assert_array_equal(out, want[1])      # updated in place


def test_array_reductions_errors():
    from numjit.errors import UnsupportedError

    def rebinding(x):
        y = np.zeros(3)
        for i in prange(x.shape[0]):
            y = y + x[i]
        return y

    def mixed(x):
        y = np.zeros(3)
        for i in prange(x.shape[0]):
            y += x[i]
            y *= 2.0
        return y

    def shape_mismatch(x):
        y = np.zeros(2)
        for i in prange(x.shape[0]):
            y += x[i]
        return y

    with pytest.raises(UnsupportedError, match="updates the array in place"):
        njit(parallel=True)(rebinding)(np.ones((4, 3)))
    with pytest.raises(UnsupportedError, match="mixes reductions"):
        njit(parallel=True)(mixed)(np.ones((4, 3)))
    with pytest.raises(ValueError):
        shape_mismatch(np.ones((4, 3)))
    with pytest.raises(ValueError):
        njit(parallel=True)(shape_mismatch)(np.ones((300, 3)))


def _unrolled(rec, a, b):
    """numba's literal_unroll examples: a heterogeneous tuple's items each with their own type."""
    total = 0.0
    for name in literal_unroll(FIELDS):             # record fields named by a global tuple
        total += rec[name]
    words = 0
    for x in literal_unroll(("abc", 2, (3, 4.5), a)):
        if isinstance(x, str):
            words += len(x)
        elif isinstance(x, int):
            words += x
        elif isinstance(x, tuple):
            total += x[0] * x[1]
        else:
            total += x.sum()
    shapes = 0
    for outer in literal_unroll(((a, b), (b, a, a), (1j,))):    # nested, lengths differ per item
        for inner in literal_unroll(outer):
            shapes += inner.size if not isinstance(inner, complex) else 100
    for arr in literal_unroll((a, b)):
        total += arr[0] if arr.ndim == 1 else arr[0, 0]
    else:
        total += 0.5
    for same in literal_unroll((1, 2, 3)):
        words += same
    for item in literal_unroll(b[0]):               # an array: a loop
        words += item
    return total, words, shapes


def test_literal_unroll_over_heterogeneous_tuples():
    from numjit import literal_unroll as compiled_unroll

    assert compiled_unroll((1, "a")) == (1, "a")
    compiled = njit(_unrolled)
    arr = np.array([(1.5, 2.25)], dtype=[("a1", "f8"), ("a2", "f8")])
    for a, b in ((np.arange(3.0), np.ones((2, 2), np.int32)), (np.array([-1.5]), np.full((1, 3), 7, np.int8))):
        assert compiled(arr[0], a, b) == _unrolled(arr[0], a, b)


def _unrolled_in_generator(t):
    for x in literal_unroll(t):
        yield x * 2


def _unrolled_in_closure_and_generator(t):
    def scaled(k):
        s = 0.0
        for x in literal_unroll(t):
            s += x * k
        return s
    total = 0.0
    for v in _GEN(t):
        total += v
    return scaled(2), total


def test_literal_unroll_in_closures_and_generators():
    global _GEN
    _GEN = _unrolled_in_generator
    want = _unrolled_in_closure_and_generator((1, 2.5, True))
    _GEN = njit(_unrolled_in_generator)
    assert njit(_unrolled_in_closure_and_generator)((1, 2.5, True)) == want


class Color(enum.Enum):
    RED = 1
    GREEN = 2
    BLUE = 3


class Shape(enum.IntEnum):
    CIRCLE = 1
    SQUARE = 2


class Level(enum.Enum):
    LOW = 0.5
    HIGH = 2.5


def _enums(c, s, lv):
    """numba's supported-Python page: Enum and IntEnum members as arguments, constants, results."""
    if c == Color.RED:
        tone = 0
    elif c is Color.GREEN:
        tone = 1
    else:
        tone = 2
    mixed = c != Color.RED, c == Level.LOW, s == Shape.SQUARE, s == 2, s + 1, s * 2.5, Shape.CIRCLE + 1
    best = lv if lv.value > Level.LOW.value else Level.HIGH
    return tone, c.value, s.value, mixed, best, c, s


def _intenum_as_int(k, a):
    total = 0
    for i in range(k):                  # an IntEnum member wherever an int goes
        total += i
    x = k
    if k == Shape.SQUARE:
        x = 10
    return total, a[k], a[:k].sum(), x, (1, 2, 3)[Shape.SQUARE], k < Shape.SQUARE, int(k) + 0.5


def _enum_containers(cs, c, ks):
    out = [c, Color.RED]
    out.append(cs[0])
    d = {1: c}
    return out, len(cs), out[0] == Color.GREEN, d[1], [k for k in ks if k == Shape.SQUARE], ks[0] + ks[-1]


def test_enum_and_intenum_members():
    args = ([Color.GREEN, Color.RED], Color.BLUE, [Shape.SQUARE, Shape.CIRCLE, Shape.SQUARE])
    assert njit(_enum_containers)(*args) == _enum_containers(*args)
    for k in Shape:
        assert njit(_intenum_as_int)(k, np.arange(4.0)) == _intenum_as_int(k, np.arange(4.0))
    compiled = njit(_enums)
    for c in Color:
        for s in Shape:
            for lv in Level:
                assert compiled(c, s, lv) == _enums(c, s, lv)
    assert compiled(Color.BLUE, Shape.SQUARE, Level.LOW)[5] is Color.BLUE       # the member itself
    assert compiled(Level.HIGH, Shape.SQUARE, Level.LOW) == _enums(Level.HIGH, Shape.SQUARE, Level.LOW)

    def against_a_number(x):                        # an Enum member is never equal to a number
        return x == Color.RED, Color.RED != x, x == Shape.CIRCLE

    for x in (1, 2.0):
        assert njit(against_a_number)(x) == against_a_number(x)


def test_numba_names_used_by_documented_code(tmp_path):
    """`numba.core.errors` without importing it, `numba.typed.typedlist/typeddict` (through the
    `numba` shim, in a child process), and the type classes overload typers test with."""
    import math
    import subprocess
    import sys
    from pathlib import Path

    from numjit import types
    from numjit.extending import overload

    script = tmp_path / "uses_numba.py"
    script.write_text(
        "import numba\n"
        "from numba.typed.typedlist import List\n"
        "from numba.typed.typeddict import Dict\n"
        "from numba.core.types import float64\n"
        "print(numba.core.errors.TypingError.__name__, list(List([1, 2])), dict(Dict.empty(float64, float64)))\n")
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-m", "numjit.run", str(script)], capture_output=True, text=True,
                          cwd=root, timeout=120, env={**__import__("os").environ, "PYTHONPATH": str(root)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["TypingError", "[1,", "2]", "{}"]

    def kind_of(x):
        return "other"

    @overload(kind_of)
    def _kind_of(x):
        for cls in (types.Dispatcher, types.Function, types.NumberClass, types.DType, types.TypeRef):
            if isinstance(x, cls):
                name = cls.__name__
                return lambda x: name
        return lambda x: "other"

    @njit
    def kinds():
        return (kind_of(_JITTED), kind_of(math.sin), kind_of(np.float32), kind_of(np.dtype("f8")),
                kind_of(types.float64[:]), kind_of(1.5))

    assert kinds() == ("Dispatcher", "Function", "NumberClass", "DType", "TypeRef", "other")


_JITTED = njit(lambda x: x)


def test_with_parallel_chunksize_in_compiled_code():
    """numba's parallel page: `with parallel_chunksize(n):` around prange loops, inside the
    compiled function; the size is the block's only, restored when it is left (return, raise)."""
    from numjit import get_parallel_chunksize, parallel_chunksize, set_parallel_chunksize

    @njit(parallel=True)
    def chunked(n, early):
        acc = 0
        before = get_parallel_chunksize()
        with parallel_chunksize(8):
            inside = get_parallel_chunksize()
            for i in prange(n):
                acc += i
            if early == 1:
                return acc, before, inside
            if early == 2:
                raise ValueError("leaving")
        return acc, before, inside

    old = set_parallel_chunksize(3)
    try:
        for n in (0, 5, 100):
            assert chunked(n, 0) == (n * (n - 1) // 2, 3, 8) and get_parallel_chunksize() == 3
        assert chunked(10, 1) == (45, 3, 8) and get_parallel_chunksize() == 3
        with pytest.raises(ValueError, match="leaving"):
            chunked(10, 2)
        assert get_parallel_chunksize() == 3
    finally:
        set_parallel_chunksize(old)


def test_starred_assignment_is_a_located_error():
    from numjit.errors import UnsupportedError

    def first_and_rest(t):
        a, *b = t
        return a

    with pytest.raises(UnsupportedError, match=r"starred assignment targets") as info:
        njit(first_and_rest)((1, 2, 3))
    assert "a, *b = t" in str(info.value)


def _truths(ints, floats, words, t, s):
    return (any(ints), all(ints), any(floats), all(floats), any(words), all(words), any(t), all(t),
            any(s), all(s), any(words[0]), all(floats[:0]), any(floats[:0]))


def test_any_and_all_of_lists_arrays_tuples_sets_and_strings():
    compiled = njit(_truths)
    for ints, floats, words, t, s in (([0, 3], np.array([np.nan, 1.0]), ["", "a"], (0, 2.5, "x"), {0, 1}),
                                      ([1, 2], np.array([0.0, -0.0]), ["b", "c"], (1, 0.0, ""), {2})):
        assert compiled(ints, floats, words, t, s) == _truths(ints, floats, words, t, s)
