//! Human decisions about duplicates, read from `recommendations/decisions.toml`.
//!
//! Drafters have the last word: a `[[merge]]` group joins cards whatever the automatic tiers
//! say, and a `[[keep_apart]]` group keeps cards in separate clusters even when they are
//! exact copies. Both are applied before the automatic tiers (see [`crate::dedup::dedup`]).
//! A `[check]` table sets how `zerodraft check` reports open paraphrase suggestions.
//!
//! ```toml
//! [check]
//! suggestions = "warn"        # or "error": open Tier-B suggestions fail `check`
//!
//! [[merge]]
//! cards = ["pv2017-ag1-03", "pv2017-ag4-07"]
//! representative = "pv2017-ag1-03"   # optional: whose wording the merged card uses
//! reason = "Both ask for firewalls between services and immigration enforcement."
//!
//! [[keep_apart]]
//! cards = ["pv2017-ag2-01", "pv2017-ag2-05"]
//! reason = "Diaspora investment vs. remittance costs: different commitments."
//! ```
//!
//! Every problem is reported at once, with file:line:col: a TOML syntax error (which stops
//! the file), then every unknown key (with "did you mean"), mistyped value and invalid value
//! (`[check] suggestions` not `warn`/`error`, with the allowed values), found by walking a
//! span-keeping tree against a schema as the blueprint loader does
//! (`crate::model::blueprint::schema`); then, on every group that could be read, unknown card
//! ids (with the closest existing id as a "did you mean"), groups of fewer than
//! two cards, a representative outside its group, and a `keep_apart` pair that the `merge`
//! groups join anyway.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{from_toml_error, Diagnostic, Location};
use crate::model::Card;

/// How `check` reports an open Tier-B (paraphrase) suggestion.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SuggestionLevel {
    /// As a warning (the default): reported, does not fail `check`.
    #[default]
    Warn,
    /// As an error: `check` fails until every suggestion is decided.
    Error,
}

/// The decisions file, validated against the loaded cards.
#[derive(Debug, Clone, Default)]
pub struct Decisions {
    /// `[[merge]]` groups, in file order.
    pub merges: Vec<MergeDecision>,
    /// `[[keep_apart]]` groups, in file order.
    pub keep_apart: Vec<KeepApart>,
    /// `[check] suggestions`, when the file sets it.
    pub suggestions: Option<SuggestionLevel>,
    /// The file read, when there was one.
    pub path: Option<PathBuf>,
    /// Problems that do not stop loading (`decision-repeated-card`), for `check` to report.
    pub warnings: Vec<Diagnostic>,
}

/// Cards a drafter declared to be one recommendation.
#[derive(Debug, Clone)]
pub struct MergeDecision {
    /// Card ids (at least two, distinct), in file order.
    pub cards: Vec<String>,
    /// Card whose wording represents the merged card, when chosen.
    pub representative: Option<String>,
    /// Why, in the drafter's words.
    pub reason: Option<String>,
    /// Where the group is written.
    pub location: Option<Location>,
}

/// Cards a drafter declared to be different recommendations (every pair is kept apart).
#[derive(Debug, Clone)]
pub struct KeepApart {
    /// Card ids (at least two, distinct), in file order.
    pub cards: Vec<String>,
    /// Why, in the drafter's words.
    pub reason: Option<String>,
    /// Where the group is written.
    pub location: Option<Location>,
}

use crate::import::load::{Node, NodeValue};
use crate::model::blueprint::schema::{self, field, Field, Kind, ANY_TEXT, ID};

/// The values `[check] suggestions` takes (see [`SuggestionLevel`]).
const SUGGESTION_LEVELS: &[&str] = &["warn", "error"];

const CHECK: &[Field] = &[field(
    "suggestions",
    Kind::Enum(SUGGESTION_LEVELS),
    false,
    "suggestions = \"warn\"",
)];

const MERGE: &[Field] = &[
    field(
        "cards",
        Kind::StrList { blank_ok: true },
        true,
        "cards = [\"pv2017-ag1-03\", \"pv2017-ag4-07\"]",
    ),
    field(
        "representative",
        ID,
        false,
        "representative = \"pv2017-ag1-03\"",
    ),
    field("reason", ANY_TEXT, false, "reason = \"…\""),
];

const KEEP_APART: &[Field] = &[
    field(
        "cards",
        Kind::StrList { blank_ok: true },
        true,
        "cards = [\"pv2017-ag2-01\", \"pv2017-ag2-05\"]",
    ),
    field("reason", ANY_TEXT, false, "reason = \"…\""),
];

/// The keys of the decisions file.
const FILE: &[Field] = &[
    field("check", Kind::Table(CHECK), false, "[check]"),
    field("merge", Kind::Tables(MERGE), false, "[[merge]]"),
    field(
        "keep_apart",
        Kind::Tables(KEEP_APART),
        false,
        "[[keep_apart]]",
    ),
];

/// A string value with its byte span.
type Spanned = (String, std::ops::Range<usize>);

/// A `[[merge]]` or `[[keep_apart]]` table as far as it could be read: groups whose `cards`
/// is missing or not an array are skipped (the schema walk reported them); card ids that are
/// not strings are skipped likewise.
struct RawGroup {
    cards: Vec<Spanned>,
    cards_span: std::ops::Range<usize>,
    representative: Option<Spanned>,
    reason: Option<String>,
}

/// The entries of a table node (empty for any other value).
fn entries(node: &Node) -> &[(crate::import::load::Key, Node)] {
    match &node.value {
        NodeValue::Table(entries) => entries,
        _ => &[],
    }
}

fn get<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    entries(node)
        .iter()
        .find(|(k, _)| k.name == key)
        .map(|(_, v)| v)
}

fn get_path<'n>(node: &'n Node, table: &str, key: &str) -> Option<&'n Node> {
    get(node, table).and_then(|t| get(t, key))
}

fn string(node: Option<&Node>) -> Option<Spanned> {
    match node.map(|n| (&n.value, n.span.clone())) {
        Some((NodeValue::Str(s), span)) => Some((s.clone(), span)),
        _ => None,
    }
}

/// The readable groups of the array of tables under `key`.
fn groups(root: &Node, key: &str) -> Vec<RawGroup> {
    let Some(NodeValue::Array(items)) = get(root, key).map(|n| &n.value) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let cards = get(item, "cards")?;
            let NodeValue::Array(ids) = &cards.value else {
                return None;
            };
            Some(RawGroup {
                cards: ids.iter().filter_map(|id| string(Some(id))).collect(),
                cards_span: cards.span.clone(),
                representative: string(get(item, "representative")),
                reason: string(get(item, "reason")).map(|(r, _)| r),
            })
        })
        .collect()
}

/// Reads and validates the decisions file at `path` against `cards`.
///
/// A missing file means no decisions (`Ok(Decisions::default())`).
///
/// # Errors
/// Every problem found, as located diagnostics: `unreadable-file`, `toml-syntax`,
/// `unknown-key`, `missing-key`, `wrong-type`, `invalid-value` (the schema walk), `unknown-card` (with a
/// "did you mean" hint from `strsim`), `decision-too-few-cards`, `decision-repeated-card`,
/// `decision-representative` (not a member of its group) and `decision-conflict` (a
/// `keep_apart` pair joined by `merge` groups).
pub fn load(path: &Path, cards: &[Card]) -> Result<Decisions, Vec<Diagnostic>> {
    into_result(read(path, cards, &[]))
}

/// Reads and validates the decisions file at `path` as [`load`] does, but gives back what
/// could be used together with every problem (errors and warnings, in file order), so that
/// `check` can go on with the rest of the project in the same run. Ids in `also_known` (cards
/// written in card files that could not be used) are not reported as `unknown-card`. When
/// the file has errors, the returned [`Decisions`] holds no groups (a half-valid set of
/// decisions would merge cards the drafters did not mean to merge).
pub fn read(path: &Path, cards: &[Card], also_known: &[String]) -> (Decisions, Vec<Diagnostic>) {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return (Decisions::default(), Vec::new())
        }
        Err(e) => {
            return (
                Decisions::default(),
                vec![Diagnostic::error(
                    "unreadable-file",
                    format!("cannot read the decisions file: {e}"),
                )
                .at(Location::in_file(path, 0, 0))
                .with_hint("check the file's permissions and encoding (UTF-8)")],
            )
        }
    };
    parse_with(path, &text, cards, also_known)
}

fn into_result(
    (decisions, diagnostics): (Decisions, Vec<Diagnostic>),
) -> Result<Decisions, Vec<Diagnostic>> {
    if diagnostics.iter().any(Diagnostic::is_error) {
        Err(diagnostics)
    } else {
        Ok(decisions)
    }
}

/// Parses decisions from `text` (read from `path`, used in diagnostics). See [`load`].
///
/// # Errors
/// As [`load`].
pub fn parse(path: &Path, text: &str, cards: &[Card]) -> Result<Decisions, Vec<Diagnostic>> {
    into_result(parse_with(path, text, cards, &[]))
}

fn parse_with(
    path: &Path,
    text: &str,
    cards: &[Card],
    also_known: &[String],
) -> (Decisions, Vec<Diagnostic>) {
    let source: Arc<str> = Arc::from(text);
    // Every unknown key, mistyped or invalid value first, over a span-keeping tree (serde
    // would stop at the first); only a TOML syntax error stops the file here.
    let tree = match crate::import::load::parse_tree(text) {
        Ok(tree) => tree,
        Err(e) => {
            return (
                Decisions::default(),
                vec![from_toml_error(path, &source, &e)],
            )
        }
    };
    let mut diagnostics = schema::check_file(path, &source, &tree, "the decisions file", FILE);
    let suggestions = match string(get_path(&tree, "check", "suggestions")).as_ref() {
        Some((level, _)) if level == "warn" => Some(SuggestionLevel::Warn),
        Some((level, _)) if level == "error" => Some(SuggestionLevel::Error),
        _ => None,
    };
    let merges = groups(&tree, "merge");
    let keep_apart = groups(&tree, "keep_apart");
    let at = |span: std::ops::Range<usize>| Location::from_span(path, source.clone(), span);
    let ids: HashMap<&str, usize> = cards
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();

    let check_group =
        |kind: &str, group: &RawGroup, diagnostics: &mut Vec<Diagnostic>| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            for (name, span) in &group.cards {
                if !ids.contains_key(name.as_str()) && !also_known.contains(name) {
                    diagnostics.push(unknown_card(name, at(span.clone()), cards));
                } else if out.contains(name) {
                    diagnostics.push(
                        Diagnostic::warning(
                            "decision-repeated-card",
                            format!("card `{name}` is listed twice in this `{kind}` group"),
                        )
                        .at(at(span.clone()))
                        .with_hint("remove the repeated id"),
                    );
                    continue;
                }
                out.push(name.clone());
            }
            if group.cards.len() < 2 {
                diagnostics.push(
                    Diagnostic::error(
                        "decision-too-few-cards",
                        format!("a `{kind}` group needs at least two cards"),
                    )
                    .at(at(group.cards_span.clone()))
                    .with_hint("list two or more card ids, or delete the group"),
                );
            }
            out
        };

    let mut decisions = Decisions {
        suggestions,
        path: Some(path.to_path_buf()),
        ..Decisions::default()
    };
    for group in &merges {
        let members = check_group("merge", group, &mut diagnostics);
        if let Some((rep, rep_span)) = &group.representative {
            if !members.contains(rep) {
                diagnostics.push(
                    Diagnostic::error(
                        "decision-representative",
                        format!("representative `{rep}` is not one of the group's cards"),
                    )
                    .at(at(rep_span.clone()))
                    .with_hint("choose one of the ids listed in `cards`, or remove the key"),
                );
            }
        }
        decisions.merges.push(MergeDecision {
            cards: members,
            representative: group.representative.as_ref().map(|(r, _)| r.clone()),
            reason: group.reason.clone(),
            location: Some(at(group.cards_span.clone())),
        });
    }
    for group in &keep_apart {
        let members = check_group("keep_apart", group, &mut diagnostics);
        decisions.keep_apart.push(KeepApart {
            cards: members,
            reason: group.reason.clone(),
            location: Some(at(group.cards_span.clone())),
        });
    }

    // A keep_apart pair that merge groups join (directly or through a chain of groups).
    let mut component: HashMap<&str, usize> = HashMap::new();
    let mut parent: Vec<usize> = (0..decisions.merges.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            x = parent[x];
        }
        x
    }
    for (g, merge) in decisions.merges.iter().enumerate() {
        for id in &merge.cards {
            match component.get(id.as_str()) {
                Some(&other) => {
                    let (a, b) = (root(&mut parent, other), root(&mut parent, g));
                    parent[b] = a;
                }
                None => {
                    component.insert(id, g);
                }
            }
        }
    }
    for apart in &decisions.keep_apart {
        'pairs: for (i, a) in apart.cards.iter().enumerate() {
            for b in &apart.cards[i + 1..] {
                let (Some(&ga), Some(&gb)) = (component.get(a.as_str()), component.get(b.as_str()))
                else {
                    continue;
                };
                if root(&mut parent, ga) == root(&mut parent, gb) {
                    let mut d = Diagnostic::error(
                        "decision-conflict",
                        format!("cards `{a}` and `{b}` are kept apart but also merged"),
                    )
                    .with_hint(
                        "delete the `keep_apart` group or take one card out of the `merge` groups",
                    );
                    d.location = apart.location.clone();
                    diagnostics.push(d);
                    break 'pairs;
                }
            }
        }
    }

    if diagnostics.iter().any(Diagnostic::is_error) {
        let kept = Decisions {
            suggestions: decisions.suggestions,
            path: decisions.path,
            ..Decisions::default()
        };
        (kept, diagnostics)
    } else {
        decisions.warnings = diagnostics.clone();
        (decisions, diagnostics)
    }
}

/// `unknown-card` with the closest existing id (Jaro–Winkler ≥ 0.8) as a hint.
fn unknown_card(name: &str, location: Location, cards: &[Card]) -> Diagnostic {
    let best = cards
        .iter()
        .map(|c| (strsim::jaro_winkler(name, &c.id), &c.id))
        .filter(|(score, _)| *score >= 0.8)
        .fold(None::<(f64, &String)>, |best, (score, id)| match best {
            Some((b, _)) if b >= score => best,
            _ => Some((score, id)),
        });
    let hint = match best {
        Some((_, id)) => format!("did you mean `{id}`? (`zerodraft cards` lists every id)"),
        None => "no card has a similar id; `zerodraft cards` lists every id".to_string(),
    };
    Diagnostic::error("unknown-card", format!("no card has the id `{name}`"))
        .at(location)
        .with_hint(hint)
}
