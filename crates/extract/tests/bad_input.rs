//! Hostile and broken input: every case ends in a clear error or a best-effort
//! article, never a panic, a stack overflow or a hang.

use newsgraph_extract::{extract, extract_with, Error, InputHint, Options};
use std::time::{Duration, Instant};

const PARA: &str = "The minister said on Tuesday that the talks, which lasted for more than six hours, had produced an agreement on the main points of the plan.";

#[test]
fn empty_input_is_an_error() {
    assert_eq!(extract(b"", None), Err(Error::Empty));
    assert_eq!(extract(b"\n\n   \t", None), Err(Error::Empty));
}

#[test]
fn binary_junk_is_an_error() {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let junk: Vec<u8> = (0..100_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let err = extract(&junk, None).unwrap_err();
    assert!(matches!(err, Error::Binary(_)));
    assert!(err.to_string().contains("not HTML or text"));
}

#[test]
fn invalid_utf8_under_utf8_declaration_is_best_effort() {
    let mut html = b"<html><head><meta charset=\"utf-8\"></head><body><article>".to_vec();
    for _ in 0..5 {
        html.extend_from_slice(format!("<p>{PARA} Caf\u{e9} \u{2014} na\u{ef}ve.</p>").as_bytes());
    }
    html.extend_from_slice(b"<p>Broken \xc3\x28 bytes \xff here.</p></article></body></html>");
    let a = extract(&html, None).unwrap();
    assert!(a.text.contains("Café — naïve"));
    assert!(a.text.contains('\u{FFFD}'));
    assert!(
        a.warnings.iter().any(|w| w.contains("not valid UTF-8")),
        "{:?}",
        a.warnings
    );
}

#[test]
fn wrong_declared_charset_gives_no_mojibake() {
    // Declared windows-1252, stored as UTF-8 (a re-saved page).
    let body = "<p>Der Außenminister traf in München seinen Amtskollegen. Beide äußerten sich zufrieden über die Gespräche, die mehr als sechs Stunden dauerten.</p>".repeat(4);
    let html = format!("<html><head><meta charset=\"windows-1252\"></head><body><article>{body}</article></body></html>");
    let a = extract(html.as_bytes(), None).unwrap();
    assert!(
        a.text.contains("Außenminister traf in München"),
        "{}",
        a.text
    );
    assert_eq!(a.language.as_deref(), Some("de"));
    // Declared UTF-8, stored as windows-1251.
    let ru = "<p>Президент России встретился в Сочи с президентом Турции. Стороны обсудили ситуацию в Сирии и поставки систем противовоздушной обороны.</p>".repeat(4);
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&ru);
    let mut html = b"<html><head><meta charset=utf-8></head><body><article>".to_vec();
    html.extend_from_slice(&bytes);
    html.extend_from_slice(b"</article></body></html>");
    let a = extract(&html, None).unwrap();
    assert!(a.text.contains("Президент России"), "{}", a.text);
    assert_eq!(a.language.as_deref(), Some("ru"));
}

#[test]
fn transport_charset_wins_over_meta() {
    let text = "<p>Le président a déclaré à Genève que l'accord était très équilibré et serait signé cet été, après des mois de négociations.</p>".repeat(3);
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    let mut html = b"<html><head><meta charset=utf-8></head><body><article>".to_vec();
    html.extend_from_slice(&bytes);
    let a = extract_with(
        &html,
        &Options {
            charset: Some("iso-8859-1"),
            ..Options::default()
        },
    )
    .unwrap();
    assert!(a.text.contains("président a déclaré à Genève"));
}

#[test]
fn truncated_html_is_best_effort() {
    for html in [
        "<html><head><title>Cut off in the title".to_string(),
        format!("<html><body><div class=\"unclosed attribute><p>{PARA}</p>"),
        format!("<html><body><article><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><script>var x = 1;"),
        format!("<html><body><article><p>{PARA}<!-- a comment that never ends"),
    ] {
        let a = extract(html.as_bytes(), None).unwrap();
        assert!(a.article_confidence <= 1.0);
    }
    let a = extract(
        format!("<html><body><article><p>{PARA}</p><p>{PARA}</p><script>never closed").as_bytes(),
        None,
    )
    .unwrap();
    assert!(a.text.contains("The minister said"));
    assert!(a.warnings.iter().any(|w| w.contains("unclosed")));
}

#[test]
fn hundred_thousand_nested_elements() {
    let html = "<div>".repeat(100_000) + &format!("<p>{PARA}</p>") + &"</div>".repeat(100_000);
    let t = Instant::now();
    let a = extract(html.as_bytes(), None).unwrap();
    assert!(a.text.contains("The minister said"));
    assert!(a.warnings.iter().any(|w| w.contains("flattened")));
    assert!(
        t.elapsed() < Duration::from_secs(20),
        "took {:?}",
        t.elapsed()
    );
}

#[test]
fn fifty_megabyte_page() {
    let mut html = String::from("<html><head><title>Big</title></head><body>");
    let mut i = 0;
    while html.len() < 50 * 1024 * 1024 {
        html.push_str(&format!(
            "<div class=\"item\"><a href=\"/s/{i}\">Story {i}</a><p>{PARA}</p><script>var n{i} = {i};</script></div>"
        ));
        i += 1;
    }
    html.push_str("</body></html>");
    let t = Instant::now();
    let a = extract(html.as_bytes(), None).unwrap();
    assert!(!a.text.is_empty());
    assert!(
        t.elapsed() < Duration::from_secs(120),
        "took {:?}",
        t.elapsed()
    );
}

#[test]
fn page_without_an_article() {
    let mut html = String::from("<html><head><title>Front page</title><meta property=\"og:type\" content=\"website\"></head><body><nav>");
    for i in 0..60 {
        html.push_str(&format!("<a href=\"/section/{i}\">Section {i}</a> "));
    }
    html.push_str("</nav><main>");
    for i in 0..30 {
        html.push_str(&format!("<div class=\"teaser\"><h3><a href=\"/story/{i}\">Headline number {i} about events</a></h3></div>"));
    }
    html.push_str("</main></body></html>");
    let a = extract(html.as_bytes(), Some("https://news.example/")).unwrap();
    assert!(!a.is_article, "confidence {}", a.article_confidence);
    assert!(a.article_confidence < 0.5);
}

#[test]
fn text_forced_on_markup_keeps_it_as_text() {
    let a = extract_with(
        b"<p>not parsed</p>\n\nA second paragraph that is plain prose, long enough to count as text.",
        &Options {
            input: InputHint::Text,
            ..Options::default()
        },
    )
    .unwrap();
    assert!(a.text.contains("<p>not parsed</p>"));
}

#[test]
fn unbalanced_quotes_and_control_characters() {
    let html = format!("<html><body><article><p>\u{201c}{PARA}</p><p>{PARA}\u{0007}\u{0000}\"</p></article></body></html>");
    let a = extract(html.as_bytes(), None).unwrap();
    assert!(a.text.contains("The minister"));
}
