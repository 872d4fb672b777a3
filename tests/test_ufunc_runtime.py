"""numjit.ufunc.loops + ufuncobj: hand-written IR kernels wrapped into real ufuncs,
compared with NumPy's own ufuncs on the same inputs.

Kernels follow the compiler's convention ``i32 kernel(ptr ret, ptr excinfo, args...)``.
"""
import gc
import threading
import warnings
import weakref

import numpy as np
import pytest
from llvmlite import ir

from helpers import assert_array_same, make_array, sample_values
from numjit.backend import jit
from numjit.runtime import threadpool
from numjit.ufunc import loops, ufuncobj

pytestmark = [
    pytest.mark.numjit_only,
    # NaN comparisons in the hand-written kernels (clip, x > y) compile to signalling
    # x86 compares/max that raise FE_INVALID on quiet NaNs, so NumPy warns where its
    # own clip/greater do not (known; see fp_errors=False in numjit.ufunc.loops)
    pytest.mark.filterwarnings("ignore:invalid value encountered in (clip|sg):RuntimeWarning"),
]

PTR, I1, I8, I32, I64 = ir.PointerType(), ir.IntType(1), ir.IntType(8), ir.IntType(32), ir.IntType(64)
F32, F64 = ir.FloatType(), ir.DoubleType()
VALUE_TYPE = {"b": lambda size: I1, "i": lambda size: ir.IntType(8 * size),
              "u": lambda size: ir.IntType(8 * size),
              "f": lambda size: {4: F32, 8: F64}[size],
              "c": lambda size: ir.LiteralStructType([{8: F32, 16: F64}[size]] * 2)}

# dtypes of the "add" ufunc, in np.add's own loop order, so type resolution matches np.add
ADD_DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32,
              np.int64, np.uint64, np.float32, np.float64, np.complex64, np.complex128]


def vtype(dtype):
    dtype = np.dtype(dtype)
    return VALUE_TYPE[dtype.kind](dtype.itemsize)


def kernel(module, name, params, body):
    """Define ``i32 name(ptr ret, ptr excinfo, params...)``; `body(b, fn, *args)`
    returns the value to store at ret (the kernel then returns 0)."""
    fn = ir.Function(module, ir.FunctionType(I32, [PTR, PTR] + params), name)
    fn.linkage = "internal"
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    result = body(b, fn, *fn.args[2:])
    b.store(result, fn.args[0])
    b.ret(I32(0))
    return fn


def excinfo(module, name, exc_class, message):
    """A constant ``{ptr exc_class_slot, ptr message}`` for PyExc_<exc_class>."""
    slot = module.globals.get(f"PyExc_{exc_class}") or ir.GlobalVariable(module, PTR, f"PyExc_{exc_class}")
    text = message.encode() + b"\0"
    msg = ir.GlobalVariable(module, ir.ArrayType(I8, len(text)), name + ".msg")
    msg.initializer = ir.Constant(msg.value_type, bytearray(text))
    msg.global_constant, msg.linkage = True, "internal"
    info_type = ir.LiteralStructType([PTR, PTR])
    info = ir.GlobalVariable(module, info_type, name)
    info.initializer = ir.Constant(info_type, [slot, msg])
    info.global_constant, info.linkage = True, "internal"
    return info


def raise_if(b, fn, cond, info):
    """In a kernel: if `cond`, store `info` into *excinfo and return 1."""
    fail = fn.append_basic_block("fail")
    cont = fn.append_basic_block("cont")
    b.cbranch(cond, fail, cont)
    b.position_at_end(fail)
    b.store(info, fn.args[1])
    b.ret(I32(1))
    b.position_at_end(cont)


def add_body(dtype):
    kind = np.dtype(dtype).kind

    def body(b, fn, x, y):
        if kind == "b":
            return b.or_(x, y)
        if kind in "iu":
            return b.add(x, y)
        if kind == "f":
            return b.fadd(x, y)
        re = b.fadd(b.extract_value(x, 0), b.extract_value(y, 0))
        im = b.fadd(b.extract_value(x, 1), b.extract_value(y, 1))
        return b.insert_value(b.insert_value(ir.Constant(x.type, ir.Undefined), re, 0), im, 1)
    return body


def floordiv_body(info):
    def body(b, fn, x, y):
        raise_if(b, fn, b.icmp_signed("==", y, I64(0)), info)
        minus_one = b.icmp_signed("==", y, I64(-1))
        d = b.select(minus_one, I64(1), y)
        q, r = b.sdiv(x, d), b.srem(x, d)
        fix = b.and_(b.icmp_signed("!=", r, I64(0)), b.icmp_signed("<", b.xor(r, d), I64(0)))
        q = b.sub(q, b.zext(fix, I64))
        return b.select(minus_one, b.sub(I64(0), x), q)
    return body


def nan_max(b, x, y):   # np.maximum: NaN wins
    keep = b.or_(b.fcmp_ordered(">=", x, y), b.fcmp_unordered("uno", x, x))
    return b.select(keep, x, y)


def nan_min(b, x, y):   # np.minimum: NaN wins
    keep = b.or_(b.fcmp_ordered("<=", x, y), b.fcmp_unordered("uno", x, x))
    return b.select(keep, x, y)


def clip_body(b, fn, x, lo, hi):
    return nan_min(b, nan_max(b, x, lo), hi)


def sum_and_greater_body(b, fn, x, y):   # two outputs: (x + y, x > y) as {double, i1}
    pair = ir.Constant(ir.LiteralStructType([F64, I1]), ir.Undefined)
    pair = b.insert_value(pair, b.fadd(x, y), 0)
    return b.insert_value(pair, b.fcmp_ordered(">", x, y), 1)


def rowsum_gkernel(module, name, info):
    """gufunc (n)->() float64 row sum; raises ValueError on a negative element."""
    fn = ir.Function(module, ir.FunctionType(I32, [PTR] * 5), name)
    fn.linkage = "internal"
    _ret, _exc, ptrs, dims, steps = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    src = b.load(ptrs, typ=PTR)
    dst = b.load(b.gep(ptrs, [I64(1)], source_etype=PTR), typ=PTR)
    n = b.load(dims, typ=I64)
    step = b.load(steps, typ=I64)
    pre = b.block
    head, body, done = (fn.append_basic_block(s) for s in ("head", "body", "done"))
    b.branch(head)
    b.position_at_end(head)
    j = b.phi(I64)
    acc = b.phi(F64)
    j.add_incoming(I64(0), pre)
    acc.add_incoming(F64(0.0), pre)
    b.cbranch(b.icmp_signed("<", j, n), body, done)
    b.position_at_end(body)
    x = b.load(b.gep(src, [b.mul(j, step)], source_etype=I8), typ=F64)
    raise_if(b, fn, b.fcmp_ordered("<", x, F64(0.0)), info)
    j.add_incoming(b.add(j, I64(1)), b.block)
    acc.add_incoming(b.fadd(acc, x), b.block)
    b.branch(head)
    b.position_at_end(done)
    b.store(acc, dst)
    b.ret(I32(0))
    return fn


def add_row_gkernel(module, name):
    """gufunc (n),()->(n) float64: out[j] = a[j] + s."""
    fn = ir.Function(module, ir.FunctionType(I32, [PTR] * 5), name)
    fn.linkage = "internal"
    _ret, _exc, ptrs, dims, steps = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    a, s, out = (b.load(b.gep(ptrs, [I64(k)], source_etype=PTR), typ=PTR) for k in range(3))
    n = b.load(dims, typ=I64)
    step_a = b.load(steps, typ=I64)
    step_out = b.load(b.gep(steps, [I64(1)], source_etype=I64), typ=I64)
    scalar = b.load(s, typ=F64)
    pre = b.block
    head, body, done = (fn.append_basic_block(x) for x in ("head", "body", "done"))
    b.branch(head)
    b.position_at_end(head)
    j = b.phi(I64)
    j.add_incoming(I64(0), pre)
    b.cbranch(b.icmp_signed("<", j, n), body, done)
    b.position_at_end(body)
    x = b.load(b.gep(a, [b.mul(j, step_a)], source_etype=I8), typ=F64)
    b.store(b.fadd(x, scalar), b.gep(out, [b.mul(j, step_out)], source_etype=I8))
    j.add_incoming(b.add(j, I64(1)), b.block)
    b.branch(head)
    b.position_at_end(done)
    b.ret(I32(0))
    return fn


SMALL_PAR = dict(parallel=True, parallel_threshold=64, min_chunk=16)


class Built:
    """Every kernel, loop and ufunc of this file, compiled in one module."""

    def __init__(self):
        m = ir.Module("test_ufunc_runtime")
        loop_names = {}

        def loop(key, k, ins, outs, **kw):
            loop_names[key] = loops.emit_ufunc_loop(m, k, ins, outs, "t." + key, **kw)

        for dt in ADD_DTYPES:
            t = vtype(dt)
            k = kernel(m, f"add.{np.dtype(dt).char}", [t, t], add_body(dt))
            loop(f"add.{np.dtype(dt).char}", k, [dt, dt], [dt])
            loop(f"padd.{np.dtype(dt).char}", k, [dt, dt], [dt], **SMALL_PAR)
        zero_div = excinfo(m, "zerodiv", "ZeroDivisionError", "integer division or modulo by zero")
        k = kernel(m, "floordiv", [I64, I64], floordiv_body(zero_div))
        loop("floordiv", k, ["i8", "i8"], ["i8"])
        loop("pfloordiv", k, ["i8", "i8"], ["i8"], **SMALL_PAR)
        for dt, t in (("f4", F32), ("f8", F64)):
            k = kernel(m, f"clip.{dt}", [t, t, t], clip_body)
            loop(f"clip.{dt}", k, [dt] * 3, [dt])
            loop(f"pclip.{dt}", k, [dt] * 3, [dt], **SMALL_PAR)
            k = kernel(m, f"max.{dt}", [t, t], lambda b, fn, x, y: nan_max(b, x, y))
            loop(f"max.{dt}", k, [dt, dt], [dt])
            k = kernel(m, f"div.{dt}", [t, t], lambda b, fn, x, y: b.fdiv(x, y))
            loop(f"div.{dt}", k, [dt, dt], [dt])
            loop(f"pdiv.{dt}", k, [dt, dt], [dt], **SMALL_PAR)
            loop(f"qdiv.{dt}", k, [dt, dt], [dt], fp_errors=False)
            loop(f"pqdiv.{dt}", k, [dt, dt], [dt], fp_errors=False, **SMALL_PAR)
        k = kernel(m, "sum_greater", [F64, F64], sum_and_greater_body)
        loop("sum_greater", k, ["f8", "f8"], ["f8", "?"])
        loop("psum_greater", k, ["f8", "f8"], ["f8", "?"], **SMALL_PAR)
        k = kernel(m, "not", [I1], lambda b, fn, x: b.xor(x, I1(1)))
        loop("not", k, ["?"], ["?"])
        k = kernel(m, "neg.c16", [vtype("c16")], lambda b, fn, z: b.insert_value(
            b.insert_value(z, b.fneg(b.extract_value(z, 0)), 0), b.fneg(b.extract_value(z, 1)), 1))
        loop("neg.c16", k, ["c16"], ["c16"])
        negative = excinfo(m, "negative", "ValueError", "negative element")
        gk = rowsum_gkernel(m, "rowsum", negative)
        loop_names["rowsum"] = loops.emit_gufunc_loop(m, gk, 1, 1, "t.rowsum", num_core_dims=1)
        loop_names["prowsum"] = loops.emit_gufunc_loop(
            m, gk, 1, 1, "t.prowsum", num_core_dims=1, parallel=True, parallel_threshold=64,
            min_chunk=16)
        gk = add_row_gkernel(m, "add_row")
        loop_names["add_row"] = loops.emit_gufunc_loop(m, gk, 2, 1, "t.add_row", num_core_dims=1)
        self.library = jit.compile_ir(m)
        self.address = {key: self.library.address(sym) for key, sym in loop_names.items()}

    def ufunc(self, name, keys_types, nin, nout, identity=None, signature=None):
        return ufuncobj.make_ufunc(name, f"test ufunc {name}",
                                   [(types, self.address[key]) for key, types in keys_types],
                                   nin, nout, identity=identity, signature=signature,
                                   owner_extra=self.library)


@pytest.fixture(scope="module")
def built():
    return Built()


def add_ufunc(built, prefix="add"):
    entries = [(f"{prefix}.{np.dtype(dt).char}", (dt, dt, dt)) for dt in ADD_DTYPES]
    return built.ufunc(prefix, entries, 2, 1, identity=0)


@pytest.fixture(scope="module")
def uadd(built):
    return add_ufunc(built)


@pytest.fixture(scope="module")
def upadd(built):
    return add_ufunc(built, "padd")


# ---------------------------------------------------------------- object basics

def test_is_a_real_ufunc(uadd):
    assert isinstance(uadd, np.ufunc)
    assert (uadd.nin, uadd.nout, uadd.nargs, uadd.identity) == (2, 1, 3, 0)
    assert uadd.__name__ == "add"
    assert uadd.types == [t for t in np.add.types if t[0] in "?bBhHiIlLfdFD" and t[0] == t[-1]
                          and t[0] == t[1]]
    assert "test ufunc add" in uadd.__doc__
    assert ufuncobj.get_owner(uadd).loops[0][0] == (np.bool_, np.bool_, np.bool_)
    assert ufuncobj.get_owner(np.add) is None


def test_struct_fields_read_back(uadd):
    assert ufuncobj._read(uadd, "nin") == 2 and ufuncobj._read(uadd, "nout") == 1
    assert ufuncobj._read(uadd, "ntypes") == len(uadd.types)
    assert ufuncobj._read(uadd, "obj") == id(ufuncobj.get_owner(uadd))


def test_owner_freed_with_ufunc(built):
    class Extra:
        pass
    extra = Extra()
    u = ufuncobj.make_ufunc("tmp", "", [(("f8", "f8", "f8"), built.address["add.d"])], 2, 1,
                            owner_extra=extra)
    assert u(1.0, 2.0) == 3.0
    owner_ref, extra_ref = weakref.ref(ufuncobj.get_owner(u)), weakref.ref(extra)
    del extra
    gc.collect()
    assert owner_ref() is not None and extra_ref() is not None
    del u
    gc.collect()
    assert owner_ref() is None and extra_ref() is None


@pytest.mark.parametrize("identity, want, reorderable", [
    (0, 0, True), (1, 1, True), (-1, -1, True), (None, None, False),
    ("reorderable", None, True), (2.5, 2.5, True), (-np.inf, -np.inf, True), (True, True, True)])
def test_identity(built, identity, want, reorderable):
    u = built.ufunc("m", [("max.f8", ("f8", "f8", "f8"))], 2, 1, identity=identity)
    assert u.identity == want and type(u.identity) is type(want)
    a = np.arange(6.0).reshape(2, 3)
    if reorderable:
        assert_array_same(u.reduce(a, axis=(0, 1)), np.maximum.reduce(a, axis=(0, 1)))
    else:   # like np.subtract (identity None, not reorderable)
        with pytest.raises(ValueError):
            np.subtract.reduce(a, axis=(0, 1))
        with pytest.raises(ValueError):
            u.reduce(a, axis=(0, 1))
    empty = np.empty((0,))
    if want is None:
        with pytest.raises(ValueError):
            np.maximum.reduce(empty)
        with pytest.raises(ValueError):
            u.reduce(empty)
    else:
        assert_array_same(u.reduce(empty), np.maximum.reduce(empty, initial=want))


def test_identity_value_reference_released(built):
    import sys

    class Identity(float):
        pass
    value = Identity(-1e300)
    before = sys.getrefcount(value)
    u = built.ufunc("m", [("max.f8", ("f8", "f8", "f8"))], 2, 1, identity=value)
    owner = weakref.ref(ufuncobj.get_owner(u))
    assert u.identity is value
    assert_array_same(u.reduce(np.empty(0)), np.maximum.reduce(np.empty(0), initial=-1e300))
    del u
    gc.collect()
    assert owner() is None
    # NumPy 2.4 itself keeps one reference per loop when the identity is an object
    # (PyArray_NewLegacyWrappingArrayMethod never releases PyUFunc_GetDefaultIdentity's
    # result); everything beyond that would be ours.
    assert sys.getrefcount(value) - before <= 1


def test_bad_arguments(built):
    with pytest.raises(ValueError):
        ufuncobj.make_ufunc("x", "", [(("f8", "f8"), built.address["add.d"])], 2, 1)
    with pytest.raises(ValueError):
        ufuncobj.make_ufunc("x", "", [], 2, 1, identity="bogus")
    with pytest.raises(TypeError):
        loops.Scalar(np.dtype("U3"))


# ---------------------------------------------------------------- elementwise, vs np.add

@pytest.mark.parametrize("dt", ADD_DTYPES, ids=lambda t: np.dtype(t).name)
@pytest.mark.parametrize("which", ["uadd", "upadd"])
def test_add_every_dtype_and_layout(request, which, dt):
    u = request.getfixturevalue(which)
    for layout in ("C", "F", "strided", "negstride", "transposed"):
        for shape in ((7,), (3, 5), (40, 33)):
            a = make_array(shape, dt, layout, seed=1)
            b = make_array(shape, dt, "C", seed=2)
            assert_array_same(u(a, b), np.add(a, b))
            assert_array_same(u(b, a), np.add(b, a))


@pytest.mark.parametrize("which", ["uadd", "upadd"])
def test_add_type_resolution_matches_numpy(request, which):
    u = request.getfixturevalue(which)
    for da in ADD_DTYPES:
        for db in ADD_DTYPES:
            a, b = sample_values(da, 100, 3), sample_values(db, 100, 4)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                want = np.add(a, b)
                got = u(a, b)
            assert_array_same(got, want)


@pytest.mark.parametrize("which", ["uadd", "upadd"])
def test_broadcasting_scalars_and_zero_d(request, which):
    u = request.getfixturevalue(which)
    a = sample_values("f4", 12, 5).reshape(3, 4)
    col = sample_values("f4", 3, 6).reshape(3, 1)
    row = sample_values("f4", 4, 7)
    for x, y in [(a, col), (col, row), (row, a), (a, np.float32(2.5)), (np.float32(2.5), a),
                 (a, 1), (3, a), (np.float32(1.5), np.float32(2.25)), (np.array(2.0), a),
                 (np.broadcast_to(row, (500, 4)), np.ones((500, 4), np.float32))]:
        assert_array_same(u(x, y), np.add(x, y))
    assert type(u(np.float32(1.5), np.float32(2.25))) is np.float32
    assert u(1, 2) == np.add(1, 2) and type(u(1, 2)) is type(np.add(1, 2))
    big = np.arange(100000, dtype=np.float32)   # scalar-operand loops at sizes the pool splits
    assert_array_same(u(big, np.float32(3)), big + np.float32(3))
    assert_array_same(u(np.float32(3), big), np.float32(3) + big)


def test_parallel_with_fresh_and_reused_outputs(built):
    u = built.ufunc("padd", [("padd.f", ("f4", "f4", "f4"))], 2, 1)
    x = np.arange(3_000_000, dtype=np.float32)   # 12 MB: outputs are checked for fresh pages
    for _ in range(3):
        assert_array_same(u(x, x), x + x)           # fresh output
        out = np.zeros_like(x)
        assert u(x[::-1], 1, out=out) is out        # resident output
        assert_array_same(out, x[::-1] + 1)
        assert_array_same(u(x[::2], x[1::2]), x[::2] + x[1::2])


@pytest.mark.parametrize("which", ["uadd", "upadd"])
def test_empty_and_nan(request, which):
    u = request.getfixturevalue(which)
    for shape in ((0,), (3, 0), (0, 4)):
        a = np.zeros(shape, np.float64)
        assert_array_same(u(a, a), np.add(a, a))
    x = np.array([np.nan, 1.0, -np.inf, np.inf, -0.0, 5e-324])
    y = np.array([1.0, np.nan, np.inf, np.inf, -0.0, 5e-324])
    with np.errstate(invalid="ignore"):   # -inf + inf
        assert_array_same(u(x, y), np.add(x, y))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # inf + -inf warns "invalid" in NumPy too
        with pytest.raises(RuntimeWarning):
            np.add(np.array([np.inf]), np.array([-np.inf]))
        with pytest.raises(RuntimeWarning):
            u(np.array([np.inf]), np.array([-np.inf]))


@pytest.mark.parametrize("which", ["uadd", "upadd"])
def test_out_where_dtype_casting(request, which):
    u = request.getfixturevalue(which)
    a = make_array((50, 40), np.float32, "F", seed=8)
    b = make_array((50, 40), np.float32, "strided", seed=9)
    out1, out2 = np.full((50, 40), -7, np.float32), np.full((50, 40), -7, np.float32)
    assert u(a, b, out=out1) is out1
    np.add(a, b, out=out2)
    assert_array_same(out1, out2)
    mask = make_array((50, 40), np.bool_, "C", seed=10)
    out1[...] = out2[...] = -7
    u(a, b, out=out1, where=mask)
    np.add(a, b, out=out2, where=mask)
    assert_array_same(out1, out2)
    view = out1[::-2, 1::3]
    np.add(a[::-2, 1::3], 1, out=out2[::-2, 1::3])
    u(a[::-2, 1::3], 1, out=view)
    assert_array_same(out1, out2)
    i16 = sample_values("i2", 64, 11)
    for dtype in (np.float32, np.float64, np.int32, np.complex64):
        assert_array_same(u(i16, i16, dtype=dtype), np.add(i16, i16, dtype=dtype))
    i64 = sample_values("i8", 64, 12)
    assert_array_same(u(i64, i64, dtype=np.float32, casting="unsafe"),
                      np.add(i64, i64, dtype=np.float32, casting="unsafe"))
    with pytest.raises(TypeError):
        np.add(i64, i64, dtype=np.float32, casting="safe")
    with pytest.raises(TypeError):
        u(i64, i64, dtype=np.float32, casting="safe")
    f64 = sample_values("f8", 64, 13)
    o1, o2 = np.zeros(64, np.int32), np.zeros(64, np.int32)
    with pytest.raises(TypeError):   # same_kind forbids float -> int output, as NumPy
        np.add(f64, f64, out=o2)
    with pytest.raises(TypeError):
        u(f64, f64, out=o1)
    u(f64, f64, out=o1, casting="unsafe")
    np.add(f64, f64, out=o2, casting="unsafe")
    assert_array_same(o1, o2)
    big = np.arange(20000, dtype=np.int16)   # buffered casting path, several inner-loop calls
    assert_array_same(u(big, big, dtype=np.float32), np.add(big, big, dtype=np.float32))


@pytest.mark.parametrize("which", ["uadd", "upadd"])
def test_in_place_and_overlap(request, which):
    u = request.getfixturevalue(which)
    x1 = np.arange(1000, dtype=np.int64)
    x2 = x1.copy()
    u(x1, 1, out=x1)
    np.add(x2, 1, out=x2)
    assert_array_same(x1, x2)
    x1, x2 = np.arange(1000, dtype=np.int64), np.arange(1000, dtype=np.int64)
    u(x1[:-1], x1[1:], out=x1[1:])          # overlapping, not elementwise: NumPy copies
    np.add(x2[:-1], x2[1:], out=x2[1:])
    assert_array_same(x1, x2)


@pytest.mark.parametrize("which", ["uadd", "upadd"])
def test_reduce_family(request, which):
    u = request.getfixturevalue(which)
    for dt in (np.int64, np.float32, np.float64, np.uint8, np.complex128):
        for layout in ("C", "F", "negstride"):
            a = make_array((30, 41), dt, layout, seed=14)
            a = np.round(a) if np.dtype(dt).kind in "fc" else a   # float sums stay exact
            # dtype= given: NumPy upcasts small ints in reductions of ufuncs *named* "add"
            kw = dict(dtype=a.dtype)
            for axis in (None, 0, 1, -1, (0, 1)):
                assert_array_same(u.reduce(a, axis=axis, **kw), np.add.reduce(a, axis=axis, **kw))
            assert_array_same(u.reduce(a, axis=1, keepdims=True, **kw),
                              np.add.reduce(a, axis=1, keepdims=True, **kw))
            assert_array_same(u.reduce(a, axis=0, initial=5, **kw),
                              np.add.reduce(a, axis=0, initial=5, **kw))
            mask = np.arange(41) % 3 == 0
            assert_array_same(u.reduce(a, axis=1, where=mask, **kw),
                              np.add.reduce(a, axis=1, where=mask, **kw))
            for axis in (0, 1):
                assert_array_same(u.accumulate(a, axis=axis, **kw),
                                  np.add.accumulate(a, axis=axis, **kw))
            idx = [0, 5, 5, 20, 3]
            assert_array_same(u.reduceat(a, idx, axis=1, **kw),
                              np.add.reduceat(a, idx, axis=1, **kw))
        empty = np.zeros(0, dt)
        assert_array_same(u.reduce(empty, dtype=dt), np.add.reduce(empty, dtype=dt))
    big = np.arange(300000, dtype=np.int64)
    assert_array_same(u.accumulate(big), np.add.accumulate(big))
    assert_array_same(u.reduce(big), np.add.reduce(big))
    assert_array_same(u.reduce(big.reshape(3000, 100), axis=0),
                      np.add.reduce(big.reshape(3000, 100), axis=0))


@pytest.mark.parametrize("which", ["uadd", "upadd"])
def test_outer_and_at(request, which):
    u = request.getfixturevalue(which)
    a, b = sample_values("f8", 7, 15), sample_values("f8", 5, 16)
    assert_array_same(u.outer(a, b), np.add.outer(a, b))
    assert_array_same(u.outer(a.reshape(7, 1), b[::-1]), np.add.outer(a.reshape(7, 1), b[::-1]))
    x1, x2 = np.arange(10, dtype=np.int64), np.arange(10, dtype=np.int64)
    idx, vals = np.array([0, 1, 1, 9, 0, 0]), np.array([5, 6, 7, 8, 9, 10], np.int64)
    u.at(x1, idx, vals)
    np.add.at(x2, idx, vals)
    assert_array_same(x1, x2)
    u.at(x1, idx, 3)
    np.add.at(x2, idx, 3)
    assert_array_same(x1, x2)


# ---------------------------------------------------------------- other kernels

@pytest.mark.parametrize("prefix", ["clip", "pclip"])
@pytest.mark.parametrize("dt", ["f4", "f8"])
def test_clip_matches_np_clip(built, prefix, dt):
    u = built.ufunc("clip", [(f"{prefix}.{dt}", (dt,) * 4)], 3, 1)
    for n in (0, 5, 1000, 100001):
        x = sample_values(dt, n, 17)
        x[::7] = np.nan
        for lo, hi in [(-3.0, 4.0), (np.float32(0), np.float32(1)), (np.nan, 1.0)]:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                want = np.clip(x, np.asarray(lo, dt), np.asarray(hi, dt))
            assert_array_same(u(x, np.asarray(lo, dt), np.asarray(hi, dt)), want)
        lo_arr, hi_arr = sample_values(dt, n, 18) - 5, sample_values(dt, n, 19) + 5
        assert_array_same(u(x, lo_arr, hi_arr), np.clip(x, lo_arr, hi_arr))
        assert_array_same(u(x[::-1], -1.0, hi_arr), np.clip(x[::-1], np.asarray(-1.0, dt), hi_arr))
        lo, hi = np.asarray(0.5, dt), np.asarray(4.0, dt)        # the mixed version (blocks, buffers)
        assert_array_same(u(lo, lo_arr, hi), np.clip(lo, lo_arr, hi))
        assert_array_same(u(lo, x, x), np.clip(lo, x, x))
        assert_array_same(u(lo, lo, hi, out=np.empty(n, dt)), np.full(n, np.clip(lo, lo, hi), dt))


@pytest.mark.parametrize("key", ["sum_greater", "psum_greater"])
def test_two_outputs(built, key):
    u = built.ufunc("sg", [(key, ("f8", "f8", "f8", "?"))], 2, 2)
    assert u.types == ["dd->d?"]
    for n in (0, 3, 10000):
        x, y = sample_values("f8", n, 20), sample_values("f8", n, 21)
        x[::5] = np.nan
        s, g = u(x, y)
        assert_array_same(s, np.add(x, y))
        assert_array_same(g, np.greater(x, y))
        o1, o2 = np.empty(n), np.ones(n, bool)
        r = u(x[::-1], 0.5, out=(o1, o2))
        assert r[0] is o1 and r[1] is o2
        assert_array_same(o1, np.add(x[::-1], 0.5))
        assert_array_same(o2, np.greater(x[::-1], 0.5))


def test_bool_and_complex_unary(built):
    u = built.ufunc("not", [("not", ("?", "?"))], 1, 1)
    for a in (make_array((9, 4), np.bool_, lay, 22) for lay in ("C", "F", "strided")):
        assert_array_same(u(a), np.logical_not(a))
    assert u(True) == np.logical_not(True)
    neg = built.ufunc("neg", [("neg.c16", ("c16", "c16"))], 1, 1)
    z = make_array((5, 6), np.complex128, "negstride", 23)
    assert_array_same(neg(z), np.negative(z))
    assert_array_same(neg(np.float32(2.5)), np.negative(np.complex128(2.5)))   # safe cast in


# ---------------------------------------------------------------- errors

@pytest.mark.parametrize("key", ["floordiv", "pfloordiv"])
def test_floordiv_values_match_python(built, key):
    u = built.ufunc("fd", [(key, ("i8", "i8", "i8"))], 2, 1)
    x = np.arange(-300, 300, dtype=np.int64)
    for d in (7, -7, 1, -1, 300):
        assert_array_same(u(x, d), np.floor_divide(x, d))
    extreme = np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).max], np.int64)
    with np.errstate(over="ignore"):   # min // -1 wraps, as in NumPy
        assert_array_same(u(extreme, np.int64(-1)), np.floor_divide(extreme, np.int64(-1)))


@pytest.mark.parametrize("key", ["floordiv", "pfloordiv"])
def test_kernel_error_raises_everywhere(built, key):
    u = built.ufunc("fd", [(key, ("i8", "i8", "i8"))], 2, 1)
    x = np.arange(1, 20001, dtype=np.int64)
    y = np.full_like(x, 7)
    y[12345] = 0
    expected = "integer division or modulo by zero"
    with pytest.raises(ZeroDivisionError, match=expected):
        1 // 0
    calls = {
        "contiguous": lambda: u(x, y),
        "small": lambda: u(x[:3], np.zeros(3, np.int64)),
        "scalar divisor": lambda: u(x, 0),
        "python scalars": lambda: u(3, 0),
        "broadcast scalars": lambda: u(3, 0, out=np.empty_like(x)),
        "strided": lambda: u(x[::5], y[::5]),
        "negative stride": lambda: u(x[::-1], y[::-1]),
        "buffered cast": lambda: u(x.astype(np.float64), y, casting="unsafe", dtype=np.int64),
        "out": lambda: u(x, y, out=np.empty_like(x)),
        "where": lambda: u(x, y, out=np.empty_like(x), where=x > 0),
        "2-d F": lambda: u(np.asfortranarray(x.reshape(100, 200)), np.asfortranarray(y.reshape(100, 200))),
        "reduce": lambda: u.reduce(np.array([50, 3, 0, 2], np.int64)),
        "reduce axis 0": lambda: u.reduce(np.array([[5, 3], [0, 2]], np.int64), axis=0),
        "accumulate": lambda: u.accumulate(np.array([50, 3, 0, 2], np.int64)),
        "reduceat": lambda: u.reduceat(np.array([5, 0, 1, 2], np.int64), [0, 2]),
        "outer": lambda: u.outer(np.arange(3), np.arange(3)),
        "at": lambda: u.at(np.arange(5), [0, 1], np.array([1, 0])),
    }
    for name, call in calls.items():
        with pytest.raises(ZeroDivisionError, match=expected):
            call()
    assert_array_same(u(x, 7), np.floor_divide(x, 7))   # no stale error afterwards


@pytest.mark.parametrize("key", ["div", "pdiv"])
def test_floating_point_flags_reach_numpy(built, key):
    u = built.ufunc("div", [(f"{key}.f8", ("f8", "f8", "f8"))], 2, 1)
    n = 50000
    x, y = np.ones(n), np.ones(n)
    for where in (0, n // 2, n - 1):   # chunks run on the calling thread and on helpers
        y[:] = 1.0
        y[where] = 0.0
        with np.errstate(divide="raise"):
            with pytest.raises(FloatingPointError):
                np.divide(x, y)
            with pytest.raises(FloatingPointError):
                u(x, y)
        with np.errstate(divide="ignore"):
            assert_array_same(u(x, y), np.divide(x, y))
    with np.errstate(all="raise"):
        assert_array_same(u(x, x), np.divide(x, x))


@pytest.mark.parametrize("key", ["qdiv", "pqdiv"])
def test_floating_point_flags_hidden_on_request(built, key):
    u = built.ufunc("qdiv", [(f"{key}.f8", ("f8", "f8", "f8"))], 2, 1)
    x, y = np.ones(50000), np.ones(50000)
    y[::1000] = 0.0
    with np.errstate(all="raise"):
        got = u(x, y)
    with np.errstate(divide="ignore"):
        assert_array_same(got, np.divide(x, y))


def test_errors_from_several_python_threads(built):
    u = built.ufunc("fd", [("pfloordiv", ("i8", "i8", "i8"))], 2, 1)
    x = np.arange(1, 100001, dtype=np.int64)
    good, bad = np.full_like(x, 3), np.full_like(x, 3)
    bad[-1] = 0
    failures = []

    def work(k):
        try:
            for _ in range(20):
                if k % 2:
                    with pytest.raises(ZeroDivisionError):
                        u(x, bad)
                else:
                    assert_array_same(u(x, good), x // 3)
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads) and not failures, failures


# ---------------------------------------------------------------- gufuncs

@pytest.mark.parametrize("key", ["rowsum", "prowsum"])
def test_gufunc_row_sum(built, key):
    u = built.ufunc("rowsum", [(key, ("f8", "f8"))], 1, 1, signature="(n)->()")
    assert u.signature == "(n)->()" and u.types == ["d->d"]
    for shape in ((5,), (4, 6), (3, 4, 7), (200, 50), (0, 3), (3, 0)):
        for layout in ("C", "F", "strided", "negstride"):
            a = np.abs(np.round(make_array(shape, np.float64, layout, seed=24)))
            assert_array_same(u(a), np.add.reduce(a, axis=-1))
    a = np.abs(np.round(make_array((6, 8), np.float64, "C", seed=25)))
    assert_array_same(u(a, axes=[0, ()]), np.add.reduce(a, axis=0))
    out = np.empty(6)
    assert u(a, out=out) is out
    assert_array_same(out, np.add.reduce(a, axis=-1))
    a[4, 3] = -1.0
    with pytest.raises(ValueError, match="negative element"):
        u(a)
    big = np.ones((1000, 30))
    big[999, 29] = -2.0
    with pytest.raises(ValueError, match="negative element"):
        u(big)


def test_gufunc_core_strides_and_broadcast(built):
    u = built.ufunc("add_row", [("add_row", ("f8", "f8", "f8"))], 2, 1, signature="(n),()->(n)")
    for layout in ("C", "F", "strided", "negstride", "transposed"):
        a = make_array((5, 9), np.float64, layout, seed=26)
        s = make_array((5,), np.float64, "C", seed=27)
        assert_array_same(u(a, s), a + s[:, None])
        assert_array_same(u(a, 2.5), a + 2.5)
        out = np.empty((9, 5)).T
        u(a, s, out=out)
        assert_array_same(out, a + s[:, None])
    a3 = make_array((2, 3, 4), np.float64, "C", seed=28)
    s2 = make_array((1, 3), np.float64, "C", seed=29)
    assert_array_same(u(a3, s2), a3 + s2[..., None])
