//! PolNeAR evaluation, shared by `examples/polnear.rs` and the floor test.
//!
//! Scoring follows issue 6:
//! - gold: the first annotator's brat `.ann` per text (by file name);
//!   attributions with Source/Cue/Content spans in code-point offsets;
//! - only *speech* attributions are scored: the cue contains a form of one of
//!   [`SPEECH_LEMMAS`], or the content contains a quotation mark
//!   (“ ” " « » „ ‘ — not the apostrophe ’, which is mostly an elision);
//! - a system quote matches a gold attribution when the intersection over
//!   union of their content characters is at least 0.5 (a discontinuous gold
//!   content is the union of its fragments; both sides are trimmed of spaces,
//!   quote marks and punctuation at each end, as the two conventions differ
//!   only there); gold attributions are taken in file order and each gets the
//!   best still-unmatched system quote;
//! - the source is right when the speaker span overlaps the gold source span,
//!   or when the speaker's canonical name contains the last word of the gold
//!   source text as a whole word (a trailing parenthesis such as "(D-Ore.)"
//!   is not that word; case is ignored); an unresolved pronoun speaker is never
//!   right, a resolved one is; a gold attribution without a source counts as
//!   source-right only when the system gives no speaker either;
//! - a system quote left unmatched that matches (IoU >= 0.5) a non-speech
//!   attribution (belief, perception…) is ignored, not counted wrong.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use newsline_model::{CharMap, Published, Span};

/// Lemmas of the speech cues scored (issue 6).
pub const SPEECH_LEMMAS: &[&str] = &[
    "say",
    "tell",
    "add",
    "note",
    "state",
    "explain",
    "according",
    "claim",
    "argue",
    "insist",
    "announce",
    "warn",
    "write",
    "report",
    "ask",
    "reply",
    "respond",
    "declare",
    "tweet",
    "acknowledge",
    "admit",
    "deny",
    "suggest",
    "continue",
    "recall",
    "quote",
    "remark",
    "urge",
    "vow",
    "promise",
    "predict",
    "confirm",
    "stress",
    "emphasize",
];

/// True when `word` (lower case) is an inflected form of a speech lemma.
pub fn speech_form(word: &str) -> bool {
    const IRREGULAR: &[&str] = &[
        "said",
        "told",
        "wrote",
        "written",
        "writing",
        "writes",
        "denied",
        "denies",
        "replied",
        "replies",
        "emphasise",
        "emphasised",
        "emphasises",
        "emphasising",
    ];
    if IRREGULAR.contains(&word) {
        return true;
    }
    SPEECH_LEMMAS.iter().any(|l| {
        if word == *l {
            return true;
        }
        // regular inflections: -s, -es, -ed, -d, -ing (dropping a final e)
        let stem = l.strip_suffix('e').unwrap_or(l);
        let rest = word.strip_prefix(l).or_else(|| word.strip_prefix(stem));
        matches!(rest, Some("s" | "es" | "ed" | "d" | "ing"))
    })
}

const QUOTE_MARKS: &[char] = &['“', '”', '"', '«', '»', '„', '‘'];

const PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "me", "his", "their",
];

/// Scores over a set of documents.
#[derive(Debug, Default, Clone)]
pub struct Scores {
    pub docs: usize,
    pub bytes: usize,
    /// Gold speech attributions.
    pub gold: usize,
    /// Gold non-speech attributions (not scored).
    pub gold_other: usize,
    /// System quotes counted (after ignoring those matching only non-speech gold).
    pub pred: usize,
    /// System quotes ignored.
    pub ignored: usize,
    pub content_tp: usize,
    pub joint_tp: usize,
    /// Matched gold with a source, and how many of them have the right one.
    pub source_total: usize,
    pub source_ok: usize,
    /// Best IoU of each unmatched gold speech attribution, in tenths (0..=4).
    pub near_miss: [usize; 5],
    /// Unmatched system quotes lying inside another system quote's content.
    pub nested_fp: usize,
    pub seconds: f64,
}

/// Precision, recall and F1.
pub fn prf(tp: usize, pred: usize, gold: usize) -> (f64, f64, f64) {
    let p = if pred == 0 {
        0.0
    } else {
        tp as f64 / pred as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        tp as f64 / gold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

impl Scores {
    pub fn content_prf(&self) -> (f64, f64, f64) {
        prf(self.content_tp, self.pred, self.gold)
    }
    pub fn joint_prf(&self) -> (f64, f64, f64) {
        prf(self.joint_tp, self.pred, self.gold)
    }
}

struct Gold {
    /// Normalised fragments (code points).
    frags: Vec<Span>,
    source: Option<Span>,
    speech: bool,
    cue: Option<Span>,
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

fn hull(frags: &[Span]) -> Option<Span> {
    let lo = frags.iter().map(|s| s.start).min()?;
    let hi = frags.iter().map(|s| s.end).max()?;
    Some(Span::new(lo, hi))
}

fn slice(chars: &[char], s: Span) -> String {
    chars
        .get(s.start.min(chars.len())..s.end.min(chars.len()))
        .map(|c| c.iter().collect())
        .unwrap_or_default()
}

fn parse_ann(ann: &str, chars: &[char]) -> Vec<Gold> {
    let mut spans: HashMap<String, Vec<Span>> = HashMap::new();
    for line in ann.lines() {
        let mut cols = line.split('\t');
        let id = cols.next().unwrap_or("");
        let body = cols.next().unwrap_or("");
        if id.starts_with('T') {
            let (_, rest) = body.split_once(' ').unwrap_or(("", ""));
            let f = fragments(rest);
            if !f.is_empty() {
                spans.insert(id.to_string(), f);
            }
        }
    }
    let mut out = Vec::new();
    for line in ann.lines() {
        let mut cols = line.split('\t');
        let id = cols.next().unwrap_or("");
        if !id.starts_with('E') {
            continue;
        }
        let mut content: Option<&Vec<Span>> = None;
        let mut cue = None;
        let mut source = None;
        for arg in cols.next().unwrap_or("").split_whitespace() {
            let (role, t) = arg.split_once(':').unwrap_or(("", ""));
            let f = spans.get(t);
            match role {
                "Content" => content = f,
                "Cue" => cue = f.and_then(|f| hull(f)),
                "Source" => source = f.and_then(|f| hull(f)),
                _ => {}
            }
        }
        let Some(content) = content else { continue };
        let raw: String = content.iter().map(|f| slice(chars, *f)).collect();
        let cue_speech = cue.is_some_and(|c| {
            slice(chars, c)
                .to_lowercase()
                .split(|c: char| !c.is_alphabetic())
                .any(speech_form)
        });
        let speech = cue_speech || raw.contains(QUOTE_MARKS);
        let frags: Vec<Span> = content
            .iter()
            .map(|f| norm(chars, *f))
            .filter(|f| !f.is_empty())
            .collect();
        if frags.is_empty() {
            continue;
        }
        out.push(Gold {
            frags,
            source,
            speech,
            cue,
        });
    }
    out
}

fn is_trim(c: char) -> bool {
    c.is_whitespace() || "\"“”«»„‘’'.,;:!?—–-()…".contains(c)
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

/// Intersection over union of a system span and a (fragmented) gold content.
fn iou(sys: Span, gold: &[Span]) -> f64 {
    let i: usize = gold.iter().map(|g| inter(sys, *g)).sum();
    let g: usize = gold.iter().map(|g| g.len()).sum();
    let u = sys.len() + g - i;
    if u == 0 {
        0.0
    } else {
        i as f64 / u as f64
    }
}

/// Paragraphs of a plain-text file: its non-blank lines.
pub fn paragraphs(text: &str) -> Vec<Span> {
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

/// The directory of a split (`<root>/data/<split>`) if present.
pub fn split_dir(root: &Path, split: &str) -> Option<PathBuf> {
    let d = root.join("data").join(split);
    (d.join("text").is_dir() && d.join("attributions").is_dir()).then_some(d)
}

/// The dev directory (`<root>/data/dev`) if present.
pub fn dev_dir(root: &Path) -> Option<PathBuf> {
    split_dir(root, "dev")
}

/// Publication dates by file stem, from `<root>/data/metadata.tsv`.
fn pub_dates(split: &Path) -> HashMap<String, String> {
    let meta = split
        .parent()
        .map(|p| p.join("metadata.tsv"))
        .unwrap_or_default();
    let mut out = HashMap::new();
    for line in read_text(meta).lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if let (Some(f), Some(d)) = (cols.get(1), cols.get(5)) {
            out.insert(f.to_string(), d.to_string());
        }
    }
    out
}

struct Sys {
    content: Span,
    speaker_span: Option<Span>,
    speaker_text: String,
    /// The canonical name when resolved, or the surface text otherwise.
    name: Option<String>,
    resolved: bool,
    cue: Option<Span>,
    kind: newsline_model::QuoteKind,
}

/// The last word of a source, ignoring a trailing parenthesis or aside
/// ("Sen. Anna Berg (D-Ore.)" → "berg").
fn last_word(s: &str) -> Option<String> {
    let mut s = s.trim_end_matches(|c: char| c.is_whitespace() || c == ',');
    if s.ends_with(')') {
        if let Some(i) = s.rfind('(') {
            s = s.get(..i).unwrap_or(s).trim_end();
        }
    }
    s.split(|c: char| !c.is_alphanumeric())
        .rfind(|w| !w.is_empty())
        .map(str::to_lowercase)
}

fn source_right(sys: &Sys, gold_src: Option<Span>, chars: &[char]) -> bool {
    let Some(gs) = gold_src else {
        return sys.speaker_span.is_none();
    };
    let bare_pronoun = PRONOUNS.contains(&sys.speaker_text.trim().to_lowercase().as_str());
    if bare_pronoun && !sys.resolved {
        return false;
    }
    if sys.speaker_span.is_some_and(|s| s.overlaps(&gs)) {
        return true;
    }
    let Some(lw) = last_word(&slice(chars, gs)) else {
        return false;
    };
    if PRONOUNS.contains(&lw.as_str()) {
        return false;
    }
    sys.name.as_ref().is_some_and(|n| {
        n.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == lw)
    })
}

/// Evaluates every document of a split directory (see the module docs).
/// With env `POLNEAR_DEBUG` set, prints misses to stderr; with
/// `POLNEAR_DUMP=FILE`, writes the system quotes there.
pub fn evaluate(dir: &Path) -> Scores {
    let mut sc = Scores::default();
    let list = |d: PathBuf| -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(d)
            .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        v.sort();
        v
    };
    let texts = list(dir.join("text"));
    let anns = list(dir.join("attributions"));
    let dates = pub_dates(dir);
    let dbg = std::env::var("POLNEAR_DEBUG").is_ok();
    // POLNEAR_DUMP=FILE writes the system quotes (code-point offsets) as JSON
    // Lines, for bench/polnear_compare.py
    let mut dump = std::env::var_os("POLNEAR_DUMP")
        .and_then(|p| std::fs::File::create(p).ok())
        .map(std::io::BufWriter::new);
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
        let chars: Vec<char> = text.chars().collect();
        let gold = parse_ann(&read_text(ap), &chars);
        let date = dates.get(&stem).cloned();
        let published = date
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map(|d| Published::day(d, newsline_model::DateOrigin::Given))
            .unwrap_or_else(Published::unknown);
        let t0 = std::time::Instant::now();
        let paras = paragraphs(&text);
        let ents = newsline_entities::analyze(&text, &paras, date.as_deref());
        let quotes = newsline_quotes::extract(&text, &paras, &ents, &[], &published);
        sc.seconds += t0.elapsed().as_secs_f64();
        sc.docs += 1;
        sc.bytes += text.len();
        let map = CharMap::new(&text);
        let sys: Vec<Sys> = quotes
            .iter()
            .map(|q| Sys {
                content: norm(&chars, map.span_to_char(q.content)),
                speaker_span: q.speaker_span.map(|s| map.span_to_char(s)),
                speaker_text: q
                    .speaker_span
                    .map(|s| s.slice(&text).to_string())
                    .unwrap_or_default(),
                name: q.speaker_name.clone(),
                resolved: q.speaker.is_some(),
                cue: q.cue_span.map(|s| map.span_to_char(s)),
                kind: q.kind,
            })
            .collect();
        if let Some(d) = dump.as_mut() {
            let qs: Vec<serde_json::Value> = sys
                .iter()
                .map(|s| {
                    serde_json::json!({
                        "start": s.content.start,
                        "end": s.content.end,
                        "speaker_start": s.speaker_span.map(|x| x.start),
                        "speaker_end": s.speaker_span.map(|x| x.end),
                        "speaker_text": s.speaker_text,
                        "name": s.name,
                        "resolved": s.resolved,
                    })
                })
                .collect();
            let line = serde_json::json!({"file": stem, "quotes": qs});
            use std::io::Write;
            let _ = writeln!(d, "{line}");
        }
        let mut used = vec![false; sys.len()];
        for g in gold.iter() {
            if !g.speech {
                sc.gold_other += 1;
                continue;
            }
            sc.gold += 1;
            let mut best: Option<(usize, f64)> = None;
            let mut best_any = 0.0f64;
            let mut best_any_i = None;
            for (i, s) in sys.iter().enumerate() {
                let v = iou(s.content, &g.frags);
                if v > best_any {
                    best_any = v;
                    best_any_i = Some(i);
                }
                if used.get(i).copied().unwrap_or(true) || v < 0.5 {
                    continue;
                }
                if best.is_none_or(|(_, b)| v > b) {
                    best = Some((i, v));
                }
            }
            let show_gold = || {
                let content: Vec<String> = g.frags.iter().map(|f| slice(&chars, *f)).collect();
                format!(
                    "[{}] <{}> {}",
                    g.source.map(|s| slice(&chars, s)).unwrap_or_default(),
                    g.cue.map(|s| slice(&chars, s)).unwrap_or_default(),
                    content.join(" … ")
                )
            };
            let Some((si, _)) = best else {
                let bucket = ((best_any * 10.0) as usize).min(4);
                if let Some(b) = sc.near_miss.get_mut(bucket) {
                    *b += 1;
                }
                if dbg {
                    eprintln!("FN {best_any:.2} {}", show_gold());
                    if let Some(s) = best_any_i.and_then(|i| sys.get(i)) {
                        eprintln!("   SYS {}", slice(&chars, s.content));
                    }
                }
                continue;
            };
            if let Some(u) = used.get_mut(si) {
                *u = true;
            }
            sc.content_tp += 1;
            let Some(s) = sys.get(si) else { continue };
            if g.source.is_some() {
                sc.source_total += 1;
            }
            if source_right(s, g.source, &chars) {
                sc.joint_tp += 1;
                if g.source.is_some() {
                    sc.source_ok += 1;
                }
            } else if dbg {
                eprintln!(
                    "SRC sys=[{}|{}] gold={}",
                    s.speaker_text,
                    s.name.clone().unwrap_or_default(),
                    show_gold()
                );
            }
        }
        for (i, s) in sys.iter().enumerate() {
            if used.get(i).copied().unwrap_or(true) {
                sc.pred += 1;
                continue;
            }
            if gold
                .iter()
                .any(|g| !g.speech && iou(s.content, &g.frags) >= 0.5)
            {
                sc.ignored += 1;
                continue;
            }
            sc.pred += 1;
            let nested = sys
                .iter()
                .enumerate()
                .any(|(j, o)| j != i && o.content.contains(&s.content) && o.content != s.content);
            let best = gold
                .iter()
                .map(|g| iou(s.content, &g.frags))
                .fold(0.0f64, f64::max);
            if nested {
                sc.nested_fp += 1;
            }
            if dbg {
                eprintln!(
                    "FP {:?} {} {best:.2} [{}] <{}> {}",
                    s.kind,
                    if nested { "nested" } else { "alone" },
                    s.speaker_text,
                    s.cue.map(|c| slice(&chars, c)).unwrap_or_default(),
                    slice(&chars, s.content)
                );
            }
        }
    }
    sc
}

/// Reads at most 16 MiB of a file as (lossy) UTF-8.
pub fn read_text(path: impl AsRef<std::path::Path>) -> String {
    use std::io::Read;
    let mut buf = Vec::new();
    if let Ok(f) = std::fs::File::open(path) {
        let _ = f.take(16 << 20).read_to_end(&mut buf);
    }
    String::from_utf8_lossy(&buf).into_owned()
}
