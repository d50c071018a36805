//! `firecover indicators`: the plan's resource indicators beside the plan's figures.

use std::path::Path;
use std::process::ExitCode;

use firecover::i18n::Lang;
use firecover::report;

use super::{EXIT_BAD_INPUT, load};

pub fn indicators(path: &Path, lang: Option<Lang>) -> anyhow::Result<ExitCode> {
    let scenario = match load(path, lang) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let lang = super::language(lang, Some(&scenario));
    match firecover::indicators::compute(&scenario) {
        Some(table) => {
            say!(
                "{}",
                report::render_indicators(&scenario.name, &table, lang)
            );
            Ok(ExitCode::SUCCESS)
        }
        None => {
            note!(
                "{}: no [indicators] table (population = <residents>, townships = <count>)",
                path.display()
            );
            Ok(ExitCode::from(EXIT_BAD_INPUT))
        }
    }
}
