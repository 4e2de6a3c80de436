//! Search request and result types, and the small pure helpers around them.

use serde::{Deserialize, Serialize};

use crate::error::{IndexError, Result};

/// A search request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchQuery {
    /// Query text; empty matches every article (then the filters select).
    pub text: String,
    /// Earliest publication date, `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (inclusive).
    pub since: Option<String>,
    /// Latest publication date, `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (inclusive,
    /// to the end of the period).
    pub until: Option<String>,
    /// Only articles mentioning this entity (an entity id or its exact name).
    pub entity: Option<String>,
    /// Number of hits to return.
    pub limit: usize,
    /// Number of hits to skip.
    pub offset: usize,
}

impl Default for SearchQuery {
    fn default() -> Self {
        SearchQuery {
            text: String::new(),
            since: None,
            until: None,
            entity: None,
            limit: 20,
            offset: 0,
        }
    }
}

impl SearchQuery {
    /// A query for `text` with default paging and no filters.
    pub fn text(text: &str) -> Self {
        SearchQuery {
            text: text.to_string(),
            ..SearchQuery::default()
        }
    }
}

/// One matching article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// Article id.
    pub id: String,
    /// Relevance score (0 when sorted by date for an empty query).
    pub score: f32,
    /// Headline.
    pub title: Option<String>,
    /// Publication date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
    pub published: Option<String>,
    /// File path or URL of the input.
    pub source: String,
    /// HTML-escaped excerpt with `<b>…</b>` around matched words.
    pub snippet: String,
}

/// Counts over all matching articles.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facets {
    /// Entity id → articles, most frequent first.
    pub entities: Vec<(String, usize)>,
    /// Site (site name or URL host) → articles, most frequent first.
    pub sources: Vec<(String, usize)>,
    /// Publication year → articles, in year order.
    pub years: Vec<(String, usize)>,
}

/// The result of a search.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// Number of matching articles.
    pub total: usize,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// Facet counts over all matching articles.
    pub facets: Facets,
}

/// `YYYYMMDD` as a number, from a `YYYY[-MM[-DD]]` date; missing parts are
/// filled with the start (`end = false`) or the end (`end = true`) of the period.
pub(crate) fn date_key(s: &str, end: bool) -> Option<u64> {
    let s = s.trim();
    // Accept a full timestamp by keeping its date part.
    let s = s
        .get(..10)
        .filter(|d| s.len() > 10 && d.is_char_boundary(10))
        .unwrap_or(s);
    let parts: Vec<&str> = s.split('-').collect();
    if parts.is_empty() || parts.len() > 3 {
        return None;
    }
    let num = |p: &str, len: usize| -> Option<u64> {
        if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
            p.parse().ok()
        } else {
            None
        }
    };
    let y = num(parts.first()?, 4)?;
    let m = match parts.get(1) {
        Some(p) => num(p, 2).filter(|m| (1..=12).contains(m))?,
        None if end => 12,
        None => 1,
    };
    let d = match parts.get(2) {
        Some(p) => num(p, 2).filter(|d| (1..=31).contains(d))?,
        None if end => 31,
        None => 1,
    };
    Some(y * 10_000 + m * 100 + d)
}

/// Parses a user's date filter.
pub(crate) fn filter_key(s: &str, end: bool) -> Result<u64> {
    date_key(s, end).ok_or_else(|| IndexError::BadDate(s.to_string()))
}

/// Escapes text for HTML.
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The opening of `text`, at most about `max` characters, cut at a word
/// boundary, HTML-escaped.
pub(crate) fn lead(text: &str, max: usize) -> String {
    let text = text.trim();
    let cut = match text.char_indices().nth(max) {
        None => return escape_html(text),
        Some((i, _)) => i,
    };
    let head = text.get(..cut).unwrap_or("");
    let head = match head.rfind(char::is_whitespace) {
        Some(i) if i * 2 >= cut => head.get(..i).unwrap_or(head),
        _ => head,
    };
    format!("{}…", escape_html(head.trim_end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_keys_cover_whole_periods() {
        assert_eq!(date_key("2022", false), Some(20220101));
        assert_eq!(date_key("2022", true), Some(20221231));
        assert_eq!(date_key("2022-02", true), Some(20220231));
        assert_eq!(date_key("2022-02-12", true), Some(20220212));
        assert_eq!(date_key("2022-02-12T10:00:00Z", false), Some(20220212));
        assert_eq!(date_key("2022-13", false), None);
        assert_eq!(date_key("22-01-01", false), None);
        assert_eq!(date_key("", false), None);
        assert_eq!(date_key("yesterday", false), None);
    }

    #[test]
    fn lead_cuts_at_words_and_escapes() {
        assert_eq!(lead("a <b> c", 100), "a &lt;b&gt; c");
        assert_eq!(lead("Мир и дружба навсегда", 10), "Мир и…");
    }
}
