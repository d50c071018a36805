//! Command-line errors (clap's) said in the run's language: `--lang zh`
//! given on the command line, else the locale. clap words its errors in
//! English only; under Chinese the kind of error and its parts (the
//! argument, the value, what is allowed, the nearest spelling) are said
//! from the catalogue, with the usage line clap prints.

use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};

use firecover::i18n::Lang;
use firecover::tr;

/// The language asked for on the command line (`--lang zh`, `--lang=zh`),
/// read without clap, which has just refused the command line.
fn asked_language(args: &[String]) -> Option<Lang> {
    let value = args.iter().enumerate().find_map(|(k, a)| {
        if a == "--lang" {
            args.get(k + 1).map(String::as_str)
        } else {
            a.strip_prefix("--lang=")
        }
    })?;
    match value {
        "zh" => Some(Lang::Zh),
        "en" => Some(Lang::En),
        _ => None,
    }
}

/// One piece of clap's context as text.
fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The error in Chinese: `None` for kinds said as clap says them.
fn in_chinese(e: &clap::Error) -> Option<String> {
    let lang = Lang::Zh;
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut text = match e.kind() {
        ErrorKind::UnknownArgument => tr!(lang, "args-unknown", arg = arg),
        ErrorKind::InvalidSubcommand => tr!(lang, "args-unknown-command", arg = arg),
        ErrorKind::InvalidValue => tr!(lang, "args-invalid-value", arg = arg, value = value),
        ErrorKind::ValueValidation => tr!(lang, "args-invalid-value", arg = arg, value = value),
        ErrorKind::MissingRequiredArgument => tr!(lang, "args-missing", arg = arg),
        ErrorKind::ArgumentConflict => tr!(
            lang,
            "args-conflict",
            arg = arg,
            other = context(e, ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            tr!(lang, "args-missing-command")
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            tr!(lang, "args-value-count", arg = arg)
        }
        _ => return None,
    };
    if let Some(valid) = context(e, ContextKind::ValidValue) {
        text += &tr!(lang, "args-valid-values", values = valid);
    }
    if let Some(nearest) = context(e, ContextKind::SuggestedArg)
        .or_else(|| context(e, ContextKind::SuggestedSubcommand))
        .or_else(|| context(e, ContextKind::SuggestedValue))
    {
        text += &tr!(lang, "args-did-you-mean", nearest = nearest);
    }
    Some(text)
}

/// Prints a refused command line in the run's language and gives the exit
/// code (0 for `--help` and `--version`, 2 for errors, as clap does).
pub fn report(e: clap::Error) -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let lang = asked_language(&args).unwrap_or_else(Lang::from_env);
    let code = ExitCode::from(if e.use_stderr() { 2 } else { 0 });
    let chinese = if lang == Lang::Zh && e.use_stderr() {
        in_chinese(&e)
    } else {
        None
    };
    match chinese {
        Some(text) => {
            note!("{}", tr!(lang, "check-error", message = text));
            note!("{}", tr!(lang, "args-help"));
        }
        None => {
            let _ = e.print();
        }
    }
    code
}
