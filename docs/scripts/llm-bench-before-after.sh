#!/usr/bin/env bash
# Before/after of an engine change, same session: `recllm llm bench` from two builds of the CLI (copies of
# recllm-cli/target), interleaved in pairs over models and thread counts, the load average before each run.
#   docs/scripts/llm-bench-before-after.sh BEFORE_DIR AFTER_DIR MODELS_DIR OUT_DIR PAIRS MODEL…
# MODEL names a file MODELS_DIR/MODEL.gguf. Prefill of 16 tokens runs the kernels that share a row between inputs
# (fewer than 32 inputs), decode the one-input ones. Prints a table of the rounds and medians (tokens/s) at the end.
set -euo pipefail
BEFORE="${1:?usage: llm-bench-before-after.sh BEFORE_DIR AFTER_DIR MODELS_DIR OUT_DIR PAIRS MODEL…}"
AFTER="${2:?after build}"
MODELS="${3:?models folder}"
OUT="${4:?output folder}"
PAIRS="${5:?pairs}"
shift 5
J="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
mkdir -p "$OUT"
for pair in $(seq 1 "$PAIRS"); do
  for model in "$@"; do
    for threads in 1 2; do
      for side in before after; do
        dir="$BEFORE"; [ "$side" = after ] && dir="$AFTER"
        echo "$side $model t$threads pair$pair load $(cut -d' ' -f1-3 /proc/loadavg) $(date -u +%H:%M:%S)" >> "$OUT/load.txt"
        "$J" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx8g -XX:+UseParallelGC \
          -Drecllm.threads="$threads" -jar "$dir/recllm-cli.jar" llm bench --model "$MODELS/$model.gguf" \
          --prefill 16 --decode 128 --out "$OUT/$side-$model-t$threads-$pair.json" > /dev/null 2>&1
      done
    done
  done
done
echo "end load $(cut -d' ' -f1-3 /proc/loadavg) $(date -u +%H:%M:%S)" >> "$OUT/load.txt"
python3 "$(dirname "${BASH_SOURCE[0]}")/llm_bench_ab_table.py" "$OUT" before after
