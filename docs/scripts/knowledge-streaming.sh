#!/bin/bash
# The streaming figures of docs/figures/knowledge-streaming.md: ML100K-TIME, user fact texts from the fixed training
# window against streamed versions refreshed weekly and daily (the same fact writer, so freshness alone differs), item
# metadata texts beside them, and KAR arms (DeepFM, DIN, 5 seeds) sharing one run journal.
# Usage: docs/scripts/knowledge-streaming.sh OUT_DIR   (then knowledge-at-scale-table.py OUT_DIR user user-stream …)
set -euo pipefail
out=${1:?usage: knowledge-streaming.sh OUT_DIR}
data=${DATA:-../shared/data/ml-100k}
rl=${RL:-./recllm}
mkdir -p "$out"
$rl data prepare --dataset ml-100k --data "$data" --protocol time --out "$out/time"
$rl knowledge fallback --store "$out/k.db" --data "$data" --all
$rl knowledge fallback --store "$out/k.db" --data "$data" --entities users --protocol time
cp "$out/k.db" "$out/k1d.db"
$rl knowledge update --store "$out/k.db" --data "$data" --window 7d --facts
$rl knowledge update --store "$out/k1d.db" --data "$data" --window 1d --facts
$rl knowledge encode --store "$out/k.db"
$rl knowledge encode --store "$out/k1d.db"
uptime > "$out/uptime-before.txt"
for arm in "user:k.db:user" "user-stream:k.db:user-stream" "item-user:k.db:item,user" \
           "item-user-stream:k.db:item,user-stream" "user-stream-1d:k1d.db:user-stream" \
           "item-user-stream-1d:k1d.db:item,user-stream"; do
  IFS=: read -r name store types <<< "$arm"
  $rl experiment kar --samples "$out/time" --knowledge "$out/$store" --knowledge-types "$types" \
      --models deepfm,din --seeds 5 --journal "$out/runs.jsonl" --report "$out/kar-$name.json"
done
uptime > "$out/uptime-after.txt"
