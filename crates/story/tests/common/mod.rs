#![allow(dead_code)]
use newsline_model::{
    ArticleRecord, DateOrigin, Entity, EntityType, Mention, MentionKind, Precision, Published,
    Span, TimeMention, TimeType, SCHEMA_VERSION,
};
use newsline_story::extract_events;

/// An entity with every occurrence of each surface form as a name mention.
pub fn ent(text: &str, id: &str, name: &str, etype: EntityType, surfaces: &[&str]) -> Entity {
    let mut mentions = Vec::new();
    for s in surfaces {
        let mut from = 0;
        while let Some(i) = text.get(from..).and_then(|t| t.find(s)) {
            let st = from + i;
            let overlaps = mentions
                .iter()
                .any(|m: &Mention| m.span.overlaps(&Span::new(st, st + s.len())));
            let word_end = !text
                .get(st + s.len()..)
                .unwrap_or("")
                .starts_with(|c: char| c.is_alphanumeric());
            let word_start = !text
                .get(..st)
                .unwrap_or("")
                .ends_with(|c: char| c.is_alphanumeric());
            if !overlaps && word_end && word_start {
                mentions.push(Mention {
                    span: Span::new(st, st + s.len()),
                    kind: if s.chars().next().is_some_and(|c| c.is_uppercase()) {
                        MentionKind::Name
                    } else {
                        MentionKind::Pronoun
                    },
                });
            }
            from = st + s.len();
        }
    }
    mentions.sort_by_key(|m| m.span.start);
    Entity {
        id: id.into(),
        name: name.into(),
        etype,
        aliases: vec![],
        roles: vec![],
        mentions,
    }
}

/// A time mention on the first occurrence of `surface`.
pub fn time(
    text: &str,
    surface: &str,
    value: &str,
    precision: Precision,
    resolved: bool,
) -> TimeMention {
    let st = text.find(surface).expect("surface in text");
    TimeMention {
        span: Span::new(st, st + surface.len()),
        ttype: TimeType::Date,
        value: value.into(),
        precision,
        resolved,
        anchor: None,
    }
}

pub fn day(text: &str, surface: &str, value: &str) -> TimeMention {
    time(text, surface, value, Precision::Day, true)
}

pub fn published(d: &str) -> Published {
    Published::day(
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap(),
        DateOrigin::Given,
    )
}

pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for part in text.split("\n\n") {
        out.push(Span::new(start, start + part.len()));
        start += part.len() + 2;
    }
    out
}

/// The usual cast of the invented Valdoria/Ostrenia story.
pub fn cast(text: &str) -> Vec<Entity> {
    vec![
        ent(
            text,
            "person:arne-kessel",
            "Arne Kessel",
            EntityType::Person,
            &["Arne Kessel", "Kessel"],
        ),
        ent(
            text,
            "person:lidia-varga",
            "Lidia Varga",
            EntityType::Person,
            &["Lidia Varga", "Varga"],
        ),
        ent(
            text,
            "person:mira-talven",
            "Mira Talven",
            EntityType::Person,
            &["Mira Talven", "Talven"],
        ),
        ent(
            text,
            "place:valdoria",
            "Valdoria",
            EntityType::Place,
            &["Valdoria"],
        ),
        ent(
            text,
            "place:ostrenia",
            "Ostrenia",
            EntityType::Place,
            &["Ostrenia"],
        ),
        ent(
            text,
            "place:solmere",
            "Solmere",
            EntityType::Place,
            &["Solmere"],
        ),
        ent(
            text,
            "place:kessgrad",
            "Kessgrad",
            EntityType::Place,
            &["Kessgrad"],
        ),
        ent(
            text,
            "org:harbour-union",
            "Harbour Workers' Union",
            EntityType::Organization,
            &["Harbour Workers' Union"],
        ),
        ent(
            text,
            "person:otto-lind",
            "Otto Lind",
            EntityType::Person,
            &["Otto Lind", "Lind"],
        ),
        ent(
            text,
            "place:port-amsel",
            "Port Amsel",
            EntityType::Place,
            &["Port Amsel"],
        ),
    ]
    .into_iter()
    .filter(|e| !e.mentions.is_empty())
    .collect()
}

/// Builds a published record: runs extract_events on byte spans, then
/// converts to code points like the pipeline does.
pub fn record(
    id: &str,
    date: &str,
    title: &str,
    text: &str,
    times: Vec<TimeMention>,
    quotes: Vec<newsline_model::Quote>,
) -> ArticleRecord {
    let paras = paragraphs(text);
    let entities = cast(text);
    let pubd = published(date);
    let events = extract_events(text, &paras, &entities, &times, &pubd);
    ArticleRecord {
        schema_version: SCHEMA_VERSION,
        id: id.into(),
        source: format!("{id}.txt"),
        record: None,
        url: None,
        title: Some(title.into()),
        subtitle: None,
        authors: vec![],
        site_name: None,
        published: pubd,
        dateline: None,
        language: "en".into(),
        text: text.into(),
        paragraphs: paras,
        removed: vec![],
        entities,
        quotes,
        times,
        events,
    }
    .into_char_offsets()
}

pub fn quote(text: &str, content: &str, speaker: &str, name: &str) -> newsline_model::Quote {
    let st = text.find(content).expect("quote in text");
    newsline_model::Quote {
        kind: newsline_model::QuoteKind::Direct,
        content: Span::new(st, st + content.len()),
        cue_span: None,
        speaker: Some(speaker.into()),
        speaker_name: Some(name.into()),
        speaker_span: None,
        outlet: None,
        date: None,
        date_origin: None,
        confidence: 0.9,
    }
}

/// The invented corpus: a Valdoria/Ostrenia storyline, a syndicated copy, and
/// an unrelated harbour strike.
pub fn corpus() -> Vec<ArticleRecord> {
    let mut out = Vec::new();
    let t = "Valdorian President Arne Kessel called Lidia Varga on February 12, the presidency in Kessgrad said.\n\n\u{201c}The conversation was frank and useful,\u{201d} said spokeswoman Mira Talven. The border dispute between Valdoria and Ostrenia dominated the call.";
    out.push(record(
        "a1",
        "2021-02-13",
        "Kessel calls Varga over border dispute",
        t,
        vec![day(t, "February 12", "2021-02-12")],
        vec![quote(
            t,
            "The conversation was frank and useful,",
            "person:mira-talven",
            "Mira Talven",
        )],
    ));
    let t = "Arne Kessel and Lidia Varga spoke by phone on February 12, according to officials in Kessgrad — the first contact between Valdoria and Ostrenia this year.\n\nThe leaders discussed the border dispute and fishing rights.";
    out.push(record(
        "a2",
        "2021-02-14",
        "Valdorian and Ostrenian leaders hold phone call",
        t,
        vec![day(t, "February 12", "2021-02-12")],
        vec![],
    ));
    let t = "Kessel last called Varga on February 12 — since then there have been no contacts between the two leaders, Mira Talven told reporters.\n\nValdoria accuses Ostrenia of stalling the border dispute talks.";
    out.push(record(
        "a3",
        "2021-02-20",
        "No contacts since February call, Valdoria says",
        t,
        vec![day(t, "February 12", "2021-02-12")],
        vec![],
    ));
    let t = "Valdoria expelled three Ostrenian diplomats on April 9 as the border dispute deepened. Arne Kessel said Lidia Varga had ignored his proposals.\n\n\u{201c}We have run out of patience,\u{201d} Kessel said.";
    out.push(record(
        "a4",
        "2021-04-10",
        "Valdoria expels Ostrenian diplomats in border dispute",
        t,
        vec![day(t, "April 9", "2021-04-09")],
        vec![quote(
            t,
            "We have run out of patience,",
            "person:arne-kessel",
            "Arne Kessel",
        )],
    ));
    let t = "Arne Kessel and Lidia Varga will hold a summit in Solmere on June 16 to settle the border dispute between Valdoria and Ostrenia, Mira Talven announced.";
    out.push(record(
        "a5",
        "2021-06-01",
        "Kessel and Varga to meet in Solmere",
        t,
        vec![day(t, "June 16", "2021-06-16")],
        vec![],
    ));
    let t = "The summit between Arne Kessel and Lidia Varga in Solmere ended on June 16 with an agreement to reopen embassies in Valdoria and Ostrenia.\n\n\u{201c}Today we chose dialogue,\u{201d} Varga said after the talks.";
    out.push(record(
        "a6",
        "2021-06-17",
        "Solmere summit ends with embassy deal",
        t,
        vec![day(t, "June 16", "2021-06-16")],
        vec![quote(
            t,
            "Today we chose dialogue,",
            "person:lidia-varga",
            "Lidia Varga",
        )],
    ));
    let t7 = format!("SOLMERE, June 17 (Northwire) - {t}");
    out.push(record(
        "a7",
        "2021-06-17",
        "Solmere summit ends with embassy deal",
        &t7,
        vec![day(&t7, "on June 16", "2021-06-16")],
        vec![quote(
            &t7,
            "Today we chose dialogue,",
            "person:lidia-varga",
            "Lidia Varga",
        )],
    ));
    let t = "Dock workers in Port Amsel, the largest port of Valdoria, walked out on June 9 after the Harbour Workers' Union rejected a pay offer. Union leader Otto Lind met the port owners on June 10 without result.\n\nContainer ships were diverted to other ports while cranes stood idle.";
    out.push(record(
        "b1",
        "2021-06-11",
        "Port Amsel dockers strike over pay",
        t,
        vec![
            day(t, "June 9", "2021-06-09"),
            day(t, "June 10", "2021-06-10"),
        ],
        vec![],
    ));
    let t = "The Harbour Workers' Union ended its strike in Port Amsel on June 14 after a new pay offer, Otto Lind said. Cranes and container ships resumed work.\n\n\u{201c}The dockers won,\u{201d} Lind said.";
    out.push(record(
        "b2",
        "2021-06-15",
        "Port Amsel strike ends after pay deal",
        t,
        vec![day(t, "June 14", "2021-06-14")],
        vec![quote(
            t,
            "The dockers won,",
            "person:otto-lind",
            "Otto Lind",
        )],
    ));
    out
}

pub fn dup_groups() -> Vec<newsline_model::DupGroup> {
    vec![newsline_model::DupGroup {
        id: "a6".into(),
        canonical: "a6".into(),
        members: vec![newsline_model::DupMember {
            article: "a7".into(),
            similarity: 0.9,
            kind: newsline_model::DupKind::Near,
        }],
    }]
}

pub fn ident(_: &str, id: &str) -> String {
    id.to_string()
}
