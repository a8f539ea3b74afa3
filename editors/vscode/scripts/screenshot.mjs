// Renders a policy file with the extension's TextMate grammar in VS Code's Dark+ colours and
// takes a screenshot of it with headless Chromium (Debian's `chromium` and playwright-core,
// which this script expects to be installed: `npm i --no-save playwright-core`). The image is
// the grammar's highlighting, not a VS Code window. Not part of `npm test`.
//   node scripts/screenshot.mjs ../../policies/2023/listning.regel 120 170 images/highlighting.png
import { readFileSync } from "node:fs";
import { tokenize } from "../test/tokenize.mjs";

const [file, from = "1", to = "60", out = "images/highlighting.png"] = process.argv.slice(2);
const { chromium } = await import("playwright-core");

// Dark+ colours by scope prefix, most specific first.
const colours = [
  ["comment", "#6A9955"],
  ["string", "#CE9178"],
  ["entity.name.section", "#D7BA7D"],
  ["constant.numeric", "#B5CEA8"],
  ["constant.language", "#569CD6"],
  ["constant.other.reason-code", "#4FC1FF"],
  ["keyword.other.unit", "#569CD6"],
  ["keyword.operator", "#D4D4D4"],
  ["keyword", "#C586C0"],
  ["entity.name.function", "#DCDCAA"],
  ["support.function", "#DCDCAA"],
  ["support.type", "#4EC9B0"],
  ["entity.name.type", "#4EC9B0"],
  ["variable.parameter", "#9CDCFE"],
  ["variable", "#9CDCFE"],
];
const colour = (scopes) => {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const hit = colours.find(([prefix]) => scopes[i].startsWith(prefix));
    if (hit) return hit[1];
  }
  return "#D4D4D4";
};
const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const text = readFileSync(file, "utf8");
const tokens = await tokenize(text);
const lines = new Map();
for (const t of tokens) {
  if (t.line < Number(from) || t.line > Number(to)) continue;
  const span = `<span style="color:${colour(t.scopes)}">${esc(t.text)}</span>`;
  lines.set(t.line, (lines.get(t.line) ?? "") + span);
}
const rows = [];
for (let n = Number(from); n <= Number(to); n++) {
  rows.push(`<div><span class="n">${n}</span>${lines.get(n) ?? ""}</div>`);
}
const html = `<!DOCTYPE html><html><body style="margin:0;background:#1E1E1E">
<pre style="font:14px/20px 'DejaVu Sans Mono',monospace;color:#D4D4D4;padding:12px 16px;margin:0;white-space:pre">
<style>.n{color:#858585;display:inline-block;width:3em;text-align:right;margin-right:1.5em}</style>${rows.join("")}</pre></body></html>`;

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1000, height: 20 * (Number(to) - Number(from) + 1) + 24 } });
await page.setContent(html);
await page.screenshot({ path: out, fullPage: true });
await browser.close();
console.log(`wrote ${out}`);
