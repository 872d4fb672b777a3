"""numba's low-level extension API as libraries use it (the pieces pydata sparse's COO extension
needs, written again here on a small class): `lower_constant` for a user type captured by compiled
code (a global, a closure variable), `context.get_constant_generic` of arrays, tuples and
numbers, `c.unbox` of "A"-layout arrays from any layout, a box function calling the class with
keywords (`pyapi.dict_pack`), the `numba_extensions` entry points loaded under the alias, a
list whose item type is decided by an append after its first use (sparse); numba's NamedTuple /
NamedUniTuple type names with `instance_class`, and getattr(obj, name) with a name known when
compiling (scikit-hep vector). Compiled results are compared
with the plain Python class on the same inputs; NUMJIT_TEST_IMPL=numba runs the numba-valid ones
on numba."""
import importlib
import os
import subprocess
import sys
import textwrap
import warnings
from collections import namedtuple

import numpy as np
import pytest

from impl import IMPL, njit, types

extending = importlib.import_module(f"{IMPL}.extending")
cgutils = importlib.import_module(f"{IMPL}.core.cgutils")
imputils = importlib.import_module(f"{IMPL}.core.imputils")
typeof_impl = importlib.import_module(f"{IMPL}.core.typing.typeof").typeof_impl
NativeValue = extending.NativeValue


class Patch:
    """A 2-d block of values placed at `origin` in a larger grid, `fill` elsewhere."""

    def __init__(self, values, origin, fill=0.0):
        self.values, self.origin, self.fill = values, origin, fill

    def at(self, i, j):
        r, c = i - self.origin[0], j - self.origin[1]
        if 0 <= r < self.values.shape[0] and 0 <= c < self.values.shape[1]:
            return self.values[r, c]
        return self.fill


class PatchType(types.Type):
    def __init__(self, dtype):
        self.dtype = dtype
        super().__init__(name=f"Patch[{dtype}]")

    @property
    def values_type(self):
        return types.Array(self.dtype, 2, "A")


@typeof_impl.register(Patch)
def _typeof_patch(value, c):
    return PatchType(getattr(types, str(value.values.dtype)))


@extending.register_model(PatchType)
class PatchModel(extending.models.StructModel):
    def __init__(self, dmm, fe_type):
        members = [("values", fe_type.values_type), ("origin", types.UniTuple(types.int64, 2)),
                   ("fill", fe_type.dtype)]
        super().__init__(dmm, fe_type, members)


for _name in ("values", "origin", "fill"):
    extending.make_attribute_wrapper(PatchType, _name, _name)


@extending.type_callable(Patch)
def _type_patch(context):
    def typer(values, origin):
        if isinstance(values, types.Array) and values.ndim == 2:
            return PatchType(values.dtype)
    return typer


@imputils.lower_builtin(Patch, types.Array, types.UniTuple)
def _make_patch(context, builder, sig, args):
    typ = sig.return_type
    patch = cgutils.create_struct_proxy(typ)(context, builder)
    patch.values = context.cast(builder, args[0], sig.args[0], typ.values_type) \
        if sig.args[0] != typ.values_type else args[0]
    patch.origin = args[1]
    patch.fill = context.get_constant_generic(builder, typ.dtype, 0)
    return imputils.impl_ret_borrowed(context, builder, typ, patch._getvalue())


@imputils.lower_constant(PatchType)
def _patch_constant(context, builder, typ, pyval):
    values = context.get_constant_generic(builder, typ.values_type, pyval.values)
    origin = context.get_constant_generic(builder, types.UniTuple(types.int64, 2), pyval.origin)
    fill = context.get_constant_generic(builder, typ.dtype, pyval.fill)
    return cgutils.pack_struct(builder, (values, origin, fill))


@extending.unbox(PatchType)
def _unbox_patch(typ, obj, c):
    patch = cgutils.create_struct_proxy(typ)(c.context, c.builder)
    is_error = cgutils.alloca_once_value(c.builder, cgutils.false_bit)
    for name, member_type in (("values", typ.values_type), ("origin", types.UniTuple(types.int64, 2)),
                              ("fill", typ.dtype)):
        attr = c.pyapi.object_getattr_string(obj, name)
        with cgutils.if_unlikely(c.builder, cgutils.is_null(c.builder, attr)):
            c.builder.store(cgutils.true_bit, is_error)
        with c.builder.if_then(cgutils.is_not_null(c.builder, attr)):
            native = c.unbox(member_type, attr)
            c.pyapi.decref(attr)
            setattr(patch, name, native.value)
            with c.builder.if_then(native.is_error):
                c.builder.store(cgutils.true_bit, is_error)
    return NativeValue(patch._getvalue(), is_error=c.builder.load(is_error))


@extending.box(PatchType)
def _box_patch(typ, val, c):
    patch = cgutils.create_struct_proxy(typ)(c.context, c.builder, value=val)
    values = c.box(typ.values_type, patch.values)
    origin = c.box(types.UniTuple(types.int64, 2), patch.origin)
    fill = c.box(typ.dtype, patch.fill)
    cls = c.pyapi.unserialize(c.pyapi.serialize_object(Patch))
    args = c.pyapi.tuple_pack([values, origin])
    kwargs = c.pyapi.dict_pack([("fill", fill)])
    out = c.pyapi.call(cls, args, kwargs)
    for obj in (values, origin, fill, cls, args, kwargs):
        c.pyapi.decref(obj)
    return out


def _patch_sum(p, n):
    total = 0.0
    for i in range(n):
        for j in range(n):
            total += p.at(i, j) if isinstance(p, Patch) else 0.0
    return total


@njit
def _read(p):
    return p.values, p.origin, p.fill


@njit
def _identity(p):
    return p


@njit
def _dense(p, n):
    out = np.full((n, n), p.fill)
    r0, c0 = p.origin
    for r in range(p.values.shape[0]):
        for c in range(p.values.shape[1]):
            out[r0 + r, c0 + c] = p.values[r, c]
    return out


def _dense_py(p, n):
    return np.array([[p.at(i, j) for j in range(n)] for i in range(n)])


def test_patch_unboxes_any_layout_and_boxes_with_keywords():
    base = np.arange(30.0).reshape(5, 6)
    for values in (base[:2, :3].copy(), np.asfortranarray(base[:3, :2]), base[::2, ::3], base[:0, :2]):
        p = Patch(values, (1, 2), fill=-1.5)
        got_values, got_origin, got_fill = _read(p)
        assert got_values.shape == values.shape and np.array_equal(got_values, values)
        assert got_origin == p.origin and got_fill == p.fill
        back = _identity(p)
        assert type(back) is Patch and back.fill == p.fill and back.origin == p.origin
        assert np.shares_memory(back.values, values) or values.size == 0
        np.testing.assert_array_equal(_dense(p, 6), _dense_py(p, 6))
    made = njit(lambda v, o: Patch(v, o))(base[1:3, 1:4], (2, 0))        # (no fill argument: 0)
    assert type(made) is Patch and made.fill == 0 and made.origin == (2, 0)
    np.testing.assert_array_equal(made.values, base[1:3, 1:4])


GLOBAL_PATCH = Patch(np.array([[1.0, 2.0], [3.0, np.nan]]), (0, 1), fill=np.inf)


def test_patch_constants_global_and_closure():
    @njit
    def from_global(n):
        return _dense(GLOBAL_PATCH, n), GLOBAL_PATCH.fill, GLOBAL_PATCH.origin

    dense, fill, origin = from_global(3)
    np.testing.assert_array_equal(dense, _dense_py(GLOBAL_PATCH, 3))
    assert fill == GLOBAL_PATCH.fill and origin == GLOBAL_PATCH.origin

    def closure_over(p):
        @njit
        def get():
            return p
        return get()

    for values in (np.arange(6, dtype=np.int64).reshape(2, 3), np.ones((3, 1), np.float32)[::2]):
        p = Patch(values, (4, 5), fill=values.dtype.type(7))
        copy = closure_over(p)                            # a constant boxed: a copy, equal to the original
        assert type(copy) is Patch and copy.origin == p.origin and copy.fill == p.fill
        assert copy.values.dtype == values.dtype and np.array_equal(copy.values, values)


@pytest.mark.numjit_only            # numba's constant points at the caller's array; numjit's is a copy
def test_a_writable_constant_array_member_can_be_written():
    p = Patch(np.zeros((2, 2)), (0, 0))

    @njit
    def bump():
        p.values[0, 0] += 1.0
        return p.values[0, 0]

    assert bump() == 1.0 and bump() == 2.0                 # the module's copy, not the caller's array
    assert p.values[0, 0] == 0.0


def test_list_typed_by_a_later_append_goes_to_np_array_first():
    @njit
    def groups(keys):
        starts = []
        if len(keys) == 0:
            return np.array(starts, dtype=np.intp)
        starts.append(0)
        for i in range(1, len(keys)):
            if keys[i] != keys[i - 1]:
                starts.append(i)
        return np.array(starts, dtype=np.intp)

    def plain(keys):
        return np.array([0] + [i for i in range(1, len(keys)) if keys[i] != keys[i - 1]] if len(keys) else [],
                        dtype=np.intp)

    for keys in (np.array([1, 1, 2, 3, 3, 3]), np.array([], np.int64), np.array([5])):
        got, want = groups(keys), plain(keys)
        assert got.dtype == want.dtype and np.array_equal(got, want)


@pytest.mark.numjit_only
def test_numba_extension_entry_points_load_once_under_the_alias(monkeypatch):
    from numjit.core import entrypoints
    calls = []

    class EntryPoint:
        def __init__(self, module, fn):
            self.module, self.load = module, lambda: fn

    def broken():
        raise RuntimeError("no such thing")
    points = [EntryPoint("good_ext", lambda: calls.append("good")), EntryPoint("bad_ext", broken),
              EntryPoint("later_ext", lambda: calls.append("later"))]
    from importlib import metadata
    monkeypatch.setattr(metadata, "entry_points", lambda group, name: points)
    monkeypatch.setattr(entrypoints, "_initialized", False)
    monkeypatch.setattr(entrypoints, "_aliased", lambda: False)
    entrypoints.init_all()
    assert calls == []                          # without the alias numba's extensions would import numba
    monkeypatch.setattr(entrypoints, "_aliased", lambda: True)
    with pytest.warns(Warning, match="bad_ext.*RuntimeError: no such thing"):
        entrypoints.init_all()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        entrypoints.init_all()
    assert calls == ["good", "later"]


Polar = namedtuple("Polar", "rho phi")
Pair = namedtuple("Pair", "first second")


def test_namedtuple_type_names_and_instance_class():
    from impl import typeof
    uniform, mixed = typeof(Polar(1.0, 2.0)), typeof(Pair(1, 2.5))
    assert isinstance(uniform, types.NamedUniTuple) and not isinstance(uniform, types.NamedTuple)
    assert isinstance(mixed, types.NamedTuple) and not isinstance(mixed, types.NamedUniTuple)
    assert uniform.instance_class is Polar and mixed.instance_class is Pair
    assert types.NamedUniTuple(types.float64, 2, Polar) == uniform
    assert types.NamedTuple((types.int64, types.float64), Pair) == mixed

    @extending.overload(abs)
    def _abs_polar(p):                      # a library's typer choosing by the namedtuple's class
        if isinstance(p, (types.NamedTuple, types.NamedUniTuple)) and issubclass(p.instance_class, Polar):
            return lambda p: abs(p.rho)
    assert njit(lambda p: abs(p))(Polar(-3.0, 1.0)) == 3.0


def _field_reader(name):
    @njit
    def read(obj, a):
        return getattr(obj, name), getattr(a, "shape"), getattr(np, "pi")
    return read


def test_getattr_with_a_name_known_when_compiling():
    a = np.zeros((2, 3))
    for obj, name in ((Pair(4, 2.5), "first"), (Pair(4, 2.5), "second"), (Polar(1.0, -2.0), "phi")):
        assert _field_reader(name)(obj, a) == (getattr(obj, name), a.shape, np.pi)


@pytest.mark.numjit_only
def test_an_installed_extension_loads_under_the_alias(tmp_path):
    """A package's `numba_extensions` entry point, installed (a .dist-info on the path), runs at the
    first compilation under `python -m numjit.run`; numjit's modules keep their own import specs
    (no ImportWarning from numjit's relative imports under numba's names); a function made by exec
    of a string compiles (its source is remembered)."""
    (tmp_path / "myext.py").write_text(textwrap.dedent("""
        import numba
        from numba.extending import overload
        class Meters(float):
            pass
        def init():
            @overload(len)
            def _len(x):
                if isinstance(x, numba.types.Float):
                    return lambda x: 7
    """))
    info = tmp_path / "myext-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: myext\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[numba_extensions]\ninit = myext:init\n")
    script = tmp_path / "run.py"
    script.write_text(textwrap.dedent("""
        import numba, numba.typed
        assert numba.njit(lambda x: len(x))(1.5) == 7
        d = numba.typed.Dict()
        d[1] = 2.0
        assert numba.typed.__spec__.name == "numjit.typed"
        scope = {}
        exec("def tripled(x):\\n    return 3 * x", scope)       # (vector builds functions so)
        assert numba.njit(scope["tripled"])(2) == 6
        exec("def halved(x):\\n    return x / 2")                # no namespace: the caller's (scipy)
        exec("del scope")
        assert numba.njit(halved)(3) == 1.5 and "scope" not in globals()
        def inner():
            exec("local_name = 1")
            return "local_name" in locals()
        assert inner()
        print("ok")
    """))
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([root, str(tmp_path)]), PYTHONWARNINGS="error::ImportWarning")
    done = subprocess.run([sys.executable, "-m", "numjit.run", str(script)], capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stdout + done.stderr


# -- iteration: getiter / iternext lowerings ---------------------------------------------------------
class Ring:
    """The items of `values` once each, from index `start`, wrapping around."""

    def __init__(self, values, start):
        self.values, self.start = values, start

    def __iter__(self):
        n = len(self.values)
        return iter([self.values[(self.start + i) % n] for i in range(n)])


class RingIterType(types.SimpleIteratorType):
    def __init__(self, dtype):
        super().__init__(f"RingIter[{dtype}]", dtype)


class RingType(types.IterableType):
    def __init__(self, dtype):
        self.dtype = dtype
        super().__init__(name=f"Ring[{dtype}]")

    @property
    def iterator_type(self):
        return RingIterType(self.dtype)


@typeof_impl.register(Ring)
def _typeof_ring(value, c):
    return RingType(getattr(types, str(value.values.dtype)))


@extending.register_model(RingType)
class RingModel(extending.models.StructModel):
    def __init__(self, dmm, fe_type):
        super().__init__(dmm, fe_type, [("values", types.Array(fe_type.dtype, 1, "A")), ("start", types.intp)])


@extending.register_model(RingIterType)
class RingIterModel(extending.models.StructModel):
    def __init__(self, dmm, fe_type):
        super().__init__(dmm, fe_type, [("values", types.Array(fe_type.yield_type, 1, "A")),
                                        ("start", types.intp), ("index", types.EphemeralPointer(types.intp))])


@extending.unbox(RingType)
def _unbox_ring(typ, obj, c):
    ring = cgutils.create_struct_proxy(typ)(c.context, c.builder)
    values = c.pyapi.object_getattr_string(obj, "values")
    ring.values = c.unbox(types.Array(typ.dtype, 1, "A"), values).value
    c.pyapi.decref(values)
    start = c.pyapi.object_getattr_string(obj, "start")
    ring.start = c.unbox(types.intp, start).value
    c.pyapi.decref(start)
    return NativeValue(ring._getvalue(), is_error=cgutils.is_not_null(c.builder, c.pyapi.err_occurred()))


@imputils.lower_builtin("getiter", RingType)
def _ring_getiter(context, builder, sig, args):
    ring = cgutils.create_struct_proxy(sig.args[0])(context, builder, value=args[0])
    it = cgutils.create_struct_proxy(sig.return_type)(context, builder)
    it.values, it.start = ring.values, ring.start
    it.index = cgutils.alloca_once_value(builder, context.get_constant(types.intp, 0))
    return imputils.impl_ret_borrowed(context, builder, sig.return_type, it._getvalue())


@imputils.lower_builtin("iternext", RingIterType)
@imputils.iternext_impl(imputils.RefType.BORROWED)
def _ring_iternext(context, builder, sig, args, result):
    iter_type = sig.args[0]
    it = cgutils.create_struct_proxy(iter_type)(context, builder, value=args[0])
    array_type = types.Array(iter_type.yield_type, 1, "A")
    n = context.compile_internal(builder, lambda a: len(a), types.intp(array_type), [it.values])
    index = builder.load(it.index)
    is_valid = builder.icmp_signed("<", index, n)
    result.set_valid(is_valid)
    with builder.if_then(is_valid):
        item = context.compile_internal(builder, lambda a, s, i: a[(s + i) % len(a)],
                                        iter_type.yield_type(array_type, types.intp, types.intp),
                                        [it.values, it.start, index])
        result.yield_(item)
        builder.store(builder.add(index, context.get_constant(types.intp, 1)), it.index)


@extending.type_callable(Ring)
def _type_ring(context):
    def typer(values, start):
        if isinstance(values, types.Array) and values.ndim == 1 and isinstance(start, types.Integer):
            return RingType(values.dtype)
    return typer


@imputils.lower_builtin(Ring, types.Array, types.Integer)
def _make_ring(context, builder, sig, args):
    typ = sig.return_type
    ring = cgutils.create_struct_proxy(typ)(context, builder)
    ring.values = context.cast(builder, args[0], sig.args[0], types.Array(typ.dtype, 1, "A"))
    ring.start = context.cast(builder, args[1], sig.args[1], types.intp)
    return imputils.impl_ret_borrowed(context, builder, typ, ring._getvalue())


def ring_of_squares(n, start):
    total = 0
    for x in Ring(np.arange(n) ** 2, start):      # (the array lives in the ring and its iterator only)
        total = total * 3 + x
    return total


def ring_walks(ring, stop_at):
    total, seen = 0, []
    for x in ring:
        if x == stop_at:
            break
        seen.append(x)
    for i, x in enumerate(ring):
        total += i * x
    pairs = [(a, b) for a, b in zip(ring, range(2))]
    return seen, total, pairs, [x * 2 for x in ring]


def test_for_loops_over_a_user_iterable():
    compiled = njit(ring_walks)
    for values, start in ((np.array([3, 1, 4, 1, 5]), 2), (np.arange(6.0)[::2], 1), (np.array([], np.int64), 0)):
        ring = Ring(values, start)
        stop = values[-1] if len(values) else 0
        assert compiled(ring, stop) == ring_walks(ring, stop)
    squares = njit(ring_of_squares)                 # (conftest: the array made inside is freed)
    for n, start in ((5, 3), (1, 0), (0, 0)):
        assert squares(n, start) == ring_of_squares(n, start)


class BareIterType(types.SimpleIteratorType):
    def __init__(self):
        super().__init__("BareIter", types.intp)


class BareType(types.IterableType):
    def __init__(self):
        super().__init__(name="Bare")

    @property
    def iterator_type(self):
        return BareIterType()


class Bare:
    pass


@pytest.mark.numjit_only
def test_an_iternext_without_iternext_impl_is_named():
    from impl import UnsupportedError
    typeof_impl.register(Bare)(lambda value, c: BareType())
    extending.register_model(BareType)(extending.models.OpaqueModel)
    extending.register_model(BareIterType)(extending.models.OpaqueModel)
    extending.unbox(BareType)(lambda typ, obj, c: NativeValue(c.context.get_dummy_value()))
    imputils.lower_builtin("getiter", BareType)(lambda context, builder, sig, args: args[0])
    imputils.lower_builtin("iternext", BareIterType)(lambda context, builder, sig, args: None)

    @njit
    def count(b):
        n = 0
        for _ in b:
            n += 1
        return n
    with pytest.raises(UnsupportedError, match="BareIter must be decorated with @iternext_impl"):
        count(Bare())


class Tagged(np.ndarray):
    """An ndarray subclass (as vector's VectorNumpy)."""


def test_an_ndarray_subclass_argument_returned_is_the_callers_object():
    @njit
    def pick(a, b):
        return a, a[1:], b + 1.0, b

    tagged = np.arange(4.0).view(Tagged)
    plain = np.ones(3)
    same, view, fresh, other = pick(tagged, plain)
    assert same is tagged and other is plain                 # (numba returns the parent object)
    assert type(view) is np.ndarray and np.array_equal(view, tagged[1:])
    assert type(fresh) is np.ndarray and np.array_equal(fresh, plain + 1.0)
    assert njit(lambda a: a)(tagged) is tagged and njit(lambda a: a.sum())(tagged) == 6.0


# -- conversions: numba-style unify + lower_cast ------------------------------------------------------
class Meters:
    def __init__(self, value):
        self.value = value


class MetersType(types.Type):
    def __init__(self):
        super().__init__(name="Meters")

    def unify(self, typingctx, other):          # numba's signature: a Meters and a float make a float
        if isinstance(other, types.Float):
            return other


meters_type = MetersType()
typeof_impl.register(Meters)(lambda value, c: meters_type)


@extending.register_model(MetersType)
class MetersModel(extending.models.StructModel):
    def __init__(self, dmm, fe_type):
        super().__init__(dmm, fe_type, [("value", types.float64)])


extending.make_attribute_wrapper(MetersType, "value", "value")


@extending.type_callable(Meters)
def _type_meters(context):
    return lambda value: meters_type if isinstance(value, types.Float) else None


@imputils.lower_builtin(Meters, types.Float)
def _make_meters(context, builder, sig, args):
    meters = cgutils.create_struct_proxy(meters_type)(context, builder)
    meters.value = context.cast(builder, args[0], sig.args[0], types.float64)
    return meters._getvalue()


@imputils.lower_cast(MetersType, types.Float)
def _meters_to_float(context, builder, fromty, toty, value):
    meters = cgutils.create_struct_proxy(fromty)(context, builder, value=value)
    return context.cast(builder, meters.value, types.float64, toty)


def lengths(flag, x):
    a = Meters(x) if flag else 0.5                 # (Meters, float64): float64, through lower_cast
    if flag:
        b = 0.25
    else:
        b = Meters(x * 2)                          # (float64, Meters): the other side's unify
    return a + b


def test_numba_style_unify_with_lower_cast():
    compiled = njit(lengths)
    for flag, x in ((True, 3.0), (False, 3.0), (True, -1.5)):
        want = (x if flag else 0.5) + (0.25 if flag else 2 * x)
        assert compiled(flag, x) == want


def ring_by_hand(ring):
    it = iter(ring)
    first = next(it)
    second = next(it)
    rest = 0
    for x in it:                                  # (an iterator is its own iterable)
        rest += x
    return first, second, rest


def one_too_many(ring, n):
    it = iter(ring)
    total = 0
    for _ in range(n + 1):
        total += next(it)
    return total


def test_iter_and_next_on_a_user_iterator():
    compiled = njit(ring_by_hand)
    for values, start in ((np.array([3, 1, 4, 1, 5]), 2), (np.array([7, 8]), 1)):
        ring = Ring(values, start)
        assert compiled(ring) == ring_by_hand(ring)
    with pytest.raises(StopIteration):
        njit(one_too_many)(Ring(np.array([9, 4]), 1), 2)
    with pytest.raises(StopIteration):
        one_too_many(Ring(np.array([9, 4]), 1), 2)


def ring_with_default(ring, n):
    it = iter(ring)
    return [next(it, -1) for _ in range(n)], next(it, None) is None


@pytest.mark.numjit_only
def test_next_with_a_default_on_a_user_iterator():
    compiled = njit(ring_with_default)
    for values, start, n in ((np.array([3, 1, 4]), 2, 5), (np.array([], np.int64), 0, 2)):
        ring = Ring(values, start)
        assert compiled(ring, n) == ring_with_default(ring, n)
