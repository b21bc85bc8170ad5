#!/usr/bin/env python3
"""Markdown table of an A/B run of `recllm llm bench` (files MODEL-tTHREADS-SIDE-ROUND.json, or
SIDE-MODEL-tTHREADS-ROUND.json as llm-bench-before-after.sh names them): prefill and decode tokens/s per model and
thread count, every round of both sides and the B ÷ A ratio of their medians.
Usage: llm_bench_ab_table.py OUT_DIR SIDE_A SIDE_B   (e.g. before after, or mapped huge-pages)"""
import glob, json, os, re, statistics, sys
from collections import defaultdict

out, side_a, side_b = sys.argv[1:4]
runs = defaultdict(list)
sides = "(?P<side>" + re.escape(side_a) + "|" + re.escape(side_b) + ")"
patterns = [re.compile(r"(?P<model>.+)-t(?P<threads>\d+)-" + sides + r"-\d+\.json$"),
            re.compile(sides + r"-(?P<model>.+)-t(?P<threads>\d+)-\d+\.json$")]
for path in sorted(glob.glob(os.path.join(out, "*.json"))):
    m = next((m for m in (p.match(os.path.basename(path)) for p in patterns) if m), None)
    if m:
        with open(path) as f:
            runs[(m["model"], int(m["threads"]), m["side"])].append(json.load(f))

def rounds(results, key):
    return ", ".join(f"{r[key]:,.1f}" for r in results)

print(f"| model | threads | prefill {side_a} | prefill {side_b} | ratio | decode {side_a} | decode {side_b} | ratio |")
print("|---|---|---|---|---|---|---|---|")
for model, threads in sorted({(k[0], k[1]) for k in runs}):
    a, b = runs[(model, threads, side_a)], runs[(model, threads, side_b)]
    if not a or not b:
        continue
    cells = [model, str(threads)]
    for key in ("prefill_tokens_per_s", "decode_tokens_per_s"):
        ratio = statistics.median(r[key] for r in b) / statistics.median(r[key] for r in a)
        cells += [rounds(a, key), rounds(b, key), f"{ratio:.2f}×"]
    print("| " + " | ".join(cells) + " |")
