#!/bin/bash
# The loss's logits by chunks (ProjectedCrossEntropy), before and after, interleaved: `llm lora` on the random 100M
# Q8_0 model (32,000-token vocabulary, 2,048-token windows) without and with --recompute-activations, on plain text
# and on the same text as prompt–answer pairs (the last fifth of each text is the answer), and `llm train --preset
# small` without and with recomputation.
# usage: run.sh BEFORE_JAR AFTER_JAR OUT_DIR [ROUNDS] [CORPORA]   (ROUNDS 2 and CORPORA "long qa" by default; each
# jar a copy of recllm-cli.jar with its lib/ beside it; corpora /tmp/torch-cmp.jsonl and /tmp/lora-long.jsonl as in
# llm-training.md, /tmp/lora-qa.jsonl made from the latter by make_qa.py; the base /tmp/pf/100m-Q8_0.gguf from
# `recllm llm random-model --preset 100m --type Q8_0`)
set -euo pipefail
before=$1
after=$2
out=$3
rounds=${4:-2}
corpora=${5:-long qa}
root=$(cd "$(dirname "$0")/../../../.." && pwd)
source "$root/scripts/java-env.sh"
source "$root/docs/scripts/machine-info.sh"
mkdir -p "$out" /tmp/logit-chunk-models
machine_info > "$out/machine.txt"
J="java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx16g -XX:+UseParallelGC -Drecllm.threads=2"
run() {  # name jar args…
  local name=$1 jar=$2
  shift 2
  echo "$name: $(cat /proc/loadavg) $(date -u +%H:%M:%S)" | tee -a "$out/load.txt"
  /usr/bin/time -f "max RSS %M KiB" $J -jar "$jar" "$@" --report "$out/$name.json" > "$out/$name.log" 2>&1
}
for round in $(seq 1 "$rounds"); do
  for side in plain recompute; do
    flag=""; [ $side = recompute ] && flag=--recompute-activations
    for corpus in $corpora; do
      for version in before after; do
        jar=$before; [ $version = after ] && jar=$after
        run "lora-$corpus-$side-$version-$round" "$jar" llm lora --model /tmp/pf/100m-Q8_0.gguf \
            --corpus /tmp/lora-$corpus.jsonl --valid-fraction 0 --targets q,v --rank 8 --steps 2 --batch 1 $flag \
            --out /tmp/logit-chunk-models/lora.gguf
      done
    done
    for version in before after; do
      jar=$before; [ $version = after ] && jar=$after
      run "small-$side-$version-$round" "$jar" llm train --corpus /tmp/torch-cmp.jsonl --preset small --steps 15 \
          --batch 4 --valid-fraction 0.01 --eval-every 15 $flag --out /tmp/logit-chunk-models/small.gguf
    done
  done
done
echo "done: $(cat /proc/loadavg) $(date -u +%H:%M:%S)" | tee -a "$out/load.txt"
