#!/bin/bash
# LLM training throughput, interleaved: RecLLM before (BEFORE_JAR, the commit before packed passes), after (this
# checkout's CLI jar) and PyTorch (docs/scripts/torch_llm_train_bench.py, batched), tiny and small, 1 and 2 threads.
# usage: run.sh BEFORE_JAR OUT_DIR   (the corpus is /tmp/torch-cmp.jsonl, as in llm-training.md; BEFORE_JAR "none"
# runs only this checkout and PyTorch)
set -euo pipefail
before_jar=$1
out=$2
sides="before after"; [ "$before_jar" = none ] && sides=after
root=$(cd "$(dirname "$0")/../../../.." && pwd)
source "$root/scripts/java-env.sh"
source "$root/docs/scripts/machine-info.sh"
require_openblas
mkdir -p "$out"
machine_info > "$out/machine.txt"
J="java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx12g -XX:+UseParallelGC"
for round in 1 2; do
  for threads in 1 2; do
    for preset in tiny small; do
      steps=60; length=256; [ $preset = small ] && { steps=15; length=512; }
      for side in $sides; do
        jar=$root/recllm-cli/target/recllm-cli.jar; [ $side = before ] && jar=$before_jar
        echo "round $round t$threads $preset $side: $(cat /proc/loadavg)" | tee -a "$out/load.txt"
        /usr/bin/time -f "max RSS %M KiB" $J -Drecllm.threads=$threads -jar "$jar" llm train --corpus /tmp/torch-cmp.jsonl \
            --preset $preset --steps $steps --batch 4 --valid-fraction 0.01 --eval-every $steps \
            --out /tmp/llm-ab-models/$preset-$side.gguf --report "$out/$preset-$side-t$threads-$round.json" \
            > "$out/$preset-$side-t$threads-$round.log" 2>&1
      done
      echo "round $round t$threads $preset torch: $(cat /proc/loadavg)" | tee -a "$out/load.txt"
      OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=$threads /usr/bin/python3 "$root/docs/scripts/torch_llm_train_bench.py" \
          --preset $preset --threads $threads --steps $steps --batch 4 --length $length \
          > "$out/$preset-torch-t$threads-$round.txt" 2>&1
    done
  done
done
echo "done: $(cat /proc/loadavg)" | tee -a "$out/load.txt"
