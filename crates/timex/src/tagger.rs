//! Rule-based tagging of time expressions and their TIMEX3 resolution.

use chrono::{Datelike, NaiveDate, Weekday};
use newsline_model::{Precision, Published, Span, TimeMention, TimeType};
use once_cell::sync::Lazy;
use regex::{Captures, Regex};

use crate::lex::{self, Unit, MONTH, MONTH_FULL, NUM, UNIT, WEEKDAY};

/// What kind of expression a rule recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum K {
    Iso,
    NumDate,
    Mdy,
    Dmy,
    MonthYear,
    MonthAlone,
    MonthRel,
    Season,
    Year,
    Decade,
    Decade2,
    Century,
    CenturyRel,
    Quarter,
    QuarterQ,
    QuarterRel,
    DayRel,
    PodThis,
    RefDay,
    RefDayBa,
    RefEe,
    ThatUnit,
    RelUnit,
    Weekday,
    Ago,
    Dur,
    VaguePl,
    RecentPl,
    Set,
    SetN,
    SetAdv,
    SetFreq,
    Present,
    PresentAt,
    Past,
    PastNp,
    Future,
    FutureNp,
    Time12,
    Time24,
    NoonMid,
    Holiday,
    Weekend,
    YearAdj,
    YearEnded,
    WholeYear,
    YearEnd,
    SpokenYear,
    MonthRelYear,
    LatestPeriod,
    YearPeriod,
    TheYear,
    DecadeWord,
    Term,
    Ahead,
    SetWd,
}

/// Optional modifier before a calendar period ("the end of", "early", "mid-").
const MODPFX: &str = r"(?:(?P<mod>(?:the\s+)?(?:end|beginning|start|middle|close|turn|first\s+half|second\s+half|latter\s+part|early\s+part|first\s+days|last\s+days|first\s+weeks|last\s+weeks)\s+of\s+(?:the\s+)?|(?:the\s+)?(?:early|earlier|late|later|mid)(?:\s+|-)))?";
const YEAR: &str = r"(?P<year>1\d{3}|20\d{2}|2100)";

struct Rule {
    re: Regex,
    kind: K,
}

static RULES: Lazy<Vec<Rule>> = Lazy::new(|| {
    let day = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?";
    let specs: Vec<(K, String)> = vec![
        (K::Iso, r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ](?P<h>\d{2}):(?P<mi>\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b".into()),
        (K::NumDate, r"\b(?P<a>\d{1,2})(?P<s>[./])(?P<b>\d{1,2})[./](?P<y>\d{4})\b".into()),
        (K::Mdy, format!(r"(?i)\b(?:{WEEKDAY},?\s+(?:the\s+)?)?{MONTH}\s+{day}\b(?:,?\s+{YEAR}\b)?")),
        (K::Dmy, format!(r"(?i)\b(?:{WEEKDAY},?\s+(?:the\s+)?)?{day}(?:\s+of)?\s+{MONTH}\b(?:,?\s+{YEAR}\b)?")),
        (K::MonthYear, format!(r"(?i)\b{MODPFX}{MONTH}\.?,?\s+(?:of\s+)?{YEAR}\b")),
        (K::MonthAlone, format!(r"(?i)\b{MODPFX}{MONTH_FULL}\b")),
        (K::MonthRel, format!(r"(?i)\b(?P<rel>last|next|this|past|coming)\s+{MONTH_FULL}\b")),
        (K::Season, format!(r"(?i)\b(?:(?P<rel>this|last|next|past|coming|the|early|late|mid|this\s+past|the\s+coming|the\s+past)[\s-]+)?(?P<s>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?{YEAR})?\b")),
        (K::Year, format!(r"(?i)\b{MODPFX}(?:(?P<fisc>fiscal(?:\s+year)?|FY)\s*)?(?P<year>\d{{4}})\b")),
        (K::Decade, format!(r"(?i)\b{MODPFX}(?:the\s+)?(?P<dec>1[5-9]\d|20\d)0(?:'s|s)\b")),
        (K::Decade2, r"(?i)(?:\bthe\s+)?['’](?P<d2>\d)0s\b".into()),
        (K::Century, r"(?i)\b(?:the\s+)?(?:(?P<n>\d{1,2})(?:st|nd|rd|th)|(?P<w>seventeenth|eighteenth|nineteenth|twentieth|twenty-first|twenty\s+first))[\s-]+century\b".into()),
        (K::CenturyRel, r"(?i)\b(?P<rel>this|last|next|the\s+last|the\s+past|the\s+previous|the\s+current)\s+century\b".into()),
        (K::Quarter, format!(r"(?i)\b(?:(?P<pre>the|this\s+year's|last\s+year's|next\s+year's|this|last|next|the\s+fiscal)\s+)?(?:(?P<year2>1[89]\d{{2}}|20\d{{2}})\s+)?(?:fiscal\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter(?:\s+of\s+(?:fiscal\s+)?{YEAR}\b)?")),
        (K::QuarterQ, r"\bQ(?P<q>[1-4])(?:\s+|/)?(?P<year>20\d{2}|19\d{2})?\b".into()),
        (K::QuarterRel, r"(?i)\b(?:the\s+)?(?:(?P<rel>latest|most\s+recent|last|past|previous|current|this|next|coming|same)\s+(?:fiscal\s+)?)?quarter\b".into()),
        (K::DayRel, r"(?i)\b(?:(?P<ee>early|late|earlier|later|mid-?morning|mid-?afternoon)\s+)?(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow|last\s+night)\b(?:\s+(?P<pod>morning|afternoon|evening|night))?".into()),
        (K::PodThis, r"(?i)\b(?:(?:early|late|earlier|later)\s+)?this\s+(?P<pod>morning|afternoon|evening)\b".into()),
        (K::RefDay, r"(?i)\b(?P<the>the\s+)?(?P<w>next|following|previous|preceding|same|prior)\s+(?P<u>day|morning|afternoon|evening|night|week|weekend|month|year)\b".into()),
        (K::RefDayBa, r"(?i)\bthe\s+day\s+(?P<ba>before|after)\b".into()),
        (K::RefEe, r"(?i)\b(?P<ee>earlier|later)\s+(?:that|the\s+same)\s+(?P<u>day|week|month|year|morning|evening)\b".into()),
        (K::ThatUnit, r"(?i)\bthat\s+(?P<u>day|morning|afternoon|evening|night|week|month|year)\b".into()),
        (K::RelUnit, format!(r"(?i)\b{MODPFX}(?:the\s+)?(?P<rel>last|next|this|coming|past|current|the)\s+(?P<u>week|month|year|decade)\b(?:\s+or\s+so\b)?")),
        (K::Weekday, format!(r"(?i)\b(?:(?P<ee>early|late|earlier|later)\s+)?(?:(?P<rel>last|next|this|coming|past)\s+)?{WEEKDAY}(?:\s+(?P<pod>morning|afternoon|evening|night))?\b")),
        (K::Ago, format!(r"(?i)\b(?:(?P<q>more\s+than|less\s+than|almost|nearly|about|some|over|just|only|around|roughly|at\s+least)\s+)?{NUM}[\s-]+{UNIT}(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|before|after|from\s+now|hence|previously|prior)\b")),
        (K::Dur, format!(r"(?i)\b(?:(?P<pre>(?:the\s+)?(?:past|last|next|coming|first|final|previous|following|latest|initial|remaining|ensuing|whole|entire|full)|the)\s+)?(?:(?P<q>more\s+than|less\s+than|at\s+least|nearly|almost|about|around|some|over|up\s+to|under|roughly|approximately|just|only|another|a\s+further|no\s+more\s+than|no\s+less\s+than)\s+)?{NUM}[\s-]+(?:(?:more|additional|further|extra)\s+)?{UNIT}\b(?P<half>\s+and\s+a\s+half\b)?(?:\s+or\s+so\b)?")),
        (K::VaguePl, r"(?i)\b(?:for|over|in|within|after)\s+(?P<t>days|weeks|months|years|decades|hours|minutes)\b".into()),
        (K::RecentPl, r"(?i)\b(?:the\s+)?(?P<w>recent|past\s+few|last\s+few|coming|next\s+few|upcoming)\s+(?P<u>days|weeks|months|years|decades)\b".into()),
        (K::Set, format!(r"(?i)\b(?:every|each|per)\s+(?P<other>other\s+)?(?:(?P<u>day|week|month|year|hour|morning|evening|night|weekend|quarter|summer|winter|spring|autumn)|{WEEKDAY}|{MONTH_FULL})\b")),
        (K::SetN, format!(r"(?i)\bevery\s+{NUM}\s+{UNIT}\b")),
        (K::SetAdv, r"\b(?P<adv>daily|weekly|monthly|yearly|annually|hourly|nightly|biweekly|fortnightly)\b".into()),
        (K::SetFreq, r"(?i)\b(?P<f>once|twice|thrice|(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|many)\s+times)\s+(?:a|an|per|each|every)\s+(?P<u>day|week|month|year|hour|minute|decade)\b".into()),
        (K::Present, r"(?i)\b(?P<t>(?:right\s+)?now|currently|nowadays|these\s+days|presently|current)\b".into()),
        (K::PresentAt, r"(?i)\bat\s+(?P<t>present|the\s+moment)\b".into()),
        (K::Past, r"(?i)\b(?P<t>recently|formerly|lately|earlier)\b".into()),
        (K::PastNp, r"(?i)\bin\s+(?P<t>the\s+(?:recent\s+|distant\s+)?past)\b".into()),
        (K::Future, r"(?i)\b(?:in\s+)?(?P<t>the\s+(?:near\s+|distant\s+|foreseeable\s+|immediate\s+)?future)\b".into()),
        (K::FutureNp, r"(?i)\b(?:in\s+(?P<t2>future)|(?P<t>soon))\b".into()),
        (K::Time12, format!(r"(?i)\b(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.\s?m\.?|[ap]m\b)(?:\s+(?P<tz>GMT|UTC|EST|EDT|CST|CDT|PST|PDT|CET|CEST|BST|MSK|local\s+time|Moscow\s+time)\b)?(?:,?\s+(?:{WEEKDAY}|(?P<dd>today|tonight|yesterday|tomorrow)|{MONTH}\s+(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?)\b)?")),
        (K::Time24, r"(?i)\b(?P<pre>at|from|until|till|by|around|before|after|since|to)\s+(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)\b(?:\s+(?P<tz>GMT|UTC|CET|CEST|BST|MSK|local\s+time|Moscow\s+time|hours)\b)?".into()),
        (K::NoonMid, format!(r"(?i)\b(?P<w>noon|midday|midnight)\b(?:,?\s+(?:{WEEKDAY}|(?P<dd>today|tonight|yesterday|tomorrow))\b)?")),
        (K::Holiday, r"\b(?P<h>Christmas\s+Eve|Christmas\s+Day|Christmas|New\s+Year['’]s\s+Eve|New\s+Year['’]s\s+Day|Valentine['’]s\s+Day|Halloween|Thanksgiving(?:\s+Day)?)\b".into()),
        (K::Weekend, r"(?i)\b(?P<rel>the|this|last|next|past|coming)\s+weekend\b".into()),
        (K::YearAdj, r"(?i)\b(?:the\s+)?year[\s-](?:earlier|ago)(?:\s+(?:(?:first|second|third|fourth)[\s-]+)?(?:quarter|period))?\b".into()),
        (K::YearEnded, r"(?i)\b(?P<t>the\s+(?:(?:fiscal|financial)\s+)?year)\s+(?:that\s+)?(?:ended|ending|ends|to)\b".into()),
        (K::WholeYear, r"(?i)\bthe\s+(?:full|whole|entire|current|current\s+fiscal|current\s+financial)\s+year\b".into()),
        (K::YearEnd, r"(?i)\b(?:the\s+)?(?:year[\s-]end|year['’]s\s+end)\b".into()),
        (K::SpokenYear, r"(?i)\b(?:(?P<yr>the\s+year)\s+)?(?P<sy>nineteen(?:\s+hundred(?:\s+and)?)?\s+(?:(?P<t1>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?P<o1>one|two|three|four|five|six|seven|eight|nine))?|(?P<teen>ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))|two\s+thousand(?:\s+(?:and\s+)?(?P<o2>one|two|three|four|five|six|seven|eight|nine|ten))?)\b".into()),
        (K::MonthRelYear, format!(r"(?i)\b{MODPFX}{MONTH_FULL}\s+(?P<rel>last|this|next)\s+year\b")),
        (K::YearPeriod, r"(?i)\bthe\s+(?P<year>1[89]\d{2}|20\d{2})\s+(?:fiscal\s+)?(?:quarter|period)\b".into()),
        (K::TheYear, r"(?i)\b(?:for|of|during|throughout|over|in)\s+(?P<t>the\s+(?:fiscal\s+)?year)\b".into()),
        (K::DecadeWord, r"(?i)\b(?:the\s+)?(?:(?P<mod>early|late|mid)[\s-]+)?(?:nineteen[\s-]+)?(?P<dw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b".into()),
        (K::Term, r"(?i)\bthe\s+(?P<w>near|short)\s+term\b".into()),
        (K::Ahead, r"(?i)\b(?:the\s+)?(?P<u>days|weeks|months|years)\s+ahead\b".into()),
        (K::SetWd, format!(r"(?i)\b(?:(?:on|every|each)\s+)?{WEEKDAY}(?:s\b|\s+(?P<pod>nights|mornings|evenings|afternoons)\b)")),
        (K::LatestPeriod, r"(?i)\bthe\s+(?:latest|most\s+recent)\s+(?:fiscal\s+)?period\b".into()),
    ];
    specs
        .into_iter()
        .map(|(kind, s)| Rule {
            // ASCII word boundaries keep the fast DFA engines usable on non-ASCII text.
            re: Regex::new(&s.replace(r"\b", r"(?-u:\b)"))
                .unwrap_or_else(|e| panic!("bad timex rule {kind:?}: {e}")),
            kind,
        })
        .collect()
});

static FUTURE_CUE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(will|won't|shall|going\s+to|is\s+to|are\s+to|due|scheduled|expected|plans?|planned|planning|upcoming|set\s+to|intends?|hopes?\s+to|aims?\s+to|would\s+be\s+held|as\s+(?:soon|early)\s+as|takes?\s+effect|comes?\s+into\s+force|enters?\s+into\s+force|starting|effective)\b|'ll\b").unwrap_or_else(|e| panic!("{e}"))
});
static PAST_CUE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(said|says|told|announced|stated|reported|was|were|had)\b")
        .unwrap_or_else(|e| panic!("{e}"))
});
static FUTURE_AFTER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(?:['’]s\s+\w+\s+|\s+)?(?:will|is\s+(?:expected|scheduled|due|set|planned)|are\s+(?:expected|scheduled|due|set|planned))\b").unwrap_or_else(|e| panic!("{e}"))
});
static MEASURE_AFTER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^\s*(?:people|persons|employees|workers|staff|troops|soldiers|residents|citizens|cases|deaths|victims|dollars|euros|rubles|roubles|pounds|yuan|tons|tonnes|km|kilometers|kilometres|miles|meters|metres|feet|votes|units|pieces|members|times|households|companies|jobs|homes|children|students|refugees|migrants|vehicles|cars|tanks|aircraft|planes|points|shares|barrels|signatures|hectares|acres|kg|mw|megawatts|rooms|seats|calories)\b").unwrap_or_else(|e| panic!("{e}"))
});

static UNIT_AFTER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^[\s-]*(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries|century)\b")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// A parsed, not yet anchored expression.
#[derive(Debug, Clone)]
enum Expr {
    /// Explicit calendar date; year may be missing (inferred with past bias).
    Cal {
        y: Option<i32>,
        m: u32,
        d: Option<u32>,
        time: Option<(u32, u32)>,
    },
    Year(i32),
    Decade(i32),
    Century(i32),
    /// Century relative to the anchor.
    CenturyRel(i64),
    Quarter {
        y: Option<i32>,
        q: u32,
        year_rel: Option<i64>,
    },
    /// Quarter relative to the anchor's quarter (-1 = previous).
    QuarterRel(i64),
    Season {
        y: Option<i32>,
        rel: Option<i64>,
        s: &'static str,
    },
    /// Day offset from the anchor, with an optional part of day.
    DayOff(i64, Option<&'static str>),
    /// Offset from the reference time in a unit.
    RefOff(i64, Unit),
    /// Relative to the anchor in a unit (last week = -1).
    RelUnit(i64, Unit),
    /// Month name relative to the anchor (last April = -1).
    MonthRel(i64, u32),
    Weekday {
        wd: Weekday,
        rel: i64,
        pod: Option<&'static str>,
    },
    /// A time of day on a day given by another expression ("10 p.m. Wednesday").
    ClockOn(u32, u32, Box<Expr>),
    /// The year of the anchor, shifted ("the full year" = 0).
    AnchorYear(i64),
    /// A month of the anchor's year, shifted ("June last year").
    MonthOfYear(u32, i64),
    /// The quarter being discussed nearby ("the latest period"), or the same quarter of a
    /// given year ("the 1988 period"); a given year alone when no quarter is in view.
    ContextQuarter(Option<i32>),
    /// n units before (-) or after (+) the anchor or reference time.
    Ago {
        n: Option<f64>,
        unit: Unit,
        sign: i64,
        from_ref: bool,
    },
    /// n units before/after an event named in the text.
    Anchored {
        n: Option<f64>,
        unit: Unit,
        sign: i64,
        anchor: String,
        /// End of the amount ("two weeks"): the mention's extent, as TimeML marks it; the
        /// event phrase goes into the mention's `anchor`.
        dur_end: usize,
    },
    Duration(String),
    Set(String),
    Ref(&'static str),
    /// Time of day on the reference day.
    Clock(u32, u32),
    /// Weekend relative to the anchor (0 = the nearest one).
    Weekend(i64),
    /// "year-earlier", "year-ago": the previous year, or the same quarter a year before
    /// when a quarter is being discussed.
    YearAgo,
    /// A holiday on a fixed or computed date (month, day; day 0 = Thanksgiving).
    Holiday(u32, u32),
}

#[derive(Debug, Clone)]
struct Cand {
    start: usize,
    end: usize,
    order: usize,
    expr: Expr,
}

fn pod_code(s: &str) -> Option<&'static str> {
    Some(match s.to_ascii_lowercase().as_str() {
        "morning" => "MO",
        "afternoon" => "AF",
        "evening" => "EV",
        "night" => "NI",
        _ => return None,
    })
}

fn g<'t>(c: &Captures<'t>, name: &str) -> Option<&'t str> {
    c.name(name).map(|m| m.as_str())
}

fn capitalised(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_uppercase())
}

/// The word right before byte offset `at` (lower case).
fn prev_word(text: &str, at: usize) -> String {
    let before = text.get(..at).unwrap_or("");
    let t = before.trim_end();
    let w: String = t
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '-')
        .take(40)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    w.to_lowercase()
}

fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at)?.chars().next_back()
}

fn char_after(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

/// True when the whitespace-delimited token around [s, e) looks like a URL, path or e-mail.
fn in_url(text: &str, s: usize, e: usize) -> bool {
    let before = text.get(..s).unwrap_or("");
    let after = text.get(e..).unwrap_or("");
    let ts = before
        .char_indices()
        .rev()
        .take(200)
        .find(|(_, c)| c.is_whitespace())
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or_else(|| {
            before
                .char_indices()
                .rev()
                .take(200)
                .last()
                .map_or(0, |(i, _)| i)
        });
    let te = after
        .char_indices()
        .take(200)
        .find(|(_, c)| c.is_whitespace())
        .map(|(i, _)| e + i)
        .unwrap_or_else(|| {
            e + after
                .char_indices()
                .take(200)
                .last()
                .map_or(0, |(i, ch)| i + ch.len_utf8())
        });
    let tok = text.get(ts..te).unwrap_or("").to_ascii_lowercase();
    tok.contains("://")
        || tok.contains("www.")
        || tok.contains('@')
        || tok.contains(".htm")
        || tok.contains(".php")
        || tok.contains(".com")
        || tok.matches('/').count() >= 3
}

const YEAR_PREP: &[&str] = &[
    "in",
    "since",
    "by",
    "until",
    "till",
    "from",
    "of",
    "during",
    "before",
    "after",
    "to",
    "and",
    "or",
    "between",
    "through",
    "throughout",
    "early",
    "late",
    "mid",
    "end",
    "fiscal",
    "year",
    "around",
    "circa",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "the",
    "for",
    "than",
    "as",
    "at",
    "within",
    "back",
    "fy",
    "until",
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
    "-",
    "s",
];

/// Quantifiers that TimeBank leaves outside a timex ("about two weeks", "only five hours").
fn loose_quantifier(q: &str) -> bool {
    let q = q.to_ascii_lowercase();
    [
        "about",
        "around",
        "roughly",
        "approximately",
        "just",
        "only",
        "over",
    ]
    .contains(&q.as_str())
}

/// The day named after a clock time ("10 p.m. Wednesday", "noon today", "5 p.m. Nov. 6"):
/// `Some(None)` when there is none, `None` when it is malformed.
fn date_suffix(c: &Captures) -> Option<Option<Expr>> {
    if let Some(wd) = g(c, "wd") {
        return Some(Some(Expr::Weekday {
            wd: lex::weekday(wd)?,
            rel: 0,
            pod: None,
        }));
    }
    if let Some(dd) = g(c, "dd") {
        let off = match dd.to_ascii_lowercase().as_str() {
            "yesterday" => -1,
            "tomorrow" => 1,
            _ => 0,
        };
        return Some(Some(Expr::DayOff(off, None)));
    }
    if let (Some(mon), Some(day)) = (g(c, "mon"), g(c, "day")) {
        let m = lex::month_num(mon)?;
        let d: u32 = day.parse().ok()?;
        NaiveDate::from_ymd_opt(2000, m, d)?;
        return Some(Some(Expr::Cal {
            y: None,
            m,
            d: Some(d),
            time: None,
        }));
    }
    Some(None)
}

fn parse(kind: K, c: &Captures, text: &str) -> Option<(usize, usize, Expr)> {
    let whole = c.get(0)?;
    let (mut s, mut e) = (whole.start(), whole.end());
    if let Some(t) = c.name("t").or_else(|| c.name("t2")) {
        s = t.start();
        e = t.end();
    }
    if let Some(m) = c.name("mon") {
        if !capitalised(m.as_str()) {
            return None;
        }
    }
    if let Some(w) = c.name("wd") {
        if !capitalised(w.as_str()) {
            return None;
        }
    }
    let year = |name: &str| g(c, name).and_then(|y| y.parse::<i32>().ok());
    let num = || g(c, "num").and_then(lex::number);
    let expr = match kind {
        K::Iso => {
            let y: i32 = g(c, "y")?.parse().ok()?;
            let m: u32 = g(c, "m")?.parse().ok()?;
            let d: u32 = g(c, "d")?.parse().ok()?;
            if !(1000..=2200).contains(&y) {
                return None;
            }
            NaiveDate::from_ymd_opt(y, m, d)?;
            let time = match (g(c, "h"), g(c, "mi")) {
                (Some(h), Some(mi)) => Some((h.parse().ok()?, mi.parse().ok()?)),
                _ => None,
            };
            Expr::Cal {
                y: Some(y),
                m,
                d: Some(d),
                time,
            }
        }
        K::NumDate => {
            let a: u32 = g(c, "a")?.parse().ok()?;
            let b: u32 = g(c, "b")?.parse().ok()?;
            let y: i32 = g(c, "y")?.parse().ok()?;
            if !(1900..=2100).contains(&y) {
                return None;
            }
            let (d, m) = if g(c, "s") == Some(".") || a > 12 {
                (a, b)
            } else {
                (b, a)
            };
            NaiveDate::from_ymd_opt(y, m, d)?;
            Expr::Cal {
                y: Some(y),
                m,
                d: Some(d),
                time: None,
            }
        }
        K::Mdy | K::Dmy => {
            let m = lex::month_num(g(c, "mon")?)?;
            let d: u32 = g(c, "day")?.parse().ok()?;
            let y = year("year");
            if kind == K::Mdy {
                // "May 5 people", "March 3.5%": a number right after is not a day.
                let after = text.get(c.name("day")?.end()..).unwrap_or("");
                let after = after.trim_start_matches(|ch: char| ch.is_ascii_alphabetic());
                if y.is_none()
                    && (after.starts_with('.')
                        && after
                            .get(1..)
                            .unwrap_or("")
                            .starts_with(|x: char| x.is_ascii_digit())
                        || after.starts_with('%')
                        || after.starts_with(':')
                            && after
                                .get(1..)
                                .unwrap_or("")
                                .starts_with(|x: char| x.is_ascii_digit()))
                {
                    return None;
                }
                if y.is_none() && MEASURE_AFTER.is_match(after) {
                    return None;
                }
            }
            NaiveDate::from_ymd_opt(y.unwrap_or(2000), m, d)?;
            Expr::Cal {
                y,
                m,
                d: Some(d),
                time: None,
            }
        }
        K::MonthYear => Expr::Cal {
            y: year("year"),
            m: lex::month_num(g(c, "mon")?)?,
            d: None,
            time: None,
        },
        K::MonthAlone => {
            let mon = g(c, "mon")?;
            let m = lex::month_num(mon)?;
            if (m == 5 || m == 3) && c.name("mod").is_none() {
                let pw = prev_word(text, c.name("mon")?.start());
                let ok = [
                    "in", "since", "until", "till", "by", "of", "early", "late", "mid", "before",
                    "after", "during", "from", "through", "last", "next", "this", "to", "on",
                    "between", "and",
                ];
                if !ok.contains(&pw.as_str()) {
                    return None;
                }
                // "May 2" handled elsewhere; "May be" is a verb.
            }
            // "April Harlow said": a given name, not a month.
            if c.name("mod").is_none() {
                let pw = prev_word(text, c.name("mon")?.start());
                let next = text.get(e..).unwrap_or("").trim_start_matches([' ', '\t']);
                let preps = [
                    "in", "since", "until", "by", "of", "from", "through", "before", "after",
                    "during", "last", "next", "this",
                ];
                if next.starts_with(|ch: char| ch.is_uppercase()) && !preps.contains(&pw.as_str()) {
                    return None;
                }
            }
            Expr::Cal {
                y: None,
                m,
                d: None,
                time: None,
            }
        }
        K::MonthRel => {
            let rel = match g(c, "rel")?.to_ascii_lowercase().as_str() {
                "last" | "past" => -1,
                "next" | "coming" => 1,
                _ => 0,
            };
            Expr::MonthRel(rel, lex::month_num(g(c, "mon")?)?)
        }
        K::Season => {
            let sc = lex::season(g(c, "s")?)?;
            let y = year("year");
            let rel = g(c, "rel").map(|r| r.to_ascii_lowercase());
            let relv = match rel.as_deref() {
                Some("last") | Some("past") | Some("this past") | Some("the past") => Some(-1),
                Some("next") | Some("coming") | Some("the coming") => Some(1),
                Some("this") => Some(0),
                _ => None,
            };
            // "the summer", "the early summer": the nearest one, past-biased. A bare
            // "summer" or "early summer" stays untagged (too often generic).
            let relv = match (y, relv, rel.as_deref()) {
                (None, None, Some("the")) => Some(3),
                (None, None, Some("early" | "late" | "mid"))
                    if prev_word(text, whole.start()) == "the" =>
                {
                    s = text
                        .get(..whole.start())
                        .map_or(s, |b| b.trim_end().len() - 3);
                    Some(3)
                }
                (_, r, _) => r,
            };
            if y.is_none() && relv.is_none() {
                return None;
            }
            if y.is_some() && relv.is_none() && rel.as_deref() == Some("the") {
                s = c.name("s")?.start().min(s);
                s = whole.start().max(s);
            }
            Expr::Season {
                y,
                rel: relv,
                s: sc,
            }
        }
        K::Year => {
            let ym = c.name("year")?;
            let y: i32 = ym.as_str().parse().ok()?;
            let pw = prev_word(
                text,
                c.name("fisc").map(|f| f.start()).unwrap_or(ym.start()),
            );
            let has_pfx = c.name("mod").is_some() || c.name("fisc").is_some();
            let prep = has_pfx || YEAR_PREP.contains(&pw.as_str());
            let lo = if prep { 1800 } else { 1900 };
            if !(lo..=2100).contains(&y) {
                return None;
            }
            let cb = char_before(text, s);
            if matches!(
                cb,
                Some('$' | '€' | '£' | '¥' | '#' | '№' | '+' | '.' | ',' | ':' | '/' | '×' | '-')
            ) {
                // "-" allowed only for a year range "2019-2020"
                // (a phone number "555-1995" is not one: the first part must be a year too).
                let head = text.get(..s).unwrap_or("").trim_end_matches('-');
                let digits =
                    head.len() - head.trim_end_matches(|ch: char| ch.is_ascii_digit()).len();
                let pre = head.get(..head.len() - digits).unwrap_or("");
                if cb != Some('-')
                    || digits != 4
                    || pre.ends_with(|ch: char| ch.is_ascii_alphanumeric() || ch == '-')
                {
                    return None;
                }
            }
            let before = text.get(..s).unwrap_or("").trim_end();
            if before.ends_with(|ch: char| ch.is_ascii_digit()) {
                return None;
            }
            let after = text.get(e..).unwrap_or("");
            let mut ac = after.chars();
            match (ac.next(), ac.next()) {
                (Some('%' | '$' | '€'), _) => return None,
                (Some(',' | '.' | ':' | '/'), Some(d)) if d.is_ascii_digit() => return None,
                (Some('-'), Some(d)) if d.is_ascii_digit() => {
                    let rest = after.get(1..).unwrap_or("");
                    let digits: String = rest.chars().take_while(|x| x.is_ascii_digit()).collect();
                    if !(digits.len() == 2 || digits.len() == 4) {
                        return None;
                    }
                }
                (Some(' '), Some(d)) if d.is_ascii_digit() => return None,
                _ => {}
            }
            if MEASURE_AFTER.is_match(after) {
                return None;
            }
            if !prep {
                // Otherwise need a date-like right context: punctuation, end, a capital, "'s".
                let a = after.trim_start();
                let nxt = a.chars().next();
                let ok = match nxt {
                    None => true,
                    Some(ch) if !ch.is_alphanumeric() => true,
                    Some(ch) if ch.is_uppercase() => true,
                    _ => {
                        let w: String = a
                            .chars()
                            .take_while(|x| x.is_alphabetic())
                            .collect::<String>()
                            .to_lowercase();
                        [
                            "election",
                            "elections",
                            "olympics",
                            "census",
                            "budget",
                            "season",
                            "campaign",
                            "summit",
                            "war",
                            "crisis",
                            "games",
                            "championship",
                            "pandemic",
                            "agreement",
                            "accord",
                            "treaty",
                            "deal",
                            "plan",
                            "law",
                            "constitution",
                            "and",
                            "to",
                            "when",
                            "was",
                            "were",
                            "with",
                            "is",
                            "as",
                            "that",
                            "had",
                            "saw",
                            "vote",
                            "referendum",
                            "invasion",
                            "attack",
                            "attacks",
                            "talks",
                            "meeting",
                            "model",
                            "report",
                            "levels",
                            "level",
                            "figures",
                            "cup",
                        ]
                        .contains(&w.as_str())
                    }
                };
                if !ok {
                    return None;
                }
            }
            Expr::Year(y)
        }
        K::Decade => {
            let d: i32 = g(c, "dec")?.parse().ok()?;
            Expr::Decade(d)
        }
        K::Decade2 => {
            let d: i32 = g(c, "d2")?.parse().ok()?;
            Expr::Decade(if d >= 3 { 190 + d } else { 200 + d })
        }
        K::Century => {
            let n: i32 = match (g(c, "n"), g(c, "w")) {
                (Some(n), _) => n.parse().ok()?,
                (_, Some(w)) => match w.to_ascii_lowercase().as_str() {
                    "seventeenth" => 17,
                    "eighteenth" => 18,
                    "nineteenth" => 19,
                    "twentieth" => 20,
                    _ => 21,
                },
                _ => return None,
            };
            if !(1..=22).contains(&n) {
                return None;
            }
            Expr::Century(n - 1)
        }
        K::CenturyRel => {
            let r = g(c, "rel")?.to_ascii_lowercase();
            let v = if r.contains("this") || r.contains("current") {
                0
            } else if r.contains("next") {
                1
            } else {
                -1
            };
            Expr::CenturyRel(v)
        }
        K::Quarter | K::QuarterQ => {
            let q = match g(c, "q")?.to_ascii_lowercase().as_str() {
                "first" | "1st" | "1" => 1,
                "second" | "2nd" | "2" => 2,
                "third" | "3rd" | "3" => 3,
                _ => 4,
            };
            let pre = g(c, "pre")
                .map(|p| p.to_ascii_lowercase())
                .unwrap_or_default();
            let year_rel = if pre.starts_with("last") {
                Some(-1)
            } else if pre.starts_with("next") {
                Some(1)
            } else if pre.starts_with("this") {
                Some(0)
            } else {
                None
            };
            Expr::Quarter {
                y: year("year").or_else(|| year("year2")),
                q,
                year_rel,
            }
        }
        K::QuarterRel => {
            let rel = g(c, "rel").map(|r| r.to_ascii_lowercase());
            let has_the = whole.as_str().to_ascii_lowercase().starts_with("the");
            match rel.as_deref() {
                None if has_the => Expr::QuarterRel(-1),
                None => return None,
                Some("current") | Some("this") | Some("same") => Expr::QuarterRel(0),
                Some("next") | Some("coming") => Expr::QuarterRel(1),
                Some(_) => Expr::QuarterRel(-1),
            }
        }
        K::DayRel => {
            let w = g(c, "w")?.to_ascii_lowercase();
            let w = w.split_whitespace().collect::<Vec<_>>().join(" ");
            let mut pod = g(c, "pod").and_then(pod_code);
            let off = match w.as_str() {
                "the day before yesterday" => -2,
                "the day after tomorrow" => 2,
                "today" => 0,
                "tonight" => {
                    pod = pod.or(Some("NI"));
                    0
                }
                "yesterday" => -1,
                "tomorrow" => 1,
                "last night" => {
                    pod = Some("NI");
                    -1
                }
                _ => return None,
            };
            if w == "tonight" && g(c, "pod").is_none() {
                pod = None;
            }
            if pod.is_none() {
                let ee = g(c, "ee")
                    .map(|x| x.to_ascii_lowercase())
                    .unwrap_or_default();
                if ee.ends_with("afternoon") {
                    pod = Some("AF");
                } else if ee.ends_with("morning") {
                    pod = Some("MO");
                }
            }
            Expr::DayOff(off, pod)
        }
        K::PodThis => Expr::DayOff(0, pod_code(g(c, "pod")?)),
        K::RefDay => {
            let w = g(c, "w")?.to_ascii_lowercase();
            let has_the = c.name("the").is_some();
            let u = g(c, "u")?.to_ascii_lowercase();
            if w == "next" && !has_the {
                return None;
            }
            if w == "same" && !has_the {
                return None;
            }
            let off = match w.as_str() {
                "next" | "following" => 1,
                "same" => 0,
                _ => -1,
            };
            let unit = match u.as_str() {
                "week" => Unit::Week,
                "weekend" => Unit::Weekend,
                "month" => Unit::Month,
                "year" => Unit::Year,
                _ => Unit::Day,
            };
            Expr::RefOff(off, unit)
        }
        K::RefDayBa => Expr::RefOff(
            if g(c, "ba")?.eq_ignore_ascii_case("before") {
                -1
            } else {
                1
            },
            Unit::Day,
        ),
        K::RefEe | K::ThatUnit => {
            let u = g(c, "u")?.to_ascii_lowercase();
            let unit = match u.as_str() {
                "week" => Unit::Week,
                "month" => Unit::Month,
                "year" => Unit::Year,
                _ => Unit::Day,
            };
            Expr::RefOff(0, unit)
        }
        K::RelUnit => {
            let rel = g(c, "rel")?.to_ascii_lowercase();
            let unit = lex::unit(g(c, "u")?)?;
            let v = match rel.as_str() {
                "last" | "past" => -1,
                "next" | "coming" => 1,
                "the" if c.name("mod").is_none() => return None,
                _ => 0,
            };
            Expr::RelUnit(v, unit)
        }
        K::Weekday => {
            let wd = lex::weekday(g(c, "wd")?)?;
            let rel = match g(c, "rel").map(|r| r.to_ascii_lowercase()).as_deref() {
                Some("last") | Some("past") => -1,
                Some("next") | Some("coming") => 1,
                Some("this") => 2,
                _ => 0,
            };
            Expr::Weekday {
                wd,
                rel,
                pod: g(c, "pod").and_then(pod_code),
            }
        }
        K::Ago => {
            let n = num()?;
            let unit = lex::unit(g(c, "u")?)?;
            let dir = g(c, "dir")?.to_ascii_lowercase();
            let sign = match dir.as_str() {
                "ago" | "earlier" | "before" | "previously" | "prior" => -1,
                _ => 1,
            };
            let from_ref = !(dir == "ago" || dir.starts_with("from") || dir == "hence");
            if g(c, "q").is_some_and(loose_quantifier) {
                s = c.name("num")?.start();
            }
            if dir == "before" || dir == "after" || dir == "prior" {
                // Event-anchored when a noun phrase follows.
                let rest = text.get(e..).unwrap_or("");
                let rest = rest.strip_prefix(" to").unwrap_or(rest);
                if let Some(anchor) = anchor_phrase(rest) {
                    let a_end = e
                        + (text.get(e..).unwrap_or("").len() - rest.len())
                        + rest.find(&anchor).map(|i| i + anchor.len()).unwrap_or(0);
                    return Some((
                        s,
                        a_end.max(e),
                        Expr::Anchored {
                            n,
                            unit,
                            sign,
                            anchor,
                            dur_end: c.name("u")?.end(),
                        },
                    ));
                }
            }
            Expr::Ago {
                n,
                unit,
                sign,
                from_ref,
            }
        }
        K::Dur => {
            let numtxt = g(c, "num")?.to_ascii_lowercase();
            let n = num()?;
            let ut = g(c, "u")?.to_ascii_lowercase();
            let unit = lex::unit(&ut)?;
            if unit == Unit::Second
                && !numtxt.starts_with(|x: char| x.is_ascii_digit())
                && !ut.ends_with('s')
            {
                return None;
            }
            // "the 1988 second quarter": an ordinal, not 1988 seconds; "the 1988 quarter".
            if ut == "second" && n.is_some_and(|v| v > 1.0)
                || !ut.ends_with('s') && n.is_some_and(|v| v >= 1000.0)
            {
                return None;
            }
            let n = match (n, c.name("half")) {
                (Some(v), Some(_)) => Some(v + 0.5),
                (n, _) => n,
            };
            // "about two weeks": TimeBank leaves loose quantifiers outside the extent.
            if c.name("pre").is_none() && g(c, "q").is_some_and(loose_quantifier) {
                s = c.name("num")?.start();
            }
            if unit == Unit::Quarter
                && c.name("pre").is_none()
                && !numtxt.starts_with(|x: char| x.is_ascii_digit())
            {
                // "a quarter of", "three-quarters" are fractions more often than not.
                return None;
            }
            let after = text.get(e..).unwrap_or("");
            let al = after.to_ascii_lowercase();
            if al.starts_with("-old") || al.starts_with(" old") || al.starts_with("s old") {
                return None;
            }
            // "$5 a year" is a rate, not a duration.
            if (numtxt == "a" || numtxt == "an") && c.name("pre").is_none() && c.name("q").is_none()
            {
                let pw = prev_word(text, s);
                if pw.chars().any(|x| x.is_ascii_digit())
                    || [
                        "million", "billion", "thousand", "dollars", "euros", "times", "once",
                        "twice",
                    ]
                    .contains(&pw.as_str())
                {
                    // A rate ("$5 a year", "700 seats a week"): TimeBank leaves it untagged.
                    return None;
                }
            }
            // "the 14-month standoff": an adjectival duration; the article is not part of it.
            let nm = c.name("num")?;
            if text.get(nm.end()..).is_some_and(|r| r.starts_with('-'))
                && g(c, "pre").is_some_and(|p| p.eq_ignore_ascii_case("the"))
            {
                s = nm.start();
            }
            Expr::Duration(lex::duration_value(n, unit))
        }
        K::VaguePl => Expr::Duration(lex::duration_value(None, lex::unit(g(c, "t")?)?)),
        K::RecentPl => {
            let w = g(c, "w")?.to_ascii_lowercase();
            let unit = lex::unit(g(c, "u")?)?;
            // "recent weeks", "the coming years": vague durations, as TimeML writes them.
            let _ = w;
            Expr::Duration(lex::duration_value(None, unit))
        }
        K::Set => {
            let step = if c.name("other").is_some() { 2.0 } else { 1.0 };
            if let Some(wd) = g(c, "wd") {
                let n = lex::weekday(wd)?.number_from_monday();
                Expr::Set(format!("XXXX-WXX-{n}"))
            } else if let Some(mon) = g(c, "mon") {
                Expr::Set(format!("XXXX-{:02}", lex::month_num(mon)?))
            } else {
                let u = g(c, "u")?.to_ascii_lowercase();
                Expr::Set(match u.as_str() {
                    "morning" => "TMO".into(),
                    "evening" => "TEV".into(),
                    "night" => "TNI".into(),
                    "weekend" => "XXXX-WXX-WE".into(),
                    "summer" => "XXXX-SU".into(),
                    "winter" => "XXXX-WI".into(),
                    "spring" => "XXXX-SP".into(),
                    "autumn" => "XXXX-FA".into(),
                    _ => lex::duration_value(Some(step), lex::unit(&u)?),
                })
            }
        }
        K::SetN => Expr::Set(lex::duration_value(num()?, lex::unit(g(c, "u")?)?)),
        K::SetAdv => Expr::Set(
            match g(c, "adv")? {
                "daily" => "P1D",
                "weekly" => "P1W",
                "monthly" => "P1M",
                "yearly" | "annually" => "P1Y",
                "hourly" => "PT1H",
                "quarterly" => "P3M",
                "nightly" => "TNI",
                "biweekly" | "fortnightly" => "P2W",
                _ => return None,
            }
            .into(),
        ),
        K::SetFreq => Expr::Set(lex::duration_value(Some(1.0), lex::unit(g(c, "u")?)?)),
        K::Present | K::PresentAt => {
            let t = g(c, "t")?.to_ascii_lowercase();
            if t == "current" {
                // "current" only as an adjective before a noun.
                let a = text.get(e..).unwrap_or("").trim_start();
                if !a.starts_with(|x: char| x.is_alphabetic()) {
                    return None;
                }
            }
            Expr::Ref("PRESENT_REF")
        }
        K::Past | K::PastNp => {
            let t = g(c, "t")?.to_ascii_lowercase();
            if t == "earlier" {
                let a = text
                    .get(e..)
                    .unwrap_or("")
                    .trim_start()
                    .to_ascii_lowercase();
                if a.starts_with("than") {
                    return None;
                }
            }
            Expr::Ref("PAST_REF")
        }
        K::Future | K::FutureNp => {
            let t = g(c, "t").or_else(|| g(c, "t2"))?.to_ascii_lowercase();
            if t == "soon" || t == "shortly" {
                let pw = prev_word(text, s);
                if pw == "as" || pw == "too" {
                    return None;
                }
            }
            if t.starts_with("the") && kind == K::Future {
                // "the future of X" is not a time.
                let a = text
                    .get(e..)
                    .unwrap_or("")
                    .trim_start()
                    .to_ascii_lowercase();
                if a.starts_with("of ") && !whole.as_str().to_ascii_lowercase().starts_with("in") {
                    return None;
                }
            }
            Expr::Ref("FUTURE_REF")
        }
        K::Time12 => {
            let ap = g(c, "ap")?;
            let after = char_after(text, c.name("ap")?.end());
            if ap.len() == 2 && after.is_some_and(|x| x.is_alphabetic()) {
                return None;
            }
            let mut h: u32 = g(c, "h")?.parse().ok()?;
            let mi: u32 = g(c, "mi").and_then(|m| m.parse().ok()).unwrap_or(0);
            let pm = ap.to_ascii_lowercase().starts_with('p');
            if pm && h < 12 {
                h += 12;
            }
            if !pm && h == 12 {
                h = 0;
            }
            match date_suffix(c)? {
                Some(d) => Expr::ClockOn(h, mi, Box::new(d)),
                None => Expr::Clock(h, mi),
            }
        }
        K::Time24 => {
            s = c.name("h")?.start();
            let h: u32 = g(c, "h")?.parse().ok()?;
            let mi: u32 = g(c, "mi")?.parse().ok()?;
            // "at 2.46 billion": a dotted clock needs a zone or "hours" to be a time.
            if text
                .get(c.name("h")?.end()..)
                .is_some_and(|r| r.starts_with('.'))
                && c.name("tz").is_none()
            {
                return None;
            }
            let after = text.get(e..).unwrap_or("");
            if after.starts_with(|x: char| x == ':' || x == '.' || x.is_ascii_digit())
                && after
                    .get(1..2)
                    .is_some_and(|x| x.chars().all(|y| y.is_ascii_digit()))
            {
                return None;
            }
            Expr::Clock(h, mi)
        }
        K::NoonMid => {
            let w = g(c, "w")?.to_ascii_lowercase();
            let h = if w == "midnight" { 24 } else { 12 };
            match date_suffix(c)? {
                Some(d) => Expr::ClockOn(h, 0, Box::new(d)),
                None => Expr::Clock(h, 0),
            }
        }
        K::Holiday => {
            let h = g(c, "h")?.to_ascii_lowercase();
            let (m, d) = if h.starts_with("christmas eve") {
                (12, 24)
            } else if h.starts_with("christmas") {
                (12, 25)
            } else if h.starts_with("new year") && h.ends_with("eve") {
                (12, 31)
            } else if h.starts_with("new year") {
                (1, 1)
            } else if h.starts_with("valentine") {
                (2, 14)
            } else if h.starts_with("halloween") {
                (10, 31)
            } else {
                (11, 0)
            };
            Expr::Holiday(m, d)
        }
        K::Weekend => {
            let r = g(c, "rel")?.to_ascii_lowercase();
            Expr::Weekend(match r.as_str() {
                "last" | "past" => -1,
                "next" | "coming" => 1,
                "this" => 2,
                _ => 0,
            })
        }
        K::YearAdj => Expr::YearAgo,
        K::YearEnded => Expr::Duration("P1Y".into()),
        K::WholeYear | K::YearEnd => Expr::AnchorYear(0),
        K::SpokenYear => {
            let w = |name: &str| g(c, name).map(|x| x.to_ascii_lowercase());
            let sy = w("sy")?;
            let y = if sy.starts_with("two") {
                // "two thousand" alone is a number more often than a year.
                if c.name("yr").is_none() && !YEAR_PREP.contains(&prev_word(text, s).as_str()) {
                    return None;
                }
                2000 + w("o2")
                    .and_then(|o| lex::number(&o).flatten())
                    .unwrap_or(0.0) as i32
            } else {
                let tens = w("t1")
                    .or(w("teen"))
                    .and_then(|t| lex::number(&t).flatten())?;
                let ones = w("o1")
                    .and_then(|o| lex::number(&o).flatten())
                    .unwrap_or(0.0);
                1900 + (tens + ones) as i32
            };
            let after = text.get(e..).unwrap_or("");
            if MEASURE_AFTER.is_match(after) || UNIT_AFTER.is_match(after) {
                return None;
            }
            Expr::Year(y)
        }
        K::MonthRelYear => {
            let rel = match g(c, "rel")?.to_ascii_lowercase().as_str() {
                "last" => -1,
                "next" => 1,
                _ => 0,
            };
            Expr::MonthOfYear(lex::month_num(g(c, "mon")?)?, rel)
        }
        K::LatestPeriod => Expr::ContextQuarter(None),
        K::TheYear => {
            // "the year-earlier", "the year ended June 30", "the year 2000" are other rules.
            let rest = text.get(e..).unwrap_or("");
            let nxt = rest.trim_start().to_ascii_lowercase();
            if rest.starts_with(['-', '\'', '’'])
                || nxt.starts_with(|x: char| x.is_ascii_digit())
                || [
                    "ended",
                    "ending",
                    "ends",
                    "that ended",
                    "to ",
                    "before",
                    "after",
                    "ago",
                ]
                .iter()
                .any(|w| nxt.starts_with(w))
            {
                return None;
            }
            Expr::AnchorYear(0)
        }
        K::DecadeWord => {
            let d = match g(c, "dw")?.to_ascii_lowercase().get(..3)? {
                "twe" => 192,
                "thi" => 193,
                "for" => 194,
                "fif" => 195,
                "six" => 196,
                "sev" => 197,
                "eig" => 198,
                _ => 199,
            };
            // Bare "the sixties" may be ages; keep it with "the" or a modifier only.
            if !whole.as_str().to_ascii_lowercase().starts_with("the") && c.name("mod").is_none() {
                return None;
            }
            Expr::Decade(d)
        }
        K::Term => Expr::Ref("FUTURE_REF"),
        K::Ahead => Expr::Duration(lex::duration_value(None, lex::unit(g(c, "u")?)?)),
        K::SetWd => {
            let n = lex::weekday(g(c, "wd")?)?.number_from_monday();
            let pod = g(c, "pod")
                .and_then(|p| pod_code(p.trim_end_matches('s')))
                .map(|p| format!("T{p}"))
                .unwrap_or_default();
            if whole.as_str().to_ascii_lowercase().starts_with("on ") {
                s = c.name("wd")?.start();
            }
            Expr::Set(format!("XXXX-WXX-{n}{pod}"))
        }
        K::YearPeriod => Expr::ContextQuarter(year("year")),
    };
    if in_url(text, s, e) || looks_like_title(text, s, e) {
        return None;
    }
    Some((s, e, expr))
}

/// True for a capitalised expression inside a name or title ("VOA Today", "High Noon",
/// "This Week" as a programme name): every word capitalised and glued to a preceding word.
fn looks_like_title(text: &str, s: usize, e: usize) -> bool {
    let cand = text.get(s..e).unwrap_or("");
    let words: Vec<&str> = cand.split_whitespace().collect();
    if !words.iter().all(|w| capitalised(w)) || cand.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    // Month and weekday names and holidays are always capitalised.
    let proper = |w: &str| {
        let l = w.to_ascii_lowercase();
        l.len() >= 3 && (lex::month_num(&l).is_some() || lex::weekday(&l).is_some())
            || [
                "christmas",
                "new",
                "year's",
                "eve",
                "day",
                "valentine's",
                "halloween",
                "thanksgiving",
            ]
            .contains(&l.as_str())
    };
    if words.iter().any(|w| proper(w)) {
        return false;
    }
    let prev = text
        .get(..s)
        .unwrap_or("")
        .trim_end_matches([' ', '\t'])
        .chars()
        .next_back();
    match prev {
        Some(c) if c.is_alphanumeric() => {
            // "WASHINGTON, August 11" never reaches here; "VOA Today", "High Noon" do.
            let pw = prev_word(text, s);
            !YEAR_PREP.contains(&pw.as_str()) && pw != "on"
        }
        Some('"' | '“' | '\'' | '‘') => words.len() > 1,
        _ => false,
    }
}

/// The noun phrase after "before"/"after" that names an event, if any.
fn anchor_phrase(rest: &str) -> Option<String> {
    let r = rest.trim_start();
    let first: String = r.chars().take_while(|c| c.is_alphabetic()).collect();
    let fl = first.to_lowercase();
    let det = [
        "the", "a", "an", "his", "her", "its", "their", "this", "that", "these", "those", "our",
        "my",
    ];
    if !(det.contains(&fl.as_str()) || capitalised(&first)) || first.is_empty() {
        return None;
    }
    // Stop at punctuation, a clause word, or after 6 words.
    let stop = [
        "and", "but", "when", "while", "which", "who", "that", "said", "was", "were", "is", "are",
        "had", "has", "will", "would", "in", "on", "at", "with", "as", "because", "to", "he",
        "she", "they", "it", "we", "i", "you", "there", "after", "before", "since", "for",
    ];
    let mut end = 0;
    let mut words = 0;
    for (i, w) in r
        .split_inclusive(char::is_whitespace)
        .scan(0usize, |pos, w| {
            let p = *pos;
            *pos += w.len();
            Some((p, w))
        })
    {
        let core = w.trim_end();
        let bare: String = core
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '\'' || *c == '’')
            .collect();
        if bare.is_empty() {
            break;
        }
        if words > 0 && stop.contains(&bare.to_lowercase().as_str()) {
            break;
        }
        end = i + bare.len();
        words += 1;
        if bare.len() != core.len() || words >= 6 {
            break;
        }
    }
    let mut phrase = r.get(..end)?.to_string();
    // Drop dangling function words at the end ("the last call between the").
    let tail = [
        "the", "a", "an", "of", "between", "for", "from", "by", "and", "his", "her", "its",
        "their", "into", "over", "after", "before",
    ];
    while let Some((head, last)) = phrase.rsplit_once(' ') {
        if tail.contains(&last.to_lowercase().as_str()) {
            phrase = head.trim_end().to_string();
            words -= 1;
        } else {
            break;
        }
    }
    if words < 2 && !capitalised(&first) {
        return None;
    }
    Some(phrase)
}

/// Finds candidate expressions and selects non-overlapping ones (longest first).
fn candidates(text: &str) -> Vec<Cand> {
    let mut all = Vec::new();
    for (order, rule) in RULES.iter().enumerate() {
        for c in rule.re.captures_iter(text) {
            if let Some((s, e, expr)) = parse(rule.kind, &c, text) {
                if s < e && text.is_char_boundary(s) && text.is_char_boundary(e) {
                    all.push(Cand {
                        start: s,
                        end: e,
                        order,
                        expr,
                    });
                }
            }
        }
    }
    all.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.order.cmp(&b.order))
            .then(a.start.cmp(&b.start))
    });
    // Kept spans never overlap, so the neighbours by start are enough to check.
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut kept: Vec<Cand> = Vec::new();
    for c in all {
        let before_ok = taken
            .range(..c.end)
            .next_back()
            .is_none_or(|(_, &end)| end <= c.start);
        if before_ok {
            taken.insert(c.start, c.end);
            kept.push(c);
        }
    }
    kept.sort_by_key(|c| c.start);
    kept
}

/// Resolution result.
struct Out {
    value: String,
    ttype: TimeType,
    prec: Precision,
    /// Precision of the publication date this value relies on (None = absolute).
    need: Option<Precision>,
    /// The day this expression refers to, for reference-time tracking.
    day: Option<NaiveDate>,
}

impl Out {
    fn new(value: String, ttype: TimeType, prec: Precision, need: Option<Precision>) -> Self {
        Out {
            value,
            ttype,
            prec,
            need,
            day: None,
        }
    }
}

fn sentence_start(text: &str, at: usize) -> usize {
    let before = text.get(..at).unwrap_or("");
    let lim = at.saturating_sub(300);
    let mut best = 0;
    for (i, ch) in before.char_indices().rev() {
        if i < lim {
            best = i;
            break;
        }
        if ch == '\n' {
            return i + 1;
        }
        if matches!(ch, '.' | '!' | '?')
            && before
                .get(i + 1..)
                .is_some_and(|r| r.starts_with(char::is_whitespace))
        {
            return i + 1;
        }
    }
    while !text.is_char_boundary(best) {
        best += 1;
    }
    best
}

/// True when the expression at [s, e) sits in a future-tense context.
fn future_context(text: &str, s: usize, e: usize) -> bool {
    // "the April attack", "last year's April talks": a noun phrase naming an event.
    if prev_word(text, s) == "the" {
        return false;
    }
    let ss = sentence_start(text, s);
    let mut win_start = ss.max(s.saturating_sub(50));
    while !text.is_char_boundary(win_start) {
        win_start += 1;
    }
    let win = text.get(win_start..s).unwrap_or("");
    if let Some(last) = FUTURE_CUE.find_iter(win).last() {
        let tail = win.get(last.end()..).unwrap_or("");
        if !PAST_CUE.is_match(tail) {
            return true;
        }
    }
    let after = text.get(e..).unwrap_or("");
    let mut cut = after.len().min(40);
    while !after.is_char_boundary(cut) {
        cut -= 1;
    }
    FUTURE_AFTER.is_match(after.get(..cut).unwrap_or(""))
}

/// True when the expression at [s, e) of `text` is in a future-tense context.
pub(crate) fn is_future(text: &str, s: usize, e: usize) -> bool {
    future_context(text, s, e)
}

/// Byte bounds of the sentence around `at`.
pub(crate) fn sentence_bounds(text: &str, at: usize) -> (usize, usize) {
    let ss = sentence_start(text, at);
    let rest = text.get(at..).unwrap_or("");
    let mut se = rest
        .char_indices()
        .nth(1000)
        .map_or(text.len(), |(i, _)| at + i);
    for (i, ch) in rest.char_indices().take(1000) {
        if ch == '\n'
            || matches!(ch, '.' | '!' | '?')
                && rest
                    .get(i + 1..)
                    .is_none_or(|r| r.is_empty() || r.starts_with(char::is_whitespace))
        {
            se = at + i;
            break;
        }
    }
    (ss, se)
}

struct Ctx<'a> {
    text: &'a str,
    anchor: Option<NaiveDate>,
    reference: Option<NaiveDate>,
    /// The last quarter mentioned nearby (year, quarter).
    quarter: Option<(i32, u32)>,
    /// The publication date is only known to the year: month names stay in that year.
    year_only: bool,
}

fn year_for_month_day(a: NaiveDate, m: u32, d: u32, future: bool) -> i32 {
    // Nearest occurrence, with dates after the anchor counted twice as far (past bias);
    // in a future-tense context, the nearest occurrence on or after the anchor.
    let y = a.year();
    let mut best = (i64::MAX, y);
    for cy in [y - 1, y, y + 1] {
        let Some(c) =
            NaiveDate::from_ymd_opt(cy, m, d).or_else(|| NaiveDate::from_ymd_opt(cy, m, 28))
        else {
            continue;
        };
        let diff = (c - a).num_days();
        let cost = if future {
            if diff >= 0 {
                diff
            } else {
                i64::MAX / 2
            }
        } else if diff > 0 {
            diff * 2
        } else {
            -diff
        };
        if cost < best.0 {
            best = (cost, cy);
        }
    }
    best.1
}

fn year_for_month(a: NaiveDate, m: u32, future: bool) -> i32 {
    let y = a.year();
    let am = a.year() as i64 * 12 + a.month() as i64;
    let mut best = (i64::MAX, y);
    for cy in [y - 1, y, y + 1] {
        let diff = cy as i64 * 12 + m as i64 - am;
        let cost = if future {
            if diff >= 0 {
                diff
            } else {
                i64::MAX / 2
            }
        } else if diff > 0 {
            diff * 2 + 1
        } else {
            -diff
        };
        if cost < best.0 {
            best = (cost, cy);
        }
    }
    best.1
}

fn weekday_date(a: NaiveDate, wd: Weekday, rel: i64, future: bool) -> NaiveDate {
    let aw = a.weekday().num_days_from_monday() as i64;
    let tw = wd.num_days_from_monday() as i64;
    match rel {
        -1 => {
            let back = (aw - tw).rem_euclid(7);
            lex::add_days(a, -(if back == 0 { 7 } else { back }))
        }
        1 => {
            let fwd = (tw - aw).rem_euclid(7);
            lex::add_days(a, if fwd == 0 { 7 } else { fwd })
        }
        2 => lex::add_days(a, tw - aw),
        _ if future => lex::add_days(a, (tw - aw).rem_euclid(7)),
        _ => lex::add_days(a, -(aw - tw).rem_euclid(7)),
    }
}

fn thanksgiving(y: i32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(y, 11, Weekday::Thu, 4)
}

fn unit_date_value(d: NaiveDate, unit: Unit) -> (String, Precision) {
    match unit {
        Unit::Year => (format!("{:04}", d.year()), Precision::Year),
        Unit::Decade => (format!("{:03}", d.year().div_euclid(10)), Precision::Decade),
        Unit::Century => (
            format!("{:02}", d.year().div_euclid(100)),
            Precision::Century,
        ),
        Unit::Quarter => (
            format!("{:04}-Q{}", d.year(), lex::quarter_of(d.month())),
            Precision::Quarter,
        ),
        Unit::Month => (lex::fmt_month(d.year(), d.month()), Precision::Month),
        Unit::Week | Unit::Fortnight => (lex::fmt_week(d), Precision::Week),
        Unit::Weekend => (format!("{}-WE", lex::fmt_week(d)), Precision::Week),
        _ => (lex::fmt_day(d), Precision::Day),
    }
}

fn shift(d: NaiveDate, n: i64, unit: Unit) -> NaiveDate {
    let m = |k: i64| lex::add_months_day(d, n.saturating_mul(k));
    match unit {
        Unit::Year => m(12),
        Unit::Decade => m(120),
        Unit::Century => m(1200),
        Unit::Quarter => m(3),
        Unit::Month => m(1),
        Unit::Week | Unit::Weekend => lex::add_days(d, n.saturating_mul(7)),
        Unit::Fortnight => lex::add_days(d, n.saturating_mul(14)),
        Unit::Day => lex::add_days(d, n),
        _ => d,
    }
}

const XDAY: &str = "XXXX-XX-XX";

fn resolve(expr: &Expr, s: usize, e: usize, ctx: &Ctx) -> Option<Out> {
    use Precision as P;
    use TimeType as T;
    let a = ctx.anchor;
    let fut = || future_context(ctx.text, s, e);
    Some(match expr {
        Expr::Cal { y, m, d, time } => {
            let (y, need) = match (y, a) {
                (Some(y), _) => (Some(*y), None),
                (None, Some(a)) if ctx.year_only => (Some(a.year()), Some(P::Year)),
                (None, Some(a)) => {
                    let y = match d {
                        Some(d) => year_for_month_day(a, *m, *d, fut()),
                        None => year_for_month(a, *m, fut()),
                    };
                    (Some(y), Some(P::Month))
                }
                (None, None) => (None, None),
            };
            let ys = y
                .map(|y| format!("{y:04}"))
                .unwrap_or_else(|| "XXXX".into());
            match d {
                Some(d) => {
                    let day = y.and_then(|y| NaiveDate::from_ymd_opt(y, *m, *d));
                    let mut o = match time {
                        Some((h, mi)) => Out::new(
                            format!("{ys}-{m:02}-{d:02}T{h:02}:{mi:02}"),
                            T::Time,
                            P::Time,
                            need,
                        ),
                        None => Out::new(format!("{ys}-{m:02}-{d:02}"), T::Date, P::Day, need),
                    };
                    o.day = day;
                    o
                }
                None => Out::new(format!("{ys}-{m:02}"), T::Date, P::Month, need),
            }
        }
        Expr::Year(y) => Out::new(format!("{y:04}"), T::Date, P::Year, None),
        Expr::Decade(d) => Out::new(format!("{d:03}"), T::Date, P::Decade, None),
        Expr::Century(c) => Out::new(format!("{c:02}"), T::Date, P::Century, None),
        Expr::CenturyRel(r) => match a {
            Some(a) => Out::new(
                format!("{:02}", a.year().div_euclid(100) + *r as i32),
                T::Date,
                P::Century,
                Some(P::Year),
            ),
            None => Out::new("XX".into(), T::Date, P::Century, None),
        },
        Expr::Quarter { y, q, year_rel } => {
            let y = match (y, year_rel, a) {
                (Some(y), _, _) => Some(*y),
                (None, Some(r), Some(a)) => Some(a.year() + *r as i32),
                (None, None, Some(a)) => {
                    let aq = lex::quarter_of(a.month());
                    if *q > aq && !fut() {
                        Some(a.year() - 1)
                    } else {
                        Some(a.year())
                    }
                }
                (None, _, None) => None,
            };
            let ys = y
                .map(|y| format!("{y:04}"))
                .unwrap_or_else(|| "XXXX".into());
            Out::new(format!("{ys}-Q{q}"), T::Date, P::Quarter, Some(P::Month))
        }
        Expr::QuarterRel(r) => match a {
            Some(a) => {
                let d = lex::add_months_day(a, 3 * r);
                let (v, p) = unit_date_value(d, Unit::Quarter);
                Out::new(v, T::Date, p, Some(P::Month))
            }
            None => Out::new("XXXX-QX".into(), T::Date, P::Quarter, None),
        },
        Expr::Season { y, rel, s: sc } => {
            let yv = match (y, rel, a) {
                (Some(y), _, _) => Some(*y),
                (None, Some(r), Some(a)) => {
                    let m = a.month();
                    Some(match r {
                        -1 => {
                            if m > lex::season_end_month(sc) && *sc != "WI" {
                                a.year()
                            } else {
                                a.year() - 1
                            }
                        }
                        1 => {
                            if m < lex::season_start_month(sc) {
                                a.year()
                            } else {
                                a.year() + 1
                            }
                        }
                        3 => {
                            let start = lex::season_start_month(sc);
                            if m >= start || *sc == "WI" || fut() {
                                a.year()
                            } else {
                                a.year() - 1
                            }
                        }
                        _ => a.year(),
                    })
                }
                _ => None,
            };
            let ys = yv
                .map(|y| format!("{y:04}"))
                .unwrap_or_else(|| "XXXX".into());
            Out::new(
                format!("{ys}-{sc}"),
                T::Date,
                P::Season,
                if y.is_some() { None } else { Some(P::Month) },
            )
        }
        Expr::DayOff(off, pod) => match a {
            Some(a) => {
                let d = lex::add_days(a, *off);
                let mut o = match pod {
                    Some(p) => Out::new(
                        format!("{}T{p}", lex::fmt_day(d)),
                        T::Time,
                        P::Day,
                        Some(P::Day),
                    ),
                    None => Out::new(lex::fmt_day(d), T::Date, P::Day, Some(P::Day)),
                };
                o.day = Some(d);
                o
            }
            None => match pod {
                Some(p) => Out::new(format!("{XDAY}T{p}"), T::Time, P::Day, None),
                None => Out::new(XDAY.into(), T::Date, P::Day, None),
            },
        },
        Expr::RefOff(off, unit) => {
            let base = ctx.reference.or(a);
            match base {
                Some(b) => {
                    let d = shift(b, *off, *unit);
                    let (v, p) = unit_date_value(d, *unit);
                    // Relative to a date of the text: needs nothing from the publication date.
                    let need = if ctx.reference.is_some() {
                        None
                    } else {
                        Some(P::Day)
                    };
                    let mut o = Out::new(v, T::Date, p, need);
                    if p == P::Day {
                        o.day = Some(d);
                    }
                    o
                }
                None => Out::new(XDAY.into(), T::Date, P::Day, None),
            }
        }
        Expr::RelUnit(r, unit) => match a {
            Some(a) => {
                let d = shift(a, *r, *unit);
                let (v, p) = unit_date_value(d, *unit);
                let need = match unit {
                    Unit::Week => P::Day,
                    Unit::Month => P::Month,
                    _ => P::Year,
                };
                Out::new(v, T::Date, p, Some(need))
            }
            None => Out::new("XXXX".into(), T::Date, P::Unknown, None),
        },
        Expr::MonthRel(r, m) => match a {
            Some(a) => {
                let am = a.month();
                let y = match r {
                    -1 => {
                        if *m < am {
                            a.year()
                        } else {
                            a.year() - 1
                        }
                    }
                    1 => {
                        if *m > am {
                            a.year()
                        } else {
                            a.year() + 1
                        }
                    }
                    _ => a.year(),
                };
                Out::new(lex::fmt_month(y, *m), T::Date, P::Month, Some(P::Month))
            }
            None => Out::new(format!("XXXX-{m:02}"), T::Date, P::Month, None),
        },
        Expr::Weekday { wd, rel, pod } => {
            let tail = pod.map(|p| format!("T{p}")).unwrap_or_default();
            let tt = if pod.is_some() { T::Time } else { T::Date };
            match a {
                Some(a) => {
                    let d = weekday_date(a, *wd, *rel, *rel == 0 && fut());
                    let mut o = Out::new(
                        format!("{}{tail}", lex::fmt_day(d)),
                        tt,
                        P::Day,
                        Some(P::Day),
                    );
                    o.day = Some(d);
                    o
                }
                None => Out::new(
                    format!("XXXX-WXX-{}{tail}", wd.number_from_monday()),
                    tt,
                    P::Day,
                    None,
                ),
            }
        }
        Expr::ClockOn(h, mi, day) => {
            let inner = resolve(day, s, e, ctx)?;
            let mut o = Out::new(
                format!("{}T{h:02}:{mi:02}", inner.value),
                T::Time,
                P::Time,
                inner.need,
            );
            o.day = inner.day;
            o
        }
        Expr::AnchorYear(r) => match a {
            Some(a) => Out::new(
                format!("{:04}", a.year() + *r as i32),
                T::Date,
                P::Year,
                Some(P::Year),
            ),
            None => Out::new("XXXX".into(), T::Date, P::Year, None),
        },
        Expr::MonthOfYear(m, r) => match a {
            Some(a) => Out::new(
                lex::fmt_month(a.year() + *r as i32, *m),
                T::Date,
                P::Month,
                Some(P::Year),
            ),
            None => Out::new(format!("XXXX-{m:02}"), T::Date, P::Month, None),
        },
        Expr::ContextQuarter(given) => match (ctx.quarter, given) {
            (Some((y, q)), g) => Out::new(
                format!("{:04}-Q{q}", g.unwrap_or(y)),
                T::Date,
                P::Quarter,
                None,
            ),
            (None, Some(y)) => Out::new(format!("{y:04}"), T::Date, P::Year, None),
            (None, None) => return None,
        },
        Expr::Ago {
            n,
            unit,
            sign,
            from_ref,
        } => {
            let base = if *from_ref { ctx.reference.or(a) } else { a };
            if let (Some((qy, q)), Some(n), Unit::Year, -1) = (ctx.quarter, n, unit, sign) {
                if *n == 1.0 {
                    return Some(Out::new(
                        format!("{:04}-Q{q}", qy - 1),
                        T::Date,
                        P::Quarter,
                        None,
                    ));
                }
            }
            match (n, base) {
                (Some(n), Some(b)) if n.fract() == 0.0 => {
                    let d = shift(b, *sign * (*n as i64), *unit);
                    // "two weeks ago", "a week later": a day, as TimeBank resolves them.
                    let vu = match unit {
                        Unit::Week | Unit::Fortnight => Unit::Day,
                        u => *u,
                    };
                    let (v, p) = unit_date_value(d, vu);
                    let mut o = Out::new(v, T::Date, p, Some(P::Day));
                    if p == P::Day {
                        o.day = Some(d);
                    }
                    o
                }
                _ => Out::new(
                    if *sign < 0 { "PAST_REF" } else { "FUTURE_REF" }.into(),
                    T::Date,
                    P::Unknown,
                    None,
                ),
            }
        }
        Expr::Anchored { .. } => return None,
        Expr::YearAgo => match (ctx.quarter, a) {
            (Some((y, q)), _) => Out::new(format!("{:04}-Q{q}", y - 1), T::Date, P::Quarter, None),
            (None, Some(a)) => Out::new(
                format!("{:04}", a.year() - 1),
                T::Date,
                P::Year,
                Some(P::Year),
            ),
            (None, None) => Out::new("XXXX".into(), T::Date, P::Year, None),
        },
        Expr::Duration(v) => Out::new(v.clone(), T::Duration, P::Unknown, None),
        Expr::Set(v) => Out::new(v.clone(), T::Set, P::Unknown, None),
        Expr::Ref(v) => Out::new(
            (*v).into(),
            T::Date,
            P::Unknown,
            if *v == "PRESENT_REF" {
                Some(P::Year)
            } else {
                None
            },
        ),
        Expr::Clock(h, mi) => match ctx.reference.or(a) {
            Some(d) => {
                let mut o = Out::new(
                    format!("{}T{h:02}:{mi:02}", lex::fmt_day(d)),
                    T::Time,
                    P::Time,
                    Some(P::Day),
                );
                o.day = Some(d);
                o
            }
            None => Out::new(format!("XXXX-XX-XXT{h:02}:{mi:02}"), T::Time, P::Time, None),
        },
        Expr::Weekend(r) => match a {
            Some(a) => {
                let sat = match r {
                    -1 => weekday_date(a, Weekday::Sat, -1, false),
                    1 => weekday_date(a, Weekday::Sat, 1, false),
                    2 => weekday_date(a, Weekday::Sat, 2, false),
                    _ => weekday_date(a, Weekday::Sat, 0, fut()),
                };
                Out::new(
                    format!("{}-WE", lex::fmt_week(sat)),
                    T::Date,
                    P::Week,
                    Some(P::Day),
                )
            }
            None => Out::new("XXXX-WXX-WE".into(), T::Date, P::Week, None),
        },
        Expr::Holiday(m, d) => match a {
            Some(a) => {
                let f = fut();
                let date = if *d == 0 {
                    let mut y = a.year();
                    let mut t = thanksgiving(y)?;
                    if t > a && !f {
                        y -= 1;
                        t = thanksgiving(y)?;
                    }
                    t
                } else {
                    let y = year_for_month_day(a, *m, *d, f);
                    NaiveDate::from_ymd_opt(y, *m, *d)?
                };
                let mut o = Out::new(lex::fmt_day(date), T::Date, P::Day, Some(P::Month));
                o.day = Some(date);
                o
            }
            None => Out::new(
                if *d == 0 {
                    "XXXX-11-XX".to_string()
                } else {
                    format!("XXXX-{m:02}-{d:02}")
                },
                T::Date,
                P::Day,
                None,
            ),
        },
    })
}

fn make(s: usize, e: usize, o: Out, pubp: Precision, anchored: Option<String>) -> TimeMention {
    let has_x = o.value.contains("XXXX") || o.value.starts_with("XX");
    let resolved = match o.ttype {
        TimeType::Duration | TimeType::Set => !o.value.contains('X') || o.value.starts_with('P'),
        _ => {
            !has_x
                && o.value != "PAST_REF"
                && o.value != "FUTURE_REF"
                && match o.need {
                    None => true,
                    Some(need) => pubp <= need,
                }
        }
    };
    TimeMention {
        span: Span::new(s, e),
        ttype: o.ttype,
        value: o.value,
        precision: o.prec,
        resolved,
        anchor: anchored,
    }
}

/// Content words of an anchor phrase, for finding the event it names.
fn content_words(s: &str) -> Vec<String> {
    let stop = [
        "the", "a", "an", "his", "her", "its", "their", "this", "that", "these", "those", "our",
        "my", "of", "first", "last", "new",
    ];
    s.split(|c: char| !c.is_alphanumeric())
        .map(|w| w.to_lowercase())
        .filter(|w| w.len() > 3 && !stop.contains(&w.as_str()))
        .collect()
}

fn paragraph_break_between(text: &str, a: usize, b: usize) -> bool {
    text.get(a..b).is_some_and(|s| s.contains("\n\n"))
}

/// Tags and resolves the time expressions of `text`.
pub fn tag(text: &str, published: &Published) -> Vec<TimeMention> {
    let anchor = published.anchor();
    let pubp = if anchor.is_some() {
        published.precision
    } else {
        Precision::Unknown
    };
    let cands = candidates(text);
    let mut out: Vec<(usize, TimeMention, Option<NaiveDate>)> = Vec::new();
    let mut reference: Option<NaiveDate> = None;
    let mut quarter: Option<(usize, i32, u32)> = None;
    let mut last_end = 0;
    let mut pending: Vec<(usize, &Cand)> = Vec::new();
    for c in &cands {
        if paragraph_break_between(text, last_end, c.start) {
            reference = None;
        }
        last_end = c.end;
        if matches!(c.expr, Expr::Anchored { .. }) {
            pending.push((out.len(), c));
            continue;
        }
        let ctx = Ctx {
            text,
            anchor,
            reference,
            quarter: quarter
                .filter(|(end, _, _)| c.start.saturating_sub(*end) < 400)
                .map(|(_, y, q)| (y, q)),
            year_only: pubp >= Precision::Year && pubp != Precision::Unknown,
        };
        if let Some(o) = resolve(&c.expr, c.start, c.end, &ctx) {
            let day = o.day;
            if let Some(d) = day {
                reference = Some(d);
            }
            if o.prec == Precision::Quarter && !matches!(c.expr, Expr::YearAgo | Expr::Ago { .. }) {
                let y = o.value.get(..4).and_then(|y| y.parse().ok());
                let q = o.value.get(6..7).and_then(|q| q.parse().ok());
                if let (Some(y), Some(q)) = (y, q) {
                    quarter = Some((c.end, y, q));
                }
            }
            out.push((c.start, make(c.start, c.end, o, pubp, None), day));
        }
    }
    // Event-anchored expressions: look for the event among dated sentences.
    let mut extra = Vec::new();
    for (_, c) in pending {
        let Expr::Anchored {
            n,
            unit,
            sign,
            anchor: atext,
            dur_end,
        } = &c.expr
        else {
            continue;
        };
        // "on February 12 — two weeks before X": the expression is that date.
        let appos = out
            .iter()
            .rev()
            .find(|(_, m, _)| m.span.end <= c.start)
            .filter(|(_, m, _)| {
                m.precision == Precision::Day
                    && m.ttype == TimeType::Date
                    && text.get(m.span.end..c.start).is_some_and(|g| {
                        g.len() <= 6
                            && g.chars()
                                .all(|ch| ch.is_whitespace() || ",;:—–-".contains(ch))
                    })
            });
        if let Some((_, m, _)) = appos {
            let mut tm = m.clone();
            tm.span = Span::new(c.start, *dur_end);
            tm.anchor = Some(atext.clone());
            extra.push((c.start, tm, None));
            continue;
        }
        let (own_s, own_e) = sentence_bounds(text, c.start);
        let words = content_words(atext);
        let mut found: Option<(NaiveDate, Precision)> = None;
        if !words.is_empty() {
            let mut best: Option<(usize, NaiveDate, Precision)> = None;
            for (pos, m, day) in &out {
                let Some(d) = day else { continue };
                // Only look within the article around the expression (bounded work).
                if pos.abs_diff(c.start) > 12_000
                    || !m.resolved && anchor.is_some()
                    || (own_s..own_e).contains(pos)
                {
                    continue;
                }
                let (ss, se) = sentence_bounds(text, *pos);
                let sent = text.get(ss..se).unwrap_or("").to_lowercase();
                let sent_words: Vec<String> = content_words(&sent);
                if words.iter().any(|w| {
                    sent_words
                        .iter()
                        .any(|x| x == w || x.starts_with(w.as_str()) && w.len() > 5)
                }) {
                    let dist = pos.abs_diff(c.start);
                    if best.is_none_or(|(bd, _, _)| dist < bd) {
                        best = Some((dist, *d, m.precision));
                    }
                }
            }
            found = best.map(|(_, d, p)| (d, p));
        }
        // "two weeks before the summit on June 16": the event's own date follows it.
        let own = out.iter().find(|(pos, _, day)| {
            day.is_some()
                && *pos >= c.end
                && text.get(c.end..*pos).is_some_and(|g| {
                    let g = g.trim().to_ascii_lowercase();
                    g == "on" || g == "in" || g == "of" || g == "," || g.is_empty()
                })
        });
        if let Some((_, m, Some(d))) = own {
            found = Some((*d, m.precision));
        }
        let tm = match (found, n) {
            (Some((d, _)), Some(n)) if n.fract() == 0.0 => {
                let nd = shift(d, *sign * (*n as i64), *unit);
                let (v, p) = match unit {
                    Unit::Year | Unit::Month | Unit::Week | Unit::Day | Unit::Fortnight => {
                        (lex::fmt_day(nd), Precision::Day)
                    }
                    u => unit_date_value(nd, *u),
                };
                TimeMention {
                    span: Span::new(c.start, *dur_end),
                    ttype: TimeType::Date,
                    value: v,
                    precision: p,
                    resolved: true,
                    anchor: Some(atext.clone()),
                }
            }
            _ => TimeMention {
                span: Span::new(c.start, *dur_end),
                ttype: TimeType::Date,
                value: XDAY.into(),
                precision: Precision::Unknown,
                resolved: false,
                anchor: Some(atext.clone()),
            },
        };
        extra.push((c.start, tm, None));
    }
    out.extend(extra);
    out.sort_by_key(|(s, _, _)| *s);
    out.into_iter().map(|(_, m, _)| m).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsline_model::DateOrigin;

    fn pubd(s: &str) -> Published {
        Published::day(
            NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap(),
            DateOrigin::Given,
        )
    }

    fn vals(text: &str, p: &str) -> Vec<(String, String)> {
        tag(text, &pubd(p))
            .into_iter()
            .map(|m| (m.span.slice(text).to_string(), m.value))
            .collect()
    }

    fn has(text: &str, p: &str, span: &str, value: &str) {
        let v = vals(text, p);
        assert!(
            v.iter().any(|(s, x)| s == span && x == value),
            "expected {span:?}={value:?} in {v:?}"
        );
    }

    fn none_for(text: &str, p: &str, span: &str) {
        let v = vals(text, p);
        assert!(
            !v.iter().any(|(s, _)| s.contains(span)),
            "did not expect {span:?} in {v:?}"
        );
    }

    #[test]
    fn weekday_parts_of_day_and_clock_days() {
        // 2022-04-13 is a Wednesday.
        has(
            "The ferry sank on Monday night off the cape.",
            "2022-04-13",
            "Monday night",
            "2022-04-11TNI",
        );
        has(
            "Crews resumed work early Tuesday.",
            "2022-04-13",
            "early Tuesday",
            "2022-04-12",
        );
        has(
            "The vote closed at 10 p.m. Monday in the capital.",
            "2022-04-13",
            "10 p.m. Monday",
            "2022-04-11T22:00",
        );
        has(
            "Talks broke off at noon Tuesday.",
            "2022-04-13",
            "noon Tuesday",
            "2022-04-12T12:00",
        );
        has(
            "The offer expires at 5 p.m. EST, April 20.",
            "2022-04-13",
            "5 p.m. EST, April 20",
            "2022-04-20T17:00",
        );
        has(
            "The council met late yesterday.",
            "2022-04-13",
            "late yesterday",
            "2022-04-12",
        );
        has(
            "Markets slid by mid-afternoon yesterday.",
            "2022-04-13",
            "mid-afternoon yesterday",
            "2022-04-12TAF",
        );
        // "Saturday, April 9:" is one date even before a colon.
        has(
            "The paper wrote on Saturday, April 9: the port is closed.",
            "2022-04-13",
            "Saturday, April 9",
            "2022-04-09",
        );
    }

    #[test]
    fn extents_follow_timeml() {
        // Loose quantifiers stay outside; "nearly", "more than", "at least" stay inside.
        has(
            "The strike lasted about two weeks.",
            "2022-04-13",
            "two weeks",
            "P2W",
        );
        has(
            "It took only five hours to clear.",
            "2022-04-13",
            "five hours",
            "PT5H",
        );
        has(
            "The siege lasted nearly five months.",
            "2022-04-13",
            "nearly five months",
            "P5M",
        );
        has(
            "Prices rose over the past three years.",
            "2022-04-13",
            "the past three years",
            "P3Y",
        );
        has(
            "The plant will stay shut for the next year or so.",
            "2022-04-13",
            "the next year or so",
            "2023",
        );
        has(
            "He was held for a week or so, then freed.",
            "2022-04-13",
            "a week or so",
            "P1W",
        );
        has(
            "The truce may be extended by an additional year.",
            "2022-04-13",
            "an additional year",
            "P1Y",
        );
    }

    #[test]
    fn halves_and_compound_numbers() {
        has(
            "The flight took 5 1/2 hours.",
            "2022-04-13",
            "5 1/2 hours",
            "PT5H30M",
        );
        has(
            "She served 2 1/2 years.",
            "2022-04-13",
            "2 1/2 years",
            "P2Y6M",
        );
        has(
            "The pause lasted a minute and a half.",
            "2022-04-13",
            "a minute and a half",
            "PT1M30S",
        );
        has(
            "Over the last twenty four hours the river rose.",
            "2022-04-13",
            "the last twenty four hours",
            "PT24H",
        );
    }

    #[test]
    fn spoken_years_and_decades() {
        has(
            "The dam was finished in nineteen ninety-six.",
            "2022-04-13",
            "nineteen ninety-six",
            "1996",
        );
        has(
            "Plans for the year two thousand were drawn up.",
            "1998-04-13",
            "the year two thousand",
            "2000",
        );
        has(
            "The scheme dates from the nineties.",
            "2022-04-13",
            "the nineties",
            "199",
        );
        // A count, not a year.
        none_for(
            "The glassmakers kept their craft for more than two thousand years.",
            "2022-04-13",
            "two thousand",
        );
        none_for(
            "He paid two thousand dollars.",
            "2022-04-13",
            "two thousand",
        );
    }

    #[test]
    fn fiscal_and_financial_periods() {
        has(
            "Revenue for the year ended June 30 fell.",
            "2022-08-13",
            "the year",
            "P1Y",
        );
        has(
            "Sales for the full year were flat.",
            "2022-08-13",
            "the full year",
            "2022",
        );
        has(
            "The firm expects a loss for the year.",
            "2022-08-13",
            "the year",
            "2022",
        );
        has(
            "The sale should close by year-end.",
            "2022-08-13",
            "year-end",
            "2022",
        );
        has(
            "Profit rose in the third quarter. Sales in the latest period grew 5%.",
            "2022-11-02",
            "the latest period",
            "2022-Q3",
        );
        has(
            "Profit rose in the third quarter, against a loss in the 2021 period.",
            "2022-11-02",
            "the 2021 period",
            "2021-Q3",
        );
        has(
            "Earnings in the 2021 second quarter were restated.",
            "2022-11-02",
            "the 2021 second quarter",
            "2021-Q2",
        );
        // Rates are not time expressions.
        none_for(
            "The plan saves $500 million a year in costs.",
            "2022-11-02",
            "a year",
        );
        none_for(
            "Sales were little changed at 2.46 billion guilders.",
            "2022-11-02",
            "2.46",
        );
    }

    #[test]
    fn months_seasons_sets_and_vague_refs() {
        has(
            "The border reopened in June last year.",
            "2022-04-13",
            "June last year",
            "2021-06",
        );
        has(
            "Sales slowed over the summer.",
            "2022-10-13",
            "the summer",
            "2022-SU",
        );
        has(
            "Demand was weak in the summer.",
            "2022-04-13",
            "the summer",
            "2021-SU",
        );
        has(
            "The ferry sails on Tuesday nights.",
            "2022-04-13",
            "Tuesday nights",
            "XXXX-WXX-2TNI",
        );
        has(
            "The fair is held each July.",
            "2022-04-13",
            "each July",
            "XXXX-07",
        );
        has(
            "Prices will stay high in the near term.",
            "2022-04-13",
            "the near term",
            "FUTURE_REF",
        );
        has(
            "Banks may sell bonds in the weeks ahead.",
            "2022-04-13",
            "the weeks ahead",
            "PXW",
        );
        has(
            "Exports fell in recent years.",
            "2022-04-13",
            "recent years",
            "PXY",
        );
        has(
            "The truce holds right now.",
            "2022-04-13",
            "right now",
            "PRESENT_REF",
        );
    }

    #[test]
    fn explicit_dates() {
        has(
            "It happened on July 23, 2020 in town.",
            "2022-04-10",
            "July 23, 2020",
            "2020-07-23",
        );
        has(
            "It happened on 23 July 2020 in town.",
            "2022-04-10",
            "23 July 2020",
            "2020-07-23",
        );
        has(
            "Filed 2020-07-23.",
            "2022-04-10",
            "2020-07-23",
            "2020-07-23",
        );
        has(
            "Signed 23.07.2020 here.",
            "2022-04-10",
            "23.07.2020",
            "2020-07-23",
        );
        has(
            "They met on April 2nd.",
            "2022-04-10",
            "April 2nd",
            "2022-04-02",
        );
        has(
            "In March 2021 the talks stalled.",
            "2022-04-10",
            "March 2021",
            "2021-03",
        );
    }

    #[test]
    fn month_day_past_bias() {
        has(
            "The deal was signed on February 12.",
            "2022-04-10",
            "February 12",
            "2022-02-12",
        );
        has(
            "The ship sank on December 5.",
            "2022-01-10",
            "December 5",
            "2021-12-05",
        );
        has(
            "The summit will take place on December 5.",
            "2022-01-10",
            "December 5",
            "2022-12-05",
        );
    }

    #[test]
    fn weekdays_and_relative_days() {
        // 2022-04-13 is a Wednesday.
        has(
            "The minister said on Monday that talks failed.",
            "2022-04-13",
            "Monday",
            "2022-04-11",
        );
        has(
            "Wednesday's talks went well.",
            "2022-04-13",
            "Wednesday",
            "2022-04-13",
        );
        has(
            "The ministers will meet on Friday.",
            "2022-04-13",
            "Friday",
            "2022-04-15",
        );
        has(
            "Yesterday the port closed.",
            "2022-04-13",
            "Yesterday",
            "2022-04-12",
        );
        has(
            "He arrives tomorrow.",
            "2022-04-13",
            "tomorrow",
            "2022-04-14",
        );
        has(
            "Prices rose last week.",
            "2022-04-13",
            "last week",
            "2022-W14",
        );
        has("Prices rose last year.", "2022-04-13", "last year", "2021");
        has(
            "It was quiet earlier this month.",
            "2022-04-13",
            "earlier this month",
            "2022-04",
        );
        has(
            "This summer the talks resume.",
            "2022-04-13",
            "This summer",
            "2022-SU",
        );
    }

    #[test]
    fn reference_time_tracking() {
        let t = "The envoy arrived on March 3. The next day he met the minister.";
        has(t, "2022-04-13", "The next day", "2022-03-04");
    }

    #[test]
    fn durations_sets_refs() {
        has(
            "The talks lasted two weeks.",
            "2022-04-13",
            "two weeks",
            "P2W",
        );
        has(
            "The flight took three hours.",
            "2022-04-13",
            "three hours",
            "PT3H",
        );
        has(
            "Fighting went on for several weeks.",
            "2022-04-13",
            "several weeks",
            "PXW",
        );
        has("They meet every week.", "2022-04-13", "every week", "P1W");
        has("A weekly bulletin appears.", "2022-04-13", "weekly", "P1W");
        has(
            "Prices are now falling.",
            "2022-04-13",
            "now",
            "PRESENT_REF",
        );
        has(
            "It may change in the future.",
            "2022-04-13",
            "the future",
            "FUTURE_REF",
        );
        has(
            "Trade peaked in the 1990s.",
            "2022-04-13",
            "the 1990s",
            "199",
        );
        has(
            "Profit rose in the first quarter of 2013.",
            "2022-04-13",
            "the first quarter of 2013",
            "2013-Q1",
        );
        has(
            "It ended at the end of February.",
            "2022-04-13",
            "the end of February",
            "2022-02",
        );
    }

    #[test]
    fn year_guards() {
        let t = "The firm has 2000 employees, paid $2021 and 1,000 fees; call 2882015 or see http://x.com/2021/05/a.";
        let v = vals(t, "2022-04-13");
        assert!(
            v.iter()
                .all(|(_, x)| !x.starts_with("20") && !x.starts_with("28")),
            "{v:?}"
        );
        has("Elections were held in 2021.", "2022-04-13", "2021", "2021");
        assert!(vals("12 employees left in 1,000 cars.", "2022-04-13").is_empty());
    }

    #[test]
    fn event_anchored() {
        let t = "Hostilities broke out on February 24, 2022. Two weeks before the outbreak of hostilities, envoys met.";
        let m = tag(t, &pubd("2022-04-13"));
        let a = m.iter().find(|x| x.anchor.is_some()).expect("anchored");
        assert_eq!(a.value, "2022-02-10");
        let t3 = "Envoys met two weeks before the summit on June 16.";
        let m = tag(t3, &pubd("2022-07-01"));
        let a = m.iter().find(|x| x.anchor.is_some()).expect("anchored");
        assert_eq!(a.value, "2022-06-02");
        let t2 = "Two weeks before the ceremony, envoys met.";
        let m = tag(t2, &pubd("2022-04-13"));
        let a = m.iter().find(|x| x.anchor.is_some()).expect("anchored");
        assert!(!a.resolved);
        assert_eq!(a.anchor.as_deref(), Some("the ceremony"));
        // The extent is the amount, as in TimeML; the event goes into `anchor`.
        assert_eq!(a.span.slice(t2), "Two weeks");
    }

    #[test]
    fn unknown_anchor() {
        let m = tag(
            "They met on February 12 and again yesterday.",
            &Published::unknown(),
        );
        assert_eq!(m[0].value, "XXXX-02-12");
        assert!(!m[0].resolved);
        assert!(!m[1].resolved);
    }
}
