//! TempEval-3 style evaluation of `newsline_timex::tag` on TimeML (.tml) files.
//! Shared by the `tempeval3` example and the integration test.
//!
//! Metrics (identical to `bench/tempeval3_compare.py`):
//! * relaxed span F1: a system mention matches a gold one when they overlap; matching is
//!   one to one, greedy, in gold order (each gold takes the first unmatched overlapping
//!   system mention);
//! * strict span F1: the same start and end;
//! * value F1: relaxed-matched pairs with equal values (case-insensitive), precision over
//!   the system count and recall over the gold count.

use std::path::{Path, PathBuf};
use std::time::Instant;

use newsline_model::{DateOrigin, Published, TimeType};

/// One gold TIMEX3.
#[derive(Debug, Clone)]
pub struct Gold {
    pub start: usize,
    pub end: usize,
    pub ttype: String,
    pub value: String,
}

/// A TimeML document: plain text, gold timexes, document creation time.
#[derive(Debug, Clone)]
pub struct Doc {
    pub name: String,
    pub text: String,
    pub gold: Vec<Gold>,
    pub dct: Option<String>,
}

/// One system mention in scorer terms.
#[derive(Debug, Clone)]
pub struct Sys {
    pub start: usize,
    pub end: usize,
    pub ttype: String,
    pub value: String,
}

/// Counts in the TempEval-3 scorer's terms.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    pub docs: usize,
    pub bytes: usize,
    pub gold: usize,
    pub sys: usize,
    pub strict: usize,
    pub relaxed: usize,
    pub type_ok: usize,
    pub value_ok: usize,
    pub seconds: f64,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

impl Scores {
    fn prf(&self, n: usize) -> (f64, f64, f64) {
        let p = ratio(n, self.sys);
        let r = ratio(n, self.gold);
        (f1(p, r), p, r)
    }
    /// (F1, P, R) of exact spans.
    pub fn strict(&self) -> (f64, f64, f64) {
        self.prf(self.strict)
    }
    /// (F1, P, R) of overlapping spans, one to one.
    pub fn relaxed(&self) -> (f64, f64, f64) {
        self.prf(self.relaxed)
    }
    /// (F1, P, R) of relaxed matches with the right value.
    pub fn value(&self) -> (f64, f64, f64) {
        self.prf(self.value_ok)
    }
    /// (F1, P, R) of relaxed matches with the right type.
    pub fn ttype(&self) -> (f64, f64, f64) {
        self.prf(self.type_ok)
    }
    /// Share of relaxed matches with the right value.
    pub fn value_accuracy(&self) -> f64 {
        ratio(self.value_ok, self.relaxed)
    }
    /// Megabytes of text tagged per second (one thread).
    pub fn mb_per_s(&self) -> f64 {
        if self.seconds > 0.0 {
            self.bytes as f64 / 1e6 / self.seconds
        } else {
            0.0
        }
    }
    fn add(&mut self, o: &Scores) {
        self.docs += o.docs;
        self.bytes += o.bytes;
        self.gold += o.gold;
        self.sys += o.sys;
        self.strict += o.strict;
        self.relaxed += o.relaxed;
        self.type_ok += o.type_ok;
        self.value_ok += o.value_ok;
        self.seconds += o.seconds;
    }
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let i = tag.find(&key)? + key.len();
    let rest = tag.get(i..)?;
    let j = rest.find('"')?;
    Some(rest.get(..j)?.to_string())
}

fn decode_entity(s: &str) -> Option<(char, usize)> {
    for (ent, ch) in [
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&apos;", '\''),
    ] {
        if s.starts_with(ent) {
            return Some((ch, ent.len()));
        }
    }
    None
}

/// Parses one TimeML file.
pub fn parse_tml(name: &str, src: &str) -> Option<Doc> {
    let dct = src
        .find("<DCT>")
        .and_then(|i| src.get(i..))
        .and_then(|s| {
            s.find('>')
                .and_then(|_| s.find("<TIMEX3").and_then(|j| s.get(j..)))
        })
        .and_then(|s| s.find('>').and_then(|k| s.get(..k)))
        .and_then(|t| attr(t, "value"));
    let b = src.find("<TEXT>")? + "<TEXT>".len();
    let e = src.find("</TEXT>")?;
    let body = src.get(b..e)?;
    let mut text = String::new();
    let mut gold = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    let mut i = 0;
    while i < body.len() {
        let rest = body.get(i..)?;
        if rest.starts_with('<') {
            let close = rest.find('>')?;
            let tag = rest.get(1..close)?;
            if tag.starts_with("TIMEX3") {
                open = Some((
                    text.len(),
                    attr(tag, "type").unwrap_or_default(),
                    attr(tag, "value").unwrap_or_default(),
                ));
            } else if tag.starts_with("/TIMEX3") {
                if let Some((s, t, v)) = open.take() {
                    gold.push(Gold {
                        start: s,
                        end: text.len(),
                        ttype: t,
                        value: v,
                    });
                }
            }
            i += close + 1;
        } else if let Some((ch, n)) = decode_entity(rest) {
            text.push(ch);
            i += n;
        } else {
            let ch = rest.chars().next()?;
            text.push(ch);
            i += ch.len_utf8();
        }
    }
    Some(Doc {
        name: name.to_string(),
        text,
        gold,
        dct,
    })
}

/// All .tml files under `dir`, sorted.
pub fn find_tml(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "tml") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The corpora of the TempEval-3 training data under `root`, as (name, directory):
/// TimeBank and AQUAINT when present, else `root` itself as one corpus.
pub fn corpora(root: &Path) -> Vec<(String, PathBuf)> {
    let base = root.join("data/TempEval3/Training/TBAQ-cleaned");
    let mut out = Vec::new();
    for name in ["TimeBank", "AQUAINT"] {
        for cand in [base.join(name), root.join(name)] {
            if cand.is_dir() {
                out.push((name.to_string(), cand));
                break;
            }
        }
    }
    if out.is_empty() && root.is_dir() {
        out.push((root.display().to_string(), root.to_path_buf()));
    }
    out
}

/// Parses every document under `dir`.
pub fn load(dir: &Path) -> Vec<Doc> {
    let mut docs = Vec::new();
    for f in find_tml(dir) {
        let Ok(bytes) = std::fs::read(&f) else {
            continue;
        };
        let src = String::from_utf8_lossy(&bytes);
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if let Some(d) = parse_tml(&name, &src) {
            docs.push(d);
        }
    }
    docs
}

fn ttype_str(t: TimeType) -> &'static str {
    match t {
        TimeType::Date => "DATE",
        TimeType::Time => "TIME",
        TimeType::Duration => "DURATION",
        TimeType::Set => "SET",
    }
}

/// The publication date handed to the tagger: the DCT, as `--published DCT` would.
pub fn published(d: &Doc) -> Published {
    d.dct
        .as_deref()
        .and_then(|v| newsline_timex::parse_given(v).ok())
        .map(|x| Published::day(x, DateOrigin::Given))
        .unwrap_or_else(Published::unknown)
}

/// CPU time of the calling thread in seconds (Linux `/proc/thread-self/schedstat`).
pub fn thread_cpu_seconds() -> Option<f64> {
    let bytes = std::fs::read("/proc/thread-self/schedstat").ok()?;
    let s = String::from_utf8_lossy(&bytes);
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// Tags every document; returns the outputs and the tagging time in seconds: CPU time of
/// this thread where the OS reports it (so other load on the machine does not count),
/// else wall time.
pub fn run(docs: &[Doc]) -> (Vec<Vec<Sys>>, f64) {
    let pubs: Vec<Published> = docs.iter().map(published).collect();
    let c0 = thread_cpu_seconds();
    let t0 = Instant::now();
    let raw: Vec<_> = docs
        .iter()
        .zip(&pubs)
        .map(|(d, p)| newsline_timex::tag(&d.text, p))
        .collect();
    let wall = t0.elapsed().as_secs_f64();
    let secs = match (c0, thread_cpu_seconds()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => wall,
    };
    let out = raw
        .into_iter()
        .map(|ms| {
            ms.into_iter()
                .map(|m| Sys {
                    start: m.span.start,
                    end: m.span.end,
                    ttype: ttype_str(m.ttype).to_string(),
                    value: m.value,
                })
                .collect()
        })
        .collect();
    (out, secs)
}

fn ctx(text: &str, s: usize, e: usize, before: usize, after: usize) -> String {
    let cs = (0..=s.saturating_sub(before))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let ce = ((e + after).min(text.len())..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(e);
    text.get(cs..ce).unwrap_or("").replace('\n', " ")
}

/// Scores one document's system output against its gold (see the module docs).
/// With `dump`, prints misses (FN), false alarms (FP), span (SPAN) and value (VAL) errors.
pub fn score_doc(d: &Doc, sys: &[Sys], dump: bool) -> Scores {
    let mut sc = Scores {
        docs: 1,
        bytes: d.text.len(),
        gold: d.gold.len(),
        sys: sys.len(),
        ..Default::default()
    };
    let snip = |s: usize, e: usize| d.text.get(s..e).unwrap_or("").replace('\n', " ");
    let mut used = vec![false; sys.len()];
    for g in &d.gold {
        if sys.iter().any(|m| m.start == g.start && m.end == g.end) {
            sc.strict += 1;
        }
        let hit = sys
            .iter()
            .enumerate()
            .find(|(i, m)| !used[*i] && m.start < g.end && g.start < m.end)
            .map(|(i, _)| i);
        let Some(i) = hit else {
            if dump {
                eprintln!(
                    "FN\t{}\t{:?}\t{} {}\tctx={:?}",
                    d.name,
                    snip(g.start, g.end),
                    g.ttype,
                    g.value,
                    ctx(&d.text, g.start, g.end, 50, 30)
                );
            }
            continue;
        };
        used[i] = true;
        let m = &sys[i];
        sc.relaxed += 1;
        if m.ttype == g.ttype {
            sc.type_ok += 1;
        }
        if m.value.eq_ignore_ascii_case(&g.value) {
            sc.value_ok += 1;
        } else if dump {
            eprintln!(
                "VAL\t{}\t{:?}\tgold={} {}\tsys={} {} {:?}\tdct={:?}\tctx={:?}",
                d.name,
                snip(g.start, g.end),
                g.ttype,
                g.value,
                m.ttype,
                m.value,
                snip(m.start, m.end),
                d.dct,
                ctx(&d.text, g.start, g.end, 60, 40)
            );
        }
        if dump && (m.start != g.start || m.end != g.end) {
            eprintln!(
                "SPAN\t{}\tgold={:?}\tsys={:?}\tctx={:?}",
                d.name,
                snip(g.start, g.end),
                snip(m.start, m.end),
                ctx(&d.text, g.start.min(m.start), g.end.max(m.end), 30, 20)
            );
        }
    }
    if dump {
        for (i, m) in sys.iter().enumerate() {
            if !used[i] {
                eprintln!(
                    "FP\t{}\t{:?}\t{} {}\tctx={:?}",
                    d.name,
                    snip(m.start, m.end),
                    m.ttype,
                    m.value,
                    ctx(&d.text, m.start, m.end, 50, 30)
                );
            }
        }
    }
    sc
}

/// Scores a whole corpus.
pub fn score(docs: &[Doc], outs: &[Vec<Sys>], dump: bool) -> Scores {
    let mut sc = Scores::default();
    for (d, sys) in docs.iter().zip(outs) {
        sc.add(&score_doc(d, sys, dump));
    }
    sc
}

/// Runs the tagger on every document under `dir` and scores it.
pub fn evaluate(dir: &Path, dump: bool) -> Option<Scores> {
    let docs = load(dir);
    if docs.is_empty() {
        return None;
    }
    // Warm the lazily compiled rules so their build time is not counted as tagging time.
    let _ = newsline_timex::tag("on May 5, 2001", &Published::unknown());
    let (outs, secs) = run(&docs);
    let mut sc = score(&docs, &outs, dump);
    sc.seconds = secs;
    Some(sc)
}

/// One report line: `name  docs gold sys  relaxed P R F1  strict P R F1  value P R F1  speed`.
pub fn report(name: &str, sc: &Scores) -> String {
    let (rf, rp, rr) = sc.relaxed();
    let (sf, sp, sr) = sc.strict();
    let (vf, vp, vr) = sc.value();
    let (tf, _, _) = sc.ttype();
    format!(
        "{name:<9} docs {:>3}  gold {:>4}  sys {:>4} | relaxed F1 {:.3} (P {:.3} R {:.3}) | \
         strict F1 {:.3} (P {:.3} R {:.3}) | value F1 {:.3} (P {:.3} R {:.3}) | type F1 {:.3} \
         | {:.1} docs/s, {:.2} MB/s ({} bytes in {:.3} CPU s, 1 thread)\n",
        sc.docs,
        sc.gold,
        sc.sys,
        rf,
        rp,
        rr,
        sf,
        sp,
        sr,
        vf,
        vp,
        vr,
        tf,
        ratio(sc.docs, 1) / sc.seconds.max(1e-9),
        sc.mb_per_s(),
        sc.bytes,
        sc.seconds
    )
}
