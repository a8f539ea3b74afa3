//! A probe for profilers: `listning.byte` with the 10-date history of the benches through the
//! compiled decision's typed interface (`native`) or the hand-written function (`hand`);
//! `kapacitetsstopp.beslut` the same way (`stopp`, `hand-stopp`); the hand-written
//! `sanktion.vite` (`hand-vite`) and `ersattning.vardpeng` (`hand-vardpeng`) on the peers
//! bench's inputs, and their compiled decisions (`vite`, `vardpeng`), which do their decimal
//! arithmetic through `regel-runtime`'s operators.
//!
//! `cargo run --release -p regel-bench --example native_probe -- [native|hand|stopp|hand-stopp|vite|hand-vite|vardpeng|hand-vardpeng] [runs]`
#![allow(clippy::unwrap_used, clippy::panic)]

use std::hint::black_box;

use regel_bench::listning::{ByteInput, HISTORY, date, listning_byte};
use regel_bench::native::plain_byte_input;
use regel_native::{v2021, v2023};
use regel_runtime::Value;

fn main() {
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_else(|| "native".into());
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let history: Vec<_> = HISTORY.iter().map(|s| date(s).unwrap()).collect();
    let datum = date("2023-05-10").unwrap();
    let mut sum = 0i64;
    if which == "stopp" {
        let native = v2023::KapacitetsstoppBeslut::new();
        let risker = [v2023::Risk::Patientsakerhet];
        let input = v2023::KapacitetsstoppBeslutInput {
            fran: date("2023-01-01").unwrap(),
            till: date("2023-03-31").unwrap(),
            skriftlig_anmalan: true,
            risker: &risker,
        };
        for _ in 0..runs {
            sum += native.decide(black_box(&input)).unwrap().0 as i64;
        }
    } else if which == "hand-stopp" {
        let (fran, till) = (date("2023-01-01").unwrap(), date("2023-03-31").unwrap());
        for _ in 0..runs {
            let b = regel_bench::kapacitetsstopp::beslut(black_box(fran), black_box(till), true, 1);
            sum += b.unwrap().brister.len() as i64;
        }
    } else if which == "vite" {
        let native = v2023::SanktionVite::new();
        let input = v2023::SanktionViteInput {
            manatlig_vardpeng: "1234567.89".parse().unwrap(),
            storre_avvikelse: true,
            rattelse_skett: false,
            yttrande_mojlighet_given: true,
            begart_vite: &Value::Null,
        };
        for _ in 0..runs {
            sum += native.decide(black_box(&input)).unwrap().0 as i64;
        }
    } else if which == "vardpeng" {
        let native = v2021::ErsattningVardpeng::new();
        let andel = |s: &str| Value::Decimal(s.parse().unwrap());
        let (alder, acg, cni) = (andel("0.025"), andel("0.031"), andel("0.017"));
        let input = v2021::ErsattningVardpengInput {
            andel_alder: &alder,
            andel_acg: &acg,
            andel_cni: &cni,
        };
        for _ in 0..runs {
            sum += native.decide(black_box(&input)).unwrap().0 as i64;
        }
    } else if which == "hand-vite" {
        let input = regel_bench::sanktion::ViteInput {
            manatlig_vardpeng: "1234567.89".parse().unwrap(),
            storre_avvikelse: true,
            rattelse_skett: false,
            yttrande_mojlighet_given: true,
            begart_vite: None,
        };
        for _ in 0..runs {
            sum += i64::from(regel_bench::sanktion::vite(black_box(&input)).tillatet);
        }
    } else if which == "hand-vardpeng" {
        let andel = |s: &str| -> rust_decimal::Decimal { s.parse().unwrap() };
        let (alder, acg, cni) = (andel("0.025"), andel("0.031"), andel("0.017"));
        for _ in 0..runs {
            let v =
                regel_bench::ersattning::vardpeng(black_box(alder), black_box(acg), black_box(cni));
            sum += i64::from(v.manatlig.is_sign_positive());
        }
    } else if which == "hand" {
        let input = ByteInput::plain(datum, &history);
        for _ in 0..runs {
            sum += listning_byte(black_box(&input))
                .unwrap()
                .byten_inom_perioden;
        }
    } else {
        let native = v2023::ListningByte::new();
        let input = plain_byte_input(datum, &history);
        for _ in 0..runs {
            sum += native
                .decide(black_box(&input))
                .unwrap()
                .1
                .byten_inom_perioden;
        }
    }
    println!("{which}: {runs} runs, sum {sum}");
}
