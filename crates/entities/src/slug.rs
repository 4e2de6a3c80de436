//! Ascii-folded slugs for entity ids.

use unicode_normalization::UnicodeNormalization;

/// `"José Müller-Ortiz"` → `"jose-muller-ortiz"`.
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.nfd() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            // non-Latin letters: keep them, lower-cased
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if unicode_normalization::char::is_combining_mark(c)
            || c == '.'
            || c == '\''
            || c == '’'
        {
            // dropped
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn folds_accents_and_punctuation() {
        assert_eq!(slug("José Müller-Ortiz"), "jose-muller-ortiz");
        assert_eq!(slug("U.S. State Department"), "us-state-department");
        assert_eq!(slug("  Kremlin "), "kremlin");
    }
}
