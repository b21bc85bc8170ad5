#!/bin/bash
# Debian's PyTorch (apt-get install python3-torch) runs under /usr/bin/python3.
# LightGCN training steps: RecLLM against PyTorch on the same (user, item) pair file, interleaved, both on every core.
# usage: docs/scripts/lightgcn-vs-torch.sh OUT_DIR [USERS ITEMS PER_USER DIM LAYERS BATCH STEPS]
set -euo pipefail
out=$1; users=${2:-1000000}; items=${3:-100000}; per=${4:-10}; dim=${5:-64}; layers=${6:-3}; batch=${7:-8192}
steps=${8:-5}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$here/../.."
./recllm bench lightgcn --users "$users" --items "$items" --per-user "$per" --write-edges "$out/pairs.i32"
threads=$(nproc)
for round in 1 2 3; do
  echo "round $round: $(uptime)"
  ./recllm bench lightgcn --users "$users" --items "$items" --dim "$dim" --layers "$layers" --batch "$batch" \
      --steps "$steps" --seed "$round" --edges "$out/pairs.i32" --out "$out/recllm-$round.json"
  for format in coo csr; do
    FORMAT=$format THREADS=$threads OMP_NUM_THREADS=$threads /usr/bin/python3 "$here/lightgcn_torch.py" "$out/pairs.i32" \
        "$users" "$items" "$dim" "$layers" "$batch" "$steps" 1 "$round" | tee "$out/torch-$format-$round.json"
  done
done
echo "done: $(uptime)"
