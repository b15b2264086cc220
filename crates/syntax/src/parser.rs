//! Dependency parser: an arc-hybrid transition system with the root at the end of the
//! buffer, an averaged perceptron choosing among shift / left-arc / right-arc, and a
//! second perceptron labelling each arc as it is made (when the dependent is complete, so
//! its own children inform its label). The labeller (and a greedy transition model) are
//! trained with a dynamic oracle and exploration; the transition model used with a beam
//! is then trained globally on whole transition sequences, with max-violation updates.

use crate::hash::feat;
use crate::lex::{Lex, NONE, ROOT};
use crate::perceptron::Perceptron;
use crate::table::Table;
use crate::tagger::argmax;

const SHIFT: usize = 0;
const LEFT: usize = 1;
const RIGHT: usize = 2;
/// "No word" in head and child slots.
const NO: usize = usize::MAX;
/// Tag value of the root and of empty positions in features.
const ROOT_TAG: u64 = 1 << 21;
const NO_TAG: u64 = 1 << 22;
const NO_LABEL: u64 = 1 << 23;

/// The trained parser.
#[derive(Debug, Clone, PartialEq)]
pub struct Parser {
    /// Relation names, by class number.
    pub(crate) labels: Vec<String>,
    /// Class number of `root`.
    pub(crate) root: u8,
    /// Transition weights (3 classes).
    pub(crate) trans: Table,
    /// Arc-label weights (one class per relation).
    pub(crate) labeller: Table,
    /// Beam width (1 = greedy).
    pub(crate) beam: u8,
}

/// One parse in the beam and its score.
struct Item {
    st: State,
    score: f64,
}

/// A parse in progress. Word `n` is the artificial root.
#[derive(Clone)]
struct State {
    n: usize,
    stack: Vec<usize>,
    b: usize,
    heads: Vec<usize>,
    labels: Vec<u8>,
    /// Leftmost and second-leftmost, rightmost and second-rightmost children.
    l1: Vec<usize>,
    l2: Vec<usize>,
    r1: Vec<usize>,
    r2: Vec<usize>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
    /// Root children in the order they were attached.
    roots: Vec<usize>,
}

impl State {
    fn new(n: usize) -> State {
        State {
            n,
            stack: Vec::with_capacity(n),
            b: 0,
            heads: vec![NO; n + 1],
            labels: vec![0; n + 1],
            l1: vec![NO; n + 1],
            l2: vec![NO; n + 1],
            r1: vec![NO; n + 1],
            r2: vec![NO; n + 1],
            nl: vec![0; n + 1],
            nr: vec![0; n + 1],
            lset: vec![0; n + 1],
            rset: vec![0; n + 1],
            roots: Vec::new(),
        }
    }

    /// Becomes a copy of `o`, reusing this state's memory.
    fn copy_from(&mut self, o: &State) {
        self.n = o.n;
        self.stack.clone_from(&o.stack);
        self.b = o.b;
        self.heads.clone_from(&o.heads);
        self.labels.clone_from(&o.labels);
        self.l1.clone_from(&o.l1);
        self.l2.clone_from(&o.l2);
        self.r1.clone_from(&o.r1);
        self.r2.clone_from(&o.r2);
        self.nl.clone_from(&o.nl);
        self.nr.clone_from(&o.nr);
        self.lset.clone_from(&o.lset);
        self.rset.clone_from(&o.rset);
        self.roots.clone_from(&o.roots);
    }

    fn done(&self) -> bool {
        self.stack.is_empty() && self.b == self.n
    }

    fn valid(&self) -> [bool; 3] {
        [
            self.b < self.n,
            !self.stack.is_empty(),
            self.stack.len() >= 2,
        ]
    }

    /// Head and dependent of the arc `action` would make.
    fn arc(&self, action: usize) -> (usize, usize) {
        let s0 = self.stack[self.stack.len() - 1];
        if action == LEFT {
            (self.b, s0)
        } else {
            (self.stack[self.stack.len() - 2], s0)
        }
    }

    fn apply(&mut self, action: usize, label: u8) {
        if action == SHIFT {
            self.stack.push(self.b);
            self.b += 1;
            return;
        }
        let (h, d) = self.arc(action);
        self.stack.pop();
        self.heads[d] = h;
        self.labels[d] = label;
        if h == self.n {
            self.roots.push(d);
        }
        if d < h {
            self.l2[h] = self.l1[h];
            self.l1[h] = d;
            self.nl[h] = self.nl[h].saturating_add(1);
            self.lset[h] |= 1 << (label & 63);
        } else {
            self.r2[h] = self.r1[h];
            self.r1[h] = d;
            self.nr[h] = self.nr[h].saturating_add(1);
            self.rset[h] |= 1 << (label & 63);
        }
    }

    /// Dynamic-oracle cost of each action: how many gold arcs it makes unreachable.
    fn costs(&self, gold: &[usize]) -> [u32; 3] {
        let mut c = [u32::MAX; 3];
        let valid = self.valid();
        let buffer_deps = |x: usize| (self.b..self.n).filter(|&d| gold[d] == x).count() as u32;
        if valid[SHIFT] {
            let b = self.b;
            let deps = self.stack.iter().filter(|&&s| gold[s] == b).count() as u32;
            let top = self.stack.len().saturating_sub(1);
            let head = self.stack[..top].contains(&gold[b]);
            c[SHIFT] = deps + u32::from(head);
        }
        if valid[LEFT] {
            let s0 = self.stack[self.stack.len() - 1];
            let s1 = (self.stack.len() >= 2).then(|| self.stack[self.stack.len() - 2]);
            let h = gold[s0];
            let lost_head = h != self.b && (Some(h) == s1 || h > self.b);
            c[LEFT] = buffer_deps(s0) + u32::from(lost_head);
        }
        if valid[RIGHT] {
            let s0 = self.stack[self.stack.len() - 1];
            c[RIGHT] = buffer_deps(s0) + u32::from(gold[s0] >= self.b);
        }
        c
    }
}

/// Words, tags and the parse state as seen by the feature templates.
struct View<'a> {
    lex: &'a [Lex],
    tags: &'a [u8],
    st: &'a State,
}

impl View<'_> {
    fn w(&self, i: usize) -> u64 {
        if i == NO {
            NONE
        } else if i == self.st.n {
            ROOT
        } else {
            self.lex[i].norm
        }
    }
    fn t(&self, i: usize) -> u64 {
        if i == NO {
            NO_TAG
        } else if i == self.st.n {
            ROOT_TAG
        } else {
            u64::from(self.tags[i])
        }
    }
    fn l(&self, i: usize) -> u64 {
        if i == NO || self.st.heads[i] == NO {
            NO_LABEL
        } else {
            u64::from(self.st.labels[i])
        }
    }
    /// Last three letters of word `i` (none for the root and empty positions).
    fn suffix(&self, i: usize) -> u64 {
        if i == NO || i == self.st.n {
            NONE
        } else {
            self.lex[i].suf[2]
        }
    }
    fn at(v: &[usize], i: usize) -> usize {
        if i == NO {
            NO
        } else {
            v[i]
        }
    }
}

/// Distance between two words, bucketed.
fn dist(a: usize, b: usize) -> u64 {
    if a == NO || b == NO {
        return 0;
    }
    match a.abs_diff(b) {
        d @ 0..=4 => d as u64,
        5..=7 => 5,
        8..=12 => 6,
        _ => 7,
    }
}

/// Feature keys for choosing the next transition.
fn trans_features(v: &View, out: &mut Vec<u64>) {
    out.clear();
    let st = v.st;
    let s = |k: usize| {
        if st.stack.len() > k {
            st.stack[st.stack.len() - 1 - k]
        } else {
            NO
        }
    };
    let (s0, s1, s2) = (s(0), s(1), s(2));
    let bq = |k: usize| if st.b + k <= st.n { st.b + k } else { NO };
    let (b0, b1, b2) = (bq(0), bq(1), bq(2));
    let s0l1 = View::at(&st.l1, s0);
    let s0l2 = View::at(&st.l2, s0);
    let s0r1 = View::at(&st.r1, s0);
    let s0r2 = View::at(&st.r2, s0);
    let s1l1 = View::at(&st.l1, s1);
    let s1r1 = View::at(&st.r1, s1);
    let s1r2 = View::at(&st.r2, s1);
    let b0l1 = View::at(&st.l1, b0);
    let b0l2 = View::at(&st.l2, b0);
    let wt = |i: usize| crate::hash::mix(v.w(i) ^ v.t(i).rotate_left(17));
    let (s0w, s0t, s0wt) = (v.w(s0), v.t(s0), wt(s0));
    let (s1w, s1t, s1wt) = (v.w(s1), v.t(s1), wt(s1));
    let (b0w, b0t, b0wt) = (v.w(b0), v.t(b0), wt(b0));
    let (b1w, b1t) = (v.w(b1), v.t(b1));
    let d0 = dist(s0, b0);
    let d1 = dist(s1, s0);
    let nr = |i: usize| if i == NO { 99 } else { u64::from(st.nr[i]) };
    let nl = |i: usize| if i == NO { 99 } else { u64::from(st.nl[i]) };
    let ls = |i: usize| if i == NO { 0 } else { st.lset[i] };
    let rs = |i: usize| if i == NO { 0 } else { st.rset[i] };
    out.extend([
        feat(0, 0, 0, 0),
        feat(1, s0w, 0, 0),
        feat(2, s0t, 0, 0),
        feat(3, s0wt, 0, 0),
        feat(4, s1w, 0, 0),
        feat(5, s1t, 0, 0),
        feat(6, s1wt, 0, 0),
        feat(7, b0w, 0, 0),
        feat(8, b0t, 0, 0),
        feat(9, b0wt, 0, 0),
        feat(10, b1w, 0, 0),
        feat(11, b1t, 0, 0),
        feat(12, wt(b1), 0, 0),
        feat(13, v.w(b2), 0, 0),
        feat(14, v.t(b2), 0, 0),
        feat(15, v.t(s2), 0, 0),
        feat(16, v.w(s2), 0, 0),
        // s0 with b0
        feat(17, s0wt, b0wt, 0),
        feat(18, s0wt, b0w, 0),
        feat(19, s0w, b0wt, 0),
        feat(20, s0wt, b0t, 0),
        feat(21, s0t, b0wt, 0),
        feat(22, s0w, b0w, 0),
        feat(23, s0t, b0t, 0),
        feat(24, b0t, b1t, 0),
        // s1 with s0
        feat(25, s1wt, s0wt, 0),
        feat(26, s1t, s0t, 0),
        feat(27, s1t, s0w, 0),
        feat(28, s1w, s0t, 0),
        feat(29, s1w, s0w, 0),
        feat(30, s1wt, s0t, 0),
        feat(31, s1t, s0wt, 0),
        // tag triples
        feat(32, b0t, b1t, v.t(b2)),
        feat(33, s0t, b0t, b1t),
        feat(34, s1t, s0t, b0t),
        feat(35, s0t, v.t(s0l1), b0t),
        feat(36, s0t, v.t(s0r1), b0t),
        feat(37, s0t, b0t, v.t(b0l1)),
        feat(38, s1t, s0t, v.t(s0l1)),
        feat(39, s1t, s0t, v.t(s0r1)),
        feat(40, s1t, v.t(s1r1), s0t),
        feat(41, v.t(s2), s1t, s0t),
        feat(42, s0t, v.t(s0l1), v.t(s0l2)),
        feat(43, s0t, v.t(s0r1), v.t(s0r2)),
        feat(44, b0t, v.t(b0l1), v.t(b0l2)),
        feat(45, s1t, v.t(s1r1), v.t(s1r2)),
        feat(46, s1t, v.t(s1l1), s0t),
        // distance
        feat(47, s0w, d0, 0),
        feat(48, s0t, d0, 0),
        feat(49, b0w, d0, 0),
        feat(50, b0t, d0, 0),
        feat(51, s0t, b0t, d0),
        feat(52, s1t, s0t, d1),
        feat(53, s1w, s0w, d1),
        // valency
        feat(54, s0w, nr(s0), 0),
        feat(55, s0t, nr(s0), 0),
        feat(56, s0w, nl(s0), 0),
        feat(57, s0t, nl(s0), 0),
        feat(58, b0w, nl(b0), 0),
        feat(59, b0t, nl(b0), 0),
        feat(60, s1t, nr(s1), 0),
        feat(61, s1w, nr(s1), 0),
        // children
        feat(62, v.w(s0l1), 0, 0),
        feat(63, v.t(s0l1), 0, 0),
        feat(64, v.l(s0l1), 0, 0),
        feat(65, v.w(s0r1), 0, 0),
        feat(66, v.t(s0r1), 0, 0),
        feat(67, v.l(s0r1), 0, 0),
        feat(68, v.w(b0l1), 0, 0),
        feat(69, v.t(b0l1), 0, 0),
        feat(70, v.l(b0l1), 0, 0),
        feat(71, v.w(s0l2), v.l(s0l2), 0),
        feat(72, v.w(s0r2), v.l(s0r2), 0),
        feat(73, v.w(b0l2), v.l(b0l2), 0),
        feat(74, v.w(s1r1), v.l(s1r1), 0),
        feat(75, v.t(s1r1), v.l(s1r1), 0),
        feat(76, v.t(s1l1), v.l(s1l1), 0),
        feat(77, s0t, v.l(s0l1), v.l(s0r1)),
        feat(78, s1t, v.l(s1r1), s0t),
        // label sets
        feat(79, s0w, ls(s0), 0),
        feat(80, s0t, ls(s0), 0),
        feat(81, s0w, rs(s0), 0),
        feat(82, s0t, rs(s0), 0),
        feat(83, b0w, ls(b0), 0),
        feat(84, b0t, ls(b0), 0),
        feat(85, s1t, rs(s1), 0),
        feat(86, s1t, ls(s1), s0t),
        // affixes of unknown-ish words
        feat(87, v.suffix(s0), b0t, 0),
        feat(88, v.suffix(b0), s0t, 0),
        // the word after s0 and before b0 (punctuation, conjunctions between them)
        feat(89, s0t, if s0 == NO { NO_TAG } else { v.t(s0 + 1) }, b0t),
        feat(
            90,
            s0t,
            if b0 == NO || b0 == 0 {
                NO_TAG
            } else {
                v.t(b0 - 1)
            },
            b0t,
        ),
    ]);
}

/// Feature keys for labelling the arc `h` → `d` (the dependent is complete).
fn label_features(v: &View, h: usize, d: usize, out: &mut Vec<u64>) {
    out.clear();
    let st = v.st;
    let dir = u64::from(d < h);
    let dd = dist(h, d);
    let (hw, ht, dw, dt) = (v.w(h), v.t(h), v.w(d), v.t(d));
    let dl1 = st.l1[d];
    let dr1 = st.r1[d];
    // The head's nearest child so far on the dependent's side.
    let hprev = if d < h { st.l1[h] } else { st.r1[h] };
    let before = if d == 0 { NO_TAG } else { v.t(d - 1) };
    let after = if d + 1 >= st.n { NO_TAG } else { v.t(d + 1) };
    out.extend([
        feat(100, 0, 0, 0),
        feat(101, dw, 0, 0),
        feat(102, dt, dir, 0),
        feat(103, dw, dt, dir),
        feat(104, hw, dir, 0),
        feat(105, ht, dir, 0),
        feat(106, hw, ht, dir),
        feat(107, ht, dt, dir),
        feat(108, hw, dt, dir),
        feat(109, ht, dw, dir),
        feat(110, hw, dw, dir),
        feat(111, ht, dt, dir ^ dd << 1),
        feat(112, dt, v.l(dl1), v.t(dl1)),
        feat(113, dt, v.l(dr1), v.t(dr1)),
        feat(114, dt, st.lset[d], 0),
        feat(115, dt, st.rset[d], 0),
        feat(116, dt, u64::from(st.nl[d]), u64::from(st.nr[d])),
        feat(117, ht, v.l(hprev), dir),
        feat(118, dt, v.l(hprev), dir),
        feat(119, dt, before, after),
        feat(120, v.lex[d].suf[2], dt, 0),
        feat(121, dw, v.w(dl1), 0),
        feat(122, dt, v.w(dl1), dir),
        feat(123, ht, dt, v.t(dl1)),
        feat(124, ht, dt, v.t(dr1)),
        feat(125, hw, v.w(dl1), dt),
        feat(126, dt, dd, dir),
        feat(127, ht, dt, if h == st.n { 0 } else { st.lset[h] }),
        feat(128, u64::from(v.lex[d].cap), dt, ht),
        feat(129, v.lex[d].shape, dt, 0),
    ]);
}

/// One sentence for parser training.
pub(crate) struct ParseExample {
    pub lex: Vec<Lex>,
    /// Tags as the tagger predicts them (not gold), so training sees tagging errors.
    pub tags: Vec<u8>,
    /// Gold heads, projectivised, with the root as word `n`.
    pub heads: Vec<usize>,
    pub labels: Vec<u8>,
}

/// A parse: head (word number, or `None` for the root) and label of each word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Arcs {
    pub heads: Vec<Option<usize>>,
    pub labels: Vec<u8>,
}

impl Parser {
    /// Relation names, by class number.
    pub fn label_names(&self) -> &[String] {
        &self.labels
    }

    /// Parses a tagged sentence.
    pub(crate) fn parse(&self, lex: &[Lex], tags: &[u8]) -> Arcs {
        if self.beam > 1 {
            let mut keys = Vec::with_capacity(96);
            let mut lkeys = Vec::with_capacity(32);
            let mut lscores = vec![0i32; self.labels.len()];
            let mut search = Search::new(self.beam as usize);
            search.run(
                self,
                lex,
                tags,
                &mut keys,
                &mut lkeys,
                &mut lscores,
                |k, s| {
                    let mut x = [0i32; 3];
                    self.trans.score(k, &mut x);
                    *s = x.map(|v| v as f32);
                },
            );
            let st = std::mem::replace(&mut search.cur[0].st, State::new(0));
            return self.finish(lex, tags, st, &mut lkeys, &mut lscores);
        }
        let n = lex.len();
        let mut st = State::new(n);
        let mut keys = Vec::with_capacity(96);
        let mut lkeys = Vec::with_capacity(32);
        let mut lscores = vec![0i32; self.labels.len()];
        while !st.done() {
            let valid = st.valid();
            let mut scores = [0i32; 3];
            trans_features(&View { lex, tags, st: &st }, &mut keys);
            self.trans.score(&keys, &mut scores);
            let action = best_valid(&scores.map(|x| x as f32), valid);
            let label = if action == SHIFT {
                0
            } else {
                let (h, d) = st.arc(action);
                self.label(&View { lex, tags, st: &st }, h, d, &mut lkeys, &mut lscores)
            };
            st.apply(action, label);
        }
        self.finish(lex, tags, st, &mut lkeys, &mut lscores)
    }

    fn label(&self, v: &View, h: usize, d: usize, keys: &mut Vec<u64>, scores: &mut [i32]) -> u8 {
        if h == v.st.n {
            return self.root;
        }
        label_features(v, h, d, keys);
        scores.iter_mut().for_each(|s| *s = 0);
        self.labeller.score(keys, scores);
        // Only the artificial root's arc is `root`.
        scores[self.root as usize] = i32::MIN;
        argmax(scores) as u8
    }

    /// Turns a finished state into arcs with exactly one root: further root children
    /// attach to the first one, with a label the labeller chooses.
    fn finish(
        &self,
        lex: &[Lex],
        tags: &[u8],
        mut st: State,
        keys: &mut Vec<u64>,
        scores: &mut [i32],
    ) -> Arcs {
        let n = st.n;
        if st.roots.len() > 1 {
            let main = st.roots[0];
            for &d in &st.roots.clone()[1..] {
                let label = self.label(&View { lex, tags, st: &st }, main, d, keys, scores);
                st.heads[d] = main;
                st.labels[d] = label;
            }
        }
        Arcs {
            heads: (0..n)
                .map(|d| (st.heads[d] != n).then_some(st.heads[d]))
                .collect(),
            labels: st.labels[..n].to_vec(),
        }
    }

    /// Trains the parser on examples, `epochs` passes, exploring its own mistakes from
    /// the second pass on.
    pub(crate) fn train(
        labels: Vec<String>,
        data: &[ParseExample],
        epochs: usize,
        beam: usize,
        beam_epochs: usize,
        seed: u64,
        prune: u32,
    ) -> Parser {
        let root = labels.iter().position(|l| l == "root").unwrap_or(0) as u8;
        let nlab = labels.len();
        let mut trans = Perceptron::new(3);
        let mut lab = Perceptron::new(nlab);
        let mut rng = crate::Rng::new(seed);
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut keys = Vec::with_capacity(96);
        let mut lkeys = Vec::with_capacity(32);
        let mut lscores = vec![0f32; nlab];
        for epoch in 0..epochs {
            rng.shuffle(&mut order);
            for &i in &order {
                let ex = &data[i];
                let mut st = State::new(ex.lex.len());
                while !st.done() {
                    let valid = st.valid();
                    let costs = st.costs(&ex.heads);
                    let mut scores = [0f32; 3];
                    trans_features(
                        &View {
                            lex: &ex.lex,
                            tags: &ex.tags,
                            st: &st,
                        },
                        &mut keys,
                    );
                    trans.score(&keys, &mut scores);
                    let guess = best_valid(&scores, valid);
                    let min = costs.iter().copied().min().unwrap_or(0);
                    let zero = [0, 1, 2].map(|a| valid[a] && costs[a] == min);
                    let best = best_valid(&scores, zero);
                    trans.tick();
                    if costs[guess] > min {
                        trans.update(&keys, best, guess);
                    }
                    let action = if epoch >= 1 && rng.chance(0.9) {
                        guess
                    } else {
                        best
                    };
                    let label = if action == SHIFT {
                        0
                    } else {
                        let (h, d) = st.arc(action);
                        if h == st.n {
                            root
                        } else {
                            label_features(
                                &View {
                                    lex: &ex.lex,
                                    tags: &ex.tags,
                                    st: &st,
                                },
                                h,
                                d,
                                &mut lkeys,
                            );
                            lab.score(&lkeys, &mut lscores);
                            lscores[root as usize] = f32::MIN;
                            let g = argmax(&lscores);
                            if ex.heads[d] == h {
                                lab.tick();
                                lab.update(&lkeys, ex.labels[d] as usize, g);
                            }
                            g as u8
                        }
                    };
                    st.apply(action, label);
                }
            }
        }
        let mut parser = Parser {
            labels,
            root,
            trans: trans.finish(prune),
            labeller: lab.finish(prune),
            beam: 1,
        };
        if beam > 1 {
            parser.trans = parser.train_beam(data, beam, beam_epochs, seed, prune);
            parser.beam = beam.min(255) as u8;
        }
        parser
    }

    /// Trains a transition model for beam search: whole sequences are scored, and where
    /// the best parse in the beam outscores the gold one by most (max-violation), the gold
    /// prefix's features gain and the predicted prefix's lose. Arcs are labelled by the
    /// trained labeller, so the states match those of parsing.
    fn train_beam(
        &self,
        data: &[ParseExample],
        beam: usize,
        epochs: usize,
        seed: u64,
        prune: u32,
    ) -> Table {
        let mut p = Perceptron::new(3);
        let mut rng = crate::Rng::new(seed ^ 0xbea3);
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut keys = Vec::with_capacity(96);
        let mut lkeys = Vec::with_capacity(32);
        let mut lscores = vec![0i32; self.labels.len()];
        let mut search = Search::new(beam);
        for _ in 0..epochs {
            rng.shuffle(&mut order);
            for &i in &order {
                let ex = &data[i];
                let (lex, tags) = (&ex.lex[..], &ex.tags[..]);
                let gold = self.gold_actions(ex, &mut lkeys, &mut lscores);
                search.gold = Some(gold.clone());
                search.run(
                    self,
                    lex,
                    tags,
                    &mut keys,
                    &mut lkeys,
                    &mut lscores,
                    |k, s| p.score(k, s),
                );
                p.tick();
                let Some(t) = search.worst else { continue };
                let pred = search.actions(t);
                let mut gs = State::new(lex.len());
                let mut ps = State::new(lex.len());
                let mut same = true;
                for step in 0..=t {
                    let (ga, pa) = (gold[step] as usize, pred[step] as usize);
                    same = same && ga == pa;
                    if !same {
                        trans_features(&View { lex, tags, st: &gs }, &mut keys);
                        p.add(&keys, ga, 1.0);
                        trans_features(&View { lex, tags, st: &ps }, &mut keys);
                        p.add(&keys, pa, -1.0);
                    }
                    for (st, a) in [(&mut gs, ga), (&mut ps, pa)] {
                        let label = self.label_for(lex, tags, st, a, &mut lkeys, &mut lscores);
                        st.apply(a, label);
                    }
                }
            }
        }
        p.finish(prune)
    }

    /// The label the labeller gives the arc `action` makes (0 for a shift).
    fn label_for(
        &self,
        lex: &[Lex],
        tags: &[u8],
        st: &State,
        action: usize,
        lkeys: &mut Vec<u64>,
        lscores: &mut [i32],
    ) -> u8 {
        if action == SHIFT {
            return 0;
        }
        let (h, d) = st.arc(action);
        self.label(&View { lex, tags, st }, h, d, lkeys, lscores)
    }

    /// The transitions that build the gold tree (arcs before shifts when both are right).
    fn gold_actions(
        &self,
        ex: &ParseExample,
        lkeys: &mut Vec<u64>,
        lscores: &mut [i32],
    ) -> Vec<u8> {
        let mut st = State::new(ex.lex.len());
        let mut out = Vec::with_capacity(2 * ex.lex.len());
        while !st.done() {
            let c = st.costs(&ex.heads);
            let valid = st.valid();
            let a = [LEFT, RIGHT, SHIFT]
                .into_iter()
                .find(|&a| valid[a] && c[a] == 0)
                .unwrap_or_else(|| best_valid(&[0.0; 3], valid));
            let label = self.label_for(&ex.lex, &ex.tags, &st, a, lkeys, lscores);
            st.apply(a, label);
            out.push(a as u8);
        }
        out
    }
}

/// Beam search over transition sequences; in training, also follows the gold sequence and
/// notes the step where the beam's best parse outscores it by most.
struct Search {
    k: usize,
    cur: Vec<Item>,
    next: Vec<Item>,
    /// Per step, each item's parent in the previous step and its action.
    back: Vec<Vec<(u16, u8)>>,
    cands: Vec<(f64, usize, usize)>,
    /// The gold actions, when training.
    gold: Option<Vec<u8>>,
    /// The step of the largest violation, if the best parse ever left the gold one.
    worst: Option<usize>,
}

impl Search {
    fn new(k: usize) -> Search {
        Search {
            k,
            cur: Vec::new(),
            next: Vec::new(),
            back: Vec::new(),
            cands: Vec::new(),
            gold: None,
            worst: None,
        }
    }

    /// Actions of the best item at `step`, from the first step.
    fn actions(&self, step: usize) -> Vec<u8> {
        let mut out = vec![0u8; step + 1];
        let mut j = 0usize;
        for t in (0..=step).rev() {
            let (parent, a) = self.back[t][j];
            out[t] = a;
            j = parent as usize;
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn run(
        &mut self,
        parser: &Parser,
        lex: &[Lex],
        tags: &[u8],
        keys: &mut Vec<u64>,
        lkeys: &mut Vec<u64>,
        lscores: &mut [i32],
        mut score: impl FnMut(&[u64], &mut [f32; 3]),
    ) {
        let n = lex.len();
        if self.cur.is_empty() {
            self.cur.push(Item {
                st: State::new(n),
                score: 0.0,
            });
        } else {
            self.cur.truncate(1);
            self.cur[0].st = State::new(n);
            self.cur[0].score = 0.0;
        }
        self.back.clear();
        self.worst = None;
        let mut gold_state = self.gold.as_ref().map(|_| State::new(n));
        let (mut gold_score, mut gold_at, mut worst) = (0.0f64, Some(0usize), 0.0f64);
        let mut s = [0f32; 3];
        for step in 0..2 * n {
            self.cands.clear();
            for (j, it) in self.cur.iter().enumerate() {
                let valid = it.st.valid();
                trans_features(
                    &View {
                        lex,
                        tags,
                        st: &it.st,
                    },
                    keys,
                );
                score(keys, &mut s);
                for a in 0..3 {
                    if valid[a] {
                        self.cands.push((it.score + f64::from(s[a]), j, a));
                    }
                }
            }
            self.cands
                .sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
            self.cands.truncate(self.k);
            let mut back = Vec::with_capacity(self.cands.len());
            for (idx, &(sc, j, a)) in self.cands.iter().enumerate() {
                if self.next.len() <= idx {
                    self.next.push(Item {
                        st: self.cur[j].st.clone(),
                        score: sc,
                    });
                } else {
                    self.next[idx].st.copy_from(&self.cur[j].st);
                }
                let label = parser.label_for(lex, tags, &self.cur[j].st, a, lkeys, lscores);
                let it = &mut self.next[idx];
                it.st.apply(a, label);
                it.score = sc;
                back.push((j as u16, a as u8));
            }
            self.next.truncate(self.cands.len());
            std::mem::swap(&mut self.cur, &mut self.next);
            self.back.push(back);
            if let (Some(gold), Some(gs)) = (self.gold.as_ref(), gold_state.as_mut()) {
                let ga = gold[step] as usize;
                trans_features(&View { lex, tags, st: gs }, keys);
                score(keys, &mut s);
                gold_score += f64::from(s[ga]);
                let label = parser.label_for(lex, tags, gs, ga, lkeys, lscores);
                gs.apply(ga, label);
                gold_at = gold_at
                    .and_then(|g| self.cands.iter().position(|&(_, j, a)| j == g && a == ga));
                if gold_at != Some(0) {
                    let v = self.cands[0].0 - gold_score;
                    if self.worst.is_none() || v > worst {
                        worst = v;
                        self.worst = Some(step);
                    }
                }
            }
        }
    }
}

fn best_valid(scores: &[f32; 3], ok: [bool; 3]) -> usize {
    let mut best = usize::MAX;
    for a in 0..3 {
        if ok[a] && (best == usize::MAX || scores[a] > scores[best]) {
            best = a;
        }
    }
    best.min(2)
}

/// Makes a tree projective by lifting each crossing arc's dependent to its head's head,
/// shortest arcs first. `heads` has the root as word `n` (= `heads.len()`).
pub(crate) fn projectivise(heads: &mut [usize]) {
    let n = heads.len();
    let dominated = |heads: &[usize], h: usize, mut k: usize| -> bool {
        let mut steps = 0;
        while k != n && steps <= n {
            if k == h {
                return true;
            }
            k = heads[k];
            steps += 1;
        }
        h == n
    };
    loop {
        let mut worst: Option<(usize, usize)> = None;
        for d in 0..n {
            let h = heads[d];
            if h == n {
                continue;
            }
            let (a, b) = if h < d { (h, d) } else { (d, h) };
            let crossing = (a + 1..b).any(|k| !dominated(heads, h, k));
            if crossing && worst.is_none_or(|(_, len)| b - a < len) {
                worst = Some((d, b - a));
            }
        }
        match worst {
            Some((d, _)) => heads[d] = heads[heads[d]],
            None => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossing_arcs_are_lifted() {
        // 0 → 2, 1 → 3 cross; root is word 4 (n = 4).
        let mut h = vec![2, 3, 4, 2];
        projectivise(&mut h);
        assert_eq!(h, vec![2, 2, 4, 2]);
        let mut proj = vec![1, 3, 1];
        projectivise(&mut proj);
        assert_eq!(proj, vec![1, 3, 1]);
    }

    #[test]
    fn the_oracle_rebuilds_a_projective_tree() {
        // "The cat sat on the mat": heads with the root as word 6.
        let gold = vec![1, 2, 6, 5, 5, 2];
        let mut st = State::new(6);
        while !st.done() {
            let c = st.costs(&gold);
            let a = (0..3)
                .find(|&a| st.valid()[a] && c[a] == 0)
                .expect("a zero-cost action");
            st.apply(a, 0);
        }
        assert_eq!(&st.heads[..6], &gold[..]);
    }
}
