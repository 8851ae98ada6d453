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
    let cards = load_cards(recommendations_dir);
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

// TEMPORARY: private card loader until `crate::import::load_cards` lands on main; it reads
// the card file format of the `import` branch (`[meeting]`, `[list]`, `[[card]]`), with
// less checking. Delete after merging main.
fn load_cards(dir: &Path) -> Result<Vec<Card>, Vec<crate::diagnostic::Diagnostic>> {
    use crate::diagnostic::{from_toml_error, Diagnostic, Location};
    use crate::model::{PlacementOverride, Provenance};
    use std::sync::Arc;

    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        meeting: Meeting,
        list: List,
        #[serde(default)]
        card: Vec<Raw>,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Meeting {
        name: String,
        place: String,
        dates: String,
        document: String,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct List {
        key: String,
        title: String,
        dimension: Option<String>,
        #[allow(dead_code)]
        lead_in: Option<String>,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Raw {
        id: toml::Spanned<String>,
        position: u32,
        text: String,
        proposer: Option<String>,
        #[serde(default)]
        tags: Vec<String>,
        placement: Option<toml::Spanned<PlacementOverride>>,
        notes: Option<String>,
    }
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        if let Ok(rd) = std::fs::read_dir(dir) {
            let mut entries: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
            entries.sort();
            for p in entries {
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "toml") {
                    out.push(p);
                }
            }
        }
    }
    let mut paths = Vec::new();
    walk(dir, &mut paths);
    let mut cards = Vec::new();
    let mut diags = Vec::new();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            diags.push(Diagnostic::error("io", "cannot read").at(Location::in_file(&path, 0, 0)));
            continue;
        };
        let source: Arc<str> = Arc::from(text);
        match toml::from_str::<File>(&source) {
            Err(e) => diags.push(from_toml_error(&path, &source, &e)),
            Ok(f) => {
                for raw in f.card {
                    let origin = Location::from_span(&path, source.clone(), raw.id.span());
                    let placement = raw.placement.map(|p| {
                        let span = p.span();
                        let mut o = p.into_inner();
                        o.location = Some(Location::from_span(&path, source.clone(), span));
                        o
                    });
                    cards.push(Card {
                        id: raw.id.into_inner(),
                        text: raw.text,
                        provenance: Provenance {
                            meeting: f.meeting.name.clone(),
                            place: f.meeting.place.clone(),
                            dates: f.meeting.dates.clone(),
                            document: f.meeting.document.clone(),
                            list_key: f.list.key.clone(),
                            list_title: f.list.title.clone(),
                            dimension: f.list.dimension.clone(),
                            position: raw.position,
                            proposer: raw.proposer,
                        },
                        tags: raw.tags,
                        placement,
                        notes: raw.notes,
                        origin: Some(origin),
                    });
                }
            }
        }
    }
    if diags.is_empty() {
        Ok(cards)
    } else {
        Err(diags)
    }
}
