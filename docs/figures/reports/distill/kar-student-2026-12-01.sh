#!/bin/bash
# KAR with the 1,000-step window-trained tiny student against the teacher's texts and no knowledge, 5 seeds.
set -euo pipefail
cd /work/main
S=/tmp/kar-student
mkdir -p $S
echo "start $(cat /proc/loadavg)"
./recllm knowledge generate --store $S/student.db --data ../shared/data/ml-100k --protocol ml100k-u1 \
    --scenario movies --entities both --model /tmp/distill2/tiny-1000.gguf --max-tokens 120 --concurrency 8
./recllm knowledge encode --store $S/student.db
./recllm knowledge import --store $S/teacher.db --items ../shared/data/ml-100k-llm/movies_structured_100K.csv \
    --users ../shared/data/ml-100k-llm/users_structured_100k.csv --model-id gpt-4o-mini --time-window u1.base --skip-empty
./recllm knowledge fallback --store $S/teacher.db --data ../shared/data/ml-100k
./recllm knowledge encode --store $S/teacher.db
echo "kar teacher $(cat /proc/loadavg)"
./recllm experiment kar --samples /tmp/u1 --knowledge $S/teacher.db --models deepfm,dcnv2 --seeds 5 \
    --journal $S/runs.jsonl --report $S/kar-teacher.json
echo "kar student $(cat /proc/loadavg)"
./recllm experiment kar --samples /tmp/u1 --knowledge $S/student.db --models deepfm,dcnv2 --seeds 5 \
    --journal $S/runs.jsonl --report $S/kar-student.json
echo "done $(cat /proc/loadavg)"
