// Helpers for the extension-host tests: where the fixtures are, and waiting for what the
// language server publishes (diagnostics arrive asynchronously, after open or change).
import * as path from 'node:path';
import * as vscode from 'vscode';

export const extensionId = 'container-doctor.container-doctor';

/** The test workspace (a temporary copy), or CDOC_TEST_WORKSPACE when the folder opened is another. */
export function fixture(...parts: string[]): vscode.Uri {
  const base =
    process.env.CDOC_TEST_WORKSPACE ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!base) throw new Error('no test workspace: open test/vscode/workspace');
  return vscode.Uri.file(path.join(base, ...parts));
}

export function ruleOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'container-doctor');
}

/** Resolves with the document's diagnostics once `accept` holds for them (or rejects after `ms`). */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  ms = 20_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const now = ours(uri);
      if (!accept(now)) return false;
      cleanup();
      resolve(now);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      const now = ours(uri)
        .map((d) => `${ruleOf(d)}@${d.range.start.line}:${d.range.start.character}`)
        .join(', ');
      reject(
        new Error(
          `timed out after ${ms} ms waiting for diagnostics on ${uri.fsPath}; have: [${now}]`,
        ),
      );
    }, ms);
    const cleanup = () => {
      clearTimeout(timer);
      sub.dispose();
    };
    check();
  });
}

export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** The 0-based line whose text starts with `prefix`. */
export function lineStarting(doc: vscode.TextDocument, prefix: string): number {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.startsWith(prefix)) return i;
  throw new Error(`no line starting with ${JSON.stringify(prefix)} in ${doc.uri.fsPath}`);
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}
