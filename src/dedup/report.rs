//! The result of [`super::dedup`]: merged cards, why they were merged, and paraphrase
//! suggestions for a drafter; plus the [`Config`] that tunes it.

use serde::Serialize;

use super::decisions::SuggestionLevel;
use super::MergedCard;
use crate::diagnostic::Location;

/// Thresholds and switches of [`super::dedup`]. `Config::default()` is what the CLI uses.
#[derive(Debug, Clone)]
pub struct Config {
    /// Near copies merge when the exact Jaccard similarity of their word-bigram sets is at
    /// least this (default 0.6: one word changed in a 10-word card gives 7/11 ≈ 0.64, two
    /// words changed in a 20-word card 15/23 ≈ 0.65).
    pub near_copy_threshold: f64,
    /// Near copies also merge when the shorter card's bigrams lie at least this much
    /// (0–1) inside the longer card's (default 0.85) …
    pub containment_threshold: f64,
    /// … provided their Jaccard similarity is at least this (default 0.45).
    pub containment_min_jaccard: f64,
    /// LSH bands (default 20).
    pub bands: usize,
    /// MinHash values per band (default 3).
    pub rows: usize,
    /// Tier-B pairs and groups are suggested from this score up (default 0.2, read off the
    /// seed's 126 cards: 12 suggestions there, the highest 0.29, about half of them
    /// overlaps a drafter would group; see [`super::paraphrase`]).
    pub suggestion_threshold: f64,
    /// How `check` reports open suggestions when `decisions.toml` has no `[check]` table.
    pub suggestions: SuggestionLevel,
    /// Show a progress bar on standard error (only drawn when it is a terminal, and only
    /// for runs of at least 50,000 cards).
    pub progress: bool,
    /// Worker threads for normalisation and MinHash (0: one per available core).
    pub threads: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            near_copy_threshold: 0.6,
            containment_threshold: 0.85,
            containment_min_jaccard: 0.45,
            bands: 20,
            rows: 3,
            suggestion_threshold: 0.2,
            suggestions: SuggestionLevel::Warn,
            progress: false,
            threads: 0,
        }
    }
}

/// Everything [`super::dedup`] found.
#[derive(Debug, Clone, Serialize)]
pub struct DedupReport {
    /// Counts.
    pub summary: Summary,
    /// One merged card per cluster, in input order of each cluster's first member.
    pub merged: Vec<MergedCard>,
    /// Why each cluster holds its cards; `clusters[i]` explains `merged[i]`.
    pub clusters: Vec<ClusterExplanation>,
    /// Tier-B paraphrase suggestions (never merged), best score first.
    pub suggestions: Vec<Suggestion>,
    /// For each input card (by position), the index of its cluster in `merged`.
    #[serde(skip)]
    pub cluster_of: Vec<usize>,
    /// The `[check] suggestions` level of the decisions file, when it sets one (it wins
    /// over [`Config::suggestions`]).
    #[serde(skip)]
    pub suggestion_level: Option<SuggestionLevel>,
    /// Wall time of each stage, in seconds, in order (for benchmarks; not serialised, since
    /// it differs between runs).
    #[serde(skip)]
    pub timings: Vec<(&'static str, f64)>,
}

/// Counts of a deduplication run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Input cards.
    pub cards: usize,
    /// Clusters (merged cards).
    pub clusters: usize,
    /// Clusters of two or more cards.
    pub merged_clusters: usize,
    /// Cards joined because their normalised text equals an earlier card's.
    pub identical_copies: usize,
    /// Near-copy edges used (each joined two clusters).
    pub near_copies: usize,
    /// Joins made by `[[merge]]` decisions.
    pub decision_merges: usize,
    /// Distinct card pairs whose join (by a tier or a merge group) a `[[keep_apart]]`
    /// decision prevented.
    pub kept_apart: usize,
    /// Tier-B suggestions.
    pub suggestions: usize,
}

/// Why one cluster holds its cards.
#[derive(Debug, Clone, Serialize)]
pub struct ClusterExplanation {
    /// The cluster id (= [`MergedCard::id`]).
    pub id: String,
    /// Number of member cards.
    pub size: usize,
    /// Groups of members with identical normalised text (each group ≥ 2 cards, ids in input
    /// order).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub identical: Vec<Vec<String>>,
    /// Near-copy edges that joined parts of the cluster.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub near_copies: Vec<NearCopy>,
    /// Drafters' merge decisions that joined parts of the cluster.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<DecisionMerge>,
}

/// One near-copy edge: `card` joined the cluster through `copy_of`.
#[derive(Debug, Clone, Serialize)]
pub struct NearCopy {
    /// The later card.
    pub card: String,
    /// The earlier card it nearly copies.
    pub copy_of: String,
    /// Exact Jaccard similarity of the two word-bigram sets (0–1, 3 decimals).
    pub jaccard: f64,
    /// Share of the shorter card's word bigrams found in the longer card's (0–1, 3
    /// decimals).
    pub containment: f64,
    /// Normalised words of `card` missing from `copy_of`, space-separated (at most 8, in
    /// text order; one string rather than a list keeps a million-card report small).
    pub only_in_card: String,
    /// Normalised words of `copy_of` missing from `card`, space-separated (as above).
    pub only_in_copy_of: String,
}

/// A `[[merge]]` decision applied to a cluster.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionMerge {
    /// The decision's card ids.
    pub cards: Vec<String>,
    /// The drafter's reason, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A Tier-B suggestion: clusters that may say the same thing in different words.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    /// Stable id: `suggest-` and the medoid cluster's id.
    pub id: String,
    /// Cluster ids (= merged card ids) in the group, in input order.
    pub clusters: Vec<String>,
    /// The member with the highest total score to the others.
    pub medoid: String,
    /// Average pairwise score over the group (unscored pairs count 0), 3 decimals.
    pub score: f64,
    /// Evidence for each scored pair of the group.
    pub pairs: Vec<PairEvidence>,
    /// Where the medoid's representative card is defined, for `check`.
    #[serde(skip)]
    pub location: Option<Location>,
}

/// Lexical evidence for one suggested pair (see [`super::paraphrase`]).
#[derive(Debug, Clone, Serialize)]
pub struct PairEvidence {
    /// First cluster id.
    pub a: String,
    /// Second cluster id.
    pub b: String,
    /// `0.6 · word_jaccard + 0.4 · char_jaccard`, 3 decimals.
    pub score: f64,
    /// IDF-weighted word Jaccard, 3 decimals.
    pub word_jaccard: f64,
    /// Character-trigram Jaccard, 3 decimals.
    pub char_jaccard: f64,
    /// Shorter / longer length in words, 3 decimals.
    pub length_ratio: f64,
    /// Rare words both share, rarest first (at most 8).
    pub shared_rare_words: Vec<String>,
    /// Phrases both share (runs of 2+ normalised words holding a rare word, at most 5).
    pub shared_phrases: Vec<String>,
}

/// Rounds to 3 decimals, for stable output.
pub(crate) fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
