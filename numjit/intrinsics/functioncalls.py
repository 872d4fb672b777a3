"""A call of a function passed in as a value (a FunctionType parameter, types/function_type.py):
an indirect call through its address with numjit's own calling convention, the arguments
converted to the parameter types as for a call of an explicit signature (numba's rules), the
result of the declared type; an exception raised inside propagates as from a direct call.

    >>> from numjit.types import FunctionType, float64, int64
    >>> from numjit.typing.registry import resolve
    >>> resolve("call", (FunctionType(float64(float64, float64)), int64, float64)).signature
    float64(FunctionType[float64(float64, float64)], float64, float64)
"""
from llvmlite import ir

from ..dispatch.conversions import conversion
from ..errors import TypingError
from ..types import Signature
from ..types.function_type import FunctionType
from ..typing.registry import intrinsic


@intrinsic("call")
def call_function_value(fn, *args):
    """`f(x, y)` where f is a FunctionType value."""
    if not isinstance(fn, FunctionType):
        return None
    if len(args) != len(fn.args) or any(conversion(a, p) is None for a, p in zip(args, fn.args)):
        raise TypingError(f"{fn} takes ({', '.join(map(str, fn.args))}); it cannot be called with "
                          f"({', '.join(map(str, args))})")

    def codegen(low, sig, values):
        b = low.builder
        address = b.ptrtoint(values[0], ir.IntType(64))      # (a bitcast keeps llvmlite's opaque pointer)
        target = b.inttoptr(address, low.ctx.function_type(fn.signature).as_pointer())
        return low.ctx.call(b, target, values[1:], fn.return_type, low.excinfo, low.propagate)
    codegen.new_ref = True              # an array (or other reference) returned is the caller's
    return Signature(fn.return_type, (fn, *fn.args)), codegen
