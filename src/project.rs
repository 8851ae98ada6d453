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
/// of the decisions file (the same list as [`Loaded::errors`] of [`load_all`]), when any of
/// them cannot be used.
pub fn load(blueprint_dir: &Path, recommendations_dir: &Path) -> Result<Project, Error> {
    let loaded = load_all(blueprint_dir, recommendations_dir);
    match loaded.project {
        Some(project) if !loaded.partial => Ok(project),
        _ => Err(Error::Diagnostics(loaded.errors)),
    }
}

/// What [`load_all`] could load: the project (perhaps built from part of the input) and
/// every loading problem.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The project, when the blueprint is usable: built from every usable card (see
    /// [`crate::import::read_cards`]) and, when the decisions file has errors, from no
    /// decisions at all. `None` when the blueprint cannot be used (nothing can be placed).
    pub project: Option<Project>,
    /// True when the input has errors, so that `project` (if any) holds only part of it:
    /// findings that need every card (empty sections, objectives without actions, unused
    /// rules, open suggestions) would mislead and are not reported.
    pub partial: bool,
    /// Every problem of the blueprint, then of the card files, then of the decisions file
    /// (errors, and the warnings of the decisions file when it also has errors). Empty
    /// errors means a complete project.
    pub errors: Vec<crate::diagnostic::Diagnostic>,
    /// When the blueprint is unusable: what could be read of it, so that the cards' placement
    /// overrides can still be checked against its ids ([`crate::check::override_findings`]).
    pub blueprint_read: Option<crate::model::blueprint::BlueprintRead>,
    /// When the blueprint is unusable (`project` is `None`): the cards that could be read.
    pub cards: Vec<Card>,
}

/// Loads what can be loaded, for `check`: like [`load`], but when the card files or the
/// decisions file have errors, the cards that could be read are still deduplicated and
/// placed, so that their findings (unplaced card, override naming an unknown section) come
/// in the same run as the loading errors. The decisions file is checked against every card
/// id written, even in broken card files (when a card file is not TOML at all its ids are
/// unknown, and `unknown-card` is left out).
pub fn load_all(blueprint_dir: &Path, recommendations_dir: &Path) -> Loaded {
    let blueprint_read = crate::model::blueprint::read(blueprint_dir);
    let blueprint = match &blueprint_read.blueprint {
        Some(b) if blueprint_read.diagnostics.is_empty() => Ok(b.clone()),
        _ => Err(blueprint_read.diagnostics.clone()),
    };
    let read = crate::import::read_cards(recommendations_dir);
    let decisions_path = recommendations_dir.join(crate::import::DECISIONS_FILE);
    let (decisions, mut decision_problems) =
        decisions::read(&decisions_path, &read.cards, &read.ids);
    if !read.all_ids_known {
        decision_problems.retain(|d| d.code != "unknown-card");
    }
    let decisions_broken = decision_problems
        .iter()
        .any(crate::diagnostic::Diagnostic::is_error);
    let mut errors = match &blueprint {
        Ok(_) => Vec::new(),
        Err(all) => all.clone(),
    };
    errors.extend(read.diagnostics.iter().cloned());
    if decisions_broken {
        errors.extend(decision_problems);
    }
    let partial = !errors.is_empty();
    let (blueprint, cards_without_blueprint) = match blueprint {
        Ok(blueprint) => (Some(blueprint), Vec::new()),
        Err(_) => (None, read.cards.clone()),
    };
    let project = blueprint.map(|blueprint| {
        let cards = read.cards;
        let report = crate::dedup::dedup(&cards, &decisions, &crate::dedup::Config::default());
        let merged = report.merged.clone();
        let placements = crate::place::place(&blueprint, &merged);
        Project {
            blueprint,
            cards,
            merged,
            dedup: report,
            decision_warnings: decisions.warnings,
            placements,
        }
    });
    let blueprint_read = (!blueprint_read.diagnostics.is_empty()).then_some(blueprint_read);
    Loaded {
        project,
        partial,
        errors,
        blueprint_read,
        cards: cards_without_blueprint,
    }
}
