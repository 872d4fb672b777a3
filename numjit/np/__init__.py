"""numba.np: `numpy_support` (dtype ↔ type) and `ufunc` (the classes vectorize and guvectorize make).

    >>> from numjit.np.numpy_support import from_dtype
    >>> import numpy as np; from_dtype(np.dtype("f4"))
    float32
"""
