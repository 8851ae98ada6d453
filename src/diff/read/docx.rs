//! Reading Word documents (DOCX) into blocks.
//!
//! Negotiators live in Word, so revisions often arrive as `.docx`, sometimes still holding
//! the tracked changes of the last round. The document is parsed with `docx_rs::read_docx`
//! and walked in order (body paragraphs, then paragraphs inside table cells row by row, and
//! content controls):
//!
//! - **Text** comes from the runs (`w:t`; a tab or line break counts as a space, a
//!   non-breaking hyphen `w:noBreakHyphen` is U+2011, an optional hyphen `w:softHyphen`
//!   nothing). It is unescaped once: typed `AT&amp;T` stays so (docx-rs unescapes run text
//!   twice and drops `w:noBreakHyphen`; the body is then read again from adjusted XML,
//!   `adjust_document_xml`).
//! - **Tracked changes are accepted** before comparing, as Word's "Accept all" would:
//!   inserted runs (`w:ins`, `w:moveTo`) are kept, deleted runs (`w:del`, `w:moveFrom`) are
//!   dropped, a deleted paragraph mark joins the paragraph with the next one. Each such
//!   revision element counts as one change, and the revision's notices say
//!   "N tracked changes were accepted before comparing".
//! - **Numbering.** A paragraph numbered by Word (`w:numPr`, directly or through its style)
//!   gets the label Word would display, rebuilt from `numbering.xml`: the level's `lvlText`
//!   (`%1.`, `(%2)`, `Article %1`) with each `%N` replaced by the counter of level N in that
//!   level's format (`decimal`, `lowerLetter`, `upperLetter`, `lowerRoman`, `upperRoman`).
//!   Counters are kept per abstract numbering (lists sharing one continue each other, as in
//!   Word), a `w:startOverride` restarts a level, and a level resets the levels below it.
//!   Bullets and `none` give no label. A paragraph Word does not number may still carry a
//!   typed label (`12 bis.`), read as in text ([`super::labels`]).
//! - **Headings** are paragraphs whose style is `Title` or `Heading N` / `heading N` (by
//!   style id or name); level N.
//! - **Card anchors** are bookmarks named `zd_<card id with - as _>` (see
//!   [`crate::render`]); a bookmark between paragraphs belongs to the next paragraph.
//!
//! [`Block::line`] is the 1-based index of the paragraph in that walk. The revision's date
//! is the core properties' `dcterms:modified` (else `created`), read from
//! `docProps/core.xml` with the zip crate since docx-rs's reader skips that part.

use std::collections::BTreeMap;
use std::path::Path;

use docx_rs::{
    DocumentChild, Docx, InsertChild, MoveToChild, Paragraph, ParagraphChild, Run, RunChild,
    StructuredDataTagChild, Table, TableCellContent, TableChild, TableRowChild,
};

use super::labels::parse_label;
use super::text::{classify, normalize, resolve_sub_labels};
use crate::diagnostic::{Diagnostic, Location};
use crate::diff::{Block, Label, LabelScheme, Revision};
use crate::Error;

/// Prefix of bookmark names that carry zerodraft card ids.
pub const ANCHOR_PREFIX: &str = "zd_";

/// Reads a DOCX revision named `name` from its bytes; diagnostics name the file `name`.
///
/// # Errors
/// [`Error::Diagnostics`] with code `diff-unreadable-docx` when the bytes are not a Word
/// document: not a zip archive, no main document part, a part over the size limits,
/// malformed or truncated XML (the message names the part and the line and column in
/// it), or a parser that failed or did not finish. Never panics and never hangs: the
/// package is checked before the DOCX parser sees it, and the parser runs on a thread of
/// its own, whose panic is reported the same way and which is given up after 60 s.
pub fn read_docx(name: &str, bytes: &[u8]) -> Result<Revision, Error> {
    read_docx_at(Path::new(name), name, bytes)
}

/// [`read_docx`] with diagnostics located at `path`.
///
/// Two guards stand before docx-rs, whose reader loops forever on some inputs (a
/// `document.xml` cut short inside `<w:p>` repeats its end-of-input event without end)
/// and reads any part whole into memory:
///
/// 1. [`check_package`] reads the zip with the zip crate and every XML part with
///    quick-xml, within [`LIMITS`], and refuses what docx-rs must not see, saying what is
///    wrong (not a zip, no main part, a part too large, malformed or truncated XML).
/// 2. docx-rs then runs on a thread of its own ([`run_bounded`]); if it has not finished
///    after [`PARSE_TIME_LIMIT`] the file is reported unreadable, and if it panics, too.
pub(crate) fn read_docx_at(path: &Path, name: &str, bytes: &[u8]) -> Result<Revision, Error> {
    check_package(bytes, LIMITS).map_err(|u| u.at(path))?;
    let owned: std::sync::Arc<[u8]> = bytes.into();
    let parsed = run_bounded(PARSE_TIME_LIMIT, move || {
        let mut docx = docx_rs::read_docx(&owned)?;
        // docx-rs unescapes run text twice and drops `w:noBreakHyphen`: when the body
        // holds either, it is read again from XML adjusted for both
        // (`adjust_document_xml`). A panic there keeps docx-rs's first reading.
        if let Ok(Some(children)) = std::panic::catch_unwind(|| reread_body(&owned)) {
            docx.document.children = children;
        }
        Ok::<_, docx_rs::ReaderError>(docx)
    });
    let docx = match parsed {
        Ok(Ok(docx)) => docx,
        Ok(Err(e)) => return Err(unreadable(path, &e.to_string())),
        Err(Stopped::Panicked) => {
            return Err(unreadable(path, "the DOCX parser failed on this file"))
        }
        Err(Stopped::TimedOut) => {
            return Err(unreadable(
                path,
                &format!(
                    "the DOCX parser did not finish within {} s on this file",
                    PARSE_TIME_LIMIT.as_secs()
                ),
            ))
        }
    };
    let mut revision = read_document(name, &docx);
    revision.date = core_date(bytes);
    Ok(revision)
}

/// Size and nesting limits of [`check_package`].
#[derive(Clone, Copy, Debug)]
struct Limits {
    /// Largest uncompressed size of one XML part (`*.xml`, `*.rels`, the main part), in
    /// bytes.
    part: u64,
    /// Largest uncompressed size of all the archive's entries together (images included:
    /// docx-rs reads the document's images into memory), in bytes.
    total: u64,
    /// Deepest nesting of XML elements in a part.
    depth: usize,
}

/// The limits every DOCX revision is read within.
///
/// - **64 MiB per XML part.** The `word/document.xml` of the largest real negotiating
///   texts is a few MB, so real documents stay far below the limit. At the limit, docx-rs
///   reads a part of one long run in under a second, but a part of 400,000 short
///   paragraphs in about 4 s and 2 GB of memory (release build): docx-rs's document model
///   is some 30 times the size of its XML, which is why the limit is not higher. Without
///   it a 300 KB "zip bomb" (a single 300 MB run) took 10 s and 1.5 GB.
/// - **256 MiB for the whole package**, images included.
/// - **Nesting 512 elements deep.** docx-rs reads nested tables recursively (tables
///   nested 300 deep overflowed the stack); at 3 elements per table level, 512 allows
///   some 170 levels, far beyond real documents, and [`PARSER_STACK`] holds them (as does
///   the default stack of the thread that walks the result, [`read_document`]).
const LIMITS: Limits = Limits {
    part: 64 << 20,
    total: 256 << 20,
    depth: 512,
};

/// How long docx-rs may take to read a package that passed [`check_package`] before the
/// file is given up as unreadable. docx-rs reads a few-MB document in tens of
/// milliseconds, and the worst package within [`LIMITS`] in about 4 s (10 s in a debug
/// build), so only a parser loop reaches 60 s.
const PARSE_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

/// Stack size of the thread docx-rs runs on (reserved address space; only the pages used
/// are touched). docx-rs's recursion over nested tables needs more than the default
/// 2 MiB of a spawned thread at the [`LIMITS`] depth.
const PARSER_STACK: usize = 256 << 20;

/// Why [`run_bounded`] has no result.
#[derive(Debug, PartialEq, Eq)]
enum Stopped {
    /// The job panicked (its thread ended without sending a result).
    Panicked,
    /// The job did not finish within the time limit.
    TimedOut,
}

/// Runs `job` on a thread of its own and waits at most `limit` for its result.
///
/// On [`Stopped::TimedOut`] the thread is left running: Rust cannot stop a thread, and
/// the CLI exits right after reporting the error, which ends it. When no thread can be
/// started, `job` runs on the calling thread (without a time limit; the package has been
/// checked by then).
fn run_bounded<T, F>(limit: std::time::Duration, job: F) -> Result<T, Stopped>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    use std::sync::mpsc::RecvTimeoutError;
    use std::sync::{Arc, Mutex};
    // Shared so that the job is still at hand when the thread cannot be started.
    let job = Arc::new(Mutex::new(Some(job)));
    let (tx, rx) = std::sync::mpsc::channel();
    let in_thread = Arc::clone(&job);
    let spawned = std::thread::Builder::new()
        .name("docx-read".to_string())
        .stack_size(PARSER_STACK)
        .spawn(move || {
            let job = in_thread.lock().ok().and_then(|mut j| j.take());
            if let Some(job) = job {
                let _ = tx.send(job());
            }
        });
    if spawned.is_err() {
        let job = job.lock().ok().and_then(|mut j| j.take());
        let job = job.ok_or(Stopped::Panicked)?;
        return std::panic::catch_unwind(std::panic::AssertUnwindSafe(job))
            .map_err(|_| Stopped::Panicked);
    }
    rx.recv_timeout(limit).map_err(|e| match e {
        RecvTimeoutError::Timeout => Stopped::TimedOut,
        RecvTimeoutError::Disconnected => Stopped::Panicked,
    })
}

/// A package [`check_package`] refuses: what is wrong, and what to do about it.
#[derive(Debug)]
struct Unreadable {
    detail: String,
    hint: &'static str,
}

/// Hint for a file that is damaged or cut short.
const HINT_DAMAGED: &str = "the file looks damaged or cut short: copy or download it \
     again, or open it in Word or LibreOffice and save it again as .docx";

/// Hint for a package that is not a Word document at all.
const HINT_SAVE_AS: &str = "open it in Word or LibreOffice and save it again as .docx, or \
     give the text as Markdown or plain text";

impl Unreadable {
    fn new(detail: impl Into<String>, hint: &'static str) -> Self {
        Unreadable {
            detail: detail.into(),
            hint,
        }
    }

    fn at(self, path: &Path) -> Error {
        unreadable_with(path, &self.detail, self.hint)
    }
}

/// Checks the DOCX package in `bytes` before docx-rs reads it, within `limits`:
///
/// - it is a zip archive;
/// - every entry's uncompressed size, declared and as read (headers can lie: an entry is
///   read at most one byte past the limit), keeps within [`Limits::part`] for an XML
///   part and [`Limits::total`] for all entries together;
/// - every XML part (`*.xml`, `*.rels`, and the main part whatever its name) is
///   well-formed to its end ([`check_xml`]);
/// - the main document part named by `_rels/.rels` (default `word/document.xml`, found
///   as docx-rs finds it) is present and holds an element, and so are the parts docx-rs
///   requires besides: `[Content_Types].xml`, `_rels/.rels` and the main part's
///   relationships (`word/_rels/document.xml.rels`).
///
/// Cost: one decompression of the archive and one pass of quick-xml over its XML parts,
/// one part in memory at a time.
fn check_package(bytes: &[u8], limits: Limits) -> Result<(), Unreadable> {
    let mut archive = match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(archive) => archive,
        Err(e) if bytes.starts_with(b"PK") => {
            return Err(Unreadable::new(
                format!("a damaged or truncated zip archive ({e})"),
                HINT_DAMAGED,
            ))
        }
        Err(_) => {
            let hint = if looks_like_text(bytes) {
                "it holds text: give it the extension .md or .txt to compare it as text"
            } else {
                HINT_SAVE_AS
            };
            return Err(Unreadable::new(
                "not a zip archive; a .docx file is one",
                hint,
            ));
        }
    };
    let mut entries = EntryCheck {
        limits,
        total: 0,
        data: Vec::new(),
    };
    // The package relationships first: they name the main part.
    let rels = archive.index_for_name("_rels/.rels");
    if let Some(index) = rels {
        entries.check(&mut archive, index, true)?;
    }
    let main = main_part_name(rels.map(|_| entries.data.as_slice()));
    let Some(main_index) = archive.index_for_name(&zip_entry_name(&main)) else {
        return Err(Unreadable::new(
            format!("no main document part ({main}): this zip archive is not a Word document"),
            HINT_SAVE_AS,
        ));
    };
    for index in (0..archive.len()).filter(|&i| Some(i) != rels) {
        let has_element = entries.check(&mut archive, index, index == main_index)?;
        if index == main_index && !has_element {
            return Err(Unreadable::new(
                format!(
                    "the main document part {main} holds no XML element: the file looks truncated"
                ),
                HINT_DAMAGED,
            ));
        }
    }
    let main_rels = main_rels_name(&main);
    for required in ["[Content_Types].xml", "_rels/.rels", &main_rels] {
        if archive.index_for_name(&zip_entry_name(required)).is_none() {
            return Err(Unreadable::new(
                format!("no part {required}, which every Word document has"),
                HINT_SAVE_AS,
            ));
        }
    }
    Ok(())
}

/// The entries of one package checked so far ([`check_package`]).
struct EntryCheck {
    limits: Limits,
    /// Uncompressed bytes read so far.
    total: u64,
    /// The XML part being checked (one buffer for all).
    data: Vec<u8>,
}

impl EntryCheck {
    /// Reads entry `index` within the limits and checks it as XML when its name is that of
    /// an XML part or `xml` is set. Returns whether it holds an XML element.
    fn check(
        &mut self,
        archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
        index: usize,
        xml: bool,
    ) -> Result<bool, Unreadable> {
        use std::io::Read as _;
        let limits = self.limits;
        let name = archive
            .name_for_index(index)
            .unwrap_or_default()
            .to_string();
        let is_xml = xml || is_xml_part(&name);
        let damaged = |e: &dyn std::fmt::Display| {
            Unreadable::new(
                format!("the part {name} cannot be read from the zip archive ({e})"),
                HINT_DAMAGED,
            )
        };
        let mut file = match archive.by_index(index) {
            Ok(file) => file,
            Err(e) if is_xml => return Err(damaged(&e)),
            // An entry that cannot be opened (encrypted, unknown compression) matters only
            // if docx-rs reads it, and docx-rs skips images it cannot read.
            Err(_) => return Ok(false),
        };
        if file.is_dir() {
            return Ok(false);
        }
        let part_too_large = || {
            Unreadable::new(
                format!(
                    "the part {name} is larger than the limit of {} uncompressed",
                    size_text(limits.part)
                ),
                "the parts of a real negotiating text (its text, styles, numbering) take a \
                 few MB; give the text as Markdown or plain text, or split the document",
            )
        };
        let package_too_large = || {
            Unreadable::new(
                format!(
                    "its parts add up to more than the limit of {} uncompressed",
                    size_text(limits.total)
                ),
                "save the document again without large images or embedded files, or give \
                 the text as Markdown or plain text",
            )
        };
        let declared = file.size();
        if is_xml && declared > limits.part {
            return Err(part_too_large());
        }
        if self.total.saturating_add(declared) > limits.total {
            return Err(package_too_large());
        }
        let room = limits.total - self.total;
        if !is_xml {
            let read = std::io::copy(&mut (&mut file).take(room + 1), &mut std::io::sink())
                .map_err(|e| damaged(&e))?;
            if read > room {
                return Err(package_too_large());
            }
            self.total += read;
            return Ok(false);
        }
        self.data.clear();
        // The declared size, within the limit, saves growing the buffer step by step.
        self.data
            .reserve(usize::try_from(declared.min(limits.part)).unwrap_or(0));
        (&mut file)
            .take(limits.part.min(room) + 1)
            .read_to_end(&mut self.data)
            .map_err(|e| damaged(&e))?;
        let read = self.data.len() as u64;
        if read > limits.part {
            return Err(part_too_large());
        }
        if read > room {
            return Err(package_too_large());
        }
        self.total += read;
        check_xml(&name, &self.data, limits.depth)
    }
}

/// The relationships part of the main part `main`, which docx-rs requires
/// (`docx_rs::find_rels_filename`): `word/_rels/document.xml.rels` for
/// `word/document.xml`.
fn main_rels_name(main: &str) -> String {
    let (dir, file) = main.rsplit_once('/').unwrap_or(("", main));
    let stem = match file.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => file,
    };
    if dir.is_empty() {
        format!("_rels/{stem}.xml.rels")
    } else {
        format!("{dir}/_rels/{stem}.xml.rels")
    }
}

/// `bytes` for messages: in MiB or KiB when a whole number of them.
fn size_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// Whether the entry `name` is an XML part by its name (`*.xml`, `*.rels`, any case).
fn is_xml_part(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".xml") || lower.ends_with(".rels")
}

/// The zip entry name docx-rs looks up for the part `name` (`docx_rs::read_zip`): `\`
/// read as `/`, without a leading `/`.
fn zip_entry_name(name: &str) -> String {
    name.replace('\\', "/").trim_start_matches('/').to_string()
}

/// Whether `bytes` begin like text (UTF-8, no NUL), to suggest reading the file as text.
fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    !head.is_empty()
        && !head.contains(&0)
        && std::str::from_utf8(head).map_or_else(|e| e.error_len().is_none(), |_| true)
}

/// Checks that `xml`, the content of the part `part`, reads to its end as docx-rs's
/// quick-xml reader reads it: well-formed tags, matching end tags, attribute values and
/// text that decode, character references and the five predefined entities only (docx-rs
/// refuses others), elements nested at most `max_depth` deep, and no element left open
/// at the end. Returns whether the part holds an element.
///
/// # Errors
/// The part and the line and column (and byte offset) of the problem in it.
fn check_xml(part: &str, xml: &[u8], max_depth: usize) -> Result<bool, Unreadable> {
    use quick_xml::events::Event;
    use quick_xml::XmlVersion;
    let bom = if xml.starts_with(b"\xef\xbb\xbf") {
        3
    } else {
        0
    };
    let body = &xml[bom..];
    let mut reader = quick_xml::Reader::from_reader(body);
    reader.config_mut().check_end_names = true;
    // Offsets of the elements open, innermost last.
    let mut open: Vec<u64> = Vec::new();
    let mut has_element = false;
    let position = |at: u64| {
        let (line, col) = line_col_in(body, at);
        format!("line {line}, column {col}, byte {}", at + bom as u64)
    };
    let malformed = |at: u64, what: &dyn std::fmt::Display| {
        Unreadable::new(
            format!("malformed XML in {part} at {}: {what}", position(at)),
            HINT_DAMAGED,
        )
    };
    loop {
        let at = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(quick_xml::Error::Syntax(e))
                if e != quick_xml::errors::SyntaxError::InvalidBangMarkup =>
            {
                // Input that ends inside a tag, comment, CDATA section, …
                let at = reader.error_position();
                return Err(malformed(at, &format!("{e}: the file looks truncated")));
            }
            Err(e) => return Err(malformed(reader.error_position(), &e)),
        };
        match event {
            Event::Start(e) => {
                check_attributes(&e, reader.decoder()).map_err(|m| malformed(at, &m))?;
                has_element = true;
                if open.len() >= max_depth {
                    return Err(Unreadable::new(
                        format!(
                            "the elements in {part} are nested more than {max_depth} deep \
                             (at {})",
                            position(at)
                        ),
                        HINT_SAVE_AS,
                    ));
                }
                open.push(at);
            }
            Event::Empty(e) => {
                check_attributes(&e, reader.decoder()).map_err(|m| malformed(at, &m))?;
                has_element = true;
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Text(text) => {
                let content = text
                    .xml_content(XmlVersion::Implicit1_0)
                    .map_err(|e| malformed(at, &e))?;
                if open.is_empty() && !content.trim().is_empty() {
                    return Err(malformed(at, &"text outside the document's root element"));
                }
            }
            Event::CData(text) => {
                reader
                    .decoder()
                    .decode(&text)
                    .map_err(|e| malformed(at, &e))?;
            }
            Event::GeneralRef(reference) => {
                let is_char = reference
                    .resolve_char_ref()
                    .map_err(|e| malformed(at, &e))?
                    .is_some();
                let name = reference
                    .xml_content(XmlVersion::Implicit1_0)
                    .map_err(|e| malformed(at, &e))?;
                if !is_char && !matches!(name.as_ref(), "lt" | "gt" | "amp" | "apos" | "quot") {
                    return Err(malformed(at, &format!("unknown entity `&{name};`")));
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    if let Some(&at) = open.last() {
        return Err(Unreadable::new(
            format!(
                "the part {part} ends inside <{}> (opened at {}): the file looks truncated",
                element_name(body, at),
                position(at)
            ),
            HINT_DAMAGED,
        ));
    }
    Ok(has_element)
}

/// Checks that the attributes of `element` read and their values decode, as docx-rs
/// reads them (duplicate names allowed).
fn check_attributes(
    element: &quick_xml::events::BytesStart<'_>,
    decoder: quick_xml::encoding::Decoder,
) -> Result<(), String> {
    let mut attributes = element.attributes();
    for attribute in attributes.with_checks(false) {
        attribute
            .map_err(|e| e.to_string())?
            .decoded_and_normalized_value(quick_xml::XmlVersion::Implicit1_0, decoder)
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The name of the element whose tag starts at or after byte `at` of `xml`, for messages.
fn element_name(xml: &[u8], at: u64) -> String {
    let from = usize::try_from(at).unwrap_or(usize::MAX).min(xml.len());
    let rest = &xml[from..];
    let rest = rest
        .iter()
        .position(|&c| c == b'<')
        .map_or(&rest[..0], |lt| &rest[lt + 1..]);
    let len = rest
        .iter()
        .position(|c| c.is_ascii_whitespace() || matches!(c, b'/' | b'>'))
        .unwrap_or(rest.len())
        .min(100);
    String::from_utf8_lossy(&rest[..len]).into_owned()
}

/// 1-based (line, column) of byte `offset` in `xml`; the column counts UTF-8 characters.
fn line_col_in(xml: &[u8], offset: u64) -> (usize, usize) {
    let offset = usize::try_from(offset).unwrap_or(usize::MAX).min(xml.len());
    let before = &xml[..offset];
    let line = before.iter().filter(|&&c| c == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |i| i + 1);
    let col = before[start..]
        .iter()
        .filter(|&&c| c & 0xC0 != 0x80)
        .count()
        + 1;
    (line, col)
}

/// The date in the document's core properties (`docProps/core.xml`): `dcterms:modified`,
/// else `dcterms:created`, as written (ISO 8601, e.g. `2027-02-05T00:00:00Z`). `None` when
/// absent, not a date, or docx-rs's placeholder `1970-01-01`.
fn core_date(bytes: &[u8]) -> Option<String> {
    use std::io::Read as _;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let file = archive.by_name("docProps/core.xml").ok()?;
    let mut xml = String::new();
    file.take(1 << 20).read_to_string(&mut xml).ok()?;
    ["modified", "created"].iter().find_map(|tag| {
        let open = xml.find(&format!("dcterms:{tag}"))?;
        let start = open + xml[open..].find('>')? + 1;
        let end = start + xml[start..].find('<')?;
        let value = xml[start..end].trim();
        let b = value.as_bytes();
        let is_date = b.len() >= 10
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[4] == b'-'
            && b[5..7].iter().all(u8::is_ascii_digit)
            && b[7] == b'-'
            && b[8..10].iter().all(u8::is_ascii_digit);
        (is_date && !value.starts_with("1970-01-01")).then(|| value.to_string())
    })
}

/// Relationship type of the main document part in `_rels/.rels`.
const OFFICE_DOCUMENT: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";

/// The name of the main document part, found as docx-rs finds it: the target of the
/// `officeDocument` relationship in `rels` (the content of `_rels/.rels`, if any), else
/// `word/document.xml`.
fn main_part_name(rels: Option<&[u8]>) -> String {
    use docx_rs::FromXML as _;
    rels.map(|r| r.strip_prefix(b"\xef\xbb\xbf").unwrap_or(r))
        .and_then(|rels| docx_rs::Rels::from_xml(rels).ok())
        .and_then(|rels| rels.find_target(OFFICE_DOCUMENT).map(|r| r.2.clone()))
        .unwrap_or_else(|| "word/document.xml".to_string())
}

/// The body of the document read again by docx-rs from its XML as [`adjust_document_xml`]
/// adjusts it, or `None` when nothing needs adjusting (or the part cannot be read).
fn reread_body(bytes: &[u8]) -> Option<Vec<DocumentChild>> {
    use docx_rs::FromXML as _;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let rels = docx_rs::read_zip(&mut archive, "_rels/.rels").ok();
    let path = main_part_name(rels.as_deref());
    let xml = docx_rs::read_zip(&mut archive, &path).ok()?;
    let adjusted = adjust_document_xml(&xml)?;
    docx_rs::Document::from_xml(&adjusted[..])
        .ok()
        .map(|d| d.children)
}

/// The document XML adjusted for two faults of docx-rs's reader, or `None` when it has
/// neither to adjust:
///
/// - docx-rs decodes the character references of run text and then decodes `&lt;`,
///   `&amp;`, `&nbsp;`, … in the result again, so that Word text `AT&amp;T` (as typed)
///   reads as `AT&T`. Each `&` of the text (written `&amp;`, `&#38;`, `&#x26;` or in a
///   CDATA section) is therefore written `&amp;amp;`: decoded twice, it is `&` again.
/// - docx-rs drops `w:noBreakHyphen`; it becomes a run text of U+2011 NON-BREAKING
///   HYPHEN (the comparison folds it to `-`). `w:softHyphen`, an optional hyphen, is
///   dropped, as it should be.
///
/// Attribute values, comments and processing instructions are kept as written. All the
/// patterns are ASCII, so the bytes of UTF-8 text are never split.
fn adjust_document_xml(xml: &[u8]) -> Option<Vec<u8>> {
    const AMP: &[u8] = b"&amp;amp;";
    let find = |from: usize, pat: &[u8]| {
        xml.get(from..)
            .and_then(|rest| rest.windows(pat.len()).position(|w| w == pat))
            .map(|p| from + p)
    };
    let mut out: Vec<u8> = Vec::new();
    // Bytes before `copied` are in `out` (once something changed).
    let mut copied = 0;
    let mut changed = false;
    let mut i = 0;
    while i < xml.len() {
        match xml[i] {
            b'<' => {
                let rest = &xml[i..];
                let end = if rest.starts_with(b"<!--") {
                    find(i + 4, b"-->").map_or(xml.len(), |e| e + 3)
                } else if rest.starts_with(b"<?") {
                    find(i + 2, b"?>").map_or(xml.len(), |e| e + 2)
                } else if rest.starts_with(b"<![CDATA[") {
                    let body = i + 9;
                    let close = find(body, b"]]>").unwrap_or(xml.len());
                    let end = (close + 3).min(xml.len());
                    let content = &xml[body..close];
                    if content.contains(&b'&') {
                        // The section as escaped text.
                        out.extend_from_slice(&xml[copied..i]);
                        for &c in content {
                            match c {
                                b'&' => out.extend_from_slice(AMP),
                                b'<' => out.extend_from_slice(b"&lt;"),
                                _ => out.push(c),
                            }
                        }
                        copied = end;
                        changed = true;
                    }
                    end
                } else {
                    let end = xml_tag_end(xml, i);
                    let tag = &xml[i..end];
                    let closing = tag.starts_with(b"</");
                    let name_start = if closing { 2 } else { 1 };
                    let name_len = tag[name_start..]
                        .iter()
                        .position(|c| c.is_ascii_whitespace() || matches!(c, b'/' | b'>'))
                        .unwrap_or(tag.len() - name_start);
                    let name = &tag[name_start..name_start + name_len];
                    let (prefix, local) = match name.iter().position(|&c| c == b':') {
                        Some(colon) => (&name[..=colon], &name[colon + 1..]),
                        None => (&name[..0], name),
                    };
                    if local == b"noBreakHyphen" {
                        out.extend_from_slice(&xml[copied..i]);
                        if !closing {
                            for part in
                                [b"<".as_slice(), prefix, b"t>\xe2\x80\x91</", prefix, b"t>"]
                            {
                                out.extend_from_slice(part);
                            }
                        }
                        copied = end;
                        changed = true;
                    }
                    end
                };
                i = end.max(i + 1);
            }
            b'&' => {
                let reference = xml[i + 1..]
                    .iter()
                    .take(12)
                    .position(|&c| c == b';')
                    .map(|e| &xml[i + 1..i + 1 + e]);
                let is_amp = reference.is_some_and(is_ampersand_reference);
                match reference {
                    Some(r) if is_amp => {
                        out.extend_from_slice(&xml[copied..i]);
                        out.extend_from_slice(AMP);
                        i += r.len() + 2;
                        copied = i;
                        changed = true;
                    }
                    _ => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    if !changed {
        return None;
    }
    out.extend_from_slice(&xml[copied..]);
    Some(out)
}

/// Whether the character reference `&name;` (given `name`) stands for `&`: `amp`, `#38`,
/// `#x26` (leading zeros allowed).
fn is_ampersand_reference(name: &[u8]) -> bool {
    let Some(number) = name.strip_prefix(b"#") else {
        return name == b"amp";
    };
    let value = match number
        .strip_prefix(b"x")
        .or_else(|| number.strip_prefix(b"X"))
    {
        Some(hex) => std::str::from_utf8(hex)
            .ok()
            .and_then(|h| u32::from_str_radix(h, 16).ok()),
        None => std::str::from_utf8(number)
            .ok()
            .and_then(|d| d.parse().ok()),
    };
    value == Some(u32::from(b'&'))
}

/// The end (one past the `>`) of the XML tag starting at `xml[lt]`: the first `>` outside
/// a quoted attribute value, or the end of the text.
fn xml_tag_end(xml: &[u8], lt: usize) -> usize {
    let mut quote = None;
    for (i, &c) in xml.iter().enumerate().skip(lt + 1) {
        match (quote, c) {
            (None, b'>') => return i + 1,
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            _ => {}
        }
    }
    xml.len()
}

/// The `diff-unreadable-docx` error for the file at `path`, with the generic hint.
fn unreadable(path: &Path, detail: &str) -> Error {
    unreadable_with(path, detail, HINT_SAVE_AS)
}

/// The `diff-unreadable-docx` error for the file at `path`: `detail` says what is wrong,
/// `hint` what to do.
fn unreadable_with(path: &Path, detail: &str, hint: &str) -> Error {
    Error::Diagnostics(vec![Diagnostic::error(
        "diff-unreadable-docx",
        format!("this is not a readable Word document: {detail}"),
    )
    .at(Location::in_file(path, 0, 0))
    .with_hint(hint)])
}

/// One paragraph as read, before classification.
#[derive(Debug, Default)]
struct RawPara {
    text: String,
    anchors: Vec<String>,
    heading: Option<u8>,
    numbering: Option<(usize, usize)>,
    /// The paragraph mark was deleted: accepting joins this paragraph with the next.
    mark_deleted: bool,
}

/// State of the walk over the document.
#[derive(Default)]
struct Walk {
    paras: Vec<RawPara>,
    pending_anchors: Vec<String>,
    changes: usize,
}

fn read_document(name: &str, docx: &Docx) -> Revision {
    let styles = StyleInfo::new(docx);
    let mut walk = Walk::default();
    for child in &docx.document.children {
        match child {
            DocumentChild::Paragraph(p) => walk.paragraph(p, &styles),
            DocumentChild::Table(t) => walk.table(t, &styles),
            DocumentChild::BookmarkStart(b) => walk.bookmark(&b.name),
            DocumentChild::StructuredDataTag(sdt) => walk.sdt(&sdt.children, &styles),
            _ => {}
        }
    }
    if let Some(last) = walk.paras.last_mut() {
        last.anchors.append(&mut walk.pending_anchors);
    }
    let paras = join_deleted_marks(walk.paras);
    let mut numbering = Numbering::new(docx);
    let mut blocks = Vec::new();
    for (i, para) in paras.into_iter().enumerate() {
        let label = para
            .numbering
            .and_then(|(num_id, ilvl)| numbering.next(num_id, ilvl).map(|l| (l, ilvl)));
        let text = normalize(&para.text);
        if text.is_empty() && label.is_none() {
            if let Some(prev) = blocks.last_mut() {
                let prev: &mut Block = prev;
                prev.anchors.extend(para.anchors);
            }
            continue;
        }
        let sub_level = label
            .as_ref()
            .and_then(|(_, ilvl)| (*ilvl > 0).then(|| u8::try_from(*ilvl).unwrap_or(u8::MAX)));
        let (kind, label, body, level) =
            classify(&text, label.map(|(l, _)| l), para.heading, sub_level);
        let mut anchors = para.anchors;
        anchors.sort();
        anchors.dedup();
        blocks.push(Block {
            kind,
            label,
            text: body,
            anchors,
            level,
            line: i + 1,
        });
    }
    for b in &mut blocks {
        b.anchors.sort();
        b.anchors.dedup();
    }
    resolve_sub_labels(&mut blocks);
    let mut notices = Vec::new();
    match walk.changes {
        0 => {}
        1 => notices.push("1 tracked change was accepted before comparing".to_string()),
        n => notices.push(format!(
            "{n} tracked changes were accepted before comparing"
        )),
    }
    Revision {
        name: name.to_string(),
        date: None, // set by the caller from docProps/core.xml
        blocks,
        notices,
    }
}

/// Accepting a deleted paragraph mark joins the paragraph with the one after it. The
/// joined paragraph keeps the properties (style, numbering) of the later paragraph, whose
/// mark survives — as in Word, where a paragraph's properties live in its mark. So a
/// numbered paragraph deleted whole no longer takes a number.
fn join_deleted_marks(paras: Vec<RawPara>) -> Vec<RawPara> {
    let mut out: Vec<RawPara> = Vec::with_capacity(paras.len());
    let mut carry: Option<RawPara> = None;
    for mut p in paras {
        if let Some(mut c) = carry.take() {
            c.text.push_str(&p.text);
            p.text = c.text;
            c.anchors.append(&mut p.anchors);
            p.anchors = c.anchors;
        }
        if p.mark_deleted {
            carry = Some(p);
        } else {
            out.push(p);
        }
    }
    out.extend(carry);
    out
}

impl Walk {
    fn bookmark(&mut self, name: &str) {
        if let Some(id) = name.strip_prefix(ANCHOR_PREFIX) {
            if !id.is_empty() {
                self.pending_anchors.push(id.replace('_', "-"));
            }
        }
    }

    fn paragraph(&mut self, p: &Paragraph, styles: &StyleInfo) {
        let mut para = RawPara {
            anchors: std::mem::take(&mut self.pending_anchors),
            ..RawPara::default()
        };
        let style = p.property.style.as_ref().map(|s| s.val.as_str());
        para.heading = style.and_then(|s| styles.heading_level(s));
        let direct = p.property.numbering_property.as_ref().and_then(|n| {
            n.id.as_ref()
                .map(|id| (id.id, n.level.as_ref().map_or(0, |l| l.val)))
        });
        para.numbering = direct
            .or_else(|| style.and_then(|s| styles.numbering(s)))
            .filter(|(id, _)| *id != 0);
        let rp = &p.property.run_property;
        if rp.del.is_some() {
            para.mark_deleted = true;
            self.changes += 1;
        }
        if rp.ins.is_some() {
            self.changes += 1;
        }
        self.children(&p.children, &mut para);
        self.paras.push(para);
    }

    fn children(&mut self, children: &[ParagraphChild], para: &mut RawPara) {
        for child in children {
            match child {
                ParagraphChild::Run(r) => run_text(r, &mut para.text),
                ParagraphChild::Insert(ins) => {
                    self.changes += 1;
                    for c in &ins.children {
                        match c {
                            InsertChild::Run(r) => run_text(r, &mut para.text),
                            InsertChild::Delete(_) => self.changes += 1,
                            _ => {}
                        }
                    }
                }
                // Deleted and moved-away text is dropped; only counted.
                ParagraphChild::Delete(_) | ParagraphChild::MoveFrom(_) => self.changes += 1,
                ParagraphChild::MoveTo(m) => {
                    self.changes += 1;
                    for c in &m.children {
                        match c {
                            MoveToChild::Run(r) => run_text(r, &mut para.text),
                            MoveToChild::Delete(_) => self.changes += 1,
                            _ => {}
                        }
                    }
                }
                ParagraphChild::BookmarkStart(b) => {
                    if let Some(id) = b.name.strip_prefix(ANCHOR_PREFIX) {
                        if !id.is_empty() {
                            para.anchors.push(id.replace('_', "-"));
                        }
                    }
                }
                ParagraphChild::Hyperlink(h) => self.children(&h.children, para),
                ParagraphChild::StructuredDataTag(sdt) => {
                    for c in &sdt.children {
                        if let StructuredDataTagChild::Run(r) = c {
                            run_text(r, &mut para.text);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn table(&mut self, t: &Table, styles: &StyleInfo) {
        for TableChild::TableRow(row) in &t.rows {
            for TableRowChild::TableCell(cell) in &row.cells {
                for content in &cell.children {
                    match content {
                        TableCellContent::Paragraph(p) => self.paragraph(p, styles),
                        TableCellContent::Table(inner) => self.table(inner, styles),
                        TableCellContent::StructuredDataTag(sdt) => {
                            self.sdt(&sdt.children, styles);
                        }
                        TableCellContent::TableOfContents(_) => {}
                    }
                }
            }
        }
    }

    fn sdt(&mut self, children: &[StructuredDataTagChild], styles: &StyleInfo) {
        for c in children {
            match c {
                StructuredDataTagChild::Paragraph(p) => self.paragraph(p, styles),
                StructuredDataTagChild::Table(t) => self.table(t, styles),
                StructuredDataTagChild::BookmarkStart(b) => self.bookmark(&b.name),
                StructuredDataTagChild::StructuredDataTag(inner) => {
                    self.sdt(&inner.children, styles);
                }
                _ => {}
            }
        }
    }
}

/// Appends the visible text of a run: text, tabs and breaks as spaces; deleted text and
/// field instructions are not visible.
fn run_text(run: &Run, out: &mut String) {
    if run.run_property.del.is_some() {
        return;
    }
    for c in &run.children {
        match c {
            RunChild::Text(t) => out.push_str(&t.text),
            RunChild::Tab(_)
            | RunChild::PTab(_)
            | RunChild::Break(_)
            | RunChild::CarriageReturn(_) => {
                out.push(' ');
            }
            _ => {}
        }
    }
}

/// A list and level a paragraph is numbered with: (numId, ilvl).
type NumPr = (usize, usize);

/// What the styles say about headings and numbering.
struct StyleInfo {
    /// style id → (heading level, numbering).
    by_id: BTreeMap<String, (Option<u8>, Option<NumPr>)>,
}

impl StyleInfo {
    fn new(docx: &Docx) -> Self {
        let mut by_id = BTreeMap::new();
        for s in &docx.styles.styles {
            let name = serde_json::to_value(&s.name)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let heading = heading_level_of(&s.style_id).or_else(|| heading_level_of(&name));
            let numbering = s
                .paragraph_property
                .numbering_property
                .as_ref()
                .and_then(|n| {
                    n.id.as_ref()
                        .map(|id| (id.id, n.level.as_ref().map_or(0, |l| l.val)))
                });
            by_id.insert(s.style_id.clone(), (heading, numbering));
        }
        StyleInfo { by_id }
    }

    fn heading_level(&self, style_id: &str) -> Option<u8> {
        self.by_id
            .get(style_id)
            .and_then(|(h, _)| *h)
            .or_else(|| heading_level_of(style_id))
    }

    fn numbering(&self, style_id: &str) -> Option<(usize, usize)> {
        self.by_id.get(style_id).and_then(|(_, n)| *n)
    }
}

/// `Title` → 1, `Heading 2` / `heading2` / `Heading2` → 2 (levels 1–9).
fn heading_level_of(s: &str) -> Option<u8> {
    let lower = s.to_ascii_lowercase();
    if lower == "title" {
        return Some(1);
    }
    let rest = lower.strip_prefix("heading")?.trim_start();
    let n: u8 = rest.parse().ok()?;
    (1..=9).contains(&n).then_some(n)
}

/// One numbering level as far as labels need it.
#[derive(Debug, Clone, Default)]
struct LevelDef {
    start: u32,
    format: String,
    text: String,
}

/// Word list numbering, replayed paragraph by paragraph.
struct Numbering {
    /// numId → abstractNumId.
    nums: BTreeMap<usize, usize>,
    /// abstractNumId → levels by ilvl.
    levels: BTreeMap<usize, BTreeMap<usize, LevelDef>>,
    /// numId → (ilvl → start override).
    overrides: BTreeMap<usize, BTreeMap<usize, u32>>,
    /// abstractNumId → current counter per ilvl (`None` = not started).
    counters: BTreeMap<usize, [Option<u32>; 9]>,
    /// numIds already used (their start overrides applied).
    started: Vec<usize>,
}

impl Numbering {
    fn new(docx: &Docx) -> Self {
        let mut levels = BTreeMap::new();
        for a in &docx.numberings.abstract_nums {
            let mut by_level = BTreeMap::new();
            for l in &a.levels {
                by_level.insert(l.level, level_def(l));
            }
            levels.insert(a.id, by_level);
        }
        let mut nums = BTreeMap::new();
        let mut overrides: BTreeMap<usize, BTreeMap<usize, u32>> = BTreeMap::new();
        for n in &docx.numberings.numberings {
            nums.insert(n.id, n.abstract_num_id);
            for o in &n.level_overrides {
                let start = o
                    .override_start
                    .and_then(|s| u32::try_from(s).ok())
                    .or_else(|| o.override_level.as_ref().map(|l| level_def(l).start));
                if let Some(start) = start {
                    overrides.entry(n.id).or_default().insert(o.level, start);
                }
            }
        }
        Numbering {
            nums,
            levels,
            overrides,
            counters: BTreeMap::new(),
            started: Vec::new(),
        }
    }

    /// Advances list `num_id` at level `ilvl` and returns the label Word shows, or `None`
    /// for bullets, unnumbered levels and unknown lists.
    fn next(&mut self, num_id: usize, ilvl: usize) -> Option<Label> {
        let abs = *self.nums.get(&num_id)?;
        let defs = self.levels.get(&abs)?;
        let ilvl = ilvl.min(8);
        let def = defs.get(&ilvl)?.clone();
        let counters = self.counters.entry(abs).or_insert([None; 9]);
        if !self.started.contains(&num_id) {
            self.started.push(num_id);
            if let Some(ov) = self.overrides.get(&num_id) {
                for (&lvl, &start) in ov {
                    if lvl < 9 {
                        counters[lvl] = Some(start.saturating_sub(1));
                    }
                }
            }
        }
        let value = counters[ilvl].map_or(def.start, |v| v.saturating_add(1));
        counters[ilvl] = Some(value);
        for c in counters.iter_mut().skip(ilvl + 1) {
            *c = None;
        }
        if matches!(def.format.as_str(), "bullet" | "none" | "") {
            return None;
        }
        // Replace %1..%9 by the counters of those levels, each in its own format.
        let mut raw = String::new();
        let mut chars = def.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    let lvl = (d as usize).saturating_sub(1);
                    let v = counters
                        .get(lvl)
                        .copied()
                        .flatten()
                        .unwrap_or_else(|| defs.get(&lvl).map_or(1, |l| l.start));
                    let fmt = defs.get(&lvl).map_or("decimal", |l| l.format.as_str());
                    raw.push_str(&format_number(v, fmt));
                    continue;
                }
            }
            raw.push(c);
        }
        let raw = raw.trim().to_string();
        if raw.is_empty() {
            return None;
        }
        if let Some((label, rest)) = parse_label(&raw) {
            if rest.is_empty() {
                return Some(label);
            }
        }
        let scheme = match def.format.as_str() {
            "lowerLetter" | "upperLetter" => LabelScheme::Letter,
            "lowerRoman" | "upperRoman" => LabelScheme::Roman,
            _ => LabelScheme::Number,
        };
        Some(Label {
            raw,
            scheme,
            number: Some(value),
            suffix: None,
        })
    }
}

/// Start, format and level text of a Word numbering level. `docx_rs` keeps these fields
/// private but serialises them (`start`, `format`, `text`), so they are read through serde.
fn level_def(level: &docx_rs::Level) -> LevelDef {
    let v = serde_json::to_value(level).unwrap_or_default();
    LevelDef {
        start: v
            .get("start")
            .and_then(serde_json::Value::as_u64)
            .and_then(|s| u32::try_from(s).ok())
            .unwrap_or(1),
        format: v
            .get("format")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("decimal")
            .to_string(),
        text: v
            .get("text")
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_string(),
    }
}

/// `n` in a Word number format: `decimal` 3, `lowerLetter` c (27 → aa), `upperLetter` C,
/// `lowerRoman` iii, `upperRoman` III; anything else as decimal.
fn format_number(n: u32, format: &str) -> String {
    match format {
        // Word repeats the letter after z (aa, bbb); past ten rounds, show the number.
        "lowerLetter" | "upperLetter" if (1..=260).contains(&n) => {
            let letter = char::from(b'a' + u8::try_from((n - 1) % 26).unwrap_or(0));
            let times = usize::try_from((n - 1) / 26 + 1).unwrap_or(1);
            let s: String = std::iter::repeat_n(letter, times).collect();
            if format == "upperLetter" {
                s.to_ascii_uppercase()
            } else {
                s
            }
        }
        "lowerRoman" | "upperRoman" => {
            let s = crate::numbering::roman_numeral(n).to_ascii_lowercase();
            if format == "upperRoman" {
                s.to_ascii_uppercase()
            } else {
                s
            }
        }
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(format_number(3, "decimal"), "3");
        assert_eq!(format_number(3, "lowerLetter"), "c");
        assert_eq!(format_number(27, "lowerLetter"), "aa");
        assert_eq!(format_number(2, "upperLetter"), "B");
        assert_eq!(format_number(4, "lowerRoman"), "iv");
        assert_eq!(format_number(12, "upperRoman"), "XII");
    }

    #[test]
    fn document_xml_adjustments() {
        let adjust = |xml: &str| {
            adjust_document_xml(xml.as_bytes()).map(|v| String::from_utf8(v).unwrap_or_default())
        };
        // Nothing to adjust: docx-rs's own reading stands.
        assert_eq!(
            adjust(r#"<?p &amp;?><w:t a="&amp;>">x &lt; y<!-- &amp; --></w:t>"#),
            None
        );
        assert_eq!(
            adjust(r#"<w:t a="&amp;>">&amp;lt; &#38; &#x26;&amp</w:t>"#).as_deref(),
            Some(r#"<w:t a="&amp;>">&amp;amp;lt; &amp;amp; &amp;amp;&amp</w:t>"#)
        );
        assert_eq!(
            adjust("<w:r><w:noBreakHyphen/><x:noBreakHyphen></x:noBreakHyphen></w:r>").as_deref(),
            Some("<w:r><w:t>\u{2011}</w:t><x:t>\u{2011}</x:t></w:r>")
        );
        assert_eq!(
            adjust("<w:t><![CDATA[a<&]]></w:t>").as_deref(),
            Some("<w:t>a&lt;&amp;amp;</w:t>")
        );
        assert!(is_ampersand_reference(b"#0038"));
        assert!(!is_ampersand_reference(b"#39"));
        assert!(!is_ampersand_reference(b"ampx"));
    }

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    const EMPTY_RELS: &str =
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>"#;

    /// A zip archive of `entries` (name, content), deflated.
    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write as _;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in entries {
            zip.start_file(*name, options).expect("start entry");
            zip.write_all(content).expect("write entry");
        }
        zip.finish().expect("finish zip").into_inner()
    }

    /// A minimal Word package whose `word/document.xml` is `document`.
    fn package(document: &str) -> Vec<u8> {
        let types = r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#;
        let rels = format!(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{OFFICE_DOCUMENT}" Target="word/document.xml"/></Relationships>"#
        );
        zip_of(&[
            ("[Content_Types].xml", types.as_bytes()),
            ("_rels/.rels", rels.as_bytes()),
            ("word/_rels/document.xml.rels", EMPTY_RELS.as_bytes()),
            ("word/document.xml", document.as_bytes()),
        ])
    }

    /// A `word/document.xml` whose body is `body`.
    fn document(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#
        )
    }

    /// [`read_docx`] on a thread of its own, so that a read that hangs fails the test
    /// (after a generous two minutes) instead of hanging it.
    fn read_within_limit(bytes: Vec<u8>) -> Result<Revision, Error> {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(read_docx("t.docx", &bytes));
        });
        rx.recv_timeout(std::time::Duration::from_secs(120))
            .expect("read_docx hung or panicked")
    }

    /// The message and hint of the `diff-unreadable-docx` error reading `bytes` gives.
    fn refusal(bytes: Vec<u8>) -> (String, String) {
        match read_within_limit(bytes) {
            Err(Error::Diagnostics(ds)) => {
                assert_eq!(ds.len(), 1);
                assert_eq!(ds[0].code, "diff-unreadable-docx");
                let loc = ds[0].location.as_ref().expect("located");
                assert_eq!(loc.file, Path::new("t.docx"));
                (
                    ds[0].message.clone(),
                    ds[0].hint.clone().unwrap_or_default(),
                )
            }
            Ok(rev) => panic!("read as a document: {:?}", rev.blocks),
            Err(e) => panic!("unexpected error {e}"),
        }
    }

    /// The package check passes a well-formed package, which then reads as before.
    #[test]
    fn minimal_package_reads() {
        let body =
            r#"<w:p><w:r><w:t xml:space="preserve">AT&amp;T &#x2011; &lt;ok&gt;</w:t></w:r></w:p>"#;
        let rev = read_within_limit(package(&document(body))).expect("reads");
        assert_eq!(rev.blocks.len(), 1);
        assert_eq!(rev.blocks[0].text, "AT&T \u{2011} <ok>");
    }

    /// Regression: docx-rs loops forever on a `document.xml` cut short inside an element
    /// (found by a tester: `zerodraft diff` hung at 100 % CPU).
    #[test]
    fn truncated_document_xml_is_refused_not_hung() {
        let cut = format!(r#"<w:document xmlns:w="{W}"><w:body><w:p>"#);
        let (message, hint) = refusal(package(&cut));
        assert_eq!(
            message,
            "this is not a readable Word document: the part word/document.xml ends inside \
             <w:p> (opened at line 1, column 92, byte 91): the file looks truncated"
        );
        assert!(hint.contains("cut short"), "{hint}");
        // Cut after a paragraph's text, and inside an attribute value (the position is
        // that of the tag).
        let whole = document(r#"<w:p><w:r><w:t>Text of the paragraph</w:t></w:r></w:p>"#);
        let (message, _) = refusal(package(&whole[..whole.find("</w:r>").unwrap_or(0)]));
        assert_eq!(
            message,
            "this is not a readable Word document: the part word/document.xml ends inside \
             <w:r> (opened at line 1, column 135, byte 134): the file looks truncated"
        );
        let (message, _) = refusal(package(&whole[..100]));
        assert_eq!(
            message,
            "this is not a readable Word document: malformed XML in word/document.xml at \
             line 1, column 39, byte 38: attribute value not closed: `\"` not found before \
             end of input: the file looks truncated"
        );
        // An empty main part.
        let (message, _) = refusal(package(""));
        assert!(message.ends_with("the main document part word/document.xml holds no XML element: the file looks truncated"), "{message}");
    }

    #[test]
    fn malformed_xml_is_located_in_its_part() {
        let body = "<w:p><w:r><w:t>x</w:r></w:p>\n<w:p/>";
        let (message, _) = refusal(package(&document(body)));
        assert_eq!(
            message,
            "this is not a readable Word document: malformed XML in word/document.xml at \
             line 1, column 146, byte 145: ill-formed document: expected `</w:t>`, but \
             `</w:r>` was found"
        );
        let (message, _) = refusal(package("this is not XML"));
        assert!(
            message.ends_with(
                "malformed XML in word/document.xml at line 1, column 1, byte 0: text outside \
                 the document's root element"
            ),
            "{message}"
        );
        let (message, _) = refusal(package(&document(
            "<w:p><w:r><w:t>a &nbsp; b</w:t></w:r></w:p>",
        )));
        assert!(message.contains("unknown entity `&nbsp;`"), "{message}");
        // Any XML part, not only the main one.
        let mut entries = vec![("word/styles.xml", b"<w:styles><w:style>".as_slice())];
        let main = document("<w:p/>");
        entries.push(("word/document.xml", main.as_bytes()));
        entries.push(("_rels/.rels", b"<Relationships/>"));
        entries.push(("[Content_Types].xml", b"<Types/>"));
        let (message, _) = refusal(zip_of(&entries));
        assert!(
            message.contains("the part word/styles.xml ends inside <w:style>"),
            "{message}"
        );
    }

    #[test]
    fn not_a_word_package_says_what_it_is() {
        let (message, hint) = refusal(b"\x00\xff\x13garbage, not a zip \x89PNG".to_vec());
        assert_eq!(
            message,
            "this is not a readable Word document: not a zip archive; a .docx file is one"
        );
        assert!(hint.contains("save it again as .docx"), "{hint}");
        let (message, hint) = refusal(b"1. A paragraph of text.\n".to_vec());
        assert!(message.ends_with("not a zip archive; a .docx file is one"));
        assert!(hint.contains(".md or .txt"), "{hint}");
        // A zip archive cut short.
        let whole = package(&document("<w:p/>"));
        let (message, hint) = refusal(whole[..whole.len() / 2].to_vec());
        assert!(
            message.contains("a damaged or truncated zip archive"),
            "{message}"
        );
        assert!(hint.contains("cut short"), "{hint}");
        // A zip archive without the main part.
        let (message, _) = refusal(zip_of(&[("a.txt", b"abc")]));
        assert_eq!(
            message,
            "this is not a readable Word document: no main document part \
             (word/document.xml): this zip archive is not a Word document"
        );
        // The main part, but not the package parts docx-rs requires.
        let main = document("<w:p/>");
        let (message, _) = refusal(zip_of(&[("word/document.xml", main.as_bytes())]));
        assert!(
            message.ends_with("no part [Content_Types].xml, which every Word document has"),
            "{message}"
        );
        let (message, _) = refusal(zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("_rels/.rels", b"<Relationships/>"),
            ("word/document.xml", main.as_bytes()),
        ]));
        assert!(
            message
                .ends_with("no part word/_rels/document.xml.rels, which every Word document has"),
            "{message}"
        );
        assert_eq!(main_rels_name("document.xml"), "_rels/document.xml.rels");
        assert_eq!(main_rels_name("a/b/main"), "a/b/_rels/main.xml.rels");
    }

    const SMALL: Limits = Limits {
        part: 1 << 10,
        total: 4 << 10,
        depth: 8,
    };

    #[test]
    fn parts_over_the_limits_are_refused() {
        let long = document(&"<w:p><w:r><w:t>words</w:t></w:r></w:p>".repeat(40));
        assert!(long.len() > 1 << 10);
        let message = check_package(&package(&long), SMALL)
            .expect_err("too large")
            .detail;
        assert_eq!(
            message,
            "the part word/document.xml is larger than the limit of 1 KiB uncompressed"
        );
        // Headers can lie: a declared size under the limit does not let more through.
        let mut lying = package(&long);
        let declared = u32::try_from(long.len()).expect("small");
        let small = 100u32.to_le_bytes();
        let mut patched = 0;
        for i in 0..lying.len().saturating_sub(30) {
            let at = match &lying[i..i + 4] {
                b"PK\x03\x04" => i + 22,
                b"PK\x01\x02" => i + 24,
                _ => continue,
            };
            if lying[at..at + 4] == declared.to_le_bytes() {
                lying[at..at + 4].copy_from_slice(&small);
                patched += 1;
            }
        }
        assert_eq!(patched, 2);
        let refused = check_package(&lying, SMALL).expect_err("too large").detail;
        assert_eq!(
            refused,
            "the part word/document.xml is larger than the limit of 1 KiB uncompressed"
        );
        // All entries together, images included.
        let main = document("<w:p/>");
        let image = vec![7u8; 5 << 10];
        let entries = [
            ("[Content_Types].xml", b"<Types/>".as_slice()),
            ("_rels/.rels", b"<Relationships/>"),
            ("word/document.xml", main.as_bytes()),
            ("word/media/image1.png", &image),
        ];
        let message = check_package(&zip_of(&entries), SMALL)
            .expect_err("too large")
            .detail;
        assert_eq!(
            message,
            "its parts add up to more than the limit of 4 KiB uncompressed"
        );
        // Nesting.
        let deep = document(&format!("{}{}", "<w:sdt>".repeat(8), "</w:sdt>".repeat(8)));
        let message = check_package(&package(&deep), SMALL)
            .expect_err("too deep")
            .detail;
        assert!(
            message.starts_with("the elements in word/document.xml are nested more than 8 deep"),
            "{message}"
        );
        // Within the limits.
        check_package(&package(&document("<w:p/>")), SMALL).expect("within the limits");
    }

    #[test]
    fn run_bounded_reports_timeout_and_panic() {
        use std::time::Duration;
        assert_eq!(run_bounded(Duration::from_secs(120), || 7), Ok(7));
        assert_eq!(
            run_bounded(Duration::from_secs(120), || -> u8 { panic!("in the job") }),
            Err(Stopped::Panicked)
        );
        // A job that cannot finish before the test lets it: the wait gives up.
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let stuck = run_bounded(Duration::from_millis(10), move || wait.recv().is_ok());
        assert_eq!(stuck, Err(Stopped::TimedOut));
        drop(release);
    }

    #[test]
    fn heading_styles() {
        assert_eq!(heading_level_of("Heading1"), Some(1));
        assert_eq!(heading_level_of("heading 3"), Some(3));
        assert_eq!(heading_level_of("Title"), Some(1));
        assert_eq!(heading_level_of("Normal"), None);
    }
}
