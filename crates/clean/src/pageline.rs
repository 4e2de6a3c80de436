//! Page-chrome date lines of saved text pages: a date with nothing but
//! chrome around it (time, time zone, byline, outlet, section, reading time,
//! separators), e.g. `April 16, 2021 | 9:12 AM`, `By Maya Quint · 7 December
//! 2021`, `Baltic Ledger | 2023-11-09 08:15 | 3 min read`.
//!
//! A line qualifies only when, after the dates, times, time zones, weekdays,
//! reading times and chrome keywords (`Published`, `on`, `at`, …) are taken
//! out, what remains is a few capitalised words (outlet, section, names) or a
//! byline: so a story sentence that mentions a date never qualifies.

use chrono::NaiveDate;
use once_cell::sync::Lazy;
use regex::Regex;

use crate::dates::find_dates;

/// What the keyword before a date says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateKind {
    /// `Published`, `Posted`, `Опубликовано`, …
    Published,
    /// `Updated`, `Modified`, `Обновлено`, …
    Updated,
    /// A bare date.
    Plain,
}

/// A recognised page date line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageLine {
    /// The dates on the line, each with the keyword that introduced it.
    pub dates: Vec<(NaiveDate, DateKind)>,
    /// Author names from a byline on the same line.
    pub authors: Vec<String>,
    /// True when the line carries a byline (`By …`, `Author: …`).
    pub byline: bool,
}

impl PageLine {
    /// True when some date was introduced by a `Published`/`Updated` keyword.
    pub(crate) fn has_keyword(&self) -> bool {
        self.dates.iter().any(|(_, k)| *k != DateKind::Plain)
    }
}

fn re(s: &str) -> Regex {
    Regex::new(s).expect("valid regex")
}

static TIME: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:[01]?\d|2[0-3])[:.h][0-5]\d(?::[0-5]\d)?(?:\s*[ap]\.?\s?m\b\.?)?(?:\s*uhr\b)?|\b(?:1[0-2]|0?[1-9])\s*[ap]\.?\s?m\b\.?",
    )
});
static ZONE: Lazy<Regex> = Lazy::new(|| {
    re(
        r"\b(?:GMT|UTC|BST|CET|CEST|EET|EEST|WET|WEST|MSK|ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|HST|AKST|AKDT|IST|JST|KST|HKT|SGT|WIB|CAT|EAT|SAST|AEST|AEDT|AWST|NZST|NZDT|МСК|мск)\b(?:\s*[+\-−]\s*\d{1,2}(?::?\d{2})?)?|[+\-−]\d{2}:?\d{2}\b|(?i:\b(?:local|moscow|kyiv|kiev|london|berlin|paris|new york|washington) time\b|по московскому времени)",
    )
});
static US_HINT: Lazy<Regex> = Lazy::new(|| {
    re(r"\b(?:ET|EST|EDT|CT|CST|CDT|PT|PST|PDT)\b|(?i:\b\d{1,2}(?::\d\d)?\s*[ap]\.?\s?m\b)")
});
static READING: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)(?:reading time|read time|lesezeit|время чтения|temps de lecture|tiempo de lectura)\s*:?|\b\d{1,3}\s*-?\s*(?:min(?:ute)?s?|minuten|мин(?:ут[аы]?)?)\b\.?(?:\s+(?:read|reading|to read|чтения|lesezeit|de lecture|de lectura))?|\b\d[\d,. ]{0,9}\s*(?:views|comments?|просмотр(?:а|ов)?|комментари(?:й|я|ев))\b|\b\d{1,3}\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?)\s+ago\b|\bjust now\b|\bvor\s+\d{1,3}\s+(?:sekunden|minuten|stunden?|tagen?|wochen?)\b|\bil y a\s+\d{1,3}\s+(?:secondes?|minutes?|heures?|jours?)\b|\b\d{1,3}\s+(?:секунд[уы]?|минут[уы]?|час(?:а|ов)?|дн(?:я|ей)|день)\s+назад",
    )
});
static EMBED_HANDLE: Lazy<Regex> = Lazy::new(|| re(r"\(@\w+\)|\bpic\.twitter\.com/"));
/// Keywords that introduce a date, with what they say.
static KIND: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:(?P<upd>last updated|updated|update|modified|обновлено|обновлён|aktualisiert|zuletzt aktualisiert|mis à jour|actualizado|actualización|zaktualizowano|aggiornato)|(?P<pub>first published|published|posted|created|опубликовано|дата публикации|veröffentlicht|publié|publiée|publicado|opublikowano|pubblicato))\b",
    )
});
static BYLINE_MARK: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)^(?:(?:written|reported|text|story|words)\s+by|by|von|par|por|przez|авторы?|authors?|autor(?:in|en)?|auteur|text|texte)\s*:?\s+(?P<rest>\S.*)$",
    )
});

#[rustfmt::skip]
/// Chrome words a date line may contain besides names (lower case).
const CHROME: &[&str] = &[
    "published", "posted", "updated", "update", "last", "modified", "created", "first", "date",
    "on", "at", "am", "um", "uhr", "le", "à", "a", "el", "de", "del", "em", "в", "г", "года",
    "publié", "publiée", "mis", "jour", "publicado", "actualizado", "actualización",
    "opublikowano", "zaktualizowano", "veröffentlicht", "aktualisiert", "zuletzt", "опубликовано",
    "обновлено", "обновлён", "дата", "публикации", "pubblicato", "aggiornato", "read", "min",
    "time", "reading", "edited", "today", "yesterday", "сегодня", "вчера", "heute", "gestern",
    "aujourd'hui", "hier", "hoy", "ayer", "dziś", "wczoraj", "oggi", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu",
    "thur", "thurs", "fri", "sat", "sun", "montag", "dienstag", "mittwoch", "donnerstag",
    "freitag", "samstag", "sonnabend", "sonntag", "mo", "di", "mi", "do", "fr", "sa", "so",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "понедельник",
    "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье", "пн", "вт", "ср", "чт",
    "пт", "сб", "вс", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",
    "utc", "gmt",
];

/// Lower-case words allowed inside names and outlet names.
const CONNECTORS: &[&str] = &[
    "of", "and", "the", "de", "du", "des", "la", "le", "von", "van", "der", "den", "und", "et",
    "y", "i", "и", "da", "di", "del", "al", "el",
];

/// Words that make a byline name a role or a desk, not an author.
const NOT_AUTHOR: &[&str] = &[
    "correspondent",
    "editor",
    "reporter",
    "writer",
    "staff",
    "chief",
    "bureau",
    "team",
    "desk",
    "newsroom",
    "editorial",
    "editors",
    "redaktion",
    "редакция",
    "rédaction",
    "redacción",
    "online",
];

fn is_chrome_word(w: &str) -> bool {
    let w = w
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
        .to_lowercase();
    w.is_empty() || CHROME.contains(&w.as_str())
}

/// A capitalised word, a connector, an outlet domain or a number.
fn is_name_word(w: &str) -> bool {
    let t = w.trim_matches(|c: char| matches!(c, '.' | ',' | ':' | ';' | '"' | '\'' | '«' | '»'));
    if t.is_empty() || t == "&" {
        return true;
    }
    if CONNECTORS.contains(&t) || t.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    if t.contains('.')
        && t.chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
    {
        // A domain such as `ledger.example`.
        return true;
    }
    let mut cs = t.chars();
    cs.next().is_some_and(char::is_uppercase)
        && cs.all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '\'' | '’'))
}

/// Splits a line into chrome segments on `| · • — –`, ` - ` and brackets.
fn segments(s: &str) -> Vec<String> {
    s.replace(" - ", " | ")
        .split(['|', '·', '•', '—', '–', '(', ')', '[', ']', '/', '\u{2022}'])
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Drops leading chrome words (`Posted on`) from a segment.
fn strip_leading_chrome(seg: &str) -> &str {
    let mut rest = seg.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ':'));
    loop {
        let (w, tail) = match rest.find(char::is_whitespace) {
            Some(i) => (rest.get(..i).unwrap_or(""), rest.get(i..).unwrap_or("")),
            None => (rest, ""),
        };
        if w.is_empty() || !is_chrome_word(w) {
            return rest;
        }
        rest = tail.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ':'));
    }
}

/// The author names of a byline segment (`By A, B and C`), or `None` when
/// the segment is not a byline.
fn byline_names(seg: &str) -> Option<Vec<String>> {
    let c = BYLINE_MARK.captures(seg)?;
    let rest = c.name("rest")?.as_str();
    let mut names = Vec::new();
    let mut pieces = vec![rest.to_string()];
    for sep in [",", ";", "&", " and ", " und ", " et ", " y ", " и "] {
        pieces = pieces
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    for p in pieces {
        let mut p = p.trim().to_string();
        // `Jonas Ferrell in Marenburg`
        if let Some(i) = p.find(" in ") {
            p.truncate(i);
        }
        let ws: Vec<&str> = p.split_whitespace().collect();
        if ws.is_empty() {
            continue;
        }
        let lower = p.to_lowercase();
        let not_author = NOT_AUTHOR.iter().any(|r| lower.contains(r));
        if !not_author && (ws.len() > 5 || !ws.iter().all(|w| is_name_word(w))) {
            return None;
        }
        if !not_author
            && ws
                .first()
                .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
        {
            names.push(ws.join(" "));
        } else if !not_author {
            return None;
        }
    }
    Some(names)
}

/// Recognises a page date line; `None` for anything else.
pub(crate) fn page_line(line: &str) -> Option<PageLine> {
    let n = line.chars().count();
    if !(6..=200).contains(&n) {
        return None;
    }
    // `— Name (@handle) November 1, 2019`: the signature of an embedded post
    // or the attribution of a quote, which belongs to the story.
    if line.starts_with(['—', '–', '-', '―']) || EMBED_HANDLE.is_match(line) {
        return None;
    }
    let us = US_HINT.is_match(line);
    let found = find_dates(line, us);
    if found.is_empty() {
        return None;
    }
    // Each date takes the kind of the last keyword between it and the previous date.
    let mut dates = Vec::new();
    let mut prev_end = 0usize;
    for f in &found {
        let before = line.get(prev_end..f.start).unwrap_or("");
        let kind = KIND
            .captures_iter(before)
            .last()
            .map_or(DateKind::Plain, |c| {
                if c.name("upd").is_some() {
                    DateKind::Updated
                } else {
                    DateKind::Published
                }
            });
        dates.push((f.date, kind));
        prev_end = f.end;
    }
    // Blank out dates, times, zones and reading times, then inspect the rest.
    let mut rest = String::with_capacity(line.len());
    let mut last = 0usize;
    for f in &found {
        rest.push_str(line.get(last..f.start).unwrap_or(""));
        rest.push_str(" | ");
        last = f.end;
    }
    rest.push_str(line.get(last..).unwrap_or(""));
    let rest = TIME.replace_all(&rest, " ");
    let rest = ZONE.replace_all(&rest, " ");
    let rest = READING.replace_all(&rest, " | ");
    let mut authors = Vec::new();
    let mut byline = false;
    let mut words = 0usize;
    for seg in segments(&rest) {
        let seg = strip_leading_chrome(&seg);
        if seg.is_empty() {
            continue;
        }
        if let Some(names) = byline_names(seg) {
            byline = true;
            for a in names {
                if !authors.contains(&a) {
                    authors.push(a);
                }
            }
            continue;
        }
        for part in seg.split([',', ':', ';']) {
            let ws: Vec<&str> = part
                .split_whitespace()
                .filter(|w| !is_chrome_word(w))
                .collect();
            if ws.len() > 6 || !ws.iter().all(|w| is_name_word(w)) {
                return None;
            }
            words += ws.len();
        }
    }
    if words > 12 {
        return None;
    }
    Some(PageLine {
        dates,
        authors,
        byline,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn one(line: &str) -> Option<(NaiveDate, DateKind, Vec<String>, bool)> {
        let p = page_line(line)?;
        let (d, k) = *p.dates.first()?;
        Some((d, k, p.authors, p.byline))
    }

    #[test]
    fn page_date_line_formats() {
        use DateKind::*;
        let none: Vec<String> = vec![];
        let cases: &[(&str, NaiveDate, DateKind)] = &[
            ("April 16, 2021 | 9:12 AM", day(2021, 4, 16), Plain),
            (
                "Published: 16 June 2021, 21:47",
                day(2021, 6, 16),
                Published,
            ),
            (
                "Published Jul 11, 2022 9:15 a.m. ET",
                day(2022, 7, 11),
                Published,
            ),
            (
                "Updated Jul 12, 2022 10:30 a.m. ET",
                day(2022, 7, 12),
                Updated,
            ),
            ("Wed 15 Mar 2023 17.30 GMT", day(2023, 3, 15), Plain),
            ("19.04.2021 11:32", day(2021, 4, 19), Plain),
            ("5 May 2023 · 09:14 · Politics", day(2023, 5, 5), Plain),
            ("12.03.2024 13:20 (updated: 13:45)", day(2024, 3, 12), Plain),
            (
                "Baltic Ledger | 2023-11-09 08:15 | 3 min read",
                day(2023, 11, 9),
                Plain,
            ),
            (
                "Harbour Post | World | Published 25 May 2021, 18:42",
                day(2021, 5, 25),
                Published,
            ),
            ("13 марта 2024, 10:15 | Политика", day(2024, 3, 13), Plain),
            (
                "Veröffentlicht am 16. Juni 2021 um 08:00 Uhr",
                day(2021, 6, 16),
                Published,
            ),
            (
                "Publié le 3 février 2022 à 14h05",
                day(2022, 2, 3),
                Published,
            ),
            (
                "Опубликовано 13 марта 2024 в 10:15 МСК",
                day(2024, 3, 13),
                Published,
            ),
            (
                "June 16, 2021 / 10:32 AM / Updated 2 hours ago",
                day(2021, 6, 16),
                Plain,
            ),
            (
                "Published: 2021-06-16T10:32:00+02:00",
                day(2021, 6, 16),
                Published,
            ),
            ("Monday, 16 June 2021 at 10:32 am", day(2021, 6, 16), Plain),
            (
                "Politics | 16 June 2021 | 0 comments",
                day(2021, 6, 16),
                Plain,
            ),
        ];
        for &(line, d, k) in cases {
            assert_eq!(one(line), Some((d, k, none.clone(), false)), "{line}");
        }
    }

    #[test]
    fn bylines_on_date_lines_give_authors() {
        assert_eq!(
            one("By Maya Quint · 7 December 2021"),
            Some((
                day(2021, 12, 7),
                DateKind::Plain,
                vec!["Maya Quint".into()],
                true
            ))
        );
        assert_eq!(
            one("Author: Olga Vetrova | 22 March 2022, 16:48"),
            Some((
                day(2022, 3, 22),
                DateKind::Plain,
                vec!["Olga Vetrova".into()],
                true
            ))
        );
        // A desk is a byline but not an author.
        assert_eq!(
            one("Posted on 22/04/2022 by Editorial Team"),
            Some((day(2022, 4, 22), DateKind::Published, vec![], true))
        );
        assert_eq!(
            one("By Ada Brenner and Tomas Ek, Transport Correspondent — 3 March 2022"),
            Some((
                day(2022, 3, 3),
                DateKind::Plain,
                vec!["Ada Brenner".into(), "Tomas Ek".into()],
                true
            ))
        );
    }

    #[test]
    fn two_dates_keep_their_own_keywords() {
        let p = page_line("Published 25 May 2021, 18:42 | Updated 26 May 2021, 09:00").unwrap();
        assert_eq!(
            p.dates,
            vec![
                (day(2021, 5, 25), DateKind::Published),
                (day(2021, 5, 26), DateKind::Updated)
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_date_ranges_are_char_boundaries(
            s in "\\PC{0,60}",
            pre in proptest::sample::select(vec!["", "By Ада Öberg · ", "Published ", "— "]),
            date in proptest::sample::select(vec!["13 марта 2024", "05/04/2022", "Jul 11, 2022", "2023-11-09", "x"]),
        ) {
            let line = format!("{pre}{date}{s}");
            let _ = page_line(&line);
            let _ = page_line(&s);
            for f in find_dates(&line, true) {
                proptest::prop_assert!(line.get(f.start..f.end).is_some());
            }
        }
    }

    #[test]
    fn story_sentences_with_dates_are_not_date_lines() {
        for line in [
            "The summit will be held on 16 June 2021 in Solmere.",
            "On April 16, 2021 the ministry expelled eight diplomats",
            "The decree was published on 3 May 2021 by the ministry",
            "By the end of 3 May 2021 the troops had left",
            "Kessgrad, 22 March — The ministry said",
            "Talks began on 12.03.2024 and ended two days later",
            "He said: 16 June 2021 was a turning point",
            "— Ada Brenner (@adabrenner) November 1, 2019",
            "Ada Brenner (@adabrenner) November 1, 2019",
            "No date here at all",
        ] {
            assert_eq!(page_line(line), None, "{line}");
        }
    }
}
