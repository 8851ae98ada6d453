//! Importing again into a folder that already holds card files.
//!
//! Drafters edit the card files by hand: they add a `proposer`, `tags`, a `placement`
//! override and `notes` to cards. Importing the summary again (after a corrected extraction,
//! or just to check) must not throw that work away, so [`plan`] merges the fresh import with
//! what the folder holds before anything is written:
//!
//! - every card whose id is still produced by the source keeps its hand-added fields
//!   (`proposer`, `tags`, `placement`, `notes`); its `text` and `position` come from the
//!   source, and a text that differed in the folder is reported;
//! - a card in a file the import rewrites whose id the source no longer produces (a card
//!   added by hand, or one the source dropped) is refused (`reimport-drops-card`, exit 2,
//!   nothing written) unless `--force`, in which case it is removed and reported;
//! - a rewritten file with comment lines of its own (beyond the generated header) is
//!   refused (`reimport-drops-comments`) unless `--force`: remarks belong in `notes`;
//! - a rewritten file that cannot be read back (bad TOML, not UTF-8, …) is refused with its
//!   own diagnostics and `reimport-unreadable` unless `--force`;
//! - only files whose bytes change are written; each file is reported as new, changed or
//!   unchanged.
//!
//! Card files in the folder that the import does not write (left over from an earlier
//! import, or written by hand) are never touched; the hand-added fields of their cards are
//! carried over too when the new import produces the same ids (a list that moved to another
//! file name), and they are reported so that the drafter can delete them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::file::{write_card_file, CardEntry, CardFile};
use super::load::{parse_card_file, DECISIONS_FILE};
use crate::diagnostic::{Diagnostic, Location};

/// One card file as a fresh import produces it, before merging with the folder.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Where it goes, e.g. `recommendations/01-ag1.toml`.
    pub path: PathBuf,
    /// Its contents.
    pub file: CardFile,
    /// Its header comment (see [`super::file::generated_header`]).
    pub header: String,
}

/// What re-importing does to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    /// The file did not exist.
    New,
    /// The file exists and its bytes change.
    Changed,
    /// The file exists with exactly these bytes; it is not written.
    Unchanged,
}

impl FileStatus {
    /// `new`, `changed` or `unchanged`, as printed in the report.
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::New => "new",
            FileStatus::Changed => "changed",
            FileStatus::Unchanged => "unchanged",
        }
    }
}

/// One generated file after merging.
#[derive(Debug, Clone)]
pub struct PlannedFile {
    /// Where it goes.
    pub path: PathBuf,
    /// Its bytes (TOML, see [`write_card_file`]).
    pub contents: Vec<u8>,
    /// Whether it is new, changed or unchanged.
    pub status: FileStatus,
    /// Number of `[[card]]` entries.
    pub cards: usize,
}

/// A card of a rewritten file that the new import does not produce (only with `force`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemovedCard {
    /// Its id.
    pub id: String,
    /// The file it is removed from.
    pub file: PathBuf,
}

/// A card file in the output folder that the import does not write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherFile {
    /// Its path.
    pub path: PathBuf,
    /// Number of its cards whose ids the new import also writes (they would be
    /// duplicate ids on loading); `None` when the file cannot be read as a card file.
    pub also_imported: Option<usize>,
    /// Number of its cards (0 when it cannot be read).
    pub cards: usize,
}

/// The outcome of merging a fresh import with the output folder: what to write and what
/// to report.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Every generated file, in source order (unchanged ones included, for the report).
    pub files: Vec<PlannedFile>,
    /// Ids of cards whose hand-added fields were carried over, in import order.
    pub kept: Vec<String>,
    /// Ids of cards whose text in the folder differed from the source's wording, which
    /// replaced it, in import order.
    pub replaced_texts: Vec<String>,
    /// Cards removed from rewritten files (only with `force`), in file order.
    pub removed: Vec<RemovedCard>,
    /// Card files of the folder that the import does not write, sorted by path.
    pub others: Vec<OtherFile>,
}

impl Plan {
    /// The `(path, bytes)` pairs to write: new and changed files only.
    pub fn to_write(&self) -> Vec<(PathBuf, Vec<u8>)> {
        self.files
            .iter()
            .filter(|f| f.status != FileStatus::Unchanged)
            .map(|f| (f.path.clone(), f.contents.clone()))
            .collect()
    }
}

/// A previous card: its entry and where its id was written.
struct Previous {
    entry: CardEntry,
    at: Option<Location>,
}

/// A card file already in the folder, as read.
struct Existing {
    path: PathBuf,
    bytes: Vec<u8>,
    /// `None` when the file cannot be read as a card file.
    cards: Option<Vec<Previous>>,
}

/// Merges the `generated` files with the card files already in `out` (see the module
/// docs), reading the folder but writing nothing.
///
/// # Errors
/// All problems at once: `not-a-folder` (`out` is a file), `not-a-file` (a folder where a
/// card file goes); and unless `force`: `reimport-drops-card` (one per card, at its id),
/// `reimport-drops-comments` (at the first comment line of the file), and for a rewritten
/// file that cannot be read, its own diagnostics followed by `reimport-unreadable`.
pub fn plan(out: &Path, generated: Vec<Generated>, force: bool) -> Result<Plan, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    if out.exists() && !out.is_dir() {
        return Err(vec![Diagnostic::error(
            "not-a-folder",
            format!(
                "`{}` is a file; card files are written to a folder",
                out.display()
            ),
        )
        .at(Location::in_file(out, 0, 0))
        .with_hint(
            "name a folder with `--out DIR` (it is created when missing)",
        )]);
    }
    let targets: BTreeSet<&Path> = generated.iter().map(|g| g.path.as_path()).collect();

    // The files the import rewrites, in import order, then the folder's other card files.
    let mut rewritten: Vec<Existing> = Vec::new();
    for g in &generated {
        if g.path.is_dir() {
            diagnostics.push(
                Diagnostic::error(
                    "not-a-file",
                    format!("`{}` is a folder, where a card file goes", g.path.display()),
                )
                .at(Location::in_file(&g.path, 0, 0))
                .with_hint(
                    "move or rename the folder, or import into another folder with `--out DIR`",
                ),
            );
        } else if g.path.is_file() {
            rewritten.push(read_existing(&g.path, force, &mut diagnostics));
        }
    }
    let others: Vec<Existing> = other_card_files(out, &targets)
        .into_iter()
        .map(|path| {
            // Not rewritten: a file that cannot be read is only reported, never refused.
            read_existing(&path, true, &mut Vec::new())
        })
        .collect();

    // Previous cards by id: rewritten files first, then the others (first one wins).
    let mut previous: BTreeMap<&str, &Previous> = BTreeMap::new();
    for existing in rewritten.iter().chain(&others) {
        for card in existing.cards.iter().flatten() {
            previous.entry(card.entry.id.as_str()).or_insert(card);
        }
    }
    let new_ids: BTreeSet<String> = generated
        .iter()
        .flat_map(|g| &g.file.cards)
        .map(|c| c.id.clone())
        .collect();

    let mut plan = Plan::default();
    for existing in &rewritten {
        for card in existing.cards.iter().flatten() {
            if new_ids.contains(card.entry.id.as_str()) {
                continue;
            }
            if force {
                plan.removed.push(RemovedCard {
                    id: card.entry.id.clone(),
                    file: existing.path.clone(),
                });
            } else {
                let mut d = Diagnostic::error(
                    "reimport-drops-card",
                    format!(
                        "card `{}` is not in the summary; importing again would remove it from `{}`",
                        card.entry.id,
                        existing.path.display()
                    ),
                )
                .with_hint(
                    "pass `--force` to remove it (with its tags, placement and notes), or move \
                     it to a card file of your own, which import does not write",
                );
                if let Some(at) = &card.at {
                    d = d.at(at.clone());
                }
                diagnostics.push(d);
            }
        }
    }

    for g in generated {
        let mut file = g.file;
        for entry in &mut file.cards {
            let Some(prev) = previous.get(entry.id.as_str()) else {
                continue;
            };
            if carry_over(entry, &prev.entry) {
                plan.kept.push(entry.id.clone());
            }
            if prev.entry.text != entry.text {
                plan.replaced_texts.push(entry.id.clone());
            }
        }
        let contents = write_card_file(&file, &g.header).into_bytes();
        let status = match rewritten.iter().find(|e| e.path == g.path) {
            None => FileStatus::New,
            Some(e) if e.bytes == contents => FileStatus::Unchanged,
            Some(_) => FileStatus::Changed,
        };
        plan.files.push(PlannedFile {
            path: g.path,
            contents,
            status,
            cards: file.cards.len(),
        });
    }

    plan.others = others
        .iter()
        .map(|e| OtherFile {
            path: e.path.clone(),
            also_imported: e.cards.as_ref().map(|cards| {
                cards
                    .iter()
                    .filter(|c| new_ids.contains(c.entry.id.as_str()))
                    .count()
            }),
            cards: e.cards.as_ref().map_or(0, Vec::len),
        })
        .collect();

    // In the order of the files and, within a file, of its lines; a diagnostic about a
    // whole file (line 0) after those about its lines.
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            d.location
                .as_ref()
                .map(|l| {
                    (
                        l.file.clone(),
                        if l.line == 0 { usize::MAX } else { l.line },
                    )
                })
                .unwrap_or_default()
        };
        key(a).cmp(&key(b))
    });
    if diagnostics.is_empty() {
        Ok(plan)
    } else {
        Err(diagnostics)
    }
}

/// Copies the hand-added fields of `prev` into `entry` where the source gives none
/// (`proposer`, `placement`, `notes` when `None`; `tags` when empty). True when anything
/// was copied.
fn carry_over(entry: &mut CardEntry, prev: &CardEntry) -> bool {
    let mut kept = false;
    if entry.proposer.is_none() && prev.proposer.is_some() {
        entry.proposer.clone_from(&prev.proposer);
        kept = true;
    }
    if entry.tags.is_empty() && !prev.tags.is_empty() {
        entry.tags.clone_from(&prev.tags);
        kept = true;
    }
    if entry.placement.is_none() && prev.placement.is_some() {
        entry.placement.clone_from(&prev.placement);
        kept = true;
    }
    if entry.notes.is_none() && prev.notes.is_some() {
        entry.notes.clone_from(&prev.notes);
        kept = true;
    }
    kept
}

/// Reads a card file of the folder. For a file the import rewrites (`force` false), a
/// file that cannot be read as a card file, or one with comments of its own, adds
/// diagnostics.
fn read_existing(path: &Path, force: bool, diagnostics: &mut Vec<Diagnostic>) -> Existing {
    let unusable = |bytes: Vec<u8>| Existing {
        path: path.to_path_buf(),
        bytes,
        cards: None,
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            if !force {
                diagnostics.push(
                    Diagnostic::error(
                        "reimport-unreadable",
                        format!("cannot read the card file: {e}"),
                    )
                    .at(Location::in_file(path, 0, 0))
                    .with_hint("check the file's permissions, or pass `--force` to replace it"),
                );
            }
            return unusable(Vec::new());
        }
    };
    let parsed = super::decode_utf8(path, bytes.clone(), "save the file as UTF-8")
        .and_then(|text| parse_card_file(path, &text).map(|loaded| (text, loaded)));
    let (text, loaded) = match parsed {
        Ok(ok) => ok,
        Err(problems) => {
            if !force {
                diagnostics.extend(problems);
                diagnostics.push(
                    Diagnostic::error(
                        "reimport-unreadable",
                        format!(
                            "`{}` has the problems above, so the hand-added fields of its cards cannot be carried over",
                            path.display()
                        ),
                    )
                    .at(Location::in_file(path, 0, 0))
                    .with_hint(
                        "fix the problems and import again, or pass `--force` to replace the file \
                         with a fresh import (its hand edits are lost)",
                    ),
                );
            }
            return unusable(bytes);
        }
    };
    if !force {
        if let Some(span) = own_comment(&text, &loaded.file) {
            let source: Arc<str> = Arc::from(text.as_str());
            diagnostics.push(
                Diagnostic::error(
                    "reimport-drops-comments",
                    format!(
                        "`{}` has comments of its own, which importing again would not keep",
                        path.display()
                    ),
                )
                .at(Location::from_span(path, source, span))
                .with_hint(
                    "move the remark into the card's `notes = \"…\"`, or pass `--force` to \
                     rewrite the file without its comments",
                ),
            );
        }
    }
    let cards = loaded
        .file
        .cards
        .into_iter()
        .zip(loaded.cards)
        .map(|(entry, card)| Previous {
            entry,
            at: card.origin,
        })
        .collect();
    Existing {
        path: path.to_path_buf(),
        bytes,
        cards: Some(cards),
    }
}

/// The byte span of the first comment line of `text` that a rewrite would lose: a line
/// starting with `#` that is neither in the generated header (the comment block at the top
/// of the file, when it starts with `# Recommendation cards:`) nor a line of the file's own
/// rewrite (such as a line of a multi-line `notes` string).
fn own_comment(text: &str, file: &CardFile) -> Option<std::ops::Range<usize>> {
    let rewrite = write_card_file(file, "");
    let rewrite_lines: BTreeSet<&str> = rewrite.lines().collect();
    let generated_header = text
        .trim_start_matches('\u{feff}')
        .starts_with("# Recommendation cards:");
    let mut in_header = generated_header;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start().trim_start_matches('\u{feff}');
        if in_header {
            if trimmed.starts_with('#') {
                continue;
            }
            in_header = false;
        }
        if trimmed.starts_with('#') && !rewrite_lines.contains(content) {
            return Some(start..start + content.len());
        }
    }
    None
}

/// Top-level card files in `out` (`*.toml` except [`DECISIONS_FILE`] and hidden files)
/// that are not in `targets`, sorted by path.
fn other_card_files(out: &Path, targets: &BTreeSet<&Path>) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(out) else {
        return Vec::new();
    };
    let mut others: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            name.is_some_and(|n| n.ends_with(".toml") && !n.starts_with('.') && n != DECISIONS_FILE)
        })
        .filter(|p| !targets.contains(p.as_path()))
        .collect();
    others.sort();
    others
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::file::{ListHeader, MeetingHeader};

    fn file() -> CardFile {
        CardFile {
            meeting: MeetingHeader {
                name: "M".into(),
                place: "P".into(),
                dates: "D".into(),
                document: "S".into(),
            },
            list: ListHeader {
                key: "l".into(),
                title: "T".into(),
                dimension: None,
                lead_in: None,
            },
            cards: vec![CardEntry {
                id: "m-l-01".into(),
                position: 1,
                text: "Text".into(),
                proposer: None,
                tags: Vec::new(),
                placement: None,
                notes: Some("a\n# not a comment\nb".into()),
            }],
        }
    }

    #[test]
    fn own_comment_skips_the_generated_header_and_string_lines() {
        let f = file();
        let generated = write_card_file(&f, "Recommendation cards: T\nmore");
        assert_eq!(own_comment(&generated, &f), None);
        let edited = generated.replace("[list]", "# my remark\n[list]");
        let span = own_comment(&edited, &f).unwrap();
        assert_eq!(&edited[span], "# my remark");
        // A hand-written top comment is not the generated header.
        let hand = format!("# my file\n\n{}", write_card_file(&f, ""));
        let span = own_comment(&hand, &f).unwrap();
        assert_eq!(&hand[span], "# my file");
    }

    #[test]
    fn carry_over_keeps_hand_fields_and_source_values() {
        let mut entry = file().cards.remove(0);
        entry.notes = None;
        let mut prev = entry.clone();
        prev.tags = vec!["children".into()];
        prev.proposer = Some("Chile".into());
        prev.text = "Old text".into();
        assert!(carry_over(&mut entry, &prev));
        assert_eq!(entry.tags, ["children"]);
        assert_eq!(entry.proposer.as_deref(), Some("Chile"));
        assert_eq!(entry.text, "Text");
        let mut bare = entry.clone();
        let plain = CardEntry {
            tags: Vec::new(),
            proposer: None,
            ..entry.clone()
        };
        assert!(!carry_over(&mut bare, &plain));
    }
}
