//! The operators of the language: as written ([`BinaryOp`]) and as the checker resolves them
//! by their operands' types ([`Arith`], [`Cmp`], [`Num`]), and the built-in functions. What
//! depends on types (which operator `+` is on two given types, a result's type) is the
//! compiler's (`regel_compiler::ir`); the operators themselves are the values' vocabulary,
//! which generated code names too.

/// A binary operator as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// `x in [a, b]`
    In,
    /// `x ?? fallback`
    Coalesce,
    Add,
    Sub,
    Mul,
    Div,
}

impl BinaryOp {
    /// How strongly the operator binds, as written (higher binds tighter; `not` is 4, unary
    /// minus 8, a primary 9): what the formatter and the trace's Regel text parenthesise by.
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::Coalesce => 1,
            BinaryOp::Or => 2,
            BinaryOp::And => 3,
            BinaryOp::Eq
            | BinaryOp::Ne
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge
            | BinaryOp::In => 5,
            BinaryOp::Add | BinaryOp::Sub => 6,
            BinaryOp::Mul | BinaryOp::Div => 7,
        }
    }

    /// The strength the left operand of the operator must have: comparisons do not chain for
    /// a reader (`a == b == c` looks like "all three equal"), so a comparison on the left of
    /// one keeps its parentheses; the other operators associate to the left.
    pub fn left_precedence(self) -> u8 {
        let p = self.precedence();
        if p == 5 { p + 1 } else { p }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::In => "in",
            BinaryOp::Coalesce => "??",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoundMode {
    /// Half away from zero: amounts paid.
    Nearest,
    /// Towards negative infinity: caps.
    Down,
    Up,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoundTo {
    Ore,
    Kronor,
    /// A number of decimals, for Decimal values (`round(x, 1)`).
    Places(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Builtin {
    Min,
    Max,
    /// `days(a, b)`: whole days from a to b.
    Days,
    /// `within(from, to, d)`: `from > to − d`.
    Within,
    /// `period_end(start, d)`: the largest `b` with `b − d < start`.
    PeriodEnd,
    Year,
    MakeDate,
    LastDayOfMonth,
    /// `weekday(d)`: the day of the week as ISO 8601 numbers it, 1 (Monday) to 7 (Sunday).
    Weekday,
}

/// A comparison, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Cmp {
    pub fn written(self) -> BinaryOp {
        match self {
            Cmp::Eq => BinaryOp::Eq,
            Cmp::Ne => BinaryOp::Ne,
            Cmp::Lt => BinaryOp::Lt,
            Cmp::Le => BinaryOp::Le,
            Cmp::Gt => BinaryOp::Gt,
            Cmp::Ge => BinaryOp::Ge,
        }
    }

    pub fn symbol(self) -> &'static str {
        self.written().symbol()
    }

    /// Whether `order` (of the left operand to the right) satisfies the comparison.
    pub fn holds(self, order: std::cmp::Ordering) -> bool {
        match self {
            Cmp::Eq => order.is_eq(),
            Cmp::Ne => order.is_ne(),
            Cmp::Lt => order.is_lt(),
            Cmp::Le => order.is_le(),
            Cmp::Gt => order.is_gt(),
            Cmp::Ge => order.is_ge(),
        }
    }

    /// The comparison with its operands swapped: `a < b` is `b > a`.
    pub fn mirrored(self) -> Cmp {
        match self {
            Cmp::Lt => Cmp::Gt,
            Cmp::Le => Cmp::Ge,
            Cmp::Gt => Cmp::Lt,
            Cmp::Ge => Cmp::Le,
            same => same,
        }
    }

    /// The comparison that holds exactly when this one does not.
    pub fn negated(self) -> Cmp {
        match self {
            Cmp::Eq => Cmp::Ne,
            Cmp::Ne => Cmp::Eq,
            Cmp::Lt => Cmp::Ge,
            Cmp::Le => Cmp::Gt,
            Cmp::Gt => Cmp::Le,
            Cmp::Ge => Cmp::Lt,
        }
    }

    /// `<`, `<=`, `>` or `>=`: operands must be ordered, and must not be null.
    pub fn is_ordering(self) -> bool {
        !matches!(self, Cmp::Eq | Cmp::Ne)
    }
}

/// An arithmetic operator, resolved by its operands' types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Arith {
    /// `Int + Int`, checked for overflow; likewise `SubInt`, `MulInt`.
    AddInt,
    SubInt,
    MulInt,
    /// `Int / Int`: a Decimal.
    DivInt,
    /// Decimals, or a decimal with a whole number.
    AddDecimal,
    SubDecimal,
    MulDecimal,
    DivDecimal,
    AddMoney,
    SubMoney,
    /// `Money * Int|Decimal`.
    MoneyMulNumber,
    /// `Int|Decimal * Money`.
    NumberMulMoney,
    /// `Money / Int|Decimal`: Money.
    MoneyDivNumber,
    /// `Money / Money`: a Decimal.
    MoneyDivMoney,
    /// A date moved forward by a calendar duration.
    DateAddDuration,
    /// A date moved back by a calendar duration.
    DateSubDuration,
    /// `Date - Date`: the whole days between them.
    DateDiffDays,
    /// `Duration * Int`.
    DurationMulInt,
    /// `Int * Duration`.
    IntMulDuration,
    /// `list + list`: the two joined.
    Concat,
}

impl Arith {
    /// The operator as written.
    pub fn written(self) -> BinaryOp {
        use Arith::*;
        match self {
            AddInt | AddDecimal | AddMoney | DateAddDuration | Concat => BinaryOp::Add,
            SubInt | SubDecimal | SubMoney | DateSubDuration | DateDiffDays => BinaryOp::Sub,
            MulInt | MulDecimal | MoneyMulNumber | NumberMulMoney | DurationMulInt
            | IntMulDuration => BinaryOp::Mul,
            DivInt | DivDecimal | MoneyDivNumber | MoneyDivMoney => BinaryOp::Div,
        }
    }

    pub fn symbol(self) -> &'static str {
        self.written().symbol()
    }
}

/// The type of a negated number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Num {
    Int,
    Decimal,
    Money,
}
