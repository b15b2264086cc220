//! Folding copies of one story: exact duplicates by a hash of the normalised text, near
//! duplicates (the same wire story with other furniture, a light edit, a new headline)
//! by a 64-bit SimHash over word 3-shingles, compared with every story kept (a popcount
//! each: a million stories take about a millisecond).

use std::collections::HashMap;
use xxhash_rust::xxh3::xxh3_64;

pub use newsgraph_model::Fingerprint;

/// Fingerprints a text.
pub fn fingerprint(text: &str) -> Fingerprint {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let joined = words.join(" ");
    let exact = xxh3_64(joined.as_bytes());
    let mut acc = [0i32; 64];
    let mut acc2 = [0i32; 64];
    let n = words.len();
    let mut add = |h: u64| {
        let h2 = xxhash_rust::xxh3::xxh3_64_with_seed(&h.to_le_bytes(), 0x5eed);
        for bit in 0..64 {
            acc[bit] += if h >> bit & 1 == 1 { 1 } else { -1 };
            acc2[bit] += if h2 >> bit & 1 == 1 { 1 } else { -1 };
        }
    };
    if n < 3 {
        add(xxh3_64(joined.as_bytes()));
    } else {
        let mut buf = String::new();
        for w in words.windows(3) {
            buf.clear();
            buf.push_str(&w[0]);
            buf.push(' ');
            buf.push_str(&w[1]);
            buf.push(' ');
            buf.push_str(&w[2]);
            add(xxh3_64(buf.as_bytes()));
        }
    }
    let pack = |acc: &[i32; 64]| {
        acc.iter()
            .enumerate()
            .fold(0u64, |h, (bit, a)| if *a > 0 { h | 1 << bit } else { h })
    };
    Fingerprint {
        exact,
        simhash: pack(&acc),
        simhash2: pack(&acc2),
        words: n,
    }
}

/// How a new text relates to those seen before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Not seen: a new story with this id.
    New(u64),
    /// The same text as story `story`.
    Exact(u64),
    /// A near copy of story `story` (Hamming distance given).
    Near(u64, u32),
}

/// Remembers the stories seen and folds new texts into them.
pub struct Deduper {
    /// Largest Hamming distance between SimHashes that counts as the same story.
    pub max_distance: u32,
    exact: HashMap<u64, u64>,
    /// Stories long enough for near matching: (story id, SimHash, second SimHash).
    sims: Vec<(u64, u64, u64)>,
}

/// The default largest SimHash distance for two copies of one story.
pub const DEFAULT_MAX_DISTANCE: u32 = 16;

/// Texts shorter than this many words are matched exactly only (a SimHash of a few words
/// says little).
const MIN_WORDS_NEAR: usize = 40;

impl Deduper {
    /// A deduper; `max_distance` of 16 (of 64 bits, [`DEFAULT_MAX_DISTANCE`]) folds
    /// trimmed, re-wrapped and lightly edited copies and keeps different stories on the
    /// same topic apart.
    pub fn new(max_distance: u32) -> Self {
        // (See `newsgraph bench --stage dedup` for the precision/recall of each distance.)
        Deduper {
            max_distance,
            exact: HashMap::new(),
            sims: Vec::new(),
        }
    }

    /// Registers a story already stored (when resuming).
    pub fn remember(&mut self, story: u64, fp: &Fingerprint) {
        self.exact.entry(fp.exact).or_insert(story);
        if fp.words >= MIN_WORDS_NEAR {
            self.sims.push((story, fp.simhash, fp.simhash2));
        }
    }

    /// Decides what a text with fingerprint `fp` is; `new_id` names the story if it is new.
    pub fn check(&mut self, fp: &Fingerprint, new_id: u64) -> Verdict {
        if let Some(&s) = self.exact.get(&fp.exact) {
            return Verdict::Exact(s);
        }
        if fp.words >= MIN_WORDS_NEAR {
            // The closest story within the distance wins (the earliest on a tie).
            let mut best: Option<(u64, u32)> = None;
            for &(story, h, h2) in &self.sims {
                let d = (h ^ fp.simhash).count_ones();
                if d <= self.max_distance
                    && (h2 ^ fp.simhash2).count_ones() <= self.max_distance
                    && best.is_none_or(|(_, bd)| d < bd)
                {
                    best = Some((story, d));
                }
            }
            if let Some((story, d)) = best {
                self.exact.insert(fp.exact, story);
                return Verdict::Near(story, d);
            }
        }
        self.remember(new_id, fp);
        Verdict::New(new_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "The foreign ministers of the two countries met in Geneva on Tuesday for talks on the disputed border, \
        the first such meeting in three years. Officials said the talks lasted more than six hours and ended with an agreement \
        to set up a joint commission that will meet every month. Both sides described the atmosphere as constructive, \
        though neither gave details of the commission's mandate or of the maps under discussion.\n\n\
        The dispute dates back to a treaty signed more than a century ago, whose wording on the course of the river that \
        marks the frontier has been read differently by each government. Fighting along the river killed dozens of soldiers \
        two years ago, and both armies still keep troops and artillery within sight of each other's positions.\n\n\
        Diplomats from neighbouring states, who attended the opening session as observers, welcomed the outcome and offered \
        to host the commission's first sessions. A spokesman for the regional bloc said the agreement showed that dialogue \
        could succeed where years of threats had failed, and urged both sides to reopen the border crossings closed since the clashes.\n\n\
        Opposition politicians in both capitals criticised the deal, saying it gave away too much before any map had been agreed. \
        The two ministers are due to report to their parliaments next week, and the commission is expected to hold its first \
        meeting before the end of the month.";

    #[test]
    fn exact_near_and_different() {
        let mut d = Deduper::new(DEFAULT_MAX_DISTANCE);
        assert_eq!(d.check(&fingerprint(STORY), 1), Verdict::New(1));
        // Same words, other spacing and case: exact.
        let spaced = STORY.to_uppercase().replace(' ', "  ");
        assert_eq!(d.check(&fingerprint(&spaced), 2), Verdict::Exact(1));
        // Furniture added and the last sentence trimmed: near.
        let cut = STORY
            .char_indices()
            .map(|(i, _)| i)
            .take_while(|&i| i < STORY.len() * 9 / 10)
            .last()
            .unwrap_or(0);
        let edited = format!(
            "GENEVA (Wire) - {} Read more: other stories.",
            &STORY[..cut]
        );
        assert!(matches!(
            d.check(&fingerprint(&edited), 3),
            Verdict::Near(1, _)
        ));
        // Another story on the same topic: new.
        let other = "Border guards of the two countries exchanged fire overnight near a disputed village, \
            killing one soldier, a day before their foreign ministers were due in Geneva. The army said it had \
            returned fire after its positions came under attack, and the government summoned the ambassador to \
            protest. Residents fled towards the nearest town as shelling continued into the morning.";
        assert_eq!(d.check(&fingerprint(other), 4), Verdict::New(4));
    }
}
