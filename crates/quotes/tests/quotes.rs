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

// ---- regression tests for attribution bugs seen on the invented corpus ----

fn speaker_of(text: &str, qs: &[Quote], needle: &str) -> Option<String> {
    find(text, qs, needle).and_then(|q| q.speaker.clone())
}

#[test]
fn pronoun_speaker_prefers_subject_over_embedded_role_noun() {
    let text = "Ambassador Anna Korff left Brastow on March 2.\n\n\
Daniel Oswin, asked on May 4 how soon the Corvanian ambassador might return to Brastow, \
answered that envoys come back \u{201c}when the moment is right.\u{201d} \
Ties between the two neighbouring states are at \u{201c}a historic low\u{201d}, he remarked.";
    let qs = run(text, &[]);
    assert_eq!(
        speaker_of(text, &qs, "Ties between").as_deref(),
        Some("person:daniel-oswin"),
        "{qs:#?}"
    );
}

#[test]
fn pronoun_speaker_follows_the_cited_source() {
    let text = "The Corvanian cabinet and the team of President Ivo Brandt barely talk, \
the Daily Lantern reported, citing the press secretary, Daniel Oswin.\n\n\
\u{201c}No, that cannot be said. Everything is frozen,\u{201d} he said.";
    let qs = run(text, &[]);
    assert_eq!(
        speaker_of(text, &qs, "Everything is frozen").as_deref(),
        Some("person:daniel-oswin"),
        "{qs:#?}"
    );
}

#[test]
fn noun_states_and_time_phrases_are_not_speakers() {
    let text = "Daniel Oswin, asked on May 4 about the talks, answered that envoys return \
\u{201c}when the moment is right.\u{201d} Ties between the two neighbouring states are at \
\u{201c}a historic low\u{201d}, he remarked. On Saturday declared officials nothing.";
    let qs = run(text, &[]);
    for q in &qs {
        let sp = q.speaker_span.map(|s| s.slice(text).to_string());
        let cue = q.cue_span.map(|s| s.slice(text).to_string());
        assert_ne!(cue.as_deref(), Some("states"), "{qs:#?}");
        assert!(
            !sp.as_deref()
                .is_some_and(|s| s.starts_with("on ") || s.contains("neighbouring")),
            "{qs:#?}"
        );
    }
    assert_eq!(
        speaker_of(text, &qs, "when the moment").as_deref(),
        Some("person:daniel-oswin")
    );
}

#[test]
fn duplicate_partial_quotes_are_emitted_once() {
    let text = "Daniel Oswin said the relationship was at \u{201c}a historic low\u{201d} and \
that the neighbouring states keep \u{201c}a historic low\u{201d} profile, he added.";
    let qs = run(text, &[]);
    let mut spans: Vec<(Span, QuoteKind)> = qs.iter().map(|q| (q.content, q.kind)).collect();
    let n = spans.len();
    spans.sort_by_key(|(s, _)| (s.start, s.end));
    spans.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    assert_eq!(spans.len(), n, "{qs:#?}");
}

#[test]
fn demonym_speaker_resolves_to_the_country() {
    let text = "Corvania recalled its envoy from Brastow on Monday. \
The Corvanian side said that the talks would resume in the autumn.";
    let qs = run(text, &[]);
    let q = find(text, &qs, "talks would resume").expect("quote");
    assert_eq!(q.speaker.as_deref(), Some("place:corvania"), "{qs:#?}");
}

#[test]
fn body_inside_an_of_phrase_is_not_the_speaker() {
    let text = "Corvania recalled its envoy from Brastow on Monday. \
The budget committee of the Corvanian parliament said that the talks would resume in the autumn.";
    let qs = run(text, &[]);
    let q = find(text, &qs, "talks would resume").expect("quote");
    assert_ne!(q.speaker.as_deref(), Some("place:corvania"), "{qs:#?}");
}

#[test]
fn apposition_after_a_quote_names_the_speaker() {
    let text = "\u{201c}We will keep talking,\u{201d} the presidential spokeswoman, Maria Vell, said on Friday.";
    let qs = run(text, &[]);
    let q = find(text, &qs, "keep talking").expect("quote");
    assert_eq!(q.speaker.as_deref(), Some("person:maria-vell"), "{qs:#?}");
}

#[test]
fn infinitive_after_cue_does_not_jump_to_a_later_that() {
    let text = "When the leaders met last summer they agreed to keep the channels open, and that is what we are doing, she continued.";
    let qs = run(text, &[]);
    assert!(
        qs.iter()
            .all(|q| !q.content.slice(text).starts_with("is what we are doing")),
        "{qs:#?}"
    );
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

#[test]
fn single_straight_quotes_are_direct_quotes() {
    let text =
        "'We cannot afford silence between neighbours,' Daniel Oswin said in a short statement. \
The leaders' talks ended on Monday.";
    let qs = run(text, &[]);
    let q = find(text, &qs, "We cannot afford silence").expect("quote");
    assert_eq!(q.kind, QuoteKind::Direct, "{qs:#?}");
    assert_eq!(q.speaker.as_deref(), Some("person:daniel-oswin"));
    // the attribution tail is not a quote of its own
    assert!(
        qs.iter()
            .all(|q| !q.content.slice(text).starts_with("in a short statement")),
        "{qs:#?}"
    );
    // a plural possessive apostrophe does not open or close a quote
    assert!(qs
        .iter()
        .all(|q| !q.content.slice(text).contains("talks ended")));
}

#[test]
fn dash_aside_between_speaker_and_verb_keeps_the_speaker() {
    let text =
        "In Brastow, the adviser Daniel Oswin - no relation to the envoy - told the Daily Lantern \
that the return \"does not signal a change of course\".";
    let qs = run(text, &[]);
    let q = find(text, &qs, "does not signal").expect("quote");
    assert_eq!(q.speaker.as_deref(), Some("person:daniel-oswin"), "{qs:#?}");
}

#[test]
fn outlet_reporting_what_a_person_said_gives_the_person_as_speaker() {
    let text =
        "Last week the newspaper Daily Lantern reported that Ivo Brandt, speaking to party donors \
in Brastow, said he had talked to his rival on the phone.";
    let qs = run(text, &[]);
    let q = qs
        .iter()
        .find(|q| q.speaker.as_deref() == Some("person:ivo-brandt"))
        .expect("inner quote");
    assert!(
        q.content.slice(text).starts_with("he had talked"),
        "{qs:#?}"
    );
    assert!(
        q.outlet
            .as_deref()
            .is_some_and(|o| o.contains("Daily Lantern")),
        "{qs:#?}"
    );
}

#[test]
fn pronoun_after_a_quote_skips_names_inside_the_quote() {
    let text = "Spokesman Daniel Oswin, replying to journalists, said that Brastow regrets the choice. \
\u{ab}President Ivo Brandt many times said that he wants good relations, but this cannot be done from one side\u{bb} he said.";
    let qs = run(text, &[]);
    let q = find(text, &qs, "many times said").expect("quote");
    assert_eq!(q.speaker.as_deref(), Some("person:daniel-oswin"), "{qs:#?}");
}

#[test]
fn partial_quote_inside_indirect_speech_takes_its_speaker() {
    let text = "Daniel Oswin spoke to reporters on Monday. According to him, President Ivo Brandt \
\u{ab}does not intend to close the door\u{bb} but \u{ab}the door cannot be opened from one side\u{bb}.";
    let qs = run(text, &[]);
    for needle in ["does not intend", "cannot be opened"] {
        let q = qs
            .iter()
            .find(|q| q.kind == QuoteKind::Partial && q.content.slice(text).contains(needle))
            .expect("partial");
        assert_eq!(q.speaker.as_deref(), Some("person:daniel-oswin"), "{qs:#?}");
    }
}

#[test]
fn possessor_or_of_object_is_not_the_speaker() {
    let text = "President Ivo Brandt named Daniel Oswin as his spokesman in May.\n\n\
According to Brandt's spokesman, ties can return to normal only once the sanctions end.\n\n\
In October the spokesman of Brandt, Daniel Oswin, said he could not confirm the reports.";
    let qs = run(text, &[]);
    let q = find(text, &qs, "ties can return").expect("quote");
    assert_ne!(q.speaker.as_deref(), Some("person:ivo-brandt"), "{qs:#?}");
    let q = find(text, &qs, "could not confirm").expect("quote");
    assert_eq!(q.speaker.as_deref(), Some("person:daniel-oswin"), "{qs:#?}");
    assert!(
        q.speaker_span
            .is_some_and(|s| !s.slice(text).starts_with("October")),
        "{qs:#?}"
    );
}

#[test]
fn full_name_apposition_after_a_place_is_the_speaker() {
    let text =
        "Corvania's ambassador to Brastow, Daniel Oswin, said the embassy would reopen next month.";
    let qs = run(text, &[]);
    let q = find(text, &qs, "embassy would reopen").expect("quote");
    assert_eq!(q.speaker.as_deref(), Some("person:daniel-oswin"), "{qs:#?}");
}

#[test]
fn speaker_phrase_before_said_so_is_not_content() {
    let text =
        "Talks must not be held under ultimatums. Daniel Oswin, press secretary to the president, \
said so in an interview with the Daily Lantern.";
    let qs = run(text, &[]);
    assert!(
        qs.iter().all(|q| {
            let c = q.content.slice(text);
            !c.starts_with("Daniel Oswin") && !c.starts_with("so in an interview")
        }),
        "{qs:#?}"
    );
}

#[test]
fn typographic_possessor_is_not_the_speaker() {
    let text = "President Ivo Brandt named Daniel Oswin as his spokesman in May. \
According to Brandt\u{2019}s spokesman, ties can return to normal only once the sanctions end.";
    let qs = run(text, &[]);
    let q = find(text, &qs, "ties can return").expect("quote");
    assert_ne!(q.speaker.as_deref(), Some("person:ivo-brandt"), "{qs:#?}");
}

#[test]
fn lone_apostrophe_does_not_open_a_quote() {
    let text = "Officials said talks would go on 'til the end of the month. Daniel Oswin said he was hopeful.";
    let qs = run(text, &[]);
    assert!(qs.iter().all(|q| q.kind == QuoteKind::Indirect), "{qs:#?}");
}

#[test]
fn honorific_with_a_period_is_part_of_the_speaker() {
    let text = "\u{201c}The bridge will open in the spring,\u{201d} Mr. Pavel Orlek said.\n\n\
Sen. Ivo Brandt said the budget would not cover the repairs this year.";
    let qs = run(text, &[]);
    let q = find(text, &qs, "bridge will open").expect("direct quote");
    assert_eq!(
        q.speaker_span.map(|s| s.slice(text)),
        Some("Mr. Pavel Orlek")
    );
    assert_eq!(q.speaker.as_deref(), Some("person:pavel-orlek"), "{qs:#?}");
    let q = find(text, &qs, "budget would not cover").expect("indirect quote");
    assert_eq!(q.speaker.as_deref(), Some("person:ivo-brandt"), "{qs:#?}");
}

#[test]
fn parenthesis_after_the_speaker_is_skipped() {
    let text = "Rep. Anna Voss (D-Ore.) said the new rules would hurt small farms.";
    let qs = run(text, &[]);
    let q = find(text, &qs, "new rules would hurt").expect("quote");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.speaker.as_deref(), Some("person:anna-voss"), "{qs:#?}");
}

#[test]
fn long_subject_with_apposition_is_the_speaker() {
    let text = "But Lena Marsh, a senior fellow at the Kessgrad Institute for Rural Studies, \
said farmers still want the old subsidies.";
    let qs = run(text, &[]);
    let q = find(text, &qs, "farmers still want").expect("quote");
    assert_eq!(q.speaker.as_deref(), Some("person:lena-marsh"), "{qs:#?}");
    // the subject is not mistaken for reported speech
    assert!(find(text, &qs, "senior fellow").is_none(), "{qs:#?}");
}

#[test]
fn common_noun_subject_without_a_determiner_speaks() {
    let text = "Experts on river ecology and fisheries said the new dam could change that.";
    let qs = run(text, &[]);
    let q = find(text, &qs, "new dam could change").expect("quote");
    let sp = q.speaker_span.map(|s| s.slice(text)).unwrap_or_default();
    assert!(sp.starts_with("Experts"), "{qs:#?}");
}

#[test]
fn adverb_between_speaker_and_verb() {
    let text = "Daniel Oswin now says he opposes the treaty.";
    let qs = run(text, &[]);
    let q = find(text, &qs, "opposes the treaty").expect("quote");
    assert_eq!(q.speaker.as_deref(), Some("person:daniel-oswin"), "{qs:#?}");
}

#[test]
fn signature_line_after_a_quote_names_the_speaker() {
    let text =
        "\u{201c}Nobody asked the valley what it wanted. We will be heard.\u{201d} \u{2015} \
Marta Solberg";
    let qs = run(text, &[]);
    let q = find(text, &qs, "Nobody asked the valley").expect("quote");
    assert_eq!(q.speaker_span.map(|s| s.slice(text)), Some("Marta Solberg"));
    assert_eq!(q.cue_span.map(|s| s.slice(text)), Some("\u{2015}"));
}

#[test]
fn quote_interrupted_by_its_attribution_is_one_quote() {
    let text = "\u{201c}We have waited long enough,\u{201d} said Paul Kessler. \u{201c}The mines \
must reopen before the winter.\u{201d}";
    let qs = run(text, &[]);
    let direct: Vec<&Quote> = qs.iter().filter(|q| q.kind == QuoteKind::Direct).collect();
    assert_eq!(direct.len(), 1, "{qs:#?}");
    let q = direct.first().expect("quote");
    let content = q.content.slice(text);
    assert!(content.starts_with("We have waited"), "{content}");
    assert!(
        content.trim_end_matches('.').ends_with("before the winter"),
        "{content}"
    );
    assert_eq!(q.speaker.as_deref(), Some("person:paul-kessler"));
}

#[test]
fn passive_quoted_as_saying() {
    let text = "The mayor, Anna Kolb, was quoted as saying the bridge would reopen in May.";
    let qs = run(text, &[]);
    let q = find(text, &qs, "bridge would reopen").expect("quote");
    assert_eq!(
        q.cue_span.map(|s| s.slice(text)),
        Some("was quoted as saying")
    );
    assert_eq!(q.speaker.as_deref(), Some("person:anna-kolb"), "{qs:#?}");
}

#[test]
fn second_predicate_of_the_speaker_is_a_second_statement() {
    let text = "Daniel Oswin said the harbour would stay open through the winter, \
and warned that fuel prices could double.";
    let qs = run(text, &[]);
    let first = find(text, &qs, "harbour would stay open").expect("first");
    assert!(
        !first.content.slice(text).contains("warned"),
        "{}",
        first.content.slice(text)
    );
    let second = find(text, &qs, "fuel prices could double").expect("second");
    assert_eq!(second.cue_span.map(|s| s.slice(text)), Some("warned"));
    assert_eq!(
        second.speaker.as_deref(),
        Some("person:daniel-oswin"),
        "{qs:#?}"
    );
}

#[test]
fn participle_clause_ends_the_content() {
    let text = "Lena Marsh said the mines were safe, adding that inspections would continue.";
    let qs = run(text, &[]);
    let q = find(text, &qs, "mines were safe").expect("quote");
    assert_eq!(q.content.slice(text), "the mines were safe", "{qs:#?}");
}

#[test]
fn attribution_in_the_middle_of_a_sentence() {
    let text = "The new tariffs are an insult to every farmer in the valley, local growers said \
on Friday, as they gathered outside the ministry.";
    let qs = run(text, &[]);
    let q = find(text, &qs, "insult to every farmer").expect("quote");
    assert!(
        q.content.slice(text).starts_with("The new tariffs"),
        "{qs:#?}"
    );
    assert!(!q.content.slice(text).contains("gathered"), "{qs:#?}");
    assert!(q
        .speaker_span
        .is_some_and(|s| s.slice(text).contains("growers")));
}

#[test]
fn according_to_an_unnamed_poll() {
    let text = "The two candidates are virtually tied before the debate, according to a new \
national poll.";
    let qs = run(text, &[]);
    let q = find(text, &qs, "virtually tied").expect("quote");
    assert_eq!(q.cue_span.map(|s| s.slice(text)), Some("according to"));
    assert!(q
        .speaker_span
        .is_some_and(|s| s.slice(text).ends_with("poll")));
}

#[test]
fn time_or_place_phrase_after_the_verb_is_not_content() {
    let text = "Ivo Brandt said on Friday the border would reopen next month.\n\n\
Anna Voss said at a rally in the capital this week.";
    let qs = run(text, &[]);
    let q = find(text, &qs, "border would reopen").expect("quote");
    assert_eq!(q.content.slice(text), "the border would reopen next month");
    assert!(find(text, &qs, "rally in the capital").is_none(), "{qs:#?}");
}

#[test]
fn progressive_speech_verb_is_a_cue() {
    let text = "Paul Kessler is warning that the reservoir could run dry by August.";
    let qs = run(text, &[]);
    let q = find(text, &qs, "reservoir could run dry").expect("quote");
    assert_eq!(q.speaker.as_deref(), Some("person:paul-kessler"), "{qs:#?}");
}

#[test]
fn partial_quote_is_the_reported_statement_that_holds_it() {
    let text = "Helena Varga said the new consulate marks \u{201c}a fresh start\u{201d} for \
both countries.\n\nShe called the closure \u{201c}a mistake we will not repeat.\u{201d}";
    let qs = run(text, &[]);
    // one statement per reported clause, of kind partial, holding the marks
    let q = find(text, &qs, "fresh start").expect("quote");
    assert_eq!(q.kind, QuoteKind::Partial);
    assert!(q.content.slice(text).starts_with("the new consulate marks"));
    assert_eq!(
        qs.iter()
            .filter(|x| x.content.slice(text).contains("fresh start"))
            .count(),
        1,
        "{qs:#?}"
    );
    // a partial quote after its cue reaches back to the cue
    let q = find(text, &qs, "will not repeat").expect("second");
    assert_eq!(q.kind, QuoteKind::Partial);
    assert!(q.content.slice(text).starts_with("the closure"), "{qs:#?}");
    assert_eq!(q.speaker.as_deref(), Some("person:helena-varga"));
}

#[test]
fn quoted_titles_are_not_quotes() {
    let text = "Anna Voss said on \u{201c}Morning Edition With Karl Brand\u{201d} that the \
budget was fair.";
    let qs = run(text, &[]);
    assert!(
        qs.iter()
            .all(|q| !q.content.slice(text).starts_with("Morning Edition")),
        "{qs:#?}"
    );
    assert!(find(text, &qs, "budget was fair").is_some(), "{qs:#?}");
}

#[test]
fn section_titles_with_a_colon_are_not_speakers() {
    let text = "Correction: An earlier version of this article misstated the date of the vote.";
    let qs = run(text, &[]);
    assert!(qs.is_empty(), "{qs:#?}");
}

#[test]
fn typewriter_quotes_continue_after_the_attribution() {
    let text = "''There is no evidence whatsoever this would change anything,'' Mr. Pavel \
Orlek said. ''The real issue is how the boards are run.''";
    let qs = run(text, &[]);
    assert_eq!(qs.len(), 1, "{qs:#?}");
    let q = qs.first().expect("quote");
    assert!(q.content.slice(text).contains("boards are run"), "{qs:#?}");
    assert_eq!(q.speaker.as_deref(), Some("person:pavel-orlek"));
}

#[test]
fn loose_subject_after_a_quote() {
    let text = "\u{201c}Subpoenas are not optional,\u{201d} panel chairman Rep. Anna Voss \
(D-Ore.) said after the hearing.";
    let qs = run(text, &[]);
    let q = find(text, &qs, "Subpoenas are not optional").expect("quote");
    assert_eq!(q.speaker.as_deref(), Some("person:anna-voss"), "{qs:#?}");
    assert!(find(text, &qs, "after the hearing").is_none(), "{qs:#?}");
}

#[test]
fn reversed_mark_opening_a_paragraph_opens_a_quote() {
    let text =
        "\u{201d}We planted every tree on this hill ourselves.\u{201d} \u{2015} Marta Solberg";
    let qs = run(text, &[]);
    let q = find(text, &qs, "We planted every tree").expect("quote");
    assert_eq!(q.speaker_span.map(|s| s.slice(text)), Some("Marta Solberg"));
}

#[test]
fn capitalised_dateline_is_not_content() {
    let text = "BELMORA \u{2015} The new border rules are an insult to every trader, local \
merchants said on Friday, as they closed their stalls.";
    let qs = run(text, &[]);
    let q = find(text, &qs, "insult to every trader").expect("quote");
    assert!(
        q.content.slice(text).starts_with("The new border rules"),
        "{}",
        q.content.slice(text)
    );
}

#[test]
fn trailing_attribution_with_an_apposition_or_a_second_clause() {
    let text = "The first television spot could air this week, said Lena Marsh, a longtime \
adviser to the campaign.\n\nIt would take three weeks to convene the board, he said, and a long \
fight could follow.";
    let qs = run(text, &[]);
    let q = find(text, &qs, "first television spot").expect("apposition");
    assert_eq!(q.speaker.as_deref(), Some("person:lena-marsh"), "{qs:#?}");
    let q = find(text, &qs, "three weeks to convene").expect("second clause");
    assert_eq!(q.speaker_span.map(|s| s.slice(text)), Some("he"));
    assert!(!q.content.slice(text).contains("fight"), "{qs:#?}");
}

#[test]
fn coordinated_clause_after_a_comma_carries_its_own_content() {
    let text = "She met the mayor for the first time in 1996 at a fair in Tulsa, and Brandt \
said it is one of her favorite memories.\n\nThe talks were going well, Okafor said it was too \
early to tell.";
    let qs = run(text, &[]);
    let q = find(text, &qs, "favorite memories").expect("coordinated clause");
    assert_eq!(q.content.slice(text), "it is one of her favorite memories");
    assert!(find(text, &qs, "fair in Tulsa").is_none(), "{qs:#?}");
    let q = find(text, &qs, "too early").expect("pronoun clause after the verb");
    assert_eq!(q.content.slice(text), "it was too early to tell");
}

#[test]
fn fronted_adverbial_is_not_reported_speech() {
    let text = "At a dinner in Ohio with the donor Lara Quint, Velasco called her rival a \
fraud.\n\nIn the end the plan failed, Ms. Varga said on Friday.";
    let qs = run(text, &[]);
    assert!(find(text, &qs, "dinner in Ohio").is_none(), "{qs:#?}");
    let q = find(text, &qs, "the plan failed").expect("trailing attribution");
    assert_eq!(q.speaker_span.map(|s| s.slice(text)), Some("Ms. Varga"));
}

#[test]
fn second_verb_of_a_subject_takes_the_subject_as_speaker() {
    let text = "Mayor Okafor toured the flooded streets of Dalton and said the city would need \
federal help.";
    let qs = run(text, &[]);
    let q = find(text, &qs, "federal help").expect("quote");
    assert_eq!(q.speaker_span.map(|s| s.slice(text)), Some("Mayor Okafor"));
    assert_eq!(q.content.slice(text), "the city would need federal help");
}
