#!/usr/bin/env bash
# What produced this folder (2026-11-30): the CLI built at ba8295d (before) and 3831ad1 (after), copies of
# recllm-cli/target, interleaved as docs/scripts/llm-bench-before-after.sh does (an earlier copy of it, which named
# the files by type only: before-Q4_K-t1-1.json; its Q4_0 rows measured no change, 3831ad1 having reverted Q4_0).
docs/scripts/llm-bench-before-after.sh /tmp/kq/before /tmp/kq/after /tmp/sbs-models OUT 2 \
  100m-Q4_K 100m-Q6_K 100m-Q4_0 100m-Q8_0
