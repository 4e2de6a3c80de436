//! Context-sensitive block classification of saved page text (one block per
//! line), in the manner of jusText: every block is first classed on its own
//! (good, near-good, short or bad) from general signals — length, sentence
//! punctuation, function-word density, title-case and link-like lines, the
//! boilerplate phrase lists — then short and near-good blocks take the class
//! of their neighbours, and finally good blocks far from the main run of
//! prose (menus, teaser lists, comment threads) are dropped.

use once_cell::sync::Lazy;
use regex::Regex;

use crate::boiler::{ends_sentence, is_truncated};
use crate::dates::find_dates;
use crate::pageline::page_line;

/// Class of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Article prose.
    Good,
    /// Medium-length prose: good next to good blocks.
    NearGood,
    /// Too short to tell on its own.
    Short,
    /// Boilerplate.
    Bad,
}

#[rustfmt::skip]
/// Frequent function words of the major Latin- and Cyrillic-script languages
/// (English, German, French, Spanish, Italian, Portuguese, Dutch, Russian, Polish).
const STOPWORDS: &[&str] = &[
    // English
    "a", "about", "after", "all", "also", "an", "and", "are", "as", "at", "be", "been", "but",
    "by", "can", "could", "did", "do", "for", "from", "had", "has", "have", "he", "her", "his",
    "how", "i", "if", "in", "into", "is", "it", "its", "more", "no", "not", "of", "on", "one",
    "or", "our", "out", "she", "so", "than", "that", "the", "their", "them", "then", "there",
    "they", "this", "to", "up", "was", "we", "were", "what", "when", "which", "who", "will",
    "with", "would", "you", "your", "said", "says", "over", "some", "just", "only", "other",
    "any", "because", "while", "where", "these", "those", "such", "him", "my", "me", "us",
    // German
    "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "den", "dem", "mit", "sich",
    "auf", "für", "von", "im", "auch", "es", "an", "als", "wie", "bei", "aus", "nach", "wird",
    "sie", "er", "wir", "sind", "noch", "dass", "einen", "einer", "oder", "aber", "hat",
    // French
    "le", "la", "les", "et", "des", "du", "un", "une", "est", "que", "qui", "dans", "pour",
    "pas", "sur", "au", "aux", "il", "elle", "ce", "avec", "ne", "se", "plus", "par", "son",
    "sa", "ses", "sont", "mais", "ont", "été",
    // Spanish, Portuguese, Italian
    "el", "los", "las", "en", "y", "que", "del", "se", "por", "con", "para", "una", "es", "lo",
    "su", "al", "como", "más", "pero", "sus", "o", "ha", "este", "esta", "os", "não", "uma",
    "com", "em", "na", "no", "ao", "di", "il", "che", "della", "per", "non", "sono", "gli",
    "dei", "nel", "alla", "ed", "anche",
    // Dutch
    "de", "het", "een", "van", "ik", "te", "dat", "zijn", "op", "niet", "met", "voor", "ook",
    "maar", "er", "aan", "wordt", "heeft",
    // Russian
    "и", "в", "не", "на", "что", "с", "по", "как", "это", "к", "он", "она", "из", "за", "от",
    "для", "но", "так", "его", "о", "же", "бы", "было", "был", "была", "они", "мы", "также",
    "при", "до", "уже", "или",
    // Polish
    "się", "w", "z", "do", "jest", "na", "że", "to", "nie", "jak", "od", "po", "za", "ale",
    "przez", "oraz", "ich", "był", "była", "jego",
];

/// True for CJK ideographs, kana and Hangul, where a character is about a word.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// Measured signals of one block.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Features {
    /// Length in characters, a CJK character counting as three.
    pub len: usize,
    /// Words (a CJK character counting as one).
    pub words: usize,
    /// Share of words that are function words.
    pub stop: f64,
    /// Share of alphabetic words that start with a capital.
    pub caps: f64,
    /// Sentence punctuation marks inside the block (`. , ; ! ?` and CJK forms).
    pub punct: usize,
    /// Ends like a sentence.
    pub ends: bool,
    /// Holds a date or starts with a dash (an embedded post's signature).
    pub dated: bool,
}

/// Measures one block.
pub(crate) fn features(line: &str) -> Features {
    let mut f = Features::default();
    let (mut stop, mut alpha, mut caps) = (0usize, 0usize, 0usize);
    for w in line.split_whitespace() {
        let cjk = w.chars().filter(|&c| is_cjk(c)).count();
        f.words += if cjk > 0 { cjk } else { 1 };
        let t = w.trim_matches(|c: char| !c.is_alphanumeric());
        if t.is_empty() || cjk > 0 {
            continue;
        }
        if t.chars().next().is_some_and(char::is_alphabetic) {
            alpha += 1;
            if t.chars().next().is_some_and(char::is_uppercase) {
                caps += 1;
            }
        }
        let lower = t.to_lowercase();
        if STOPWORDS.contains(&lower.as_str()) {
            stop += 1;
        }
    }
    for c in line.chars() {
        f.len += if is_cjk(c) { 3 } else { 1 };
        if matches!(
            c,
            '.' | ',' | ';' | '!' | '?' | '。' | '，' | '、' | '！' | '？' | '；'
        ) {
            f.punct += 1;
        }
    }
    if f.words > 0 {
        f.stop = stop as f64 / f.words as f64;
    }
    if alpha > 0 {
        f.caps = caps as f64 / alpha as f64;
    }
    f.ends = ends_sentence(line) || line.ends_with(['。', '！', '？']);
    // Only short lines can be menu labels, so only they need the date check.
    f.dated =
        f.len < 60 && (line.starts_with(['—', '–', '-']) || !find_dates(line, true).is_empty());
    f
}

/// Function-word thresholds of a page: (near-good, good). Pages in a
/// language with a list use fixed shares, lowered when the page's own prose
/// runs thinner (a list that covers its language less well); pages without
/// one (`None`) fall back on punctuation.
fn stop_thresholds(fs: &[Features]) -> Option<(f64, f64)> {
    let (mut stop, mut words) = (0.0, 0usize);
    for f in fs.iter().filter(|f| f.len >= 100) {
        stop += f.stop * f.words as f64;
        words += f.words;
    }
    let density = if words > 0 { stop / words as f64 } else { 0.0 };
    (density >= 0.12).then(|| (0.22f64.min(density * 0.6), 0.28f64.min(density * 0.8)))
}

/// Classes one block on its own.
fn context_free(line: &str, f: &Features, stop: Option<(f64, f64)>) -> Class {
    let (prose, rich) = match stop {
        Some((near, good)) => (f.stop >= near, f.stop >= good),
        None => (f.punct >= 1 || f.ends, true),
    };
    if is_truncated(line) && f.len < 400 {
        return Class::Bad;
    }
    if f.len < 60 || f.words < 4 {
        return Class::Short;
    }
    // Headline-like lines (subheadings, teaser titles, menus) say nothing
    // on their own.
    if f.words >= 3 && f.caps >= 0.75 && !f.ends {
        return if f.len < 120 {
            Class::Short
        } else {
            Class::Bad
        };
    }
    if !prose {
        let sentences = f.ends && f.punct >= 1;
        return match stop {
            Some((near, _)) if f.stop >= near * 0.5 && sentences => Class::NearGood,
            _ if f.len >= 200 && f.ends && f.punct >= 3 => Class::NearGood,
            _ => Class::Bad,
        };
    }
    if (f.len >= 160 && (f.ends || f.punct >= 2) && rich) || f.len >= 320 {
        Class::Good
    } else {
        Class::NearGood
    }
}

/// The nearest class before `i` (or after, `dir = 1`), skipping short blocks
/// and, when `skip_near`, near-good ones; the page edges count as bad.
fn neighbour(cls: &[Class], i: usize, forward: bool, skip_near: bool) -> Class {
    let mut j = i;
    loop {
        let next = if forward {
            j.checked_add(1).filter(|&k| k < cls.len())
        } else {
            j.checked_sub(1)
        };
        let Some(k) = next else {
            return Class::Bad;
        };
        j = k;
        match cls[k] {
            Class::Short => continue,
            Class::NearGood if skip_near => continue,
            c => return c,
        }
    }
}

/// True when, going backwards (or forwards), the next non-short block is a
/// single bad block followed by a good one.
fn bridge(cls: &[Class], i: usize, forward: bool) -> bool {
    let step = |j: usize| {
        if forward {
            j.checked_add(1).filter(|&k| k < cls.len())
        } else {
            j.checked_sub(1)
        }
    };
    let mut j = i;
    let mut bad = 0;
    while let Some(k) = step(j) {
        j = k;
        match cls[k] {
            Class::Short => {}
            Class::Bad if bad == 0 => bad = 1,
            Class::Good => return bad == 1,
            _ => return false,
        }
    }
    false
}

/// What earlier rules said about a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Prior {
    /// Nothing: the block classifier decides.
    Open,
    /// Dropped as boilerplate (menus, comment forms, promo, teasers…).
    Boilerplate,
    /// Dropped as a header of other stories or of comments ("Most read",
    /// "More from …", "12 comments"): weighs heavily in the gap between runs.
    Break,
    /// Dropped, but the kind of line found inside articles (captions, image
    /// debris), so it says nothing about its neighbours.
    Inline,
}

/// Most bad blocks (a short one counting half) between two good blocks of
/// one article: inserted promos, captions, subheadings with share bars.
const MAX_GAP: f64 = 8.0;

/// What a header of other stories or comments adds to a gap: such boxes
/// also sit inside articles, so it weighs like several bad blocks but does
/// not end the run on its own.
const BREAK_GAP: f64 = 4.0;

/// Most characters one block adds to the weight of its run, so that one long
/// block (a legal notice, a site blurb) does not outweigh several paragraphs.
const BLOCK_CAP: usize = 400;

/// Keeps only the main run of good blocks. Good blocks separated by at most
/// [`MAX_GAP`] bad blocks form a run (a break, `breaks[i]`, counting
/// [`BREAK_GAP`] more); a run scores its good text times its
/// density (good blocks per block: article paragraphs follow each other,
/// teaser blurbs and comments alternate with headlines, names and dates); good
/// blocks outside the best run become bad.
fn main_region(cls: &mut [Class], fs: &[Features], breaks: &[bool]) {
    let mut runs: Vec<(usize, usize, usize)> = Vec::new(); // (first, last, weight)
    let mut gap = 0.0;
    for (i, c) in cls.iter().enumerate() {
        let len = fs.get(i).map_or(0, |f| f.len.min(BLOCK_CAP));
        match c {
            Class::Good => {
                match runs.last_mut() {
                    Some(r) if gap <= MAX_GAP => {
                        r.1 = i;
                        r.2 += len;
                    }
                    _ => runs.push((i, i, len)),
                }
                gap = 0.0;
            }
            Class::Short => gap += 0.5,
            _ => gap += 1.0,
        }
        if breaks.get(i).copied().unwrap_or(false) {
            gap += BREAK_GAP;
        }
    }
    let score = |r: &(usize, usize, usize)| {
        let goods = cls
            .get(r.0..=r.1)
            .map_or(0, |s| s.iter().filter(|c| **c == Class::Good).count());
        r.2 as f64 * goods as f64 / (r.1 + 1 - r.0) as f64
    };
    let Some(best) = runs
        .iter()
        .max_by(|a, b| score(a).total_cmp(&score(b)))
        .copied()
    else {
        return;
    };
    for (i, c) in cls.iter_mut().enumerate() {
        if *c == Class::Good && (i < best.0 || i > best.1) {
            *c = Class::Bad;
        }
    }
}

/// The signature line of a reader comment: a name with a date and time, or a
/// relative time (`Alex on September 17, 2018 at 6:34 am said:`,
/// `2 days ago at 07:50 am`, `November 19, 2019 at 6:34 am`).
static STAMP: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)\b(?:\d{1,3}\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago|(?:at|um|à|a las|alle|в)\s+\d{1,2}[:.h]\d\d\s*(?:[ap]\.?\s?m\.?)?|(?:said|says|wrote|replied|schrieb|a écrit|escribió|написал[аи]?)\s*:)",
    )
    .expect("valid regex")
});

/// True for a comment signature line.
fn is_stamp(line: &str) -> bool {
    line.chars().count() <= 100
        && STAMP.is_match(line)
        && page_line(line).is_none_or(|p| !p.byline)
        && (line.contains("ago") || !find_dates(line, true).is_empty() || line.contains(':'))
}

/// Index where a reader-comment thread starts: the first of at least three
/// comment signature lines after the first good block, or `None`.
fn comment_thread(lines: &[&str], cls: &[Class]) -> Option<usize> {
    let first_good = cls.iter().position(|c| *c == Class::Good)?;
    let stamps: Vec<usize> = lines
        .iter()
        .enumerate()
        .skip(first_good + 1)
        .filter(|(_, l)| is_stamp(l))
        .map(|(i, _)| i)
        .collect();
    (stamps.len() >= 3)
        .then(|| stamps.first().copied())
        .flatten()
}

/// A clock time.
static CLOCK: Lazy<Regex> = Lazy::new(|| Regex::new(r"\b\d{1,2}[:.]\d\d\b").expect("valid regex"));

/// A photo credit at the end of a caption: `(AP Photo/Jane Doe)`.
static CREDIT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)\((?:(?:AP|AFP|Reuters|EPA|Getty|Xinhua|DPA|ANP|Bloomberg)\b[^)]{0,60}|[^)]{0,60}\b(?:photo|foto|image|picture|credit)\b[^)]{0,60})\)\s*$",
    )
    .expect("valid regex")
});

/// Lines inside an article area that are not article text but say nothing
/// about their neighbours: page date lines and photo captions with credits.
fn is_inline_chrome(line: &str) -> bool {
    let dated = line.chars().count() <= 120
        && page_line(line).is_some_and(|p| {
            p.byline || p.has_keyword() || CLOCK.is_match(line) || line.contains(" ago")
        });
    dated || CREDIT.is_match(line)
}

/// In a run of three or more short blocks (a menu, a tag list), the
/// label-like ones (no sentence end, mostly capitalised) are bad.
fn label_runs(cls: &mut [Class], fs: &[Features]) {
    let mut i = 0;
    while i < cls.len() {
        if cls[i] != Class::Short {
            i += 1;
            continue;
        }
        let start = i;
        while i < cls.len() && cls[i] == Class::Short {
            i += 1;
        }
        if i - start >= 3 {
            for (c, f) in cls.iter_mut().zip(fs).take(i).skip(start) {
                if !f.ends && f.caps >= 0.5 && !f.dated {
                    *c = Class::Bad;
                }
            }
        }
    }
}

/// Decides for each line whether it is article text: `true` keeps it.
/// `prior[i]` is what earlier rules decided (missing entries are `Open`).
pub(crate) fn keep_blocks(lines: &[&str], prior: &[Prior]) -> Vec<bool> {
    let fs: Vec<Features> = lines.iter().map(|l| features(l)).collect();
    let stop = stop_thresholds(&fs);
    let open: Vec<bool> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| prior.get(i).is_none_or(|p| *p == Prior::Open) && !is_inline_chrome(l))
        .collect();
    let mut initial: Vec<Class> = lines
        .iter()
        .zip(&fs)
        .enumerate()
        .map(
            |(i, (l, f))| match prior.get(i).copied().unwrap_or(Prior::Open) {
                Prior::Boilerplate | Prior::Break => Class::Bad,
                _ if !open[i] => Class::Short,
                _ => context_free(l, f, stop),
            },
        )
        .collect();
    label_runs(&mut initial, &fs);
    // A page without a single good block: its best prose is near-good.
    if !initial.contains(&Class::Good) {
        for (c, f) in initial.iter_mut().zip(&fs) {
            if *c == Class::NearGood && f.caps < 0.5 {
                *c = Class::Good;
            }
        }
    }

    // Short blocks take the class of their neighbours.
    let mut cls = initial.clone();
    for (i, c) in initial.iter().enumerate() {
        if *c != Class::Short {
            continue;
        }
        let prev = neighbour(&initial, i, false, true);
        let next = neighbour(&initial, i, true, true);
        // The last sentence of a story, right after its prose.
        let f = fs.get(i).copied().unwrap_or_default();
        let closing = f.ends
            && f.caps < 0.5
            && f.words >= 3
            && i.checked_sub(1)
                .and_then(|p| initial.get(p))
                .is_some_and(|c| matches!(c, Class::Good | Class::NearGood));
        cls[i] = match (prev, next) {
            (Class::Good, Class::Good) => Class::Good,
            _ if closing => Class::Good,
            (Class::Bad, Class::Bad) => Class::Bad,
            _ => {
                let near_prev =
                    prev == Class::Bad && neighbour(&initial, i, false, false) == Class::NearGood;
                let near_next =
                    next == Class::Bad && neighbour(&initial, i, true, false) == Class::NearGood;
                if near_prev || near_next {
                    Class::Good
                } else {
                    Class::Bad
                }
            }
        };
    }
    // Near-good blocks are good unless boilerplate surrounds them.
    let snapshot = cls.clone();
    for (i, c) in snapshot.iter().enumerate() {
        if *c != Class::NearGood {
            continue;
        }
        let prev = neighbour(&snapshot, i, false, true);
        let next = neighbour(&snapshot, i, true, true);
        // One bad block between good ones is an insert (a promo, a caption)
        // inside the article, not its end.
        let bridged = bridge(&snapshot, i, false) || bridge(&snapshot, i, true);
        cls[i] = if prev == Class::Bad && next == Class::Bad && !bridged {
            Class::Bad
        } else {
            Class::Good
        };
    }
    if let Some(start) = comment_thread(lines, &cls) {
        for c in cls.iter_mut().skip(start) {
            *c = Class::Bad;
        }
    }
    let breaks: Vec<bool> = (0..lines.len())
        .map(|i| prior.get(i) == Some(&Prior::Break))
        .collect();
    main_region(&mut cls, &fs, &breaks);
    cls.iter()
        .zip(&open)
        .map(|(c, o)| *c == Class::Good && *o)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn menus_drop_and_prose_stays() {
        let lines = [
            "Home",
            "World",
            "Business News Sport Culture Weather",
            "Subscribe Sign In",
            "Talks over the river crossing",
            "The harbour board said on Tuesday that it would reopen the eastern crossing \
             next month, after repairs that took longer than anyone had planned.",
            "It said:",
            "\u{201c}We are nearly there, and the ferries will run as before until then.\u{201d}",
            "Engineers found that the pilings were older than the records showed, and the \
             work had to be redesigned twice before the board approved it.",
            "More from World",
            "Rivers Rise in the North",
            "Markets Close Higher",
            "Privacy Terms Contact Careers Advertise",
        ];
        let keep = keep_blocks(&lines, &[]);
        assert_eq!(
            keep,
            vec![
                false, false, false, false, false, true, true, true, true, false, false, false,
                false
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn one_verdict_per_line_on_any_input(
            lines in proptest::collection::vec("\\PC{0,80}", 0..40),
            priors in proptest::collection::vec(0u8..4, 0..40),
        ) {
            let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
            let prior: Vec<Prior> = priors
                .iter()
                .map(|p| match p {
                    0 => Prior::Boilerplate,
                    1 => Prior::Break,
                    2 => Prior::Inline,
                    _ => Prior::Open,
                })
                .collect();
            let keep = keep_blocks(&refs, &prior);
            proptest::prop_assert_eq!(keep.len(), refs.len());
            for (i, k) in keep.iter().enumerate() {
                if *k {
                    proptest::prop_assert!(prior.get(i).is_none_or(|p| *p == Prior::Open));
                }
            }
        }
    }

    #[test]
    fn never_panics_on_odd_lines() {
        let lines = ["", "…", "日本語の文章です。", "a b c d e f g h"];
        let keep = keep_blocks(&lines, &[]);
        assert_eq!(keep.len(), 4);
    }
}
