"""Literal dispatch (numba's `literally` and ForceLiteralArg): code asks for an argument's value as
its type, and the compiler retypes the call, or recompiles the function, with that value.

    >>> from numjit import njit, literally
    >>> @njit
    ... def scaled(x, n):
    ...     return x * literally(n)
    >>> scaled(3, 2), scaled(3, 5), [str(s) for s in scaled.signatures]
    (6, 15, ['(int64, Literal[int](2))', '(int64, Literal[int](5))'])

A request (`ForceLiteralArg`, indices of the callee's parameters) is raised by `literally(x)` on a
value that is not a literal, by an `@overload` implementation that calls `literally(p)` on its
parameter, or by `SentryLiteralArgs`. The typing of the call that raised it (typing/calls.py)
answers it with `answer`:

* an argument whose value is known at compile time (a constant, or a parameter that is itself a
  literal) is given as a `LiteralArg` (types/literals.py), and the call is typed again;
* an argument that is an unchanged parameter of the function being typed becomes a request on
  that function's parameter, raised further: up to the caller's call, or to the dispatcher, which
  compiles a specialisation for the argument values it was called with (dispatch/dispatcher.py);
* anything else (a computed value) is a located TypingError.

`prefer_literal=True` on an overload or intrinsic asks softly (`preference`): arguments whose
values are known become literals, the others stay as they are, and when the typer takes no
literal the call is typed with the plain types (numba's order for such typers).
"""
import ast
import re
import threading

from ..errors import NumjitError, TypingError
from ..types import Const
from ..types.literals import LiteralArg


class ForceLiteralArg(NumjitError):
    """A request to type the parameters `requested_args` (indices; `names`: their names where
    known) as the literal values of the call's arguments."""

    def __init__(self, arg_indices, fold_arguments=None, loc=None, names=None, preference=None):
        self.requested_args = frozenset(arg_indices)
        self.names = dict(names or {})
        self.preference = preference            # (typer, argument types) of a prefer_literal request
        shown = ", ".join(repr(self.names.get(i, i)) for i in sorted(self.requested_args))
        super().__init__(f"literal dispatch requested for argument {shown}", loc)

    def bind_fold_arguments(self, fold_arguments):
        """numba's API (it folds keywords into positions); numjit maps them where it answers."""
        return self

    def combine(self, other):
        return ForceLiteralArg(self.requested_args | other.requested_args, loc=self.loc,
                               names={**self.names, **other.names})

    def __or__(self, other):
        return self.combine(other)


def request_literals(argtypes, params, loc=None):
    """Raise a request for the parameters (indices into `argtypes`; `params`: their names) whose
    types are not literals yet."""
    missing = [i for i in params
               if i < len(argtypes) and argtypes[i] is not None and not _is_literal(argtypes[i])]
    if missing:
        raise ForceLiteralArg(missing, loc=loc, names={i: params[i] for i in missing})


_answering = threading.local()        # preferences being typed with the plain types, per thread


def prefer_literals(typer, argtypes):
    """prefer_literal=True: before `typer` sees argument types that are not literals, ask the call
    for the literals of those whose values it knows (answered by `answer`)."""
    pending = [i for i, t in enumerate(argtypes) if t is not None and not _is_literal(t)]
    key = (typer, tuple(argtypes))
    if pending and key not in getattr(_answering, "keys", ()):
        raise ForceLiteralArg(pending, preference=key)


def _answer_preference(inferrer, node, request, args, kws, retry):
    """The literals known at the call for a prefer_literal typer; the plain types when none is
    known or the typer takes none of them."""
    literal = list(args)
    for i in request.requested_args:
        arg_node = _argument_node(node, i, None, len(args))
        known = _known_value(inferrer, arg_node) if arg_node is not None else None
        literal[i] = known if known is not None else literal[i]
    if literal != list(args):
        try:
            return _typed_answering(inferrer, node, literal, kws, retry)
        except TypingError:
            pass
    keys = _answering.__dict__.setdefault("keys", set())
    keys.add(request.preference)
    try:
        return _typed_answering(inferrer, node, args, kws, retry)
    finally:
        keys.discard(request.preference)


def _typed_answering(inferrer, node, args, kws, retry):
    try:
        return retry(args, kws)
    except ForceLiteralArg as again:
        return answer(inferrer, node, again, args, kws, retry)


def _is_literal(ty):
    """A literal type (a constant, a literal container), or a list or dict type with its initial
    value (types/literal_containers.py)."""
    return hasattr(ty, "literal_value") or getattr(ty, "initial_value", None) is not None


def answer(inferrer, node, request, args, kws, retry):
    """Answer `request`, raised while typing the call `node` with argument types `args` and
    keyword types `kws`: `retry(args, kws)` with the requested arguments as their values, or raise
    a request on the unchanged parameters they are, or a located TypingError."""
    args, kws = list(args), dict(kws)
    if request.preference is not None:
        return _answer_preference(inferrer, node, request, args, kws, retry)
    for _ in range(len(args) + len(kws) + 1):
        raised, request = request, None
        passed_on = {}
        for i in sorted(raised.requested_args):
            name = raised.names.get(i)
            where = i if i < len(args) else name
            arg_node = _argument_node(node, i, name, len(args))
            if arg_node is None or where not in (range(len(args)) if isinstance(where, int) else kws):
                raise inferrer.error(node, f"cannot type argument {name or i + 1!r} of this call as a literal "
                                           "(literal dispatch needs an argument written in the call)")
            value = _known_value(inferrer, arg_node)
            if value is not None:
                if isinstance(where, int):
                    args[where] = value
                else:
                    kws[where] = value
            elif _unchanged_parameter(inferrer, arg_node):
                passed_on[inferrer.t.argnames.index(arg_node.id)] = arg_node.id
            elif isinstance(arg_node, ast.Name) and arg_node.id in inferrer.t.argnames:
                raise inferrer.error(arg_node, f"literal dispatch cannot type parameter {arg_node.id!r} by value: "
                                               "the function also binds that name itself (a comprehension "
                                               "variable of the same name?); rename one of them")
            elif arg_node in inferrer.t.consts:
                raise inferrer.error(arg_node, f"{_shown(arg_node)} has no literal type (ints, bools and "
                                               "strings have one): literal dispatch cannot type it by value")
            else:
                raise inferrer.error(arg_node, f"literal dispatch needs the value of {_shown(arg_node)!r} at "
                                               "compile time: pass a constant or an argument of the function "
                                               "(a computed value has no literal type)")
        if passed_on:
            raise ForceLiteralArg(passed_on, loc=inferrer.src.loc(node), names=passed_on)
        try:
            return retry(args, kws)
        except ForceLiteralArg as again:
            if again.preference is not None:
                return _answer_preference(inferrer, node, again, args, kws, retry)
            if again.requested_args <= raised.requested_args and again.names == raised.names:
                break
            request = again
    raise inferrer.error(node, "literal dispatch did not settle: the implementation asks for a literal "
                               "argument it was given")


def _shown(node):
    """The expression as written (without the versions frontend/versions.py gives variables)."""
    return re.sub(r"\$\d+", "", ast.unparse(node))


def _argument_node(node, i, name, nargs):
    """The expression passing parameter `i` (named `name`) in the call `node`, or None."""
    if not isinstance(node, ast.Call) or any(isinstance(a, ast.Starred) for a in node.args):
        return None
    offset = nargs - len(node.args) if i < nargs else 0
    if offset == 1 and i == 0 and isinstance(node.func, ast.Attribute):      # the receiver of a method
        return node.func.value
    if 0 <= i - offset < len(node.args):
        return node.args[i - offset]
    return next((k.value for k in node.keywords if k.arg == name), None)


def _known_value(inferrer, arg_node):
    """The literal type of an argument whose value the compiler knows (an int, bool or str, a
    literal parameter, a list or dict display of constants), or None."""
    from ..types.literals import literal_arg
    from ..intrinsics.literal_containers import constant_display_type
    if arg_node in inferrer.t.consts:
        return literal_arg(inferrer.t.consts[arg_node])
    ty = inferrer.t.exprs.get(arg_node)
    if isinstance(ty, Const) and isinstance(ty.value, str):
        return LiteralArg(ty.value)
    if _unchanged_parameter(inferrer, arg_node):
        given = inferrer.t.argtypes[inferrer.t.argnames.index(arg_node.id)]
        return given if _is_literal(given) else None
    return constant_display_type(inferrer, arg_node, ty)


def _unchanged_parameter(inferrer, arg_node):
    if not isinstance(arg_node, ast.Name) or arg_node.id not in inferrer.t.argnames:
        return False
    return not any(isinstance(n, ast.Name) and n.id == arg_node.id and isinstance(n.ctx, ast.Store)
                   for n in ast.walk(inferrer.src.tree))
