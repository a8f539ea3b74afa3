# kapacitetsstopp.beslut of policies/2023/kapacitetsstopp.regel (3.6.12), in Rego.
# The policy's `within(fran, till, 3 months)` is `fran > grans`, grans = till − 3 months with
# the day clamped to the month's last day (2023-05-31 → 2023-02-28), computed here from the
# ISO text (to_number rejects a leading zero: "05" is read as "5"); dates are compared as ISO
# strings.
package regel.kapacitetsstopp

skottar(y) if {
	y % 4 == 0
	y % 100 != 0
}

skottar(y) if y % 400 == 0

sista_dag(y, m) := 29 if {
	m == 2
	skottar(y)
} else := 28 if m == 2 else := 30 if m in {4, 6, 9, 11} else := 31

grans := sprintf("%04d-%02d-%02d", [y, m, min([d, sista_dag(y, m)])]) if {
	manader := (to_number(substring(input.till, 0, 4)) * 12 + to_number(trim_left(substring(input.till, 5, 2), "0"))) - 4
	y := (manader - manader % 12) / 12
	m := manader % 12 + 1
	d := to_number(trim_left(substring(input.till, 8, 2), "0"))
}

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

beslutsfattare := "regiondirektor" if input.fran > grans else := "regionstyrelsen"

beslut := {"rejected": "till_fore_fran"} if {
	input.till < input.fran
} else := {
	"beslutsfattare": beslutsfattare,
	"villkor_uppfyllda": villkor,
	"brister": brister,
	"paragraf": "3.6.12",
}
