//! Reading CoNLL-U treebanks (Universal Dependencies): the word lines of each sentence.
//! Multi-word token ranges (`1-2`) and empty nodes (`8.1`) are skipped, so a sentence is
//! its syntactic words with their basic tree.

use std::io::BufRead;

/// One sentence of a treebank.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TreeSentence {
    /// Word forms.
    pub forms: Vec<String>,
    /// Universal part-of-speech tags.
    pub upos: Vec<String>,
    /// Head of each word: 0 for the root, else the 1-based position of the head.
    pub heads: Vec<usize>,
    /// Dependency relation of each word to its head (with subtypes, as `nsubj:pass`).
    pub deprels: Vec<String>,
}

/// A treebank file that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConlluError {
    /// The file could not be read.
    #[error("reading the treebank: {0}")]
    Io(#[from] std::io::Error),
    /// A word line is malformed.
    #[error("line {line}: {what} (is this a CoNLL-U file?)")]
    Malformed {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        what: String,
    },
}

/// Reads every sentence of a CoNLL-U stream.
pub fn read(input: impl BufRead) -> Result<Vec<TreeSentence>, ConlluError> {
    let mut out = Vec::new();
    let mut cur = TreeSentence::default();
    for (no, line) in input.lines().enumerate() {
        let line = line?;
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.forms.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let bad = |what: &str| ConlluError::Malformed {
            line: no + 1,
            what: what.to_string(),
        };
        if cols.len() != 10 {
            return Err(bad("expected 10 tab-separated columns"));
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        let id: usize = cols[0].parse().map_err(|_| bad("the ID is not a number"))?;
        if id != cur.forms.len() + 1 {
            return Err(bad("word IDs are not consecutive"));
        }
        let head: usize = cols[6]
            .parse()
            .map_err(|_| bad("the HEAD is not a number"))?;
        cur.forms.push(cols[1].to_string());
        cur.upos.push(cols[3].to_string());
        cur.heads.push(head);
        cur.deprels.push(cols[7].to_string());
    }
    if !cur.forms.is_empty() {
        out.push(cur);
    }
    for (i, s) in out.iter().enumerate() {
        if s.heads.iter().any(|&h| h > s.forms.len()) {
            return Err(ConlluError::Malformed {
                line: 0,
                what: format!("sentence {} has a head outside the sentence", i + 1),
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_words_and_skips_ranges_and_empty_nodes() {
        let text = "# text = I can't.\n1-2\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n\
            1\tI\tI\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n\
            2\tca\tcan\tAUX\tMD\t_\t0\troot\t_\t_\n\
            2.1\tx\tx\tX\t_\t_\t_\t_\t_\t_\n\
            3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";
        let s = read(text.as_bytes()).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].forms, ["I", "ca", "."]);
        assert_eq!(s[0].heads, [2, 0, 2]);
        assert_eq!(s[0].deprels[0], "nsubj");
    }

    #[test]
    fn malformed_lines_say_where() {
        let err = read("1\tx\n".as_bytes()).unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
    }
}
