//! Scores `newsline_timex::tag` on TempEval-3 TimeML files.
//!
//! `cargo run --release -p newsline-timex --example tempeval3 -- [DIR]`
//! (default: `../shared/bench/tempeval3` relative to the workspace root).
//! Set `TE3_DUMP=1` to print misses, false alarms and wrong values to stderr.

mod eval;

use std::path::PathBuf;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/tempeval3")
        });
    if !dir.exists() {
        println!(
            "TempEval-3 data not found at {}; nothing to do.",
            dir.display()
        );
        return;
    }
    let dump = std::env::var_os("TE3_DUMP").is_some();
    match eval::evaluate(&dir, dump) {
        Some(sc) => print!("{}", eval::report(&sc)),
        None => println!("no .tml files under {}; nothing to do.", dir.display()),
    }
}
