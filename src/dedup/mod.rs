//! Deduplication of recommendation cards: the same recommendation arrives many times, in
//! different words, from different delegations.
//!
//! [`dedup`] turns the loaded cards into [`MergedCard`]s, one per cluster, keeping every
//! source, and explains every merge. In order:
//!
//! 1. **Decisions** ([`decisions`]): a drafter's `[[merge]]` groups are joined and
//!    `[[keep_apart]]` pairs are forbidden from ever joining, before any automatic tier.
//! 2. **Tier A, exact copies**: equal normalised texts ([`normalize`]: NFKC, case, Arabic
//!    marks, punctuation, whitespace) merge.
//! 3. **Tier A, near copies** ([`near_copy`]): MinHash/LSH over word bigrams proposes
//!    candidates; exact word-bigram Jaccard ≥ [`Config::near_copy_threshold`] (or near
//!    containment of the shorter card, for copies with added text) verifies them; union-find
//!    over these high-precision edges only.
//! 4. **Tier B, paraphrases** ([`paraphrase`]): lexical scores between the resulting
//!    clusters, grouped by average linkage, reported as [`Suggestion`]s and never merged.
//!
//! The representative text of a cluster follows a fixed rule (see [`MergedCard::text`]),
//! cluster ids are the representative's card id, and clusters come in input order of their
//! first member, so the output is the same on every run. [`synth`] generates synthetic
//! mass-comment cards with gold clusters, and [`eval`] scores a clustering against them.
//!
//! [`exact_duplicates`] is the earlier, exact-only merge, kept for callers not yet moved to
//! [`dedup`].

pub mod decisions;
pub mod eval;
mod hash;
pub mod near_copy;
pub mod normalize;
pub mod paraphrase;
pub mod synth;
mod union_find;

pub use decisions::{Decisions, SuggestionLevel};
pub use pipeline::{check_diagnostics, dedup};
pub use report::{
    ClusterExplanation, Config, DecisionMerge, DedupReport, NearCopy, PairEvidence, Suggestion,
    Summary,
};
mod pipeline;
mod report;

use serde::Serialize;

use crate::model::{Card, PlacementOverride, Provenance};

/// One recommendation after deduplication: a cluster of one or more cards.
#[derive(Debug, Clone, Serialize)]
pub struct MergedCard {
    /// Id of the cluster: the id of its representative card.
    pub id: String,
    /// Ids of all member cards, in input order (the representative included).
    pub members: Vec<String>,
    /// Representative text, chosen by this rule: the wording of the card a `[[merge]]`
    /// decision names as `representative`; otherwise the normalised text shared by the most
    /// members (ties: the one that occurs first), in the wording of the first card with it.
    pub text: String,
    /// Provenance of every member, in input order.
    pub sources: Vec<Provenance>,
    /// Wordings of the other members that differ from `text`, in input order. In
    /// [`dedup`], "differ" means after normalisation: one wording (the first) per distinct
    /// normalised text, so case, spacing and punctuation variants are not repeated.
    pub other_wordings: Vec<String>,
    /// Union of the members' tags, sorted.
    pub tags: Vec<String>,
    /// The first explicit placement override among the members, in input order.
    pub placement: Option<PlacementOverride>,
    /// Why these cards were merged (empty for a single card).
    pub explanation: String,
}

/// Collapses whitespace and case so that copies differing only in those merge.
fn exact_key(text: &str) -> String {
    text.split_whitespace()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Merges cards whose texts are identical after case folding and whitespace collapsing;
/// every other card becomes a cluster of one. Order: by first member, in input order.
pub fn exact_duplicates(cards: &[Card]) -> Vec<MergedCard> {
    let mut index: std::collections::HashMap<String, usize> = Default::default();
    let mut out: Vec<MergedCard> = Vec::new();
    for card in cards {
        let key = exact_key(&card.text);
        if let Some(&i) = index.get(&key) {
            let m = &mut out[i];
            m.members.push(card.id.clone());
            m.sources.push(card.provenance.clone());
            if card.text != m.text {
                m.other_wordings.push(card.text.clone());
            }
            m.tags.extend(card.tags.iter().cloned());
            m.tags.sort();
            m.tags.dedup();
            if m.placement.is_none() {
                m.placement = card.placement.clone();
            }
            m.explanation = "identical text after case and whitespace normalisation".into();
        } else {
            index.insert(key, out.len());
            let mut tags = card.tags.clone();
            tags.sort();
            tags.dedup();
            out.push(MergedCard {
                id: card.id.clone(),
                members: vec![card.id.clone()],
                text: card.text.clone(),
                sources: vec![card.provenance.clone()],
                other_wordings: Vec::new(),
                tags,
                placement: card.placement.clone(),
                explanation: String::new(),
            });
        }
    }
    out
}
