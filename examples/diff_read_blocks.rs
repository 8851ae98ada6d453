//! Prints what the revision reader makes of each file given: block counts by kind, labelled
//! blocks, date and notices; with `--blocks`, one line per block (line, kind, level, label,
//! first 80 characters, anchors). Used to report the reader's numbers on real texts:
//!
//! ```text
//! cargo run --release --example diff_read_blocks -- ../shared/corpus/paris/*.md
//! ```

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show_blocks = args.iter().any(|a| a == "--blocks");
    for path in args.iter().filter(|a| *a != "--blocks") {
        let start = std::time::Instant::now();
        let rev = match zerodraft::diff::read::read_path(Path::new(path)) {
            Ok(rev) => rev,
            Err(zerodraft::Error::Diagnostics(ds)) => {
                eprint!("{}", zerodraft::diagnostic::render_text(&ds));
                continue;
            }
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let elapsed = start.elapsed();
        let count =
            |k: zerodraft::diff::BlockKind| rev.blocks.iter().filter(|b| b.kind == k).count();
        println!(
            "{path}: {} blocks ({} headings, {} paragraphs, {} sub-paragraphs), {} labelled, \
             {} anchored, date {}, read in {:.1} ms",
            rev.blocks.len(),
            count(zerodraft::diff::BlockKind::Heading),
            count(zerodraft::diff::BlockKind::Paragraph),
            count(zerodraft::diff::BlockKind::SubParagraph),
            rev.blocks.iter().filter(|b| b.label.is_some()).count(),
            rev.blocks.iter().filter(|b| !b.anchors.is_empty()).count(),
            rev.date.as_deref().unwrap_or("-"),
            elapsed.as_secs_f64() * 1000.0,
        );
        for notice in &rev.notices {
            println!("  note: {notice}");
        }
        if show_blocks {
            for b in &rev.blocks {
                let label = b.label.as_ref().map_or("", |l| l.raw.as_str());
                let text: String = b.text.chars().take(80).collect();
                println!(
                    "{:>6} {:?}/{} {:<10} {} {}",
                    b.line,
                    b.kind,
                    b.level,
                    label,
                    text,
                    b.anchors.join(" ")
                );
            }
        }
    }
}
