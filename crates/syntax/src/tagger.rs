//! Part-of-speech tagger: two greedy left-to-right passes of an averaged perceptron over
//! word, affix, shape and context features, with a dictionary of words that always take
//! one tag. The second pass also sees the first pass's tags of the words to the right.

use crate::hash::feat;
use crate::lex::{Lex, NONE};
use crate::perceptron::Perceptron;
use crate::table::Table;
use rustc_hash::FxHashMap;

/// What training saw of one word form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Seen {
    /// Bit `t` is set when the word was seen with tag `t`.
    pub tags: u32,
    /// The tag of a frequent word that (nearly) always takes it, else `u8::MAX`.
    pub sure: u8,
}

/// The trained tagger.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagger {
    /// Tag names, by class number.
    pub(crate) tags: Vec<String>,
    /// Training words by normalised-form hash.
    pub(crate) seen: FxHashMap<u64, Seen>,
    /// Feature weights.
    pub(crate) table: Table,
}

/// Stand-in tag before the sentence start.
const START: u64 = 1 << 20;

impl Tagger {
    /// Tag names, by class number.
    pub fn tag_names(&self) -> &[String] {
        &self.tags
    }

    /// Tags a sentence; returns class numbers.
    pub(crate) fn tag(&self, lex: &[Lex]) -> Vec<u8> {
        let mut keys = Vec::with_capacity(80);
        let mut scores = vec![0i32; self.tags.len()];
        let first = self.pass(lex, None, &mut keys, &mut scores);
        self.pass(lex, Some(&first), &mut keys, &mut scores)
    }

    /// One left-to-right pass; the second pass is given the first one's tags.
    fn pass(
        &self,
        lex: &[Lex],
        first: Option<&[u8]>,
        keys: &mut Vec<u64>,
        scores: &mut [i32],
    ) -> Vec<u8> {
        let mut out = Vec::with_capacity(lex.len());
        for i in 0..lex.len() {
            if let Some(t) = self.sure(&lex[i]) {
                out.push(t);
                continue;
            }
            features(lex, &out, first, i, keys);
            scores.iter_mut().for_each(|s| *s = 0);
            self.table.score(keys, scores);
            out.push(argmax(scores) as u8);
        }
        out
    }

    fn sure(&self, l: &Lex) -> Option<u8> {
        self.seen
            .get(&l.norm)
            .and_then(|s| (s.sure != u8::MAX).then_some(s.sure))
    }

    /// Trains a tagger on sentences of (word descriptions, tag numbers).
    pub(crate) fn train(
        tags: Vec<String>,
        data: &[(Vec<Lex>, Vec<u8>)],
        epochs: usize,
        seed: u64,
        prune: u32,
    ) -> Tagger {
        let seen = dictionary(data);
        let mut t = Tagger {
            tags,
            seen,
            table: Table::empty(1),
        };
        let n = t.tags.len();
        let mut p = Perceptron::new(n);
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut rng = crate::Rng::new(seed);
        let mut keys = Vec::with_capacity(80);
        let mut scores = vec![0f32; n];
        for _ in 0..epochs {
            rng.shuffle(&mut order);
            for &s in &order {
                let (lex, gold) = &data[s];
                // The first pass learns as it goes, so the second sees the tags of a
                // first pass that had not yet learnt from this sentence.
                let mut first: Vec<u8> = Vec::with_capacity(lex.len());
                for second in [false, true] {
                    let mut out: Vec<u8> = Vec::with_capacity(lex.len());
                    for i in 0..lex.len() {
                        if let Some(tag) = t.sure(&lex[i]) {
                            out.push(tag);
                            continue;
                        }
                        features(lex, &out, second.then_some(&first[..]), i, &mut keys);
                        p.score(&keys, &mut scores);
                        let guess = argmax(&scores);
                        p.tick();
                        p.update(&keys, gold[i] as usize, guess);
                        out.push(guess as u8);
                    }
                    first = out;
                }
            }
        }
        t.table = p.finish(prune);
        t
    }
}

/// Words seen at least 20 times with one tag in 97 % of them are tagged from the
/// dictionary; every seen word keeps the set of its tags as a feature.
fn dictionary(data: &[(Vec<Lex>, Vec<u8>)]) -> FxHashMap<u64, Seen> {
    let mut counts: FxHashMap<u64, FxHashMap<u8, u32>> = FxHashMap::default();
    for (lex, tags) in data {
        for (l, &t) in lex.iter().zip(tags) {
            *counts.entry(l.norm).or_default().entry(t).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .map(|(w, c)| {
            let total: u32 = c.values().sum();
            let (&best, &n) = c
                .iter()
                .max_by_key(|(&t, &n)| (n, std::cmp::Reverse(t)))
                .expect("seen once");
            let tags = c.keys().fold(0u32, |m, &t| m | 1 << t);
            let sure = if total >= 20 && f64::from(n) / f64::from(total) >= 0.97 {
                best
            } else {
                u8::MAX
            };
            (w, Seen { tags, sure })
        })
        .collect()
}

/// Salt that keeps the second pass's weights apart from the first's.
const SECOND: u64 = 0x5ec0_d9a5_5ec0_d9a5;

/// Feature keys for word `i`, given the tags already chosen for the words before it and,
/// in the second pass, the first pass's tags of every word.
fn features(lex: &[Lex], prev: &[u8], first: Option<&[u8]>, i: usize, out: &mut Vec<u64>) {
    out.clear();
    let w = |k: isize| -> Option<&Lex> {
        let j = i as isize + k;
        (j >= 0).then(|| lex.get(j as usize)).flatten()
    };
    let norm = |k: isize| w(k).map_or(NONE, |l| l.norm);
    let suf = |k: isize, n: usize| w(k).map_or(NONE, |l| l.suf[n]);
    let shp = |k: isize| w(k).map_or(NONE, |l| l.shape);
    let t1 = if i >= 1 {
        u64::from(prev[i - 1])
    } else {
        START
    };
    let t2 = if i >= 2 {
        u64::from(prev[i - 2])
    } else {
        START
    };
    let me = &lex[i];
    let first_word = u64::from(i == 0);
    out.extend([
        feat(0, 0, 0, 0),
        feat(1, me.norm, 0, 0),
        feat(2, me.suf[0], 0, 0),
        feat(3, me.suf[1], 0, 0),
        feat(4, me.suf[2], 0, 0),
        feat(5, me.suf[3], 0, 0),
        feat(6, me.pre[0], 0, 0),
        feat(7, me.pre[1], 0, 0),
        feat(8, me.shape, first_word, 0),
        feat(9, norm(-1), 0, 0),
        feat(10, norm(1), 0, 0),
        feat(11, norm(-2), 0, 0),
        feat(12, norm(2), 0, 0),
        feat(13, suf(-1, 2), 0, 0),
        feat(14, suf(1, 2), 0, 0),
        feat(15, t1, 0, 0),
        feat(16, t1, t2, 0),
        feat(17, t1, me.norm, 0),
        feat(18, norm(-1), me.norm, 0),
        feat(19, me.norm, norm(1), 0),
        feat(20, t1, me.suf[2], 0),
        feat(21, me.norm, u64::from(me.cap), first_word),
        feat(27, shp(1), 0, 0),
        feat(28, shp(-1), me.shape, 0),
        feat(29, t2, 0, 0),
        feat(30, norm(1), norm(2), 0),
        feat(41, me.pre[1], me.suf[2], 0),
        feat(40, t1, u64::from(me.cap), first_word),
        feat(34, me.form, 0, 0),
        feat(42, me.pre[2], 0, 0),
        feat(43, me.pre[3], 0, 0),
        feat(44, suf(1, 3), 0, 0),
        feat(45, suf(1, 1), 0, 0),
        feat(46, suf(-1, 1), 0, 0),
        feat(47, t1, t2, me.norm),
        feat(48, t1, norm(1), 0),
        feat(50, shp(2), shp(1), 0),
    ]);
    let Some(f) = first else { return };
    for k in out.iter_mut() {
        *k = crate::hash::mix(*k ^ SECOND);
    }
    let tag = |k: isize| {
        let j = i as isize + k;
        if j < 0 {
            START
        } else {
            f.get(j as usize).map_or(START + 1, |&t| u64::from(t))
        }
    };
    let (n1, n2) = (tag(1), tag(2));
    out.extend([
        feat(60, n1, 0, 0),
        feat(61, n1, n2, 0),
        feat(62, me.norm, n1, 0),
        feat(63, me.suf[2], n1, 0),
        feat(64, t1, n1, 0),
        feat(65, t1, me.norm, n1),
        feat(67, n1, norm(1), 0),
        feat(68, me.suf[1], n1, n2),
        feat(69, t1, n1, n2),
        feat(70, tag(0), 0, 0),
        feat(71, me.norm, tag(0), n1),
    ]);
}

/// Index of the first largest score.
pub(crate) fn argmax<T: PartialOrd + Copy>(s: &[T]) -> usize {
    let mut best = 0;
    for (i, &x) in s.iter().enumerate() {
        if x > s[best] {
            best = i;
        }
    }
    best
}
