//! Timeline dating policy: nothing is placed at a guessed publication date.
mod common;
use common::*;
use newsline_model::{
    ArticleRecord, DateOrigin, EventType, Precision, Quote, TimeMention, TimelineEntry,
    TimelineKind,
};
use newsline_story::{merge_events, timeline, Timeline, TimelineQuery};

const NOTE: &str = " (publication date uncertain)";

/// Replaces the publication date by one inferred from the body.
fn inferred(
    mut r: ArticleRecord,
    value: &str,
    precision: Precision,
    range: [&str; 2],
) -> ArticleRecord {
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    r.published.value = Some(value.to_string());
    r.published.precision = precision;
    r.published.origin = DateOrigin::Inferred;
    r.published.range = Some([d(range[0]), d(range[1])]);
    r
}

fn dated_quote(text: &str, content: &str, date: &str, origin: &str) -> Quote {
    let mut q = quote(text, content, "person:lidia-varga", "Lidia Varga");
    q.date = Some(date.to_string());
    q.date_origin = Some(origin.to_string());
    q
}

fn build(recs: &[ArticleRecord]) -> Timeline {
    let events = merge_events(recs, &ident);
    timeline(recs, &events, &[], &TimelineQuery::default())
}

fn find<'a>(
    entries: &'a [TimelineEntry],
    kind: TimelineKind,
    prefix: &str,
) -> Option<&'a TimelineEntry> {
    entries
        .iter()
        .find(|e| e.kind == kind && e.summary.starts_with(prefix))
}

const VAGUE: &str = "Arne Kessel called Lidia Varga on Tuesday to discuss the border dispute.\n\n\u{201c}We will keep talking to our neighbours,\u{201d} Lidia Varga said.\n\nLidia Varga said on Tuesday that the fishing quota would be reviewed.";

fn vague_article(id: &str, value: &str, precision: Precision, range: [&str; 2]) -> ArticleRecord {
    let t = VAGUE;
    // "on Tuesday" was resolved against the (guessed) publication date.
    let times: Vec<TimeMention> = vec![day(t, "on Tuesday", "2019-03-12")];
    let quotes = vec![
        quote(
            t,
            "We will keep talking to our neighbours,",
            "person:lidia-varga",
            "Lidia Varga",
        ),
        dated_quote(
            t,
            "the fishing quota would be reviewed",
            "2019-03-12",
            "text",
        ),
    ];
    let r = record(id, "2019-03-13", "Kessel calls Varga", t, times, quotes);
    inferred(r, value, precision, range)
}

#[test]
fn guessed_publication_year_places_nothing() {
    let r = vague_article("g1", "2019", Precision::Year, ["2019-01-01", "2019-12-31"]);
    let events = merge_events(std::slice::from_ref(&r), &ident);
    let call = events
        .iter()
        .find(|e| e.etype == EventType::Call)
        .expect("call event");
    assert_eq!(
        call.date.as_deref(),
        Some("2019-03-12"),
        "precondition: the event carries the resolved date"
    );

    let tl = build(&[r]);
    assert!(tl.dated.is_empty(), "{:#?}", tl.dated);
    let ev = find(&tl.undated, TimelineKind::Event, "Arne Kessel called").expect("undated call");
    assert!(ev.summary.ends_with(NOTE), "{}", ev.summary);
    assert!(ev.date.is_none());
    // Quote dated by publication, and quote dated by a relative expression:
    // both rest on the guess.
    let q = find(
        &tl.undated,
        TimelineKind::Quote,
        "Lidia Varga: We will keep",
    )
    .expect("undated quote");
    assert!(q.summary.ends_with(NOTE));
    assert!(find(
        &tl.undated,
        TimelineKind::Quote,
        "Lidia Varga: the fishing quota"
    )
    .is_some());

    // A date window cannot place them either.
    let q = TimelineQuery {
        since: chrono::NaiveDate::from_ymd_opt(2019, 1, 1),
        ..TimelineQuery::default()
    };
    let recs = [vague_article(
        "g1",
        "2019",
        Precision::Year,
        ["2019-01-01", "2019-12-31"],
    )];
    let windowed = timeline(&recs, &merge_events(&recs, &ident), &[], &q);
    assert!(
        windowed.dated.is_empty() && windowed.undated.is_empty(),
        "{windowed:#?}"
    );
}

#[test]
fn wide_inferred_range_is_uncertain_even_at_month_precision() {
    let r = vague_article(
        "g2",
        "2019-03",
        Precision::Month,
        ["2019-01-15", "2019-05-30"],
    );
    let tl = build(&[r]);
    assert!(tl.dated.is_empty(), "{:#?}", tl.dated);
    assert_eq!(tl.undated.len(), 3);
}

#[test]
fn narrow_inferred_range_and_known_dates_are_used() {
    // Inferred, but within a month: trusted.
    let r = vague_article(
        "g3",
        "2019-03",
        Precision::Month,
        ["2019-03-01", "2019-03-31"],
    );
    let tl = build(&[r]);
    let call = find(&tl.dated, TimelineKind::Event, "Arne Kessel called").expect("dated call");
    assert_eq!(call.date.as_deref(), Some("2019-03-12"));
    assert!(!call.summary.ends_with(NOTE));
    let q = find(&tl.dated, TimelineKind::Quote, "Lidia Varga: We will keep").expect("dated quote");
    assert_eq!(q.date.as_deref(), Some("2019-03"));

    // A publication date from a dateline or metadata is never second-guessed.
    let mut r = vague_article("g4", "2019", Precision::Year, ["2019-01-01", "2019-12-31"]);
    r.published = published("2019-03-13");
    r.published.origin = DateOrigin::Dateline;
    let tl = build(&[r]);
    assert!(tl.undated.is_empty(), "{:#?}", tl.undated);
    assert_eq!(tl.dated.len(), 3);
}

#[test]
fn explicit_year_in_the_evidence_keeps_the_date() {
    let t = "Arne Kessel and Lidia Varga met in Solmere on June 16, 2021, for their first summit.\n\n\u{201c}The summit was useful,\u{201d} Lidia Varga said on June 16, 2021.\n\nArne Kessel called Lidia Varga on Friday.";
    let times = vec![
        day(t, "June 16, 2021", "2021-06-16"),
        day(t, "on Friday", "2010-06-18"),
    ];
    let quotes = vec![dated_quote(
        t,
        "The summit was useful,",
        "2021-06-16",
        "text",
    )];
    let r = record("g5", "2010-06-20", "Summit", t, times, quotes);
    let r = inferred(r, "2010", Precision::Year, ["2009-01-01", "2010-12-31"]);
    let tl = build(&[r]);
    let summit = tl
        .dated
        .iter()
        .find(|e| {
            e.event_type == Some(EventType::Summit) || e.event_type == Some(EventType::Meeting)
        })
        .expect("dated summit");
    assert_eq!(summit.date.as_deref(), Some("2021-06-16"));
    let q = find(&tl.dated, TimelineKind::Quote, "Lidia Varga: The summit").expect("dated quote");
    assert_eq!(q.date.as_deref(), Some("2021-06-16"));
    // "on Friday" was resolved against the guessed year: not placed.
    assert!(
        tl.dated
            .iter()
            .all(|e| e.date.as_deref() != Some("2010-06-18")),
        "{:#?}",
        tl.dated
    );
    let call = find(&tl.undated, TimelineKind::Event, "Arne Kessel called").expect("undated call");
    assert!(call.summary.ends_with(NOTE));
}

#[test]
fn a_trusted_source_dates_an_event_that_a_guessing_one_also_reports() {
    let vague = vague_article("g6", "2019", Precision::Year, ["2019-01-01", "2019-12-31"]);
    let t = "Arne Kessel called Lidia Varga on March 12 to discuss the border dispute, the presidency said.";
    let sure = record(
        "s1",
        "2019-03-13",
        "Call",
        t,
        vec![day(t, "March 12", "2019-03-12")],
        vec![],
    );
    let recs = [vague, sure];
    let events = merge_events(&recs, &ident);
    let call = events
        .iter()
        .find(|e| e.etype == EventType::Call)
        .expect("call");
    assert_eq!(call.sources.len(), 2, "{events:#?}");
    let tl = timeline(&recs, &events, &[], &TimelineQuery::default());
    let entry = tl
        .dated
        .iter()
        .find(|e| e.event_type == Some(EventType::Call))
        .expect("dated call");
    assert_eq!(entry.date.as_deref(), Some("2019-03-12"));
    assert!(!entry.summary.ends_with(NOTE));
}

#[test]
fn partial_quote_inside_the_same_speakers_reported_speech_is_listed_once() {
    let t = "Lidia Varga said the talks had reached \u{201c}a dead end\u{201d} and would pause.";
    let mut outer = quote(
        t,
        "the talks had reached \u{201c}a dead end\u{201d} and would pause",
        "person:lidia-varga",
        "Lidia Varga",
    );
    outer.kind = newsline_model::QuoteKind::Indirect;
    let mut inner = quote(t, "a dead end", "person:lidia-varga", "Lidia Varga");
    inner.kind = newsline_model::QuoteKind::Partial;
    let mut other = quote(t, "a dead end", "person:arne-kessel", "Arne Kessel");
    other.kind = newsline_model::QuoteKind::Partial;
    let r = record(
        "p1",
        "2019-03-13",
        "Talks pause",
        t,
        vec![],
        vec![outer, inner],
    );
    let tl = build(std::slice::from_ref(&r));
    let quotes: Vec<_> = tl
        .dated
        .iter()
        .filter(|e| e.kind == TimelineKind::Quote)
        .collect();
    assert_eq!(quotes.len(), 1, "{quotes:?}");
    assert!(quotes[0].summary.contains("and would pause"));

    // Words of another speaker nested inside are a second attribution: kept.
    let mut r2 = r.clone();
    r2.quotes.push(other);
    let tl = build(&[r2]);
    assert_eq!(
        tl.dated
            .iter()
            .filter(|e| e.kind == TimelineKind::Quote)
            .count(),
        2
    );
}
