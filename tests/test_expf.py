"""float32 exp (numjit/backend/expf.py: inline IR on the CPU) against exp computed in double and
rounded: at most 1 ulp off, exact at the special values, the same bits in scalar and vector code."""
import math

import numpy as np
import pytest

from impl import njit


def exp_loop(out, x):
    for i in range(len(x)):
        out[i] = math.exp(x[i])


def exp_scalar(x):
    return math.exp(x)


SPECIAL = [0.0, -0.0, np.inf, -np.inf, np.nan, 1e-30, -1e-30, 1e-7, -1e-7, 88.72283, 88.72284,
           88.7228391, 89.0, 100.0, -87.33654, -87.33655, -100.0, -103.9720, -103.9721, -104.0, -150.0]


def ulps(got, want):
    return np.abs(got.view(np.int32).astype(np.int64) - want.view(np.int32).astype(np.int64))


@pytest.mark.numjit_only
def test_float32_exp_within_one_ulp():
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.uniform(-110, 90, 400_000), rng.uniform(-1, 1, 100_000),
                        rng.uniform(-104, -86, 100_000), SPECIAL]).astype(np.float32)
    out = np.empty_like(x)
    njit(exp_loop)(out, x)
    with np.errstate(over="ignore"):
        want = np.exp(x.astype(np.float64)).astype(np.float32)
    nan = np.isnan(want)
    assert np.isnan(out[nan]).all()
    d = ulps(out[~nan], want[~nan])
    assert d.max() <= 1
    assert (d > 0).mean() < 0.1
    k = len(SPECIAL)
    np.testing.assert_array_equal(out[-k:], want[-k:])            # exact where it matters
    np.testing.assert_array_equal(np.signbit(out[-k:]), np.signbit(want[-k:]))
    scalar = njit(exp_scalar)
    picks = np.concatenate([x[:: 4999], x[-k:]])
    got = np.array([scalar(v) for v in picks], dtype=np.float32)     # float32 in, float32 out
    np.testing.assert_array_equal(got, np.concatenate([out[:: 4999], out[-k:]]))


_EXP_LOOP = """define void @exp_loop(ptr %out, ptr %x, i64 %n) {
entry:
  br label %loop
loop:
  %i = phi i64 [0, %entry], [%i1, %loop]
  %px = getelementptr float, ptr %x, i64 %i
  %v = load float, ptr %px
  %r = call float @"llvm.exp.f32"(float %v)
  %po = getelementptr float, ptr %out, i64 %i
  store float %r, ptr %po
  %i1 = add i64 %i, 1
  %c = icmp ult i64 %i1, %n
  br i1 %c, label %loop, label %done
done:
  ret void
}
declare float @"llvm.exp.f32"(float)
"""


@pytest.mark.numjit_only
@pytest.mark.skipif(not __import__("numjit.backend.expf", fromlist=["x"]).host_scalef(),
                    reason="vscalefps needs AVX-512")
def test_float32_exp_scalef_same_bits():
    """The AVX-512 exp (vscalefps for p * 2^k, lrint for k, nan through the clamps) gives the bits
    of the portable one, in the vectorised loop and its scalar remainder (checked on all 2^32
    inputs once; here every 1021st bit pattern, nan payloads and subnormal results included)."""
    import ctypes

    import llvmlite.binding as llvm

    from numjit.backend import expf
    from numjit.backend.jit import host
    x = np.concatenate([np.arange(0, 2**32, 1021, dtype=np.uint64).astype(np.uint32).view(np.float32),
                        np.array(SPECIAL, np.float32)])[:-3]     # an odd length: the scalar remainder runs
    outs = []
    for scalef in (True, False):
        tm = llvm.Target.from_triple(host().triple).create_target_machine(     # the engine owns it
            cpu=host().cpu, features=host().features, opt=3)
        mod = llvm.parse_assembly(expf.inline_exp(_EXP_LOOP, scalef=scalef))
        pb = llvm.create_pass_builder(tm, llvm.create_pipeline_tuning_options(speed_level=3))
        pb.getModulePassManager().run(mod, pb)
        assert ("vscalefps" in tm.emit_assembly(mod)) == scalef
        engine = llvm.create_mcjit_compiler(mod, tm)
        engine.finalize_object()
        out = np.empty_like(x)
        ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64)(
            engine.get_function_address("exp_loop"))(out.ctypes.data, x.ctypes.data, len(x))
        outs.append(out.view(np.uint32))
    np.testing.assert_array_equal(outs[0], outs[1])
