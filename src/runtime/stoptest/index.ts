// The graceful-stop test: run a throwaway copy of an image or a container (same
// entrypoint, command, env, stop signal, user, workdir, init), wait until it is up, stop
// it with a timeout and report who PID 1 was, how long the stop took and how it ended.
// Everything it creates carries STOP_TEST_LABEL and is removed on success, error and
// cancel; a crashed run's leftovers are swept by the next one (sweepStopTestLeftovers).
import type Docker from 'dockerode';
import { hostname } from 'node:os';
import { signalName, signalNumber } from '../../model/knowledge/signals';
import type { RuntimeVerdict } from '../../model/types';
import { readHostPid1 } from '../containers/list';
import { takesSignal, type Pid1Judge } from '../containers/judgement';

export const STOP_TEST_LABEL = 'container-doctor.stop-test';
/** pid@host of the process that created it: a live owner's container is not swept. */
export const STOP_TEST_OWNER_LABEL = 'container-doctor.stop-test.owner';
/** Leftovers of an owner we cannot check (another host) are swept after this long. */
const FOREIGN_LEFTOVER_MS = 60 * 60 * 1000;

export type StopVerdict = 'graceful' | 'killed' | 'exited-early' | 'never-started';

export interface StopTestResult {
  source: { kind: 'image' | 'container'; ref: string; image: string };
  /** What the copy ran with. */
  config: {
    entrypoint: string[] | null;
    cmd: string[] | null;
    stopSignal: string;
    user: string;
    workingDir: string;
    init: boolean;
    /** Names only: values may be secrets. */
    envNames: string[];
  };
  pid1: {
    argv: string[];
    /** host-proc: read from the host's /proc; config: what Docker was asked to run. */
    source: 'host-proc' | 'config';
    /** From /proc/<pid>/status (SigCgt or SigBlk): does PID 1 receive the stop signal? Null when unknown. */
    catchesStopSignal: boolean | null;
    /** What the model predicted before the stop (the verdict the explorer and `ps` show). */
    prediction: RuntimeVerdict;
  } | null;
  timeoutSeconds: number;
  /** Milliseconds from the stop request until the container had exited. */
  stopMs: number | null;
  exitCode: number | null;
  verdict: StopVerdict;
  summary: string;
  /** Signals Docker sent during the stop, from the events (e.g. [15, 9]). */
  signalsSent: number[];
  /** Last log lines when it did not stay up. */
  logTail: string[];
}

export type StopTestOutcome =
  | { kind: 'ok'; result: StopTestResult }
  | { kind: 'not-found'; message: string }
  | { kind: 'cancelled'; message: string }
  | { kind: 'failed'; message: string };

export type StopTestStep = 'sweep' | 'resolve' | 'create' | 'wait-up' | 'stop' | 'cleanup';

export interface StopTestOptions {
  timeoutSeconds: number;
  /** Judges PID 1 with the one model: the prediction the result carries beside what happened. */
  judge: Pid1Judge;
  /** The engine shares this machine's kernel (host /proc shows PID 1). */
  local: boolean;
  signal?: AbortSignal;
  /** How long it must stay running to count as up when there is no healthcheck. */
  settleMs?: number;
  /** How long to wait for a healthcheck to report healthy. */
  upTimeoutMs?: number;
  onStep?: (step: StopTestStep) => void;
}

/** `SIGTERM`, `TERM`, `15`, `SIGRTMIN+3` → the Linux signal number (the model's one table). */
export function stopSignalNumber(s: string): number | undefined {
  return signalNumber(s) ?? undefined;
}

const invalidReference = (err: unknown): boolean =>
  (err as { code?: string })?.code === 'EINVALIDREFERENCE';

function apiStatus(err: unknown): number | undefined {
  return (err as { statusCode?: number })?.statusCode;
}

function errorText(err: unknown): string {
  const e = err as { json?: { message?: string }; message?: string };
  return e?.json?.message ?? e?.message ?? String(err);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove what an earlier stop test left behind (its process crashed or was killed).
 * Containers of a live owner on this host are left alone: that test is still running.
 */
export async function sweepStopTestLeftovers(docker: Docker): Promise<number> {
  const list = await docker.listContainers({ all: true, filters: { label: [STOP_TEST_LABEL] } });
  const here = hostname();
  let removed = 0;
  for (const c of list) {
    const owner = c.Labels?.[STOP_TEST_OWNER_LABEL] ?? '';
    const [pidText, host] = owner.split('@');
    const pid = Number(pidText);
    const ownerAlive = host === here && pid > 0 && pid !== process.pid && processAlive(pid);
    const old = Date.now() - c.Created * 1000 > FOREIGN_LEFTOVER_MS;
    const mine = host === here && pid === process.pid;
    if (owner && (mine || ownerAlive || (host !== here && !old))) continue;
    try {
      await docker.getContainer(c.Id).remove({ force: true, v: true });
      removed++;
    } catch (err) {
      if (apiStatus(err) !== 404 && apiStatus(err) !== 409) throw err;
    }
  }
  return removed;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });

async function logTail(c: Docker.Container): Promise<string[]> {
  try {
    const body = (await c.logs({ stdout: true, stderr: true, tail: 10 })) as unknown as Buffer;
    const lines: string[] = [];
    let at = 0;
    while (at + 8 <= body.length) {
      const size = body.readUInt32BE(at + 4);
      lines.push(
        ...body
          .subarray(at + 8, at + 8 + size)
          .toString('utf8')
          .split('\n'),
      );
      at += 8 + size;
    }
    return lines.map((l) => l.replace(/\r$/, '')).filter((l) => l !== '');
  } catch {
    return [];
  }
}

async function killSignals(
  docker: Docker,
  id: string,
  sinceMs: number,
  untilMs: number,
): Promise<number[]> {
  try {
    const stream = await docker.getEvents({
      since: `${Math.floor(sinceMs / 1000)}` as unknown as number,
      until: `${Math.floor(untilMs / 1000) + 1}` as unknown as number,
      filters: { container: [id], event: ['kill'] } as Docker.GetEventsOptions['filters'],
    });
    const chunks: Buffer[] = [];
    for await (const b of stream as AsyncIterable<Buffer>) chunks.push(b);
    return Buffer.concat(chunks)
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { Actor?: { Attributes?: { signal?: string } } })
      .map((e) => stopSignalNumber(e.Actor?.Attributes?.signal ?? '') ?? 0);
  } catch {
    return [];
  }
}

/** Remove and wait until it is gone: a removal already in progress (cancel) answers 409. */
async function removeForSure(c: Docker.Container): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      await c.remove({ force: true, v: true });
    } catch (err) {
      if (apiStatus(err) === 404) return;
    }
    try {
      await c.inspect();
    } catch (err) {
      if (apiStatus(err) === 404) return;
    }
    await sleep(100);
  }
}

const fmt = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/** Run the test on an image or a container (id or name). Never throws. */
export async function runStopTest(
  docker: Docker,
  ref: string,
  options: StopTestOptions,
): Promise<StopTestOutcome> {
  const { signal } = options;
  let created: Docker.Container | undefined;
  // On cancel, remove the copy at once: that also ends a stop that is waiting out its timeout.
  const onAbort = () => void created?.remove({ force: true, v: true }).catch(() => undefined);
  signal?.addEventListener('abort', onAbort);
  const cancelled = (): StopTestOutcome => ({
    kind: 'cancelled',
    message: 'Cancelled; the throwaway container was removed.',
  });
  try {
    options.onStep?.('sweep');
    await sweepStopTestLeftovers(docker);

    options.onStep?.('resolve');
    let kind: 'image' | 'container' = 'container';
    let create: Docker.ContainerCreateOptions;
    let imageName: string;
    // undefined: the daemon's default (daemon.json "init"), as for the original.
    let init: boolean | undefined;
    try {
      const info = await docker.getContainer(ref).inspect();
      const cfg = info.Config as Docker.ContainerInspectInfo['Config'] & { StopSignal?: string };
      imageName = cfg.Image;
      init = (info.HostConfig as { Init?: boolean | null }).Init ?? undefined;
      create = {
        Image: info.Image, // the exact image the container runs, even if the tag moved
        Entrypoint: (cfg.Entrypoint as string[] | undefined) ?? undefined,
        Cmd: cfg.Cmd ?? undefined,
        Env: cfg.Env ?? undefined,
        StopSignal: cfg.StopSignal,
        User: cfg.User || undefined,
        WorkingDir: cfg.WorkingDir || undefined,
      } as Docker.ContainerCreateOptions;
    } catch (err) {
      // Not a container: a 404, or a reference no container name can be (an image name).
      if (apiStatus(err) !== 404 && !invalidReference(err)) throw err;
      kind = 'image';
      try {
        await docker.getImage(ref).inspect();
      } catch (imgErr) {
        if (invalidReference(imgErr))
          return { kind: 'not-found', message: (imgErr as Error).message };
        if (apiStatus(imgErr) === 404)
          return {
            kind: 'not-found',
            message: `No container or local image named '${ref}' (the stop test does not pull images).`,
          };
        throw imgErr;
      }
      imageName = ref;
      create = { Image: ref };
    }
    if (signal?.aborted) return cancelled();

    options.onStep?.('create');
    created = await docker.createContainer({
      ...create,
      Labels: {
        [STOP_TEST_LABEL]: '1',
        [STOP_TEST_OWNER_LABEL]: `${process.pid}@${hostname()}`,
      },
      HostConfig: {
        ...(init === undefined ? {} : { Init: init }),
        // No network: a copy of a service must not talk to its real databases or queues.
        NetworkMode: 'none',
      },
    });
    const info0 = await created.inspect();
    const cfg0 = info0.Config as Docker.ContainerInspectInfo['Config'] & {
      StopSignal?: string;
      Healthcheck?: { Test?: string[] };
    };
    // Podman reports the number ("15"): shown by name, as Docker reports it.
    const givenSignal = cfg0.StopSignal || 'SIGTERM';
    const stopSignal = /^\d+$/.test(givenSignal) ? signalName(Number(givenSignal)) : givenSignal;
    const config: StopTestResult['config'] = {
      entrypoint: (cfg0.Entrypoint as string[] | null) ?? null,
      cmd: cfg0.Cmd ?? null,
      stopSignal,
      user: cfg0.User ?? '',
      workingDir: cfg0.WorkingDir ?? '',
      init: (info0.HostConfig as { Init?: boolean | null }).Init === true,
      envNames: (cfg0.Env ?? []).map((kv) => kv.split('=')[0]),
    };
    const base = {
      source: { kind, ref, image: imageName },
      config,
      timeoutSeconds: options.timeoutSeconds,
    };
    try {
      await created.start();
    } catch (err) {
      return {
        kind: 'ok',
        result: {
          ...base,
          pid1: null,
          stopMs: null,
          exitCode: (await created.inspect()).State.ExitCode,
          verdict: 'never-started',
          summary: `It never started: ${errorText(err)}`,
          signalsSent: [],
          logTail: [],
        },
      };
    }
    if (signal?.aborted) return cancelled();

    options.onStep?.('wait-up');
    const hasHealthcheck =
      (cfg0.Healthcheck?.Test?.length ?? 0) > 0 && cfg0.Healthcheck?.Test?.[0] !== 'NONE';
    const settleMs = options.settleMs ?? 1000;
    const deadline = Date.now() + (hasHealthcheck ? (options.upTimeoutMs ?? 60_000) : settleMs);
    let state = (await created.inspect()).State as Docker.ContainerInspectInfo['State'] & {
      Health?: { Status?: string };
    };
    while (Date.now() < deadline && state.Running && !signal?.aborted) {
      if (hasHealthcheck && state.Health?.Status === 'healthy') break;
      await sleep(100, signal);
      state = (await created.inspect()).State;
    }
    if (signal?.aborted) return cancelled();
    if (!state.Running) {
      return {
        kind: 'ok',
        result: {
          ...base,
          pid1: null,
          stopMs: null,
          exitCode: state.ExitCode,
          verdict: 'exited-early',
          summary: `It exited by itself with ${state.ExitCode} before the stop (without the original's network, volumes and ports it may not start); nothing to time.`,
          signalsSent: [],
          logTail: await logTail(created),
        },
      };
    }
    const stopNumber = stopSignalNumber(stopSignal);
    const host = options.local ? (readHostPid1(state.Pid, stopNumber ?? 15) ?? null) : null;
    const facts = { image: info0.Config.Image, stopSignal, workdir: info0.Config.WorkingDir };
    // The model's prediction, from the same facts the explorer and `ps` judge by.
    const withInit = (info0.HostConfig as { Init?: boolean | null }).Init === true;
    const judged = await options.judge(
      host
        ? { argv: host.argv, init: withInit, facts, signals: host.signals }
        : { argv: [info0.Path, ...(info0.Args ?? [])], init: withInit, facts },
    );
    const pid1 = {
      argv: host?.argv ?? [info0.Path, ...(info0.Args ?? [])],
      source: host ? ('host-proc' as const) : ('config' as const),
      catchesStopSignal: host && stopNumber !== undefined ? takesSignal(host.signals) : null,
      prediction: judged.verdict,
    };

    options.onStep?.('stop');
    const stopStartedAt = Date.now();
    const t0 = performance.now();
    try {
      await created.stop({ t: options.timeoutSeconds });
    } catch (err) {
      if (apiStatus(err) !== 304) throw err; // 304: it had exited meanwhile
    }
    const stopMs = performance.now() - t0;
    if (signal?.aborted) return cancelled();
    const after = await created.inspect();
    const signalsSent = await killSignals(docker, created.id, stopStartedAt - 1000, Date.now());
    const sigkilled =
      signalsSent.includes(9) ||
      (after.State.ExitCode === 137 && stopMs >= options.timeoutSeconds * 1000 - 50);
    const who = pid1.argv.join(' ');
    const summary = sigkilled
      ? `PID 1 (${who}) ignored ${stopSignal}: SIGKILLed after the ${options.timeoutSeconds} s grace period (exit ${after.State.ExitCode}).`
      : `${stopSignal} honoured in ${fmt(stopMs)}: PID 1 (${who}) exited with ${after.State.ExitCode}.`;
    return {
      kind: 'ok',
      result: {
        ...base,
        pid1,
        stopMs: Math.round(stopMs),
        exitCode: after.State.ExitCode,
        verdict: sigkilled ? 'killed' : 'graceful',
        summary,
        signalsSent,
        logTail: [],
      },
    };
  } catch (err) {
    if (signal?.aborted) return cancelled();
    return { kind: 'failed', message: errorText(err) };
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (created) {
      options.onStep?.('cleanup');
      await removeForSure(created);
    }
  }
}

/** The result as plain text (CLI output, the extension's details document). */
export function stopTestText(r: StopTestResult): string {
  const lines = [
    `${r.source.kind} ${r.source.ref}${r.source.kind === 'container' ? ` (image ${r.source.image})` : ''}`,
    `verdict: ${r.verdict}`,
    r.summary,
    '',
    `PID 1:        ${r.pid1 ? `${r.pid1.argv.join(' ')}  [${r.pid1.source}]` : '(not running)'}`,
  ];
  if (r.pid1?.catchesStopSignal !== null && r.pid1?.catchesStopSignal !== undefined)
    lines.push(
      `catches ${r.config.stopSignal}: ${r.pid1.catchesStopSignal ? 'yes' : 'no (no handler: the kernel drops it for PID 1)'}`,
    );
  lines.push(
    `stop signal:  ${r.config.stopSignal}, timeout ${r.timeoutSeconds} s${r.config.init ? ', --init' : ''}`,
  );
  if (r.stopMs !== null) lines.push(`time to exit: ${r.stopMs} ms`);
  if (r.exitCode !== null) lines.push(`exit code:    ${r.exitCode}`);
  if (r.signalsSent.length) lines.push(`signals sent: ${r.signalsSent.join(', ')}`);
  if (r.logTail.length) lines.push('', 'last log lines:', ...r.logTail.map((l) => `  ${l}`));
  return lines.join('\n') + '\n';
}
