// Extension entry point: owns the lifetime of everything the extension starts
// (one place for disposables, like rust-analyzer's ctx.ts) and hands each
// capability its slice. Each register* lives in its own module.
import * as vscode from 'vscode';
import { startLanguageClient } from './client';
import { registerExplorer } from './explorer';
import { registerDiagnoses } from './diagnoses';
import { registerEditorExperience } from './editor';

export interface ExtensionApi {
  /** Milliseconds from activate() start to ready (measured by the bench). */
  activationMs: number;
  /**
   * Milliseconds from activate() start until the language server answered `initialize`;
   * rejects when it could not start. Not awaited by activate(): it is reported separately.
   */
  serverStartMs: Promise<number>;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('Container Doctor', { log: true });
  context.subscriptions.push(output);
  const server = startLanguageClient(context, output);
  registerExplorer(context);
  registerDiagnoses(context);
  registerEditorExperience(context, server.client);
  const activationMs = performance.now() - started;
  const serverStartMs = server.started.then(() => performance.now() - started);
  serverStartMs.catch(() => undefined);
  output.info(`Activated in ${activationMs.toFixed(1)} ms; starting the language server`);
  serverStartMs.then(
    (ms) => output.info(`Language server ready ${ms.toFixed(0)} ms after activation start`),
    () => undefined,
  );
  return { activationMs, serverStartMs };
}

export function deactivate(): void {
  // Disposables registered on context.subscriptions (the language client among them) are
  // disposed by VS Code, which stops the server process.
}
