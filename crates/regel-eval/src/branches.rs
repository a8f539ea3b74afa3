//! The branches of `if` in a decision, for `regel test --coverage`: where each `if` stands,
//! and (from [`crate::reference::decide_covering`]) which way a test's input took it.

use regel_compiler::ir::{Decision, Expr, OutputSource};

/// One `if` of a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct If {
    /// The `if`'s identity within the program: what [`crate::reference::decide_covering`]
    /// reports it by.
    pub key: usize,
    /// What it stands in: "rule `inom_grans`", "let `antal`", "output `belopp`", "require `x`".
    pub within: String,
    /// The 0-based line within the decision's item of what it stands in (0 when that has none).
    pub line: u32,
    /// Which `if` of what it stands in, in writing order (1-based), and how many that holds.
    pub nth: usize,
    pub among: usize,
}

impl If {
    /// "`if`" when it is the only one where it stands, else "3rd `if`".
    pub fn which(&self) -> String {
        if self.among == 1 {
            return "`if`".into();
        }
        let suffix = match (self.nth % 10, self.nth % 100) {
            (_, 11..=13) => "th",
            (1, _) => "st",
            (2, _) => "nd",
            (3, _) => "rd",
            _ => "th",
        };
        format!("{}{suffix} `if`", self.nth)
    }
}

/// The `if`s of `decision`, in the order they are written: `require`s, `let`s, outputs
/// computed for every rule, then each rule's condition, `require`s and outcome.
pub fn ifs(decision: &Decision) -> Vec<If> {
    let mut out = Vec::new();
    for require in &decision.requires {
        collect(
            &require.cond,
            &format!("require `{}`", require.reason),
            require.line,
            &mut out,
        );
    }
    for (name, _, value) in &decision.lets {
        collect(value, &format!("let `{name}`"), 0, &mut out);
    }
    for output in &decision.outputs {
        if let OutputSource::Computed(value) = &output.source {
            collect(value, &format!("output `{}`", output.name), 0, &mut out);
        }
    }
    for rule in &decision.rules {
        let within = format!("rule `{}`", rule.reason);
        rule.when
            .iter()
            .for_each(|w| collect(w, &within, rule.line, &mut out));
        for require in &rule.requires {
            collect(
                &require.cond,
                &format!("require `{}`", require.reason),
                require.line,
                &mut out,
            );
        }
        for (_, value) in &rule.outcome {
            collect(value, &within, rule.line, &mut out);
        }
    }
    number(&mut out);
    out
}

/// Numbers the `if`s of each place in writing order.
fn number(ifs: &mut [If]) {
    let places: Vec<String> = ifs.iter().map(|i| i.within.clone()).collect();
    for (index, i) in ifs.iter_mut().enumerate() {
        let same = |p: &&String| **p == i.within;
        i.nth = places.iter().take(index + 1).filter(same).count();
        i.among = places.iter().filter(same).count();
    }
}

/// The identity of an expression (its address in the program, which lives as long as the
/// program does).
pub(crate) fn key(e: &Expr) -> usize {
    std::ptr::from_ref(e).addr()
}

fn collect(e: &Expr, within: &str, line: u32, out: &mut Vec<If>) {
    if let Expr::If(..) = e {
        out.push(If {
            key: key(e),
            within: within.to_owned(),
            line,
            nth: 0,
            among: 0,
        });
    }
    let mut each = |x: &Expr| collect(x, within, line, out);
    match e {
        Expr::Const(_) | Expr::Load(_) => {}
        Expr::Field(x, ..) | Expr::Not(x) | Expr::Neg(_, x) => each(x),
        Expr::Round { value, .. } => each(value),
        Expr::Binary(_, l, r) | Expr::Coalesce(l, r, _) => {
            each(l);
            each(r);
        }
        Expr::If(c, a, b, _) => {
            each(c);
            each(a);
            each(b);
        }
        Expr::List(_, xs) | Expr::Record(_, xs) | Expr::Call(_, xs) => xs.iter().for_each(each),
        Expr::ListOp { list, body, .. } => {
            each(list);
            body.iter().for_each(|b| each(b));
        }
    }
}
