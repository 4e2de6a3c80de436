//! Property tests: no panics, spans in bounds and on char boundaries.

use chrono::NaiveDate;
use newsline_model::{CleanDoc, DateOrigin, Dateline, Published};
use proptest::prelude::*;

fn check(text: &str, p: &Published) {
    let ms = newsline_timex::tag(text, p);
    let mut last = 0;
    for m in &ms {
        assert!(
            m.span.start < m.span.end && m.span.end <= text.len(),
            "{m:?}"
        );
        assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
        assert!(m.span.start >= last, "overlap or disorder: {ms:?}");
        last = m.span.end;
        assert!(!m.value.is_empty());
    }
}

fn pieces() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "on",
        "Monday",
        "May",
        "12",
        "2021",
        "June 16",
        "last",
        "next",
        "week",
        "year",
        "ago",
        "two weeks before the summit",
        "the next day",
        "«",
        "—",
        "é",
        "日本",
        "€",
        "1,000",
        "23.07.2020",
        "2020-07-23T10:00",
        "10 a.m.",
        "the 1990s",
        "Q3",
        "every",
        "day",
        " ",
        ".",
        "\n\n",
        "earlier this month",
        "the end of",
        "February",
        "31",
        "fiscal",
        "mid-",
        "99999999999999999999 years ago",
        "9223372036854775807 weeks later",
        "two weeks after the talks",
        "the next day",
    ]);
    prop::collection::vec(words, 0..40).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_strings_do_not_panic(s in "\\PC{0,200}") {
        let p = Published::day(NaiveDate::from_ymd_opt(2022, 4, 13).unwrap(), DateOrigin::Given);
        check(&s, &p);
        check(&s, &Published::unknown());
        let mut c = CleanDoc { text: s.clone(), ..Default::default() };
        c.dateline = Some(Dateline { place: "X".into(), date_text: Some(s.clone()), agency: None });
        let _ = newsline_timex::publication_date(Some(&s), &c, Some(&s));
        let _ = newsline_timex::parse_given(&s);
    }

    #[test]
    fn date_like_word_soup_does_not_panic(s in pieces(), y in 1i32..3000, m in 1u32..13) {
        let p = Published::day(NaiveDate::from_ymd_opt(y, m, 1).unwrap(), DateOrigin::Given);
        check(&s, &p);
        let c = CleanDoc { text: s.clone(), ..Default::default() };
        let _ = newsline_timex::publication_date(None, &c, None);
    }
}
