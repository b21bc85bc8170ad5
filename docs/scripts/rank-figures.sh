#!/bin/bash
# The figures of docs/figures/rank.md (ReLLa's sample efficiency beside DIN, RecLoRA against one LoRA, U1 zero-shot K
# sweep, 100M training time), from the repository root. Needs the distilled student (docs/figures/llm-training.md) at
# $M and the project's random 100M model (recllm llm random-model) at $B.
# usage: M=student.gguf B=100m-F32.gguf R=/tmp/rank/r docs/scripts/rank-figures.sh
set -u
D=../shared/data/ml-100k
W=$(dirname "$R")
mkdir -p "$R"
S=$W/time60 RET=$W/time60-r30 RET60=$W/time60-r60 U1=$W/u1-60
[ -d $S ] || ./recllm data prepare --dataset ml-100k --data $D --protocol time --history 60 --out $S
[ -d $U1 ] || ./recllm data prepare --dataset ml-100k --data $D --protocol ml100k-u1 --history 60 --out $U1
[ -d $RET ] || ./recllm rank retrieve --samples $S --dim 128 --k 30 --out $RET
[ -d $RET60 ] || ./recllm rank retrieve --samples $S --dim 128 --k 60 --out $RET60
[ -d $W/u1-60-r30 ] || ./recllm rank retrieve --samples $U1 --dim 128 --k 30 --out $W/u1-60-r30
[ -d $W/din60 ] || ./recllm train --samples $S --model din --seeds 1 --save $W/din60 --report $R/din60.json
echo "== start $(date -u +%H:%M:%S) $(uptime)"
for k in 5 10 20 30; do for h in latest retrieved; do
  ./recllm rank zero-shot --model $M --chat --samples $U1 --history $h --retrieved $W/u1-60-r30 --k $k --limit 500 \
      --report $R/u1-zs-$h-$k.json | grep AUC
done; done
for b in 64 256 1024 4096 8192; do
  ./recllm train --samples $S --model din --seeds 3 --batch 64 --train-budget $b --report $R/din-budget-$b.json | grep "^test AUC"
done
./recllm train --samples $S --model din --seeds 3 --report $R/din-all.json | grep "^test AUC"
./recllm rank zero-shot --model $M --chat --samples $S --history retrieved --retrieved $RET --k 10 --limit 1000 \
    --report $R/test-base.json | grep AUC
tune() { # name budget retrieved k extra…
  local name=$1 b=$2 ret=$3 k=$4; shift 4
  echo "-- $name $(date -u +%H:%M:%S) $(uptime)"
  ./recllm rank finetune --model $M --chat --samples $S --retrieved $ret --k $k --budget $b --valid 500 --epochs 3 \
      --patience 2 --learning-rate 1e-3 --out $R/$name.gguf --report $R/$name.json "$@" | grep -E "best epoch"
}
evaluate() { # name adapter-option retrieved k
  ./recllm rank evaluate --model $M --chat --samples $S --history retrieved --retrieved $3 --k $4 --limit 1000 $2 \
      --report $R/test-$1.json | grep AUC
}
for b in 64 256 1024 4096 8192; do
  tune lora-$b $b $RET 10; evaluate lora-$b "--lora $R/lora-$b.gguf" $RET 10
done
tune reclora-1024 1024 $RET 10 --reclora-experts 8 --router-model $W/din60
evaluate reclora-1024 "--reclora $R/reclora-1024.gguf" $RET 10
tune lora-r64-1024 1024 $RET 10 --rank 64
evaluate lora-r64-1024 "--lora $R/lora-r64-1024.gguf" $RET 10
tune lora-k60-1024 1024 $RET60 60
evaluate lora-k60-1024 "--lora $R/lora-k60-1024.gguf" $RET60 60
t100() { # name retrieved k extra…
  local name=$1 ret=$2 k=$3; shift 3
  echo "-- 100m $name $(date -u +%H:%M:%S) $(uptime)"
  ./recllm rank finetune --model $B --samples $S --retrieved $ret --k $k --budget 16 --valid 16 --epochs 1 --batch 8 \
      --out $R/100m-$name.gguf --report $R/100m-$name.json "$@" | grep -E "best epoch"
}
t100 lora-k10 $RET 10
t100 reclora-k10 $RET 10 --reclora-experts 8 --router-model $W/din60
# 60 history items: about 1,160 tokens per prompt, 17 GiB of activations for the backward pass.
RECLLM_HEAP=20g t100 lora-k60 $RET60 60
echo "== done $(date -u +%H:%M:%S) $(uptime)"
R=$R OUT=docs/figures/rank-budget.png jshell --class-path "recllm-cli/target/lib/*" docs/scripts/rank-budget-chart.jsh
