// Runs the engine off the server's main thread, one file at a time, with a time limit: a file
// that makes the engine loop cannot hang the server. On a timeout or a crash the worker is
// replaced and the file gets no result (logged); the server keeps answering.
import { Worker, parentPort } from 'node:worker_threads';
import { analyzeFile } from '../analysis';
import type { AnalysisOptions, FileAnalysis } from '../analysis/types';
import { noBuildContext } from '../analysis/types';
import { createBuildContext } from '../shared/build-context';

export interface AnalysisJob {
  /** The path the engine sees (absolute file path, or the URI for unsaved documents). */
  path: string;
  text: string;
  /** The build context root (the Dockerfile's folder), or null when there is none on disk. */
  contextRoot: string | null;
  /** Open editor buffers by absolute path, read in place of the disk. */
  openBuffers: [string, string][];
  options: AnalysisOptions;
}

export type AnalysisOutcome =
  { ok: true; analysis: FileAnalysis; dependencies: string[] } | { ok: false; error: string };

/** The analysis itself, wherever it runs (worker thread or, as a fallback, in process). */
export function runAnalysisJob(job: AnalysisJob): AnalysisOutcome {
  try {
    const context = job.contextRoot
      ? createBuildContext(job.contextRoot, new Map(job.openBuffers))
      : undefined;
    const analysis = analyzeFile(job.path, job.text, context ?? noBuildContext, job.options);
    return { ok: true, analysis, dependencies: context ? [...context.requested] : [] };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}

interface WorkerRequest {
  id: number;
  job: AnalysisJob;
}
interface WorkerResponse {
  id: number;
  outcome: AnalysisOutcome;
}

/** The worker thread's side: answer jobs until the parent goes away. */
export function serveAnalysisJobs(): void {
  const port = parentPort;
  if (!port) return;
  port.on('message', (request: WorkerRequest) => {
    const response: WorkerResponse = { id: request.id, outcome: runAnalysisJob(request.job) };
    port.postMessage(response);
  });
}

interface Pending {
  id: number;
  job: AnalysisJob;
  resolve: (outcome: AnalysisOutcome) => void;
}

export class AnalysisRunner {
  private worker: Worker | undefined;
  private workerBroken = false;
  private readonly queue: Pending[] = [];
  private current: { pending: Pending; timer: NodeJS.Timeout } | undefined;
  private nextId = 1;

  /**
   * @param workerEntry the script that, started as a worker thread, calls serveAnalysisJobs()
   * @param timeoutMs the time one file may take
   */
  constructor(
    private readonly workerEntry: string,
    private readonly timeoutMs: number,
    private readonly log: (message: string) => void,
  ) {}

  analyze(job: AnalysisJob): Promise<AnalysisOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, job, resolve });
      this.pump();
    });
  }

  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker || this.workerBroken) return this.worker;
    try {
      // From sources (tests run src/server/main.ts through tsx), the worker needs tsx too.
      const worker = this.workerEntry.endsWith('.ts')
        ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(this.workerEntry)});`, {
            eval: true,
          })
        : new Worker(this.workerEntry);
      worker.unref();
      worker.on('message', (response: WorkerResponse) =>
        this.finish(response.id, response.outcome),
      );
      worker.on('error', (err) =>
        this.workerFailed(worker, `analysis worker failed: ${err.message}`),
      );
      worker.on('exit', (code) => this.workerFailed(worker, `analysis worker exited (${code})`));
      this.worker = worker;
    } catch (err) {
      this.workerBroken = true;
      this.log(`cannot start an analysis worker, analysing in process: ${String(err)}`);
    }
    return this.worker;
  }

  private pump(): void {
    if (this.current) return;
    const pending = this.queue.shift();
    if (!pending) return;
    const worker = this.ensureWorker();
    if (!worker) {
      pending.resolve(runAnalysisJob(pending.job));
      this.pump();
      return;
    }
    const timer = setTimeout(() => {
      this.log(`analysis of ${pending.job.path} took more than ${this.timeoutMs} ms; abandoned`);
      this.replaceWorker();
      this.finish(pending.id, {
        ok: false,
        error: `analysis timed out after ${this.timeoutMs} ms`,
      });
    }, this.timeoutMs);
    this.current = { pending, timer };
    const request: WorkerRequest = { id: pending.id, job: pending.job };
    worker.postMessage(request);
  }

  private finish(id: number, outcome: AnalysisOutcome): void {
    const current = this.current;
    if (!current || current.pending.id !== id) return;
    clearTimeout(current.timer);
    this.current = undefined;
    current.pending.resolve(outcome);
    this.pump();
  }

  private replaceWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) {
      worker.removeAllListeners();
      worker.on('error', () => undefined); // a late error from a worker being terminated
      void worker.terminate();
    }
  }

  private workerFailed(worker: Worker, message: string): void {
    if (worker !== this.worker) return;
    this.log(message);
    this.replaceWorker();
    if (this.current) this.finish(this.current.pending.id, { ok: false, error: message });
  }
}
