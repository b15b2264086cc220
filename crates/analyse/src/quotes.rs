//! Who said what: quoted passages (straight or curly marks, across sentences and
//! paragraphs) with their speech cue and speaker, and reported speech without marks.

use crate::grammar::Grammar;
use crate::text::Token;
use newsgraph_model::Span;

/// A quote before speakers are resolved to entities.
#[derive(Debug, Clone)]
pub struct RawQuote {
    /// The quoted words' span (inside the marks).
    pub span: Span,
    /// The cue verb's token index.
    pub cue: Option<usize>,
    /// Token range naming the speaker, if named next to the cue.
    pub speaker_tokens: Option<(usize, usize)>,
    /// The speaker is a pronoun at this token.
    pub pronoun: Option<usize>,
    /// Direct (marked) or reported speech.
    pub direct: bool,
}

fn is_open(c: char) -> bool {
    matches!(c, '“' | '„' | '«')
}
fn is_close(c: char) -> bool {
    matches!(c, '”' | '“' | '»')
}

/// Finds quoted passages in `text`. Curly quotes pair open with close; straight double
/// quotes alternate. A quote left open at a paragraph end continues when the next
/// paragraph opens with a quote mark (news style for multi-paragraph quotes).
pub fn find_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let straight = c == '"';
        if let Some(o) = open {
            let closes = if straight {
                true
            } else {
                is_close(c) && !is_open(c) || c == '”' || c == '»'
            };
            // A paragraph break inside an open quote: close here if the next paragraph
            // does not reopen it.
            if c == '\n' && chars.get(k + 1).is_some_and(|x| x.1 == '\n') {
                let next_text = chars[k + 1..]
                    .iter()
                    .find(|x| !x.1.is_whitespace())
                    .map(|x| x.1);
                if next_text.is_some_and(|n| is_open(n) || n == '"') {
                    out.push([o, text[..i].trim_end().len()]);
                    open = None;
                    continue;
                }
                open = None;
                continue;
            }
            if closes && (straight || c != '“') {
                if i > o {
                    out.push([o, i]);
                }
                open = None;
            }
        } else if is_open(c) || straight || c == '“' {
            open = Some(i + c.len_utf8());
        }
    }
    out.retain(|s| text[s[0]..s[1]].split_whitespace().count() >= 3);
    out
}

/// Attaches a cue and a speaker to each quote: ", X said." / ", said X." / ", she added."
/// after it, or "X said: …" before it; "according to X" too.
pub fn attribute(g: &Grammar, toks: &[Token], spans: &[Span]) -> Vec<RawQuote> {
    let mut out = Vec::new();
    for &span in spans {
        let after = toks
            .iter()
            .position(|t| t.start >= span[1])
            .unwrap_or(toks.len());
        let before = toks.iter().rposition(|t| t.end <= span[0]);
        let mut q = RawQuote {
            span,
            cue: None,
            speaker_tokens: None,
            pronoun: None,
            direct: true,
        };
        // After the quote, within the same sentence (up to the next full stop).
        let mut p = after;
        while p < toks.len() && !toks[p].word && p < after + 2 {
            p += 1;
        }
        let window_end = (p..toks.len().min(p + 12))
            .find(|&k| matches!(toks[k].lower.as_str(), "." | "!" | "?" | "“" | "\""))
            .unwrap_or(toks.len().min(p + 12));
        if let Some(c) = (p..window_end).find(|&k| g.speech.cue.contains(&toks[k].lower)) {
            q.cue = Some(c);
            if c == p {
                // ", said Foreign Minister X."
                q.speaker_tokens = Some((c + 1, window_end));
            } else if g.speaker_pronouns.contains(&toks[p].lower) && c == p + 1 {
                q.pronoun = Some(p);
            } else {
                q.speaker_tokens = Some((p, c));
            }
        } else if let Some(a) = (p..window_end).find(|&k| {
            toks[k].lower == "according" && toks.get(k + 1).is_some_and(|t| t.lower == "to")
        }) {
            q.cue = Some(a);
            q.speaker_tokens = Some((a + 2, window_end));
        } else if let Some(b) = before {
            // Before the quote: "X said:" / "X told reporters,".
            let mut k = b;
            while k > 0 && !toks[k].word {
                k -= 1;
            }
            let start = (0..k)
                .rev()
                .take(12)
                .find(|&j| matches!(toks[j].lower.as_str(), "." | "!" | "?"))
                .map_or(k.saturating_sub(12), |j| j + 1);
            if let Some(c) = (start..=k)
                .rev()
                .find(|&j| g.speech.cue.contains(&toks[j].lower))
            {
                q.cue = Some(c);
                if c > start && g.speaker_pronouns.contains(&toks[c - 1].lower) {
                    q.pronoun = Some(c - 1);
                } else {
                    q.speaker_tokens = Some((start, c));
                }
            }
        }
        out.push(q);
    }
    out
}

/// Reported speech in one sentence: "X said (that) …" with no quote marks.
pub fn reported(g: &Grammar, toks: &[Token], sentence: Span, quoted: &[Span]) -> Option<RawQuote> {
    if quoted
        .iter()
        .any(|q| q[0] < sentence[1] && q[1] > sentence[0])
    {
        return None;
    }
    let c = toks
        .iter()
        .position(|t| g.speech.report.contains(&t.lower))?;
    if c == 0 {
        return None;
    }
    // "…, Al Jazeera's Step Vaessen said." — the cue closes the sentence and the words
    // before the last comma are what was said.
    if toks[c + 1..].iter().all(|t| !t.word) {
        let comma = toks[..c].iter().rposition(|t| t.lower == ",")?;
        if comma < 3 {
            return None;
        }
        return Some(RawQuote {
            span: [toks[0].start, toks[comma - 1].end],
            cue: Some(c),
            speaker_tokens: Some((comma + 1, c)),
            pronoun: if g.speaker_pronouns.contains(&toks[c - 1].lower) {
                Some(c - 1)
            } else {
                None
            },
            direct: false,
        });
    }
    // The reported clause follows the cue ("said that …", "said on Monday that …").
    let that = (c + 1..toks.len().min(c + 6))
        .find(|&k| toks[k].lower == "that")
        .map_or(c + 1, |k| k + 1);
    let start = toks.get(that)?.start;
    let end = toks.last()?.end;
    if toks.len() - that < 4 {
        return None;
    }
    Some(RawQuote {
        span: [start, end],
        cue: Some(c),
        speaker_tokens: Some((0, c)),
        pronoun: if g.speaker_pronouns.contains(&toks[c - 1].lower) {
            Some(c - 1)
        } else {
            None
        },
        direct: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_curly_straight_and_multi_paragraph() {
        let t = "“We will stay,” she said. He said \"it is over now\" today.";
        let s = find_spans(t);
        assert_eq!(s.len(), 2);
        assert_eq!(&t[s[0][0]..s[0][1]], "We will stay,");
        assert_eq!(&t[s[1][0]..s[1][1]], "it is over now");
        let m = "“This is the first part of it.\n\n“And this is the second,” he said.";
        let s = find_spans(m);
        assert_eq!(s.len(), 2);
        assert_eq!(&m[s[0][0]..s[0][1]], "This is the first part of it.");
    }
}
