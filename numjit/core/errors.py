"""numba's error and warning names, as numjit's classes (aliases where numjit has the class; small
subclasses of numjit's base classes where numba draws a finer line).

    >>> issubclass(NumbaPerformanceWarning, NumjitWarning), NumbaError is NumjitError
    (True, True)
    >>> issubclass(NumbaValueError, TypingError)
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


class NumbaNotImplementedError(TypingError):
    pass


class NumbaValueError(TypingError):
    pass


class NumbaTypeError(TypingError):
    pass


class NumbaAttributeError(TypingError):
    pass


class NumbaIndexError(TypingError):
    pass


class NumbaKeyError(TypingError):
    pass


class NumbaAssertionError(TypingError):
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


from ..typing.literal_dispatch import ForceLiteralArg  # noqa: E402,F401  (numjit's own: literal dispatch)
