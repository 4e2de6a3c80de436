use newsline_dedup::DedupIndex;
use newsline_model::ArticleRecord;
use newsline_store::{Corpus, Store};

use crate::{decode_fingerprint, DedupConfig, Result};

/// Every stored article, in id order.
pub fn load_records(store: &dyn Store) -> Result<Vec<ArticleRecord>> {
    let mut records = Vec::new();
    store.for_each_article(&mut |r| {
        records.push(r);
        Ok(())
    })?;
    records.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(records)
}

/// Recomputes every corpus-level table from the stored articles. The
/// result depends only on the set of stored articles, not on the order in
/// which they were ingested.
pub fn compute_corpus(store: &dyn Store) -> Result<Corpus> {
    Ok(compute_corpus_with(store, &newsline_entities::Corrections::default())?.0)
}

/// [`compute_corpus`] with the user's registry corrections applied; also
/// returns the warnings about them (ids the registry does not know).
pub fn compute_corpus_with(
    store: &dyn Store,
    corrections: &newsline_entities::Corrections,
) -> Result<(Corpus, Vec<String>)> {
    let records = load_records(store)?;
    let registry = newsline_entities::build_registry_with(&records, corrections);
    let mut entity_links = Vec::new();
    for r in &records {
        for e in &r.entities {
            if let Some(c) = registry.corpus_id(&r.id, &e.id) {
                entity_links.push((r.id.clone(), e.id.clone(), c.to_string()));
            }
        }
    }
    let canon = |article: &str, local: &str| -> String {
        registry
            .corpus_id(article, local)
            .unwrap_or(local)
            .to_string()
    };

    let mut fps = store.fingerprints()?;
    fps.sort_by(|a, b| a.0.cmp(&b.0));
    let by_id: std::collections::HashMap<&str, &ArticleRecord> =
        records.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut dedup = DedupIndex::new(DedupConfig::default());
    for (id, bytes) in &fps {
        let fp = decode_fingerprint(id, bytes)?;
        let (published, len) = by_id
            .get(id.as_str())
            .map(|r| (r.published.value.clone(), r.text.len()))
            .unwrap_or((None, 0));
        dedup.insert(id, published.as_deref(), len, &fp);
    }
    let dup_groups = dedup.groups();

    let events = newsline_story::merge_events(&records, &canon);
    let storylines = newsline_story::storylines(&records, &events, &dup_groups, &canon);
    let warnings = registry.warnings;
    let corpus = Corpus {
        entities: registry.entities,
        entity_links,
        events,
        storylines,
        dup_groups,
    };
    Ok((corpus, warnings))
}
