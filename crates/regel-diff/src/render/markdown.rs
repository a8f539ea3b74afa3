//! Markdown: a summary first, then the header, then section by section.

use std::fmt::Write;

use super::Run;
use super::{
    change_title, coverage_label, delta_cells, figure_label, figure_tables, header_cells,
    header_label, impact_cells, impact_notes, is_figure, not_compared, owner_phrase, section_cell,
    section_heading, section_notes, split_sections, summary_lines, word_diff,
};
use crate::model::{Change, Impact, Kind, Report, SectionDiff};

pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let (a, b) = (&report.from, &report.to);
    let _ = writeln!(out, "# Ändringar från {} till {}\n", a.name, b.name);
    let _ = writeln!(
        out,
        "Jämför *{}* ({}) med *{}* ({}).\n",
        a.title, a.status, b.title, b.status
    );
    out.push_str("## Sammanfattning\n\n");
    for line in summary_lines(report) {
        let _ = writeln!(out, "- {line}");
    }
    out.push('\n');
    if !report.header.is_empty() {
        out.push_str("## Versionshuvud\n\n");
        let _ = writeln!(out, "| Fält | {} | {} |\n|---|---|---|", a.name, b.name);
        for h in &report.header {
            let [old, new] = header_cells(h);
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                header_label(&h.field),
                cell_text(&old),
                cell_text(&new)
            );
        }
        out.push('\n');
    }
    let (changed, coverage_only) = split_sections(report);
    not_compared_table(&mut out, report);
    coverage_table(&mut out, report, &coverage_only);
    for s in changed {
        section(&mut out, report, s);
    }
    if let Some(impact) = &report.impact {
        impact_section(&mut out, report, impact);
    }
    out
}

/// The sections one version encodes and the other does not (or describes only).
fn not_compared_table(out: &mut String, report: &Report) {
    let sections = not_compared(report);
    if sections.is_empty() {
        return;
    }
    out.push_str("## Ej jämförda avsnitt\n\nBara den ena versionen kodar eller beskriver dessa avsnitt, så det finns inga regler att ställa mot varandra. Ändringar i avsnitt som kodas i den ena versionen står ändå under avsnittet nedan.\n\n");
    coverage_rows(out, report, &sections);
}

/// A table of sections with each version's coverage.
fn coverage_rows(out: &mut String, report: &Report, sections: &[&SectionDiff]) {
    let _ = writeln!(
        out,
        "| Avsnitt | {} | {} |\n|---|---|---|",
        report.from.name, report.to.name
    );
    for s in sections {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            cell_text(&section_cell(s)),
            coverage_label(s.old.coverage),
            coverage_label(s.new.coverage)
        );
    }
    out.push('\n');
}

/// Sections whose content did not change but whose coverage or title did, in one table.
fn coverage_table(out: &mut String, report: &Report, sections: &[&SectionDiff]) {
    if sections.is_empty() {
        return;
    }
    out.push_str("## Täckning\n\n");
    coverage_rows(out, report, sections);
}

fn section(out: &mut String, report: &Report, s: &SectionDiff) {
    let _ = writeln!(out, "## {}\n", section_heading(s));
    for line in section_notes(s, report) {
        let _ = writeln!(out, "{line}\n");
    }
    let changes: Vec<&Change> = report.changes_in(&s.number).collect();
    for (heading, figures) in figure_tables(&changes) {
        if figures.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "{heading}:\n\n| Post | {} | {} | Förändring | Förändring i % |\n|---|--:|--:|--:|--:|",
            report.from.name, report.to.name
        );
        for c in figures {
            let Some(d) = &c.delta else { continue };
            let [old, new, abs, pct] = delta_cells(d);
            let _ = writeln!(
                out,
                "| {} | {old} | {new} | {abs} | {pct} |",
                cell_text(&figure_label(c))
            );
        }
        out.push('\n');
    }
    for c in changes.into_iter().filter(|c| !is_figure(c)) {
        change(out, report, c);
    }
    if let Some(line) = super::section_impact(report, &s.number) {
        let _ = writeln!(out, "{line}\n");
    }
}

fn change(out: &mut String, report: &Report, c: &Change) {
    let _ = writeln!(out, "- {}{}", change_title(c), owner_phrase(c));
    let block = |out: &mut String, label: &str, text: &Option<String>| {
        if let Some(t) = text {
            let _ = writeln!(out, "\n  {label}:\n\n  ```regel");
            for line in t.lines() {
                let _ = writeln!(out, "  {line}");
            }
            out.push_str("  ```\n");
        }
    };
    let (a, b) = (&report.from.name, &report.to.name);
    if let Some(doc) = &c.doc {
        // The explanation's words: removed struck through, added in bold.
        let runs = word_diff(
            doc.old.as_deref().unwrap_or_default(),
            doc.new.as_deref().unwrap_or_default(),
        );
        let mut text = String::new();
        for (run, words) in runs {
            let mark = |text: &mut String, m: &str, w: &str| {
                for (i, line) in w.split('\n').enumerate() {
                    if i > 0 {
                        text.push('\n');
                    }
                    if !line.is_empty() {
                        let _ = write!(text, "{m}{line}{m} ");
                    }
                }
            };
            match run {
                Run::Same => mark(&mut text, "", &words),
                Run::Old => mark(&mut text, "~~", &words),
                Run::New => mark(&mut text, "**", &words),
            }
        }
        let _ = writeln!(
            out,
            "\n  Beskrivningen ({a} → {b}, struket: borttaget, fetstil: tillagt):\n"
        );
        for line in text.lines() {
            let _ = writeln!(out, "  > {}", line.trim_end());
        }
    }
    if c.kind == Kind::Order {
        let show = |s: &Option<String>| s.clone().unwrap_or_default();
        let _ = writeln!(
            out,
            "\n  Reglernas ordning ({a}): {}  \n  Ny ordning ({b}): {}",
            show(&c.old),
            show(&c.new)
        );
    } else if c.old_sv.is_some() || c.new_sv.is_some() {
        // The rule in Swedish; its Regel text folded away below.
        let said = |out: &mut String, version: &str, text: &Option<String>| {
            if let Some(t) = text {
                let _ = writeln!(out, "\n  {version}:\n");
                for line in t.lines() {
                    let _ = writeln!(out, "  > {line}");
                }
            }
        };
        said(out, &format!("Före ({a})"), &c.old_sv);
        said(out, &format!("Efter ({b})"), &c.new_sv);
        // A part moved to another section alone has no text to fold away.
        if c.old.is_some() || c.new.is_some() {
            out.push_str("\n  <details><summary>Regeltext</summary>\n");
            block(out, &format!("Före ({a})"), &c.old);
            block(out, &format!("Efter ({b})"), &c.new);
            out.push_str("\n  </details>\n");
        }
    } else {
        block(out, &format!("Före ({a})"), &c.old);
        block(out, &format!("Efter ({b})"), &c.new);
    }
    out.push('\n');
}

fn impact_section(out: &mut String, report: &Report, impact: &[Impact]) {
    out.push_str("## Ändrade utfall\n\n");
    if impact.is_empty() {
        out.push_str(
            "Inget beslut som finns i båda versionerna har ändrade regler eller parametrar.\n",
        );
        return;
    }
    out.push_str(
        "Varje beslut vars regler eller parametrar ändrats har jämförts för alla indata med en \
         lösare (Z3); varje exempel har körts i båda versionerna.\n\n",
    );
    for i in impact {
        let _ = writeln!(out, "### {} ({})\n", super::impact_name(i), i.section);
        for note in impact_notes(i) {
            let _ = writeln!(out, "{note}");
        }
        out.push('\n');
        if i.changes.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "| Indata där | {} | {} | Det som ändras |\n|---|---|---|---|",
            report.from.name, report.to.name
        );
        for c in &i.changes {
            let cells = impact_cells(c).map(|x| cell_text(&x));
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        out.push_str("\nExempel:\n\n");
        for c in &i.changes {
            let _ = writeln!(
                out,
                "- indata `{}`: {} `{}`, {} `{}`",
                c.witness.input, report.from.name, c.witness.old, report.to.name, c.witness.new
            );
        }
        out.push('\n');
    }
}

/// A table cell: pipes escaped.
fn cell_text(s: &str) -> String {
    s.replace('|', "\\|")
}
