//! The card file format: one TOML file per source list, written by `zerodraft import` and
//! edited by drafters.
//!
//! ```toml
//! # (comment saying the file was generated, and from what)
//!
//! [meeting]
//! name = "Preparatory (stocktaking) meeting"
//! place = "Puerto Vallarta, Mexico"
//! dates = "4-6 December 2017"
//! document = "Chair's summary"
//!
//! [list]
//! key = "ag1"                                  # used in ids and provenance rules
//! title = "ACTION GROUP 1: HUMAN DIMENSION"
//! dimension = "Human dimension"                # optional
//! lead_in = "Recommendations for … included:"  # optional
//!
//! [[card]]
//! id = "pv2017-ag1-01"      # stable; unique across all card files
//! position = 1              # 1-based position in the source list
//! text = "Build and uphold strong legal frameworks to protect migrants. …"
//! proposer = "…"            # optional
//! tags = ["children"]       # optional
//! placement = { section = "actionable-commitments", objective = "…", reason = "…" }  # optional
//! notes = "…"               # optional, never rendered
//! ```
//!
//! Meeting and list metadata are written once per file and copied into every card's
//! [`Provenance`] on load. Unknown keys are errors at every level (see [`super::load`]).

use serde::Serialize;

use super::summary::CardList;
use crate::model::{Card, PlacementOverride, Provenance};

/// A whole card file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardFile {
    /// `[meeting]`.
    pub meeting: MeetingHeader,
    /// `[list]`.
    pub list: ListHeader,
    /// `[[card]]`, in file order.
    #[serde(rename = "card")]
    pub cards: Vec<CardEntry>,
}

/// The `[meeting]` table: where the cards were submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingHeader {
    /// e.g. `Preparatory (stocktaking) meeting`.
    pub name: String,
    /// e.g. `Puerto Vallarta, Mexico`.
    pub place: String,
    /// As written in the source, e.g. `4-6 December 2017`.
    pub dates: String,
    /// Title of the source document, e.g. `Chair's summary`.
    pub document: String,
}

/// The `[list]` table: the source list the cards were read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListHeader {
    /// Short key, e.g. `ag1`, `impl`, `fur` ([`Provenance::list_key`]).
    pub key: String,
    /// Title as printed, e.g. `ACTION GROUP 1: HUMAN DIMENSION`.
    pub title: String,
    /// e.g. `Human dimension`.
    pub dimension: Option<String>,
    /// The sentence that introduced the list in the source.
    pub lead_in: Option<String>,
}

/// One `[[card]]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardEntry {
    /// Stable id, e.g. `pv2017-ag1-01`.
    pub id: String,
    /// 1-based position in the source list.
    pub position: u32,
    /// The recommendation as worded in the source.
    pub text: String,
    /// Proposing delegation or stakeholder, when known.
    pub proposer: Option<String>,
    /// Drafters' tags.
    pub tags: Vec<String>,
    /// A drafter's explicit placement.
    pub placement: Option<PlacementEntry>,
    /// Drafters' notes.
    pub notes: Option<String>,
}

/// The inline `placement = { section = "…", objective = "…", reason = "…" }` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlacementEntry {
    /// Blueprint section id.
    pub section: String,
    /// Objective id inside the section.
    pub objective: Option<String>,
    /// Why the drafter put the card there.
    pub reason: Option<String>,
}

impl CardFile {
    /// The file for one imported list.
    pub fn from_list(list: &CardList) -> CardFile {
        CardFile {
            meeting: MeetingHeader {
                name: list.meeting.name.clone(),
                place: list.meeting.place.clone(),
                dates: list.meeting.dates.clone(),
                document: list.meeting.document.clone(),
            },
            list: ListHeader {
                key: list.key.clone(),
                title: list.title.clone(),
                dimension: list.dimension.clone(),
                lead_in: Some(list.lead_in.clone()),
            },
            cards: list
                .cards
                .iter()
                .map(|card| CardEntry {
                    id: card.id.clone(),
                    position: card.provenance.position,
                    text: card.text.clone(),
                    proposer: card.provenance.proposer.clone(),
                    tags: card.tags.clone(),
                    placement: card.placement.as_ref().map(|p| PlacementEntry {
                        section: p.section.clone(),
                        objective: p.objective.clone(),
                        reason: p.reason.clone(),
                    }),
                    notes: card.notes.clone(),
                })
                .collect(),
        }
    }

    /// The cards of the file, with the file's meeting and list copied into each card's
    /// provenance. `origin` and placement locations are left empty (the loader sets them).
    pub fn to_cards(&self) -> Vec<Card> {
        self.cards
            .iter()
            .map(|entry| Card {
                id: entry.id.clone(),
                text: entry.text.clone(),
                provenance: Provenance {
                    meeting: self.meeting.name.clone(),
                    place: self.meeting.place.clone(),
                    dates: self.meeting.dates.clone(),
                    document: self.meeting.document.clone(),
                    list_key: self.list.key.clone(),
                    list_title: self.list.title.clone(),
                    dimension: self.list.dimension.clone(),
                    position: entry.position,
                    proposer: entry.proposer.clone(),
                },
                tags: entry.tags.clone(),
                placement: entry.placement.as_ref().map(|p| PlacementOverride {
                    section: p.section.clone(),
                    objective: p.objective.clone(),
                    reason: p.reason.clone(),
                    location: None,
                    objective_location: None,
                }),
                notes: entry.notes.clone(),
                origin: None,
            })
            .collect()
    }
}

/// A TOML string literal for `s`, as the `toml` crate writes it (basic or literal string,
/// escaped as needed).
fn string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Writes a card file as TOML, `header` first (each of its lines is prefixed with `# `).
/// Keys are written in the order of the format above; optional keys only when set; a
/// placement as an inline table. The output reads back to an equal [`CardFile`] with
/// [`super::load::parse_card_file`].
pub fn write_card_file(file: &CardFile, header: &str) -> String {
    let mut out = String::new();
    for line in header.lines() {
        if line.is_empty() {
            out.push_str("#\n");
        } else {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
    }
    if !header.is_empty() {
        out.push('\n');
    }
    let m = &file.meeting;
    out.push_str("[meeting]\n");
    out.push_str(&format!("name = {}\n", string(&m.name)));
    out.push_str(&format!("place = {}\n", string(&m.place)));
    out.push_str(&format!("dates = {}\n", string(&m.dates)));
    out.push_str(&format!("document = {}\n", string(&m.document)));
    let l = &file.list;
    out.push_str("\n[list]\n");
    out.push_str(&format!("key = {}\n", string(&l.key)));
    out.push_str(&format!("title = {}\n", string(&l.title)));
    if let Some(dimension) = &l.dimension {
        out.push_str(&format!("dimension = {}\n", string(dimension)));
    }
    if let Some(lead_in) = &l.lead_in {
        out.push_str(&format!("lead_in = {}\n", string(lead_in)));
    }
    for card in &file.cards {
        out.push_str("\n[[card]]\n");
        out.push_str(&format!("id = {}\n", string(&card.id)));
        out.push_str(&format!("position = {}\n", card.position));
        out.push_str(&format!("text = {}\n", string(&card.text)));
        if let Some(proposer) = &card.proposer {
            out.push_str(&format!("proposer = {}\n", string(proposer)));
        }
        if !card.tags.is_empty() {
            let tags: Vec<String> = card.tags.iter().map(|t| string(t)).collect();
            out.push_str(&format!("tags = [{}]\n", tags.join(", ")));
        }
        if let Some(p) = &card.placement {
            let mut parts = vec![format!("section = {}", string(&p.section))];
            if let Some(objective) = &p.objective {
                parts.push(format!("objective = {}", string(objective)));
            }
            if let Some(reason) = &p.reason {
                parts.push(format!("reason = {}", string(reason)));
            }
            out.push_str(&format!("placement = {{ {} }}\n", parts.join(", ")));
        }
        if let Some(notes) = &card.notes {
            out.push_str(&format!("notes = {}\n", string(notes)));
        }
    }
    out
}

/// The header comment of a generated file: what it holds, the command and source it came
/// from, what importing again changes (see [`super::reimport`]), and what a drafter may add. `source_name` is the source's file name (no folder,
/// so that output does not depend on where the command ran).
pub fn generated_header(list: &CardList, source_name: &str) -> String {
    format!(
        "Recommendation cards: {title}\n\
         Generated by `zerodraft import summary` from {source_name}\n\
         (the list introduced at line {line}). Importing again updates only `text` and `position`.\n\
         \n\
         Keep each card's `id`. A card may also take `proposer`, `tags = [\"…\"]`,\n\
         `placement = {{ section = \"…\", objective = \"…\", reason = \"…\" }}` and `notes`.",
        title = list.title,
        line = list.line,
    )
}

/// File name for the `index`-th list (0-based) of `count`: `01-ag1.toml`, … so that sorted
/// file names follow source order (the number is zero-padded to at least two digits).
pub fn file_name(index: usize, count: usize, key: &str) -> String {
    let width = count.to_string().len().max(2);
    format!("{:0width$}-{key}.toml", index + 1)
}
