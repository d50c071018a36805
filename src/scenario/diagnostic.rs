//! Problems found in a scenario, each located by file, line and key path.

use std::fmt;
use std::path::PathBuf;

use crate::i18n::{Args, Lang, arg};
use crate::tr;

/// A message from the catalogue (`locales/*/check.ftl`): its id and its
/// arguments, rendered in whichever language the reader asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalogued {
    /// The message id.
    pub id: &'static str,
    /// Its arguments, already formatted.
    pub args: Vec<(&'static str, String)>,
    /// Arguments that are catalogued messages themselves (a reason inside
    /// a frame), rendered in the reader's language with the frame.
    pub nested: Vec<(&'static str, Catalogued)>,
}

impl Catalogued {
    /// Message `id` without arguments.
    pub fn of(id: &'static str) -> Catalogued {
        Catalogued {
            id,
            args: Vec::new(),
            nested: Vec::new(),
        }
    }

    /// The message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut args = Args::new();
        for (k, v) in &self.args {
            args.set(*k, arg(v.as_str()));
        }
        for (k, inner) in &self.nested {
            args.set(*k, arg(inner.render(lang)));
        }
        lang.format(self.id, &args)
    }

    /// The message with argument `key` given by another catalogued message.
    pub fn nest(mut self, key: &'static str, inner: Catalogued) -> Catalogued {
        self.nested.push((key, inner));
        self
    }
}

/// What a check says: a catalogued message, or text that is only in
/// English so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Said {
    /// In the catalogue.
    Catalogued(Catalogued),
    /// English only.
    Plain(String),
}

impl Said {
    /// The message in `lang` (plain text stays as it is).
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Said::Catalogued(c) => c.render(lang),
            Said::Plain(s) => s.clone(),
        }
    }

    /// The catalogued part, if any.
    pub fn catalogued(self) -> Option<Catalogued> {
        match self {
            Said::Catalogued(c) => Some(c),
            Said::Plain(_) => None,
        }
    }
}

impl From<String> for Said {
    fn from(s: String) -> Said {
        Said::Plain(s)
    }
}

impl From<&str> for Said {
    fn from(s: &str) -> Said {
        Said::Plain(s.to_string())
    }
}

impl From<Catalogued> for Said {
    fn from(c: Catalogued) -> Said {
        Said::Catalogued(c)
    }
}

/// A catalogued message: `said!("check-unknown-node", node = id)`.
#[macro_export]
macro_rules! said {
    ($id:literal) => {
        $crate::scenario::Catalogued::of($id)
    };
    ($id:literal, $($key:ident = $value:expr),+ $(,)?) => {
        $crate::scenario::Catalogued {
            id: $id,
            args: vec![$((stringify!($key), ($value).to_string())),+],
            nested: Vec::new(),
        }
    };
}

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
