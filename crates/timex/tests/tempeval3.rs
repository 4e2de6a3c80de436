//! Floor on TempEval-3 relaxed F1 (skipped when the benchmark data is absent).

#[path = "../examples/tempeval3/eval.rs"]
#[allow(dead_code)]
mod eval;

use std::path::PathBuf;

#[test]
fn tempeval3_relaxed_f1_floor() {
    let bench = std::env::var_os("NEWSLINE_BENCH")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench"));
    let dir = bench.join("tempeval3");
    if !dir.exists() {
        assert!(
            std::env::var_os("NEWSLINE_REQUIRE_SHARED").is_none(),
            "TempEval-3 data is required (NEWSLINE_REQUIRE_SHARED) but absent at {}",
            dir.display()
        );
        println!("SKIPPED: TempEval-3 data not found at {}", dir.display());
        return;
    }
    let Some(sc) = eval::evaluate(&dir, false) else {
        println!("no .tml files under {}; skipping.", dir.display());
        return;
    };
    println!("{}", eval::report(&sc));
    let (f1, _, _) = sc.relaxed();
    // Measured 0.924 relaxed F1 and 0.835 value accuracy on the TBAQ training data.
    assert!(f1 >= 0.87, "relaxed F1 {f1:.3} below floor");
    assert!(
        sc.value_accuracy() >= 0.78,
        "value accuracy {:.3} below floor",
        sc.value_accuracy()
    );
}
