//! PolNeAR evaluation, shared by `examples/polnear.rs` and the floor test.
//!
//! Gold: brat `.ann` files (Source/Cue/Content spans, code-point offsets).
//! Content spans are compared after trimming quote marks, spaces and
//! punctuation at both ends; discontinuous gold spans use their hull.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use newsline_model::{CharMap, Published, Span};

/// Scores over a set of documents.
#[derive(Debug, Default, Clone)]
pub struct Scores {
    pub docs: usize,
    pub gold: usize,
    pub pred: usize,
    pub exact: usize,
    pub overlap_pred: usize,
    pub overlap_gold: usize,
    pub cue_ok: usize,
    pub source_ok: usize,
    pub source_total: usize,
    pub seconds: f64,
}

impl Scores {
    pub fn prf(&self, matched_p: usize, matched_g: usize) -> (f64, f64, f64) {
        let p = if self.pred == 0 {
            0.0
        } else {
            matched_p as f64 / self.pred as f64
        };
        let r = if self.gold == 0 {
            0.0
        } else {
            matched_g as f64 / self.gold as f64
        };
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        (p, r, f)
    }
    pub fn exact_prf(&self) -> (f64, f64, f64) {
        self.prf(self.exact, self.exact)
    }
    pub fn overlap_prf(&self) -> (f64, f64, f64) {
        self.prf(self.overlap_pred, self.overlap_gold)
    }
}

struct Gold {
    content: Span,
    fragments: Vec<Span>,
    cue: Option<Span>,
    source: Option<Span>,
}

fn hull(spec: &str) -> Option<Span> {
    let mut lo = usize::MAX;
    let mut hi = 0;
    for frag in spec.split(';') {
        let mut it = frag.split_whitespace();
        let a: usize = it.next()?.parse().ok()?;
        let b: usize = it.next()?.parse().ok()?;
        lo = lo.min(a);
        hi = hi.max(b);
    }
    (lo < hi).then(|| Span::new(lo, hi))
}

fn fragments(spec: &str) -> Vec<Span> {
    spec.split(';')
        .filter_map(|f| {
            let mut it = f.split_whitespace();
            let a: usize = it.next()?.parse().ok()?;
            let b: usize = it.next()?.parse().ok()?;
            (a < b).then(|| Span::new(a, b))
        })
        .collect()
}

fn parse_ann(ann: &str) -> Vec<Gold> {
    let mut spans: HashMap<String, (String, Span)> = HashMap::new();
    let mut frags: HashMap<String, Vec<Span>> = HashMap::new();
    let mut out = Vec::new();
    for line in ann.lines() {
        let mut cols = line.split('\t');
        let id = cols.next().unwrap_or("");
        let body = cols.next().unwrap_or("");
        if id.starts_with('T') {
            let (kind, rest) = body.split_once(' ').unwrap_or(("", ""));
            if let Some(s) = hull(rest) {
                spans.insert(id.to_string(), (kind.to_string(), s));
                frags.insert(id.to_string(), fragments(rest));
            }
        }
    }
    for line in ann.lines() {
        let mut cols = line.split('\t');
        let id = cols.next().unwrap_or("");
        if !id.starts_with('E') {
            continue;
        }
        let mut content = None;
        let mut content_frags = Vec::new();
        let mut cue = None;
        let mut source = None;
        for arg in cols.next().unwrap_or("").split_whitespace() {
            let (role, t) = arg.split_once(':').unwrap_or(("", ""));
            let span = spans.get(t).map(|x| x.1);
            match role {
                "Content" => {
                    content = span;
                    content_frags = frags.get(t).cloned().unwrap_or_default();
                }
                "Cue" => cue = span,
                "Source" => source = span,
                _ => {}
            }
        }
        if let Some(content) = content {
            out.push(Gold {
                content,
                fragments: content_frags,
                cue,
                source,
            });
        }
    }
    out
}

fn is_trim(c: char) -> bool {
    c.is_whitespace() || "\"“”«»„‘’'.,;:!?—–-()".contains(c)
}

/// Trims a code-point span over `chars`.
fn norm(chars: &[char], s: Span) -> Span {
    let mut a = s.start.min(chars.len());
    let mut b = s.end.min(chars.len());
    while a < b && chars.get(a).copied().is_some_and(is_trim) {
        a += 1;
    }
    while b > a && chars.get(b - 1).copied().is_some_and(is_trim) {
        b -= 1;
    }
    Span::new(a, b)
}

fn inter(a: Span, b: Span) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split('\n') {
        let start = pos;
        pos += line.len() + 1;
        let t = line.trim_end();
        if !t.trim().is_empty() {
            out.push(Span::new(start, start + t.len()));
        }
    }
    out
}

/// The dev directory (`<root>/data/dev`) if present.
pub fn dev_dir(root: &Path) -> Option<PathBuf> {
    let d = root.join("data").join("dev");
    (d.join("text").is_dir() && d.join("attributions").is_dir()).then_some(d)
}

/// Evaluates on every dev document (first annotator's file per text).
///
/// A prediction matches a gold attribution when it overlaps the gold
/// content (its hull, or one of its fragments when discontinuous) by at
/// least half of the longer span; several predictions may match the
/// fragments of one discontinuous content. PolNeAR is univocal, so a
/// partial quote lying inside another predicted content is not counted as
/// a prediction of its own.
pub fn evaluate(dev: &Path) -> Scores {
    let mut sc = Scores::default();
    let list = |d: PathBuf| -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(d)
            .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        v.sort();
        v
    };
    let texts = list(dev.join("text"));
    let anns = list(dev.join("attributions"));
    let dbg = std::env::var("POLNEAR_DEBUG").is_ok();
    for tp in texts {
        let stem = tp
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        let Some(ap) = anns.iter().find(|a| {
            a.file_name()
                .and_then(|s| s.to_str())
                .is_some_and(|n| n.starts_with(&format!("{stem}_")))
        }) else {
            continue;
        };
        let text = read_text(&tp);
        let gold = parse_ann(&read_text(ap));
        let t0 = std::time::Instant::now();
        let paras = paragraphs(&text);
        let ents = newsline_entities::analyze(&text, &paras, None);
        let quotes = newsline_quotes::extract(&text, &paras, &ents, &[], &Published::unknown());
        sc.seconds += t0.elapsed().as_secs_f64();
        sc.docs += 1;
        let map = CharMap::new(&text);
        let chars: Vec<char> = text.chars().collect();
        let show = |sp: Span| -> String {
            chars
                .get(sp.start..sp.end.min(chars.len()))
                .map(|c| c.iter().collect())
                .unwrap_or_default()
        };
        let all: Vec<(Span, Option<Span>, Option<Span>, bool)> = quotes
            .iter()
            .map(|q| {
                (
                    norm(&chars, map.span_to_char(q.content)),
                    q.cue_span.map(|s| map.span_to_char(s)),
                    q.speaker_span.map(|s| map.span_to_char(s)),
                    q.kind == newsline_model::QuoteKind::Partial,
                )
            })
            .collect();
        let preds: Vec<(Span, Option<Span>, Option<Span>)> = all
            .iter()
            .enumerate()
            .filter(|(i, (p, _, _, partial))| {
                !*partial
                    || !all
                        .iter()
                        .enumerate()
                        .any(|(j, (o, _, _, _))| j != *i && o.contains(p) && o != p)
            })
            .map(|(_, (p, c, s, _))| (*p, *c, *s))
            .collect();
        let golds: Vec<Span> = gold.iter().map(|g| norm(&chars, g.content)).collect();
        let frags: Vec<Vec<Span>> = gold
            .iter()
            .map(|g| g.fragments.iter().map(|f| norm(&chars, *f)).collect())
            .collect();
        sc.gold += golds.len();
        sc.pred += preds.len();
        let ratio = |a: Span, b: Span| inter(a, b) as f64 / (a.len().max(b.len()).max(1)) as f64;
        let mut used_g = vec![false; golds.len()];
        for (p, cue, src) in &preds {
            let mut best: Option<(usize, f64)> = None;
            for (i, g) in golds.iter().enumerate() {
                let multi = frags.get(i).is_some_and(|f| f.len() > 1);
                if used_g.get(i).copied().unwrap_or(true) && !multi {
                    continue;
                }
                let mut v = ratio(*p, *g);
                if multi {
                    for f in frags.get(i).into_iter().flatten() {
                        v = v.max(ratio(*p, *f));
                    }
                }
                if best.is_none_or(|(_, b)| v > b) {
                    best = Some((i, v));
                }
            }
            let Some((gi, ov)) = best.filter(|(_, v)| *v >= 0.5) else {
                if dbg {
                    eprintln!("FP {}", show(*p));
                }
                continue;
            };
            sc.overlap_pred += 1;
            let first_hit = !used_g.get(gi).copied().unwrap_or(true);
            if let Some(u) = used_g.get_mut(gi) {
                *u = true;
            }
            if !first_hit {
                continue;
            }
            sc.overlap_gold += 1;
            let _ = ov;
            let Some(g) = gold.get(gi) else { continue };
            if golds.get(gi) == Some(p) {
                sc.exact += 1;
            }
            if let (Some(c), Some(gc)) = (cue, g.cue) {
                if c.overlaps(&gc) {
                    sc.cue_ok += 1;
                } else if dbg {
                    eprintln!("CUE {} | {} :: {}", show(*c), show(gc), show(*p));
                }
            } else if dbg {
                eprintln!("CUE None :: {}", show(*p));
            }
            if let Some(gs) = g.source {
                sc.source_total += 1;
                if src.is_some_and(|s| s.overlaps(&gs)) {
                    sc.source_ok += 1;
                }
            }
        }
        if dbg {
            for (i, g) in golds.iter().enumerate() {
                if !used_g.get(i).copied().unwrap_or(true) {
                    let cue = gold
                        .get(i)
                        .and_then(|x| x.cue)
                        .map(show)
                        .unwrap_or_default();
                    eprintln!("FN [{cue}] {}", show(*g));
                }
            }
        }
    }
    sc
}

/// Reads at most 16 MiB of a file as (lossy) UTF-8.
fn read_text(path: impl AsRef<std::path::Path>) -> String {
    use std::io::Read;
    let mut buf = Vec::new();
    if let Ok(f) = std::fs::File::open(path) {
        let _ = f.take(16 << 20).read_to_end(&mut buf);
    }
    String::from_utf8_lossy(&buf).into_owned()
}
