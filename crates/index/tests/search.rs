//! Search index tests on small invented articles, in temp dirs.

use newsline_index::{IndexError, SearchIndex, SearchQuery};
use newsline_model::{
    ArticleRecord, DateOrigin, Entity, EntityType, Precision, Published, Quote, QuoteKind, Span,
    SCHEMA_VERSION,
};

fn entity(id: &str, name: &str) -> Entity {
    Entity {
        id: id.into(),
        name: name.into(),
        etype: EntityType::Person,
        aliases: vec![],
        roles: vec![],
        mentions: vec![],
    }
}

fn article(
    id: &str,
    date: Option<&str>,
    site: &str,
    title: &str,
    text: &str,
    ents: &[(&str, &str)],
) -> ArticleRecord {
    ArticleRecord {
        schema_version: SCHEMA_VERSION,
        id: id.into(),
        source: format!("feeds/{id}.html"),
        record: None,
        url: Some(format!("https://www.{site}/news/{id}")),
        title: Some(title.into()),
        subtitle: None,
        authors: vec![],
        site_name: None,
        published: match date {
            Some(d) => Published {
                value: Some(d.into()),
                precision: Precision::Day,
                origin: DateOrigin::Metadata,
                range: None,
            },
            None => Published::unknown(),
        },
        dateline: None,
        language: "en".into(),
        text: text.into(),
        paragraphs: vec![Span::new(0, text.len())],
        removed: vec![],
        entities: ents.iter().map(|(i, n)| entity(i, n)).collect(),
        quotes: vec![Quote {
            kind: QuoteKind::Direct,
            content: Span::new(0, 4),
            cue_span: None,
            speaker: ents.first().map(|e| e.0.to_string()),
            speaker_name: ents.first().map(|e| e.1.to_string()),
            speaker_span: None,
            outlet: None,
            date: None,
            date_origin: None,
            confidence: 0.9,
        }],
        times: vec![],
        events: vec![],
    }
}

fn corpus() -> Vec<ArticleRecord> {
    vec![
        article(
            "v1",
            Some("2025-03-04"),
            "valdoria-herald.vl",
            "Foreign ministers meet in Kessgrad",
            "The foreign ministers of Valdoria and Ostrenia met in Kessgrad on Tuesday. \
             Talks on the river treaty lasted four hours, officials said.",
            &[
                ("person:anna-voss", "Anna Voss"),
                ("place:kessgrad", "Kessgrad"),
            ],
        ),
        article(
            "v2",
            Some("2025-03-20"),
            "valdoria-herald.vl",
            "Ostrenia expels two diplomats",
            "Ostrenia ordered two Valdorian diplomats to leave within 72 hours, \
             the ministry said, citing <unspecified> activities & contacts.",
            &[("person:anna-voss", "Anna Voss")],
        ),
        article(
            "o1",
            Some("2024-11-30"),
            "ostrenia-times.os",
            "Minister Brandt visits the border",
            "Defence minister Tomas Brandt visited the border region and met local officials.",
            &[("person:tomas-brandt", "Tomas Brandt")],
        ),
        article(
            "u1",
            None,
            "ostrenia-times.os",
            "Undated note on the treaty",
            "A note about the river treaty with no date at all.",
            &[],
        ),
    ]
}

fn built() -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    let mut idx = SearchIndex::open(dir.path()).unwrap();
    for a in corpus() {
        idx.upsert(&a).unwrap();
    }
    idx.commit().unwrap();
    (dir, idx)
}

fn ids(idx: &SearchIndex, q: &SearchQuery) -> Vec<String> {
    let mut v: Vec<String> = idx
        .search(q)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    v.sort();
    v
}

#[test]
fn upsert_twice_keeps_one_document_with_the_new_content() {
    let (_d, mut idx) = built();
    assert_eq!(idx.num_docs(), 4);
    let mut changed = corpus().remove(0);
    changed.text = "Completely rewritten text about a harbour.".into();
    idx.upsert(&changed).unwrap();
    idx.upsert(&changed).unwrap();
    idx.commit().unwrap();
    assert_eq!(idx.num_docs(), 4);
    assert_eq!(ids(&idx, &SearchQuery::text("harbour")), vec!["v1"]);
    assert!(ids(&idx, &SearchQuery::text("Tuesday")).is_empty());
    idx.delete("v1").unwrap();
    idx.commit().unwrap();
    assert_eq!(idx.num_docs(), 3);
}

#[test]
fn stemming_matches_word_forms_and_words_must_all_match() {
    let (_d, idx) = built();
    // "meeting" ~ "meet" (title), "minister" ~ "ministers"
    assert_eq!(
        ids(&idx, &SearchQuery::text("meeting minister")),
        vec!["v1"]
    );
    assert_eq!(ids(&idx, &SearchQuery::text("visiting")), vec!["o1"]);
    assert_eq!(ids(&idx, &SearchQuery::text("treaties")), vec!["u1", "v1"]);
    assert_eq!(
        ids(&idx, &SearchQuery::text("diplomat OR border")),
        vec!["o1", "v2"]
    );
    assert_eq!(
        ids(&idx, &SearchQuery::text("\"river treaty\" -Kessgrad")),
        vec!["u1"]
    );
    // Title matches rank first.
    let r = idx.search(&SearchQuery::text("minister")).unwrap();
    assert_eq!(r.total, 2);
    assert_eq!(r.hits[0].id, "o1");
}

#[test]
fn invalid_syntax_falls_back_to_lenient_parsing() {
    let (_d, idx) = built();
    for q in [
        "(treaty AND",
        "title:",
        "\"river treaty",
        "treaty^^",
        "nofield:treaty",
        ")))",
        "+-",
    ] {
        let r = idx.search(&SearchQuery::text(q));
        assert!(r.is_ok(), "{q}: {r:?}");
    }
    // Dangling operators, unknown fields and stray brackets still find the words.
    assert_eq!(
        ids(&idx, &SearchQuery::text("(treaty AND")),
        vec!["u1", "v1"]
    );
    assert_eq!(
        ids(&idx, &SearchQuery::text("nofield:treaty")),
        vec!["u1", "v1"]
    );
    assert_eq!(ids(&idx, &SearchQuery::text("treaty^^")), vec!["u1", "v1"]);
    assert_eq!(
        ids(&idx, &SearchQuery::text("\"river treaty")),
        vec!["u1", "v1"]
    );
    assert_eq!(
        ids(&idx, &SearchQuery::text("title: diplomats")),
        vec!["v2"]
    );
    assert!(ids(&idx, &SearchQuery::text(")))")).is_empty());
}

#[test]
fn date_filters_cover_whole_periods_and_exclude_undated() {
    let (_d, idx) = built();
    let q = |since: Option<&str>, until: Option<&str>| SearchQuery {
        since: since.map(Into::into),
        until: until.map(Into::into),
        ..SearchQuery::default()
    };
    assert_eq!(ids(&idx, &q(Some("2025"), None)), vec!["v1", "v2"]);
    assert_eq!(ids(&idx, &q(None, Some("2025-03-04"))), vec!["o1", "v1"]);
    assert_eq!(
        ids(&idx, &q(Some("2025-03"), Some("2025-03"))),
        vec!["v1", "v2"]
    );
    assert_eq!(
        ids(&idx, &q(Some("2025-03-05"), Some("2025-03-19"))),
        Vec::<String>::new()
    );
    let with_text = SearchQuery {
        text: "treaty".into(),
        since: Some("2020".into()),
        ..SearchQuery::default()
    };
    assert_eq!(ids(&idx, &with_text), vec!["v1"]);
    let bad = q(Some("March 2025"), None);
    assert!(matches!(idx.search(&bad), Err(IndexError::BadDate(_))));
}

#[test]
fn empty_query_matches_all_newest_first_with_paging() {
    let (_d, idx) = built();
    let r = idx.search(&SearchQuery::default()).unwrap();
    assert_eq!(r.total, 4);
    let order: Vec<_> = r.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(order, vec!["v2", "v1", "o1", "u1"]);
    let page = idx
        .search(&SearchQuery {
            limit: 2,
            offset: 1,
            ..SearchQuery::default()
        })
        .unwrap();
    assert_eq!(page.total, 4);
    let order: Vec<_> = page.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(order, vec!["v1", "o1"]);
    let none = idx
        .search(&SearchQuery {
            limit: 0,
            ..SearchQuery::text("treaty")
        })
        .unwrap();
    assert_eq!((none.total, none.hits.len()), (2, 0));
    // Hits carry their stored fields; snippets fall back to the lead.
    let v2 = r.hits.iter().find(|h| h.id == "v2").unwrap();
    assert_eq!(v2.title.as_deref(), Some("Ostrenia expels two diplomats"));
    assert_eq!(v2.published.as_deref(), Some("2025-03-20"));
    assert_eq!(v2.source, "feeds/v2.html");
    assert!(
        v2.snippet.starts_with("Ostrenia ordered two Valdorian"),
        "{}",
        v2.snippet
    );
}

#[test]
fn entity_filter_by_id_or_name() {
    let (_d, idx) = built();
    let q = |e: &str| SearchQuery {
        entity: Some(e.into()),
        ..SearchQuery::default()
    };
    assert_eq!(ids(&idx, &q("person:anna-voss")), vec!["v1", "v2"]);
    assert_eq!(ids(&idx, &q("Tomas Brandt")), vec!["o1"]);
    assert_eq!(ids(&idx, &q("tomas brandt")), vec!["o1"]);
    assert_eq!(ids(&idx, &q("person:nobody")), Vec::<String>::new());
    let both = SearchQuery {
        text: "diplomats".into(),
        entity: Some("person:anna-voss".into()),
        ..SearchQuery::default()
    };
    assert_eq!(ids(&idx, &both), vec!["v2"]);
    // Speakers are searchable by field.
    assert_eq!(ids(&idx, &SearchQuery::text("speakers:brandt")), vec!["o1"]);
}

#[test]
fn facets_count_all_matching_documents() {
    let (_d, idx) = built();
    let r = idx
        .search(&SearchQuery {
            limit: 1,
            ..SearchQuery::default()
        })
        .unwrap();
    assert_eq!(r.hits.len(), 1);
    assert_eq!(
        r.facets.entities,
        vec![
            ("person:anna-voss".to_string(), 2),
            ("person:tomas-brandt".to_string(), 1),
            ("place:kessgrad".to_string(), 1),
        ]
    );
    assert_eq!(
        r.facets.sources,
        vec![
            ("ostrenia-times.os".to_string(), 2),
            ("valdoria-herald.vl".to_string(), 2)
        ]
    );
    assert_eq!(
        r.facets.years,
        vec![("2024".to_string(), 1), ("2025".to_string(), 2)]
    );
    let r = idx.search(&SearchQuery::text("treaty")).unwrap();
    assert_eq!(r.facets.years, vec![("2025".to_string(), 1)]);
    assert_eq!(r.facets.entities.len(), 2);
}

#[test]
fn snippets_highlight_matches_and_escape_html() {
    let (_d, idx) = built();
    let r = idx.search(&SearchQuery::text("activity")).unwrap();
    assert_eq!(r.hits.len(), 1);
    let s = &r.hits[0].snippet;
    assert!(s.contains("<b>activities</b>"), "{s}");
    assert!(s.contains("&lt;unspecified&gt;"), "{s}");
    assert!(!s.contains("<unspecified>"), "{s}");
}

#[test]
fn reopen_after_commit_and_lock_and_read_only() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        SearchIndex::open_read_only(dir.path()),
        Err(IndexError::NotFound(_))
    ));
    {
        let mut idx = SearchIndex::open(dir.path()).unwrap();
        assert!(matches!(
            SearchIndex::open(dir.path()),
            Err(IndexError::Locked(_))
        ));
        for a in corpus() {
            idx.upsert(&a).unwrap();
        }
        idx.commit().unwrap();
        // Uncommitted changes are lost when the writer goes away.
        idx.upsert(&article("x9", None, "a.b", "Zeppelin", "zeppelin", &[]))
            .unwrap();
    }
    let mut ro = SearchIndex::open_read_only(dir.path()).unwrap();
    assert_eq!(ro.num_docs(), 4);
    assert_eq!(ids(&ro, &SearchQuery::text("expelled")), vec!["v2"]);
    assert!(matches!(
        ro.upsert(&corpus()[0]),
        Err(IndexError::ReadOnly(_))
    ));
    // A writer can run next to readers.
    let mut w = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(w.num_docs(), 4);
    w.upsert(&article("x9", None, "a.b", "Zeppelin", "zeppelin", &[]))
        .unwrap();
    w.commit().unwrap();
    let fresh = SearchIndex::open_read_only(dir.path()).unwrap();
    assert_eq!(ids(&fresh, &SearchQuery::text("zeppelin")), vec!["x9"]);
    w.clear().unwrap();
    w.commit().unwrap();
    assert_eq!(w.num_docs(), 0);
}

#[test]
fn search_ids_ranks_like_search_without_snippets_or_facets() {
    let (_dir, idx) = built();
    for q in [
        SearchQuery::text("treaty"),
        SearchQuery::default(),
        SearchQuery {
            limit: 2,
            offset: 1,
            ..SearchQuery::default()
        },
    ] {
        let full = idx.search(&q).unwrap();
        let (total, ids) = idx.search_ids(&q).unwrap();
        assert_eq!(total, full.total);
        let hit_ids: Vec<String> = full.hits.into_iter().map(|h| h.id).collect();
        assert_eq!(ids, hit_ids);
    }
    assert!(idx.search_ids(&SearchQuery::text("treaty")).unwrap().0 > 0);
}

#[test]
fn many_entity_values_are_counted_and_the_top_ones_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut idx = SearchIndex::open(dir.path()).unwrap();
    // 80 articles: "person:common" in all, "person:half" in every other one,
    // and one entity of its own each (more values than a facet returns).
    let own: Vec<String> = (0..80).map(|i| format!("person:own-{i:02}")).collect();
    for (i, own_id) in own.iter().enumerate() {
        let mut ents = vec![("person:common", "Common Name"), (own_id.as_str(), "Own")];
        if i % 2 == 0 {
            ents.push(("person:half", "Half Name"));
        }
        let id = format!("m{i:02}");
        idx.upsert(&article(
            &id,
            Some("2021-03-04"),
            "x.example",
            "Harbour",
            "harbour",
            &ents,
        ))
        .unwrap();
    }
    idx.commit().unwrap();
    let ro = SearchIndex::open_read_only(dir.path()).unwrap();
    let r = ro.search(&SearchQuery::text("harbour")).unwrap();
    assert_eq!(r.total, 80);
    let ents = &r.facets.entities;
    assert_eq!(ents.len(), 50);
    assert_eq!(ents[0], ("person:common".to_string(), 80));
    assert_eq!(ents[1], ("person:half".to_string(), 40));
    // ties (count 1) by value
    assert_eq!(ents[2], ("person:own-00".to_string(), 1));
    assert_eq!(ents[49], ("person:own-47".to_string(), 1));
    assert_eq!(r.facets.years, vec![("2021".to_string(), 80)]);
    assert_eq!(r.facets.sources, vec![("x.example".to_string(), 80)]);
}
