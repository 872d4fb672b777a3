"""get_num_threads(), set_num_threads(n), get_thread_id(), get/set_parallel_chunksize(n) inside
compiled code: calls of the pool's per-thread settings (numjit/runtime/threadpool.py) and its
`numjit_thread_id` (1 + k in helper k, 0 in every other thread).

    >>> from numjit import threads
    >>> from numjit.typing.registry import resolve
    >>> resolve(threads.get_num_threads, ()).signature
    int64()
"""
from llvmlite import ir

from .. import threads
from ..runtime import threadpool
from ..types import Signature, Integer, int64, none
from ..typing.registry import intrinsic

I32, I64 = ir.IntType(32), ir.IntType(64)


@intrinsic(threads.get_num_threads)
def get_num_threads():
    def codegen(low, sig, args):
        count = low.builder.call(low.ctx.declare("numjit_get_num_threads", I32, []), [])
        return low.builder.sext(count, int64.llvm())
    return Signature(int64, ()), codegen


@intrinsic(threads.set_num_threads)
def set_num_threads(n):
    if not isinstance(n, Integer):
        return None

    def codegen(low, sig, args):
        b = low.builder
        value = args[0]
        too_small = b.icmp_signed("<", value, ir.Constant(value.type, 1))
        too_big = b.icmp_signed(">", value, ir.Constant(value.type, threadpool.MAX_THREADS))
        low.guard(b.or_(too_small, too_big), ValueError,
                  f"number of threads must be in 1..{threadpool.MAX_THREADS}")
        b.call(low.ctx.declare("numjit_set_num_threads", ir.VoidType(), [I32]), [b.trunc(value, I32)])
        return ir.Constant(none.llvm(), 0)
    return Signature(none, (int64,)), codegen


@intrinsic(threads.get_parallel_chunksize)
def get_parallel_chunksize():
    def codegen(low, sig, args):
        return low.builder.call(low.ctx.declare("numjit_get_chunksize", I64, []), [])
    return Signature(int64, ()), codegen


@intrinsic(threads.set_parallel_chunksize)
def set_parallel_chunksize(n):
    """Returns the previous chunk size, as numba's."""
    if not isinstance(n, Integer):
        return None

    def codegen(low, sig, args):
        b = low.builder
        low.guard(b.icmp_signed("<", args[0], ir.Constant(I64, 0)), ValueError,
                  "chunksize must be greater than or equal to zero")
        previous = b.call(low.ctx.declare("numjit_get_chunksize", I64, []), [])
        b.call(low.ctx.declare("numjit_set_chunksize", ir.VoidType(), [I64]), [args[0]])
        return previous
    return Signature(int64, (int64,)), codegen


@intrinsic(threads.get_thread_id)
def get_thread_id():
    def codegen(low, sig, args):
        return low.builder.call(low.ctx.declare(threadpool.THREAD_ID_SYMBOL, int64.llvm(), []), [])
    return Signature(int64, ()), codegen
