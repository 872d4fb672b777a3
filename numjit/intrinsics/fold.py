"""Fused folds: an array or array expression reduced in one loop nest, with no temporary.

`fold` is the loop behind np.sum, np.prod, np.mean, np.all and np.any of an array or of an
expression such as `w[q] * window` (a strided 3-d view of an image). It walks the broadcast
shape in C order with one pointer per array operand, advanced by that operand's byte stride (no
index arithmetic per element), and evaluates the expression on the loaded elements; a fold that
may be regrouped (below) walks F arrays in memory order and turns around the axes every operand
walks backwards (a[::-1]; operands of any layout but C and F). Operands that all span the shape
C-contiguously make it one row of all the items (the same loops, with outer extents 1; not
tested when an operand is an F array); a float sum of such operands (2-d or more) with at most
PAIRWISE items is NumPy's own (its pairwise order, as NumPy sums `w[q] * window`'s C-ordered
temporary: _pairwise). Otherwise the kind of the innermost rows is chosen once,
before the nest (each kind has its own copy of the outer loops):

- rows of a `vector` fold of at most LANES unit-stride items (a window's rows): one masked step
  each (a 5-item window row is one step, one mask for the whole nest), folded lane-wise into a
  vector accumulator that is reduced once, after the whole nest. A fold is `vector` when the
  combine may be regrouped (float sums, which already carry the `reassoc` flag; integer sums
  and products) and the expression is `+ - *` of operands of its own type (or widening to the
  accumulator's);
- other unit-stride rows of a `vector` fold: steps of WIDE items (four independent vectors)
  while they last, then masked steps of LANES items; an operand repeated along the row (step 0,
  `a[:, None] * b`) is read from a vector of copies of its element; of two operands (`a * col`)
  it is kept in a register (a row of its own, also the rows of two unit-stride operands);
- unit-stride rows of other folds: an indexed loop LLVM vectorises where it can (a regroupable
  fold starts it from the identity and adds the row's total after);
- strided rows: a scalar loop (vectorised strided loads are gathers, slower on AVX-512); left
  out when the operands' types say every row is unit-stride (all C, or all F walked in memory
  order).

A combine that may not be regrouped (a float product, a complex sum) sees the elements one by
one in C order, as before.

    >>> import operator
    >>> from numjit.types import float32, float64
    >>> leaf = lambda i: ("leaf", i)
    >>> vector_tree(("op", operator.mul, (float32, float32), float32, (leaf(0), leaf(1))),
    ...             [float32[:, :, :], float32[:, :]])
    True
    >>> vector_tree(("op", operator.truediv, (float64, float64), float64, (leaf(0), leaf(1))),
    ...             [float64[:], float64])
    False
"""
import operator

from llvmlite import ir

from ..backend.loophints import no_clone, no_vectorize
from ..types import Array, Integer, Float, Boolean
from ..types.arrays import DATA
from .arrayexpr import Leaves, as_expr, pack_single, check_weak_ints, eval_tree
from .arrays import array_shape, load_element
from .shapes import is_c_contiguous

I64, I1, I8, I32 = ir.IntType(64), ir.IntType(1), ir.IntType(8), ir.IntType(32)
LANES = 8                      # elements per vector step (a 256-bit float32 or 512-bit float64 vector)
WIDE = 4 * LANES               # elements per step of a long row (4 independent vectors)
PAIRWISE = 128                 # NumPy's pairwise sum: blocks of at most this many items, 8 lanes

# operator -> (builder method for integers, for floats): the operations evaluated on whole vectors
VECTOR_OPS = {operator.add: ("add", "fadd"), operator.sub: ("sub", "fsub"), operator.mul: ("mul", "fmul")}


def _plain_number(t):
    return isinstance(t, (Integer, Float)) and not isinstance(t, Boolean)


def vector_tree(tree, leaf_types):
    """Whether the expression `tree` over `leaf_types` evaluates lane-wise on vectors: `+ - *` in
    one number type, array operands already of that type, scalars of any number type."""
    if tree[0] == "leaf":
        t = leaf_types[tree[1]]
        return isinstance(t, Array) and _plain_number(t.dtype)
    _, key, in_types, out_type, children = tree
    if key not in VECTOR_OPS or not _plain_number(out_type) or any(t != out_type for t in in_types):
        return False
    for child in children:
        if child[0] == "leaf":
            t = leaf_types[child[1]]
            ok = t.dtype == out_type if isinstance(t, Array) else _plain_number(t)
        else:
            ok = child[3] == out_type and vector_tree(child, leaf_types)
        if not ok:
            return False
    return True


def _tree_type(tree, leaf_types):
    return leaf_types[tree[1]].dtype if tree[0] == "leaf" else tree[3]


def _widens(src, dst):
    """The vector cast from `src` to the accumulator `dst` (None: same type), or False."""
    if src == dst:
        return None
    if isinstance(src, Float) and isinstance(dst, Float) and dst.bits > src.bits:
        return "fpext"
    if _plain_number(src) and isinstance(dst, Integer) and dst.bits > src.bits and (dst.signed or not src.signed):
        return "sext" if src.signed else "zext"
    return False


def fold(low, value, ty, acc_type, init, combine, regroup):
    """(total, shape): combine(low, acc, element cast to acc_type) over every element of `ty`
    (Array, ArrayExpr or scalar), starting from the constant `init`. `regroup`: the combine is
    associative and commutative with identity `init`, so the elements may be folded in any
    grouping (lane-wise, row by row)."""
    b = low.builder
    expr = as_expr(ty)
    leaves = Leaves(low, pack_single(low, value, ty), expr.leaves, expr.ndim)
    check_weak_ints(low, expr.tree, leaves)
    shape = leaves.shape()
    leaf_types = [t for t, _ in leaves.items]
    arrays = [i for i, t in enumerate(leaf_types) if isinstance(t, Array)]
    acc = low.ctx.alloca(b, acc_type.llvm())
    b.store(init, acc)
    nest = _Nest(low, leaves, expr.tree, arrays, acc, acc_type, combine, init if regroup else None)
    if not shape:
        loaded = {i: load_element(low, b.extract_value(leaves.items[i][1], DATA), leaf_types[i].dtype)
                  for i in arrays}
        b.store(combine(low, b.load(acc), nest.element(loaded)), acc)
        return b.load(acc), shape
    bases = [b.extract_value(leaves.items[i][1], DATA) for i in arrays]
    strides = leaves.strides()
    axes = [[shape[a]] + [strides[i][a] for i in arrays] for a in range(len(shape))]
    pairwise = nest.vacc is not None and isinstance(acc_type, Float)      # a float sum
    whole = None
    if regroup:                               # any order will do: walk the operands' memory upwards
        if all(leaf_types[i].layout == "F" for i in arrays):
            axes.reverse()
        if all(leaf_types[i].layout == "A" for i in arrays):     # (C and F arrays step forwards)
            bases = _forward(b, axes, bases)
    if len(shape) > 1 and all(leaf_types[i].ndim == len(shape) and leaf_types[i].layout != "F" for i in arrays):
        whole = _spans_c_contiguously(b, leaves, arrays, shape)
        axes = _flattened(b, axes, whole, arrays, leaf_types)
    if len(axes) > 1:     # LLVM would unswitch the loops around a nest: a copy of it per test
        no_clone(b)
    if pairwise and whole is not None:    # all the items of a C array (expression): NumPy's order
        n = axes[0][0]
        for extent, *_ in axes[1:]:
            n = b.mul(n, extent)
        totals = []
        with b.if_else(b.and_(whole, b.icmp_signed("<=", n, ir.Constant(I64, PAIRWISE)))) as (short, other):
            with short:
                totals.append((nest.pairwise(n, bases), b.block))
            with other:
                nest.walk(axes, bases)
                totals.append((nest.total(), b.block))
        total = b.phi(acc_type.llvm())
        for value, block in totals:
            total.add_incoming(value, block)
        return total, shape
    nest.walk(axes, bases)
    return nest.total(), shape


def _forward(b, axes, bases):
    """Turn the axes along which no operand steps forward (a[::-1]) around, in place: the
    operands' bases move to those axes' last elements. Returns the new bases."""
    zero = ir.Constant(I64, 0)
    for axis in axes:
        extent, *steps = axis
        back = ir.Constant(I1, 1)
        for step in steps:
            back = b.and_(back, b.icmp_signed("<=", step, zero))
        last = b.sub(extent, ir.Constant(I64, 1))
        bases = [b.select(back, b.gep(p, [b.mul(last, step)], source_etype=I8), p) for p, step in zip(bases, steps)]
        axis[1:] = [b.select(back, b.neg(step), step) for step in steps]
    return bases


def _spans_c_contiguously(b, leaves, arrays, shape):
    """Run-time test: every array operand has the whole shape and is C-contiguous."""
    flat = ir.Constant(I1, 1)
    for i in arrays:
        t, v = leaves.items[i]
        flat = b.and_(flat, is_c_contiguous(b, v, t))
        for a, d in enumerate(shape):
            flat = b.and_(flat, b.icmp_signed("==", array_shape(b, v, a), d))
    return flat


def _flattened(b, axes, flat, arrays, leaf_types):
    """The nest's axes, or when `flat` one row of all the items (outer extents 1)."""
    total = axes[0][0]
    for extent, *_ in axes[1:]:
        total = b.mul(total, extent)
    one, zero = ir.Constant(I64, 1), ir.Constant(I64, 0)
    out = [[b.select(flat, one, extent)] + [b.select(flat, zero, s) for s in steps] for extent, *steps in axes[:-1]]
    extent, *steps = axes[-1]
    out.append([b.select(flat, total, extent)] + [
        b.select(flat, ir.Constant(I64, leaf_types[i].dtype.dtype.itemsize), s) for i, s in zip(arrays, steps)])
    return out


class _Nest:
    """The loops of one fold: outer axes bump pointers; each row is unit-stride or strided."""

    def __init__(self, low, leaves, tree, arrays, acc, acc_type, combine, identity):
        self.low, self.leaves, self.tree, self.arrays = low, leaves, tree, arrays
        self.acc, self.acc_type, self.combine, self.identity = acc, acc_type, combine, identity
        self.leaf_types = [t for t, _ in leaves.items]
        self.dtypes = [self.leaf_types[i].dtype for i in arrays]
        self.vacc = None
        root = _tree_type(tree, self.leaf_types)
        if identity is not None and arrays and vector_tree(tree, self.leaf_types) \
                and _widens(root, acc_type) is not False:
            b = low.builder
            self.vtype = ir.VectorType(acc_type.llvm(), LANES)
            self.vacc = low.ctx.alloca(b, self.vtype)
            b.store(self._splat(identity), self.vacc)

    def element(self, loaded):
        """One element (cast to the accumulator type) from the array operands' `loaded` values."""
        low = self.low
        values = [v for _, v in self.leaves.items]
        for i, v in loaded.items():
            values[i] = v
        elem, elem_t = eval_tree(low, self.tree, self.leaf_types, values)
        return low.ctx.cast(low.builder, elem, elem_t, self.acc_type)

    def total(self):
        """The accumulator, with the vector accumulator's lanes folded in."""
        b = self.low.builder
        if self.vacc is None:
            return b.load(self.acc)
        v = self._halves(b.load(self.vacc), 1)
        return self.combine(self.low, b.load(self.acc), b.extract_element(v, ir.Constant(I32, 0)))

    def walk(self, axes, ptrs):
        """Fold the nest of `axes` ([extent, byte step per pointer...], outer first) from `ptrs`,
        with the first kind of row whose test holds (tested once, before the nest)."""
        b = self.low.builder
        *outer, (extent, *steps) = axes
        choices = []                              # (test, row(pointers), whether the row loops)
        if self.vacc is not None and outer:      # rows of at most LANES items: one masked step each
            narrow = b.and_(self.unit(steps, False), b.icmp_signed("<=", extent, ir.Constant(I64, LANES)))
            mask = lane_mask(b, extent)
            choices.append((narrow, lambda here: self._vector_step(here, ir.Constant(I64, 0), mask), False))
        choices += [(test, row, True) for test, row in self._rows(extent, steps, bool(outer))]
        _first_true(b, [(test, lambda row=row, loops=loops: self._nest(outer, ptrs, row, loops))
                        for test, row, loops in choices])

    def _rows(self, extent, steps, nested):
        """The (test, row(pointers)) of the innermost rows: unit-stride (one row serves operands
        repeated along it, step 0, too) or strided; the last is taken when no test holds. The
        strided row is left out when every operand is C-contiguous (or all are F, walked in memory
        order): their row steps are always one element or 0 (not both of two: the row would be one
        item long)."""
        layouts = {self.leaf_types[i].layout for i in self.arrays}
        strided = layouts != {"C"} and (layouts != {"F"} or self.identity is None)
        if len(steps) == 2 and self.vacc is not None:      # (both repeated: only strided views)
            first = self.low.builder.icmp_signed("==", steps[0], ir.Constant(I64, 0))
            rows = [(self._held_test(steps), lambda here: self._vector_row(extent, here, None, first)),
                    (self.unit(steps, False), lambda here: self._vector_row(extent, here, None))]
        elif self.vacc is not None:
            rows = [(self.unit(steps, True), lambda here: self._vector_row(extent, here, steps))]
            if not nested and len(steps) > 1:     # a fold called once per row of a loop: unit rows
                rows.insert(0, (self.unit(steps, False), lambda here: self._vector_row(extent, here, None)))
        else:
            moves = [self.low.builder.icmp_signed("!=", step, ir.Constant(I64, 0)) for step in steps]
            if len(steps) > 1 or not strided:     # (one operand's step 0 is an as_strided view)
                rows = [(self.unit(steps, True), lambda here: self._indexed_row(extent, here, moves))]
            else:
                rows = [(self.unit(steps, False), lambda here: self._indexed_row(extent, here))]
        if strided:
            rows.append((None, lambda here: self._strided_row(extent, steps, here)))
        return rows

    def _nest(self, axes, ptrs, row, loops):
        """row(pointers) at every position of the loops over `axes`. `loops`: the row has loops
        of its own; then no loop of the nest is unswitched, unrolled or otherwise copied (LLVM
        would copy the whole nest for each test it can hoist)."""
        if not axes:
            row(ptrs)
            return
        extent, *steps = axes[0]

        def body(here):
            if loops or axes[1:]:
                no_clone(self.low.builder)
            self._nest(axes[1:], here, row, loops)
        no_vectorize(self._pointer_loop(extent, steps, ptrs, "fold.outer", body))

    def unit(self, steps, or_zero):
        """Every step is one element (`or_zero`: or 0, an operand repeated along the row)."""
        b = self.low.builder
        unit = ir.Constant(I1, 1)
        for step, t in zip(steps, self.dtypes):
            one = b.icmp_signed("==", step, ir.Constant(I64, t.dtype.itemsize))
            unit = b.and_(unit, b.or_(one, b.icmp_signed("==", step, ir.Constant(I64, 0))) if or_zero else one)
        return unit

    def _held_test(self, steps):
        """One of the two operands' steps is 0 (it repeats along the row), the other one element."""
        b = self.low.builder
        zero, unit = (ir.Constant(I64, 0), ir.Constant(I64, self.dtypes[0].dtype.itemsize))
        return b.or_(b.and_(b.icmp_signed("==", steps[0], zero), b.icmp_signed("==", steps[1], unit)),
                     b.and_(b.icmp_signed("==", steps[1], zero), b.icmp_signed("==", steps[0], unit)))

    def _pointer_loop(self, extent, steps, ptrs, name, body):
        """body(pointers) for `extent` positions of `ptrs`, advanced by `steps` (bytes)."""
        low = self.low
        b = low.builder
        slots = [low.ctx.alloca(b, p.type) for p in ptrs]
        for slot, p in zip(slots, ptrs):
            b.store(p, slot)

        def advance(k):
            here = [b.load(slot) for slot in slots]
            body(here)
            for slot, p, step in zip(slots, here, steps):
                b.store(b.gep(p, [step], source_etype=I8), slot)
        return counted(low, extent, name, advance)

    def _indexed_row(self, extent, ptrs, moves=None):
        """A plain indexed loop, which LLVM vectorises where the expression allows; the pointers
        that do not `move` (if given) give their one element `extent` times (a broadcast operand:
        LLVM folds `moves` where the shapes are known, as for `a[:, None] * b`)."""
        low = self.low
        b = low.builder
        part = self.acc
        if self.identity is not None:
            part = low.ctx.alloca(b, self.acc_type.llvm())
            b.store(self.identity, part)

        def body(k):
            index = [k if moves is None else b.mul(k, b.zext(move, I64)) for move in moves or ptrs]
            loaded = {i: load_element(low, b.gep(p, [j], inbounds=True, source_etype=t.llvm_mem()), t)
                      for i, p, t, j in zip(self.arrays, ptrs, self.dtypes, index)}
            b.store(self.combine(low, b.load(part), self.element(loaded)), part)
        counted(low, extent, "fold.row", body)
        if part is not self.acc:
            b.store(self.combine(low, b.load(self.acc), b.load(part)), self.acc)

    def _vector_row(self, extent, ptrs, steps, held=None):
        """Whole steps of WIDE elements (independent vectors, for long rows) into a wide
        accumulator, then whole steps of LANES elements into the vector accumulator, then one
        masked step for the rest (its mask depends on the row length only). `steps`
        (None: one element each): each operand's byte step, one element or 0; an operand repeated
        along the row (step 0) is read from a vector of copies of its element, so every step is
        plain vector loads. `held` (an i1; steps None): of two operands, the first (else the
        second) is repeated along the row and the other is one element apart: the repeated
        element is loaded once and kept in a register, one load per step."""
        low = self.low
        b = low.builder
        bases = [] if steps is not None else ptrs
        if held is not None:         # (the two operands' types are the same: vector_tree)
            first, (p0, p1) = held, ptrs
            bases = [b.select(first, p1, p0)] * 2
            held = (first, load_element(low, b.select(first, p0, p1), self.dtypes[0]))
        for p, t, step in zip(ptrs, self.dtypes, steps or []):
            repeated = b.icmp_signed("==", step, ir.Constant(I64, 0))
            copies = low.ctx.alloca(b, ir.VectorType(t.llvm(), WIDE))
            with b.if_then(b.and_(repeated, b.icmp_signed(">", extent, ir.Constant(I64, 0)))):
                b.store(self._splat(load_element(low, p, t), width=WIDE), copies)
            bases.append(b.select(repeated, copies, p))
        wide, lanes = ir.Constant(I64, WIDE), ir.Constant(I64, LANES)
        rounds = b.udiv(extent, wide)
        with b.if_then(b.icmp_signed(">", rounds, ir.Constant(I64, 0))):
            acc = low.ctx.alloca(b, ir.VectorType(self.acc_type.llvm(), WIDE))
            b.store(self._splat(self.identity, width=WIDE), acc)
            no_vectorize(counted(low, rounds, "fold.wide", lambda c: self._vector_step(
                bases, b.mul(c, wide), None, steps, acc, WIDE, held)), unroll=False)
            b.store(self.combine(low, b.load(self.vacc), self._halves(b.load(acc), LANES)), self.vacc)
        done = b.mul(rounds, wide)
        whole = b.udiv(b.sub(extent, done), lanes)
        no_vectorize(counted(low, whole, "fold.vector", lambda c: self._vector_step(
            bases, b.add(done, b.mul(c, lanes)), None, steps, held=held)), unroll=False)
        done = b.add(done, b.mul(whole, lanes))
        with b.if_then(b.icmp_signed(">", extent, done)):
            mask = lane_mask(b, b.sub(extent, done))
            self._vector_step(bases, done, mask, steps, held=held)

    def pairwise(self, n, ptrs):
        """The accumulator plus the sum of the `n` (at most PAIRWISE) items from `ptrs` (one
        element apart) in NumPy's order (_pairwise)."""
        return self.low.builder.fadd(self.low.builder.load(self.acc), _pairwise(self.low, [(self, ptrs)], n)[0],
                                     flags=self.low.fastmath)

    def _halves(self, v, width):
        """The vector `v` folded in halves down to `width` lanes."""
        b = self.low.builder
        while v.type.count > width:
            half = v.type.count // 2
            v = self.combine(self.low, b.shuffle_vector(v, v, _vector(I32, range(half))),
                             b.shuffle_vector(v, v, _vector(I32, range(half, 2 * half))))
        return v

    def _vector_step(self, ptrs, start, mask, steps=None, acc=None, width=LANES, held=None):
        """Fold the `width` elements from `start` (those `mask` selects) into the vector
        accumulator `acc` (the main one by default); `steps`: the operands' byte steps (else one
        element); `held`: (whether the first of two operands is the repeated one, its element)."""
        b = self.low.builder
        elem = self._vector_elements(ptrs, start, mask, steps, width, held)
        if mask is not None:
            elem = b.select(mask, elem, self._splat(self.identity))
        acc = acc or self.vacc
        b.store(self.combine(self.low, b.load(acc), elem), acc)

    def _vector_elements(self, ptrs, start, mask, steps=None, width=LANES, held=None):
        """The vector of the `width` elements from `start` (cast to the accumulator type)."""
        b = self.low.builder
        loaded = {}
        for i, p, t, step in zip(self.arrays, ptrs, self.dtypes, steps or [None] * len(ptrs)):
            ptr = b.gep(p, [start], inbounds=True, source_etype=t.llvm_mem()) if step is None else \
                b.gep(p, [b.mul(start, step)], inbounds=True, source_etype=I8)
            loaded[i] = load_lanes(self.low, ptr, t, mask, width)
            if held:                 # one load for the moving operand, the held one's copies
                first, copies = held[0], self._splat(held[1], width=width)
                loaded = {self.arrays[0]: b.select(first, copies, loaded[i]),
                          self.arrays[1]: b.select(first, loaded[i], copies)}
                break
        elem = self._vector_eval(self.tree, loaded, width)
        cast = _widens(_tree_type(self.tree, self.leaf_types), self.acc_type)
        return getattr(b, cast)(elem, ir.VectorType(self.acc_type.llvm(), width)) if cast else elem

    def _vector_eval(self, tree, loaded, width):
        """The vector of `tree`'s values from the array operands' `loaded` vectors."""
        low = self.low
        b = low.builder
        if tree[0] == "leaf":
            return loaded[tree[1]]
        _, key, in_types, out_type, children = tree
        args = []
        for child, want in zip(children, in_types):
            if child[0] == "leaf" and not isinstance(self.leaf_types[child[1]], Array):
                scalar = low.ctx.cast(b, self.leaves.items[child[1]][1], self.leaf_types[child[1]], want)
                args.append(self._splat(scalar, width=width))
            else:
                args.append(self._vector_eval(child, loaded, width))
        int_op, float_op = VECTOR_OPS[key]
        if isinstance(out_type, Float):
            return getattr(b, float_op)(*args, flags=low.fastmath)
        return getattr(b, int_op)(*args)

    def _splat(self, scalar, width=LANES):
        b = self.low.builder
        vt = ir.VectorType(scalar.type, width)
        one = b.insert_element(ir.Constant(vt, None), scalar, ir.Constant(I32, 0))
        return b.shuffle_vector(one, ir.Constant(vt, None), ir.Constant(ir.VectorType(I32, width), None))

    def _strided_row(self, extent, steps, ptrs):
        low = self.low
        b = low.builder

        def body(here):
            loaded = {i: load_element(low, p, t) for i, p, t in zip(self.arrays, here, self.dtypes)}
            b.store(self.combine(low, b.load(self.acc), self.element(loaded)), self.acc)
        no_vectorize(self._pointer_loop(extent, steps, ptrs, "fold.strided", body))


def pairwise_sums(low, values, count, ty, acc_type, mean=False):
    """(ok, emit) for `count` float sums (`mean`: means) in `acc_type` of values of type `ty` (an
    array or array expression; one per iteration of a loop, lowering/stage.py) that differ only in
    their operands' data, each advancing by the same bytes from one value to the next (rows `A[q]`
    of a non-negative q): `values` are the first two, the others' operands are stepped on from
    them (their shapes and strides are the first value's, which alone is checked). `ok` (an i1)
    holds where the operands span the shape C-contiguously with at most PAIRWISE items; emit()
    (where `ok` holds) returns the sums, each the one `fold` gives (NumPy's order), computed side
    by side: their chains of additions overlap, and an operand they share is loaded once per
    step."""
    b = low.builder
    expr = as_expr(ty)
    zero = low.ctx.constant(acc_type, 0.0)
    leaves = [Leaves(low, pack_single(low, value, ty), expr.leaves, expr.ndim) for value in values]
    leaf_types = [t for t, _ in leaves[0].items]
    arrays = [i for i, t in enumerate(leaf_types) if isinstance(t, Array)]
    nest = _Nest(low, leaves[0], expr.tree, arrays, None, acc_type, None, zero)
    first, second = ([b.extract_value(each.items[i][1], DATA) for i in arrays] for each in leaves)
    steps = [b.sub(b.ptrtoint(y, I64), b.ptrtoint(x, I64)) for x, y in zip(first, second)]
    parts = [(nest, [b.gep(x, [b.mul(ir.Constant(I64, u), step)], source_etype=I8)
                     for x, step in zip(first, steps)]) for u in range(count)]
    check_weak_ints(low, expr.tree, nest.leaves)
    shape = nest.leaves.shape()
    if nest.vacc is None or len(shape) < 2 or any(nest.leaf_types[i].ndim != len(shape)
                                                  or nest.leaf_types[i].layout == "F" for i in nest.arrays):
        return ir.Constant(I1, 0), None              # (1-d sums keep fold's vector row: fold's order)
    ok = _spans_c_contiguously(b, nest.leaves, nest.arrays, shape)
    n = shape[0]
    for extent in shape[1:]:
        n = b.mul(n, extent)
    ok = b.and_(ok, b.icmp_signed("<=", n, ir.Constant(I64, PAIRWISE)))

    def finish(total):                       # (a mean divides the sum by the count, as np.mean)
        total = b.fadd(zero, total, flags=low.fastmath)
        return b.fdiv(total, b.sitofp(n, zero.type)) if mean else total
    return ok, lambda: [finish(total) for total in _pairwise(low, parts, n)]


def _pairwise(low, parts, n):
    """The sums of the `n` (at most PAIRWISE) items from each (nest, pointers) of `parts` (one
    element apart) in NumPy's order, as NumPy sums a contiguous array (`np.sum(w[q] * window)`
    sums the C-ordered temporary): item k goes to lane k % 8 over the whole steps of 8, the lanes
    are added ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the last n % 8 items one by one (one
    masked step, added lane by lane); fewer than 8 items, one by one from 0. No `reassoc`: LLVM
    keeps this order. The parts' steps are interleaved."""
    b = low.builder
    flags = low.fastmath
    lanes = ir.Constant(I64, LANES)
    whole = b.udiv(n, lanes)
    zero = ir.Constant(parts[0][0].acc_type.llvm(), 0.0)
    res = [low.ctx.alloca(b, zero.type) for _ in parts]
    for r in res:
        b.store(zero, r)
    start = low.ctx.alloca(b, I64)
    b.store(ir.Constant(I64, 0), start)
    with b.if_then(b.icmp_signed(">", whole, ir.Constant(I64, 0))):
        vecs = [low.ctx.alloca(b, nest.vtype) for nest, _ in parts]
        for vec, (nest, ptrs) in zip(vecs, parts):
            b.store(nest._vector_elements(ptrs, ir.Constant(I64, 0), None), vec)

        def step(c):
            at = b.mul(b.add(c, ir.Constant(I64, 1)), lanes)
            for vec, (nest, ptrs) in zip(vecs, parts):
                b.store(b.fadd(b.load(vec), nest._vector_elements(ptrs, at, None), flags=flags), vec)
        no_vectorize(counted(low, b.sub(whole, ir.Constant(I64, 1)), "fold.pairwise", step), unroll=False)
        for vec, r in zip(vecs, res):
            v = b.load(vec)
            while v.type.count > 1:
                half = v.type.count // 2
                v = b.fadd(b.shuffle_vector(v, v, _vector(I32, range(0, 2 * half, 2))),
                           b.shuffle_vector(v, v, _vector(I32, range(1, 2 * half, 2))), flags=flags)
            b.store(b.extract_element(v, ir.Constant(I32, 0)), r)
        b.store(b.mul(whole, lanes), start)
    first = b.load(start)
    rest = b.sub(n, first)
    with b.if_then(b.icmp_signed(">", rest, ir.Constant(I64, 0))):
        mask = lane_mask(b, rest)
        tails = [nest._vector_elements(ptrs, first, mask) for nest, ptrs in parts]
        end = b.append_basic_block("fold.pairwise.end")
        for lane in range(LANES - 1):          # (rest < LANES)
            for tail, r in zip(tails, res):
                b.store(b.fadd(b.load(r), b.extract_element(tail, ir.Constant(I32, lane)), flags=flags), r)
            if lane < LANES - 2:
                more = b.append_basic_block("fold.pairwise.lane")
                b.cbranch(b.icmp_signed(">", rest, ir.Constant(I64, lane + 1)), more, end)
                b.position_at_end(more)
        b.branch(end)
        b.position_at_end(end)
    return [b.load(r) for r in res]


def load_lanes(low, ptr, t, mask, width=LANES):
    """`width` elements of dtype `t` from `ptr`, only those `mask` selects (all without a mask;
    the others are 0): nothing else is read."""
    vt = ir.VectorType(t.llvm(), width)
    if mask is None:
        return low.builder.load(ptr, typ=vt, align=t.dtype.itemsize)
    load = low.ctx.declare(f"llvm.masked.load.{_suffix(t, width)}.p0", vt, [ptr.type, I32, mask.type, vt])
    return low.builder.call(load, [ptr, ir.Constant(I32, t.dtype.itemsize), mask, ir.Constant(vt, None)])


def store_lanes(low, value, ptr, t, mask):
    """Store the lanes of the vector `value` that `mask` selects at `ptr` (nothing else is written)."""
    store = low.ctx.declare(f"llvm.masked.store.{_suffix(t, value.type.count)}.p0", ir.VoidType(),
                            [value.type, ptr.type, I32, mask.type])
    low.builder.call(store, [value, ptr, ir.Constant(I32, t.dtype.itemsize), mask])


def lane_mask(b, count, width=LANES):
    """The mask of the first `count` (an i64) of `width` lanes."""
    splat = b.insert_element(ir.Constant(ir.VectorType(I64, width), None), count, ir.Constant(I32, 0))
    splat = b.shuffle_vector(splat, ir.Constant(splat.type, None), ir.Constant(ir.VectorType(I32, width), None))
    return b.icmp_signed("<", _vector(I64, range(width)), splat)


def _suffix(t, width):
    return f"v{width}{'f' if isinstance(t, Float) else 'i'}{t.bits}"


def _first_true(b, choices):
    """Emit the first of the (condition, emit) `choices` whose condition holds (the last one
    when none does: its condition is not tested)."""
    (test, emit), rest = choices[0], choices[1:]
    if not rest:
        emit()
        return
    with b.if_else(test, likely=True) as (yes, no):
        with yes:
            emit()
        with no:
            _first_true(b, rest)


def _vector(t, items):
    return ir.Constant(ir.VectorType(t, len(items)), [ir.Constant(t, k) for k in items])


def counted(low, extent, name, body):
    """for k in range(extent): body(k); returns the loop's back-edge branch."""
    b, fn = low.builder, low.fn
    counter = low.ctx.alloca(b, I64)
    b.store(ir.Constant(I64, 0), counter)
    test, inner, end = (fn.append_basic_block(f"{name}.{n}") for n in ("test", "body", "end"))
    b.branch(test)
    b.position_at_end(test)
    k = b.load(counter)
    b.cbranch(b.icmp_signed("<", k, extent), inner, end)
    b.position_at_end(inner)
    body(k)
    b.store(b.add(k, ir.Constant(I64, 1), flags=["nsw", "nuw"]), counter)
    back = b.branch(test)
    b.position_at_end(end)
    return back
