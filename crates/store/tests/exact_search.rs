//! Totals, paging, filters and facets are exact over every match, well past a thousand
//! matching documents.

use newsgraph_model::{Analysis, Article, DupKind, Entity, EntityKind, Fingerprint, Geo};
use newsgraph_store::{NewDoc, SearchQuery, Store};

fn place(id: &str, name: &str, lat: f64, lon: f64) -> Entity {
    Entity {
        id: id.into(),
        name: name.into(),
        kind: EntityKind::Place,
        mentions: vec![[0, 1]],
        references: Vec::new(),
        role: None,
        country: None,
        affiliation: None,
        actor: None,
        geo: Some(Geo {
            geonames_id: None,
            lat,
            lon,
            country: String::new(),
            admin1: None,
        }),
    }
}

const STORIES: usize = 1_600;

/// Stories `0..STORIES`; every fourth has a second copy on another site. Story `i` is
/// about Nairobi when `i % 5 == 0`, else about Kampala; sites alternate.
fn build(dir: &std::path::Path) -> Store {
    let _ = std::fs::remove_dir_all(dir);
    let mut store = Store::open(dir).expect("a new store");
    store.begin().expect("a batch");
    for i in 0..STORIES {
        let (city, lat, lon) = if i % 5 == 0 {
            ("Nairobi", -1.286, 36.817)
        } else {
            ("Kampala", 0.347, 32.582)
        };
        let copies = if i % 4 == 0 { 2 } else { 1 };
        for c in 0..copies {
            let id = format!("{:016x}", i * 2 + c + 1);
            let story = format!("{:016x}", i * 2 + 1);
            let article = Article {
                title: Some(format!("Talks in {city}, round {i}")),
                text: format!("Delegates met for talks in {city} on day {i}."),
                site_name: Some(format!("site{}", (i + c) % 2)),
                ..Article::default()
            };
            let analysis = Analysis {
                entities: vec![place("e1", city, lat, lon)],
                ..Analysis::default()
            };
            store
                .add(&NewDoc {
                    id: &id,
                    source: "test",
                    article: &article,
                    analysis: &analysis,
                    story: &story,
                    dup: if c == 0 { DupKind::New } else { DupKind::Near },
                    fingerprint: Fingerprint {
                        exact: (i * 2 + c) as u64,
                        simhash: i as u64,
                        simhash2: 0,
                        words: 8,
                    },
                    fallback_date: Some("2025-06-11"),
                })
                .expect("stored");
        }
    }
    store.commit().expect("committed");
    store
}

#[test]
fn search_is_exact_past_a_thousand_matches() {
    let dir = std::env::temp_dir().join(format!("ng-store-exact-{}", std::process::id()));
    drop(build(&dir));
    let store = Store::open_read_only(&dir).expect("readable");
    let search = |q: SearchQuery| store.search(&q).expect("a search");
    let nairobi = STORIES.div_ceil(5);

    // Every story counted once, copies folded.
    let all = search(SearchQuery {
        text: "talks".into(),
        limit: 10,
        ..SearchQuery::default()
    });
    assert_eq!(all.total, STORIES);
    let folded: usize = search(SearchQuery {
        text: "talks".into(),
        limit: 200,
        ..SearchQuery::default()
    })
    .hits
    .iter()
    .map(|h| h.copies)
    .max()
    .unwrap_or(0);
    assert_eq!(folded, 2);
    // Facets count stories over all matches: one site facet value per story.
    let sites: usize = all.facets["site"].iter().map(|f| f.count).sum();
    assert_eq!(sites, STORIES);
    let place_count = |r: &newsgraph_store::SearchResults, v: &str| {
        r.facets["place"]
            .iter()
            .find(|f| f.value == v)
            .map_or(0, |f| f.count)
    };
    assert_eq!(place_count(&all, "Nairobi"), nairobi);
    assert_eq!(place_count(&all, "Kampala"), STORIES - nairobi);

    // Paging reaches the last story, and every story appears once.
    let mut seen = std::collections::HashSet::new();
    for page in 0..STORIES.div_ceil(200) {
        let r = search(SearchQuery {
            text: "talks".into(),
            offset: page * 200,
            limit: 200,
            ..SearchQuery::default()
        });
        for h in r.hits {
            assert!(seen.insert(h.story.clone()), "{} twice", h.story);
        }
    }
    assert_eq!(seen.len(), STORIES);

    // Filters with no words: a place (any case) and a circle.
    let by_place = search(SearchQuery {
        place: Some("nairobi".into()),
        ..SearchQuery::default()
    });
    assert_eq!(by_place.total, nairobi);
    let near = search(SearchQuery {
        near: Some((-1.3, 36.8, 50.0)),
        ..SearchQuery::default()
    });
    assert_eq!(near.total, nairobi);
    let far = search(SearchQuery {
        near: Some((48.85, 2.35, 50.0)),
        ..SearchQuery::default()
    });
    assert_eq!(far.total, 0);
    // A filter and words together, and a site.
    let site0 = search(SearchQuery {
        text: "kampala".into(),
        site: Some("site0".into()),
        ..SearchQuery::default()
    });
    let expected = (0..STORIES)
        .filter(|i| i % 5 != 0)
        .filter(|i| {
            // A story is in site0 when any copy is (copy c is on site (i + c) % 2).
            let copies = if i % 4 == 0 { 2 } else { 1 };
            (0..copies).any(|c| (i + c) % 2 == 0)
        })
        .count();
    assert_eq!(site0.total, expected);
    drop(store);
    std::fs::remove_dir_all(&dir).ok();
}
