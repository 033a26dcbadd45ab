// Evidence collection for "why did this container exit?", through the Engine API
// only (plus, for a local engine, the host's /proc and kernel log). Everything is
// bounded: events up to `until` = now so the stream ends, logs by `tail` so a 10 MB
// log costs a few kilobytes. The result is plain JSON, capturable as a fixture.
import type Docker from 'dockerode';
import { dockerEventShape, isPodman } from '../connection/podman';
import { containerOomLines, dockerdStartedAt, monotonicBootMs, readKmsg } from './host';
import { evidenceFromInspect } from './inspect';
import type { ContainerEvent, ExplainEvidence, LogLine } from './types';

export const DEFAULT_LOG_TAIL = 50;

export type EvidenceStep = 'inspect' | 'image' | 'events' | 'logs' | 'daemon' | 'kernel';

export interface CollectOptions {
  /** The engine shares this machine's kernel (connection's `version.local`). */
  local: boolean;
  logTail?: number;
  /** Called before each step (progress UI; tests use it to act mid-collection). */
  onStep?: (step: EvidenceStep) => void | Promise<void>;
  signal?: AbortSignal;
  /** Injected clock for the events window's `until`. */
  now?: () => Date;
}

export type EvidenceResult =
  | { kind: 'ok'; evidence: ExplainEvidence }
  | { kind: 'not-found'; message: string }
  | { kind: 'engine-lost'; message: string }
  | { kind: 'cancelled'; message: string };

interface ApiError {
  statusCode?: number;
  code?: string;
  message?: string;
  json?: { message?: string };
}

function apiError(err: unknown): ApiError {
  return (err && typeof err === 'object' ? err : { message: String(err) }) as ApiError;
}

function errorText(err: unknown): string {
  const e = apiError(err);
  return e.json?.message ?? e.message ?? String(err);
}

/** A transport failure (the daemon is gone), as opposed to an API answer. */
export function isConnectionError(err: unknown): boolean {
  const e = apiError(err);
  return (
    (e.statusCode === undefined &&
      ['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'EACCES', 'ETIMEDOUT'].includes(
        e.code ?? '',
      )) ||
    /socket hang up/i.test(e.message ?? '')
  );
}

export function isZeroTime(t: string | undefined): boolean {
  return !t || t.startsWith('0001-01-01');
}

function nanoToIso(nano: string): string {
  // Keep the digits: Date would round to ms, ordering uses timeNano.
  const ms = Number(BigInt(nano) / 1_000_000n);
  const frac = (BigInt(nano) % 1_000_000_000n).toString().padStart(9, '0');
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, `.${frac}Z`);
}

interface RawEvent {
  Type?: string;
  Action?: string;
  status?: string;
  time?: number;
  timeNano?: number | string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

/** Parse the events stream's JSON lines; label attributes are dropped (they are the user's). */
export function parseEvents(text: string, labels: Record<string, string>): ContainerEvent[] {
  const out: ContainerEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let raw: RawEvent;
    try {
      raw = JSON.parse(line) as RawEvent;
    } catch {
      continue;
    }
    if (raw.Type && raw.Type !== 'container') continue;
    // "exec_start: sh" → exec_start; Podman's `died` → die (with exitCode)
    const shaped = dockerEventShape(
      (raw.Action ?? raw.status ?? '').split(':')[0],
      raw.Actor?.Attributes ?? {},
    );
    const action = shaped.action;
    const nano =
      raw.timeNano !== undefined ? String(raw.timeNano) : String((raw.time ?? 0) * 1_000_000_000);
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries(shaped.attributes)) {
      if (k in labels || k === 'image' || k === 'name') continue;
      attributes[k] = v;
    }
    out.push({ time: nanoToIso(nano), timeNano: nano, action, attributes });
  }
  return out.sort((a, b) => (BigInt(a.timeNano) < BigInt(b.timeNano) ? -1 : 1));
}

/**
 * Split a non-TTY log body into lines: 8-byte frame headers (stream, 0, 0, 0, size BE)
 * then the payload. A TTY container's log is raw text on one stream.
 */
export function demuxLogs(body: Buffer, tty: boolean, timestamps: boolean): LogLine[] {
  const chunks: { stream: 'stdout' | 'stderr'; text: string }[] = [];
  if (tty) chunks.push({ stream: 'stdout', text: body.toString('utf8') });
  else {
    let at = 0;
    while (at + 8 <= body.length) {
      const kind = body[at];
      const size = body.readUInt32BE(at + 4);
      const payload = body.subarray(at + 8, Math.min(body.length, at + 8 + size));
      chunks.push({ stream: kind === 2 ? 'stderr' : 'stdout', text: payload.toString('utf8') });
      at += 8 + size;
    }
  }
  const lines: LogLine[] = [];
  for (const c of chunks) {
    for (const raw of c.text.split('\n')) {
      if (raw === '') continue;
      let text = raw.replace(/\r$/, '');
      let time: string | undefined;
      if (timestamps) {
        const sp = text.indexOf(' ');
        if (sp > 0 && /^\d{4}-\d\d-\d\dT/.test(text)) {
          time = text.slice(0, sp);
          text = text.slice(sp + 1);
        }
      }
      lines.push(time ? { stream: c.stream, time, text } : { stream: c.stream, text });
    }
  }
  return lines;
}

function readAll(
  stream: NodeJS.ReadableStream,
  signal: AbortSignal | undefined,
  ms: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const stop = (err?: Error) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      (stream as unknown as { destroy?: () => void }).destroy?.();
      if (err) reject(err);
      else resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onAbort = () => stop(new Error('cancelled'));
    // `until` makes the daemon end the stream; the timer only guards a daemon that hangs.
    const timer = setTimeout(() => stop(new Error(`no end of stream after ${ms} ms`)), ms);
    signal?.addEventListener('abort', onAbort);
    stream.on('data', (b: Buffer | string) => chunks.push(Buffer.isBuffer(b) ? b : Buffer.from(b)));
    stream.on('end', () => stop());
    stream.on('error', (e: Error) => stop(e));
  });
}

class EngineLost extends Error {}

/** A time as the Engine API's `since`/`until` take it: seconds with nanoseconds. */
export function engineTimestamp(d: Date): string {
  const ms = d.getTime();
  const sec = Math.floor(ms / 1000);
  return `${sec}.${String((ms - sec * 1000) * 1_000_000).padStart(9, '0')}`;
}

/** Collect the evidence about one container (id or name). Never throws. */
export async function collectEvidence(
  docker: Docker,
  ref: string,
  options: CollectOptions,
): Promise<EvidenceResult> {
  try {
    return await collect(docker, ref, options);
  } catch (err) {
    if (options.signal?.aborted) return { kind: 'cancelled', message: 'Cancelled.' };
    if (err instanceof EngineLost) return { kind: 'engine-lost', message: err.message };
    if (isConnectionError(err))
      return {
        kind: 'engine-lost',
        message: `The Docker daemon did not answer: ${errorText(err)}`,
      };
    return { kind: 'engine-lost', message: `The Docker daemon failed: ${errorText(err)}` };
  }
}

interface Collection {
  docker: Docker;
  options: CollectOptions;
  gaps: string[];
  step: (s: EvidenceStep) => Promise<void>;
  /** Run an optional part: a 404 means the container went away meanwhile; a lost daemon aborts. */
  optional: <T>(what: string, fn: () => Promise<T>) => Promise<T | undefined>;
}

function collection(docker: Docker, options: CollectOptions): Collection {
  const gaps: string[] = [];
  return {
    docker,
    options,
    gaps,
    step: async (s) => {
      if (options.signal?.aborted) throw new Error('cancelled');
      await options.onStep?.(s);
    },
    optional: async (what, fn) => {
      try {
        return await fn();
      } catch (err) {
        if (options.signal?.aborted) throw err;
        if (isConnectionError(err))
          throw new EngineLost(
            `The Docker daemon stopped answering while reading ${what} (${errorText(err)}); nothing can be concluded until it is back.`,
          );
        const status = apiError(err).statusCode;
        gaps.push(
          status === 404
            ? `${what}: not available (the container or image was removed during the diagnosis)`
            : `${what}: ${errorText(err)}`,
        );
        return undefined;
      }
    },
  };
}

async function readEvents(
  c: Collection,
  info: Docker.ContainerInspectInfo,
): Promise<ExplainEvidence['events']> {
  await c.step('events');
  const until = (c.options.now ?? (() => new Date()))();
  const createdMs = Date.parse(info.Created);
  const since = new Date((Number.isFinite(createdMs) ? createdMs : until.getTime()) - 1000);
  const text = await c.optional('the events', async () => {
    if (isPodman(c.docker)) return podmanEvents(c, info.Id, since, until);
    const stream = await c.docker.getEvents({
      // Fractional seconds ("s.nnnnnnnnn"): an `until` rounded up would make the daemon wait.
      since: engineTimestamp(since) as unknown as number,
      until: engineTimestamp(until) as unknown as number,
      filters: { container: [info.Id], type: ['container'] } as Docker.GetEventsOptions['filters'],
    });
    return readAll(stream, c.options.signal, 10_000);
  });
  return {
    since: since.toISOString(),
    until: until.toISOString(),
    items: text === undefined ? [] : parseEvents(text, info.Config.Labels ?? {}),
  };
}

/**
 * Podman 4.3 returns no events at all when `until` is given (compat and libpod alike),
 * and its compat history filters by its own names; the libpod endpoint's `stream=false`
 * ends by itself. Events after `until` are dropped here instead.
 */
async function podmanEvents(c: Collection, id: string, since: Date, until: Date): Promise<string> {
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    c.docker.modem.dial(
      {
        path: '/libpod/events?',
        method: 'GET',
        isStream: true,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
        options: {
          since: engineTimestamp(since),
          stream: false,
          filters: JSON.stringify({ container: [id], type: ['container'] }),
        },
      },
      (err: unknown, data: unknown) =>
        err ? reject(err as Error) : resolve(data as NodeJS.ReadableStream),
    ),
  );
  const text = await readAll(stream, c.options.signal, 10_000);
  const untilNano = BigInt(until.getTime()) * 1_000_000n;
  return text
    .split('\n')
    .filter((line) => {
      const nano = /"timeNano":(\d+)/.exec(line)?.[1];
      return nano === undefined || BigInt(nano) <= untilNano;
    })
    .join('\n');
}

/**
 * What Podman 4.3 leaves out, measured: it never sets State.OOMKilled, and it sends no
 * kill, stop or oom events. A cgroup OOM kill of this container's PID 1 is then read from
 * the kernel's line naming its cgroup (libpod-<id>) within the run, and said so.
 */
function podmanGaps(
  info: Docker.ContainerInspectInfo,
  kernel: ExplainEvidence['kernel'],
  gaps: string[],
): void {
  gaps.push(
    'Podman sends no kill, stop or oom events: a stop or podman kill cannot be told from a kill outside it by events',
  );
  if (info.State.OOMKilled || info.State.ExitCode !== 137 || info.State.Running) return;
  const started = Date.parse(info.State.StartedAt);
  const finished = Date.parse(info.State.FinishedAt);
  const inRun = kernel.oomLines.find((l) => {
    const t = Date.parse(l.time);
    // The kernel's clock maps to wall time within a second or so.
    return /CONSTRAINT_MEMCG/.test(l.text) && t >= started - 1000 && t <= finished + 1000;
  });
  if (!inRun) {
    if (kernel.status !== 'read')
      gaps.push(
        'Podman does not set OOMKilled and the kernel log is not readable here: a cgroup OOM kill cannot be seen',
      );
    return;
  }
  info.State.OOMKilled = true;
  gaps.push(
    `OOMKilled is false in Podman's inspect (Podman 4.3 never sets it); the kernel's OOM killer ended this container's cgroup at ${inRun.time}, so it is taken as true`,
  );
}

async function readLogs(
  c: Collection,
  info: Docker.ContainerInspectInfo,
): Promise<ExplainEvidence['logs']> {
  await c.step('logs');
  const tail = c.options.logTail ?? DEFAULT_LOG_TAIL;
  const body = await c.optional('the logs', async () => {
    const raw = (await c.docker.getContainer(info.Id).logs({
      stdout: true,
      stderr: true,
      tail,
      timestamps: true,
      follow: false,
    })) as unknown as Buffer | string;
    return Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'binary');
  });
  return {
    tail,
    bytesRead: body?.length ?? 0,
    lines: body ? demuxLogs(body, info.Config.Tty ?? false, true) : [],
  };
}

async function readEngine(c: Collection): Promise<ExplainEvidence['engine']> {
  await c.step('daemon');
  const local = c.options.local;
  const daemonInfo = (await c.optional('the daemon info', () => c.docker.info())) as
    | {
        ServerVersion?: string;
        MemTotal?: number;
        LiveRestoreEnabled?: boolean;
        CgroupVersion?: string;
      }
    | undefined;
  const version = (await c.optional('the daemon version', () => c.docker.version())) as
    { ApiVersion?: string } | undefined;
  const daemonStartedAt = local ? dockerdStartedAt() : undefined;
  if (local && !daemonStartedAt)
    c.gaps.push('daemon start time: dockerd was not found in /proc (rootless or in a VM?)');
  return {
    local,
    serverVersion: daemonInfo?.ServerVersion,
    apiVersion: version?.ApiVersion,
    daemonStartedAt,
    daemonStartSource: daemonStartedAt ? 'proc' : 'unknown',
    liveRestore: daemonInfo?.LiveRestoreEnabled,
    memTotal: daemonInfo?.MemTotal,
    cgroupVersion: daemonInfo?.CgroupVersion,
  };
}

async function readKernel(c: Collection, id: string): Promise<ExplainEvidence['kernel']> {
  await c.step('kernel');
  if (!c.options.local) return { status: 'remote', oomLines: [] };
  const records = readKmsg();
  return records
    ? { status: 'read', oomLines: containerOomLines(records, id, monotonicBootMs()) }
    : { status: 'unreadable', oomLines: [] };
}

async function collect(
  docker: Docker,
  ref: string,
  options: CollectOptions,
): Promise<EvidenceResult> {
  const c = collection(docker, options);
  await c.step('inspect');
  let info: Docker.ContainerInspectInfo;
  try {
    info = await docker.getContainer(ref).inspect();
  } catch (err) {
    if (apiError(err).statusCode === 404)
      return { kind: 'not-found', message: `No such container: ${ref}` };
    throw err;
  }
  await c.step('image');
  const image = await c.optional('the image configuration', () =>
    docker.getImage(info.Image).inspect(),
  );
  const events = await readEvents(c, info);
  const logs = await readLogs(c, info);
  const engine = await readEngine(c);
  const kernel = await readKernel(c, info.Id);
  if (isPodman(docker)) podmanGaps(info, kernel, c.gaps);
  const evidence = evidenceFromInspect(info, {
    collectedAt: events.until,
    engine,
    image,
    events,
    logs,
    kernel,
    gaps: c.gaps,
  });
  return { kind: 'ok', evidence };
}
