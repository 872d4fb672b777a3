"""The rest of numba's Dispatcher API: recompile, disable_compile, stats, nopython_signatures,
`_uuid`/`_set_uuid` (libraries pin it), inspect_types' annotated listing, parallel_diagnostics,
get_metadata (a mixin of dispatcher.Dispatcher) and `targetoptions` (TargetOptions: the jit options;
changing fastmath, boundscheck, error_model, parallel or nogil there takes effect at the next
recompile(), as in numba).

    >>> from numjit import njit
    >>> @njit
    ... def inc(x):
    ...     y = x + 1
    ...     return y
    >>> inc(1), inc.nopython_signatures
    (2, [int64(int64)])
    >>> sorted(inc.get_metadata(inc.signatures[0])["pipeline_times"])
    ['llvm', 'machine code', 'source', 'typed']
    >>> inc.disable_compile(); inc(2.5)           # converted to a compiled signature, as numba
    3
    >>> inc((1, 2))
    Traceback (most recent call last):
    ...
    TypeError: inc(): no compiled signature for argument types ((int64, int64)); compiled for (int64)
"""
import ast
import collections
import linecache
import sys
import weakref

from ..types import Signature
from ..types.arrayexpr import ArrayExpr

CompileStats = collections.namedtuple("CompileStats", ("cache_path", "cache_hits", "cache_misses"))
RULE = "-" * 80


_LIVE = weakref.WeakValueDictionary()         # uuid -> the dispatcher of this process that has it


def by_uuid(value):
    """The live dispatcher whose `_uuid` is `value`, or None."""
    return _LIVE.get(value)


class TargetOptions(dict):
    """A dispatcher's jit options as given (`f.targetoptions["fastmath"]`); setting a flag that
    changes generated code also sets it, normalised, in the flags the next compilation uses."""

    def __init__(self, dispatcher, options):
        super().__init__(options)
        self._flags = dispatcher.flags

    def __setitem__(self, key, value):
        from ..options import CODEGEN_FLAGS, normalize_flags
        if key in CODEGEN_FLAGS or key == "nogil":
            fresh = normalize_flags({key: value})
            if key in fresh:
                self._flags[key] = fresh[key]
            else:
                self._flags.pop(key, None)
        super().__setitem__(key, value)


class DispatcherIntrospection:
    """Methods numba's dispatcher has beyond calling, compiling and inspect_llvm/asm."""

    def _count_cache(self, argtypes, hit):
        counters = self.__dict__.setdefault("_cache_counts", (collections.Counter(), collections.Counter()))
        counters[0 if hit else 1][argtypes] += 1

    @property
    def stats(self):
        """CompileStats(cache_path, cache_hits, cache_misses): by argument types, the compilations
        loaded from the disk cache and those compiled (a miss, as numba counts, also without cache=True)."""
        from ..cache.store import cache_dir
        hits, misses = self.__dict__.get("_cache_counts", (collections.Counter(), collections.Counter()))
        path = str(cache_dir(self.py_func)) if self._cache else None
        return CompileStats(path, collections.Counter(hits), collections.Counter(misses))

    @property
    def nopython_signatures(self):
        """The compiled signatures with their return types: [float64(float64, int64), ...]."""
        return [result.signature for result in self.overloads.values()]

    def recompile(self):
        """Compile every signature again, reading the globals as they are now (numba's recompile)."""
        from ..typing import infer
        with self._lock:
            previous = [(argtypes, self._declared.get(argtypes)) for argtypes in self.overloads]
            with infer._lock:                          # typed results of this function are stale
                for key in [k for k in infer._typed_cache if k[0] is self.py_func]:
                    del infer._typed_cache[key]
            self.overloads.clear()
            self._tries.clear()
            self._declared.clear()
            was_locked, self._locked = self._locked, False
            try:
                for argtypes, declared in previous:
                    self.compile(Signature(declared, argtypes))
            finally:
                self._locked = was_locked
            self._publish_table()

    def disable_compile(self, val=True):
        """From now on, calls only use the compiled signatures (converting arguments to them when
        they can); `disable_compile(False)` allows compiling again."""
        if val and not getattr(self, "_compile_disabled", False):
            self._compile_disabled, self._locked_before = True, self._locked
            self._locked = True
        elif not val and getattr(self, "_compile_disabled", False):
            self._compile_disabled, self._locked = False, self._locked_before

    @property
    def _uuid(self):
        """numba's identity string of a dispatcher (drawn on first use; libraries pin it). A pickle
        carries it, so unpickling in the same process gives the same dispatcher (see by_uuid)."""
        if "_uuid_value" not in self.__dict__:
            import uuid
            self._set_uuid(str(uuid.uuid4()))
        return self._uuid_value

    def _set_uuid(self, value):
        if "_uuid_value" in self.__dict__:
            raise RuntimeError(f"{self.__name__}: the dispatcher's uuid is already set")
        self._uuid_value = value
        _LIVE[value] = self

    def parallel_diagnostics(self, signature=None, level=1, file=None):
        """Print what runs on the thread pool: prange loops and fused array expressions
        (parallel=True), for each compiled signature (or the one given)."""
        out = file or sys.stdout
        chosen = self._pick_signature(signature, None)
        for argtypes, result in self.overloads.items():
            if chosen is not None and tuple(chosen) != argtypes:
                continue
            print(_diagnostics(self, argtypes, result.typed, level), file=out)

    def get_metadata(self, signature=None):
        """numba's compilation metadata of a signature (of every one when None, by argument types):
        `pipeline_times`, the seconds each stage of numjit's pipeline took (numjit/pipeline.py), and
        `llvm_pass_timings` when `config.LLVM_PASS_TIMINGS` was set while it compiled
        (backend/passtimings.py); empty for code loaded from the disk cache."""
        if signature is None:
            return {sig: self.get_metadata(sig) for sig in self.overloads}
        result = self.overloads[tuple(self._pick_signature(signature, None))]
        meta = {"pipeline_times": dict(result.stage_times)} if result.stage_times else {}
        if result.library.pass_timings is not None:
            meta["llvm_pass_timings"] = result.library.pass_timings
        return meta

    def _annotated(self):
        return "\n\n".join(_annotate(self.__name__, argtypes, result.typed)
                           if result.typed is not None else self._FROM_CACHE.format(sig=argtypes)
                           for argtypes, result in self.overloads.items())


def _assigned_lines(tree):
    """{line: [names assigned on it]} (arguments on the def line)."""
    lines = collections.defaultdict(list)
    for arg in tree.args.args:
        lines[tree.lineno].append(arg.arg)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            if node.id not in lines[node.lineno]:
                lines[node.lineno].append(node.id)
    return lines


def _annotate(name, argtypes, typed):
    """numba's inspect_types listing: each source line, preceded by the types of what it assigns."""
    src = typed.source
    header = [f"{name} ({', '.join(map(str, argtypes))})", RULE, f"# File: {src.filename}",
              f"# --- returns {typed.return_type}", ""]
    assigned = _assigned_lines(src.tree)
    first = min([src.tree.lineno] + [d.lineno for d in src.tree.decorator_list])
    last = max(getattr(n, "end_lineno", None) or first for n in ast.walk(src.tree))
    body = []
    for line in range(first, last + 1):
        body.append(f"# --- LINE {line} ---")
        body += [f"#   {var.split('$')[0]} :: {typed.vars[var]}"      # s$3: the third version of s
                 for var in assigned.get(line, ()) if var in typed.vars]
        body += [linecache.getline(src.filename, line).rstrip(), ""]
    return "\n".join(header + body + [RULE])


def _top_array_expressions(tree, exprs):
    """Lines of array expressions evaluated as one fused loop (the outermost of each tree)."""
    lines, inner = set(), set()
    for node in ast.walk(tree):
        if isinstance(exprs.get(node), ArrayExpr):
            for child in ast.iter_child_nodes(node):
                inner.add(child)
    for node, ty in exprs.items():
        if isinstance(ty, ArrayExpr) and node not in inner and hasattr(node, "lineno"):
            lines.add(node.lineno)
    return sorted(lines)


def _diagnostics(dispatcher, argtypes, typed, level):
    title = f" Parallel Accelerator Optimizing:  Function {dispatcher.__name__} ({', '.join(map(str, argtypes))}) "
    lines = ["=" * 80, title.center(80, "="), "=" * 80]
    if typed is None:
        return "\n".join(lines + ["loaded from the disk cache: nothing to show"])
    src = typed.source
    parallel = bool(dispatcher.flags.get("parallel"))
    loops = sorted(node.lineno for node, spec in typed.iters.items() if getattr(spec, "parallel", False))
    fused = _top_array_expressions(src.tree, typed.exprs)
    if not parallel:
        lines.append("parallel=False: nothing runs on the thread pool (prange is range).")
        return "\n".join(lines)
    lines.append("prange loops run on the thread pool:" if loops else "No prange loops.")
    for i, line in enumerate(loops):
        lines.append(f"  loop #{i} at {src.filename}:{line}")
    if fused:
        lines.append("Array expressions fused into one loop each, split over the thread pool "
                     "when they have at least 65536 elements:")
        lines += [f"  {src.filename}:{line}" for line in fused]
    if level >= 2:
        lines.append(f"Threads: numjit.get_num_threads() at run time (now {_threads()}).")
    return "\n".join(lines)


def _threads():
    from ..threads import get_num_threads
    return get_num_threads()
