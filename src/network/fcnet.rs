//! The `.fcnet` file: a versioned, checksummed binary road graph.
//!
//! Framed as [`crate::sealed`] describes, magic `FCNET\r\n\x1a`; the
//! payload is a [`RoadGraph`] in `postcard` encoding.

use std::path::Path;

use super::road_graph::RoadGraph;

/// First bytes of every `.fcnet` file.
pub const MAGIC: &[u8; 8] = b"FCNET\r\n\x1a";
/// Format version this build writes and reads.
pub const VERSION: u32 = 1;

/// Why an `.fcnet` file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum FcnetError {
    /// Not a regular file, too large, or unreadable.
    #[error(transparent)]
    Input(#[from] crate::input::InputError),
    /// Reading or writing failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Not an fcnet file at all.
    #[error("{0}: not a firecover network file (.fcnet): wrong magic bytes")]
    NotFcnet(String),
    /// Written by another format version.
    #[error(
        "{path}: format version {found}, this firecover reads version {VERSION}; re-import the OpenStreetMap extract"
    )]
    Version {
        /// The file.
        path: String,
        /// Its version.
        found: u32,
    },
    /// Shorter than its header says, a bad checksum, or undecodable.
    #[error("{path}: damaged file: {why}")]
    Damaged {
        /// The file.
        path: String,
        /// What is wrong.
        why: String,
    },
}

impl FcnetError {
    /// The message from the catalogue.
    pub fn said(&self) -> crate::i18n::Said {
        use crate::said;
        match self {
            FcnetError::Input(e) => e.said(),
            FcnetError::Io { path, source } => {
                crate::input::io_said(std::path::Path::new(path), source).into()
            }
            FcnetError::NotFcnet(path) => said!("net-fcnet-magic", file = path).into(),
            FcnetError::Version { path, found } => said!(
                "net-fcnet-version",
                file = path,
                found = found,
                version = VERSION
            )
            .into(),
            FcnetError::Damaged { path, why } => {
                said!("net-fcnet-damaged", file = path, why = why).into()
            }
        }
    }
}

/// Encodes a graph with its header.
pub fn to_bytes(graph: &RoadGraph) -> Vec<u8> {
    let payload = postcard::to_stdvec(graph).unwrap_or_default();
    crate::sealed::seal(MAGIC, VERSION, &payload)
}

/// Decodes a graph, checking magic, version, length, checksum and indices.
pub fn from_bytes(bytes: &[u8], path: &str) -> Result<RoadGraph, FcnetError> {
    use crate::sealed::Unsealed;
    let damaged = |why: String| FcnetError::Damaged {
        path: path.into(),
        why,
    };
    let payload = crate::sealed::open(bytes, MAGIC, VERSION).map_err(|e| match e {
        Unsealed::Magic => FcnetError::NotFcnet(path.into()),
        Unsealed::Version(found) => FcnetError::Version {
            path: path.into(),
            found,
        },
        Unsealed::Damaged(why) => damaged(why.to_string()),
    })?;
    let graph: RoadGraph = postcard::from_bytes(payload).map_err(|e| damaged(e.to_string()))?;
    graph.check().map_err(damaged)?;
    Ok(graph)
}

/// Writes a graph to a file, atomically: a failed or interrupted write
/// leaves any previous file as it was.
pub fn save(graph: &RoadGraph, path: &Path) -> Result<(), FcnetError> {
    crate::atomic_file::write(path, &to_bytes(graph)).map_err(|source| FcnetError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Reads a graph from a file.
pub fn load(path: &Path) -> Result<RoadGraph, FcnetError> {
    let bytes = crate::input::read_bytes(path, crate::input::Limit::RoadGraph)?;
    from_bytes(&bytes, &path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::road_graph::RoadLink;

    fn sample() -> RoadGraph {
        RoadGraph {
            source: "test".into(),
            classes: vec!["residential".into()],
            node_ids: vec![1, 2],
            lon_e7: vec![1_077_000_000, 1_077_010_000],
            lat_e7: vec![306_000_000, 306_000_000],
            links: vec![RoadLink {
                from: 0,
                to: 1,
                class: 0,
                length_m: 96.5,
                maxspeed_kmh: 30,
                oneway: true,
            }],
            shape_offsets: vec![0, 1],
            shape_e7: vec![[1_077_005_000, 306_000_100]],
        }
    }

    #[test]
    fn streamed_file_equals_the_in_memory_encoding() {
        let dir = std::env::temp_dir().join(format!("fcnet-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("g.fcnet");
        save(&sample(), &path).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), to_bytes(&sample()));
        assert_eq!(load(&path).unwrap(), sample());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn round_trip_and_every_kind_of_damage() {
        let g = sample();
        let bytes = to_bytes(&g);
        assert_eq!(from_bytes(&bytes, "x").unwrap(), g);
        assert!(matches!(
            from_bytes(b"PK\x03\x04 zip", "x"),
            Err(FcnetError::NotFcnet(_))
        ));
        let mut v2 = bytes.clone();
        v2[8] = 2;
        assert!(matches!(
            from_bytes(&v2, "x"),
            Err(FcnetError::Version { found: 2, .. })
        ));
        let truncated = &bytes[..bytes.len() - 3];
        assert!(
            from_bytes(truncated, "x")
                .unwrap_err()
                .to_string()
                .contains("announces")
        );
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0x55;
        assert!(
            from_bytes(&flipped, "x")
                .unwrap_err()
                .to_string()
                .contains("checksum")
        );
        assert!(
            from_bytes(&bytes[..10], "x")
                .unwrap_err()
                .to_string()
                .contains("truncated header")
        );
    }
}
