//! A text far longer than an article is analysed window by window and joined: spans
//! point into the whole text, entity ids hold across windows, nothing is lost.

use newsgraph_analyse::{window::WINDOW, Analyser};
use std::collections::HashSet;

const ARTICLE: &str = "Turkish troops shelled Syrian army positions near Idlib on Tuesday.\n\n\
    \u{201c}We will answer every attack on our soldiers,\u{201d} Defence Minister Hulusi Akar said.\n\n\
    The United Nations called on both sides to stop the fighting and protect civilians.\n\n";

#[test]
fn a_long_text_is_analysed_in_windows_with_spans_into_the_whole_text() {
    let an = Analyser::new();
    let one = an.analyse(ARTICLE, Some("2020-02-04"));
    let copies = 3 * WINDOW / ARTICLE.len();
    let text = ARTICLE.repeat(copies);
    let a = an.analyse(&text, Some("2020-02-04"));
    // Every copy gives what one article gives.
    assert!(!one.events.is_empty() && !one.quotes.is_empty());
    assert_eq!(a.events.len(), one.events.len() * copies);
    assert_eq!(a.quotes.len(), one.quotes.len() * copies);
    assert_eq!(a.sentences.len(), one.sentences.len() * copies);
    // Spans are spans of the whole text.
    for q in &a.quotes {
        assert_eq!(&text[q.span[0]..q.span[1]], q.text);
    }
    for e in &a.events {
        let sentence = &text[e.sentence[0]..e.sentence[1]];
        assert!(sentence.contains(&e.trigger), "{sentence:?} {e:?}");
        for actor in [&e.source, &e.target].into_iter().flatten() {
            if let Some(s) = actor.span {
                assert_eq!(&text[s[0]..s[1]], actor.text);
            }
        }
    }
    // One entity per kind and name, ids unique, and every reference to an id resolves.
    let ids: HashSet<&str> = a.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), a.entities.len());
    assert_eq!(a.entities.len(), one.entities.len());
    let refs = a
        .quotes
        .iter()
        .filter_map(|q| q.speaker.as_deref())
        .chain(a.events.iter().filter_map(|e| e.place.as_deref()))
        .chain(
            a.events
                .iter()
                .flat_map(|e| [&e.source, &e.target])
                .flatten()
                .filter_map(|x| x.entity.as_deref()),
        );
    for r in refs {
        assert!(ids.contains(r), "{r}");
    }
    let akar = a
        .entities
        .iter()
        .find(|e| e.name.ends_with("Akar"))
        .expect("the minister");
    assert_eq!(akar.mentions.len(), copies);
    for m in &akar.mentions {
        assert!(text[m[0]..m[1]].ends_with("Akar"));
    }
}

#[test]
fn a_spent_time_budget_stops_the_analysis() {
    let an = Analyser::new();
    let text = ARTICLE.repeat(2 * WINDOW / ARTICLE.len());
    let past = std::time::Instant::now();
    assert!(an.analyse_until(&text, None, Some(past)).is_err());
    assert!(an.analyse_until(ARTICLE, None, Some(past)).is_err());
    assert!(an.analyse_until(ARTICLE, None, None).is_ok());
}
