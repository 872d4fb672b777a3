"""numba's error and warning names, as numjit's classes (aliases where numjit has the class; small
subclasses of numjit's base classes where numba draws a finer line).

    >>> issubclass(NumbaPerformanceWarning, NumjitWarning), NumbaError is NumjitError
    (True, True)
    >>> issubclass(NumbaValueError, TypingError) and issubclass(NumbaValueError, ValueError)
    True
"""
from ..errors import (NumjitError, NumjitWarning, TypingError, UnsupportedError, InternalError,  # noqa: F401
                      SignatureError, Loc)

NumbaError = NumjitError
NumbaWarning = NumjitWarning
LoweringError = CompilerError = InternalError


class NumbaDeprecationWarning(NumjitWarning, DeprecationWarning):
    pass


class NumbaPendingDeprecationWarning(NumjitWarning, PendingDeprecationWarning):
    pass


class NumbaPerformanceWarning(NumjitWarning):
    pass


class NumbaParallelSafetyWarning(NumjitWarning):
    pass


class NumbaTypeSafetyWarning(NumjitWarning):
    pass


class NumbaExperimentalFeatureWarning(NumjitWarning):
    pass


class NumbaIRAssumptionWarning(NumjitWarning):
    pass


class NumbaInvalidConfigWarning(NumjitWarning):
    pass


class NumbaDebugInfoWarning(NumjitWarning):
    pass


class NumbaNotImplementedError(TypingError, NotImplementedError):
    pass


class NumbaValueError(TypingError, ValueError):
    pass


class NumbaTypeError(TypingError, TypeError):
    pass


class NumbaAttributeError(TypingError, AttributeError):
    pass


class NumbaIndexError(TypingError, IndexError):
    pass


class NumbaKeyError(TypingError, KeyError):
    pass


class NumbaAssertionError(TypingError, AssertionError):
    pass


class RequireLiteralValue(TypingError):
    pass


class ConstantInferenceError(TypingError):
    pass


class UnsupportedRewriteError(UnsupportedError):
    pass


class UnsupportedParforsError(UnsupportedError):
    pass


class UnsupportedBytecodeError(UnsupportedError):
    pass


class VerificationError(InternalError):
    pass


class DeprecationError(NumjitError):
    pass


class ForceLiteralArg(NumjitError):
    """numba asks for a literal re-typing with it; numjit never raises it (see misc.literally)."""
