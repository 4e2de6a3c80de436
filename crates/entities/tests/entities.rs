//! Behaviour and snapshot tests on invented text.

use newsline_entities::{analyze, build_registry};
use newsline_model::{
    ArticleRecord, DateOrigin, EntityType, MentionKind, Published, Span, SCHEMA_VERSION,
};
use serde_json::{json, Value};

const ARTICLE: &str = "Valdorian President Tomas Vierling met Foreign Minister Ines Darrow in Marenburg on Monday.\n\n\
The Kremlin and the White House stayed silent. Kessgrad Institute spokesman Mark Halloran said the talks were useful. \
Halloran added that the United Nations would send observers.\n\n\
Ambassador Peter Halloran, who represents Valdoria in Ostrenia, was summoned by the Ostrenian Foreign Ministry. \
The ambassador said he would return to Marenburg. Halloran told Reuters that nothing had changed.\n\n\
\"We remain calm,\" the spokesman said. Darrow, asked about the visit, said she had no comment.";

fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut pos = 0;
    for part in text.split("\n\n") {
        out.push(Span::new(pos, pos + part.len()));
        pos += part.len() + 2;
    }
    out
}

fn summary(text: &str) -> Value {
    let a = analyze(text, &paragraphs(text), Some("2021-04-16"));
    Value::Array(
        a.entities()
            .iter()
            .map(|e| {
                json!({
                    "id": e.id,
                    "name": e.name,
                    "type": e.etype,
                    "roles": e.roles.iter().map(|r| r.title.clone()).collect::<Vec<_>>(),
                    "mentions": e.mentions.iter().map(|m| format!("{} [{:?}]", m.span.slice(text), m.kind)).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

#[test]
fn article_snapshot() {
    insta::assert_json_snapshot!("article", summary(ARTICLE));
}

fn id_at(text: &str, needle: &str, nth: usize) -> Option<String> {
    let a = analyze(text, &paragraphs(text), Some("2021-04-16"));
    let start = text.match_indices(needle).nth(nth)?.0;
    a.entity_at(Span::new(start, start + needle.len()))
        .map(|e| e.id.clone())
}

#[test]
fn people_sharing_a_surname_are_kept_apart() {
    assert_eq!(
        id_at(ARTICLE, "Mark Halloran", 0).as_deref(),
        Some("person:mark-halloran")
    );
    assert_eq!(
        id_at(ARTICLE, "Peter Halloran", 0).as_deref(),
        Some("person:peter-halloran")
    );
    // first bare surname follows Mark, the last one follows Peter
    assert_eq!(
        id_at(ARTICLE, "Halloran added", 0).as_deref(),
        Some("person:mark-halloran")
    );
    assert_eq!(
        id_at(ARTICLE, "Halloran told", 0).as_deref(),
        Some("person:peter-halloran")
    );
}

#[test]
fn roles_titles_and_types() {
    let a = analyze(ARTICLE, &paragraphs(ARTICLE), Some("2021-04-16"));
    let get = |id: &str| a.entities().iter().find(|e| e.id == id);
    let v = get("person:tomas-vierling").expect("president");
    assert_eq!(
        v.roles.first().map(|r| r.title.as_str()),
        Some("valdorian president")
    );
    assert_eq!(
        v.roles.first().and_then(|r| r.date.as_deref()),
        Some("2021-04-16")
    );
    assert_eq!(
        get("organization:kremlin").map(|e| e.etype),
        Some(EntityType::Organization)
    );
    assert_eq!(
        get("organization:white-house").map(|e| e.etype),
        Some(EntityType::Organization)
    );
    assert_eq!(
        get("organization:reuters").map(|e| e.etype),
        Some(EntityType::Organization)
    );
    assert_eq!(
        get("organization:united-nations").map(|e| e.etype),
        Some(EntityType::Organization)
    );
    assert_eq!(
        get("place:marenburg").map(|e| e.etype),
        Some(EntityType::Place)
    );
    assert!(get("organization:ostrenian-foreign-ministry").is_some());
}

#[test]
fn role_nouns_and_pronouns_resolve() {
    let text = ARTICLE;
    let a = analyze(text, &paragraphs(text), Some("2021-04-16"));
    let at = |needle: &str| {
        let s = text.find(needle).unwrap_or(0);
        Span::new(s, s + needle.len())
    };
    let ambassador = a
        .resolve(text, at("The ambassador"))
        .and_then(|(i, _)| a.entities().get(i));
    assert_eq!(
        ambassador.map(|e| e.id.as_str()),
        Some("person:peter-halloran")
    );
    let spokesman = a
        .resolve(text, at("the spokesman"))
        .and_then(|(i, _)| a.entities().get(i));
    assert_eq!(
        spokesman.map(|e| e.id.as_str()),
        Some("person:mark-halloran")
    );
    let she = a
        .resolve(text, at("she had"))
        .and_then(|(i, _)| a.entities().get(i));
    assert_eq!(she.map(|e| e.id.as_str()), Some("person:ines-darrow"));
    let m = a
        .entities()
        .iter()
        .find(|e| e.id == "person:ines-darrow")
        .map(|e| e.mentions.iter().any(|m| m.kind == MentionKind::Pronoun));
    assert_eq!(m, Some(true));
}

fn record(id: &str, date: &str, text: &str) -> ArticleRecord {
    let paras = paragraphs(text);
    let entities = analyze(text, &paras, Some(date)).into_entities();
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
        text: text.into(),
        paragraphs: paras,
        removed: vec![],
        entities,
        quotes: vec![],
        times: vec![],
        events: vec![],
    }
}

#[test]
fn registry_links_surnames_and_roles_order_independently() {
    let a = record(
        "a",
        "2021-04-16",
        "Valdoria's ambassador to Ostrenia, Peter Halloran, was summoned. National security adviser Mark Halloran said nothing.",
    );
    let b = record(
        "b",
        "2021-04-20",
        "The ambassador to Ostrenia returned home. Halloran, the ambassador, said he was tired.",
    );
    let c = record(
        "c",
        "2021-04-21",
        "Paul Kessler and Anna Kessler arrived. Anna Kessler said they were glad.",
    );
    let r1 = build_registry(&[a.clone(), b.clone(), c.clone()]);
    let r2 = build_registry(&[c, b, a]);
    assert_eq!(r1, r2);
    assert_eq!(
        r1.corpus_id("b", "person:halloran"),
        Some("person:peter-halloran")
    );
    assert_eq!(
        r1.corpus_id("a", "person:mark-halloran"),
        Some("person:mark-halloran")
    );
    // different given names never merge
    assert!(r1.entity("person:paul-kessler").is_some());
    assert!(r1.entity("person:anna-kessler").is_some());
    // a role noun alone links to the person who held that role around that date
    let d = record(
        "d",
        "2021-04-22",
        "The ambassador to Ostrenia returned home on Friday.",
    );
    let r3 = build_registry(&[d]);
    assert_eq!(
        r3.corpus_id("d", "role:ambassador-to-ostrenia"),
        Some("role:ambassador-to-ostrenia")
    );
    let r4 = build_registry(&[
        record(
            "a",
            "2021-04-16",
            "Valdoria's ambassador to Ostrenia, Peter Halloran, was summoned.",
        ),
        record(
            "d",
            "2021-04-22",
            "The ambassador to Ostrenia returned home on Friday.",
        ),
    ]);
    let link = r4.link("d", "role:ambassador-to-ostrenia");
    assert_eq!(link.map(|l| l.0), Some("person:peter-halloran"));
    assert!(link.is_some_and(|l| l.1 < 1.0));
    let peter = r1.entity("person:peter-halloran").expect("peter");
    assert_eq!(peter.articles, 2);
    assert!(peter
        .roles
        .iter()
        .any(|s| s.first_seen.as_deref() == Some("2021-04-16")));
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn check(text: &str) {
        let paras = paragraphs(text);
        let a = analyze(text, &paras, None);
        for e in a.entities() {
            for m in &e.mentions {
                let s = m.span;
                assert!(s.start <= s.end && s.end <= text.len());
                assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                let _ = a.resolve(text, s);
            }
        }
        // arbitrary (even invalid) spans must not panic either
        for k in 0..text.len().min(40) {
            let _ = a.resolve(text, Span::new(k, k + 3));
            let _ = a.entity_at(Span::new(k, k + 1));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn arbitrary_text_never_panics(s in "\\PC{0,300}") {
            check(&s);
        }

        #[test]
        fn name_heavy_text_never_panics(parts in proptest::collection::vec(
            prop_oneof![
                Just("Anna "), Just("Berg"), Just(" the spokesman "), Just("President "), Just("He "),
                Just("she said"), Just("’s "), Just("Ministry of "), Just("Über "), Just("Ωmega "),
                Just(", "), Just(". "), Just("\n\n"), Just("U.S. "), Just("the Kremlin "), Just("日本 "),
                Just("Halloran said "), Just("a senior official "), Just("to "),
            ], 0..60)) {
            check(&parts.concat());
        }
    }
}

// ---- regression tests for bugs seen on the invented corpus ----

fn ents(text: &str) -> newsline_entities::EntityAnalysis {
    analyze(text, &paragraphs(text), Some("2021-04-16"))
}

fn type_of(text: &str, id: &str) -> Option<EntityType> {
    ents(text)
        .entities()
        .iter()
        .find(|e| e.id == id)
        .map(|e| e.etype)
}

fn resolve_at(text: &str, needle: &str, nth: usize) -> Option<String> {
    let a = ents(text);
    let start = text.match_indices(needle).nth(nth)?.0;
    let (i, _) = a.resolve(text, Span::new(start, start + needle.len()))?;
    a.entities().get(i).map(|e| e.id.clone())
}

#[test]
fn invented_country_with_a_demonym_sibling_is_a_place() {
    let text = "Corvania recalled its envoy. The Corvanian delegation left the talks early.";
    assert_eq!(type_of(text, "place:corvania"), Some(EntityType::Place));
    let a = ents(text);
    assert!(
        a.entities().iter().all(|e| !e.id.contains("corvanian")),
        "{:?}",
        a.entities()
    );
    // the demonym is a mention of the country, so "the Corvanian side" resolves to it
    let text = "Corvania recalled its envoy. The Corvanian side said nothing.";
    assert_eq!(
        resolve_at(text, "The Corvanian side", 0).as_deref(),
        Some("place:corvania")
    );
}

#[test]
fn invented_country_in_a_state_context_is_a_place() {
    for text in [
        "Officials said Talvara's president would attend the summit.",
        "Protesters gathered outside the embassy of Talvara on Monday.",
        "Talks stalled after the Talvara government walked out.",
        "He was named ambassador to Talvara last year.",
    ] {
        assert_eq!(
            type_of(text, "place:talvara"),
            Some(EntityType::Place),
            "{text}: {:?}",
            ents(text).entities()
        );
    }
}

#[test]
fn demonym_without_its_country_is_not_an_entity() {
    let text = "Guards at the Zendarian embassy refused entry to the visitors.";
    let a = ents(text);
    assert!(
        a.entities()
            .iter()
            .all(|e| !e.id.to_lowercase().contains("zendarian")),
        "{:?}",
        a.entities()
    );
}

#[test]
fn pronoun_prefers_the_subject_over_an_embedded_role_noun() {
    let text = "Ambassador Anna Korff left Brastow on March 2.\n\n\
Daniel Oswin, asked on May 4 when the Corvanian ambassador might return, answered that \
envoys come back when needed. Ties are at a historic low, he remarked.";
    let a = ents(text);
    let start = text.find("he remarked").unwrap_or(0);
    assert_eq!(
        a.entity_at(Span::new(start, start + 2))
            .map(|e| e.id.as_str()),
        Some("person:daniel-oswin")
    );
    assert_eq!(
        resolve_at(text, "he remarked", 0).as_deref(),
        Some("person:daniel-oswin")
    );
}

#[test]
fn pronoun_follows_the_cited_source() {
    let text = "The cabinet and the team of President Ivo Brandt barely talk, \
the Daily Lantern reported, citing the press secretary, Daniel Oswin.\n\n\
\"Everything is frozen. Nothing moves,\" he said.";
    assert_eq!(
        resolve_at(text, "he said", 0).as_deref(),
        Some("person:daniel-oswin")
    );
}

#[test]
fn they_never_resolves_to_one_person() {
    let text = "Daniel Oswin met Ivo Brandt on Monday. They agreed to meet again.";
    let a = ents(text);
    let start = text.find("They").unwrap_or(0);
    let r = a.resolve(text, Span::new(start, start + 4));
    assert!(
        r.and_then(|(i, _)| a.entities().get(i))
            .is_none_or(|e| e.etype != EntityType::Person),
        "{r:?}"
    );
}

#[test]
fn capital_before_a_comma_after_in_is_a_place_not_an_apposition() {
    let text =
        "Talks resumed on Monday. In Brastow, the president's spokesman said the door was open. \
Officials in Brastow declined to comment.";
    assert_eq!(type_of(text, "place:brastow"), Some(EntityType::Place));
    assert_eq!(type_of(text, "person:brastow"), None);
}

#[test]
fn possessor_after_in_is_not_a_location() {
    let text = "In Hadley's later letters the war barely appears. Hadley said little about it.";
    assert_ne!(type_of(text, "place:hadley"), Some(EntityType::Place));
}

#[test]
fn sentence_initial_given_name_is_a_person() {
    let text = "The meeting ran late.\n\nMelissa left before the vote.";
    assert_eq!(type_of(text, "person:melissa"), Some(EntityType::Person));
    // a given name that is also a common word is not taken at a sentence start
    let text = "The meeting ran late. Will the vote be held today?";
    assert_eq!(type_of(text, "person:will"), None);
}
