"""The `cuda.*` primitives kernels use, as Python objects.

Compiled kernels never call them: the compiler resolves each object to its type rule and
code generation (numjit/cuda/intrinsics.py). Called as Python — inside a kernel that the
simulator runs on threads — they act on the simulated thread that calls them
(numjit/cuda/simulator/); anywhere else they raise.

    >>> threadIdx.x is threadIdx.__class__.x, grid.__name__
    (True, 'grid')
"""
import threading

_tls = threading.local()


def current_thread_state():
    """The simulated CUDA thread running on this Python thread (numjit/cuda/simulator/kernel.py)."""
    state = getattr(_tls, "state", None)
    if state is None:
        raise RuntimeError("CUDA device functions and registers can only be used inside a kernel "
                           "(compiled with numjit.cuda.jit, or run by the simulator)")
    return state


def simulating():
    """Is this Python thread running a simulated CUDA thread?"""
    return getattr(_tls, "state", None) is not None


def simulated():
    """Do kernels run in the simulator (NUMJIT_ENABLE_CUDASIM, or NUMJIT_DISABLE_JIT)?"""
    from .. import config
    return config.SIMULATE or config.DISABLE_JIT


class SpecialRegister:
    """One special register (`threadIdx.x`): the thread's value in the simulator, itself elsewhere."""

    def __init__(self, register, axis):
        self.register, self.axis = register, axis
        self.__name__ = f"{register}.{axis}"

    def __get__(self, obj, cls):
        state = getattr(_tls, "state", None)
        if state is None:
            return self
        return getattr(getattr(state, self.register), self.axis)

    def __repr__(self):
        return f"<cuda register {self.__name__}>"


class Dim3Registers:
    """threadIdx, blockIdx, blockDim, gridDim: `.x`, `.y`, `.z`."""

    def __init__(self, name):
        self.__name__ = name

    def __repr__(self):
        return f"<cuda {self.__name__}>"


def _dim3_class(name):
    return type(f"Dim3_{name}", (Dim3Registers,), {a: SpecialRegister(name, a) for a in "xyz"})


threadIdx = _dim3_class("threadIdx")("threadIdx")
blockIdx = _dim3_class("blockIdx")("blockIdx")
blockDim = _dim3_class("blockDim")("blockDim")
gridDim = _dim3_class("gridDim")("gridDim")
laneid_register = SpecialRegister("self", "laneid")     # cuda.laneid (the module's __getattr__)


def _simulated(name):
    """A primitive whose Python behaviour is the simulator's method `name`."""
    def primitive(*args, **kwargs):
        return getattr(current_thread_state(), name)(*args, **kwargs)
    primitive.__name__ = primitive.__qualname__ = name
    return primitive


class Namespace:
    """cuda.shared, cuda.local, cuda.const, cuda.atomic: a group of primitives."""

    def __init__(self, name, **members):
        self.__name__ = name
        self.__dict__.update(members)

    def __repr__(self):
        return f"<cuda.{self.__name__}>"


grid = _simulated("grid")
gridsize = _simulated("gridsize")
syncthreads = _simulated("syncthreads")
syncthreads_count = _simulated("syncthreads_count")
syncthreads_and = _simulated("syncthreads_and")
syncthreads_or = _simulated("syncthreads_or")
syncwarp = _simulated("syncwarp")
shfl_sync = _simulated("shfl_sync")
shfl_up_sync = _simulated("shfl_up_sync")
shfl_down_sync = _simulated("shfl_down_sync")
shfl_xor_sync = _simulated("shfl_xor_sync")
all_sync = _simulated("all_sync")
any_sync = _simulated("any_sync")
ballot_sync = _simulated("ballot_sync")
threadfence = _simulated("threadfence")
threadfence_block = _simulated("threadfence")
threadfence_system = _simulated("threadfence")
activemask = _simulated("activemask")
lanemask_lt = _simulated("lanemask_lt")
selp = _simulated("selp")
fma = _simulated("fma")
popc = _simulated("popc")
brev = _simulated("brev")
clz = _simulated("clz")
ffs = _simulated("ffs")

shared = Namespace("shared", array=_simulated("shared_array"))
local = Namespace("local", array=_simulated("local_array"))
const = Namespace("const", array_like=_simulated("const_array_like"))
ATOMIC_OPS = ("add", "sub", "max", "min", "exch", "cas", "and_", "or_", "xor", "inc", "dec")
atomic = Namespace("atomic", **{op: _simulated("atomic_" + op.rstrip("_")) for op in ATOMIC_OPS})

WARPSIZE = 32

for _primitive in (grid, gridsize, shared.array, local.array):      # typed from their literal arguments
    _primitive.literal_arguments = True
