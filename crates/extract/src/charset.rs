//! Decoding raw bytes to text: BOM, transport charset, `<meta charset>`, then detection.

use encoding_rs::{Encoding, UTF_8};

/// Text decoded from bytes, with the encoding used and any warning.
pub struct Decoded<'a> {
    /// The decoded text (borrowed when the bytes were already valid UTF-8).
    pub text: std::borrow::Cow<'a, str>,
    /// Name of the encoding used.
    pub encoding: &'static str,
    /// Problems noticed while decoding.
    pub warnings: Vec<String>,
}

/// Decodes `bytes` as HTML (`is_html`) or plain text, trusting in order: a BOM, the
/// transport `charset` (e.g. from an HTTP header), a `<meta>` declaration, then detection.
pub fn decode<'a>(
    bytes: &'a [u8],
    transport: Option<&str>,
    is_html: bool,
    url: Option<&str>,
) -> Decoded<'a> {
    let mut warnings = Vec::new();
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return finish(enc, &bytes[bom_len..], warnings);
    }
    let utf8_ok = std::str::from_utf8(bytes).is_ok();
    if let Some(label) = transport {
        match Encoding::for_label(label.trim().as_bytes()) {
            Some(enc) => return choose_declared(enc, bytes, utf8_ok, "transport", warnings),
            None => warnings.push(format!("unknown charset {label:?} in transport header")),
        }
    }
    if is_html {
        if let Some(label) = meta_charset(bytes) {
            match Encoding::for_label(label.as_bytes()) {
                Some(enc) => {
                    // WHATWG: a meta declaration of UTF-16 means UTF-8.
                    let enc = if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                        UTF_8
                    } else {
                        enc
                    };
                    return choose_declared(enc, bytes, utf8_ok, "meta", warnings);
                }
                None => warnings.push(format!("unknown charset {label:?} in <meta>")),
            }
        }
    }
    if utf8_ok {
        return finish(UTF_8, bytes, warnings);
    }
    let enc = detect(bytes, url);
    finish(enc, bytes, warnings)
}

/// Guesses the encoding of `bytes` from their first 64 KB (and the URL's top-level domain).
fn detect(bytes: &[u8], url: Option<&str>) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    det.feed(sample, sample.len() == bytes.len());
    let tld = url.and_then(tld_of);
    det.guess(
        tld.as_deref().map(str::as_bytes),
        chardetng::Utf8Detection::Allow,
    )
}

/// Counts well-formed non-ASCII UTF-8 characters and invalid bytes.
fn utf8_census(bytes: &[u8]) -> (usize, usize) {
    let non_ascii = |s: &str| s.chars().filter(|c| !c.is_ascii()).count();
    let (mut good, mut bad) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => return (good + non_ascii(s), bad),
            Err(e) => {
                let valid = e.valid_up_to();
                good += std::str::from_utf8(&rest[..valid]).map_or(0, non_ascii);
                let skip = e.error_len().unwrap_or(rest.len() - valid);
                bad += skip;
                rest = &rest[valid + skip..];
            }
        }
    }
}

/// A declared encoding is trusted unless it is a legacy one and the bytes are valid,
/// non-ASCII UTF-8 (pages re-saved as UTF-8 that kept their old declaration).
fn choose_declared<'a>(
    enc: &'static Encoding,
    bytes: &'a [u8],
    utf8_ok: bool,
    origin: &str,
    mut warnings: Vec<String>,
) -> Decoded<'a> {
    if enc != UTF_8 && utf8_ok && !bytes.is_ascii() {
        warnings.push(format!(
            "{origin} charset {} ignored: the bytes are valid UTF-8",
            enc.name()
        ));
        return finish(UTF_8, bytes, warnings);
    }
    if enc == UTF_8 && !utf8_ok {
        let (good, bad) = utf8_census(bytes);
        if bad > good {
            // Mostly legacy bytes: the declaration is wrong, not a few stray bytes.
            let guess = detect(bytes, None);
            if guess != UTF_8 {
                warnings.push(format!(
                    "{origin} charset says UTF-8 but the bytes read as {}; decoded as such",
                    guess.name()
                ));
                return finish(guess, bytes, warnings);
            }
        }
        warnings.push(format!(
            "{origin} charset says UTF-8 but the bytes are not valid UTF-8; bad sequences replaced"
        ));
    }
    finish(enc, bytes, warnings)
}

fn finish<'a>(enc: &'static Encoding, bytes: &'a [u8], mut warnings: Vec<String>) -> Decoded<'a> {
    let (text, used, had_errors) = enc.decode(bytes);
    if had_errors && !warnings.iter().any(|w| w.contains("replaced")) {
        warnings.push(format!(
            "invalid {} byte sequences replaced with U+FFFD",
            used.name()
        ));
    }
    Decoded {
        text,
        encoding: used.name(),
        warnings,
    }
}

fn tld_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#', ':']).next()?;
    let tld = host.rsplit('.').next()?;
    (!tld.is_empty() && tld.len() < 10).then(|| tld.to_ascii_lowercase())
}

/// WHATWG-style prescan of the first 1024 bytes for `<meta charset=…>` or
/// `<meta http-equiv=Content-Type content="…; charset=…">`.
pub fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(2048)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut i = 0;
    while let Some(pos) = memchr::memmem::find(&lower[i..], b"<meta") {
        let start = i + pos + 5;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = memchr::memmem::find(tag, b"charset") {
            let mut rest = &tag[c + 7..];
            while let Some((&b, r)) = rest.split_first() {
                if b == b' ' || b == b'=' || b == b'"' || b == b'\'' {
                    rest = r;
                } else {
                    break;
                }
            }
            let label: Vec<u8> = rest
                .iter()
                .take_while(|&&b| b.is_ascii_alphanumeric() || b"-_:.".contains(&b))
                .copied()
                .collect();
            if !label.is_empty() {
                return Some(String::from_utf8_lossy(&label).into_owned());
            }
        }
        i = end.min(lower.len());
        if i >= lower.len() {
            break;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_forms() {
        assert_eq!(
            meta_charset(b"<html><head><meta charset=\"windows-1251\">").as_deref(),
            Some("windows-1251")
        );
        assert_eq!(
            meta_charset(
                b"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=ISO-8859-1\">"
            )
            .as_deref(),
            Some("iso-8859-1")
        );
        assert_eq!(meta_charset(b"<p>no meta</p>"), None);
    }

    #[test]
    fn legacy_declaration_on_utf8_bytes_is_overridden() {
        let html = "<meta charset=gbk><p>Café Ünïcödé</p>".as_bytes();
        let d = decode(html, None, true, None);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.contains("Café"));
        assert!(!d.warnings.is_empty());
    }

    #[test]
    fn detects_undeclared_cyrillic() {
        let text = "Президент России Владимир Путин встретился с президентом Турции в Сочи, \
                    где обсуждалась ситуация в Сирии и поставки систем ПВО.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        let d = decode(&bytes, None, false, None);
        assert_eq!(d.text, text);
    }

    #[test]
    fn wrong_utf8_declaration_on_legacy_bytes_is_detected() {
        let text = "Le président français a rencontré à Genève son homologue, qui a déclaré que l'accord était «très équilibré» et qu'il serait signé en été.";
        let (body, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let mut html = b"<meta charset=utf-8><p>".to_vec();
        html.extend_from_slice(&body);
        let d = decode(&html, None, true, None);
        assert!(d.text.contains("président"), "{}", d.text);
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn invalid_utf8_under_utf8_declaration_is_replaced_not_fatal() {
        let mut html = "<meta charset=utf-8><p>ok café résumé naïve "
            .as_bytes()
            .to_vec();
        html.extend_from_slice(b"\xff here</p>");
        let d = decode(&html, None, true, None);
        assert!(d.text.contains("ok"));
        assert!(d.text.contains('\u{FFFD}'));
        assert!(!d.warnings.is_empty());
    }
}
