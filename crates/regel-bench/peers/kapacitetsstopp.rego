# kapacitetsstopp.beslut of policies/2023/kapacitetsstopp.regel (3.6.12), in Rego.
# Precomputed by the caller: input.grans = till − 3 months, the month clamped to its last day
# (the policy's `within(fran, till, 3 months)` is `fran > grans`).
package regel.kapacitetsstopp

risker := object.get(input, "risker", [])

brister := array.concat(
	[x | x := "skriftlig_anmalan_saknas"; not input.skriftlig_anmalan],
	[x | x := "risk_ej_angiven"; count(risker) == 0],
)

default villkor := false

villkor if {
	input.skriftlig_anmalan == true
	count(risker) > 0
}

beslutsfattare := "regiondirektor" if input.fran > input.grans else := "regionstyrelsen"

beslut := {"rejected": "till_fore_fran"} if {
	input.till < input.fran
} else := {
	"beslutsfattare": beslutsfattare,
	"villkor_uppfyllda": villkor,
	"brister": brister,
	"paragraf": "3.6.12",
}
