//! Writing files so that they are never left half-written: the bytes go to
//! a temporary file beside the target, which is then renamed over it; and
//! sets of outputs ([`OutputSet`]) that appear together or not at all.
//!
//! One file over 1,000 lines, on purpose: staging names, the report-folder
//! marker, the interrupt guard and the swap are one protocol that only
//! holds together (each relies on the others' invariants: a staged name is
//! what the interrupt guard removes, the marker is what the swap checks),
//! and a third of the file is the tests that attack it as a whole. The
//! module layering left it on the ground floor as it is; were it split, the
//! seams are staging, swap and interrupt, with the tests kept together.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};

/// Writes `bytes` to `path` atomically (on one file system): readers see
/// the old file or the whole new one, never a part. A set of one
/// [`OutputSet`].
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_file(path, bytes).map_err(|e| match e {
        OutputError::Io { source, .. } => source,
        other => std::io::Error::other(other.to_string()),
    })
}

/// [`write`], with the failure as an [`OutputError`]: it names the file,
/// and [`OutputError::render`] words it in the reader's language.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let mut set = OutputSet::new();
    set.file(path, bytes)?;
    set.commit().map(|_| ())
}

/// Files and report folders that appear together or not at all.
///
/// Each output is first written completely beside its target (a hidden
/// temporary file or folder on the same file system, synced to disk);
/// [`OutputSet::commit`] then moves them all into place. With
/// [`install_interrupt_handler`], an interrupted or failed run leaves the
/// previous set of outputs, and a finished one the new set: never a mix,
/// never a truncated file, no temporary file. A folder replaces the previous one whole
/// (an atomic exchange where the file system offers it), so a report
/// keeps no file of an earlier one. Outputs not committed are removed
/// when the set is dropped.
#[derive(Debug, Default)]
pub struct OutputSet {
    staged: Vec<Staged>,
    /// Counted in [`ACTIVE_SETS`] (from the first staged output).
    active: bool,
}

#[derive(Debug)]
struct Staged {
    tmp: PathBuf,
    target: PathBuf,
    folder: bool,
}

/// The file a report folder holds to say it is one (and may be replaced).
pub const REPORT_MARKER: &str = ".firecover-report";

/// Why an output cannot go where it was asked to.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The folder it would go in does not exist.
    #[error("{}: the folder {} does not exist", .path.display(), .parent.display())]
    NoFolder {
        /// The output.
        path: PathBuf,
        /// Its folder.
        parent: PathBuf,
    },
    /// A file was asked for where a folder is, or the reverse.
    #[error("{}: {}", .path.display(), .what.render(crate::i18n::Lang::En))]
    WrongKind {
        /// The output.
        path: PathBuf,
        /// What is there instead, from the catalogue.
        what: crate::i18n::Catalogued,
    },
    /// A report folder would replace an earlier report that now holds
    /// something the report did not write.
    #[error(
        "{}: the folder is an earlier firecover report, but {} is not one of its files; \
         move it out, or choose another folder, so that nothing of yours is replaced",
        .path.display(),
        .entry.display()
    )]
    NotOnlyAReport {
        /// The folder.
        path: PathBuf,
        /// The first entry the report did not write.
        entry: PathBuf,
    },
    /// Two outputs of one command on the same path, or one inside the
    /// other (a file in a report folder that replaces it whole).
    #[error(
        "{} and {}: two outputs on one path, or one inside the other; give each its own",
        .first.display(),
        .second.display()
    )]
    Overlap {
        /// The one given first.
        first: PathBuf,
        /// The other.
        second: PathBuf,
    },
    /// A report folder would replace a folder that is not a report.
    #[error(
        "{}: the folder exists and is not a firecover report (it has no {REPORT_MARKER}); \
         choose a new or empty folder so that none of its files are replaced",
        .path.display()
    )]
    NotAReport {
        /// The folder.
        path: PathBuf,
    },
    /// A termination signal came while the outputs were being written: none
    /// of this set was moved into place.
    #[error("interrupted (signal {signal}) while writing the outputs; the previous files are kept")]
    Interrupted {
        /// The signal.
        signal: i32,
    },
    /// A folder for outputs could not be made (the cause follows in the
    /// error chain).
    #[error("creating the folder {}", .path.display())]
    FolderFailed {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Writing or moving failed (the cause follows in the error chain).
    #[error("writing {}", .path.display())]
    Io {
        /// The output.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl OutputError {
    /// The same error naming a file where it would be, `target/…`, when it
    /// names one in `staged`, the hidden folder it is staged in.
    pub fn unstaged(self, staged: &Path, target: &Path) -> OutputError {
        let moved = |path: PathBuf| match path.strip_prefix(staged) {
            Ok(rest) => target.join(rest),
            Err(_) => path,
        };
        match self {
            OutputError::Io { path, source } => OutputError::Io {
                path: moved(path),
                source,
            },
            OutputError::FolderFailed { path, source } => OutputError::FolderFailed {
                path: moved(path),
                source,
            },
            other => other,
        }
    }

    /// The message in `lang`.
    pub fn render(&self, lang: crate::i18n::Lang) -> String {
        use crate::tr;
        match self {
            OutputError::NoFolder { path, parent } => tr!(
                lang,
                "check-output-no-folder",
                file = path.display().to_string(),
                folder = parent.display().to_string()
            ),
            OutputError::WrongKind { path, what } => {
                format!("{}{}{}", path.display(), lang.colon(), what.render(lang))
            }
            OutputError::NotOnlyAReport { path, entry } => tr!(
                lang,
                "check-output-not-only-a-report",
                folder = path.display().to_string(),
                entry = entry.display().to_string()
            ),
            OutputError::Overlap { first, second } => tr!(
                lang,
                "check-output-overlap",
                first = first.display().to_string(),
                second = second.display().to_string()
            ),
            OutputError::NotAReport { path } => tr!(
                lang,
                "check-output-not-a-report",
                folder = path.display().to_string(),
                marker = REPORT_MARKER
            ),
            OutputError::Interrupted { signal } => {
                tr!(lang, "output-interrupted", signal = *signal)
            }
            OutputError::FolderFailed { path, source } => tr!(
                lang,
                "output-folder-failed",
                folder = path.display().to_string(),
                reason = crate::i18n::io_reason(lang, source)
            ),
            OutputError::Io { path, source } => write_failed(lang, path, source),
        }
    }
}

/// Checks, before any work is done and without making anything, that the
/// folder `path` for outputs written one by one can be there: it is a
/// folder, or the nearest existing folder above it is one (a file in the
/// way is refused here; a refused permission shows in [`prepare_folder`]).
pub fn check_folder_creatable(path: &Path) -> Result<(), OutputError> {
    if path.exists() {
        if path.is_dir() {
            return Ok(());
        }
        return Err(OutputError::WrongKind {
            path: path.to_path_buf(),
            what: crate::said!("check-output-is-file-not-folder"),
        });
    }
    let above = path
        .ancestors()
        .skip(1)
        .find(|a| a.as_os_str().is_empty() || a.exists());
    match above {
        Some(a) if !a.as_os_str().is_empty() && !a.is_dir() => Err(OutputError::FolderFailed {
            path: path.to_path_buf(),
            source: std::io::ErrorKind::NotADirectory.into(),
        }),
        _ => Ok(()),
    }
}

/// Where an output will be, for comparing with the others: absolute, its
/// existing folders resolved (links and `..`), its last part kept.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // the deepest existing ancestor, resolved, with the rest joined back
    for ancestor in absolute.ancestors().skip(1) {
        if let Ok(real) = std::fs::canonicalize(ancestor) {
            let rest = absolute.strip_prefix(ancestor).unwrap_or(&absolute);
            return real.join(rest);
        }
    }
    absolute
}

/// Checks, before any work, that no two of a command's outputs are the
/// same path and that none lies inside another (a report folder is
/// replaced whole, so a file inside it would be lost).
pub fn check_distinct(outputs: &[&Path]) -> Result<(), OutputError> {
    let places: Vec<PathBuf> = outputs.iter().map(|p| resolved(p)).collect();
    for (i, a) in places.iter().enumerate() {
        for (j, b) in places.iter().enumerate().skip(i + 1) {
            if a == b || a.starts_with(b) || b.starts_with(a) {
                return Err(OutputError::Overlap {
                    first: outputs[i].to_path_buf(),
                    second: outputs[j].to_path_buf(),
                });
            }
        }
    }
    Ok(())
}

/// Makes the folder `path` (and the folders above it) for outputs written
/// one by one, after [`check_folder_creatable`] and once the work that
/// fills it can no longer be refused.
pub fn prepare_folder(path: &Path) -> Result<(), OutputError> {
    check_folder_creatable(path)?;
    std::fs::create_dir_all(path).map_err(|source| OutputError::FolderFailed {
        path: path.to_path_buf(),
        source,
    })
}

/// "Cannot write `path`: why", in `lang`.
pub fn write_failed(lang: crate::i18n::Lang, path: &Path, e: &std::io::Error) -> String {
    crate::tr!(
        lang,
        "output-write-failed",
        file = path.display().to_string(),
        reason = crate::i18n::io_reason(lang, e)
    )
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Checks, before any work is done, that a file can be written at `path`:
/// its folder exists and it is not a folder itself.
pub fn check_file_target(path: &Path) -> Result<(), OutputError> {
    let parent = parent_of(path);
    if !parent.is_dir() {
        return Err(OutputError::NoFolder {
            path: path.to_path_buf(),
            parent: parent.to_path_buf(),
        });
    }
    if path.is_dir() {
        return Err(OutputError::WrongKind {
            path: path.to_path_buf(),
            what: crate::said!("check-output-is-folder"),
        });
    }
    // a device, pipe or socket is never replaced by a file
    if let Ok(meta) = std::fs::symlink_metadata(path)
        && !meta.is_file()
        && !meta.file_type().is_symlink()
    {
        return Err(OutputError::WrongKind {
            path: path.to_path_buf(),
            what: crate::said!("check-output-not-regular"),
        });
    }
    Ok(())
}

/// Checks, before any work is done, that a report folder can be written at
/// `path`: its parent exists, and it is new, empty or an earlier report.
pub fn check_folder_target(path: &Path) -> Result<(), OutputError> {
    let parent = parent_of(path);
    if !parent.is_dir() {
        return Err(OutputError::NoFolder {
            path: path.to_path_buf(),
            parent: parent.to_path_buf(),
        });
    }
    if !path.exists() {
        return Ok(());
    }
    if !path.is_dir() {
        return Err(OutputError::WrongKind {
            path: path.to_path_buf(),
            what: crate::said!("check-output-is-file"),
        });
    }
    let io = |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    };
    let empty = std::fs::read_dir(path).map_err(io)?.next().is_none();
    if empty {
        return Ok(());
    }
    match foreign_entry(path) {
        Ok(None) => Ok(()),
        Ok(Some(entry)) => Err(OutputError::NotOnlyAReport {
            path: path.to_path_buf(),
            entry,
        }),
        Err(_) => Err(OutputError::NotAReport {
            path: path.to_path_buf(),
        }),
    }
}

/// The first line of a report's marker; the lines after it name every
/// file and folder the report wrote.
const MARKER_HEADER: &str = "written by firecover; the whole folder is replaced by the next report written here, as long as it holds only the files listed below";

/// The largest marker read back (a report lists a few dozen files).
const MARKER_LIMIT: u64 = 1 << 20;

/// Of a folder that may be an earlier report: `Ok(None)` when it carries
/// firecover's marker and holds nothing the marker does not list (so that
/// replacing it loses nothing of anyone's), `Ok(Some(entry))` naming the
/// first thing the report did not write, `Err` when it has no readable
/// marker.
fn foreign_entry(path: &Path) -> std::io::Result<Option<PathBuf>> {
    let marker = path.join(REPORT_MARKER);
    let meta = std::fs::symlink_metadata(&marker)?;
    if !meta.is_file() || meta.len() > MARKER_LIMIT {
        return Err(std::io::ErrorKind::InvalidData.into());
    }
    let text = std::fs::read_to_string(&marker)?;
    let mut lines = text.lines();
    if lines.next() != Some(MARKER_HEADER) {
        return Err(std::io::ErrorKind::InvalidData.into());
    }
    let listed: std::collections::BTreeSet<&str> = lines.collect();
    let mut found = Vec::new();
    entries(path, Path::new(""), &mut found)?;
    Ok(found
        .into_iter()
        .find(|(relative, is_link)| {
            *is_link
                || (relative != Path::new(REPORT_MARKER)
                    && !listed.contains(&*relative.to_string_lossy()))
        })
        .map(|(relative, _)| path.join(relative)))
}

/// Every entry under `dir` (links not followed), relative to the walk's
/// root, with whether it is a link; at most 100,000.
fn entries(dir: &Path, relative: &Path, found: &mut Vec<(PathBuf, bool)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let name = relative.join(entry.file_name());
        found.push((name.clone(), kind.is_symlink()));
        if found.len() > 100_000 {
            return Err(std::io::ErrorKind::InvalidData.into());
        }
        if kind.is_dir() {
            entries(&entry.path(), &name, found)?;
        }
    }
    Ok(())
}

/// Writes the marker of the staged report folder `dir`: the header, then
/// every entry it holds, sorted.
fn write_marker(dir: &Path) -> std::io::Result<()> {
    let mut found = Vec::new();
    entries(dir, Path::new(""), &mut found)?;
    let mut names: Vec<String> = found
        .into_iter()
        .map(|(relative, _)| relative.to_string_lossy().into_owned())
        .filter(|n| n != REPORT_MARKER)
        .collect();
    names.sort();
    let mut text = String::from(MARKER_HEADER);
    text.push('\n');
    for n in names {
        text.push_str(&n);
        text.push('\n');
    }
    let mut f = create_exclusive_or_replace(&dir.join(REPORT_MARKER))?;
    f.write_all(text.as_bytes())
}

/// Opens `path` in a folder of ours for writing, replacing any file there
/// (never writing through a link: one is removed first).
fn create_exclusive_or_replace(path: &Path) -> std::io::Result<std::fs::File> {
    if std::fs::symlink_metadata(path).is_ok() {
        std::fs::remove_file(path)?;
    }
    create_exclusive(path)
}

/// A staging name beside `target`: hidden, and unpredictable (64 random
/// bits), so that nobody can have planted anything there beforehand; it is
/// still created exclusively (see [`OutputSet::stage`]).
fn temporary_beside(target: &Path, kind: &str) -> PathBuf {
    temporary_named(target, kind, rand::random::<u64>())
}

fn temporary_named(target: &Path, kind: &str, token: u64) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    parent_of(target).join(format!(".{name}.{token:016x}.{kind}"))
}

/// How many staging names are tried before giving up: each is taken only
/// when nothing is there, and a random name is taken by chance never.
const STAGING_TRIES: usize = 32;

/// Creates the staging file `path` only if nothing is there, never through
/// a symbolic link (`O_CREAT | O_EXCL | O_NOFOLLOW`).
fn create_exclusive(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW).mode(0o666);
    }
    options.open(path)
}

/// Creates the staging folder `path` only if nothing is there (`mkdir`
/// never follows a link), readable by its owner alone until it is moved
/// into place, so that nobody can plant a file in it meanwhile.
fn create_private_folder(path: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path)
}

/// The permissions a folder made the usual way gets: 0777 less the umask
/// (read from `/proc/self/status`, which does not change it; 022 where it
/// cannot be read).
#[cfg(unix)]
fn usual_folder_mode() -> u32 {
    static MODE: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *MODE.get_or_init(|| {
        let umask = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("Umask:"))
                    .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
            })
            .unwrap_or(0o022);
        0o777 & !umask
    })
}

impl OutputSet {
    /// An empty set.
    pub fn new() -> OutputSet {
        OutputSet::default()
    }

    /// Creates a staging file or folder beside `target`, at a fresh name
    /// and only where nothing was (a name taken, by anyone, is passed
    /// over), registers it (so that a failed write is cleaned up too) and
    /// returns it, with the file opened for writing.
    fn stage(
        &mut self,
        target: &Path,
        folder: bool,
    ) -> Result<(PathBuf, Option<std::fs::File>), OutputError> {
        self.stage_named(target, folder, rand::random::<u64>)
    }

    /// [`OutputSet::stage`] with the names' random tokens from `token`.
    fn stage_named(
        &mut self,
        target: &Path,
        folder: bool,
        mut token: impl FnMut() -> u64,
    ) -> Result<(PathBuf, Option<std::fs::File>), OutputError> {
        if !self.active {
            ACTIVE_SETS.fetch_add(1, Ordering::SeqCst);
            self.active = true;
        }
        check_interrupt()?;
        let kind = if folder { "new" } else { "tmp" };
        let mut last = std::io::Error::from(std::io::ErrorKind::AlreadyExists);
        for _ in 0..STAGING_TRIES {
            let tmp = temporary_named(target, kind, token());
            let made = if folder {
                create_private_folder(&tmp).map(|()| None)
            } else {
                create_exclusive(&tmp).map(Some)
            };
            match made {
                Ok(file) => {
                    self.staged.push(Staged {
                        tmp: tmp.clone(),
                        target: target.to_path_buf(),
                        folder,
                    });
                    return Ok((tmp, file));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = e,
                Err(source) => {
                    return Err(OutputError::Io {
                        path: target.to_path_buf(),
                        source,
                    });
                }
            }
        }
        Err(OutputError::Io {
            path: target.to_path_buf(),
            source: last,
        })
    }

    /// Stages `bytes` for the file `target`.
    pub fn file(&mut self, target: &Path, bytes: &[u8]) -> Result<(), OutputError> {
        check_file_target(target)?;
        let (_, file) = self.stage(target, false)?;
        let result = (|| {
            let mut f = file.ok_or_else(|| std::io::Error::other("no staging file"))?;
            f.write_all(bytes)?;
            f.sync_all()
        })();
        result.map_err(|source| OutputError::Io {
            path: target.to_path_buf(),
            source,
        })?;
        check_interrupt()
    }

    /// Stages a report folder for `target`: returns the empty folder to
    /// fill, which replaces `target` on commit. It holds the report marker.
    pub fn folder(&mut self, target: &Path) -> Result<PathBuf, OutputError> {
        check_folder_target(target)?;
        let (tmp, _) = self.stage(target, true)?;
        let io = |source| OutputError::Io {
            path: target.to_path_buf(),
            source,
        };
        // the marker says from the start that the folder is a report; its
        // list of files is written on commit
        write_marker(&tmp).map_err(io)?;
        Ok(tmp)
    }

    /// Moves every staged output into place; returns the targets. An
    /// interrupt that came while staging abandons the set (the previous
    /// files stay); one that comes while moving waits until all are moved.
    pub fn commit(mut self) -> Result<Vec<PathBuf>, OutputError> {
        check_interrupt()?;
        let staged = std::mem::take(&mut self.staged);
        // folders' files must be on disk before they are swapped in, and
        // the folders open to others as a folder made the usual way
        for s in staged.iter().filter(|s| s.folder) {
            let settle = || -> std::io::Result<()> {
                write_marker(&s.tmp)?;
                sync_folder_files(&s.tmp)?;
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    std::fs::set_permissions(
                        &s.tmp,
                        std::fs::Permissions::from_mode(usual_folder_mode()),
                    )?;
                }
                Ok(())
            };
            settle().map_err(|source| OutputError::Io {
                path: s.target.clone(),
                source,
            })?;
        }
        // the last look: from here on the set is completed
        if let Err(e) = check_interrupt() {
            self.staged = staged;
            return Err(e);
        }
        let mut result = Ok(());
        let mut done = Vec::new();
        for s in &staged {
            let moved = if s.folder {
                replace_folder(&s.tmp, &s.target)
            } else {
                std::fs::rename(&s.tmp, &s.target)
            };
            match moved {
                Ok(()) => done.push(s.target.clone()),
                Err(source) => {
                    result = Err(OutputError::Io {
                        path: s.target.clone(),
                        source,
                    });
                    break;
                }
            }
        }
        for s in &staged {
            if let Ok(dir) = std::fs::File::open(parent_of(&s.target)) {
                let _ = dir.sync_all();
            }
        }
        // whatever did not move is removed
        for s in &staged {
            remove_any(&s.tmp);
        }
        result.map(|()| done)
    }
}

impl Drop for OutputSet {
    fn drop(&mut self) {
        for s in &self.staged {
            remove_any(&s.tmp);
        }
        // the last set settled: a signal held back meanwhile takes effect
        // now, as it would have when it came (the outputs are whole)
        if self.active
            && ACTIVE_SETS.fetch_sub(1, Ordering::SeqCst) == 1
            && let Some(sig) = interrupted()
        {
            std::process::exit(128 + sig);
        }
    }
}

/// Removes a staging file or folder; a link is removed, never followed.
fn remove_any(path: &Path) {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => {
            let _ = std::fs::remove_dir_all(path);
        }
        Ok(_) => {
            let _ = std::fs::remove_file(path);
        }
        Err(_) => {}
    }
}

fn sync_folder_files(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_file() {
            std::fs::File::open(&path)?.sync_all()?;
        }
    }
    std::fs::File::open(dir)?.sync_all()
}

/// Puts the folder `new` at `target`: an atomic exchange with the folder
/// there (Linux `renameat2(RENAME_EXCHANGE)`), whose old contents end up in
/// `new` and are removed with it; two renames where the exchange is not
/// offered.
fn replace_folder(new: &Path, target: &Path) -> std::io::Result<()> {
    if !target.exists() {
        return std::fs::rename(new, target);
    }
    if exchange(new, target)? {
        return Ok(());
    }
    let old = temporary_beside(target, "old");
    std::fs::rename(target, &old)?;
    let moved = std::fs::rename(new, target);
    if moved.is_err() {
        let _ = std::fs::rename(&old, target);
    } else {
        let _ = std::fs::rename(&old, new);
    }
    moved
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes()).map_err(|e| std::io::Error::other(e.to_string()))
    };
    let (ca, cb) = (c(a)?, c(b)?);
    // SAFETY: two valid NUL-terminated paths; renameat2 only reads them
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        // not offered by this kernel or file system: fall back
        Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EOPNOTSUPP) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Output sets with something staged and not yet settled: while there is
/// one, an interrupt waits for it (see [`install_interrupt_handler`]).
static ACTIVE_SETS: AtomicUsize = AtomicUsize::new(0);
/// The termination signal that arrived during the output phase, or 0.
static INTERRUPTED: AtomicI32 = AtomicI32::new(0);

/// The signals that end a run: SIGINT, SIGTERM, SIGHUP.
#[cfg(unix)]
const TERMINATING: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

#[cfg(unix)]
extern "C" fn on_terminating_signal(sig: libc::c_int) {
    if ACTIVE_SETS.load(Ordering::SeqCst) > 0 {
        INTERRUPTED.store(sig, Ordering::SeqCst);
    } else {
        // nothing staged yet: end as the signal would, without unwinding
        // SAFETY: _exit is async-signal-safe
        unsafe { libc::_exit(128 + sig) }
    }
}

/// For programs that write with [`OutputSet`]: SIGINT, SIGTERM and SIGHUP
/// end the process at once, as by default, except while a set has
/// outputs staged. Then they are held until the set is settled (abandoned
/// while staging, leaving the previous files; completed while being moved
/// into place) and the process ends with exit code 128 + signal when the
/// last set is dropped; [`interrupted`] says whether one came.
pub fn install_interrupt_handler() {
    #[cfg(unix)]
    for sig in TERMINATING {
        // SAFETY: the handler only touches atomics and calls _exit, both
        // async-signal-safe; sigaction is given a zeroed, filled struct
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_terminating_signal as *const () as libc::sighandler_t;
            libc::sigemptyset(&mut action.sa_mask);
            action.sa_flags = libc::SA_RESTART;
            libc::sigaction(sig, &action, std::ptr::null_mut());
        }
    }
}

/// The termination signal held back during the output phase, if one came.
pub fn interrupted() -> Option<i32> {
    match INTERRUPTED.load(Ordering::SeqCst) {
        0 => None,
        sig => Some(sig),
    }
}

fn check_interrupt() -> Result<(), OutputError> {
    match interrupted() {
        Some(signal) => Err(OutputError::Interrupted { signal }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A symbolic link planted at every staging name the writer will try
    /// (and a file at some) is never written through, followed or
    /// removed: the victim keeps its bytes, the output is a regular file
    /// or folder, and the planted links stay as they were.
    #[cfg(unix)]
    #[test]
    fn planted_links_at_staging_names_are_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "precious").unwrap();
        let victim_dir = dir.path().join("victim-folder");
        std::fs::create_dir(&victim_dir).unwrap();
        std::fs::write(victim_dir.join("keep"), "keep").unwrap();
        let target = dir.path().join("out.json");
        let report = dir.path().join("report");
        // the writer's tokens: 1, 2, 3, ...; links at the first five names
        // of each kind, a plain file at the sixth
        let planted = 5u64;
        for (t, kind, to) in [(&target, "tmp", &victim), (&report, "new", &victim_dir)] {
            for token in 1..=planted {
                std::os::unix::fs::symlink(to, temporary_named(t, kind, token)).unwrap();
            }
            std::fs::write(temporary_named(t, kind, planted + 1), "someone's").unwrap();
        }
        let tokens = || {
            let mut n = 0u64;
            move || {
                n += 1;
                n
            }
        };
        let mut set = OutputSet::new();
        let (file_tmp, file) = set.stage_named(&target, false, tokens()).unwrap();
        assert_eq!(file_tmp, temporary_named(&target, "tmp", planted + 2));
        let mut file = file.unwrap();
        file.write_all(b"output").unwrap();
        drop(file);
        let (folder_tmp, _) = set.stage_named(&report, true, tokens()).unwrap();
        assert_eq!(folder_tmp, temporary_named(&report, "new", planted + 2));
        std::fs::write(folder_tmp.join("index.html"), "report").unwrap();
        set.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(
            std::fs::read_dir(&victim_dir).unwrap().count(),
            1,
            "the victim folder changed"
        );
        let meta = std::fs::symlink_metadata(&target).unwrap();
        assert!(meta.is_file(), "the output is not a regular file");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "output");
        let meta = std::fs::symlink_metadata(&report).unwrap();
        assert!(meta.is_dir() && !meta.file_type().is_symlink());
        assert_eq!(
            std::fs::read_to_string(report.join("index.html")).unwrap(),
            "report"
        );
        for (t, kind) in [(&target, "tmp"), (&report, "new")] {
            for token in 1..=planted {
                let link = temporary_named(t, kind, token);
                assert!(
                    std::fs::symlink_metadata(&link)
                        .unwrap()
                        .file_type()
                        .is_symlink()
                );
            }
            let file = temporary_named(t, kind, planted + 1);
            assert_eq!(std::fs::read_to_string(file).unwrap(), "someone's");
        }
    }

    /// The default staging names differ from run to run and from one
    /// output to the next.
    #[test]
    fn staging_names_are_unpredictable() {
        let t = Path::new("/tmp/x.json");
        let names: std::collections::BTreeSet<PathBuf> =
            (0..64).map(|_| temporary_beside(t, "tmp")).collect();
        assert_eq!(names.len(), 64);
        assert!(names.iter().all(|n| {
            n.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".x.json.")
        }));
    }

    #[test]
    fn a_folder_for_outputs_is_checked_without_being_made() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a-file");
        std::fs::write(&file, "").unwrap();
        let nested = dir.path().join("new").join("deeper");
        // new folders, however deep, pass and are not made by the check
        assert!(check_folder_creatable(&nested).is_ok());
        assert!(check_folder_creatable(Path::new("relative-new-folder")).is_ok());
        assert!(!dir.path().join("new").exists());
        assert!(check_folder_creatable(dir.path()).is_ok());
        // a file where the folder or one above it would be
        assert!(matches!(
            check_folder_creatable(&file),
            Err(OutputError::WrongKind { .. })
        ));
        let under = file.join("x").join("y");
        match check_folder_creatable(&under) {
            Err(e @ OutputError::FolderFailed { .. }) => assert!(
                e.render(crate::i18n::Lang::En)
                    .ends_with("part of the path is not a folder"),
                "{}",
                e.render(crate::i18n::Lang::En)
            ),
            other => panic!("{other:?}"),
        }
        prepare_folder(&nested).unwrap();
        assert!(nested.is_dir());
    }

    #[test]
    fn a_set_appears_whole_on_commit_and_not_at_all_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b, r) = (
            dir.path().join("a.json"),
            dir.path().join("b.svg"),
            dir.path().join("report"),
        );
        std::fs::write(&a, "old a").unwrap();
        std::fs::create_dir(&r).unwrap();
        std::fs::write(r.join("differences.csv"), "old").unwrap();
        // an earlier report: its marker lists what it wrote
        write_marker(&r).unwrap();
        {
            let mut set = OutputSet::new();
            set.file(&a, b"new a").unwrap();
            set.file(&b, b"new b").unwrap();
            let tmp = set.folder(&r).unwrap();
            std::fs::write(tmp.join("index.html"), "new").unwrap();
            // dropped without commit: nothing changes, nothing is left
        }
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old a");
        assert!(!b.exists());
        assert!(r.join("differences.csv").exists());
        let names = |d: &Path| -> Vec<String> {
            let mut v: Vec<String> = std::fs::read_dir(d)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        assert_eq!(names(dir.path()), ["a.json", "report"]);
        let mut set = OutputSet::new();
        set.file(&a, b"new a").unwrap();
        set.file(&b, b"new b").unwrap();
        let tmp = set.folder(&r).unwrap();
        std::fs::write(tmp.join("index.html"), "new").unwrap();
        let done = set.commit().unwrap();
        assert_eq!(done.len(), 3);
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "new a");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "new b");
        // the folder was replaced whole: the old table is gone
        assert_eq!(names(&r), [REPORT_MARKER, "index.html"]);
        assert_eq!(names(dir.path()), ["a.json", "b.svg", "report"]);
    }

    #[test]
    fn targets_are_checked_before_any_work() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no/such/x.json");
        assert!(matches!(
            check_file_target(&missing),
            Err(OutputError::NoFolder { .. })
        ));
        assert!(matches!(
            check_file_target(dir.path()),
            Err(OutputError::WrongKind { .. })
        ));
        let file = dir.path().join("f");
        std::fs::write(&file, "x").unwrap();
        assert!(matches!(
            check_folder_target(&file),
            Err(OutputError::WrongKind { .. })
        ));
        // a folder of the user's own files is never replaced
        let own = dir.path().join("mine");
        std::fs::create_dir(&own).unwrap();
        std::fs::write(own.join("thesis.docx"), "x").unwrap();
        assert!(matches!(
            check_folder_target(&own),
            Err(OutputError::NotAReport { .. })
        ));
        assert!(check_folder_target(&dir.path().join("new")).is_ok());
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        assert!(check_folder_target(&empty).is_ok());
    }
}
