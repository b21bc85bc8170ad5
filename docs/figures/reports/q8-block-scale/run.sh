#!/usr/bin/env bash
# Before (d0624ba) / after (e463862) of the Q8_0/Q4_0 float kernels' block scaling, interleaved, 1 thread.
J="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
for pair in 1 2 3; do
  for side in before after; do
    jar=/tmp/before/recllm-cli/target/recllm-cli.jar; [ $side = after ] && jar=/tmp/e463862/recllm-cli.jar
    echo "$side pair$pair load $(cut -d' ' -f1-3 /proc/loadavg) $(date -u +%H:%M:%S)" >> /tmp/ba/load.txt
    $J --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx12g -XX:+UseParallelGC -Drecllm.threads=1 \
      -jar $jar llm bench --model /tmp/sbs-models/100m-Q8_0.gguf --prefill 128 --decode 128 --out /tmp/ba/$side-$pair.json > /dev/null 2>&1
  done
done
echo "end load $(cut -d' ' -f1-3 /proc/loadavg) $(date -u +%H:%M:%S)" >> /tmp/ba/load.txt
