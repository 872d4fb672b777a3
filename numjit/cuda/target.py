"""The NVPTX target: LLVM IR of a kernel module → PTX text, with libdevice linked for math.

NVPTX cannot lower most transcendental intrinsics (`llvm.exp.f64` aborts LLVM), so every
call to one of them, or to the libm function the CPU lowering names, is renamed to its
libdevice twin (`__nv_exp`, `__nv_expf`, ...) before the module is parsed; libdevice is
linked only when such a name appears. Every definition but the kernels becomes internal,
global DCE drops the unused libdevice functions, then the O3 pipeline (O0 with opt=False; the
NVPTX callbacks of both resolve `__nvvm_reflect`) and the PTX printer run. Float multiplies and adds may contract
into fma instructions (nvcc's and numba-cuda's default). float16 math intrinsics PTX has no
instruction for (`llvm.pow.f16`, `llvm.exp.f16`...) become wrappers computing in float32.

    >>> rename_math('declare double @"llvm.exp.f64"(double)\\n%r = call float @tanf(float %x)')
    'declare double @__nv_exp(double)\\n%r = call float @__nv_tanf(float %x)'
    >>> rename_math('call double @"llvm.pow.f64.f64"(double %a, double %b)')
    'call double @__nv_pow(double %a, double %b)'
    >>> contract('%"3" = fmul float %"1", %"2"')
    '%"3" = fmul contract float %"1", %"2"'
    >>> print(widen_half_math('%r = call half @"llvm.exp.f16"(half %x)').splitlines()[0])
    %r = call half @numjit_half_exp(half %x)
"""
import functools
import glob
import os
import re
import sys
import threading

import llvmlite.binding as llvm

from .. import config

TRIPLE = "nvptx64-nvidia-cuda"
DEFAULT_CC = (8, 0)
DRIVER_FUNCTIONS = {"vprintf"}          # external functions the CUDA driver links into every module
_lock = threading.RLock()

# LLVM intrinsics NVPTX cannot lower (or lowers only approximately) → libdevice base name
_INTRINSIC_MATH = {"exp": "exp", "exp2": "exp2", "log": "log", "log2": "log2", "log10": "log10",
                   "sin": "sin", "cos": "cos", "pow": "pow", "round": "round", "roundeven": "rint",
                   "tan": "tan"}
# libm names the CPU lowering declares (double; float adds "f") → libdevice twin
_LIBM = ("tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "expm1",
         "log1p", "erf", "erfc", "tgamma", "lgamma", "cbrt", "atan2", "hypot", "fmod", "nextafter",
         "remainder", "ldexp", "frexp", "exp", "log", "pow", "sin", "cos", "fmin", "fmax", "modf")
_LIBM_NAMES = {n for base in _LIBM for n in (base, base + "f")}
_NAME = re.compile(r'@"?((llvm\.([a-z0-9]+)\.(f32|f64)(?:\.f32|\.f64)*)|([a-z][a-z0-9]*))"?(?=\()')


def rename_math(text):
    """Point every math call and declaration in `text` (LLVM IR) at libdevice."""
    def replace(m):
        if m.group(2):
            base = _INTRINSIC_MATH.get(m.group(3))
            if base is None:
                return m.group(0)
            return f"@__nv_{base}{'f' if m.group(4) == 'f32' else ''}"
        name = m.group(5)
        return f"@__nv_{name}" if name in _LIBM_NAMES else m.group(0)
    return _NAME.sub(replace, text)


_HALF_MATH = re.compile(r'@"?llvm\.([a-z0-9]+)\.f16(?:\.f16)*"?(?=\()')


def widen_half_math(text):
    """float16 math intrinsics NVPTX cannot select (`llvm.pow.f16` aborts LLVM) → internal
    wrappers computing in float32 (then libdevice, as for float32) and rounding to half."""
    used = {}

    def replace(m):
        name = m.group(1)
        if name not in _INTRINSIC_MATH or name == "roundeven":          # roundeven: cvt.rni.f16
            return m.group(0)
        used[name] = 2 if name == "pow" else 1
        return f"@numjit_half_{name}"
    text = _HALF_MATH.sub(replace, text)
    if not used:
        return text
    lines = [line for line in text.splitlines() if not line.startswith("declare half @numjit_half_")]
    for name, arity in used.items():
        callee = f'@"llvm.{name}.f32' + ".f32" * (arity - 1) + '"'
        params = ", ".join(f"half %p{i}" for i in range(arity))
        widened = [f"  %a{i} = fpext half %p{i} to float" for i in range(arity)]
        args = ", ".join(f"float %a{i}" for i in range(arity))
        lines += [f"define internal half @numjit_half_{name}({params}) {{", *widened,
                  f"  %r = call float {callee}({args})", "  %h = fptrunc float %r to half", "  ret half %h", "}"]
        if f"declare float {callee}(" not in text:
            lines.append(f"declare float {callee}({', '.join(['float'] * arity)})")
    return "\n".join(lines) + "\n"


_FLOAT_OP = re.compile(r"= (fmul|fadd|fsub) (?!contract)")


def contract(text):
    """Let LLVM fuse a*b + c into one fma, as nvcc does by default (-fmad=true)."""
    return _FLOAT_OP.sub(r"= \1 contract ", text)


def find_libdevice():
    """Path of libdevice.10.bc: $NUMJIT_CUDA_LIBDEVICE, the NVIDIA pip wheels, $CUDA_HOME, conda,
    /usr/local/cuda, then NVIDIA's cuda-pathfinder when it is installed."""
    explicit = os.environ.get("NUMJIT_CUDA_LIBDEVICE")
    if explicit:
        return explicit if os.path.exists(explicit) else None
    roots = [os.path.join(p, "nvidia") for p in sys.path if p and os.path.isdir(os.path.join(p, "nvidia"))]
    roots += [os.environ.get(v) for v in ("CUDA_HOME", "CUDA_PATH", "CONDA_PREFIX") if os.environ.get(v)]
    roots += ["/usr/local/cuda"] + sorted(glob.glob("/usr/local/cuda-*"), reverse=True)
    for root in roots:
        for pattern in ("nvvm/libdevice/libdevice*.bc", "*/nvvm/libdevice/libdevice*.bc",
                        "*/*/nvvm/libdevice/libdevice*.bc"):
            found = sorted(glob.glob(os.path.join(root, pattern)))
            if found:
                return found[-1]
    try:
        from cuda.pathfinder import find_bitcode_lib
        return find_bitcode_lib("device")
    except Exception:              # not installed, too old, or it found nothing either
        return None


@functools.lru_cache(maxsize=1)
def _libdevice_bitcode():
    path = find_libdevice()
    if path is None:
        from ..errors import NumjitError
        raise NumjitError("libdevice (libdevice.10.bc, needed for math functions in CUDA kernels) was not "
                          "found: pip install 'nvidia-cuda-nvcc' (or numjit[cuda]), install the CUDA "
                          "toolkit, or set NUMJIT_CUDA_LIBDEVICE to the file")
    with open(path, "rb") as f:
        return f.read()


def _init():
    llvm.initialize_all_targets()
    llvm.initialize_all_asmprinters()
    llvm.initialize_native_asmparser()


@functools.lru_cache(maxsize=None)
def target_machine(cc, level=3):
    """The NVPTX target machine for compute capability `cc` ((major, minor)), its code generator at
    optimisation `level` (0 for cuda.jit(opt=False), as numba-cuda's NVVM -opt=0)."""
    _init()
    target = llvm.Target.from_triple(TRIPLE)
    return target.create_target_machine(cpu=f"sm_{cc[0]}{cc[1]}", features="", opt=level)


def data_layout(cc=DEFAULT_CC):
    return str(target_machine(cc).target_data)


def _pass_builder(cc, level=3):
    """A new one per run: a reused builder gathers llvmlite's dangling callbacks (see backend.jit)."""
    pto = llvm.create_pipeline_tuning_options(speed_level=level)
    return llvm.create_pass_builder(target_machine(cc), pto)


def to_ptx(ir_text, kernels, cc=DEFAULT_CC, opt=True):
    """PTX for a module whose entry points are `kernels` (names); the rest is internalised. With
    `opt` false (cuda.jit(opt=False)) the module goes through LLVM's O0 pipeline — no optimisation,
    only what O0 does: NVVM reflection and always-inline — and the PTX printer's O0 code generator."""
    with _lock:
        text = contract(rename_math(widen_half_math(ir_text)))
        _dump("llvm", text)
        mod = llvm.parse_assembly(text)
        mod.triple = TRIPLE
        mod.data_layout = data_layout(cc)
        if "@__nv_" in text or "@\"__nv_" in text:
            lib = llvm.parse_bitcode(_libdevice_bitcode())
            lib.triple, lib.data_layout = TRIPLE, mod.data_layout
            mod.link_in(lib)
        for fn in mod.functions:
            if not fn.is_declaration and fn.name not in kernels:
                fn.linkage = llvm.Linkage.internal
        mod.verify()
        pm = llvm.ModulePassManager()
        pm.add_global_dead_code_eliminate_pass()
        pm.run(mod, _pass_builder(cc, 3 if opt else 0))
        pb = _pass_builder(cc, 3 if opt else 0)
        pb.getModulePassManager().run(mod, pb)
        _dump("optimized", str(mod))
        unresolved = [fn.name for fn in mod.functions if fn.is_declaration and not fn.name.startswith("llvm.")]
        ptx = target_machine(cc, 3 if opt else 0).emit_assembly(mod)
        _dump("asm", ptx)
        return ptx, unresolved


def _dump(stage, text):
    if stage in config.DUMP:
        print(f"--- cuda {stage} ---\n{text}", file=sys.stderr)
