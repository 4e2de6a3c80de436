//! Reading TIMEX3 calendar values as day ranges.

use chrono::{Duration, NaiveDate};
use newsline_model::Precision;

use crate::StoryError;

/// A calendar value as an inclusive day range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateRange {
    /// First day.
    pub start: NaiveDate,
    /// Last day (inclusive).
    pub end: NaiveDate,
    /// Precision of the value.
    pub precision: Precision,
}

impl DateRange {
    /// True when `other` lies inside `self`.
    pub fn contains(&self, other: &DateRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when one range contains the other.
    pub fn compatible(&self, other: &DateRange) -> bool {
        self.contains(other) || other.contains(self)
    }

    /// True when the two ranges share a day.
    pub fn overlaps(&self, other: &DateRange) -> bool {
        self.start <= other.end && other.start <= self.end
    }
}

fn last_of_month(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1).map(|d| d - Duration::days(1))
}

/// Parses a TIMEX3 calendar value (`2021-06-16`, `2021-06-16T10:00`,
/// `2021-06`, `2021`, `2021-W24`, `2021-SU`, `2021-Q2`) into a day range.
/// Unanchored values (`XXXX-06-16`, `PAST_REF`, durations) are errors.
pub fn parse_timex(value: &str) -> Result<DateRange, StoryError> {
    let bad = || StoryError::BadDate(value.to_string());
    let v = value.trim();
    let date_part = v.split('T').next().unwrap_or("");
    let parts: Vec<&str> = date_part.split('-').collect();
    let year_s = parts.first().copied().unwrap_or("");
    if year_s.len() != 4 || !year_s.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let y: i32 = year_s.parse().map_err(|_| bad())?;
    let has_time = v.contains('T');
    match parts.as_slice() {
        [_] => Ok(DateRange {
            start: NaiveDate::from_ymd_opt(y, 1, 1).ok_or_else(bad)?,
            end: NaiveDate::from_ymd_opt(y, 12, 31).ok_or_else(bad)?,
            precision: Precision::Year,
        }),
        [_, second] => {
            let s = *second;
            if let Some(w) = s
                .strip_prefix('W')
                .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
            {
                let w: u32 = w.parse().map_err(|_| bad())?;
                let start =
                    NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Mon).ok_or_else(bad)?;
                return Ok(DateRange {
                    start,
                    end: start + Duration::days(6),
                    precision: Precision::Week,
                });
            }
            if let Some(q) = s.strip_prefix('Q') {
                let q: u32 = q.parse().map_err(|_| bad())?;
                if !(1..=4).contains(&q) {
                    return Err(bad());
                }
                let m = (q - 1) * 3 + 1;
                return Ok(DateRange {
                    start: NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)?,
                    end: last_of_month(y, m + 2).ok_or_else(bad)?,
                    precision: Precision::Quarter,
                });
            }
            let season = match s {
                "SP" => Some((3, 5)),
                "SU" => Some((6, 8)),
                "FA" | "AU" => Some((9, 11)),
                "WI" => Some((12, 14)),
                _ => None,
            };
            if let Some((a, b)) = season {
                let start = NaiveDate::from_ymd_opt(y, a, 1).ok_or_else(bad)?;
                let end = if b > 12 {
                    last_of_month(y + 1, b - 12)
                } else {
                    last_of_month(y, b)
                }
                .ok_or_else(bad)?;
                return Ok(DateRange {
                    start,
                    end,
                    precision: Precision::Season,
                });
            }
            if s.len() != 2 {
                return Err(bad());
            }
            let m: u32 = s.parse().map_err(|_| bad())?;
            Ok(DateRange {
                start: NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)?,
                end: last_of_month(y, m).ok_or_else(bad)?,
                precision: Precision::Month,
            })
        }
        [_, m, d] => {
            if m.len() != 2 || d.len() != 2 {
                return Err(bad());
            }
            let m: u32 = m.parse().map_err(|_| bad())?;
            let d: u32 = d.parse().map_err(|_| bad())?;
            let day = NaiveDate::from_ymd_opt(y, m, d).ok_or_else(bad)?;
            Ok(DateRange {
                start: day,
                end: day,
                precision: if has_time {
                    Precision::Time
                } else {
                    Precision::Day
                },
            })
        }
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    fn iso(d: NaiveDate) -> String {
        format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    }

    #[test]
    fn parses_timex_values() {
        let d = parse_timex("2021-06-16").unwrap();
        assert_eq!(d.precision, Precision::Day);
        let m = parse_timex("2021-06").unwrap();
        assert!(m.contains(&d));
        assert_eq!(iso(m.end), "2021-06-30");
        assert!(parse_timex("2021").unwrap().contains(&m));
        assert_eq!(parse_timex("2021-SU").unwrap().precision, Precision::Season);
        assert_eq!(iso(parse_timex("2020-WI").unwrap().end), "2021-02-28");
        assert_eq!(iso(parse_timex("2021-Q2").unwrap().end), "2021-06-30");
        assert_eq!(parse_timex("2021-W24").unwrap().precision, Precision::Week);
        assert_eq!(
            parse_timex("2021-06-16T10:30").unwrap().precision,
            Precision::Time
        );
        for bad in [
            "XXXX-06-16",
            "PAST_REF",
            "P2W",
            "",
            "2021-13",
            "2021-02-30",
            "20",
        ] {
            assert!(parse_timex(bad).is_err(), "{bad}");
        }
    }
}
