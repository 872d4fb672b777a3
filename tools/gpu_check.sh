#!/usr/bin/env bash
# Run on a GPU machine from the repository root: the gpu-marked tests and the CUDA benchmarks.
# Logs go to $OUT (default ./gpu_results): gpu_tests.log, gpu_bench.txt, gpu_env.txt.
set -u
export PYTHONPATH=$PWD
OUT=${OUT:-$PWD/gpu_results}
mkdir -p "$OUT"
PY=${PYTHON:-python3}
{
  date -u; nvidia-smi 2>&1 | head -15
  $PY -c "import sys, llvmlite, numpy; print(sys.version); print('llvmlite', llvmlite.__version__, 'numpy', numpy.__version__)"
  $PY -c "import cuda.bindings as b; print('cuda-bindings', getattr(b, '__version__', '?'))" 2>&1
  $PY -c "from numjit import cuda; print('available', cuda.is_available()); cuda.detect()" 2>&1
} > "$OUT/gpu_env.txt" 2>&1
timeout 200 $PY -m pytest -m gpu tests/cuda -q -p no:randomly -p no:cacheprovider -x --timeout=120 -rs \
    > "$OUT/gpu_tests.log" 2>&1
echo "pytest exit: $?" >> "$OUT/gpu_tests.log"
# the rest of the failures too (no -x), briefly
timeout 60 $PY -m pytest -m gpu tests/cuda -q -p no:randomly -p no:cacheprovider --timeout=60 --tb=line \
    > "$OUT/gpu_tests_all.log" 2>&1
timeout 90 $PY -m benchmarks.cuda_bench > "$OUT/gpu_bench.txt" 2>&1
echo "bench exit: $?" >> "$OUT/gpu_bench.txt"
