//! `zerodraft dedup [--format text|json] [--recommendations DIR]`: shows the clusters of duplicate recommendation
//! cards (merged automatically, with the reason) and the paraphrase suggestions a drafter
//! should confirm or dismiss in `recommendations/decisions.toml`.

use std::io::Write;
use std::path::PathBuf;

use crate::dedup::{self, decisions, Config, DedupReport};
use crate::{diagnostic, import, Error, Result, Status};

/// Output formats of `zerodraft dedup`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For reading: merged clusters with their reasons, then suggestions with evidence.
    Text,
    /// For tools: the whole report (summary, merged, clusters, suggestions) as JSON.
    Json,
}

/// Arguments of `zerodraft dedup`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Folder of recommendation card files (`**/*.toml`) and `decisions.toml`. Like
    /// `cards`, `dedup` reads no blueprint, so it takes no `--blueprint`.
    #[arg(long, default_value = "recommendations", value_name = "DIR")]
    pub recommendations: PathBuf,
}

/// Runs `zerodraft dedup`: loads the cards and `<recommendations>/decisions.toml`, runs
/// [`dedup::dedup`] with the default [`Config`] (progress bar on a terminal for long runs),
/// prints the report; warnings about the decisions file go to standard error. Exit status 0
/// (open suggestions are reported by `check`).
///
/// # Errors
/// [`Error::Diagnostics`] when a card file or the decisions file has problems (all listed).
pub fn run(args: &Args, out: &mut dyn Write) -> Result<Status> {
    let dir = &args.recommendations;
    let cards = import::load_cards(dir).map_err(Error::Diagnostics)?;
    let decisions =
        decisions::load(&dir.join(import::DECISIONS_FILE), &cards).map_err(Error::Diagnostics)?;
    if !decisions.warnings.is_empty() {
        super::to_stderr(&diagnostic::render_text(&decisions.warnings));
    }
    let config = Config {
        progress: true,
        ..Config::default()
    };
    let report = dedup::dedup(&cards, &decisions, &config);
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &report)
                .map_err(|e| Error::Output(e.into()))?;
            writeln!(out)?;
        }
        Format::Text => write_text(&report, out)?,
    }
    Ok(Status::Clean)
}

/// The text report: a summary line, each cluster of two or more cards (representative
/// text, members, the reason, other wordings), then each suggestion with its texts and the
/// evidence per pair.
pub fn write_text(report: &DedupReport, out: &mut dyn Write) -> std::io::Result<()> {
    let s = &report.summary;
    writeln!(
        out,
        "{} cards, {} after deduplication: {} merged cluster(s) ({} identical copies, {} near copies, {} joined by decisions); {} paraphrase suggestion(s) to review",
        s.cards,
        s.clusters,
        s.merged_clusters,
        s.identical_copies,
        s.near_copies,
        s.decision_merges,
        s.suggestions
    )?;
    if s.kept_apart > 0 {
        writeln!(
            out,
            "{} join(s) prevented by keep_apart decisions",
            s.kept_apart
        )?;
    }
    let merged: Vec<_> = report
        .merged
        .iter()
        .filter(|m| m.members.len() > 1)
        .collect();
    if !merged.is_empty() {
        writeln!(out, "\nMerged (Tier A and decisions)")?;
    }
    for m in merged {
        writeln!(
            out,
            "\n  {}  ({} cards: {})",
            m.id,
            m.members.len(),
            m.members.join(", ")
        )?;
        writeln!(out, "    text: {}", m.text)?;
        writeln!(out, "    why:  {}", m.explanation)?;
        for w in &m.other_wordings {
            writeln!(out, "    also: {w}")?;
        }
    }
    if !report.suggestions.is_empty() {
        writeln!(
            out,
            "\nParaphrase suggestions (Tier B, not merged: confirm with [[merge]] or dismiss with [[keep_apart]] in decisions.toml)"
        )?;
    }
    let text_of = |id: &str| {
        report
            .merged
            .iter()
            .find(|m| m.id == id)
            .map_or("", |m| m.text.as_str())
    };
    for sug in &report.suggestions {
        writeln!(out, "\n  {}  score {:.3}", sug.id, sug.score)?;
        for c in &sug.clusters {
            writeln!(out, "    {c}: {}", text_of(c))?;
        }
        for p in &sug.pairs {
            writeln!(
                out,
                "    {} ~ {}: score {:.3} (words {:.3}, characters {:.3}, length ratio {:.2})",
                p.a, p.b, p.score, p.word_jaccard, p.char_jaccard, p.length_ratio,
            )?;
            writeln!(
                out,
                "      shared rare words: {}",
                p.shared_rare_words.join(", ")
            )?;
            if !p.shared_phrases.is_empty() {
                writeln!(
                    out,
                    "      shared phrases: \"{}\"",
                    p.shared_phrases.join("\", \"")
                )?;
            }
        }
    }
    Ok(())
}
