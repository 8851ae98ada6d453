//! The fields a template can use, by scope, so that a strict-mode error can say in plain
//! words which field is missing and which ones exist at that point of the template.
//!
//! [`SCHEMA`] mirrors the serialised [`super::Draft`] and the views it holds (a unit test
//! keeps the two in step). [`scope_at`] finds the scope at a position of a template by
//! following its `{{#each …}}` / `{{#with …}}` blocks; [`explain`] turns a missing path
//! (`document.titel`) into a sentence and the list of fields available there.

/// One kind of object in the template context: its name in messages and its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    /// Key in [`SCHEMA`], e.g. `section`.
    pub key: &'static str,
    /// How a message names it, e.g. `a section (inside {{#each sections}})`.
    pub described: &'static str,
    /// Field names in declaration order, each with the kind of its value (for an object) or
    /// of its elements (for a list); `None` for text, numbers and flags.
    pub fields: &'static [(&'static str, Option<&'static str>)],
}

/// Every object of the template context (see the field docs in [`super::context`]).
pub const SCHEMA: [Kind; 7] = [
    Kind {
        key: "draft",
        described: "the draft (top level)",
        fields: &[
            ("title", None),
            ("subtitle", None),
            ("symbol", None),
            ("date", None),
            ("language", None),
            ("rtl", None),
            ("words", Some("words")),
            ("sections", Some("section")),
            ("annex", Some("annex-row")),
            ("paragraph_count", None),
            ("card_count", None),
        ],
    },
    Kind {
        key: "words",
        described: "the fixed words of the layout (`words`)",
        fields: &[
            ("objective", None),
            ("contents", None),
            ("annex_title", None),
            ("annex_card", None),
            ("annex_paragraph", None),
            ("annex_source", None),
        ],
    },
    Kind {
        key: "section",
        described: "a section (inside `{{#each sections}}`)",
        fields: &[
            ("id", None),
            ("title", None),
            ("number", None),
            ("label", None),
            ("heading", None),
            ("anchor", None),
            ("kind", None),
            ("preambular", None),
            ("paragraphs", Some("paragraph")),
            ("objectives", Some("objective")),
        ],
    },
    Kind {
        key: "paragraph",
        described: "a paragraph (inside `{{#each paragraphs}}`, or an objective's `commitment`)",
        fields: &[
            ("number", None),
            ("label", None),
            ("anchor", None),
            ("text", None),
            ("cards", None),
            ("cards_attr", None),
        ],
    },
    Kind {
        key: "objective",
        described: "an objective (inside `{{#each objectives}}`)",
        fields: &[
            ("id", None),
            ("number", None),
            ("title", None),
            ("heading", None),
            ("anchor", None),
            ("commitment", Some("paragraph")),
            ("chapeau", None),
            ("actions", Some("action")),
        ],
    },
    Kind {
        key: "action",
        described: "an action (inside `{{#each actions}}`)",
        fields: &[
            ("letter", None),
            ("label", None),
            ("anchor", None),
            ("text", None),
            ("cards", None),
            ("cards_attr", None),
        ],
    },
    Kind {
        key: "annex-row",
        described: "an annex row (inside `{{#each annex}}`)",
        fields: &[
            ("card", None),
            ("merged", None),
            ("paragraph", None),
            ("anchor", None),
            ("source", Some("source")),
            ("source_text", None),
        ],
    },
];

/// The provenance of a card (`source` of an annex row); kept apart from [`SCHEMA`] because
/// it is the shared [`crate::model::Provenance`].
pub const SOURCE: Kind = Kind {
    key: "source",
    described: "a card's source (`source` of an annex row)",
    fields: &[
        ("meeting", None),
        ("place", None),
        ("dates", None),
        ("document", None),
        ("list_key", None),
        ("list_title", None),
        ("dimension", None),
        ("position", None),
        ("proposer", None),
    ],
};

/// The kind with this key.
pub fn kind(key: &str) -> Option<&'static Kind> {
    SCHEMA
        .iter()
        .find(|k| k.key == key)
        .or(if key == SOURCE.key {
            Some(&SOURCE)
        } else {
            None
        })
}

/// The scope at byte `offset` of template `text`: the stack of kinds opened by
/// `{{#each PATH}}` and `{{#with PATH}}` blocks before it (other blocks, such as `{{#if}}`,
/// keep the scope). The top level is `draft`. `None` entries are scopes that could not be
/// resolved (a path this schema does not know). Best effort: a template that does not
/// parse never gets here.
pub fn scope_at(text: &str, offset: usize) -> Vec<Option<&'static str>> {
    // Every block opened so far: `Some(scope)` for each/with, `None` for other helpers.
    let mut blocks: Vec<Option<Option<&'static str>>> = Vec::new();
    let end = (0..=offset.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let mut rest = &text[..end];
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            break;
        };
        let tag = after[..close]
            .trim_start_matches(['{', '~'])
            .trim_end_matches(['}', '~'])
            .trim();
        rest = &after[close + 2..];
        if tag.starts_with('!') {
            // A comment `{{!-- … --}}` may hold `}}`: skip to its end.
            if let Some(body) = tag.strip_prefix("!--") {
                if !body.ends_with("--") {
                    if let Some(e) = rest.find("--}}") {
                        rest = &rest[e + 4..];
                    }
                }
            }
            continue;
        }
        if let Some(open) = tag.strip_prefix('#') {
            let mut words = open.split_whitespace();
            let helper = words.next().unwrap_or("");
            let scope = if matches!(helper, "each" | "with") {
                let path = words.next().unwrap_or("");
                let current = current(&blocks);
                Some(resolve(current, &blocks, path))
            } else {
                None
            };
            blocks.push(scope);
        } else if tag.starts_with('/') {
            blocks.pop();
        }
    }
    let mut scopes = vec![Some("draft")];
    scopes.extend(blocks.into_iter().flatten());
    scopes
}

/// The innermost scope of `blocks` (the draft when none is open).
fn current(blocks: &[Option<Option<&'static str>>]) -> Option<&'static str> {
    blocks
        .iter()
        .rev()
        .find_map(|b| *b)
        .unwrap_or(Some("draft"))
}

/// The kind a block path (`sections`, `this.actions`, `../annex`, `@root.sections`) leads to.
fn resolve(
    current: Option<&'static str>,
    blocks: &[Option<Option<&'static str>>],
    path: &str,
) -> Option<&'static str> {
    let (mut at, path) = base(current, blocks, path);
    for segment in path
        .split(['.', '/'])
        .filter(|s| !s.is_empty() && *s != "this")
    {
        let k = kind(at?)?;
        at = k.fields.iter().find(|(f, _)| *f == segment)?.1;
    }
    at
}

/// Where a path starts: `@root.` at the draft, each `../` one scope further out.
fn base<'p>(
    current: Option<&'static str>,
    blocks: &[Option<Option<&'static str>>],
    path: &'p str,
) -> (Option<&'static str>, &'p str) {
    if let Some(rest) = path.strip_prefix("@root") {
        return (Some("draft"), rest);
    }
    let mut up = 0;
    let mut rest = path;
    while let Some(r) = rest.strip_prefix("../") {
        up += 1;
        rest = r;
    }
    if up == 0 {
        return (current, rest);
    }
    let scopes: Vec<Option<&'static str>> = std::iter::once(Some("draft"))
        .chain(blocks.iter().filter_map(|b| *b))
        .collect();
    let at = scopes
        .len()
        .checked_sub(1 + up)
        .and_then(|i| scopes.get(i).copied())
        .unwrap_or(Some("draft"));
    (at, rest)
}

/// A missing field explained: the message's tail and the hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// e.g. ``the draft (top level) has no field `document` ``.
    pub problem: String,
    /// e.g. ``fields available here: title, subtitle, …``, with a "did you mean" when one
    /// field is close.
    pub hint: String,
}

/// Explains why `path` (as handlebars reports it, e.g. `document.titel`) is missing in the
/// innermost of `scopes` (from [`scope_at`]).
pub fn explain(path: &str, scopes: &[Option<&'static str>]) -> Explanation {
    let blocks: Vec<Option<Option<&'static str>>> =
        scopes.iter().skip(1).map(|s| Some(*s)).collect();
    let current = scopes.last().copied().flatten();
    let (mut at, rel) = base(current, &blocks, path);
    let mut walked = String::new();
    for segment in rel
        .split(['.', '/'])
        .filter(|s| !s.is_empty() && *s != "this")
    {
        let Some(k) = at.and_then(kind) else {
            break;
        };
        match k.fields.iter().find(|(f, _)| *f == segment) {
            Some((_, Some(next))) => {
                at = Some(next);
                walked = join(&walked, segment);
            }
            Some((_, None)) => {
                let field = join(&walked, segment);
                return Explanation {
                    problem: format!("`{field}` is a value, with no fields inside it"),
                    hint: format!("use `{{{{{field}}}}}` itself; {}", available(k, segment)),
                };
            }
            None => {
                let whose = if walked.is_empty() {
                    k.described.to_string()
                } else {
                    format!("`{walked}`")
                };
                return Explanation {
                    problem: format!("{whose} has no field `{segment}`"),
                    hint: available(k, segment),
                };
            }
        }
    }
    Explanation {
        problem: "a field the draft does not have is used".to_string(),
        hint: match at.and_then(kind) {
            Some(k) => available(k, ""),
            None => format!(
                "the scope here could not be worked out; {}",
                available(&SCHEMA[0], "")
            ),
        },
    }
}

fn join(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}.{b}")
    }
}

/// ``did you mean `title`? fields of the draft (top level): title, subtitle, …``
fn available(k: &Kind, given: &str) -> String {
    let names: Vec<&str> = k.fields.iter().map(|(f, _)| *f).collect();
    let mut s = String::new();
    if let Some(close) = crate::model::blueprint::did_you_mean(given, names.iter().copied()) {
        s.push_str(&format!("did you mean `{close}`? "));
    }
    s.push_str(&format!(
        "fields of {} available here: {}",
        k.described,
        names.join(", ")
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Provenance, SectionKind};
    use crate::render::context::SectionView;
    use crate::render::context::{ActionView, AnnexRow, Draft, ObjectiveView, ParagraphView};

    /// The serialised field names of every view, in order, for the drift test.
    fn keys(v: &serde_json::Value) -> Vec<String> {
        v.as_object().unwrap().keys().cloned().collect()
    }

    fn names(key: &str) -> Vec<String> {
        kind(key)
            .unwrap()
            .fields
            .iter()
            .map(|(f, _)| f.to_string())
            .collect()
    }

    /// SCHEMA must list exactly the fields the templates receive: serialise a draft with one
    /// of everything and compare.
    #[test]
    fn schema_matches_the_serialised_draft() {
        let paragraph = ParagraphView {
            number: Some(1),
            label: "1.".into(),
            anchor: "para-1".into(),
            text: "t".into(),
            cards: vec!["c".into()],
            cards_attr: "c".into(),
        };
        let source = Provenance {
            meeting: "m".into(),
            place: "p".into(),
            dates: "d".into(),
            document: "doc".into(),
            list_key: "k".into(),
            list_title: "K".into(),
            dimension: Some("dim".into()),
            position: 1,
            proposer: Some("x".into()),
        };
        let draft = Draft {
            title: "t".into(),
            subtitle: "s".into(),
            symbol: Some("A/1".into()),
            date: "d".into(),
            language: "en".into(),
            rtl: false,
            words: crate::render::language::ENGLISH.words(),
            sections: vec![SectionView {
                id: "s".into(),
                title: "S".into(),
                number: Some(1),
                label: "I.".into(),
                heading: "I. S".into(),
                anchor: "sec-s".into(),
                kind: SectionKind::Commitments,
                preambular: false,
                paragraphs: vec![paragraph.clone()],
                objectives: vec![ObjectiveView {
                    id: "o".into(),
                    number: 1,
                    title: "O".into(),
                    heading: "Objective 1: O".into(),
                    anchor: "objective-1".into(),
                    commitment: paragraph,
                    chapeau: "c".into(),
                    actions: vec![ActionView {
                        letter: "a".into(),
                        label: "(a)".into(),
                        anchor: "para-1-a".into(),
                        text: "t".into(),
                        cards: vec!["c".into()],
                        cards_attr: "c".into(),
                    }],
                }],
            }],
            annex: vec![AnnexRow {
                card: "c".into(),
                merged: "c".into(),
                paragraph: "1 (a)".into(),
                anchor: "para-1-a".into(),
                source,
                source_text: "x".into(),
            }],
            paragraph_count: 1,
            card_count: 1,
        };
        let v = serde_json::to_value(&draft).unwrap();
        let section = &v["sections"][0];
        let objective = &section["objectives"][0];
        let annex = &v["annex"][0];
        let got = [
            ("draft", keys(&v)),
            ("words", keys(&v["words"])),
            ("section", keys(section)),
            ("paragraph", keys(&section["paragraphs"][0])),
            ("objective", keys(objective)),
            ("action", keys(&objective["actions"][0])),
            ("annex-row", keys(annex)),
            ("source", keys(&annex["source"])),
        ];
        for (key, mut serialised) in got {
            let mut listed = names(key);
            serialised.sort();
            listed.sort();
            assert_eq!(listed, serialised, "fields of `{key}`");
        }
    }

    #[test]
    fn scope_follows_each_and_with_blocks() {
        let t = "{{title}}\n{{#each sections}}{{#if x}}{{title}}{{/if}}\n{{#each objectives}}{{#with commitment}}HERE";
        let at = t.find("HERE").unwrap();
        assert_eq!(
            scope_at(t, at),
            [
                Some("draft"),
                Some("section"),
                Some("objective"),
                Some("paragraph")
            ]
        );
        let t = "{{#each sections}}{{/each}}{{#each annex}}{{{source_text}}}HERE";
        assert_eq!(
            scope_at(t, t.find("HERE").unwrap()),
            [Some("draft"), Some("annex-row")]
        );
        let t = "{{#each sections}}{{#each ../annex}}HERE";
        assert_eq!(
            scope_at(t, t.find("HERE").unwrap()),
            [Some("draft"), Some("section"), Some("annex-row")]
        );
        let t = "{{!-- {{#each sections}} --}}{{#each nothing}}HERE";
        assert_eq!(scope_at(t, t.find("HERE").unwrap()), [Some("draft"), None]);
    }

    #[test]
    fn missing_fields_are_explained_in_plain_words() {
        let top = [Some("draft")];
        let e = explain("document.titel", &top);
        assert_eq!(e.problem, "the draft (top level) has no field `document`");
        assert!(e.hint.starts_with(
            "fields of the draft (top level) available here: title, subtitle, symbol"
        ));
        let e = explain("subtitel", &top);
        assert!(
            e.hint.starts_with("did you mean `subtitle`? "),
            "{}",
            e.hint
        );
        let nested = [Some("draft"), Some("section"), Some("objective")];
        let e = explain("commitment.lable", &nested);
        assert_eq!(e.problem, "`commitment` has no field `lable`");
        assert!(e
            .hint
            .starts_with("did you mean `label`? fields of a paragraph"));
        let e = explain("title.text", &nested);
        assert_eq!(e.problem, "`title` is a value, with no fields inside it");
        let e = explain("../../titel", &nested);
        assert_eq!(e.problem, "the draft (top level) has no field `titel`");
    }
}
