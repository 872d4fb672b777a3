"""Type rules and NVPTX code generation of the `cuda.*` primitives (numjit/cuda/stubs.py).

Registered through the import list in numjit/intrinsics/__init__.py; each code generator
refuses to run outside a CUDA module (a CPU function cannot read `threadIdx.x`).

    >>> from numjit.typing.registry import resolve
    >>> from numjit.types import Const, float32, float32 as f4
    >>> from numjit.cuda import stubs
    >>> resolve(stubs.grid, (Const(2),)).signature.return_type
    (int64, int64)
    >>> resolve(stubs.atomic.add, (f4[:], int64, float32)).signature.return_type
    float32
"""
import numpy as np
from llvmlite import ir

from ..errors import TypingError, UnsupportedError
from ..types import Signature, Array, Tuple, Const, Integer, Float, Boolean, Number, Complex
from ..types.scalars import int32, int64, uint32, float16, float64, boolean, none, is_intlike, unify
from ..typing.registry import intrinsic
from ..intrinsics.arrays import element_pointer, _unpack_indices, _int_indices
from ..intrinsics.creation import dtype_from_const, contiguous_array
from . import stubs, fp16

I1, I32, I64, PTR = ir.IntType(1), ir.IntType(32), ir.IntType(64), ir.PointerType()
NULL = ir.Constant(PTR, None)           # the meminfo of arrays in shared or local memory: not owned
FULL_MASK = 0xFFFFFFFF


def gpu_builder(low, what):
    """The builder, after checking that code is being generated for the GPU."""
    if not getattr(low.ctx, "is_cuda", False):
        raise UnsupportedError(f"{what} can only be used in CUDA kernels (numjit.cuda.jit)", low._loc)
    return low.builder


def sreg(low, name):
    return sreg_value(low.ctx, gpu_builder(low, f"cuda {name}"), name)


def sreg_value(ctx, b, name):
    """The special register `name` (tid.x, ctaid.y, laneid, ...) as an i32."""
    return b.call(ctx.declare(f"llvm.nvvm.read.ptx.sreg.{name}", I32, []), [])


# -- special registers: threadIdx.x ..., laneid, grid(n), gridsize(n) ---------------------------
_REGISTERS = {"threadIdx": "tid", "blockIdx": "ctaid", "blockDim": "ntid", "gridDim": "nctaid"}


def _register_typer(register, axis):
    def typer():
        return Signature(int32, ()), lambda low, sig, args: sreg(low, register if axis is None else f"{register}.{axis}")
    return typer


for _dim3 in (stubs.threadIdx, stubs.blockIdx, stubs.blockDim, stubs.gridDim):
    for _axis in "xyz":
        intrinsic(("global", vars(type(_dim3))[_axis]))(_register_typer(_REGISTERS[_dim3.__name__], _axis))
intrinsic(("global", stubs.laneid_register))(_register_typer("laneid", None))


def _literal(ty, what):
    """The value of an argument marked literal (stubs.literal_arguments): a Const from the call's source."""
    if not isinstance(ty, Const):
        raise TypingError(f"{what} must be a constant written in the kernel")
    return ty.value


def _grid_values(low, ndim, kind):
    """The thread's absolute index (kind 'grid') or the grid's size in threads ('gridsize')."""
    b = gpu_builder(low, f"cuda.{kind}()")
    out = []
    for axis in "xyz"[:ndim]:
        if kind == "grid":
            ctaid, ntid, tid = (sreg(low, f"{r}.{axis}") for r in ("ctaid", "ntid", "tid"))
            value = b.add(b.mul(b.zext(ctaid, I64), b.zext(ntid, I64)), b.zext(tid, I64))
        else:
            value = b.mul(b.zext(sreg(low, f"ntid.{axis}"), I64), b.zext(sreg(low, f"nctaid.{axis}"), I64))
        out.append(value)
    if ndim == 1:
        return out[0]
    tup = ir.Constant(Tuple((int64,) * ndim).llvm(), ir.Undefined)
    for i, v in enumerate(out):
        tup = b.insert_value(tup, v, i)
    return tup


def _grid_typer(kind):
    def typer(ndim):
        n = _literal(ndim, f"the argument of cuda.{kind}()")
        if n not in (1, 2, 3) or isinstance(n, bool):
            raise TypingError(f"cuda.{kind}(n) takes n = 1, 2 or 3, not {n!r}")
        ret = int64 if n == 1 else Tuple((int64,) * n)
        return Signature(ret, (ndim,)), lambda low, sig, args: _grid_values(low, n, kind)
    return typer


intrinsic(stubs.grid)(_grid_typer("grid"))
intrinsic(stubs.gridsize)(_grid_typer("gridsize"))


# -- arrays in shared, local and constant memory ----------------------------------------------
def _array_spec(shape, dtype, what):
    """(dims, numjit dtype) of cuda.shared.array / cuda.local.array from their literal arguments."""
    dims = _literal(shape, f"the shape of {what}")
    dims = (dims,) if isinstance(dims, int) else dims
    if not (isinstance(dims, tuple) and dims and all(isinstance(d, int) and d >= 0 for d in dims)):
        raise TypingError(f"the shape of {what} must be a non-negative int or a tuple of them, not {dims!r}")
    try:
        dt = float16 if _is_half(dtype) else dtype_from_const(dtype)
    except TypingError:
        raise TypingError(f"{what} needs a NumPy or numjit dtype, not {dtype}") from None
    return dims, dt


def _is_half(dtype):
    """float16 (numjit's, np.float16 or 'f2'): a dtype of GPU arrays only."""
    value = getattr(dtype, "value", None)
    return value is float16 or value is np.float16 or isinstance(value, (str, np.dtype)) and value == np.float16


_DYNAMIC_SHARED = "numjit_dynamic_shared"


def _shared_codegen(ty, dims):
    def codegen(low, sig, args):
        b = gpu_builder(low, "cuda.shared.array")
        module = low.ctx.module
        nitems = 1
        for d in dims:
            nitems *= d
        if nitems == 0:               # dynamic: the bytes given at launch, all arrays aliased
            gv = module.globals.get(_DYNAMIC_SHARED)
            if gv is None:
                gv = ir.GlobalVariable(module, ir.ArrayType(ir.IntType(8), 0), _DYNAMIC_SHARED, addrspace=3)
                gv.align = 16
            size = b.call(ir.InlineAsm(ir.FunctionType(I32, []), "mov.u32 $0, %dynamic_smem_size;", "=r"), [])
            count = b.udiv(b.zext(size, I64), ir.Constant(I64, ty.dtype.dtype.itemsize))
            return contiguous_array(b, ty, NULL, b.addrspacecast(gv, PTR), [count], count)
        arrty = ir.ArrayType(ty.dtype.llvm_mem(), nitems)
        gv = ir.GlobalVariable(module, arrty, low.ctx.unique("shared"), addrspace=3)
        gv.linkage = "internal"
        gv.initializer = ir.Constant(arrty, ir.Undefined)
        gv.align = 16
        return contiguous_array(b, ty, NULL, b.addrspacecast(gv, PTR), [ir.Constant(I64, d) for d in dims],
                                ir.Constant(I64, nitems))
    return codegen


@intrinsic(stubs.shared.array)
def shared_array(shape, dtype):
    dims, dt = _array_spec(shape, dtype, "cuda.shared.array")
    if 0 in dims and len(dims) != 1:
        raise TypingError("a dynamic shared array (sized at launch) has shape 0")
    ty = Array(dt, len(dims), "C")
    return Signature(ty, (shape, dtype)), _shared_codegen(ty, dims)


@intrinsic(stubs.local.array)
def local_array(shape, dtype):
    dims, dt = _array_spec(shape, dtype, "cuda.local.array")
    ty = Array(dt, len(dims), "C")
    nitems = 1
    for d in dims:
        nitems *= d

    def codegen(low, sig, args):
        b = gpu_builder(low, "cuda.local.array")
        slot = low.ctx.alloca(b, ir.ArrayType(dt.llvm_mem(), nitems))
        return contiguous_array(b, ty, NULL, slot, [ir.Constant(I64, d) for d in dims], ir.Constant(I64, nitems))
    return Signature(ty, (shape, dtype)), codegen


@intrinsic(stubs.const.array_like)
def const_array_like(arr):
    if not isinstance(arr, Array):
        raise TypingError(f"cuda.const.array_like() takes a global NumPy array, not {arr}")
    ty = arr.copy(readonly=True)

    def codegen(low, sig, args):
        gpu_builder(low, "cuda.const.array_like")
        return args[0]
    return Signature(ty, (ty,)), codegen


# -- barriers and warps ---------------------------------------------------------------------------
NOTHING = ir.Constant(ir.IntType(8), 0)        # the value of a call returning None


def _call(low, what, name, ret, argtys, args):
    b = gpu_builder(low, what)
    return b.call(low.ctx.declare(name, ret, argtys), args)


def _void_typer(what, name):
    def typer():
        def codegen(low, sig, args):
            _call(low, what, name, ir.VoidType(), [], [])
            return NOTHING
        return Signature(none, ()), codegen
    return typer


intrinsic(stubs.syncthreads)(_void_typer("cuda.syncthreads()", "llvm.nvvm.barrier0"))
intrinsic(stubs.threadfence)(_void_typer("cuda.threadfence()", "llvm.nvvm.membar.gl"))
intrinsic(stubs.threadfence_block)(_void_typer("cuda.threadfence_block()", "llvm.nvvm.membar.cta"))
intrinsic(stubs.threadfence_system)(_void_typer("cuda.threadfence_system()", "llvm.nvvm.membar.sys"))


@intrinsic(stubs.activemask)
def activemask():
    def codegen(low, sig, args):
        b = gpu_builder(low, "cuda.activemask()")
        return b.call(ir.InlineAsm(ir.FunctionType(I32, []), "activemask.b32 $0;", "=r", side_effect=True), [])
    return Signature(uint32, ()), codegen


@intrinsic(stubs.lanemask_lt)
def lanemask_lt():
    return Signature(uint32, ()), lambda low, sig, args: sreg(low, "lanemask.lt")


@intrinsic(stubs.selp)
def selp(pred, a, b):
    ty = unify(a, b)
    if not isinstance(pred, (Number, Boolean)) or not isinstance(ty, (Number, Boolean)):
        raise TypingError(f"cuda.selp() takes (predicate, a, b) numbers, not ({pred}, {a}, {b})")

    def codegen(low, sig, args):
        b_ = gpu_builder(low, "cuda.selp()")
        return b_.select(low.ctx.truth(b_, args[0], pred), args[1], args[2])
    return Signature(ty, (pred, ty, ty)), codegen


def _sync_predicate(name, llvm_name, result):
    def typer(pred):
        if not isinstance(pred, (Number, Boolean)):
            raise TypingError(f"cuda.{name}() takes a number or bool predicate, not {pred}")

        def codegen(low, sig, args):
            b = gpu_builder(low, f"cuda.{name}()")
            p = b.zext(low.ctx.truth(b, args[0], pred), I32)
            r = _call(low, name, llvm_name, I32, [I32], [p])
            return r if result == int32 else b.icmp_unsigned("!=", r, ir.Constant(I32, 0))
        return Signature(result, (pred,)), codegen
    return typer


intrinsic(stubs.syncthreads_count)(_sync_predicate("syncthreads_count", "llvm.nvvm.barrier0.popc", int32))
intrinsic(stubs.syncthreads_and)(_sync_predicate("syncthreads_and", "llvm.nvvm.barrier0.and", boolean))
intrinsic(stubs.syncthreads_or)(_sync_predicate("syncthreads_or", "llvm.nvvm.barrier0.or", boolean))


def _mask32(low, value, ty):
    return low.ctx.cast(low.builder, value, ty, uint32)


@intrinsic(stubs.syncwarp)
def syncwarp(mask=None):
    if mask is not None and not is_intlike(mask):
        raise TypingError(f"cuda.syncwarp() takes an integer mask, not {mask}")

    def codegen(low, sig, a):
        m = _mask32(low, a[0], mask) if a else ir.Constant(I32, FULL_MASK)
        _call(low, "cuda.syncwarp()", "llvm.nvvm.bar.warp.sync", ir.VoidType(), [I32], [m])
        return NOTHING
    return Signature(none, () if mask is None else (mask,)), codegen


_SHUFFLES = {stubs.shfl_sync: ("idx", 0x1F), stubs.shfl_up_sync: ("up", 0), stubs.shfl_down_sync: ("down", 0x1F),
             stubs.shfl_xor_sync: ("bfly", 0x1F)}


def _shuffle32(low, mode, clamp, mask, value, lane):
    kind = "f32" if isinstance(value.type, ir.FloatType) else "i32"
    return _call(low, "a warp shuffle", f"llvm.nvvm.shfl.sync.{mode}.{kind}", value.type,
                 [I32, value.type, I32, I32], [mask, value, lane, ir.Constant(I32, clamp)])


def _shuffle_typer(mode, clamp):
    def typer(mask, value, lane):
        if not (is_intlike(mask) and is_intlike(lane)) or not (isinstance(value, (Integer, Float))
                                                               and value.bits in (32, 64)):
            raise TypingError(f"warp shuffles take (mask, value, lane) with a 32- or 64-bit int or float "
                              f"value, not ({mask}, {value}, {lane})")

        def codegen(low, sig, args):
            b = gpu_builder(low, "a warp shuffle")
            m, v = _mask32(low, args[0], mask), args[1]
            n = low.ctx.cast(b, args[2], lane, uint32)
            if value.bits == 32:
                return _shuffle32(low, mode, clamp, m, v, n)
            bits = b.bitcast(v, I64) if isinstance(value, Float) else v
            lo = _shuffle32(low, mode, clamp, m, b.trunc(bits, I32), n)
            hi = _shuffle32(low, mode, clamp, m, b.trunc(b.lshr(bits, ir.Constant(I64, 32)), I32), n)
            out = b.or_(b.zext(lo, I64), b.shl(b.zext(hi, I64), ir.Constant(I64, 32)))
            return b.bitcast(out, value.llvm()) if isinstance(value, Float) else out
        return Signature(value, (mask, value, lane)), codegen
    return typer


for _stub, (_mode, _clamp) in _SHUFFLES.items():
    intrinsic(_stub)(_shuffle_typer(_mode, _clamp))


def _vote_typer(name, mode, result):
    def typer(mask, pred):
        if not is_intlike(mask) or not isinstance(pred, (Number, Boolean)):
            raise TypingError(f"cuda.{name}() takes (mask, predicate), not ({mask}, {pred})")

        def codegen(low, sig, args):
            b = gpu_builder(low, f"cuda.{name}()")
            p = low.ctx.truth(b, args[1], pred)
            ret = I32 if result == uint32 else I1
            return _call(low, name, f"llvm.nvvm.vote.{mode}.sync", ret, [I32, I1], [_mask32(low, args[0], mask), p])
        return Signature(result, (mask, pred)), codegen
    return typer


intrinsic(stubs.all_sync)(_vote_typer("all_sync", "all", boolean))
intrinsic(stubs.any_sync)(_vote_typer("any_sync", "any", boolean))
intrinsic(stubs.ballot_sync)(_vote_typer("ballot_sync", "ballot", uint32))


# -- atomics --------------------------------------------------------------------------------------
# op -> (LLVM op for signed ints, for unsigned ints, for floats); None: not defined on that kind
_ATOMIC_OPS = {
    "add": ("add", "add", "fadd"), "sub": ("sub", "sub", "fsub"), "max": ("max", "umax", "fmax"),
    "min": ("min", "umin", "fmin"), "exch": ("xchg", "xchg", "xchg"), "and_": ("and", "and", None),
    "or_": ("or", "or", None), "xor": ("xor", "xor", None), "inc": ("uinc_wrap", "uinc_wrap", None),
    "dec": ("udec_wrap", "udec_wrap", None),
}
ATOMIC_DTYPES = ("int32", "int64", "uint32", "uint64", "float32", "float64")


def _atomic_target(name, arr, index):
    if not isinstance(arr, Array) or str(arr.dtype) not in ATOMIC_DTYPES:
        raise TypingError(f"cuda.atomic.{name}() works on arrays of {', '.join(ATOMIC_DTYPES)}, not {arr}")
    if arr.readonly:
        raise TypingError(f"cuda.atomic.{name}() cannot modify a read-only array")
    idx = _int_indices(index)
    if idx is None or len(idx) != arr.ndim:
        raise TypingError(f"cuda.atomic.{name}() needs {arr.ndim} integer indices for {arr}, not {index}")


def _atomic_pointer(low, name, arr_ty, index_ty, arr, index):
    gpu_builder(low, f"cuda.atomic.{name}()")
    return element_pointer(low, arr, arr_ty, _unpack_indices(low, index, index_ty, arr, arr_ty))


def _atomic_typer(name):
    signed_op, unsigned_op, float_op = _ATOMIC_OPS[name]

    def typer(arr, index, value):
        _atomic_target(name, arr, index)
        dt = arr.dtype
        op = float_op if isinstance(dt, Float) else (signed_op if dt.signed else unsigned_op)
        if op is None:
            raise TypingError(f"cuda.atomic.{name}() is defined on integer arrays only, not {arr}")
        if not isinstance(value, (Number, Boolean)):
            raise TypingError(f"cuda.atomic.{name}() takes a number to combine, not {value}")

        def codegen(low, sig, args):
            ptr = _atomic_pointer(low, name, arr, index, args[0], args[1])
            return low.builder.atomic_rmw(op, ptr, args[2], "monotonic")
        return Signature(dt, (arr, index, dt)), codegen
    return typer


for _op in _ATOMIC_OPS:
    intrinsic(getattr(stubs.atomic, _op))(_atomic_typer(_op))


@intrinsic(stubs.atomic.cas)
def atomic_cas(arr, index, old, value):
    _atomic_target("cas", arr, index)
    dt = arr.dtype

    def codegen(low, sig, args):
        b = low.builder
        ptr = _atomic_pointer(low, "cas", arr, index, args[0], args[1])
        expected, new = args[2], args[3]
        if isinstance(dt, Float):
            ity = ir.IntType(dt.bits)
            expected, new = b.bitcast(expected, ity), b.bitcast(new, ity)
        found = b.extract_value(b.cmpxchg(ptr, expected, new, "monotonic", "monotonic"), 0)
        return b.bitcast(found, dt.llvm()) if isinstance(dt, Float) else found
    return Signature(dt, (arr, index, dt, dt)), codegen


# -- bits and fused multiply-add ------------------------------------------------------------------
def _int_unary(name, emit):
    def typer(x):
        if not isinstance(x, Integer):
            raise TypingError(f"cuda.{name}() takes an integer, not {x}")
        return Signature(x, (x,)), lambda low, sig, args: emit(gpu_builder(low, f"cuda.{name}()"), low, args[0])
    return typer


def _llvm_bits(name, extra=()):
    def emit(b, low, x):
        fn = low.ctx.declare(f"llvm.{name}.i{x.type.width}", x.type, [x.type] + [e.type for e in extra])
        return b.call(fn, [x, *extra])
    return emit


def _ffs(b, low, x):
    zero = ir.Constant(x.type, 0)
    tz = _llvm_bits("cttz", (ir.Constant(I1, 0),))(b, low, x)
    return b.select(b.icmp_unsigned("==", x, zero), zero, b.add(tz, ir.Constant(x.type, 1)))


intrinsic(stubs.popc)(_int_unary("popc", _llvm_bits("ctpop")))
intrinsic(stubs.brev)(_int_unary("brev", _llvm_bits("bitreverse")))
intrinsic(stubs.clz)(_int_unary("clz", _llvm_bits("ctlz", (ir.Constant(I1, 0),))))
intrinsic(stubs.ffs)(_int_unary("ffs", _ffs))


@intrinsic(stubs.fma)
def fma(a, b, c):
    if not all(isinstance(t, (Float, Integer)) for t in (a, b, c)):
        raise TypingError(f"cuda.fma() takes three numbers, not ({a}, {b}, {c})")
    ty = unify(unify(a, b), c)
    ty = ty if isinstance(ty, Float) else float64

    def codegen(low, sig, args):
        gpu_builder(low, "cuda.fma()")
        llty = ty.llvm()
        return low.builder.call(low.ctx.declare(f"llvm.fma.{'f32' if ty.bits == 32 else 'f64'}", llty, [llty] * 3), args)
    return Signature(ty, (ty, ty, ty)), codegen


# -- cuda.fp16: half precision --------------------------------------------------------------------
I16, HALF, FLOAT = ir.IntType(16), ir.HalfType(), ir.FloatType()
# explicit rounding (.rn) keeps LLVM and ptxas from fusing a product into a later sum
_F16_ASM = {"hadd": "add.rn.f16", "hsub": "sub.rn.f16", "hmul": "mul.rn.f16", "hfma": "fma.rn.f16",
            "hneg": "neg.f16", "habs": "abs.f16"}
_F16_COMPARE = {"heq": "==", "hne": "!=", "hgt": ">", "hge": ">=", "hlt": "<", "hle": "<="}   # ordered: NaN → False
_F16_LLVM = {"hmax": "llvm.maxnum", "hmin": "llvm.minnum", "hfloor": "llvm.floor", "hceil": "llvm.ceil",
             "htrunc": "llvm.trunc", "hrint": "llvm.rint"}
_F16_FLOAT32 = {"hsqrt": "llvm.sqrt.f32", "hexp": "__nv_expf", "hexp2": "__nv_exp2f", "hexp10": "__nv_exp10f",
                "hlog": "__nv_logf", "hlog2": "__nv_log2f", "hlog10": "__nv_log10f", "hsin": "__nv_sinf",
                "hcos": "__nv_cosf"}


def _f16_asm(low, instruction, values):
    b = low.builder
    regs = ", ".join(f"${i + 1}" for i in range(len(values)))
    asm = ir.InlineAsm(ir.FunctionType(I16, [I16] * len(values)), f"{instruction} $0, {regs};",
                       "=h" + ",h" * len(values))
    return b.bitcast(b.call(asm, [b.bitcast(v, I16) for v in values]), HALF)


def _fp16_emit(name, low, values):
    b = low.builder
    if name in _F16_ASM:
        return _f16_asm(low, _F16_ASM[name], values)
    if name in _F16_COMPARE:
        return b.fcmp_ordered(_F16_COMPARE[name], values[0], values[1])
    if name in _F16_LLVM:
        return b.call(low.ctx.declare(f"{_F16_LLVM[name]}.f16", HALF, [HALF] * len(values)), values)
    if name == "hdiv":
        return b.fptrunc(b.fdiv(b.fpext(values[0], FLOAT), b.fpext(values[1], FLOAT)), HALF)
    f = b.fpext(values[0], FLOAT)
    if name == "hrcp":
        return b.fptrunc(b.fdiv(ir.Constant(FLOAT, 1.0), f), HALF)
    if name == "hrsqrt":
        root = b.call(low.ctx.declare("llvm.sqrt.f32", FLOAT, [FLOAT]), [f])
        return b.fptrunc(b.fdiv(ir.Constant(FLOAT, 1.0), root), HALF)
    return b.fptrunc(b.call(low.ctx.declare(_F16_FLOAT32[name], FLOAT, [FLOAT]), [f]), HALF)


def _fp16_typer(name):
    def typer(*args):
        if len(args) != fp16.ARITY[name] or not all(isinstance(a, (Number, Boolean)) for a in args):
            raise TypingError(f"cuda.fp16.{name}() takes {fp16.ARITY[name]} numbers, not ({', '.join(map(str, args))})")
        result = boolean if name in _F16_COMPARE else float16

        def codegen(low, sig, values):
            gpu_builder(low, f"cuda.fp16.{name}()")
            halves = [low.ctx.cast(low.builder, v, t, float16) for v, t in zip(values, args)]
            return _fp16_emit(name, low, halves)
        return Signature(result, args), codegen
    return typer


for _name, _fn in fp16.FUNCTIONS.items():
    intrinsic(_fn)(_fp16_typer(_name))


def _half_conversion(*args):
    """np.float16(x) / numjit.float16(x) in a kernel: cvt.rn.f16 from any number."""
    if len(args) != 1 or not isinstance(args[0], (Number, Boolean)) or isinstance(args[0], Complex):
        return None
    src = args[0]

    def codegen(low, sig, values):
        gpu_builder(low, "float16 (half precision)")
        return low.ctx.cast(low.builder, values[0], src, float16)
    return Signature(float16, args), codegen


intrinsic(np.float16)(_half_conversion)
