//! The runtime form of a trained linear model: an open-addressing table from a feature
//! key to one row of quantised class weights. Rows of few classes are stored whole; rows
//! of many classes keep only their non-zero weights.

/// Weights of one linear classifier: feature key → class weights (i16, scaled).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Number of classes.
    pub(crate) n: usize,
    /// Fingerprints (high 16 bits of the key, low bit forced on); 0 marks an empty slot.
    pub(crate) keys: Vec<u16>,
    /// The weights of each slot.
    pub(crate) rows: Rows,
}

/// How a table's rows are stored.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Rows {
    /// Slot `i` is `w[i * n..(i + 1) * n]`.
    Dense(Vec<i16>),
    /// Slot `i`'s weights are `data[off[i]..off[i + 1]]`, each `class << 16 | weight`.
    Sparse { off: Vec<u32>, data: Vec<u32> },
}

/// Tables of more classes than this store only non-zero weights.
const DENSE_MAX: usize = 4;

impl Table {
    /// An empty table of `n` classes.
    pub(crate) fn empty(n: usize) -> Table {
        Table::from_rows(n, std::iter::empty())
    }

    /// Builds a table from rows; rows that are all zero are left out.
    pub(crate) fn from_rows(n: usize, rows: impl Iterator<Item = (u64, Vec<i16>)>) -> Table {
        let rows: Vec<(u64, Vec<i16>)> = rows.filter(|(_, r)| r.iter().any(|&x| x != 0)).collect();
        // Load factor about 0.7.
        let slots = (rows.len() * 10 / 7).max(1) + 1;
        let mut keys = vec![0u16; slots];
        let mut at: Vec<Option<usize>> = vec![None; slots];
        for (r, (key, _)) in rows.iter().enumerate() {
            let fp = fingerprint(*key);
            let mut i = home(*key, slots);
            // Two features with one fingerprint in one chain: the first one wins (rare).
            while keys[i] != 0 && keys[i] != fp {
                i = if i + 1 == slots { 0 } else { i + 1 };
            }
            if keys[i] == 0 {
                keys[i] = fp;
                at[i] = Some(r);
            }
        }
        let rows_of = |i: usize| at[i].map(|r| rows[r].1.as_slice());
        let stored = if n <= DENSE_MAX {
            let mut w = vec![0i16; slots * n];
            for i in 0..slots {
                if let Some(row) = rows_of(i) {
                    w[i * n..(i + 1) * n].copy_from_slice(row);
                }
            }
            Rows::Dense(w)
        } else {
            let mut off = Vec::with_capacity(slots + 1);
            let mut data = Vec::new();
            for i in 0..slots {
                off.push(data.len() as u32);
                if let Some(row) = rows_of(i) {
                    for (c, &w) in row.iter().enumerate() {
                        if w != 0 {
                            data.push((c as u32) << 16 | u32::from(w as u16));
                        }
                    }
                }
            }
            off.push(data.len() as u32);
            Rows::Sparse { off, data }
        };
        Table {
            n,
            keys,
            rows: stored,
        }
    }

    /// Number of classes.
    pub fn classes(&self) -> usize {
        self.n
    }

    /// Number of stored features.
    pub fn len(&self) -> usize {
        self.keys.iter().filter(|&&k| k != 0).count()
    }

    /// True when no feature is stored.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes the table takes in memory and in the model file.
    pub fn bytes(&self) -> usize {
        self.keys.len() * 4
            + match &self.rows {
                Rows::Dense(w) => w.len() * 2,
                Rows::Sparse { off, data } => off.len() * 4 + data.len() * 4,
            }
    }

    /// The slot of `key`, if the feature is known.
    #[inline]
    fn find(&self, key: u64) -> Option<usize> {
        let fp = fingerprint(key);
        let slots = self.keys.len();
        let mut i = home(key, slots);
        loop {
            let k = self.keys[i];
            if k == fp {
                return Some(i);
            }
            if k == 0 {
                return None;
            }
            i = if i + 1 == slots { 0 } else { i + 1 };
        }
    }

    /// Adds the weights of `keys` into `scores` (which has `n` entries).
    #[inline]
    pub(crate) fn score(&self, keys: &[u64], scores: &mut [i32]) {
        // Memory reads dominate: ask for every home slot first, then for every found
        // row, so the reads overlap instead of waiting one after another.
        for &k in keys {
            prefetch(&self.keys, home(k, self.keys.len()));
        }
        let mut found = [0u32; 128];
        let mut n_found = 0;
        for &k in keys {
            if let Some(i) = self.find(k) {
                if n_found < found.len() {
                    found[n_found] = i as u32;
                    n_found += 1;
                }
            }
        }
        let found = &found[..n_found];
        match &self.rows {
            Rows::Dense(w) => {
                for &i in found {
                    prefetch(w, i as usize * self.n);
                }
                for &i in found {
                    let i = i as usize;
                    for (s, &x) in scores.iter_mut().zip(&w[i * self.n..(i + 1) * self.n]) {
                        *s += i32::from(x);
                    }
                }
            }
            Rows::Sparse { off, data } => {
                for &i in found {
                    prefetch(off, i as usize);
                }
                for &i in found {
                    prefetch(data, off[i as usize] as usize);
                }
                for &i in found {
                    let i = i as usize;
                    for &e in &data[off[i] as usize..off[i + 1] as usize] {
                        if let Some(s) = scores.get_mut((e >> 16) as usize) {
                            *s += i32::from(e as u16 as i16);
                        }
                    }
                }
            }
        }
    }

    /// Checks a table read from a file: slot counts agree and classes are in range.
    pub(crate) fn check(&self) -> bool {
        let slots = self.keys.len();
        slots > 0
            && match &self.rows {
                Rows::Dense(w) => w.len() == slots * self.n,
                Rows::Sparse { off, data } => {
                    off.len() == slots + 1
                        && off.windows(2).all(|p| p[0] <= p[1])
                        && off.last().is_some_and(|&e| e as usize == data.len())
                        && data.iter().all(|&e| ((e >> 16) as usize) < self.n)
                }
            }
    }
}

#[inline]
fn home(key: u64, slots: usize) -> usize {
    ((u64::from(key as u32) * slots as u64) >> 32) as usize
}

#[inline]
fn fingerprint(key: u64) -> u16 {
    ((key >> 48) as u16) | 1
}

#[inline]
fn prefetch<T>(v: &[T], i: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(p) = v.get(i) {
        // SAFETY: a prefetch is only a hint; the address is that of a live element.
        unsafe {
            std::arch::x86_64::_mm_prefetch(
                std::ptr::from_ref(p).cast::<i8>(),
                std::arch::x86_64::_MM_HINT_T0,
            );
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (v, i);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(n: usize) {
        let rows = (0..1000u64).map(|k| {
            let mut r = vec![0i16; n];
            r[0] = k as i16;
            r[1] = 1;
            r[n - 1] = -1;
            (crate::hash::mix(k), r)
        });
        let t = Table::from_rows(n, rows);
        assert!(t.check());
        assert_eq!(t.len(), 1000);
        let mut s = vec![0; n];
        t.score(
            &[
                crate::hash::mix(5),
                crate::hash::mix(7),
                crate::hash::mix(5_000_000),
            ],
            &mut s,
        );
        assert_eq!((s[0], s[1], s[n - 1]), (12, 2, -2));
        let mut hits = 0;
        for k in 1000..101_000u64 {
            let mut s = vec![0; n];
            t.score(&[crate::hash::mix(k)], &mut s);
            hits += usize::from(s.iter().any(|&x| x != 0));
        }
        // 16-bit fingerprints: an unknown key meets a stored one about once in 32,768
        // probes, and a miss probes a few slots at this load (about 18 in 100,000).
        assert!(hits < 40, "{hits} false hits");
    }

    #[test]
    fn dense_and_sparse_rows_score_alike() {
        check(3);
        check(17);
    }
}
