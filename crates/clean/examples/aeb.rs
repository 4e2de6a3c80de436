//! Article Body Extraction benchmark (<https://github.com/scrapinghub/article-extraction-benchmark>).
//!
//! `cargo run --release -p newsline-clean --example aeb -- /path/to/aeb`
//! (default: `../shared/bench/aeb` relative to the repository root;
//! `AEB_VERBOSE=1` prints per-page figures).
//!
//! `--text-dumps DIR` scores the text-mode cleaner instead, on the plain-text
//! dumps written by `bench/aeb_textdump.py` (`DIR/<id>.txt`); `--out DIR`
//! writes each page's extracted body to `DIR/<id>.txt` (for
//! `bench/aeb_compare.py --text-dumps`).
//!
//! Primary figure: the benchmark's own metric (its `evaluate.py`): tokens are
//! `\w+` runs with case kept; each page is a multiset of 4-token shingles (a
//! text of fewer than 4 tokens gives one shingle of all its tokens, an empty
//! text none); TP/FP/FN are multiset intersection/differences normalised by
//! their sum; precision is averaged over pages with TP+FP > 0, recall over
//! pages with TP+FN > 0, and F1 is computed from the two means.
//! Secondary figure: lowercase bag-of-words token P/R/F1, mean per page.
//! `bench/aeb_compare.py` computes both in exactly the same way.
use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

use newsline_model::{InputFormat, RawDoc};
use regex::Regex;

/// Python's `re` `\w` on `str`: `str.isalnum()` (letters L*, numbers N*) or `_`.
/// The regex crate's `\w` is not the same set (it adds marks, connector
/// punctuation and joiners, and lacks `No` such as `½`), which changes shingles
/// on several AEB pages, so Python's class is spelled out.
const PY_WORD: &str = r"[\p{L}\p{N}_]+";

/// Multiset of 4-token shingles of `text`, as in AEB's `_all_shingles(text, 4)`.
fn shingles<'a>(word: &Regex, text: &'a str) -> HashMap<Vec<&'a str>, usize> {
    const N: usize = 4;
    let toks: Vec<&str> = word.find_iter(text).map(|m| m.as_str()).collect();
    let mut m = HashMap::new();
    if toks.is_empty() {
        return m;
    }
    if toks.len() < N {
        m.insert(toks, 1);
        return m;
    }
    for w in toks.windows(N) {
        *m.entry(w.to_vec()).or_insert(0) += 1;
    }
    m
}

/// Normalised (TP, FP, FN) of AEB's `string_shingle_matching(gold, pred)`.
fn shingle_match(word: &Regex, pred: &str, gold: &str) -> (f64, f64, f64) {
    let (p, g) = (shingles(word, pred), shingles(word, gold));
    let mut tp = 0usize;
    let mut fp = 0usize;
    for (s, c) in &p {
        let gc = g.get(s).copied().unwrap_or(0);
        tp += (*c).min(gc);
        fp += c.saturating_sub(gc);
    }
    let fn_: usize = g
        .iter()
        .map(|(s, c)| c.saturating_sub(p.get(s).copied().unwrap_or(0)))
        .sum();
    let total = (tp + fp + fn_) as f64;
    if total == 0.0 {
        return (0.0, 0.0, 0.0);
    }
    (tp as f64 / total, fp as f64 / total, fn_ as f64 / total)
}

fn aeb_precision((tp, fp, fn_): (f64, f64, f64)) -> f64 {
    if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fp == 0.0 {
        0.0
    } else {
        tp / (tp + fp)
    }
}

fn aeb_recall((tp, fp, fn_): (f64, f64, f64)) -> f64 {
    if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fn_ == 0.0 {
        0.0
    } else {
        tp / (tp + fn_)
    }
}

/// AEB aggregate: (precision, recall, F1, pages counted for P, pages counted for R).
fn aeb_aggregate(per: &[(f64, f64, f64)]) -> (f64, f64, f64, usize, usize) {
    let ps: Vec<f64> = per
        .iter()
        .filter(|m| m.0 + m.1 > 0.0)
        .map(|m| aeb_precision(*m))
        .collect();
    let rs: Vec<f64> = per
        .iter()
        .filter(|m| m.0 + m.2 > 0.0)
        .map(|m| aeb_recall(*m))
        .collect();
    let mean = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let (p, r) = (mean(&ps), mean(&rs));
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f, ps.len(), rs.len())
}

fn tokens(s: &str) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for t in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        *m.entry(t.to_lowercase()).or_insert(0) += 1;
    }
    m
}

fn prf(pred: &str, gold: &str) -> (f64, f64, f64) {
    let (p, g) = (tokens(pred), tokens(gold));
    let np: usize = p.values().sum();
    let ng: usize = g.values().sum();
    let common: usize = p
        .iter()
        .map(|(t, c)| (*c).min(*g.get(t).unwrap_or(&0)))
        .sum();
    if np == 0 && ng == 0 {
        return (1.0, 1.0, 1.0);
    }
    let prec = if np == 0 {
        0.0
    } else {
        common as f64 / np as f64
    };
    let rec = if ng == 0 {
        0.0
    } else {
        common as f64 / ng as f64
    };
    let f = if prec + rec == 0.0 {
        0.0
    } else {
        2.0 * prec * rec / (prec + rec)
    };
    (prec, rec, f)
}

/// Command-line options: `[AEB_DIR] [--text-dumps DIR] [--out DIR]`.
struct Opts {
    dir: PathBuf,
    text_dumps: Option<PathBuf>,
    out: Option<PathBuf>,
}

fn opts() -> Opts {
    let mut o = Opts {
        dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/aeb"),
        text_dumps: None,
        out: None,
    };
    if let Some(b) = std::env::var_os("NEWSLINE_BENCH") {
        o.dir = PathBuf::from(b).join("aeb");
    }
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--text-dumps" => o.text_dumps = args.next().map(PathBuf::from),
            "--out" => o.out = args.next().map(PathBuf::from),
            _ => o.dir = PathBuf::from(a),
        }
    }
    o
}

fn main() {
    let o = opts();
    let dir = o.dir.clone();
    let gt_path = dir.join("ground-truth.json");
    let Ok(gt_bytes) = std::fs::read(&gt_path) else {
        println!("SKIPPED: AEB benchmark not found at {}", dir.display());
        return;
    };
    let gt: serde_json::Value = match serde_json::from_slice(&gt_bytes) {
        Ok(v) => v,
        Err(e) => {
            println!("bad ground truth: {e}");
            return;
        }
    };
    let Some(items) = gt.as_object() else {
        println!("bad ground truth: not an object");
        return;
    };
    let mut pages = Vec::new();
    for (k, v) in items {
        let raw = if let Some(td) = &o.text_dumps {
            match std::fs::read(td.join(format!("{k}.txt"))) {
                Ok(b) => b,
                Err(_) => continue,
            }
        } else {
            let path = dir.join("html").join(format!("{k}.html.gz"));
            let Ok(gz) = std::fs::read(&path) else {
                continue;
            };
            let mut html = Vec::new();
            if flate2::read::GzDecoder::new(gz.as_slice())
                .read_to_end(&mut html)
                .is_err()
            {
                continue;
            }
            html
        };
        let body = v
            .get("articleBody")
            .and_then(|b| b.as_str())
            .unwrap_or("")
            .to_string();
        let url = v.get("url").and_then(|b| b.as_str()).map(str::to_string);
        pages.push((k.clone(), raw, body, url));
    }
    if pages.is_empty() {
        println!("SKIPPED: no AEB pages read");
        return;
    }
    let format = if o.text_dumps.is_some() {
        InputFormat::Text
    } else {
        InputFormat::Html
    };
    let word = match Regex::new(PY_WORD) {
        Ok(r) => r,
        Err(e) => {
            println!("bad token regex: {e}");
            return;
        }
    };
    let start = Instant::now();
    let mut texts = Vec::with_capacity(pages.len());
    let mut errors = 0;
    let verbose = std::env::var_os("AEB_VERBOSE").is_some();
    for (k, html, _, url) in &pages {
        let doc = RawDoc {
            source: k.clone(),
            record: None,
            record_id: None,
            format,
            content: String::from_utf8_lossy(html).into_owned(),
            raw: html.clone(),
            charset: "utf-8".into(),
            url: url.clone(),
            title: None,
            published: None,
            crawl_date: None,
            no_clean: false,
            warnings: vec![],
        };
        let text = match newsline_clean::clean(&doc) {
            Ok(c) => c.text,
            Err(_) => {
                errors += 1;
                String::new()
            }
        };
        texts.push(text);
    }
    let secs = start.elapsed().as_secs_f64();
    if let Some(out) = &o.out {
        if let Err(e) = std::fs::create_dir_all(out) {
            println!("cannot create {}: {e}", out.display());
            return;
        }
        for ((k, ..), text) in pages.iter().zip(&texts) {
            if let Err(e) = std::fs::write(out.join(format!("{k}.txt")), text) {
                println!("cannot write {}: {e}", out.display());
                return;
            }
        }
    }
    let (mut sp, mut sr, mut sf) = (0.0, 0.0, 0.0);
    let mut per = Vec::with_capacity(pages.len());
    for ((k, _, gold, _), text) in pages.iter().zip(&texts) {
        let m = shingle_match(&word, text, gold);
        let (p, r, f) = prf(text, gold);
        if verbose {
            println!(
                "{k:.12} shingle P={:.3} R={:.3} | bow P={p:.3} R={r:.3} F1={f:.3}",
                aeb_precision(m),
                aeb_recall(m)
            );
        }
        per.push(m);
        sp += p;
        sr += r;
        sf += f;
    }
    let (ap, ar, af, np, nr) = aeb_aggregate(&per);
    let n = pages.len().max(1) as f64;
    let mode = if o.text_dumps.is_some() {
        "text dumps"
    } else {
        "html"
    };
    println!(
        "AEB ({mode}): {} pages, AEB metric (4-token shingles, P over {np} pages, R over {nr}): \
         precision {ap:.3}, recall {ar:.3}, F1 {af:.3}; bag-of-words (mean per page): \
         precision {:.3}, recall {:.3}, F1 {:.3}; {} without text, {:.1} docs/s",
        pages.len(),
        sp / n,
        sr / n,
        sf / n,
        errors,
        pages.len() as f64 / secs.max(1e-9)
    );
}
