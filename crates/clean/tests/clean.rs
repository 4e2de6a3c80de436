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
    assert_eq!(reasons, ["published-line", "byline", "share", "credits"]);
}
