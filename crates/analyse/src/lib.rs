//! Understanding an article: sentences, entities (people, organisations, countries,
//! places, equipment) with roles and CAMEO actor codes, quotes with their speakers, and
//! events coded in CAMEO with PLOVER alongside.
//!
//! Lexicon- and rule-driven: every dictionary is a data file under `data/` that a user
//! can extend or replace. Each step takes data and returns data, so a statistical model
//! can later replace or rerank any of them.
//!
//! ```
//! let analyser = newsgraph_analyse::Analyser::new();
//! let a = analyser.analyse("Turkish troops shelled Syrian army positions on Tuesday.", Some("2019-09-17"));
//! assert_eq!(a.events[0].cameo, "194");
//! assert_eq!(a.events[0].source.as_ref().unwrap().actor, "TURMIL");
//! ```

pub mod entities;
pub mod events;
pub mod gazetteer;
pub mod grammar;
pub mod lexicon;
pub mod petrarch;
pub mod quotes;
pub mod syntax;
pub mod text;
pub mod when;
pub mod window;

use entities::{ActorUnit, EntityBuilder};
use lexicon::{quad_class, Lexicon};
use newsgraph_model::{Actor, Analysis, EntityKind, Event, Geo, Mention, MentionKind, Quote, Span};
use std::collections::HashMap;

/// The analysis of a document ran past its time budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the analysis ran past its time budget")]
pub struct TimeUp;

/// The analysis stage, holding its dictionaries.
pub struct Analyser {
    lex: Lexicon,
    gazetteer: gazetteer::Gazetteer,
}

impl Default for Analyser {
    fn default() -> Self {
        Analyser::new()
    }
}

impl Analyser {
    /// An analyser with the built-in dictionaries.
    pub fn new() -> Analyser {
        Analyser::with_lexicon(Lexicon::builtin())
    }

    /// An analyser with the given dictionaries.
    pub fn with_lexicon(lex: Lexicon) -> Analyser {
        Analyser {
            lex,
            gazetteer: gazetteer::Gazetteer::builtin(),
        }
    }

    /// The dictionaries in use.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    /// Analyses article text; `date` is the document date (ISO), used for leaders'
    /// terms and relative dates.
    pub fn analyse(&self, text: &str, date: Option<&str>) -> Analysis {
        // With no deadline there is no time-up.
        self.analyse_until(text, date, None).unwrap_or_default()
    }

    /// Analyses article text, giving up with [`TimeUp`] once `deadline` has passed. A text
    /// longer than [`window::WINDOW`] is analysed window by window (in parallel), and the
    /// deadline is checked before each window, so the time spent past it is at most that
    /// of one window (well under a second).
    pub fn analyse_until(
        &self,
        text: &str,
        date: Option<&str>,
        deadline: Option<std::time::Instant>,
    ) -> Result<Analysis, TimeUp> {
        use rayon::prelude::*;
        let late = || deadline.is_some_and(|d| std::time::Instant::now() >= d);
        if text.len() <= window::WINDOW {
            return if late() {
                Err(TimeUp)
            } else {
                Ok(self.analyse_window(text, date))
            };
        }
        let parts = window::cuts(text, window::WINDOW)
            .into_par_iter()
            .map(|r| {
                if late() {
                    return Err(TimeUp);
                }
                Ok((r.start, self.analyse_window(&text[r], date)))
            })
            .collect::<Result<Vec<_>, TimeUp>>()?;
        Ok(window::join(parts))
    }

    /// Analyses one text (a whole article, or one window of a very long text).
    fn analyse_window(&self, text: &str, date: Option<&str>) -> Analysis {
        let lex = &self.lex;
        let doc_date: Option<jiff::civil::Date> =
            date.and_then(|d| d.get(..10)).and_then(|d| d.parse().ok());
        let date_str = doc_date.map(|d| d.to_string());
        let toks = text::tokenize(text);
        // The name finder and the verb patterns are English; other languages get
        // dictionary entities only.
        let english = is_english(&lex.grammar, &toks);
        let sentences = text::sentences(text, &toks, &lex.grammar.abbreviations);
        let mut builder = EntityBuilder::new(lex, date_str.as_deref());
        // Per sentence: token range and actor units.
        let mut per: Vec<(std::ops::Range<usize>, Vec<ActorUnit>)> =
            Vec::with_capacity(sentences.len());
        let mut t0 = 0;
        for s in &sentences {
            while t0 < toks.len() && toks[t0].start < s[0] {
                t0 += 1;
            }
            let mut t1 = t0;
            while t1 < toks.len() && toks[t1].end <= s[1] {
                t1 += 1;
            }
            let slice = &toks[t0..t1];
            // A town big enough that its name is rarely an ordinary word ("Much",
            // Germany, is not what "Much of the…" means).
            let known = |name: &str| {
                let gz = &self.gazetteer;
                if gz.own_name_population(name) >= BARE_PLACE_POPULATION || gz.well_known_area(name)
                {
                    entities::Known::Town
                } else if gz.knows(name) || gz.well_known_area(name) {
                    entities::Known::Named
                } else {
                    entities::Known::No
                }
            };
            let mentions = entities::find_mentions(lex, text, slice, english, &known);
            let mut units = builder.units(text, slice, &mentions);
            builder.bodies_in_places(text, slice, &mentions, &mut units);
            builder.appositions(slice, &mentions, &units);
            builder.equipment(text, slice, &mentions);
            per.push((t0..t1, units));
            t0 = t1;
        }
        let mut ents = builder.entities;
        // The article's main country: the most mentioned one.
        let mut counts: HashMap<String, usize> = HashMap::new();
        for e in &ents {
            if e.kind == EntityKind::Country {
                if let Some(c) = &e.country {
                    *counts.entry(c.clone()).or_default() += e.mentions.len();
                }
            }
        }
        let mut ranked: Vec<(String, usize)> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let ranked: Vec<String> = ranked.into_iter().map(|(c, _)| c).collect();
        let main_country = ranked.first().cloned();
        // "Georgia" in an article about the United States is the state: a country name
        // that is also a US state's, outranked by the US in the article or written
        // after a US town ("Atlanta, Georgia").
        let us_rank = ranked.iter().position(|c| c == "USA");
        for i in 0..ents.len() {
            if ents[i].kind != EntityKind::Country {
                continue;
            }
            let Some(state) = self.gazetteer.state(&ents[i].name) else {
                continue;
            };
            let own_rank = ents[i]
                .country
                .as_ref()
                .and_then(|c| ranked.iter().position(|x| x == c));
            let after_us_town = ents[i].mentions.iter().any(|m| {
                text[..m[0]].trim_end().ends_with(',')
                    && ents.iter().any(|o| {
                        o.kind == EntityKind::Place
                            && o.mentions
                                .iter()
                                .any(|om| om[1] + 2 >= m[0] && om[1] < m[0])
                            && self
                                .gazetteer
                                .resolve(&o.name, &["USA".to_string()])
                                .is_some_and(|p| {
                                    p.country == "USA"
                                        && p.admin1.eq_ignore_ascii_case(&ents[i].name)
                                })
                    })
            });
            if after_us_town || us_rank.is_some_and(|u| own_rank.is_none_or(|o| u < o)) {
                let e = &mut ents[i];
                e.kind = EntityKind::Place;
                e.country = Some("USA".to_string());
                e.actor = None;
                e.geo = Some(state.into());
            }
        }
        // Countries on the map at their capital.
        for e in ents.iter_mut().filter(|e| e.kind == EntityKind::Country) {
            if let Some(a) = e.country.as_deref().and_then(|c| self.gazetteer.country(c)) {
                e.geo = Some(a.into());
            }
        }
        // Places on the map: the entity's own country first, then the article's.
        // A capital's own country counts only when the article names that country
        // ("Paris" in a story about Texas is Paris, Texas).
        for e in ents
            .iter_mut()
            .filter(|e| e.kind == EntityKind::Place && e.geo.is_none())
        {
            let mut ctx: Vec<String> = e
                .country
                .iter()
                .filter(|c| ranked.is_empty() || ranked.contains(c))
                .cloned()
                .collect();
            ctx.extend(ranked.iter().cloned());
            // A town, else an area (division, county, continent), else the name without
            // its designator ("Osun State" → Osun, "Kirkuk province" → Kirkuk).
            let stripped = e
                .name
                .rsplit_once(' ')
                .filter(|(_, last)| lex.grammar.area_designators.contains(&last.to_lowercase()))
                .map(|(rest, _)| rest);
            let gz = &self.gazetteer;
            let found = gz.locate(&e.name, &ctx).or_else(|| {
                let n = stripped?;
                let area = gz.area(n, &ctx).map(Geo::from);
                area.or_else(|| gz.resolve(n, &ctx).map(Geo::from))
            });
            if let Some(geo) = found {
                if !geo.country.is_empty() {
                    e.country = Some(geo.country.clone());
                }
                e.geo = Some(geo);
            }
        }

        // Armed groups are placed where the fighting is: the country of the article's
        // most mentioned place.
        let place_country = ents
            .iter()
            .filter(|e| e.kind == EntityKind::Place && e.geo.is_some())
            .max_by_key(|e| e.mentions.len())
            .and_then(|e| e.country.clone());
        let mut events = Vec::new();
        let discarded = |slice: &[text::Token], story: bool| {
            lex.discards
                .iter()
                .filter(|(_, s)| *s == story)
                .any(|(w, _)| {
                    slice
                        .windows(w.len())
                        .any(|win| win.iter().zip(w).all(|(t, x)| t.lower == *x))
                })
        };
        let story_discarded = discarded(&toks, true);
        // The actors of the sentence before, for pronouns that stand for one of them.
        let mut last_units: Vec<ActorUnit> = Vec::new();
        for (k, (range, units)) in per.iter_mut().enumerate() {
            let prev_units = std::mem::take(&mut last_units);
            let slice = &toks[range.clone()];
            if story_discarded || discarded(slice, false) {
                continue;
            }
            // A bare role ("rebels", "police") takes the country named in the sentence,
            // else the article's main country.
            let with_country: Vec<(usize, String)> = units
                .iter()
                .filter(|u| u.code.len() >= 3 && lex.country_index.contains_key(&u.code[..3]))
                .map(|u| (u.start, u.code[..3].to_string()))
                .collect();
            for u in units.iter_mut() {
                if matches!(u.code.as_str(), "REB" | "INS" | "SEP" | "UAF") {
                    if let Some(c) = place_country.as_ref().or(main_country.as_ref()) {
                        u.code = format!("{c}{}", u.code);
                        continue;
                    }
                }
                if lex.grammar.country_roles.contains(&u.code.to_lowercase()) {
                    // The nearest country named before it in the sentence, else after,
                    // else the article's.
                    let near = with_country
                        .iter()
                        .filter(|(s, _)| *s < u.start)
                        .max_by_key(|(s, _)| *s)
                        .or_else(|| with_country.iter().min_by_key(|(s, _)| s.abs_diff(u.start)))
                        .map(|(_, c)| c);
                    if let Some(c) = near.or(main_country.as_ref()) {
                        u.code = format!("{c}{}", u.code);
                    }
                }
            }

            // Where it happened: a place the sentence puts something in, at or near
            // before one something comes from.
            let is_place = |u: &&ActorUnit| {
                u.in_place
                    && u.entity.is_some_and(|e| {
                        matches!(ents[e].kind, EntityKind::Place | EntityKind::Country)
                    })
            };
            let place = units
                .iter()
                .filter(is_place)
                .find(|u| !u.origin)
                .or_else(|| units.iter().find(is_place))
                .and_then(|u| u.entity)
                .map(|e| ents[e].id.clone());
            let actor = |units: &[ActorUnit],
                         i: Option<usize>,
                         phrase: Option<(usize, usize)>|
             -> Option<Actor> {
                let u = &units[i?];
                let (a, b) = phrase.unwrap_or((u.start, u.end));
                let span = [slice[a].start, slice[b - 1].end];
                Some(Actor {
                    entity: u.entity.map(|e| ents[e].id.clone()),
                    actor: u.code.clone(),
                    text: text[span[0]..span[1]].to_string(),
                    span: Some(span),
                })
            };
            last_units = units.clone();
            if !english {
                continue;
            }
            let mut raws = events::code_sentence(lex, slice, units);
            // Parse only the sentences that have an event to place actors in: a bare
            // statement ("said") keeps the actor its rules found, a comment with its
            // cue ("expressed optimism at …") is aimed at someone or something.
            let parsed = raws
                .iter()
                .any(|r| !r.fallback || r.code != events::PLAIN_STATEMENT)
                .then(|| syntax::parse(text, slice));
            if let Some(p) = &parsed {
                // A verb pattern matched on a word the parse reads as a noun or an
                // adjective ("a fast charge", "the bars"), with no actor around it, is
                // not the verb.
                raws.retain(|r| {
                    r.from_noun
                        || r.fallback
                        || r.source.is_some()
                        || r.target.is_some()
                        || matches!(
                            p.parse.upos[p.word(r.trigger.0)],
                            newsgraph_syntax::Upos::Verb | newsgraph_syntax::Upos::Aux
                        )
                });
                // An event inside another event's phrase or clause ("condemned the
                // attack", "accused X of shelling Y") is not what the sentence reports.
                let words: Vec<usize> = raws.iter().map(|r| p.word(r.trigger.0)).collect();
                let embedded: Vec<bool> = (0..raws.len())
                    .map(|i| {
                        (0..raws.len()).any(|j| {
                            j != i
                                && !raws[j].fallback
                                && words[j] != words[i]
                                && p.dominates(words[j], words[i])
                        })
                    })
                    .collect();
                for (r, e) in raws.iter_mut().zip(embedded) {
                    if e {
                        r.confidence -= 0.1;
                    }
                }
            }
            for mut raw in raws {
                if let Some(p) = &parsed {
                    let context = Antecedents {
                        before: &prev_units,
                        entities: &ents,
                    };
                    roles_from_parse(lex, p, units, &context, &mut raw);
                }
                let units: &[ActorUnit] = units;
                // An event with no actor found says what happened, not who did it.
                if raw.source.is_none() && raw.target.is_none() {
                    raw.confidence = raw.confidence.min(0.35);
                }
                // An actor acting on itself is a misreading of the clause: one phrase in
                // both roles, or the word-order rules giving both roles one actor code.
                // Two phrases the parse tells apart are two parties even with one code
                // ("government forces shelled the capital"), and a bare sector code is
                // no one actor ("a bomber killed soldiers": MIL and MIL).
                if let (Some(s), Some(t)) = (raw.source, raw.target) {
                    let same_code = !units[s].code.is_empty()
                        && units[s].code == units[t].code
                        && raw.target_span.is_none()
                        && !lex.is_role_code(&units[s].code);
                    if s == t || same_code {
                        raw.target = None;
                        raw.target_span = None;
                    }
                }
                let date = when::resolve(text, slice, raw.trigger.0, doc_date);
                let (plover, mode) = match lex.plover(&raw.code) {
                    Some((p, m)) => (Some(p), m),
                    None => (None, None),
                };
                let source = actor(units, raw.source, raw.source_span);
                let target = actor(units, raw.target, raw.target_span);
                events.push(Event {
                    quad_class: quad_class(&raw.code),
                    goldstein: lex.goldstein(&raw.code),
                    plover,
                    plover_mode: mode,
                    actorless: source.is_none() && target.is_none(),
                    source,
                    target,
                    place: place.clone(),
                    date: Some(date),
                    sentence: sentences[k],
                    trigger: text[slice[raw.trigger.0].start
                        ..slice[raw.trigger.1.max(raw.trigger.0 + 1) - 1].end]
                        .to_string(),
                    negated: raw.negated,
                    hypothetical: raw.hypothetical,
                    confidence: raw.confidence,
                    cameo: raw.code,
                });
            }
        }

        let mut quotes = self.quotes(text, &toks, &sentences, &per, &ents);
        // A speaker named by a description ("a spokeswoman for the ministry", "the
        // report") is an entity of its own, linked to the organisation or country
        // named inside the description; the same description again is the same one.
        let key = |name: &str| {
            let lower = name.to_lowercase();
            match lower.split_once(' ') {
                Some((first, rest)) if lex.grammar.english_function_words.contains(first) => {
                    rest.to_string()
                }
                _ => lower,
            }
        };
        for q in &mut quotes {
            let Some(m) = q
                .speaker_mention
                .as_ref()
                .filter(|m| m.kind == MentionKind::Description)
            else {
                continue;
            };
            let named = q
                .speaker
                .as_ref()
                .and_then(|id| ents.iter().position(|e| &e.id == id));
            // A description holds a common noun: a lower-case word other than a
            // function word, or a sector word ("Officials said"). A capitalised word
            // alone is a name the finder missed, "that" names nothing.
            let common_noun = m.text.split_whitespace().any(|w| {
                let lower = w.to_lowercase();
                lex.is_agent_word(&lower)
                    || (w.chars().next().is_some_and(char::is_lowercase)
                        && !lex.grammar.english_function_words.contains(&lower))
            });
            if !common_noun || named.is_some_and(|i| ents[i].kind == EntityKind::Person) {
                continue;
            }
            let k = key(&m.text);
            // "the spokeswoman" after "a spokeswoman for the ministry" is she.
            let existing = ents.iter().position(|e| {
                e.kind == EntityKind::Description && {
                    let other = key(&e.name);
                    other == k || other.starts_with(&format!("{k} "))
                }
            });
            let idx = match existing {
                Some(i) => {
                    if !ents[i].mentions.contains(&m.span) {
                        ents[i].mentions.push(m.span);
                    }
                    i
                }
                None => {
                    let (affiliation, actor, country) = match named {
                        Some(o) => (
                            Some(ents[o].name.clone()),
                            ents[o].actor.clone(),
                            ents[o].country.clone(),
                        ),
                        None => (None, None, None),
                    };
                    ents.push(newsgraph_model::Entity {
                        id: format!("e{}", ents.len() + 1),
                        name: m.text.clone(),
                        kind: EntityKind::Description,
                        mentions: vec![m.span],
                        references: Vec::new(),
                        role: None,
                        country,
                        affiliation,
                        actor,
                        geo: None,
                    });
                    ents.len() - 1
                }
            };
            q.speaker = Some(ents[idx].id.clone());
        }
        // A pronoun or description that names a quote's speaker refers to that entity.
        for q in &quotes {
            let (Some(id), Some(m)) = (&q.speaker, &q.speaker_mention) else {
                continue;
            };
            if m.kind == MentionKind::Name || m.kind == MentionKind::Description {
                continue;
            }
            if let Some(e) = ents.iter_mut().find(|e| &e.id == id) {
                if !e.references.iter().any(|r| r.span == m.span) {
                    e.references.push(m.clone());
                }
            }
        }
        // Entities sorted by first mention; ids stay as assigned.
        for e in &mut ents {
            e.mentions.sort();
            e.references.sort_by_key(|r| r.span);
        }
        // A sports report, a game review or a product page codes no conflict: its
        // "beat", "fight" and "shoot" are not political events.
        let topic = lex
            .grammar
            .topics
            .page_topic(toks.iter().filter(|t| t.word).map(|t| t.lower.as_str()))
            .map(str::to_string);
        if topic.is_some() {
            events.retain(|e| e.quad_class < 3);
        }
        Analysis {
            sentences,
            entities: ents,
            quotes,
            events,
            topic,
        }
    }

    /// The speaker of each quote as the parse gives it: the subject of the cue verb, on
    /// either side of the quote ("…," she added / X told reporters: "…"), as the token
    /// range of the subject phrase and its kind; `None` where the parse finds no subject.
    fn speakers_from_parse(
        &self,
        text: &str,
        toks: &[text::Token],
        per: &[(std::ops::Range<usize>, Vec<ActorUnit>)],
        raw: &[quotes::RawQuote],
    ) -> Vec<Option<(usize, usize, MentionKind)>> {
        use newsgraph_syntax::Upos;
        let mut out = vec![None; raw.len()];
        let mark = |t: &text::Token| !t.word;
        for (qi, q) in raw.iter().enumerate() {
            let Some(c) = q.cue else { continue };
            if toks[c].lower == "according" {
                continue;
            }
            let k = per.partition_point(|(r, _)| r.end <= c);
            let Some(sentence) = per
                .get(k)
                .map(|(r, _)| r.clone())
                .filter(|r| r.contains(&c))
            else {
                continue;
            };
            // The attribution is parsed apart from the quoted words, which would
            // otherwise be read as part of its clause: the words after the quote
            // ("…," she added) or before it (X told reporters: "…").
            let range = if !q.direct {
                sentence
            } else if toks[c].start >= q.span[1] {
                let mut a = sentence
                    .start
                    .max(toks.partition_point(|t| t.start < q.span[1]));
                while a < c && mark(&toks[a]) {
                    a += 1;
                }
                a..sentence.end
            } else {
                let mut b = sentence
                    .end
                    .min(toks.partition_point(|t| t.end <= q.span[0]));
                while b > c + 1 && mark(&toks[b - 1]) {
                    b -= 1;
                }
                sentence.start..b
            };
            if !range.contains(&c) {
                continue;
            }
            let parsed = syntax::parse(text, &toks[range.clone()]);
            let v = parsed.word(c - range.start);
            let Some(&s) = parsed.roles(&self.lex.grammar, v).agent.first() else {
                continue;
            };
            let head = parsed.word_tok[s] + range.start;
            let inside = |t: usize| toks[t].start >= q.span[0] && toks[t].end <= q.span[1];
            if inside(head) {
                continue;
            }
            let (mut a, mut b) = parsed.phrase_tokens(s);
            a += range.start;
            b += range.start;
            if (a..b).any(inside) {
                a = head;
                b = parsed.word_end[s] + range.start;
            }
            if parsed.parse.upos[s] == Upos::Pron {
                if !self
                    .lex
                    .grammar
                    .speaker_pronouns
                    .contains(&toks[head].lower)
                {
                    continue;
                }
                out[qi] = Some((head, head + 1, MentionKind::Pronoun));
            } else {
                let kind = if parsed.parse.upos[s] == Upos::Propn {
                    MentionKind::Name
                } else {
                    MentionKind::Description
                };
                out[qi] = Some((a, b, kind));
            }
        }
        out
    }

    fn quotes(
        &self,
        text: &str,
        toks: &[text::Token],
        sentences: &[Span],
        per: &[(std::ops::Range<usize>, Vec<ActorUnit>)],
        ents: &[newsgraph_model::Entity],
    ) -> Vec<Quote> {
        let spans = quotes::find_spans(text);
        let mut raw = quotes::attribute(&self.lex.grammar, toks, &spans);
        for (k, (range, _)) in per.iter().enumerate() {
            if let Some(mut r) = quotes::reported(
                &self.lex.grammar,
                &toks[range.clone()],
                sentences[k],
                &spans,
            ) {
                let off = range.start;
                r.cue = r.cue.map(|c| c + off);
                r.speaker_tokens = r.speaker_tokens.map(|(a, b)| (a + off, b + off));
                r.pronoun = r.pronoun.map(|p| p + off);
                raw.push(r);
            }
        }
        raw.sort_by_key(|q| q.span[0]);
        let mentions = self.speakers_from_parse(text, toks, per, &raw);
        // The person entity mentioned within a byte range, preferring the last one.
        let person_in = |a: usize, b: usize| -> Option<usize> {
            ents.iter()
                .enumerate()
                .filter(|(_, e)| {
                    matches!(
                        e.kind,
                        EntityKind::Person | EntityKind::Organisation | EntityKind::Country
                    )
                })
                .filter_map(|(i, e)| {
                    e.mentions
                        .iter()
                        .filter(|m| m[0] >= a && m[1] <= b)
                        .map(|m| (m[0], i, e.kind))
                        .max()
                })
                .max_by_key(|&(pos, _, kind)| (kind == EntityKind::Person, pos))
                .map(|(_, i, _)| i)
        };
        // Direct quotes' words are not where a pronoun's antecedent is introduced: the
        // person mentions outside them, in text order (found by binary search, so an
        // article of thousands of quotes stays linear-logarithmic).
        let mut direct: Vec<Span> = raw.iter().filter(|q| q.direct).map(|q| q.span).collect();
        direct.sort_unstable();
        let in_direct_quote = |pos: usize| {
            let k = direct.partition_point(|s| s[0] <= pos);
            k > 0 && pos < direct[k - 1][1]
        };
        let mut outside: Vec<(usize, usize, usize)> = ents
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == EntityKind::Person)
            .flat_map(|(i, e)| e.mentions.iter().map(move |m| (m[0], m[1], i)))
            .filter(|&(start, _, _)| !in_direct_quote(start))
            .collect();
        outside.sort_unstable();
        // The person mentioned (outside direct quotes) within `from..at`: the first one
        // or the last one.
        let person_between = |from: usize, at: usize, first: bool| -> Option<usize> {
            let lo = outside.partition_point(|&(start, _, _)| start < from);
            let hi = outside.partition_point(|&(start, _, _)| start < at);
            let mut within = outside[lo..hi].iter().filter(|&&(_, end, _)| end <= at);
            if first {
                within.next()
            } else {
                within.next_back()
            }
            .map(|&(_, _, i)| i)
        };
        let mut out = Vec::new();
        let mut last_speaker: Option<usize> = None;
        for (q, cand) in raw.iter().zip(mentions) {
            let last = last_speaker;
            let rule_speaker = |q: &quotes::RawQuote| -> Option<usize> {
                let speaker = if let Some((a, b)) =
                    q.speaker_tokens.filter(|(a, b)| a < b && *b <= toks.len())
                {
                    person_in(toks[a].start, toks[b - 1].end)
                } else if let Some(p) = q.pronoun {
                    // "he"/"she" is a person: the one the quote's paragraph has named
                    // first ("Our correspondent X, who reached Y, described a tense
                    // scene. '…,' she said"), else the last speaker if a person, else
                    // the person named last.
                    let singular = matches!(toks[p].lower.as_str(), "he" | "she" | "i");
                    let para = text[..q.span[0]].rfind("\n\n").map_or(0, |i| i + 2);
                    match last {
                        Some(s) if !singular => Some(s),
                        last => person_between(para, q.span[0], true)
                            .or(last.filter(|&s| ents[s].kind == EntityKind::Person))
                            .or_else(|| person_between(0, q.span[0], false)),
                    }
                } else if q.cue.is_none() && q.direct {
                    // Quoted words inside reported speech ("X told reporters that the
                    // troops "acted only in defence"") are the reporting subject's;
                    // otherwise an unattributed quote continues the last speaker's.
                    let k = sentences.partition_point(|s| s[0] <= q.span[0]);
                    let sentence = k
                        .checked_sub(1)
                        .map(|k| sentences[k])
                        .filter(|s| q.span[0] < s[1]);
                    let cue = sentence.and_then(|s| {
                        let first = toks.partition_point(|t| t.start < s[0]);
                        toks[first..]
                            .iter()
                            .take_while(|t| t.end <= q.span[0])
                            .find(|t| self.lex.grammar.speech.cue.contains(&t.lower))
                    });
                    match (sentence, cue) {
                        (Some(s), Some(c)) => person_in(s[0], c.start).or(last),
                        _ => last,
                    }
                } else {
                    None
                };
                speaker
            };
            // The parse's speaker words first: a pronoun resolved as a pronoun, a
            // phrase by the entity named in it; the cue rules when the phrase names
            // none they can place.
            let (speaker, mention) = match cand {
                Some((a, _, MentionKind::Pronoun)) => {
                    let mut p = q.clone();
                    p.pronoun = Some(a);
                    p.speaker_tokens = None;
                    (rule_speaker(&p), cand)
                }
                Some((a, b, _)) => match person_in(toks[a].start, toks[b - 1].end) {
                    Some(e) => (Some(e), cand),
                    None => match rule_speaker(q) {
                        Some(e) => (Some(e), None),
                        None => (None, cand),
                    },
                },
                None => (rule_speaker(q), None),
            };
            if speaker.is_some() {
                last_speaker = speaker;
            }
            let speaker_mention = mention.map(|(a, b, kind)| {
                let span = [toks[a].start, toks[b - 1].end];
                // A description that holds a name is that name's mention.
                let named = speaker.is_some_and(|e| {
                    ents[e]
                        .mentions
                        .iter()
                        .any(|m| m[0] >= span[0] && m[1] <= span[1])
                });
                Mention {
                    span,
                    text: text[span[0]..span[1]].to_string(),
                    kind: if kind == MentionKind::Description && named {
                        MentionKind::Name
                    } else {
                        kind
                    },
                }
            });
            out.push(Quote {
                text: text[q.span[0]..q.span[1]].trim().to_string(),
                span: q.span,
                speaker: speaker.map(|i| ents[i].id.clone()),
                speaker_mention,
                cue: q.cue.map(|c| {
                    let t = &toks[c];
                    if t.lower == "according" {
                        "according to".to_string()
                    } else {
                        text[t.start..t.end].to_string()
                    }
                }),
                direct: q.direct,
            });
        }
        out
    }
}

/// Source and target of a verb event from the parse: the verb's subject and object
/// phrases (passive, control, coordination and relative clauses resolved by the tree).
/// An actor unit inside a phrase gives its code; a phrase without one becomes an actor
/// of its own with no code. Noun triggers and reported demands keep the actors their own
/// rules found.
/// What a pronoun can refer back to: the previous sentence's actors and the entities.
struct Antecedents<'a> {
    before: &'a [ActorUnit],
    entities: &'a [newsgraph_model::Entity],
}

impl Antecedents<'_> {
    /// The actor a pronoun of class `class` ("person", "group", "body") at token `at`
    /// stands for: the nearest agreeing actor before it in the sentence, else the last
    /// one of the sentence before. Places and actors with no code do not count.
    fn find(&self, class: &str, units: &[ActorUnit], at: usize) -> Option<ActorUnit> {
        let agrees = |u: &ActorUnit| {
            if u.locative || u.in_place || u.code.is_empty() {
                return false;
            }
            let kind = u.entity.map(|e| self.entities[e].kind);
            match class {
                "person" => kind == Some(EntityKind::Person),
                "group" => kind != Some(EntityKind::Person),
                _ => matches!(kind, Some(EntityKind::Organisation | EntityKind::Country)),
            }
        };
        units
            .iter()
            .filter(|u| u.end <= at && agrees(u))
            .max_by_key(|u| u.end)
            .or_else(|| {
                self.before
                    .iter()
                    .filter(|u| agrees(u))
                    .max_by_key(|u| u.start)
            })
            .cloned()
    }
}

/// Adds the phrase of tokens `[a, b)` as an actor with no code; its unit and span.
fn uncoded(units: &mut Vec<ActorUnit>, (a, b): (usize, usize)) -> (usize, usize, usize) {
    units.push(ActorUnit {
        start: a,
        end: b,
        code: String::new(),
        entity: None,
        locative: false,
        in_place: false,
        origin: false,
    });
    (units.len() - 1, a, b)
}

fn roles_from_parse(
    lex: &lexicon::Lexicon,
    p: &syntax::Parsed,
    units: &mut Vec<ActorUnit>,
    context: &Antecedents,
    raw: &mut events::RawEvent,
) {
    use newsgraph_syntax::Upos;
    let g = &lex.grammar;
    if raw.reported {
        return;
    }
    let v = p.word(raw.trigger.0);
    if p.parse.upos[v] != Upos::Verb {
        return;
    }
    let roles = p.roles(g, v);
    // A noun phrase that is no date ("threatened Monday to …").
    let nominal = |w: usize| {
        matches!(p.parse.upos[w], Upos::Noun | Upos::Propn) && !when::is_calendar_word(&p.lower[w])
    };
    let in_unit = |w: usize| {
        let t = p.word_tok[w];
        units.iter().any(|u| t >= u.start && t < u.end)
    };
    // A party to an act: a name, a known actor, an agent, person, group or place noun.
    let party = |w: usize| {
        let word = &p.lower[w];
        nominal(w)
            && (p.parse.upos[w] == Upos::Propn
                || in_unit(w)
                || lex.is_agent_word(word)
                || g.party_nouns.contains(word)
                || g.place_words.contains(word))
    };
    // The object names a thing, not a party.
    let thing = roles
        .object
        .filter(|&o| p.parse.upos[o] == Upos::Noun && !party(o));
    // What the act is aimed at: the party a thing goes to ("sent aid to Y"), else a
    // party object. A thing with no such party leaves it to the actor the rules find.
    let aimed = match thing {
        Some(_) => roles.recipients.iter().copied().find(|&r| party(r)),
        None => roles.object.filter(|&o| nominal(o)),
    };
    let mut patient = roles.patient;
    if thing.is_some() {
        // Recipients before the thing, so that an actor named in the thing ("Turkish
        // weapons to the Kurds") does not become the target.
        let rest = patient
            .iter()
            .copied()
            .filter(|w| !roles.recipients.contains(w));
        patient = roles.recipients.iter().copied().chain(rest).collect();
    }
    for (words, target) in [(roles.agent, false), (patient, true)] {
        // The first candidate whose phrase holds an actor unit; else the first
        // candidate as an actor of its own.
        let at = |t: usize| units.iter().position(|u| t >= u.start && t < u.end);
        let found = words.iter().find_map(|&w| {
            let (a, b) = p.phrase_tokens(w);
            at(p.word_tok[w])
                .or_else(|| units.iter().position(|u| u.start >= a && u.end <= b))
                .map(|u| (u, a, b))
        });
        let rule_found = if target { raw.target } else { raw.source };
        // A pronoun standing for an actor named before ("they had attacked"): that
        // actor, at the pronoun's words.
        let pronoun = words.first().and_then(|&w| {
            let t = p.word_tok[w];
            let class = g.anaphora.get(&p.lower[w])?;
            let mut u = context.find(class, units, t)?;
            (u.start, u.end) = (t, t + 1);
            Some(u)
        });
        let pronoun = pronoun.filter(|_| rule_found.is_none());
        let (unit, a, b) = match (found, words.first(), aimed.filter(|_| target), pronoun) {
            (Some(f), ..) => f,
            (None, _, _, Some(u)) => {
                let (a, b) = (u.start, u.end);
                units.push(u);
                (units.len() - 1, a, b)
            }
            // No actor in the parse's phrases: the object the act is aimed at, a noun
            // phrase, is the target even when it names no known actor.
            (None, _, Some(w), _) => uncoded(units, p.phrase_tokens(w)),
            // Otherwise an actor the word-order rules found wins over a phrase that names
            // no known actor.
            (None, ..) if rule_found.is_some() => continue,
            // A pronoun or number alone names nobody.
            (None, Some(&w), ..)
                if !matches!(p.parse.upos[w], Upos::Pron | Upos::Num | Upos::Det) =>
            {
                uncoded(units, p.phrase_tokens(w))
            }
            _ => continue,
        };
        if target {
            raw.target = Some(unit);
            raw.target_span = Some((a, b));
        } else {
            raw.source = Some(unit);
            raw.source_span = Some((a, b));
        }
    }
}

/// Least population of a town whose own name, written with no place clue around it
/// (no "in", no place noun), is read as that town: "Moscow" is, "Taylor" is not.
const BARE_PLACE_POPULATION: u64 = 200_000;

/// Whether the text reads as English: common function words make up a good share of it.
fn is_english(g: &grammar::Grammar, toks: &[text::Token]) -> bool {
    let words: Vec<&text::Token> = toks.iter().filter(|t| t.word).collect();
    if words.len() < 8 {
        return true;
    }
    let common = words
        .iter()
        .filter(|t| g.english_function_words.contains(&t.lower))
        .count();
    common * 100 / words.len() >= 8
}
