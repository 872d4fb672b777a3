"""Elementwise operations on arrays: typing into ArrayExpr trees, broadcasting loops, materialisation.

Result dtypes are NumPy's own (`ufunc.resolve_dtypes`, scalars weak as in NEP 50);
each element is computed by the scalar intrinsic of the operation, so array
code and scalar code share one implementation. Division by zero gives inf/nan
as in NumPy.

    >>> import operator
    >>> from numjit.types import float32, int64
    >>> from numjit.typing.registry import resolve
    >>> resolve(operator.add, (float32[:], int64)).signature.return_type
    arrayexpr(float32, 1d)
"""
import math
import operator
from types import FunctionType

import numpy as np
from llvmlite import ir

from ..types import Signature, Array, Number, Integer, Float, Complex, NPDatetime, NPTimedelta
from ..types.arrayexpr import ArrayExpr
from ..types.arrays import DATA
from ..types.scalars import from_dtype, int64, strong
from ..typing import registry
from ..typing.registry import intrinsic
from .arrays import array_shape, array_strides, load_element, store_element
from .complexmath import complex_key

I64, I8 = ir.IntType(64), ir.IntType(8)

# Python operator → (NumPy ufunc giving the dtypes, scalar implementation key)
OPERATORS = {
    operator.add: np.add, operator.sub: np.subtract, operator.mul: np.multiply,
    operator.truediv: np.true_divide, operator.floordiv: np.floor_divide, operator.mod: np.remainder,
    operator.pow: np.power, operator.lshift: np.left_shift, operator.rshift: np.right_shift,
    operator.and_: np.bitwise_and, operator.or_: np.bitwise_or, operator.xor: np.bitwise_xor,
    operator.lt: np.less, operator.le: np.less_equal, operator.gt: np.greater,
    operator.ge: np.greater_equal, operator.eq: np.equal, operator.ne: np.not_equal,
    operator.neg: np.negative, operator.pos: np.positive, operator.invert: np.invert, abs: np.absolute,
}
INPLACE = {operator.iadd: operator.add, operator.isub: operator.sub, operator.imul: operator.mul,
           operator.itruediv: operator.truediv, operator.ifloordiv: operator.floordiv,
           operator.imod: operator.mod, operator.ipow: operator.pow, operator.iand: operator.and_,
           operator.ior: operator.or_, operator.ixor: operator.xor}

_COMPARISONS = {np.less, np.less_equal, np.greater, np.greater_equal, np.equal, np.not_equal}

# NumPy function → scalar implementation key (registered for scalars too, in numpyfuncs.py)
UFUNC_SCALAR = {
    np.exp: math.exp, np.log: math.log, np.log2: math.log2, np.log10: math.log10, np.sqrt: math.sqrt,
    np.sin: math.sin, np.cos: math.cos, np.tan: math.tan, np.arcsin: math.asin, np.arccos: math.acos,
    np.arctan: math.atan, np.sinh: math.sinh, np.cosh: math.cosh, np.tanh: math.tanh,
    np.arcsinh: math.asinh, np.arccosh: math.acosh, np.arctanh: math.atanh, np.expm1: math.expm1,
    np.log1p: math.log1p, np.arctan2: math.atan2, np.hypot: math.hypot, np.abs: abs,
    np.absolute: abs, np.negative: operator.neg, np.positive: operator.pos, np.add: operator.add,
    np.subtract: operator.sub, np.multiply: operator.mul, np.divide: operator.truediv,
    np.true_divide: operator.truediv, np.floor_divide: operator.floordiv, np.power: operator.pow,
    np.remainder: operator.mod, np.mod: operator.mod, np.isnan: math.isnan, np.isinf: math.isinf,
    np.isfinite: math.isfinite, np.less: operator.lt, np.greater: operator.gt,
    np.less_equal: operator.le, np.greater_equal: operator.ge, np.equal: operator.eq,
    np.not_equal: operator.ne, np.copysign: math.copysign,
    np.minimum: "np.minimum", np.maximum: "np.maximum", np.fmin: "np.fmin", np.fmax: "np.fmax",
    np.floor: "np.floor", np.ceil: "np.ceil", np.trunc: "np.trunc", np.rint: "np.rint",
    np.sign: "np.sign", np.square: "np.square", np.reciprocal: "np.reciprocal",
    np.logical_not: operator.not_, np.logical_and: "np.logical_and", np.logical_or: "np.logical_or",
    np.deg2rad: math.radians, np.rad2deg: math.degrees, np.degrees: math.degrees,
    np.radians: math.radians, np.conjugate: "np.conjugate",
    np.bitwise_and: operator.and_, np.bitwise_or: operator.or_, np.bitwise_xor: operator.xor,
    np.invert: operator.invert, np.left_shift: operator.lshift, np.right_shift: operator.rshift,
    np.cbrt: math.cbrt, np.exp2: math.exp2, np.fabs: math.fabs, np.nextafter: math.nextafter,
    np.float_power: operator.pow, np.fmod: "np.fmod", np.gcd: "np.gcd", np.lcm: "np.lcm",
    np.ldexp: "np.ldexp", np.logaddexp: "np.logaddexp", np.logaddexp2: "np.logaddexp2",
    np.logical_xor: "np.logical_xor", np.signbit: "np.signbit", np.spacing: "np.spacing",
    np.heaviside: "np.heaviside",
    # NumPy functions that are not ufuncs: dtypes from the function's result on zeros (_by_example)
    np.sinc: "np.sinc", np.angle: "np.angle", np.isposinf: "np.isposinf", np.isneginf: "np.isneginf",
}


def _elem(t):
    return t.dtype if isinstance(t, (Array, ArrayExpr)) else t


def _numpy_arg(t):
    """What resolve_dtypes gets: array dtypes strong; the scalar types Python's numbers take
    (int64, float64, complex128) weak, as NEP 50 treats int/float/complex; narrower NumPy
    scalars strong (`uint8_array + np.int32(5)` is int32 in NumPy 2, not a range check)."""
    if isinstance(t, (Array, ArrayExpr)):
        return t.dtype.dtype
    return _PYTHON_TYPE[type(t)] if is_weak(t) else t.dtype


_PYTHON_TYPE = {Integer: int, Float: float, Complex: complex}


def is_weak(t):
    """Whether scalar type `t` is the one Python's int, float or complex take (NEP 50 weak), and
    not a NumPy scalar's (types/scalars.py `strong`: np.float64(3), an element of an array)."""
    weak = _PYTHON_TYPE.get(type(t))
    return weak is not None and t.dtype == np.dtype(weak) and not t.strong


def resolve_loop(ufunc, args):
    """(input types, output type) of the loop NumPy's `ufunc` picks for `args` (dtypes, or
    Python types standing for weak scalars), or None. NumPy's float16 loops (np.sqrt of int8,
    uint8, bool), which numjit lacks, become float32, numba's next choice."""
    try:
        if isinstance(ufunc, np.ufunc):
            resolved = ufunc.resolve_dtypes(tuple(args) + (None,) * ufunc.nout)
        else:
            resolved = _by_example(ufunc, args)
    except (TypeError, ValueError):            # DTypePromotionError is a TypeError
        return None
    types = [from_dtype(np.dtype(np.float32) if d == np.float16 else d) for d in resolved]
    if None in types:
        return None
    return types[:len(args)], types[-1]


def _by_example(func, args):
    """Loop dtypes of a NumPy function that is no ufunc (np.sinc, np.angle): the operands' own
    dtypes in, the dtype of the function's result on zeros of those dtypes out."""
    zeros = [np.zeros((), a) if isinstance(a, np.dtype) else a(0) for a in args]
    with np.errstate(all="ignore"):
        out = np.asarray(func(*zeros)).dtype
    return tuple(np.dtype(a) for a in args) + (out,)


def build(ufunc, scalar_key, operands):
    """ArrayExpr for ufunc(*operands) (at least one an array), or None if not defined."""
    if not any(isinstance(t, (Array, ArrayExpr)) for t in operands):
        return None
    if not all(isinstance(t, (Array, ArrayExpr, Number, NPDatetime, NPTimedelta)) for t in operands):
        return None
    loop = resolve_loop(ufunc, [_numpy_arg(t) for t in operands])
    if loop is None:
        return None
    in_types, out_type = loop
    scalar_key = complex_key(ufunc, scalar_key, in_types)
    if ufunc in _COMPARISONS and any(isinstance(t, Integer) for t in operands):
        # a Python int compares by value, as in NumPy (uint8 array >= -2 is all true): compare in
        # the scalar rule's common type instead of casting the int to the array's dtype
        scalar = registry.resolve(scalar_key, tuple(_elem(t) for t in operands))
        if scalar is not None and all(isinstance(t, Integer) for t in scalar.signature.args):
            in_types = list(scalar.signature.args)
    if registry.resolve(scalar_key, tuple(in_types)) is None:
        return None
    return _assemble(scalar_key, in_types, out_type, operands)


def build_kernel(ufunc, kernel, operands, return_type_of):
    """ArrayExpr for a numjit ufunc's Python `kernel` over `operands` (some arrays), or None.
    A ufunc with signatures picks its loop as NumPy does; a lazy one takes the element types."""
    if not any(isinstance(t, (Array, ArrayExpr)) for t in operands):
        return None
    if not all(isinstance(t, (Array, ArrayExpr, Number)) for t in operands):
        return None
    out_type = None
    if isinstance(ufunc, np.ufunc):
        try:
            resolved = ufunc.resolve_dtypes(tuple(_numpy_arg(t) for t in operands) + (None,))
        except (TypeError, ValueError):
            return None
        in_types, out_type = [from_dtype(d) for d in resolved[:-1]], from_dtype(resolved[-1])
    else:
        in_types = [_elem(t) for t in operands]
    ret = return_type_of(kernel, tuple(in_types))
    if not isinstance(ret, Number):
        return None
    return _assemble(kernel, in_types, out_type or ret, operands)


def _assemble(key, in_types, out_type, operands):
    leaves, children = [], []
    for t in operands:
        if isinstance(t, ArrayExpr):
            children.append(_shift(t.tree, len(leaves)))
            leaves.extend(t.leaves)
        else:
            children.append(("leaf", len(leaves)))
            leaves.append(t)
    ndim = max(t.ndim for t in operands if isinstance(t, (Array, ArrayExpr)))
    tree = ("op", key, tuple(in_types), out_type, tuple(children))
    return ArrayExpr(out_type, ndim, tree, leaves)


def _shift(tree, offset):
    if tree[0] == "leaf":
        return ("leaf", tree[1] + offset)
    return tree[:4] + (tuple(_shift(c, offset) for c in tree[4]),)


def _expr_typer(ufunc, scalar_key, inplace=False):
    def typer(*operands):
        expr = build(ufunc, scalar_key, operands)
        if expr is None:
            return None
        if expr.ndim == 0 and not inplace:
            return zero_d_scalar(expr, operands)

        def codegen(low, sig, args):
            return pack_leaves(low, args, operands, expr)
        return Signature(expr, tuple(operands)), codegen
    return typer


def zero_d_scalar(expr, operands):
    """(Signature, codegen) of an operation whose arrays are all 0-d: a NumPy scalar of the
    loop's dtype, as NumPy gives (`np.array(2.0) + 1` is np.float64(3.0), not a 0-d array)."""
    def codegen(low, sig, args):
        leaves = Leaves(low, pack_leaves(low, args, operands, expr), expr.leaves, 0)
        values = leaf_elements(low, leaves, [()] * len(leaves.items), ())
        return eval_tree(low, expr.tree, [t for t, _ in leaves.items], values)[0]
    return Signature(strong(expr.dtype), tuple(operands)), codegen


def pack_leaves(low, values, operands, expr):
    """The ArrayExpr value: the operands' leaves, flattened in order."""
    b = low.builder
    out = ir.Constant(expr.llvm(), ir.Undefined)
    i = 0
    for value, t in zip(values, operands):
        if isinstance(t, ArrayExpr):
            for j in range(len(t.leaves)):
                out = b.insert_value(out, b.extract_value(value, j), i)
                i += 1
        else:
            out = b.insert_value(out, value, i)
            i += 1
    return out


for _op, _ufunc in OPERATORS.items():
    intrinsic(_op)(_expr_typer(_ufunc, _op))
for _iop, _op in INPLACE.items():
    intrinsic(_iop)(_expr_typer(OPERATORS[_op], _op, inplace=True))
for _f, _key in UFUNC_SCALAR.items():
    intrinsic(_f)(_expr_typer(_f, _key))


# -- evaluation -----------------------------------------------------------------------------

def _shape_template(ndim):
    """How NumPy writes a shape in its messages: (), (5,), (2,3)."""
    return "(%d,)" if ndim == 1 else "(" + ",".join(["%d"] * ndim) + ")"


def not_broadcast(low, bad, shapes, fixed=None):
    """if bad: ValueError with NumPy's message, naming the operands' `shapes` (lists of run-time
    dims) and, for an assignment, the destination's shape `fixed`."""
    if not shapes or fixed is None and len(shapes) == 1:
        return                                     # nothing to disagree with
    if getattr(low.ctx, "is_cuda", False) or getattr(low, "fast_loop", None) is not None:
        return low.guard(bad, ValueError, "operands could not be broadcast together")
    if fixed is not None and len(shapes) == 1:
        template = "could not broadcast input array from shape %s into shape %s"
    else:
        template = "operands could not be broadcast together with shapes " + "%s " * (len(shapes) + (fixed is not None))
    shapes = shapes + ([list(fixed)] if fixed is not None else [])
    template = template % tuple(_shape_template(len(dims)) for dims in shapes)
    from .pyobjects import raise_formatted
    with low.builder.if_then(bad, likely=False):
        raise_formatted(low, ValueError, template, [(d, int64) for dims in shapes for d in dims])


class Leaves:
    """Broadcast view of an expression's leaves over an output shape."""

    def __init__(self, low, value, expr_leaves, out_ndim):
        b = low.builder
        self.low, self.items = low, []
        for i, t in enumerate(expr_leaves):
            v = b.extract_value(value, i) if value is not None else None
            self.items.append((t, v))
        self.out_ndim = out_ndim

    def shape(self, fixed=None):
        """The broadcast shape (raises ValueError when operands don't broadcast)."""
        low = self.low
        b = low.builder
        one = ir.Constant(I64, 1)
        dims = list(fixed) if fixed is not None else [one] * self.out_ndim
        bad = ir.Constant(ir.IntType(1), 0)
        for t, v in self.items:
            if not isinstance(t, Array):
                continue
            for a in range(t.ndim):
                o = self.out_ndim - t.ndim + a
                d = array_shape(b, v, a)
                if fixed is None:
                    ok = b.or_(b.icmp_signed("==", d, dims[o]),
                               b.or_(b.icmp_signed("==", d, one), b.icmp_signed("==", dims[o], one)))
                    bad = b.or_(bad, b.not_(ok))
                    dims[o] = b.select(b.icmp_signed("==", d, one), dims[o], d)
                else:
                    ok = b.or_(b.icmp_signed("==", d, dims[o]), b.icmp_signed("==", d, one))
                    bad = b.or_(bad, b.not_(ok))
        not_broadcast(low, bad, [[array_shape(b, v, a) for a in range(t.ndim)]
                                 for t, v in self.items if isinstance(t, Array)], fixed)
        arrays = [t for t, _ in self.items if isinstance(t, Array)]
        # one full-rank array and nothing else to fit: it defines the shape and never broadcasts,
        # so its own strides serve (constants for C/F arrays, which lets LLVM vectorise)
        self.single = fixed is None and len(arrays) == 1 and arrays[0].ndim == self.out_ndim
        return dims

    def strides(self, exact=False):
        """Per array leaf: byte strides per output axis (0 where broadcast). `exact`: the leaves
        are known to span the output shape along their own axes, so their strides serve as they are."""
        b = self.low.builder
        out = []
        for t, v in self.items:
            if not isinstance(t, Array):
                out.append(None)
                continue
            own = array_strides(b, v, t)
            per_axis = [ir.Constant(I64, 0)] * self.out_ndim
            for a in range(t.ndim):
                o = self.out_ndim - t.ndim + a
                if exact or getattr(self, "single", False):
                    per_axis[o] = own[a]
                    continue
                d = array_shape(b, v, a)
                per_axis[o] = b.select(b.icmp_signed("==", d, ir.Constant(I64, 1)), ir.Constant(I64, 0), own[a])
            out.append(per_axis)
        return out

    def versioned(self, dims, emit):
        """emit(strides) twice: once for leaves spanning the output shape (constant strides for
        C/F arrays, which LLVM vectorises), once for the general broadcast; a run-time test picks."""
        b = self.low.builder
        arrays = [(t, v) for t, v in self.items if isinstance(t, Array)]
        if not arrays or getattr(self, "single", False):
            emit(self.strides())
            return
        exact = ir.Constant(ir.IntType(1), 1)
        for t, v in arrays:
            for a in range(t.ndim):
                d = array_shape(b, v, a)
                exact = b.and_(exact, b.icmp_signed("==", d, dims[self.out_ndim - t.ndim + a]))
        with b.if_else(exact, likely=True) as (same, broadcast):
            with same:
                emit(self.strides(exact=True))
            with broadcast:
                emit(self.strides())


def loop_nest(low, dims, body):
    """for idx in ndindex(dims): body(idx) — nested counted loops, last axis innermost."""
    b, fn = low.builder, low.fn
    if not dims:
        body([])
        return
    counters = [low.ctx.alloca(b, I64) for _ in dims]
    ends = []
    index = []

    def open_loop(axis):
        b.store(ir.Constant(I64, 0), counters[axis])
        test, inner, end = (fn.append_basic_block(n) for n in ("nd.test", "nd.body", "nd.end"))
        b.branch(test)
        b.position_at_end(test)
        k = b.load(counters[axis])
        b.cbranch(b.icmp_signed("<", k, dims[axis]), inner, end)
        b.position_at_end(inner)
        index.append(k)
        ends.append((test, end))

    for axis in range(len(dims)):
        open_loop(axis)
    body(index)
    for axis in range(len(dims) - 1, -1, -1):
        test, end = ends[axis]
        k = b.load(counters[axis])
        b.store(b.add(k, ir.Constant(I64, 1), flags=["nsw", "nuw"]), counters[axis])
        b.branch(test)
        b.position_at_end(end)


def leaf_elements(low, leaves, strides, index):
    b = low.builder
    values = []
    for (t, v), st in zip(leaves.items, strides):
        if not isinstance(t, Array):
            values.append(v)
            continue
        offset = ir.Constant(I64, 0)
        for k, s in zip(index, st):
            offset = b.add(offset, b.mul(k, s))
        ptr = b.gep(b.extract_value(v, DATA), [offset], source_etype=I8)
        values.append(load_element(low, ptr, t.dtype))
    return values


def _check_weak_int(low, value, t, want):
    """A Python-int operand must fit the array's integer dtype (NumPy 2: int8 array + 300 raises
    OverflowError, it does not wrap)."""
    info, have = np.iinfo(want.dtype), np.iinfo(t.dtype)
    b = low.builder
    too_low = (b.icmp_signed("<", value, ir.Constant(value.type, info.min))
               if t.signed and have.min < info.min else None)
    too_high = ((b.icmp_signed if t.signed else b.icmp_unsigned)(">", value, ir.Constant(value.type, info.max))
                if have.max > info.max else None)
    bad = [c for c in (too_low, too_high) if c is not None]
    if bad:
        low.guard(b.or_(*bad) if len(bad) == 2 else bad[0], OverflowError,
                  f"Python integer out of bounds for {want}")


def check_weak_ints(low, tree, leaves):
    """The Python-int operands' range checks (see _check_weak_int) once, before the loops: NumPy
    raises for an empty array too."""
    if tree[0] == "leaf":
        return
    _, key, in_types, _, children = tree
    for child, want in zip(children, in_types):
        if child[0] == "leaf":
            t, v = leaves.items[child[1]]
            if isinstance(t, Integer) and isinstance(want, Integer) and not isinstance(key, FunctionType):
                _check_weak_int(low, v, t, want)
        else:
            check_weak_ints(low, child, leaves)


def eval_tree(low, tree, leaf_types, values):
    """(value, type) of one element of the expression tree."""
    if tree[0] == "leaf":
        t = leaf_types[tree[1]]
        return values[tree[1]], (t.dtype if isinstance(t, Array) else t)
    _, key, in_types, out_type, children = tree
    args = []
    for child, want in zip(children, in_types):
        v, t = eval_tree(low, child, leaf_types, values)
        if (child[0] == "leaf" and isinstance(t, Integer) and isinstance(want, Integer)
                and not isinstance(key, FunctionType)):
            _check_weak_int(low, v, t, want)
        args.append(low.ctx.cast(low.builder, v, t, want))
    if key is operator.pow and all(isinstance(t, Integer) for t in in_types) and in_types[1].signed:
        low.guard(low.builder.icmp_signed("<", args[1], ir.Constant(args[1].type, 0)), ValueError,
                  "Integers to negative integer powers are not allowed.")
    return apply_scalar(low, key, in_types, out_type, args), out_type


def apply_scalar(low, key, in_types, out_type, args):
    """The scalar implementation of `key` on `args` (of `in_types`) under NumPy's error model,
    cast to `out_type`."""
    impl = None if isinstance(key, FunctionType) else registry.resolve(key, tuple(in_types))
    if impl is None or (isinstance(impl, registry.PythonImpl) and impl.signature is None):
        # a Python function: a numjit ufunc's kernel (build_kernel), or a lib/ overload (math.radians)
        from ..typing.infer import return_type_of
        pyfunc = key if impl is None else impl.pyfunc
        impl = registry.PythonImpl(pyfunc, tuple(in_types), Signature(return_type_of(pyfunc, tuple(in_types)),
                                                                      tuple(in_types)))
        result = low.apply(impl, args, list(in_types))
        return low.ctx.cast(low.builder, result, impl.signature.return_type, out_type)
    saved = low.error_model
    low.error_model = "numpy"            # array arithmetic follows NumPy: inf/nan, no exception
    try:
        args = [low.ctx.cast(low.builder, a, s, d) for a, s, d in zip(args, in_types, impl.signature.args)]
        result = impl.codegen(low, impl.signature, args)
    finally:
        low.error_model = saved
    return low.ctx.cast(low.builder, result, impl.signature.return_type, out_type)


def as_expr(t):
    """Any array-like type seen as an expression over its leaves."""
    if isinstance(t, ArrayExpr):
        return t
    if isinstance(t, Array):
        return ArrayExpr(t.dtype, t.ndim, ("leaf", 0), (t,))
    return ArrayExpr(t, 0, ("leaf", 0), (t,))


def pack_single(low, value, t):
    if isinstance(t, ArrayExpr):
        return value
    out = ir.Constant(as_expr(t).llvm(), ir.Undefined)
    return low.builder.insert_value(out, value, 0)


def for_each_element(low, value, t, body, dims=None):
    """body(index, element value) over the broadcast shape of `t` (Array, ArrayExpr or scalar)."""
    expr = as_expr(t)
    ndim = len(dims) if dims is not None else expr.ndim
    leaves = Leaves(low, pack_single(low, value, t), expr.leaves, ndim)
    check_weak_ints(low, expr.tree, leaves)
    shape = leaves.shape(dims)
    leaf_types = [lt for lt, _ in leaves.items]

    def loops(strides):
        def step(index):
            values = leaf_elements(low, leaves, strides, index)
            elem, elem_t = eval_tree(low, expr.tree, leaf_types, values)
            body(index, elem)
        loop_nest(low, shape, step)
    leaves.versioned(shape, loops)
    return shape


def materialize(low, value, t):
    """A new C-contiguous array holding the expression's values (an owned temporary)."""
    from .creation import allocate
    expr = as_expr(t)
    result_ty = expr.as_array()
    b = low.builder
    leaves = Leaves(low, pack_single(low, value, t), expr.leaves, expr.ndim)
    check_weak_ints(low, expr.tree, leaves)
    shape = leaves.shape()
    result = allocate(low, result_ty, shape)
    low.own(result, result_ty)
    if low.t.flags.get("parallel") and expr.ndim >= 1:
        from .parallel_expr import fill_in_parallel
        fill_in_parallel(low, pack_single(low, value, t), expr, shape, result, result_ty)
        return result
    leaf_types = [lt for lt, _ in leaves.items]
    data = b.extract_value(result, DATA)
    counter = low.ctx.alloca(b, I64)

    def loops(strides):
        b.store(ir.Constant(I64, 0), counter)

        def step(index):
            values = leaf_elements(low, leaves, strides, index)
            elem, _ = eval_tree(low, expr.tree, leaf_types, values)
            k = b.load(counter)
            store_element(low, b.gep(data, [k], inbounds=True, source_etype=result_ty.dtype.llvm_mem()),
                          elem, result_ty.dtype)
            b.store(b.add(k, ir.Constant(I64, 1)), counter)
        loop_nest(low, shape, step)
    leaves.versioned(shape, loops)
    return result


def assign(low, dest, dest_ty, value, value_ty):
    """dest[...] = value with broadcasting; a source overlapping dest is copied first (NumPy semantics)."""
    b = low.builder
    if isinstance(value_ty, (Array, ArrayExpr)):
        expr = as_expr(value_ty)
        packed = pack_single(low, value, value_ty)
        overlap = ir.Constant(ir.IntType(1), 0)
        for i, leaf in enumerate(expr.leaves):
            if isinstance(leaf, Array):
                source = b.extract_value(packed, i)
                clash = may_overlap(low, dest, dest_ty, source, leaf)
                if leaf.ndim == dest_ty.ndim and leaf.dtype.dtype.itemsize == dest_ty.dtype.dtype.itemsize:
                    # the very same view (np.sin(a, out=a), a[...] = a * 2): each element is read, then
                    # written, so no copy is needed
                    clash = b.and_(clash, b.not_(_same_view(low, dest, dest_ty, source, leaf)))
                overlap = b.or_(overlap, clash)
        copy_first = overlap
        if isinstance(value_ty, Array) and dest_ty.ndim == value_ty.ndim == 1:
            # NumPy copies 1-d arrays whose strides run the same way without a temporary
            ordered = b.and_(overlap, b.icmp_signed(">=", b.mul(array_strides(b, dest, dest_ty)[0],
                                                                array_strides(b, value, value_ty)[0]),
                                                    ir.Constant(I64, 0)))
            with b.if_then(ordered, likely=False):
                _assign_in_numpy_order(low, dest, dest_ty, value, value_ty)
            copy_first = b.and_(overlap, b.not_(ordered))
        with b.if_then(copy_first, likely=False):
            low.temps.append([])             # the copy lives only inside this branch
            copy = materialize(low, value, value_ty)
            _assign_loop(low, dest, dest_ty, copy, expr.as_array())
            low.release_temps()
            low.temps.pop()
        with b.if_then(b.not_(overlap)):
            _assign_loop(low, dest, dest_ty, value, value_ty)
    else:
        _assign_loop(low, dest, dest_ty, value, value_ty)


def leading_ones(low, dest, dest_ty, value, value_ty):
    """dest seen with extent-1 axes in front, as many axes as value_ty has: NumPy's setitem
    takes a value with more dims when the extra leading ones have length 1 (`a[1, 1:] =
    b[:1, 1:]`); assign's broadcast check then asks that of the value (an array value is checked
    here first, for NumPy's messages: dest's own shape, the value's without its leading ones)."""
    from .shapes import _view
    b, extra = low.builder, value_ty.ndim - dest_ty.ndim
    one, zero = ir.Constant(I64, 1), ir.Constant(I64, 0)
    own = [array_shape(b, dest, a) for a in range(dest_ty.ndim)]
    if isinstance(value_ty, Array):
        dims = [array_shape(b, value, a) for a in range(value_ty.ndim)]
        lead_bad = tail_bad = ir.Constant(ir.IntType(1), 0)
        for a, d in enumerate(dims):
            if a < extra:
                lead_bad = b.or_(lead_bad, b.icmp_signed("!=", d, one))
            else:
                ok = b.or_(b.icmp_signed("==", d, one), b.icmp_signed("==", d, own[a - extra]))
                tail_bad = b.or_(tail_bad, b.not_(ok))
        not_broadcast(low, lead_bad, [dims], own)
        not_broadcast(low, tail_bad, [dims[extra:]], own)
    view_ty = dest_ty.copy(ndim=value_ty.ndim, layout="A")
    return _view(b, dest, view_ty, [one] * extra + own, [zero] * extra + array_strides(b, dest, dest_ty)), view_ty


def _assign_loop(low, dest, dest_ty, value, value_ty):
    """dest[...] = value, not overlapping: loops ordered by dest's memory layout (innermost along
    its smallest stride), addresses advanced by the strides. One version runs when the innermost
    strides are unit (LLVM vectorises it); the strided one stays scalar (AVX-512 scatters lose)."""
    b = low.builder
    if isinstance(value_ty, (Array, ArrayExpr)) and value_ty.ndim > dest_ty.ndim:
        from ..errors import TypingError
        raise TypingError(f"cannot assign a {value_ty.ndim}-d value to a {dest_ty.ndim}-d array")
    expr = as_expr(value_ty)
    leaves = Leaves(low, pack_single(low, value, value_ty), expr.leaves, dest_ty.ndim)
    check_weak_ints(low, expr.tree, leaves)
    dims = leaves.shape([array_shape(b, dest, i) for i in range(dest_ty.ndim)])
    arrays = [(i, t, v, s) for i, ((t, v), s) in enumerate(zip(leaves.items, leaves.strides()))
              if isinstance(t, Array)]
    dstrides = array_strides(b, dest, dest_ty)
    axes = _by_layout(low, [[dims[a], dstrides[a]] + [s[a] for *_, s in arrays]
                            for a in range(dest_ty.ndim)], dest_ty.layout)
    bases = [b.extract_value(dest, DATA)] + [b.extract_value(v, DATA) for _, _, v, _ in arrays]
    dtypes = [dest_ty.dtype] + [t.dtype for _, t, _, _ in arrays]
    leaf_types = [t for t, _ in leaves.items]

    def body(ptrs):
        values = [v for _, v in leaves.items]
        for (i, t, _, _), p in zip(arrays, ptrs[1:]):
            values[i] = load_element(low, p, t.dtype)
        elem, elem_t = eval_tree(low, expr.tree, leaf_types, values)
        store_element(low, ptrs[0], low.ctx.cast(b, elem, elem_t, dest_ty.dtype), dest_ty.dtype)
    if not axes:
        body(bases)
        return
    unit = ir.Constant(ir.IntType(1), 1)
    for step, t in zip(axes[-1][1:], dtypes):
        unit = b.and_(unit, b.icmp_signed("==", step, ir.Constant(I64, t.dtype.itemsize)))
    with b.if_else(unit, likely=True) as (contiguous, strided):
        with contiguous:
            _strided_nest(low, axes, bases, body, dtypes)
        with strided:
            _strided_nest(low, axes, bases, body, None)


def _by_layout(low, axes, layout):
    """Axes [extent, strides...] reordered outer to inner by decreasing |first stride| (the
    destination's), extent-1 axes outermost; known for C/F, a sorting network of selects for A."""
    if layout == "C" or len(axes) < 2:
        return axes
    if layout == "F":
        return axes[::-1]
    b = low.builder
    big = ir.Constant(I64, (1 << 63) - 1)
    keyed = []
    for ax in axes:
        s = ax[1]
        size = b.select(b.icmp_signed("<", s, ir.Constant(I64, 0)), b.neg(s), s)
        keyed.append([b.select(b.icmp_signed("==", ax[0], ir.Constant(I64, 1)), big, size)] + ax)
    for last in range(len(keyed) - 1, 0, -1):
        for j in range(last):
            swap = b.icmp_signed("<", keyed[j][0], keyed[j + 1][0])
            x, y = keyed[j], keyed[j + 1]
            keyed[j] = [b.select(swap, q, p) for p, q in zip(x, y)]
            keyed[j + 1] = [b.select(swap, p, q) for p, q in zip(x, y)]
    return [k[1:] for k in keyed]


def _strided_nest(low, axes, bases, body, unit_types):
    """body(pointers) over the nest of `axes` ([extent, step per pointer...], outer first), each
    pointer advanced by its byte step. With `unit_types`, the innermost steps are one element of
    those types and addressed by the loop index; without, the innermost loop is kept scalar."""
    from ..backend.loophints import no_vectorize
    b, fn = low.builder, low.fn
    (extent, *steps), innermost = axes[0], len(axes) == 1
    counter = low.ctx.alloca(b, I64)
    b.store(ir.Constant(I64, 0), counter)
    slots = []
    if not (innermost and unit_types):
        slots = [low.ctx.alloca(b, p.type) for p in bases]
        for slot, p in zip(slots, bases):
            b.store(p, slot)
    test, inner, end = (fn.append_basic_block(n) for n in ("st.test", "st.body", "st.end"))
    b.branch(test)
    b.position_at_end(test)
    k = b.load(counter)
    b.cbranch(b.icmp_signed("<", k, extent), inner, end)
    b.position_at_end(inner)
    if slots:
        ptrs = [b.load(slot) for slot in slots]
        (body if innermost else lambda p: _strided_nest(low, axes[1:], p, body, unit_types))(ptrs)
        for slot, p, step in zip(slots, ptrs, steps):
            b.store(b.gep(p, [step], source_etype=I8), slot)
    else:
        body([b.gep(p, [k], inbounds=True, source_etype=t.llvm_mem()) for p, t in zip(bases, unit_types)])
    b.store(b.add(k, ir.Constant(I64, 1), flags=["nsw", "nuw"]), counter)
    back = b.branch(test)
    if innermost and not unit_types:
        no_vectorize(back)
    b.position_at_end(end)


def _assign_in_numpy_order(low, dest, dest_ty, src, src_ty):
    """1-d dest[:] = src overlapping it, element by element in the order NumPy's copy loop takes:
    both flipped when dest runs backward, then backward when src starts below dest and reaches it
    (so a[::5] = a[1:11] reads some elements it has already written, as NumPy does)."""
    b = low.builder
    zero, one = ir.Constant(I64, 0), ir.Constant(I64, 1)
    n, m = array_shape(b, dest, 0), array_shape(b, src, 0)
    not_broadcast(low, b.and_(b.icmp_signed("!=", m, n), b.icmp_signed("!=", m, one)), [[m]], [n])
    ds = array_strides(b, dest, dest_ty)[0]
    ss = b.select(b.icmp_signed("==", m, one), zero, array_strides(b, src, src_ty)[0])
    last = b.sub(n, one)
    flip = b.icmp_signed("<", ds, zero)
    dp = b.ptrtoint(b.extract_value(dest, DATA), I64)
    sp = b.ptrtoint(b.extract_value(src, DATA), I64)
    dp0 = b.select(flip, b.add(dp, b.mul(last, ds)), dp)
    sp0 = b.select(flip, b.add(sp, b.mul(last, ss)), sp)
    ss0 = b.select(flip, b.neg(ss), ss)
    backward = b.and_(b.icmp_unsigned("<", sp0, dp0), b.icmp_unsigned(">", b.add(sp0, b.mul(n, ss0)), dp0))
    reverse = b.xor(flip, backward)

    def body(index):
        j = b.select(reverse, b.sub(last, index[0]), index[0])
        elem = load_element(low, b.gep(b.extract_value(src, DATA), [b.mul(j, ss)], source_etype=I8), src_ty.dtype)
        store_element(low, b.gep(b.extract_value(dest, DATA), [b.mul(j, ds)], source_etype=I8),
                      low.ctx.cast(b, elem, src_ty.dtype, dest_ty.dtype), dest_ty.dtype)
    loop_nest(low, [n], body)


def _same_view(low, a, at, c, ct):
    """Whether arrays a and c (of one ndim) have the same data pointer, shape and strides."""
    b = low.builder
    same = b.icmp_unsigned("==", b.ptrtoint(b.extract_value(a, DATA), I64), b.ptrtoint(b.extract_value(c, DATA), I64))
    for x, y in zip(array_strides(b, a, at), array_strides(b, c, ct)):
        same = b.and_(same, b.icmp_signed("==", x, y))
    for axis in range(at.ndim):
        same = b.and_(same, b.icmp_signed("==", array_shape(b, a, axis), array_shape(b, c, axis)))
    return same


def _extent(low, arr, ty):
    b = low.builder
    lo = hi = b.ptrtoint(b.extract_value(arr, DATA), I64)
    strides = array_strides(b, arr, ty)
    empty = ir.Constant(ir.IntType(1), 0)
    for a in range(ty.ndim):
        d = array_shape(b, arr, a)
        empty = b.or_(empty, b.icmp_signed("==", d, ir.Constant(I64, 0)))
        span = b.mul(b.sub(d, ir.Constant(I64, 1)), strides[a])
        neg = b.icmp_signed("<", span, ir.Constant(I64, 0))
        lo = b.select(neg, b.add(lo, span), lo)
        hi = b.select(neg, hi, b.add(hi, span))
    hi = b.add(hi, ir.Constant(I64, ty.dtype.dtype.itemsize))
    return lo, hi, empty


def may_overlap(low, a, at, c, ct):
    b = low.builder
    alo, ahi, aempty = _extent(low, a, at)
    clo, chi, cempty = _extent(low, c, ct)
    inter = b.and_(b.icmp_unsigned("<", alo, chi), b.icmp_unsigned("<", clo, ahi))
    return b.and_(inter, b.not_(b.or_(aempty, cempty)))


@intrinsic(np.may_share_memory)
def may_share_memory(a, c):
    """np.may_share_memory(a, b): do the address ranges of two arrays intersect (neither empty)?"""
    if not (isinstance(a, Array) and isinstance(c, Array)):
        return None
    return Signature(from_dtype(np.dtype(bool)), (a, c)), lambda low, sig, args: may_overlap(low, args[0], a, args[1], c)
