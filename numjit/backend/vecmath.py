"""Vectorisable math: let LLVM's loop vectoriser call glibc's libmvec for exp, log, sin, ...

llvmlite cannot set a vector library (research/feasibility.md §7), but LLVM reads
the call-site attribute `vector-function-abi-variant`: a scalar `llvm.exp.f64`
call that carries it may be widened into `_ZGVdN4v_exp` (AVX2) or
`_ZGVeN8v_exp` (AVX-512); float32 exp is inlined instead (expf.py). llvmlite's
builder cannot write that attribute, so `annotate` adds it to the module text just before parsing; `@llvm.compiler.used`
keeps the vector declarations alive until the vectoriser has run.

    >>> text = 'define double @f(double %x) {\\n  %r = call double @"llvm.exp.f64"(double %x)\\n  ret double %r\\n}\\n'
    >>> "vector-function-abi-variant" in annotate(text, isa="d")
    True
"""
import re

import llvmlite.binding as llvm

from . import expf

# scalar LLVM intrinsic or libm name -> libmvec base name (double; the float one adds "f")
FUNCTIONS = {
    "exp": "exp", "log": "log", "sin": "sin", "cos": "cos", "pow": "pow",
    "tan": "tan", "atan": "atan", "asin": "asin", "acos": "acos", "atan2": "atan2",
    "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "expm1": "expm1", "log1p": "log1p",
    "log2": "log2", "log10": "log10", "exp2": "exp2", "cbrt": "cbrt", "erf": "erf", "hypot": "hypot",
}
# ISA letter -> vector register bits (x86-64 vector function ABI)
ISA_BITS = {"b": 128, "c": 256, "d": 256, "e": 512}
_CALL = re.compile(r'(call (?:fast |reassoc |nnan |ninf |nsz |arcp |contract |afn )*(float|double) '
                   r'@"?(llvm\.([a-z0-9]+)\.f(?:32|64)|([a-z0-9]+?)(f?))"?\(([^)]*)\))')

_DECLARE = re.compile(r'declare (?:float|double) @"?([a-z0-9]+)"?\([^)]*\)')

_state = {"checked": False, "isa": None}


def host_isa():
    """'e' (AVX-512), 'd' (AVX2) or None when libmvec is unavailable."""
    if not _state["checked"]:
        _state["checked"] = True
        features = llvm.get_host_cpu_features()
        try:
            llvm.load_library_permanently("libmvec.so.1")      # glibc's; absent on musl, macOS
            found = True
        except RuntimeError:
            found = False
        if found:
            _state["isa"] = "e" if features.get("avx512f") else ("d" if features.get("avx2") else None)
    return _state["isa"]


def _variant(base, is_float, nargs, isa):
    lanes = ISA_BITS[isa] // (32 if is_float else 64)
    name = base + ("f" if is_float else "")
    return f"_ZGV{isa}N{lanes}{'v' * nargs}_{name}", lanes


def annotate(text, isa=None):
    """Add the vector variants of math calls found in `text` (LLVM IR) and return the new text.
    float32 exp is inlined instead (expf.py): faster than libmvec's, and the same in scalar code."""
    text = expf.inline_exp(text)
    isa = isa or host_isa()
    if isa is None or "vector-function-abi-variant" in text:
        return text
    groups, decls, used = {}, [], []

    def replace(match):
        whole, fty, callee, intrinsic_name, libm_name, suffix, args = match.groups()
        is_float = fty == "float"
        base = intrinsic_name if intrinsic_name else libm_name
        if base not in FUNCTIONS or (not intrinsic_name and (suffix == "f") != is_float):
            return whole
        nargs = args.count(",") + 1
        vname, lanes = _variant(FUNCTIONS[base], is_float, nargs, isa)
        scalar = f"{callee}"
        key = (scalar, vname)
        if key not in groups:
            groups[key] = 9000 + len(groups)
            vec = f"<{lanes} x {fty}>"
            decls.append(f"declare {vec} @{vname}({', '.join([vec] * nargs)})")
            used.append(vname)
        return f"{whole} #{groups[key]}"

    new = _CALL.sub(replace, text)
    if not groups:
        return text
    libm = {callee for callee, _ in groups if not callee.startswith("llvm.")}
    if libm:       # libm functions may set errno: declare them pure so calls can be widened
        new = _DECLARE.sub(lambda m: m.group(0) + (" memory(none) nounwind willreturn"
                                                    if m.group(1) in libm else ""), new)
    lines = [new]
    for (scalar, vname), number in groups.items():
        lines.append(f'attributes #{number} = {{ "vector-function-abi-variant"="{_abi_name(vname, scalar)}" }}')
    seen = set()
    for d in decls:
        if d not in seen:
            seen.add(d)
            lines.append(d)
    names = sorted(set(used))
    lines.append(f"@llvm.compiler.used = appending global [{len(names)} x ptr] "
                 f"[{', '.join('ptr @' + n for n in names)}], section \"llvm.metadata\"")
    return "\n".join(lines) + "\n"


def _abi_name(vname, scalar):
    """'_ZGVdN8v_expf(_ZGVdN8v_expf)' with the scalar function's name in the mangled part."""
    prefix = vname[:vname.index("_", 4) + 1]          # _ZGVdN8v_
    return f"{prefix}{scalar}({vname})"
