// The analysis worker: runs the engine on the jobs the server's AnalysisRunner sends. Loaded
// as a worker thread it serves jobs at once; the main thread loads it only when worker
// threads cannot start (then it analyses in process). The bundle makes this module a file of
// its own, dist/analysis-worker.js (scripts/bundles.mjs): the server's main thread, which
// answers the LSP handshake, never reads the engine.
import { readlinkSync } from 'node:fs';
import { isMainThread, parentPort } from 'node:worker_threads';
import { analyzeFile, isDockerfile } from '../analysis';
import { noBuildContext } from '../analysis/types';
import { buildContextFor, createBuildContext, withBuildContext } from '../shared/build-context';
import type { AnalysisJob, AnalysisOutcome, WorkerRequest, WorkerResponse } from './analysisRunner';

/** The analysis itself, wherever it runs (worker thread or, as a fallback, in process). */
export function runAnalysisJob(job: AnalysisJob): AnalysisOutcome {
  try {
    const buffers = new Map(job.openBuffers);
    const context = !job.contextRoot
      ? undefined
      : job.contextNamed || !isDockerfile(job.path)
        ? createBuildContext(job.contextRoot, buffers)
        : buildContextFor(job.path, buffers);
    const analyzed = analyzeFile(job.path, job.text, context ?? noBuildContext, job.options);
    const analysis = context && !job.contextNamed ? withBuildContext(analyzed, context) : analyzed;
    const dependencies = context ? [...context.requested] : [];
    const limit = job.maxFindings;
    if (limit !== undefined && analysis.findings.length > limit)
      return {
        ok: true,
        analysis: { ...analysis, findings: analysis.findings.slice(0, limit) },
        dependencies,
        findingsTotal: analysis.findings.length,
      };
    return { ok: true, analysis, dependencies };
  } catch (err) {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    return { ok: false, reason: 'failed', error };
  }
}

/** This thread's kernel id (Linux), so that the parent can lower a heavy worker's priority. */
function threadId(): number | undefined {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined; // not Linux
  }
}

/** The worker thread's side: answer jobs until the parent goes away. */
export function serveAnalysisJobs(): void {
  const port = parentPort;
  if (!port) return;
  port.on('message', (request: WorkerRequest) => {
    const response: WorkerResponse = { id: request.id, outcome: runAnalysisJob(request.job) };
    port.postMessage(response);
  });
  const ready: WorkerResponse = { ready: true, tid: threadId() };
  port.postMessage(ready);
}

if (!isMainThread) serveAnalysisJobs();
