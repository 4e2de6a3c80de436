//! A small sentence splitter for news prose.

use newsline_model::Span;

const ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "prof",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no",
    "vs", "etc", "inc", "ltd", "co", "corp", "jr", "sr", "adm", "maj", "messrs", "mt", "ft",
    "approx", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m",
];

/// Splits `text` into sentence byte spans, within each paragraph span (the
/// whole text when `paragraphs` is empty). Spans are trimmed, in bounds and
/// on char boundaries.
pub fn sentences(text: &str, paragraphs: &[Span]) -> Vec<Span> {
    let whole = [Span::new(0, text.len())];
    let paras: &[Span] = if paragraphs.is_empty() {
        &whole
    } else {
        paragraphs
    };
    let mut out = Vec::new();
    for p in paras {
        let Some(pt) = text.get(p.start..p.end) else {
            continue;
        };
        split_into(pt, p.start, &mut out);
    }
    out
}

fn split_into(pt: &str, base: usize, out: &mut Vec<Span>) {
    let chars: Vec<(usize, char)> = pt.char_indices().collect();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < chars.len() {
        let (pos, c) = chars[i];
        let mut cut: Option<usize> = None;
        if c == '\n' {
            cut = Some(pos);
        } else if matches!(c, '.' | '!' | '?' | '…') {
            // absorb closing quotes/brackets and repeated marks
            let mut j = i + 1;
            while j < chars.len()
                && matches!(
                    chars[j].1,
                    '.' | '!' | '?' | '"' | '”' | '»' | '\'' | '’' | ')' | ']'
                )
            {
                j += 1;
            }
            let end = chars.get(j).map(|x| x.0).unwrap_or(pt.len());
            let next_ws = chars.get(j).map(|x| x.1.is_whitespace()).unwrap_or(true);
            if next_ws {
                // next non-space char
                let mut k = j;
                while k < chars.len() && chars[k].1.is_whitespace() && chars[k].1 != '\n' {
                    k += 1;
                }
                let next = chars.get(k).map(|x| x.1);
                let starts_new = match next {
                    None => true,
                    Some(n) => {
                        n.is_uppercase()
                            || n.is_numeric()
                            || matches!(n, '"' | '“' | '«' | '\'' | '‘' | '—' | '-' | '(' | '\n')
                    }
                };
                if starts_new && !(c == '.' && is_abbrev(pt, pos)) {
                    cut = Some(end);
                    i = j.saturating_sub(1);
                }
            }
        }
        if let Some(e) = cut {
            push_trimmed(pt, base, start, e, out);
            start = e;
        }
        i += 1;
    }
    push_trimmed(pt, base, start, pt.len(), out);
}

fn is_abbrev(pt: &str, dot: usize) -> bool {
    let before = pt.get(..dot).unwrap_or("");
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if word.is_empty() {
        return false;
    }
    let lw = word.to_lowercase();
    if ABBREV.contains(&lw.as_str()) {
        return true;
    }
    // Single initials ("J. Doe") and dotted acronyms ("U.S.").
    let letters: Vec<char> = word.chars().filter(|c| *c != '.').collect();
    (letters.len() == 1 && letters.iter().all(|c| c.is_uppercase())) || word.contains('.')
}

fn push_trimmed(pt: &str, base: usize, s: usize, e: usize, out: &mut Vec<Span>) {
    let Some(seg) = pt.get(s..e) else { return };
    let lead = seg.len() - seg.trim_start().len();
    let t = seg.trim();
    if t.chars().any(|c| c.is_alphanumeric()) {
        let st = base + s + lead;
        out.push(Span::new(st, st + t.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_and_keeps_abbreviations() {
        let t = "Mr. Kessel met Dr. Varga in the U.S. capital. They talked. \u{201c}Fine.\u{201d} He left.\nNew line";
        let s: Vec<&str> = sentences(t, &[]).iter().map(|s| s.slice(t)).collect();
        assert_eq!(
            s,
            vec![
                "Mr. Kessel met Dr. Varga in the U.S. capital.",
                "They talked.",
                "\u{201c}Fine.\u{201d}",
                "He left.",
                "New line"
            ]
        );
    }
}
