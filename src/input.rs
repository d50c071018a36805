//! Reading the files a user names: only regular files (a FIFO would block
//! forever, `/dev/zero` would fill the memory), at most a size that the
//! parsers can hold, and text that is UTF-8, with the line named when it
//! is not.

use std::io::Read;
use std::path::Path;

/// How big a file of each kind may be, bytes. The parsers hold a file's
/// syntax tree in memory, several times the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// Scenario files and the files they extend (TOML): 64 MB. The
    /// city-scale scenario of 50,000 places is 5 MB.
    Scenario,
    /// GeoJSON (roads, outlines, places) and CSV site lists: 512 MB.
    Geodata,
    /// `.fcnet` road graphs: 4 GB (a 10-million-node extract is 152 MB).
    RoadGraph,
    /// A shard's partial result (`.fcpart`): 1 GB.
    Partial,
}

impl Limit {
    /// The limit in bytes.
    pub fn bytes(self) -> u64 {
        match self {
            Limit::Scenario => 64 << 20,
            Limit::Geodata => 512 << 20,
            Limit::RoadGraph => 4 << 30,
            Limit::Partial => 1 << 30,
        }
    }

    fn what(self) -> &'static str {
        match self {
            Limit::Scenario => "a scenario file",
            Limit::Geodata => "a GeoJSON or CSV file",
            Limit::RoadGraph => "a .fcnet road graph",
            Limit::Partial => "a shard's partial result (.fcpart)",
        }
    }
}

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The operating system's reason.
    #[error("cannot read {}: {source}", .path.display())]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A directory, device, FIFO or socket.
    #[error("{} is not a regular file (a folder, device, pipe or socket)", .path.display())]
    NotRegular {
        /// The path.
        path: std::path::PathBuf,
    },
    /// Over the size limit of its kind.
    #[error("{} is {} MB; {} may be at most {} MB", .path.display(), .size >> 20, .kind, .limit >> 20)]
    TooLarge {
        /// The file.
        path: std::path::PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
        /// What kind of file.
        kind: &'static str,
    },
    /// Not UTF-8.
    #[error(
        "{}:{line}: not valid UTF-8 (byte {byte} of the file); save it as UTF-8 \
         (a GBK or GB 2312 file must be converted, e.g. `iconv -f GBK -t UTF-8`)",
        .path.display()
    )]
    NotUtf8 {
        /// The file.
        path: std::path::PathBuf,
        /// 1-based line of the first bad byte.
        line: usize,
        /// 0-based offset of the first bad byte.
        byte: usize,
    },
}

impl Limit {
    /// The kind's key in the catalogue's `check-too-large` selector.
    fn kind_key(self) -> &'static str {
        match self {
            Limit::Scenario => "scenario",
            Limit::Geodata => "geodata",
            Limit::RoadGraph => "graph",
            Limit::Partial => "partial",
        }
    }

    fn of_kind(kind: &str) -> Option<Limit> {
        [
            Limit::Scenario,
            Limit::Geodata,
            Limit::RoadGraph,
            Limit::Partial,
        ]
        .into_iter()
        .find(|l| l.what() == kind)
    }
}

impl InputError {
    /// The message from the catalogue, for any language.
    pub fn said(&self) -> crate::i18n::Said {
        use crate::said;
        match self {
            InputError::Io { path, source } => io_said(path, source).into(),
            InputError::NotRegular { path } => {
                said!("check-not-regular", file = path.display()).into()
            }
            InputError::TooLarge {
                path,
                size,
                limit,
                kind,
            } => said!(
                "check-too-large",
                file = path.display(),
                size = size >> 20,
                limit = limit >> 20,
                kind = Limit::of_kind(kind).map_or("other", Limit::kind_key)
            )
            .into(),
            InputError::NotUtf8 { path, line, byte } => said!(
                "check-not-utf8",
                file = path.display(),
                line = line,
                byte = byte
            )
            .into(),
        }
    }
}

/// Why `path` could not be read, from the catalogue: a missing file and a
/// refused permission in messages of their own, the other common causes
/// (a folder, a busy file...) worded as [`crate::i18n::io_reason`] words
/// them, and anything else with the system's reason.
pub fn io_said(path: &Path, e: &std::io::Error) -> crate::i18n::Catalogued {
    use crate::said;
    match e.kind() {
        std::io::ErrorKind::NotFound => said!("check-file-missing", file = path.display()),
        std::io::ErrorKind::PermissionDenied => {
            said!("check-file-denied", file = path.display())
        }
        _ => {
            let reason = match crate::i18n::io_reason_id(e) {
                Some(id) => crate::i18n::Catalogued::of(id),
                None => said!("io-other", reason = e),
            };
            said!("check-cannot-read", file = path.display()).nest("reason", reason)
        }
    }
}

/// Opens `path` for reading if it is a regular file, without blocking on a
/// FIFO; returns it with its size.
pub fn open_regular(path: &Path) -> Result<(std::fs::File, u64), InputError> {
    let io = |source| InputError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(InputError::NotRegular {
            path: path.to_path_buf(),
        });
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // should the path have turned into a FIFO meanwhile, do not wait
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(InputError::NotRegular {
            path: path.to_path_buf(),
        });
    }
    Ok((file, meta.len()))
}

/// The bytes of a regular file of at most `limit`'s size.
pub fn read_bytes(path: &Path, limit: Limit) -> Result<Vec<u8>, InputError> {
    let (file, size) = open_regular(path)?;
    let too_large = |size| InputError::TooLarge {
        path: path.to_path_buf(),
        size,
        limit: limit.bytes(),
        kind: limit.what(),
    };
    if size > limit.bytes() {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // a file that grows while read is cut at the limit, and refused
    file.take(limit.bytes() + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| InputError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > limit.bytes() {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The text of a regular UTF-8 file of at most `limit`'s size (a UTF-8
/// byte-order mark is dropped).
pub fn read_text(path: &Path, limit: Limit) -> Result<String, InputError> {
    let bytes = read_bytes(path, limit)?;
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(e) => {
            let byte = e.utf8_error().valid_up_to();
            let line = 1 + e.as_bytes()[..byte].iter().filter(|&&b| b == b'\n').count();
            Err(InputError::NotUtf8 {
                path: path.to_path_buf(),
                line,
                byte,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_failure_is_worded_in_the_readers_language() {
        use crate::i18n::Lang;
        use std::io::{Error, ErrorKind};
        let path = Path::new("roads.geojson");
        let busy = io_said(path, &Error::from(ErrorKind::ResourceBusy));
        assert_eq!(
            busy.render(Lang::En),
            "cannot read roads.geojson: the file is in use"
        );
        assert_eq!(
            busy.render(Lang::Zh),
            "无法读取 roads.geojson：文件正被占用"
        );
        // a cause without words of its own keeps the system's text, framed
        let odd = io_said(path, &Error::other("odd failure"));
        assert_eq!(
            odd.render(Lang::Zh),
            "无法读取 roads.geojson：系统提示：odd failure"
        );
        assert_eq!(
            odd.render(Lang::En),
            "cannot read roads.geojson: the system says: odd failure"
        );
    }

    #[test]
    fn refuses_what_is_not_a_small_regular_utf8_file() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_text(dir.path(), Limit::Scenario),
            Err(InputError::NotRegular { .. })
        ));
        assert!(matches!(
            read_text(Path::new("/dev/zero"), Limit::Scenario),
            Err(InputError::NotRegular { .. })
        ));
        let gbk = dir.path().join("gbk.toml");
        // "[scenario]\nname = " then 七星镇 in GBK
        let mut bytes = b"[scenario]\nname = \"".to_vec();
        bytes.extend_from_slice(&[0xC6, 0xDF, 0xD0, 0xC7, 0xD5, 0xF2]);
        std::fs::write(&gbk, &bytes).unwrap();
        let e = read_text(&gbk, Limit::Scenario).unwrap_err();
        assert!(
            matches!(
                e,
                InputError::NotUtf8 {
                    line: 2,
                    byte: 19,
                    ..
                }
            ),
            "{e}"
        );
        assert!(e.to_string().contains("gbk.toml:2:"), "{e}");
        let bom = dir.path().join("bom.csv");
        std::fs::write(&bom, "\u{feff}id,lon,lat\n").unwrap();
        assert_eq!(read_text(&bom, Limit::Geodata).unwrap(), "id,lon,lat\n");
        let missing = dir.path().join("missing.toml");
        assert!(matches!(
            read_text(&missing, Limit::Scenario),
            Err(InputError::Io { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.toml");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid path
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert!(matches!(
            read_text(&fifo, Limit::Scenario),
            Err(InputError::NotRegular { .. })
        ));
    }

    #[test]
    fn a_file_over_its_limit_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.toml");
        let f = std::fs::File::create(&big).unwrap();
        // sparse: 65 MB of nothing
        f.set_len(65 << 20).unwrap();
        let e = read_text(&big, Limit::Scenario).unwrap_err();
        assert!(matches!(e, InputError::TooLarge { .. }), "{e}");
        assert!(e.to_string().contains("at most 64 MB"), "{e}");
    }
}
