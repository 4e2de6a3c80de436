//! Parameter parsing and date helpers (pure; no I/O).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::error::ApiError;

/// Query parameters; empty values count as absent.
pub(crate) struct Params(pub HashMap<String, String>);

impl Params {
    pub fn str(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    pub fn usize(&self, key: &str) -> Result<Option<usize>, ApiError> {
        match self.str(key) {
            None => Ok(None),
            Some(v) => v.parse::<usize>().map(Some).map_err(|_| {
                ApiError::bad_request(format!("`{key}` must be a non-negative integer, got {v:?}"))
            }),
        }
    }

    /// `(page, page_size)`: 1-based page, size capped at `max`.
    pub fn paging(&self, default: usize, max: usize) -> Result<Paging, ApiError> {
        let page = self.usize("page")?.unwrap_or(1);
        if page == 0 {
            return Err(ApiError::bad_request("`page` starts at 1"));
        }
        let size = self
            .usize("page_size")?
            .unwrap_or(default)
            .clamp(1, max.max(1));
        Ok(Paging { page, size })
    }

    /// A `since` bound: first day of `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn since(&self) -> Result<Option<NaiveDate>, ApiError> {
        self.bound("since", false)
    }

    /// An `until` bound: last day of `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn until(&self) -> Result<Option<NaiveDate>, ApiError> {
        self.bound("until", true)
    }

    fn bound(&self, key: &str, end: bool) -> Result<Option<NaiveDate>, ApiError> {
        match self.str(key) {
            None => Ok(None),
            Some(v) => match parse_date_range(v) {
                Some((a, b)) if is_plain_date(v) => Ok(Some(if end { b } else { a })),
                _ => Err(ApiError::bad_request(format!(
                    "`{key}` must be a date YYYY, YYYY-MM or YYYY-MM-DD, got {v:?}"
                ))),
            },
        }
    }
}

/// A page request.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Paging {
    pub page: usize,
    pub size: usize,
}

impl Paging {
    pub fn offset(&self) -> usize {
        (self.page - 1).saturating_mul(self.size)
    }

    /// The items of this page.
    pub fn slice<T>(&self, items: Vec<T>) -> Vec<T> {
        items
            .into_iter()
            .skip(self.offset())
            .take(self.size)
            .collect()
    }
}

fn is_plain_date(v: &str) -> bool {
    matches!(v.len(), 4 | 7 | 10) && v.chars().all(|c| c.is_ascii_digit() || c == '-')
}

/// The calendar days a TIMEX-style value covers: `2021`, `2021-06`,
/// `2021-06-16`, `2021-06-16T10:00`, and coarsely `2021-SU`, `2021-Q2`,
/// `2021-W24` (the whole year). `None` for unanchored values (`PAST_REF`,
/// `XXXX-02-12`, durations).
pub(crate) fn parse_date_range(v: &str) -> Option<(NaiveDate, NaiveDate)> {
    let v = v.trim();
    let year: i32 = v.get(0..4)?.parse().ok()?;
    if !v.get(0..4)?.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let year_range = || {
        Some((
            NaiveDate::from_ymd_opt(year, 1, 1)?,
            NaiveDate::from_ymd_opt(year, 12, 31)?,
        ))
    };
    let rest = match v.get(4..) {
        None | Some("") => return year_range(),
        Some(r) => r,
    };
    let rest = rest.strip_prefix('-')?;
    let month_str = rest.get(0..2)?;
    let month: u32 = match month_str.parse() {
        Ok(m) if month_str.chars().all(|c| c.is_ascii_digit()) => m,
        _ => return year_range(), // season, quarter or week: the year
    };
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let day_part = rest.get(2..).unwrap_or("");
    if day_part.is_empty() {
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)?
        };
        return Some((first, next.pred_opt()?));
    }
    let day_str = day_part.strip_prefix('-')?.get(0..2)?;
    if !day_str.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let d = NaiveDate::from_ymd_opt(first.year(), first.month(), day_str.parse().ok()?)?;
    Some((d, d))
}

/// True when a value's days meet `[since, until]`; values that cannot be
/// placed on the calendar only pass when there are no bounds.
pub(crate) fn in_range(
    value: Option<&str>,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> bool {
    if since.is_none() && until.is_none() {
        return true;
    }
    let Some((a, b)) = value.and_then(parse_date_range) else {
        return false;
    };
    since.is_none_or(|s| b >= s) && until.is_none_or(|u| a <= u)
}

/// Case-insensitive substring test.
pub(crate) fn contains_ci(haystack: &str, needle_lower: &str) -> bool {
    needle_lower.is_empty() || haystack.to_lowercase().contains(needle_lower)
}

/// Constant-time comparison of two secrets.
pub(crate) fn secret_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        diff |= usize::from(x ^ y);
    }
    diff == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn date_ranges() {
        assert_eq!(
            parse_date_range("2021"),
            Some((d("2021-01-01"), d("2021-12-31")))
        );
        assert_eq!(
            parse_date_range("2021-02"),
            Some((d("2021-02-01"), d("2021-02-28")))
        );
        assert_eq!(
            parse_date_range("2021-12"),
            Some((d("2021-12-01"), d("2021-12-31")))
        );
        assert_eq!(
            parse_date_range("2021-06-16"),
            Some((d("2021-06-16"), d("2021-06-16")))
        );
        assert_eq!(
            parse_date_range("2021-06-16T10:30"),
            Some((d("2021-06-16"), d("2021-06-16")))
        );
        assert_eq!(
            parse_date_range("2021-SU"),
            Some((d("2021-01-01"), d("2021-12-31")))
        );
        assert_eq!(parse_date_range("XXXX-02-12"), None);
        assert_eq!(parse_date_range("PAST_REF"), None);
        assert_eq!(parse_date_range("P2W"), None);
        assert_eq!(parse_date_range("2021-13-01"), None);
        assert_eq!(parse_date_range("2021-02-30"), None);
        assert_eq!(parse_date_range("ёёёё-"), None);
    }

    #[test]
    fn ranges_filter_by_overlap() {
        let s = Some(d("2021-06-01"));
        let u = Some(d("2021-06-30"));
        assert!(in_range(Some("2021-06-16"), s, u));
        assert!(in_range(Some("2021"), s, u));
        assert!(!in_range(Some("2021-07-01"), s, u));
        assert!(!in_range(None, s, None));
        assert!(in_range(None, None, None));
        assert!(!in_range(Some("PAST_REF"), None, u));
    }

    #[test]
    fn bounds_and_paging() {
        let p = Params(
            [
                ("since", "2021-02"),
                ("until", "2021"),
                ("page", "2"),
                ("page_size", "500"),
            ]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
        );
        assert_eq!(p.since().unwrap(), Some(d("2021-02-01")));
        assert_eq!(p.until().unwrap(), Some(d("2021-12-31")));
        let pg = p.paging(20, 100).unwrap();
        assert_eq!((pg.page, pg.size, pg.offset()), (2, 100, 100));
        let bad = Params(
            [("since".to_string(), "2021-SU".to_string())]
                .into_iter()
                .collect(),
        );
        assert_eq!(bad.since().unwrap_err().code, "bad_request");
        let zero = Params(
            [("page".to_string(), "0".to_string())]
                .into_iter()
                .collect(),
        );
        assert!(zero.paging(20, 100).is_err());
    }

    #[test]
    fn secrets_compare_exactly() {
        assert!(secret_eq("abc", "abc"));
        assert!(!secret_eq("abc", "abd"));
        assert!(!secret_eq("abc", "abcd"));
        assert!(!secret_eq("", "a"));
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn date_parsing_never_panics(s in "\\PC{0,16}", t in "[0-9X]{4}-[0-9A-Z]{0,2}-?[0-9T:]{0,8}") {
            for v in [s.as_str(), t.as_str()] {
                if let Some((a, b)) = parse_date_range(v) {
                    prop_assert!(a <= b);
                }
                let _ = in_range(Some(v), None, NaiveDate::from_ymd_opt(2020, 1, 1));
                let p = Params([("since".to_string(), v.to_string()), ("page".to_string(), v.to_string())].into_iter().collect());
                let _ = p.since();
                let _ = p.paging(20, 100);
                let _ = secret_eq(v, "token");
            }
        }
    }
}
