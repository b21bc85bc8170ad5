#!/usr/bin/python3
"""LightGCN training steps in PyTorch, the reference for `recllm bench lightgcn` on the same (user, item) pair file.

The same model and step as RecLLM's: symmetric normalised adjacency D^-1/2 A D^-1/2 over distinct pairs, layer-0
embeddings N(0, 0.1^2), LAYERS propagations by torch.sparse.mm, the mean of all layers, BPR = softplus(-(u.p - u.q))
averaged over the batch plus 1e-4 / (2B) times the squared layer-0 rows of the batch, Adam(lr 1e-3); triples drawn
uniformly from the pairs, negatives uniform over interacted items, redrawn up to 20 times while the user had them.
The adjacency is COO unless FORMAT=csr. Prints one JSON line.

usage: lightgcn_torch.py PAIRS.i32 USERS ITEMS DIM LAYERS BATCH STEPS WARMUP SEED
"""
import json
import os
import platform
import sys
import time

import numpy as np
import warnings

import torch

warnings.filterwarnings("ignore", message="Sparse CSR tensor support is in beta")


def cpu_name():
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.machine()


def main():
    torch.set_num_threads(int(os.environ.get("THREADS", os.cpu_count())))
    path, users, items, dim, layers, batch, steps, warmup, seed = sys.argv[1:10]
    users, items, dim, layers, batch, steps, warmup, seed = map(int, (users, items, dim, layers, batch, steps, warmup, seed))
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    built = time.perf_counter()
    pairs = np.fromfile(path, dtype="<i4").reshape(-1, 2).astype(np.int64)
    keys = np.unique(pairs[:, 0] * items + pairs[:, 1])
    u = keys // items
    i = keys % items
    nodes = users + items
    rows = np.concatenate([u, users + i])
    cols = np.concatenate([users + i, u])
    degree = np.bincount(rows, minlength=nodes).astype(np.float32)
    scale = np.where(degree > 0, 1 / np.sqrt(np.maximum(degree, 1)), 0).astype(np.float32)
    values = scale[rows] * scale[cols]
    # COO (coalesced), as the LightGCN authors' PyTorch code keeps its graph; FORMAT=csr for compressed rows, as
    # RecLLM's (torch 1.13 warns that CSR is beta).
    adjacency = torch.sparse_coo_tensor(torch.from_numpy(np.stack([rows, cols])), torch.from_numpy(values),
                                        (nodes, nodes)).coalesce()
    sparse_format = os.environ.get("FORMAT", "coo")
    if sparse_format == "csr":
        adjacency = adjacency.to_sparse_csr()
    active = np.unique(i)
    graph_seconds = time.perf_counter() - built

    embedding = torch.nn.Parameter(torch.randn(nodes, dim) * 0.1)
    optimizer = torch.optim.Adam([embedding], lr=1e-3)

    def draw():
        k = rng.integers(0, len(keys), batch)
        bu, bp = u[k], i[k]
        bq = active[rng.integers(0, len(active), batch)]
        for _ in range(19):
            seen = np.isin(bu * items + bq, keys, assume_unique=False)
            if not seen.any():
                break
            bq[seen] = active[rng.integers(0, len(active), int(seen.sum()))]
        return torch.from_numpy(bu), torch.from_numpy(users + bp), torch.from_numpy(users + bq)

    def step():
        bu, bp, bq = draw()
        layer = embedding
        total = embedding
        for _ in range(layers):
            layer = torch.sparse.mm(adjacency, layer)
            total = total + layer
        final = total / (layers + 1)
        eu, ep, eq = final[bu], final[bp], final[bq]
        bpr = torch.nn.functional.softplus(-((eu * (ep - eq)).sum(1))).mean()
        ego = torch.cat([embedding[bu], embedding[bp], embedding[bq]])
        loss = bpr + 1e-4 / (2 * batch) * (ego * ego).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return bpr.item()

    for _ in range(warmup):
        step()
    start = time.perf_counter()
    losses = [step() for _ in range(steps)]
    seconds = time.perf_counter() - start
    print(json.dumps({"implementation": "pytorch " + torch.__version__ + " " + sparse_format, "users": users, "items": items,
                      "edges": int(len(keys)), "dim": dim, "layers": layers, "batch": batch, "steps": steps,
                      "warmup_steps": warmup, "seconds": seconds, "seconds_per_step": seconds / steps,
                      "triples_per_s": steps * batch / seconds, "loss": float(np.mean(losses)),
                      "graph_seconds": graph_seconds, "threads": torch.get_num_threads(),
                      "cpu": cpu_name(), "load": os.getloadavg()}))


if __name__ == "__main__":
    main()
