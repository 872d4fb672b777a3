"""numba.core.pythonapi: box/unbox registration and NativeValue (numjit/lowlevel.py).

    >>> from numjit.core.pythonapi import box, NativeValue
    >>> from numjit import extending
    >>> box is extending.box, NativeValue is extending.NativeValue
    (True, True)
"""
from ..extending import reflect  # noqa: F401
from ..lowlevel import box, unbox, NativeValue, PythonAPI  # noqa: F401
