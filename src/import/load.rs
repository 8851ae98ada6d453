//! Loading card files (`recommendations/**/*.toml`, format in [`super::file`]) into
//! [`Card`]s, reporting every problem at once.
//!
//! Serde stops at the first problem of a file, so each file is read into a tree of values
//! that keeps the span of every key and value, and the tree is then checked by hand: every
//! unknown key, missing or mistyped key and empty text of every file is reported, each with
//! file, line and column. Only a TOML syntax error stops the checking of its file (the
//! other files are still checked). Duplicate ids are then looked for across all files.

use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

use super::file::{CardEntry, CardFile, ListHeader, MeetingHeader, PlacementEntry};
use crate::diagnostic::{display_location, from_toml_error, Diagnostic, Location};
use crate::model::Card;

/// The name of the deduplication decisions file, which lives beside the card files but is
/// not one of them.
pub const DECISIONS_FILE: &str = "decisions.toml";

/// What to do about a card file that is not UTF-8.
const UTF8_HINT: &str = "save the file as UTF-8 (in a text editor: Save As, encoding UTF-8)";

/// Loads every card file under `dir` (recursively, `*.toml` except [`DECISIONS_FILE`],
/// skipping hidden files and folders), files in sorted path order and cards in file order.
/// Each card's `origin` is the location of its `id` value and each placement override's
/// `location` that of its `section` value (`objective_location`: its `objective` value).
/// Paths in locations are `dir` joined with the file's relative path.
///
/// # Errors
/// Every problem in every file: `missing-folder`, `not-a-folder` (`dir` is a file),
/// `unreadable-file` (the first byte that is not UTF-8 is located), `toml-syntax`,
/// `unknown-key`, `missing-key`, `wrong-type`, `empty-value`, `empty-text`, `bad-id`,
/// `duplicate-id` (located at the second use; the message names the first).
pub fn load_cards(dir: &Path) -> Result<Vec<Card>, Vec<Diagnostic>> {
    let read = read_cards(dir);
    if read.diagnostics.is_empty() {
        Ok(read.cards)
    } else {
        Err(read.diagnostics)
    }
}

/// What [`read_cards`] could read: the usable cards, every id written, and every problem.
#[derive(Debug, Clone, Default)]
pub struct CardsRead {
    /// Every well-formed card, in the order of [`load_cards`]: the cards of clean files and
    /// the cards of broken files that have no problem of their own other than unknown keys
    /// (a file whose `[meeting]` or `[list]` values are unusable gives none). A card whose id repeats an earlier card's is
    /// left out (the first keeps the id).
    pub cards: Vec<Card>,
    /// Every non-blank card id written in any readable file, in file order, including the
    /// ids of cards left out of `cards` (so that a decision naming them is not "unknown").
    pub ids: Vec<String>,
    /// Every problem, exactly as [`load_cards`] reports them. Empty when `cards` is all of
    /// the cards.
    pub diagnostics: Vec<Diagnostic>,
    /// False when some file could not be read as TOML at all (or the folder is missing), so
    /// that `ids` may miss ids written there.
    pub all_ids_known: bool,
}

/// Reads the card files under `dir` as [`load_cards`] does, but gives back the usable cards
/// together with the problems, so that `check` can still place the cards that were read
/// and report their findings in the same run as the loading errors.
pub fn read_cards(dir: &Path) -> CardsRead {
    let (cards, ids, diagnostics) = read_cards_inner(dir);
    let all_ids_known = !diagnostics.iter().any(|d| {
        matches!(
            d.code,
            "toml-syntax" | "unreadable-file" | "missing-folder" | "not-a-folder"
        )
    });
    CardsRead {
        cards,
        ids,
        diagnostics,
        all_ids_known,
    }
}

type Inner = (Vec<Card>, Vec<String>, Vec<Diagnostic>);

fn read_cards_inner(dir: &Path) -> Inner {
    let mut diagnostics = Vec::new();
    if dir.exists() && !dir.is_dir() {
        let folder = dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| ".".to_string(), |p| p.display().to_string());
        return (
            Vec::new(),
            Vec::new(),
            vec![Diagnostic::error(
                "not-a-folder",
                format!(
                    "`{}` is a file; card files are loaded from a folder",
                    dir.display()
                ),
            )
            .at(Location::in_file(dir, 0, 0))
            .with_hint(format!(
                "name the folder that holds the card files, e.g. `--recommendations {folder}`"
            ))],
        );
    }
    if !dir.is_dir() {
        return (
            Vec::new(),
            Vec::new(),
            vec![Diagnostic::error(
                "missing-folder",
                format!("card folder `{}` not found", dir.display()),
            )
            .at(Location::in_file(dir, 0, 0))
            .with_hint(
                "run `zerodraft import summary <FILE>` to create it, or name the folder with \
             `--recommendations DIR`",
            )],
        );
    }
    let mut files = Vec::new();
    collect_files(dir, &mut files, &mut diagnostics);
    files.sort();
    let mut cards: Vec<Card> = Vec::new();
    // Every id written, even in files with other problems, so that duplicates are found
    // in the same run.
    let mut ids: Vec<(String, Location)> = Vec::new();
    for path in &files {
        let text = match fs::read(path).map(|bytes| super::decode_utf8(path, bytes, UTF8_HINT)) {
            Ok(Ok(text)) => text,
            Ok(Err(d)) => {
                diagnostics.extend(d);
                continue;
            }
            Err(e) => {
                diagnostics.push(
                    Diagnostic::error("unreadable-file", format!("cannot read the file: {e}"))
                        .at(Location::in_file(path, 0, 0))
                        .with_hint("check the file's permissions"),
                );
                continue;
            }
        };
        let checked = check_file(path, &text);
        ids.extend(checked.ids);
        diagnostics.extend(checked.diagnostics);
        if let Some(loaded) = checked.loaded {
            cards.extend(loaded.cards);
        }
    }
    duplicate_ids(&ids, &mut diagnostics);
    // A repeated id is reported above; the first card keeps it, later ones are left out.
    let mut seen = std::collections::HashSet::new();
    cards.retain(|c| seen.insert(c.id.clone()));
    let ids = ids.into_iter().map(|(id, _)| id).collect();
    (cards, ids, diagnostics)
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>, diagnostics: &mut Vec<Diagnostic>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error("unreadable-file", format!("cannot read the folder: {e}"))
                    .at(Location::in_file(dir, 0, 0))
                    .with_hint("check the folder's permissions"),
            );
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect_files(&path, files, diagnostics);
        } else if name.ends_with(".toml") && name != DECISIONS_FILE {
            files.push(path);
        }
    }
}

fn duplicate_ids(ids: &[(String, Location)], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: std::collections::BTreeMap<&str, &Location> = std::collections::BTreeMap::new();
    for (id, at) in ids {
        match seen.get(id.as_str()) {
            Some(first) => diagnostics.push(
                Diagnostic::error(
                    "duplicate-id",
                    format!(
                        "card id `{id}` is already used at {}",
                        display_location(first)
                    ),
                )
                .at(at.clone())
                .with_hint(
                    "give each card its own id (ids are `<meeting>-<list>-<NN>`, e.g. \
                     `pv2017-ag1-01`); if the two cards say the same thing, keep both and \
                     let deduplication merge them",
                ),
            ),
            None => {
                seen.insert(id, at);
            }
        }
    }
}

/// A card file as read, with its cards (provenance, `origin` and placement locations set).
#[derive(Debug, Clone)]
pub struct LoadedFile {
    /// The file's contents.
    pub file: CardFile,
    /// Its cards, in file order.
    pub cards: Vec<Card>,
}

/// Reads and checks one card file; `path` is used in locations only.
///
/// # Errors
/// Every problem in the file, as for [`load_cards`] (except `duplicate-id` across files
/// and `missing-folder`).
pub fn parse_card_file(path: &Path, text: &str) -> Result<LoadedFile, Vec<Diagnostic>> {
    let checked = check_file(path, text);
    let mut diagnostics = checked.diagnostics;
    duplicate_ids(&checked.ids, &mut diagnostics);
    match checked.loaded {
        Some(loaded) if diagnostics.is_empty() && checked.clean => Ok(loaded),
        _ => Err(diagnostics),
    }
}

/// What checking one file found: the file with its well-formed cards (when its headers are
/// usable; `clean` says whether the file had no problem at all), every card id written
/// (with the location of its value), and the file's problems in file order.
struct Checked {
    loaded: Option<LoadedFile>,
    clean: bool,
    ids: Vec<(String, Location)>,
    diagnostics: Vec<Diagnostic>,
}

fn check_file(path: &Path, text: &str) -> Checked {
    let source: Arc<str> = Arc::from(text);
    let root: Spanned<Value> = match toml::from_str(text) {
        Ok(root) => root,
        Err(e) => {
            return Checked {
                loaded: None,
                clean: false,
                ids: Vec::new(),
                diagnostics: vec![from_toml_error(path, &source, &e)],
            }
        }
    };
    let root = Node::from(root);
    let mut checker = Checker {
        path,
        source,
        diagnostics: Vec::new(),
        ids: Vec::new(),
    };
    let loaded = checker.file(&root);
    // Report in the order of the file, as a reader goes through it.
    checker
        .diagnostics
        .sort_by_key(|d| d.location.as_ref().map_or(0, |l| l.span.start));
    Checked {
        clean: checker.diagnostics.is_empty(),
        loaded,
        ids: checker.ids,
        diagnostics: checker.diagnostics,
    }
}

// ---------------------------------------------------------------------------------------
// A TOML tree with spans

#[derive(Debug)]
enum Value {
    Str(String),
    Int(i64),
    Float,
    Bool,
    Datetime,
    Array(Vec<Spanned<Value>>),
    Table(Vec<(TreeKey, Spanned<Value>)>),
}

/// A table key with its span. `toml` hands out spans through `serde_spanned`'s private
/// struct protocol (the names below, as in `serde_spanned::Spanned`); a date-time's
/// internal key arrives as a plain string, without span, and is accepted too (plain
/// `Spanned<String>` would fail on it).
#[derive(Debug)]
struct TreeKey {
    name: String,
    span: Range<usize>,
}

const SPANNED_NAME: &str = "$__serde_spanned_private_Spanned";
const SPANNED_START: &str = "$__serde_spanned_private_start";
const SPANNED_END: &str = "$__serde_spanned_private_end";
const SPANNED_VALUE: &str = "$__serde_spanned_private_value";

impl<'de> Deserialize<'de> for TreeKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct(
            SPANNED_NAME,
            &[SPANNED_START, SPANNED_END, SPANNED_VALUE],
            TreeKeyVisitor,
        )
    }
}

struct TreeKeyVisitor;

impl<'de> Visitor<'de> for TreeKeyVisitor {
    type Value = TreeKey;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a table key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<TreeKey, E> {
        Ok(TreeKey {
            name: v.to_string(),
            span: 0..0,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TreeKey, A::Error> {
        let (mut start, mut end, mut name) = (0, 0, None);
        while let Some(field) = map.next_key::<String>()? {
            match field.as_str() {
                SPANNED_START => start = map.next_value::<usize>()?,
                SPANNED_END => end = map.next_value::<usize>()?,
                SPANNED_VALUE => name = Some(map.next_value::<String>()?),
                _ => {
                    let _: de::IgnoredAny = map.next_value()?;
                }
            }
        }
        let name = name.ok_or_else(|| de::Error::missing_field(SPANNED_VALUE))?;
        Ok(TreeKey {
            name,
            span: start..end,
        })
    }
}

/// The private field name `toml` uses to pass a date-time through serde.
const DATETIME_FIELD: &str = "$__toml_private_datetime";

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a TOML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Value, E> {
        Ok(Value::Bool)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float, Value::Int))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Value, E> {
        Ok(Value::Float)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Value>>()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<TreeKey>()? {
            if key.name == DATETIME_FIELD {
                let _: de::IgnoredAny = map.next_value()?;
                return Ok(Value::Datetime);
            }
            let value = map.next_value::<Spanned<Value>>()?;
            entries.push((key, value));
        }
        Ok(Value::Table(entries))
    }
}

/// A value with its byte span (also used by the blueprint loader, which checks its files the
/// same way: [`parse_tree`]).
pub(crate) struct Node {
    pub(crate) span: Range<usize>,
    pub(crate) value: NodeValue,
}

/// A TOML value of a [`Node`]: floats, booleans and date-times are kept by kind only.
pub(crate) enum NodeValue {
    Str(String),
    Int(i64),
    Other(&'static str),
    Array(Vec<Node>),
    Table(Vec<(Key, Node)>),
}

/// A table key with its byte span.
pub(crate) struct Key {
    pub(crate) name: String,
    pub(crate) span: Range<usize>,
}

/// Parses `text` into a tree of [`Node`]s that keeps the span of every key and value.
///
/// # Errors
/// The TOML reader's error (the first syntax error of the text).
pub(crate) fn parse_tree(text: &str) -> Result<Node, toml::de::Error> {
    toml::from_str::<Spanned<Value>>(text).map(Node::from)
}

impl From<Spanned<Value>> for Node {
    fn from(spanned: Spanned<Value>) -> Node {
        let span = spanned.span();
        let value = match spanned.into_inner() {
            Value::Str(s) => NodeValue::Str(s),
            Value::Int(i) => NodeValue::Int(i),
            Value::Float => NodeValue::Other("a float"),
            Value::Bool => NodeValue::Other("a boolean"),
            Value::Datetime => NodeValue::Other("a date-time"),
            Value::Array(items) => NodeValue::Array(items.into_iter().map(Node::from).collect()),
            Value::Table(entries) => NodeValue::Table(
                entries
                    .into_iter()
                    .map(|(k, v)| {
                        let key = Key {
                            span: k.span,
                            name: k.name,
                        };
                        (key, Node::from(v))
                    })
                    .collect(),
            ),
        };
        Node { span, value }
    }
}

impl NodeValue {
    /// How the value's type is named in messages, e.g. `a string`.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            NodeValue::Str(_) => "a string",
            NodeValue::Int(_) => "an integer",
            NodeValue::Other(kind) => kind,
            NodeValue::Array(_) => "an array",
            NodeValue::Table(_) => "a table",
        }
    }
}

// ---------------------------------------------------------------------------------------
// Checking

const FILE_KEYS: &[&str] = &["meeting", "list", "card"];
const MEETING_KEYS: &[&str] = &["name", "place", "dates", "document"];
const LIST_KEYS: &[&str] = &["key", "title", "dimension", "lead_in"];
const CARD_KEYS: &[&str] = &[
    "id",
    "position",
    "text",
    "proposer",
    "tags",
    "placement",
    "notes",
];
const PLACEMENT_KEYS: &[&str] = &["section", "objective", "reason"];

/// A `[[card]]` that passed its checks, with the spans its diagnostics-to-be point at.
struct CheckedCard {
    entry: CardEntry,
    /// The `id` value.
    id_span: Range<usize>,
    /// The `placement.section` value, when there is a placement.
    section_span: Option<Range<usize>>,
    /// The `placement.objective` value, when there is one.
    objective_span: Option<Range<usize>>,
}

struct Checker<'a> {
    path: &'a Path,
    source: Arc<str>,
    diagnostics: Vec<Diagnostic>,
    ids: Vec<(String, Location)>,
}

/// A checked table: its entries and span, and how to name it in messages.
struct Table<'n> {
    entries: &'n [(Key, Node)],
    span: Range<usize>,
    name: String,
}

impl<'n> Table<'n> {
    fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
    }
}

impl Checker<'_> {
    fn at(&self, span: Range<usize>) -> Location {
        Location::from_span(self.path, self.source.clone(), span)
    }

    fn push(&mut self, d: Diagnostic, span: Range<usize>) {
        let loc = self.at(span);
        self.diagnostics.push(d.at(loc));
    }

    /// `node` as a table named `name` whose keys must be in `allowed`; reports the wrong
    /// type and every unknown key.
    fn table<'n>(&mut self, node: &'n Node, name: &str, allowed: &[&str]) -> Option<Table<'n>> {
        let NodeValue::Table(entries) = &node.value else {
            self.push(
                Diagnostic::error(
                    "wrong-type",
                    format!("`{name}` must be a table, found {}", node.value.kind()),
                )
                .with_hint(format!("write `[{name}]` followed by its keys")),
                node.span.clone(),
            );
            return None;
        };
        for (key, _) in entries {
            if allowed.contains(&key.name.as_str()) {
                continue;
            }
            self.push(
                crate::diagnostic::unknown_key(&key.name, name, allowed),
                key.span.clone(),
            );
        }
        Some(Table {
            entries,
            span: node.span.clone(),
            name: name.to_string(),
        })
    }

    fn missing(&mut self, table: &Table<'_>, key: &str, example: &str) {
        // Point at the start of the table (its header), not across all of it.
        let start = table.span.start;
        let end = self
            .source
            .get(start..)
            .and_then(|rest| rest.find('\n'))
            .map_or(self.source.len(), |i| start + i);
        self.push(
            Diagnostic::error(
                "missing-key",
                format!("missing key `{key}` in {}", table.name),
            )
            .with_hint(format!("add `{key} = {example}`")),
            start..end,
        );
    }

    /// A string value; `None` (after reporting) when absent and required, or mistyped.
    /// Empty strings are reported as `empty-value` when `required`.
    fn string(&mut self, table: &Table<'_>, key: &str, required: bool) -> Option<String> {
        let Some(node) = table.get(key) else {
            if required {
                self.missing(table, key, "\"…\"");
            }
            return None;
        };
        match &node.value {
            NodeValue::Str(s) => {
                if required && s.trim().is_empty() && key != "text" {
                    self.push(
                        Diagnostic::error(
                            "empty-value",
                            format!("`{key}` in {} is empty", table.name),
                        )
                        .with_hint(format!(
                            "write the {key}, or remove the key if it is optional"
                        )),
                        node.span.clone(),
                    );
                }
                Some(s.clone())
            }
            other => {
                self.push(
                    Diagnostic::error(
                        "wrong-type",
                        format!("`{key}` must be a string, found {}", other.kind()),
                    )
                    .with_hint(format!("write `{key} = \"…\"`")),
                    node.span.clone(),
                );
                None
            }
        }
    }

    fn file(&mut self, root: &Node) -> Option<LoadedFile> {
        let top = self.table(root, "the card file", FILE_KEYS)?;
        let meeting = match top.get("meeting") {
            Some(node) => self.meeting(node),
            None => {
                self.push(
                    Diagnostic::error("missing-key", "missing table `[meeting]`")
                        .with_hint("add `[meeting]` with `name`, `place`, `dates` and `document`"),
                    0..0,
                );
                None
            }
        };
        let list = match top.get("list") {
            Some(node) => self.list(node),
            None => {
                self.push(
                    Diagnostic::error("missing-key", "missing table `[list]`")
                        .with_hint("add `[list]` with `key` and `title`"),
                    0..0,
                );
                None
            }
        };
        let mut entries = Vec::new();
        let mut origins = Vec::new();
        if let Some(node) = top.get("card") {
            match &node.value {
                NodeValue::Array(items) => {
                    for item in items {
                        if let Some(entry) = self.card(item) {
                            entries.push(entry);
                        }
                    }
                }
                other => self.push(
                    Diagnostic::error(
                        "wrong-type",
                        format!("`card` must be an array of tables, found {}", other.kind()),
                    )
                    .with_hint("write each card as a `[[card]]` table"),
                    node.span.clone(),
                ),
            }
        }
        let (meeting, list) = (meeting?, list?);
        let mut cards_file = CardFile {
            meeting,
            list,
            cards: Vec::new(),
        };
        for checked in entries {
            origins.push((
                checked.id_span,
                checked.section_span,
                checked.objective_span,
            ));
            cards_file.cards.push(checked.entry);
        }
        let mut cards = cards_file.to_cards();
        for (card, (id_span, section_span, objective_span)) in cards.iter_mut().zip(origins) {
            card.origin = Some(self.at(id_span));
            if let (Some(p), Some(span)) = (card.placement.as_mut(), section_span) {
                p.location = Some(self.at(span));
                p.objective_location = objective_span.map(|s| self.at(s));
            }
        }
        Some(LoadedFile {
            file: cards_file,
            cards,
        })
    }

    fn meeting(&mut self, node: &Node) -> Option<MeetingHeader> {
        let t = self.table(node, "[meeting]", MEETING_KEYS)?;
        let name = self.string(&t, "name", true);
        let place = self.string(&t, "place", true);
        let dates = self.string(&t, "dates", true);
        let document = self.string(&t, "document", true);
        Some(MeetingHeader {
            name: name?,
            place: place?,
            dates: dates?,
            document: document?,
        })
    }

    fn list(&mut self, node: &Node) -> Option<ListHeader> {
        let t = self.table(node, "[list]", LIST_KEYS)?;
        let key = self.string(&t, "key", true);
        let title = self.string(&t, "title", true);
        let dimension = self.string(&t, "dimension", false);
        let lead_in = self.string(&t, "lead_in", false);
        Some(ListHeader {
            key: key?,
            title: title?,
            dimension,
            lead_in,
        })
    }

    /// One `[[card]]`, with the spans of its id and of its placement's section.
    fn card(&mut self, node: &Node) -> Option<CheckedCard> {
        let before = self.diagnostics.len();
        let card = self.card_entry(node)?;
        // A card with a problem of its own is not well-formed, even when its values could
        // be read (e.g. an empty text); an unknown key alone leaves it usable (the key is
        // ignored), so that its placement can still be checked.
        let only_unknown_keys = self.diagnostics[before..]
            .iter()
            .all(|d| d.code == "unknown-key");
        only_unknown_keys.then_some(card)
    }

    fn card_entry(&mut self, node: &Node) -> Option<CheckedCard> {
        let t = self.table(node, "[[card]]", CARD_KEYS)?;
        let id = self.string(&t, "id", true);
        let id_span = t.get("id").map_or(t.span.clone(), |n| n.span.clone());
        if let Some(id) = id.as_ref().filter(|id| !id.trim().is_empty()) {
            let at = self.at(id_span.clone());
            self.ids.push((id.clone(), at));
        }
        if let Some(id) = &id {
            if !id.is_empty()
                && !id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            {
                self.push(
                    Diagnostic::error(
                        "bad-id",
                        format!("card id `{id}` has characters other than letters, digits, `-`, `_`, `.`"),
                    )
                    .with_hint("ids are `<meeting>-<list>-<NN>`, e.g. `pv2017-ag1-01`"),
                    id_span.clone(),
                );
            }
        }
        let position = match t.get("position") {
            None => {
                self.missing(&t, "position", "1");
                None
            }
            Some(n) => match &n.value {
                NodeValue::Int(i) if *i >= 1 && u32::try_from(*i).is_ok() => u32::try_from(*i).ok(),
                other => {
                    let found = match other {
                        NodeValue::Int(i) => format!("`{i}`"),
                        other => other.kind().to_string(),
                    };
                    self.push(
                        Diagnostic::error(
                            "wrong-type",
                            format!("`position` must be a whole number from 1, found {found}"),
                        )
                        .with_hint("write the card's 1-based position in its source list, e.g. `position = 3`"),
                        n.span.clone(),
                    );
                    None
                }
            },
        };
        let text = self.string(&t, "text", true);
        if let (Some(text), Some(n)) = (&text, t.get("text")) {
            if text.trim().is_empty() {
                let which = id.as_deref().unwrap_or("?");
                self.push(
                    Diagnostic::error("empty-text", format!("card `{which}` has no text"))
                        .with_hint(
                            "write the recommendation as worded in the source, or delete the card",
                        ),
                    n.span.clone(),
                );
            }
        }
        let proposer = self.string(&t, "proposer", false);
        let notes = self.string(&t, "notes", false);
        let tags = match t.get("tags") {
            None => Some(Vec::new()),
            Some(n) => self.tags(n),
        };
        let (placement, section_span) = match t.get("placement") {
            None => (Some(None), None),
            Some(n) => match self.placement(n) {
                Some((p, span)) => (Some(Some(p)), Some(span)),
                None => (None, None),
            },
        };
        Some(CheckedCard {
            entry: CardEntry {
                id: id?,
                position: position?,
                text: text?,
                proposer,
                tags: tags?,
                placement: placement?,
                notes,
            },
            id_span,
            section_span,
            objective_span: t
                .get("placement")
                .and_then(|n| match &n.value {
                    NodeValue::Table(e) => e.iter().find(|(k, _)| k.name == "objective"),
                    _ => None,
                })
                .map(|(_, v)| v.span.clone()),
        })
    }

    fn tags(&mut self, node: &Node) -> Option<Vec<String>> {
        let wrong = |found: &str| {
            Diagnostic::error(
                "wrong-type",
                format!("`tags` must be an array of strings, found {found}"),
            )
            .with_hint("write `tags = [\"children\", \"gender\"]`")
        };
        let NodeValue::Array(items) = &node.value else {
            let d = wrong(node.value.kind());
            self.push(d, node.span.clone());
            return None;
        };
        let mut tags = Vec::new();
        let mut ok = true;
        for item in items {
            match &item.value {
                NodeValue::Str(s) if !s.trim().is_empty() => tags.push(s.clone()),
                NodeValue::Str(_) => {
                    ok = false;
                    self.push(
                        Diagnostic::error("empty-value", "empty tag")
                            .with_hint("remove the empty string from `tags`"),
                        item.span.clone(),
                    );
                }
                other => {
                    ok = false;
                    let d = wrong(other.kind());
                    self.push(d, item.span.clone());
                }
            }
        }
        ok.then_some(tags)
    }

    fn placement(&mut self, node: &Node) -> Option<(PlacementEntry, Range<usize>)> {
        let t = self.table(node, "`placement`", PLACEMENT_KEYS)?;
        let section = self.string(&t, "section", true);
        let section_span = t.get("section").map_or(t.span.clone(), |n| n.span.clone());
        let objective = self.string(&t, "objective", false);
        let reason = self.string(&t, "reason", false);
        Some((
            PlacementEntry {
                section: section?,
                objective,
                reason,
            },
            section_span,
        ))
    }
}
