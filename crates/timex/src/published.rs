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
        r"^\s*[\p{{Lu}}][\p{{Lu}} .'’/-]{{1,40}}(?:,\s*[\p{{L}} .]{{1,30}})?,\s+(?P<date>{}\s+(?:[12]\d|3[01]|0?[1-9])\b(?:,?\s+\d{{4}})?)",
        lex::MONTH
    ))
    .unwrap_or_else(|e| panic!("{e}"))
});
static COPYRIGHT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:©|\(c\)|copyright)[^\n\d]{0,40}?(?:(?:19|20)\d{2}\s*[-–]\s*)?(?P<y>(?:19|20)\d{2})\b")
        .unwrap_or_else(|e| panic!("{e}"))
});
/// "last year's summit in 2021", "this year, in March 2022", "next year (2024)": the year
/// tied to a relative cue gives the publication year.
static REL_CUE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?P<rel>last|this|next)\s+year(?:(?:'s|’s)\s+[\p{{L}}-]+(?:\s+[\p{{L}}-]+)?)?\s*[,(—–-]?\s*(?:in\s+)?(?:(?:early|late|mid)[\s-]+)?(?:{}\s+)?(?P<y>(?:19|20)\d{{2}})\b",
        lex::MONTH
    ))
    .unwrap_or_else(|e| panic!("{e}"))
});
/// "exactly one year ago, in 2021" (and "in 2021, two years ago").
static AGO_CUE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:exactly\s+|just\s+)?(?P<n>{SMALL})\s+years?\s+ago\s*[,(—–-]?\s*(?:in\s+)?(?:{}\s+)?(?P<y>(?:19|20)\d{{2}})\b",
        lex::MONTH
    ))
    .unwrap_or_else(|e| panic!("{e}"))
});
static AGO_CUE_REV: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)\bin\s+(?:{}\s+)?(?P<y>(?:19|20)\d{{2}})\s*[,(—–-]?\s*(?:exactly\s+|just\s+)?(?P<n>{SMALL})\s+years?\s+ago\b",
        lex::MONTH
    ))
    .unwrap_or_else(|e| panic!("{e}"))
});
const SMALL: &str = r"a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}";

fn lex_small_number(s: &str) -> Option<i32> {
    let l = s.to_ascii_lowercase();
    let words = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    match l.as_str() {
        "a" | "an" => Some(1),
        _ => match words.iter().position(|w| *w == l) {
            Some(i) => i32::try_from(i + 1).ok(),
            None => l.parse().ok(),
        },
    }
}

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
#[derive(Debug, Default, Clone)]
struct BodyEvidence {
    /// The latest explicit full date (day, month and year) not in a future context.
    latest_day: Option<NaiveDate>,
    /// The latest explicit month and year ("in September 2020"), first of the month.
    latest_month: Option<NaiveDate>,
    /// The latest bare year in a dating context ("in 2021", "since 2019").
    latest_year: Option<i32>,
    /// The latest bare year of any kind, including named things ("the 2009 accord").
    latest_any_year: Option<i32>,
    /// The latest known event ("the Covid pandemic") whose mention bounds publication.
    known_event: Option<NaiveDate>,
    /// Publication year implied by relative cues ("last year ... in 2021" → 2022).
    cue_year: Option<i32>,
    /// The latest year of a copyright notice ("© Agency 2021").
    copyright_year: Option<i32>,
}

impl BodyEvidence {
    /// The latest day the article cannot be older than, from explicit dates only.
    fn explicit_lower(&self) -> Option<NaiveDate> {
        self.latest_day.max(self.latest_month)
    }

    /// The latest day the article cannot be older than, from any evidence.
    fn lower(&self) -> Option<NaiveDate> {
        let y = self
            .latest_any_year
            .and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1));
        self.explicit_lower().max(y).max(self.known_event)
    }
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
        _ => None,
    }
}

/// Words before a bare year that make it a date of something that happened then
/// ("in 2021", "since 2019"), rather than part of a name ("the 2009 accord").
static DATING_BEFORE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:in|since|during|until|till|from|throughout|early|late|mid|spring|summer|autumn|fall|winter|end\s+of|start\s+of|beginning\s+of|middle\s+of)[\s-]*$")
        .unwrap_or_else(|e| panic!("{e}"))
});

fn text_before(text: &str, at: usize, n: usize) -> &str {
    let mut s = at.saturating_sub(n);
    while s > 0 && !text.is_char_boundary(s) {
        s -= 1;
    }
    text.get(s..at).unwrap_or("")
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
            if m.value.len() == 4 {
                if let Ok(y) = m.value.parse::<i32>() {
                    if upper.is_some_and(|u| y > u.year()) {
                        continue;
                    }
                    ev.latest_any_year = ev.latest_any_year.max(Some(y));
                    if DATING_BEFORE.is_match(text_before(text, m.span.start, 24)) {
                        ev.latest_year = ev.latest_year.max(Some(y));
                    }
                }
            } else if let Some((d, p)) = start_of(&m.value) {
                if upper.is_some_and(|u| d > u) {
                    continue;
                }
                match p {
                    Precision::Day => ev.latest_day = ev.latest_day.max(Some(d)),
                    _ => ev.latest_month = ev.latest_month.max(Some(d)),
                }
            }
        }
    }
    for c in REL_CUE.captures_iter(text) {
        let (Some(rel), Some(y)) = (c.name("rel"), c.name("y")) else {
            continue;
        };
        let Ok(y) = y.as_str().parse::<i32>() else {
            continue;
        };
        let off = match rel.as_str().to_ascii_lowercase().as_str() {
            "last" => 1,
            "next" => -1,
            _ => 0,
        };
        cues.push(y + off);
    }
    for re in [&*AGO_CUE, &*AGO_CUE_REV] {
        for c in re.captures_iter(text) {
            let (Some(n), Some(y)) = (c.name("n"), c.name("y")) else {
                continue;
            };
            let (Some(n), Ok(y)) = (lex_small_number(n.as_str()), y.as_str().parse::<i32>()) else {
                continue;
            };
            cues.push(y + n);
        }
    }
    for (re, d) in KNOWN_EVENTS.iter() {
        if re.is_match(text) {
            ev.known_event = ev.known_event.max(Some(*d));
        }
    }
    ev.cue_year = cues.iter().max().copied();
    ev
}

/// How many years past a bare-year lower bound an inferred range reaches.
const YEAR_SPAN: i32 = 2;
/// How many days past an explicit full date an inferred range reaches.
const DAY_SPAN: i64 = 365;

fn inferred(ev: &BodyEvidence, upper: Option<NaiveDate>) -> Option<Published> {
    let end_of_year = |y: i32| NaiveDate::from_ymd_opt(y, 12, 31);
    let start_of_year = |y: i32| NaiveDate::from_ymd_opt(y, 1, 1);
    let cap = |to: NaiveDate, from: NaiveDate| upper.map_or(to, |u| u.min(to)).max(from);
    let explicit = ev.explicit_lower();
    // A copyright year agreeing with the latest explicit date: keep the month guess.
    if let (None, Some(y), Some(l)) = (ev.cue_year, ev.copyright_year, explicit) {
        if l.year() == y {
            return Some(Published {
                value: Some(lex::fmt_month(y, l.month())),
                precision: Precision::Month,
                origin: DateOrigin::Inferred,
                range: Some([l, cap(end_of_year(y)?, l)]),
            });
        }
    }
    // A year tied by a relative cue or a copyright notice: the year itself is known.
    if let Some(y) = ev.cue_year.or(ev.copyright_year) {
        let mut from = start_of_year(y)?;
        if let Some(l) = ev.lower() {
            if l.year() == y && l > from {
                from = l;
            }
        }
        return Some(Published {
            value: Some(format!("{y:04}")),
            precision: Precision::Year,
            origin: DateOrigin::Inferred,
            range: Some([from, cap(end_of_year(y)?, from)]),
        });
    }
    // A bare year in a dating context ("in 2022") only bounds publication from below and
    // alone is too weak to guess from (news mostly names past years); it wins only as
    // the year right after the latest explicit date.
    let dated_year = ev
        .latest_year
        .filter(|&y| explicit.is_some_and(|l| y == l.year() + 1));
    if let Some(y) = dated_year {
        let from = start_of_year(y)?.max(
            ev.lower()
                .filter(|l| l.year() == y)
                .unwrap_or(NaiveDate::MIN),
        );
        return Some(Published {
            value: Some(format!("{y:04}")),
            precision: Precision::Year,
            origin: DateOrigin::Inferred,
            range: Some([from, cap(end_of_year(y + YEAR_SPAN)?, from)]),
        });
    }
    // An explicit full date is a lower bound; news is mostly about recent days, so its
    // month is the best guess.
    if let Some(l) = ev
        .latest_day
        .filter(|d| ev.latest_month.is_none_or(|m| *d >= m))
    {
        return Some(Published {
            value: Some(lex::fmt_month(l.year(), l.month())),
            precision: Precision::Month,
            origin: DateOrigin::Inferred,
            range: Some([l, cap(lex::add_days(l, DAY_SPAN), l)]),
        });
    }
    // A month and year only ("in September 2020") bounds publication from below but,
    // like a bare year, is as often a historical reference as a recent one: too weak.
    None
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
    let fits = |y: i32, wd: Option<chrono::Weekday>| {
        NaiveDate::from_ymd_opt(y, m, d).filter(|x| wd.is_none_or(|w| x.weekday() == w))
    };
    if let Some(u) = upper {
        // The crawl date: the latest such day not after it (the weekday may move it back).
        let y = u.year();
        let y = match NaiveDate::from_ymd_opt(y, m, d) {
            Some(x) if x > lex::add_days(u, 1) => y - 1,
            _ => y,
        };
        let y = match wd {
            Some(w) => (0..8)
                .map(|k| y - k)
                .find(|&cy| fits(cy, Some(w)).is_some())
                .unwrap_or(y),
            None => y,
        };
        return NaiveDate::from_ymd_opt(y, m, d).map(|x| (x, true));
    }
    if let Some(y) = ev.cue_year.or(ev.copyright_year) {
        let y = match wd {
            Some(w) => weekday_year(m, d, w, y)
                .filter(|cy| (cy - y).abs() <= 1)
                .unwrap_or(y),
            None => y,
        };
        return NaiveDate::from_ymd_opt(y, m, d).map(|x| (x, true));
    }
    // An explicit date in the body: the dateline is the first such day on or after it
    // within a year; with a weekday (the dateline's own, else the first one of the lead,
    // which wire leads use for the dateline's day) within two years, the first day that
    // falls on it. A weekday that fits none of them leaves the year unknown.
    if let Some(l) = ev.explicit_lower() {
        let cands: Vec<NaiveDate> = (l.year()..=l.year() + 2)
            .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
            .filter(|x| *x >= l && *x <= lex::add_days(l, 731))
            .collect();
        let lead_wd = || {
            let mut cut = text.len().min(600);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            WEEKDAY_RE
                .find(text.get(..cut).unwrap_or(""))
                .and_then(|w| lex::weekday(w.as_str()))
        };
        let pick = match wd.or_else(lead_wd) {
            Some(w) => cands.iter().find(|x| x.weekday() == w),
            None => cands.first().filter(|x| **x <= lex::add_days(l, 366)),
        };
        return pick.map(|x| (*x, false));
    }
    // A bare year ("in 2019", "the 2009 accord") is no solid evidence for the year.
    None
}

/// A full date with its weekday or clock time near the top of the body: the page's own
/// timestamp ("18:00 UK time, Saturday, 25 April 2009", "Thu Apr 30, 2009 7:41pm").
fn head_date(text: &str, upper: Option<NaiveDate>) -> Option<NaiveDate> {
    let mut cut = text.len().min(300);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = text.get(..cut)?;
    let mut found: Vec<(usize, usize, NaiveDate)> = Vec::new();
    for re in [&*HEAD_DM, &*HEAD_MD] {
        for c in re.captures_iter(head) {
            let (Some(all), Some(mon), Some(day), Some(y)) =
                (c.get(0), c.name("mon"), c.name("day"), c.name("year"))
            else {
                continue;
            };
            let date = NaiveDate::from_ymd_opt(
                y.as_str().parse().ok()?,
                lex::month_num(mon.as_str())?,
                day.as_str().parse().ok()?,
            );
            let Some(date) = date else { continue };
            if upper.is_some_and(|u| date > u) {
                continue;
            }
            let wd_ok = match c.name("wd").and_then(|w| lex::weekday(w.as_str())) {
                Some(w) if date.weekday() == w => true,
                Some(_) => continue,
                None => false,
            };
            let near = |s: &str| CLOCK.is_match(s);
            let after = text
                .get(all.end()..)
                .map(|r| r.chars().take(24).collect::<String>())
                .unwrap_or_default();
            let before = text_before(text, all.start(), 24);
            if wd_ok || near(&after) || near(before) {
                found.push((all.start(), all.end(), date));
            }
        }
    }
    found.sort_by_key(|f| f.0);
    found.first().map(|f| f.2)
}

static HEAD_DM: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)(?:\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\b\.?\s*,?\s*)?\b(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s+{}\s*,?\s*(?P<year>(?:19|20)\d{{2}})\b",
        lex::MONTH
    ))
    .unwrap_or_else(|e| panic!("{e}"))
});
static HEAD_MD: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)(?:\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\b\.?\s*,?\s*)?\b{}\s+(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s*,\s*(?P<year>(?:19|20)\d{{2}})\b",
        lex::MONTH
    ))
    .unwrap_or_else(|e| panic!("{e}"))
});
static CLOCK: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:[01]?\d|2[0-3])[:.][0-5]\d\b|\b\d{1,2}\s*[ap]\.?m\b")
        .unwrap_or_else(|e| panic!("{e}"))
});

static WEEKDAY_RE: Lazy<Regex> =
    Lazy::new(|| Regex::new(lex::WEEKDAY).unwrap_or_else(|e| panic!("{e}")));

/// Decides the article's publication date from every source, in order of trust.
///
/// Given date, then metadata and URL candidates, then a dateline (its month-day takes its
/// year only from solid evidence: the crawl date, a timestamp at the top of the body, a
/// relative cue such as "last year's summit in 2021", or an explicit full date in the body
/// within a year, the weekday choosing between years), then a timestamp at the top of the
/// body ("18:00, Saturday, 25 April 2009"), then inference from the body. Bare years
/// ("in 2021", "the 2009 accord") and month-years only bound the date from below and are
/// too weak alone: the date stays unknown rather than guessed. An explicit full date gives
/// its month at month precision with a one-year range.
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
    let head = head_date(&clean.text, upper);
    // Dateline: from the clean stage, or one opening the body ("KESSGRAD, June 16 (Agency):").
    let dl_text = clean
        .dateline
        .as_ref()
        .and_then(|d| d.date_text.clone())
        .or_else(|| body_dateline(&clean.text));
    if let Some(t) = dl_text {
        let ev_head = BodyEvidence {
            cue_year: ev.cue_year.or(head.map(|h| h.year())),
            ..ev.clone()
        };
        if let Some((d, strong)) = dateline_date(&t, upper, &ev_head, &clean.text) {
            let mut p = Published::day(d, DateOrigin::Dateline);
            if !strong {
                // The year is a guess from the body: say how far it may be off.
                let from = ev.explicit_lower().map_or(d, |l| l.min(d));
                p.range = Some([from, lex::add_days(from, 366).max(d)]);
            }
            return p;
        }
    }
    if let Some(h) = head {
        return Published::day(h, DateOrigin::Dateline);
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
