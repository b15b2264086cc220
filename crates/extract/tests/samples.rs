//! The bundled sample pages (written for the project, under `samples/`) come out clean,
//! and the example report in `../shared/seed/` is cleaned of its scraper leftovers.

use newsgraph_extract::extract;
use newsgraph_model::{BlockKind, DateSource, InputKind};
use std::path::PathBuf;

fn sample(rel: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples")
        .join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn full_news_page_keeps_the_story_and_drops_the_chrome() {
    let a = extract(&sample("pages/ceasefire-talks.html"), None).unwrap();
    assert_eq!(
        a.title.as_deref(),
        Some("Ethiopia and Eritrea open ceasefire talks in Nairobi as border air strike casts shadow")
    );
    assert_eq!(a.authors, vec!["Jane Roe", "Omar Haddad"]);
    let p = a.published.as_ref().unwrap();
    assert_eq!(p.value, "2025-06-11T19:30:00+03:00");
    assert_eq!(p.source, DateSource::JsonLd);
    assert_eq!(
        a.modified.as_ref().unwrap().value,
        "2025-06-12T07:10:00+03:00"
    );
    assert_eq!(a.language.as_deref(), Some("en"));
    assert_eq!(a.site_name.as_deref(), Some("The Meridian Post"));
    assert!(a.is_article && a.article_confidence > 0.9);
    let paragraphs = a
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .count();
    assert!((16..=17).contains(&paragraphs), "{paragraphs} paragraphs");
    assert!(a
        .blocks
        .iter()
        .any(|b| b.kind == BlockKind::Heading && b.text == "Corridor deal offers a first step"));
    assert!(a.blocks.iter().any(|b| b.kind == BlockKind::Quote));
    assert!(a
        .text
        .starts_with("Ethiopian and Eritrean delegations sat down"));
    assert!(a
        .text
        .contains("\"Expect? No. Hope? Yes,\" he told reporters."));
    for furniture in [
        "cookie",
        "Advertisement",
        "Read more",
        "Related",
        "Most read",
        "Sign up",
        "newsletter",
        "©",
        "Share",
    ] {
        assert!(
            !a.text.contains(furniture),
            "{furniture:?} left in the body"
        );
    }
    assert!(!a.text.contains('\n') || a.text.contains("\n\n"));
}

#[test]
fn br_laid_out_page_with_site_prefixed_title() {
    let a = extract(&sample("pages/aid-pledge-summit.html"), None).unwrap();
    assert_eq!(
        a.title.as_deref(),
        Some("Donors pledge $1.4 billion for refugees as minister tours Nakivale settlement")
    );
    assert_eq!(a.authors, vec!["Grace Nalwoga"]);
    assert_eq!(a.published.as_ref().unwrap().value, "2025-06-14");
    assert!(a.text.starts_with("KAMPALA"));
    assert!(a.blocks.len() >= 12, "{} blocks", a.blocks.len());
    assert!(!a.text.contains("Responses to"));
    assert!(!a.text.to_lowercase().contains("poll"));
}

#[test]
fn home_and_video_pages_are_not_articles() {
    let home = extract(
        &sample("pages/home.html"),
        Some("https://meridianpost.example/"),
    )
    .unwrap();
    assert!(
        !home.is_article,
        "home page confidence {}",
        home.article_confidence
    );
    let video = extract(&sample("pages/video-clip.html"), None).unwrap();
    assert!(
        !video.is_article,
        "video page confidence {}",
        video.article_confidence
    );
}

#[test]
fn languages_and_legacy_charsets() {
    let de = extract(&sample("pages/grenzgespraech.html"), None).unwrap();
    assert_eq!(de.language.as_deref(), Some("de"));
    assert_eq!(de.blocks.len(), 9);
    assert!(de.text.contains("„"));
    let ru = extract(&sample("pages/moskva-vstrecha.html"), None).unwrap();
    assert_eq!(ru.encoding.as_deref(), Some("windows-1251"));
    assert_eq!(ru.language.as_deref(), Some("ru"));
    assert_eq!(
        ru.title.as_deref(),
        Some("В Москве прошли переговоры глав МИД России и Казахстана")
    );
    assert_eq!(ru.blocks.len(), 6);
}

#[test]
fn scraped_text_sample() {
    let a = extract(&sample("text/border-clash.txt"), None).unwrap();
    assert_eq!(a.input_kind, InputKind::Text);
    assert_eq!(
        a.title.as_deref(),
        Some("Thai and Cambodian troops trade artillery fire near disputed temple")
    );
    assert_eq!(a.blocks.len(), 12);
    assert!(!a.text.contains("Staff Reporter"));
    assert!(!a.text.contains("Read also"));
    assert!(!a.text.contains('\u{00A0}'));
}

/// The example report of `../shared/seed/` (present in the development checkout and CI).
#[test]
fn seed_report() {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seed/erdogan-putin-syria.txt");
    let Ok(bytes) = std::fs::read(&p) else {
        eprintln!("skipped: {} not present", p.display());
        return;
    };
    let a = extract(&bytes, None).unwrap();
    assert_eq!(
        a.title.as_deref(),
        Some("Turkey\u{2019}s Erdogan arrives in Russia for Syria talks with Putin")
    );
    assert_eq!(a.blocks.len(), 14);
    assert!(a.blocks[0]
        .text
        .starts_with("Turkish President Recep Tayyip Erdogan has arrived"));
    assert_eq!(
        a.blocks[13].text,
        "Turkey is expected to receive the second batch of S-400 on Tuesday."
    );
    assert!(!a.text.contains("News Editor"));
    assert!(!a.text.contains("also read"));
    assert!(!a.text.contains('\u{00A0}'));
    assert!(a.text.contains("counterpart Vladimir Putin"));
    assert_eq!(a.language.as_deref(), Some("en"));
}
