//! Gazetteers and word lists (general knowledge, kept in `data/`).

use std::collections::{HashMap, HashSet};

use newsline_model::EntityType;
use once_cell::sync::Lazy;

/// Grammatical gender known for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    Male,
    Female,
    Unknown,
}

impl Gender {
    pub(crate) fn compatible(self, other: Gender) -> bool {
        self == Gender::Unknown || other == Gender::Unknown || self == other
    }
}

/// A gazetteer hit: canonical name and type.
#[derive(Debug, Clone)]
pub(crate) struct GazEntry {
    pub canonical: String,
    pub etype: EntityType,
}

pub(crate) struct Lexicon {
    pub given: HashMap<String, Gender>,
    /// Lower-cased surface form (possibly several words) → entry.
    pub gazetteer: HashMap<String, GazEntry>,
    /// Lower-cased demonym → country canonical name.
    pub demonyms: HashMap<String, String>,
    /// Longest gazetteer entry in words.
    pub max_words: usize,
}

fn parse_gaz(
    data: &str,
    etype: EntityType,
    gaz: &mut HashMap<String, GazEntry>,
    dem: &mut HashMap<String, String>,
) {
    for line in data.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split('|');
        let Some(canonical) = parts.next().map(str::trim) else {
            continue;
        };
        let entry = GazEntry {
            canonical: canonical.to_string(),
            etype,
        };
        gaz.entry(canonical.to_lowercase())
            .or_insert_with(|| entry.clone());
        for alias in parts {
            let alias = alias.trim();
            if let Some(d) = alias.strip_prefix('>') {
                dem.insert(d.to_lowercase(), canonical.to_string());
            } else if !alias.is_empty() {
                gaz.entry(alias.to_lowercase())
                    .or_insert_with(|| entry.clone());
            }
        }
    }
}

pub(crate) static LEX: Lazy<Lexicon> = Lazy::new(|| {
    let mut given = HashMap::new();
    for (data, g) in [
        (include_str!("../data/given_names_m.txt"), Gender::Male),
        (include_str!("../data/given_names_f.txt"), Gender::Female),
    ] {
        for line in data.lines().filter(|l| !l.starts_with('#')) {
            for w in line.split_whitespace() {
                let key = w.to_lowercase();
                match given.get(&key) {
                    Some(old) if *old != g => {
                        given.insert(key, Gender::Unknown);
                    }
                    Some(_) => {}
                    None => {
                        given.insert(key, g);
                    }
                }
            }
        }
    }
    let mut gazetteer = HashMap::new();
    let mut demonyms = HashMap::new();
    parse_gaz(
        include_str!("../data/orgs.txt"),
        EntityType::Organization,
        &mut gazetteer,
        &mut demonyms,
    );
    parse_gaz(
        include_str!("../data/countries.txt"),
        EntityType::Place,
        &mut gazetteer,
        &mut demonyms,
    );
    parse_gaz(
        include_str!("../data/regions.txt"),
        EntityType::Place,
        &mut gazetteer,
        &mut demonyms,
    );
    parse_gaz(
        include_str!("../data/cities.txt"),
        EntityType::Place,
        &mut gazetteer,
        &mut demonyms,
    );
    let max_words = gazetteer
        .keys()
        .map(|k| k.split_whitespace().count())
        .max()
        .unwrap_or(1);
    Lexicon {
        given,
        gazetteer,
        demonyms,
        max_words,
    }
});

fn set(words: &[&'static str]) -> HashSet<&'static str> {
    words.iter().copied().collect()
}

/// Role head nouns (lower case) and the class they belong to.
pub(crate) fn role_class(word: &str) -> Option<&'static str> {
    Some(match word {
        "spokesman" | "spokeswoman" | "spokesperson" | "spokespeople" | "mouthpiece" => {
            "spokesperson"
        }
        "president" => "president",
        "premier" => "prime minister",
        "minister" => "minister",
        "chancellor" => "chancellor",
        "ambassador" => "ambassador",
        "envoy" => "envoy",
        "adviser" | "advisor" => "adviser",
        "secretary" => "secretary",
        "senator" => "senator",
        "congressman" | "congresswoman" | "representative" | "lawmaker" | "legislator" | "mp" => {
            "lawmaker"
        }
        "deputy" => "deputy",
        "general" | "commander" | "colonel" | "admiral" | "marshal" => "military",
        "governor" => "governor",
        "mayor" => "mayor",
        "chairman" | "chairwoman" | "chair" | "chairperson" | "head" | "chief" | "director"
        | "leader" => "head",
        "king" | "queen" | "prince" | "princess" | "emir" | "sultan" | "monarch" => "monarch",
        "pope" => "pope",
        "judge" | "prosecutor" => "judge",
        "official" | "diplomat" | "officer" => "official",
        "analyst" | "expert" | "fellow" | "researcher" | "professor" | "economist" => "expert",
        "correspondent" | "reporter" | "journalist" | "editor" => "journalist",
        "ceo" | "executive" => "executive",
        "candidate" | "nominee" => "candidate",
        "negotiator" => "negotiator",
        _ => return None,
    })
}

/// Role head word gender ("spokeswoman" → female).
pub(crate) fn role_gender(word: &str) -> Gender {
    match word {
        "spokeswoman" | "congresswoman" | "chairwoman" | "queen" | "princess" => Gender::Female,
        "spokesman" | "congressman" | "chairman" | "king" | "prince" => Gender::Male,
        _ => Gender::Unknown,
    }
}

/// Words that modify a role noun ("deputy", "foreign", "press").
pub(crate) static ROLE_MODIFIERS: Lazy<HashSet<&'static str>> = Lazy::new(|| {
    set(&[
        "deputy",
        "vice",
        "foreign",
        "press",
        "prime",
        "national",
        "security",
        "defence",
        "defense",
        "interior",
        "finance",
        "economy",
        "trade",
        "justice",
        "health",
        "energy",
        "presidential",
        "senior",
        "chief",
        "top",
        "former",
        "acting",
        "first",
        "special",
        "general",
        "state",
        "assistant",
        "permanent",
        "high",
        "foreign-policy",
        "policy",
        "affairs",
        "international",
        "military",
        "government",
        "kremlin",
        "white",
        "house",
        "state-run",
        "official",
        "party",
        "opposition",
        "ruling",
        "council",
        "commission",
        "ministry",
        "defence-ministry",
        "parliamentary",
        "regional",
        "local",
        "federal",
        "new",
        "outgoing",
        "incoming",
        "then",
        "de",
        "facto",
        "executive",
        "managing",
        "diplomatic",
        "intelligence",
        "agency",
        "committee",
        "department",
        "office",
        "the",
        "of",
        "to",
        "for",
        "on",
        "at",
        "in",
        "deputy-head",
    ])
});

/// Honorifics that mark the next capitalised word(s) as a person.
pub(crate) static HONORIFICS: Lazy<HashSet<&'static str>> = Lazy::new(|| {
    set(&[
        "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "sen", "rep",
        "gen", "col", "lt", "capt", "sgt", "gov", "pres", "sheikh", "imam", "rabbi", "father",
    ])
});

/// Words that make a capitalised sequence an organisation.
pub(crate) static ORG_CUES: Lazy<HashSet<&'static str>> = Lazy::new(|| {
    set(&[
        "ministry",
        "council",
        "committee",
        "agency",
        "bank",
        "party",
        "commission",
        "administration",
        "duma",
        "parliament",
        "assembly",
        "office",
        "department",
        "service",
        "services",
        "institute",
        "university",
        "college",
        "school",
        "academy",
        "foundation",
        "association",
        "union",
        "federation",
        "organization",
        "organisation",
        "corporation",
        "corp",
        "company",
        "inc",
        "ltd",
        "llc",
        "group",
        "news",
        "times",
        "post",
        "journal",
        "tribune",
        "herald",
        "gazette",
        "television",
        "tv",
        "radio",
        "network",
        "court",
        "tribunal",
        "senate",
        "congress",
        "cabinet",
        "government",
        "army",
        "navy",
        "force",
        "forces",
        "guard",
        "police",
        "fund",
        "board",
        "authority",
        "bureau",
        "centre",
        "center",
        "club",
        "league",
        "movement",
        "front",
        "alliance",
        "coalition",
        "secretariat",
        "embassy",
        "consulate",
        "mission",
        "directorate",
        "inspectorate",
        "chamber",
        "house",
        "palace",
        "trust",
        "airlines",
        "railways",
        "media",
        "channel",
        "magazine",
        "telegraph",
        "observer",
        "standard",
        "review",
        "monitor",
        "initiative",
    ])
});

/// Words that make a capitalised sequence a place.
pub(crate) static PLACE_CUES: Lazy<HashSet<&'static str>> = Lazy::new(|| {
    set(&[
        "region",
        "province",
        "oblast",
        "krai",
        "island",
        "islands",
        "river",
        "sea",
        "ocean",
        "lake",
        "county",
        "district",
        "city",
        "mountains",
        "mount",
        "valley",
        "peninsula",
        "strait",
        "gulf",
        "bay",
        "coast",
        "street",
        "square",
        "avenue",
        "airport",
        "port",
        "border",
        "territory",
        "state",
        "republic",
        "kingdom",
        "strip",
        "villa",
    ])
});

/// Capitalised words that are not names by themselves.
pub(crate) static NOT_NAME: Lazy<HashSet<&'static str>> = Lazy::new(|| {
    set(&[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "war",
        "cold",
        "world",
        "summit",
        "conference",
        "forum",
        "agreement",
        "treaty",
        "accord",
        "operation",
        "crisis",
        "plan",
        "act",
        "law",
        "covid",
        "covid-19",
        "coronavirus",
        "internet",
        "christmas",
        "easter",
        "ramadan",
        "olympics",
        "games",
        "cup",
        "day",
        "week",
        "year",
        "north",
        "south",
        "east",
        "west",
        "western",
        "eastern",
        "northern",
        "southern",
        "central",
        "tags",
        "authors",
        "share",
        "read",
        "subscribe",
        "related",
        "topics",
        "reporting",
        "editing",
        "photo",
        "video",
        "getty",
        "images",
        "reply",
        "comment",
        "pro",
        "articles",
        "instructions",
        "cases",
        "advertisement",
        "update",
        "updated",
        "breaking",
        "live",
        "exclusive",
        "opinion",
    ])
});

/// Function words and frequent sentence openers that are not names.
pub(crate) static STOP: Lazy<HashSet<&'static str>> = Lazy::new(|| {
    set(&[
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "but",
        "and",
        "or",
        "nor",
        "so",
        "however",
        "according",
        "earlier",
        "later",
        "since",
        "after",
        "before",
        "when",
        "while",
        "if",
        "as",
        "for",
        "with",
        "there",
        "here",
        "what",
        "why",
        "how",
        "who",
        "whom",
        "whose",
        "which",
        "where",
        "only",
        "also",
        "meanwhile",
        "yet",
        "still",
        "then",
        "now",
        "today",
        "yesterday",
        "tomorrow",
        "last",
        "next",
        "by",
        "from",
        "to",
        "of",
        "about",
        "among",
        "between",
        "during",
        "despite",
        "although",
        "though",
        "because",
        "all",
        "some",
        "many",
        "most",
        "several",
        "both",
        "each",
        "every",
        "no",
        "not",
        "one",
        "two",
        "three",
        "such",
        "other",
        "another",
        "further",
        "furthermore",
        "moreover",
        "besides",
        "instead",
        "indeed",
        "thus",
        "therefore",
        "hence",
        "nevertheless",
        "nonetheless",
        "asked",
        "speaking",
        "responding",
        "answering",
        "asked",
        "continuing",
        "assessing",
        "following",
        "under",
        "over",
        "into",
        "through",
        "without",
        "within",
        "against",
        "until",
        "unlike",
        "like",
        "just",
        "even",
        "perhaps",
        "maybe",
        "please",
        "yes",
        "well",
        "do",
        "does",
        "did",
        "is",
        "are",
        "was",
        "were",
        "be",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "let",
        "read",
        "see",
        "more",
        "less",
        "first",
        "second",
        "third",
        "finally",
        "analysts",
        "officials",
        "experts",
        "sources",
        "critics",
        "observers",
        "reporters",
        "us",
        "me",
        "him",
        "them",
        "mr",
        "mrs",
        "ms",
        "dr",
        "so-called",
        "once",
        "twice",
        "again",
        "already",
        "any",
        "almost",
        "nearly",
        "around",
        "above",
        "below",
        "near",
        "per",
        "via",
        "upon",
        "whether",
        "either",
        "neither",
        "once",
        "except",
        "everyone",
        "nobody",
        "someone",
        "something",
        "nothing",
        "everything",
        "anything",
        "people",
    ])
});

/// Common speech and attribution verbs (any inflection listed).
pub(crate) static SPEECH_VERBS: Lazy<HashSet<&'static str>> = Lazy::new(|| {
    set(&[
        "said",
        "says",
        "say",
        "told",
        "tells",
        "added",
        "adds",
        "noted",
        "notes",
        "stressed",
        "stresses",
        "explained",
        "explains",
        "asked",
        "replied",
        "answered",
        "continued",
        "wrote",
        "writes",
        "tweeted",
        "posted",
        "insisted",
        "insists",
        "warned",
        "warns",
        "declared",
        "stated",
        "states",
        "argued",
        "argues",
        "claimed",
        "claims",
        "admitted",
        "recalled",
        "emphasized",
        "emphasised",
        "concluded",
        "suggested",
        "announced",
        "remarked",
        "commented",
        "acknowledged",
        "complained",
        "observed",
        "urged",
        "vowed",
        "promised",
        "conceded",
        "confirmed",
        "denied",
        "reported",
        "pointed",
        "believes",
        "believed",
        "thinks",
        "thought",
        "stated",
        "assured",
        "underlined",
        "underscored",
        "responded",
        "retorted",
        "alleged",
        "predicted",
        "estimated",
        "agreed",
        "described",
        "called",
        "announces",
        "reiterated",
        "clarified",
        "indicated",
        "revealed",
        "disclosed",
        "hinted",
        "boasted",
        "lamented",
        "demanded",
        "proposed",
        "expressed",
        "mentioned",
        "specified",
        "affirmed",
        "maintained",
        "contended",
        "countered",
        "objected",
        "speaking",
        "according",
    ])
});

/// Third-person pronouns and their gender.
pub(crate) fn pronoun_gender(word: &str) -> Option<Gender> {
    match word {
        "he" | "him" | "his" | "himself" => Some(Gender::Male),
        "she" | "her" | "hers" | "herself" => Some(Gender::Female),
        "they" | "them" | "their" => Some(Gender::Unknown),
        _ => None,
    }
}
