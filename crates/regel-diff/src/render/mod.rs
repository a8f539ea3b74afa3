//! The report for people: Markdown for a tjänsteskrivelse and a self-contained HTML page.
//! Both are in Swedish, the language of the Beställning, with Swedish number format
//! (`1 191,2`, `−0,2`).

mod html;
mod markdown;
pub(crate) mod sv;

pub use html::html;
pub use markdown::markdown;
pub use sv::change_words;

use std::str::FromStr;

use regel_eval::phrase::decimal_padded_sv;
use rust_decimal::Decimal;

use crate::model::{Change, ChangeKind, Coverage, Delta, HeaderChange, Kind, Report, SectionDiff};

/// What a kind of change is called, capitalised for the start of a line.
pub(crate) fn kind_label(kind: Kind) -> String {
    sv::capitalize(sv::kind_noun(kind).sg)
}

pub(crate) fn coverage_label(c: Coverage) -> &'static str {
    match c {
        Coverage::Encoded => "kodat",
        Coverage::Descriptive => "beskrivande (ingen beslutsbar regel)",
        Coverage::Missing => "täcks men saknas",
        Coverage::Both => "både beskrivande och kodat",
        Coverage::NotCovered => "ingår inte i versionen",
    }
}

/// The sections with changed content, and those where only coverage or title differ (those
/// not compared at all are listed apart, by [`not_compared`]).
pub(crate) fn split_sections(report: &Report) -> (Vec<&SectionDiff>, Vec<&SectionDiff>) {
    let apart = not_compared(report);
    let (changed, rest): (Vec<&SectionDiff>, Vec<&SectionDiff>) = report
        .sections
        .iter()
        .partition(|s| report.changes_in(&s.number).next().is_some());
    let rest = rest
        .into_iter()
        .filter(|s| !apart.iter().any(|a| std::ptr::eq(*a, *s)))
        .collect();
    (changed, rest)
}

/// A section's heading: `4.5 Filialer och servicepunkter`, or a name for items outside any.
pub(crate) fn section_heading(s: &SectionDiff) -> String {
    match (s.number.as_str(), s.title.as_str()) {
        ("", _) => "Utanför avsnitt".to_owned(),
        (n, "") => n.to_owned(),
        (n, t) => format!("{n} {t}"),
    }
}

/// How the section's coverage and title changed, when they did.
pub(crate) fn section_notes(s: &SectionDiff, report: &Report) -> Vec<String> {
    let (a, b) = (&report.from.name, &report.to.name);
    let mut notes = Vec::new();
    if s.old.coverage != s.new.coverage {
        notes.push(format!(
            "Täckning: {a} {}, {b} {}.",
            coverage_label(s.old.coverage),
            coverage_label(s.new.coverage)
        ));
    }
    if let Some((old, new)) = title_change(s) {
        notes.push(format!("Rubrik: {a} ”{old}”, {b} ”{new}”."));
    }
    notes
}

/// The old and new title, when both versions title the section and the titles differ.
fn title_change(s: &SectionDiff) -> Option<(&str, &str)> {
    match (&s.old.title, &s.new.title) {
        (Some(old), Some(new)) if old != new => Some((old, new)),
        _ => None,
    }
}

/// A header field's name in Swedish.
pub(crate) fn header_label(field: &str) -> &str {
    match field {
        "id" => "Id",
        "title" => "Titel",
        "valid_from" => "Giltig från",
        "valid_to" => "Giltig till",
        "source" => "Källa",
        "covers" => "Avsnitt som täcks",
        "status" => "Status",
        other => other,
    }
}

/// A section in the coverage table: its heading, and its old title when that differs.
pub(crate) fn section_cell(s: &SectionDiff) -> String {
    let mut cell = section_heading(s);
    if let Some((old, _)) = title_change(s) {
        cell.push_str(&format!(" (tidigare ”{old}”)"));
    }
    cell
}

/// A header change's two cells; `covers` as a count, the sections themselves being listed in
/// the coverage table.
pub(crate) fn header_cells(h: &HeaderChange) -> [String; 2] {
    let cell = |s: &Option<String>| match s {
        None => "–".to_owned(),
        Some(list) if h.field == "covers" => {
            let n = list
                .trim_matches(['[', ']'])
                .split(", ")
                .filter(|x| !x.is_empty())
                .count();
            format!("{n} avsnitt")
        }
        Some(s) => s.clone(),
    };
    [cell(&h.old), cell(&h.new)]
}

/// The sections the diff could not compare rule by rule: encoded in one version only, or
/// descriptive in one and not the other. Whatever one version says of them, the other has
/// no rules to set beside it.
pub(crate) fn not_compared(report: &Report) -> Vec<&SectionDiff> {
    let class = |c: Coverage| match c {
        Coverage::Encoded | Coverage::Both => 2,
        Coverage::Descriptive => 1,
        Coverage::Missing | Coverage::NotCovered => 0,
    };
    report
        .sections
        .iter()
        .filter(|s| {
            let (a, b) = (class(s.old.coverage), class(s.new.coverage));
            a != b && a.max(b) > 0
        })
        .collect()
}

/// The summary sentences both renderings open with.
pub(crate) fn summary_lines(report: &Report) -> Vec<String> {
    let s = &report.summary;
    let mut lines = Vec::new();
    if report.is_empty() {
        lines.push("Inga ändringar.".to_owned());
        return lines;
    }
    let (changed, coverage_only) = split_sections(report);
    if !changed.is_empty() {
        let names: Vec<String> = changed.iter().map(|s| section_heading(s)).collect();
        lines.push(format!(
            "{} med ändrat innehåll: {}.",
            sv::capitalize(&sv::count(changed.len(), sv::AVSNITT)),
            names.join("; ")
        ));
    }
    if !coverage_only.is_empty() {
        lines.push(format!(
            "{} där bara täckningen eller rubriken skiljer (se tabellen Täckning).",
            sv::capitalize(&sv::count(coverage_only.len(), sv::AVSNITT))
        ));
    }
    if let Some(line) = parts_line(s) {
        lines.push(line);
    }
    let uncompared = not_compared(report).len();
    if uncompared > 0 {
        lines.push(format!(
            "{} kunde inte jämföras regel för regel: bara den ena versionen kodar eller beskriver {} (se Ej jämförda avsnitt).",
            sv::capitalize(&sv::count(uncompared, sv::AVSNITT)),
            if uncompared == 1 { "det" } else { "dem" }
        ));
    }
    if !report.header.is_empty() {
        let fields: Vec<String> = report
            .header
            .iter()
            .map(|h| header_label(&h.field).to_lowercase())
            .collect();
        lines.push(format!("Versionshuvudet ändras: {}.", fields.join(", ")));
    }
    if let Some(n) = s.decisions_with_changed_outcomes {
        lines.push(format!(
            "{} får ändrat utfall för några indata.",
            sv::capitalize(&sv::count(n, sv::BESLUT))
        ));
    }
    lines
}

/// "Tio delar har lagts till, en har tagits bort och 19 har ändrats.": each count agrees on
/// its own, the noun said once.
fn parts_line(s: &crate::model::Summary) -> Option<String> {
    let counts = [
        (s.added, ChangeKind::Added),
        (s.removed, ChangeKind::Removed),
        (s.changed, ChangeKind::Changed),
    ];
    let parts: Vec<String> = counts
        .iter()
        .filter(|(n, _)| *n > 0)
        .enumerate()
        .map(|(i, (n, change))| {
            let head = if i == 0 {
                sv::count(*n, sv::DEL)
            } else {
                sv::number(*n, sv::DEL.ett)
            };
            format!("{head} {}", sv::perfect(*change))
        })
        .collect();
    (!parts.is_empty()).then(|| format!("{}.", sv::capitalize(&sv::join_och(&parts))))
}

/// What a change is, in a short line: `Regel \`tillaten\` ändrad (skäl … → …)`.
pub(crate) fn change_title(c: &Change) -> String {
    let noun = sv::kind_noun(c.kind);
    if only_doc(c) {
        return format!(
            "{} {}: beskrivningen ändrad",
            kind_label(c.kind),
            subject(c)
        );
    }
    let mut s = if c.kind == Kind::Order {
        format!(
            "Reglernas ordning {}",
            sv::participle(c.change, noun, false)
        )
    } else {
        format!(
            "{} {} {}",
            kind_label(c.kind),
            subject(c),
            sv::participle(c.change, noun, false)
        )
    };
    if let Some(from) = &c.renamed_from {
        s.push_str(&format!(" (nytt namn, tidigare `{from}`)"));
    }
    let mut notes = Vec::new();
    if let Some(r) = &c.reason {
        // The reasons by their labels, the codes other systems read beside them.
        match &c.reason_labels {
            Some(labels) => {
                let old = labelled(&labels.old, &r.old);
                let new = labelled(&labels.new, &r.new);
                notes.push(format!("skäl {old} → {new}"));
                notes.push(format!("kod {} → {}", code(&r.old), code(&r.new)));
            }
            None => notes.push(format!("skäl {} → {}", code(&r.old), code(&r.new))),
        }
    }
    if let Some(p) = &c.citation {
        notes.push(format!(
            "hänvisning {} → {}",
            section(&p.old),
            section(&p.new)
        ));
    }
    if let Some(p) = &c.moved {
        let moved = if noun.ett { "flyttat" } else { "flyttad" };
        notes.push(format!(
            "{moved} från {} till {}",
            section_ref(&p.old),
            section_ref(&p.new)
        ));
    }
    if !notes.is_empty() {
        s.push_str(&format!(" ({})", notes.join(", ")));
    }
    s
}

/// A run of words in a word diff: kept, removed or added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Run {
    Same,
    Old,
    New,
}

/// The words of `old` and `new` (split at white space; a line break is kept as a word of its
/// own) matched by their longest common subsequence, as runs. Texts too long to compare word
/// by word are one removed and one added run.
pub(crate) fn word_diff(old: &str, new: &str) -> Vec<(Run, String)> {
    let words = |s: &str| -> Vec<String> {
        let mut out = Vec::new();
        for (i, line) in s.split('\n').enumerate() {
            if i > 0 {
                out.push("\n".to_owned());
            }
            out.extend(line.split_whitespace().map(str::to_owned));
        }
        out
    };
    let (a, b) = (words(old), words(new));
    let (n, m) = (a.len(), b.len());
    if n.saturating_mul(m) > 4_000_000 {
        return vec![(Run::Old, a.join(" ")), (Run::New, b.join(" "))];
    }
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut runs: Vec<(Run, String)> = Vec::new();
    let mut push = |run: Run, word: &str| match runs.last_mut() {
        Some((r, text)) if *r == run => {
            if word != "\n" && !text.ends_with('\n') {
                text.push(' ');
            }
            text.push_str(word);
        }
        _ => runs.push((run, word.to_owned())),
    };
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            push(Run::Same, &a[i]);
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            // Removed words before the added ones that replace them.
            push(Run::Old, &a[i]);
            i += 1;
        } else {
            push(Run::New, &b[j]);
            j += 1;
        }
    }
    runs
}

/// Whether a change is to the doc comment alone.
pub(crate) fn only_doc(c: &Change) -> bool {
    c.doc.is_some() && c.old.is_none() && c.new.is_none()
}

/// What a change names, in the memo's words: its Swedish label in quotes, or its name as
/// code when it has none.
pub(crate) fn subject(c: &Change) -> String {
    match &c.label {
        Some(label) => format!("”{label}”"),
        // A text in a list is quoted as text, not as code: "Listelement ”Prevention” tillagt".
        None if let Some(text) = quoted_text(&c.name) => format!("”{text}”"),
        None => format!("`{}`", c.name),
    }
}

/// The text of a Regel text literal (`"Prevention"`), without its quotes; `None` for
/// anything else.
fn quoted_text(name: &str) -> Option<&str> {
    let inner = name.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.contains(['"', '\\'])).then_some(inner)
}

/// Where a member change belongs: " i ”Byte av hälsocentral”", or the owner's name as code.
pub(crate) fn owner_phrase(c: &Change) -> String {
    match (&c.owner_label, &c.owner) {
        (Some(label), _) => format!(" i ”{label}”"),
        (None, Some(owner)) => format!(" i `{owner}`"),
        (None, None) => String::new(),
    }
}

/// A row of a table of figures: the label, or the name.
pub(crate) fn figure_label(c: &Change) -> String {
    c.label.clone().unwrap_or_else(|| format!("`{}`", c.name))
}

/// A reason by its label in quotes, or by its code when it has none.
fn labelled(label: &Option<String>, reason: &Option<String>) -> String {
    match label {
        Some(label) => format!("”{label}”"),
        None => code(reason),
    }
}

/// A section as the memo names it: its number, or "–" for none.
fn section(s: &Option<String>) -> String {
    s.clone().unwrap_or_else(|| "–".to_owned())
}

/// "avsnitt 4.9", or a table or appendix by its own name ("Tabell 1").
fn section_ref(s: &Option<String>) -> String {
    match s {
        Some(s) if s.starts_with(|c: char| c.is_ascii_digit()) => format!("avsnitt {s}"),
        other => section(other),
    }
}

fn code(s: &Option<String>) -> String {
    s.as_ref()
        .map_or_else(|| "–".to_owned(), |s| format!("`{s}`"))
}

/// A figure of the report in Swedish format, with at least `places` decimals and those its
/// text has (`1191.2` → `1 191,2`, `78` → `78,0` for mnkr, `0.10` keeps `0,10`); `signed`
/// adds `+`. Padded as the motivering pads a figure (`phrase::decimal_padded_sv`): one rule for
/// both.
pub(crate) fn number(s: &str, signed: bool, places: u32) -> String {
    let Ok(d) = Decimal::from_str(s) else {
        return s.to_owned();
    };
    let said = decimal_padded_sv(d, places.max(d.scale()));
    if signed && d > Decimal::ZERO {
        format!("+{said}")
    } else {
        said
    }
}

/// A delta's old, new, absolute and relative figures, in the reader's units: kronor with
/// öre, millions of kronor as the policy writes them, a share in percent with its change in
/// procentenheter, a duration in its unit ("3 månader", "+1 månad").
pub(crate) fn delta_cells(d: &Delta) -> [String; 4] {
    let relative = d
        .percent
        .as_ref()
        .map_or_else(|| "–".to_owned(), |p| format!("{} %", number(p, true, 0)));
    let with = |s: &str, signed: bool, places: u32, unit: &str| {
        format!("{}{unit}", number(s, signed, places))
    };
    let [old, new, abs] = match d.unit.as_str() {
        // Money shows öre, as the JSON boundary writes it.
        "money" => [
            with(&d.old, false, 2, " kr"),
            with(&d.new, false, 2, " kr"),
            with(&d.absolute, true, 2, " kr"),
        ],
        // Tabell 1 writes millions with one decimal ("78,0"), as the policy does (`78.0 mnkr`).
        "mnkr" => [
            with(&d.old, false, 1, " mnkr"),
            with(&d.new, false, 1, " mnkr"),
            with(&d.absolute, true, 1, " mnkr"),
        ],
        "percent" => {
            let points = if is_one(&d.absolute) {
                " procentenhet"
            } else {
                " procentenheter"
            };
            [
                with(&d.old, false, 0, " %"),
                with(&d.new, false, 0, " %"),
                with(&d.absolute, true, 0, points),
            ]
        }
        unit @ ("days" | "weeks" | "months" | "years") => {
            let word = |s: &str| format!(" {}", duration_word(unit, is_one(s)));
            [
                with(&d.old, false, 0, &word(&d.old)),
                with(&d.new, false, 0, &word(&d.new)),
                with(&d.absolute, true, 0, &word(&d.absolute)),
            ]
        }
        _ => [
            with(&d.old, false, 0, ""),
            with(&d.new, false, 0, ""),
            with(&d.absolute, true, 0, ""),
        ],
    };
    [old, new, abs, relative]
}

/// Whether a figure is one (or minus one): "1 månad", "1 procentenhet".
fn is_one(s: &str) -> bool {
    matches!(s.trim_start_matches('-'), "1" | "1.0" | "1.00")
}

fn duration_word(unit: &str, one: bool) -> &'static str {
    match (unit, one) {
        ("days", true) => "dag",
        ("days", false) => "dagar",
        ("weeks", true) => "vecka",
        ("weeks", false) => "veckor",
        ("months", true) => "månad",
        ("months", false) => "månader",
        _ => "år",
    }
}

/// The tables of figures a section opens with: parameters with a numeric change, then the
/// computed values of decisions without input (a budget table's rows and sums).
pub(crate) fn figure_tables<'c>(changes: &[&'c Change]) -> [(&'static str, Vec<&'c Change>); 2] {
    let of = |kind: Kind| {
        changes
            .iter()
            .copied()
            .filter(|c| c.kind == kind && c.delta.is_some() && c.citation.is_none())
            .collect::<Vec<_>>()
    };
    [
        ("Parametrar", of(Kind::Param)),
        ("Beräknade värden", of(Kind::Value)),
    ]
}

/// Whether a change is shown in a table of figures rather than as text.
pub(crate) fn is_figure(c: &Change) -> bool {
    c.delta.is_some() && matches!(c.kind, Kind::Value | Kind::Param) && c.citation.is_none()
}

/// Under a section: which decisions' outcomes its changes move (the decision stands in it, or
/// reads a parameter of it), so a reader of the section sees what it does.
pub(super) fn section_impact(report: &crate::model::Report, number: &str) -> Option<String> {
    let caused: Vec<String> = report
        .impact
        .iter()
        .flatten()
        .filter(|i| i.section == number || i.parameters.iter().any(|p| p.section == number))
        .map(|i| {
            let parts = i.changes.len();
            let outcome = i.changes.iter().filter(|c| c.outcome_change).count();
            let what = if i.equivalent {
                "inga indata avgörs annorlunda".to_owned()
            } else {
                let delar = if parts == 1 { "del" } else { "delar" };
                format!("{parts} {delar} av indata avgörs annorlunda, {outcome} med ändrat utfall")
            };
            let proved = if i.proved {
                "bevisat"
            } else {
                "inte fullständigt bevisat"
            };
            format!("{} ({what}; {proved})", impact_name(i))
        })
        .collect();
    (!caused.is_empty()).then(|| {
        format!(
            "Påverkan på beslut (se Ändrade utfall): {}.",
            caused.join(", ")
        )
    })
}

/// A compared decision as the memo names it: its label in quotes, or its name as code.
pub(crate) fn impact_name(i: &crate::model::Impact) -> String {
    named(i.label.as_deref(), &i.decision)
}

/// A thing the memo names: its label in quotes, or its name as code.
fn named(label: Option<&str>, name: &str) -> String {
    match label {
        Some(label) => format!("”{label}”"),
        None => format!("`{name}`"),
    }
}

/// What is said of a compared decision before its changed parts, in Swedish.
pub(super) fn impact_notes(i: &crate::model::Impact) -> Vec<String> {
    let mut notes = Vec::new();
    if !i.parameters.is_empty() {
        let names: Vec<String> = i
            .parameters
            .iter()
            .map(|p| {
                let name = named(p.label.as_deref(), &p.name);
                match p.section.as_str() {
                    "" => name,
                    s => format!("{name} ({s})"),
                }
            })
            .collect();
        notes.push(format!(
            "Ändrade parametrar som beslutet läser: {}.",
            names.join(", ")
        ));
    }
    if i.equivalent {
        notes.push("Inga indata avgörs annorlunda (bevisat).".into());
    } else if i.proved {
        notes.push("Inga andra indata avgörs annorlunda (bevisat).".into());
    } else {
        notes.push(format!(
            "Delarna nedan är inte bevisat de enda: {}.",
            i.unknown.join("; ")
        ));
    }
    if let Some(n) = i.list_bound {
        notes.push(format!("Listor med upp till {n} element har prövats."));
    }
    notes
}

/// One changed part as cells: the condition, where each version ends, and what changes.
pub(super) fn impact_cells(c: &crate::model::ImpactChange) -> [String; 4] {
    let condition = match c.condition.as_str() {
        "" => "alla indata".to_owned(),
        s => format!("`{s}`"),
    };
    let outputs: Vec<String> = c.output_labels.iter().map(|o| format!("”{o}”")).collect();
    let mut what = match (c.outcome_change, outputs.is_empty()) {
        (true, true) => "utfallet".to_owned(),
        (true, false) => format!("utfallet: {}", outputs.join(", ")),
        (false, true) => "endast skälet".to_owned(),
        (false, false) => format!("endast {}", outputs.join(", ")),
    };
    if !c.everywhere {
        what.push_str(" (för en del av dessa indata)");
    }
    for r in &c.ranges {
        what.push_str(&format!("; ”{}” ändras {}", r.label, range_words(r)));
    }
    [condition, c.old.clone(), c.new.clone(), what]
}

/// "med 0 till +150,00 kr", "med +30 dagar", "med 0,00 kr eller mer", in Swedish figures.
fn range_words(r: &crate::model::ImpactRange) -> String {
    let show = |v: &str| {
        let v = number(v, true, if r.unit == "kr" { 2 } else { 0 });
        match r.unit.as_str() {
            "" => v,
            unit => format!("{v} {unit}"),
        }
    };
    match (r.least.as_deref(), r.most.as_deref()) {
        (Some(a), Some(b)) if a == b => format!("med {}", show(a)),
        (Some(a), Some(b)) => format!("med {} till {}", show(a), show(b)),
        (Some(a), None) => format!("med {} eller mer, utan övre gräns", show(a)),
        (None, Some(b)) => format!("med högst {}, utan nedre gräns", show(b)),
        (None, None) => "utan gräns åt något håll".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_swedish_format() {
        assert_eq!(number("1191.2", false, 0), "1\u{a0}191,2");
        assert_eq!(number("48.6", true, 0), "+48,6");
        assert_eq!(number("-0.2", true, 0), "−0,2");
        assert_eq!(number("0.0", true, 0), "0,0");
        assert_eq!(number("15800000.00", true, 0), "+15\u{a0}800\u{a0}000,00");
        assert_eq!(number("999", false, 0), "999");
        // A figure keeps the decimals its text has and gains those its unit asks for.
        assert_eq!(number("0.10", false, 0), "0,10");
        assert_eq!(number("78", false, 1), "78,0");
    }

    #[test]
    fn word_diff_keeps_common_words_and_marks_the_rest() {
        let runs = word_diff("högst två byten per år", "högst tre byten per\nkalenderår");
        assert_eq!(
            runs,
            [
                (Run::Same, "högst".to_owned()),
                (Run::Old, "två".to_owned()),
                (Run::New, "tre".to_owned()),
                (Run::Same, "byten per".to_owned()),
                (Run::Old, "år".to_owned()),
                (Run::New, "\nkalenderår".to_owned()),
            ]
        );
        assert_eq!(word_diff("a b", "a b"), [(Run::Same, "a b".to_owned())]);
        assert_eq!(word_diff("", "ny"), [(Run::New, "ny".to_owned())]);
    }

    #[test]
    fn millions_show_one_decimal_as_the_memos_table_does() {
        let d = Delta {
            unit: "mnkr".into(),
            old: "75.5".into(),
            new: "78".into(),
            absolute: "2.5".into(),
            percent: Some("3.3".into()),
        };
        assert_eq!(
            delta_cells(&d),
            ["75,5 mnkr", "78,0 mnkr", "+2,5 mnkr", "+3,3 %"].map(String::from)
        );
        let d = Delta {
            old: "7".into(),
            new: "10.1".into(),
            absolute: "3.1".into(),
            ..d
        };
        assert_eq!(delta_cells(&d)[0], "7,0 mnkr");
    }

    #[test]
    fn money_shows_ore() {
        assert_eq!(number("15800000", false, 2), "15\u{a0}800\u{a0}000,00");
        assert_eq!(number("-0.5", true, 2), "−0,50");
        assert_eq!(number("1.25", true, 2), "+1,25");
    }
}
