//! Cleaning plain text that a scraper already pulled out of a page: the headline it
//! repeated, the "also read" lists and bylines of other stories it swept up.

use crate::dates;
use newsgraph_model::{Block, BlockKind};

/// The cleaned text: headline (when the text starts with one), body blocks, a date
/// found in a dateline.
pub struct CleanText {
    /// Headline.
    pub title: Option<String>,
    /// Body paragraphs.
    pub blocks: Vec<Block>,
    /// A date written near the top ("Published March 5, 2024").
    pub date: Option<String>,
    /// What was dropped and why, for the warnings list.
    pub dropped: Vec<String>,
}

/// Lines that introduce a list of other stories.
const LIST_MARKERS: &[&str] = &[
    "also read",
    "read also",
    "read more",
    "more stories",
    "more from",
    "related",
    "related stories",
    "related articles",
    "related news",
    "related posts",
    "see also",
    "you may also like",
    "you might also like",
    "recommended",
    "recommended for you",
    "trending",
    "trending now",
    "most read",
    "most popular",
    "popular stories",
    "latest news",
    "latest stories",
    "top stories",
    "more news",
    "other news",
    "don't miss",
    "editor's picks",
    "what to read next",
    "further reading",
    "also on",
    "in other news",
    "read next",
    "more on this story",
    "more in",
];

/// Splits `text` into paragraphs, drops scraper leftovers and finds the headline.
pub fn clean(text: &str) -> CleanText {
    let text = text
        .replace(['\u{00A0}', '\u{202F}', '\u{2007}'], " ")
        .replace("\r\n", "\n");
    let has_blank_lines = text.contains("\n\n") || text.contains("\n \n");
    let mut paras: Vec<String> = if has_blank_lines {
        let mut out = Vec::new();
        for chunk in text.split("\n\n") {
            let lines: Vec<&str> = chunk
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            // A block of separate short lines (a list of headlines and bylines) stays
            // line by line; wrapped prose is joined back into one paragraph.
            let separate = lines.len() > 1
                && (lines.iter().any(|l| is_list_marker(l))
                    || lines
                        .iter()
                        .all(|l| looks_like_headline(l) || l.chars().count() <= 40));
            if separate {
                out.extend(lines.iter().map(|l| l.to_string()));
            } else if !lines.is_empty() {
                out.push(lines.join(" "));
            }
        }
        out
    } else {
        text.lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    };
    let mut dropped = Vec::new();

    // Headline: a short first line without a closing full stop; drop its repeats.
    let mut title = None;
    if let Some(first) = paras.first() {
        if looks_like_headline(first) {
            let t = first.clone();
            paras.remove(0);
            while paras.first().is_some_and(|p| same_text(p, &t)) {
                paras.remove(0);
                dropped.push("repeated headline".to_string());
            }
            title = Some(t);
        }
    }

    // Short lines that recur are bylines or labels of listed stories ("News Editor").
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for p in &paras {
        if p.chars().count() <= 40 {
            *counts.entry(p.to_lowercase()).or_default() += 1;
        }
    }
    // A list marker, followed only by headline-like lines, ends the article. How many
    // list-like lines follow each line is counted once, from the end, so that a text with
    // many markers costs one pass, not one per marker.
    let mut listy_after = vec![0usize; paras.len() + 1];
    for (i, r) in paras.iter().enumerate().rev() {
        let listy = looks_like_headline(r) || counts.get(&r.to_lowercase()).is_some_and(|&c| c > 1);
        listy_after[i] = listy_after[i + 1] + usize::from(listy);
    }
    let cut = paras.iter().enumerate().position(|(i, p)| {
        let rest = paras.len() - i - 1;
        is_list_marker(p) && (rest == 0 || listy_after[i + 1] * 10 >= rest * 8)
    });
    if let Some(i) = cut {
        dropped.push(format!("list of other stories ({} lines)", paras.len() - i));
        paras.truncate(i);
    }
    // A trailing run of three or more headline-like lines with no marker is a list too.
    let mut tail = paras.len();
    while tail > 0
        && (looks_like_headline(&paras[tail - 1])
            || counts
                .get(&paras[tail - 1].to_lowercase())
                .is_some_and(|&c| c > 1))
    {
        tail -= 1;
    }
    if paras.len() - tail >= 3 && tail > 0 {
        dropped.push(format!(
            "trailing list of headlines ({} lines)",
            paras.len() - tail
        ));
        paras.truncate(tail);
    }
    let before = paras.len();
    paras.retain(|p| counts.get(&p.to_lowercase()).is_none_or(|&c| c <= 1));
    if paras.len() < before {
        dropped.push(format!("{} repeated byline lines", before - paras.len()));
    }

    let date = paras
        .iter()
        .take(3)
        .chain(paras.iter().rev().take(2))
        .filter(|p| p.chars().count() < 80)
        .find_map(|p| dates::textual_date(p))
        .map(|d| d.to_string());

    let blocks = paras
        .into_iter()
        .map(|p| Block {
            kind: if looks_like_subheading(&p) {
                BlockKind::Heading
            } else {
                BlockKind::Paragraph
            },
            text: p,
        })
        .collect();
    CleanText {
        title,
        blocks,
        date,
        dropped,
    }
}

fn same_text(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

fn is_list_marker(p: &str) -> bool {
    if p.chars().count() > 40 {
        return false;
    }
    let t = p
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    LIST_MARKERS.contains(&t.as_str())
}

/// A line that reads as a headline: short, several words, no sentence-final stop.
fn looks_like_headline(p: &str) -> bool {
    let chars = p.chars().count();
    let words = p.split_whitespace().count();
    if !(3..=150).contains(&chars) || words > 25 {
        return false;
    }
    let last = p.trim_end().chars().last().unwrap_or(' ');
    if matches!(last, '.' | '!' | ':' | ';' | ',' | '"' | '\u{201D}' | '。') {
        return false;
    }
    p.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric() || c == '\u{2018}' || c == '\'')
}

fn looks_like_subheading(p: &str) -> bool {
    p.chars().count() <= 70
        && p.split_whitespace().count() <= 10
        && looks_like_headline(p)
        && !p.ends_with('?')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_once_list_dropped() {
        let t = "Big news today\n\nBig news today\n\nThe first paragraph of the story says a thing happened.\n\n\
                 The second paragraph adds more detail, and quotes someone.\n\nalso read..\n\n\
                 Another story headline here\n\nStaff Writer\n\nYet another story headline\n\nStaff Writer\n";
        let c = clean(t);
        assert_eq!(c.title.as_deref(), Some("Big news today"));
        assert_eq!(c.blocks.len(), 2);
        assert!(c.blocks[1].text.ends_with("quotes someone."));
    }

    #[test]
    fn prose_first_line_is_not_a_headline() {
        let c = clean("A plain sentence that opens the text.\n\nAnother one.");
        assert!(c.title.is_none());
        assert_eq!(c.blocks.len(), 2);
    }

    #[test]
    fn nbsp_becomes_space() {
        let c = clean("Para one\u{00A0}has a no-break space in it, and it ends here.");
        assert_eq!(
            c.blocks[0].text,
            "Para one has a no-break space in it, and it ends here."
        );
    }
}
