//! Finds exact and near-duplicate articles with hashing and MinHash LSH.
