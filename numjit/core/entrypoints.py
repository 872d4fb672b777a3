"""numba's extension entry points: installed packages that extend numba name an `init` function in
the `numba_extensions` entry-point group (pydata sparse: `sparse.numba_backend._numba_extension:
_init_extension`); numba calls each one before its first compilation, and so does numjit — but only
while `import numba` gives numjit (numjit.install_as_numba, `python -m numjit.run`), since those
modules `import numba` themselves and must not pull the real numba in beside numjit.

    >>> import numjit.core.entrypoints as entrypoints
    >>> entrypoints.init_all() is None          # (without the alias: nothing to load, nothing loaded)
    True

A failing `init` warns (NumjitWarning naming the module and the error), as numba's does, and the
other extensions still load.
"""
import sys
import warnings

_initialized = False


def _aliased():
    # (by name: `python -m numjit.run` installs the finder of its __main__ copy of numjit/run.py)
    return any(type(finder).__name__ == "NumbaAliasFinder" for finder in sys.meta_path)


def init_all():
    """Call every `numba_extensions` entry point named `init`, once, when numba is numjit."""
    global _initialized
    if _initialized or not _aliased():
        return
    _initialized = True                 # (an extension compiling while it loads must not re-enter)
    from importlib import metadata      # (here: importing it costs ~10 ms of a first compile)
    from ..errors import NumjitWarning
    for entry_point in metadata.entry_points(group="numba_extensions", name="init"):
        try:
            entry_point.load()()
        except Exception as exc:
            warnings.warn(f"numba extension module {entry_point.module!r} failed to load: "
                          f"{type(exc).__name__}: {exc}", NumjitWarning, stacklevel=3)
