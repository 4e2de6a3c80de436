//! Deciding an article's publication date.

use chrono::{DateTime, Datelike, NaiveDate};
use newsline_model::{CleanDoc, DateCandidate, DateOrigin, Precision, Published, TimeType};
use once_cell::sync::Lazy;
use regex::Regex;

use crate::lex;
use crate::tagger;
use crate::TimexError;

/// Parses a given date or date-time (ISO 8601, RFC 3339/2822, a few common forms)
/// to the calendar date in the source's own offset.
pub fn parse_given(s: &str) -> Result<NaiveDate, TimexError> {
    let t = s.trim();
    let err = || TimexError::InvalidDate(s.chars().take(80).collect());
    if let Some(head) = t.get(..10) {
        let rest = t.get(10..).unwrap_or("");
        if rest.is_empty() || rest.starts_with(['T', 't', ' ']) {
            if let Ok(d) = NaiveDate::parse_from_str(head, "%Y-%m-%d") {
                return Ok(d);
            }
        }
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(t) {
        return Ok(dt.date_naive());
    }
    for f in [
        "%Y/%m/%d",
        "%d.%m.%Y",
        "%B %d, %Y",
        "%d %B %Y",
        "%b %d, %Y",
        "%Y%m%d",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(t, f) {
            return Ok(d);
        }
    }
    Err(err())
}

/// Parses "YYYY-MM" or "YYYY" (a given date less precise than a day).
fn parse_partial(s: &str) -> Option<Published> {
    let t = s.trim();
    let (value, precision) = match t.len() {
        7 => {
            let y: i32 = t.get(..4)?.parse().ok()?;
            let m: u32 = t.get(5..7)?.parse().ok()?;
            if t.get(4..5)? != "-" || !(1..=12).contains(&m) {
                return None;
            }
            (lex::fmt_month(y, m), Precision::Month)
        }
        4 => {
            let y: i32 = t.parse().ok()?;
            (format!("{y:04}"), Precision::Year)
        }
        _ => return None,
    };
    Some(Published {
        value: Some(value),
        precision,
        origin: DateOrigin::Given,
        range: None,
    })
}

fn from_candidate(c: &DateCandidate, origin: DateOrigin) -> Published {
    let value = match c.precision {
        Precision::Year | Precision::Decade | Precision::Century => {
            format!("{:04}", c.date.year())
        }
        Precision::Month | Precision::Quarter | Precision::Season | Precision::Week => {
            lex::fmt_month(c.date.year(), c.date.month())
        }
        _ => lex::fmt_day(c.date),
    };
    let precision = match c.precision {
        Precision::Time | Precision::Day => Precision::Day,
        Precision::Week | Precision::Month | Precision::Quarter | Precision::Season => {
            Precision::Month
        }
        _ => Precision::Year,
    };
    Published {
        value: Some(value),
        precision,
        origin,
        range: None,
    }
}

/// Picks the best candidate of one origin: published-time sources first, then the most precise.
fn best_candidate(
    cands: &[DateCandidate],
    origin: DateOrigin,
    upper: Option<NaiveDate>,
) -> Option<&DateCandidate> {
    let mut v: Vec<(usize, &DateCandidate)> = cands
        .iter()
        .enumerate()
        .filter(|(_, c)| c.origin == origin && !c.upper_bound)
        .filter(|(_, c)| upper.is_none_or(|u| c.date <= lex::add_days(u, 1)))
        .collect();
    v.sort_by_key(|(i, c)| {
        let s = c.source.to_ascii_lowercase();
        let modified = s.contains("modif") || s.contains("updat");
        let published = s.contains("publish") || s.contains("created") || s.contains("issued");
        (modified, !published, c.precision, *i)
    });
    v.first().map(|(_, c)| *c)
}

static DATELINE_MD: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)\b{}\s+(?P<day>[12]\d|3[01]|0?[1-9])\b(?:,?\s+(?P<year>\d{{4}}))?",
        lex::MONTH
    ))
    .unwrap_or_else(|e| panic!("{e}"))
});
static DATELINE_DM: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?P<day>[12]\d|3[01]|0?[1-9])\s+{}(?:,?\s+(?P<year>\d{{4}}))?",
        lex::MONTH
    ))
    .unwrap_or_else(|e| panic!("{e}"))
});
static BODY_DATELINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"^\s*[\p{{Lu}}][\p{{Lu}}\p{{Lu}} .'’-]{{1,40}}(?:,\s*[\p{{L}} .]{{1,30}})?,\s+(?P<date>{}\s+(?:[12]\d|3[01]|0?[1-9])\b(?:,?\s+\d{{4}})?)",
        lex::MONTH
    ))
    .unwrap_or_else(|e| panic!("{e}"))
});
static COPYRIGHT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:©|\(c\)|copyright)[^\n\d]{0,40}?(?:(?:19|20)\d{2}\s*[-–]\s*)?(?P<y>(?:19|20)\d{2})\b")
        .unwrap_or_else(|e| panic!("{e}"))
});
static REL_YEAR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(last|this|next|past)\s+year").unwrap_or_else(|e| panic!("{e}"))
});
/// Named events of known date: their mention bounds publication from below.
static KNOWN_EVENTS: Lazy<Vec<(Regex, NaiveDate)>> = Lazy::new(|| {
    [
        (
            r"(?i)\bcovid(?:-19)?\b|\bcoronavirus\s+pandemic\b",
            (2020, 1, 1),
        ),
        (r"(?i)\bbrexit\b", (2016, 6, 23)),
        (
            r"(?i)\bseptember\s+11(?:th)?\s+attacks\b|\b9/11\b",
            (2001, 9, 11),
        ),
    ]
    .into_iter()
    .filter_map(|(r, (y, m, d))| Some((Regex::new(r).ok()?, NaiveDate::from_ymd_opt(y, m, d)?)))
    .collect()
});

/// What the body says about when it was written.
#[derive(Debug, Default)]
struct BodyEvidence {
    /// The latest explicit date not in a future context, with its precision.
    latest: Option<(NaiveDate, Precision)>,
    /// Publication year implied by relative cues ("last year ... in 2021" → 2022).
    cue_year: Option<i32>,
    /// The latest year of a copyright notice ("© Agency 2021").
    copyright_year: Option<i32>,
}

fn start_of(value: &str) -> Option<(NaiveDate, Precision)> {
    let y: i32 = value.get(..4)?.parse().ok()?;
    let rest = value.get(4..).unwrap_or("");
    if rest.is_empty() {
        return Some((NaiveDate::from_ymd_opt(y, 1, 1)?, Precision::Year));
    }
    let m: Option<u32> = value.get(5..7).and_then(|m| m.parse().ok());
    let d: Option<u32> = value.get(8..10).and_then(|d| d.parse().ok());
    match (m, d) {
        (Some(m), Some(d)) => Some((NaiveDate::from_ymd_opt(y, m, d)?, Precision::Day)),
        (Some(m), None) => Some((NaiveDate::from_ymd_opt(y, m, 1)?, Precision::Month)),
        _ => Some((NaiveDate::from_ymd_opt(y, 1, 1)?, Precision::Year)),
    }
}

fn body_evidence(text: &str, upper: Option<NaiveDate>) -> BodyEvidence {
    let mentions = tagger::tag(text, &Published::unknown());
    let mut ev = BodyEvidence::default();
    let mut copyright_spans = Vec::new();
    for c in COPYRIGHT.captures_iter(text) {
        if let Some(y) = c.name("y") {
            copyright_spans.push(y.start());
            if let Ok(v) = y.as_str().parse::<i32>() {
                ev.copyright_year = ev.copyright_year.max(Some(v));
            }
        }
    }
    let mut cues: Vec<i32> = Vec::new();
    for m in &mentions {
        if !matches!(m.ttype, TimeType::Date | TimeType::Time) {
            continue;
        }
        if m.value.starts_with(|c: char| c.is_ascii_digit()) && m.value.len() >= 4 {
            if m.anchor.is_some()
                || copyright_spans.contains(&m.span.start)
                || tagger::is_future(text, m.span.start, m.span.end)
            {
                continue;
            }
            if let Some((d, p)) = start_of(&m.value) {
                if upper.is_some_and(|u| d > u) {
                    continue;
                }
                if ev.latest.is_none_or(|(l, _)| d > l) {
                    ev.latest = Some((d, p));
                }
            }
        }
        let txt = m.span.slice(text);
        if let Some(c) = REL_YEAR.captures(txt) {
            let off = match c.get(1).map(|x| x.as_str().to_ascii_lowercase()).as_deref() {
                Some("last") | Some("past") => 1,
                Some("next") => -1,
                _ => 0,
            };
            let (ss, se) = tagger::sentence_bounds(text, m.span.start);
            let mut years: Vec<i32> = mentions
                .iter()
                .filter(|o| o.span.start >= ss && o.span.end <= se && o.span != m.span)
                .filter_map(|o| {
                    if o.value.len() == 4 {
                        o.value.parse().ok()
                    } else {
                        None
                    }
                })
                .collect();
            years.sort_unstable();
            years.dedup();
            if years.len() == 1 {
                cues.extend(years.first().map(|y| y + off));
            }
        }
    }
    for (re, d) in KNOWN_EVENTS.iter() {
        if re.is_match(text) && ev.latest.is_none_or(|(l, _)| *d > l) {
            ev.latest = Some((*d, Precision::Year));
        }
    }
    ev.cue_year = cues.iter().max().copied();
    ev
}

fn inferred(ev: &BodyEvidence, upper: Option<NaiveDate>) -> Option<Published> {
    let end_of_year = |y: i32| NaiveDate::from_ymd_opt(y, 12, 31);
    let start_of_year = |y: i32| NaiveDate::from_ymd_opt(y, 1, 1);
    // A copyright year agreeing with the latest dated event: keep the month guess.
    if let (None, Some(y), Some((l, p))) = (ev.cue_year, ev.copyright_year, ev.latest) {
        if l.year() == y && p <= Precision::Month {
            let eoy = end_of_year(y)?;
            let to = upper.map_or(eoy, |u| u.min(eoy)).max(l);
            return Some(Published {
                value: Some(lex::fmt_month(y, l.month())),
                precision: Precision::Month,
                origin: DateOrigin::Inferred,
                range: Some([l, to]),
            });
        }
    }
    if let Some(y) = ev.cue_year.or(ev.copyright_year) {
        let mut from = start_of_year(y)?;
        if let Some((l, _)) = ev.latest {
            if l.year() == y && l > from {
                from = l;
            }
        }
        let mut to = end_of_year(y)?;
        if let Some(u) = upper {
            to = to.min(u);
        }
        if to < from {
            to = from;
        }
        return Some(Published {
            value: Some(format!("{y:04}")),
            precision: Precision::Year,
            origin: DateOrigin::Inferred,
            range: Some([from, to]),
        });
    }
    let (l, p) = ev.latest?;
    let (value, precision, to) = match p {
        Precision::Day | Precision::Month | Precision::Time => (
            lex::fmt_month(l.year(), l.month()),
            Precision::Month,
            lex::add_days(l, 365),
        ),
        // A past event given only by its year ("the summit in 2021") is usually from an
        // earlier year than the article: the next year is the best guess.
        _ => (
            format!("{:04}", l.year() + 1),
            Precision::Year,
            end_of_year(l.year() + 3)?,
        ),
    };
    let to = upper.map_or(to, |u| u.min(to)).max(l);
    Some(Published {
        value: Some(value),
        precision,
        origin: DateOrigin::Inferred,
        range: Some([l, to]),
    })
}

/// The date text of a dateline opening the body, when the clean stage did not report one.
fn body_dateline(text: &str) -> Option<String> {
    let mut cut = text.len().min(200);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = text.get(..cut)?;
    let c = BODY_DATELINE.captures(head)?;
    let mon = c.name("mon")?.as_str();
    if !mon.starts_with(|ch: char| ch.is_uppercase()) {
        return None;
    }
    Some(c.name("date")?.as_str().to_string())
}

/// The year nearest to `around` in which month `m`, day `d` falls on `wd`.
fn weekday_year(m: u32, d: u32, wd: chrono::Weekday, around: i32) -> Option<i32> {
    (0..8)
        .flat_map(|k| [around - k, around + k])
        .find(|&y| NaiveDate::from_ymd_opt(y, m, d).is_some_and(|x| x.weekday() == wd))
}

fn dateline_date(
    date_text: &str,
    upper: Option<NaiveDate>,
    ev: &BodyEvidence,
    text: &str,
) -> Option<(NaiveDate, bool)> {
    let c = DATELINE_MD
        .captures(date_text)
        .or_else(|| DATELINE_DM.captures(date_text))?;
    let m = lex::month_num(c.name("mon")?.as_str())?;
    let d: u32 = c.name("day")?.as_str().parse().ok()?;
    if let Some(y) = c.name("year").and_then(|y| y.as_str().parse::<i32>().ok()) {
        return NaiveDate::from_ymd_opt(y, m, d).map(|x| (x, true));
    }
    let wd = WEEKDAY_RE
        .captures(date_text)
        .and_then(|w| lex::weekday(w.get(0)?.as_str()));
    let mut strong = true;
    let y = if let Some(u) = upper {
        let y = u.year();
        match NaiveDate::from_ymd_opt(y, m, d) {
            Some(x) if x > lex::add_days(u, 1) => y - 1,
            _ => y,
        }
    } else if let Some(y) = ev.cue_year.or(ev.copyright_year) {
        y
    } else if let Some((l, p)) = ev.latest {
        strong = false;
        let y = l.year();
        let guess = match NaiveDate::from_ymd_opt(y, m, d) {
            _ if p >= Precision::Year => y + 1,
            Some(x) if x < l => y + 1,
            _ => y,
        };
        // The lead usually names the dateline's own weekday ("... said on Friday"):
        // take the first year from the earliest possible one where the day matches.
        let lo = match NaiveDate::from_ymd_opt(y, m, d) {
            Some(x) if x < l => y + 1,
            _ => y,
        };
        let mut cut = text.len().min(600);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let lead_wd = WEEKDAY_RE
            .find(text.get(..cut).unwrap_or(""))
            .and_then(|w| lex::weekday(w.as_str()));
        match lead_wd {
            Some(lw) if wd.is_none() => (lo..lo + 8)
                .find(|&cy| NaiveDate::from_ymd_opt(cy, m, d).is_some_and(|x| x.weekday() == lw))
                .unwrap_or(guess),
            _ => guess,
        }
    } else {
        return None;
    };
    // "Wednesday, June 16": the weekday pins the year down.
    let y = match wd {
        Some(wd) => {
            strong = true;
            weekday_year(m, d, wd, y).unwrap_or(y)
        }
        None => y,
    };
    NaiveDate::from_ymd_opt(y, m, d).map(|x| (x, strong))
}

static WEEKDAY_RE: Lazy<Regex> =
    Lazy::new(|| Regex::new(lex::WEEKDAY).unwrap_or_else(|e| panic!("{e}")));

/// Decides the article's publication date from every source, in order of trust.
pub fn publication_date(
    given: Option<&str>,
    clean: &CleanDoc,
    crawl_date: Option<&str>,
) -> Published {
    if let Some(g) = given.filter(|g| !g.trim().is_empty()) {
        if let Ok(d) = parse_given(g) {
            return Published::day(d, DateOrigin::Given);
        }
        if let Some(p) = parse_partial(g) {
            return p;
        }
    }
    let mut upper = crawl_date.and_then(|c| parse_given(c).ok());
    for c in clean.date_candidates.iter().filter(|c| c.upper_bound) {
        upper = Some(upper.map_or(c.date, |u| u.min(c.date)));
    }
    for origin in [DateOrigin::Metadata, DateOrigin::Url] {
        if let Some(c) = best_candidate(&clean.date_candidates, origin, upper) {
            return from_candidate(c, origin);
        }
    }
    let ev = body_evidence(&clean.text, upper);
    // Dateline: from the clean stage, or one opening the body ("KESSGRAD, June 16 (Agency):").
    let dl_text = clean
        .dateline
        .as_ref()
        .and_then(|d| d.date_text.clone())
        .or_else(|| body_dateline(&clean.text));
    if let Some(t) = dl_text {
        if let Some((d, strong)) = dateline_date(&t, upper, &ev, &clean.text) {
            let mut p = Published::day(d, DateOrigin::Dateline);
            if !strong {
                // The year is a guess from the body: say how far it may be off.
                let from = ev.latest.map_or(d, |(l, _)| {
                    if lex::add_months_day(d, -12) >= l {
                        lex::add_months_day(d, -12)
                    } else {
                        d
                    }
                });
                p.range = Some([from, lex::add_months_day(d, 36)]);
            }
            return p;
        }
    }
    if let Some(c) = best_candidate(&clean.date_candidates, DateOrigin::Dateline, upper) {
        return from_candidate(c, DateOrigin::Dateline);
    }
    if let Some(p) = inferred(&ev, upper) {
        return p;
    }
    if let Some(u) = upper {
        return Published {
            value: Some(lex::fmt_day(u)),
            precision: Precision::Day,
            origin: DateOrigin::Warc,
            range: Some([lex::add_days(u, -30), u]),
        };
    }
    Published::unknown()
}
