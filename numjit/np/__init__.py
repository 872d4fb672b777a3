"""numba.np: `numpy_support` (dtype ↔ type) and `ufunc` (the classes vectorize and guvectorize make).

    >>> from numjit.np.numpy_support import from_dtype
    >>> import numpy as np; from_dtype(np.dtype("f4"))
    float32
"""
import importlib

from . import numpy_support  # noqa: F401  (numba.np.numpy_support works after `import numba`)


def __getattr__(name):
    if name == "ufunc":                      # the ufunc machinery loads on first use
        return importlib.import_module(f"{__name__}.ufunc")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
