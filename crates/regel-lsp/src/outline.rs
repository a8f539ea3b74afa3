//! The shape of files: document symbols (sections holding their items), workspace symbols,
//! folding ranges.

use lsp_types::{
    DocumentSymbol, FoldingRange, FoldingRangeKind, Location, SymbolInformation, SymbolKind,
};
use regel_compiler::{SourceFile, parse_file};
use regel_syntax::Item;
use regel_syntax::ItemKind;

use crate::session::{Doc, Session};
use crate::text::{Lines, to_u32};

/// The end of an item's code, trailing blank space left out.
fn item_end(p: &Item) -> usize {
    p.offset as usize + p.text.trim_end().len()
}

fn kind_and_name(p: &Item) -> (SymbolKind, String) {
    match &p.kind {
        ItemKind::Version(v) => (SymbolKind::MODULE, format!("version {}", v.id.value)),
        ItemKind::Section(s) => (
            SymbolKind::NAMESPACE,
            format!("{} {}", s.number.value, s.title.value),
        ),
        ItemKind::Param(x) => (SymbolKind::CONSTANT, x.name.name.clone()),
        ItemKind::Enum(x) => (SymbolKind::ENUM, x.name.name.clone()),
        ItemKind::Record(x) => (SymbolKind::STRUCT, x.name.name.clone()),
        ItemKind::Decision(x) => (SymbolKind::FUNCTION, x.name.text()),
        ItemKind::Test(x) => (SymbolKind::EVENT, format!("test \"{}\"", x.name.value)),
        ItemKind::Property(x) => (SymbolKind::EVENT, format!("property \"{}\"", x.name.value)),
    }
}

/// Where an item's name stands, relative to the item.
fn name_span(kind: &ItemKind) -> regel_syntax::Span {
    match kind {
        ItemKind::Version(v) => v.id.span,
        ItemKind::Section(s) => s.number.span,
        ItemKind::Param(p) => p.name.span,
        ItemKind::Enum(e) => e.name.span,
        ItemKind::Record(r) => r.name.span,
        ItemKind::Decision(d) => d.name.span,
        ItemKind::Test(t) => t.name.span,
        ItemKind::Property(p) => p.name.span,
    }
}

#[expect(deprecated, reason = "lsp-types still has the field, and needs it set")]
fn symbol(lines: &Lines, p: &Item, end: usize) -> DocumentSymbol {
    let (kind, name) = kind_and_name(p);
    let name_span = name_span(&p.kind);
    DocumentSymbol {
        name,
        detail: None,
        kind,
        tags: None,
        deprecated: None,
        range: lines.range(p.offset as usize, end),
        selection_range: lines.range(
            (p.offset + name_span.start) as usize,
            (p.offset + name_span.end) as usize,
        ),
        children: None,
    }
}

/// Sections with the items that follow them; items before the first section stand alone.
pub fn document_symbols(s: &Session, doc: Doc) -> Vec<DocumentSymbol> {
    let db = s.db();
    let lines = Lines::new(doc.file.text(db));
    let items = &parse_file(db, doc.file).items;
    let mut out: Vec<DocumentSymbol> = Vec::new();
    let mut section: Option<(DocumentSymbol, Vec<DocumentSymbol>)> = None;
    for (i, p) in items.iter().enumerate() {
        if matches!(p.kind, ItemKind::Section(_)) {
            out.extend(section.take().map(close_section));
            let next = items[i + 1..]
                .iter()
                .take_while(|n| !matches!(n.kind, ItemKind::Section(_)))
                .last();
            let end = next.map_or_else(|| item_end(p), item_end);
            section = Some((symbol(&lines, p, end), Vec::new()));
            continue;
        }
        let sym = symbol(&lines, p, item_end(p));
        match section.as_mut() {
            Some((_, children)) => children.push(sym),
            None => out.push(sym),
        }
    }
    out.extend(section.map(close_section));
    out
}

fn close_section((mut sym, children): (DocumentSymbol, Vec<DocumentSymbol>)) -> DocumentSymbol {
    sym.children = Some(children);
    sym
}

/// The items of every version whose name holds `query` (case ignored).
#[expect(deprecated, reason = "lsp-types still has the field, and needs it set")]
pub fn workspace_symbols(s: &Session, query: &str) -> Vec<SymbolInformation> {
    let db = s.db();
    let query = query.to_lowercase();
    let mut out = Vec::new();
    for version in &s.policies().in_order() {
        for file in version.files(db) {
            let Some(uri) = s.uri_of(file.path(db)) else {
                continue;
            };
            let lines = Lines::new(file.text(db));
            for p in &parse_file(db, *file).items {
                let (kind, name) = kind_and_name(p);
                if !name.to_lowercase().contains(&query) {
                    continue;
                }
                out.push(SymbolInformation {
                    name,
                    kind,
                    tags: None,
                    deprecated: None,
                    location: Location::new(
                        uri.clone(),
                        lines.range(p.offset as usize, item_end(p)),
                    ),
                    container_name: Some(version.name(db).clone()),
                });
            }
        }
    }
    out
}

/// Every item that spans more than one line folds; so does a run of comment lines.
pub fn folding_ranges(s: &Session, file: SourceFile) -> Vec<FoldingRange> {
    let db = s.db();
    let text = file.text(db);
    let lines = Lines::new(text);
    let mut out: Vec<FoldingRange> = parse_file(db, file)
        .items
        .iter()
        .filter_map(|p| {
            let start = lines.position(p.offset as usize).line;
            let end = lines.position(item_end(p)).line;
            (end > start).then(|| fold(start, end, None))
        })
        .collect();
    let mut run: Option<(u32, u32)> = None;
    for (no, line) in text.lines().enumerate() {
        let no = to_u32(no);
        if line.trim_start().starts_with("//") {
            run = Some(run.map_or((no, no), |(start, _)| (start, no)));
            continue;
        }
        if let Some((start, end)) = run.take()
            && end > start
        {
            out.push(fold(start, end, Some(FoldingRangeKind::Comment)));
        }
    }
    out.sort_by_key(|f| (f.start_line, f.end_line));
    out
}

fn fold(start: u32, end: u32, kind: Option<FoldingRangeKind>) -> FoldingRange {
    FoldingRange {
        start_line: start,
        start_character: None,
        end_line: end,
        end_character: None,
        kind,
        collapsed_text: None,
    }
}
