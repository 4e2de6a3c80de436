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
