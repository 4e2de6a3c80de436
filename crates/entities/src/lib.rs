//! Finds people, organisations and places, and resolves names, surnames, role nouns and pronouns to entities.
