//! A sentence's parse as analysis uses it: the model's words mapped back to the
//! analyser's tokens, and the grammatical roles of a predicate — subject, object, agent —
//! read from the dependency tree (passive, control, coordination and relative clauses).

use crate::grammar::Grammar;
use crate::text::Token;
use newsgraph_syntax::{ud_words, Model, Parse, Upos};

/// One sentence, tagged and parsed.
pub struct Parsed {
    /// Token (index into the sentence's tokens) of each word.
    pub word_tok: Vec<usize>,
    /// One past the last token of each word (a number written "2,000" is three tokens
    /// and one word).
    pub word_end: Vec<usize>,
    /// First word of each token.
    pub tok_word: Vec<usize>,
    /// Lower-cased form of each word.
    pub lower: Vec<String>,
    /// Tags, heads and relations.
    pub parse: Parse<'static>,
}

/// Who does what to whom around one predicate, as words of the parse: for each role the
/// candidates in order of preference (the caller takes the first that names an actor).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roles {
    /// The one acting: the subject, or the `by` phrase of a passive.
    pub agent: Vec<usize>,
    /// The one acted on: the object (indirect first), a passive subject, or a
    /// prepositional object when there is no direct one.
    pub patient: Vec<usize>,
    /// The predicate is passive.
    pub passive: bool,
    /// The direct or indirect object (the passive subject for a passive predicate), the
    /// one acted on when it is a person, a group or a thing with no recipient named.
    pub object: Option<usize>,
    /// Prepositional phrases of the predicate or of its object (and the object's
    /// conjuncts) that say whom a thing is given or aimed to ("sent aid to Y", "imposed
    /// sanctions on Y"), from `grammar/recipient_prepositions.txt`.
    pub recipients: Vec<usize>,
}

/// Tags and parses the sentence made of `toks`.
pub fn parse(text: &str, toks: &[Token]) -> Parsed {
    let mut words: Vec<&str> = Vec::with_capacity(toks.len() + 4);
    let mut word_tok = Vec::with_capacity(toks.len() + 4);
    let mut word_end = Vec::with_capacity(toks.len() + 4);
    let mut tok_word = Vec::with_capacity(toks.len());
    let mut k = 0;
    while k < toks.len() {
        let t = &toks[k];
        // Digit groups: "2,000" and "1,250,000" are one number.
        let mut end = k + 1;
        while end + 1 < toks.len()
            && toks[end].lower == ","
            && toks[end].start == toks[end - 1].end
            && toks[end + 1].start == toks[end].end
            && toks[end - 1].lower.bytes().all(|b| b.is_ascii_digit())
            && toks[end + 1].lower.len() == 3
            && toks[end + 1].lower.bytes().all(|b| b.is_ascii_digit())
        {
            end += 2;
        }
        if end > k + 1 {
            for _ in k..end {
                tok_word.push(words.len());
            }
            words.push(&text[t.start..toks[end - 1].end]);
            word_tok.push(k);
            word_end.push(end);
            k = end;
            continue;
        }
        let form = &text[t.start..t.end];
        tok_word.push(words.len());
        for (a, b) in ud_words(form) {
            words.push(&form[a..b]);
            word_tok.push(k);
            word_end.push(k + 1);
        }
        k += 1;
    }
    let parse = Model::builtin().parse(&words);
    Parsed {
        word_tok,
        word_end,
        tok_word,
        lower: words.iter().map(|w| w.to_lowercase()).collect(),
        parse,
    }
}

impl Parsed {
    fn rel(&self, w: usize) -> &str {
        self.parse.deprel[w]
    }

    /// The first child of `w` whose relation is one of `rels` (subtypes included when
    /// named: `nsubj` matches `nsubj` only, `nsubj:pass` must be asked for).
    fn child(&self, w: usize, rels: &[&str]) -> Option<usize> {
        self.parse
            .children(w)
            .find(|&c| rels.contains(&self.rel(c)))
    }

    /// The word of token `t`.
    pub fn word(&self, t: usize) -> usize {
        self.tok_word[t]
    }

    /// Part of speech of the word of token `t`.
    pub fn upos_of_token(&self, t: usize) -> Upos {
        self.parse.upos[self.tok_word[t]]
    }

    /// The subject of `v` (and whether it is a passive subject), looked for up the tree
    /// when `v` has none of its own: the controller of an infinitive ("X agreed to help
    /// Y": X; "X urged Y to leave": Y), the first conjunct's subject ("X met Y and
    /// signed …"), the noun a relative or participle clause modifies ("the rebels who
    /// attacked", "troops firing on") and then that noun's own subject ("X issued a
    /// statement demanding …").
    fn subjects(&self, gram: &Grammar, v: usize, depth: usize, out: &mut Vec<usize>) -> bool {
        let modified_noun = |out: &mut Vec<usize>| {
            if let Some(h) = self.parse.head[v] {
                out.push(h);
                if depth < 4 {
                    if let Some(g) = self.parse.head[h] {
                        self.subjects(gram, g, depth + 1, out);
                    }
                }
            }
        };
        for (rels, passive) in [
            (&["nsubj", "csubj", "nsubj:outer"][..], false),
            (&["nsubj:pass", "csubj:pass"][..], true),
        ] {
            if let Some(s) = self.child(v, rels) {
                if gram.relative_pronouns.contains(&self.lower[s])
                    && matches!(self.rel(v), "acl:relcl" | "acl")
                {
                    modified_noun(out);
                } else {
                    out.push(s);
                }
                return passive;
            }
        }
        if depth > 4 {
            return false;
        }
        let Some(h) = self.parse.head[v] else {
            return false;
        };
        match self.rel(v) {
            "xcomp" => {
                // Object control when the governing verb has an object.
                if let Some(o) = self.child(h, &["obj", "iobj"]) {
                    out.push(o);
                }
                self.subjects(gram, h, depth + 1, out);
            }
            "conj" if matches!(self.parse.upos[h], Upos::Verb | Upos::Aux) => {
                self.subjects(gram, h, depth + 1, out);
            }
            // A participle ("troops firing on …"), not an infinitive ("plans to sell").
            "acl" if self.child(v, &["mark"]).is_none() => modified_noun(out),
            "acl:relcl" => modified_noun(out),
            _ => {}
        }
        false
    }

    /// The roles around the predicate at word `v`.
    pub fn roles(&self, gram: &Grammar, v: usize) -> Roles {
        let mut r = Roles::default();
        let mut subjects = Vec::new();
        let passive_subject = self.subjects(gram, v, 0, &mut subjects);
        r.passive = passive_subject || self.child(v, &["aux:pass"]).is_some();
        if r.passive {
            r.object = subjects.first().copied();
            r.patient = subjects;
            r.agent.extend(self.child(v, &["obl:agent"]).or_else(|| {
                self.parse
                    .children(v)
                    .find(|&c| self.rel(c) == "obl" && self.preposition(c).as_deref() == Some("by"))
            }));
        } else {
            r.agent = subjects;
            r.patient.extend(self.child(v, &["iobj"]));
            r.patient.extend(self.child(v, &["obj"]));
            r.object = r.patient.first().copied();
            let with_prep = |c: usize, rel: &str, preps: &crate::grammar::WordSet| {
                self.rel(c) == rel && self.preposition(c).is_some_and(|p| preps.contains(&p))
            };
            if let Some(o) = r.object {
                // The object and its conjuncts ("blankets and tents to …").
                let things = std::iter::once(o)
                    .chain(self.parse.children(o).filter(|&c| self.rel(c) == "conj"));
                let aimed: Vec<usize> = things
                    .flat_map(|t| self.parse.children(t))
                    .filter(|&c| with_prep(c, "nmod", &gram.recipient_prepositions))
                    .collect();
                r.recipients.extend(aimed);
            }
            r.recipients.extend(
                self.parse
                    .children(v)
                    .filter(|&c| with_prep(c, "obl", &gram.recipient_prepositions)),
            );
            r.patient.extend(
                self.parse
                    .children(v)
                    .filter(|&c| with_prep(c, "obl", &gram.target_prepositions)),
            );
        }
        r
    }

    /// Whether word `a` is an ancestor of word `b` in the tree.
    pub fn dominates(&self, a: usize, b: usize) -> bool {
        let mut at = b;
        for _ in 0..self.parse.head.len() {
            match self.parse.head[at] {
                Some(h) if h == a => return true,
                Some(h) => at = h,
                None => return false,
            }
        }
        false
    }

    /// The preposition (`case` child) of a nominal.
    fn preposition(&self, n: usize) -> Option<String> {
        self.child(n, &["case"]).map(|c| self.lower[c].clone())
    }

    /// Token range `[start, end)` of the phrase headed by word `n`, without the
    /// preposition that introduces it ("to the government of Brazil" → "the government
    /// of Brazil").
    pub fn phrase_tokens(&self, n: usize) -> (usize, usize) {
        let own_case = |w: &usize| {
            *w == n || !(self.parse.head[*w] == Some(n) && matches!(self.rel(*w), "case" | "cc"))
        };
        let words: Vec<usize> = self.phrase(n).into_iter().filter(own_case).collect();
        let first = words.first().copied().unwrap_or(n);
        let last = words.last().copied().unwrap_or(n);
        (self.word_tok[first], self.word_end[last])
    }

    /// Words of the noun phrase headed by `n`: the head and the dependents that name or
    /// qualify it (compounds, flat names, modifiers, `of` phrases, appositions,
    /// conjuncts), not clauses attached to it. In text order.
    pub fn phrase(&self, n: usize) -> Vec<usize> {
        const NOMINAL: &[&str] = &[
            "compound",
            "flat",
            "amod",
            "nmod",
            "nmod:poss",
            "nmod:unmarked",
            "appos",
            "conj",
            "det",
            "nummod",
            "case",
            "cc",
        ];
        let mut out = vec![n];
        let mut k = 0;
        while k < out.len() {
            let w = out[k];
            for c in self.parse.children(w) {
                // A verb coordinated with a noun is a misparse, not part of its phrase.
                let nominal = !matches!(self.rel(c), "conj" | "appos")
                    || matches!(
                        self.parse.upos[c],
                        Upos::Noun | Upos::Propn | Upos::Pron | Upos::Num
                    );
                if nominal && NOMINAL.contains(&self.rel(c)) && out.len() < 64 {
                    out.push(c);
                }
            }
            k += 1;
        }
        out.sort_unstable();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn roles_of(sentence: &str, verb: &str) -> (Option<String>, Option<String>, bool) {
        let toks = tokenize(sentence);
        let p = parse(sentence, &toks);
        let v = toks
            .iter()
            .position(|t| t.lower == verb)
            .expect("verb in sentence");
        let r = p.roles(&crate::lexicon::Lexicon::builtin().grammar, p.word(v));
        let r = (
            r.agent.first().copied(),
            r.patient.first().copied(),
            r.passive,
        );
        let name = |w: Option<usize>| {
            w.map(|w| sentence[toks[p.word_tok[w]].start..toks[p.word_tok[w]].end].to_string())
        };
        (name(r.0), name(r.1), r.2)
    }

    #[test]
    fn subject_and_object_of_active_and_passive_verbs() {
        assert_eq!(
            roles_of(
                "Turkish troops shelled Syrian army positions on Tuesday.",
                "shelled"
            ),
            (Some("troops".into()), Some("positions".into()), false)
        );
        assert_eq!(
            roles_of(
                "The convoy was hit by an air strike near the border.",
                "hit"
            ),
            (Some("strike".into()), Some("convoy".into()), true)
        );
    }

    #[test]
    fn roles_found_up_the_tree() {
        // Control: the one who agreed is the one who helps.
        assert_eq!(
            roles_of("The minister agreed to help the refugees.", "help").0,
            Some("minister".into())
        );
        // Reported speech: the reported clause has its own subject.
        let (a, p, _) = roles_of(
            "Officials said that rebels attacked the town on Monday.",
            "attacked",
        );
        assert_eq!((a.as_deref(), p.as_deref()), (Some("rebels"), Some("town")));
        // A relative clause's subject is the noun it modifies.
        assert_eq!(
            roles_of(
                "Police arrested the men who attacked the embassy.",
                "attacked"
            )
            .0,
            Some("men".into())
        );
        // A verb with no object takes its prepositional one.
        assert_eq!(
            roles_of(
                "Soldiers opened fire and later fired on the protesters.",
                "fired"
            )
            .1,
            Some("protesters".into())
        );
    }

    #[test]
    fn clitics_are_words_of_their_own() {
        let s = "They don't accept the deal.";
        let toks = tokenize(s);
        let p = parse(s, &toks);
        assert_eq!(p.lower, ["they", "do", "n't", "accept", "the", "deal", "."]);
        assert_eq!(p.word_tok, [0, 1, 1, 2, 3, 4, 5]);
    }
}
