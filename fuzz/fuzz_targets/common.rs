use newsline_model::{InputFormat, RawDoc};

/// A raw document as ingest would hand it on, from arbitrary bytes.
pub fn raw(data: &[u8], format: InputFormat) -> RawDoc {
    RawDoc {
        source: "fuzz".into(),
        record: None,
        record_id: None,
        format,
        raw: data.to_vec(),
        content: String::from_utf8_lossy(data).into_owned(),
        charset: "utf-8".into(),
        url: None,
        title: None,
        published: None,
        crawl_date: None,
        no_clean: false,
        warnings: Vec::new(),
    }
}

/// Runs every stage; asserts that every span lies inside the clean text.
pub fn analyze_and_check(data: &[u8], format: InputFormat) {
    let doc = raw(data, format);
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
        for e in &rec.events {
            assert!(e.span.start <= e.span.end && e.span.end <= n);
        }
    }
}
