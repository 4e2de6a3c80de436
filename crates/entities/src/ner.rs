//! A greedy averaged-perceptron name tagger (BIO over person, organisation and
//! place) with hashed features, trained by `examples/train_ner.rs` on GUM
//! train and shipped as `data/ner.bin`.
//!
//! Model file: `NLNER1\0\0`, then little-endian `u32` feature count, `f32`
//! scale, and per feature a `u32` hash key, a `u8` label mask and one `i16`
//! weight per set mask bit.
//!
//! Features: the word, its shape, prefixes and suffixes, capitalisation and
//! sentence start, the separators around it, neighbours at ±2, gazetteer and
//! lexicon classes (given names, places, organisations, role nouns, titles),
//! the capitalised run it sits in, document cues (the word seen in lower case
//! or capitalised mid-sentence elsewhere), the previous two labels and the
//! type the same word received earlier in the document. Decoding is greedy,
//! left to right; a name string then takes its majority type in the document,
//! and a word tagged mostly as a one-word person or a person's surname marks
//! its untagged stand-alone mentions, earlier or later, as persons too.
//!
//! Rebuild: `cargo run --release -p newsline-entities --example train_ner --
//! ../shared/bench/gum crates/entities/data/ner.bin` (deterministic).

use std::collections::HashMap;

use newsline_model::{EntityType, Span};
use once_cell::sync::Lazy;

use crate::error::EntityError;
use crate::lexicon::{role_class, HONORIFICS, LEX, NOT_NAME, ORG_CUES, STOP};
use crate::tokens::{tokenize, Tok};

/// Number of labels: O, B-PER, I-PER, B-ORG, I-ORG, B-LOC, I-LOC.
const NL: usize = 7;
const MAGIC: &[u8; 8] = b"NLNER1\0\0";

static MODEL: Lazy<Option<NerModel>> =
    Lazy::new(|| NerModel::from_bytes(include_bytes!("../data/ner.bin")).ok());

/// The shipped model, when it loads.
pub(crate) fn model() -> Option<&'static NerModel> {
    MODEL.as_ref()
}

fn label_type(l: usize) -> Option<EntityType> {
    match l {
        1 | 2 => Some(EntityType::Person),
        3 | 4 => Some(EntityType::Organization),
        5 | 6 => Some(EntityType::Place),
        _ => None,
    }
}

fn type_base(t: EntityType) -> Option<usize> {
    match t {
        EntityType::Person => Some(1),
        EntityType::Organization => Some(3),
        EntityType::Place => Some(5),
        _ => None,
    }
}

/// `I-X` only continues `B-X` or `I-X`.
fn allowed(prev: usize, l: usize) -> bool {
    l == 0 || l % 2 == 1 || prev == l || prev + 1 == l
}

/// A loaded tagger.
#[derive(Debug)]
pub struct NerModel {
    /// Open-addressing table of hash keys (0 = empty).
    keys: Vec<u32>,
    /// Row of each slot into `weights`.
    rows: Vec<u32>,
    weights: Vec<[f32; NL]>,
    mask: usize,
}

fn rd<const N: usize>(b: &[u8], pos: &mut usize) -> Result<[u8; N], EntityError> {
    let s = b
        .get(*pos..*pos + N)
        .ok_or(EntityError::BadModel("truncated"))?;
    *pos += N;
    let mut out = [0u8; N];
    out.copy_from_slice(s);
    Ok(out)
}

impl NerModel {
    /// Parses a model file.
    pub fn from_bytes(b: &[u8]) -> Result<Self, EntityError> {
        let mut pos = 0;
        if rd::<8>(b, &mut pos)? != *MAGIC {
            return Err(EntityError::BadModel("bad magic"));
        }
        let n = u32::from_le_bytes(rd::<4>(b, &mut pos)?) as usize;
        let scale = f32::from_le_bytes(rd::<4>(b, &mut pos)?);
        if n > b.len() {
            return Err(EntityError::BadModel("bad feature count"));
        }
        let cap = (n * 2).next_power_of_two().max(16);
        let mut m = NerModel {
            keys: vec![0; cap],
            rows: vec![0; cap],
            weights: Vec::with_capacity(n),
            mask: cap - 1,
        };
        for _ in 0..n {
            let key = u32::from_le_bytes(rd::<4>(b, &mut pos)?);
            let bits = rd::<1>(b, &mut pos)?[0];
            let mut w = [0f32; NL];
            for (l, slot) in w.iter_mut().enumerate() {
                if bits & (1 << l) != 0 {
                    *slot = f32::from(i16::from_le_bytes(rd::<2>(b, &mut pos)?)) * scale;
                }
            }
            if key == 0 {
                continue;
            }
            let mut s = key as usize & m.mask;
            while m.keys[s] != 0 && m.keys[s] != key {
                s = (s + 1) & m.mask;
            }
            m.keys[s] = key;
            m.rows[s] = m.weights.len() as u32;
            m.weights.push(w);
        }
        Ok(m)
    }

    fn get(&self, key: u32) -> Option<&[f32; NL]> {
        let mut s = key as usize & self.mask;
        loop {
            let k = *self.keys.get(s)?;
            if k == key {
                return self.weights.get(*self.rows.get(s)? as usize);
            }
            if k == 0 {
                return None;
            }
            s = (s + 1) & self.mask;
        }
    }

    fn scores(&self, feats: &[u32], out: &mut [f32; NL]) {
        for f in feats {
            if let Some(w) = self.get(*f) {
                for (o, x) in out.iter_mut().zip(w) {
                    *o += x;
                }
            }
        }
    }

    /// Tags tokens; returns token ranges `[a, b)` with their types.
    pub(crate) fn tag(&self, text: &str, toks: &[Tok]) -> Vec<(usize, usize, EntityType)> {
        let (stat, wh) = static_features(text, toks);
        let mut labels = Vec::with_capacity(toks.len());
        let mut feats = Vec::with_capacity(64);
        let mut hist = History::new();
        for (i, st) in stat.chunks(NSTAT).enumerate() {
            feats.clear();
            feats.extend_from_slice(st);
            let cur = key_of(&wh, toks, i);
            hist.features(st, cur, key_of(&wh, toks, i + 1), &mut feats);
            let mut sc = [0f32; NL];
            self.scores(&feats, &mut sc);
            let l = best(&sc, hist.p1);
            labels.push(l);
            hist.push(cur, l);
        }
        let mut spans = spans_of(&labels);
        vote(toks, &mut spans);
        propagate(text, toks, &mut spans);
        spans
    }
}

/// Later and earlier mentions of a tagged person: an untagged capitalised word
/// that the tagger typed elsewhere in the document mostly as a one-word person
/// name or as a person's surname is a person too ("Rugal" after "Rugal
/// attacked", "Stevens" before "Michael Stevens").
fn propagate(text: &str, toks: &[Tok], spans: &mut Vec<(usize, usize, EntityType)>) {
    let mut types: HashMap<&str, [usize; 3]> = HashMap::new();
    for &(a, b, t) in spans.iter() {
        let k = if b == a + 1 {
            a
        } else if t == EntityType::Person {
            b - 1
        } else {
            continue;
        };
        let Some(tok) = toks.get(k) else { continue };
        let slot = type_base(t).map_or(0, |x| x / 2);
        if let Some(v) = types.entry(tok.lower.as_str()).or_default().get_mut(slot) {
            *v += 1;
        }
    }
    if types.is_empty() {
        return;
    }
    let mut covered = vec![false; toks.len()];
    for &(a, b, _) in spans.iter() {
        for c in covered.iter_mut().take(b).skip(a) {
            *c = true;
        }
    }
    let mut added = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if !t.cap || covered.get(i).copied().unwrap_or(true) {
            continue;
        }
        let Some(v) = types.get(t.lower.as_str()) else {
            continue;
        };
        let w = t.lower.as_str();
        if t.initial && (STOP.contains(w) || NOT_NAME.contains(w)) {
            continue;
        }
        // part of a longer capitalised run: not the same name
        let prev_cap = i > 0
            && toks.get(i - 1).is_some_and(|p| {
                p.cap
                    && crate::tokens::tight(text, p, t, false)
                    && !(p.initial && STOP.contains(p.lower.as_str()))
            });
        let next_cap = toks
            .get(i + 1)
            .is_some_and(|n| n.cap && crate::tokens::tight(text, t, n, true));
        if prev_cap || next_cap {
            continue;
        }
        let mut best = 0;
        for (k, n) in v.iter().enumerate() {
            if *n > v[best] {
                best = k;
            }
        }
        // measured on GUM dev: places and organisations spread this way
        // bring as many false names as true ones
        if best == 0 {
            added.push((i, i + 1, EntityType::Person));
        }
    }
    if !added.is_empty() {
        spans.extend(added);
        spans.sort_by_key(|s| s.0);
    }
}

/// One type per name string in a document: the majority of its mentions.
fn vote(toks: &[Tok], spans: &mut [(usize, usize, EntityType)]) {
    let key = |a: usize, b: usize| -> String {
        toks.get(a..b)
            .unwrap_or(&[])
            .iter()
            .map(|t| t.lower.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut votes: HashMap<String, [usize; 3]> = HashMap::new();
    for &(a, b, t) in spans.iter() {
        let k = type_base(t).map_or(0, |x| x / 2);
        if let Some(v) = votes.entry(key(a, b)).or_default().get_mut(k) {
            *v += 1;
        }
    }
    for (a, b, t) in spans.iter_mut() {
        if let Some(v) = votes.get(&key(*a, *b)) {
            let cur = type_base(*t).map_or(0, |x| x / 2);
            let mut best = cur;
            for (k, n) in v.iter().enumerate() {
                if *n > v[best] {
                    best = k;
                }
            }
            if let Some(nt) = label_type(best * 2 + 1) {
                *t = nt;
            }
        }
    }
}

fn best(sc: &[f32; NL], prev: usize) -> usize {
    let mut b = 0;
    for l in 1..NL {
        if allowed(prev, l) && sc[l] > sc[b] {
            b = l;
        }
    }
    b
}

fn spans_of(labels: &[usize]) -> Vec<(usize, usize, EntityType)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < labels.len() {
        let l = labels[i];
        if l % 2 == 1 {
            let mut j = i + 1;
            while j < labels.len() && labels[j] == l + 1 {
                j += 1;
            }
            if let Some(t) = label_type(l) {
                out.push((i, j, t));
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

// ---------------------------------------------------------------- features

const FNV: u32 = 0x811c_9dc5;
const PRIME: u32 = 0x0100_0193;

fn h(tpl: u8, parts: &[&[u8]]) -> u32 {
    let mut x = FNV ^ u32::from(tpl);
    x = x.wrapping_mul(PRIME);
    for p in parts {
        for b in *p {
            x ^= u32::from(*b);
            x = x.wrapping_mul(PRIME);
        }
        x ^= 0xff;
        x = x.wrapping_mul(PRIME);
    }
    fin(x)
}

fn fin(mut x: u32) -> u32 {
    x ^= x >> 16;
    x = x.wrapping_mul(0x7feb_352d);
    x ^= x >> 15;
    x = x.wrapping_mul(0x846c_a68b);
    x ^= x >> 16;
    x.max(1)
}

fn mix(a: u32, tpl: u8, v: usize) -> u32 {
    fin(a ^ (u32::from(tpl) << 24) ^ ((v as u32 + 1).wrapping_mul(0x9e37_79b9)))
}

/// Number of static features per token.
const NSTAT: usize = 37;

fn shape(w: &str, long: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(8);
    for c in w.chars() {
        let s = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'?'
        };
        if long {
            if out.len() < 8 {
                out.push(s);
            }
        } else if out.last() != Some(&s) {
            out.push(s);
        }
    }
    out
}

/// Lexicon class of a token.
fn lex_class(t: &Tok, gaz: u8) -> u8 {
    let w = t.lower.as_str();
    if gaz != 0 {
        return gaz;
    }
    if HONORIFICS.contains(w) {
        return b'h';
    }
    if LEX.given.contains_key(w) {
        return b'g';
    }
    if LEX.demonyms.contains_key(w) {
        return b'd';
    }
    if ORG_CUES.contains(w) {
        return b'o';
    }
    if role_class(w).is_some() {
        return b't';
    }
    if STOP.contains(w) {
        return b's';
    }
    if NOT_NAME.contains(w) {
        return b'n';
    }
    b'-'
}

/// Separator class of the text between two offsets (the strongest mark).
fn sep(text: &str, a: usize, b: usize) -> u8 {
    let g = text.get(a..b).unwrap_or("");
    let mut best = (0u8, b'0');
    for ch in g.chars() {
        let k = match ch {
            '\n' => (9, b'n'),
            '.' | '!' | '?' => (8, b'.'),
            '"' | '“' | '”' | '\'' | '‘' | '’' => (7, b'q'),
            '(' | ')' | '[' | ']' => (6, b'('),
            ':' | ';' => (5, b':'),
            ',' => (4, b','),
            '-' | '–' | '—' => (3, b'-'),
            ' ' | '\t' => (1, b' '),
            _ => (2, b'*'),
        };
        if k.0 > best.0 {
            best = k;
        }
    }
    best.1
}

/// Gazetteer tags per token: `B`/`I` × type letter.
fn gaz_tags(toks: &[Tok]) -> Vec<u8> {
    let mut out = vec![0u8; toks.len()];
    let mut i = 0;
    while i < toks.len() {
        let start_ok = toks.get(i).is_some_and(|t| t.cap || t.lower == "the");
        let mut best: Option<(usize, EntityType)> = None;
        if start_ok {
            let mut key = String::new();
            for k in i..(i + LEX.max_words).min(toks.len()) {
                let Some(t) = toks.get(k) else { break };
                if !key.is_empty() {
                    key.push(' ');
                }
                key.push_str(&t.lower);
                if let Some(e) = LEX.gazetteer.get(&key) {
                    best = Some((k + 1 - i, e.etype));
                }
                if t.possessive {
                    break;
                }
            }
        }
        match best {
            Some((len, t)) => {
                let letter = match t {
                    EntityType::Person => b'P',
                    EntityType::Organization => b'O',
                    _ => b'L',
                };
                for (k, slot) in out.iter_mut().skip(i).take(len).enumerate() {
                    *slot = if k == 0 { letter } else { letter + 32 };
                }
                i += len;
            }
            None => i += 1,
        }
    }
    out
}

fn prefix(w: &str, n: usize) -> &str {
    match w.char_indices().nth(n) {
        Some((i, _)) => w.get(..i).unwrap_or(w),
        None => w,
    }
}

fn suffix(w: &str, n: usize) -> &str {
    let count = w.chars().count();
    if count <= n {
        return w;
    }
    match w.char_indices().nth(count - n) {
        Some((i, _)) => w.get(i..).unwrap_or(w),
        None => w,
    }
}

/// Combines two hashed values into a feature of template `tpl`.
fn pair(tpl: u8, a: u32, b: u32) -> u32 {
    fin(a.rotate_left(13) ^ b.wrapping_mul(0x9e37_79b9) ^ (u32::from(tpl) << 24))
}

/// Hasher for keys that are already hashes.
#[derive(Default)]
struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(*b);
        }
    }
    fn write_u32(&mut self, i: u32) {
        self.0 = u64::from(i);
    }
}

type IdMap<V> = HashMap<u32, V, std::hash::BuildHasherDefault<IdHasher>>;

/// Static features of every token, `NSTAT` per token; also the per-token word
/// hashes used by the decoder.
fn static_features(text: &str, toks: &[Tok]) -> (Vec<u32>, Vec<u32>) {
    let n = toks.len();
    let gaz = gaz_tags(toks);
    let lex: Vec<u8> = toks
        .iter()
        .zip(&gaz)
        .map(|(t, g)| lex_class(t, *g))
        .collect();
    let wh: Vec<u32> = toks.iter().map(|t| h(1, &[t.lower.as_bytes()])).collect();
    let sh: Vec<u32> = toks
        .iter()
        .map(|t| h(2, &[&shape(text.get(t.start..t.end).unwrap_or(""), false)]))
        .collect();
    // document-level: lower-case forms seen uncapitalised, capitalised forms
    // seen mid-sentence
    let mut seen_lower: Vec<u32> = Vec::new();
    let mut seen_cap_mid: Vec<u32> = Vec::new();
    for (t, w) in toks.iter().zip(&wh) {
        if !t.cap {
            seen_lower.push(*w);
        } else if !t.initial {
            seen_cap_mid.push(*w);
        }
    }
    seen_lower.sort_unstable();
    seen_cap_mid.sort_unstable();
    const START: u32 = 0x5354_4152;
    const END: u32 = 0x454e_4421;
    let word = |k: isize| -> u32 {
        if k < 0 {
            return START;
        }
        wh.get(k as usize).copied().unwrap_or(END)
    };
    let shp = |k: isize| -> u32 {
        if k < 0 {
            return START;
        }
        sh.get(k as usize).copied().unwrap_or(END)
    };
    let lx = |k: isize| -> u8 {
        if k < 0 {
            return b'<';
        }
        lex.get(k as usize).copied().unwrap_or(b'>')
    };
    // capitalised runs (connectors "of", "de", "and", "the" inside): each
    // token learns the run's first and last word and the words around it
    let mut run: Vec<(usize, usize)> = vec![(0, 0); n];
    let mut i = 0;
    while i < n {
        if !toks.get(i).is_some_and(|t| t.cap) {
            run[i] = (i, i + 1);
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n {
            if toks.get(j).is_some_and(|t| t.cap) && !toks.get(j - 1).is_some_and(|t| t.possessive)
            {
                j += 1;
            } else if toks.get(j).is_some_and(|t| {
                matches!(
                    t.lower.as_str(),
                    "of" | "de" | "the" | "and" | "for" | "del" | "la"
                )
            }) && toks.get(j + 1).is_some_and(|t| t.cap)
            {
                j += 2;
            } else {
                break;
            }
        }
        for slot in run.iter_mut().take(j).skip(i) {
            *slot = (i, j);
        }
        i = j;
    }
    let mut out = Vec::with_capacity(n * NSTAT);
    for (i, t) in toks.iter().enumerate() {
        let k = i as isize;
        let surface = text.get(t.start..t.end).unwrap_or("");
        let w = t.lower.as_str();
        let before = sep(
            text,
            if i == 0 {
                0
            } else {
                toks.get(i - 1).map_or(0, |p| p.end)
            },
            t.start,
        );
        let after = sep(text, t.end, toks.get(i + 1).map_or(text.len(), |x| x.start));
        let allcaps =
            surface.chars().any(char::is_uppercase) && !surface.chars().any(char::is_lowercase);
        let flags = [
            u8::from(t.cap),
            u8::from(t.initial),
            u8::from(allcaps),
            u8::from(t.possessive),
        ];
        let doc = [
            u8::from(seen_lower.binary_search(&word(k)).is_ok()),
            u8::from(seen_cap_mid.binary_search(&word(k)).is_ok()),
            u8::from(t.cap),
            u8::from(t.initial),
        ];
        let long = shape(surface, true);
        let (ra, rb) = run.get(i).copied().unwrap_or((i, i + 1));
        let pos_in_run = if rb == ra + 1 {
            b'u'
        } else if i == ra {
            b'b'
        } else if i + 1 == rb {
            b'l'
        } else {
            b'i'
        };
        let (ra, rb) = (ra as isize, rb as isize);
        let f: [u32; NSTAT] = [
            h(0, &[]),
            word(k),
            shp(k),
            h(3, &[&long]),
            h(4, &[prefix(w, 1).as_bytes()]),
            h(5, &[prefix(w, 2).as_bytes()]),
            h(6, &[prefix(w, 3).as_bytes()]),
            h(7, &[suffix(w, 2).as_bytes()]),
            h(8, &[suffix(w, 3).as_bytes()]),
            h(9, &[suffix(w, 4).as_bytes()]),
            h(10, &[&flags]),
            pair(11, word(k - 1), 0),
            pair(12, word(k + 1), 0),
            pair(13, word(k - 2), 0),
            pair(14, word(k + 2), 0),
            pair(15, shp(k - 1), shp(k)),
            pair(16, shp(k), shp(k + 1)),
            h(17, &[&[before, after]]),
            h(18, &[&[lx(k)]]),
            h(19, &[&[lx(k - 1), lx(k)]]),
            h(20, &[&[lx(k), lx(k + 1)]]),
            pair(21, word(k - 1), word(k)),
            pair(22, word(k), word(k + 1)),
            h(23, &[&doc]),
            pair(24, u32::from(before), word(k)),
            h(25, &[&[lx(k - 2), lx(k - 1)]]),
            h(26, &[&[lx(k + 1), lx(k + 2)]]),
            h(27, &[suffix(w, 1).as_bytes()]),
            pair(28, u32::from(before), shp(k)),
            pair(29, pair(0, shp(k - 1), shp(k)), shp(k + 1)),
            pair(30, word(ra), 0),
            pair(31, word(rb - 1), 0),
            pair(32, word(ra - 1), 0),
            pair(33, word(rb), 0),
            h(34, &[&[(rb - ra).min(5) as u8, pos_in_run]]),
            pair(35, word(ra - 1), word(rb - 1)),
            h(36, &[&[lx(rb - 1), lx(ra)]]),
        ];
        out.extend_from_slice(&f);
    }
    (out, wh)
}

/// Decoding state: the previous labels and the type each capitalised word
/// had earlier in the document.
struct History {
    p1: usize,
    p2: usize,
    mem: IdMap<usize>,
}

impl History {
    fn new() -> Self {
        History {
            p1: 0,
            p2: 0,
            mem: IdMap::default(),
        }
    }

    /// Features that depend on the previous labels; `cur` and `next` are
    /// (word hash, capitalised) of this and the next token.
    fn features(&self, st: &[u32], cur: (u32, bool), next: (u32, bool), feats: &mut Vec<u32>) {
        let word = st.get(1).copied().unwrap_or(0);
        let shp = st.get(2).copied().unwrap_or(0);
        let lx = st.get(18).copied().unwrap_or(0);
        let (p1, p2) = (self.p1, self.p2);
        feats.push(h(40, &[&[p1 as u8]]));
        feats.push(h(41, &[&[p1 as u8, p2 as u8]]));
        feats.push(mix(word, 42, p1));
        feats.push(mix(shp, 43, p1));
        feats.push(mix(lx, 44, p1));
        let m = if cur.1 {
            self.mem.get(&cur.0).copied().unwrap_or(0)
        } else {
            9
        };
        feats.push(h(45, &[&[m as u8]]));
        feats.push(mix(shp, 46, m));
        feats.push(mix(m as u32, 47, p1));
        let mn = if next.1 {
            self.mem.get(&next.0).copied().unwrap_or(0)
        } else {
            0
        };
        feats.push(h(48, &[&[m as u8, mn as u8]]));
    }

    fn push(&mut self, cur: (u32, bool), l: usize) {
        self.p2 = self.p1;
        self.p1 = l;
        if cur.1 && l != 0 {
            let base = if l % 2 == 1 { l } else { l - 1 };
            self.mem.insert(cur.0, base);
        }
    }
}

/// (word hash, capitalised) of token `i`; the end of text is lower case.
fn key_of(wh: &[u32], toks: &[Tok], i: usize) -> (u32, bool) {
    (
        wh.get(i).copied().unwrap_or(0),
        toks.get(i).is_some_and(|t| t.cap),
    )
}

// ---------------------------------------------------------------- training

/// Trains a model on documents with byte-span gold names; returns the model
/// file. Deterministic: fixed document order shuffle per epoch.
pub fn train(docs: &[(String, Vec<(Span, EntityType)>)], epochs: usize, prune: f32) -> Vec<u8> {
    // prepare
    // per document: static features, gold labels, tokens, word hashes
    type Prepared = (Vec<u32>, Vec<usize>, Vec<Tok>, Vec<u32>);
    let mut data: Vec<Prepared> = Vec::new();
    for (text, gold) in docs {
        let toks = tokenize(text);
        let mut labels = vec![0usize; toks.len()];
        for (span, t) in gold {
            let Some(base) = type_base(*t) else { continue };
            let mut first = true;
            for (i, tk) in toks.iter().enumerate() {
                if tk.start < span.end && span.start < tk.end && labels[i] == 0 {
                    labels[i] = if first { base } else { base + 1 };
                    first = false;
                }
            }
        }
        let (stat, wh) = static_features(text, &toks);
        data.push((stat, labels, toks, wh));
    }
    let mut w: HashMap<u32, [(f32, f32); NL]> = HashMap::new();
    let mut c: f32 = 1.0;
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut feats = Vec::with_capacity(48);
    for _ in 0..epochs {
        // Fisher-Yates with a fixed LCG
        for i in (1..order.len()).rev() {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let j = (seed >> 33) as usize % (i + 1);
            order.swap(i, j);
        }
        for &d in &order {
            let Some((stat, gold, toks, wh)) = data.get(d) else {
                continue;
            };
            let mut hist = History::new();
            for (i, (st, &g)) in stat.chunks(NSTAT).zip(gold).enumerate() {
                feats.clear();
                feats.extend_from_slice(st);
                let cur = key_of(wh, toks, i);
                hist.features(st, cur, key_of(wh, toks, i + 1), &mut feats);
                let mut sc = [0f32; NL];
                for f in &feats {
                    if let Some(row) = w.get(f) {
                        for (o, x) in sc.iter_mut().zip(row) {
                            *o += x.0;
                        }
                    }
                }
                let guess = best(&sc, hist.p1);
                if guess != g {
                    for f in &feats {
                        let row = w.entry(*f).or_insert([(0.0, 0.0); NL]);
                        row[g].0 += 1.0;
                        row[g].1 += c;
                        row[guess].0 -= 1.0;
                        row[guess].1 -= c;
                    }
                }
                c += 1.0;
                hist.push(cur, guess);
            }
        }
    }
    // average, prune, quantise
    let mut rows: Vec<(u32, [f32; NL])> = w
        .into_iter()
        .map(|(k, r)| {
            let mut a = [0f32; NL];
            for (o, (wt, u)) in a.iter_mut().zip(r) {
                *o = wt - u / c;
            }
            (k, a)
        })
        .filter(|(_, a)| a.iter().any(|x| x.abs() >= prune))
        .collect();
    rows.sort_by_key(|r| r.0);
    let maxw = rows
        .iter()
        .flat_map(|r| r.1.iter())
        .fold(0f32, |m, x| m.max(x.abs()))
        .max(1e-6);
    let scale = maxw / 32767.0;
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    out.extend_from_slice(&scale.to_le_bytes());
    for (k, a) in rows {
        let q: Vec<i16> = a
            .iter()
            .map(|x| {
                if x.abs() < prune {
                    0
                } else {
                    (x / scale).round().clamp(-32767.0, 32767.0) as i16
                }
            })
            .collect();
        let mut bits = 0u8;
        for (l, v) in q.iter().enumerate() {
            if *v != 0 {
                bits |= 1 << l;
            }
        }
        out.extend_from_slice(&k.to_le_bytes());
        out.push(bits);
        for v in q.iter().filter(|v| **v != 0) {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    out
}

/// Tags `text` with the shipped model (byte spans and types); empty when the
/// model is missing.
pub fn tag_text(text: &str) -> Vec<(Span, EntityType)> {
    let toks = tokenize(text);
    let Some(m) = model() else {
        return Vec::new();
    };
    m.tag(text, &toks)
        .into_iter()
        .filter_map(|(a, b, t)| {
            let s = toks.get(a)?.start;
            let e = toks.get(b.checked_sub(1)?)?.end;
            Some((Span::new(s, e), t))
        })
        .collect()
}

/// Tags `text` with a model given as bytes (for evaluation during training).
pub fn tag_text_with(model: &NerModel, text: &str) -> Vec<(Span, EntityType)> {
    let toks = tokenize(text);
    model
        .tag(text, &toks)
        .into_iter()
        .filter_map(|(a, b, t)| {
            let s = toks.get(a)?.start;
            let e = toks.get(b.checked_sub(1)?)?.end;
            Some((Span::new(s, e), t))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_model_loads_and_is_not_empty() {
        let m = model().expect("data/ner.bin loads");
        assert!(m.weights.len() > 10_000, "{} features", m.weights.len());
    }

    #[test]
    fn malformed_models_are_errors() {
        assert!(NerModel::from_bytes(b"").is_err());
        assert!(NerModel::from_bytes(b"NOTAMODEL-------").is_err());
        // a header that promises more features than the file holds
        let mut b = MAGIC.to_vec();
        b.extend_from_slice(&3u32.to_le_bytes());
        b.extend_from_slice(&1f32.to_le_bytes());
        b.extend_from_slice(&[1, 0, 0, 0, 0b11]);
        assert!(NerModel::from_bytes(&b).is_err());
    }

    #[test]
    fn tags_names_in_an_invented_sentence() {
        let text = "Yesterday Maria Oberlander flew from Lisbon to Oslo, \
                    where the Nordvik Shipping Company opened an office.";
        let got: Vec<(String, EntityType)> = tag_text(text)
            .into_iter()
            .map(|(s, t)| (s.slice(text).to_string(), t))
            .collect();
        assert!(
            got.contains(&("Maria Oberlander".to_string(), EntityType::Person)),
            "{got:?}"
        );
        assert!(
            got.contains(&("Oslo".to_string(), EntityType::Place)),
            "{got:?}"
        );
        assert!(
            got.iter().all(|(s, _)| s != "Yesterday" && s != "where"),
            "{got:?}"
        );
    }

    #[test]
    fn a_tagged_person_spreads_to_its_untagged_mentions() {
        let text = "Marek Dolan arrived late. Later Dolan spoke. Dolan Street was closed. \
                    Vesna waved. Then Vesna left for Harrowgate. Harrowgate was quiet.";
        let toks = tokenize(text);
        let idx = |w: &str, nth: usize| {
            let at = text
                .match_indices(w)
                .nth(nth)
                .map_or(usize::MAX, |(i, _)| i);
            toks.iter()
                .position(|t| t.start == at)
                .unwrap_or(usize::MAX)
        };
        let marek = idx("Marek", 0);
        let vesna = idx("Vesna", 0);
        let town = idx("Harrowgate", 0);
        let mut spans = vec![
            (marek, marek + 2, EntityType::Person),
            (vesna, vesna + 1, EntityType::Person),
            (town, town + 1, EntityType::Place),
        ];
        propagate(text, &toks, &mut spans);
        let got: Vec<(&str, EntityType)> = spans
            .iter()
            .filter_map(|&(a, b, t)| Some((span_of_toks(text, &toks, a, b)?, t)))
            .collect();
        // the surname alone and the given name again are persons
        assert!(got.contains(&("Dolan", EntityType::Person)), "{got:?}");
        assert_eq!(
            got.iter().filter(|(s, _)| *s == "Vesna").count(),
            2,
            "{got:?}"
        );
        // "Dolan Street" is a longer name; places do not spread
        assert_eq!(
            got.iter().filter(|(s, _)| *s == "Dolan").count(),
            1,
            "{got:?}"
        );
        assert_eq!(
            got.iter().filter(|(s, _)| *s == "Harrowgate").count(),
            1,
            "{got:?}"
        );
        // spans stay sorted and disjoint
        assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0), "{spans:?}");
    }

    fn span_of_toks<'a>(text: &'a str, toks: &[Tok], a: usize, b: usize) -> Option<&'a str> {
        text.get(toks.get(a)?.start..toks.get(b.checked_sub(1)?)?.end)
    }

    #[test]
    fn training_is_deterministic_and_learns_its_data() {
        let text = "Ulla Brenner met Tomas Kell in Varnholm. Brenner left Varnholm early.";
        let at = |w: &str| {
            let s = text.find(w).unwrap_or(0);
            Span::new(s, s + w.len())
        };
        let gold = vec![
            (at("Ulla Brenner"), EntityType::Person),
            (at("Tomas Kell"), EntityType::Person),
            (at("Varnholm"), EntityType::Place),
        ];
        let docs = vec![(text.to_string(), gold)];
        let a = train(&docs, 5, 0.0);
        let b = train(&docs, 5, 0.0);
        assert_eq!(a, b);
        let m = NerModel::from_bytes(&a).expect("trained model loads");
        let got: Vec<(String, EntityType)> = tag_text_with(&m, text)
            .into_iter()
            .map(|(s, t)| (s.slice(text).to_string(), t))
            .collect();
        assert!(
            got.contains(&("Tomas Kell".to_string(), EntityType::Person)),
            "{got:?}"
        );
    }
}
