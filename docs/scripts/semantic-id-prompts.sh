#!/bin/bash
# ReLLa tuning at a budget of 1,024 (the setting of docs/figures/rank.md) with items named by title, by semantic ID, or
# both; the semantic IDs are a knowledge store's newest item codes (knowledge codes --entities items).
# usage: M=student.gguf S=time60-samples RET=time60-retrieved CODES=k.db R=OUT_DIR docs/scripts/semantic-id-prompts.sh
set -u
rl=${RL:-./recllm}
mkdir -p "$R"
for names in title semantic-id both; do
  codes=""; [ $names = title ] || codes="--codes $CODES"
  echo "-- $names $(date -u +%H:%M:%S) $(uptime)"
  $rl rank finetune --model $M --chat --samples $S --retrieved $RET --k 10 --budget 1024 --valid 500 --epochs 3 \
      --patience 2 --learning-rate 1e-3 --item-names $names $codes --out $R/lora-$names.gguf --report $R/lora-$names.json \
      | grep -E "best epoch|example"
  $rl rank evaluate --model $M --chat --samples $S --history retrieved --retrieved $RET --k 10 --limit 1000 \
      --lora $R/lora-$names.gguf --item-names $names $codes --report $R/test-$names.json | grep -E "AUC|example"
done
echo "-- done $(date -u +%H:%M:%S) $(uptime)"
