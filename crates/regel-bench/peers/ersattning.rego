# ersattning.vardpeng of policies/2021/ersattning.regel (Tabell 1), in Rego. The pots are
# the 2021 parameters; amounts are Rego numbers read from the input's texts with to_number,
# rounded half away from zero to öre.
package regel.ersattning

ram := {"alder": 499200000, "acg": 194800000, "cni": 78000000}

ore(x) := floor(x * 100 + 0.5) / 100 if x >= 0 else := 0 - floor(0 - x * 100 + 0.5) / 100

delar := {
	"alder": ore(ram.alder * to_number(input.andel_alder)),
	"acg": ore(ram.acg * to_number(input.andel_acg)),
	"cni": ore(ram.cni * to_number(input.andel_cni)),
}

arlig := (delar.alder + delar.acg) + delar.cni

beslut := {"arlig": arlig, "manatlig": ore(arlig / 12), "delar": delar, "paragraf": "Tabell 1"}
