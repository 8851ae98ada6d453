//! Atomic output: all the files of a run are replaced together or not at all.
//!
//! Every file is first written to a temporary file beside its target
//! (`.<name>.zerodraft-tmp`). Only when all of them were written are they moved into place;
//! each existing target is first set aside (`.<name>.zerodraft-old`), so that if any move
//! fails — a target that is a folder, a file locked by another program — the files already
//! moved are put back and the set-aside originals restored. On any error the temporaries
//! are removed and the output folder is as it was. A replaced file keeps its permissions,
//! and a target that is a symbolic link is written through (the link stays).
//!
//! A target that exists and is not a regular file — a device such as `/dev/null` or
//! `/dev/stdout`, a named pipe — is a stream with nothing to replace: it is written
//! directly, after every temporary file was written and before any is moved into place
//! (so a failed write, `/dev/full`, still leaves the other targets as they were). Moving
//! a temporary file onto it would replace the device or pipe itself.

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
    // A target that is a symbolic link (e.g. to a shared folder) is written through: the
    // file it points to is replaced, the link is kept.
    let resolved: Vec<(PathBuf, Vec<u8>)> = files
        .iter()
        .map(|(target, bytes)| (through_links(target), bytes.clone()))
        .collect();
    let files = &resolved[..];
    for (target, _) in files {
        preflight(target)?;
    }
    let (streams, files): (Vec<_>, Vec<_>) = files
        .iter()
        .partition(|(target, _)| fs::metadata(target).is_ok_and(|m| !m.is_file() && !m.is_dir()));
    let mut temps: Vec<PathBuf> = Vec::with_capacity(files.len());
    for (target, bytes) in &files {
        match write_temp(target, bytes) {
            Ok(tmp) => temps.push(tmp),
            Err(e) => {
                remove_all(&temps);
                return Err(e);
            }
        }
    }
    for (target, bytes) in &streams {
        let written = fs::OpenOptions::new()
            .write(true)
            .open(target)
            .and_then(|mut f| f.write_all(bytes).and_then(|()| f.flush()));
        if let Err(e) = written {
            remove_all(&temps);
            return Err(io_error(target)(e));
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

/// The file a path names once symbolic links are followed: the path itself when it is not
/// a link (or is a dangling one).
fn through_links(target: &Path) -> PathBuf {
    match fs::symlink_metadata(target) {
        Ok(m) if m.file_type().is_symlink() => {
            fs::canonicalize(target).unwrap_or_else(|_| target.to_path_buf())
        }
        _ => target.to_path_buf(),
    }
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
    // The new file keeps the permissions of the one it replaces (a draft restricted to
    // the drafting team stays restricted).
    let written = written.and_then(|()| match fs::metadata(target) {
        Ok(old) => fs::set_permissions(&tmp, old.permissions()),
        Err(_) => Ok(()),
    });
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

    /// A named pipe given as a target is written as a stream and stays a pipe (moving a
    /// temporary file onto it used to replace it with a regular file, and so `/dev/full`
    /// and, as root, `/dev/null`). Needs `mkfifo` (coreutils).
    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_written_into_not_replaced() {
        use std::io::Read as _;
        use std::os::unix::fs::FileTypeExt as _;
        let dir = scratch("fifo");
        let fifo = dir.join("out.fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut got = Vec::new();
                fs::File::open(&fifo)
                    .and_then(|mut f| f.read_to_end(&mut got))
                    .map(|_| got)
            })
        };
        write_all(&[
            (fifo.clone(), b"through the pipe".to_vec()),
            (dir.join("a.md"), b"a file".to_vec()),
        ])
        .unwrap();
        // Checked before joining the reader, which would wait for ever on a replaced pipe.
        assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
        assert_eq!(reader.join().unwrap().unwrap(), b"through the pipe");
        assert_eq!(fs::read_to_string(dir.join("a.md")).unwrap(), "a file");
        assert_eq!(names(&dir), ["a.md", "out.fifo"]);
        fs::remove_dir_all(&dir).unwrap();
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

    /// Regression (second trial): a restricted file stayed restricted only by luck, and a
    /// symbolic link to a shared folder was replaced by a plain file.
    #[cfg(unix)]
    #[test]
    fn permissions_are_kept_and_links_written_through() {
        use std::os::unix::fs::{symlink, PermissionsExt};
        let dir = scratch("perms");
        let shared = dir.join("shared");
        fs::create_dir(&shared).unwrap();
        fs::write(shared.join("draft.md"), "old").unwrap();
        symlink(shared.join("draft.md"), dir.join("draft.md")).unwrap();
        fs::write(dir.join("secret.html"), "old").unwrap();
        fs::set_permissions(dir.join("secret.html"), fs::Permissions::from_mode(0o600)).unwrap();
        write_all(&[
            (dir.join("draft.md"), b"new md".to_vec()),
            (dir.join("secret.html"), b"new html".to_vec()),
        ])
        .unwrap();
        assert!(fs::symlink_metadata(dir.join("draft.md"))
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(
            fs::read_to_string(shared.join("draft.md")).unwrap(),
            "new md"
        );
        let mode = fs::metadata(dir.join("secret.html"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(names(&shared), ["draft.md"]);
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
