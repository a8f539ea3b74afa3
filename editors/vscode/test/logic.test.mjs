// The extension's own decisions, without VS Code: the word pattern VS Code compiles from
// language-configuration.json, how `regel diff`'s result is read, and the words shown for the
// server's answers. src/logic.ts is compiled here with the extension's own esbuild.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildSync } from "esbuild";
import { extensionRoot } from "./tokenize.mjs";

const out = buildSync({
  entryPoints: [path.join(extensionRoot, "src", "logic.ts")],
  bundle: true,
  format: "esm",
  platform: "node",
  write: false,
});
const dir = mkdtempSync(path.join(tmpdir(), "regel-logic-"));
const file = path.join(dir, "logic.mjs");
writeFileSync(file, out.outputFiles[0].text);
const logic = await import(pathToFileURL(file).href);
rmSync(dir, { recursive: true, force: true }); // imported: the module stays loaded

// VS Code builds the word pattern as `new RegExp(pattern, flags)`; a plain string gets no
// flags, and without `u` `\p{L}` matches only the letters `p`, `L`, `{`, `}`.
function wordPattern() {
  const config = JSON.parse(readFileSync(path.join(extensionRoot, "language-configuration.json"), "utf8"));
  const wp = config.wordPattern;
  return typeof wp === "string" ? new RegExp(wp) : new RegExp(wp.pattern, wp.flags);
}

test("the word pattern finds whole names, Swedish letters and dotted names included", () => {
  const re = wordPattern();
  const words = (text) => [...text.matchAll(new RegExp(re.source, re.flags + "g"))].map((m) => m[0]);
  assert.deepEqual(words("when byten >= max_byten"), ["when", "byten", "max_byten"]);
  assert.deepEqual(words("decision listning.byte {"), ["decision", "listning.byte"]);
  assert.deepEqual(words("input särskilda_skäl2"), ["input", "särskilda_skäl2"]);
  assert.deepEqual(words("ma"), ["ma"], "a prefix being typed is a word, so completion replaces it");
});

test("regel diff: exit 0 or 1 with a page is the report; anything else is an error in words", () => {
  const page = "<!DOCTYPE html><html><body>diff</body></html>";
  assert.deepEqual(logic.readDiff(1, page, ""), { ok: true, html: page });
  assert.deepEqual(logic.readDiff(0, page, ""), { ok: true, html: page });
  const failed = logic.readDiff(1, "", "error: version 2023 has 2 errors\n");
  assert.equal(failed.ok, false);
  assert.match(failed.error, /version 2023 has 2 errors.*returkod 1/);
  assert.equal(logic.readDiff(2, "", "bad usage").ok, false);
  assert.match(logic.readDiff("ENOENT", "", "").error, /ENOENT/);
  assert.equal(logic.readDiff(1, "", "").error, "ingen rapport (returkod 1)");
  assert.equal(logic.readDiff(null, "", "").error, "ingen rapport (ingen returkod)");
});

test("test results and evaluations read in Swedish, as an author expects", () => {
  assert.deepEqual(logic.testMessage({ name: "t", passed: true, message: "gick igenom" }), {
    error: false,
    text: "Regel: testet ”t” gick igenom.",
  });
  const message = "listning.byte: utfall förväntat beviljas men fick avslas";
  assert.deepEqual(logic.testMessage({ name: "t", passed: false, message }), {
    error: true,
    text: `Regel: testet ”t” misslyckades: ${message}`,
  });
  const ok = logic.evaluationText({
    decision: "listning.byte",
    test: "tre byten",
    outcome: { utfall: "avslas", skal: "hogst_tva_byten", paragraf: "3.6.1", byten_inom_perioden: 2 },
    reason: "hogst_tva_byten",
    label: "Högst två byten per år",
    section: "3.6.1",
    rejected: false,
  });
  assert.equal(ok, '⇒ utfall: avslas, byten_inom_perioden: 2 · skäl: Högst två byten per år · § 3.6.1 (indata från testet ”tre byten”)');
  // The server's words, by the outputs' labels, where it gives them.
  const said = logic.evaluationText({
    decision: "listning.byte",
    test: "tre byten",
    outcome: { utfall: "avslas", skal: "hogst_tva_byten", paragraf: "3.6.1", byten_inom_perioden: 2 },
    said: "bytet avslås (byten inom perioden: 2)",
    reason: "hogst_tva_byten",
    label: "Högst två byten per år",
    section: "3.6.1",
    rejected: false,
  });
  assert.equal(said, '⇒ bytet avslås (byten inom perioden: 2) · skäl: Högst två byten per år · § 3.6.1 (indata från testet ”tre byten”)');
  const rejected = logic.evaluationText({ decision: "d", test: "t", outcome: null, reason: "fel", label: "Felaktig uppgift", section: "2.1", rejected: true });
  assert.equal(rejected, '⇒ avvisas: Felaktig uppgift · § 2.1 (indata från testet ”t”)');
  // A server without labels: the code.
  const old = logic.evaluationText({ decision: "d", test: "t", outcome: null, reason: "fel", section: "2.1", rejected: true });
  assert.equal(old, '⇒ avvisas: fel · § 2.1 (indata från testet ”t”)');
});

test("a refused command says in Swedish what was asked, then the server's reason", () => {
  const why = "version 2023 has 1 compile error; fix it first";
  assert.equal(logic.commandFailure("regel.evaluate", why), `Regel: Kör misslyckades: ${why}`);
  assert.equal(logic.commandFailure("regel.runTestAt", "x"), "Regel: testet kunde inte köras: x");
  assert.equal(logic.commandFailure("regel.itemDiff", "x"), "Regel: ändringarna kunde inte visas: x");
  assert.equal(logic.commandFailure("regel.other", "x"), "Regel: regel.other misslyckades: x");
});

test("a server that does not start is explained, with the setting to change", () => {
  const probe = logic.probeText("/opt/old/regel", { code: 2 }, "error: unrecognized subcommand 'lsp'\n\nUsage: regel <COMMAND>");
  assert.equal(probe, "`/opt/old/regel lsp --help`: error: unrecognized subcommand 'lsp' (returkod 2)");
  assert.equal(logic.probeText("nope", { code: "ENOENT" }, ""), "nope hittades inte");
  assert.equal(logic.probeText("/bin/false", { code: 1 }, ""), "`/bin/false lsp --help` slutade med returkod 1");
  assert.match(logic.probeText("regel", null, ""), /fungerar; se kanalen ”Regel” under Utdata/);
  const text = logic.serverFailureMessage("/bin/false", "x");
  assert.match(text, /regel\.server\.path/);
  assert.match(text, /`\/bin\/false lsp` avslutades innan den startat \(x\)/);
});

test("the decision's line is found by its exact name", () => {
  const text = "param a: Int = 1\ndecision listning.byte_x {\n}\ndecision listning.byte {\n}\n";
  assert.equal(logic.decisionLine(text, "listning.byte"), 3);
  assert.equal(logic.decisionLine(text, "listning"), -1);
});
