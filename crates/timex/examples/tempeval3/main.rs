//! Scores `newsline_timex::tag` on the TempEval-3 training data, TimeBank and AQUAINT apart.
//!
//! `cargo run --release -p newsline-timex --example tempeval3 -- [DIR] [--repeat N]
//! [--dump-json FILE]`
//!
//! DIR defaults to `$NEWSLINE_BENCH/tempeval3` (`../shared/bench` relative to the workspace
//! root). Each document's `<TEXT>` is stripped of inline tags and tagged with its DCT as the
//! publication date. Speed is measured on one thread; with `--repeat N` the best of N
//! timed passes is reported. `--dump-json FILE` writes, per document, the stripped text,
//! DCT, gold and our mentions (JSON Lines, offsets in code points) for
//! `bench/tempeval3_compare.py`. Set `TE3_DUMP=1` to print every error to stderr.

#[allow(dead_code)]
mod eval;

use std::io::Write;
use std::path::PathBuf;

fn char_off(text: &str, b: usize) -> usize {
    text.get(..b).map_or(0, |s| s.chars().count())
}

fn main() {
    let mut dir: Option<PathBuf> = None;
    let mut repeat = 1usize;
    let mut dump_json: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--repeat" => repeat = args.next().and_then(|n| n.parse().ok()).unwrap_or(1).max(1),
            "--dump-json" => dump_json = args.next().map(PathBuf::from),
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let dir = dir.unwrap_or_else(|| {
        std::env::var_os("NEWSLINE_BENCH")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench")
            })
            .join("tempeval3")
    });
    if !dir.exists() {
        println!(
            "SKIPPED: TempEval-3 data not found at {}; nothing to do.",
            dir.display()
        );
        return;
    }
    let dump = std::env::var_os("TE3_DUMP").is_some();
    let mut json = dump_json.and_then(|p| match std::fs::File::create(&p) {
        Ok(f) => Some(std::io::BufWriter::new(f)),
        Err(e) => {
            eprintln!("cannot write {}: {e}", p.display());
            None
        }
    });
    let _ = newsline_timex::tag("on May 5, 2001", &newsline_model::Published::unknown());
    let corpora = eval::corpora(&dir);
    if corpora.is_empty() {
        println!("no .tml files under {}; nothing to do.", dir.display());
    }
    for (name, d) in corpora {
        let docs = eval::load(&d);
        if docs.is_empty() {
            continue;
        }
        let (outs, mut secs) = eval::run(&docs);
        for _ in 1..repeat {
            secs = secs.min(eval::run(&docs).1);
        }
        let mut sc = eval::score(&docs, &outs, dump);
        sc.seconds = secs;
        print!("{}", eval::report(&name, &sc));
        if let Some(w) = json.as_mut() {
            for (doc, sys) in docs.iter().zip(&outs) {
                let t = &doc.text;
                let gold: Vec<_> = doc
                    .gold
                    .iter()
                    .map(|g| {
                        serde_json::json!([
                            char_off(t, g.start),
                            char_off(t, g.end),
                            g.ttype,
                            g.value
                        ])
                    })
                    .collect();
                let ours: Vec<_> = sys
                    .iter()
                    .map(|m| {
                        serde_json::json!([
                            char_off(t, m.start),
                            char_off(t, m.end),
                            m.ttype,
                            m.value
                        ])
                    })
                    .collect();
                let line = serde_json::json!({
                    "corpus": name, "name": doc.name, "dct": doc.dct, "text": t,
                    "gold": gold, "sys": ours,
                });
                let _ = writeln!(w, "{line}");
            }
        }
    }
}
