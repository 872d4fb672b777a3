"""jitclass: the same class run as plain Python and as a jitclass (from Python and from compiled
code) gives the same results; fields of every kind; spec forms; instances reference-counted."""
import gc
import sys

import numpy as np
import pytest

from impl import njit, IS_NUMBA, float64, int64, int32, boolean, complex128, types, TypingError

if IS_NUMBA:
    from numba.experimental import jitclass
    from numba.types import Tuple, List as ListType
else:
    from numjit.experimental import jitclass
    from numjit.types import Tuple, List as ListType


def make_classes(decorate):
    """Inner and Outer: plain Python classes, or jitclasses when `decorate`."""
    class Inner:
        def __init__(self, v):
            self.v = v

        def twice(self):
            return 2 * self.v
    if decorate:
        Inner = jitclass(Inner, [("v", int64)])

    class Outer:
        def __init__(self, n, arr, xs, scale=0.5):
            self.n = n
            self.flag = n > 2
            self.z = complex(n, 1.0)
            self.pair = (n, scale)
            self.arr = arr
            self.xs = xs
            self.inner = Inner(n)
            self.mat = np.zeros((2, n))

        def step(self, k=1):
            self.n += k
            self.flag = not self.flag
            self.pair = (self.pair[0] + 1, self.pair[1] * 2.0)
            self.arr[0] += 1.0
            self.xs.append(self.n)
            self.inner = Inner(self.inner.v + 10)
            self.mat[1, 0] = self.n
            return self.inner.twice()

        def summary(self):
            return (self.n, self.flag, self.z, self.pair, self.arr.sum(), len(self.xs), self.xs[-1],
                    self.inner.v, self.mat.sum())
    if decorate:
        Outer = jitclass(Outer, {"n": int32, "flag": boolean, "z": complex128,
                                 "pair": Tuple((int64, float64)), "arr": float64[:],
                                 "xs": ListType(int64) if not IS_NUMBA else types.List(int64, reflected=True),
                                 "inner": Inner.class_type.instance_type, "mat": float64[:, ::1]})

    def use(arr, n):
        o = Outer(n, arr, [1, 2])
        t = o.step()
        u = o.step(k=2)
        return (t, u) + o.summary()
    return Inner, Outer, use


PLAIN = make_classes(False)
JIT = make_classes(True)


@pytest.mark.numjit_only           # numba's jitclass cannot hold a (reflected) list field
def test_fields_of_every_kind_from_compiled_code():
    for n in (1, 3, 4):
        expected = PLAIN[2](np.arange(3.0), n)
        got = njit(JIT[2])(np.arange(3.0), n)
        assert got == expected


@pytest.mark.numjit_only           # numba's jitclass cannot hold a (reflected) list field
def test_fields_and_methods_from_python():
    arr_p, arr_j = np.arange(4.0), np.arange(4.0)
    p, j = PLAIN[1](3, arr_p, [1, 2], scale=0.25), JIT[1](3, arr_j, [1, 2], scale=0.25)
    assert j.step() == p.step() and j.step(k=3) == p.step(k=3)
    assert j.summary() == p.summary()
    np.testing.assert_array_equal(arr_j, arr_p)            # the field shares the caller's array
    assert j.arr is arr_j
    for name in ("n", "flag", "z", "pair"):
        assert getattr(j, name) == getattr(p, name)
    assert j.xs == p.xs and j.inner.v == p.inner.v
    j.pair, p.pair = (7, 1.5), (7, 1.5)
    j.inner, p.inner = JIT[0](5), PLAIN[0](5)
    j.n, p.n = 11, 11
    assert j.summary() == p.summary()
    assert isinstance(j, JIT[1]) and not isinstance(j, JIT[0])


def test_instances_cross_the_boundary_both_ways():
    Inner, Outer, _ = JIT

    @njit
    def bump(o, inner):
        o.inner = inner
        o.arr[1] = 9.0
        return o, (inner, o.n)

    arr = np.zeros(3)
    o = Outer(2, arr, [5])
    inner = Inner(4)
    before = sys.getrefcount(arr)
    back, (same_inner, n) = bump(o, inner)
    assert back.inner.v == 4 and same_inner.twice() == 8 and n == 2 and arr[1] == 9.0
    back.inner.v = 6                                 # the same native instance, seen from both boxes
    assert inner.v == 6 and o.inner.v == 6
    del back, same_inner, o, inner
    gc.collect()
    assert sys.getrefcount(arr) == before - 1        # the instance's reference to arr is gone


@pytest.mark.numjit_only           # numba's jitclass cannot hold a (reflected) list field
def test_instance_made_in_compiled_code_holds_new_arrays():
    Inner, Outer, _ = JIT

    @njit
    def build(n):
        return Outer(n, np.ones(n), [n])

    o = build(3)
    assert o.summary() == PLAIN[1](3, np.ones(3), [3]).summary()
    view = o.arr                                       # an array made in compiled code outlives o
    del o
    gc.collect()
    assert view.sum() == 3.0


def test_spec_forms():
    def body():
        class Point:
            x: float64
            y: int64

            def __init__(self, x, y):
                self.x = x
                self.y = y

            def total(self):
                return self.x + self.y
        return Point

    forms = [jitclass(body()), jitclass(body(), [("x", float64), ("y", int64)]),
             jitclass([("x", float64), ("y", int64)])(body()), jitclass({"x": float64, "y": int64})(body()),
             jitclass()(body())]
    if not IS_NUMBA:
        import numjit
        forms.append(numjit.jitclass([("x", float)])(body()))      # Python types; y from annotations

    @njit
    def total(p):
        return p.total() + p.x

    for cls in forms:
        p = cls(1.5, 2)
        assert (p.total(), total(p), p.y) == (3.5, 5.0, 2)
        assert type(p.y) is int


@pytest.mark.parametrize("ops", [[1.0, -2.5, 3.25], []])
def test_stateful_accumulator(ops):
    class Acc:
        def __init__(self, start):
            self.total = start
            self.count = 0
            self.history = np.zeros(8)

        def add(self, v):
            self.history[self.count % 8] = v
            self.total += v
            self.count += 1
            return self.total

        @property
        def mean(self):
            return self.total / max(self.count, 1)

        @property
        def start(self):
            return self.history[0]

        @start.setter
        def start(self, v):
            self.history[0] = v

        @staticmethod
        def combine(a, b):
            return a * 10 + b

    JAcc = jitclass(Acc, [("total", float64), ("count", int64), ("history", float64[:])])

    def run(acc, values):
        out = 0.0
        for v in values:
            out += acc.add(v)
        acc.start = 4.0
        return out, acc.mean, acc.count, acc.start, acc.combine(2, 3), acc.history.sum()

    values = np.array(ops)
    assert njit(run)(JAcc(0.5), values) == run(Acc(0.5), values)
    assert run(JAcc(0.5), values) == run(Acc(0.5), values)
    assert JAcc.combine(1, 2) == 12


def make_particles(decorate):
    class Particle:
        def __init__(self, x, v):
            self.x = x
            self.v = v

        def step(self, dt):
            self.x += self.v * dt
    if decorate:
        Particle = jitclass(Particle, [("x", float64), ("v", float64)])

    def simulate(n, steps):
        ps = [Particle(float(i), 1.0 + i) for i in range(n)]
        ps.append(Particle(-1.0, 0.5))
        for s in range(steps):
            for p in ps:
                p.step(0.25)
        total = 0.0
        for p in ps:
            total += p.x
        return total, ps, (ps[0], ps[-1])
    return simulate


@pytest.mark.numjit_only            # numba's reflected lists cannot hold jitclass instances
def test_lists_and_tuples_of_instances():
    plain, compiled = make_particles(False), njit(make_particles(True))
    for n, steps in ((0, 3), (4, 10)):
        (t_p, ps_p, ends_p), (t_j, ps_j, ends_j) = plain(n, steps), compiled(n, steps)
        assert t_j == t_p
        assert [(p.x, p.v) for p in ps_j] == [(p.x, p.v) for p in ps_p]
        assert [p.x for p in ends_j] == [p.x for p in ends_p]


def make_registry(decorate):
    class Registry:                      # str, bytes, datetime, set, typed dict and typed list fields
        def __init__(self, name, d, xs, when):
            self.name = name
            self.d = d
            self.xs = xs
            self.when = when
            self.tag = b"t"
            self.sizes = {0}

        def add(self, key, v):
            self.d[key] = self.d.get(key, 0.0) + v
            self.xs.append(len(self.d))
            self.name = self.name + key
            self.when = self.when + np.timedelta64(len(key), "m")
            self.tag = self.tag + b"."
            self.sizes.add(len(key))
            return self.name

        def summary(self):
            total = 0.0
            for k in self.d:
                total += self.d[k] * len(k)
            return (self.name, len(self.d), total, len(self.xs), self.xs[-1] if len(self.xs) else -1,
                    self.when, self.tag, len(self.sizes))
    if decorate:
        Registry = jitclass(Registry, [("name", types.unicode_type),
                                       ("d", types.DictType(types.unicode_type, float64)),
                                       ("xs", types.ListType(int64)), ("when", types.NPDatetime("s")),
                                       ("tag", types.bytes_type), ("sizes", types.Set(int64))])

    def use(name, d, xs, keys, when):
        r = Registry(name, d, xs, when)
        for k in keys:
            r.add(k, 1.5)
        return r.summary(), r
    return Registry, use


@pytest.mark.numjit_only           # numba's jitclass has no bytes field
def test_string_and_typed_container_fields():
    if IS_NUMBA:
        from numba import typed
    else:
        from numjit import typed

    def containers():
        d = typed.Dict.empty(types.unicode_type, float64)
        d["a"] = 2.0
        xs = typed.List.empty_list(int64)
        return d, xs, np.datetime64("2020-02-29T23:58:30", "s")
    when = np.datetime64("2020-02-29T23:58:30", "s")
    (PR, puse), (JR, juse) = make_registry(False), make_registry(True)
    for keys in (("b", "a", "bc", "b"), ("zz", "a", "zz", "q")):
        expected, plain = puse("n", {"a": 2.0}, [], keys, when)
        got, inst = njit(juse)("n", *containers()[:2], keys, when)
        assert got == expected and (inst.name, dict(inst.d), list(inst.xs)) == (plain.name, plain.d, plain.xs)
        p, j = PR("n", {"a": 2.0}, [], when), JR("n", *containers())          # from Python
        assert [j.add(k, 0.5) for k in keys] == [p.add(k, 0.5) for k in keys]
        assert j.summary() == p.summary()
        assert (dict(j.d), list(j.xs), j.when, j.tag, j.sizes) == (p.d, p.xs, p.when, p.tag, p.sizes)
        j.when, p.when = when - np.timedelta64(1, "D"), when - np.timedelta64(1, "D")
        assert j.summary() == p.summary()
        j.name = "renamed"
        assert j.summary()[0] == "renamed"
    with pytest.raises((TypeError, ValueError, TypingError)):
        JR(5, *containers())
