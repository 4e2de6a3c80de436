//! Cleaning of plain-text pages, and `--no-clean` documents.

use newsline_model::{
    CharMap, CleanDoc, DateCandidate, DateOrigin, Precision, RawDoc, Removed, Span,
};

use crate::blocks::{keep_blocks, Prior};
use crate::boiler::{
    byline, classify, ends_sentence, is_lone_name, is_truncated, strip_image_debris, Kind,
};
use crate::dateline::find_dateline;
use crate::norm::{assemble, normalize_line};
use crate::pageline::{page_line, DateKind};

/// A line (or merged hard-wrapped lines) of the input.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    /// Byte range in the raw content.
    pub start: usize,
    pub end: usize,
    /// Normalised text.
    pub text: String,
}

/// Splits `content` into non-empty lines, grouped into blank-line separated blocks.
fn blocks(content: &str) -> Vec<Vec<Unit>> {
    let mut out: Vec<Vec<Unit>> = Vec::new();
    let mut cur: Vec<Unit> = Vec::new();
    let mut line_start = 0usize;
    let bytes = content.as_bytes();
    let mut i = 0usize;
    let push_line = |s: usize, e: usize, cur: &mut Vec<Unit>, out: &mut Vec<Vec<Unit>>| {
        let raw = content.get(s..e).unwrap_or("");
        let text = normalize_line(raw);
        if text.is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(cur));
            }
        } else {
            let lead = raw.len() - raw.trim_start().len();
            let trail = raw.len() - raw.trim_end().len();
            cur.push(Unit {
                start: s + lead,
                end: e - trail,
                text,
            });
        }
    };
    while i < bytes.len() {
        match bytes.get(i) {
            Some(b'\n') => {
                push_line(line_start, i, &mut cur, &mut out);
                i += 1;
                line_start = i;
            }
            Some(b'\r') => {
                push_line(line_start, i, &mut cur, &mut out);
                i += if bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                line_start = i;
            }
            _ => i += 1,
        }
    }
    push_line(line_start, bytes.len(), &mut cur, &mut out);
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// True when a line starting with `c` continues the previous one: lower case,
/// or punctuation that cannot start a sentence (the text after an inline link
/// that a scraper put on a line of its own).
fn continues(c: char) -> bool {
    c.is_lowercase() || matches!(c, ',' | '.' | ';' | ':' | ')' | '!' | '?' | '’' | '%')
}

/// Merges hard-wrapped lines inside blocks: a line that does not end a
/// sentence followed by one that [`continues`] it.
fn units(content: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    for block in blocks(content) {
        let mut acc: Option<Unit> = None;
        for u in block {
            match acc.take() {
                Some(mut a)
                    if !ends_sentence(&a.text)
                        && !is_truncated(&a.text)
                        && u.text.chars().next().is_some_and(continues) =>
                {
                    a.text.push(' ');
                    a.text.push_str(&u.text);
                    a.end = u.end;
                    acc = Some(a);
                }
                Some(a) => {
                    out.push(a);
                    acc = Some(u);
                }
                None => acc = Some(u),
            }
        }
        out.extend(acc);
    }
    out
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// True when a first line reads as a headline.
fn is_headline(line: &str) -> bool {
    let n = line.chars().count();
    let w = word_count(line);
    n <= 250
        && (2..=35).contains(&w)
        && !line.ends_with('.')
        && !line.ends_with(',')
        && !is_truncated(line)
        && find_dateline(line).is_none()
        && classify(line).is_none()
        && page_line(line).is_none()
}

/// True when a second line reads as a standfirst.
pub(crate) fn is_subtitle(line: &str) -> bool {
    let n = line.chars().count();
    n <= 350
        && word_count(line) >= 4
        && !line.ends_with('.')
        && !is_truncated(line)
        && !is_lone_name(line)
        && find_dateline(line).is_none()
        && classify(line).is_none()
}

/// A paragraph that clearly belongs to a story.
fn is_story_like(line: &str) -> bool {
    let n = line.chars().count();
    (n >= 80 && ends_sentence(line)) || n >= 250
}

struct Remover<'a> {
    map: CharMap,
    content: &'a str,
    removed: Vec<Removed>,
}

impl Remover<'_> {
    fn push(&mut self, text: &str, reason: &str, start: usize, end: usize) {
        self.removed.push(Removed {
            text: text.to_string(),
            reason: reason.to_string(),
            raw_start: self.map.to_char(start),
            raw_end: self.map.to_char(end),
        });
    }

    /// Removal of a piece of a line: located by search inside the line's raw range.
    fn push_piece(&mut self, piece: &str, reason: &str, u: &Unit) {
        let raw = self.content.get(u.start..u.end).unwrap_or("");
        let (s, e) = match raw.find(piece) {
            Some(p) => (u.start + p, u.start + p + piece.len()),
            None => (u.start, u.end),
        };
        self.push(piece, reason, s, e);
    }
}

/// The decisions of the body filter, one entry per unit.
pub(crate) struct Filtered {
    /// The kept (debris-stripped) text, or `None` when dropped.
    pub kept: Vec<Option<String>>,
    /// Why a unit was dropped.
    pub reasons: Vec<Option<&'static str>>,
    /// Image debris stripped from kept units: (unit index, piece).
    pub debris: Vec<(usize, String)>,
}

/// Decides unit by unit what is story and what is boilerplate.
/// `text_page` enables the rules meant for saved page text (teaser tails,
/// lone caption names); HTML extraction has its own structure for those.
pub(crate) fn filter_units(body: &[Unit], text_page: bool) -> Filtered {
    let mut debris_out = Vec::new();
    // Pass 1: line signals.
    let mut kept: Vec<Option<String>> = Vec::with_capacity(body.len());
    let mut reasons: Vec<Option<&'static str>> = vec![None; body.len()];
    let mut hard_end = false;
    let mut teasers = false;
    // Story-like characters before each unit, to refuse a "hard end" that
    // would drop more story than it keeps.
    let story_len: Vec<usize> = body
        .iter()
        .map(|u| {
            if is_story_like(&u.text) {
                u.text.len()
            } else {
                0
            }
        })
        .collect();
    let total_story: usize = story_len.iter().sum();
    let mut story_before = 0usize;
    for (i, u) in body.iter().enumerate() {
        let (line, debris) = strip_image_debris(&u.text);
        let kind = classify(&line);
        if hard_end {
            reasons[i] = Some(kind.map_or("trailing", |k| k.reason()));
            kept.push(None);
            continue;
        }
        if let Some(k) = kind {
            let after = total_story - story_before - story_len[i];
            if k.ends_article() && story_before > 0 && after * 2 < story_before {
                hard_end = true;
            }
            if k == Kind::RelatedHeader {
                teasers = true;
            }
            reasons[i] = Some(k.reason());
            kept.push(None);
            continue;
        }
        if teasers {
            if line.chars().count() >= 100 && ends_sentence(&line) {
                teasers = false;
            } else {
                reasons[i] = Some("teaser");
                kept.push(None);
                continue;
            }
        }
        if is_truncated(&line) && line.chars().count() < 400 {
            reasons[i] = Some("teaser");
            kept.push(None);
            continue;
        }
        let prev = i
            .checked_sub(1)
            .and_then(|p| kept.get(p))
            .is_some_and(|k| k.is_some());
        if text_page && is_lone_name(&line) && prev && i + 1 < body.len() {
            reasons[i] = Some("caption");
            kept.push(None);
            continue;
        }
        if line.is_empty() {
            reasons[i] = Some("image-debris");
            kept.push(None);
            continue;
        }
        for d in debris {
            debris_out.push((i, d));
        }
        story_before += story_len[i];
        kept.push(Some(line));
    }

    // Pass 2: short headline-like lines after the last story paragraph and
    // before dropped boilerplate are teasers.
    let last_story = kept
        .iter()
        .rposition(|k| k.as_deref().is_some_and(is_story_like));
    let last_dropped = reasons.iter().rposition(|r| r.is_some());
    if let (true, Some(ls), Some(ld)) = (text_page, last_story, last_dropped) {
        for i in ls + 1..ld {
            let short = kept[i].as_deref().is_some_and(|l| {
                l.chars().count() < 200 && word_count(l) >= 3 && !ends_sentence(l)
            });
            if short {
                kept[i] = None;
                reasons[i] = Some("teaser");
            }
        }
    }

    Filtered {
        kept,
        reasons,
        debris: debris_out,
    }
}

/// Units split into body and top-of-article metadata lines.
pub(crate) struct Meta {
    pub body: Vec<Unit>,
    pub dropped: Vec<(Unit, &'static str)>,
    pub authors: Vec<String>,
    pub date_candidates: Vec<DateCandidate>,
}

/// Units near the top in which page date lines and bylines are metadata.
const META_TOP: usize = 6;

/// Takes bylines and page date lines ("Published …", "April 16, 2021 |
/// 9:12 AM", "By A · 7 December 2021") out of the body: near the top any
/// such line, further down only date lines with a Published/Updated keyword.
pub(crate) fn split_meta(units: &[Unit]) -> Meta {
    let mut m = Meta {
        body: Vec::new(),
        dropped: Vec::new(),
        authors: Vec::new(),
        date_candidates: Vec::new(),
    };
    for (n, u) in units.iter().enumerate() {
        let top = n < META_TOP;
        if let Some(p) = page_line(&u.text).filter(|p| top || p.has_keyword()) {
            for a in &p.authors {
                if !m.authors.contains(a) {
                    m.authors.push(a.clone());
                }
            }
            for (date, kind) in &p.dates {
                let (source, upper_bound) = match kind {
                    DateKind::Published => ("text[published]", false),
                    DateKind::Updated => ("text[updated]", true),
                    DateKind::Plain => ("text[date-line]", false),
                };
                let c = DateCandidate {
                    date: *date,
                    precision: Precision::Day,
                    origin: DateOrigin::Metadata,
                    source: source.to_string(),
                    upper_bound,
                };
                if !m.date_candidates.contains(&c) {
                    m.date_candidates.push(c);
                }
            }
            let reason = if p.byline { "byline" } else { "date-line" };
            m.dropped.push((u.clone(), reason));
            continue;
        }
        if n < 8 {
            if let Some(names) = byline(&u.text) {
                for a in names {
                    if !m.authors.contains(&a) {
                        m.authors.push(a);
                    }
                }
                m.dropped.push((u.clone(), "byline"));
                continue;
            }
        }
        m.body.push(u.clone());
    }
    m
}

/// Lines from which a text is treated as a whole saved page, where the block
/// classifier decides with context.
const MIN_PAGE_LINES: usize = 20;

/// Cleans a plain-text page.
pub(crate) fn clean_text(doc: &RawDoc) -> CleanDoc {
    let all = units(&doc.content);
    let mut rm = Remover {
        map: CharMap::new(&doc.content),
        content: &doc.content,
        removed: Vec::new(),
    };
    let mut idx = 0usize;
    let mut title = None;
    let mut subtitle = None;
    if let Some(first) = all.first() {
        let given = doc.title.as_deref().map(normalize_line);
        if let Some(g) = given.filter(|g| !g.is_empty()) {
            if first.text.eq_ignore_ascii_case(&g) {
                idx = 1;
            }
            title = Some(g);
        } else if all.len() > 1 && is_headline(&first.text) {
            title = Some(first.text.clone());
            idx = 1;
        }
    }
    let meta = split_meta(all.get(idx..).unwrap_or(&[]));
    for (u, reason) in &meta.dropped {
        rm.push(&u.text, reason, u.start, u.end);
    }
    let (body, authors, date_candidates) = (meta.body, meta.authors, meta.date_candidates);
    if title.is_some() && idx == 1 && body.len() > 1 {
        if let Some(second) = body.first() {
            let (line, _) = strip_image_debris(&second.text);
            if is_subtitle(&line) {
                subtitle = Some(line);
            }
        }
    }

    let body = body.as_slice();
    let f = filter_units(body, true);
    for (i, d) in &f.debris {
        if let Some(u) = body.get(*i) {
            rm.push_piece(d, "image-debris", u);
        }
    }
    let (mut kept, mut reasons) = (f.kept, f.reasons);
    // Context: blocks that line rules kept but that sit among boilerplate.
    // Short texts (a saved article with a few lines of chrome) are left to
    // the line rules; whole-page dumps (menus, teaser lists, footers) are not.
    let lines: Vec<&str> = body
        .iter()
        .zip(&kept)
        .map(|(u, k)| k.as_deref().unwrap_or(&u.text))
        .collect();
    let prior: Vec<Prior> = kept
        .iter()
        .zip(&reasons)
        .zip(body)
        .map(|((k, r), u)| match (k, r) {
            (Some(_), _) => Prior::Open,
            (None, Some("caption" | "image-debris")) => Prior::Inline,
            (None, Some("related")) if classify(&u.text) == Some(Kind::RelatedHeader) => {
                Prior::Break
            }
            (None, Some("comment-form")) => Prior::Break,
            (None, _) => Prior::Boilerplate,
        })
        .collect();
    let mut verdict = if body.len() >= MIN_PAGE_LINES {
        keep_blocks(&lines, &prior)
    } else {
        vec![true; body.len()]
    };
    // The standfirst under the title stays in the body.
    if subtitle.is_some() {
        if let Some(v) = verdict.first_mut() {
            *v = true;
        }
    }
    for (i, keep) in verdict.iter().enumerate() {
        if !keep && kept[i].is_some() {
            kept[i] = None;
            reasons[i] = Some("boilerplate-block");
        }
    }
    let mut paras = Vec::new();
    for (i, u) in body.iter().enumerate() {
        match (&kept[i], reasons[i]) {
            (Some(l), _) => paras.push(l.clone()),
            (None, Some(r)) => rm.push(&u.text, r, u.start, u.end),
            (None, None) => {}
        }
    }
    rm.removed.sort_by_key(|r| (r.raw_start, r.raw_end));
    let (text, paragraphs) = assemble(&paras);
    CleanDoc {
        title,
        subtitle,
        text,
        paragraphs,
        removed: rm.removed,
        authors,
        date_candidates,
        ..CleanDoc::default()
    }
}

/// `--no-clean`: the content exactly as given; paragraphs are blank-line blocks.
pub(crate) fn verbatim(doc: &RawDoc) -> CleanDoc {
    let text = doc.content.clone();
    let mut paragraphs = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_end = 0usize;
    let mut pos = 0usize;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if let Some(s) = start.take() {
                paragraphs.push(Span::new(s, last_end));
            }
        } else {
            let lead = content.len() - content.trim_start().len();
            if start.is_none() {
                start = Some(pos + lead);
            }
            last_end = pos + content.trim_end().len();
        }
        pos += line.len();
    }
    if let Some(s) = start {
        paragraphs.push(Span::new(s, last_end));
    }
    CleanDoc {
        title: doc.title.clone(),
        text,
        paragraphs,
        ..CleanDoc::default()
    }
}
