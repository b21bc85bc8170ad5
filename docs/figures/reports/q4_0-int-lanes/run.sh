#!/usr/bin/env bash
# Before (ba8295d) / after (aaf278a) of the Q4_0 one-input float kernel (int-lane nibbles), three interleaved pairs.
# /tmp/kq/before and /tmp/kq/after2 are copies of recllm-cli/target built at ba8295d and aaf278a.
J="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
OUT=${1:-/tmp/kq/out}; mkdir -p $OUT
for pair in 1 2 3; do
  for type in Q4_0; do
    for threads in 1 2; do
      for side in before after2; do
        echo "$side $type t$threads pair$pair load $(cut -d' ' -f1-3 /proc/loadavg) $(date -u +%H:%M:%S)" >> $OUT/load.txt
        $J --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx8g -XX:+UseParallelGC -Drecllm.threads=$threads \
          -jar /tmp/kq/$side/recllm-cli.jar llm bench --model /tmp/sbs-models/100m-$type.gguf --prefill 16 --decode 128 \
          --out $OUT/$side-$type-t$threads-$pair.json > /dev/null 2>&1
      done
    done
  done
done
echo "end load $(cut -d' ' -f1-3 /proc/loadavg) $(date -u +%H:%M:%S)" >> $OUT/load.txt
