//! Equipment: designations and named systems with the nouns after them, and common
//! noun phrases that name weapons, as entities with a class, never as actors.

use newsgraph_analyse::Analyser;
use newsgraph_model::{Analysis, EntityKind};

fn equipment(a: &Analysis) -> Vec<(String, String)> {
    a.entities
        .iter()
        .filter(|e| e.kind == EntityKind::Equipment)
        .map(|e| (e.name.clone(), e.role.clone().unwrap_or_default()))
        .collect()
}

#[test]
fn designations_take_the_noun_after_them() {
    let a = Analyser::new().analyse(
        "Russia delivered Su-35 fighter jets and a T-72 tank to Syria.",
        None,
    );
    let found = equipment(&a);
    assert!(
        found.contains(&("Su-35 fighter jets".into(), "aircraft".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("T-72 tank".into(), "vehicle".into())),
        "{found:?}"
    );
}

#[test]
fn a_named_system_is_one_entity_however_it_is_written() {
    let a = Analyser::new().analyse(
        "Turkey bought the S-400 missile system. The first S-400 batteries arrived on Friday.",
        None,
    );
    let s400: Vec<_> = a
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Equipment && e.name.starts_with("S-400"))
        .collect();
    assert_eq!(s400.len(), 1, "{s400:#?}");
    assert_eq!(s400[0].mentions.len(), 2);
}

#[test]
fn common_noun_phrases_name_equipment_with_their_owner() {
    let a = Analyser::new().analyse(
        "Rebels fired rocket-propelled grenades while Israeli helicopters circled overhead.",
        None,
    );
    let found = equipment(&a);
    assert!(
        found.contains(&("rocket-propelled grenades".into(), "munition".into())),
        "{found:?}"
    );
    let heli = a
        .entities
        .iter()
        .find(|e| e.name == "helicopters")
        .expect("helicopters");
    assert_eq!(heli.country.as_deref(), Some("ISR"));
}

#[test]
fn blocked_phrases_and_verbs_are_not_equipment() {
    let a = Analyser::new().analyse(
        "A think tank in London said the army planned to shell the town.",
        None,
    );
    assert!(equipment(&a).is_empty(), "{:?}", equipment(&a));
}

#[test]
fn equipment_entities_are_never_event_actors() {
    let a = Analyser::new().analyse(
        "The United States agreed to sell Patriot missile batteries to Poland. \
         Syrian S-400 systems shot down an Israeli drone.",
        None,
    );
    let ids: Vec<&str> = a
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Equipment)
        .map(|e| e.id.as_str())
        .collect();
    assert!(ids.len() >= 2, "{:?}", equipment(&a));
    let roles = a
        .events
        .iter()
        .flat_map(|e| e.source.iter().chain(e.target.iter()));
    for r in roles {
        assert!(
            r.entity.as_deref().is_none_or(|id| !ids.contains(&id)),
            "{r:#?}"
        );
    }
}
