// One-shot diagnoses: explain exit, graceful-stop test, host audit (skeleton; issue #5).
import type * as vscode from 'vscode';

export function registerDiagnoses(_context: vscode.ExtensionContext): void {}
