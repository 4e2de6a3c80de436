//! Reading GUM (WebAnno TSV + CoNLL-U) and the issue-5 scoring rules, shared by
//! the `gum` and `train_ner` examples.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The three scored types, in GUM's spelling.
pub const TYPES: [&str; 3] = ["person", "organization", "place"];

/// `$NEWSLINE_BENCH/gum`, or `../shared/bench/gum` (from the repository root).
pub fn default_root() -> String {
    std::env::var("NEWSLINE_BENCH").map_or_else(
        |_| "../shared/bench/gum".to_string(),
        |b| format!("{b}/gum"),
    )
}

pub fn read_text(path: impl AsRef<Path>) -> String {
    use std::io::Read;
    let mut buf = Vec::new();
    if let Ok(f) = std::fs::File::open(path) {
        let _ = f.take(64 << 20).read_to_end(&mut buf);
    }
    String::from_utf8_lossy(&buf).into_owned()
}

/// Document names of one split section (`dev`, `train`, `test`) of `splits.md`.
pub fn split_docs(root: &Path, split: &str) -> Vec<String> {
    let splits = read_text(root.join("splits.md"));
    let mut on = false;
    let mut out = Vec::new();
    for line in splits.lines() {
        if line.starts_with("## ") {
            on = line.trim() == format!("## {split}");
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

/// One GUM token.
#[derive(Debug, Clone)]
pub struct Tok {
    /// Code-point offsets in the rebuilt text.
    pub start: usize,
    pub end: usize,
    pub word: String,
    pub xpos: String,
    /// Index of the syntactic head (None for the root).
    pub head: Option<usize>,
}

/// One gold mention (all GUM entity types).
#[derive(Debug, Clone)]
pub struct GoldMention {
    pub etype: String,
    /// Token range `[a, b)`.
    pub a: usize,
    pub b: usize,
    /// Head token index.
    pub head: usize,
    /// Coreference chain id (within the document).
    pub chain: usize,
}

/// A parsed document.
pub struct Doc {
    pub name: String,
    pub text: String,
    pub toks: Vec<Tok>,
    pub mentions: Vec<GoldMention>,
}

impl Doc {
    /// Named person / organization / place mentions (the scored gold).
    pub fn named(&self) -> Vec<&GoldMention> {
        self.mentions
            .iter()
            .filter(|m| TYPES.contains(&m.etype.as_str()) && self.is_named(m))
            .collect()
    }

    /// First token after a leading determiner is NNP/NNPS.
    pub fn is_named(&self, m: &GoldMention) -> bool {
        let first = self.first_content(m);
        first < m.b
            && self
                .toks
                .get(first)
                .is_some_and(|t| t.xpos == "NNP" || t.xpos == "NNPS")
    }

    /// Index of the first token after a leading determiner.
    pub fn first_content(&self, m: &GoldMention) -> usize {
        if m.b > m.a + 1 && self.toks.get(m.a).is_some_and(|t| t.xpos == "DT") {
            m.a + 1
        } else {
            m.a
        }
    }

    /// Code-point span of a gold mention.
    pub fn span(&self, m: &GoldMention) -> (usize, usize) {
        let s = self.toks.get(m.a).map_or(0, |t| t.start);
        let e = self.toks.get(m.b.saturating_sub(1)).map_or(0, |t| t.end);
        (s, e)
    }
}

fn find_union(parent: &mut [usize], x: usize) -> usize {
    let mut r = x;
    while parent[r] != r {
        r = parent[r];
    }
    let mut y = x;
    while parent[y] != r {
        let n = parent[y];
        parent[y] = r;
        y = n;
    }
    r
}

/// Parses `tsv/<name>.tsv` and `dep/<name>.conllu`.
pub fn load(root: &Path, name: &str) -> Option<Doc> {
    let tsv = read_text(root.join("tsv").join(format!("{name}.tsv")));
    let dep = read_text(root.join("dep").join(format!("{name}.conllu")));
    if tsv.is_empty() {
        return None;
    }
    // CoNLL-U: xpos and heads, in document order
    let mut dep_toks: Vec<(String, Option<usize>)> = Vec::new();
    let mut sent_base = 0;
    let mut in_sent = 0;
    for line in dep.lines() {
        if line.trim().is_empty() {
            sent_base += in_sent;
            in_sent = 0;
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let Some(Ok(_id)) = cols.first().map(|c| c.parse::<usize>()) else {
            continue; // multi-word or empty nodes
        };
        let head = cols
            .get(6)
            .and_then(|h| h.parse::<usize>().ok())
            .filter(|&h| h > 0)
            .map(|h| sent_base + h - 1);
        dep_toks.push((cols.get(4).unwrap_or(&"_").to_string(), head));
        in_sent += 1;
    }

    let mut toks: Vec<Tok> = Vec::new();
    let mut sent_of: Vec<usize> = Vec::new();
    let mut tok_id: HashMap<String, usize> = HashMap::new();
    // entity key (id or synthetic) -> (type, token indices)
    let mut ents: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    // per token: keys of the single-token (id-less) entities on it
    let mut singles: HashMap<usize, Vec<String>> = HashMap::new();
    let mut links: Vec<(usize, String, String, String)> = Vec::new(); // tok, type, target, ids
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
        let i = toks.len();
        if let Some(id) = cols.first() {
            tok_id.insert(id.to_string(), i);
        }
        for (k, e) in cols.get(3).unwrap_or(&"_").split('|').enumerate() {
            if e == "_" || e.is_empty() {
                continue;
            }
            let (t, key) = match e.split_once('[') {
                Some((t, rest)) => (t.to_string(), rest.trim_end_matches(']').to_string()),
                None => {
                    let key = format!("s{i}-{k}");
                    singles.entry(i).or_default().push(key.clone());
                    (e.to_string(), key)
                }
            };
            ents.entry(key).or_insert_with(|| (t, Vec::new())).1.push(i);
        }
        if let (Some(ty), Some(tg)) = (cols.get(8), cols.get(9)) {
            if *ty != "_" {
                for (r, target) in ty.split('|').zip(tg.split('|')) {
                    if let Some((tt, ids)) = target.split_once('[') {
                        links.push((
                            i,
                            r.to_string(),
                            tt.to_string(),
                            ids.trim_end_matches(']').to_string(),
                        ));
                    }
                }
            }
        }
        let (xpos, head) = dep_toks
            .get(i)
            .cloned()
            .unwrap_or_else(|| ("_".to_string(), None));
        toks.push(Tok {
            start: a,
            end: b,
            word: cols.get(2).unwrap_or(&"").to_string(),
            xpos,
            head,
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
        chars.truncate(t.start);
        chars.extend(t.word.chars());
    }
    let text: String = chars.iter().collect();

    // coreference chains (identity relations only)
    let keys: Vec<String> = ents.keys().cloned().collect();
    let index: HashMap<&str, usize> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let mut parent: Vec<usize> = (0..keys.len()).collect();
    let key_of = |id: &str, tok: usize| -> Option<usize> {
        if id == "0" {
            singles
                .get(&tok)
                .and_then(|v| v.first())
                .and_then(|k| index.get(k.as_str()).copied())
        } else {
            index.get(id).copied()
        }
    };
    for (tok, rel, target, ids) in &links {
        if !matches!(rel.as_str(), "coref" | "ana" | "cata" | "appos") {
            continue;
        }
        let Some((tid, sid)) = ids.split_once('_') else {
            continue;
        };
        let Some(&ttok) = tok_id.get(target) else {
            continue;
        };
        if let (Some(s), Some(t)) = (key_of(sid, *tok), key_of(tid, ttok)) {
            let (rs, rt) = (find_union(&mut parent, s), find_union(&mut parent, t));
            parent[rs] = rt;
        }
    }
    let mut mentions = Vec::new();
    for (k, key) in keys.iter().enumerate() {
        let Some((ty, idx)) = ents.get(key) else {
            continue;
        };
        let (Some(&a), Some(&l)) = (idx.iter().min(), idx.iter().max()) else {
            continue;
        };
        let b = l + 1;
        let head = (a..b)
            .find(|&i| {
                toks.get(i)
                    .and_then(|t| t.head)
                    .is_none_or(|h| h < a || h >= b)
            })
            .unwrap_or(b - 1);
        mentions.push(GoldMention {
            etype: ty.clone(),
            a,
            b,
            head,
            chain: find_union(&mut parent, k),
        });
    }
    mentions.sort_by_key(|m| (m.a, std::cmp::Reverse(m.b)));
    Some(Doc {
        name: name.to_string(),
        text,
        toks,
        mentions,
    })
}

/// A system mention in code points: (start, end, type).
pub type Pred = (usize, usize, String);

/// Trims a leading "the" and a trailing "'s" from a code-point span of `chars`.
pub fn trim_pred(chars: &[char], mut s: usize, mut e: usize) -> (usize, usize) {
    let word = |a: usize, b: usize| -> String { chars.get(a..b).unwrap_or(&[]).iter().collect() };
    if e >= s + 4 && word(s, s + 4).eq_ignore_ascii_case("the ") {
        s += 4;
    }
    for suf in ["'s", "’s", " 's", " ’s"] {
        let n = suf.chars().count();
        if e > s + n && word(e - n, e) == suf {
            e -= n;
            break;
        }
    }
    (s, e)
}

/// Matches system mentions to gold mentions one to one: a system mention
/// matches the smallest still-unmatched gold mention that contains it and
/// whose head word it covers. Returns, per prediction, the gold index.
pub fn align(
    gold: &[(usize, usize, usize, usize)],
    preds: &[(usize, usize)],
) -> Vec<Option<usize>> {
    // gold: (start, end, head_start, head_end) in code points
    let mut used = vec![false; gold.len()];
    let mut order: Vec<usize> = (0..preds.len()).collect();
    order.sort_by_key(|&i| preds.get(i).copied());
    let mut out = vec![None; preds.len()];
    for i in order {
        let Some(&(s, e)) = preds.get(i) else {
            continue;
        };
        let best = gold
            .iter()
            .enumerate()
            .filter(|(g, m)| !used[*g] && m.0 <= s && e <= m.1 && s <= m.2 && m.3 <= e && s < e)
            .min_by_key(|(g, m)| (m.1 - m.0, *g))
            .map(|(g, _)| g);
        if let Some(g) = best {
            used[g] = true;
            out[i] = Some(g);
        }
    }
    out
}

/// Counts for one document: (typed tp, span tp, predicted, gold) per type
/// (index in `TYPES`), with the alignment used.
#[derive(Default, Debug, Clone)]
pub struct Counts {
    pub tp: [usize; 3],
    pub span_tp: usize,
    pub pred: [usize; 3],
    pub gold: [usize; 3],
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        for k in 0..3 {
            self.tp[k] += o.tp[k];
            self.pred[k] += o.pred[k];
            self.gold[k] += o.gold[k];
        }
        self.span_tp += o.span_tp;
    }
}

pub fn type_index(t: &str) -> Option<usize> {
    TYPES.iter().position(|x| *x == t)
}

/// Scores `preds` (already trimmed, code points) against the named gold of `doc`.
/// Also returns error lines when `errors` is set.
pub fn score(doc: &Doc, preds: &[Pred], errors: bool) -> (Counts, Vec<String>) {
    let named = doc.named();
    let gold: Vec<(usize, usize, usize, usize)> = named
        .iter()
        .map(|m| {
            let (s, e) = doc.span(m);
            let h = doc.toks.get(m.head).map_or((s, e), |t| (t.start, t.end));
            (s, e, h.0, h.1)
        })
        .collect();
    let preds: Vec<&Pred> = preds
        .iter()
        .filter(|p| type_index(&p.2).is_some())
        .collect();
    let spans: Vec<(usize, usize)> = preds.iter().map(|p| (p.0, p.1)).collect();
    let al = align(&gold, &spans);
    let mut c = Counts::default();
    for m in &named {
        if let Some(k) = type_index(&m.etype) {
            c.gold[k] += 1;
        }
    }
    let chars: Vec<char> = doc.text.chars().collect();
    let show = |a: usize, b: usize| -> String {
        chars
            .get(a..b.min(chars.len()))
            .map(|c| c.iter().collect())
            .unwrap_or_default()
    };
    let mut lines = Vec::new();
    let mut matched = vec![false; named.len()];
    for (p, g) in preds.iter().zip(&al) {
        let Some(k) = type_index(&p.2) else { continue };
        c.pred[k] += 1;
        match g.and_then(|g| named.get(g).map(|m| (g, m))) {
            Some((gi, m)) => {
                matched[gi] = true;
                c.span_tp += 1;
                if m.etype == p.2 {
                    c.tp[k] += 1;
                } else if errors {
                    lines.push(format!("TYPE {} as {} [{}]", m.etype, p.2, show(p.0, p.1)));
                }
            }
            None => {
                if errors {
                    lines.push(format!("FP {} [{}]", p.2, show(p.0, p.1)));
                }
            }
        }
    }
    if errors {
        for ((m, g), hit) in named.iter().zip(&gold).zip(&matched) {
            if !hit {
                lines.push(format!("FN {} [{}]", m.etype, show(g.0, g.1)));
            }
        }
    }
    (c, lines)
}

pub fn prf(t: usize, p: usize, g: usize) -> (f64, f64, f64) {
    let pr = if p == 0 { 0.0 } else { t as f64 / p as f64 };
    let rc = if g == 0 { 0.0 } else { t as f64 / g as f64 };
    let f = if pr + rc == 0.0 {
        0.0
    } else {
        2.0 * pr * rc / (pr + rc)
    };
    (pr, rc, f)
}
