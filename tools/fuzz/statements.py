"""The statement generators of the fuzzer's programs (the `STATEMENTS` table) and the
expression a function returns; expressions are in generate.py.

Each entry of `STATEMENTS` is `(weight, function)`; a function takes the generator and the
indentation and returns source lines, or None when it does not apply here.

    >>> import random
    >>> from tools.fuzz.generate import Gen, T
    >>> g = Gen(random.Random(1), scopes=[{}, {"x": T("int")}, {}])
    >>> lines = _s_assign(g, "    ")
    >>> len(lines), lines[0].startswith("    v")
    (1, True)
"""
import numpy as np

from .generate import FIXED, MOD, SCALARS, T, _arr_elem_kind


def _s_assign(g, ind):
    kind = g.rng.choice(SCALARS + ("int", "float", "int", "float"))
    name = g.pick_var(lambda t: t.kind == kind, assignable=True)
    if name is None or g.chance(0.4):
        name = g.fresh()
        g_expr = g.expr(kind)
        g.declare(name, T(kind))
        return [f"{ind}{name} = {g_expr}"]
    return [f"{ind}{name} = {g.expr(kind)}"]


def _s_retype(g, ind):
    """A variable takes a value of another type (numjit versions it, as numba's SSA); only at a
    function's top level, so no branch or loop merges the two types."""
    if len(g.scopes) != 3:
        return None
    name = g.pick_var(lambda t: t.kind in SCALARS or t.kind == "arr", assignable=True)
    if name is None:
        return None
    old = g.vars()[name]
    if old.kind == "arr" or g.chance(0.3):
        got = g.array(lambda t: t != old, 1)
        if got is None:
            return None
        text, new = got
    else:
        new = T(g.rng.choice([k for k in SCALARS if k != old.kind]))
        text = g.expr(new.kind)
    for scope in g.scopes:
        if name in scope:
            scope[name] = new
    return [f"{ind}{name} = {text}"]


def _s_fixed(g, ind):
    kind = g.rng.choice(sorted(FIXED) + ["float32"])
    name = g.fresh("w")
    line = f"{ind}{name} = {g.expr(kind)}"
    g.declare(name, T(kind))
    return [line]


def _s_aug(g, ind):
    kind = g.rng.choice(["int", "float", "complex"])
    name = g.pick_var(lambda t: t.kind == kind, assignable=True)
    if name is None:
        return None
    op = g.rng.choice(["+=", "-="] + (["*="] if kind == "float" else []))
    value = g.expr(kind, 1)
    if op == "*=":
        value = f"min(abs({value}), 2.0)"
    return [f"{ind}{name} {op} {value}"]


def _s_if(g, ind):
    cond = g.rng.choice([g.expr("bool")] * 4 + ["True", "False", "0", "1", "x_const"])
    if cond == "x_const":
        cond = g.rng.choice(["1 > 2", "not True", "2 > 1"])
    lines = [f"{ind}if {cond}:"] + g.block(ind + "    ", g.rng.randint(1, 3))
    for _ in range(g.rng.choice([0, 0, 1, 2])):
        c = g.rng.choice([g.expr("bool"), "1", "False"])
        lines += [f"{ind}elif {c}:"] + g.block(ind + "    ", g.rng.randint(1, 2))
    if g.chance(0.5):
        lines += [f"{ind}else:"] + g.block(ind + "    ", g.rng.randint(1, 2))
    return lines


_CONTINUATIONS = ("else:", "elif ", "except", "finally:")     # not the start of a statement


def _loop_body(g, ind, loop_vars, n):
    g.scopes.append({name: t for name, t in loop_vars.items()})
    g.loop_depth += 1
    body = g.block(ind, n)
    if g.chance(0.3):
        jump = g.rng.choice(["break", "continue"])
        at = g.rng.randint(0, len(body))
        at = next((i for i in range(at, len(body) + 1)
                   if i == len(body) or body[i].startswith(ind) and not body[i].startswith(ind + " ")
                   and not body[i][len(ind):].startswith(_CONTINUATIONS)), len(body))
        body[at:at] = [f"{ind}if {g.expr('bool', 1)}:", f"{ind}    {jump}"]
    g.loop_depth -= 1
    g.scopes.pop()
    return body


def _s_for(g, ind):
    if g.loop_depth >= 2:
        return None
    i = "_" + g.fresh("i")
    r = g.rng.random()
    if r < 0.35:
        start, stop = g.rng.randint(-2, 2), g.rng.randint(0, 7)
        header = g.rng.choice([f"range({stop})", f"range({start}, {stop})",
                               f"range({stop}, {start}, -1)", f"range(abs({g.expr('int', 1)}) % 6)",
                               f"reversed(range({stop}))", f"range({start}, {stop + 4}, 2)"])
        loop_vars = {i: T("int")}
    elif r < 0.55:
        got = g.array(lambda t: t.shape is not None and len(t.shape) == 1, 0)
        lst = g.pick_var(lambda t: t.kind == "list")
        if got is None and lst is None:
            return None
        if lst is not None and (got is None or g.chance(0.5)):
            v, kind = lst, g.vars()[lst].dtype
        else:
            v, kind = got[0], _arr_elem_kind(got[1].dtype)
        e, x = "_" + g.fresh("e"), g.fresh("u")
        header, loop_vars = f"enumerate({v})", {i: T("int")}
        i = f"{i}, {e}"
        body = [f"{ind}    {x} = {kind}({e})"]       # array elements are NumPy scalars: convert
        g.scopes.append({x: T(kind)})
        outer = v in g.iterated                     # an enclosing loop iterates it too
        g.iterated.add(v)
        body += _loop_body(g, ind + "    ", loop_vars, g.rng.randint(1, 3))
        if not outer:
            g.iterated.discard(v)
        g.scopes.pop()
        return [f"{ind}for {i} in {header}:"] + body
    elif r < 0.7:
        a = g.array(lambda t: t.shape is not None and len(t.shape) == 1 and t.dtype == "float64", 0)
        if a is None:
            return None
        e, x, y = "_" + g.fresh("e"), g.fresh("u"), "_" + g.fresh("y")
        header = f"zip({a[0]}, range({g.rng.randint(0, 6)}))"
        body = [f"{ind}    {x} = float({e})"]
        g.scopes.append({x: T("float")})
        body += _loop_body(g, ind + "    ", {y: T("int")}, g.rng.randint(1, 3))
        g.scopes.pop()
        return [f"{ind}for {e}, {y} in {header}:"] + body
    elif r < 0.8:
        got = g.array(lambda t: t.shape is not None and len(t.shape) == 2 and t.dtype in ("float64", "int64"), 0)
        if got is None:
            return None
        header = got[0]
        loop_vars = {i: T("arr", got[1].dtype, got[1].shape[1:])}
    else:
        w = g.fresh("n")
        if g.chance(0.3):
            lines = [f"{ind}{w} = 0", f"{ind}while True:", f"{ind}    {w} += 1",
                     f"{ind}    if {w} > {g.rng.randint(0, 6)}:", f"{ind}        break"]
        else:
            lines = [f"{ind}{w} = 0", f"{ind}while {w} < {g.rng.randint(0, 6)}:", f"{ind}    {w} += 1"]
        return lines + _loop_body(g, ind + "    ", {}, g.rng.randint(1, 3)) + _loop_else(g, ind)
    return ([f"{ind}for {i} in {header}:"] + _loop_body(g, ind + "    ", loop_vars, g.rng.randint(1, 3))
            + _loop_else(g, ind))


def _loop_else(g, ind):
    if not g.chance(0.15):
        return []
    return [f"{ind}else:"] + g.block(ind + "    ", 1)


def _s_return(g, ind):
    if len(g.scopes) < 4 or not g.chance(0.3):          # inside an if or a loop
        return None
    return [f"{ind}if {g.expr('bool', 1)}:", f"{ind}    return {return_expression(g)}"]


def _s_raise(g, ind):
    if not g.chance(0.3):
        return None
    exc = g.rng.choice(["ValueError", "IndexError", "RuntimeError"])
    return [f"{ind}if {g.expr('bool', 1)}:", f'{ind}    raise {exc}("fuzz")']


def _s_zero_div(g, ind):
    kind = g.rng.choice(["int", "float"])
    line = (f"{g.expr('int', 1)} // ({g.expr('int', 0)} % 3)" if kind == "int" else
            f"{g.expr('float', 1)} / ({g.expr('int', 0)} % 3)")
    name = g.fresh()
    g.declare(name, T(kind))
    return [f"{ind}{name} = {line}"]


def _s_tuple(g, ind):
    kinds = tuple(g.rng.choice(["int", "float", "bool", "complex"]) for _ in range(g.rng.randint(2, 3)))
    name = g.fresh("t")
    lines = [f"{ind}{name} = ({', '.join(g.expr(k, 1) for k in kinds)})"]
    if g.chance(0.5):
        names = [g.fresh() for _ in kinds]
        lines.append(f"{ind}{', '.join(names)} = {name}")
        for n, k in zip(names, kinds):
            g.declare(n, T(k))
    g.declare(name, T("tuple", items=kinds))
    return lines


def _s_list(g, ind):
    kind = g.rng.choice(["int", "float"])
    name = g.fresh("l")
    n = g.rng.randint(0, 5)
    k = "_" + g.fresh("k")
    g.scopes.append({k: T("int")})
    elem = g.expr(kind, 1)
    g.scopes.pop()
    alias = g.pick_var(lambda t: t.kind == "list" and t.dtype == kind)
    if alias is not None and g.chance(0.2):          # two names for one list: both see changes
        g.declare(name, g.vars()[alias])
        return [f"{ind}{name} = {alias}"]
    src, minlen = g.rng.choice([
        (f"[{elem} for {k} in range({n})]", n),
        (f"[{elem} for {k} in range({n}) if {k} % 2 == {g.rng.randint(0, 1)}]", 0),
        (f"[{g.expr(kind, 0)}] * {n}", n),
        ("[" + ", ".join(g.expr(kind, 1) for _ in range(max(n, 1))) + "]", max(n, 1))])
    g.declare(name, T("list", kind, minlen=minlen))
    return [f"{ind}{name} = {src}"]


def _s_list_op(g, ind):
    name = g.pick_var(lambda t: t.kind == "list")
    if name is None or name in g.iterated:
        return None
    t = g.vars()[name]
    ops = [f"{name}.append({g.expr(t.dtype, 1)})", f"{name}.reverse()", f"{name}.sort()",
           f"{name}.insert({g.expr('int', 0)}, {g.expr(t.dtype, 1)})",
           f"{name}.extend([{g.expr(t.dtype, 1)}, {g.expr(t.dtype, 0)}])"]
    if t.minlen:
        ops.append(f"{name}[{g.index(f'len({name})')}] {g.rng.choice(['=', '+='])} {g.expr(t.dtype, 1)}")
    if t.minlen > 1 and len(g.scopes) == 3:       # at top level: runs once, the length is known
        for scope in g.scopes:
            if name in scope:
                scope[name] = T("list", t.dtype, minlen=t.minlen - 1)
        return [ind + g.rng.choice([f"{name}.pop()", f"del {name}[0]", f"{name}.pop(0)"])]
    return [ind + g.rng.choice(ops)]


def _s_array(g, ind):
    got = g.array(lambda t: True, 1)
    if got is None:
        return None
    name = g.fresh("a")
    g.declare(name, got[1])
    return [f"{ind}{name} = {got[0]}"]


def _value_for(g, dtype):
    kind = _arr_elem_kind(dtype)
    if kind == "int":
        return f"({g.expr('int', 1)}) % 100"
    return g.expr(kind, 1)


def _s_array_store(g, ind):
    name = g.pick_var(lambda t: t.kind == "arr" and t.shape is not None and 0 not in t.shape
                      and not t.readonly, assignable=True)
    if name is None:
        return None
    t = g.vars()[name]
    r = g.rng.random()
    if r < 0.4:
        index = ", ".join(g.index(n) for n in t.shape)
        op = g.rng.choice(["=", "=", "+="] + (["*="] if t.dtype[0] == "f" else []))
        return [f"{ind}{name}[{index}] {op} {_value_for(g, t.dtype)}"]
    if r < 0.5:
        if t.dtype == "bool" or t.dtype.startswith("complex"):
            return None
        return [f"{ind}{name}[{name} > {g.expr('int', 0)}] = {_value_for(g, t.dtype)}"]
    if r < 0.55 and len(t.shape) == 2:
        return [f"{ind}{name}[:, {g.index(t.shape[1])}] = {_value_for(g, t.dtype)}"]
    if r < 0.75:
        got = g.array(lambda u: u.shape is not None, 0)
        if got is None:
            return None
        op = g.rng.choice(["+=", "-=", "*="])
        if op != "+=" and t.dtype == "uint64":
            return None     # (see _arr_template: no uint64 values beyond int64; `a *= a` in a loop
                            # overflows, and numba's typing adds a Python int to a uint64 as float64)
        check = g.typed_array(f"_x {op[0]} _y", {"_x": t, "_y": got[1]})
        if check is None or check.shape != t.shape or check.dtype != t.dtype or t.dtype == "bool":
            return None
        return [f"{ind}{name} {op} {got[0]}"]
    if len(t.shape) == 1:
        sl = g.rng.choice(["1:", "::2", ":", ":-1"])
        target = g.typed_array(f"_x[{sl}]", {"_x": t})
        got = g.array(lambda u: u.shape is not None and len(u.shape) == 1, 0)
        if target is None or got is None or got[1].shape[0] not in (1, target.shape[0]):
            return [f"{ind}{name}[{sl}] = {_value_for(g, t.dtype)}"]
        if np.can_cast(got[1].dtype, t.dtype, "same_kind"):
            return [f"{ind}{name}[{sl}] = {got[0]}"]
        return None
    return [f"{ind}{name}[{g.index(t.shape[0])}] = {_value_for(g, t.dtype)}"]


def _s_str(g, ind):
    """A string made from numbers (str, f-string specs, concatenation), read back as a number:
    len, count/find, in, split, strip, comparisons, ord, int()."""
    s, v, n = g.fresh("_s"), g.fresh(), g.expr("int", 1)
    x = g.expr("float", 1)
    made = g.rng.choice([f"str({n})", f"'ab' + str({n}) + 'c'", f"'x,y,' + str({n})",
                         f"f'{{({x}):.3f}}|{{({n})}}'", f"str({x}) * 2", f"repr({x}) + ' ' + str({n})"])
    kind, use = g.rng.choice([
        ("int", f"len({s})"), ("int", f"{s}.count('1') + {s}.find('2') + {s}.rfind('.')"),
        ("bool", f"'1' in {s}"), ("int", f"len({s}.upper() + {s}[::-1] + {s}[1::2])"),
        ("int", f"len({s}.split(','))"), ("bool", f"{s}.startswith('a') or {s} < 'b'"),
        ("int", f"ord({s}[0]) + ord({s}[-1])"), ("int", f"int(str({n}).strip())"),
        ("float", f"float(len({s}.replace('1', '22'))) / 2"), ("bool", f"{s}.isdigit() == ({s} == {s}.lower())"),
    ])
    g.declare(v, T(kind))
    return [f"{ind}{s} = {made}", f"{ind}{v} = {use}"]


def _s_dict(g, ind):
    """A dict of int keys and float values: a literal or a comprehension, stores, then a number
    read back (get, len, in, pop, iteration over keys / items)."""
    d, v = g.fresh("_d"), g.fresh()
    k = g.expr("int", 1)
    lines = [g.rng.choice([f"{ind}{d} = {{({k}) % 5: {g.expr('float', 1)}, 3: 1.5}}",
                           f"{ind}{d} = {{_k: _k * {g.expr('float', 1)} for _k in range(abs({k}) % 4 + 1)}}"])]
    if g.chance(0.6):
        lines.append(f"{ind}{d}[({g.expr('int', 1)}) % 5] = {g.expr('float', 1)}")
    kind, use = g.rng.choice([
        ("float", f"{d}.get(({k}) % 3, 0.5)"), ("int", f"len({d})"), ("bool", f"({k}) % 5 in {d}"),
        ("float", f"{d}.pop(3, -1.0) + len({d})"), ("int", f"sum([_k * 2 for _k in {d}])"),
        ("float", f"sum([_k * _w for _k, _w in {d}.items()])"),
        ("float", f"{d}.setdefault(4, 2.5) + {d}[4]"),
    ])
    g.declare(v, T(kind))
    return lines + [f"{ind}{v} = {use}"]


def _s_dict_str(g, ind):
    """A dict of str keys (made from numbers) and float values: stores, updates, then a number
    read back (get, len, in, pop, sorted keys, iteration over items)."""
    d, v = g.fresh("_d"), g.fresh()
    key = f"'k' + str(({g.expr('int', 1)}) % 4)"
    lines = [g.rng.choice([f"{ind}{d} = {{'a': {g.expr('float', 1)}, {key}: 1.5}}",
                           f"{ind}{d} = {{str(_k): _k * {g.expr('float', 1)} for _k in range({g.rng.randint(1, 4)})}}"])]
    if g.chance(0.6):
        lines.append(f"{ind}{d}[{key}] = {g.expr('float', 1)}")
    if g.chance(0.3):
        lines.append(f"{ind}{d}.update({{'a': 0.5, 'z': {g.expr('float', 1)}}})")
    kind, use = g.rng.choice([
        ("float", f"{d}.get({key}, 0.25) + {d}.get('a', -1.0)"), ("int", f"len({d})"),
        ("bool", f"{key} in {d} or 'a' in {d}"), ("float", f"{d}.pop('a', -1.0) + len({d})"),
        ("int", f"len(sorted({d})[0]) + len([_k for _k in {d} if _k < 'k2'])"),
        ("float", f"sum([len(_k) * _w for _k, _w in {d}.items()])"),
    ])
    g.declare(v, T(kind))
    return lines + [f"{ind}{v} = {use}"]


def _s_set(g, ind):
    """A set of ints (a literal or a comprehension), grown, shrunk and combined with another, then
    a number read back without depending on the iteration order (len, in, sum, operators)."""
    s, t, v = g.fresh("_st"), g.fresh("_st"), g.fresh()
    k = g.expr("int", 1)
    made = g.rng.choice([f"{{({k}) % 5, ({g.expr('int', 1)}) % 5, 3}}",
                         f"{{(_k * ({k})) % 7 for _k in range({g.rng.randint(0, 6)})}}",
                         f"{{_k % 4 for _k in range({g.rng.randint(1, 6)}) if _k != ({k}) % 3}}"])
    lines = [f"{ind}{s} = {made}", f"{ind}{t} = {{1, 2, ({g.expr('int', 1)}) % 6}}"]
    for line in (f"{s}.add(({g.expr('int', 1)}) % 9)", f"{s}.discard(({g.expr('int', 1)}) % 5)",
                 f"{s} {g.rng.choice(['|=', '&=', '-=', '^='])} {t}"):
        if g.chance(0.4):
            lines.append(ind + line)
    kind, use = g.rng.choice([
        ("int", f"len({s})"), ("bool", f"({k}) % 5 in {s}"), ("int", f"sum([_k * 3 for _k in {s}])"),
        ("int", f"len({s} | {t}) + 10 * len({s} & {t})"), ("int", f"len({s} - {t}) * 10 + len({s} ^ {t})"),
        ("bool", f"{s} <= {t} or {t} < {s}"), ("bool", f"{s} == {t} or {s}.isdisjoint({t})"),
        ("int", f"len({s}.union({t}).difference({{0, 1}}))"),
    ])
    g.declare(v, T(kind))
    return lines + [f"{ind}{v} = {use}"]


def _s_try(g, ind):
    """try/except/else/finally around statements one of which may raise (an explicit raise, a
    division by zero, a list index out of range); the handlers give the variable a value."""
    kind = g.rng.choice(["int", "float"])
    v, e = g.fresh(), g.fresh("_e")
    zero = f"(({g.expr('int', 0)}) % 3)"
    risky = g.rng.choice([
        [f"{v} = ({g.expr('int', 1)}) // {zero}" if kind == "int" else f"{v} = ({g.expr('float', 1)}) / {zero}"],
        [f"if {g.expr('bool', 1)}:", f"    raise {g.rng.choice(['ValueError', 'IndexError'])}('fuzz')"],
        [f"{v} = [4, 5, 6][({g.expr('int', 1)}) % 5]" if kind == "int"
         else f"{v} = [1.5, 2.5][({g.expr('int', 1)}) % 3]"],
    ])
    lines = [f"{ind}{v} = {g.expr(kind, 1)}", f"{ind}try:"]
    g.declare(v, T(kind))
    body = g.block(ind + "    ", g.rng.randint(1, 2)) if g.chance(0.6) else []
    at = g.rng.choice([0, len(body)])                  # before or after the other statements
    body[at:at] = [ind + "    " + line for line in risky]
    lines += body
    handlers = g.rng.sample([
        [f"{ind}except ZeroDivisionError as {e}:", f"{ind}    {v} = {g.expr(kind, 1)} + len(str({e}))"],
        [f"{ind}except (ValueError, IndexError):", f"{ind}    {v} = {g.expr(kind, 1)}"],
        [f"{ind}except Exception:", f"{ind}    {v} = -{g.expr(kind, 0)}"],
    ], g.rng.randint(1, 2))
    for handler in handlers:
        lines += handler
    if g.chance(0.3):
        lines += [f"{ind}else:", f"{ind}    {v} = {v} + 1"]
    if g.chance(0.3):
        lines += [f"{ind}finally:", f"{ind}    {v} = {v} * 2" if kind == "float" else f"{ind}    {v} = {v} % {MOD}"]
    return lines


def _s_optional(g, ind):
    """A value or None (numba's Optional) chosen at run time, tested with `is None`/`is not None`,
    and used as its value where it is not None."""
    kind = g.rng.choice(["int", "float"])
    o, v = g.fresh("_o"), g.fresh()
    if g.chance(0.5):
        lines = [f"{ind}{o} = {g.expr(kind, 1)} if {g.expr('bool', 1)} else None"]
    else:
        lines = [f"{ind}{o} = None", f"{ind}if {g.expr('bool', 1)}:", f"{ind}    {o} = {g.expr(kind, 1)}"]
    lines += g.rng.choice([
        [f"{ind}if {o} is None:", f"{ind}    {v} = {g.expr(kind, 1)}", f"{ind}else:",
         f"{ind}    {v} = {o} + {g.expr(kind, 1)}"],
        [f"{ind}{v} = ({o} if {o} is not None else {g.expr(kind, 0)}) + {'0' if kind == 'int' else '0.0'}"],
        [f"{ind}{v} = {g.expr(kind, 0)}", f"{ind}if {o} is not None and {o} > {g.expr(kind, 0)}:",
         f"{ind}    {v} = {o} - {v}"],
    ])
    g.declare(v, T(kind))
    return lines


def _s_lambda(g, ind):
    """A lambda (or an inner def) bound to a name and called. Its body reads its parameter and the
    global constants only: a captured variable may not be reassigned later in compiled code (the
    README says so), and a statement is never inside a comprehension (no lambdas there)."""
    fn, q, v = g.fresh("_fn"), "_" + g.fresh("q"), g.fresh()
    kind = g.rng.choice(["int", "float"])
    outer, g.scopes = g.scopes, [g.scopes[0], {q: T(kind)}]
    body = g.expr(kind, 1)
    g.scopes = outer
    body = f"({body}) % {MOD}" if kind == "int" else body
    if g.chance(0.5):
        lines = [f"{ind}{fn} = lambda {q}: {body}"]
    else:
        lines = [f"{ind}def {fn}({q}):", f"{ind}    return {body}"]
    lines.append(f"{ind}{v} = {fn}({g.expr(kind, 1)}) + {fn}({g.expr(kind, 0)})")
    g.declare(v, T(kind))
    return lines


def _s_dead_while(g, ind):
    """A loop whose test is false at compile time (pruned as `if False:`), maybe with an else."""
    lines = [f"{ind}while {g.rng.choice(['False', '0', 'not True', '1 > 2'])}:"] + g.block(ind + "    ", 2)
    if g.chance(0.5):
        lines += [f"{ind}else:"] + g.block(ind + "    ", 1)
    return lines


STATEMENTS = [
    (8, _s_assign), (1, _s_retype), (2, _s_fixed), (3, _s_aug), (4, _s_if), (4, _s_for), (1, _s_return),
    (1, _s_raise), (0.3, _s_zero_div), (1, _s_tuple), (2, _s_list), (2, _s_list_op),
    (3, _s_array), (3, _s_array_store), (1, _s_str), (1, _s_dict), (0.5, _s_dict_str), (1, _s_set),
    (1, _s_try), (1, _s_optional), (0.5, _s_dead_while), (0.5, _s_lambda),
]


def return_expression(g):
    t = g.ret
    if t.kind == "tuple":
        return "(" + ", ".join(g.expr(k, 1) for k in t.items) + ")"
    if t.kind == "arr":
        got = g.array(lambda u: u.dtype == t.dtype and u.shape is not None
                      and len(u.shape) == len(t.shape), 1)
        return got[0] if got else f"np.zeros({t.shape!r}, np.{t.dtype})"
    if t.kind == "list":
        name = g.pick_var(lambda u: u.kind == "list" and u.dtype == t.dtype)
        return name or f"[{g.expr(t.dtype, 1)}]"
    return g.expr(t.kind)
