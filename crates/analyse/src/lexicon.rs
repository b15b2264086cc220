//! The dictionaries: CAMEO codes and their PLOVER mapping, countries, organisations,
//! agents (sector words), leaders with their terms, verb patterns and event nouns.
//!
//! All of it is data under `data/`, compiled in as the default and replaceable with
//! `--dictionaries DIR` (same file names). PETRARCH-format dictionaries are read by
//! [`crate::petrarch`].

use std::collections::HashMap;
use std::path::Path;

/// A problem in a dictionary file.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A line does not have the expected columns.
    #[error("{file}:{line}: {msg}")]
    Format {
        /// The file name.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        msg: String,
    },
}

/// Goldstein value and name of a CAMEO code.
#[derive(Debug, Clone)]
pub struct CodeInfo {
    /// Goldstein value.
    pub goldstein: f32,
    /// Name.
    pub name: String,
}

/// A country with the words that name it.
#[derive(Debug, Clone, Default)]
pub struct Country {
    /// ISO 3166 alpha-3 (the CAMEO country code).
    pub code: String,
    /// Common English name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Adjectives and demonyms.
    pub adjectives: Vec<String>,
    /// Capital city names.
    pub capitals: Vec<String>,
    /// Seats of power standing for a branch of the state ("Kremlin" → GOV).
    pub seats: Vec<(String, String)>,
}

/// An organisation: IGO, NGO, armed group, party, company or medium.
#[derive(Debug, Clone, Default)]
pub struct Org {
    /// CAMEO actor code.
    pub code: String,
    /// Canonical name.
    pub name: String,
    /// Other names and abbreviations.
    pub aliases: Vec<String>,
    /// Kind (igo, ngo, armed_group, party, company, media).
    pub kind: String,
    /// Home country, for national organisations.
    pub country: Option<String>,
}

/// A sector word that turns a country into an actor ("army" → MIL).
#[derive(Debug, Clone, Default)]
pub struct Agent {
    /// The word or phrase, lower case.
    pub word: String,
    /// Plural forms.
    pub plurals: Vec<String>,
    /// CAMEO role code.
    pub role: String,
}

/// A person holding an office for a time.
#[derive(Debug, Clone, Default)]
pub struct Leader {
    /// Full name.
    pub name: String,
    /// Other spellings and the bare surname.
    pub aliases: Vec<String>,
    /// Country (alpha-3) or organisation code.
    pub country: String,
    /// Title of the office.
    pub title: String,
    /// Actor code while in office.
    pub code: String,
    /// First day in office (ISO, possibly only year or year-month).
    pub from: String,
    /// Last day in office, empty while in office.
    pub to: String,
}

/// A verb pattern.
#[derive(Debug, Clone)]
pub struct VerbRule {
    /// Words of the phrase, lower case; the first is the verb lemma; "x" marks the target slot.
    pub words: Vec<String>,
    /// CAMEO code, or "---" for a pattern that blocks coding.
    pub code: String,
    /// Cue phrases, one of which must follow the verb in the clause.
    pub after: Vec<Vec<String>>,
    /// Whether the passive voice swaps source and target.
    pub passive: bool,
}

/// A noun that names an event ("air strike", "talks").
#[derive(Debug, Clone)]
pub struct NounRule {
    /// Words of the phrase, lower case.
    pub words: Vec<String>,
    /// CAMEO code.
    pub code: String,
    /// Prepositions introducing the source after the noun ("by", "between").
    pub source_prep: Vec<String>,
    /// Prepositions introducing the target after the noun ("on", "against", "to").
    pub target_prep: Vec<String>,
}

/// What a dictionary phrase names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// A country by name.
    Country(usize),
    /// A country adjective or demonym.
    Adjective(usize),
    /// A country's capital.
    Capital(usize),
    /// A seat of power: country and index into its `seats`.
    Seat(usize, usize),
    /// An organisation.
    Org(usize),
    /// A leader's name.
    Leader(usize),
    /// A sector word, singular or plural.
    Agent(usize),
}

/// All dictionaries, indexed for matching.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// CAMEO code table.
    pub codes: HashMap<String, CodeInfo>,
    /// CAMEO prefix → (PLOVER category, mode), longest prefix wins.
    pub plover: HashMap<String, (String, Option<String>)>,
    /// Countries.
    pub countries: Vec<Country>,
    /// Organisations.
    pub orgs: Vec<Org>,
    /// Agents.
    pub agents: Vec<Agent>,
    /// Leaders.
    pub leaders: Vec<Leader>,
    /// Verb patterns.
    pub verbs: Vec<VerbRule>,
    /// Event nouns.
    pub nouns: Vec<NounRule>,
    /// Phrases whose presence stops coding: (words, whole story rather than sentence).
    pub discards: Vec<(Vec<String>, bool)>,
    /// Phrase (lower-case tokens joined by ' ') → entries, for names and agents.
    pub phrases: HashMap<String, Vec<Entry>>,
    /// First word of a phrase → the longest phrase starting with it, in words.
    pub phrase_starts: HashMap<String, usize>,
    /// Inflected verb form → verb rule indices.
    pub verb_forms: HashMap<String, Vec<usize>>,
    /// First noun word (and its plural) → noun rule indices.
    pub noun_heads: HashMap<String, Vec<usize>>,
    /// Country code → index.
    pub country_index: HashMap<String, usize>,
    /// Closed word classes and grammar tables.
    pub grammar: crate::grammar::Grammar,
}

/// The dictionary files, by name, as compiled into the binary.
pub const DEFAULT_FILES: &[(&str, &str)] = &[
    (
        "cameo/eventcodes.tsv",
        include_str!("../data/cameo/eventcodes.tsv"),
    ),
    ("cameo/plover.tsv", include_str!("../data/cameo/plover.tsv")),
    (
        "actors/countries.tsv",
        include_str!("../data/actors/countries.tsv"),
    ),
    (
        "actors/organisations.tsv",
        include_str!("../data/actors/organisations.tsv"),
    ),
    (
        "actors/agents.tsv",
        include_str!("../data/actors/agents.tsv"),
    ),
    (
        "actors/leaders.tsv",
        include_str!("../data/actors/leaders.tsv"),
    ),
    ("verbs.tsv", include_str!("../data/verbs.tsv")),
    ("event_nouns.tsv", include_str!("../data/event_nouns.tsv")),
];

/// Every built-in file: the dictionaries and the grammar tables.
pub fn builtin_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    DEFAULT_FILES
        .iter()
        .chain(crate::grammar::FILES.iter())
        .copied()
}

fn rows<'a>(file: &'a str, text: &'a str) -> impl Iterator<Item = (usize, Vec<&'a str>)> + 'a {
    let _ = file;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(n, l)| (n + 1, l.split('\t').map(str::trim).collect()))
}

fn list(s: Option<&&str>) -> Vec<String> {
    s.map(|s| {
        s.split('|')
            .map(str::trim)
            .filter(|x| !x.is_empty() && *x != "-")
            .map(str::to_string)
            .collect()
    })
    .unwrap_or_default()
}

fn need(file: &str, line: usize, cols: &[&str], n: usize) -> Result<(), LexiconError> {
    if cols.len() < n || cols[..n].iter().any(|c| c.is_empty()) {
        return Err(LexiconError::Format {
            file: file.to_string(),
            line,
            msg: format!(
                "expected at least {n} non-empty tab-separated columns, found {}",
                cols.len()
            ),
        });
    }
    Ok(())
}

/// Lower-case tokens of a phrase, split like the text tokenizer splits words.
pub fn phrase_key(s: &str) -> String {
    crate::text::tokenize(s)
        .into_iter()
        .map(|t| t.lower)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Lexicon {
    /// Whether `w` (lower case) is a sector or role word ("police", "troops").
    pub fn is_agent_word(&self, w: &str) -> bool {
        self.phrases
            .get(w)
            .is_some_and(|es| es.iter().any(|e| matches!(e, Entry::Agent(_))))
    }

    /// Whether `code` is a bare sector or role code of the agent words ("MIL", "REB"),
    /// which many different parties share.
    pub fn is_role_code(&self, code: &str) -> bool {
        self.agents.iter().any(|a| a.role == code)
    }

    /// The dictionaries compiled into the binary.
    pub fn builtin() -> Lexicon {
        let files: HashMap<&str, &str> = builtin_files().collect();
        Lexicon::from_texts(&mut |name| files.get(name).map(|s| s.to_string()))
            .expect("the built-in dictionaries are valid (checked by tests)")
    }

    /// The CAMEO tables, grammar and equipment, with no actors, verbs or event nouns (for
    /// dictionaries brought from elsewhere).
    pub fn cameo_only() -> Lexicon {
        let files: HashMap<&str, &str> = builtin_files()
            .filter(|(n, _)| {
                !n.starts_with("actors/") && *n != "verbs.tsv" && *n != "event_nouns.tsv"
            })
            .collect();
        Lexicon::from_texts(&mut |name| files.get(name).map(|s| s.to_string()))
            .expect("the built-in CAMEO tables are valid (checked by tests)")
    }

    /// Rebuilds the indexes after entries were added directly.
    pub fn rebuild_index(&mut self) {
        self.phrases.clear();
        self.verb_forms.clear();
        self.noun_heads.clear();
        self.index();
    }

    /// Dictionaries from `dir`; files missing there fall back to the built-in ones.
    pub fn from_dir(dir: &Path) -> Result<Lexicon, LexiconError> {
        let files: HashMap<&str, &str> = builtin_files().collect();
        let mut err = None;
        let lex = Lexicon::from_texts(&mut |name| {
            let p = dir.join(name);
            if p.exists() {
                match std::fs::read_to_string(&p) {
                    Ok(s) => Some(s),
                    Err(e) => {
                        err.get_or_insert(LexiconError::Io {
                            path: p.display().to_string(),
                            source: e,
                        });
                        None
                    }
                }
            } else {
                files.get(name).map(|s| s.to_string())
            }
        });
        // The closure cannot return errors through from_texts; surface the first.
        match (lex, err) {
            (_, Some(e)) => Err(e),
            (r, None) => r,
        }
    }

    fn from_texts(get: &mut dyn FnMut(&str) -> Option<String>) -> Result<Lexicon, LexiconError> {
        let mut lex = Lexicon::default();
        let mut text = |name: &str| get(name).unwrap_or_default();

        let f = "cameo/eventcodes.tsv";
        for (line, c) in rows(f, &text(f)) {
            need(f, line, &c, 3)?;
            let goldstein = c[1].parse().map_err(|_| LexiconError::Format {
                file: f.to_string(),
                line,
                msg: format!("bad Goldstein value {:?}", c[1]),
            })?;
            lex.codes.insert(
                c[0].to_string(),
                CodeInfo {
                    goldstein,
                    name: c[2].to_string(),
                },
            );
        }
        let f = "cameo/plover.tsv";
        for (line, c) in rows(f, &text(f)) {
            need(f, line, &c, 2)?;
            let mode = c.get(2).filter(|m| !m.is_empty()).map(|m| m.to_string());
            lex.plover
                .insert(c[0].to_string(), (c[1].to_string(), mode));
        }
        let f = "actors/countries.tsv";
        for (line, c) in rows(f, &text(f)) {
            need(f, line, &c, 3)?;
            let seats = list(c.get(6))
                .into_iter()
                .filter_map(|s| {
                    s.split_once('=')
                        .map(|(w, r)| (w.trim().to_string(), r.trim().to_string()))
                })
                .collect();
            lex.country_index
                .insert(c[0].to_string(), lex.countries.len());
            lex.countries.push(Country {
                code: c[0].to_string(),
                name: c[2].to_string(),
                aliases: list(c.get(3)),
                adjectives: list(c.get(4)),
                capitals: list(c.get(5)),
                seats,
            });
        }
        let f = "actors/organisations.tsv";
        for (line, c) in rows(f, &text(f)) {
            need(f, line, &c, 2)?;
            lex.orgs.push(Org {
                code: c[0].to_string(),
                name: c[1].to_string(),
                aliases: list(c.get(2)),
                kind: c.get(3).unwrap_or(&"").to_string(),
                country: c.get(4).filter(|s| !s.is_empty()).map(|s| s.to_string()),
            });
        }
        let f = "actors/agents.tsv";
        for (line, c) in rows(f, &text(f)) {
            need(f, line, &c, 3)?;
            let mut plurals = list(c.get(1));
            if c[1].is_empty() {
                plurals.push(format!("{}s", c[0]));
            }
            lex.agents.push(Agent {
                word: c[0].to_lowercase(),
                plurals,
                role: c[2].trim_start_matches('~').to_string(),
            });
        }
        let f = "actors/leaders.tsv";
        for (line, c) in rows(f, &text(f)) {
            need(f, line, &c, 5)?;
            lex.leaders.push(Leader {
                name: c[0].to_string(),
                aliases: list(c.get(1)),
                country: c[2].to_string(),
                title: c[3].to_string(),
                code: c[4].to_string(),
                from: c.get(5).unwrap_or(&"").to_string(),
                to: c.get(6).unwrap_or(&"").to_string(),
            });
        }
        let f = "verbs.tsv";
        for (line, c) in rows(f, &text(f)) {
            need(f, line, &c, 2)?;
            let words: Vec<String> = c[0].split_whitespace().map(|w| w.to_lowercase()).collect();
            lex.verbs.push(VerbRule {
                words,
                code: c[1].to_string(),
                after: list(c.get(2))
                    .iter()
                    .map(|p| p.split_whitespace().map(str::to_lowercase).collect())
                    .collect(),
                passive: c.get(3).is_some_and(|p| p.eq_ignore_ascii_case("y")),
            });
        }
        let f = "event_nouns.tsv";
        for (line, c) in rows(f, &text(f)) {
            need(f, line, &c, 2)?;
            lex.nouns.push(NounRule {
                words: c[0].split_whitespace().map(str::to_lowercase).collect(),
                code: c[1].to_string(),
                source_prep: list(c.get(2)),
                target_prep: list(c.get(3)),
            });
        }
        lex.grammar = crate::grammar::Grammar::load(&mut text)?;
        lex.index();
        Ok(lex)
    }

    /// Builds the phrase, verb-form and noun indexes.
    fn index(&mut self) {
        let add = |phrases: &mut HashMap<String, Vec<Entry>>, s: &str, e: Entry| {
            let key = phrase_key(s);
            if key.is_empty() {
                return;
            }
            let v = phrases.entry(key).or_default();
            if !v.contains(&e) {
                v.push(e);
            }
        };
        let mut phrases = HashMap::new();
        for (i, c) in self.countries.iter().enumerate() {
            add(&mut phrases, &c.name, Entry::Country(i));
            for a in &c.aliases {
                add(&mut phrases, a, Entry::Country(i));
            }
            for a in &c.adjectives {
                add(&mut phrases, a, Entry::Adjective(i));
            }
            for a in &c.capitals {
                add(&mut phrases, a, Entry::Capital(i));
            }
            for (k, (s, _)) in c.seats.iter().enumerate() {
                add(&mut phrases, s, Entry::Seat(i, k));
            }
        }
        for (i, o) in self.orgs.iter().enumerate() {
            add(&mut phrases, &o.name, Entry::Org(i));
            for a in &o.aliases {
                add(&mut phrases, a, Entry::Org(i));
            }
        }
        for (i, l) in self.leaders.iter().enumerate() {
            add(&mut phrases, &l.name, Entry::Leader(i));
            for a in &l.aliases {
                add(&mut phrases, a, Entry::Leader(i));
            }
        }
        for (i, a) in self.agents.iter().enumerate() {
            add(&mut phrases, &a.word, Entry::Agent(i));
            for p in &a.plurals {
                add(&mut phrases, p, Entry::Agent(i));
            }
        }
        self.phrase_starts.clear();
        for k in phrases.keys() {
            let mut words = k.split(' ');
            let first = words.next().unwrap_or_default().to_string();
            let len = 1 + words.count();
            let e = self.phrase_starts.entry(first).or_default();
            *e = (*e).max(len);
        }
        self.phrases = phrases;

        for (i, v) in self.verbs.iter().enumerate() {
            if let Some(lemma) = v.words.first() {
                for form in self.grammar.inflect.verb_forms(lemma) {
                    self.verb_forms.entry(form).or_default().push(i);
                }
            }
        }
        for (i, n) in self.nouns.iter().enumerate() {
            if let Some(first) = n.words.first() {
                let mut heads = vec![first.clone()];
                if n.words.len() == 1 {
                    heads.push(crate::grammar::plural(first));
                }
                for h in heads {
                    self.noun_heads.entry(h).or_default().push(i);
                }
            }
        }
    }

    /// Goldstein value of a code (its parent's when the code itself is not listed).
    pub fn goldstein(&self, code: &str) -> f32 {
        let mut c = code;
        while !c.is_empty() {
            if let Some(i) = self.codes.get(c) {
                return i.goldstein;
            }
            c = &c[..c.len() - 1];
        }
        0.0
    }

    /// The PLOVER categories that CAMEO codes map to, sorted.
    pub fn plover_categories(&self) -> Vec<String> {
        let mut v: Vec<String> = self.plover.values().map(|(c, _)| c.clone()).collect();
        v.sort();
        v.dedup();
        v
    }

    /// PLOVER category and mode of a CAMEO code (longest listed prefix).
    pub fn plover(&self, code: &str) -> Option<(String, Option<String>)> {
        let mut c = code;
        while !c.is_empty() {
            if let Some(p) = self.plover.get(c) {
                return Some(p.clone());
            }
            c = &c[..c.len() - 1];
        }
        None
    }

    /// Index of a country by code.
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.country_index.get(code).map(|&i| &self.countries[i])
    }
}

/// QuadClass of a CAMEO code from its root: 01–05 verbal cooperation, 06–09 material
/// cooperation, 10–14 verbal conflict, 15–20 material conflict.
pub fn quad_class(code: &str) -> u8 {
    match code.get(..2).and_then(|r| r.parse::<u8>().ok()) {
        Some(1..=5) => 1,
        Some(6..=9) => 2,
        Some(10..=14) => 3,
        Some(15..=20) => 4,
        _ => 0,
    }
}
