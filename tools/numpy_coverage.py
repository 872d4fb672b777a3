"""Which NumPy functions compile inside ``njit``: numjit beside numba, tried, not read from docs.

Every public callable of NumPy's main namespace, ``np.linalg``, ``np.random`` and every ndarray
method/attribute is called inside a jitted function with the first argument list (from a fixed
table of candidates: arrays of several dtypes and shapes, scalars, shapes) that NumPy itself
accepts; an entry is *supported* when the compiled call returns what NumPy returns (same shape
and values; for ``np.random`` the same shape and dtype kind; for ``empty``/``empty_like``, whose
memory is uninitialised, the same shape and dtype). numba is tried the same way when it is
installed, in its own subprocess. The result is written as a Markdown table:

    python -m tools.numpy_coverage                       # docs/numpy-coverage.md
    python -m tools.numpy_coverage --only sum,sort,linalg.inv --out /tmp/cov.md

The candidates are simple on purpose; a name they do not fit (a list of arrays, a shape, a
keyword, a class such as ``np.ndindex``) has its own call forms in ``FORMS``, tried in order (the
first NumPy accepts and the implementation matches counts; the table says which call was tried).
``--workdir DIR`` keeps each implementation's results there (``numjit.json``, ``numba.json``): a
rerun skips the entries already recorded, so deleting ``numjit.json`` reruns only numjit.
"""
import argparse
import importlib
import inspect
import json
import os
import subprocess
import sys
import tempfile
import warnings

import numpy as np

NAMESPACES = {"np": np, "np.linalg": np.linalg, "np.random": np.random}
SKIP = {  # not functions of arrays: I/O, printing, configuration, testing, typing, deprecated aliases
    "np": {"save", "savez", "savez_compressed", "savetxt", "load", "loadtxt", "genfromtxt", "fromfile",
           "fromregex", "set_printoptions", "get_printoptions", "printoptions", "set_string_function",
           "seterr", "geterr", "seterrcall", "geterrcall", "errstate", "setbufsize", "getbufsize", "info",
           "show_config", "show_runtime", "get_include", "test", "deprecate", "deprecate_with_doc",
           "who", "source", "lookfor", "byte_bounds", "safe_eval", "add_newdoc", "add_docstring",
           "add_newdoc_ufunc", "disp", "memmap", "recfromcsv", "recfromtxt", "asmatrix", "bmat", "mat",
           "require", "frompyfunc", "vectorize", "piecewise", "nested_iters", "from_dlpack",
           "get_array_wrap", "issubclass_", "issubsctype", "maximum_sctype", "obj2sctype",
           "sctype2char", "find_common_type", "format_parser", "typename", "mintypecode"},
    # set_bit_generator is never tried: NumPy (2.4) stores a rejected argument as the global
    # RandomState's bit generator before checking it, freeing the MT19937 whose state the C struct
    # still points to, so every later np.random call writes freed memory. That corrupted whatever
    # reused it (an LLVM instruction: "cached instruction ordering is incorrect"; a segfault).
    "np.random": {"seed", "get_state", "set_state", "get_bit_generator", "set_bit_generator",
                  "default_rng", "RandomState", "Generator", "BitGenerator", "SeedSequence", "MT19937",
                  "PCG64", "PCG64DXSM", "Philox", "SFC64"},
}


def _inputs():
    rng = np.random.default_rng(0)
    spd = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]])
    return {
        "A": np.array([0.5, 1.5, 2.25, 3.5, 0.25]), "M": spd, "I": np.array([3, 1, 2, 3, 0]),
        "B": np.array([True, False, True, True, False]), "C": np.array([1 + 2j, 3 - 1j, 0.5j]),
        "R": rng.random((4, 3)), "U": np.array([0.1, 0.4, 0.9]), "T": np.arange(24.0).reshape(2, 3, 4),
        "D": np.array(["2020-01-01", "NaT", "2021-06-30"], dtype="M8[D]"),
    }


# argument lists tried in order; letters name _inputs() arrays, everything else is a literal
CANDIDATES = [(), ("A",), ("M",), ("I",), ("B",), ("C",), (2.5,), (3,), ("A", "A"), ("M", "M"), ("A", 2),
              ("M", 1), ("A", 0.5), ("I", "I"), ("M", "U"), ("A", "A", "A"), ("M", 0, 1),
              ("A", 1, 3), ((3, 3),), (3, 3), ("B", "A", "A"), ("U", "U", "U"), (1.0, 2.0), (10, 0.5),
              (2.0, 3.0, 4.0), ("A", 3), ("I", 2)]
# call forms for the names the candidates do not fit: expressions over the _inputs() arrays
FORMS = {
    "np.array": ["np.array(A)", "np.array([1.5, 2.5])"],
    "np.empty": ["np.empty((2, 3))"], "np.zeros": ["np.zeros((2, 3))"], "np.ones": ["np.ones((2, 3))"],
    "np.full_like": ["np.full_like(A, 2.5)"], "np.indices": ["np.indices((2, 3))"],
    "np.linspace": ["np.linspace(0.0, 1.0, 5)"], "np.logspace": ["np.logspace(0.0, 2.0, 5)"],
    "np.geomspace": ["np.geomspace(1.0, 100.0, 5)"], "np.tri": ["np.tri(3)"],
    "np.tril_indices": ["np.tril_indices(3)"], "np.triu_indices": ["np.triu_indices(3)"],
    "np.diag_indices": ["np.diag_indices(3)"], "np.reshape": ["np.reshape(M, (9,))"],
    "np.roll": ["np.roll(A, 2)"], "np.squeeze": ["np.squeeze(M[:1])"],
    "np.atleast_1d": ["np.atleast_1d(A)"], "np.atleast_2d": ["np.atleast_2d(A)"],
    "np.atleast_3d": ["np.atleast_3d(A)"], "np.broadcast_arrays": ["np.broadcast_arrays(M, U)"],
    "np.concatenate": ["np.concatenate((A, A))", "np.concatenate([A, A])"],
    "np.concat": ["np.concat((A, A))", "np.concat([A, A])"],
    "np.stack": ["np.stack((A, A))", "np.stack([A, A])"],
    "np.vstack": ["np.vstack((A, A))", "np.vstack([A, A])"],
    "np.row_stack": ["np.row_stack((A, A))", "np.row_stack([A, A])"],
    "np.hstack": ["np.hstack((A, A))", "np.hstack([A, A])"],
    "np.dstack": ["np.dstack((A, A))", "np.dstack([A, A])"],
    "np.column_stack": ["np.column_stack((A, A))", "np.column_stack([A, A])"],
    "np.block": ["np.block([A, A])"], "np.unstack": ["np.unstack(M)"],
    "np.split": ["np.split(A, 5)", "np.split(A, [1, 3])"], "np.array_split": ["np.array_split(A, 2)"],
    "np.hsplit": ["np.hsplit(M, 3)"], "np.vsplit": ["np.vsplit(M, 3)"], "np.dsplit": ["np.dsplit(T, 2)"],
    "np.clip": ["np.clip(A, 0.5, 2.0)", "np.clip(A, None, 2.0)", "np.clip(A, min=0.5, max=2.0)"],
    "np.select": ["np.select([B, ~B], [A, 2 * A])", "np.select((B, ~B), (A, 2 * A))"],
    "np.take_along_axis": ["np.take_along_axis(A, I, 0)"],
    "np.put_along_axis": ["np.put_along_axis(A, I, 9.0, 0)"],
    "np.apply_along_axis": ["np.apply_along_axis(np.sum, 0, M)"],
    "np.ravel_multi_index": ["np.ravel_multi_index((I, I), (4, 4))"],
    "np.unravel_index": ["np.unravel_index(I, (2, 3))"], "np.ix_": ["np.ix_(I, I)"],
    "np.einsum": ["np.einsum('ij,jk->ik', M, M)"], "np.lexsort": ["np.lexsort((A, I))"],
    "np.packbits": ["np.packbits(B)"], "np.unpackbits": ["np.unpackbits(np.array([3, 255], np.uint8))"],
    "np.polyval": ["np.polyval(A, 2.0)", "np.polyval(A, U)"], "np.roots": ["np.roots(np.array([1.0, -3.0, 2.0]))"],
    "np.cross": ["np.cross(U, U)"], "np.isnat": ["np.isnat(D)"], "np.meshgrid": ["np.meshgrid(A, U)"],
    "np.fromfunction": ["np.fromfunction(lambda i, j: i + j, (2, 3))"],
    # classes that compiled code uses as functions
    "np.ndindex": ["[i for i in np.ndindex(2, 3)]"], "np.ndenumerate": ["[p for p in np.ndenumerate(M)]"],
    "np.nditer": ["[x.item() for x in np.nditer(M)]"], "np.iinfo": ["np.iinfo(np.int32).max"],
    "np.finfo": ["np.finfo(np.float64).eps"],
    "np.linalg.multi_dot": ["np.linalg.multi_dot([M, M, M])", "np.linalg.multi_dot((M, M, M))"],
    "np.random.randint": ["np.random.randint(0, 10, 5)", "np.random.randint(10)"],
    "np.random.random_integers": ["np.random.random_integers(1, 5)"],
    "np.random.beta": ["np.random.beta(2.0, 3.0, 4)"], "np.random.chisquare": ["np.random.chisquare(2.0, 4)"],
    "np.random.f": ["np.random.f(2.0, 3.0, 4)"], "np.random.gamma": ["np.random.gamma(2.0, 1.0, 4)"],
    "np.random.geometric": ["np.random.geometric(0.5, 4)"], "np.random.logseries": ["np.random.logseries(0.5, 4)"],
    "np.random.multinomial": ["np.random.multinomial(5, np.array([0.2, 0.3, 0.5]))"],
    "np.random.multivariate_normal": ["np.random.multivariate_normal(U, M)"],
    "np.random.negative_binomial": ["np.random.negative_binomial(3, 0.5, 4)"],
    "np.random.noncentral_chisquare": ["np.random.noncentral_chisquare(2.0, 1.0, 4)"],
    "np.random.noncentral_f": ["np.random.noncentral_f(2.0, 3.0, 1.0, 4)"],
    "np.random.pareto": ["np.random.pareto(2.0, 4)"], "np.random.power": ["np.random.power(2.0, 4)"],
    "np.random.standard_gamma": ["np.random.standard_gamma(2.0, 4)"],
    "np.random.standard_t": ["np.random.standard_t(3.0, 4)"], "np.random.vonmises": ["np.random.vonmises(0.0, 1.0, 4)"],
    "np.random.wald": ["np.random.wald(1.0, 2.0, 4)"], "np.random.weibull": ["np.random.weibull(2.0, 4)"],
    "ndarray.flat": ["A.flat[2]", "[x for x in M.flat]"],
    "ndarray.flags": ["M.flags.c_contiguous", "M.T.flags.f_contiguous"],
    "ndarray.clip": ["A.clip(0.5, 2.0)", "A.clip(max=2.0)"], "ndarray.squeeze": ["M[:1].squeeze()"],
    "ndarray.view": ["A.view(np.int64)"], "ndarray.dtype": ["np.zeros(2, A.dtype)"],
    "ndarray.partition": ["A.partition(2)"], "ndarray.resize": ["A.resize(3, refcheck=False)"],
}
INPUT_NAMES = ("A", "M", "I", "B", "C", "R", "U", "T", "D")
METHOD_CANDIDATES = [(), ("A",), (0,), (1,), (0, 1), ((5, 1),), (2,), ("I",), (np.float32,)]


def _entries(only=None):
    out = []
    for prefix, module in NAMESPACES.items():
        for name in sorted(dir(module)):
            obj = getattr(module, name)
            if (name.startswith("_") or name == "test" or name in SKIP.get(prefix, ()) or not callable(obj)
                    or (inspect.isclass(obj) and f"{prefix}.{name}" not in FORMS)):  # (`test`: NumPy's tests)
                continue
            if isinstance(obj, type(np)):
                continue
            out.append((prefix, name))
    for name in sorted(dir(np.ndarray)):
        if not name.startswith("_"):
            out.append(("ndarray", name))
    if only:
        wanted = set(only)
        out = [e for e in out if e[1] in wanted or f"{e[0].split('.')[-1]}.{e[1]}" in wanted]
    return out


def _source(entries):
    """One module with a wrapper per (entry, arity): numjit compiles from source files."""
    lines = ["import numpy as np", ""]
    for prefix, name in entries:
        for i, form in enumerate(FORMS.get(f"{prefix}.{name}", ())):
            lines += [f"def {_form_name(prefix, name, i)}({', '.join(INPUT_NAMES)}):", f"    return {form}", ""]
        for arity in range(4):
            params = ", ".join(f"x{i}" for i in range(arity))
            fname = _wrapper_name(prefix, name, arity)
            if prefix == "ndarray":
                call = f"a.{name}({params})" if callable(getattr(np.ndarray, name)) else f"a.{name}"
                if not callable(getattr(np.ndarray, name)) and arity:
                    continue
                lines += [f"def {fname}(a{', ' if params else ''}{params}):", f"    return {call}", ""]
            else:
                lines += [f"def {fname}({params}):", f"    return {prefix}.{name}({params})", ""]
    return "\n".join(lines)


def _form_name(prefix, name, i):
    return f"f_{prefix.replace('.', '_')}_{name}_{i}"


def _wrapper_name(prefix, name, arity):
    return f"w_{prefix.replace('.', '_')}_{name}_{arity}"


# what is compared: values, unless NumPy's result is random draws or uninitialised memory
UNINITIALISED = {"empty", "empty_like"}


def _comparison(prefix, name):
    """'values', 'dtype' (shape and dtype) or 'kind' (shape and dtype kind) for one entry."""
    if prefix == "np.random":
        return "kind"
    return "dtype" if name in UNINITIALISED else "values"


def _materialise(args, inputs):
    return tuple(inputs[a].copy() if isinstance(a, str) else a for a in args)


def _same(got, want, compare):
    if isinstance(want, (tuple, list)):
        return isinstance(got, (tuple, list)) and len(got) == len(want) and all(
            _same(g, w, compare) for g, w in zip(got, want))
    if isinstance(want, (np.ndarray, np.generic, int, float, complex, bool)):
        g, w = np.asarray(got), np.asarray(want)
        if g.shape != w.shape:
            return False
        if compare == "kind":
            return g.dtype.kind == w.dtype.kind
        if compare == "dtype":
            return g.dtype == w.dtype
        if w.dtype.kind in "mM":                   # (NaT != NaT: compare the integers)
            return g.dtype == w.dtype and bool(np.array_equal(g.view(np.int64), w.view(np.int64)))
        if w.dtype.kind in "fc" or g.dtype.kind in "fc":
            return bool(np.allclose(g, w, equal_nan=True, rtol=1e-9, atol=1e-12))
        return bool(np.array_equal(g, w))
    return False                       # a Python object NumPy returns (dtype, function, ...)


def _try(impl, module, prefix, name, inputs):
    """(supported?, call tried) for one entry under `impl` ('numjit' or 'numba')."""
    compare = _comparison(prefix, name)
    forms = FORMS.get(f"{prefix}.{name}", ())
    for i, form in enumerate(forms):
        wrapper = getattr(module, _form_name(prefix, name, i))
        try:
            want = _call(wrapper, INPUT_NAMES, inputs)
        except Exception:
            continue
        if not _same(want, want, compare):
            return False, form
        try:
            got = _call(impl.njit(wrapper), INPUT_NAMES, inputs)
        except Exception:
            continue
        if _same(got, want, compare):
            return True, form
    if forms:
        return False, forms[0]
    cands = METHOD_CANDIDATES if prefix == "ndarray" else CANDIDATES
    receivers = ("A", "M", "I") if prefix == "ndarray" else (None,)
    for receiver in receivers:
        for cand in cands:
            wrapper = getattr(module, _wrapper_name(prefix, name, len(cand)), None)
            if wrapper is None:
                continue
            args = ((receiver,) if receiver else ()) + cand
            try:
                want = _call(wrapper, args, inputs)
            except Exception:
                continue
            shown = _describe(prefix, name, args, receiver)
            if not _same(want, want, compare):
                return False, shown            # NumPy returns a Python object (a dtype, a function...)
            try:
                got = _call(impl.njit(wrapper), args, inputs)
            except Exception:
                return False, shown
            return _same(got, want, compare), shown
    return False, "(no candidate call accepted by NumPy)"


def _call(fn, args, inputs):
    """fn(*args) and the array arguments after the call (methods such as a.sort() mutate them)."""
    values = _materialise(args, inputs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = fn(*values)
    mutated = tuple(v for v in values if isinstance(v, np.ndarray))
    return (np.zeros(0) if result is None else result,) + mutated


def _describe(prefix, name, args, receiver):
    shown = [a if isinstance(a, str) else repr(a) for a in args]
    if receiver:
        if not callable(getattr(np.ndarray, name)):
            return f"{shown[0]}.{name}"
        return f"{shown[0]}.{name}({', '.join(shown[1:])})"
    return f"{prefix}.{name}({', '.join(shown)})"


def worker(impl_name, entries_json, module_dir, out_json):
    """Run in a subprocess: try every entry under one implementation, write JSON results."""
    sys.path.insert(0, module_dir)
    module = importlib.import_module("coverage_wrappers")
    impl = importlib.import_module(impl_name)
    inputs = _inputs()
    results = {}
    if os.path.exists(out_json):
        with open(out_json) as f:
            results = json.load(f)
    for prefix, name in json.loads(entries_json):
        key = f"{prefix}.{name}"
        if key in results:
            continue
        results[key] = [None, "crashed"]            # left so when the process dies on this entry
        with open(out_json, "w") as f:
            json.dump(results, f)
        results[key] = list(_try(impl, module, prefix, name, inputs))
    with open(out_json, "w") as f:
        json.dump(results, f)


def _run_impl(impl_name, entries, module_dir):
    out_json = os.path.join(module_dir, f"{impl_name}.json")
    for _ in range(20):                             # restart after a crash, skipping the entry
        proc = subprocess.run([sys.executable, "-m", "tools.numpy_coverage", "--worker", impl_name,
                               json.dumps(entries), module_dir, out_json],
                              cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        if proc.returncode == 0:
            break
    with open(out_json) as f:
        return json.load(f)


def _table(entries, results, impls):
    counts = {impl: sum(1 for e in entries if results[impl].get(f"{e[0]}.{e[1]}", [False])[0]) for impl in impls}
    lines = ["# NumPy inside compiled code: numjit beside numba", "",
             "Generated by `python -m tools.numpy_coverage` (tried, not read from documentation: each entry",
             "is called inside `njit` with the first simple argument list NumPy accepts, or with the call",
             "forms the tool lists for it (the first that matches counts), and compared with NumPy's own",
             "result; for `np.random` the shape and dtype kind are compared, for `empty` and `empty_like`",
             "(uninitialised memory) the shape and dtype).", "",
             "| | " + " | ".join(impls) + " |", "|---|" + "---|" * len(impls),
             f"| supported (of {len(entries)}) | " + " | ".join(str(counts[i]) for i in impls) + " |"]
    if "numba" in impls:
        only_numba = [f"{p}.{n}" for p, n in entries if results["numba"].get(f"{p}.{n}", [False])[0]
                      and not results["numjit"].get(f"{p}.{n}", [False])[0]]
        lines += [f"| numba only | {len(only_numba)} | |", "",
                  "numba supports and numjit does not: " + (", ".join(only_numba) or "none") + "."]
    mark = {True: "yes", False: "-", None: "crash"}
    for prefix in list(NAMESPACES) + ["ndarray"]:
        rows = [e for e in entries if e[0] == prefix]
        if not rows:
            continue
        lines += ["", f"## {prefix}", "", "| name | " + " | ".join(impls) + " | call tried |",
                  "|---|" + "---|" * len(impls) + "---|"]
        for p, n in rows:
            key = f"{p}.{n}"
            cells = [mark[results[i].get(key, [False])[0]] for i in impls]
            lines.append(f"| `{n}` | " + " | ".join(cells) + f" | `{results['numjit'].get(key, ['', ''])[1]}` |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="docs/numpy-coverage.md")
    ap.add_argument("--only", help="comma-separated names")
    ap.add_argument("--no-numba", action="store_true")
    ap.add_argument("--workdir", help="keep the results here and reuse them (default: a temporary folder)")
    ap.add_argument("--worker", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(*args.worker)
        return
    entries = _entries(args.only.split(",") if args.only else None)
    impls = ["numjit"]
    if not args.no_numba:
        try:
            import numba  # noqa: F401  (only to see whether it is installed; it runs in a subprocess)
            impls.append("numba")
        except ImportError:
            pass
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.workdir or scratch
        os.makedirs(tmp, exist_ok=True)
        with open(os.path.join(tmp, "coverage_wrappers.py"), "w") as f:
            f.write(_source(entries))
        results = {impl: _run_impl(impl, entries, tmp) for impl in impls}
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w") as f:
        f.write(_table(entries, results, impls))
    print(f"wrote {args.out}: " + ", ".join(
        f"{i} {sum(1 for v in results[i].values() if v[0])}" for i in impls) + f" of {len(entries)}")


if __name__ == "__main__":
    main()
