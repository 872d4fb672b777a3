"""Optional(T): a T or None — returned to Python, narrowed by `is None`, unwrapped by operations
(TypeError on None), taken from explicit signatures and `d.get(k)`. Differential against Python."""
import math

import numpy as np
import pytest

from impl import njit, types, IS_NUMBA


def positive(x):
    if x > 0:
        return x
    return None


def uses_optional(x):
    """Narrowing by `is None` / `is not None`, truth, a conditional expression, a callee's optional."""
    y = positive(x)
    a = 0.0 if y is None else y * 2
    b = -1.0
    if y is not None:
        b = y + 1
    c = 1 if y else 0                     # None and 0.0 are false
    return a, b, c, y == None, y != None, str(y), f"<{y}>"   # noqa: E711


def running_max(xs):
    best = None
    for x in xs:
        if best is None or x > best:
            best = x
    return best


def doubled(x):
    return positive(x) * 2                # None: TypeError


def unpack_and_iterate(n):
    pair = (n, 2.5) if n > 0 else None
    a, b = pair                           # None: TypeError
    total = 0.0
    for v in (np.arange(n) if n > 1 else None):
        total += v
    for v in ([1.5, 2.0] if n > 2 else None):
        total += v
    return a + b + total


def maybe_array(n):
    a = np.arange(n) * 1.5 if n > 0 else None
    return a


def use_maybe_array(n):
    a = maybe_array(n)
    if a is None:
        return -1.0, 0
    return a.sum(), a.shape[0]            # attribute, method and index through the optional


def maybe_str(n):
    return "x" * n if n > 1 else None


def get_without_default(d, keys):
    out = 0.0
    found = 0
    for k in keys:
        v = d.get(k)
        if v is not None:
            out += v
            found += 1
    return out, found, d.get(keys[0])


@pytest.mark.numjit_only          # plain-Python callees are compiled (numba needs them jitted)
def test_returns_and_narrowing():
    for pyfunc in (positive, uses_optional, maybe_str):
        cfunc = njit(pyfunc)
        for x in (2.5, -1.0, 0.0, math.inf, -math.inf):
            arg = int(x) if pyfunc is maybe_str and math.isfinite(x) else x
            if pyfunc is maybe_str and not math.isfinite(x):
                continue
            assert cfunc(arg) == pyfunc(arg)
    assert njit(positive)(math.nan) is None and positive(math.nan) is None
    crm = njit(running_max)
    for xs in ([3, 1, 4, 1, 5], [-2.0, -7.5], np.array([]), np.array([2, 9, 1])):
        assert crm(xs) == running_max(xs)


@pytest.mark.numjit_only          # plain-Python callees are compiled (numba needs them jitted)
def test_operation_on_none_raises_type_error():
    cfunc = njit(doubled)
    assert cfunc(3.0) == doubled(3.0)
    with pytest.raises(TypeError):
        doubled(-3.0)
    with pytest.raises(TypeError):
        cfunc(-3.0)
    cfunc = njit(unpack_and_iterate)
    assert cfunc(3) == unpack_and_iterate(3)
    for n in (0, 1, 2):
        with pytest.raises(TypeError):
            unpack_and_iterate(n)
        with pytest.raises(TypeError):
            cfunc(n)


@pytest.mark.numjit_only          # plain-Python callees are compiled (numba needs them jitted)
def test_optional_arrays_and_strings_do_not_leak():
    cfunc, user = njit(maybe_array), njit(use_maybe_array)
    for n in (0, 1, 4):
        got, want = cfunc(n), maybe_array(n)
        assert (got is None and want is None) or np.array_equal(got, want)
        assert user(n) == use_maybe_array(n)


@pytest.mark.skipif(IS_NUMBA, reason="numba's typed dicts only (reflected dicts are numjit's)")
def test_dict_get_without_default():
    cfunc = njit(get_without_default)
    d = {1: 2.5, 3: -1.0, 7: 0.0}
    for keys in ([1, 2, 3], [4, 7], [9]):
        assert cfunc(d, np.array(keys)) == get_without_default(d, np.array(keys))
    arrays = {1: np.ones(3), 2: np.arange(2.0)}

    @njit
    def total(d, k):
        v = d.get(k)
        return 0.0 if v is None else v.sum()
    for k in (1, 2, 5):
        v = arrays.get(k)
        assert total(arrays, k) == (0.0 if v is None else v.sum())


def test_explicit_optional_signatures():
    plus_one = njit("float64(optional(float64))")(lambda x: 0.0 if x is None else x + 1)
    assert plus_one(1.5) == 2.5 and plus_one(None) == 0.0 and plus_one(2) == 3.0
    strict = njit("float64(optional(float64))")(lambda x: x + 1)
    with pytest.raises(TypeError):
        strict(None)

    @njit(types.float64(types.float64, types.Optional(types.uint64)))     # numba-stats' spelling
    def scaled(x, n):
        if n is None:
            return x
        return x * n
    assert scaled(2.0, None) == 2.0 and scaled(2.0, 3) == 6.0
    maybe = njit("optional(float64)(float64)")(positive)
    assert maybe(2.0) == 2.0 and maybe(-2.0) is None

    @njit
    def caller(x):                        # compiled callers pass a value or None through
        return plus_one(x), plus_one(None), scaled(x, None), maybe(x)
    assert caller(1.0) == (2.0, 0.0, 1.0, 1.0)


def test_optional_type_names():
    assert types.Optional(types.float64) == types.optional(types.float64)
    assert str(types.Optional(types.uint64)) == "OptionalType(uint64)"
    assert isinstance(types.Optional(types.int64), types.Optional)
    assert types.Optional(types.int64).type == types.int64


def test_jitclass_optional_fields():
    from impl import impl_module
    jitclass, optional = impl_module.experimental.jitclass, impl_module.optional

    class Slot:
        def __init__(self):
            self.value = None
            self.data = None

        def fill(self, v):
            self.value = v
            self.data = np.full(2, v)

        def read(self):
            return -1.0 if self.value is None else self.value
    Compiled = jitclass([("value", optional(types.float64)), ("data", optional(types.float64[:]))])(Slot)

    @njit
    def use(s, v):
        before = s.read()
        s.fill(v)
        return before, s.read(), s.data.sum()
    for cls in (Slot, Compiled):
        s = cls()
        assert s.value is None and s.data is None
        assert (use(s, 2.5) if cls is Compiled else use.py_func(s, 2.5)) == (-1.0, 2.5, 5.0)
        s.value = None
        assert s.read() == -1.0 and s.value is None


def maybe_list(n, fill):
    x = None
    if n > 0:
        x = []
        if fill:
            x.append(1.5)
    return x


def never_filled(n):
    x = None
    if n > 0:
        x = []
    return x


@pytest.mark.numjit_only          # numjit's error message
def test_optional_containers_typed_later_or_never():
    from impl import TypingError
    cfunc = njit(maybe_list)
    for args in ((1, True), (1, False), (0, True)):
        assert cfunc(*args) == maybe_list(*args)
    with pytest.raises(TypingError, match="empty list 'x'"):       # never typed: a located error
        njit(never_filled)(1)
