//! PolNeAR speech attributions, scored as issue 6 specifies (see
//! `tests/common/polnear.rs`):
//! `cargo run --release -p newsline-quotes --example polnear -- [ROOT] [SPLIT…]`
//! (ROOT defaults to `../shared/bench/polnear` from the repository root; SPLITs
//! default to `dev train`). `POLNEAR_DEBUG=1` lists misses on stderr.

#[path = "../tests/common/polnear.rs"]
#[allow(dead_code)]
mod polnear;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = args
        .next()
        .unwrap_or_else(|| "../shared/bench/polnear".to_string());
    let mut splits: Vec<String> = args.collect();
    if splits.is_empty() {
        splits = vec!["dev".into(), "train".into()];
    }
    for split in &splits {
        let Some(dir) = polnear::split_dir(std::path::Path::new(&root), split) else {
            println!("PolNeAR {split} not found under {root}: skipping");
            continue;
        };
        let cpu0 = cpu_seconds();
        let s = polnear::evaluate(&dir);
        let cpu = cpu_seconds().zip(cpu0).map(|(b, a)| b - a);
        let (cp, cr, cf) = s.content_prf();
        let (jp, jr, jf) = s.joint_prf();
        println!(
            "{split}: docs {}  gold speech attributions {} (non-speech {})  system quotes {} (+{} ignored)",
            s.docs, s.gold, s.gold_other, s.pred, s.ignored
        );
        println!("  content  P {cp:.3}  R {cr:.3}  F1 {cf:.3}");
        println!("  joint    P {jp:.3}  R {jr:.3}  F1 {jf:.3}");
        println!(
            "  source accuracy on matched  {:.3} ({} with a gold source)",
            s.source_ok as f64 / s.source_total.max(1) as f64,
            s.source_total
        );
        println!(
            "  unmatched gold by best IoU  [0,.1) {}  [.1,.2) {}  [.2,.3) {}  [.3,.4) {}  [.4,.5) {}",
            s.near_miss[0], s.near_miss[1], s.near_miss[2], s.near_miss[3], s.near_miss[4]
        );
        let secs = s.seconds.max(1e-9);
        println!(
            "  speed (entities + quotes, 1 thread) {:.1} docs/s, {:.2} MB/s",
            s.docs as f64 / secs,
            s.bytes as f64 / secs / 1e6
        );
        if let Some(c) = cpu.filter(|c| *c > 0.0) {
            println!(
                "  speed per CPU second (whole evaluation, scoring included) {:.2} MB/s",
                s.bytes as f64 / c / 1e6
            );
        }
    }
}

/// User + system CPU time of this process (Linux `/proc/self/stat`, 100 Hz ticks).
fn cpu_seconds() -> Option<f64> {
    let stat = polnear::read_text("/proc/self/stat");
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ut: f64 = f.get(11)?.parse().ok()?;
    let st: f64 = f.get(12)?.parse().ok()?;
    Some((ut + st) / 100.0)
}
