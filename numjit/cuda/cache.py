"""`cuda.jit(cache=True)`: PTX of each specialisation on disk, keyed as the CPU cache keys
object code (numjit/cache/: the function's source and everything it reads, the compiler's
sources, the versions) plus the compute capability; one JSON file per specialisation,
written atomically. The driver still JIT-compiles the PTX when a process loads it.

    >>> from numjit.types import float32
    >>> def k(x):
    ...     x[0] = 1.0
    >>> len(cache_key(k, (float32[::1],), {}, (8, 0)))
    64
"""
import hashlib
import json

from ..cache.fingerprint import Uncacheable, compiler_fingerprint, function_fingerprint
from ..cache.store import cache_dir, _atomic_write
from .compiler import CompiledKernel

STATS = {"hits": 0, "stores": 0}


def cache_key(py_func, argtypes, flags, cc):
    text = "\n".join([compiler_fingerprint(), function_fingerprint(py_func), repr(tuple(argtypes)),
                      repr(sorted(flags.items())), f"cuda sm_{cc[0]}{cc[1]}"])
    return hashlib.sha256(text.encode()).hexdigest()


def _path(py_func, key):
    return cache_dir(py_func) / f"{py_func.__qualname__}.cuda.{key[:32]}.json"


def load(py_func, argtypes, flags, cc):
    """The cached CompiledKernel, or None (absent, unreadable, or the function is uncacheable)."""
    try:
        key = cache_key(py_func, argtypes, flags, cc)
        record = json.loads(_path(py_func, key).read_text())
    except (Uncacheable, OSError, ValueError):
        return None
    if record.get("key") != key:
        return None
    STATS["hits"] += 1
    return CompiledKernel(record["name"], record["ptx"], record["params"], tuple(argtypes), tuple(cc))


def save(py_func, compiled, flags):
    try:
        key = cache_key(py_func, compiled.argtypes, flags, compiled.cc)
    except Uncacheable:
        return False
    record = {"key": key, "name": compiled.name, "ptx": compiled.ptx, "params": compiled.params}
    try:
        _atomic_write(_path(py_func, key), json.dumps(record).encode())
    except OSError:
        return False
    STATS["stores"] += 1
    return True
