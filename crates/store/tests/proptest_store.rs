//! Arbitrary strings (multibyte, control characters) never panic the store
//! and round-trip exactly.

use newsline_model::{ArticleRecord, DateOrigin, InputFormat, Precision, Published, RawDoc, Span};
use newsline_store::{SqliteStore, Store};
use proptest::prelude::*;

fn raw(id: &str, body: &str) -> RawDoc {
    RawDoc {
        source: body.into(),
        record: None,
        record_id: Some(id.into()),
        format: InputFormat::Html,
        raw: body.as_bytes().to_vec(),
        content: body.into(),
        charset: "windows-1251".into(),
        url: None,
        title: Some(body.into()),
        published: None,
        crawl_date: None,
        no_clean: true,
        warnings: vec![],
    }
}

fn record(id: &str, text: &str) -> ArticleRecord {
    ArticleRecord {
        schema_version: 1,
        id: id.into(),
        source: text.into(),
        record: None,
        url: None,
        title: Some(text.into()),
        subtitle: None,
        authors: vec![text.into()],
        site_name: None,
        published: Published {
            value: Some(text.into()),
            precision: Precision::Unknown,
            origin: DateOrigin::Unknown,
            range: None,
        },
        dateline: None,
        language: "und".into(),
        text: text.into(),
        paragraphs: vec![Span::new(0, text.len())],
        removed: vec![],
        entities: vec![],
        quotes: vec![],
        times: vec![],
        events: vec![],
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn arbitrary_strings_round_trip(id in "\\PC{0,12}", text in "\\PC{0,80}", key in ".{0,10}", fp in proptest::collection::vec(any::<u8>(), 0..40)) {
        let dir = tempfile::tempdir().unwrap();
        let mut s = SqliteStore::open(dir.path()).unwrap();
        let (r, a) = (raw(&id, &text), record(&id, &text));
        prop_assert!(s.put_article(&r, &a, &fp).unwrap());
        prop_assert!(!s.put_article(&r, &a, &fp).unwrap());
        prop_assert!(s.has_article(&id).unwrap());
        prop_assert_eq!(s.article(&id).unwrap(), Some(a));
        prop_assert_eq!(s.raw(&id).unwrap(), Some(r));
        prop_assert_eq!(s.fingerprints().unwrap(), vec![(id.clone(), fp)]);
        s.set_meta(&key, &text).unwrap();
        prop_assert_eq!(s.meta(&key).unwrap(), Some(text.clone()));
        // Unknown ids are simply absent.
        let missing = format!("{}·x", id);
        prop_assert!(s.article(&missing).unwrap().is_none());
    }
}
