#!/usr/bin/python3
"""The table of docs/scripts/ctr-vs-fuxictr.sh's results: training and scoring samples/s per round for FuxiCTR and
RecLLM, and the ratio of the medians.

usage: ctr_vs_fuxictr_table.py OUT_DIR
"""
import glob
import json
import os
import re
import statistics
import sys

NAME = re.compile(r"(recllm|fuxictr)-(.+)-([a-z0-9]+)-(\d+)-(\d+)\.json$")


def rates(path, side):
    report = json.load(open(path))
    result = report["results"][0] if side == "recllm" else report
    return result["train_samples_per_s"], result["score_samples_per_s"]


def main():
    out = sys.argv[1]
    runs = {}  # (store, model, batch) -> side -> list of (round, (train, score))
    for path in sorted(glob.glob(os.path.join(out, "*.json"))):
        match = NAME.search(os.path.basename(path))
        if match:
            side, store, model, batch, round_ = match.groups()
            runs.setdefault((store, model, int(batch)), {}).setdefault(side, []).append(
                (int(round_), rates(path, side)))
    print("| data | model | batch | FuxiCTR train samples/s (rounds) | RecLLM | ratio (medians) "
          "| FuxiCTR score samples/s | RecLLM | ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (store, model, batch), sides in runs.items():
        if set(sides) != {"recllm", "fuxictr"}:
            continue
        cells = [store, model, f"{batch}"]
        for column in (0, 1):
            peer = [r[column] for _, r in sorted(sides["fuxictr"])]
            ours = [r[column] for _, r in sorted(sides["recllm"])]
            cells += [", ".join(f"{v:,.0f}" for v in peer), ", ".join(f"{v:,.0f}" for v in ours),
                      f"**{statistics.median(ours) / statistics.median(peer):.2f}×**"]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
