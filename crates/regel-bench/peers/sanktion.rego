# sanktion.vite of policies/2023/sanktioner.regel (3.10), in Rego. Amounts are Rego numbers
# (binary floating point) read from the input's texts with to_number, the cap floored to öre
# as floor(x × 100) / 100.
package regel.sanktion

vite_andel := 0.10

mojligt if {
	input.storre_avvikelse
	not input.rattelse_skett
}

taket := floor((to_number(input.manatlig_vardpeng) * vite_andel) * 100) / 100 if mojligt else := 0

begart := to_number(object.get(input, "begart_vite", taket))

rule := [false, "yttrande_saknas"] if {
	not input.yttrande_mojlighet_given
} else := [false, "ej_storre_avvikelse"] if {
	not input.storre_avvikelse
} else := [false, "rattelse_skett"] if {
	input.rattelse_skett
} else := [false, "overstiger_tak"] if {
	begart > taket
} else := [true, "inom_tak"]

beslut := {"tak": taket, "tillatet": rule[0], "skal": rule[1], "paragraf": "3.10"}
