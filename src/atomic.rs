//! Atomic output: all the files of a run are replaced together or not at all.
//!
//! Every file is first written to a temporary file beside its target
//! (`.<name>.zerodraft-tmp`). Only when all of them were written are they moved into place;
//! each existing target is first set aside (`.<name>.zerodraft-old`), so that if any move
//! fails — a target that is a folder, a file locked by another program — the files already
//! moved are put back and the set-aside originals restored. On any error the temporaries
//! are removed and the output folder is as it was.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::Error;

/// Writes each `(path, bytes)` pair, as a set: either every target holds its new bytes, or
/// every target is as it was before the call (created folders may remain).
///
/// # Errors
/// [`Error::Other`] when a target is a folder or its folder cannot be created because a
/// file stands in the way; [`Error::Io`] naming the file that could not be written or
/// moved. In both cases nothing is replaced. (Only if restoring an original itself fails,
/// which needs the disk to fail during the rollback, does the `.zerodraft-old` copy
/// remain beside its target; the error then names it.)
pub fn write_all(files: &[(PathBuf, Vec<u8>)]) -> Result<(), Error> {
    for (target, _) in files {
        preflight(target)?;
    }
    let mut temps: Vec<PathBuf> = Vec::with_capacity(files.len());
    for (target, bytes) in files {
        match write_temp(target, bytes) {
            Ok(tmp) => temps.push(tmp),
            Err(e) => {
                remove_all(&temps);
                return Err(e);
            }
        }
    }
    // Move into place, remembering what to undo.
    let mut done: Vec<(&Path, Option<PathBuf>)> = Vec::with_capacity(files.len());
    for (i, (target, _)) in files.iter().enumerate() {
        match replace(&temps[i], target) {
            Ok(backup) => done.push((target, backup)),
            Err(e) => {
                let rollback = undo(&done);
                remove_all(&temps[i..]);
                return Err(rollback.err().unwrap_or(e));
            }
        }
    }
    for (_, backup) in done {
        if let Some(backup) = backup {
            let _ = fs::remove_file(backup);
        }
    }
    Ok(())
}

/// Refuses targets that are folders, and folders that cannot be created because a
/// file of that name exists, with a message that says so.
fn preflight(target: &Path) -> Result<(), Error> {
    if target.is_dir() {
        return Err(Error::Other(format!(
            "{}: is a folder, so the file cannot be written there; remove or rename the folder, or choose another output path",
            target.display()
        )));
    }
    let mut dir = target.parent();
    while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
        if d.exists() {
            if !d.is_dir() {
                return Err(Error::Other(format!(
                    "{}: is a file, so the folder for {} cannot be created there; choose another output folder",
                    d.display(),
                    target.display()
                )));
            }
            break;
        }
        dir = d.parent();
    }
    Ok(())
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    dir.join(format!(".{name}.{suffix}"))
}

fn write_temp(target: &Path, bytes: &[u8]) -> Result<PathBuf, Error> {
    if let Some(dir) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(io_error(dir))?;
    }
    let tmp = sibling(target, "zerodraft-tmp");
    let written = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(io_error(target)(e));
    }
    Ok(tmp)
}

/// Moves `tmp` to `target`, first setting an existing target aside; returns where.
fn replace(tmp: &Path, target: &Path) -> Result<Option<PathBuf>, Error> {
    let backup = if target.exists() {
        let backup = sibling(target, "zerodraft-old");
        fs::rename(target, &backup).map_err(io_error(target))?;
        Some(backup)
    } else {
        None
    };
    if let Err(e) = fs::rename(tmp, target) {
        if let Some(b) = &backup {
            let _ = fs::rename(b, target);
        }
        return Err(io_error(target)(e));
    }
    Ok(backup)
}

/// Puts back what [`replace`] did, newest first.
fn undo(done: &[(&Path, Option<PathBuf>)]) -> Result<(), Error> {
    let mut result = Ok(());
    for (target, backup) in done.iter().rev() {
        let restored = match backup {
            Some(b) => fs::rename(b, target).map_err(|source| Error::Io {
                path: b.clone(),
                source,
            }),
            None => fs::remove_file(target).map_err(io_error(target)),
        };
        if result.is_ok() {
            result = restored;
        }
    }
    result
}

fn remove_all(paths: &[PathBuf]) {
    for p in paths {
        let _ = fs::remove_file(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("zd-atomic-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn writes_every_file_and_leaves_no_temporaries() {
        let dir = scratch("ok");
        fs::write(dir.join("a.md"), "old").unwrap();
        write_all(&[
            (dir.join("a.md"), b"new a".to_vec()),
            (dir.join("sub/b.md"), b"new b".to_vec()),
        ])
        .unwrap();
        assert_eq!(fs::read_to_string(dir.join("a.md")).unwrap(), "new a");
        assert_eq!(fs::read_to_string(dir.join("sub/b.md")).unwrap(), "new b");
        assert_eq!(names(&dir), ["a.md", "sub"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_folder_in_the_way_of_the_parent_is_reported_and_nothing_written() {
        let dir = scratch("blocker");
        fs::write(dir.join("a.md"), "old").unwrap();
        fs::write(dir.join("blocker"), "x").unwrap();
        let err = write_all(&[
            (dir.join("a.md"), b"new".to_vec()),
            (dir.join("blocker/b.md"), b"y".to_vec()),
        ])
        .unwrap_err();
        assert!(err.to_string().contains("blocker: is a file"), "{err}");
        assert_eq!(fs::read_to_string(dir.join("a.md")).unwrap(), "old");
        assert_eq!(names(&dir), ["a.md", "blocker"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    /// Regression (tester's report): a target that is a folder used to be found only when
    /// moving files into place, after earlier targets had been replaced.
    #[test]
    fn a_target_that_is_a_folder_replaces_nothing() {
        let dir = scratch("dir-target");
        fs::write(dir.join("a.md"), "old").unwrap();
        fs::create_dir(dir.join("b.html")).unwrap();
        let err = write_all(&[
            (dir.join("a.md"), b"new".to_vec()),
            (dir.join("b.html"), b"y".to_vec()),
        ])
        .unwrap_err();
        assert!(err.to_string().contains("b.html: is a folder"), "{err}");
        assert_eq!(fs::read_to_string(dir.join("a.md")).unwrap(), "old");
        assert_eq!(names(&dir), ["a.md", "b.html"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    /// A move that fails after others succeeded puts the earlier files back.
    #[test]
    fn a_failed_move_rolls_back_earlier_moves() {
        let dir = scratch("rollback");
        fs::write(dir.join("a.md"), "old a").unwrap();
        let tmp_a = write_temp(&dir.join("a.md"), b"new a").unwrap();
        let backup = replace(&tmp_a, &dir.join("a.md")).unwrap();
        assert_eq!(fs::read_to_string(dir.join("a.md")).unwrap(), "new a");
        let target = dir.join("a.md");
        undo(&[(target.as_path(), backup)]).unwrap();
        assert_eq!(fs::read_to_string(dir.join("a.md")).unwrap(), "old a");
        assert_eq!(names(&dir), ["a.md"]);
        fs::remove_dir_all(&dir).unwrap();
    }
}
