//! Tier A: exact and near copies.
//!
//! * **Exact copies**: cards whose normalised texts ([`super::normalize`]) are equal, found
//!   by a 128-bit hash of the normalised text (two independent 64-bit hashes; a false match
//!   needs a collision of both, probability about n²/2¹²⁹).
//! * **Near copies**: each distinct normalised text is cut into *shingles*, its word bigrams
//!   (a one-word text has its word as its only shingle; Chinese words are single ideographs,
//!   so these are character bigrams there). A MinHash signature of `bands × rows` values
//!   (multiply-shift hashing of the 64-bit shingle hashes) is cut into `bands` bands; texts
//!   that agree on all `rows` values of any band are *candidates* (LSH banding: a pair with
//!   Jaccard similarity s becomes a candidate with probability 1 − (1 − sʳ)ᵇ; with the default
//!   20 × 3 that is 0.99 at s = 0.6 and 0.93 at s = 0.5). Every candidate pair is verified
//!   by the *exact* similarity of the two shingle sets, and becomes a merge edge when
//!   - its Jaccard similarity |A ∩ B| / |A ∪ B| is at least
//!     [`super::Config::near_copy_threshold`] (default 0.6), or
//!   - the shorter text is nearly contained in the longer one — containment
//!     |A ∩ B| / min(|A|, |B|) at least [`super::Config::containment_threshold`] (0.85) —
//!     *and* the Jaccard similarity is at least [`super::Config::containment_min_jaccard`]
//!     (0.45), so the longer text is at most about twice as long: the form letter with a
//!     greeting, a signature or a personal sentence added. (Cards that share only a
//!     boilerplate opening have low containment; a short card inside a much longer one has
//!     low Jaccard.)
//!
//! Inside one LSH bucket a text is compared with at most [`MAX_ANCHORS`] earlier texts of
//! the bucket that are not yet in its cluster (one per cluster), so a bucket of 100,000
//! copies of a form letter costs linear, not quadratic, time; near copies missed in one band
//! are usually joined through another band or through a chain of copies.

use super::hash::{combine, fold_mul, hash_bytes};
use super::normalize::words;

/// At most this many earlier, not-yet-joined texts are compared per text and bucket.
pub const MAX_ANCHORS: usize = 8;

/// 128-bit key of a normalised text (for exact copies): of its words joined by single
/// spaces, so that Chinese written with and without punctuation (hence with and without
/// spaces after normalisation) is the same. A card whose normalised text is empty (only
/// punctuation) is keyed by its raw text, so that "…" and "—" stay apart.
pub(crate) fn exact_key(normalised: &str, raw: &str) -> u128 {
    let joined;
    let (bytes, salt) = if normalised.is_empty() {
        (raw.as_bytes(), 0x5eed)
    } else if normalised.is_ascii() {
        (normalised.as_bytes(), 0)
    } else {
        joined = words(normalised).join(" ");
        (joined.as_bytes(), 0)
    };
    (u128::from(hash_bytes(bytes, 1 ^ salt)) << 64) | u128::from(hash_bytes(bytes, 2 ^ salt))
}

/// Sorted, distinct 64-bit hashes of the word bigrams of a normalised text.
pub(crate) fn shingles(normalised: &str) -> Vec<u64> {
    let hashes: Vec<u64> = words(normalised)
        .iter()
        .map(|w| hash_bytes(w.as_bytes(), 7))
        .collect();
    let mut out: Vec<u64> = if hashes.len() == 1 {
        hashes
    } else {
        hashes.windows(2).map(|w| combine(w[0], w[1])).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// The compact shingle set kept for verification: the high 32 bits of each hash, sorted,
/// distinct. (A chance collision between two texts' shingles has probability 2⁻³² per
/// pair of shingles and can only raise a Jaccard score by one shingle.)
pub(crate) fn compact(shingles: &[u64]) -> Vec<u32> {
    let mut out: Vec<u32> = shingles.iter().map(|&s| (s >> 32) as u32).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// splitmix64: the deterministic source of the MinHash coefficients.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The MinHash family: `h_i(x) = (a_i·x + b_i) >> 32` with odd `a_i` (multiply-shift).
pub(crate) struct MinHasher {
    a: Vec<u64>,
    b: Vec<u64>,
    bands: usize,
    rows: usize,
}

impl MinHasher {
    /// A family of `bands × rows` hash functions, always the same for the same sizes.
    pub(crate) fn new(bands: usize, rows: usize) -> Self {
        let mut state = 0x2017_1204_u64;
        let n = bands * rows;
        let a = (0..n).map(|_| splitmix(&mut state) | 1).collect();
        let b = (0..n).map(|_| splitmix(&mut state)).collect();
        MinHasher { a, b, bands, rows }
    }

    /// Appends the `bands` 32-bit LSH band keys of a shingle set to `out` (a chance
    /// collision of two keys only adds a candidate, which verification rejects). An empty
    /// set (a card without words) gets arbitrary keys; the caller never verifies it.
    pub(crate) fn band_keys(&self, shingles: &[u64], unique: u64, out: &mut Vec<u32>) {
        if shingles.is_empty() {
            out.extend((0..self.bands as u64).map(|band| (combine(unique, !band) >> 32) as u32));
            return;
        }
        let mut signature = vec![u32::MAX; self.a.len()];
        for &x in shingles {
            for ((sig, &a), &b) in signature.iter_mut().zip(&self.a).zip(&self.b) {
                let h = (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
                if h < *sig {
                    *sig = h;
                }
            }
        }
        for (band, rows) in signature.chunks(self.rows).enumerate() {
            let mut key = fold_mul(band as u64 + 1, 0x9e37_79b9_7f4a_7c15);
            for &v in rows {
                key = combine(key, u64::from(v));
            }
            out.push((key >> 32) as u32);
        }
    }
}

/// Jaccard similarity |A ∩ B| / |A ∪ B| of two sorted, distinct sets (1.0 for two empty
/// sets).
pub(crate) fn jaccard<T: Ord>(a: &[T], b: &[T]) -> f64 {
    let (j, _) = similarity(a, b);
    j
}

/// (Jaccard similarity, containment |A ∩ B| / min(|A|, |B|)) of two sorted, distinct sets;
/// (1.0, 1.0) for two empty sets, containment 0 when one is empty.
pub(crate) fn similarity<T: Ord>(a: &[T], b: &[T]) -> (f64, f64) {
    if a.is_empty() && b.is_empty() {
        return (1.0, 1.0);
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let smaller = a.len().min(b.len());
    (
        shared as f64 / (a.len() + b.len() - shared) as f64,
        if smaller == 0 {
            0.0
        } else {
            shared as f64 / smaller as f64
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedup::normalize::normalise;

    #[test]
    fn last_word_changed_touches_one_bigram() {
        let a = shingles(&normalise(
            "Ensure that migrant workers have access to justice and to effective remedies everywhere",
        ));
        let b = shingles(&normalise(
            "Ensure that migrant workers have access to justice and to effective remedies anywhere",
        ));
        // 13 words, 12 bigrams each; the last word touches only the last bigram: 11 / 13.
        assert!((jaccard(&a, &b) - 11.0 / 13.0).abs() < 1e-9);
    }

    #[test]
    fn chinese_bigrams_are_character_bigrams() {
        assert_eq!(shingles(&normalise("保护移民")).len(), 3);
    }

    #[test]
    fn identical_sets_share_every_band() {
        let m = MinHasher::new(20, 3);
        let s = shingles("a b c d e f");
        let (mut x, mut y) = (Vec::new(), Vec::new());
        m.band_keys(&s, 1, &mut x);
        m.band_keys(&s, 2, &mut y);
        assert_eq!(x, y);
        assert_eq!(x.len(), 20);
        let mut empty = Vec::new();
        m.band_keys(&[], 1, &mut empty);
        assert_eq!(empty.len(), 20);
    }
}
