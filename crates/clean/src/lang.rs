//! Language identification (ISO 639-1).

/// ISO 639-1 code of the text's language, `None` when too short or unsure.
pub(crate) fn detect(text: &str) -> Option<String> {
    let sample: String = text.chars().take(4000).collect();
    if sample.chars().filter(|c| c.is_alphabetic()).count() < 30 {
        return None;
    }
    let info = whatlang::detect(&sample)?;
    if !info.is_reliable() && info.confidence() < 0.5 {
        return None;
    }
    iso1(info.lang().code()).map(str::to_string)
}

fn iso1(code3: &str) -> Option<&'static str> {
    Some(match code3 {
        "eng" => "en",
        "rus" => "ru",
        "ukr" => "uk",
        "bel" => "be",
        "deu" => "de",
        "fra" => "fr",
        "spa" => "es",
        "por" => "pt",
        "ita" => "it",
        "pol" => "pl",
        "ces" => "cs",
        "slk" => "sk",
        "slv" => "sl",
        "hrv" => "hr",
        "srp" => "sr",
        "bul" => "bg",
        "mkd" => "mk",
        "ron" => "ro",
        "hun" => "hu",
        "nld" => "nl",
        "dan" => "da",
        "swe" => "sv",
        "nob" => "nb",
        "fin" => "fi",
        "est" => "et",
        "lav" => "lv",
        "lit" => "lt",
        "ell" => "el",
        "tur" => "tr",
        "ara" => "ar",
        "heb" => "he",
        "pes" => "fa",
        "urd" => "ur",
        "hin" => "hi",
        "ben" => "bn",
        "cmn" => "zh",
        "jpn" => "ja",
        "kor" => "ko",
        "vie" => "vi",
        "tha" => "th",
        "ind" => "id",
        "kat" => "ka",
        "hye" => "hy",
        "aze" => "az",
        "kaz" => "kk",
        "uzb" => "uz",
        "epo" => "eo",
        "lat" => "la",
        "afr" => "af",
        "cat" => "ca",
        "tgl" => "tl",
        "swa" => "sw",
        _ => return None,
    })
}
