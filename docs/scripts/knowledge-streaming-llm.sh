#!/bin/bash
# The live-LLM figures of docs/figures/knowledge-streaming.md: a knowledge model (the distilled student, $M) writes
# streamed weekly user versions and one answer per cluster into a copy of knowledge-at-scale.sh's store; calls and
# tokens printed by the commands; then per-entity generation for comparison, and three KAR arms with the LLM texts.
# usage: M=student.gguf docs/scripts/knowledge-streaming-llm.sh AT_SCALE_DIR OUT_DIR   (AT_SCALE_DIR: knowledge-at-scale.sh's)
set -euo pipefail
src=${1:?usage: knowledge-streaming-llm.sh AT_SCALE_DIR OUT_DIR}; out=${2:?}
data=${DATA:-../shared/data/ml-100k}
rl=${RL:-./recllm}
mkdir -p "$out"
cp "$src/k.db" "$out/kllm.db"
cp "$src/k.db" "$out/kent.db"
$rl knowledge update --store "$out/kllm.db" --data "$data" --window 7d --model "$M" --max-tokens 200
$rl knowledge generate --store "$out/kllm.db" --data "$data" --protocol time --per cluster --model "$M" --max-tokens 200
$rl knowledge generate --store "$out/kent.db" --data "$data" --protocol time --per entity --model "$M" --max-tokens 200
$rl knowledge encode --store "$out/kllm.db"
$rl knowledge encode --store "$out/kent.db"
for arm in "item-user-stream-llm:kllm.db:item,user-stream" "item-cluster-llm:kllm.db:item,cluster" \
           "item-user-llm:kent.db:item,user"; do
  IFS=: read -r name store types <<< "$arm"
  $rl experiment kar --samples "$src/time" --knowledge "$out/$store" --knowledge-types "$types" \
      --models deepfm,din --seeds 5 --journal "$src/runs.jsonl" --report "$out/kar-$name.json"
done
