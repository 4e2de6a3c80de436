//! Tags time expressions, resolves them to TIMEX3 values, and decides the publication date.
