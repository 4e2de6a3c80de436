//! The data directory's exclusive writer lock.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use fs4::FileExt;

use crate::error::{Result, StoreError};

/// Name of the lock file inside the data directory.
pub(crate) const LOCK_FILE: &str = "lock";

/// Holds the exclusive lock on `<dir>/lock` until dropped (or the process dies).
#[derive(Debug)]
pub(crate) struct DirLock {
    _file: File,
}

/// What a lock holder writes into the lock file.
#[derive(serde::Serialize, serde::Deserialize)]
struct Holder {
    pid: u32,
    command: String,
    started: String,
    /// Where a server holding the lock accepts writes (`http://127.0.0.1:8080`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

/// A short description of this process: `newsline ingest`.
fn this_command() -> String {
    let mut args = std::env::args();
    let prog = args
        .next()
        .map(|a| {
            Path::new(&a)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or(a)
        })
        .unwrap_or_else(|| "newsline".to_string());
    // the first word that is neither an option nor the value of `--data DIR`
    let mut sub = None;
    while let Some(a) = args.next() {
        if a == "--data" {
            args.next();
        } else if !a.starts_with('-') {
            sub = Some(a);
            break;
        }
    }
    match sub {
        Some(sub) => format!("{prog} {sub}"),
        None => prog,
    }
}

impl DirLock {
    /// Takes the lock without waiting, or fails with [`StoreError::Locked`].
    pub(crate) fn acquire(dir: &Path) -> Result<DirLock> {
        Self::acquire_as(dir, None, None)
    }

    /// Like [`DirLock::acquire`], naming the holder `command` (default: this
    /// process's program and subcommand) and, for a server, the `url` where
    /// it accepts writes.
    pub(crate) fn acquire_as(
        dir: &Path,
        command: Option<&str>,
        url: Option<&str>,
    ) -> Result<DirLock> {
        let path = dir.join(LOCK_FILE);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| StoreError::io(format!("cannot open lock file {}", path.display()), e))?;
        match FileExt::try_lock(&file) {
            Ok(()) => {}
            Err(fs4::TryLockError::WouldBlock) => {
                let (holder, url) = read_holder(&path);
                return Err(StoreError::Locked {
                    dir: dir.to_path_buf(),
                    holder,
                    url,
                });
            }
            Err(fs4::TryLockError::Error(e)) => {
                return Err(StoreError::io(format!("cannot lock {}", path.display()), e))
            }
        }
        let holder = Holder {
            pid: std::process::id(),
            command: command.map_or_else(this_command, str::to_string),
            started: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            url: url.map(str::to_string),
        };
        let json =
            serde_json::to_string(&holder).map_err(|e| StoreError::json("lock holder", e))?;
        let write = |file: &mut File| -> std::io::Result<()> {
            file.set_len(0)?;
            file.seek(SeekFrom::Start(0))?;
            file.write_all(json.as_bytes())?;
            file.flush()
        };
        write(&mut file)
            .map_err(|e| StoreError::io(format!("cannot write lock file {}", path.display()), e))?;
        Ok(DirLock { _file: file })
    }
}

/// Describes the lock holder from the lock file, as well as can be read,
/// with the URL of a server holding it.
fn read_holder(path: &PathBuf) -> (String, Option<String>) {
    let unknown = || ("another process".to_string(), None);
    let mut s = String::new();
    let read = File::open(path).and_then(|f| f.take(4096).read_to_string(&mut s));
    if read.is_err() {
        return unknown();
    }
    match serde_json::from_str::<Holder>(&s) {
        Ok(h) => {
            let at = h
                .url
                .as_deref()
                .map(|u| format!(" at {u}"))
                .unwrap_or_default();
            (
                format!("pid {} ({}{at}, started {})", h.pid, h.command, h.started),
                h.url,
            )
        }
        Err(_) => unknown(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_holder_is_named_with_its_url() {
        let dir = tempfile::tempdir().unwrap();
        let held = DirLock::acquire_as(
            dir.path(),
            Some("newsline serve"),
            Some("http://127.0.0.1:9"),
        )
        .unwrap();
        match DirLock::acquire(dir.path()) {
            Err(StoreError::Locked { holder, url, .. }) => {
                assert_eq!(url.as_deref(), Some("http://127.0.0.1:9"));
                assert!(
                    holder.contains("(newsline serve at http://127.0.0.1:9, started "),
                    "{holder}"
                );
                assert!(holder.starts_with(&format!("pid {} ", std::process::id())));
            }
            other => panic!("expected Locked, got {other:?}"),
        }
        drop(held);
        // released: a plain writer gets it, and names no URL
        let plain = DirLock::acquire(dir.path()).unwrap();
        drop(plain);
    }
}
