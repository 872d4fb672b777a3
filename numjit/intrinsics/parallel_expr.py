"""Array expressions in `parallel=True` functions: the fused loop split over the thread pool.

`materialize` (arrayexpr.py) hands the work here: the rows of the result's first axis are
divided among the pool's threads, each evaluating the fused expression for its rows into the
new array (lowering/outline.py). Reductions (`np.sum(a * b)`, `.prod()`, `mean`, `all`, `any`;
reductions.py) fold each chunk's rows into its own accumulator, then combine it into the
result under a lock (so a float sum may differ in the last bits from run to run, as in numba).
Below about 2**16 elements the pool runs the whole loop in the calling thread.

    >>> import numpy as np
    >>> from numjit import njit
    >>> @njit(parallel=True)
    ... def f(a, b):
    ...     return np.sqrt(a) * 2.0 + b
    >>> a = np.arange(200_000.0); bool(np.array_equal(f(a, 1.0), np.sqrt(a) * 2.0 + 1.0))
    True
"""
from llvmlite import ir

from ..lowering.context import I32, I64, PTR
from ..lowering.outline import OutlinedLowerer, run_on_pool
from ..types.arrays import DATA
from .arrayexpr import Leaves, as_expr, eval_tree, leaf_elements, loop_nest, pack_single
from .arrays import store_element

PARALLEL_ELEMENTS = 1 << 16          # per pool chunk, at least


def _product(b, dims):
    n = ir.Constant(I64, 1)
    for d in dims:
        n = b.mul(n, d)
    return n


def _run_rows(low, expr, shape, extra, make_lowerer):
    """Run make_lowerer's chunks over the rows of `shape`; pointer 0.. = the expression's leaves
    (packed), its shape, then `extra` values (each in its own slot)."""
    b, ctx = low.builder, low.ctx
    pointers = []
    for value in list(shape) + list(extra):
        pointers.append(ctx.alloca(b, value.type))
        b.store(value, pointers[-1])
    one = ir.Constant(I64, 1)
    inner = _product(b, shape[1:])
    rows_per_chunk = b.sdiv(ir.Constant(I64, PARALLEL_ELEMENTS), b.select(b.icmp_signed(">", inner, one), inner, one))
    min_chunk = b.select(b.icmp_signed(">", rows_per_chunk, one), rows_per_chunk, one)
    run_on_pool(low, shape[0], pointers, make_lowerer, min_chunk)
    return pointers


def fill_in_parallel(low, packed, expr, shape, result, result_ty):
    """Write expression `expr` (its leaves packed in `packed`) over `shape` into `result`."""
    data = low.builder.extract_value(result, DATA)
    _run_rows(low, expr, shape, [packed, data], lambda parent, fn: _FillChunk(parent, fn, expr, result_ty))


def accumulate_in_parallel(low, value, ty, acc_type, init, combine):
    """reductions._accumulate on the pool: (the folded value, the shape)."""
    b, expr = low.builder, as_expr(ty)
    packed = pack_single(low, value, ty)
    shape = Leaves(low, packed, expr.leaves, expr.ndim).shape()
    pointers = _run_rows(low, expr, shape, [packed, init, ir.Constant(I32, 0)],
                         lambda parent, fn: _FoldChunk(parent, fn, expr, acc_type, init, combine))
    return b.load(pointers[expr.ndim + 1]), shape


class _RowChunk(OutlinedLowerer):
    """Rows k0..k1 of an expression: `element(index, value)` for each of their elements."""

    def __init__(self, parent, fn, expr):
        super().__init__(parent, fn)
        self.expr = expr

    def extra(self, i, llty):
        return self.pointer(self.expr.ndim + i) if llty is None else self.builder.load(
            self.pointer(self.expr.ndim + i), typ=llty)

    def for_rows(self, k0, k1, element):
        b, expr = self.builder, self.expr
        dims = [b.load(self.pointer(i), typ=I64) for i in range(expr.ndim)]
        leaves = Leaves(self, self.extra(0, expr.llvm()), expr.leaves, expr.ndim)
        leaves.shape()                     # the enclosing function checked it; this sets `single`
        leaf_types = [lt for lt, _ in leaves.items]

        def rows(strides):
            def row(k):
                def step(index):
                    values = leaf_elements(self, leaves, strides, [k] + index)
                    element([k] + index, eval_tree(self, expr.tree, leaf_types, values)[0])
                loop_nest(self, dims[1:], step)
            self.counted_loop(k0, k1, row)
        leaves.versioned(dims, rows)
        return dims


class _FillChunk(_RowChunk):
    def __init__(self, parent, fn, expr, result_ty):
        super().__init__(parent, fn, expr)
        self.result_ty = result_ty

    def emit_body(self, k0, k1):
        b, elem_ty = self.builder, self.result_ty.dtype
        data = self.extra(1, PTR)
        counter = self.ctx.alloca(b, I64)
        dims = [b.load(self.pointer(i), typ=I64) for i in range(self.expr.ndim)]
        b.store(b.mul(k0, _product(b, dims[1:])), counter)      # rows are contiguous in the result

        def element(index, value):
            i = b.load(counter)
            store_element(self, b.gep(data, [i], inbounds=True, source_etype=elem_ty.llvm_mem()), value, elem_ty)
            b.store(b.add(i, ir.Constant(I64, 1)), counter)
        self.for_rows(k0, k1, element)


class _FoldChunk(_RowChunk):
    def __init__(self, parent, fn, expr, acc_type, init, combine):
        super().__init__(parent, fn, expr)
        self.acc_type, self.init, self.combine = acc_type, init, combine

    def emit_body(self, k0, k1):
        b = self.builder
        acc = self.ctx.alloca(b, self.acc_type.llvm())
        b.store(self.init, acc)
        elem_type = self.expr.dtype

        def element(index, value):
            e = self.ctx.cast(b, value, elem_type, self.acc_type)
            b.store(self.combine(self, b.load(acc), e), acc)
        self.for_rows(k0, k1, element)
        shared = self.extra(1, None)
        self.locked(self.extra(2, None), lambda: b.store(
            self.combine(self, b.load(shared, typ=self.acc_type.llvm()), b.load(acc)), shared))
