// Starts the language server (dist/server.js, its own Node process over IPC) for
// Dockerfiles and compose files. The client stays thin: all linting knowledge is in
// the server; here we only say which documents it serves and which settings it reads.
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type DocumentSelector,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { settingsSection } from '../server/protocol';
import { languageServerEnvironment } from '../shared/server-environment';
import { ruleLinkMiddleware } from './editor';

/**
 * Dockerfiles by language (VS Code's built-in `dockerfile`) and by name, compose files by
 * language and name. Every selector names its scheme: files on disk and unsaved editors
 * only (not `git:` diffs, Live Share or virtual file systems, whose text is not the file).
 */
export const documentSelector: DocumentSelector = [
  { scheme: 'file', language: 'dockerfile' },
  { scheme: 'untitled', language: 'dockerfile' },
  { scheme: 'file', pattern: '**/Dockerfile' },
  { scheme: 'file', pattern: '**/*.Dockerfile' },
  { scheme: 'file', pattern: '**/Dockerfile.*' },
  { scheme: 'file', pattern: '**/Containerfile' },
  { scheme: 'file', language: 'dockercompose' },
  { scheme: 'untitled', language: 'dockercompose' },
  { scheme: 'file', language: 'yaml', pattern: '**/{docker-,}compose*.{yml,yaml}' },
];

export interface LanguageServerHandle {
  client: LanguageClient;
  /** Resolves when the server has answered `initialize` (or rejects with why it could not start). */
  started: Promise<void>;
}

/**
 * Creates the client and starts the server WITHOUT waiting for it: activation stays fast and
 * the server's start is reported on its own (`started`).
 */
export function startLanguageClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
): LanguageServerHandle {
  const serverModule = context.asAbsolutePath('dist/server.js');
  // Without NODE_EXTRA_CA_CERTS: Node spends ~45 ms parsing it at every start, and the server
  // opens no TLS connection (../shared/server-environment).
  const env = languageServerEnvironment();
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env } },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { env, execArgv: ['--nolazy', '--inspect=6019'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    // The server pulls `containerDoctor` with workspace/configuration; this makes the client
    // tell it when the section changes, so a rule turned off takes effect without a reload.
    synchronize: { configurationSection: settingsSection },
    outputChannel: output,
    // Diagnostics' rule links (file:// docs/rules/<id>.md) open in the Markdown preview.
    middleware: ruleLinkMiddleware,
  };
  // The client itself (its constructor sets up every LSP feature: measured 17 ms of a 31 ms
  // activation, bench `extension`) is made on the next turn too, or when something asks for
  // it first.
  let client: LanguageClient | undefined;
  const create = (): LanguageClient => {
    if (!client) {
      client = new LanguageClient(
        'containerDoctor',
        'Container Doctor',
        serverOptions,
        clientOptions,
      );
      // The CodeLens command (showRuntimeVerdict) is registered by ./editor with this client.
      context.subscriptions.push(client);
    }
    return client;
  };
  // Start on the next turn of the event loop: forking the server process and the client's
  // own set-up are not part of activation (activate() stays cheap for every window that
  // opens a Dockerfile); the server's readiness is reported separately through `started`.
  const started = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => create().start())
    .catch((error: unknown) => {
      const why = error instanceof Error ? error.message : String(error);
      output.error(`The language server did not start: ${why}`);
      throw error;
    });
  // The caller may not wait; an unobserved rejection must not become an unhandled one.
  started.catch(() => undefined);
  return {
    get client() {
      return create();
    },
    started,
  };
}
