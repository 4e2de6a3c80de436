//! Finds direct, partial and indirect quotes and attributes them to speakers.
