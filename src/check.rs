//! `check`: cards, blueprint and decisions validated together, for CI.
//!
//! Loading ([`crate::project::load_all`]) reports unusable input (bad TOML, unknown keys,
//! duplicate ids, rules naming unknown sections): exit status 2. [`findings`] then looks at
//! the *decisions* — where every card went — and reports what a drafting team must fix
//! before a zero draft goes out: exit status 1 when any finding is an error. When the
//! input is unusable but the blueprint is not, the cards that could be read are still
//! placed and their per-card findings ([`card_findings`]) follow the loading errors in the
//! same run (exit status stays 2); when the blueprint itself is unusable, nothing is
//! placed, but the cards' placement overrides are still checked against the section and
//! objective ids that could be read ([`override_findings`]).
//!
//! # Findings, in the order they are reported
//! 0. Deduplication: `decision-repeated-card` (warning) from `decisions.toml`, then
//!    `open-suggestion` per open Tier-B paraphrase suggestion (warning, or error when
//!    `decisions.toml` sets `[check] suggestions = "error"`); see [`crate::dedup`].
//! 1. Per merged card, in card order:
//!    - `unknown-section`, `unknown-objective`, `missing-objective`, `unexpected-objective`
//!      (error): the card's own `placement` names no place in the blueprint; the hint says
//!      "did you mean …?" when a known id is close (Jaro-Winkler ≥ 0.8).
//!    - `unplaced-card` (error): no override, rule or default placed the card; the hint lists
//!      the closest sections/objectives (see [`crate::place`]).
//!    - `conflicting-overrides` (warning): cards merged into one carry overrides naming
//!      different places; the first member's override was used.
//! 2. `required-section-empty` (error), per section in document order: a section marked
//!    `required` has no authored paragraph and no card.
//! 3. `objective-without-actions` (error), per objective in document order: no card was
//!    placed in it, so it would be a commitment with no action under its chapeau.
//! 4. Per rule, in blueprint order: `unknown-list` (warning) — a provenance rule names a
//!    source list no card comes from; `unused-rule` (warning) — the rule decided no
//!    placement (every card it matches went elsewhere).
//!
//! Warnings are reported but do not change the exit status.

use crate::diagnostic::{Diagnostic, Location};
use crate::model::blueprint::TargetError;
use crate::model::SectionKind;
use crate::project::Project;

/// Every finding on a loaded project, in the order of the module docs. Empty when the
/// project is ready to be rendered.
pub fn findings(project: &Project) -> Vec<Diagnostic> {
    let mut out = project.decision_warnings.clone();
    out.extend(crate::dedup::check_diagnostics(
        &project.dedup,
        &crate::dedup::Config::default(),
    ));
    out.extend(card_findings(project));
    out.extend(blueprint_findings(project));
    out
}

/// The per-card findings only (item 1 of the module docs), for a project built from part of
/// the input ([`crate::project::Loaded::partial`]): they hold for each card that was read,
/// whereas the others (empty sections, objectives without actions, unused rules, open
/// suggestions) depend on every card and decision.
pub fn card_findings(project: &Project) -> Vec<Diagnostic> {
    let bp = &project.blueprint;
    let mut out = Vec::new();
    for (merged, placement) in project.merged.iter().zip(&project.placements) {
        out.extend(conflicting_overrides(project, merged));
        if placement.target.is_some() {
            continue;
        }
        let origin = project.card(&merged.id).and_then(|c| c.origin.clone());
        if let Some(o) = &merged.placement {
            if let Err(e) = bp.resolve(&o.section, o.objective.as_deref()) {
                out.push(invalid_override(bp, &merged.id, o, &e, origin));
                continue;
            }
        }
        let hint = if placement.suggestions.is_empty() {
            "add a `placement` to the card, or a rule to the blueprint".to_string()
        } else {
            let closest: Vec<String> = placement
                .suggestions
                .iter()
                .map(|s| format!("{} ({:.3})", s.target.display(), s.score))
                .collect();
            format!(
                "closest: {}; add a `placement` to the card, or a rule to the blueprint",
                closest.join(", ")
            )
        };
        let mut d = Diagnostic::error(
            "unplaced-card",
            format!(
                "card `{}` is not placed: no override, rule or default applies",
                merged.id
            ),
        )
        .with_hint(hint);
        d.location = origin;
        out.push(d);
    }
    out
}

/// Items 2 to 4 of the module docs.
fn blueprint_findings(project: &Project) -> Vec<Diagnostic> {
    let bp = &project.blueprint;
    let mut out = Vec::new();
    let count = |section: &str, objective: Option<&str>| {
        project
            .placements
            .iter()
            .filter_map(|p| p.target.as_ref())
            .filter(|t| {
                t.section == section && (objective.is_none() || t.objective.as_deref() == objective)
            })
            .count()
    };
    for s in &bp.sections {
        if s.required && s.paragraphs.is_empty() && count(&s.id, None) == 0 {
            out.push(with_location(
                Diagnostic::error(
                    "required-section-empty",
                    format!(
                        "required section `{}` ({}) has no paragraph and no card",
                        s.id, s.title
                    ),
                )
                .with_hint("write `paragraphs` for it, add a rule that places cards in it, or set `required = false`"),
                &s.location,
            ));
        }
    }
    for s in bp
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Commitments)
    {
        for o in &s.objectives {
            if count(&s.id, Some(&o.id)) == 0 {
                out.push(with_location(
                    Diagnostic::error(
                        "objective-without-actions",
                        format!(
                            "objective `{}` ({}) has no action: no card is placed in it",
                            o.id, o.title
                        ),
                    )
                    .with_hint("add a rule that places cards in it, place a card there with an override, or remove the objective"),
                    &o.location,
                ));
            }
        }
    }

    for r in &bp.rules {
        for list in &r.lists {
            let known = project
                .merged
                .iter()
                .any(|m| m.sources.iter().any(|s| s.list_key == *list));
            if !known {
                out.push(with_location(
                    Diagnostic::warning(
                        "unknown-list",
                        format!(
                            "rule `{}` names source list `{list}`, which no card comes from",
                            r.id
                        ),
                    )
                    .with_hint(list_hint(project)),
                    &r.locations.id,
                ));
            }
        }
        let used = project
            .placements
            .iter()
            .filter_map(|p| p.reason.as_ref())
            .any(|reason| reason.rule == r.id);
        if !used {
            out.push(with_location(
                Diagnostic::warning(
                    "unused-rule",
                    format!("rule `{}` placed no card", r.id),
                )
                .with_hint("every card it matches was placed by an override or a rule that wins over it (see `zerodraft place`); remove it or raise its priority"),
                &r.locations.id,
            ));
        }
    }
    out
}

/// The placement overrides of `cards` that name no place in a blueprint that could not be
/// used as a whole (`read`, see [`crate::model::blueprint::read`]), in card order, with the
/// codes and texts of [`card_findings`]; only the findings `read` trusts (an unknown section
/// is reported only when every section id could be read). Nothing when no part of the
/// blueprint could be read.
pub fn override_findings(
    read: &crate::model::blueprint::BlueprintRead,
    cards: &[crate::model::Card],
) -> Vec<Diagnostic> {
    let Some(bp) = &read.blueprint else {
        return Vec::new();
    };
    cards
        .iter()
        .filter_map(|c| {
            let o = c.placement.as_ref()?;
            let e = bp.resolve(&o.section, o.objective.as_deref()).err()?;
            read.trusts(&e, &o.section)
                .then(|| invalid_override(bp, &c.id, o, &e, c.origin.clone()))
        })
        .collect()
}

/// The finding for a card's placement override `o` that names no place (`e`), located at
/// the objective for an objective error, else at the section, else at the card's `origin`.
fn invalid_override(
    bp: &crate::model::Blueprint,
    id: &str,
    o: &crate::model::PlacementOverride,
    e: &TargetError,
    origin: Option<Location>,
) -> Diagnostic {
    let mut d = Diagnostic::error(
        e.code(),
        format!("card `{id}`: its placement is invalid: {}", e.message()),
    )
    .with_hint(e.hint(bp));
    let at_objective = matches!(
        e,
        TargetError::UnknownObjective { .. } | TargetError::UnexpectedObjective { .. }
    );
    d.location = if at_objective {
        o.objective_location.clone()
    } else {
        None
    }
    .or(o.location.clone())
    .or(origin);
    d
}

/// A warning when members of `merged` name different places in their overrides.
fn conflicting_overrides(
    project: &Project,
    merged: &crate::dedup::MergedCard,
) -> Option<Diagnostic> {
    let overrides: Vec<(&str, String, Option<Location>)> = merged
        .members
        .iter()
        .filter_map(|id| project.card(id))
        .filter_map(|c| {
            c.placement.as_ref().map(|o| {
                let place = match &o.objective {
                    Some(obj) => format!("{} › {obj}", o.section),
                    None => o.section.clone(),
                };
                (
                    c.id.as_str(),
                    place,
                    o.location.clone().or(c.origin.clone()),
                )
            })
        })
        .collect();
    let (first_id, first_place, _) = overrides.first()?;
    let other = overrides
        .iter()
        .find(|(_, place, _)| place != first_place)?;
    let mut d = Diagnostic::warning(
        "conflicting-overrides",
        format!(
            "cards `{first_id}` and `{}`, merged into `{}`, are placed in `{first_place}` and `{}` by their overrides",
            other.0, merged.id, other.1
        ),
    )
    .with_hint(format!(
        "the override of `{first_id}` (first in the cluster) is used; make the overrides agree or remove one"
    ));
    d.location = other.2.clone();
    Some(d)
}

fn list_hint(project: &Project) -> String {
    let mut keys: Vec<&str> = project
        .merged
        .iter()
        .flat_map(|m| m.sources.iter().map(|s| s.list_key.as_str()))
        .collect();
    keys.sort();
    keys.dedup();
    format!("source lists of the cards: {}", keys.join(", "))
}

fn with_location(d: Diagnostic, location: &Option<Location>) -> Diagnostic {
    match location {
        Some(l) => d.at(l.clone()),
        None => d,
    }
}
