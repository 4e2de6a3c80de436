use serde::{Deserialize, Serialize};

/// A half-open range `[start, end)` into an article's clean text.
///
/// Byte offsets inside the pipeline, code-point offsets in published output
/// (see the crate docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First offset of the range.
    pub start: usize,
    /// One past the last offset of the range.
    pub end: usize,
}

impl Span {
    /// A new span; `start` and `end` are swapped if given in the wrong order.
    pub fn new(start: usize, end: usize) -> Self {
        if start <= end {
            Span { start, end }
        } else {
            Span {
                start: end,
                end: start,
            }
        }
    }

    /// Length of the span in offset units.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when the two spans share at least one offset.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when `other` lies inside `self`.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The text under a byte span, or `""` when the span is not valid for `text`.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// Maps byte offsets of one string to code-point offsets.
#[derive(Debug, Clone)]
pub struct CharMap {
    /// `starts[i]` is the byte offset of code point `i`; the last entry is `text.len()`.
    starts: Vec<usize>,
}

impl CharMap {
    /// Builds the map for `text`.
    pub fn new(text: &str) -> Self {
        let mut starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        starts.push(text.len());
        CharMap { starts }
    }

    /// Code-point offset of byte offset `byte` (a byte inside a code point maps to that code point).
    pub fn to_char(&self, byte: usize) -> usize {
        match self.starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Byte offset of code-point offset `ch` (clamped to the end of the text).
    pub fn to_byte(&self, ch: usize) -> usize {
        self.starts[ch.min(self.starts.len() - 1)]
    }

    /// Converts a byte span to a code-point span.
    pub fn span_to_char(&self, s: Span) -> Span {
        Span::new(self.to_char(s.start), self.to_char(s.end))
    }

    /// Converts a code-point span to a byte span.
    pub fn span_to_byte(&self, s: Span) -> Span {
        Span::new(self.to_byte(s.start), self.to_byte(s.end))
    }

    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        self.starts.len() - 1
    }
}

/// Shorthand for [`CharMap::new`].
pub fn byte_to_char_map(text: &str) -> CharMap {
    CharMap::new(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_map_round_trips_multibyte_text() {
        let text = "«Да» — said “he”";
        let map = CharMap::new(text);
        let b = text.find("said").unwrap();
        let c = map.to_char(b);
        assert_eq!(text.chars().skip(c).take(4).collect::<String>(), "said");
        assert_eq!(map.to_byte(c), b);
        assert_eq!(map.char_len(), text.chars().count());
    }
}
