//! The blueprint file format as a schema, checked over a span-keeping TOML tree so that
//! every unknown key, missing or mistyped key, invalid value and empty text of a file is
//! reported in one run, each with file:line:col.
//!
//! Serde stops at the first problem of a file, so [`super::load`] first walks the tree of
//! [`crate::import::load::parse_tree`] (the same tree the card loader checks) against
//! [`FILE`], and deserializes the file with serde only when the walk found nothing. Only a
//! TOML *syntax* error stops a file before this walk: the TOML reader cannot go on after
//! one, so only the first syntax error of each file can be reported (the other files are
//! still checked).

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use super::did_you_mean;
use crate::diagnostic::{Diagnostic, Location};
use crate::import::load::{Key, Node, NodeValue};

/// What a key holds.
pub(crate) enum Kind {
    /// A string; `blank_ok` says whether an empty or blank string is accepted.
    Str { blank_ok: bool },
    /// A boolean.
    Bool,
    /// A whole number in `min..=max`.
    Int { min: i64, max: i64 },
    /// One of these strings.
    Enum(&'static [&'static str]),
    /// An array of strings; `blank_ok` as for [`Kind::Str`], per item.
    StrList { blank_ok: bool },
    /// A table with these keys.
    Table(&'static [Field]),
    /// An array of tables with these keys (`[[name]]`).
    Tables(&'static [Field]),
}

/// One key of a table.
pub(crate) struct Field {
    key: &'static str,
    kind: Kind,
    required: bool,
    /// How to write it, for "add …" hints, e.g. `title = "…"`.
    example: &'static str,
}

/// A [`Field`] (for `const` schemas).
pub(crate) const fn field(
    key: &'static str,
    kind: Kind,
    required: bool,
    example: &'static str,
) -> Field {
    Field {
        key,
        kind,
        required,
        example,
    }
}

/// Text that is rendered into the draft (headings, commitments, paragraphs) must not be
/// blank; ids are checked later (kebab-case, `invalid-id`), and descriptions are not rendered.
const TEXT: Kind = Kind::Str { blank_ok: false };
pub(crate) const ID: Kind = Kind::Str { blank_ok: true };
pub(crate) const ANY_TEXT: Kind = Kind::Str { blank_ok: true };

/// The section kinds, as written (see [`super::SectionKind`]).
pub(super) const SECTION_KINDS: &[&str] = &["preambular", "operative", "commitments"];

const DOCUMENT: &[Field] = &[
    field("title", TEXT, true, "title = \"…\""),
    field("subtitle", TEXT, true, "subtitle = \"Zero draft\""),
    field("symbol", TEXT, false, "symbol = \"A/CONF.231/3\""),
    field("date", TEXT, true, "date = \"5 February 2018\""),
    field("language", TEXT, true, "language = \"en\""),
];

const OBJECTIVE: &[Field] = &[
    field("id", ID, true, "id = \"fair-recruitment\""),
    field("title", TEXT, true, "title = \"…\""),
    field("commitment", TEXT, true, "commitment = \"We commit to …\""),
    field(
        "chapeau",
        TEXT,
        false,
        "chapeau = \"To realize this commitment, …\"",
    ),
    field("description", ANY_TEXT, false, "description = \"…\""),
];

const SECTION: &[Field] = &[
    field("id", ID, true, "id = \"preamble\""),
    field("title", TEXT, true, "title = \"…\""),
    field("description", ANY_TEXT, false, "description = \"…\""),
    field(
        "kind",
        Kind::Enum(SECTION_KINDS),
        true,
        "kind = \"operative\"",
    ),
    field("required", Kind::Bool, false, "required = true"),
    field(
        "paragraphs",
        Kind::StrList { blank_ok: false },
        false,
        "paragraphs = [\"…\"]",
    ),
    field(
        "objective",
        Kind::Tables(OBJECTIVE),
        false,
        "[[section.objective]]",
    ),
];

const RULE: &[Field] = &[
    field("id", ID, true, "id = \"recruitment\""),
    field(
        "priority",
        Kind::Int {
            min: i32::MIN as i64,
            max: i32::MAX as i64,
        },
        false,
        "priority = 0",
    ),
    field(
        "yield-margin",
        Kind::Int {
            min: 1,
            max: u32::MAX as i64,
        },
        false,
        "yield-margin = 3",
    ),
    field("section", ID, true, "section = \"…\""),
    field("objective", ID, false, "objective = \"…\""),
    // Blank terms are reported by the cross-checks (`empty-term`), with the rule's id.
    field(
        "lists",
        Kind::StrList { blank_ok: true },
        false,
        "lists = [\"fur\"]",
    ),
    field(
        "words",
        Kind::StrList { blank_ok: true },
        false,
        "words = [\"…\"]",
    ),
    field(
        "phrases",
        Kind::StrList { blank_ok: true },
        false,
        "phrases = [\"…\"]",
    ),
    field(
        "except",
        Kind::StrList { blank_ok: true },
        false,
        "except = [\"…\"]",
    ),
];

const DEFAULT: &[Field] = &[
    field("section", ID, true, "section = \"…\""),
    field("objective", ID, false, "objective = \"…\""),
];

/// The keys of one blueprint file (every part optional: files are joined by [`super::load`]).
const FILE: &[Field] = &[
    field("document", Kind::Table(DOCUMENT), false, "[document]"),
    field("section", Kind::Tables(SECTION), false, "[[section]]"),
    field("rule", Kind::Tables(RULE), false, "[[rule]]"),
    field("default", Kind::Table(DEFAULT), false, "[default]"),
    field(
        "stop-words",
        Kind::StrList { blank_ok: true },
        false,
        "stop-words = [\"migrant\"]",
    ),
];

/// Every problem of one blueprint file's tree, in file order: `unknown-key`, `missing-key`,
/// `wrong-type`, `invalid-value` (a `kind` not among [`SECTION_KINDS`], a number out of
/// range), `empty-value` (a blank title, subtitle, symbol, date, language, commitment,
/// chapeau or authored paragraph). Empty when serde can read the file.
pub(super) fn check(path: &Path, source: &Arc<str>, root: &Node) -> Vec<Diagnostic> {
    check_file(path, source, root, "the blueprint file", FILE)
}

/// Every problem of the tree `root` of the file at `path` against the schema `fields`
/// (the file named `name` in messages, e.g. `the decisions file`), in file order, with the
/// codes of [`check`]. Also used for `recommendations/decisions.toml`
/// ([`crate::dedup::decisions`]).
pub(crate) fn check_file(
    path: &Path,
    source: &Arc<str>,
    root: &Node,
    name: &str,
    fields: &[Field],
) -> Vec<Diagnostic> {
    let mut checker = Checker {
        path,
        source: source.clone(),
        out: Vec::new(),
    };
    checker.table(root, name, fields);
    checker
        .out
        .sort_by_key(|d| d.location.as_ref().map_or(0, |l| l.span.start));
    checker.out
}

struct Checker<'a> {
    path: &'a Path,
    source: Arc<str>,
    out: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn push(&mut self, d: Diagnostic, span: Range<usize>) {
        let at = Location::from_span(self.path, self.source.clone(), span);
        self.out.push(d.at(at));
    }

    /// The first line of `span` (a table's header rather than all of the table).
    fn first_line(&self, span: &Range<usize>) -> Range<usize> {
        let start = span.start;
        let end = self
            .source
            .get(start..)
            .and_then(|rest| rest.find('\n'))
            .map_or(self.source.len(), |i| start + i);
        start..end.min(span.end.max(start))
    }

    fn table(&mut self, node: &Node, name: &str, fields: &[Field]) {
        let NodeValue::Table(entries) = &node.value else {
            self.push(
                Diagnostic::error(
                    "wrong-type",
                    format!("{name} must be a table, found {}", node.value.kind()),
                )
                .with_hint(format!("write `{name}` as a table of keys")),
                node.span.clone(),
            );
            return;
        };
        for (key, value) in entries {
            match fields.iter().find(|f| f.key == key.name) {
                Some(f) => self.value(key, value, name, f),
                None => self.unknown(key, name, fields),
            }
        }
        for f in fields.iter().filter(|f| f.required) {
            if !entries.iter().any(|(k, _)| k.name == f.key) {
                let span = self.first_line(&node.span);
                self.push(
                    Diagnostic::error("missing-key", format!("missing key `{}` in {name}", f.key))
                        .with_hint(format!("add `{}`", f.example)),
                    span,
                );
            }
        }
    }

    fn unknown(&mut self, key: &Key, name: &str, fields: &[Field]) {
        let keys: Vec<&str> = fields.iter().map(|f| f.key).collect();
        self.push(
            crate::diagnostic::unknown_key(&key.name, name, &keys),
            key.span.clone(),
        );
    }

    fn wrong_type(&mut self, node: &Node, key: &str, expected: &str, f: &Field) {
        self.push(
            Diagnostic::error(
                "wrong-type",
                format!("`{key}` must be {expected}, found {}", node.value.kind()),
            )
            .with_hint(format!("write `{}`", f.example)),
            node.span.clone(),
        );
    }

    fn value(&mut self, key: &Key, node: &Node, parent: &str, f: &Field) {
        let k = key.name.as_str();
        match (&f.kind, &node.value) {
            (Kind::Str { blank_ok }, NodeValue::Str(s)) => {
                if !blank_ok && s.trim().is_empty() {
                    self.push(
                        Diagnostic::error("empty-value", format!("`{k}` in {parent} is empty"))
                            .with_hint(format!(
                                "write the {k}: an empty one would print as a blank heading or \
                                 paragraph"
                            )),
                        node.span.clone(),
                    );
                }
            }
            (Kind::Str { .. }, _) => self.wrong_type(node, k, "a string", f),
            (Kind::Bool, NodeValue::Other("a boolean")) => {}
            (Kind::Bool, _) => self.wrong_type(node, k, "`true` or `false`", f),
            (Kind::Int { min, max }, NodeValue::Int(i)) => {
                if i < min || i > max {
                    self.push(
                        Diagnostic::error(
                            "invalid-value",
                            if *max >= i64::from(i32::MAX) && *min > 0 {
                                format!("`{k}` in {parent} must be at least {min}, found {i}")
                            } else {
                                format!("`{k}` in {parent} must be from {min} to {max}, found {i}")
                            },
                        )
                        .with_hint(format!("write e.g. `{}`", f.example)),
                        node.span.clone(),
                    );
                }
            }
            (Kind::Int { .. }, _) => self.wrong_type(node, k, "a whole number", f),
            (Kind::Enum(allowed), NodeValue::Str(s)) => {
                if !allowed.contains(&s.as_str()) {
                    let listed = allowed
                        .iter()
                        .map(|a| format!("`{a}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let hint = match did_you_mean(s, allowed.iter().copied()) {
                        Some(best) => format!("did you mean `{best}`? `{k}` is one of {listed}"),
                        None => format!("`{k}` is one of {listed}"),
                    };
                    self.push(
                        Diagnostic::error(
                            "invalid-value",
                            format!("`{s}` is not a valid `{k}` in {parent}"),
                        )
                        .with_hint(hint),
                        node.span.clone(),
                    );
                }
            }
            (Kind::Enum(_), _) => self.wrong_type(node, k, "a string", f),
            (Kind::StrList { blank_ok }, NodeValue::Array(items)) => {
                for item in items {
                    match &item.value {
                        NodeValue::Str(s) if !blank_ok && s.trim().is_empty() => self.push(
                            Diagnostic::error(
                                "empty-value",
                                format!("an item of `{k}` in {parent} is empty"),
                            )
                            .with_hint(
                                "write the text, or remove the empty string: it would print as \
                                 an empty paragraph",
                            ),
                            item.span.clone(),
                        ),
                        NodeValue::Str(_) => {}
                        _ => self.wrong_type(item, k, "an array of strings", f),
                    }
                }
            }
            (Kind::StrList { .. }, _) => self.wrong_type(node, k, "an array of strings", f),
            (Kind::Table(fields), _) => self.table(node, &format!("[{k}]"), fields),
            (Kind::Tables(fields), NodeValue::Array(items)) => {
                let name = if parent.starts_with("[[") {
                    format!("[[{}.{k}]]", parent.trim_matches(['[', ']']))
                } else {
                    format!("[[{k}]]")
                };
                for item in items {
                    self.table(item, &name, fields);
                }
            }
            (Kind::Tables(_), _) => self.wrong_type(node, k, "an array of tables", f),
        }
    }
}
