#![no_main]
//! The input readers (format sniffing, charset detection, JSONL, WARC, RSS,
//! decompression) on arbitrary bytes from stdin-like input: must never panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("newsline-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    for ext in ["txt", "html", "jsonl", "warc", "rss", "gz", "zst"] {
        let p = dir.join(format!("input.{ext}"));
        if std::fs::write(&p, data).is_ok() {
            let opts = newsline_ingest::ReadOptions::default();
            for doc in newsline_ingest::read_inputs(&[p.display().to_string()], &opts).take(1000) {
                let _ = doc;
            }
        }
    }
});
