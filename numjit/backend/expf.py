"""float32 `exp` as inline IR: vectorises with the loop around it, and gives the same bits in scalar
and vector code.

On the CPU a call `llvm.exp.f32(x)` becomes a call of `numjit.expf`, an always-inlined function
defined in the module itself:

    k = roundeven(x * log2(e))            x clamped to [-104, 89]: beyond, the result is 0 or inf
    y = x - k*ln2                         two fma steps (ln2 split in two floats); x - k*ln2_hi is exact
    p = 1 + y + c2 y^2 + ... + c6 y^6     minimax polynomial (POLY), Horner with fma, in float
    exp(x) = p * 2^(k//2) * 2^(k - k//2)  two exact scalings reach the subnormals and inf
    nan in, nan out                       x + x: the same nan, quiet

With AVX-512 (`host_scalef`) the same steps take 13 vector instructions instead of 23: p * 2^k
is one vscalefps (`llvm.ldexp`, rounded once, as the two scalings; it also makes the upper clamp
unneeded), k one vcvtps2dq (`llvm.lrint`), and the clamp lets nan through to come out quiet, as
x + x does, with no test for it. The bits are the same on all 2^32 inputs (checked once; tests/test_expf.py compares both on a
sample).

Measured against exp computed in double and rounded, on every float32 in [-104, 89]: at most
1 ulp, 0.47 % of them 1 ulp off (Taylor's degree 7, used before: 0.46 %). On the test's sample
(tests/test_expf.py) glibc's libmvec, which LLVM widened `llvm.exp.f32` into before, is 3 ulp off
at worst and 47 % of the time, NumPy's float32 exp 2 ulp and 36 %. The special values (0, -0,
inf, -inf, nan, overflow at 88.72284, subnormal results down to -103.97) are exact. LLVM keeps
the code inline, so a loop of exp vectorises to fma's with no call (about twice as fast as
libmvec's call in a loop).

    >>> text = 'define float @f(float %x) {\\n  %r = call float @"llvm.exp.f32"(float %x)\\n  ret float %r\\n}\\n'
    >>> new = inline_exp(text)
    >>> '@"numjit.expf"(float %x)' in new and new.count('define internal float @"numjit.expf"') == 1
    True
"""
import functools
import math
import re
import struct


_CALL = re.compile(r'call (?:(?:fast|reassoc|nnan|ninf|nsz|arcp|contract|afn) )*float @"?llvm\.exp\.f32"?\(')
NAME = "numjit.expf"
# p(y) = 1 + y + c2 y^2 + ... + c6 y^6: the minimax fit of e^y's relative error on |y| <= ln2/2
# (a linear program on 4,000 Chebyshev points, the first two coefficients held at 1), in float32:
# 3.6e-9 relative (Taylor's degree 7: 7.1e-9), one fma fewer than Taylor's at the same accuracy.
POLY = (1.0, 1.0, 0.4999999403953552, 0.1666652113199234, 0.04166838899254799, 0.00836874544620514,
        0.001381453825160861)


def _f32(value):
    """A float32 constant in LLVM's notation (the double with the same value, in hex)."""
    single = struct.unpack("<f", struct.pack("<f", value))[0]
    return "0x%016X" % struct.unpack("<Q", struct.pack("<d", single))[0]


@functools.cache
def host_scalef():
    """Does the target machine numjit compiles for have AVX-512's vscalefps, which `llvm.ldexp`
    becomes (elsewhere ldexp is a slow sequence)?"""
    from .jit import host
    return "+avx512f" in host().features.split(",")


def _definition(scalef):
    ln2_hi = struct.unpack("<f", struct.pack("<f", math.log(2)))[0]
    ln2_lo = math.log(2) - ln2_hi
    head = f'define internal float @"{NAME}"(float %x) alwaysinline nounwind willreturn memory(none) {{'
    if scalef:
        # The clamp is a select that keeps a nan x (the comparison is false); the fma's and
        # vscalefps hand it on and return it quiet, the bits of x + x (checked on every nan), so
        # there is no test for it. k = lrint(z) is one vcvtps2dq; k as a float one vcvtdq2ps.
        # No upper clamp: above 89, k >= 129 makes vscalefps overflow to inf, and where z is too
        # large for an i32 (whatever lrint gives then) y = x - k*ln2 is >= 0 and p >= 1, or y
        # and p are inf: inf either way.
        lines = [head,
                 f'  %below = fcmp olt float %x, {_f32(-104.0)}',
                 f'  %c = select i1 %below, float {_f32(-104.0)}, float %x',
                 f'  %z = fmul float %c, {_f32(1 / math.log(2))}',
                 '  %ki = call i32 @llvm.lrint.i32.f32(float %z)',
                 '  %k = sitofp i32 %ki to float']
        declares = ["declare i32 @llvm.lrint.i32.f32(float)", "declare float @llvm.ldexp.f32.i32(float, i32)"]
    else:
        lines = [head,
                 f'  %lo = call float @llvm.maxnum.f32(float %x, float {_f32(-104.0)})',
                 f'  %c = call float @llvm.minnum.f32(float %lo, float {_f32(89.0)})',
                 f'  %z = fmul float %c, {_f32(1 / math.log(2))}',
                 '  %k = call float @llvm.roundeven.f32(float %z)',
                 '  %ki = fptosi float %k to i32']
        declares = ["declare float @llvm.maxnum.f32(float, float)", "declare float @llvm.minnum.f32(float, float)",
                    "declare float @llvm.roundeven.f32(float)"]
    lines += ['  %nk = fneg float %k',
              f'  %y1 = call float @llvm.fma.f32(float %nk, float {_f32(ln2_hi)}, float %c)',
              f'  %y = call float @llvm.fma.f32(float %nk, float {_f32(ln2_lo)}, float %y1)']
    previous = _f32(POLY[-1])
    for i in range(len(POLY) - 2, -1, -1):
        lines.append(f'  %p{i} = call float @llvm.fma.f32(float {previous}, float %y, float {_f32(POLY[i])})')
        previous = f"%p{i}"
    if scalef:
        lines += ['  %r = call float @llvm.ldexp.f32.i32(float %p0, i32 %ki)',
                  '  ret float %r',
                  '}']
    else:
        lines += ['  %k1 = ashr i32 %ki, 1',
                  '  %k2 = sub i32 %ki, %k1',
                  '  %e1 = add i32 %k1, 127',
                  '  %b1 = shl i32 %e1, 23',
                  '  %s1 = bitcast i32 %b1 to float',
                  '  %e2 = add i32 %k2, 127',
                  '  %b2 = shl i32 %e2, 23',
                  '  %s2 = bitcast i32 %b2 to float',
                  '  %r1 = fmul float %p0, %s1',
                  '  %r = fmul float %r1, %s2',
                  '  %nan = fcmp uno float %x, 0.0',
                  '  %quiet = fadd float %x, %x',
                  '  %out = select i1 %nan, float %quiet, float %r',
                  '  ret float %out',
                  '}']
    return lines, declares + ["declare float @llvm.fma.f32(float, float, float)"]


def inline_exp(text, scalef=None):
    """`text` (LLVM IR of a module) with its float32 exp calls turned into calls of the inline one
    (scaled by vscalefps when `scalef`, by default where the host has it)."""
    if "llvm.exp.f32" not in text:
        return text
    new = _CALL.sub(f'call float @"{NAME}"(', text)
    if new == text:
        return text
    lines, declares = _definition(host_scalef() if scalef is None else scalef)
    present = set(re.findall(r"^declare [^@]*@\"?([\w.]+)\"?\(", new, re.M))
    extra = [d for d in declares if re.search(r"@([\w.]+)\(", d).group(1) not in present]
    return new + "\n" + "\n".join(lines + extra) + "\n"
