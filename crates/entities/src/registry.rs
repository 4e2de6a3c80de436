//! Corpus-level entity registry.

use std::collections::{BTreeMap, BTreeSet};

use newsline_model::{ArticleRecord, CorpusEntity, Entity, EntityType, RoleSpell};

use crate::corrections::Corrections;
use crate::lexicon::role_class;

/// Entities canonicalised across articles.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Registry {
    /// Corpus entities, sorted by id.
    pub entities: Vec<CorpusEntity>,
    /// (article id, local entity id) → (corpus entity id, confidence).
    links: BTreeMap<(String, String), (String, f32)>,
    /// Merged entity id → surviving id (from the user's corrections).
    pub redirects: BTreeMap<String, String>,
    /// Problems with the corrections that did not stop the build (unknown ids).
    pub warnings: Vec<String>,
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

    /// The corpus entity with this id (a merged id finds its survivor).
    pub fn entity(&self, id: &str) -> Option<&CorpusEntity> {
        let id = self.redirects.get(id).map(String::as_str).unwrap_or(id);
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
    fixed_type: Option<EntityType>,
    /// Names of entities merged into this one by a correction (used only when
    /// it has no name of its own: the survivor keeps its name).
    merged_names: BTreeMap<String, usize>,
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
    build_registry_with(records, &Corrections::default())
}

/// Builds the corpus registry, then applies the user's `corrections`
/// (splits, merges, renames, aliases, types, in that order). The result does
/// not depend on the order of `records`; ids the corrections name that the
/// registry does not know are listed in [`Registry::warnings`].
pub fn build_registry_with(records: &[ArticleRecord], corrections: &Corrections) -> Registry {
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

    let mut warnings = Vec::new();
    let (redirects, merged) = apply_link_corrections(&recs, &mut links, corrections, &mut warnings);

    // Aggregate the corpus entities from the final links.
    let mut aggs: BTreeMap<String, Agg> = BTreeMap::new();
    for r in &recs {
        let date = r.published.value.as_deref();
        for e in &r.entities {
            let key = (r.id.clone(), e.id.clone());
            if let Some((cid, _)) = links.get(&key) {
                let agg = aggs.entry(cid.clone()).or_default();
                agg.add(&r.id, date, e);
                if merged.contains(&key) {
                    if let Some(n) = agg.names.get_mut(&e.name) {
                        *n -= 1;
                        if *n == 0 {
                            agg.names.remove(&e.name);
                        }
                    }
                    *agg.merged_names.entry(e.name.clone()).or_default() += 1;
                }
            }
        }
    }
    let resolve =
        |id: &str| -> String { redirects.get(id).cloned().unwrap_or_else(|| id.to_string()) };
    // Canonical names fixed by the user: split names first, renames win.
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for s in &corrections.split {
        if let Some(n) = s.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            names.insert(resolve(&s.new_id), n.to_string());
        }
    }
    for r in &corrections.rename {
        let id = resolve(&r.id);
        if aggs.contains_key(&id) {
            names.insert(id, r.name.trim().to_string());
        } else {
            warnings.push(format!("[[rename]]: unknown entity id {:?}", r.id));
        }
    }
    for a in &corrections.alias {
        let id = resolve(&a.id);
        match aggs.get_mut(&id) {
            Some(agg) => agg.aliases.extend(
                a.aliases
                    .iter()
                    .map(|x| x.trim().to_string())
                    .filter(|x| !x.is_empty()),
            ),
            None => warnings.push(format!("[[alias]]: unknown entity id {:?}", a.id)),
        }
    }
    for t in &corrections.retype {
        let id = resolve(&t.id);
        match aggs.get_mut(&id) {
            Some(agg) => agg.fixed_type = Some(t.etype),
            None => warnings.push(format!("[[type]]: unknown entity id {:?}", t.id)),
        }
    }

    let entities = aggs
        .into_iter()
        .map(|(id, mut a)| {
            let own = if a.names.is_empty() {
                &a.merged_names
            } else {
                &a.names
            };
            let auto = own
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
            let name = match names.get(&id) {
                Some(n) => {
                    if !auto.is_empty() {
                        a.aliases.insert(auto);
                    }
                    n.clone()
                }
                None => auto,
            };
            let aliases = a.aliases.into_iter().filter(|x| *x != name).collect();
            CorpusEntity {
                id,
                name,
                etype: a.fixed_type.or(a.etype).unwrap_or(EntityType::Other),
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
    Registry {
        entities,
        links,
        redirects,
        warnings,
    }
}

/// Applies splits and merges to the links; returns the merge redirects and
/// the links a merge moved.
fn apply_link_corrections(
    recs: &[&ArticleRecord],
    links: &mut BTreeMap<(String, String), (String, f32)>,
    corrections: &Corrections,
    warnings: &mut Vec<String>,
) -> (BTreeMap<String, String>, BTreeSet<(String, String)>) {
    let mut moved = BTreeSet::new();
    if corrections.is_empty() {
        return (BTreeMap::new(), moved);
    }
    let local: BTreeMap<(&str, &str), &Entity> = recs
        .iter()
        .flat_map(|r| {
            r.entities
                .iter()
                .map(move |e| ((r.id.as_str(), e.id.as_str()), e))
        })
        .collect();
    for s in &corrections.split {
        let arts: BTreeSet<&str> = s.articles.iter().map(|a| a.trim()).collect();
        let names: BTreeSet<String> = s.aliases.iter().map(|a| a.trim().to_lowercase()).collect();
        let mut found = false;
        for ((art, lid), (cid, _)) in links.iter_mut() {
            if *cid != s.id {
                continue;
            }
            found = true;
            let by_name = local.get(&(art.as_str(), lid.as_str())).is_some_and(|e| {
                names.contains(&e.name.to_lowercase())
                    || e.aliases.iter().any(|x| names.contains(&x.to_lowercase()))
            });
            if arts.contains(art.as_str()) || by_name {
                *cid = s.new_id.clone();
            }
        }
        if !found {
            warnings.push(format!("[[split]]: unknown entity id {:?}", s.id));
        }
    }
    let known: BTreeSet<String> = links.values().map(|(c, _)| c.clone()).collect();
    let mut unknown: Vec<&str> = corrections
        .merge
        .iter()
        .flat_map(|m| m.ids.iter())
        .filter(|id| !known.contains(*id))
        .map(String::as_str)
        .collect();
    unknown.dedup();
    if !unknown.is_empty() {
        warnings.push(format!("[[merge]]: unknown entity ids {unknown:?}"));
    }
    let redirects = corrections.redirects();
    if !redirects.is_empty() {
        for (key, (cid, _)) in links.iter_mut() {
            if let Some(to) = redirects.get(cid.as_str()) {
                *cid = to.clone();
                moved.insert(key.clone());
            }
        }
    }
    (redirects, moved)
}
