//! The crate's error type.

/// Errors of the entities stage.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EntityError {
    /// A span did not fall on character boundaries of the text.
    #[error("span {start}..{end} is not valid for the text")]
    BadSpan {
        /// Start offset.
        start: usize,
        /// End offset.
        end: usize,
    },
    /// The tagger model file is malformed.
    #[error("bad NER model: {0}")]
    BadModel(&'static str),
}
