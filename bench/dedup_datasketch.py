#!/usr/bin/env python3
"""Baseline: datasketch MinHashLSH on the same synthetic corpus as the Rust bench.

    cargo run --release -p newsline-dedup --example synth -- 100000 --dump /tmp/synth.jsonl
    python3 bench/dedup_datasketch.py /tmp/synth.jsonl [RUST_DOCS_PER_S]

Under other load, compare the "cpu throughput" lines (docs per CPU second of
the indexing thread) rather than wall-clock docs/s.

Same parameters and rule as newsline-dedup's defaults: 5-word shingles over
lower-cased text with punctuation removed, 128 permutations, 64 bands x 2 rows,
a pair verified when estimated Jaccard >= 0.6 or estimated containment
J(|A|+|B|)/((1+J)min(|A|,|B|)) >= 0.3 with >= 30 estimated shared shingles
(datasketch does not strip datelines/agency tags). Override with the
environment variables BANDS, ROWS, THRESHOLD, CONTAINMENT (0 disables) and
MIN_SHARED, e.g. `BANDS=32 ROWS=4 CONTAINMENT=0` for the Jaccard-only setup.
Prints throughput, planted-pair recall/precision and, when given the Rust
figure, the speed ratio.
"""
import json
import os
import re
import resource
import sys
import time
from collections import defaultdict
from itertools import combinations

from datasketch import MinHash, MinHashLSH

SHINGLE, NUM_PERM = 5, 128
BANDS = int(os.environ.get("BANDS", 64))
ROWS = int(os.environ.get("ROWS", 2))
THRESHOLD = float(os.environ.get("THRESHOLD", 0.6))
CONTAINMENT = float(os.environ.get("CONTAINMENT", 0.3))
MIN_SHARED = float(os.environ.get("MIN_SHARED", 30))
NON_WORD = re.compile(r"[^\w]+|_")


def normalize(text):
    text = text.replace("'", "").replace("\u2019", "")
    return NON_WORD.sub(" ", text.lower()).split()


def minhash(text):
    words = normalize(text)
    k = max(1, min(SHINGLE, len(words)))
    m = MinHash(num_perm=NUM_PERM)
    m.update_batch([" ".join(words[i:i + k]).encode() for i in range(len(words) - k + 1)])
    return m, len(words) - k + 1


def verified(j, a, b):
    if j >= THRESHOLD:
        return True
    if CONTAINMENT <= 0 or min(a, b) == 0:
        return False
    shared = min(j * (a + b) / (1 + j), min(a, b))
    return shared / min(a, b) >= CONTAINMENT and shared >= MIN_SHARED


def main():
    path = sys.argv[1]
    rust_rate = float(sys.argv[2]) if len(sys.argv) > 2 else None
    docs = [json.loads(line) for line in open(path, encoding="utf-8")]
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, params=(BANDS, ROWS))
    sigs = {}
    sizes = {}
    found = set()
    t = time.perf_counter()
    cpu = time.thread_time()
    for d in docs:
        m, n = minhash(d["text"])
        for other in lsh.query(m):
            if verified(m.jaccard(sigs[other]), n, sizes[other]):
                found.add(tuple(sorted((other, d["id"]))))
        lsh.insert(d["id"], m)
        sigs[d["id"]] = m
        sizes[d["id"]] = n
    secs = time.perf_counter() - t
    cpu = time.thread_time() - cpu

    clusters = defaultdict(list)
    for d in docs:
        clusters[d["cluster"]].append(d["id"])
    truth = set()
    for ids in clusters.values():
        truth.update(tuple(sorted(p)) for p in combinations(ids, 2))
    tp = len(found & truth)
    rate = len(docs) / secs
    print(f"bands={BANDS} rows={ROWS} threshold={THRESHOLD} containment={CONTAINMENT} min_shared={MIN_SHARED}")
    print(f"datasketch {len(docs)} docs: {rate:.0f} docs/s ({secs:.1f} s, 1 thread)")
    print(f"planted pairs: {len(truth)}  found: {len(found)}  true positives: {tp}")
    print(f"recall: {tp / max(1, len(truth)):.4f}  precision: {tp / max(1, len(found)):.4f}")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MB")
    print(f"cpu throughput: {len(docs) / cpu:.0f} docs per CPU second ({cpu:.1f} CPU s)")
    if rust_rate:
        print(f"newsline-dedup / datasketch throughput ratio: {rust_rate / rate:.1f}x")


if __name__ == "__main__":
    main()
