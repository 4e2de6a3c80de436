//! Text, JSON and Markdown renderings of the listing commands.

use std::io::Write;

use anyhow::Result;
use chrono::NaiveDate;
use newsline_index::SearchResults;
use newsline_model::{ArticleRecord, CorpusEntity, Storyline, TimelineEntry, TimelineKind};
use newsline_story::Timeline;
use serde::Serialize;

use crate::commands::QuoteRow;
use crate::Format;

/// The first calendar day of a TIMEX3 date value (`2022`, `2022-02`, `2022-02-12`).
pub fn first_day(v: &str) -> Option<NaiveDate> {
    let mut parts = v.split('-');
    let y: i32 = parts.next()?.parse().ok()?;
    if !(1..=9999).contains(&y) || v.len() < 4 {
        return None;
    }
    let m: u32 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(1);
    let d: u32 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(1);
    NaiveDate::from_ymd_opt(y, m, d)
}

fn json<T: Serialize + ?Sized>(out: &mut dyn Write, v: &T) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, v)?;
    writeln!(out)?;
    Ok(())
}

fn short(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        s
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

fn label(e: &TimelineEntry) -> String {
    match e.kind {
        TimelineKind::Event => e
            .event_type
            .and_then(|t| {
                serde_json::to_value(t)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
            })
            .unwrap_or_else(|| "event".into()),
        TimelineKind::Quote => e
            .quote_kind
            .map(|k| match k {
                newsline_model::QuoteKind::Direct => "said",
                newsline_model::QuoteKind::Partial => "said (partial)",
                newsline_model::QuoteKind::Indirect => "said (reported)",
            })
            .unwrap_or("said")
            .into(),
    }
}

fn entry_text(out: &mut dyn Write, e: &TimelineEntry, records: &[ArticleRecord]) -> Result<()> {
    writeln!(out, "  {:<16} {}", label(e), short(&e.summary, 150))?;
    if e.kind == TimelineKind::Event && !e.who.is_empty() {
        writeln!(out, "  {:16} who: {}", "", short(&e.who.join(", "), 120))?;
    }
    writeln!(out, "  {:16} sources: {}", "", sources(e, records))?;
    Ok(())
}

fn sources(e: &TimelineEntry, records: &[ArticleRecord]) -> String {
    e.sources
        .iter()
        .map(|s| {
            let title = records
                .iter()
                .find(|r| r.id == s.article)
                .and_then(|r| r.title.as_deref())
                .map(|t| format!(" \"{}\"", short(t, 50)))
                .unwrap_or_default();
            format!("{}@{}-{}{}", s.article, s.start, s.end, title)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Prints a timeline.
pub fn timeline(
    out: &mut dyn Write,
    tl: &Timeline,
    records: &[ArticleRecord],
    format: Format,
) -> Result<()> {
    match format {
        Format::Json => json(out, tl),
        Format::Text => {
            let mut current: Option<(&Option<String>, &str)> = None;
            for e in &tl.dated {
                let key = (&e.date, e.precision.as_str());
                if current != Some(key) {
                    writeln!(
                        out,
                        "\n{} ({})",
                        e.date.as_deref().unwrap_or("?"),
                        e.precision.as_str()
                    )?;
                    current = Some(key);
                }
                entry_text(out, e, records)?;
            }
            if !tl.undated.is_empty() {
                writeln!(out, "\nUndated ({}):", tl.undated.len())?;
                for e in &tl.undated {
                    entry_text(out, e, records)?;
                }
            }
            Ok(())
        }
        Format::Md => {
            writeln!(out, "| date | precision | what | who | sources |")?;
            writeln!(out, "|---|---|---|---|---|")?;
            for e in &tl.dated {
                writeln!(
                    out,
                    "| {} | {} | {}: {} | {} | {} |",
                    e.date.as_deref().unwrap_or("?"),
                    e.precision.as_str(),
                    label(e),
                    md(&short(&e.summary, 200)),
                    md(&e.who.join(", ")),
                    md(&sources(e, records))
                )?;
            }
            if !tl.undated.is_empty() {
                writeln!(out, "\n**Undated**\n")?;
                for e in &tl.undated {
                    writeln!(
                        out,
                        "- {}: {} ({})",
                        label(e),
                        md(&short(&e.summary, 200)),
                        md(&sources(e, records))
                    )?;
                }
            }
            Ok(())
        }
    }
}

fn md(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Prints statements.
pub fn quotes(out: &mut dyn Write, rows: &[QuoteRow], format: Format) -> Result<()> {
    match format {
        Format::Json => json(out, rows),
        Format::Text => {
            for r in rows {
                writeln!(
                    out,
                    "{:<10} {:<22} {:<8} {}",
                    r.date.as_deref().unwrap_or("undated"),
                    short(r.speaker_name.as_deref().unwrap_or("(unknown)"), 22),
                    format!("{:?}", r.kind).to_lowercase(),
                    short(&r.content, 150)
                )?;
                writeln!(out, "{:42}{}@{}-{}", "", r.article, r.start, r.end)?;
            }
            Ok(())
        }
        Format::Md => {
            writeln!(out, "| date | speaker | kind | content | source |")?;
            writeln!(out, "|---|---|---|---|---|")?;
            for r in rows {
                writeln!(
                    out,
                    "| {} | {} | {:?} | {} | {}@{}-{} |",
                    r.date.as_deref().unwrap_or("undated"),
                    md(r.speaker_name.as_deref().unwrap_or("(unknown)")),
                    r.kind,
                    md(&short(&r.content, 200)),
                    r.article,
                    r.start,
                    r.end
                )?;
            }
            Ok(())
        }
    }
}

/// Prints corpus entities.
pub fn entities(out: &mut dyn Write, list: &[CorpusEntity], format: Format) -> Result<()> {
    match format {
        Format::Json => json(out, list),
        Format::Text | Format::Md => {
            if format == Format::Md {
                writeln!(
                    out,
                    "| entity | type | articles | mentions | aliases | roles |"
                )?;
                writeln!(out, "|---|---|---|---|---|---|")?;
            }
            for e in list {
                let roles = e.roles.iter().map(role_text).collect::<Vec<_>>().join("; ");
                let aliases = e.aliases.join(", ");
                if format == Format::Md {
                    writeln!(
                        out,
                        "| {} (`{}`) | {} | {} | {} | {} | {} |",
                        md(&e.name),
                        e.id,
                        e.etype.as_str(),
                        e.articles,
                        e.mentions,
                        md(&aliases),
                        md(&roles)
                    )?;
                } else {
                    writeln!(
                        out,
                        "{:<32} {:<12} {:>3} articles {:>4} mentions  {}",
                        short(&e.name, 32),
                        e.etype.as_str(),
                        e.articles,
                        e.mentions,
                        e.id
                    )?;
                    if !aliases.is_empty() {
                        writeln!(out, "{:34}aliases: {}", "", aliases)?;
                    }
                    if !roles.is_empty() {
                        writeln!(out, "{:34}roles: {}", "", roles)?;
                    }
                }
            }
            Ok(())
        }
    }
}

fn role_text(r: &newsline_model::RoleSpell) -> String {
    match (&r.first_seen, &r.last_seen) {
        (Some(a), Some(b)) if a != b => format!("{} ({a}..{b})", r.title),
        (Some(a), _) => format!("{} ({a})", r.title),
        _ => r.title.clone(),
    }
}

/// Prints one entity in full (`newsline entities --show ID`); `merged` are
/// the ids the user's corrections merged into it.
pub fn entity(
    out: &mut dyn Write,
    e: &CorpusEntity,
    merged: &[&str],
    format: Format,
) -> Result<()> {
    #[derive(Serialize)]
    struct Shown<'a> {
        #[serde(flatten)]
        entity: &'a CorpusEntity,
        merged_ids: &'a [&'a str],
    }
    if format == Format::Json {
        return json(
            out,
            &Shown {
                entity: e,
                merged_ids: merged,
            },
        );
    }
    let (h, item) = if format == Format::Md {
        ("## ", "- ")
    } else {
        ("", "  ")
    };
    writeln!(out, "{h}{} ({})", e.name, e.id)?;
    writeln!(out)?;
    writeln!(out, "{item}type: {}", e.etype.as_str())?;
    writeln!(out, "{item}articles: {}", e.articles)?;
    writeln!(out, "{item}mentions: {}", e.mentions)?;
    if !merged.is_empty() {
        writeln!(out, "{item}merged ids: {}", merged.join(", "))?;
    }
    writeln!(
        out,
        "{item}aliases:{}",
        if e.aliases.is_empty() { " none" } else { "" }
    )?;
    for a in &e.aliases {
        writeln!(out, "{item}  {a}")?;
    }
    writeln!(
        out,
        "{item}roles:{}",
        if e.roles.is_empty() { " none" } else { "" }
    )?;
    for r in &e.roles {
        writeln!(out, "{item}  {}", role_text(r))?;
    }
    Ok(())
}

/// Prints storylines.
pub fn storylines(out: &mut dyn Write, list: &[Storyline], format: Format) -> Result<()> {
    match format {
        Format::Json => json(out, list),
        Format::Text | Format::Md => {
            for s in list {
                let span = format!(
                    "{}..{}",
                    s.start.as_deref().unwrap_or("?"),
                    s.end.as_deref().unwrap_or("?")
                );
                if format == Format::Md {
                    writeln!(
                        out,
                        "- **{}** (`{}`): {} articles, {} events, {}",
                        md(&s.label),
                        s.id,
                        s.articles.len(),
                        s.events.len(),
                        span
                    )?;
                } else {
                    writeln!(
                        out,
                        "{}  {}  {} articles, {} events, {}",
                        s.id,
                        s.label,
                        s.articles.len(),
                        s.events.len(),
                        span
                    )?;
                }
            }
            Ok(())
        }
    }
}

/// Prints search results.
pub fn search(out: &mut dyn Write, res: &SearchResults, format: Format) -> Result<()> {
    match format {
        Format::Json => json(out, res),
        Format::Text | Format::Md => {
            writeln!(out, "{} matching articles", res.total)?;
            for h in &res.hits {
                let snippet = h.snippet.replace("<b>", "[").replace("</b>", "]");
                let snippet = html_unescape(&snippet);
                if format == Format::Md {
                    writeln!(
                        out,
                        "- **{}** ({}, `{}`): {}",
                        md(h.title.as_deref().unwrap_or("(untitled)")),
                        h.published.as_deref().unwrap_or("undated"),
                        h.id,
                        md(&short(&snippet, 200))
                    )?;
                } else {
                    writeln!(
                        out,
                        "{}  {}  {}",
                        h.id,
                        h.published.as_deref().unwrap_or("undated"),
                        h.title.as_deref().unwrap_or("(untitled)")
                    )?;
                    writeln!(out, "    {}", short(&snippet, 200))?;
                }
            }
            Ok(())
        }
    }
}

fn html_unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
