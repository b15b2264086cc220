//! What is a place: the gazetteer, a place phrase ("in X", "X province") or a place noun
//! heading the name says so; unsure names are `unknown` and never geocoded.

use newsgraph_analyse::Analyser;
use newsgraph_model::{Analysis, EntityKind};

fn kind_of(a: &Analysis, name: &str) -> Option<EntityKind> {
    a.entities.iter().find(|e| e.name == name).map(|e| e.kind)
}

#[test]
fn names_called_after_places_are_not_places() {
    let a = Analyser::new().analyse(
        "The Oklahoma City Thunder beat the Kansas City Star's prediction. \
         The Southern District ruled on Monday.",
        None,
    );
    for name in ["Oklahoma City Thunder", "Southern District"] {
        assert_ne!(
            kind_of(&a, name),
            Some(EntityKind::Place),
            "{name}: {:#?}",
            a.entities
        );
    }
}

#[test]
fn a_preposition_alone_does_not_make_an_unknown_name_a_place() {
    let a = Analyser::new().analyse(
        "She spent ten years in Twitter's policy team before moving to Zorblaxia.",
        None,
    );
    for e in &a.entities {
        assert!(e.kind != EntityKind::Place || e.geo.is_some(), "{e:#?}");
    }
}

#[test]
fn areas_and_designated_names_are_geocoded() {
    let a = Analyser::new().analyse(
        "Gunmen attacked a village in Osun State. Floods hit Punjab and parts of Europe.",
        Some("2020-01-01"),
    );
    let geo = |name: &str| {
        a.entities
            .iter()
            .find(|e| e.name == name && e.kind == EntityKind::Place)
            .and_then(|e| e.geo.clone())
            .unwrap_or_else(|| panic!("{name} not a geocoded place: {:#?}", a.entities))
    };
    assert_eq!(geo("Osun State").country, "NGA");
    assert!(["IND", "PAK"].contains(&geo("Punjab").country.as_str()));
    assert_eq!(geo("Europe").geonames_id, Some(6255148));
}

#[test]
fn a_common_word_opening_a_sentence_is_not_a_town() {
    let a = Analyser::new().analyse(
        "Turn the stove up and boil the jars. Human error was blamed.",
        None,
    );
    assert!(
        a.entities.iter().all(|e| e.kind != EntityKind::Place),
        "{:#?}",
        a.entities
    );
}

#[test]
fn an_institution_in_a_town_is_an_organisation() {
    let a = Analyser::new().analyse(
        "Police in Lagos arrested twelve protesters on Monday. \
         Children in Zaria were sent home.",
        None,
    );
    let body = a
        .entities
        .iter()
        .find(|e| e.name == "Police in Lagos")
        .unwrap_or_else(|| panic!("{:#?}", a.entities));
    assert_eq!(body.kind, EntityKind::Organisation);
    assert!(body.actor.as_deref().is_some_and(|c| c.ends_with("COP")));
    assert!(a.entities.iter().all(|e| e.name != "Children in Zaria"));
    let arrest = a
        .events
        .iter()
        .find(|e| e.cameo.starts_with("17"))
        .expect("an arrest");
    assert_eq!(
        arrest.source.as_ref().and_then(|s| s.entity.as_deref()),
        Some(body.id.as_str())
    );
}
