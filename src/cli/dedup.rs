//! `zerodraft dedup [--format text|json]`: shows the clusters of duplicate recommendation
//! cards (merged automatically, with the reason) and the paraphrase suggestions a drafter
//! should confirm or dismiss in `recommendations/decisions.toml`.

use std::io::Write;

use crate::cli::ProjectArgs;
use crate::dedup::{self, decisions, Config, DedupReport};
use crate::model::Card;
use crate::{Error, Result, Status};

/// Output formats of `zerodraft dedup`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For reading: merged clusters with their reasons, then suggestions with evidence.
    Text,
    /// For tools: the whole [`DedupReport`] (summary, merged, clusters, suggestions).
    Json,
}

/// Arguments of `zerodraft dedup`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where the cards and `decisions.toml` live.
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Runs `zerodraft dedup`: loads the cards and `<recommendations>/decisions.toml`, runs
/// [`dedup::dedup`] with the default [`Config`] (progress bar on a terminal for long runs),
/// prints the report. Exit status 0 (suggestions are reported by `check`).
///
/// # Errors
/// [`Error::Diagnostics`] when a card file or the decisions file has problems (all listed).
pub fn run(args: &Args, out: &mut dyn Write) -> Result<Status> {
    let dir = &args.project.recommendations;
    let cards = load_cards(dir).map_err(Error::Diagnostics)?;
    let decisions =
        decisions::load(&dir.join("decisions.toml"), &cards).map_err(Error::Diagnostics)?;
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
        Format::Text => write_text(&report, &cards, out)?,
    }
    Ok(Status::Clean)
}

/// The text report: a summary line, each cluster of two or more cards (representative
/// text, members, the reason, other wordings), then each suggestion with its texts and the
/// evidence per pair.
pub fn write_text(
    report: &DedupReport,
    cards: &[Card],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let s = &report.summary;
    writeln!(
        out,
        "{} cards -> {} merged cards ({} clusters of 2 or more: {} identical copies, {} near copies, {} joined by decisions); {} paraphrase suggestion(s)",
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
    let _ = cards;
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

/// Temporary card loader until `crate::import::load_cards` lands on main: reads
/// `dir/**/*.toml` (except `decisions.toml`) in sorted path order, `[meeting]`, `[list]` and
/// `[[card]]` tables (`id`, `position`, `text`, optional `proposer`, `tags`, `notes`).
fn load_cards(
    dir: &std::path::Path,
) -> std::result::Result<Vec<Card>, Vec<crate::diagnostic::Diagnostic>> {
    use crate::diagnostic::{from_toml_error, Diagnostic, Location};
    use crate::model::Provenance;
    #[derive(serde::Deserialize)]
    struct File {
        meeting: Meeting,
        list: List,
        #[serde(default)]
        card: Vec<Entry>,
    }
    #[derive(serde::Deserialize)]
    struct Meeting {
        name: String,
        place: String,
        dates: String,
        document: String,
    }
    #[derive(serde::Deserialize)]
    struct List {
        key: String,
        title: String,
        dimension: Option<String>,
    }
    #[derive(serde::Deserialize)]
    struct Entry {
        id: String,
        position: u32,
        text: String,
        proposer: Option<String>,
        #[serde(default)]
        tags: Vec<String>,
        notes: Option<String>,
    }
    fn collect(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        if let Ok(entries) = std::fs::read_dir(dir) {
            for entry in entries.flatten() {
                let path = entry.path();
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') {
                    continue;
                }
                if path.is_dir() {
                    collect(&path, out);
                } else if name.ends_with(".toml") && name != "decisions.toml" {
                    out.push(path);
                }
            }
        }
    }
    if !dir.is_dir() {
        return Err(vec![Diagnostic::error(
            "missing-folder",
            format!("card folder `{}` not found", dir.display()),
        )
        .at(Location::in_file(dir, 0, 0))]);
    }
    let mut files = Vec::new();
    collect(dir, &mut files);
    files.sort();
    let mut cards = Vec::new();
    let mut diagnostics = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let source: std::sync::Arc<str> = std::sync::Arc::from(text.as_str());
        match toml::from_str::<File>(&text) {
            Ok(file) => {
                for e in file.card {
                    let at = text.find(&format!("\"{}\"", e.id)).unwrap_or(0);
                    cards.push(Card {
                        origin: Some(Location::from_span(&path, source.clone(), at..at)),
                        id: e.id,
                        text: e.text,
                        provenance: Provenance {
                            meeting: file.meeting.name.clone(),
                            place: file.meeting.place.clone(),
                            dates: file.meeting.dates.clone(),
                            document: file.meeting.document.clone(),
                            list_key: file.list.key.clone(),
                            list_title: file.list.title.clone(),
                            dimension: file.list.dimension.clone(),
                            position: e.position,
                            proposer: e.proposer,
                        },
                        tags: e.tags,
                        placement: None,
                        notes: e.notes,
                    });
                }
            }
            Err(e) => diagnostics.push(from_toml_error(&path, &source, &e)),
        }
    }
    if diagnostics.is_empty() {
        Ok(cards)
    } else {
        Err(diagnostics)
    }
}
