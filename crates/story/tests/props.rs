mod common;
use common::*;
use newsline_model::{EntityType, Precision, Span};
use newsline_story::{
    extract_events, merge_events, sentences, storylines, timeline, TimelineQuery,
};
use proptest::prelude::*;

fn words() -> impl Strategy<Value = String> {
    let w = prop_oneof![
        Just("called".to_string()),
        Just("Kessel".to_string()),
        Just("Varga".to_string()),
        Just("summit".to_string()),
        Just("in Solmere".to_string()),
        Just("will".to_string()),
        Just("not".to_string()),
        Just("met".to_string()),
        Just("—".to_string()),
        Just(".".to_string()),
        Just("\n\n".to_string()),
        Just("«Да»".to_string()),
        "\\PC{0,6}",
    ];
    proptest::collection::vec(w, 0..40).prop_map(|v| v.join(" "))
}

proptest! {
    #[test]
    fn extract_never_panics_and_spans_are_valid(text in words(), raw in "\\PC{0,200}", a in 0usize..300, b in 0usize..300) {
        for t in [&text, &raw] {
            let ents = vec![
                ent(t, "person:arne-kessel", "Arne Kessel", EntityType::Person, &["Kessel"]),
                ent(t, "person:lidia-varga", "Lidia Varga", EntityType::Person, &["Varga"]),
                ent(t, "place:solmere", "Solmere", EntityType::Place, &["Solmere"]),
            ];
            // Arbitrary (possibly out-of-range or mid-char) spans must not hurt.
            let times = vec![newsline_model::TimeMention {
                span: Span::new(a, b),
                ttype: newsline_model::TimeType::Date,
                value: "2021-06-16".into(),
                precision: Precision::Day,
                resolved: true,
                anchor: None,
            }];
            let paras = vec![Span::new(0, t.len()), Span::new(b, a)];
            for s in sentences(t, &paras) {
                prop_assert!(t.get(s.start..s.end).is_some());
            }
            let ev = extract_events(t, &paras, &ents, &times, &published("2021-06-01"));
            for e in &ev {
                prop_assert!(t.get(e.span.start..e.span.end).is_some(), "{:?}", e.span);
                prop_assert!(!e.trigger.is_empty());
            }
            let rec = record("p1", "2021-06-01", "t", t, vec![], vec![]);
            let recs = vec![rec.clone(), record("p2", "2021-06-02", "t", t, vec![], vec![])];
            let events = merge_events(&recs, &ident);
            let st = storylines(&recs, &events, &[], &ident);
            prop_assert_eq!(st.iter().map(|s| s.articles.len()).sum::<usize>(), 2);
            let tl = timeline(&recs, &events, &[], &TimelineQuery { max_dates: Some(2), ..Default::default() });
            for e in tl.dated.iter().chain(&tl.undated) {
                for s in &e.sources {
                    prop_assert!(s.end <= rec.text.chars().count());
                }
            }
        }
    }
}
