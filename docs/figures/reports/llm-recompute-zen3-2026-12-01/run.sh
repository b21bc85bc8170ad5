#!/bin/bash
# Activation recomputation, interleaved: `llm train` (tiny, small, medium) and `llm lora` on the random 100M Q8_0
# model, each without and with --recompute-activations, beside PyTorch without and with torch.utils.checkpoint.
# usage: run.sh JAR OUT_DIR [ROUNDS] [presets]   (ROUNDS: 2 by default; "presets": the presets only, no LoRA;
# JAR: a copy of recllm-cli.jar with its lib/ beside it; corpus /tmp/torch-cmp.jsonl as in llm-training.md; the LoRA
# corpus is its first 4 lines, /tmp/lora-long.jsonl; the base /tmp/pf/100m-Q8_0.gguf from
# `recllm llm random-model --preset 100m --type Q8_0`)
set -euo pipefail
jar=$1
out=$2
rounds=${3:-2}
only=${4:-}
root=$(cd "$(dirname "$0")/../../../.." && pwd)
source "$root/scripts/java-env.sh"
source "$root/docs/scripts/machine-info.sh"
require_openblas
mkdir -p "$out" /tmp/llm-recompute-models
machine_info > "$out/machine.txt"
J="java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx16g -XX:+UseParallelGC -Drecllm.threads=2"
for round in $(seq 1 "$rounds"); do
  for preset in tiny small medium; do
    steps=60; length=256; [ $preset = small ] && { steps=15; length=512; }; [ $preset = medium ] && { steps=6; length=512; }
    for side in plain recompute; do
      flag=""; [ $side = recompute ] && flag=--recompute-activations
      echo "round $round $preset $side: $(cat /proc/loadavg)" | tee -a "$out/load.txt"
      /usr/bin/time -f "max RSS %M KiB" $J -jar "$jar" llm train --corpus /tmp/torch-cmp.jsonl --preset $preset \
          --steps $steps --batch 4 --valid-fraction 0.01 --eval-every $steps $flag \
          --out /tmp/llm-recompute-models/$preset-$side.gguf --report "$out/$preset-$side-$round.json" \
          > "$out/$preset-$side-$round.log" 2>&1
      tflag=""; [ $side = recompute ] && tflag=--recompute
      echo "round $round $preset torch $side: $(cat /proc/loadavg)" | tee -a "$out/load.txt"
      OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=2 /usr/bin/python3 "$root/docs/scripts/torch_llm_train_bench.py" \
          --preset $preset --threads 2 --steps $steps --batch 4 --length $length $tflag \
          > "$out/$preset-torch-$side-$round.txt" 2>&1
    done
  done
  [ "$only" = presets ] && continue
  for side in plain recompute; do
    flag=""; [ $side = recompute ] && flag=--recompute-activations
    echo "round $round lora-100m $side: $(cat /proc/loadavg)" | tee -a "$out/load.txt"
    /usr/bin/time -f "max RSS %M KiB" $J -jar "$jar" llm lora --model /tmp/pf/100m-Q8_0.gguf --corpus /tmp/lora-long.jsonl \
        --valid-fraction 0 --targets q,v --rank 8 --steps 2 --batch 1 $flag \
        --out /tmp/llm-recompute-models/lora-$side.gguf --report "$out/lora-100m-$side-$round.json" \
        > "$out/lora-100m-$side-$round.log" 2>&1
  done
done
echo "done: $(cat /proc/loadavg)" | tee -a "$out/load.txt"
