// Engine-side operations behind the explorer: list + inspect, the local-only
// measurements from host /proc (PID 1's argv and SIGTERM handler, zombie counts,
// which cost no Engine API call), memory update, and a timed stop that says
// whether SIGTERM was honoured. Every failure is a value.
import type Docker from 'dockerode';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  blocksSigterm,
  handlesSigterm,
  parseStatus,
  rowsFromProcEntries,
} from '../processes/parse';
import { readHostEntries, type HostProcScan, namespaceOf } from '../processes/sources';
import { summarizeZombies } from '../processes/tree';
import { dockerInspectShape, isPodman } from '../connection/podman';
import { viewFromInspect, type ContainerView, type InspectLike, type MemoryUpdate } from './model';
import type { SignalMeasurement } from './judgement';

export type Outcome<T> =
  { ok: true; value: T } | { ok: false; message: string; statusCode?: number };

function failure(err: unknown): { ok: false; message: string; statusCode?: number } {
  const e = (err ?? {}) as {
    message?: unknown;
    statusCode?: unknown;
    json?: { message?: unknown };
  };
  const message =
    typeof e.json?.message === 'string'
      ? e.json.message
      : typeof e.message === 'string'
        ? e.message
        : String(err);
  return {
    ok: false,
    message,
    statusCode: typeof e.statusCode === 'number' ? e.statusCode : undefined,
  };
}

/** Inspect one container; a 404 (removed meanwhile) is `{ ok: false, statusCode: 404 }`. */
export async function inspectView(docker: Docker, id: string): Promise<Outcome<ContainerView>> {
  try {
    const inspect = (await docker.getContainer(id).inspect()) as unknown as InspectLike;
    return {
      ok: true,
      value: viewFromInspect(isPodman(docker) ? dockerInspectShape(inspect) : inspect),
    };
  } catch (err) {
    return failure(err);
  }
}

/**
 * Every container (1 list call + 1 inspect each, `concurrency` at a time). A
 * container removed between list and inspect is simply absent.
 */
export async function listContainerViews(
  docker: Docker,
  options: { concurrency?: number; filters?: Record<string, string[]> } = {},
): Promise<Outcome<ContainerView[]>> {
  let summaries: { Id: string }[];
  try {
    // No `filters` key at all when there are none: dockerode sends `filters=` for an
    // undefined one, which Docker ignores and Podman refuses (500, "failed to decode").
    summaries = await docker.listContainers(
      options.filters ? { all: true, filters: options.filters } : { all: true },
    );
  } catch (err) {
    return failure(err);
  }
  const views: ContainerView[] = [];
  const queue = summaries.map((s) => s.Id);
  const worker = async (): Promise<void> => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const r = await inspectView(docker, id);
      if (r.ok) views.push(r.value);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
  return { ok: true, value: views };
}

/** PID 1's real argv and its disposition of a signal, read from the host's /proc (local engines). */
export interface HostPid1 {
  argv: string[];
  signals: SignalMeasurement;
}

/** Read a process's argv and signal masks from /proc; undefined when /proc cannot show it. */
export function readHostPid1(
  pid: number,
  signal: number,
  procRoot = '/proc',
): HostPid1 | undefined {
  try {
    const status = parseStatus(readFileSync(join(procRoot, String(pid), 'status'), 'utf8'));
    const argv = readFileSync(join(procRoot, String(pid), 'cmdline'), 'utf8').split('\0');
    if (argv.at(-1) === '') argv.pop();
    let wchan = '';
    try {
      wchan = readFileSync(join(procRoot, String(pid), 'wchan'), 'utf8');
    } catch {
      // wchan may be unreadable (hardened kernels): the masks decide alone.
    }
    return {
      argv,
      signals: {
        handler: handlesSigterm(status, signal),
        blocked: blocksSigterm(status, signal),
        inSigwait: /sigtimedwait/.test(wchan),
      },
    };
  } catch {
    return undefined;
  }
}

/** Zombie count of a running container from a shared host /proc scan (no API call). */
export async function hostZombieCount(
  view: ContainerView,
  scan: HostProcScan,
): Promise<
  { count: number; parents: { pid: number; command: string; count: number }[] } | undefined
> {
  if (!view.running || !view.pid || view.pidMode === 'host') return undefined;
  const ns = namespaceOf(view.pid, scan.procRoot);
  if (!ns || ns === scan.ownNamespace) return undefined;
  const pids = scan.byNamespace.get(ns);
  if (!pids) return undefined;
  // Only zombies and their parents matter here; the State line is cheap to read.
  const rows = rowsFromProcEntries(await readHostEntries(pids, scan.procRoot), {
    readerIsHost: true,
  });
  const z = summarizeZombies(rows);
  return { count: z.count, parents: z.parents };
}

/** Apply a validated memory update (Engine API POST /containers/{id}/update). */
export async function applyMemoryUpdate(
  docker: Docker,
  id: string,
  plan: Extract<MemoryUpdate, { ok: true }>,
): Promise<Outcome<{ warnings: string[] }>> {
  try {
    const r = (await docker.getContainer(id).update({
      Memory: plan.Memory,
      MemorySwap: plan.MemorySwap,
    })) as { Warnings?: string[] | null };
    return { ok: true, value: { warnings: r?.Warnings ?? [] } };
  } catch (err) {
    return failure(err);
  }
}

export interface StopReport {
  ms: number;
  timeoutSeconds: number;
  exitCode: number | undefined;
  /** `kill` events the daemon sent during the stop (15 = SIGTERM, 9 = SIGKILL). */
  signals: number[];
  /** PID 1 exited on SIGTERM, before the grace period ran out (no SIGKILL needed). */
  honouredSigterm: boolean;
  summary: string;
}

/**
 * docker stop, timed, with the daemon's own kill events as evidence: a SIGKILL after
 * the SIGTERM means PID 1 ignored (or did not finish on) SIGTERM within the grace period.
 */
export async function timedStop(
  docker: Docker,
  id: string,
  timeoutSeconds: number,
): Promise<Outcome<StopReport>> {
  const since = Math.floor(Date.now() / 1000) - 1;
  const t0 = performance.now();
  try {
    await docker.getContainer(id).stop({ t: timeoutSeconds });
  } catch (err) {
    const f = failure(err);
    if (f.statusCode !== 304) return f; // 304: already stopped
  }
  const ms = Math.round(performance.now() - t0);
  const until = Math.ceil(Date.now() / 1000) + 1;
  const signals: number[] = [];
  try {
    const raw = (await docker.getEvents({
      since,
      until,
      filters: { container: [id], event: ['kill'] },
    })) as unknown;
    const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : await streamText(raw);
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const e = JSON.parse(line) as { Actor?: { Attributes?: { signal?: string } } };
        const s = Number(e.Actor?.Attributes?.signal);
        if (Number.isFinite(s)) signals.push(s);
      } catch {
        // ignore a broken line
      }
    }
  } catch {
    // Without events the timing alone decides below.
  }
  let exitCode: number | undefined;
  try {
    const info = (await docker.getContainer(id).inspect()) as unknown as InspectLike;
    exitCode = info.State.ExitCode;
  } catch {
    exitCode = undefined;
  }
  const killed = signals.includes(9);
  const honouredSigterm = !killed && exitCode !== 137 && ms < timeoutSeconds * 1000;
  const seconds = (ms / 1000).toFixed(1);
  const summary = honouredSigterm
    ? `Stopped in ${seconds} s: PID 1 honoured SIGTERM (exit ${exitCode ?? '?'}).`
    : `Stopped in ${seconds} s: PID 1 did not exit on SIGTERM within ${timeoutSeconds} s, so Docker sent SIGKILL (exit ${exitCode ?? '?'}).`;
  return { ok: true, value: { ms, timeoutSeconds, exitCode, signals, honouredSigterm, summary } };
}

async function streamText(stream: unknown): Promise<string> {
  if (typeof stream === 'string') return stream;
  const chunks: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer | string>)
    chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

export interface LogFollower {
  /** Resolves when the stream ends (container stopped or removed) or stop() was called. */
  done: Promise<void>;
  stop(): void;
}

/**
 * Follow a container's logs (last `tail` lines, then live), stdout and stderr merged in
 * arrival order; TTY containers send a raw stream, others the multiplexed one.
 */
export async function followLogs(
  docker: Docker,
  id: string,
  onText: (text: string) => void,
  options: { tail?: number } = {},
): Promise<Outcome<LogFollower>> {
  try {
    const container = docker.getContainer(id);
    const info = (await container.inspect()) as { Config: { Tty?: boolean } };
    const stream = (await container.logs({
      follow: true,
      stdout: true,
      stderr: true,
      tail: options.tail ?? 500,
    })) as unknown as NodeJS.ReadableStream & { destroy(): void };
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        onText(chunk.toString('utf8'));
        callback();
      },
    });
    if (info.Config.Tty) stream.pipe(sink);
    else docker.modem.demuxStream(stream, sink, sink);
    const done = new Promise<void>((resolve) => {
      stream.on('end', () => resolve());
      stream.on('close', () => resolve());
      stream.on('error', () => resolve());
    });
    return { ok: true, value: { done, stop: () => stream.destroy() } };
  } catch (err) {
    return failure(err);
  }
}
