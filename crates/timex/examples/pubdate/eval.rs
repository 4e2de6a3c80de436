//! Scores `publication_date` inference: the true date is hidden, the article is cleaned
//! and its date decided from the text alone, then compared with the truth.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use newsline_ingest::{read_bytes, FormatHint, ReadOptions};
use newsline_model::{DateOrigin, Published};

/// Rates of one evaluation.
#[derive(Debug, Default, Clone)]
pub struct Score {
    /// Articles scored.
    pub n: usize,
    /// Articles whose date stayed unknown.
    pub unknown: usize,
    /// Value at day precision and equal to the truth.
    pub exact_day: usize,
    /// Value's year-month equals the truth's (day or month precision values).
    pub same_month: usize,
    /// Value's year equals the truth's.
    pub same_year: usize,
    /// The truth lies in the range (or, without a range, in the value's period).
    pub in_range: usize,
    /// A value whose year is wrong and whose range misses the truth.
    pub wrong: usize,
    /// Per origin: (count, same year).
    pub by_origin: BTreeMap<String, (usize, usize)>,
}

impl Score {
    fn add(&mut self, truth: NaiveDate, p: &Published) -> bool {
        self.n += 1;
        let Some(v) = p.value.as_deref() else {
            self.unknown += 1;
            return true;
        };
        let t = truth.format("%Y-%m-%d").to_string();
        let year_ok = v.get(..4) == t.get(..4);
        let month_ok = v.len() >= 7 && v.get(..7) == t.get(..7);
        if v == t {
            self.exact_day += 1;
        }
        if month_ok {
            self.same_month += 1;
        }
        if year_ok {
            self.same_year += 1;
        }
        let in_range = match p.range {
            Some([a, b]) => a <= truth && truth <= b,
            None => t.starts_with(v),
        };
        if in_range {
            self.in_range += 1;
        }
        if !year_ok && !in_range {
            self.wrong += 1;
        }
        let e = self
            .by_origin
            .entry(format!("{:?}", p.origin).to_lowercase())
            .or_default();
        e.0 += 1;
        e.1 += usize::from(year_ok);
        year_ok || in_range
    }

    /// Share of `k` among the scored articles.
    pub fn rate(&self, k: usize) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            k as f64 / self.n as f64
        }
    }
}

/// A printable summary.
pub fn report(name: &str, s: &Score) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{name}: {} articles", s.n);
    for (label, k) in [
        ("exact day", s.exact_day),
        ("same month", s.same_month),
        ("same year", s.same_year),
        ("within range", s.in_range),
        ("unknown", s.unknown),
        ("wrong (year and range)", s.wrong),
    ] {
        let _ = writeln!(o, "  {label:<24}{:>6.1}%  ({k})", 100.0 * s.rate(k));
    }
    for (origin, (n, ok)) in &s.by_origin {
        let _ = writeln!(o, "  origin {origin:<17}{n:>6}  same year {ok}");
    }
    o
}

fn decide(
    source: &str,
    bytes: Vec<u8>,
    format: Option<FormatHint>,
    body_only: bool,
) -> Option<Published> {
    let opts = ReadOptions {
        input_format: format,
        ..ReadOptions::default()
    };
    let raw = read_bytes(source, bytes, &opts).flatten().next()?;
    let mut clean = newsline_clean::clean(&raw).ok()?;
    if body_only {
        // Only the text itself: no metadata or URL dates, no crawl date.
        clean
            .date_candidates
            .retain(|c| c.origin == DateOrigin::Dateline && !c.upper_bound);
        return Some(newsline_timex::publication_date(None, &clean, None));
    }
    // The true date is hidden: only what the page itself says counts.
    Some(newsline_timex::publication_date(
        None,
        &clean,
        raw.crawl_date.as_deref(),
    ))
}

fn dump(dump: bool, what: &str, truth: NaiveDate, p: &Published, ok: bool) {
    if dump && (!ok || std::env::var_os("PUBDATE_DUMP_ALL").is_some()) {
        eprintln!(
            "{} truth {truth} got {:?} {:?} {:?} range {:?}",
            if ok { "ok " } else { "BAD" },
            p.value,
            p.precision,
            p.origin,
            p.range
        );
        eprintln!("    {what}");
    }
}

/// Timeline17: `<topic>/articles.json`, each a list of `{uid, dct, text}`.
pub fn t17(dir: &Path, verbose: bool) -> Option<Score> {
    let mut topics: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .collect();
    topics.sort();
    let mut s = Score::default();
    for t in topics {
        let Ok(bytes) = std::fs::read(t.join("articles.json")) else {
            continue;
        };
        let Ok(serde_json::Value::Array(arts)) = serde_json::from_slice(&bytes) else {
            continue;
        };
        for a in arts {
            let truth = a
                .get("dct")
                .and_then(|d| d.as_str())
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            let text = a.get("text").and_then(|d| d.as_str());
            let (Some(truth), Some(text)) = (truth, text) else {
                continue;
            };
            let src = format!(
                "{}#{}",
                t.display(),
                a.get("uid").map(|u| u.to_string()).unwrap_or_default()
            );
            let Some(p) = decide(
                &src,
                text.as_bytes().to_vec(),
                Some(FormatHint::Text),
                false,
            ) else {
                continue;
            };
            let ok = s.add(truth, &p);
            let head: String = text.chars().take(160).collect();
            dump(verbose, &format!("{src} {head}"), truth, &p, ok);
        }
    }
    (s.n > 0).then_some(s)
}

/// The example corpus: `corpus/<file>` with `corpus-manifest.tsv` (`file`, `published`).
/// With `body_only`, metadata, URL and crawl dates are dropped: only the text speaks.
pub fn corpus(dir: &Path, manifest: &Path, body_only: bool, verbose: bool) -> Option<Score> {
    let tsv = String::from_utf8_lossy(&std::fs::read(manifest).ok()?).into_owned();
    let mut lines = tsv.lines();
    let header: Vec<&str> = lines.next()?.split('\t').collect();
    let fi = header.iter().position(|h| *h == "file")?;
    let pi = header.iter().position(|h| *h == "published")?;
    let mut s = Score::default();
    for l in lines {
        let cols: Vec<&str> = l.split('\t').collect();
        let (Some(file), Some(date)) = (cols.get(fi), cols.get(pi)) else {
            continue;
        };
        let Ok(truth) = NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
            continue;
        };
        let path = dir.join(file);
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let Some(p) = decide(&path.display().to_string(), bytes, None, body_only) else {
            continue;
        };
        let ok = s.add(truth, &p);
        dump(verbose, file, truth, &p, ok);
    }
    (s.n > 0).then_some(s)
}
