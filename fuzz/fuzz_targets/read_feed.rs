#![no_main]
//! The RSS 2.0 / Atom reader on arbitrary bytes: must never panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::read_as(data, "fuzz.rss", newsline_ingest::FormatHint::Rss);
});

#[path = "common.rs"]
#[allow(dead_code)]
mod common;
