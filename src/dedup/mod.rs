//! Deduplication of recommendation cards.
//!
//! The output of this stage is a list of [`MergedCard`]s: one per cluster of cards that say
//! the same thing, keeping every source. Until the tiered deduplication lands,
//! [`exact_duplicates`] merges only cards whose normalised texts are identical.

use serde::Serialize;

use crate::model::{Card, PlacementOverride, Provenance};

/// One recommendation after deduplication: a cluster of one or more cards.
#[derive(Debug, Clone, Serialize)]
pub struct MergedCard {
    /// Id of the cluster: the id of its representative card.
    pub id: String,
    /// Ids of all member cards, in input order (the representative included).
    pub members: Vec<String>,
    /// Representative text.
    pub text: String,
    /// Provenance of every member, in input order.
    pub sources: Vec<Provenance>,
    /// Wordings of the other members that differ from `text`, in input order.
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
