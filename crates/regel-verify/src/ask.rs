//! Questions to the solver over one or more encodings sharing its terms (one decision, or two
//! versions of it): a model is accepted only when every calendar shift in it is exact and
//! every Decimal input terminates, refined by lemmas until it is.

use z3::ast::Bool;
use z3::{Model, Params, SatResult, Solver};

use crate::encode::Encoder;
use crate::model;
use crate::sym::{self, Sym};

pub(crate) enum Answer {
    Sat(Model),
    Unsat,
    Unknown(String),
}

pub(crate) struct Asker<'e, 'a> {
    pub solver: Solver,
    /// Names the questions in the trace.
    label: String,
    trace: Option<fn(&str)>,
    encoders: Vec<&'e Encoder<'a>>,
    /// The inputs (held at a model's values to refine it in place).
    inputs: Vec<Sym>,
    /// Questions asked (each has its own assumption literal).
    asked: u32,
    /// Refinement rounds so far, and whether the shifts are now exact.
    rounds: u32,
    exact: bool,
}

impl<'e, 'a> Asker<'e, 'a> {
    /// A solver with the encoders' axioms and a budget of `timeout_ms` per check.
    pub fn new(
        label: &str,
        encoders: Vec<&'e Encoder<'a>>,
        inputs: Vec<Sym>,
        options: crate::Options,
    ) -> Self {
        let solver = Solver::new();
        let mut params = Params::new();
        params.set_u32("timeout", options.timeout_ms);
        solver.set_params(&params);
        for enc in &encoders {
            for a in &enc.axioms {
                solver.assert(a);
            }
        }
        Asker {
            solver,
            label: label.to_owned(),
            trace: options.trace,
            encoders,
            inputs,
            asked: 0,
            rounds: 0,
            exact: false,
        }
    }

    fn lemmas(&self, model: &Model) -> Vec<Bool> {
        self.encoders
            .iter()
            .flat_map(|e| e.shifts.lemmas(model))
            .collect()
    }

    fn decimals_terminate(&self, model: &Model) -> bool {
        self.encoders
            .iter()
            .all(|e| model::decimals_terminate(&e.decimals, model))
    }

    fn approx(&self) -> Option<String> {
        self.encoders.iter().find_map(|e| e.approx.clone())
    }
    /// Is `cond` satisfiable (with the valid inputs and the axioms)? Sat comes with a model
    /// exact at every calendar shift, refined by lemmas; after a few rounds the shifts are
    /// encoded exactly instead.
    pub fn ask(&mut self, cond: &Bool) -> Answer {
        self.asked += 1;
        let started = std::time::Instant::now();
        let rounds_before = self.rounds;
        let answer = self.ask_inner(cond);
        if let Some(trace) = self.trace {
            trace(&format!(
                "{} ask {}: {:?} rounds {} exact {} {}",
                self.label,
                self.asked,
                started.elapsed(),
                self.rounds - rounds_before,
                self.exact,
                match &answer {
                    Answer::Sat(_) => "sat",
                    Answer::Unsat => "unsat",
                    Answer::Unknown(_) => "unknown",
                }
            ));
        }
        answer
    }

    fn ask_inner(&mut self, cond: &Bool) -> Answer {
        let mark = Bool::new_const(format!("ask!{}", self.asked));
        self.solver.assert(mark.implies(cond));
        loop {
            match self.solver.check_assumptions(std::slice::from_ref(&mark)) {
                SatResult::Sat => {
                    let Some(model) = self.solver.get_model() else {
                        break Answer::Unknown("the solver gave no model".into());
                    };
                    let lemmas = self.lemmas(&model);
                    if lemmas.is_empty() {
                        if self.decimals_terminate(&model) {
                            break Answer::Sat(model);
                        }
                        // Ask again for decimals of at most six places.
                        let grid = Bool::new_const(format!("grid!{}", self.asked));
                        for x in self.encoders.iter().flat_map(|e| &e.decimals) {
                            let scaled = x * &sym::rat(1_000_000, 1);
                            self.solver.assert(grid.implies(scaled.is_int()));
                        }
                        let both = [mark.clone(), grid];
                        break match self.solver.check_assumptions(&both) {
                            SatResult::Sat => match self.solver.get_model() {
                                Some(m) if self.lemmas(&m).is_empty() => Answer::Sat(m),
                                _ => Answer::Unknown(
                                    "a counterexample needs a more exact calendar or number".into(),
                                ),
                            },
                            _ => Answer::Unknown(
                                "the counterexamples found need numbers with endless decimals"
                                    .into(),
                            ),
                        };
                    }
                    for l in &lemmas {
                        self.solver.assert(l);
                    }
                    if let Some(model) = self.at_point(&mark, &model) {
                        break Answer::Sat(model);
                    }
                    self.rounds += 1;
                    if self.rounds > 40 && !self.exact {
                        let mut fresh =
                            self.encoders.iter().map(|e| e.fresh).max().unwrap_or(0) + 1_000_000;
                        let mut axioms = Vec::new();
                        for e in &self.encoders {
                            e.shifts.exact(&mut fresh, &mut axioms);
                        }
                        for a in &axioms {
                            self.solver.assert(a);
                        }
                        self.exact = true;
                    }
                }
                SatResult::Unsat => {
                    break match self.approx() {
                        // A proof over an inexact encoding proves nothing.
                        Some(why) => Answer::Unknown(why),
                        None => Answer::Unsat,
                    };
                }
                SatResult::Unknown => {
                    break Answer::Unknown(
                        self.solver
                            .get_reason_unknown()
                            .unwrap_or_else(|| "the solver gave up".into()),
                    );
                }
            }
        }
    }

    /// The same question with the inputs held where `model` has them: the shifts at that point
    /// are refined until they are exact (a model then answers it), or the point is found to
    /// answer it only with wrong shifts (`None`: the search goes on elsewhere).
    fn at_point(&mut self, mark: &Bool, model: &z3::Model) -> Option<z3::Model> {
        let pin = Bool::new_const(format!("pin!{}!{}", self.asked, self.rounds));
        self.solver
            .assert(pin.implies(model::pinned(&self.inputs, model)));
        for _ in 0..8 {
            if self.solver.check_assumptions(&[mark.clone(), pin.clone()]) != SatResult::Sat {
                return None;
            }
            let m = self.solver.get_model()?;
            let lemmas = self.lemmas(&m);
            if lemmas.is_empty() {
                return self.decimals_terminate(&m).then_some(m);
            }
            for l in &lemmas {
                self.solver.assert(l);
            }
        }
        None
    }
}
