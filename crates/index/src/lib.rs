//! Full-text search over articles with tantivy.
