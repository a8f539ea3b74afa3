//! The checker's output is typed: operators are resolved by their operands' types, every
//! local's type is recorded, and `Expr::ty` reads any node's type without inference.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::sync::Arc;

use regel_compiler::ir::{Arith, Cmp, Compared, Decision, Expr, Num, Op, Program, TypeEnv};
use regel_compiler::ty::Ty;

/// A decision `d` with the given inputs and one `let` per `(name, expression)`.
fn decision(inputs: &str, lets: &[(&str, &str)]) -> (Arc<Program>, Arc<Decision>) {
    let lets: String = lets
        .iter()
        .map(|(name, e)| format!("  let {name} = {e}\n"))
        .collect();
    let p = regel_testing::program_of(&format!(
        "decision d {{\n{inputs}\n{lets}  output paragraf\n  otherwise then {{}} because ok\n}}\n"
    ));
    let d = p.decisions.first().cloned().unwrap();
    (p, d)
}

fn let_value<'d>(d: &'d Decision, name: &str) -> &'d Expr {
    d.lets
        .iter()
        .find(|(n, _, _)| n == name)
        .map(|(_, _, e)| e)
        .unwrap()
}

fn operator(e: &Expr) -> Op {
    match e {
        Expr::Binary(op, _, _) => *op,
        other => panic!("not an operator: {other:?}"),
    }
}

#[test]
fn arithmetic_is_resolved_by_the_operands_types() {
    let (_, d) = decision(
        "  input n: Int\n  input x: Decimal\n  input m: Money\n  input day: Date\n  input p: Duration",
        &[
            ("ints", "n + 1"),
            ("quotient", "n / 2"),
            ("mixed", "n * x"),
            ("amount", "m + 5 kr"),
            ("scaled", "m * x"),
            ("scaled_left", "2 * m"),
            ("share", "m / m"),
            ("later", "day + p"),
            ("earlier", "day - 3 months"),
            ("between", "day - 2023-01-01"),
            ("longer", "2 * p"),
            ("joined", "[1] + [n]"),
        ],
    );
    let expected = [
        ("ints", Arith::AddInt),
        ("quotient", Arith::DivInt),
        ("mixed", Arith::MulDecimal),
        ("amount", Arith::AddMoney),
        ("scaled", Arith::MoneyMulNumber),
        ("scaled_left", Arith::NumberMulMoney),
        ("share", Arith::MoneyDivMoney),
        ("later", Arith::DateAddDuration),
        ("earlier", Arith::DateSubDuration),
        ("between", Arith::DateDiffDays),
        ("longer", Arith::IntMulDuration),
        ("joined", Arith::Concat),
    ];
    for (name, arith) in expected {
        assert_eq!(operator(let_value(&d, name)), Op::Arith(arith), "{name}");
    }
}

#[test]
fn comparisons_say_what_they_compare() {
    let (_, d) = decision(
        "  input n: Int\n  input x: Decimal\n  input day: Date\n  input maybe: Int?",
        &[
            ("a", "n < 3"),
            ("b", "x >= n"),
            ("c", "day <= 2023-06-30"),
            ("e", "maybe == null"),
        ],
    );
    assert_eq!(
        operator(let_value(&d, "a")),
        Op::Compare(Cmp::Lt, Compared::Int)
    );
    assert_eq!(
        operator(let_value(&d, "b")),
        Op::Compare(Cmp::Ge, Compared::Decimal)
    );
    assert_eq!(
        operator(let_value(&d, "c")),
        Op::Compare(Cmp::Le, Compared::Date)
    );
    assert_eq!(
        operator(let_value(&d, "e")),
        Op::Compare(Cmp::Eq, Compared::Other)
    );
}

#[test]
fn every_local_and_node_has_its_type() {
    let (p, d) = decision(
        "  input m: Money\n  input days: [Date]\n  input flag: Bool",
        &[
            ("neg", "-m"),
            ("pick", "if flag then m else 0 kr"),
            ("total", "sum(map(days, s => 1))"),
            ("firsts", "filter(days, s => s > 2023-01-01)"),
            ("fallback", "[m]"),
        ],
    );
    let slot = |name: &str| d.local_names.iter().position(|n| n == name).unwrap();
    let ty_of = |name: &str| d.local_types.get(slot(name)).cloned().unwrap();
    assert_eq!(ty_of("m"), Ty::Money);
    assert_eq!(ty_of("total"), Ty::Int);
    assert_eq!(ty_of("firsts"), Ty::list(Ty::Date));
    // The lambda parameters: the elements of the lists they walk.
    assert_eq!(ty_of("s"), Ty::Date);
    assert!(matches!(let_value(&d, "neg"), Expr::Neg(Num::Money, _)));
    let env = TypeEnv {
        locals: &d.local_types,
        params: &p.params,
        enums: &p.enums,
    };
    for (name, _, e) in &d.lets {
        assert_eq!(e.ty(&env), ty_of(name), "{name}");
    }
    assert_eq!(let_value(&d, "pick").ty(&env), Ty::Money);
    assert_eq!(let_value(&d, "fallback").ty(&env), Ty::list(Ty::Money));
}

/// Each list operator's element slot and the type of the list it walks, in `e` and below.
fn element_slots(e: &Expr, env: &TypeEnv<'_>, out: &mut Vec<(u32, Ty)>) {
    let mut go = |x: &Expr| element_slots(x, env, out);
    match e {
        Expr::ListOp {
            list, slot, body, ..
        } => {
            out.push((*slot, list.ty(env)));
            element_slots(list, env, out);
            if let Some(b) = body {
                element_slots(b, env, out);
            }
        }
        Expr::Field(x, _, _) | Expr::Not(x) | Expr::Neg(_, x) => go(x),
        Expr::Round { value, .. } => go(value),
        Expr::Binary(_, a, b) | Expr::Coalesce(a, b, _) => {
            go(a);
            go(b);
        }
        Expr::If(a, b, c, _) => {
            go(a);
            go(b);
            go(c);
        }
        Expr::List(_, xs) | Expr::Record(_, xs) | Expr::Call(_, xs) => xs.iter().for_each(go),
        Expr::Const(_) | Expr::Load(_) => {}
    }
}

#[test]
fn every_list_operator_walks_into_a_declared_slot_of_the_element_type() {
    let (p, d) = decision(
        "  input xs: [Money]\n  input days: [Date]",
        &[
            ("n", "count(xs)"),
            ("total", "sum(xs)"),
            ("after", "count(days, s => s > 2023-01-01)"),
            ("nested", "sum(map(days, s => count(xs)))"),
        ],
    );
    let env = TypeEnv {
        locals: &d.local_types,
        params: &p.params,
        enums: &p.enums,
    };
    let mut slots = Vec::new();
    for (_, _, e) in &d.lets {
        element_slots(e, &env, &mut slots);
    }
    assert_eq!(slots.len(), 6);
    for (slot, list) in &slots {
        let Ty::List(element) = list else {
            panic!("not a list: {list:?}")
        };
        assert!(*slot < d.locals, "slot {slot} of {} locals", d.locals);
        assert_eq!(d.local_types.get(*slot as usize), Some(&**element));
    }
    // An element slot is no named local's (a lambda's parameter is its own element slot).
    for name in ["xs", "days", "n", "total", "after", "nested"] {
        let at = d.local_names.iter().position(|n| n == name).unwrap();
        assert!(
            slots.iter().all(|(slot, _)| *slot as usize != at),
            "`{name}` shares its slot with a list operator's element"
        );
    }
}

#[test]
fn each_local_slot_is_an_input_a_let_or_an_element() {
    use regel_compiler::ir::{ListOp, LocalKind};
    let (_, d) = decision(
        "  input n: Int\n  input xs: [Int]",
        &[("stora", "count(xs, x => x > n)")],
    );
    let stora = d.lets.iter().find(|(n, _, _)| n == "stora").unwrap();
    let Expr::ListOp {
        op: ListOp::Count,
        slot: element,
        ..
    } = &stora.2
    else {
        panic!("not a count: {:?}", stora.2);
    };
    assert_eq!(d.local_kind(0), LocalKind::Input);
    assert_eq!(d.local_kind(1), LocalKind::Input);
    assert_eq!(d.local_kind(stora.1), LocalKind::Let(&stora.2));
    assert_eq!(d.local_kind(*element), LocalKind::Element);
    assert_ne!(stora.1, *element);
}

#[test]
fn a_rule_rests_on_its_own_section_else_on_the_decisions() {
    use regel_compiler::{Database, load_version, program};
    let text = "version \"2023\" { title \"t\" valid_from 2023-01-01 valid_to 2023-12-31 source \"s\" covers [\"1\", \"2\"] }\nsection \"1\" \"Ett\"\nsection \"2\" \"Två\"\n\ndecision d @ \"1\" {\n  input a: Bool\n  output paragraf\n  when a then {} because egen @ \"2\"\n  otherwise then {} because arvd\n}\n";
    let db = Database::default();
    let version = load_version(&db, "2023", vec![("2023/a.regel".into(), text.into())]);
    let p = program(&db, version);
    let d = p.decisions.first().unwrap();
    let cites: Vec<&str> = d.rules.iter().map(|r| r.cite.as_str()).collect();
    assert_eq!(cites, ["2", "1"]);
}

#[test]
fn a_parameter_is_written_in_a_unit_when_every_literal_of_its_value_is() {
    use regel_compiler::ir::{Value, Written};
    use rust_decimal::Decimal;
    let p = regel_testing::program_of(
        "param ram: Money = 499.2 mnkr - 15.8 mnkr @ \"1\"\nparam andel: Decimal = 10 % + 5 % @ \"1\"\nparam mer: Money = ram + 10 mnkr @ \"1\"\nparam dubbel: Decimal = 10 % * 2 @ \"1\"\nparam belopp: Money = 1000 kr @ \"1\"\n\ndecision d {\n  input x: Decimal\n  output paragraf\n  when x > ram / 1 mnkr + andel + mer / 1 kr + dubbel + belopp / 1 kr then {} because sen\n  otherwise then {} because ok\n}\n",
    );
    let written = |name: &str| p.param(name).unwrap().1.written;
    assert_eq!(written("ram"), Written::Mnkr);
    assert_eq!(written("andel"), Written::Percent);
    // A name or a plain number beside a literal in a unit: as its type says.
    assert_eq!(written("mer"), Written::Plain);
    assert_eq!(written("dubbel"), Written::Plain);
    assert_eq!(written("belopp"), Written::Plain);
    // The figures in the unit: a share in percent, an amount in millions.
    let share = Value::Decimal(Decimal::new(15, 2));
    assert_eq!(Written::Percent.scaled(&share), Some(Decimal::from(15)));
    let amount = Value::Money(Decimal::from(483_400_000));
    assert_eq!(Written::Mnkr.scaled(&amount), Some(Decimal::new(4834, 1)));
    assert_eq!(Written::Mnkr.scaled(&share), None);
    assert_eq!(Written::Plain.scaled(&amount), None);
}
