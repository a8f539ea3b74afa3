# sanktion.vite of policies/2023/sanktioner.regel (3.10), in Rego, written for regorus's RVM:
# the else branches each give the whole answer; an absent begart_vite leaves its comparison
# undefined, which fails as the policy's default (the cap itself) does. Amounts are Rego
# numbers (binary floating point) read from the input's texts with to_number, the cap, 10 % of
# the monthly payment, floored to öre as floor(x × 100) / 100.
package regel.sanktion

tak := floor((to_number(input.manatlig_vardpeng) * 0.10) * 100) / 100 if {
	input.storre_avvikelse
	not input.rattelse_skett
} else := 0

beslut := {"tak": tak, "tillatet": false, "skal": "yttrande_saknas", "paragraf": "3.10"} if {
	not input.yttrande_mojlighet_given
} else := {"tak": tak, "tillatet": false, "skal": "ej_storre_avvikelse", "paragraf": "3.10"} if {
	not input.storre_avvikelse
} else := {"tak": tak, "tillatet": false, "skal": "rattelse_skett", "paragraf": "3.10"} if {
	input.rattelse_skett
} else := {"tak": tak, "tillatet": false, "skal": "overstiger_tak", "paragraf": "3.10"} if {
	to_number(input.begart_vite) > tak
} else := {"tak": tak, "tillatet": true, "skal": "inom_tak", "paragraf": "3.10"}
