//! The bundled decisions compiled to Rust (`regel-native`), found by name and checked against
//! the interpreter on the bench's input before anything is timed.

use regel_eval::Engine;
use regel_native::v2023::{Enhetstyp, ListningByteInput};
use regel_runtime::generated::NativeDecision;
use regel_runtime::generated::prelude::{NaiveDate, Value};

/// `listning.byte`'s typed input with only the switches deciding, as
/// [`crate::listning::ByteInput::plain`].
pub fn plain_byte_input(datum: NaiveDate, tidigare_byten: &[NaiveDate]) -> ListningByteInput<'_> {
    ListningByteInput {
        datum,
        tidigare_byten,
        sarskilda_skal: false,
        skyddad_identitet: false,
        asylsokande: false,
        mal_enhet: Enhetstyp::Halsocentral,
        listningsstopp_beviljat: false,
    }
}

/// `name` of the bundled `version`, compiled, once it answers `values` as `engine` does.
pub fn checked(
    engine: &Engine,
    version: &str,
    name: &str,
    values: &[Value],
) -> Result<Box<dyn NativeDecision>, String> {
    let native = regel_native::decisions(version)
        .ok_or_else(|| format!("version {version} is not compiled in"))?
        .into_iter()
        .find(|n| n.name() == name)
        .ok_or_else(|| format!("{name} is not compiled in"))?;
    let (_, d) = engine
        .program()
        .decision(name)
        .ok_or_else(|| format!("{name} is not in the engine's program"))?;
    let (mut compiled, mut interpreted) = (Vec::new(), Vec::new());
    let rules = (
        native.decide_into(values, &mut compiled),
        engine.decider(d).decide_into(values, &mut interpreted),
    );
    if rules.0 != rules.1 || compiled != interpreted {
        return Err(format!(
            "{name}: compiled {:?} {compiled:?}, interpreted {:?} {interpreted:?}",
            rules.0, rules.1
        ));
    }
    Ok(native)
}
