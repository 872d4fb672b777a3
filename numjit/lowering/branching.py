"""Expressions that evaluate some operands only on some paths: chained comparisons (`a < b < c`),
`and` / `or`, and conditional expressions. Each conditionally evaluated operand releases its own
temporaries before leaving its block, and the result is one owned reference. A mixin of the
FunctionLowerer (lowering/lower.py).

    >>> from numjit import njit
    >>> @njit
    ... def f(a, b, c):
    ...     return (a < b < c) or (b if a > c else c) > 2
    >>> f(1, 2, 3), f(3, 2, 1), f(2, 5, 1)
    (True, False, True)
"""
import ast
import operator

from llvmlite import ir

from .context import I1
from .refcount import needs_refcount, incref


class BranchLowering:
    """The FunctionLowerer's expressions with branches (self: the FunctionLowerer)."""

    def expr_Compare(self, node):
        b = self.builder
        left, left_ty = self.expr(node.left), self.t.exprs[node.left]
        if len(node.ops) == 1:
            right, right_ty = self.expr(node.comparators[0]), self.t.exprs[node.comparators[0]]
            return self._compare(node, 0, node.ops[0], left, left_ty, right, right_ty)
        end = self.fn.append_basic_block("cmp.end")
        incoming = []
        last = len(node.ops) - 1
        for i, (op, comparator) in enumerate(zip(node.ops, node.comparators)):
            if i > 0:                   # evaluated only when the comparisons before hold: own temporaries
                self.temps.append([])
            right, right_ty = self.expr(comparator), self.t.exprs[comparator]
            result = self._compare(node, i, op, left, left_ty, right, right_ty)
            result = self.ctx.truth(b, result, self.t.impls[(node, i)].signature.return_type)
            if i > 1:                   # the previous comparator's last use was this comparison
                self.release_temps(-2)
                del self.temps[-2]
            if i == last:
                if i > 0:
                    self.release_temps()
                    self.temps.pop()
                incoming.append((result, b.block))
                b.branch(end)
            else:
                nxt = self.fn.append_basic_block("cmp.next")
                fail = self.fn.append_basic_block("cmp.false")
                b.cbranch(result, nxt, fail)
                b.position_at_end(fail)
                if i > 0:
                    self.release_temps_here(self.temps[-1])
                incoming.append((ir.Constant(I1, 0), b.block))
                b.branch(end)
                b.position_at_end(nxt)
            left, left_ty = right, right_ty
        b.position_at_end(end)
        phi = b.phi(I1)
        for value, block in incoming:
            phi.add_incoming(value, block)
        return phi

    def _compare(self, node, i, op, left, left_ty, right, right_ty):
        from ..typing.infer import CMPOPS
        impl = self.t.impls[(node, i)]
        key = CMPOPS[type(op)]
        if key in (operator.contains, "not in"):
            return self.apply(impl, [right, left], [right_ty, left_ty])
        return self.apply(impl, [left, right], [left_ty, right_ty])

    def expr_BoolOp(self, node):
        """`a and b or c`: the operands after the first are evaluated only on some paths, so each
        releases its own temporaries before leaving its block (as a conditional expression does)."""
        b = self.builder
        ty = self.t.exprs[node]
        end = self.fn.append_basic_block("boolop.end")
        incoming = []
        is_and = isinstance(node.op, ast.And)
        for i, value_node in enumerate(node.values):
            vty = self.t.exprs[value_node]
            if i > 0:
                self.temps.append([])
            value = self.expr(value_node)
            converted = self.cast(value, vty, ty)
            truth = self.truth(value_node, value) if i < len(node.values) - 1 else None
            if needs_refcount(ty):              # the result holds its own reference
                incref(self.ctx, b, converted, ty)
            if i > 0:
                self.release_temps()
                self.temps.pop()
            incoming.append((converted, b.block))
            if truth is None:
                b.branch(end)
                break
            nxt = self.fn.append_basic_block("boolop.next")
            if is_and:
                b.cbranch(truth, nxt, end)
            else:
                b.cbranch(truth, end, nxt)
            b.position_at_end(nxt)
        b.position_at_end(end)
        phi = b.phi(ty.llvm())
        for value, block in incoming:
            phi.add_incoming(value, block)
        return self.own(phi, ty)

    def expr_IfExp(self, node):
        b = self.builder
        ty = self.t.exprs[node]
        known = self.t.pruned.get(node)
        if known is not None:
            live = node.body if known else node.orelse
            return self.cast(self.expr(live), self.t.exprs[live], ty)
        cond = self.cond(node.test)
        with b.if_else(cond) as (then, otherwise):
            with then:
                a = self.branch_value(node.body, ty)
                a_block = b.block
            with otherwise:
                c = self.branch_value(node.orelse, ty)
                c_block = b.block
        phi = b.phi(ty.llvm())
        phi.add_incoming(a, a_block)
        phi.add_incoming(c, c_block)
        return self.own(phi, ty)

    def branch_call(self, impl, args, argtypes, ty):
        """Like branch_value, for a call: its result as an owned reference of type ty."""
        self.temps.append([])
        value = self.cast(self.apply(impl, args, argtypes), impl.signature.return_type, ty)
        if needs_refcount(ty):
            incref(self.ctx, self.builder, value, ty)
        self.release_temps()
        self.temps.pop()
        return value

    def branch_value(self, node, ty):
        """Value of a conditionally evaluated expression, returned as an owned reference."""
        self.temps.append([])
        value = self.cast(self.expr(node), self.t.exprs[node], ty)
        if needs_refcount(ty):
            incref(self.ctx, self.builder, value, ty)
        self.release_temps()
        self.temps.pop()
        return value
