#!/usr/bin/env python3
r"""Dump every AEB page's visible text the way a naive scraper saves a page.

    python3 bench/aeb_textdump.py [AEB_DIR] [--out DIR] [--style blocks|blank|nodes]

One text file per page (`<id>.txt`) in DIR (default `target/aeb-dumps/`, outside
the tracked tree): block-level elements become lines, inline text is joined with
its whitespace collapsed, `script`, `style`, `noscript`, `template` (and the
`<head>`) are dropped, HTML entities are decoded. Nothing else is removed: menus,
share bars, teasers, comment forms and footers all stay, one block per line.

Other layouts, to check that the cleaner generalises beyond one dump format:
`--style blank` puts a blank line between blocks; `--style nodes` puts every text
node on its own line (inline links split paragraphs, as `itertext()` scrapers do).

Score the dumps side by side (raw dump, newsline's text-mode cleaner, trafilatura
and jusText on the dumps) with:

    cargo build --release -p newsline-clean --example aeb   (CARGO_TARGET_DIR as you use it)
    python3 bench/aeb_compare.py --text-dumps target/aeb-dumps --aeb-example PATH/examples/aeb

Runs inside bench/.venv (created by aeb_compare.py; needs lxml).
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

# Elements that start a new line in a rendered page.
BLOCK = {
    "address", "article", "aside", "blockquote", "body", "br", "button", "caption", "center",
    "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
    "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hgroup", "hr", "html", "iframe", "legend", "li", "main", "menu", "nav", "noframes", "ol",
    "option", "p", "pre", "section", "select", "summary", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul", "textarea", "label", "input",
}
DROP = {"script", "style", "noscript", "template", "head", "title", "meta", "link", "svg"}
WS = re.compile(r"\s+")


def dump(html: bytes, style: str = "blocks") -> str:
    import lxml.html
    from lxml import etree

    from aeb_compare import decode_html

    text = decode_html(html)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        try:
            root = lxml.html.document_fromstring(text.encode("utf-8", "replace"))
        except (etree.ParserError, ValueError):
            return ""
    lines: list[str] = []
    cur: list[str] = []

    def flush():
        line = WS.sub(" ", "".join(cur)).strip()
        if line:
            lines.append(line)
        cur.clear()

    def walk(el):
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if tag is None:  # comment or processing instruction: only its tail is text
            if el.tail:
                cur.append(el.tail)
            return
        if tag in DROP:
            if el.tail:
                cur.append(el.tail)
            return
        block = tag in BLOCK
        if block:
            flush()
        if el.text:
            cur.append(el.text)
        for c in el:
            walk(c)
        if block:
            flush()
        if el.tail:
            cur.append(el.tail)

    if style == "nodes":
        for bad in root.xpath("//script|//style|//noscript|//template|//head|//svg"):
            bad.drop_tree()
        lines = [WS.sub(" ", t).strip() for t in root.itertext()]
        return "\n".join(t for t in lines if t) + "\n"
    walk(root)
    flush()
    sep = "\n\n" if style == "blank" else "\n"
    return sep.join(lines) + "\n"


def main():
    default_bench = Path(os.environ.get("NEWSLINE_BENCH", ROOT.parent / "shared" / "bench"))
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("aeb", nargs="?", default=str(default_bench / "aeb"))
    ap.add_argument("--out", default=str(ROOT / "target" / "aeb-dumps"))
    ap.add_argument("--style", choices=["blocks", "blank", "nodes"], default="blocks")
    args = ap.parse_args()
    aeb = Path(args.aeb)
    gt_path = aeb / "ground-truth.json"
    if not gt_path.exists():
        print(f"SKIPPED: AEB benchmark not found at {aeb}")
        return
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    gt = json.loads(gt_path.read_bytes())
    n = 0
    for k in gt:
        path = aeb / "html" / f"{k}.html.gz"
        try:
            html = gzip.decompress(path.read_bytes())
        except (OSError, EOFError, ValueError):
            continue
        (out / f"{k}.txt").write_text(dump(html, args.style), encoding="utf-8")
        n += 1
    print(f"{n} dumps written to {out}")


if __name__ == "__main__":
    main()
