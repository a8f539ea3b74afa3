// Builds the extension and packages it as a .vsix in a temporary folder, then checks that the
// package holds what VS Code needs: the bundled client, the grammar, the language settings.
import { execFileSync } from "node:child_process";
import { mkdtempSync, statSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = mkdtempSync(path.join(tmpdir(), "regel-vsix-"));
const out = path.join(dir, "regel.vsix");
// The package is checked, not kept: the folder goes however the script ends.
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ["ignore", "pipe", "inherit"] }).toString();
run("npm", ["run", "--silent", "build"]);
run(path.join(root, "node_modules", ".bin", "vsce"), ["package", "--no-dependencies", "--out", out]);
const size = statSync(out).size;
const listing = run(path.join(root, "node_modules", ".bin", "vsce"), ["ls", "--no-dependencies"]);
for (const needed of ["out/extension.js", "syntaxes/regel.tmLanguage.json", "language-configuration.json", "package.json"]) {
  if (!listing.includes(needed)) {
    console.error(`the .vsix lacks ${needed}:\n${listing}`);
    process.exit(1);
  }
}
const zip = readFileSync(out);
if (zip.subarray(0, 2).toString() !== "PK") {
  console.error(`${out} is not a zip file`);
  process.exit(1);
}
console.log(`ok: regel.vsix (${size} bytes) packs the extension; checked and removed`);
