//! Charset detection and decoding.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// Result of decoding a byte buffer.
pub(crate) struct Decoded {
    pub text: String,
    pub charset: String,
    pub warnings: Vec<String>,
}

/// True when the bytes look binary: NUL bytes or many control characters.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return false; // UTF-16 with BOM
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    !head.is_empty() && controls * 10 > head.len()
}

fn name_of(enc: &'static Encoding) -> String {
    enc.name().to_ascii_lowercase()
}

/// Finds `charset=...` in an HTTP `Content-Type` value.
pub(crate) fn charset_from_content_type(ct: &str) -> Option<String> {
    let lower = ct.to_ascii_lowercase();
    let pos = lower.find("charset=")?;
    let rest = lower.get(pos + 8..)?;
    let v: String = rest
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    if v.is_empty() {
        None
    } else {
        Some(v)
    }
}

/// Finds a `<meta charset>` or `http-equiv` charset declaration in the head of an HTML page.
pub(crate) fn charset_from_meta(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(16384)];
    let s = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = s.get(from..).and_then(|t| t.find("<meta")) {
        let start = from + p;
        let end = s
            .get(start..)
            .and_then(|t| t.find('>'))
            .map_or(s.len(), |e| start + e);
        let tag = s.get(start..end).unwrap_or("");
        if let Some(cs) = charset_from_content_type(tag) {
            return Some(cs);
        }
        from = end.max(start + 5);
    }
    None
}

/// Counts invalid sequences: (first invalid byte offset, invalid bytes,
/// valid multibyte chars, broken multibyte sequences). A broken sequence is a
/// UTF-8 lead byte followed by a continuation byte that still fails to decode:
/// a cut or corrupted UTF-8 character, which single-byte text almost never
/// produces.
fn utf8_stats(bytes: &[u8]) -> (Option<usize>, usize, usize, usize) {
    let mut broken = 0usize;
    let mut first = None;
    let mut invalid = 0usize;
    let mut multibyte = 0usize;
    let mut pos = 0usize;
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                multibyte += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                if let Some(s) = rest.get(..good).and_then(|b| std::str::from_utf8(b).ok()) {
                    multibyte += s.chars().filter(|c| !c.is_ascii()).count();
                }
                if first.is_none() {
                    first = Some(pos + good);
                }
                let bad = e.error_len().unwrap_or(rest.len() - good);
                let lead = rest.get(good).copied().unwrap_or(0);
                let next = rest.get(good + 1).copied().unwrap_or(0);
                if (0xC2..=0xF4).contains(&lead) && (0x80..=0xBF).contains(&next) {
                    broken += 1;
                }
                invalid += bad;
                let skip = good + bad;
                pos += skip;
                rest = rest.get(skip..).unwrap_or(&[]);
                if rest.is_empty() {
                    break;
                }
            }
        }
    }
    (first, invalid, multibyte, broken)
}

/// Decodes `bytes`: BOM, then the HTTP charset, then `<meta>` (HTML only),
/// then valid (or mostly valid) UTF-8, then statistical detection.
pub(crate) fn decode(bytes: &[u8], http_charset: Option<&str>, html: bool) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or(&[]);
        let (text, _) = enc.decode_without_bom_handling(body);
        return Decoded {
            text: text.into_owned(),
            charset: name_of(enc),
            warnings: Vec::new(),
        };
    }
    let (first_bad, invalid, multibyte, broken) = utf8_stats(bytes);
    let declared = http_charset
        .and_then(|c| Encoding::for_label(c.trim().as_bytes()))
        .or_else(|| {
            if html {
                charset_from_meta(bytes).and_then(|c| Encoding::for_label(c.as_bytes()))
            } else {
                None
            }
        });
    if let Some(enc) = declared {
        // UTF-16 declared in an ASCII-compatible page is a lie; Latin-1 declared
        // over valid UTF-8 text is the most common mislabel on the web.
        let lie = enc == UTF_16LE
            || enc == UTF_16BE
            || (invalid == 0
                && multibyte > 0
                && enc != UTF_8
                && enc.is_single_byte()
                && enc.name() == "windows-1252");
        if !lie {
            if enc == UTF_8 {
                return utf8_lossy(bytes, first_bad, invalid);
            }
            let (text, _) = enc.decode_without_bom_handling(bytes);
            return Decoded {
                text: text.into_owned(),
                charset: name_of(enc),
                warnings: Vec::new(),
            };
        }
    }
    if invalid == 0 {
        return Decoded {
            text: String::from_utf8_lossy(bytes).into_owned(),
            charset: "utf-8".to_string(),
            warnings: Vec::new(),
        };
    }
    if (multibyte >= 4 && invalid * 8 <= multibyte) || (broken > 0 && invalid <= 64) {
        return utf8_lossy(bytes, first_bad, invalid);
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let enc = det.guess(None, chardetng::Utf8Detection::Allow);
    if enc == UTF_8 {
        return utf8_lossy(bytes, first_bad, invalid);
    }
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        charset: name_of(enc),
        warnings: Vec::new(),
    }
}

fn utf8_lossy(bytes: &[u8], first_bad: Option<usize>, invalid: usize) -> Decoded {
    let mut warnings = Vec::new();
    if let Some(at) = first_bad {
        warnings.push(format!(
            "invalid UTF-8 at byte {at} ({invalid} bytes replaced)"
        ));
    }
    Decoded {
        text: String::from_utf8_lossy(bytes).into_owned(),
        charset: "utf-8".to_string(),
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_and_central_european_pages_are_detected() {
        let ru = "Министр иностранных дел заявил журналистам, что переговоры продолжатся \
                  на следующей неделе в столице. Встреча пройдёт за закрытыми дверями.";
        for label in ["windows-1251", "koi8-r"] {
            let enc = Encoding::for_label(label.as_bytes()).unwrap();
            let (bytes, _, _) = enc.encode(ru);
            let d = decode(&bytes, None, false);
            // chardetng reports KOI8-U, a superset that decodes Russian identically.
            assert_eq!(d.charset.get(..4), label.get(..4), "{label}");
            assert_eq!(d.text, ru);
        }
        let pl = "Zażółć gęślą jaźń. Minister spraw zagranicznych powiedział dziennikarzom, \
                  że rozmowy będą kontynuowane w przyszłym tygodniu w stolicy kraju.";
        let enc = Encoding::for_label(b"iso-8859-2").unwrap();
        let (bytes, _, _) = enc.encode(pl);
        let page = [
            b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-2\"></head><body><p>".as_slice(),
            &bytes,
            b"</p></body></html>",
        ]
        .concat();
        let d = decode(&page, None, true);
        assert_eq!(d.charset, "iso-8859-2");
        assert!(d.text.contains(pl));
    }

    #[test]
    fn http_charset_beats_meta_and_bom_beats_all() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("<meta charset=\"utf-8\">Привет");
        assert_eq!(
            decode(&bytes, Some("windows-1251"), true).text,
            "<meta charset=\"utf-8\">Привет"
        );
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("héllo".as_bytes());
        let d = decode(&bom, Some("koi8-r"), true);
        assert_eq!((d.text.as_str(), d.charset.as_str()), ("héllo", "utf-8"));
    }

    #[test]
    fn mostly_utf8_is_decoded_lossily_with_a_warning() {
        let mut b = "Ça va très bien, merci — déjà vu à Genève. "
            .repeat(3)
            .into_bytes();
        let at = b.len();
        b.extend_from_slice(&[0xFF, 0xFE]);
        b.extend_from_slice(" fin.".as_bytes());
        let d = decode(&b, None, false);
        assert_eq!(d.charset, "utf-8");
        assert!(d.text.contains('\u{FFFD}'));
        assert_eq!(
            d.warnings,
            vec![format!("invalid UTF-8 at byte {at} (2 bytes replaced)")]
        );
    }

    #[test]
    fn broken_utf8_sequences_in_ascii_text_are_replaced_with_a_warning() {
        let mut bytes = b"Officials said the decision ".to_vec();
        bytes.extend_from_slice(&[0xff, 0xfe]);
        bytes.extend_from_slice(b" followed talks ");
        bytes.extend_from_slice(&[0xe2, 0x82, 0x20]);
        bytes.extend_from_slice(b"between the two capitals.");
        let d = decode(&bytes, None, false);
        assert_eq!(d.charset, "utf-8");
        assert!(d.text.contains('\u{fffd}'));
        assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
        assert!(d.warnings[0].starts_with("invalid UTF-8 at byte 28"));
    }

    #[test]
    fn binary_is_recognised() {
        assert!(looks_binary(b"PK\x03\x04\x00\x00abc"));
        assert!(!looks_binary("plain text\nwith lines\n".as_bytes()));
    }
}
