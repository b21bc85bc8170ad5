#!/bin/bash
source /work/main/scripts/java-env.sh
J="java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx8g -XX:+UseParallelGC"
cd /work/main
for round in 1 2; do
  for threads in 1 2; do
    for preset in tiny small; do
      steps=60; length=256; [ $preset = small ] && { steps=15; length=512; }
      for side in before after; do
        jar=/work/main/recllm-cli/target/recllm-cli.jar; [ $side = before ] && jar=/tmp/gemm-before/recllm-cli/target/recllm-cli.jar
        echo "round $round t$threads $preset $side: $(uptime)"
        $J -Drecllm.threads=$threads -jar $jar llm train --corpus /tmp/torch-cmp.jsonl --preset $preset --steps $steps --batch 4 \
            --valid-fraction 0.01 --eval-every $steps --out /tmp/llm-ab/$preset-$side.gguf --report /tmp/llm-ab/$preset-$side-t$threads-$round.json > /tmp/llm-ab/$preset-$side-t$threads-$round.log 2>&1
      done
      echo "round $round t$threads $preset torch: $(uptime)"
      OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=$threads /usr/bin/python3 docs/scripts/torch_llm_train_bench.py --preset $preset --threads $threads --steps $steps --batch 4 --length $length > /tmp/llm-ab/$preset-torch-t$threads-$round.txt 2>&1
    done
  done
done
echo "done: $(uptime)"
