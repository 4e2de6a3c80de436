//! Snapshot tests of `newsline analyze` on example-corpus fixtures. The
//! snapshots show each annotation as the text its span points at, so a
//! reviewer can check spans and values at a glance.

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};

fn analyze(rel: &str) -> Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let o = Command::new(env!("CARGO_BIN_EXE_newsline"))
        .current_dir(&root)
        .args(["analyze", rel])
        .output()
        .expect("run newsline");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let line = String::from_utf8(o.stdout).unwrap();
    serde_json::from_str(line.lines().next().expect("one record")).unwrap()
}

/// Text under a code-point span.
fn at(text: &[char], s: &Value) -> String {
    let a = s["start"].as_u64().unwrap() as usize;
    let b = s["end"].as_u64().unwrap() as usize;
    text[a..b].iter().collect()
}

fn condensed(r: &Value) -> Value {
    let text: Vec<char> = r["text"].as_str().unwrap().chars().collect();
    let opt = |s: &Value| {
        if s.is_object() {
            json!(at(&text, s))
        } else {
            Value::Null
        }
    };
    json!({
        "title": r["title"],
        "published": r["published"],
        "dateline": r["dateline"],
        "language": r["language"],
        "authors": r["authors"],
        "paragraphs": r["paragraphs"].as_array().unwrap().len(),
        "removed": r["removed"].as_array().unwrap().iter()
            .map(|x| json!([x["reason"], x["text"]])).collect::<Vec<_>>(),
        "entities": r["entities"].as_array().unwrap().iter().map(|e| json!({
            "id": e["id"], "type": e["type"], "roles": e["roles"],
            "mentions": e["mentions"].as_array().unwrap().iter()
                .map(|m| format!("{} ({})", at(&text, m), m["kind"].as_str().unwrap())).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "quotes": r["quotes"].as_array().unwrap().iter().map(|q| json!({
            "kind": q["kind"], "speaker": q["speaker"], "speaker_mention": opt(&q["speaker_span"]),
            "cue": opt(&q["cue_span"]), "content": at(&text, q), "outlet": q["outlet"],
            "date": q["date"], "date_origin": q["date_origin"],
        })).collect::<Vec<_>>(),
        "times": r["times"].as_array().unwrap().iter()
            .map(|t| format!("{} => {} {} ({}{})", at(&text, t), t["type"].as_str().unwrap(), t["value"].as_str().unwrap(),
                t["precision"].as_str().unwrap(), if t["resolved"].as_bool().unwrap() { "" } else { ", unresolved" }))
            .collect::<Vec<_>>(),
        "events": r["events"].as_array().unwrap().iter().map(|e| json!({
            "type": e["type"], "trigger": e["trigger"], "date": e["date"], "status": e["status"],
            "participants": e["participants"],
        })).collect::<Vec<_>>(),
    })
}

#[test]
fn snapshot_text_page_with_broken_quote_marks_and_promo_blocks() {
    let r = analyze("examples/corpus/2022-05-18-kessgrad-daily-no-contacts.txt");
    insta::assert_json_snapshot!(condensed(&r));
}

#[test]
fn snapshot_undated_page_with_a_dateline() {
    let r = analyze("examples/corpus/dateline-kessgrad-dialogue.txt");
    insta::assert_json_snapshot!(condensed(&r));
}

#[test]
fn snapshot_windows_1252_html_page() {
    let r = analyze("examples/corpus/2022-03-01-harbour-post-sanctions.html");
    insta::assert_json_snapshot!(condensed(&r));
}

#[test]
fn snapshot_page_without_headline_and_shared_surnames() {
    let r = analyze("examples/corpus/2023-10-02-eastline-neither-confirm-nor-deny.txt");
    insta::assert_json_snapshot!(condensed(&r));
}
