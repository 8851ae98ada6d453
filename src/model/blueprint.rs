//! The blueprint: the ordered outline of the document to be drafted, read from
//! `blueprint/*.toml`.
//!
//! The shipped blueprint follows the ten elements proposed at the 2017 stocktaking meeting
//! (chair's summary, concluding session): preamble; vision; reaffirmation of existing
//! agreements; new and updated principles; commit to omit; actionable commitments;
//! principle on implementation; means of implementation; review, monitoring and
//! improvement; usage of format.
//!
//! # Files
//! [`load`] reads every `*.toml` file directly inside the blueprint folder, in file-name
//! order, and joins them: exactly one file holds `[document]`; `[[section]]`s are
//! concatenated in file order (so `10-sections.toml` before `20-annex.toml` keeps document
//! order); `[[rule]]`s, `stop-words` and an optional `[default]` may sit in any file (at most
//! one `[default]`). Unknown keys are rejected, and so is blank text that would be rendered
//! (document title, subtitle, symbol, date, language; section and objective titles,
//! commitments, chapeaux, authored paragraphs). Every problem is reported at once, with
//! file:line:col, before anything is placed — every unknown key, mistyped or invalid value
//! and blank text of every file (checked over a span-keeping tree, see `schema.rs`), with
//! two limits: a TOML *syntax* error stops its file (the TOML reader cannot go on, so only the
//! first syntax error of each file is reported; the other files are still checked), and the
//! cross-file checks (ids, objectives inside sections of the right kind, rule conditions and
//! targets) run on whatever could be read — the sections, objectives and rules of a file
//! with key or value problems whose ids and targets are readable — and skip only what
//! depends on a broken part: `missing-document` and `no-sections` wait until every file
//! reads cleanly, a section whose `kind` is unreadable gets no kind check, a rule or default
//! naming an unknown section or objective is reported only when every section and objective
//! id could be read, and a rule with an unreadable target or condition is not checked.
//!
//! ```toml
//! stop-words = ["migrant", "migration"]       # ignored by placement suggestions
//!
//! [document]
//! title = "Global Compact for Safe, Orderly and Regular Migration"
//! subtitle = "Zero draft"
//! symbol = "A/CONF.231/3"                     # optional
//! date = "5 February 2018"
//! language = "en"
//!
//! [[section]]
//! id = "preamble"
//! title = "Preamble"
//! kind = "preambular"                         # preambular | operative | commitments
//! required = true                             # must receive a paragraph or a card
//! paragraphs = ["Recalling the New York Declaration for Refugees and Migrants,"]
//!
//! [[section]]
//! id = "actionable-commitments"
//! title = "Actionable commitments"
//! kind = "commitments"
//!
//! [[section.objective]]
//! id = "fair-recruitment"
//! title = "Facilitate fair and ethical recruitment"
//! commitment = "We commit to …"
//! # chapeau = "To realize this commitment, we will draw from the following actions:"
//!
//! [[rule]]
//! id = "recruitment"
//! priority = 0                                # higher wins
//! # yield-margin = 3                          # optional: give way to a rule scoring 3+ more
//! section = "actionable-commitments"
//! objective = "fair-recruitment"
//! words = ["recruitment"]                     # or phrases = [...]; lists = [...] (provenance)
//! except = ["to this end"]                    # optional
//!
//! [default]                                   # optional: where no rule places a card
//! section = "…"
//! ```
//!
//! # Codes of the diagnostics [`load`] reports
//! `toml-syntax` (from the TOML reader); `unreadable-file` (not readable, or not UTF-8: located
//! at the first invalid byte); `unknown-key`, `missing-key`, `wrong-type`, `invalid-value`
//! (e.g. a `kind` not among `preambular`, `operative`, `commitments`, with "did you mean"),
//! `empty-value` (blank rendered text); `no-blueprint`,
//! `missing-document`, `duplicate-document`, `duplicate-default`, `no-sections`,
//! `duplicate-id`, `invalid-id`, `objective-outside-commitments`, `commitments-without-objectives`,
//! `empty-rule`, `empty-term`, `invalid-term`, `unknown-section`, `unknown-objective`,
//! `missing-objective`, `unexpected-objective`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diagnostic::{from_toml_error, Diagnostic, Location};

pub(crate) mod schema;

/// A whole blueprint.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blueprint {
    /// Title block and language of the document.
    pub document: Document,
    /// Sections in document order.
    #[serde(rename = "section")]
    pub sections: Vec<Section>,
    /// Placement rules (see [`crate::place`] for the order they are applied in).
    #[serde(default, rename = "rule")]
    pub rules: Vec<Rule>,
    /// Where a card goes when no override and no rule decides it; `None` leaves such a card
    /// unplaced (and `check` reports it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<DefaultPlacement>,
    /// Extra words ignored when suggesting a section for an unplaced card (on top of the
    /// built-in English function words of [`crate::place`]), e.g. `migrant`, `migration`,
    /// which occur everywhere and so say nothing about where a card belongs.
    #[serde(default, rename = "stop-words", skip_serializing_if = "Vec::is_empty")]
    pub stop_words: Vec<String>,
}

impl Blueprint {
    /// The section with this id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// The objective with this id and the section that holds it.
    pub fn objective(&self, id: &str) -> Option<(&Section, &Objective)> {
        self.sections
            .iter()
            .find_map(|s| s.objectives.iter().find(|o| o.id == id).map(|o| (s, o)))
    }

    /// Every section id, in document order.
    pub fn section_ids(&self) -> Vec<&str> {
        self.sections.iter().map(|s| s.id.as_str()).collect()
    }

    /// Every objective id, in document order.
    pub fn objective_ids(&self) -> Vec<&str> {
        self.sections
            .iter()
            .flat_map(|s| s.objectives.iter().map(|o| o.id.as_str()))
            .collect()
    }

    /// Checks that `section` (and `objective`, when given) name a place a card can go: the
    /// section exists; a commitments section needs an objective, which must be one of its
    /// own; other sections take no objective.
    ///
    /// # Errors
    /// The first [`TargetError`] found.
    pub fn resolve(&self, section: &str, objective: Option<&str>) -> Result<(), TargetError> {
        let Some(sec) = self.section(section) else {
            return Err(TargetError::UnknownSection {
                given: section.to_string(),
                did_you_mean: did_you_mean(section, self.section_ids()),
            });
        };
        match (sec.kind, objective) {
            (SectionKind::Commitments, None) => Err(TargetError::MissingObjective {
                section: section.to_string(),
            }),
            (SectionKind::Commitments, Some(obj)) => {
                if sec.objectives.iter().any(|o| o.id == obj) {
                    Ok(())
                } else {
                    Err(TargetError::UnknownObjective {
                        section: section.to_string(),
                        given: obj.to_string(),
                        did_you_mean: did_you_mean(
                            obj,
                            sec.objectives.iter().map(|o| o.id.as_str()),
                        ),
                    })
                }
            }
            (_, Some(obj)) => Err(TargetError::UnexpectedObjective {
                section: section.to_string(),
                given: obj.to_string(),
            }),
            (_, None) => Ok(()),
        }
    }
}

/// Why a section/objective pair names no place in the blueprint (see [`Blueprint::resolve`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetError {
    /// No section has this id.
    UnknownSection {
        /// The id as written.
        given: String,
        /// The closest section id, when one is close enough.
        did_you_mean: Option<String>,
    },
    /// The section exists but holds no objective with this id.
    UnknownObjective {
        /// The section.
        section: String,
        /// The objective id as written.
        given: String,
        /// The closest objective id of that section, when one is close enough.
        did_you_mean: Option<String>,
    },
    /// A commitments section was named without an objective.
    MissingObjective {
        /// The section.
        section: String,
    },
    /// An objective was named for a section that is not a commitments section.
    UnexpectedObjective {
        /// The section.
        section: String,
        /// The objective id as written.
        given: String,
    },
}

impl TargetError {
    /// Stable diagnostic code: `unknown-section`, `unknown-objective`, `missing-objective`,
    /// `unexpected-objective`.
    pub fn code(&self) -> &'static str {
        match self {
            TargetError::UnknownSection { .. } => "unknown-section",
            TargetError::UnknownObjective { .. } => "unknown-objective",
            TargetError::MissingObjective { .. } => "missing-objective",
            TargetError::UnexpectedObjective { .. } => "unexpected-objective",
        }
    }

    /// One sentence, e.g. ``no section `comit-to-omit` in the blueprint``.
    pub fn message(&self) -> String {
        match self {
            TargetError::UnknownSection { given, .. } => {
                format!("no section `{given}` in the blueprint")
            }
            TargetError::UnknownObjective { section, given, .. } => {
                format!("section `{section}` has no objective `{given}`")
            }
            TargetError::MissingObjective { section } => {
                format!("section `{section}` holds objectives, but no objective is named")
            }
            TargetError::UnexpectedObjective { section, given } => {
                format!("section `{section}` is not of kind `commitments`, but objective `{given}` is named")
            }
        }
    }

    /// What to do: "did you mean …?" when a known id is close (Jaro-Winkler ≥ 0.8, via
    /// `strsim`), otherwise the list of valid ids.
    pub fn hint(&self, blueprint: &Blueprint) -> String {
        match self {
            TargetError::UnknownSection {
                did_you_mean: Some(id),
                ..
            }
            | TargetError::UnknownObjective {
                did_you_mean: Some(id),
                ..
            } => format!("did you mean `{id}`?"),
            TargetError::UnknownSection { .. } => {
                let mut ids = blueprint.section_ids();
                let mut seen = Vec::new();
                ids.retain(|id| {
                    let first = !seen.contains(id);
                    seen.push(*id);
                    first
                });
                if ids.is_empty() {
                    "the blueprint has no sections yet: add the document's sections, in order, \
                     as `[[section]]` tables"
                        .to_string()
                } else {
                    format!("known sections: {}", ids.join(", "))
                }
            }
            TargetError::UnknownObjective { section, .. }
            | TargetError::MissingObjective { section } => {
                let ids: Vec<&str> = blueprint
                    .section(section)
                    .map(|s| s.objectives.iter().map(|o| o.id.as_str()).collect())
                    .unwrap_or_default();
                if ids.is_empty() {
                    format!(
                        "section `{section}` has no objectives yet: add `[[section.objective]]` \
                         tables to it"
                    )
                } else {
                    format!("objectives of `{section}`: {}", ids.join(", "))
                }
            }
            TargetError::UnexpectedObjective { .. } => {
                "remove `objective`, or name a section of kind `commitments`".to_string()
            }
        }
    }
}

pub use crate::diagnostic::did_you_mean;

/// Where a card goes by default (`[default]` table).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefaultPlacement {
    /// Target section id.
    pub section: String,
    /// Target objective id (inside a commitments section).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective: Option<String>,
    /// Where the `[default]` table's `section` is written, for diagnostics.
    #[serde(skip)]
    pub location: Option<Location>,
}

/// Document metadata for the title block.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// e.g. `Global Compact for Safe, Orderly and Regular Migration`.
    pub title: String,
    /// e.g. `Zero draft`, `Rev.1`.
    pub subtitle: String,
    /// UN document symbol when one is assigned, e.g. `A/CONF.231/3`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    /// Date as printed on the title block, e.g. `5 February 2018`.
    pub date: String,
    /// BCP 47 language tag of the text, e.g. `en`.
    pub language: String,
}

/// What kind of paragraphs a section holds (UN drafting practice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    /// Unnumbered preambular paragraphs.
    Preambular,
    /// Numbered operative paragraphs.
    Operative,
    /// Objectives, each a numbered commitment paragraph with a chapeau and lettered actions.
    Commitments,
}

/// One section of the outline.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable id, kebab-case, e.g. `commit-to-omit`.
    pub id: String,
    /// Heading, e.g. `Commit to omit`.
    pub title: String,
    /// What belongs here (used for placement suggestions; not rendered).
    #[serde(default)]
    pub description: String,
    /// Paragraph kind.
    pub kind: SectionKind,
    /// A required section must receive at least one paragraph or card.
    #[serde(default)]
    pub required: bool,
    /// Paragraphs written by the co-facilitators, rendered before any card.
    #[serde(default, rename = "paragraphs")]
    pub paragraphs: Vec<String>,
    /// Objectives (only in a `commitments` section).
    #[serde(default, rename = "objective")]
    pub objectives: Vec<Objective>,
    /// Where the section's `id` is written, for diagnostics.
    #[serde(skip)]
    pub location: Option<Location>,
}

/// An objective inside the actionable commitments.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// Stable id, kebab-case, e.g. `fair-recruitment`.
    pub id: String,
    /// e.g. `Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work`.
    pub title: String,
    /// The commitment sentence, e.g. `We commit to …`.
    pub commitment: String,
    /// Sentence introducing the actions.
    #[serde(default = "default_chapeau")]
    pub chapeau: String,
    /// What belongs here (used for placement suggestions; not rendered).
    #[serde(default)]
    pub description: String,
    /// Where the objective's `id` is written, for diagnostics.
    #[serde(skip)]
    pub location: Option<Location>,
}

/// The chapeau of the adopted compact (A/RES/73/195): the sentence between an objective's
/// commitment and its lettered actions.
pub fn default_chapeau() -> String {
    "To realize this commitment, we will draw from the following actions:".to_string()
}

/// A placement rule. A card matches when every condition that is set holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id, quoted as the placement's reason.
    pub id: String,
    /// Higher wins; ties are broken as documented in [`crate::place`].
    #[serde(default)]
    pub priority: i32,
    /// When set (≥ 1), the rule gives way to a much stronger match: it drops out for a card
    /// when another matching rule of the same step scores at least this many more words,
    /// whatever the priorities (see [`crate::place`], "Priorities and ties"). Used so that a
    /// priority boost (e.g. commit to omit) decides close calls, not landslides.
    #[serde(
        default,
        rename = "yield-margin",
        skip_serializing_if = "Option::is_none"
    )]
    pub yield_margin: Option<u32>,
    /// Target section id.
    pub section: String,
    /// Target objective id (inside a commitments section).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective: Option<String>,
    /// Provenance condition: the card's list key is one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lists: Vec<String>,
    /// Text condition: any of these words (case-insensitive, stemmed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<String>,
    /// Text condition: any of these phrases (case-insensitive, stemmed word by word).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phrases: Vec<String>,
    /// Phrases whose words do not count for this rule's `words` and `phrases`, e.g.
    /// `to this end` for a rule on the word `end` (case-insensitive, stemmed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub except: Vec<String>,
    /// Where the rule's `id`, `section` and `objective` are written, for diagnostics.
    #[serde(skip)]
    pub locations: RuleLocations,
}

impl Rule {
    /// True when the rule has a provenance condition (`lists`), which makes it a provenance
    /// rule even when it also has words or phrases.
    pub fn is_provenance(&self) -> bool {
        !self.lists.is_empty()
    }
}

/// Locations of a rule's keys, for diagnostics.
#[derive(Debug, Clone, Default)]
pub struct RuleLocations {
    /// The `id` value.
    pub id: Option<Location>,
    /// The `section` value.
    pub section: Option<Location>,
    /// The `objective` value.
    pub objective: Option<Location>,
}

/// One blueprint file as written: every part optional, joined by [`load`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BlueprintFile {
    document: Option<Document>,
    #[serde(default, rename = "section")]
    sections: Vec<Section>,
    #[serde(default, rename = "rule")]
    rules: Vec<Rule>,
    default: Option<DefaultPlacement>,
    #[serde(default, rename = "stop-words")]
    stop_words: Vec<String>,
}

/// The same file read a second time for the positions of ids (unknown keys are ignored
/// here: the first reading has rejected them already).
#[derive(Debug, Deserialize)]
struct SpanFile {
    document: Option<Spanned<toml::Table>>,
    #[serde(default)]
    section: Vec<SpanSection>,
    #[serde(default)]
    rule: Vec<SpanRule>,
    default: Option<SpanTarget>,
}

#[derive(Debug, Deserialize)]
struct SpanSection {
    id: Spanned<String>,
    #[serde(default)]
    objective: Vec<SpanObjective>,
}

#[derive(Debug, Deserialize)]
struct SpanObjective {
    id: Spanned<String>,
}

#[derive(Debug, Deserialize)]
struct SpanRule {
    id: Spanned<String>,
    section: Spanned<String>,
    objective: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
struct SpanTarget {
    section: Spanned<String>,
}

/// A blueprint file read and located.
struct Read {
    path: PathBuf,
    source: Arc<str>,
    file: BlueprintFile,
    document_span: Option<std::ops::Range<usize>>,
}

/// What the cross-file checks cannot rely on when some blueprint file is broken: they run on
/// whatever was read, and skip only the checks that depend on a broken part.
#[derive(Debug, Clone, Default)]
struct Gaps {
    /// Some file could not be read as TOML at all: its sections, rules, document and default
    /// are unknown, so "missing" and "unknown" findings would mislead.
    files_unread: bool,
    /// Some section or objective in a broken file has no readable id, so a rule naming an
    /// unknown section or objective may name that one.
    ids_incomplete: bool,
    /// Ids of sections (in broken files) whose `kind` could not be read: checks that need a
    /// section's kind are skipped for them.
    kind_unknown: Vec<String>,
}

impl Gaps {
    fn kind_unknown(&self, section: &str) -> bool {
        self.kind_unknown.iter().any(|k| k == section)
    }

    /// False for a target error that may come from a broken part: an unknown id while some
    /// id is unreadable, or any error about a section whose kind is unknown.
    fn trusts(&self, e: &TargetError, section: &str) -> bool {
        let ids_known = !self.files_unread && !self.ids_incomplete;
        match e {
            TargetError::UnknownSection { .. } => ids_known,
            TargetError::UnknownObjective { .. } => ids_known && !self.kind_unknown(section),
            _ => !self.kind_unknown(section),
        }
    }
}

/// Loads the blueprint from every `*.toml` file directly inside `dir` (see the module docs
/// for how files are joined) and validates it.
///
/// # Errors
/// Every problem found, as located [`Diagnostic`]s (codes listed in the module docs): the
/// folder is missing or holds no TOML file, a file is unreadable, not UTF-8 or not valid
/// TOML, has an unknown key, a mistyped or invalid value or blank rendered text, there is
/// not exactly one `[document]`, an id is repeated or malformed, a rule names no
/// condition or an unknown section or objective.
pub fn load(dir: &Path) -> Result<Blueprint, Vec<Diagnostic>> {
    let read = read(dir);
    match read.blueprint {
        Some(blueprint) if read.diagnostics.is_empty() => Ok(blueprint),
        _ => Err(read.diagnostics),
    }
}

/// What [`read`] could read of a blueprint folder.
#[derive(Debug, Clone)]
pub struct BlueprintRead {
    /// The blueprint when `diagnostics` is empty; otherwise what could be read of it (the
    /// sections, objectives and rules whose ids and targets are readable; a blank document
    /// when none was read), for checks that only need ids, such as a card's placement
    /// override ([`BlueprintRead::trusts`] says which findings to believe). `None` when
    /// the folder holds no readable blueprint file.
    pub blueprint: Option<Blueprint>,
    /// Every problem, as [`load`] reports them.
    pub diagnostics: Vec<Diagnostic>,
    gaps: Gaps,
}

impl BlueprintRead {
    /// Whether `error`, found by [`Blueprint::resolve`] on `blueprint` for a target naming
    /// `section`, holds for the blueprint as written: an unknown section or objective is
    /// trusted only when every section and objective id could be read, and no error about a
    /// section whose `kind` could not be read is trusted.
    pub fn trusts(&self, error: &TargetError, section: &str) -> bool {
        self.gaps.trusts(error, section)
    }
}

/// Reads the blueprint as [`load`] does, but gives back what could be read together with
/// every problem (see [`BlueprintRead`]).
pub fn read(dir: &Path) -> BlueprintRead {
    let mut gaps = Gaps::default();
    let (blueprint, diagnostics) = read_inner(dir, &mut gaps);
    BlueprintRead {
        blueprint,
        diagnostics,
        gaps,
    }
}

fn blank_document() -> Document {
    Document {
        title: String::new(),
        subtitle: String::new(),
        symbol: None,
        date: String::new(),
        language: String::new(),
    }
}

fn read_inner(dir: &Path, gaps: &mut Gaps) -> (Option<Blueprint>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            return (
                None,
                vec![Diagnostic::error(
                    "no-blueprint",
                    format!("cannot read the blueprint folder `{}`: {e}", dir.display()),
                )
                .with_hint(
                    "pass the folder holding the blueprint TOML files with `--blueprint DIR`",
                )],
            );
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return (
            None,
            vec![Diagnostic::error(
                "no-blueprint",
                format!(
                    "no `*.toml` file in the blueprint folder `{}`",
                    dir.display()
                ),
            )
            .with_hint(
                "write the blueprint in `blueprint.toml` (see blueprint/ in the repository)",
            )],
        );
    }

    let mut read = Vec::new();
    let mut parse_failed = false;
    for path in paths {
        let source: Arc<str> = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Arc::from(text),
                Err(e) => {
                    parse_failed = true;
                    gaps.files_unread = true;
                    diagnostics.push(not_utf8(&path, e));
                    continue;
                }
            },
            Err(e) => {
                parse_failed = true;
                gaps.files_unread = true;
                diagnostics.push(
                    Diagnostic::error("unreadable-file", format!("cannot read the file: {e}"))
                        .at(Location::in_file(&path, 0, 0))
                        .with_hint("check the file's permissions"),
                );
                continue;
            }
        };
        // Every unknown key, bad value and empty text of the file first (serde would stop at
        // the first); a syntax error stops the file here.
        let tree = match crate::import::load::parse_tree(&source) {
            Ok(tree) => tree,
            Err(e) => {
                parse_failed = true;
                gaps.files_unread = true;
                diagnostics.push(from_toml_error(&path, &source, &e));
                continue;
            }
        };
        let problems = schema::check(&path, &source, &tree);
        if !problems.is_empty() {
            // The file is unusable, but what can be read of it still takes part in the
            // cross-file checks below (ids, objectives, rule targets), so that they come in
            // the same run as its key and value problems.
            parse_failed = true;
            diagnostics.extend(problems);
            let file = lenient::read(&path, &source, &tree, gaps);
            read.push(Read {
                path,
                source,
                file,
                document_span: None,
            });
            continue;
        }
        match toml::from_str::<BlueprintFile>(&source) {
            Err(e) => {
                parse_failed = true;
                diagnostics.push(from_toml_error(&path, &source, &e));
            }
            Ok(mut file) => {
                let mut document_span = None;
                if let Ok(spans) = toml::from_str::<SpanFile>(&source) {
                    document_span = spans.document.as_ref().map(|d| d.span());
                    attach_locations(&mut file, &spans, &path, &source);
                }
                read.push(Read {
                    path,
                    source,
                    file,
                    document_span,
                });
            }
        }
    }

    let mut document: Option<Document> = None;
    let mut default: Option<DefaultPlacement> = None;
    let mut sections = Vec::new();
    let mut rules = Vec::new();
    let mut stop_words = Vec::new();
    for r in read {
        if let Some(doc) = r.file.document {
            if document.is_some() {
                let span = r.document_span.unwrap_or(0..0);
                diagnostics.push(
                    Diagnostic::error("duplicate-document", "a second `[document]` table")
                        .at(Location::from_span(&r.path, r.source.clone(), span))
                        .with_hint("keep one `[document]` table across the blueprint files"),
                );
            } else {
                document = Some(doc);
            }
        }
        if let Some(d) = r.file.default {
            if default.is_some() {
                let mut diag = Diagnostic::error("duplicate-default", "a second `[default]` table")
                    .with_hint("keep at most one `[default]` table across the blueprint files");
                diag.location = d.location.clone();
                diagnostics.push(diag);
            } else {
                default = Some(d);
            }
        }
        sections.extend(r.file.sections);
        rules.extend(r.file.rules);
        stop_words.extend(r.file.stop_words);
    }
    if parse_failed {
        // Some file is broken: the cross-file checks run on whatever was read, skipping what
        // depends on a broken part (see `Gaps`); a "missing" document may sit in a broken
        // file, so that check waits until every file reads cleanly.
        let partial = Blueprint {
            document: document.unwrap_or_else(blank_document),
            sections,
            rules,
            default,
            stop_words,
        };
        diagnostics.extend(validate(&partial, dir, gaps));
        return (Some(partial), diagnostics);
    }
    let Some(document) = document else {
        diagnostics.push(
            Diagnostic::error(
                "missing-document",
                format!("no `[document]` table in `{}`", dir.display()),
            )
            .with_hint("add `[document]` with title, subtitle, date and language"),
        );
        let partial = Blueprint {
            document: blank_document(),
            sections,
            rules,
            default,
            stop_words,
        };
        return (Some(partial), diagnostics);
    };
    let blueprint = Blueprint {
        document,
        sections,
        rules,
        default,
        stop_words,
    };
    diagnostics.extend(validate(&blueprint, dir, gaps));
    (Some(blueprint), diagnostics)
}

/// `unreadable-file` for a file that is not UTF-8, located at its first invalid byte.
fn not_utf8(path: &Path, e: std::string::FromUtf8Error) -> Diagnostic {
    let at = e.utf8_error().valid_up_to();
    // The text before the first invalid byte is unchanged by the lossy reading, so the
    // offset locates the same place (shown as U+FFFD).
    let lossy: Arc<str> = Arc::from(String::from_utf8_lossy(e.as_bytes()).as_ref());
    let end = lossy
        .get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(at, |c| at + c.len_utf8());
    let loc = Location::from_span(path, lossy, at..end);
    Diagnostic::error(
        "unreadable-file",
        format!(
            "the file is not valid UTF-8 (first invalid byte at line {}, column {})",
            loc.line, loc.col
        ),
    )
    .at(loc)
    .with_hint("save the file as UTF-8 (e.g. convert it from Latin-1 or Windows-1252)")
}

fn attach_locations(file: &mut BlueprintFile, spans: &SpanFile, path: &Path, source: &Arc<str>) {
    let at = |s: std::ops::Range<usize>| Some(Location::from_span(path, source.clone(), s));
    for (section, span) in file.sections.iter_mut().zip(&spans.section) {
        section.location = at(span.id.span());
        for (objective, ospan) in section.objectives.iter_mut().zip(&span.objective) {
            objective.location = at(ospan.id.span());
        }
    }
    for (rule, span) in file.rules.iter_mut().zip(&spans.rule) {
        rule.locations = RuleLocations {
            id: at(span.id.span()),
            section: at(span.section.span()),
            objective: span.objective.as_ref().and_then(|o| at(o.span())),
        };
    }
    if let (Some(d), Some(span)) = (file.default.as_mut(), spans.default.as_ref()) {
        d.location = at(span.section.span());
    }
}

/// True for a kebab-case id: lowercase ASCII letters, digits and single inner hyphens.
fn is_kebab_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

fn located(d: Diagnostic, location: &Option<Location>) -> Diagnostic {
    match location {
        Some(l) => d.at(l.clone()),
        None => d,
    }
}

/// Cross-checks a joined blueprint: ids, objectives, rules and the default.
fn validate(bp: &Blueprint, dir: &Path, gaps: &Gaps) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let kind_unknown = |id: &str| gaps.kind_unknown(id);
    let trust = |e: &TargetError, section: &str| gaps.trusts(e, section);
    if bp.sections.is_empty() && !gaps.files_unread && !gaps.ids_incomplete {
        out.push(
            Diagnostic::error(
                "no-sections",
                format!("the blueprint in `{}` has no `[[section]]`", dir.display()),
            )
            .with_hint("add the sections of the document, in order, as `[[section]]` tables"),
        );
    }
    let mut ids = IdRegistry::default();
    for s in &bp.sections {
        ids.check("section", &s.id, &s.location, &mut out);
        if kind_unknown(&s.id) {
            continue;
        }
        if s.kind == SectionKind::Commitments && s.objectives.is_empty() {
            out.push(located(
                Diagnostic::error(
                    "commitments-without-objectives",
                    format!(
                        "section `{}` is of kind `commitments` but has no objective",
                        s.id
                    ),
                )
                .with_hint("add `[[section.objective]]` tables, or change the kind"),
                &s.location,
            ));
        }
        if s.kind != SectionKind::Commitments && !s.objectives.is_empty() {
            out.push(located(
                Diagnostic::error(
                    "objective-outside-commitments",
                    format!(
                        "section `{}` has objectives but is not of kind `commitments`",
                        s.id
                    ),
                )
                .with_hint("set `kind = \"commitments\"`, or move the objectives"),
                &s.location,
            ));
        }
    }
    let mut objective_ids = IdRegistry::default();
    for s in &bp.sections {
        for o in &s.objectives {
            objective_ids.check("objective", &o.id, &o.location, &mut out);
        }
    }
    let mut rule_ids = IdRegistry::default();
    for r in &bp.rules {
        rule_ids.check("rule", &r.id, &r.locations.id, &mut out);
        if r.lists.is_empty() && r.words.is_empty() && r.phrases.is_empty() {
            out.push(located(
                Diagnostic::error(
                    "empty-rule",
                    format!("rule `{}` has no condition (lists, words or phrases)", r.id),
                )
                .with_hint("add a condition, or use a `[default]` table for cards no rule places"),
                &r.locations.id,
            ));
        }
        let wordless = |t: &String| !t.chars().any(char::is_alphanumeric);
        let empty = r.words.iter().any(wordless)
            || r.phrases.iter().any(wordless)
            || r.except.iter().any(wordless)
            || r.lists.iter().any(|l| l.trim().is_empty());
        if empty {
            out.push(empty_term(r));
        }
        for w in &r.words {
            if w.split_whitespace().count() > 1 {
                out.push(located(
                    Diagnostic::error(
                        "invalid-term",
                        format!("rule `{}`: `{w}` in `words` is more than one word", r.id),
                    )
                    .with_hint("move it to `phrases`"),
                    &r.locations.id,
                ));
            }
        }
        if let Err(e) = bp
            .resolve(&r.section, r.objective.as_deref())
            .filter_trusted(|e| trust(e, &r.section))
        {
            let loc = match e {
                TargetError::UnknownObjective { .. } | TargetError::UnexpectedObjective { .. } => {
                    &r.locations.objective
                }
                _ => &r.locations.section,
            };
            out.push(located(
                Diagnostic::error(e.code(), format!("rule `{}`: {}", r.id, e.message()))
                    .with_hint(e.hint(bp)),
                loc,
            ));
        }
    }
    if let Some(d) = &bp.default {
        if let Err(e) = bp
            .resolve(&d.section, d.objective.as_deref())
            .filter_trusted(|e| trust(e, &d.section))
        {
            out.push(located(
                Diagnostic::error(e.code(), format!("`[default]`: {}", e.message()))
                    .with_hint(e.hint(bp)),
                &d.location,
            ));
        }
    }
    out
}

/// `Ok` for a target error that `trusted` rejects (it may come from a broken file).
trait FilterTrusted {
    fn filter_trusted(self, trusted: impl Fn(&TargetError) -> bool) -> Self;
}

impl FilterTrusted for Result<(), TargetError> {
    fn filter_trusted(self, trusted: impl Fn(&TargetError) -> bool) -> Self {
        match self {
            Err(e) if !trusted(&e) => Ok(()),
            other => other,
        }
    }
}

fn empty_term(r: &Rule) -> Diagnostic {
    located(
        Diagnostic::error(
            "empty-term",
            format!(
                "rule `{}` has an empty list key, or a word or phrase without letters or digits",
                r.id
            ),
        )
        .with_hint("remove it: it could never match a card"),
        &r.locations.id,
    )
}

/// First-seen ids of one kind, to report repeats and malformed ids.
#[derive(Default)]
struct IdRegistry {
    seen: Vec<(String, Option<Location>)>,
}

impl IdRegistry {
    fn check(&mut self, what: &str, id: &str, loc: &Option<Location>, out: &mut Vec<Diagnostic>) {
        if !is_kebab_id(id) {
            out.push(located(
                Diagnostic::error("invalid-id", format!("{what} id `{id}` is not kebab-case"))
                    .with_hint("use lowercase letters, digits and hyphens, e.g. `commit-to-omit`"),
                loc,
            ));
        }
        if let Some((_, first)) = self.seen.iter().find(|(s, _)| s == id) {
            let hint = match first {
                Some(l) => format!(
                    "the first is at {}; give each {what} its own id",
                    crate::diagnostic::display_location(l)
                ),
                None => format!("give each {what} its own id"),
            };
            out.push(located(
                Diagnostic::error("duplicate-id", format!("{what} id `{id}` is used twice"))
                    .with_hint(hint),
                loc,
            ));
        } else {
            self.seen.push((id.to_string(), loc.clone()));
        }
    }
}

/// Reading what can be read of a blueprint file with key or value problems.
mod lenient {
    use std::ops::Range;
    use std::path::Path;
    use std::sync::Arc;

    use super::{
        default_chapeau, BlueprintFile, DefaultPlacement, Gaps, Objective, Rule, RuleLocations,
        Section, SectionKind,
    };
    use crate::diagnostic::Location;
    use crate::import::load::{Node, NodeValue};

    fn get<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
        match &node.value {
            NodeValue::Table(entries) => {
                entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v)
            }
            _ => None,
        }
    }

    fn text(node: Option<&Node>) -> Option<(String, Range<usize>)> {
        match node {
            Some(Node {
                value: NodeValue::Str(s),
                span,
            }) => Some((s.clone(), span.clone())),
            _ => None,
        }
    }

    /// The strings of an array (absent: empty); `None` when the value or an item is not a
    /// string, so that the rule's conditions are unknown.
    fn strings(node: Option<&Node>) -> Option<Vec<String>> {
        match node.map(|n| &n.value) {
            None => Some(Vec::new()),
            Some(NodeValue::Array(items)) => items
                .iter()
                .map(|i| text(Some(i)).map(|(s, _)| s))
                .collect(),
            Some(_) => None,
        }
    }

    fn tables(node: Option<&Node>) -> &[Node] {
        match node.map(|n| &n.value) {
            Some(NodeValue::Array(items)) => items,
            _ => &[],
        }
    }

    /// The sections (with their objectives), rules and default of `tree` whose ids and
    /// targets can be read; everything else is left out and recorded in `gaps`. The
    /// `[document]` is left out too: a file that holds one is broken, so the document check
    /// waits until every file reads cleanly.
    pub(super) fn read(
        path: &Path,
        source: &Arc<str>,
        tree: &Node,
        gaps: &mut Gaps,
    ) -> BlueprintFile {
        let at = |span: Range<usize>| Some(Location::from_span(path, source.clone(), span));
        let mut file = BlueprintFile {
            document: None,
            sections: Vec::new(),
            rules: Vec::new(),
            default: None,
            stop_words: Vec::new(),
        };
        for node in tables(get(tree, "section")) {
            let Some((id, id_span)) = text(get(node, "id")) else {
                gaps.ids_incomplete = true;
                continue;
            };
            let kind = match text(get(node, "kind")).as_ref().map(|(k, _)| k.as_str()) {
                Some("preambular") => SectionKind::Preambular,
                Some("operative") => SectionKind::Operative,
                Some("commitments") => SectionKind::Commitments,
                _ => {
                    gaps.kind_unknown.push(id.clone());
                    SectionKind::Operative
                }
            };
            let mut objectives = Vec::new();
            if get(node, "objective").is_some_and(|o| !matches!(o.value, NodeValue::Array(_))) {
                gaps.ids_incomplete = true;
            }
            for o in tables(get(node, "objective")) {
                let Some((oid, ospan)) = text(get(o, "id")) else {
                    gaps.ids_incomplete = true;
                    continue;
                };
                objectives.push(Objective {
                    id: oid,
                    title: String::new(),
                    commitment: String::new(),
                    chapeau: default_chapeau(),
                    description: String::new(),
                    location: at(ospan),
                });
            }
            file.sections.push(Section {
                id,
                title: String::new(),
                description: String::new(),
                kind,
                required: false,
                paragraphs: Vec::new(),
                objectives,
                location: at(id_span),
            });
        }
        if get(tree, "section").is_some_and(|s| !matches!(s.value, NodeValue::Array(_))) {
            gaps.ids_incomplete = true;
        }
        for node in tables(get(tree, "rule")) {
            // A rule is checked only when its id, target and conditions can all be read.
            let (Some((id, id_span)), Some((section, section_span))) =
                (text(get(node, "id")), text(get(node, "section")))
            else {
                continue;
            };
            let objective = match get(node, "objective") {
                None => None,
                Some(o) => match text(Some(o)) {
                    Some(o) => Some(o),
                    None => continue,
                },
            };
            let (Some(lists), Some(words), Some(phrases), Some(except)) = (
                strings(get(node, "lists")),
                strings(get(node, "words")),
                strings(get(node, "phrases")),
                strings(get(node, "except")),
            ) else {
                continue;
            };
            file.rules.push(Rule {
                id,
                priority: 0,
                yield_margin: None,
                section,
                objective: objective.as_ref().map(|(o, _)| o.clone()),
                lists,
                words,
                phrases,
                except,
                locations: RuleLocations {
                    id: at(id_span),
                    section: at(section_span),
                    objective: objective.and_then(|(_, span)| at(span)),
                },
            });
        }
        if let Some(d) = get(tree, "default") {
            if let (Some((section, span)), objective) = (
                text(get(d, "section")),
                get(d, "objective").map(|o| text(Some(o))),
            ) {
                if objective.as_ref().is_none_or(Option::is_some) {
                    file.default = Some(DefaultPlacement {
                        section,
                        objective: objective.flatten().map(|(o, _)| o),
                        location: at(span),
                    });
                }
            }
        }
        file
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_a_close_id_and_nothing_far() {
        let ids = ["commit-to-omit", "reaffirmation", "preamble"];
        assert_eq!(
            did_you_mean("comit-to-omit", ids).as_deref(),
            Some("commit-to-omit")
        );
        assert_eq!(did_you_mean("budget", ids), None);
    }

    /// A scratch folder holding `files` (name, text).
    fn folder(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("zd-place-bp-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (file, text) in files {
            std::fs::write(dir.join(file), text).unwrap();
        }
        dir
    }

    const DOC: &str = "[document]\ntitle = \"T\"\nsubtitle = \"Zero draft\"\ndate = \"1 May 2030\"\nlanguage = \"en\"\n";
    const SECTIONS: &str = "[[section]]\nid = \"preamble\"\ntitle = \"Preamble\"\nkind = \"preambular\"\n\n[[section]]\nid = \"acts\"\ntitle = \"Actionable commitments\"\nkind = \"commitments\"\n\n[[section.objective]]\nid = \"data\"\ntitle = \"Data\"\ncommitment = \"We commit to data.\"\n";

    #[test]
    fn split_files_are_joined_in_file_name_order() {
        let dir = folder(
            "split",
            &[
                ("10-document.toml", DOC),
                ("20-sections.toml", SECTIONS),
                (
                    "30-rules.toml",
                    "stop-words = [\"migrant\"]\n[[rule]]\nid = \"data\"\nsection = \"acts\"\nobjective = \"data\"\nwords = [\"data\"]\n",
                ),
                ("notes.txt", "not a blueprint file"),
            ],
        );
        let bp = load(&dir).expect("valid blueprint");
        assert_eq!(bp.section_ids(), vec!["preamble", "acts"]);
        assert_eq!(bp.objective_ids(), vec!["data"]);
        assert_eq!(bp.rules.len(), 1);
        assert_eq!(bp.stop_words, vec!["migrant"]);
        assert_eq!(bp.sections[1].objectives[0].chapeau, default_chapeau());
        let loc = bp.rules[0].locations.section.as_ref().expect("located");
        assert_eq!((loc.line, loc.col), (4, 11));
        assert!(loc.file.ends_with("30-rules.toml"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn document_must_appear_exactly_once() {
        let dir = folder("nodoc", &[("sections.toml", SECTIONS)]);
        let codes: Vec<&str> = load(&dir).unwrap_err().iter().map(|d| d.code).collect();
        assert_eq!(codes, vec!["missing-document"]);
        let dir2 = folder(
            "twodocs",
            &[("a.toml", DOC), ("b.toml", &format!("{DOC}{SECTIONS}"))],
        );
        let errs = load(&dir2).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].code, "duplicate-document");
        assert!(errs[0].location.as_ref().unwrap().file.ends_with("b.toml"));
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&dir2);
    }

    #[test]
    fn missing_or_empty_folder_is_reported() {
        let missing = std::env::temp_dir().join("zd-place-bp-does-not-exist");
        assert_eq!(load(&missing).unwrap_err()[0].code, "no-blueprint");
        let dir = folder("empty", &[]);
        assert_eq!(load(&dir).unwrap_err()[0].code, "no-blueprint");
        let dir2 = folder("nosections", &[("a.toml", DOC)]);
        assert_eq!(load(&dir2).unwrap_err()[0].code, "no-sections");
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&dir2);
    }

    #[test]
    fn resolve_checks_sections_and_objectives() {
        let dir = folder("resolve", &[("a.toml", &format!("{DOC}{SECTIONS}"))]);
        let bp = load(&dir).unwrap();
        assert_eq!(bp.resolve("acts", Some("data")), Ok(()));
        assert_eq!(bp.resolve("preamble", None), Ok(()));
        assert_eq!(
            bp.resolve("act", Some("data")).unwrap_err().code(),
            "unknown-section"
        );
        assert_eq!(
            bp.resolve("acts", None).unwrap_err().code(),
            "missing-objective"
        );
        assert_eq!(
            bp.resolve("preamble", Some("data")).unwrap_err().code(),
            "unexpected-objective"
        );
        let e = bp.resolve("acts", Some("dta")).unwrap_err();
        assert_eq!(e.hint(&bp), "did you mean `data`?");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn hints_say_when_there_is_nothing_to_choose_from() {
        let dir = folder(
            "nosections-hint",
            &[("a.toml", &format!("{DOC}{SECTIONS}"))],
        );
        let mut bp = load(&dir).unwrap();
        bp.sections[1].objectives.clear();
        let e = bp.resolve("acts", Some("zzz")).unwrap_err();
        assert_eq!(
            e.hint(&bp),
            "section `acts` has no objectives yet: add `[[section.objective]]` tables to it"
        );
        bp.sections.clear();
        let e = bp.resolve("zzz", None).unwrap_err();
        assert_eq!(
            e.hint(&bp),
            "the blueprint has no sections yet: add the document's sections, in order, as \
             `[[section]]` tables"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_that_is_not_utf8_is_located_at_its_first_bad_byte() {
        let dir = folder("latin1", &[("a.toml", DOC)]);
        let mut bytes = b"[[section]]\nid = \"preamble\"\ntitle = \"Pr".to_vec();
        bytes.push(0xE9); // Latin-1 "é"
        bytes.extend_from_slice(b"ambule\"\nkind = \"preambular\"\n");
        std::fs::write(dir.join("b.toml"), bytes).unwrap();
        let errs = load(&dir).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].code, "unreadable-file");
        assert_eq!(
            errs[0].message,
            "the file is not valid UTF-8 (first invalid byte at line 3, column 12)"
        );
        let loc = errs[0].location.as_ref().unwrap();
        assert!(loc.file.ends_with("b.toml"));
        assert_eq!((loc.line, loc.col), (3, 12));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn kebab_ids() {
        assert!(is_kebab_id("fair-recruitment"));
        assert!(is_kebab_id("objective-23"));
        assert!(!is_kebab_id("Fair_recruitment"));
        assert!(!is_kebab_id("a--b"));
        assert!(!is_kebab_id(""));
    }
}
