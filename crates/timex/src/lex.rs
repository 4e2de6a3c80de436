//! Lexicons and small parsers: months, weekdays, number words, units.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Regex fragment for a month name or abbreviation (captured as `mon`).
pub const MONTH: &str = r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)";

/// Regex fragment for a full month name only (captured as `mon`).
pub const MONTH_FULL: &str = r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December)";

/// Regex fragment for a weekday name (captured as `wd`).
pub const WEEKDAY: &str = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";

/// Regex fragment for a number, spelled or written (captured as `num`).
pub const NUM: &str = r"(?P<num>(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+and\s+a\s+half|\d+\s+1/2|\d+(?:\.\d+)?|a\s+couple\s+of|couple\s+of|a\s+few|a\s+half|several|few|many|dozens\s+of|hundreds\s+of|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine)\b)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|an|a)";

/// Regex fragment for a calendar unit (captured as `u`).
pub const UNIT: &str = r"(?P<u>seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?|decades?|century|centuries)";

/// Month number of a month token (1-12), tolerant of case and abbreviation.
pub fn month_num(s: &str) -> Option<u32> {
    let l = s.trim_end_matches('.').to_ascii_lowercase();
    let p = l.get(..3)?;
    Some(match p {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    })
}

/// Weekday of a weekday token.
pub fn weekday(s: &str) -> Option<Weekday> {
    let l = s.to_ascii_lowercase();
    Some(match l.get(..3)? {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    })
}

/// Value of a number token: `Some(Some(n))` for a known number,
/// `Some(None)` for a vague one ("several"), `None` when not a number.
pub fn number(s: &str) -> Option<Option<f64>> {
    let l = s.to_ascii_lowercase();
    let l = l.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Ok(v) = l.parse::<f64>() {
        return Some(Some(v));
    }
    let small = |w: &str| -> Option<f64> {
        Some(match w {
            "one" | "a" | "an" => 1.0,
            "two" => 2.0,
            "three" => 3.0,
            "four" => 4.0,
            "five" => 5.0,
            "six" => 6.0,
            "seven" => 7.0,
            "eight" => 8.0,
            "nine" => 9.0,
            "ten" => 10.0,
            "eleven" => 11.0,
            "twelve" => 12.0,
            "thirteen" => 13.0,
            "fourteen" => 14.0,
            "fifteen" => 15.0,
            "sixteen" => 16.0,
            "seventeen" => 17.0,
            "eighteen" => 18.0,
            "nineteen" => 19.0,
            "twenty" => 20.0,
            "thirty" => 30.0,
            "forty" => 40.0,
            "fifty" => 50.0,
            "sixty" => 60.0,
            "seventy" => 70.0,
            "eighty" => 80.0,
            "ninety" => 90.0,
            "a half" => 0.5,
            "a couple of" | "couple of" => 2.0,
            _ => return None,
        })
    };
    if let Some(v) = small(&l) {
        return Some(Some(v));
    }
    if let Some(head) = l.strip_suffix(" and a half") {
        let h = head.trim();
        let v = h.parse::<f64>().ok().or_else(|| small(h))?;
        return Some(Some(v + 0.5));
    }
    if let Some(head) = l.strip_suffix(" 1/2") {
        let v = head.trim().parse::<f64>().ok()?;
        return Some(Some(v + 0.5));
    }
    if let Some((a, b)) = l.split_once(['-', ' ']) {
        if let (Some(x), Some(y)) = (small(a), small(b)) {
            if x >= 20.0 && y < 10.0 {
                return Some(Some(x + y));
            }
        }
    }
    match l.as_str() {
        "several" | "a few" | "few" | "many" | "dozens of" | "hundreds of" => Some(None),
        _ => None,
    }
}

/// A calendar unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Second.
    Second,
    /// Minute.
    Minute,
    /// Hour.
    Hour,
    /// Day.
    Day,
    /// Weekend.
    Weekend,
    /// Week.
    Week,
    /// Fortnight.
    Fortnight,
    /// Month.
    Month,
    /// Quarter.
    Quarter,
    /// Year.
    Year,
    /// Decade.
    Decade,
    /// Century.
    Century,
}

/// Parses a unit word (singular or plural).
pub fn unit(s: &str) -> Option<Unit> {
    let l = s.to_ascii_lowercase();
    let l = l.trim_end_matches('s');
    Some(match l {
        "second" => Unit::Second,
        "minute" => Unit::Minute,
        "hour" => Unit::Hour,
        "day" => Unit::Day,
        "weekend" => Unit::Weekend,
        "week" => Unit::Week,
        "fortnight" => Unit::Fortnight,
        "month" => Unit::Month,
        "quarter" => Unit::Quarter,
        "year" => Unit::Year,
        "decade" => Unit::Decade,
        "century" | "centurie" => Unit::Century,
        _ => return None,
    })
}

/// TIMEX3 duration value for `n` units (`None` = unknown amount).
pub fn duration_value(n: Option<f64>, u: Unit) -> String {
    let (n, u) = match (n, u) {
        (Some(n), Unit::Fortnight) => (Some(n * 2.0), Unit::Week),
        (None, Unit::Fortnight) => (None, Unit::Week),
        (Some(n), Unit::Weekend) => (Some(n * 2.0), Unit::Day),
        (None, Unit::Weekend) => (None, Unit::Day),
        (Some(n), Unit::Decade) => (Some(n * 10.0), Unit::Year),
        (Some(n), Unit::Century) => (Some(n * 100.0), Unit::Year),
        x => x,
    };
    // Halves in the next smaller unit, as TimeML writes them: P2Y6M, PT5H30M, PT1M30S.
    if let Some(v) = n.filter(|v| (v.fract() - 0.5).abs() < 1e-9 && *v >= 1.0) {
        let w = v.trunc() as i64;
        match u {
            Unit::Year => return format!("P{w}Y6M"),
            Unit::Day => return format!("P{w}DT12H"),
            Unit::Hour => return format!("PT{w}H30M"),
            Unit::Minute => return format!("PT{w}M30S"),
            _ => {}
        }
    }
    let num = match n {
        Some(v) if (v.fract()).abs() < 1e-9 => format!("{}", v as i64),
        Some(v) => format!("{v}"),
        None => "X".to_string(),
    };
    let (t, letter) = match u {
        Unit::Second => (true, "S"),
        Unit::Minute => (true, "M"),
        Unit::Hour => (true, "H"),
        Unit::Day | Unit::Weekend => (false, "D"),
        Unit::Week | Unit::Fortnight => (false, "W"),
        Unit::Month => (false, "M"),
        Unit::Quarter => (false, "Q"),
        Unit::Year => (false, "Y"),
        Unit::Decade => (false, "DE"),
        Unit::Century => (false, "CE"),
    };
    if t {
        format!("PT{num}{letter}")
    } else {
        format!("P{num}{letter}")
    }
}

/// `YYYY-MM-DD`.
pub fn fmt_day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// `YYYY-MM`.
pub fn fmt_month(y: i32, m: u32) -> String {
    format!("{y:04}-{m:02}")
}

/// `YYYY-Www` (ISO week of `d`).
pub fn fmt_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// Adds `n` months to (y, m).
pub fn add_months(y: i32, m: u32, n: i64) -> (i32, u32) {
    let idx = (y as i64 * 12 + (m as i64 - 1)).saturating_add(n);
    let year = idx.div_euclid(12).clamp(i32::MIN as i64, i32::MAX as i64) as i32;
    (year, (idx.rem_euclid(12) + 1) as u32)
}

/// Shifts a day by `n` days, saturating at the calendar limits.
pub fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    Duration::try_days(n)
        .and_then(|x| d.checked_add_signed(x))
        .unwrap_or(d)
}

/// Shifts a day by `n` months, clamping the day of month.
pub fn add_months_day(d: NaiveDate, n: i64) -> NaiveDate {
    let (y, m) = add_months(d.year(), d.month(), n);
    let mut day = d.day();
    while day > 28 {
        if let Some(x) = NaiveDate::from_ymd_opt(y, m, day) {
            return x;
        }
        day -= 1;
    }
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or(d)
}

/// Quarter (1-4) of a month.
pub fn quarter_of(m: u32) -> u32 {
    (m.saturating_sub(1)) / 3 + 1
}

/// Season code.
pub fn season(s: &str) -> Option<&'static str> {
    Some(match s.to_ascii_lowercase().as_str() {
        "spring" => "SP",
        "summer" => "SU",
        "fall" | "autumn" => "FA",
        "winter" => "WI",
        _ => return None,
    })
}

/// Last month of a season (for past/future decisions).
pub fn season_end_month(code: &str) -> u32 {
    match code {
        "SP" => 5,
        "SU" => 8,
        "FA" => 11,
        _ => 2,
    }
}

/// First month of a season.
pub fn season_start_month(code: &str) -> u32 {
    match code {
        "SP" => 3,
        "SU" => 6,
        "FA" => 9,
        _ => 12,
    }
}
