#!/usr/bin/env python3
"""Throughput of OpenAI-compatible servers under 1, 4 and 16 parallel clients, measured the same way for each.

Each client sends streaming /v1/completions requests one after another (temperature 0, a fixed max_tokens) for a
fixed number of rounds; a run records completion tokens per second over its wall time (from the servers' own usage
counts) and each request's time to first token. The servers are measured interleaved (server A at 1 client,
server B at 1 client, A at 4, ...) with the load average recorded, so both see the same machine state.

usage: llm-serve-throughput.py --server NAME=URL [--server NAME=URL ...] [--clients 1,4,16] [--requests 4]
                               [--max-tokens 128] [--prompt-words 64] [--out results.json]
Standard library only.
"""
import argparse
import json
import os
import statistics
import threading
import time
import urllib.parse
import http.client

WORDS = ("the a little dog cat girl boy went park saw big red ball tree house sun moon happy sad play run jump "
         "friend mother father day night story king queen bird fish water river mountain road").split()


def prompt(index, words):
    return " ".join(WORDS[(index * 7 + i * 3) % len(WORDS)] for i in range(words))


def stream_completion(url, body):
    """One streaming request: (time to first token in s, completion tokens, total s)."""
    parsed = urllib.parse.urlparse(url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=600)
    start = time.perf_counter()
    connection.request("POST", parsed.path.rstrip("/") + "/completions", json.dumps(body),
                       {"Content-Type": "application/json"})
    response = connection.getresponse()
    if response.status != 200:
        raise RuntimeError(f"{url}: HTTP {response.status}: {response.read()[:300]!r}")
    first = None
    chunks = 0
    usage = None
    for raw in response:
        line = raw.decode("utf-8").strip()
        if not line.startswith("data: "):
            continue
        data = line[6:]
        if data == "[DONE]":
            break
        event = json.loads(data)
        if event.get("usage"):
            usage = event["usage"].get("completion_tokens")
        choices = event.get("choices") or []
        if choices and choices[0].get("text"):
            chunks += 1
            if first is None:
                first = time.perf_counter() - start
    total = time.perf_counter() - start
    connection.close()
    return first if first is not None else total, usage if usage is not None else chunks, total


def run(url, clients, requests, max_tokens, words):
    ttfts, tokens, lock = [], [0], threading.Lock()
    errors = []

    def client(c):
        for r in range(requests):
            body = {"prompt": prompt(c * 1000 + r, words), "max_tokens": max_tokens, "temperature": 0,
                    "stream": True, "stream_options": {"include_usage": True}, "ignore_eos": True}
            try:
                ttft, count, _ = stream_completion(url, body)
            except Exception as e:  # reported, not hidden
                errors.append(str(e))
                return
            with lock:
                ttfts.append(ttft)
                tokens[0] += count

    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    if errors:
        raise RuntimeError(errors[0])
    ttfts.sort()
    return {"clients": clients, "requests": len(ttfts), "completion_tokens": tokens[0], "seconds": wall,
            "tokens_per_s": tokens[0] / wall, "ttft_p50_ms": 1000 * statistics.median(ttfts),
            "ttft_max_ms": 1000 * ttfts[-1]}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", action="append", required=True, help="NAME=URL of the API root, e.g. recllm=http://127.0.0.1:8081/v1")
    parser.add_argument("--clients", default="1,4,16")
    parser.add_argument("--requests", type=int, default=4, help="requests per client")
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument("--prompt-words", type=int, default=64)
    parser.add_argument("--warmup", type=int, default=1, help="requests per server before measuring")
    parser.add_argument("--out")
    args = parser.parse_args()
    servers = [s.split("=", 1) for s in args.server]
    for name, url in servers:
        run(url, 1, args.warmup, 16, args.prompt_words)
    results = []
    print(f"{'clients':>7}  {'server':<12} {'tokens/s':>9}  {'TTFT p50 ms':>11}  {'TTFT max ms':>11}  {'tokens':>7}  load")
    for clients in [int(c) for c in args.clients.split(",")]:
        for name, url in servers:
            load = os.getloadavg()[0]
            result = run(url, clients, args.requests, args.max_tokens, args.prompt_words)
            result.update(server=name, load_average=load)
            results.append(result)
            print(f"{clients:>7}  {name:<12} {result['tokens_per_s']:>9.1f}  {result['ttft_p50_ms']:>11.1f}  "
                  f"{result['ttft_max_ms']:>11.1f}  {result['completion_tokens']:>7}  {load:.2f}", flush=True)
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"max_tokens": args.max_tokens, "prompt_words": args.prompt_words, "results": results}, f, indent=2)


if __name__ == "__main__":
    main()
