//! Publication-date decisions on invented snippets.

use chrono::NaiveDate;
use newsline_model::{CleanDoc, DateCandidate, DateOrigin, Dateline, Precision};
use newsline_timex::{parse_given, publication_date, TimexError};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

fn cand(date: NaiveDate, origin: DateOrigin, source: &str) -> DateCandidate {
    DateCandidate {
        date,
        precision: Precision::Day,
        origin,
        source: source.into(),
        upper_bound: false,
    }
}

fn doc(text: &str) -> CleanDoc {
    CleanDoc {
        text: text.into(),
        ..Default::default()
    }
}

#[test]
fn given_date_time_keeps_its_own_calendar_date() {
    let p = publication_date(
        Some("2023-05-04T01:00:00+03:00"),
        &doc("Nothing here."),
        None,
    );
    assert_eq!(p.value.as_deref(), Some("2023-05-04"));
    assert_eq!(p.origin, DateOrigin::Given);
    assert_eq!(p.precision, Precision::Day);
    assert_eq!(
        parse_given("Thu, 04 May 2023 01:00:00 +0300"),
        Ok(d(2023, 5, 4))
    );
    assert!(matches!(
        parse_given("soon"),
        Err(TimexError::InvalidDate(_))
    ));
}

#[test]
fn given_month_is_kept_at_month_precision() {
    let p = publication_date(Some("2023-05"), &doc(""), None);
    assert_eq!(p.value.as_deref(), Some("2023-05"));
    assert_eq!(p.precision, Precision::Month);
}

#[test]
fn metadata_beats_url_and_given_beats_metadata() {
    let mut c = doc("The talks ended on Friday.");
    c.date_candidates = vec![
        cand(d(2022, 3, 1), DateOrigin::Url, "url"),
        cand(
            d(2022, 3, 2),
            DateOrigin::Metadata,
            "meta[article:modified_time]",
        ),
        cand(
            d(2022, 3, 1),
            DateOrigin::Metadata,
            "meta[article:published_time]",
        ),
    ];
    let p = publication_date(None, &c, None);
    assert_eq!(p.value.as_deref(), Some("2022-03-01"));
    assert_eq!(p.origin, DateOrigin::Metadata);
    c.date_candidates.retain(|x| x.origin == DateOrigin::Url);
    assert_eq!(publication_date(None, &c, None).origin, DateOrigin::Url);
    let g = publication_date(Some("2022-02-28"), &c, None);
    assert_eq!(
        (g.value.as_deref(), g.origin),
        (Some("2022-02-28"), DateOrigin::Given)
    );
}

#[test]
fn dateline_year_needs_solid_evidence_not_a_bare_year() {
    let dateline = Some(Dateline {
        place: "KESSGRAD".into(),
        date_text: Some("June 16".into()),
        agency: Some("Meridian".into()),
    });
    // A bare year only says "2021 or later": the dateline's year stays unknown.
    let mut c = doc(
        "KESSGRAD, June 16 (Meridian): The two presidents last met at the lakeside summit in 2021, \
         when they agreed to return their ambassadors.",
    );
    c.dateline = dateline.clone();
    let p = publication_date(None, &c, None);
    assert_eq!(p.value, None);
    assert_eq!(p.origin, DateOrigin::Unknown);
    // A relative cue ties the year: last year's summit in 2021 → 2022.
    let mut c = doc(
        "KESSGRAD, June 16 (Meridian): The two presidents recalled last year's summit in 2021, \
         when they agreed to return their ambassadors.",
    );
    c.dateline = dateline.clone();
    let p = publication_date(None, &c, None);
    assert_eq!(p.origin, DateOrigin::Dateline);
    assert_eq!(p.value.as_deref(), Some("2022-06-16"));
    // An explicit full date in the body within a year: the first June 16 after it.
    let mut c = doc(
        "KESSGRAD, June 16 (Meridian): The envoys were expelled on 2 March 2023 and have not returned.",
    );
    c.dateline = dateline;
    let p = publication_date(None, &c, None);
    assert_eq!(p.origin, DateOrigin::Dateline);
    assert_eq!(p.value.as_deref(), Some("2023-06-16"));
    assert_eq!(p.range, Some([d(2023, 3, 2), d(2024, 3, 2)]));
}

#[test]
fn named_year_alone_leaves_the_date_unknown() {
    // "the 2009 accord" says nothing about when the article was written.
    for text in [
        "Rusak said the protocol restores the logic of the 2009 accord.",
        "The accord of 2009 needs an update, not a funeral, he said on Monday.",
        "Talks resumed in 2019, officials said.",
    ] {
        let p = publication_date(None, &doc(text), None);
        assert_eq!(p.value, None, "{text}");
        assert_eq!(p.origin, DateOrigin::Unknown, "{text}");
    }
}

#[test]
fn head_timestamp_gives_the_day() {
    let c = doc(
        "Anna Berg | 18:05 local time, Saturday, 25 April 2020 Health officials said the outbreak \
         was the worst since 1968.",
    );
    let p = publication_date(None, &c, None);
    assert_eq!(p.value.as_deref(), Some("2020-04-25"));
    assert_eq!(p.precision, Precision::Day);
    // A weekday that does not fit the date is no timestamp; the date is still a lower bound.
    let c = doc("Friday, 25 April 2020 Health officials met.");
    let p = publication_date(None, &c, None);
    assert_eq!(p.origin, DateOrigin::Inferred);
    assert_eq!(p.value.as_deref(), Some("2020-04"));
}

#[test]
fn bare_years_do_not_outweigh_an_explicit_date() {
    let c =
        doc("The spill began on 20 April 2010, the worst since 1989. Targets for 2030 were set.");
    let p = publication_date(None, &c, None);
    assert_eq!(p.origin, DateOrigin::Inferred);
    assert_eq!(p.value.as_deref(), Some("2010-04"));
    assert_eq!(p.precision, Precision::Month);
}

#[test]
fn dateline_year_from_crawl_date() {
    let mut c = doc("MARENBURG, December 30 (Northwire): Talks resumed.");
    c.dateline = Some(Dateline {
        place: "MARENBURG".into(),
        date_text: Some("December 30".into()),
        agency: None,
    });
    let p = publication_date(None, &c, Some("2024-01-03T10:00:00Z"));
    assert_eq!(p.value.as_deref(), Some("2023-12-30"));
}

#[test]
fn relative_cue_gives_the_year() {
    let c = doc("Officials recalled last year's summit in 2021 and said little had changed since.");
    let p = publication_date(None, &c, None);
    assert_eq!(p.origin, DateOrigin::Inferred);
    assert_eq!(p.value.as_deref(), Some("2022"));
    assert_eq!(p.precision, Precision::Year);
    let r = p.range.expect("range");
    assert_eq!(r, [d(2022, 1, 1), d(2022, 12, 31)]);
}

#[test]
fn inference_uses_latest_past_date_and_ignores_future_ones() {
    let c = doc(
        "The ceasefire was signed on March 3, 2023. Elections will be held on May 5, 2025, \
         the commission said.",
    );
    let p = publication_date(None, &c, None);
    assert_eq!(p.origin, DateOrigin::Inferred);
    assert_eq!(p.value.as_deref(), Some("2023-03"));
    assert_eq!(p.range.expect("range")[0], d(2023, 3, 3));
}

#[test]
fn crawl_date_is_an_upper_bound_for_inference() {
    let c = doc("The ceasefire was signed on March 3, 2023.");
    let p = publication_date(None, &c, Some("2023-03-10"));
    assert_eq!(p.range.expect("range"), [d(2023, 3, 3), d(2023, 3, 10)]);
}

#[test]
fn empty_body_is_unknown() {
    let p = publication_date(None, &doc(""), None);
    assert_eq!(p.value, None);
    assert_eq!(p.origin, DateOrigin::Unknown);
    assert_eq!(p.precision, Precision::Unknown);
}

#[test]
fn dateline_in_body_is_found_without_clean_stage_help() {
    let c = doc("SOLMERE, June 16 (Meridian) - The talks of 2021 were recalled by both sides.");
    let p = publication_date(None, &c, Some("2022-07-01"));
    assert_eq!(p.origin, DateOrigin::Dateline);
    assert_eq!(p.value.as_deref(), Some("2022-06-16"));
}

#[test]
fn weekday_in_dateline_pins_the_year() {
    let mut c = doc("The ministers met again after the talks of March 3, 2020.");
    c.dateline = Some(Dateline {
        place: "LINDHOLM".into(),
        date_text: Some("Wednesday, June 16".into()),
        agency: None,
    });
    // June 16 was a Tuesday in 2020 and a Wednesday in 2021.
    let p = publication_date(None, &c, None);
    assert_eq!(p.value.as_deref(), Some("2021-06-16"));
    // With a bare year only, the weekday alone recurs too often to pin anything.
    c.text = "The ministers met again after the talks in 2019.".into();
    assert_eq!(publication_date(None, &c, None).value, None);
}

#[test]
fn copyright_year_is_used_and_not_taken_for_an_event() {
    let c = doc("The envoy returned on Thursday.\n\n© Harbour Post 2023. All rights reserved.");
    let p = publication_date(None, &c, None);
    assert_eq!(p.origin, DateOrigin::Inferred);
    assert_eq!(p.value.as_deref(), Some("2023"));
    assert_eq!(p.range.expect("range"), [d(2023, 1, 1), d(2023, 12, 31)]);
}

#[test]
fn lead_weekday_picks_the_dateline_year_when_evidence_is_weak() {
    // Latest explicit date: September 2020. April 22 fell on a Friday in 2022.
    let mut c = doc(
        "The ambassador left Kessgrad on Friday, ending a posting that began in September 2020.",
    );
    c.dateline = Some(Dateline {
        place: "KESSGRAD".into(),
        date_text: Some("April 22".into()),
        agency: None,
    });
    let p = publication_date(None, &c, None);
    assert_eq!(p.value.as_deref(), Some("2022-04-22"));
    assert!(p.range.is_some(), "a guessed year comes with a range");
}

#[test]
fn dateline_with_only_a_named_year_stays_unknown() {
    // The body dateline's month-day has no year and "the 2009 accord" gives none.
    let c = doc(
        "MARENBURG/KESSGRAD, March 14 (Meridian) - The two sides agreed on Tuesday to restore \
         the logic of the 2009 accord.",
    );
    let p = publication_date(None, &c, None);
    assert_eq!(p.value, None);
    // With a crawl date the year is solid.
    let p = publication_date(None, &c, Some("2023-03-20"));
    assert_eq!(p.value.as_deref(), Some("2023-03-14"));
    assert_eq!(p.origin, DateOrigin::Dateline);
}

#[test]
fn ago_cue_gives_the_year() {
    let c = doc("Exactly one year ago, in 2021, the two presidents met by the lake.");
    let p = publication_date(None, &c, None);
    assert_eq!(p.value.as_deref(), Some("2022"));
    assert_eq!(p.precision, Precision::Year);
    // A relative word and an unrelated year in one sentence are no cue.
    let c = doc("Talks that began in 2019 collapsed last year.");
    assert_eq!(publication_date(None, &c, None).value, None);
}
