//! Problems found in a scenario, each located by file, line and key path.

use std::fmt;
use std::path::PathBuf;

use crate::i18n::{Catalogued, Lang, Said};
use crate::tr;

/// How bad a problem is: errors stop a run, warnings are printed and the run goes on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The scenario cannot be run.
    Error,
    /// The scenario runs, but something in it deserves a look.
    Warning,
}

/// One problem, with where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file that holds the offending key (after `extends` resolution).
    pub file: Option<PathBuf>,
    /// 1-based line of the key in that file, when known.
    pub line: Option<u32>,
    /// Key path such as `stations[1].units[0].count`; empty for a whole-file problem.
    pub path: String,
    /// What is wrong, in English.
    pub message: String,
    /// The same from the catalogue, for other languages; `None` where the
    /// message is English only so far.
    pub catalogued: Option<Catalogued>,
}

impl Diagnostic {
    /// A diagnostic saying `said`; its English text is kept in `message`.
    pub fn new(
        severity: Severity,
        file: Option<PathBuf>,
        line: Option<u32>,
        path: String,
        said: impl Into<Said>,
    ) -> Diagnostic {
        let said = said.into();
        Diagnostic {
            severity,
            file,
            line,
            path,
            message: said.render(Lang::En),
            catalogued: said.catalogued(),
        }
    }

    /// The whole line in `lang`: `file:line: key: message`.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        if let Some(file) = &self.file {
            out += &file.display().to_string();
            if let Some(line) = self.line {
                out += &format!(":{line}");
            }
            out += ": ";
        }
        if !self.path.is_empty() {
            out += &format!("{}: ", self.path);
        }
        let message = match &self.catalogued {
            Some(c) => c.render(lang),
            None => self.message.clone(),
        };
        if self.severity == Severity::Warning {
            out += &tr!(lang, "check-warning", message = message);
        } else {
            out += &message;
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// Every problem found while loading one scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// True when at least one problem is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors (warnings not counted).
    pub fn error_count(&self) -> usize {
        self.0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}
