//! Whitespace and Unicode normalisation, and assembling paragraphs.

use newsline_model::Span;
use unicode_normalization::UnicodeNormalization;

/// NFC, invisible characters dropped, whitespace runs collapsed, trimmed.
pub(crate) fn normalize_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfc() {
        if matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{00AD}'
        ) {
            continue;
        }
        if c.is_whitespace() || c.is_control() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// Joins paragraphs with a blank line; returns the text and the byte spans.
pub(crate) fn assemble(paras: &[String]) -> (String, Vec<Span>) {
    let mut text = String::new();
    let mut spans = Vec::with_capacity(paras.len());
    for p in paras.iter().filter(|p| !p.is_empty()) {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(p);
        spans.push(Span::new(start, text.len()));
    }
    (text, spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_collapsed_and_composed() {
        assert_eq!(
            normalize_line("  a\u{00A0}\u{00A0}b \t c\u{200B} "),
            "a b c"
        );
        assert_eq!(normalize_line("e\u{0301}"), "é");
        let (t, s) = assemble(&["Ab".into(), String::new(), "Cd".into()]);
        assert_eq!(t, "Ab\n\nCd");
        assert_eq!(s, vec![Span::new(0, 2), Span::new(4, 6)]);
    }
}
