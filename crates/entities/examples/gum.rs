//! NER on GUM dev: `cargo run --release -p newsline-entities --example gum -- [DIR]`
//! (default `../shared/bench/gum` from the repository root).
//!
//! Gold: GUM entity mentions typed person / organization / place that look
//! like names (every word capitalised apart from connectors, a leading
//! "the" dropped). Predicted: name mentions of the same three types.
//! A mention counts when its code-point span and type match exactly.

use std::collections::{BTreeMap, BTreeSet};

use newsline_model::{CharMap, EntityType, MentionKind, Span};

const TYPES: [&str; 3] = ["person", "organization", "place"];

fn read_text(path: impl AsRef<std::path::Path>) -> String {
    use std::io::Read;
    let mut buf = Vec::new();
    if let Ok(f) = std::fs::File::open(path) {
        let _ = f.take(16 << 20).read_to_end(&mut buf);
    }
    String::from_utf8_lossy(&buf).into_owned()
}

fn dev_docs(root: &std::path::Path) -> Vec<String> {
    let splits = read_text(root.join("splits.md"));
    let mut on = false;
    let mut out = Vec::new();
    for line in splits.lines() {
        if line.starts_with("## ") {
            on = line.trim() == "## dev";
            continue;
        }
        if on {
            if let Some(name) = line.trim().strip_prefix("* ") {
                out.push(name.trim().to_string());
            }
        }
    }
    out
}

struct Tok {
    start: usize,
    end: usize,
    word: String,
    ents: Vec<(String, String)>, // (type, id)
}

/// Parses a WebAnno TSV: the rebuilt text, sentence spans and gold mentions.
fn parse(tsv: &str) -> (String, Vec<Span>, BTreeSet<(usize, usize, String)>) {
    let mut toks: Vec<Tok> = Vec::new();
    let mut sent_of: Vec<usize> = Vec::new();
    let mut sent = 0;
    for line in tsv.lines() {
        if line.starts_with("#Text=") {
            sent += 1;
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 4 || line.starts_with('#') {
            continue;
        }
        let Some((a, b)) = cols.get(1).and_then(|o| o.split_once('-')) else {
            continue;
        };
        let (Ok(a), Ok(b)) = (a.parse::<usize>(), b.parse::<usize>()) else {
            continue;
        };
        let mut ents = Vec::new();
        for (k, e) in cols.get(3).unwrap_or(&"_").split('|').enumerate() {
            if e == "_" {
                continue;
            }
            let (t, id) = match e.split_once('[') {
                Some((t, rest)) => (t.to_string(), rest.trim_end_matches(']').to_string()),
                None => (e.to_string(), format!("single-{}-{k}", toks.len())),
            };
            ents.push((t, id));
        }
        toks.push(Tok {
            start: a,
            end: b,
            word: cols.get(2).unwrap_or(&"").to_string(),
            ents,
        });
        sent_of.push(sent);
    }
    // rebuild text: tokens at their offsets, sentences on their own lines
    let mut chars: Vec<char> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        while chars.len() < t.start {
            let newline =
                i > 0 && sent_of.get(i) != sent_of.get(i - 1) && chars.len() + 1 == t.start;
            chars.push(if newline { '\n' } else { ' ' });
        }
        chars.extend(t.word.chars());
        chars.truncate(t.end.max(chars.len().min(t.end)));
    }
    let text: String = chars.iter().collect();
    let mut paras = Vec::new();
    let mut pos = 0;
    for line in text.split('\n') {
        paras.push(Span::new(pos, pos + line.len()));
        pos += line.len() + 1;
    }
    // gold mentions
    let mut groups: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, t) in toks.iter().enumerate() {
        for (ty, id) in &t.ents {
            groups.entry((ty.clone(), id.clone())).or_default().push(i);
        }
    }
    let mut gold = BTreeSet::new();
    for ((ty, _), idx) in groups {
        if !TYPES.contains(&ty.as_str()) {
            continue;
        }
        let mut ws: Vec<&Tok> = idx.iter().filter_map(|&i| toks.get(i)).collect();
        while ws
            .first()
            .is_some_and(|t| t.word.eq_ignore_ascii_case("the"))
        {
            ws.remove(0);
        }
        let name_like = !ws.is_empty()
            && ws
                .first()
                .is_some_and(|t| t.word.chars().next().is_some_and(char::is_uppercase))
            && ws.iter().all(|t| {
                t.word.chars().next().is_some_and(char::is_uppercase)
                    || matches!(
                        t.word.as_str(),
                        "of" | "the" | "and" | "for" | "de" | "'s" | "-" | "&" | "." | "on"
                    )
            });
        let pronoun = ws.len() == 1
            && ws.first().is_some_and(|t| {
                matches!(
                    t.word.as_str(),
                    "I" | "Me" | "My" | "We" | "He" | "She" | "They" | "You" | "It"
                )
            });
        let dbg = std::env::var("GUM_DEBUG").is_ok();
        if dbg && name_like && !pronoun {
            let w: Vec<&str> = ws.iter().map(|t| t.word.as_str()).collect();
            eprintln!("GOLD {ty} {}", w.join(" "));
        }
        if let (true, false, Some(f), Some(l)) = (name_like, pronoun, ws.first(), ws.last()) {
            gold.insert((f.start, l.end, ty));
        }
    }
    (text, paras, gold)
}

fn main() {
    let root = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/bench/gum".to_string());
    let root = std::path::Path::new(&root);
    let docs = dev_docs(root);
    if docs.is_empty() || !root.join("tsv").is_dir() {
        println!("GUM not found at {}: skipping", root.display());
        return;
    }
    let mut tp: BTreeMap<&str, usize> = BTreeMap::new();
    let mut np: BTreeMap<&str, usize> = BTreeMap::new();
    let mut ng: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut span_tp, mut n_docs) = (0, 0);
    let t0 = std::time::Instant::now();
    for d in &docs {
        let tsv = read_text(root.join("tsv").join(format!("{d}.tsv")));
        if tsv.is_empty() {
            continue;
        }
        n_docs += 1;
        let (text, paras, gold) = parse(&tsv);
        let a = newsline_entities::analyze(&text, &paras, None);
        let map = CharMap::new(&text);
        let mut pred = BTreeSet::new();
        for e in a.entities() {
            let ty = match e.etype {
                EntityType::Person => "person",
                EntityType::Organization => "organization",
                EntityType::Place => "place",
                EntityType::Other => continue,
            };
            for m in e.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
                let mut s = m.span;
                let surface = s.slice(&text);
                if let Some(rest) = surface
                    .strip_prefix("The ")
                    .or_else(|| surface.strip_prefix("the "))
                {
                    s = Span::new(s.end - rest.len(), s.end);
                }
                let c = map.span_to_char(s);
                pred.insert((c.start, c.end, ty.to_string()));
            }
        }
        let gold_spans: BTreeSet<(usize, usize)> = gold.iter().map(|g| (g.0, g.1)).collect();
        if std::env::var("GUM_ERRORS").is_ok() {
            let chars: Vec<char> = text.chars().collect();
            let show = |a: usize, b: usize| -> String {
                chars
                    .get(a..b.min(chars.len()))
                    .map(|c| c.iter().collect())
                    .unwrap_or_default()
            };
            let typed: BTreeMap<(usize, usize), &str> =
                pred.iter().map(|p| ((p.0, p.1), p.2.as_str())).collect();
            for g in &gold {
                if !pred.contains(&(g.0, g.1, g.2.to_string())) {
                    let got = typed.get(&(g.0, g.1)).copied().unwrap_or("-");
                    eprintln!("FN {} {} (got {got})", g.2, show(g.0, g.1));
                }
            }
            for p in &pred {
                if !gold_spans.contains(&(p.0, p.1)) {
                    eprintln!("FP {} {}", p.2, show(p.0, p.1));
                }
            }
        }
        span_tp += pred
            .iter()
            .filter(|p| gold_spans.contains(&(p.0, p.1)))
            .count();
        for ty in TYPES {
            *ng.entry(ty).or_default() += gold.iter().filter(|g| g.2 == ty).count();
            *np.entry(ty).or_default() += pred.iter().filter(|p| p.2 == ty).count();
            *tp.entry(ty).or_default() += pred
                .iter()
                .filter(|p| p.2 == ty && gold.contains(*p))
                .count();
        }
    }
    let prf = |t: usize, p: usize, g: usize| {
        let pr = if p == 0 { 0.0 } else { t as f64 / p as f64 };
        let rc = if g == 0 { 0.0 } else { t as f64 / g as f64 };
        let f = if pr + rc == 0.0 {
            0.0
        } else {
            2.0 * pr * rc / (pr + rc)
        };
        (pr, rc, f)
    };
    println!(
        "GUM dev: {n_docs} documents, {:.2}s",
        t0.elapsed().as_secs_f64()
    );
    for ty in TYPES {
        let (p, r, f) = prf(tp[ty], np[ty], ng[ty]);
        println!(
            "{ty:<13} P {p:.3}  R {r:.3}  F1 {f:.3}  (gold {}, predicted {})",
            ng[ty], np[ty]
        );
    }
    let (t, p, g) = (tp.values().sum(), np.values().sum(), ng.values().sum());
    let (pp, rr, ff) = prf(t, p, g);
    println!("micro         P {pp:.3}  R {rr:.3}  F1 {ff:.3}");
    let (sp, sr, sf) = prf(span_tp, p, g);
    println!("spans (untyped) P {sp:.3}  R {sr:.3}  F1 {sf:.3}");
}
