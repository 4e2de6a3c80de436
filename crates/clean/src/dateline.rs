//! Datelines such as `KESSGRAD, June 16 (Agency):` at the start of a body.

use newsline_model::Dateline;
use once_cell::sync::Lazy;
use regex::Regex;

const MONTHS: &str = "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)";

static DATELINE: Lazy<Regex> = Lazy::new(|| {
    let re = format!(
        r"^(?P<place>\p{{Lu}}[\p{{L}}.'’/\- ]{{1,40}}?(?:,\s*\p{{Lu}}[\p{{L}}.]{{1,20}})?)(?:,\s*(?P<date>{m}\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{m}\.?(?:,?\s+\d{{4}})?))?(?:\s*\((?P<agency>[^()\n]{{2,40}})\)\s*(?P<sep>:|—|–|--|-)\s|\.?\s*/(?P<agency2>[^/\n]{{2,40}})/\.?\s|\s*(?P<sep2>:|—|–|--|-)\s)",
        m = MONTHS
    );
    Regex::new(&re).expect("valid regex")
});

/// The dateline at the start of `text`, if any.
pub fn find_dateline(text: &str) -> Option<Dateline> {
    let head = text.get(..text.len().min(200)).or_else(|| {
        let end = text.char_indices().nth(200).map_or(text.len(), |(i, _)| i);
        text.get(..end)
    })?;
    let c = DATELINE.captures(head)?;
    let place = c.name("place")?.as_str().trim().to_string();
    let date = c.name("date").map(|m| m.as_str().trim().to_string());
    let slashed = c.name("agency2").map(|m| m.as_str().trim().to_string());
    let sep = c.name("sep").or(c.name("sep2")).map_or("", |m| m.as_str());
    if sep.is_empty() && slashed.is_none() {
        return None;
    }
    let agency = c
        .name("agency")
        .map(|m| m.as_str().trim().to_string())
        .or(slashed);
    let letters: Vec<char> = place.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
    let ok = if upper {
        date.is_some() || agency.is_some() || sep != ":"
    } else {
        // Title-case places only with a date or an agency, and few words.
        (date.is_some() || agency.is_some()) && place.split_whitespace().count() <= 3
    };
    if !ok {
        return None;
    }
    Some(Dateline {
        place,
        date_text: date,
        agency,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dl(s: &str) -> Option<(String, Option<String>, Option<String>)> {
        find_dateline(s).map(|d| (d.place, d.date_text, d.agency))
    }

    #[test]
    fn common_dateline_shapes() {
        assert_eq!(
            dl("KESSGRAD, June 16 (Wire Agency): The ministry said"),
            Some((
                "KESSGRAD".into(),
                Some("June 16".into()),
                Some("Wire Agency".into())
            ))
        );
        assert_eq!(
            dl("NEW YORK (AP) — Stocks fell"),
            Some(("NEW YORK".into(), None, Some("AP".into())))
        );
        assert_eq!(
            dl("Marenburg, March 3 — The talks"),
            Some(("Marenburg".into(), Some("March 3".into()), None))
        );
        assert_eq!(
            dl("HARBOURTOWN, June 24. /State Agency/. The envoy"),
            Some((
                "HARBOURTOWN".into(),
                Some("June 24".into()),
                Some("State Agency".into())
            ))
        );
        assert_eq!(
            dl("NORTHPORT/EASTPORT, Feb 12 (Wire) - Talks"),
            Some((
                "NORTHPORT/EASTPORT".into(),
                Some("Feb 12".into()),
                Some("Wire".into())
            ))
        );
        assert_eq!(
            dl("Lindhaven, 8 November — The council"),
            Some(("Lindhaven".into(), Some("8 November".into()), None))
        );
        assert_eq!(
            dl("PORTLEIGH (Coastal Wire) — The operator"),
            Some(("PORTLEIGH".into(), None, Some("Coastal Wire".into())))
        );
        assert_eq!(dl("According to officials, the talks - went well"), None);
        assert_eq!(dl("The White House: It is possible"), None);
        assert_eq!(
            dl("МОСКВА, 16 июня — Переговоры"),
            Some(("МОСКВА".into(), Some("16 июня".into()), None))
        );
    }
}
