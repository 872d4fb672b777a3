"""numba.core.imputils: lowering registration (numjit/lowlevel.py, numjit/lowlevel_lowerings.py;
lower_setattr is named only, numjit/extending.py) and the return helpers of lowering functions:
as in numba, a lower_builtin returns a new reference, so a borrowed one (an argument) gets one.

    >>> impl_ret_new_ref(None, None, None, 42)
    42
"""
from ..extending import lower_setattr, lower_setattr_generic  # noqa: F401
from ..lowlevel import lower_builtin, lower_getattr, lower_getattr_generic  # noqa: F401
from ..lowlevel_lowerings import lower_constant, lower_cast, iternext_impl, RefType  # noqa: F401


def impl_ret_new_ref(ctx, builder, retty, ret):
    return ret


impl_ret_untracked = impl_ret_new_ref


def impl_ret_borrowed(ctx, builder, retty, ret):
    ctx.nrt.incref(builder, retty, ret)
    return ret
