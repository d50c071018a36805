//! Breaking text into lines of a display width, for the terminal and for
//! map legends: Latin text breaks at spaces, Chinese text (which runs
//! without spaces) between any two characters, and closing punctuation
//! (，。）…) never begins a line.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Punctuation that may not begin a line: it stays with what precedes it.
const CLOSING: &str = "，。、；：？！）」』》〉】%,.;:?!)]";
/// Punctuation that may not end a line: it stays with what follows it.
const OPENING: &str = "（「『《〈【";

/// `text` in lines of at most `width` display columns (a CJK character is
/// two), the lines after the first of at most `rest_width`; a single word
/// wider than its line stands alone on it.
pub fn lines(text: &str, width: usize, rest_width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for (unit, spaces) in units(text) {
        let limit = if out.is_empty() { width } else { rest_width };
        let gap = if current.is_empty() { 0 } else { spaces };
        if !current.is_empty() && current.width() + gap + unit.width() > limit {
            out.push(std::mem::take(&mut current));
        } else {
            current.extend(std::iter::repeat_n(' ', gap));
        }
        current.push_str(&unit);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The pieces a line may break between, each with the spaces before it
/// (kept inside a line, so alignment survives): words of Latin text, single
/// wide characters, closing punctuation kept with the piece before it.
fn units(text: &str) -> Vec<(String, usize)> {
    let mut units: Vec<(String, usize)> = Vec::new();
    let mut word = String::new();
    let mut spaced = 0;
    let flush = |word: &mut String, spaced: &mut usize, units: &mut Vec<(String, usize)>| {
        if !word.is_empty() {
            units.push((std::mem::take(word), *spaced));
            *spaced = 0;
        }
    };
    for c in text.chars() {
        if c.is_whitespace() {
            flush(&mut word, &mut spaced, &mut units);
            spaced += 1;
        } else if CLOSING.contains(c) && word.is_empty() && spaced == 0 {
            match units.last_mut() {
                Some((last, _)) => last.push(c),
                None => word.push(c),
            }
        } else if c.width() == Some(2) {
            if !word.ends_with(|w| OPENING.contains(w)) {
                flush(&mut word, &mut spaced, &mut units);
            }
            word.push(c);
            if !OPENING.contains(c) {
                flush(&mut word, &mut spaced, &mut units);
            }
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut spaced, &mut units);
    units
}

/// Wraps `text` at `width` display columns, indenting continuation lines
/// by `indent`. Lines break at spaces, and between wide (CJK) characters,
/// which Chinese text runs together without spaces.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let rest = width.saturating_sub(indent.len());
    let mut out = String::new();
    for (k, line) in lines(text, width, rest).iter().enumerate() {
        if k > 0 {
            out.push_str(indent);
        }
        out.push_str(line);
        out.push('\n');
    }
    if out.is_empty() {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_breaks_at_spaces_and_chinese_anywhere_within_the_width() {
        let latin = lines("a road map of the district, not to scale", 12, 12);
        assert_eq!(latin, ["a road map", "of the", "district,", "not to scale"]);
        let text = "示意性的梁平路网：乡镇为点，主要道路按手工给定的途经点连接。这不是道路地图。";
        let chinese = lines(text, 20, 20);
        assert!(chinese.len() > 3, "{chinese:?}");
        for line in &chinese {
            assert!(line.width() <= 20, "{line}");
            assert!(!line.starts_with(['，', '。', '：']), "{line}");
        }
        assert_eq!(chinese.concat(), text);
        // a file name is not split, even when wider than the line
        let mixed = lines(
            "示意性的梁平路网（scenarios/liangping/generator.toml）：乡镇为点",
            24,
            24,
        );
        assert!(
            mixed
                .iter()
                .any(|l| l.contains("scenarios/liangping/generator.toml"))
        );
        // continuation lines may be narrower
        let narrow = lines(&"word ".repeat(20), 30, 20);
        assert!(narrow[0].width() > 20 && narrow[1..].iter().all(|l| l.width() <= 20));
        assert!(lines("", 10, 10).is_empty());
        // an opening bracket goes with what follows it
        for width in 2..30 {
            for line in lines("乡镇为点（共三十三个乡镇）主要道路", width, width) {
                assert!(!line.ends_with('（'), "{line}");
            }
        }
        // spaces inside a line are kept as they are
        assert_eq!(lines("A  name of it", 40, 40), ["A  name of it"]);
    }
}
