#!/usr/bin/env bash
# LoRA over the random 100M Q8_0 base (tied embedding, 32000 x 768): before (e463862: embedding and head copied to
# float32) against after (both read from the file as stored), interleaved, 1 thread; max RSS from /usr/bin/time.
# BEFORE is a CLI folder (recllm-cli.jar + lib/) built from e463862; AFTER runs ./recllm of the working tree.
BEFORE=${BEFORE:-/tmp/e463862}
cd "$(dirname "$0")/../../../.."
log=docs/figures/reports/lora-frozen-tables/run.log
J="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
for round in 1 2; do
  for side in before after; do
    if [ $side = before ]; then
      cmd=("$J" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx12g -XX:+UseParallelGC -Drecllm.threads=1 -jar "$BEFORE/recllm-cli.jar")
    else
      cmd=(env RECLLM_JAVA_OPTS=-Drecllm.threads=1 ./recllm)
    fi
    echo "$side round $round load $(cut -d' ' -f1-3 /proc/loadavg) $(date -u +%H:%M:%S)" | tee -a $log
    /usr/bin/time -f "wall %e s maxrss %M KiB" "${cmd[@]}" llm lora --model /tmp/sbs-models/100m-Q8_0.gguf --targets q,v \
      --steps 5 --corpus /tmp/lora-corpus.jsonl --rank 8 --batch 4 --out /tmp/lft-$side-$round.gguf \
      --report /tmp/lft-$side-$round.json 2>&1 | grep -v "^train" | tail -1 | tee -a $log
    python3 -c "
import json; r=json.load(open('/tmp/lft-$side-$round.json')); t=r.get('training', r)
print('   tokens/s', round(t['tokens_per_second'],1), 'peak heap MB', round(t['peak_heap_bytes']/1e6), 'loss first/last', [round(l['train_loss'],4) for l in t['losses']][0], [round(l['train_loss'],4) for l in t['losses']][-1])" | tee -a $log
  done
done
