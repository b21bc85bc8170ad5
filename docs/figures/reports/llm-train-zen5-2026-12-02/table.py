#!/usr/bin/python3
"""The table of run.sh's results in this folder: tokens/s per round, median ratio, memory, held-out loss."""
import json
import re
import statistics
from pathlib import Path

for preset in ['tiny', 'small']:
    for t in [1, 2]:
        ours, rss, heap, theirs, trss, loss = [], [], [], [], [], set()
        for r in [1, 2]:
            d = json.loads(Path(f'{preset}-after-t{t}-{r}.json').read_text())
            ours.append(d['tokens_per_second'])
            heap.append(d['peak_heap_bytes'] / 2**20)
            loss.add(round(d['final_valid_loss'], 4))
            rss.append(int(re.search(r'max RSS (\d+) KiB', Path(f'{preset}-after-t{t}-{r}.log').read_text()).group(1)) / 1024)
            m = re.search(r': ([\d,]+) tokens/s .*peak RSS ([\d,]+) MiB', Path(f'{preset}-torch-t{t}-{r}.txt').read_text())
            theirs.append(float(m.group(1).replace(',', '')))
            trss.append(int(m.group(2).replace(',', '')))
        print(f"| {preset} | {t} | {', '.join(f'{x:,.0f}' for x in ours)} | {', '.join(f'{x:,.0f}' for x in theirs)} | "
              f"**{statistics.median(ours) / statistics.median(theirs):.2f}×** | {statistics.median(heap):,.0f} / "
              f"{statistics.median(rss):,.0f} MiB | {statistics.median(trss):,.0f} MiB | {', '.join(map(str, sorted(loss)))} |")
