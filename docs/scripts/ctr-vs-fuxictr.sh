#!/bin/bash
# CTR training side by side: `recllm bench ctr` against FuxiCTR's training step (docs/scripts/fuxictr_bench.py) on
# the same samples (`recllm data export` of each store), the same models and settings, the same threads, ROUNDS
# rounds (default 3) whose order alternates (RecLLM first, then FuxiCTR first), the load average before every run.
# FuxiCTR runs from a local source tree (a checkout of github.com/reczoo/FuxiCTR: it holds fuxictr/ and model_zoo/)
# under Debian's python3-torch (/usr/bin/python3, OpenBLAS); nothing is fetched at run time.
# usage: docs/scripts/ctr-vs-fuxictr.sh OUT_DIR FUXICTR_SRC STORE:MODELS:BATCHES [STORE:MODELS:BATCHES …]
#        e.g. … /tmp/u1:deepfm,dcnv2,din,autoint:1024 /tmp/synth1m-h:deepfm,dcnv2:4096
#        env: ROUNDS (3), MEASURED_SECONDS (8: training seconds per case, as bench ctr --seconds), THREADS (2)
#        then: python3 docs/scripts/ctr_vs_fuxictr_table.py OUT_DIR
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,10p' "$0" >&2
  exit 2
fi
out=$1
fuxictr=$(cd "$2" && pwd)
shift 2
rounds=${ROUNDS:-3}
seconds=${MEASURED_SECONDS:-8}
threads=${THREADS:-2}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$root/scripts/java-env.sh"
source "$here/machine-info.sh"
require_openblas
[ -d "$fuxictr/fuxictr" ] && [ -d "$fuxictr/model_zoo" ] \
  || { echo "error: $fuxictr is not a FuxiCTR source tree (expected fuxictr/ and model_zoo/ in it)" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
{
  machine_info
  if [ "$(git -C "$fuxictr" rev-parse --show-toplevel 2>/dev/null)" = "$fuxictr" ]; then
    echo "fuxictr: $(git -C "$fuxictr" rev-parse --short HEAD)"
  else
    echo "fuxictr: $(sed -n 's/.*"\(.*\)".*/\1/p' "$fuxictr/fuxictr/version.py") (not a git checkout)"
  fi
  echo "threads: $threads, measured seconds per case: $seconds, rounds: $rounds"
} > "$out/machine.txt"
cat "$out/machine.txt"

# Every store exported once to CSV (FuxiCTR's input), named by its folder's name; the driver encodes it once into
# EXPORT/fuxictr-cache.
names=$(for spec in "$@"; do basename "${spec%%:*}"; done)
if [ "$(sort <<< "$names" | uniq -d)" != "" ]; then
  echo "error: two stores share a folder name ($(sort <<< "$names" | uniq -d | tr '\n' ' ')); their exports would collide" >&2
  exit 2
fi
for spec in "$@"; do
  IFS=: read -r store models batches <<< "$spec"
  export_dir="$out/export-$(basename "$store")"
  [ -f "$export_dir/train.csv" ] || "$root/recllm" data export --samples "$store" --out "$export_dir" >&2
done

recllm_case() {   # STORE MODEL BATCH ROUND
  RECLLM_JAVA_OPTS="-Drecllm.threads=$threads" "$root/recllm" bench ctr --samples "$1" --model "$2" --batch "$3" \
      --seconds "$seconds" --out "$out/recllm-$(basename "$1")-$2-$3-$4.json" > /dev/null
}
fuxictr_case() {  # STORE MODEL BATCH ROUND
  OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads /usr/bin/python3 "$here/fuxictr_bench.py" \
      --fuxictr "$fuxictr" --export "$out/export-$(basename "$1")" --model "$2" --batch "$3" --seconds "$seconds" \
      --threads "$threads" --out "$out/fuxictr-$(basename "$1")-$2-$3-$4.json" > /dev/null
}
for round in $(seq 1 "$rounds"); do
  for spec in "$@"; do
    IFS=: read -r store models batches <<< "$spec"
    for model in ${models//,/ }; do
      for batch in ${batches//,/ }; do
        if [ $((round % 2)) -eq 1 ]; then order="recllm fuxictr"; else order="fuxictr recllm"; fi
        for side in $order; do
          echo "round $round $(basename "$store") $model $batch $side: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
          "${side}_case" "$store" "$model" "$batch" "$round"
        done
      done
    done
  done
done
echo "done: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
