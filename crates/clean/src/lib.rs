//! Turns a raw document into the article and nothing else: title, body
//! paragraphs, metadata and the removed boilerplate.
//!
//! [`clean`] handles plain text pages (the visible text of a news page, saved
//! with its boilerplate), HTML pages (readability extraction plus metadata) and
//! `--no-clean` documents (kept verbatim). All offsets in the returned
//! [`CleanDoc`] are byte offsets into `CleanDoc::text`, except
//! `removed[].raw_start/raw_end`, which are code-point offsets into
//! `RawDoc::content`.
#![deny(missing_docs)]

mod blocks;
mod boiler;
mod dateline;
mod dates;
mod html;
mod lang;
mod norm;
mod pageline;
mod text;

use newsline_model::{CleanDoc, InputFormat, RawDoc};

pub use dateline::find_dateline;
pub use dates::url_date;

/// Why a document could not be cleaned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CleanError {
    /// Nothing article-like remained (e.g. truncated HTML without a body).
    #[error("no article text found")]
    NoText,
}

/// Cleans one raw document into its article.
pub fn clean(doc: &RawDoc) -> Result<CleanDoc, CleanError> {
    let mut out = if doc.no_clean {
        text::verbatim(doc)
    } else {
        match doc.format {
            InputFormat::Text => text::clean_text(doc),
            InputFormat::Html => html::clean_html(doc),
        }
    };
    if out.text.trim().is_empty() {
        return Err(CleanError::NoText);
    }
    if out.language.is_none() {
        out.language = lang::detect(&out.text);
    }
    if out.dateline.is_none() {
        // The body's first paragraph, or the one after a standfirst.
        out.dateline = out
            .paragraphs
            .iter()
            .take(2)
            .find_map(|p| find_dateline(p.slice(&out.text)));
    }
    let mut urls: Vec<&str> = Vec::new();
    if let Some(u) = doc.url.as_deref() {
        urls.push(u);
    }
    if let Some(u) = out.canonical_url.as_deref() {
        urls.push(u);
    }
    let mut url_cands = Vec::new();
    for u in urls {
        if let Some(c) = url_date(u) {
            if !out.date_candidates.contains(&c) && !url_cands.contains(&c) {
                url_cands.push(c);
            }
        }
    }
    out.date_candidates.extend(url_cands);
    Ok(out)
}
