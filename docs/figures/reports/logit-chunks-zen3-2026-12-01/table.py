"""The before/after table of the logit-chunk figures from run.sh's reports and logs: medians of the rounds."""
import glob
import json
import re
import statistics
import sys

out = sys.argv[1]


def figures(name):
    rows = []
    for report in sorted(glob.glob(f"{out}/{name}-*.json")):
        j = json.load(open(report))
        rss = re.search(r"max RSS (\d+) KiB", open(report[:-5] + ".log").read())
        rows.append((j["tokens_per_second"], j["activation_bytes"] >> 20, int(rss.group(1)) >> 10,
                     j["losses"][-1]["train_loss"]))
    return rows


print("| run | tokens/s before → after (rounds) | ratio | activations | RSS (median) | last train loss |")
print("|---|---|---|---|---|---|")
for run in ["lora-long-plain", "lora-long-recompute", "lora-qa-plain", "lora-qa-recompute", "small-plain",
            "small-recompute"]:
    before, after = figures(f"{run}-before"), figures(f"{run}-after")
    if not before or not after:
        continue
    speed = statistics.median(a[0] for a in after) / statistics.median(b[0] for b in before)
    print(f"| {run} | {', '.join(f'{b[0]:.1f}' for b in before)} → {', '.join(f'{a[0]:.1f}' for a in after)} "
          f"| {speed:.2f}× | {before[0][1]:,} → {after[0][1]:,} MiB "
          f"| {statistics.median(b[2] for b in before):,.0f} → {statistics.median(a[2] for a in after):,.0f} MiB "
          f"| {before[0][3]:.6f} / {after[0][3]:.6f} |")
