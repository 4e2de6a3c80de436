//! Indexes plain-text files (first line = title, file name = id) into a
//! temporary index and runs one query against them.
//!
//! `cargo run -p newsline-index --example search_files -- "query" FILE...`

use std::time::Instant;

use newsline_index::{SearchIndex, SearchQuery};
use newsline_model::{ArticleRecord, Published, Span, SCHEMA_VERSION};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let query = args.next().ok_or("usage: search_files QUERY FILE...")?;
    let dir = std::env::temp_dir().join(format!("newsline-index-example-{}", std::process::id()));
    let mut idx = SearchIndex::open(&dir)?;
    let start = Instant::now();
    let mut n = 0;
    for path in args {
        let content = String::from_utf8_lossy(&std::fs::read(&path)?).into_owned();
        let (title, text) = content.split_once('\n').unwrap_or(("", &content));
        let id = std::path::Path::new(&path)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let date = id
            .get(..10)
            .filter(|d| d.bytes().filter(|b| *b == b'-').count() == 2);
        let rec = ArticleRecord {
            schema_version: SCHEMA_VERSION,
            id: id.clone(),
            source: path.clone(),
            record: None,
            url: None,
            title: Some(title.trim().to_string()),
            subtitle: None,
            authors: vec![],
            site_name: None,
            published: Published {
                value: date.map(str::to_string),
                ..Published::unknown()
            },
            dateline: None,
            language: "en".into(),
            text: text.trim().to_string(),
            paragraphs: vec![Span::new(0, text.trim().len())],
            removed: vec![],
            entities: vec![],
            quotes: vec![],
            times: vec![],
            events: vec![],
        };
        idx.upsert(&rec)?;
        n += 1;
    }
    idx.commit()?;
    eprintln!("indexed {n} files in {:?}", start.elapsed());
    let start = Instant::now();
    let r = idx.search(&SearchQuery::text(&query))?;
    eprintln!("search took {:?}", start.elapsed());
    println!("total {}", r.total);
    for h in &r.hits {
        println!(
            "{:>6.2} {} {:?} {:?}\n       {}",
            h.score, h.id, h.published, h.title, h.snippet
        );
    }
    println!("years {:?}", r.facets.years);
    drop(idx);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
