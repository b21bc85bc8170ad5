#!/bin/bash
# The tiny student of llm-training.md (350 steps of 8) written as F32, Q8_0 and Q4_0: held-out perplexity as trained and as written.
set -e
cd "$(dirname "$0")/../../../../.."
source scripts/java-env.sh
mkdir -p /tmp/outtype
for type in F32 Q8_0 Q4_0; do
  echo "$type: $(cat /proc/loadavg)" >> /tmp/outtype/load.txt
  java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx12g -XX:+UseParallelGC -Drecllm.threads=2 \
      -jar "${JAR:-recllm-cli/target/recllm-cli.jar}" llm distill --knowledge-dir ../shared/data/ml-100k-llm --data ../shared/data/ml-100k \
      --preset tiny --steps 350 --batch 8 --eval-every 350 --out-type $type --out /tmp/outtype/tiny-$type.gguf \
      --report /tmp/outtype/tiny-$type.json > /tmp/outtype/tiny-$type.log 2>&1
done
echo "done: $(cat /proc/loadavg)" >> /tmp/outtype/load.txt
