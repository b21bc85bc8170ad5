#!/usr/bin/env bash
# `bench ctr` with the JIT directives off and on (-Drecllm.jitDirectives=false|true), the same jar, interleaved, at 1
# and 2 threads; the load average before each run, one GC log per run.
#   ctr-ab.sh JAR SAMPLES OUT_DIR       (SAMPLES: `recllm data prepare --protocol ml100k-u1 --out …`)
set -euo pipefail
JAR="${1:?usage: ctr-ab.sh JAR SAMPLES OUT_DIR}"
SAMPLES="${2:?samples store}"
OUT="${3:?output folder}"
ROOT="$(cd "$(dirname "$0")/../../../../.." && pwd)"
# shellcheck source=scripts/java-env.sh
source "$ROOT/scripts/java-env.sh"
mkdir -p "$OUT"
for r in 1 2; do for t in 1 2; do for o in false true; do
  echo "round$r t$t directives=$o load $(cut -d' ' -f1-3 /proc/loadavg) $(date -u +%H:%M:%S)" | tee -a "$OUT/load.txt"
  java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx12g -XX:+UseParallelGC \
    -Xlog:gc:file="$OUT/gc-$r-$t-$o.log" -Drecllm.threads="$t" -Drecllm.jitDirectives="$o" -jar "$JAR" bench ctr \
    --samples "$SAMPLES" --model deepfm,dcnv2,din,autoint --batch 1024 --seconds 6 \
    --out "$OUT/ctr-$r-t$t-$o.json" > "$OUT/ctr-$r-t$t-$o.txt" 2>&1
done; done; done
echo "end load $(cut -d' ' -f1-3 /proc/loadavg) $(date -u +%H:%M:%S)" | tee -a "$OUT/load.txt"
