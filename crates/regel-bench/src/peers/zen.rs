//! The decisions as bare `zen-expression` expressions, zen's fastest path: one expression per
//! decision, compiled once, evaluated on a VM kept across evaluations. Unlike the JDM graph
//! (`jdm.rs`) the expressions take Regel's JSON input as it is: they do their own date
//! arithmetic (`d(datum).sub(12, 'month')`, whose month arithmetic clamps the day as the
//! policy does; zen's `'year'` only changes the year, which 2024-02-29 has no answer for) and
//! read amounts from their texts with `number(…)`, zen's exact decimals.

use serde_json::Value as Json;
use zen_expression::Expression;
use zen_expression::expression::Standard;
use zen_expression::variable::Variable;
use zen_expression::vm::VM;

use super::{Decision, normalize};

/// The expression of a decision: assignments, then the output as an object literal.
fn source(decision: Decision) -> &'static str {
    match decision {
        Decision::ListningByte => {
            "dag = d(datum); start = dag.sub(12, 'month'); \
             byten = count(tidigare_byten, d(#) > start and d(#) <= dag); \
             skal = skyddad_identitet == true ? 'skyddad_identitet' \
               : asylsokande == true ? 'asylsokande' \
               : mal_enhet in ['filial', 'servicepunkt'] ? 'ej_valbar_enhet' \
               : listningsstopp_beviljat == true ? 'listningsstopp' \
               : byten >= 2 and sarskilda_skal != true ? 'hogst_tva_byten' \
               : byten >= 2 ? 'sarskilda_skal' : 'inom_grans'; \
             some(tidigare_byten, d(#) > dag) ? {rejected: 'tidigare_byte_efter_datum'} \
             : {utfall: skal in ['sarskilda_skal', 'inom_grans'] ? 'beviljas' : 'avslas', \
                skal: skal, \
                paragraf: skal == 'skyddad_identitet' ? '3.6.4' : skal == 'ej_valbar_enhet' ? '4.4.2' \
                  : skal == 'listningsstopp' ? '3.6.12' : '3.6.1', \
                byten_inom_perioden: byten}"
        }
        Decision::Kapacitetsstopp => {
            "start = d(fran); slut = d(till); antal = risker == null ? 0 : len(risker); \
             slut < start ? {rejected: 'till_fore_fran'} \
             : {beslutsfattare: start > slut.sub(3, 'month') ? 'regiondirektor' : 'regionstyrelsen', \
                villkor_uppfyllda: skriftlig_anmalan == true and antal > 0, \
                brister: flatten([skriftlig_anmalan == true ? [] : ['skriftlig_anmalan_saknas'], \
                  antal > 0 ? [] : ['risk_ej_angiven']]), \
                paragraf: '3.6.12'}"
        }
        Decision::SanktionVite => {
            "taket = storre_avvikelse == true and rattelse_skett != true \
               ? floor(number(manatlig_vardpeng) * 0.1 * 100) / 100 : 0; \
             begart = begart_vite == null ? taket : number(begart_vite); \
             skal = yttrande_mojlighet_given != true ? 'yttrande_saknas' \
               : storre_avvikelse != true ? 'ej_storre_avvikelse' \
               : rattelse_skett == true ? 'rattelse_skett' \
               : begart > taket ? 'overstiger_tak' : 'inom_tak'; \
             {tak: taket, tillatet: skal == 'inom_tak', skal: skal, paragraf: '3.10'}"
        }
        Decision::ErsattningVardpeng => {
            "alder = round(499200000 * number(andel_alder), 2); \
             acg = round(194800000 * number(andel_acg), 2); \
             cni = round(78000000 * number(andel_cni), 2); \
             arlig = alder + acg + cni; \
             {arlig: arlig, manatlig: round(arlig / 12, 2), \
              delar: {alder: alder, acg: acg, cni: cni}, paragraf: 'Tabell 1'}"
        }
    }
}

/// One decision's compiled expression and the VM it runs on.
pub struct ZenExpression {
    expression: Expression<Standard>,
    vm: VM,
    decision: Decision,
}

impl ZenExpression {
    pub fn new(decision: Decision) -> Result<ZenExpression, String> {
        let expression = zen_expression::compile_expression(source(decision))
            .map_err(|e| format!("{}: {e:?}", decision.name()))?;
        Ok(ZenExpression {
            expression,
            vm: VM::new(),
            decision,
        })
    }

    /// The input in zen's own value type, built before an evaluation is timed.
    pub fn input(input: &Json) -> Variable {
        Variable::from(input.clone())
    }

    /// Eval only: the expression on an input already in zen's value type.
    pub fn eval(&mut self, input: &Variable) -> Option<Variable> {
        self.expression
            .evaluate_with(input.clone(), &mut self.vm)
            .ok()
    }

    /// End to end: JSON text in, JSON text out.
    pub fn eval_json(&mut self, input: &str) -> Option<String> {
        let input: Variable = serde_json::from_str(input).ok()?;
        let output = self.expression.evaluate_with(input, &mut self.vm).ok()?;
        serde_json::to_string(&output).ok()
    }

    /// The decision on `input` in Regel's shape; `None` when the peer cannot answer.
    pub fn decide(&mut self, input: &Json) -> Option<Json> {
        let output = self.eval(&ZenExpression::input(input))?;
        Some(normalize(self.decision, output.to_value()))
    }

    /// The same through the JSON texts of [`ZenExpression::eval_json`].
    pub fn decide_json(&mut self, input: &Json) -> Option<Json> {
        let text = self.eval_json(&input.to_string())?;
        Some(normalize(self.decision, serde_json::from_str(&text).ok()?))
    }
}
