#!/usr/bin/env bash
# Before (ba8295d) / after (3831ad1) of the Q4_K/Q6_K float kernels (Q4_0 back to its old decode in 3831ad1), interleaved pairs over types and threads.
# /tmp/kq/before and /tmp/kq/after are copies of recllm-cli/target built at ba8295d and 3831ad1.
# Q8_0 (kernel unchanged) is the control row. Prefill 16 runs the four-input kernels (dotFour), decode the one-input dot.
J="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
OUT=${1:-/tmp/kq/out}; mkdir -p $OUT
for pair in 1 2; do
  for type in Q4_K Q6_K Q4_0 Q8_0; do
    for threads in 1 2; do
      for side in before after; do
        echo "$side $type t$threads pair$pair load $(cut -d' ' -f1-3 /proc/loadavg) $(date -u +%H:%M:%S)" >> $OUT/load.txt
        $J --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx8g -XX:+UseParallelGC -Drecllm.threads=$threads \
          -jar /tmp/kq/$side/recllm-cli.jar llm bench --model /tmp/sbs-models/100m-$type.gguf --prefill 16 --decode 128 \
          --out $OUT/$side-$type-t$threads-$pair.json > /dev/null 2>&1
      done
    done
  done
done
echo "end load $(cut -d' ' -f1-3 /proc/loadavg) $(date -u +%H:%M:%S)" >> $OUT/load.txt
