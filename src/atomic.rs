//! Atomic output: every file of a run is written to a temporary file beside its target and
//! renamed into place only when all of them were written. On any error the temporaries are
//! removed and nothing in the output folder is replaced.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::Error;

/// Writes each `(path, bytes)` pair atomically, as a set: first every temporary file
/// (`.<name>.zerodraft-tmp` in the target's folder, created with parents), then every rename.
///
/// # Errors
/// [`Error::Io`] naming the file that could not be written; the temporaries written so far
/// are removed, so no target is touched. (A failure in the rename phase, which needs the
/// disk to fail between two renames in one folder, can leave earlier targets renamed.)
pub fn write_all(files: &[(PathBuf, Vec<u8>)]) -> Result<(), Error> {
    let mut temps: Vec<(PathBuf, &Path)> = Vec::with_capacity(files.len());
    for (target, bytes) in files {
        match write_temp(target, bytes) {
            Ok(tmp) => temps.push((tmp, target)),
            Err(e) => {
                for (tmp, _) in &temps {
                    let _ = fs::remove_file(tmp);
                }
                return Err(e);
            }
        }
    }
    for (tmp, target) in &temps {
        fs::rename(tmp, target).map_err(|source| Error::Io {
            path: target.to_path_buf(),
            source,
        })?;
    }
    Ok(())
}

fn write_temp(target: &Path, bytes: &[u8]) -> Result<PathBuf, Error> {
    let io = |source| Error::Io {
        path: target.to_path_buf(),
        source,
    };
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(dir) = dir {
        fs::create_dir_all(dir).map_err(io)?;
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = dir
        .unwrap_or(Path::new("."))
        .join(format!(".{name}.zerodraft-tmp"));
    let mut f = fs::File::create(&tmp).map_err(io)?;
    f.write_all(bytes).map_err(io)?;
    f.sync_all().map_err(io)?;
    Ok(tmp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_set_leaves_existing_files_untouched() {
        let dir = std::env::temp_dir().join(format!("zd-atomic-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let good = dir.join("a.md");
        fs::write(&good, "old").unwrap();
        // A target inside a path that is a file cannot be created.
        fs::write(dir.join("blocker"), "x").unwrap();
        let bad = dir.join("blocker").join("b.md");
        let err = write_all(&[(good.clone(), b"new".to_vec()), (bad, b"y".to_vec())]);
        assert!(err.is_err());
        assert_eq!(fs::read_to_string(&good).unwrap(), "old");
        let leftovers: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
