// The language server process. The transport comes from the command line, as
// vscode-languageserver reads it: --stdio, --node-ipc or --socket=<port>. The same script,
// started as a worker thread, is the analysis worker (one bundle: dist/server.js).
import { isMainThread } from 'node:worker_threads';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { serveAnalysisJobs } from './analysisRunner';
import { findRuleDocsDir } from './ruleDocs';
import { startServer } from './server';

function positiveNumber(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

if (!isMainThread) {
  serveAnalysisJobs();
} else {
  const connection = createConnection(ProposedFeatures.all);
  const report = (what: string) => (err: unknown) => {
    try {
      connection.console.error(
        `${what}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    } catch {
      process.stderr.write(`container-doctor server ${what}: ${String(err)}\n`);
    }
  };
  // Never let one bad input end the server: log and keep serving.
  process.on('uncaughtException', report('uncaught exception'));
  process.on('unhandledRejection', report('unhandled rejection'));
  startServer(connection, {
    workerEntry: __filename,
    analysisTimeoutMs: positiveNumber(process.env.CDOC_ANALYSIS_TIMEOUT_MS, 5000),
    debounceMs: positiveNumber(process.env.CDOC_DEBOUNCE_MS, 150),
    ruleDocsDir: findRuleDocsDir(__dirname),
    legacyScheduling: process.env.CDOC_ANALYSIS_LEGACY === '1',
  });
}
