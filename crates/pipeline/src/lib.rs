//! Wires the stages: analyse one document, ingest into a store, rebuild corpus-level results.
