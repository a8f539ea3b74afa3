// What the extension decides without VS Code: how to read `regel diff`'s result, and the
// words it shows for the server's answers (Swedish, as the server's lenses and the memo are).
// Kept free of the `vscode` module so that test/logic.test.mjs can check it with plain Node.

/** The answer of the server's `regel.runTest` / `regel.runTestAt` commands. */
export interface TestResult {
  name: string;
  passed: boolean;
  message: string;
}

/** The answer of the server's `regel.evaluate` command ("Kör" on a decision). */
export interface Evaluation {
  decision: string;
  test: string;
  outcome: Record<string, unknown> | null;
  /** The outcome in the motivering's words, by the outputs' labels (absent from older servers). */
  said?: string | null;
  reason: string;
  /** The reason code's Swedish label (the code itself where it has none; absent from older servers). */
  label?: string;
  section: string;
  rejected: boolean;
}

/** The answer of the server's `regel.itemDiff` command ("Ändrad sedan …"). */
export interface ItemDiff {
  title: string;
  html: string;
}

export type DiffResult = { ok: true; html: string } | { ok: false; error: string };

/**
 * `regel diff --format html` exits 0 (no difference) or 1 (the versions differ) with the page
 * on standard output; anything else — another exit code, a missing binary, or no page at all
 * (an old or wrong binary) — is a failure whose words the author must see.
 */
export function readDiff(code: number | string | null, stdout: string, stderr: string): DiffResult {
  const page = /^\s*(<!doctype html|<html)/i.test(stdout);
  if ((code === 0 || code === 1) && page) {
    return { ok: true, html: stdout };
  }
  const why = stderr.trim() || stdout.trim().slice(0, 500);
  const status = typeof code === "number" ? `returkod ${code}` : code ? String(code) : "ingen returkod";
  return { ok: false, error: why ? `${why} (${status})` : `ingen rapport (${status})` };
}

/** The notification for a test run from the lens or the command. */
export function testMessage(result: TestResult): { error: boolean; text: string } {
  return result.passed
    ? { error: false, text: `Regel: testet ”${result.name}” gick igenom.` }
    : { error: true, text: `Regel: testet ”${result.name}” misslyckades: ${result.message}` };
}

/**
 * The text shown after a decision's line: outcome, reason and section (Swedish, for authors and
 * legal reviewers: the reason by its label, not its code).
 */
export function evaluationText(e: Evaluation): string {
  const section = e.section ? ` · § ${e.section}` : "";
  const from = ` (indata från testet ”${e.test}”)`;
  const why = e.label || e.reason;
  if (e.rejected || !e.outcome) {
    return `⇒ avvisas: ${why}${section}${from}`;
  }
  const fields = Object.entries(e.outcome)
    .filter(([k]) => k !== "skal" && k !== "paragraf")
    .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
  // The server's words ("bytet avslås (byten inom perioden: 2)"); the codes from an older one.
  const outcome = e.said || fields.join(", ");
  const reason = why ? ` · skäl: ${why}` : "";
  return `⇒ ${outcome}${reason}${section}${from}`;
}

/**
 * A lens's command the server refused (a version with compile errors, a test that cannot
 * run): what was asked, in Swedish, then the server's own words.
 */
export function commandFailure(command: string, why: string): string {
  const what: Record<string, string> = {
    "regel.runTest": "testet kunde inte köras",
    "regel.runTestAt": "testet kunde inte köras",
    "regel.evaluate": "Kör misslyckades",
    "regel.itemDiff": "ändringarna kunde inte visas",
  };
  return `Regel: ${what[command] ?? `${command} misslyckades`}: ${why}`;
}

/** What went wrong when `<command> lsp` stopped before it answered `initialize`. */
export function serverFailureMessage(command: string, probe: string): string {
  return (
    `Regel: språkservern \`${command} lsp\` avslutades innan den startat (${probe}). ` +
    `Sätt ”regel.server.path” till ett regel-program som har kommandot \`lsp\` ` +
    `(efter \`cargo build --release -p regel-cli\`: target/release/regel).`
  );
}

/** The probe's words: how `<command> lsp --help` ended. */
export function probeText(
  command: string,
  error: { code?: number | string | null; message?: string } | null,
  stderr: string,
): string {
  if (!error) {
    return `\`${command} lsp --help\` fungerar; se kanalen ”Regel” under Utdata`;
  }
  if (error.code === "ENOENT") {
    return `${command} hittades inte`;
  }
  const first = stderr.split("\n").find((l) => l.trim()) ?? "";
  const code = typeof error.code === "number" ? `returkod ${error.code}` : error.message ?? "misslyckades";
  return first ? `\`${command} lsp --help\`: ${first.trim()} (${code})` : `\`${command} lsp --help\` slutade med ${code}`;
}

/** The line of `decision <name>` in a document's text, or -1. */
export function decisionLine(text: string, name: string): number {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = new RegExp(`^\\s*decision\\s+${escaped}(?![\\p{L}\\p{N}_.])`, "u");
  return text.split("\n").findIndex((l) => re.test(l));
}
