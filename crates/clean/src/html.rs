//! HTML pages: readability extraction (dom_smoothie) plus metadata.

use std::collections::HashSet;

use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};
use newsline_model::{CharMap, CleanDoc, DateCandidate, RawDoc, Removed};
use serde_json::Value;

use crate::dates::meta_candidate;
use crate::norm::{assemble, normalize_line};
use crate::text::{filter_units, is_subtitle, split_meta, Unit};

/// Most removed entries reported for one page.
const MAX_REMOVED: usize = 300;

fn meta(doc: &Document, sel: &str) -> Option<String> {
    doc.select(sel)
        .nodes()
        .iter()
        .filter_map(|n| n.attr("content"))
        .map(|v| normalize_line(&v))
        .find(|v| !v.is_empty())
}

#[derive(Default)]
struct JsonLd {
    headline: Option<String>,
    authors: Vec<String>,
    publisher: Option<String>,
    published: Option<String>,
}

fn ld_names(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| ld_names(x, out)),
        Value::Object(o) => {
            if let Some(Value::String(n)) = o.get("name") {
                out.push(n.clone());
            }
        }
        _ => {}
    }
}

fn ld_walk(v: &Value, ld: &mut JsonLd) {
    match v {
        Value::Array(a) => a.iter().for_each(|x| ld_walk(x, ld)),
        Value::Object(o) => {
            let ty = o.get("@type").map(|t| t.to_string()).unwrap_or_default();
            let articleish =
                ty.contains("Article") || ty.contains("Posting") || ty.contains("Report");
            if articleish || ld.published.is_none() {
                if let Some(Value::String(d)) = o.get("datePublished") {
                    ld.published.get_or_insert_with(|| d.clone());
                }
            }
            if articleish {
                if let Some(Value::String(h)) = o.get("headline") {
                    ld.headline.get_or_insert_with(|| h.clone());
                }
                if ld.authors.is_empty() {
                    if let Some(a) = o.get("author") {
                        ld_names(a, &mut ld.authors);
                    }
                }
                if let Some(p) = o.get("publisher") {
                    let mut names = Vec::new();
                    ld_names(p, &mut names);
                    if let Some(n) = names.into_iter().next() {
                        ld.publisher.get_or_insert(n);
                    }
                }
            }
            if let Some(g) = o.get("@graph") {
                ld_walk(g, ld);
            }
        }
        _ => {}
    }
}

fn json_ld(doc: &Document) -> JsonLd {
    let mut ld = JsonLd::default();
    for n in doc.select("script[type='application/ld+json']").nodes() {
        let t = n.text();
        if let Ok(v) = serde_json::from_str::<Value>(t.trim()) {
            ld_walk(&v, &mut ld);
        }
    }
    ld
}

/// Cleans an author string; `None` for junk such as "Minute Read" or "By".
fn clean_author(s: &str) -> Vec<String> {
    let s = normalize_line(s);
    let lower = s.to_lowercase();
    let s = if lower.starts_with("by ") {
        s.get(3..).unwrap_or("").to_string()
    } else {
        s
    };
    s.split([',', ';', '|', '&'])
        .flat_map(|p| p.split(" and "))
        .map(|p| p.trim().trim_end_matches('.').trim().to_string())
        .filter(|p| {
            let l = p.to_lowercase();
            let words = p.split_whitespace().count();
            !p.is_empty()
                && (1..=5).contains(&words)
                && p.chars().count() <= 50
                && !p.chars().any(|c| c.is_ascii_digit())
                && !l.contains("http")
                && !l.contains('@')
                && ![
                    "by",
                    "minute read",
                    "min read",
                    "published",
                    "updated",
                    "staff",
                    "editor",
                    "admin",
                    "news",
                    "reporter",
                    "correspondent",
                    "read",
                    "share",
                ]
                .iter()
                .any(|j| {
                    l == *j || l.ends_with(&format!(" {j}")) || l.starts_with(&format!("{j} "))
                })
        })
        .collect()
}

/// Strips a trailing " | Site" / " - Site" from a page title.
fn strip_site(title: &str, site: Option<&str>) -> String {
    for sep in [" | ", " - ", " — ", " – ", " :: ", " · "] {
        if let Some(p) = title.rfind(sep) {
            let (left, right) = (
                title.get(..p).unwrap_or(""),
                title.get(p + sep.len()..).unwrap_or(""),
            );
            let site_match = site.is_some_and(|s| right.trim().eq_ignore_ascii_case(s.trim()));
            if site_match
                || (right.split_whitespace().count() <= 4 && left.split_whitespace().count() >= 3)
            {
                return left.trim().to_string();
            }
        }
    }
    title.to_string()
}

fn push_cand(v: &mut Vec<DateCandidate>, c: Option<DateCandidate>) {
    if let Some(c) = c {
        if !v.iter().any(|x| x.date == c.date && x.source == c.source) {
            v.push(c);
        }
    }
}

/// Cleans an HTML page.
pub(crate) fn clean_html(doc: &RawDoc) -> CleanDoc {
    let page = Document::from(doc.content.as_str());
    let ld = json_ld(&page);
    let site_name = meta(&page, "meta[property='og:site_name']").or(ld.publisher.clone());
    let h1 = page
        .select("h1")
        .nodes()
        .first()
        .map(|n| normalize_line(&n.text()))
        .filter(|t| !t.is_empty());
    let title_tag = page
        .select("title")
        .nodes()
        .first()
        .map(|n| normalize_line(&n.text()))
        .filter(|t| !t.is_empty());
    let title = doc
        .title
        .clone()
        .or_else(|| meta(&page, "meta[property='og:title']"))
        .or_else(|| meta(&page, "meta[name='twitter:title']"))
        .or(ld.headline.clone())
        .or(h1.clone())
        .or(title_tag)
        .map(|t| strip_site(&normalize_line(&t), site_name.as_deref()))
        .filter(|t| !t.is_empty());
    let canonical_url = page
        .select("link[rel='canonical']")
        .nodes()
        .iter()
        .filter_map(|n| n.attr("href"))
        .map(|h| h.trim().to_string())
        .find(|h| h.starts_with("http"))
        .or_else(|| meta(&page, "meta[property='og:url']"));
    let language = page
        .select("html")
        .nodes()
        .first()
        .and_then(|n| n.attr("lang"))
        .map(|l| l.trim().to_ascii_lowercase())
        .and_then(|l| l.get(..2).map(str::to_string))
        .filter(|l| l.chars().all(|c| c.is_ascii_lowercase()));

    let mut cands = Vec::new();
    for (sel, src) in [
        (
            "meta[property='article:published_time']",
            "meta[article:published_time]",
        ),
        (
            "meta[property='og:published_time']",
            "meta[og:published_time]",
        ),
        (
            "meta[name='article:published_time']",
            "meta[article:published_time]",
        ),
        ("meta[itemprop='datePublished']", "itemprop[datePublished]"),
        ("meta[name='pubdate']", "meta[pubdate]"),
        ("meta[name='publishdate']", "meta[publishdate]"),
        ("meta[name='publish-date']", "meta[publish-date]"),
        ("meta[name='date']", "meta[date]"),
        ("meta[name='dc.date.issued']", "meta[dc.date.issued]"),
        ("meta[name='DC.date.issued']", "meta[dc.date.issued]"),
        ("meta[name='parsely-pub-date']", "meta[parsely-pub-date]"),
        ("meta[name='sailthru.date']", "meta[sailthru.date]"),
    ] {
        push_cand(
            &mut cands,
            meta(&page, sel).and_then(|v| meta_candidate(&v, src)),
        );
    }
    if let Some(d) = ld.published.as_deref() {
        push_cand(&mut cands, meta_candidate(d, "json-ld[datePublished]"));
    }
    for n in page.select("[itemprop='datePublished']").nodes() {
        let v = n.attr("datetime").or_else(|| n.attr("content"));
        if let Some(v) = v {
            push_cand(&mut cands, meta_candidate(&v, "itemprop[datePublished]"));
        }
    }
    if let Some(v) = page
        .select("time[datetime]")
        .nodes()
        .first()
        .and_then(|n| n.attr("datetime"))
    {
        push_cand(&mut cands, meta_candidate(&v, "time[datetime]"));
    }

    let mut authors: Vec<String> = Vec::new();
    let mut add_authors = |s: &str| {
        for a in clean_author(s) {
            if !authors.iter().any(|x| x.eq_ignore_ascii_case(&a)) {
                authors.push(a);
            }
        }
    };
    for n in page.select("meta[name='author']").nodes() {
        if let Some(a) = n.attr("content") {
            add_authors(&a);
        }
    }
    for a in &ld.authors {
        add_authors(a);
    }

    // Body.
    let url = doc
        .url
        .as_deref()
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let cfg = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let article = Readability::new(doc.content.as_str(), url, Some(cfg.clone()))
        .or_else(|_| Readability::new(doc.content.as_str(), None, Some(cfg)))
        .ok()
        .and_then(|mut r| r.parse().ok());
    let body_text = match &article {
        Some(a) => {
            if let Some(b) = a.byline.as_deref() {
                add_authors(b);
            }
            a.text_content.to_string()
        }
        None => fallback_text(&page),
    };
    let site_name = site_name.or_else(|| article.as_ref().and_then(|a| a.site_name.clone()));

    let mut units = Vec::new();
    for line in body_text.split('\n') {
        let t = normalize_line(line);
        if !t.is_empty() {
            units.push(Unit {
                start: 0,
                end: 0,
                text: t,
            });
        }
    }
    // The headline repeated at the top of the body is not body.
    if let (Some(first), Some(t)) = (units.first(), title.as_ref()) {
        if first.text.eq_ignore_ascii_case(t)
            || h1
                .as_ref()
                .is_some_and(|h| first.text.eq_ignore_ascii_case(h))
        {
            units.remove(0);
        }
    }
    let meta_lines = split_meta(&units);
    let units = meta_lines.body;
    for a in &meta_lines.authors {
        add_authors(a);
    }
    for c in meta_lines.date_candidates {
        push_cand(&mut cands, Some(c));
    }
    let f = filter_units(&units, false);
    let map = CharMap::new(&doc.content);
    let locate = |t: &str| -> (usize, usize) {
        if let Some(p) = doc.content.find(t) {
            return (map.to_char(p), map.to_char(p + t.len()));
        }
        // Whitespace or markup differ: anchor on the first words (approximate end).
        let head: String = t.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
        match doc.content.find(head.as_str()).filter(|_| head.len() >= 12) {
            Some(p) => {
                let s = map.to_char(p);
                (s, (s + t.chars().count()).min(map.char_len()))
            }
            None => (0, 0),
        }
    };
    let mut removed = Vec::new();
    for (u, r) in &meta_lines.dropped {
        let (s, e) = locate(&u.text);
        removed.push(Removed {
            text: u.text.clone(),
            reason: r.to_string(),
            raw_start: s,
            raw_end: e,
        });
    }
    let mut paras = Vec::new();
    for (i, u) in units.iter().enumerate() {
        match (&f.kept[i], f.reasons[i]) {
            (Some(k), _) => paras.push(k.clone()),
            (None, Some(r)) => {
                let (s, e) = locate(&u.text);
                removed.push(Removed {
                    text: u.text.clone(),
                    reason: r.to_string(),
                    raw_start: s,
                    raw_end: e,
                });
            }
            _ => {}
        }
    }
    for (_, d) in &f.debris {
        let (s, e) = locate(d);
        removed.push(Removed {
            text: d.clone(),
            reason: "image-debris".into(),
            raw_start: s,
            raw_end: e,
        });
    }
    page.select("script, style, noscript, template, svg")
        .remove();
    chrome(&page, &paras, title.as_deref(), &mut removed, &locate);
    let (text, paragraphs) = assemble(&paras);
    let subtitle = meta(&page, "meta[name='description']")
        .filter(|d| d.chars().count() <= 350 && paras.first().is_some_and(|p| p == d))
        .or_else(|| {
            paras
                .first()
                .filter(|p| paras.len() > 1 && is_subtitle(p))
                .cloned()
        });
    CleanDoc {
        title,
        subtitle,
        text,
        paragraphs,
        removed,
        language,
        authors,
        site_name,
        canonical_url,
        date_candidates: cands,
        dateline: None,
    }
}

/// Paragraph text of a page readability could not parse.
fn fallback_text(page: &Document) -> String {
    let mut out = String::new();
    for n in page
        .select("body p, body h2, body h3, body li, body blockquote")
        .nodes()
    {
        let t = normalize_line(&n.text());
        if t.split_whitespace().count() >= 3 {
            out.push_str(&t);
            out.push('\n');
        }
    }
    if out.trim().is_empty() {
        // A fragment without blocks (a feed summary): its visible text.
        for n in page.select("body").nodes() {
            out.push_str(&n.formatted_text());
        }
    }
    out
}

/// Records the visible text of page chrome (nav, header, footer, aside, forms)
/// that is not part of the article.
fn chrome(
    page: &Document,
    kept: &[String],
    title: Option<&str>,
    removed: &mut Vec<Removed>,
    locate: &dyn Fn(&str) -> (usize, usize),
) {
    let kept: HashSet<&str> = kept.iter().map(String::as_str).collect();
    let mut seen: HashSet<String> = removed.iter().map(|r| r.text.clone()).collect();
    for (sel, reason) in [
        ("nav", "nav"),
        ("header", "header"),
        ("footer", "footer"),
        ("aside", "aside"),
        ("form", "form"),
    ] {
        for n in page.select(sel).nodes() {
            if removed.len() >= MAX_REMOVED {
                return;
            }
            let t = normalize_line(&n.text());
            if t.is_empty()
                || kept.contains(t.as_str())
                || Some(t.as_str()) == title
                || kept.iter().any(|k| t.contains(k))
            {
                continue;
            }
            if seen.insert(t.clone()) {
                let (s, e) = locate(&t);
                removed.push(Removed {
                    text: t,
                    reason: reason.to_string(),
                    raw_start: s,
                    raw_end: e,
                });
            }
        }
    }
}
