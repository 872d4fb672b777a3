"""Variable versions: each assignment outside loops starts a new version of the variable,
so one name may hold different types at different points (as numba's SSA allows).

    >>> import ast
    >>> tree = ast.parse("def f(a, b):\\n    a, b = b, a\\n    return a").body[0]
    >>> new = version_variables(tree)          # a$1, b$2 = b, a / return a$1
    >>> [n.id for n in ast.walk(new.body[0].targets[0]) if isinstance(n, ast.Name)], ast.unparse(new.body[1])
    (['a$1', 'b$2'], 'return a$1')

Rules, on the structured AST:
* straight-line code: a store makes a new version; loads read the current one;
* if/else: where the branches leave different versions, a merge version is
  assigned at the end of each branch that falls through (a variable set on one
  branch only stays unassigned on the other, and reading it raises UnboundLocalError);
* loops: a variable assigned anywhere in a loop has one version for the whole
  loop (its type is the unification of all its assignments), copied in before it,
  unless no iteration reads a value of an earlier one and nothing after the loop reads
  it (each iteration assigns it before any read): then its assignments are versioned
  as in straight-line code (numba's SSA gives them their own types in that case too);
* comprehension variables keep their names (they are local to the comprehension);
* `x := v` stores a version of x in the middle of a statement (frontend/walrus.py): the
  statement's reads of x and its `:=` share one version, copied in from the one before
  when the statement reads x or may skip the `:=` (`a and (x := v)`, a comprehension).
"""
import ast
import copy

from .check import objmode_call
from .nditer_syntax import rewrite_nditer
from .withblocks import chunksize_block, chunksize_call
from .nonlocals import rewrite_nonlocals
from .walrus import walrus_parts, walrus_sites, unversioned_walrus
from .yieldfrom import rewrite_yield_from


def original_name(version):
    return version.split("$", 1)[0]


class _Versioner:
    def __init__(self, params):
        self.counter = 0
        self.params = set(params)
        self.after = []          # what runs after the current statement: (rest of a block | loop | None)

    def fresh(self, name):
        self.counter += 1
        return f"{original_name(name)}${self.counter}"

    # -- statements -----------------------------------------------------------------------
    def block(self, body, env, loop_vars):
        """Rewrite `body` in place; returns (env after it, whether control falls through)."""
        out = []
        falls = True
        for i, stmt in enumerate(body):
            if not falls:
                break
            self.after.append(body[i + 1:])
            pre, env = self.named_exprs(walrus_parts(stmt), env, loop_vars)
            new, env, falls = self.stmt(stmt, env, loop_vars)
            new = pre + new
            self.after.pop()
            out.extend(new)
        body[:] = out
        return env, falls

    def stmt(self, node, env, loop_vars):
        kind = type(node)
        if kind in (ast.Return, ast.Raise):
            self.loads(node, env)
            return [node], env, False
        if kind in (ast.Break, ast.Continue):
            return [node], env, False
        if kind is ast.Assign:
            self.loads(node.value, env)
            env = dict(env)
            for target in node.targets:
                self.store(target, env, loop_vars)
            return [node], env, True
        if kind is ast.AnnAssign:
            if node.value is None:
                return [], env, True
            assign = ast.copy_location(ast.Assign(targets=[node.target], value=node.value), node)
            return self.stmt(assign, env, loop_vars)
        if kind is ast.AugAssign:
            self.loads(node.value, env)
            env = dict(env)
            if isinstance(node.target, ast.Name):
                name = node.target.id
                self.check_not_captured(node.target, name)
                if name in env:
                    node.target.id = env[name]           # read-modify-write keeps the version
                else:
                    node.target.id = self.fresh(name)    # never assigned: UnboundLocalError at run time
            else:
                self.loads(node.target, env)
            return [node], env, True
        if kind is ast.If:
            self.loads(node.test, env)
            then_env, then_falls = self.block(node.body, dict(env), loop_vars)
            else_env, else_falls = self.block(node.orelse, dict(env), loop_vars)
            return [node], self.merge(node, [(node.body, then_env, then_falls),
                                             (node.orelse, else_env, else_falls)], env), then_falls or else_falls
        if kind is ast.Delete:
            for target in node.targets:
                if isinstance(target, ast.Name):        # `del x`: the version it unbinds
                    target.id = env.get(target.id) or self.fresh(target.id)
            self.loads(node, env)
            return [node], env, True
        if kind in (ast.For, ast.While):
            return self.loop(node, env, loop_vars)
        if kind is ast.Try:
            return self.try_(node, env, loop_vars)
        if objmode_call(node) is not None:
            return self.objmode_block(node, env, loop_vars)
        if chunksize_call(node) is not None:             # `with parallel_chunksize(n):` (frontend/withblocks.py)
            block = chunksize_block(node)
            env, falls = self.block(block, env, loop_vars)
            return block, env, falls
        self.loads(node, env)                            # Expr, Assert, Pass
        return [node], env, True

    def objmode_block(self, node, env, loop_vars):
        """`with objmode(y="float64"): ...` runs its body as Python, under its own names: the
        variables it reads are recorded with their current versions, and each declared output
        gets a new version, as an assignment would (node.numjit_objmode = (reads, outputs))."""
        call = objmode_call(node)
        self.loads(call, env)
        reads, assigned = {}, set()                 # a name the body sets before reading is its own
        for stmt in node.body:
            for n, _ in _walk_loads(stmt):
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id in env \
                        and n.id not in assigned:
                    reads[n.id] = env[n.id]
            assigned.update(n.id for n in ast.walk(stmt) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store))
        env = dict(env)
        outputs = {}
        for keyword in call.keywords:
            target = ast.Name(keyword.arg, ast.Store())
            self.store(target, env, loop_vars)
            outputs[keyword.arg] = target.id
        node.numjit_objmode = (reads, outputs)
        return [node], env, True

    def merge(self, where, branches, before):
        live = [(body, env) for body, env, falls in branches if falls]
        if not live:
            return before
        names = set().union(*(env.keys() for _, env in live))
        result = dict(live[0][1])
        for name in names:
            versions = {env.get(name) for _, env in live}
            if len(versions) == 1:
                result[name] = versions.pop()
                continue
            merged = self.fresh(name)
            for body, env in live:
                if env.get(name) is not None:
                    body.append(_copy_assign(merged, env[name], where))
            result[name] = merged
        return result

    def loop(self, node, env, loop_vars):
        head = node.iter if isinstance(node, ast.For) else node.test
        walrus = any(True for _ in walrus_sites(head))   # `x := v` in the head: stores the loop's version
        if isinstance(node, ast.For) and not walrus:
            self.loads(node.iter, env)
        carried = {name for name in _assigned_names(node) if self.carried(node, name)}
        pre, env, inner_vars = self.fixed_versions(node, env, loop_vars, carried)
        if walrus:
            copies, env = self.named_exprs([head], env, inner_vars)
            pre += copies
        if isinstance(node, ast.For):
            if walrus:
                self.loads(node.iter, env)
            self.store(node.target, env, inner_vars)
        else:
            self.loads(node.test, env)
        self.after.append(node)                          # the end of the body goes back to the loop
        self.block(node.body, dict(env), inner_vars)
        self.after.pop()
        self.block(node.orelse, dict(env), inner_vars)
        return pre + [node], env, True

    def carried(self, node, name):
        """Whether the loop `node` needs one version of `name`: an iteration may read a value
        left by an earlier one (or by the code before the loop), or code after the loop reads it."""
        head = [node.test] if isinstance(node, ast.While) else []
        return _exposed(head + node.body, name) or _reads(node.orelse, name) or self.live_after(name)

    def live_after(self, name):
        """Whether the code that runs after the current statement may read `name` before assigning it."""
        for then in reversed(self.after):
            if then is None:
                return True
            exposed, assigned = _scan([then] if isinstance(then, ast.AST) else then, name)
            if exposed:
                return True
            if assigned and not isinstance(then, ast.AST):
                return False
        return False

    def try_(self, node, env, loop_vars):
        """try/except/else/finally: control may leave the body at any statement, so (as in a
        loop) a variable assigned anywhere in the statement has one version for all of it."""
        pre, env, inner_vars = self.fixed_versions(node, env, loop_vars)
        self.after.append(None)                          # (the loops in it: an exception may escape)
        body_env, falls = self.block(node.body, dict(env), inner_vars)
        _, else_falls = self.block(node.orelse, body_env, inner_vars)
        falls = falls and else_falls
        for handler in node.handlers:
            if handler.type is not None:
                self.loads(handler.type, env)
            falls = self.block(handler.body, dict(env), inner_vars)[1] or falls
        _, final_falls = self.block(node.finalbody, dict(env), inner_vars)
        self.after.pop()
        return pre + [node], env, falls and final_falls

    def fixed_versions(self, node, env, loop_vars, names=None):
        """One version for each variable assigned in `node` (or for `names`), copied in before it."""
        inner_vars = dict(loop_vars)
        pre = []
        env = dict(env)
        for name in sorted(_assigned_names(node) if names is None else names):
            if name in loop_vars:
                continue                                 # an outer loop already fixed its version
            version = self.fresh(name)
            if name in env:
                pre.append(_copy_assign(version, env[name], node))
            inner_vars[name] = version
            env[name] = version
        return pre, env, inner_vars

    def named_exprs(self, parts, env, loop_vars):
        """Version the `x := v` targets in the expressions `parts` of one statement: (copies to run
        before the statement, env after it). A loop's variable keeps its version; any other gets a
        new one, copied in from the current one when the statement reads x or may skip the `:=`."""
        sites = [site for part in parts for site in walrus_sites(part)]
        if not sites:
            return [], env
        env, pre = dict(env), []
        for name in dict.fromkeys(node.target.id for node, _ in sites):
            mine = [(node, skippable) for node, skippable in sites if node.target.id == name]
            for node, _ in mine:
                self.check_not_captured(node.target, name)
            version = loop_vars.get(name)
            if version is None:
                version = self.fresh(name)
                reads = any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
                            or isinstance(n, ast.AugAssign) and getattr(n.target, "id", None) == name
                            for part in parts for n, _ in _walk_loads(part))
                if name in env and (reads or any(skippable for _, skippable in mine)):
                    pre.append(_copy_assign(version, env[name], mine[0][0]))
            for node, _ in mine:
                node.target.id = version
                node.numjit_versioned = True
            env[name] = version
        return pre, env

    # -- functions defined inside the function (lambda, def) ---------------------------------
    def capture(self, node, env, bound):
        """Record the enclosing variables a lambda or inner def reads (by value, at its creation);
        `bound`: the variables of the comprehensions around it (renamed with them, listexpr._rename)."""
        function = node.function if isinstance(node, MakeFunction) else node
        captures = []
        for name in sorted(_free_names(function)):
            if name in bound:
                captures.append((name, name))
                if id(node) not in self.in_place or any(isinstance(n, ast.Lambda) for n in ast.walk(node.body)):
                    self.errors.append((node, f"a lambda inside a comprehension that reads its variable {name!r} "
                                              "must be called where it is made (or be the key= of sorted, min, "
                                              "max): compiled closures capture by value, Python's would see "
                                              "the variable's last value"))
            elif name in env:
                captures.append((name, env[name]))
                self.captured.setdefault(name, node)
            elif name in self.assigned_somewhere:
                self.errors.append((node, f"the function defined here reads the variable {name!r}, which is "
                                          "assigned only after it; compiled closures capture variables by "
                                          "value when they are made: assign it first"))
        node.numjit_captures = captures

    def check_not_captured(self, target, name):
        if name in self.captured:
            line = self.captured[name].lineno
            self.errors.append((target, f"{name!r} is assigned after a closure (line {line}) captured it; "
                                        "compiled closures capture variables by value when they are made, "
                                        "so this assignment would not be seen: use another name"))

    # -- expressions --------------------------------------------------------------------------
    def store(self, target, env, loop_vars):
        if isinstance(target, ast.Name):
            name = target.id
            self.check_not_captured(target, name)
            target.id = loop_vars.get(name) or self.fresh(name)
            env[name] = target.id
        elif isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                self.store(elt, env, loop_vars)
        elif isinstance(target, ast.Starred):
            self.store(target.value, env, loop_vars)
        else:                                            # a[i] = ..., obj.x = ...: reads only
            self.loads(target, env)

    def loads(self, node, env, hidden=frozenset()):
        for child, bound in _walk_loads(node):
            if isinstance(child, (ast.Lambda, MakeFunction)):
                self.capture(child, env, bound)
                continue
            if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load) and child.id not in hidden:
                if child.id in env:
                    child.id = env[child.id]
                elif child.id in self.assigned_somewhere:
                    child.id = self.fresh(child.id)      # read before any assignment on this path


def _walk_loads(node, bound=frozenset()):
    """(node, comprehension variables around it) for the nodes of an expression/statement, less
    the names its comprehensions bind (`bound`: those of the comprehensions it is in)."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            inner_bound = bound | {t.id for gen in n.generators for t in ast.walk(gen.target)
                                   if isinstance(t, ast.Name)}
            stack.append(n.generators[0].iter)          # only the first iterable is outside the scope
            inner = [n.elt] if hasattr(n, "elt") else [n.key, n.value]
            inner += [cond for gen in n.generators for cond in gen.ifs]
            inner += [gen.iter for gen in n.generators[1:]]
            for sub in inner:
                yield from _walk_loads(sub, inner_bound)
            continue
        if isinstance(n, ast.Name) and n.id in bound:
            continue
        yield n, bound
        if not isinstance(n, (ast.Lambda, MakeFunction)):   # its captures are read where it is made
            stack.extend(ast.iter_child_nodes(n))


def _walk_compiled(node):
    """ast.walk, less the bodies of objmode blocks (Python's, not numjit's)."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(n.items if objmode_call(n) is not None else ast.iter_child_nodes(n))


def _assigned_names(node):
    """Names stored by `node`, leaving out comprehension targets (local to the comprehension); an
    objmode block assigns its declared outputs."""
    walked = list(_walk_compiled(node))
    bound = {id(t) for n in walked if isinstance(n, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp))
             for gen in n.generators for t in ast.walk(gen.target)}
    names = {n.id for n in walked if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and id(n) not in bound}
    for n in walked:
        call = objmode_call(n)
        if call is not None:
            names.update(k.arg for k in call.keywords)
    return names


def _reads(nodes, name):
    """Whether any of `nodes` (statements or expressions) reads or deletes `name` (anywhere in them,
    closures and comprehensions included: an over-estimate is safe)."""
    return any(isinstance(n, ast.Name) and original_name(n.id) == name and not isinstance(n.ctx, ast.Store)
               or isinstance(n, (ast.Lambda, MakeFunction)) and name in _free_names(
                   n.function if isinstance(n, MakeFunction) else n)
               or objmode_call(n) is not None
               for node in nodes for n in ast.walk(node))


def _exposed(stmts, name):
    """Whether running `stmts` may read `name` before assigning it (True also where unsure)."""
    return _scan(stmts, name)[0]


def _scan(stmts, name):
    """(may read `name` before assigning it, assigns it on every path that falls through)."""
    for stmt in stmts:
        kind = type(stmt)
        if kind is ast.If:
            if _reads([stmt.test], name):
                return True, False
            (then_read, then_set), (else_read, else_set) = _scan(stmt.body, name), _scan(stmt.orelse, name)
            if then_read or else_read:
                return True, False
            if then_set and else_set:
                return False, True
        elif kind in (ast.For, ast.While):
            head = [stmt.iter] if kind is ast.For else [stmt.test]
            renamed = kind is ast.For and name in _assigned_names(stmt.target)   # before each iteration
            if _reads(head + stmt.orelse, name) or not renamed and _scan(stmt.body, name)[0]:
                return True, False
        elif kind in (ast.Assign, ast.Return, ast.Raise, ast.Break, ast.Continue, ast.Expr, ast.Pass):
            if _reads([stmt], name):
                return True, False
            if kind is not ast.Assign and kind not in (ast.Expr, ast.Pass):
                return False, True                       # no path falls through
            if any(isinstance(n, ast.Name) and original_name(n.id) == name for t in getattr(stmt, "targets", ())
                   for n in ast.walk(t)):
                return False, True
        elif _reads([stmt], name):                       # try, with, augmented assignment...
            return True, False
        elif name in _assigned_names(stmt):
            return True, False                           # assigned on some paths only: be safe
    return False, False


def _drop_unreachable(node):
    """Remove the statements after a return/raise/break/continue in every block of `node`, so
    that names assigned only there are not versions of anything (the loop rule counts them)."""
    for field in ("body", "orelse", "finalbody"):
        body = getattr(node, field, None)
        if not isinstance(body, list):
            continue
        for i, stmt in enumerate(body):
            _drop_unreachable(stmt)
            if isinstance(stmt, (ast.Return, ast.Raise, ast.Break, ast.Continue)):
                del body[i + 1:]
                break
    for handler in getattr(node, "handlers", ()):        # try statements: each except clause's block
        _drop_unreachable(handler)


def _copy_assign(target, source, where):
    node = ast.Assign(targets=[ast.Name(target, ast.Store())], value=ast.Name(source, ast.Load()))
    node.numjit_copy = node.value.numjit_copy = True   # a merge copy: carries "unassigned" along, never raises
    return ast.fix_missing_locations(ast.copy_location(node, where))


class CaughtException(ast.expr):
    """The exception being handled: `except E as e:` becomes `except E:` + `e = CaughtException()`."""
    _fields = ()


class MakeFunction(ast.expr):
    """An inner `def f(...)` statement becomes `f = MakeFunction()`, its FunctionDef in `.function`."""
    _fields = ()


class _InnerDefs(ast.NodeTransformer):
    def visit_FunctionDef(self, node):
        self.generic_visit(node)
        make = ast.copy_location(MakeFunction(), node)
        make.function = node
        target = ast.copy_location(ast.Name(node.name, ast.Store()), node)
        return ast.copy_location(ast.Assign(targets=[target], value=make), node)


def _free_names(function):
    """Names a lambda or def reads and does not bind itself (nor in functions nested in it)."""
    args = function.args
    bound = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
    bound |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
    body = [function.body] if isinstance(function, ast.Lambda) else function.body
    reads = set()
    for n in (m for tree in body for m in ast.walk(tree)):
        if isinstance(n, ast.Name):
            (bound.add if isinstance(n.ctx, ast.Store) else reads.add)(n.id)
        elif isinstance(n, (ast.Lambda, MakeFunction)):
            reads |= _free_names(n.function if isinstance(n, MakeFunction) else n)
    return reads - bound


def _used_in_place(tree):
    """ids of the lambdas that cannot outlive the expression that makes them: called there
    (`(lambda y: y + 1)(x)`) or the key= of sorted/min/max/list.sort."""
    ids = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Call):
            if isinstance(n.func, ast.Lambda):
                ids.add(id(n.func))
            if (isinstance(n.func, ast.Name) and n.func.id in ("sorted", "min", "max")
                    or isinstance(n.func, ast.Attribute) and n.func.attr == "sort"):
                ids.update(id(k.value) for k in n.keywords if k.arg == "key" and isinstance(k.value, ast.Lambda))
    return ids


def _bind_handler_names(tree):
    tries = {id(h): n for n in ast.walk(tree) if isinstance(n, ast.Try) for h in n.handlers}
    for node in ast.walk(tree):
        if isinstance(node, ast.ExceptHandler) and node.name is not None:
            value = ast.copy_location(CaughtException(), node)
            value.numjit_try, value.numjit_handler = tries.get(id(node)), node     # (types e.args)
            bind = ast.Assign(targets=[ast.copy_location(ast.Name(node.name, ast.Store()), node)], value=value)
            node.body.insert(0, ast.copy_location(bind, node))
            node.name = None


def param_count(pyfunc):
    """How many arguments a compiled specialisation of `pyfunc` takes: its positional parameters,
    then its keyword-only ones (which version_variables makes plain parameters; the callers bind
    keywords and defaults by inspect.signature, as Python does)."""
    return pyfunc.__code__.co_argcount + pyfunc.__code__.co_kwonlyargcount


def version_variables(tree):
    """A copy of the FunctionDef `tree` with versioned local variable names."""
    tree = rewrite_nditer(copy.deepcopy(tree))   # np.nditer's lists and `with` first
    rewrite_yield_from(tree)                     # `yield from it`: `for v in it: yield v`
    args = tree.args
    if args.kwonlyargs and args.vararg is None:  # `def f(x, *, k=1)`: k is the second parameter (param_count)
        args.args, args.kwonlyargs, args.kw_defaults = args.args + args.kwonlyargs, [], []
    _drop_unreachable(tree)
    errors = rewrite_nonlocals(tree)            # nonlocal variables become cells first
    _bind_handler_names(tree)
    tree.body = [_InnerDefs().visit(stmt) for stmt in tree.body]
    params = [a.arg for a in tree.args.args] + ([tree.args.vararg.arg] if tree.args.vararg else [])
    v = _Versioner(params)
    v.assigned_somewhere = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    v.captured, v.errors = {}, []
    v.in_place = _used_in_place(tree)
    v.block(tree.body, {p: p for p in params}, {})
    v.errors += unversioned_walrus(tree)
    tree.numjit_errors = errors + v.errors    # reported with their locations by frontend/check.py
    return tree
