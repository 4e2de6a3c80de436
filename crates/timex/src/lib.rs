//! Tags time expressions, resolves them to TIMEX3 values, and decides the publication date.
//!
//! * [`publication_date`] decides when an article was published from the given date,
//!   metadata, URL, dateline, crawl date and finally the body itself.
//! * [`tag`] finds time expressions (dates, times, durations, sets) in a text and resolves
//!   them to TIMEX3 values against the publication date (news mode: past bias).
//!
//! Spans are byte offsets into the text passed in.
#![deny(missing_docs)]

mod lex;
mod published;
mod tagger;

use newsline_model::{Published, TimeMention};

pub use published::{parse_given, publication_date};

/// The one error type of this crate.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TimexError {
    /// A given date string could not be understood.
    #[error("cannot parse date {0:?}")]
    InvalidDate(String),
}

/// Tags and resolves every time expression in `text` against `published`.
///
/// Uses [`Published::anchor`]; when the publication date is unknown, values that need a
/// year are written with `XXXX` and `resolved` is false. Mentions come in text order and
/// never overlap.
pub fn tag(text: &str, published: &Published) -> Vec<TimeMention> {
    tagger::tag(text, published)
}
