//! Message catalogues: every string a person reads comes from
//! `locales/<lang>/*.ftl` (Project Fluent), looked up by id through
//! [`Lang::t`] or the [`tr!`](crate::tr) macro with arguments.
//!
//! The catalogues are compiled into the binary. A test checks that both
//! languages hold the same ids with the same arguments, and that every id
//! the code names exists.

mod said;
pub use said::{Catalogued, Said};

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::{LanguageIdentifier, langid};

/// The catalogue files of each language, in lookup order.
const EN: [(&str, &str); 7] = [
    ("report.ftl", include_str!("../../locales/en/report.ftl")),
    ("compare.ftl", include_str!("../../locales/en/compare.ftl")),
    ("html.ftl", include_str!("../../locales/en/html.ftl")),
    ("site.ftl", include_str!("../../locales/en/site.ftl")),
    ("check.ftl", include_str!("../../locales/en/check.ftl")),
    ("sweep.ftl", include_str!("../../locales/en/sweep.ftl")),
    ("cluster.ftl", include_str!("../../locales/en/cluster.ftl")),
];
const ZH: [(&str, &str); 7] = [
    ("report.ftl", include_str!("../../locales/zh/report.ftl")),
    ("compare.ftl", include_str!("../../locales/zh/compare.ftl")),
    ("html.ftl", include_str!("../../locales/zh/html.ftl")),
    ("site.ftl", include_str!("../../locales/zh/site.ftl")),
    ("check.ftl", include_str!("../../locales/zh/check.ftl")),
    ("sweep.ftl", include_str!("../../locales/zh/sweep.ftl")),
    ("cluster.ftl", include_str!("../../locales/zh/cluster.ftl")),
];

/// A language of the output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

/// Arguments of a message, built by [`tr!`](crate::tr).
pub type Args<'a> = FluentArgs<'a>;

/// A message argument from a string or a number.
pub fn arg<'a, T: Into<FluentValue<'a>>>(value: T) -> FluentValue<'a> {
    value.into()
}

/// Formats message `$id` of `$lang`, with `name = value` arguments.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $id:literal) => {
        $lang.t($id)
    };
    ($lang:expr, $id:literal, $($key:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::i18n::Args::new();
        $( args.set(stringify!($key), $crate::i18n::arg($value)); )+
        $lang.format($id, &args)
    }};
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The language of a code such as `zh`, `zh_CN.UTF-8`, `en-GB` or `C`;
    /// `None` for one firecover has no catalogue for.
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        let base = code.split(['_', '-', '.', '@']).next().unwrap_or_default();
        match base {
            "zh" => Some(Lang::Zh),
            "en" | "c" | "posix" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language the environment asks for (`LC_ALL`, `LC_MESSAGES`,
    /// `LANG`, the first one set), English when it names none we have.
    pub fn from_env() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty())
            .and_then(|v| Lang::from_code(&v))
            .unwrap_or_default()
    }

    /// The short code: `en` or `zh`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The HTML `lang` attribute value.
    pub fn html_tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-Hans",
        }
    }

    /// The colon between a subject and what is said of it: `: ` in
    /// English, the full-width `：` in Chinese.
    pub fn colon(self) -> &'static str {
        match self {
            Lang::En => ": ",
            Lang::Zh => "：",
        }
    }

    /// Message `id` without arguments.
    pub fn t(self, id: &str) -> String {
        self.format(id, &FluentArgs::new())
    }

    /// Message `id` with `args`. An id missing from this language falls
    /// back to English, and one missing from both to the id itself (the
    /// catalogue test keeps both from happening).
    pub fn format(self, id: &str, args: &FluentArgs<'_>) -> String {
        for lang in [self, Lang::En] {
            let bundle = bundle(lang);
            if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                return bundle
                    .format_pattern(pattern, Some(args), &mut errors)
                    .into_owned();
            }
        }
        id.to_string()
    }
}

impl std::str::FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Lang, String> {
        match s {
            "en" => Ok(Lang::En),
            "zh" => Ok(Lang::Zh),
            other => Err(format!("`{other}`: the languages are `zh` and `en`")),
        }
    }
}

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: OnceLock<[Bundle; 2]> = OnceLock::new();
    let all = BUNDLES.get_or_init(|| [build(langid!("en"), &EN), build(langid!("zh-Hans"), &ZH)]);
    &all[lang as usize]
}

fn build(id: LanguageIdentifier, files: &[(&str, &str)]) -> Bundle {
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // no bidi isolation marks around arguments: they show in terminals
    bundle.set_use_isolating(false);
    for (_, text) in files {
        // the catalogue test parses every file; a broken one is a build defect
        let resource =
            FluentResource::try_new((*text).to_string()).unwrap_or_else(|(resource, _)| resource);
        let _ = bundle.add_resource(resource);
    }
    bundle
}

/// Why the system refused a file operation, in `lang`: the common causes
/// (a missing folder, no permission, a full or read-only disk...) in words
/// from the catalogue, anything else as the system put it.
pub fn io_reason(lang: Lang, e: &std::io::Error) -> String {
    match io_reason_id(e) {
        Some(id) => lang.t(id),
        None => crate::tr!(lang, "io-other", reason = e.to_string()),
    }
}

/// The catalogue id (`io-*`, without arguments) that words the cause of
/// `e`; `None` for a cause given in the system's own text (`io-other`).
pub fn io_reason_id(e: &std::io::Error) -> Option<&'static str> {
    use std::io::ErrorKind;
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::EBADF) {
        return Some("io-closed");
    }
    Some(match e.kind() {
        ErrorKind::NotFound => "io-not-found",
        ErrorKind::PermissionDenied => "io-permission-denied",
        ErrorKind::AlreadyExists => "io-already-exists",
        ErrorKind::StorageFull => "io-storage-full",
        ErrorKind::QuotaExceeded => "io-quota",
        ErrorKind::ReadOnlyFilesystem => "io-read-only",
        ErrorKind::IsADirectory => "io-is-a-folder",
        ErrorKind::NotADirectory => "io-not-a-folder",
        ErrorKind::FileTooLarge => "io-file-too-large",
        ErrorKind::ResourceBusy | ErrorKind::ExecutableFileBusy => "io-busy",
        _ => return None,
    })
}

/// The catalogue sources of a language (for checks).
pub fn sources(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_reasons_in_both_languages() {
        use std::io::{Error, ErrorKind};
        let missing = Error::from(ErrorKind::NotFound);
        assert_eq!(io_reason(Lang::En, &missing), "no such file or folder");
        assert_eq!(io_reason(Lang::Zh, &missing), "文件或文件夹不存在");
        let full = Error::from_raw_os_error(28); // ENOSPC
        assert_eq!(io_reason(Lang::Zh, &full), "磁盘已满");
        // a cause without words of its own keeps the system's text
        let odd = Error::other("odd failure");
        assert_eq!(io_reason(Lang::Zh, &odd), "系统提示：odd failure");
    }

    #[test]
    fn codes_and_environment_values() {
        assert_eq!(Lang::from_code("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::from_code("zh-Hans"), Some(Lang::Zh));
        assert_eq!(Lang::from_code("en_GB.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::from_code("C.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::from_code("fr_FR"), None);
        assert_eq!("zh".parse::<Lang>(), Ok(Lang::Zh));
        assert!("de".parse::<Lang>().is_err());
    }

    #[test]
    fn arguments_are_placed_without_isolation_marks() {
        let text = tr!(
            Lang::Zh,
            "report-replications",
            years = "1",
            replications = "100",
            seed = "42"
        );
        assert!(text.contains("100"), "{text}");
        assert!(!text.contains('\u{2068}'), "{text:?}");
    }
}
