# listning.byte of policies/2023/listning.regel (3.6.1, 3.6.4, 3.6.12, 4.4.2), in Rego, written
# for regorus's RVM: one rule besides `byten`, whose else branches each give the whole answer;
# absent flags are undefined, which fails a condition as false does; the rejection is one `max`.
# Dates are compared as ISO texts, which orders them as dates. The period's start, datum − 1
# year, is the text with the year one less and the day not clamped: 2024-02-29 gives
# "2023-02-29", and for a real date s, s > "2023-02-29" exactly when s > "2023-02-28", the
# policy's clamped start. (Rego's time.add_date normalizes 2024-02-29 − 1 year to 2023-03-01,
# which is not the policy's reading.)
package regel.listning

byten := count([1 | some s in input.tidigare_byten; s > start; s <= datum]) if {
	datum := input.datum
	start := sprintf("%d%s", [to_number(substring(datum, 0, 4)) - 1, substring(datum, 4, 6)])
}

beslut := {"rejected": "tidigare_byte_efter_datum"} if {
	max(input.tidigare_byten) > input.datum
} else := {"utfall": "avslas", "skal": "skyddad_identitet", "paragraf": "3.6.4", "byten_inom_perioden": byten} if {
	input.skyddad_identitet
} else := {"utfall": "avslas", "skal": "asylsokande", "paragraf": "3.6.1", "byten_inom_perioden": byten} if {
	input.asylsokande
} else := {"utfall": "avslas", "skal": "ej_valbar_enhet", "paragraf": "4.4.2", "byten_inom_perioden": byten} if {
	input.mal_enhet in {"filial", "servicepunkt"}
} else := {"utfall": "avslas", "skal": "listningsstopp", "paragraf": "3.6.12", "byten_inom_perioden": byten} if {
	input.listningsstopp_beviljat
} else := {"utfall": "avslas", "skal": "hogst_tva_byten", "paragraf": "3.6.1", "byten_inom_perioden": byten} if {
	byten >= 2
	not input.sarskilda_skal
} else := {"utfall": "beviljas", "skal": "sarskilda_skal", "paragraf": "3.6.1", "byten_inom_perioden": byten} if {
	byten >= 2
} else := {"utfall": "beviljas", "skal": "inom_grans", "paragraf": "3.6.1", "byten_inom_perioden": byten}
