#![no_main]
//! The WARC reader (plain and gzip members) on arbitrary bytes: must never
//! panic, and every record it yields keeps its raw bytes.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::read_as(data, "fuzz.warc", newsline_ingest::FormatHint::Warc);
});

#[path = "common.rs"]
#[allow(dead_code)]
mod common;
