//! The typed template context: the whole draft laid out once — sections, paragraph numbers,
//! lettered actions, anchors and card ids — so that every output format (Markdown and HTML
//! through handlebars, DOCX through docx-rs) renders the same numbering from the same data.
//!
//! Sections are numbered in roman numerals (`I.`, `II.`, …), as UN documents number their
//! parts, so that section numbers never clash with paragraph numbers; a preambular section
//! (`Preamble`) is not numbered, like its paragraphs, and the first numbered section is `I.`.
//! The numbers are the same in the three formats (Markdown and HTML headings, the table of
//! contents, and a Word `upperRoman` list on the DOCX `Heading1`s).
//!
//! Numbering follows UN drafting practice: preambular paragraphs are unnumbered; every other
//! paragraph is numbered with arabic numerals, continuously across the whole document
//! (1., 2., …); each objective is one numbered commitment paragraph followed by its chapeau
//! and lettered actions (a), (b), … (after (z) come (aa), (bb), …, as Word's `lowerLetter`
//! numbering does).

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::language::{Language, Words};
use crate::dedup::MergedCard;
use crate::diagnostic::Diagnostic;
use crate::model::{Blueprint, Provenance, SectionKind};
use crate::place::Placement;

/// The whole draft, as given to the templates.
#[derive(Debug, Clone, Serialize)]
pub struct Draft {
    /// Document title, e.g. `Global Compact for Safe, Orderly and Regular Migration`.
    pub title: String,
    /// e.g. `Zero draft`, `Rev.1`.
    pub subtitle: String,
    /// UN document symbol when one is assigned (`null` otherwise).
    pub symbol: Option<String>,
    /// Date as printed on the title block.
    pub date: String,
    /// BCP 47 language tag, e.g. `en`.
    pub language: String,
    /// True when the language is written right to left (Arabic): HTML `dir="rtl"`, DOCX
    /// bidirectional paragraphs.
    pub rtl: bool,
    /// The fixed words of the layout in the document's language (see
    /// [`super::language`]): objective label, contents and annex headings.
    pub words: Words,
    /// Sections in blueprint order.
    pub sections: Vec<SectionView>,
    /// Rows of the annex (card → paragraph → provenance); empty unless the annex is asked for.
    pub annex: Vec<AnnexRow>,
    /// Number of numbered paragraphs in the document.
    pub paragraph_count: u32,
    /// Number of placed merged cards (one paragraph or action each).
    pub card_count: usize,
}

/// One section of the draft.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// Section id from the blueprint.
    pub id: String,
    /// Heading text from the blueprint, without number.
    pub title: String,
    /// Section number (1-based, counting only numbered sections); `null` for a preambular
    /// section, which is not numbered.
    pub number: Option<u32>,
    /// Printed number in roman numerals, UN style: `I.`, `II.`, …; empty for a preambular
    /// section.
    pub label: String,
    /// The heading as printed: `II. Reaffirmation of existing agreements`, or the title
    /// alone for a preambular section (`Preamble`).
    pub heading: String,
    /// HTML anchor of the heading: `sec-<id>`.
    pub anchor: String,
    /// Paragraph kind.
    pub kind: SectionKind,
    /// True for a preambular section (unnumbered paragraphs).
    pub preambular: bool,
    /// Authored paragraphs, then the cards placed in the section itself (not in an
    /// objective), in card order.
    pub paragraphs: Vec<ParagraphView>,
    /// Objectives of a commitments section, in blueprint order.
    pub objectives: Vec<ObjectiveView>,
}

/// A paragraph: preambular (unnumbered) or numbered.
#[derive(Debug, Clone, Serialize)]
pub struct ParagraphView {
    /// Paragraph number; `null` for a preambular paragraph.
    pub number: Option<u32>,
    /// Printed label: `17.` for a numbered paragraph, empty for a preambular one.
    pub label: String,
    /// Anchor: `para-N` for numbered paragraphs, `pp-N` for the N-th preambular paragraph.
    pub anchor: String,
    /// Text as printed (card texts with drafting punctuation applied).
    pub text: String,
    /// Ids of the cards the paragraph came from (members of its merged card); empty for
    /// authored paragraphs.
    pub cards: Vec<String>,
    /// `cards` joined by single spaces (the value of the `data-cards` attribute).
    pub cards_attr: String,
}

/// An objective: heading, numbered commitment paragraph, chapeau and lettered actions.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveView {
    /// Objective id from the blueprint.
    pub id: String,
    /// 1-based objective number, continuous across the document.
    pub number: u32,
    /// Objective title.
    pub title: String,
    /// `Objective N: title`, in the document's language (`Objectif N : title`, …).
    pub heading: String,
    /// HTML anchor of the heading: `objective-N`.
    pub anchor: String,
    /// The numbered commitment paragraph ("We commit to …").
    pub commitment: ParagraphView,
    /// Sentence introducing the actions; rendered only when there are actions. The
    /// blueprint's, or the default of the document's language when the blueprint keeps the
    /// default.
    pub chapeau: String,
    /// One action per placed merged card, in card order.
    pub actions: Vec<ActionView>,
}

/// A lettered action under an objective.
#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    /// Letter(s): `a`, `b`, …, `z`, `aa`, `bb`, ….
    pub letter: String,
    /// Printed label: `(a)`.
    pub label: String,
    /// Anchor: `para-N-a`, where N is the commitment paragraph's number.
    pub anchor: String,
    /// Card text, ending with `;` (the last action with `.`); see [`punctuate`].
    pub text: String,
    /// Ids of the member cards.
    pub cards: Vec<String>,
    /// `cards` joined by single spaces.
    pub cards_attr: String,
}

/// One row of the annex: where a recommendation card went, and where it came from.
#[derive(Debug, Clone, Serialize)]
pub struct AnnexRow {
    /// Card id (a member of a merged card).
    pub card: String,
    /// Id of the merged card it belongs to.
    pub merged: String,
    /// Paragraph reference as negotiators cite it: `17 (a)`, `5`, or `PP2` (second
    /// preambular paragraph).
    pub paragraph: String,
    /// Anchor of that paragraph (`para-17-a`, `para-5`, `pp-2`).
    pub anchor: String,
    /// The card's provenance.
    pub source: Provenance,
    /// Provenance in one line: `Chair's summary, Preparatory (stocktaking) meeting, Puerto
    /// Vallarta, Mexico, 4-6 December 2017, ACTION GROUP 1: HUMAN DIMENSION, item 3` (and
    /// `— proposed by X` when known).
    pub source_text: String,
}

/// Letters of the `n`-th (1-based) action: `a`…`z`, then `aa`…`zz`, `aaa`… (Word's
/// `lowerLetter` sequence and UN practice).
pub fn action_letter(n: usize) -> String {
    let n = n.max(1) - 1;
    let letter = char::from(b'a' + (n % 26) as u8);
    std::iter::repeat_n(letter, n / 26 + 1).collect()
}

/// Applies drafting punctuation to a paragraph or action: the text ends with `end` (`;` for
/// an action followed by another, `.` for the last action or an operative paragraph, `,`
/// for a preambular paragraph).
///
/// Rules (UN editorial practice: a list item's own final punctuation is replaced, but
/// punctuation that belongs to the words is kept):
/// - a plain final `.`, `;`, `,` or `:` (and any run of them, with spaces) is replaced by
///   `end`: `Establish a fund.` → `Establish a fund;`;
/// - the period of a closing abbreviation is kept, and `end` follows it: `etc.` → `etc.;`,
///   `U.N.` → `U.N.;`; when `end` is `.` the abbreviation's period is the full stop
///   (`etc.`, not `etc..`). Abbreviations are letter groups of one to three letters joined by
///   periods (`U.N.`, `e.g.`, `i.e.`, `a.m.`) and the words of [`CLOSING_ABBREVIATIONS`];
/// - a final `?`, `!`, ellipsis (`…` or `...`) is kept and `end` follows it, except that a
///   final `.` is not added after it (`Why?;` but `Why?`);
/// - a closing quotation mark or bracket is kept and `end` follows it (`“as appropriate”;`,
///   `(SDG 10.7).`), except that a final `.` is not added when the quotation itself ends with
///   `.`, `?`, `!` or `…`.
///
/// Returns `end` alone for an empty text. Works on chars (no byte slicing at non-char
/// boundaries).
pub fn punctuate(text: &str, end: char) -> String {
    let mut chars: Vec<char> = text.trim().chars().collect();
    while let Some(&last) = chars.last() {
        let strip = match last {
            ';' | ',' | ':' => true,
            c if c.is_whitespace() => true,
            '.' => !ends_with_ellipsis(&chars) && !ends_with_abbreviation(&chars),
            _ => false,
        };
        if !strip {
            break;
        }
        chars.pop();
    }
    let mut out: String = chars.iter().collect();
    let terminal = |c: char| matches!(c, '.' | '?' | '!' | '…');
    let add = match chars.last() {
        None => true,
        // Kept: an abbreviation's period or an ellipsis.
        Some('.') | Some('?') | Some('!') | Some('…') => end != '.',
        Some(&c) if is_closing_quote(c) => {
            end != '.'
                || !chars
                    .len()
                    .checked_sub(2)
                    .is_some_and(|i| terminal(chars[i]))
        }
        Some(_) => true,
    };
    if add {
        out.push(end);
    }
    out
}

/// Abbreviations that can close a sentence or list item, compared case-insensitively
/// without their period: `etc.`, `et al.`, `Inc.`, `Ltd.`, `Co.`, `Corp.`, `Jr.`, `Sr.`,
/// `Bros.`, `viz.`. (Abbreviations that only come before a number or name — `No.`, `para.`,
/// `art.`, `Mr.` — are left out: at the end of a text their period is a full stop.)
pub const CLOSING_ABBREVIATIONS: [&str; 10] = [
    "etc", "al", "inc", "ltd", "co", "corp", "jr", "sr", "bros", "viz",
];

/// True when `chars` ends with `...` (three full stops used as an ellipsis).
fn ends_with_ellipsis(chars: &[char]) -> bool {
    chars.ends_with(&['.', '.', '.'])
}

/// True when `chars` ends with an abbreviation whose final period belongs to it: the
/// trailing run of letters and periods, less its last period, is `U.N`-like (groups of one
/// to three letters joined by periods) or one of [`CLOSING_ABBREVIATIONS`].
fn ends_with_abbreviation(chars: &[char]) -> bool {
    let Some((&'.', body)) = chars.split_last() else {
        return false;
    };
    let start = body
        .iter()
        .rposition(|c| !(c.is_alphabetic() || *c == '.'))
        .map_or(0, |i| i + 1);
    let word: String = body[start..].iter().collect();
    if word.is_empty() || word.starts_with('.') || word.ends_with('.') {
        return false;
    }
    if word.contains('.') {
        return word
            .split('.')
            .all(|g| (1..=3).contains(&g.chars().count()));
    }
    let lower = word.to_lowercase();
    CLOSING_ABBREVIATIONS.contains(&lower.as_str())
}

/// Closing quotation marks and brackets, after which list punctuation goes.
fn is_closing_quote(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '}' | '"' | '\'' | '’' | '”' | '»' | '›' | '」' | '』' | '）' | '】' | '》'
    )
}

pub use crate::numbering::roman_numeral;

/// Collapses runs of whitespace (including newlines) to one space and trims.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One line of provenance for the annex.
fn source_text(p: &Provenance) -> String {
    let mut s = format!(
        "{}, {}, {}, {}, {}, item {}",
        p.document, p.meeting, p.place, p.dates, p.list_title, p.position
    );
    if let Some(proposer) = &p.proposer {
        s.push_str(" — proposed by ");
        s.push_str(proposer);
    }
    s
}

/// Lays out the draft: numbers every paragraph, letters every action, collects anchors.
///
/// Card order inside a section or objective is the order of `cards`. Each placed merged
/// card becomes one paragraph (in a preambular or operative section, or in a commitments
/// section without objective) or one action (under an objective). Preambular card paragraphs
/// end with `,`, operative ones with `.`; authored paragraphs are printed as written
/// (whitespace collapsed).
///
/// # Errors
/// Every problem at once, as diagnostics: `unplaced-card` (a card without placement),
/// `unknown-card` (a placement naming no card), `unknown-section`, `unknown-objective`
/// (a placement target missing from the blueprint), `invalid-card-id` (an id that cannot be
/// used as an anchor: empty, or holding characters other than ASCII letters, digits and
/// `-_.:`, or `--`).
pub fn layout(
    blueprint: &Blueprint,
    cards: &[MergedCard],
    placements: &[Placement],
    annex: bool,
) -> Result<Draft, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    // For each section, and each objective in it: indices into `cards`.
    let mut in_section: Vec<Vec<usize>> = vec![Vec::new(); blueprint.sections.len()];
    let mut in_objective: Vec<Vec<Vec<usize>>> = blueprint
        .sections
        .iter()
        .map(|s| vec![Vec::new(); s.objectives.len()])
        .collect();

    // Lookups only: output order follows `cards` and the blueprint.
    let card_ids: HashSet<&str> = cards.iter().map(|c| c.id.as_str()).collect();
    let mut placement_of: HashMap<&str, &Placement> = HashMap::with_capacity(placements.len());
    for p in placements {
        placement_of.entry(p.card.as_str()).or_insert(p);
        if !card_ids.contains(p.card.as_str()) {
            problems.push(
                Diagnostic::error(
                    "unknown-card",
                    format!("placement names card `{}`, which was not loaded", p.card),
                )
                .with_hint("run `zerodraft place` again after changing the cards"),
            );
        }
    }

    for (ci, card) in cards.iter().enumerate() {
        for id in &card.members {
            if !valid_id(id) {
                problems.push(
                    Diagnostic::error(
                        "invalid-card-id",
                        format!("card id `{id}` cannot be used as an anchor in the draft"),
                    )
                    .with_hint(
                        "use ASCII letters, digits and `-_.:` only, without `--`, e.g. `pv2017-ag1-01`",
                    ),
                );
            }
        }
        let target = placement_of
            .get(card.id.as_str())
            .and_then(|p| p.target.as_ref());
        let Some(target) = target else {
            problems.push(
                Diagnostic::error(
                    "unplaced-card",
                    format!("card `{}` is not placed in any section", card.id),
                )
                .with_hint(
                    "add a `placement` to the card or a rule to the blueprint; `zerodraft place` suggests sections",
                ),
            );
            continue;
        };
        let Some(si) = blueprint
            .sections
            .iter()
            .position(|s| s.id == target.section)
        else {
            problems.push(
                Diagnostic::error(
                    "unknown-section",
                    format!(
                        "card `{}` is placed in section `{}`, which the blueprint does not have",
                        card.id, target.section
                    ),
                )
                .with_hint("use a section id from blueprint/*.toml"),
            );
            continue;
        };
        match &target.objective {
            None => in_section[si].push(ci),
            Some(oid) => match blueprint.sections[si]
                .objectives
                .iter()
                .position(|o| &o.id == oid)
            {
                Some(oi) => in_objective[si][oi].push(ci),
                None => problems.push(
                    Diagnostic::error(
                        "unknown-objective",
                        format!(
                            "card `{}` is placed in objective `{oid}`, which section `{}` does not have",
                            card.id, target.section
                        ),
                    )
                    .with_hint("use an objective id of that section from blueprint/*.toml"),
                ),
            },
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let language = Language::or_english(&blueprint.document.language);
    let mut number: u32 = 0;
    let mut section_number: u32 = 0;
    let mut preambular_number: u32 = 0;
    let mut objective_number: u32 = 0;
    let mut card_count = 0;
    let mut annex_rows: Vec<AnnexRow> = Vec::new();
    let mut note = |card: &MergedCard, paragraph: &str, anchor: &str| {
        if annex {
            for (i, member) in card.members.iter().enumerate() {
                let Some(source) = card.sources.get(i) else {
                    continue;
                };
                annex_rows.push(AnnexRow {
                    card: member.clone(),
                    merged: card.id.clone(),
                    paragraph: paragraph.to_string(),
                    anchor: anchor.to_string(),
                    source: source.clone(),
                    source_text: source_text(source),
                });
            }
        }
    };

    let mut sections = Vec::with_capacity(blueprint.sections.len());
    for (si, section) in blueprint.sections.iter().enumerate() {
        let preambular = section.kind == SectionKind::Preambular;
        let mut paragraphs = Vec::new();
        let mut next_paragraph = |text: String, card: Option<&MergedCard>| {
            let (num, label, anchor) = if preambular {
                preambular_number += 1;
                (None, String::new(), format!("pp-{preambular_number}"))
            } else {
                number += 1;
                (Some(number), format!("{number}."), format!("para-{number}"))
            };
            let cards = card.map(|c| c.members.clone()).unwrap_or_default();
            ParagraphView {
                number: num,
                label,
                anchor,
                text,
                cards_attr: cards.join(" "),
                cards,
            }
        };
        for text in &section.paragraphs {
            paragraphs.push(next_paragraph(collapse(text), None));
        }
        for &ci in &in_section[si] {
            let card = &cards[ci];
            let end = if preambular { ',' } else { '.' };
            let p = next_paragraph(punctuate(&collapse(&card.text), end), Some(card));
            let reference = match p.number {
                Some(n) => n.to_string(),
                None => format!("PP{}", p.anchor.trim_start_matches("pp-")),
            };
            note(card, &reference, &p.anchor);
            card_count += 1;
            paragraphs.push(p);
        }

        let mut objectives = Vec::with_capacity(section.objectives.len());
        for (oi, objective) in section.objectives.iter().enumerate() {
            objective_number += 1;
            number += 1;
            let n = number;
            let placed = &in_objective[si][oi];
            let mut actions = Vec::with_capacity(placed.len());
            for (k, &ci) in placed.iter().enumerate() {
                let card = &cards[ci];
                let letter = action_letter(k + 1);
                let end = if k + 1 == placed.len() { '.' } else { ';' };
                let anchor = format!("para-{n}-{letter}");
                note(card, &format!("{n} ({letter})"), &anchor);
                card_count += 1;
                actions.push(ActionView {
                    label: format!("({letter})"),
                    letter,
                    anchor,
                    text: punctuate(&collapse(&card.text), end),
                    cards_attr: card.members.join(" "),
                    cards: card.members.clone(),
                });
            }
            objectives.push(ObjectiveView {
                id: objective.id.clone(),
                number: objective_number,
                title: collapse(&objective.title),
                heading: language.objective_heading(objective_number, &collapse(&objective.title)),
                anchor: format!("objective-{objective_number}"),
                commitment: ParagraphView {
                    number: Some(n),
                    label: format!("{n}."),
                    anchor: format!("para-{n}"),
                    text: collapse(&objective.commitment),
                    cards: Vec::new(),
                    cards_attr: String::new(),
                },
                chapeau: collapse(&language.chapeau(&objective.chapeau)),
                actions,
            });
        }

        let title = collapse(&section.title);
        let (section_num, label, heading) = if preambular {
            (None, String::new(), title.clone())
        } else {
            section_number += 1;
            let label = format!("{}.", roman_numeral(section_number));
            let heading = format!("{label} {title}");
            (Some(section_number), label, heading)
        };
        sections.push(SectionView {
            id: section.id.clone(),
            title,
            number: section_num,
            label,
            heading,
            anchor: format!("sec-{}", section.id),
            kind: section.kind,
            preambular,
            paragraphs,
            objectives,
        });
    }

    let doc = &blueprint.document;
    Ok(Draft {
        title: collapse(&doc.title),
        subtitle: collapse(&doc.subtitle),
        symbol: doc.symbol.as_deref().map(collapse),
        date: collapse(&doc.date),
        language: doc.language.trim().to_string(),
        rtl: language.rtl,
        words: language.words(),
        sections,
        annex: annex_rows,
        paragraph_count: number,
        card_count,
    })
}

/// Card ids become HTML attribute values, Markdown comment text and Word bookmark names.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_follow_word_lower_letter() {
        let got: Vec<String> = [1, 2, 26, 27, 28, 52, 53]
            .iter()
            .map(|&n| action_letter(n))
            .collect();
        assert_eq!(got, ["a", "b", "z", "aa", "bb", "zz", "aaa"]);
    }

    /// UN editorial practice on list punctuation: only a plain final `.`, `;`, `,` or `:` is
    /// replaced; abbreviations, question marks, ellipses, quotations and brackets keep theirs
    /// (regression: `etc.` became `etc;`, `U.N.` became `U.N;`, `?` became `?;`).
    #[test]
    fn punctuation_follows_un_practice() {
        let table: [(&str, char, &str); 33] = [
            // Plain final punctuation is replaced.
            ("Establish a fund.", ';', "Establish a fund;"),
            ("Establish a fund ; ", '.', "Establish a fund."),
            ("Promote:", '.', "Promote."),
            ("Promote,", ';', "Promote;"),
            (
                "Ensure this ends with a semicolon;",
                '.',
                "Ensure this ends with a semicolon.",
            ),
            ("Establish a fund", ';', "Establish a fund;"),
            ("Recalling the Charter.", ',', "Recalling the Charter,"),
            ("  ", '.', "."),
            ("", ';', ";"),
            // Numbers are not abbreviations.
            ("Implement target 10.7.", ';', "Implement target 10.7;"),
            (
                "Ensure access (SDG 10.7).",
                ';',
                "Ensure access (SDG 10.7);",
            ),
            // A closing abbreviation keeps its period.
            (
                "Support the IOM, UNHCR, etc.",
                ';',
                "Support the IOM, UNHCR, etc.;",
            ),
            (
                "Support the IOM, UNHCR, etc.",
                '.',
                "Support the IOM, UNHCR, etc.",
            ),
            (
                "Support the IOM, UNHCR, etc.;",
                ';',
                "Support the IOM, UNHCR, etc.;",
            ),
            (
                "Support the IOM, UNHCR, etc..",
                '.',
                "Support the IOM, UNHCR, etc.",
            ),
            (
                "Promote the work of the U.N.",
                ';',
                "Promote the work of the U.N.;",
            ),
            (
                "Promote the work of the U.N.",
                '.',
                "Promote the work of the U.N.",
            ),
            ("Cite Smith et al.", ',', "Cite Smith et al.,"),
            ("Consult employers, e.g.", ';', "Consult employers, e.g.;"),
            ("Consult ACME Inc.", ';', "Consult ACME Inc.;"),
            ("Say No.", ';', "Say No;"),
            // Question marks, exclamation marks and ellipses are kept.
            ("Trailing question?", ';', "Trailing question?;"),
            ("Trailing question?", '.', "Trailing question?"),
            ("Act now!", ';', "Act now!;"),
            ("Recall the 2030 Agenda…", ';', "Recall the 2030 Agenda…;"),
            ("Recall the 2030 Agenda…", '.', "Recall the 2030 Agenda…"),
            (
                "Recall the 2030 Agenda...",
                ';',
                "Recall the 2030 Agenda...;",
            ),
            (
                "Recall the 2030 Agenda...",
                '.',
                "Recall the 2030 Agenda...",
            ),
            // Closing quotations and brackets are kept; list punctuation goes after them.
            (
                "Adopt measures “as appropriate”.",
                ';',
                "Adopt measures “as appropriate”;",
            ),
            (
                "Adopt measures “as appropriate”",
                '.',
                "Adopt measures “as appropriate”.",
            ),
            (
                "Strengthen data (including on gender).",
                ';',
                "Strengthen data (including on gender);",
            ),
            ("Heed the call “Act now!”", '.', "Heed the call “Act now!”"),
            ("Heed the call “Act now!”", ';', "Heed the call “Act now!”;"),
        ];
        for (text, end, want) in table {
            assert_eq!(punctuate(text, end), want, "punctuate({text:?}, {end:?})");
        }
    }

    #[test]
    fn sections_take_roman_numerals() {
        let got: Vec<String> = [1, 2, 3, 4, 9, 10, 14, 40, 90, 1994, 3999, 4000, 0]
            .iter()
            .map(|&n| roman_numeral(n))
            .collect();
        assert_eq!(
            got,
            [
                "I",
                "II",
                "III",
                "IV",
                "IX",
                "X",
                "XIV",
                "XL",
                "XC",
                "MCMXCIV",
                "MMMCMXCIX",
                "4000",
                "0"
            ]
        );
    }

    #[test]
    fn ids_usable_as_anchors() {
        assert!(valid_id("pv2017-ag1-01"));
        assert!(!valid_id("a--b"));
        assert!(!valid_id("a b"));
        assert!(!valid_id("<x>"));
        assert!(!valid_id(""));
    }
}
