//! Per-article event extraction.

use newsline_model::{
    Entity, EntityType, EventMention, EventStatus, EventType, MentionKind, Precision, Published,
    Span, TimeMention, TimeType,
};
use once_cell::sync::Lazy;
use regex::Regex;

use crate::dates::parse_timex;
use crate::sentences::sentences;

/// What a trigger needs around it to count.
#[derive(Clone, Copy, PartialEq)]
enum Need {
    /// Nothing.
    None,
    /// A person (or organisation) mention right after the trigger ("called X", "met X").
    EntityAfter,
    /// Two persons in the sentence, and not "spoke to reporters".
    TwoPersons,
    /// The word "ambassador" or "envoy" in the sentence.
    Envoy,
    /// An entity right after, or two persons/organisations in the sentence.
    EntityAfterOrTwo,
}

struct Rule {
    etype: EventType,
    re: Regex,
    priority: u8,
    need: Need,
}

fn rule(etype: EventType, pat: &str, priority: u8, need: Need) -> Rule {
    Rule {
        etype,
        re: Regex::new(&format!(r"(?i)\b(?:{pat})\b")).expect("static regex"),
        priority,
        need,
    }
}

static RULES: Lazy<Vec<Rule>> = Lazy::new(|| {
    use EventType::*;
    use Need::*;
    vec![
        rule(
            Call,
            r"(?:tele)?phone (?:call|conversation|talks?|contacts?|conversations|calls)|video ?(?:call|conference|link)s?|videoconference|spoke (?:by|over the|on the) (?:tele)?phone|(?:had|held) a (?:tele)?phone|by (?:tele)?phone",
            10,
            None,
        ),
        rule(Call, r"call(?:ed|s|ing)?|phoned|rang", 6, EntityAfter),
        rule(Call, r"conversations? (?:with|between)", 5, None),
        rule(Call, r"spoke|spoken|talked", 4, TwoPersons),
        rule(Summit, r"summit(?:s| meeting| talks)?", 9, None),
        rule(
            Meeting,
            r"(?:bilateral |face-to-face |in-person |private )?meetings?|met with|meet with|to meet",
            7,
            None,
        ),
        rule(Meeting, r"met|meet|meets|meeting", 6, EntityAfterOrTwo),
        rule(
            Talks,
            r"(?:peace |bilateral |direct |round of )?talks|negotiations?|negotiat(?:e|ed|ing)|consultations",
            6,
            None,
        ),
        rule(Talks, r"contacts?|discussions?", 2, None),
        rule(
            Visit,
            r"visit(?:s|ed|ing)?|(?:official |state )?trip to|arriv(?:ed|es|ing) in|travel(?:led|ed|s|ling|ing)? to",
            6,
            None,
        ),
        rule(
            Letter,
            r"letters?|wrote to|(?:sent|send|sends) (?:a )?(?:message|letter)|message to",
            6,
            None,
        ),
        rule(
            Statement,
            r"(?:press|news) conferences?|briefings?|statements?|interview|conference call|told (?:reporters|journalists|the press|a briefing)|address(?:ed)? (?:to )?the nation",
            3,
            None,
        ),
        rule(
            Expulsion,
            r"expel(?:s|led|ling)?|expulsions?|persona non grata|ordered to leave",
            8,
            None,
        ),
        rule(Sanctions, r"sanctions?|sanctioned|embargo", 8, None),
        rule(
            MilitaryOperation,
            r"(?:special |military )+operation|invasion|invaded|invade|offensive|outbreak of (?:hostilities|war|fighting)|launched (?:an? )?(?:attack|strikes?|assault|war)|air ?strikes?|start of the war|beginning of the war",
            8,
            None,
        ),
        rule(
            Appointment,
            r"appointed|appointment|appoints|nominated|nomination|(?:was|were|has been|had been|is|be) named|sworn in|took office|takes office|inaugurat(?:ion|ed)|elected",
            8,
            None,
        ),
        rule(
            Departure,
            r"resign(?:ed|s|ation)?|step(?:ped|s)? down|stepping down|dismiss(?:ed|al)|fired|sacked|ousted|left (?:his|her|the|their) (?:post|office|job|position)|relieved of",
            8,
            None,
        ),
        rule(Departure, r"recall(?:ed|s)?", 7, Envoy),
    ]
});

static DATELINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"^\p{Lu}[\p{Lu}\p{M} .'/-]{1,40},\s*[^:()\n]{1,30}?(?:\([^()\n]{1,40}\))?\s*[:—–-]+\s",
    )
    .expect("static regex")
});
static PAST_ADJ: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:last|previous|recent|earlier|past|former|first)\s+(?:\w+\s+){0,2}$")
        .expect("static regex")
});
static CLAUSE_BREAK: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)[;:]\s|\s[—–]\s?|[—–]\s|,\s+(?:but|while|whereas|although|though|however|and later|since)\b|\s(?:but|however)\s").expect("static regex")
});
static UNCONFIRMED: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:neither confirm(?:ed)? nor den(?:y|ied)|(?:could|can|did) not (?:immediately )?confirm|cannot confirm|can't confirm|unconfirmed|not (?:been )?confirmed|no confirmation|unverified|could not be (?:independently )?verified)\b").expect("static regex")
});
static NOT_RULED_OUT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:(?:not|n't|never) rule[sd]? out|not ruling out|not excluded?|cannot be excluded|does not exclude)\b|n't rule[sd]? out").expect("static regex")
});
static DENIED_BEFORE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:not|never|no|none|nobody|neither|denied|deny|denies|refused|rejected|cancell?ed|called off|absent|without)\b|n't\b").expect("static regex")
});
static DENIED_AFTER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)\b(?:not|never|denied|cancell?ed|called off|absent|did not take place)\b|n't\b",
    )
    .expect("static regex")
});
static POSSIBLE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:may|might|could|possible|possibly|perhaps|likely|unlikely|potential|potentially|prospect|prospects|whether|if|should|must|need to|needs to|hope|hopes|hoped|ready to|readiness|willing|want|wants|to maintain|to continue|to resume)\b").expect("static regex")
});
static PLANNED: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:will|would|shall|plan|plans|planned|planning|to hold|to meet|to visit|to travel|to sign|preparations?|preparing|prepare|scheduled|upcoming|next|expected|is to|are to|agreed to|intends?|intended|set to|due to|forthcoming|future|invited)\b|'ll\b").expect("static regex")
});

/// Extracts event mentions from one article. All spans are byte offsets into `text`.
///
/// Each mention's span is its evidence sentence; `date` comes only from a
/// time expression in the same clause (or, failing that, sentence) and is
/// `None` when the nearest one is unanchored or there is none — the
/// publication date is never used as an event date. `published` only helps
/// to tell planned events (dated after publication) from past ones.
pub fn extract_events(
    text: &str,
    paragraphs: &[Span],
    entities: &[Entity],
    times: &[TimeMention],
    published: &Published,
) -> Vec<EventMention> {
    let pub_end = published
        .value
        .as_deref()
        .and_then(|v| parse_timex(v).ok())
        .map(|r| r.end);
    let mut out = Vec::new();
    for sent in sentences(text, paragraphs) {
        let Some(stext) = text.get(sent.start..sent.end) else {
            continue;
        };
        // Entity mentions in this sentence (not in a leading dateline).
        let dl_end = DATELINE
            .find(stext)
            .map(|m| sent.start + m.end())
            .unwrap_or(sent.start);
        let mut ments: Vec<(Span, &Entity)> = Vec::new();
        for e in entities {
            for m in &e.mentions {
                if sent.contains(&m.span) && !m.span.is_empty() && m.span.start >= dl_end {
                    ments.push((m.span, e));
                }
            }
        }
        ments.sort_by_key(|(s, _)| (s.start, s.end));
        let persons = {
            let mut ids: Vec<&str> = ments
                .iter()
                .filter(|(_, e)| e.etype == EntityType::Person)
                .map(|(_, e)| e.id.as_str())
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids.len()
        };
        let actors = {
            let mut ids: Vec<&str> = ments
                .iter()
                .filter(|(_, e)| matches!(e.etype, EntityType::Person | EntityType::Organization))
                .map(|(_, e)| e.id.as_str())
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids.len()
        };

        // Trigger candidates: (start, end, priority, type)
        let mut cands: Vec<(usize, usize, u8, EventType)> = Vec::new();
        for r in RULES.iter() {
            for m in r.re.find_iter(stext) {
                let (s, e) = (sent.start + m.start(), sent.start + m.end());
                let ok = match r.need {
                    Need::None => true,
                    Need::EntityAfter => entity_after(text, e, &ments),
                    Need::TwoPersons => persons >= 2 && !to_press(stext, m.end()),
                    Need::EntityAfterOrTwo => actors >= 2 || entity_after(text, e, &ments),
                    Need::Envoy => {
                        let l = stext.to_lowercase();
                        l.contains("ambassador") || l.contains("envoy")
                    }
                };
                // "recalled for consultations" is not a round of talks.
                let for_consult = r.etype == EventType::Talks
                    && m.as_str().eq_ignore_ascii_case("consultations")
                    && text
                        .get(s.saturating_sub(6)..s)
                        .map(|p| {
                            let p = p.to_lowercase();
                            p.ends_with("for ") || p.ends_with("after ") || p.ends_with("from ")
                        })
                        .unwrap_or(false);
                if ok && !so_called(text, s) && !for_consult {
                    cands.push((s, e, r.priority, r.etype));
                }
            }
        }
        // Resolve overlaps: higher priority, then longer, then earlier.
        cands.sort_by(|a, b| {
            b.2.cmp(&a.2)
                .then((b.1 - b.0).cmp(&(a.1 - a.0)))
                .then(a.0.cmp(&b.0))
        });
        let mut kept: Vec<(usize, usize, u8, EventType)> = Vec::new();
        for c in cands {
            let overlaps = kept.iter().any(|k| c.0 < k.1 && k.0 < c.1);
            let same_type = kept.iter().any(|k| k.3 == c.3);
            if !overlaps && !same_type {
                kept.push(c);
            }
        }
        kept.sort_by_key(|k| k.0);

        let clauses = clauses(text, sent);
        let clause_of = |ts: usize| {
            clauses
                .iter()
                .copied()
                .find(|c| c.start <= ts && ts < c.end)
                .unwrap_or(sent)
        };
        let statuses: Vec<EventStatus> = kept
            .iter()
            .map(|&(ts, te, _, _)| {
                let clause = clause_of(ts);
                status_of(
                    clause.slice(text),
                    ts.saturating_sub(clause.start),
                    te.saturating_sub(clause.start),
                )
            })
            .collect();
        // A vague "contacts" beside a call/meeting/summit/talks with the same
        // status is that event again.
        let mut drop = vec![false; kept.len()];
        for (i, k) in kept.iter().enumerate() {
            if k.2 <= 2 && k.3 == EventType::Talks {
                drop[i] = kept.iter().zip(&statuses).any(|(o, st)| {
                    o.2 > 2
                        && matches!(
                            o.3,
                            EventType::Call
                                | EventType::Meeting
                                | EventType::Summit
                                | EventType::Talks
                        )
                        && Some(st) == statuses.get(i)
                });
            }
        }
        let trigger_starts: Vec<usize> = kept.iter().map(|k| k.0).collect();
        for (ki, &(ts, te, prio, etype)) in kept.iter().enumerate() {
            if drop.get(ki).copied().unwrap_or(false) {
                continue;
            }
            let clause = clause_of(ts);
            let participants = participants(text, &ments, etype);
            let place = place_of(text, ts, te, etype, clause, &ments);
            // Clauses holding another trigger keep their time expressions to themselves.
            let foreign: Vec<Span> = clauses
                .iter()
                .copied()
                .filter(|c| {
                    *c != clause && trigger_starts.iter().any(|&t| c.start <= t && t < c.end)
                })
                .collect();
            let mut foreign = foreign;
            if let Some(m) = DATELINE.find(sent.slice(text)) {
                foreign.push(Span::new(sent.start, sent.start + m.end()));
            }
            let (date, precision) = date_of(times, sent, clause, &foreign, ts, te);
            if prio <= 3 && participants.is_empty() && date.is_none() {
                continue; // weak trigger with nothing attached
            }
            let mut status = statuses.get(ki).copied().unwrap_or(EventStatus::Happened);
            if status == EventStatus::Happened {
                if let (Some(d), Some(p)) =
                    (date.as_deref().and_then(|d| parse_timex(d).ok()), pub_end)
                {
                    if d.start > p {
                        status = EventStatus::Planned;
                    }
                }
            }
            out.push(EventMention {
                etype,
                span: sent,
                trigger: text.get(ts..te).unwrap_or("").to_string(),
                participants,
                place,
                date,
                precision,
                status,
            });
        }
    }
    out
}

fn so_called(text: &str, start: usize) -> bool {
    text.get(start.saturating_sub(3)..start)
        .map(|s| s.eq_ignore_ascii_case("so-"))
        .unwrap_or(false)
}

fn to_press(stext: &str, end: usize) -> bool {
    let after = stext.get(end..).unwrap_or("").to_lowercase();
    let after = after.trim_start();
    [
        "to reporters",
        "to journalists",
        "to the press",
        "to the media",
        "with reporters",
        "with journalists",
        "at a",
        "at the",
        "on condition",
    ]
    .iter()
    .any(|p| after.starts_with(p))
}

/// True when a person/organisation mention (possibly after an article or a
/// possessive) starts right after byte `end`.
fn entity_after(text: &str, end: usize, ments: &[(Span, &Entity)]) -> bool {
    let rest = text.get(end..).unwrap_or("");
    let lower = rest.to_lowercase();
    if ["on ", "for ", "off", "up", "it ", "them ", "this ", "that "]
        .iter()
        .any(|p| lower.trim_start().starts_with(p))
        && !lower.trim_start().starts_with("on the phone")
    {
        return false;
    }
    let skip = rest.len() - rest.trim_start().len();
    let mut pos = end + skip;
    for w in ["with ", "the ", "his ", "her ", "their ", "its "] {
        if text
            .get(pos..pos + w.len())
            .map(|s| s.eq_ignore_ascii_case(w))
            .unwrap_or(false)
        {
            pos += w.len();
        }
    }
    ments.iter().any(|(s, e)| {
        (s.start == end + skip || s.start == pos)
            && matches!(e.etype, EntityType::Person | EntityType::Organization)
    })
}

fn clauses(text: &str, sent: Span) -> Vec<Span> {
    let stext = sent.slice(text);
    let mut out = Vec::new();
    let mut start = 0;
    for m in CLAUSE_BREAK.find_iter(stext) {
        if m.start() > start {
            out.push(Span::new(sent.start + start, sent.start + m.start()));
        }
        start = m.end();
    }
    if start < stext.len() {
        out.push(Span::new(sent.start + start, sent.end));
    }
    out
}

static SPEECH_AFTER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^[\s,]*(?:(?:has|had|also|later|earlier|then|further|previously)\s+)*(?:said|says|told|added|noted|stated|explained|announced|stressed|emphasi[sz]ed|pointed out|replied|recalled|commented|wrote|claimed|insisted|warned)\b").expect("static regex")
});
static SPEECH_BEFORE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:according to|said|says|told|added|noted|stated|explained|quoted|cited)\s*(?:the\s+)?$").expect("static regex")
});

/// True when this mention only attributes speech ("X said", "according to X").
fn is_speaker_mention(text: &str, span: Span) -> bool {
    let after = text.get(span.end..).unwrap_or("");
    let after = after.get(..floor_boundary(after, 60)).unwrap_or("");
    let before = text.get(..span.start).unwrap_or("");
    let before = before
        .get(floor_boundary(before, before.len().saturating_sub(30))..)
        .unwrap_or("");
    SPEECH_AFTER.is_match(after) || SPEECH_BEFORE.is_match(before)
}

fn participants(text: &str, ments: &[(Span, &Entity)], etype: EventType) -> Vec<String> {
    let rank = |t: EntityType| match t {
        EntityType::Person => 0,
        EntityType::Organization => 1,
        EntityType::Place => 2,
        EntityType::Other => 3,
    };
    // Who only reports the event (every mention here is "X said") is not a
    // participant, unless the event is the statement itself.
    let reporter = |id: &str| {
        etype != EventType::Statement
            && ments
                .iter()
                .filter(|(_, e)| e.id == id)
                .all(|(s, _)| is_speaker_mention(text, *s))
    };
    let mut seen: Vec<(u8, usize, &str)> = Vec::new();
    let mut dropped: Vec<(u8, usize, &str)> = Vec::new();
    for (s, e) in ments {
        if e.etype == EntityType::Other || seen.iter().chain(&dropped).any(|x| x.2 == e.id) {
            continue;
        }
        let item = (rank(e.etype), s.start, e.id.as_str());
        if matches!(e.etype, EntityType::Person | EntityType::Organization) && reporter(&e.id) {
            dropped.push(item);
        } else {
            seen.push(item);
        }
    }
    if seen.is_empty() {
        seen = dropped;
    }
    seen.sort();
    seen.into_iter().take(8).map(|x| x.2.to_string()).collect()
}

fn place_of(
    text: &str,
    ts: usize,
    te: usize,
    etype: EventType,
    clause: Span,
    ments: &[(Span, &Entity)],
) -> Option<String> {
    use EventType::*;
    if !matches!(
        etype,
        Call | Meeting | Summit | Talks | Visit | Statement | MilitaryOperation
    ) {
        return None;
    }
    let noun_before = matches!(etype, Meeting | Summit | Talks);
    let mut best: Option<(usize, &str)> = None;
    for (s, e) in ments {
        if e.etype != EntityType::Place || !clause.contains(s) {
            continue;
        }
        let name_kind = e
            .mentions
            .iter()
            .any(|m| m.span == *s && m.kind == MentionKind::Name);
        if !name_kind {
            continue;
        }
        let dist = if s.start >= te {
            let before = text
                .get(s.start.saturating_sub(4)..s.start)
                .unwrap_or("")
                .to_lowercase();
            if !(before.ends_with(" in ") || before.ends_with(" at ")) || s.start - te > 60 {
                continue;
            }
            s.start - te
        } else if noun_before && s.end <= ts && ts - s.end <= 1 {
            0 // "the Kessgrad summit"
        } else {
            continue;
        };
        if best.map(|b| dist < b.0).unwrap_or(true) {
            best = Some((dist, e.id.as_str()));
        }
    }
    best.map(|b| b.1.to_string())
}

fn date_of(
    times: &[TimeMention],
    sent: Span,
    clause: Span,
    foreign: &[Span],
    ts: usize,
    te: usize,
) -> (Option<String>, Precision) {
    let usable = |t: &&TimeMention| matches!(t.ttype, TimeType::Date | TimeType::Time);
    let dist = |t: &TimeMention| {
        if t.span.start >= te {
            t.span.start - te
        } else {
            ts.saturating_sub(t.span.end)
        }
    };
    let pick = |scope: Span| {
        times
            .iter()
            .filter(usable)
            .filter(|t| scope.contains(&t.span) && !t.span.overlaps(&Span::new(ts, te)))
            .filter(|t| !foreign.iter().any(|f| f.contains(&t.span)))
            .min_by_key(|t| (dist(t), t.span.start))
    };
    let Some(t) = pick(clause).or_else(|| pick(sent)) else {
        return (None, Precision::Unknown);
    };
    if !t.resolved || t.anchor.is_some() || parse_timex(&t.value).is_err() {
        return (None, Precision::Unknown);
    }
    (Some(t.value.clone()), t.precision)
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Status from cues in the clause; negation counts only near the trigger
/// (`t0..t1`, byte offsets into `clause`).
fn status_of(clause: &str, t0: usize, t1: usize) -> EventStatus {
    if UNCONFIRMED.is_match(clause) {
        return EventStatus::Unconfirmed;
    }
    if NOT_RULED_OUT.is_match(clause) {
        return EventStatus::Possible;
    }
    let b0 = floor_boundary(clause, t0.saturating_sub(60));
    let before = clause.get(b0..floor_boundary(clause, t0)).unwrap_or("");
    let a1 = floor_boundary(clause, t1);
    let after = clause
        .get(a1..floor_boundary(clause, t1 + 60))
        .unwrap_or("");
    if DENIED_BEFORE.is_match(before) || DENIED_AFTER.is_match(after) {
        return EventStatus::Denied;
    }
    let before = clause
        .get(floor_boundary(clause, t0.saturating_sub(40))..floor_boundary(clause, t0))
        .unwrap_or("");
    if PAST_ADJ.is_match(before) {
        return EventStatus::Happened; // "the last meeting", "their previous call"
    }
    let w0 = floor_boundary(clause, t0.saturating_sub(90));
    let w1 = floor_boundary(clause, t1 + 50);
    let window = clause.get(w0..w1).unwrap_or(clause);
    if POSSIBLE.is_match(window) {
        return EventStatus::Possible;
    }
    if PLANNED.is_match(window) {
        return EventStatus::Planned;
    }
    EventStatus::Happened
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(clause: &str, trigger: &str) -> EventStatus {
        let t0 = clause.find(trigger).unwrap();
        status_of(clause, t0, t0 + trigger.len())
    }

    #[test]
    fn status_cues() {
        assert_eq!(
            st(
                "he could neither confirm nor deny reports of a call",
                "call"
            ),
            EventStatus::Unconfirmed
        );
        assert_eq!(
            st("she did not rule out a call", "call"),
            EventStatus::Possible
        );
        assert_eq!(
            st(
                "they have not yet begun discussing a possible meeting",
                "meeting"
            ),
            EventStatus::Denied
        );
        assert_eq!(
            st("all contacts are virtually absent", "contacts"),
            EventStatus::Denied
        );
        assert_eq!(
            st("the call did not take place", "call"),
            EventStatus::Denied
        );
        assert_eq!(
            st("a meeting may take place", "meeting"),
            EventStatus::Possible
        );
        assert_eq!(
            st("preparations for the next meeting", "meeting"),
            EventStatus::Planned
        );
        assert_eq!(
            st("the two leaders met in Kessgrad", "met"),
            EventStatus::Happened
        );
        assert_eq!(
            st(
                "the summit ended on Friday evening in the old town hall with no joint statement",
                "summit"
            ),
            EventStatus::Happened
        );
    }
}
