//! Floor on publication-date inference over Timeline17 with the true dates hidden
//! (skipped when the benchmark data is absent).

#[path = "../examples/pubdate/eval.rs"]
#[allow(dead_code)]
mod eval;

use std::path::PathBuf;

#[test]
fn timeline17_inference_floor() {
    let bench = std::env::var_os("NEWSLINE_BENCH")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench"));
    let dir = bench.join("t17");
    if !dir.exists() {
        assert!(
            std::env::var_os("NEWSLINE_REQUIRE_SHARED").is_none(),
            "Timeline17 data is required (NEWSLINE_REQUIRE_SHARED) but absent at {}",
            dir.display()
        );
        println!("SKIPPED: Timeline17 data not found at {}", dir.display());
        return;
    }
    let Some(s) = eval::t17(&dir, false) else {
        println!("no articles.json under {}; skipping.", dir.display());
        return;
    };
    println!("{}", eval::report("Timeline17", &s));
    // Measured: exact day 28.4%, same year 33.5%, wrong (year and range) 1.8%.
    assert!(s.rate(s.exact_day) >= 0.25, "exact day below floor");
    assert!(s.rate(s.same_year) >= 0.30, "same year below floor");
    // Confident wrong answers are worse than unknown ones.
    assert!(s.rate(s.wrong) <= 0.04, "too many wrong dates");
}
