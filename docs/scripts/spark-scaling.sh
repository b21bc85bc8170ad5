#!/usr/bin/env bash
# Scaling of `spark prepare` and `spark score` from 1 to 2 cores (local[1], local[2]) on a synthetic 10M-rating log,
# beside the same work through the local CLI (`data prepare`, `score --threads N`), one after another on an idle
# machine, with the load average before each run. Usage: docs/scripts/spark-scaling.sh WORK_DIR [RECLLM] [RECLLM_SPARK]
# (RECLLM defaults to ./recllm, RECLLM_SPARK to "./recllm spark"; frozen copies of the jars keep a rebuild out of the
# timings). Results: WORK_DIR/scaling.log.
set -euo pipefail
work="$1"
recllm="${2:-./recllm}"
spark="${3:-./recllm spark}"
mkdir -p "$work"
log="$work/scaling.log"
run() {
  local name="$1"
  shift
  echo "== $name | load $(cut -d' ' -f1-3 /proc/loadavg) | $(date -u +%H:%M:%S)" | tee -a "$log"
  local start end
  start=$(date +%s.%N)
  "$@" 2>&1 | grep -v WARN | tail -3 | tee -a "$log"
  end=$(date +%s.%N)
  echo "   wall $(echo "$end - $start" | bc) s" | tee -a "$log"
}
grep -m1 'model name' /proc/cpuinfo | tee -a "$log"
grep -m1 -o 'avx512f' /proc/cpuinfo | head -1 | sed 's/^/vector extensions: avx2 /' | tee -a "$log" || echo "vector extensions: avx2" | tee -a "$log"
[ -f "$work/log10m/u.data" ] || $recllm data synth-log --users 200000 --items 50000 --ratings 10000000 --seed 1 --out "$work/log10m"

rm -rf "$work/st-spark2" "$work/st-spark1" "$work/st-local"
run "spark prepare local[2]" $spark prepare --master 'local[2]' --partitions 8 --data "$work/log10m" --protocol time --out "$work/st-spark2"
run "spark prepare local[1]" $spark prepare --master 'local[1]' --partitions 8 --data "$work/log10m" --protocol time --out "$work/st-spark1"
run "data prepare (local CLI)" $recllm data prepare --dataset ml-100k --data "$work/log10m" --protocol time --out "$work/st-local"
# The three stores must hold the same columns byte for byte (SHA-256 of every column in each manifest).
python3 - "$work" <<'PY' | tee -a "$log"
import json, sys, pathlib
work = pathlib.Path(sys.argv[1])
def columns(store):
    gen = (work / store / "CURRENT").read_text().strip()
    manifest = json.loads((work / store / gen / "manifest.json").read_text())
    return {(s, c): e["sha256"] for s, split in manifest["splits"].items() for c, e in split["columns"].items()}
local = columns("st-local")
for store in ("st-spark1", "st-spark2"):
    print(f"   {store}: {'identical to' if columns(store) == local else 'DIFFERENT from'} st-local ({len(local)} columns)")
PY

[ -d "$work/bundle" ] || $recllm train --samples "$work/st-local" --model deepfm --epochs 1 --train-budget 500000 \
  --save "$work/bundle" --report "$work/bundle-train.json" > /dev/null
[ -f "$work/candidates.csv" ] || { echo "user_id,item_id"; cut -f1,2 "$work/log10m/u.data" | tr '\t' ','; } > "$work/candidates.csv"
rm -rf "$work"/scored-*
run "spark score local[2]" $spark score --master 'local[2]' --partitions 8 --bundle "$work/bundle" --candidates "$work/candidates.csv" --out "$work/scored-spark2.parquet"
run "spark score local[1]" $spark score --master 'local[1]' --partitions 8 --bundle "$work/bundle" --candidates "$work/candidates.csv" --out "$work/scored-spark1.parquet"
run "score --threads 2 (local CLI)" $recllm score --bundle "$work/bundle" --candidates "$work/candidates.csv" --out "$work/scored-local2.csv" --threads 2
run "score --threads 1 (local CLI)" $recllm score --bundle "$work/bundle" --candidates "$work/candidates.csv" --out "$work/scored-local1.csv" --threads 1
