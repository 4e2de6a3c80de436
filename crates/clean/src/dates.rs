//! Publication-date candidates from URLs and metadata values.

use chrono::NaiveDate;
use newsline_model::{DateCandidate, DateOrigin, Precision};
use once_cell::sync::Lazy;
use regex::Regex;

static URL_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])(?:[/-](0?[1-9]|[12]\d|3[01]))?(?:/|$|[-_.])")
        .expect("valid regex")
});
static ISO_DATE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s*((?:19|20)\d\d)-(\d\d)-(\d\d)").expect("valid regex"));

/// A date candidate from a `/YYYY/MM/DD/` (or `/YYYY/MM/`) URL path.
pub fn url_date(url: &str) -> Option<DateCandidate> {
    let c = URL_DATE.captures(url)?;
    let y: i32 = c.get(1)?.as_str().parse().ok()?;
    let m: u32 = c.get(2)?.as_str().parse().ok()?;
    let (d, precision) = match c.get(3) {
        Some(d) => (d.as_str().parse().ok()?, Precision::Day),
        None => (1, Precision::Month),
    };
    Some(DateCandidate {
        date: NaiveDate::from_ymd_opt(y, m, d)?,
        precision,
        origin: DateOrigin::Url,
        source: "url".to_string(),
        upper_bound: false,
    })
}

/// Parses a metadata date value: the calendar date as written (a date-time
/// with an offset keeps its own local date), ISO or RFC 2822.
pub(crate) fn parse_meta_date(v: &str) -> Option<NaiveDate> {
    if let Some(c) = ISO_DATE.captures(v) {
        let y = c.get(1)?.as_str().parse().ok()?;
        let m = c.get(2)?.as_str().parse().ok()?;
        let d = c.get(3)?.as_str().parse().ok()?;
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc2822(v.trim()) {
        return Some(d.date_naive());
    }
    None
}

/// A metadata candidate.
pub(crate) fn meta_candidate(value: &str, source: &str) -> Option<DateCandidate> {
    Some(DateCandidate {
        date: parse_meta_date(value)?,
        precision: Precision::Day,
        origin: DateOrigin::Metadata,
        source: source.to_string(),
        upper_bound: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_and_meta_dates() {
        let c = url_date("https://news.example/world/2021/06/16/summit-ends").unwrap();
        assert_eq!(c.date, NaiveDate::from_ymd_opt(2021, 6, 16).unwrap());
        assert_eq!(c.precision, Precision::Day);
        assert_eq!(url_date("https://x.example/2021/13/40/a"), None);
        assert_eq!(url_date("https://x.example/item/123456"), None);
        assert_eq!(
            parse_meta_date("2021-06-16T23:30:00-05:00"),
            NaiveDate::from_ymd_opt(2021, 6, 16)
        );
        assert_eq!(
            parse_meta_date("Wed, 16 Jun 2021 10:00:00 +0200"),
            NaiveDate::from_ymd_opt(2021, 6, 16)
        );
    }
}

#[rustfmt::skip]
/// Month names and abbreviations (English, German, French, Spanish, Italian,
/// Polish genitive, Russian nominative and genitive), lower case.
const MONTH_NAMES: &[(&str, u32)] = &[
    ("january", 1), ("jan", 1), ("januar", 1), ("jänner", 1), ("janvier", 1), ("janv", 1),
    ("enero", 1), ("ene", 1), ("gennaio", 1), ("stycznia", 1), ("январь", 1), ("января", 1),
    ("янв", 1),
    ("february", 2), ("feb", 2), ("februar", 2), ("février", 2), ("fevrier", 2), ("févr", 2),
    ("febrero", 2), ("febbraio", 2), ("lutego", 2), ("февраль", 2), ("февраля", 2), ("фев", 2),
    ("march", 3), ("mar", 3), ("märz", 3), ("mär", 3), ("mrz", 3), ("mars", 3), ("marzo", 3),
    ("marca", 3), ("март", 3), ("марта", 3),
    ("april", 4), ("apr", 4), ("avril", 4), ("avr", 4), ("abril", 4), ("abr", 4), ("aprile", 4),
    ("kwietnia", 4), ("апрель", 4), ("апреля", 4), ("апр", 4),
    ("may", 5), ("mai", 5), ("mayo", 5), ("maggio", 5), ("maja", 5), ("май", 5), ("мая", 5),
    ("june", 6), ("jun", 6), ("juni", 6), ("juin", 6), ("junio", 6), ("giugno", 6),
    ("czerwca", 6), ("июнь", 6), ("июня", 6),
    ("july", 7), ("jul", 7), ("juli", 7), ("juillet", 7), ("juil", 7), ("julio", 7),
    ("luglio", 7), ("lipca", 7), ("июль", 7), ("июля", 7),
    ("august", 8), ("aug", 8), ("août", 8), ("aout", 8), ("agosto", 8), ("sierpnia", 8),
    ("август", 8), ("августа", 8),
    ("september", 9), ("sept", 9), ("sep", 9), ("septembre", 9), ("septiembre", 9),
    ("settembre", 9), ("września", 9), ("сентябрь", 9), ("сентября", 9),
    ("october", 10), ("oct", 10), ("oktober", 10), ("okt", 10), ("octobre", 10),
    ("octubre", 10), ("ottobre", 10), ("października", 10), ("октябрь", 10), ("октября", 10),
    ("november", 11), ("nov", 11), ("novembre", 11), ("noviembre", 11), ("listopada", 11),
    ("ноябрь", 11), ("ноября", 11),
    ("december", 12), ("dec", 12), ("dezember", 12), ("dez", 12), ("décembre", 12),
    ("decembre", 12), ("déc", 12), ("diciembre", 12), ("dicembre", 12), ("grudnia", 12),
    ("декабрь", 12), ("декабря", 12),
];

/// The regex alternation of all month names, longest first.
fn month_alternation() -> String {
    let mut names: Vec<&str> = MONTH_NAMES.iter().map(|(n, _)| *n).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names.join("|")
}

static TEXT_DATE: Lazy<Regex> = Lazy::new(|| {
    let m = month_alternation();
    Regex::new(&format!(
        r"(?i)\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?(?P<m1>{m})\b\.?,?\s+(?:de\s+)?(?P<y1>(?:19|20)\d\d)|(?P<m2>{m})\b\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d\d)|(?P<y3>(?:19|20)\d\d)[-/.](?P<m3>\d{{1,2}})[-/.](?P<d3>\d{{1,2}})(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?|(?P<a4>\d{{1,2}})(?P<s4>[./-])(?P<b4>\d{{1,2}})[./-](?P<y4>(?:19|20)\d\d))\b"
    ))
    .expect("valid regex")
});

fn month_number(name: &str) -> Option<u32> {
    let n = name.to_lowercase();
    let n = n.trim_end_matches('.');
    MONTH_NAMES.iter().find(|(m, _)| *m == n).map(|(_, i)| *i)
}

/// A full calendar date written in text: byte range and date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FoundDate {
    pub start: usize,
    pub end: usize,
    pub date: NaiveDate,
}

/// All full calendar dates written in `text` (`25 May 2021`, `May 25, 2021`,
/// `Wed 25 Mar`-style names in several languages, `2021-05-25`,
/// `25.05.2021`, `25/05/2021`).
///
/// Numeric day/month order: dots are day-first (European); for slashes and
/// dashes a first number above 12 is the day, a second number above 12 is
/// the day, and otherwise the order is day-first unless `us` (the caller saw
/// US conventions such as `a.m.` or `ET` on the line), then month-first.
pub(crate) fn find_dates(text: &str, us: bool) -> Vec<FoundDate> {
    let mut out = Vec::new();
    for c in TEXT_DATE.captures_iter(text) {
        let Some(whole) = c.get(0) else { continue };
        let num = |k: &str| c.name(k).and_then(|m| m.as_str().parse::<u32>().ok());
        let ymd = if let (Some(d), Some(m), Some(y)) = (num("d1"), c.name("m1"), num("y1")) {
            month_number(m.as_str()).map(|m| (y, m, d))
        } else if let (Some(d), Some(m), Some(y)) = (num("d2"), c.name("m2"), num("y2")) {
            month_number(m.as_str()).map(|m| (y, m, d))
        } else if let (Some(d), Some(m), Some(y)) = (num("d3"), num("m3"), num("y3")) {
            Some((y, m, d))
        } else if let (Some(a), Some(b), Some(y)) = (num("a4"), num("b4"), num("y4")) {
            let dots = c.name("s4").is_some_and(|s| s.as_str() == ".");
            let month_first = if a > 12 {
                false
            } else if b > 12 {
                true
            } else {
                us && !dots
            };
            Some(if month_first { (y, a, b) } else { (y, b, a) })
        } else {
            None
        };
        if let Some(date) = ymd.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y as i32, m, d)) {
            out.push(FoundDate {
                start: whole.start(),
                end: whole.end(),
                date,
            });
        }
    }
    out
}

/// The first full calendar date written in `text`.
#[cfg(test)]
pub(crate) fn text_date(text: &str) -> Option<NaiveDate> {
    find_dates(text, false).first().map(|f| f.date)
}

#[cfg(test)]
mod text_date_tests {
    use super::*;

    #[test]
    fn written_dates() {
        let d = NaiveDate::from_ymd_opt(2021, 5, 25);
        assert_eq!(text_date("Published 25 May 2021, 18:42"), d);
        assert_eq!(text_date("Posted May 25th, 2021"), d);
        assert_eq!(text_date("Updated: 2021-05-25 10:00"), d);
        assert_eq!(text_date("Опубликовано 25 мая 2021"), d);
        assert_eq!(text_date("no date here 2021"), None);
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(text_date("April 16, 2021 | 9:12 AM"), day(2021, 4, 16));
        assert_eq!(text_date("Wed 15 Mar 2023 17.30 GMT"), day(2023, 3, 15));
        assert_eq!(text_date("19.04.2021 11:32"), day(2021, 4, 19));
        assert_eq!(text_date("13 марта 2024 г., 10:15"), day(2024, 3, 13));
        assert_eq!(text_date("16. Juni 2021, 08:00 Uhr"), day(2021, 6, 16));
        assert_eq!(text_date("Publié le 3 février 2022"), day(2022, 2, 3));
        assert_eq!(text_date("16 de junio de 2021"), day(2021, 6, 16));
        assert_eq!(
            text_date("Baltic Ledger | 2023-11-09 08:15"),
            day(2023, 11, 9)
        );
        // Slash dates: day-first unless a number forces the order or the line is US.
        assert_eq!(text_date("Posted on 22/04/2022"), day(2022, 4, 22));
        assert_eq!(text_date("Posted on 04/22/2022"), day(2022, 4, 22));
        assert_eq!(text_date("Posted on 05/04/2022"), day(2022, 4, 5));
        let us = find_dates("05/04/2022 9:00 a.m. ET", true);
        assert_eq!(us.first().map(|f| f.date), day(2022, 5, 4));
        // Dots stay day-first even on US lines.
        let dots = find_dates("05.04.2022", true);
        assert_eq!(dots.first().map(|f| f.date), day(2022, 4, 5));
        assert_eq!(text_date("Marenburg 12, 2021"), None);
        assert_eq!(text_date("31.02.2021"), None);
    }
}
