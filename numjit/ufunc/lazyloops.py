"""Layout versions of vectorize loops, compiled the first time a call needs them.

A ufunc loop (numjit/ufunc/loops.py) runs one of several versions of its element
loop, chosen from the operands' steps: all contiguous, some inputs broadcast
scalars, a reduction, element strides, byte strides.  Each version is a
vectorised copy of the kernel, so compiling them all took most of
`vectorize`'s compile time.  With ``emit_ufunc_loop(lazy={})`` only the
contiguous version, the one for an array and scalars (``x + 1``) and the cheap
fallbacks (mixed, byte strides) are compiled with the ufunc.  Each other
version is compiled, when a call first takes it, from the same module text with
only that version's function exported; a ``target="parallel"`` loop's driver
(overlap check, chunks, streaming) is a module of its own, compiled on the
first call large enough to split.  The address goes into the loop's table, so
later calls jump straight to it.

    >>> import numpy as np, numjit
    >>> from numjit.ufunc.ufuncobj import get_owner
    >>> @numjit.vectorize(["float64(float64, float64)"])
    ... def add(x, y):
    ...     return x + y
    >>> lazy = get_owner(add).extra[0]
    >>> lazy.compiled
    0
    >>> add(np.arange(3.0), 1.0), lazy.compiled      # array and scalar: compiled with the loop
    (array([1., 2., 3.]), 0)
    >>> add(1.0, np.arange(3.0)), lazy.compiled      # scalar and array: compiled now, once
    (array([1., 2., 3.]), 1)
    >>> add(2.0, np.arange(4.0)), lazy.compiled
    (array([2., 3., 4., 5.]), 1)

The loop calls the resolver (a ctypes callback, which takes the GIL) on the
calling thread: a parallel loop resolves before it hands work to the pool.
Threads that miss at once compile the version once (a lock); if compiling
fails, the loop falls back to the next version that fits (always correct,
slower) and the error is kept in ``failures``.
"""
import ctypes
import threading

from ..backend import jit as backend
from .loops import lazy_table, lazy_version

_RESOLVER = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64)


class LazyVersions:
    """The compiled module of a ufunc's loops (`lib`, from module text `text`) and the versions of
    its loops `names` compiled since; keep it alive as long as the loops.  `parts`: the versions
    defined by modules of their own, {symbol: (module text, symbols of `lib` it calls)}."""

    def __init__(self, text, lib, names, parts=None):
        self.text, self.libs, self.parts = text, [lib], dict(parts or {})
        self.lock = threading.Lock()
        self.failures = []
        self._loops = {}               # table address -> loop name
        self._addresses = {}           # version function name -> address
        self._resolver = _RESOLVER(self._resolve)
        resolver = ctypes.cast(self._resolver, ctypes.c_void_p).value
        for name in names:
            try:
                table = lib.address(lazy_table(name))
            except KeyError:           # a loop without lazy versions
                continue
            self._loops[table] = name
            ctypes.c_void_p.from_address(table).value = resolver

    @property
    def compiled(self):
        """How many versions were compiled after the loops."""
        return len(self._addresses)

    def _compile(self, name):
        if name not in self.parts:
            return backend.compile_ir(self.text, only={name})
        text, imports = self.parts[name]
        for symbol in imports:
            backend.add_symbol(symbol, self.libs[0].address(symbol))
        return backend.compile_ir(text)

    def _resolve(self, table, slot):
        """The address of version `slot` of the loop whose table is at `table` (0 on failure)."""
        try:
            name = lazy_version(self._loops[table], slot)
            with self.lock:
                address = self._addresses.get(name)
                if address is None and not self.failures:
                    lib = self._compile(name)
                    self.libs.append(lib)
                    address = self._addresses[name] = lib.address(name)
                    ctypes.c_void_p.from_address(table + 8 * slot).value = address
            return address or 0
        except Exception as exc:       # noqa: BLE001  (a loop cannot raise: it falls back)
            self.failures.append(exc)
            return 0
