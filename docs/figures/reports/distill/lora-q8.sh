#!/usr/bin/env bash
# Old (frozen jar of 12:41, base dequantised to F32) against new (stored projections), interleaved, 1 thread.
cd /work/main
log=/tmp/lora-q8.log
for round in 1 2; do
  for side in old new; do
    if [ $side = old ]; then cmd=/tmp/frz/rl; else cmd=./recllm; fi
    before=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -f "wall %e s maxrss %M KiB" env RECLLM_JAVA_OPTS=-Drecllm.threads=1 $cmd llm lora --model /tmp/r100m-q8.gguf --targets q,v --steps 5 --corpus /tmp/lora-corpus.jsonl --rank 8 --batch 4 --out /tmp/q8-$side-$round.gguf --report /tmp/q8-$side-$round.json 2>&1 | grep -v "^train" | tail -2 | tee -a $log
    python3 -c "
import json; r=json.load(open('/tmp/q8-$side-$round.json')); t=r.get('training', r)
print('$side round $round', {k: t.get(k) for k in ['tokens_per_second','peak_heap_bytes','train_tokens']}, [round(l['train_loss'],4) for l in t['losses']][:1], [round(l['train_loss'],4) for l in t['losses']][-1:])" | tee -a $log
    echo "$side round $round load $before -> $(cut -d' ' -f1 /proc/loadavg)" | tee -a $log
  done
done
