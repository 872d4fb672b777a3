"""Regressions found by numjit's differential fuzzer (tools/fuzz), each minimised by its reducer.

Each test compares the compiled function with plain Python on the same inputs.
"""
import numpy as np
import pytest

from impl import njit, impl_module, TypingError, UnsupportedError

typed = impl_module.typed
typed_types = impl_module.types


def _same(a, b):
    assert type(a) is type(b) and len(a) == len(b)
    for x, y in zip(a, b):
        assert type(x) is type(y) or isinstance(x, (np.generic, float, int)), (x, y)
        np.testing.assert_allclose(x, y)


def array_expression_attributes(a, b):
    # len() / .shape / .size / .ndim / zeros_like of an array expression: it is materialised
    # (was: "no implementation of len() for argument types (arrayexpr(float64, 1d))")
    return (len(a + b), (a * 2).shape[0], (a - b).size, (a + b).ndim, float(np.zeros_like(a * 2).sum()),
            len(np.sqrt(np.abs(a))), (a > 1).shape[0])


def test_array_expression_attributes():
    for a in (np.arange(4.0), np.arange(6, dtype=np.int32)[::-2], np.empty(0)):
        _same(njit(array_expression_attributes)(a, a), array_expression_attributes(a, a))


def narrow_scalar_operands(a, i32, f32, u64, i16, n):
    # NumPy 2 (NEP 50): only Python's int/float/complex are weak; np.int32(7) etc. take part in
    # the result dtype (was: uint8_array + np.int32(x) range-checked x as a Python int and
    # raised OverflowError: "Python integer out of bounds for uint8")
    return (a + i32, a * f32, a + u64, a > i32, a + i16, a + n, a * 2.5, np.where(a > 1, a, i16))


def test_narrow_numpy_scalars_are_strong_in_array_expressions():
    compiled = njit(narrow_scalar_operands)
    for a in (np.arange(3, dtype=np.uint8), np.arange(3, dtype=np.float32), np.arange(-2, 2, dtype=np.int64)):
        args = (a, np.int32(-50000), np.float32(1.5), np.uint64(3), np.int16(-2), 7)
        for want, got in zip(narrow_scalar_operands(*args), compiled(*args)):
            assert want.dtype == got.dtype
            np.testing.assert_array_equal(want, got)


def complex_cumulative(a):
    # np.cumsum / np.cumprod of complex arrays (was: "no implementation of np.cumsum() for
    # argument types (complex128[::1])")
    return np.cumsum(a), np.cumprod(a), np.cumsum(a, axis=1), a.cumprod(axis=0), np.cumsum(a[0] * 2)


def test_complex_cumsum_cumprod():
    a = (np.arange(6.0) + 1j * np.arange(6.0)[::-1]).reshape(2, 3)
    for x in (a, np.asfortranarray(a), a[:, ::-1]):
        for want, got in zip(complex_cumulative(x), njit(complex_cumulative)(x)):
            assert want.dtype == got.dtype
            np.testing.assert_allclose(want, got)


def float_power(x, y):
    return x ** y


def test_float_power_raises_as_python():
    # Python's float ** raises OverflowError for a finite result too large and ZeroDivisionError
    # for 0.0 to a negative power (was: inf); NumPy's error model (arrays, ufuncs) keeps inf
    compiled = njit(float_power)
    for x, y in ((1e300, 2.0), (2.0, 1025.0), (0.0, -1.0), (0.0, -0.5), (1e300, 2), (2.0, 3.0),
                 (float("inf"), 2.0), (10.0, -400.0), (0.0, 0.0), (float("nan"), 2.0), (-2.0, 3.0)):
        try:
            want = ("value", float_power(x, y))
        except (OverflowError, ZeroDivisionError) as exc:
            want = ("raise", type(exc), str(exc))
        try:
            got = ("value", compiled(x, y))
        except (OverflowError, ZeroDivisionError) as exc:
            got = ("raise", type(exc), str(exc))
        if want[0] == "value" and got[0] == "value":
            np.testing.assert_equal(got[1], want[1])
        else:
            assert got == want, (x, y)
    a = np.array([1e300, 0.0, 2.0])
    with np.errstate(all="ignore"):
        np.testing.assert_equal(njit(float_power)(a, -1.0), float_power(a, -1.0))
        np.testing.assert_equal(njit(float_power)(a, 2.0), float_power(a, 2.0))


def early_return_before_loop_temp(a, stop):
    # a `for` over an array expression keeps the array in a slot made when the loop is lowered;
    # a `return` lowered before that (earlier in the outer loop's body) must release it too
    # (was: fuzz program 17-833, 5 allocations / 4 frees)
    for i in range(3):
        if i == stop:
            return i * 1.0
        for e in a * a:
            pass
    return -1.0


def test_early_return_releases_later_loop_temporaries():
    from numjit.runtime import allocation_stats
    compiled = njit(early_return_before_loop_temp)
    a = np.arange(4.0)
    for stop in (0, 1, 2, 5):
        before = allocation_stats()
        assert compiled(a, stop) == early_return_before_loop_temp(a, stop)
        allocs, frees = (x - y for x, y in zip(allocation_stats(), before))
        assert allocs == frees == min(stop, 3)


def complex_powers(z, w, n):
    return z ** w, z ** n, z ** 2, z ** -3, z ** 0, z ** 7, z ** 2.5, z ** 100, z ** 101


def _outcome(fn, *args):
    try:
        return ("value", fn(*args))
    except (OverflowError, ZeroDivisionError) as exc:
        return ("raise", type(exc), str(exc))


def test_complex_power_as_python():
    # complex ** follows CPython operation for operation: an integral exponent (|n| <= 100) is a
    # chain of products, others _Py_c_pow; an infinite part is OverflowError("complex
    # exponentiation"), 0 to a negative power ZeroDivisionError (was: exp(w * log(z)),
    # off by ulps for integral powers and inf instead of the error)
    compiled = njit(complex_powers)
    inf, nan = float("inf"), float("nan")
    for z, w, n in ((2 + 3j, 3 + 0j, -2), (-0.5 + 0.25j, 1j, 5), (1e200 + 1e200j, 2.5 + 0j, 2),
                    (0j, -1 + 0j, 1), (0j, 2 + 0j, -1), (1e-200 + 0j, -2 + 0j, 3), (complex(inf, 0), 2 + 0j, 2),
                    (complex(nan, 1), 1 + 1j, 0), (1 + 1j, complex(inf, 0.5), 101), (1e155 + 0j, 33 + 0j, 2),
                    (1.0000001 - 1j, 100 + 0j, -100), (3.5 - 2j, -3 + 0.5j, 64)):
        want, got = _outcome(complex_powers, z, w, n), _outcome(compiled, z, w, n)
        if want[0] == got[0] == "value":
            np.testing.assert_equal(np.array(got[1]), np.array(want[1]))    # bit for bit, nan-aware
        else:
            assert got == want, (z, w, n)


def test_complex_array_power_as_numpy():
    # arrays follow NumPy's npy_cpow: products for integral exponents below 100, 0 ** w is 0 or nan
    z = np.array([2 + 3j, -0.5 + 0.25j, 0j, 1e-200 + 0j, 1e155 + 0j, 3.5 - 2j, 1j])
    compiled = njit(lambda a, w: a ** w)
    with np.errstate(all="ignore"):
        for w in (3 + 0j, -2 + 0j, 1 + 0j, 7, -1, 0.5 + 0j, 2.5 + 1j, 100 + 0j, 0j):
            np.testing.assert_allclose(compiled(z, w), np.power(z, w), rtol=1e-13)


def weak_int_out_of_range(a, n, out):
    out[:] = a + 1
    return a - (-16), (a[1::2] + n > 1).sum(), a * n


def test_python_int_out_of_range_raises_for_empty_arrays_too():
    # NumPy 2 checks a Python int operand against the array's dtype before looking at the data
    # (was: an empty uint8 array minus -16 gave an empty array; fuzz program 12-426)
    compiled = njit(weak_int_out_of_range)
    for a, n in ((np.zeros(0, np.uint8), 2), (np.arange(3, dtype=np.uint8), 2), (np.zeros(0, np.int8), 300),
                 (np.arange(4, dtype=np.int16)[::2], -3)):
        try:
            want = weak_int_out_of_range(a, n, np.empty_like(a))
        except OverflowError:
            want = OverflowError
        try:
            got = compiled(a, n, np.empty_like(a))
        except OverflowError:
            got = OverflowError
        if want is OverflowError or got is OverflowError:
            assert got is want, (a, n)
        else:
            for x, y in zip(want, got):
                np.testing.assert_array_equal(x, y)



def _boom(k):
    raise ValueError(f"boom {k}")


def raising_items(n, w):
    # fuzz 32-271: a comprehension whose items always raise makes an empty list (of noreturn) when
    # no item is evaluated and raises when one is (was: "a list cannot hold noreturn"); a display
    # with such an item is never made (its type is noreturn, which unifies with any other).
    # `w` picks the one that raises
    empty = [_boom(k) for k in range(n) if w == 0 and k == 2]
    total = len(empty) + len({_boom(k) for k in range(n) if w == 1 and k == 2})
    total += len({k: _boom(k) for k in range(n) if w == 2}) + len({_boom(k): 1.5 for k in range(n) if w == 3})
    for v in [_boom(k) for k in range(n) if w == 4 and k > 2]:
        total += v
    if w == 5:
        listed = [np.ones(n), _boom(w)]           # the array made first is released
    else:
        listed = [np.zeros(n)]
    d = {1: _boom(w)} if w == 6 else {2: 3}
    s = {_boom(w)} if w == 7 else {n}
    nested = [[_boom(k) for k in range(j) if w == 8] for j in range(n)]
    made = ({_boom(k) for k in range(n) if w == 9}, {k: _boom(k) for k in range(n) if w == 10})
    return total, empty, nested, len(listed), d, s, made


def test_comprehension_of_always_raising_items():
    compiled = njit(raising_items)
    for n, w in [(0, 0), (5, -9)] + [(5, w) for w in range(11)]:
        try:
            want = ("value", raising_items(n, w))
        except ValueError as exc:
            want = ("raise", str(exc))
        try:
            got = ("value", compiled(n, w))
        except ValueError as exc:
            got = ("raise", str(exc))
        assert got == want, (n, w)


def stores_into_raising_comprehension(n, w):
    # a list of noreturn (the comprehension's items always raise; empty when none is evaluated)
    # takes its item type from a later store, as `[]` does (was: "cannot store float64 in a
    # list(noreturn)"); one never stored into stays a list of noreturn (returned: empty)
    floats = [_boom(k) for k in range(n) if w == 0]
    floats.append(2.5)
    floats.append(n)
    alias = [_boom(k) for k in range(n) if w == 1]
    arrays = alias
    arrays.append(np.ones(n))                   # an item that holds a reference (released)
    grown = [_boom(k) for k in range(n) if w == 2]
    grown += [n, 2]
    grown[0] = 7
    untouched = [_boom(k) for k in range(n) if w == 3]
    print(untouched)
    if w == 4:
        a, b = untouched                        # always empty: ValueError when it runs, as in Python
        return a + b
    return floats, alias[0].sum() + len(arrays), grown, untouched


def test_stores_into_a_list_of_raising_items():
    compiled = njit(stores_into_raising_comprehension)
    for n, w in [(0, 0), (3, -1)] + [(3, w) for w in range(5)]:
        try:
            want = ("value", stores_into_raising_comprehension(n, w))
        except ValueError as exc:
            want = ("raise", str(exc).split(" (")[0])          # (the counts are worded differently)
        try:
            got = ("value", compiled(n, w))
        except ValueError as exc:
            got = ("raise", str(exc).split(" (")[0])
        assert got == want, (n, w)


def tuples_with_optional_items(x):
    # fuzz 901-63: a tuple comparison with an optional item compares its value (was: InternalError
    # "no conversion from OptionalType(float64) to float64")
    o = None
    if x > 0:
        o = x * 0.5
    return (6, o) == (3, o + 0.0), (1, o) == (1, 1.5), (o, 1) < (2.0, 1), (1, o) != (1, 2.5), (o, 2) >= (1.5, 3)


def test_tuple_compare_with_optional_items():
    compiled = njit(tuples_with_optional_items)
    for x in (1, 3, 4, 5):
        assert compiled(x) == tuples_with_optional_items(x), x


def logical_reductions_1d(a):
    # np.all / np.any with axis= of a 1-d array give a scalar, as NumPy (was: a 0-d array, and
    # with keepdims=True "no implementation of np.full() for argument types ((int64,), bool[()])")
    return (np.all(a != 0, axis=0), np.any(a > 1, axis=-1), (a > 0).all(0),
            np.all(a > 0, axis=0, keepdims=True), np.any(a < 0, axis=-1, keepdims=True))


def test_logical_reductions_of_1d_arrays_with_axis():
    compiled = njit(logical_reductions_1d)
    for a in (np.array([1, 2, 0]), np.arange(5.0)[::-2], np.array([np.nan, -1.0]), np.empty(0, np.int8)):
        want, got = logical_reductions_1d(a), compiled(a)
        for w, g in zip(want[:3], got[:3]):
            assert not isinstance(g, np.ndarray) and bool(w) == g
        for w, g in zip(want[3:], got[3:]):
            assert w.dtype == g.dtype and w.shape == g.shape
            np.testing.assert_array_equal(w, g)


def zero_d_conversions(a):
    # float() / int() / bool() / complex() of a 0-d array, as nditer yields them (was: "no
    # implementation of float() for argument types (readonly float64[()])")
    s, n, b, c = 0.0, 0, 0, 0j
    for e in np.nditer(a):
        s += float(e)
        n += int(e)
        b += bool(e)
        c += complex(e)
    z = np.zeros(()) + s
    return s, n, b, c, float(z), int(z), bool(z)


def test_scalar_conversions_of_0d_arrays():
    compiled = njit(zero_d_conversions)
    for a in (np.array([[1.5, -2.75, 0.0]]), np.asfortranarray(np.arange(6, dtype=np.uint64).reshape(2, 3)),
              np.array([True, False, True])[::-1], np.array([7], np.int8)):
        want, got = zero_d_conversions(a), compiled(a)
        assert [type(x) for x in want] == [type(x) for x in got] and want == got


def store_through_nd_index_array(a, i, z):
    # a[i] = v / a[i] op= v with one n-d (or 0-d) integer index array, plain or an expression
    # (was: "no implementation of []= for argument types (float64[:, ::1], uint8[:, ::1], float64)")
    a[i] = 5.0
    a[i % 3] += a[i % 3] * 0.5
    a[z] = -1.0
    return a


def test_store_through_an_nd_index_array():
    compiled = njit(store_through_nd_index_array)
    for a, i in ((np.asfortranarray(np.arange(6.0).reshape(3, 2)), np.array([[2, 2, 0], [1, 1, 0]], np.uint8)),
                 (np.arange(3.0)[::-1], np.array([[-1], [0]]))):
        want = store_through_nd_index_array(a.copy(), i, np.array(1))
        np.testing.assert_array_equal(want, compiled(a.copy(), i, np.array(1)))


def flat_nd_index(a, i, u):
    # a.flat read / assigned through an n-d integer index array (a plain one or an expression):
    # the result takes the index's shape (was: "no implementation of [] for argument types
    # (flatiter(float64[:, ::1]), int64[:, ::1])"); uint64 indexes, scalar or array (was: "no
    # implementation of flat_load() for argument types (flatiter(float64[::1]), float64)")
    got = a.flat[i]
    a.flat[np.abs(i) % 3] = -1.0
    a.flat[i[::-1]] = np.arange(2.0)
    a.flat[u] = a.flat[u] + 0.5
    return got, a.flat[i % 4 - 4], a.flat[np.abs(i).astype(np.uint64)], a


def test_flat_with_nd_index_arrays():
    compiled = njit(flat_nd_index)
    i = np.array([[0, -1, 2], [5, 5, 1]])
    for a in (np.arange(6.0).reshape(2, 3), np.asfortranarray(np.arange(6.0).reshape(3, 2))):
        want = flat_nd_index(a.copy(order="K"), i, np.uint64(4))
        for want, got in zip(want, compiled(a.copy(order="K"), i, np.uint64(4))):
            assert want.shape == got.shape
            np.testing.assert_array_equal(want, got)


def store_with_leading_unit_dims(a, b, i):
    # an assigned array may have more dimensions than the selection when the extra leading ones
    # are 1, as in NumPy (was: "no implementation of []= for argument types (bool[:, ::1],
    # (int64, int64[::1]), arrayexpr(bool, 2d))")
    a[0, i] = b > 0.5
    a[i % 2] = b[None]
    a[a[:, 0]] = b
    return a


def test_store_values_with_leading_unit_dimensions():
    compiled = njit(store_with_leading_unit_dims)
    b, i = np.array([[0.0, 1.0, 2.0]]), np.array([2, 0, 1])
    for a in (np.zeros((2, 3), bool), np.asfortranarray(np.ones((2, 3), bool))):
        np.testing.assert_array_equal(store_with_leading_unit_dims(a.copy(order="K"), b, i),
                                      compiled(a.copy(order="K"), b, i))
    with np.testing.assert_raises(ValueError):
        compiled(np.zeros((2, 3), bool), np.ones((2, 3)), i)


def typed_lists_from_iterables(n, a, xs):
    # typed.List(iterable) in compiled code copies the items (was: "no implementation of
    # numjit.typed.List() for argument types (list(int64))"); the copy is independent
    lst = typed.List([1, 2, n])
    rng = typed.List(range(n))
    arr = typed.List(a)
    tup = typed.List((n, n + 1))
    cpy = typed.List(xs)
    cpy.append(0.5)
    lst.append(sum(rng))
    arr[0] = -1.0
    return list(lst), list(rng), list(arr), list(tup), list(cpy), len(xs), a[0]


def test_typed_list_from_iterables():
    compiled = njit(typed_lists_from_iterables)
    for n, a in ((4, np.arange(3.0)), (0, np.linspace(0, 1, 5)[::2])):
        xs = typed.List([1.5, 2.5])
        got, want = compiled(n, a.copy(), xs), typed_lists_from_iterables(n, a.copy(), typed.List([1.5, 2.5]))
        assert got == want and len(xs) == 2


def starred_tuple_displays(t, x, a):
    # `*t` in a tuple display (was: "Starred expressions are not supported in compiled code")
    u = (*t, x)
    w = (x, *t, *t, *(a, a[::-1]))
    acc = 0.0
    for i in range(3):
        v = (i, *u)            # typed inside a loop too
        acc += v[0] + v[-1]
    return u, w[:-2], len(w), float(w[-1].sum() + w[-2][0]), acc, ()+(*(),)


def test_starred_tuple_displays():
    compiled = njit(starred_tuple_displays)
    for args in (((1, 2.5, True), 3, np.arange(3.0)), ((), -1.5, np.ones(2)[::-1])):
        got, want = compiled(*args), starred_tuple_displays(*args)
        assert got[0] == want[0] and got[1] == want[1] and got[2:] == want[2:]


@pytest.mark.numjit_only
def test_starred_list_in_a_tuple_display_is_a_located_error():
    def f(xs):
        return (1, *xs)
    with pytest.raises((TypingError, UnsupportedError)) as info:
        njit(f)([1, 2])
    assert "*unpacking" in str(info.value) and "return (1, *xs)" in str(info.value)


def _add(p, q):
    return p + q


def star_call_in_a_store_index(a, t):
    # a starred call argument inside a subscript target is not a starred target (was: "starred
    # assignment targets (first, *rest = ...) are not supported")
    a[_add_jit(*t)] = 5.0
    a[_add_jit(*t) - 1] += a[_add_jit(*(t[1], t[0]))]
    return a


_add_jit = njit(_add)


def test_starred_call_inside_a_store_index():
    a, t = np.arange(5.0), (1, 2)
    assert np.array_equal(njit(star_call_in_a_store_index)(a.copy(), t), star_call_in_a_store_index(a.copy(), t))


def extend_from_ranges_and_iterators(n):
    # list.extend / typed.List.extend of a range or an iterator (was: "no implementation of
    # method extend() ... (range)")
    lst = [1]
    lst.extend(range(n))
    lst.extend(iter([7, 8]))
    tl = typed.List.empty_list(impl_module.types.int64)
    tl.extend(range(2, n))
    tl.extend(iter(lst))
    return lst, list(tl)


def test_extend_from_ranges_and_iterators():
    for n in (0, 4):
        assert njit(extend_from_ranges_and_iterators)(n) == extend_from_ranges_and_iterators(n)


def _order(a, b):
    return a < b, a <= b, a > b, a >= b


def test_typed_lists_order_as_lists_from_python():
    # typed.List <, <=, >, >= used from Python, as lists (was: TypeError; compiled code and numba
    # order them)
    for x, y in (([3, 1], [3]), ([1.5], [1.5]), ([0], [0, 0]), ([2, 0], [1, 9])):
        want = _order(x, y)
        assert _order(typed.List(x), typed.List(y)) == want
        assert njit(_order)(typed.List(x), typed.List(y)) == want


def builtin_sort_keys(ints, words):
    # a builtin as the sort key: sorted(l, key=abs), l.sort(key=len) (was an InternalError:
    # "'builtin_function_or_method' object has no attribute '__code__'")
    by_abs = sorted(ints, key=abs)
    ints.sort(key=abs, reverse=True)
    words.sort(key=len)
    return by_abs, ints, words, sorted(ints[::-1], key=abs)


def test_builtin_sort_keys():
    for ints, words in (([3, -5, 1, -1, 0], ["ab", "c", "", "xyz", "d"]), ([7], ["q"])):
        assert njit(builtin_sort_keys)(list(ints), list(words)) == builtin_sort_keys(list(ints), list(words))


def generator_extremes(n, a):
    # max()/min() of a generator function's result (was: "no implementation of max() for argument
    # types (generator(...))"; sum() of one worked)
    def evens(m):
        for i in range(m):
            if i % 2 == 0:
                yield i * 3 - m

    def shifted(x):
        for v in x:
            yield v - 1.0
        yield -0.5
    return max(evens(n)), min(evens(n)), max(shifted(a)), min(shifted(a[::-1]))


def test_max_min_of_generators():
    compiled = njit(generator_extremes)
    for n, a in ((5, np.array([2.0, np.nan, -3.0])), (1, np.empty(0))):
        assert compiled(n, a) == generator_extremes(n, a)
    with pytest.raises(ValueError, match="empty sequence"):
        compiled(0, np.empty(0))
    with pytest.raises(ValueError, match="empty sequence"):
        generator_extremes(0, np.empty(0))


def round_digits(xs, n):
    return [round(x, n) for x in xs]


def test_round_ndigits_is_correctly_rounded_for_every_n():
    # round(x, n) of a float64 equals CPython's for every n (was: the last bit off for n > 22, for
    # n < -22 and for huge x with n < 0 — round(4.48e26, -25) gave 4.5000000000000005e+26 —, and
    # round(inf, -400) gave 0.0)
    import random
    rng = random.Random(9)
    xs = [rng.uniform(-10, 10) * 10.0 ** rng.randint(-300, 300) for _ in range(300)]
    xs += [4.48e26, 1.2345678901234568e-11, 5e-324, 2.675, -2.5, 0.5, -0.0, 1e308, float("inf"), float("-inf")]
    compiled = njit(round_digits)
    for n in (-400, -309, -308, -200, -25, -23, -22, -5, -1, 0, 1, 2, 15, 22, 23, 40, 300, 323, 324, 400):
        assert [repr(v) for v in compiled(xs, n)] == [repr(v) for v in round_digits(xs, n)], n
    assert all(v != v for v in compiled([float("nan")], -400) + compiled([float("nan")], 30))


def inner_keyword_calls(x, k):
    # keyword arguments in calls of lambdas and inner defs, also of one passed to another inner
    # def (was: "keyword arguments in calls of inner functions and lambdas are not supported")
    g = lambda a, b=2, c=0.5: a * b + c

    def h(a, b=-1):
        return a - b * k

    def apply(fn, v):
        return fn(v, c=1.0)
    return g(x, c=3.0), g(a=x), g(x, 4), g(x, c=k, b=1), h(x, b=3), h(b=2, a=x), apply(g, x)


def test_inner_function_keyword_calls():
    compiled = njit(inner_keyword_calls)
    for x, k in ((2.0, 3), (-0.5, -2)):
        assert compiled(x, k) == inner_keyword_calls(x, k)


def inner_calls_with_array_expressions(a, b):
    # an array expression passed to an inner def or lambda, by position or by keyword (was an
    # InternalError: "Type of #3 arg mismatch": the lazy expression was passed where the inner
    # function takes an array; found by the fuzzer, seed s901)
    def g(p, q=1.0):
        return p.sum() * q
    h = lambda p: p[0]
    return g(a * np.float32(0.5)), g(a + b, q=2.0), g(q=3.0, p=a - 1), h(a * 2 + b)


def test_inner_calls_with_array_expressions():
    a, b = np.arange(3.0), np.array([1.0, -2.0, 0.5])
    assert njit(inner_calls_with_array_expressions)(a, b) == inner_calls_with_array_expressions(a, b)


def inner_unknown_keyword(x):
    g = lambda a, b=2: a * b
    return g(x, d=1)


def test_inner_function_unknown_keyword_is_a_located_error():
    with pytest.raises(TypingError, match=r"unexpected keyword arguments \['d'\]") as info:
        njit(inner_unknown_keyword)(1.0)
    assert "g(x, d=1)" in str(info.value)


def test_fuzz_idioms_doctest():
    # tools/fuzz/idioms.py (the session-9 generators) is not in test_fuzz_smoke's doctest list
    import doctest
    from tools.fuzz import generate, idioms  # noqa: F401  (generate first: it loads the tables)
    assert doctest.testmod(idioms).failed == 0


def int_powers(n, k):
    # an integer to a constant negative power is Python's float, float(n) ** float(k) (numba and
    # numjit before session 10 gave trunc(1 / n**2), usually 0); also `x **= -2` and `n ** -k`
    # folded from constants; a positive constant and a run-time exponent keep int results
    x = n
    x **= -2
    return n ** -1, n ** -2, (-n) ** -3, n ** (-(2)), x, 2 ** -3, n ** 3, pow(n, 2), n ** k


@pytest.mark.numjit_only
def test_int_to_constant_negative_powers_are_floats():
    f = njit(int_powers)
    for n, k in ((2, 3), (-3, 0), (7, 5), (1, 2), (-1, 1), (10**6, 2)):
        got, want = f(n, k), int_powers(n, k)
        assert [type(v) for v in got] == [type(v) for v in want] and got == want, (n, k, got, want)
    with pytest.raises(ZeroDivisionError, match=r"^0\.0 cannot be raised to a negative power$"):
        f(0, 1)


def run_time_power(a, b):
    return a ** b


@pytest.mark.numjit_only
def test_int_to_run_time_negative_power():
    # the exponent's sign is known only at run time and the result type must be an int: a base of
    # 1 or -1 gives Python's value (as an int), 0 Python's ZeroDivisionError, any other base NumPy's
    # ValueError (was: numba's truncated 0, a wrong value where Python gives a float)
    f = njit(run_time_power)
    for a, b in ((1, -3), (-1, -3), (-1, -4), (3, 4), (-2, 5), (5, 0)):
        assert f(a, b) == run_time_power(a, b)
    with pytest.raises(ZeroDivisionError, match=r"^0\.0 cannot be raised to a negative power$"):
        f(0, -2)
    for a in (2, -2, 10**9):
        with pytest.raises(ValueError, match="Integers to negative integer powers are not allowed"):
            f(a, -1)


def test_fuzz_edges_doctest():
    # tools/fuzz/edges.py (the session-10 generators) is not in test_fuzz_smoke's doctest list
    import doctest
    from tools.fuzz import generate, edges  # noqa: F401  (generate first: it loads the tables)
    assert doctest.testmod(edges).failed == 0


def test_fuzz_mixes_doctest():
    # tools/fuzz/mixes.py (the session-11 generators), likewise
    import doctest
    from tools.fuzz import generate, mixes  # noqa: F401  (generate first: it loads the tables)
    assert doctest.testmod(mixes).failed == 0


def float32_text(x, a, c):
    # str() of a float32 or complex64 is NumPy's shortest digits for the type ('0.1'; was the float64
    # digits of its value, '0.10000000149011612'); an f-string without a spec formats it as a
    # float, as NumPy does; found by a hand probe of str()/f-strings of floats
    items = [str(v) for v in a]
    return str(x), f"{x!s}", f"{x}", str(c), str(x * np.float32(3)), items, f"{a[0]:.3f}"


def print_float32(x, a, c):
    print(x, a[0], c, x * np.float32(2), a[::-1])


@pytest.mark.numjit_only
def test_str_of_float32_is_numpys_shortest(capsys):
    a = np.array([0.1, 1e-7, 3.4e38, np.nan, -0.0, -np.inf, 16777216.0, 123456.79], dtype=np.float32)
    for x, c in ((np.float32(0.1), np.complex64(0.1 + 0.2j)), (np.float32(-2.5e-5), np.complex64(1e20j))):
        assert njit(float32_text)(x, a, c) == float32_text(x, a, c)
        print_float32(x, a, c)
        want = capsys.readouterr().out
        njit(print_float32)(x, a, c)
        assert capsys.readouterr().out == want


def index_in_try(a, i, j):
    # an array index in the body of a try whose handler catches IndexError (or a base class) is
    # bounds-checked as Python's is (was: an unchecked read past the array, as numba does without
    # boundscheck=True); found by a hand probe of try/except in loops
    out = []
    try:
        out.append(float(a[i, j]))
    except IndexError as e:
        out.append(-1.0 - len(e.args))
    try:
        a[i, j] = 5.0
    except LookupError:
        out.append(-2.0)
    try:
        out.append(float(a[i].sum()))
    except Exception:
        out.append(-3.0)
    for k in range(4):
        try:
            out.append(float(a[0, k]))
        except:  # noqa: E722
            out.append(-4.0)
            break
    return out, a


@pytest.mark.numjit_only
def test_array_index_in_try_is_bounds_checked():
    for i, j in ((1, 2), (2, 0), (-3, 1), (0, 3), (-1, -4)):
        a = np.arange(6.0).reshape(2, 3)
        got, want = njit(index_in_try)(a.copy(), i, j), index_in_try(a.copy(), i, j)
        assert got[0] == want[0] and np.array_equal(got[1], want[1]), (i, j, got, want)


def typed_container_casts(n, x):
    # typed.List/Dict of a narrower number type cast what they store, as numba's do (with a
    # warning there): ints into int32/uint8 wrap, floats into float32 round (was: "cannot store
    # int64 in a ListType[int32]"); found by a hand probe of typed containers
    ints = typed.List.empty_list(typed_types.int32)
    small = typed.List.empty_list(typed_types.uint8)
    floats = typed.List.empty_list(typed_types.float32)
    d = typed.Dict.empty(typed_types.int32, typed_types.float32)
    for i in range(n):
        ints.append(i * 1000003)
        small.append(i * 100)
        floats.append(i * x)
        d[i - 2] = i / 3
    ints.insert(0, 2**33 + 7)
    small[0] = 300
    floats.extend([x, 2 * x])
    d.setdefault(n, x)
    return ([int(v) for v in ints], [int(v) for v in small], [float(v) for v in floats],
            sorted([(int(k), float(v)) for k, v in d.items()]))


def float_into_int_list(x):
    ints = typed.List.empty_list(typed_types.int64)
    ints.append(x)
    return ints


def test_typed_containers_cast_stored_numbers():
    for n, x in ((5, 0.1), (1, -2.5)):
        assert njit(typed_container_casts)(n, x) == typed_container_casts(n, x)
    with pytest.raises(TypingError):
        njit(float_into_int_list)(1.5)


def uint64_bitwise_with_ints(a, n):
    # uint64 with a signed int in & | ^ << >> is an int, as in numba: a shift keeps the left
    # operand's signedness, & | ^ give int64 (was: "operator << is not defined for uint64, int64":
    # uint64 with int64 was typed float64); found by a hand probe of integer dtype mixing
    out = []
    for x in a:
        h = x
        h ^= h >> n
        h = (h << 3) & 0xFFFFFFFF
        k = n
        k |= x
        out.append((int(h), int(k), int(x >> 1), int(n << (x & 7)), int(x ^ n), int(n & x)))
    return out


def test_uint64_bitwise_with_signed_ints():
    values = [0, 1, 7, 12345, 2**40 + 3]
    for n in (0, 2, 5):
        got = njit(uint64_bitwise_with_ints)(np.array(values, np.uint64), n)
        assert got == uint64_bitwise_with_ints(values, n), n
