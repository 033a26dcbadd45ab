// The three readers of a container's processes, each returning raw entries or rows:
//   host-proc: the daemon's host /proc, every PID in the PID namespace of State.Pid
//   api:       GET /containers/{id}/top?ps_args=… plus GET /stats pids_stats.current
//   exec:      a fixed script run inside the container (only when the user allows it)
// Side effects live here; parsing is in parse.ts.
import type Docker from 'dockerode';
import { readFileSync, readlinkSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  EXEC_CMDLINE_PREFIX,
  EXEC_PROC_MARKER,
  EXEC_SELF_MARKER,
  TOP_PS_ARGS,
  type RawProcEntry,
  type TopResponse,
} from './parse';

/** Host PIDs grouped by PID-namespace link text (`pid:[4026532183]`). */
export interface HostProcScan {
  procRoot: string;
  byNamespace: Map<string, number[]>;
  /** The namespace this process lives in: a container sharing it uses --pid=host. */
  ownNamespace: string | undefined;
}

function readLink(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Map over items with synchronous /proc reads, yielding to the event loop after every
 * `chunk` items. A /proc read is a few microseconds of kernel work; through libuv's thread
 * pool each costs tens of microseconds of promise and thread hand-off (measured here: a
 * 155-process scan took 5.8 ms async, 1.2 ms sync). Chunks keep 10,000 zombies from
 * blocking the extension host for more than a couple of milliseconds at a time.
 */
export async function mapChunked<T, R>(
  items: readonly T[],
  chunk: number,
  fn: (item: T) => R,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && i % chunk === 0) await new Promise((r) => setImmediate(r));
    out[i] = fn(items[i]);
  }
  return out;
}

const PROC_CHUNK = 256;

function readlinkOrUndefined(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined; // exited meanwhile, or not ours to read
  }
}

/** One pass over /proc: run once per refresh and share it across containers. */
export async function scanHostProc(procRoot = '/proc'): Promise<HostProcScan> {
  const byNamespace = new Map<string, number[]>();
  let names: string[] = [];
  try {
    names = await readdir(procRoot);
  } catch {
    // No /proc (not Linux): every lookup misses and callers fall back to the API.
  }
  const pids = names.filter((n) => n.charCodeAt(0) >= 48 && n.charCodeAt(0) <= 57);
  const links = await mapChunked(pids, PROC_CHUNK, (name) =>
    readlinkOrUndefined(join(procRoot, name, 'ns', 'pid')),
  );
  pids.forEach((name, i) => {
    const ns = links[i];
    if (!ns) return;
    const list = byNamespace.get(ns);
    if (list) list.push(Number(name));
    else byNamespace.set(ns, [Number(name)]);
  });
  return { procRoot, byNamespace, ownNamespace: readLink(join(procRoot, 'self', 'ns', 'pid')) };
}

/** PID namespace of a host PID, e.g. State.Pid. */
export function namespaceOf(pid: number, procRoot = '/proc'): string | undefined {
  return readLink(join(procRoot, String(pid), 'ns', 'pid'));
}

/** status + cmdline of each PID; a process that exits while read is skipped. */
export async function readHostEntries(
  pids: readonly number[],
  procRoot = '/proc',
): Promise<RawProcEntry[]> {
  const read = await mapChunked(pids, PROC_CHUNK, (pid): RawProcEntry | undefined => {
    const dir = join(procRoot, String(pid));
    let status: string;
    try {
      status = readFileSync(join(dir, 'status'), 'utf8');
    } catch {
      return undefined; // exited between the scan and the read
    }
    // A zombie has an empty cmdline; skip the read (its status Name is used instead).
    let cmdline = '';
    if (!/^State:\s*Z/m.test(status))
      try {
        cmdline = readFileSync(join(dir, 'cmdline'), 'utf8');
      } catch {
        // exited meanwhile: its status is still worth showing
      }
    return { readerPid: pid, status, cmdline };
  });
  return read.filter((e): e is RawProcEntry => e !== undefined);
}

export interface ApiProcessData {
  top: TopResponse;
  pidsCurrent: number | undefined;
}

/**
 * top and one-shot stats, in parallel (two Engine API calls). With `knownPidsCurrent`
 * (from a followed stats stream) only top is called: the daemon answers a non-streamed
 * stats request on its next collection tick, about a second later (measured on 20.10,
 * one-shot or not), while top takes tens of milliseconds.
 */
export async function readApiProcesses(
  container: Docker.Container,
  knownPidsCurrent?: number,
): Promise<ApiProcessData> {
  const [top, stats] = await Promise.all([
    container.top({ ps_args: TOP_PS_ARGS }) as Promise<TopResponse>,
    knownPidsCurrent !== undefined
      ? Promise.resolve({ pids_stats: { current: knownPidsCurrent } })
      : (container.stats({ stream: false, 'one-shot': true } as { stream: false }) as Promise<{
          pids_stats?: { current?: number };
        }>),
  ]);
  return { top, pidsCurrent: stats.pids_stats?.current };
}

/** pids_stats.current from one non-streamed stats request (answered on the daemon's next tick). */
export async function readPidsCurrent(container: Docker.Container): Promise<number | undefined> {
  const stats = (await container.stats({ stream: false, 'one-shot': true } as {
    stream: false;
  })) as { pids_stats?: { current?: number } };
  return stats.pids_stats?.current;
}

export interface PidsFollower {
  /** The smaller of the last two samples: a zombie persists across samples, a process
   * that starts between a sample and top does not count as one. Undefined before two. */
  readonly pidsCurrent: number | undefined;
  /** Resolves once a value is available (or the stream ended). */
  ready: Promise<void>;
  stop(): void;
}

/**
 * Follow a container's stats stream for pids_stats.current: one long-lived request
 * that the daemon feeds once a second, instead of a one-second wait per refresh.
 */
export async function followPidsCurrent(container: Docker.Container): Promise<PidsFollower> {
  const stream = (await container.stats({ stream: true })) as unknown as NodeJS.ReadableStream & {
    destroy(): void;
  };
  const samples: number[] = [];
  let buffered = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  stream.on('data', (chunk: Buffer | string) => {
    buffered += chunk.toString();
    let nl = buffered.indexOf('\n');
    while (nl >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      try {
        const n = (JSON.parse(line) as { pids_stats?: { current?: number } }).pids_stats?.current;
        if (typeof n === 'number') {
          samples.push(n);
          if (samples.length > 2) samples.shift();
          if (samples.length === 2) markReady();
        }
      } catch {
        // a partial or foreign line: ignore
      }
      nl = buffered.indexOf('\n');
    }
  });
  const end = (): void => markReady();
  stream.on('end', end);
  stream.on('close', end);
  stream.on('error', end);
  return {
    get pidsCurrent() {
      return samples.length === 2 ? Math.min(samples[0], samples[1]) : undefined;
    },
    ready,
    stop: () => stream.destroy(),
  };
}

/**
 * The exec reader's script: a constant (no user data in it), POSIX sh, works in
 * dash, bash and BusyBox ash. It prints each /proc/<pid>/status and cmdline, and
 * its own PID so its own processes can be dropped.
 */
export const EXEC_SCRIPT = [
  `echo "${EXEC_SELF_MARKER}$$"`,
  'for d in /proc/[0-9]*; do',
  `  echo "${EXEC_PROC_MARKER}\${d#/proc/}"`,
  '  cat "$d/status" 2>/dev/null',
  `  printf '${EXEC_CMDLINE_PREFIX.replace('\t', '\\t')}'`,
  `  tr '\\000\\n' '  ' < "$d/cmdline" 2>/dev/null`,
  '  echo',
  'done',
].join('\n');

/** Run EXEC_SCRIPT inside the container and return its stdout. */
export async function readExecOutput(
  docker: Docker,
  container: Docker.Container,
  timeoutMs = 10_000,
): Promise<{ ok: true; output: string } | { ok: false; message: string }> {
  const exec = await container.exec({
    Cmd: ['sh', '-c', EXEC_SCRIPT],
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks: Buffer[] = [];
  const errChunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  stderr.on('data', (c: Buffer) => errChunks.push(c));
  docker.modem.demuxStream(stream, stdout, stderr);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      stream.destroy();
      resolve();
    }, timeoutMs);
    stream.on('end', () => {
      clearTimeout(timer);
      resolve();
    });
    stream.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
    stream.on('error', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  const info = (await exec.inspect()) as { ExitCode?: number | null };
  const output = Buffer.concat(chunks).toString('utf8');
  if (info.ExitCode !== 0 && !output.includes(EXEC_PROC_MARKER)) {
    const err = Buffer.concat(errChunks).toString('utf8').trim();
    return {
      ok: false,
      message:
        info.ExitCode === 126 || info.ExitCode === 127
          ? `exec of sh in the container failed (exit ${info.ExitCode}${err ? `: ${err}` : ''}): the image has no shell, so it cannot be read this way`
          : `exec of sh in the container ended with exit ${info.ExitCode ?? '?'} before listing processes${err ? `: ${err}` : ''} (was the container stopping?)`,
    };
  }
  return { ok: true, output };
}
