//! Parser for a chair's summary in plain text (as extracted from a PDF) into lists of
//! recommendation cards.
//!
//! A chair's summary reports a meeting's discussions in paragraphs and gathers the
//! recommendations in bulleted lists, each introduced by a sentence that speaks of
//! recommendations, suggestions or proposals ("Recommendations for actionable commitments
//! … included:"). Text extracted from a PDF wraps lines, shows page breaks as runs of blank
//! lines (or form feeds) and can break a bullet in the middle of a sentence. The parser:
//!
//! 1. normalises the input: a leading UTF-8 byte order mark is dropped, CRLF and CR line
//!    endings count as LF, a form feed counts as a page break (a blank line);
//! 2. groups lines into blocks: paragraphs (consecutive text lines), headings (a paragraph
//!    with no lower-case letter, a Markdown `#` line, or a short line naming a numbered
//!    group such as `Action group 2: Community dimension`) and bullet items (a line opening
//!    with `-`, `•`, `–`, `—`, `*`, a number `1.` / `1)` / `(1)` or a letter `(a)` / `a)`);
//! 3. rejoins text broken across a page break: a block that opens with a lower-case letter,
//!    or that follows text ending on a comma or a connecting word (`and`, `by`, `of`, …),
//!    continues the previous bullet item or paragraph;
//! 4. takes every run of bullet items whose lead-in (the block just before it: a heading,
//!    or a sentence ending with `:`) speaks of recommendations, suggestions or proposals as
//!    one [`CardList`]; other bullets (such as a meeting's mandate, "participants were
//!    invited: a) …") are reported as [`SkippedList`]s, not cards. Inside a run, an item that
//!    ends with `:` and is followed by items with another kind of marker introduces them as
//!    a list of their own (UN style: `3. The recommendations … included:` then `(a)`, `(b)`);
//! 5. names each list: a numbered group in its heading gives the key (`ACTION GROUP 1` and
//!    the seed's typo `ACTIONING GROUP 2` give `ag1`, `ag2`; `WORKING GROUP 3` gives `wg3`),
//!    else the topic its lead-in names ("With regards to effective implementation, …" gives
//!    `impl`; follow-up and review give `fur`), else a slug of its heading.
//!
//! The meeting (name, dates, place) is read from the header lines before the first heading,
//! e.g. `Preparatory (stocktaking) meeting` / `4-6 December 2017, Puerto Vallarta, Mexico`.
//! Card text keeps the source wording exactly: trimmed, internal whitespace collapsed, the
//! bullet marker removed, nothing else changed.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use crate::diagnostic::{Diagnostic, Location};
use crate::model::{Card, Provenance};

/// Options of [`parse`].
#[derive(Debug, Clone, Default)]
pub struct SummaryOptions {
    /// The file the text was read from, as the user named it; used in diagnostics.
    pub source: PathBuf,
    /// Meeting key used in card ids (`pv2017` in `pv2017-ag1-01`). When `None` it is
    /// derived from the meeting: initials of the place's first comma-separated part plus
    /// the year (`Puerto Vallarta, Mexico` and `4-6 December 2017` give `pv2017`).
    pub meeting_key: Option<String>,
}

/// The meeting a summary reports on, as printed in its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    /// Key used in card ids, e.g. `pv2017` (lower-case ASCII letters, digits, `-`).
    pub key: String,
    /// e.g. `Preparatory (stocktaking) meeting`.
    pub name: String,
    /// e.g. `Puerto Vallarta, Mexico`.
    pub place: String,
    /// As written, e.g. `4-6 December 2017`.
    pub dates: String,
    /// Title of the source document, e.g. `Chair's summary` (the default when the header
    /// does not name one).
    pub document: String,
}

/// One list of recommendations from the source, in source order, with its cards.
#[derive(Debug, Clone)]
pub struct CardList {
    /// The meeting (identical for every list of one summary).
    pub meeting: Meeting,
    /// Short stable key used in ids and provenance rules: `ag1`…`ag6` for numbered action
    /// groups, `impl` for effective implementation, `fur` for follow-up and review, otherwise
    /// a slug of the list's topic. Unique within one summary.
    pub key: String,
    /// Title, e.g. `ACTION GROUP 1: HUMAN DIMENSION` (the heading, as printed) or
    /// `Effective implementation` (the topic named by the lead-in).
    pub title: String,
    /// Dimension, when the heading names one, e.g. `Human dimension`.
    pub dimension: Option<String>,
    /// The sentence introducing the list, as printed (whitespace collapsed).
    pub lead_in: String,
    /// 1-based line of the lead-in in the source.
    pub line: usize,
    /// The cards, in list order; `provenance.position` counts from 1.
    pub cards: Vec<Card>,
}

/// Bullets that were not taken as cards because their lead-in does not speak of
/// recommendations, suggestions or proposals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedList {
    /// 1-based line of the first bullet.
    pub line: usize,
    /// Number of bullets skipped.
    pub bullets: usize,
    /// The block before the bullets (empty when there is none).
    pub lead_in: String,
}

/// Everything [`parse_summary`] found.
#[derive(Debug, Clone)]
pub struct ParsedSummary {
    /// The meeting.
    pub meeting: Meeting,
    /// Lists of recommendations, in source order.
    pub lists: Vec<CardList>,
    /// Bulleted lists that are not recommendations.
    pub skipped: Vec<SkippedList>,
}

/// Parses a chair's summary into lists of cards (see the module docs for the rules).
///
/// # Errors
/// Every problem found, as diagnostics located in `options.source`: `summary-no-meeting`
/// (no header naming the meeting, its dates and place), `summary-no-lists` (no list
/// introduced by recommendations, suggestions or proposals), `empty-bullet` (a bullet
/// marker with no text), `bad-meeting-key` (a key that is not lower-case ASCII letters,
/// digits and `-`).
pub fn parse(text: &str, options: &SummaryOptions) -> Result<Vec<CardList>, Vec<Diagnostic>> {
    parse_summary(text, options).map(|parsed| parsed.lists)
}

/// Like [`parse`], and also returns the meeting and the bulleted lists that were skipped.
///
/// # Errors
/// As [`parse`].
pub fn parse_summary(
    text: &str,
    options: &SummaryOptions,
) -> Result<ParsedSummary, Vec<Diagnostic>> {
    let source: Arc<str> = Arc::from(text);
    let file = options.source.as_path();
    let lines = split_lines(text);
    let blocks = build_blocks(&lines);
    let mut diagnostics = Vec::new();

    for block in &blocks {
        if block.kind == Kind::Bullet && block.text.is_empty() {
            diagnostics.push(
                Diagnostic::error("empty-bullet", "bullet with no text")
                    .at(Location::from_span(
                        file,
                        source.clone(),
                        block.span.clone(),
                    ))
                    .with_hint(
                        "delete the stray bullet marker or write the recommendation after it",
                    ),
            );
        }
    }

    let meeting = read_meeting(&blocks, options, file, &source, &mut diagnostics);
    let (drafts, skipped) = collect_lists(&blocks);
    if drafts.is_empty() {
        diagnostics.push(
            Diagnostic::error(
                "summary-no-lists",
                "no list of recommendations found",
            )
            .at(Location::from_span(file, source.clone(), 0..0))
            .with_hint(
                "a list is a run of bullets (`-`, `•`, `1.`, `(a)` …) introduced by a sentence \
                 that speaks of recommendations, suggestions or proposals, e.g. \
                 \"Recommendations … included:\"",
            ),
        );
    }
    let Some(meeting) = meeting else {
        return Err(diagnostics);
    };
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }

    let mut used_keys: Vec<String> = Vec::new();
    let mut lists = Vec::new();
    for draft in drafts {
        let key = unique_key(&draft.key, &used_keys);
        used_keys.push(key.clone());
        let width = draft.items.len().to_string().len().max(2);
        let cards = draft
            .items
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let position = i + 1;
                Card {
                    id: format!("{}-{}-{:0width$}", meeting.key, key, position),
                    text: text.clone(),
                    provenance: Provenance {
                        meeting: meeting.name.clone(),
                        place: meeting.place.clone(),
                        dates: meeting.dates.clone(),
                        document: meeting.document.clone(),
                        list_key: key.clone(),
                        list_title: draft.title.clone(),
                        dimension: draft.dimension.clone(),
                        position: u32::try_from(position).unwrap_or(u32::MAX),
                        proposer: None,
                    },
                    tags: Vec::new(),
                    placement: None,
                    notes: None,
                    origin: None,
                }
            })
            .collect();
        lists.push(CardList {
            meeting: meeting.clone(),
            key,
            title: draft.title,
            dimension: draft.dimension,
            lead_in: draft.lead_in,
            line: draft.line,
            cards,
        });
    }
    Ok(ParsedSummary {
        meeting,
        lists,
        skipped,
    })
}

// ---------------------------------------------------------------------------------------
// Lines and blocks

/// One physical line: 1-based number, byte offset of its content in the original text,
/// and the content (no line ending). A form feed splits a line and counts as a blank line.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    no: usize,
    offset: usize,
    text: &'a str,
}

fn split_lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let body_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut offset = body_start;
    let mut no = 1;
    let body = &text[body_start..];
    // Split on LF, CRLF and lone CR alike.
    let mut rest = body;
    while !rest.is_empty() || offset == body_start {
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let line = &rest[..end];
        // A form feed is a page break: the parts around it are separate lines with a blank
        // line between them.
        let mut part_offset = offset;
        for (i, part) in line.split('\u{c}').enumerate() {
            if i > 0 {
                out.push(Line {
                    no,
                    offset: part_offset,
                    text: "",
                });
            }
            out.push(Line {
                no,
                offset: part_offset,
                text: part,
            });
            part_offset += part.len() + 1;
        }
        if end == rest.len() {
            break;
        }
        let sep = if rest[end..].starts_with("\r\n") {
            2
        } else {
            1
        };
        offset += end + sep;
        rest = &rest[end + sep..];
        no += 1;
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Paragraph,
    Heading,
    Bullet,
}

/// A paragraph, heading or bullet item, its text joined and whitespace-collapsed.
#[derive(Debug, Clone)]
struct Block {
    kind: Kind,
    /// The marker's style, for bullet items.
    style: Option<Style>,
    /// The physical lines joined into `text`, each whitespace-collapsed.
    lines: Vec<String>,
    text: String,
    /// 1-based line of the first line.
    line: usize,
    /// Byte span of the first line's content, for diagnostics.
    span: std::ops::Range<usize>,
}

/// The kind of marker a bullet item opens with; a change of kind inside a run of items
/// marks a nested list (`11. Recommendations included:` followed by `(a)`, `(b)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// A symbol (`-`, `•`, `–`, `*` …), whatever follows it.
    Symbol(char),
    /// `1.`, `1)`, `(1)`.
    Number,
    /// `(a)`, `a)`, `(iv)`.
    Letter,
}

fn bullet_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // A symbol bullet, then optionally an enumerator; or an enumerator alone.
        Regex::new(
            r"^\s*(?:(?P<sym>[-•–—*▪◦·‣])\s+(?:(?:\(?(?:\d{1,3}|[a-z]|[ivx]{1,5})\)|\d{1,3}\.)\s+)?|(?P<enum>\((?:\d{1,3}|[a-z]|[ivx]{1,5})\)|(?:\d{1,3}|[a-z])\)|\d{1,3}\.)(?:\s+|$))",
        )
        .expect("valid regex")
    })
}

/// Splits a bullet line into its marker's style and its text, or `None` when the line is
/// not a bullet.
fn bullet_text(line: &str) -> Option<(Style, &str)> {
    let trimmed = line.trim();
    // A bare marker (`-` alone on its line) is an empty bullet.
    let mut chars = trimmed.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if "-•–—*▪◦·‣".contains(c) {
            return Some((Style::Symbol(c), ""));
        }
    }
    let caps = bullet_re().captures(line)?;
    let end = caps.get(0)?.end();
    let style = if let Some(sym) = caps.name("sym") {
        Style::Symbol(sym.as_str().chars().next()?)
    } else if caps
        .name("enum")
        .is_some_and(|e| e.as_str().chars().any(|c| c.is_ascii_digit()))
    {
        Style::Number
    } else {
        Style::Letter
    };
    Some((style, &line[end..]))
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_heading(text: &str) -> bool {
    if text.starts_with('#') {
        return true;
    }
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if letters >= 3 && text.chars().count() <= 200 && !text.chars().any(char::is_lowercase) {
        return true;
    }
    text.chars().count() <= 100
        && !text.ends_with(['.', ':', ';', ','])
        && group_re().is_match(text)
        && group_re().find(text).is_some_and(|m| m.start() == 0)
}

fn group_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b(action(?:ing)?\s+group|working\s+group|round\s*table|breakout\s+group|panel|cluster|group)\s+(\d{1,3}|[ivx]{1,5})\b")
            .expect("valid regex")
    })
}

/// Words after which a sentence cannot end: text ending on one of them continues after a
/// page break even when the next line opens with a capital (a name, an acronym).
const CONNECTORS: &[&str] = &[
    "a",
    "an",
    "and",
    "as",
    "at",
    "between",
    "by",
    "for",
    "from",
    "in",
    "including",
    "into",
    "of",
    "on",
    "or",
    "such",
    "that",
    "the",
    "through",
    "to",
    "with",
];

fn ends_open(text: &str) -> bool {
    if text.ends_with([',', ';', '-', '–', '(']) {
        return true;
    }
    let last = text
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    CONNECTORS.contains(&last.to_lowercase().as_str())
}

fn starts_lowercase(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_lowercase)
}

fn build_blocks(lines: &[Line<'_>]) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    // Whether the last block may still take soft-wrapped lines (no blank line since).
    let mut open = false;
    for line in lines {
        if line.text.trim().is_empty() {
            open = false;
            continue;
        }
        let span = line.offset..line.offset + line.text.len();
        if let Some((style, rest)) = bullet_text(line.text) {
            blocks.push(Block {
                kind: Kind::Bullet,
                style: Some(style),
                text: collapse(rest),
                lines: vec![collapse(rest)],
                line: line.no,
                span,
            });
            open = true;
            continue;
        }
        let text = collapse(line.text);
        let line_is_heading = is_heading(&text);
        if let Some(last) = blocks.last_mut() {
            let last_is_heading = last.kind == Kind::Paragraph && is_heading(&last.text);
            // A soft-wrapped line: no blank line before it, and it does not switch between
            // heading and running text.
            let wrapped = open
                && match last.kind {
                    Kind::Bullet => !line_is_heading,
                    _ => last_is_heading == line_is_heading,
                };
            // Text carried over a page break: it opens in lower case, or the text before
            // it stops mid-sentence.
            let carried = !open
                && !last_is_heading
                && !line_is_heading
                && !last.text.is_empty()
                && (starts_lowercase(&text) || ends_open(&last.text));
            if wrapped || carried {
                if !last.text.is_empty() {
                    last.text.push(' ');
                }
                last.text.push_str(&text);
                last.lines.push(text);
                open = true;
                continue;
            }
        }
        blocks.push(Block {
            kind: Kind::Paragraph,
            style: None,
            lines: vec![text.clone()],
            text,
            line: line.no,
            span,
        });
        open = true;
    }
    for block in &mut blocks {
        if block.kind == Kind::Paragraph && is_heading(&block.text) {
            block.kind = Kind::Heading;
            block.text = block.text.trim_start_matches('#').trim().to_string();
        }
    }
    blocks
}

// ---------------------------------------------------------------------------------------
// Lists

struct ListDraft {
    key: String,
    title: String,
    dimension: Option<String>,
    lead_in: String,
    line: usize,
    items: Vec<String>,
}

fn speaks_of_recommendations(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)\b(recommend|suggest|propos)").expect("valid regex"))
        .is_match(text)
}

fn collect_lists(blocks: &[Block]) -> (Vec<ListDraft>, Vec<SkippedList>) {
    let mut lists = Vec::new();
    let mut skipped = Vec::new();
    let mut heading: Option<&Block> = None;
    let mut i = 0;
    while i < blocks.len() {
        let block = &blocks[i];
        match block.kind {
            Kind::Heading => {
                heading = Some(block);
                i += 1;
            }
            Kind::Paragraph => i += 1,
            Kind::Bullet => {
                let start = i;
                while i < blocks.len() && blocks[i].kind == Kind::Bullet {
                    i += 1;
                }
                let lead = start.checked_sub(1).map(|j| &blocks[j]);
                take_run(&blocks[start..i], lead, heading, &mut lists, &mut skipped);
            }
        }
    }
    (lists, skipped)
}

fn is_lead_in(block: &Block) -> bool {
    speaks_of_recommendations(&block.text)
        && (block.kind == Kind::Heading || block.text.ends_with(':'))
}

/// Takes one run of bullet items. Items of the run's first style are its list (introduced
/// by `lead`); an item of that style that ends with `:` and is followed by items of another
/// style introduces those as a nested list of its own (UN documents: numbered paragraphs
/// with lettered sub-paragraphs).
fn take_run<'b>(
    run: &'b [Block],
    lead: Option<&'b Block>,
    heading: Option<&'b Block>,
    lists: &mut Vec<ListDraft>,
    skipped: &mut Vec<SkippedList>,
) {
    let Some(first) = run.first() else {
        return;
    };
    let base = first.style;
    let mut top: Vec<&Block> = Vec::new();
    let mut j = 0;
    while j < run.len() {
        let item = &run[j];
        let nested_end = run[j + 1..]
            .iter()
            .position(|b| b.style == base)
            .map_or(run.len(), |k| j + 1 + k);
        if item.style == base && item.text.ends_with(':') && nested_end > j + 1 {
            let nested: Vec<&Block> = run[j + 1..nested_end].iter().collect();
            take_list(&nested, Some(item), heading, lists, skipped);
            j = nested_end;
        } else {
            top.push(item);
            j += 1;
        }
    }
    if !top.is_empty() {
        take_list(&top, lead, heading, lists, skipped);
    }
}

fn take_list(
    items: &[&Block],
    lead: Option<&Block>,
    heading: Option<&Block>,
    lists: &mut Vec<ListDraft>,
    skipped: &mut Vec<SkippedList>,
) {
    let line = items.first().map_or(0, |b| b.line);
    match lead {
        Some(lead) if is_lead_in(lead) => {
            // A heading as lead-in is also the list's heading.
            let heading = if lead.kind == Kind::Heading {
                Some(lead)
            } else {
                heading
            };
            let texts = items
                .iter()
                .map(|b| b.text.clone())
                .filter(|t| !t.is_empty())
                .collect();
            lists.push(describe_list(lead, heading, texts));
        }
        _ => skipped.push(SkippedList {
            line,
            bullets: items.len(),
            lead_in: lead.map(|b| b.text.clone()).unwrap_or_default(),
        }),
    }
}

/// Names a list from its lead-in and the heading it stands under.
fn describe_list(lead: &Block, heading: Option<&Block>, items: Vec<String>) -> ListDraft {
    let topic = topic_of(&lead.text);
    let group = [Some(lead), heading]
        .into_iter()
        .flatten()
        .find_map(|b| group_re().captures(&b.text));
    let heading_text = heading.map(|h| h.text.clone());
    let key = if let Some(caps) = &group {
        let kind = caps[1].to_lowercase();
        let prefix = if kind.starts_with("action") {
            "ag"
        } else if kind.starts_with("working") {
            "wg"
        } else if kind.starts_with("round") {
            "rt"
        } else if kind.starts_with("breakout") {
            "bg"
        } else if kind == "panel" {
            "panel"
        } else if kind == "cluster" {
            "cluster"
        } else {
            "g"
        };
        format!("{prefix}{}", caps[2].to_lowercase())
    } else if let Some(topic) = &topic {
        topic_key(topic)
    } else if let Some(h) = &heading_text {
        topic_key(h)
    } else {
        "list".to_string()
    };
    let title = match (&topic, &heading_text) {
        (Some(topic), _) if group.is_none() => sentence_start(topic),
        (_, Some(h)) => h.clone(),
        (Some(topic), None) => sentence_start(topic),
        (None, None) => lead.text.trim_end_matches(':').to_string(),
    };
    let dimension = heading_text.as_deref().and_then(dimension_of);
    ListDraft {
        key,
        title,
        dimension,
        lead_in: lead.text.clone(),
        line: lead.line,
        items,
    }
}

/// The topic a lead-in names: "With regards to effective implementation, the suggestions …"
/// gives `effective implementation`.
fn topic_of(lead_in: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i)^(?:with regards? to|in regard to|as regards|regarding|concerning|in relation to|on)\s+([^,:]+?)\s*[,:]")
            .expect("valid regex")
    });
    let caps = re.captures(lead_in)?;
    let topic = caps[1].trim();
    let topic = ["a ", "an ", "the "]
        .iter()
        .find_map(|article| {
            topic
                .get(..article.len())
                .filter(|p| p.eq_ignore_ascii_case(article))
                .map(|p| &topic[p.len()..])
        })
        .unwrap_or(topic);
    (!topic.is_empty()).then(|| topic.to_string())
}

/// Short keys for the topics of the field (domain.md): implementation, means of
/// implementation, follow-up and review. Other topics: a slug of up to three content words,
/// or `list` when none is left.
fn topic_key(topic: &str) -> String {
    let lower = topic.to_lowercase();
    if lower.contains("follow-up") || lower.contains("follow up") || lower.contains("review") {
        return "fur".into();
    }
    if lower.contains("means of implementation") {
        return "moi".into();
    }
    if lower.contains("implementation") {
        return "impl".into();
    }
    // Function words, and words that say "a list" without saying of what.
    const STOP: &[&str] = &[
        "a",
        "an",
        "and",
        "the",
        "of",
        "for",
        "on",
        "to",
        "in",
        "with",
        "recommendation",
        "recommendations",
        "suggestion",
        "suggestions",
        "proposal",
        "proposals",
        "session",
    ];
    let ascii: String = lower.nfd().filter(char::is_ascii).collect();
    let words: Vec<&str> = ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !STOP.contains(w))
        .take(3)
        .collect();
    if words.is_empty() {
        "list".into()
    } else {
        words.join("-")
    }
}

fn unique_key(key: &str, used: &[String]) -> String {
    if !used.iter().any(|k| k == key) {
        return key.to_string();
    }
    (2..)
        .map(|n| format!("{key}-{n}"))
        .find(|k| !used.contains(k))
        .unwrap_or_else(|| key.to_string())
}

fn sentence_start(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `ACTION GROUP 1: HUMAN DIMENSION` gives `Human dimension`.
fn dimension_of(heading: &str) -> Option<String> {
    let caps = group_re().captures(heading)?;
    let rest = heading[caps.get(0)?.end()..].trim_start_matches([':', '.', '–', '—', '-', ' ']);
    let rest = rest.split('.').next().unwrap_or("").trim();
    if !rest.to_lowercase().contains("dimension") {
        return None;
    }
    Some(sentence_start(&rest.to_lowercase()))
}

// ---------------------------------------------------------------------------------------
// The meeting

fn date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b\d{1,2}(?:\s*(?:-|–|—|to)\s*\d{1,2})?(?:\s+(?:January|February|March|April|May|June|July|August|September|October|November|December))?(?:\s*(?:-|–|—|to)\s*\d{1,2})?\s+(?:January|February|March|April|May|June|July|August|September|October|November|December),?\s+(\d{4})\b")
            .expect("valid regex")
    })
}

fn document_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b(summary|report|record|compilation|synthesis|outcome|statement)\b")
            .expect("valid regex")
    })
}

fn strip_markup(text: &str) -> String {
    collapse(&text.replace("**", "").replace("__", ""))
        .trim_start_matches('#')
        .trim()
        .to_string()
}

/// Reads the meeting from the lines before the first heading or bullet: the line holding
/// the dates (and the place), the lines before it (the meeting's name) and a short line
/// after it naming the document.
fn read_meeting(
    blocks: &[Block],
    options: &SummaryOptions,
    file: &Path,
    source: &Arc<str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Meeting> {
    // Header: the blocks before the first bullet, at most the first five.
    let header: Vec<&Block> = blocks
        .iter()
        .take_while(|b| b.kind != Kind::Bullet)
        .take(5)
        .collect();
    // The first short line holding a date.
    let found = header.iter().enumerate().find_map(|(bi, b)| {
        b.lines.iter().enumerate().find_map(|(li, line)| {
            let line = strip_markup(line);
            if line.chars().count() > 120 {
                return None;
            }
            let caps = date_re().captures(&line)?;
            let whole = caps.get(0)?;
            let year = caps.get(1)?.as_str().to_string();
            let dates = whole.as_str().to_string();
            let rest = format!("{} {}", &line[..whole.start()], &line[whole.end()..]);
            Some((bi, li, dates, year, rest))
        })
    });
    let no_meeting = || {
        Diagnostic::error(
            "summary-no-meeting",
            "the summary does not say which meeting it reports on",
        )
        .at(Location::from_span(file, source.clone(), 0..0))
        .with_hint(
            "the first lines should name the meeting, then its dates and place, e.g. \
             `Preparatory (stocktaking) meeting` / `4-6 December 2017, Puerto Vallarta, Mexico`",
        )
    };
    let Some((bi, li, dates, year, rest)) = found else {
        diagnostics.push(no_meeting());
        return None;
    };
    // The place is the rest of the date line; the meeting's name is on the lines before it
    // (in the same block, or the block before). A date line that also holds the name
    // (`Name, Place, dates`) is split at its first comma.
    let rest = collapse(&rest);
    let rest = rest.trim_matches(|c: char| {
        matches!(c, ',' | ';' | '.' | '–' | '—' | '-') || c.is_whitespace()
    });
    let block = header[bi];
    let name_lines = if li > 0 {
        block.lines[..li].join(" ")
    } else if bi > 0 {
        header[bi - 1].lines.join(" ")
    } else {
        String::new()
    };
    let (name, place) = if name_lines.is_empty() {
        match rest.split_once(", ") {
            Some((name, place)) => (name.to_string(), place.to_string()),
            None => (String::new(), rest.to_string()),
        }
    } else {
        (strip_markup(&name_lines), rest.to_string())
    };
    let name = name.trim_end_matches([',', ';']).to_string();
    if name.is_empty() || place.is_empty() {
        diagnostics.push(no_meeting());
        return None;
    }
    let document = header
        .iter()
        .flat_map(|b| &b.lines)
        .map(|l| strip_markup(l))
        .filter(|l| *l != name)
        .find(|t| t.chars().count() <= 80 && document_re().is_match(t))
        .unwrap_or_else(|| "Chair's summary".to_string());
    let key = match &options.meeting_key {
        Some(key) => {
            let valid = !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !valid {
                diagnostics.push(
                    Diagnostic::error(
                        "bad-meeting-key",
                        format!("meeting key `{key}` cannot be used in card ids"),
                    )
                    .with_hint("use lower-case ASCII letters, digits and `-`, e.g. `pv2017`"),
                );
                return None;
            }
            key.clone()
        }
        None => meeting_key(&place, &year),
    };
    Some(Meeting {
        key,
        name,
        place,
        dates,
        document,
    })
}

/// Initials of the place's first comma-separated part (accents dropped) plus the year:
/// `Puerto Vallarta, Mexico` and `2017` give `pv2017`.
pub fn meeting_key(place: &str, year: &str) -> String {
    let city = place.split(',').next().unwrap_or(place);
    let initials: String = city
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| {
            w.nfd()
                .find(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
        })
        .collect();
    let initials = if initials.is_empty() {
        "m".to_string()
    } else {
        initials
    };
    format!("{initials}{year}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullet_markers() {
        for (line, text) in [
            ("- Build", Some("Build")),
            ("• Build", Some("Build")),
            ("– Build", Some("Build")),
            ("* Build", Some("Build")),
            ("1. Build", Some("Build")),
            ("12) Build", Some("Build")),
            ("(a) Build", Some("Build")),
            ("a) Build", Some("Build")),
            ("- a) To take", Some("To take")),
            ("(iv) Build", Some("Build")),
            ("2030 Agenda", None),
            ("-Build", None),
            ("Build", None),
            ("-", Some("")),
        ] {
            assert_eq!(bullet_text(line).map(|(_, t)| t), text, "{line:?}");
        }
    }

    #[test]
    fn bullet_styles() {
        let style = |line| bullet_text(line).map(|(s, _)| s);
        assert_eq!(style("- a) To take"), Some(Style::Symbol('-')));
        assert_eq!(style("• Build"), Some(Style::Symbol('•')));
        assert_eq!(style("11. Build"), Some(Style::Number));
        assert_eq!(style("(1) Build"), Some(Style::Number));
        assert_eq!(style("(b) Build"), Some(Style::Letter));
        assert_eq!(style("(iv) Build"), Some(Style::Letter));
    }

    #[test]
    fn meeting_keys() {
        assert_eq!(meeting_key("Puerto Vallarta, Mexico", "2017"), "pv2017");
        assert_eq!(meeting_key("Montréal", "2018"), "m2018");
        assert_eq!(meeting_key("Addis Ababa, Ethiopia", "2015"), "aa2015");
    }

    #[test]
    fn topics_and_keys() {
        let t = topic_of("With regards to effective implementation, the suggestions included:");
        assert_eq!(t.as_deref(), Some("effective implementation"));
        assert_eq!(topic_key("effective implementation"), "impl");
        let t = topic_of("With regards to a follow-up and review mechanism, the suggestions:");
        assert_eq!(t.as_deref(), Some("follow-up and review mechanism"));
        assert_eq!(topic_key("follow-up and review mechanism"), "fur");
        assert_eq!(
            topic_key("Partnerships with the private sector"),
            "partnerships-private-sector"
        );
        assert_eq!(topic_key("RECOMMENDATIONS"), "list");
    }

    #[test]
    fn dimensions() {
        assert_eq!(
            dimension_of("ACTION GROUP 3: LOCAL/SUB-NATIONAL DIMENSION").as_deref(),
            Some("Local/sub-national dimension")
        );
        assert_eq!(dimension_of("ACTION GROUP 3: HEALTH"), None);
    }
}
