#!/bin/bash
# The figures of docs/figures/knowledge-at-scale.md: ML100K-TIME, collaborative clusters of users and items, their
# fact texts as cluster knowledge, residual codes of the item vectors, and KAR arms (DeepFM, DIN, 5 seeds) sharing
# one run journal so the no-knowledge baseline trains once. Usage: docs/scripts/knowledge-at-scale.sh OUT_DIR
set -euo pipefail
out=${1:?usage: knowledge-at-scale.sh OUT_DIR}
data=${DATA:-../shared/data/ml-100k}
rl=${RL:-./recllm}
mkdir -p "$out"
$rl data prepare --dataset ml-100k --data "$data" --protocol time --out "$out/time"
$rl knowledge fallback --store "$out/k.db" --data "$data" --all          # TIME: no imported knowledge (BENCHMARK.md)
$rl knowledge cluster --store "$out/k.db" --samples "$out/time" --entities users --k 32 --batch 0
$rl knowledge cluster --store "$out/k.db" --samples "$out/time" --entities items --k 32 --batch 0
$rl knowledge fallback --store "$out/k.db" --data "$data" --per cluster --protocol time
$rl knowledge encode --store "$out/k.db"
$rl knowledge codes --store "$out/k.db" --entities items --levels 3 --k 16 --report "$out/codes.json"
$rl knowledge prompts --data "$data" --protocol time --per cluster --store "$out/k.db" > "$out/cluster-prompts.txt"
uptime > "$out/uptime-before.txt"
for arm in "item:item" "item-cluster:item,cluster" "item-codes:item,item-codes" "cluster:cluster" \
           "all:item,cluster,item-codes"; do
  $rl experiment kar --samples "$out/time" --knowledge "$out/k.db" --knowledge-types "${arm#*:}" \
      --models deepfm,din --seeds 5 --journal "$out/runs.jsonl" --report "$out/kar-${arm%%:*}.json"
done
uptime > "$out/uptime-after.txt"
