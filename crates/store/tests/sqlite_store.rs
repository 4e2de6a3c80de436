//! Tests of the SQLite store against real database files in temp dirs.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use newsline_model::{
    ArticleRecord, CorpusEntity, CorpusEvent, DateOrigin, DupGroup, DupKind, DupMember, Entity,
    EntityType, EventSource, EventStatus, EventType, InputFormat, Mention, MentionKind, Precision,
    Published, Quote, QuoteKind, RawDoc, SourceRef, Span, Storyline, SCHEMA_VERSION,
};
use newsline_store::{Corpus, MemoryStore, SqliteStore, Store, StoreError};

fn raw(id: &str, body: &str) -> RawDoc {
    RawDoc {
        source: format!("inbox/{id}.txt"),
        record: Some("line 1".into()),
        record_id: Some(id.into()),
        format: InputFormat::Text,
        raw: body.as_bytes().to_vec(),
        content: body.into(),
        charset: "utf-8".into(),
        url: Some(format!("https://example.org/{id}")),
        title: Some("A title".into()),
        published: Some("2026-03-02".into()),
        crawl_date: None,
        no_clean: false,
        warnings: vec!["replaced 1 invalid byte".into()],
    }
}

fn record(id: &str, text: &str) -> ArticleRecord {
    let name_end = text.find(' ').unwrap_or(text.len());
    ArticleRecord {
        schema_version: SCHEMA_VERSION,
        id: id.into(),
        source: format!("inbox/{id}.txt"),
        record: None,
        url: None,
        title: Some(format!("Headline of {id}")),
        subtitle: None,
        authors: vec!["Mira Kessel".into()],
        site_name: Some("Valdoria Daily".into()),
        published: Published {
            value: Some("2026-03-02".into()),
            precision: Precision::Day,
            origin: DateOrigin::Metadata,
            range: None,
        },
        dateline: None,
        language: "en".into(),
        text: text.into(),
        paragraphs: vec![Span::new(0, text.len())],
        removed: vec![],
        entities: vec![Entity {
            id: "person:anna-voss".into(),
            name: "Anna Voss".into(),
            etype: EntityType::Person,
            aliases: vec!["Voss".into()],
            roles: vec![],
            mentions: vec![Mention {
                span: Span::new(0, name_end),
                kind: MentionKind::Name,
            }],
        }],
        quotes: vec![Quote {
            kind: QuoteKind::Direct,
            content: Span::new(0, text.len()),
            cue_span: None,
            speaker: Some("person:anna-voss".into()),
            speaker_name: Some("Anna Voss".into()),
            speaker_span: None,
            outlet: None,
            date: None,
            date_origin: None,
            confidence: 0.73,
        }],
        times: vec![],
        events: vec![],
    }
}

fn corpus(tag: &str) -> Corpus {
    Corpus {
        entities: vec![CorpusEntity {
            id: format!("person:anna-voss-{tag}"),
            name: "Anna Voss".into(),
            etype: EntityType::Person,
            aliases: vec!["Voss".into()],
            roles: vec![],
            articles: 2,
            mentions: 5,
        }],
        entity_links: vec![
            (
                "a1".into(),
                "person:anna-voss".into(),
                format!("person:anna-voss-{tag}"),
            ),
            (
                "a2".into(),
                "person:voss".into(),
                format!("person:anna-voss-{tag}"),
            ),
        ],
        events: vec![CorpusEvent {
            id: format!("ev-{tag}"),
            etype: EventType::Call,
            participants: vec![format!("person:anna-voss-{tag}")],
            date: Some("2026-03-01".into()),
            precision: Precision::Day,
            conflicting_dates: vec!["2026-03-02".into()],
            status: EventStatus::Happened,
            sources: vec![EventSource {
                at: SourceRef {
                    article: "a1".into(),
                    start: 0,
                    end: 4,
                },
                date: Some("2026-03-01".into()),
                status: EventStatus::Happened,
            }],
        }],
        storylines: vec![Storyline {
            id: format!("story-{tag}"),
            label: "Voss call".into(),
            articles: vec!["a1".into(), "a2".into()],
            events: vec![format!("ev-{tag}")],
            start: Some("2026-03-01".into()),
            end: Some("2026-03-02".into()),
            entities: vec![format!("person:anna-voss-{tag}")],
        }],
        dup_groups: vec![DupGroup {
            id: "a1".into(),
            canonical: "a1".into(),
            members: vec![DupMember {
                article: "a2".into(),
                similarity: 0.91,
                kind: DupKind::Near,
            }],
        }],
    }
}

/// The contract every store must honour.
fn exercise(store: &mut dyn Store) {
    let text = "Anna Voss said «всё спокойно» — calm.";
    let (r1, a1) = (raw("a1", "<p>raw bytes</p>"), record("a1", text));
    assert!(!store.has_article("a1").unwrap());
    assert!(store.put_article(&r1, &a1, b"fp1").unwrap());
    // Idempotent: a second put changes nothing, even with a different record.
    let mut other = a1.clone();
    other.title = Some("changed".into());
    assert!(!store.put_article(&r1, &other, b"fpX").unwrap());
    assert_eq!(store.article("a1").unwrap().unwrap(), a1);
    assert_eq!(store.raw("a1").unwrap().unwrap(), r1);
    assert!(store.has_article("a1").unwrap());

    let batch: Vec<_> = ["c3", "b2", "a1"]
        .iter()
        .map(|id| {
            (
                raw(id, "x"),
                record(id, "Some text here."),
                id.as_bytes().to_vec(),
            )
        })
        .collect();
    assert_eq!(store.put_articles(&batch).unwrap(), 2);
    assert_eq!(store.count_articles().unwrap(), 3);
    assert_eq!(store.article_ids().unwrap(), vec!["a1", "b2", "c3"]);
    let fps = store.fingerprints().unwrap();
    assert_eq!(fps[0], ("a1".to_string(), b"fp1".to_vec()));
    assert_eq!(fps[2], ("c3".to_string(), b"c3".to_vec()));

    let mut seen = Vec::new();
    store
        .for_each_article(&mut |r| {
            seen.push(r.id);
            Ok(())
        })
        .unwrap();
    assert_eq!(seen, vec!["a1", "b2", "c3"]);
    // A callback error stops the iteration and comes back.
    let mut calls = 0;
    let err = store
        .for_each_article(&mut |_| {
            calls += 1;
            Err(StoreError::Other("stop".into()))
        })
        .unwrap_err();
    assert_eq!(calls, 1);
    assert_eq!(err.to_string(), "stop");

    // Reprocessing keeps the raw input.
    let mut re = record("b2", "New analysis text.");
    re.title = Some("Reprocessed".into());
    store.replace_record(&re, b"fp-new").unwrap();
    assert_eq!(store.article("b2").unwrap().unwrap(), re);
    assert_eq!(store.raw("b2").unwrap().unwrap(), raw("b2", "x"));
    assert!(matches!(
        store.replace_record(&record("zz", "t"), b""),
        Err(StoreError::NotFound(_))
    ));
    assert!(store.article("zz").unwrap().is_none());
    assert!(store.raw("zz").unwrap().is_none());

    assert_eq!(store.corpus().unwrap(), Corpus::default());
    store.replace_corpus(&corpus("one")).unwrap();
    assert_eq!(store.corpus().unwrap(), corpus("one"));
    store.replace_corpus(&corpus("two")).unwrap();
    assert_eq!(store.corpus().unwrap(), corpus("two"));

    assert_eq!(store.meta("last_build").unwrap(), None);
    store.set_meta("last_build", "2026-03-03").unwrap();
    store.set_meta("last_build", "2026-03-04").unwrap();
    assert_eq!(
        store.meta("last_build").unwrap().as_deref(),
        Some("2026-03-04")
    );
}

#[test]
fn memory_store_honours_the_contract() {
    exercise(&mut MemoryStore::new());
}

#[test]
fn sqlite_store_honours_the_contract_and_persists() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut s = SqliteStore::open(dir.path()).unwrap();
        assert_eq!(s.path(), dir.path());
        assert!(s.db_path().ends_with("newsline.sqlite"));
        exercise(&mut s);
    }
    let s = SqliteStore::open_read_only(dir.path()).unwrap();
    assert_eq!(s.count_articles().unwrap(), 3);
    assert_eq!(s.corpus().unwrap(), corpus("two"));
    assert_eq!(
        s.article("a1").unwrap().unwrap().text,
        "Anna Voss said «всё спокойно» — calm."
    );
    let mode: String = rusqlite::Connection::open(s.db_path())
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn read_only_handle_refuses_writes_and_missing_databases() {
    let dir = tempfile::tempdir().unwrap();
    let err = SqliteStore::open_read_only(dir.path()).unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err}");
    let _w = SqliteStore::open(dir.path()).unwrap();
    // Readers need no lock, so they open while the writer holds it.
    let mut r = SqliteStore::open_read_only(dir.path()).unwrap();
    assert!(matches!(r.set_meta("k", "v"), Err(StoreError::ReadOnly(_))));
    assert!(matches!(
        r.put_article(&raw("a", "x"), &record("a", "x"), b""),
        Err(StoreError::ReadOnly(_))
    ));
}

#[test]
fn readers_see_commits_of_a_running_writer() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = SqliteStore::open(dir.path()).unwrap();
    let r = SqliteStore::open_read_only(dir.path()).unwrap();
    assert_eq!(r.count_articles().unwrap(), 0);
    w.put_article(&raw("a", "x"), &record("a", "Text."), b"f")
        .unwrap();
    assert_eq!(r.count_articles().unwrap(), 1);
}

#[test]
fn replace_corpus_is_atomic() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = SqliteStore::open(dir.path()).unwrap();
    s.replace_corpus(&corpus("one")).unwrap();
    // Sabotage the last table written so the second replace fails half-way.
    {
        let c = rusqlite::Connection::open(s.db_path()).unwrap();
        c.execute_batch(
            "CREATE TRIGGER no_groups BEFORE INSERT ON dup_groups BEGIN SELECT RAISE(ABORT, 'boom'); END;",
        )
        .unwrap();
    }
    let err = s.replace_corpus(&corpus("two")).unwrap_err();
    assert!(err.to_string().contains("boom"), "{err}");
    // Nothing of the failed replace is visible: entities, links and events are still "one".
    assert_eq!(s.corpus().unwrap(), corpus("one"));
}

#[test]
fn second_writer_is_refused_with_a_clear_message_until_the_first_drops() {
    let dir = tempfile::tempdir().unwrap();
    let first = SqliteStore::open(dir.path()).unwrap();
    let err = SqliteStore::open(dir.path()).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, StoreError::Locked { .. }), "{msg}");
    let expected = format!(
        "data directory {} is locked by pid {} (",
        dir.path().display(),
        std::process::id()
    );
    assert!(msg.starts_with(&expected), "{msg}");
    assert!(msg.contains(", started 20"), "{msg}");
    drop(first);
    SqliteStore::open(dir.path()).unwrap();
}

#[test]
fn data_dir_resolution_prefers_explicit_then_env() {
    assert_eq!(
        newsline_store::data_dir(Some(Path::new("given"))),
        Path::new("given")
    );
    // The env var is read at call time; only check the fallback shape when unset.
    if std::env::var_os(newsline_store::DATA_ENV).is_none() {
        assert_eq!(newsline_store::data_dir(None), Path::new("newsline-data"));
    }
}

const CHILD_ENV: &str = "NEWSLINE_STORE_TEST_CHILD_DIR";
const BATCH: usize = 10;

/// Not a real test: the body of the child process of
/// `killed_writer_leaves_a_consistent_database`. It writes batches forever
/// (bounded to a minute) until it is killed.
#[test]
fn child_writer_loop() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let mut s = SqliteStore::open(Path::new(&dir)).unwrap();
    let body = "Lorem ipsum dolor sit amet, ünïcödé text. ".repeat(2000);
    let start = Instant::now();
    let mut n = 0usize;
    while start.elapsed() < Duration::from_secs(60) {
        let batch: Vec<_> = (0..BATCH)
            .map(|i| {
                let id = format!("art-{n:06}-{i:02}");
                (raw(&id, &body), record(&id, &body), vec![i as u8])
            })
            .collect();
        assert_eq!(s.put_articles(&batch).unwrap(), BATCH);
        n += 1;
    }
}

#[test]
fn killed_writer_leaves_a_consistent_database() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "child_writer_loop",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the child has committed a few batches; a reader can watch it.
    let start = Instant::now();
    let mut count = 0;
    while start.elapsed() < Duration::from_secs(60) {
        if let Ok(r) = SqliteStore::open_read_only(dir.path()) {
            count = r.count_articles().unwrap_or(0);
            if count >= 5 * BATCH {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(count >= 5 * BATCH, "child wrote only {count} articles");
    // While it runs, a second writer is refused and told who holds the lock.
    let err = SqliteStore::open(dir.path()).unwrap_err();
    assert!(
        err.to_string()
            .contains(&format!("locked by pid {} (", child.id())),
        "{err}"
    );
    std::thread::sleep(Duration::from_millis(137));
    child.kill().unwrap(); // SIGKILL: no destructors, no clean shutdown
    child.wait().unwrap();

    // The lock died with the process.
    let s = SqliteStore::open(dir.path()).unwrap();
    let n = s.count_articles().unwrap();
    assert!(n >= count);
    assert_eq!(n % BATCH, 0, "a batch was half written: {n} articles");
    let c = rusqlite::Connection::open(s.db_path()).unwrap();
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let orphans: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM articles a LEFT JOIN raw r ON r.id = a.id WHERE r.id IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
    let raws: i64 = c
        .query_row("SELECT COUNT(*) FROM raw", [], |r| r.get(0))
        .unwrap();
    assert_eq!(raws as usize, n);
    let mut parsed = 0;
    s.for_each_article(&mut |_| {
        parsed += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(parsed, n);
}
