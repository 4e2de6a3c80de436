//! Speech verbs, speaker noun phrases and attribution patterns.

use newsline_model::Span;

use crate::text::{words, W};

/// Speech and attribution verbs (inflected forms).
const VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "noted",
    "notes",
    "stressed",
    "stresses",
    "explained",
    "explains",
    "replied",
    "answered",
    "continued",
    "wrote",
    "writes",
    "tweeted",
    "posted",
    "insisted",
    "insists",
    "warned",
    "warns",
    "declared",
    "stated",
    "states",
    "argued",
    "argues",
    "claimed",
    "claims",
    "admitted",
    "admits",
    "recalled",
    "emphasized",
    "emphasised",
    "emphasizes",
    "emphasises",
    "concluded",
    "suggested",
    "suggests",
    "announced",
    "announces",
    "remarked",
    "commented",
    "acknowledged",
    "complained",
    "observed",
    "urged",
    "urges",
    "vowed",
    "vows",
    "promised",
    "promises",
    "conceded",
    "confirmed",
    "confirms",
    "denied",
    "denies",
    "reported",
    "reports",
    "believes",
    "believed",
    "thinks",
    "assured",
    "underlined",
    "underscored",
    "responded",
    "retorted",
    "alleged",
    "predicted",
    "reiterated",
    "clarified",
    "indicated",
    "revealed",
    "disclosed",
    "hinted",
    "demanded",
    "proposed",
    "mentioned",
    "affirmed",
    "maintained",
    "contended",
    "countered",
    "asserted",
    "asked",
    "expects",
    "expected",
    "hopes",
    "hoped",
    "fears",
    "feared",
    "accused",
    "cautioned",
    "threatened",
    "pledged",
    "estimated",
    "agreed",
    "informed",
    "specified",
    "called",
    "described",
    "saying",
    "adding",
    "noting",
    "arguing",
    "insisting",
    "warning",
    "explaining",
    "stressing",
    "claiming",
    "telling",
    "acknowledging",
    "asserting",
    "suggesting",
    "asks",
    "replies",
    "recalls",
    "predicts",
    "declares",
    "acknowledges",
    "remarks",
    "responds",
    "promising",
    "urging",
    "vowing",
    "announcing",
    "declaring",
    "demanding",
    "asking",
    "tweeting",
    "admitting",
    "denying",
    "predicting",
    "confirming",
    "emphasizing",
    "emphasising",
    "recalling",
    "pledging",
];

/// Verbs of belief and finding: cues only when followed by "that".
pub(crate) const THAT_VERBS: &[&str] = &[
    "found",
    "finds",
    "shows",
    "showed",
    "show",
    "believe",
    "think",
    "argue",
    "fear",
    "hope",
    "expect",
    "know",
    "knows",
    "knew",
    "learned",
    "feel",
    "feels",
    "felt",
    "acknowledge",
    "insist",
    "contend",
    "suspect",
    "suspects",
    "suspected",
    "concluded",
    "conclude",
    "realized",
    "understood",
    "recognized",
    "recognised",
    "doubt",
    "doubts",
    "predict",
    "predicts",
    "said",
    "alleges",
    "allege",
    "suggest",
    "indicates",
    "indicate",
    "revealed",
    "reveal",
    "reveals",
    "determined",
    "decided",
    "worry",
    "worries",
    "worried",
    "assume",
    "assumes",
];

/// Multi-word cues, lower case.
const PHRASES: &[&str] = &[
    "according to",
    "was quoted as saying",
    "is quoted as saying",
    "were quoted as saying",
    "has been quoted as saying",
    "was quoted saying",
    "could neither confirm nor deny",
    "can neither confirm nor deny",
    "would neither confirm nor deny",
    "neither confirmed nor denied",
    "pointed out",
    "points out",
    "went on to say",
    "went on",
    "made it clear",
    "drew attention to",
    "did not rule out",
    "does not rule out",
    "expressed confidence",
    "expressed hope",
    "spoke of",
];

/// Adverbs and auxiliaries allowed between speaker and verb.
const BETWEEN: &[&str] = &[
    "has",
    "had",
    "have",
    "also",
    "later",
    "earlier",
    "then",
    "again",
    "further",
    "reportedly",
    "previously",
    "once",
    "recently",
    "repeatedly",
    "publicly",
    "separately",
    "personally",
    "on",
    "will",
    "would",
    "is",
    "was",
    "has",
    "already",
    "quickly",
    "firmly",
    "flatly",
    "now",
    "never",
    "still",
    "often",
    "long",
    "privately",
    "openly",
    "explicitly",
    "specifically",
    "simply",
];

const PRONOUNS: &[&str] = &["he", "she", "they"];

/// Sentence adverbs that are not part of a speaker phrase.
const LEADERS: &[&str] = &[
    "only",
    "but",
    "and",
    "however",
    "meanwhile",
    "also",
    "then",
    "so",
    "yet",
    "still",
    "earlier",
    "later",
    "now",
    "today",
    "previously",
    "finally",
    "moreover",
    "instead",
];

const NP_WORDS: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "press",
    "secretary",
    "minister",
    "president",
    "prime",
    "foreign",
    "deputy",
    "ambassador",
    "envoy",
    "adviser",
    "advisor",
    "official",
    "officials",
    "source",
    "sources",
    "diplomat",
    "diplomats",
    "analyst",
    "analysts",
    "expert",
    "experts",
    "head",
    "chief",
    "leader",
    "senior",
    "presidential",
    "ministry",
    "embassy",
    "office",
    "department",
    "agency",
    "news",
    "state",
    "government",
    "spokespeople",
    "representative",
    "representatives",
    "chairman",
    "chairwoman",
    "director",
    "general",
    "national",
    "security",
    "council",
    "committee",
    "kremlin",
    "statement",
    "commander",
    "military",
    "army",
    "police",
    "party",
    "service",
    "administration",
    "governor",
    "mayor",
    "senator",
    "lawmaker",
    "lawmakers",
    "chancellor",
    "secretary-general",
    "counterpart",
    "colleague",
    "correspondent",
    "reporter",
    "newspaper",
    "daily",
    "outlet",
    "fellow",
    "professor",
    "researcher",
    "economist",
    "negotiator",
    "delegation",
    "side",
    "campaign",
    "aide",
    "aides",
    "assistant",
    "staff",
    "member",
    "members",
    "parliament",
    "duma",
    "team",
    "court",
    "judge",
    "prosecutor",
    "prosecutors",
    "investigators",
    "police",
    "witness",
    "witnesses",
    "residents",
    "authorities",
    "organizers",
    "organisers",
    "ministers",
    "leaders",
    "officer",
    "officers",
    "board",
    "company",
    "group",
    "bank",
    "union",
    "white",
    "house",
    "former",
    "top",
    "acting",
    "vice",
    "russian",
    "american",
    "interior",
    "defence",
    "defense",
    "intelligence",
    "federal",
    "regional",
    "local",
    "international",
    "world",
    "anonymous",
    "unnamed",
    "informed",
    "familiar",
    "close",
    "communications",
    "director",
    "of",
    "the",
    "to",
    "for",
    "at",
    "on",
    "a",
    "an",
    "two",
    "three",
    "several",
    "another",
    "some",
    "one",
    "many",
    "most",
    "other",
    "its",
    "his",
    "her",
    "their",
    "our",
    "with",
    "matter",
    "talks",
    "told",
    "who",
    "sought",
    "affairs",
];

/// True when `w` is a speech verb.
pub(crate) fn is_verb(w: &str) -> bool {
    VERBS.contains(&w)
}

/// A cue at word index `i`: returns the index one past the cue's last word.
pub(crate) fn cue_at(ws: &[W], i: usize) -> Option<usize> {
    for p in PHRASES {
        let parts: Vec<&str> = p.split(' ').collect();
        if parts
            .iter()
            .enumerate()
            .all(|(k, part)| ws.get(i + k).is_some_and(|w| w.lower == *part))
        {
            return Some(i + parts.len());
        }
    }
    let w = ws.get(i)?;
    if is_verb(&w.lower) {
        if noun_reading(ws, i) {
            return None;
        }
        return Some(i + 1);
    }
    if THAT_VERBS.contains(&w.lower.as_str()) && ws.get(i + 1).is_some_and(|n| n.lower == "that") {
        return Some(i + 1);
    }
    None
}

/// Titles written with a period ("Mr. Barrett", "Sen. Warren").
const HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "prof", "rev",
    "sr", "jr", "st", "u.s", "u.n", "u.k", "adm", "maj", "cmdr", "pres", "amb",
];

fn gap_ok(text: &str, a: &W, b: &W) -> bool {
    text.get(a.end..b.start).is_some_and(|g| {
        g.chars().all(|c| c.is_whitespace() && c != '\n')
            || (g.starts_with('.')
                && g.len() > 1
                && g.chars().skip(1).all(|c| c.is_whitespace() && c != '\n')
                && (HONORIFICS.contains(&a.lower.as_str())
                    || (a.cap && a.lower.chars().count() == 1)))
    })
}

/// A speaker noun phrase starting at word `i` and running forward
/// ("the ministry spokesman", "Anna Voss", "he"). Returns (span, end index).
pub(crate) fn np_forward(text: &str, ws: &[W], i: usize) -> Option<(Span, usize)> {
    let mut i = i;
    while ws
        .get(i)
        .is_some_and(|w| LEADERS.contains(&w.lower.as_str()))
        && ws.get(i + 1).is_some()
    {
        i += 1;
    }
    let first = ws.get(i)?;
    if PRONOUNS.contains(&first.lower.as_str()) {
        return Some((Span::new(first.start, first.end), i + 1));
    }
    let mut j = i;
    let mut last_good = None;
    while j < ws.len() && j < i + 12 {
        let w = ws.get(j)?;
        if j > i && !gap_ok(text, ws.get(j - 1)?, w) {
            // allow ", " inside "X, a senior fellow" is not a speaker; stop
            break;
        }
        let after_source = j > i
            && w.lower == "in"
            && ws.get(j - 1).is_some_and(|p| {
                matches!(
                    p.lower.as_str(),
                    "source"
                        | "sources"
                        | "official"
                        | "officials"
                        | "embassy"
                        | "diplomat"
                        | "diplomats"
                )
            });
        let good = w.cap || NP_WORDS.contains(&w.lower.as_str()) || after_source;
        if !good || (j > i && is_verb(&w.lower) && !w.cap) {
            break;
        }
        if w.cap
            || !matches!(
                w.lower.as_str(),
                "of" | "the" | "to" | "for" | "at" | "on" | "a" | "an" | "with" | "who" | "in"
            )
        {
            last_good = Some(j);
        }
        j += 1;
    }
    let l = last_good?;
    let span = Span::new(first.start, ws.get(l)?.end);
    let has_content = (i..=l).filter_map(|k| ws.get(k)).any(|w| {
        w.cap
            || !matches!(
                w.lower.as_str(),
                "of" | "the" | "to" | "for" | "at" | "on" | "a" | "an"
            )
    });
    (has_content && plausible_speaker(text, span)).then_some((span, l + 1))
}

const PREPOSITIONS: &[&str] = &[
    "on", "at", "in", "for", "to", "with", "of", "from", "by", "since", "until", "after", "before",
    "during", "about", "over", "into",
];

const TIME_WORDS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "tomorrow",
    "morning",
    "evening",
    "night",
    "week",
    "month",
    "year",
    "day",
    "weekend",
    "earlier",
    "later",
    "last",
    "next",
    "this",
    "on",
    "the",
    "of",
    "in",
    "at",
];

/// A phrase that can be a speaker: not a prepositional or time phrase
/// ("on April", "Saturday") and not ending in a participle or number
/// ("the two neighbouring").
pub(crate) fn plausible_speaker(text: &str, span: Span) -> bool {
    let ws = words(text, span);
    let (Some(first), Some(last)) = (ws.first(), ws.last()) else {
        return false;
    };
    if PREPOSITIONS.contains(&first.lower.as_str()) {
        return false;
    }
    if ws.iter().all(|w| {
        TIME_WORDS.contains(&w.lower.as_str()) || w.lower.chars().all(|c| c.is_ascii_digit())
    }) {
        return false;
    }
    if !last.cap
        && !PRONOUNS.contains(&last.lower.as_str())
        && !NP_WORDS.contains(&last.lower.as_str())
        && (last.lower.ends_with("ing")
            || last.lower.chars().all(|c| c.is_ascii_digit())
            || matches!(
                last.lower.as_str(),
                "two" | "three" | "four" | "five" | "both" | "all" | "each" | "such" | "same"
            ))
    {
        return false;
    }
    true
}

/// Words like "states", "reports", "claims" that are nouns after a
/// determiner or adjective ("the two neighbouring states").
pub(crate) fn noun_reading(ws: &[W], i: usize) -> bool {
    let Some(w) = ws.get(i) else { return false };
    let ambiguous = matches!(
        w.lower.as_str(),
        "reports"
            | "claims"
            | "states"
            | "notes"
            | "promises"
            | "vows"
            | "fears"
            | "hopes"
            | "calls"
            | "demands"
            | "pledges"
            | "doubts"
    );
    if !ambiguous {
        return false;
    }
    let Some(p) = i.checked_sub(1).and_then(|k| ws.get(k)) else {
        return false;
    };
    if p.cap || PRONOUNS.contains(&p.lower.as_str()) || BETWEEN.contains(&p.lower.as_str()) {
        return false;
    }
    // "the official states": a role noun before is the subject
    if NP_WORDS.contains(&p.lower.as_str())
        && !matches!(
            p.lower.as_str(),
            "the"
                | "a"
                | "an"
                | "his"
                | "her"
                | "their"
                | "its"
                | "our"
                | "two"
                | "three"
                | "several"
                | "some"
                | "one"
                | "many"
                | "most"
                | "other"
                | "of"
                | "to"
                | "for"
                | "at"
                | "on"
                | "with"
                | "member"
                | "state"
                | "news"
                | "union"
                | "world"
                | "national"
                | "international"
                | "federal"
                | "regional"
                | "local"
                | "security"
                | "military"
                | "foreign"
                | "senior"
                | "former"
        )
    {
        return false;
    }
    true
}

/// A speaker noun phrase ending just before word `i` (skipping adverbs and
/// a comma-delimited aside: "Voss, answering a question, said").
pub(crate) fn np_backward(text: &str, ws: &[W], i: usize, floor: usize) -> Option<Span> {
    let mut k = i;
    // skip auxiliaries/adverbs
    while k > floor
        && ws
            .get(k - 1)
            .is_some_and(|w| BETWEEN.contains(&w.lower.as_str()))
        && ws.get(k - 1).zip(ws.get(k)).is_some_and(|(a, b)| {
            text.get(a.end..b.start)
                .is_some_and(|g| g.trim().is_empty())
        })
    {
        k -= 1;
    }
    if k <= floor {
        return None;
    }
    let prev = ws.get(k - 1)?;
    let cur_start = ws.get(k).map(|w| w.start).unwrap_or(prev.end);
    let g = text.get(prev.end..cur_start).unwrap_or("");
    let closer = g.trim();
    if matches!(closer, "," | "-" | "—" | "–") {
        // find the comma (or dash) opening the aside
        let mut m = k - 1;
        while m > floor && k - m < 25 {
            let a = ws.get(m - 1)?;
            let b = ws.get(m)?;
            if text.get(a.end..b.start).is_some_and(|g| g.trim() == closer) {
                let before = np_end_at(text, ws, m, floor);
                // apposition: "the spokesman of the Office, Anna Berg, said"
                let aside: Vec<&W> = (m..k).filter_map(|x| ws.get(x)).collect();
                let name_aside = !aside.is_empty()
                    && aside.len() <= 4
                    && aside.iter().all(|w| w.cap)
                    && aside.windows(2).all(|p| {
                        p.first()
                            .zip(p.get(1))
                            .is_some_and(|(x, y)| gap_ok(text, x, y))
                    });
                let det_before = before.is_some_and(|sp| {
                    words(text, sp).first().is_some_and(|w| {
                        matches!(w.lower.as_str(), "the" | "a" | "an" | "his" | "her" | "its")
                    })
                });
                if name_aside && (det_before || aside.len() >= 2) {
                    if let (Some(f), Some(l)) = (aside.first(), aside.last()) {
                        return Some(Span::new(f.start, l.end));
                    }
                }
                return before;
            }
            m -= 1;
        }
        return None;
    }
    // a parenthesis before the verb: "Sen. Anna Berg (D-Ore.) said"
    if closer.ends_with(')') {
        let mut m = k - 1;
        while m > floor && k - m < 12 {
            let a = ws.get(m - 1)?;
            let b = ws.get(m)?;
            if text.get(a.end..b.start).is_some_and(|g| g.contains('(')) {
                return np_end_at(text, ws, m, floor);
            }
            m -= 1;
        }
        return None;
    }
    if !g.chars().all(char::is_whitespace) {
        return None;
    }
    np_end_at(text, ws, k, floor)
}

/// Words that end a subject phrase read backwards from a verb.
const SUBJECT_STOP: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "that", "which", "what", "when", "where", "whether",
    "if", "because", "as", "while", "since", "although", "though", "but", "so", "than", "then",
    "there", "it", "this", "these", "those", "to", "by", "not", "would", "will", "can", "could",
    "should", "may", "might", "must", "do", "does", "did", "i", "you", "we", "him", "them", "us",
    "me",
];

/// A looser subject before the verb at `ws[i]`, used when [`np_backward`]
/// finds no speaker phrase: the run of words back to a clause boundary
/// ("Experts on North Korea and nuclear nonproliferation said …",
/// "Connecticut's tax commissioner says …").
pub(crate) fn subject_fallback(text: &str, ws: &[W], i: usize) -> Option<Span> {
    let mut k = i;
    while k > 0
        && ws
            .get(k - 1)
            .is_some_and(|w| BETWEEN.contains(&w.lower.as_str()) || w.lower.ends_with("ly"))
        && ws
            .get(k - 1)
            .zip(ws.get(k))
            .is_some_and(|(a, b)| gap_ok(text, a, b))
    {
        k -= 1;
    }
    let last = ws.get(k.checked_sub(1)?)?;
    if ws
        .get(k)
        .is_some_and(|b| !gap_ok(text, last, b) && text.get(last.end..b.start).is_some())
        && text
            .get(last.end..ws.get(k).map_or(last.end, |b| b.start))
            .is_some_and(|g| !g.trim().is_empty())
    {
        return None;
    }
    let mut s = k - 1;
    loop {
        let w = ws.get(s)?;
        if SUBJECT_STOP.contains(&w.lower.as_str()) || is_verb(&w.lower) {
            s += 1;
            break;
        }
        if s == 0 || k - s >= 10 {
            break;
        }
        let p = ws.get(s - 1)?;
        if !gap_ok(text, p, w) {
            break;
        }
        s -= 1;
    }
    // drop leading prepositions, time words and sentence adverbs
    while s < k
        && ws.get(s).is_some_and(|w| {
            PREPOSITIONS.contains(&w.lower.as_str())
                || LEADERS.contains(&w.lower.as_str())
                || TIME_WORDS.contains(&w.lower.as_str())
                || w.lower == "and"
        })
    {
        s += 1;
    }
    if s >= k {
        return None;
    }
    let span = Span::new(ws.get(s)?.start, last.end);
    let first = ws.get(s)?;
    // a bare lower-case verb phrase ("voters in Ohio overwhelmingly") is fine,
    // but a lone function word or a participle is not a speaker
    (plausible_speaker(text, span)
        && (first.cap
            || k - s >= 2
            || NP_WORDS.contains(&first.lower.as_str())
            || first.lower.ends_with('s')))
    .then_some(span)
}

/// The noun phrase whose last word is `ws[k-1]`, when it can be a speaker.
fn np_end_at(text: &str, ws: &[W], k: usize, floor: usize) -> Option<Span> {
    np_end_at_any(text, ws, k, floor).filter(|s| plausible_speaker(text, *s))
}

fn np_end_at_any(text: &str, ws: &[W], k: usize, floor: usize) -> Option<Span> {
    let last = ws.get(k.checked_sub(1)?)?;
    if PRONOUNS.contains(&last.lower.as_str()) {
        return Some(Span::new(last.start, last.end));
    }
    if !(last.cap || NP_WORDS.contains(&last.lower.as_str())) {
        return common_np(text, ws, k, floor);
    }
    if matches!(
        last.lower.as_str(),
        "of" | "the" | "to" | "for" | "at" | "on" | "a" | "an" | "with" | "who" | "told"
    ) {
        return None;
    }
    let mut s = k - 1;
    while s > floor && k - s < 9 {
        let p = ws.get(s - 1)?;
        let c = ws.get(s)?;
        if !gap_ok(text, p, c) {
            break;
        }
        // "the ambassador of Valdoria in Ostrenia"
        let located_in = p.lower == "in"
            && c.cap
            && s >= 2
            && ws
                .get(s - 2)
                .is_some_and(|pp| pp.cap && gap_ok(text, pp, p));
        if (p.cap || NP_WORDS.contains(&p.lower.as_str()) || located_in) && !is_verb(&p.lower) {
            s -= 1;
        } else {
            break;
        }
    }
    // drop leading prepositions and sentence adverbs
    while s < k - 1
        && ws.get(s).is_some_and(|w| {
            matches!(w.lower.as_str(), "of" | "to" | "for" | "at" | "on" | "with")
                || LEADERS.contains(&w.lower.as_str())
                || (w.cap && TIME_WORDS.iter().take(19).any(|t| *t == w.lower))
        })
    {
        s += 1;
    }
    Some(Span::new(ws.get(s)?.start, last.end))
}

const FUNCTION: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "not", "and", "or", "but",
    "that", "which", "who", "this", "it", "in", "on", "at", "to", "of", "for", "with", "by",
    "from", "as", "if", "than", "then", "so", "very", "also", "would", "will", "can", "could",
];

/// A common-noun phrase ending at `ws[k-1]` introduced by a determiner:
/// "the Democratic presidential nominee", "a campaign aide".
fn common_np(text: &str, ws: &[W], k: usize, floor: usize) -> Option<Span> {
    let last = ws.get(k.checked_sub(1)?)?;
    if FUNCTION.contains(&last.lower.as_str()) || last.lower.ends_with("ly") || is_verb(&last.lower)
    {
        return None;
    }
    let mut s = k - 1;
    for _ in 0..5 {
        if s <= floor {
            return None;
        }
        let p = ws.get(s - 1)?;
        let c = ws.get(s)?;
        if !gap_ok(text, p, c) {
            return None;
        }
        s -= 1;
        if matches!(
            p.lower.as_str(),
            "the" | "a" | "an" | "his" | "her" | "their" | "its" | "our"
        ) {
            return Some(Span::new(p.start, last.end));
        }
        if FUNCTION.contains(&p.lower.as_str()) || is_verb(&p.lower) {
            return None;
        }
    }
    None
}

/// Attribution found next to a quote or in a sentence.
#[derive(Debug, Clone)]
pub(crate) struct Attr {
    pub speaker: Option<Span>,
    pub cue: Span,
    pub outlet: Option<Span>,
    pub conf: f32,
}

/// Attribution right after a closing quote: `, he said`, `— said X`, `X told reporters`.
pub(crate) fn after_quote(text: &str, from: usize, to: usize) -> Option<Attr> {
    let s = text.get(from..to)?;
    // allow only punctuation/dashes before the first word
    let lead = s.find(|c: char| c.is_alphanumeric())?;
    let lead_s = s.get(..lead)?;
    if !lead_s
        .chars()
        .all(|c| c.is_whitespace() || ",.!?—–-―:;»”\"’'".contains(c))
    {
        return None;
    }
    let ws = words(text, Span::new(from, to));
    // a signature line: "“…” ― Anna Berg" / "”— Anna Berg, teacher"
    if let Some(d) = lead_s.find(['—', '―', '–']) {
        let rest = s.get(lead..).unwrap_or("").trim_end();
        let name: Vec<&W> = ws.iter().take_while(|w| w.cap).collect();
        let tail = rest
            .get(name.last().map_or(0, |w| w.end - from - lead)..)
            .unwrap_or("");
        let tail_ok =
            tail.trim().is_empty() || tail.trim() == "." || tail.trim_start().starts_with(',');
        if (1..=5).contains(&name.len()) && tail_ok && cue_at(&ws, 0).is_none() {
            let dash = from + d;
            let dlen = s
                .get(d..)
                .and_then(|x| x.chars().next())
                .map_or(1, char::len_utf8);
            if let (Some(f), Some(l)) = (name.first(), name.last()) {
                return Some(Attr {
                    speaker: Some(Span::new(f.start, l.end)),
                    cue: Span::new(dash, dash + dlen),
                    outlet: None,
                    conf: 0.7,
                });
            }
        }
    }
    // verb first: "said Caddell", "— said the Kremlin spokesman"
    if let Some(e) = cue_at(&ws, 0) {
        let cue = Span::new(ws.first()?.start, ws.get(e - 1)?.end);
        let sp = np_forward(text, &ws, e).map(|(s, _)| s);
        return Some(Attr {
            speaker: sp,
            cue,
            outlet: None,
            conf: 0.9,
        });
    }
    // speaker first: "he said", "the official said", "Vierling told a news conference"
    let Some((mut sp, mut e)) = np_forward(text, &ws, 0) else {
        // a looser subject: "panel Chairman Rep. Anna Berg (D-Ore.) said"
        let k = (1..ws.len().min(16)).find(|&k| {
            cue_at(&ws, k).is_some()
                && ws.get(..k).is_some_and(|pre| {
                    pre.iter().all(|w| {
                        !is_verb(&w.lower)
                            && !matches!(w.lower.as_str(), "is" | "was" | "are" | "were")
                    })
                })
        })?;
        let sp = np_backward(text, &ws, k, 0).or_else(|| subject_fallback(text, &ws, k))?;
        let ce = cue_at(&ws, k)?;
        return Some(Attr {
            speaker: Some(sp),
            cue: Span::new(ws.get(k)?.start, ws.get(ce - 1)?.end),
            outlet: None,
            conf: 0.8,
        });
    };
    // apposition: "the presidential spokesman, Anna Berg, said"
    if cue_at(&ws, e).is_none() {
        if let Some((sp2, e2)) = np_forward(text, &ws, e) {
            let comma_before = ws
                .get(e.wrapping_sub(1))
                .zip(ws.get(e))
                .is_some_and(|(a, b)| text.get(a.end..b.start).is_some_and(|g| g.trim() == ","));
            let comma_after = ws
                .get(e2.wrapping_sub(1))
                .zip(ws.get(e2))
                .is_some_and(|(a, b)| text.get(a.end..b.start).is_some_and(|g| g.trim() == ","));
            if comma_before && comma_after && cue_at(&ws, e2).is_some() {
                let det = |x: Span| {
                    words(text, x).first().is_some_and(|w| {
                        matches!(w.lower.as_str(), "the" | "a" | "an" | "his" | "her" | "its")
                    })
                };
                let named = words(text, sp2).iter().any(|w| w.cap);
                if named && det(sp) && !det(sp2) {
                    sp = sp2;
                }
                e = e2;
            }
        }
    }
    let mut k = e;
    while ws
        .get(k)
        .is_some_and(|w| BETWEEN.contains(&w.lower.as_str()))
        && k < e + 2
    {
        k += 1;
    }
    // several asides: "X, the attorney general of Y, one of the states suing, said"
    if cue_at(&ws, k).is_none() {
        let comma_after_np = ws
            .get(e.wrapping_sub(1))
            .zip(ws.get(e))
            .is_some_and(|(a, b)| text.get(a.end..b.start).is_some_and(|g| g.trim() == ","));
        if comma_after_np {
            k = (e + 1..ws.len().min(e + 30)).find(|&j| {
                cue_at(&ws, j).is_some()
                    && ws.get(j - 1).zip(ws.get(j)).is_some_and(|(a, b)| {
                        text.get(a.end..b.start).is_some_and(|g| g.trim() == ",")
                    })
            })?;
        }
    }
    let ce = cue_at(&ws, k)?;
    let cue = Span::new(ws.get(k)?.start, ws.get(ce - 1)?.end);
    let outlet = outlet_after(text, &ws, ce);
    Some(Attr {
        speaker: Some(sp),
        cue,
        outlet,
        conf: 0.9,
    })
}

/// "told Reuters", "in an interview with TASS": the outlet noun phrase.
pub(crate) fn outlet_after(text: &str, ws: &[W], i: usize) -> Option<Span> {
    let prev = ws.get(i.checked_sub(1)?)?;
    if !matches!(prev.lower.as_str(), "told" | "with" | "to") {
        return None;
    }
    let (sp, _) = np_forward(text, ws, i)?;
    let surface = sp.slice(text);
    let known = newsline_entities::known_organization(surface).is_some()
        || (prev.lower == "told"
            && surface
                .trim_start_matches("the ")
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
            && !PRONOUNS.contains(&surface.to_lowercase().as_str()));
    let looks = surface.split_whitespace().any(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "agency"
                | "news"
                | "newspaper"
                | "tv"
                | "television"
                | "radio"
                | "times"
                | "post"
                | "daily"
        )
    });
    let upper = surface
        .trim_start_matches("the ")
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    ((known || looks) && upper).then_some(sp)
}

/// Attribution ending right before an opening quote: `the official replied:`, `X said,`.
pub(crate) fn before_quote(text: &str, from: usize, to: usize) -> Option<Attr> {
    let s = text.get(from..to)?;
    let t = s.trim_end();
    let ends_colon = t.ends_with(':');
    let ends_comma = t.ends_with(',');
    let ends_that = t.to_lowercase().ends_with(" that") || t.to_lowercase().ends_with(" as");
    if !(ends_colon || ends_comma || ends_that) {
        return None;
    }
    let ws = words(text, Span::new(from, to));
    // last cue in the clause
    let n = ws.len();
    for i in (0..n).rev() {
        if n - i > 14 {
            break;
        }
        let Some(e) = cue_at(&ws, i) else { continue };
        let cue = Span::new(ws.get(i)?.start, ws.get(e - 1)?.end);
        let sp = np_backward(text, &ws, i, 0).or_else(|| np_forward(text, &ws, e).map(|(s, _)| s));
        let conf = if ends_colon { 0.85 } else { 0.8 };
        let outlet = outlet_after(text, &ws, e);
        return Some(Attr {
            speaker: sp,
            cue,
            outlet,
            conf,
        });
    }
    None
}
