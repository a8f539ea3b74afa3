//! `listning.byte` (3.6.1, 3.6.4, 3.6.12, 4.4.2) by hand.
use chrono::{Datelike, NaiveDate};
use serde_json::{Value as Json, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Utfall {
    Beviljas,
    Avslas,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enhetstyp {
    Halsocentral,
    Filial,
    Servicepunkt,
}

pub struct ByteInput<'a> {
    pub datum: NaiveDate,
    pub tidigare_byten: &'a [NaiveDate],
    pub sarskilda_skal: bool,
    pub skyddad_identitet: bool,
    pub asylsokande: bool,
    pub mal_enhet: Enhetstyp,
    pub listningsstopp_beviljat: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteBeslut {
    pub utfall: Utfall,
    pub skal: &'static str,
    pub paragraf: &'static str,
    pub byten_inom_perioden: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteFel {
    TidigareByteEfterDatum,
    UtanforKalendern,
}

const MAX_BYTEN: i64 = 2;

/// The ten earlier switches the benches time; two of them (2022-09-01, 2023-01-15) lie in the
/// year up to 2023-05-10, so a third switch then is refused (3.6.1).
pub const HISTORY: [&str; 10] = [
    "2019-01-15",
    "2019-06-01",
    "2019-11-20",
    "2020-03-03",
    "2020-08-19",
    "2021-01-05",
    "2021-07-30",
    "2022-02-14",
    "2022-09-01",
    "2023-01-15",
];

impl<'a> ByteInput<'a> {
    /// A resident with neither protected identity nor asylum, no special reasons, choosing a
    /// health centre without a listing stop: only the switches decide.
    pub fn plain(datum: NaiveDate, tidigare_byten: &'a [NaiveDate]) -> ByteInput<'a> {
        ByteInput {
            datum,
            tidigare_byten,
            sarskilda_skal: false,
            skyddad_identitet: false,
            asylsokande: false,
            mal_enhet: Enhetstyp::Halsocentral,
            listningsstopp_beviljat: false,
        }
    }
}

pub fn listning_byte(input: &ByteInput) -> Result<ByteBeslut, ByteFel> {
    let datum = input.datum;
    if input.tidigare_byten.iter().any(|s| *s > datum) {
        return Err(ByteFel::TidigareByteEfterDatum);
    }
    // The period rule: `datum − 1 year < s ≤ datum`, 29 February a year back being the 28th.
    // The year moved as a person would write it (not chrono's month count, which is slower):
    // the best by hand. Not the runtime's own shift (a day-of-year move), so that the
    // equivalence tests hold two ways of moving a year to each other.
    let start = datum
        .with_year(datum.year() - 1)
        .or_else(|| NaiveDate::from_ymd_opt(datum.year() - 1, 2, 28))
        .ok_or(ByteFel::UtanforKalendern)?;
    let byten = input
        .tidigare_byten
        .iter()
        .filter(|s| **s > start && **s <= datum)
        .count();
    let byten = i64::try_from(byten).unwrap_or(i64::MAX);
    let (utfall, skal, paragraf) = if input.skyddad_identitet {
        (Utfall::Avslas, "skyddad_identitet", "3.6.4")
    } else if input.asylsokande {
        (Utfall::Avslas, "asylsokande", "3.6.1")
    } else if matches!(input.mal_enhet, Enhetstyp::Filial | Enhetstyp::Servicepunkt) {
        (Utfall::Avslas, "ej_valbar_enhet", "4.4.2")
    } else if input.listningsstopp_beviljat {
        (Utfall::Avslas, "listningsstopp", "3.6.12")
    } else if byten >= MAX_BYTEN && !input.sarskilda_skal {
        (Utfall::Avslas, "hogst_tva_byten", "3.6.1")
    } else if byten >= MAX_BYTEN {
        (Utfall::Beviljas, "sarskilda_skal", "3.6.1")
    } else {
        (Utfall::Beviljas, "inom_grans", "3.6.1")
    };
    Ok(ByteBeslut {
        utfall,
        skal,
        paragraf,
        byten_inom_perioden: byten,
    })
}

pub fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// The peer behind the same JSON boundary as `decide_json` (no error paths: `None`).
pub fn hand_written_json(input: &Json) -> Option<Json> {
    let flag = |name: &str| match input.get(name) {
        None => Some(false),
        Some(v) => v.as_bool(),
    };
    let datum = date(input.get("datum")?.as_str()?)?;
    let tidigare_byten = input
        .get("tidigare_byten")?
        .as_array()?
        .iter()
        .map(|s| date(s.as_str()?))
        .collect::<Option<Vec<_>>>()?;
    let mal_enhet = match input.get("mal_enhet").map(Json::as_str) {
        None | Some(Some("halsocentral")) => Enhetstyp::Halsocentral,
        Some(Some("filial")) => Enhetstyp::Filial,
        Some(Some("servicepunkt")) => Enhetstyp::Servicepunkt,
        Some(_) => return None,
    };
    let beslut = listning_byte(&ByteInput {
        datum,
        tidigare_byten: &tidigare_byten,
        sarskilda_skal: flag("sarskilda_skal")?,
        skyddad_identitet: flag("skyddad_identitet")?,
        asylsokande: flag("asylsokande")?,
        mal_enhet,
        listningsstopp_beviljat: flag("listningsstopp_beviljat")?,
    })
    .ok()?;
    let utfall = match beslut.utfall {
        Utfall::Beviljas => "beviljas",
        Utfall::Avslas => "avslas",
    };
    Some(json!({
        "utfall": utfall,
        "skal": beslut.skal,
        "paragraf": beslut.paragraf,
        "byten_inom_perioden": beslut.byten_inom_perioden,
    }))
}

/// Input `i` of the serve bench's `decide.batch`: up to ten earlier switches drawn from
/// 2019–2023 by a fixed mix of `i`, so every run reads and decides the same batch.
pub fn batch_input(i: u64) -> Json {
    let mut x = i
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = |n: u64| {
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51afd7ed558ccd);
        (x >> 11) % n
    };
    let dates: Vec<String> = (0..next(11))
        .map(|_| {
            format!(
                "20{:02}-{:02}-{:02}",
                19 + next(5),
                1 + next(12),
                1 + next(28)
            )
        })
        .collect();
    json!({"datum": "2023-12-31", "tidigare_byten": dates, "sarskilda_skal": next(2) == 1})
}
