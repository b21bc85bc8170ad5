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
source "$(dirname "$0")/timing.sh"
cpu_header
[ -f "$work/log10m/u.data" ] || $recllm data synth-log --users 200000 --items 50000 --ratings 10000000 --seed 1 --out "$work/log10m"

rm -rf "$work/st-spark2" "$work/st-spark1" "$work/st-local"
timed "spark prepare local[2]" $spark prepare --master 'local[2]' --partitions 8 --data "$work/log10m" --protocol time --out "$work/st-spark2"
timed "spark prepare local[1]" $spark prepare --master 'local[1]' --partitions 8 --data "$work/log10m" --protocol time --out "$work/st-spark1"
timed "data prepare (local CLI)" $recllm data prepare --dataset ml-100k --data "$work/log10m" --protocol time --out "$work/st-local"
# The three stores must hold the same columns byte for byte (SHA-256 of every column in each manifest).
same_columns "$work/st-local" "$work/st-spark1" "$work/st-spark2"

[ -d "$work/bundle" ] || $recllm train --samples "$work/st-local" --model deepfm --epochs 1 --train-budget 500000 \
  --save "$work/bundle" --report "$work/bundle-train.json" > /dev/null
[ -f "$work/candidates.csv" ] || { echo "user_id,item_id"; cut -f1,2 "$work/log10m/u.data" | tr '\t' ','; } > "$work/candidates.csv"
rm -rf "$work"/scored-*
timed "spark score local[2]" $spark score --master 'local[2]' --partitions 8 --bundle "$work/bundle" --candidates "$work/candidates.csv" --out "$work/scored-spark2.parquet"
timed "spark score local[1]" $spark score --master 'local[1]' --partitions 8 --bundle "$work/bundle" --candidates "$work/candidates.csv" --out "$work/scored-spark1.parquet"
timed "score --threads 2 (local CLI)" $recllm score --bundle "$work/bundle" --candidates "$work/candidates.csv" --out "$work/scored-local2.csv" --threads 2
timed "score --threads 1 (local CLI)" $recllm score --bundle "$work/bundle" --candidates "$work/candidates.csv" --out "$work/scored-local1.csv" --threads 1
