// The Regel extension: starts `regel lsp` (diagnostics, hover, completion, formatting, inlay
// hints, code lenses) and adds two commands: run the test at the cursor, and open the diff of
// this version against the previous one. The server's code-lens commands answer values; the
// client shows them: a test's result as a notification, "Kör" as text after the decision's
// line, "Ändrad sedan …" as the item's diff beside the editor.

import * as path from "node:path";
import * as fs from "node:fs";
import { execFile } from "node:child_process";
import * as vscode from "vscode";
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";
import {
  commandFailure,
  decisionLine,
  Evaluation,
  evaluationText,
  ItemDiff,
  probeText,
  readDiff,
  serverFailureMessage,
  TestResult,
  testMessage,
} from "./logic";

let client: LanguageClient | undefined;
/** Text after a decision's line: the outcome of its "Kör" lens, until the document changes. */
let evaluated: vscode.TextEditorDecorationType | undefined;

function serverPath(): string {
  return vscode.workspace.getConfiguration("regel").get<string>("server.path") || "regel";
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const command = serverPath();
  const serverOptions: ServerOptions = {
    run: { command, args: ["lsp"] },
    debug: { command, args: ["lsp"] },
  };
  // A server that exits before answering `initialize` (a wrong path, a program that is not
  // regel, an old regel without `lsp`) gets one message that says so and what to set, not
  // the client's generic restarts ("write EPIPE", "crashed 5 times").
  let started = false;
  let reported = false;
  const notStarted = (): void => {
    if (reported) return;
    reported = true;
    execFile(command, ["lsp", "--help"], { timeout: 10000 }, (error, _stdout, stderr) => {
      const text = serverFailureMessage(command, probeText(command, error, String(stderr)));
      client?.outputChannel.appendLine(text);
      void vscode.window.showErrorMessage(text, "Öppna inställningar").then((choice) => {
        if (choice) void vscode.commands.executeCommand("workbench.action.openSettings", "regel.server.path");
      });
    });
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file", language: "regel" }],
    initializationFailedHandler: () => {
      notStarted();
      return false;
    },
    errorHandler: {
      error: (error, message, count) =>
        started && client
          ? client.createDefaultErrorHandler(4).error(error, message, count)
          : { action: ErrorAction.Shutdown, handled: true },
      closed: () => {
        if (started && client) return client.createDefaultErrorHandler(4).closed();
        notStarted();
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    },
    middleware: {
      // The lenses' commands run on the server; their answers are shown here.
      // A refusal is shown here in Swedish with the server's reason (RegelClient keeps the
      // client's own "Request workspace/executeCommand failed." to the output channel).
      executeCommand: async (name, args, next) => {
        let result: unknown;
        try {
          result = await next(name, args);
        } catch (e) {
          void vscode.window.showErrorMessage(commandFailure(name, e instanceof Error ? e.message : String(e)));
          return undefined;
        }
        showCommandResult(context, name, args, result);
        return result;
      },
    },
  };
  client = new RegelClient("regel", "Regel", serverOptions, clientOptions, () => !started);
  evaluated = vscode.window.createTextEditorDecorationType({
    after: { margin: "0 0 0 2em", color: new vscode.ThemeColor("editorCodeLens.foreground") },
  });
  context.subscriptions.push(
    evaluated,
    vscode.commands.registerCommand("regel.runTestAtCursor", runTestAtCursor),
    vscode.commands.registerCommand("regel.diffWithPrevious", () => diffWithPrevious(context)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      for (const editor of vscode.window.visibleTextEditors) {
        if (editor.document === e.document && evaluated) editor.setDecorations(evaluated, []);
      }
    }),
  );
  try {
    await client.start();
    started = true;
  } catch {
    notStarted();
  }
}

const EXECUTE_COMMAND = "workspace/executeCommand";

/**
 * The language client, quiet while the server starts: its own notifications then ("write
 * EPIPE", "Server initialization failed.", "couldn't create connection to server") go to the
 * output channel only, and the extension shows one message that says what to do. A lens's
 * refused command is logged only too: the middleware shows it, in Swedish, with the reason.
 */
class RegelClient extends LanguageClient {
  constructor(
    id: string,
    name: string,
    server: ServerOptions,
    options: LanguageClientOptions,
    private readonly starting: () => boolean,
  ) {
    super(id, name, server, options);
  }

  override error(message: string, data?: unknown, showNotification?: boolean | "force"): void {
    const refused = message === `Request ${EXECUTE_COMMAND} failed.`;
    super.error(message, data, this.starting() || refused ? false : showNotification);
  }
}

/** Shows what a lens's command answered. */
function showCommandResult(context: vscode.ExtensionContext, name: string, args: unknown[], result: unknown): void {
  if (!result) return;
  if (name === "regel.runTest" || name === "regel.runTestAt") {
    const shown = testMessage(result as TestResult);
    void (shown.error ? vscode.window.showErrorMessage(shown.text) : vscode.window.showInformationMessage(shown.text));
  } else if (name === "regel.evaluate") {
    const e = result as Evaluation;
    const uri = typeof args[0] === "string" ? args[0] : String(args[0]);
    const editor = vscode.window.visibleTextEditors.find((ed) => ed.document.uri.toString() === uri);
    const line = editor ? decisionLine(editor.document.getText(), e.decision) : -1;
    if (!editor || line < 0 || !evaluated) {
      void vscode.window.showInformationMessage(`Regel: ${e.decision} ${evaluationText(e)}`);
      return;
    }
    const end = editor.document.lineAt(line).range.end;
    editor.setDecorations(evaluated, [
      { range: new vscode.Range(end, end), renderOptions: { after: { contentText: evaluationText(e) } } },
    ]);
  } else if (name === "regel.itemDiff") {
    const diff = result as ItemDiff;
    const panel = vscode.window.createWebviewPanel("regelDiff", `Regel: ändringar i ${diff.title}`, vscode.ViewColumn.Beside, {
      enableScripts: false,
    });
    panel.webview.html = diff.html;
    context.subscriptions.push(panel);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

async function runTestAtCursor(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== "regel" || !client) {
    void vscode.window.showWarningMessage("Regel: öppna en .regel-fil och ställ markören i ett test.");
    return;
  }
  const position = editor.selection.active;
  // The client's own command for the server's `regel.runTestAt`: it goes through the
  // executeCommand middleware, which shows the result as it does for the lens.
  const result = (await vscode.commands.executeCommand("regel.runTestAt", editor.document.uri.toString(), {
    line: position.line,
    character: position.character,
  })) as TestResult | null | undefined;
  // `null`: the server found no test there; `undefined`: it refused, and that was shown.
  if (result === null) {
    void vscode.window.showWarningMessage("Regel: markören står inte i ett test.");
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
    void vscode.window.showWarningMessage("Regel: öppna en .regel-fil i den version som ska jämföras.");
    return;
  }
  const versionDir = path.dirname(editor.document.uri.fsPath);
  const policies = path.dirname(versionDir);
  const current = path.basename(versionDir);
  const previous = previousVersion(policies, current);
  if (!previous) {
    void vscode.window.showInformationMessage(`Regel: ${current} är den första versionen; det finns ingen före den att jämföra med.`);
    return;
  }
  const args = ["diff", path.join(policies, previous), versionDir, "--format", "html"];
  execFile(serverPath(), args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
    // Exit 1 means "the versions differ" only when the page came with it.
    const result = readDiff(error ? (error.code ?? error.message) : 0, String(stdout), String(stderr));
    if (!result.ok) {
      void vscode.window.showErrorMessage(`Regel: jämförelsen ${previous} → ${current} misslyckades: ${result.error}`);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      "regelDiff",
      `Regel: ändringar ${previous} → ${current}`,
      vscode.ViewColumn.Beside,
      { enableScripts: false },
    );
    panel.webview.html = result.html;
    context.subscriptions.push(panel);
  });
}
