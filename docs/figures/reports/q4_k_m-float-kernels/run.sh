#!/usr/bin/env bash
# Before (ba8295d) / after (71a2fec) on a Q4_K_M file made by llama-quantize from the random 100M F32 model
# (Q4_K and Q6_K matrices in one JVM); /tmp/kq/before and /tmp/kq/after3 are copies of recllm-cli/target.
# Three interleaved pairs per thread count. Prefill 16 runs the four-input kernels, decode the one-input ones.
J="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
OUT=${1:-/tmp/kq/out}; mkdir -p $OUT
for pair in 1 2 3; do
  for type in Q4_K_M; do
    for threads in 1 2; do
      for side in before after3; do
        echo "$side $type t$threads pair$pair load $(cut -d' ' -f1-3 /proc/loadavg) $(date -u +%H:%M:%S)" >> $OUT/load.txt
        $J --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx8g -XX:+UseParallelGC -Drecllm.threads=$threads \
          -jar /tmp/kq/$side/recllm-cli.jar llm bench --model /tmp/sbs-models/100m-$type.gguf --prefill 16 --decode 128 \
          --out $OUT/$side-$type-t$threads-$pair.json > /dev/null 2>&1
      done
    done
  done
done
echo "end load $(cut -d' ' -f1-3 /proc/loadavg) $(date -u +%H:%M:%S)" >> $OUT/load.txt
