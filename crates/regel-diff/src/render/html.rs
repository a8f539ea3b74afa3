//! One self-contained HTML page: inline style, no scripts or external files, a table of
//! contents by section, old and new side by side, and a print layout.

use std::fmt::Write;

use super::Run;
use super::{
    change_title, coverage_label, delta_cells, figure_label, figure_tables, header_cells,
    header_label, is_figure, not_compared, owner_phrase, section_cell, section_heading,
    section_notes, split_sections, summary_lines, word_diff,
};
use crate::model::{Change, Impact, Report, SectionDiff};

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#111;line-height:1.4}\
h1{font-size:1.6rem}h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}\
table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;vertical-align:top}\
td.n{text-align:right;white-space:nowrap}caption{text-align:left;font-weight:600}table.pair{width:100%;table-layout:fixed}\
pre{margin:0;white-space:pre-wrap;font-size:.85rem}td.old{background:#fff1f0}td.new{background:#f0fff4}\
.change{margin:1rem 0}del{background:#fdd}ins{background:#dfd;text-decoration:none;font-weight:600}.title{font-weight:600}nav ol{columns:2}code{font-size:.9em}\
@media print{body{margin:0;max-width:none}nav{display:none}h2{break-after:avoid}.change,tr{break-inside:avoid}td.old,td.new{background:none}}";

pub fn html(report: &Report) -> String {
    let (a, b) = (&report.from, &report.to);
    let title = format!("Ändringar från {} till {}", a.name, b.name);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n<p>Jämför <em>{}</em> ({}) med <em>{}</em> ({}).</p>\n",
        esc(&title),
        esc(&title),
        esc(&a.title),
        esc(&a.status),
        esc(&b.title),
        esc(&b.status)
    );
    out.push_str("<h2 id=\"sammanfattning\">Sammanfattning</h2>\n<ul>\n");
    for line in summary_lines(report) {
        let _ = writeln!(out, "<li>{}</li>", inline(&line));
    }
    out.push_str("</ul>\n");
    toc(&mut out, report);
    if !report.header.is_empty() {
        out.push_str("<h2 id=\"versionshuvud\">Versionshuvud</h2>\n");
        let _ = writeln!(
            out,
            "<table><tr><th>Fält</th><th>{}</th><th>{}</th></tr>",
            esc(&a.name),
            esc(&b.name)
        );
        for h in &report.header {
            let [old, new] = header_cells(h);
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"old\">{}</td><td class=\"new\">{}</td></tr>",
                esc(header_label(&h.field)),
                esc(&old),
                esc(&new)
            );
        }
        out.push_str("</table>\n");
    }
    let (changed, coverage_only) = split_sections(report);
    not_compared_table(&mut out, report);
    coverage_table(&mut out, report, &coverage_only);
    for (i, s) in changed.iter().enumerate() {
        section(&mut out, report, i, s);
    }
    if let Some(impact) = &report.impact {
        impact_section(&mut out, report, impact);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn toc(out: &mut String, report: &Report) {
    if report.sections.is_empty() {
        return;
    }
    let (changed, coverage_only) = split_sections(report);
    out.push_str("<nav><h2>Innehåll</h2>\n<ol>\n");
    if !not_compared(report).is_empty() {
        out.push_str("<li><a href=\"#ej-jamforda\">Ej jämförda avsnitt</a></li>\n");
    }
    if !coverage_only.is_empty() {
        out.push_str("<li><a href=\"#tackning\">Täckning</a></li>\n");
    }
    for (i, s) in changed.iter().enumerate() {
        let _ = writeln!(
            out,
            "<li><a href=\"#s{i}\">{}</a></li>",
            esc(&section_heading(s))
        );
    }
    out.push_str("</ol></nav>\n");
}

fn not_compared_table(out: &mut String, report: &Report) {
    let sections = not_compared(report);
    if sections.is_empty() {
        return;
    }
    out.push_str("<h2 id=\"ej-jamforda\">Ej jämförda avsnitt</h2>\n<p>Bara den ena versionen kodar eller beskriver dessa avsnitt, så det finns inga regler att ställa mot varandra. Ändringar i avsnitt som kodas i den ena versionen står ändå under avsnittet nedan.</p>\n");
    coverage_rows(out, report, &sections);
}

/// A table of sections with each version's coverage.
fn coverage_rows(out: &mut String, report: &Report, sections: &[&SectionDiff]) {
    let _ = writeln!(
        out,
        "<table><tr><th>Avsnitt</th><th>{}</th><th>{}</th></tr>",
        esc(&report.from.name),
        esc(&report.to.name)
    );
    for s in sections {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"old\">{}</td><td class=\"new\">{}</td></tr>",
            esc(&section_cell(s)),
            coverage_label(s.old.coverage),
            coverage_label(s.new.coverage)
        );
    }
    out.push_str("</table>\n");
}

fn coverage_table(out: &mut String, report: &Report, sections: &[&SectionDiff]) {
    if sections.is_empty() {
        return;
    }
    out.push_str("<h2 id=\"tackning\">Täckning</h2>\n");
    coverage_rows(out, report, sections);
}

fn section(out: &mut String, report: &Report, i: usize, s: &SectionDiff) {
    let _ = writeln!(
        out,
        "<section>\n<h2 id=\"s{i}\">{}</h2>",
        esc(&section_heading(s))
    );
    for line in section_notes(s, report) {
        let _ = writeln!(out, "<p>{}</p>", esc(&line));
    }
    let changes: Vec<&Change> = report.changes_in(&s.number).collect();
    for (heading, figures) in figure_tables(&changes) {
        if figures.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<table><caption>{heading}</caption><tr><th>Post</th><th>{}</th><th>{}</th><th>Förändring</th><th>Förändring i %</th></tr>",
            esc(&report.from.name),
            esc(&report.to.name)
        );
        for c in figures {
            let Some(d) = &c.delta else { continue };
            let cells: String = delta_cells(d)
                .iter()
                .map(|x| format!("<td class=\"n\">{}</td>", esc(x)))
                .collect();
            let _ = writeln!(out, "<tr><td>{}</td>{cells}</tr>", inline(&figure_label(c)));
        }
        out.push_str("</table>\n");
    }
    for c in changes.into_iter().filter(|c| !is_figure(c)) {
        change(out, report, c);
    }
    if let Some(line) = super::section_impact(report, &s.number) {
        let _ = writeln!(out, "<p>{}</p>", inline(&line));
    }
    out.push_str("</section>\n");
}

fn change(out: &mut String, report: &Report, c: &Change) {
    let _ = writeln!(
        out,
        "<div class=\"change\"><div class=\"title\">{}{}</div>",
        inline(&change_title(c)),
        inline(&owner_phrase(c))
    );
    let pre = |s: &Option<String>| {
        s.as_deref()
            .map_or(String::new(), |t| format!("<pre>{}</pre>", esc(t)))
    };
    let pair = |old: String, new: String| {
        format!(
            "<table class=\"pair\"><tr><th>{}</th><th>{}</th></tr><tr><td class=\"old\">{old}</td><td class=\"new\">{new}</td></tr></table>",
            esc(&report.from.name),
            esc(&report.to.name),
        )
    };
    if let Some(doc) = &c.doc {
        let runs = word_diff(
            doc.old.as_deref().unwrap_or_default(),
            doc.new.as_deref().unwrap_or_default(),
        );
        let mut text = String::new();
        for (run, words) in runs {
            let words = esc(&words).replace('\n', "<br>");
            let _ = match run {
                Run::Same => write!(text, "{words} "),
                Run::Old => write!(text, "<del>{words}</del> "),
                Run::New => write!(text, "<ins>{words}</ins> "),
            };
        }
        let _ = write!(out, "<p class=\"doc\">{}</p>", text.trim_end());
    }
    if super::only_doc(c) {
        out.push_str("</div>\n");
    } else if c.old_sv.is_some() || c.new_sv.is_some() {
        // The rule in Swedish; its Regel text folded away (opened for print).
        let said = |s: &Option<String>| {
            s.as_deref().map_or(String::new(), |t| {
                t.lines()
                    .map(|l| format!("<p>{}</p>", esc(l)))
                    .collect::<String>()
            })
        };
        // A part moved to another section alone has no text to fold away.
        let text = if c.old.is_some() || c.new.is_some() {
            let text = pair(pre(&c.old), pre(&c.new));
            format!("<details><summary>Regeltext</summary>{text}</details>")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{}{text}</div>",
            pair(said(&c.old_sv), said(&c.new_sv))
        );
    } else if c.old.is_some() || c.new.is_some() {
        let _ = writeln!(out, "{}</div>", pair(pre(&c.old), pre(&c.new)));
    } else {
        out.push_str("</div>\n");
    }
}

fn impact_section(out: &mut String, report: &Report, impact: &[Impact]) {
    out.push_str("<h2 id=\"utfall\">Ändrade utfall</h2>\n");
    if impact.is_empty() {
        out.push_str("<p>Inget beslut som finns i båda versionerna har ändrade regler eller parametrar.</p>\n");
        return;
    }
    out.push_str(
        "<p>Varje beslut vars regler eller parametrar ändrats har jämförts för alla indata med en \
         lösare (Z3); varje exempel har körts i båda versionerna.</p>\n",
    );
    for i in impact {
        let name = inline(&super::impact_name(i));
        let _ = writeln!(out, "<h3>{name} ({})</h3>", esc(&i.section));
        for note in super::impact_notes(i) {
            let _ = writeln!(out, "<p>{}</p>", inline(&note));
        }
        if i.changes.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<table><tr><th>Indata där</th><th>{}</th><th>{}</th><th>Det som ändras</th><th>Exempel</th><th>{}</th><th>{}</th></tr>",
            esc(&report.from.name),
            esc(&report.to.name),
            esc(&report.from.name),
            esc(&report.to.name)
        );
        for c in &i.changes {
            let [cond, old, new, what] = super::impact_cells(c);
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"old\">{}</td><td class=\"new\">{}</td><td>{}</td><td><pre>{}</pre></td><td class=\"old\"><pre>{}</pre></td><td class=\"new\"><pre>{}</pre></td></tr>",
                inline(&cond),
                esc(&old),
                esc(&new),
                inline(&what),
                esc(&c.witness.input.to_string()),
                esc(&c.witness.old.to_string()),
                esc(&c.witness.new.to_string())
            );
        }
        out.push_str("</table>\n");
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(ch),
        }
    }
    out
}

/// Escaped text with Markdown-style `code` spans as `<code>`.
fn inline(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in esc(s).split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}
