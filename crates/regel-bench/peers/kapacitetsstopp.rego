# kapacitetsstopp.beslut of policies/2023/kapacitetsstopp.regel (3.6.12), in Rego, written for
# regorus's RVM: one rule, the choices made by indexing objects with booleans. The policy's
# `within(fran, till, 3 months)` is `fran > grans`, grans = till − 3 months with the day clamped
# to the month's last day (2023-05-31 → 2023-02-28). Here the dates are the numbers yyyymmdd
# and grans is till − 300 (− 9100 across a new year: 20230215 → 20221115) with the day not
# clamped: 20230231 for 20230531, and for a real date f, f > 20230231 exactly when
# f > 20230228.
package regel.kapacitetsstopp

beslut := {"rejected": "till_fore_fran"} if {
	input.till < input.fran
} else := {
	"beslutsfattare": {true: "regiondirektor", false: "regionstyrelsen"}[fran > till - {true: 300, false: 9100}[manad >= 4]],
	"villkor_uppfyllda": svar[0],
	"brister": svar[1],
	"paragraf": "3.6.12",
} if {
	till := to_number(replace(input.till, "-", ""))
	fran := to_number(replace(input.fran, "-", ""))
	manad := ((till - till % 100) / 100) % 100
	svar := {
		[true, true]: [true, []],
		[false, true]: [false, ["skriftlig_anmalan_saknas"]],
		[true, false]: [false, ["risk_ej_angiven"]],
		[false, false]: [false, ["skriftlig_anmalan_saknas", "risk_ej_angiven"]],
	}[[input.skriftlig_anmalan, object.get(input, "risker", []) != []]]
}
