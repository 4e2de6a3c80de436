//! Reads files, directories, stdin, JSONL, HTML, WARC, RSS and compressed
//! inputs into decoded [`RawDoc`]s.
//!
//! [`read_inputs`] is lazy: directories are walked (sorted, hidden entries
//! skipped) as the iterator advances, JSONL and WARC files are streamed record
//! by record, and every record is bounded by [`ReadOptions::max_record_bytes`].
//! A bad file or record yields an [`IngestError`] and reading goes on.
#![deny(missing_docs)]

mod decode;
mod error;
mod feed;
mod jsonl;
mod read;
mod warc;

use std::str::FromStr;

pub use error::IngestError;
pub use newsline_model::RawDoc;
pub use read::Inputs;

/// The user-facing `--input-format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormatHint {
    /// The visible text of a page.
    Text,
    /// An HTML page.
    Html,
    /// One JSON record per line.
    Jsonl,
    /// A WARC archive (response records).
    Warc,
    /// An RSS 2.0 or Atom feed.
    Rss,
}

impl FromStr for FormatHint {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Ok(FormatHint::Text),
            "html" | "htm" => Ok(FormatHint::Html),
            "jsonl" | "ndjson" | "json" => Ok(FormatHint::Jsonl),
            "warc" => Ok(FormatHint::Warc),
            "rss" | "atom" | "xml" | "feed" => Ok(FormatHint::Rss),
            other => Err(format!(
                "unknown input format `{other}` (expected text, html, jsonl, warc or rss)"
            )),
        }
    }
}

/// Which JSONL field holds which value (`--field body=text` means the
/// record's `body` field is the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMap {
    /// Field with the record id (default `id`).
    pub id: String,
    /// Field with plain text (default `text`).
    pub text: String,
    /// Field with HTML (default `html`).
    pub html: String,
    /// Field with the URL (default `url`).
    pub url: String,
    /// Field with the title (default `title`).
    pub title: String,
    /// Field with the publication date (default `published`).
    pub published: String,
}

impl Default for FieldMap {
    fn default() -> Self {
        FieldMap {
            id: "id".into(),
            text: "text".into(),
            html: "html".into(),
            url: "url".into(),
            title: "title".into(),
            published: "published".into(),
        }
    }
}

const CANONICAL: [&str; 6] = ["id", "text", "html", "url", "title", "published"];

impl FieldMap {
    /// Applies one `FIELD=NAME` mapping, where `NAME` is one of `id`, `text`,
    /// `html`, `url`, `title`, `published` and `FIELD` the record's field
    /// (`NAME=FIELD` is accepted too when unambiguous).
    pub fn set(&mut self, spec: &str) -> Result<(), String> {
        let (a, b) = spec
            .split_once('=')
            .ok_or_else(|| format!("bad field mapping `{spec}`: expected FIELD=NAME"))?;
        let (a, b) = (a.trim(), b.trim());
        if a.is_empty() || b.is_empty() {
            return Err(format!("bad field mapping `{spec}`: empty name"));
        }
        let (field, name) = if CANONICAL.contains(&b) {
            (a, b)
        } else if CANONICAL.contains(&a) {
            (b, a)
        } else {
            return Err(format!(
                "bad field mapping `{spec}`: one side must be one of {}",
                CANONICAL.join(", ")
            ));
        };
        let slot = match name {
            "id" => &mut self.id,
            "text" => &mut self.text,
            "html" => &mut self.html,
            "url" => &mut self.url,
            "title" => &mut self.title,
            _ => &mut self.published,
        };
        *slot = field.to_string();
        Ok(())
    }

    /// Maps our field `ours` (`id`, `text`, `html`, `url`, `title`,
    /// `published`) to the record's field `theirs` (`--field text=body`).
    pub fn insert(&mut self, ours: &str, theirs: &str) -> Result<(), IngestError> {
        let (ours, theirs) = (ours.trim(), theirs.trim());
        if !CANONICAL.contains(&ours) || theirs.is_empty() {
            return Err(IngestError::new(
                "--field",
                None,
                format!(
                    "cannot map `{ours}` to `{theirs}`: the first name must be one of {}",
                    CANONICAL.join(", ")
                ),
            ));
        }
        self.set(&format!("{theirs}={ours}"))
            .map_err(|m| IngestError::new("--field", None, m))
    }

    /// Builds a map from several `FIELD=NAME` mappings.
    pub fn parse<'a>(specs: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        let mut m = FieldMap::default();
        for s in specs {
            m.set(s)?;
        }
        Ok(m)
    }
}

/// How inputs are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// Forces a format instead of guessing from extension or content.
    pub input_format: Option<FormatHint>,
    /// Publication date applied to records that carry none (`--published`).
    pub published: Option<String>,
    /// Keep the text exactly as given (`--no-clean`).
    pub no_clean: bool,
    /// Largest record (after decompression) accepted, in bytes.
    pub max_record_bytes: usize,
    /// JSONL field mapping.
    pub fields: FieldMap,
}

/// Default [`ReadOptions::max_record_bytes`]: 32 MiB.
pub const DEFAULT_MAX_RECORD_BYTES: usize = 32 << 20;

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            input_format: None,
            published: None,
            no_clean: false,
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
            fields: FieldMap::default(),
        }
    }
}

/// Reads `inputs` lazily: `-` is stdin, files are read by format, and
/// directories are walked recursively in sorted order, skipping hidden entries.
pub fn read_inputs(inputs: &[String], opts: &ReadOptions) -> Inputs {
    Inputs::new(inputs, opts.clone())
}

/// Reads one in-memory input as if it were a file called `source`
/// (format from `opts`, else from the name's extension, else sniffed).
pub fn read_bytes(source: &str, bytes: Vec<u8>, opts: &ReadOptions) -> Inputs {
    Inputs::from_bytes(source, bytes, opts.clone())
}
