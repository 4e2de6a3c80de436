#![no_main]
//! Every stage on arbitrary html: must never panic, and every span must be in bounds.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let doc = common::raw(data, newsline_model::InputFormat::Html);
    if let Ok(rec) = newsline_pipeline::analyze(&doc) {
        let n = rec.text.chars().count();
        for q in &rec.quotes {
            assert!(q.content.start <= q.content.end && q.content.end <= n);
        }
        for t in &rec.times {
            assert!(t.span.start <= t.span.end && t.span.end <= n);
        }
        for e in &rec.entities {
            for m in &e.mentions {
                assert!(m.span.end <= n);
            }
        }
    }
});
