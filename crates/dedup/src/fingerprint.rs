//! Text normalisation, shingling and MinHash signatures.

use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::DedupError;

/// Dedup parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DedupConfig {
    /// Shingle size in words.
    pub shingle: usize,
    /// Number of MinHash permutations (signature length).
    pub num_perm: usize,
    /// Number of LSH bands.
    pub bands: usize,
    /// Signature rows per band.
    pub rows: usize,
    /// Minimum estimated Jaccard similarity for a near duplicate.
    pub threshold: f32,
    /// Minimum estimated containment `|A∩B| / min(|A|, |B|)` for a near
    /// duplicate: syndicated copies are often a trimmed or partly reworded
    /// subset of the wire story, so their Jaccard similarity is low while most
    /// of the shorter text is still shared. `0` or more than `1` disables it.
    #[serde(default = "default_containment")]
    pub containment: f32,
    /// Minimum estimated number of shared shingles for the containment test
    /// (keeps very short texts from matching by accident).
    #[serde(default = "default_min_shared")]
    pub min_shared: usize,
}

fn default_containment() -> f32 {
    0.3
}

fn default_min_shared() -> usize {
    30
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            shingle: 5,
            num_perm: 128,
            bands: 64,
            rows: 2,
            threshold: 0.6,
            containment: default_containment(),
            min_shared: default_min_shared(),
        }
    }
}

impl DedupConfig {
    /// Checks that the parameters can work together.
    pub fn validate(&self) -> Result<(), DedupError> {
        if self.shingle == 0 {
            return Err(DedupError::InvalidConfig("shingle must be > 0".into()));
        }
        if self.num_perm == 0 || self.bands == 0 || self.rows == 0 {
            return Err(DedupError::InvalidConfig(
                "num_perm, bands and rows must be > 0".into(),
            ));
        }
        if self.bands.saturating_mul(self.rows) > self.num_perm {
            return Err(DedupError::InvalidConfig(format!(
                "bands * rows = {} exceeds num_perm = {}",
                self.bands.saturating_mul(self.rows),
                self.num_perm
            )));
        }
        if !(self.threshold > 0.0 && self.threshold <= 1.0) {
            return Err(DedupError::InvalidConfig(
                "threshold must be in (0, 1]".into(),
            ));
        }
        if !(self.containment >= 0.0 && self.containment.is_finite()) {
            return Err(DedupError::InvalidConfig(
                "containment must be >= 0 (0 disables it)".into(),
            ));
        }
        Ok(())
    }
}

/// The fingerprint of one text: enough to find its duplicates without the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// XXH3 of the normalised text (datelines and agency tags removed).
    pub exact: u64,
    /// MinHash signature over word shingles (empty text: empty signature).
    pub minhash: Vec<u32>,
    /// The wire agency named in a dateline or tag (`reuters`), lower case.
    /// Two texts tagged by the same agency are more likely syndicated copies,
    /// which the index takes as extra evidence.
    #[serde(default)]
    pub agency: Option<String>,
    /// Number of distinct word shingles of the text (0 when unknown, e.g. in
    /// fingerprints stored before this field existed: containment is then
    /// not estimated).
    #[serde(default)]
    pub shingles: u32,
    /// True when [`Fingerprint::agency`] comes from a credit in the body
    /// ("..., Meridian agency reports", "according to Reuters") rather than
    /// from a dateline or tag: the text is likely an outlet's rewrite of that
    /// agency's story.
    #[serde(default)]
    pub credited: bool,
}

impl Fingerprint {
    /// Estimated Jaccard similarity of the two shingle sets (1.0 for equal hashes).
    pub fn similarity(&self, other: &Fingerprint) -> f32 {
        if self.minhash.is_empty() || other.minhash.is_empty() {
            return 0.0;
        }
        if self.exact == other.exact {
            return 1.0;
        }
        estimate(&self.minhash, &other.minhash)
    }

    /// Estimated number of shingles the two texts share (0 when a size is unknown).
    pub fn shared_shingles(&self, other: &Fingerprint) -> f32 {
        shared(self.similarity(other), self.shingles, other.shingles)
    }

    /// Estimated containment `|A∩B| / min(|A|, |B|)`: near 1.0 when the shorter
    /// text is (mostly) a part of the longer one; 0 when a size is unknown.
    pub fn containment(&self, other: &Fingerprint) -> f32 {
        containment(self.similarity(other), self.shingles, other.shingles)
    }
}

/// Estimated intersection size from a Jaccard estimate and the two set sizes:
/// `|A∩B| = J (|A| + |B|) / (1 + J)`.
pub(crate) fn shared(j: f32, a: u32, b: u32) -> f32 {
    if a == 0 || b == 0 {
        return 0.0;
    }
    let inter = j * (a as f32 + b as f32) / (1.0 + j);
    inter.min(a.min(b) as f32)
}

/// Estimated containment from a Jaccard estimate and the two set sizes.
pub(crate) fn containment(j: f32, a: u32, b: u32) -> f32 {
    let m = a.min(b);
    if m == 0 {
        return 0.0;
    }
    (shared(j, a, b) / m as f32).min(1.0)
}

/// Share of equal positions of two signatures (over the common length).
pub(crate) fn estimate(a: &[u32], b: &[u32]) -> f32 {
    let n = a.len().min(b.len());
    if n == 0 {
        return 0.0;
    }
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f32 / n as f32
}

/// Wire agencies commonly tagged in syndicated copy (lower case).
const AGENCIES: &[&str] = &[
    "reuters",
    "ap",
    "associated press",
    "afp",
    "agence france-presse",
    "agence france presse",
    "tass",
    "itar-tass",
    "ria novosti",
    "ria",
    "interfax",
    "xinhua",
    "dpa",
    "ansa",
    "efe",
    "upi",
    "bloomberg",
    "pti",
    "ians",
    "kyodo",
    "yonhap",
    "anadolu",
    "aa",
    "ukrinform",
    "pap",
    "apa",
    "ctk",
    "bta",
    "irna",
    "wam",
    "spa",
    "mena",
    "bernama",
    "antara",
    "cna",
    "sana",
    "unian",
    "belta",
    "sputnik",
    "agencies",
];

fn dateline_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // "KESSGRAD, June 16 (Agency):", "LONDON (Reuters) -", "PARIS, 3 May 2021 (AFP) —"
        Regex::new(
            r"^\s*\p{Lu}[\p{Lu}\p{M}.'/]*(?:[ -][\p{Lu}\p{M}.'/]+){0,4}(?:,\s*(?:[\p{L}]{3,10}\.?\s+\d{1,2}|\d{1,2}\s+[\p{L}]{3,10}\.?)(?:,?\s*\d{4})?)?\s*(?:\(([^()\n]{1,40})\)\s*)?([:|\-–—]+\s*)?",
        )
        .expect("static regex")
    })
}

fn tag_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\(([\p{L} .\-]{2,30})\)|\((?i:reporting|writing|editing|additional reporting|compiled)\b[^()]{0,300}\)")
            .expect("static regex")
    })
}

fn credit_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // "Meridian agency reports", "the Xinhua news agency reported",
        // "reports the agency Interfax", "according to Reuters".
        Regex::new(
            r"(?:\b(\p{Lu}[\p{L}\-]+(?: \p{Lu}[\p{L}\-]+){0,2}) (?:news |press |information )?agency (?:reports|reported|said|says|writes|wrote|informs)\b)|(?:\b(?:reports|reported|according to|writes|informs) (?:the )?(?:state )?(?:news |press |information )?agency (\p{Lu}[\p{L}\-]+(?: \p{Lu}[\p{L}\-]+){0,2}))|(?:\b(?:reports|reported|according to|writes|informs) (\p{Lu}[\p{L}\-]+(?: \p{Lu}[\p{L}\-]+){0,2}))",
        )
        .expect("static regex")
    })
}

/// The agency credited in the body ("Meridian agency reports"), lower case.
/// A bare name after "according to"/"reports" only counts when it is a known agency.
fn credited_agency(text: &str) -> Option<String> {
    // Cheap pre-check: most texts credit no one.
    if ![
        "agency",
        "according to",
        "report",
        "writes",
        "wrote",
        "informs",
    ]
    .iter()
    .any(|w| text.contains(w))
    {
        return None;
    }
    for c in credit_re().captures_iter(text) {
        if let Some(m) = c.get(1).or_else(|| c.get(2)) {
            return Some(m.as_str().trim().to_lowercase());
        }
        if let Some(m) = c.get(3) {
            if is_agency(m.as_str()) {
                return Some(m.as_str().trim().to_lowercase());
            }
        }
    }
    None
}

fn is_agency(s: &str) -> bool {
    let l = s.trim().to_lowercase();
    AGENCIES.contains(&l.as_str())
}

/// Removes a leading dateline and agency/credit tags; returns the rest and the agency.
fn strip_tags(text: &str) -> (String, Option<String>) {
    let mut agency = None;
    let mut body = text;
    if let Some(c) = dateline_re().captures(text) {
        let whole = c.get(0).map(|m| m.end()).unwrap_or(0);
        // Only a real dateline: the capitalised place must be all upper case
        // (a headline or sentence start is not).
        let head = text.get(..whole).unwrap_or("");
        let place: String = head
            .split([',', '(', ':', '-', '–', '—'])
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        let marked = c.get(1).is_some() || c.get(2).is_some();
        let upper = marked
            && place.chars().any(|c| c.is_alphabetic())
            && !place.chars().any(|c| c.is_lowercase())
            && place.chars().filter(|c| c.is_alphabetic()).count() >= 2;
        if upper {
            if let Some(a) = c.get(1) {
                agency = Some(a.as_str().trim().to_lowercase());
            }
            body = text.get(whole..).unwrap_or("");
        }
    }
    let mut out = String::with_capacity(body.len());
    let mut last = 0;
    for c in tag_re().captures_iter(body) {
        let m = match c.get(0) {
            Some(m) => m,
            None => continue,
        };
        let drop = match c.get(1) {
            Some(inner) => {
                if is_agency(inner.as_str()) {
                    if agency.is_none() {
                        agency = Some(inner.as_str().trim().to_lowercase());
                    }
                    true
                } else {
                    false
                }
            }
            None => true,
        };
        if drop {
            out.push_str(body.get(last..m.start()).unwrap_or(""));
            out.push(' ');
            last = m.end();
        }
    }
    out.push_str(body.get(last..).unwrap_or(""));
    (out, agency)
}

/// Normalises text for hashing: lower case, punctuation removed, whitespace
/// collapsed. Datelines and agency tags are NOT removed here (see [`fingerprint`]).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out, None);
    out
}

/// Before a letter or digit is written: the separating space, and the word start.
#[inline(always)]
fn begin_char(out: &mut String, pending_space: &mut bool, starts: &mut Option<&mut Vec<usize>>) {
    if *pending_space || out.is_empty() {
        if !out.is_empty() {
            out.push(' ');
        }
        if let Some(st) = starts.as_deref_mut() {
            st.push(out.len());
        }
    }
    *pending_space = false;
}

/// [`normalize`] into `out`, recording the byte offset of each word in
/// `starts` (words end at the next space or at the end). ASCII takes a fast path.
fn normalize_into(text: &str, out: &mut String, mut starts: Option<&mut Vec<usize>>) {
    let bytes = text.as_bytes();
    let mut pending_space = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            i += 1;
            if b.is_ascii_alphanumeric() {
                begin_char(out, &mut pending_space, &mut starts);
                out.push(char::from(b.to_ascii_lowercase()));
            } else if b != b'\'' {
                pending_space = true;
            }
            continue;
        }
        let Some(ch) = text.get(i..).and_then(|t| t.chars().next()) else {
            break;
        };
        i += ch.len_utf8();
        if ch.is_alphanumeric() {
            begin_char(out, &mut pending_space, &mut starts);
            out.extend(ch.to_lowercase());
        } else if ch == '’' || ch == '\u{AD}' || ch.is_mark() {
            // Apostrophes and soft hyphens join ("Valdoria's" -> "valdorias").
        } else {
            pending_space = true;
        }
    }
}

trait IsMark {
    fn is_mark(&self) -> bool;
}
impl IsMark for char {
    fn is_mark(&self) -> bool {
        matches!(*self as u32, 0x0300..=0x036F | 0x200B..=0x200D | 0xFEFF)
    }
}

/// Per-permutation seeds of the `a * x + b mod 2^32` permutations (odd `a`) applied
/// to a well-mixed 32-bit shingle hash: vectorisable, as accurate as the
/// 64-bit multiply-shift family on the synthetic bench (mean error 0.026).
pub(crate) fn perm_params(n: usize) -> Vec<(u64, u64)> {
    let mut s = 0x0005_EED0_FDED_u64;
    (0..n)
        .map(|_| {
            let a = splitmix(&mut s) | 1;
            let b = splitmix(&mut s);
            (a, b)
        })
        .collect()
}

fn splitmix(s: &mut u64) -> u64 {
    *s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *s;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn params_for(n: usize) -> std::borrow::Cow<'static, [(u64, u64)]> {
    static DEFAULT: OnceLock<Vec<(u64, u64)>> = OnceLock::new();
    let d = DEFAULT.get_or_init(|| perm_params(128));
    if n <= d.len() {
        std::borrow::Cow::Borrowed(&d[..n])
    } else {
        std::borrow::Cow::Owned(perm_params(n))
    }
}

/// `mins[i] = min over x of (pa[i] * x + pb[i])` (wrapping, 32 bit).
fn min_hashes(xs: &[u32], pa: &[u32], pb: &[u32], mins: &mut [u32]) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2 (checked just above); the function
            // is plain safe Rust compiled with AVX2 enabled.
            unsafe { min_hashes_avx2(xs, pa, pb, mins) };
            return;
        }
    }
    min_hashes_generic(xs, pa, pb, mins);
}

/// The same loop compiled for AVX2 (8 lanes of 32-bit multiply), which the
/// baseline x86-64 target (SSE2) lacks.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn min_hashes_avx2(xs: &[u32], pa: &[u32], pb: &[u32], mins: &mut [u32]) {
    min_hashes_generic(xs, pa, pb, mins);
}

#[inline(always)]
fn min_hashes_generic(xs: &[u32], pa: &[u32], pb: &[u32], mins: &mut [u32]) {
    for &x in xs {
        for ((m, &a), &b) in mins.iter_mut().zip(pa).zip(pb) {
            let v = a.wrapping_mul(x).wrapping_add(b);
            *m = (*m).min(v);
        }
    }
}

/// Fingerprints a text: exact hash of its normalised form and a MinHash
/// signature of its word shingles. A leading dateline (`CITY, June 16 (Agency):`)
/// and agency tags (`(Reuters)`) are left out of both, so syndicated copies
/// with different datelines still match; the agency is kept in
/// [`Fingerprint::agency`].
pub fn fingerprint(text: &str, cfg: &DedupConfig) -> Fingerprint {
    let (body, mut agency) = strip_tags(text);
    let mut credited = false;
    if agency.is_none() {
        agency = credited_agency(&body);
        credited = agency.is_some();
    }
    let mut norm = String::with_capacity(body.len());
    let mut starts = Vec::with_capacity(body.len() / 5);
    normalize_into(&body, &mut norm, Some(&mut starts));
    let exact = xxh3_64(norm.as_bytes());
    let ends = starts
        .iter()
        .skip(1)
        .map(|&s| s.saturating_sub(1))
        .chain(std::iter::once(norm.len()));
    let word_hashes: Vec<u64> = starts
        .iter()
        .zip(ends)
        .map(|(&s, e)| xxh3_64(norm.as_bytes().get(s..e).unwrap_or(&[])))
        .collect();
    if word_hashes.is_empty() || cfg.num_perm == 0 {
        return Fingerprint {
            exact,
            minhash: Vec::new(),
            agency,
            shingles: 0,
            credited,
        };
    }
    let k = cfg.shingle.max(1).min(word_hashes.len());
    let params = params_for(cfg.num_perm);
    let mut mins = vec![u32::MAX; cfg.num_perm];
    let pa: Vec<u32> = params.iter().map(|p| (p.0 >> 32) as u32 | 1).collect();
    let pb: Vec<u32> = params.iter().map(|p| (p.1 >> 32) as u32).collect();
    // Shingle hashes. The set size is taken as the number of windows:
    // repeats are rare in prose, and over-counting only lowers containment.
    let shingle_hashes: Vec<u32> = word_hashes
        .windows(k)
        .map(|win| {
            let mut s: u64 = 0;
            for &w in win {
                s = (s.rotate_left(23) ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            }
            s ^= s >> 29;
            (s >> 32) as u32 ^ (s as u32).rotate_left(16)
        })
        .collect();
    min_hashes(&shingle_hashes, &pa, &pb, &mut mins);
    Fingerprint {
        exact,
        minhash: mins,
        agency,
        shingles: u32::try_from(word_hashes.len() + 1 - k).unwrap_or(u32::MAX),
        credited,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain char-by-char definition the fast path must match.
    fn normalize_reference(text: &str) -> String {
        let mut out = String::new();
        let mut pending_space = false;
        for ch in text.chars() {
            if ch.is_alphanumeric() {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.extend(ch.to_lowercase());
            } else if ch == '\'' || ch == '’' || ch == '\u{AD}' || ch.is_mark() {
            } else {
                pending_space = true;
            }
        }
        out
    }

    proptest! {
        #[test]
        fn fast_normalize_matches_reference(t in "(\\PC|[ \n'’\u{AD}\u{301}«»—A-Za-z0-9İẞ])*") {
            let reference = normalize_reference(&t);
            prop_assert_eq!(normalize(&t), reference.clone());
            let mut out = String::new();
            let mut starts = Vec::new();
            normalize_into(&t, &mut out, Some(&mut starts));
            let words: Vec<&str> = reference.split(' ').filter(|w| !w.is_empty()).collect();
            let ends = starts.iter().skip(1).map(|&s| s - 1).chain(std::iter::once(out.len()));
            let got: Vec<&str> = starts.iter().zip(ends).map(|(&s, e)| &out[s..e]).collect();
            prop_assert_eq!(got, words);
        }
    }

    #[test]
    fn normalize_lowercases_and_strips_punctuation() {
        assert_eq!(
            normalize("  Hello,   World!\n«Да» — it's"),
            "hello world да its"
        );
    }

    #[test]
    fn dateline_and_agency_are_stripped_but_kept() {
        let (b, a) = strip_tags("KESSGRAD, June 16 (Northwire): The minister resigned.");
        assert_eq!(b.trim(), "The minister resigned.");
        assert_eq!(a.as_deref(), Some("northwire"));
        let (b, a) = strip_tags("LONDON (Reuters) - Prices rose (AP) again.");
        assert_eq!(normalize(&b), "prices rose again");
        assert_eq!(a.as_deref(), Some("reuters"));
        // A normal sentence start is not a dateline.
        let (b, a) = strip_tags("The Minister said: no.");
        assert_eq!(b, "The Minister said: no.");
        assert_eq!(a, None);
        // Bracketed words that are not agencies stay.
        let (b, _) = strip_tags("The party (which won) said.");
        assert_eq!(b, "The party (which won) said.");
    }

    #[test]
    fn same_body_with_different_datelines_is_exact() {
        let cfg = DedupConfig::default();
        let a = fingerprint(
            "OSTRA, May 2 (Reuters) - The bridge reopened after repairs.",
            &cfg,
        );
        let b = fingerprint("OSTRA (Reuters) — The bridge reopened after repairs.", &cfg);
        assert_eq!(a.exact, b.exact);
        assert_eq!(a.similarity(&b), 1.0);
    }

    #[test]
    fn config_validation() {
        assert!(DedupConfig::default().validate().is_ok());
        let bad = DedupConfig {
            bands: 65,
            ..DedupConfig::default()
        };
        assert!(bad.validate().is_err());
    }
}
