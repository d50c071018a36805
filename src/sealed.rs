//! The framing of firecover's binary files (`.fcnet` road graphs, `.fcpart`
//! partial results): little-endian 8-byte magic, `u32` format version,
//! `u64` payload length, `u32` CRC-32 of the payload, then the payload. The
//! magic catches a wrong file, the version an old one, the length a
//! truncated one, the checksum a damaged one.

/// Bytes before the payload.
pub const PREFIX_LEN: usize = 8 + 4 + 8 + 4;

/// Why a sealed file cannot be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unsealed {
    /// Other magic bytes: not this kind of file.
    Magic,
    /// Another format version.
    Version(u32),
    /// Truncated or a bad checksum.
    Damaged(Damage),
}

/// What is wrong with a damaged file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Damage {
    /// Shorter than its header.
    TruncatedHeader,
    /// The header announces another length than the file holds.
    Length {
        /// Bytes the header announces.
        announced: u64,
        /// Bytes the file holds.
        holds: u64,
    },
    /// The payload's CRC-32 differs.
    Checksum,
}

impl std::fmt::Display for Damage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Damage::TruncatedHeader => f.write_str("truncated header"),
            Damage::Length { announced, holds } => write!(
                f,
                "the header announces {announced} bytes of data, the file holds {holds}"
            ),
            Damage::Checksum => f.write_str("checksum mismatch"),
        }
    }
}

/// `payload` framed with `magic` and `version`.
pub fn seal(magic: &[u8; 8], version: u32, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(PREFIX_LEN + payload.len());
    out.extend_from_slice(magic);
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The payload of `bytes`, checked against `magic` and `version`.
pub fn open<'b>(bytes: &'b [u8], magic: &[u8; 8], version: u32) -> Result<&'b [u8], Unsealed> {
    if bytes.len() < 8 || &bytes[..8] != magic {
        return Err(Unsealed::Magic);
    }
    if bytes.len() < PREFIX_LEN {
        return Err(Unsealed::Damaged(Damage::TruncatedHeader));
    }
    let word = |a: usize| {
        let mut w = [0u8; 4];
        w.copy_from_slice(&bytes[a..a + 4]);
        u32::from_le_bytes(w)
    };
    let found = word(8);
    if found != version {
        return Err(Unsealed::Version(found));
    }
    let mut len = [0u8; 8];
    len.copy_from_slice(&bytes[12..20]);
    let length = u64::from_le_bytes(len);
    let crc = word(20);
    let payload = &bytes[PREFIX_LEN..];
    if payload.len() as u64 != length {
        return Err(Unsealed::Damaged(Damage::Length {
            announced: length,
            holds: payload.len() as u64,
        }));
    }
    if crc32fast::hash(payload) != crc {
        return Err(Unsealed::Damaged(Damage::Checksum));
    }
    Ok(payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_payload_opens_and_damage_shows() {
        let magic = b"TESTMAG\n";
        let sealed = seal(magic, 3, b"payload");
        assert_eq!(open(&sealed, magic, 3), Ok(&b"payload"[..]));
        assert_eq!(open(&sealed, b"OTHERMAG", 3), Err(Unsealed::Magic));
        assert_eq!(open(&sealed, magic, 4), Err(Unsealed::Version(3)));
        assert!(matches!(
            open(&sealed[..sealed.len() - 1], magic, 3),
            Err(Unsealed::Damaged(_))
        ));
        let mut flipped = sealed.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert_eq!(
            open(&flipped, magic, 3),
            Err(Unsealed::Damaged(Damage::Checksum))
        );
        assert!(matches!(
            open(&sealed[..10], magic, 3),
            Err(Unsealed::Damaged(_))
        ));
    }
}
