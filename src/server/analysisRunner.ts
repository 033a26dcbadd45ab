// Runs the engine off the server's main thread, with a time limit: a file that makes the
// engine loop cannot hang the server. On a timeout or a crash the worker is replaced and the
// file gets no result; the server keeps answering.
//
// One slow document must not delay the others, so the work is scheduled per document:
// - a document has at most one analysis queued: a newer version replaces the queued one
//   (resolved as superseded, never analysed), and a superseded analysis that is already
//   running past the budget is stopped with its worker;
// - two lanes of workers: documents that are large, or whose last analysis took longer than
//   the budget, run in the heavy lane; all others in the quick lane. An analysis in the quick
//   lane that outruns the budget moves, with its worker, to the heavy lane, and the quick
//   lane starts a fresh worker for the documents behind it;
// - workers hold the parse caches and heaps of what they analysed: when no document needs
//   them they are ended (release), which gives that memory back.
// `serial: true` keeps the behaviour before this scheduler (one worker, first come first
// served, every version analysed), for the server-load benchmark's comparison.
import { readFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AnalysisOptions, FileAnalysis } from '../analysis/types';

export interface AnalysisJob {
  /** The path the engine sees (absolute file path, or the URI for unsaved documents). */
  path: string;
  text: string;
  /** The build context root (the Dockerfile's folder), or null when there is none on disk. */
  contextRoot: string | null;
  /**
   * The client named the context (a compose build.context): use it as is. Otherwise a
   * Dockerfile's context is found as `docker build` users set it (compose, Bake, dev
   * container files above it), falling back to `contextRoot`.
   */
  contextNamed?: boolean;
  /** Open editor buffers by absolute path, read in place of the disk. */
  openBuffers: [string, string][];
  options: AnalysisOptions;
  /**
   * At most this many findings come back (the first ones found); the rest are counted. A
   * compose file of 3,200 services has 6,400 findings, about 5 MB to copy from the worker and
   * again to send as diagnostics, which held the server's main thread (and so every other
   * document's hover and diagnostics) for hundreds of milliseconds on each analysis.
   */
  maxFindings?: number;
}

/** Why an analysis has no result: a newer version replaced it, it ran out of time, it failed. */
export type AnalysisFailure = 'superseded' | 'timeout' | 'failed';

export type AnalysisOutcome =
  | {
      ok: true;
      analysis: FileAnalysis;
      dependencies: string[];
      /** How many findings there were when more than job.maxFindings (the rest were left out). */
      findingsTotal?: number;
    }
  | { ok: false; reason: AnalysisFailure; error: string };

export interface WorkerRequest {
  id: number;
  job: AnalysisJob;
}
export type WorkerResponse =
  { id: number; outcome: AnalysisOutcome } | { ready: true; tid?: number };

/** CPU time (user + system, ms) of one thread of this process, on Linux; else undefined. */
function threadCpuMs(tid: number | undefined): number | undefined {
  if (tid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/**
 * The engine, for the in-process fallback only: the main thread never loads it otherwise (the
 * bundle makes ./analysisJob the file dist/analysis-worker.js, see scripts/bundles.mjs).
 */
function analysisJobModule(): typeof import('./analysisJob') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, on purpose
  return require('./analysisJob') as typeof import('./analysisJob');
}

export interface AnalysisRunnerOptions {
  /** The script that, started as a worker thread, serves analysis jobs (./analysisJob). */
  workerEntry: string;
  /** The time one file may take before its analysis is abandoned. */
  timeoutMs: number;
  log: (message: string) => void;
  /** An analysis longer than this marks its document slow (heavy lane). Default 250 ms. */
  budgetMs?: number;
  /** Documents longer than this (characters) start in the heavy lane. Default 64 Ki. */
  heavyChars?: number;
  /** One worker, first come first served, every version analysed (the old behaviour). */
  serial?: boolean;
  /** Workers idle this long are ended (their memory given back). Default 60 s. */
  idleMs?: number;
}

type Lane = 'quick' | 'heavy';

interface Pending {
  id: number;
  /** The document (URI) the job is for; a newer job with the same key supersedes it. */
  key: string;
  job: AnalysisJob;
  resolve: (outcome: AnalysisOutcome) => void;
}

interface Slot {
  worker: Worker;
  lane: Lane;
  /** The worker has loaded the engine (its start-up does not count against the budget). */
  ready: boolean;
  /** The worker thread's kernel id, when known (Linux). */
  tid?: number;
  running?: Running;
}

interface Running {
  pending: Pending;
  startedAt: number;
  /** The worker thread's CPU time when the analysis started (ms), when it can be read. */
  cpuAtStart?: number;
  superseded: boolean;
  timers: NodeJS.Timeout[];
}

export class AnalysisRunner {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  /** Documents whose last analysis took longer than the budget. */
  private readonly slow = new Set<string>();
  /** The time each document's last analysis took (CPU time where it can be read), ms. */
  private readonly costs = new Map<string, number>();
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly idleMs: number;
  private workersBroken = false;
  private nextId = 1;
  private readonly budgetMs: number;
  private readonly heavyChars: number;
  private readonly serial: boolean;

  constructor(private readonly options: AnalysisRunnerOptions) {
    this.budgetMs = options.budgetMs ?? 250;
    this.heavyChars = options.heavyChars ?? 64 * 1024;
    this.serial = options.serial ?? false;
    this.idleMs = options.idleMs ?? 60_000;
  }

  /** Analyse `job` for document `key`; a later call with the same key supersedes this one. */
  analyze(job: AnalysisJob, key: string = job.path): Promise<AnalysisOutcome> {
    return new Promise((resolve) => {
      if (!this.serial) this.supersede(key);
      this.queue.push({ id: this.nextId++, key, job, resolve });
      this.pump();
    });
  }

  /** The document is closed: drop its queued work, stop its running analysis, free workers. */
  release(key: string): void {
    this.slow.delete(key);
    this.costs.delete(key);
    if (this.serial) return;
    this.supersede(key, true);
    this.trimIdleWorkers();
  }

  /** What the document's last analysis took (ms), or undefined when it has none yet. */
  costOf(key: string): number | undefined {
    return this.costs.get(key);
  }

  /** Workers alive now, by lane (for logs and tests). */
  workerCount(): Record<Lane, number> {
    return {
      quick: this.slots.filter((s) => s.lane === 'quick').length,
      heavy: this.slots.filter((s) => s.lane === 'heavy').length,
    };
  }

  dispose(): void {
    clearTimeout(this.idleTimer);
    for (const slot of [...this.slots]) this.endWorker(slot);
    for (const pending of this.queue.splice(0))
      pending.resolve({ ok: false, reason: 'superseded', error: 'the server is shutting down' });
  }

  private supersede(key: string, evenIfYoung = false): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const pending = this.queue[i];
      if (pending.key !== key) continue;
      this.queue.splice(i, 1);
      pending.resolve({ ok: false, reason: 'superseded', error: 'a newer version replaced it' });
    }
    for (const slot of [...this.slots]) {
      const running = slot.running;
      if (!running || running.pending.key !== key) continue;
      running.superseded = true;
      // A short analysis ends soon on its own; a long one is stopped rather than finished.
      const spent = this.spentMs(slot, running);
      if (!evenIfYoung) this.costs.set(key, Math.max(this.costs.get(key) ?? 0, spent));
      if (evenIfYoung || Date.now() - running.startedAt >= this.budgetMs)
        this.abandon(slot, {
          ok: false,
          reason: 'superseded',
          error: 'a newer version replaced it',
        });
    }
  }

  private laneOf(pending: Pending): Lane {
    if (this.serial) return 'quick';
    return this.slow.has(pending.key) || pending.job.text.length > this.heavyChars
      ? 'heavy'
      : 'quick';
  }

  private pump(): void {
    for (let i = 0; i < this.queue.length;) {
      const pending = this.queue[i];
      // One analysis per document at a time: the next version waits for the running one.
      const busyKey =
        !this.serial && this.slots.some((s) => s.running?.pending.key === pending.key);
      const slot = busyKey ? undefined : this.idleSlot(this.laneOf(pending));
      if (busyKey || slot === null) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      if (slot === undefined) {
        pending.resolve(analysisJobModule().runAnalysisJob(pending.job)); // no worker thread: in process
        continue;
      }
      this.start(slot, pending);
    }
  }

  /** An idle worker of the lane (started if the lane has none), null when all are busy,
   * undefined when worker threads cannot start here. */
  private idleSlot(lane: Lane): Slot | null | undefined {
    const idle = this.slots.find((s) => s.lane === lane && !s.running);
    if (idle) return idle;
    // One worker per lane; a quick worker moved to the heavy lane leaves the quick lane empty.
    if (this.slots.some((s) => s.lane === lane)) return null;
    if (this.workersBroken) return undefined;
    const worker = this.startWorker();
    if (!worker) return undefined;
    const slot: Slot = { worker, lane: 'quick', ready: false };
    this.slots.push(slot);
    if (lane === 'heavy') this.makeHeavy(slot);
    worker.on('message', (response: WorkerResponse) => {
      if ('ready' in response) this.ready(slot, response.tid);
      else this.finish(slot, response);
    });
    worker.on('error', (err) => this.workerFailed(slot, `analysis worker failed: ${err.message}`));
    worker.on('exit', (code) => this.workerFailed(slot, `analysis worker exited (${code})`));
    return slot;
  }

  private startWorker(): Worker | undefined {
    const entry = this.options.workerEntry;
    try {
      // From sources (tests run src/server/main.ts through tsx), the worker needs tsx too.
      const worker = entry.endsWith('.ts')
        ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, { eval: true })
        : new Worker(entry);
      worker.unref();
      return worker;
    } catch (err) {
      this.workersBroken = true;
      this.options.log(`cannot start an analysis worker, analysing in process: ${String(err)}`);
      return undefined;
    }
  }

  private start(slot: Slot, pending: Pending): void {
    const running: Running = {
      pending,
      startedAt: Date.now(),
      cpuAtStart: threadCpuMs(slot.tid),
      superseded: false,
      timers: [],
    };
    slot.running = running;
    const { timeoutMs } = this.options;
    running.timers.push(
      setTimeout(() => {
        this.options.log(
          `analysis of ${pending.job.path} took more than ${timeoutMs} ms; abandoned`,
        );
        this.slow.add(pending.key);
        this.costs.set(pending.key, timeoutMs);
        this.abandon(slot, {
          ok: false,
          reason: 'timeout',
          error: `analysis timed out after ${timeoutMs} ms`,
        });
      }, timeoutMs),
    );
    if (slot.ready) this.startBudget(slot);
    const request: WorkerRequest = { id: pending.id, job: pending.job };
    slot.worker.postMessage(request);
  }

  private ready(slot: Slot, tid: number | undefined): void {
    slot.ready = true;
    slot.tid = tid;
    if (slot.lane === 'heavy') this.lowerPriority(slot);
    if (slot.running) {
      slot.running.startedAt = Date.now();
      slot.running.cpuAtStart = threadCpuMs(tid);
      this.startBudget(slot);
    }
  }

  /**
   * The time an analysis has taken: the worker thread's CPU time where it can be read (Linux),
   * so that an analysis that merely waited for a busy CPU is not taken for a slow document
   * (and its worker replaced, which costs more); otherwise the time on the clock.
   */
  private spentMs(slot: Slot, running: Running): number {
    const cpu = threadCpuMs(slot.tid);
    if (cpu !== undefined && running.cpuAtStart !== undefined) return cpu - running.cpuAtStart;
    return Date.now() - running.startedAt;
  }

  /** In the quick lane, an analysis over budget moves to the heavy lane with its worker. */
  private startBudget(slot: Slot, delayMs = this.budgetMs): void {
    const running = slot.running;
    if (this.serial || slot.lane !== 'quick' || !running) return;
    running.timers.push(
      setTimeout(() => {
        if (slot.running !== running) return;
        const spent = this.spentMs(slot, running);
        if (spent < this.budgetMs)
          return this.startBudget(slot, Math.max(20, this.budgetMs - spent));
        // Over budget: this document is slow. Its worker carries on in the heavy lane;
        // the documents behind it get a fresh quick worker.
        this.slow.add(running.pending.key);
        this.makeHeavy(slot);
        this.pump();
      }, delayMs),
    );
  }

  private makeHeavy(slot: Slot): void {
    slot.lane = 'heavy';
    this.lowerPriority(slot);
  }

  /**
   * A heavy worker yields the CPU to the quick lane and the main thread (on a machine with
   * few cores they compete): the nice value of that one thread, on Linux.
   */
  private lowerPriority(slot: Slot): void {
    if (slot.tid === undefined) return;
    try {
      setPriority(slot.tid, Math.min(19, getPriority(slot.tid) + 10));
    } catch {
      // Not allowed here: the lanes still keep the documents apart.
    }
  }

  private finish(slot: Slot, response: { id: number; outcome: AnalysisOutcome }): void {
    const running = slot.running;
    if (!running || running.pending.id !== response.id) return;
    const spent = this.spentMs(slot, running);
    this.costs.set(running.pending.key, spent);
    if (spent > this.budgetMs) this.slow.add(running.pending.key);
    else this.slow.delete(running.pending.key);
    this.settle(slot, response.outcome);
    this.trimIdleWorkers();
    this.pump();
  }

  private settle(slot: Slot, outcome: AnalysisOutcome): void {
    const running = slot.running;
    if (!running) return;
    for (const timer of running.timers) clearTimeout(timer);
    slot.running = undefined;
    running.pending.resolve(outcome);
  }

  /** Stop a running analysis by ending its worker; the lane starts a new one when needed. */
  private abandon(slot: Slot, outcome: AnalysisOutcome): void {
    this.settle(slot, outcome);
    this.endWorker(slot);
    this.pump();
  }

  private endWorker(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    if (slot.running) this.settle(slot, { ok: false, reason: 'failed', error: 'worker ended' });
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => undefined); // a late error from a worker being terminated
    void slot.worker.terminate();
  }

  /**
   * End idle heavy workers nobody needs: a second one (left by a move from the quick lane),
   * and the last one once no slow document is open. Their heaps and parse caches go with them.
   */
  private trimIdleWorkers(): void {
    if (this.serial) return;
    const heavy = this.slots.filter((s) => s.lane === 'heavy');
    const keep = this.slow.size > 0 && !heavy.some((s) => s.running) ? 1 : 0;
    for (const slot of heavy.filter((s) => !s.running).slice(keep)) this.endWorker(slot);
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.endIdleWorkers(), this.idleMs);
    this.idleTimer.unref();
  }

  /**
   * Start the quick lane's worker before the first document arrives: loading the engine into a
   * fresh thread takes tens of ms, which the first diagnostics then need not wait for. An
   * unused worker is ended after the idle time, like any other.
   */
  warmUp(): void {
    if (this.serial || this.slots.length > 0 || this.workersBroken) return;
    this.idleSlot('quick');
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.endIdleWorkers(), this.idleMs);
    this.idleTimer.unref();
  }

  /** Every document is closed, or nothing was asked for a while: give the workers' memory back. */
  endIdleWorkers(): void {
    if (this.queue.length > 0) return;
    for (const slot of this.slots.filter((s) => !s.running)) this.endWorker(slot);
  }

  private workerFailed(slot: Slot, message: string): void {
    if (!this.slots.includes(slot)) return;
    this.options.log(message);
    this.endWorker(slot); // settles the running analysis, if any, as failed
    this.pump();
  }
}
