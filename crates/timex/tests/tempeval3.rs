//! Floors on TempEval-3 span and value F1, per corpus (skipped when the data is absent).

#[path = "../examples/tempeval3/eval.rs"]
#[allow(dead_code)]
mod eval;

use std::path::PathBuf;

#[test]
fn tempeval3_floors() {
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
    let corpora = eval::corpora(&dir);
    assert!(!corpora.is_empty(), "no corpora under {}", dir.display());
    for (name, d) in corpora {
        let Some(sc) = eval::evaluate(&d, false) else {
            panic!("no .tml files under {}", d.display());
        };
        println!("{}", eval::report(&name, &sc));
        let (rf, _, _) = sc.relaxed();
        let (sf, _, _) = sc.strict();
        let (vf, _, _) = sc.value();
        // Measured 2026-11-25 (relaxed / strict / value): TimeBank 0.938 / 0.883 / 0.818,
        // AQUAINT 0.929 / 0.835 / 0.754.
        assert!(rf >= 0.91, "{name}: relaxed F1 {rf:.3} below floor");
        assert!(sf >= 0.82, "{name}: strict F1 {sf:.3} below floor");
        assert!(vf >= 0.74, "{name}: value F1 {vf:.3} below floor");
    }
}
