#!/usr/bin/env python3
"""Print the largest scenario the server accepts, built from an example (argv[1]).

At the size limits of src/domain/validate.rs — 5,000 connectors (MAX_CONNECTORS), every one
isolated on its own worker pool and with its own plugin class (none in the knowledge base, so
each is listed for lab validation), a 120-character name, 100,000 Monte Carlo samples over a
120-month horizon — with connector names and class names as long as the request body limit
(argv[2] bytes, default 2 MiB, the server's default) allows. Used by load.sh to fill the
report cache with the heaviest reports a user can store.
"""
import json
import sys

MAX_CONNECTORS = 5000
NAME_MAX = 200
CLASS_MAX = 300

with open(sys.argv[1], encoding="utf-8") as f:
    example = json.load(f)
limit = int(sys.argv[2]) if len(sys.argv) > 2 else 2 * 1024 * 1024


def build(pad):
    scenario = dict(example)
    base = example["connectors"]
    connectors = []
    for i in range(MAX_CONNECTORS):
        c = dict(base[i % len(base)])
        stem = f"{c['name']}-{i:04d}-"
        c["name"] = (stem + "x" * NAME_MAX)[: max(len(stem), min(NAME_MAX, pad))]
        package = f"com.example.c{i:04d}."
        c["class"] = package + "Connector" + "X" * max(0, min(CLASS_MAX, pad) - len(package) - 9)
        c["isolated"] = True
        connectors.append(c)
    scenario["connectors"] = connectors
    scenario["name"] = ("Largest accepted scenario " + "y" * 120)[:120]
    scenario["analysis"] = dict(example.get("analysis", {}), samples=100_000, horizon_months=120)
    return json.dumps(scenario, separators=(",", ":"))


lo, hi = 0, CLASS_MAX
while lo < hi:
    mid = (lo + hi + 1) // 2
    if len(build(mid).encode()) <= limit:
        lo = mid
    else:
        hi = mid - 1
sys.stdout.write(build(lo))
