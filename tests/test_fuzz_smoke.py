"""A short fixed-seed run of numjit's differential fuzzer (tools/fuzz; `make fuzz` runs long ones).

Random well-defined programs (scalars of every type, control flow with pruned branches, loops,
tuples, lists and comprehensions, arrays of several dtypes and layouts, views, array
expressions, reductions, math) run as plain Python and compiled; none may crash the worker,
time out, raise an InternalError or give a different answer.

Compiling is what costs (~1 s a program), so the smoke run does not take the first N programs
of its seed: it generates CANDIDATES programs (cheap, no compiling), records which constructs each
one uses (every entry of the generator's tables that produced code, the entry point's input
kinds, dtypes and layouts, its return kind, helper functions), and compiles a small set of them
chosen greedily (most new constructs per character) to use every construct any candidate uses.  The
generator's tables grow every session; the selection follows them (300 candidates use ~98 % of
the table entries; ~35 programs cover them all, where the first 80 programs missed 12).
"""
import doctest
import functools
import re

import pytest

import impl

pytestmark = [pytest.mark.numjit_only, pytest.mark.slow]

SMOKE_SEED = "smoke"
CANDIDATES = 300           # programs generated; those compiled are a covering subset of them


def test_fuzz_tools_doctests():
    from tools.fuzz import generate, extras, features, reduce, run, statements  # generate first: it loads the tables
    for module in (generate, statements, features, extras, reduce, run):
        assert doctest.testmod(module).failed == 0, module.__name__


def _program_constructs(count, seed):
    """[(index, text, constructs)] for programs `seed:0` .. `seed:count-1`: the constructs a
    program uses are the generator-table entries that returned code while it was generated, the
    types of the entry point's inputs (arrays: dtype, ndim and layout) and of its result, and
    the helper functions and module constants it defines."""
    from tools.fuzz import generate as gen
    used = set()

    def recording(fn, key):
        @functools.wraps(fn)
        def wrapper(*args):
            got = fn(*args)
            if got:
                used.add(key)
            return got
        return wrapper

    def input_type(g):
        t = real_input_type(g)
        used.add(f"input:{t.kind}:{t.dtype}:{len(t.shape or ())}d")
        return t

    def function(g, name, params, ret, size):
        used.add(f"result:{ret.kind}:{ret.dtype}" if name == "f" else f"helper:{ret.kind}")
        return real_function(g, name, params, ret, size)

    tables = [(f"expr-{kind}", table) for kind, table in gen.EXPRESSIONS.items()]
    tables += [("array", gen.ARRAY_EXPRESSIONS), ("statement", gen.STATEMENTS)]
    saved = [list(table) for _, table in tables]
    real_input_type, real_function = gen._input_type, gen._function
    try:
        for label, table in tables:
            table[:] = [(w, recording(fn, f"{label}:{i}:{fn.__name__}")) for i, (w, fn) in enumerate(table)]
        gen._input_type, gen._function = input_type, function
        programs = []
        for i in range(count):
            used.clear()
            program = gen.generate(f"{seed}:{i}")
            programs.append((i, program.text(), frozenset(used | _text_constructs(program))))
    finally:
        for (_, table), old in zip(tables, saved):
            table[:] = old
        gen._input_type, gen._function = real_input_type, real_function
    return programs


_ARRAY_INPUT = re.compile(r"(np\.asfortranarray\()?np\.array\(\[[^\]]*\], dtype=np\.\w+\)"
                          r"(\.reshape\(\([^)]*\)\))?(\)|\[::2\]|\[::-1\])?")


def _text_constructs(program):
    """The input arrays' layouts, recursive helpers and module constants, read off the text."""
    found = set()
    for fortran, reshaped, end in _ARRAY_INPUT.findall(program.args_source):
        layout = "F" if fortran else {"[::2]": "strided", "[::-1]": "reversed"}.get(end, "C")
        found.add(f"layout:{layout}:{2 if reshaped else 1}d")
    for pattern, name in ((r"^def r\d+\(", "recursive helper"), (r"^_K\d+ = np\.", "array constant"),
                          (r"^_K\d+ = [^n]", "scalar constant"), (r"^class ", "class")):
        if re.search(pattern, program.source, re.M):
            found.add(name)
    return found


def _smoke_selection():
    """(selected programs, constructs of all candidates): a greedy cover of every construct the
    candidates use, each step taking the program with the most new constructs per character."""
    programs = _program_constructs(CANDIDATES, SMOKE_SEED)
    everything = frozenset().union(*(used for _, _, used in programs))
    covered, selected = set(), []
    while covered != everything:
        best = max(programs, key=lambda p: (len(p[2] - covered) / len(p[1]), -p[0]))
        selected.append(best)
        covered |= best[2]
    return selected, everything


def test_fuzz_smoke():
    from tools.fuzz.generate import ARRAY_EXPRESSIONS, EXPRESSIONS, STATEMENTS
    from tools.fuzz.run import FAILURES, Worker
    selected, everything = _smoke_selection()
    entries = sum(len(table) for table in EXPRESSIONS.values()) + len(ARRAY_EXPRESSIONS) + len(STATEMENTS)
    table_entries = {c for c in everything if c.startswith(("expr-", "array:", "statement:"))}
    assert len(table_entries) >= 0.9 * entries, (len(table_entries), entries)   # the candidates use the generator
    assert len(selected) <= CANDIDATES // 4
    worker = Worker(timeout=120.0)
    outcomes = {}
    try:
        for i, text, _ in selected:
            result = worker.check(text)
            outcomes[f"{SMOKE_SEED}:{i}"] = (result["outcome"], result.get("message", ""))
    finally:
        worker.stop()
    bad = {seed: got for seed, got in outcomes.items() if got[0] in FAILURES}
    assert not bad, bad
    ok = sum(outcome == "ok" for outcome, _ in outcomes.values())
    assert ok >= len(outcomes) * 0.8, outcomes


def test_fuzz_command_loop():
    """tools.fuzz's own loop (the `make fuzz` entry point) runs and counts a program."""
    from tools.fuzz.__main__ import fuzz
    summary = fuzz(1, SMOKE_SEED, out=None, timeout=120.0, do_reduce=False, log=None)
    assert summary["count"] == 1 and sum(summary["counts"].values()) == 1, summary
    assert summary["counts"]["ok"] == 1, summary
