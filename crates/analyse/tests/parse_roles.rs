//! Speakers and event roles read from the parse, on sentences written for these tests.

use newsgraph_analyse::Analyser;
use newsgraph_model::{Analysis, MentionKind};

fn name_of<'a>(a: &'a Analysis, id: Option<&String>) -> Option<&'a str> {
    let id = id?;
    a.entities
        .iter()
        .find(|e| &e.id == id)
        .map(|e| e.name.as_str())
}

#[test]
fn a_pronoun_speaker_is_resolved_and_shown_as_a_pronoun() {
    let an = Analyser::new();
    let text = "Maria Lopez, the mayor of the town, spoke to residents on Monday.\n\n\
         \u{201c}Nothing here is lost and we will rebuild every house,\u{201d} she said.";
    let a = an.analyse(text, None);
    let q = a.quotes.first().expect("a quote");
    assert_eq!(
        name_of(&a, q.speaker.as_ref()),
        Some("Maria Lopez"),
        "{q:#?}"
    );
    let m = q
        .speaker_mention
        .as_ref()
        .expect("the words naming the speaker");
    assert_eq!((m.text.as_str(), m.kind), ("she", MentionKind::Pronoun));
    assert_eq!(&text[m.span[0]..m.span[1]], "she");
    // The pronoun is one of the person's references, marked as a pronoun.
    let maria = a
        .entities
        .iter()
        .find(|e| e.name == "Maria Lopez")
        .expect("the mayor");
    assert_eq!(maria.references.len(), 1, "{maria:#?}");
    assert_eq!(
        (maria.references[0].span, maria.references[0].kind),
        (m.span, MentionKind::Pronoun)
    );
}

#[test]
fn a_name_after_the_cue_verb_is_the_speaker() {
    let an = Analyser::new();
    let a = an.analyse(
        "\u{201c}The talks are over for now and nobody will sign,\u{201d} said Foreign Minister Ahmed Musa.",
        None,
    );
    let q = a.quotes.first().expect("a quote");
    let m = q
        .speaker_mention
        .as_ref()
        .expect("the words naming the speaker");
    assert_eq!(m.kind, MentionKind::Name, "{q:#?}");
    assert!(m.text.ends_with("Ahmed Musa"), "{m:?}");
    assert_eq!(name_of(&a, q.speaker.as_ref()), Some("Ahmed Musa"));
}

#[test]
fn a_description_is_a_speaker_mention() {
    let an = Analyser::new();
    let a = an.analyse(
        "\u{201c}We have no plans to close the border this year,\u{201d} a spokeswoman for the \
         ministry said.",
        None,
    );
    let q = a.quotes.first().expect("a quote");
    let m = q
        .speaker_mention
        .as_ref()
        .expect("the words naming the speaker");
    assert_eq!(m.kind, MentionKind::Description, "{q:#?}");
    assert_eq!(m.text, "a spokeswoman for the ministry");
}

#[test]
fn event_roles_come_from_the_clause_not_the_nearest_name() {
    let an = Analyser::new();
    // The object of a verb in a reported clause, past another country named in between.
    let text = "Officials in Ankara said on Tuesday that Syrian forces had shelled a Turkish observation post.";
    let a = an.analyse(text, Some("2024-03-05"));
    let ev = a
        .events
        .iter()
        .find(|e| e.cameo.starts_with("19"))
        .unwrap_or_else(|| panic!("{:#?}", a.events));
    let src = ev.source.as_ref().expect("a source");
    let tgt = ev.target.as_ref().expect("a target");
    assert!(src.actor.starts_with("SYR"), "{ev:#?}");
    assert!(tgt.actor.starts_with("TUR"), "{ev:#?}");
    // Roles are whole phrases with their spans.
    assert_eq!(tgt.text, "a Turkish observation post");
    let span = tgt.span.expect("a span");
    assert_eq!(&text[span[0]..span[1]], tgt.text);
}

#[test]
fn a_passive_agent_is_the_source() {
    let an = Analyser::new();
    let a = an.analyse(
        "A Turkish convoy was attacked by Syrian government forces near Idlib.",
        None,
    );
    let ev = a.events.first().unwrap_or_else(|| panic!("no event"));
    assert!(
        ev.source
            .as_ref()
            .is_some_and(|s| s.actor.starts_with("SYR")),
        "{ev:#?}"
    );
    assert!(
        ev.target
            .as_ref()
            .is_some_and(|t| t.actor.starts_with("TUR")),
        "{ev:#?}"
    );
}

#[test]
fn a_verb_pattern_on_a_noun_with_no_actor_is_no_event() {
    let an = Analyser::new();
    let a = an.analyse(
        "The new hatchback takes a fast charge in twenty minutes and the chocolate bars are sold out.",
        None,
    );
    assert!(
        a.events.iter().all(|e| !e.cameo.starts_with("17")),
        "{:#?}",
        a.events
    );
}

/// The target text of the first event whose trigger is `trigger`.
fn target_of(a: &Analysis, trigger: &str) -> Option<String> {
    let ev = a.events.iter().find(|e| e.trigger == trigger)?;
    ev.target.as_ref().map(|t| t.text.clone())
}

#[test]
fn the_party_a_thing_goes_to_is_the_target_not_the_thing() {
    let an = Analyser::new();
    let a = an.analyse(
        "The charity donated blankets and tents to families in the flooded valley.",
        None,
    );
    let t = target_of(&a, "donated").unwrap_or_default();
    assert!(t.starts_with("families"), "{:#?}", a.events);
    // After a thing, "with" names the means, not the target.
    let a = an.analyse(
        "The rebels attacked an army checkpoint with mortars on Sunday.",
        None,
    );
    let t = target_of(&a, "attacked").unwrap_or_default();
    assert!(t.contains("checkpoint"), "{:#?}", a.events);
}

#[test]
fn an_object_that_names_people_is_the_target_even_unknown_to_the_dictionaries() {
    let an = Analyser::new();
    let a = an.analyse(
        "Police in the capital detained several suspects after the riot at the stadium.",
        None,
    );
    let t = target_of(&a, "detained").unwrap_or_default();
    assert!(t.starts_with("several suspects"), "{:#?}", a.events);
}

#[test]
fn two_phrases_with_one_code_are_two_parties() {
    let an = Analyser::new();
    // One bare sector code (a bomber and soldiers are both military).
    let a = an.analyse(
        "A roadside bomber killed four soldiers near the bridge.",
        None,
    );
    let t = target_of(&a, "killed").unwrap_or_default();
    assert!(t.contains("soldiers"), "{:#?}", a.events);
    // A government's forces and its capital share a code; the parse tells them apart.
    let a = an.analyse(
        "Syrian government forces shelled the northern suburbs of Damascus on Tuesday.",
        None,
    );
    let t = target_of(&a, "shelled").unwrap_or_default();
    assert!(t.contains("suburbs"), "{:#?}", a.events);
}

#[test]
fn a_comment_aimed_at_someone_takes_its_target_from_the_parse() {
    let an = Analyser::new();
    // A comment (not a bare "said") is parsed like any other event: the party warned is
    // the object of the verb, past the time phrase that sits between them.
    let a = an.analyse(
        "The foreign minister of Chad on Friday warned the rebel leaders in the north against any new offensive.",
        None,
    );
    let ev = a
        .events
        .iter()
        .find(|e| e.cameo.starts_with("01"))
        .unwrap_or_else(|| panic!("{:#?}", a.events));
    let t = ev.target.as_ref().map(|t| t.text.as_str()).unwrap_or("");
    assert!(t.starts_with("the rebel leaders"), "{:#?}", a.events);
}
