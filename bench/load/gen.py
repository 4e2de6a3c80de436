#!/usr/bin/env python3
"""Synthetic news articles for the load test, as JSON Lines on stdout.

Usage: python3 bench/load/gen.py N [--seed S] > /tmp/synth.jsonl

Each article recombines paragraphs of the invented example corpus
(examples/corpus) with sentences of the Timeline17 article texts
($NEWSLINE_BENCH/t17/*/articles.json, when present), under an invented
outlet, with a publication date spread over 2015-2024. The output is
deterministic for a given N and seed. Never commit generated data: write it
under target/ or /tmp.
"""
import argparse
import datetime
import glob
import html
import json
import os
import random
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUTLETS = [
    ("Northfield Courier", "northfield-courier.example"),
    ("Lakeside Gazette", "lakeside-gazette.example"),
    ("Wire Desk", "wiredesk.example"),
    ("Evening Ledger", "evening-ledger.example"),
    ("Harbourline", "harbourline.example"),
    ("The Plainsman", "plainsman.example"),
    ("Continental Report", "continental-report.example"),
    ("Morning Tribune", "morning-tribune.example"),
    ("Capital Dispatch", "capital-dispatch.example"),
    ("Valley Herald", "valley-herald.example"),
    ("Coastal Times", "coastal-times.example"),
    ("Metro Observer", "metro-observer.example"),
]


def example_paragraphs(corpus_dir):
    paras = []
    for path in sorted(glob.glob(os.path.join(corpus_dir, "*"))):
        with open(path, encoding="utf-8", errors="replace") as f:
            raw = f.read()
        if path.endswith(".jsonl"):
            texts = []
            for line in raw.splitlines():
                try:
                    texts.append(json.loads(line).get("text", ""))
                except ValueError:
                    pass
        elif path.endswith((".html", ".htm")):
            body = re.findall(r"<p[^>]*>(.*?)</p>", raw, flags=re.S | re.I)
            texts = ["\n\n".join(html.unescape(re.sub(r"<[^>]+>", "", p)) for p in body)]
        else:
            texts = ["\n\n".join(raw.split("\n\n")[1:])]  # drop the headline
        for t in texts:
            for p in re.split(r"\n\s*\n", t):
                p = " ".join(p.split())
                if len(p) >= 80:
                    paras.append(p)
    return paras


def t17_sentences(bench):
    sents = []
    for path in sorted(glob.glob(os.path.join(bench, "t17", "*", "articles.json"))):
        with open(path, encoding="utf-8") as f:
            for art in json.load(f):
                for s in re.split(r"(?<=[.!?]) ", art.get("text", "")):
                    s = " ".join(s.split())
                    # detokenise the most visible spacing of the tokenised text
                    for a, b in (("``", '"'), ("''", '"'), ("-LRB-", "("), ("-RRB-", ")"),
                                 ("\\/", "/")):
                        s = s.replace(a, b)
                    s = re.sub(r" ([.,;:!?)%]|'s\b|n't\b)", r"\1", s).replace("( ", "(")
                    if 40 <= len(s) <= 400:
                        sents.append(s)
    return sents


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=8)
    args = ap.parse_args()
    bench = os.environ.get("NEWSLINE_BENCH", os.path.join(ROOT, "..", "shared", "bench"))
    paras = example_paragraphs(os.path.join(ROOT, "examples", "corpus"))
    sents = t17_sentences(bench)
    if not paras:
        sys.exit("no paragraphs in examples/corpus")
    print(f"gen: {len(paras)} example paragraphs, {len(sents)} t17 sentences",
          file=sys.stderr)
    rng = random.Random(args.seed)
    start = datetime.date(2015, 1, 1)
    span = (datetime.date(2024, 12, 31) - start).days
    out = sys.stdout
    for i in range(args.n):
        body = []
        for _ in range(rng.randint(3, 8) if sents else 1):
            body.append(" ".join(rng.choice(sents) for _ in range(rng.randint(2, 5))))
        # About one article in five carries one paragraph of the example
        # corpus (more would make thousands of unrelated articles share
        # whole paragraphs, which no real corpus does).
        if not sents or rng.random() < 0.2:
            body.insert(rng.randrange(len(body) + 1) if sents else 0, rng.choice(paras))
        head = body[0].split(". ")[0][:110].rstrip(" ,;:")
        outlet, host = OUTLETS[rng.randrange(len(OUTLETS))]
        day = start + datetime.timedelta(days=rng.randrange(span))
        rec = {
            "id": f"synth-{args.seed}-{i:07d}",
            "url": f"https://www.{host}/news/{day.isoformat()}/story-{i}",
            "title": head,
            "published": f"{day.isoformat()}T09:00:00Z",
            "site_name": outlet,
            "text": "\n\n".join(body),
        }
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
