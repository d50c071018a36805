//! Shards of a run over a cluster: which replications shard K of N runs,
//! the partial result file it writes, and the exact merge of the parts.
//!
//! A shard runs replications `[K·R/N, (K+1)·R/N)` with the same
//! per-replication streams as a single run and writes the blocks of its
//! fold ([`super::fold`]) and its pooled histograms. Pushing every shard's
//! blocks in shard order rebuilds the single run's fold node for node, so
//! the merged report is the single run's, byte for byte.
//!
//! The `.fcpart` file is framed as [`crate::sealed`] describes, magic
//! `FCPART\r\n`; the payload is the [`PartHeader`] and the [`PartBody`],
//! each in `postcard` encoding behind its `u64` length.

use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::fold::Block;
use super::moments::LockstepMoments;
use crate::i18n::Lang;
use crate::stats::DurationHistogram;
use crate::{said, tr};

/// First bytes of every `.fcpart` file.
pub const MAGIC: &[u8; 8] = b"FCPART\r\n";
/// Format version this build writes and reads.
pub const FORMAT: u32 = 1;

/// Shard `index` of `count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// 0-based.
    pub index: u32,
    /// How many shards the run is cut into.
    pub count: u32,
}

/// Where the shard comes from in `--shard`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShardSpec {
    /// `K/N`.
    Given(Shard),
    /// `auto`: Slurm's array task id and count; `auto/N`: the task id
    /// (Slurm's, else Kubernetes' `JOB_COMPLETION_INDEX`) of N.
    Auto(Option<u32>),
}

impl ShardSpec {
    /// Parses `K/N`, `auto` or `auto/N`.
    pub fn parse(text: &str) -> Result<ShardSpec, ShardError> {
        let bad = || ShardError::Syntax {
            text: text.to_string(),
        };
        let t = text.trim();
        if t == "auto" {
            return Ok(ShardSpec::Auto(None));
        }
        let (k, n) = t.split_once('/').ok_or_else(bad)?;
        let n: u32 = n.trim().parse().map_err(|_| bad())?;
        if k.trim() == "auto" {
            return Ok(ShardSpec::Auto(Some(n)));
        }
        let index: u32 = k.trim().parse().map_err(|_| bad())?;
        Ok(ShardSpec::Given(Shard { index, count: n }))
    }

    /// The shard, reading the environment through `env` for `auto`.
    pub fn resolve(self, env: &dyn Fn(&str) -> Option<String>) -> Result<Shard, ShardError> {
        let number = |name: &'static str| -> Result<u32, ShardError> {
            let v = env(name).ok_or(ShardError::Environment { variable: name })?;
            v.trim().parse().map_err(|_| ShardError::EnvironmentValue {
                variable: name,
                value: v,
            })
        };
        match self {
            ShardSpec::Given(s) => Ok(s),
            ShardSpec::Auto(count) => {
                let slurm = env("SLURM_ARRAY_TASK_ID").is_some();
                let index = if slurm {
                    // array indices may start anywhere (--array=1-8)
                    let min = if env("SLURM_ARRAY_TASK_MIN").is_some() {
                        number("SLURM_ARRAY_TASK_MIN")?
                    } else {
                        0
                    };
                    number("SLURM_ARRAY_TASK_ID")?.saturating_sub(min)
                } else if count.is_some() {
                    number("JOB_COMPLETION_INDEX")?
                } else {
                    return Err(ShardError::Environment {
                        variable: "SLURM_ARRAY_TASK_ID",
                    });
                };
                let count = match count {
                    Some(n) => n,
                    None => number("SLURM_ARRAY_TASK_COUNT")?,
                };
                Ok(Shard { index, count })
            }
        }
    }
}

impl Shard {
    /// Refuses K ≥ N, N = 0 and N above the replications.
    pub fn check(self, replications: u32) -> Result<Shard, ShardError> {
        if self.count == 0 || self.index >= self.count || self.count > replications {
            return Err(ShardError::Range {
                index: self.index,
                count: self.count,
                replications,
            });
        }
        Ok(self)
    }

    /// The replications this shard runs of `replications`.
    pub fn range(self, replications: u32) -> Range<u32> {
        let at = |k: u32| (u64::from(k) * u64::from(replications) / u64::from(self.count)) as u32;
        at(self.index)..at(self.index + 1)
    }
}

/// A scenario a part was made from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartScenario {
    /// Its file, as given on the command line.
    pub path: String,
    /// [`crate::scenario::Document::content_hash`].
    pub hash: String,
}

/// What a part says about the run it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartHeader {
    /// The program version that wrote it.
    pub program: String,
    /// `run` or `compare`.
    pub command: String,
    /// The scenarios, baseline first.
    pub scenarios: Vec<PartScenario>,
    /// Seed of the run.
    pub seed: u64,
    /// Replications of the whole run.
    pub replications: u32,
    /// Which shard.
    pub shard: Shard,
    /// The command's own arguments, for a merge that re-runs its
    /// deterministic part (`site`: the solve); empty for `run`, `compare`.
    pub args: Vec<String>,
}

/// Options that never change what a shard computes: worker threads and
/// where the outputs go (a merge writes its own).
const ARGS_IGNORED: [&str; 7] = [
    "--threads",
    "--json",
    "--html",
    "--out",
    "--title",
    "--author",
    "--no-png",
];

impl PartHeader {
    /// The first way `other` belongs to another run, if any. Scenario files
    /// match by their content, never by their paths (a relative and an
    /// absolute path, or two cluster mounts, name one file).
    pub fn mismatch(&self, other: &PartHeader) -> Option<Mismatch> {
        let plain = |what: &'static str| {
            Some(Mismatch {
                what,
                argument: None,
            })
        };
        if self.program != other.program {
            plain("program")
        } else if self.command != other.command {
            plain("command")
        } else if self.scenarios.len() != other.scenarios.len() {
            plain("files")
        } else if self
            .scenarios
            .iter()
            .map(|s| &s.hash)
            .ne(other.scenarios.iter().map(|s| &s.hash))
        {
            plain("content")
        } else if self.seed != other.seed {
            plain("seed")
        } else if self.replications != other.replications {
            plain("replications")
        } else if self.shard.count != other.shard.count {
            plain("count")
        } else {
            let (mine, theirs) = (self.normalised_args(), other.normalised_args());
            let differs = (0..mine.len().max(theirs.len())).find(|&k| mine.get(k) != theirs.get(k));
            differs.map(|k| Mismatch {
                what: "arguments",
                argument: Some((
                    theirs.get(k).cloned().unwrap_or_else(|| "-".into()),
                    mine.get(k).cloned().unwrap_or_else(|| "-".into()),
                )),
            })
        }
    }

    /// The recorded arguments as options with their values (`--vary=K=V`
    /// and `--vary K=V` alike), scenario paths as `<scenario K>` (files
    /// match by content), without the options in [`ARGS_IGNORED`].
    pub fn normalised_args(&self) -> Vec<String> {
        let mut items: Vec<Vec<String>> = Vec::new();
        for arg in &self.args {
            let scenario = self.scenarios.iter().position(|s| &s.path == arg);
            if let Some(k) = scenario {
                items.push(vec![format!("<scenario {k}>")]);
                continue;
            }
            match arg.strip_prefix("--") {
                Some(rest) => match rest.split_once('=') {
                    Some((name, value)) => items.push(vec![format!("--{name}"), value.to_string()]),
                    None => items.push(vec![arg.clone()]),
                },
                None => match items.last_mut() {
                    Some(item) if item[0].starts_with("--") => item.push(arg.clone()),
                    _ => items.push(vec![arg.clone()]),
                },
            }
        }
        items
            .into_iter()
            .filter(|item| !ARGS_IGNORED.contains(&item[0].as_str()))
            .map(|item| item.join(" "))
            .collect()
    }
}

/// How a part differs from the first part given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// `program`, `command`, `files`, `content`, `seed`, `replications`,
    /// `count` or `arguments`.
    pub what: &'static str,
    /// For `arguments`: the first that differs, in this part and in the
    /// first part (`-` where one has none).
    pub argument: Option<(String, String)>,
}

/// One lockstep's share in a part: its fold's blocks and its histograms
/// per run.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LockstepPart {
    /// The blocks of the shard's replications, oldest first.
    pub blocks: Vec<Block<LockstepMoments>>,
    /// Per run: response time per group, then travel.
    pub hists: Vec<(Vec<DurationHistogram>, DurationHistogram)>,
}

/// What a part holds: one [`LockstepPart`] per lockstep of the command
/// (one for `run`, `compare` and `site`; a `sweep` runs several).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PartBody {
    /// In the command's order.
    pub locksteps: Vec<LockstepPart>,
}

/// Why a shard cannot run or parts cannot merge.
#[derive(Debug)]
pub enum ShardError {
    /// `--shard` that does not parse.
    Syntax {
        /// As given.
        text: String,
    },
    /// K ≥ N, N = 0 or N above the replications.
    Range {
        /// K.
        index: u32,
        /// N.
        count: u32,
        /// Replications of the run.
        replications: u32,
    },
    /// `--shard auto` outside an array job.
    Environment {
        /// The variable missing.
        variable: &'static str,
    },
    /// An environment variable that is not a number.
    EnvironmentValue {
        /// The variable.
        variable: &'static str,
        /// Its value.
        value: String,
    },
    /// Not a regular file, too large, or unreadable.
    Input(crate::input::InputError),
    /// Not a partial result at all.
    NotPart {
        /// The file.
        file: String,
    },
    /// Written by another format version.
    Format {
        /// The file.
        file: String,
        /// Its version.
        found: u32,
    },
    /// Truncated, a bad checksum, or undecodable.
    Damaged {
        /// The file.
        file: String,
        /// What is wrong.
        why: crate::i18n::Said,
    },
    /// A part of another run.
    Mismatch {
        /// The file.
        file: String,
        /// The first part's file.
        first: String,
        /// What differs.
        what: Mismatch,
    },
    /// Two parts of the same shard.
    Duplicate {
        /// The shard.
        index: u32,
        /// One file.
        first: String,
        /// The other.
        second: String,
    },
    /// Shards without a part.
    Missing {
        /// Their indices, as inclusive ranges in order (a run of a billion
        /// missing shards is one range, not a billion numbers).
        ranges: Vec<(u32, u32)>,
        /// Of how many.
        count: u32,
    },
    /// A scenario changed since the shards ran.
    Changed {
        /// Its file.
        path: String,
    },
    /// No part given.
    NoParts,
}

/// `0,3,5-7`: inclusive ranges of indices as a Slurm `--array` list.
pub fn array_list(ranges: &[(u32, u32)]) -> String {
    ranges
        .iter()
        .map(|&(start, end)| {
            if start == end {
                start.to_string()
            } else {
                format!("{start}-{end}")
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

impl ShardError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ShardError::Syntax { text } => tr!(lang, "shard-syntax", text = text.as_str()),
            ShardError::Range {
                index,
                count,
                replications,
            } => tr!(
                lang,
                "shard-range",
                index = *index,
                count = *count,
                replications = *replications
            ),
            ShardError::Environment { variable } => {
                tr!(lang, "shard-environment", variable = *variable)
            }
            ShardError::EnvironmentValue { variable, value } => tr!(
                lang,
                "shard-environment-value",
                variable = *variable,
                value = value.as_str()
            ),
            ShardError::Input(e) => e.said().render(lang),
            ShardError::NotPart { file } => tr!(lang, "part-magic", file = file.as_str()),
            ShardError::Format { file, found } => tr!(
                lang,
                "part-format",
                file = file.as_str(),
                found = *found,
                format = FORMAT
            ),
            ShardError::Damaged { file, why } => {
                tr!(
                    lang,
                    "part-damaged",
                    file = file.as_str(),
                    why = why.render(lang)
                )
            }
            ShardError::Mismatch { file, first, what } => match &what.argument {
                Some((theirs, ours)) => tr!(
                    lang,
                    "part-mismatch-argument",
                    file = file.as_str(),
                    first = first.as_str(),
                    theirs = theirs.as_str(),
                    ours = ours.as_str()
                ),
                None => tr!(
                    lang,
                    "part-mismatch",
                    file = file.as_str(),
                    first = first.as_str(),
                    what = what.what
                ),
            },
            ShardError::Duplicate {
                index,
                first,
                second,
            } => tr!(
                lang,
                "part-duplicate",
                index = *index,
                first = first.as_str(),
                second = second.as_str()
            ),
            ShardError::Missing { ranges, count } => tr!(
                lang,
                "part-missing",
                missing = ranges
                    .iter()
                    .map(|&(a, b)| u64::from(b - a) + 1)
                    .sum::<u64>(),
                count = *count,
                list = array_list(ranges)
            ),
            ShardError::Changed { path } => tr!(lang, "part-changed", path = path.as_str()),
            ShardError::NoParts => tr!(lang, "part-none"),
        }
    }
}

impl std::fmt::Display for ShardError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ShardError {}

/// Encodes a part.
pub fn to_bytes(header: &PartHeader, body: &PartBody) -> Result<Vec<u8>, postcard::Error> {
    let head = postcard::to_stdvec(header)?;
    let rest = postcard::to_stdvec(body)?;
    let mut payload = Vec::with_capacity(16 + head.len() + rest.len());
    payload.extend_from_slice(&(head.len() as u64).to_le_bytes());
    payload.extend_from_slice(&head);
    payload.extend_from_slice(&(rest.len() as u64).to_le_bytes());
    payload.extend_from_slice(&rest);
    Ok(crate::sealed::seal(MAGIC, FORMAT, &payload))
}

/// The checked payload's two sections.
fn sections<'b>(bytes: &'b [u8], file: &str) -> Result<(&'b [u8], &'b [u8]), ShardError> {
    use crate::sealed::{Damage, Unsealed};
    let damaged = |why: crate::i18n::Said| ShardError::Damaged {
        file: file.to_string(),
        why,
    };
    let payload = crate::sealed::open(bytes, MAGIC, FORMAT).map_err(|e| match e {
        Unsealed::Magic => ShardError::NotPart {
            file: file.to_string(),
        },
        Unsealed::Version(found) => ShardError::Format {
            file: file.to_string(),
            found,
        },
        Unsealed::Damaged(Damage::TruncatedHeader) => {
            damaged(said!("part-why-truncated-header").into())
        }
        Unsealed::Damaged(Damage::Length { announced, holds }) => {
            damaged(said!("part-why-length", announced = announced, holds = holds).into())
        }
        Unsealed::Damaged(Damage::Checksum) => damaged(said!("part-why-checksum").into()),
    })?;
    let u64_at = |b: &[u8], a: usize| -> Option<u64> {
        let w: [u8; 8] = b.get(a..a + 8)?.try_into().ok()?;
        Some(u64::from_le_bytes(w))
    };
    let section = |at: usize| -> Option<(&'b [u8], usize)> {
        let len = usize::try_from(u64_at(payload, at)?).ok()?;
        let end = at.checked_add(8)?.checked_add(len)?;
        Some((payload.get(at + 8..end)?, end))
    };
    let bad_sections = || damaged(said!("part-why-sections").into());
    let (head, end) = section(0).ok_or_else(bad_sections)?;
    let (body, _) = section(end).ok_or_else(bad_sections)?;
    Ok((head, body))
}

/// A part whose sealed bytes do not decode: the decoder's own words kept
/// as the detail.
fn undecodable(e: &postcard::Error) -> crate::i18n::Said {
    said!("part-why-undecodable", detail = e.to_string()).into()
}

/// Reads a part's file: its bytes, checked.
fn read(path: &Path) -> Result<Vec<u8>, ShardError> {
    crate::input::read_bytes(path, crate::input::Limit::Partial).map_err(ShardError::Input)
}

/// Reads a part's header (the whole file is checked).
pub fn read_header(path: &Path) -> Result<PartHeader, ShardError> {
    let file = path.display().to_string();
    let bytes = read(path)?;
    let (head, _) = sections(&bytes, &file)?;
    postcard::from_bytes(head).map_err(|e| ShardError::Damaged {
        file,
        why: undecodable(&e),
    })
}

/// Reads a part whole.
pub fn read_part(path: &Path) -> Result<(PartHeader, PartBody), ShardError> {
    let file = path.display().to_string();
    let bytes = read(path)?;
    let (head, body) = sections(&bytes, &file)?;
    let damaged = |e: postcard::Error| ShardError::Damaged {
        file: file.clone(),
        why: undecodable(&e),
    };
    Ok((
        postcard::from_bytes(head).map_err(damaged)?,
        postcard::from_bytes(body).map_err(damaged)?,
    ))
}

/// Orders the parts by shard, refusing parts of other runs, duplicates and
/// gaps: one path per shard, index order.
pub fn order_parts(headers: &[(String, PartHeader)]) -> Result<Vec<usize>, ShardError> {
    let Some((first_file, first)) = headers.first() else {
        return Err(ShardError::NoParts);
    };
    let count = first.shard.count;
    if first.shard.check(first.replications).is_err() {
        return Err(ShardError::Damaged {
            file: first_file.clone(),
            why: said!(
                "part-why-shard",
                index = first.shard.index,
                count = first.shard.count,
                replications = first.replications
            )
            .into(),
        });
    }
    // the parts sorted by shard: memory follows the parts given, never
    // the shard count (a part may claim to be one of four billion)
    let mut by_index: Vec<(u32, usize)> = Vec::with_capacity(headers.len());
    for (k, (file, h)) in headers.iter().enumerate() {
        if let Some(what) = first.mismatch(h) {
            return Err(ShardError::Mismatch {
                file: file.clone(),
                first: first_file.clone(),
                what,
            });
        }
        if h.shard.index >= count {
            return Err(ShardError::Damaged {
                file: file.clone(),
                why: said!(
                    "part-why-shard",
                    index = h.shard.index,
                    count = count,
                    replications = h.replications
                )
                .into(),
            });
        }
        by_index.push((h.shard.index, k));
    }
    by_index.sort_unstable();
    if let Some(pair) = by_index.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(ShardError::Duplicate {
            index: pair[0].0,
            first: headers[pair[0].1.min(pair[1].1)].0.clone(),
            second: headers[pair[0].1.max(pair[1].1)].0.clone(),
        });
    }
    // the gaps between the shards given, as ranges
    let mut ranges = Vec::new();
    let mut next = 0u32;
    for &(index, _) in &by_index {
        if index > next {
            ranges.push((next, index - 1));
        }
        next = index + 1;
    }
    if next < count {
        ranges.push((next, count - 1));
    }
    if !ranges.is_empty() {
        return Err(ShardError::Missing { ranges, count });
    }
    Ok(by_index.into_iter().map(|(_, k)| k).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cut_the_replications_evenly_and_completely() {
        for (reps, n) in [(200u32, 8u32), (7, 7), (10, 3), (1_000_000, 999)] {
            let mut next = 0;
            for k in 0..n {
                let r = Shard { index: k, count: n }.range(reps);
                assert_eq!(r.start, next);
                assert!(r.end > r.start);
                next = r.end;
            }
            assert_eq!(next, reps);
        }
        let s = |index, count| Shard { index, count }.check(10);
        assert!(s(0, 0).is_err() && s(3, 3).is_err() && s(0, 11).is_err());
        assert!(s(9, 10).is_ok());
    }

    #[test]
    fn shard_specs_parse_and_read_the_environment() {
        assert_eq!(
            ShardSpec::parse("2/8").unwrap(),
            ShardSpec::Given(Shard { index: 2, count: 8 })
        );
        assert!(ShardSpec::parse("2").is_err() && ShardSpec::parse("a/b").is_err());
        let slurm = |k: &str| match k {
            "SLURM_ARRAY_TASK_ID" => Some("5".to_string()),
            "SLURM_ARRAY_TASK_MIN" => Some("1".to_string()),
            "SLURM_ARRAY_TASK_COUNT" => Some("8".to_string()),
            _ => None,
        };
        assert_eq!(
            ShardSpec::parse("auto").unwrap().resolve(&slurm).unwrap(),
            Shard { index: 4, count: 8 }
        );
        let k8s = |k: &str| (k == "JOB_COMPLETION_INDEX").then(|| "3".to_string());
        assert_eq!(
            ShardSpec::parse("auto/4").unwrap().resolve(&k8s).unwrap(),
            Shard { index: 3, count: 4 }
        );
        assert!(
            ShardSpec::parse("auto")
                .unwrap()
                .resolve(&|_| None)
                .is_err()
        );
    }

    #[test]
    fn array_lists_join_runs() {
        assert_eq!(array_list(&[(0, 0), (3, 3), (5, 7)]), "0,3,5-7");
        assert_eq!(array_list(&[(2, 2)]), "2");
    }
}
