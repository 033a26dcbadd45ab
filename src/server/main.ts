// The language server process. The transport comes from the command line, as
// vscode-languageserver reads it: --stdio, --node-ipc or --socket=<port>. The analysis runs
// in worker threads started from ./analysisJob (in the bundle: dist/analysis-worker.js).
import * as path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { findRuleDocsDir } from './ruleDocs';
import { startServer } from './server';

/** The worker's script: the bundle's own file beside this one, or the source when run by tsx. */
const workerEntry = __filename.endsWith('.ts')
  ? path.join(__dirname, 'analysisJob.ts')
  : path.join(__dirname, 'analysis-worker.js');

function positiveNumber(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

if (!isMainThread) {
  // Started as a worker from sources (the analysis runner's tests): serve analysis jobs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the worker's side only
  require('./analysisJob');
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
    workerEntry,
    analysisTimeoutMs: positiveNumber(process.env.CDOC_ANALYSIS_TIMEOUT_MS, 5000),
    debounceMs: positiveNumber(process.env.CDOC_DEBOUNCE_MS, 150),
    ruleDocsDir: findRuleDocsDir(__dirname),
    legacyScheduling: process.env.CDOC_ANALYSIS_LEGACY === '1',
  });
}
