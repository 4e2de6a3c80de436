//! Snapshot tests of the tagger on invented fixture articles.

use chrono::NaiveDate;
use newsline_model::{DateOrigin, Published, TimeMention};
use serde_json::{json, Value};

fn fixture(name: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    String::from_utf8(std::fs::read(p).expect("fixture")).expect("utf-8 fixture")
}

fn render(text: &str, ms: &[TimeMention]) -> Value {
    Value::Array(
        ms.iter()
            .map(|m| {
                json!({
                    "text": m.span.slice(text),
                    "type": m.ttype,
                    "value": m.value,
                    "precision": m.precision,
                    "resolved": m.resolved,
                    "anchor": m.anchor,
                })
            })
            .collect(),
    )
}

fn day(y: i32, m: u32, d: u32) -> Published {
    Published::day(
        NaiveDate::from_ymd_opt(y, m, d).expect("date"),
        DateOrigin::Given,
    )
}

#[test]
fn harbour_talks() {
    let text = fixture("harbour_talks.txt");
    // 2022-06-16 is a Thursday.
    let ms = newsline_timex::tag(&text, &day(2022, 6, 16));
    insta::assert_json_snapshot!("harbour_talks", render(&text, &ms));
}

#[test]
fn quarterly_report() {
    let text = fixture("quarterly_report.txt");
    let ms = newsline_timex::tag(&text, &day(2021, 10, 27));
    insta::assert_json_snapshot!("quarterly_report", render(&text, &ms));
}

#[test]
fn undated_brief_without_publication_date() {
    let text = fixture("undated_brief.txt");
    let ms = newsline_timex::tag(&text, &Published::unknown());
    insta::assert_json_snapshot!("undated_brief", render(&text, &ms));
}
