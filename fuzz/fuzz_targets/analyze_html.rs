#![no_main]
//! Every stage on arbitrary html: must never panic, and every span must be in bounds.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
#[allow(dead_code)]
mod common;

fuzz_target!(|data: &[u8]| common::analyze_and_check(data, newsline_model::InputFormat::Html));
