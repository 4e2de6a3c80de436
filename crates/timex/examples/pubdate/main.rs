//! Scores publication-date inference with the true date hidden.
//!
//! `cargo run --release -p newsline-timex --example pubdate -- [T17_DIR]`
//! (default: `../shared/bench/t17` relative to the workspace root). Also scores the
//! example corpus (`examples/corpus` with `examples/corpus-manifest.tsv`) when present.
//! Set `PUBDATE_DUMP=1` to print the misses to stderr (`PUBDATE_DUMP_ALL=1`: every article).

mod eval;

use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/bench/t17"));
    let verbose = std::env::var_os("PUBDATE_DUMP").is_some();
    match eval::t17(&dir, verbose) {
        Some(s) => print!("{}", eval::report("Timeline17", &s)),
        None => println!("Timeline17 data not found at {}; skipped.", dir.display()),
    }
    let corpus = root.join("examples/corpus");
    let manifest = root.join("examples/corpus-manifest.tsv");
    for (name, body_only) in [
        ("example corpus", false),
        ("example corpus, body only", true),
    ] {
        match eval::corpus(&corpus, &manifest, body_only, verbose) {
            Some(s) => print!("{}", eval::report(name, &s)),
            None => println!("example corpus not found at {}; skipped.", corpus.display()),
        }
    }
}
