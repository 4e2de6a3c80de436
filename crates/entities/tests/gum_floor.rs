//! GUM dev floor for the recogniser (issue-5 scoring rules, see
//! `examples/gum.rs`). Reads `$NEWSLINE_BENCH/gum` (default `../shared/bench`
//! from the workspace root); prints `SKIPPED:` when absent unless
//! `NEWSLINE_REQUIRE_SHARED` is set.

#[path = "../examples/gum_data/mod.rs"]
mod gum_data;

use gum_data::{load, prf, score, split_docs, trim_pred, Counts, Pred};
use newsline_model::{CharMap, EntityType, MentionKind, Span};

#[test]
fn gum_dev_typed_f1_floor() {
    let bench = std::env::var("NEWSLINE_BENCH")
        .unwrap_or_else(|_| format!("{}/../../../shared/bench", env!("CARGO_MANIFEST_DIR")));
    let root = std::path::Path::new(&bench).join("gum");
    let docs: Vec<_> = split_docs(&root, "dev")
        .iter()
        .filter_map(|n| load(&root, n))
        .collect();
    if docs.is_empty() {
        assert!(
            std::env::var("NEWSLINE_REQUIRE_SHARED").is_err(),
            "GUM not found at {}",
            root.display()
        );
        println!("SKIPPED: GUM not found at {}", root.display());
        return;
    }
    let mut total = Counts::default();
    for d in &docs {
        let mut paras = Vec::new();
        let mut pos = 0;
        for line in d.text.split('\n') {
            paras.push(Span::new(pos, pos + line.len()));
            pos += line.len() + 1;
        }
        let a = newsline_entities::analyze(&d.text, &paras, None);
        let map = CharMap::new(&d.text);
        let chars: Vec<char> = d.text.chars().collect();
        let mut preds: Vec<Pred> = Vec::new();
        for e in a.entities() {
            let ty = match e.etype {
                EntityType::Person => "person",
                EntityType::Organization => "organization",
                EntityType::Place => "place",
                _ => continue,
            };
            for m in e.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
                let c = map.span_to_char(m.span);
                let (s, t) = trim_pred(&chars, c.start, c.end);
                preds.push((s, t, ty.to_string()));
            }
        }
        total.add(&score(d, &preds, false).0);
    }
    let (_, _, typed) = prf(
        total.tp.iter().sum(),
        total.pred.iter().sum(),
        total.gold.iter().sum(),
    );
    let (_, _, span) = prf(
        total.span_tp,
        total.pred.iter().sum(),
        total.gold.iter().sum(),
    );
    println!("GUM dev typed F1 {typed:.3}, span F1 {span:.3}");
    // measured 0.684 / 0.757 when this floor was set
    assert!(typed >= 0.67, "typed F1 {typed:.3}");
    assert!(span >= 0.73, "span F1 {span:.3}");
}
