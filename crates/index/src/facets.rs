//! Facet counting that names only the facet values it finds.
//!
//! tantivy's `FacetCollector` turns every counted ordinal into its facet with
//! one random dictionary lookup each, which decompresses a dictionary block
//! every time: with tens of thousands of distinct entities that took seconds
//! per search. This collector counts ordinals per segment and then names the
//! counted ones in one sorted pass over the dictionary.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fastfield::FacetReader;
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Most segments whose facet names are kept.
const MAX_CACHED_SEGMENTS: usize = 64;

/// Every facet of a segment by ordinal, read once per segment (segments
/// never change): naming counted ordinals then costs no dictionary reads.
static SEGMENT_FACETS: Mutex<Option<HashMap<SegmentId, Arc<Vec<String>>>>> = Mutex::new(None);

fn segment_facets(id: SegmentId, reader: &FacetReader) -> Option<Arc<Vec<String>>> {
    let mut guard = SEGMENT_FACETS.lock().unwrap_or_else(|e| e.into_inner());
    let cache = guard.get_or_insert_with(HashMap::new);
    if let Some(v) = cache.get(&id) {
        return Some(v.clone());
    }
    let mut names = Vec::with_capacity(reader.num_facets());
    let mut stream = reader.facet_dict().stream().ok()?;
    while stream.advance() {
        names.push(String::from_utf8_lossy(stream.key()).into_owned());
    }
    if names.len() != reader.num_facets() {
        return None;
    }
    if cache.len() >= MAX_CACHED_SEGMENTS {
        cache.clear();
    }
    let names = Arc::new(names);
    cache.insert(id, names.clone());
    Some(names)
}

/// Counts the documents per value of the facet field `field`.
pub(crate) struct FacetCounter {
    pub(crate) field: &'static str,
}

pub(crate) struct SegmentFacetCounter {
    reader: FacetReader,
    names: Option<Arc<Vec<String>>>,
    counts: Vec<u32>,
}

impl Collector for FacetCounter {
    /// (encoded facet, path steps separated by `\0`; documents), by facet.
    type Fruit = Vec<(String, u64)>;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        _segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounter> {
        let reader = segment.facet_reader(self.field)?;
        let counts = vec![0u32; reader.num_facets()];
        let names = segment_facets(segment.segment_id(), &reader);
        Ok(SegmentFacetCounter {
            reader,
            names,
            counts,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(String, u64)>>) -> tantivy::Result<Self::Fruit> {
        if fruits.len() <= 1 {
            return Ok(fruits.into_iter().next().unwrap_or_default());
        }
        let mut all: Vec<(String, u64)> = fruits.into_iter().flatten().collect();
        all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(String, u64)> = Vec::with_capacity(all.len());
        for (k, n) in all {
            match out.last_mut() {
                Some(last) if last.0 == k => last.1 += n,
                _ => out.push((k, n)),
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = Vec<(String, u64)>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let mut last = None;
        for ord in self.reader.facet_ords(doc) {
            // each value once per document
            if last == Some(ord) {
                continue;
            }
            last = Some(ord);
            if let Some(c) = usize::try_from(ord)
                .ok()
                .and_then(|o| self.counts.get_mut(o))
            {
                *c += 1;
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        if let Some(names) = &self.names {
            return self
                .counts
                .iter()
                .zip(names.iter())
                .filter(|(&n, _)| n > 0)
                .map(|(&n, name)| (name.clone(), u64::from(n)))
                .collect();
        }
        let (ords, counts): (Vec<u64>, Vec<u32>) = self
            .counts
            .iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .map(|(o, &n)| (o as u64, n))
            .unzip();
        let mut out = Vec::with_capacity(ords.len());
        let mut next = counts.iter();
        // `ords` is sorted: one pass over the dictionary names them all, in order.
        let named = self
            .reader
            .facet_dict()
            .sorted_ords_to_term_cb(&ords, |bytes| {
                if let Some(&n) = next.next() {
                    if let Ok(s) = std::str::from_utf8(bytes) {
                        out.push((s.to_string(), u64::from(n)));
                    }
                }
            });
        if named.is_err() {
            // An unreadable dictionary counts nothing rather than failing the search.
            out.clear();
        }
        out
    }
}
