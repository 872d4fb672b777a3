"""get_num_threads(), set_num_threads(n) and get_thread_id() inside compiled code: a load or a
store of the pool's thread count (the `numjit_num_threads` cell of numjit/runtime/threadpool.py),
and the pool's `numjit_thread_id` (1 + k in helper k, 0 in every other thread).

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

I32 = ir.IntType(32)


@intrinsic(threads.get_num_threads)
def get_num_threads():
    def codegen(low, sig, args):
        cell = low.ctx.global_var(threadpool.THREADS_SYMBOL, I32)
        return low.builder.sext(low.builder.load_atomic(cell, "monotonic", 4, typ=I32), int64.llvm())
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
        cell = low.ctx.global_var(threadpool.THREADS_SYMBOL, I32)
        b.store_atomic(b.trunc(value, I32), cell, "monotonic", 4)
        return ir.Constant(none.llvm(), 0)
    return Signature(none, (int64,)), codegen



@intrinsic(threads.get_thread_id)
def get_thread_id():
    def codegen(low, sig, args):
        return low.builder.call(low.ctx.declare(threadpool.THREAD_ID_SYMBOL, int64.llvm(), []), [])
    return Signature(int64, ()), codegen
