use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How precisely a calendar value is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// Known to the minute or better.
    Time,
    /// A calendar day.
    Day,
    /// An ISO week.
    Week,
    /// A calendar month.
    Month,
    /// A season (`2021-SU`).
    Season,
    /// A quarter (`2013-Q1`).
    Quarter,
    /// A calendar year.
    Year,
    /// A decade (`202`).
    Decade,
    /// A century (`20`).
    Century,
    /// Nothing is known (`PAST_REF`, unresolved values).
    Unknown,
}

impl Precision {
    /// The lower-case name used in output.
    pub fn as_str(&self) -> &'static str {
        match self {
            Precision::Time => "time",
            Precision::Day => "day",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Season => "season",
            Precision::Quarter => "quarter",
            Precision::Year => "year",
            Precision::Decade => "decade",
            Precision::Century => "century",
            Precision::Unknown => "unknown",
        }
    }
}

/// Where a publication date came from, in order of trust.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrigin {
    /// Given by the user (`--published`) or the input record.
    Given,
    /// HTML metadata or JSON-LD.
    Metadata,
    /// The WARC crawl date (an upper bound only).
    Warc,
    /// The URL path.
    Url,
    /// A dateline at the start of the body.
    Dateline,
    /// Inferred from the body text.
    Inferred,
    /// Not known.
    Unknown,
}

/// The publication date of an article as decided by the time stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; `None` when unknown.
    pub value: Option<String>,
    /// `day`, `month` or `year` (`unknown` when there is no value).
    pub precision: Precision,
    /// Where the value came from.
    pub origin: DateOrigin,
    /// For inferred dates: the earliest and latest plausible day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<[NaiveDate; 2]>,
}

impl Published {
    /// No publication date at all.
    pub fn unknown() -> Self {
        Published {
            value: None,
            precision: Precision::Unknown,
            origin: DateOrigin::Unknown,
            range: None,
        }
    }

    /// A date known to the day.
    pub fn day(date: NaiveDate, origin: DateOrigin) -> Self {
        Published {
            value: Some(date.format("%Y-%m-%d").to_string()),
            precision: Precision::Day,
            origin,
            range: None,
        }
    }

    /// The anchor day for resolving relative expressions: the value itself
    /// for day precision, the first day of the month or year otherwise.
    pub fn anchor(&self) -> Option<NaiveDate> {
        let v = self.value.as_deref()?;
        let parts: Vec<&str> = v.split('-').collect();
        let y: i32 = parts.first()?.parse().ok()?;
        let m: u32 = parts.get(1).and_then(|s| s.parse().ok()).unwrap_or(1);
        let d: u32 = parts.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
        NaiveDate::from_ymd_opt(y, m, d)
    }
}
