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

/// Reads `data` as an input called `name` of the given format and drains it;
/// every yielded document must keep a non-empty raw copy.
pub fn read_as(data: &[u8], name: &str, hint: newsline_ingest::FormatHint) {
    let opts = newsline_ingest::ReadOptions {
        input_format: Some(hint),
        ..Default::default()
    };
    let docs = newsline_ingest::read_bytes(name, data.to_vec(), &opts).take(1000);
    for doc in docs.flatten() {
        assert!(!doc.raw.is_empty() || doc.content.is_empty());
    }
}

/// Runs the clean stage alone; asserts that paragraphs lie inside the clean
/// text on char boundaries and removed blocks inside the decoded input.
pub fn clean_and_check(data: &[u8], format: InputFormat) {
    let doc = raw(data, format);
    if let Ok(clean) = newsline_clean::clean(&doc) {
        for p in &clean.paragraphs {
            assert!(p.start <= p.end && p.end <= clean.text.len());
            assert!(clean.text.is_char_boundary(p.start) && clean.text.is_char_boundary(p.end));
        }
        let n = doc.content.chars().count();
        for r in &clean.removed {
            assert!(r.raw_start <= r.raw_end && r.raw_end <= n);
        }
    }
}
