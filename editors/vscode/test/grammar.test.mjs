// The TextMate grammar: targeted assertions written from the language reference, and a
// snapshot of the tokens of every file under policies/ (UPDATE_SNAPSHOTS=1 rewrites them).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { tokenize, shortScope, extensionRoot, repoRoot } from "./tokenize.mjs";

async function scopesOf(text, word) {
  const tokens = await tokenize(text);
  const found = tokens.find((t) => t.text.trim() === word);
  assert.ok(found, `no token ${JSON.stringify(word)} in ${JSON.stringify(text)}: ${JSON.stringify(tokens)}`);
  return found.scopes;
}

async function expectScope(text, word, scope) {
  const scopes = await scopesOf(text, word);
  assert.ok(
    scopes.some((s) => s.startsWith(scope)),
    `${JSON.stringify(word)} in ${JSON.stringify(text)} has ${JSON.stringify(scopes)}, not ${scope}`,
  );
}

test("keywords", async () => {
  await expectScope("decision listning.byte {", "decision", "keyword.other.declaration");
  await expectScope("  when byten >= max_byten", "when", "keyword.control");
  await expectScope("    then { utfall: avslas }", "then", "keyword.control");
  await expectScope("  otherwise", "otherwise", "keyword.control");
  await expectScope("  require x else y", "require", "keyword.control");
  await expectScope("  input datum: Date", "input", "keyword.other.declaration");
  await expectScope('property "vitet överstiger aldrig taket" {', "property", "keyword.other.declaration");
  await expectScope("when a and not b", "and", "keyword.operator.word");
  await expectScope("section \"1\" \"Inledning\" descriptive \"rubrik\"", "descriptive", "keyword.other.declaration");
  await expectScope('    because hogst_tva_byten label "Högst två byten per år"', "label", "keyword.other.declaration");
  await expectScope('    because hogst_tva_byten label "Högst två byten per år"', "hogst_tva_byten", "constant.other.reason-code");
});

test("dates, money, percentages, durations and numbers", async () => {
  await expectScope("  valid_from 2023-01-01", "2023-01-01", "constant.numeric.date");
  await expectScope("param ram: Money = 499.2 mnkr", "499.2", "constant.numeric.money");
  await expectScope("param ram: Money = 499.2 mnkr", "mnkr", "constant.numeric.money");
  await expectScope("param tak: Money = 1100 kr", "kr", "keyword.other.unit.money");
  await expectScope("param vite_andel: Decimal = 10 %", "10", "constant.numeric.percent");
  await expectScope("param bytesperiod: Duration = 1 year", "1", "constant.numeric.duration");
  await expectScope("param bytesperiod: Duration = 1 year", "year", "keyword.other.unit.duration");
  await expectScope("param max_byten: Int = 2", "2", "constant.numeric.regel");
  await expectScope("  when kl < 08:00", "08:00", "constant.numeric.time");
});

test("strings, citations, sections and comments", async () => {
  await expectScope('  title "Beställning 2023"', '"', "string.quoted.double");
  await expectScope('    because hogst_tva_byten @ "3.6.1"', '"3.6.1"', "entity.name.section.citation");
  await expectScope('section "3.6.12" "Anmälan av kapacitetsbrist"', '"3.6.12"', "entity.name.section.number");
  await expectScope("// a note", "// a note", "comment.line.double-slash");
  await expectScope("/// The cap.", "/// The cap.", "comment.line.documentation");
});

test("reason codes, decision names, types and built-ins", async () => {
  await expectScope("    because hogst_tva_byten", "hogst_tva_byten", "constant.other.reason-code");
  await expectScope("  expect rejected tidigare_byte_efter_datum", "tidigare_byte_efter_datum", "constant.other.reason-code");
  await expectScope("  decide listning.byte", "listning.byte", "entity.name.function.decision");
  await expectScope("  input datum: Date", "Date", "support.type.primitive");
  await expectScope("enum Utfall { beviljas, avslas }", "Utfall", "entity.name.type");
  await expectScope("  let byten = count(tidigare_byten, s => s > datum)", "count", "support.function.builtin");
  await expectScope("  output x: Bool = true", "true", "constant.language");
});

test("a keyword inside a string or comment is not a keyword", async () => {
  const inString = await scopesOf('  title "when then"', "when then");
  assert.ok(inString.some((s) => s.startsWith("string.quoted")), JSON.stringify(inString));
  const inComment = await scopesOf("// when then", "// when then");
  assert.ok(inComment.some((s) => s.startsWith("comment")), JSON.stringify(inComment));
});

function policyFiles() {
  const root = path.join(repoRoot, "policies");
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(path.join(root, d.name))
        .filter((f) => f.endsWith(".regel"))
        .map((f) => path.join(root, d.name, f)),
    )
    .sort();
}

/** One line per source line with scoped tokens: `12: [keyword.control]when [variable.other]byten …`. */
async function render(text) {
  const lines = new Map();
  for (const t of await tokenize(text)) {
    if (!t.text.trim() || t.scopes.length === 0) continue;
    const entry = `[${shortScope(t)}]${t.text}`;
    lines.set(t.line, [...(lines.get(t.line) ?? []), entry]);
  }
  return [...lines].map(([n, entries]) => `${n}: ${entries.join(" ")}`).join("\n") + "\n";
}

test("every policy file tokenizes as its snapshot says", async () => {
  const files = policyFiles();
  assert.ok(files.length > 0, "no policy files found");
  const dir = path.join(extensionRoot, "test", "snapshots");
  mkdirSync(dir, { recursive: true });
  const update = process.env.UPDATE_SNAPSHOTS === "1";
  for (const file of files) {
    const name = path.relative(path.join(repoRoot, "policies"), file).replaceAll(path.sep, "__") + ".tokens";
    const snapshot = path.join(dir, name);
    const actual = await render(readFileSync(file, "utf8"));
    if (update) {
      writeFileSync(snapshot, actual);
      continue;
    }
    assert.ok(
      existsSync(snapshot),
      `no token snapshot for ${file}: run \`UPDATE_SNAPSHOTS=1 npm test\` in editors/vscode and review test/snapshots/${name}`,
    );
    assert.equal(actual, readFileSync(snapshot, "utf8"), `tokens of ${file} changed; review and run with UPDATE_SNAPSHOTS=1`);
  }
});
