//! Merging event mentions across articles.

use std::collections::{BTreeMap, HashMap};

use newsline_model::{
    ArticleRecord, CorpusEvent, EntityType, EventSource, EventStatus, EventType, Precision,
    SourceRef,
};
use xxhash_rust::xxh3::xxh3_64;

use crate::dates::{parse_timex, DateRange};

struct M {
    article: String,
    start: usize,
    end: usize,
    etype: EventType,
    /// Person/organisation corpus ids, sorted.
    key: Vec<String>,
    /// All participant corpus ids with their type rank, in mention order.
    all: Vec<(u8, String)>,
    date: Option<String>,
    range: Option<DateRange>,
    status: EventStatus,
}

pub(crate) fn type_rank(t: EntityType) -> u8 {
    match t {
        EntityType::Person => 0,
        EntityType::Organization => 1,
        EntityType::Place => 2,
        EntityType::Other => 3,
    }
}

fn collect(records: &[ArticleRecord], canon: &dyn Fn(&str, &str) -> String) -> Vec<M> {
    let mut recs: Vec<&ArticleRecord> = records.iter().collect();
    recs.sort_by(|a, b| a.id.cmp(&b.id));
    let mut out = Vec::new();
    for r in recs {
        let types: HashMap<&str, EntityType> = r
            .entities
            .iter()
            .map(|e| (e.id.as_str(), e.etype))
            .collect();
        for ev in &r.events {
            let mut all: Vec<(u8, String)> = Vec::new();
            for p in &ev.participants {
                let rank = types.get(p.as_str()).map(|t| type_rank(*t)).unwrap_or(3);
                let c = canon(&r.id, p);
                if !all.iter().any(|x| x.1 == c) {
                    all.push((rank, c));
                }
            }
            let mut key: Vec<String> = all
                .iter()
                .filter(|x| x.0 <= 1)
                .map(|x| x.1.clone())
                .collect();
            key.sort();
            key.dedup();
            let range = ev.date.as_deref().and_then(|d| parse_timex(d).ok());
            out.push(M {
                article: r.id.clone(),
                start: ev.span.start,
                end: ev.span.end,
                etype: ev.etype,
                key,
                all,
                date: if range.is_some() {
                    ev.date.clone()
                } else {
                    None
                },
                range,
                status: ev.status,
            });
        }
    }
    // Dated and precise mentions first, so clusters form around dates.
    out.sort_by(|a, b| {
        a.etype
            .cmp(&b.etype)
            .then(a.range.is_none().cmp(&b.range.is_none()))
            .then(
                a.range
                    .map(|r| r.precision)
                    .cmp(&b.range.map(|r| r.precision)),
            )
            .then(a.article.cmp(&b.article))
            .then(a.start.cmp(&b.start))
    });
    out
}

fn shared(a: &[String], b: &[String]) -> usize {
    a.iter().filter(|x| b.contains(x)).count()
}

fn near(a: &DateRange, b: &DateRange) -> bool {
    a.precision <= Precision::Day
        && b.precision <= Precision::Day
        && (a.start - b.start).num_days().abs() <= 3
}

struct Cluster {
    etype: EventType,
    denied: bool,
    key: Vec<String>,
    places: Vec<String>,
    members: Vec<usize>,
}

/// Merges event mentions across articles into corpus events.
///
/// Two mentions merge when they have the same type, share participants
/// (after mapping local entity ids through `canon`; persons and
/// organisations count, places only when neither names any) and their dates
/// are compatible (one missing, or one range containing the other). When two
/// mentions share at least two participants, day dates up to three days apart
/// are taken as the same event reported with conflicting dates: the best
/// supported date wins and the others go to `conflicting_dates`. Denials are
/// never merged with reports of the event. Undated mentions merge only with
/// mentions of the same status, and one that fits several dated events
/// joins none of them.
///
/// The result does not depend on the order of `records`.
pub fn merge_events(
    records: &[ArticleRecord],
    canon: &dyn Fn(&str, &str) -> String,
) -> Vec<CorpusEvent> {
    let ms = collect(records, canon);
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut index: HashMap<(EventType, String), Vec<usize>> = HashMap::new();
    for (i, m) in ms.iter().enumerate() {
        let denied = m.status == EventStatus::Denied;
        let places: Vec<String> = m
            .all
            .iter()
            .filter(|x| x.0 == 2)
            .map(|x| x.1.clone())
            .collect();
        let mut fits: Vec<usize> = Vec::new();
        // Only clusters sharing a participant or place can fit.
        let mut cands: Vec<usize> = m
            .key
            .iter()
            .chain(&places)
            .filter_map(|id| index.get(&(m.etype, id.clone())))
            .flatten()
            .copied()
            .collect();
        cands.sort_unstable();
        cands.dedup();
        for ci in cands {
            let Some(c) = clusters.get(ci) else { continue };
            if c.etype != m.etype || c.denied != denied {
                continue;
            }
            let (ok_people, strong) = if !m.key.is_empty() && !c.key.is_empty() {
                let s = shared(&m.key, &c.key);
                let need = 2.min(m.key.len()).min(c.key.len());
                (s >= need && s > 0, s >= 2)
            } else if m.key.is_empty() && c.key.is_empty() {
                (shared(&places, &c.places) > 0, false)
            } else {
                // One side names only places: the same place and a date
                // on both sides ("the summit in X ended on June 16").
                let dated_both = m.range.is_some()
                    && c.members
                        .iter()
                        .any(|&j| ms.get(j).map(|o| o.range.is_some()).unwrap_or(false));
                (dated_both && shared(&places, &c.places) > 0, false)
            };
            if !ok_people {
                continue;
            }
            // Without a date to tie them, only mentions with the same status merge
            // (a planned call and a past call between the same people differ).
            let undated_pair = m.range.is_none()
                || c.members
                    .iter()
                    .all(|&j| ms.get(j).map(|o| o.range.is_none()).unwrap_or(true));
            if undated_pair
                && !c
                    .members
                    .iter()
                    .any(|&j| ms.get(j).map(|o| o.status == m.status).unwrap_or(false))
            {
                continue;
            }
            let dates_ok = match m.range {
                None => true,
                Some(r) => c
                    .members
                    .iter()
                    .all(|&j| match ms.get(j).and_then(|o| o.range) {
                        None => true,
                        Some(o) => r.compatible(&o) || (strong && near(&r, &o)),
                    }),
            };
            if dates_ok {
                fits.push(ci);
            }
        }
        let target = if m.range.is_none() && fits.len() > 1 {
            // Ambiguous: only join a cluster that is itself undated.
            fits.into_iter().find(|&ci| {
                clusters
                    .get(ci)
                    .map(|c| {
                        c.members
                            .iter()
                            .all(|&j| ms.get(j).map(|o| o.range.is_none()).unwrap_or(true))
                    })
                    .unwrap_or(false)
            })
        } else {
            fits.first().copied()
        };
        let ci = match target.filter(|&ci| ci < clusters.len()) {
            Some(ci) => ci,
            None => {
                clusters.push(Cluster {
                    etype: m.etype,
                    denied,
                    key: Vec::new(),
                    places: Vec::new(),
                    members: Vec::new(),
                });
                clusters.len() - 1
            }
        };
        if let Some(c) = clusters.get_mut(ci) {
            c.members.push(i);
            for k in m.key.iter().chain(&places) {
                let slot = index.entry((m.etype, k.clone())).or_default();
                if slot.last() != Some(&ci) && !slot.contains(&ci) {
                    slot.push(ci);
                }
            }
            for k in &m.key {
                if !c.key.contains(k) {
                    c.key.push(k.clone());
                }
            }
            for p in places {
                if !c.places.contains(&p) {
                    c.places.push(p);
                }
            }
        }
    }

    let mut events: Vec<CorpusEvent> = clusters.iter().map(|c| build(c, &ms)).collect();
    // Stable, unique ids.
    events.sort_by(|a, b| {
        let ra = a.date.as_deref().and_then(|d| parse_timex(d).ok());
        let rb = b.date.as_deref().and_then(|d| parse_timex(d).ok());
        ra.is_none()
            .cmp(&rb.is_none())
            .then(
                ra.map(|r| (r.start, r.precision))
                    .cmp(&rb.map(|r| (r.start, r.precision))),
            )
            .then(a.etype.cmp(&b.etype))
            .then(a.id.cmp(&b.id))
            .then(
                a.sources
                    .first()
                    .map(|s| &s.at)
                    .cmp(&b.sources.first().map(|s| &s.at)),
            )
    });
    let mut seen: HashMap<String, usize> = HashMap::new();
    for e in &mut events {
        let n = seen.entry(e.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            e.id = format!("{}-{}", e.id, n);
        }
    }
    events
}

fn build(c: &Cluster, ms: &[M]) -> CorpusEvent {
    let members: Vec<&M> = c.members.iter().filter_map(|&i| ms.get(i)).collect();
    // Participants: persons, organisations, places; most mentioned first.
    let mut counts: BTreeMap<&str, (u8, usize, usize)> = BTreeMap::new();
    for (order, m) in members.iter().enumerate() {
        for (pos, (rank, id)) in m.all.iter().enumerate() {
            let e = counts
                .entry(id.as_str())
                .or_insert((*rank, 0, order * 100 + pos));
            e.1 += 1;
        }
    }
    let mut parts: Vec<(&str, (u8, usize, usize))> = counts.into_iter().collect();
    parts.sort_by(|a, b| {
        a.1 .0
            .cmp(&b.1 .0)
            .then(b.1 .1.cmp(&a.1 .1))
            .then(a.0.cmp(b.0))
    });
    let participants: Vec<String> = parts.iter().map(|p| p.0.to_string()).collect();

    // Date: the value compatible with most sources, then the most precise.
    let dated: Vec<(&str, DateRange)> = members
        .iter()
        .filter_map(|m| Some((m.date.as_deref()?, m.range?)))
        .collect();
    let mut best: Option<(&str, DateRange, usize)> = None;
    for (v, r) in &dated {
        let support = dated.iter().filter(|(_, o)| r.compatible(o)).count();
        let better = match best {
            None => true,
            Some((bv, br, bs)) => {
                (
                    support,
                    std::cmp::Reverse(r.precision),
                    std::cmp::Reverse(*v),
                ) > (bs, std::cmp::Reverse(br.precision), std::cmp::Reverse(bv))
            }
        };
        if better {
            best = Some((v, *r, support));
        }
    }
    let (date, precision) = match best {
        Some((v, r, _)) => (Some(v.to_string()), r.precision),
        None => (None, Precision::Unknown),
    };
    let mut conflicting: Vec<String> = match best {
        Some((_, br, _)) => dated
            .iter()
            .filter(|(_, r)| !r.compatible(&br))
            .map(|(v, _)| v.to_string())
            .collect(),
        None => Vec::new(),
    };
    conflicting.sort();
    conflicting.dedup();

    // Status: majority, ties by the order of EventStatus.
    let mut st: BTreeMap<EventStatus, usize> = BTreeMap::new();
    for m in &members {
        *st.entry(m.status).or_insert(0) += 1;
    }
    let status = st
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|x| *x.0)
        .unwrap_or(EventStatus::Happened);

    let mut sources: Vec<EventSource> = members
        .iter()
        .map(|m| EventSource {
            at: SourceRef {
                article: m.article.clone(),
                start: m.start,
                end: m.end,
            },
            date: m.date.clone(),
            status: m.status,
        })
        .collect();
    sources.sort_by(|a, b| a.at.cmp(&b.at));
    sources.dedup_by(|a, b| a.at == b.at);

    let mut key_parts: Vec<&str> = c.key.iter().map(String::as_str).collect();
    if key_parts.is_empty() {
        key_parts = c.places.iter().map(String::as_str).collect();
    }
    key_parts.sort_unstable();
    let type_name = format!("{:?}", c.etype).to_lowercase();
    let key = format!(
        "{}|{}|{}|{}",
        type_name,
        key_parts.join(","),
        date.as_deref().unwrap_or(""),
        if c.denied { "denied" } else { "" }
    );
    CorpusEvent {
        id: format!("ev-{}-{:016x}", type_name, xxh3_64(key.as_bytes())),
        etype: c.etype,
        participants,
        date,
        precision,
        conflicting_dates: conflicting,
        status,
        sources,
    }
}
