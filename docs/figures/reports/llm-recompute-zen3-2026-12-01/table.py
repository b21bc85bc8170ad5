import json, re, glob, statistics, os, sys
d = sys.argv[1]
def rss(log):
    m = re.search(r"max RSS (\d+) KiB", open(log).read()); return int(m.group(1)) // 1024 if m else None
rows = []
for preset in ["tiny", "small", "medium", "lora-100m"]:
    line = {}
    for side in ["plain", "recompute"]:
        tps, heap, act, r, loss = [], [], [], [], []
        for rnd in [1, 2]:
            f = f"{d}/{preset}-{side}-{rnd}.json"
            if not os.path.exists(f): continue
            j = json.load(open(f))
            tps.append(j["tokens_per_second"]); heap.append(j["peak_heap_bytes"] >> 20); act.append(j["activation_bytes"] >> 20)
            r.append(rss(f"{d}/{preset}-{side}-{rnd}.log")); loss.append(j["final_valid_loss"] if j["final_valid_loss"] is not None else j["losses"][-1]["train_loss"])
        torch = []
        for rnd in [1, 2]:
            f = f"{d}/{preset}-torch-{side}-{rnd}.txt"
            if os.path.exists(f):
                m = re.search(r"([\d,]+) tokens/s .* peak RSS ([\d,]+) MiB", open(f).read())
                if m: torch.append((int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))))
        line[side] = (tps, heap, act, r, loss, torch)
        print(preset, side, "tok/s", [round(x) for x in tps], "heap", heap, "act", act, "rss", r, "loss", [round(x, 6) for x in loss], "torch", torch)
    if line.get("plain") and line.get("recompute") and line["plain"][0] and line["recompute"][0]:
        p, q = statistics.median(line["plain"][0]), statistics.median(line["recompute"][0])
        print(f"  recompute/plain speed {q/p:.2f}  act {statistics.median(line['recompute'][2])/statistics.median(line['plain'][2]):.2f}")
        if line["plain"][5] and line["recompute"][5]:
            tp = statistics.median(x[0] for x in line["plain"][5]); tq = statistics.median(x[0] for x in line["recompute"][5])
            print(f"  torch recompute/plain {tq/tp:.2f}; ours/torch plain {p/tp:.2f} recompute {q/tq:.2f}")
