#!/usr/bin/env bash
# Run on a GPU machine from the repository root: the gpu-marked tests (the kernel checks the
# simulator also runs, float16 incl. math results, print, debug=True exceptions with device
# functions' lines, cache=True cubins, memory, ufuncs, native launches of several declared
# signatures and of __cuda_array_interface__ objects — CuPy's where installed), the CUDA benchmarks
# (the native launch path is what launches use from their third call) and the seed's cuda examples.
# Logs go to $OUT (default ./gpu_results): gpu_env.txt, gpu_tests.log, gpu_host_launch.txt,
# gpu_bench.txt (+ gpu_bench.json), gpu_seed.txt. About 3 minutes on an H100, 7.5 at most (the
# timeouts); QUICK=1 runs the benchmarks with fewer repetitions.
set -u
export PYTHONPATH=$PWD${EXTRA_PYTHONPATH:+:$EXTRA_PYTHONPATH}
OUT=${OUT:-$PWD/gpu_results}
mkdir -p "$OUT"
PY=${PYTHON:-python3}
{
  date -u; nvidia-smi 2>&1 | head -15
  $PY -c "import sys, llvmlite, numpy; print(sys.version); print('llvmlite', llvmlite.__version__, 'numpy', numpy.__version__)"
  $PY -c "import cuda.bindings as b; print('cuda-bindings', getattr(b, '__version__', '?'))" 2>&1
  timeout 20 $PY -c "from numjit import cuda; print('available', cuda.is_available()); cuda.detect()" 2>&1
  $PY -c "from numjit.cuda.target import find_libdevice; print('libdevice', find_libdevice())" 2>&1
} > "$OUT/gpu_env.txt" 2>&1
timeout 180 $PY -m pytest -m gpu tests/cuda -q -p no:randomly -p no:cacheprovider --tb=short -rs --durations=5 \
    > "$OUT/gpu_tests.log" 2>&1
echo "pytest exit: $?" >> "$OUT/gpu_tests.log"
timeout 30 $PY -m benchmarks.cuda_bench --host-only > "$OUT/gpu_host_launch.txt" 2>&1
echo "host-only bench exit: $?" >> "$OUT/gpu_host_launch.txt"
timeout 180 $PY -m benchmarks.cuda_bench ${QUICK:+--quick} --json "$OUT/gpu_bench.json" > "$OUT/gpu_bench.txt" 2>&1
echo "bench exit: $?" >> "$OUT/gpu_bench.txt"
timeout 30 $PY examples/seed_tour.py --quick --only cuda > "$OUT/gpu_seed.txt" 2>&1
echo "seed exit: $?" >> "$OUT/gpu_seed.txt"
