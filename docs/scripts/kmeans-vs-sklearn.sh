#!/bin/bash
# Debian's scikit-learn (apt-get install python3-sklearn) runs under /usr/bin/python3.
# Mini-batch k-means: RecLLM against scikit-learn on the same rows, interleaved, both on every core of the machine.
# Each RecLLM run is a fresh JVM: the cold run's time includes the JIT's warm-up, the warm one fits twice untimed first.
# usage: docs/scripts/kmeans-vs-sklearn.sh OUT_DIR [ROWS DIM K BATCH EPOCHS]
set -euo pipefail
out=$1; rows=${2:-1000000}; dim=${3:-64}; k=${4:-256}; batch=${5:-1024}; epochs=${6:-1}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$here/../.."
./recllm bench kmeans --rows "$rows" --dim "$dim" --k "$k" --write-data "$out/rows.f32"
threads=$(nproc)
for round in 1 2 3; do
  echo "round $round: $(uptime)"
  ./recllm bench kmeans --rows "$rows" --dim "$dim" --k "$k" --batch "$batch" --epochs "$epochs" --seed "$round" \
      --data "$out/rows.f32" --out "$out/recllm-$round.json"
  ./recllm bench kmeans --rows "$rows" --dim "$dim" --k "$k" --batch "$batch" --epochs "$epochs" --seed "$round" \
      --warmup 2 --data "$out/rows.f32" --out "$out/recllm-warm-$round.json"
  OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads /usr/bin/python3 "$here/kmeans_sklearn.py" "$out/rows.f32" "$rows" "$dim" \
      "$k" "$batch" "$epochs" "$round" | tee "$out/sklearn-$round.json"
done
echo "done: $(uptime)"
