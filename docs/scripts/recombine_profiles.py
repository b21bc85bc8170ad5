#!/usr/bin/env python3
"""Writes N synthetic 'earlier answers' as JSON Lines {"text": ...} for pool-size measurements of
`recllm bench speculative --pool`: each one takes a random real profile of the chosen kind as a template and replaces
every line by the line at the same position of another random profile (same kind), so the texts keep the real
profiles' phrasing, layout and n-gram statistics while differing from each other.

usage: recombine_profiles.py KNOWLEDGE_DIR items|users N OUT.jsonl [SEED]
"""
import csv
import json
import random
import sys

FILES = {"items": ("movies_structured_100K.csv", "movie_info"), "users": ("users_structured_100k.csv", "user_profile")}


def lines(text):
    return text.split("\n")


def main():
    folder, kind, count, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 1)
    name, column = FILES[kind]
    csv.field_size_limit(1 << 24)
    with open(f"{folder}/{name}", newline="", encoding="utf-8") as f:
        profiles = [lines(row[column]) for row in csv.DictReader(f) if row[column].strip()]
    with open(out, "w", encoding="utf-8") as f:
        for _ in range(count):
            template = rng.choice(profiles)
            parts = []
            for i in range(len(template)):
                donor = rng.choice(profiles)
                parts.append(donor[i] if i < len(donor) else template[i])
            f.write(json.dumps({"text": "\n".join(parts)}) + "\n")


if __name__ == "__main__":
    main()
