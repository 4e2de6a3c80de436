//! HTTP JSON API and web UI over a newsline data directory.
