//! A page about sport, games or products codes no conflict events; an event with no
//! actor on either side is flagged.

use newsgraph_analyse::Analyser;

#[test]
fn a_match_report_yields_no_conflict_events() {
    let a = Analyser::new().analyse(
        "Spain beat Russia 2-1 in the Davis Cup semifinal on Saturday. Nadal scored \
         the decisive points as the home players fought back in the third set, and the \
         coach said his team would attack the final. Russia's striker scored in the first \
         match of the tournament, but the league leaders won 4-1 in front of a full stadium.",
        None,
    );
    assert_eq!(a.topic.as_deref(), Some("sports"));
    assert!(a.events.iter().all(|e| e.quad_class < 3), "{:#?}", a.events);
}

#[test]
fn a_war_report_keeps_its_conflict_events() {
    let a = Analyser::new().analyse(
        "Syrian troops attacked rebel positions near Idlib on Saturday, the army said. \
         Government forces shelled the town and killed twelve militants, the president's \
         office said.",
        None,
    );
    assert_eq!(a.topic, None);
    assert!(
        a.events.iter().any(|e| e.quad_class == 4),
        "{:#?}",
        a.events
    );
}

#[test]
fn events_without_actors_are_flagged() {
    let a = Analyser::new().analyse(
        "Syrian troops attacked rebel positions near Idlib. Fighting broke out overnight.",
        None,
    );
    for e in &a.events {
        assert_eq!(
            e.actorless,
            e.source.is_none() && e.target.is_none(),
            "{e:#?}"
        );
    }
}

#[test]
fn a_pronoun_subject_stands_for_the_actor_named_before_it() {
    let a = Analyser::new().analyse(
        "Kurdish rebels have fought for decades in the mountains. \
         On Monday they attacked a Turkish army convoy near the border.",
        None,
    );
    let attack = a
        .events
        .iter()
        .find(|e| e.target.as_ref().is_some_and(|t| t.actor == "TURMIL"))
        .unwrap_or_else(|| panic!("{:#?}", a.events));
    let source = attack.source.as_ref().expect("a source");
    assert_eq!(source.text, "they");
    assert!(source.actor.ends_with("REB"), "{source:#?}");
}

#[test]
fn a_described_speaker_is_an_entity_of_its_own() {
    let a = Analyser::new().analyse(
        "\"We will not accept this,\" a spokeswoman for the ministry said on Monday.\n\n\
         \"The strikes will continue,\" the spokeswoman added.",
        None,
    );
    let described: Vec<_> = a
        .entities
        .iter()
        .filter(|e| e.kind == newsgraph_model::EntityKind::Description)
        .collect();
    assert_eq!(described.len(), 1, "{:#?}", a.entities);
    assert_eq!(described[0].name, "a spokeswoman for the ministry");
    assert_eq!(described[0].mentions.len(), 2);
    assert!(a
        .quotes
        .iter()
        .all(|q| q.speaker.as_deref() == Some(described[0].id.as_str())));
}
