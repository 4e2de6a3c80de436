//! Article Body Extraction benchmark (bag-of-words token P/R/F1, as in the AEB paper).
//!
//! `cargo run --release -p newsline-clean --example aeb -- /path/to/aeb`
//! (default: `../shared/bench/aeb` relative to the repository root).
use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

use newsline_model::{InputFormat, RawDoc};

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

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/aeb")
        });
    let gt_path = dir.join("ground-truth.json");
    let Ok(gt_bytes) = std::fs::read(&gt_path) else {
        println!("AEB benchmark not found at {}: skipped", dir.display());
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
        let body = v
            .get("articleBody")
            .and_then(|b| b.as_str())
            .unwrap_or("")
            .to_string();
        let url = v.get("url").and_then(|b| b.as_str()).map(str::to_string);
        pages.push((k.clone(), html, body, url));
    }
    let start = Instant::now();
    let (mut sp, mut sr, mut sf) = (0.0, 0.0, 0.0);
    let mut errors = 0;
    let verbose = std::env::var_os("AEB_VERBOSE").is_some();
    for (k, html, gold, url) in &pages {
        let doc = RawDoc {
            source: k.clone(),
            record: None,
            record_id: None,
            format: InputFormat::Html,
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
        let (p, r, f) = prf(&text, gold);
        if verbose {
            println!("{k:.12} P={p:.3} R={r:.3} F1={f:.3}");
        }
        sp += p;
        sr += r;
        sf += f;
    }
    let secs = start.elapsed().as_secs_f64();
    let n = pages.len().max(1) as f64;
    println!(
        "AEB: {} pages, precision {:.3}, recall {:.3}, F1 {:.3} (mean per page), {} without text, {:.1} docs/s",
        pages.len(),
        sp / n,
        sr / n,
        sf / n,
        errors,
        pages.len() as f64 / secs.max(1e-9)
    );
}
