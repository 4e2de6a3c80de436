//! Arbitrary articles and queries (multibyte, control characters, query
//! syntax soup) never panic or error, and snippets stay escaped.

use std::sync::{Mutex, OnceLock};

use newsline_index::{IndexError, SearchIndex, SearchQuery};
use newsline_model::{
    ArticleRecord, DateOrigin, Entity, EntityType, Precision, Published, Span, SCHEMA_VERSION,
};
use proptest::prelude::*;

fn shared() -> &'static Mutex<(tempfile::TempDir, SearchIndex)> {
    static IDX: OnceLock<Mutex<(tempfile::TempDir, SearchIndex)>> = OnceLock::new();
    IDX.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let idx = SearchIndex::open(dir.path()).unwrap();
        Mutex::new((dir, idx))
    })
}

fn record(id: &str, text: &str, date: &str, name: &str, site: &str) -> ArticleRecord {
    ArticleRecord {
        schema_version: SCHEMA_VERSION,
        id: id.into(),
        source: site.into(),
        record: None,
        url: Some(site.into()),
        title: Some(name.into()),
        subtitle: None,
        authors: vec![],
        site_name: None,
        published: Published {
            value: Some(date.into()),
            precision: Precision::Day,
            origin: DateOrigin::Given,
            range: None,
        },
        dateline: None,
        language: "und".into(),
        text: text.into(),
        paragraphs: vec![Span::new(0, text.len())],
        removed: vec![],
        entities: vec![Entity {
            id: name.into(),
            name: name.into(),
            etype: EntityType::Other,
            aliases: vec![],
            roles: vec![],
            mentions: vec![],
        }],
        quotes: vec![],
        times: vec![],
        events: vec![],
    }
}

fn check_snippet(s: &str) -> Result<(), TestCaseError> {
    let stripped = s.replace("<b>", "").replace("</b>", "");
    prop_assert!(
        !stripped.contains('<') && !stripped.contains('>'),
        "unescaped: {s}"
    );
    Ok(())
}

const SYNTAX: &str = "[ a-zA-Zé€中\"'()\\[\\]{}:^~*+\\-!&|/\\\\]{0,30}";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_articles_and_queries_never_fail(
        id in "\\PC{0,10}",
        text in "(\\PC|<|>|&| ){0,200}",
        date in "(\\PC{0,12}|[0-9]{4}(-[0-9]{2}){0,2})",
        name in "\\PC{0,15}",
        site in "(https?://)?\\PC{0,20}",
        q in SYNTAX,
        since in proptest::option::of("(\\PC{0,8}|[0-9]{4}(-[0-9]{2}){0,2})"),
        until in proptest::option::of("[0-9]{4}(-[0-9]{2}){0,2}"),
        entity in proptest::option::of("\\PC{0,10}"),
        limit in 0usize..30,
        offset in 0usize..5,
    ) {
        let mut guard = shared().lock().unwrap_or_else(|p| p.into_inner());
        let idx = &mut guard.1;
        idx.upsert(&record(&id, &text, &date, &name, &site)).unwrap();
        idx.commit().unwrap();
        let query = SearchQuery { text: q, since, until, entity, limit, offset };
        match idx.search(&query) {
            Ok(r) => {
                prop_assert!(r.hits.len() <= limit);
                prop_assert!(r.total >= r.hits.len());
                for h in &r.hits {
                    check_snippet(&h.snippet)?;
                }
            }
            Err(IndexError::BadDate(_)) => {}
            Err(e) => prop_assert!(false, "unexpected error {e}"),
        }
        // The article itself is always findable by its words.
        let word: String = text.split(|c: char| !c.is_ascii_alphanumeric()).find(|w| w.len() > 2).unwrap_or("").to_lowercase();
        if !word.is_empty() {
            let r = idx.search(&SearchQuery { text: word, limit: 1000, ..SearchQuery::default() }).unwrap();
            prop_assert!(r.hits.iter().any(|h| h.id == id));
            for h in &r.hits {
                check_snippet(&h.snippet)?;
            }
        }
    }
}
