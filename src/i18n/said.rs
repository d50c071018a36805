//! What a check or a refusal says: a message of the catalogue with its
//! arguments, rendered in the reader's language when it is shown (the
//! ground floor: every layer that refuses input says it with these).

use super::{Args, Lang, arg};

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
        $crate::i18n::Catalogued::of($id)
    };
    ($id:literal, $($key:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::Catalogued {
            id: $id,
            args: vec![$((stringify!($key), ($value).to_string())),+],
            nested: Vec::new(),
        }
    };
}
