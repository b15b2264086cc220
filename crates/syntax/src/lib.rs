//! Syntax for newsgraph: a part-of-speech tagger and a dependency parser for English,
//! trained on the Universal Dependencies English Web Treebank (CC BY-SA 4.0) by
//! `newsgraph-syntax train`. The trained model is built into the crate
//! (`data/en_ewt.model`) and loaded once, on first use.
//!
//! ```
//! let model = newsgraph_syntax::Model::builtin();
//! let p = model.parse(&["Turkey", "condemned", "the", "strike", "."]);
//! assert_eq!(p.root(), Some(1));
//! assert_eq!(p.deprel[0], "nsubj");
//! ```

pub mod conllu;
mod hash;
mod lex;
mod model;
mod parser;
mod perceptron;
mod table;
mod tagger;
pub mod train;

pub use model::ModelError;
pub use table::Table;

use lex::Lex;
use parser::Parser;
use std::sync::OnceLock;
use tagger::Tagger;

/// Universal part-of-speech tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Upos {
    /// Adjective.
    Adj,
    /// Adposition.
    Adp,
    /// Adverb.
    Adv,
    /// Auxiliary.
    Aux,
    /// Coordinating conjunction.
    Cconj,
    /// Determiner.
    Det,
    /// Interjection.
    Intj,
    /// Noun.
    Noun,
    /// Numeral.
    Num,
    /// Particle.
    Part,
    /// Pronoun.
    Pron,
    /// Proper noun.
    Propn,
    /// Punctuation.
    Punct,
    /// Subordinating conjunction.
    Sconj,
    /// Symbol.
    Sym,
    /// Verb.
    Verb,
    /// Other.
    X,
}

impl Upos {
    /// The tag of a UD name (`NOUN`), or `X` for an unknown one.
    pub fn from_name(name: &str) -> Upos {
        match name {
            "ADJ" => Upos::Adj,
            "ADP" => Upos::Adp,
            "ADV" => Upos::Adv,
            "AUX" => Upos::Aux,
            "CCONJ" => Upos::Cconj,
            "DET" => Upos::Det,
            "INTJ" => Upos::Intj,
            "NOUN" => Upos::Noun,
            "NUM" => Upos::Num,
            "PART" => Upos::Part,
            "PRON" => Upos::Pron,
            "PROPN" => Upos::Propn,
            "PUNCT" => Upos::Punct,
            "SCONJ" => Upos::Sconj,
            "SYM" => Upos::Sym,
            "VERB" => Upos::Verb,
            _ => Upos::X,
        }
    }

    /// The UD name of the tag.
    pub fn name(self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
        }
    }
}

/// The tagged and parsed words of one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parse<'m> {
    /// Part of speech of each word.
    pub upos: Vec<Upos>,
    /// Head of each word (0-based), `None` for the root of the sentence.
    pub head: Vec<Option<usize>>,
    /// Relation of each word to its head, as UD names it (`nsubj`, `obl:tmod`, `root`).
    pub deprel: Vec<&'m str>,
}

impl Parse<'_> {
    /// The word at the root of the sentence.
    pub fn root(&self) -> Option<usize> {
        self.head.iter().position(Option::is_none)
    }

    /// The dependents of word `h`, left to right.
    pub fn children(&self, h: usize) -> impl Iterator<Item = usize> + '_ {
        self.head
            .iter()
            .enumerate()
            .filter(move |(_, x)| **x == Some(h))
            .map(|(i, _)| i)
    }
}

/// A tagger and parser.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    tagger: Tagger,
    parser: Parser,
}

static BUILTIN: OnceLock<Model> = OnceLock::new();
static BUILTIN_BYTES: &[u8] = include_bytes!("../data/en_ewt.model");

impl Model {
    /// The model built into the crate (trained on UD English EWT), loaded on first use.
    pub fn builtin() -> &'static Model {
        BUILTIN.get_or_init(|| {
            // The file is checked by this crate's tests; a broken one is a build defect.
            Model::from_bytes(BUILTIN_BYTES).expect("the built-in syntax model is valid")
        })
    }

    /// Reads a model file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let (tagger, parser) = model::read(bytes)?;
        Ok(Model { tagger, parser })
    }

    /// The model as file bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        model::write(&self.tagger, &self.parser)
    }

    /// Tag names the tagger predicts.
    pub fn tag_names(&self) -> &[String] {
        self.tagger.tag_names()
    }

    /// Relation names the parser predicts.
    pub fn label_names(&self) -> &[String] {
        self.parser.label_names()
    }

    /// Tags and parses one sentence of word forms (tokenised as UD does: `do` `n't`,
    /// `Turkey` `'s`, punctuation apart).
    pub fn parse<S: AsRef<str>>(&self, words: &[S]) -> Parse<'_> {
        if words.is_empty() {
            return Parse {
                upos: Vec::new(),
                head: Vec::new(),
                deprel: Vec::new(),
            };
        }
        let lex: Vec<Lex> = words.iter().map(|w| Lex::new(w.as_ref())).collect();
        let tags = self.tagger.tag(&lex);
        let arcs = self.parser.parse(&lex, &tags);
        Parse {
            upos: tags
                .iter()
                .map(|&t| Upos::from_name(&self.tagger.tags[t as usize]))
                .collect(),
            head: arcs.heads,
            deprel: arcs
                .labels
                .iter()
                .map(|&l| self.parser.labels[l as usize].as_str())
                .collect(),
        }
    }

    /// Tags one sentence without parsing it.
    pub fn tag<S: AsRef<str>>(&self, words: &[S]) -> Vec<Upos> {
        let lex: Vec<Lex> = words.iter().map(|w| Lex::new(w.as_ref())).collect();
        self.tagger
            .tag(&lex)
            .iter()
            .map(|&t| Upos::from_name(&self.tagger.tags[t as usize]))
            .collect()
    }
}

/// Word endings that UD writes as words of their own (`data/clitics.txt`).
fn clitics() -> &'static [String] {
    static CLITICS: OnceLock<Vec<String>> = OnceLock::new();
    CLITICS.get_or_init(|| {
        let mut v: Vec<String> = include_str!("../data/clitics.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect();
        v.sort_by_key(|c| std::cmp::Reverse(c.len()));
        v
    })
}

/// Splits one token into the words the model was trained on: `don't` → `do` + `n't`,
/// `they're` → `they` + `'re`; byte offsets of each word within the token.
pub fn ud_words(token: &str) -> Vec<(usize, usize)> {
    let lower = token.to_lowercase();
    if lower.len() == token.len() {
        for c in clitics() {
            if lower.len() > c.len() && lower.ends_with(c.as_str()) {
                let cut = token.len() - c.len();
                // "can't" is "ca" + "n't" in UD.
                if token.is_char_boundary(cut) {
                    return vec![(0, cut), (cut, token.len())];
                }
            }
        }
    }
    vec![(0, token.len())]
}

/// A small deterministic random generator (xorshift64*) for shuffling training data.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    pub(crate) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}
