//! The words of a siting study that a scenario file's `[siting]` table
//! uses as well as the solvers: the objective, the solver, the range of
//! counts. They live with the scenario format, below the solvers, which
//! re-export them (`crate::siting::Objective`).

use serde::Serialize;

/// What a siting solution is judged by.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Objective {
    /// Maximal covering (MCLP): the most expected alarms within the radius.
    Cover,
    /// Set covering (LSCP): the fewest new sites that bring `share` of the
    /// demand within the radius (1.0: every demand place with any demand).
    Lscp {
        /// Share of the demand that must be covered, in (0, 1].
        share: f64,
    },
    /// p-median: the least demand-weighted first-arrival cost.
    Median,
    /// p-center: the least worst first-arrival cost over places with demand.
    Center,
    /// Backup coverage (BACOP / MEXCLP family): demand covered at least once
    /// plus demand covered at least twice, so that a second station stands
    /// by when the first is busy.
    Backup,
}

impl Objective {
    /// Whether larger values are better.
    pub fn maximises(self) -> bool {
        matches!(self, Objective::Cover | Objective::Backup)
    }

    /// Short name as typed on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Objective::Cover => "cover",
            Objective::Lscp { .. } => "lscp",
            Objective::Median => "median",
            Objective::Center => "center",
            Objective::Backup => "backup",
        }
    }

    /// Parses a command-line name; `lscp` takes `share`.
    pub fn parse(name: &str, share: f64) -> Option<Objective> {
        Some(match name {
            "cover" | "mclp" => Objective::Cover,
            "lscp" => Objective::Lscp { share },
            "median" | "p-median" => Objective::Median,
            "center" | "p-center" => Objective::Center,
            "backup" => Objective::Backup,
            _ => return None,
        })
    }

    /// Whether the objective has the count of new sites as its input (all
    /// but `lscp`, which finds it).
    pub fn takes_count(self) -> bool {
        !matches!(self, Objective::Lscp { .. })
    }
}

/// Parses `"a..b"` (both included) or `"a"` as a range of new-station
/// counts; the refusal comes from the catalogue, for the reader's language.
pub fn parse_add(text: &str) -> Result<(usize, usize), crate::i18n::Catalogued> {
    let bad = || crate::said!("site-add-form", text = text);
    let parse = |s: &str| s.trim().parse::<usize>().map_err(|_| bad());
    let (a, b) = match text.split_once("..") {
        Some((a, b)) => (parse(a)?, parse(b.trim_start_matches('='))?),
        None => {
            let c = parse(text)?;
            (c, c)
        }
    };
    if a > b {
        return Err(crate::said!("site-add-backwards", text = text));
    }
    if b > 1000 {
        return Err(crate::said!("site-add-too-many", text = text, max = 1000));
    }
    Ok((a, b))
}

/// Whether this build has the MILP solver (cargo feature `highs`).
pub const MILP_AVAILABLE: bool = cfg!(feature = "highs");

/// Which solver to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SolverChoice {
    /// The exact pure-Rust solver ([`crate::siting::exact`]) up to
    /// [`crate::siting::AUTO_EXACT_ENTRIES`] cost-matrix entries; above it the MILP when
    /// this build has it and the model is small enough, else the heuristic.
    Auto,
    /// HiGHS on the exact model (only in a build with the `highs` feature).
    Milp,
    /// Greedy and swap with a Lagrangian bound.
    Heuristic,
}
