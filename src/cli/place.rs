//! `zerodraft place`: where every card goes in the blueprint, and why.
//!
//! Text output is one line per merged card: `id → section › objective  [kind rule: detail]`,
//! or `id → unplaced; closest: …`. `--summary` gives the number of cards per section and
//! objective instead. Exit status 0 when every card is placed, 1 when some are not, 2 when
//! the input is unusable.

use std::io::Write;

use serde::Serialize;

use crate::cli::ProjectArgs;
use crate::place::{Placement, RuleKind};
use crate::project::{self, Project};
use crate::{Result, Status};

/// Output format of `place`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One line per card (or per section with `--summary`).
    Text,
    /// The placements (or the summary) as pretty-printed JSON.
    Json,
}

/// Arguments of `zerodraft place`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where the blueprint and the cards live.
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Counts per section and objective instead of one line per card.
    #[arg(long)]
    pub summary: bool,
}

/// Cards placed in one section, and per objective.
#[derive(Debug, Clone, Serialize)]
pub struct SectionCount {
    /// Section id.
    pub id: String,
    /// Section title.
    pub title: String,
    /// Cards (merged members counted one by one) placed in the section, objectives included.
    pub cards: usize,
    /// Per objective, in blueprint order (empty outside a commitments section).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<ObjectiveCount>,
}

/// Cards placed in one objective.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveCount {
    /// Objective id.
    pub id: String,
    /// Objective title.
    pub title: String,
    /// Cards placed in it.
    pub cards: usize,
}

/// The `--summary` report.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Per section, in document order.
    pub sections: Vec<SectionCount>,
    /// Cards that are not placed.
    pub unplaced: usize,
    /// All cards.
    pub total: usize,
    /// Cards per kind of deciding rule, in rule order: override, provenance, text, default.
    pub by_rule_kind: Vec<KindCount>,
}

/// Cards placed by one kind of rule.
#[derive(Debug, Clone, Serialize)]
pub struct KindCount {
    /// Kind of rule.
    pub kind: RuleKind,
    /// Cards it placed.
    pub cards: usize,
}

/// Counts cards per section and objective (a merged card counts as many cards as it has
/// members).
pub fn summary(project: &Project) -> Summary {
    let weight = |p: &Placement| p.members.len().max(1);
    let placed_in = |section: &str, objective: Option<&str>| -> usize {
        project
            .placements
            .iter()
            .filter(|p| {
                p.target.as_ref().is_some_and(|t| {
                    t.section == section
                        && (objective.is_none() || t.objective.as_deref() == objective)
                })
            })
            .map(weight)
            .sum()
    };
    let sections = project
        .blueprint
        .sections
        .iter()
        .map(|s| SectionCount {
            id: s.id.clone(),
            title: s.title.clone(),
            cards: placed_in(&s.id, None),
            objectives: s
                .objectives
                .iter()
                .map(|o| ObjectiveCount {
                    id: o.id.clone(),
                    title: o.title.clone(),
                    cards: placed_in(&s.id, Some(&o.id)),
                })
                .collect(),
        })
        .collect();
    let by_rule_kind = [
        RuleKind::Override,
        RuleKind::Provenance,
        RuleKind::Text,
        RuleKind::Default,
    ]
    .into_iter()
    .map(|k| {
        let n = project
            .placements
            .iter()
            .filter(|p| p.reason.as_ref().is_some_and(|r| r.kind == k))
            .map(weight)
            .sum();
        KindCount { kind: k, cards: n }
    })
    .collect();
    Summary {
        sections,
        unplaced: project
            .placements
            .iter()
            .filter(|p| p.target.is_none())
            .map(weight)
            .sum(),
        total: project.placements.iter().map(weight).sum(),
        by_rule_kind,
    }
}

/// Runs `zerodraft place`.
///
/// # Errors
/// [`crate::Error::Diagnostics`] when the blueprint or the cards cannot be loaded;
/// [`crate::Error::Output`] when writing fails.
pub fn run(args: &Args, out: &mut dyn Write) -> Result<Status> {
    let project = project::load(&args.project.blueprint, &args.project.recommendations)?;
    match (args.format, args.summary) {
        (Format::Json, false) => {
            serde_json::to_writer_pretty(&mut *out, &project.placements)
                .map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        (Format::Json, true) => {
            serde_json::to_writer_pretty(&mut *out, &summary(&project))
                .map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        (Format::Text, false) => write!(out, "{}", render_text(&project))?,
        (Format::Text, true) => write!(out, "{}", render_summary(&summary(&project)))?,
    }
    Ok(if project.placements.iter().all(|p| p.target.is_some()) {
        Status::Clean
    } else {
        Status::Findings
    })
}

fn kind_name(kind: RuleKind) -> &'static str {
    match kind {
        RuleKind::Override => "override",
        RuleKind::Provenance => "provenance",
        RuleKind::Text => "text",
        RuleKind::Default => "default",
    }
}

/// One line per merged card (see the module docs).
pub fn render_text(project: &Project) -> String {
    let mut s = String::new();
    for p in &project.placements {
        let id = if p.members.len() > 1 {
            format!("{} (+{} merged)", p.card, p.members.len() - 1)
        } else {
            p.card.clone()
        };
        match (&p.target, &p.reason) {
            (Some(t), Some(r)) => {
                let rule = if r.kind == RuleKind::Override || r.kind == RuleKind::Default {
                    kind_name(r.kind).to_string()
                } else {
                    format!("{} rule `{}`", kind_name(r.kind), r.rule)
                };
                s.push_str(&format!("{id} → {}  [{rule}: {}]\n", t.display(), r.detail));
            }
            _ => {
                let mut line = format!("{id} → unplaced");
                let invalid = project
                    .merged
                    .iter()
                    .find(|m| m.id == p.card)
                    .and_then(|m| m.placement.as_ref())
                    .and_then(|o| {
                        project
                            .blueprint
                            .resolve(&o.section, o.objective.as_deref())
                            .err()
                    });
                if let Some(e) = invalid {
                    line.push_str(&format!(
                        " (its placement is invalid: {}; {})",
                        e.message(),
                        e.hint(&project.blueprint)
                    ));
                }
                let closest: Vec<String> = p
                    .suggestions
                    .iter()
                    .map(|g| format!("{} ({:.3})", g.target.display(), g.score))
                    .collect();
                if !closest.is_empty() {
                    line.push_str(&format!("; closest: {}", closest.join(", ")));
                }
                s.push_str(&line);
                s.push('\n');
            }
        }
    }
    s
}

/// The summary as an aligned table: sections, objectives indented, then totals.
pub fn render_summary(summary: &Summary) -> String {
    let mut rows: Vec<(String, usize)> = Vec::new();
    for sec in &summary.sections {
        rows.push((sec.id.clone(), sec.cards));
        for o in &sec.objectives {
            rows.push((format!("  {}", o.id), o.cards));
        }
    }
    rows.push(("unplaced".into(), summary.unplaced));
    rows.push(("total".into(), summary.total));
    let width = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0)
        .max("section / objective".len());
    let mut s = format!("{:<width$}  cards\n", "section / objective");
    for (label, n) in rows {
        s.push_str(&format!("{label:<width$}  {n:>5}\n"));
    }
    let kinds: Vec<String> = summary
        .by_rule_kind
        .iter()
        .map(|k| format!("{} {}", kind_name(k.kind), k.cards))
        .collect();
    s.push_str(&format!("decided by: {}\n", kinds.join(", ")));
    s
}
