//! One version as the diff sees it: its checked program, its named items with the section
//! each stands in, their canonical text, and its coverage.

use std::collections::HashMap;
use std::sync::Arc;

use regel_compiler::ir::{Program, Value};
use regel_compiler::{Db, ItemTag, Version, item_index, item_syntax, program};
use regel_eval::Engine;
use regel_syntax::{File, Item, ItemKind, Member};

use crate::coverage;

/// A named item: a parameter, enum, record or decision.
#[derive(Debug, Clone)]
pub struct Entry {
    pub tag: ItemTag,
    pub name: String,
    /// The section the item stands in.
    pub section: String,
    pub item: Arc<Item>,
}

pub struct Snapshot {
    /// The folder name.
    pub name: String,
    pub program: Arc<Program>,
    /// Parameter values, when the version evaluates.
    pub params: Option<Vec<Value>>,
    pub entries: Vec<Entry>,
    pub coverage: coverage::Report,
    /// Section titles by number (the first `section` line of each).
    pub titles: HashMap<String, String>,
}

impl Snapshot {
    pub fn new(db: &dyn Db, version: Version) -> Snapshot {
        let program = program(db, version);
        let params = Engine::new(program.clone())
            .ok()
            .map(|e| e.params().to_vec());
        let mut entries = Vec::new();
        for e in &item_index(db, version).entries {
            let named = matches!(
                e.tag,
                ItemTag::Param | ItemTag::Enum | ItemTag::Record | ItemTag::Decision
            );
            if !named
                || entries
                    .iter()
                    .any(|x: &Entry| x.tag == e.tag && x.name == e.name)
            {
                continue;
            }
            if let Some(item) = item_syntax(db, version, e.key) {
                entries.push(Entry {
                    tag: e.tag,
                    name: e.name.clone(),
                    section: e.section.clone().unwrap_or_default(),
                    item,
                });
            }
        }
        let mut titles = HashMap::new();
        for s in &program.sections {
            titles
                .entry(s.number.clone())
                .or_insert_with(|| s.title.clone());
        }
        Snapshot {
            name: version.name(db).clone(),
            coverage: coverage::report(db, version),
            program,
            params,
            entries,
            titles,
        }
    }

    pub fn entry(&self, tag: ItemTag, name: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.tag == tag && e.name == name)
    }

    /// How this version accounts for `section`.
    pub fn coverage_of(&self, section: &str) -> crate::Coverage {
        use crate::Coverage;
        use coverage::Status;
        match self.coverage.rows.iter().find(|r| r.number == section) {
            None => Coverage::NotCovered,
            Some(row) => match row.status {
                Status::Encoded => Coverage::Encoded,
                Status::Descriptive => Coverage::Descriptive,
                Status::Missing => Coverage::Missing,
                Status::Both => Coverage::Both,
            },
        }
    }

    /// The value of parameter `name`, when the version evaluates.
    pub fn param_value(&self, name: &str) -> Option<&Value> {
        let (index, _) = self.program.param(name)?;
        self.params.as_ref()?.get(index as usize)
    }
}

/// An item in the canonical layout, doc comments left out: comments are not changes.
pub fn item_text(item: &Item) -> String {
    let mut item = item.clone();
    item.doc.clear();
    item.text.clear();
    if let ItemKind::Decision(d) = &mut item.kind {
        d.members.iter_mut().for_each(strip_doc);
    }
    let file = File {
        items: vec![item],
        errors: Vec::new(),
    };
    let printed = regel_fmt::print(&file);
    let lines: Vec<&str> = printed.trim_end().lines().map(str::trim_end).collect();
    lines.join("\n")
}

/// One decision member in the canonical layout, at the left margin.
pub fn member_text(member: &Member) -> String {
    let mut member = member.clone();
    strip_doc(&mut member);
    let decision = regel_syntax::Decision {
        name: regel_syntax::QualName {
            parts: Vec::new(),
            span: regel_syntax::Span::default(),
        },
        cite: None,
        members: vec![member],
        span: regel_syntax::Span::default(),
    };
    let item = Item {
        offset: 0,
        text: String::new(),
        doc: Vec::new(),
        kind: ItemKind::Decision(decision),
    };
    let printed = item_text(&item);
    let mut lines: Vec<&str> = printed.lines().collect();
    // Drop the `decision  {` and `}` lines around the member.
    lines.pop();
    if !lines.is_empty() {
        lines.remove(0);
    }
    lines
        .iter()
        .map(|l| l.strip_prefix("  ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

fn strip_doc(member: &mut Member) {
    match member {
        Member::Input(i) => i.doc.clear(),
        Member::Output(o) => o.doc.clear(),
        Member::Rule(r) => r.doc.clear(),
        Member::Let(l) => l.doc.clear(),
        Member::Require(r) => r.doc.clear(),
        Member::Error(_) => {}
    }
}

/// An expression in the canonical layout (as a parameter's value), at the left margin.
pub fn expr_text(e: &regel_syntax::Expr) -> String {
    let name = |n: &str| regel_syntax::Ident {
        name: n.to_owned(),
        span: regel_syntax::Span::default(),
    };
    let param = regel_syntax::Param {
        name: name("x"),
        ty: regel_syntax::TypeExpr {
            kind: regel_syntax::TypeKind::Named(name("T")),
            span: regel_syntax::Span::default(),
        },
        value: e.clone(),
        domain: None,
        cite: None,
        span: regel_syntax::Span::default(),
    };
    let item = Item {
        offset: 0,
        text: String::new(),
        doc: Vec::new(),
        kind: ItemKind::Param(param),
    };
    let printed = item_text(&item);
    printed
        .strip_prefix("param x: T = ")
        .unwrap_or(&printed)
        .to_owned()
}
