//! The model file: tagger and parser weights in one little-endian binary file.
//!
//! Layout: the magic `NGSYNTX3`, then the tagger (tag names, the word dictionary, a
//! table), then the parser (relation names, the `root` class, the beam width, two
//! tables). A table is its
//! class count, slot count, the slot fingerprints (u16) and the weights (i16).

use crate::parser::Parser;
use crate::table::{Rows, Table};
use crate::tagger::{Seen, Tagger};

const MAGIC: &[u8; 8] = b"NGSYNTX3";

/// A model file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// Not a model file, or one of another version.
    #[error("not a newsgraph syntax model (bad magic); rebuild it with `newsgraph-syntax train`")]
    Magic,
    /// The file ends early or a count is impossible.
    #[error("the syntax model file is truncated or corrupt at byte {0}; rebuild it with `newsgraph-syntax train`")]
    Corrupt(usize),
}

pub(crate) fn write(tagger: &Tagger, parser: &Parser) -> Vec<u8> {
    let mut o = Vec::new();
    o.extend_from_slice(MAGIC);
    strings(&mut o, &tagger.tags);
    let mut seen: Vec<(&u64, &Seen)> = tagger.seen.iter().collect();
    seen.sort_unstable_by_key(|(k, _)| **k);
    o.extend_from_slice(&(seen.len() as u32).to_le_bytes());
    for (k, s) in seen {
        o.extend_from_slice(&k.to_le_bytes());
        o.extend_from_slice(&s.tags.to_le_bytes());
        o.push(s.sure);
    }
    table(&mut o, &tagger.table);
    strings(&mut o, &parser.labels);
    o.push(parser.root);
    o.push(parser.beam);
    table(&mut o, &parser.trans);
    table(&mut o, &parser.labeller);
    o
}

fn strings(o: &mut Vec<u8>, v: &[String]) {
    o.extend_from_slice(&(v.len() as u32).to_le_bytes());
    for s in v {
        o.extend_from_slice(&(s.len() as u32).to_le_bytes());
        o.extend_from_slice(s.as_bytes());
    }
}

fn table(o: &mut Vec<u8>, t: &Table) {
    o.extend_from_slice(&(t.n as u32).to_le_bytes());
    o.extend_from_slice(&(t.keys.len() as u32).to_le_bytes());
    for k in &t.keys {
        o.extend_from_slice(&k.to_le_bytes());
    }
    match &t.rows {
        Rows::Dense(w) => {
            o.push(0);
            for w in w {
                o.extend_from_slice(&w.to_le_bytes());
            }
        }
        Rows::Sparse { off, data } => {
            o.push(1);
            for x in off {
                o.extend_from_slice(&x.to_le_bytes());
            }
            o.extend_from_slice(&(data.len() as u32).to_le_bytes());
            for x in data {
                o.extend_from_slice(&x.to_le_bytes());
            }
        }
    }
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or(ModelError::Corrupt(self.at))?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(
            self.take(4)?
                .try_into()
                .map_err(|_| ModelError::Corrupt(self.at))?,
        ))
    }
    fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(
            self.take(8)?
                .try_into()
                .map_err(|_| ModelError::Corrupt(self.at))?,
        ))
    }
    fn u32s(&mut self, n: usize) -> Result<Vec<u32>, ModelError> {
        Ok(self
            .take(n.checked_mul(4).ok_or(ModelError::Corrupt(self.at))?)?
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
    /// A count of items of at least `unit` bytes each, checked against what is left.
    fn count(&mut self, unit: usize) -> Result<usize, ModelError> {
        let n = self.u32()? as usize;
        if n.saturating_mul(unit) > self.b.len() - self.at {
            return Err(ModelError::Corrupt(self.at));
        }
        Ok(n)
    }
    fn strings(&mut self) -> Result<Vec<String>, ModelError> {
        let n = self.count(4)?;
        (0..n)
            .map(|_| {
                let len = self.count(1)?;
                let at = self.at;
                String::from_utf8(self.take(len)?.to_vec()).map_err(|_| ModelError::Corrupt(at))
            })
            .collect()
    }
    fn table(&mut self, classes: usize) -> Result<Table, ModelError> {
        let at = self.at;
        let n = self.u32()? as usize;
        if n != classes {
            return Err(ModelError::Corrupt(at));
        }
        let slots = self.count(4)?;
        let keys: Vec<u16> = self
            .take(slots * 2)?
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        let rows = match self.u8()? {
            0 => {
                if slots.saturating_mul(n * 2) > self.b.len() - self.at {
                    return Err(ModelError::Corrupt(self.at));
                }
                Rows::Dense(
                    self.take(slots * n * 2)?
                        .chunks_exact(2)
                        .map(|c| i16::from_le_bytes([c[0], c[1]]))
                        .collect(),
                )
            }
            1 => {
                if slots.saturating_add(1).saturating_mul(4) > self.b.len() - self.at {
                    return Err(ModelError::Corrupt(self.at));
                }
                let off = self.u32s(slots + 1)?;
                let len = self.count(4)?;
                Rows::Sparse {
                    off,
                    data: self.u32s(len)?,
                }
            }
            _ => return Err(ModelError::Corrupt(self.at)),
        };
        let t = Table { n, keys, rows };
        if !t.check() {
            return Err(ModelError::Corrupt(at));
        }
        Ok(t)
    }
}

pub(crate) fn read(b: &[u8]) -> Result<(Tagger, Parser), ModelError> {
    if b.len() < 8 || &b[..8] != MAGIC {
        return Err(ModelError::Magic);
    }
    let mut r = Reader { b, at: 8 };
    let tags = r.strings()?;
    if tags.is_empty() || tags.len() > 32 {
        return Err(ModelError::Corrupt(r.at));
    }
    let n = r.count(13)?;
    let mut seen = rustc_hash::FxHashMap::default();
    seen.reserve(n);
    for _ in 0..n {
        let k = r.u64()?;
        let t = r.u32()?;
        let sure = r.u8()?;
        if sure != u8::MAX && sure as usize >= tags.len() {
            return Err(ModelError::Corrupt(r.at));
        }
        seen.insert(k, Seen { tags: t, sure });
    }
    let ttable = r.table(tags.len())?;
    let labels = r.strings()?;
    if labels.is_empty() || labels.len() > 64 {
        return Err(ModelError::Corrupt(r.at));
    }
    let root = r.u8()?;
    if root as usize >= labels.len() {
        return Err(ModelError::Corrupt(r.at));
    }
    let beam = r.u8()?;
    if beam == 0 {
        return Err(ModelError::Corrupt(r.at));
    }
    let trans = r.table(3)?;
    let labeller = r.table(labels.len())?;
    if r.at != b.len() {
        return Err(ModelError::Corrupt(r.at));
    }
    Ok((
        Tagger {
            tags,
            seen,
            table: ttable,
        },
        Parser {
            labels,
            root,
            trans,
            labeller,
            beam,
        },
    ))
}
