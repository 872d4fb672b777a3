"""The compiler pipeline, as one table of named stages; the only place stages are wired together.

    source → AST → typed AST → LLVM IR → optimised IR → machine code → native entry

`NUMJIT_DUMP=typed,llvm,optimized,asm` prints those stages to stderr.

    >>> from numjit.types import float64
    >>> def f(x):
    ...     return x * 2.0
    >>> result = compile_function(f, (float64,), {})
    >>> result.signature, result.entry_symbol.startswith("numjit.")
    (float64(float64), True)
"""
import sys
import threading
import time
from dataclasses import dataclass, field

from . import config
from .errors import NumjitError, InternalError
from .backend import jit
from .frontend.source import FunctionSource
from .lowering.context import ModuleContext
from .lowering.lower import lower_function, function_symbol
from .runtime.cpython import register_symbols
from .types import Signature
from .typing.infer import infer


@dataclass
class CompileResult:
    typed: object
    signature: Signature
    entry_symbol: str
    library: object
    address: int
    stage_times: dict = field(default_factory=dict)      # stage name → seconds (empty: loaded from cache)


def _stage_source(state):
    state["source"] = FunctionSource.of(state["pyfunc"])


def _stage_typed(state):
    state["typed"] = typed = infer(state["pyfunc"], state["argtypes"], state["flags"])
    if "typed" in config.DUMP:
        print(f"--- typed ---\n{typed.dump()}", file=sys.stderr)


def _stage_llvm(state):
    typed = state["typed"]
    ctx = ModuleContext(typed.name)
    state["symbol"] = symbol = function_symbol(typed)
    lower_function(ctx, typed, symbol)
    if state["boundary"] is not None:          # the caller's native wrappers, in the same module
        state["boundary"](ctx, typed, symbol)
    state["module"] = ctx.module


def _stage_machine_code(state):
    register_symbols()
    state["library"] = lib = jit.compile_ir(state["module"], keep_asm=state.get("keep_asm", False))
    state["address"] = addr = lib.address(state["symbol"])
    jit.add_symbol(state["symbol"], addr)          # callable from dispatcher modules by name


# One compilation at a time in the process (numba's global compiler lock): dispatchers, lazy ufuncs
# and gufuncs hold it while they compile and publish a new signature; calls never take it.
COMPILER_LOCK = threading.RLock()

STAGES = [
    ("source", _stage_source),                 # Python source and AST, globals, closure
    ("typed", _stage_typed),                   # type inference: variables, expressions, call targets
    ("llvm", _stage_llvm),                     # typed AST → LLVM IR (+ the native call boundary)
    ("machine code", _stage_machine_code),     # O3 + host CPU → code in the JIT engine
]


def compile_function(pyfunc, argtypes, flags, keep_asm=False, boundary=None):
    """Compile `pyfunc` for `argtypes`; `boundary(ctx, typed, symbol)` may add wrappers to its module."""
    state = {"pyfunc": pyfunc, "argtypes": tuple(argtypes), "flags": dict(flags), "keep_asm": keep_asm,
             "boundary": boundary}
    times = {}
    for name, stage in STAGES:
        started = time.perf_counter()
        try:
            stage(state)
        except NumjitError as exc:
            if exc.loc is None and "typed" in state:      # said at the function, when nothing nearer
                exc.loc = state["typed"].source.loc(state["typed"].source.tree)
            raise
        except Exception as exc:               # a compiler bug: never an LLVM abort or a bare traceback
            raise InternalError(f"stage {name!r} failed on {pyfunc.__qualname__}{tuple(argtypes)}: "
                                f"{type(exc).__name__}: {str(exc)[:500]}") from exc
        times[name] = time.perf_counter() - started
    typed = state["typed"]
    return CompileResult(typed, Signature(typed.return_type, typed.argtypes), state["symbol"],
                         state["library"], state["address"], times)
