//! Training a model from a treebank, and scoring a model against one.

use crate::conllu::TreeSentence;
use crate::lex::Lex;
use crate::parser::{projectivise, ParseExample, Parser};
use crate::tagger::Tagger;
use crate::Model;

/// How to train.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrainOptions {
    /// Passes over the data for the tagger.
    pub tagger_epochs: usize,
    /// Passes over the data for the parser.
    pub parser_epochs: usize,
    /// Beam width of the parser (1 = greedy).
    pub beam: usize,
    /// Passes over the data for the beam parser's transition model.
    pub beam_epochs: usize,
    /// Parts the training data is cut into to give the parser tags predicted by a tagger
    /// that did not see the sentence (jack-knifing); 1 trains the parser on gold tags.
    pub folds: usize,
    /// Seed of the shuffles, so that training is repeatable.
    pub seed: u64,
    /// Features that took part in fewer updates than this are left out of the model.
    pub prune: u32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            tagger_epochs: 10,
            parser_epochs: 15,
            beam: 1,
            beam_epochs: 16,
            folds: 5,
            seed: 20_261_201,
            prune: 2,
        }
    }
}

fn names(it: impl Iterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = it.collect();
    v.sort();
    v.dedup();
    v
}

/// Trains a tagger and parser on `data`; `log` hears of each step.
pub fn train(data: &[TreeSentence], opts: TrainOptions, mut log: impl FnMut(&str)) -> Model {
    let tags = names(data.iter().flat_map(|s| s.upos.iter().cloned()));
    let labels = names(data.iter().flat_map(|s| s.deprels.iter().cloned()));
    let index = |v: &[String], x: &str| v.iter().position(|y| y == x).unwrap_or(0) as u8;
    let tagged: Vec<(Vec<Lex>, Vec<u8>)> = data
        .iter()
        .map(|s| {
            (
                s.forms.iter().map(|f| Lex::new(f)).collect(),
                s.upos.iter().map(|t| index(&tags, t)).collect(),
            )
        })
        .collect();
    // Tags the parser trains on: each fold tagged by a tagger trained on the others.
    let mut predicted: Vec<Vec<u8>> = tagged.iter().map(|(_, t)| t.clone()).collect();
    if opts.folds > 1 {
        for k in 0..opts.folds {
            let rest: Vec<(Vec<Lex>, Vec<u8>)> = tagged
                .iter()
                .enumerate()
                .filter(|(i, _)| i % opts.folds != k)
                .map(|(_, x)| x.clone())
                .collect();
            let t = Tagger::train(
                tags.clone(),
                &rest,
                opts.tagger_epochs,
                opts.seed + k as u64,
                opts.prune,
            );
            for (i, (lex, _)) in tagged.iter().enumerate() {
                if i % opts.folds == k {
                    predicted[i] = t.tag(lex);
                }
            }
            log(&format!(
                "jack-knife tagger {}/{} trained",
                k + 1,
                opts.folds
            ));
        }
    }
    let tagger = Tagger::train(tags, &tagged, opts.tagger_epochs, opts.seed, opts.prune);
    log(&format!("tagger trained: {} features", tagger.table.len()));
    let examples: Vec<ParseExample> = data
        .iter()
        .zip(tagged)
        .zip(predicted)
        .map(|((s, (lex, _)), tags)| {
            let n = s.forms.len();
            let mut heads: Vec<usize> = s
                .heads
                .iter()
                .map(|&h| if h == 0 { n } else { h - 1 })
                .collect();
            projectivise(&mut heads);
            ParseExample {
                lex,
                tags,
                heads,
                labels: s.deprels.iter().map(|l| index(&labels, l)).collect(),
            }
        })
        .collect();
    let parser = Parser::train(
        labels,
        &examples,
        opts.parser_epochs,
        opts.beam,
        opts.beam_epochs,
        opts.seed,
        opts.prune,
    );
    log(&format!(
        "parser trained: {} transition and {} label features",
        parser.trans.len(),
        parser.labeller.len()
    ));
    Model { tagger, parser }
}

/// Accuracy of a model on a treebank, from gold tokens; every word counts, punctuation
/// too (as the CoNLL 2018 shared task scores).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// Sentences scored.
    pub sentences: usize,
    /// Words scored.
    pub words: usize,
    /// Share of words with the right universal part of speech.
    pub upos: f64,
    /// Share of words with the right head.
    pub uas: f64,
    /// Share with the right head and universal relation (subtypes ignored, as CoNLL 2018).
    pub las: f64,
    /// Share with the right head and the full relation, subtype included.
    pub las_full: f64,
}

/// Scores `model` against the gold trees of `data`.
pub fn evaluate(model: &Model, data: &[TreeSentence]) -> Scores {
    let (mut words, mut upos, mut uas, mut las, mut full) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    for s in data {
        let p = model.parse(&s.forms);
        for i in 0..s.forms.len() {
            words += 1;
            upos += usize::from(p.upos[i].name() == s.upos[i]);
            let gold_head = s.heads[i].checked_sub(1);
            if p.head[i] == gold_head {
                uas += 1;
                let universal = |l: &str| l.split(':').next().unwrap_or("").to_string();
                las += usize::from(universal(p.deprel[i]) == universal(&s.deprels[i]));
                full += usize::from(p.deprel[i] == s.deprels[i]);
            }
        }
    }
    let w = words.max(1) as f64;
    Scores {
        sentences: data.len(),
        words,
        upos: upos as f64 / w,
        uas: uas as f64 / w,
        las: las as f64 / w,
        las_full: full as f64 / w,
    }
}
