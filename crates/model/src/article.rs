use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::annotations::{Entity, EventMention, Quote, TimeMention};
use crate::date::{DateOrigin, Precision, Published};
use crate::span::{CharMap, Span};

/// Version of the [`ArticleRecord`] JSON format (see `docs/output-format.md`).
pub const SCHEMA_VERSION: u32 = 1;

/// A stable article identifier.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(pub String);

impl ArticleId {
    /// The id an input record gave itself.
    pub fn from_record(id: &str) -> Self {
        ArticleId(id.to_string())
    }

    /// A stable id derived from where the input came from and its raw bytes:
    /// 16 hex digits of XXH3-128 over `source`, `record` and `raw`.
    pub fn derive(source: &str, record: Option<&str>, raw: &[u8]) -> Self {
        use xxhash_rust::xxh3::Xxh3;
        let mut h = Xxh3::new();
        h.update(source.as_bytes());
        h.update(&[0]);
        h.update(record.unwrap_or("").as_bytes());
        h.update(&[0]);
        h.update(raw);
        let v = h.digest128();
        ArticleId(format!("{:016x}", (v >> 64) as u64 ^ v as u64))
    }

    /// The id as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ArticleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What kind of content a raw document carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// A page's visible text, saved with its boilerplate.
    Text,
    /// An HTML page.
    Html,
}

/// One input record, decoded, as the ingest stage hands it on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawDoc {
    /// The file path (as walked) or URL the record came from.
    pub source: String,
    /// Locator of the record inside the source (`line 3`, a WARC record id), if any.
    pub record: Option<String>,
    /// The id the record gave itself, if any.
    pub record_id: Option<String>,
    /// Whether `content` is text or HTML.
    pub format: InputFormat,
    /// The record's bytes exactly as read (after decompression).
    pub raw: Vec<u8>,
    /// `raw` decoded to UTF-8.
    pub content: String,
    /// The charset `raw` was decoded from.
    pub charset: String,
    /// URL given by the record or the WARC headers.
    pub url: Option<String>,
    /// Title given by the record.
    pub title: Option<String>,
    /// Publication date given by the record or the user (ISO 8601).
    pub published: Option<String>,
    /// WARC crawl date: an upper bound for publication.
    pub crawl_date: Option<String>,
    /// When true, the text is kept exactly as given (`--no-clean`).
    pub no_clean: bool,
    /// Problems met while reading that did not stop it (e.g. invalid UTF-8 replaced).
    #[serde(default)]
    pub warnings: Vec<String>,
}

impl RawDoc {
    /// The article id: the record's own id, or a hash of source, record and bytes.
    pub fn article_id(&self) -> ArticleId {
        match &self.record_id {
            Some(id) if !id.trim().is_empty() => ArticleId::from_record(id.trim()),
            _ => ArticleId::derive(&self.source, self.record.as_deref(), &self.raw),
        }
    }
}

/// A piece of the raw input that cleaning dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    /// The dropped text.
    pub text: String,
    /// Why it was dropped (`comment-form`, `teaser`, `promo`, `image-debris`, …).
    pub reason: String,
    /// Code-point offset of the start in the decoded raw input.
    pub raw_start: usize,
    /// Code-point offset of the end in the decoded raw input.
    pub raw_end: usize,
}

/// A candidate publication date found by ingest or clean.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateCandidate {
    /// The date (first day of the period when less precise than a day).
    pub date: NaiveDate,
    /// How precise the candidate is.
    pub precision: Precision,
    /// Which kind of source it came from.
    pub origin: DateOrigin,
    /// Where exactly (`meta[article:published_time]`, `json-ld`, `url`, …).
    pub source: String,
    /// True when the candidate only bounds publication from above (WARC date).
    pub upper_bound: bool,
}

/// A dateline such as `KESSGRAD, June 16 (Agency):`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dateline {
    /// The place, as written.
    pub place: String,
    /// The date text, as written (`June 16`), if any.
    pub date_text: Option<String>,
    /// The agency in brackets, if any.
    pub agency: Option<String>,
}

/// The clean stage's result: the article and nothing else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CleanDoc {
    /// The headline.
    pub title: Option<String>,
    /// A subtitle or standfirst, when present (it also stays in `text`).
    pub subtitle: Option<String>,
    /// The clean body, without the title; paragraphs separated by `\n\n`.
    pub text: String,
    /// Byte spans of the paragraphs of `text`.
    pub paragraphs: Vec<Span>,
    /// Everything that was dropped.
    pub removed: Vec<Removed>,
    /// ISO 639-1 code of the body's language, if detected.
    pub language: Option<String>,
    /// Author names.
    pub authors: Vec<String>,
    /// The site's name.
    pub site_name: Option<String>,
    /// Canonical URL from the page.
    pub canonical_url: Option<String>,
    /// Publication-date candidates with their origin.
    pub date_candidates: Vec<DateCandidate>,
    /// The dateline, if the body opens with one.
    pub dateline: Option<Dateline>,
}

/// One analysed article: the JSON object `newsline analyze` prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRecord {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Stable article id.
    pub id: String,
    /// File path or URL of the input.
    pub source: String,
    /// Record locator inside the source, if any.
    #[serde(default)]
    pub record: Option<String>,
    /// URL of the article, if known.
    #[serde(default)]
    pub url: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Subtitle or standfirst.
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Author names.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Site name.
    #[serde(default)]
    pub site_name: Option<String>,
    /// The decided publication date.
    pub published: Published,
    /// Dateline found at the start of the body.
    #[serde(default)]
    pub dateline: Option<Dateline>,
    /// ISO 639-1 language code (`und` when unknown).
    pub language: String,
    /// The clean body, without the title.
    pub text: String,
    /// Paragraph spans of `text`.
    pub paragraphs: Vec<Span>,
    /// Dropped boilerplate, with offsets into the decoded raw input.
    pub removed: Vec<Removed>,
    /// Entities mentioned in this article.
    pub entities: Vec<Entity>,
    /// Quotes and reported speech.
    pub quotes: Vec<Quote>,
    /// Time expressions.
    pub times: Vec<TimeMention>,
    /// Event mentions.
    pub events: Vec<EventMention>,
}

impl ArticleRecord {
    /// Rewrites every span from byte offsets to code-point offsets into `text`.
    /// Call exactly once, when the record leaves the pipeline.
    pub fn into_char_offsets(mut self) -> Self {
        let map = CharMap::new(&self.text);
        let conv = |s: &mut Span| *s = map.span_to_char(*s);
        self.paragraphs.iter_mut().for_each(conv);
        for e in &mut self.entities {
            for m in &mut e.mentions {
                conv(&mut m.span);
            }
        }
        for q in &mut self.quotes {
            conv(&mut q.content);
            if let Some(s) = q.cue_span.as_mut() {
                conv(s);
            }
            if let Some(s) = q.speaker_span.as_mut() {
                conv(s);
            }
        }
        for t in &mut self.times {
            conv(&mut t.span);
        }
        for e in &mut self.events {
            conv(&mut e.span);
        }
        self
    }

    /// The text under a code-point span of this (published) record.
    pub fn char_slice(&self, span: Span) -> String {
        self.text
            .chars()
            .skip(span.start)
            .take(span.end.saturating_sub(span.start))
            .collect()
    }

    /// The publication date as a calendar day, when known to any precision.
    pub fn published_date(&self) -> Option<NaiveDate> {
        self.published.anchor()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_stable_and_depend_on_source_and_bytes() {
        let a = ArticleId::derive("a.txt", None, b"hello");
        assert_eq!(a, ArticleId::derive("a.txt", None, b"hello"));
        assert_ne!(a, ArticleId::derive("b.txt", None, b"hello"));
        assert_ne!(a, ArticleId::derive("a.txt", None, b"hello!"));
        assert_ne!(a, ArticleId::derive("a.txt", Some("line 2"), b"hello"));
        assert_eq!(a.as_str().len(), 16);
    }
}
