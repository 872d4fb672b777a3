"""`for` loops: every iterable becomes a count n and an item(k) for k in [0, n).

    range(a, b, s)  n = max(0, ceil((b - a) / s))    item = a + k*s   (n without overflow: ranges.py)
    array           n = shape[0]                      item = a[k]
    tuple           n = len                           item = t[k]
    enumerate(x)    n = n(x)                          item = (start + k, x.item(k))
    zip(x, y)       n = min(n(x), n(y))               item = (x.item(k), y.item(k))
    reversed(x)     n = n(x)                          item = x.item(n - 1 - k)
    list            n = (unbounded)                   item = lst[k], while k < len(lst) (live_ok)

except that a `for` over a range of step 1 or -1 counts the items themselves,
`for (i = a; i < b; i++)`, as numba does (see `_counter`).
"""
from llvmlite import ir

from ..backend.loophints import no_clone
from ..types import Tuple
from ..types.scalars import int64
from .context import I64


class _Iter:
    """A lowered iterable: its length and how to get item k."""

    def __init__(self, n, item, item_type, live_ok=None, bounds=None, exhausted=None):
        self.n, self.item, self.item_type = n, item, item_type
        self.live_ok = live_ok      # k → i1 checked every iteration too (lists may change size)
        self.bounds = bounds        # (start, stop, ±1): the items are start, start ± 1, ... up to stop
        self.exhausted = exhausted  # () → None, run when the loop ends without a break (an iterator's end)


def _range(low, node, spec):
    b, ctx, t = low.builder, low.ctx, low.t
    args = [ctx.cast(b, low.expr(a), t.exprs[a], spec.item_type) for a in node.args]
    ity = spec.item_type.llvm()
    zero, one = ir.Constant(ity, 0), ir.Constant(ity, 1)
    if len(args) == 1:
        start, stop, step = zero, args[0], one
    else:
        start, stop = args[0], args[1]
        step = args[2] if len(args) == 3 else one
    const_step = t.consts.get(node.args[2]) if len(args) == 3 else 1
    if const_step is None:
        low.guard(b.icmp_signed("==", step, zero), ValueError, "range() arg 3 must not be zero")
    signed = spec.item_type.signed
    if const_step == 1:                      # counted by its items (see _counter); n for zip/enumerate
        span = b.sub(stop, start)
        n = b.select((b.icmp_signed if signed else b.icmp_unsigned)(">", stop, start), span, zero)
    else:
        from ..intrinsics.ranges import range_count
        n = range_count(b, start, stop, step, signed, 0 if const_step is None else (1 if const_step > 0 else -1))
    # start + k*step is an item of the range, so it fits; k*step itself fits int64 when the span
    # does, which a constant step and a constant bound on the far side from start guarantee
    # (range(0, n, 2), range(n, -1, -2)); elsewhere it may wrap (range(-2**63 + 1, 2**63 - 1, 2**62))
    far = t.consts.get(node.args[1]) if len(args) > 1 else None
    near = t.consts.get(node.args[0]) if len(args) > 1 else 0
    no_wrap = signed and const_step is not None and (
        (const_step > 0 and isinstance(near, int) and near >= 0)
        or (const_step < 0 and isinstance(far, int) and far >= -1))
    if const_step == 1:                      # start + k < stop
        flags = ["nsw"] if signed else ["nuw"]
    else:
        flags = ["nsw"] if no_wrap else []

    def item(k):
        return b.add(start, k if const_step == 1 else b.mul(k, step, flags=flags), flags=flags)
    unit = const_step == 1 or (const_step == -1 and signed)
    return _Iter(n, item, spec.item_type, bounds=(start, stop, const_step) if unit else None)


def _array(low, node, spec):
    from ..intrinsics.arrays import array_item, array_shape
    b = low.builder
    arr, ty = low.expr(node), low.t.exprs[node]
    if ty != spec.iterable_type:            # an array expression: materialised (an owned temporary)
        arr, ty = low.cast(arr, ty, spec.iterable_type), spec.iterable_type
    n = array_shape(b, arr, 0)
    return _Iter(n, lambda k: array_item(low, arr, ty, k, wrap=False)[0], spec.item_type)


def _tuple(low, node, spec):
    tup, ty = low.expr(node), low.t.exprs[node]
    n = ir.Constant(I64, len(ty))
    uniform = Tuple([spec.item_type] * len(ty))
    tup = low.cast(tup, ty, uniform) if ty.items else tup      # items converted to the loop variable's type
    return _Iter(n, lambda k: low.tuple_dynamic_getitem(tup, uniform, k, int64) if ty.items else None,
                 spec.item_type)


def _enumerate(low, node, spec):
    b = low.builder
    inner = make_iter(low, node.args[0], spec.parts[0])
    start = ir.Constant(I64, 0)
    if len(node.args) > 1:
        start = low.ctx.cast(b, low.expr(node.args[1]), low.t.exprs[node.args[1]], int64)

    def item(k):
        out = ir.Constant(spec.item_type.llvm(), ir.Undefined)
        out = b.insert_value(out, b.add(start, k), 0)
        return b.insert_value(out, inner.item(k), 1)
    return _Iter(inner.n, item, spec.item_type, inner.live_ok, exhausted=inner.exhausted)


def _zip(low, node, spec):
    b = low.builder
    parts = [make_iter(low, a, p) for a, p in zip(node.args, spec.parts)]
    n = parts[0].n if parts else ir.Constant(I64, 0)
    for p in parts[1:]:
        n = b.select(b.icmp_signed("<", p.n, n), p.n, n)

    def item(k):
        out = ir.Constant(spec.item_type.llvm(), ir.Undefined)
        for i, p in enumerate(parts):
            out = b.insert_value(out, p.item(k), i)
        return out
    live = [p.live_ok for p in parts if p.live_ok is not None]

    def live_ok(k):
        ok = live[0](k)
        for more in live[1:]:
            ok = b.and_(ok, more(k))
        return ok
    return _Iter(n, item, spec.item_type, live_ok if live else None)


def _reversed(low, node, spec):
    b = low.builder
    if spec.parts[0].kind == "list":
        from ..intrinsics.lists import list_reversed_iter
        return list_reversed_iter(low, node.args[0], spec)
    inner = make_iter(low, node.args[0], spec.parts[0])
    last = b.sub(inner.n, ir.Constant(I64, 1))
    return _Iter(inner.n, lambda k: inner.item(b.sub(last, k)), spec.item_type)


def _custom(low, node, spec):
    from ..typing import registry
    impl = registry.resolve("iter", (spec.iterable_type,))
    value = low.expr(node)
    return impl.codegen(low, impl.signature, [value])


def _list(low, node, spec):
    from ..intrinsics.lists import list_iter
    return list_iter(low, node, spec)


_MAKERS = {"range": _range, "array": _array, "tuple": _tuple, "enumerate": _enumerate,
           "zip": _zip, "reversed": _reversed, "custom": _custom,
           "list": _list}


def make_iter(low, node, spec):
    return _MAKERS[spec.kind](low, node, spec)


def _counter(low, it):
    """The loop counter: (first value, k → continue?, k → item, k → next k).

    A range with step ±1 counts its items themselves (`for (j = start; j < stop; j++)`, as
    numba does), so LLVM sees the induction variable's range: `j + 1` cannot overflow, and
    the negative-index checks of `a[j - 1]` and of `jm = j - 1; a[jm]` fold away. The
    increment cannot overflow either (j < stop). Every other iterable counts k in [0, n).
    """
    b = low.builder
    if it.bounds is not None:
        start, stop, step = it.bounds
        cmp = b.icmp_signed if it.item_type.signed else b.icmp_unsigned
        flags = ["nsw"] if it.item_type.signed else ["nuw"]
        return (start, lambda k: cmp("<" if step > 0 else ">", k, stop), lambda k: k,
                lambda k: b.add(k, ir.Constant(start.type, step), flags=flags))
    n = b.sext(it.n, I64) if it.n.type.width < 64 else it.n

    def more(k):
        ok = b.icmp_signed("<", k, n)
        return b.and_(ok, it.live_ok(k)) if it.live_ok is not None else ok
    return (ir.Constant(I64, 0), more,
            lambda k: it.item(k if it.n.type.width == 64 else b.trunc(k, it.n.type)),
            lambda k: b.add(k, ir.Constant(I64, 1), flags=["nsw", "nuw"]))


def lower_for(low, node):
    b, fn = low.builder, low.fn
    spec = low.t.iters[node]
    if spec.parallel:                       # prange in a parallel=True function
        from .prange import lower_prange
        return lower_prange(low, node, spec)
    if spec.kind == "generator":            # a generator function's code, inlined
        from .generators import lower_generator_loop
        return lower_generator_loop(low, node, spec)
    if spec.kind == "range":
        from . import stage
        staging = stage.plan(low, node)
        if staging is not None:             # strided arrays only reductions read: contiguous copies
            return stage.lower_for(low, node, staging, _lower_range)
        return _lower_range(low, node)
    _lower_plain(low, node)


def _lower_range(low, node):
    from . import interchange
    nest = interchange.plan(low, node)
    if nest is not None:                    # a nest updating one element: its last index innermost
        return interchange.lower_for(low, node, nest, _lower_plain)
    _lower_plain(low, node)


def _lower_plain(low, node):
    b, fn = low.builder, low.fn
    spec = low.t.iters[node]
    it = make_iter(low, node.iter, spec)
    for value, ty in low.temps[-1]:         # arrays made for the loop header live as long as the loop
        low.store_slot(low.new_slot(ty, "for.keep"), value, ty)
    low.release_temps()
    from . import speculate
    if speculate.eligible(low, node, spec, it):     # a checked loop that may still vectorise
        return speculate.lower_for(low, node, spec, it)
    first, more, item_of, next_of = _counter(low, it)
    counter = low.ctx.alloca(b, first.type, name="for.k")
    b.store(first, counter)
    test = fn.append_basic_block("for.test")
    body = fn.append_basic_block("for.body")
    step = fn.append_basic_block("for.step")
    orelse = fn.append_basic_block("for.else")
    end = fn.append_basic_block("for.end")
    b.branch(test)
    b.position_at_end(test)
    k = b.load(counter)
    b.cbranch(more(k), body, orelse)
    b.position_at_end(body)
    from .interchange import NO_CLONE
    if node in NO_CLONE:                    # a reordered nest's fallback or outer loops
        no_clone(b)
    value = item_of(k)
    if value is not None:
        low.assign(node.target, value, spec.item_type)
    low.loops.append((step, end))
    low.block(node.body)
    low.loops.pop()
    if not b.block.is_terminated:
        b.branch(step)
    b.position_at_end(step)
    b.store(next_of(b.load(counter)), counter)
    b.branch(test)
    b.position_at_end(orelse)
    if it.exhausted is not None:
        it.exhausted()
    low.block(node.orelse)
    if not b.block.is_terminated:
        b.branch(end)
    b.position_at_end(end)
