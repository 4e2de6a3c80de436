//! Reads inputs with newsline-ingest and prints a one-line summary of each cleaned article:
//! `cargo run -p newsline-clean --example corpus -- examples/corpus`
use newsline_ingest::{read_inputs, ReadOptions};

fn main() {
    let inputs: Vec<String> = std::env::args().skip(1).collect();
    for r in read_inputs(&inputs, &ReadOptions::default()) {
        let doc = match r {
            Ok(d) => d,
            Err(e) => {
                println!("ERROR {e}");
                continue;
            }
        };
        let name = format!(
            "{}{}",
            doc.source,
            doc.record
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default()
        );
        match newsline_clean::clean(&doc) {
            Ok(c) => {
                let reasons: Vec<&str> = c.removed.iter().map(|r| r.reason.as_str()).collect();
                println!(
                    "{name} [{}]\n  title: {:?}\n  authors: {:?} site: {:?} lang: {:?} dateline: {:?}\n  dates: {:?}\n  paragraphs: {} first: {:?}\n  removed: {:?}",
                    doc.charset,
                    c.title,
                    c.authors,
                    c.site_name,
                    c.language,
                    c.dateline.as_ref().map(|d| &d.place),
                    c.date_candidates.iter().map(|d| format!("{} {}", d.date, d.source)).collect::<Vec<_>>(),
                    c.paragraphs.len(),
                    c.paragraphs.first().map(|p| p.slice(&c.text).chars().take(80).collect::<String>()),
                    reasons
                );
            }
            Err(e) => println!("{name}: {e}"),
        }
    }
}
