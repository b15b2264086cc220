//! Averaged perceptron for training (float weights, lazy averaging), turned into a
//! quantised [`Table`] when training ends.

use crate::table::Table;
use rustc_hash::FxHashMap;

/// A multiclass averaged perceptron over hashed features.
pub(crate) struct Perceptron {
    n: usize,
    index: FxHashMap<u64, u32>,
    w: Vec<f32>,
    total: Vec<f64>,
    stamp: Vec<u32>,
    /// Updates each feature took part in.
    updates: Vec<u32>,
    now: u32,
}

impl Perceptron {
    /// A perceptron with `n` classes.
    pub(crate) fn new(n: usize) -> Perceptron {
        Perceptron {
            n,
            index: FxHashMap::default(),
            w: Vec::new(),
            total: Vec::new(),
            stamp: Vec::new(),
            updates: Vec::new(),
            now: 0,
        }
    }

    /// Current (not averaged) scores of the classes.
    pub(crate) fn score(&self, keys: &[u64], out: &mut [f32]) {
        out.iter_mut().for_each(|x| *x = 0.0);
        for k in keys {
            if let Some(&r) = self.index.get(k) {
                let r = r as usize * self.n;
                for (o, w) in out.iter_mut().zip(&self.w[r..r + self.n]) {
                    *o += w;
                }
            }
        }
    }

    /// Counts one training instance (for averaging).
    pub(crate) fn tick(&mut self) {
        self.now += 1;
    }

    /// Moves weight from `guess` to `truth` for every feature in `keys`.
    pub(crate) fn update(&mut self, keys: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        for &k in keys {
            let r = self.row(k);
            self.bump(r * self.n + truth, 1.0);
            self.bump(r * self.n + guess, -1.0);
        }
    }

    /// Adds `delta` to the weight of `class` for every feature in `keys`.
    pub(crate) fn add(&mut self, keys: &[u64], class: usize, delta: f32) {
        for &k in keys {
            let r = self.row(k);
            self.bump(r * self.n + class, delta);
        }
    }

    /// The row of feature `k` (made on first use), counting one more update of it.
    fn row(&mut self, k: u64) -> usize {
        let next = self.index.len() as u32;
        let r = *self.index.entry(k).or_insert(next) as usize;
        if r == self.w.len() / self.n {
            self.w.extend(std::iter::repeat_n(0.0, self.n));
            self.total.extend(std::iter::repeat_n(0.0, self.n));
            self.stamp.extend(std::iter::repeat_n(self.now, self.n));
            self.updates.push(0);
        }
        self.updates[r] += 1;
        r
    }

    /// Adds `d` to weight `i`, first banking its value over the steps since it last
    /// changed (for the average).
    fn bump(&mut self, i: usize, d: f32) {
        self.total[i] += f64::from(self.now - self.stamp[i]) * f64::from(self.w[i]);
        self.stamp[i] = self.now;
        self.w[i] += d;
    }

    /// Averaged weights, quantised to i16 with one scale for the table; features that
    /// took part in fewer than `min_updates` updates are left out.
    pub(crate) fn finish(&self, min_updates: u32) -> Table {
        let now = f64::from(self.now.max(1));
        let avg: Vec<f32> = (0..self.w.len())
            .map(|i| {
                ((self.total[i] + f64::from(self.now - self.stamp[i]) * f64::from(self.w[i])) / now)
                    as f32
            })
            .collect();
        // Scale so that the largest weight seen fits; extreme outliers are clamped at the
        // 99.999th percentile so the rest keep their resolution.
        let mut mags: Vec<f32> = avg.iter().map(|x| x.abs()).filter(|&x| x > 0.0).collect();
        mags.sort_by(f32::total_cmp);
        let top = mags
            .get(mags.len().saturating_sub(1 + mags.len() / 100_000))
            .copied()
            .unwrap_or(1.0);
        let scale = 32_000.0 / top.max(1e-6);
        let mut keys: Vec<(u64, u32)> = self
            .index
            .iter()
            .filter(|(_, &r)| self.updates[r as usize] >= min_updates)
            .map(|(&k, &r)| (k, r))
            .collect();
        keys.sort_unstable();
        Table::from_rows(
            self.n,
            keys.into_iter().map(|(k, r)| {
                let r = r as usize * self.n;
                let row = avg[r..r + self.n]
                    .iter()
                    .map(|&x| (x * scale).round().clamp(-32_767.0, 32_767.0) as i16)
                    .collect();
                (k, row)
            }),
        )
    }
}
