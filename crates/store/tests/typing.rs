//! Search matches what people type: accents and case folded both ways, and `word*`
//! prefixes.

use newsgraph_model::{Analysis, Article, DupKind, Fingerprint};
use newsgraph_store::{NewDoc, SearchQuery, Store};

#[test]
fn accents_fold_both_ways_and_a_starred_word_is_a_prefix() {
    let dir = std::env::temp_dir().join(format!("ng-store-typing-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut store = Store::open(&dir).expect("a new store");
    store.begin().expect("a batch");
    for (i, (title, text)) in [
        (
            "Erdoğan in Sochi",
            "Recep Tayyip Erdoğan met Vladimir Putin on the Black Sea coast.",
        ),
        (
            "Erdogan and the border",
            "Erdogan said the border with Syria would stay closed.",
        ),
        (
            "Rain in Bordeaux",
            "Heavy rain fell on the vineyards around Bordeaux.",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let id = format!("{:016x}", i + 1);
        let article = Article {
            title: Some(title.into()),
            text: text.into(),
            ..Article::default()
        };
        store
            .add(&NewDoc {
                id: &id,
                source: "test",
                article: &article,
                analysis: &Analysis::default(),
                story: &id,
                dup: DupKind::New,
                fingerprint: Fingerprint {
                    exact: i as u64,
                    ..Fingerprint::default()
                },
                fallback_date: Some("2025-06-11"),
            })
            .expect("stored");
    }
    store.commit().expect("committed");
    drop(store);
    let store = Store::open_read_only(&dir).expect("readable");
    let total = |text: &str| {
        store
            .search(&SearchQuery {
                text: text.into(),
                ..SearchQuery::default()
            })
            .expect("a search")
            .total
    };
    assert_eq!(total("Erdogan"), 2);
    assert_eq!(total("erdoğan"), 2);
    assert_eq!(total("ERDOĞAN putin"), 1);
    // "bord*" begins "border" and "Bordeaux"; with another word, both must match.
    assert_eq!(total("bord*"), 2);
    assert_eq!(total("bord* syria"), 1);
    assert_eq!(total("erdo* bord*"), 1);
    // Inside quotes a star is no prefix; a lone star or one letter is not either.
    assert_eq!(total("\"bord*\""), 0);
    assert_eq!(total("b*"), 0);
    drop(store);
    std::fs::remove_dir_all(&dir).ok();
}
