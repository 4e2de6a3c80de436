#!/usr/bin/env python3
"""Timeline17 benchmarks for newsline (issue 7), run through the real CLI.

For each topic folder of $NEWSLINE_BENCH/t17 (default ../shared/bench/t17):
  * writes its articles as JSON Lines (id, text, published = dct) to a temp dir,
  * `newsline ingest`s them into a fresh data directory (throughput, peak RSS),
  * for every journalist timeline of the topic, runs
    `newsline timeline --max-dates N --format json` (N = the gold timeline's
    number of dates) and scores date F1 of the dated entries against the gold
    dates,
  * runs the baseline beside us: the N most frequent publication dates.

Then it ingests all topic folders into one data directory and scores the
storylines against the topic (folder name before `_`) with B-cubed P/R/F1.

Dates come from our own time stage: the precomputed `dates` field is never read.

Usage: python3 bench/t17_timeline.py [--bin target/release/newsline] [--topics A,B]
Build first: cargo build --release -p newsline
"""
import argparse
import collections
import glob
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def bench_dir():
    b = os.environ.get("NEWSLINE_BENCH") or os.path.join(ROOT, "..", "shared", "bench")
    return os.path.join(b, "t17")


def run(cmd, **kw):
    t0 = time.time()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if p.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr[-2000:]}")
    return p, time.time() - t0, cpu


def write_jsonl(articles, path, topic=None):
    n_bytes = 0
    with open(path, "w") as f:
        for a in articles:
            uid = f"{topic}-{a['uid']}" if topic else str(a["uid"])
            rec = {"id": uid, "text": a["text"], "published": a["dct"][:10]}
            n_bytes += len(a["text"].encode())
            f.write(json.dumps(rec) + "\n")
    return n_bytes


def day(d):
    """A day-precision ISO date, or None."""
    if d and len(d) >= 10 and d[4] == "-" and d[7] == "-" and d[:4].isdigit():
        return d[:10]
    return None


def f1(pred, gold):
    pred, gold = set(pred), set(gold)
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def timeline_dates(binary, data, n):
    p, _, _ = run([binary, "--data", data, "--quiet", "timeline", "--max-dates", str(n),
                   "--format", "json"])
    out = json.loads(p.stdout or "{}")
    dates = []
    for e in out.get("dated", []):
        d = day(e.get("date"))
        if d and d not in dates:
            dates.append(d)
    return dates


def bcubed(assign, gold):
    """B-cubed precision, recall, F1 of cluster `assign` against classes `gold`."""
    by_c = collections.defaultdict(set)
    by_g = collections.defaultdict(set)
    for item, c in assign.items():
        by_c[c].add(item)
        by_g[gold[item]].add(item)
    p = r = 0.0
    for item, c in assign.items():
        same_c = by_c[c]
        same_g = by_g[gold[item]]
        inter = len(same_c & same_g)
        p += inter / len(same_c)
        r += inter / len(same_g)
    n = len(assign)
    p, r = p / n, r / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "newsline"))
    ap.add_argument("--topics", default="")
    ap.add_argument("--no-storylines", action="store_true")
    ap.add_argument("--only-storylines", action="store_true")
    args = ap.parse_args()
    t17 = bench_dir()
    if not os.path.isdir(t17):
        sys.exit(f"SKIPPED: no Timeline17 data at {t17}")
    if not os.path.exists(args.bin):
        sys.exit(f"build first: cargo build --release -p newsline ({args.bin} missing)")
    topics = sorted(os.path.basename(d.rstrip("/")) for d in glob.glob(os.path.join(t17, "*/")))
    if args.topics:
        topics = [t for t in topics if t in args.topics.split(",")]

    ours_f, base_f = [], []
    total_docs = total_bytes = 0
    total_wall = total_cpu = 0.0
    peak_rss_kb = 0
    print(f"{'timeline':58} {'N':>3} {'newsline F1':>11} {'P':>5} {'R':>5} {'baseline F1':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        for topic in ([] if args.only_storylines else topics):
            arts = json.load(open(os.path.join(t17, topic, "articles.json")))
            jl = os.path.join(tmp, f"{topic}.jsonl")
            nbytes = write_jsonl(arts, jl)
            data = os.path.join(tmp, f"data-{topic}")
            _, wall, cpu = run([args.bin, "--data", data, "--quiet", "ingest", jl])
            peak_rss_kb = max(peak_rss_kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            total_docs += len(arts)
            total_bytes += nbytes
            total_wall += wall
            total_cpu += cpu
            pub_counts = collections.Counter(a["dct"][:10] for a in arts)
            for tl_path in sorted(glob.glob(os.path.join(t17, topic, "*.timeline.json"))):
                gold = sorted({day(e["date"]) for e in json.load(open(tl_path)) if day(e["date"])})
                n = len(gold)
                ours = timeline_dates(args.bin, data, n)
                base = [d for d, _ in pub_counts.most_common(n)]
                fo, po, ro = f1(ours, gold)
                fb, _, _ = f1(base, gold)
                ours_f.append(fo)
                base_f.append(fb)
                name = f"{topic}/{os.path.basename(tl_path)}"[:58]
                print(f"{name:58} {n:3d} {fo:11.3f} {po:5.2f} {ro:5.2f} {fb:11.3f}")
        if ours_f:
            print(f"\nmean date F1 over {len(ours_f)} timelines: newsline "
                  f"{sum(ours_f)/len(ours_f):.3f}   baseline (top-N publication dates) "
                  f"{sum(base_f)/len(base_f):.3f}")
        if total_docs:
            print(f"ingest: {total_docs} articles, {total_bytes/1e6:.1f} MB, wall {total_wall:.1f} s, "
                  f"CPU {total_cpu:.1f} s -> {total_docs/max(total_cpu,1e-9):.1f} articles per "
                  f"CPU-second ({total_bytes/1e6/max(total_cpu,1e-9):.2f} MB/s per core); peak "
                  f"RSS {peak_rss_kb/1024:.0f} MB")

        if args.no_storylines:
            return
        # Storyline purity: all topics in one data directory.
        allj = os.path.join(tmp, "all.jsonl")
        gold = {}
        with open(allj, "w") as f:
            for topic in topics:
                for a in json.load(open(os.path.join(t17, topic, "articles.json"))):
                    uid = f"{topic}-{a['uid']}"
                    gold[uid] = topic.split("_")[0]
                    f.write(json.dumps({"id": uid, "text": a["text"],
                                        "published": a["dct"][:10]}) + "\n")
        data = os.path.join(tmp, "data-all")
        _, wall, cpu = run([args.bin, "--data", data, "--quiet", "ingest", allj])
        p, _, _ = run([args.bin, "--data", data, "--quiet", "storylines", "--format", "json"])
        assign = {}
        try:
            parsed = json.loads(p.stdout)
            parsed = parsed if isinstance(parsed, list) else [parsed]
        except json.JSONDecodeError:  # JSON Lines
            parsed = [json.loads(x) for x in p.stdout.splitlines() if x.strip()]
        items = []
        for s in parsed:
            if isinstance(s, dict) and "storylines" in s:
                items.extend(s["storylines"])
            elif isinstance(s, list):
                items.extend(s)
            else:
                items.append(s)
        if True:
            for st in items:
                for aid in st.get("articles", []):
                    if aid in gold:
                        assign[aid] = st.get("id")
        for aid in gold:  # articles in no storyline are singletons
            assign.setdefault(aid, f"single:{aid}")
        bp, br, bf = bcubed(assign, gold)
        n_st = len(set(assign.values()))
        print(f"storylines over {len(topics)} folders ({len(gold)} articles, "
              f"{len(set(gold.values()))} topics): {n_st} clusters, B-cubed P {bp:.3f} "
              f"R {br:.3f} F1 {bf:.3f}; ingest wall {wall:.1f} s, CPU {cpu:.1f} s")


if __name__ == "__main__":
    main()
