//! Snapshot and behaviour tests on invented fixture articles.

use newsline_model::{Precision, Published, Quote, QuoteKind, Span, TimeMention, TimeType};
use serde_json::{json, Value};

fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut pos = 0;
    for part in text.split("\n\n") {
        let trimmed = part.trim_end();
        if !trimmed.trim().is_empty() {
            out.push(Span::new(pos, pos + trimmed.len()));
        }
        pos += part.len() + 2;
    }
    out
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    read_text(path)
}

fn run(text: &str, times: &[TimeMention]) -> Vec<Quote> {
    let paras = paragraphs(text);
    let ents = newsline_entities::analyze(text, &paras, Some("2021-06-03"));
    let published = Published::day(
        chrono::NaiveDate::from_ymd_opt(2021, 6, 3).unwrap_or_default(),
        newsline_model::DateOrigin::Given,
    );
    newsline_quotes::extract(text, &paras, &ents, times, &published)
}

fn summary(text: &str, qs: &[Quote]) -> Value {
    let s = |sp: Option<Span>| sp.map(|x| x.slice(text).to_string());
    Value::Array(
        qs.iter()
            .map(|q| {
                json!({
                    "kind": q.kind,
                    "content": q.content.slice(text),
                    "cue": s(q.cue_span),
                    "speaker": q.speaker,
                    "speaker_name": q.speaker_name,
                    "speaker_text": s(q.speaker_span),
                    "outlet": q.outlet,
                    "date": q.date,
                    "date_origin": q.date_origin,
                    "confidence": q.confidence,
                })
            })
            .collect(),
    )
}

fn find<'a>(text: &str, qs: &'a [Quote], needle: &str) -> Option<&'a Quote> {
    qs.iter().find(|q| q.content.slice(text).contains(needle))
}

#[test]
fn shared_surname_snapshot() {
    let text = fixture("shared_surname.txt");
    let qs = run(&text, &[]);
    insta::assert_json_snapshot!("shared_surname", summary(&text, &qs));
}

#[test]
fn broken_marks_snapshot() {
    let text = fixture("broken_marks.txt");
    let qs = run(&text, &[]);
    insta::assert_json_snapshot!("broken_marks", summary(&text, &qs));
}

#[test]
fn indirect_forms_snapshot() {
    let text = fixture("indirect_forms.txt");
    let start = text.find("May 30").unwrap_or(0);
    let times = vec![TimeMention {
        span: Span::new(start, start + "May 30".len()),
        ttype: TimeType::Date,
        value: "2021-05-30".into(),
        precision: Precision::Day,
        resolved: true,
        anchor: None,
    }];
    let qs = run(&text, &times);
    insta::assert_json_snapshot!("indirect_forms", summary(&text, &qs));
}

#[test]
fn people_sharing_a_surname_stay_apart() {
    let text = fixture("shared_surname.txt");
    let qs = run(&text, &[]);
    let q = find(&text, &qs, "good news for both our peoples").expect("quote found");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(q.speaker.as_deref(), Some("person:paul-kessler"));
    let deputy = find(&text, &qs, "focus on visas").expect("deputy quote");
    assert_eq!(deputy.speaker.as_deref(), Some("person:martin-kessler"));
}

#[test]
fn pronoun_and_role_noun_speakers_resolve() {
    let text = fixture("shared_surname.txt");
    let qs = run(&text, &[]);
    let she = find(&text, &qs, "Our citizens deserve").expect("pronoun quote");
    assert_eq!(she.speaker_span.map(|s| s.slice(&text)), Some("she"));
    assert_eq!(she.speaker.as_deref(), Some("person:helena-varga"));
    let role = find(&text, &qs, "talks on staffing").expect("role noun quote");
    assert_eq!(role.speaker.as_deref(), Some("person:ilse-brandt"));
}

#[test]
fn scare_quotes_are_not_direct_quotes() {
    let text = fixture("indirect_forms.txt");
    let qs = run(&text, &[]);
    assert!(find(&text, &qs, "reset").is_none_or(|q| q.kind != QuoteKind::Direct));
    assert!(qs.iter().all(|q| q.content.slice(&text) != "reset"));
}

#[test]
fn broken_and_russian_style_marks_are_handled() {
    let text = fixture("broken_marks.txt");
    let qs = run(&text, &[]);
    let q = find(&text, &qs, "Contacts at the working level").expect("broken pair");
    assert_eq!(
        q.content.slice(&text),
        "Contacts at the working level continue"
    );
    assert_eq!(q.speaker.as_deref(), Some("person:viktor-samm"));
    let dash = find(&text, &qs, "no reason to hurry").expect("dash ending");
    assert_eq!(dash.content.slice(&text), "There is no reason to hurry");
    assert_eq!(
        dash.speaker_span.map(|s| s.slice(&text)),
        Some("the spokesman")
    );
    let low = find(&text, &qs, "Our position has not changed").expect("low-high marks");
    assert_eq!(low.speaker.as_deref(), Some("person:viktor-samm"));
}

#[test]
fn multi_paragraph_quote_is_one_quote() {
    let text = fixture("broken_marks.txt");
    let qs = run(&text, &[]);
    let q = find(&text, &qs, "The first day was about procedure").expect("multi-paragraph");
    assert!(q.content.slice(&text).contains("draft a joint text"));
    assert_eq!(q.speaker.as_deref(), Some("person:clara-moss"));
}

#[test]
fn outlets_and_cited_sources_are_separated() {
    let text = fixture("broken_marks.txt");
    let qs = run(&text, &[]);
    let q = find(&text, &qs, "Troops will be withdrawn").expect("citing");
    assert_eq!(
        q.speaker_name.as_deref(),
        Some("a source in the defence ministry")
    );
    assert!(q
        .outlet
        .as_deref()
        .is_some_and(|o| o.contains("Baltic Wire")));
    let r = find(&text, &qs, "no plans to travel abroad").expect("told outlet");
    assert_eq!(r.outlet.as_deref(), Some("Reuters"));
    let i = find(&text, &qs, "border crossings would stay open").expect("interview");
    assert_eq!(i.outlet.as_deref(), Some("Reuters"));
}

#[test]
fn dates_come_from_the_sentence_or_publication() {
    let text = fixture("indirect_forms.txt");
    let start = text.find("May 30").unwrap_or(0);
    let times = vec![TimeMention {
        span: Span::new(start, start + 6),
        ttype: TimeType::Date,
        value: "2021-05-30".into(),
        precision: Precision::Day,
        resolved: true,
        anchor: None,
    }];
    let qs = run(&text, &times);
    let q = find(&text, &qs, "phone call with his counterpart").expect("dated quote");
    assert_eq!(q.date.as_deref(), Some("2021-05-30"));
    assert_eq!(q.date_origin.as_deref(), Some("text"));
    let p = find(&text, &qs, "would not expel any more diplomats").expect("undated");
    assert_eq!(p.date.as_deref(), Some("2021-06-03"));
    assert_eq!(p.date_origin.as_deref(), Some("published"));
}

#[test]
fn speaker_colon_headline_is_attributed() {
    let text = fixture("broken_marks.txt");
    let qs = run(&text, &[]);
    let q = find(&text, &qs, "Talks with Ostrenia remain possible").expect("headline");
    assert_eq!(q.speaker_name.as_deref(), Some("Presidential Office"));
    let n = find(&text, &qs, "reports of a planned call").expect("neither nor");
    assert_eq!(
        n.cue_span.map(|s| s.slice(&text)),
        Some("could neither confirm nor deny")
    );
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn check(text: &str) {
        let paras = paragraphs(text);
        let ents = newsline_entities::analyze(text, &paras, None);
        let qs = newsline_quotes::extract(text, &paras, &ents, &[], &Published::unknown());
        for q in &qs {
            let spans = [Some(q.content), q.cue_span, q.speaker_span];
            for s in spans.into_iter().flatten() {
                assert!(s.start <= s.end && s.end <= text.len());
                assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            }
            assert!((0.0..=1.0).contains(&q.confidence));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn arbitrary_text_never_panics(s in "\\PC{0,300}") {
            check(&s);
        }

        #[test]
        fn quote_heavy_text_never_panics(parts in proptest::collection::vec(
            prop_oneof![
                Just("“"), Just("”"), Just("«"), Just("»"), Just("„"), Just("\""), Just("‘"), Just("’"),
                Just(",— "), Just(" said "), Just("he"), Just(" Anna Berg"), Just(": "), Just("\n\n"),
                Just(". "), Just("Привет"), Just("according to "), Just(" told "), Just("the spokesman"),
                Just("é"), Just("日本"), Just(" that "), Just(", "),
            ], 0..60)) {
            check(&parts.concat());
        }
    }
}

/// Reads at most 16 MiB of a file as (lossy) UTF-8.
fn read_text(path: impl AsRef<std::path::Path>) -> String {
    use std::io::Read;
    let mut buf = Vec::new();
    if let Ok(f) = std::fs::File::open(path) {
        let _ = f.take(16 << 20).read_to_end(&mut buf);
    }
    String::from_utf8_lossy(&buf).into_owned()
}
