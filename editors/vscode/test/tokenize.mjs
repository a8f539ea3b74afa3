// Tokenizes text with the extension's TextMate grammar through vscode-textmate and
// vscode-oniguruma, the engine VS Code itself uses.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import vsctm from "vscode-textmate";
import oniguruma from "vscode-oniguruma";

const here = path.dirname(fileURLToPath(import.meta.url));
export const extensionRoot = path.resolve(here, "..");
export const repoRoot = path.resolve(extensionRoot, "../..");
const require = createRequire(import.meta.url);

let registryPromise;

function registry() {
  registryPromise ??= (async () => {
    const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    return new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName) => {
        if (scopeName !== "source.regel") return null;
        const file = path.join(extensionRoot, "syntaxes", "regel.tmLanguage.json");
        return vsctm.parseRawGrammar(readFileSync(file, "utf8"), file);
      },
    });
  })();
  return registryPromise;
}

/** Every token of `text`: {line, text, scopes} (scopes without the root `source.regel`). */
export async function tokenize(text) {
  const grammar = await (await registry()).loadGrammar("source.regel");
  let stack = vsctm.INITIAL;
  const tokens = [];
  text.split("\n").forEach((line, number) => {
    const result = grammar.tokenizeLine(line, stack);
    for (const t of result.tokens) {
      tokens.push({
        line: number + 1,
        text: line.slice(t.startIndex, t.endIndex),
        scopes: t.scopes.filter((s) => s !== "source.regel"),
      });
    }
    stack = result.ruleStack;
  });
  return tokens;
}

/** The innermost scopes a token has, without the `.regel` suffix, for snapshots. */
export function shortScope(token) {
  return token.scopes.map((s) => s.replace(/\.regel$/, "")).join(" ");
}
