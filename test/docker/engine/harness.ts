// Helpers for the real-image tests of the Dockerfile engine: analyse an in-memory app
// (Dockerfile + context files) with analyzeFile(), build and run it on the lab's images,
// and measure what the container really did (PID 1 from the host's /proc, docker stop time,
// exit code, zombies), so each test can hold the engine's verdict against the container.
import type Docker from 'dockerode';
import assert from 'node:assert/strict';
import { analyzeFile } from '../../../src/analysis/index';
import type {
  BuildContext,
  FileAnalysis,
  Finding,
  Fix,
  RuntimeVerdict,
  TextEdit,
} from '../../../src/analysis/types';
import type { TestContext } from 'node:test';
import {
  buildImage,
  busyboxImage,
  containerLogs,
  debianImage,
  labDocker,
  requireDocker,
  containerProcesses,
  pid1Argv,
  runContainer,
  timedStop,
  waitFor,
  type HostProcess,
} from '../lab';

/** The app's context lives here for the engine (paths in findings and edits point into it). */
export const APP_ROOT = '/lab-app';
/** Grace period for every stop in this suite (seconds). */
export const STOP_TIMEOUT = 3;
/**
 * A stop that counts as prompt: well under the grace period. Measured here 0.1–0.5 s; the
 * margin is for a machine loaded by other suites sharing the daemon.
 */
export const PROMPT_MS = 1500;

export type AppFiles = Record<string, string>;

export function contextOf(files: AppFiles): BuildContext {
  return {
    readFile: (p) => files[p.replace(/^\.?\//, '')],
    pathOf: (p) => `${APP_ROOT}/${p.replace(/^\.?\//, '')}`,
  };
}

export function analyse(files: AppFiles, dockerfile = 'Dockerfile'): FileAnalysis {
  return analyzeFile(`${APP_ROOT}/${dockerfile}`, files[dockerfile], contextOf(files));
}

export function verdictOf(files: AppFiles): RuntimeVerdict {
  const a = analyse(files);
  assert.ok(a.runtime, `engine gave no runtime verdict for:\n${files['Dockerfile']}`);
  return a.runtime;
}

export function rulesOf(a: FileAnalysis): string[] {
  return [...new Set(a.findings.map((f) => f.rule))].sort();
}

export function findingOf(a: FileAnalysis, rule: string): Finding {
  const f = a.findings.find((x) => x.rule === rule);
  assert.ok(
    f,
    `expected a ${rule} finding; got ${JSON.stringify(a.findings.map((x) => x.rule))} for:\n` +
      `${a.path}\nverdict: ${JSON.stringify(a.runtime)}`,
  );
  return f;
}

function offsetAt(text: string, line: number, character: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(offset + character, text.length);
}

/** Apply one fix's edits (to the Dockerfile and any context file they name) and return new files. */
export function applyFix(files: AppFiles, fix: Fix): AppFiles {
  const out: AppFiles = { ...files };
  const byFile = new Map<string, TextEdit[]>();
  for (const e of fix.edits) {
    assert.ok(e.path.startsWith(`${APP_ROOT}/`), `edit outside the app: ${e.path}`);
    const rel = e.path.slice(APP_ROOT.length + 1);
    byFile.set(rel, [...(byFile.get(rel) ?? []), e]);
  }
  for (const [rel, edits] of byFile) {
    const before = out[rel] ?? '';
    const sorted = edits
      .map((e) => ({
        start: offsetAt(before, e.range.start.line, e.range.start.character),
        end: offsetAt(before, e.range.end.line, e.range.end.character),
        text: e.newText,
      }))
      .sort((a, b) => b.start - a.start || b.end - a.end);
    let text = before;
    for (const e of sorted) text = text.slice(0, e.start) + e.text + text.slice(e.end);
    out[rel] = text;
  }
  return out;
}

/** The fix of `rule` (the preferred one, else the first) applied; asserts there is one. */
export function fixed(files: AppFiles, rule: string, pick?: (f: Fix) => boolean): AppFiles {
  const finding = findingOf(analyse(files), rule);
  const fix =
    finding.fixes.find((f) => (pick ? pick(f) : f.preferred)) ??
    (pick ? undefined : finding.fixes[0]);
  assert.ok(fix, `${rule} offers no fix${pick ? ' of that kind' : ''}: ${JSON.stringify(finding)}`);
  const after = applyFix(files, fix);
  assert.notEqual(
    after['Dockerfile'] + JSON.stringify(after),
    JSON.stringify(files),
    'fix changed nothing',
  );
  return after;
}

export interface Measured {
  pid1: string[];
  processes: HostProcess[];
  stop: { ms: number; exitCode: number; oomKilled: boolean };
  logs: string;
  /** docker stop ended it before the grace period with a non-KILL exit. */
  graceful: boolean;
}

export interface RunOptions {
  /** Extra create options (memory limit, env, init). */
  create?: Partial<Docker.ContainerCreateOptions>;
  /** Text the app prints once its signal handlers are installed; waited for before measuring. */
  readyText?: string;
  /** Extra wait after ready, in ms (for orphans to appear). */
  settleMs?: number;
  /** Extra checks on the running container, before it is stopped. */
  inspect?: (c: Docker.Container) => Promise<void>;
}

/** The connection to the daemon broke (not an answer from it). */
function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    ['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ENOENT'].includes(e.code ?? '') ||
    /socket hang up/.test(e.message ?? '')
  );
}

/**
 * Other suites on this machine restart the shared daemon on purpose (their tests of a
 * daemon crash); a run cut by that is repeated once after the daemon answers again.
 * Only a broken connection is retried, never a wrong result.
 */
async function retryOnDaemonRestart<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!isConnectionError(err)) throw err;
    await waitFor(() => labDocker().ping(), { timeoutMs: 60_000, intervalMs: 500 });
    return run();
  }
}

/** Build the app's image from its files through the Engine API (cached by content). */
export function buildApp(files: AppFiles): Promise<string> {
  return buildImage(files);
}

/** Build, run, wait until ready, read PID 1 and the process tree, then docker stop -t 3, timed. */
export function runApp(files: AppFiles, opts: RunOptions = {}): Promise<Measured> {
  return retryOnDaemonRestart(() => runAppOnce(files, opts));
}

/**
 * The logs once they stop growing: right after a container exits, the engine's log copier
 * can still be writing its last lines (seen: uvicorn's "Shutting down" missing from a read
 * made just after a 0.5 s graceful stop). Two equal reads 200 ms apart, at most 3 s.
 */
async function settledLogs(c: Docker.Container): Promise<string> {
  let logs = await containerLogs(c);
  for (const deadline = Date.now() + 3000; Date.now() < deadline;) {
    await new Promise((r) => setTimeout(r, 200));
    const again = await containerLogs(c);
    if (again === logs) break;
    logs = again;
  }
  return logs;
}

async function runAppOnce(files: AppFiles, opts: RunOptions): Promise<Measured> {
  const image = await buildApp(files);
  const c = await runContainer({ Image: image, ...(opts.create ?? {}) });
  try {
    const readyText = opts.readyText ?? 'READY';
    await waitFor(async () => (await containerLogs(c)).includes(readyText), {
      timeoutMs: 20_000,
    }).catch(async (err: Error) => {
      const info = await c.inspect();
      throw new Error(
        `${err.message}: "${readyText}" never appeared (state ${info.State.Status}, exit ${info.State.ExitCode})\n` +
          `logs:\n${await containerLogs(c)}\nDockerfile:\n${files['Dockerfile']}`,
      );
    });
    if (opts.settleMs) await new Promise((r) => setTimeout(r, opts.settleMs));
    if (opts.inspect) await opts.inspect(c);
    const pid1 = await pid1Argv(c);
    const processes = await containerProcesses(c);
    const stop = await timedStop(c, STOP_TIMEOUT);
    const logs = await settledLogs(c);
    const graceful = stop.exitCode !== 137 && stop.ms < STOP_TIMEOUT * 1000 - 500;
    return { pid1, processes, stop, logs, graceful };
  } finally {
    await c.remove({ force: true }).catch(() => undefined);
  }
}

/**
 * Run until the container exits by itself (or timeoutMs); returns its exit code, run time,
 * logs, and every process seen while it ran (as first seen alive, with its argv).
 */
export function runToExit(
  files: AppFiles,
  timeoutMs: number,
): Promise<{ exitCode: number | null; ms: number; logs: string; processes: HostProcess[] }> {
  return retryOnDaemonRestart(() => runToExitOnce(files, timeoutMs));
}

async function runToExitOnce(
  files: AppFiles,
  timeoutMs: number,
): Promise<{ exitCode: number | null; ms: number; logs: string; processes: HostProcess[] }> {
  const image = await buildApp(files);
  const t0 = performance.now();
  const c = await runContainer({ Image: image });
  // Keyed by pid and argv: a forked shell that then execs (`java … &` in bash) keeps its pid,
  // and both what it was and what it became are seen.
  const seen = new Map<string, HostProcess>();
  try {
    const exitCode = await waitFor(
      async () => {
        const info = await c.inspect();
        if (info.State.Running) {
          for (const p of await containerProcesses(c).catch(() => []))
            if (p.argv.length) seen.set(`${p.pid} ${p.argv.join('\0')}`, p);
          return undefined;
        }
        return { code: info.State.ExitCode };
      },
      { timeoutMs, intervalMs: 100 },
    )
      .then((r) => r.code)
      .catch(() => null);
    const processes = [...seen.values()];
    return { exitCode, ms: performance.now() - t0, logs: await containerLogs(c), processes };
  } finally {
    await c.remove({ force: true }).catch(() => undefined);
  }
}

const shells = new Set(['sh', 'dash', 'bash', 'ash']);

function basename(p: string): string {
  return p.split('/').pop() ?? p;
}

/**
 * The program a process runs, as a user names it: the script for an interpreter running a
 * script (`/bin/sh /app/run.sh` → run.sh), otherwise argv[0]'s basename.
 */
export function programName(argv: string[]): string {
  // A program that rewrote its title (npm shows "npm start") has one argv string.
  if (argv.length === 1 && argv[0].includes(' ')) return programName(argv[0].split(' '));
  const first = basename(argv[0] ?? '');
  if (shells.has(first) && argv[1] && !argv[1].startsWith('-')) return basename(argv[1]);
  return first;
}

export function isShell(argv: string[]): boolean {
  return shells.has(basename(argv[0] ?? '')) && (argv[1] === '-c' || argv.length === 1);
}

/** Normalise the engine's program name the same way (`/usr/bin/python3` → python3). */
export function verdictProgram(v: RuntimeVerdict): string | null {
  if (!v.pid1) return null;
  const argv = v.pid1.argv.length ? v.pid1.argv : [v.pid1.program];
  const byArgv = programName(argv);
  return byArgv || basename(v.pid1.program);
}

/** The names of the app's processes: PID 1 and, behind an init, its child. */
export function runningPrograms(m: Measured): string[] {
  return m.processes.map((p) => programName(p.argv));
}

/** Assert the engine's verdict says what the container did: PID 1, via shell, graceful stop. */
export function assertVerdictMatches(v: RuntimeVerdict, m: Measured, what: string): void {
  const context = `${what}\nverdict: ${JSON.stringify(v)}\nmeasured PID 1: ${JSON.stringify(m.pid1)}, stop ${Math.round(m.stop.ms)} ms exit ${m.stop.exitCode}`;
  assert.ok(v.pid1, `engine does not know PID 1 — ${context}`);
  const measuredProgram = programName(m.pid1);
  const claimed = verdictProgram(v);
  assert.equal(claimed, measuredProgram, `PID 1 program — ${context}`);
  if (isShell(m.pid1)) assert.equal(v.viaShell, true, `a shell is PID 1 — ${context}`);
  assert.equal(v.gracefulStop, m.graceful, `gracefulStop — ${context}`);
}

/** Zombies among the container's processes (State Z on the host). */
export function zombies(m: Measured): HostProcess[] {
  return m.processes.filter((p) => p.state === 'Z');
}

export interface LabBases {
  busybox: string;
  debian: string;
}

/**
 * The lab image under the official image's repository name (`debian:bookworm-cdoclab-…`,
 * `busybox:1.35-cdoclab-…`). The engine knows a base image by its name: under
 * `cdoc-lab/…` it cannot know the inherited CMD/ENTRYPOINT (nor, for busybox, the shell),
 * and says so. The lab images are built with the official images' config (no ENTRYPOINT,
 * CMD ["bash"] / CMD ["sh"], the same /bin/sh), so the official name tells the truth.
 */
async function asOfficial(labTag: string, repo: string, tagPrefix: string): Promise<string> {
  const version = labTag.slice(labTag.lastIndexOf('-') + 1);
  const tag = `${tagPrefix}-cdoclab-${version}`;
  const d = labDocker();
  const info = await d.getImage(labTag).inspect();
  const existing = await d
    .getImage(`${repo}:${tag}`)
    .inspect()
    .catch(() => undefined);
  if (existing?.Id !== info.Id) await d.getImage(labTag).tag({ repo, tag });
  return `${repo}:${tag}`;
}

/** The lab's base images, or undefined when the test was skipped (no Docker, not in CI). */
export async function labBases(t: TestContext): Promise<LabBases | undefined> {
  if (!(await requireDocker(t))) return undefined;
  return {
    busybox: await asOfficial(await busyboxImage(), 'busybox', '1.35'),
    debian: await asOfficial(await debianImage(), 'debian', 'bookworm'),
  };
}

/** Rules at warning or error severity in `after` that were not reported in `before`. */
export function newWarnings(before: FileAnalysis, after: FileAnalysis): string[] {
  const had = new Set(before.findings.map((f) => f.rule));
  return after.findings
    .filter((f) => (f.severity === 'warning' || f.severity === 'error') && !had.has(f.rule))
    .map((f) => `${f.rule}: ${f.message}`);
}

/**
 * A fix may add a builder stage from a registry image (a static tini from
 * `debian:bookworm-slim`); no registry is reachable here, so such stages build from the
 * lab's Debian image, which has the same packages.
 */
export function offline(files: AppFiles, bases: LabBases): AppFiles {
  const Dockerfile = files['Dockerfile'].replace(
    /^FROM debian:(bookworm|bookworm-slim|12|12-slim|stable-slim)(\s)/gm,
    `FROM ${bases.debian}$2`,
  );
  return { ...files, Dockerfile };
}
