//! The SQLite implementation of [`Store`].

use std::path::{Path, PathBuf};

use newsline_model::{ArticleRecord, RawDoc};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Transaction};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{Result, StoreError};
use crate::lock::DirLock;
use crate::schema;
use crate::{Corpus, Store};

/// File name of the database inside the data directory.
pub(crate) const DB_FILE: &str = "newsline.sqlite";

/// A [`Store`] kept in `<data dir>/newsline.sqlite`.
///
/// [`SqliteStore::open`] is the single writer: it takes the directory's lock
/// and migrates the schema. [`SqliteStore::open_read_only`] takes no lock; in
/// WAL mode readers see the last committed state while a writer runs.
#[derive(Debug)]
pub struct SqliteStore {
    // Field order matters: the connection closes before the lock is released.
    conn: Connection,
    dir: PathBuf,
    db_path: PathBuf,
    read_only: bool,
    _lock: Option<DirLock>,
}

fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn to_json<T: Serialize>(v: &T, what: &str) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::json(what.to_string(), e))
}

fn from_json<T: DeserializeOwned>(s: &str, what: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| StoreError::json(what.to_string(), e))
}

fn format_str(raw: &RawDoc) -> &'static str {
    match raw.format {
        newsline_model::InputFormat::Text => "text",
        newsline_model::InputFormat::Html => "html",
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the data directory for writing: takes its
    /// lock (failing with [`StoreError::Locked`] naming the holder when another
    /// process has it) and brings the schema up to date.
    pub fn open(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| {
            StoreError::io(format!("cannot create data directory {}", dir.display()), e)
        })?;
        let lock = DirLock::acquire(dir)?;
        let mut store = Self::open_locked(dir, lock)?;
        schema::migrate_to(&mut store.conn, schema::latest())?;
        Ok(store)
    }

    /// Like [`SqliteStore::open`], writing `command` (e.g. `newsline serve`)
    /// and, for a server, the `url` where it accepts writes into the lock
    /// file, so that a second writer is told who holds the directory.
    pub fn open_as(dir: &Path, command: &str, url: Option<&str>) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| {
            StoreError::io(format!("cannot create data directory {}", dir.display()), e)
        })?;
        let lock = DirLock::acquire_as(dir, Some(command), url)?;
        let mut store = Self::open_locked(dir, lock)?;
        schema::migrate_to(&mut store.conn, schema::latest())?;
        Ok(store)
    }

    /// Opens the writer but migrates only to `version` (tests of migrations).
    #[cfg(test)]
    fn open_at_version(dir: &Path, version: i64) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::io("create dir", e))?;
        let lock = DirLock::acquire(dir)?;
        let mut store = Self::open_locked(dir, lock)?;
        schema::migrate_to(&mut store.conn, version)?;
        Ok(store)
    }

    fn open_locked(dir: &Path, lock: DirLock) -> Result<Self> {
        let db_path = dir.join(DB_FILE);
        let conn = Connection::open_with_flags(
            &db_path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Other(format!(
                "cannot switch {} to WAL mode (got {mode})",
                db_path.display()
            )));
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let found = schema::version(&conn)?;
        if found > schema::latest() {
            return Err(StoreError::SchemaTooNew {
                path: db_path,
                found,
                supported: schema::latest(),
            });
        }
        Ok(SqliteStore {
            conn,
            dir: dir.to_path_buf(),
            db_path,
            read_only: false,
            _lock: Some(lock),
        })
    }

    /// Opens an existing data directory for reading only. Takes no lock, so it
    /// works while a writer runs.
    pub fn open_read_only(dir: &Path) -> Result<Self> {
        let db_path = dir.join(DB_FILE);
        if !db_path.is_file() {
            return Err(StoreError::NotFound(format!(
                "no newsline database in {} (nothing ingested yet?)",
                dir.display()
            )));
        }
        let conn = Connection::open_with_flags(
            &db_path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let found = schema::version(&conn)?;
        if found > schema::latest() {
            return Err(StoreError::SchemaTooNew {
                path: db_path,
                found,
                supported: schema::latest(),
            });
        }
        if found < schema::latest() {
            return Err(StoreError::SchemaOutdated {
                path: db_path,
                found,
                supported: schema::latest(),
            });
        }
        Ok(SqliteStore {
            conn,
            dir: dir.to_path_buf(),
            db_path,
            read_only: true,
            _lock: None,
        })
    }

    /// The data directory.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The database file (`<data dir>/newsline.sqlite`).
    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        schema::version(&self.conn)
    }

    fn writable(&self) -> Result<()> {
        if self.read_only {
            Err(StoreError::ReadOnly(self.dir.clone()))
        } else {
            Ok(())
        }
    }

    fn insert_in(
        tx: &Transaction<'_>,
        raw: &RawDoc,
        record: &ArticleRecord,
        fingerprint: &[u8],
        at: &str,
    ) -> Result<bool> {
        let exists = tx
            .prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?
            .query_row([&record.id], |_| Ok(()))
            .optional()?
            .is_some();
        if exists {
            return Ok(false);
        }
        // The raw bytes and decoded content get their own columns; the rest of
        // the RawDoc is kept as JSON so new fields need no migration.
        let mut meta = raw.clone();
        meta.raw = Vec::new();
        meta.content = String::new();
        let doc = to_json(&meta, "raw document")?;
        tx.prepare_cached(
            "INSERT OR REPLACE INTO raw (id, source, record, format, charset, url, title, published, crawl_date, doc, bytes, content)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            record.id,
            raw.source,
            raw.record,
            format_str(raw),
            raw.charset,
            raw.url,
            raw.title,
            raw.published,
            raw.crawl_date,
            doc,
            raw.raw,
            raw.content,
        ])?;
        let json = to_json(record, "article record")?;
        tx.prepare_cached(
            "INSERT INTO articles (id, published, title, source, json, fingerprint, ingested_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        )?
        .execute(params![
            record.id,
            record.published.value,
            record.title,
            record.source,
            json,
            fingerprint,
            at,
        ])?;
        Ok(true)
    }

    fn insert_rows<T: Serialize>(
        tx: &Transaction<'_>,
        sql: &str,
        items: &[T],
        key: impl Fn(&T) -> Vec<Option<String>>,
        what: &str,
    ) -> Result<()> {
        let mut stmt = tx.prepare(sql)?;
        for (ord, item) in items.iter().enumerate() {
            let json = to_json(item, what)?;
            let k = key(item);
            let mut p: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(k.len() + 2);
            let ord = ord as i64;
            p.push(&ord);
            for v in &k {
                p.push(v);
            }
            p.push(&json);
            stmt.execute(p.as_slice())?;
        }
        Ok(())
    }

    fn load_json<T: DeserializeOwned>(&self, table: &str, what: &str) -> Result<Vec<T>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT json FROM {table} ORDER BY ord"))?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let s: String = row.get(0)?;
            out.push(from_json(&s, what)?);
        }
        Ok(out)
    }
}

impl Store for SqliteStore {
    fn has_article(&self, id: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?
            .query_row([id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    fn put_article(
        &mut self,
        raw: &RawDoc,
        record: &ArticleRecord,
        fingerprint: &[u8],
    ) -> Result<bool> {
        self.writable()?;
        let at = now();
        let tx = self.conn.transaction()?;
        let added = Self::insert_in(&tx, raw, record, fingerprint, &at)?;
        tx.commit()?;
        Ok(added)
    }

    fn put_articles(&mut self, items: &[(RawDoc, ArticleRecord, Vec<u8>)]) -> Result<usize> {
        self.writable()?;
        let at = now();
        let tx = self.conn.transaction()?;
        let mut added = 0;
        for (raw, record, fp) in items {
            if Self::insert_in(&tx, raw, record, fp, &at)? {
                added += 1;
            }
        }
        tx.commit()?;
        Ok(added)
    }

    fn replace_record(&mut self, record: &ArticleRecord, fingerprint: &[u8]) -> Result<()> {
        self.writable()?;
        let json = to_json(record, "article record")?;
        let n = self
            .conn
            .prepare_cached(
                "UPDATE articles SET published = ?2, title = ?3, source = ?4, json = ?5, fingerprint = ?6, updated_at = ?7
                 WHERE id = ?1",
            )?
            .execute(params![
                record.id,
                record.published.value,
                record.title,
                record.source,
                json,
                fingerprint,
                now(),
            ])?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("article {}", record.id)));
        }
        Ok(())
    }

    fn article(&self, id: &str) -> Result<Option<ArticleRecord>> {
        let json: Option<String> = self
            .conn
            .prepare_cached("SELECT json FROM articles WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        json.map(|s| from_json(&s, &format!("article {id}")))
            .transpose()
    }

    fn raw(&self, id: &str) -> Result<Option<RawDoc>> {
        let row: Option<(String, Vec<u8>, String)> = self
            .conn
            .prepare_cached("SELECT doc, bytes, content FROM raw WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let Some((doc, bytes, content)) = row else {
            return Ok(None);
        };
        let mut raw: RawDoc = from_json(&doc, &format!("raw document {id}"))?;
        raw.raw = bytes;
        raw.content = content;
        Ok(Some(raw))
    }

    fn article_ids(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM articles ORDER BY id")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<std::result::Result<Vec<String>, _>>()?;
        Ok(ids)
    }

    fn for_each_article(&self, f: &mut dyn FnMut(ArticleRecord) -> Result<()>) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, json FROM articles ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let json: String = row.get(1)?;
            f(from_json(&json, &format!("article {id}"))?)?;
        }
        Ok(())
    }

    fn fingerprints(&self) -> Result<Vec<(String, Vec<u8>)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, fingerprint FROM articles ORDER BY id")?;
        let v = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<std::result::Result<Vec<(String, Vec<u8>)>, _>>()?;
        Ok(v)
    }

    fn count_articles(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    fn replace_corpus(&mut self, c: &Corpus) -> Result<()> {
        self.writable()?;
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "DELETE FROM corpus_entities; DELETE FROM entity_links; DELETE FROM corpus_events;
             DELETE FROM storylines; DELETE FROM dup_groups;",
        )?;
        Self::insert_rows(
            &tx,
            "INSERT INTO corpus_entities (ord, id, name, json) VALUES (?1, ?2, ?3, ?4)",
            &c.entities,
            |e| vec![Some(e.id.clone()), Some(e.name.clone())],
            "corpus entity",
        )?;
        {
            let mut stmt = tx.prepare(
                "INSERT INTO entity_links (ord, article, local_id, corpus_id) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (ord, (a, l, cid)) in c.entity_links.iter().enumerate() {
                stmt.execute(params![ord as i64, a, l, cid])?;
            }
        }
        Self::insert_rows(
            &tx,
            "INSERT INTO corpus_events (ord, id, date, json) VALUES (?1, ?2, ?3, ?4)",
            &c.events,
            |e| vec![Some(e.id.clone()), e.date.clone()],
            "corpus event",
        )?;
        Self::insert_rows(
            &tx,
            "INSERT INTO storylines (ord, id, json) VALUES (?1, ?2, ?3)",
            &c.storylines,
            |s| vec![Some(s.id.clone())],
            "storyline",
        )?;
        Self::insert_rows(
            &tx,
            "INSERT INTO dup_groups (ord, id, canonical, json) VALUES (?1, ?2, ?3, ?4)",
            &c.dup_groups,
            |g| vec![Some(g.id.clone()), Some(g.canonical.clone())],
            "duplicate group",
        )?;
        tx.commit()?;
        Ok(())
    }

    fn corpus(&self) -> Result<Corpus> {
        let mut links = Vec::new();
        {
            let mut stmt = self
                .conn
                .prepare("SELECT article, local_id, corpus_id FROM entity_links ORDER BY ord")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                links.push((r.get(0)?, r.get(1)?, r.get(2)?));
            }
        }
        Ok(Corpus {
            entities: self.load_json("corpus_entities", "corpus entity")?,
            entity_links: links,
            events: self.load_json("corpus_events", "corpus event")?,
            storylines: self.load_json("storylines", "storyline")?,
            dup_groups: self.load_json("dup_groups", "duplicate group")?,
        })
    }

    fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.writable()?;
        self.conn
            .prepare_cached(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            )?
            .execute([key, value])?;
        Ok(())
    }

    fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_an_old_version_database_migrates_it() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = SqliteStore::open_at_version(dir.path(), 1).unwrap();
            assert_eq!(s.schema_version().unwrap(), 1);
            // A v1 row: no updated_at column yet.
            s.conn
                .execute_batch(
                    "INSERT INTO raw (id, source, format, charset, doc, bytes, content)
                       VALUES ('a1', 'x.txt', 'text', 'utf-8', '{}', x'00', 'hi');
                     INSERT INTO articles (id, source, json, fingerprint, ingested_at)
                       VALUES ('a1', 'x.txt', '{}', x'01', '2026-01-01T00:00:00Z');",
                )
                .unwrap();
            // A read-only handle refuses an outdated schema with a clear message.
            let err = SqliteStore::open_read_only(dir.path()).unwrap_err();
            assert!(
                matches!(err, StoreError::SchemaOutdated { found: 1, .. }),
                "{err}"
            );
        }
        let s = SqliteStore::open(dir.path()).unwrap();
        assert_eq!(s.schema_version().unwrap(), schema::latest());
        let updated: String = s
            .conn
            .query_row("SELECT updated_at FROM articles WHERE id = 'a1'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(updated, "2026-01-01T00:00:00Z");
        let applied: Vec<i64> = s
            .conn
            .prepare("SELECT version FROM schema_migrations ORDER BY version")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap();
        assert_eq!(applied, (1..=schema::latest()).collect::<Vec<_>>());
        assert_eq!(
            s.fingerprints().unwrap(),
            vec![("a1".to_string(), vec![1u8])]
        );
    }

    #[test]
    fn a_database_from_a_newer_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = SqliteStore::open(dir.path()).unwrap();
            s.conn.pragma_update(None, "user_version", 99).unwrap();
        }
        let err = SqliteStore::open(dir.path()).unwrap_err();
        assert!(matches!(err, StoreError::SchemaTooNew { found: 99, .. }));
        assert!(err.to_string().contains("upgrade newsline"));
    }
}
