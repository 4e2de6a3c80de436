//! Turns a raw document into the article and nothing else: title, body paragraphs, metadata and the removed boilerplate.
