//! Extracts event mentions, merges events across articles, groups storylines and builds timelines.
//!
//! * [`extract_events`] works on one article inside the pipeline (byte spans).
//! * [`merge_events`], [`storylines`] and [`timeline`] work on a corpus of
//!   published [`ArticleRecord`](newsline_model::ArticleRecord)s (code-point
//!   spans). They are pure and order-independent: inputs are sorted by id first.
#![deny(missing_docs)]

mod dates;
mod extract;
mod merge;
mod sentences;
mod storyline;
mod timeline;

pub use dates::{parse_timex, DateRange};
pub use extract::extract_events;
pub use merge::merge_events;
pub use sentences::sentences;
pub use storyline::storylines;
pub use timeline::{timeline, timeline_in, Timeline, TimelineQuery};

/// Errors of the story stage.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum StoryError {
    /// A date string could not be read as a TIMEX3 calendar value.
    #[error("not a calendar value: {0}")]
    BadDate(String),
}
