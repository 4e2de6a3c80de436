//! Words, sentences and quote marks.

use newsline_model::Span;

/// A word with its byte span.
#[derive(Debug, Clone)]
pub(crate) struct W {
    pub start: usize,
    pub end: usize,
    pub lower: String,
    pub cap: bool,
}

/// Words of `text[span]` (letters, digits, inner apostrophes and hyphens).
pub(crate) fn words(text: &str, span: Span) -> Vec<W> {
    let mut out = Vec::new();
    let Some(s) = text.get(span.start..span.end) else {
        return out;
    };
    let mut cur: Option<usize> = None;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let inner = (c == '\'' || c == '’' || c == '-' || c == '.')
            && cur.is_some()
            && it.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || inner {
            if cur.is_none() {
                cur = Some(i);
            }
        } else if let Some(st) = cur.take() {
            push(&mut out, s, span.start, st, i);
        }
    }
    if let Some(st) = cur {
        push(&mut out, s, span.start, st, s.len());
    }
    out
}

fn push(out: &mut Vec<W>, s: &str, base: usize, st: usize, en: usize) {
    let Some(w) = s.get(st..en) else { return };
    // possessive 's is not part of the word
    let (w, en) = ["'s", "’s"]
        .iter()
        .find_map(|suf| w.strip_suffix(suf).map(|x| (x, en - suf.len())))
        .unwrap_or((w, en));
    if w.is_empty() {
        return;
    }
    out.push(W {
        start: base + st,
        end: base + en,
        lower: w.to_lowercase(),
        cap: w.chars().next().is_some_and(char::is_uppercase),
    });
}

const ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sen", "rep", "gov", "st", "jr", "sr",
    "no", "vs", "inc", "corp", "co", "u.s", "u.k", "u.n", "e.u", "jan", "feb", "mar", "apr", "aug",
    "sept", "sep", "oct", "nov", "dec",
];

/// Sentence spans of a paragraph; boundaries inside `protect` spans are ignored.
pub(crate) fn sentences(text: &str, para: Span, protect: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    let Some(s) = text.get(para.start..para.end) else {
        return out;
    };
    let mut start = para.start;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let Some(&(i, c)) = chars.get(k) else { break };
        if matches!(c, '.' | '!' | '?' | '…') {
            // include closing quotes/brackets
            let mut j = k + 1;
            while chars
                .get(j)
                .is_some_and(|(_, c)| matches!(c, '"' | '”' | '»' | '’' | '\'' | ')' | '“'))
            {
                j += 1;
            }
            let end_byte = chars
                .get(j)
                .map(|(b, _)| para.start + b)
                .unwrap_or(para.end);
            let next_is_space = chars.get(j).is_some_and(|(_, c)| c.is_whitespace());
            let mut n = j;
            while chars.get(n).is_some_and(|(_, c)| c.is_whitespace()) {
                n += 1;
            }
            let next_ok = chars.get(n).is_none_or(|(_, c)| {
                c.is_uppercase() || c.is_numeric() || "\"“«„‘'(—–-".contains(*c)
            });
            let abs = para.start + i;
            let prev_word: String = s
                .get(..i)
                .unwrap_or("")
                .rsplit(|c: char| c.is_whitespace())
                .next()
                .unwrap_or("")
                .to_lowercase();
            let is_abbrev = c == '.'
                && (ABBREV
                    .contains(&prev_word.trim_matches(|c: char| !c.is_alphanumeric() && c != '.'))
                    || (prev_word.chars().count() == 1
                        && prev_word.chars().all(char::is_alphabetic)));
            // protect spans are sorted and do not overlap: check the last one
            // starting before `abs` (plus a few before it, for safety)
            let upto = protect.partition_point(|p| p.start < abs);
            let protected = protect
                .get(upto.saturating_sub(4)..upto)
                .unwrap_or(&[])
                .iter()
                .any(|p| p.start < abs && end_byte < p.end);
            if (next_is_space || chars.get(j).is_none()) && next_ok && !is_abbrev && !protected {
                if end_byte > start {
                    out.push(Span::new(start, end_byte));
                }
                start = chars
                    .get(n)
                    .map(|(b, _)| para.start + b)
                    .unwrap_or(para.end);
                k = n;
                continue;
            }
        }
        k += 1;
    }
    if start < para.end {
        let tail = text.get(start..para.end).unwrap_or("");
        if !tail.trim().is_empty() {
            out.push(Span::new(start, para.end));
        }
    }
    out
}

/// A quoted stretch of text.
#[derive(Debug, Clone)]
pub(crate) struct QSeg {
    /// Byte offset of the opening mark.
    pub open: usize,
    /// The words inside the marks.
    pub content: Span,
    /// Byte offset just after the closing mark (or the content end when unterminated).
    pub after: usize,
    /// Whether a closing mark was found.
    pub closed: bool,
    /// Paragraph index where it starts.
    pub para: usize,
}

fn closers(open: char) -> (&'static [char], &'static [char]) {
    match open {
        '“' => (&['”'], &['»', '"', '“']),
        '«' => (&['»'], &['”', '"', '“']),
        '„' => (&['“', '”'], &['"']),
        '"' => (&['"'], &['”', '»', '“']),
        '‘' => (&['’'], &[]),
        '\'' => (&['\''], &['’']),
        '‹' => (&['›'], &[]),
        _ => (&['”'], &[]),
    }
}

fn opening_position(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_none_or(|p| p.is_whitespace() || "([—–-:,/\"“«„‘".contains(p))
        && next.is_some_and(|n| !n.is_whitespace())
}

fn closing_position(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_some_and(|p| !p.is_whitespace()) && next.is_none_or(|n| !n.is_alphanumeric())
}

/// Characters with byte offsets, where the typewriter pairs `''` and ``` `` ```
/// are read as one `"` (the other byte becomes a space on the outer side).
fn ascii_pairs(s: &str) -> Vec<(usize, char)> {
    let mut chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut k = 0;
    while k + 1 < chars.len() {
        let pair = matches!(
            (chars.get(k).map(|x| x.1), chars.get(k + 1).map(|x| x.1)),
            (Some('\''), Some('\'')) | (Some('`'), Some('`'))
        );
        if pair {
            let prev = k.checked_sub(1).and_then(|x| chars.get(x)).map(|x| x.1);
            let opening = prev.is_none_or(|c| c.is_whitespace() || "([—–-".contains(c));
            let (a, b) = if opening { (' ', '"') } else { ('"', ' ') };
            if let Some(c) = chars.get_mut(k) {
                c.1 = a;
            }
            if let Some(c) = chars.get_mut(k + 1) {
                c.1 = b;
            }
            k += 2;
        } else {
            k += 1;
        }
    }
    chars
}

/// Finds quoted stretches in each paragraph.
pub(crate) fn quote_segments(text: &str, paragraphs: &[Span]) -> Vec<QSeg> {
    let mut out = Vec::new();
    for (pi, p) in paragraphs.iter().enumerate() {
        let Some(s) = text.get(p.start..p.end) else {
            continue;
        };
        let chars = ascii_pairs(s);
        let mut k = 0;
        while k < chars.len() {
            let Some(&(i, c)) = chars.get(k) else { break };
            let prev = k.checked_sub(1).and_then(|x| chars.get(x)).map(|x| x.1);
            let next = chars.get(k + 1).map(|x| x.1);
            // a paragraph opening with a reversed mark ("”We …”") opens a quote too
            let is_open = (matches!(c, '“' | '«' | '„' | '"' | '‘' | '‹')
                || (c == '”' && k == 0)
                || (c == '\'' && next.is_some_and(char::is_alphabetic)))
                && opening_position(prev, next);
            if !is_open {
                k += 1;
                continue;
            }
            let (pref, fallback) = closers(c);
            let find = |set: &[char]| -> Option<usize> {
                (k + 1..chars.len()).find(|&j| {
                    chars.get(j).is_some_and(|(_, ch)| set.contains(ch))
                        && closing_position(
                            chars.get(j - 1).map(|x| x.1),
                            chars.get(j + 1).map(|x| x.1),
                        )
                        && (c != '\'' || !plural_possessive(&chars, j))
                })
            };
            let close = find(pref).or_else(|| find(fallback));
            // a lone straight apostrophe ("'til") never opens an unterminated quote
            if c == '\'' && close.is_none() {
                k += 1;
                continue;
            }
            let cstart = chars.get(k + 1).map(|x| p.start + x.0).unwrap_or(p.end);
            match close {
                Some(j) => {
                    let cend = chars.get(j).map(|x| p.start + x.0).unwrap_or(p.end);
                    let after = chars.get(j + 1).map(|x| p.start + x.0).unwrap_or(p.end);
                    if cend > cstart {
                        out.push(QSeg {
                            open: p.start + i,
                            content: Span::new(cstart, cend),
                            after,
                            closed: true,
                            para: pi,
                        });
                    }
                    k = j + 1;
                }
                None => {
                    if cstart < p.end {
                        out.push(QSeg {
                            open: p.start + i,
                            content: Span::new(cstart, p.end),
                            after: p.end,
                            closed: false,
                            para: pi,
                        });
                    }
                    break;
                }
            }
        }
    }
    out
}

/// An apostrophe after a plural ("the leaders' talks"), not a closing quote.
fn plural_possessive(chars: &[(usize, char)], j: usize) -> bool {
    let prev = j.checked_sub(1).and_then(|x| chars.get(x)).map(|x| x.1);
    let next = chars.get(j + 1).map(|x| x.1);
    let after = chars.get(j + 2).map(|x| x.1);
    prev == Some('s')
        && next.is_some_and(char::is_whitespace)
        && after.is_some_and(|a| a.is_lowercase() || a.is_ascii_digit())
}
