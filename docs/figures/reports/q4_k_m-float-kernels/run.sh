#!/usr/bin/env bash
# What produced this folder (2026-11-30): the CLI built at ba8295d (before) and 71a2fec (after, files named after3-),
# copies of recllm-cli/target, interleaved as docs/scripts/llm-bench-before-after.sh does (an earlier copy of it), on
# a Q4_K_M file made by llama.cpp's quantiser from the random 100M F32 model (Q4_K and Q6_K matrices in one JVM):
#   llama-quantize 100m-F32.gguf 100m-Q4_K_M.gguf Q4_K_M
docs/scripts/llm-bench-before-after.sh /tmp/kq/before /tmp/kq/after3 /tmp/sbs-models OUT 3 100m-Q4_K_M
