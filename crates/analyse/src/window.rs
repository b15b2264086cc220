//! Very long texts are analysed window by window: the text is cut at paragraph breaks
//! into pieces of at most [`WINDOW`] bytes, each piece is analysed on its own, and the
//! pieces' analyses are joined into one, with spans moved to the whole text and entities
//! of the same kind and name merged. Working memory is then that of one window, whatever
//! the size of the text; what is lost is a pronoun or a quote's speaker reaching back
//! across a cut, which happens only in texts far longer than any article.

use newsgraph_model::{Analysis, Entity, EntityKind, Span};
use std::collections::HashMap;
use std::ops::Range;

/// Longest piece of text analysed as one, in bytes. Articles are far shorter, so they are
/// analysed whole.
pub const WINDOW: usize = 256 * 1024;

/// Where `text` is cut into windows of at most `max` bytes: at the last paragraph break
/// in the second half of a window, else the last line break, sentence end or space
/// there, else at the last character boundary.
pub fn cuts(text: &str, max: usize) -> Vec<Range<usize>> {
    let max = max.max(8);
    let mut out = Vec::new();
    let mut start = 0;
    while text.len() - start > max {
        let mut end = start + max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut half = start + max / 2;
        while !text.is_char_boundary(half) {
            half -= 1;
        }
        let tail = &text[half..end];
        let cut = ["\n\n", "\n", ". ", " "]
            .iter()
            .find_map(|sep| tail.rfind(sep).map(|i| half + i + sep.len()))
            .unwrap_or(end);
        out.push(start..cut);
        start = cut;
    }
    out.push(start..text.len());
    out
}

fn shift(s: &mut Span, by: usize) {
    s[0] += by;
    s[1] += by;
}

/// Joins the analyses of consecutive windows (each with the byte offset where its window
/// starts) into the analysis of the whole text.
pub fn join(parts: Vec<(usize, Analysis)>) -> Analysis {
    let mut out = Analysis::default();
    // Each list once at its final size, not grown by doubling.
    let total = |f: fn(&Analysis) -> usize| parts.iter().map(|(_, a)| f(a)).sum::<usize>();
    out.sentences.reserve_exact(total(|a| a.sentences.len()));
    out.quotes.reserve_exact(total(|a| a.quotes.len()));
    out.events.reserve_exact(total(|a| a.events.len()));
    let mut by_name: HashMap<(EntityKind, String), usize> = HashMap::new();
    for (k, (at, mut a)) in parts.into_iter().enumerate() {
        // This window's entity ids, as ids of the joined list.
        let mut ids: HashMap<String, String> = HashMap::new();
        for mut e in a.entities.drain(..) {
            e.mentions.iter_mut().for_each(|m| shift(m, at));
            e.references.iter_mut().for_each(|r| shift(&mut r.span, at));
            match by_name.get(&(e.kind, e.name.clone())) {
                Some(&i) => {
                    let into: &mut Entity = &mut out.entities[i];
                    ids.insert(e.id, into.id.clone());
                    into.mentions.append(&mut e.mentions);
                    into.references.append(&mut e.references);
                    fill(&mut into.role, e.role);
                    fill(&mut into.country, e.country);
                    fill(&mut into.affiliation, e.affiliation);
                    fill(&mut into.actor, e.actor);
                    fill(&mut into.geo, e.geo);
                }
                None => {
                    let id = format!("e{}", out.entities.len() + 1);
                    ids.insert(std::mem::replace(&mut e.id, id.clone()), id);
                    by_name.insert((e.kind, e.name.clone()), out.entities.len());
                    out.entities.push(e);
                }
            }
        }
        let remap = |id: &mut Option<String>| {
            if let Some(new) = id.as_ref().and_then(|i| ids.get(i)) {
                *id = Some(new.clone());
            }
        };
        for mut s in a.sentences {
            shift(&mut s, at);
            out.sentences.push(s);
        }
        for mut q in a.quotes {
            shift(&mut q.span, at);
            if let Some(m) = &mut q.speaker_mention {
                shift(&mut m.span, at);
            }
            remap(&mut q.speaker);
            out.quotes.push(q);
        }
        for mut e in a.events {
            shift(&mut e.sentence, at);
            for actor in [&mut e.source, &mut e.target].into_iter().flatten() {
                if let Some(s) = &mut actor.span {
                    shift(s, at);
                }
                remap(&mut actor.entity);
            }
            remap(&mut e.place);
            out.events.push(e);
        }
        // The opening window says what the page is about.
        if k == 0 {
            out.topic = a.topic;
        }
    }
    out
}

/// Keeps `into` when set, else takes `from`.
fn fill<T>(into: &mut Option<T>, from: Option<T>) {
    if into.is_none() {
        *into = from;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_fall_on_paragraph_breaks_and_cover_the_text() {
        let para = "One sentence here. Another one there.\n\n";
        let text = para.repeat(50);
        let c = cuts(&text, 200);
        assert!(c.len() > 5);
        assert_eq!(c.first().map(|r| r.start), Some(0));
        assert_eq!(c.last().map(|r| r.end), Some(text.len()));
        for w in c.windows(2) {
            assert_eq!(w[0].end, w[1].start);
        }
        for r in &c[..c.len() - 1] {
            assert!(r.len() <= 200);
            assert!(text[..r.end].ends_with("\n\n"), "{r:?}");
        }
    }

    #[test]
    fn a_text_with_no_break_is_cut_on_character_boundaries() {
        let text = "é".repeat(500);
        let c = cuts(&text, 101);
        for r in &c {
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            assert!(r.len() <= 101 && !r.is_empty());
        }
        assert_eq!(c.iter().map(|r| r.len()).sum::<usize>(), text.len());
    }
}
