# listning.byte of policies/2023/listning.regel (3.6.1, 3.6.4, 3.6.12, 4.4.2), in Rego.
# The period's start, datum − 1 year with the day clamped to the month's last day (2024-02-29
# → 2023-02-28), is computed here from the ISO text: Rego's time.add_date normalizes
# 2024-02-29 − 1 year to 2023-03-01, which is not the policy's reading. Dates are compared as
# ISO strings, which orders them as dates. (to_number rejects a leading zero: "05" is
# read as "5".)
package regel.listning

skottar(y) if {
	y % 4 == 0
	y % 100 != 0
}

skottar(y) if y % 400 == 0

sista_dag(y, m) := 29 if {
	m == 2
	skottar(y)
} else := 28 if m == 2 else := 30 if m in {4, 6, 9, 11} else := 31

start := sprintf("%04d-%02d-%02d", [y, m, min([d, sista_dag(y, m)])]) if {
	y := to_number(substring(input.datum, 0, 4)) - 1
	m := to_number(trim_left(substring(input.datum, 5, 2), "0"))
	d := to_number(trim_left(substring(input.datum, 8, 2), "0"))
}

rejected if {
	some s in input.tidigare_byten
	s > input.datum
}

byten := count([s | some s in input.tidigare_byten; s > start; s <= input.datum])

sarskilda := object.get(input, "sarskilda_skal", false)

enhet := object.get(input, "mal_enhet", "halsocentral")

rule := ["avslas", "skyddad_identitet", "3.6.4"] if {
	object.get(input, "skyddad_identitet", false)
} else := ["avslas", "asylsokande", "3.6.1"] if {
	object.get(input, "asylsokande", false)
} else := ["avslas", "ej_valbar_enhet", "4.4.2"] if {
	enhet in {"filial", "servicepunkt"}
} else := ["avslas", "listningsstopp", "3.6.12"] if {
	object.get(input, "listningsstopp_beviljat", false)
} else := ["avslas", "hogst_tva_byten", "3.6.1"] if {
	byten >= 2
	not sarskilda
} else := ["beviljas", "sarskilda_skal", "3.6.1"] if {
	byten >= 2
	sarskilda
} else := ["beviljas", "inom_grans", "3.6.1"]

beslut := {"rejected": "tidigare_byte_efter_datum"} if {
	rejected
} else := {
	"utfall": rule[0],
	"skal": rule[1],
	"paragraf": rule[2],
	"byten_inom_perioden": byten,
}
