//! Prints the clean output of text or HTML files: `cargo run -p newsline-clean --example show -- FILE...`
use newsline_model::{InputFormat, RawDoc};

fn main() {
    for path in std::env::args().skip(1) {
        let raw = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let html = path.ends_with(".html") || path.ends_with(".htm");
        let doc = RawDoc {
            source: path.clone(),
            record: None,
            record_id: None,
            format: if html {
                InputFormat::Html
            } else {
                InputFormat::Text
            },
            content: String::from_utf8_lossy(&raw).into_owned(),
            raw,
            charset: "utf-8".into(),
            url: None,
            title: None,
            published: None,
            crawl_date: None,
            no_clean: false,
            warnings: vec![],
        };
        match newsline_clean::clean(&doc) {
            Ok(c) => println!("{}", serde_json::to_string_pretty(&c).unwrap_or_default()),
            Err(e) => println!("{path}: {e}"),
        }
    }
}
