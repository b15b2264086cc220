//! Event coding over one sentence: verb patterns and event nouns from the dictionaries,
//! the source actor before the verb and the target after it (swapped in the passive
//! voice), intent ("agreed to visit" → 036), negation and hypothetical marking.

use crate::entities::ActorUnit;
use crate::grammar::Grammar;
use crate::lexicon::{quad_class, Lexicon, VerbRule};
use crate::text::Token;

/// An event found in a sentence, before dates and entity ids are attached.
#[derive(Debug, Clone)]
pub struct RawEvent {
    /// CAMEO code.
    pub code: String,
    /// Source actor unit index.
    pub source: Option<usize>,
    /// Target actor unit index.
    pub target: Option<usize>,
    /// Token range of the trigger.
    pub trigger: (usize, usize),
    /// Said not to have happened.
    pub negated: bool,
    /// Not reported as done.
    pub hypothetical: bool,
    /// Confidence.
    pub confidence: f32,
    /// A generic statement (010) kept only when nothing else is coded.
    pub fallback: bool,
    /// Token range of the whole source phrase, when the parse gave it.
    pub source_span: Option<(usize, usize)>,
    /// Token range of the whole target phrase, when the parse gave it.
    pub target_span: Option<(usize, usize)>,
    /// The trigger is an event noun ("air strike"), not a verb pattern.
    pub from_noun: bool,
    /// The actors come from a reporting frame ("X said Y must …": X demands of Y), not
    /// from the trigger's own clause.
    pub reported: bool,
}

/// CAMEO's plain statement ("said"), the code of a speech verb with nothing more.
pub const PLAIN_STATEMENT: &str = "010";

fn matches_at(toks: &[Token], at: usize, words: &[String]) -> bool {
    words.iter().enumerate().all(|(k, w)| {
        toks.get(at + k).is_some_and(|t| {
            // The last word of a phrase may be plural ("air strikes").
            &t.lower == w || k + 1 == words.len() && k > 0 && t.lower == crate::grammar::plural(w)
        })
    })
}

/// Where the first cue phrase follows in `[from, to)`, as a distance from `from`.
fn cue_within(toks: &[Token], from: usize, to: usize, cues: &[Vec<String>]) -> Option<usize> {
    (from..to.min(toks.len())).position(|p| {
        cues.iter().any(|c| {
            matches_at(toks, p, c)
                || (c.len() == 1 && toks[p].lower == crate::grammar::plural(&c[0]))
        })
    })
}

/// Where a verb rule matches at token `i`: (end token, target slot token if any).
fn rule_match(
    toks: &[Token],
    i: usize,
    rule: &VerbRule,
    units: &[ActorUnit],
) -> Option<(usize, Option<usize>)> {
    let mut p = i + 1;
    let mut slot = None;
    for w in &rule.words[1..] {
        if w == "x" {
            // The slot takes a whole actor unit, or up to three words.
            if let Some(u) = units
                .iter()
                .find(|u| u.start == p || (u.start == p + 1 && toks[p].lower == "the"))
            {
                slot = Some(u.start);
                p = u.end;
            } else {
                slot = Some(p);
                p += 1;
            }
            continue;
        }
        // Allow an adverb or article between the verb and its particle/object.
        if toks.get(p).is_some_and(|t| &t.lower == w) {
            p += 1;
        } else if toks.get(p + 1).is_some_and(|t| &t.lower == w)
            && toks.get(p).is_some_and(|t| {
                matches!(
                    t.lower.as_str(),
                    "a" | "an"
                        | "the"
                        | "new"
                        | "fresh"
                        | "further"
                        | "more"
                        | "its"
                        | "their"
                        | "his"
                        | "her"
                )
            })
        {
            p += 2;
        } else {
            return None;
        }
    }
    Some((p, slot))
}

/// Codes every event in one sentence.
pub fn code_sentence(lex: &Lexicon, toks: &[Token], units: &[ActorUnit]) -> Vec<RawEvent> {
    let g = &lex.grammar;
    let mut out: Vec<RawEvent> = Vec::new();
    let actors: Vec<usize> = (0..units.len()).collect();
    let mut consumed_until = 0usize;
    let mut intent_heads: Vec<usize> = Vec::new();
    for i in 0..toks.len() {
        if i < consumed_until || !toks[i].word {
            continue;
        }
        // Tokens inside an actor unit are names, not verbs; "strike" in "air strike"
        // is the noun's.
        if units.iter().any(|u| i >= u.start && i < u.end) || inside_event_noun(lex, toks, i) {
            continue;
        }
        let Some(rule_ids) = lex.verb_forms.get(&toks[i].lower) else {
            continue;
        };
        // The most specific matching rule: longest phrase, then one with a cue present.
        let clause_end = (i + 14).min(toks.len());
        let mut best: Option<(usize, usize, Option<usize>, usize)> = None; // (rule, end, slot, score)
        for &r in rule_ids {
            let rule = &lex.verbs[r];
            let Some((end, slot)) = rule_match(toks, i, rule, units) else {
                continue;
            };
            let cue = cue_within(toks, end, clause_end, &rule.after);
            if !rule.after.is_empty() && cue.is_none() {
                continue;
            }
            // Longer phrases first, then a cue present, the closer the better.
            let score = rule.words.len() * 100 + cue.map_or(0, |d| 50 - d.min(40));
            if best.is_none_or(|b| score > b.3) {
                best = Some((r, end, slot, score));
            }
        }
        let Some((r, end, slot, _)) = best else {
            continue;
        };
        let rule = &lex.verbs[r];
        consumed_until = end;
        if rule.code == "---" {
            continue;
        }
        // A noun use ("the attack", "an attack on") is left to the event nouns.
        if i > 0
            && matches!(
                toks[i - 1].lower.as_str(),
                "a" | "an" | "the" | "this" | "that" | "its" | "their"
            )
        {
            continue;
        }
        let mut code = rule.code.clone();
        // Voice.
        let before: Vec<&str> = toks[i.saturating_sub(3)..i]
            .iter()
            .map(|t| t.lower.as_str())
            .collect();
        let passive = rule.passive
            && g.inflect.is_participle(&toks[i].lower)
            && before.iter().any(|w| g.be_forms.contains(w))
            && toks[end..].iter().take(12).any(|t| t.lower == "by");
        let mut negated = before.iter().any(|w| g.negators.contains(w))
            || (i >= 2
                && toks[i - 1].lower == "to"
                && g.refusal_verbs.contains(&toks[i - 2].lower))
            || (i >= 1
                && g.deny_verbs.contains(&toks[i - 1].lower)
                && toks[i].lower.ends_with("ing"));
        let hedged = before
            .iter()
            .any(|w| g.modals.contains(w) || g.hedges.contains(w))
            || toks[..i].iter().any(|t| t.lower == "if");
        // "agreed to visit", "will meet": an announced cooperative act is an intent.
        let to_before = i >= 1 && toks[i - 1].lower == "to";
        let intent_verb = if to_before && i >= 2 {
            (i.saturating_sub(7)..i - 1)
                .rev()
                .find(|&p| g.intent_words.contains(&toks[p].lower))
        } else {
            None
        };
        let will = before
            .iter()
            .any(|w| matches!(*w, "will" | "'ll" | "shall" | "would"));
        let mut hypothetical = hedged;
        let must = before.iter().any(|w| matches!(*w, "must" | "should"));
        if let Some(c) = negated.then(|| g.codes.derive("reject", &code)).flatten() {
            // "failed to reach agreement", "will not accept": a refusal, coded as such.
            code = c.to_string();
            negated = false;
        } else if must {
            // "Y must withdraw" in a report: the speaker demands it of Y.
            code = g.codes.derive("demand", &code).unwrap_or("100").to_string();
            hypothetical = false;
        } else if intent_verb.is_some() || will {
            match (
                g.codes.derive("intent", &code),
                g.codes.derive("threat", &code),
            ) {
                (Some(c), _) => {
                    code = c.to_string();
                    if let Some(p) = intent_verb {
                        intent_heads.push(p);
                    }
                }
                // "will withdraw its peacekeepers", "would impose a blockade": an
                // announced coercive act is a threat.
                (None, Some(c)) => code = c.to_string(),
                (None, None) => hypothetical = true,
            }
        }
        // Actors.
        let (subject, object) = if passive {
            let by = (end..toks.len().min(end + 12)).find(|&p| toks[p].lower == "by");
            let agent = by.and_then(|b| first_unit_after(units, &actors, b + 1, b + 8, true));
            (agent, last_unit_before(g, units, &actors, toks, i))
        } else {
            // "rebels fighting for his removal": a participle's subject is the noun it follows.
            let participle_of = (toks[i].lower.ends_with("ing") && i > 0)
                .then(|| units.iter().position(|u| u.end == i))
                .flatten();
            let subj = participle_of.or_else(|| last_unit_before(g, units, &actors, toks, i));
            let obj = match slot {
                Some(s) => units.iter().position(|u| u.start == s || u.start == s + 1),
                None => first_unit_after(units, &actors, end, clause_end, code.starts_with("04")),
            };
            (subj, obj)
        };
        // A demand reported as "X said Y must …": X demands of Y.
        let (subject, object) = if must {
            let speech = reporting_verb_before(g, toks, i);
            match speech.and_then(|sp| {
                last_unit_before(g, units, &actors, toks, sp).or_else(|| {
                    first_unit_after(units, &actors, sp + 1, sp + 6, false)
                        .filter(|&u| subject != Some(u))
                })
            }) {
                Some(speaker) => (Some(speaker), subject),
                None => (subject, object),
            }
        } else {
            (subject, object)
        };
        let fallback = code.starts_with("01") && code != "016" && code != "015" && code != "018";
        let mut confidence: f32 = 0.6;
        if subject.is_some() {
            confidence += 0.15;
        }
        if object.is_some() {
            confidence += 0.1;
        }
        if rule.words.len() > 1 || !rule.after.is_empty() {
            confidence += 0.1;
        }
        if hypothetical || negated {
            confidence -= 0.1;
        }
        let ev = RawEvent {
            code: code.clone(),
            source: subject,
            target: object,
            trigger: (i, end),
            negated,
            hypothetical,
            confidence: confidence.min(0.95),
            fallback,
            reported: must,
            from_noun: false,
            source_span: None,
            target_span: None,
        };
        // "A and B met": a compound subject acts on itself, both ways.
        if let Some(s) = subject {
            if let Some(partner) = compound_partner(units, toks, s) {
                if object.is_none() && g.codes.derive("reciprocal", &code) == Some("yes") {
                    out.push(RawEvent {
                        target: Some(partner),
                        ..ev.clone()
                    });
                    out.push(RawEvent {
                        source: Some(partner),
                        target: Some(s),
                        ..ev
                    });
                    continue;
                }
                out.push(ev.clone());
                out.push(RawEvent {
                    source: Some(partner),
                    ..ev
                });
                continue;
            }
        }
        out.push(ev);
    }
    // The intent verbs whose act was coded as an intent are not events of their own.
    out.retain(|e| !intent_heads.contains(&e.trigger.0));
    must_demands(&lex.grammar, toks, units, &mut out);
    nouns(lex, toks, units, &mut out);
    merge_noun_and_verb(&mut out);
    // Generic statements only when nothing more specific was found.
    if out.iter().any(|e| !e.fallback) {
        out.retain(|e| !e.fallback);
    }
    // The most salient first: a finite verb of the main clause with its actors.
    out.sort_by(|a, b| {
        salience(lex, toks, b)
            .total_cmp(&salience(lex, toks, a))
            .then(a.trigger.0.cmp(&b.trigger.0))
    });
    out
}

/// "…declared that China must drop barriers": a demand by the speaker on the subject
/// of "must", even when the demanded act is not in the verb dictionary.
fn must_demands(g: &Grammar, toks: &[Token], units: &[ActorUnit], out: &mut Vec<RawEvent>) {
    let actors: Vec<usize> = (0..units.len()).collect();
    for m in 0..toks.len() {
        if toks[m].lower != "must" || toks.get(m + 1).is_none_or(|t| !t.word) {
            continue;
        }
        let verb = if toks[m + 1].lower == "be" {
            m + 2
        } else {
            m + 1
        };
        if verb >= toks.len()
            || out
                .iter()
                .any(|e| e.trigger.0 >= m && e.trigger.0 <= verb + 1)
        {
            continue;
        }
        let Some(speech) = reporting_verb_before(g, toks, m) else {
            continue;
        };
        let target =
            last_unit_before(g, units, &actors, toks, m).filter(|&u| units[u].start > speech);
        let source = last_unit_before(g, units, &actors, toks, speech);
        if source.is_none() && target.is_none() {
            continue;
        }
        out.push(RawEvent {
            code: "100".to_string(),
            source,
            target,
            trigger: (m, verb + 1),
            negated: false,
            hypothetical: false,
            confidence: 0.6,
            fallback: false,
            reported: true,
            from_noun: false,
            source_span: None,
            target_span: None,
        });
    }
}

/// The last reporting verb before token `end`.
fn reporting_verb_before(g: &Grammar, toks: &[Token], end: usize) -> Option<usize> {
    (0..end)
        .rev()
        .find(|&p| g.speech.frame.contains(&toks[p].lower))
}

/// How central an event is to its sentence.
fn salience(lex: &Lexicon, toks: &[Token], e: &RawEvent) -> f32 {
    let g = &lex.grammar;
    let i = e.trigger.0;
    let mut s = 0.0;
    let verb_form = lex.verb_forms.contains_key(&toks[i].lower);
    let after_det = i > 0 && matches!(toks[i - 1].lower.as_str(), "a" | "an" | "the");
    if verb_form && !after_det && !lex.noun_heads.contains_key(&toks[i].lower) {
        s += 2.0;
    } else if verb_form && !after_det {
        s += 1.0;
    }
    if e.source.is_some() {
        s += 1.0;
    }
    // "Y must …" reported from a speaker: the demand is the sentence's point.
    if toks[i].lower == "must" {
        s += 2.5;
    }
    // An event noun that is the object of a light verb ("began a hunger strike",
    // "staged mass demonstrations") is the sentence's event.
    let light = (i.saturating_sub(5)..i).any(|k| g.light_verbs.contains(&toks[k].lower));
    if !verb_form && light {
        s += 2.5;
    }
    if e.target.is_some() {
        s += 0.5;
    }
    // Inside a subordinate or relative clause.
    let clause_start = (0..i)
        .rev()
        .find(|&k| matches!(toks[k].lower.as_str(), "," | ";" | ":" | "\"" | "“" | "”"))
        .map_or(0, |k| k + 1);
    let subordinate = (clause_start..i).any(|k| {
        matches!(
            toks[k].lower.as_str(),
            "which"
                | "who"
                | "that"
                | "after"
                | "when"
                | "while"
                | "because"
                | "since"
                | "before"
                | "although"
                | "though"
                | "whereas"
                | "until"
                | "unless"
        )
    });
    if subordinate {
        s -= 1.5;
    }
    if toks[i].lower.ends_with("ing") && !(i > 0 && g.be_forms.contains(&toks[i - 1].lower)) {
        s -= 1.0;
    }
    // A purpose infinitive ("will visit X to mediate"), unless it carries the intent.
    if i > 0 && toks[i - 1].lower == "to" && !e.code.starts_with("03") && !e.code.starts_with("13")
    {
        s -= 1.0;
    }
    if e.fallback {
        s -= 5.0;
    }
    if e.negated || e.hypothetical {
        s -= 1.0;
    }
    s
}

/// Whether token `i` is the second or later word of a multi-word event noun ("air strike").
fn inside_event_noun(lex: &Lexicon, toks: &[Token], i: usize) -> bool {
    (i.saturating_sub(3)..i).any(|start| {
        lex.noun_heads.get(&toks[start].lower).is_some_and(|ids| {
            ids.iter().any(|&r| {
                let w = &lex.nouns[r].words;
                w.len() > 1 && start + w.len() > i && matches_at(toks, start, w)
            })
        })
    })
}

/// Events named by nouns ("a Syrian air strike on a Turkish convoy") where no verb
/// already covers those words.
fn nouns(lex: &Lexicon, toks: &[Token], units: &[ActorUnit], out: &mut Vec<RawEvent>) {
    let g = &lex.grammar;
    let actors: Vec<usize> = (0..units.len()).collect();
    for i in 0..toks.len() {
        let Some(ids) = lex.noun_heads.get(&toks[i].lower) else {
            continue;
        };
        // Covered by a verb event, or the object of one ("lodged an official protest").
        if out.iter().any(|e| {
            i >= e.trigger.0 && i < e.trigger.1 + 2 || e.trigger.0 < i && i <= e.trigger.1 + 4
        }) {
            continue;
        }
        let Some(rule) = ids
            .iter()
            .map(|&r| &lex.nouns[r])
            .filter(|n| n.words.len() == 1 || matches_at(toks, i, &n.words))
            .max_by_key(|n| n.words.len())
        else {
            continue;
        };
        let end = i + rule.words.len();
        // Source: an actor right before the noun ("Syrian air strike") or after "by".
        let mut source = units
            .iter()
            .position(|u| u.end == i || (u.end + 1 == i && toks[u.end].lower == "'s"));
        let mut target = None;
        let mut p = end;
        while p < toks.len().min(end + 10) {
            let w = toks[p].lower.as_str();
            // The actor must head the prepositional phrase ("by the Syrian military"),
            // not sit further in it ("a threat to national security in Turkey").
            if rule.source_prep.iter().any(|s| s == w) && source.is_none() {
                source = first_unit_after(units, &actors, p + 1, p + 4, true);
            } else if rule.target_prep.iter().any(|s| s == w) && target.is_none() {
                target = first_unit_after(units, &actors, p + 1, p + 4, true);
            }
            p += 1;
        }
        // "Israel and Lebanon renewed negotiations": the subject of the light verb.
        let light_verb = (i.saturating_sub(5)..i).any(|k| g.light_verbs.contains(&toks[k].lower));
        if source.is_none() && light_verb {
            source = last_unit_before(g, units, &actors, toks, i);
        }
        // With a light verb the noun is the sentence's event even without actors
        // ("Islamic fundamentalists continued their hunger strike").
        if source.is_none() && target.is_none() && !light_verb {
            continue;
        }
        // "will extend the curfew": an announced act named by its noun.
        let will = (i.saturating_sub(4)..i)
            .any(|k| matches!(toks[k].lower.as_str(), "will" | "would" | "'ll"));
        let code = if will {
            g.codes
                .derive("intent", &rule.code)
                .or_else(|| g.codes.derive("threat", &rule.code))
                .map_or_else(|| rule.code.clone(), str::to_string)
        } else {
            rule.code.clone()
        };
        out.push(RawEvent {
            code,
            source,
            target,
            trigger: (i, end),
            negated: i > 0 && g.negators.contains(&toks[i - 1].lower),
            hypothetical: false,
            confidence: if source.is_some() && target.is_some() {
                0.6
            } else {
                0.45
            },
            fallback: false,
            reported: false,
            from_noun: true,
            source_span: None,
            target_span: None,
        });
    }
}

/// "An air strike by X targeted Y": the noun names the act and its source, the verb
/// its target. The noun's code (more specific) takes the verb's target, and the verb
/// event of the same family goes.
fn merge_noun_and_verb(out: &mut Vec<RawEvent>) {
    let root = |c: &str| c.get(..2).unwrap_or("").to_string();
    let violent = |c: &str| matches!(root(c).as_str(), "18" | "19" | "20");
    let mut drop = Vec::new();
    for n in 0..out.len() {
        if out[n].target.is_some() || out[n].source.is_none() {
            continue;
        }
        let Some(v) = (0..out.len()).find(|&v| {
            v != n
                && out[v].trigger.0 >= out[n].trigger.1
                && out[v].source == out[n].source
                && out[v].target.is_some()
                && (root(&out[v].code) == root(&out[n].code)
                    || violent(&out[v].code) && violent(&out[n].code))
        }) else {
            continue;
        };
        out[n].target = out[v].target;
        out[n].confidence = out[n].confidence.max(out[v].confidence);
        drop.push(out[v].trigger);
    }
    out.retain(|e| !drop.contains(&e.trigger));
}

/// The actor unit that is the subject of the verb at token `i`: the closest one before
/// it that is not inside a prepositional phrase nor a noun modifier ("NATO systems");
/// for a verb coordinated with an earlier one ("X said … and has threatened"), the
/// sentence's first such unit.
fn last_unit_before(
    g: &Grammar,
    units: &[ActorUnit],
    actors: &[usize],
    toks: &[Token],
    i: usize,
) -> Option<usize> {
    let subjectlike = |u: usize| {
        let s = units[u].start;
        let e = units[u].end;
        // "Thousands of Nigerians", "a group of Moroccan diplomats": the head is a
        // quantity, the actor its complement.
        let quantity_of = s >= 2
            && toks[s - 1].lower == "of"
            && matches!(
                toks[s - 2].lower.as_str(),
                "thousands"
                    | "hundreds"
                    | "dozens"
                    | "millions"
                    | "scores"
                    | "group"
                    | "groups"
                    | "members"
                    | "leaders"
                    | "number"
                    | "some"
                    | "many"
                    | "most"
                    | "all"
                    | "both"
                    | "delegation"
                    | "team"
                    | "supporters"
                    | "hundred"
                    | "thousand"
                    | "dozen"
                    | "one"
                    | "two"
                    | "three"
                    | "several"
                    | "crowds"
                    | "crowd"
                    | "band"
                    | "wing"
            );
        let in_pp = !quantity_of
            && s > 0
            && matches!(
                toks[s - 1].lower.as_str(),
                "of" | "with"
                    | "to"
                    | "against"
                    | "for"
                    | "on"
                    | "by"
                    | "over"
                    | "about"
                    | "between"
                    | "into"
                    | "than"
            );
        // A name used as a modifier of a following common noun.
        let modifier = toks.get(e).is_some_and(|t| {
            t.word
                && !t.cap
                && !t.lower.ends_with("ly")
                && !matches!(
                    t.lower.as_str(),
                    "today"
                        | "yesterday"
                        | "tonight"
                        | "now"
                        | "along"
                        | "together"
                        | "again"
                        | "also"
                        | "later"
                        | "earlier"
                        | "first"
                        | "last"
                        | "this"
                        | "in"
                        | "at"
                        | "on"
                        | "will"
                        | "would"
                        | "must"
                        | "may"
                        | "might"
                )
                && !g.subject_gap_words.contains(&t.lower)
                && !t.lower.ends_with("ed")
                && !g.inflect.is_participle(&t.lower)
                && !t.lower.ends_with('s')
                && t.lower != "'s"
        });
        !units[u].locative && !in_pp && !modifier
    };
    let mut k = i;
    while k > 0 && g.subject_gap_words.contains(&toks[k - 1].lower) && toks[k - 1].lower != "and" {
        k -= 1;
    }
    if k > 0 && toks[k - 1].lower == "and" {
        if let Some(first) = actors
            .iter()
            .copied()
            .filter(|&u| units[u].end <= i && subjectlike(u))
            .min_by_key(|&u| units[u].start)
        {
            return Some(first);
        }
    }
    actors
        .iter()
        .copied()
        .filter(|&u| units[u].end <= i && subjectlike(u))
        .max_by_key(|&u| units[u].end)
}

/// The first actor unit in `[from, to)`; locative ones only if `allow_locative`.
fn first_unit_after(
    units: &[ActorUnit],
    actors: &[usize],
    from: usize,
    to: usize,
    allow_locative: bool,
) -> Option<usize> {
    let pick = |loc_ok: bool| {
        actors
            .iter()
            .copied()
            .filter(|&u| {
                units[u].start >= from && units[u].start < to && (loc_ok || !units[u].locative)
            })
            .min_by_key(|&u| units[u].start)
    };
    pick(false).or_else(|| if allow_locative { pick(true) } else { None })
}

/// In "A and B", the other member of a compound with unit `u`.
fn compound_partner(units: &[ActorUnit], toks: &[Token], u: usize) -> Option<usize> {
    let s = units[u].start;
    units.iter().position(|o| {
        o.end + 1 == s && toks[o.end].lower == "and"
            || o.start == units[u].end + 1 && toks[units[u].end].lower == "and"
    })
}

/// QuadClass for a raw event's code.
pub fn quad(code: &str) -> u8 {
    quad_class(code)
}
