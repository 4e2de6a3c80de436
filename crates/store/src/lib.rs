//! Storage trait and its embedded SQLite implementation: raw inputs, analysed articles and corpus tables.
