# listning.byte of policies/2023/listning.regel (3.6.1, 3.6.4, 3.6.12, 4.4.2), in Rego.
# Precomputed by the caller: input.start = datum − 1 year, the month clamped to its last day
# (Rego's time.add_date normalizes 2024-02-29 − 1 year to 2023-03-01, which is not the
# policy's reading). Dates are compared as ISO strings, which orders them as dates.
package regel.listning

rejected if {
	some s in input.tidigare_byten
	s > input.datum
}

byten := count([s | some s in input.tidigare_byten; s > input.start; s <= input.datum])

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
