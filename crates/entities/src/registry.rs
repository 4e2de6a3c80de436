//! Corpus-level entity registry.

use std::collections::{BTreeMap, BTreeSet};

use newsline_model::{ArticleRecord, CorpusEntity, Entity, EntityType, RoleSpell};

use crate::lexicon::role_class;

/// Entities canonicalised across articles.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Registry {
    /// Corpus entities, sorted by id.
    pub entities: Vec<CorpusEntity>,
    /// (article id, local entity id) → (corpus entity id, confidence).
    links: BTreeMap<(String, String), (String, f32)>,
}

impl Registry {
    /// The corpus entity id for an article's local entity id.
    pub fn corpus_id(&self, article: &str, local_id: &str) -> Option<&str> {
        self.links
            .get(&(article.to_string(), local_id.to_string()))
            .map(|(id, _)| id.as_str())
    }

    /// Like [`Registry::corpus_id`], with the confidence of the link (1.0 for exact names).
    pub fn link(&self, article: &str, local_id: &str) -> Option<(&str, f32)> {
        self.links
            .get(&(article.to_string(), local_id.to_string()))
            .map(|(id, c)| (id.as_str(), *c))
    }

    /// The corpus entity with this id.
    pub fn entity(&self, id: &str) -> Option<&CorpusEntity> {
        self.entities
            .binary_search_by(|e| e.id.as_str().cmp(id))
            .ok()
            .and_then(|i| self.entities.get(i))
    }
}

fn day_number(date: &str) -> Option<i64> {
    let mut it = date.get(..10).unwrap_or(date).split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let d: i64 = it.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    Some(y * 372 + (m - 1) * 31 + (d - 1))
}

fn role_classes(title: &str) -> BTreeSet<&'static str> {
    let mut out: BTreeSet<&'static str> = title.split_whitespace().filter_map(role_class).collect();
    if title.contains("press secretary") {
        out.insert("spokesperson");
    }
    out
}

fn is_full_person(e: &Entity) -> bool {
    e.etype == EntityType::Person
        && e.id.starts_with("person:")
        && e.name.split_whitespace().count() >= 2
}

/// A fully named person: id, surname slug, role spells (title, first day, last day), article count.
type PersonInfo = (
    String,
    String,
    Vec<(String, Option<i64>, Option<i64>)>,
    usize,
);

#[derive(Default)]
struct Agg {
    names: BTreeMap<String, usize>,
    etype: Option<EntityType>,
    aliases: BTreeSet<String>,
    roles: BTreeMap<String, (Option<String>, Option<String>)>,
    articles: BTreeSet<String>,
    mentions: usize,
}

impl Agg {
    fn add(&mut self, article: &str, date: Option<&str>, e: &Entity) {
        *self.names.entry(e.name.clone()).or_default() += 1;
        self.etype = Some(match self.etype {
            Some(t) if t != EntityType::Other => t,
            _ => e.etype,
        });
        self.aliases.insert(e.name.clone());
        self.aliases.extend(e.aliases.iter().cloned());
        for r in &e.roles {
            let d = r.date.clone().or_else(|| date.map(str::to_string));
            let spell = self.roles.entry(r.title.clone()).or_default();
            if let Some(d) = d {
                if spell.0.as_ref().is_none_or(|f| d < *f) {
                    spell.0 = Some(d.clone());
                }
                if spell.1.as_ref().is_none_or(|l| d > *l) {
                    spell.1 = Some(d);
                }
            }
        }
        self.articles.insert(article.to_string());
        self.mentions += e.mentions.len();
    }
}

/// Builds the corpus registry. The result does not depend on the order of `records`.
pub fn build_registry(records: &[ArticleRecord]) -> Registry {
    let mut recs: Vec<&ArticleRecord> = records.iter().collect();
    recs.sort_by(|a, b| a.id.cmp(&b.id));

    // Pass 1: exactly named entities.
    let mut aggs: BTreeMap<String, Agg> = BTreeMap::new();
    let mut links: BTreeMap<(String, String), (String, f32)> = BTreeMap::new();
    let mut pending: Vec<(&ArticleRecord, &Entity)> = Vec::new();
    for r in &recs {
        let date = r.published.value.as_deref();
        for e in &r.entities {
            let direct = e.etype != EntityType::Person || is_full_person(e);
            if direct {
                aggs.entry(e.id.clone()).or_default().add(&r.id, date, e);
                links.insert((r.id.clone(), e.id.clone()), (e.id.clone(), 1.0));
            } else {
                pending.push((r, e));
            }
        }
    }
    // Role spells of fully named persons, for matching surnames and role nouns.
    let persons: Vec<PersonInfo> = aggs
        .iter()
        .filter(|(id, a)| id.starts_with("person:") && a.etype == Some(EntityType::Person))
        .map(|(id, a)| {
            let surname = id.rsplit('-').next().unwrap_or("").to_string();
            let surname = if id.contains('-') {
                surname
            } else {
                String::new()
            };
            let roles = a
                .roles
                .iter()
                .map(|(t, (f, l))| {
                    (
                        t.clone(),
                        f.as_deref().and_then(day_number),
                        l.as_deref().and_then(day_number),
                    )
                })
                .collect();
            (id.clone(), surname, roles, a.articles.len())
        })
        .collect();

    // Pass 2: bare surnames and role nouns.
    for (r, e) in pending {
        let date = r.published.value.as_deref().and_then(day_number);
        let local_classes: BTreeSet<&str> = e
            .roles
            .iter()
            .flat_map(|x| role_classes(&x.title))
            .collect();
        let local_words: BTreeSet<&str> = e
            .roles
            .iter()
            .flat_map(|x| x.title.split_whitespace())
            .collect();
        let is_role = e.id.starts_with("role:");
        let surname = e.id.strip_prefix("person:").unwrap_or("");
        let mut scored: Vec<(i64, &str)> = Vec::new();
        for (pid, psur, proles, narts) in &persons {
            if !is_role && psur != surname {
                continue;
            }
            let mut score: i64 = if is_role { 0 } else { 10 };
            for (title, first, last) in proles {
                let classes = role_classes(title);
                if classes.iter().any(|c| local_classes.contains(c)) {
                    let overlap = title
                        .split_whitespace()
                        .filter(|w| local_words.contains(w) && role_class(w).is_none())
                        .count() as i64;
                    let mut s = 10 + 3 * overlap;
                    if let (Some(d), Some(f), Some(l)) = (date, first, last) {
                        let dist = if d < *f {
                            f - d
                        } else if d > *l {
                            d - l
                        } else {
                            0
                        };
                        s += 6 - (dist / 62).min(8);
                    }
                    score = score.max(if is_role { s } else { 10 + s });
                }
            }
            if is_role && score < 10 {
                continue;
            }
            score += (*narts as i64).min(5);
            scored.push((score, pid.as_str()));
        }
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        let target = match scored.as_slice() {
            [] => None,
            [(_, id)] => Some((id.to_string(), if is_role { 0.6 } else { 0.9 })),
            [(s1, id), (s2, _), ..] => {
                let c = if s1 > s2 { 0.7 } else { 0.5 };
                Some((id.to_string(), if is_role { c - 0.1 } else { c }))
            }
        };
        let (cid, conf) = target.unwrap_or_else(|| (e.id.clone(), 1.0));
        aggs.entry(cid.clone())
            .or_default()
            .add(&r.id, r.published.value.as_deref(), e);
        links.insert((r.id.clone(), e.id.clone()), (cid, conf));
    }

    let entities = aggs
        .into_iter()
        .map(|(id, a)| {
            let name = a
                .names
                .iter()
                .max_by(|x, y| {
                    x.0.split_whitespace()
                        .count()
                        .cmp(&y.0.split_whitespace().count())
                        .then(x.1.cmp(y.1))
                        .then(y.0.cmp(x.0))
                })
                .map(|(n, _)| n.clone())
                .unwrap_or_default();
            let aliases = a.aliases.into_iter().filter(|x| *x != name).collect();
            CorpusEntity {
                id,
                name,
                etype: a.etype.unwrap_or(EntityType::Other),
                aliases,
                roles: a
                    .roles
                    .into_iter()
                    .map(|(title, (f, l))| RoleSpell {
                        title,
                        first_seen: f,
                        last_seen: l,
                    })
                    .collect(),
                articles: a.articles.len(),
                mentions: a.mentions,
            }
        })
        .collect();
    Registry { entities, links }
}
