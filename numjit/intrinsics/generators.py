"""Generator expressions consumed by sum, any, all, min, max, list, sorted and tuple: the
consumer runs the expression's loops in place (no iterator object, no list for the reductions);
any/all stop at the first decisive item, as in Python.

    >>> from numjit import njit
    >>> @njit
    ... def f(a):
    ...     return sum(x * x for x in a), any(x > 2 for x in a), max(x % 3 for x in a if x > 0)
    >>> import numpy as np
    >>> f(np.arange(5))
    (30, True, 2)

A generator expression is accepted only as the argument of a call (frontend/check.py); a
compiled function cannot take one as a parameter. `tuple(...)` needs a length known when
compiling: one `for` over `range(<constants>)` or a tuple, without `if`.
"""
import ast
import operator
import sys

from llvmlite import ir

from ..errors import TypingError
from ..types import Signature, Number, Complex, Tuple, List, Const, undefined
from ..types.generators import GeneratorExprType
from ..types.scalars import boolean, int64, float64, unify
from ..typing.registry import intrinsic, resolve, PythonImpl
from .listexpr import type_list_comprehension, generate
from .lists import new_list, append

I64 = ir.IntType(64)


# -- typing the expression ------------------------------------------------------------------------

def type_generator_expression(inf, node):
    listed = type_list_comprehension(inf, node)          # the same scoping and loop typing
    if listed is undefined:
        return undefined
    return GeneratorExprType(node, listed.dtype, _constant_length(inf, node))


def _constant_length(inf, node):
    if len(node.generators) != 1 or node.generators[0].ifs:
        return None
    it = node.generators[0].iter
    ty = inf.t.exprs.get(it)
    if isinstance(ty, Tuple):
        return len(ty)
    if isinstance(it, ast.Call) and inf.t.exprs.get(it.func) == Const(range):
        bounds = [inf.t.consts.get(a) for a in it.args]
        if all(isinstance(v, int) for v in bounds) and bounds:
            return len(range(*bounds))
    return None


def lower_generator_expression(low, node):
    return ir.Constant(ir.IntType(8), 0)                  # the consumer runs the loops


# -- running it --------------------------------------------------------------------------------------

def run(low, gen, emit):
    """The generator's loops, calling emit(item value) for each item."""
    generate(low, gen.node, 0, lambda: emit(low.expr(gen.node.elt)))


def leave(low, snapshot, target):
    """Branch out of the generator's loops to `target`, releasing what they hold."""
    from ..lowering.exceptions import release_temps_since
    release_temps_since(low, low.builder, *snapshot)
    low.builder.branch(target)


def _snapshot(low):
    return len(low.temps), len(low.temps[-1])


def _numeric(gen):
    return isinstance(gen, GeneratorExprType) and isinstance(gen.item, Number) and not isinstance(gen.item, Complex)


def _decider(stop_on):
    """any (stop_on=True): True at the first true item; all: False at the first false one."""
    def typer(gen):
        if not isinstance(gen, GeneratorExprType):
            return None

        def codegen(low, sig, values):
            b = low.builder
            result = low.ctx.alloca(b, ir.IntType(1), name="gen.decided")
            b.store(ir.Constant(ir.IntType(1), not stop_on), result)
            done = low.fn.append_basic_block("gen.done")
            snapshot = _snapshot(low)

            def emit(value):
                truth = low.ctx.truth(b, value, low.t.exprs[gen.node.elt])
                with b.if_then(truth if stop_on else b.not_(truth)):
                    b.store(ir.Constant(ir.IntType(1), stop_on), result)
                    leave(low, snapshot, done)
            run(low, gen, emit)
            b.branch(done)
            b.position_at_end(done)
            return b.load(result)
        return Signature(boolean, (gen,)), codegen
    return typer


intrinsic(any)(_decider(True))
intrinsic(all)(_decider(False))


@intrinsic(sum)
def sum_(gen, start=None):
    if not _numeric(gen) or not (start is None or isinstance(start, Number)):
        return None
    start = start or int64
    if sys.version_info >= (3, 12) and float64 in (gen.item, start):    # Python compensates float sums
        return _through_list(sum, gen, (start,))
    acc, add = start, None
    for _ in range(3):                                 # int + float is float: the sum's type settles
        add = resolve(operator.add, (acc, gen.item))
        if add is None or add.signature.return_type == acc:
            break
        acc = add.signature.return_type
    if add is None or not isinstance(add.signature.return_type, Number):
        return None
    argtypes = (gen,) if start is None else (gen, start)

    def codegen(low, sig, values):
        b = low.builder
        total = low.ctx.alloca(b, acc.llvm(), name="gen.sum")
        initial = values[1] if len(values) > 1 else ir.Constant(int64.llvm(), 0)
        b.store(low.cast(initial, sig.args[1] if len(values) > 1 else int64, acc), total)

        def emit(value):
            item = low.cast(value, low.t.exprs[gen.node.elt], gen.item)
            result = low.apply(add, [b.load(total), item], [acc, gen.item])
            b.store(low.cast(result, add.signature.return_type, acc), total)
        run(low, gen, emit)
        return b.load(total)
    return Signature(acc, argtypes), codegen


def _extremum(pick_greater):
    name = "max" if pick_greater else "min"

    def typer(gen, default=None):
        if not _numeric(gen):
            return None
        better = resolve(operator.gt if pick_greater else operator.lt, (gen.item, gen.item))
        ret = gen.item
        if default is not None:
            from ..types.scalars import unify
            ret = unify(gen.item, default)
            if ret is None:
                return None
        argtypes = (gen,) if default is None else (gen, default)

        def codegen(low, sig, values):
            b = low.builder
            best = low.ctx.alloca(b, gen.item.llvm(), name="gen.best")
            empty = low.ctx.alloca(b, ir.IntType(1), name="gen.empty")
            b.store(ir.Constant(ir.IntType(1), 1), empty)

            def emit(value):
                item = low.cast(value, low.t.exprs[gen.node.elt], gen.item)
                with b.if_else(b.load(empty)) as (first, other):
                    with first:
                        b.store(item, best)
                        b.store(ir.Constant(ir.IntType(1), 0), empty)
                    with other:                            # Python keeps the first on ties and NaN
                        wins = low.apply(better, [item, b.load(best)], [gen.item, gen.item])
                        with b.if_then(low.ctx.truth(b, wins, better.signature.return_type)):
                            b.store(item, best)
            run(low, gen, emit)
            if default is None:
                low.guard(b.load(empty), ValueError, f"{name}() arg is an empty sequence")
                return b.load(best)
            found = low.cast(b.load(best), gen.item, ret)
            return b.select(b.load(empty), low.cast(values[1], sig.args[1], ret), found)
        return Signature(ret, argtypes), codegen
    return typer


intrinsic(max)(_extremum(True))
intrinsic(min)(_extremum(False))


def materialize(low, gen):
    """The generator's items in a new list (a temporary of the statement)."""
    ty = List(gen.item)
    lst = low.own(new_list(low, ty, ir.Constant(I64, 0)), ty)
    elt = gen.node.elt
    generate(low, gen.node, 0, lambda: append(low, lst, ty, low.cast(low.expr(elt), low.t.exprs[elt], ty.dtype)))
    return lst


@intrinsic(list)
def list_(gen):
    if not isinstance(gen, GeneratorExprType):
        return None
    return Signature(List(gen.item), (gen,)), lambda low, sig, values: materialize(low, gen)


def _through_list(key, gen, rest):
    """key(list of the items, *rest) with the list overload (sorted, float sums)."""
    impl = resolve(key, (List(gen.item),) + tuple(rest))
    if not isinstance(impl, PythonImpl):
        return None
    import inspect
    from ..typing.constants import literal_type
    from ..typing.infer import return_type_of
    defaults = [p.default for p in inspect.signature(impl.pyfunc).parameters.values()][1 + len(rest):]
    impl.argtypes = impl.argtypes + tuple(literal_type(d) for d in defaults)
    impl.signature = Signature(return_type_of(impl.pyfunc, impl.argtypes, {}), impl.argtypes)
    impl.flags = {}

    def codegen(low, sig, values):
        extra = [low.ctx.constant(t, d) for t, d in zip(impl.argtypes[1 + len(rest):], defaults)]
        return low.apply(impl, [materialize(low, gen)] + list(values[1:]) + extra, list(impl.argtypes))
    return Signature(impl.signature.return_type, (gen,) + tuple(rest)), codegen


@intrinsic(sorted)
def sorted_(gen):
    return _through_list(sorted, gen, ()) if isinstance(gen, GeneratorExprType) else None


@intrinsic(tuple)
def tuple_(gen):
    if not isinstance(gen, GeneratorExprType):
        return None
    if gen.length is None:
        raise TypingError("tuple() of a generator expression needs a length known when compiling: one "
                          "'for' over range() of constants or over a tuple, without 'if'")
    ty = Tuple([gen.item] * gen.length)

    def codegen(low, sig, values):
        from ..runtime.lists import items_of, load_item
        b = low.builder
        items = items_of(b, materialize(low, gen))
        out = ir.Constant(ty.llvm(), ir.Undefined)
        for i in range(gen.length):                  # borrowed from the list, as tuple items are
            out = b.insert_value(out, load_item(b, items, gen.item, ir.Constant(I64, i)), i)
        return out
    return Signature(ty, (gen,)), codegen


# -- generator objects (lowering/coroutines.py) -------------------------------------------------------

@intrinsic(next)
def next_generator(gen, default=None):
    """next(g) of a generator object: resumes its compiled frame; next(g, default) gives the
    default once it has finished."""
    from ..types.generators import GeneratorType
    if not isinstance(gen, GeneratorType):
        return None
    if default is not None:
        result = unify(gen.item, default)
        if result is None:
            return None

        def codegen_default(low, sig, values):
            from ..lowering.coroutines import advance, yielded_value
            from .iterators import next_or_default
            more = advance(low, gen, values[0])
            return next_or_default(low, result, more, lambda: yielded_value(low, gen, values[0]), gen.item,
                                   values[1], default)
        return Signature(result, (gen, default)), codegen_default

    def codegen(low, sig, values):
        from ..lowering.coroutines import lower_next
        return lower_next(low, gen, values[0])
    return Signature(gen.item, (gen,)), codegen


@intrinsic("iter")
def iterate_generator(gen):
    """`for x in g` over a generator object: resumes it for each item; a `break` leaves the rest
    for a later next() or loop, as in Python."""
    from ..types.generators import GeneratorType
    if not isinstance(gen, GeneratorType):
        return None

    def codegen(low, sig, values):
        from ..lowering.coroutines import advance, yielded_value
        from ..lowering.loops import _Iter
        meminfo = values[0]
        return _Iter(ir.Constant(I64, 2**63 - 1), lambda k: yielded_value(low, gen, meminfo), gen.item,
                     live_ok=lambda k: advance(low, gen, meminfo))
    return Signature(gen.item, (gen,)), codegen
