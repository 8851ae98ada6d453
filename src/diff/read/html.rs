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
//! [`crate::diff::Block::line`] is the 1-based line of the element's opening tag; for text
//! outside any block element, the line of the text. A `>` inside a quoted attribute value
//! (`<p title="a>b">`) does not end the tag; a leading byte-order mark is not text.

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
    /// Text outside any block element: [`Open::line`] is a fallback until the first
    /// non-blank text, whose line it then becomes.
    line_from_text: bool,
}

/// One `ol`/`ul` on the stack: next number and style (`None` for `ul`).
#[derive(Debug)]
struct List {
    next: u32,
    style: Option<char>,
}

/// Line numbers of byte positions, counted incrementally (positions only move forward).
/// A line ends with `\n`, `\r\n` or a lone `\r`.
struct Lines<'a> {
    bytes: &'a [u8],
    /// (position counted up to, line there).
    counted: (usize, usize),
}

impl Lines<'_> {
    /// The 1-based line of byte `p` (or of the last position asked, if later).
    fn at(&mut self, p: usize) -> usize {
        let (from, line) = self.counted;
        let p = p.clamp(from, self.bytes.len());
        let b = self.bytes;
        let breaks = (from..p)
            .filter(|&i| b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')))
            .count();
        self.counted = (p, line + breaks);
        self.counted.1
    }
}

/// Appends the text `html[from..to]`, decoded, to the open block. Text outside any block
/// element takes the line of its first non-blank character.
fn add_text(open: &mut Open, html: &str, from: usize, to: usize, lines: &mut Lines) {
    let raw = &html[from..to];
    let decoded = decode(raw);
    if open.line_from_text && !decoded.trim().is_empty() {
        let blank = raw.len() - raw.trim_start().len();
        open.line = lines.at(from + blank);
        open.line_from_text = false;
    }
    open.text.push_str(&decoded);
}

/// Reads an HTML document into a [`Revision`] named `name`. Never fails: unknown markup is
/// skipped, text is kept. A leading byte-order mark is ignored; lines end with `\n`,
/// `\r\n` or a lone `\r`.
pub fn read_html(name: &str, html: &str) -> Revision {
    let html = html.strip_prefix('\u{feff}').unwrap_or(html);
    let mut blocks: Vec<Block> = Vec::new();
    let mut open = Open {
        line: 1,
        line_from_text: true,
        ..Open::default()
    };
    let mut lists: Vec<List> = Vec::new();
    let mut skip_depth: Option<String> = None;
    // Inside a table row: cells seen so far; inside a cell.
    let mut row_cells: Option<usize> = None;
    let mut in_cell = false;
    let mut pos = 0;
    // A tag with an unclosed quote was seen: from there on a tag ends at its first `>`
    // (so the text is scanned to its end once at most, not once per tag).
    let mut quotes_unreliable = false;
    let mut lines = Lines {
        bytes: html.as_bytes(),
        counted: (0, 1),
    };
    while pos < html.len() {
        let Some(rel) = html[pos..].find('<') else {
            if skip_depth.is_none() {
                add_text(&mut open, html, pos, html.len(), &mut lines);
            }
            break;
        };
        let lt = pos + rel;
        if skip_depth.is_none() {
            add_text(&mut open, html, pos, lt, &mut lines);
        }
        if html[lt..].starts_with("<!--") {
            pos = html[lt + 4..]
                .find("-->")
                .map_or(html.len(), |e| lt + 4 + e + 3);
            continue;
        }
        let Some(first_gt) = html[lt..].find('>').map(|g| lt + g) else {
            // No `>` in the rest: no tag can end, so the rest is text (each `<` a lone `<`)
            // up to an unclosed comment, if any.
            if skip_depth.is_none() {
                let end = html[lt..].find("<!--").map_or(html.len(), |c| lt + c);
                add_text(&mut open, html, lt, end, &mut lines);
            }
            break;
        };
        let gt = if quotes_unreliable {
            first_gt
        } else if let Some(gt) = tag_end(html, lt) {
            gt
        } else {
            quotes_unreliable = true;
            first_gt
        };
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
                add_text(&mut open, html, lt, pos, &mut lines);
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
                line: lines.at(pos),
                line_from_text: true,
                ..Open::default()
            };
            continue;
        }
        let attrs = &inner[tag.len()..];
        let mut next = Open {
            line: lines.at(lt),
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

/// The position of the `>` that ends the tag starting at `html[lt]`: the first one outside
/// a quoted attribute value (`<p title="a>b">` ends at the last `>`), or `None` when a
/// value's quote is not closed or no `>` follows. Markup that is not a start or end tag
/// (`<!doctype …>`, `<?xml …?>`, a `<` in text) ends at its first `>`.
fn tag_end(html: &str, lt: usize) -> Option<usize> {
    let b = html.as_bytes();
    let name = if b.get(lt + 1) == Some(&b'/') {
        lt + 2
    } else {
        lt + 1
    };
    if !b.get(name).is_some_and(u8::is_ascii_alphabetic) {
        return html[lt..].find('>').map(|g| lt + g);
    }
    let mut i = name;
    while let Some(&c) = b.get(i) {
        match c {
            b'>' => return Some(i),
            b'=' => {
                i += 1;
                while b.get(i).is_some_and(u8::is_ascii_whitespace) {
                    i += 1;
                }
                if let Some(&q @ (b'"' | b'\'')) = b.get(i) {
                    // Skip the quoted value; `i + 1` follows an ASCII quote.
                    i += 1 + html[i + 1..].find(char::from(q))? + 1;
                }
            }
            _ => i += 1,
        }
    }
    None
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
