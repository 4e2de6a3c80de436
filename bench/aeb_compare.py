#!/usr/bin/env python3
r"""Side-by-side article-body extraction on the AEB benchmark.

    python3 bench/aeb_compare.py [AEB_DIR] [--newsline PATH] [--only trafilatura,readability,newspaper]
                                 [--per-page FILE.tsv] [--timeout SECS]
    python3 bench/aeb_compare.py --text-dumps DIR [--aeb-example PATH] [AEB_DIR]

Text-dump mode (`--text-dumps DIR`, dumps from bench/aeb_textdump.py): scores side by
side the raw dumps, newsline's text-mode cleaner on the dumps (the `aeb` example of
newsline-clean run with `--text-dumps DIR --out TMP`; build it first with
`cargo build --release -p newsline-clean --example aeb`), trafilatura on the dumps
with every line wrapped in a <p> element, and jusText on the same <p> pages (English
stoplist). Same AEB metric as below.

Prints one row per system: AEB-metric P/R/F1 (primary), bag-of-words P/R/F1,
docs/s, and newsline/peer ratios of AEB F1 and speed.

AEB_DIR defaults to $NEWSLINE_BENCH/aeb (NEWSLINE_BENCH defaults to ../shared/bench
relative to the repository root). The script creates bench/.venv on first run and
installs the peers there (trafilatura, readability-lxml, newspaper4k); a peer that
fails to install is reported and skipped.

Systems:
  newsline     `target/release/newsline analyze --input-format html` run ONCE on all
               pages (RAYON_NUM_THREADS=1); timed as a whole process, so its docs/s
               includes process start-up and the whole pipeline (entities, quotes,
               times, events), not only extraction. Body = the JSON `text` field.
  trafilatura  trafilatura.extract(html_bytes, url=url, include_comments=False)
  readability  readability.Document(html_bytes).summary() -> text (block-aware)
  newspaper    newspaper4k Article(url, fetch_images=False).download(input_html=str).parse().text

Peers are timed on the extraction call only (each library gets the raw bytes where
it decodes them itself; newspaper4k wants str, so it is decoded before timing).
A page that crashes or times out counts as empty output for that system.

Scores (both computed exactly as in crates/clean/examples/aeb.rs):
  AEB (primary)  the benchmark's own metric (its evaluate.py): tokens are
                 re.findall(r'\w+', text) with case kept; each page is a multiset of
                 4-token shingles (fewer than 4 tokens: one shingle of all of them; empty
                 text: none); TP = |pred & gold|, FP = |pred - gold|, FN = |gold - pred|
                 (multisets), each divided by TP+FP+FN (all 0 if that is 0). Per page,
                 P = 1 if FP = FN = 0, 0 if TP = FP = 0, else TP/(TP+FP); R = 1 if
                 FP = FN = 0, 0 if TP = FN = 0, else TP/(TP+FN). P is averaged over pages
                 with TP+FP > 0, R over pages with TP+FN > 0, F1 = 2PR/(P+R) of the means.
                 Published F1 (AEB README): trafilatura 0.958, readability-lxml 0.922,
                 newspaper4k 0.949.
  BoW            bag-of-words tokens (maximal runs of Unicode alphanumeric chars, i.e.
                 Rust char::is_alphanumeric = Alphabetic or Numeric, lowercased), P/R/F1
                 per page from the multiset overlap, averaged over pages; a page where
                 both outputs are empty scores 1/1/1.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
VENV = BENCH / ".venv"
# (pip requirement, distributions that must be present for it to count as installed).
# newspaper4k needs its ja/zh/nlp extras (tinysegmenter, jieba, nltk) or it raises
# ImportError on the Japanese/Chinese/Korean pages of AEB.
PACKAGES = [
    ("regex", ["regex"]),
    ("charset-normalizer", ["charset-normalizer"]),
    ("trafilatura", ["trafilatura"]),
    ("readability-lxml", ["readability-lxml"]),
    ("newspaper4k[ja,zh,nlp]", ["newspaper4k", "tinysegmenter", "jieba", "nltk"]),
]


# --------------------------------------------------------------------------- venv
def in_venv() -> bool:
    try:
        return Path(sys.prefix).resolve() == VENV.resolve()
    except OSError:
        return False


def bootstrap() -> None:
    """Create bench/.venv if needed, install packages, re-exec inside it."""
    py = VENV / "bin" / "python"
    if not py.exists():
        print(f"creating {VENV}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    failed = []
    for pkg, dists in PACKAGES:
        present = subprocess.run(
            [str(py), "-m", "pip", "show", "-q"] + dists,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        if present.returncode == 0 and not present.stderr.strip():
            continue
        print(f"pip install {pkg}", file=sys.stderr)
        r = subprocess.run([str(py), "-m", "pip", "install", "-q", pkg])
        if r.returncode != 0:
            failed.append(pkg)
    env = dict(os.environ)
    env["AEB_COMPARE_INSTALL_FAILED"] = ",".join(failed)
    os.execve(str(py), [str(py), str(Path(__file__).resolve())] + sys.argv[1:], env)


# --------------------------------------------------------------------------- metric
def make_tokenizer():
    try:
        import regex  # supports \p{Alphabetic}, matching Rust's char::is_alphabetic

        tok = regex.compile(r"[\p{Alphabetic}\p{N}]+")
        return lambda s: tok.findall(s)
    except ImportError:  # close approximation with the stdlib
        def split(s: str):
            out, cur = [], []
            for ch in s:
                if ch.isalnum():
                    cur.append(ch)
                elif cur:
                    out.append("".join(cur))
                    cur = []
            if cur:
                out.append("".join(cur))
            return out

        return split


TOKENIZE = None


def tokens(s: str) -> dict:
    m: dict = {}
    for t in TOKENIZE(s or ""):
        t = t.lower()
        m[t] = m.get(t, 0) + 1
    return m


def prf(pred: str, gold: str):
    p, g = tokens(pred), tokens(gold)
    np_, ng = sum(p.values()), sum(g.values())
    common = sum(min(c, g.get(t, 0)) for t, c in p.items())
    if np_ == 0 and ng == 0:
        return 1.0, 1.0, 1.0
    prec = common / np_ if np_ else 0.0
    rec = common / ng if ng else 0.0
    f = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f


# AEB's own metric (article-extraction-benchmark evaluate.py). Python's `re` \w on str
# is str.isalnum() or '_' (= [\p{L}\p{N}_]); the Rust example spells that class out.
AEB_TOKEN = re.compile(r"\w+")
PUBLISHED_F1 = {"trafilatura": 0.958, "readability": 0.922, "newspaper4k": 0.949}


def shingles(text: str, n: int = 4) -> Counter:
    toks = AEB_TOKEN.findall(text or "")
    return Counter(tuple(toks[i:i + n]) for i in range(max(1, len(toks) - n + 1))
                   if toks[i:i + n])


def shingle_match(pred: str, gold: str):
    """Normalised (TP, FP, FN) of AEB's string_shingle_matching(gold, pred)."""
    p, g = shingles(pred), shingles(gold)
    tp = sum((p & g).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def aeb_precision(m):
    tp, fp, fn = m
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def aeb_recall(m):
    tp, fp, fn = m
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def aeb_aggregate(per):
    ps = [aeb_precision(m) for m in per if m[0] + m[1] > 0]
    rs = [aeb_recall(m) for m in per if m[0] + m[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


# --------------------------------------------------------------------------- data
def load_pages(aeb: Path):
    gt = json.loads((aeb / "ground-truth.json").read_bytes())
    pages = []
    for k, v in gt.items():
        path = aeb / "html" / f"{k}.html.gz"
        try:
            html = gzip.decompress(path.read_bytes())
        except (OSError, EOFError, ValueError):
            continue
        body = v.get("articleBody") if isinstance(v, dict) else None
        url = v.get("url") if isinstance(v, dict) else None
        pages.append({"id": k, "html": html, "gold": body if isinstance(body, str) else "",
                      "url": url if isinstance(url, str) else None})
    return pages


def decode_html(b: bytes) -> str:
    """Bytes -> str for libraries that want str (BOM, <meta charset>, utf-8, detection)."""
    import re

    if b.startswith(b"\xef\xbb\xbf"):
        return b[3:].decode("utf-8", "replace")
    if b.startswith((b"\xff\xfe", b"\xfe\xff")):
        return b.decode("utf-16", "replace")
    m = re.search(rb"""<meta[^>]+charset=["']?\s*([A-Za-z0-9_:.-]+)""", b[:8192], re.I)
    if m:
        try:
            return b.decode(m.group(1).decode("ascii"), "replace")
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(b).best()
        if best is not None:
            return str(best)
    except Exception:
        pass
    return b.decode("latin-1")


# --------------------------------------------------------------------------- peers
class Timeout(Exception):
    pass


def _alarm(_sig, _frm):
    raise Timeout()


BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td",
    "th", "table", "blockquote", "pre", "section", "article", "header", "footer",
    "figure", "figcaption", "dd", "dt", "dl", "hr", "aside", "main", "nav",
}


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment with a line break around block elements."""
    import lxml.html

    root = lxml.html.fromstring(fragment)
    out = []

    def walk(el):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("script", "style"):
            if el.tail:
                out.append(el.tail)
            return
        block = tag.lower() in BLOCK_TAGS
        if block:
            out.append("\n")
        if el.text:
            out.append(el.text)
        for c in el:
            walk(c)
        if block:
            out.append("\n")
        if el.tail:
            out.append(el.tail)

    walk(root)
    return "".join(out)


def make_peers(only):
    peers = {}
    if "trafilatura" in only:
        try:
            import trafilatura

            def run_traf(page):
                t0 = time.perf_counter()
                txt = trafilatura.extract(page["html"], url=page["url"], include_comments=False)
                return txt or "", time.perf_counter() - t0, None

            peers["trafilatura"] = (run_traf, getattr(trafilatura, "__version__", "?"))
        except Exception as e:
            print(f"skipping trafilatura: {e}", file=sys.stderr)
    if "readability" in only:
        try:
            from readability import Document
            import importlib.metadata as md

            def run_read(page):
                t0 = time.perf_counter()
                summary = Document(page["html"], url=page["url"]).summary(html_partial=True)
                txt = html_to_text(summary) if summary and summary.strip() else ""
                return txt, time.perf_counter() - t0, None

            peers["readability"] = (run_read, md.version("readability-lxml"))
        except Exception as e:
            print(f"skipping readability-lxml: {e}", file=sys.stderr)
    if "newspaper" in only:
        try:
            import newspaper
            from newspaper import Article, Config
            import importlib.metadata as md

            cfg = Config()
            cfg.fetch_images = False
            cfg.memoize_articles = False

            def run_np(page):
                s = decode_html(page["html"])  # not timed: the library wants str
                t0 = time.perf_counter()
                a = Article(page["url"] or "http://example.com/article", config=cfg)
                a.download(input_html=s)
                a.parse()
                return a.text or "", time.perf_counter() - t0, None

            peers["newspaper4k"] = (run_np, md.version("newspaper4k"))
        except Exception as e:
            print(f"skipping newspaper4k: {e}", file=sys.stderr)
    return peers


def run_peer(name, fn, pages, timeout):
    outs, total, errors = [], 0.0, 0
    signal.signal(signal.SIGALRM, _alarm)
    for page in pages:
        t0 = time.perf_counter()
        try:
            signal.alarm(timeout)
            txt, dt, _ = fn(page)
        except (Exception, Timeout) as e:  # a crash counts as empty output
            dt = time.perf_counter() - t0
            txt = ""
            errors += 1
            msg = " ".join(str(e).replace("*", " ").split())[:160]
            print(f"  {name}: {page['id'][:12]} failed: {type(e).__name__}: {msg}",
                  file=sys.stderr)
        finally:
            signal.alarm(0)
        total += dt
        outs.append(txt)
    return outs, total, errors


# --------------------------------------------------------------------------- newsline
def run_newsline(binary: Path, pages, workdir: Path):
    html_dir = workdir / "aeb_html"
    html_dir.mkdir(parents=True, exist_ok=True)
    files = []
    for p in pages:
        f = html_dir / f"{p['id']}.html"
        if not f.exists() or f.stat().st_size != len(p["html"]):
            f.write_bytes(p["html"])
        files.append(f)
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    data = workdir / "newsline-data"
    cmd = [str(binary), "analyze", "-q", "--data", str(data), "--input-format", "html"] + [
        str(f) for f in files
    ]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    secs = time.perf_counter() - t0
    if r.returncode != 0:
        print(f"newsline exited with {r.returncode}: {r.stderr.decode(errors='replace')[-500:]}",
              file=sys.stderr)
    by_stem = {}
    for line in r.stdout.splitlines():
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        src = obj.get("source") or ""
        stem = Path(src).name
        if stem.endswith(".html"):
            stem = stem[: -len(".html")]
        by_stem[stem] = obj.get("text") or ""
    outs = [by_stem.get(p["id"], "") for p in pages]
    missing = sum(1 for p in pages if p["id"] not in by_stem)
    return outs, secs, missing


# --------------------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default_bench = Path(os.environ.get("NEWSLINE_BENCH", ROOT.parent / "shared" / "bench"))
    ap.add_argument("aeb", nargs="?", default=str(default_bench / "aeb"))
    ap.add_argument("--newsline", default=str(ROOT / "target" / "release" / "newsline"))
    ap.add_argument("--only", default="newsline,trafilatura,readability,newspaper")
    ap.add_argument("--timeout", type=int, default=60, help="per-page seconds for a peer")
    ap.add_argument("--per-page", help="write per-page AEB P, AEB R and BoW F1 of every system "
                    "to this TSV")
    ap.add_argument("--text-dumps", help="score text-mode cleaning on these dumps instead")
    ap.add_argument("--aeb-example", default=str(ROOT / "target" / "release" / "examples" / "aeb"),
                    help="the newsline-clean `aeb` example binary (text-dump mode)")
    args = ap.parse_args()

    global TOKENIZE
    TOKENIZE = make_tokenizer()
    import warnings

    warnings.filterwarnings("ignore")  # peers' date-parsing/NLP chatter
    failed = [x for x in os.environ.get("AEB_COMPARE_INSTALL_FAILED", "").split(",") if x]
    for pkg in failed:
        print(f"NOTE: pip install {pkg} failed; skipped", file=sys.stderr)

    aeb = Path(args.aeb)
    if not (aeb / "ground-truth.json").exists():
        print(f"AEB benchmark not found at {aeb}: skipped")
        return
    pages = load_pages(aeb)
    if args.text_dumps:
        text_dump_mode(aeb, pages, Path(args.text_dumps), Path(args.aeb_example), args)
        return
    n = len(pages)
    print(f"AEB: {n} pages from {aeb}", file=sys.stderr)
    only = set(args.only.split(","))
    results = {}  # name -> (outs, secs, errors, version, note)

    if "newsline" in only:
        binary = Path(args.newsline)
        if binary.exists():
            print("running newsline analyze (one process, RAYON_NUM_THREADS=1)", file=sys.stderr)
            outs, secs, missing = run_newsline(binary, pages, BENCH / "out")
            results["newsline"] = (outs, secs, missing, "analyze", "whole process")
        else:
            print(f"skipping newsline: {binary} not found "
                  "(cargo build --release -p newsline)", file=sys.stderr)

    for name, (fn, version) in make_peers(only).items():
        print(f"running {name} {version}", file=sys.stderr)
        outs, secs, errors = run_peer(name, fn, pages, args.timeout)
        results[name] = (outs, secs, errors, version, "extraction calls")

    scores = {}
    for name, (outs, secs, errors, version, note) in results.items():
        bow = [prf(o, p["gold"]) for o, p in zip(outs, pages)]
        per_aeb = [shingle_match(o, p["gold"]) for o, p in zip(outs, pages)]
        k = max(len(bow), 1)
        scores[name] = {
            "aeb": aeb_aggregate(per_aeb),
            "bow": tuple(sum(x[i] for x in bow) / k for i in range(3)),
            "dps": n / secs if secs > 0 else float("inf"),
            "empty": sum(1 for o in outs if not o.strip()),
            "err": errors,
            "per_aeb": per_aeb,
            "per_bow": bow,
        }

    ref = scores.get("newsline")
    hdr = (f"{'system':<24} {'AEB P':>6} {'AEB R':>6} {'AEB F1':>6} {'publ.':>6} "
           f"{'BoW P':>6} {'BoW R':>6} {'BoW F1':>6} {'docs/s':>8} {'empty':>5} {'err':>4} "
           f"{'NL/peer F1':>10} {'NL/peer speed':>13}")
    print(hdr)
    print("-" * len(hdr))
    for name, sc in scores.items():
        label = f"{name} {results[name][3]}"
        (ap, ar, af), (bp, br, bf), dps = sc["aeb"], sc["bow"], sc["dps"]
        if ref is not None and name != "newsline":
            rf = f"{ref['aeb'][2] / af:.2f}x" if af > 0 else "inf"
            rs = f"{ref['dps'] / dps:.2f}x" if dps > 0 else "inf"
        else:
            rf = rs = "-"
        pub = PUBLISHED_F1.get(name)
        pub = f"{pub:6.3f}" if pub is not None else f"{'-':>6}"
        print(f"{label:<24} {ap:6.3f} {ar:6.3f} {af:6.3f} {pub} {bp:6.3f} {br:6.3f} {bf:6.3f} "
              f"{dps:8.1f} {sc['empty']:5d} {sc['err']:4d} {rf:>10} {rs:>13}")
    print(f"({n} pages; AEB = the benchmark's own metric (4-token shingles, case kept; P averaged "
          "over pages with TP+FP>0, R over pages with TP+FN>0, F1 from the two means); publ. = "
          "F1 published in the AEB README; BoW = lowercase bag-of-words P/R/F1, mean per page; both "
          "as in crates/clean/examples/aeb.rs; NL/peer F1 uses AEB F1; "
          "docs/s on one core: newsline = whole `newsline analyze` process incl. start-up and full "
          "pipeline, peers = extraction calls only; 'empty' = pages with no text, "
          "'err' = crashes/timeouts (newsline: pages missing from its output))")

    # Cross-check: the Rust example scores the clean stage in-process with the same metric.
    example = Path(args.newsline).parent / "examples" / "aeb"
    if "newsline" in results and example.exists():
        r = subprocess.run([str(example), str(aeb)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           env=dict(os.environ, RAYON_NUM_THREADS="1"))
        line = r.stdout.decode(errors="replace").strip().splitlines()
        stamp = time.strftime("%Y-%m-%d %H:%M", time.gmtime(example.stat().st_mtime))
        if line:
            print(f"cross-check, {example.relative_to(ROOT) if example.is_relative_to(ROOT) else example} "
                  f"(built {stamp} UTC; clean stage only, in-process): {line[-1]}")

    if args.per_page:
        names = list(scores)
        with open(args.per_page, "w", encoding="utf-8") as fh:
            cols = [f"{s}_{c}" for s in names for c in ("aeb_p", "aeb_r", "bow_f1")]
            fh.write("id\t" + "\t".join(cols) + "\n")
            for i, p in enumerate(pages):
                vals = []
                for s in names:
                    m = scores[s]["per_aeb"][i]
                    vals += [f"{aeb_precision(m):.3f}", f"{aeb_recall(m):.3f}",
                             f"{scores[s]['per_bow'][i][2]:.3f}"]
                fh.write(p["id"] + "\t" + "\t".join(vals) + "\n")


def text_dump_mode(aeb: Path, pages, dumps: Path, example: Path, args):
    import html as htmllib
    import tempfile

    have = [p for p in pages if (dumps / f"{p['id']}.txt").exists()]
    if not have:
        print(f"SKIPPED: no dumps in {dumps} (run bench/aeb_textdump.py)")
        return
    for p in have:
        p["dump"] = (dumps / f"{p['id']}.txt").read_text(encoding="utf-8")
    results = {"raw dump": ([p["dump"] for p in have], 0.0)}
    if example.exists():
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            r = subprocess.run([str(example), str(aeb), "--text-dumps", str(dumps), "--out", tmp],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=dict(os.environ, RAYON_NUM_THREADS="1"))
            secs = time.perf_counter() - t0
            print(r.stdout.decode(errors="replace").strip(), file=sys.stderr)
            outs = []
            for p in have:
                f = Path(tmp) / f"{p['id']}.txt"
                outs.append(f.read_text(encoding="utf-8") if f.exists() else "")
            results["newsline text mode"] = (outs, secs)
    else:
        print(f"skipping newsline: {example} not found", file=sys.stderr)

    def wrap(dump: str) -> bytes:
        body = "".join(f"<p>{htmllib.escape(l)}</p>\n" for l in dump.splitlines() if l.strip())
        return f"<html><body>{body}</body></html>".encode("utf-8")

    try:
        import trafilatura

        outs, secs = [], 0.0
        for p in have:
            h = wrap(p["dump"])
            t0 = time.perf_counter()
            try:
                outs.append(trafilatura.extract(h, include_comments=False) or "")
            except Exception:
                outs.append("")
            secs += time.perf_counter() - t0
        results[f"trafilatura {trafilatura.__version__} (<p>)"] = (outs, secs)
    except ImportError as e:
        print(f"skipping trafilatura: {e}", file=sys.stderr)
    try:
        import justext

        stop = justext.get_stoplist("English")
        outs, secs = [], 0.0
        for p in have:
            h = wrap(p["dump"])
            t0 = time.perf_counter()
            try:
                ps = justext.justext(h, stop)
                outs.append("\n".join(x.text for x in ps if not x.is_boilerplate))
            except Exception:
                outs.append("")
            secs += time.perf_counter() - t0
        results["jusText (<p>, English)"] = (outs, secs)
    except ImportError as e:
        print(f"skipping jusText: {e}", file=sys.stderr)

    hdr = f"{'system':<34} {'AEB P':>6} {'AEB R':>6} {'AEB F1':>6} {'empty':>5} {'docs/s':>8}"
    print(hdr)
    print("-" * len(hdr))
    per_page = {}
    for name, (outs, secs) in results.items():
        per = [shingle_match(o, p["gold"]) for o, p in zip(outs, have)]
        per_page[name] = per
        ap_, ar, af = aeb_aggregate(per)
        dps = f"{len(have) / secs:8.1f}" if secs > 0 else f"{'-':>8}"
        empty = sum(1 for o in outs if not o.strip())
        print(f"{name:<34} {ap_:6.3f} {ar:6.3f} {af:6.3f} {empty:5d} {dps}")
    print(f"({len(have)} text dumps from {dumps}; AEB metric as in the HTML mode; newsline docs/s "
          "is the whole example process, peers' the extraction calls)")
    if args.per_page:
        names = list(per_page)
        with open(args.per_page, "w", encoding="utf-8") as fh:
            fh.write("id\t" + "\t".join(f"{n}_{c}" for n in names for c in ("p", "r")) + "\n")
            for i, p in enumerate(have):
                vals = []
                for n in names:
                    m = per_page[n][i]
                    vals += [f"{aeb_precision(m):.3f}", f"{aeb_recall(m):.3f}"]
                fh.write(p["id"] + "\t" + "\t".join(vals) + "\n")


if __name__ == "__main__":
    if not in_venv() and not os.environ.get("AEB_COMPARE_NO_VENV"):
        bootstrap()
    main()
