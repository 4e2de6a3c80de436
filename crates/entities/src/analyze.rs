//! Per-article entity recognition and in-article coreference.

use std::collections::HashMap;

use newsline_model::{Entity, EntityType, Mention, MentionKind, Role, Span};

use crate::lexicon::{
    pronoun_gender, role_class, role_gender, Gender, HONORIFICS, LEX, NOT_NAME, ORG_CUES,
    PLACE_CUES, ROLE_MODIFIERS, SPEECH_VERBS, STOP,
};
use crate::slug::slug;
use crate::tokens::{gap, tight, tokenize, Tok};

/// Entities of one article plus a per-mention lookup.
#[derive(Debug, Clone, Default)]
pub struct EntityAnalysis {
    entities: Vec<Entity>,
    /// (span, entity index, kind), sorted by span start.
    index: Vec<(Span, usize, MentionKind)>,
    /// Salience of each index entry (speaker 3, subject 2, other 0).
    salience: Vec<i32>,
    /// Byte offsets where sentences start.
    sents: Vec<usize>,
    /// Starts of the tokens inside quotation marks.
    quoted: Vec<usize>,
    genders: Vec<Gender>,
    published: Option<String>,
}

/// Token category inside a capitalised run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cat {
    Given,
    Title,
    Honorific,
    Gaz,
    Demonym,
    Connector,
    OrgCue,
    Unknown,
    NotName,
}

/// A name found by the recogniser, before grouping.
#[derive(Debug, Clone)]
struct Cand {
    span: Span,
    etype: EntityType,
    /// Canonical form (gazetteer name or surface text).
    name: String,
    /// Number of name words (persons).
    words: usize,
    /// Lower-cased last word (persons).
    surname: String,
    gender: Gender,
    role: Option<String>,
    /// For single unknown words: only a person if context says so.
    weak: bool,
    /// A given name used alone.
    given_only: bool,
    /// The tagger's type for a weak candidate, used when the rules leave it open.
    hint: Option<EntityType>,
}

impl Cand {
    /// A plain named candidate: no person details, no role, not a guess.
    fn named(span: Span, etype: EntityType, name: String, words: usize) -> Cand {
        Cand {
            span,
            etype,
            name,
            words,
            surname: String::new(),
            gender: Gender::Unknown,
            role: None,
            weak: false,
            given_only: false,
            hint: None,
        }
    }
}

/// Working state while building entities.
#[derive(Default)]
struct Builder {
    entities: Vec<Entity>,
    genders: Vec<Gender>,
    by_id: HashMap<String, usize>,
    index: Vec<(Span, usize, MentionKind)>,
}

impl Builder {
    fn entity(&mut self, id: String, name: &str, etype: EntityType, gender: Gender) -> usize {
        if let Some(&i) = self.by_id.get(&id) {
            return i;
        }
        let i = self.entities.len();
        self.by_id.insert(id.clone(), i);
        self.entities.push(Entity {
            id,
            name: name.to_string(),
            etype,
            aliases: Vec::new(),
            roles: Vec::new(),
            mentions: Vec::new(),
        });
        self.genders.push(gender);
        i
    }

    fn mention(&mut self, e: usize, span: Span, kind: MentionKind, surface: &str) {
        let persons = &self.entities;
        if self.index.iter().any(|(s, x, _)| {
            s.overlaps(&span)
                && (*s == span
                    || persons
                        .get(*x)
                        .is_some_and(|p| p.etype == EntityType::Person)
                    || persons
                        .get(e)
                        .is_some_and(|p| p.etype != EntityType::Person))
        }) {
            return;
        }
        let pos = self.index.partition_point(|(s, _, _)| s.start < span.start);
        self.index.insert(pos, (span, e, kind));
        if let Some(ent) = self.entities.get_mut(e) {
            ent.mentions.push(Mention { span, kind });
            if kind == MentionKind::Name
                && surface != ent.name
                && !ent.aliases.iter().any(|a| a == surface)
            {
                ent.aliases.push(surface.to_string());
            }
        }
    }

    fn role(&mut self, e: usize, title: &str, date: Option<&str>) {
        if let Some(ent) = self.entities.get_mut(e) {
            if !ent.roles.iter().any(|r| r.title == title) {
                ent.roles.push(Role {
                    title: title.to_string(),
                    date: date.map(str::to_string),
                });
            }
        }
        if let Some(g) = self.genders.get_mut(e) {
            if *g == Gender::Unknown {
                *g = title
                    .split_whitespace()
                    .map(role_gender)
                    .find(|g| *g != Gender::Unknown)
                    .unwrap_or(Gender::Unknown);
            }
        }
    }
}

const CONNECTORS: &[&str] = &[
    "of", "the", "to", "for", "on", "de", "von", "van", "der", "al", "bin", "du", "la", "le",
    "del", "da", "di", "and",
];

fn is_title(lower: &str) -> bool {
    role_class(lower).is_some()
        || matches!(
            lower,
            "foreign"
                | "press"
                | "prime"
                | "deputy"
                | "vice"
                | "national"
                | "security"
                | "defence"
                | "defense"
                | "interior"
                | "finance"
                | "presidential"
                | "chief"
                | "senior"
                | "first"
                | "special"
                | "acting"
                | "former"
                | "secretary-general"
        )
}

fn categorize(t: &Tok) -> Cat {
    let w = t.lower.as_str();
    if HONORIFICS.contains(w) {
        return Cat::Honorific;
    }
    if CONNECTORS.contains(&w) && !t.cap {
        return Cat::Connector;
    }
    if LEX.given.contains_key(w) {
        return Cat::Given;
    }
    if LEX.demonyms.contains_key(w) {
        return Cat::Demonym;
    }
    if LEX.gazetteer.contains_key(w) {
        return Cat::Gaz;
    }
    if ORG_CUES.contains(w) {
        return Cat::OrgCue;
    }
    if is_title(w) {
        return Cat::Title;
    }
    if NOT_NAME.contains(w) || STOP.contains(w) {
        return Cat::NotName;
    }
    Cat::Unknown
}

fn is_speech_verb_at(toks: &[Tok], i: usize) -> bool {
    // "X said", "X has said", "X later told", "X also said"
    for k in i..(i + 3).min(toks.len()) {
        let Some(t) = toks.get(k) else { break };
        if SPEECH_VERBS.contains(t.lower.as_str())
            && !matches!(
                t.lower.as_str(),
                "according" | "reported" | "announced" | "called"
            )
        {
            return true;
        }
        if !matches!(
            t.lower.as_str(),
            "has"
                | "had"
                | "have"
                | "also"
                | "later"
                | "earlier"
                | "then"
                | "again"
                | "further"
                | "reportedly"
                | "previously"
                | "once"
                | "will"
                | "would"
        ) {
            return false;
        }
    }
    false
}

fn is_acronym(text: &str, t: &Tok) -> bool {
    text.get(t.start..t.end)
        .is_some_and(|w| w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase() || c == '.'))
}

fn title_case(s: &str) -> String {
    s.to_string()
}

/// Normalises a role phrase to lower case with single spaces.
fn norm_role(s: &str) -> String {
    let s = s.replace('’', "'").to_lowercase();
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut start = 0;
    while words
        .get(start)
        .is_some_and(|w| matches!(*w, "the" | "a" | "an" | "of" | "to" | "and"))
    {
        start += 1;
    }
    words.get(start..).map(|w| w.join(" ")).unwrap_or_default()
}

/// Role phrase right before token `i` ("Kremlin spokesman", "US Ambassador to Russia").
fn role_before(text: &str, toks: &[Tok], i: usize) -> Option<String> {
    let first = toks.get(i)?;
    let mut k = i;
    let mut has_head = false;
    let mut start_tok = None;
    let mut comma_used = false;
    let mut count = 0;
    while k > 0 && count < 10 {
        let prev = toks.get(k - 1)?;
        let cur = toks.get(k)?;
        let g = gap(text, prev, cur);
        let ok_gap = tight(text, prev, cur, true)
            || (!comma_used && g.trim() == "," && k == i && !prev.possessive);
        if !ok_gap {
            break;
        }
        if g.trim() == "," {
            comma_used = true;
        }
        let w = prev.lower.as_str();
        let usable = role_class(w).is_some()
            || ROLE_MODIFIERS.contains(w)
            || (prev.cap
                && (!STOP.contains(w) || is_acronym(text, prev))
                && categorize(prev) != Cat::Given)
            || LEX.demonyms.contains_key(w);
        if !usable {
            break;
        }
        if role_class(w).is_some() {
            has_head = true;
        }
        if has_head || role_class(w).is_some() {
            start_tok = Some(k - 1);
        }
        k -= 1;
        count += 1;
    }
    let _ = first;
    if !has_head {
        return None;
    }
    let s = toks.get(start_tok?)?;
    // end: the last role-head-bearing token before the person (skip comma)
    let mut end_tok = i - 1;
    while end_tok > start_tok?
        && toks
            .get(end_tok)
            .is_some_and(|t| role_class(&t.lower).is_none() && !t.cap)
    {
        end_tok -= 1;
    }
    let e = toks.get(end_tok)?;
    let phrase = text.get(s.start..e.end)?;
    let r = norm_role(phrase);
    (!r.is_empty()).then_some(r)
}

/// Role phrase after a person: ", a senior fellow at the X Institute".
fn role_after(text: &str, toks: &[Tok], end: usize) -> Option<String> {
    let last = toks.get(end.checked_sub(1)?)?;
    let next = toks.get(end)?;
    if gap(text, last, next).trim() != "," || last.possessive {
        return None;
    }
    let mut k = end;
    let mut head = None;
    while k < toks.len() && k < end + 7 {
        let t = toks.get(k)?;
        if k > end && !tight(text, toks.get(k - 1)?, t, true) {
            break;
        }
        let w = t.lower.as_str();
        if role_class(w).is_some() {
            head = Some(k);
        } else if !(ROLE_MODIFIERS.contains(w) || matches!(w, "a" | "an") || t.cap) {
            break;
        }
        if head.is_some()
            && !matches!(
                toks.get(k + 1).map(|t| t.lower.as_str()),
                Some("of" | "at" | "to" | "for" | "in")
            )
            && head == Some(k)
        {
            // maybe extension follows
        }
        k += 1;
    }
    let h = head?;
    // extend "of/at/to the <Caps>" after the head
    let mut e = h;
    let mut j = h + 1;
    while let (Some(p), Some(t)) = (toks.get(j - 1), toks.get(j)) {
        if !tight(text, p, t, true) {
            break;
        }
        if t.cap || matches!(t.lower.as_str(), "of" | "at" | "to" | "for" | "the" | "on") {
            if t.cap {
                e = j;
            }
            j += 1;
        } else {
            break;
        }
        if j > h + 8 {
            break;
        }
    }
    let s = toks.get(end)?;
    let et = toks.get(e)?;
    let r = norm_role(text.get(s.start..et.end)?);
    (!r.is_empty()).then_some(r)
}

/// Recognises candidate names in the text.
fn recognise(text: &str, toks: &[Tok]) -> Vec<Cand> {
    let mut cands = Vec::new();
    let n = toks.len();
    let mut i = 0;
    while i < n {
        let Some(t) = toks.get(i) else { break };
        let starts =
            t.cap && !(t.initial && STOP.contains(t.lower.as_str()) && !gaz_starts(toks, i));
        if !starts {
            i += 1;
            continue;
        }
        // build the run
        let mut j = i + 1;
        while j < n {
            let (Some(p), Some(c)) = (toks.get(j - 1), toks.get(j)) else {
                break;
            };
            if !tight(text, p, c, false) {
                break;
            }
            if c.cap {
                j += 1;
                continue;
            }
            // connector followed by a capitalised word (possibly after "the")
            let conn_ok = match c.lower.as_str() {
                "of" | "de" | "von" | "van" | "der" | "al" | "bin" | "du" | "del" | "da" | "di" => {
                    true
                }
                "to" | "for" => is_title(&p.lower) || ORG_CUES.contains(p.lower.as_str()),
                "on" => {
                    ORG_CUES.contains(p.lower.as_str())
                        && toks
                            .get(j + 1)
                            .is_some_and(|x| !NOT_NAME.contains(x.lower.as_str()))
                }
                "the" => p.lower == "of",
                _ => false,
            };
            let next_cap = toks.get(j + 1).is_some_and(|x| {
                (x.cap || (x.lower == "the" && toks.get(j + 2).is_some_and(|y| y.cap)))
                    && tight(text, c, x, false)
            });
            if conn_ok && next_cap {
                j += 1;
            } else {
                break;
            }
        }
        classify_run(text, toks, i, j, &mut cands);
        i = j.max(i + 1);
    }
    cands
}

fn gaz_starts(toks: &[Tok], i: usize) -> bool {
    // "The Hague", "The New York Times"
    let mut key = String::new();
    for k in i..(i + LEX.max_words).min(toks.len()) {
        let Some(t) = toks.get(k) else { break };
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&t.lower);
        if k > i && LEX.gazetteer.contains_key(&key) {
            return true;
        }
    }
    false
}

/// Longest gazetteer match starting at `i` inside `[i, end)`.
fn gaz_match(
    toks: &[Tok],
    i: usize,
    end: usize,
) -> Option<(usize, &'static crate::lexicon::GazEntry)> {
    let mut key = String::new();
    let mut best = None;
    for k in i..(i + LEX.max_words).min(end) {
        let t = toks.get(k)?;
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&t.lower);
        if let Some(e) = LEX.gazetteer.get(&key) {
            best = Some((k + 1 - i, e));
        }
    }
    best
}

fn span_of(toks: &[Tok], a: usize, b: usize) -> Option<Span> {
    Some(Span::new(
        toks.get(a)?.start,
        toks.get(b.checked_sub(1)?)?.end,
    ))
}

fn classify_run(text: &str, toks: &[Tok], a: usize, b: usize, out: &mut Vec<Cand>) {
    let cats: Vec<Cat> = (a..b).filter_map(|k| toks.get(k)).map(categorize).collect();
    let cat = |k: usize| cats.get(k - a).copied().unwrap_or(Cat::NotName);
    let name_like = |k: usize| {
        toks.get(k).is_some_and(|t| t.cap) && matches!(cat(k), Cat::Unknown | Cat::Given)
    };
    let mut segs: Vec<(usize, usize)> = Vec::new();
    let mut seg_start = a;
    let mut i = a;
    while i < b {
        let c = cat(i);
        // Given name + surname(s)
        if c == Cat::Given && i + 1 < b && name_like(i + 1) {
            let mut e = i + 1;
            while e < b && e < i + 4 && name_like(e) {
                e += 1;
            }
            // "Joe Biden Administration": the org cue after makes it an org
            if e < b && cat(e) == Cat::OrgCue {
                i = e + 1;
                continue;
            }
            if seg_start < i {
                segs.push((seg_start, i));
            }
            push_person(text, toks, i, e, false, out);
            seg_start = e;
            i = e;
            continue;
        }
        // Title/honorific + unknown surname at the end of the run
        if matches!(c, Cat::Title | Cat::Honorific)
            && (c == Cat::Honorific || toks.get(i).is_some_and(|t| role_class(&t.lower).is_some()))
            && i + 1 < b
            && cat(i + 1) == Cat::Unknown
        {
            let mut e = i + 1;
            while e < b && e < i + 4 && name_like(e) {
                e += 1;
            }
            if e == b || !matches!(cat(e), Cat::OrgCue | Cat::Connector) {
                if seg_start < i + 1 {
                    segs.push((seg_start, i + 1));
                }
                push_person(text, toks, i + 1, e, false, out);
                seg_start = e;
                i = e;
                continue;
            }
        }
        i += 1;
    }
    if seg_start < b {
        segs.push((seg_start, b));
    }
    for (s, e) in segs {
        classify_segment(text, toks, s, e, &cats, a, out);
    }
}

fn push_person(text: &str, toks: &[Tok], s: usize, e: usize, weak: bool, out: &mut Vec<Cand>) {
    let Some(span) = span_of(toks, s, e) else {
        return;
    };
    let surface = span.slice(text).to_string();
    let gender = toks
        .get(s)
        .and_then(|t| LEX.given.get(&t.lower).copied())
        .filter(|_| e - s >= 2)
        .unwrap_or(Gender::Unknown);
    let role = role_before(text, toks, s).or_else(|| role_after(text, toks, e));
    out.push(Cand {
        span,
        etype: EntityType::Person,
        name: surface,
        words: e - s,
        surname: toks.get(e - 1).map(|t| t.lower.clone()).unwrap_or_default(),
        gender,
        role,
        weak,
        given_only: false,
        hint: None,
    });
}

fn classify_segment(
    text: &str,
    toks: &[Tok],
    s: usize,
    e: usize,
    cats: &[Cat],
    a: usize,
    out: &mut Vec<Cand>,
) {
    let cat = |k: usize| cats.get(k - a).copied().unwrap_or(Cat::NotName);
    // strip leading stop words (unless a gazetteer entry starts there)
    let mut s = s;
    while s < e
        && toks.get(s).is_some_and(|t| STOP.contains(t.lower.as_str()))
        && gaz_match(toks, s, e).is_none_or(|(l, _)| l < 2)
    {
        s += 1;
    }
    if e > s && cat(e - 1) == Cat::Connector {
        return classify_segment(text, toks, s, e - 1, cats, a, out);
    }
    if s >= e {
        return;
    }
    let has_org = (s..e).any(|k| cat(k) == Cat::OrgCue);
    let has_place = (s..e).any(|k| {
        toks.get(k)
            .is_some_and(|t| PLACE_CUES.contains(t.lower.as_str()))
            && cat(k) != Cat::OrgCue
    });
    if let Some((len, entry)) = gaz_match(toks, s, e) {
        if s + len == e || !has_org {
            if let Some(span) = span_of(toks, s, s + len) {
                out.push(Cand::named(span, entry.etype, entry.canonical.clone(), len));
            }
            if s + len < e {
                classify_segment(text, toks, s + len, e, cats, a, out);
            }
            return;
        }
    }
    if has_org {
        // drop trailing role heads ("Committee Chairman")
        let mut end = e;
        while end > s + 1 && cat(end - 1) == Cat::Title {
            end -= 1;
        }
        // leading titles are roles, not part of the org ("Foreign Minister" before nothing)
        if let Some(span) = span_of(toks, s, end) {
            let name = title_case(span.slice(text));
            out.push(Cand::named(span, EntityType::Organization, name, end - s));
        }
        return;
    }
    // No org cue: demonyms and unknown sequences.
    let mut k = s;
    while k < e {
        if let Some((len, entry)) = gaz_match(toks, k, e) {
            if let Some(span) = span_of(toks, k, k + len) {
                out.push(Cand::named(span, entry.etype, entry.canonical.clone(), len));
            }
            k += len;
            continue;
        }
        match cat(k) {
            Cat::Demonym => {
                if let (Some(t), Some(span)) = (toks.get(k), span_of(toks, k, k + 1)) {
                    if let Some(country) = LEX.demonyms.get(&t.lower) {
                        out.push(Cand::named(span, EntityType::Place, country.clone(), 1));
                    }
                }
                k += 1;
            }
            Cat::Gaz => {
                if let Some((len, _)) = gaz_match(toks, k, e) {
                    classify_segment(text, toks, k, k + len, cats, a, out);
                    k += len;
                } else {
                    k += 1;
                }
            }
            Cat::Unknown | Cat::Given => {
                let mut j = k + 1;
                while j < e && matches!(cat(j), Cat::Unknown | Cat::Given) && j < k + 4 {
                    j += 1;
                }
                let Some(span) = span_of(toks, k, j) else {
                    break;
                };
                let surface = span.slice(text).to_string();
                if has_place {
                    out.push(Cand::named(span, EntityType::Place, surface, j - k));
                } else if j == k + 1
                    && cat(k) == Cat::Given
                    && toks.get(k).is_some_and(|t| {
                        !t.initial
                            || (!STOP.contains(t.lower.as_str())
                                && !NOT_NAME.contains(t.lower.as_str())
                                && !COMMON_WORD_NAMES.contains(&t.lower.as_str()))
                    })
                {
                    out.push(Cand {
                        span,
                        etype: EntityType::Person,
                        name: surface,
                        words: 1,
                        surname: toks.get(k).map(|t| t.lower.clone()).unwrap_or_default(),
                        gender: toks
                            .get(k)
                            .and_then(|t| LEX.given.get(&t.lower).copied())
                            .unwrap_or(Gender::Unknown),
                        role: None,
                        weak: false,
                        given_only: true,
                        hint: None,
                    });
                } else if j < e && cat(j) == Cat::Title {
                    // "Valdorian President …": a modifier of the role
                } else {
                    let role = if k > 0
                        && toks
                            .get(k - 1)
                            .is_some_and(|p| role_class(&p.lower).is_some())
                    {
                        role_before(text, toks, k)
                    } else {
                        None
                    }
                    .or_else(|| role_after(text, toks, j));
                    out.push(Cand {
                        span,
                        etype: EntityType::Other,
                        name: surface,
                        words: j - k,
                        surname: toks.get(j - 1).map(|t| t.lower.clone()).unwrap_or_default(),
                        gender: Gender::Unknown,
                        role,
                        weak: true,
                        given_only: false,
                        hint: None,
                    });
                }
                k = j;
            }
            _ => k += 1,
        }
    }
}

/// A candidate for a name the tagger found over tokens `[a, b)`.
fn model_cand(text: &str, toks: &[Tok], a: usize, b: usize, etype: EntityType) -> Option<Cand> {
    let span = span_of(toks, a, b)?;
    let surface = span.slice(text).to_string();
    if etype == EntityType::Person {
        let mut out = Vec::new();
        push_person(text, toks, a, b, false, &mut out);
        let mut c = out.pop()?;
        c.given_only = b == a + 1
            && toks
                .get(a)
                .is_some_and(|t| LEX.given.contains_key(&t.lower));
        return Some(c);
    }
    let name = match gaz_match(toks, a, b) {
        Some((len, e)) if len == b - a && e.etype == etype => e.canonical.clone(),
        _ => match (b == a + 1).then(|| toks.get(a)).flatten() {
            Some(t) if etype == EntityType::Place && LEX.demonyms.contains_key(&t.lower) => {
                LEX.demonyms.get(&t.lower).cloned().unwrap_or(surface)
            }
            _ => surface,
        },
    };
    Some(Cand {
        span,
        etype,
        name,
        words: b - a,
        surname: String::new(),
        gender: Gender::Unknown,
        role: None,
        weak: false,
        given_only: false,
        hint: None,
    })
}

/// Combines the tagger's names with the rule candidates.
fn merge_model(
    text: &str,
    toks: &[Tok],
    rules: Vec<Cand>,
    tagged: &[(usize, usize, EntityType)],
) -> Vec<Cand> {
    let model: Vec<Cand> = tagged
        .iter()
        .filter_map(|&(a, b, t)| model_cand(text, toks, a, b, t))
        .collect();
    // Measured on GUM dev (see bench/README.md): rules first, the tagger's
    // type for the names the rules only guess at, the tagger alone elsewhere.
    let mut out: Vec<Cand> = Vec::new();
    for mut c in rules {
        if demonym_only(toks, &c) {
            continue;
        }
        if c.weak {
            // tagged names are sorted and disjoint: the first one ending after
            // the candidate's start is the first that can overlap it
            let k = model.partition_point(|m| m.span.end <= c.span.start);
            c.hint = model
                .get(k)
                .filter(|m| m.span.overlaps(&c.span))
                .map(|m| m.etype);
        }
        out.push(c);
    }
    // rule spans by start, with the running maximum of their ends: a span
    // overlaps one of them when some span starting before its end ends after
    // its start
    let mut spans: Vec<Span> = out.iter().map(|c| c.span).collect();
    spans.sort_by_key(|s| (s.start, s.end));
    let max_end: Vec<usize> = spans
        .iter()
        .scan(0usize, |m, s| {
            *m = (*m).max(s.end);
            Some(*m)
        })
        .collect();
    for m in model {
        let k = spans.partition_point(|s| s.start < m.span.end);
        let overlaps = k > 0 && max_end.get(k - 1).is_some_and(|&e| e > m.span.start);
        if !overlaps && !common_initial(toks, &m) && !group_word(toks, &m) {
            out.push(m);
        }
    }
    out
}

/// A single word the tagger took for a person that is a plural of
/// nationality ("Canadians", "Koreans", or an unknown country's "-ians"): a
/// group, not a person. (Lone capitalised titles such as "President" are
/// kept: GUM counts them as named mentions; dropping them cost 1.6 points.)
fn group_word(toks: &[Tok], c: &Cand) -> bool {
    if c.words != 1 || c.etype != EntityType::Person {
        return false;
    }
    tok_index_at(toks, c.span.start)
        .and_then(|i| toks.get(i))
        .is_some_and(|t| t.lower.ends_with("ians") || t.lower.ends_with("eans"))
}

/// A known demonym on its own ("Dutch researchers"): an adjective, not a
/// mention of the country.
fn demonym_only(toks: &[Tok], c: &Cand) -> bool {
    c.words == 1
        && !c.weak
        && tok_index_at(toks, c.span.start)
            .and_then(|i| toks.get(i))
            .is_some_and(|t| {
                LEX.demonyms.contains_key(&t.lower) && !LEX.gazetteer.contains_key(&t.lower)
            })
}

/// A single sentence-initial word that is also a common word ("Will", "Ties").
fn common_initial(toks: &[Tok], c: &Cand) -> bool {
    let Some(t) = tok_index_at(toks, c.span.start).and_then(|i| toks.get(i)) else {
        return false;
    };
    c.words == 1
        && t.initial
        && (STOP.contains(t.lower.as_str())
            || NOT_NAME.contains(t.lower.as_str())
            || COMMON_WORD_NAMES.contains(&t.lower.as_str())
            || t.lower.ends_with('s'))
}

fn tok_index_at(toks: &[Tok], byte: usize) -> Option<usize> {
    toks.binary_search_by(|t| t.start.cmp(&byte)).ok()
}

/// Decides whether weak (unknown) candidates are persons from context.
fn person_context(text: &str, toks: &[Tok], c: &Cand) -> bool {
    if c.role.is_some() {
        return true;
    }
    let Some(first) = tok_index_at(toks, c.span.start) else {
        return false;
    };
    // "the government of X said": X is a place or body, not a person
    if first > 0
        && toks
            .get(first - 1)
            .is_some_and(|p| matches!(p.lower.as_str(), "of" | "in" | "from" | "to" | "the"))
    {
        return false;
    }
    let last = first + c.words.max(1) - 1;
    // "X said", "X, who …, said"
    if toks
        .get(last)
        .zip(toks.get(last + 1))
        .is_some_and(|(l, nx)| tight(text, l, nx, false))
        && is_speech_verb_at(toks, last + 1)
    {
        return true;
    }
    // "said X."
    if first > 0
        && toks.get(first - 1).is_some_and(|p| {
            matches!(
                p.lower.as_str(),
                "said" | "says" | "added" | "asked" | "wrote"
            ) && toks.get(first).is_some_and(|f| tight(text, p, f, false))
        })
    {
        return true;
    }
    // "According to X"
    if first >= 2
        && toks.get(first - 2).is_some_and(|p| p.lower == "according")
        && toks.get(first - 1).is_some_and(|p| p.lower == "to")
    {
        return true;
    }
    false
}

impl EntityAnalysis {
    /// Runs recognition and in-article coreference.
    pub(crate) fn build(text: &str, paragraphs: &[Span], published: Option<&str>) -> Self {
        let toks = tokenize(text);
        let mut cands = recognise(text, &toks);
        if let Some(model) = crate::ner::model() {
            cands = merge_model(text, &toks, cands, &model.tag(text, &toks));
        }
        cands.sort_by_key(|c| (c.span.start, std::cmp::Reverse(c.span.end)));
        let date = published.map(|p| p.get(..10).unwrap_or(p));

        // Decide weak candidates: persons by context, or by a name elsewhere.
        let mut context_person: HashMap<String, bool> = HashMap::new();
        for c in cands.iter().filter(|c| c.weak) {
            if person_context(text, &toks, c) {
                context_person.insert(c.name.clone(), true);
            }
        }
        let person_surnames: Vec<String> = cands
            .iter()
            .filter(|c| {
                c.words >= 2
                    && (c.etype == EntityType::Person || context_person.contains_key(&c.name))
            })
            .map(|c| c.surname.clone())
            .collect();
        let mut locative: HashMap<String, bool> = HashMap::new();
        for c in cands.iter().filter(|c| c.weak) {
            let first = tok_index_at(&toks, c.span.start).unwrap_or(0);
            let last = first + c.words.max(1) - 1;
            // "in Byron's memoirs": a possessor, not a location
            let possessor = toks.get(last).is_some_and(|t| t.possessive)
                || toks.get(last + 1).is_some_and(|t| t.lower == "s")
                || text
                    .get(c.span.end..)
                    .is_some_and(|r| r.trim_start().starts_with(['\'', '’']));
            let motion = |k: usize| {
                toks.get(k).is_some_and(|p| {
                    matches!(
                        p.lower.as_str(),
                        "returned"
                            | "return"
                            | "returning"
                            | "travelled"
                            | "traveled"
                            | "travel"
                            | "flew"
                            | "fly"
                            | "came"
                            | "come"
                            | "invited"
                            | "recalled"
                            | "back"
                            | "arrived"
                            | "moved"
                            | "went"
                            | "go"
                            | "going"
                            | "trip"
                            | "visit"
                            | "journey"
                            | "summoned"
                    )
                })
            };
            let departed = first > 0
                && toks.get(first - 1).is_some_and(|p| {
                    matches!(
                        p.lower.as_str(),
                        "visited" | "visiting" | "departed" | "leaving" | "left" | "toured"
                    )
                });
            let to_place = first > 1
                && toks.get(first - 1).is_some_and(|p| p.lower == "to")
                && motion(first - 2);
            if first > 0
                && !possessor
                && (departed
                    || to_place
                    || toks.get(first - 1).is_some_and(|p| {
                        matches!(
                            p.lower.as_str(),
                            "in" | "from" | "near" | "across" | "outside" | "inside"
                        )
                    }))
            {
                locative.insert(c.name.clone(), true);
            }
        }
        // Countries the lexicon does not know: a demonym-like sibling in the
        // article ("Ostrenia" / "Ostrenian") or a state context ("X's president",
        // "the embassy of X", "the X government").
        let cap_words: std::collections::HashSet<&str> = toks
            .iter()
            .filter(|t| t.cap)
            .map(|t| t.lower.as_str())
            .collect();
        let mut country: HashMap<String, String> = HashMap::new(); // lower name -> surface
        let mut demonym_of: HashMap<String, String> = HashMap::new(); // demonym -> country
        for c in cands.iter().filter(|c| c.weak && c.words == 1) {
            let lower = c.name.to_lowercase();
            let siblings: Vec<String> = demonym_forms(&lower)
                .into_iter()
                .filter(|d| cap_words.contains(d.as_str()))
                .collect();
            if !siblings.is_empty() || (!looks_demonym(&lower) && state_context(text, &toks, c)) {
                country.insert(lower.clone(), c.name.clone());
                for d in siblings {
                    demonym_of.insert(d, c.name.clone());
                }
            }
        }
        for c in cands.iter_mut().filter(|c| c.weak) {
            let lower = c.name.to_lowercase();
            if let Some(cn) = demonym_of.get(&lower) {
                c.etype = EntityType::Place;
                c.name = cn.clone();
                c.weak = false;
                continue;
            }
            let known_surname = c.words == 1 && person_surnames.contains(&c.surname);
            if country.contains_key(&lower) && !known_surname {
                c.etype = EntityType::Place;
                continue;
            }
            // a name used as a location elsewhere ("in Kessgrad") that "said"
            // something is the city's government speaking (metonymy)
            // "In Kessgrad, Orlek's press secretary said": the comma is not an
            // apposition when the name itself follows "in"
            let loc_here = tok_index_at(&toks, c.span.start)
                .and_then(|f| f.checked_sub(1))
                .and_then(|k| toks.get(k))
                .is_some_and(|p| matches!(p.lower.as_str(), "in" | "from"))
                && !text
                    .get(c.span.end..)
                    .is_some_and(|r| r.trim_start().starts_with(['\'', '’']));
            if locative.contains_key(&c.name)
                && (!context_person.contains_key(&c.name)
                    || (c.role.is_none() || loc_here) && !known_surname)
            {
                c.role = None;
                c.etype = EntityType::Place;
                continue;
            }
            if c.words == 1
                && !context_person.contains_key(&c.name)
                && looks_demonym(&lower)
                && adjectival(text, &toks, c)
            {
                // "the Ostrenian embassy": an adjective, not an entity of its own
                c.name.clear();
                continue;
            }
            let known_surname = c.words == 1 && person_surnames.contains(&c.surname);
            if known_surname || context_person.contains_key(&c.name) {
                c.etype = EntityType::Person;
            } else if let Some(h) = c.hint.filter(|_| !common_initial(&toks, c)) {
                c.etype = h;
            } else if c.words == 1 {
                let first = tok_index_at(&toks, c.span.start);
                let initial = first.and_then(|i| toks.get(i)).is_some_and(|t| t.initial);
                // an unknown single word: keep as "other" only mid-sentence
                if initial {
                    c.etype = EntityType::Other;
                    c.name.clear();
                }
            }
        }
        // Headline-case paragraphs (promo blocks, link lists): unknown words there are noise.
        let headline: Vec<Span> = paragraphs
            .iter()
            .copied()
            .filter(|p| {
                // tokens are sorted: take the paragraph's range directly
                let lo = toks.partition_point(|t| t.start < p.start);
                let hi = toks.partition_point(|t| t.start < p.end).max(lo);
                let ws: Vec<&Tok> = toks
                    .get(lo..hi)
                    .unwrap_or(&[])
                    .iter()
                    .filter(|t| p.contains(&Span::new(t.start, t.end)))
                    .collect();
                let caps = ws.iter().filter(|t| t.cap).count();
                ws.len() >= 6 && caps * 2 >= ws.len()
            })
            .collect();
        cands.retain(|c| {
            let noise =
                c.etype == EntityType::Other && headline.iter().any(|p| p.contains(&c.span));
            !c.name.is_empty() && !noise
        });

        let mut b = Builder::default();
        // 1. full-name persons and non-persons
        let mut full_mentions: Vec<(Span, usize, String)> = Vec::new(); // span, entity, surname
        let mut given_mentions: Vec<(Span, usize, String)> = Vec::new(); // span, entity, given name
        for c in cands.iter() {
            match c.etype {
                EntityType::Person if c.words >= 2 => {
                    let id = format!("person:{}", slug(&c.name));
                    let e = b.entity(id, &c.name, EntityType::Person, c.gender);
                    b.mention(e, c.span, MentionKind::Name, &c.name);
                    if let Some(r) = &c.role {
                        b.role(e, r, date);
                    }
                    full_mentions.push((c.span, e, c.surname.clone()));
                    let given = c
                        .name
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_lowercase();
                    given_mentions.push((c.span, e, given));
                }
                EntityType::Person => {}
                other => {
                    let prefix = match other {
                        EntityType::Organization => "organization",
                        EntityType::Place => "place",
                        _ => "other",
                    };
                    let id = format!("{prefix}:{}", slug(&c.name));
                    let e = b.entity(id, &c.name, other, Gender::Unknown);
                    let surface = c.span.slice(text).to_string();
                    b.mention(e, c.span, MentionKind::Name, &surface);
                }
            }
        }
        // 2. surname-only persons
        for c in cands
            .iter()
            .filter(|c| c.etype == EntityType::Person && c.words < 2)
        {
            // a given name alone ("Anna") refers to the full name it starts
            let pool = if c.given_only {
                &given_mentions
            } else {
                &full_mentions
            };
            let before = pool
                .iter()
                .filter(|(s, _, sn)| *sn == c.surname && s.end <= c.span.start)
                .max_by_key(|(s, _, _)| s.start);
            let after = pool
                .iter()
                .filter(|(_, _, sn)| *sn == c.surname)
                .min_by_key(|(s, _, _)| s.start);
            // a role noun near the surname can pick among several people
            let e = match (before, after) {
                (Some(x), _) => x.1,
                (None, Some(x)) => x.1,
                (None, None) => {
                    let id = format!("person:{}", slug(&c.name));
                    b.entity(id, &c.name, EntityType::Person, c.gender)
                }
            };
            b.mention(e, c.span, MentionKind::Name, &c.name);
            if let Some(r) = &c.role {
                b.role(e, r, date);
            }
        }
        // fix canonical names: longest full name
        for ent in b.entities.iter_mut() {
            if let Some(longest) = ent
                .aliases
                .iter()
                .filter(|a| {
                    ent.etype == EntityType::Person
                        && a.split_whitespace().count() > ent.name.split_whitespace().count()
                })
                .max_by_key(|a| a.len())
                .cloned()
            {
                ent.aliases.retain(|a| *a != longest);
                let old = std::mem::replace(&mut ent.name, longest);
                ent.aliases.push(old);
            }
        }
        // 3. role nouns ("the Kremlin spokesman")
        role_nouns(text, &toks, &mut b, date);
        // 4. pronouns in speaker positions
        let (sents, quoted) = sentence_starts(text, &toks, paragraphs);
        pronouns(text, &toks, (&sents, &quoted), &mut b);

        for ent in b.entities.iter_mut() {
            ent.mentions.sort_by_key(|m| (m.span.start, m.span.end));
        }
        b.index.sort_by_key(|(s, _, _)| (s.start, s.end));
        let salience = b
            .index
            .iter()
            .map(|(s, _, k)| salience(text, &toks, *s, *k))
            .collect();
        EntityAnalysis {
            entities: b.entities,
            index: b.index,
            salience,
            sents,
            quoted,
            genders: b.genders,
            published: date.map(str::to_string),
        }
    }

    /// All entities.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The entities, consuming the analysis.
    pub fn into_entities(self) -> Vec<Entity> {
        self.entities
    }

    /// The entity a mention at `span` refers to (name, role noun or pronoun), if any.
    pub fn entity_at(&self, span: Span) -> Option<&Entity> {
        self.index
            .iter()
            .find(|(s, _, _)| s.contains(&span) || span.contains(s))
            .or_else(|| self.index.iter().find(|(s, _, _)| s.overlaps(&span)))
            .and_then(|(_, e, _)| self.entities.get(*e))
    }

    /// Resolves a speaker expression at `span` (name, surname, role noun or
    /// pronoun): the entity index and a confidence in 0..1.
    pub fn resolve(&self, text: &str, span: Span) -> Option<(usize, f32)> {
        let inside: Vec<&(Span, usize, MentionKind)> = self
            .index
            .iter()
            .filter(|(s, _, _)| s.contains(&span) || span.contains(s))
            .collect();
        let is_person = |e: usize| {
            self.entities
                .get(e)
                .is_some_and(|x| x.etype == EntityType::Person)
        };
        // "Orlek's spokesman", "the spokesman of Orlek": the person named is
        // not the speaker; the role noun is
        let modifier = |s: &Span| {
            let before = text.get(span.start..s.start).unwrap_or("").trim_end();
            let after = text.get(s.end..span.end).unwrap_or("");
            let possessor = after
                .strip_prefix("'s")
                .or_else(|| after.strip_prefix("’s"))
                .is_some_and(|r| !r.trim().is_empty());
            let state_body = before.to_lowercase().split_whitespace().any(|w| {
                matches!(
                    w,
                    "government" | "authorities" | "leadership" | "administration"
                )
            });
            let of_object = s.start > span.start
                && !state_body
                && (before.ends_with(" of") || before.ends_with(" to") || before == "of");
            possessor || of_object
        };
        let pick = inside
            .iter()
            .rev()
            .find(|(s, e, _)| is_person(*e) && !modifier(s))
            .or_else(|| inside.iter().rev().find(|(s, _, _)| !modifier(s)));
        // "the committee of the Ostrenian parliament": a place or body inside an
        // "of" phrase is not the speaker; fall through to the head noun.
        let pick = pick.filter(|(s, e, _)| {
            is_person(*e)
                || s.start <= span.start
                || !text.get(span.start..s.start).is_some_and(|pre| {
                    let pre = pre.to_lowercase();
                    pre.split_whitespace().any(|w| w == "of")
                        && !pre.split_whitespace().any(|w| {
                            matches!(
                                w,
                                "government" | "authorities" | "leadership" | "administration"
                            )
                        })
                })
        });
        if let Some((_, e, kind)) = pick {
            let conf = match kind {
                MentionKind::Name => 0.95,
                MentionKind::Role => 0.75,
                MentionKind::Pronoun => 0.7,
            };
            return Some((*e, conf));
        }
        let surface = text.get(span.start..span.end)?.trim();
        let lower = surface.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .collect();
        if words.len() == 1 {
            if words
                .first()
                .is_some_and(|w| matches!(*w, "they" | "them" | "their"))
            {
                // a group: an organisation, never one person
                let ok = |e: usize| {
                    self.entities
                        .get(e)
                        .is_some_and(|x| x.etype == EntityType::Organization)
                };
                return salient_antecedent(
                    &self.index,
                    &self.salience,
                    (&self.sents, &self.quoted),
                    span.start,
                    1500,
                    &ok,
                )
                .map(|e| (e, 0.5));
            }
            if let Some(g) = words.first().and_then(|w| pronoun_gender(w)) {
                return self
                    .antecedent(span.start, g, false)
                    .map(|(e, c)| (e, c * 0.9));
            }
        }
        // role noun
        if let Some(head) = words.iter().rev().find(|w| role_class(w).is_some()) {
            return self.role_referent(&words, head, span.start);
        }
        if let Some(head) = words.iter().rev().find(|w| ORG_CUES.contains(**w)) {
            return self.org_referent(head, span.start);
        }
        // surname / name
        let last = words.last()?;
        let best = self
            .index
            .iter()
            .filter(|(s, e, _)| {
                s.end <= span.start
                    && self.entities.get(*e).is_some_and(|ent| {
                        ent.name.to_lowercase() == lower
                            || ent.name.to_lowercase().split_whitespace().last() == Some(*last)
                            || ent.aliases.iter().any(|a| a.to_lowercase() == lower)
                    })
            })
            .max_by_key(|(s, _, _)| s.start)
            .or_else(|| {
                self.index.iter().find(|(_, e, _)| {
                    self.entities.get(*e).is_some_and(|ent| {
                        ent.name.to_lowercase().split_whitespace().last() == Some(*last)
                    })
                })
            });
        best.map(|(_, e, _)| (*e, 0.8))
    }

    /// Nearest preceding person mention compatible with `g`.
    fn antecedent(&self, before: usize, g: Gender, allow_org: bool) -> Option<(usize, f32)> {
        let ok = |e: usize| {
            self.entities.get(e).is_some_and(|ent| {
                (ent.etype == EntityType::Person
                    || (allow_org && ent.etype == EntityType::Organization))
                    && self.genders.get(e).is_some_and(|eg| eg.compatible(g))
            })
        };
        if let Some(e) = salient_antecedent(
            &self.index,
            &self.salience,
            (&self.sents, &self.quoted),
            before,
            3000,
            &ok,
        ) {
            return Some((e, 0.8));
        }
        let (s, e, _) = self
            .index
            .iter()
            .rev()
            .find(|(s, e, _)| s.end <= before && ok(*e))?;
        let dist = before.saturating_sub(s.end);
        let conf = if dist < 400 {
            0.85
        } else if dist < 1500 {
            0.65
        } else {
            0.45
        };
        Some((*e, conf))
    }

    fn role_referent(&self, words: &[&str], head: &str, at: usize) -> Option<(usize, f32)> {
        role_referent(&self.entities, &self.genders, &self.index, words, head, at)
    }

    fn org_referent(&self, head: &str, at: usize) -> Option<(usize, f32)> {
        self.index
            .iter()
            .rev()
            .filter(|(s, _, _)| s.end <= at)
            .find(|(_, e, _)| {
                self.entities.get(*e).is_some_and(|ent| {
                    ent.etype == EntityType::Organization && ent.name.to_lowercase().contains(head)
                })
            })
            .map(|(_, e, _)| (*e, 0.6))
    }

    /// The publication date the analysis used for roles.
    pub fn published(&self) -> Option<&str> {
        self.published.as_deref()
    }
}

/// Finds the person a role noun refers to.
fn role_referent(
    entities: &[Entity],
    genders: &[Gender],
    index: &[(Span, usize, MentionKind)],
    words: &[&str],
    head: &str,
    at: usize,
) -> Option<(usize, f32)> {
    let class = role_class(head)?;
    let g = role_gender(head);
    let mods: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !matches!(*w, "the" | "a" | "an" | "of" | "to") && *w != head)
        .collect();
    let countries = |ws: &mut dyn Iterator<Item = &str>| -> Vec<String> {
        ws.filter_map(|w| {
            LEX.demonyms.get(w).cloned().or_else(|| {
                LEX.gazetteer
                    .get(w)
                    .filter(|g| g.etype == EntityType::Place)
                    .map(|g| g.canonical.clone())
            })
        })
        .collect()
    };
    let want = countries(&mut words.iter().copied());
    let mut best: Option<(i64, usize)> = None;
    for (i, ent) in entities.iter().enumerate() {
        if ent.etype != EntityType::Person || !genders.get(i).is_some_and(|eg| eg.compatible(g)) {
            continue;
        }
        let mut score: i64 = 0;
        for r in &ent.roles {
            let rw: Vec<&str> = r.title.split_whitespace().collect();
            let rank = |ws: &[&str], w: &str| ws.contains(&w);
            if ["deputy", "vice", "former"]
                .iter()
                .any(|m| rank(words, m) != rank(&rw, m))
            {
                continue;
            }
            let have = countries(&mut rw.iter().copied());
            if !want.is_empty() && !have.is_empty() && !want.iter().any(|c| have.contains(c)) {
                continue;
            }
            let generic_leader = head == "leader"
                && rw.iter().any(|w| {
                    matches!(
                        role_class(w),
                        Some("president" | "prime minister" | "chancellor" | "monarch")
                    )
                });
            let class_match = generic_leader
                || (words.contains(&"deputy") && rw.contains(&"deputy"))
                || rw.iter().any(|w| role_class(w) == Some(class))
                || (class == "spokesperson" && r.title.contains("press secretary"));
            if class_match {
                let m = mods
                    .iter()
                    .filter(|w| {
                        let pre: String = w.chars().take(5).collect();
                        rw.iter().any(|x| x.starts_with(&pre))
                    })
                    .count() as i64;
                score = score.max(10 + 3 * m);
            } else if class == "official" {
                score = score.max(4);
            }
        }
        if score == 0 {
            continue;
        }
        // recency: the last mention before `at`; a later first mention is weaker
        let last_before = index
            .iter()
            .filter(|(s, e, _)| *e == i && s.end <= at)
            .map(|(s, _, _)| s.end)
            .max();
        let rec = match last_before {
            Some(end) => 5 - ((at - end) / 800).min(5) as i64,
            None => -3,
        };
        let total = score + rec;
        if best.is_none_or(|(b, _)| total > b) {
            best = Some((total, i));
        }
    }
    if let Some((score, i)) = best {
        let conf = if score >= 13 {
            0.85
        } else if score >= 10 {
            0.7
        } else {
            0.45
        };
        return Some((i, conf));
    }
    // gendered role with no stated role in the article: nearest compatible person
    if g != Gender::Unknown {
        let before = index.iter().rev().find(|(s, e, _)| {
            s.end <= at
                && entities
                    .get(*e)
                    .is_some_and(|x| x.etype == EntityType::Person)
                && genders.get(*e).is_some_and(|eg| *eg == g)
        });
        if let Some((_, e, _)) = before {
            return Some((*e, 0.5));
        }
    }
    None
}

/// Role noun phrases used as mentions ("the Kremlin spokesman").
fn role_nouns(text: &str, toks: &[Tok], b: &mut Builder, date: Option<&str>) {
    let mut found: Vec<(Span, Vec<String>, String, bool)> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let Some(t) = toks.get(i) else { break };
        let indefinite = matches!(t.lower.as_str(), "a" | "an");
        if t.lower != "the" && !indefinite {
            i += 1;
            continue;
        }
        let mut k = i + 1;
        let mut head: Option<usize> = None;
        while k < toks.len() && k <= i + 5 {
            let (Some(p), Some(c)) = (toks.get(k - 1), toks.get(k)) else {
                break;
            };
            if !tight(text, p, c, true) {
                break;
            }
            let w = c.lower.as_str();
            if role_class(w).is_some() {
                head = Some(k);
                k += 1;
                continue;
            }
            if head.is_some() {
                break;
            }
            if ROLE_MODIFIERS.contains(w)
                || LEX.demonyms.contains_key(w)
                || (c.cap && !STOP.contains(w))
            {
                k += 1;
                continue;
            }
            break;
        }
        let Some(h) = head else {
            i += 1;
            continue;
        };
        // a name right after: apposition, handled by the recogniser
        if let (Some(ht), Some(nx)) = (toks.get(h), toks.get(h + 1)) {
            if nx.cap && tight(text, ht, nx, false) && categorize(nx) == Cat::Given {
                i = h + 1;
                continue;
            }
        }
        // extend with "of the President of Russia"
        let mut e = h;
        let mut j = h + 1;
        while let (Some(p), Some(c)) = (toks.get(j - 1), toks.get(j)) {
            if !tight(text, p, c, false) || j > h + 6 {
                break;
            }
            if c.cap {
                if categorize(c) == Cat::Given {
                    break;
                }
                e = j;
                j += 1;
            } else if matches!(c.lower.as_str(), "of" | "the" | "to") {
                j += 1;
            } else {
                break;
            }
        }
        let Some(span) = span_of(toks, i, e + 1) else {
            break;
        };
        let words: Vec<String> = (i..=e)
            .filter_map(|k| toks.get(k))
            .map(|t| t.lower.clone())
            .collect();
        let head_word = toks.get(h).map(|t| t.lower.clone()).unwrap_or_default();
        found.push((span, words, head_word, indefinite));
        i = e + 1;
    }
    for (span, words, head, indefinite) in found {
        if b.index.iter().any(|(s, x, _)| {
            s.overlaps(&span)
                && b.entities
                    .get(*x)
                    .is_some_and(|p| p.etype == EntityType::Person)
        }) {
            continue;
        }
        let w: Vec<&str> = words.iter().map(String::as_str).collect();
        let r = if indefinite {
            None
        } else {
            role_referent(&b.entities, &b.genders, &b.index, &w, &head, span.start)
                .or_else(|| cataphor(text, b, span, &head))
        };
        let title = norm_role(span.slice(text));
        match r {
            Some((e, _)) => b.mention(e, span, MentionKind::Role, ""),
            None => {
                if matches!(
                    role_class(&head),
                    Some("expert" | "journalist" | "official" | "head")
                ) {
                    // too vague to stand for one person on its own
                    if !w
                        .iter()
                        .any(|x| x.chars().next().is_some() && LEX.gazetteer.contains_key(*x))
                        && !span.slice(text).chars().any(char::is_uppercase)
                    {
                        continue;
                    }
                }
                let id = format!("role:{}", slug(&title));
                let name = title.clone();
                let e = b.entity(id, &name, EntityType::Person, role_gender(&head));
                b.mention(e, span, MentionKind::Role, "");
                b.role(e, &title, date);
            }
        }
    }
}

/// A role noun before any person: the next person named soon after
/// ("the spokeswoman said … Smith added"), when gender allows.
fn cataphor(text: &str, b: &Builder, span: Span, head: &str) -> Option<(usize, f32)> {
    let _ = text;
    let class = role_class(head)?;
    if !matches!(
        class,
        "spokesperson" | "minister" | "ambassador" | "adviser" | "secretary" | "president"
    ) {
        return None;
    }
    let g = role_gender(head);
    let (_, e, _) = b.index.iter().find(|(s, e, _)| {
        s.start >= span.end
            && s.start - span.end < 1500
            && b.entities.get(*e).is_some_and(|x| {
                x.etype == EntityType::Person
                    && (x.roles.is_empty()
                        || x.roles.iter().any(|r| {
                            r.title
                                .split_whitespace()
                                .any(|w| role_class(w) == Some(class))
                        }))
            })
            && b.genders.get(*e).is_some_and(|eg| eg.compatible(g))
    })?;
    Some((*e, 0.4))
}

/// Pronouns next to speech verbs, resolved to the nearest compatible person.
fn pronouns(text: &str, toks: &[Tok], sents: (&[usize], &[usize]), b: &mut Builder) {
    let mut cache: HashMap<(usize, usize), i32> = HashMap::new();
    for (i, t) in toks.iter().enumerate() {
        let g = match t.lower.as_str() {
            "he" => Gender::Male,
            "she" => Gender::Female,
            _ => continue,
        };
        let after = toks.get(i + 1).is_some_and(|n| tight(text, t, n, false))
            && is_speech_verb_at(toks, i + 1);
        let before = i > 0
            && toks.get(i - 1).is_some_and(|p| {
                SPEECH_VERBS.contains(p.lower.as_str()) && tight(text, p, t, false)
            });
        if !(after || before) {
            continue;
        }
        let span = Span::new(t.start, t.end);
        let ok = |e: usize| {
            b.entities
                .get(e)
                .is_some_and(|x| x.etype == EntityType::Person)
                && b.genders.get(e).is_some_and(|eg| eg.compatible(g))
        };
        // only mentions in the 3000 bytes before the pronoun (the index is sorted)
        let lo = b
            .index
            .partition_point(|(s, _, _)| s.start + 3000 < span.start);
        let hi = b.index.partition_point(|(s, _, _)| s.start < span.start);
        let window = b.index.get(lo..hi.max(lo)).unwrap_or(&[]);
        let sal: Vec<i32> = window
            .iter()
            .map(|(s, _, k)| {
                *cache
                    .entry((s.start, s.end))
                    .or_insert_with(|| salience(text, toks, *s, *k))
            })
            .collect();
        let ante = salient_antecedent(window, &sal, sents, span.start, 3000, &ok).or_else(|| {
            window
                .iter()
                .rev()
                .find(|(s, e, _)| s.end <= span.start && span.start - s.end < 3000 && ok(*e))
                .map(|(_, e, _)| *e)
        });
        if let Some(e) = ante {
            b.mention(e, span, MentionKind::Pronoun, "");
            if let Some(eg) = b.genders.get_mut(e) {
                if *eg == Gender::Unknown {
                    *eg = g;
                }
            }
        }
    }
}

/// Demonym-like forms of a place name ("ostrenia" → "ostrenian").
fn demonym_forms(lower: &str) -> Vec<String> {
    if lower.chars().count() < 4 || !lower.chars().all(char::is_alphabetic) {
        return Vec::new();
    }
    let mut out = vec![
        format!("{lower}n"),
        format!("{lower}an"),
        format!("{lower}ian"),
        format!("{lower}ese"),
        format!("{lower}ish"),
        format!("{lower}i"),
    ];
    if let Some(last) = lower.chars().last() {
        if "aeiouy".contains(last) {
            let stem = lower.get(..lower.len() - last.len_utf8()).unwrap_or("");
            for suf in ["an", "ian", "ese", "ish", "i", "ean"] {
                out.push(format!("{stem}{suf}"));
            }
        }
    }
    out.retain(|d| d != lower);
    out
}

/// Ends like a demonym ("Ostrenian", "Kessgradese").
fn looks_demonym(lower: &str) -> bool {
    lower.chars().count() >= 5
        && (lower.ends_with("ian") || lower.ends_with("ean") || lower.ends_with("ese"))
}

/// The word is followed by a lower-case word: used as an adjective.
fn adjectival(text: &str, toks: &[Tok], c: &Cand) -> bool {
    let Some(first) = tok_index_at(toks, c.span.start) else {
        return false;
    };
    let (Some(t), Some(nx)) = (toks.get(first), toks.get(first + 1)) else {
        return false;
    };
    !nx.cap && tight(text, t, nx, false) && !SPEECH_VERBS.contains(nx.lower.as_str())
}

/// Heads that take a country as possessor or complement ("X's president",
/// "the embassy of X").
const STATE_HEADS: &[&str] = &[
    "president",
    "presidency",
    "government",
    "ambassador",
    "embassy",
    "consulate",
    "envoy",
    "foreign",
    "prime",
    "army",
    "armed",
    "forces",
    "troops",
    "military",
    "border",
    "borders",
    "capital",
    "minister",
    "ministry",
    "people",
    "citizens",
    "leader",
    "leadership",
    "parliament",
    "territory",
    "authorities",
    "sovereignty",
    "republic",
    "king",
    "queen",
    "economy",
    "allies",
    "defence",
    "defense",
    "interior",
];

/// "X's president", "President of X", "the embassy of X", "ambassador to X",
/// "the X government": X is a country.
fn state_context(text: &str, toks: &[Tok], c: &Cand) -> bool {
    let Some(first) = tok_index_at(toks, c.span.start) else {
        return false;
    };
    let last = first + c.words.max(1) - 1;
    let Some(lt) = toks.get(last) else {
        return false;
    };
    let head_after = toks
        .get(last + 1)
        .filter(|n| tight(text, lt, n, true))
        .is_some_and(|n| STATE_HEADS.contains(&n.lower.as_str()));
    if lt.possessive && head_after {
        return true;
    }
    if first >= 2
        && toks
            .get(first - 1)
            .is_some_and(|p| matches!(p.lower.as_str(), "of" | "to"))
        && toks.get(first - 2).is_some_and(|h| {
            STATE_HEADS.contains(&h.lower.as_str())
                && !matches!(h.lower.as_str(), "foreign" | "prime" | "armed")
        })
    {
        return true;
    }
    first >= 1
        && toks.get(first - 1).is_some_and(|p| p.lower == "the")
        && !lt.possessive
        && toks
            .get(last + 1)
            .filter(|n| tight(text, lt, n, false))
            .is_some_and(|n| {
                matches!(
                    n.lower.as_str(),
                    "government" | "authorities" | "embassy" | "army" | "leadership"
                ) && !n.cap
            })
}

/// Byte offsets where sentences (and paragraphs) start, and the starts of
/// the tokens inside quotation marks.
fn sentence_starts(text: &str, toks: &[Tok], paragraphs: &[Span]) -> (Vec<usize>, Vec<usize>) {
    // sentences inside quotation marks do not count: track the quote depth
    let mut inside_quote: Vec<bool> = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut depth: i32 = 0;
    let mut straight = false;
    for t in toks {
        while let Some((i, c)) = chars.peek().copied() {
            if i >= t.start {
                break;
            }
            match c {
                '\n' => {
                    depth = 0;
                    straight = false;
                }
                '“' | '«' | '„' => depth += 1,
                '”' | '»' => depth = (depth - 1).max(0),
                '"' => straight = !straight,
                _ => {}
            }
            chars.next();
        }
        inside_quote.push(depth > 0 || straight);
    }
    let quoted: Vec<usize> = toks
        .iter()
        .zip(&inside_quote)
        .filter(|(_, q)| **q)
        .map(|(t, _)| t.start)
        .collect();
    let mut out: Vec<usize> = toks
        .iter()
        .zip(inside_quote)
        .filter(|(t, q)| t.initial && !q)
        .map(|(t, _)| t.start)
        .collect();
    out.extend(paragraphs.iter().map(|p| p.start));
    out.sort_unstable();
    out.dedup();
    (out, quoted)
}

fn sentence_of(sents: &[usize], at: usize) -> usize {
    sents.partition_point(|s| *s <= at)
}

/// How salient a mention is for a later pronoun: 3 for a speaker ("X said",
/// "said X", "according to X", a pronoun already resolved at a speech verb),
/// 2 for the subject of its sentence, 0 otherwise (objects, embedded clauses).
fn salience(text: &str, toks: &[Tok], span: Span, kind: MentionKind) -> i32 {
    if kind == MentionKind::Pronoun {
        return 3;
    }
    let Some(f) = tok_index_at(toks, span.start) else {
        return 0;
    };
    let l = toks
        .partition_point(|t| t.start < span.end)
        .saturating_sub(1)
        .max(f);
    let Some(lt) = toks.get(l) else { return 0 };
    if toks.get(l + 1).is_some_and(|nx| tight(text, lt, nx, false))
        && is_speech_verb_at(toks, l + 1)
    {
        return 3;
    }
    if f > 0
        && toks.get(f - 1).zip(toks.get(f)).is_some_and(|(p, ft)| {
            matches!(
                p.lower.as_str(),
                "said"
                    | "says"
                    | "added"
                    | "wrote"
                    | "continued"
                    | "replied"
                    | "answered"
                    | "explained"
                    | "noted"
                    | "stressed"
                    | "citing"
                    | "quoted"
            ) && tight(text, p, ft, false)
        })
    {
        return 3;
    }
    if f >= 2
        && toks.get(f - 2).is_some_and(|p| p.lower == "according")
        && toks.get(f - 1).is_some_and(|p| p.lower == "to")
    {
        return 3;
    }
    // sentence start
    let mut s0 = f;
    while s0 > 0 && !toks.get(s0).is_some_and(|t| t.initial) {
        if f - s0 > 12 {
            return 0;
        }
        s0 -= 1;
    }
    if s0 == f {
        return 2;
    }
    let prefix: Vec<&Tok> = (s0..f).filter_map(|k| toks.get(k)).collect();
    let titles = prefix.iter().all(|t| {
        t.cap
            || role_class(&t.lower).is_some()
            || ROLE_MODIFIERS.contains(t.lower.as_str())
            || is_title(&t.lower)
            || matches!(
                t.lower.as_str(),
                "and" | "but" | "then" | "meanwhile" | "however"
            )
    });
    if titles && prefix.len() <= 5 {
        return 2;
    }
    let comma = toks
        .get(f - 1)
        .zip(toks.get(f))
        .is_some_and(|(p, ft)| gap(text, p, ft).contains(','));
    if comma && prefix.len() <= 6 {
        return 2;
    }
    0
}

/// The most salient compatible mention before `at`: salience minus the
/// number of sentences back, ties to the most recent; within four sentences.
fn salient_antecedent(
    index: &[(Span, usize, MentionKind)],
    sal: &[i32],
    (sents, quoted): (&[usize], &[usize]),
    at: usize,
    max_dist: usize,
    ok: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    let here = sentence_of(sents, at);
    // a pronoun outside quotation marks rarely refers to a name inside them
    let at_quoted = quoted.binary_search(&at).is_ok();
    let penalty = |start: usize| {
        if !at_quoted && quoted.binary_search(&start).is_ok() {
            3
        } else {
            0
        }
    };
    let lo = index.partition_point(|(s, _, _)| s.start + max_dist < at);
    let hi = index.partition_point(|(s, _, _)| s.start < at);
    let hi = hi.max(lo);
    index
        .get(lo..hi)
        .unwrap_or(&[])
        .iter()
        .zip(sal.get(lo..hi).unwrap_or(&[]))
        .filter(|((s, e, _), _)| s.end <= at && at - s.end < max_dist && ok(*e))
        .filter_map(|((s, e, _), v)| {
            let d = here.saturating_sub(sentence_of(sents, s.start));
            (d <= 4).then_some((*v - d as i32 - penalty(s.start), s.start, *e))
        })
        .max_by_key(|(score, start, _)| (*score, *start))
        .map(|(_, _, e)| e)
}

/// Given names that are also common sentence-initial words.
const COMMON_WORD_NAMES: &[&str] = &[
    "will", "may", "mark", "grant", "bill", "rose", "faith", "hope", "joy", "art", "sue", "pat",
    "guy", "ray", "jack", "frank", "june", "april", "august", "dawn", "summer", "autumn", "max",
    "chase", "lance", "drew", "cliff", "dean", "glen", "heath", "sky", "win", "miles", "sterling",
    "king", "prince", "major", "rich", "victor", "young", "carol", "holly", "ivy", "lily", "iris",
    "amber", "crystal", "ruby", "pearl", "olive", "china", "georgia", "jordan", "israel", "paris",
    "florence", "virginia", "austin", "chad", "kent", "lincoln", "stone", "hunter", "price",
    "bishop", "page", "west",
];
