//! Prints the quotes found in a text file: `cargo run -p newsline-quotes --example dump -- FILE`.
use newsline_model::{Published, Span};

fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split('\n') {
        let start = pos;
        pos += line.len() + 1;
        let t = line.trim_end();
        if !t.trim().is_empty() {
            out.push(Span::new(start, start + t.len()));
        }
    }
    out
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump FILE");
        return;
    };
    let text = read_text(path);
    let paras = paragraphs(&text);
    let ents = newsline_entities::analyze(&text, &paras, None);
    let qs = newsline_quotes::extract(&text, &paras, &ents, &[], &Published::unknown());
    for q in qs {
        println!(
            "{:?} [{}] cue={:?} spk={:?} ({:?}) outlet={:?} conf={}\n    {}",
            q.kind,
            q.speaker_name.as_deref().unwrap_or("-"),
            q.cue_span.map(|s| s.slice(&text).to_string()),
            q.speaker_span.map(|s| s.slice(&text).to_string()),
            q.speaker,
            q.outlet,
            q.confidence,
            q.content.slice(&text)
        );
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
