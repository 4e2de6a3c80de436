use newsline_clean::{clean, CleanError};
use newsline_model::{CleanDoc, InputFormat, RawDoc};

fn raw(content: &str, format: InputFormat) -> RawDoc {
    RawDoc {
        source: "test".into(),
        record: None,
        record_id: None,
        format,
        raw: content.as_bytes().to_vec(),
        content: content.to_string(),
        charset: "utf-8".into(),
        url: None,
        title: None,
        published: None,
        crawl_date: None,
        no_clean: false,
        warnings: vec![],
    }
}

fn fixture(name: &str) -> RawDoc {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).expect("fixture");
    raw(&String::from_utf8(bytes).expect("utf-8"), InputFormat::Text)
}

/// Every paragraph span is on char boundaries and in bounds; removed offsets
/// point at the removed text in the raw content (when located).
fn check_invariants(doc: &RawDoc, c: &CleanDoc) {
    for p in &c.paragraphs {
        assert!(c.text.get(p.start..p.end).is_some(), "bad span {p:?}");
    }
    let chars: Vec<char> = doc.content.chars().collect();
    for r in &c.removed {
        assert!(r.raw_start <= r.raw_end && r.raw_end <= chars.len());
    }
}

fn raw_slice(doc: &RawDoc, s: usize, e: usize) -> String {
    doc.content.chars().skip(s).take(e - s).collect()
}

#[test]
fn promo_block_is_removed_but_the_story_paragraph_after_it_is_kept() {
    let doc = fixture("promo_and_comments.txt");
    let c = clean(&doc).unwrap();
    check_invariants(&doc, &c);
    assert_eq!(
        c.title.as_deref(),
        Some("Harbour authority says the northern pier will reopen in spring")
    );
    assert_eq!(
        c.subtitle.as_deref(),
        Some("The port director told reporters that repairs were ahead of schedule")
    );
    assert!(c.text.contains("second phase of works"));
    assert!(!c.text.contains("Articles Pro"));
    assert!(!c.text.contains("Leave a Reply"));
    assert!(!c.text.contains("alt="));
    assert!(!c.text.contains("Jonas Feld"));
    let d = c.dateline.as_ref().unwrap();
    assert_eq!(
        (
            d.place.as_str(),
            d.date_text.as_deref(),
            d.agency.as_deref()
        ),
        ("LINDHAVEN", Some("March 4"), Some("Coastal Wire"))
    );
    let reasons: Vec<&str> = c.removed.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "image-debris",
            "caption",
            "promo",
            "footer",
            "comment-form",
            "comment-form"
        ]
    );
    for r in &c.removed {
        assert_eq!(raw_slice(&doc, r.raw_start, r.raw_end), r.text);
    }
    assert_eq!(c.language.as_deref(), Some("en"));
    insta::assert_json_snapshot!("promo_and_comments", c);
}

#[test]
fn body_without_headline_keeps_its_first_line_and_drops_truncated_teasers() {
    let doc = fixture("teasers_no_title.txt");
    let c = clean(&doc).unwrap();
    check_invariants(&doc, &c);
    assert_eq!(c.title, None);
    assert_eq!(c.paragraphs.len(), 4);
    assert!(c.text.starts_with("The city council of Brenmoor"));
    assert_eq!(c.removed.iter().filter(|r| r.reason == "teaser").count(), 3);
    insta::assert_json_snapshot!("teasers_no_title", c);
}

#[test]
fn related_block_and_comment_form_end_the_article() {
    let doc = fixture("related_block.txt");
    let c = clean(&doc).unwrap();
    check_invariants(&doc, &c);
    assert_eq!(c.paragraphs.len(), 3);
    assert!(!c.text.contains("Storm damages"));
    assert!(!c.text.contains("Share this"));
    assert_eq!(
        c.dateline.as_ref().map(|d| d.agency.as_deref()),
        Some(Some("Nord Agency"))
    );
    insta::assert_json_snapshot!("related_block", c);
}

#[test]
fn russian_page_is_cleaned_with_russian_boilerplate_phrases() {
    let doc = fixture("russian_page.txt");
    let c = clean(&doc).unwrap();
    check_invariants(&doc, &c);
    assert_eq!(c.language.as_deref(), Some("ru"));
    assert_eq!(c.paragraphs.len(), 3);
    assert_eq!(
        c.dateline.as_ref().map(|d| d.place.as_str()),
        Some("ЛЕСНОГОРСК")
    );
    for r in &c.removed {
        assert_eq!(raw_slice(&doc, r.raw_start, r.raw_end), r.text);
    }
    insta::assert_json_snapshot!("russian_page", c);
}

#[test]
fn no_clean_keeps_the_text_exactly() {
    let content = "Title line\r\n\r\n  First para  \nstill first.\n\n\nLeave a Reply\n";
    let mut doc = raw(content, InputFormat::Text);
    doc.no_clean = true;
    let c = clean(&doc).unwrap();
    assert_eq!(c.text, content);
    assert_eq!(c.title, None);
    assert!(c.removed.is_empty());
    let paras: Vec<&str> = c.paragraphs.iter().map(|p| p.slice(&c.text)).collect();
    assert_eq!(
        paras,
        ["Title line", "First para  \nstill first.", "Leave a Reply"]
    );
}

#[test]
fn url_dates_become_candidates_for_text_docs() {
    let mut doc = fixture("teasers_no_title.txt");
    doc.url = Some("https://news.example/city/2023/09/14/night-buses".into());
    let c = clean(&doc).unwrap();
    assert_eq!(c.date_candidates.len(), 1);
    assert_eq!(c.date_candidates[0].date.to_string(), "2023-09-14");
}

const PAGE: &str = r#"<!DOCTYPE html><html lang="en-GB"><head>
<title>Bridge opens after three years | The Valley Courier</title>
<meta property="og:title" content="Bridge opens after three years | The Valley Courier">
<meta property="og:site_name" content="The Valley Courier">
<meta name="author" content="By Petra Lund">
<meta property="article:published_time" content="2022-05-12T23:30:00-04:00">
<link rel="canonical" href="https://courier.example/news/2022/05/12/bridge-opens">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Bridge opens after three years","datePublished":"2022-05-12T23:30:00-04:00","author":[{"@type":"Person","name":"Petra Lund"},{"@type":"Person","name":"Minute Read"}],"publisher":{"@type":"Organization","name":"The Valley Courier"}}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Bridge opens after three years</h1>
<p>The new bridge over the Silver River opened to traffic on Thursday after three years of construction, the regional transport office said in a statement.</p>
<p>Officials said the crossing would cut travel times between the two halves of the town by up to twenty minutes during the morning rush.</p>
<blockquote><p>“This bridge connects people who have been neighbours for centuries but were separated by a river,” the mayor said at the opening ceremony.</p></blockquote>
<ul><li>Length: 420 metres across the main channel of the river</li><li>Cost: 38 million crowns, shared by the region and the town</li></ul>
<p>The old ferry service will continue to run on weekends until the end of the summer season, the operator said on Thursday evening.</p>
</article>
<footer>© 2022 The Valley Courier. All rights reserved. Contact us</footer>
</body></html>"#;

#[test]
fn html_page_body_and_metadata() {
    let mut doc = raw(PAGE, InputFormat::Html);
    doc.url = Some("https://courier.example/news/2022/05/12/bridge-opens?ref=home".into());
    let c = clean(&doc).unwrap();
    check_invariants(&doc, &c);
    assert_eq!(c.title.as_deref(), Some("Bridge opens after three years"));
    assert_eq!(c.site_name.as_deref(), Some("The Valley Courier"));
    assert_eq!(c.authors, vec!["Petra Lund".to_string()]);
    assert_eq!(c.language.as_deref(), Some("en"));
    assert_eq!(
        c.canonical_url.as_deref(),
        Some("https://courier.example/news/2022/05/12/bridge-opens")
    );
    assert!(c.text.starts_with("The new bridge over the Silver River"));
    assert!(c.text.contains("This bridge connects people"));
    assert!(c.text.contains("Length: 420 metres"));
    assert!(c.text.ends_with("Thursday evening."));
    assert!(!c.text.contains("Home"));
    // The local date of a date-time with an offset, from each metadata source, and the URL.
    let srcs: Vec<(String, String)> = c
        .date_candidates
        .iter()
        .map(|d| (d.date.to_string(), d.source.clone()))
        .collect();
    assert!(srcs.contains(&("2022-05-12".into(), "meta[article:published_time]".into())));
    assert!(srcs.contains(&("2022-05-12".into(), "json-ld[datePublished]".into())));
    assert!(srcs.contains(&("2022-05-12".into(), "url".into())));
    assert!(c
        .removed
        .iter()
        .any(|r| r.reason == "nav" && r.text.contains("Sport")));
    insta::assert_json_snapshot!("html_page", c);
}

#[test]
fn feed_fragments_keep_their_text() {
    let doc = raw(
        "<p>The council approved the budget on Monday.</p>",
        InputFormat::Html,
    );
    assert_eq!(
        clean(&doc).unwrap().text,
        "The council approved the budget on Monday."
    );
    let doc = raw(
        "Plain summary of the story, without any markup at all.",
        InputFormat::Html,
    );
    assert_eq!(
        clean(&doc).unwrap().text,
        "Plain summary of the story, without any markup at all."
    );
}

#[test]
fn truncated_html_without_a_body_is_no_text() {
    let doc = raw("<html><head><title>Only a title", InputFormat::Html);
    assert_eq!(clean(&doc), Err(CleanError::NoText));
    let doc = raw("   \n\n  ", InputFormat::Text);
    assert_eq!(clean(&doc), Err(CleanError::NoText));
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn arb_text() -> impl Strategy<Value = String> {
        let line = prop_oneof![
            "\\PC{0,80}",
            Just("Leave a Reply".to_string()),
            Just(
                "Read on X Pro Pro A Articles Pro B Articles Pro C Cases Pro D Articles"
                    .to_string()
            ),
            Just("Story about the «talks» — 会談 and Müller…".to_string()),
            Just("KESSGRAD, June 16 (Wire): Talks".to_string()),
            Just("By Ada Öberg · 7 December 2021 · 3 min read".to_string()),
            Just("12.03.2024 13:20 (updated: 13:45)".to_string()),
            Just("Опубликовано 13 марта 2024 в 10:15 МСК".to_string()),
            Just(".jpg” alt=”x” />".to_string()),
            Just("<p>para</p><nav>menu</nav>".to_string()),
        ];
        proptest::collection::vec(
            (
                line,
                prop_oneof![Just("\n"), Just("\n\n"), Just("\r\n"), Just(" ")],
            ),
            0..12,
        )
        .prop_map(|v| v.into_iter().map(|(l, s)| l + s).collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn clean_never_panics_and_spans_are_valid(s in arb_text(), html in any::<bool>(), verbatim in any::<bool>()) {
            let mut doc = raw(&s, if html { InputFormat::Html } else { InputFormat::Text });
            doc.no_clean = verbatim;
            if let Ok(c) = clean(&doc) {
                let n = doc.content.chars().count();
                for p in &c.paragraphs {
                    prop_assert!(c.text.get(p.start..p.end).is_some());
                }
                for r in &c.removed {
                    prop_assert!(r.raw_start <= r.raw_end && r.raw_end <= n);
                }
                if verbatim {
                    prop_assert_eq!(&c.text, &doc.content);
                }
            }
        }

        #[test]
        fn helpers_never_panic(s in "\\PC{0,120}") {
            let _ = newsline_clean::find_dateline(&s);
            let _ = newsline_clean::url_date(&s);
            let _ = newsline_clean::find_dateline(&format!("ÄBC, June 1 ({s}): x"));
        }
    }
}

#[test]
fn bylines_published_lines_and_share_bars_are_metadata_not_body() {
    let page = "Ferry strike ends after five days\n\nCourier North | Business | Published 3 March 2022, 09:15\n\nBy Ada Brenner and Tomas Ek, Transport Correspondent\n\nShare on Facebook  Share on X  Share by email  Print\n\nThe ferry workers' union agreed on Wednesday to end a five-day strike that had stranded thousands of travellers on the islands, after the operator raised its pay offer.\n\nUnion leaders said members would vote on the final deal next week.\n\nReporting by Ada Brenner; Editing by Jo Lind\n";
    let doc = raw(page, InputFormat::Text);
    let c = clean(&doc).unwrap();
    assert_eq!(
        c.title.as_deref(),
        Some("Ferry strike ends after five days")
    );
    assert_eq!(c.subtitle, None);
    assert_eq!(
        c.authors,
        vec!["Ada Brenner".to_string(), "Tomas Ek".to_string()]
    );
    assert_eq!(c.paragraphs.len(), 2);
    assert!(c.text.starts_with("The ferry workers' union"));
    let d = &c.date_candidates[0];
    assert_eq!(
        (d.date.to_string(), d.source.as_str(), d.upper_bound),
        ("2022-03-03".into(), "text[published]", false)
    );
    let reasons: Vec<&str> = c.removed.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(reasons, ["date-line", "byline", "share", "credits"]);
}

/// (date, source, upper_bound) of each candidate.
fn cands(c: &CleanDoc) -> Vec<(String, String, bool)> {
    c.date_candidates
        .iter()
        .map(|d| (d.date.to_string(), d.source.clone(), d.upper_bound))
        .collect()
}

fn removed_with(c: &CleanDoc, reason: &str) -> Vec<String> {
    c.removed
        .iter()
        .filter(|r| r.reason == reason)
        .map(|r| r.text.clone())
        .collect()
}

fn cand(date: &str, source: &str, upper: bool) -> (String, String, bool) {
    (date.to_string(), source.to_string(), upper)
}

#[test]
fn byline_date_lines_give_authors_dates_and_leave_the_dateline_in_the_body() {
    let doc = fixture("date_lines_byline.txt");
    let c = clean(&doc).unwrap();
    check_invariants(&doc, &c);
    assert_eq!(c.authors, ["Lena Morrow", "Piet Ander"]);
    assert_eq!(
        cands(&c),
        [
            cand("2022-10-04", "text[date-line]", false),
            cand("2022-10-05", "text[updated]", true),
            cand("2022-10-04", "text[published]", false),
        ]
    );
    assert_eq!(
        removed_with(&c, "byline"),
        ["By Lena Morrow and Piet Ander, Transport Correspondent · 4 October 2022 · 5 min read"]
    );
    assert_eq!(
        removed_with(&c, "date-line"),
        [
            "Updated Oct 5, 2022 8:10 p.m. ET",
            "First published 4 October 2022 · Last updated 5 October 2022"
        ]
    );
    // Removed offsets point at the removed line in the raw input.
    for r in &c.removed {
        if r.reason == "date-line" || r.reason == "byline" {
            assert_eq!(raw_slice(&doc, r.raw_start, r.raw_end), r.text);
        }
    }
    // The story sentence mentioning a date stays; the dateline is reported, not removed.
    assert!(c.text.contains("first offered on 28 September 2022"));
    assert!(c.text.contains("PORTLEIGH (Coastal Wire) — The operator"));
    assert!(!c.text.contains("5 min read"));
    let d = c.dateline.as_ref().unwrap();
    assert_eq!(
        (
            d.place.as_str(),
            d.date_text.as_deref(),
            d.agency.as_deref()
        ),
        ("PORTLEIGH", None, Some("Coastal Wire"))
    );
    insta::assert_json_snapshot!("date_lines_byline", c);
}

#[test]
fn dotted_european_date_line_is_removed_and_the_subtitle_kept() {
    let doc = fixture("date_line_dotted.txt");
    let c = clean(&doc).unwrap();
    check_invariants(&doc, &c);
    assert_eq!(
        c.subtitle.as_deref(),
        Some("The route will link the railway station with the container terminal by 2026")
    );
    assert_eq!(cands(&c), [cand("2023-11-08", "text[date-line]", false)]);
    assert_eq!(
        removed_with(&c, "date-line"),
        ["08.11.2023 14:30 (updated: 15:10)"]
    );
    let d = c.dateline.as_ref().unwrap();
    assert_eq!(
        (d.place.as_str(), d.date_text.as_deref()),
        ("Lindhaven", Some("8 November"))
    );
    insta::assert_json_snapshot!("date_line_dotted", c);
}

#[test]
fn russian_author_date_line() {
    let doc = fixture("date_line_russian.txt");
    let c = clean(&doc).unwrap();
    check_invariants(&doc, &c);
    assert_eq!(
        c.title.as_deref(),
        Some("В Линдхавене открылся новый морской вокзал")
    );
    assert_eq!(c.authors, ["Ирина Соколова"]);
    assert_eq!(cands(&c), [cand("2024-03-13", "text[date-line]", false)]);
    assert!(c.text.starts_with("ЛИНДХАВЕН, 13 марта — Новый"));
    assert!(c.text.contains("весной 2021 года"));
    let d = c.dateline.as_ref().unwrap();
    assert_eq!(
        (d.place.as_str(), d.date_text.as_deref()),
        ("ЛИНДХАВЕН", Some("13 марта"))
    );
    insta::assert_json_snapshot!("date_line_russian", c);
}

#[test]
fn page_without_headline_starting_with_date_lines() {
    let doc = fixture("posted_slash.txt");
    let c = clean(&doc).unwrap();
    check_invariants(&doc, &c);
    // A date line is never taken for the headline.
    assert_eq!(c.title, None);
    // 05/04/2022 is ambiguous: day-first, agreeing with the ISO date above it.
    assert_eq!(
        cands(&c),
        [
            cand("2022-04-05", "text[date-line]", false),
            cand("2022-04-05", "text[published]", false),
        ]
    );
    assert_eq!(removed_with(&c, "date-line").len(), 1);
    assert_eq!(
        removed_with(&c, "byline"),
        ["Posted on 05/04/2022 by Newsroom Staff"]
    );
    // A desk is not an author.
    assert!(c.authors.is_empty());
    assert!(c.text.starts_with("Fishermen in the northern bay"));
    assert!(c.text.contains("On 4 April 2022 the cooperative opened"));
    assert_eq!(c.paragraphs.len(), 3);
    insta::assert_json_snapshot!("posted_slash", c);
}

#[test]
fn date_line_formats_in_a_page_head() {
    // (line, date, source, byline author)
    let cases = [
        (
            "April 16, 2021 | 9:12 AM",
            "2021-04-16",
            "text[date-line]",
            None,
        ),
        (
            "Published: 16 June 2021, 21:47",
            "2021-06-16",
            "text[published]",
            None,
        ),
        (
            "By Maya Rook · 7 December 2021",
            "2021-12-07",
            "text[date-line]",
            Some("Maya Rook"),
        ),
        (
            "Published Jul 11, 2022 9:15 a.m. ET",
            "2022-07-11",
            "text[published]",
            None,
        ),
        (
            "Updated Jul 12, 2022 10:30 a.m. ET",
            "2022-07-12",
            "text[updated]",
            None,
        ),
        (
            "Wed 15 Mar 2023 17.30 GMT",
            "2023-03-15",
            "text[date-line]",
            None,
        ),
        ("19.04.2021 11:32", "2021-04-19", "text[date-line]", None),
        (
            "Author: Olga Brandt | 22 March 2022, 16:48",
            "2022-03-22",
            "text[date-line]",
            Some("Olga Brandt"),
        ),
        (
            "5 May 2023 · 09:14 · Politics",
            "2023-05-05",
            "text[date-line]",
            None,
        ),
        (
            "12.03.2024 13:20 (updated: 13:45)",
            "2024-03-12",
            "text[date-line]",
            None,
        ),
        (
            "Posted on 22/04/2022 by Editorial Team",
            "2022-04-22",
            "text[published]",
            None,
        ),
        (
            "Ostbay Ledger | 2023-11-09 08:15 | 3 min read",
            "2023-11-09",
            "text[date-line]",
            None,
        ),
        (
            "13 марта 2024, 10:15",
            "2024-03-13",
            "text[date-line]",
            None,
        ),
        (
            "Aktualisiert am 16. Juni 2021, 08:00 Uhr",
            "2021-06-16",
            "text[updated]",
            None,
        ),
        (
            "Publié le 3 février 2022 à 14h05",
            "2022-02-03",
            "text[published]",
            None,
        ),
    ];
    for (line, date, source, author) in cases {
        let page = format!(
            "Harbour cranes return to work after repairs\n\n{line}\n\nThe three cranes at the east quay were back in service on Monday after a month of repairs, the port authority said in a short statement.\n\nOfficials said the backlog of containers would be cleared by the end of the week.\n"
        );
        let c = clean(&raw(&page, InputFormat::Text)).unwrap();
        assert_eq!(
            c.title.as_deref(),
            Some("Harbour cranes return to work after repairs"),
            "{line}"
        );
        assert!(c.text.starts_with("The three cranes"), "{line}: {}", c.text);
        let d = c.date_candidates.first().expect(line);
        assert_eq!(
            (d.date.to_string().as_str(), d.source.as_str()),
            (date, source),
            "{line}"
        );
        assert_eq!(d.upper_bound, source == "text[updated]", "{line}");
        assert_eq!(c.authors.first().map(String::as_str), author, "{line}");
        let reason = if line.contains("By ") || line.contains("Author") || line.contains(" by ") {
            "byline"
        } else {
            "date-line"
        };
        assert_eq!(removed_with(&c, reason), [line], "{line}");
    }
}

#[test]
fn dates_in_story_lines_and_deep_bare_dates_stay_in_the_body() {
    let page = "Harbour cranes return to work after repairs\n\nOn 3 May 2021 the port authority ordered the repairs\n\nThe three cranes at the east quay were back in service on Monday after a month of repairs, the port authority said in a short statement.\n\nOne\n\nTwo\n\nThree\n\nFour\n\nFive\n\nSix\n\n— Port Authority (@portauthority) May 3, 2021\n\n10 May 2021 · Ports\n\nOfficials said the backlog of containers would be cleared by the end of the week.\n";
    let c = clean(&raw(page, InputFormat::Text)).unwrap();
    assert!(c
        .text
        .contains("On 3 May 2021 the port authority ordered the repairs"));
    assert!(c.text.contains("(@portauthority) May 3, 2021"));
    // A bare date line deep in the body is not page chrome.
    assert!(c.text.contains("10 May 2021 · Ports"));
    assert!(c.date_candidates.is_empty());
}

#[test]
fn whole_page_dump_keeps_the_article_and_drops_menus_teasers_and_comments() {
    let doc = fixture("page_dump.txt");
    let c = clean(&doc).unwrap();
    check_invariants(&doc, &c);
    let paras: Vec<&str> = c.paragraphs.iter().map(|p| p.slice(&c.text)).collect();
    assert_eq!(paras.len(), 6, "{paras:#?}");
    assert!(paras[0].starts_with("The ferry between Port Avel"));
    assert!(paras[2].starts_with("“We had to rebuild"));
    // The story's last short sentence stays.
    assert_eq!(paras[5], "Timetables stay as they were.");
    for gone in [
        "Subscribe",
        "Most Read",
        "Bakery on Mill Street",
        "library will stay open",
        "cycle lane",
        "My mother",
        "Four hundred thousand for a ramp",
        "All rights reserved",
    ] {
        assert!(!c.text.contains(gone), "{gone} kept");
    }
    // Every dropped line is accounted for, with its offsets in the raw text.
    for r in &c.removed {
        assert_eq!(raw_slice(&doc, r.raw_start, r.raw_end), r.text);
    }
    assert!(c
        .removed
        .iter()
        .any(|r| r.reason == "boilerplate-block" && r.text.contains("cycle lane")));
}
