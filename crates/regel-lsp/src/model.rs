//! Questions about a version asked through the compiler's queries: which item stands at an
//! offset, which name, where a name is defined and where it is used.

use regel_compiler::{Database, ItemKey, ItemTag, SourceFile, Version, item_index, parse_file};
use regel_compiler::{file_items, item_location, item_syntax};
use regel_syntax::{Item, Span};

use crate::names::{Occurrence, Symbol, occurrences};
use crate::session::Doc;

/// The item of a file that holds `byte` (its doc comment and text included); its `offset`
/// is absolute, the spans inside it relative to it.
pub fn item_at(db: &Database, file: SourceFile, byte: u32) -> Option<&Item> {
    let items = &parse_file(db, file).items;
    let at = items.partition_point(|i| i.offset <= byte).checked_sub(1)?;
    let item = items.get(at)?;
    let end = item.offset as usize + item.text.len();
    (byte as usize <= end).then_some(item)
}

/// The item of `doc`'s file that holds `byte`: its key in `doc`'s version and its first byte.
pub fn key_at(db: &Database, doc: Doc, byte: u32) -> Option<(ItemKey, u32)> {
    let file = file_number(db, doc.version, doc.file)?;
    let items = &parse_file(db, doc.file).items;
    let at = items.partition_point(|i| i.offset <= byte).checked_sub(1)?;
    let item = items.get(at)?;
    let end = item.offset as usize + item.text.len();
    let key = ItemKey {
        file,
        item: u32::try_from(at).ok()?,
    };
    (byte as usize <= end).then_some((key, item.offset))
}

/// Where `file` stands in `version`'s files.
fn file_number(db: &Database, version: Version, file: SourceFile) -> Option<u32> {
    let at = version.files(db).iter().position(|f| *f == file)?;
    u32::try_from(at).ok()
}

/// The name at `byte`, if any: the occurrence whose span holds it (its end included, so a
/// cursor just after a name finds it).
pub fn symbol_at(db: &Database, doc: Doc, byte: u32) -> Option<Occurrence> {
    let (key, offset) = key_at(db, doc, byte)?;
    occurrences(db, doc.version, key, offset)
        .into_iter()
        .find(|o| o.span.start <= byte && byte <= o.span.end)
}

/// Every name of a file.
pub fn file_occurrences(db: &Database, version: Version, file: SourceFile) -> Vec<Occurrence> {
    item_occurrences(db, version, file)
        .into_iter()
        .flatten()
        .collect()
}

/// Every name of a file, item by item.
pub fn item_occurrences(db: &Database, version: Version, file: SourceFile) -> Vec<Vec<Occurrence>> {
    let Some(number) = file_number(db, version, file) else {
        return Vec::new();
    };
    let items = &file_items(db, file).items;
    (0..items.len())
        .zip(items)
        .filter_map(|(item, placed)| {
            let key = ItemKey {
                file: number,
                item: u32::try_from(item).ok()?,
            };
            Some(occurrences(db, version, key, placed.offset))
        })
        .collect()
}

/// Every occurrence of `symbol` in `doc`'s version; a lambda parameter's only in `doc`'s
/// file (its identity is an offset in that file).
pub fn uses(db: &Database, doc: Doc, symbol: &Symbol) -> Vec<(SourceFile, Occurrence)> {
    let files: Vec<SourceFile> = match symbol {
        Symbol::Lambda { .. } => vec![doc.file],
        _ => doc.version.files(db).clone(),
    };
    files
        .into_iter()
        .flat_map(|f| {
            file_occurrences(db, doc.version, f)
                .into_iter()
                .filter(|o| o.symbol == *symbol)
                .map(move |o| (f, o))
        })
        .collect()
}

/// Where `symbol` is defined: the item that defines it, found through the item index, then
/// the defining occurrence inside it. A lambda parameter is looked up in `doc`'s file.
pub fn definition(db: &Database, doc: Doc, symbol: &Symbol) -> Option<(SourceFile, Span)> {
    let (key, offset, file) = match symbol {
        Symbol::Lambda { at, .. } => {
            let (key, offset) = key_at(db, doc, *at)?;
            (key, offset, doc.file)
        }
        _ => defining_item(db, doc.version, symbol)?,
    };
    defining_occurrence(db, doc.version, key, offset, symbol).map(|o| (file, o.span))
}

/// The defining occurrence of `symbol` (not a lambda parameter) in `version`, with its type.
pub fn definition_of(
    db: &Database,
    version: Version,
    symbol: &Symbol,
) -> Option<(SourceFile, Occurrence)> {
    let (key, offset, file) = defining_item(db, version, symbol)?;
    defining_occurrence(db, version, key, offset, symbol).map(|o| (file, o))
}

fn defining_occurrence(
    db: &Database,
    version: Version,
    key: ItemKey,
    offset: u32,
    symbol: &Symbol,
) -> Option<Occurrence> {
    occurrences(db, version, key, offset)
        .into_iter()
        .find(|o| o.def && o.symbol == *symbol)
}

/// The item that defines a symbol: its key, first byte and file.
pub fn defining_item(
    db: &Database,
    version: Version,
    symbol: &Symbol,
) -> Option<(ItemKey, u32, SourceFile)> {
    let (tags, name): (&[ItemTag], &str) = match symbol {
        Symbol::Type(n) => (&[ItemTag::Enum, ItemTag::Record], n),
        Symbol::Param(n) => (&[ItemTag::Param], n),
        Symbol::Decision(n)
        | Symbol::Local { decision: n, .. }
        | Symbol::Reason { decision: n, .. } => (&[ItemTag::Decision], n),
        Symbol::Test(n) => (&[ItemTag::Test], n),
        Symbol::Section(n) => (&[ItemTag::Section], n),
        Symbol::Variant { ty, .. } => (&[ItemTag::Enum], ty),
        Symbol::Field { ty, .. } => (&[ItemTag::Record], ty),
        Symbol::Lambda { .. } => return None,
    };
    let entry = item_index(db, version)
        .entries
        .iter()
        .find(|e| tags.contains(&e.tag) && e.name == name)?;
    let (file, offset) = item_location(db, version, entry.key)?;
    Some((entry.key, offset, file))
}

/// The section an item stands in, and its title.
pub fn section_of(db: &Database, version: Version, key: ItemKey) -> Option<(String, String)> {
    let number = item_index(db, version).get(key)?.section.clone()?;
    let title = section_title(db, version, &number).unwrap_or_default();
    Some((number, title))
}

/// A section's title, from its `section` line.
pub fn section_title(db: &Database, version: Version, number: &str) -> Option<String> {
    let symbol = Symbol::Section(number.to_owned());
    let (key, ..) = defining_item(db, version, &symbol)?;
    match &item_syntax(db, version, key)?.kind {
        regel_syntax::ItemKind::Section(s) => Some(s.title.value.clone()),
        _ => None,
    }
}
