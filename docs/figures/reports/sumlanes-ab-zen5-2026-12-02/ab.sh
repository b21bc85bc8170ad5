#!/usr/bin/env bash
# A/B of VectorMath.sumLanes, loop over a shuffle array (old) against straight-line constant shuffles (new): the same
# MatVecBenchmark from two jars, interleaved rounds, one worker thread, allocation per product recorded (-prof gc).
# Usage: ab.sh OLD_DIR NEW_DIR OUT_DIR ROUNDS   (each DIR holds recllm-bench.jar and lib/)
set -euo pipefail
old=$1 new=$2 out=$3 rounds=$4
mkdir -p "$out"
for round in $(seq 1 "$rounds"); do
  for side in old new; do
    dir=$old; [ "$side" = new ] && dir=$new
    echo "$(date -u +%H:%M:%S) round $round $side load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
    java --add-modules jdk.incubator.vector -cp "$dir/recllm-bench.jar:$dir/lib/*" org.recllm.bench.Benchmarks \
      -wi 2 -i 3 -f 1 -w 1s -r 1s -jvmArgsAppend -Drecllm.threads=1 -prof gc \
      -p type=F32,Q8_0,Q4_K,Q6_K -p shape=768x3072,8192x4096 \
      -rf json -rff "$out/$side-$round.json" 'MatVecBenchmark.matVecKernel' > "$out/$side-$round.log" 2>&1
  done
done
