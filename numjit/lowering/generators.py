"""Generator functions (`yield`) iterated by a `for` loop in compiled code: typing and lowering.

`for x in gen(args): body` compiles the generator's code in place of the loop: each
`yield v` assigns v to the loop target and runs the loop body there (`continue` resumes
after the yield, `break` leaves the whole loop); the generator ending (falling off its end or
`return`) runs the loop's `else:`. No generator object exists, so iterating costs what the
equivalent nested loops cost; nested and chained generators compose the same way.

    >>> from numjit import njit
    >>> def evens(n):
    ...     for i in range(n):
    ...         if i % 2 == 0:
    ...             yield i
    >>> @njit
    ... def total(n):
    ...     s = 0
    ...     for e in evens(n):
    ...         s += e
    ...     return s
    >>> total(7)
    12

Called anywhere else (from Python, or in compiled code outside a `for`), a generator function
returns a lazy generator object (lowering/coroutines.py); a `for` loop iterates one too when the
generator yields inside a `try` (the generator's handlers must not see the loop body's errors).

`yield from it` is the loop `for v in it: yield v` (frontend/yieldfrom.py).

Limits (each a located error): `yield` and `yield from` only as statements, not inside a
`prange` loop nor in a `finally` block; no recursion.
"""
import ast

from llvmlite import ir

from ..errors import UnsupportedError
from ..frontend.versions import param_count
from ..types import none, undefined, unify
from .lower import FunctionLowerer
from .refcount import decref

AS_GENERATOR = "as_generator"          # the flag under which a generator function's body is typed:
OBJECT = "object"                      # True in place (a for loop), OBJECT as a generator object's


def has_yield(tree):
    return any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in ast.walk(tree))


def check_generator_use(source, flags):
    """Is this a generator function called as a function (it returns a generator object,
    lowering/coroutines.py), not iterated in place? Its yields must be plain statements outside
    prange, and (in place) outside try; a generator object's may be in a try, not in finally."""
    tree = source.tree
    yields = [n for n in ast.walk(tree) if isinstance(n, (ast.Yield, ast.YieldFrom))]
    if not yields:
        return False
    statements = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
    for node in ast.walk(tree):
        if isinstance(node, ast.YieldFrom):
            raise UnsupportedError("the value of 'yield from' is not supported in compiled code: use it as a "
                                   "statement (`yield from it`)", source.loc(node))
        if isinstance(node, ast.Yield) and id(node) not in statements:
            raise UnsupportedError("'yield' is supported as a statement only (its value is never sent)",
                                   source.loc(node))
        if isinstance(node, ast.Try) and flags.get(AS_GENERATOR) is True and has_yield(node):
            raise UnsupportedError("'yield' inside 'try' is not supported in compiled code", source.loc(node))
        if isinstance(node, ast.Try) and any(has_yield(part) for part in node.finalbody):
            raise UnsupportedError("'yield' inside a 'finally' block is not supported in compiled code",
                                   source.loc(node))
        if isinstance(node, ast.For) and _is_prange(node.iter) and has_yield(node):
            raise UnsupportedError("'yield' inside a prange loop is not supported", source.loc(node))
    return not flags.get(AS_GENERATOR)


def generator_object_function(pyfunc, argtypes, flags):
    """The typed function of a generator function called as a function: its body typed as a
    generator (`generator_body`, lowered as a coroutine), returning a generator object."""
    import copy
    from ..typing.infer import infer
    from ..types.generators import GeneratorType
    body = infer(pyfunc, argtypes, dict(flags, **{AS_GENERATOR: OBJECT}))
    typed = copy.copy(body)
    typed.flags, typed.generator_body, typed.return_type = flags, body, GeneratorType(body)
    return typed


def _is_prange(node):
    return isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "prange"


# -- typing -------------------------------------------------------------------------------------

def generator_spec(inf, node, pyfunc, instance=False):
    """IterSpec of `for x in gen(args)` (or `for x in obj` where obj's jitclass has a generator
    __iter__: gen is that method, obj its argument): the generator typed for these arguments."""
    from ..typing.infer import infer, _in_progress
    from ..typing.iteration import IterSpec
    from ..frontend.source import FunctionSource
    in_try = any(isinstance(n, ast.Try) and has_yield(n) for n in ast.walk(FunctionSource.of(pyfunc).tree))
    bound = instance or not (node.keywords or any(isinstance(a, ast.Starred) for a in node.args)
                             or len(node.args) != param_count(pyfunc))     # (else: defaults, keywords)
    if in_try or not bound or not any(isinstance(n, ast.For) and n.iter is node for n in ast.walk(inf.src.tree)):
        if instance:
            raise inf.error(node, f"the generator {pyfunc.__name__}() can only be iterated directly by a "
                                  "'for' statement in compiled code (not in a comprehension, zip or enumerate)",
                            UnsupportedError)
        gen = inf.expr(node)                     # a generator object (lowering/coroutines.py)
        if gen is undefined:
            return IterSpec("undefined", undefined)
        from ..typing import registry
        return IterSpec("custom", registry.resolve("iter", (gen,)).signature.return_type, gen)
    arg_nodes = [node] if instance else node.args
    argtypes = [inf.expr(a) for a in arg_nodes]
    if undefined in argtypes:
        return IterSpec("undefined", undefined)
    from ..types.arrayexpr import concrete
    flags = {k: v for k, v in inf.t.flags.items() if k not in ("locals", AS_GENERATOR)}
    flags[AS_GENERATOR] = True
    key = (pyfunc, tuple(concrete(a) for a in argtypes), tuple(sorted(flags.items())))
    if key in _in_progress:
        raise inf.error(node, f"the generator {pyfunc.__name__}() iterates itself: recursive generators "
                              "are not supported", UnsupportedError)
    typed = infer(pyfunc, key[1], flags)
    item = getattr(typed, "yield_type", None)
    if item is None:
        item = none                              # never yields: the loop body never runs
    return IterSpec("generator", item, parts=(typed, arg_nodes))


def type_yield(inf, node):
    ty = inf.expr(node.value) if node.value is not None else none
    if ty is not undefined:
        from ..types.arrayexpr import concrete
        ty = concrete(ty)
        old = getattr(inf.t, "yield_type", None)
        new = ty if old is None else unify(old, ty)
        if new is None:
            raise inf.error(node, f"a generator yields one type; this one yields {old} and {ty}")
        if new != old:
            inf.t.yield_type = new
            inf.changed = True
    return none


def generator_function(fval):
    pyfunc = getattr(fval, "py_func", fval)
    code = getattr(pyfunc, "__code__", None)
    return pyfunc if code is not None and code.co_flags & 0x20 else None      # CO_GENERATOR


# -- lowering -----------------------------------------------------------------------------------

def lower_generator_loop(low, node, spec):
    """The generator's code, with the loop body at each yield (see the module docstring)."""
    typed = spec.parts[0]
    b, fn = low.builder, low.fn
    args = [low.cast(low.expr(a), low.t.exprs[a], t) for a, t in zip(spec.parts[1], typed.argtypes)]
    for value, ty in low.temps[-1]:         # arguments made for the loop live as long as the loop (not
        low.store_slot(low.new_slot(ty, "gen.keep"), value, ty)     # released at each yield's body)
    low.release_temps()
    orelse, end = fn.append_basic_block("gen.exhausted"), fn.append_basic_block("gen.end")
    inline = GeneratorLowerer(low, typed, node, spec, orelse, end)
    inline.run(args)
    if not b.block.is_terminated:
        b.branch(orelse)
    b.position_at_end(orelse)
    low.block(node.orelse)
    if not b.block.is_terminated:
        b.branch(end)
    b.position_at_end(end)


class GeneratorLowerer(FunctionLowerer):
    """Lowers a generator's body into the consuming function (same IR function and builder)."""

    def __init__(self, outer, typed, loop, spec, exhausted, end):
        super().__init__(outer.ctx, typed, outer.fn)
        self.outer, self.loop, self.spec = outer, loop, spec
        self.exhausted, self.end = exhausted, end
        self.builder, self.excinfo, self.retptr = outer.builder, outer.excinfo, None
        self.owned_vars = outer.owned_vars      # released wherever the consumer leaves
        self.exits = outer.exits

    def run(self, args):
        b = self.builder
        for name, ty in self.t.vars.items():
            self.vars[name] = self.new_slot(ty, name)
        for name in self.t.vars:
            if name not in self.t.argnames:
                flag = self.ctx.alloca(b, ir.IntType(1), name=name + ".defined")
                b.store(ir.Constant(ir.IntType(1), 0), flag)
                self.defined[name] = flag
        for name, ty, value in zip(self.t.argnames, self.t.argtypes, args):
            self.store_var(name, value, ty)
        self.block(self.src.tree.body)

    def release_own_temps(self, b):
        for level in self.temps:
            for value, ty in level:
                decref(self.ctx, b, value, ty)

    def leave_raising(self, builder=None):
        """An exception the generator does not catch: the consumer's handling, as at the loop."""
        b = builder or self.builder
        self.release_own_temps(b)
        self.outer.propagate(b)

    def stmt_Return(self, node):
        """The generator ends, after the finally bodies around the return (a returned value,
        StopIteration's, is not kept)."""
        if node.value is not None:
            self.expr(node.value)
        if self.try_stack:
            from .exceptions import _through_finally
            if not _through_finally(self, lambda frame: True):
                return                           # a finally raised or returned first
        self.release_own_temps(self.builder)
        self.builder.branch(self.exhausted)

    def expr_Yield(self, node):
        """Assign the loop target and run the consumer's body; `continue` comes back here."""
        b, outer = self.builder, self.outer
        item_ty = self.spec.item_type
        if node.value is not None:
            value = self.cast(self.expr(node.value), self.t.exprs[node.value], item_ty)
        else:
            value = ir.Constant(ir.IntType(8), 0)
        outer.assign(self.loop.target, value, item_ty)
        self.release_own_temps(b)                  # the target holds what it needs
        self.temps = [[] for _ in self.temps]
        resume = self.fn.append_basic_block("gen.resume")
        outer.loops.append((resume, self.end))
        outer.block(self.loop.body)
        outer.loops.pop()
        if not b.block.is_terminated:
            b.branch(resume)
        b.position_at_end(resume)
        return ir.Constant(ir.IntType(8), 0)
