# ersattning.vardpeng of policies/2021/ersattning.regel (Tabell 1), in Rego, written for
# regorus's RVM: one rule. The pots are the 2021 parameters; amounts are Rego numbers read from
# the input's texts with to_number, rounded half away from zero to öre with `round` (Go's
# math.Round, as regorus's is Rust's f64::round).
package regel.ersattning

beslut := {
	"arlig": arlig,
	"manatlig": round((arlig / 12) * 100) / 100,
	"delar": {"alder": alder, "acg": acg, "cni": cni},
	"paragraf": "Tabell 1",
} if {
	alder := round((499200000 * to_number(input.andel_alder)) * 100) / 100
	acg := round((194800000 * to_number(input.andel_acg)) * 100) / 100
	cni := round((78000000 * to_number(input.andel_cni)) * 100) / 100
	arlig := (alder + acg) + cni
}
