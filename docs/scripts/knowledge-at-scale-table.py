#!/usr/bin/env python3
"""Markdown table of KAR arms (OUT/kar-ARM.json): paired gains over seeds, cold-item and cold-user gains.

usage: knowledge-at-scale-table.py OUT [ARM ...]   (default arms: those of docs/scripts/knowledge-at-scale.sh)
"""
import json
import math
import sys

out = sys.argv[1]
arms = sys.argv[2:] or ["item", "item-cluster", "item-codes", "cluster", "all"]
print("| knowledge | model | without | with | paired gain | t | gain, items <10 ratings | gain, items ≥200 "
      "| gain, users <10 ratings | gain, users ≥50 |")
print("|---|---|---|---|---|---|---|---|---|---|")
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
        users = run.get("gain_auc_by_user_activity")
        if users:
            # Users with 50–199 and ≥200 training ratings, weighted by their test rows.
            rows = report["test_rows_per_user_bucket"]
            warm = (users[2] * rows[2] + users[3] * rows[3]) / (rows[2] + rows[3])
            user_cells = f"{users[0]:+.4f} | {warm:+.4f}"
        else:
            user_cells = "n/a | n/a"
        print(f"| {arm} | {run['model']} | {run['without']['test_auc_mean']:.4f} ± {run['without']['test_auc_std']:.4f} "
              f"| {run['with']['test_auc_mean']:.4f} ± {run['with']['test_auc_std']:.4f} | {mean:+.4f} | {t:.1f} "
              f"| {cold:+.4f} | {hot:+.4f} | {user_cells} |")
