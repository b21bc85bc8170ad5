#!/bin/bash
# Sgemm (recllm-bench's MatmulBenchmark, JMH) against PyTorch's torch.mm (Debian's python3-torch under /usr/bin/python3)
# on the same shapes, at 2 threads and at 1, interleaved, ROUNDS rounds (default 3). With BEFORE_DIR, a checkout of an
# earlier commit, that commit's Sgemm runs in every round too (built here once with its own scripts/bench-kernels).
# PyTorch must use OpenBLAS: Debian's python3-torch alone pulls in the reference BLAS (about 3 GFLOP/s);
# `apt-get install libopenblas0-pthread` switches the libblas.so.3 alternative. The script refuses the reference BLAS.
# SHAPES (comma-separated m×n×k[:transA|:transB]) overrides MatmulBenchmark's shapes on all three sides.
# usage: docs/scripts/sgemm-vs-torch.sh OUT_DIR [BEFORE_DIR]
#        then: python3 docs/scripts/sgemm_table.py OUT_DIR
set -euo pipefail
out=$1
before=${2:-}
rounds=${ROUNDS:-3}
export SHAPES=${SHAPES:-1024x400x400,4096x400x400,1024x400x160,512x512x512,1024x400x400:transA,1024x400x400:transB}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../../scripts/java-env.sh"
mkdir -p "$out"
out=$(cd "$out" && pwd)
source "$here/machine-info.sh"
require_openblas
{
  machine_info
  echo "shapes: $SHAPES"
  [ -n "$before" ] && echo "before: $(cd "$before" && git rev-parse --short HEAD)"
} > "$out/machine.txt"
cat "$out/machine.txt"
(cd "$here/../.." && scripts/bench-kernels -wi 1 -i 1 MatmulBenchmark.matmulKernel -p shape=512x512x512 > /dev/null)
[ -n "$before" ] && (cd "$before" && scripts/bench-kernels -wi 1 -i 1 MatmulBenchmark.matmulKernel -p shape=512x512x512 > /dev/null)
jmh() {   # DIR NAME THREADS ROUND
  (cd "$1" && scripts/bench-kernels --no-build --json "$out/$2-t$3-$4.json" -wi 2 -i 3 -w 1s -r 1s \
      -jvmArgsAppend "-Drecllm.threads=$3" -p shape="$SHAPES" MatmulBenchmark.matmulKernel > "$out/$2-t$3-$4.log")
}
for round in $(seq 1 "$rounds"); do
  for threads in 2 1; do
    echo "round $round, $threads thread(s): $(uptime)" | tee -a "$out/load.txt"
    jmh "$here/../.." recllm "$threads" "$round"
    [ -n "$before" ] && jmh "$before" before "$threads" "$round"
    THREADS=$threads OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads \
        /usr/bin/python3 "$here/sgemm_torch.py" 2 3 > "$out/torch-t$threads-$round.jsonl"
  done
done
echo "done: $(uptime)" | tee -a "$out/load.txt"
