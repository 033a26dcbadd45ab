// A minimal LSP client for tests: spawns the real server process and speaks JSON-RPC over its
// stdio, the way an editor does.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  IPCMessageReader,
  IPCMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  CodeAction,
  CodeLens,
  Diagnostic,
  Hover,
  InitializeResult,
  Position,
  PublishDiagnosticsParams,
  Range,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export interface ServerUnderTest {
  connection: MessageConnection;
  child: ChildProcess;
  stderr: () => string;
  logs: string[];
  initializeResult: InitializeResult;
  /** Settings the server gets when it asks workspace/configuration. */
  settings: { current: unknown };
  configurationRequests: number;
  open(uri: string, text: string, languageId?: string): void;
  change(uri: string, edits: { range?: Range; text: string }[]): void;
  close(uri: string): void;
  /** The next publishDiagnostics for `uri` satisfying `accept` (default: any). */
  diagnostics(
    uri: string,
    accept?: (d: Diagnostic[]) => boolean,
    timeoutMs?: number,
  ): Promise<Diagnostic[]>;
  codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]>;
  hover(uri: string, position: Position): Promise<Hover | null>;
  codeLens(uri: string): Promise<CodeLens[]>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** 'tsx': run src/server/main.ts through tsx; 'bundle': run dist/server.js. */
  mode?: 'tsx' | 'bundle';
  /** The bundle to run in 'bundle' mode (default dist/server.js). */
  bundle?: string;
  /** How the client talks to the server (default stdio). */
  transport?: 'stdio' | 'ipc';
  initializationOptions?: unknown;
  /** Advertise workspace/configuration (pull) support. */
  pullConfiguration?: boolean;
  settings?: unknown;
  env?: NodeJS.ProcessEnv;
}

export async function startTestServer(options: StartOptions = {}): Promise<ServerUnderTest> {
  const transport = options.transport ?? 'stdio';
  const script =
    options.mode === 'bundle'
      ? (options.bundle ?? path.join(repoRoot, 'dist', 'server.js'))
      : path.join(repoRoot, 'src', 'server', 'main.ts');
  const execArgv = options.mode === 'bundle' ? [] : ['--import', 'tsx'];
  const env = { ...process.env, CDOC_DEBOUNCE_MS: '20', ...options.env };
  // stdio: the server speaks on its stdin/stdout; node-ipc: on the fork() channel, as the
  // VS Code client starts it (TransportKind.ipc).
  const child =
    transport === 'ipc'
      ? fork(script, ['--node-ipc'], { cwd: repoRoot, execArgv, env, silent: true })
      : spawn(process.execPath, [...execArgv, script, '--stdio'], {
          cwd: repoRoot,
          stdio: ['pipe', 'pipe', 'pipe'],
          env,
        });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const connection =
    transport === 'ipc'
      ? createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child))
      : createMessageConnection(
          new StreamMessageReader(child.stdout!),
          new StreamMessageWriter(child.stdin!),
        );
  const logs: string[] = [];
  const waiters: {
    uri: string;
    accept: (d: Diagnostic[]) => boolean;
    resolve: (d: Diagnostic[]) => void;
  }[] = [];
  const settings = { current: options.settings ?? {} };
  const state = { configurationRequests: 0 };
  connection.onNotification('window/logMessage', (p: { message: string }) => {
    logs.push(p.message);
  });
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    if (process.env.CDOC_TEST_DEBUG) console.error('publish', JSON.stringify(p).slice(0, 400));
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.accept(p.diagnostics)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p.diagnostics);
      }
    }
  });
  connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
    state.configurationRequests++;
    return p.items.map(() => settings.current);
  });
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/codeLens/refresh', () => null);
  connection.listen();
  const initializeResult = (await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: {
        configuration: options.pullConfiguration ?? false,
        didChangeConfiguration: { dynamicRegistration: options.pullConfiguration ?? false },
        didChangeWatchedFiles: { dynamicRegistration: true },
        codeLens: { refreshSupport: true },
      },
      textDocument: {
        publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
        codeAction: { isPreferredSupport: true },
        hover: { contentFormat: ['markdown'] },
      },
    },
    initializationOptions: options.initializationOptions,
  })) as InitializeResult;
  await connection.sendNotification('initialized', {});
  const versions = new Map<string, number>();
  const server: ServerUnderTest = {
    connection,
    child,
    stderr: () => stderr,
    logs,
    initializeResult,
    settings,
    get configurationRequests() {
      return state.configurationRequests;
    },
    open(uri, text, languageId = 'dockerfile') {
      versions.set(uri, 1);
      void connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId, version: 1, text },
      });
    },
    change(uri, edits) {
      const version = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, version);
      void connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: edits,
      });
    },
    close(uri) {
      void connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    },
    diagnostics(uri, accept = () => true, timeoutMs = 10000) {
      return new Promise((resolve, reject) => {
        const waiter = {
          uri,
          accept,
          resolve: (d: Diagnostic[]) => (clearTimeout(timer), resolve(d)),
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(
            new Error(
              `no matching diagnostics for ${uri} within ${timeoutMs} ms\n${logs.join('\n')}\n${stderr}`,
            ),
          );
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    codeActions(uri, range, diagnostics) {
      return connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range,
        context: { diagnostics },
      }) as Promise<CodeAction[]>;
    },
    hover(uri, position) {
      return connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position,
      }) as Promise<Hover | null>;
    },
    codeLens(uri) {
      return connection.sendRequest('textDocument/codeLens', {
        textDocument: { uri },
      }) as Promise<CodeLens[]>;
    },
    async stop() {
      try {
        await Promise.race([
          connection.sendRequest('shutdown'),
          new Promise((r) => setTimeout(r, 2000)),
        ]);
        await connection.sendNotification('exit');
      } catch {
        // already gone
      }
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 3000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      connection.dispose();
    },
  };
  return server;
}

/** Applies LSP text edits to a text (edits do not overlap; applied from the end). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: Position) =>
    Math.min(text.length, (lineStarts[p.line] ?? text.length) + p.character);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted)
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** The edits of a WorkspaceEdit for one URI (changes or documentChanges). */
export function editsFor(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  if (!edit) return [];
  const fromChanges = edit.changes?.[uri] ?? [];
  const fromDocumentChanges = (edit.documentChanges ?? []).flatMap((c) =>
    'textDocument' in c && c.textDocument.uri === uri
      ? c.edits.filter((e): e is TextEdit => 'range' in e)
      : [],
  );
  return [...fromChanges, ...fromDocumentChanges];
}
