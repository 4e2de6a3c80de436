//! Grouping articles into storylines.

use std::collections::{BTreeMap, HashMap, HashSet};

use newsline_model::{ArticleRecord, CorpusEvent, DupGroup, EntityType, Storyline};

/// Minimum similarity for two articles to share a storyline.
const THRESHOLD: f32 = 0.25;
/// Articles further apart than this (days) are only linked through others.
const GAP_DAYS: i64 = 90;
/// Bonus similarity for two articles that report the same corpus event.
const EVENT_BONUS: f32 = 0.2;

const STOP: &[&str] = &[
    "about",
    "above",
    "according",
    "across",
    "after",
    "again",
    "against",
    "also",
    "although",
    "among",
    "amid",
    "another",
    "because",
    "been",
    "before",
    "being",
    "between",
    "both",
    "called",
    "cannot",
    "could",
    "during",
    "each",
    "earlier",
    "either",
    "even",
    "every",
    "from",
    "further",
    "have",
    "having",
    "here",
    "however",
    "into",
    "itself",
    "just",
    "last",
    "later",
    "least",
    "less",
    "like",
    "made",
    "make",
    "many",
    "more",
    "most",
    "much",
    "must",
    "never",
    "news",
    "next",
    "none",
    "only",
    "other",
    "over",
    "reported",
    "said",
    "says",
    "should",
    "since",
    "some",
    "such",
    "than",
    "that",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "told",
    "under",
    "until",
    "very",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "will",
    "with",
    "within",
    "without",
    "would",
    "year",
    "years",
    "week",
    "weeks",
    "month",
    "months",
    "today",
    "yesterday",
    "tomorrow",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "added",
    "asked",
    "noted",
    "stated",
    "still",
    "take",
    "taken",
    "time",
    "times",
    "well",
    "where",
    "your",
    "ours",
    "does",
    "done",
    "going",
    "come",
    "came",
    "part",
    "says",
    "saying",
    "already",
    "now",
    "any",
    "all",
    "the",
    "and",
    "for",
    "are",
    "was",
    "has",
    "had",
    "not",
    "but",
    "its",
    "our",
    "who",
    "him",
    "her",
    "his",
    "she",
    "may",
    "can",
    "one",
    "two",
    "new",
    "people",
    "way",
    "thing",
    "things",
    "first",
    "second",
    "three",
    "four",
    "five",
    "per",
    "cent",
    "percent",
    "read",
    "more",
    "subscribe",
    "comment",
    "reply",
    "email",
    "published",
];

struct Feat {
    ents: BTreeMap<String, f32>,
    terms: BTreeMap<String, f32>,
    day: Option<chrono::NaiveDate>,
}

static STOP_SET: once_cell::sync::Lazy<HashSet<&'static str>> =
    once_cell::sync::Lazy::new(|| STOP.iter().copied().collect());

fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphanumeric() && c != '-')
        .map(|w| w.trim_matches('-').to_lowercase())
        .filter(|w| {
            w.chars().count() >= 4
                && w.chars().all(|c| c.is_alphabetic() || c == '-')
                && !STOP_SET.contains(w.as_str())
        })
}

fn features(
    r: &ArticleRecord,
    canon: &dyn Fn(&str, &str) -> String,
) -> (Feat, Vec<(String, String)>) {
    let title = r.title.as_deref().unwrap_or("");
    let lead_end = r.paragraphs.first().map(|p| p.end).unwrap_or(300).max(300);
    let mut ents: BTreeMap<String, f32> = BTreeMap::new();
    let mut names = Vec::new();
    let mut name_words: HashSet<String> = HashSet::new();
    for e in &r.entities {
        if e.etype == EntityType::Other {
            continue;
        }
        let c = canon(&r.id, &e.id);
        let mut w = (e.mentions.len() as f32).min(5.0);
        if !e.name.is_empty()
            && (title.contains(&e.name)
                || e.aliases
                    .iter()
                    .any(|a| a.len() > 2 && title.contains(a.as_str())))
        {
            w += 2.0;
        }
        if e.mentions
            .first()
            .map(|m| m.span.start < lead_end)
            .unwrap_or(false)
        {
            w += 1.0;
        }
        if w > 0.0 {
            *ents.entry(c.clone()).or_insert(0.0) += w;
            names.push((c, e.name.clone()));
            name_words.extend(words(&e.name));
        }
    }
    let mut terms: BTreeMap<String, f32> = BTreeMap::new();
    for w in words(title) {
        if !name_words.contains(&w) {
            *terms.entry(w).or_insert(0.0) += 2.0;
        }
    }
    let body: String = r.text.chars().take(3000).collect();
    for w in words(&body) {
        if !name_words.contains(&w) {
            *terms.entry(w).or_insert(0.0) += 1.0;
        }
    }
    for v in terms.values_mut() {
        *v = 1.0 + v.ln();
    }
    (
        Feat {
            ents,
            terms,
            day: r.published_date(),
        },
        names,
    )
}

/// A sparse vector over the vocabulary, sorted by key id. Ids are given in
/// the keys' string order, so iterating a vector visits its keys in the
/// same order as iterating a map keyed by the strings.
type Sparse = Vec<(u32, f32)>;

/// Every entity and term key of the articles, in string order; a key's id
/// is its position.
fn vocabulary(feats: &[Feat]) -> (Vec<&str>, HashMap<&str, u32>) {
    let mut seen: HashSet<&str> = HashSet::new();
    for f in feats {
        seen.extend(f.ents.keys().chain(f.terms.keys()).map(String::as_str));
    }
    let mut words: Vec<&str> = seen.into_iter().collect();
    words.sort_unstable();
    let ids = words
        .iter()
        .enumerate()
        .map(|(i, w)| (*w, u32::try_from(i).unwrap_or(u32::MAX)))
        .collect();
    (words, ids)
}

fn sparse(m: &BTreeMap<String, f32>, ids: &HashMap<&str, u32>) -> Sparse {
    m.iter()
        .filter_map(|(k, x)| ids.get(k.as_str()).map(|&i| (i, *x)))
        .collect()
}

fn weigh(v: &mut Sparse, idf: &[f32]) {
    for (k, x) in v.iter_mut() {
        *x *= idf.get(*k as usize).copied().unwrap_or(1.0);
    }
    let norm = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, x) in v.iter_mut() {
            *x /= norm;
        }
    }
}

fn idf_of<'a>(vs: impl Iterator<Item = &'a Sparse>, n: usize, vocab: usize) -> Vec<f32> {
    let mut df = vec![0usize; vocab];
    for v in vs {
        for (k, _) in v {
            if let Some(d) = df.get_mut(*k as usize) {
                *d += 1;
            }
        }
    }
    df.into_iter()
        .map(|d| {
            if d == 0 {
                1.0
            } else {
                (1.0 + n as f32 / d as f32).ln()
            }
        })
        .collect()
}

/// Dot product of two sparse vectors (a merge of the two key lists).
fn cos(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0f32);
    while let (Some(&(ka, xa)), Some(&(kb, xb))) = (a.get(i), b.get(j)) {
        match ka.cmp(&kb) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += xa * xb;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// True when two sorted lists share an element.
fn intersects(a: &[usize], b: &[usize]) -> bool {
    let (mut i, mut j) = (0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

fn find(p: &mut [usize], mut x: usize) -> usize {
    while let Some(&px) = p.get(x) {
        if px == x {
            break;
        }
        let gp = p.get(px).copied().unwrap_or(px);
        if let Some(s) = p.get_mut(x) {
            *s = gp;
        }
        x = px;
    }
    x
}

fn union(p: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(p, a), find(p, b));
    if ra != rb {
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        if let Some(s) = p.get_mut(hi) {
            *s = lo;
        }
    }
}

/// Groups articles into storylines.
///
/// Articles are linked when their salient entities (corpus ids through
/// `canon`, weighted by mentions, title and lead presence, IDF-weighted) and
/// vocabulary are similar enough, with a bonus when they report the same
/// corpus event; links between articles more than 90 days apart are not made
/// directly (storylines grow through intermediate articles). Members of one
/// [`DupGroup`] always share a storyline. Storylines are the connected
/// components; every article belongs to exactly one. The id is
/// `story-<earliest member id>`; the label names the top entities and term.
/// The result does not depend on the order of the inputs.
pub fn storylines(
    records: &[ArticleRecord],
    events: &[CorpusEvent],
    dups: &[DupGroup],
    canon: &dyn Fn(&str, &str) -> String,
) -> Vec<Storyline> {
    let mut recs: Vec<&ArticleRecord> = records.iter().collect();
    recs.sort_by(|a, b| a.id.cmp(&b.id));
    recs.dedup_by(|a, b| a.id == b.id);
    let n = recs.len();
    let pos: HashMap<&str, usize> = recs
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();

    let mut feats = Vec::with_capacity(n);
    let mut names: HashMap<String, BTreeMap<String, usize>> = HashMap::new();
    for r in &recs {
        let (f, ns) = features(r, canon);
        for (c, name) in ns {
            *names.entry(c).or_default().entry(name).or_insert(0) += 1;
        }
        feats.push(f);
    }
    let (vocab, ids) = vocabulary(&feats);
    let raw_ents: Vec<Sparse> = feats.iter().map(|f| sparse(&f.ents, &ids)).collect();
    let raw_terms: Vec<Sparse> = feats.iter().map(|f| sparse(&f.terms, &ids)).collect();
    drop(ids);
    let eidf = idf_of(raw_ents.iter(), n, vocab.len());
    let tidf = idf_of(raw_terms.iter(), n, vocab.len());
    let vecs: Vec<(Sparse, Sparse)> = raw_ents
        .iter()
        .zip(&raw_terms)
        .map(|(e, t)| {
            let (mut e, mut t) = (e.clone(), t.clone());
            weigh(&mut e, &eidf);
            weigh(&mut t, &tidf);
            (e, t)
        })
        .collect();

    // The events each article reports (sorted), and the articles of each event.
    let mut art_events: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut ev_arts: Vec<Vec<usize>> = Vec::with_capacity(events.len());
    for (ei, e) in events.iter().enumerate() {
        let mut a: Vec<usize> = e
            .sources
            .iter()
            .filter_map(|s| pos.get(s.at.article.as_str()).copied())
            .collect();
        a.sort_unstable();
        a.dedup();
        for &i in &a {
            if let Some(v) = art_events.get_mut(i) {
                v.push(ei);
            }
        }
        ev_arts.push(a);
    }

    // Candidate pairs through an inverted index of entities and top terms.
    let mut keys: Vec<Vec<u32>> = Vec::with_capacity(n);
    let mut post: Vec<Vec<usize>> = vec![Vec::new(); vocab.len()];
    for (i, (e, t)) in vecs.iter().enumerate() {
        let mut top: Vec<(u32, f32)> = t.clone();
        top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut top_ents: Vec<(u32, f32)> = e.clone();
        top_ents.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mine: Vec<u32> = top_ents
            .into_iter()
            .take(12)
            .chain(top.into_iter().take(12))
            .map(|x| x.0)
            .collect();
        for &k in &mine {
            if let Some(list) = post.get_mut(k as usize) {
                list.push(i);
            }
        }
        keys.push(mine);
    }
    // Very common keys (a country in every article) generate no candidates
    // by themselves; pairs sharing them still meet through rarer keys.
    // Articles reporting the same event are always candidates. Each pair
    // is looked at once, from its lower index.
    let cap = 300;
    let mut parent: Vec<usize> = (0..n).collect();
    let mut seen_by = vec![usize::MAX; n];
    let mut partners: Vec<usize> = Vec::new();
    for i in 0..n {
        partners.clear();
        let lists = keys
            .get(i)
            .into_iter()
            .flatten()
            .filter_map(|&k| post.get(k as usize))
            .filter(|l| l.len() <= cap);
        let shared = art_events
            .get(i)
            .into_iter()
            .flatten()
            .filter_map(|&e| ev_arts.get(e));
        for &j in lists.chain(shared).flatten() {
            if j > i {
                if let Some(s) = seen_by.get_mut(j) {
                    if *s != i {
                        *s = i;
                        partners.push(j);
                    }
                }
            }
        }
        for &j in &partners {
            let (Some(a), Some(b)) = (feats.get(i), feats.get(j)) else {
                continue;
            };
            if let (Some(x), Some(y)) = (a.day, b.day) {
                if (x - y).num_days().abs() > GAP_DAYS {
                    continue;
                }
            }
            let (Some((ae, at)), Some((be, bt))) = (vecs.get(i), vecs.get(j)) else {
                continue;
            };
            let mut sim = 0.7 * cos(ae, be) + 0.3 * cos(at, bt);
            if let (Some(x), Some(y)) = (art_events.get(i), art_events.get(j)) {
                if intersects(x, y) {
                    sim += EVENT_BONUS;
                }
            }
            if sim >= THRESHOLD {
                union(&mut parent, i, j);
            }
        }
    }
    for g in dups {
        let Some(&c) = pos.get(g.canonical.as_str()) else {
            continue;
        };
        for m in &g.members {
            if let Some(&j) = pos.get(m.article.as_str()) {
                union(&mut parent, c, j);
            }
        }
    }

    let mut comps: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        comps.entry(r).or_default().push(i);
    }
    let mut out: Vec<Storyline> = comps
        .into_values()
        .map(|mut m| {
            m.sort_by(|&a, &b| {
                let da = feats.get(a).and_then(|f| f.day);
                let db = feats.get(b).and_then(|f| f.day);
                da.is_none()
                    .cmp(&db.is_none())
                    .then(da.cmp(&db))
                    .then(a.cmp(&b))
            });
            let articles: Vec<String> = m
                .iter()
                .filter_map(|&i| recs.get(i).map(|r| r.id.clone()))
                .collect();
            let dated: Vec<(chrono::NaiveDate, &str)> = m
                .iter()
                .filter_map(|&i| {
                    let r = recs.get(i)?;
                    Some((r.published_date()?, r.published.value.as_deref()?))
                })
                .collect();
            let start = dated.iter().min().map(|x| x.1.to_string());
            let end = dated.iter().max().map(|x| x.1.to_string());
            let mut ent_w: BTreeMap<u32, f32> = BTreeMap::new();
            let mut term_w: BTreeMap<u32, f32> = BTreeMap::new();
            for &i in &m {
                if let Some(v) = raw_ents.get(i) {
                    for (k, x) in v {
                        *ent_w.entry(*k).or_insert(0.0) += x;
                    }
                }
                if let Some(v) = raw_terms.get(i) {
                    for (k, x) in v {
                        *term_w.entry(*k).or_insert(0.0) +=
                            x * tidf.get(*k as usize).copied().unwrap_or(1.0);
                    }
                }
            }
            let word = |k: u32| vocab.get(k as usize).copied().unwrap_or("");
            let mut ents: Vec<(u32, f32)> = ent_w.into_iter().collect();
            ents.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let entities: Vec<String> =
                ents.iter().take(5).map(|e| word(e.0).to_string()).collect();
            let mut terms: Vec<(&str, f32)> =
                term_w.into_iter().map(|(k, x)| (word(k), x)).collect();
            terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
            let mut label_parts: Vec<String> = entities
                .iter()
                .take(3)
                .filter_map(|c| {
                    names.get(c).and_then(|ns| {
                        ns.iter()
                            .max_by(|a, b| {
                                a.1.cmp(b.1)
                                    .then(a.0.len().cmp(&b.0.len()))
                                    .then(b.0.cmp(a.0))
                            })
                            .map(|x| x.0.clone())
                    })
                })
                .collect();
            let mut label = label_parts.join(", ");
            if let Some((t, _)) = terms.first() {
                label = if label.is_empty() {
                    t.to_string()
                } else {
                    format!("{label}: {t}")
                };
            }
            if label.is_empty() {
                label_parts.clear();
                label = "untitled".to_string();
            }
            let mut ev_idx: Vec<usize> = m
                .iter()
                .filter_map(|&i| art_events.get(i))
                .flatten()
                .copied()
                .collect();
            ev_idx.sort_unstable();
            ev_idx.dedup();
            let mut evs: Vec<String> = ev_idx
                .iter()
                .filter_map(|&e| events.get(e).map(|e| e.id.clone()))
                .collect();
            evs.sort();
            evs.dedup();
            Storyline {
                id: format!(
                    "story-{}",
                    articles.first().map(String::as_str).unwrap_or("")
                ),
                label,
                articles,
                events: evs,
                start,
                end,
                entities,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        a.start
            .is_none()
            .cmp(&b.start.is_none())
            .then(a.start.cmp(&b.start))
            .then(a.id.cmp(&b.id))
    });
    out
}
