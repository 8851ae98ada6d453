//! Keeps the README's commands under test (as `just` does): the set-up commands are the ones
//! CI runs, and the quick start's files are exactly the fixture that `tests/build.rs`
//! (`quick_start_works`) checks and builds, so the README cannot drift from what works.

use std::path::Path;

fn read(path: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The body of the README heredoc `cat > NAME <<'TOML'` … `TOML`.
fn heredoc(readme: &str, name: &str) -> String {
    let start = format!("cat > {name} <<'TOML'\n");
    let from = readme
        .find(&start)
        .unwrap_or_else(|| panic!("README has no heredoc for {name}"))
        + start.len();
    let len = readme[from..]
        .find("\nTOML\n")
        .unwrap_or_else(|| panic!("heredoc for {name} is not closed"));
    format!("{}\n", &readme[from..from + len])
}

#[test]
fn quick_start_files_are_the_tested_fixture() {
    let readme = read("README.md");
    assert_eq!(
        heredoc(&readme, "blueprint/blueprint.toml"),
        read("tests/fixtures/render/quick-start/blueprint/blueprint.toml")
    );
    assert_eq!(
        heredoc(&readme, "recommendations/lisbon.toml"),
        read("tests/fixtures/render/quick-start/recommendations/lisbon.toml")
    );
    // The output the README promises is the output `quick_start_works` asserts.
    assert!(readme
        .contains("zerodraft check   # check: 2 of 2 cards placed; 0 error(s), 0 warning(s)\n"));
}

#[test]
fn setup_commands_are_the_ones_ci_runs() {
    let readme = read("README.md");
    assert!(readme.contains("\ncargo run --release -- build\n"));
    assert!(readme.contains("\ncargo test\n"));
    let ci = read(".ci/run");
    let commands: Vec<&str> = ci
        .lines()
        .filter(|l| !l.trim_start().starts_with('#') && l.starts_with("cargo"))
        .collect();
    assert_eq!(
        commands,
        [
            "cargo fmt --all -- --check",
            "cargo clippy --all-targets -- -D warnings",
            "cargo test"
        ]
    );
}
