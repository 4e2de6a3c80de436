mod common;
use common::*;
use newsline_model::{ArticleRecord, EventStatus, EventType, TimelineKind};
use newsline_story::{merge_events, storylines, timeline, TimelineQuery};

fn pick(ids: &[&str]) -> Vec<ArticleRecord> {
    corpus()
        .into_iter()
        .filter(|r| ids.contains(&r.id.as_str()))
        .collect()
}

#[test]
fn same_call_in_three_articles_is_one_event_with_three_sources() {
    let recs = pick(&["a1", "a2", "a3"]);
    let events = merge_events(&recs, &ident);
    let calls: Vec<_> = events
        .iter()
        .filter(|e| e.etype == EventType::Call)
        .collect();
    assert_eq!(calls.len(), 1, "{events:#?}");
    let call = calls[0];
    assert_eq!(call.date.as_deref(), Some("2021-02-12"));
    assert!(call.conflicting_dates.is_empty());
    assert_eq!(call.status, EventStatus::Happened);
    let arts: Vec<&str> = call.sources.iter().map(|s| s.at.article.as_str()).collect();
    assert_eq!(arts, vec!["a1", "a2", "a3"]);
    assert_eq!(
        &call.participants[..2],
        &["person:arne-kessel", "person:lidia-varga"]
    );
    // Sources point at the evidence sentence (code points).
    let a1 = &recs[0];
    let ev = a1.char_slice(newsline_model::Span::new(
        call.sources[0].at.start,
        call.sources[0].at.end,
    ));
    assert!(
        ev.starts_with("Valdorian President Arne Kessel called Lidia Varga"),
        "{ev}"
    );
    insta::assert_json_snapshot!("merged_call", call);
}

#[test]
fn conflicting_dates_are_kept_not_averaged() {
    let mut recs = pick(&["a1", "a2", "a3"]);
    let t = "Arne Kessel called Lidia Varga on February 13 to discuss the border dispute, an Ostrenian newspaper wrote.";
    recs.push(record(
        "a9",
        "2021-02-15",
        "Leaders call",
        t,
        vec![day(t, "February 13", "2021-02-13")],
        vec![],
    ));
    let events = merge_events(&recs, &ident);
    let calls: Vec<_> = events
        .iter()
        .filter(|e| e.etype == EventType::Call)
        .collect();
    assert_eq!(calls.len(), 1, "{calls:#?}");
    assert_eq!(calls[0].date.as_deref(), Some("2021-02-12"));
    assert_eq!(calls[0].conflicting_dates, vec!["2021-02-13"]);
    assert_eq!(calls[0].sources.len(), 4);
    // A call a month later between the same people is another event.
    let t = "Arne Kessel called Lidia Varga on March 20 about the fishing fleet.";
    recs.push(record(
        "a10",
        "2021-03-21",
        "Another call",
        t,
        vec![day(t, "March 20", "2021-03-20")],
        vec![],
    ));
    let calls = merge_events(&recs, &ident)
        .into_iter()
        .filter(|e| e.etype == EventType::Call)
        .count();
    assert_eq!(calls, 2);
}

#[test]
fn planned_and_held_summit_merge_and_denials_stay_apart() {
    let recs = corpus();
    let events = merge_events(&recs, &ident);
    let summits: Vec<_> = events
        .iter()
        .filter(|e| e.etype == EventType::Summit)
        .collect();
    assert_eq!(summits.len(), 1, "{summits:#?}");
    assert_eq!(summits[0].date.as_deref(), Some("2021-06-16"));
    assert_eq!(summits[0].status, EventStatus::Happened);
    let st: Vec<(&str, EventStatus)> = summits[0]
        .sources
        .iter()
        .map(|s| (s.at.article.as_str(), s.status))
        .collect();
    assert_eq!(
        st,
        vec![
            ("a5", EventStatus::Planned),
            ("a6", EventStatus::Happened),
            ("a7", EventStatus::Happened)
        ]
    );
    // "no contacts" in a3 is not merged into the call.
    assert!(events.iter().any(|e| e.status == EventStatus::Denied));
    let ids: std::collections::HashSet<&str> = events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), events.len(), "ids are unique");
}

#[test]
fn storylines_group_by_entities_and_keep_duplicates_together() {
    let recs = corpus();
    let events = merge_events(&recs, &ident);
    let stories = storylines(&recs, &events, &dup_groups(), &ident);
    let summary: Vec<(String, Vec<String>)> = stories
        .iter()
        .map(|s| (s.id.clone(), s.articles.clone()))
        .collect();
    assert_eq!(stories.len(), 2, "{summary:#?}");
    let val = stories
        .iter()
        .find(|s| s.articles.contains(&"a1".to_string()))
        .unwrap();
    assert_eq!(val.id, "story-a1");
    assert_eq!(val.articles, vec!["a1", "a2", "a3", "a4", "a5", "a6", "a7"]);
    assert_eq!(val.start.as_deref(), Some("2021-02-13"));
    assert_eq!(val.end.as_deref(), Some("2021-06-17"));
    assert!(
        val.label.contains("Kessel") || val.label.contains("Varga"),
        "{}",
        val.label
    );
    let port = stories.iter().find(|s| s.id == "story-b1").unwrap();
    assert_eq!(port.articles, vec!["b1", "b2"]);
    insta::assert_json_snapshot!("storylines", stories);
}

#[test]
fn timeline_orders_dates_keeps_undated_apart_and_counts_duplicates_once() {
    let recs = corpus();
    let events = merge_events(&recs, &ident);
    let tl = timeline(&recs, &events, &dup_groups(), &TimelineQuery::default());
    let dates: Vec<&str> = tl.dated.iter().filter_map(|e| e.date.as_deref()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    assert!(tl
        .dated
        .iter()
        .chain(&tl.undated)
        .all(|e| e.sources.iter().all(|s| s.article != "a7")));
    let summit = tl
        .dated
        .iter()
        .find(|e| e.event_type == Some(EventType::Summit))
        .unwrap();
    assert_eq!(summit.date.as_deref(), Some("2021-06-16"));
    assert_eq!(summit.sources.len(), 2);
    // The quote without its own date sits on its publication date, once.
    let q: Vec<_> = tl
        .dated
        .iter()
        .filter(|e| e.kind == TimelineKind::Quote && e.summary.starts_with("Lidia Varga:"))
        .collect();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].date.as_deref(), Some("2021-06-17"));
    assert_eq!(q[0].summary, "Lidia Varga: Today we chose dialogue,");
    // Undated entries have no date and are not in the dated list.
    assert!(!tl.undated.is_empty());
    assert!(tl.undated.iter().all(|e| e.date.is_none()));
    insta::assert_json_snapshot!("timeline", tl);

    // Filters.
    let q = TimelineQuery {
        storyline: Some("story-b1".into()),
        ..Default::default()
    };
    let port = timeline(&recs, &events, &dup_groups(), &q);
    assert!(port
        .dated
        .iter()
        .all(|e| e.sources.iter().all(|s| s.article.starts_with('b'))));
    assert!(!port.dated.is_empty());
    let q = TimelineQuery {
        since: Some(chrono::NaiveDate::from_ymd_opt(2021, 6, 1).unwrap()),
        until: Some(chrono::NaiveDate::from_ymd_opt(2021, 6, 16).unwrap()),
        ..Default::default()
    };
    let june = timeline(&recs, &events, &dup_groups(), &q);
    assert!(june
        .dated
        .iter()
        .all(|e| e.date.as_deref().unwrap() >= "2021-06-01"
            && e.date.as_deref().unwrap() <= "2021-06-16"));
    let q = TimelineQuery {
        max_dates: Some(1),
        ..Default::default()
    };
    let top = timeline(&recs, &events, &dup_groups(), &q);
    let top_dates: std::collections::HashSet<_> =
        top.dated.iter().map(|e| e.date.clone()).collect();
    assert_eq!(top_dates.len(), 1);
    assert!(
        top_dates.contains(&Some("2021-02-12".to_string())),
        "{top_dates:?}"
    );
}

#[test]
fn results_do_not_depend_on_input_order() {
    let recs = corpus();
    let events = merge_events(&recs, &ident);
    let stories = storylines(&recs, &events, &dup_groups(), &ident);
    let tl = timeline(&recs, &events, &dup_groups(), &TimelineQuery::default());
    let n = recs.len();
    for round in 1..20u64 {
        let mut shuffled = recs.clone();
        let mut s = round.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        for i in (1..n).rev() {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let ev2 = merge_events(&shuffled, &ident);
        assert_eq!(ev2, events);
        let mut ev_rev = ev2.clone();
        ev_rev.reverse();
        assert_eq!(
            storylines(&shuffled, &ev_rev, &dup_groups(), &ident),
            stories
        );
        assert_eq!(
            timeline(&shuffled, &ev_rev, &dup_groups(), &TimelineQuery::default()),
            tl
        );
    }
}

#[test]
fn unknown_storyline_id_keeps_given_records() {
    let recs = pick(&["b1", "b2"]);
    let events = merge_events(&recs, &ident);
    let q = TimelineQuery {
        storyline: Some("story-from-another-registry".into()),
        ..Default::default()
    };
    let t = timeline(&recs, &events, &[], &q);
    assert_eq!(t, timeline(&recs, &events, &[], &TimelineQuery::default()));
    assert!(!t.dated.is_empty());
}

#[test]
fn place_only_mention_joins_dated_event_at_same_place() {
    let mut recs = pick(&["a5", "a6"]);
    let t =
        "SOLMERE, June 17 (Northwire) - The summit in Solmere ended on June 16 after four hours.";
    recs.push(record(
        "a11",
        "2021-06-17",
        "Summit ends",
        t,
        vec![day(t, "June 16", "2021-06-16")],
        vec![],
    ));
    assert!(
        recs[2]
            .events
            .iter()
            .all(|e| e.participants == vec!["place:solmere"]),
        "{:?}",
        recs[2].events
    );
    let summits: Vec<_> = merge_events(&recs, &ident)
        .into_iter()
        .filter(|e| e.etype == EventType::Summit)
        .collect();
    assert_eq!(summits.len(), 1, "{summits:#?}");
    assert_eq!(summits[0].sources.len(), 3);
}
