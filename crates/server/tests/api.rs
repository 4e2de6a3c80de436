//! Drives the real router over a real SQLite store and search index built in
//! a temporary directory from hand-made (invented) articles.

use std::io::{Read, Write};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use newsline_index::SearchIndex;
use newsline_model::{
    ArticleRecord, CorpusEntity, DateOrigin, DupGroup, DupKind, DupMember, Entity, EntityType,
    InputFormat, Mention, MentionKind, Precision, Published, Quote, QuoteKind, RawDoc, Role,
    RoleSpell, Span, Storyline, TimeMention, TimeType,
};
use newsline_server::{router, AppState, ServerConfig};
use newsline_store::{Corpus, SqliteStore, Store};
use serde_json::Value;
use tower::ServiceExt;

const A1: &str = "art-call";
const A2: &str = "art-script";
const A3: &str = "art-call-copy";

const TEXT1: &str = "Valdorian President Mara Lenk spoke by phone with Ostrenian Chancellor Ivo Brandt on March 3, her office said. \
\"We agreed to keep talking — «шаг за шагом»,\" Lenk told reporters in Kessgrad. \
The two leaders last met in 2019.";

const TEXT2: &str =
    "Брандт said the call was useful and that his government would answer in writing. \
<script>alert('x')</script> A diplomat in Solmere said the reply could take weeks.";

/// Code-point span of the first occurrence of `needle` in `text`.
fn cspan(text: &str, needle: &str) -> Span {
    let b = text.find(needle).expect("needle in fixture");
    let start = text[..b].chars().count();
    Span::new(start, start + needle.chars().count())
}

fn raw(id: &str, text: &str) -> RawDoc {
    RawDoc {
        source: format!("fixtures/{id}.txt"),
        record: None,
        record_id: Some(id.into()),
        format: InputFormat::Text,
        raw: text.as_bytes().to_vec(),
        content: text.into(),
        charset: "utf-8".into(),
        url: None,
        title: None,
        published: None,
        crawl_date: None,
        no_clean: false,
        warnings: vec![],
    }
}

fn record(id: &str, title: &str, published: &str, text: &str) -> ArticleRecord {
    ArticleRecord {
        schema_version: 1,
        id: id.into(),
        source: format!("fixtures/{id}.txt"),
        record: None,
        url: Some(format!("https://news.example/{id}")),
        title: Some(title.into()),
        subtitle: None,
        authors: vec![],
        site_name: Some("Example News".into()),
        published: Published {
            value: Some(published.into()),
            precision: Precision::Day,
            origin: DateOrigin::Metadata,
            range: None,
        },
        dateline: None,
        language: "en".into(),
        text: text.into(),
        paragraphs: vec![Span::new(0, text.chars().count())],
        removed: vec![],
        entities: vec![],
        quotes: vec![],
        times: vec![],
        events: vec![],
    }
}

fn person(id: &str, name: &str, mentions: Vec<Span>) -> Entity {
    Entity {
        id: id.into(),
        name: name.into(),
        etype: EntityType::Person,
        aliases: vec![],
        roles: vec![],
        mentions: mentions
            .into_iter()
            .map(|span| Mention {
                span,
                kind: MentionKind::Name,
            })
            .collect(),
    }
}

fn quote(
    text: &str,
    kind: QuoteKind,
    content: &str,
    cue: &str,
    speaker: &str,
    name: &str,
) -> Quote {
    Quote {
        kind,
        content: cspan(text, content),
        cue_span: Some(cspan(text, cue)),
        speaker: Some(speaker.into()),
        speaker_name: Some(name.into()),
        speaker_span: None,
        outlet: None,
        date: None,
        date_origin: Some("published".into()),
        confidence: 0.9,
    }
}

fn records() -> Vec<ArticleRecord> {
    let mut a1 = record(A1, "Lenk and Brandt speak by phone", "2021-03-04", TEXT1);
    a1.entities = vec![
        Entity {
            roles: vec![Role {
                title: "president".into(),
                date: Some("2021-03-04".into()),
            }],
            ..person(
                "person:mara-lenk",
                "Mara Lenk",
                vec![cspan(TEXT1, "Mara Lenk"), cspan(TEXT1, "Lenk told")],
            )
        },
        person(
            "person:ivo-brandt",
            "Ivo Brandt",
            vec![cspan(TEXT1, "Ivo Brandt")],
        ),
    ];
    a1.entities[0].mentions[1].span.end -= " told".len();
    a1.quotes = vec![quote(
        TEXT1,
        QuoteKind::Direct,
        "We agreed to keep talking — «шаг за шагом»,",
        "told",
        "person:mara-lenk",
        "Mara Lenk",
    )];
    a1.times = vec![TimeMention {
        span: cspan(TEXT1, "March 3"),
        ttype: TimeType::Date,
        value: "2021-03-03".into(),
        precision: Precision::Day,
        resolved: true,
        anchor: None,
    }];

    let mut a2 = record(
        A2,
        "Reply <script>alert(1)</script> expected",
        "2021-03-10",
        TEXT2,
    );
    a2.entities = vec![person(
        "person:brandt",
        "Брандт",
        vec![cspan(TEXT2, "Брандт")],
    )];
    a2.quotes = vec![quote(
        TEXT2,
        QuoteKind::Indirect,
        "the call was useful and that his government would answer in writing",
        "said",
        "person:brandt",
        "Брандт",
    )];

    let mut a3 = a1.clone();
    a3.id = A3.into();
    a3.source = format!("fixtures/{A3}.txt");
    a3.published.value = Some("2021-03-05".into());
    vec![a1, a2, a3]
}

fn corpus() -> Corpus {
    let ent = |id: &str, name: &str, aliases: &[&str], articles: usize| CorpusEntity {
        id: id.into(),
        name: name.into(),
        etype: EntityType::Person,
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        roles: vec![],
        articles,
        mentions: articles * 2,
    };
    let mut lenk = ent("person:mara-lenk", "Mara Lenk", &["Lenk"], 2);
    lenk.roles = vec![RoleSpell {
        title: "president".into(),
        first_seen: Some("2021-03-04".into()),
        last_seen: Some("2021-03-05".into()),
    }];
    let l = |a: &str, local: &str, c: &str| (a.to_string(), local.to_string(), c.to_string());
    Corpus {
        entities: vec![
            lenk,
            ent("person:ivo-brandt", "Ivo Brandt", &["Brandt", "Брандт"], 3),
        ],
        entity_links: vec![
            l(A1, "person:mara-lenk", "person:mara-lenk"),
            l(A1, "person:ivo-brandt", "person:ivo-brandt"),
            l(A3, "person:mara-lenk", "person:mara-lenk"),
            l(A3, "person:ivo-brandt", "person:ivo-brandt"),
            l(A2, "person:brandt", "person:ivo-brandt"),
        ],
        events: vec![],
        storylines: vec![Storyline {
            id: "story-art-call".into(),
            label: "Mara Lenk, Ivo Brandt: phone call".into(),
            articles: vec![A1.into(), A3.into(), A2.into()],
            events: vec![],
            start: Some("2021-03-04".into()),
            end: Some("2021-03-10".into()),
            entities: vec!["person:mara-lenk".into(), "person:ivo-brandt".into()],
        }],
        dup_groups: vec![DupGroup {
            id: A1.into(),
            canonical: A1.into(),
            members: vec![DupMember {
                article: A3.into(),
                similarity: 1.0,
                kind: DupKind::Exact,
            }],
        }],
    }
}

/// A data directory with the three fixture articles, their index and corpus.
fn fixture_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();
    let mut index = SearchIndex::open(dir.path()).unwrap();
    for r in records() {
        assert!(store.put_article(&raw(&r.id, &r.text), &r, b"fp").unwrap());
        index.upsert(&r).unwrap();
    }
    index.commit().unwrap();
    store.replace_corpus(&corpus()).unwrap();
    dir
}

fn config(dir: &std::path::Path) -> ServerConfig {
    ServerConfig {
        data_dir: dir.to_path_buf(),
        max_page_size: 2,
        max_body_bytes: 1024,
        ..ServerConfig::default()
    }
}

fn app(cfg: ServerConfig) -> axum::Router {
    router(AppState::new(cfg).unwrap())
}

struct Resp {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Resp {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

async fn send(app: &axum::Router, req: Request<Body>) -> Resp {
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Resp {
        status,
        headers,
        body,
    }
}

async fn get(app: &axum::Router, uri: &str) -> Resp {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

fn assert_error(r: &Resp, status: StatusCode, code: &str) {
    assert_eq!(r.status, status, "body: {}", r.text());
    assert!(
        r.content_type().starts_with("application/json"),
        "{}",
        r.content_type()
    );
    let v = r.json();
    assert_eq!(v["code"], code, "{v}");
    assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()));
}

#[tokio::test]
async fn health_counts_articles() {
    let dir = fixture_dir();
    let app = app(config(dir.path()));
    let r = get(&app, "/api/health").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.json(),
        serde_json::json!({"status": "ok", "articles": 3, "schema_version": 1,
                           "writes": "disabled", "corpus": "current"})
    );
    assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
}

#[tokio::test]
async fn empty_data_dir_serves_an_empty_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(config(&dir.path().join("not-yet")));
    assert_eq!(get(&app, "/api/health").await.json()["articles"], 0);
    let s = get(&app, "/api/search?q=anything").await;
    assert_eq!(s.status, StatusCode::OK);
    assert_eq!(s.json()["total"], 0);
    assert_eq!(get(&app, "/api/storylines").await.json()["total"], 0);
    assert_error(
        &get(&app, "/api/articles/x").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[tokio::test]
async fn search_returns_hits_facets_and_caps_page_size() {
    let dir = fixture_dir();
    let app = app(config(dir.path()));
    let r = get(&app, "/api/search?q=phone&page_size=1000").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v = r.json();
    assert_eq!(v["page"], 1);
    assert_eq!(v["page_size"], 2, "capped at max_page_size");
    assert!(v["total"].as_u64().unwrap() >= 2, "{v}");
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty() && hits.len() <= 2);
    for h in hits {
        for k in ["id", "title", "published", "source", "snippet", "score"] {
            assert!(h.get(k).is_some(), "hit lacks {k}: {h}");
        }
        assert!([A1, A3].contains(&h["id"].as_str().unwrap()), "{h}");
    }
    for k in ["entities", "sources", "years"] {
        assert!(v["facets"][k].is_array(), "{v}");
    }
    // entity facets carry the corpus entity's name, also for article-local ids
    let v = get(&app, "/api/search?q=useful").await.json();
    let f = v["facets"]["entities"].as_array().unwrap();
    let brandt = f
        .iter()
        .find(|x| x["value"] == "person:brandt")
        .expect("facet");
    assert_eq!(brandt["name"], "Ivo Brandt", "{v}");
    assert_eq!(brandt["corpus_id"], "person:ivo-brandt");
    // the date filter excludes everything before
    let r = get(&app, "/api/search?q=phone&since=2022").await.json();
    assert_eq!(r["total"], 0, "{r}");
    // entity filter
    let r = get(&app, "/api/search?entity=person%3Abrandt").await.json();
    let ids: Vec<&str> = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![A2], "{r}");
}

#[tokio::test]
async fn bad_parameters_are_json_400s() {
    let dir = fixture_dir();
    let app = app(config(dir.path()));
    for uri in [
        "/api/search?q=x&page=0",
        "/api/search?q=x&page=two",
        "/api/search?since=yesterday",
        "/api/quotes?until=2021-13-01",
        "/api/entities?type=animal",
        "/api/timeline?max_dates=-1",
        "/api/search?q=phone&page=99999999999999",
    ] {
        let r = get(&app, uri).await;
        assert_error(&r, StatusCode::BAD_REQUEST, "bad_request");
    }
}

#[tokio::test]
async fn article_has_annotations_duplicates_and_links() {
    let dir = fixture_dir();
    let app = app(config(dir.path()));
    let r = get(&app, &format!("/api/articles/{A3}")).await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert_eq!(v["id"], A3);
    assert_eq!(v["text"], TEXT1);
    assert_eq!(v["quotes"][0]["kind"], "direct");
    assert_eq!(v["duplicates"][0]["canonical"], A1);
    assert_eq!(v["duplicate_articles"][0]["id"], A1);
    assert_eq!(v["duplicate_articles"][0]["canonical"], true);
    assert_eq!(v["entity_links"]["person:ivo-brandt"], "person:ivo-brandt");
    // the record round-trips as the model type (same JSON as the CLI)
    let rec: ArticleRecord = serde_json::from_value(v).unwrap();
    assert_eq!(rec.quotes.len(), 1);

    let none = get(&app, &format!("/api/articles/{A2}")).await.json();
    assert_eq!(none["duplicates"], serde_json::json!([]));

    assert_error(
        &get(&app, "/api/articles/nope").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[tokio::test]
async fn script_in_an_article_is_served_as_json_data() {
    let dir = fixture_dir();
    let app = app(config(dir.path()));
    let r = get(&app, &format!("/api/articles/{A2}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type().starts_with("application/json"));
    assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(r.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .contains("script-src 'self'"));
    let v = r.json();
    assert!(v["text"]
        .as_str()
        .unwrap()
        .contains("<script>alert('x')</script>"));
    assert_eq!(v["title"], "Reply <script>alert(1)</script> expected");
}

#[tokio::test]
async fn entities_list_filters_and_detail_collects_quotes() {
    let dir = fixture_dir();
    let app = app(config(dir.path()));
    let v = get(&app, "/api/entities?type=person").await.json();
    assert_eq!(v["total"], 2);
    // most articles first
    assert_eq!(v["entities"][0]["id"], "person:ivo-brandt");
    let v = get(&app, "/api/entities?q=%D0%B1%D1%80%D0%B0%D0%BD%D0%B4%D1%82")
        .await
        .json(); // "брандт"
    assert_eq!(v["total"], 1, "{v}");
    assert_eq!(v["entities"][0]["name"], "Ivo Brandt");
    assert_eq!(
        get(&app, "/api/entities?type=place").await.json()["total"],
        0
    );

    let r = get(&app, "/api/entities/person%3Aivo-brandt").await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert_eq!(v["aliases"], serde_json::json!(["Brandt", "Брандт"]));
    let quotes = v["quotes"].as_array().unwrap();
    assert_eq!(quotes.len(), 1, "{v}");
    assert_eq!(quotes[0]["article"], A2);
    assert_eq!(quotes[0]["speaker_id"], "person:ivo-brandt");
    assert_eq!(
        quotes[0]["text"],
        "the call was useful and that his government would answer in writing"
    );
    assert_eq!(quotes[0]["cue"], "said");
    assert_eq!(v["article_list"].as_array().unwrap().len(), 3);
    assert_error(
        &get(&app, "/api/entities/person:nobody").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[tokio::test]
async fn entity_detail_snapshot() {
    let dir = fixture_dir();
    let app = app(config(dir.path()));
    let v = get(&app, "/api/entities/person:mara-lenk").await.json();
    insta::assert_json_snapshot!("entity_mara_lenk", v);
}

#[tokio::test]
async fn quotes_by_speaker_name_alias_id_and_dates() {
    let dir = fixture_dir();
    let app = app(config(dir.path()));
    let v = get(&app, "/api/quotes?speaker=lenk&page_size=10")
        .await
        .json();
    assert_eq!(v["total"], 2, "{v}");
    let arts: Vec<&str> = v["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["article"].as_str().unwrap())
        .collect();
    assert_eq!(arts, vec![A1, A3], "sorted by date");
    // multibyte content sliced by code points
    assert_eq!(
        v["quotes"][0]["text"],
        "We agreed to keep talking — «шаг за шагом»,"
    );
    let v = get(&app, "/api/quotes?speaker=person:ivo-brandt")
        .await
        .json();
    assert_eq!(v["total"], 1);
    assert_eq!(v["quotes"][0]["speaker_name"], "Брандт");
    let v = get(&app, "/api/quotes?since=2021-03-06").await.json();
    assert_eq!(v["total"], 1);
    assert_eq!(v["quotes"][0]["article"], A2);
    let v = get(&app, "/api/quotes?q=%C2%AB%D1%88%D0%B0%D0%B3")
        .await
        .json(); // "«шаг"
    assert_eq!(v["total"], 2);
    let v = get(&app, "/api/quotes?speaker=nobody").await.json();
    assert_eq!(v["total"], 0);
    let v = get(&app, "/api/quotes?page=2").await.json();
    assert_eq!(v["page"], 2);
    assert_eq!(
        v["quotes"].as_array().unwrap().len(),
        1,
        "3 quotes, pages of 2"
    );
    insta::assert_json_snapshot!(
        "quotes_all",
        get(&app, "/api/quotes?page_size=2").await.json()
    );
}

#[tokio::test]
async fn storylines_and_timeline() {
    let dir = fixture_dir();
    let app = app(config(dir.path()));
    let v = get(&app, "/api/storylines").await.json();
    assert_eq!(v["total"], 1);
    assert_eq!(v["storylines"][0]["id"], "story-art-call");
    let r = get(&app, "/api/storylines/story-art-call").await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert_eq!(v["members"].as_array().unwrap().len(), 3);
    assert_eq!(v["entity_names"]["person:mara-lenk"], "Mara Lenk");
    assert_error(
        &get(&app, "/api/storylines/none").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );

    for uri in [
        "/api/timeline",
        "/api/timeline?q=phone",
        "/api/timeline?storyline=story-art-call&since=2021&until=2021-12&max_dates=5",
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.text());
        let v = r.json();
        assert!(v["dated"].is_array() && v["undated"].is_array(), "{v}");
        for e in v["dated"].as_array().unwrap() {
            assert!(!e["date"].is_null(), "dated entry without date: {e}");
            for s in e["sources"].as_array().unwrap() {
                let id = s["article"].as_str().unwrap();
                assert!(
                    v["articles"][id].is_object(),
                    "source article {id} not described"
                );
            }
        }
    }
    // the duplicate copy counts once: its canonical article stands for it
    let st = get(&app, "/api/timeline?storyline=story-art-call")
        .await
        .json();
    let cited: Vec<&str> = st["dated"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["sources"].as_array().unwrap())
        .map(|s| s["article"].as_str().unwrap())
        .collect();
    assert!(cited.contains(&A1) && cited.contains(&A2), "{st}");
    assert!(!cited.contains(&A3), "{st}");
    let all = get(&app, "/api/timeline").await.json();
    assert!(!all["dated"].as_array().unwrap().is_empty(), "{all}");
    let none = get(&app, "/api/timeline?q=zzzyyyxxx").await.json();
    assert_eq!(none["dated"], serde_json::json!([]));
    assert_error(
        &get(&app, "/api/timeline?storyline=missing").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[tokio::test]
async fn write_endpoint_needs_a_configured_token() {
    let dir = fixture_dir();
    let post = |auth: Option<&str>| {
        let mut b = Request::post("/api/articles").header(header::CONTENT_TYPE, "application/json");
        if let Some(a) = auth {
            b = b.header(header::AUTHORIZATION, a);
        }
        b.body(Body::from("{}")).unwrap()
    };
    let ro = app(config(dir.path()));
    assert_error(
        &send(&ro, post(Some("Bearer x"))).await,
        StatusCode::FORBIDDEN,
        "writes_disabled",
    );

    let rw = app(ServerConfig {
        token: Some("s3cret".into()),
        ..config(dir.path())
    });
    let r = send(&rw, post(None)).await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "unauthorized");
    assert_eq!(r.headers[header::WWW_AUTHENTICATE], "Bearer");
    assert_error(
        &send(&rw, post(Some("Bearer s3cre"))).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    assert_error(
        &send(&rw, post(Some("s3cret"))).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    assert_error(
        &send(&rw, post(Some("Basic s3cret"))).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    // a router whose writer was never started (no lock taken): writes are
    // unavailable; crates/server/tests/write.rs covers a real writer
    assert_error(
        &send(&rw, post(Some("bearer s3cret"))).await,
        StatusCode::SERVICE_UNAVAILABLE,
        "writer_busy",
    );
    let r = send(&rw, post(Some("Bearer s3cret"))).await;
    assert_error(&r, StatusCode::SERVICE_UNAVAILABLE, "writer_busy");

    // body limit (1024 bytes in the test config)
    let big = Request::post("/api/articles")
        .header(header::AUTHORIZATION, "Bearer s3cret")
        .header(header::CONTENT_LENGTH, "5000")
        .body(Body::from(vec![b'a'; 5000]))
        .unwrap();
    assert_error(
        &send(&rw, big).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    );
    // wrong method
    let r = send(
        &rw,
        Request::delete("/api/articles/x")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_error(&r, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
}

#[tokio::test]
async fn ui_routes_serve_embedded_assets_only() {
    let dir = fixture_dir();
    let app = app(config(dir.path()));
    for uri in [
        "/",
        "/search?q=x",
        "/articles/art-call",
        "/entities/person:x",
        "/storylines/s",
        "/timeline?q=a",
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        assert!(r.content_type().starts_with("text/html"));
        assert!(r.text().contains("/assets/app.js"));
        assert!(r.headers.contains_key(header::CONTENT_SECURITY_POLICY));
    }
    let js = get(&app, "/assets/app.js").await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.content_type().starts_with("text/javascript"));
    assert!(
        !js.text().contains("innerHTML"),
        "the UI must not build HTML from strings"
    );
    assert!(get(&app, "/assets/app.css")
        .await
        .content_type()
        .starts_with("text/css"));

    for uri in [
        "/assets/../Cargo.toml",
        "/assets/%2e%2e/Cargo.toml",
        "/assets/..%2f..%2fCargo.toml",
        "/assets/app.js/../../src/lib.rs",
        "/../../etc/passwd",
        "/assets/",
        "/api/nope",
    ] {
        let r = get(&app, uri).await;
        assert_error(&r, StatusCode::NOT_FOUND, "not_found");
        assert!(
            !r.text().contains("[package]") && !r.text().contains("root:"),
            "{uri}"
        );
    }
    let spec = get(&app, "/api/openapi.json").await;
    assert_eq!(spec.status, StatusCode::OK);
    let spec = spec.json();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    for p in [
        "/api/health",
        "/api/search",
        "/api/articles/{id}",
        "/api/entities",
        "/api/entities/{id}",
        "/api/quotes",
        "/api/storylines",
        "/api/storylines/{id}",
        "/api/timeline",
        "/api/articles",
    ] {
        assert!(spec["paths"][p].is_object(), "openapi lacks {p}");
    }
}

#[tokio::test]
async fn cors_only_when_configured() {
    let dir = fixture_dir();
    let req = || {
        Request::get("/api/health")
            .header(header::ORIGIN, "http://ui.example")
            .body(Body::empty())
            .unwrap()
    };
    let plain = send(&app(config(dir.path())), req()).await;
    assert!(!plain
        .headers
        .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));
    let cors = send(
        &app(ServerConfig {
            cors_origin: Some("http://ui.example".into()),
            ..config(dir.path())
        }),
        req(),
    )
    .await;
    assert_eq!(
        cors.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "http://ui.example"
    );
}

#[tokio::test]
async fn new_data_shows_without_restart() {
    let dir = fixture_dir();
    let app = app(config(dir.path()));
    assert_eq!(get(&app, "/api/storylines").await.json()["total"], 1);
    assert_eq!(get(&app, "/api/quotes").await.json()["total"], 3);
    {
        let mut store = SqliteStore::open(dir.path()).unwrap();
        let mut c = corpus();
        let mut s2 = c.storylines[0].clone();
        s2.id = "story-second".into();
        c.storylines.push(s2);
        store.replace_corpus(&c).unwrap();
        let mut r = records().remove(1);
        r.id = "art-new".into();
        store
            .put_article(&raw("art-new", &r.text), &r, b"fp")
            .unwrap();
    }
    assert_eq!(get(&app, "/api/storylines").await.json()["total"], 2);
    assert_eq!(get(&app, "/api/health").await.json()["articles"], 4);
    assert_eq!(
        get(&app, "/api/quotes").await.json()["total"],
        4,
        "quote cache refreshed"
    );
}

#[test]
fn real_server_over_tcp_with_graceful_shutdown() {
    let dir = fixture_dir();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let cfg = config(dir.path());
    let server = rt.spawn(newsline_server::serve_on(listener, cfg, async {
        let _ = rx.await;
    }));
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    stream
        .write_all(b"GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut resp = String::new();
    stream.read_to_string(&mut resp).unwrap();
    assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    assert!(resp.contains("\"status\":\"ok\""), "{resp}");
    assert!(resp.contains("\"articles\":3"), "{resp}");
    tx.send(()).unwrap();
    let result = rt
        .block_on(async { tokio::time::timeout(std::time::Duration::from_secs(10), server).await })
        .expect("server stops after the shutdown signal")
        .unwrap();
    assert!(result.is_ok(), "{result:?}");
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "port closed after shutdown"
    );
}

#[test]
fn serve_reports_bind_errors() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cfg = ServerConfig {
        addr: taken.local_addr().unwrap(),
        ..config(dir.path())
    };
    let err = rt
        .block_on(newsline_server::serve(cfg, async {}))
        .unwrap_err();
    assert!(err.to_string().contains("cannot listen"), "{err}");
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn enc(s: &str) -> String {
        s.bytes().map(|b| format!("%{b:02X}")).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// Arbitrary (multibyte) parameters and ids never crash the server:
        /// every answer is JSON, a success or a 400/404 with a code.
        #[test]
        fn arbitrary_parameters_never_fail(s in "\\PC{0,24}", n in "[0-9a-z-]{0,6}") {
            let dir = fixture_dir();
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            let app = app(config(dir.path()));
            rt.block_on(async {
                let e = enc(&s);
                for uri in [
                    format!("/api/search?q={e}&since={n}&page={n}"),
                    format!("/api/articles/{e}"),
                    format!("/api/entities/{e}"),
                    format!("/api/entities?q={e}&type={n}"),
                    format!("/api/quotes?speaker={e}&q={e}&until={n}"),
                    format!("/api/storylines/{e}"),
                    format!("/api/timeline?q={e}&max_dates={n}"),
                ] {
                    let r = get(&app, &uri).await;
                    let v = r.json();
                    assert!(
                        r.status.is_success() || r.status == StatusCode::BAD_REQUEST || r.status == StatusCode::NOT_FOUND,
                        "{uri}: {} {v}", r.status
                    );
                    if !r.status.is_success() {
                        assert!(v["code"].is_string());
                    }
                    // every quote span returned lies inside the text, and its text matches
                    if let Some(qs) = v["quotes"].as_array() {
                        for q in qs {
                            assert!(q["start"].as_u64() <= q["end"].as_u64());
                        }
                    }
                }
            });
        }
    }
}

mod props_text {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(16))]
        /// Articles with arbitrary multibyte text and spans that may run past
        /// the end are served without failing; quoted text is the code-point
        /// slice of the span, clipped to the text.
        #[test]
        fn arbitrary_texts_and_spans_are_served(text in "\\PC{0,60}", a in 0usize..80, len in 0usize..30) {
            let dir = tempfile::tempdir().unwrap();
            {
                let mut store = SqliteStore::open(dir.path()).unwrap();
                let mut r = record("p1", &text, "2021-05-06", &text);
                r.quotes = vec![Quote {
                    kind: QuoteKind::Direct,
                    content: Span::new(a, a + len),
                    cue_span: Some(Span::new(a + len, a + len + 3)),
                    speaker: Some("person:x".into()),
                    speaker_name: Some(text.clone()),
                    speaker_span: None,
                    outlet: None,
                    date: Some(text.clone()),
                    date_origin: None,
                    confidence: 0.5,
                }];
                store.put_article(&raw("p1", &text), &r, b"").unwrap();
                let mut c = corpus();
                c.entity_links = vec![("p1".into(), "person:x".into(), "person:mara-lenk".into())];
                store.replace_corpus(&c).unwrap();
            }
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            let app = app(config(dir.path()));
            rt.block_on(async {
                let expected: String = text.chars().skip(a).take(len).collect();
                for uri in ["/api/quotes", "/api/entities/person:mara-lenk"] {
                    let r = get(&app, uri).await;
                    assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.text());
                    let v = r.json();
                    assert_eq!(v["quotes"][0]["text"], expected.as_str(), "{uri}: {v}");
                }
                let r = get(&app, "/api/articles/p1").await;
                assert_eq!(r.status, StatusCode::OK);
                assert_eq!(r.json()["text"], text.as_str());
                assert_eq!(get(&app, "/api/timeline").await.status, StatusCode::OK);
            });
        }
    }
}
