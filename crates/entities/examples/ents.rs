//! Prints the entities found in a text file: `cargo run -p newsline-entities --example dump -- FILE [DATE]`.
use newsline_model::Span;

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
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: dump FILE [DATE]");
        return;
    };
    let text = read_text(path);
    let a = newsline_entities::analyze(&text, &paragraphs(&text), args.get(2).map(String::as_str));
    for e in a.entities() {
        let ms: Vec<String> = e
            .mentions
            .iter()
            .map(|m| format!("{}[{:?}]", m.span.slice(&text), m.kind))
            .collect();
        let roles: Vec<&str> = e.roles.iter().map(|r| r.title.as_str()).collect();
        println!(
            "{} | {} | roles {:?} | {}",
            e.id,
            e.name,
            roles,
            ms.join(", ")
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
