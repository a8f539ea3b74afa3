//! Whole-version queries: the accumulated diagnostics and the assembled program.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use regel_syntax::{ItemKind, Span};
use salsa::Accumulator;

use crate::check::{Lowered, check_item};
use crate::db::{Db, Version};
use crate::diagnostic::{Diag, Diagnostic, Severity};
use crate::index::{
    IndexEntry, ItemKey, ItemTag, index_u32, item_index, item_location, item_syntax, name_span,
    signatures,
};
use crate::ir::{self, Origin, Program};
use crate::source::{file_errors, file_items};

/// Places the diagnostics of one file's items in the file and accumulates them. Re-runs when
/// the file changes; [`check_item`] underneath does not. One query per file, not per item, so
/// that a re-check has few of them to validate.
#[salsa::tracked]
fn file_diagnostics(db: &dyn Db, version: Version, file: u32) {
    for entry in file_entries_of(db, version, file) {
        let checked = check_item(db, version, entry.key);
        if checked.diags.is_empty() {
            continue;
        }
        let Some((source, offset)) = item_location(db, version, entry.key) else {
            continue;
        };
        for diag in &checked.diags {
            if diag.code == "E0104" && tests_broken_decision(db, version, entry.key) {
                continue;
            }
            diag.locate(source.path(db), offset).accumulate(db);
        }
    }
}

/// Whether the decision a test names is in the text but did not parse. Its syntax error is
/// reported; "unknown decision" on each of its tests would only repeat it.
fn tests_broken_decision(db: &dyn Db, version: Version, key: ItemKey) -> bool {
    let Some(item) = item_syntax(db, version, key) else {
        return false;
    };
    let ItemKind::Test(test) = &item.kind else {
        return false;
    };
    let name = test.decision.text();
    version.files(db).iter().any(|file| {
        !file_errors(db, *file).is_empty()
            && file
                .text(db)
                .lines()
                .any(|line| heads_decision(line, &name))
    })
}

/// `decision NAME …` at the start of a line, the keyword perhaps misspelled (`decison`).
fn heads_decision(line: &str, name: &str) -> bool {
    let mut words = line.split_whitespace();
    let (Some(keyword), Some(rest)) = (words.next(), words.next()) else {
        return false;
    };
    let named = rest
        .strip_prefix(name)
        .is_some_and(|after| after.is_empty() || after.starts_with(['{', '@']));
    named && strsim::levenshtein(keyword, "decision") <= 2
}

/// Checks a whole version; read the result with [`diagnostics`].
#[salsa::tracked]
pub fn check_version(db: &dyn Db, version: Version) {
    for file in version.files(db) {
        for e in file_errors(db, *file) {
            let diag = Diag {
                code: e.code,
                severity: Severity::Error,
                message: e.message.clone(),
                span: e.span,
                label: e.label.clone(),
                help: e.help.clone(),
            };
            diag.locate(file.path(db), 0).accumulate(db);
        }
    }
    let index = item_index(db, version);
    for file in 0..version.files(db).len() {
        file_diagnostics(db, version, index_u32(file));
    }
    let mut report = |entry: &IndexEntry, diag: Diag| {
        if let Some((file, offset)) = item_location(db, version, entry.key) {
            diag.locate(file.path(db), offset).accumulate(db);
        }
    };
    header_count(
        db,
        version,
        index.of(ItemTag::Version).collect(),
        &mut report,
    );
    for namespace in [
        &[ItemTag::Enum, ItemTag::Record][..],
        &[ItemTag::Param],
        &[ItemTag::Decision],
        &[ItemTag::Test],
        &[ItemTag::Property],
    ] {
        let entries = index.entries.iter().filter(|e| namespace.contains(&e.tag));
        duplicate_names(db, version, entries, &mut report);
    }
    parameter_uses(db, version, &mut report);
    unlabelled_variants(db, version, &mut report);
}

/// W0005: a variant a decision's conditions test with no label. The memo and the motivering
/// name a variant by its label ("om licensen är E3 eller E5"); without one the reader meets
/// the identifier (`e3`).
fn unlabelled_variants(db: &dyn Db, version: Version, report: &mut impl FnMut(&IndexEntry, Diag)) {
    let tested: BTreeSet<(u32, u32)> = (0..version.files(db).len())
        .flat_map(|file| {
            file_variants_tested(db, version, index_u32(file))
                .iter()
                .copied()
        })
        .collect();
    let sigs = signatures(db, version);
    for entry in item_index(db, version).of(ItemTag::Enum) {
        let (Some((id, _)), Some(item)) = (
            sigs.enum_named(&entry.name),
            item_syntax(db, version, entry.key),
        ) else {
            continue;
        };
        let ItemKind::Enum(e) = &item.kind else {
            continue;
        };
        for (i, v) in e.variants.iter().enumerate() {
            if !tested.contains(&(id.0, index_u32(i))) || crate::labels::label_of(&v.doc).is_some()
            {
                continue;
            }
            report(
                entry,
                Diag::warning(
                    "W0005",
                    v.name.span,
                    format!(
                        "variant `{}` of `{}` has no label, and a rule tests it",
                        v.name.name, entry.name
                    ),
                )
                .label("no `///` label")
                .help(format!(
                    "the memo and the motivering name a variant by its label: write its Swedish name in a doc comment above it (`/// …` before `{}`)",
                    v.name.name
                )),
            );
        }
    }
}

/// The enum variants the conditions of one file's decisions test, as (enum, variant).
#[salsa::tracked(returns(ref))]
fn file_variants_tested(db: &dyn Db, version: Version, file: u32) -> BTreeSet<(u32, u32)> {
    let mut read = BTreeSet::new();
    for entry in file_entries_of(db, version, file) {
        if let Lowered::Decision(d) = &check_item(db, version, entry.key).lowered {
            d.walk_conditions(&mut |e| {
                if let ir::Expr::Const(ir::Value::Enum(id, i)) = e {
                    read.insert((id.0, *i));
                }
            });
        }
    }
    read
}

/// The diagnostics of a version, sorted by file and place.
pub fn diagnostics(db: &dyn Db, version: Version) -> Vec<Diagnostic> {
    // Attached, so that the queries re-run while salsa collects the diagnostics are named in
    // its events (the execution log).
    let mut all: Vec<Diagnostic> = salsa::attach(db, || {
        check_version::accumulated::<Diagnostic>(db, version)
            .into_iter()
            .cloned()
            .collect()
    });
    all.sort_by(|a, b| (&a.file, a.span.start, a.code).cmp(&(&b.file, b.span.start, b.code)));
    all.dedup();
    all
}

fn header_count(
    db: &dyn Db,
    version: Version,
    headers: Vec<&IndexEntry>,
    report: &mut impl FnMut(&IndexEntry, Diag),
) {
    match headers.as_slice() {
        [] => {
            let Some(file) = version.files(db).first() else {
                return;
            };
            Diag::error("E0500", Span::default(), format!("version `{}` has no header", version.name(db)))
                .label("no `version` item in this folder")
                .help(format!("add `version \"{}\" {{ title … valid_from … valid_to … source … covers […] }}` to one file", version.name(db)))
                .locate(file.path(db), 0)
                .accumulate(db);
        }
        [first, rest @ ..] => {
            if first.name != *version.name(db) {
                report(
                    first,
                    Diag::error(
                        "E0505",
                        first.name_span,
                        format!(
                            "the header says `{}` but the folder is `{}`",
                            first.name,
                            version.name(db)
                        ),
                    )
                    .label("does not match the folder")
                    .help("the folder name is the version's id: rename one of them"),
                );
            }
            for extra in rest {
                report(
                    extra,
                    Diag::error("E0501", extra.name_span, "a second version header")
                        .label("the version already has a header")
                        .help("keep one `version` item per folder"),
                );
            }
        }
    }
}

fn duplicate_names<'e>(
    db: &dyn Db,
    version: Version,
    entries: impl Iterator<Item = &'e IndexEntry>,
    report: &mut impl FnMut(&IndexEntry, Diag),
) {
    let mut first: HashMap<&str, &IndexEntry> = HashMap::new();
    for entry in entries {
        match first.get(entry.name.as_str()) {
            None => {
                first.insert(&entry.name, entry);
            }
            Some(original) => {
                let place = item_location(db, version, original.key).map(|(file, offset)| {
                    format!(
                        "{}:{}",
                        file.path(db),
                        file_items(db, file)
                            .lines
                            .line_of(offset + original.name_span.start)
                    )
                });
                let kind = match (entry.tag, original.tag) {
                    (ItemTag::Param, _) => "parameter",
                    (ItemTag::Decision, _) => "decision",
                    (ItemTag::Test, _) => "test",
                    (ItemTag::Property, _) => "property",
                    (ItemTag::Enum, ItemTag::Enum) => "enum",
                    (ItemTag::Record, ItemTag::Record) => "record",
                    _ => "type",
                };
                report(
                    entry,
                    Diag::error(
                        "E0102",
                        entry.name_span,
                        format!("{kind} `{}` is defined twice", entry.name),
                    )
                    .label("defined again here")
                    .help(format!(
                        "the first definition is at {}; rename or remove one",
                        place.unwrap_or_default()
                    )),
                );
            }
        }
    }
}

/// The parameters some item reads (a parameter reading itself does not count). Recomputed
/// after an edit that changes what a file reads, but equal, so the version check stays.
#[salsa::tracked(returns(ref))]
fn params_used(db: &dyn Db, version: Version) -> BTreeSet<u32> {
    (0..version.files(db).len())
        .flat_map(|file| {
            file_params_used(db, version, index_u32(file))
                .iter()
                .copied()
        })
        .collect()
}

/// The parameters the items of one file read: only the edited file's are gathered again.
#[salsa::tracked(returns(ref))]
fn file_params_used(db: &dyn Db, version: Version, file: u32) -> BTreeSet<u32> {
    let sigs = signatures(db, version);
    let mut used: BTreeSet<u32> = BTreeSet::new();
    // Each parameter's place by its item, made once: a walk per item was quadratic.
    let place: std::collections::HashMap<ItemKey, usize> = sigs
        .params
        .iter()
        .enumerate()
        .map(|(i, p)| (p.key, i))
        .collect();
    for entry in file_entries_of(db, version, file) {
        let checked = check_item(db, version, entry.key);
        let own = place.get(&entry.key).copied();
        used.extend(
            checked
                .params_used
                .iter()
                .filter(|p| Some(**p as usize) != own),
        );
    }
    used
}

/// The index entries of one file.
fn file_entries_of(db: &dyn Db, version: Version, file: u32) -> &[IndexEntry] {
    let entries = &item_index(db, version).entries;
    let start = entries.partition_point(|e| e.key.file < file);
    let end = entries.partition_point(|e| e.key.file <= file);
    entries.get(start..end).unwrap_or_default()
}

/// Cycles between parameters, and parameters nothing reads.
fn parameter_uses(db: &dyn Db, version: Version, report: &mut impl FnMut(&IndexEntry, Diag)) {
    let index = item_index(db, version);
    let sigs = signatures(db, version);
    let used = params_used(db, version);
    let deps = param_deps(db, version);
    // Parameters on a circle already reported: one error per circle, at its first parameter.
    let mut on_reported_cycle: BTreeSet<usize> = BTreeSet::new();
    // Only a parameter on a circle is searched for it: a search from every parameter was
    // quadratic in a long chain of parameters.
    let cyclic = on_cycles(deps);
    for (i, param) in sigs.params.iter().enumerate() {
        let Some(entry) = index.get(param.key) else {
            continue;
        };
        if cyclic.get(i) == Some(&true)
            && !on_reported_cycle.contains(&i)
            && let Some(cycle) = find_cycle(deps, i)
        {
            on_reported_cycle.extend(cycle.iter().copied());
            let names: Vec<String> = cycle
                .iter()
                .filter_map(|p| sigs.params.get(*p).map(|p| format!("`{}`", p.name)))
                .collect();
            let (label, message) = match names.as_slice() {
                [_, _] => (
                    format!("`{}` reads itself", param.name),
                    format!("parameter `{}` depends on itself", param.name),
                ),
                [first, between @ .., _] => {
                    let mut label = first.clone();
                    for next in between.iter().chain([first]) {
                        label += &format!(" reads {next}, which");
                    }
                    let label = label.trim_end_matches(", which").to_owned();
                    let message = match between {
                        [one] => format!("parameters {first} and {one} depend on each other"),
                        [init @ .., last] => format!(
                            "parameters {first}, {} and {last} depend on each other",
                            init.join(", ")
                        ),
                        [] => String::new(),
                    };
                    (label, message)
                }
                _ => (
                    String::new(),
                    format!("parameter `{}` depends on itself", param.name),
                ),
            };
            report(
                entry,
                Diag::error("E0600", entry.name_span, message)
                    .label(label)
                    .help("a parameter's value may use other parameters, but not in a circle"),
            );
        }
        if !used.contains(&(i as u32)) {
            report(
                entry,
                Diag::warning(
                    "W0002",
                    entry.name_span,
                    format!("parameter `{}` is never used", param.name),
                )
                .label("unused")
                .help("use it in a rule, or remove it if the Beställning no longer states it"),
            );
        }
    }
}

/// For each parameter, the parameters its value reads.
#[salsa::tracked(returns(ref))]
fn param_deps(db: &dyn Db, version: Version) -> Vec<Vec<u32>> {
    signatures(db, version)
        .params
        .iter()
        .map(|p| match &check_item(db, version, p.key).lowered {
            Lowered::Param(def) => def.deps.clone(),
            _ => Vec::new(),
        })
        .collect()
}

/// Which nodes lie on a cycle (a strongly connected component of more than one node, or a
/// node that reads itself), in time linear in the graph (Kosaraju, without recursion).
fn on_cycles(deps: &[Vec<u32>]) -> Vec<bool> {
    let n = deps.len();
    let edges = |node: usize| {
        deps.get(node)
            .into_iter()
            .flatten()
            .map(|d| *d as usize)
            .filter(move |d| *d < n)
    };
    // First pass: nodes in order of finishing.
    let mut order = Vec::with_capacity(n);
    let mut visited = vec![false; n];
    for root in 0..n {
        if visited[root] {
            continue;
        }
        visited[root] = true;
        let mut stack: Vec<(usize, Vec<usize>)> = vec![(root, edges(root).collect())];
        while let Some((node, next)) = stack.last_mut() {
            match next.pop() {
                Some(m) if !visited[m] => {
                    visited[m] = true;
                    let more = edges(m).collect();
                    stack.push((m, more));
                }
                Some(_) => {}
                None => {
                    order.push(*node);
                    stack.pop();
                }
            }
        }
    }
    // Second pass, on the reversed graph, in reverse finishing order: one component a tree.
    let mut reversed = vec![Vec::new(); n];
    for node in 0..n {
        for m in edges(node) {
            reversed[m].push(node);
        }
    }
    let mut component = vec![usize::MAX; n];
    let mut size = Vec::new();
    for &root in order.iter().rev() {
        if component[root] != usize::MAX {
            continue;
        }
        let id = size.len();
        size.push(0usize);
        component[root] = id;
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            size[id] += 1;
            for &m in &reversed[node] {
                if component[m] == usize::MAX {
                    component[m] = id;
                    stack.push(m);
                }
            }
        }
    }
    (0..n)
        .map(|i| size[component[i]] > 1 || edges(i).any(|m| m == i))
        .collect()
}

/// The path from `start` back to itself, if there is one.
fn find_cycle(deps: &[Vec<u32>], start: usize) -> Option<Vec<usize>> {
    let mut stack = vec![(start, vec![start])];
    let mut seen = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        for next in deps.get(node).into_iter().flatten().map(|d| *d as usize) {
            if next == start {
                let mut cycle = path.clone();
                cycle.push(start);
                return Some(cycle);
            }
            if seen.insert(next) {
                let mut longer = path.clone();
                longer.push(next);
                stack.push((next, longer));
            }
        }
    }
    None
}

/// Parameters ordered so each comes after those it reads (cycles broken arbitrarily; they are
/// reported as errors).
fn topological(deps: &[Vec<u32>]) -> Vec<u32> {
    let mut order = Vec::with_capacity(deps.len());
    let mut state = vec![0u8; deps.len()];
    for root in 0..deps.len() {
        let mut stack = vec![(root, false)];
        while let Some((node, done)) = stack.pop() {
            if done {
                if state.get(node) == Some(&1) {
                    state[node] = 2;
                    order.push(node as u32);
                }
                continue;
            }
            if state.get(node) != Some(&0) {
                continue;
            }
            state[node] = 1;
            stack.push((node, true));
            for dep in deps.get(node).into_iter().flatten() {
                if state.get(*dep as usize) == Some(&0) {
                    stack.push((*dep as usize, false));
                }
            }
        }
    }
    order
}

/// The 1-based line of each item's name in one file: recomputed when the file changes, but
/// equal (and so not propagated) unless a line was added or removed.
#[salsa::tracked(returns(ref))]
fn file_lines(db: &dyn Db, version: Version, file: u32) -> Vec<u32> {
    let Some(source) = version.files(db).get(file as usize) else {
        return Vec::new();
    };
    let parsed = file_items(db, *source);
    parsed
        .items
        .iter()
        .map(|p| {
            parsed
                .lines
                .line_of(p.offset + name_span(&p.item.kind).start)
        })
        .collect()
}

fn origin(db: &dyn Db, version: Version, key: ItemKey) -> Origin {
    Origin {
        file: version
            .files(db)
            .get(key.file as usize)
            .map(|f| f.path(db).clone())
            .unwrap_or_default(),
        line: file_lines(db, version, key.file)
            .get(key.item as usize)
            .copied()
            .unwrap_or(0),
    }
}

/// A decision's IR with its origin. Cloned from [`check_item`]'s only when the decision or the
/// line it stands on changed.
#[salsa::tracked(returns(clone))]
fn placed_decision(db: &dyn Db, version: Version, key: ItemKey) -> Option<Arc<ir::Decision>> {
    let Lowered::Decision(d) = &check_item(db, version, key).lowered else {
        return None;
    };
    let mut d = (**d).clone();
    d.origin = origin(db, version, key);
    Some(Arc::new(d))
}

/// A test's IR with its origin, as [`placed_decision`].
#[salsa::tracked(returns(clone))]
fn placed_test(db: &dyn Db, version: Version, key: ItemKey) -> Option<Arc<ir::Test>> {
    let Lowered::Test(t) = &check_item(db, version, key).lowered else {
        return None;
    };
    let mut t = (**t).clone();
    t.origin = origin(db, version, key);
    Some(Arc::new(t))
}

/// A property's IR with its origin, as [`placed_decision`].
#[salsa::tracked(returns(clone))]
fn placed_property(db: &dyn Db, version: Version, key: ItemKey) -> Option<Arc<ir::Property>> {
    let Lowered::Property(p) = &check_item(db, version, key).lowered else {
        return None;
    };
    let mut p = (**p).clone();
    p.origin = origin(db, version, key);
    Some(Arc::new(p))
}

/// What one file adds to the program besides parameters and decisions. Only the edited
/// file's part is assembled again.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct FilePart {
    headers: Vec<ir::VersionInfo>,
    sections: Vec<ir::SectionInfo>,
    tests: Vec<Arc<ir::Test>>,
    properties: Vec<Arc<ir::Property>>,
}

#[salsa::tracked(returns(ref))]
fn file_part(db: &dyn Db, version: Version, file: u32) -> FilePart {
    let mut part = FilePart::default();
    for entry in file_entries_of(db, version, file) {
        match entry.tag {
            ItemTag::Version => {
                if let Lowered::Header(info) = &check_item(db, version, entry.key).lowered {
                    part.headers.push(info.clone());
                }
            }
            ItemTag::Section => {
                if let Lowered::Section(s) = &check_item(db, version, entry.key).lowered {
                    part.sections.push(s.clone());
                }
            }
            ItemTag::Test => part.tests.extend(placed_test(db, version, entry.key)),
            ItemTag::Property => part
                .properties
                .extend(placed_property(db, version, entry.key)),
            _ => {}
        }
    }
    part
}

/// The version assembled for evaluation. Check [`diagnostics`] for errors before evaluating.
#[salsa::tracked(returns(clone))]
pub fn program(db: &dyn Db, version: Version) -> Arc<Program> {
    let sigs = signatures(db, version);
    let mut program = Program {
        enums: sigs
            .enums
            .iter()
            .map(|e| ir::EnumDef {
                name: e.name.clone(),
                variants: e.variants.clone(),
            })
            .collect(),
        records: sigs
            .records
            .iter()
            .map(|r| ir::RecordDef {
                name: r.name.clone(),
                fields: r.fields.clone(),
            })
            .collect(),
        labels: crate::labels::labels(db, version),
        ..Program::default()
    };
    program.params.reserve_exact(sigs.params.len());
    for param in &sigs.params {
        if let Lowered::Param(def) = &check_item(db, version, param.key).lowered {
            program.params.push(def.clone());
        }
    }
    program.param_order = topological(param_deps(db, version));
    program.decisions = sigs
        .decisions
        .iter()
        .filter_map(|d| placed_decision(db, version, d.key))
        .collect();
    for file in 0..version.files(db).len() {
        let part = file_part(db, version, index_u32(file));
        for info in &part.headers {
            if program.info.id.is_empty() {
                program.info = info.clone();
            }
        }
        program.sections.extend(part.sections.iter().cloned());
        program.tests.extend(part.tests.iter().cloned());
        program.properties.extend(part.properties.iter().cloned());
    }
    Arc::new(program)
}

#[cfg(test)]
mod cycle_tests {
    use super::*;

    #[test]
    fn nodes_on_cycles_are_found_and_chains_are_not() {
        // 0 -> 1 -> 2 -> 0 is a circle; 3 -> 0 leads into it; 4 reads itself; 5 -> 6 is a chain.
        let deps = vec![
            vec![1],
            vec![2],
            vec![0],
            vec![0],
            vec![4],
            vec![6],
            vec![],
            vec![9],
        ];
        assert_eq!(
            on_cycles(&deps),
            [true, true, true, false, true, false, false, false]
        );
        let chain: Vec<Vec<u32>> = (0..10_000u32)
            .map(|i| if i == 0 { vec![] } else { vec![i - 1] })
            .collect();
        assert!(on_cycles(&chain).iter().all(|c| !c));
    }
}
