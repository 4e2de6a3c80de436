use serde::{Deserialize, Serialize};

use crate::annotations::{EntityType, EventStatus, EventType, QuoteKind};
use crate::date::Precision;

/// A role held by an entity over a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleSpell {
    /// Role, lower case.
    pub title: String,
    /// Earliest article date stating it.
    pub first_seen: Option<String>,
    /// Latest article date stating it.
    pub last_seen: Option<String>,
}

/// A corpus-level entity with aliases and roles over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorpusEntity {
    /// Corpus entity id.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Type.
    #[serde(rename = "type")]
    pub etype: EntityType,
    /// All names seen for it.
    pub aliases: Vec<String>,
    /// Roles with the dates they were seen.
    pub roles: Vec<RoleSpell>,
    /// Number of articles mentioning it.
    pub articles: usize,
    /// Number of mentions across the corpus.
    pub mentions: usize,
}

/// A pointer to evidence in an article.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SourceRef {
    /// Article id.
    pub article: String,
    /// Code-point offset into the article's clean text.
    pub start: usize,
    /// Code-point offset into the article's clean text.
    pub end: usize,
}

/// One article's evidence for a corpus event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventSource {
    /// Where it is said.
    #[serde(flatten)]
    pub at: SourceRef,
    /// The date this source gives, if any.
    pub date: Option<String>,
    /// The status this source gives.
    pub status: EventStatus,
}

/// An event merged across articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorpusEvent {
    /// Stable id derived from type, participants and date.
    pub id: String,
    /// Kind of event.
    #[serde(rename = "type")]
    pub etype: EventType,
    /// Corpus entity ids.
    pub participants: Vec<String>,
    /// The best-supported date (the most precise one most sources agree on).
    pub date: Option<String>,
    /// Its precision.
    pub precision: Precision,
    /// Other dates given by some sources, kept rather than averaged.
    pub conflicting_dates: Vec<String>,
    /// Status given by most sources.
    pub status: EventStatus,
    /// Evidence, one per article mention.
    pub sources: Vec<EventSource>,
}

/// A group of articles on one developing story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Storyline {
    /// Stable id (derived from its earliest article).
    pub id: String,
    /// A short label from the most central entities and terms.
    pub label: String,
    /// Member article ids in date order.
    pub articles: Vec<String>,
    /// Corpus event ids.
    pub events: Vec<String>,
    /// Earliest article date.
    pub start: Option<String>,
    /// Latest article date.
    pub end: Option<String>,
    /// Most mentioned entity ids.
    pub entities: Vec<String>,
}

/// What a timeline entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimelineKind {
    /// An event.
    Event,
    /// A statement.
    Quote,
}

/// One dated (or undated) timeline entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// TIMEX3-style date; `None` for undated entries, which are listed apart.
    pub date: Option<String>,
    /// Precision of `date`.
    pub precision: Precision,
    /// Event or quote.
    pub kind: TimelineKind,
    /// Event type, for events.
    #[serde(default)]
    pub event_type: Option<EventType>,
    /// Quote kind, for quotes.
    #[serde(default)]
    pub quote_kind: Option<QuoteKind>,
    /// What happened or was said.
    pub summary: String,
    /// Entity names involved (speaker or participants).
    pub who: Vec<String>,
    /// Evidence.
    pub sources: Vec<SourceRef>,
}

/// How a duplicate was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DupKind {
    /// Identical normalised text.
    Exact,
    /// Near-identical text (MinHash LSH, then verified Jaccard).
    Near,
}

/// One member of a duplicate group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DupMember {
    /// Article id.
    pub article: String,
    /// Estimated Jaccard similarity to the canonical member (1.0 for exact copies).
    pub similarity: f32,
    /// Exact or near.
    pub kind: DupKind,
}

/// Articles that carry the same story (exact copies, syndicated near-copies).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DupGroup {
    /// Stable group id (the canonical member's id).
    pub id: String,
    /// The canonical member: the earliest, then the most complete.
    pub canonical: String,
    /// The other members.
    pub members: Vec<DupMember>,
}
