//! Replays the committed fuzz corpora (`fuzz/seeds/<target>`) and crash
//! reproducers (`fuzz/regressions/<target>`) through the same checks the
//! `cargo fuzz` targets run, so CI checks them without building the fuzzer.

use std::path::{Path, PathBuf};

#[path = "../../../fuzz/fuzz_targets/common.rs"]
#[allow(dead_code)]
mod common;

use newsline_ingest::FormatHint;
use newsline_model::InputFormat;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// Every committed input of `target`, seeds and regressions together.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for kind in ["seeds", "regressions"] {
        let dir = fuzz_dir().join(kind).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if p.is_file() {
                let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                out.push((p, bytes));
            }
        }
    }
    out
}

fn replay(target: &str, check: impl Fn(&[u8])) {
    let all = inputs(target);
    assert!(
        !all.is_empty(),
        "no committed fuzz inputs for {target} under {}",
        fuzz_dir().display()
    );
    for (path, bytes) in &all {
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(bytes)));
        assert!(
            run.is_ok(),
            "fuzz input {} panics in {target}",
            path.display()
        );
    }
}

#[test]
fn read_warc_corpus() {
    replay("read_warc", |d| {
        common::read_as(d, "fuzz.warc", FormatHint::Warc)
    });
}

#[test]
fn read_feed_corpus() {
    replay("read_feed", |d| {
        common::read_as(d, "fuzz.rss", FormatHint::Rss)
    });
}

#[test]
fn read_bytes_corpus() {
    replay("read_bytes", |d| {
        for (name, hint) in [
            ("fuzz.txt", FormatHint::Text),
            ("fuzz.html", FormatHint::Html),
            ("fuzz.jsonl", FormatHint::Jsonl),
        ] {
            common::read_as(d, name, hint);
        }
    });
}

#[test]
fn clean_html_corpus() {
    replay("clean_html", |d| {
        common::clean_and_check(d, InputFormat::Html)
    });
}

#[test]
fn clean_text_corpus() {
    replay("clean_text", |d| {
        common::clean_and_check(d, InputFormat::Text)
    });
}

#[test]
fn analyze_html_corpus() {
    replay("analyze_html", |d| {
        common::analyze_and_check(d, InputFormat::Html)
    });
}

#[test]
fn analyze_text_corpus() {
    replay("analyze_text", |d| {
        common::analyze_and_check(d, InputFormat::Text)
    });
}

/// The WARC seeds are real archives: the readable ones must yield their
/// response records with the URL and crawl date from the WARC headers.
#[test]
fn warc_seed_yields_responses() {
    let path = fuzz_dir().join("seeds/read_warc/two-responses.warc");
    let bytes = std::fs::read(&path).expect("committed WARC seed");
    let opts = newsline_ingest::ReadOptions::default();
    let docs: Vec<_> = newsline_ingest::read_bytes("two-responses.warc", bytes, &opts)
        .filter_map(Result::ok)
        .collect();
    assert_eq!(
        docs.len(),
        2,
        "two response records, the request and warcinfo skipped"
    );
    assert!(docs[0]
        .url
        .as_deref()
        .is_some_and(|u| u.ends_with("/ferry-link")));
    assert!(docs[0].crawl_date.is_some());
    assert!(
        docs[0].content.contains("ferry link"),
        "windows-1251 body decoded"
    );
}
