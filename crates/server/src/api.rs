//! The JSON API handlers.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use newsline_index::{Facets, SearchIndex, SearchQuery, SearchResults};
use newsline_model::{ArticleRecord, EntityType, Quote, SCHEMA_VERSION};
use newsline_store::{Corpus, Store};
use newsline_story::TimelineQuery;
use serde_json::{json, Map, Value};

use crate::error::ApiError;
use crate::state::{blocking, AppState};
use crate::util::{contains_ci, in_range, secret_eq, Params};
use crate::write::{self, busy_error, parse_body, BodyKind, PostParams, WriterStatus};
use crate::DEFAULT_PAGE_SIZE;

type ApiResult = Result<Json<Value>, ApiError>;

/// Deepest search result a page may start at (the index ranks
/// `offset + limit` hits in memory).
const MAX_SEARCH_OFFSET: usize = 10_000;

/// Most search hits turned into a timeline's article set.
const TIMELINE_MAX_HITS: usize = 1000;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/health", get(health))
        .route("/api/openapi.json", get(openapi))
        .route("/api/search", get(search))
        .route("/api/articles", post(post_article))
        .route("/api/articles/{id}", get(article))
        .route("/api/entities", get(entities))
        .route("/api/entities/{id}", get(entity))
        .route("/api/quotes", get(quotes))
        .route("/api/storylines", get(storylines))
        .route("/api/storylines/{id}", get(storyline))
        .route("/api/timeline", get(timeline))
}

fn params(q: Result<Query<HashMap<String, String>>, QueryRejection>) -> Result<Params, ApiError> {
    q.map(|Query(m)| Params(m))
        .map_err(|e| ApiError::bad_request(format!("invalid query string: {e}")))
}

fn path_id(p: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    p.map(|Path(id)| id)
        .map_err(|e| ApiError::bad_request(format!("invalid path: {e}")))
}

fn to_value<T: serde::Serialize>(v: &T) -> Result<Value, ApiError> {
    serde_json::to_value(v).map_err(ApiError::internal)
}

fn to_object<T: serde::Serialize>(v: &T) -> Result<Map<String, Value>, ApiError> {
    match to_value(v)? {
        Value::Object(m) => Ok(m),
        _ => Err(ApiError::internal("expected a JSON object")),
    }
}

/// A short description of an article, for lists.
fn article_brief(r: &ArticleRecord) -> Value {
    json!({
        "id": r.id,
        "title": r.title,
        "published": r.published.value,
        "source": r.source,
        "site_name": r.site_name,
    })
}

/// `(article, local entity id) -> corpus entity id`.
fn link_map(corpus: &Corpus) -> HashMap<(&str, &str), &str> {
    corpus
        .entity_links
        .iter()
        .map(|(a, l, c)| ((a.as_str(), l.as_str()), c.as_str()))
        .collect()
}

/// `non-canonical duplicate article -> canonical article`.
fn dup_map(corpus: &Corpus) -> HashMap<&str, &str> {
    corpus
        .dup_groups
        .iter()
        .flat_map(|g| {
            g.members
                .iter()
                .filter(move |m| m.article != g.canonical)
                .map(move |m| (m.article.as_str(), g.canonical.as_str()))
        })
        .collect()
}

/// A quote with its article context: the model's quote fields plus
/// `article`, `article_title`, `published` (the article's), `text` (the
/// quoted content), `cue` (the cue text), `speaker_id` (corpus id) and
/// `duplicate_of` (the canonical article when this one is a duplicate).
fn quote_json(
    r: &ArticleRecord,
    q: &Quote,
    speaker_id: Option<&str>,
    dups: &HashMap<&str, &str>,
) -> Result<Value, ApiError> {
    let mut m = to_object(q)?;
    m.insert("duplicate_of".into(), json!(dups.get(r.id.as_str())));
    m.insert("article".into(), json!(r.id));
    m.insert("article_title".into(), json!(r.title));
    m.insert("published".into(), json!(r.published.value));
    m.insert("text".into(), json!(r.char_slice(q.content)));
    m.insert("cue".into(), json!(q.cue_span.map(|s| r.char_slice(s))));
    m.insert("speaker_id".into(), json!(speaker_id));
    Ok(Value::Object(m))
}

/// The date a quote is filed under: its own, else its article's.
fn quote_date<'a>(r: &'a ArticleRecord, q: &'a Quote) -> Option<&'a str> {
    q.date.as_deref().or(r.published.value.as_deref())
}

async fn health(State(st): State<AppState>) -> ApiResult {
    blocking(move || {
        let store = st.open_store()?;
        let w = st.writer();
        let writes = match w.status() {
            _ if st.config().token.is_none() => "disabled",
            WriterStatus::Ready => "enabled",
            WriterStatus::ReadOnly => "disabled",
            _ => "busy",
        };
        Ok(Json(json!({
            "status": "ok",
            "articles": store.count_articles()?,
            "schema_version": SCHEMA_VERSION,
            "writes": writes,
            "corpus": if w.corpus_pending() { "pending" } else { "current" },
        })))
    })
    .await
}

async fn openapi() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        crate::ui::OPENAPI,
    )
}

/// Display names of entity facet values: a corpus entity id or an
/// article-local id (through the first entity link naming it) ->
/// `(corpus id, name)`.
type FacetNames = HashMap<String, (String, String)>;

/// The facet names of the last corpus searched, kept while that corpus is
/// the server's current one (building them reads every entity link).
static FACET_NAMES: std::sync::Mutex<Option<(std::sync::Weak<Corpus>, Arc<FacetNames>)>> =
    std::sync::Mutex::new(None);

fn facet_names(corpus: &Arc<Corpus>) -> Arc<FacetNames> {
    let mut slot = FACET_NAMES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((weak, names)) = slot.as_ref() {
        if std::sync::Weak::ptr_eq(weak, &Arc::downgrade(corpus)) {
            return names.clone();
        }
    }
    let mut names: FacetNames = corpus
        .entities
        .iter()
        .map(|e| (e.id.clone(), (e.id.clone(), e.name.clone())))
        .collect();
    let by_id: HashMap<&str, &str> = corpus
        .entities
        .iter()
        .map(|e| (e.id.as_str(), e.name.as_str()))
        .collect();
    for (_, local, c) in &corpus.entity_links {
        if names.contains_key(local.as_str()) {
            continue;
        }
        if let Some((id, name)) = by_id.get_key_value(c.as_str()) {
            names.insert(local.clone(), (id.to_string(), name.to_string()));
        }
    }
    let names = Arc::new(names);
    *slot = Some((Arc::downgrade(corpus), names.clone()));
    names
}

fn search_json(r: &SearchResults, page: usize, page_size: usize, names: &FacetNames) -> Value {
    let entity_facets: Value = r
        .facets
        .entities
        .iter()
        .map(|(value, count)| {
            let (cid, name) = names
                .get(value.as_str())
                .map(|(c, n)| (c.as_str(), n.as_str()))
                .unzip();
            json!({"value": value, "count": count, "name": name, "corpus_id": cid})
        })
        .collect();
    let hits: Vec<Value> = r
        .hits
        .iter()
        .map(|h| {
            json!({
                "id": h.id,
                "title": h.title,
                "published": h.published,
                "source": h.source,
                "snippet": h.snippet,
                "score": h.score,
            })
        })
        .collect();
    let facet = |v: &[(String, usize)]| -> Value {
        v.iter()
            .map(|(value, count)| json!({"value": value, "count": count}))
            .collect()
    };
    json!({
        "total": r.total,
        "page": page,
        "page_size": page_size,
        "hits": hits,
        "facets": {
            "entities": entity_facets,
            "sources": facet(&r.facets.sources),
            "years": facet(&r.facets.years),
        },
    })
}

fn run_search(index: Option<&SearchIndex>, q: &SearchQuery) -> Result<SearchResults, ApiError> {
    match index {
        Some(ix) => Ok(ix.search(q)?),
        None => Ok(SearchResults {
            total: 0,
            hits: Vec::new(),
            facets: Facets {
                entities: Vec::new(),
                sources: Vec::new(),
                years: Vec::new(),
            },
        }),
    }
}

async fn search(
    State(st): State<AppState>,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let paging = p.paging(DEFAULT_PAGE_SIZE, st.config().max_page_size)?;
    if paging.offset() > MAX_SEARCH_OFFSET {
        return Err(ApiError::bad_request(format!(
            "search results are paged up to {MAX_SEARCH_OFFSET} hits deep; refine the query"
        )));
    }
    let query = SearchQuery {
        text: p.str("q").unwrap_or("").to_string(),
        since: p.since()?.map(|d| d.format("%Y-%m-%d").to_string()),
        until: p.until()?.map(|d| d.format("%Y-%m-%d").to_string()),
        entity: p.str("entity").map(str::to_string),
        limit: paging.size,
        offset: paging.offset(),
    };
    blocking(move || {
        let index = st.open_index()?;
        let r = run_search(index.as_ref(), &query)?;
        let store = st.open_store()?;
        let corpus = st.corpus(store.as_ref())?;
        let names = facet_names(&corpus);
        Ok(Json(search_json(&r, paging.page, paging.size, &names)))
    })
    .await
}

async fn article(State(st): State<AppState>, id: Result<Path<String>, PathRejection>) -> ApiResult {
    let id = path_id(id)?;
    blocking(move || {
        let store = st.open_store()?;
        let rec = store
            .article(&id)?
            .ok_or_else(|| ApiError::not_found(format!("no article with id {id:?}")))?;
        let corpus = st.corpus(store.as_ref())?;
        let groups: Vec<_> = corpus
            .dup_groups
            .iter()
            .filter(|g| g.canonical == id || g.members.iter().any(|m| m.article == id))
            .cloned()
            .collect();
        let mut others = BTreeSet::new();
        for g in &groups {
            others.insert(g.canonical.clone());
            others.extend(g.members.iter().map(|m| m.article.clone()));
        }
        others.remove(&id);
        let mut dup_articles = Vec::new();
        for other in others.iter().take(100) {
            if let Some(o) = store.article(other)? {
                let mut b = article_brief(&o);
                b["canonical"] = json!(groups.iter().any(|g| &g.canonical == other));
                dup_articles.push(b);
            }
        }
        let links: BTreeMap<&str, &str> = corpus
            .entity_links
            .iter()
            .filter(|(a, _, _)| *a == id)
            .map(|(_, l, c)| (l.as_str(), c.as_str()))
            .collect();
        let mut m = to_object(&rec)?;
        m.insert("duplicates".into(), to_value(&groups)?);
        m.insert("duplicate_articles".into(), Value::Array(dup_articles));
        m.insert("entity_links".into(), to_value(&links)?);
        Ok(Json(Value::Object(m)))
    })
    .await
}

/// Checks the bearer token of a write request.
fn authorize(st: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = st.config().token.as_deref() else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "writes_disabled",
            "writes are disabled: start the server with --token or NEWSLINE_TOKEN to enable them",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim());
    match given {
        Some(g) if secret_eq(g, token) => Ok(()),
        _ => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "missing or wrong bearer token",
        )),
    }
}

/// `POST /api/articles`: ingests JSON, JSON Lines, HTML or text (see
/// [`crate::write`]); 201 when something new was stored, else 200, with a
/// result per record.
async fn post_article(
    State(st): State<AppState>,
    headers: HeaderMap,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<axum::response::Response, ApiError> {
    authorize(&st, &headers)?;
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!(
                    "request body too large (limit {} bytes): send fewer articles per request",
                    st.config().max_body_bytes
                ),
            )
        } else {
            ApiError::bad_request(format!("cannot read the request body: {e}"))
        }
    })?;
    match st.writer().status() {
        WriterStatus::Ready => {}
        WriterStatus::ReadOnly => {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "writes_disabled",
                "this server was started read-only",
            ))
        }
        other => return Err(busy_error(&other)),
    }
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let kind = BodyKind::from_content_type(ct).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!(
                "Content-Type {ct:?} is not accepted: use application/json, \
                 application/x-ndjson, text/html or text/plain"
            ),
        )
    })?;
    let p = params(q)?;
    let published = p.str("published").map(str::to_string);
    if let Some(d) = &published {
        newsline_pipeline::parse_given(d).map_err(|e| {
            ApiError::bad_request(format!("`published` {d:?} is not an ISO 8601 date: {e}"))
        })?;
    }
    let no_clean = match p.str("no_clean") {
        None | Some("false") | Some("0") => false,
        Some("true") | Some("1") | Some("") => true,
        Some(v) => {
            return Err(ApiError::bad_request(format!(
                "`no_clean` must be true or false, got {v:?}"
            )))
        }
    };
    let pp = PostParams {
        source: p.str("source").map(str::to_string),
        id: p.str("id").map(str::to_string),
        url: p.str("url").map(str::to_string),
        title: p.str("title").map(str::to_string),
        published,
        no_clean,
    };
    let (value, changed) = blocking(move || {
        let items = parse_body(kind, &body, &pp)?;
        write::ingest(&st, items)
    })
    .await?;
    let status = if changed {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(value)).into_response())
}

fn parse_type(v: &str) -> Result<EntityType, ApiError> {
    match v.to_ascii_lowercase().as_str() {
        "person" => Ok(EntityType::Person),
        "organization" | "organisation" | "org" => Ok(EntityType::Organization),
        "place" => Ok(EntityType::Place),
        "other" => Ok(EntityType::Other),
        _ => Err(ApiError::bad_request(format!(
            "`type` must be person, organization, place or other, got {v:?}"
        ))),
    }
}

async fn entities(
    State(st): State<AppState>,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let paging = p.paging(DEFAULT_PAGE_SIZE, st.config().max_page_size)?;
    let etype = p.str("type").map(parse_type).transpose()?;
    let needle = p.str("q").unwrap_or("").to_lowercase();
    blocking(move || {
        let store = st.open_store()?;
        let corpus = st.corpus(store.as_ref())?;
        let mut found: Vec<_> = corpus
            .entities
            .iter()
            .filter(|e| etype.is_none_or(|t| e.etype == t))
            .filter(|e| {
                contains_ci(&e.name, &needle)
                    || e.aliases.iter().any(|a| contains_ci(a, &needle))
                    || e.id.to_lowercase() == needle
            })
            .collect();
        found.sort_by(|a, b| {
            b.articles
                .cmp(&a.articles)
                .then(b.mentions.cmp(&a.mentions))
                .then(a.name.cmp(&b.name))
                .then(a.id.cmp(&b.id))
        });
        let total = found.len();
        Ok(Json(json!({
            "total": total,
            "page": paging.page,
            "page_size": paging.size,
            "entities": to_value(&paging.slice(found))?,
        })))
    })
    .await
}

async fn entity(State(st): State<AppState>, id: Result<Path<String>, PathRejection>) -> ApiResult {
    let id = path_id(id)?;
    blocking(move || {
        let store = st.open_store()?;
        let corpus = st.corpus(store.as_ref())?;
        let ent = corpus
            .entities
            .iter()
            .find(|e| e.id == id)
            .ok_or_else(|| ApiError::not_found(format!("no entity with id {id:?}")))?;
        // article -> local ids linked to this corpus entity
        let mut local: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (a, l, c) in &corpus.entity_links {
            if *c == id {
                local.entry(a.as_str()).or_default().insert(l.as_str());
            }
        }
        let dups = dup_map(&corpus);
        let mut quotes = Vec::new();
        let mut articles = Vec::new();
        for (aid, locals) in &local {
            let Some(rec) = store.article(aid)? else {
                continue;
            };
            for q in &rec.quotes {
                if q.speaker.as_deref().is_some_and(|s| locals.contains(s)) {
                    quotes.push((
                        quote_date(&rec, q).unwrap_or("").to_string(),
                        quote_json(&rec, q, Some(&id), &dups)?,
                    ));
                }
            }
            articles.push(article_brief(&rec));
        }
        quotes.sort_by(|a, b| a.0.cmp(&b.0));
        articles.sort_by(|a, b| {
            a["published"]
                .as_str()
                .cmp(&b["published"].as_str())
                .then(a["id"].as_str().cmp(&b["id"].as_str()))
        });
        let mut m = to_object(ent)?;
        m.insert(
            "quotes".into(),
            Value::Array(quotes.into_iter().map(|(_, v)| v).collect()),
        );
        m.insert("article_list".into(), Value::Array(articles));
        Ok(Json(Value::Object(m)))
    })
    .await
}

/// One quote of the corpus, prepared for filtering.
#[derive(Debug)]
pub(crate) struct QuoteRow {
    /// Its own date, else its article's publication date.
    date: Option<String>,
    article: String,
    start: usize,
    /// Speaker: local entity id and corpus entity id.
    local_speaker: Option<String>,
    corpus_speaker: Option<String>,
    /// Lower-cased speaker name and content, for matching.
    name_lower: Option<String>,
    text_lower: String,
    value: Value,
}

/// Every quote of the stored articles, sorted by date, article and offset.
pub(crate) fn build_quote_rows(
    store: &dyn Store,
    corpus: &Corpus,
) -> Result<Vec<QuoteRow>, ApiError> {
    let links = link_map(corpus);
    let dups = dup_map(corpus);
    let mut rows = Vec::new();
    let mut err = None;
    store.for_each_article(&mut |rec| {
        for q in &rec.quotes {
            let corpus_speaker = q
                .speaker
                .as_deref()
                .map(|l| *links.get(&(rec.id.as_str(), l)).unwrap_or(&l));
            match quote_json(&rec, q, corpus_speaker, &dups) {
                Ok(value) => rows.push(QuoteRow {
                    date: quote_date(&rec, q).map(str::to_string),
                    article: rec.id.clone(),
                    start: q.content.start,
                    local_speaker: q.speaker.clone(),
                    corpus_speaker: corpus_speaker.map(str::to_string),
                    name_lower: q.speaker_name.as_deref().map(str::to_lowercase),
                    text_lower: value["text"].as_str().unwrap_or("").to_lowercase(),
                    value,
                }),
                Err(e) => err = Some(e),
            }
        }
        Ok(())
    })?;
    if let Some(e) = err {
        return Err(e);
    }
    rows.sort_by(|a, b| (&a.date, &a.article, a.start).cmp(&(&b.date, &b.article, b.start)));
    Ok(rows)
}

async fn quotes(
    State(st): State<AppState>,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let paging = p.paging(DEFAULT_PAGE_SIZE, st.config().max_page_size)?;
    let speaker = p.str("speaker").map(str::to_string);
    let needle = p.str("q").unwrap_or("").to_lowercase();
    let (since, until) = (p.since()?, p.until()?);
    blocking(move || {
        let store = st.open_store()?;
        let corpus = st.corpus(store.as_ref())?;
        let rows = st.quotes(store.as_ref(), &corpus)?;
        // corpus ids the speaker parameter names
        let wanted: Option<(&str, String, BTreeSet<&str>)> = speaker.as_deref().map(|s| {
            let lower = s.to_lowercase();
            let ids = corpus
                .entities
                .iter()
                .filter(|e| {
                    e.id == s
                        || e.name.to_lowercase() == lower
                        || e.aliases.iter().any(|a| a.to_lowercase() == lower)
                })
                .map(|e| e.id.as_str())
                .collect();
            (s, lower, ids)
        });
        let found: Vec<&QuoteRow> = rows
            .iter()
            .filter(|r| {
                wanted.as_ref().is_none_or(|(s, lower, ids)| {
                    r.corpus_speaker.as_deref().is_some_and(|c| ids.contains(c))
                        || r.local_speaker.as_deref() == Some(*s)
                        || r.name_lower.as_deref() == Some(lower.as_str())
                })
            })
            .filter(|r| in_range(r.date.as_deref(), since, until))
            .filter(|r| {
                needle.is_empty()
                    || r.text_lower.contains(&needle)
                    || r.name_lower.as_deref().is_some_and(|n| n.contains(&needle))
            })
            .collect();
        let total = found.len();
        let page: Vec<&Value> = paging.slice(found).into_iter().map(|r| &r.value).collect();
        Ok(Json(json!({
            "total": total,
            "page": paging.page,
            "page_size": paging.size,
            "quotes": page,
        })))
    })
    .await
}

async fn storylines(
    State(st): State<AppState>,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let paging = p.paging(DEFAULT_PAGE_SIZE, st.config().max_page_size)?;
    blocking(move || {
        let store = st.open_store()?;
        let corpus = st.corpus(store.as_ref())?;
        let mut all: Vec<_> = corpus.storylines.iter().collect();
        // most recent first
        all.sort_by(|a, b| b.end.cmp(&a.end).then(a.id.cmp(&b.id)));
        let total = all.len();
        Ok(Json(json!({
            "total": total,
            "page": paging.page,
            "page_size": paging.size,
            "storylines": to_value(&paging.slice(all))?,
        })))
    })
    .await
}

async fn storyline(
    State(st): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> ApiResult {
    let id = path_id(id)?;
    blocking(move || {
        let store = st.open_store()?;
        let corpus = st.corpus(store.as_ref())?;
        let s = corpus
            .storylines
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| ApiError::not_found(format!("no storyline with id {id:?}")))?;
        let mut members = Vec::new();
        for a in &s.articles {
            if let Some(r) = store.article(a)? {
                members.push(article_brief(&r));
            }
        }
        let events: Vec<_> = corpus
            .events
            .iter()
            .filter(|e| s.events.contains(&e.id))
            .collect();
        let names: BTreeMap<&str, &str> = corpus
            .entities
            .iter()
            .filter(|e| s.entities.contains(&e.id))
            .map(|e| (e.id.as_str(), e.name.as_str()))
            .collect();
        let mut m = to_object(s)?;
        m.insert("members".into(), Value::Array(members));
        m.insert("event_details".into(), to_value(&events)?);
        m.insert("entity_names".into(), to_value(&names)?);
        Ok(Json(Value::Object(m)))
    })
    .await
}

async fn timeline(
    State(st): State<AppState>,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let text = p.str("q").map(str::to_string);
    let storyline = p.str("storyline").map(str::to_string);
    let (since, until) = (p.since()?, p.until()?);
    let max_dates = p.usize("max_dates")?;
    blocking(move || {
        let store = st.open_store()?;
        let corpus = st.corpus(store.as_ref())?;
        let article_ids = match &text {
            Some(t) => {
                let q = SearchQuery {
                    text: t.clone(),
                    since: None,
                    until: None,
                    entity: None,
                    limit: TIMELINE_MAX_HITS,
                    offset: 0,
                };
                // Only the ids: no snippets or facets for a thousand hits.
                match st.open_index()? {
                    Some(ix) => Some(ix.search_ids(&q)?.1),
                    None => Some(Vec::new()),
                }
            }
            None => None,
        };
        let wanted: Option<Vec<String>> = match (&article_ids, &storyline) {
            (Some(ids), _) => Some(ids.clone()),
            (None, Some(sid)) => {
                let s = corpus
                    .storylines
                    .iter()
                    .find(|s| &s.id == sid)
                    .ok_or_else(|| ApiError::not_found(format!("no storyline with id {sid:?}")))?;
                Some(s.articles.clone())
            }
            (None, None) => None,
        };
        let records = match &wanted {
            Some(ids) => {
                let mut v = Vec::new();
                for id in ids.iter().collect::<BTreeSet<_>>() {
                    if let Some(r) = store.article(id)? {
                        v.push(r);
                    }
                }
                v
            }
            None => load_records(store.as_ref())?,
        };
        let tq = TimelineQuery {
            storyline: storyline.clone(),
            article_ids,
            since,
            until,
            max_dates,
        };
        let t = newsline_story::timeline_in(
            &records,
            &corpus.events,
            &corpus.dup_groups,
            &corpus.storylines,
            &tq,
        );
        let mut used = BTreeSet::new();
        for e in t.dated.iter().chain(t.undated.iter()) {
            used.extend(e.sources.iter().map(|s| s.article.as_str()));
        }
        let articles: Map<String, Value> = records
            .iter()
            .filter(|r| used.contains(r.id.as_str()))
            .map(|r| (r.id.clone(), article_brief(r)))
            .collect();
        Ok(Json(json!({
            "dated": to_value(&t.dated)?,
            "undated": to_value(&t.undated)?,
            "articles": articles,
        })))
    })
    .await
}

/// Every stored article, in id order.
fn load_records(store: &dyn Store) -> Result<Vec<ArticleRecord>, ApiError> {
    let mut v = Vec::new();
    store.for_each_article(&mut |r| {
        v.push(r);
        Ok(())
    })?;
    v.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(v)
}
