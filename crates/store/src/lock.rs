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
    match args.find(|a| !a.starts_with('-')) {
        Some(sub) => format!("{prog} {sub}"),
        None => prog,
    }
}

impl DirLock {
    /// Takes the lock without waiting, or fails with [`StoreError::Locked`].
    pub(crate) fn acquire(dir: &Path) -> Result<DirLock> {
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
                return Err(StoreError::Locked {
                    dir: dir.to_path_buf(),
                    holder: read_holder(&path),
                })
            }
            Err(fs4::TryLockError::Error(e)) => {
                return Err(StoreError::io(format!("cannot lock {}", path.display()), e))
            }
        }
        let holder = Holder {
            pid: std::process::id(),
            command: this_command(),
            started: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
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

/// Describes the lock holder from the lock file, as well as can be read.
fn read_holder(path: &PathBuf) -> String {
    let mut s = String::new();
    let read = File::open(path).and_then(|f| f.take(4096).read_to_string(&mut s));
    if read.is_err() {
        return "another process".to_string();
    }
    match serde_json::from_str::<Holder>(&s) {
        Ok(h) => format!("pid {} ({}, started {})", h.pid, h.command, h.started),
        Err(_) => "another process".to_string(),
    }
}
