//! Finds direct, partial and indirect quotes and attributes them to speakers.
//!
//! Direct quotes are found from quote marks of every common convention
//! (“…” "…" «…» „…“ ‘…’), including broken machine-translated pairs,
//! Russian-style `,— he said` endings, unterminated quotes and quotes running
//! over several paragraphs. Indirect speech is found from a lexicon of
//! speech verbs and patterns ("X said that …", "…, X said.", "According to
//! X, …", "X told Reuters …", "Agency reported, citing X"). Speakers are
//! resolved through [`newsline_entities::EntityAnalysis::resolve`].
//!
//! Span conventions follow PolNeAR: a quotation interrupted by its
//! attribution ("“A,” she said. “B.”") is one quote; reported speech that
//! holds quoted words is one quote of kind partial whose content is the whole
//! reported clause; reported speech stops before a second predicate of the
//! speaker (", adding …", " and warned …"), which becomes a quote of its own.
//! All spans are byte offsets into the text.
#![deny(missing_docs)]

mod attrib;
mod extract;
mod text;

pub use extract::extract;

/// Errors of the quotes stage.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QuoteError {
    /// A span given to the stage is not valid for the text.
    #[error("span {start}..{end} is not valid for the text")]
    BadSpan {
        /// Start offset.
        start: usize,
        /// End offset.
        end: usize,
    },
}
