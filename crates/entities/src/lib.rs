//! Finds people, organisations and places, and resolves names, surnames,
//! role nouns and pronouns to entities.
//!
//! Recognition combines rules and a statistical tagger. The rules read
//! capitalised word runs with a list of common given names, gazetteers of
//! countries, regions, demonyms, cities, international organisations and news
//! outlets (all in `data/`), organisation cues ("Ministry", "Council") and
//! role titles ("Foreign Minister", "spokesman"). The tagger ([`ner`], an
//! averaged perceptron trained on GUM train, `data/ner.bin`, built into the
//! binary) types the names the rules only guess at and finds the names the
//! rules miss. Spans are byte offsets into the text passed to [`analyze`].
#![deny(missing_docs)]

mod analyze;
pub mod corrections;
mod error;
mod lexicon;
pub mod ner;
mod registry;
mod slug;
mod tokens;

use newsline_model::Span;

pub use analyze::EntityAnalysis;
pub use corrections::Corrections;
pub use error::EntityError;
pub use registry::{build_registry, build_registry_with, Registry};

/// Finds the entities of one article.
///
/// `paragraphs` are byte spans of `text`; `published` is the article's ISO
/// date, recorded on the roles the article states.
pub fn analyze(text: &str, paragraphs: &[Span], published: Option<&str>) -> EntityAnalysis {
    EntityAnalysis::build(text, paragraphs, published)
}

/// True for common speech and attribution verbs ("said", "told", "noted"…).
pub fn is_speech_verb(word: &str) -> bool {
    lexicon::SPEECH_VERBS.contains(word.to_lowercase().as_str())
}

/// The canonical organisation name when `name` is a known international
/// organisation, seat of government or news outlet ("AP" → "Associated Press").
pub fn known_organization(name: &str) -> Option<&'static str> {
    lexicon::LEX
        .gazetteer
        .get(&name.trim().to_lowercase())
        .filter(|e| e.etype == newsline_model::EntityType::Organization)
        .map(|e| e.canonical.as_str())
}

/// Checks that `span` is a valid byte span of `text`.
pub fn check_span(text: &str, span: Span) -> Result<(), EntityError> {
    if span.start <= span.end && text.get(span.start..span.end).is_some() {
        Ok(())
    } else {
        Err(EntityError::BadSpan {
            start: span.start,
            end: span.end,
        })
    }
}
