"""Which compiler the tests exercise: numjit (default) or numba (for validation).

    NUMJIT_TEST_IMPL=numba python -m pytest tests/    # run the suite against numba

The suite is written once against the numba-compatible API.  This module
exports the names tests need from whichever implementation is selected, so a
test reads ``from impl import njit, TypingError`` and never names either one.
Behaviour that only numjit promises (error-message format, ZeroDivisionError
wording, NumjitWarning, Python semantics where numba deviates) is marked
``@pytest.mark.numjit_only`` and skipped under numba (see conftest.py).

    >>> IMPL in ("numjit", "numba")
    True
"""
import os

IMPL = os.environ.get("NUMJIT_TEST_IMPL", "numjit").strip().lower() or "numjit"
if IMPL not in ("numjit", "numba"):
    raise RuntimeError(f"NUMJIT_TEST_IMPL must be 'numjit' or 'numba', not {IMPL!r}")
IS_NUMBA = IMPL == "numba"

if IS_NUMBA:
    import numba as impl_module
    from numba import jit, njit, typeof, types
    from numba import (boolean, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
                       float32, float64, complex64, complex128)
    from numba.core.errors import (
        NumbaError as NumjitError,
        TypingError,
        UnsupportedError,
        NumbaWarning as NumjitWarning,
        InternalError,
    )

    # Environment variables the implementation reads (for subprocess tests).
    ENV_DISABLE_JIT = "NUMBA_DISABLE_JIT"
    ENV_DEBUG = "NUMBA_DEVELOPER_MODE"
    ENV_BOUNDSCHECK = "NUMBA_BOUNDSCHECK"
    allocation_stats = None
else:
    try:
        import numjit as impl_module
        from numjit import jit, njit, typeof, types
        from numjit import (boolean, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
                            float32, float64, complex64, complex128)
        from numjit.errors import (
            NumjitError,
            TypingError,
            UnsupportedError,
            NumjitWarning,
            InternalError,
        )
    except ImportError as exc:  # the core is not there yet: say so clearly
        raise ImportError(
            f"numjit cannot be imported ({exc}); to validate the tests against numba run "
            "NUMJIT_TEST_IMPL=numba python -m pytest tests/") from exc

    ENV_DISABLE_JIT = "NUMJIT_DISABLE_JIT"
    ENV_DEBUG = "NUMJIT_DEBUG"
    ENV_BOUNDSCHECK = "NUMJIT_BOUNDSCHECK"
    try:
        from numjit.runtime import allocation_stats
    except ImportError:
        allocation_stats = None

# Errors a compile-time rejection may raise (either is acceptable for "unsupported").
if IS_NUMBA:
    # numba rejects some syntax while reading bytecode, with an error outside its hierarchy
    from numba.core.errors import UnsupportedBytecodeError
    COMPILE_ERRORS = (TypingError, UnsupportedError, UnsupportedBytecodeError)
else:
    COMPILE_ERRORS = (TypingError, UnsupportedError)

__all__ = [
    "IMPL", "IS_NUMBA", "impl_module", "jit", "njit", "typeof", "types",
    "boolean", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float32", "float64", "complex64", "complex128",
    "NumjitError", "TypingError", "UnsupportedError", "NumjitWarning", "InternalError",
    "COMPILE_ERRORS", "ENV_DISABLE_JIT", "ENV_DEBUG", "ENV_BOUNDSCHECK", "allocation_stats",
]
