#!/usr/bin/env python3
"""Compares the answers of two knowledge stores entity by entity (same entity type and id): how many are identical,
and the mean cosine similarity of their sentence-encoder vectors (`recllm knowledge encode`; the encoder named, or
the only one present), overall and per entity type.

usage: compare_knowledge_stores.py A.db B.db [ENCODER_ID]
"""
import math
import sqlite3
import struct
import sys


def load(path, encoder):
    db = sqlite3.connect(path)
    rows = db.execute(
        "SELECT e.entity_type, e.entity_id, e.answer, m.encoder_id, m.dimension, m.vector "
        "FROM entry e LEFT JOIN embedding m ON m.entry_id = e.id").fetchall()
    out = {}
    for kind, entity, answer, enc, dim, blob in rows:
        if encoder and enc is not None and enc != encoder:
            continue
        vector = struct.unpack(f"<{dim}f", blob) if blob is not None else None
        out[(kind, entity)] = (answer, vector)
    return out


def cosine(a, b):
    dot = sum(x * y for x, y in zip(a, b))
    return dot / math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))


def main():
    a, b = load(sys.argv[1], sys.argv[3] if len(sys.argv) > 3 else None), load(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    common = sorted(set(a) & set(b))
    print(f"{len(common)} entities in both stores ({len(a)} and {len(b)} in each)")
    for kind in sorted({k for k, _ in common}):
        keys = [k for k in common if k[0] == kind]
        same = sum(a[k][0] == b[k][0] for k in keys)
        sims = [cosine(a[k][1], b[k][1]) for k in keys if a[k][1] and b[k][1]]
        mean = sum(sims) / len(sims) if sims else float("nan")
        print(f"{kind}: {len(keys)} entities, {same} identical answers ({100 * same / len(keys):.1f}%), "
              f"mean cosine similarity {mean:.4f} over {len(sims)} encoded pairs")


if __name__ == "__main__":
    main()
