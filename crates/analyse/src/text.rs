//! Tokens and sentences, as byte spans into the article text.

/// A word or punctuation mark.
#[derive(Debug, Clone)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Lower-cased text (curly apostrophes made straight).
    pub lower: String,
    /// Starts with an upper-case letter.
    pub cap: bool,
    /// Is a word (letters or digits), not punctuation.
    pub word: bool,
}

/// Splits `text` into tokens: runs of letters/digits (with inner apostrophes, hyphens,
/// dots and slashes as in "don't", "S-400", "U.S.", "24/7") and single punctuation marks.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_alphanumeric() {
            let mut j = i + 1;
            while j < chars.len() {
                let d = chars[j].1;
                if d.is_alphanumeric() {
                    j += 1;
                } else if matches!(d, '\'' | '’' | '-' | '.' | '/' | '&')
                    && j + 1 < chars.len()
                    && chars[j + 1].1.is_alphanumeric()
                    // "U.S." and "S-400" stay whole; "end.Next" is two tokens.
                    && (d != '.'
                        || is_initialism(&chars[i..j + 2])
                        || chars[j - 1].1.is_ascii_digit() && chars[j + 1].1.is_ascii_digit())
                {
                    j += 2;
                } else {
                    break;
                }
            }
            // "U.S." keeps its final dot.
            if j < chars.len() && chars[j].1 == '.' && is_initialism(&chars[i..j + 1]) {
                j += 1;
            }
            let end = if j < chars.len() {
                chars[j].0
            } else {
                text.len()
            };
            let s = &text[start..end];
            // Possessive "'s" is its own token.
            let (word_end, poss) = match s.strip_suffix("'s").or_else(|| s.strip_suffix("’s")) {
                Some(w) if !w.is_empty() => (start + w.len(), true),
                _ => (end, false),
            };
            push(&mut out, text, start, word_end, true);
            if poss {
                push(&mut out, text, word_end, end, true);
                out.last_mut().expect("just pushed").lower = "'s".to_string();
            }
            i = j;
        } else {
            let end = chars.get(i + 1).map_or(text.len(), |x| x.0);
            push(&mut out, text, start, end, false);
            i += 1;
        }
    }
    out
}

/// "U.S", "U.N." — single letters separated by dots.
fn is_initialism(chars: &[(usize, char)]) -> bool {
    let mut letters = 0;
    let mut expect_letter = true;
    for &(_, c) in chars {
        if expect_letter {
            if !c.is_alphabetic() {
                return false;
            }
            letters += 1;
        } else if c != '.' {
            return false;
        }
        expect_letter = !expect_letter;
    }
    letters >= 2
}

fn push(out: &mut Vec<Token>, text: &str, start: usize, end: usize, word: bool) {
    let s = &text[start..end];
    out.push(Token {
        start,
        end,
        lower: s.to_lowercase().replace('’', "'"),
        cap: s.chars().next().is_some_and(char::is_uppercase),
        word,
    });
}

/// Longest sentence, in tokens, before it is cut.
pub const MAX_SENTENCE_TOKENS: usize = 300;

/// Splits `text` into sentences (byte spans), given its tokens. A sentence ends at
/// '.', '!' or '?' (with any closing quotes or brackets) before a capital, a digit or
/// an opening quote, unless the word before is an abbreviation or an initial; a blank
/// line always ends one.
pub fn sentences(
    text: &str,
    tokens: &[Token],
    abbreviations: &crate::grammar::WordSet,
) -> Vec<[usize; 2]> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut k = 0;
    while k < tokens.len() {
        let t = &tokens[k];
        let s = *start.get_or_insert(t.start);
        let mut end_here = false;
        let mut last = k;
        if !t.word && matches!(t.lower.as_str(), "." | "!" | "?" | "…") {
            // Absorb closing quotes/brackets and repeated marks.
            while last + 1 < tokens.len()
                && !tokens[last + 1].word
                && matches!(
                    tokens[last + 1].lower.as_str(),
                    "\"" | "”" | "'" | ")" | "’" | "." | "!" | "?"
                )
                && tokens[last + 1].start == tokens[last].end
            {
                last += 1;
            }
            let next = tokens.get(last + 1);
            let prev = k.checked_sub(1).map(|p| &tokens[p]);
            let abbrev = t.lower == "."
                && prev.is_some_and(|p| {
                    p.end == t.start
                        && (abbreviations.contains(p.lower.trim_end_matches('.'))
                            || (p.lower.chars().count() == 1 && p.cap))
                });
            end_here = match next {
                None => true,
                Some(n) => {
                    !abbrev
                        && n.start > tokens[last].end
                        && (n.cap
                            || n.lower.chars().next().is_some_and(|c| c.is_ascii_digit())
                            || matches!(n.lower.as_str(), "\"" | "“" | "'" | "‘" | "(" | "["))
                }
            };
        } else if t.word && t.lower.ends_with('.') && tokens.get(k + 1).is_some_and(|n| n.cap) {
            // "… the U.S. The next …": an initialism closing a sentence is ambiguous; a
            // following capitalised function word decides.
            let n = &tokens[k + 1];
            end_here = matches!(
                n.lower.as_str(),
                "the"
                    | "a"
                    | "an"
                    | "it"
                    | "he"
                    | "she"
                    | "they"
                    | "we"
                    | "i"
                    | "but"
                    | "in"
                    | "on"
                    | "this"
                    | "that"
            );
        }
        // A blank line between this token and the next ends the sentence too.
        if !end_here {
            if let Some(n) = tokens.get(last + 1) {
                let gap = &text[tokens[last].end..n.start];
                if gap.matches('\n').count() >= 2 {
                    end_here = true;
                }
            }
        }
        // Run-on text (no full stops for pages) is cut into bounded pieces, so every
        // later step stays linear.
        if !end_here && last + 1 - tokens.partition_point(|x| x.start < s) >= MAX_SENTENCE_TOKENS {
            end_here = true;
        }
        if end_here || last + 1 >= tokens.len() {
            out.push([s, tokens[last].end]);
            start = None;
        }
        k = last + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        let toks = tokenize(text);
        sentences(
            text,
            &toks,
            &crate::lexicon::Lexicon::builtin().grammar.abbreviations,
        )
        .into_iter()
        .map(|[a, b]| &text[a..b])
        .collect()
    }

    #[test]
    fn abbreviations_initials_and_quotes() {
        let t = "Dr. Smith arrived in the U.S. on Jan. 5, 2024. He met Mr. Jones at 3 p.m. in Washington. \"We agreed,\" he said. The deal is worth $4.5 bn. Talks resume on Monday.";
        assert_eq!(
            split(t),
            vec![
                "Dr. Smith arrived in the U.S. on Jan. 5, 2024.",
                "He met Mr. Jones at 3 p.m. in Washington.",
                "\"We agreed,\" he said.",
                "The deal is worth $4.5 bn.",
                "Talks resume on Monday."
            ]
        );
    }

    #[test]
    fn closing_quote_stays_with_its_sentence() {
        let t = "“It is over,” she said. “We go home.” Then they left.";
        assert_eq!(
            split(t),
            vec![
                "“It is over,” she said.",
                "“We go home.”",
                "Then they left."
            ]
        );
    }

    #[test]
    fn tokens_keep_model_names_and_possessives() {
        let toks = tokenize("Ankara’s S-400 purchase, the U.N. said.");
        let words: Vec<&str> = toks.iter().map(|t| t.lower.as_str()).collect();
        assert_eq!(
            words,
            vec!["ankara", "'s", "s-400", "purchase", ",", "the", "u.n.", "said", "."]
        );
    }

    #[test]
    fn paragraphs_end_sentences() {
        assert_eq!(
            split("A headline without stop\n\nThe body begins."),
            vec!["A headline without stop", "The body begins."]
        );
    }
}
