//! TempEval-3 style evaluation of `newsline_timex::tag` on TimeML (.tml) files.
//! Shared by the `tempeval3` example and the integration test.

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

/// Scores in the TempEval-3 scorer's terms.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    pub docs: usize,
    pub gold: usize,
    pub sys: usize,
    pub strict_sys: usize,
    pub strict_gold: usize,
    pub relaxed_sys: usize,
    pub relaxed_gold: usize,
    pub type_ok: usize,
    pub value_ok: usize,
    pub matched_pairs: usize,
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
    pub fn strict(&self) -> (f64, f64, f64) {
        let p = ratio(self.strict_sys, self.sys);
        let r = ratio(self.strict_gold, self.gold);
        (f1(p, r), p, r)
    }
    pub fn relaxed(&self) -> (f64, f64, f64) {
        let p = ratio(self.relaxed_sys, self.sys);
        let r = ratio(self.relaxed_gold, self.gold);
        (f1(p, r), p, r)
    }
    pub fn type_accuracy(&self) -> f64 {
        ratio(self.type_ok, self.matched_pairs)
    }
    pub fn value_accuracy(&self) -> f64 {
        ratio(self.value_ok, self.matched_pairs)
    }
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
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

fn ttype_str(t: TimeType) -> &'static str {
    match t {
        TimeType::Date => "DATE",
        TimeType::Time => "TIME",
        TimeType::Duration => "DURATION",
        TimeType::Set => "SET",
    }
}

/// Runs the tagger on every document under `dir` and scores it.
/// With `dump`, prints misses, false alarms and wrong values to stderr.
pub fn evaluate(dir: &Path, dump: bool) -> Option<Scores> {
    let files = find_tml(dir);
    if files.is_empty() {
        return None;
    }
    let mut docs = Vec::new();
    for f in &files {
        let Ok(bytes) = std::fs::read(f) else {
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
    let mut sc = Scores {
        docs: docs.len(),
        ..Default::default()
    };
    let t0 = Instant::now();
    let mut outputs = Vec::new();
    for d in &docs {
        let published = d
            .dct
            .as_deref()
            .and_then(|v| newsline_timex::parse_given(v).ok())
            .map(|x| Published::day(x, DateOrigin::Given))
            .unwrap_or_else(Published::unknown);
        outputs.push(newsline_timex::tag(&d.text, &published));
    }
    sc.seconds = t0.elapsed().as_secs_f64();
    for (d, sys) in docs.iter().zip(&outputs) {
        sc.gold += d.gold.len();
        sc.sys += sys.len();
        let snip = |s: usize, e: usize| d.text.get(s..e).unwrap_or("").replace('\n', " ");
        for m in sys {
            let (s, e) = (m.span.start, m.span.end);
            if d.gold.iter().any(|g| g.start == s && g.end == e) {
                sc.strict_sys += 1;
            }
            if let Some(g) = d.gold.iter().find(|g| g.start < e && s < g.end) {
                sc.relaxed_sys += 1;
                sc.matched_pairs += 1;
                if g.ttype == ttype_str(m.ttype) {
                    sc.type_ok += 1;
                }
                if g.value == m.value {
                    sc.value_ok += 1;
                } else if dump {
                    let cs = s.saturating_sub(60);
                    let cs = (0..=cs)
                        .rev()
                        .find(|&i| d.text.is_char_boundary(i))
                        .unwrap_or(0);
                    let ce = (e + 40).min(d.text.len());
                    let ce = (ce..=d.text.len())
                        .find(|&i| d.text.is_char_boundary(i))
                        .unwrap_or(e);
                    eprintln!(
                        "VAL\t{}\t{:?}\tgold={} {}\tsys={} {}\tdct={:?}\tctx={:?}",
                        d.name,
                        snip(g.start, g.end),
                        g.ttype,
                        g.value,
                        ttype_str(m.ttype),
                        m.value,
                        d.dct,
                        snip(cs, ce)
                    );
                }
            } else if dump {
                let cs = s.saturating_sub(40);
                let cs = (0..=cs)
                    .rev()
                    .find(|&i| d.text.is_char_boundary(i))
                    .unwrap_or(0);
                eprintln!(
                    "FP\t{}\t{:?}\t{}\tctx={:?}",
                    d.name,
                    snip(s, e),
                    m.value,
                    snip(cs, e)
                );
            }
        }
        for g in &d.gold {
            if sys
                .iter()
                .any(|m| m.span.start == g.start && m.span.end == g.end)
            {
                sc.strict_gold += 1;
            }
            if sys
                .iter()
                .any(|m| m.span.start < g.end && g.start < m.span.end)
            {
                sc.relaxed_gold += 1;
            } else if dump {
                let cs = g.start.saturating_sub(40);
                let cs = (0..=cs)
                    .rev()
                    .find(|&i| d.text.is_char_boundary(i))
                    .unwrap_or(0);
                eprintln!(
                    "FN\t{}\t{:?}\t{} {}\tctx={:?}",
                    d.name,
                    snip(g.start, g.end),
                    g.ttype,
                    g.value,
                    snip(cs, g.end)
                );
            }
        }
    }
    Some(sc)
}

/// The scores in the layout of the TempEval-3 scorer.
pub fn report(sc: &Scores) -> String {
    let (sf, sp, sr) = sc.strict();
    let (rf, rp, rr) = sc.relaxed();
    let mut s = String::new();
    s.push_str(&format!(
        "=== Timex Performance ({} docs, {} gold, {} system) ===\n",
        sc.docs, sc.gold, sc.sys
    ));
    s.push_str("Strict Match\tF1\tP\tR\n");
    s.push_str(&format!(
        "\t\t{:.2}\t{:.2}\t{:.2}\n",
        sf * 100.0,
        sp * 100.0,
        sr * 100.0
    ));
    s.push_str("Relaxed Match\tF1\tP\tR\n");
    s.push_str(&format!(
        "\t\t{:.2}\t{:.2}\t{:.2}\n",
        rf * 100.0,
        rp * 100.0,
        rr * 100.0
    ));
    s.push_str("Attribute F1\tValue\tType\n");
    s.push_str(&format!(
        "\t\t{:.2}\t{:.2}\n",
        rf * sc.value_accuracy() * 100.0,
        rf * sc.type_accuracy() * 100.0
    ));
    s.push_str("Attribute Accuracy (on relaxed matches)\tValue\tType\n");
    s.push_str(&format!(
        "\t\t{:.2}\t{:.2}\n",
        sc.value_accuracy() * 100.0,
        sc.type_accuracy() * 100.0
    ));
    let dps = if sc.seconds > 0.0 {
        sc.docs as f64 / sc.seconds
    } else {
        0.0
    };
    s.push_str(&format!(
        "Speed: {:.1} docs/s ({:.3} s tagging)\n",
        dps, sc.seconds
    ));
    s
}
