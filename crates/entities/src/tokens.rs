//! Word tokens with byte spans, capitalisation and sentence starts.

use once_cell::sync::Lazy;
use regex::Regex;

use crate::lexicon::HONORIFICS;

static WORD: Lazy<Option<Regex>> =
    Lazy::new(|| Regex::new(r"(?:\p{Lu}\.){2,}|[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*").ok());

/// One word of the text.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    /// Lower-cased text (possessive `'s` removed).
    pub lower: String,
    /// First character is upper case.
    pub cap: bool,
    /// First word of a sentence.
    pub initial: bool,
    /// Followed directly by a possessive `'s`.
    pub possessive: bool,
}

/// Splits `text` into word tokens.
pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let Some(re) = WORD.as_ref() else {
        return Vec::new();
    };
    let mut out: Vec<Tok> = Vec::new();
    for m in re.find_iter(text) {
        let mut end = m.end();
        let mut word = m.as_str();
        let mut possessive = false;
        for suffix in ["'s", "’s", "'S", "’S"] {
            if word.len() > suffix.len() && word.ends_with(suffix) {
                end -= suffix.len();
                word = &word[..word.len() - suffix.len()];
                possessive = true;
                break;
            }
        }
        let cap = word.chars().next().is_some_and(char::is_uppercase);
        let lower = word.to_lowercase();
        let initial = is_initial(text, m.start(), out.last());
        out.push(Tok {
            start: m.start(),
            end,
            lower,
            cap,
            initial,
            possessive,
        });
    }
    out
}

fn is_initial(text: &str, start: usize, prev: Option<&Tok>) -> bool {
    let before = text.get(..start).unwrap_or("");
    for c in before.chars().rev() {
        if c == '\n' {
            return true;
        }
        if c.is_whitespace() || "\"“”«»„‘'(['—–-".contains(c) {
            continue;
        }
        if ".!?:;…".contains(c) {
            // "Mr. Smith", "U.S. officials": an abbreviation does not end a sentence.
            if let Some(p) = prev {
                if HONORIFICS.contains(p.lower.as_str())
                    || (p.lower.chars().count() == 1 && c == '.')
                    || p.lower.contains('.')
                {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
    true
}

/// True when only spaces (no line break, no punctuation) separate the two tokens;
/// a possessive `'s` on `a` is allowed when `allow_possessive`.
pub(crate) fn tight(text: &str, a: &Tok, b: &Tok, allow_possessive: bool) -> bool {
    if a.possessive && !allow_possessive {
        return false;
    }
    let gap_start = if a.possessive {
        // skip the 's
        text.get(a.end..b.start)
            .and_then(|g| g.char_indices().nth(2).map(|(i, _)| a.end + i))
            .unwrap_or(b.start)
    } else {
        a.end
    };
    match text.get(gap_start..b.start) {
        Some(g) => !g.is_empty() && g.chars().all(|c| c == ' ' || c == '\u{a0}' || c == '\t'),
        None => false,
    }
}

/// The text between two tokens (empty when not on char boundaries).
pub(crate) fn gap<'a>(text: &'a str, a: &Tok, b: &Tok) -> &'a str {
    text.get(a.end..b.start).unwrap_or("")
}
