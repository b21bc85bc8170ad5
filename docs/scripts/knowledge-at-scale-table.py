#!/usr/bin/env python3
"""Markdown table of the KAR arms of docs/scripts/knowledge-at-scale.sh: paired gains over seeds, cold-item gains."""
import json
import math
import sys

out = sys.argv[1]
arms = ["item", "item-cluster", "item-codes", "cluster", "all"]
print("| knowledge | model | without | with | paired gain | t | gain, items <10 ratings | gain, items ≥200 |")
print("|---|---|---|---|---|---|---|---|")
for arm in arms:
    try:
        report = json.load(open(f"{out}/kar-{arm}.json"))
    except FileNotFoundError:
        continue
    for run in report["runs"]:
        base, aug = run["without"]["test_auc"], run["with"]["test_auc"]
        diffs = [a - b for a, b in zip(aug, base)]
        mean = sum(diffs) / len(diffs)
        sd = math.sqrt(sum((d - mean) ** 2 for d in diffs) / (len(diffs) - 1)) if len(diffs) > 1 else float("nan")
        t = mean / (sd / math.sqrt(len(diffs))) if sd > 0 else float("nan")
        cold, hot = run["gain_auc_by_popularity"][0], run["gain_auc_by_popularity"][-1]
        print(f"| {arm} | {run['model']} | {run['without']['test_auc_mean']:.4f} ± {run['without']['test_auc_std']:.4f} "
              f"| {run['with']['test_auc_mean']:.4f} ± {run['with']['test_auc_std']:.4f} | {mean:+.4f} | {t:.1f} "
              f"| {cold:+.4f} | {hot:+.4f} |")
