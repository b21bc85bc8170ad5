#!/usr/bin/env bash
# The JIT directives off and on (-Drecllm.jitDirectives=false|true), the same jar, interleaved; one line per run with
# the load average, the number of garbage collections (-Xlog:gc) and `llm bench`'s table row.
#   ROUNDS=4 THREADS="1 2" MODELS="100m-Q8_0 100m-F32 100m-Q4_K" ab.sh JAR MODELS_DIR OUT.txt
# MODELS_DIR holds NAME.gguf for each model (`recllm llm random-model --preset 100m --type Q8_0 --out …`).
set -euo pipefail
JAR="${1:?usage: ab.sh JAR MODELS_DIR OUT.txt}"
MODELS_DIR="${2:?models folder}"
OUT="${3:?output file}"
ROOT="$(cd "$(dirname "$0")/../../../.." && pwd)"
# shellcheck source=scripts/java-env.sh
source "$ROOT/scripts/java-env.sh"
gc_log=$(mktemp)
for r in $(seq 1 "${ROUNDS:-4}"); do for t in ${THREADS:-1 2}; do for m in ${MODELS:-100m-Q8_0}; do for o in false true; do
  line=$(java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx12g -XX:+UseParallelGC \
    -Xlog:gc:file="$gc_log" -Drecllm.threads="$t" -Drecllm.jitDirectives="$o" -jar "$JAR" llm bench \
    --model "$MODELS_DIR/$m.gguf" --prefill "${PREFILL:-128}" --decode 128 2>&1 | grep -E "^$m" || true)
  echo "$m t$t directives=$o round$r load $(cut -d' ' -f1 /proc/loadavg) GCs $(grep -c Pause "$gc_log") | $line" | tee -a "$OUT"
done; done; done; done
rm -f "$gc_log"
