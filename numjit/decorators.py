"""jit and njit, with numba's signatures: bare, called with options, or with eager signatures.

    >>> from numjit import jit
    >>> @jit("float64(float64)", nopython=True)
    ... def half(x):
    ...     return x / 2
    >>> half(3.0), half.signatures
    (1.5, [(float64,)])
"""
from . import config
from .errors import NumjitError, hide_frames
from .options import normalize_flags
from .types import parse_signature


def jit(signature_or_function=None, locals=None, cache=False, pipeline_class=None, boundscheck=None,
        **options):
    options.update(cache=cache, boundscheck=boundscheck)
    if locals:
        options["locals"] = locals
    if callable(signature_or_function) and not isinstance(signature_or_function, (str, list, tuple)):
        return _wrap(signature_or_function, None, options)
    signatures = signature_or_function
    if signatures is not None and not isinstance(signatures, list):
        signatures = [signatures]
    try:
        signatures = None if signatures is None else [parse_signature(s) for s in signatures]
    except NumjitError as exc:
        raise hide_frames(exc) from None

    def decorate(func):
        try:
            return _wrap(func, signatures, options)
        except NumjitError as exc:            # eager compilation: the user's line, not the compiler's
            raise hide_frames(exc) from None
    return decorate


def njit(*args, **options):
    options["nopython"] = True
    return jit(*args, **options)


def _wrap(func, signatures, options):
    if config.DISABLE_JIT:
        return func
    from .dispatch.dispatcher import Dispatcher, make_dispatcher
    from .dispatch.introspect import TargetOptions
    if isinstance(func, Dispatcher):
        func = func.py_func
    flags = normalize_flags(options)
    if config.BOUNDSCHECK:
        flags["boundscheck"] = True
    dispatcher = make_dispatcher(func, flags, signatures)
    dispatcher.inline = options.get("inline", "never")    # "always": compiled callers ignore `signatures`
    dispatcher.targetoptions = TargetOptions(dispatcher, options)
    return dispatcher


def jit_module(**options):
    """Called at the end of a module: every function defined in that module becomes
    `jit(function, **options)` (numba.jit_module), other objects are left alone."""
    import inspect
    import sys
    caller = sys._getframe(1).f_globals
    name = caller.get("__name__")
    for attr, value in list(caller.items()):
        if inspect.isfunction(value) and value.__module__ == name:
            caller[attr] = jit(value, **options)
