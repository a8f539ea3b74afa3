// The Regel extension: starts `regel lsp` (diagnostics, hover, completion, formatting, code
// lenses that run tests) and adds two commands: run the test at the cursor, and open the
// diff of this version against the previous one.

import * as path from "node:path";
import * as fs from "node:fs";
import { execFile } from "node:child_process";
import * as vscode from "vscode";
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

/** The answer of the server's `regel.runTest` / `regel.runTestAt` commands. */
interface TestResult {
  name: string;
  passed: boolean;
  message: string;
}

function serverPath(): string {
  return vscode.workspace.getConfiguration("regel").get<string>("server.path") || "regel";
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const command = serverPath();
  const serverOptions: ServerOptions = {
    run: { command, args: ["lsp"] },
    debug: { command, args: ["lsp"] },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file", language: "regel" }],
  };
  client = new LanguageClient("regel", "Regel", serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand("regel.runTestAtCursor", runTestAtCursor),
    vscode.commands.registerCommand("regel.diffWithPrevious", () => diffWithPrevious(context)),
  );
  try {
    await client.start();
  } catch (e) {
    void vscode.window.showErrorMessage(
      `Regel: could not start \`${command} lsp\` (${String(e)}). Set "regel.server.path" to the regel binary.`,
    );
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

async function runTestAtCursor(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== "regel" || !client) {
    void vscode.window.showWarningMessage("Regel: open a .regel file and put the cursor in a test block.");
    return;
  }
  const position = editor.selection.active;
  const result = (await client.sendRequest(ExecuteCommandRequest.type, {
    command: "regel.runTestAt",
    arguments: [editor.document.uri.toString(), { line: position.line, character: position.character }],
  })) as TestResult | null;
  if (!result) {
    void vscode.window.showWarningMessage("Regel: the cursor is not in a test block.");
  } else if (result.passed) {
    void vscode.window.showInformationMessage(`Regel: test "${result.name}" passed.`);
  } else {
    void vscode.window.showErrorMessage(`Regel: test "${result.name}" failed: ${result.message}`);
  }
}

/** The version folder sorting just before `current` among its siblings (numeric-aware). */
export function previousVersion(policies: string, current: string): string | undefined {
  const siblings = fs
    .readdirSync(policies, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const index = siblings.indexOf(current);
  return index > 0 ? siblings[index - 1] : undefined;
}

async function diffWithPrevious(context: vscode.ExtensionContext): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== "regel") {
    void vscode.window.showWarningMessage("Regel: open a .regel file of the version to compare.");
    return;
  }
  const versionDir = path.dirname(editor.document.uri.fsPath);
  const policies = path.dirname(versionDir);
  const current = path.basename(versionDir);
  const previous = previousVersion(policies, current);
  if (!previous) {
    void vscode.window.showInformationMessage(`Regel: ${current} is the first version; there is nothing before it.`);
    return;
  }
  const args = ["diff", path.join(policies, previous), versionDir, "--format", "html"];
  execFile(serverPath(), args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
    // Exit 1 means "the versions differ": that is the report, not a failure.
    const code = error && typeof error.code === "number" ? error.code : error ? -1 : 0;
    if (code !== 0 && code !== 1) {
      void vscode.window.showErrorMessage(`Regel: diff failed: ${stderr || String(error)}`);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      "regelDiff",
      `Regel diff: ${previous} → ${current}`,
      vscode.ViewColumn.Beside,
      { enableScripts: false },
    );
    panel.webview.html = stdout;
    context.subscriptions.push(panel);
  });
}
