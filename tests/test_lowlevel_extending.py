"""numba's low-level extension API (register_model/StructModel, type_callable, lower_builtin,
make_attribute_wrapper, box/unbox with NativeValue, c.pyapi, typing templates with lower_getattr,
OpaqueModel, VarArg(Any), reference counts through lowerings and intrinsics) on user types: an
interval (the shape of numba's documentation example, written again here), a point mixing int64,
float64 and bool members, and an opaque handle to a Python object. Compiled results are compared
with the plain Python classes and functions on the same inputs. Written against numba's names, so
NUMJIT_TEST_IMPL=numba runs it on numba (and one test runs it under `python -m numjit.run`)."""
import importlib
import math
import operator
import os
import subprocess
import sys
from contextlib import ExitStack

import numpy as np
import pytest

from impl import IMPL, njit, types, TypingError

extending = importlib.import_module(f"{IMPL}.extending")
cgutils = importlib.import_module(f"{IMPL}.core.cgutils")
models, register_model, make_attribute_wrapper = (extending.models, extending.register_model,
                                                  extending.make_attribute_wrapper)
type_callable, lower_builtin, box, unbox, NativeValue = (extending.type_callable, extending.lower_builtin,
                                                         extending.box, extending.unbox, extending.NativeValue)
datamodel, pythonapi, imputils, templates = (importlib.import_module(f"{IMPL}.core.{name}")
                                             for name in ("datamodel", "pythonapi", "imputils", "typing.templates"))


# -- an interval ------------------------------------------------------------------------------------
class Span:
    """A half-open interval [lo, hi)."""

    def __init__(self, lo, hi):
        self.lo = lo
        self.hi = hi

    @property
    def width(self):
        return self.hi - self.lo

    @property
    def mid(self):
        return (self.lo + self.hi) * 0.5

    @property
    def empty(self):
        return not self.lo < self.hi

    def __and__(self, other):
        return Span(max(self.lo, other.lo), min(self.hi, other.hi))


class SpanType(types.Type):
    def __init__(self):
        super().__init__(name="Span")


span_type = SpanType()


@extending.typeof_impl.register(Span)
def _typeof_span(value, context):
    return span_type


extending.as_numba_type.register(Span, span_type)


@type_callable(Span)
def _type_span(context):
    def typer(lo, hi):
        if isinstance(lo, (types.Float, types.Integer)) and isinstance(hi, (types.Float, types.Integer)):
            return span_type
    return typer


@register_model(SpanType)
class SpanModel(models.StructModel):
    def __init__(self, dmm, fe_type):
        models.StructModel.__init__(self, dmm, fe_type, [("lo", types.float64), ("hi", types.float64)])


make_attribute_wrapper(SpanType, "lo", "lo")
make_attribute_wrapper(SpanType, "hi", "hi")


@extending.overload_attribute(SpanType, "width")
def _span_width(span):
    return lambda span: span.hi - span.lo


@lower_builtin(Span, types.Float, types.Float)
@lower_builtin(Span, types.Integer, types.Integer)
def _lower_span(context, builder, sig, args):
    span = cgutils.create_struct_proxy(sig.return_type)(context, builder)
    span.lo = context.cast(builder, args[0], sig.args[0], types.float64)
    span.hi = context.cast(builder, args[1], sig.args[1], types.float64)
    return span._getvalue()


@templates.infer_getattr
class SpanAttributes(templates.AttributeTemplate):
    key = SpanType

    def resolve_mid(self, span):
        return types.float64

    def generic_resolve(self, span, attr):
        if attr == "empty":
            return types.boolean


@imputils.lower_getattr(SpanType, "mid")
def _span_mid(context, builder, typ, value):
    span = cgutils.create_struct_proxy(typ)(context, builder, value=value)
    return builder.fmul(builder.fadd(span.lo, span.hi), context.get_constant(types.float64, 0.5))


@imputils.lower_getattr_generic(SpanType)
def _span_attribute(context, builder, typ, value, attr):
    span = cgutils.create_struct_proxy(typ)(context, builder, value=value)
    return builder.not_(builder.fcmp_ordered("<", span.lo, span.hi))       # attr == "empty"


@templates.infer_global(operator.and_)
class SpanIntersection(templates.AbstractTemplate):
    def generic(self, args, kws):
        if len(args) == 2 and all(isinstance(a, SpanType) for a in args):
            return templates.signature(span_type, *args)


def _intersect(a, b):
    return Span(max(a.lo, b.lo), min(a.hi, b.hi))


@lower_builtin(operator.and_, SpanType, SpanType)
def _lower_span_and(context, builder, sig, args):
    return context.compile_internal(builder, _intersect, sig, args)


@unbox(SpanType)
def _unbox_span(typ, obj, c):
    failed = cgutils.alloca_once_value(c.builder, cgutils.false_bit)
    span = cgutils.create_struct_proxy(typ)(c.context, c.builder)
    with ExitStack() as stack:
        for name in ("lo", "hi"):
            attr = c.pyapi.object_getattr_string(obj, name)
            with cgutils.early_exit_if_null(c.builder, stack, attr):
                c.builder.store(cgutils.true_bit, failed)
            native = c.unbox(types.float64, attr)
            c.pyapi.decref(attr)
            with cgutils.early_exit_if(c.builder, stack, native.is_error):
                c.builder.store(cgutils.true_bit, failed)
            setattr(span, name, native.value)
    return NativeValue(span._getvalue(), is_error=c.builder.load(failed))


@box(SpanType)
def _box_span(typ, val, c):
    span = cgutils.create_struct_proxy(typ)(c.context, c.builder, value=val)
    lo = c.box(types.float64, span.lo)
    hi = c.box(types.float64, span.hi)
    cls = c.pyapi.unserialize(c.pyapi.serialize_object(Span))
    result = c.pyapi.call_function_objargs(cls, (lo, hi))        # NULL when a box failed: an error set
    for obj in (lo, hi, cls):
        c.pyapi.decref(obj)
    return result


@extending.register_jitable
def inside(span, x):
    return span.lo <= x < span.hi


def shifted_sum(a, b, dx):
    s = Span(a.lo + b.lo, a.hi + b.hi)
    t = Span(s.lo + dx, s.hi + dx)
    return t, t.width, inside(t, dx), Span(3, 7).width


def _same_span(got, want):
    assert type(got) is Span
    for name in ("lo", "hi"):
        g, w = getattr(got, name), getattr(want, name)
        assert type(g) is float and (g == w or math.isnan(g) and math.isnan(w))


def test_span_passes_in_constructs_boxes_and_reads_attributes():
    identity, width, inside_c, shifted_c = njit(lambda s: s), njit(lambda s: s.width), njit(inside), njit(shifted_sum)
    spans = [Span(2.0, 3.5), Span(-1, 4), Span(0.0, math.inf), Span(math.nan, 1.0), Span(True, 2.5)]
    for a in spans:
        _same_span(identity(a), Span(float(a.lo), float(a.hi)))
        w = width(a)
        assert w == a.width or math.isnan(w) and math.isnan(a.width)
        for x in (-1.0, 2.0, 3.5, 1e300):
            assert inside_c(a, x) == inside(a, x)
        for b in spans[:2]:
            for dx in (0.0, -2.25):
                got, want = shifted_c(a, b, dx), shifted_sum(a, b, dx)
                _same_span(got[0], want[0])
                assert got[1:] == pytest.approx(want[1:], nan_ok=True)
    assert extending.as_numba_type(Span) == span_type


def containers(spans, c):
    total = 0.0
    for s in spans:
        total += s.width
    best = spans[0] if c > 0 else spans[-1]          # a value merged from two branches
    by_key = {1: best}
    spans.append(Span(total, total + c))
    spans[0] = Span(by_key[1].hi, by_key[1].hi + 1)
    return total, (best, [best, spans[1]])


def templated(a, b):
    c = a & b
    return c, c.mid, c.empty, a.mid, b.empty


def test_span_templates_attributes_and_an_operator():
    compiled = njit(templated)
    spans = [Span(2.0, 3.5), Span(-1, 4), Span(0.0, math.inf), Span(5.0, 5.0), Span(-2.5, -3.0)]
    for a in spans:
        for b in spans:
            got, want = compiled(a, b), templated(a, b)
            _same_span(got[0], want[0])
            assert got[1:] == pytest.approx(want[1:], nan_ok=True)


def test_span_values_in_lists_dicts_and_tuples():
    compiled = njit(containers)
    for c in (1.5, -2.0):
        given = [Span(1.0, 2.5), Span(0, 4), Span(-3.0, math.inf)]
        mine = [Span(s.lo, s.hi) for s in given]
        got, want = compiled(given, c), containers(mine, c)
        assert got[0] == want[0]
        _same_span(got[1][0], want[1][0])
        for g, w in zip(got[1][1] + given, want[1][1] + mine):      # the caller's list sees the changes
            _same_span(g, Span(float(w.lo), float(w.hi)))
        assert len(given) == len(mine)
    broken = Span(1.0, 2.0)
    del broken.lo
    with pytest.raises(AttributeError):                  # an item's unbox error, after the list was copied
        compiled([Span(1.0, 2.0), broken], 1.0)


def test_span_unbox_errors_propagate():
    width = njit(lambda s: s.width)

    class NotAFloat:
        def __float__(self):
            raise RuntimeError("not a float")

    broken = Span(1.0, 2.0)
    del broken.hi
    for bad, error in ((broken, AttributeError), (Span(1.0, "x"), TypeError), (Span(1.0, NotAFloat()), Exception)):
        with pytest.raises(error):
            width(bad)
    assert width(Span(1.0, 4.0)) == 3.0                 # the errors left nothing behind
    with pytest.raises(AttributeError):                  # the list argument's native copy is released
        njit(lambda values, s: len(values) + s.lo)([1.0, 2.0], broken)


# -- a point of mixed members, with an operator and compile_internal ---------------------------------
class Point:
    def __init__(self, n, x, flag):
        self.n, self.x, self.flag = n, x, flag

    def __add__(self, other):
        return Point(self.n + other.n, self.x + other.x, self.flag or other.flag)

    def norm(self):
        return math.sqrt(self.n * self.n + self.x * self.x) if self.flag else -1.0


class PointType(types.Type):
    def __init__(self):
        super().__init__(name="Point")


point_type = PointType()


@extending.typeof_impl.register(Point)
def _typeof_point(value, context):
    return point_type


@type_callable(Point)
def _type_point(context):
    def typer(n, x, flag):
        if isinstance(n, types.Integer) and isinstance(x, types.Float) and isinstance(flag, types.Boolean):
            return point_type
    return typer


@register_model(PointType)
class PointModel(models.StructModel):
    def __init__(self, dmm, fe_type):
        super().__init__(dmm, fe_type, [("n", types.int64), ("x", types.float64), ("flag", types.boolean)])


for _member in ("n", "x", "flag"):
    make_attribute_wrapper(PointType, _member, _member)


def _norm(n, x, flag):
    return math.sqrt(n * n + x * x) if flag else -1.0


@lower_builtin(Point, types.Integer, types.Float, types.Boolean)
def _lower_point(context, builder, sig, args):
    point = context.make_helper(builder, sig.return_type)
    point.n = context.cast(builder, args[0], sig.args[0], types.int64)
    point.x = args[1]
    point.flag = args[2]
    return point._getvalue()


def point_norm(p):
    raise NotImplementedError


@type_callable(point_norm)
def _type_point_norm(context):
    return lambda p: types.float64 if isinstance(p, PointType) else None


@lower_builtin(point_norm, PointType)
def _lower_point_norm(context, builder, sig, args):
    point = context.make_helper(builder, sig.args[0], value=args[0])
    inner = types.float64(types.int64, types.float64, types.boolean)
    return context.compile_internal(builder, _norm, inner, [point.n, point.x, point.flag])


@extending.overload(operator.add)
def _add_points(a, b):
    if isinstance(a, PointType) and isinstance(b, PointType):
        return lambda a, b: Point(a.n + b.n, a.x + b.x, a.flag or b.flag)


@unbox(PointType)
def _unbox_point(typ, obj, c):
    point = c.context.make_helper(c.builder, typ)
    errors = []
    for name, member in (("n", types.int64), ("x", types.float64), ("flag", types.boolean)):
        attr = c.pyapi.object_getattr_string(obj, name)         # (every Point has them)
        native = c.unbox(member, attr)
        c.pyapi.decref(attr)
        errors.append(native.is_error)
        setattr(point, name, native.value)
    is_error = c.builder.or_(c.builder.or_(errors[0], errors[1]), errors[2])
    return NativeValue(point._getvalue(), is_error=is_error)


@box(PointType)
def _box_point(typ, val, c):
    point = c.context.make_helper(c.builder, typ, value=val)
    items = [c.pyapi.long_from_longlong(point.n), c.pyapi.float_from_double(point.x),
             c.pyapi.bool_from_bool(point.flag)]
    cls = c.pyapi.unserialize(c.pyapi.serialize_object(Point))
    result = c.pyapi.call_function_objargs(cls, items)
    for obj in items + [cls]:
        c.pyapi.decref(obj)
    return result


def point_kernel(p, q, k):
    r = p + q
    s = Point(k, r.x * 2.0, not r.flag)
    return r, s, (r.n, r.x, r.flag), point_norm(r), point_norm(s)


def point_kernel_python(p, q, k):
    r = p + q
    s = Point(k, r.x * 2.0, not r.flag)
    return r, s, (r.n, r.x, r.flag), r.norm(), s.norm()


def test_point_mixed_members_operator_and_compile_internal():
    compiled = njit(point_kernel)
    points = [Point(3, 4.0, True), Point(-2, 0.5, False), Point(0, -math.inf, True), Point(7, math.nan, False)]
    for p in points:
        for q in points[:2]:
            for k in (0, -5, 2 ** 30):           # (n * n stays inside int64)
                got, want = compiled(p, q, k), point_kernel_python(p, q, k)
                for g, w in zip(got[:2], want[:2]):
                    assert type(g) is Point
                    assert (type(g.n), type(g.x), type(g.flag)) == (int, float, bool)
                    assert (g.n, g.flag) == (w.n, w.flag)
                    assert g.x == w.x or math.isnan(g.x) and math.isnan(w.x)
                assert got[2][0::2] == want[2][0::2] and got[2][1] == pytest.approx(want[2][1], nan_ok=True)
                assert got[3:] == pytest.approx(want[3:], nan_ok=True)
    shared = njit(lambda v: v)                  # one dispatcher, a signature per type: each unbox sees its own
    for value in (Span(1.0, 2.0), Point(1, 2.0, True), Span(3.0, 4.0), Point(5, 6.0, False), 7.5):
        got = shared(value)
        assert type(got) is type(value)
        assert got == value if isinstance(value, float) else vars(got) == vars(value)


# -- an opaque handle to a Python object, registered through numba.core's modules -------------------
class Handle:
    def __init__(self, payload):
        self.payload = payload


class HandleType(types.Opaque):
    def __init__(self):
        super().__init__(name="Handle")


handle_type = HandleType()
extending.typeof_impl.register(Handle)(lambda value, context: handle_type)
datamodel.register_default(HandleType)(datamodel.models.OpaqueModel)


@pythonapi.unbox(HandleType)
def _unbox_handle(typ, obj, c):
    return pythonapi.NativeValue(obj)             # borrowed: the caller's argument keeps it alive


@pythonapi.box(HandleType)
def _box_handle(typ, val, c):
    c.pyapi.incref(val)
    return val


def pick(flag, a, b):
    return a if flag else b


@type_callable(pick)
def _type_pick(context):
    return lambda flag, a, b: a if isinstance(flag, types.Boolean) and a == b == handle_type else None


@imputils.lower_builtin(pick, types.Boolean, HandleType, HandleType)
def _lower_pick(context, builder, sig, args):
    return imputils.impl_ret_borrowed(context, builder, sig.return_type, builder.select(*args))


def address_of(obj):
    return id(obj)


@type_callable(address_of)
def _type_address_of(context):
    return lambda obj: types.intp if isinstance(obj, types.Opaque) else None


@lower_builtin(address_of, types.Opaque)
def _lower_address_of(context, builder, sig, args):
    return builder.ptrtoint(args[0], cgutils.intp_t)


def choose(flag, a, b):
    return pick(flag, a, b), (b, a), address_of(a)


def test_opaque_handles_pass_through_compiled_code_with_their_references_kept():
    compiled = njit(choose)
    a, b = Handle([1, 2]), Handle("x")
    before = sys.getrefcount(a), sys.getrefcount(b)
    for flag in (True, False, True):
        got, want = compiled(flag, a, b), choose(flag, a, b)
        assert got[0] is want[0] and got[1][0] is b and got[1][1] is a and got[2] == want[2]
        del got, want
    assert (sys.getrefcount(a), sys.getrefcount(b)) == before


@pytest.mark.numjit_only
def test_the_interval_and_point_run_under_the_numba_alias():
    """`import numba` giving numjit (python -m numjit.run): this file's own numba-named code."""
    env = dict(os.environ, NUMJIT_TEST_IMPL="numba",
               PYTHONPATH=os.pathsep.join([os.path.dirname(os.path.dirname(__file__)), os.path.dirname(__file__)]))
    done = subprocess.run([sys.executable, "-m", "numjit.run", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "-p", "no:randomly", "-n", "0", __file__, "-k", "span_passes or mixed_members"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0 and "2 passed" in done.stdout, done.stdout + done.stderr


# -- any number of arguments of any type ---------------------------------------------------------------
def total_of(*values):
    return float(sum(values))


@templates.infer_global(total_of)
class TotalOfTemplate(templates.AbstractTemplate):
    def generic(self, args, kws):
        if all(isinstance(v, (types.Number, types.Boolean)) for v in args):
            return templates.signature(types.float64, *args)


@lower_builtin(total_of, types.VarArg(types.Any))
def _lower_total_of(context, builder, sig, args):
    total = context.get_constant(types.float64, 0.0)
    for value, ty in zip(args, sig.args):
        total = builder.fadd(total, context.cast(builder, value, ty, types.float64))
    return total


def totals(a, b, c):
    return total_of(a), total_of(a, b, c), total_of(c, b, a, a)


def test_var_arg_lowering_takes_any_number_of_any_types():
    compiled = njit(totals)
    for a, b, c in ((1, 2.5, True), (-7, -0.125, False), (2 ** 40, math.inf, True)):
        assert compiled(a, b, c) == totals(a, b, c)


# -- reference-counted values through a lowering ---------------------------------------------------------
def either(flag, a, b):
    return a if flag else b


@type_callable(either)
def _type_either(context):
    return lambda flag, a, b: a if isinstance(flag, types.Boolean) and isinstance(a, types.Array) and a == b else None


@lower_builtin(either, types.Boolean, types.Array, types.Array)
def _lower_either(context, builder, sig, args):
    chosen = builder.select(*args)
    context.nrt.incref(builder, sig.return_type, chosen)       # a lowering returns a new reference
    return chosen


def doubled(a):
    return a * 2.0


@type_callable(doubled)
def _type_doubled(context):
    return lambda a: a if isinstance(a, types.Array) and a.layout == "C" else None


@lower_builtin(doubled, types.Array)
def _lower_doubled(context, builder, sig, args):
    return context.compile_internal(builder, doubled, sig, args)      # a new reference: the result


@extending.intrinsic
def second_of(typingctx, a, b):
    if isinstance(b, types.Array):
        def codegen(context, builder, sig, args):
            return imputils.impl_ret_borrowed(context, builder, sig.return_type, args[1])
        return b(a, b), codegen


def eithers(flag, a, b):
    c = either(flag, a * 2.0, b * 2.0)        # temporaries in, a new reference out
    d = a * 3.0 + 1.0                         # (would reuse c's memory, were c freed with them)
    e = second_of(flag, b - 1.0)              # an intrinsic: the same rule
    f = a * 5.0
    g = doubled(b)
    return c.sum(), c, d, either(not flag, a, b).sum(), either(flag, b, a), e.sum(), e, f, g, doubled(a).sum()


def eithers_python(flag, a, b):
    c = either(flag, a * 2.0, b * 2.0)
    return (c.sum(), c, a * 3.0 + 1.0, either(not flag, a, b).sum(), either(flag, b, a), (b - 1.0).sum(),
            b - 1.0, a * 5.0, b * 2.0, (a * 2.0).sum())


def test_arrays_through_a_lowering_keep_their_reference_counts():   # (conftest: allocations == frees)
    compiled = njit(eithers)
    a, b = np.arange(4.0), np.array([-1.0, -0.5, 0.25, 1.0])
    for flag in (True, False):
        for g, w in zip(compiled(flag, a, b), eithers_python(flag, a, b)):
            np.testing.assert_array_equal(g, w)


# -- a struct holding an array ------------------------------------------------------------------------
class Window:
    def __init__(self, data, start):
        self.data, self.start = data, start


class WindowType(types.Type):
    def __init__(self):
        super().__init__(name="Window")


window_type = WindowType()
extending.typeof_impl.register(Window)(lambda value, context: window_type)


@register_model(WindowType)
class WindowModel(models.StructModel):
    def __init__(self, dmm, fe_type):
        super().__init__(dmm, fe_type, [("data", types.float64[::1]), ("start", types.int64)])


make_attribute_wrapper(WindowType, "data", "data")
make_attribute_wrapper(WindowType, "start", "start")


@type_callable(Window)
def _type_window(context):
    return lambda data, start: window_type if data == types.float64[::1] and isinstance(start, types.Integer) else None


@lower_builtin(Window, types.Array, types.Integer)
def _lower_window(context, builder, sig, args):
    window = context.make_helper(builder, window_type)
    window.data = args[0]
    window.start = context.cast(builder, args[1], sig.args[1], types.int64)
    return imputils.impl_ret_borrowed(context, builder, window_type, window._getvalue())   # owns its array


@unbox(WindowType)
def _unbox_window(typ, obj, c):
    window = c.context.make_helper(c.builder, typ)
    errors = []
    for name, member in (("data", types.float64[::1]), ("start", types.int64)):
        attr = c.pyapi.object_getattr_string(obj, name)
        native = c.unbox(member, attr)
        c.pyapi.decref(attr)                    # (the object keeps the array alive during the call)
        errors.append(native.is_error)
        setattr(window, name, native.value)
    return NativeValue(window._getvalue(), is_error=c.builder.or_(*errors))


@box(WindowType)
def _box_window(typ, val, c):
    window = c.context.make_helper(c.builder, typ, value=val)
    items = [c.box(types.float64[::1], window.data), c.pyapi.long_from_longlong(window.start)]
    cls = c.pyapi.unserialize(c.pyapi.serialize_object(Window))
    result = c.pyapi.call_function_objargs(cls, items)
    for obj in items + [cls]:
        c.pyapi.decref(obj)
    return result


def windows(w, k):
    v = Window(w.data * k, w.start + 1)        # owns a temporary array
    u = v
    filler = w.data * 0.0 - 5.0                # (would reuse v's array, were it freed too early)
    return v, u.data[u.start:].sum(), (v, w), filler.sum(), w.data[w.start:].sum()


def window_lists(ws, k):
    out = [Window(w.data * k, w.start) for w in ws]
    out.append(Window(ws[0].data + 1.0, 0))
    junk = ws[0].data * 0.0 - 9.0
    p = out.pop(0)
    d = {1: p, 2: out[0]}
    ws.append(d[2])                             # the caller's list sees it
    ws[0] = Window(p.data * 10.0, 1)
    return out, p, d[1].data.sum(), junk.sum(), len(ws)


def test_structs_holding_arrays_in_lists_and_dicts():
    compiled = njit(window_lists)
    given = [Window(np.arange(3.0), 1), Window(np.ones(2), 0)]
    mine = [Window(w.data.copy(), w.start) for w in given]
    got, want = compiled(given, 2.0), window_lists(mine, 2.0)
    for g, w in zip(got[0] + [got[1]] + given, want[0] + [want[1]] + mine):
        assert type(g) is Window and g.start == w.start
        np.testing.assert_array_equal(g.data, w.data)
    assert got[2:] == want[2:] and len(given) == len(mine)


def test_a_struct_holding_an_array_counts_its_references():
    compiled = njit(windows)
    for data, start, k in ((np.arange(5.0), 1, 2.0), (np.array([0.5, -1.5]), 0, -3.0), (np.ones(0), 0, 1.0)):
        got, want = compiled(Window(data, start), k), windows(Window(data, start), k)
        for g, w in ((got[0], want[0]), (got[2][0], want[2][0]), (got[2][1], want[2][1])):
            assert type(g) is Window and g.start == w.start
            np.testing.assert_array_equal(g.data, w.data)
        assert got[1] == want[1] and got[3:] == want[3:]


# -- errors --------------------------------------------------------------------------------------------
def test_a_call_the_typer_refuses_is_a_typing_error():
    with pytest.raises(TypingError):
        njit(lambda: Point(1.0, 2.0, True))()         # the typer refuses a float n


@pytest.mark.numjit_only
def test_a_typed_call_without_lowering_is_a_located_typing_error():   # numba: NotImplementedError
    def unlowered(x):
        raise NotImplementedError

    @type_callable(unlowered)
    def _type_unlowered(context):
        return lambda x: types.float64

    with pytest.raises(TypingError, match=r"no lower_builtin for these argument types[\s\S]*unlowered\(x\)"):
        njit(lambda x: unlowered(x))(1.0)


@pytest.mark.numjit_only
def test_low_level_misuse_is_named():
    from numjit.errors import UnsupportedError

    class WideType(types.Type):
        def __init__(self):
            super().__init__(name="Wide")

    @register_model(WideType)
    class WideModel(models.StructModel):
        def __init__(self, dmm, fe_type):
            super().__init__(dmm, fe_type, [("v", types.float64)])

    make_attribute_wrapper(WideType, "missing", "missing")

    def make_wide(v):
        raise NotImplementedError

    @type_callable(make_wide)
    def _type_make_wide(context):
        return lambda v: WideType()

    @lower_builtin(make_wide, types.Float)
    def _lower_make_wide(context, builder, sig, args):
        context.no_such_helper()

    def make_wide_boxed(v):
        raise NotImplementedError

    type_callable(make_wide_boxed)(_type_make_wide)

    @lower_builtin(make_wide_boxed, types.Float)
    def _lower_make_wide_boxed(context, builder, sig, args):
        return context.make_tuple(builder, sig.return_type, args)

    with pytest.raises(TypingError, match=r"context.no_such_helper is not offered[\s\S]*make_wide\(x\)"):
        njit(lambda x: make_wide(x))(1.0)
    with pytest.raises(TypingError, match="no member 'missing'.*its members: v"):
        njit(lambda: make_wide(1.0).missing)()

    class Wide:
        pass

    extending.typeof_impl.register(Wide)(lambda v, c: WideType())
    with pytest.raises(TypingError, match="cannot pass Wide from Python"):
        njit(lambda w: 1)(Wide())
    box(WideType)(lambda typ, val, c: c.pyapi.make_none())         # boxes, does not unbox
    assert njit(lambda: make_wide_boxed(2.0))() is None
    with pytest.raises(TypingError, match=r"no @unbox\(WideType\)"):
        njit(lambda w: 2)(Wide())

    @templates.infer_getattr
    class WideAttributes(templates.AttributeTemplate):
        key = WideType

        def resolve_unlowered(self, wide):
            return types.float64

        def resolve_method(self, wide):
            return types.float64(types.float64)

    with pytest.raises(TypingError, match=r"Wide.unlowered is typed by WideAttributes but has no lower_getattr"):
        njit(lambda: make_wide_boxed(1.0).unlowered)()
    with pytest.raises(TypingError, match="types attributes, not methods"):
        njit(lambda: make_wide_boxed(1.0).method)()
    with pytest.raises(TypeError, match="must be a numjit type"):
        templates.infer_getattr(type("ModuleAttributes", (templates.AttributeTemplate,), {"key": math}))

    class Bare:
        pass

    class BareType(types.Type):
        def __init__(self):
            super().__init__(name="Bare")

    extending.typeof_impl.register(Bare)(lambda value, context: BareType())
    with pytest.raises(TypingError, match=r"Bare has no data model[^\n]*@register_model\(BareType\)\n.*File"):
        njit(lambda b: 1)(Bare())

    class TextHolderType(types.Type):
        def __init__(self):
            super().__init__(name="TextHolder")

    @register_model(TextHolderType)
    class TextHolderModel(models.StructModel):
        def __init__(self, dmm, fe_type):
            super().__init__(dmm, fe_type, [("s", types.unicode_type)])

    with pytest.raises(UnsupportedError, match="StructModel holds numbers, booleans, arrays"):
        TextHolderModel(None, TextHolderType())
    with pytest.raises(UnsupportedError, match="models.PointerModel is not offered"):
        models.PointerModel(None, TextHolderType())

    class Odd:
        pass

    class OddType(types.Type):
        def __init__(self):
            super().__init__(name="Odd")

    @register_model(OddType)
    class OddModel(models.StructModel):
        def __init__(self, dmm, fe_type):
            super().__init__(dmm, fe_type, [("v", types.float64)])

    extending.typeof_impl.register(Odd)(lambda v, c: OddType())

    @unbox(OddType)
    def _unbox_odd(typ, obj, c):
        c.pyapi.no_such_call(obj)

    with pytest.raises(UnsupportedError, match="pyapi.no_such_call is not offered"):
        njit(lambda o: 1)(Odd())
    unbox(OddType)(lambda typ, obj, c: NativeValue(c.context.get_constant_null(typ), cleanup=lambda: None))
    with pytest.raises(UnsupportedError, match="does not run unbox cleanups"):
        njit(lambda o: 2)(Odd())
    unbox(OddType)(lambda typ, obj, c: NativeValue(c.context.get_constant_null(typ)))

    @box(OddType)
    def _box_odd(typ, val, c):
        return c.builder.no_such_instruction(val)

    assert njit(lambda o: 3)(Odd()) == 3
    with pytest.raises(TypingError, match=r"@box\(OddType\) function .*_box_odd \(.*py:\d+\) raised AttributeError"):
        njit(lambda o: o)(Odd())
