//! Runs the dedup index over analysed articles and prints the pairs it finds.
//!
//! ```text
//! ./target/debug/newsline analyze examples/corpus /work/shared/seeds > /tmp/a.jsonl
//! cargo run -p newsline-dedup --example corpus_pairs -- /tmp/a.jsonl \
//!     [--manifest examples/corpus-manifest.tsv] [--containment 0.3] [--threshold 0.6] \
//!     [--bands 64] [--rows 2] [--min-shared 30] [--show 0.1]
//! ```
//!
//! Input: JSONL with `id`, `text`, optional `source` and `published.value`.
//! Prints every verified pair with its estimated Jaccard (J), containment (C)
//! and shared shingles, every other pair whose estimated containment is at
//! least `--show`, and, with a manifest (`file` and `syndication_group`
//! columns; `name.jsonl#id` for records of a JSONL feed), the planted pairs
//! found and missed, the planted groups fully found and the false merges.
use std::collections::{BTreeMap, HashMap, HashSet};

use newsline_dedup::{fingerprint, DedupConfig, DedupIndex, Fingerprint};

struct Doc {
    id: String,
    key: String,
    published: Option<String>,
    text: String,
}

fn arg<T: std::str::FromStr>(args: &[String], name: &str) -> Option<T> {
    let i = args.iter().position(|a| a == name)?;
    args.get(i + 1)?.parse().ok()
}

fn key_of(source: &str, id: &str) -> String {
    let file = source.rsplit('/').next().unwrap_or(source);
    if file.ends_with(".jsonl") {
        format!("{file}#{id}")
    } else {
        file.to_string()
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: corpus_pairs FILE.jsonl [--manifest TSV] [--containment C] ...");
        std::process::exit(2);
    };
    let mut cfg = DedupConfig::default();
    if let Some(v) = arg(&args, "--containment") {
        cfg.containment = v;
    }
    if let Some(v) = arg(&args, "--threshold") {
        cfg.threshold = v;
    }
    if let Some(v) = arg(&args, "--bands") {
        cfg.bands = v;
    }
    if let Some(v) = arg(&args, "--rows") {
        cfg.rows = v;
    }
    if let Some(v) = arg(&args, "--min-shared") {
        cfg.min_shared = v;
    }
    let show: f32 = arg(&args, "--show").unwrap_or(0.1);
    let input = match std::fs::read(path) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1)
        }
    };
    let mut docs = Vec::new();
    for line in input.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let id = v["id"].as_str().unwrap_or("").to_string();
        let source = v["source"].as_str().unwrap_or(&id).to_string();
        docs.push(Doc {
            key: key_of(&source, &id),
            id,
            published: v["published"]["value"].as_str().map(str::to_string),
            text: v["text"].as_str().unwrap_or("").to_string(),
        });
    }
    println!("config: {cfg:?}");
    let mut index = DedupIndex::new(cfg.clone());
    let fps: Vec<Fingerprint> = docs.iter().map(|d| fingerprint(&d.text, &cfg)).collect();
    for (d, fp) in docs.iter().zip(&fps) {
        if let Some(a) = &fp.agency {
            println!(
                "agency {a:?} ({}) in {}",
                if fp.credited { "credited" } else { "tag" },
                d.key
            );
        }
        index.insert(&d.id, d.published.as_deref(), d.text.len(), fp);
    }
    let key: HashMap<&str, &str> = docs
        .iter()
        .map(|d| (d.id.as_str(), d.key.as_str()))
        .collect();
    let found: HashSet<(String, String)> = index
        .pairs()
        .into_iter()
        .map(|(a, b, _)| {
            let (a, b) = (key[a.as_str()].to_string(), key[b.as_str()].to_string());
            if a < b {
                (a, b)
            } else {
                (b, a)
            }
        })
        .collect();

    // Manifest ground truth.
    let mut group_of: HashMap<String, String> = HashMap::new();
    if let Some(m) = arg::<String>(&args, "--manifest") {
        let tsv = std::fs::read(&m)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let mut lines = tsv.lines();
        let head: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
        let fcol = head.iter().position(|h| *h == "file").unwrap_or(0);
        let gcol = head.iter().position(|h| *h == "syndication_group");
        for l in lines {
            let cols: Vec<&str> = l.split('\t').collect();
            if let (Some(f), Some(g)) = (cols.get(fcol), gcol.and_then(|g| cols.get(g))) {
                if !g.is_empty() {
                    group_of.insert(f.to_string(), g.to_string());
                }
            }
        }
    }
    let planted = |a: &str, b: &str| match (group_of.get(a), group_of.get(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    };

    println!("\npairs (J = est. Jaccard, C = est. containment, S = est. shared shingles, sizes):");
    let mut false_merges = 0;
    let mut planted_found = 0;
    let mut planted_total = 0;
    for i in 0..docs.len() {
        for j in i + 1..docs.len() {
            let (a, b) = (&docs[i], &docs[j]);
            let (ka, kb) = if a.key < b.key {
                (&a.key, &b.key)
            } else {
                (&b.key, &a.key)
            };
            let is_found = found.contains(&(ka.clone(), kb.clone()));
            let is_planted = planted(ka, kb);
            planted_total += usize::from(is_planted);
            planted_found += usize::from(is_planted && is_found);
            false_merges += usize::from(is_found && !is_planted);
            let Some((jj, c, s)) = index.scores(&a.id, &b.id) else {
                continue;
            };
            if is_found || is_planted || c >= show {
                println!(
                    "{} {} J={jj:.3} C={c:.3} S={s:.0} ({}/{}) {ka} ~ {kb}",
                    if is_found { "FOUND " } else { "      " },
                    if is_planted { "planted" } else { "-------" },
                    fps[i].shingles,
                    fps[j].shingles,
                );
            }
        }
    }
    if !group_of.is_empty() {
        // A planted group counts as found when all its members end up in one dup group.
        let groups = index.groups();
        let mut comp: HashMap<&str, usize> = HashMap::new();
        for (n, g) in groups.iter().enumerate() {
            comp.insert(key[g.canonical.as_str()], n);
            for m in &g.members {
                comp.insert(key[m.article.as_str()], n);
            }
        }
        let mut by_group: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for d in &docs {
            if let Some(g) = group_of.get(&d.key) {
                by_group.entry(g).or_default().push(&d.key);
            }
        }
        let mut whole = 0;
        for (g, members) in &by_group {
            let comps: HashSet<Option<&usize>> = members.iter().map(|m| comp.get(m)).collect();
            let ok = comps.len() == 1 && !comps.contains(&None);
            whole += usize::from(ok);
            println!(
                "group {g}: {} ({} members)",
                if ok { "found" } else { "NOT found" },
                members.len()
            );
        }
        println!(
            "\nplanted groups fully found: {whole}/{}  planted pairs found: {planted_found}/{planted_total}  false merges (pairs): {false_merges}",
            by_group.len()
        );
    } else {
        println!("\nverified pairs: {}", found.len());
    }
}
