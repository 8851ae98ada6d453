//! Scoring a clustering against gold clusters: pairwise precision/recall and B-cubed.
//!
//! * **Pairwise**: over all pairs of cards, a pair is a true positive when both clusterings
//!   put the two cards together. Precision = TP / pairs put together by the prediction,
//!   recall = TP / pairs together in gold. Computed from the contingency table, in O(n).
//! * **B-cubed** (Bagga & Baldwin 1998): for each card, precision is the share of its
//!   predicted cluster that shares its gold cluster, recall the share of its gold cluster
//!   found in its predicted cluster; both averaged over cards. Unlike pairwise scores,
//!   B-cubed is not dominated by the largest clusters.
//!
//! With no predicted (or gold) pairs at all, pairwise precision (or recall) is 1 by
//! convention: nothing claimed, nothing wrong.

use std::collections::HashMap;

use serde::Serialize;

/// Scores of a predicted clustering against gold, all in 0–1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    /// Cards scored.
    pub cards: usize,
    /// Clusters predicted.
    pub predicted_clusters: usize,
    /// Clusters in gold.
    pub gold_clusters: usize,
    /// Pairwise precision.
    pub pairwise_precision: f64,
    /// Pairwise recall.
    pub pairwise_recall: f64,
    /// Pairwise F1.
    pub pairwise_f1: f64,
    /// B-cubed precision.
    pub bcubed_precision: f64,
    /// B-cubed recall.
    pub bcubed_recall: f64,
    /// B-cubed F1.
    pub bcubed_f1: f64,
}

/// Scores `predicted[i]` (cluster of card i) against `gold[i]`. Both slices must have the
/// same length; extra entries of the longer one are ignored.
pub fn score(predicted: &[usize], gold: &[u32]) -> Scores {
    let n = predicted.len().min(gold.len());
    let mut cells: HashMap<(usize, u32), u64> = HashMap::new();
    let mut pred_size: HashMap<usize, u64> = HashMap::new();
    let mut gold_size: HashMap<u32, u64> = HashMap::new();
    for i in 0..n {
        *cells.entry((predicted[i], gold[i])).or_default() += 1;
        *pred_size.entry(predicted[i]).or_default() += 1;
        *gold_size.entry(gold[i]).or_default() += 1;
    }
    let pairs = |k: u64| (k * k.saturating_sub(1) / 2) as f64;
    let tp: f64 = cells.values().map(|&k| pairs(k)).sum();
    let pred_pairs: f64 = pred_size.values().map(|&k| pairs(k)).sum();
    let gold_pairs: f64 = gold_size.values().map(|&k| pairs(k)).sum();
    let ratio = |a: f64, b: f64| if b == 0.0 { 1.0 } else { a / b };
    let (mut bp, mut br) = (0.0, 0.0);
    for (&(p, g), &k) in &cells {
        let k = k as f64;
        bp += k * k / pred_size[&p] as f64;
        br += k * k / gold_size[&g] as f64;
    }
    let (bp, br) = if n == 0 {
        (1.0, 1.0)
    } else {
        (bp / n as f64, br / n as f64)
    };
    let f1 = |p: f64, r: f64| {
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    };
    let (pp, pr) = (ratio(tp, pred_pairs), ratio(tp, gold_pairs));
    Scores {
        cards: n,
        predicted_clusters: pred_size.len(),
        gold_clusters: gold_size.len(),
        pairwise_precision: pp,
        pairwise_recall: pr,
        pairwise_f1: f1(pp, pr),
        bcubed_precision: bp,
        bcubed_recall: br,
        bcubed_f1: f1(bp, br),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn textbook_example() {
        // Gold {0,1,2} {3,4}; predicted {0,1} {2,3,4}.
        let s = score(&[0, 0, 1, 1, 1], &[7, 7, 7, 9, 9]);
        // TP: (0,1) and (3,4) = 2; predicted pairs 1 + 3 = 4; gold pairs 3 + 1 = 4.
        assert_eq!(s.pairwise_precision, 0.5);
        assert_eq!(s.pairwise_recall, 0.5);
        // B-cubed precision: (1 + 1 + 1/3 + 2/3 + 2/3) / 5 = 11/15.
        assert!((s.bcubed_precision - 11.0 / 15.0).abs() < 1e-12);
        // B-cubed recall: (2/3 + 2/3 + 1/3 + 1 + 1) / 5 = 11/15.
        assert!((s.bcubed_recall - 11.0 / 15.0).abs() < 1e-12);
        assert_eq!((s.predicted_clusters, s.gold_clusters), (2, 2));
    }

    #[test]
    fn singletons_everywhere_is_perfect_precision() {
        let s = score(&[0, 1, 2], &[0, 0, 1]);
        assert_eq!(s.pairwise_precision, 1.0);
        assert_eq!(s.pairwise_recall, 0.0);
        assert_eq!(s.bcubed_precision, 1.0);
    }
}
