//! Both message catalogues hold the same messages with the same arguments,
//! every message the code names exists, and a Chinese run prints Chinese.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use firecover::i18n::{self, Lang};
use fluent_syntax::ast;

/// Message id → the variables its pattern uses, for one language.
fn messages(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for (file, text) in i18n::sources(lang) {
        let resource = fluent_syntax::parser::parse(*text)
            .unwrap_or_else(|(_, errors)| panic!("{lang:?} {file}: {errors:?}"));
        for entry in resource.body {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    pattern_variables(p, &mut vars);
                }
                let id = m.id.name.to_string();
                assert!(
                    out.insert(id.clone(), vars).is_none(),
                    "{lang:?} {file}: `{id}` defined twice"
                );
            }
        }
    }
    out
}

fn pattern_variables(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &p.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, vars);
        }
    }
}

fn expression_variables(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Inline(i) => inline_variables(i, vars),
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, vars);
            for v in variants {
                pattern_variables(&v.value, vars);
            }
        }
    }
}

fn inline_variables(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, vars),
        _ => {}
    }
}

#[test]
fn both_catalogues_hold_the_same_messages_with_the_same_arguments() {
    let en = messages(Lang::En);
    let zh = messages(Lang::Zh);
    assert!(en.len() > 100, "{} messages", en.len());
    let only_en: Vec<&String> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
    let only_zh: Vec<&String> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(only_en.is_empty(), "only in English: {only_en:?}");
    assert!(only_zh.is_empty(), "only in Chinese: {only_zh:?}");
    for (id, vars) in &en {
        assert_eq!(vars, &zh[id], "`{id}` takes different arguments in zh");
    }
}

/// Every `tr!(lang, "id"` and `.t("id")` in the sources.
fn ids_named_in(dir: &Path, out: &mut BTreeSet<(String, String)>) {
    let tr = regex::Regex::new(r#"tr!\(\s*[^,]+,\s*"([a-z0-9-]+)""#).unwrap();
    let t = regex::Regex::new(r#"\.t\("([a-z0-9-]+)"\)"#).unwrap();
    let listed = regex::Regex::new(
        r#""((?:report|col|compare|coverage|network|indicators|verdict|html|map|chart|csv|site|check)-[a-z0-9-]+)""#,
    )
    .unwrap();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            ids_named_in(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for re in [&tr, &t, &listed] {
                for c in re.captures_iter(&text) {
                    // an SVG element id, not a message
                    if &c[1] != "map-area" {
                        out.insert((c[1].to_string(), path.display().to_string()));
                    }
                }
            }
        }
    }
}

#[test]
fn every_message_the_code_names_exists() {
    let en = messages(Lang::En);
    let mut named = BTreeSet::new();
    ids_named_in(&common::repo("src"), &mut named);
    assert!(named.len() > 100, "{} ids found", named.len());
    let missing: Vec<&(String, String)> = named
        .iter()
        .filter(|(id, _)| !en.contains_key(id))
        .collect();
    assert!(
        missing.is_empty(),
        "named in the code, in no catalogue: {missing:?}"
    );
}

/// ASCII words of two letters or more in `text` that are not in `allowed`,
/// scenario keys (`[coverage] boundary`, `` `key` ``) aside.
fn english_words(text: &str, allowed: &BTreeSet<String>) -> Vec<String> {
    let keys = regex::Regex::new(r"\[[a-z_]+\] [a-z_]+|`[^`]*`").unwrap();
    let text = keys.replace_all(text, " ");
    let word = regex::Regex::new(r"[A-Za-z][A-Za-z_]+").unwrap();
    word.find_iter(&text)
        .map(|m| m.as_str().to_string())
        .filter(|w| !allowed.contains(w))
        .collect()
}

/// Ids and names of the example scenario, units and formats: what may stay
/// in ASCII in Chinese text.
fn allowed_words() -> BTreeSet<String> {
    let scenario = common::load(&common::repo("scenarios/examples/two-stations.toml"));
    let mut words: BTreeSet<String> = ["km", "JSON", "PNG", "CI", "Welch", "urban", "road"]
        .map(String::from)
        .into();
    let word = regex::Regex::new(r"[A-Za-z][A-Za-z_]+").unwrap();
    let mut add = |s: &str| {
        for m in word.find_iter(s) {
            words.insert(m.as_str().to_string());
        }
    };
    add(&scenario.name);
    scenario.stations.iter().for_each(|s| add(&s.id));
    scenario.unit_kinds.iter().for_each(|k| add(k));
    scenario.incident_types.iter().for_each(|t| add(&t.name));
    scenario.demand.zones.iter().for_each(|z| add(z));
    words
}

#[test]
fn a_chinese_run_prints_chinese_outside_ids_and_units() {
    let example = common::repo("scenarios/examples/two-stations.toml");
    let allowed = allowed_words();
    for args in [
        vec![
            "run",
            example.to_str().unwrap(),
            "--replications",
            "20",
            "--lang",
            "zh",
        ],
        vec!["coverage", example.to_str().unwrap(), "--lang", "zh"],
        vec![
            "network",
            "info",
            example.to_str().unwrap(),
            "--samples",
            "20",
            "--lang",
            "zh",
        ],
    ] {
        let out = common::firecover(&args);
        let text = common::succeeded(&out);
        let english = english_words(&text, &allowed);
        assert!(
            english.is_empty(),
            "{args:?}: English words {english:?} in\n{text}"
        );
        assert!(
            text.contains("消防救援站") || text.contains("到场") || text.contains("道路网"),
            "{text}"
        );
    }
}

#[test]
fn compare_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let example = common::repo("scenarios/examples/two-stations.toml");
    let text = std::fs::read_to_string(&example).unwrap();
    let slower = dir.path().join("slower.toml");
    std::fs::write(&slower, text.replace("turnout_s = 90", "turnout_s = 150")).unwrap();
    let out = common::firecover([
        "compare",
        example.to_str().unwrap(),
        slower.to_str().unwrap(),
        "--replications",
        "50",
        "--lang",
        "zh",
    ]);
    let text = common::succeeded(&out);
    let english = english_words(&text, &allowed_words());
    assert!(english.is_empty(), "English words {english:?} in\n{text}");
    assert!(text.contains("结论"), "{text}");
    for line in text.lines() {
        let width: usize = line
            .chars()
            .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
            .sum();
        assert!(width <= 110, "{width} columns: {line}");
    }
}

#[test]
fn a_chinese_siting_study_is_chinese_in_the_terminal_the_json_and_the_html() {
    let dir = tempfile::tempdir().unwrap();
    let example = common::repo("scenarios/examples/two-stations.toml");
    let (json, html) = (dir.path().join("site.json"), dir.path().join("report"));
    let out = common::firecover([
        "site",
        example.to_str().unwrap(),
        "--add",
        "1",
        "--alternatives",
        "2",
        "--replications",
        "20",
        "--lang",
        "zh",
        "--out",
        dir.path().join("proposals").to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
        "--html",
        html.to_str().unwrap(),
    ]);
    let text = common::succeeded(&out);
    // candidate road nodes are named `node:<id>`, new stations `new<k>`
    let mut allowed = allowed_words();
    allowed.extend(["node", "new", "HTML", "firecover", "CRC", "ASSUMPTION"].map(String::from));
    // file paths are the user's
    let paths = regex::Regex::new(r"(?:\.\./|/)[^\s（）；，]+").unwrap();
    let english = english_words(&paths.replace_all(&text, " "), &allowed);
    assert!(english.is_empty(), "English words {english:?} in\n{text}");
    assert!(
        text.contains("选址研究") && text.contains("最大覆盖"),
        "{text}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    for words in [&report["objective_unit"], &report["template"]] {
        let words = words.as_str().unwrap();
        assert!(english_words(words, &allowed).is_empty(), "{words}");
    }
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        assert!(["agree", "disagree"].contains(&f["kind"].as_str().unwrap()));
        assert!(f["text"].as_str().unwrap().contains("新建 1 个站"), "{f}");
    }
    let page = std::fs::read_to_string(html.join("index.html")).unwrap();
    let siting = &page[page.find(r#"<section id="siting">"#).unwrap()..];
    let siting = &siting[..siting.find("</section>").unwrap()];
    let english = english_words(&visible_text(siting), &allowed);
    assert!(
        english.is_empty(),
        "English words in the siting section: {english:?}"
    );
    assert!(siting.contains("选址研究"));
}

#[test]
fn scenario_errors_and_warnings_come_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let base = common::repo("scenarios/examples/two-stations.toml");
    let extends = format!("extends = \"{}\"\n", base.display());
    // type errors stop before the checks of meaning: two files
    let types = dir.path().join("types.toml");
    std::fs::write(
        &types,
        format!("{extends}[simulation]\nsead = 3\nreplications = \"many\"\n"),
    )
    .unwrap();
    let meaning = dir.path().join("meaning.toml");
    std::fs::write(
        &meaning,
        format!(
            r#"{extends}
[[stations_add]]
id = "third"
at = "aa"
turnout_s = -5
units = [ {{ kind = "engine", count = 1 }} ]
[[stations_add]]
id = "fourth"
at = {{ lon = 108.5, lat = 30.6 }}
units = [ {{ kind = "engine", count = 1 }} ]
"#
        ),
    )
    .unwrap();
    let check = |file: &Path, lang: &str| {
        let out = common::firecover(["validate", file.to_str().unwrap(), "--lang", lang]);
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8(out.stderr).unwrap()
    };
    let english = check(&types, "en") + &check(&meaning, "en");
    let chinese = check(&types, "zh") + &check(&meaning, "zh");
    assert_eq!(
        english.lines().count(),
        chinese.lines().count(),
        "{english}\n{chinese}"
    );
    for needle in [
        "did you mean `seed`",
        "expected a whole number",
        "unknown node `aa`",
        "must be at least 0",
        "max_snap_m",
    ] {
        assert!(english.contains(needle), "{needle}: {english}");
    }
    let mut allowed = allowed_words();
    allowed.extend(["aa", "many", "lon", "lat", "third", "fourth"].map(String::from));
    let location = regex::Regex::new(r"^[:：]\d*:? ?([a-z_]+(\[\d+\])?\.?)*:? ?").unwrap();
    for line in chinese.lines() {
        // what follows the file, line and key
        let message = line.rsplit_once(".toml").map_or(line, |(_, m)| m);
        let message = location.replace(message, "");
        let words = english_words(&message, &allowed);
        assert!(words.is_empty(), "English words {words:?} in {line}");
    }
    for needle in [
        "是否应为 `seed`",
        "应为整数",
        "未知的路网节点 `aa`",
        "须不小于 0",
        "处错误；未运行",
    ] {
        assert!(chinese.contains(needle), "{needle}: {chinese}");
    }
}

#[test]
fn the_language_comes_from_the_flag_then_the_scenario_then_the_locale() {
    let dir = tempfile::tempdir().unwrap();
    let example = common::repo("scenarios/examples/two-stations.toml");
    let text = std::fs::read_to_string(&example).unwrap();
    let zh_file = dir.path().join("zh.toml");
    std::fs::write(&zh_file, format!("{text}\n[report]\nlang = \"zh\"\n")).unwrap();
    let run = |file: &Path, lang_env: &str, flag: Option<&str>| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_firecover"));
        cmd.args(["run", file.to_str().unwrap(), "--replications", "5"]);
        if let Some(f) = flag {
            cmd.args(["--lang", f]);
        }
        cmd.env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", lang_env);
        common::succeeded(&cmd.output().unwrap())
    };
    let chinese = |t: &str| t.contains("结论");
    let english = |t: &str| t.contains("Verdict");
    assert!(english(&run(&example, "C.UTF-8", None)));
    assert!(english(&run(&example, "fr_FR.UTF-8", None)));
    assert!(chinese(&run(&example, "zh_CN.UTF-8", None)));
    assert!(english(&run(&example, "zh_CN.UTF-8", Some("en"))));
    assert!(chinese(&run(&zh_file, "en_US.UTF-8", None)));
    assert!(english(&run(&zh_file, "zh_CN.UTF-8", Some("en"))));
    let bad = common::firecover(["run", example.to_str().unwrap(), "--lang", "de"]);
    assert_eq!(bad.status.code(), Some(2));
}

/// The text a reader sees in an HTML page: no style sheet, no markup, no
/// command line or file names (`<pre>`, `<code>`).
fn visible_text(html: &str) -> String {
    let hidden = regex::Regex::new(
        r"(?s)<style>.*?</style>|<pre>.*?</pre>|<code>.*?</code>|<title>.*?</title>|\b[0-9a-f]{8}\b",
    )
    .unwrap();
    let tags = regex::Regex::new(r"(?s)<[^>]*>").unwrap();
    let text = hidden.replace_all(html, " ");
    let text = tags.replace_all(&text, " ");
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
}

#[test]
fn a_chinese_html_report_is_chinese_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let example = common::repo("scenarios/examples/two-stations.toml");
    let text = std::fs::read_to_string(&example).unwrap();
    let slower = dir.path().join("slower.toml");
    std::fs::write(&slower, text.replace("turnout_s = 90", "turnout_s = 150")).unwrap();
    let report = dir.path().join("report");
    let out = common::firecover([
        "compare",
        example.to_str().unwrap(),
        slower.to_str().unwrap(),
        "--replications",
        "30",
        "--lang",
        "zh",
        "--html",
        report.to_str().unwrap(),
    ]);
    common::succeeded(&out);
    let html = std::fs::read_to_string(report.join("index.html")).unwrap();
    assert!(html.contains("<html lang=\"zh-Hans\">"));
    let mut allowed = allowed_words();
    allowed.extend(["firecover", "CRC", "ASSUMPTION"].map(String::from));
    // without a CJK font the report says what to install: names, not English
    allowed.extend(
        [
            "Debian",
            "Ubuntu",
            "FIRECOVER_FONT_DIR",
            "Noto",
            "Sans",
            "CJK",
            "SC",
        ]
        .map(String::from),
    );
    let english = english_words(&visible_text(&html), &allowed);
    assert!(
        english.is_empty(),
        "English words in the Chinese report: {english:?}"
    );
    assert!(html.contains("结论") && html.contains("到场时间"));
    // the tables for spreadsheets: a BOM, Chinese headers, minutes with 2 decimals
    let csv = std::fs::read_to_string(report.join("by_zone.csv")).unwrap();
    let csv = csv.strip_prefix('\u{feff}').expect("a UTF-8 BOM");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "情景");
    assert_eq!(&header[1], "区域");
    let mean = header
        .iter()
        .position(|h| h == "平均到场时间（分钟）")
        .unwrap();
    for row in reader.records() {
        let row = row.unwrap();
        assert_eq!(row.len(), header.len());
        let v = &row[mean];
        let decimals = v.split('.').nth(1).map_or(0, str::len);
        assert_eq!(decimals, 2, "{v}");
    }
    // the English report says it is English
    let en = dir.path().join("en");
    let out = common::firecover([
        "run",
        example.to_str().unwrap(),
        "--replications",
        "5",
        "--lang",
        "en",
        "--html",
        en.to_str().unwrap(),
    ]);
    common::succeeded(&out);
    let html = std::fs::read_to_string(en.join("index.html")).unwrap();
    assert!(html.contains("<html lang=\"en\">"));
}

/// Hardening round 3, item 23: clap's own errors are said in Chinese under
/// `--lang zh` (they were English whatever the language), exit 2; English
/// runs keep clap's words.
#[test]
fn command_line_errors_are_said_in_the_runs_language() {
    for (args, says) in [
        (
            vec!["--lang", "zh", "run", "--no-such", "x.toml"],
            "错误：未知参数 --no-such",
        ),
        (
            vec!["--lang=zh", "site", "--objective", "foo"],
            "取值 foo 无效（可选：cover, lscp, median, center, backup）",
        ),
        (vec!["--lang", "zh", "run"], "错误：缺少 <SCENARIO>"),
        (
            vec!["--lang", "zh", "run", "--replications", "abc", "x.toml"],
            "--replications <REPLICATIONS>：取值 abc 无效",
        ),
    ] {
        let out = common::firecover(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(stderr.contains("firecover --help"), "{args:?}: {stderr}");
    }
    let out = common::firecover(["--lang", "en", "run", "--no-such", "x.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unexpected argument '--no-such'"));
    let out = common::firecover(["--lang", "zh", "--help"]);
    assert_eq!(out.status.code(), Some(0));
}

/// `[labels]` and a bilingual name: a zh run shows the labels and the zh
/// name, an en run the en ones, the JSON keeps the ids; a label for an id
/// the scenario does not have is refused (exit 2) with its key and line.
#[test]
fn data_labels_show_in_the_readers_language_and_ids_stay_in_data() {
    let dir = tempfile::tempdir().unwrap();
    let base = common::repo("scenarios/examples/two-stations.toml");
    let text = format!(
        "extends = {:?}\n\n[scenario]\nname = {{ en = \"Two stations\", zh = \"两站情景\" }}\n\n[labels.incident_types]\nfire = {{ en = \"fire\", zh = \"火灾扑救\" }}\nrescue = {{ en = \"rescue\", zh = \"抢险救援\" }}\n\n[labels.unit_kinds]\nengine = {{ en = \"engine\", zh = \"水罐消防车\" }}\n",
        base.to_string_lossy()
    );
    let path = dir.path().join("labelled.toml");
    std::fs::write(&path, &text).unwrap();
    let json = dir.path().join("run.json");
    let zh = common::succeeded(&common::firecover([
        "run".as_ref(),
        path.as_os_str(),
        "--replications".as_ref(),
        "3".as_ref(),
        "--lang".as_ref(),
        "zh".as_ref(),
        "--json".as_ref(),
        json.as_os_str(),
    ]));
    assert!(zh.starts_with("两站情景"), "{zh}");
    assert!(zh.contains("火灾扑救") && zh.contains("抢险救援"), "{zh}");
    assert!(zh.contains("水罐消防车"), "{zh}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert!(report["by_type"].get("fire").is_some(), "{report:#}");
    assert_eq!(report["labels"]["incident_types"]["fire"]["zh"], "火灾扑救");
    let en = common::succeeded(&common::firecover([
        "run".as_ref(),
        path.as_os_str(),
        "--replications".as_ref(),
        "3".as_ref(),
        "--lang".as_ref(),
        "en".as_ref(),
    ]));
    assert!(en.starts_with("Two stations"), "{en}");
    assert!(!en.contains("火灾扑救"), "{en}");
    // a label for a kind the scenario has not
    std::fs::write(&path, text.replace("engine = {", "ladder = {")).unwrap();
    let bad = common::firecover([
        "validate".as_ref(),
        path.as_os_str(),
        "--lang".as_ref(),
        "en".as_ref(),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    let said = String::from_utf8_lossy(&bad.stderr);
    assert!(said.contains("labels.unit_kinds.ladder"), "{said}");
    assert!(said.contains("labelled.toml:"), "{said}");
}

/// A bilingual name with a language missing or empty is refused (exit 2)
/// at its key and line.
#[test]
fn a_bilingual_name_needs_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let base = common::repo("scenarios/examples/two-stations.toml");
    for (name, key) in [
        ("{ en = \"Two\" }", "scenario.name"),
        ("{ en = \"Two\", zh = \" \" }", "scenario.name.zh"),
    ] {
        let path = dir.path().join("named.toml");
        std::fs::write(
            &path,
            format!(
                "extends = {:?}\n[scenario]\nname = {name}\n",
                base.to_string_lossy()
            ),
        )
        .unwrap();
        let out = common::firecover([
            "validate".as_ref(),
            path.as_os_str(),
            "--lang".as_ref(),
            "en".as_ref(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains(&format!("named.toml:3: {key}:")), "{said}");
    }
}
