//! Trains the name tagger on GUM train and writes the model file:
//! `cargo run --release -p newsline-entities --example train_ner -- ../shared/bench/gum crates/entities/data/ner.bin [EPOCHS] [PRUNE]`
//!
//! Targets: for every named person / organization / place mention (see
//! `gum_data`), the run of proper-noun tokens around its head word (leading
//! titles dropped for persons); outer mentions win over nested ones. After
//! training, the model alone is scored on GUM dev with the issue-5 rules.

mod gum_data;

use std::path::Path;

use gum_data::{load, prf, score, split_docs, trim_pred, Counts, Doc, TYPES};
use newsline_model::{CharMap, EntityType, Span};

const CONNECT: &[&str] = &[
    "of", "and", "&", "de", "for", "the", "du", "von", "van", "-", "–", "del", "la", "le",
];
const TITLES: &[&str] = &[
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
    "prof",
    "prof.",
    "sir",
    "lady",
    "lord",
    "dame",
    "president",
    "king",
    "queen",
    "prince",
    "princess",
    "senator",
    "governor",
    "general",
    "gen.",
    "captain",
    "capt.",
    "colonel",
    "judge",
    "justice",
    "pope",
    "saint",
    "st.",
    "rev.",
    "reverend",
    "father",
    "mayor",
    "chancellor",
    "minister",
    "secretary",
    "emperor",
    "administrator",
    "director",
    "chairman",
    "ceo",
    "coach",
    "officer",
    "agent",
    "detective",
];

fn proper(d: &Doc, i: usize) -> bool {
    d.toks
        .get(i)
        .is_some_and(|t| t.xpos == "NNP" || t.xpos == "NNPS")
}

fn connector(d: &Doc, i: usize, person: bool) -> bool {
    d.toks.get(i).is_some_and(|t| {
        let w = t.word.to_lowercase();
        CONNECT.contains(&w.as_str()) && !(person && w == "and")
    })
}

/// Core token range of a named mention; `None` when its head is not a name
/// ("Moreau 's father").
fn core(d: &Doc, m: &gum_data::GoldMention) -> Option<(usize, usize)> {
    let f = d.first_content(m);
    let h = m.head;
    let person = m.etype == "person";
    if !proper(d, h) || h < f {
        return None;
    }
    let mut s = h;
    'left: while s > f {
        if proper(d, s - 1) {
            s -= 1;
            continue;
        }
        // up to two connectors ("of the")
        for n in 1..=2 {
            if s > f + n && (1..=n).all(|k| connector(d, s - k, person)) && proper(d, s - n - 1) {
                s -= n + 1;
                continue 'left;
            }
        }
        break;
    }
    let mut e = h + 1;
    'right: while e < m.b {
        if proper(d, e) {
            e += 1;
            continue;
        }
        for n in 1..=2 {
            if e + n < m.b && (0..n).all(|k| connector(d, e + k, person)) && proper(d, e + n) {
                e += n + 1;
                continue 'right;
            }
        }
        break;
    }
    if person {
        // drop leading titles and everything before the last one
        if let Some(k) = (s..h).rev().find(|&k| {
            d.toks
                .get(k)
                .is_some_and(|t| TITLES.contains(&t.word.to_lowercase().as_str()))
        }) {
            s = k + 1;
        }
    }
    Some((s, e))
}

fn etype(t: &str) -> Option<EntityType> {
    match t {
        "person" => Some(EntityType::Person),
        "organization" => Some(EntityType::Organization),
        "place" => Some(EntityType::Place),
        _ => None,
    }
}

/// Code-point offset → byte offset.
fn byte_at(text: &str, cp: usize) -> usize {
    text.char_indices().nth(cp).map_or(text.len(), |(i, _)| i)
}

fn targets(d: &Doc) -> Vec<(Span, EntityType)> {
    let mut named = d.named();
    named.sort_by_key(|m| (std::cmp::Reverse(m.b - m.a), m.a));
    let mut taken = vec![false; d.toks.len()];
    let mut out = Vec::new();
    for m in named {
        let Some(t) = etype(&m.etype) else { continue };
        let Some((s, e)) = core(d, m) else { continue };
        if s >= e || (s..e).any(|k| taken.get(k).copied().unwrap_or(true)) {
            continue;
        }
        for slot in taken.iter_mut().take(e).skip(s) {
            *slot = true;
        }
        let (Some(a), Some(b)) = (d.toks.get(s), d.toks.get(e - 1)) else {
            continue;
        };
        out.push((
            Span::new(byte_at(&d.text, a.start), byte_at(&d.text, b.end)),
            t,
        ));
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let default = gum_data::default_root();
    let root = Path::new(args.get(1).unwrap_or(&default));
    let out = args
        .get(2)
        .map_or("crates/entities/data/ner.bin", String::as_str);
    let epochs: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(20);
    let prune: f32 = args.get(4).and_then(|a| a.parse().ok()).unwrap_or(0.5);
    let train: Vec<Doc> = split_docs(root, "train")
        .iter()
        .filter_map(|n| load(root, n))
        .collect();
    if train.is_empty() {
        eprintln!("GUM train documents not found under {}", root.display());
        std::process::exit(1);
    }
    if std::env::var("GUM_HEADS").is_ok() {
        for d in &train {
            for m in d.named() {
                let w: Vec<&str> = (m.a..m.b)
                    .filter_map(|k| d.toks.get(k))
                    .map(|t| t.word.as_str())
                    .collect();
                let (s, e) = core(d, m).unwrap_or((0, 0));
                let c: Vec<&str> = (s..e)
                    .filter_map(|k| d.toks.get(k))
                    .map(|t| t.word.as_str())
                    .collect();
                println!(
                    "{}\t{}\thead={}\tcore={}",
                    m.etype,
                    w.join(" "),
                    d.toks.get(m.head).map_or("", |t| t.word.as_str()),
                    c.join(" ")
                );
            }
        }
        return;
    }
    let data: Vec<(String, Vec<(Span, EntityType)>)> =
        train.iter().map(|d| (d.text.clone(), targets(d))).collect();
    let n_tok: usize = train.iter().map(|d| d.toks.len()).sum();
    let n_ment: usize = data.iter().map(|d| d.1.len()).sum();
    eprintln!(
        "training on {} documents, {n_tok} tokens, {n_ment} names, {epochs} epochs",
        train.len()
    );
    let bytes = newsline_entities::ner::train(&data, epochs, prune);
    if let Err(e) = std::fs::write(out, &bytes) {
        eprintln!("cannot write {out}: {e}");
        std::process::exit(1);
    }
    eprintln!("wrote {out}: {} bytes", bytes.len());
    // model-only score on dev
    let Ok(model) = newsline_entities::ner::NerModel::from_bytes(&bytes) else {
        eprintln!("the written model does not load");
        std::process::exit(1);
    };
    let mut total = Counts::default();
    for d in split_docs(root, "dev").iter().filter_map(|n| load(root, n)) {
        let map = CharMap::new(&d.text);
        let chars: Vec<char> = d.text.chars().collect();
        let preds: Vec<(usize, usize, String)> =
            newsline_entities::ner::tag_text_with(&model, &d.text)
                .into_iter()
                .map(|(s, t)| {
                    let c = map.span_to_char(s);
                    let (a, b) = trim_pred(&chars, c.start, c.end);
                    let ty = match t {
                        EntityType::Person => "person",
                        EntityType::Organization => "organization",
                        _ => "place",
                    };
                    (a, b, ty.to_string())
                })
                .collect();
        let (c, lines) = score(&d, &preds, std::env::var("GUM_ERRORS").is_ok());
        for l in lines {
            eprintln!("{} {l}", d.name);
        }
        total.add(&c);
    }
    let (t, p, g) = (
        total.tp.iter().sum(),
        total.pred.iter().sum(),
        total.gold.iter().sum(),
    );
    for (k, ty) in TYPES.iter().enumerate() {
        let (pp, rr, ff) = prf(total.tp[k], total.pred[k], total.gold[k]);
        eprintln!("model-only dev {ty:<13} P {pp:.3} R {rr:.3} F1 {ff:.3}");
    }
    let (pp, rr, ff) = prf(t, p, g);
    let (sp, sr, sf) = prf(total.span_tp, p, g);
    eprintln!(
        "model-only dev typed P {pp:.3} R {rr:.3} F1 {ff:.3}; span P {sp:.3} R {sr:.3} F1 {sf:.3}"
    );
}
