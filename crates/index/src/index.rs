//! The tantivy index.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use newsline_model::ArticleRecord;
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::error::LockError;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value,
    FAST, INDEXED, STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, TantivyError, Term,
};

use crate::error::{IndexError, Result};
use crate::facets::FacetCounter;
use crate::query::{date_key, filter_key, lead, Facets, Hit, SearchQuery, SearchResults};

/// Writer heap.
const WRITER_HEAP: usize = 50_000_000;
/// Segments left after a commit before the smaller ones are merged.
const MAX_SEGMENTS: usize = 8;
/// Most hits returned by one search.
const MAX_LIMIT: usize = 1000;
/// Facet values returned per facet.
const MAX_FACET_VALUES: usize = 50;
/// Snippet length in characters.
const SNIPPET_CHARS: usize = 220;

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    title: Field,
    text: Field,
    published: Field,
    day: Field,
    source: Field,
    site: Field,
    entities: Field,
    speakers: Field,
    facets: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let stemmed = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("en_stem")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", stemmed.clone()),
        text: b.add_text_field("text", stemmed.clone()),
        published: b.add_text_field("published", STRING | STORED),
        day: b.add_u64_field("day", INDEXED | FAST),
        source: b.add_text_field("source", STRING | STORED),
        site: b.add_text_field("site", STRING | STORED),
        entities: b.add_text_field("entities", STRING),
        speakers: b.add_text_field(
            "speakers",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("default")
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            ),
        ),
        facets: b.add_facet_field("facets", FacetOptions::default()),
    };
    (b.build(), fields)
}

/// The site an article came from: its site name, else the host of its URL or source.
fn site_of(rec: &ArticleRecord) -> String {
    if let Some(s) = rec
        .site_name
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        return s.to_string();
    }
    let host = |u: &str| -> Option<String> {
        let rest = u.split_once("://")?.1;
        let host = rest.split(['/', '?', '#']).next()?;
        let host = host.rsplit('@').next()?.split(':').next()?;
        let host = host.strip_prefix("www.").unwrap_or(host);
        (!host.is_empty()).then(|| host.to_lowercase())
    };
    rec.url
        .as_deref()
        .and_then(host)
        .or_else(|| host(&rec.source))
        .unwrap_or_else(|| "unknown".to_string())
}

fn facet_step(s: &str) -> String {
    s.replace('\0', " ")
}

fn has_terms(q: &dyn Query) -> bool {
    let mut n = 0usize;
    q.query_terms(&mut |_, _| n += 1);
    n > 0
}

/// Removes leading/trailing boolean operators and drops `field:` prefixes
/// naming fields that do not exist.
fn tidy_query(text: &str, is_field: impl Fn(&str) -> bool) -> String {
    let mut toks: Vec<String> = text
        .split_whitespace()
        .map(|t| match t.split_once(':') {
            Some((f, rest))
                if f.starts_with(|c: char| c.is_alphabetic())
                    && f.chars().all(|c| c.is_alphanumeric() || c == '_')
                    && !is_field(f) =>
            {
                rest.to_string()
            }
            _ => t.to_string(),
        })
        .collect();
    let is_op = |t: &str| matches!(t, "AND" | "OR" | "NOT" | "&&" | "||" | "+" | "-" | "!");
    while toks.last().is_some_and(|t| is_op(t)) {
        toks.pop();
    }
    while toks
        .first()
        .is_some_and(|t| matches!(t.as_str(), "AND" | "OR" | "&&" | "||"))
    {
        toks.remove(0);
    }
    toks.join(" ")
}

/// Only the words of a query: every syntax character becomes a space and
/// boolean operators are dropped.
fn plain_words(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced
        .split_whitespace()
        .filter(|w| !matches!(*w, "AND" | "OR" | "NOT" | "IN" | "TO"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Size and modification time of an index's `meta.json`, which every commit
/// rewrites.
type Stamp = (u64, Option<SystemTime>);

/// An index opened read-only, with its reader as of `stamp`.
struct Shared {
    index: Index,
    reader: IndexReader,
    stamp: Stamp,
}

/// Most indexes whose readers are kept open in one process.
const MAX_SHARED: usize = 16;

/// Read-only opens in this process, by index directory. A server that opens
/// the index for every request then opens it (and maps its files) once, and
/// reloads its reader only when a writer has committed since.
static SHARED: Mutex<BTreeMap<PathBuf, Shared>> = Mutex::new(BTreeMap::new());

fn stamp_of(meta: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(meta).ok().filter(|m| m.is_file())?;
    Some((m.len(), m.modified().ok()))
}

/// Full-text index of articles in `<data dir>/index`.
pub struct SearchIndex {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    writer: Option<IndexWriter<TantivyDocument>>,
    f: Fields,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("dir", &self.dir)
            .field("writable", &self.writer.is_some())
            .finish()
    }
}

fn map_open_err(dir: &Path, e: TantivyError) -> IndexError {
    match e {
        TantivyError::LockFailure(LockError::LockBusy, _) => IndexError::Locked(dir.to_path_buf()),
        TantivyError::SchemaError(_) => IndexError::Incompatible(dir.to_path_buf()),
        e => IndexError::Tantivy(e),
    }
}

impl SearchIndex {
    /// Opens `<data_dir>/index` for writing, creating it if missing.
    pub fn open(data_dir: &Path) -> Result<Self> {
        let dir = data_dir.join("index");
        std::fs::create_dir_all(&dir).map_err(|source| IndexError::Io {
            context: format!("cannot create {}", dir.display()),
            source,
        })?;
        let (schema, f) = schema();
        let index = if dir.join("meta.json").is_file() {
            Index::open_in_dir(&dir).map_err(|e| map_open_err(&dir, e))?
        } else {
            Index::create_in_dir(&dir, schema.clone()).map_err(|e| map_open_err(&dir, e))?
        };
        if index.schema() != schema {
            return Err(IndexError::Incompatible(dir));
        }
        let writer = index
            .writer(WRITER_HEAP)
            .map_err(|e| map_open_err(&dir, e))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            dir,
            index,
            reader,
            writer: Some(writer),
            f,
        })
    }

    /// Opens an existing `<data_dir>/index` for searching only. It sees
    /// every commit made before the call, including a concurrent writer's.
    ///
    /// Cheap after the first call for a directory: the process keeps the
    /// index open and reloads its reader only when `meta.json` has changed.
    pub fn open_read_only(data_dir: &Path) -> Result<Self> {
        let dir = data_dir.join("index");
        let Some(stamp) = stamp_of(&dir.join("meta.json")) else {
            return Err(IndexError::NotFound(dir));
        };
        let (schema, f) = schema();
        let mut shared = SHARED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = shared.get_mut(&dir) {
            if s.stamp == stamp || s.reader.reload().is_ok() {
                s.stamp = stamp;
                return Ok(SearchIndex {
                    dir,
                    index: s.index.clone(),
                    reader: s.reader.clone(),
                    writer: None,
                    f,
                });
            }
            shared.remove(&dir);
        }
        let index = Index::open_in_dir(&dir).map_err(|e| map_open_err(&dir, e))?;
        if index.schema() != schema {
            return Err(IndexError::Incompatible(dir));
        }
        let reader: IndexReader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        while shared.len() >= MAX_SHARED {
            if shared.pop_first().is_none() {
                break;
            }
        }
        shared.insert(
            dir.clone(),
            Shared {
                index: index.clone(),
                reader: reader.clone(),
                stamp,
            },
        );
        Ok(SearchIndex {
            dir,
            index,
            reader,
            writer: None,
            f,
        })
    }

    /// The index directory (`<data dir>/index`).
    pub fn path(&self) -> &Path {
        &self.dir
    }

    fn writer(&mut self) -> Result<&mut IndexWriter<TantivyDocument>> {
        match self.writer.as_mut() {
            Some(w) => Ok(w),
            None => Err(IndexError::ReadOnly(self.dir.clone())),
        }
    }

    /// Adds or replaces (by id) one article. Visible after [`SearchIndex::commit`].
    pub fn upsert(&mut self, rec: &ArticleRecord) -> Result<()> {
        let f = self.f;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, &rec.id);
        if let Some(t) = &rec.title {
            doc.add_text(f.title, t);
        }
        doc.add_text(f.text, &rec.text);
        if let Some(p) = &rec.published.value {
            doc.add_text(f.published, p);
            if let Some(day) = date_key(p, false) {
                doc.add_u64(f.day, day);
                let year = day / 10_000;
                doc.add_facet(
                    f.facets,
                    Facet::from_path(["year".to_string(), year.to_string()]),
                );
            }
        }
        doc.add_text(f.source, &rec.source);
        let site = site_of(rec);
        doc.add_facet(
            f.facets,
            Facet::from_path(["site".to_string(), facet_step(&site)]),
        );
        doc.add_text(f.site, &site);
        let mut names = BTreeSet::new();
        let mut ids = BTreeSet::new();
        for e in &rec.entities {
            if !e.id.is_empty() {
                ids.insert(e.id.as_str());
            }
            names.insert(e.name.clone());
            names.insert(e.name.to_lowercase());
        }
        for id in &ids {
            doc.add_text(f.entities, id);
            doc.add_facet(
                f.facets,
                Facet::from_path(["entity".to_string(), facet_step(id)]),
            );
        }
        for n in names.iter().filter(|n| !n.is_empty()) {
            doc.add_text(f.entities, n);
        }
        let speakers: BTreeSet<&str> = rec
            .quotes
            .iter()
            .filter_map(|q| q.speaker_name.as_deref())
            .collect();
        for s in speakers {
            doc.add_text(f.speakers, s);
        }
        let w = self.writer()?;
        w.delete_term(Term::from_field_text(f.id, &rec.id));
        w.add_document(doc)?;
        Ok(())
    }

    /// Removes one article. Visible after [`SearchIndex::commit`].
    pub fn delete(&mut self, id: &str) -> Result<()> {
        let term = Term::from_field_text(self.f.id, id);
        self.writer()?.delete_term(term);
        Ok(())
    }

    /// Removes every article (before a full reindex). Visible after [`SearchIndex::commit`].
    pub fn clear(&mut self) -> Result<()> {
        self.writer()?.delete_all_documents()?;
        Ok(())
    }

    /// Makes all changes durable and visible to searches. When the index
    /// has grown past [`MAX_SEGMENTS`] segments, the smaller ones are merged
    /// into one (every search visits every segment).
    pub fn commit(&mut self) -> Result<()> {
        self.writer()?.commit()?;
        let mut metas = self.index.searchable_segment_metas()?;
        if metas.len() > MAX_SEGMENTS {
            metas.sort_by_key(|m| std::cmp::Reverse(m.num_docs()));
            let small: Vec<_> = metas.iter().skip(1).map(|m| m.id()).collect();
            // A merge the writer's own policy already started makes this
            // fail; the index is still complete, only less compact.
            let _ = self.writer()?.merge(&small).wait();
        }
        self.reader.reload()?;
        Ok(())
    }

    /// Number of searchable articles (as of the last commit).
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn text_query(&self, text: &str) -> Option<Box<dyn Query>> {
        if text.trim().is_empty() {
            return None;
        }
        let mut parser = QueryParser::for_index(&self.index, vec![self.f.title, self.f.text]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(self.f.title, 2.0);
        // Unknown field prefixes are dropped first: the parser accepts some
        // of them (`x:*`) and the search would then fail. Then, user-friendly
        // fallbacks: drop dangling operators, parse leniently, and if nothing
        // searchable is left, search the plain words.
        let schema = self.index.schema();
        let tidy = tidy_query(text, |name| schema.get_field(name).is_ok());
        if let Ok(q) = parser.parse_query(&tidy) {
            return Some(q);
        }
        let (q, _errors) = parser.parse_query_lenient(&tidy);
        if has_terms(q.as_ref()) {
            return Some(q);
        }
        Some(parser.parse_query_lenient(&plain_words(&tidy)).0)
    }

    /// The query for `q` and its words part (absent for an empty text).
    #[allow(clippy::type_complexity)]
    fn build_query(&self, q: &SearchQuery) -> Result<(Box<dyn Query>, Option<Box<dyn Query>>)> {
        let f = self.f;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let text_q = self.text_query(&q.text);
        if let Some(tq) = &text_q {
            clauses.push((Occur::Must, tq.box_clone()));
        }
        let lo = q.since.as_deref().filter(|s| !s.trim().is_empty());
        let hi = q.until.as_deref().filter(|s| !s.trim().is_empty());
        if lo.is_some() || hi.is_some() {
            let lo = match lo {
                Some(s) => Bound::Included(Term::from_field_u64(f.day, filter_key(s, false)?)),
                None => Bound::Included(Term::from_field_u64(f.day, 0)),
            };
            let hi = match hi {
                Some(s) => Bound::Included(Term::from_field_u64(f.day, filter_key(s, true)?)),
                None => Bound::Included(Term::from_field_u64(f.day, u64::MAX)),
            };
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lo, hi))));
        }
        if let Some(e) = q.entity.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
            let mut alts: Vec<(Occur, Box<dyn Query>)> = vec![(
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.entities, e),
                    IndexRecordOption::Basic,
                )),
            )];
            let lower = e.to_lowercase();
            if lower != e {
                alts.push((
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.entities, &lower),
                        IndexRecordOption::Basic,
                    )),
                ));
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(alts))));
        }
        let query: Box<dyn Query> = if clauses.is_empty() {
            Box::new(AllQuery)
        } else if text_q.is_some() {
            Box::new(BooleanQuery::new(clauses))
        } else {
            // Filters only: make them score-neutral under an all-docs query.
            clauses.push((Occur::Must, Box::new(AllQuery)));
            Box::new(BooleanQuery::new(clauses))
        };
        Ok((query, text_q))
    }

    /// The ids of the matches of `q` (the `q.limit` best from `q.offset`,
    /// ranked as by [`SearchIndex::search`]) and the number of matches,
    /// without the snippets and facets of a full search.
    pub fn search_ids(&self, q: &SearchQuery) -> Result<(usize, Vec<String>)> {
        let (query, text_q) = self.build_query(q)?;
        let searcher = self.reader.searcher();
        let limit = q.limit.min(MAX_LIMIT);
        let top = TopDocs::with_limit(limit.max(1)).and_offset(q.offset.min(100_000));
        let (total, addrs): (usize, Vec<tantivy::DocAddress>) = if text_q.is_some() {
            let (total, top) = searcher.search(&query, &(Count, top.order_by_score()))?;
            (total, top.into_iter().map(|(_, a)| a).collect())
        } else {
            let (total, top) =
                searcher.search(&query, &(Count, top.order_by_u64_field("day", Order::Desc)))?;
            (total, top.into_iter().map(|(_, a)| a).collect())
        };
        let mut ids = Vec::with_capacity(addrs.len().min(limit));
        for addr in addrs.into_iter().take(limit) {
            let doc: TantivyDocument = searcher.doc(addr)?;
            if let Some(id) = doc.get_first(self.f.id).and_then(|v| v.as_str()) {
                ids.push(id.to_string());
            }
        }
        Ok((total, ids))
    }

    /// Runs a search. Bad query syntax never fails (it is parsed leniently);
    /// a malformed `since`/`until` date does ([`IndexError::BadDate`]).
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        let f = self.f;
        let (query, text_q) = self.build_query(q)?;

        let searcher = self.reader.searcher();
        let facet_collector = FacetCounter { field: "facets" };
        let limit = q.limit.min(MAX_LIMIT);
        let top = TopDocs::with_limit(limit.max(1)).and_offset(q.offset.min(100_000));
        let (total, facet_counts, addrs) = if text_q.is_some() {
            let (total, counts, top) =
                searcher.search(&query, &(Count, facet_collector, top.order_by_score()))?;
            (total, counts, top)
        } else {
            // No words to rank by: newest first.
            let (total, counts, top) = searcher.search(
                &query,
                &(
                    Count,
                    facet_collector,
                    top.order_by_u64_field("day", Order::Desc),
                ),
            )?;
            let top = top.into_iter().map(|(_, a)| (0.0f32, a)).collect();
            (total, counts, top)
        };

        let snippets = match &text_q {
            Some(tq) => {
                let mut g = SnippetGenerator::create(&searcher, tq.as_ref(), f.text)?;
                g.set_max_num_chars(SNIPPET_CHARS);
                Some(g)
            }
            None => None,
        };
        let mut hits = Vec::new();
        for (score, addr) in addrs.into_iter().take(limit) {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let text_of = |field: Field| -> Option<String> {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            let text = text_of(f.text).unwrap_or_default();
            let snippet = snippets
                .as_ref()
                .map(|g| g.snippet(&text))
                .filter(|s| !s.highlighted().is_empty())
                .map(|s| s.to_html())
                .unwrap_or_else(|| lead(&text, SNIPPET_CHARS));
            let snippet = snippet.split_whitespace().collect::<Vec<_>>().join(" ");
            hits.push(Hit {
                id: text_of(f.id).unwrap_or_default(),
                score,
                title: text_of(f.title),
                published: text_of(f.published),
                source: text_of(f.source).unwrap_or_default(),
                snippet,
            });
        }

        // (label, count) of every value under `root`; borrowed, as there
        // may be tens of thousands of entities.
        let counts = |root: &str| -> Vec<(&str, usize)> {
            facet_counts
                .iter()
                .filter_map(|(facet, n)| {
                    let (r, label) = facet.split_once('\0')?;
                    (r == root && !label.contains('\0'))
                        .then(|| (label, usize::try_from(*n).unwrap_or(usize::MAX)))
                })
                .collect()
        };
        let owned = |v: Vec<(&str, usize)>| -> Vec<(String, usize)> {
            v.into_iter().map(|(l, n)| (l.to_string(), n)).collect()
        };
        // The most frequent values, ties by label.
        let by_count = |mut v: Vec<(&str, usize)>| {
            let order =
                |a: &(&str, usize), b: &(&str, usize)| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0));
            if v.len() > MAX_FACET_VALUES {
                v.select_nth_unstable_by(MAX_FACET_VALUES, order);
                v.truncate(MAX_FACET_VALUES);
            }
            v.sort_by(order);
            owned(v)
        };
        let mut years = owned(counts("year"));
        years.sort();
        Ok(SearchResults {
            total,
            hits,
            facets: Facets {
                entities: by_count(counts("entity")),
                sources: by_count(counts("site")),
                years,
            },
        })
    }
}
