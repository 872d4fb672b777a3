"""The host target: optimise LLVM IR, turn it into machine code, find symbols.

One MCJIT engine per process holds every compiled module (MCJIT cannot unload
code; names are unique per module, see `unique_name`).

    >>> from llvmlite import ir
    >>> m = ir.Module("demo"); f = ir.Function(m, ir.FunctionType(ir.IntType(64), [ir.IntType(64)]), "twice")
    >>> b = ir.IRBuilder(f.append_basic_block()); _ = b.ret(b.mul(f.args[0], ir.Constant(ir.IntType(64), 2)))
    >>> import ctypes; lib = compile_ir(m)
    >>> ctypes.CFUNCTYPE(ctypes.c_int64, ctypes.c_int64)(lib.address("twice"))(21)
    42
"""
import itertools
import os
import sys
import threading
from pathlib import Path

import llvmlite.binding as llvm

from .. import config
from . import loophints, vecmath
from .passtimings import PassTimings, run_timed

try:
    from _blake2 import blake2b as _digest     # hashlib's blake2b without hashlib's OpenSSL load (~10 ms)
except ImportError:                            # pragma: no cover (not CPython)
    from hashlib import blake2b as _digest

_lock = threading.RLock()
_counter = itertools.count()
_providers = {}                  # symbol → function that defines it (compiles a runtime module once)


class _Host:
    """Target machine, pass pipeline and the process-wide execution engine."""

    def __init__(self):
        llvm.initialize_native_target()
        llvm.initialize_native_asmprinter()
        llvm.initialize_native_asmparser()
        # The SLP vectoriser keeps a tree when its estimated cost is below -threshold (default 0).
        # Trees rated -1 or -2 are mostly 2-wide integer index chains (two scattered `grid[c % n]`
        # addresses) that cost more than they save on AVX-512 (mask registers, lane extracts):
        # pic_deposit ran 1.27x numba's time with them, 0.9x without. Store trees rated -3 to -6
        # pack the shapes/strides of arrays a loop swaps (`u, un = un, u`) into <2 x i64>/<4 x i64>
        # phis live around the inner loops; with them the register allocator reloaded two
        # constants from the constant pool inside Gray-Scott's vectorised inner loop (~1.0x
        # numba's time), without them it keeps them in registers as numba does (~0.9x). Trees
        # rated -7 or better stay (horizontal reductions; nbody_step's 23-store tree, 1.5% slower
        # without it). The option is process-wide; numba keeps SLP off by default, so its code is
        # unaffected.
        llvm.set_option("numjit", "-slp-threshold=6")
        self.triple = llvm.get_process_triple()
        self.cpu = llvm.get_host_cpu_name()
        self.features = llvm.get_host_cpu_features().flatten()
        target = llvm.Target.from_triple(self.triple)
        self.tm = target.create_target_machine(
            cpu=self.cpu, features=self.features, opt=3, reloc="static",
            codemodel="jitdefault", jit=True)
        self.data_layout = str(self.tm.target_data)
        owner = llvm.parse_assembly("")
        owner.triple = self.triple
        self.engine = llvm.create_mcjit_compiler(owner, self.tm)
        self.engine.set_object_cache(self._notify_object, None)
        self._last_object = None

    def _notify_object(self, module, buffer):
        self._last_object = bytes(buffer)


def pass_builder(tm, level):
    """A new PassBuilder for `tm` at `level`, for ONE run of its pipeline: never keep one.

    llvmlite's ModulePassManager.run registers its StandardInstrumentations' callbacks in the
    builder's PassInstrumentationCallbacks on every run and never removes them (they point into a
    stack object gone after the run). A reused builder so calls one more dangling callback per pass
    for every earlier run: optimising a small loop took 2.5 ms on the first run and 137 ms after
    4,000 runs (a fresh builder costs ~20 us and stays flat).
    """
    pto = llvm.create_pipeline_tuning_options(speed_level=level)
    pto.loop_vectorization = pto.slp_vectorization = level >= 2
    return llvm.create_pass_builder(tm, pto)


_host = None


def host():
    global _host
    if _host is None:
        with _lock:
            if _host is None:
                _host = _Host()
    return _host


_salt = threading.local()


def unique_name(base):
    """A symbol name no other compiled module uses: `base` plus a counter (and the salt, if set).
    Symbols are ASCII (the JIT's lookups encode them so): other characters of a Python name, such
    as stumpy's `ρ`, are spelt `$u3c1`."""
    base = "".join(c if c.isascii() else f"$u{ord(c):x}" for c in base)
    return f"{base}.{getattr(_salt, 'value', '')}{next(_counter)}"


class name_salt:
    """`with name_salt("k1234"):` names made meanwhile (in this thread) carry the salt, so an
    object file cached on disk (its key is the salt) never collides with another process's names."""

    def __init__(self, salt):
        self.salt = f"{salt}." if salt else ""

    def __enter__(self):
        _salt.value = self.salt

    def __exit__(self, *exc):
        _salt.value = ""


class Library:
    """Machine code for one module: its symbols' addresses and its object file."""

    def __init__(self, name, ir_text, object_code):
        self.name = name
        self.ir_text = ir_text
        self.object_code = object_code
        self.optimized_ir = None
        self.asm = None
        self.externals = ()
        self.pass_timings = None      # a PassTimings when config.LLVM_PASS_TIMINGS was set

    def address(self, symbol):
        addr = host().engine.get_function_address(symbol)
        if not addr:
            addr = host().engine.get_global_value_address(symbol)
        if not addr:
            raise KeyError(f"symbol {symbol!r} not found in {self.name}")
        return addr


def _dump(stage, text):
    if stage in config.DUMP:
        print(f"--- {stage} ---\n{text}", file=sys.stderr)


def parse(module):
    """llvmlite.ir.Module (or IR text) → verified llvm ModuleRef."""
    h = host()
    text = str(module)
    mod = llvm.parse_assembly(text)
    mod.triple = h.triple
    mod.data_layout = h.data_layout
    mod.verify()
    return mod


# LLVM unrolls a loop whose trip count is known only at run time when its one exit is the loop
# test, or when its one other exit ends in a deoptimisation (rarely taken). numjit's checks
# (int(x) of a float, boundscheck...) leave loops for blocks that raise, as rarely taken: with
# this option a loop with one such exit is unrolled as the unchecked loop would be (the histogram
# benchmark: 1.2 ms -> 1.1 ms; numba's 1.1 ms). Set only while numjit's pipeline runs (an LLVM
# option is process-wide), so that numba's code in the same process is compiled as numba's.
_SIDE_EXIT_UNROLL = "-unroll-runtime-other-exit-predictable"


def optimize(mod, level=None, timings=None):
    """Run the pass pipeline of `level`; at level 0 only for a module using coroutines (LLVM's
    coroutine passes must split them: lowering/coroutines.py). `timings`: a PassTimings that
    records the run (backend/passtimings.py)."""
    level = config.OPT if level is None else level
    if level > 0 or any(f.name.startswith("llvm.coro.") for f in mod.functions):
        pb = pass_builder(host().tm, level)
        with _lock:
            llvm.set_option("numjit", _SIDE_EXIT_UNROLL + "=true")
            try:
                if timings is None:
                    pb.getModulePassManager().run(mod, pb)
                else:
                    run_timed(timings, pb, f"Module passes (optimization level {level})",
                              lambda: pb.getModulePassManager().run(mod, pb))
            finally:
                llvm.set_option("numjit", _SIDE_EXIT_UNROLL + "=false")
    return mod


def _only(mod, symbols):
    """Make every definition in `mod` but `symbols` internal and drop those they do not use
    (before the pipeline, which would otherwise optimise them)."""
    for value in list(mod.functions) + list(mod.global_variables):
        if not value.is_declaration:
            value.linkage = "external" if value.name in symbols else "internal"
    pm = llvm.create_new_module_pass_manager()
    pm.add_global_dead_code_eliminate_pass()
    pm.run(mod, pass_builder(host().tm, 0))


def compile_ir(module, level=None, keep_asm=False, only=None):
    """Parse, optimise and load `module` into the engine; return its Library.  `only`: the
    symbols to export, the module's other definitions made internal (a module compiled again
    for one more of its functions, as numjit/ufunc/lazyloops.py does)."""
    h = host()
    with _lock:
        text = loophints.annotate(vecmath.annotate(str(module)))
        _dump("llvm", text)
        mod = parse(text)
        if only is not None:
            _only(mod, only)
        timings = PassTimings(getattr(module, "name", "module")) if config.LLVM_PASS_TIMINGS else None
        optimize(mod, level, timings)
        opt_text = str(mod) if ("optimized" in config.DUMP or keep_asm) else None
        if opt_text is not None:
            _dump("optimized", opt_text)
        asm = h.tm.emit_assembly(mod) if ("asm" in config.DUMP or keep_asm) else None
        if asm is not None:
            _dump("asm", asm)
        externals = _check_symbols(mod)
        h._last_object = None
        h.engine.add_module(mod)
        if timings is None:
            h.engine.finalize_object()
        else:
            run_timed(timings, None, "Finalize object", h.engine.finalize_object)
        lib = Library(getattr(module, "name", "module"), text, h._last_object)
        lib.optimized_ir, lib.asm, lib.externals, lib.pass_timings = opt_text, asm, externals, timings
        return lib


def compile_runtime(module, level=None):
    """compile_ir for a runtime module (exceptions, trampoline, ...), its object code kept on disk.

    The file's name is a hash of the annotated IR text, the optimisation level, LLVM's version,
    the CPU and numjit's backend sources, so a changed module or compiler is a miss, never a stale
    hit; the externals it needs and the object's checksum are stored with it (resolved and checked
    before it is loaded). Any failure to read, check or write the file falls back to compiling.
    """
    h = host()
    level = config.OPT if level is None else level
    text = loophints.annotate(vecmath.annotate(str(module)))
    key = _digest("\0".join(
        [text, str(level), ".".join(map(str, llvm.llvm_version_info)), h.triple, h.cpu, h.features,
         _backend_sources()]).encode(), digest_size=16).hexdigest()
    path = _runtime_dir() / f"{getattr(module, 'name', 'module')}-{key}.o"
    try:            # the file: "<checksum of the object> <external> <external> ...\n<object code>"
        header, _, object_code = path.read_bytes().partition(b"\n")
        checksum, *externals = header.decode().split()
        if (_digest(object_code).hexdigest() == checksum                     # not truncated
                and all(resolve_symbol(name) for name in externals)):
            return load_object(getattr(module, "name", "module"), object_code)
    except (OSError, ValueError):
        pass
    lib = compile_ir(module, level)
    if lib.object_code:
        header = " ".join([_digest(lib.object_code).hexdigest(), *lib.externals])
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(header.encode() + b"\n" + lib.object_code)
            os.replace(tmp, path)
        except OSError:
            pass
    return lib


def _runtime_dir():
    return Path(config.cache_root()) / "runtime"


_sources = []


def _backend_sources():
    if not _sources:
        digest = _digest()
        for path in sorted(Path(__file__).parent.glob("*.py")):
            digest.update(path.read_bytes())
        _sources.append(digest.hexdigest())
    return _sources[0]


def provide(symbols, define):
    """`define()` makes `symbols` resolvable; it runs the first time compiled code needs one of them.

    Runtime modules (meminfo, lists) register here, so a function that never
    allocates never pays for compiling them.
    """
    for name in symbols:
        _providers[name] = define


def resolve_symbol(name):
    """True when `name` has an address for generated code (defining it on demand, see provide)."""
    if llvm.address_of_symbol(name):
        return True
    define = _providers.get(name)
    if define is not None:
        define()
    return bool(llvm.address_of_symbol(name))


def _check_symbols(mod):
    """MCJIT leaves unknown externals unresolved and the first call jumps to 0: refuse instead.
    Returns the external names the module uses."""
    names = []
    for fn in mod.functions:
        if fn.is_declaration and not fn.name.startswith("llvm."):
            if not resolve_symbol(fn.name):
                raise RuntimeError(f"unresolved external function {fn.name!r}")
            names.append(fn.name)
    for gv in mod.global_variables:
        if gv.is_declaration:
            if not resolve_symbol(gv.name):
                raise RuntimeError(f"unresolved external variable {gv.name!r}")
            names.append(gv.name)
    return names


def load_object(name, object_code):
    """Load a cached object file into the engine (see numjit.cache)."""
    h = host()
    with _lock:
        h.engine.add_object_file(llvm.ObjectFileRef.from_data(object_code))
        h.engine.finalize_object()
        return Library(name, None, object_code)


def add_symbol(name, address):
    """Make `name` resolve to `address` in code compiled from now on."""
    llvm.add_symbol(name, address)
