use std::fmt;

/// An input (or one record of it) that could not be read.
///
/// Displays as `<path>[ (record N)]: <message>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.render())]
pub struct IngestError {
    path: String,
    record: Option<String>,
    message: String,
}

impl IngestError {
    pub(crate) fn new(path: &str, record: Option<String>, message: impl fmt::Display) -> Self {
        IngestError {
            path: path.to_string(),
            record,
            message: message.to_string(),
        }
    }

    /// The input path (as walked) or `-` for stdin.
    pub fn source(&self) -> &str {
        &self.path
    }

    /// The record locator inside the input (`line 3`, `record <id>`, `item 2`), if any.
    pub fn record(&self) -> Option<&str> {
        self.record.as_deref()
    }

    /// The input and record as one string: `path` or `path (record N)`.
    pub fn source_name(&self) -> String {
        match &self.record {
            Some(r) => format!("{} ({})", self.path, r),
            None => self.path.clone(),
        }
    }

    /// The message without path and record.
    pub fn message(&self) -> &str {
        &self.message
    }

    fn render(&self) -> String {
        format!("{}: {}", self.source_name(), self.message)
    }
}
