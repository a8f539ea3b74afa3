//! The decisions as bare `zen-expression` expressions, zen's fastest path: one expression per
//! decision, compiled once, evaluated on a VM kept across evaluations. Unlike the JDM graph
//! (`jdm.rs`) the expressions take Regel's JSON input as it is and do their own date arithmetic
//! and read amounts from their texts with `number(…)`, zen's exact decimals.
//!
//! Dates are the numbers yyyymmdd, cut from the ISO texts (`number(d[0:3] + d[5:6] + d[8:9])`:
//! zen's slices include their end), each converted once (`map`): zen compares no texts, and
//! parsing each date with `d(…)` took most of the time. A year or three months back is a
//! subtraction with the day not clamped (20240229 − 10000 = 20230229), which orders every
//! real date as the policy's clamped day does (f > 20230229 exactly when f > 20230228).

use serde_json::Value as Json;
use zen_expression::Expression;
use zen_expression::expression::Standard;
use zen_expression::variable::Variable;
use zen_expression::vm::VM;

use super::{Decision, normalize};

/// The expression of a decision: assignments, then the output.
pub fn source(decision: Decision) -> &'static str {
    match decision {
        Decision::ListningByte => {
            "n = map(tidigare_byten, number(#[0:3] + #[5:6] + #[8:9])); \
             dag = number(datum[0:3] + datum[5:6] + datum[8:9]); \
             byten = count(n, # > dag - 10000 and # <= dag); \
             skal = skyddad_identitet == true ? 'skyddad_identitet' \
               : asylsokande == true ? 'asylsokande' \
               : mal_enhet in ['filial', 'servicepunkt'] ? 'ej_valbar_enhet' \
               : listningsstopp_beviljat == true ? 'listningsstopp' \
               : byten >= 2 and sarskilda_skal != true ? 'hogst_tva_byten' \
               : byten >= 2 ? 'sarskilda_skal' : 'inom_grans'; \
             some(n, # > dag) ? {rejected: 'tidigare_byte_efter_datum'} \
             : {utfall: skal in ['sarskilda_skal', 'inom_grans'] ? 'beviljas' : 'avslas', \
                skal: skal, \
                paragraf: skal == 'skyddad_identitet' ? '3.6.4' : skal == 'ej_valbar_enhet' ? '4.4.2' \
                  : skal == 'listningsstopp' ? '3.6.12' : '3.6.1', \
                byten_inom_perioden: byten}"
        }
        // grans = till − 3 months: − 300, or − 9100 across a new year (20230215 → 20221115).
        Decision::Kapacitetsstopp => {
            "start = number(fran[0:3] + fran[5:6] + fran[8:9]); \
             slut = number(till[0:3] + till[5:6] + till[8:9]); \
             risk = risker != null and len(risker) > 0; \
             slut < start ? {rejected: 'till_fore_fran'} \
             : {beslutsfattare: start > slut - (number(till[5:6]) > 3 ? 300 : 9100) \
                  ? 'regiondirektor' : 'regionstyrelsen', \
                villkor_uppfyllda: skriftlig_anmalan == true and risk, \
                brister: skriftlig_anmalan == true \
                  ? (risk ? [] : ['risk_ej_angiven']) \
                  : (risk ? ['skriftlig_anmalan_saknas'] \
                     : ['skriftlig_anmalan_saknas', 'risk_ej_angiven']), \
                paragraf: '3.6.12'}"
        }
        // The cap, 10 % floored to öre: floor(x × 10) / 100, exact in zen's decimals.
        Decision::SanktionVite => {
            "taket = storre_avvikelse == true and rattelse_skett != true \
               ? floor(number(manatlig_vardpeng) * 10) / 100 : 0; \
             yttrande_mojlighet_given != true \
               ? {tak: taket, tillatet: false, skal: 'yttrande_saknas', paragraf: '3.10'} \
             : storre_avvikelse != true \
               ? {tak: taket, tillatet: false, skal: 'ej_storre_avvikelse', paragraf: '3.10'} \
             : rattelse_skett == true \
               ? {tak: taket, tillatet: false, skal: 'rattelse_skett', paragraf: '3.10'} \
             : begart_vite != null and number(begart_vite) > taket \
               ? {tak: taket, tillatet: false, skal: 'overstiger_tak', paragraf: '3.10'} \
             : {tak: taket, tillatet: true, skal: 'inom_tak', paragraf: '3.10'}"
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
        ZenExpression::with_source(decision, source(decision))
    }

    /// The decision written as the expression `text`.
    pub fn with_source(decision: Decision, text: &str) -> Result<ZenExpression, String> {
        let expression = zen_expression::compile_expression(text)
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
