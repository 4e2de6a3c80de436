mod common;
use common::*;
use newsline_model::{EntityType, EventStatus, EventType, Precision};
use newsline_story::extract_events;

fn run(text: &str, times: Vec<newsline_model::TimeMention>) -> Vec<newsline_model::EventMention> {
    let ents = cast(text);
    extract_events(
        text,
        &paragraphs(text),
        &ents,
        &times,
        &published("2021-04-15"),
    )
}

#[test]
fn last_call_gets_its_date_and_absent_contacts_are_denied() {
    let text = "Valdorian President Arne Kessel last called Lidia Varga on February 12 — two weeks before the border crisis began.\n\nSince then, contacts between Valdoria and Ostrenia have been virtually absent, Mira Talven said.";
    let mut anchored = time(
        text,
        "two weeks before the border crisis",
        "XXXX-XX-XX",
        Precision::Unknown,
        false,
    );
    anchored.anchor = Some("the border crisis".into());
    let ev = run(text, vec![day(text, "February 12", "2021-02-12"), anchored]);
    insta::assert_json_snapshot!("call_and_denied_contacts", ev);
    assert_eq!(ev.len(), 2);
    assert_eq!(ev[0].etype, EventType::Call);
    assert_eq!(ev[0].date.as_deref(), Some("2021-02-12"));
    assert_eq!(ev[0].status, EventStatus::Happened);
    assert_eq!(
        ev[0].participants,
        vec!["person:arne-kessel", "person:lidia-varga"]
    );
    assert_eq!(ev[1].etype, EventType::Talks);
    assert_eq!(ev[1].status, EventStatus::Denied);
    assert_eq!(ev[1].date, None);
}

#[test]
fn unconfirmed_possible_planned() {
    let text = "Mira Talven said she could neither confirm nor deny reports of a telephone conversation between Kessel and Varga.\n\nKessel did not rule out a meeting with Varga later this year, but said no talks had been scheduled.\n\nThe two leaders will hold a summit in Solmere on June 16, the presidency announced on Tuesday.";
    let times = vec![
        time(text, "later this year", "2021", Precision::Year, true),
        day(text, "June 16", "2021-06-16"),
        day(text, "Tuesday", "2021-04-13"),
    ];
    let ev = run(text, times);
    insta::assert_json_snapshot!("statuses", ev);
    let get = |t: EventType| ev.iter().find(|e| e.etype == t).unwrap();
    assert_eq!(get(EventType::Call).status, EventStatus::Unconfirmed);
    assert_eq!(get(EventType::Meeting).status, EventStatus::Possible);
    assert_eq!(get(EventType::Talks).status, EventStatus::Denied);
    let summit = get(EventType::Summit);
    assert_eq!(summit.status, EventStatus::Planned);
    assert_eq!(summit.date.as_deref(), Some("2021-06-16"));
    assert_eq!(summit.place.as_deref(), Some("place:solmere"));
}

#[test]
fn expulsions_sanctions_posts_and_no_invented_dates() {
    let text = "Valdoria expelled three Ostrenian diplomats on Monday and imposed new sanctions on banks in Ostrenia.\n\nOtto Lind resigned on March 3, and Mira Talven was appointed in his place the same day.\n\nThe ambassador of Valdoria was recalled to Kessgrad for consultations.\n\nWhat Ostrenia calls a \u{201c}security operation\u{201d} is a so-called truce; Kessel called it a farce.";
    let mut same_day = time(
        text,
        "the same day",
        "XXXX-XX-XX",
        Precision::Unknown,
        false,
    );
    same_day.anchor = Some("resigned".into());
    let times = vec![
        day(text, "Monday", "2021-04-12"),
        day(text, "March 3", "2021-03-03"),
        same_day,
    ];
    let ev = run(text, times);
    insta::assert_json_snapshot!("posts_and_measures", ev);
    let types: Vec<EventType> = ev.iter().map(|e| e.etype).collect();
    assert!(types.contains(&EventType::Expulsion));
    assert!(types.contains(&EventType::Sanctions));
    let dep = ev
        .iter()
        .find(|e| e.etype == EventType::Departure && e.trigger == "resigned")
        .unwrap();
    assert_eq!(dep.date.as_deref(), Some("2021-03-03"));
    let app = ev
        .iter()
        .find(|e| e.etype == EventType::Appointment)
        .unwrap();
    assert_eq!(app.date, None, "anchored 'the same day' gives no date");
    let recall = ev.iter().find(|e| e.trigger == "recalled").unwrap();
    assert_eq!(recall.etype, EventType::Departure);
    assert_eq!(
        recall.date, None,
        "no time expression: no date, not the publication date"
    );
    // "so-called", "calls a", "called it" are not phone calls.
    assert!(!ev.iter().any(|e| e.etype == EventType::Call));
}

#[test]
fn multibyte_text_keeps_spans_on_boundaries() {
    let text = "«Мир» — Kessel called Varga on June 1. Kessel и Varga met in Solmere on June 2 ✓.";
    let ev = run(
        text,
        vec![
            day(text, "June 1", "2021-06-01"),
            day(text, "June 2", "2021-06-02"),
        ],
    );
    assert_eq!(ev.len(), 2);
    for e in &ev {
        assert!(text.get(e.span.start..e.span.end).is_some());
    }
    assert_eq!(ev[1].etype, EventType::Meeting);
    assert_eq!(ev[1].date.as_deref(), Some("2021-06-02"));
    assert_eq!(ev[1].place.as_deref(), Some("place:solmere"));
    let _ = EntityType::Person;
}
