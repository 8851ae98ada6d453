//! A project: the blueprint and the recommendation cards loaded together, merged and placed.
//!
//! Every command that works on the whole draft (`place`, `check`, `build`) starts from
//! [`load`], so that they all see the same cards in the same places, and so that unusable
//! input is reported the same way everywhere: every problem of the blueprint and of the card
//! files at once (exit status 2).

use std::path::Path;

use crate::dedup::{decisions, DedupReport, MergedCard};
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
    /// The deduplication behind `merged`: clusters, explanations, open paraphrase
    /// suggestions, and warnings about the decisions file.
    pub dedup: DedupReport,
    /// Warnings from `recommendations/decisions.toml` (e.g. a card named twice).
    pub decision_warnings: Vec<crate::diagnostic::Diagnostic>,
    /// One placement per merged card, in the order of `merged`.
    pub placements: Vec<Placement>,
}

impl Project {
    /// The card with this id.
    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.id == id)
    }
}

/// Loads the blueprint from `blueprint_dir`, the cards and the human deduplication decisions
/// (`decisions.toml`, optional) from `recommendations_dir`, deduplicates the cards
/// ([`crate::dedup::dedup`]: decisions first, then exact and near copies; paraphrases are
/// only suggested) and places every merged card ([`crate::place::place`]).
///
/// # Errors
/// [`Error::Diagnostics`] with every problem of the blueprint, then of the card files, then
/// of the decisions file, when any of them cannot be used. The decisions file is checked even
/// when the card files are not usable (all but its `unknown-card` checks, which need the
/// cards).
pub fn load(blueprint_dir: &Path, recommendations_dir: &Path) -> Result<Project, Error> {
    let blueprint = crate::model::blueprint::load(blueprint_dir);
    let cards = crate::import::load_cards(recommendations_dir);
    let decisions_path = recommendations_dir.join(crate::import::DECISIONS_FILE);
    let decisions = match &cards {
        Ok(cards) => decisions::load(&decisions_path, cards),
        // The cards are unusable, but the decisions file is still read, so that its own
        // problems (syntax, keys, groups) come in the same run; only the checks that need
        // the cards (`unknown-card`) are left out, since every id would be "unknown".
        Err(_) => match decisions::load(&decisions_path, &[]) {
            Ok(d) => Ok(d),
            Err(all) => Err(all
                .into_iter()
                .filter(|d| d.code != "unknown-card")
                .collect()),
        },
    };
    let (blueprint, cards, decisions) = match (blueprint, cards, decisions) {
        (Ok(b), Ok(c), Ok(d)) => (b, c, d),
        (b, c, d) => {
            let mut all = b.err().unwrap_or_default();
            all.extend(c.err().unwrap_or_default());
            all.extend(d.err().unwrap_or_default());
            return Err(Error::Diagnostics(all));
        }
    };
    let report = crate::dedup::dedup(&cards, &decisions, &crate::dedup::Config::default());
    let merged = report.merged.clone();
    let placements = crate::place::place(&blueprint, &merged);
    Ok(Project {
        blueprint,
        cards,
        merged,
        dedup: report,
        decision_warnings: decisions.warnings,
        placements,
    })
}
