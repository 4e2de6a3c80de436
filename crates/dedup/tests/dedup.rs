use newsline_dedup::{fingerprint, DedupConfig, DedupIndex, Fingerprint};
use newsline_model::DupKind;
use proptest::prelude::*;

const BASE: &str = "Valdorian Foreign Minister Arne Kessel said on Tuesday that talks with Ostrenia on the disputed river border would resume next month in the capital. \
\n\nKessel told reporters that both delegations had agreed on a timetable for the technical commissions, which will examine maps drawn up after the 1954 treaty. \
\n\nThe Ostrenian side has not yet commented on the announcement, but officials in its capital said earlier this week that they were ready for a constructive dialogue. \
\n\nThe two countries recalled their ambassadors in April after a row over fishing rights and the detention of three trawler crews near the estuary.";

const SAME_TOPIC: &str = "Ostrenian Prime Minister Lidia Varga rejected on Wednesday the timetable announced by her Valdorian counterpart for border talks, calling it premature. \
\n\nVarga said her government would only send a delegation once the detained fishermen were released and compensation for the seized nets was agreed. \
\n\nAnalysts in both capitals said the dispute over the river border was unlikely to be settled before the elections, and warned that fishing rights remain the main obstacle. \
\n\nThe ambassadors of both countries have been absent since April, when the trawler crews were detained near the estuary.";

fn near_copy() -> String {
    BASE.replace("on Tuesday", "on Tuesday evening")
        .replace("which will examine", "that will examine")
        .replace(
            " and the detention of three trawler crews near the estuary",
            " and the detention of trawler crews",
        )
}

fn syndicated() -> String {
    format!("KESSGRAD, June 16 (Reuters) - {BASE}\n\n(Reporting by Jane Roe; Editing by John Poe)")
}

fn index_of(docs: &[(&str, Option<&str>, String)]) -> DedupIndex {
    let cfg = DedupConfig::default();
    let mut idx = DedupIndex::new(cfg.clone());
    for (id, date, text) in docs {
        idx.insert(id, *date, text.len(), &fingerprint(text, &cfg));
    }
    idx
}

fn fixture() -> Vec<(&'static str, Option<&'static str>, String)> {
    vec![
        ("b-near", Some("2021-06-17"), near_copy()),
        ("a-base", Some("2021-06-16"), BASE.to_string()),
        ("c-wire", Some("2021-06-16"), syndicated()),
        ("d-other", Some("2021-06-16"), SAME_TOPIC.to_string()),
        ("e-exact", None, BASE.to_string()),
    ]
}

#[test]
fn exact_and_near_duplicates_are_found_and_same_topic_is_not() {
    let cfg = DedupConfig::default();
    let base = fingerprint(BASE, &cfg);
    let wire = fingerprint(&syndicated(), &cfg);
    assert_eq!(
        base.exact, wire.exact,
        "dateline and credits are not part of the hash"
    );
    assert_eq!(wire.agency.as_deref(), Some("reuters"));
    let near = fingerprint(&near_copy(), &cfg);
    assert_ne!(base.exact, near.exact);
    assert!(base.similarity(&near) >= 0.6, "{}", base.similarity(&near));
    let other = fingerprint(SAME_TOPIC, &cfg);
    assert!(base.similarity(&other) < 0.2, "{}", base.similarity(&other));

    let mut idx = DedupIndex::new(cfg.clone());
    assert!(idx
        .insert("a", Some("2021-06-16"), BASE.len(), &base)
        .is_empty());
    let hits = idx.insert("b", Some("2021-06-17"), 10, &near);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].0, "a");
    assert!(idx.insert("d", None, SAME_TOPIC.len(), &other).is_empty());
    let hits = idx.insert("c", None, 10, &wire);
    assert_eq!(hits[0], ("a".to_string(), 1.0));
    assert_eq!(hits.len(), 2);
}

#[test]
fn groups_pick_earliest_then_longest_and_do_not_depend_on_order() {
    let docs = fixture();
    let groups = index_of(&docs).groups();
    assert_eq!(groups.len(), 1);
    let g = &groups[0];
    // a-base and c-wire share the earliest date; c-wire is longer.
    assert_eq!(g.canonical, "c-wire");
    assert_eq!(g.id, "c-wire");
    let kinds: Vec<(&str, DupKind)> = g
        .members
        .iter()
        .map(|m| (m.article.as_str(), m.kind))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("a-base", DupKind::Exact),
            ("b-near", DupKind::Near),
            ("e-exact", DupKind::Exact)
        ]
    );
    insta::assert_json_snapshot!("groups", groups);

    // Every permutation of the insertion order gives the same groups.
    let n = docs.len();
    let mut order: Vec<usize> = (0..n).collect();
    for round in 0..30u64 {
        // deterministic shuffle
        let mut s = round.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        for i in (1..n).rev() {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            order.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let shuffled: Vec<_> = order.iter().map(|&i| docs[i].clone()).collect();
        assert_eq!(index_of(&shuffled).groups(), groups, "order {order:?}");
    }
}

#[test]
fn empty_and_repeated_ids_are_ignored() {
    let cfg = DedupConfig::default();
    let mut idx = DedupIndex::new(cfg.clone());
    let e = fingerprint("  ... — !!", &cfg);
    assert!(e.minhash.is_empty());
    assert!(idx.insert("x", None, 0, &e).is_empty());
    assert!(idx.insert("y", None, 0, &e).is_empty());
    let f = fingerprint(BASE, &cfg);
    assert!(idx.insert("a", None, 1, &f).is_empty());
    assert!(idx.insert("a", None, 1, &f).is_empty());
    assert_eq!(idx.len(), 1);
    assert!(idx.groups().is_empty());
}

#[test]
fn fingerprint_round_trips_through_json() {
    let fp = fingerprint(&syndicated(), &DedupConfig::default());
    let s = serde_json::to_string(&fp).unwrap();
    let back: Fingerprint = serde_json::from_str(&s).unwrap();
    assert_eq!(back, fp);
    // Older records without the agency and size fields still load; without
    // a size, containment is not estimated.
    let old = r#"{"exact":1,"minhash":[1,2,3]}"#;
    let old: Fingerprint = serde_json::from_str(old).unwrap();
    assert_eq!(old.agency, None);
    assert_eq!(old.shingles, 0);
    assert!(!old.credited);
    assert_eq!(old.containment(&fp), 0.0);
    // Older configurations too.
    let cfg: DedupConfig =
        serde_json::from_str(r#"{"shingle":5,"num_perm":128,"bands":32,"rows":4,"threshold":0.6}"#)
            .unwrap();
    assert_eq!(cfg.containment, DedupConfig::default().containment);
    assert_eq!(cfg.min_shared, DedupConfig::default().min_shared);
}

#[test]
fn bad_config_is_rejected_or_repaired() {
    let bad = DedupConfig {
        bands: 100,
        ..DedupConfig::default()
    };
    assert!(DedupIndex::try_new(bad.clone()).is_err());
    let idx = DedupIndex::new(bad);
    assert!(idx.config().bands * idx.config().rows <= idx.config().num_perm);
}

proptest! {
    #[test]
    fn never_panics(a in "\\PC{0,300}", b in "(\\PC|[ \n«»—’])*", shingle in 0usize..8, perm in 0usize..40) {
        let cfg = DedupConfig { shingle, num_perm: perm, bands: 8, rows: 3, threshold: 0.5, containment: 0.3, min_shared: 2 };
        let fa = fingerprint(&a, &cfg);
        let fb = fingerprint(&b, &cfg);
        let sim = fa.similarity(&fb);
        prop_assert!((0.0..=1.0).contains(&sim));
        let c = fa.containment(&fb);
        prop_assert!((0.0..=1.0).contains(&c));
        prop_assert!(fa.shared_shingles(&fb) <= fa.shingles.min(fb.shingles) as f32);
        let mut idx = DedupIndex::new(cfg);
        idx.insert("a", Some(&a), a.len(), &fa);
        idx.insert("b", None, b.len(), &fb);
        idx.insert("c", None, 0, &fa);
        let _ = idx.groups();
    }
}

/// A wire story of seven paragraphs (invented).
const WIRE: &str = "KESSGRAD, March 3 (Northwire) - Ostrenia and Valdoria agreed on Friday to reopen the Tarvel rail crossing for freight trains after an eleven-month closure, the transport ministries of both countries said in a joint statement.

The first trains are expected to run on March 20, carrying grain and fertiliser from the Ostrenian plains to the Valdorian port of Amsel, according to the statement, which was published after two days of talks in the border town of Lenska.

Customs officers from both sides will work together at a single checkpoint on the Valdorian bank of the river, a measure that officials say should cut waiting times from three days to a few hours for most cargo.

Valdorian Transport Minister Hanna Ostberg said the deal was a practical step that would help farmers on both sides of the border and did not change her government's position on the wider territorial dispute.

Her Ostrenian counterpart Pavel Drozd told reporters in Lenska that the reopening showed that the two neighbours could still solve concrete problems when politicians left the slogans at home.

The crossing was closed last April after a freight car derailed on the bridge, and both governments blamed each other for the delays in the repairs that followed, which cost an estimated forty million euros.

Freight operators welcomed the announcement but warned that the line would need weeks of testing before it could carry the volumes seen before the accident, when around thirty trains a day used the bridge.";

/// An outlet's copy of the wire story: shortened (two paragraphs dropped),
/// some sentences reworded, its own intro and boilerplate added.
fn outlet_copy() -> String {
    let paras: Vec<&str> = WIRE.split("\n\n").collect();
    format!(
        "Rail link to reopen\n\nGood news for the grain trade this week. {}\n\n{}\n\n{}\n\n{}\n\nSubscribe to our newsletter for the latest regional news. Share this article.",
        paras[0].trim_start_matches("KESSGRAD, March 3 (Northwire) - "),
        paras[1].replace("are expected to run", "should run"),
        paras[3].replace("said the deal was", "called the deal"),
        paras[5],
    )
}

/// Same topic, same places and people, but a different story with different statements.
const OTHER_STORY: &str = "Valdorian Transport Minister Hanna Ostberg on Tuesday rejected a proposal from Ostrenia to run passenger trains across the Tarvel rail crossing, saying security checks for travellers were not yet in place.

Ostberg said freight traffic, which resumed last month under the deal agreed in Lenska, had shown that customs cooperation worked, but that passengers raised questions of visas and border controls that only foreign ministries could settle.

Ostrenian Transport Minister Pavel Drozd said he regretted the decision and accused Valdoria of keeping families apart for political reasons, adding that thousands of people on both banks of the river had relatives on the other side.

Farm groups in the Ostrenian plains said grain exports through the port of Amsel had doubled since the crossing reopened, and called on both governments to extend the deal to timber and machinery.

The bridge at Tarvel was closed for eleven months after a freight car derailed in April, an accident that both governments blamed on each other.";

#[test]
fn subset_copy_of_a_wire_story_is_found_by_containment() {
    let cfg = DedupConfig::default();
    let wire = fingerprint(WIRE, &cfg);
    let copy_text = outlet_copy();
    let copy = fingerprint(&copy_text, &cfg);
    let j = wire.similarity(&copy);
    let c = wire.containment(&copy);
    // Jaccard alone is far below the threshold; most of the copy is in the wire.
    assert!(j < cfg.threshold, "J = {j}");
    assert!(c >= 0.5, "C = {c}");
    assert!(wire.shared_shingles(&copy) >= cfg.min_shared as f32);

    let mut idx = DedupIndex::new(cfg.clone());
    idx.insert("wire", Some("2022-03-03"), WIRE.len(), &wire);
    let hits = idx.insert("copy", Some("2022-03-04"), copy_text.len(), &copy);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].0, "wire");
    let groups = idx.groups();
    assert_eq!(groups[0].canonical, "wire");
    let (sj, sc, _) = idx.scores("wire", "copy").unwrap();
    assert_eq!((sj, sc), (j, c));

    // Without the containment test, the copy is missed.
    let jaccard_only = DedupConfig {
        containment: 0.0,
        ..cfg.clone()
    };
    let mut idx = DedupIndex::new(jaccard_only.clone());
    idx.insert("wire", None, 1, &fingerprint(WIRE, &jaccard_only));
    assert!(idx
        .insert("copy", None, 1, &fingerprint(&copy_text, &jaccard_only))
        .is_empty());
}

#[test]
fn same_topic_different_story_is_not_merged() {
    let cfg = DedupConfig::default();
    let texts = [
        ("wire", WIRE.to_string()),
        ("copy", outlet_copy()),
        ("other", OTHER_STORY.to_string()),
        ("base", BASE.to_string()),
        ("same-topic", SAME_TOPIC.to_string()),
    ];
    let mut idx = DedupIndex::new(cfg.clone());
    for (id, t) in &texts {
        idx.insert(id, None, t.len(), &fingerprint(t, &cfg));
    }
    let mut pairs: Vec<(String, String)> = idx
        .pairs()
        .into_iter()
        .map(|(a, b, _)| if a < b { (a, b) } else { (b, a) })
        .collect();
    pairs.sort();
    assert_eq!(pairs, vec![("copy".to_string(), "wire".to_string())]);
    let (_, c, _) = idx.scores("wire", "other").unwrap();
    assert!(c < 0.15, "C = {c}");
}

#[test]
fn short_texts_do_not_match_by_containment_alone() {
    // A one-line text contained in a long one: high containment, few shingles.
    let cfg = DedupConfig::default();
    let line = "The first trains are expected to run on March 20, carrying grain and fertiliser.";
    let long = fingerprint(WIRE, &cfg);
    let short = fingerprint(line, &cfg);
    assert!(short.shingles < cfg.min_shared as u32);
    let mut idx = DedupIndex::new(cfg);
    idx.insert("long", None, WIRE.len(), &long);
    assert!(idx.insert("short", None, line.len(), &short).is_empty());
}

#[test]
fn agency_credit_lowers_the_containment_bar_against_that_agency_only() {
    let cfg = DedupConfig::default();
    let credited = "Ostrenia and Valdoria will reopen the rail crossing, Northwire agency reports.";
    let fp = fingerprint(credited, &cfg);
    assert_eq!(fp.agency.as_deref(), Some("northwire"));
    assert!(fp.credited);
    let tagged = fingerprint(WIRE, &cfg);
    assert_eq!(tagged.agency.as_deref(), Some("northwire"));
    assert!(!tagged.credited);
    let plain = fingerprint("According to the ministry, the trains will run.", &cfg);
    assert_eq!(plain.agency, None);
    let known = fingerprint("The trains will run soon, according to Reuters.", &cfg);
    assert_eq!(known.agency.as_deref(), Some("reuters"));
}
