//! A project: the blueprint and the recommendation cards loaded together, merged and placed.
//!
//! Every command that works on the whole draft (`place`, `check`, `build`) starts from
//! [`load`], so that they all see the same cards in the same places, and so that unusable
//! input is reported the same way everywhere: every problem of the blueprint and of the card
//! files at once (exit status 2).

use std::path::Path;

use crate::dedup::MergedCard;
use crate::model::{Blueprint, Card};
use crate::place::Placement;
use crate::Error;

/// The loaded, merged and placed inputs of one draft.
#[derive(Debug, Clone)]
pub struct Project {
    /// The blueprint, validated.
    pub blueprint: Blueprint,
    /// Every card, in loading order.
    pub cards: Vec<Card>,
    /// Cards after merging duplicates, in order of their first member.
    pub merged: Vec<MergedCard>,
    /// One placement per merged card, in the order of `merged`.
    pub placements: Vec<Placement>,
}

impl Project {
    /// The card with this id.
    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.id == id)
    }
}

/// Loads the blueprint from `blueprint_dir` and the cards from `recommendations_dir`,
/// merges exact duplicates ([`crate::dedup::exact_duplicates`]) and places every merged card
/// ([`crate::place::place`]).
///
/// # Errors
/// [`Error::Diagnostics`] with every problem of the blueprint followed by every problem of
/// the card files, when either cannot be used.
pub fn load(blueprint_dir: &Path, recommendations_dir: &Path) -> Result<Project, Error> {
    let blueprint = crate::model::blueprint::load(blueprint_dir);
    let cards = crate::import::load_cards(recommendations_dir);
    let (blueprint, cards) = match (blueprint, cards) {
        (Ok(b), Ok(c)) => (b, c),
        (b, c) => {
            let mut all = b.err().unwrap_or_default();
            all.extend(c.err().unwrap_or_default());
            return Err(Error::Diagnostics(all));
        }
    };
    let merged = crate::dedup::exact_duplicates(&cards);
    let placements = crate::place::place(&blueprint, &merged);
    Ok(Project {
        blueprint,
        cards,
        merged,
        placements,
    })
}
