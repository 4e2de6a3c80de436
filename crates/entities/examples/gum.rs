//! NER on GUM with the issue-5 rules:
//! `cargo run --release -p newsline-entities --example gum -- [DIR] [--split dev|test|train]`
//! (default `../shared/bench/gum` from the repository root, split `dev`).
//!
//! Gold: GUM person / organization / place mentions whose first token after a
//! leading determiner is NNP/NNPS. A system name mention (leading "the" and
//! trailing "'s" trimmed) matches the smallest still-unmatched gold mention
//! that contains it and covers its head word (the token whose head, in the
//! CoNLL-U file, lies outside the mention), one to one. Span F1 ignores the
//! type; typed F1 requires it. Unmatched system mentions typed person,
//! organization or place are false positives; `other` is ignored.
//!
//! Also prints the throughput of `analyze` (GUM tokens per second, one
//! thread) and pairwise person clustering against GUM coreference chains.
//!
//! Peer comparison helpers (used by `bench/gum_compare.py`):
//! `--dump-text OUTDIR` writes the rebuilt texts (`<doc>.txt`) of the split;
//! `--score FILE` scores a prediction file of `doc<TAB>start<TAB>end<TAB>type`
//! lines (code-point offsets into the rebuilt text) with the same rules.
//! `GUM_ERRORS=1` lists false negatives, false positives and type errors.

mod gum_data;

use std::collections::BTreeMap;
use std::path::Path;

use gum_data::{align, load, prf, score, split_docs, trim_pred, Counts, Doc, Pred, TYPES};
use newsline_model::{CharMap, EntityType, MentionKind, Span};

fn paragraphs(text: &str) -> Vec<Span> {
    let mut paras = Vec::new();
    let mut pos = 0;
    for line in text.split('\n') {
        paras.push(Span::new(pos, pos + line.len()));
        pos += line.len() + 1;
    }
    paras
}

fn type_name(t: EntityType) -> Option<&'static str> {
    match t {
        EntityType::Person => Some("person"),
        EntityType::Organization => Some("organization"),
        EntityType::Place => Some("place"),
        _ => None,
    }
}

fn print_scores(label: &str, total: &Counts) {
    for (k, ty) in TYPES.iter().enumerate() {
        let (p, r, f) = prf(total.tp[k], total.pred[k], total.gold[k]);
        println!(
            "{label} {ty:<13} P {p:.3}  R {r:.3}  F1 {f:.3}  (gold {}, predicted {})",
            total.gold[k], total.pred[k]
        );
    }
    let (t, p, g) = (
        total.tp.iter().sum(),
        total.pred.iter().sum(),
        total.gold.iter().sum(),
    );
    let (pp, rr, ff) = prf(t, p, g);
    let (sp, sr, sf) = prf(total.span_tp, p, g);
    println!("{label} typed  P {pp:.3}  R {rr:.3}  F1 {ff:.3}");
    println!("{label} span   P {sp:.3}  R {sr:.3}  F1 {sf:.3}");
}

/// Pairwise clustering counts: (system-same & gold-same, system-same, gold-same).
fn clustering(doc: &Doc, a: &newsline_entities::EntityAnalysis) -> (usize, usize, usize) {
    let map = CharMap::new(&doc.text);
    let chars: Vec<char> = doc.text.chars().collect();
    let gold: Vec<&gum_data::GoldMention> = doc
        .mentions
        .iter()
        .filter(|m| m.etype == "person")
        .collect();
    let gspans: Vec<(usize, usize, usize, usize)> = gold
        .iter()
        .map(|m| {
            let (s, e) = doc.span(m);
            let h = doc.toks.get(m.head).map_or((s, e), |t| (t.start, t.end));
            (s, e, h.0, h.1)
        })
        .collect();
    let mut sys: Vec<((usize, usize), usize)> = Vec::new();
    for (ei, e) in a.entities().iter().enumerate() {
        if e.etype != EntityType::Person {
            continue;
        }
        for m in &e.mentions {
            let c = map.span_to_char(m.span);
            sys.push((trim_pred(&chars, c.start, c.end), ei));
        }
    }
    let spans: Vec<(usize, usize)> = sys.iter().map(|s| s.0).collect();
    let al = align(&gspans, &spans);
    let pairs: Vec<(usize, usize)> = sys
        .iter()
        .zip(&al)
        .filter_map(|(s, g)| g.and_then(|g| gold.get(g)).map(|m| (s.1, m.chain)))
        .collect();
    let (mut both, mut s_same, mut g_same) = (0, 0, 0);
    for i in 0..pairs.len() {
        for j in i + 1..pairs.len() {
            let s = pairs[i].0 == pairs[j].0;
            let g = pairs[i].1 == pairs[j].1;
            both += usize::from(s && g);
            s_same += usize::from(s);
            g_same += usize::from(g);
        }
    }
    (both, s_same, g_same)
}

fn score_file(root: &Path, docs: &[Doc], file: &str) {
    let mut preds: BTreeMap<String, Vec<Pred>> = BTreeMap::new();
    for line in gum_data::read_text(file).lines() {
        let c: Vec<&str> = line.split('\t').collect();
        if let [d, s, e, t] = c.as_slice() {
            if let (Ok(s), Ok(e)) = (s.parse::<usize>(), e.parse::<usize>()) {
                preds
                    .entry(d.to_string())
                    .or_default()
                    .push((s, e, t.to_string()));
            }
        }
    }
    let mut total = Counts::default();
    for d in docs {
        let chars: Vec<char> = d.text.chars().collect();
        let p: Vec<Pred> = preds
            .get(&d.name)
            .map(|v| {
                v.iter()
                    .map(|(s, e, t)| {
                        let (a, b) = trim_pred(&chars, *s, *e);
                        (a, b, t.clone())
                    })
                    .collect()
            })
            .unwrap_or_default();
        total.add(&score(d, &p, false).0);
    }
    let _ = root;
    print_scores("peer", &total);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut root = gum_data::default_root();
    let mut split = "dev".to_string();
    let mut dump: Option<String> = None;
    let mut scorefile: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--split" => split = it.next().cloned().unwrap_or(split),
            "--dump-text" => dump = it.next().cloned(),
            "--score" => scorefile = it.next().cloned(),
            other => root = other.to_string(),
        }
    }
    let root = Path::new(&root);
    let names = split_docs(root, &split);
    let docs: Vec<Doc> = names.iter().filter_map(|n| load(root, n)).collect();
    if docs.is_empty() {
        println!("SKIPPED: GUM not found at {}", root.display());
        return;
    }
    let n_tok: usize = docs.iter().map(|d| d.toks.len()).sum();
    if let Some(dir) = dump {
        let _ = std::fs::create_dir_all(&dir);
        for d in &docs {
            let _ = std::fs::write(Path::new(&dir).join(format!("{}.txt", d.name)), &d.text);
        }
        println!("wrote {} texts ({n_tok} tokens) to {dir}", docs.len());
        return;
    }
    if let Some(f) = scorefile {
        score_file(root, &docs, &f);
        return;
    }
    let errors = std::env::var("GUM_ERRORS").is_ok();
    let paras: Vec<Vec<Span>> = docs.iter().map(|d| paragraphs(&d.text)).collect();
    // throughput: the whole entity step, best of 5 passes over the split
    let _ = newsline_entities::analyze("Warm up.", &[], None);
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t0 = std::time::Instant::now();
        for (d, p) in docs.iter().zip(&paras) {
            std::hint::black_box(newsline_entities::analyze(&d.text, p, None));
        }
        best = best.min(t0.elapsed().as_secs_f64());
    }
    let mut best_tag = f64::MAX;
    for _ in 0..5 {
        let t0 = std::time::Instant::now();
        for d in &docs {
            std::hint::black_box(newsline_entities::ner::tag_text(&d.text));
        }
        best_tag = best_tag.min(t0.elapsed().as_secs_f64());
    }
    let mut total = Counts::default();
    let (mut both, mut s_same, mut g_same) = (0, 0, 0);
    for (d, p) in docs.iter().zip(&paras) {
        let a = newsline_entities::analyze(&d.text, p, None);
        let map = CharMap::new(&d.text);
        let chars: Vec<char> = d.text.chars().collect();
        let mut preds: Vec<Pred> = Vec::new();
        for e in a.entities() {
            let Some(ty) = type_name(e.etype) else {
                continue;
            };
            for m in e.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
                let c = map.span_to_char(m.span);
                let (s, t) = trim_pred(&chars, c.start, c.end);
                preds.push((s, t, ty.to_string()));
            }
        }
        let (c, lines) = score(d, &preds, errors);
        for l in lines {
            eprintln!("{} {l}", d.name);
        }
        total.add(&c);
        let (b, s, g) = clustering(d, &a);
        both += b;
        s_same += s;
        g_same += g;
    }
    println!(
        "GUM {split}: {} documents, {n_tok} tokens; analyze {:.3}s = {:.0} tokens/s (one thread, best of 5)",
        docs.len(),
        best,
        n_tok as f64 / best
    );
    println!(
        "  of which the tagger alone (tokenise + tag): {:.0} tokens/s",
        n_tok as f64 / best_tag
    );
    print_scores("newsline", &total);
    let (p, r, f) = prf(both, s_same, g_same);
    println!(
        "person clustering (pairwise, aligned mentions): P {p:.3}  R {r:.3}  F1 {f:.3}  (pairs: both {both}, system {s_same}, gold {g_same})"
    );
}
