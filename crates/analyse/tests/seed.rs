//! The example report of `../shared/seed/` (present in the development checkout and CI):
//! the checklist a reader would tick for it.

use newsgraph_analyse::Analyser;
use newsgraph_model::{Analysis, Entity, EntityKind, Event};
use std::path::PathBuf;

fn seed() -> Option<(String, Analysis)> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seed/erdogan-putin-syria.txt");
    let bytes = std::fs::read(&p).ok()?;
    let article = newsgraph_extract::extract(&bytes, None).expect("the seed extracts");
    let analysis = Analyser::new().analyse(&article.text, Some("2019-08-27"));
    Some((article.text, analysis))
}

fn person<'a>(a: &'a Analysis, name: &str) -> &'a Entity {
    a.entities
        .iter()
        .find(|e| e.kind == EntityKind::Person && e.name.contains(name))
        .unwrap_or_else(|| panic!("no person {name} in {:#?}", a.entities))
}

fn event<'a>(a: &'a Analysis, root: &str, source: &str, target: &str) -> Option<&'a Event> {
    a.events.iter().find(|e| {
        e.cameo.starts_with(root)
            && e.source
                .as_ref()
                .is_some_and(|s| s.actor.starts_with(source))
            && e.target
                .as_ref()
                .is_some_and(|t| t.actor.starts_with(target))
    })
}

#[test]
fn seed_people_places_quotes_events() {
    let Some((text, a)) = seed() else {
        eprintln!("skipped: ../shared/seed not present");
        return;
    };
    let erdogan = person(&a, "Erdogan");
    assert_eq!(erdogan.name, "Recep Tayyip Erdogan");
    assert_eq!(erdogan.role.as_deref(), Some("president"));
    assert_eq!(erdogan.country.as_deref(), Some("TUR"));
    assert_eq!(erdogan.actor.as_deref(), Some("TURGOV"));
    assert!(
        erdogan.mentions.len() >= 6,
        "Erdogan's mentions merged: {:?}",
        erdogan.mentions
    );
    let putin = person(&a, "Putin");
    assert_eq!(putin.name, "Vladimir Putin");
    assert_eq!(putin.actor.as_deref(), Some("RUSGOV"));
    let assad = person(&a, "Assad");
    assert_eq!(assad.country.as_deref(), Some("SYR"));
    assert_eq!(assad.role.as_deref(), Some("president"));
    let vaessen = person(&a, "Vaessen");
    assert_eq!(vaessen.affiliation.as_deref(), Some("Al Jazeera"));

    for (place, country) in [("Idlib", "SYR"), ("Sochi", "RUS")] {
        let e = a
            .entities
            .iter()
            .find(|e| e.name == place)
            .unwrap_or_else(|| panic!("{place}"));
        let geo = e
            .geo
            .as_ref()
            .unwrap_or_else(|| panic!("{place} not geocoded"));
        assert_eq!(geo.country, country);
    }
    assert!(a
        .entities
        .iter()
        .any(|e| e.kind == EntityKind::Equipment && e.name.starts_with("S-400")));

    let direct: Vec<_> = a.quotes.iter().filter(|q| q.direct).collect();
    assert_eq!(direct.len(), 3, "{direct:#?}");
    assert!(
        direct
            .iter()
            .all(|q| q.speaker.as_deref() == Some(vaessen.id.as_str())),
        "{direct:#?}"
    );
    assert!(direct.iter().any(|q| q.cue.as_deref() == Some("added")));

    let visit = event(&a, "04", "TUR", "RUS").expect("Turkey's president visits Russia");
    assert!(text[visit.sentence[0]..visit.sentence[1]].contains("arrived in Russia"));
    assert!(
        event(&a, "19", "SYR", "TUR").is_some(),
        "the Syrian air strike on the Turkish convoy: {:#?}",
        a.events
    );
    assert!(
        event(&a, "13", "USA", "TUR").is_some(),
        "US threat of sanctions: {:#?}",
        a.events
    );
    assert!(
        event(&a, "0", "TUR", "SYRREB").is_some(),
        "Turkey backs the rebels: {:#?}",
        a.events
    );
}

#[test]
fn bad_input_is_survived() {
    let an = Analyser::new();
    let empty = an.analyse("", None);
    assert!(empty.sentences.is_empty() && empty.events.is_empty());
    let a = an.analyse("   \n\n  ", Some("not a date"));
    assert!(a.events.is_empty());
    // Unbalanced quote marks.
    let a = an.analyse(
        "“The talks failed, the minister said. He left. \"Nothing more",
        Some("2024-01-01"),
    );
    assert!(a.quotes.iter().all(|q| q.span[0] <= q.span[1]));
    // Another language: dictionary entities only, no English verb patterns.
    let a = an.analyse("Der Außenminister traf in Berlin seinen Amtskollegen aus Frankreich. Beide Länder unterzeichneten ein Abkommen über die Zusammenarbeit.", None);
    assert!(a.events.is_empty());
    assert!(a
        .entities
        .iter()
        .all(|e| e.name != "Der" && e.name != "Beide"));
    // A 5 MB "sentence" with no full stop: bounded pieces, linear time.
    let long = "Turkish troops shelled Syrian army positions near Idlib and ".repeat(90_000);
    let t = std::time::Instant::now();
    let a = an.analyse(&long, Some("2024-01-01"));
    assert!(a.sentences.len() > 1_000);
    assert!(
        t.elapsed() < std::time::Duration::from_secs(120),
        "{:?}",
        t.elapsed()
    );
    // Thousands of quotes, each "she said" after a country spoke: speaker lookups
    // stay near linear (this took seconds when each scanned every quote).
    let many = (0..3000)
        .map(|i| {
            format!(
                "Sweden said it was ready. \"Talks with Anna Lind on item {i} go on,\" she said."
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    let t = std::time::Instant::now();
    let a = an.analyse(&many, None);
    assert_eq!(a.quotes.iter().filter(|q| q.direct).count(), 3000);
    assert!(
        t.elapsed() < std::time::Duration::from_secs(60),
        "{:?}",
        t.elapsed()
    );
}

#[test]
fn ambiguous_place_names_follow_the_article() {
    let an = Analyser::new();
    let geo = |text: &str, name: &str| {
        let a = an.analyse(text, None);
        let e = a
            .entities
            .into_iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("{name}"));
        (e.kind, e.geo.map(|g| g.country))
    };
    assert_eq!(
        geo(
            "Protesters gathered in Atlanta, Georgia, on Monday as the governor met lawmakers.",
            "Georgia"
        ),
        (EntityKind::Place, Some("USA".to_string()))
    );
    assert_eq!(
        geo("Georgia and Russia fought a war in 2008; the Georgian government in Tbilisi accused Moscow.", "Georgia"),
        (EntityKind::Country, Some("GEO".to_string()))
    );
    assert_eq!(
        geo("The storm hit Dallas and then Paris, a small town in northeast Texas, the United States weather service said.", "Paris").1,
        Some("USA".to_string())
    );
    assert_eq!(
        geo(
            "French police in Paris arrested two men, the interior ministry in France said.",
            "Paris"
        )
        .1,
        Some("FRA".to_string())
    );
}

#[test]
fn ordinary_words_opening_a_sentence_are_not_places() {
    let an = Analyser::new();
    let a = an.analyse(
        "Hours before the delegations arrived, shelling resumed. Satellite images showed \
         craters near the town. Sochi was quiet. Officials flew to Hours later.",
        None,
    );
    let names: Vec<&str> = a.entities.iter().map(|e| e.name.as_str()).collect();
    assert!(!names.contains(&"Satellite"), "{names:?}");
    // The same word inside a sentence still reads as a name; at the start only a
    // place the gazetteer knows is kept.
    assert!(names.contains(&"Sochi"), "{names:?}");
    let hours: Vec<_> = a.entities.iter().filter(|e| e.name == "Hours").collect();
    assert!(hours.iter().all(|e| e.mentions.len() == 1), "{hours:?}");
}

#[test]
fn she_said_goes_to_the_person_the_paragraph_introduced() {
    let an = Analyser::new();
    let text = "Thailand's army said Cambodian forces had fired first.\n\n\
        Our correspondent Helen Marsh, who reached the border in the afternoon, described a \
        tense scene. \"The shelling stopped around midday,\" she said.\n\n\
        \"Many of the people I spoke to remember the fighting of 2011,\" she added.";
    let a = an.analyse(text, None);
    let marsh = person(&a, "Helen Marsh");
    let direct: Vec<_> = a.quotes.iter().filter(|q| q.direct).collect();
    assert_eq!(direct.len(), 2, "{direct:#?}");
    assert!(
        direct
            .iter()
            .all(|q| q.speaker.as_deref() == Some(marsh.id.as_str())),
        "{direct:#?}"
    );
}

#[test]
fn an_event_happens_where_the_sentence_puts_it_not_where_things_come_from() {
    let an = Analyser::new();
    let place_of = |text: &str| {
        let a = an.analyse(text, Some("2025-06-11"));
        let ev = a
            .events
            .first()
            .unwrap_or_else(|| panic!("no event in {text}"));
        let id = ev
            .place
            .clone()
            .unwrap_or_else(|| panic!("no place in {text}"));
        a.entities.into_iter().find(|e| e.id == id).unwrap().name
    };
    assert_eq!(
        place_of(
            "Thousands of Polish farmers drove tractors into central Warsaw on Wednesday to \
             protest against imports of cheap grain from Ukraine."
        ),
        "Warsaw"
    );
    assert_eq!(
        place_of("Turkish troops shelled Kurdish positions in northern Syria on Tuesday."),
        "Syria"
    );
}

#[test]
fn unknown_multiword_names_read_as_places_by_their_context() {
    let an = Analyser::new();
    let a = an.analyse(
        "Rockets hit a farming village in Phanom Dong Rak district shortly after dawn. \
         Troops pushed into Oddar Meanchey province overnight. Our correspondent Helen \
         Marsh, who reached Phanom Dong Rak in the afternoon, described the scene. \
         Much of the damage was to homes. In John Smith's words, the night was long.",
        None,
    );
    let kind = |name: &str| {
        a.entities
            .iter()
            .filter(|e| e.name == name)
            .map(|e| (e.kind, e.mentions.len()))
            .collect::<Vec<_>>()
    };
    // Both mentions of the district are one place, the second without a clue of its own.
    assert_eq!(kind("Phanom Dong Rak"), vec![(EntityKind::Place, 2)]);
    assert_eq!(kind("Oddar Meanchey"), vec![(EntityKind::Place, 1)]);
    assert_eq!(kind("Helen Marsh"), vec![(EntityKind::Person, 1)]);
    // "In John Smith's words": a possessive is a person's.
    assert_eq!(kind("John Smith"), vec![(EntityKind::Person, 1)]);
    // A small German town called Much is not what "Much of the damage" means.
    assert!(kind("Much").is_empty(), "{:?}", kind("Much"));
}

#[test]
fn quoted_words_inside_reported_speech_are_the_reporters_subjects() {
    let an = Analyser::new();
    let text = "Thailand's army said Cambodian forces had fired first.\n\n\
        Its spokeswoman, Sok Chanthy, told a news conference that Cambodian soldiers \
        \"acted only to defend our sovereign land\".";
    let a = an.analyse(text, None);
    let sok = person(&a, "Sok Chanthy");
    let q = a
        .quotes
        .iter()
        .find(|q| q.text.contains("sovereign land"))
        .expect("the quoted words");
    assert_eq!(q.speaker.as_deref(), Some(sok.id.as_str()), "{q:#?}");
}

#[test]
fn the_rest_of_an_offices_name_is_not_a_person() {
    let an = Analyser::new();
    let a = an.analyse(
        "Hours before the delegations arrived, Eritrea's Ministry of Information said two \
         jets had bombed a fuel depot.",
        None,
    );
    assert!(
        a.entities.iter().all(|e| e.name != "Information"),
        "{:?}",
        a.entities
    );
    let q = a.quotes.first().expect("the reported claim");
    let speaker = a
        .entities
        .iter()
        .find(|e| Some(&e.id) == q.speaker.as_ref());
    assert_eq!(speaker.map(|e| e.name.as_str()), Some("Eritrea"));
}
