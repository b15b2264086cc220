//! Closed word classes and small tables the rules read: function words, speech verbs,
//! irregular verbs, equipment, and how CAMEO codes derive from one another.
//!
//! Every table is a file under `data/` (mostly `data/grammar/`), compiled in as the
//! default and replaceable through `--dictionaries DIR` like the other dictionaries.

use crate::lexicon::{phrase_key, LexiconError};
use std::collections::{HashMap, HashSet};

/// A set of lower-case words or phrases, read from a one-per-line file.
#[derive(Debug, Clone, Default)]
pub struct WordSet(HashSet<String>);

impl WordSet {
    /// Reads a word list: one entry per line; blank lines and `#` comments are skipped.
    pub fn parse(text: &str) -> WordSet {
        WordSet(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_lowercase)
                .collect(),
        )
    }

    /// Whether `w` (lower case) is in the set.
    pub fn contains(&self, w: &str) -> bool {
        self.0.contains(w)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the set has no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The rows of a tab-separated table, with their 1-based line numbers.
fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(n, l)| (n + 1, l.split('\t').map(str::trim).collect()))
}

fn bad(file: &str, line: usize, msg: String) -> LexiconError {
    LexiconError::Format {
        file: file.to_string(),
        line,
        msg,
    }
}

/// English verb inflection: regular rules plus the irregular verbs and the verbs that
/// double their last consonant, both from data.
#[derive(Debug, Clone, Default)]
pub struct Inflector {
    /// Base → (simple past forms, past participle forms).
    irregular: HashMap<String, (Vec<String>, Vec<String>)>,
    /// Every irregular past and participle form.
    irregular_past: HashSet<String>,
    /// Verbs stressed on the last syllable ("admit" → "admitted").
    doubling: WordSet,
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

impl Inflector {
    /// Reads `irregular_verbs.tsv` (base, past, participle; alternatives after `|`) and
    /// the doubling list.
    fn load(file: &str, irregular: &str, doubling: &str) -> Result<Inflector, LexiconError> {
        let mut inf = Inflector {
            doubling: WordSet::parse(doubling),
            ..Inflector::default()
        };
        for (line, c) in rows(irregular) {
            if c.len() < 3 || c[..3].iter().any(|x| x.is_empty()) {
                return Err(bad(file, line, "expected base, past and participle".into()));
            }
            let split = |s: &str| -> Vec<String> {
                s.split('|')
                    .map(|x| x.trim().to_lowercase())
                    .filter(|x| !x.is_empty())
                    .collect()
            };
            let (past, part) = (split(c[1]), split(c[2]));
            inf.irregular_past.extend(past.iter().cloned());
            inf.irregular_past.extend(part.iter().cloned());
            inf.irregular.insert(c[0].to_lowercase(), (past, part));
        }
        Ok(inf)
    }

    /// Whether a verb doubles its last consonant ("ban" → "banned", "stop" → "stopping").
    fn doubles(&self, v: &str) -> bool {
        if self.doubling.contains(v) {
            return true;
        }
        let c: Vec<char> = v.chars().collect();
        let n = c.len();
        if !(3..=4).contains(&n) {
            return false;
        }
        let (a, b, d) = (c[n - 3], c[n - 2], c[n - 1]);
        // One vowel between consonants, and (for 4 letters) no vowel pair before it.
        !is_vowel(a)
            && is_vowel(b)
            && !is_vowel(d)
            && !matches!(d, 'w' | 'x' | 'y')
            && (n == 3 || !is_vowel(c[0]))
    }

    /// Third person singular ("says", "denies", "pushes").
    pub fn third_person(&self, v: &str) -> String {
        if v.ends_with('s')
            || v.ends_with("sh")
            || v.ends_with("ch")
            || v.ends_with('x')
            || v.ends_with('z')
            || v.ends_with('o')
        {
            format!("{v}es")
        } else if v.ends_with('y')
            && !v.ends_with("ay")
            && !v.ends_with("ey")
            && !v.ends_with("oy")
            && !v.ends_with("uy")
        {
            format!("{}ies", &v[..v.len() - 1])
        } else {
            format!("{v}s")
        }
    }

    /// Every form of a verb: base, third person, past, past participle, gerund.
    pub fn verb_forms(&self, lemma: &str) -> Vec<String> {
        let v = lemma.to_lowercase();
        let mut out = vec![v.clone(), self.third_person(&v)];
        let last = v.chars().last().unwrap_or_default();
        let gerund = if v.ends_with("ie") {
            format!("{}ying", &v[..v.len() - 2])
        } else if v.ends_with('e') && !v.ends_with("ee") && !v.ends_with("ye") && v.len() > 2 {
            format!("{}ing", &v[..v.len() - 1])
        } else if self.doubles(&v) {
            format!("{v}{last}ing")
        } else {
            format!("{v}ing")
        };
        out.push(gerund);
        if let Some((past, part)) = self.irregular.get(&v) {
            out.extend(past.iter().cloned());
            out.extend(part.iter().cloned());
        } else {
            let past = if v.ends_with('e') {
                format!("{v}d")
            } else if v.ends_with('y')
                && !v.ends_with("ay")
                && !v.ends_with("ey")
                && !v.ends_with("oy")
            {
                format!("{}ied", &v[..v.len() - 1])
            } else if self.doubles(&v) {
                format!("{v}{last}ed")
            } else {
                format!("{v}ed")
            };
            out.push(past);
        }
        if v == "be" {
            out.extend(["is", "are", "am"].map(str::to_string));
        }
        out.sort();
        out.dedup();
        out
    }

    /// Whether `form` is a past participle or simple past of some verb (ends in -ed/-en or
    /// is an irregular past form).
    pub fn is_participle(&self, form: &str) -> bool {
        form.ends_with("ed") || form.ends_with("en") || self.irregular_past.contains(form)
    }
}

/// Regular plural of a noun.
pub fn plural(noun: &str) -> String {
    let n = noun.to_lowercase();
    if n.ends_with('s')
        || n.ends_with("sh")
        || n.ends_with("ch")
        || n.ends_with('x')
        || n.ends_with('z')
    {
        format!("{n}es")
    } else if n.ends_with('y') && !n.ends_with("ay") && !n.ends_with("ey") && !n.ends_with("oy") {
        format!("{}ies", &n[..n.len() - 1])
    } else {
        format!("{n}s")
    }
}

/// The forms of the verbs of saying, by what each form may do.
#[derive(Debug, Clone, Default)]
pub struct SpeechVerbs {
    /// Forms that attribute a quote ("said", "added", "told").
    pub cue: WordSet,
    /// Forms that introduce reported speech without quote marks ("said", "warned").
    pub report: WordSet,
    /// Forms that frame a demand ("X urged Y must …").
    pub frame: WordSet,
}

impl SpeechVerbs {
    fn load(file: &str, text: &str, inflect: &Inflector) -> Result<SpeechVerbs, LexiconError> {
        let mut out = SpeechVerbs::default();
        for (line, c) in rows(text) {
            if c.len() < 2 || c[0].is_empty() {
                return Err(bad(file, line, "expected a lemma and its uses".into()));
            }
            let uses: Vec<&str> = c[1].split(',').map(str::trim).collect();
            let lemma = c[0].to_lowercase();
            let forms: Vec<String> = inflect
                .verb_forms(&lemma)
                .into_iter()
                .filter(|f| *f != lemma || uses.contains(&"base"))
                .collect();
            for u in &uses {
                let set = match *u {
                    "cue" => &mut out.cue,
                    "report" => &mut out.report,
                    "frame" => &mut out.frame,
                    "base" => continue,
                    other => {
                        return Err(bad(
                            file,
                            line,
                            format!("unknown use {other:?} (cue, report, frame or base)"),
                        ))
                    }
                };
                set.0.extend(forms.iter().cloned());
            }
        }
        Ok(out)
    }
}

/// Equipment names and the noun phrases that name equipment.
#[derive(Debug, Clone, Default)]
pub struct Equipment {
    /// Named systems (phrase key → class), matched when capitalised.
    pub names: HashMap<String, String>,
    /// Equipment nouns, singular and plural (phrase key → class; "-" blocks).
    pub nouns: HashMap<String, String>,
    /// Plural equipment noun → its singular.
    pub singular: HashMap<String, String>,
    /// Longest entry, in words, of `names` and `nouns`.
    pub longest: usize,
    /// Words that may stand before an equipment noun in its name.
    pub modifiers: WordSet,
    /// The classes, with what each covers.
    pub classes: HashMap<String, String>,
}

impl Equipment {
    fn load(
        classes: (&str, &str),
        names: (&str, &str),
        nouns: (&str, &str),
        modifiers: &str,
    ) -> Result<Equipment, LexiconError> {
        let mut out = Equipment {
            modifiers: WordSet::parse(modifiers),
            ..Equipment::default()
        };
        for (line, c) in rows(classes.1) {
            if c.len() < 2 || c[0].is_empty() || c[1].is_empty() {
                return Err(bad(
                    classes.0,
                    line,
                    "expected a class and what it covers".into(),
                ));
            }
            out.classes.insert(c[0].to_string(), c[1].to_string());
        }
        for (file, text, plurals) in [(names.0, names.1, false), (nouns.0, nouns.1, true)] {
            for (line, c) in rows(text) {
                if c.len() < 2 || c[0].is_empty() || c[1].is_empty() {
                    return Err(bad(file, line, "expected a name and a class".into()));
                }
                if c[1] != "-" && !out.classes.contains_key(c[1]) {
                    let msg = format!("class {:?} is not in {}", c[1], classes.0);
                    return Err(bad(file, line, msg));
                }
                let key = phrase_key(c[0]);
                out.longest = out.longest.max(key.split(' ').count());
                if plurals {
                    let (head, last) = match key.rsplit_once(' ') {
                        Some((h, l)) => (format!("{h} "), l),
                        None => (String::new(), key.as_str()),
                    };
                    let many = plural(last);
                    out.singular.insert(many.clone(), last.to_string());
                    out.nouns.insert(format!("{head}{many}"), c[1].to_string());
                }
                if plurals {
                    out.nouns.insert(key, c[1].to_string());
                } else {
                    out.names.insert(key, c[1].to_string());
                }
            }
        }
        Ok(out)
    }
}

/// What a page is about when it is not public affairs: topic words against the words
/// of politics and conflict.
#[derive(Debug, Clone, Default)]
pub struct Topics {
    /// Word → topic ("goal" → sports).
    pub words: HashMap<String, String>,
    /// Words of politics, security and conflict.
    pub public_affairs: WordSet,
}

/// Least topic words on a page, and least share of its words, before it can be called
/// a page off public affairs.
const TOPIC_MIN_WORDS: usize = 4;
const TOPIC_MIN_SHARE: f64 = 0.008;
/// How many times the public-affairs words the topic words must outnumber.
const TOPIC_OVER_PUBLIC: usize = 3;

impl Topics {
    fn load(file: &str, text: &str, public_affairs: &str) -> Result<Topics, LexiconError> {
        let mut out = Topics {
            public_affairs: WordSet::parse(public_affairs),
            ..Topics::default()
        };
        for (line, c) in rows(text) {
            if c.len() < 2 || c[0].is_empty() || c[1].is_empty() {
                return Err(bad(file, line, "expected a word and a topic".into()));
            }
            out.words.insert(c[0].to_lowercase(), c[1].to_string());
        }
        Ok(out)
    }

    /// The topic of a page outside public affairs ("sports", "products"), from its
    /// lower-case words: topic words of all kinds are many, dense, and outnumber the
    /// public-affairs words several times; the most frequent topic names the page. A
    /// match score ("4-1", "112-107") counts for sports.
    pub fn page_topic<'a>(&self, words: impl Iterator<Item = &'a str>) -> Option<&str> {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        let (mut total, mut public) = (0usize, 0usize);
        for w in words {
            total += 1;
            if self.public_affairs.contains(w) {
                public += 1;
            } else if let Some(t) = self.words.get(w) {
                *counts.entry(t.as_str()).or_default() += 1;
            } else if is_score(w) {
                *counts.entry("sports").or_default() += 1;
            }
        }
        let n: usize = counts.values().sum();
        let (topic, _) = counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))?;
        let dense = n >= TOPIC_MIN_WORDS && n as f64 >= TOPIC_MIN_SHARE * total as f64;
        (dense && n >= TOPIC_OVER_PUBLIC * public).then_some(topic)
    }
}

/// "4-1", "112-107": two numbers of at most three digits joined by a hyphen.
fn is_score(w: &str) -> bool {
    w.split_once('-').is_some_and(|(a, b)| {
        [a, b]
            .iter()
            .all(|x| (1..=3).contains(&x.len()) && x.bytes().all(|c| c.is_ascii_digit()))
    })
}

/// How a CAMEO code turns into another (refused, threatened, demanded, announced), and
/// which codes are mutual.
#[derive(Debug, Clone, Default)]
pub struct CodeRules {
    /// Kind → (pattern, exact, result); a pattern without '*' is exact.
    rules: HashMap<String, Vec<(String, bool, String)>>,
}

impl CodeRules {
    fn load(file: &str, text: &str) -> Result<CodeRules, LexiconError> {
        let mut out = CodeRules::default();
        for (line, c) in rows(text) {
            if c.len() < 3 || c.iter().take(3).any(|x| x.is_empty()) {
                return Err(bad(file, line, "expected kind, code and result".into()));
            }
            let exact = !c[1].ends_with('*');
            let pattern = c[1].trim_end_matches('*').to_string();
            out.rules
                .entry(c[0].to_string())
                .or_default()
                .push((pattern, exact, c[2].to_string()));
        }
        Ok(out)
    }

    /// The result of rule `kind` for `code`: an exact entry, else the longest prefix.
    pub fn derive(&self, kind: &str, code: &str) -> Option<&str> {
        let rules = self.rules.get(kind)?;
        if let Some((_, _, r)) = rules.iter().find(|(p, exact, _)| *exact && p == code) {
            return Some(r);
        }
        rules
            .iter()
            .filter(|(p, exact, _)| !*exact && code.starts_with(p.as_str()))
            .max_by_key(|(p, _, _)| p.len())
            .map(|(_, _, r)| r.as_str())
    }
}

macro_rules! word_sets {
    ($($(#[doc = $doc:literal])* $field:ident => $file:literal,)*) => {
        /// The closed word classes and grammar tables.
        #[derive(Debug, Clone, Default)]
        pub struct Grammar {
            $($(#[doc = $doc])* pub $field: WordSet,)*
            /// Verbs of saying.
            pub speech: SpeechVerbs,
            /// Verb inflection.
            pub inflect: Inflector,
            /// Equipment.
            pub equipment: Equipment,
            /// CAMEO code derivations.
            pub codes: CodeRules,
            /// Page topics outside public affairs.
            pub topics: Topics,
            /// Pronoun → what it can stand for ("person", "group", "body").
            pub anaphora: HashMap<String, String>,
        }

        /// The files of the grammar tables, by name, as compiled into the binary.
        pub const FILES: &[(&str, &str)] = &[
            $(($file, include_str!(concat!("../data/", $file))),)*
            ("grammar/speech_verbs.tsv", include_str!("../data/grammar/speech_verbs.tsv")),
            ("grammar/irregular_verbs.tsv", include_str!("../data/grammar/irregular_verbs.tsv")),
            ("grammar/doubling_verbs.txt", include_str!("../data/grammar/doubling_verbs.txt")),
            ("equipment_classes.tsv", include_str!("../data/equipment_classes.tsv")),
            ("equipment.tsv", include_str!("../data/equipment.tsv")),
            ("equipment_nouns.tsv", include_str!("../data/equipment_nouns.tsv")),
            ("grammar/equipment_modifiers.txt", include_str!("../data/grammar/equipment_modifiers.txt")),
            ("cameo/derived_codes.tsv", include_str!("../data/cameo/derived_codes.tsv")),
            ("context/topics.tsv", include_str!("../data/context/topics.tsv")),
            ("grammar/anaphora.tsv", include_str!("../data/grammar/anaphora.tsv")),
            ("context/public_affairs.txt", include_str!("../data/context/public_affairs.txt")),
        ];

        impl Grammar {
            /// Reads every table through `text` (file name → contents).
            pub fn load(text: &mut dyn FnMut(&str) -> String) -> Result<Grammar, LexiconError> {
                let f = "grammar/irregular_verbs.tsv";
                let inflect = Inflector::load(f, &text(f), &text("grammar/doubling_verbs.txt"))?;
                let f = "grammar/speech_verbs.tsv";
                let speech = SpeechVerbs::load(f, &text(f), &inflect)?;
                let (n, m) = ("equipment.tsv", "equipment_nouns.tsv");
                let c = "equipment_classes.tsv";
                let equipment = Equipment::load(
                    (c, &text(c)),
                    (n, &text(n)),
                    (m, &text(m)),
                    &text("grammar/equipment_modifiers.txt"),
                )?;
                let f = "cameo/derived_codes.tsv";
                let codes = CodeRules::load(f, &text(f))?;
                let f = "context/topics.tsv";
                let topics = Topics::load(f, &text(f), &text("context/public_affairs.txt"))?;
                let f = "grammar/anaphora.tsv";
                let mut anaphora = HashMap::new();
                for (line, c) in rows(&text(f)) {
                    if c.len() < 2 || !matches!(c[1], "person" | "group" | "body") {
                        return Err(bad(f, line, "expected a pronoun and person, group or body".into()));
                    }
                    anaphora.insert(c[0].to_lowercase(), c[1].to_string());
                }
                Ok(Grammar {
                    topics,
                    anaphora,
                    $($field: WordSet::parse(&text($file)),)*
                    speech,
                    inflect,
                    equipment,
                    codes,
                })
            }
        }
    };
}

word_sets! {
    /// Words capitalised at the start of a sentence that do not begin a name.
    stop_caps => "grammar/stop_caps.txt",
    /// Words that make a capitalised run an organisation.
    org_words => "grammar/org_words.txt",
    /// Words that make a capitalised run a place.
    place_words => "grammar/place_words.txt",
    /// Prepositions that make the following name a location, not an actor.
    locative_prepositions => "grammar/locative_prepositions.txt",
    /// Prepositions before an unknown name that make it a place.
    place_prepositions => "grammar/place_prepositions.txt",
    /// CAMEO sectors that, with "in <town>", name an institution ("police in Lagos").
    body_sectors => "cameo/body_sectors.txt",
    /// Words after a name that make it an administrative area ("Osun State").
    area_designators => "grammar/area_designators.txt",
    /// Words between a preposition and a place ("central").
    region_words => "grammar/region_words.txt",
    /// Forms of "be" and "get" that make a passive.
    be_forms => "grammar/be_forms.txt",
    /// Words that negate the verb after them.
    negators => "grammar/negators.txt",
    /// Modal verbs.
    modals => "grammar/modals.txt",
    /// Words before "to" + verb that make the act announced, not done.
    intent_words => "grammar/intent_words.txt",
    /// Words that make an act expected or threatened.
    hedges => "grammar/hedges.txt",
    /// Verbs that deny the act whose gerund follows.
    deny_verbs => "grammar/deny_verbs.txt",
    /// Verbs that, before "to", mean the act was refused.
    refusal_verbs => "grammar/refusal_verbs.txt",
    /// Verbs that carry an event noun.
    light_verbs => "grammar/light_verbs.txt",
    /// Function words that may stand between a subject and its verb.
    subject_gap_words => "grammar/subject_gap_words.txt",
    /// Personal pronouns that name a speaker.
    speaker_pronouns => "grammar/speaker_pronouns.txt",
    /// Words after which a full stop does not end a sentence.
    abbreviations => "grammar/abbreviations.txt",
    /// Common English function words (language check).
    english_function_words => "grammar/english_function_words.txt",
    /// Pronouns that open a relative clause.
    relative_pronouns => "grammar/relative_pronouns.txt",
    /// Prepositions whose object is the target of an act.
    target_prepositions => "grammar/target_prepositions.txt",
    /// Prepositions whose object is the recipient of a thing given or aimed.
    recipient_prepositions => "grammar/recipient_prepositions.txt",
    /// Common nouns that name people, groups or polities without making them an agent.
    party_nouns => "grammar/party_nouns.txt",
    /// CAMEO role codes that need a country in front.
    country_roles => "cameo/country_roles.txt",
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_page_dense_in_topic_words_is_off_public_affairs() {
        let g = Grammar::load(&mut |f| {
            FILES
                .iter()
                .find(|(n, _)| *n == f)
                .map_or(String::new(), |(_, t)| t.to_string())
        })
        .unwrap();
        let words = |s: &'static str| s.split_whitespace();
        let match_report = "the striker scored twice as the league leaders beat the visitors 4-1 \
                            and the coach praised his players after the match";
        assert_eq!(g.topics.page_topic(words(match_report)), Some("sports"));
        // The same words among the words of politics and war are no sports page.
        let war = "troops and militants clashes killed soldiers the army said the president \
                   and the government the striker scored twice 4-1 coach players match";
        assert_eq!(g.topics.page_topic(words(war)), None);
        // Too few topic words say nothing.
        assert_eq!(g.topics.page_topic(words("the match was cancelled")), None);
    }

    use super::*;

    fn builtin() -> Grammar {
        let files: HashMap<&str, &str> = FILES.iter().copied().collect();
        Grammar::load(&mut |n| files.get(n).map(|s| s.to_string()).unwrap_or_default())
            .expect("built-in grammar tables are valid")
    }

    #[test]
    fn verb_forms_regular_and_irregular() {
        let g = builtin().inflect;
        let f = g.verb_forms("strike");
        for w in ["strike", "strikes", "striking", "struck", "stricken"] {
            assert!(f.contains(&w.to_string()), "{w} in {f:?}");
        }
        let f = g.verb_forms("ban");
        assert!(f.contains(&"banned".to_string()) && f.contains(&"banning".to_string()));
        let f = g.verb_forms("deny");
        assert!(f.contains(&"denied".to_string()) && f.contains(&"denies".to_string()));
        assert!(g.verb_forms("meet").contains(&"met".to_string()));
        assert!(g.verb_forms("expel").contains(&"expelled".to_string()));
        assert!(g.verb_forms("limit").contains(&"limited".to_string()));
        assert!(g.is_participle("fought") && g.is_participle("seized"));
        assert!(!g.is_participle("talks"));
        assert_eq!(plural("ally"), "allies");
        assert_eq!(plural("strike"), "strikes");
    }

    #[test]
    fn speech_forms_by_use() {
        let s = builtin().speech;
        assert!(s.cue.contains("said") && s.cue.contains("adds") && s.cue.contains("say"));
        // A bare form that is also a common noun does not cue a quote.
        assert!(!s.cue.contains("note") && s.cue.contains("noted"));
        assert!(s.report.contains("warned") && !s.report.contains("added"));
        assert!(s.frame.contains("urged") && !s.frame.contains("tweeted"));
    }

    #[test]
    fn code_rules_exact_then_longest_prefix() {
        let c = builtin().codes;
        assert_eq!(c.derive("demand", "0874"), Some("106"));
        assert_eq!(c.derive("demand", "087"), Some("107"));
        assert_eq!(c.derive("demand", "190"), Some("100"));
        assert_eq!(c.derive("intent", "05"), Some("030"));
        assert_eq!(c.derive("intent", "051"), Some("032"));
        assert_eq!(c.derive("threat", "163"), Some("1312"));
        assert_eq!(c.derive("threat", "172"), Some("132"));
        assert_eq!(c.derive("reciprocal", "042"), Some("no"));
        assert_eq!(c.derive("reciprocal", "040"), Some("yes"));
        assert_eq!(c.derive("reject", "190"), None);
    }

    #[test]
    fn equipment_tables() {
        let e = builtin().equipment;
        assert_eq!(e.nouns.get("tanks").map(String::as_str), Some("vehicle"));
        assert_eq!(
            e.nouns.get("rocket-propelled grenades").map(String::as_str),
            Some("munition")
        );
        assert_eq!(e.nouns.get("think tank").map(String::as_str), Some("-"));
        assert_eq!(
            e.names.get("storm shadow").map(String::as_str),
            Some("missile")
        );
        assert!(e.modifiers.contains("ballistic"));
    }
}
