//! Named entities and the actors they make: dictionary matches (countries, demonyms,
//! capitals, seats of power, organisations, leaders, sector words), person names from
//! capitalised word runs, titles and appositions, equipment by model designations.

use crate::grammar::Grammar;
use crate::lexicon::{Entry, Lexicon};
use crate::text::Token;
use newsgraph_model::{Entity, EntityKind, Span};
use std::collections::HashMap;

/// One matched phrase in the text.
#[derive(Debug, Clone)]
pub struct Mention {
    /// First token index.
    pub start: usize,
    /// One past the last token index.
    pub end: usize,
    /// What it is.
    pub what: What,
}

/// What a mention names.
#[derive(Debug, Clone, PartialEq)]
pub enum What {
    /// A dictionary entry.
    Dict(Entry),
    /// A person name not in the dictionary (its words).
    Person(String),
    /// A capitalised name that is not a person (organisation or place), with a guess.
    Name(String, EntityKind),
    /// Equipment ("S-400", "Su-35 fighter jets", "ballistic missiles").
    Equipment {
        /// The words as written.
        name: String,
        /// Its class ("missile", "aircraft").
        class: String,
        /// Merge key: lower case, head noun singular.
        key: String,
    },
}

/// An actor phrase: a run of mentions that together name one actor
/// ("Turkish President Recep Tayyip Erdogan", "Syrian forces", "the Kremlin").
#[derive(Debug, Clone)]
pub struct ActorUnit {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// CAMEO actor code ("TURGOV"); may be a bare role ("REB") when no country is known.
    pub code: String,
    /// Index into the entity list of the named entity heading the phrase.
    pub entity: Option<usize>,
    /// The unit is a location phrase ("in Ankara"), not an actor.
    pub locative: bool,
    /// The unit names where something happens ("in central Warsaw"), for event places.
    pub in_place: bool,
    /// The location is where something comes from ("grain from Ukraine").
    pub origin: bool,
}

/// What the gazetteer knows of a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known {
    /// Nothing.
    No,
    /// A small town or an area ("Punjab", "Europe"): a place when the text says so.
    Named,
    /// A town big enough that its name alone is rarely anything else.
    Town,
}

/// Finds dictionary entries, person names and equipment in one sentence's tokens.
/// With `names` false (text not in English) only dictionary entries are matched:
/// capitalised runs would catch every German noun.
pub fn find_mentions(
    lex: &Lexicon,
    text: &str,
    toks: &[Token],
    names: bool,
    gazetteer: &dyn Fn(&str) -> Known,
) -> Vec<Mention> {
    let known_place = |name: &str| gazetteer(name) == Known::Town;
    let g = &lex.grammar;
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !toks[i].word {
            i += 1;
            continue;
        }
        // Longest dictionary phrase starting here.
        let mut found = None;
        let max = lex
            .phrase_starts
            .get(toks[i].lower.as_str())
            .map_or(0, |&m| m.min(toks.len() - i));
        // The key for every length at once: "w1 w2 w3", with where each length ends.
        let mut key = String::new();
        let mut ends = Vec::with_capacity(max);
        for t in &toks[i..i + max] {
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(&t.lower);
            ends.push(key.len());
        }
        for len in (1..=max).rev() {
            if let Some(entries) = lex.phrases.get(&key[..ends[len - 1]]) {
                let surface = &text[toks[i].start..toks[i + len - 1].end];
                if let Some(e) = pick_entry(entries, surface, &toks[i..i + len]) {
                    found = Some((len, e));
                    break;
                }
            }
        }
        if let Some((len, e)) = found {
            out.push(Mention {
                start: i,
                end: i + len,
                what: What::Dict(e),
            });
            i += len;
            continue;
        }
        // A designation or named system ("S-400", "Storm Shadow") is not a person's or
        // place's name; equipment named by common nouns is found by `equipment`.
        if let Some(m) = equipment_at(g, toks, i).filter(|m| m.named) {
            let name = text[toks[i].start..toks[i + m.len - 1].end].to_string();
            out.push(Mention {
                start: i,
                end: i + m.len,
                what: What::Equipment {
                    name,
                    class: m.class,
                    key: m.key,
                },
            });
            i += m.len;
            continue;
        }
        // A run of capitalised words (with name particles) is a name.
        if names
            && toks[i].cap
            && !g.stop_caps.contains(&toks[i].lower)
            && !crate::when::is_calendar_word(&toks[i].lower)
        {
            let mut j = i + 1;
            // "Russian-backed", "Kurdish-led": a modifier, not a name.
            if toks[i].lower.contains('-')
                && toks[i]
                    .lower
                    .split('-')
                    .next()
                    .is_some_and(|a| lex.phrases.contains_key(a))
            {
                i += 1;
                continue;
            }
            let particle = |t: &Token| {
                matches!(
                    t.lower.as_str(),
                    "al" | "bin" | "ibn" | "de" | "van" | "von" | "der" | "la" | "el" | "da" | "di"
                ) || (t.lower.starts_with("al-") || t.lower.starts_with("el-"))
                    && text[t.start..t.end]
                        .chars()
                        .nth(3)
                        .is_some_and(char::is_uppercase)
            };
            loop {
                while j < toks.len()
                    && toks[j].word
                    && (toks[j].cap || particle(&toks[j]))
                    && !lex.phrases.contains_key(&toks[j].lower)
                {
                    j += 1;
                }
                // "Ministry of Information", "Bank for International Settlements": an
                // organisation word, then "of" or "for" and a capitalised word.
                let org_so_far = toks[i..j].iter().any(|t| g.org_words.contains(&t.lower));
                if org_so_far
                    && j + 1 < toks.len()
                    && matches!(toks[j].lower.as_str(), "of" | "for")
                    && toks[j + 1].word
                    && toks[j + 1].cap
                {
                    j += 2;
                    continue;
                }
                break;
            }
            // Drop trailing particles (but keep "al-Assad").
            while j > i + 1 && !toks[j - 1].cap && !toks[j - 1].lower.contains('-') {
                j -= 1;
            }
            let name = text[toks[i].start..toks[j - 1].end].to_string();
            let words: Vec<&str> = toks[i..j].iter().map(|t| t.lower.as_str()).collect();
            // "Oddar Meanchey province", "Ta Muen Thom temple".
            let place_noun_after = toks
                .get(j)
                .is_some_and(|t| !t.cap && g.place_words.contains(&t.lower));
            let is_agent = |w: &str| lex.is_agent_word(w);
            let place_word = |w: &&str| g.place_words.contains(w);
            let generic = |w: &&str| g.place_words.contains(w) || g.region_words.contains(w);
            // A place noun heads the name ("Osun State", "Gulf of Aden"); one inside it
            // names something called after a place ("Oklahoma City Thunder", "Kansas
            // City Star"); place nouns alone are no name ("Southern District").
            let headed_by_place_word = words.last().is_some_and(place_word)
                || words.windows(2).any(|w| place_word(&w[0]) && w[1] == "of");
            let kind = if words.iter().any(|w| g.org_words.contains(w)) {
                EntityKind::Organisation
            } else if words.iter().any(place_word) {
                if headed_by_place_word && !words.iter().all(generic) {
                    EntityKind::Place
                } else {
                    EntityKind::Unknown
                }
            } else if j - i >= 2 && j - i <= 4 {
                // Two to four capitalised words name a person, unless they read as a
                // place: a place noun right after or a preposition of place right
                // before ("in Phanom Dong Rak"), with no possessive after ("in John
                // Smith's words").
                let possessive = text[toks[j - 1].end..].starts_with("'s")
                    || text[toks[j - 1].end..].starts_with("\u{2019}s");
                let place_preposition_before =
                    i > 0 && g.place_prepositions.contains(&toks[i - 1].lower);
                if place_noun_after || (place_preposition_before && !possessive) {
                    // "in Phanom Dong Rak" is a place if the gazetteer or a place noun
                    // says so; "in Red Dead Redemption" is unsure.
                    if place_noun_after || gazetteer(&name) != Known::No {
                        EntityKind::Place
                    } else {
                        EntityKind::Unknown
                    }
                } else {
                    EntityKind::Person
                }
            } else {
                // A single capitalised word: a person after a title ("President
                // Putin") or before a speech verb; a place after a preposition of
                // place, before a place noun, or when the gazetteer knows a town of
                // some size by that name; else unknown (a known surname is recognised
                // when the entities are built).
                let prev = i.checked_sub(1).map(|p| toks[p].lower.as_str());
                let after_title =
                    prev.is_some_and(|p| is_agent(p) || matches!(p, "mr" | "mrs" | "ms" | "dr"));
                let before_speech = toks.get(j).is_some_and(|t| g.speech.cue.contains(&t.lower));
                let place_preposition_before =
                    prev.is_some_and(|p| g.place_prepositions.contains(p));
                if after_title || before_speech {
                    EntityKind::Person
                } else if place_noun_after
                    || (known_place(&name) && prev != Some("the"))
                    || (place_preposition_before && gazetteer(&name) != Known::No)
                {
                    // After "in" the gazetteer must know the name: "in Twitter" is no place.
                    EntityKind::Place
                } else {
                    EntityKind::Unknown
                }
            };
            let sentence_initial_single = i == 0 && j - i == 1;
            // A lone capitalised word opening a sentence is most often an ordinary word
            // ("Hours before…", "Satellite images…"): a place only if a place noun
            // follows or the gazetteer knows a town of some size by that name.
            let unknown_opening_place = sentence_initial_single
                && matches!(kind, EntityKind::Place | EntityKind::Unknown)
                && !words.iter().any(|w| g.place_words.contains(w))
                && !place_noun_after
                && !known_place(&name);
            // "the Ministry of Information said": the rest of an office's name, not a
            // person (the office itself is read from the dictionary).
            let office_of = kind == EntityKind::Person
                && i >= 2
                && toks[i - 1].lower == "of"
                && toks[i - 2].cap
                && is_agent(&toks[i - 2].lower);
            if (!sentence_initial_single || kind != EntityKind::Person)
                && !unknown_opening_place
                && !office_of
            {
                out.push(Mention {
                    start: i,
                    end: j,
                    what: if kind == EntityKind::Person {
                        What::Person(name)
                    } else {
                        What::Name(name, kind)
                    },
                });
            }
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

/// Chooses among entries for a phrase; short all-caps aliases must be written in
/// capitals ("US", not "us"), names must be capitalised, agents may be lower case.
fn pick_entry(entries: &[Entry], surface: &str, toks: &[Token]) -> Option<Entry> {
    let all_caps = surface
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    let letters = surface.chars().filter(|c| c.is_alphabetic()).count();
    let capitalised = toks[0].cap;
    let mut best = None;
    for &e in entries {
        let ok = match e {
            Entry::Agent(_) => true,
            _ => capitalised && (letters > 3 || all_caps || surface.contains('.')),
        };
        if ok {
            // Prefer names over agents for the same words ("Congress" the seat).
            if best.is_none() || matches!(best, Some(Entry::Agent(_))) {
                best = Some(e);
            }
        }
    }
    best
}

/// Equipment found at one token.
struct EquipmentMatch {
    /// Tokens it covers.
    len: usize,
    /// Its class ("missile", "vehicle").
    class: String,
    /// Merge key: lower case, the head noun singular.
    key: String,
    /// It starts with a designation or a named system.
    named: bool,
}

/// The longest entry of `map` starting at token `i`, as (length in tokens, value).
fn longest_phrase<'m>(
    map: &'m HashMap<String, String>,
    toks: &[Token],
    i: usize,
    longest: usize,
) -> Option<(usize, &'m str)> {
    let mut key = String::new();
    let mut best = None;
    for (n, t) in toks[i..].iter().take(longest).enumerate() {
        if !t.word {
            break;
        }
        if n > 0 {
            key.push(' ');
        }
        key.push_str(&t.lower);
        if let Some(v) = map.get(&key) {
            best = Some((n + 1, v.as_str()));
        }
    }
    best
}

/// Equipment starting at token `i`: a model designation ("S-400", "Su-35") or a named
/// system ("Storm Shadow"), then any equipment modifiers and noun ("Su-35 fighter
/// jets"); or modifiers and an equipment noun alone ("ballistic missiles",
/// "rocket-propelled grenades"). A phrase the noun table marks "-" ("think tank") is
/// not equipment.
fn equipment_at(g: &Grammar, toks: &[Token], i: usize) -> Option<EquipmentMatch> {
    let e = &g.equipment;
    let t = &toks[i];
    let w = &t.lower;
    let designation = t.cap
        && w.contains('-')
        && w.split('-')
            .next()
            .is_some_and(|a| !a.is_empty() && a.len() <= 4 && a.chars().all(char::is_alphabetic))
        && w.rsplit('-')
            .next()
            .is_some_and(|b| b.chars().next().is_some_and(|c| c.is_ascii_digit()));
    let (mut end, mut class) = if designation {
        (i + 1, Some("system"))
    } else if t.cap {
        match longest_phrase(&e.names, toks, i, e.longest) {
            Some((n, c)) => (i + n, Some(c)),
            None => (i, None),
        }
    } else {
        (i, None)
    };
    let named = class.is_some();
    // "to bomb", "to shell": a verb, not equipment.
    if !named && i > 0 && toks[i - 1].lower == "to" {
        return None;
    }
    // "suicide bomber", "think tank": a phrase the noun table blocks.
    if !named && longest_phrase(&e.nouns, toks, i, e.longest).is_some_and(|(_, c)| c == "-") {
        return None;
    }
    let mut k = end;
    while k < toks.len() && toks[k].word && e.modifiers.contains(&toks[k].lower) {
        k += 1;
    }
    let mut key = toks[i..end]
        .iter()
        .map(|t| t.lower.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    if k < toks.len() {
        if let Some((n, c)) = longest_phrase(&e.nouns, toks, k, e.longest) {
            if c == "-" {
                return class.map(|c| EquipmentMatch {
                    len: end - i,
                    class: c.to_string(),
                    key,
                    named,
                });
            }
            let phrase: Vec<&str> = toks[i..k + n].iter().map(|t| t.lower.as_str()).collect();
            // A named system is one thing whatever noun follows ("S-400", "S-400
            // missile system"); else the phrase with its head singular.
            if !named {
                let head = phrase.last().copied().unwrap_or_default();
                let singular = e.singular.get(head).map_or(head, String::as_str);
                key = phrase[..phrase.len() - 1]
                    .iter()
                    .copied()
                    .chain([singular])
                    .collect::<Vec<_>>()
                    .join(" ");
            }
            end = k + n;
            // A named system keeps its own class ("Patriot missile batteries").
            class = class.filter(|&c| c != "system").or(Some(c));
        }
    }
    let class = class?;
    Some(EquipmentMatch {
        len: end - i,
        class: class.to_string(),
        key,
        named,
    })
}

/// Builds the article's entities from all sentences' mentions, merging repeats:
/// the same dictionary entry, the same name, or a surname of a person already seen.
pub struct EntityBuilder<'a> {
    lex: &'a Lexicon,
    /// Entities so far.
    pub entities: Vec<Entity>,
    by_key: HashMap<String, usize>,
    /// Surname → person entity.
    surnames: HashMap<String, usize>,
    date: Option<&'a str>,
}

impl<'a> EntityBuilder<'a> {
    /// A builder; `date` (ISO) selects which office a leader held.
    pub fn new(lex: &'a Lexicon, date: Option<&'a str>) -> Self {
        EntityBuilder {
            lex,
            entities: Vec::new(),
            by_key: HashMap::new(),
            surnames: HashMap::new(),
            date,
        }
    }

    fn add(&mut self, key: String, make: impl FnOnce() -> Entity, span: Span) -> usize {
        let idx = match self.by_key.get(&key) {
            Some(&i) => i,
            None => {
                let mut e = make();
                e.id = format!("e{}", self.entities.len() + 1);
                self.entities.push(e);
                self.by_key.insert(key, self.entities.len() - 1);
                self.entities.len() - 1
            }
        };
        if !self.entities[idx].mentions.contains(&span) {
            self.entities[idx].mentions.push(span);
        }
        idx
    }

    /// Adds a mention of a piece of equipment; `country` is the one it belongs to.
    fn equipment_entity(
        &mut self,
        name: &str,
        class: &str,
        key: &str,
        country: Option<&String>,
        span: Span,
    ) -> usize {
        let idx = self.add(
            format!("equipment:{key}"),
            || Entity {
                role: Some(class.to_string()),
                ..entity(name, EntityKind::Equipment)
            },
            span,
        );
        if let Some(c) = country {
            self.entities[idx].country.get_or_insert(c.clone());
        }
        idx
    }

    /// Equipment named by common nouns in one sentence ("ballistic missiles", "a T-72
    /// tank" is found as a mention): entities only, never actors, so "tanks shelled"
    /// keeps its actor from the agent tables. A country adjective or name right before
    /// says whose it is ("Israeli helicopters").
    pub fn equipment(&mut self, text: &str, toks: &[Token], mentions: &[Mention]) {
        let g = &self.lex.grammar;
        // Tokens inside a name or a non-agent dictionary entry cannot start equipment.
        let mut blocked = vec![false; toks.len()];
        for m in mentions {
            if !matches!(m.what, What::Dict(Entry::Agent(_))) {
                blocked[m.start..m.end].iter_mut().for_each(|b| *b = true);
            }
        }
        let nouns = &g.equipment.nouns;
        let mut i = 0;
        while i < toks.len() {
            // "think tank" is not a tank: skip the whole blocked phrase.
            if let Some((n, "-")) = longest_phrase(nouns, toks, i, g.equipment.longest) {
                i += n;
                continue;
            }
            let found = (!blocked[i]).then(|| equipment_at(g, toks, i)).flatten();
            let Some(m) = found.filter(|m| !m.named) else {
                i += 1;
                continue;
            };
            let country = mentions
                .iter()
                .find(|c| c.end == i)
                .and_then(|c| match c.what {
                    What::Dict(Entry::Adjective(k) | Entry::Country(k)) => {
                        Some(self.lex.countries[k].code.clone())
                    }
                    _ => None,
                });
            let span = [toks[i].start, toks[i + m.len - 1].end];
            let name = text[span[0]..span[1]].to_string();
            self.equipment_entity(&name, &m.class, &m.key, country.as_ref(), span);
            i += m.len;
        }
    }

    /// The leader entry in office on the document date (or the latest one).
    fn leader_code(&self, i: usize) -> (String, String) {
        let l = &self.lex.leaders[i];
        // All terms of the same person: pick the one covering the date.
        let terms: Vec<&crate::lexicon::Leader> = self
            .lex
            .leaders
            .iter()
            .filter(|x| x.name == l.name)
            .collect();
        let chosen = match self.date {
            Some(d) => terms
                .iter()
                .find(|t| t.from.as_str() <= d && (t.to.is_empty() || d <= t.to.as_str()))
                .or_else(|| {
                    terms
                        .iter()
                        .filter(|t| t.from.as_str() <= d)
                        .max_by_key(|t| t.from.clone())
                })
                .copied()
                .unwrap_or(l),
            None => terms
                .iter()
                .max_by_key(|t| (t.to.is_empty(), t.from.clone()))
                .copied()
                .unwrap_or(l),
        };
        let former = self
            .date
            .is_some_and(|d| !chosen.to.is_empty() && chosen.to.as_str() < d);
        let code = if former {
            format!("{}ELI", &chosen.code[..chosen.code.len().min(3)])
        } else {
            chosen.code.clone()
        };
        (code, chosen.title.clone())
    }

    /// Turns one sentence's mentions into actor units, creating or extending entities.
    pub fn units(&mut self, text: &str, toks: &[Token], mentions: &[Mention]) -> Vec<ActorUnit> {
        let g = &self.lex.grammar;
        let mut units = Vec::new();
        let mut k = 0;
        while k < mentions.len() {
            let m = &mentions[k];
            // The preposition before the name, past words placing it within a region
            // ("in central Warsaw", "in north-eastern Syria").
            let mut p = m.start;
            while p > 0
                && p + 3 > m.start
                && !toks[p - 1].cap
                && g.region_words.contains(&toks[p - 1].lower)
            {
                p -= 1;
            }
            let prep = p.checked_sub(1).map(|q| toks[q].lower.as_str());
            let in_place = prep.is_some_and(|w| g.locative_prepositions.contains(w));
            let origin = prep == Some("from");
            // Only a preposition right before the name keeps it from being an actor
            // (event coders read "in central Baghdad" as a target more often).
            let locative = in_place && p == m.start;
            // Gather a run: [adjective|country 's|org 's] [agent…] [name].
            let mut country: Option<String> = None;
            let mut role: Option<String> = None;
            let mut role_words: Vec<String> = Vec::new();
            let mut affiliation: Option<usize> = None;
            let mut head: Option<usize> = None;
            let mut code: Option<String> = None;
            let start = m.start;
            let mut end = m.end;
            let mut j = k;
            let mut expect_next = true;
            while j < mentions.len() && expect_next {
                let cur = &mentions[j];
                if j > k {
                    // Mentions must touch (allowing "'s" and "the").
                    let gap: Vec<&str> = toks[end..cur.start]
                        .iter()
                        .map(|t| t.lower.as_str())
                        .collect();
                    let title_words = |w: &&str| {
                        matches!(
                            *w,
                            "'s" | "the"
                                | "vice"
                                | "deputy"
                                | "senior"
                                | "top"
                                | "former"
                                | "chief"
                                | "acting"
                                | "interim"
                                | "new"
                                | "first"
                                | "second"
                                | "ex"
                                | "then"
                                | "outgoing"
                                | "incoming"
                                | "caretaker"
                                | "assistant"
                                | "under"
                        )
                    };
                    if !(gap.is_empty() || gap.len() <= 3 && gap.iter().all(title_words)) {
                        break;
                    }
                }
                let span = [toks[cur.start].start, toks[cur.end - 1].end];
                let surface = text[span[0]..span[1]].to_string();
                expect_next = false;
                match &cur.what {
                    What::Dict(Entry::Adjective(c)) if head.is_none() && role.is_none() => {
                        // "Bosnian Serbs": the first adjective places the group.
                        if country.is_none() {
                            country = Some(self.lex.countries[*c].code.clone());
                        }
                        expect_next = true;
                    }
                    What::Dict(Entry::Country(c)) if head.is_none() && role.is_none() => {
                        let cc = self.lex.countries[*c].code.clone();
                        let name = self.lex.countries[*c].name.clone();
                        let idx = self.add(
                            format!("country:{cc}"),
                            || entity(&name, EntityKind::Country),
                            span,
                        );
                        self.entities[idx].country = Some(cc.clone());
                        self.entities[idx].actor = Some(cc.clone());
                        country = Some(cc.clone());
                        // "Turkey's president": the country qualifies what follows.
                        if toks.get(cur.end).is_some_and(|t| t.lower == "'s") {
                            expect_next = true;
                            if head.is_none() {
                                head = Some(idx);
                                code = Some(cc);
                            }
                        } else {
                            head = Some(idx);
                            code = Some(cc);
                        }
                    }
                    What::Dict(Entry::Capital(c)) if head.is_none() => {
                        let ctry = &self.lex.countries[*c];
                        let (cc, cname) = (ctry.code.clone(), surface.clone());
                        let idx = self.add(
                            format!("capital:{cc}:{}", cname.to_lowercase()),
                            || entity(&cname, EntityKind::Place),
                            span,
                        );
                        self.entities[idx].country = Some(cc.clone());
                        head = Some(idx);
                        // A capital as an actor stands for the government.
                        code = Some(format!("{cc}GOV"));
                        country = Some(cc);
                    }
                    What::Dict(Entry::Seat(c, s)) if head.is_none() => {
                        let ctry = &self.lex.countries[*c];
                        let (cc, seat_role) = (ctry.code.clone(), ctry.seats[*s].1.clone());
                        let idx = self.add(
                            format!("seat:{}", surface.to_lowercase()),
                            || entity(&surface, EntityKind::Organisation),
                            span,
                        );
                        self.entities[idx].country = Some(cc.clone());
                        self.entities[idx].actor = Some(format!("{cc}{seat_role}"));
                        head = Some(idx);
                        code = Some(format!("{cc}{seat_role}"));
                        country = Some(cc);
                    }
                    What::Dict(Entry::Org(o)) if head.is_none() => {
                        let org = &self.lex.orgs[*o];
                        let (oc, oname, ocountry) =
                            (org.code.clone(), org.name.clone(), org.country.clone());
                        let idx = self.add(
                            format!("org:{oc}:{oname}"),
                            || entity(&oname, EntityKind::Organisation),
                            span,
                        );
                        self.entities[idx].actor = Some(oc.clone());
                        self.entities[idx].country = ocountry;
                        if toks.get(cur.end).is_some_and(|t| t.lower == "'s") {
                            // "Al Jazeera's Step Vaessen": the organisation is an affiliation.
                            affiliation = Some(idx);
                            expect_next = true;
                        } else {
                            head = Some(idx);
                            code = Some(oc);
                            // "European Community foreign ministers": the organisation's people.
                            expect_next = true;
                        }
                    }
                    What::Dict(Entry::Agent(a))
                        if head.is_none()
                            || head.is_some_and(|h| {
                                self.entities[h].kind == EntityKind::Organisation
                            }) =>
                    {
                        let ag = &self.lex.agents[*a];
                        if role.is_none() {
                            role = Some(ag.role.clone());
                        }
                        role_words.push(ag.word.clone());
                        expect_next = true;
                    }
                    What::Dict(Entry::Leader(l)) if head.is_none() => {
                        let (lcode, title) = self.leader_code(*l);
                        let leader = &self.lex.leaders[*l];
                        let (lname, lcountry) = (leader.name.clone(), leader.country.clone());
                        let idx = self.add(
                            format!("leader:{lname}"),
                            || entity(&lname, EntityKind::Person),
                            span,
                        );
                        let e = &mut self.entities[idx];
                        e.actor = Some(lcode.clone());
                        e.role.get_or_insert(title);
                        if lcountry.len() == 3 {
                            e.country.get_or_insert(lcountry);
                        }
                        if let Some(last) = lname.split_whitespace().last() {
                            self.surnames.insert(last.to_lowercase(), idx);
                        }
                        head = Some(idx);
                        code = Some(lcode);
                    }
                    What::Person(name) if head.is_none() => {
                        // A name already read as a place ("in Phanom Dong Rak district")
                        // stays that place when it comes back without such a clue.
                        let known_place = self
                            .by_key
                            .get(&format!("name:{}", name.to_lowercase()))
                            .copied()
                            .filter(|&p| self.entities[p].kind == EntityKind::Place);
                        let idx = match known_place {
                            Some(p) => {
                                self.entities[p].mentions.push(span);
                                p
                            }
                            None => self.person(name, span),
                        };
                        head = Some(idx);
                    }
                    What::Name(name, kind) if head.is_none() => {
                        // A known surname is that person ("Erdogan" after "Recep Tayyip Erdogan").
                        let idx = match self.surnames.get(&name.to_lowercase()) {
                            Some(&p) => {
                                self.entities[p].mentions.push(span);
                                p
                            }
                            None => self.add(
                                format!("name:{}", name.to_lowercase()),
                                || entity(name, *kind),
                                span,
                            ),
                        };
                        head = Some(idx);
                    }
                    What::Equipment { name, class, key } if head.is_none() => {
                        head =
                            Some(self.equipment_entity(name, class, key, country.as_ref(), span));
                    }
                    _ => break,
                }
                end = cur.end;
                j += 1;
            }
            if j == k {
                // The mention could not start a unit (cannot happen: every kind can).
                k += 1;
                continue;
            }
            // "King Hassan of Morocco", "the president of France": the country follows.
            let personal =
                role.is_some() || head.is_some_and(|h| self.entities[h].kind == EntityKind::Person);
            if personal && country.is_none() && toks.get(end).is_some_and(|t| t.lower == "of") {
                if let Some(next) = mentions.get(j).filter(|n| {
                    n.start == end + 1 || (n.start == end + 2 && toks[end + 1].lower == "the")
                }) {
                    if let What::Dict(Entry::Country(c)) = next.what {
                        let cc = self.lex.countries[c].code.clone();
                        let name = self.lex.countries[c].name.clone();
                        let span = [toks[next.start].start, toks[next.end - 1].end];
                        let idx = self.add(
                            format!("country:{cc}"),
                            || entity(&name, EntityKind::Country),
                            span,
                        );
                        self.entities[idx].country = Some(cc.clone());
                        self.entities[idx].actor = Some(cc.clone());
                        country = Some(cc);
                        end = next.end;
                        j += 1;
                    }
                }
            }
            // Roles, countries and affiliations onto a person heading the run.
            if let Some(h) = head {
                let e = &mut self.entities[h];
                if e.kind == EntityKind::Person {
                    if !role_words.is_empty() && e.role.is_none() {
                        e.role = Some(role_words.join(" "));
                    }
                    if let Some(c) = &country {
                        e.country.get_or_insert(c.clone());
                    }
                    if let Some(a) = affiliation {
                        let org_name = self.entities[a].name.clone();
                        let org_actor = self.entities[a].actor.clone();
                        let e = &mut self.entities[h];
                        e.affiliation.get_or_insert(org_name);
                        if e.actor.is_none() {
                            e.actor = org_actor;
                        }
                    }
                    let e = &mut self.entities[h];
                    if e.actor.is_none() {
                        if let (Some(c), Some(r)) = (&e.country.clone(), &role) {
                            e.actor = Some(format!("{c}{r}"));
                        }
                    }
                    code = self.entities[h].actor.clone().or(code);
                }
            }
            let code = code.or_else(|| match (&country, &role) {
                (Some(c), Some(r)) => Some(format!("{c}{r}")),
                (Some(c), None) => Some(c.clone()),
                (None, Some(r)) => Some(r.clone()),
                _ => None,
            });
            // Equipment is what actors use, not an actor: "weapons" sold to Taiwan leave
            // Taiwan the target. Equipment words that do stand for the forces using them
            // ("tanks shelled") are agents in the actor tables and never reach here.
            let equipment = head.is_some_and(|h| self.entities[h].kind == EntityKind::Equipment);
            if let Some(code) = code.filter(|_| !equipment) {
                units.push(ActorUnit {
                    start,
                    end,
                    code,
                    entity: head,
                    locative,
                    in_place,
                    origin,
                });
            }
            k = j.max(k + 1);
        }
        units
    }

    /// A person by name: a surname alone joins the person already seen with it.
    fn person(&mut self, name: &str, span: Span) -> usize {
        let words: Vec<&str> = name.split_whitespace().collect();
        if words.len() == 1 {
            if let Some(&idx) = self.surnames.get(&name.to_lowercase()) {
                self.entities[idx].mentions.push(span);
                return idx;
            }
        }
        let idx = self.add(
            format!("person:{}", name.to_lowercase()),
            || entity(name, EntityKind::Person),
            span,
        );
        if words.len() > 1 {
            if let Some(last) = words.last() {
                self.surnames.entry(last.to_lowercase()).or_insert(idx);
            }
        }
        idx
    }

    /// A body named by its sector and its town ("police in Lagos", "the authorities in
    /// Kano"): an organisation of its own, with the actor code the sector word gave it.
    /// The unit becomes that organisation's mention, so events name it.
    pub fn bodies_in_places(
        &mut self,
        text: &str,
        toks: &[Token],
        mentions: &[Mention],
        units: &mut [ActorUnit],
    ) {
        for u in units.iter_mut() {
            if toks.get(u.end).is_none_or(|t| t.lower != "in") {
                continue;
            }
            // The town: a place name right after "in".
            let Some((place_end, place_entity)) = mentions
                .iter()
                .find(|m| m.start == u.end + 1)
                .and_then(|m| match &m.what {
                    What::Name(n, EntityKind::Place) => self
                        .by_key
                        .get(&format!("name:{}", n.to_lowercase()))
                        .map(|&e| (m.end, Some(e))),
                    _ => None,
                })
            else {
                continue;
            };
            // Only an institution's sector word alone ("police"), not a named
            // organisation or person, nor people ("children in Zaria").
            let sector = u.code.get(u.code.len().saturating_sub(3)..).unwrap_or("");
            let institution = self
                .lex
                .grammar
                .body_sectors
                .contains(&sector.to_lowercase());
            if u.entity.is_some() || !institution || u.locative {
                continue;
            }
            let span = [toks[u.start].start, toks[place_end - 1].end];
            let mut name = text[span[0]..span[1]].to_string();
            if let Some(rest) = name.strip_prefix("the ").or(name.strip_prefix("The ")) {
                name = rest.to_string();
            }
            let code = u.code.clone();
            let place_country = place_entity.and_then(|e| self.entities[e].country.clone());
            let country = place_country.or_else(|| {
                (code.len() >= 3 && self.lex.country_index.contains_key(&code[..3]))
                    .then(|| code[..3].to_string())
            });
            let idx = self.add(
                format!("body:{}", name.to_lowercase()),
                || Entity {
                    country,
                    actor: Some(code),
                    ..entity(&name, EntityKind::Organisation)
                },
                span,
            );
            u.entity = Some(idx);
            u.end = place_end;
        }
    }

    /// Applies appositions ("Joseph Mwansa, a former Zambian defence minister") found in
    /// one sentence: a person followed by ", [the|a] [former] [adjective] role".
    pub fn appositions(&mut self, toks: &[Token], mentions: &[Mention], units: &[ActorUnit]) {
        for u in units {
            let Some(h) = u.entity else { continue };
            if self.entities[h].kind != EntityKind::Person || self.entities[h].role.is_some() {
                continue;
            }
            let mut p = u.end;
            if toks.get(p).is_none_or(|t| t.lower != ",") {
                continue;
            }
            p += 1;
            let mut former = false;
            while let Some(t) = toks.get(p) {
                match t.lower.as_str() {
                    "the" | "a" | "an" => p += 1,
                    "former" | "ex" => {
                        former = true;
                        p += 1
                    }
                    _ => break,
                }
            }
            // Adjective and agent mentions right here.
            let mut country = None;
            let mut role_words = Vec::new();
            let mut role = None;
            for m in mentions.iter().filter(|m| m.start >= p && m.start <= p + 4) {
                match m.what {
                    What::Dict(Entry::Adjective(c)) => {
                        country = Some(self.lex.countries[c].code.clone())
                    }
                    What::Dict(Entry::Agent(a)) => {
                        role_words.push(self.lex.agents[a].word.clone());
                        role.get_or_insert(self.lex.agents[a].role.clone());
                    }
                    _ => {}
                }
            }
            if role_words.is_empty() {
                continue;
            }
            let e = &mut self.entities[h];
            e.role = Some(if former {
                format!("former {}", role_words.join(" "))
            } else {
                role_words.join(" ")
            });
            if let Some(c) = country {
                e.country.get_or_insert(c.clone());
                if e.actor.is_none() {
                    e.actor = Some(format!(
                        "{c}{}",
                        if former {
                            "ELI".to_string()
                        } else {
                            role.unwrap_or_default()
                        }
                    ));
                }
            }
        }
    }
}

fn entity(name: &str, kind: EntityKind) -> Entity {
    Entity {
        id: String::new(),
        name: name.to_string(),
        kind,
        mentions: Vec::new(),
        references: Vec::new(),
        role: None,
        country: None,
        affiliation: None,
        actor: None,
        geo: None,
    }
}
