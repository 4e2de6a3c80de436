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
    /// The registry corrections file is invalid.
    #[error("{}: {message}", location(path, *line, *column))]
    Corrections {
        /// The file.
        path: std::path::PathBuf,
        /// 1-based line (0: the whole file).
        line: usize,
        /// 1-based column (0: unknown).
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The registry corrections file could not be read.
    #[error("cannot read {}: {message}", path.display())]
    CorrectionsIo {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        message: String,
    },
}

fn location(path: &std::path::Path, line: usize, column: usize) -> String {
    match (line, column) {
        (0, _) => path.display().to_string(),
        (l, 0) => format!("{}: line {l}", path.display()),
        (l, c) => format!("{}: line {l}, column {c}", path.display()),
    }
}
