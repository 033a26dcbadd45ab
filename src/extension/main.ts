// Extension entry point: owns the lifetime of everything the extension starts
// (one place for disposables, like rust-analyzer's ctx.ts) and hands each
// capability its slice. Each register* lives in its own module.
import * as vscode from 'vscode';
import { startLanguageClient } from './client';
import { registerExplorer } from './explorer';
import { registerDiagnoses } from './diagnoses';

export interface ExtensionApi {
  /** Milliseconds from activate() start to ready (measured by the bench). */
  activationMs: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const started = performance.now();
  startLanguageClient(context);
  registerExplorer(context);
  registerDiagnoses(context);
  return { activationMs: performance.now() - started };
}

export function deactivate(): void {
  // Disposables registered on context.subscriptions are disposed by VS Code.
}
