//! PolNeAR dev floor: skipped when the corpus is absent.

#[allow(dead_code)]
mod common {
    pub mod polnear;
}

/// Joint (content and source) F1 on dev speech attributions, issue 6
/// scoring, measured when this floor was set (0.718), minus 0.05.
const FLOOR: f64 = 0.718 - 0.05;

#[test]
fn polnear_dev_joint_f1_floor() {
    let bench = std::env::var_os("NEWSLINE_BENCH")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench")
        });
    let root = bench.join("polnear");
    let Some(dev) = common::polnear::dev_dir(&root) else {
        assert!(
            std::env::var_os("NEWSLINE_REQUIRE_SHARED").is_none(),
            "PolNeAR is required (NEWSLINE_REQUIRE_SHARED) but absent at {}",
            root.display()
        );
        eprintln!("SKIPPED: PolNeAR not found at {}", root.display());
        return;
    };
    let s = common::polnear::evaluate(&dev);
    let (_, _, f) = s.joint_prf();
    assert!(s.docs > 50, "too few documents evaluated: {}", s.docs);
    assert!(
        f >= FLOOR,
        "joint F1 {f:.3} fell below the floor {FLOOR:.3}"
    );
}
