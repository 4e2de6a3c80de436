//! RSS 2.0 and Atom feeds: one document per item.

use newsline_model::{InputFormat, RawDoc};
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::decode::{decode, looks_binary};
use crate::error::IngestError;
use crate::ReadOptions;

#[derive(Default)]
struct Item {
    title: Option<String>,
    link: Option<String>,
    guid: Option<String>,
    published: Option<String>,
    updated: Option<String>,
    content: Option<String>,
    summary: Option<String>,
}

fn xml_decl_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).to_ascii_lowercase();
    let t = head.trim_start();
    if !t.starts_with("<?xml") {
        return None;
    }
    let decl = t.get(..t.find("?>")?)?;
    let p = decl.find("encoding=")?;
    let v: String = decl
        .get(p + 9..)?
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    (!v.is_empty()).then_some(v)
}

fn local(name: &[u8]) -> String {
    let s = String::from_utf8_lossy(name).to_ascii_lowercase();
    match s.rsplit_once(':') {
        Some((prefix, l)) if prefix == "content" && l == "encoded" => "content:encoded".into(),
        Some((_, l)) => l.to_string(),
        None => s,
    }
}

/// Normalises a feed date to ISO 8601 when it parses.
fn iso_date(s: &str) -> String {
    let s = s.trim();
    if let Ok(d) = chrono::DateTime::parse_from_rfc2822(s) {
        return d.to_rfc3339();
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(s) {
        return d.to_rfc3339();
    }
    s.to_string()
}

/// Parses a whole feed.
pub(crate) fn read_feed(
    name: &str,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Vec<Result<RawDoc, IngestError>> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return vec![Err(IngestError::new(name, None, "empty file"))];
    }
    if looks_binary(bytes) {
        return vec![Err(IngestError::new(
            name,
            None,
            "binary content, not text",
        ))];
    }
    let cs = xml_decl_charset(bytes);
    let decoded = decode(bytes, cs.as_deref(), false);
    let mut reader = Reader::from_str(&decoded.text);
    reader.config_mut().trim_text(true);
    let mut out = Vec::new();
    let mut item: Option<Item> = None;
    let mut field: Option<String> = None;
    let mut depth_in_field = 0usize;
    let mut buf = String::new();
    let mut n = 0usize;
    loop {
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                out.push(Err(IngestError::new(
                    name,
                    Some(format!("item {}", n + 1)),
                    format!("XML error at byte {}: {e}", reader.buffer_position()),
                )));
                break;
            }
        };
        match ev {
            Event::Eof => break,
            Event::Start(e) => {
                let l = local(e.name().as_ref());
                if item.is_none() {
                    if l == "item" || l == "entry" {
                        item = Some(Item::default());
                    }
                } else if field.is_some() {
                    depth_in_field += 1;
                } else {
                    if l == "link" {
                        set_link(item.as_mut(), &e);
                    }
                    field = Some(l);
                    depth_in_field = 0;
                    buf.clear();
                }
            }
            Event::Empty(e) if field.is_none() && local(e.name().as_ref()) == "link" => {
                set_link(item.as_mut(), &e);
            }
            Event::Text(t) if field.is_some() => match t.unescape() {
                Ok(s) => buf.push_str(&s),
                Err(_) => buf.push_str(&String::from_utf8_lossy(t.as_ref())),
            },
            Event::CData(t) if field.is_some() => {
                buf.push_str(&String::from_utf8_lossy(t.as_ref()));
            }
            Event::End(e) => {
                let l = local(e.name().as_ref());
                if field.is_some() && depth_in_field > 0 {
                    depth_in_field -= 1;
                } else if let Some(f) = field.take() {
                    if let Some(it) = item.as_mut() {
                        let v = std::mem::take(&mut buf).trim().to_string();
                        if !v.is_empty() {
                            let slot = match f.as_str() {
                                "title" => &mut it.title,
                                "link" => &mut it.link,
                                "guid" | "id" => &mut it.guid,
                                "pubdate" | "published" | "date" | "issued" => &mut it.published,
                                "updated" | "modified" => &mut it.updated,
                                "content:encoded" | "content" => &mut it.content,
                                "description" | "summary" => &mut it.summary,
                                _ => &mut None,
                            };
                            if slot.is_none() {
                                *slot = Some(v);
                            }
                        }
                    }
                } else if (l == "item" || l == "entry") && item.is_some() {
                    n += 1;
                    if let Some(it) = item.take() {
                        out.push(item_doc(name, n, it, &decoded.charset, opts));
                    }
                }
            }
            _ => {}
        }
    }
    if n == 0 && out.is_empty() {
        out.push(Err(IngestError::new(name, None, "no items in feed")));
    }
    out
}

fn set_link(item: Option<&mut Item>, e: &quick_xml::events::BytesStart<'_>) {
    let Some(it) = item else { return };
    let mut href = None;
    let mut rel = None;
    for a in e.attributes().flatten() {
        let v = a
            .unescape_value()
            .map(|v| v.into_owned())
            .unwrap_or_default();
        match a.key.as_ref() {
            b"href" => href = Some(v),
            b"rel" => rel = Some(v),
            _ => {}
        }
    }
    if let Some(h) = href {
        if rel.as_deref().is_none_or(|r| r == "alternate") && it.link.is_none() {
            it.link = Some(h);
        }
    }
}

fn item_doc(
    name: &str,
    n: usize,
    it: Item,
    charset: &str,
    opts: &ReadOptions,
) -> Result<RawDoc, IngestError> {
    let rec = format!("item {n}");
    let Some(content) = it.content.or(it.summary) else {
        return Err(IngestError::new(name, Some(rec), "item has no content"));
    };
    Ok(RawDoc {
        source: name.to_string(),
        record: Some(rec),
        record_id: it.guid,
        format: InputFormat::Html,
        raw: content.as_bytes().to_vec(),
        content,
        charset: charset.to_string(),
        url: it.link,
        title: it.title,
        published: it
            .published
            .or(it.updated)
            .map(|d| iso_date(&d))
            .or_else(|| opts.published.clone()),
        crawl_date: None,
        no_clean: opts.no_clean,
        warnings: Vec::new(),
    })
}
