// The container explorer view (skeleton; issue #4).
import type * as vscode from 'vscode';

export function registerExplorer(_context: vscode.ExtensionContext): void {}
