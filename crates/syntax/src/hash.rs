//! Stable hashing for feature keys. The trained model stores hashes, so these functions
//! must never change without retraining: no std or crate hasher whose output may vary
//! between versions is used here.

/// 64-bit finaliser (from MurmurHash3): spreads every input bit over the output.
#[inline]
pub(crate) const fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    x
}

/// Hash of a string (FNV-1a, then mixed).
pub(crate) fn str_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h)
}

/// Key of a feature: its template number and up to three values.
#[inline]
pub(crate) fn feat(template: u32, a: u64, b: u64, c: u64) -> u64 {
    // The values are hashes or small numbers; multiplying each by its own odd constant
    // before the final mix keeps `(a, b)` and `(b, a)` apart.
    mix(u64::from(template).wrapping_mul(0x9e37_79b9_7f4a_7c15)
        ^ a.wrapping_mul(0xd6e8_feb8_6659_fd93)
        ^ b.wrapping_mul(0xa076_1d64_78bd_642f).rotate_left(23)
        ^ c.wrapping_mul(0xe703_7ed1_a0b4_28db).rotate_left(41))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable_across_builds() {
        // The model file depends on these exact values.
        assert_eq!(str_hash(""), mix(0xcbf2_9ce4_8422_2325));
        assert_ne!(str_hash("the"), str_hash("The"));
        assert_ne!(feat(1, 2, 3, 0), feat(1, 3, 2, 0));
        assert_ne!(feat(1, 2, 0, 0), feat(2, 2, 0, 0));
        assert_eq!(feat(7, 11, 13, 17), feat(7, 11, 13, 17));
    }
}
