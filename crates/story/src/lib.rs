//! Extracts event mentions, merges events across articles, groups storylines and builds timelines.
