use serde::{Deserialize, Serialize};

use crate::date::Precision;
use crate::span::Span;

/// Coarse entity type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    /// A person.
    Person,
    /// A company, agency, ministry, party, outlet or other organisation.
    Organization,
    /// A country, city, region or other place.
    Place,
    /// Anything else with a name.
    Other,
}

impl EntityType {
    /// The lower-case name used in output.
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Organization => "organization",
            EntityType::Place => "place",
            EntityType::Other => "other",
        }
    }
}

/// How an entity is mentioned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    /// A full or partial proper name.
    Name,
    /// A role noun phrase ("the spokeswoman").
    Role,
    /// A pronoun.
    Pronoun,
}

/// One mention of an entity: a span into the clean text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Where the mention is.
    #[serde(flatten)]
    pub span: Span,
    /// How the entity is named there.
    pub kind: MentionKind,
}

/// A role stated for a person ("US Ambassador to Russia").
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Role {
    /// The role as written, normalised to lower case ("ambassador to valdoria").
    pub title: String,
    /// The date the article gives for it (usually its publication date).
    pub date: Option<String>,
}

/// An entity as found in one article.
///
/// `id` is a key derived from the canonical name (`person:jane-doe`), so the
/// same person gets the same id in every article that names them fully;
/// the corpus registry refines it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Entity key.
    pub id: String,
    /// Canonical name in this article (the longest full name).
    pub name: String,
    /// Entity type.
    #[serde(rename = "type")]
    pub etype: EntityType,
    /// Other names used for it in this article.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Roles stated for it in this article.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// Its mentions, in text order.
    pub mentions: Vec<Mention>,
}

/// Direct, partial or indirect speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Quoted words standing as a full statement.
    Direct,
    /// A few quoted words inside reported speech.
    Partial,
    /// Reported speech without quote marks.
    Indirect,
}

/// A statement and who made it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// Direct, partial or indirect.
    pub kind: QuoteKind,
    /// The quoted or reported content (without the quote marks).
    #[serde(flatten)]
    pub content: Span,
    /// The verb or phrase that introduces the quote.
    pub cue_span: Option<Span>,
    /// Entity id of the speaker, when resolved.
    pub speaker: Option<String>,
    /// Canonical name of the speaker (or the mention text when unresolved).
    pub speaker_name: Option<String>,
    /// The speaker mention tied to this quote (may be a pronoun or role noun).
    pub speaker_span: Option<Span>,
    /// The outlet that reported it ("X reported, citing Y"), if any.
    #[serde(default)]
    pub outlet: Option<String>,
    /// When it was said (TIMEX3 value), when the article says so.
    #[serde(default)]
    pub date: Option<String>,
    /// `text` when `date` comes from the article text, `published` otherwise.
    #[serde(default)]
    pub date_origin: Option<String>,
    /// 0..1 confidence in the attribution.
    pub confidence: f32,
}

/// TIMEX3 type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeType {
    /// A calendar date or period.
    Date,
    /// A time of day.
    Time,
    /// A duration (`P2W`).
    Duration,
    /// A recurring time (`every week`).
    Set,
}

/// A time expression and its calendar value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeMention {
    /// Where the expression is.
    #[serde(flatten)]
    pub span: Span,
    /// TIMEX3 type.
    #[serde(rename = "type")]
    pub ttype: TimeType,
    /// TIMEX3 value: `2022-02-12`, `2022-02`, `2021-SU`, `P2W`, `PAST_REF`, `XXXX-02-12`…
    pub value: String,
    /// Precision of the value.
    pub precision: Precision,
    /// False when the value could not be anchored to the calendar.
    pub resolved: bool,
    /// For event-anchored expressions ("two weeks before the summit"): the anchor text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
}

/// Kind of event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    /// A phone or video call.
    Call,
    /// A meeting between people.
    Meeting,
    /// A summit of leaders.
    Summit,
    /// Talks or negotiations.
    Talks,
    /// A visit.
    Visit,
    /// A letter or message.
    Letter,
    /// A briefing or statement to the press.
    Statement,
    /// Expulsion of diplomats or others.
    Expulsion,
    /// Sanctions.
    Sanctions,
    /// Start of a military operation or attack.
    MilitaryOperation,
    /// Appointment to a post.
    Appointment,
    /// Departure from a post.
    Departure,
}

/// Whether an event happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventStatus {
    /// Reported as having happened.
    Happened,
    /// Announced or planned.
    Planned,
    /// Said to be possible.
    Possible,
    /// Denied.
    Denied,
    /// Neither confirmed nor denied.
    Unconfirmed,
}

/// An event as mentioned in one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventMention {
    /// Kind of event.
    #[serde(rename = "type")]
    pub etype: EventType,
    /// The evidence: the sentence or clause that mentions it.
    #[serde(flatten)]
    pub span: Span,
    /// The trigger word or phrase ("called", "summit").
    pub trigger: String,
    /// Entity ids of the participants.
    pub participants: Vec<String>,
    /// Place entity id, if any.
    #[serde(default)]
    pub place: Option<String>,
    /// TIMEX3 date value from the time stage; `None` when the article gives none.
    pub date: Option<String>,
    /// Precision of `date`.
    pub precision: Precision,
    /// Whether it happened.
    pub status: EventStatus,
}
