#!/usr/bin/python3
"""PyTorch's matrix product on the shapes of recllm-bench's MatmulBenchmark, the reference for Sgemm on this CPU.

Shapes m×n×k as C = op(A)·op(B): plain, transA (A stored k×m, dW = Xᵀ·dY) and transB (B stored n×k, dX = dY·Wᵀ).
Each shape: warm-up for WARMUP seconds, then the mean rate over MEASURE seconds, in GFLOP/s (2·m·n·k per product).
Threads from THREADS (default: every core), shapes from SHAPES (comma-separated; default MatmulBenchmark's). Prints
one JSON line per shape.

usage: sgemm_torch.py [WARMUP_S MEASURE_S]
"""
import json
import os
import sys
import time

import torch

SHAPES = os.environ.get("SHAPES", "1024x400x400,4096x400x400,1024x400x160,512x512x512,1024x400x400:transA,"
                                   "1024x400x400:transB").split(",")


def main():
    warmup = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    measure = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
    torch.set_num_threads(int(os.environ.get("THREADS", os.cpu_count())))
    torch.manual_seed(1)
    for shape in SHAPES:
        dims, _, variant = shape.partition(":")
        m, n, k = map(int, dims.split("x"))
        a = torch.randn(k, m) if variant == "transA" else torch.randn(m, k)
        b = torch.randn(n, k) if variant == "transB" else torch.randn(k, n)
        c = torch.empty(m, n)
        left = a.t() if variant == "transA" else a
        right = b.t() if variant == "transB" else b

        def run(seconds):
            count = 0
            start = time.perf_counter()
            while time.perf_counter() - start < seconds:
                torch.mm(left, right, out=c)
                count += 1
            return count, time.perf_counter() - start

        run(warmup)
        count, seconds = run(measure)
        print(json.dumps({"implementation": "pytorch " + torch.__version__, "shape": shape,
                          "threads": torch.get_num_threads(), "ops_per_s": count / seconds,
                          "gflops": count * 2.0 * m * n * k / seconds / 1e9}))


if __name__ == "__main__":
    main()
