//! `zerodraft cards [--format text|json] [--recommendations DIR]`: lists the loaded
//! recommendation cards with their provenance, grouped by source list.

use std::io::Write;
use std::path::PathBuf;

use super::import::count;
use crate::model::Card;
use crate::{import, Error, Result, Status};

/// Output formats of `zerodraft cards`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For reading: one block per source list, one card per line.
    Text,
    /// For tools: a JSON array of cards (id, text, provenance, tags, placement, notes).
    Json,
}

/// Arguments of `zerodraft cards`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Folder of recommendation card files (`**/*.toml`).
    #[arg(long, default_value = "recommendations", value_name = "DIR")]
    pub recommendations: PathBuf,
}

/// Runs `zerodraft cards`.
///
/// # Errors
/// [`Error::Diagnostics`] when a card file has problems (all are listed).
pub fn run(args: &Args, out: &mut dyn Write) -> Result<Status> {
    let cards = import::load_cards(&args.recommendations).map_err(Error::Diagnostics)?;
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &cards).map_err(|e| Error::Output(e.into()))?;
            writeln!(out)?;
        }
        Format::Text => write_text(&cards, out)?,
    }
    Ok(Status::Clean)
}

/// The text listing: a heading line per run of cards from one list (list key, title,
/// dimension, meeting), then `  id  text` lines with tags, proposer, placement and notes
/// below the card when set, and a count at the end.
fn write_text(cards: &[Card], out: &mut dyn Write) -> std::io::Result<()> {
    let mut current: Option<(&str, &str, &str)> = None;
    let mut lists = 0;
    for card in cards {
        let p = &card.provenance;
        let key = (p.meeting.as_str(), p.place.as_str(), p.list_key.as_str());
        if current != Some(key) {
            if current.is_some() {
                writeln!(out)?;
            }
            current = Some(key);
            lists += 1;
            let dimension = p
                .dimension
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default();
            writeln!(out, "[{}] {}{}", p.list_key, p.list_title, dimension)?;
            writeln!(
                out,
                "    {}, {}, {}; {}",
                p.meeting, p.place, p.dates, p.document
            )?;
        }
        writeln!(out, "  {}  {}", card.id, card.text)?;
        if let Some(proposer) = &p.proposer {
            writeln!(out, "      proposer: {proposer}")?;
        }
        if !card.tags.is_empty() {
            writeln!(out, "      tags: {}", card.tags.join(", "))?;
        }
        if let Some(placement) = &card.placement {
            let target = match &placement.objective {
                Some(objective) => format!("{} / {}", placement.section, objective),
                None => placement.section.clone(),
            };
            let reason = placement
                .reason
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            writeln!(out, "      placement: {target}{reason}")?;
        }
        if let Some(notes) = &card.notes {
            writeln!(
                out,
                "      notes: {}",
                notes.split_whitespace().collect::<Vec<_>>().join(" ")
            )?;
        }
    }
    if !cards.is_empty() {
        writeln!(out)?;
    }
    writeln!(
        out,
        "{} in {}",
        count(cards.len(), "card", "cards"),
        count(lists, "list", "lists")
    )
}
