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

static TEXT_DATE: Lazy<Regex> = Lazy::new(re_text_date);

fn re_text_date() -> Regex {
    Regex::new(
        r"(?i)\b(?:(?P<d1>\d{1,2})\.?\s+(?P<m1>[a-zа-яё]{3,10})\.?,?\s+(?P<y1>(?:19|20)\d\d)|(?P<m2>[a-z]{3,10})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d\d)|(?P<y3>(?:19|20)\d\d)-(?P<m3>\d\d)-(?P<d3>\d\d)|(?P<d4>\d{1,2})[./](?P<m4>\d{1,2})[./](?P<y4>(?:19|20)\d\d))\b",
    )
    .expect("valid regex")
}

fn month_number(name: &str) -> Option<u32> {
    let n = name.to_lowercase();
    const EN: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    const RU: [&str; 12] = [
        "янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
    ];
    let head: String = n.chars().take(3).collect();
    EN.iter()
        .position(|m| *m == head)
        .or_else(|| RU.iter().position(|m| *m == head))
        .or_else(|| (head == "май").then_some(4))
        .map(|i| i as u32 + 1)
}

/// The first full calendar date written in `text` (`25 May 2021`,
/// `May 25, 2021`, `2021-05-25`, `25.05.2021`).
pub(crate) fn text_date(text: &str) -> Option<NaiveDate> {
    for c in TEXT_DATE.captures_iter(text) {
        let num = |k: &str| c.name(k).and_then(|m| m.as_str().parse::<u32>().ok());
        let ymd = if let (Some(d), Some(m), Some(y)) = (num("d1"), c.name("m1"), num("y1")) {
            month_number(m.as_str()).map(|m| (y, m, d))
        } else if let (Some(d), Some(m), Some(y)) = (num("d2"), c.name("m2"), num("y2")) {
            month_number(m.as_str()).map(|m| (y, m, d))
        } else if let (Some(d), Some(m), Some(y)) = (num("d3"), num("m3"), num("y3")) {
            Some((y, m, d))
        } else if let (Some(d), Some(m), Some(y)) = (num("d4"), num("m4"), num("y4")) {
            Some((y, m, d))
        } else {
            None
        };
        if let Some(date) = ymd.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y as i32, m, d)) {
            return Some(date);
        }
    }
    None
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
    }
}
