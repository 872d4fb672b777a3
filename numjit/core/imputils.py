"""numba.core.imputils: lowering registration (numjit/lowlevel.py; lower_cast and lower_setattr
are named only, numjit/extending.py) and the return helpers of lowering functions:
as in numba, a lower_builtin returns a new reference, so a borrowed one (an argument) gets one.

    >>> from numjit import types
    >>> impl_ret_borrowed(None, None, types.float64, 42)         # nothing to count on a number
    42
"""
from ..extending import lower_cast, lower_setattr, lower_setattr_generic  # noqa: F401
from ..lowlevel import lower_builtin, lower_getattr, lower_getattr_generic  # noqa: F401


def impl_ret_new_ref(ctx, builder, retty, ret):
    return ret


impl_ret_untracked = impl_ret_new_ref


def impl_ret_borrowed(ctx, builder, retty, ret):
    from ..lowering.refcount import incref, needs_refcount
    if needs_refcount(retty):
        incref(ctx._ctx, builder, ret, retty)
    return ret
