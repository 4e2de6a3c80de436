use std::io::Write;

use newsline_ingest::{read_bytes, read_inputs, FieldMap, FormatHint, ReadOptions};
use newsline_model::InputFormat;

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn path(dir: &std::path::Path, name: &str) -> String {
    dir.join(name).to_string_lossy().into_owned()
}

#[test]
fn directories_are_walked_sorted_skipping_hidden_and_errors_do_not_stop_reading() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("sub")).unwrap();
    std::fs::create_dir(d.join(".git")).unwrap();
    std::fs::write(d.join("b.txt"), "Headline\n\nBody text here.").unwrap();
    std::fs::write(d.join("a.html"), "<html><body><p>Hello</p></body></html>").unwrap();
    std::fs::write(d.join(".hidden.txt"), "secret").unwrap();
    std::fs::write(d.join(".git/x.txt"), "secret").unwrap();
    std::fs::write(d.join("sub/c.txt"), "").unwrap();
    std::fs::write(d.join("sub/d.txt"), b"\x00\x01\x02binary\x00").unwrap();
    std::fs::write(d.join("sub/e.txt.gz"), gz(b"Compressed story.")).unwrap();
    let inputs = vec![d.to_string_lossy().into_owned(), path(d, "missing.txt")];
    let out: Vec<_> = read_inputs(&inputs, &ReadOptions::default()).collect();
    assert_eq!(out.len(), 6);
    let a = out[0].as_ref().unwrap();
    assert_eq!(a.source, path(d, "a.html"));
    assert_eq!(a.format, InputFormat::Html);
    let b = out[1].as_ref().unwrap();
    assert_eq!(
        (b.format, b.content.as_str()),
        (InputFormat::Text, "Headline\n\nBody text here.")
    );
    assert_eq!(b.record, None);
    let c = out[2].as_ref().unwrap_err();
    assert_eq!(
        c.to_string(),
        format!("{}: empty file", path(d, "sub/c.txt"))
    );
    let e = out[3].as_ref().unwrap_err();
    assert_eq!(e.message(), "binary content, not text");
    let e = out[4].as_ref().unwrap();
    assert_eq!(
        (e.content.as_str(), e.raw.as_slice()),
        ("Compressed story.", &b"Compressed story."[..])
    );
    let missing = out[5].as_ref().unwrap_err();
    assert_eq!(missing.source(), path(d, "missing.txt"));
    assert!(missing.message().contains("No such file"), "{missing}");
}

#[test]
fn jsonl_bad_lines_are_errors_naming_the_line_and_the_rest_goes_on() {
    let data = concat!(
        "{\"id\": \"a1\", \"text\": \"First story.\", \"url\": \"https://x.example/1\", \"published\": \"2021-06-16\"}\n",
        "{not json\n",
        "\n",
        "{\"id\": 7, \"html\": \"<p>Second</p>\", \"title\": \"T\"}\n",
        "{\"id\": \"x\"}\n",
        "{\"id\": \"b\", \"body\": \"Mapped body.\", \"headline\": \"H\"}\n",
    );
    let opts = ReadOptions {
        published: Some("2020-01-01".into()),
        ..ReadOptions::default()
    };
    let out: Vec<_> = read_bytes("in.jsonl", data.as_bytes().to_vec(), &opts).collect();
    assert_eq!(out.len(), 5);
    let a = out[0].as_ref().unwrap();
    assert_eq!(a.record.as_deref(), Some("line 1"));
    assert_eq!(a.record_id.as_deref(), Some("a1"));
    assert_eq!(a.published.as_deref(), Some("2021-06-16"));
    assert_eq!(a.url.as_deref(), Some("https://x.example/1"));
    let bad = out[1].as_ref().unwrap_err();
    assert!(
        bad.to_string()
            .starts_with("in.jsonl (line 2): invalid JSON"),
        "{bad}"
    );
    let s = out[2].as_ref().unwrap();
    assert_eq!(
        (s.format, s.record.as_deref()),
        (InputFormat::Html, Some("line 4"))
    );
    assert_eq!(s.record_id.as_deref(), Some("7"));
    assert_eq!(s.published.as_deref(), Some("2020-01-01"));
    assert!(out[3]
        .as_ref()
        .unwrap_err()
        .message()
        .contains("no `text` or `html`"));
    assert!(out[4].is_err());

    let fields = FieldMap::parse(["body=text", "headline=title"]).unwrap();
    let opts = ReadOptions {
        fields,
        ..ReadOptions::default()
    };
    let out: Vec<_> = read_bytes("in.jsonl", data.as_bytes().to_vec(), &opts).collect();
    let m = out.last().unwrap().as_ref().unwrap();
    assert_eq!(
        (m.content.as_str(), m.title.as_deref()),
        ("Mapped body.", Some("H"))
    );
    assert!(FieldMap::parse(["foo=bar"]).is_err());
    let mut f = FieldMap::default();
    f.insert("text", "body").unwrap();
    f.insert("title", "headline").unwrap();
    assert_eq!(f, FieldMap::parse(["body=text", "headline=title"]).unwrap());
    assert!(f.insert("body", "text").is_err());
}

#[test]
fn compression_bombs_and_oversized_records_are_errors() {
    let bomb = gz(&vec![b'a'; 200_000]);
    let opts = ReadOptions {
        max_record_bytes: 10_000,
        ..ReadOptions::default()
    };
    let out: Vec<_> = read_bytes("big.txt.gz", bomb, &opts).collect();
    assert!(out[0]
        .as_ref()
        .unwrap_err()
        .message()
        .contains("compression bomb"));
    let line = format!(
        "{{\"text\": \"{}\"}}\n{{\"text\": \"ok\"}}\n",
        "x".repeat(20_000)
    );
    let out: Vec<_> = read_bytes("a.jsonl", line.into_bytes(), &opts).collect();
    assert!(out[0]
        .as_ref()
        .unwrap_err()
        .message()
        .contains("exceeds the limit"));
    assert_eq!(out[1].as_ref().unwrap().content, "ok");
    let z = zstd::encode_all(&b"{\"text\": \"zstd story\"}\n"[..], 3).unwrap();
    let out: Vec<_> = read_bytes("a.jsonl.zst", z, &ReadOptions::default()).collect();
    assert_eq!(out[0].as_ref().unwrap().content, "zstd story");
}

fn warc_record(kind: &str, id: &str, uri: &str, http: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2021-06-17T08:00:00Z\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    r.extend_from_slice(http);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

#[test]
fn warc_gz_response_records_become_html_docs_with_http_charset() {
    let (body, _, _) = encoding_rs::WINDOWS_1251
        .encode("<html><body><p>Привет, мир! Новости дня.</p></body></html>");
    let mut http =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1251\r\n\r\n".to_vec();
    http.extend_from_slice(&body);
    let mut file = gz(&warc_record(
        "request",
        "1",
        "https://n.example/a",
        b"GET / HTTP/1.1\r\n\r\n",
    ));
    file.extend(gz(&warc_record(
        "response",
        "2",
        "https://n.example/2021/06/16/a",
        &http,
    )));
    file.extend(gz(&warc_record(
        "response",
        "3",
        "https://n.example/img.png",
        b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
    )));
    let out: Vec<_> = read_bytes("crawl.warc.gz", file, &ReadOptions::default()).collect();
    assert_eq!(out.len(), 1, "{out:?}");
    let d = out[0].as_ref().unwrap();
    assert_eq!(d.charset, "windows-1251");
    assert!(d.content.contains("Привет, мир!"));
    assert_eq!(d.url.as_deref(), Some("https://n.example/2021/06/16/a"));
    assert_eq!(d.crawl_date.as_deref(), Some("2021-06-17T08:00:00Z"));
    assert_eq!(d.record.as_deref(), Some("record <urn:uuid:2>"));
    assert_eq!(d.format, InputFormat::Html);
}

#[test]
fn rss_and_atom_items_become_docs() {
    let rss = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Feed</title>
<item><title>First &amp; best</title><link>https://f.example/1</link><guid>g-1</guid>
<pubDate>Wed, 16 Jun 2021 10:00:00 +0200</pubDate><description>Short</description>
<content:encoded><![CDATA[<p>Full story text.</p>]]></content:encoded></item>
<item><title>No body</title></item>
<item><title>Second</title><description>&lt;p&gt;Escaped html&lt;/p&gt;</description></item>
</channel></rss>"#;
    let out: Vec<_> =
        read_bytes("feed.xml", rss.as_bytes().to_vec(), &ReadOptions::default()).collect();
    assert_eq!(out.len(), 3);
    let a = out[0].as_ref().unwrap();
    assert_eq!(a.title.as_deref(), Some("First & best"));
    assert_eq!(a.content, "<p>Full story text.</p>");
    assert_eq!(a.record_id.as_deref(), Some("g-1"));
    assert_eq!(a.record.as_deref(), Some("item 1"));
    assert_eq!(a.published.as_deref(), Some("2021-06-16T10:00:00+02:00"));
    assert_eq!(out[1].as_ref().unwrap_err().record(), Some("item 2"));
    assert_eq!(out[2].as_ref().unwrap().content, "<p>Escaped html</p>");

    let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>A</title>
<link rel="alternate" href="https://f.example/a"/><id>urn:a</id><updated>2021-06-16T10:00:00Z</updated>
<summary>Summary text</summary></entry></feed>"#;
    let out: Vec<_> = read_bytes("-", atom.as_bytes().to_vec(), &ReadOptions::default()).collect();
    let a = out[0].as_ref().unwrap();
    assert_eq!(a.url.as_deref(), Some("https://f.example/a"));
    assert_eq!(a.content, "Summary text");
}

#[test]
fn stdin_like_input_is_sniffed() {
    let o = ReadOptions::default();
    let d = read_bytes("-", b"<!DOCTYPE html><p>x</p>".to_vec(), &o)
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(d.format, InputFormat::Html);
    let d = read_bytes("-", b"{\"text\": \"j\"}\n".to_vec(), &o)
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(d.record.as_deref(), Some("line 1"));
    let d = read_bytes("-", b"Plain words.".to_vec(), &o)
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(d.format, InputFormat::Text);
    let forced = ReadOptions {
        input_format: Some(FormatHint::Text),
        ..o
    };
    let d = read_bytes("x.html", b"<p>x</p>".to_vec(), &forced)
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(d.format, InputFormat::Text);
    assert_eq!("warc".parse::<FormatHint>(), Ok(FormatHint::Warc));
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn arbitrary_input_never_panics(s in "\\PC*", bytes in proptest::collection::vec(any::<u8>(), 0..300), k in 0usize..6) {
            let names = ["a.txt", "a.html", "a.jsonl", "a.warc", "a.xml", "-"];
            let name = names[k];
            for input in [s.as_bytes().to_vec(), bytes.clone(), gz(&bytes)] {
                for r in read_bytes(name, input, &ReadOptions::default()).take(50) {
                    match r {
                        Ok(d) => prop_assert!(!d.content.contains('\0') || k == 2 || k == 4),
                        Err(e) => prop_assert!(e.to_string().starts_with(name)),
                    }
                }
            }
        }
    }
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_walked_once_and_empty_gz_is_an_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("a")).unwrap();
    std::fs::write(d.join("a/x.txt"), "Story.").unwrap();
    std::os::unix::fs::symlink(d, d.join("a/loop")).unwrap();
    std::fs::write(d.join("b.txt.gz"), b"").unwrap();
    let out: Vec<_> =
        read_inputs(&[d.to_string_lossy().into_owned()], &ReadOptions::default()).collect();
    assert_eq!(out.len(), 2, "{out:?}");
    assert_eq!(out[0].as_ref().unwrap().content, "Story.");
    assert_eq!(out[1].as_ref().unwrap_err().message(), "empty file");
}
