#!/usr/bin/env bash
# LLM engine speed side by side with llama.cpp (docs/figures/llm-engine.md): the same GGUF files, llama-bench against
# `recllm llm bench`, one after the other in pairs, pairs interleaved over models and thread counts, the load average
# before each run. Builds nothing and fetches nothing: llama.cpp comes built from a local checkout
# (docs/scripts/build_llama_cpp.sh); the random models are written once into MODELS by RecLLM's own writer.
#   docs/scripts/llama-cpp-side-by-side.sh LLAMA_CPP_DIR MODELS_DIR OUT_DIR [PAIRS] [MODEL…]
# MODEL: stories260K, 100m-F32, 100m-Q8_0, 100m-Q4_K, 500m-Q8_0 (default: all). RecLLM runs at its default float32
# activations and, for quantised models, also at llama.cpp's 8-bit ones (-Drecllm.activations=int8).
set -euo pipefail
SRC="${1:?usage: llama-cpp-side-by-side.sh LLAMA_CPP_DIR MODELS_DIR OUT_DIR [PAIRS] [MODEL…]}"
MODELS="${2:?models folder}"
OUT="${3:?output folder}"
PAIRS="${4:-2}"
shift $(( $# < 4 ? $# : 4 ))
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SELECTED=("$@")
[ ${#SELECTED[@]} -gt 0 ] || SELECTED=(stories260K 100m-F32 100m-Q8_0 100m-Q4_K 500m-Q8_0)
mkdir -p "$MODELS" "$OUT"
log="$OUT/load.txt"
# shellcheck source=docs/scripts/timing.sh
source "$ROOT/docs/scripts/timing.sh"
cpu_header
# A source tree without git metadata (an unpacked archive) says so instead of stopping the run.
{ git -C "$SRC" log -1 --format='llama.cpp %h (%cd)' 2>/dev/null || echo "llama.cpp from $SRC (no git metadata)"; } | tee -a "$log"
echo "RecLLM $(git -C "$ROOT" log -1 --format=%h)" | tee -a "$log"

model_file() {
  case "$1" in
    stories260K) echo "$ROOT/../shared/models/stories260K.gguf" ;;
    *) echo "$MODELS/$1.gguf" ;;
  esac
}
for model in "${SELECTED[@]}"; do
  file=$(model_file "$model")
  if [ ! -f "$file" ]; then
    "$ROOT/recllm" llm random-model --preset "${model%%-*}" --type "${model#*-}" --out "$file"
  fi
done
for pair in $(seq 1 "$PAIRS"); do
  for threads in 1 2; do
    for model in "${SELECTED[@]}"; do
      file=$(model_file "$model")
      echo "$model t$threads pair$pair  load $(cut -d' ' -f1-3 /proc/loadavg)  $(date -u +%H:%M:%S)" | tee -a "$log"
      "$SRC/build/bin/llama-bench" -m "$file" -p 512 -n 128 -t "$threads" -r 3 -o json > "$OUT/llama-$model-t$threads-$pair.json" 2> /dev/null
      precisions=(float32)
      [[ "$model" == *Q* ]] && precisions+=(int8)
      for precision in "${precisions[@]}"; do
        RECLLM_JAVA_OPTS="-Drecllm.threads=$threads -Drecllm.activations=$precision" "$ROOT/recllm" llm bench --model "$file" \
          --prefill 512 --decode 128 --out "$OUT/recllm-$precision-$model-t$threads-$pair.json" > /dev/null 2>&1
      done
    done
  done
done
echo "end  load $(cut -d' ' -f1-3 /proc/loadavg)  $(date -u +%H:%M:%S)" | tee -a "$log"
# The table: medians over the pairs (tokens/s), llama.cpp's pp512 and tg128 against RecLLM's prefill and decode.
python3 - "$OUT" "$PAIRS" "${SELECTED[@]}" <<'PY'
import json, statistics, sys, pathlib
out, pairs, models = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
def llama(model, t, test):
    rates = []
    for p in range(1, pairs + 1):
        for row in json.loads((out / f"llama-{model}-t{t}-{p}.json").read_text()):
            if (row["n_prompt"] > 0) == (test == "pp"):
                rates.append(row["avg_ts"])
    return statistics.median(rates)
def recllm(model, t, key, precision):
    files = [out / f"recllm-{precision}-{model}-t{t}-{p}.json" for p in range(1, pairs + 1)]
    return statistics.median(json.loads(f.read_text())[key] for f in files if f.exists()) if any(f.exists() for f in files) else None
print("| model (same GGUF) | threads | llama.cpp pp512 | RecLLM pp512 | ratio | llama.cpp tg128 | RecLLM tg128 | ratio | RecLLM tg128, 8-bit activations | ratio |")
print("|---|---|---|---|---|---|---|---|---|---|")
for model in models:
    for t in (1, 2):
        lp, lt = llama(model, t, "pp"), llama(model, t, "tg")
        rp, rt = recllm(model, t, "prefill_tokens_per_s", "float32"), recllm(model, t, "decode_tokens_per_s", "float32")
        if rp is None or rt is None:
            sys.exit(f"no RecLLM figures for {model} at {t} threads in {out}")
        it = recllm(model, t, "decode_tokens_per_s", "int8")
        int8 = f"{it:,.1f} | {it / lt:.2f}×" if it else "– | –"
        print(f"| {model} | {t} | {lp:,.1f} | {rp:,.1f} | {rp / lp:.2f}× | {lt:,.1f} | {rt:,.1f} | {rt / lt:.2f}× | {int8} |")
PY
