//! Times the phases of `zerodraft diff` (read, align, compare, JSON) on two files, over
//! `N` iterations each (default 50), to show where the time of one run goes.
//!
//! Run: `cargo run --release --example diff_phases -- OLD NEW [N]`.

use std::time::Instant;

use zerodraft::diff::align::{align, Budget};
use zerodraft::diff::read::read_path;
use zerodraft::diff::words::{redline, WordBudget};
use zerodraft::diff::{compare, output, Options};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: diff_phases OLD NEW [N]");
        std::process::exit(2);
    }
    let n: u32 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(50);
    let only = std::env::var("PHASE").ok();
    let time = |label: &str, f: &mut dyn FnMut()| {
        if only.as_deref().is_some_and(|p| !label.starts_with(p)) {
            return;
        }
        let start = Instant::now();
        for _ in 0..n {
            f();
        }
        let ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(n);
        println!("{label:<32} {ms:8.2} ms");
    };
    let (a, b) = (args[1].as_ref(), args[2].as_ref());
    let (Ok(old), Ok(new)) = (read_path(a), read_path(b)) else {
        eprintln!("cannot read the inputs");
        std::process::exit(2);
    };
    time("read old", &mut || drop(read_path(a)));
    time("read new", &mut || drop(read_path(b)));
    time("read both (threads)", &mut || {
        drop(zerodraft::diff::read::read_paths(a, b))
    });
    time("read both (one after the other)", &mut || {
        drop((read_path(a), read_path(b)))
    });
    time("align", &mut || {
        drop(align(&old.blocks, &new.blocks, &Budget::default()))
    });
    time("compare", &mut || {
        drop(compare(&old, &new, &Options::default()))
    });
    let c = compare(&old, &new, &Options::default());
    time("json", &mut || drop(output::json(&c)));
    let pairs: Vec<(String, String)> = c
        .entries
        .iter()
        .filter(|e| !e.old.is_empty() && !e.new.is_empty())
        .map(|e| (e.old_text(), e.new_text()))
        .collect();
    time("redlines", &mut || {
        for (a, b) in &pairs {
            drop(redline(a, b, &WordBudget::default()));
        }
    });
}
