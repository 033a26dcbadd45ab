// The language server: keeps the open documents, runs the engine on Dockerfiles and compose
// files (debounced, off the main thread, time-bounded), and answers LSP in terms of the
// engine's FileAnalysis. All knowledge lives in src/analysis; this file only adapts.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type CodeLens,
  type Connection,
  type Diagnostic,
  type Hover,
  type InitializeResult,
  type Position,
  type Range,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileAnalysis, Finding } from '../analysis/types';
import { AnalysisRunner, type AnalysisJob } from './analysisRunner';
import { collectGarbage } from './collectGarbage';
import { codeActionsFor, rangesOverlap, type FindingWithDiagnostic } from './codeActions';
import { diagnosticSource, toDiagnostic, type DiagnosticData } from './diagnostics';
import {
  enginePathOf,
  filePathOf,
  lintedKindOf,
  maxDocumentChars,
  timedOutNotice,
  maxPublishedFindings,
  tooLargeNotice,
  tooManyFindingsNotice,
  UriMapper,
  withinSizeLimit,
} from './documents';
import {
  AnalyzeFileRequest,
  JudgePid1Request,
  MemoryUsageRequest,
  type MemoryUsageResult,
  type JudgePid1Params,
  type JudgePid1Result,
  defaultServerSettings,
  RuntimeVerdictRequest,
  settingsSection,
  showRuntimeVerdictCommand,
  type AnalyzeFileParams,
  type AnalyzeFileResult,
  type RuntimeVerdictParams,
  type RuntimeVerdictResult,
  type ServerSettings,
  type ShowRuntimeVerdictArgs,
} from './protocol';
import { ruleHrefs } from './ruleDocs';
import { judgeInProcess } from '../runtime/containers/pid1';
import { parseSettings } from './settings';
import { verdictMarkdown, verdictTitle } from './verdictSummary';

export interface ServerOptions {
  /** Script started as the analysis worker thread (it calls serveAnalysisJobs()). */
  workerEntry: string;
  analysisTimeoutMs: number;
  debounceMs: number;
  /** docs/rules, for diagnostic links; undefined: no links. */
  ruleDocsDir: string | undefined;
  /**
   * The behaviour before per-document scheduling, for the load benchmark: one analysis
   * worker, every version analysed in turn, one 4 Mi-character limit for every kind.
   */
  legacyScheduling?: boolean;
}

interface Linted {
  version: number;
  /** What else the result depends on: settings generation and build context changes. */
  key: string;
  analysis: FileAnalysis;
  /** Findings in this document, each with the diagnostic published for it. */
  own: FindingWithDiagnostic[];
  /** Diagnostics for other files (findings whose path is, e.g., the entrypoint script). */
  foreign: Map<string, Diagnostic[]>;
  /** Why there are no findings, when the file was not analysed (too large, out of time). */
  notice?: Diagnostic;
  /** One Information diagnostic per rule that failed on this document (analysis problems). */
  problems: Diagnostic[];
}

/**
 * A rule that threw is shown, not swallowed: an Information diagnostic at the top of the
 * document names the rule and the error (the full text is in the output channel).
 */
export function problemDiagnostic(problem: { rule: string; message: string }): Diagnostic {
  const firstLine = problem.message.split('\n')[0] ?? '';
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    code: problem.rule,
    source: diagnosticSource,
    message: `Container Doctor: rule ${problem.rule} failed: ${firstLine}`,
  };
}

function containsPosition(range: Range, position: Position): boolean {
  return rangesOverlap(range, { start: position, end: position });
}

/** The longest an edit of a slow document waits before its analysis starts. */
const maxSlowDebounceMs = 2000;

export function startServer(connection: Connection, options: ServerOptions): void {
  const documents = new TextDocuments(TextDocument);
  const log = (message: string) => {
    try {
      connection.console.error(message);
    } catch {
      // The connection is gone; nothing left to tell.
    }
  };
  const runner = new AnalysisRunner({
    workerEntry: options.workerEntry,
    timeoutMs: options.analysisTimeoutMs,
    log,
    serial: options.legacyScheduling,
  });
  let requestKeys = 0;
  const uris = new UriMapper(() => documents.keys());
  const ruleHref = ruleHrefs(options.ruleDocsDir);

  let settings: ServerSettings = defaultServerSettings;
  /** Settled once the settings are known: at initialize, or after the first pull from the client. */
  let settingsKnown!: () => void;
  const settingsReady = new Promise<void>((resolve) => (settingsKnown = resolve));
  let generation = 0;
  let pullConfiguration = false;
  let registerConfiguration = false;
  let registerWatchers = false;
  let codeLensRefresh = false;

  const linted = new Map<string, Linted>();
  const inflight = new Map<string, { key: string; promise: Promise<Linted | undefined> }>();
  const timers = new Map<string, NodeJS.Timeout>();
  /** Dockerfile URI -> absolute paths of the context files its analysis read. */
  const dependencies = new Map<string, Set<string>>();
  const lastTitles = new Map<string, string>();
  /** Bumped per Dockerfile when a file its analysis read changes. */
  const contextStamps = new Map<string, number>();
  const keyOf = (document: TextDocument) =>
    `${document.version}:${generation}:${contextStamps.get(document.uri) ?? 0}`;

  function guard<A extends unknown[], R>(
    name: string,
    fallback: R,
    handler: (...args: A) => R | Promise<R>,
  ): (...args: A) => Promise<R> {
    return async (...args: A) => {
      try {
        return await handler(...args);
      } catch (err) {
        log(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return fallback;
      }
    };
  }

  function jobFor(document: TextDocument, contextDir?: string): AnalysisJob {
    const filePath = filePathOf(document.uri);
    const contextRoot = filePath ? (contextDir ?? path.dirname(filePath)) : null;
    const openBuffers: [string, string][] = [];
    if (contextRoot) {
      for (const other of documents.all()) {
        const otherPath = filePathOf(other.uri);
        if (!otherPath || other.uri === document.uri) continue;
        const relative = path.relative(contextRoot, otherPath);
        if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
        const text = other.getText();
        if (text.length <= maxDocumentChars.dockerfile) openBuffers.push([otherPath, text]);
      }
    }
    return {
      path: enginePathOf(document.uri),
      text: document.getText(),
      contextRoot,
      contextNamed: contextDir !== undefined,
      openBuffers,
      options: { rules: settings.rules },
      maxFindings: options.legacyScheduling ? undefined : maxPublishedFindings,
    };
  }

  function toLinted(
    document: TextDocument,
    analysis: FileAnalysis,
    key: string,
    notice?: Diagnostic,
  ): Linted {
    const ownPath = enginePathOf(document.uri);
    const own: FindingWithDiagnostic[] = [];
    const foreign = new Map<string, Diagnostic[]>();
    analysis.findings.forEach((finding, index) => {
      const diagnostic = toDiagnostic(finding, index, (p) => uris.uriOf(p), ruleHref);
      if (path.normalize(finding.path) === path.normalize(ownPath) || finding.path === ownPath)
        own.push({ finding, diagnostic });
      else {
        const uri = uris.uriOf(finding.path);
        foreign.set(uri, [...(foreign.get(uri) ?? []), diagnostic]);
      }
    });
    const problems = (analysis.problems ?? []).map(problemDiagnostic);
    return { version: document.version, key, analysis, own, foreign, notice, problems };
  }

  /** The output channel gets every rule failure in full, once per analysis. */
  function logProblems(uri: string, analysis: FileAnalysis): void {
    for (const problem of analysis.problems ?? [])
      log(`rule ${problem.rule} failed on ${uri}: ${problem.message}`);
  }

  function emptyAnalysis(document: TextDocument): FileAnalysis {
    const kind = lintedKindOf(document) ?? 'dockerfile';
    return {
      path: enginePathOf(document.uri),
      kind,
      runtime: null,
      commandRanges: [],
      findings: [],
    };
  }

  /** The analysis of the document as it is now (cached per version and settings). */
  function analysisOf(document: TextDocument): Promise<Linted | undefined> {
    if (!lintedKindOf(document)) return Promise.resolve(undefined);
    const key = keyOf(document);
    const cached = linted.get(document.uri);
    if (cached && cached.key === key) return Promise.resolve(cached);
    const running = inflight.get(document.uri);
    if (running && running.key === key) return running.promise;
    const promise = (async (): Promise<Linted | undefined> => {
      let analysis: FileAnalysis;
      let notice: Diagnostic | undefined;
      const kind = lintedKindOf(document) ?? 'dockerfile';
      if (!withinSizeLimit(kind, document.getText(), options.legacyScheduling)) {
        notice = tooLargeNotice(kind, document.getText());
        analysis = emptyAnalysis(document);
      } else {
        const job = jobFor(document);
        const outcome = await runner.analyze(job, document.uri);
        if (!outcome.ok && outcome.reason === 'superseded') {
          // A newer version replaced this one: answer with that version's analysis.
          const now = documents.get(document.uri);
          return now && now.version !== document.version ? analysisOf(now) : undefined;
        }
        if (!outcome.ok) {
          log(`analysis of ${document.uri} failed: ${outcome.error}`);
          if (outcome.reason === 'timeout')
            notice = timedOutNotice(document.getText(), options.analysisTimeoutMs);
          analysis = emptyAnalysis(document);
        } else {
          analysis = outcome.analysis;
          if (outcome.findingsTotal !== undefined)
            notice = tooManyFindingsNotice(
              document.getText(),
              analysis.findings.length,
              outcome.findingsTotal,
            );
          logProblems(document.uri, analysis);
          if (documents.get(document.uri))
            dependencies.set(document.uri, new Set(outcome.dependencies));
        }
      }
      const result = toLinted(document, analysis, key, notice);
      const current = documents.get(document.uri);
      if (current && keyOf(current) === key) linted.set(document.uri, result);
      return result;
    })().finally(() => {
      if (inflight.get(document.uri)?.key === key) inflight.delete(document.uri);
    });
    inflight.set(document.uri, { key, promise });
    return promise;
  }

  /** Foreign diagnostics (e.g. in an entrypoint script) merged from every Dockerfile. */
  const foreignTargets = new Set<string>();
  function publishForeign(): void {
    const merged = new Map<string, Diagnostic[]>();
    for (const [uri, result] of linted) {
      if (!documents.get(uri)) continue;
      for (const [target, diagnostics] of result.foreign)
        merged.set(target, [...(merged.get(target) ?? []), ...diagnostics]);
    }
    for (const target of new Set([...foreignTargets, ...merged.keys()])) {
      void connection.sendDiagnostics({ uri: target, diagnostics: merged.get(target) ?? [] });
      if (merged.has(target)) foreignTargets.add(target);
      else foreignTargets.delete(target);
    }
  }

  async function lint(uri: string): Promise<void> {
    // The first diagnostics are already those of the user's settings (a rule turned off is
    // never shown, not even for a moment).
    await settingsReady;
    let result: Linted | undefined;
    for (;;) {
      const document = documents.get(uri);
      if (!document) return;
      result = await analysisOf(document);
      const now = documents.get(uri);
      if (!result || !now || now.version !== result.version) return; // the newer version has its own run
      if (result.key === keyOf(now)) break;
      // Settings or the build context changed meanwhile: analyse again.
    }
    await connection.sendDiagnostics({
      uri,
      version: result.version,
      diagnostics: [
        ...(result.notice ? [result.notice] : []),
        ...result.own.map((o) => o.diagnostic),
        ...result.problems,
      ],
    });
    if (result.foreign.size > 0 || foreignTargets.size > 0) publishForeign();
    const title = verdictTitle(result.analysis.runtime);
    const before = lastTitles.get(uri);
    lastTitles.set(uri, title);
    if (before !== undefined && before !== title && codeLensRefresh && settings.verdict.codeLens)
      refreshCodeLenses();
  }

  function refreshCodeLenses(): void {
    connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  /**
   * How long after an edit its analysis starts: the debounce, or for a slow document what its
   * last analysis took (up to 2 s). An analysis that a further edit would make stale before it
   * ends is work the other documents wait for; a slow document is analysed once typing pauses.
   */
  function editDelayOf(uri: string): number {
    const cost = runner.costOf(uri) ?? 0;
    return Math.max(options.debounceMs, Math.min(maxSlowDebounceMs, cost));
  }

  function schedule(uri: string, delayMs: number): void {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        void guard('lint', undefined, lint)(uri);
      }, delayMs),
    );
  }

  /** Re-lint the open Dockerfiles whose analysis read this file. */
  function scheduleDependents(filePath: string): void {
    const changed = path.normalize(filePath);
    for (const [uri, paths] of dependencies)
      if (paths.has(changed) && documents.get(uri)) {
        contextStamps.set(uri, (contextStamps.get(uri) ?? 0) + 1);
        schedule(uri, options.debounceMs);
      }
  }

  function relintAll(): void {
    for (const document of documents.all())
      if (lintedKindOf(document)) schedule(document.uri, options.debounceMs);
  }

  async function refreshSettings(pushed?: unknown): Promise<void> {
    if (pullConfiguration) {
      const pulled: unknown = await connection.workspace.getConfiguration({
        section: settingsSection,
      });
      settings = parseSettings(pulled);
    } else if (pushed !== undefined) {
      settings = parseSettings(pushed);
    }
    generation++;
  }

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    pullConfiguration = caps.workspace?.configuration === true;
    if (!pullConfiguration) settingsKnown();
    // The engine loads in its worker while the client sends `initialized` and opens documents.
    setImmediate(() => runner.warmUp());
    registerConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    registerWatchers = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    codeLensRefresh = caps.workspace?.codeLens?.refreshSupport === true;
    if (params.initializationOptions !== undefined && params.initializationOptions !== null)
      settings = parseSettings(params.initializationOptions);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'container-doctor', version: process.env.CDOC_VERSION ?? 'dev' },
    };
  });

  connection.onInitialized(
    guard('initialized', undefined, async () => {
      if (registerConfiguration)
        await connection.client.register(DidChangeConfigurationNotification.type, {
          section: settingsSection,
        });
      if (registerWatchers)
        await connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/*' }],
        });
      // Every analysis waits for these settings (lint awaits settingsReady): nothing was
      // published under other settings, so nothing needs analysing again.
      if (pullConfiguration)
        try {
          await refreshSettings();
        } finally {
          settingsKnown();
        }
    }),
  );

  connection.onDidChangeConfiguration(
    guard('didChangeConfiguration', undefined, async (params) => {
      await refreshSettings((params.settings as unknown) ?? undefined);
      relintAll();
      if (codeLensRefresh) refreshCodeLenses();
    }),
  );

  // A document just opened is analysed at once; the debounce is for typing.
  const justOpened = new Set<string>();
  documents.onDidOpen((event) => justOpened.add(event.document.uri));
  documents.onDidChangeContent((event) => {
    try {
      const opened = justOpened.delete(event.document.uri);
      if (lintedKindOf(event.document))
        schedule(event.document.uri, opened ? 0 : editDelayOf(event.document.uri));
      const filePath = filePathOf(event.document.uri);
      if (filePath) scheduleDependents(filePath);
    } catch (err) {
      log(`didChange failed: ${String(err)}`);
    }
  });

  // Once every document is closed (and the analyses in flight settled), give this thread's
  // garbage back too: an idle server would otherwise keep it until the next edit.
  let collectionTimer: NodeJS.Timeout | undefined;
  function scheduleCollection(): void {
    clearTimeout(collectionTimer);
    collectionTimer = setTimeout(() => {
      if (documents.keys().length === 0 && inflight.size === 0) collectGarbage();
    }, 2000);
    collectionTimer.unref();
  }

  documents.onDidClose((event) => {
    try {
      const uri = event.document.uri;
      clearTimeout(timers.get(uri));
      timers.delete(uri);
      linted.delete(uri);
      inflight.delete(uri);
      dependencies.delete(uri);
      lastTitles.delete(uri);
      contextStamps.delete(uri);
      runner.release(uri);
      if (documents.keys().length === 0) {
        runner.endIdleWorkers(); // give the workers' memory back
        scheduleCollection();
      }
      if (lintedKindOf(event.document)) void connection.sendDiagnostics({ uri, diagnostics: [] });
      if (foreignTargets.size > 0) publishForeign();
      const filePath = filePathOf(uri);
      if (filePath) scheduleDependents(filePath); // its buffer is gone: the disk counts again
    } catch (err) {
      log(`didClose failed: ${String(err)}`);
    }
  });

  connection.onDidChangeWatchedFiles(
    guard('didChangeWatchedFiles', undefined, (params) => {
      for (const change of params.changes) {
        if (documents.get(change.uri)) continue; // an open buffer wins over the disk
        const filePath = filePathOf(change.uri);
        if (filePath) scheduleDependents(filePath);
      }
    }),
  );

  function findingsOnCommand(result: Linted): FindingWithDiagnostic[] {
    const ranges = result.analysis.commandRanges;
    if (ranges.length === 0) return result.own;
    return result.own.filter((o) => ranges.some((r) => rangesOverlap(r, o.finding.range)));
  }

  function explanation(result: Linted): string {
    const findings: Finding[] = findingsOnCommand(result).map((o) => o.finding);
    return verdictMarkdown(
      result.analysis.runtime,
      findings,
      ruleHref,
      result.analysis.buildContext,
    );
  }

  connection.onCodeAction(
    guard('codeAction', [] as CodeAction[], async (params) => {
      const only = params.context.only;
      if (only && !only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
      const document = documents.get(params.textDocument.uri);
      if (!document) return [];
      const result = await analysisOf(document);
      if (!result) return [];
      const items: FindingWithDiagnostic[] = [];
      for (const item of result.own) {
        if (!rangesOverlap(item.finding.range, params.range)) continue;
        // Hand back the client's own diagnostic object when it has it, so it matches exactly.
        const theirs = params.context.diagnostics.find(
          (d) =>
            d.code === item.finding.rule &&
            (d.data as DiagnosticData | undefined)?.findingIndex ===
              (item.diagnostic.data as DiagnosticData).findingIndex,
        );
        items.push({ finding: item.finding, diagnostic: theirs ?? item.diagnostic });
      }
      return codeActionsFor(document, result.analysis.kind, items, (p) => uris.uriOf(p));
    }),
  );

  connection.onHover(
    guard('hover', null as Hover | null, async (params) => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return null;
      const result = await analysisOf(document);
      if (!result) return null;
      const range = result.analysis.commandRanges.find((r) => containsPosition(r, params.position));
      if (!range) return null;
      return { contents: { kind: 'markdown', value: explanation(result) }, range };
    }),
  );

  connection.onCodeLens(
    guard('codeLens', [] as CodeLens[], async (params) => {
      if (!settings.verdict.codeLens) return [];
      const document = documents.get(params.textDocument.uri);
      if (!document) return [];
      const result = await analysisOf(document);
      const range = result?.analysis.commandRanges[0];
      if (!result || !range || !result.analysis.runtime) return [];
      const args: ShowRuntimeVerdictArgs = { uri: document.uri, position: range.start };
      return [
        {
          range,
          command: {
            title: verdictTitle(result.analysis.runtime),
            command: showRuntimeVerdictCommand,
            arguments: [args],
          },
        },
      ];
    }),
  );

  connection.onRequest(
    RuntimeVerdictRequest,
    guard(
      RuntimeVerdictRequest.method,
      null as RuntimeVerdictResult | null,
      async (params: RuntimeVerdictParams): Promise<RuntimeVerdictResult | null> => {
        const document = documents.get(params.textDocument.uri);
        if (!document) return null;
        const result = await analysisOf(document);
        if (!result) return null;
        return {
          verdict: result.analysis.runtime,
          ranges: result.analysis.commandRanges,
          title: verdictTitle(result.analysis.runtime),
          markdown: explanation(result),
          findings: findingsOnCommand(result).map(({ finding }) => ({
            rule: finding.rule,
            message: finding.message,
            severity: finding.severity,
            range: finding.range,
            ...(ruleHref(finding.rule) ? { href: ruleHref(finding.rule) } : {}),
          })),
        };
      },
    ),
  );

  /**
   * The analysis of one file for a client that asks (analyzeFileMethod): an open document's
   * as published, or the file read from disk (analysed once, not cached, not published).
   */
  async function analysisForRequest(params: AnalyzeFileParams): Promise<AnalyzeFileResult> {
    const filePath = filePathOf(params.uri);
    const contextDir =
      typeof params.contextDir === 'string' && path.isAbsolute(params.contextDir)
        ? path.normalize(params.contextDir)
        : undefined;
    const ownContext =
      contextDir === undefined || !filePath || contextDir === path.dirname(filePath);
    let document = documents.get(params.uri);
    if (document && ownContext) return (await analysisOf(document))?.analysis ?? null;
    if (!document) {
      if (!filePath) return null;
      let text: string;
      try {
        text = await readFile(filePath, 'utf8');
      } catch {
        return null;
      }
      document = TextDocument.create(params.uri, params.languageId ?? 'dockerfile', 0, text);
    }
    const kind = lintedKindOf(document);
    if (!kind || !withinSizeLimit(kind, document.getText(), options.legacyScheduling)) return null;
    const requestKey = `request ${++requestKeys} ${params.uri}`;
    const outcome = await runner.analyze(jobFor(document, contextDir), requestKey);
    runner.release(requestKey);
    if (outcome.ok) {
      logProblems(params.uri, outcome.analysis);
      return outcome.analysis;
    }
    log(`analysis of ${params.uri} failed: ${outcome.error}`);
    return null;
  }

  connection.onRequest(
    AnalyzeFileRequest,
    guard(
      AnalyzeFileRequest.method,
      null as AnalyzeFileResult,
      (params: AnalyzeFileParams): Promise<AnalyzeFileResult> =>
        typeof params?.uri === 'string' ? analysisForRequest(params) : Promise.resolve(null),
    ),
  );

  connection.onRequest(MemoryUsageRequest, (): MemoryUsageResult => {
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    return {
      rss,
      heapUsed,
      heapTotal,
      external,
      arrayBuffers,
      workers: runner.workerCount(),
      documents: documents.keys().length,
    };
  });

  connection.onRequest(JudgePid1Request, (question: JudgePid1Params): JudgePid1Result => {
    if (!Array.isArray(question?.argv) || !question.argv.every((a) => typeof a === 'string'))
      throw new ResponseError(ErrorCodes.InvalidParams, 'argv must be an array of strings');
    return judgeInProcess({
      argv: question.argv,
      init: question.init === true,
      facts: question.facts ?? {},
      signals: question.signals,
    });
  });

  connection.onShutdown(() => runner.dispose());

  documents.listen(connection);
  connection.listen();
}
