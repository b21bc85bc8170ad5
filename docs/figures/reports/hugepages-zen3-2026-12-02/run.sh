#!/usr/bin/env bash
# Decode and prefill with the weights in a mapped file against the weights copied into transparent huge pages: the
# same jar, the same GGUF files, interleaved, 1 and 2 threads, ROUNDS pairs. Usage: run.sh MODEL_DIR OUT MODELS...
# Needs hugepages-not-landed.patch (beside this script) applied to RecLLM 4938d30: -Drecllm.weights.memory exists only there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
models="$1"; out="$2"; shift 2
rounds="${ROUNDS:-2}"
mkdir -p "$out"
source "$root/scripts/java-env.sh"
(source "$root/docs/scripts/machine-info.sh"; machine_info) > "$out/machine.txt" 2>&1 || true
for round in $(seq 1 "$rounds"); do
  for model in "$@"; do
    for threads in 1 2; do
      for memory in mapped huge-pages; do
        echo "round $round $model t$threads $memory: $(uptime)" | tee -a "$out/load.txt"
        RECLLM_JAVA_OPTS="-Drecllm.threads=$threads -Drecllm.weights.memory=$memory" "$root/recllm" llm bench \
            --model "$models/$model.gguf" --prefill 512 --decode 128 --out "$out/$model-t$threads-$memory-$round.json" \
            > "$out/$model-t$threads-$memory-$round.log" 2>&1
      done
    done
  done
done
