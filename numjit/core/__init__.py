"""numba.core as numjit spells it: the same modules under numba's names, never copies.

    >>> import numjit, numjit.core.types, numjit.core.config
    >>> numjit.core.types is numjit.types, numjit.core.config is numjit.config
    (True, True)
    >>> from numjit.core.errors import TypingError, NumbaWarning
    >>> TypingError is numjit.TypingError, NumbaWarning is numjit.NumjitWarning
    (True, True)

Submodules: types, config, decorators, extending (numjit's own modules), errors (numjit's error
classes under numba's names), typing (`signature`), cgutils (llvmlite helpers for intrinsics),
dispatcher and registry (the Dispatcher class, for isinstance checks), caching (names of numba's
disk cache classes), serialize (`dumps`, `loads`), datamodel, pythonapi and imputils (numba's
low-level extension API: numjit/lowlevel.py, numjit/lowlevel_lowerings.py), entrypoints (installed
packages' `numba_extensions`, loaded under the numba alias).
"""
import sys

from .. import types, config, decorators, extending
from . import errors  # noqa: F401 (numba.core.errors.TypingError without importing it first)

for _name, _module in (("types", types), ("config", config), ("decorators", decorators),
                       ("extending", extending)):
    sys.modules[f"{__name__}.{_name}"] = _module
del _name, _module
