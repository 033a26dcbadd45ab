// PID 1 judged by the Dockerfile engine (src/analysis) when the Dockerfile that built
// a container's image is in the workspace. The runtime layer cannot import analysis, so
// the two meet here, in the adapter. The verdict is used only when the container runs
// what the Dockerfile says (same argv, no --init): a `docker run IMAGE other-command`
// or a compose `command:` makes the Dockerfile irrelevant to this container.
import { readFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { join, relative, resolve, isAbsolute } from 'node:path';
import { analyzeFile, type BuildContext, type RuntimeVerdict } from '../../analysis';
import {
  configuredArgv,
  findDockerfileCandidates,
  type ContainerView,
  type DockerfileCandidate,
  type Pid1Judgement,
  type Verdict,
} from '../../runtime/containers';

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function contextOn(dir: string): BuildContext {
  const inside = (p: string): string | undefined => {
    const absolute = resolve(dir, p.replace(/^\/+/, ''));
    const rel = relative(dir, absolute);
    return rel.startsWith('..') || isAbsolute(rel) ? undefined : absolute;
  };
  return {
    readFile: (p) => {
      const a = inside(p);
      return a ? readText(a) : undefined;
    },
    pathOf: (p) => join(dir, p),
  };
}

const verdict = (v: boolean | null): Verdict => (v === null ? 'unknown' : v ? 'yes' : 'no');

/** The workspace Dockerfile of a container, when one is found. */
export function workspaceDockerfile(
  view: ContainerView,
  workspaceFolders: readonly string[],
): DockerfileCandidate | undefined {
  const inWorkspace = (p: string): boolean =>
    workspaceFolders.some((f) => p === f || p.startsWith(`${f}/`));
  return findDockerfileCandidates(view.labels, {
    readText,
    exists: (p) => existsSync(p),
    workspaceFolders: [...workspaceFolders],
  }).find((c) => inWorkspace(c.path));
}

export function judgementFromVerdict(
  runtime: RuntimeVerdict,
  candidate: DockerfileCandidate,
): Pid1Judgement | undefined {
  if (!runtime.pid1) return undefined;
  return {
    argv: runtime.pid1.argv,
    program: runtime.pid1.program,
    handlesSigterm: verdict(runtime.gracefulStop),
    reaps: verdict(runtime.reapsZombies),
    reason: runtime.reasons.join(' '),
    basis: 'dockerfile',
    sigtermEvidence: `the Dockerfile engine on ${candidate.path}: ${runtime.reasons.join(' ')}`,
  };
}

/**
 * Does the container run the command whose PID 1 the engine judged? The verdict's argv
 * is the effective PID 1: the configured argv itself, its tail after an entrypoint
 * script that execs "$@", or the command a `sh -c` replaced itself with.
 */
export function commandMatches(
  configured: readonly string[],
  pid1Argv: readonly string[],
): boolean {
  if (configured.length === 0 || pid1Argv.length === 0) return false;
  const same = (a: readonly string[], b: readonly string[]): boolean =>
    a.length === b.length && a.every((x, i) => x === b[i]);
  if (same(configured, pid1Argv)) return true;
  if (configured.length > pid1Argv.length && same(configured.slice(-pid1Argv.length), pid1Argv))
    return true;
  const c = configured.indexOf('-c');
  return c >= 0 && c === configured.length - 2 && configured[c + 1].trim() === pid1Argv.join(' ');
}

/** Dockerfile-engine judgement for a container, or undefined when it does not apply. */
export function judgePid1FromWorkspaceDockerfile(
  view: ContainerView,
  workspaceFolders: readonly string[],
): Pid1Judgement | undefined {
  if (view.init || workspaceFolders.length === 0) return undefined;
  const candidate = workspaceDockerfile(view, workspaceFolders);
  if (!candidate) return undefined;
  const text = readText(candidate.path);
  if (text === undefined) return undefined;
  const analysis = analyzeFile(candidate.path, text, contextOn(candidate.contextDir));
  const runtime = analysis.runtime;
  if (!runtime?.pid1) return undefined;
  const runs = configuredArgv({ Entrypoint: view.entrypoint, Cmd: view.cmd });
  if (!commandMatches(runs, runtime.pid1.argv)) return undefined;
  return judgementFromVerdict(runtime, candidate);
}
