"""numba.np: `numpy_support` (dtype ↔ type), `ufunc` (the classes vectorize and guvectorize make)
and `linalg` (numba's `_LAPACK` helper that libraries reach into).

    >>> from numjit.np.numpy_support import from_dtype
    >>> import numpy as np; from_dtype(np.dtype("f4"))
    float32
"""
import importlib

from . import numpy_support  # noqa: F401  (numba.np.numpy_support works after `import numba`)


def __getattr__(name):
    if name in ("ufunc", "linalg"):          # loaded on first use
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
