//! User corrections of the corpus entity registry, read from
//! `corrections.toml` in the data directory.
//!
//! ```toml
//! [[merge]]                      # one real entity: the others redirect to the first
//! ids = ["person:jane-doe", "person:j-doe"]
//!
//! [[split]]                      # move some mentions into a new entity
//! id = "person:doe"
//! new_id = "person:john-doe"
//! name = "John Doe"
//! articles = ["3f9a…"]           # mentions in these articles…
//! aliases = ["John Doe"]         # …or whose name or alias is one of these
//!
//! [[rename]]
//! id = "person:jane-doe"
//! name = "Jane A. Doe"
//!
//! [[alias]]
//! id = "person:jane-doe"
//! aliases = ["the minister"]
//!
//! [[type]]
//! id = "other:acme"
//! type = "organization"
//! ```
//!
//! Corrections apply after the automatic registry is built, in a fixed
//! order (splits, merges, renames, aliases, types), so every rebuild gives
//! the same corrected registry.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use newsline_model::EntityType;
use serde::Deserialize;

use crate::EntityError;

/// The file name of the corrections in a data directory.
pub const CORRECTIONS_FILE: &str = "corrections.toml";

/// Merge several entities into the first one.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Merge {
    /// Entity ids; the first survives, the others redirect to it.
    pub ids: Vec<String>,
}

/// Move some of an entity's mentions into another (usually new) entity.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Split {
    /// The entity to split.
    pub id: String,
    /// The entity receiving the moved mentions.
    pub new_id: String,
    /// Canonical name of the new entity.
    #[serde(default)]
    pub name: Option<String>,
    /// Move the mentions in these articles.
    #[serde(default)]
    pub articles: Vec<String>,
    /// Move the mentions whose name or alias is one of these (case-insensitive).
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Give an entity a new canonical name (the old one stays an alias).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rename {
    /// Entity id.
    pub id: String,
    /// New canonical name.
    pub name: String,
}

/// Add aliases to an entity.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddAlias {
    /// Entity id.
    pub id: String,
    /// Names to add.
    pub aliases: Vec<String>,
}

/// Change an entity's type.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retype {
    /// Entity id.
    pub id: String,
    /// New type.
    #[serde(rename = "type")]
    pub etype: EntityType,
}

/// All corrections of one data directory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Corrections {
    /// `[[merge]]` entries.
    #[serde(default)]
    pub merge: Vec<Merge>,
    /// `[[split]]` entries.
    #[serde(default)]
    pub split: Vec<Split>,
    /// `[[rename]]` entries.
    #[serde(default)]
    pub rename: Vec<Rename>,
    /// `[[alias]]` entries.
    #[serde(default)]
    pub alias: Vec<AddAlias>,
    /// `[[type]]` entries.
    #[serde(default, rename = "type")]
    pub retype: Vec<Retype>,
    /// The file they were read from (for messages).
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

impl Corrections {
    /// True when there is nothing to correct.
    pub fn is_empty(&self) -> bool {
        self.merge.is_empty()
            && self.split.is_empty()
            && self.rename.is_empty()
            && self.alias.is_empty()
            && self.retype.is_empty()
    }

    /// Parses corrections; `path` names the file in error messages.
    pub fn parse(text: &str, path: &Path) -> Result<Self, EntityError> {
        let err = |line: usize, column: usize, message: String| EntityError::Corrections {
            path: path.to_path_buf(),
            line,
            column,
            message,
        };
        let mut c: Corrections = toml::from_str(text).map_err(|e| {
            let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
            err(line, col, e.message().trim().to_string())
        })?;
        let bad =
            |what: &str, i: usize, msg: &str| err(0, 0, format!("[[{what}]] #{}: {msg}", i + 1));
        for (i, m) in c.merge.iter().enumerate() {
            if m.ids.len() < 2 {
                return Err(bad("merge", i, "`ids` needs at least two entity ids"));
            }
            if m.ids.iter().any(|x| x.trim().is_empty()) {
                return Err(bad("merge", i, "empty entity id"));
            }
        }
        for (i, s) in c.split.iter().enumerate() {
            if s.id.trim().is_empty() || s.new_id.trim().is_empty() {
                return Err(bad("split", i, "empty entity id"));
            }
            if s.id == s.new_id {
                return Err(bad("split", i, "`new_id` must differ from `id`"));
            }
            if s.articles.is_empty() && s.aliases.is_empty() {
                return Err(bad("split", i, "give `articles` or `aliases` to move"));
            }
        }
        for (i, r) in c.rename.iter().enumerate() {
            if r.name.trim().is_empty() {
                return Err(bad("rename", i, "empty name"));
            }
        }
        c.path = Some(path.to_path_buf());
        Ok(c)
    }

    /// Reads `<dir>/corrections.toml`; no file means no corrections.
    pub fn load(dir: &Path) -> Result<Self, EntityError> {
        let path = dir.join(CORRECTIONS_FILE);
        let io = |message: String| EntityError::CorrectionsIo {
            path: path.clone(),
            message,
        };
        let file = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => return Err(io(e.to_string())),
        };
        // A corrections file is small: cap the read so a wrong file cannot exhaust memory.
        const MAX: u64 = 8 << 20;
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX + 1), &mut bytes)
            .map_err(|e| io(e.to_string()))?;
        if bytes.len() as u64 > MAX {
            return Err(io(format!("larger than {MAX} bytes")));
        }
        let text = String::from_utf8(bytes).map_err(|e| io(format!("not UTF-8: {e}")))?;
        Self::parse(&text, &path)
    }

    /// The name of the file, for messages.
    pub fn source(&self) -> String {
        self.path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| CORRECTIONS_FILE.to_string())
    }

    /// Merged id → surviving id, with chains of merges followed to the end.
    pub fn redirects(&self) -> BTreeMap<String, String> {
        let mut map: BTreeMap<String, String> = BTreeMap::new();
        let resolve = |map: &BTreeMap<String, String>, id: &str| -> String {
            let mut cur = id.to_string();
            // Bounded: each step follows one redirect; there are no cycles by construction.
            for _ in 0..=map.len() {
                match map.get(&cur) {
                    Some(n) => cur = n.clone(),
                    None => break,
                }
            }
            cur
        };
        for m in &self.merge {
            let Some(first) = m.ids.first() else { continue };
            let survivor = resolve(&map, first);
            for other in m.ids.iter().skip(1) {
                let o = resolve(&map, other);
                if o != survivor {
                    map.insert(o, survivor.clone());
                }
            }
        }
        let keys: Vec<String> = map.keys().cloned().collect();
        for k in keys {
            let r = resolve(&map, &k);
            map.insert(k, r);
        }
        map
    }

    /// Where an entity id points after the merges: the surviving id, or the id itself.
    pub fn resolve(&self, id: &str) -> String {
        self.redirects()
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }
}
