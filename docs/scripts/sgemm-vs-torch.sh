#!/bin/bash
# Sgemm (recllm-bench's MatmulBenchmark, JMH) against PyTorch's torch.mm (Debian's python3-torch under /usr/bin/python3)
# on the same shapes, at 2 threads and at 1, interleaved, two rounds.
# usage: docs/scripts/sgemm-vs-torch.sh OUT_DIR
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$here/../.."
scripts/bench-kernels -wi 1 -i 1 MatmulBenchmark.matmulKernel -p shape=512x512x512 > /dev/null   # builds once
for round in 1 2; do
  for threads in 2 1; do
    echo "round $round, $threads thread(s): $(uptime)"
    scripts/bench-kernels --no-build --json "$out/recllm-t$threads-$round.json" -wi 2 -i 3 -w 1s -r 1s \
        -jvmArgsAppend "-Drecllm.threads=$threads" MatmulBenchmark.matmulKernel > "$out/recllm-t$threads-$round.log"
    THREADS=$threads OMP_NUM_THREADS=$threads /usr/bin/python3 "$here/sgemm_torch.py" 2 3 > "$out/torch-t$threads-$round.jsonl"
  done
done
echo "done: $(uptime)"
