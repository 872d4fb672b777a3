"""`cuda.jit(cache=True)`: each specialisation's PTX on disk, and the driver's cubin made from it.

PTX is keyed as the CPU cache keys object code (numjit/cache/: the function's source and
everything it reads, the compiler's sources, the versions) plus the compute capability,
debug= and opt=; one JSON file per specialisation. The cubin — what the driver's JIT makes of that
PTX for one GPU — is keyed by the PTX text, the device's compute capability and the driver
version, so a new driver or GPU makes a new one. Every file is written atomically (a
temporary file renamed into place); a file that cannot be read, parsed or loaded is ignored
and rewritten, never trusted.

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
from . import debug as debug_

STATS = {"hits": 0, "stores": 0, "cubin_hits": 0, "cubin_stores": 0}


def cache_key(py_func, argtypes, flags, cc, debug=False, opt=True):
    text = "\n".join([compiler_fingerprint(), function_fingerprint(py_func), repr(tuple(argtypes)),
                      repr(sorted(flags.items())), f"cuda sm_{cc[0]}{cc[1]}", f"debug={bool(debug)}",
                      f"opt={bool(opt)}"])
    return hashlib.sha256(text.encode()).hexdigest()


def _path(py_func, key, suffix="json"):
    return cache_dir(py_func) / f"{py_func.__qualname__}.cuda.{key[:32]}.{suffix}"


def load(py_func, argtypes, flags, cc, debug=False, opt=True):
    """The cached CompiledKernel, or None (absent, unreadable, corrupt, or the function is uncacheable)."""
    try:
        key = cache_key(py_func, argtypes, flags, cc, debug, opt)
        record = json.loads(_path(py_func, key).read_text())
        if record["key"] != key or not all(isinstance(record[k], str) for k in ("name", "ptx", "params")):
            return None
        exceptions = tuple((debug_.resolve(cls), message, tuple(where) if where else None)
                           for cls, message, where in record["exceptions"])
    except (Uncacheable, OSError, ValueError, LookupError, TypeError):
        return None
    STATS["hits"] += 1
    return CompiledKernel(record["name"], record["ptx"], record["params"], tuple(argtypes), tuple(cc), exceptions,
                          bool(debug), bool(opt))


def save(py_func, compiled, flags):
    try:
        key = cache_key(py_func, compiled.argtypes, flags, compiled.cc, compiled.debug, compiled.opt)
    except Uncacheable:
        return False
    record = {"key": key, "name": compiled.name, "ptx": compiled.ptx, "params": compiled.params,
              "exceptions": [(debug_.describe(cls), message, where) for cls, message, where in compiled.exceptions]}
    try:
        _atomic_write(_path(py_func, key), json.dumps(record).encode())
    except OSError:
        return False
    STATS["stores"] += 1
    return True


# -- cubins -----------------------------------------------------------------------------------------
def cubin_key(compiled, device_cc, driver_version):
    text = f"{compiled.name}\n{device_cc}\n{driver_version}\n{compiled.ptx}"
    return hashlib.sha256(text.encode()).hexdigest()


def load_cubin(py_func, compiled, device_cc, driver_version):
    """The cubin stored for this PTX, GPU and driver, or None."""
    try:
        data = _path(py_func, cubin_key(compiled, device_cc, driver_version), "cubin").read_bytes()
    except (Uncacheable, OSError):
        return None
    if not data:
        return None
    STATS["cubin_hits"] += 1
    return data


def save_cubin(py_func, compiled, device_cc, driver_version, cubin):
    try:
        _atomic_write(_path(py_func, cubin_key(compiled, device_cc, driver_version), "cubin"), bytes(cubin))
    except (Uncacheable, OSError):
        return False
    STATS["cubin_stores"] += 1
    return True
