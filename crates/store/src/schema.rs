//! Versioned schema migrations.
//!
//! `PRAGMA user_version` holds the number of applied migrations; each one is
//! applied in its own transaction together with the version bump and a row in
//! `schema_migrations`, so a crash never leaves a half-migrated database.

use rusqlite::Connection;

use crate::error::Result;

/// Migration SQL, applied in order. Never edit a released entry: append.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: base tables.
    r#"
    CREATE TABLE schema_migrations (
        version INTEGER PRIMARY KEY,
        applied_at TEXT NOT NULL
    );
    CREATE TABLE raw (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        record TEXT,
        format TEXT NOT NULL,
        charset TEXT NOT NULL,
        url TEXT,
        title TEXT,
        published TEXT,
        crawl_date TEXT,
        doc TEXT NOT NULL,
        bytes BLOB NOT NULL,
        content TEXT NOT NULL
    );
    CREATE TABLE articles (
        id TEXT PRIMARY KEY REFERENCES raw(id) ON DELETE CASCADE,
        published TEXT,
        title TEXT,
        source TEXT NOT NULL,
        json TEXT NOT NULL,
        fingerprint BLOB NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE TABLE corpus_entities (
        ord INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        json TEXT NOT NULL
    );
    CREATE TABLE entity_links (
        ord INTEGER PRIMARY KEY,
        article TEXT NOT NULL,
        local_id TEXT NOT NULL,
        corpus_id TEXT NOT NULL
    );
    CREATE TABLE corpus_events (
        ord INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        date TEXT,
        json TEXT NOT NULL
    );
    CREATE TABLE storylines (
        ord INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        json TEXT NOT NULL
    );
    CREATE TABLE dup_groups (
        ord INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        canonical TEXT NOT NULL,
        json TEXT NOT NULL
    );
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    "#,
    // 2: lookup indexes and the time of the last reprocessing.
    r#"
    ALTER TABLE articles ADD COLUMN updated_at TEXT;
    UPDATE articles SET updated_at = ingested_at WHERE updated_at IS NULL;
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX entity_links_article ON entity_links(article);
    CREATE INDEX entity_links_corpus ON entity_links(corpus_id);
    CREATE INDEX corpus_entities_id ON corpus_entities(id);
    CREATE INDEX corpus_events_id ON corpus_events(id);
    "#,
];

/// The schema version this build writes.
pub(crate) fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

/// The database's current schema version.
pub(crate) fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Applies migrations until the database is at `target` (at most [`latest`]).
pub(crate) fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let target = target.min(latest());
    let mut current = version(conn)?;
    while current < target {
        let idx = usize::try_from(current).unwrap_or(0);
        let Some(sql) = MIGRATIONS.get(idx) else {
            break;
        };
        let next = current + 1;
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_migrations(version, applied_at) VALUES (?1, strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
            [next],
        )?;
        tx.pragma_update(None, "user_version", next)?;
        tx.commit()?;
        current = next;
    }
    Ok(())
}
