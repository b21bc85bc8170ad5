#!/usr/bin/env bash
# What produced this folder (2026-11-30): the CLI built at ba8295d (before) and aaf278a (after, files named after2-),
# copies of recllm-cli/target, interleaved as docs/scripts/llm-bench-before-after.sh does (an earlier copy of it).
docs/scripts/llm-bench-before-after.sh /tmp/kq/before /tmp/kq/after2 /tmp/sbs-models OUT 3 100m-Q4_0
