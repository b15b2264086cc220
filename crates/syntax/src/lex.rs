//! What the tagger and parser know of a word form: hashes of its normalised form, affixes
//! and shape, computed once per token.

use crate::hash::str_hash;

/// Hashes describing one word form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Lex {
    /// The form exactly as written.
    pub form: u64,
    /// The normalised form (lower case, digits as `0`, links and addresses as one symbol).
    pub norm: u64,
    /// Last one, two, three and four characters of the normalised form.
    pub suf: [u64; 4],
    /// First one, two, three and four characters.
    pub pre: [u64; 4],
    /// Character classes (`Xx`, `d.d`, …) with runs folded.
    pub shape: u64,
    /// Starts with an upper-case letter.
    pub cap: bool,
}

/// Stand-in word for positions outside the sentence.
pub(crate) const NONE: u64 = 0x0123_4567_89ab_cdef;
/// Stand-in word for the artificial root at the end of the sentence.
pub(crate) const ROOT: u64 = 0x0fed_cba9_8765_4321;

impl Lex {
    /// Describes `form`.
    pub(crate) fn new(form: &str) -> Lex {
        let n = normalise(form);
        let chars: Vec<char> = n.chars().collect();
        let suffix = |k: usize| -> u64 {
            let s: String = chars[chars.len().saturating_sub(k)..].iter().collect();
            str_hash(&s) ^ k as u64
        };
        let prefix = |k: usize| -> u64 {
            let s: String = chars[..k.min(chars.len())].iter().collect();
            str_hash(&s) ^ (k as u64) << 8
        };
        Lex {
            form: str_hash(form),
            norm: str_hash(&n),
            suf: [suffix(1), suffix(2), suffix(3), suffix(4)],
            pre: [prefix(1), prefix(2), prefix(3), prefix(4)],
            shape: str_hash(&shape(form)),
            cap: form.chars().next().is_some_and(char::is_uppercase),
        }
    }
}

/// Lower case; every digit becomes `0`; web addresses and e-mail addresses become one
/// symbol each, since their letters say nothing about their syntax.
pub(crate) fn normalise(form: &str) -> String {
    let lower = form.to_lowercase();
    if lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("www.") {
        return "<url>".to_string();
    }
    if lower.contains('@') && lower.contains('.') && lower.len() > 4 {
        return "<email>".to_string();
    }
    lower
        .chars()
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .collect()
}

/// Character classes of a form with runs of one class folded: `Putin` → `Xx`, `S-400` →
/// `X-d`, `e-mail` → `x-x`.
pub(crate) fn shape(form: &str) -> String {
    let mut out = String::new();
    let mut last = None;
    for c in form.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if last != Some(k) {
            out.push(k);
            last = Some(k);
        }
        if out.len() > 8 {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_normalised_and_shaped() {
        assert_eq!(normalise("Putin"), "putin");
        assert_eq!(normalise("1,999"), "0,000");
        assert_eq!(normalise("https://x.org/a"), "<url>");
        assert_eq!(normalise("a.b@c.org"), "<email>");
        assert_eq!(shape("Putin"), "Xx");
        assert_eq!(shape("S-400"), "X-d");
        assert_eq!(shape("U.S."), "X.X.");
        assert!(Lex::new("Putin").cap);
        assert_eq!(Lex::new("Putin").norm, Lex::new("PUTIN").norm);
        assert_ne!(Lex::new("Putin").shape, Lex::new("PUTIN").shape);
    }
}
