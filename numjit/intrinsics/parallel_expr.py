"""Array expressions in `parallel=True` functions: the fused loop split over the thread pool.

`materialize` (arrayexpr.py) hands the work here: the rows of the result's first axis are
divided among the pool's threads, each evaluating the fused expression for its rows into the
new array (lowering/outline.py). Below about 2**16 elements the pool runs the whole loop in the
calling thread.

    >>> import numpy as np
    >>> from numjit import njit
    >>> @njit(parallel=True)
    ... def f(a, b):
    ...     return np.sqrt(a) * 2.0 + b
    >>> a = np.arange(200_000.0); bool(np.array_equal(f(a, 1.0), np.sqrt(a) * 2.0 + 1.0))
    True
"""
from llvmlite import ir

from ..lowering.context import I64, PTR
from ..lowering.outline import OutlinedLowerer, run_on_pool
from ..types.arrays import DATA
from .arrays import store_element

PARALLEL_ELEMENTS = 1 << 16          # per pool chunk, at least


def fill_in_parallel(low, packed, expr, shape, result, result_ty):
    """Write expression `expr` (its leaves packed in `packed`) over `shape` into `result`."""
    b, ctx = low.builder, low.ctx
    values = [packed, b.extract_value(result, DATA)] + list(shape)
    pointers = []
    for value in values:
        pointers.append(ctx.alloca(b, value.type))
        b.store(value, pointers[-1])
    inner = ir.Constant(I64, 1)
    for d in shape[1:]:
        inner = b.mul(inner, d)
    one = ir.Constant(I64, 1)
    rows_per_chunk = b.sdiv(ir.Constant(I64, PARALLEL_ELEMENTS), b.select(b.icmp_signed(">", inner, one), inner, one))
    min_chunk = b.select(b.icmp_signed(">", rows_per_chunk, one), rows_per_chunk, one)
    run_on_pool(low, shape[0], pointers, lambda parent, fn: _ExprChunk(parent, fn, expr, result_ty), min_chunk)


class _ExprChunk(OutlinedLowerer):
    def __init__(self, parent, fn, expr, result_ty):
        super().__init__(parent, fn)
        self.expr, self.result_ty = expr, result_ty

    def emit_body(self, k0, k1):
        from .arrayexpr import Leaves, eval_tree, leaf_elements, loop_nest
        b, expr = self.builder, self.expr
        packed = b.load(self.pointer(0), typ=expr.llvm())
        data = b.load(self.pointer(1), typ=PTR)
        dims = [b.load(self.pointer(2 + i), typ=I64) for i in range(expr.ndim)]
        leaves = Leaves(self, packed, expr.leaves, expr.ndim)
        leaves.shape()                     # the enclosing function checked it; this sets `single`
        strides = leaves.strides()
        leaf_types = [lt for lt, _ in leaves.items]
        inner = ir.Constant(I64, 1)
        for d in dims[1:]:
            inner = b.mul(inner, d)
        counter = self.ctx.alloca(b, I64)
        elem_ty = self.result_ty.dtype

        def row(k):
            b.store(b.mul(k, inner), counter)

            def step(index):
                values = leaf_elements(self, leaves, strides, [k] + index)
                elem, _ = eval_tree(self, expr.tree, leaf_types, values)
                i = b.load(counter)
                store_element(self, b.gep(data, [i], inbounds=True, source_etype=elem_ty.llvm_mem()), elem, elem_ty)
                b.store(b.add(i, ir.Constant(I64, 1)), counter)
            loop_nest(self, dims[1:], step)
        self.counted_loop(k0, k1, row)
