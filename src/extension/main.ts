// Extension entry point: owns the lifetime of everything the extension starts
// (one place for disposables, like rust-analyzer's ctx.ts) and hands each
// capability its slice. Each register* lives in its own module.
import * as vscode from 'vscode';
import { startLanguageClient, type LanguageServerHandle } from './client';
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
  /** Milliseconds each step of activate() took, in order (the bench prints them). */
  activationSteps: Record<string, number>;
}

/** Runs each step and records how long it took: activation time has owners. */
function timedSteps(steps: [string, () => void][]): Record<string, number> {
  const times: Record<string, number> = {};
  for (const [name, step] of steps) {
    const t = performance.now();
    step();
    times[name] = performance.now() - t;
  }
  return times;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  let output: vscode.LogOutputChannel | undefined;
  let server: LanguageServerHandle | undefined;
  const activationSteps = timedSteps([
    [
      'output channel',
      () => {
        output = vscode.window.createOutputChannel('Container Doctor', { log: true });
        context.subscriptions.push(output);
      },
    ],
    ['language client', () => (server = startLanguageClient(context, output!))],
    ['explorer', () => registerExplorer(context)],
    ['diagnoses', () => registerDiagnoses(context)],
    ['editor', () => registerEditorExperience(context, server!.client)],
  ]);
  if (!output || !server) throw new Error('activation steps did not run');
  const activationMs = performance.now() - started;
  const serverStartMs = server.started.then(() => performance.now() - started);
  serverStartMs.catch(() => undefined);
  const log = output;
  log.info(`Activated in ${activationMs.toFixed(1)} ms; starting the language server`);
  serverStartMs.then(
    (ms) => log.info(`Language server ready ${ms.toFixed(0)} ms after activation start`),
    () => undefined,
  );
  return { activationMs, serverStartMs, activationSteps };
}

export function deactivate(): void {
  // Disposables registered on context.subscriptions (the language client among them) are
  // disposed by VS Code, which stops the server process.
}
