//! Opens a data directory's search index for writing and commits, which
//! merges its smaller segments when there are too many (as every ingest
//! now does). For indexes written before that.
//!
//! Usage: cargo run --release -p newsline-index --example compact -- DATA_DIR

use newsline_index::SearchIndex;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: compact DATA_DIR");
        std::process::exit(2);
    };
    let segments = |d: &std::path::Path| {
        std::fs::read_dir(d.join("index"))
            .map(|r| {
                r.filter_map(|e| e.ok())
                    .filter(|e| e.path().extension().is_some_and(|x| x == "idx"))
                    .count()
            })
            .unwrap_or(0)
    };
    let dir = std::path::PathBuf::from(dir);
    let before = segments(&dir);
    let start = std::time::Instant::now();
    let mut ix = SearchIndex::open(&dir)?;
    ix.commit()?;
    drop(ix);
    println!(
        "segments {before} -> {} in {:.1} s",
        segments(&dir),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
