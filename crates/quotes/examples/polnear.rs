//! PolNeAR dev evaluation: `cargo run --release -p newsline-quotes --example polnear -- [DIR]`
//! (default `../shared/bench/polnear` from the repository root).

#[path = "../tests/common/polnear.rs"]
#[allow(dead_code)]
mod polnear;

fn main() {
    let root = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/bench/polnear".to_string());
    let Some(dev) = polnear::dev_dir(std::path::Path::new(&root)) else {
        println!("PolNeAR not found at {root}: skipping");
        return;
    };
    let s = polnear::evaluate(&dev);
    let (ep, er, ef) = s.exact_prf();
    let (op, or, of) = s.overlap_prf();
    println!(
        "docs {}  gold attributions {}  predicted {}",
        s.docs, s.gold, s.pred
    );
    println!("content exact      P {ep:.3}  R {er:.3}  F1 {ef:.3}");
    println!("content overlap50  P {op:.3}  R {or:.3}  F1 {of:.3}");
    let m = s.overlap_gold.max(1) as f64;
    println!("cue accuracy on matched     {:.3}", s.cue_ok as f64 / m);
    println!(
        "source accuracy on matched  {:.3} ({} with a gold source)",
        s.source_ok as f64 / s.source_total.max(1) as f64,
        s.source_total
    );
    println!("speed {:.1} docs/s", s.docs as f64 / s.seconds.max(1e-9));
}
