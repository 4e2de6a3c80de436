#![no_main]
//! The HTML extractor alone on arbitrary bytes: must never panic, and every
//! offset it reports lies inside its own text or the raw input.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::clean_and_check(data, newsline_model::InputFormat::Html);
});

#[path = "common.rs"]
#[allow(dead_code)]
mod common;
