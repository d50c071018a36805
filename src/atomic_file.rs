//! Writing files so that they are never left half-written: the bytes go to
//! a temporary file beside the target, which is then renamed over it; and
//! sets of outputs ([`OutputSet`]) that appear together or not at all.

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
        what: crate::scenario::Catalogued,
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
    if empty || path.join(REPORT_MARKER).is_file() || is_earlier_report(path) {
        return Ok(());
    }
    Err(OutputError::NotAReport {
        path: path.to_path_buf(),
    })
}

/// A folder written before reports carried the marker: its index.html says
/// firecover made it.
fn is_earlier_report(path: &Path) -> bool {
    std::fs::read(path.join("index.html"))
        .map(|bytes| {
            let head = &bytes[..bytes.len().min(4096)];
            String::from_utf8_lossy(head).contains("firecover")
        })
        .unwrap_or(false)
}

fn temporary_beside(target: &Path, kind: &str) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let name = target
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    parent_of(target).join(format!(".{name}.{}.{n}.{kind}", std::process::id()))
}

impl OutputSet {
    /// An empty set.
    pub fn new() -> OutputSet {
        OutputSet::default()
    }

    /// Registers a temporary beside `target` (before anything is written
    /// to it, so that a failed write is cleaned up too) and returns it.
    fn stage(&mut self, target: &Path, folder: bool) -> Result<PathBuf, OutputError> {
        if !self.active {
            ACTIVE_SETS.fetch_add(1, Ordering::SeqCst);
            self.active = true;
        }
        check_interrupt()?;
        let tmp = temporary_beside(target, if folder { "new" } else { "tmp" });
        self.staged.push(Staged {
            tmp: tmp.clone(),
            target: target.to_path_buf(),
            folder,
        });
        Ok(tmp)
    }

    /// Stages `bytes` for the file `target`.
    pub fn file(&mut self, target: &Path, bytes: &[u8]) -> Result<(), OutputError> {
        check_file_target(target)?;
        let tmp = self.stage(target, false)?;
        let result = (|| {
            let mut f = std::fs::File::create(&tmp)?;
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
        let tmp = self.stage(target, true)?;
        let io = |source| OutputError::Io {
            path: target.to_path_buf(),
            source,
        };
        std::fs::create_dir(&tmp).map_err(io)?;
        std::fs::write(
            tmp.join(REPORT_MARKER),
            "written by firecover; the whole folder is replaced by the next report written here\n",
        )
        .map_err(io)?;
        Ok(tmp)
    }

    /// Moves every staged output into place; returns the targets. An
    /// interrupt that came while staging abandons the set (the previous
    /// files stay); one that comes while moving waits until all are moved.
    pub fn commit(mut self) -> Result<Vec<PathBuf>, OutputError> {
        check_interrupt()?;
        let staged = std::mem::take(&mut self.staged);
        // folders' files must be on disk before they are swapped in
        for s in staged.iter().filter(|s| s.folder) {
            sync_folder_files(&s.tmp).map_err(|source| OutputError::Io {
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

fn remove_any(path: &Path) {
    if path.is_dir() {
        let _ = std::fs::remove_dir_all(path);
    } else if path.exists() {
        let _ = std::fs::remove_file(path);
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
        std::fs::write(r.join(REPORT_MARKER), "").unwrap();
        std::fs::write(r.join("differences.csv"), "old").unwrap();
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
