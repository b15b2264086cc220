//! Language identification of the body text.

/// Detected language of `text` as an ISO 639-1 code (639-3 where no 639-1 code
/// exists), with whatlang's confidence; `None` for text too short or too mixed to tell.
pub fn detect(text: &str) -> Option<(String, f64)> {
    // A few thousand characters are plenty and keep the cost flat on long pages.
    let mut end = text.len().min(500);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if sample.chars().filter(|c| c.is_alphabetic()).count() < 20 {
        return None;
    }
    let info = whatlang::detect(sample)?;
    let conf = info.confidence();
    if !info.is_reliable() && conf < 0.5 {
        return None;
    }
    Some((iso639_1(info.lang().code()).to_string(), conf))
}

/// Maps whatlang's ISO 639-3 codes to ISO 639-1.
fn iso639_1(code3: &str) -> &str {
    match code3 {
        "eng" => "en",
        "rus" => "ru",
        "cmn" => "zh",
        "spa" => "es",
        "por" => "pt",
        "ita" => "it",
        "ben" => "bn",
        "fra" => "fr",
        "deu" => "de",
        "ukr" => "uk",
        "kat" => "ka",
        "ara" => "ar",
        "hin" => "hi",
        "jpn" => "ja",
        "heb" => "he",
        "yid" => "yi",
        "pol" => "pl",
        "amh" => "am",
        "jav" => "jv",
        "kor" => "ko",
        "nob" => "nb",
        "dan" => "da",
        "swe" => "sv",
        "fin" => "fi",
        "tur" => "tr",
        "nld" => "nl",
        "hun" => "hu",
        "ces" => "cs",
        "ell" => "el",
        "bul" => "bg",
        "bel" => "be",
        "mar" => "mr",
        "kan" => "kn",
        "ron" => "ro",
        "slv" => "sl",
        "hrv" => "hr",
        "srp" => "sr",
        "mkd" => "mk",
        "lit" => "lt",
        "lav" => "lv",
        "est" => "et",
        "tam" => "ta",
        "vie" => "vi",
        "urd" => "ur",
        "tha" => "th",
        "guj" => "gu",
        "uzb" => "uz",
        "pan" => "pa",
        "aze" => "az",
        "ind" => "id",
        "tel" => "te",
        "pes" => "fa",
        "mal" => "ml",
        "ori" => "or",
        "mya" => "my",
        "nep" => "ne",
        "sin" => "si",
        "khm" => "km",
        "tuk" => "tk",
        "aka" => "ak",
        "zul" => "zu",
        "sna" => "sn",
        "afr" => "af",
        "lat" => "la",
        "slk" => "sk",
        "cat" => "ca",
        "tgl" => "tl",
        "hye" => "hy",
        "epo" => "eo",
        "cym" => "cy",
        "gle" => "ga",
        "kaz" => "kk",
        "lao" => "lo",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_languages() {
        let en = "The minister said on Tuesday that the talks had produced an agreement on the main points of the plan, which will now go to parliament.";
        assert_eq!(detect(en).unwrap().0, "en");
        let de = "Der Minister sagte am Dienstag, dass die Gespräche eine Einigung über die wichtigsten Punkte des Plans gebracht hätten.";
        assert_eq!(detect(de).unwrap().0, "de");
        assert!(detect("ok").is_none());
    }
}
