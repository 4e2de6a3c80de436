//! Streaming LSH index and duplicate grouping.

use std::collections::HashMap;

use newsline_model::{DupGroup, DupKind, DupMember};

use crate::fingerprint::{containment, estimate, shared, DedupConfig, Fingerprint};
use crate::DedupError;

/// The heads of the LSH bucket chains of one band: an open-addressing table
/// (linear probing) from a 32-bit band key to the latest document in that
/// bucket. Key and value share one 8-byte slot, so an insert costs one cache
/// miss, and the home slots of all bands of a document are loaded up front,
/// so those misses overlap. A rare key collision (inside one band) joins two
/// buckets: it only adds candidates that verification rejects.
#[derive(Debug, Default)]
struct BandTable {
    /// `key << 32 | (doc + 1)`; 0 is an empty slot.
    slots: Vec<u64>,
    len: usize,
}

impl BandTable {
    fn home(&self, key: u32) -> usize {
        let h = u64::from(key).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h >> 32) as usize & (self.slots.len().wrapping_sub(1))
    }

    /// Reads the home slot (to start its cache miss early).
    fn touch(&self, key: u32) -> u64 {
        self.slots.get(self.home(key)).copied().unwrap_or(0)
    }

    /// Sets `key` to `doc`; returns the previous document of `key`.
    fn insert(&mut self, key: u32, doc: u32) -> Option<u32> {
        if (self.len + 1) * 10 > self.slots.len() * 7 {
            self.grow();
        }
        let mask = self.slots.len().wrapping_sub(1);
        let new = (u64::from(key) << 32) | (u64::from(doc) + 1);
        let mut i = self.home(key);
        loop {
            let slot = self.slots.get_mut(i)?;
            if *slot == 0 {
                *slot = new;
                self.len += 1;
                return None;
            }
            if (*slot >> 32) as u32 == key {
                let prev = (*slot as u32).wrapping_sub(1);
                *slot = new;
                return Some(prev);
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let cap = (self.slots.len() * 2).max(64);
        let old = std::mem::replace(&mut self.slots, vec![0; cap]);
        let mask = cap - 1;
        for slot in old.into_iter().filter(|&s| s != 0) {
            let mut i = self.home((slot >> 32) as u32);
            while let Some(x) = self.slots.get_mut(i) {
                if *x == 0 {
                    *x = slot;
                    break;
                }
                i = (i + 1) & mask;
            }
        }
    }
}

const NONE: u32 = u32::MAX;
/// Longest bucket chain walked per band (bounds time on degenerate input).
const MAX_CHAIN: usize = 20_000;
/// How much lower the similarity bar is for two texts tagged by the same agency.
const AGENCY_BONUS: f32 = 0.1;

/// A streaming near-duplicate index.
///
/// Memory is bounded by the signatures and band tables, never by text:
/// about 2 KB per document with the default configuration (4 bytes per
/// permutation; per band a 4-byte chain link and an 8-byte table slot at
/// 35-70% load; id, date, sizes).
///
/// A pair is verified as near-duplicate when its estimated Jaccard
/// similarity reaches [`DedupConfig::threshold`] (lowered for two texts of
/// the same agency), or when its estimated containment reaches
/// [`DedupConfig::containment`] with at least [`DedupConfig::min_shared`]
/// shared shingles: a trimmed or partly reworded copy of a wire story shares
/// most of its own text with the wire, although its Jaccard similarity is low.
/// The containment bar is lowered when one text credits an agency in its body
/// ("..., Meridian agency reports") and the other carries that agency's tag.
/// Pairs are checked symmetrically against every earlier document, so the
/// set of verified pairs, and therefore [`DedupIndex::groups`], does not
/// depend on insertion order.
#[derive(Debug)]
pub struct DedupIndex {
    cfg: DedupConfig,
    ids: Vec<String>,
    by_id: HashMap<String, u32>,
    published: Vec<Option<String>>,
    lens: Vec<usize>,
    sizes: Vec<u32>,
    exact: Vec<u64>,
    sigs: Vec<u32>,
    agency: Vec<u32>,
    credited: Vec<bool>,
    agencies: HashMap<String, u32>,
    band_heads: Vec<BandTable>,
    band_next: Vec<u32>,
    pairs: Vec<(u32, u32)>,
}

impl DedupIndex {
    /// A new empty index. An invalid configuration is repaired (bands reduced
    /// to fit `num_perm`, zeros raised to one); use [`DedupIndex::try_new`] to reject it.
    pub fn new(cfg: DedupConfig) -> Self {
        let mut cfg = cfg;
        cfg.shingle = cfg.shingle.max(1);
        cfg.num_perm = cfg.num_perm.max(1);
        cfg.rows = cfg.rows.clamp(1, cfg.num_perm);
        cfg.bands = cfg.bands.clamp(1, cfg.num_perm / cfg.rows);
        if !(cfg.threshold > 0.0 && cfg.threshold <= 1.0) {
            cfg.threshold = DedupConfig::default().threshold;
        }
        if !(cfg.containment >= 0.0 && cfg.containment.is_finite()) {
            cfg.containment = 0.0;
        }
        let band_heads = (0..cfg.bands).map(|_| BandTable::default()).collect();
        DedupIndex {
            cfg,
            ids: Vec::new(),
            by_id: HashMap::new(),
            published: Vec::new(),
            lens: Vec::new(),
            sizes: Vec::new(),
            exact: Vec::new(),
            sigs: Vec::new(),
            agency: Vec::new(),
            credited: Vec::new(),
            agencies: HashMap::new(),
            band_heads,
            band_next: Vec::new(),
            pairs: Vec::new(),
        }
    }

    /// A new empty index, or an error when the configuration cannot work.
    pub fn try_new(cfg: DedupConfig) -> Result<Self, DedupError> {
        cfg.validate()?;
        Ok(Self::new(cfg))
    }

    /// The configuration in use.
    pub fn config(&self) -> &DedupConfig {
        &self.cfg
    }

    /// Number of documents inserted.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when nothing was inserted.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    fn sig(&self, i: u32) -> &[u32] {
        let n = self.cfg.num_perm;
        let s = i as usize * n;
        self.sigs.get(s..s + n).unwrap_or(&[])
    }

    fn band_key(band: usize, vals: &[u32]) -> u32 {
        let mut k = (band as u64 + 1).wrapping_mul(0xD6E8_FEB8_6659_FD93);
        for &v in vals {
            k = (k ^ u64::from(v)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            k ^= k >> 32;
        }
        (k >> 32) as u32
    }

    fn similarity(&self, i: u32, j: u32) -> f32 {
        if self.exact.get(i as usize) == self.exact.get(j as usize) {
            1.0
        } else {
            estimate(self.sig(i), self.sig(j))
        }
    }

    /// Adds a document and returns the earlier documents it duplicates, with
    /// their estimated Jaccard similarity (1.0 for exact copies), most similar first.
    ///
    /// Empty texts and ids already present are ignored (no pairs).
    pub fn insert(
        &mut self,
        id: &str,
        published: Option<&str>,
        text_len: usize,
        fp: &Fingerprint,
    ) -> Vec<(String, f32)> {
        let n = self.cfg.num_perm;
        if fp.minhash.is_empty()
            || self.by_id.contains_key(id)
            || self.ids.len() >= NONE as usize - 1
        {
            return Vec::new();
        }
        let me = self.ids.len() as u32;
        // Pad or cut the signature to the configured length.
        let mut sig: Vec<u32> = fp.minhash.iter().copied().take(n).collect();
        sig.resize(n, u32::MAX);
        let agency = match &fp.agency {
            Some(a) => {
                let next = self.agencies.len() as u32 + 1;
                *self.agencies.entry(a.clone()).or_insert(next)
            }
            None => 0,
        };

        // Register the document; its band entries go in front of each bucket
        // chain, and the rest of the chain (earlier documents) are the candidates.
        self.ids.push(id.to_string());
        self.by_id.insert(id.to_string(), me);
        self.published.push(published.map(str::to_string));
        self.lens.push(text_len);
        self.sizes.push(fp.shingles);
        self.exact.push(fp.exact);
        self.sigs.extend_from_slice(&sig);
        self.agency.push(agency);
        self.credited.push(fp.credited);
        let rows = self.cfg.rows;
        let bands = self.cfg.bands;
        let mut cands: Vec<u32> = Vec::new();
        let keys: Vec<u32> = (0..bands)
            .map(|b| Self::band_key(b, sig.get(b * rows..(b + 1) * rows).unwrap_or(&[])))
            .collect();
        // Independent loads of all home slots: their cache misses overlap.
        let touched = keys
            .iter()
            .zip(&self.band_heads)
            .fold(0u64, |acc, (&k, t)| acc ^ t.touch(k));
        std::hint::black_box(touched);
        for (b, &key) in keys.iter().enumerate() {
            let prev = self
                .band_heads
                .get_mut(b)
                .and_then(|t| t.insert(key, me))
                .unwrap_or(NONE);
            debug_assert_eq!(self.band_next.len(), me as usize * bands + b);
            self.band_next.push(prev);
            let mut cur = prev;
            let mut steps = 0;
            while cur != NONE && steps < MAX_CHAIN {
                cands.push(cur);
                cur = self
                    .band_next
                    .get(cur as usize * bands + b)
                    .copied()
                    .unwrap_or(NONE);
                steps += 1;
            }
        }
        cands.sort_unstable();
        cands.dedup();

        // Verify.
        let mut out = Vec::new();
        for c in cands {
            let sim = self.similarity(c, me);
            if self.verify(c, me, sim) {
                self.pairs.push((c, me));
                if let Some(other) = self.ids.get(c as usize) {
                    out.push((other.clone(), sim));
                }
            }
        }
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }

    /// The verification rule: estimated Jaccard at least the threshold, or
    /// estimated containment at least the containment threshold with enough
    /// shared shingles. Texts tagged by the same agency get a lower Jaccard bar.
    fn verify(&self, a: u32, b: u32, sim: f32) -> bool {
        let agency = self.agency.get(b as usize).copied().unwrap_or(0);
        let same_agency = agency != 0 && self.agency.get(a as usize) == Some(&agency);
        let bar = if same_agency {
            self.cfg.threshold - AGENCY_BONUS
        } else {
            self.cfg.threshold
        };
        if sim >= bar {
            return true;
        }
        let mut c = self.cfg.containment;
        if c <= 0.0 || c > 1.0 {
            return false;
        }
        // An outlet crediting agency X in its body against a text tagged by X:
        // a rewrite of that agency's story. (Two texts both tagged, or both
        // crediting, the same agency may be different stories of that agency
        // sharing background paragraphs, so they get no containment bonus.)
        let credit_a = self.credited.get(a as usize).copied().unwrap_or(false);
        let credit_b = self.credited.get(b as usize).copied().unwrap_or(false);
        if same_agency && credit_a != credit_b {
            c -= AGENCY_BONUS;
        }
        let sa = self.sizes.get(a as usize).copied().unwrap_or(0);
        let sb = self.sizes.get(b as usize).copied().unwrap_or(0);
        containment(sim, sa, sb) >= c && shared(sim, sa, sb) >= self.cfg.min_shared as f32
    }

    /// Estimated Jaccard similarity, containment and shared shingles of two
    /// indexed documents (`None` when an id is unknown).
    pub fn scores(&self, a: &str, b: &str) -> Option<(f32, f32, f32)> {
        let i = *self.by_id.get(a)?;
        let j = *self.by_id.get(b)?;
        let sim = self.similarity(i, j);
        let sa = self.sizes.get(i as usize).copied().unwrap_or(0);
        let sb = self.sizes.get(j as usize).copied().unwrap_or(0);
        Some((sim, containment(sim, sa, sb), shared(sim, sa, sb)))
    }

    /// All verified duplicate pairs so far, as `(earlier id, later id, similarity)`.
    pub fn pairs(&self) -> Vec<(String, String, f32)> {
        self.pairs
            .iter()
            .filter_map(|&(a, b)| {
                Some((
                    self.ids.get(a as usize)?.clone(),
                    self.ids.get(b as usize)?.clone(),
                    self.similarity(a, b),
                ))
            })
            .collect()
    }

    /// Groups of duplicates (union-find over verified pairs).
    ///
    /// The result does not depend on insertion order: the canonical member is
    /// the earliest published (unknown dates last), then the longest, then the
    /// smallest id; the group id is the canonical id; groups and members are
    /// sorted by id.
    pub fn groups(&self) -> Vec<DupGroup> {
        let n = self.ids.len();
        let mut parent: Vec<u32> = (0..n as u32).collect();
        fn find(p: &mut [u32], mut x: u32) -> u32 {
            while let Some(&px) = p.get(x as usize) {
                if px == x {
                    break;
                }
                let gp = p.get(px as usize).copied().unwrap_or(px);
                if let Some(slot) = p.get_mut(x as usize) {
                    *slot = gp;
                }
                x = px;
            }
            x
        }
        for &(a, b) in &self.pairs {
            let ra = find(&mut parent, a);
            let rb = find(&mut parent, b);
            if ra != rb {
                let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
                if let Some(slot) = parent.get_mut(hi as usize) {
                    *slot = lo;
                }
            }
        }
        let mut comps: HashMap<u32, Vec<u32>> = HashMap::new();
        for i in 0..n as u32 {
            let r = find(&mut parent, i);
            comps.entry(r).or_default().push(i);
        }
        let mut groups: Vec<DupGroup> = comps
            .into_values()
            .filter(|m| m.len() > 1)
            .filter_map(|members| {
                let canon = *members.iter().min_by(|&&a, &&b| self.canon_order(a, b))?;
                let canon_id = self.ids.get(canon as usize)?.clone();
                let mut ms: Vec<DupMember> = members
                    .iter()
                    .filter(|&&m| m != canon)
                    .filter_map(|&m| {
                        let exact = self.exact.get(m as usize) == self.exact.get(canon as usize);
                        Some(DupMember {
                            article: self.ids.get(m as usize)?.clone(),
                            similarity: self.similarity(canon, m),
                            kind: if exact { DupKind::Exact } else { DupKind::Near },
                        })
                    })
                    .collect();
                ms.sort_by(|a, b| a.article.cmp(&b.article));
                Some(DupGroup {
                    id: canon_id.clone(),
                    canonical: canon_id,
                    members: ms,
                })
            })
            .collect();
        groups.sort_by(|a, b| a.id.cmp(&b.id));
        groups
    }

    fn canon_order(&self, a: u32, b: u32) -> std::cmp::Ordering {
        let pa = self.published.get(a as usize).and_then(|p| p.as_deref());
        let pb = self.published.get(b as usize).and_then(|p| p.as_deref());
        let date = match (pa, pb) {
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        date.then_with(|| self.lens.get(b as usize).cmp(&self.lens.get(a as usize)))
            .then_with(|| self.ids.get(a as usize).cmp(&self.ids.get(b as usize)))
    }
}
