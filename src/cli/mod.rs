//! What every command shares: printing to stdout, loading a scenario with
//! its diagnostics, the progress bar and the report's provenance.

use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use firecover::i18n::Lang;
use firecover::scenario::{Diagnostics, Scenario};
use firecover::tr;

/// Standard output was closed by its reader (`firecover ... | head`).
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
/// The first other error writing standard output (a full disk, say).
static STDOUT_ERROR: std::sync::Mutex<Option<std::io::Error>> = std::sync::Mutex::new(None);

/// `result` of filling the staged report folder `staged` for `target`,
/// its error said in `lang` and naming the files where they would be
/// (`target/…`), never the hidden staging folder (a full disk says
/// `report/index.html`, not `.report.new.…/index.html`).
pub fn in_report_folder<T, E: Into<anyhow::Error>>(
    staged: &std::path::Path,
    target: &std::path::Path,
    result: Result<T, E>,
    lang: Lang,
) -> anyhow::Result<T> {
    result.map_err(|e| {
        let text = failure_message(&e.into(), lang)
            .replace(&staged.display().to_string(), &target.display().to_string());
        anyhow::anyhow!(text)
    })
}

/// Writes to stdout. A failure never ends the program: the report files
/// are written whatever happens to the terminal text. A closed pipe stops
/// further text quietly; any other error is kept for [`stdout_failure`],
/// which turns a successful run into exit 1.
pub fn emit(text: &str) {
    use std::io::Write;
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
        } else {
            let mut first = STDOUT_ERROR.lock().unwrap_or_else(|p| p.into_inner());
            first.get_or_insert(e);
        }
    }
}

/// Whether standard output was closed when the process started (`>&-`),
/// seen before Rust's runtime points a closed one at `/dev/null`, after
/// which every write would succeed into nothing.
static STDOUT_CLOSED_AT_START: AtomicBool = AtomicBool::new(false);

/// Looks at standard output before the runtime's own start-up (a
/// constructor in `.init_array`, which the loader runs before `main`).
#[cfg(target_os = "linux")]
extern "C" fn look_at_stdout() {
    // SAFETY: fcntl only asks whether descriptor 1 is open
    if unsafe { libc::fcntl(1, libc::F_GETFD) } == -1 {
        STDOUT_CLOSED_AT_START.store(true, Ordering::Relaxed);
    }
}

#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static LOOK_AT_STDOUT: extern "C" fn() = look_at_stdout;

/// A standard output closed when the run started is the run's failure
/// (exit 1, said on standard error), its report files still written.
pub fn guard_standard_output() {
    if STDOUT_CLOSED_AT_START.load(Ordering::Relaxed) {
        let mut first = STDOUT_ERROR.lock().unwrap_or_else(|p| p.into_inner());
        #[cfg(unix)]
        first.get_or_insert(std::io::Error::from_raw_os_error(libc::EBADF));
        #[cfg(not(unix))]
        first.get_or_insert(std::io::Error::other("closed"));
    }
}

/// Why writing the terminal text failed, other than a closed pipe, in `lang`.
pub fn stdout_failure(lang: Lang) -> Option<String> {
    STDOUT_ERROR
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .as_ref()
        .map(|e| {
            tr!(
                lang,
                "cli-stdout-failed",
                reason = firecover::i18n::io_reason(lang, e)
            )
        })
}

/// Writes a line to stderr; unlike `eprintln!` it never panics (stderr may
/// be a full disk too: the exit code still tells).
pub fn note(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

#[macro_export]
macro_rules! say {
    ($($t:tt)*) => { $crate::cli::emit(&format!($($t)*)) };
}

#[macro_export]
macro_rules! sayln {
    ($($t:tt)*) => { $crate::cli::emit(&(format!($($t)*) + "\n")) };
}

#[macro_export]
macro_rules! note {
    ($($t:tt)*) => { $crate::cli::note(&format!($($t)*)) };
}

/// Says where the committed JSON and HTML reports are.
pub fn say_written(json: Option<&Path>, html: Option<&Path>, lang: Lang) {
    if let Some(json) = json {
        sayln!(
            "\n{}",
            firecover::tr!(lang, "cli-json-written", file = json.display().to_string())
        );
    }
    if let Some(dir) = html {
        sayln!(
            "\n{}",
            firecover::tr!(
                lang,
                "cli-html-written",
                file = dir.join("index.html").display().to_string()
            )
        );
    }
}

/// Says that `path` was written.
pub fn say_wrote(path: &Path, lang: Lang) {
    sayln!(
        "{}",
        firecover::tr!(lang, "cli-wrote", file = path.display().to_string())
    );
}

/// Checks every output path before any work: no two on one path or one
/// inside another, files whose folder exists and report folders that are
/// new, empty or earlier reports holding only their own files. Prints each
/// problem; `Err(exit 2)` if there is one.
pub fn check_outputs(
    files: &[Option<&Path>],
    folders: &[Option<&Path>],
    lang: Lang,
) -> Result<(), ExitCode> {
    use firecover::atomic_file::{check_distinct, check_file_target, check_folder_target};
    let all: Vec<&Path> = files.iter().chain(folders).flatten().copied().collect();
    let problems: Vec<String> = check_distinct(&all)
        .err()
        .into_iter()
        .chain(
            files
                .iter()
                .flatten()
                .filter_map(|p| check_file_target(p).err()),
        )
        .chain(
            folders
                .iter()
                .flatten()
                .filter_map(|p| check_folder_target(p).err()),
        )
        .map(|e| e.render(lang))
        .collect();
    for p in &problems {
        note!("{}", tr!(lang, "check-error", message = p.as_str()));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ExitCode::from(EXIT_BAD_INPUT))
    }
}

/// The message of a failed command in `lang`. The first error of the chain
/// that the catalogue words (a file that cannot be written, a map without a
/// CJK font, a refused file operation) is said in `lang`, after the
/// contexts above it; a chain without one is said as it is.
pub fn failure_message(e: &anyhow::Error, lang: Lang) -> String {
    use firecover::atomic_file::OutputError;
    use firecover::html::HtmlError;
    let worded = |cause: &(dyn std::error::Error + 'static)| {
        if let Some(e) = cause.downcast_ref::<HtmlError>() {
            Some(e.message(lang))
        } else if let Some(e) = cause.downcast_ref::<OutputError>() {
            Some(e.render(lang))
        } else if let Some(e) = cause.downcast_ref::<firecover::html::png::PngError>() {
            Some(e.message(lang))
        } else {
            cause
                .downcast_ref::<std::io::Error>()
                .map(|e| firecover::i18n::io_reason(lang, e))
        }
    };
    let mut said = Vec::new();
    for cause in e.chain() {
        if let Some(words) = worded(cause) {
            said.push(words);
            return said.join(lang.colon());
        }
        said.push(cause.to_string());
    }
    format!("{e:#}")
}

/// Bad input: the message is already printed.
pub const EXIT_BAD_INPUT: u8 = 2;

/// Bad input: prints `message` as an error in `lang`; exit 2.
pub fn refuse(message: impl Into<firecover::i18n::Said>, lang: Lang) -> ExitCode {
    let message = message.into().render(lang);
    note!("{}", tr!(lang, "check-error", message = message));
    ExitCode::from(EXIT_BAD_INPUT)
}

/// Prints every problem, one line each, in `lang`.
pub fn print_diagnostics(d: &Diagnostics, lang: Lang) {
    for line in &d.0 {
        note!("{}", line.render(lang));
    }
}

/// The language of a command's output: `--lang`, else the scenario's
/// `[report] lang`, else the locale's.
pub fn language(flag: Option<Lang>, scenario: Option<&Scenario>) -> Lang {
    flag.or_else(|| scenario.and_then(|s| s.lang))
        .unwrap_or_else(Lang::from_env)
}

/// Loads a scenario, printing warnings in the command's language (`flag`,
/// else the scenario's `[report] lang`, else the locale's) and errors in
/// `flag`'s or the locale's; `Err(code)` when it has errors.
pub fn load(path: &Path, flag: Option<Lang>) -> Result<Scenario, ExitCode> {
    match Scenario::load(path) {
        Ok((scenario, warnings)) => {
            print_diagnostics(&warnings, language(flag, Some(&scenario)));
            Ok(scenario)
        }
        Err(problems) => {
            let lang = language(flag, None);
            print_diagnostics(&problems, lang);
            note!(
                "{}",
                tr!(
                    lang,
                    "check-summary",
                    file = path.display().to_string(),
                    count = problems.error_count()
                )
            );
            Err(ExitCode::from(EXIT_BAD_INPUT))
        }
    }
}

/// Each scenario's coverage analysis for the HTML report; `None`, with a
/// warning, where it cannot be made.
pub fn report_coverages(
    scenarios: &[&Scenario],
) -> anyhow::Result<Vec<Option<firecover::coverage::Coverage>>> {
    use anyhow::Context;
    let mut out = Vec::new();
    for s in scenarios {
        let model = firecover::model::Model::compile(s)
            .with_context(|| format!("compiling {}", s.source.display()))?;
        match firecover::coverage::analyze(s, &model, firecover::coverage::DEFAULT_CELL_M) {
            Ok(c) => out.push(Some(c)),
            Err(e) => {
                let lang = language(None, Some(s));
                note!(
                    "{}",
                    tr!(
                        lang,
                        "coverage-skipped-map",
                        file = s.source.display().to_string(),
                        reason = e.message(lang)
                    )
                );
                out.push(None);
            }
        }
    }
    Ok(out)
}

/// The HTML report's arms: each scenario with its run and coverage.
pub fn report_arms<'a>(
    scenarios: &[&'a Scenario],
    runs: &'a [firecover::montecarlo::RunOutput],
    coverages: &'a [Option<firecover::coverage::Coverage>],
) -> Vec<firecover::html::ReportArm<'a>> {
    scenarios
        .iter()
        .zip(runs)
        .zip(coverages)
        .map(|((scenario, run), coverage)| firecover::html::ReportArm {
            scenario,
            run,
            coverage: coverage.as_ref(),
        })
        .collect()
}

/// The HTML report's title and author, for `run`, `compare` and `site`.
#[derive(clap::Args, Clone)]
pub struct Heading {
    /// The HTML report's title (default: what it compares).
    #[arg(long, value_name = "TEXT", value_parser = one_line)]
    pub title: Option<String>,
    /// Who prepared the report, shown under its title.
    #[arg(long, value_name = "NAME", value_parser = one_line)]
    pub author: Option<String>,
    /// Leave out the PNG copies of the maps (`maps/*.png`, for Word and
    /// WPS); the page keeps its SVG maps.
    #[arg(long)]
    pub no_png: bool,
}

/// Text for one line of a report: no control characters, at most 200 characters.
fn one_line(s: &str) -> Result<String, String> {
    if s.chars().any(char::is_control) {
        Err("must not contain control characters (line breaks, escapes)".into())
    } else if s.chars().count() > 200 {
        Err("at most 200 characters".into())
    } else {
        Ok(s.to_string())
    }
}

/// This run's command line and time, and the report's title and author,
/// for the report's reproduction block.
pub fn provenance(heading: &Heading) -> firecover::html::Provenance {
    let command = std::env::args()
        .map(|a| if a.contains(' ') { format!("'{a}'") } else { a })
        .collect::<Vec<_>>()
        .join(" ");
    firecover::html::Provenance {
        command,
        generated: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
        title: heading.title.clone(),
        author: heading.author.clone(),
        png_maps: !heading.no_png,
        featured: None,
    }
}

/// A progress bar that appears on stderr only once the work has taken more
/// than a second, and never when stderr is not a terminal.
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    shown: AtomicBool,
}

impl Progress {
    /// A hidden bar of `len` steps drawn with an indicatif `template`.
    pub fn new(len: u64, template: &str) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        Progress {
            bar,
            started: Instant::now(),
            shown: AtomicBool::new(false),
        }
    }

    /// One step done.
    pub fn tick(&self) {
        self.bar.inc(1);
        self.show_when_slow();
    }

    /// `done` of `total` done.
    pub fn set(&self, done: u64, total: u64) {
        self.bar.set_length(total);
        self.bar.set_position(done.min(total));
        self.show_when_slow();
    }

    fn show_when_slow(&self) {
        if self.started.elapsed() > Duration::from_secs(1)
            && self
                .shown
                .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
        {
            // ProgressDrawTarget::stderr() draws nothing when stderr is not a terminal
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    pub fn finish_and_clear(&self) {
        self.bar.finish_and_clear();
    }
}

// after the macros, which it uses
pub mod args_error;
pub mod calibrate;
pub mod compare;
pub mod coverage;
pub mod indicators;
pub mod merge;
pub mod network;
pub mod run;
pub mod shard;
pub mod site;
pub mod slurm;
pub mod sweep;
pub mod validate;
