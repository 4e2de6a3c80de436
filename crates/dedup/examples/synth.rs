//! Synthetic dedup benchmark.
//!
//! `cargo run --release -p newsline-dedup --example synth -- N [--dump FILE] [--bands B] [--rows R] [--containment C]`
//!
//! Generates N random-word documents (fixed seed, Zipf-distributed vocabulary,
//! ~2 KB each), 10% of them planted near-duplicates of earlier documents made
//! by small edits, inserts them into a [`DedupIndex`] and prints throughput,
//! planted-pair recall and precision, and peak RSS. `--dump FILE` also writes
//! the corpus as JSONL (`id`, `text`, `published`, `cluster`) for
//! `bench/dedup_datasketch.py`.
use std::collections::HashSet;
use std::io::Write;
use std::time::Instant;

use newsline_dedup::{fingerprint, normalize, DedupConfig, DedupIndex};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn f(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

struct Vocab {
    words: Vec<String>,
    cdf: Vec<f64>,
}

impl Vocab {
    fn new(rng: &mut Rng, n: usize) -> Self {
        const SYL: &[&str] = &[
            "ka", "lo", "mer", "tan", "vi", "dor", "sen", "ra", "bel", "os", "tri", "um", "gal",
            "ne", "pho", "ris", "zan", "el", "qui", "mor", "ta", "ven", "sul", "ar", "ix",
        ];
        let mut seen = HashSet::new();
        let mut words = Vec::with_capacity(n);
        while words.len() < n {
            let k = 1 + rng.below(4);
            let w: String = (0..k).map(|_| SYL[rng.below(SYL.len())]).collect();
            if seen.insert(w.clone()) {
                words.push(w);
            }
        }
        let mut cdf = Vec::with_capacity(n);
        let mut acc = 0.0;
        for i in 0..n {
            acc += 1.0 / (i as f64 + 1.0);
            cdf.push(acc);
        }
        for c in &mut cdf {
            *c /= acc;
        }
        Vocab { words, cdf }
    }
    fn word(&self, rng: &mut Rng) -> u32 {
        let x = rng.f();
        self.cdf
            .partition_point(|&c| c < x)
            .min(self.words.len() - 1) as u32
    }
}

fn gen_doc(rng: &mut Rng, v: &Vocab) -> Vec<Vec<u32>> {
    let paras = 4 + rng.below(3);
    (0..paras)
        .map(|_| {
            let len = 40 + rng.below(25);
            (0..len).map(|_| v.word(rng)).collect()
        })
        .collect()
}

fn render(v: &Vocab, paras: &[Vec<u32>]) -> String {
    let ps: Vec<String> = paras
        .iter()
        .map(|p| {
            let mut s = String::new();
            for (i, &w) in p.iter().enumerate() {
                let w = &v.words[w as usize];
                if i == 0 {
                    let mut c = w.chars();
                    if let Some(f) = c.next() {
                        s.extend(f.to_uppercase());
                        s.push_str(c.as_str());
                    }
                } else {
                    s.push(' ');
                    s.push_str(w);
                }
                if i % 13 == 12 {
                    s.push(',');
                }
            }
            s.push('.');
            s
        })
        .collect();
    ps.join("\n\n")
}

fn mutate(rng: &mut Rng, v: &Vocab, orig: &[Vec<u32>]) -> String {
    let mut d: Vec<Vec<u32>> = orig.to_vec();
    match rng.below(4) {
        0 => {
            // word substitutions, 1-3%
            let rate = 0.01 + 0.02 * rng.f();
            for p in &mut d {
                for w in p.iter_mut() {
                    if rng.f() < rate {
                        *w = v.word(rng);
                    }
                }
            }
        }
        1 => {
            // word deletions, 1-3%
            let rate = 0.01 + 0.02 * rng.f();
            for p in &mut d {
                p.retain(|_| rng.f() >= rate);
            }
        }
        2 => {
            // drop one paragraph, plus a few substitutions
            let i = rng.below(d.len());
            d.remove(i);
            for p in &mut d {
                for w in p.iter_mut() {
                    if rng.f() < 0.005 {
                        *w = v.word(rng);
                    }
                }
            }
        }
        _ => {
            // syndicated copy: dateline + agency tag, extra closing sentence
            let mut s = format!("OSTRAVEL, May {} (Reuters) - ", 1 + rng.below(28));
            s.push_str(&render(v, &d));
            s.push_str("\n\n");
            let extra: Vec<&str> = (0..15)
                .map(|_| v.words[v.word(rng) as usize].as_str())
                .collect();
            s.push_str(&extra.join(" "));
            return s;
        }
    }
    render(v, &d)
}

fn shingles(text: &str, k: usize) -> HashSet<Vec<String>> {
    let n = normalize(text);
    let w: Vec<String> = n.split(' ').map(str::to_string).collect();
    w.windows(k.min(w.len()).max(1))
        .map(|s| s.to_vec())
        .collect()
}

fn jaccard(a: &str, b: &str, k: usize) -> f64 {
    let (x, y) = (shingles(a, k), shingles(b, k));
    let inter = x.intersection(&y).count();
    inter as f64 / (x.len() + y.len() - inter).max(1) as f64
}

fn peak_rss_kb() -> Option<u64> {
    let s = std::fs::read("/proc/self/status").ok()?;
    let s = String::from_utf8_lossy(&s);
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// CPU time of this thread in seconds (Linux), for figures that do not depend
/// on other load on the machine.
fn cpu_secs() -> Option<f64> {
    let s = std::fs::read("/proc/thread-self/schedstat").ok()?;
    let s = String::from_utf8_lossy(&s);
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

fn json_str(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let dump = args
        .iter()
        .position(|a| a == "--dump")
        .and_then(|i| args.get(i + 1))
        .cloned();

    let mut rng = Rng(42);
    let vocab = Vocab::new(&mut rng, 20_000);
    let mut originals: Vec<(usize, Vec<Vec<u32>>)> = Vec::new();
    let mut docs: Vec<(String, String, usize)> = Vec::with_capacity(n); // id, text, cluster
    for i in 0..n {
        if i > 10 && rng.f() < 0.10 {
            let k = rng.below(originals.len());
            let (cluster, orig) = &originals[k];
            let text = mutate(&mut rng, &vocab, orig);
            docs.push((format!("d{i:07}"), text, *cluster));
        } else {
            let d = gen_doc(&mut rng, &vocab);
            docs.push((format!("d{i:07}"), render(&vocab, &d), i));
            originals.push((i, d));
        }
    }
    let bytes: usize = docs.iter().map(|d| d.1.len()).sum();
    eprintln!(
        "generated {} docs, mean {} bytes",
        docs.len(),
        bytes / docs.len().max(1)
    );
    if let Some(path) = &dump {
        let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("create dump"));
        for (i, (id, text, cluster)) in docs.iter().enumerate() {
            let day = 1 + i % 28;
            writeln!(
                f,
                "{{\"id\":{},\"published\":\"2021-03-{:02}\",\"cluster\":{},\"text\":{}}}",
                json_str(id),
                day,
                cluster,
                json_str(text)
            )
            .expect("write dump");
        }
    }

    let mut cfg = DedupConfig::default();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse::<f64>().ok())
    };
    if let Some(v) = flag("--bands") {
        cfg.bands = v as usize;
    }
    if let Some(v) = flag("--rows") {
        cfg.rows = v as usize;
    }
    if let Some(v) = flag("--containment") {
        cfg.containment = v as f32;
    }
    println!("config: {cfg:?}");
    let mut index = DedupIndex::new(cfg.clone());
    let mut found: Vec<(usize, usize)> = Vec::new();
    let rss_before = peak_rss_kb().unwrap_or(0);
    let t0 = Instant::now();
    let fps: Vec<_> = docs
        .iter()
        .take(5000)
        .map(|d| fingerprint(&d.1, &cfg))
        .collect();
    let fp_rate = fps.len() as f64 / t0.elapsed().as_secs_f64();
    drop(fps);
    let t = Instant::now();
    let cpu0 = cpu_secs();
    for (i, (id, text, _)) in docs.iter().enumerate() {
        let fp = fingerprint(text, &cfg);
        let day = format!("2021-03-{:02}", 1 + i % 28);
        for (other, _) in index.insert(id, Some(&day), text.len(), &fp) {
            let j: usize = other[1..].parse().unwrap_or(0);
            found.push((j, i));
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu0.and_then(|c0| Some(cpu_secs()? - c0));
    let groups = index.groups();

    // Ground truth: all pairs inside one cluster.
    let mut clusters: std::collections::HashMap<usize, Vec<usize>> = Default::default();
    for (i, d) in docs.iter().enumerate() {
        clusters.entry(d.2).or_default().push(i);
    }
    let mut truth: HashSet<(usize, usize)> = HashSet::new();
    for m in clusters.values() {
        for a in 0..m.len() {
            for b in a + 1..m.len() {
                truth.insert((m[a], m[b]));
            }
        }
    }
    let tp = found.iter().filter(|p| truth.contains(p)).count();
    let above: Vec<&(usize, usize)> = truth
        .iter()
        .filter(|&&(a, b)| jaccard(&docs[a].1, &docs[b].1, cfg.shingle) >= f64::from(cfg.threshold))
        .collect();
    let found_set: HashSet<&(usize, usize)> = found.iter().collect();
    // Estimation error of the signatures on planted pairs.
    let mut err = 0.0f64;
    let mut cnt = 0usize;
    for &&(a, b) in truth.iter().collect::<Vec<_>>().iter().take(3000) {
        let fa = fingerprint(&docs[a].1, &cfg);
        let fb = fingerprint(&docs[b].1, &cfg);
        if fa.exact != fb.exact {
            err += (f64::from(fa.similarity(&fb)) - jaccard(&docs[a].1, &docs[b].1, cfg.shingle))
                .abs();
            cnt += 1;
        }
    }
    let tp_above = above.iter().filter(|p| found_set.contains(*p)).count();
    println!("docs: {}  ({:.1} MB)", docs.len(), bytes as f64 / 1e6);
    println!(
        "throughput: {:.0} docs/s  ({:.2} s, fingerprint + insert, 1 thread)",
        docs.len() as f64 / secs,
        secs
    );
    if let Some(c) = cpu {
        println!(
            "cpu throughput: {:.0} docs per CPU second  ({c:.2} CPU s)",
            docs.len() as f64 / c
        );
    }
    println!(
        "planted pairs: {}  (true 5-shingle Jaccard >= {}: {})",
        truth.len(),
        cfg.threshold,
        above.len()
    );
    println!("found pairs: {}  true positives: {}", found.len(), tp);
    println!(
        "recall (all planted): {:.4}  recall (planted with true J >= threshold): {:.4}  precision: {:.4}",
        tp as f64 / truth.len().max(1) as f64,
        tp_above as f64 / above.len().max(1) as f64,
        tp as f64 / found.len().max(1) as f64
    );
    println!("groups: {}", groups.len());
    println!(
        "mean |estimated - true Jaccard| on {cnt} planted near pairs: {:.4}",
        err / cnt.max(1) as f64
    );
    println!("fingerprint alone: {fp_rate:.0} docs/s");
    if let Some(kb) = peak_rss_kb() {
        println!(
            "peak RSS (VmHWM): {:.1} MB  (before indexing, corpus in memory: {:.1} MB)",
            kb as f64 / 1024.0,
            rss_before as f64 / 1024.0
        );
    }
}
