#!/usr/bin/env bash
# Interaction logs and clustering on Spark, on the synthetic 10M-rating log of spark-scaling.sh: the log converted to
# a CSV log (`data convert`) and a Parquet log (`spark convert`); `spark prepare` from the ML-100K format, the CSV log
# and the Parquet log, at local[2] (Parquet also at local[1]), beside `data prepare` from the log and from the ML-100K
# format, all checked equal column for column; then users clustered by `spark cluster` at local[1] and local[2] beside `knowledge cluster
# --method cooccurrence` (mini-batch and Lloyd). One run each, one after another, with the load average before each.
# Usage: docs/scripts/spark-logs-clusters.sh WORK_DIR [RECLLM] [RECLLM_SPARK]. Results: WORK_DIR/logs-clusters.log.
set -euo pipefail
work="$1"
recllm="${2:-./recllm}"
spark="${3:-./recllm spark}"
k="${K:-256}"
log="$work/logs-clusters.log"
source "$(dirname "$0")/timing.sh"
cpu_header
[ -f "$work/log10m/u.data" ] || $recllm data synth-log --users 200000 --items 50000 --ratings 10000000 --seed 1 --out "$work/log10m"

rm -rf "$work/log10m-csv" "$work/log10m-parquet"
timed "data convert (ML-100K format to CSV log)" $recllm data convert --dataset ml-100k --data "$work/log10m" --out "$work/log10m-csv"
timed "spark convert local[2] (ML-100K format to Parquet log)" $spark convert --master 'local[2]' --partitions 8 --dataset ml-100k --data "$work/log10m" --out "$work/log10m-parquet"
du -sh "$work/log10m/u.data" "$work/log10m-csv/interactions.csv" "$work/log10m-parquet/interactions.parquet" | tee -a "$log"

rm -rf "$work"/lg-*
timed "data prepare --dataset log (local CLI, CSV)" $recllm data prepare --dataset log --data "$work/log10m-csv" --protocol time --out "$work/lg-local"
timed "data prepare --dataset ml-100k (local CLI)" $recllm data prepare --dataset ml-100k --data "$work/log10m" --protocol time --out "$work/lg-local-ml"
timed "spark prepare local[2] --dataset ml-100k" $spark prepare --master 'local[2]' --partitions 8 --dataset ml-100k --data "$work/log10m" --protocol time --out "$work/lg-spark2-ml"
timed "spark prepare local[2] --dataset log (CSV)" $spark prepare --master 'local[2]' --partitions 8 --dataset log --data "$work/log10m-csv" --protocol time --out "$work/lg-spark2-csv"
timed "spark prepare local[2] --dataset log (Parquet)" $spark prepare --master 'local[2]' --partitions 8 --dataset log --data "$work/log10m-parquet" --protocol time --out "$work/lg-spark2-parquet"
timed "spark prepare local[1] --dataset log (Parquet)" $spark prepare --master 'local[1]' --partitions 8 --dataset log --data "$work/log10m-parquet" --protocol time --out "$work/lg-spark1-parquet"
same_columns "$work/lg-local" "$work/lg-local-ml" "$work/lg-spark2-ml" "$work/lg-spark2-csv" "$work/lg-spark2-parquet" "$work/lg-spark1-parquet"

rm -f "$work"/clusters-*.db "$work"/clusters-*.json
timed "spark cluster local[2] users k=$k" $spark cluster --master 'local[2]' --partitions 8 --store "$work/clusters-spark2.db" --samples "$work/lg-local" --entities users --k "$k" --report "$work/clusters-spark2.json"
timed "spark cluster local[1] users k=$k" $spark cluster --master 'local[1]' --partitions 8 --store "$work/clusters-spark1.db" --samples "$work/lg-local" --entities users --k "$k" --report "$work/clusters-spark1.json"
timed "knowledge cluster users k=$k (mini-batch 1024)" $recllm knowledge cluster --store "$work/clusters-local-mb.db" --samples "$work/lg-local" --entities users --k "$k" --method cooccurrence --report "$work/clusters-local-mb.json"
timed "knowledge cluster users k=$k (Lloyd)" $recllm knowledge cluster --store "$work/clusters-local-lloyd.db" --samples "$work/lg-local" --entities users --k "$k" --method cooccurrence --batch 0 --report "$work/clusters-local-lloyd.json"
