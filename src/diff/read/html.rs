//! Reading HTML — zerodraft's own HTML output, or a page saved from the web — into blocks.
//!
//! Not a full HTML parser: a tag scanner that is enough for documents whose text sits in
//! block elements. Block elements (`p`, `li`, `h1`–`h6`, `div`, `dt`, `dd`, `blockquote`,
//! `section`, …) start and end blocks; a table row (`tr`) is one block, its cells joined
//! by ` | ` as in a Markdown table row (a first cell holding only a label, `12.`, is
//! joined by a space, so the row reads as that paragraph); inline tags are dropped and
//! their text kept; `<br>` is a space; `head`, `nav` (a table of contents), `script`,
//! `style` and `template` contents and comments are skipped; character references (`&amp;`, `&#8220;`, `&#x5B;`, the common named ones)
//! are decoded. Square brackets are kept as written.
//!
//! - **Card anchors**: the `data-cards="ID ID"` attribute of the block element (or of an
//!   enclosing `li`/`div` that holds no text of its own), as zerodraft's HTML renderer
//!   writes it (see [`crate::render`]).
//! - **Headings**: `h1`–`h6`, level from the tag.
//! - **Labels**: read from the text as everywhere else ([`super::labels`]); an `li` of an
//!   `ol` whose text carries no label gets the one the browser shows: `N.` for
//!   `type="1"`, `(a)` for `type="a"`/`"A"`, `(i)` for `type="i"`/`"I"`, counting from
//!   `start`.
//!
//! [`crate::diff::Block::line`] is the line of the element's opening tag.

use super::labels::parse_label;
use super::text::{classify, normalize, resolve_sub_labels};
use crate::diff::{Block, Label, LabelScheme, Revision};

/// Elements that start and end a block.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "div",
    "dt",
    "dd",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "ul",
    "ol",
    "table",
    "tr",
    "body",
    "figure",
    "figcaption",
    "pre",
    "hr",
];

/// Elements whose content is never text of the document.
const SKIP_TAGS: &[&str] = &["head", "script", "style", "template", "noscript", "nav"];

/// Whether `text` looks like an HTML document: after whitespace, it starts with
/// `<!doctype html` or `<html` (any case).
pub fn looks_like_html(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    let head: String = t.chars().take(14).collect::<String>().to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// A block being collected.
#[derive(Debug, Default)]
struct Open {
    text: String,
    anchors: Vec<String>,
    heading: Option<u8>,
    /// Label shown by an enclosing `ol` for an `li`.
    list_label: Option<Label>,
    sub: bool,
    line: usize,
}

/// One `ol`/`ul` on the stack: next number and style (`None` for `ul`).
#[derive(Debug)]
struct List {
    next: u32,
    style: Option<char>,
}

/// Reads an HTML document into a [`Revision`] named `name`. Never fails: unknown markup is
/// skipped, text is kept.
pub fn read_html(name: &str, html: &str) -> Revision {
    let mut blocks: Vec<Block> = Vec::new();
    let mut open = Open::default();
    let mut lists: Vec<List> = Vec::new();
    let mut skip_depth: Option<String> = None;
    // Inside a table row: cells seen so far; inside a cell.
    let mut row_cells: Option<usize> = None;
    let mut in_cell = false;
    let mut pos = 0;
    // Line numbers, counted incrementally (positions only move forward).
    let mut counted = (0usize, 1usize);
    let mut line_at = |p: usize| {
        let p = p.max(counted.0);
        counted.1 += html.as_bytes()[counted.0..p]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted.0 = p;
        counted.1
    };
    while pos < html.len() {
        let Some(rel) = html[pos..].find('<') else {
            if skip_depth.is_none() {
                open.text.push_str(&decode(&html[pos..]));
            }
            break;
        };
        let lt = pos + rel;
        if skip_depth.is_none() {
            open.text.push_str(&decode(&html[pos..lt]));
        }
        if html[lt..].starts_with("<!--") {
            pos = html[lt + 4..]
                .find("-->")
                .map_or(html.len(), |e| lt + 4 + e + 3);
            continue;
        }
        let Some(gt_rel) = html[lt..].find('>') else {
            // A lone `<` in text.
            if skip_depth.is_none() {
                open.text.push('<');
            }
            pos = lt + 1;
            continue;
        };
        let gt = lt + gt_rel;
        let inner = &html[lt + 1..gt];
        pos = gt + 1;
        let closing = inner.starts_with('/');
        let inner = inner.trim_start_matches('/');
        let tag: String = inner
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if tag.is_empty() {
            // `<!doctype …>`, `<?xml …?>` or a `<` that is text.
            if !inner.starts_with(['!', '?']) && skip_depth.is_none() {
                open.text.push_str(&decode(&html[lt..pos]));
            }
            continue;
        }
        if let Some(skipping) = &skip_depth {
            if closing && *skipping == tag {
                skip_depth = None;
            }
            continue;
        }
        if SKIP_TAGS.contains(&tag.as_str()) {
            if !closing && !inner.trim_end().ends_with('/') {
                skip_depth = Some(tag);
            }
            continue;
        }
        if tag == "br" {
            open.text.push(' ');
            continue;
        }
        if tag == "td" || tag == "th" {
            // Cells are parts of their row's block, joined as in a Markdown table row.
            in_cell = !closing;
            if !closing {
                if let Some(n) = row_cells.as_mut() {
                    if *n > 0 {
                        let first = normalize(&open.text);
                        let label_only =
                            *n == 1 && parse_label(&first).is_some_and(|(_, r)| r.is_empty());
                        open.text.push_str(if label_only { " " } else { " | " });
                    }
                    *n += 1;
                }
            }
            continue;
        }
        if !BLOCK_TAGS.contains(&tag.as_str()) {
            continue;
        }
        if in_cell && tag != "tr" && tag != "table" {
            // Paragraphs inside a cell stay in the row's block.
            open.text.push(' ');
            continue;
        }
        if tag == "tr" || tag == "table" {
            in_cell = false;
            row_cells = (tag == "tr" && !closing).then_some(0);
        }
        // A block boundary: close what was collected.
        let carried = flush(&mut open, &mut blocks);
        if closing {
            if tag == "ol" || tag == "ul" {
                lists.pop();
            }
            open = Open {
                line: line_at(pos),
                ..Open::default()
            };
            continue;
        }
        let attrs = &inner[tag.len()..];
        let mut next = Open {
            line: line_at(lt),
            ..Open::default()
        };
        // What an enclosing element that held no text knew passes down.
        if let Some(c) = carried {
            next.anchors = c.anchors;
            next.list_label = c.list_label;
            next.sub = c.sub;
        }
        if let Some(cards) = attribute(attrs, "data-cards") {
            next.anchors
                .extend(cards.split_whitespace().map(str::to_string));
        }
        match tag.as_str() {
            "ol" => lists.push(List {
                next: attribute(attrs, "start")
                    .and_then(|s| s.trim().parse().ok())
                    .unwrap_or(1),
                style: Some(
                    attribute(attrs, "type")
                        .and_then(|t| t.chars().next())
                        .unwrap_or('1'),
                ),
            }),
            "ul" => lists.push(List {
                next: 1,
                style: None,
            }),
            "li" => {
                next.sub = lists.len() > 1;
                next.list_label = None;
                if let Some(list) = lists.last_mut() {
                    if let Some(style) = list.style {
                        if let Some(v) =
                            attribute(attrs, "value").and_then(|v| v.trim().parse().ok())
                        {
                            list.next = v;
                        }
                        next.list_label = Some(list_label(list.next, style));
                        list.next = list.next.saturating_add(1);
                    }
                }
            }
            h if h.len() == 2 && h.starts_with('h') => {
                next.heading = h[1..].parse().ok();
            }
            _ => {}
        }
        open = next;
    }
    flush(&mut open, &mut blocks);
    resolve_sub_labels(&mut blocks);
    Revision {
        name: name.to_string(),
        date: None,
        blocks,
        notices: Vec::new(),
    }
}

/// Turns the collected block into a [`Block`]. An element without text (`<li>` around a
/// `<p>`) hands back what it knew — anchors, list label, nesting — for the element that
/// opens next.
fn flush(open: &mut Open, blocks: &mut Vec<Block>) -> Option<Open> {
    let o = std::mem::take(open);
    let text = normalize(&o.text);
    if text.is_empty() {
        return Some(o);
    }
    let given = if parse_label(&text).is_some() {
        None
    } else {
        o.list_label
    };
    let sub_level = o.sub.then_some(1);
    let (kind, label, body, level) = classify(&text, given, o.heading, sub_level);
    let mut anchors = o.anchors;
    anchors.sort();
    anchors.dedup();
    blocks.push(Block {
        kind,
        label,
        text: body,
        anchors,
        level,
        line: o.line,
    });
    None
}

/// The label a browser shows for item `n` of an `ol` of `type` `style`.
fn list_label(n: u32, style: char) -> Label {
    let (raw, scheme) = match style {
        'a' | 'A' => {
            let letter = char::from(b'a' + u8::try_from((n.max(1) - 1) % 26).unwrap_or(0));
            let s = if style == 'A' {
                letter.to_ascii_uppercase()
            } else {
                letter
            };
            (format!("({s})"), LabelScheme::Letter)
        }
        'i' | 'I' if (1..=3999).contains(&n) => {
            let r = crate::numbering::roman_numeral(n).to_ascii_lowercase();
            let r = if style == 'I' {
                r.to_ascii_uppercase()
            } else {
                r
            };
            (format!("({r})"), LabelScheme::Roman)
        }
        _ => (format!("{n}."), LabelScheme::Number),
    };
    Label {
        raw,
        scheme,
        number: Some(n),
        suffix: None,
    }
}

/// The decoded value of attribute `name` in the attribute text of a tag, if present.
fn attribute(attrs: &str, name: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(rel) = lower[from..].find(name) {
        let at = from + rel;
        from = at + name.len();
        let before_ok = at == 0 || lower[..at].ends_with(|c: char| c.is_whitespace());
        let rest = attrs[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value = rest[1..].trim_start();
        let v = if let Some(q) = value.strip_prefix('"') {
            q.split('"').next().unwrap_or_default()
        } else if let Some(q) = value.strip_prefix('\'') {
            q.split('\'').next().unwrap_or_default()
        } else {
            value
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or_default()
        };
        return Some(decode(v));
    }
    None
}

/// Decodes character references: numeric (`&#91;`, `&#x5B;`) and the common named ones.
/// Unknown references are kept as written.
fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after
            .char_indices()
            .take(10)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let c = if let Some(num) = name.strip_prefix('#') {
                let n = if let Some(hex) = num.strip_prefix(['x', 'X']) {
                    u32::from_str_radix(hex, 16).ok()
                } else {
                    num.parse().ok()
                };
                n.and_then(char::from_u32)
            } else {
                named(name)
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsqb" | "lbrack" => '[',
        "rsqb" | "rbrack" => ']',
        "shy" => '\u{ad}',
        "deg" => '°',
        "sect" => '§',
        "para" => '¶',
        "copy" => '©',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_references() {
        assert_eq!(
            decode("a &amp; b &#91;x&#x5D; &ldquo;q&rdquo; &bogus; &"),
            "a & b [x] “q” &bogus; &"
        );
    }

    #[test]
    fn attributes() {
        let attrs = r#" id="para-3" data-cards="rec-1 rec-2" class='x'"#;
        assert_eq!(
            attribute(attrs, "data-cards").as_deref(),
            Some("rec-1 rec-2")
        );
        assert_eq!(attribute(attrs, "id").as_deref(), Some("para-3"));
        assert_eq!(attribute(attrs, "class").as_deref(), Some("x"));
        assert_eq!(attribute(attrs, "cards"), None);
    }

    #[test]
    fn detects_html() {
        assert!(looks_like_html("\n  <!DOCTYPE html>\n<html>"));
        assert!(looks_like_html("<html lang=en>"));
        assert!(!looks_like_html("# Zero draft\n<p>x</p>"));
    }
}
