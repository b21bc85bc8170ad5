#!/bin/bash
source /work/main/scripts/java-env.sh
J="java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx8g"
for round in 1 2; do
  for threads in 2 1; do
    for model in 100m-F32 100m-Q8_0; do
      for side in before after; do
        jar=/work/main/recllm-cli/target/recllm-cli.jar; [ $side = before ] && jar=/tmp/gemm-before/recllm-cli/target/recllm-cli.jar
        echo "round $round t$threads $model $side: $(uptime)"
        $J -Drecllm.threads=$threads -jar $jar llm bench --model /tmp/pf/$model.gguf --prefill 512 --decode 16 > /tmp/pf2/$model-$side-t$threads-$round.log 2>&1
      done
    done
  done
done
echo "done: $(uptime)"
