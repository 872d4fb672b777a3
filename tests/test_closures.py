"""Functions as values in compiled code, compared with Python on the same inputs.

Lambdas and inner defs capturing scalars, arrays and other functions (read-only captures,
taken when the closure is made), called directly, passed to other functions, stored in tuples,
returned to compiled callers; map, filter, sorted/min/max with key=; a variable bound to one of
several jitted functions (first-class calls). Bad uses are located compile-time errors.
"""
import numpy as np
import pytest

from impl import COMPILE_ERRORS, njit

# numba compiles few of these forms (typed except clauses, finally, closures over arrays, ...)
pytestmark = pytest.mark.numjit_only


@njit
def square(x):
    return x * x


@njit
def cube(x):
    return x * x * x


def negate(x):                   # a plain Python function: compiled where compiled code calls it
    return -x


def apply_twice(f, x):
    return f(f(x))


def make_adder(k):
    return lambda x: x + k


def outcome(fn, *args):
    try:
        value = fn(*args)
    except Exception as exc:
        return ("raised", type(exc), str(exc))
    return ("ok", _plain(value))


def _plain(value):
    if isinstance(value, np.ndarray):
        return ("array", value.tolist())
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, [_plain(v) for v in value])
    return value


def same(pyfunc, *argsets, **options):
    cfunc = njit(**options)(pyfunc)
    for args in argsets:
        assert outcome(cfunc, *args) == outcome(pyfunc, *args), f"{pyfunc.__name__}{args}"


def closures(a, k):
    scale = lambda x: x * k                     # noqa: E731 - lambdas bound to names are the case tested
    offset = a.sum()

    def shift(x, by=2.0):
        return x + offset + by

    def compose(f, g, x):
        return f(g(x))
    pair = (scale, shift)
    nested = lambda x: compose(scale, shift, x) + pair[0](1)    # noqa: E731 - captures closures
    add3 = make_adder(3)
    arr = scale(a) + shift(a, 1.0)              # arrays through closures
    return (apply_twice(scale, 3), scale(1.5), pair[1](1.0), shift(1, 5), nested(2.0), add3(k),
            apply_twice(lambda z: z - k, 10), arr, compose(square, negate, k))


def test_lambdas_and_inner_defs():
    same(closures, (np.arange(4.0), 2), (np.zeros(0), -3), (np.array([1.5, -2.5]), 7))


def call_made(maker, k):
    add = maker(k)                              # a closure returned by a jitted function
    return add(3) + maker(k + 1)(0.5) + apply_twice(add, 1)


def test_closures_returned_to_compiled_callers():
    assert njit(call_made)(njit(make_adder), 4) == call_made(make_adder, 4)


def loop_captures(n):
    total = 0
    for i in range(n):
        f = lambda x: x * i                     # noqa: E731 - made again each iteration
        total += f(2)
    return total


def test_closure_made_in_a_loop():
    same(loop_captures, (0,), (5,))


def functional(xs, a, k):
    s = sorted(xs, key=lambda x: (x - k) ** 2)
    t = sorted(a, key=lambda x: -x, reverse=True)
    u = min(xs, key=lambda x: abs(x - k))
    v = max(a, key=lambda x: x % 3)
    w = list(map(lambda x, y: x * y, xs, xs))
    z = sum(map(lambda x: x + k, filter(lambda x: x % 2 == 0, xs)))
    return s, t, u, v, w, z, list(filter(None, xs)), list(map(square, xs))


def test_map_filter_sorted_min_max():
    same(functional, ([3, 1, 4, 1, 5, 9, 2, 6], np.arange(5.0), 4), ([0, 7, 0, 2], np.array([2.5, -1.0]), -1))


def comprehension_lambdas(a, k):
    # lambdas inside comprehensions: called where they are made, or the key= of sorted/min/max;
    # they read outer values, the comprehension's variables (by value: each iteration makes its own)
    # and parameters that shadow them; nested comprehensions, generator expressions, set/dict ones
    offset = k * 2
    called = [(lambda y: y * x + offset)(2) for x in a]
    shadowed = [(lambda x: x + 1)(x) for x in a]
    nested = [[(lambda z: z + x * 10 + y)(1) for y in range(2)] for x in a]
    keyed = [sorted([x, 1, 5], key=lambda v: abs(v - x - k))[1] for x in a]
    closest = [min(a, key=lambda v: (v - x * k) ** 2) for x in range(3)]
    total = sum((lambda t: t * t)(x) for x in a)
    parities = {(lambda t: t % 2)(x) for x in a}
    shifted = {x: (lambda t: t + x)(k) for x in a}
    kept = [(lambda: x + k)() for x in a if (lambda q: q > 1)(x)]
    add = lambda t: t + offset                  # noqa: E731 - made outside, called inside
    outer = [add(x) for x in a]
    return called, shadowed, nested, keyed, closest, total, parities, shifted, kept, outer


def test_lambdas_inside_comprehensions():
    same(comprehension_lambdas, ([1, 2, 3], 5), ([4], -2), (np.array([1.5, -0.5]), 1))


def empty_min_key(xs):
    return min(xs, key=lambda x: -x)


def test_min_key_of_empty_raises():
    same(empty_min_key, (np.array([1.5, 0.5]),), (np.zeros(0),))


def first_class(c, x, a):
    f = square if c else cube
    total = f(x)
    for g in (square, cube, negate):
        total += g(x)
    fs = (square, negate, cube)
    h = np.sin if c else np.cos
    return total + fs[c](x) + fs[-1](2), h(a)


def test_first_class_function_choice():
    same(first_class, *[(c, x, np.linspace(0, 1, 3)) for c in (0, 1, 2) for x in (3, -2)])


def reassigned_after_capture(x):
    s = 1.0
    g = lambda y: y + s                         # noqa: E731
    s = 2.0
    return g(x)


def captured_before_assignment(x):
    g = lambda y: y + t                         # noqa: E731
    t = 2.0
    return g(x)


def comprehension_lambda_kept(x):
    fs = [(lambda: v) for v in range(x)]       # Python's three closures all see v's last value
    return fs[0]()


def comprehension_reassigned_after_capture(x):
    s = 1.0
    r = [(lambda y: y + s)(v) for v in range(x)]
    s = 2.0
    return r


def keyword_call(x):
    g = lambda y, z: y + z                      # noqa: E731
    return g(x, w=1)                            # (keywords that name parameters work)


def returns_closure_to_python(k):
    return lambda x: x + k


def subscripted_closure(x):
    g = lambda y: y + x                         # noqa: E731
    return g[0]


@pytest.mark.parametrize("fn,arg,words", [
    (reassigned_after_capture, 1.0, "'s' is assigned after a closure"),
    (captured_before_assignment, 1.0, "assigned only after it"),
    (comprehension_lambda_kept, 3, "must be called where it is made"),
    (comprehension_reassigned_after_capture, 3, "'s' is assigned after a closure"),
    (keyword_call, 1.0, "missing argument 'z'"),
    (returns_closure_to_python, 1, "cannot return closure"),
    (subscripted_closure, 1.0, "is not subscriptable"),
])
def test_bad_uses_are_compile_errors(fn, arg, words):
    with pytest.raises(COMPILE_ERRORS) as info:
        njit(fn)(arg)
    assert words in str(info.value)
