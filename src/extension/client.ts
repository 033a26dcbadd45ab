// Starts the language server (skeleton; issue #3 wires it).
import type * as vscode from 'vscode';

export function startLanguageClient(_context: vscode.ExtensionContext): void {}
