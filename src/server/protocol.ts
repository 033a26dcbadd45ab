// Container Doctor's extensions to LSP, typed in one place (like rust-analyzer's lsp_ext.ts).
// Imported by the server and by any client (the VS Code extension, other editors): each
// custom request is a `RequestType` both sides use, so a changed parameter or result is a
// compile error on both. vscode-languageserver-protocol is the part of LSP that the server
// and the client libraries share; it pulls no Node-only module into a client bundle.
import { RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { Position, Range, TextDocumentIdentifier } from 'vscode-languageserver-types';
import type { FileAnalysis, RuntimeVerdict } from '../analysis/types';
import type { Pid1Judgement, Pid1Question } from '../runtime/containers/judgement';

export type { FileAnalysis, RuntimeVerdict };

/**
 * `containerDoctor/runtimeVerdict` (client → server request): who will be PID 1 when the
 * image built from this Dockerfile starts, and what it does with `docker stop` and orphans.
 */
export const runtimeVerdictMethod = 'containerDoctor/runtimeVerdict';

/** `containerDoctor/runtimeVerdict`, typed: null when the document is not open or not linted. */
export const RuntimeVerdictRequest = new RequestType<
  RuntimeVerdictParams,
  RuntimeVerdictResult | null,
  void
>(runtimeVerdictMethod);

export interface RuntimeVerdictParams {
  textDocument: TextDocumentIdentifier;
  /** Optional: the position the user asked about (a CodeLens or hover position). */
  position?: Position;
}

export interface RuntimeVerdictFinding {
  rule: string;
  message: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  range: Range;
  /** The rule's page (a `file://` URI of docs/rules/<rule>.md), when the server knows it. */
  href?: string;
}

export interface RuntimeVerdictResult {
  /** Null for compose files and Dockerfiles whose final stage cannot be analysed. */
  verdict: RuntimeVerdict | null;
  /** The final stage's CMD/ENTRYPOINT instructions that decide PID 1. */
  ranges: Range[];
  /** One short line, e.g. "PID 1: node (via /bin/sh -c) · stop: SIGKILL after 10 s · zombies: not reaped". */
  title: string;
  /** The explanation as Markdown (the same text as the hover). */
  markdown: string;
  /** The findings reported on those instructions. */
  findings: RuntimeVerdictFinding[];
}

/** The command the server's CodeLens carries; the client registers it. */
export const showRuntimeVerdictCommand = 'containerDoctor.showRuntimeVerdict';

/** The single argument of {@link showRuntimeVerdictCommand}. */
export interface ShowRuntimeVerdictArgs {
  uri: string;
  position: Position;
}

/** Settings the server reads (section `containerDoctor`), pulled via workspace/configuration. */
export interface ServerSettings {
  rules: Record<string, 'off' | 'error' | 'warning' | 'info' | 'hint'>;
  verdict: { codeLens: boolean };
}

export const defaultServerSettings: ServerSettings = { rules: {}, verdict: { codeLens: true } };

/** The configuration section the server asks the client for. */
export const settingsSection = 'containerDoctor';

/**
 * `containerDoctor/analyzeFile` (client → server request): the engine's analysis of one
 * Dockerfile or compose file, exactly as the server lints it (open buffers preferred, the
 * build context read from disk), run in the server's analysis worker with its time limit.
 * The VS Code extension asks this instead of bundling the engine. Null when the file is not
 * one the server lints, cannot be read, or its analysis failed (the server logs why).
 */
export const analyzeFileMethod = 'containerDoctor/analyzeFile';

export interface AnalyzeFileParams {
  /** The file's URI (an open document's URI, or a `file:` URI read from disk). */
  uri: string;
  /**
   * The build context root, when it is not the file's folder (a compose `build.context`
   * with a Dockerfile elsewhere). Default: the file's folder, as for linting.
   */
  contextDir?: string;
  /** How to read a file that is not open and whose name says nothing. Default: `dockerfile`. */
  languageId?: string;
}

export type AnalyzeFileResult = FileAnalysis | null;

/** `containerDoctor/analyzeFile`, typed. */
export const AnalyzeFileRequest = new RequestType<AnalyzeFileParams, AnalyzeFileResult, void>(
  analyzeFileMethod,
);

/**
 * `containerDoctor/judgePid1` (client → server request): a container's PID 1 judged by the
 * one model (the same that gives the Dockerfile verdict), from its config or from what the
 * host's /proc showed. The extension's explorer, audit and stop test ask this, so the model
 * and its shell parser stay in the server's bundle.
 */
export const judgePid1Method = 'containerDoctor/judgePid1';

export type JudgePid1Params = Pid1Question;
export type JudgePid1Result = Pid1Judgement;

/** `containerDoctor/judgePid1`, typed. */
export const JudgePid1Request = new RequestType<JudgePid1Params, JudgePid1Result, void>(
  judgePid1Method,
);

/**
 * `containerDoctor/memoryUsage` (client → server request): where the server's memory is, for
 * the load benchmark and for a user who wonders: the main thread's V8 heap, the memory held
 * outside it (buffers, strings handed to native code), the process's RSS (which also holds
 * the analysis workers' heaps), and how many analysis workers are alive.
 */
export const MemoryUsageRequest = new RequestType0<MemoryUsageResult, void>(
  'containerDoctor/memoryUsage',
);

export interface MemoryUsageResult {
  /** Bytes, as process.memoryUsage() reports them. */
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** Analysis workers alive, by lane. */
  workers: { quick: number; heavy: number };
  /** Documents the server holds. */
  documents: number;
}
