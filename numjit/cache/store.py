"""The disk cache of compiled specialisations: object code plus a JSON record, written atomically.

    <dir>/<qualname>.<key>.o       the object file LLVM produced for the specialisation's module
    <dir>/<qualname>.<key>.json    {"key", "object_sha256", "entry", "try", "return_type", "externals"}

`<dir>` is NUMJIT_CACHE_DIR, else `__numjit_cache__` beside the source file, else (when that
is not writable) a folder under ~/.cache/numjit. The key hashes everything the machine code
depends on (numjit.cache.fingerprint), so a record is either right or absent: a record that
does not read back exactly (truncated, edited, written by another version) is ignored, and the
compilation that follows rewrites it. Writes go to a temporary file renamed into place, so
processes sharing a folder never see half a file.

    >>> from numjit.types import float64
    >>> encode_type(float64[:, ::1])["class"]
    'numjit.types.arrays:Array'
    >>> decode_type(encode_type(float64[:, ::1])) == float64[:, ::1]
    True
"""
import hashlib
import importlib
import json
import os
import tempfile
import warnings
from pathlib import Path

import numpy as np

from .. import config
from ..backend import jit as backend
from ..backend import vecmath
from ..errors import NumjitWarning
from ..lowering import objmode
from ..runtime.cpython import register_symbols
from ..types.base import Type
from ..types.scalars import strength
from .fingerprint import Uncacheable, compiler_fingerprint, function_fingerprint

STATS = {"hits": 0, "misses": 0, "stores": 0}
_RUNTIMES = ("numjit.runtime.memory", "numjit.runtime.lists", "numjit.runtime.printing",
             "numjit.runtime.threadpool", "numjit.runtime.dicts", "numjit.runtime.cfuncs",
             "numjit.runtime.strings", "numjit.runtime.exceptions")
_loaded = {}          # key → the record's addresses: one object is loaded once per process
# externals that name one process's objects (dispatcher cells, constants): never cached
_PROCESS_LOCAL = ("numjit.", "numjit_const.", "numjit_fallback.", "numjit_table.", "numjit_objmode.", "try.",
                  "dispatch.", "numjit_typed.")


def encode_type(value):
    """A numjit type as JSON data (class name + attributes), or Uncacheable."""
    if isinstance(value, Type):
        cls = type(value)
        if not cls.__module__.startswith("numjit.types."):
            raise Uncacheable(f"type {value!r}")
        return {"class": f"{cls.__module__}:{cls.__qualname__}",
                "attrs": {k: encode_type(v) for k, v in vars(value).items()}}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, tuple):
        return {"tuple": [encode_type(v) for v in value]}
    if isinstance(value, np.dtype) and not value.fields:
        return {"dtype": value.str}
    raise Uncacheable(f"type attribute {value!r:.60}")


def decode_type(data):
    if isinstance(data, dict):
        if "tuple" in data:
            return tuple(decode_type(v) for v in data["tuple"])
        if "dtype" in data:
            return np.dtype(data["dtype"])
        module, _, name = data["class"].partition(":")
        if not module.startswith("numjit.types."):
            raise ValueError(f"not a numjit type: {data['class']}")
        obj = object.__new__(getattr(importlib.import_module(module), name))
        for k, v in data["attrs"].items():
            setattr(obj, k, decode_type(v))
        return obj
    return data


def cache_dir(py_func):
    if config.CACHE_DIR:
        return Path(config.CACHE_DIR)
    source = Path(py_func.__code__.co_filename).resolve()
    beside = source.parent / "__numjit_cache__"
    try:
        beside.mkdir(exist_ok=True)
        if os.access(beside, os.W_OK):
            return beside
    except OSError:
        pass
    tag = hashlib.sha256(str(source.parent).encode()).hexdigest()[:16]
    return Path.home() / ".cache" / "numjit" / f"{source.parent.name}-{tag}"


def _atomic_write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


class CacheEntry:
    """The cache slot of one specialisation: `py_func` compiled for `argtypes` with `flags`."""

    def __init__(self, py_func, argtypes, flags, declared_return):
        from ..types.jitclass import type_text, classes_in
        for info in (info for t in argtypes for info in classes_in(t)):
            info.box_symbol()                      # cached code refers to it: defined before loading
        parts = [compiler_fingerprint(), function_fingerprint(py_func), " ".join(map(type_text, argtypes)),
                 repr(sorted(flags.items())), repr(declared_return), f"opt={config.OPT}"]
        if any(strength(argtypes)):                # np.float64(3), not 3.0: its own entry
            parts.append(f"strong={strength(argtypes)}")
        self.key = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        name = "".join(c if c.isalnum() or c in "_-" else "_" for c in py_func.__qualname__)
        slot = hashlib.sha256(f"{py_func.__code__.co_filename} {py_func.__qualname__} {parts[2:]}"
                              .encode()).hexdigest()[:8]
        self.folder = cache_dir(py_func)
        self.qualname = py_func.__qualname__
        self.prefix = f"{name}.{slot}."           # records of older versions of this slot share it
        self.record_path = self.folder / f"{self.prefix}{self.key[:32]}.json"
        self.object_path = self.folder / f"{self.prefix}{self.key[:32]}.o"

    @property
    def salt(self):
        """Symbol names of this specialisation carry it, so no other module's names collide."""
        return f"k{self.key[:16]}"

    def load(self):
        """{entry, entry_address, try_address, return_type, library} from disk, or None."""
        found = _loaded.get(self.key) or self._read()
        STATS["hits" if found else "misses"] += 1
        return found

    def _read(self):
        try:
            record = json.loads(self.record_path.read_text())
            code = self.object_path.read_bytes()
            if record["key"] != self.key or record["object_sha256"] != hashlib.sha256(code).hexdigest():
                return None
            return_type = decode_type(record["return_type"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError, ImportError):
            return None                            # absent or unreadable: compile (and rewrite) instead
        register_symbols()
        vecmath.host_isa()                         # libmvec, when the code calls it
        for module in _RUNTIMES:                   # they provide their symbols on demand
            importlib.import_module(module)
        try:                                       # objmode blocks: their Python functions, made again
            for name, recipe in record["objmode"].items():
                if not backend.resolve_symbol(name):
                    objmode.rebuild_block(name, decode_type(recipe))
        except Exception:                          # (the source moved, changed...): compile instead
            return None
        if not all(backend.resolve_symbol(name) for name in record["externals"]):
            return None
        library = backend.load_object(self.record_path.stem, code)
        found = dict(entry=record["entry"], entry_address=library.address(record["entry"]),
                     try_address=library.address(record["try"]), return_type=return_type,
                     library=library)
        _loaded[self.key] = found
        return found

    def save(self, library, entry, try_symbol, return_type):
        """Write the record for a fresh compilation; a specialisation that can't be cached isn't."""
        externals = sorted(library.externals)
        if library.object_code is None:
            return False
        local = next((n for n in externals if n.startswith(_PROCESS_LOCAL)), None)
        try:
            encoded = encode_type(return_type)
            blocks = {n: encode_type(objmode.RECIPES[n]) for n in externals if n.startswith(objmode.RECIPE_PREFIX)}
            stored = local is None and decode_type(encoded) == return_type
        except Uncacheable:
            stored = False
        if not stored:                             # said, as entry_for says an uncacheable global
            generator = getattr(return_type, "kind", "") == "generator_object"
            why = ("generator functions are not stored on disk" if generator
                   else f"it returns {return_type}, which holds objects of this process" if local is None
                   else f"its code refers to an object of this process ({local})")
            warnings.warn(f"{self.qualname}: cache=True ignored: {why}; it is compiled again in "
                          "each process", NumjitWarning, stacklevel=5)
            return False
        record = {"key": self.key, "object_sha256": hashlib.sha256(library.object_code).hexdigest(),
                  "entry": entry, "try": try_symbol, "externals": externals, "return_type": encoded,
                  "objmode": blocks}
        try:
            _atomic_write(self.object_path, library.object_code)
            _atomic_write(self.record_path, json.dumps(record, indent=1).encode())
        except OSError:
            return False                           # a read-only folder: run uncached
        STATS["stores"] += 1
        for old in self.folder.glob(self.prefix + "*"):   # what older code of this slot left behind
            if old.suffix in (".json", ".o") and old not in (self.record_path, self.object_path):
                old.unlink(missing_ok=True)
        return True


def entry_for(py_func, argtypes, flags, declared_return):
    """The CacheEntry, or None (with a warning naming the reason) when the function can't be cached."""
    try:
        return CacheEntry(py_func, argtypes, flags, declared_return)
    except Uncacheable as exc:
        warnings.warn(f"{py_func.__qualname__}: cache=True ignored: it reads {exc}", NumjitWarning,
                      stacklevel=4)
        return None
