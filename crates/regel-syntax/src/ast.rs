//! The typed syntax tree.
//!
//! Every span inside an item is relative to the item's first byte (see [`Item::offset`]), so an
//! item whose text did not change compares equal even when an edit above it moved it. The
//! compiler relies on that to skip re-checking untouched items.

/// A byte range, relative to the start of the enclosing item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            start: clamp(start),
            end: clamp(end),
        }
    }

    /// This span moved by `offset` bytes (relative → absolute).
    pub fn shift(self, offset: u32) -> Span {
        Span {
            start: self.start.saturating_add(offset),
            end: self.end.saturating_add(offset),
        }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A dotted name such as `listning.byte`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QualName {
    pub parts: Vec<Ident>,
    pub span: Span,
}

impl QualName {
    pub fn text(&self) -> String {
        let parts: Vec<&str> = self.parts.iter().map(|p| p.name.as_str()).collect();
        parts.join(".")
    }
}

/// A string literal; `value` has its escapes resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StrLit {
    pub value: String,
    pub span: Span,
}

/// `@ "3.6.1"`: the section a rule, parameter or decision rests on.
pub type Citation = StrLit;

/// A parsed file: its items in source order and the parse errors found on the way.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct File {
    pub items: Vec<Item>,
    pub errors: Vec<ParseError>,
}

/// A syntax error; `span` is absolute (file) because the broken text belongs to no item.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ParseError {
    pub code: &'static str,
    pub message: String,
    /// The labelled place, absolute byte offsets in the file.
    pub span: Span,
    pub label: String,
    pub help: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Item {
    /// Absolute byte offset of the item's first byte (its doc comment, if any) in the file.
    pub offset: u32,
    /// The item's source text; spans inside `kind` index into it.
    pub text: String,
    pub doc: Vec<String>,
    pub kind: ItemKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ItemKind {
    Version(VersionHeader),
    Section(Section),
    Param(Param),
    Enum(EnumDef),
    Record(RecordDef),
    Decision(Decision),
    Test(TestBlock),
    Property(PropertyBlock),
}

/// `version "2023" { title "…" valid_from 2023-01-01 … }`
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VersionHeader {
    pub id: StrLit,
    pub fields: Vec<HeaderField>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HeaderField {
    pub key: Ident,
    pub value: Expr,
}

/// `section "3.6.12" "Anmälan av kapacitetsbrist"`: every item after it, up to the next
/// section, belongs to it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Section {
    pub number: StrLit,
    pub title: StrLit,
    /// `descriptive "why"`: the section holds no decidable rule, and this says why.
    pub descriptive: Option<StrLit>,
    pub span: Span,
}

/// `param max_byten: Int = 2 @ "3.6.1"`
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Param {
    pub name: Ident,
    pub ty: TypeExpr,
    pub value: Expr,
    /// `where cond`: the parameter's own domain (`vite_andel >= 0 and vite_andel <= 1`), which its value
    /// and any override (what-if, a test's `with`) must meet.
    pub domain: Option<Expr>,
    pub cite: Option<Citation>,
    pub span: Span,
}

/// `enum Enhetstyp { halsocentral, filial, servicepunkt }`
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EnumDef {
    pub name: Ident,
    pub variants: Vec<Variant>,
    pub cite: Option<Citation>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Variant {
    pub doc: Vec<String>,
    pub name: Ident,
}

/// `record Rad { namn: Text, belopp: Money }`
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RecordDef {
    pub name: Ident,
    pub fields: Vec<FieldDecl>,
    pub cite: Option<Citation>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FieldDecl {
    pub doc: Vec<String>,
    pub name: Ident,
    pub ty: TypeExpr,
}

/// `decision listning.byte @ "3.6.1" { members }`
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decision {
    pub name: QualName,
    pub cite: Option<Citation>,
    pub members: Vec<Member>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Member {
    /// `input datum: Date` or `input sarskilda_skal: Bool = false`
    Input(InputDecl),
    /// `output utfall: Utfall`, `output byten: Int = byten`, or a bare `output skal` / `output
    /// paragraf` placing the implicit reason code / citation in the output's field order.
    Output(OutputDecl),
    /// `let byten = count(…)`
    Let(LetDecl),
    /// `require cond else reason_code @ "3.6.1"`
    Require(Require),
    /// `when cond [require …] then { … } because code @ "…"` or `otherwise then { … } because …`
    Rule(Rule),
    /// A member line that did not parse; the error is in [`File::errors`].
    Error(Span),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InputDecl {
    pub doc: Vec<String>,
    pub name: Ident,
    pub ty: TypeExpr,
    pub default: Option<Expr>,
    /// `where cond`: the input's own domain (`andel >= 0 and andel <= 1`); a value outside it
    /// is an ill-typed input, not a policy rejection.
    pub domain: Option<Expr>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OutputDecl {
    pub doc: Vec<String>,
    pub name: Ident,
    pub ty: Option<TypeExpr>,
    pub value: Option<Expr>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LetDecl {
    pub doc: Vec<String>,
    pub name: Ident,
    pub value: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Require {
    /// The `///` lines above a decision's `require`; a rule's own `require`s have none.
    pub doc: Vec<String>,
    pub cond: Expr,
    pub reason: Ident,
    /// `label "…"` after the reason code: the code's Swedish name.
    pub label: Option<StrLit>,
    pub cite: Option<Citation>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rule {
    pub doc: Vec<String>,
    /// `None` for `otherwise`.
    pub when: Option<Expr>,
    /// Preconditions checked only when this rule is reached.
    pub requires: Vec<Require>,
    pub outcome: Vec<FieldInit>,
    /// The span of the `{ … }` outcome.
    pub outcome_span: Span,
    pub reason: Ident,
    /// `label "…"` after the reason code: the code's Swedish name.
    pub label: Option<StrLit>,
    pub cite: Option<Citation>,
    /// `when COND` or `otherwise`: what a message about the rule points at.
    pub head: Span,
    pub span: Span,
}

/// `test "name" { decide listning.byte given { … } [with { … }] expect { … } }`
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TestBlock {
    pub name: StrLit,
    pub decision: QualName,
    pub given: Vec<FieldInit>,
    pub given_span: Span,
    /// Parameter overrides (`with { vite_andel: 20 % }`).
    pub overrides: Vec<FieldInit>,
    pub expect: Expect,
    pub span: Span,
}

/// `property "name" { decide a.b [when COND] expect COND }`: over the decision's inputs and
/// outputs, `COND` holds for every valid input the decision decides (that meets `when`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PropertyBlock {
    pub name: StrLit,
    pub decision: QualName,
    pub assume: Option<Expr>,
    pub expect: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Expect {
    /// `expect { utfall: avslas }`: these output fields, the others are not compared.
    Output { fields: Vec<FieldInit>, span: Span },
    /// `expect rejected tidigare_byte_efter_datum`: a `require` with that reason fails.
    Rejected { reason: Ident, span: Span },
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FieldInit {
    pub name: Ident,
    pub value: Expr,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TypeExpr {
    pub kind: TypeKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeKind {
    /// `Int`, `Money`, `Enhetstyp`, …: resolved by the compiler.
    Named(Ident),
    /// `[T]`
    List(Box<TypeExpr>),
    /// `T?`
    Optional(Box<TypeExpr>),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

/// Literals keep their source text; the compiler validates them (`2023-02-30` is a diagnostic,
/// not a parse error).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ExprKind {
    Bool(bool),
    Null,
    /// `42`
    Int(String),
    /// `0.125`
    Decimal(String),
    /// `1234.50 kr`, `499.2 mnkr`: the digits and the unit.
    Money(String, MoneyUnit),
    /// `10 %`: the digits before the sign.
    Percent(String),
    /// `2023-05-10`
    Date(String),
    /// `08:00`
    Time(String),
    /// `3 months`, `1 year`, `60 days`, `4 weeks`
    Duration(String, DurationUnit),
    Text(String),
    /// A name: input, `let`, lambda parameter, parameter, or enum variant.
    Name(Ident),
    /// `e.field` (also `Enum.variant`)
    Field(Box<Expr>, Ident),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `count(xs, x => x > 0)`
    Call(Ident, Vec<Expr>),
    /// `x => body`: only as an argument of a list operator.
    Lambda(Ident, Box<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    List(Vec<Expr>),
    /// `Rad { namn: "…" }` or `{ … }`
    Record(Option<Ident>, Vec<FieldInit>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MoneyUnit {
    Kr,
    Mnkr,
}

/// A duration's unit and the binary operators are the values' vocabulary, shared with the
/// runtime (the lowest layer), which names them first.
pub use regel_runtime::{BinaryOp, DurationUnit};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    Not,
    Neg,
}
