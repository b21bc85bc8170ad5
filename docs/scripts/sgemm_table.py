#!/usr/bin/python3
"""The table of docs/scripts/sgemm-vs-torch.sh's results: GFLOP/s per round, and the median ratio to PyTorch.

usage: sgemm_table.py OUT_DIR
"""
import glob
import json
import os
import re
import statistics
import sys


def jmh(path):
    rates = {}
    for entry in json.load(open(path)):
        shape = entry["params"]["shape"]
        flops = entry["secondaryMetrics"]["flops"]["score"]
        rates[shape] = flops / 1e9
    return rates


def torch(path):
    return {row["shape"]: row["gflops"] for row in map(json.loads, open(path))}


def main():
    out = sys.argv[1]
    runs = {}   # (implementation, threads) -> list of {shape: gflops}, one per round
    for path in sorted(glob.glob(os.path.join(out, "*-t*-*.json*"))):
        name, threads, _ = re.match(r"(\w+)-t(\d+)-(\d+)\.jsonl?$", os.path.basename(path)).groups()
        runs.setdefault((name, int(threads)), []).append(torch(path) if name == "torch" else jmh(path))
    has_before = any(name == "before" for name, _ in runs)
    header = "| threads | shape m×n×k | RecLLM Sgemm (rounds) |"
    header += " before (rounds) |" if has_before else ""
    header += " PyTorch torch.mm (rounds) | Sgemm ÷ PyTorch (median) |"
    header += " Sgemm ÷ before (median) |" if has_before else ""
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for threads in sorted({t for _, t in runs}, reverse=True):
        for shape in runs[("recllm", threads)][0]:
            def rounds(name):
                return [r[shape] for r in runs.get((name, threads), [])]
            ours, theirs, old = rounds("recllm"), rounds("torch"), rounds("before")
            row = f"| {threads} | {shape.replace(':', ', ')} | {', '.join(f'{x:.1f}' for x in ours)} |"
            if has_before:
                row += f" {', '.join(f'{x:.1f}' for x in old)} |"
            row += f" {', '.join(f'{x:.1f}' for x in theirs)} |"
            row += f" {statistics.median(ours) / statistics.median(theirs):.2f}× |"
            if has_before:
                row += f" {statistics.median(ours) / statistics.median(old):.2f}× |"
            print(row)


if __name__ == "__main__":
    main()
