//! User corrections of the corpus registry (`corrections.toml`), on invented records.

use std::path::Path;

use newsline_entities::{build_registry, build_registry_with, Corrections, EntityError};
use newsline_model::{
    ArticleRecord, DateOrigin, Entity, EntityType, Mention, MentionKind, Published, Role, Span,
    SCHEMA_VERSION,
};

fn ent(id: &str, name: &str, etype: EntityType, mentions: usize, role: Option<&str>) -> Entity {
    Entity {
        id: id.into(),
        name: name.into(),
        etype,
        aliases: vec![],
        roles: role
            .map(|t| {
                vec![Role {
                    title: t.into(),
                    date: None,
                }]
            })
            .unwrap_or_default(),
        mentions: (0..mentions)
            .map(|i| Mention {
                span: Span::new(i, i + 1),
                kind: MentionKind::Name,
            })
            .collect(),
    }
}

fn record(id: &str, date: &str, entities: Vec<Entity>) -> ArticleRecord {
    ArticleRecord {
        schema_version: SCHEMA_VERSION,
        id: id.into(),
        source: format!("{id}.txt"),
        record: None,
        url: None,
        title: None,
        subtitle: None,
        authors: vec![],
        site_name: None,
        published: Published::day(
            chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap_or_default(),
            DateOrigin::Given,
        ),
        dateline: None,
        language: "en".into(),
        text: "invented text".into(),
        paragraphs: vec![],
        removed: vec![],
        entities,
        quotes: vec![],
        times: vec![],
        events: vec![],
    }
}

/// Three invented articles: "Orla Fenwick" the mayor, the same person written
/// "O. Fenwick", and a place "Brisk Harbour" tagged as other.
fn corpus() -> Vec<ArticleRecord> {
    vec![
        record(
            "a1",
            "2023-03-01",
            vec![
                ent(
                    "person:orla-fenwick",
                    "Orla Fenwick",
                    EntityType::Person,
                    3,
                    Some("mayor"),
                ),
                ent(
                    "other:brisk-harbour",
                    "Brisk Harbour",
                    EntityType::Other,
                    1,
                    None,
                ),
            ],
        ),
        record(
            "a2",
            "2023-03-05",
            vec![ent(
                "person:o-fenwick",
                "O. Fenwick",
                EntityType::Person,
                2,
                None,
            )],
        ),
        record(
            "a3",
            "2023-04-10",
            vec![ent(
                "person:orla-fenwick",
                "Orla Fenwick",
                EntityType::Person,
                1,
                Some("harbour master"),
            )],
        ),
    ]
}

fn parse(text: &str) -> Corrections {
    match Corrections::parse(text, Path::new("corrections.toml")) {
        Ok(c) => c,
        Err(e) => panic!("valid corrections rejected: {e}"),
    }
}

#[test]
fn merge_redirects_and_sums_mentions() {
    let c = parse(
        r#"
[[merge]]
ids = ["person:orla-fenwick", "person:o-fenwick"]
"#,
    );
    let r = build_registry_with(&corpus(), &c);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert!(r.entities.iter().all(|e| e.id != "person:o-fenwick"));
    let e = r.entity("person:orla-fenwick").expect("survivor");
    assert_eq!(e.name, "Orla Fenwick");
    assert_eq!(e.mentions, 6);
    assert_eq!(e.articles, 3);
    assert!(e.aliases.contains(&"O. Fenwick".to_string()));
    // the old id still finds the survivor, and the article's link moved
    assert_eq!(
        r.entity("person:o-fenwick").map(|e| e.id.as_str()),
        Some("person:orla-fenwick")
    );
    assert_eq!(
        r.corpus_id("a2", "person:o-fenwick"),
        Some("person:orla-fenwick")
    );
    assert_eq!(c.resolve("person:o-fenwick"), "person:orla-fenwick");
}

#[test]
fn split_by_article_moves_mentions_and_roles() {
    let c = parse(
        r#"
[[split]]
id = "person:orla-fenwick"
new_id = "person:orla-fenwick-2"
name = "Orla Fenwick (harbour master)"
articles = ["a3"]
"#,
    );
    let r = build_registry_with(&corpus(), &c);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let old = r.entity("person:orla-fenwick").expect("old entity");
    assert_eq!(old.mentions, 3);
    assert_eq!(old.articles, 1);
    assert!(old.roles.iter().all(|x| x.title == "mayor"));
    let new = r.entity("person:orla-fenwick-2").expect("new entity");
    assert_eq!(new.name, "Orla Fenwick (harbour master)");
    assert_eq!(new.mentions, 1);
    assert_eq!(new.etype, EntityType::Person);
    assert_eq!(new.roles.len(), 1);
    assert_eq!(new.roles[0].title, "harbour master");
    assert_eq!(new.roles[0].first_seen.as_deref(), Some("2023-04-10"));
    assert_eq!(
        r.corpus_id("a3", "person:orla-fenwick"),
        Some("person:orla-fenwick-2")
    );
}

#[test]
fn split_by_alias_moves_only_matching_names() {
    let mut recs = corpus();
    // A third spelling folded into the same automatic id in one article.
    recs[1].entities[0].id = "person:orla-fenwick".into();
    let c = parse(
        r#"
[[split]]
id = "person:orla-fenwick"
new_id = "person:oscar-fenwick"
aliases = ["o. fenwick"]
"#,
    );
    let r = build_registry_with(&recs, &c);
    assert_eq!(
        r.corpus_id("a2", "person:orla-fenwick"),
        Some("person:oscar-fenwick")
    );
    assert_eq!(
        r.corpus_id("a1", "person:orla-fenwick"),
        Some("person:orla-fenwick")
    );
    assert_eq!(
        r.entity("person:oscar-fenwick").map(|e| e.mentions),
        Some(2)
    );
}

#[test]
fn rename_alias_and_type() {
    let c = parse(
        r#"
[[rename]]
id = "person:orla-fenwick"
name = "Orla M. Fenwick"

[[alias]]
id = "person:orla-fenwick"
aliases = ["the mayor of the harbour"]

[[type]]
id = "other:brisk-harbour"
type = "place"
"#,
    );
    let r = build_registry_with(&corpus(), &c);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let e = r.entity("person:orla-fenwick").expect("entity");
    assert_eq!(e.name, "Orla M. Fenwick");
    assert!(e.aliases.contains(&"Orla Fenwick".to_string()));
    assert!(e.aliases.contains(&"the mayor of the harbour".to_string()));
    assert_eq!(
        r.entity("other:brisk-harbour").map(|e| e.etype),
        Some(EntityType::Place)
    );
}

#[test]
fn corrections_are_deterministic_and_survive_new_records() {
    let c = parse(
        r#"
[[merge]]
ids = ["person:orla-fenwick", "person:o-fenwick"]
"#,
    );
    let mut recs = corpus();
    let r1 = build_registry_with(&recs, &c);
    recs.reverse();
    assert_eq!(r1, build_registry_with(&recs, &c));
    // a new article naming the merged spelling again joins the survivor
    recs.push(record(
        "a4",
        "2023-05-01",
        vec![ent(
            "person:o-fenwick",
            "O. Fenwick",
            EntityType::Person,
            4,
            None,
        )],
    ));
    let r2 = build_registry_with(&recs, &c);
    assert!(r2.entities.iter().all(|e| e.id != "person:o-fenwick"));
    assert_eq!(
        r2.entity("person:orla-fenwick").map(|e| e.mentions),
        Some(10)
    );
    // without corrections the two stay apart
    let plain = build_registry(&recs);
    assert!(plain.entity("person:o-fenwick").is_some());
}

#[test]
fn unknown_ids_warn_and_change_nothing() {
    let c = parse(
        r#"
[[rename]]
id = "person:nobody-here"
name = "Nobody"

[[merge]]
ids = ["person:orla-fenwick", "person:ghost"]
"#,
    );
    let r = build_registry_with(&corpus(), &c);
    let all = r.warnings.join("\n");
    assert!(all.contains("person:nobody-here"), "{all}");
    assert!(all.contains("person:ghost"), "{all}");
    assert_eq!(r.entities, build_registry(&corpus()).entities);
}

#[test]
fn invalid_files_name_the_file_and_line() {
    let bad =
        "[[merge]]\nids = [\"person:a\", \"person:b\"]\n\n[[rename]]\nid = \"person:a\"\nname = \n";
    match Corrections::parse(bad, Path::new("/data/corrections.toml")) {
        Err(e @ EntityError::Corrections { line: 6, .. }) => {
            let msg = e.to_string();
            assert!(msg.contains("/data/corrections.toml"), "{msg}");
            assert!(msg.contains("line 6"), "{msg}");
        }
        other => panic!("expected a parse error on line 6, got {other:?}"),
    }
    // unknown keys and wrong shapes are errors too, not silently ignored
    for text in [
        "[[merge]]\nids = [\"person:a\"]\n",
        "[[rename]]\nid = \"person:a\"\nnmae = \"A\"\n",
        "[[type]]\nid = \"person:a\"\ntype = \"planet\"\n",
        "[[split]]\nid = \"person:a\"\nnew_id = \"person:b\"\n",
        "[[bogus]]\nid = \"x\"\n",
    ] {
        assert!(
            Corrections::parse(text, Path::new("c.toml")).is_err(),
            "accepted: {text}"
        );
    }
}

#[test]
fn missing_file_means_no_corrections() {
    let dir = std::env::temp_dir().join(format!("newsline-corr-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let c = Corrections::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert!(c.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

proptest::proptest! {
    #[test]
    fn parsing_never_panics(s in "\\PC{0,200}") {
        let _ = Corrections::parse(&s, Path::new("c.toml"));
    }
}
