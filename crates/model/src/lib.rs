//! Contract types shared by every newsline stage.
//!
//! Nothing in this crate performs I/O. Stages exchange these types; the
//! pipeline assembles them into an [`ArticleRecord`], the JSON object that
//! `newsline analyze` prints and the store keeps.
//!
//! # Offsets
//! Inside the pipeline every [`Span`] is a **byte** range into the article's
//! clean text (that is what Rust string slicing and `regex` use). Before a
//! record leaves the pipeline, [`ArticleRecord::into_char_offsets`] rewrites
//! every span to **Unicode code-point** offsets, which is what the published
//! output format promises. `removed[].raw_start/raw_end` are code-point
//! offsets into the decoded raw input.
#![deny(missing_docs)]

mod annotations;
mod article;
mod corpus;
mod date;
mod span;

pub use annotations::{
    Entity, EntityType, EventMention, EventStatus, EventType, Mention, MentionKind, Quote,
    QuoteKind, Role, TimeMention, TimeType,
};
pub use article::{
    ArticleId, ArticleRecord, CleanDoc, DateCandidate, Dateline, InputFormat, RawDoc, Removed,
    SCHEMA_VERSION,
};
pub use corpus::{
    CorpusEntity, CorpusEvent, DupGroup, DupKind, DupMember, EventSource, RoleSpell, SourceRef,
    Storyline, TimelineEntry, TimelineKind,
};
pub use date::{DateOrigin, Precision, Published};
pub use span::{byte_to_char_map, CharMap, Span};
