//! Quote extraction: direct, partial and indirect speech.

use newsline_entities::EntityAnalysis;
use newsline_model::{EntityType, Published, Quote, QuoteKind, Span, TimeMention};

use crate::attrib::{
    after_quote, before_quote, cue_at, np_backward, np_forward, outlet_after, subject_fallback,
    Attr,
};
use crate::text::{quote_segments, sentences, words, QSeg, W};

fn valid(text: &str, s: Span) -> bool {
    s.start <= s.end && text.get(s.start..s.end).is_some()
}

static DATELINE: once_cell::sync::Lazy<Option<regex::Regex>> = once_cell::sync::Lazy::new(|| {
    regex::Regex::new(
        r"^\s*\p{Lu}[\p{L} .'-]{1,40},\s*\p{L}{3,9}\.? \d{1,2}(?:,? \d{4})?\s*(?:\([^)]{1,40}\))?\s*[:—–-]+\s*",
    )
    .ok()
});

/// "WASHINGTON ―", "NEW YORK (AP) —": a capitalised dateline and a dash.
static DATELINE_CAPS: once_cell::sync::Lazy<Option<regex::Regex>> =
    once_cell::sync::Lazy::new(|| {
        regex::Regex::new(r"^\s*\p{Lu}{2}[\p{Lu} .,'-]{1,40}(?:\([^)]{1,20}\))?\s*[—–―]+\s*").ok()
    });

/// Trims whitespace, a leading dateline and trailing punctuation from a content span.
fn trim_content(text: &str, s: Span) -> Span {
    let Some(t) = text.get(s.start..s.end) else {
        return s;
    };
    let dl = DATELINE
        .as_ref()
        .and_then(|re| re.find(t))
        .or_else(|| DATELINE_CAPS.as_ref().and_then(|re| re.find(t)))
        .map(|m| m.end())
        .unwrap_or(0);
    let (s, t) = match t.get(dl..) {
        Some(rest) if dl > 0 => (Span::new(s.start + dl, s.end), rest),
        _ => (s, t),
    };
    let lead = t.len() - t.trim_start().len();
    let mut body = t.trim();
    while let Some(c) = body.chars().last() {
        if ",;:—–-”»\"“’'".contains(c) || c.is_whitespace() {
            body = body.get(..body.len() - c.len_utf8()).unwrap_or("");
        } else {
            break;
        }
    }
    Span::new(s.start + lead, s.start + lead + body.len())
}

/// A found quote before speaker resolution.
struct Raw {
    kind: QuoteKind,
    content: Span,
    attr: Option<Attr>,
    /// Sentence or paragraph used for dating.
    ctx: Span,
    para: Span,
}

/// Finds quotes and reported speech and attributes them to speakers.
pub fn extract(
    text: &str,
    paragraphs: &[Span],
    entities: &EntityAnalysis,
    times: &[TimeMention],
    published: &Published,
) -> Vec<Quote> {
    let mut paras: Vec<Span> = paragraphs
        .iter()
        .copied()
        .filter(|p| valid(text, *p) && !p.is_empty())
        .collect();
    if paras.is_empty() && !text.trim().is_empty() {
        paras.push(Span::new(0, text.len()));
    }
    paras.sort();
    let segs = quote_segments(text, &paras);
    let mut raws: Vec<Raw> = Vec::new();
    direct_quotes(text, &paras, &segs, &mut raws);
    let protect: Vec<Span> = segs.iter().map(|q| Span::new(q.open, q.after)).collect();
    indirect(text, &paras, &protect, entities, &mut raws);

    // Indirect speech that is only a quote: keep the quote, give it the speaker.
    let mut drop = vec![false; raws.len()];
    for i in 0..raws.len() {
        let Some(ri) = raws.get(i) else { continue };
        if ri.kind != QuoteKind::Indirect {
            continue;
        }
        let (ri_content, ri_attr) = (ri.content, ri.attr.clone());
        for j in 0..raws.len() {
            let Some(rj) = raws.get(j) else { continue };
            if rj.kind == QuoteKind::Indirect || !ri_content.overlaps(&rj.content) {
                continue;
            }
            let inter = ri_content.end.min(rj.content.end) - ri_content.start.max(rj.content.start);
            if inter * 10 >= ri_content.len() * 7 {
                if let Some(d) = drop.get_mut(i) {
                    *d = true;
                }
                if rj.attr.as_ref().is_none_or(|a| a.speaker.is_none()) {
                    let a = ri_attr.clone();
                    if let Some(r) = raws.get_mut(j) {
                        r.attr = a;
                    }
                }
            }
        }
    }
    // A partial quote with no speaker inside indirect speech: the quoted
    // words are the indirect speaker's ("According to him, X «does not …»").
    for j in 0..raws.len() {
        let Some(rj) = raws.get(j) else { continue };
        if rj.kind != QuoteKind::Partial || rj.attr.as_ref().is_some_and(|a| a.speaker.is_some()) {
            continue;
        }
        let content = rj.content;
        let host = raws
            .iter()
            .zip(&drop)
            .filter(|(r, d)| {
                !**d && r.kind == QuoteKind::Indirect
                    && r.content.contains(&content)
                    && r.attr.as_ref().is_some_and(|a| a.speaker.is_some())
            })
            .min_by_key(|(r, _)| r.content.len())
            .and_then(|(r, _)| r.attr.clone());
        if let (Some(a), Some(r)) = (host, raws.get_mut(j)) {
            r.attr = Some(a);
        }
    }
    // PolNeAR's convention, and the issue's: reported speech holding quoted
    // words ("relations are at a “low point”, he pointed out") is one
    // statement, of kind partial. A partial quote inside indirect speech
    // turns that indirect quote into a partial one; a partial quote after its
    // cue ("she called the bank's conduct “outrageous”") reaches back to
    // the cue.
    let mut hosts = vec![false; raws.len()];
    for j in 0..raws.len() {
        let Some(rj) = raws.get(j) else { continue };
        if rj.kind != QuoteKind::Partial
            || drop.get(j).copied().unwrap_or(true)
            || hosts.get(j).copied().unwrap_or(true)
        {
            continue;
        }
        let content = rj.content;
        let host = raws
            .iter()
            .enumerate()
            .filter(|(i, r)| {
                *i != j
                    && !drop.get(*i).copied().unwrap_or(true)
                    && r.kind == QuoteKind::Indirect
                    && r.content.start <= content.start
                    && (r.content.end >= content.end
                        || text
                            .get(r.content.end..content.end)
                            .is_some_and(|g| g.chars().all(|c| !c.is_alphanumeric())))
            })
            .min_by_key(|(_, r)| r.content.len())
            .map(|(i, _)| i);
        match host {
            Some(i) => {
                let attr = rj.attr.clone();
                if let Some(h) = hosts.get_mut(i) {
                    *h = true;
                }
                if let Some(h) = raws.get_mut(i) {
                    h.kind = QuoteKind::Partial;
                    if h.attr.as_ref().is_none_or(|a| a.speaker.is_none()) && attr.is_some() {
                        h.attr = attr;
                    }
                }
                if let Some(d) = drop.get_mut(j) {
                    *d = true;
                }
            }
            None => {
                let Some(cue) = rj.attr.as_ref().map(|a| a.cue) else {
                    continue;
                };
                let ctx = rj.ctx;
                if cue.end <= content.start && ctx.contains(&cue) && content.start - cue.end < 200 {
                    let mut start = cue.end;
                    let gap = words(text, Span::new(cue.end, content.start));
                    if gap.first().is_some_and(|w| w.lower == "that") {
                        start = gap.get(1).map_or(content.start, |w| w.start);
                    }
                    let start = trim_content(text, Span::new(start, content.end)).start;
                    if let Some(r) = raws.get_mut(j) {
                        r.content = Span::new(start.min(content.start), content.end);
                    }
                }
            }
        }
    }
    // An unattributed quote continues the closest statement before it (within
    // a short distance): "… said Lind. “We will not back down.”"
    for j in 0..raws.len() {
        if raws.get(j).is_none_or(|r| r.attr.is_some()) {
            continue;
        }
        let Some(start) = raws.get(j).map(|r| r.content.start) else {
            continue;
        };
        let prev = raws
            .iter()
            .zip(&drop)
            .filter(|(r, d)| {
                !**d && r.content.end <= start
                    && start - r.content.end < 400
                    && r.attr.as_ref().is_some_and(|a| a.speaker.is_some())
            })
            .max_by_key(|(r, _)| r.content.end)
            .and_then(|(r, _)| r.attr.clone());
        if let (Some(mut a), Some(r)) = (prev, raws.get_mut(j)) {
            a.conf *= 0.5;
            r.attr = Some(a);
        }
    }
    let mut out = Vec::new();
    for (r, d) in raws.into_iter().zip(drop) {
        // quoted text nobody is said to have said is not a statement
        if d || r.attr.is_none() || r.content.is_empty() || !valid(text, r.content) {
            continue;
        }
        out.push(finish(text, r, entities, times, published));
    }
    out.sort_by_key(|q| (q.content.start, q.content.end));
    dedupe(out)
}

/// Share of the longer span covered by both.
fn same_span(a: Span, b: Span) -> bool {
    let inter = a.end.min(b.end).saturating_sub(a.start.max(b.start));
    let longer = a.len().max(b.len()).max(1);
    inter * 10 >= longer * 9
}

/// Quality of an attribution, for choosing among duplicates.
fn rank(q: &Quote) -> (bool, bool, u32) {
    (
        q.speaker.is_some(),
        q.speaker_name.is_some(),
        (q.confidence * 1000.0) as u32,
    )
}

/// Drops the same quote found twice (same kind, nearly the same content
/// span), keeping the better attributed one; nested quotes with a different
/// content span are kept.
fn dedupe(quotes: Vec<Quote>) -> Vec<Quote> {
    let mut out: Vec<Quote> = Vec::with_capacity(quotes.len());
    for q in quotes {
        let dup = out
            .iter()
            .rposition(|p| p.kind == q.kind && same_span(p.content, q.content));
        match dup.and_then(|i| out.get_mut(i)) {
            Some(p) => {
                if rank(&q) > rank(p) {
                    *p = q;
                }
            }
            None => out.push(q),
        }
    }
    out
}

fn finish(
    text: &str,
    r: Raw,
    entities: &EntityAnalysis,
    times: &[TimeMention],
    published: &Published,
) -> Quote {
    let mut conf = r.attr.as_ref().map(|a| a.conf).unwrap_or(0.3);
    let mut speaker = None;
    let mut speaker_name = None;
    let mut speaker_span = None;
    let mut outlet = None;
    let mut cue_span = None;
    if let Some(a) = &r.attr {
        cue_span = Some(a.cue);
        if let Some(o) = a.outlet {
            let is_person = entities
                .entity_at(o)
                .is_some_and(|e| e.etype == EntityType::Person);
            if !is_person {
                outlet = Some(o.slice(text).to_string());
            }
        }
        if let Some(sp) = a.speaker {
            speaker_span = Some(sp);
            match entities.resolve(text, sp) {
                Some((idx, c)) => {
                    if let Some(e) = entities.entities().get(idx) {
                        speaker = Some(e.id.clone());
                        speaker_name = Some(e.name.clone());
                        conf *= c;
                        // an outlet reporting on its own
                        let verb = a.cue.slice(text).to_lowercase();
                        if e.etype == EntityType::Organization
                            && outlet.is_none()
                            && (verb.starts_with("report") || verb == "wrote")
                        {
                            outlet = Some(e.name.clone());
                        }
                    }
                }
                None => {
                    speaker_name = Some(sp.slice(text).to_string());
                    conf *= 0.6;
                }
            }
        } else {
            conf *= 0.5;
        }
    }
    // date: a day in the sentence, else in the paragraph
    let day = |scope: Span| {
        times.iter().find(|t| {
            scope.contains(&t.span)
                && t.value.len() == 10
                && t.value.as_bytes().get(4) == Some(&b'-')
                && t.value.chars().take(4).all(|c| c.is_ascii_digit())
        })
    };
    let (date, date_origin) = match day(r.ctx).or_else(|| day(r.para)) {
        Some(t) => (Some(t.value.clone()), Some("text".to_string())),
        None => match &published.value {
            Some(v) => (Some(v.clone()), Some("published".to_string())),
            None => (None, None),
        },
    };
    Quote {
        kind: r.kind,
        content: balance_marks(text, r.content),
        cue_span,
        speaker,
        speaker_name,
        speaker_span,
        outlet,
        date,
        date_origin,
        confidence: (conf * 100.0).round().clamp(0.0, 100.0) / 100.0,
    }
}

fn sentence_of(sents: &[Span], at: usize) -> Option<Span> {
    sents
        .iter()
        .copied()
        .find(|s| s.start <= at && at < s.end.max(s.start + 1))
}

/// The Russian-style `,— he said` / `, — said X` inside an unterminated or
/// early-closed quote: returns the byte where the content ends.
fn dash_cue(text: &str, from: usize, to: usize) -> Option<usize> {
    let to = char_floor(text, to.min(from.saturating_add(4000)));
    let s = text.get(from..to)?;
    for (i, c) in s.char_indices() {
        if c != '—' && c != '–' {
            continue;
        }
        let before = s.get(..i)?.trim_end();
        if !(before.ends_with(',')
            || before.ends_with('.')
            || before.ends_with('!')
            || before.ends_with('?'))
        {
            continue;
        }
        let rest = s.get(i + c.len_utf8()..)?;
        let after = from + i + c.len_utf8();
        let ws = words(
            text,
            Span::new(after, char_floor(text, to.min(after + 200))),
        );
        if ws.is_empty() {
            continue;
        }
        let ok = cue_at(&ws, 0).is_some()
            || np_forward(text, &ws, 0)
                .and_then(|(_, e)| cue_at(&ws, e))
                .is_some();
        let _ = rest;
        if ok {
            return Some(from + before.len());
        }
    }
    None
}

fn direct_quotes(text: &str, paras: &[Span], segs: &[QSeg], out: &mut Vec<Raw>) {
    let protect: Vec<Span> = segs.iter().map(|s| Span::new(s.open, s.after)).collect();
    // sentences of each paragraph, computed once
    let mut sent_cache: std::collections::HashMap<(usize, usize), std::rc::Rc<Vec<Span>>> =
        std::collections::HashMap::new();
    let sents_of =
        |p: Span,
         cache: &mut std::collections::HashMap<(usize, usize), std::rc::Rc<Vec<Span>>>|
         -> std::rc::Rc<Vec<Span>> {
            cache
                .entry((p.start, p.end))
                .or_insert_with(|| std::rc::Rc::new(sentences(text, p, &protect)))
                .clone()
        };
    let mut k = 0;
    let mut prev_speaker: Option<(usize, Attr)> = None; // paragraph index, attribution
    while k < segs.len() {
        let Some(q) = segs.get(k) else { break };
        let Some(para) = paras.get(q.para).copied() else {
            k += 1;
            continue;
        };
        let mut content = q.content;
        let mut after = q.after;
        let mut end_para = q.para;
        // Early-closed or unterminated quotes ending with ",— said X".
        if let Some(e) = dash_cue(text, q.content.start, para.end) {
            let next_open = segs.get(k + 1).filter(|n| n.para == q.para).map(|n| n.open);
            if e > content.end && next_open.is_none_or(|o| o > e) || (!q.closed && e <= para.end) {
                content = Span::new(content.start, e);
                after = e;
            }
        }
        // Multi-paragraph quote: unterminated, next paragraph opens with a quote.
        let mut kk = k;
        if !q.closed && after == para.end {
            while let Some(n) = segs.get(kk + 1) {
                let np = paras.get(n.para).copied();
                let starts_para = np.is_some_and(|p| {
                    text.get(p.start..n.open)
                        .is_some_and(|g| g.trim().is_empty())
                });
                if n.para == end_para + 1 && starts_para {
                    content = Span::new(content.start, n.content.end);
                    after = n.after;
                    end_para = n.para;
                    kk += 1;
                    if n.closed {
                        break;
                    }
                } else {
                    break;
                }
            }
        }
        let last_para = paras.get(end_para).copied().unwrap_or(para);
        let sents = sents_of(para, &mut sent_cache);
        let sent = sentence_of(&sents, q.open).unwrap_or(para);
        let last_sents = sents_of(last_para, &mut sent_cache);
        let after_sent = sentence_of(&last_sents, after.saturating_sub(1)).unwrap_or(last_para);
        // attribution after, then before
        let after_end = after_sent.end.max(after).min(last_para.end);
        let prefix0 = text
            .get(sent.start..q.open)
            .unwrap_or("")
            .trim_matches(|c: char| c.is_whitespace() || c == '\'' || c == '`');
        let embedded0 = !prefix0.is_empty() && !prefix0.ends_with(':') && !prefix0.ends_with(',');
        let mut attr = if embedded0 {
            sentence_cue(text, Span::new(sent.start, q.open), &protect, q.open)
                .filter(|a| a.speaker.is_some())
        } else {
            None
        };
        if attr.is_none() {
            attr = after_quote(text, after, after_end);
        }
        if attr.is_none() {
            attr = before_quote(text, sent.start, q.open);
        }
        // the previous paragraph ends with "X continued:" / "said:"
        if attr.is_none()
            && text
                .get(para.start..q.open)
                .is_some_and(|g| g.trim().is_empty())
            && q.para > 0
        {
            if let Some(pp) = paras.get(q.para - 1) {
                if text
                    .get(pp.start..pp.end)
                    .is_some_and(|t| t.trim_end().ends_with(':'))
                {
                    let psents = sents_of(*pp, &mut sent_cache);
                    let ls = psents.last().copied().unwrap_or(*pp);
                    attr = before_quote(text, ls.start, pp.end);
                }
            }
        }
        let prefix = text
            .get(sent.start..q.open)
            .unwrap_or("")
            .trim_matches(|c: char| c.is_whitespace() || c == '\'' || c == '`');
        let lead_in =
            prefix.is_empty() || prefix.ends_with(':') || (prefix.ends_with(',') && attr.is_some());
        let embedded = !lead_in;
        let nwords = words(text, content).len();
        let starts_lower = text
            .get(content.start..content.end)
            .and_then(|s| s.chars().find(|c| c.is_alphabetic()))
            .is_some_and(char::is_lowercase);
        // Indirect-speech cue in the same sentence ("…at a “low point”, he pointed out").
        let sent_attr = if attr.is_none() && embedded {
            sentence_cue(text, sent, &protect, q.open)
        } else {
            None
        };
        let kind = if embedded && (starts_lower || nwords <= 8) {
            QuoteKind::Partial
        } else {
            QuoteKind::Direct
        };
        let bare_only = attr.is_none() && sent_attr.as_ref().is_some_and(|a| a.speaker.is_none());
        let mut attr = attr.or(sent_attr);
        if (attr.is_none() || bare_only) && embedded && nwords <= 3 {
            // scare quotes
            k = kk + 1;
            continue;
        }
        // a quoted title or name inside a sentence ("on “Fox News Sunday”",
        // the song “A Change Is Gonna Come”): every longer word capitalised
        let cws = words(text, content);
        let title = embedded
            && nwords <= 7
            && cws.iter().all(|w| {
                w.cap
                    || w.lower.chars().count() <= 3
                    || w.lower.chars().next().is_some_and(|c| c.is_ascii_digit())
            })
            && (nwords <= 5
                || !text
                    .get(content.start..content.end)
                    .is_some_and(|t| t.trim_end().ends_with(['.', '!', '?', ','])));
        if title {
            k = kk + 1;
            continue;
        }
        // A paragraph that is just a quote continues the previous speaker.
        let mut inherited = false;
        if attr.is_none() && !embedded {
            if let Some((pi, a)) = &prev_speaker {
                if *pi + 2 >= q.para {
                    let mut a = a.clone();
                    a.conf *= 0.6;
                    attr = Some(a);
                    inherited = true;
                }
            }
        }
        // "“A,” said X. “B.”": one quotation interrupted by its attribution
        // (the convention of PolNeAR and of most style guides): extend the
        // previous quote over the continuation.
        if inherited && kind == QuoteKind::Direct {
            if let Some(prev) = out.last_mut() {
                let gap = text.get(prev.content.end..q.open).unwrap_or("");
                let cue_between = prev
                    .attr
                    .as_ref()
                    .is_some_and(|a| a.cue.start >= prev.content.end && a.cue.end <= q.open);
                if prev.kind == QuoteKind::Direct
                    && prev.para == para
                    && cue_between
                    && gap.len() < 120
                    && !gap.contains('\n')
                {
                    prev.content = Span::new(prev.content.start, trim_content(text, content).end);
                    k = kk + 1;
                    continue;
                }
            }
        }
        if let Some(a) = &attr {
            if a.speaker.is_some() {
                prev_speaker = Some((end_para, a.clone()));
            }
        }
        out.push(Raw {
            kind,
            content: trim_content(text, content),
            attr,
            ctx: sent,
            para,
        });
        k = kk + 1;
    }
}

/// A speech cue elsewhere in the sentence around an embedded quote.
fn sentence_cue(text: &str, sent: Span, protect: &[Span], open: usize) -> Option<Attr> {
    let ws = words(text, sent);
    // a cue whose speaker phrase is not plausible ("on April"): kept without
    // a speaker when no better cue is found
    let mut bare: Option<Attr> = None;
    for i in 0..ws.len() {
        let Some(e) = cue_at(&ws, i) else { continue };
        let Some(w) = ws.get(i) else { continue };
        if !w.lower.chars().all(char::is_lowercase) || w.cap || inside(protect, w.start) {
            continue;
        }
        let fwd = matches!(
            w.lower.as_str(),
            "said" | "says" | "added" | "wrote" | "asked" | "noted"
        );
        // ", saying …": the subject of the main clause speaks
        let participle = w.lower.ends_with("ing")
            && i > 0
            && ws
                .get(i - 1)
                .is_some_and(|p| text.get(p.end..w.start).is_some_and(|g| g.contains(',')));
        let sp = if participle {
            np_forward(text, &ws, 0).map(|(s, _)| s)
        } else {
            None
        };
        let sp = sp.or_else(|| np_backward(text, &ws, i, 0)).or_else(|| {
            if fwd {
                np_forward(text, &ws, e).map(|(s, _)| s)
            } else {
                None
            }
        });
        let cue = Span::new(w.start, ws.get(e - 1).map(|x| x.end).unwrap_or(w.end));
        if sp.is_some() {
            return Some(Attr {
                speaker: sp,
                cue,
                outlet: None,
                conf: 0.75,
            });
        }
        if bare.is_none() && w.start < open && !crate::attrib::noun_reading(&ws, i) {
            bare = Some(Attr {
                speaker: None,
                cue,
                outlet: None,
                conf: 0.5,
            });
        }
    }
    bare
}

fn inside(protect: &[Span], at: usize) -> bool {
    protect.iter().any(|p| p.start < at && at < p.end)
}

/// Indirect speech in each sentence.
fn indirect(
    text: &str,
    paras: &[Span],
    protect: &[Span],
    entities: &EntityAnalysis,
    out: &mut Vec<Raw>,
) {
    for para in paras {
        let sents = sentences(text, *para, protect);
        for (si, sent) in sents.iter().enumerate() {
            let ws = words(text, *sent);
            if ws.len() < 4 {
                continue;
            }
            if let Some(r) = according_to(text, *sent, &ws, *para) {
                out.push(r);
                continue;
            }
            if si == 0 {
                if let Some(r) = speaker_colon(text, *sent, &ws, *para, entities) {
                    out.push(r);
                    continue;
                }
            }
            if let Some(r) = final_attribution(text, *sent, &ws, *para, protect) {
                // nested: "X warned that …, the agency reported" keeps both levels
                let inner_span = Span::new(sent.start, r.content.end);
                let inner_ws = words(text, inner_span);
                if let Some(mut inner) = verb_clause(text, inner_span, &inner_ws, *para, protect) {
                    if let (Some(a), Some(outer)) = (inner.attr.as_mut(), r.attr.as_ref()) {
                        let verb = outer.cue.slice(text).to_lowercase();
                        if a.outlet.is_none() && (verb.starts_with("report") || verb == "wrote") {
                            a.outlet = outer.speaker;
                        }
                    }
                    inner.ctx = *sent;
                    out.push(inner);
                }
                out.push(r);
                continue;
            }
            if let Some(r) = verb_clause(text, *sent, &ws, *para, protect) {
                // nested: "the newspaper reported that X, speaking to …, said …"
                let verb = r
                    .attr
                    .as_ref()
                    .map(|a| a.cue.slice(text).to_lowercase())
                    .unwrap_or_default();
                if verb.starts_with("report") || verb == "wrote" {
                    let inner_ws = words(text, r.content);
                    if let Some(mut inner) = verb_clause(text, r.content, &inner_ws, *para, protect)
                    {
                        if let (Some(a), Some(outer)) = (inner.attr.as_mut(), r.attr.as_ref()) {
                            if a.outlet.is_none() {
                                a.outlet = outer.speaker;
                            }
                        }
                        inner.ctx = *sent;
                        out.push(inner);
                    }
                }
                // a second predicate of the same speaker: "…, and said …",
                // ", but he said that …", ", adding that …"
                let second = r.attr.as_ref().and_then(|a| a.speaker).and_then(|sp| {
                    let rest = Span::new(r.content.end, sent.end);
                    coordinated(text, rest, *para, protect, sp)
                });
                out.push(r);
                if let Some(c) = second {
                    out.push(c);
                }
            }
        }
    }
}

/// "… and said …", "…, but he said that …", "…, adding that …" after a
/// first piece of reported speech whose speaker is `speaker`.
fn coordinated(text: &str, rest: Span, para: Span, protect: &[Span], speaker: Span) -> Option<Raw> {
    let ws = words(text, rest);
    let mut i = 0;
    let mut sp = speaker;
    while let Some(w) = ws.get(i) {
        if i > 3 {
            return None;
        }
        if matches!(w.lower.as_str(), "and" | "but" | "also" | "then" | "later") {
            i += 1;
            continue;
        }
        if matches!(w.lower.as_str(), "he" | "she" | "they") {
            sp = Span::new(w.start, w.end);
            i += 1;
            continue;
        }
        break;
    }
    // ", and Hillary Clinton is promising …": a new subject
    if cue_at(&ws, i).is_none() {
        let (sp2, mut e2) = np_forward(text, &ws, i)?;
        while ws.get(e2).is_some_and(|w| {
            matches!(
                w.lower.as_str(),
                "is" | "are" | "was" | "has" | "have" | "had" | "also"
            )
        }) && e2 < i + 8
        {
            e2 += 1;
        }
        cue_at(&ws, e2)?;
        sp = sp2;
        i = e2;
    }
    let w = ws.get(i)?;
    if inside(protect, w.start) || w.cap {
        return None;
    }
    let e = cue_at(&ws, i)?;
    let mut c = e;
    if ws.get(c).is_some_and(|x| x.lower == "that") {
        c += 1;
    }
    let start = ws.get(c)?.start;
    let content = strip_final_punct(text, trim_content(text, Span::new(start, rest.end)));
    let content = refine_reported(text, content, protect)?;
    if words(text, content).len() < 3 {
        return None;
    }
    Some(Raw {
        kind: QuoteKind::Indirect,
        content,
        attr: Some(Attr {
            speaker: Some(sp),
            cue: Span::new(w.start, ws.get(e - 1)?.end),
            outlet: None,
            conf: 0.6,
        }),
        ctx: Span::new(rest.start, rest.end),
        para,
    })
}

fn according_to(text: &str, sent: Span, ws: &[W], para: Span) -> Option<Raw> {
    let i = ws.iter().position(|w| w.lower == "according")?;
    if ws.get(i + 1)?.lower != "to" || i > 3 {
        return None;
    }
    // noun phrase up to the comma
    let mut j = i + 2;
    while let (Some(a), Some(b)) = (ws.get(j), ws.get(j + 1)) {
        if text.get(a.end..b.start).is_some_and(|g| g.contains(',')) {
            break;
        }
        j += 1;
        if j > i + 10 {
            return None;
        }
    }
    let first = ws.get(i + 2)?;
    let last = ws.get(j)?;
    let next = ws.get(j + 1)?;
    let mut sp = Span::new(first.start, last.end);
    // "According to the Kremlin's announcement": the speaker is the Kremlin
    let np = words(text, sp);
    let outlet;
    if let Some(o) = np.iter().position(|w| {
        matches!(
            w.lower.as_str(),
            "media" | "reports" | "report" | "announcement" | "statement" | "sources"
        )
    }) {
        // "According to foreign media, X told reporters that …": no speaker here
        if np.iter().take(o).all(|w| !w.cap) && np.len() <= 3 {
            let rest = words(text, Span::new(next.start, sent.end));
            if (1..rest.len().min(12)).any(|k| cue_at(&rest, k).is_some()) {
                return None;
            }
        }
        if o == 0 {
            outlet = None;
        } else {
            sp = Span::new(first.start, np.get(o - 1)?.end);
            outlet = None;
        }
    } else {
        outlet = None;
    }
    let content = trim_content(text, Span::new(next.start, sent.end));
    let content = strip_final_punct(text, content);
    if words(text, content).len() < 3 {
        return None;
    }
    let cue = Span::new(ws.get(i)?.start, ws.get(i + 1)?.end);
    // the content may hold its own attribution ("…, he said"): let that win
    let inner = words(text, content);
    if inner
        .iter()
        .enumerate()
        .any(|(k, w)| k > 1 && cue_at(&inner, k).is_some() && w.lower == "said")
    {
        return None;
    }
    Some(Raw {
        kind: QuoteKind::Indirect,
        content,
        attr: Some(Attr {
            speaker: Some(sp),
            cue,
            outlet,
            conf: 0.7,
        }),
        ctx: sent,
        para,
    })
}

fn strip_final_punct(text: &str, s: Span) -> Span {
    let Some(t) = text.get(s.start..s.end) else {
        return s;
    };
    let mut end = t.len();
    for c in t.chars().rev() {
        if ".!?".contains(c) {
            end -= c.len_utf8();
        } else {
            break;
        }
    }
    Span::new(s.start, s.start + end)
}

/// "The Presidential Office: talks are possible".
fn speaker_colon(
    text: &str,
    sent: Span,
    ws: &[W],
    para: Span,
    entities: &EntityAnalysis,
) -> Option<Raw> {
    let s = text.get(sent.start..sent.end)?;
    let colon = s.find(':')?;
    let head = s.get(..colon)?;
    let hw = words(text, Span::new(sent.start, sent.start + colon));
    if hw.is_empty()
        || hw.len() > 5
        || !hw.first()?.cap
        || hw.iter().any(|w| crate::attrib::is_verb(&w.lower))
    {
        return None;
    }
    if head.contains(',') || head.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    if !hw
        .iter()
        .all(|w| w.cap || matches!(w.lower.as_str(), "the" | "of" | "for" | "and"))
    {
        return None;
    }
    if s.get(colon..)
        .is_some_and(|t| t.contains('|') || t.contains('·'))
    {
        return None;
    }
    // the head must name a speaker: a person or organisation the entities
    // stage knows, or a transcript speaker in capitals ("SMITH: Well, …");
    // not a section title ("Correction:", "Video:", "A Gap Remains:")
    let head_span = Span::new(hw.first()?.start, hw.last()?.end);
    let caps = head.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && head
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
    let known = entities.entity_at(head_span).is_some_and(|e| {
        matches!(e.etype, EntityType::Person | EntityType::Organization)
            && e.mentions
                .iter()
                .any(|m| m.span.contains(&head_span) || head_span.contains(&m.span))
    });
    if !(caps || known)
        || matches!(
            hw.first()?.lower.as_str(),
            "correction"
                | "clarification"
                | "video"
                | "update"
                | "watch"
                | "photo"
                | "editor"
                | "related"
                | "read"
                | "note"
                | "source"
                | "credit"
                | "advertisement"
        )
    {
        return None;
    }
    let cstart = sent.start + colon + 1;
    let content = strip_final_punct(text, trim_content(text, Span::new(cstart, sent.end)));
    let content = {
        // drop surrounding quote marks
        let t = content.slice(text);
        let lead = t.len() - t.trim_start_matches(['“', '"', '«', '„']).len();
        let tail = t.len() - t.trim_end_matches(['”', '"', '»', '“']).len();
        Span::new(
            content.start + lead,
            content.end.saturating_sub(tail).max(content.start + lead),
        )
    };
    if words(text, content).len() < 3 {
        return None;
    }
    let _ = ws;
    Some(Raw {
        kind: QuoteKind::Direct,
        content,
        attr: Some(Attr {
            speaker: Some(Span::new(hw.first()?.start, hw.last()?.end)),
            cue: Span::new(sent.start + colon, cstart),
            outlet: None,
            conf: 0.5,
        }),
        ctx: sent,
        para,
    })
}

/// "…, the state news agency X reported." / "…, he said on Friday."
fn final_attribution(
    text: &str,
    sent: Span,
    ws: &[W],
    para: Span,
    protect: &[Span],
) -> Option<Raw> {
    // the last comma followed by a short clause containing a cue
    let n = ws.len();
    let comma_before = |j: usize| {
        j > 0
            && ws
                .get(j - 1)
                .zip(ws.get(j))
                .is_some_and(|(a, b)| text.get(a.end..b.start).is_some_and(|g| g.contains(',')))
    };
    for i in (1..n).rev() {
        // the clause runs to the next comma: the sentence end, or a
        // subordinate clause (", top lawmakers said Friday, as they …")
        let mut end = (i + 1..n).find(|&j| comma_before(j)).unwrap_or(n);
        if ws.get(end).is_some_and(|w| w.lower == "citing") {
            end = n;
        }
        let mid = end < n;
        if end - i > 12 {
            continue;
        }
        let according = ws.get(i).is_some_and(|w| w.lower == "according");
        // ", said Anna Berg, a senior adviser …": an apposition follows
        let verb_first = ws.get(i).is_some_and(|w| !w.cap) && cue_at(ws, i).is_some();
        // ", he said, and …"
        let short_and = end - i <= 4
            && ws
                .get(end)
                .is_some_and(|w| matches!(w.lower.as_str(), "and" | "but"));
        if mid
            && !according
            && !verb_first
            && !short_and
            && !ws.get(end).is_some_and(|w| {
                matches!(
                    w.lower.as_str(),
                    "as" | "while"
                        | "when"
                        | "after"
                        | "before"
                        | "because"
                        | "adding"
                        | "saying"
                        | "noting"
                        | "though"
                        | "although"
                        | "citing"
                        | "arguing"
                        | "calling"
                        | "referring"
                        | "insisting"
                        | "warning"
                )
            })
        {
            continue;
        }
        let (Some(a), Some(b)) = (ws.get(i - 1), ws.get(i)) else {
            continue;
        };
        let g = text.get(a.end..b.start).unwrap_or("");
        // "… — according to the journal."
        let dash = according && g.contains(['—', '–']);
        if !(g.contains(',') || dash) || inside(protect, b.start) {
            continue;
        }
        // ", and X said it was …": a coordinated clause whose content follows
        if ws
            .get(i)
            .is_some_and(|w| matches!(w.lower.as_str(), "and" | "but" | "so" | "while"))
        {
            continue;
        }
        // the clause ws[i..end]
        let clause: Vec<W> = ws.get(i..end)?.to_vec();
        let found = if let Some(e) = cue_at(&clause, 0) {
            let mut sp = np_forward(text, &clause, e).map(|(s, _)| s);
            // ", according to a new national poll": the whole phrase
            if sp.is_none() && clause.first().is_some_and(|w| w.lower == "according") {
                if let (Some(f), Some(l)) = (clause.get(e), clause.last()) {
                    if clause.len() - e <= 12 {
                        sp = Some(Span::new(f.start, l.end));
                    }
                }
            }
            Some((sp, 0, e))
        } else {
            np_forward(text, &clause, 0).and_then(|(sp, e)| {
                let mut k = e;
                while clause.get(k).is_some_and(|w| {
                    matches!(
                        w.lower.as_str(),
                        "has" | "had" | "also" | "later" | "earlier"
                    )
                }) {
                    k += 1;
                }
                cue_at(&clause, k).map(|ce| (Some(sp), k, ce))
            })
        };
        // a longer or looser subject: ", local growers said on Friday"
        let found = found.or_else(|| {
            (1..clause.len().min(10)).find_map(|k| {
                let ce = cue_at(&clause, k)?;
                let w = clause.get(k)?;
                if w.cap {
                    return None;
                }
                let sp = crate::attrib::np_backward(text, &clause, k, 0)
                    .or_else(|| subject_fallback(text, &clause, k))?;
                Some((Some(sp), k, ce))
            })
        });
        let Some((sp, cue_i, cue_e)) = found else {
            continue;
        };
        // ", said on Friday" with no speaker: the speaker is earlier, not here
        // (also "Anna Berg, press secretary to the minister, said so"): the
        // text before the comma is the speaker, not the content
        let short = || {
            clause.get(cue_i).is_some_and(|w| w.lower != "according")
                && ws.iter().take_while(|w| w.end <= a.end).count() <= 12
        };
        if sp.is_none()
            && (short()
                || protect
                    .iter()
                    .any(|p| p.start >= sent.start && p.end <= b.start))
        {
            continue;
        }
        // ", said parents still want …": a verb-first clause with no speaker
        // after it is the start of reported speech, not a trailing attribution
        if sp.is_none() && cue_i == 0 && clause.len() > cue_e + 3 {
            continue;
        }
        let cue_w = clause.get(cue_i)?;
        let cue_last = clause.get(cue_e - 1)?;
        // tail after the cue: short, or "citing X"
        let tail: Vec<&W> = clause.iter().skip(cue_e).collect();
        let mut speaker = sp;
        let mut outlet = None;
        if let Some(ci) = tail.iter().position(|w| w.lower == "citing") {
            let idx = cue_e + ci + 1;
            if let Some((src, _)) = np_forward(text, &clause, idx) {
                outlet = speaker;
                speaker = Some(src);
            }
        } else if tail.len() > if cue_w.lower == "according" { 14 } else { 6 }
            || tail.iter().any(|w| w.lower == "that")
            // "…, X said it’s over": a subject pronoun opens a clause
            || (tail.len() >= 2
                && tail.first().is_some_and(|w| {
                    matches!(
                        w.lower.as_str(),
                        "he" | "she" | "it" | "they" | "we" | "i" | "there" | "you"
                    ) || w.lower.contains(['’', '\''])
                }))
            // "…, X said the embassy would reopen": a clause follows the verb
            || tail.iter().any(|w| {
                matches!(
                    w.lower.as_str(),
                    "would" | "will" | "could" | "can" | "should" | "might" | "must" | "is"
                        | "was" | "are" | "were" | "has" | "had" | "have"
                )
            })
        {
            if mid {
                continue;
            }
            return None;
        }
        let comma = a.end + g.find([',', '—', '–']).unwrap_or(0);
        // "At a rally in May, X called her a liar": a fronted adverbial, and
        // the verb's own object or clause follows
        let fronted = ws.first().is_some_and(|w| {
            matches!(
                w.lower.as_str(),
                "at" | "in"
                    | "on"
                    | "during"
                    | "after"
                    | "before"
                    | "since"
                    | "when"
                    | "while"
                    | "if"
                    | "although"
                    | "though"
                    | "because"
                    | "shortly"
                    | "with"
                    | "without"
                    | "following"
                    | "despite"
                    | "amid"
                    | "speaking"
                    | "but"
            )
        });
        let tail_adverbial = tail.first().is_some_and(|w| {
            matches!(
                w.lower.as_str(),
                "in" | "on"
                    | "at"
                    | "during"
                    | "last"
                    | "this"
                    | "to"
                    | "after"
                    | "before"
                    | "when"
                    | "while"
                    | "earlier"
                    | "later"
                    | "yesterday"
                    | "today"
                    | "tonight"
                    | "monday"
                    | "tuesday"
                    | "wednesday"
                    | "thursday"
                    | "friday"
                    | "saturday"
                    | "sunday"
                    | "told"
                    | "citing"
                    | "recently"
                    | "previously"
                    | "via"
                    | "through"
                    | "of"
            )
        });
        if fronted && cue_i > 0 && cue_w.lower != "according" && !tail.is_empty() && !tail_adverbial
        {
            if mid {
                continue;
            }
            return None;
        }
        let content = strip_final_punct(text, trim_content(text, Span::new(sent.start, comma)));
        if words(text, content).len() < 3 {
            if mid {
                continue;
            }
            return None;
        }
        return Some(Raw {
            kind: QuoteKind::Indirect,
            content,
            attr: Some(Attr {
                speaker,
                cue: Span::new(cue_w.start, cue_last.end),
                outlet,
                conf: 0.75,
            }),
            ctx: sent,
            para,
        });
    }
    None
}

/// "X said (that) …", "X told Reuters that …", "X warned that …".
fn verb_clause(text: &str, sent: Span, ws: &[W], para: Span, protect: &[Span]) -> Option<Raw> {
    for i in 0..ws.len() {
        let w = ws.get(i)?;
        if inside(protect, w.start) {
            continue;
        }
        let Some(e) = cue_at(ws, i) else { continue };
        // a capitalised verb is a name ("Said Khan"), except in a title-case
        // headline ("Senator Says Deal Is Close")
        let headline = ws.len() >= 4
            && ws.iter().filter(|x| x.cap).count() * 10 >= ws.len() * 7
            && !text
                .get(sent.start..sent.end)
                .is_some_and(|t| t.trim_end().ends_with('.'));
        if w.cap && i > 0 && !headline {
            continue;
        }
        // the attribution of a direct quote just before: "“…,” he said, adding …"
        if protect
            .iter()
            .any(|p| p.end <= w.start && p.end >= sent.start && w.start - p.end < 30)
        {
            continue;
        }
        if matches!(
            w.lower.as_str(),
            "reports"
                | "claims"
                | "states"
                | "notes"
                | "promises"
                | "vows"
                | "fears"
                | "hopes"
                | "says"
        ) && (i == 0
            || ws.get(i - 1).is_some_and(|p| {
                matches!(
                    p.lower.as_str(),
                    "the"
                        | "a"
                        | "an"
                        | "his"
                        | "her"
                        | "their"
                        | "its"
                        | "our"
                        | "no"
                        | "any"
                        | "some"
                        | "official"
                        | "recent"
                        | "new"
                        | "media"
                        | "news"
                        | "these"
                        | "those"
                        | "such"
                        | "many"
                        | "several"
                        | "other"
                        | "press"
                        | "unconfirmed"
                        | "earlier"
                )
            }))
        {
            continue;
        }
        if w.lower == "according" {
            continue;
        }
        // "X said so in an interview": the content is an earlier sentence
        if ws.get(e).is_some_and(|x| x.lower == "so") {
            continue;
        }
        // passives ("was told"), but not progressives ("is warning that")
        if matches!(w.lower.as_str(), "called" | "described")
            || (i > 0
                && !w.lower.ends_with("ing")
                && ws.get(i - 1).is_some_and(|p| {
                    matches!(
                        p.lower.as_str(),
                        "is" | "was" | "are" | "were" | "be" | "been" | "being"
                    )
                }))
        {
            continue;
        }
        if w.lower == "responded" && ws.get(e).is_some_and(|x| x.lower == "to") {
            continue;
        }
        // "agreed to keep …, and that is …": the content is the infinitive
        // clause, not whatever follows a later "that"
        let infinitive = ws.get(e).is_some_and(|x| x.lower == "to")
            && ws.get(e + 1).is_some_and(|x| {
                !x.cap
                    && !matches!(
                        x.lower.as_str(),
                        "the"
                            | "a"
                            | "an"
                            | "his"
                            | "her"
                            | "their"
                            | "its"
                            | "our"
                            | "this"
                            | "reporters"
                            | "journalists"
                            | "him"
                            | "them"
                            | "us"
                            | "me"
                    )
            });

        // inversion: "… with Agency said the spokesman X." (the rest is the speaker)
        if let Some((_, ne)) = np_forward(text, ws, e) {
            if ne >= ws.len() {
                continue;
            }
        }
        // ", adding that …": the subject of the main clause speaks
        let participle = w.lower.ends_with("ing")
            && i > 0
            && ws
                .get(i - 1)
                .is_some_and(|p| text.get(p.end..w.start).is_some_and(|g| g.contains(',')));
        // "X bemoaned the unrest and said …": the subject of the first verb
        let coordinated_verb = i > 1
            && ws
                .get(i - 1)
                .is_some_and(|p| matches!(p.lower.as_str(), "and" | "but"));
        let sp = if participle {
            np_forward(text, ws, 0).map(|(s, _)| s)
        } else if coordinated_verb {
            np_forward(text, ws, 0)
                .filter(|(_, ne)| *ne + 1 < i)
                .map(|(s, _)| s)
                .or_else(|| np_backward(text, ws, i, 0))
                .or_else(|| subject_fallback(text, ws, i))
        } else {
            np_backward(text, ws, i, 0).or_else(|| subject_fallback(text, ws, i))
        };
        let Some(sp) = sp else { continue };
        // "what Trump says his plan would do": a relative clause, not speech
        let before_sp = ws.iter().take_while(|x| x.end <= sp.start).last();
        if before_sp.is_some_and(|x| {
            matches!(x.lower.as_str(), "what" | "how" | "whatever" | "why")
                && text
                    .get(x.end..sp.start)
                    .is_some_and(|g| g.trim().is_empty())
        }) {
            continue;
        }
        // object / outlet after "told"; then "that"
        let mut c = e;
        let mut outlet = outlet_after(text, ws, e);
        if w.lower == "told" {
            if let Some((_, oe)) = np_forward(text, ws, e) {
                c = oe;
            }
        }
        // "in an interview with X, Y said": outlet before
        if outlet.is_none() {
            if let Some(k) = ws.iter().take(i).position(|x| x.lower == "interview") {
                if ws.get(k + 1).is_some_and(|x| x.lower == "with") {
                    outlet = np_forward(text, ws, k + 2).map(|(s, _)| s);
                }
            }
        }
        if ws.get(c).is_some_and(|x| x.lower == "that") {
            c += 1;
        } else if infinitive {
            // "vowed to make …": the content is the infinitive clause
        } else if ws.get(c).is_some_and(|x| {
            matches!(
                x.lower.as_str(),
                "in" | "on"
                    | "at"
                    | "during"
                    | "after"
                    | "before"
                    | "to"
                    | "earlier"
                    | "last"
                    | "later"
                    | "this"
                    | "yesterday"
                    | "today"
                    | "repeatedly"
                    | "again"
                    | "also"
                    | "while"
                    | "when"
                    | "speaking"
                    | "via"
                    | "through"
                    | "with"
                    | "from"
            )
        }) || w.lower == "told"
        {
            if let Some(t) = ws.iter().skip(c).take(16).position(|x| x.lower == "that") {
                c += t + 1;
            }
        }
        let start = ws.get(c)?.start;
        let content = strip_final_punct(text, trim_content(text, Span::new(start, sent.end)));
        let content = refine_reported(text, content, protect)?;
        if words(text, content).len() < 3 {
            return None;
        }
        let cue = Span::new(w.start, ws.get(e - 1)?.end);
        return Some(Raw {
            kind: QuoteKind::Indirect,
            content,
            attr: Some(Attr {
                speaker: Some(sp),
                cue,
                outlet,
                conf: 0.75,
            }),
            ctx: sent,
            para,
        });
    }
    None
}

const CLAUSE_START: &[&str] = &[
    "the", "a", "an", "he", "she", "they", "it", "his", "her", "their", "its", "there", "we", "i",
    "you", "this", "these", "those", "that", "no", "all", "some", "most", "many", "both",
];

/// Boundaries of reported speech after the cue, as PolNeAR draws them:
/// - a leading time or place phrase is not content ("said on Friday the
///   talks …" → "the talks …"), and a bare one is no reported speech at all
///   ("said at an event this month", "said of the plan");
/// - the content stops before a second predicate of the speaker
///   (", adding …", ", and criticized …", " and warned …", ", but he said …")
///   and before a non-restrictive relative clause (", which …").
fn refine_reported(text: &str, content: Span, protect: &[Span]) -> Option<Span> {
    let ws = words(text, content);
    let first = ws.first()?;
    let mut start = content.start;
    // "said after the vote failed", "said when asked": no reported speech
    if matches!(
        first.lower.as_str(),
        "after" | "before" | "when" | "while" | "because" | "since" | "if" | "until" | "so"
    ) {
        return None;
    }
    const DAYS: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "tonight",
    ];
    // words that end a time phrase: the days above, and these
    const TIME_END: &[&str] = &[
        "week",
        "month",
        "year",
        "morning",
        "afternoon",
        "evening",
        "night",
        "weekend",
        "ago",
    ];
    let lead_prep = matches!(
        first.lower.as_str(),
        "at" | "of"
            | "during"
            | "for"
            | "from"
            | "in"
            | "on"
            | "last"
            | "earlier"
            | "later"
            | "with"
            | "through"
            | "via"
    ) || DAYS.contains(&first.lower.as_str());
    if lead_prep {
        // the phrase ends at a comma, a pronoun, or a clause start right
        // after a time word ("said on Friday the talks …")
        let k = (1..ws.len().min(12)).find(|&k| {
            let (Some(p), Some(w)) = (ws.get(k - 1), ws.get(k)) else {
                return false;
            };
            let gap = text.get(p.end..w.start).unwrap_or("");
            (gap.contains(',') && !gap.contains('('))
                || matches!(
                    w.lower.as_str(),
                    "he" | "she" | "they" | "it" | "we" | "i" | "there"
                )
                || ((DAYS.contains(&p.lower.as_str()) || TIME_END.contains(&p.lower.as_str()))
                    && CLAUSE_START.contains(&w.lower.as_str()))
        });
        match k.and_then(|k| ws.get(k)) {
            Some(w)
                if !matches!(
                    w.lower.as_str(),
                    "as" | "while" | "when" | "after" | "before" | "because" | "since" | "if"
                ) =>
            {
                start = w.start
            }
            _ => return None,
        }
    }
    let mut end = content.end;
    let n = ws.len();
    for j in 1..n {
        let (Some(p), Some(w)) = (ws.get(j - 1), ws.get(j)) else {
            continue;
        };
        if w.start < start || inside(protect, w.start) {
            continue;
        }
        let gap = text.get(p.end..w.start).unwrap_or("");
        let comma = gap.contains(',');
        let next = ws.get(j + 1);
        let next2 = ws.get(j + 2);
        let verb_next = next.is_some_and(|x| {
            !x.cap && (crate::attrib::is_verb(&x.lower) || x.lower.ends_with("ed"))
        });
        // a new subject and speech verb: "… and Democrats accused …"
        let new_subject = w.lower == "and"
            && next.is_some_and(|x| x.cap)
            && (2..5).any(|d| {
                ws.get(j + d)
                    .is_some_and(|x| !x.cap && crate::attrib::is_verb(&x.lower))
            });
        let cut = gap.contains(';')
            || new_subject
            || (comma && !w.cap && w.lower.ends_with("ing") && crate::attrib::is_verb(&w.lower))
            || (comma
                && w.lower == "and"
                && (2..6).any(|d| {
                    ws.get(j + d)
                        .is_some_and(|x| !x.cap && crate::attrib::is_verb(&x.lower))
                }))
            || (gap.contains(['—', '–'])
                && w.lower == "and"
                && next.is_some_and(|x| matches!(x.lower.as_str(), "he" | "she" | "they")))
            || (w.lower == "and"
                && verb_next
                && next.is_some_and(|x| crate::attrib::is_verb(&x.lower)))
            || (comma && w.lower == "and" && verb_next)
            || (comma
                && w.lower == "but"
                && next.is_some_and(|x| matches!(x.lower.as_str(), "he" | "she" | "they"))
                && next2.is_some_and(|x| crate::attrib::is_verb(&x.lower)));
        if cut {
            let before = Span::new(start, p.end);
            if words(text, before).len() >= 3 {
                end = p.end;
                break;
            }
        }
    }
    Some(strip_final_punct(
        text,
        trim_content(text, Span::new(start, end)),
    ))
}

/// Reported speech ending inside quoted words ("… at an “early stage”")
/// keeps the closing mark, so that the content's marks are balanced.
fn balance_marks(text: &str, content: Span) -> Span {
    let Some(t) = text.get(content.start..content.end) else {
        return content;
    };
    let opens = t.chars().filter(|c| matches!(c, '“' | '«' | '„')).count();
    let closes = t.chars().filter(|c| matches!(c, '”' | '»')).count();
    let straight = t.chars().filter(|c| *c == '"').count();
    let open_unbalanced = opens > closes || straight % 2 == 1;
    if !open_unbalanced || t.starts_with(['“', '«', '„', '"']) {
        return content;
    }
    match text.get(content.end..).and_then(|r| r.chars().next()) {
        Some(c @ ('”' | '»' | '"' | '“')) => {
            Span::new(content.start, content.end + c.len_utf8())
        }
        _ => content,
    }
}

/// The largest char boundary at or below `at` (clamped to the text).
fn char_floor(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(start: usize, end: usize, speaker: Option<&str>, conf: f32) -> Quote {
        Quote {
            kind: QuoteKind::Partial,
            content: Span::new(start, end),
            cue_span: None,
            speaker: speaker.map(str::to_string),
            speaker_name: speaker.map(str::to_string),
            speaker_span: None,
            outlet: None,
            date: None,
            date_origin: None,
            confidence: conf,
        }
    }

    #[test]
    fn duplicate_partial_keeps_the_attributed_one() {
        // the same partial found twice, once without a resolved speaker
        let out = dedupe(vec![q(10, 40, None, 0.9), q(10, 41, Some("person:a"), 0.6)]);
        assert_eq!(out.len(), 1);
        assert_eq!(
            out.first().and_then(|x| x.speaker.as_deref()),
            Some("person:a")
        );
    }

    #[test]
    fn nested_quotes_with_different_spans_are_kept() {
        let out = dedupe(vec![
            q(0, 100, Some("person:a"), 0.8),
            q(50, 80, Some("person:b"), 0.8),
        ]);
        assert_eq!(out.len(), 2);
    }
}
