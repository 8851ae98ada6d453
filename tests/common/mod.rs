//! Checks shared by the integration tests (`mod common;` in each test file that needs them).

use std::io::{Cursor, Read};

/// Asserts that every part of the DOCX (ZIP) `docx` is text that XML 1.0 allows: no control
/// character below 0x20 other than tab, newline and carriage return, no U+FFFE or U+FFFF
/// (Word refuses a file holding one; XML 1.0, section 2.2 "Characters").
pub fn assert_parts_are_xml_1_0(docx: &[u8]) {
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().to_string();
        let mut text = String::new();
        part.read_to_string(&mut text).unwrap();
        let bad: Vec<char> = text
            .chars()
            .filter(|&c| {
                (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
                    || matches!(c, '\u{FFFE}' | '\u{FFFF}')
            })
            .collect();
        assert!(bad.is_empty(), "{name} holds {bad:?}");
    }
}
