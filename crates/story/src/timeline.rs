//! Timelines of dated events and statements.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use newsline_model::{
    ArticleRecord, CorpusEvent, DateOrigin, DupGroup, EventSource, Precision, SourceRef, Storyline,
    TimelineEntry, TimelineKind,
};
use serde::{Deserialize, Serialize};

use crate::dates::{parse_timex, DateRange};
use crate::storyline::storylines;

/// What to put on a timeline.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TimelineQuery {
    /// Only articles of this storyline (by id).
    #[serde(default)]
    pub storyline: Option<String>,
    /// Only these articles (e.g. search hits); combined with `storyline` by intersection.
    #[serde(default)]
    pub article_ids: Option<Vec<String>>,
    /// Only entries on or after this day (undated entries: by publication date).
    #[serde(default)]
    pub since: Option<NaiveDate>,
    /// Only entries on or before this day (undated entries: by publication date).
    #[serde(default)]
    pub until: Option<NaiveDate>,
    /// Keep only the N dates with the most sources.
    #[serde(default)]
    pub max_dates: Option<usize>,
}

/// A timeline: dated entries in date order, undated ones apart.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// Entries with a date, in date order (ties: more precise first, then text).
    pub dated: Vec<TimelineEntry>,
    /// Entries without a date, by publication date of their first source.
    pub undated: Vec<TimelineEntry>,
}

const SUMMARY_CHARS: usize = 200;

/// An inferred publication date whose plausible range is wider than this is a guess.
const MAX_INFERRED_DAYS: i64 = 31;

/// Appended to the summary of an entry left undated because its date would
/// come from a guessed publication date.
pub(crate) const UNCERTAIN_NOTE: &str = " (publication date uncertain)";

/// True when the article's publication date is only a wide guess: inferred
/// from the body with a plausible range wider than about a month, or to the
/// year or coarser. Relative dates in such an article ("on Tuesday", "last
/// month") were resolved against that guess, so they are not reliable either.
pub(crate) fn publication_uncertain(r: &ArticleRecord) -> bool {
    if r.published.origin != DateOrigin::Inferred {
        return false;
    }
    if r.published.precision >= Precision::Year {
        return true;
    }
    if let Some([a, b]) = r.published.range {
        return (b - a).num_days() > MAX_INFERRED_DAYS;
    }
    match r.published.value.as_deref().map(parse_timex) {
        Some(Ok(d)) => (d.end - d.start).num_days() > MAX_INFERRED_DAYS,
        _ => true,
    }
}

/// True when `text` contains `year` as a number of its own ("in 2022", not "12022").
fn has_year(text: &str, year: &str) -> bool {
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    text.match_indices(year).any(|(i, _)| {
        let before = text.get(..i).and_then(|t| t.chars().next_back());
        let after = text.get(i + year.len()..).and_then(|t| t.chars().next());
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

/// True when a date stated in an article can be trusted: the publication date
/// is not a wide guess, or the year of `value` is written in `evidence`.
fn stated_date_trusted(r: &ArticleRecord, value: &str, evidence: &str) -> bool {
    !publication_uncertain(r) || value.get(..4).is_some_and(|y| has_year(evidence, y))
}

/// Speaker, date, normalised content.
type QuoteKey = (String, String, String);

fn tie(a: &TimelineEntry, b: &TimelineEntry) -> std::cmp::Ordering {
    let kind = |e: &TimelineEntry| matches!(e.kind, TimelineKind::Quote);
    a.summary
        .cmp(&b.summary)
        .then(kind(a).cmp(&kind(b)))
        .then(a.event_type.cmp(&b.event_type))
        .then(a.sources.cmp(&b.sources))
        .then(a.who.cmp(&b.who))
}

fn trim_summary(s: &str) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= SUMMARY_CHARS {
        return flat;
    }
    let cut: String = flat.chars().take(SUMMARY_CHARS).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > SUMMARY_CHARS / 2 => cut.get(..i).unwrap_or(&cut).to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

fn pretty_id(id: &str) -> String {
    let slug = id.split_once(':').map(|x| x.1).unwrap_or(id);
    slug.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// Builds a timeline. When `q.storyline` is set, storylines are recomputed
/// with local entity ids as corpus ids to find its articles; if no storyline
/// has that id, the records are taken as already filtered. Callers that hold
/// the stored storylines should use [`timeline_in`] (or pass only the
/// storyline's records).
///
/// Events with a date and quotes (dated by their own date, else by the
/// publication date) are listed in date order; events without a date are
/// listed apart and never given one. Non-canonical members of a
/// [`DupGroup`] are left out, so a syndicated copy counts once.
///
/// Nothing is placed at a guessed date: when an article's publication date
/// was inferred from its body with a plausible range wider than about a
/// month (or only to the year), its quotes are not dated by it, and dates
/// stated in it count only when they write their year ("June 16, 2021", not
/// "on Tuesday", which was resolved against the guess). Such entries are
/// listed undated, with " (publication date uncertain)" after the summary,
/// unless another, trusted source dates the same event.
pub fn timeline(
    records: &[ArticleRecord],
    events: &[CorpusEvent],
    dups: &[DupGroup],
    q: &TimelineQuery,
) -> Timeline {
    let stories = if q.storyline.is_some() {
        storylines(records, events, dups, &|_, id| id.to_string())
    } else {
        Vec::new()
    };
    timeline_in(records, events, dups, &stories, q)
}

/// [`timeline`] with the storylines given (used to resolve `q.storyline`).
pub fn timeline_in(
    records: &[ArticleRecord],
    events: &[CorpusEvent],
    dups: &[DupGroup],
    stories: &[Storyline],
    q: &TimelineQuery,
) -> Timeline {
    let mut recs: Vec<&ArticleRecord> = records.iter().collect();
    recs.sort_by(|a, b| a.id.cmp(&b.id));
    recs.dedup_by(|a, b| a.id == b.id);
    let by_id: HashMap<&str, &ArticleRecord> = recs.iter().map(|r| (r.id.as_str(), *r)).collect();

    // Which articles are in scope.
    let mut allowed: Option<HashSet<&str>> = None;
    if let Some(sid) = &q.storyline {
        // An id that is not among `stories` leaves the records as given
        // (callers often pass a storyline's records already).
        if let Some(st) = stories.iter().find(|s| &s.id == sid) {
            allowed = Some(st.articles.iter().map(String::as_str).collect());
        }
    }
    if let Some(ids) = &q.article_ids {
        let set: HashSet<&str> = ids.iter().map(String::as_str).collect();
        allowed = Some(match allowed {
            Some(a) => a.intersection(&set).copied().collect(),
            None => set,
        });
    }
    let in_scope = |id: &str| {
        by_id.contains_key(id) && allowed.as_ref().map(|a| a.contains(id)).unwrap_or(true)
    };
    // Duplicates count once: keep the canonical member, or the smallest id in scope.
    let mut excluded: HashSet<&str> = HashSet::new();
    for g in dups {
        let mut present: Vec<&str> = std::iter::once(g.canonical.as_str())
            .chain(g.members.iter().map(|m| m.article.as_str()))
            .filter(|id| in_scope(id))
            .collect();
        present.sort_unstable();
        present.dedup();
        let rep = if present.contains(&g.canonical.as_str()) {
            Some(g.canonical.as_str())
        } else {
            present.first().copied()
        };
        excluded.extend(present.into_iter().filter(|id| Some(*id) != rep));
    }
    let selected = |id: &str| in_scope(id) && !excluded.contains(id);

    // Entity names.
    let mut names: HashMap<&str, BTreeMap<&str, usize>> = HashMap::new();
    for r in &recs {
        for e in &r.entities {
            *names
                .entry(e.id.as_str())
                .or_default()
                .entry(e.name.as_str())
                .or_insert(0) += 1;
        }
    }
    let name_of = |id: &str| -> String {
        names
            .get(id)
            .and_then(|m| {
                m.iter().max_by(|a, b| {
                    a.1.cmp(b.1)
                        .then(a.0.len().cmp(&b.0.len()))
                        .then(b.0.cmp(a.0))
                })
            })
            .map(|x| x.0.to_string())
            .unwrap_or_else(|| pretty_id(id))
    };
    // A guessed publication date places nothing, not even in a date window.
    let pub_day = |id: &str| {
        by_id
            .get(id)
            .filter(|r| !publication_uncertain(r))
            .and_then(|r| r.published_date())
    };
    let window = |r: &DateRange| {
        q.since.map(|s| r.end >= s).unwrap_or(true) && q.until.map(|u| r.start <= u).unwrap_or(true)
    };
    let day_in_window = |d: Option<NaiveDate>| match d {
        Some(d) => {
            q.since.map(|s| d >= s).unwrap_or(true) && q.until.map(|u| d <= u).unwrap_or(true)
        }
        None => q.since.is_none() && q.until.is_none(),
    };

    let mut dated: Vec<(DateRange, TimelineEntry)> = Vec::new();
    let mut undated: Vec<TimelineEntry> = Vec::new();

    for e in events {
        let mut sources: Vec<SourceRef> = e
            .sources
            .iter()
            .filter(|s| selected(&s.at.article))
            .map(|s| s.at.clone())
            .collect();
        sources.sort();
        sources.dedup();
        let Some(first) = sources.first().cloned() else {
            continue;
        };
        // Summarise from the source that best matches the merged event.
        let best = e
            .sources
            .iter()
            .filter(|s| selected(&s.at.article))
            .max_by(|a, b| {
                let score =
                    |s: &newsline_model::EventSource| (s.status == e.status, s.date == e.date);
                score(a).cmp(&score(b)).then(b.at.cmp(&a.at))
            })
            .map(|s| s.at.clone())
            .unwrap_or_else(|| first.clone());
        let summary = by_id
            .get(best.article.as_str())
            .map(|r| trim_summary(&r.char_slice(newsline_model::Span::new(best.start, best.end))))
            .unwrap_or_default();
        let (date, uncertain) = event_date(e, &by_id);
        let summary = if uncertain {
            format!("{summary}{UNCERTAIN_NOTE}")
        } else {
            summary
        };
        let entry = TimelineEntry {
            date: None,
            precision: Precision::Unknown,
            kind: TimelineKind::Event,
            event_type: Some(e.etype),
            quote_kind: None,
            summary,
            who: e.participants.iter().map(|p| name_of(p)).collect(),
            sources,
        };
        match date.and_then(|d| parse_timex(d).ok().map(|r| (d, r))) {
            Some((d, r)) => {
                if window(&r) {
                    dated.push((
                        r,
                        TimelineEntry {
                            date: Some(d.to_string()),
                            precision: r.precision,
                            ..entry
                        },
                    ));
                }
            }
            None => {
                if day_in_window(pub_day(&first.article)) {
                    undated.push(entry);
                }
            }
        }
    }

    // Quotes; the same words from the same speaker on the same day merge.
    let mut quotes: BTreeMap<QuoteKey, (Option<(String, DateRange)>, TimelineEntry)> =
        BTreeMap::new();
    for r in &recs {
        if !selected(&r.id) {
            continue;
        }
        for qt in &r.quotes {
            let content = r.char_slice(qt.content);
            if content.trim().is_empty() || nested_in_same_speaker(qt, &r.quotes) {
                continue;
            }
            let (date, uncertain) = quote_date(r, qt);
            let speaker = qt
                .speaker_name
                .clone()
                .unwrap_or_else(|| "Unknown".to_string());
            let norm: String = content
                .to_lowercase()
                .chars()
                .filter(|c| c.is_alphanumeric())
                .take(120)
                .collect();
            let key = (
                qt.speaker.clone().unwrap_or_else(|| speaker.to_lowercase()),
                date.as_ref().map(|d| d.0.clone()).unwrap_or_default(),
                norm,
            );
            let src = SourceRef {
                article: r.id.clone(),
                start: qt.content.start,
                end: qt.content.end,
            };
            match quotes.get_mut(&key) {
                Some((_, e)) => e.sources.push(src),
                None => {
                    let entry = TimelineEntry {
                        date: date.as_ref().map(|d| d.0.clone()),
                        precision: date
                            .as_ref()
                            .map(|d| d.1.precision)
                            .unwrap_or(Precision::Unknown),
                        kind: TimelineKind::Quote,
                        event_type: None,
                        quote_kind: Some(qt.kind),
                        summary: {
                            let s = trim_summary(&format!("{speaker}: {}", content.trim()));
                            if uncertain {
                                format!("{s}{UNCERTAIN_NOTE}")
                            } else {
                                s
                            }
                        },
                        who: qt.speaker_name.iter().cloned().collect(),
                        sources: vec![src],
                    };
                    quotes.insert(key, (date, entry));
                }
            }
        }
    }
    for (_, (date, mut entry)) in quotes {
        entry.sources.sort();
        match date {
            Some((_, r)) => {
                if window(&r) {
                    dated.push((r, entry));
                }
            }
            None => {
                if day_in_window(entry.sources.first().and_then(|s| pub_day(&s.article))) {
                    undated.push(entry);
                }
            }
        }
    }

    if let Some(n) = q.max_dates {
        let mut weight: BTreeMap<&str, (usize, DateRange)> = BTreeMap::new();
        for (r, e) in &dated {
            let w = weight
                .entry(e.date.as_deref().unwrap_or(""))
                .or_insert((0, *r));
            w.0 += e.sources.len();
        }
        let mut ranked: Vec<(&str, (usize, DateRange))> = weight.into_iter().collect();
        ranked.sort_by(|a, b| {
            b.1 .0
                .cmp(&a.1 .0)
                .then(a.1 .1.start.cmp(&b.1 .1.start))
                .then(a.0.cmp(b.0))
        });
        let keep: HashSet<String> = ranked
            .into_iter()
            .take(n)
            .map(|x| x.0.to_string())
            .collect();
        dated.retain(|(_, e)| e.date.as_ref().map(|d| keep.contains(d)).unwrap_or(false));
    }

    dated.sort_by(|a, b| {
        a.0.start
            .cmp(&b.0.start)
            .then(a.0.precision.cmp(&b.0.precision))
            .then_with(|| tie(&a.1, &b.1))
    });
    undated.sort_by(|a, b| {
        let da = a.sources.first().and_then(|s| pub_day(&s.article));
        let db = b.sources.first().and_then(|s| pub_day(&s.article));
        da.is_none()
            .cmp(&db.is_none())
            .then(da.cmp(&db))
            .then_with(|| tie(a, b))
    });
    Timeline {
        dated: dated.into_iter().map(|x| x.1).collect(),
        undated,
    }
}

/// The date of a quote: its own date from the text, else the publication
/// date. Neither is used when it rests on a guessed publication date (a text
/// date counts only when a time expression giving it writes the year).
/// Returns the date and whether it was withheld as uncertain.
/// A quote whose words lie inside a longer quote by the same speaker in the
/// same article (a partial quote inside reported speech) adds nothing to a
/// timeline: the longer quote already shows them.
fn nested_in_same_speaker(q: &newsline_model::Quote, all: &[newsline_model::Quote]) -> bool {
    all.iter().any(|o| {
        o.content.contains(&q.content)
            && o.content.len() > q.content.len()
            && o.speaker == q.speaker
            && o.speaker_name == q.speaker_name
    })
}

fn quote_date(
    r: &ArticleRecord,
    qt: &newsline_model::Quote,
) -> (Option<(String, DateRange)>, bool) {
    let parse = |d: &str| parse_timex(d).ok().map(|x| (d.to_string(), x));
    let from_text = qt
        .date
        .as_deref()
        .filter(|_| qt.date_origin.as_deref() != Some("published"))
        .and_then(parse);
    if let Some((d, x)) = from_text {
        if !publication_uncertain(r) {
            return (Some((d, x)), false);
        }
        let written = r.times.iter().any(|t| {
            (t.value == d || t.value.starts_with(&d))
                && has_year(&r.char_slice(t.span), d.get(..4).unwrap_or(""))
        });
        return if written {
            (Some((d, x)), false)
        } else {
            (None, true)
        };
    }
    let published = r.published.value.as_deref().and_then(parse);
    match published {
        Some(_) if publication_uncertain(r) => (None, true),
        p => (p, false),
    }
}

/// The date an event is placed at: the merged date when a trusted source gives
/// it, else the date most trusted sources give; `None` when every dated
/// source rests on a guessed publication date without writing the year.
/// Returns the date and whether one was withheld as uncertain.
fn event_date<'a>(
    e: &'a CorpusEvent,
    by_id: &HashMap<&str, &ArticleRecord>,
) -> (Option<&'a str>, bool) {
    let Some(best) = e.date.as_deref() else {
        return (None, false);
    };
    let trusted = |s: &EventSource| -> bool {
        let Some(d) = s.date.as_deref() else {
            return false;
        };
        match by_id.get(s.at.article.as_str()) {
            // Outside the records given: nothing says its date is a guess.
            None => true,
            Some(r) => {
                let evidence = r.char_slice(newsline_model::Span::new(s.at.start, s.at.end));
                stated_date_trusted(r, d, &evidence)
            }
        }
    };
    let dated: Vec<&EventSource> = e.sources.iter().filter(|s| s.date.is_some()).collect();
    if dated.is_empty() {
        // No per-source dates recorded: judge by the articles alone.
        let all_guessed = !e.sources.is_empty()
            && e.sources.iter().all(|s| {
                by_id.get(s.at.article.as_str()).is_some_and(|r| {
                    publication_uncertain(r)
                        && !has_year(
                            &r.char_slice(newsline_model::Span::new(s.at.start, s.at.end)),
                            best.get(..4).unwrap_or(""),
                        )
                })
            });
        return if all_guessed {
            (None, true)
        } else {
            (Some(best), false)
        };
    }
    let good: Vec<&str> = dated
        .iter()
        .filter(|s| trusted(s))
        .filter_map(|s| s.date.as_deref())
        .collect();
    if good.contains(&best) {
        return (Some(best), false);
    }
    // Most supported trusted date; ties: more precise, then earlier in text order.
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for &d in &good {
        *counts.entry(d).or_insert(0) += 1;
    }
    let pick = counts
        .into_iter()
        .filter_map(|(d, n)| parse_timex(d).ok().map(|r| (d, n, r.precision)))
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)).then(b.0.cmp(a.0)))
        .map(|x| x.0);
    match pick {
        Some(d) => (Some(d), false),
        None => (None, true),
    }
}
